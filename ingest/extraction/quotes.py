"""Where direct quotes are in a paragraph.

Double quotes (straight or curly) and curly single quotes that open at a word
start. A quote left open at the end of a paragraph runs to its end: in news
style a quote continued in the next paragraph is not closed.
"""
from __future__ import annotations

import re

_OPEN = "\u201c\u201e\u00ab"
_CLOSE = "\u201d\u00bb"
_MARKS = re.compile('["\u201c\u201d\u201e\u00ab\u00bb]')
_SINGLE_OPEN = re.compile(r"(?:(?<=^)|(?<=[\s(\[\u2014-]))\u2018")
_SINGLE_CLOSE = re.compile(r"\u2019(?=[\s.,;:!?)\u2014-]|$)")


def spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each quoted passage, quote marks included, offsets in `text`."""
    found: list[tuple[int, int]] = []
    opened = None
    for m in _MARKS.finditer(text):
        i, ch = m.start(), m.group()
        if ch in _OPEN or (ch == '"' and opened is None):
            if opened is None:
                opened = i
        elif ch in _CLOSE or ch == '"':
            if opened is not None:
                found.append((opened, i + 1))
                opened = None
    if opened is not None:
        found.append((opened, len(text)))
    for m in _SINGLE_OPEN.finditer(text):
        if any(a <= m.start() < b for a, b in found):
            continue
        close = _SINGLE_CLOSE.search(text, m.end())
        end = close.end() if close else len(text)
        if end - m.start() < 400:
            found.append((m.start(), end))
    return sorted(found)


def outside_text(text: str, quote_spans: list[tuple[int, int]]) -> str:
    """The text with quoted passages blanked (same length, so offsets hold)."""
    chars = list(text)
    for a, b in quote_spans:
        for i in range(a, min(b, len(chars))):
            chars[i] = " "
    return "".join(chars)


def quoted_words(text: str, quote_spans: list[tuple[int, int]]) -> int:
    return sum(len(text[a:b].split()) for a, b in quote_spans)
