"""HTML or plain text to clean article text: one paragraph per block, a blank line between them.

Page furniture — "Advertisement", share and subscribe lines, bylines and time
stamps, "Related materials" lists, "Previous Story / Next Story" navigation,
reader comments — must not reach extraction, and it comes in plain text as
much as in HTML. `drop_furniture` recognises it by the shape of a line (short,
made of well-known furniture words) and by the headings that open a block of
links or the end of the article, never by one site's wording.
"""
from __future__ import annotations

import datetime as dt
import re
import statistics
from dataclasses import dataclass

import trafilatura

from .extraction.lexicon import EN


@dataclass
class Page:
    text: str
    title: str = ""
    outlet: str = ""
    published: dt.date | None = None


def clean(raw: str, *, is_html: bool, url: str = "") -> Page:
    if is_html:
        return html_to_page(raw, url=url)
    paragraphs = drop_furniture(text_paragraphs(raw))
    return Page(text=join_paragraphs(paragraphs), title=headline(paragraphs))


def headline(paragraphs: list[str]) -> str:
    """A text's headline: its first line when that reads like one (short, no full stop, more text after).

    Texts pushed without a title mostly open with their headline; without one the
    article would be listed by its address.
    """
    if len(paragraphs) < 2:
        return ""
    first = paragraphs[0].strip()
    words = len(first.split())
    if not 3 <= words <= 25 or len(first) > 200 or re.search(r"""[.…:;,]["'”’)\]]*$""", first):
        return ""
    if sum(ch.isalpha() for ch in first) < 0.6 * len(first):
        return ""  # mostly figures: a date or a time stamp that furniture filtering let through
    return first[:500]


# --- HTML ---------------------------------------------------------------------------------------

BLOCKS = {"p", "head", "quote", "item", "cell"}


def html_to_page(html: str, *, url: str = "") -> Page:
    """Main text and metadata with trafilatura; broken or truncated markup is recovered as far as it goes."""
    html = html.replace("\x00", "")
    document = None
    for options in ({"favor_precision": True}, {"favor_recall": True}):
        document = trafilatura.bare_extraction(
            html, url=url or None, include_comments=False, include_tables=False, with_metadata=True, **options
        )
        if document is not None and (document.text or "").strip():
            break
    if document is None:
        return Page(text="")
    paragraphs = _body_paragraphs(document.body) if document.body is not None else []
    if not paragraphs:
        paragraphs = text_paragraphs(document.text or "")
    kept = drop_furniture(paragraphs)
    return Page(
        text=join_paragraphs(kept),
        title=(document.title or "").strip() or headline(kept),
        outlet=(document.sitename or "").strip(),
        published=_date(document.date),
    )


def _body_paragraphs(body) -> list[str]:
    """Each block element of trafilatura's output is a paragraph; a <br> inside one starts a new one."""
    paragraphs = []
    for element in body.iter(*BLOCKS):
        if any(child.tag in BLOCKS for child in element):  # a container: its blocks are visited on their own
            continue
        parts = [element.text or ""]
        for child in element:
            parts.append("\n" if child.tag == "lb" else "".join(child.itertext()))
            parts.append(child.tail or "")
        for line in "".join(parts).split("\n"):
            line = _spaces(line)
            if line:
                paragraphs.append(line)
    return paragraphs


def _date(value) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


# --- Plain text ---------------------------------------------------------------------------------


def text_paragraphs(text: str) -> list[str]:
    """Paragraphs of a plain text.

    Each line is a paragraph, unless the text is hard-wrapped (most lines of a
    similar width, none long): then blank lines separate paragraphs and the
    lines within one are joined.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    lines = [_spaces(line) for line in text.split("\n")]
    if _hard_wrapped([line for line in lines if line]):
        blocks = re.split(r"\n\s*\n", "\n".join(lines))
        return [_spaces(block.replace("\n", " ")) for block in blocks if block.strip()]
    return [line for line in lines if line]


def _hard_wrapped(lines: list[str]) -> bool:
    if len(lines) < 6:
        return False
    widths = [len(line) for line in lines]
    if max(widths) > 100:
        return False
    typical = statistics.median(widths)
    return typical >= 50 and sum(1 for w in widths if abs(w - typical) <= 15) >= 0.6 * len(widths)


def join_paragraphs(paragraphs: list[str]) -> str:
    return "\n\n".join(paragraphs)


def _spaces(line: str) -> str:
    line = line.replace("\u00a0", " ").replace("\u200b", "").replace("\ufeff", "")
    return re.sub(r"[^\S\n]+", " ", line).strip()  # every run of spaces, "\u2003" and "\u3000" too, is one space


# --- Furniture ----------------------------------------------------------------------------------

# The furniture's words are the extraction lexicon's (ingest/extraction/lexicon/en.toml), with the rest of
# the words the pipeline matches text with.
_FURNITURE_LINE = EN.pattern("furniture_lines", "^(", ")$", re.I)
_FURNITURE_START = EN.pattern("furniture_starts", "^(", ")", re.I)
_LINK_BLOCK = EN.pattern("link_block_headings", "^(", r")\s*:?$", re.I)
_END_OF_ARTICLE = EN.pattern("end_of_article_headings", "^(", r")\s*:?$", re.I)

_MONTHS = r"(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_DATE_LINE = re.compile(
    rf"^((mon|tues|wednes|thurs|fri|satur|sun)day,?\s*)?({_MONTHS}\s+\d{{1,2}}(st|nd|rd|th)?,?\s+\d{{4}}|"
    rf"\d{{1,2}}\s+{_MONTHS},?\s+\d{{4}}|\d{{4}}-\d{{2}}-\d{{2}}|\d{{1,2}}[./]\d{{1,2}}[./]\d{{2,4}})"
    r"([\s,|at-]+\d{1,2}[:.]\d{2}(\s*(am|pm))?(\s*[a-z]{2,5})?)?$",
    re.I,
)
_STAMP = EN.pattern("time_stamp_starts", "^(", r")\b", re.I)
_WHEN = re.compile(rf"\b{_MONTHS}\s*\d|\d{{1,2}}[:.]\d{{2}}\b|\d{{4}}-\d{{2}}-\d{{2}}", re.I)
_BYLINE = EN.pattern("byline_starts", "^(", ")", re.I)
_SAYS = EN.pattern("introducing_verbs", r"\b(", r")\b", re.I)  # a headline that says who spoke is no teaser
_SENTENCE_END = re.compile(r"""[.!?…]["'”’)\]]*$""")


def drop_furniture(paragraphs: list[str]) -> list[str]:
    """The paragraphs that belong to the article."""
    kept: list[str] = []
    total = sum(len(p) for p in paragraphs) or 1
    seen = 0
    in_link_block = False
    for paragraph in paragraphs:
        seen += len(paragraph)
        line = paragraph.strip()
        bare = line.strip(" :-–—|•·*#>[]()").strip()
        if _END_OF_ARTICLE.match(bare):
            if (seen - len(paragraph)) / total >= 0.4 and kept:
                break  # navigation or comments after the body: the rest is not the article
            in_link_block = True
            continue
        if _LINK_BLOCK.match(bare):
            in_link_block = True
            continue
        if in_link_block and _headline_like(line):
            continue  # a headline listed under a "Related" heading
        in_link_block = False
        if is_furniture_line(line):
            continue
        kept.append(paragraph)
    return kept


def is_furniture_line(line: str) -> bool:
    bare = line.strip(" :-–—|•·*#>[]()").strip()
    if not bare:
        return True
    words = len(bare.split())
    if _FURNITURE_LINE.match(bare.rstrip(".!")):
        return True
    if words <= 14 and _FURNITURE_START.match(bare):
        return True
    if words <= 8 and _DATE_LINE.match(bare):
        return True
    if words <= 10 and _STAMP.match(bare) and _WHEN.search(bare) and not _SENTENCE_END.search(bare):
        return True  # "Updated January 11th, 2022 at 21:14 IST"
    if words <= 8 and _BYLINE.match(bare):
        return True  # "Reported by: Jane Doe"
    if 2 <= words <= 5 and re.match(r"^[Bb]y\s+[A-Z][\w.'’-]+(\s+(and\s+)?[A-Z][\w.'’-]+){0,3},?$", bare):
        return True  # a byline: "By Jane Doe"
    if words <= 14 and re.search(r"\bcontributed( reporting)? to this (report|story|article)\b", bare, re.I):
        return True
    return False


def _headline_like(line: str) -> bool:
    """A listed headline: short, no full stop at the end, and nobody said it."""
    return (
        len(line.split()) <= 16
        and not re.search(r"""[.!…]["'”’)\]]*$""", line)
        and not _SAYS.search(line)
    )
