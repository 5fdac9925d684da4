"""Receiving articles from any door (CLI, API, feeds) in one way."""
from __future__ import annotations

import datetime as dt
import hashlib

from django.db import IntegrityError, transaction

from .models import Article


class InvalidSubmission(ValueError):
    """The input cannot become an article; the message names what is wrong."""


def parse_published(value) -> dt.date | None:
    """YYYY-MM-DD (or an ISO date-time) to a date; anything else is an InvalidSubmission."""
    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    try:
        return dt.datetime.fromisoformat(text).date() if "T" in text else dt.date.fromisoformat(text)
    except ValueError:
        raise InvalidSubmission(f"published: {text!r} is not a date (YYYY-MM-DD)") from None


def article_receive(
    *, url: str = "", text: str | None = None, html: str | None = None, title: str = "", outlet: str = "",
    published=None, negotiation=None, feed=None,
) -> tuple[Article, bool]:
    """Store an incoming article, or find the one already stored under its URL.

    Returns (article, needs_processing). Receiving the same input twice, even
    at the same moment, gives one article.
    """
    published = parse_published(published)
    body = html if html is not None else text
    if body is not None and not isinstance(body, str):
        raise InvalidSubmission("text/html must be a string")
    if not url and not body:
        raise InvalidSubmission("give a url, or a text or html body")
    if url and not url.startswith(("http://", "https://", "file:", "text:")):
        raise InvalidSubmission(f"url: {url!r} is not an http(s) address")
    if not url:
        url = "text:" + hashlib.sha256(body.encode()).hexdigest()
    fields = {
        "raw": body or "", "raw_is_html": html is not None, "title": (title or "")[:500],
        "outlet": (outlet or "")[:200], "published": published, "negotiation": negotiation, "feed": feed,
    }
    try:
        with transaction.atomic():
            article, created = Article.objects.get_or_create(url=url[:2048], defaults=fields)
    except IntegrityError:  # the same URL arrived twice at once: the other one won
        article, created = Article.objects.get(url=url[:2048]), False
    if created:
        return article, True
    if body is not None and body != article.raw:
        for name, value in fields.items():
            if value not in (None, ""):
                setattr(article, name, value)
        article.status = Article.Status.QUEUED
        article.save()
        return article, True
    return article, article.status in (Article.Status.QUEUED, Article.Status.FAILED)
