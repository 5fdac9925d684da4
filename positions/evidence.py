"""Evidence text as people read it: the one place a statement's text is tidied for display.

The stored text is the exact span of the article (its offsets must stay true),
so the pages, the feed and the API clean it when they show it, here and only
here: page furniture run into a quote (picture captions and credits, bylines,
"Advertisement") comes out, stray doubled full stops go, spacing is
normalised, and straight double quotes become curly ones, balanced.
"""
from __future__ import annotations

import re

# Picture captions and credits, bylines and ad slots that page layouts leave inside a sentence.
# A credit is one word ("Wire", "AGENCY/First Last" is handled below) or "X via Y"; a following
# capitalised word may be the sentence itself, so no more is taken.
CREDIT = r"[A-Z][\w&.'/-]*(?:\s+via\s+[A-Z][\w&.'/-]*)?"
NAME = r"[A-Z][\w.'-]*(?:\s[A-Z][\w.'-]*)?"
FURNITURE = [
    # "FILE PHOTO:" markers and wire credits like "AGENCY/First Last"
    re.compile(r"\b(?:FILE\s+)?PHOTO\s*:\s*"),
    re.compile(r"\b[A-Z]{2,}/[A-Z][a-z]+(?:\s[A-Z][a-z]+)?(?=\s|$)"),
    # "Photo: Wire | Image: staff", "Picture credit: Some Agency"
    re.compile(rf"\b(?:Image|Photo|Picture|Photograph|Video|Credit)s?(?:\s+credit)?\s*:\s*{CREDIT}"
               rf"(?:\s*\|\s*(?:Image|Photo|Picture|Photograph|Video|Credit)s?\s*:\s*{CREDIT})*", re.IGNORECASE),
    re.compile(r"\b(?:[A-Z]{2,}\s+via\s+)?Getty Images\b"),
    # "Reported by: First Last", "Written by First Last |"
    re.compile(rf"\b(?:Reported|Written|Edited)\s+by\s*:\s*{NAME}\s*\|?"),
    re.compile(r"(?:^|(?<=\s))Advertisement(?=\s|$)"),
    re.compile(r"\((?:Photo|Image|Picture)[^)]*\)", re.IGNORECASE),
]
OPENING_CONTEXT = re.compile(r"[\s(\[{—–-]")


def evidence_text(text: str) -> str:
    """A statement's text cleaned for reading (never stored: offsets point into the article)."""
    if not text:
        return ""
    cleaned = text
    for pattern in FURNITURE:
        cleaned = pattern.sub(" ", cleaned)
    cleaned = re.sub(r"\s+", " ", cleaned).strip(" |")
    cleaned = re.sub(r"\s+([,;:!?])", r"\1", cleaned)
    cleaned = re.sub(r"([.!?])(?:\s+\.)+(?!\.)", r"\1", cleaned)  # "Ukraine. ." -> "Ukraine." (not an ellipsis)
    cleaned = re.sub(r"(?<![.])\.\.(?![.])", ".", cleaned)  # a doubled full stop, not "..."
    cleaned = re.sub(r"\s+([.](?:[”\"’]|$))", r"\1", cleaned)
    return balance_quotes(cleaned) or text.strip()


def balance_quotes(text: str) -> str:
    """Straight double quotes made curly by their place, then every opening matched by a closing.

    A quote left open (it goes on in the next sentence) is closed at the end; a
    closing mark with no opening (the quote began before) gets one at the start.
    """
    chars = list(text)
    for i, ch in enumerate(chars):
        if ch == '"':
            opening = i == 0 or bool(OPENING_CONTEXT.fullmatch(chars[i - 1]))
            chars[i] = "“" if opening else "”"
    curly = "".join(chars).replace("«", "“").replace("»", "”")
    depth, missing_open = 0, 0
    for ch in curly:
        if ch == "“":
            depth += 1
        elif ch == "”":
            if depth:
                depth -= 1
            else:
                missing_open += 1
    return "“" * missing_open + curly + "”" * depth

