"""HTML or plain text to clean article text, keeping paragraph breaks."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import trafilatura


@dataclass
class Page:
    text: str
    title: str = ""
    outlet: str = ""
    published: dt.date | None = None


def clean(raw: str, *, is_html: bool, url: str = "") -> Page:
    if is_html:
        return html_to_page(raw, url=url)
    return Page(text=normalize_text(raw))


def html_to_page(html: str, *, url: str = "") -> Page:
    extracted = trafilatura.bare_extraction(
        html, url=url or None, include_comments=False, include_tables=False, with_metadata=True, favor_precision=True
    )
    if not extracted:
        return Page(text="")
    data = extracted.as_dict() if hasattr(extracted, "as_dict") else dict(extracted)
    published = None
    if data.get("date"):
        try:
            published = dt.date.fromisoformat(str(data["date"])[:10])
        except ValueError:
            published = None
    return Page(
        text=normalize_text(data.get("text") or ""),
        title=(data.get("title") or "").strip(),
        outlet=(data.get("sitename") or "").strip(),
        published=published,
    )


def normalize_text(text: str) -> str:
    """Unify line endings and spaces; one blank line between paragraphs."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ")
    text = re.sub(r"[ \t\f\v]+", " ", text)
    text = re.sub(r" *\n *", "\n", text)
    text = re.sub(r"\n{2,}", "\n\n", text)
    return text.strip()
