"""Evidence text as people read it: the one place a statement's text is tidied for display.

The stored text is the exact span of the article (its offsets must stay true),
so the pages, the feed and the API clean it when they show it, here and only
here: page furniture run into a quote (picture captions and credits, bylines,
"Advertisement") comes out, stray doubled full stops go, spacing is
normalised, and straight double quotes become curly ones, balanced.
"""
from __future__ import annotations

import functools
import re

# Picture captions and credits, bylines and ad slots that page layouts leave inside a sentence.
# A credit is one word ("Wire", "AGENCY/First Last" is handled below) or "X via Y"; a following
# capitalised word may be the sentence itself, so no more is taken.
CREDIT = r"[A-Z][\w&.'/-]*(?:\s+via\s+[A-Z][\w&.'/-]*)?"
NAME = r"[A-Z][\w.'-]*(?:\s[A-Z][\w.'-]*)?"
FURNITURE = re.compile("|".join([
    # "FILE PHOTO:" markers and wire credits like "AGENCY/First Last"
    r"\b(?:FILE\s+)?PHOTO\s*:\s*",
    r"\b[A-Z]{2,}/[A-Z][a-z]+(?:\s[A-Z][a-z]+)?(?=\s|$)",
    # "Photo: Wire | Image: staff", "Picture credit: Some Agency"
    rf"(?i:\b(?:Image|Photo|Picture|Photograph|Video|Credit)s?(?:\s+credit)?\s*:\s*{CREDIT}"
    rf"(?:\s*\|\s*(?:Image|Photo|Picture|Photograph|Video|Credit)s?\s*:\s*{CREDIT})*)",
    r"\b(?:[A-Z]{2,}\s+via\s+)?Getty Images\b",
    # "Reported by: First Last", "Written by: First Last |"
    rf"\b(?:Reported|Written|Edited)\s+by\s*:\s*{NAME}\s*\|?",
    r"(?:^|(?<=\s))Advertisement(?=\s|$)",
    r"(?i:\((?:Photo|Image|Picture)[^)]*\))",
]))
OPENING_CONTEXT = "\t\n\r\x0b\x0c ([{—–-"
STRAIGHT = re.compile('"')
QUOTE_MARKS = re.compile("[“”«»]")
# Cheap tests first: most statements have none of these, and the patterns are then not run at all.
FURNITURE_HINTS = ("image", "photo", "picture", "video", "credit", "getty", "reported by", "written by",
                   "edited by", "advertisement", "/")


@functools.lru_cache(maxsize=4096)
def evidence_text(text: str) -> str:
    """A statement's text cleaned for reading (never stored: offsets point into the article).

    A page of a hundred statements is read on every API request: each step runs
    only when a substring test says it has something to do, and results are cached.
    """
    if not text:
        return ""
    cleaned = text
    lowered = text.lower()
    if any(hint in lowered for hint in FURNITURE_HINTS):
        cleaned = FURNITURE.sub(" ", cleaned)
    if "  " in cleaned or "\n" in cleaned or "\t" in cleaned or "\r" in cleaned or "\xa0" in cleaned:
        cleaned = re.sub(r"\s+", " ", cleaned)
    cleaned = cleaned.strip(" |")
    if any(f" {mark}" in cleaned for mark in ",;:!?"):
        cleaned = re.sub(r"\s+([,;:!?])", r"\1", cleaned)
    if " ." in cleaned:
        cleaned = re.sub(r"([.!?])(?:\s+\.)+(?!\.)", r"\1", cleaned)  # "the border. ." -> "the border." (not an ellipsis)
        cleaned = re.sub(r"\s+([.](?:[”\"’]|$))", r"\1", cleaned)
    if ".." in cleaned:
        cleaned = re.sub(r"(?<![.])\.\.(?![.])", ".", cleaned)  # a doubled full stop, not "..."
    if '"' in cleaned or QUOTE_MARKS.search(cleaned):
        cleaned = balance_quotes(cleaned)
    return cleaned or text.strip()


def balance_quotes(text: str) -> str:
    """Straight double quotes made curly by their place, then every opening matched by a closing.

    A quote left open (it goes on in the next sentence) is closed at the end; a
    closing mark with no opening (the quote began before) gets one at the start.
    """
    curly = STRAIGHT.sub(lambda m: "“" if m.start() == 0 or text[m.start() - 1] in OPENING_CONTEXT else "”", text)
    curly = curly.replace("«", "“").replace("»", "”")
    depth, missing_open = 0, 0
    for ch in QUOTE_MARKS.findall(curly):
        if ch == "“":
            depth += 1
        elif ch == "”":
            if depth:
                depth -= 1
            else:
                missing_open += 1
    return "“" * missing_open + curly + "”" * depth

