"""Polling RSS/Atom feeds: each feed at its own interval, with conditional requests, new entries queued.

The feed is fetched through the same safe fetcher as articles (so a feed URL
to a private address is refused too), with If-None-Match / If-Modified-Since
from the last answer; a 304 costs nothing. Every entry link not seen before
becomes a queued article (its page is fetched by the pipeline). The feed
records when it was polled, what happened, and the last error.
"""
from __future__ import annotations

import datetime as dt
import logging
from urllib.parse import urldefrag

import feedparser
from django.db import transaction
from django.utils import timezone

from . import fetching, services
from .models import Article, Feed

log = logging.getLogger(__name__)
MAX_ENTRIES = 200


def feeds_due(*, now: dt.datetime | None = None) -> list[int]:
    """Active feeds whose interval has passed since their last poll (or never polled)."""
    now = now or timezone.now()
    rows = Feed.objects.filter(active=True).values_list("pk", "last_polled_at", "interval_minutes")
    return [
        pk for pk, polled, minutes in rows
        if polled is None or polled + dt.timedelta(minutes=max(minutes, 1)) <= now
    ]


def feed_poll(feed_id: int) -> str:
    """Poll one feed now; returns the status line it records."""
    feed = _claim(feed_id)
    if feed is None:
        return "not due (polled by another worker, or inactive)"
    headers = {}
    if feed.etag:
        headers["If-None-Match"] = feed.etag
    if feed.last_modified:
        headers["If-Modified-Since"] = feed.last_modified
    try:
        page = fetching.fetch(feed.url, accept=fetching.FEED_TYPES, headers=headers)
    except fetching.FetchError as exc:
        return _record(feed, status="failed" + (" (will try at the next interval)" if exc.transient else ""),
                       error=exc.reason)
    if page.not_modified:
        return _record(feed, status="not modified")
    parsed = feedparser.parse(page.data or page.body.encode())
    if not parsed.entries and (parsed.bozo or not parsed.get("version")):
        reason = getattr(parsed.get("bozo_exception"), "getMessage", lambda: "")() or str(parsed.get("bozo_exception", ""))
        return _record(feed, status="failed", error=f"not an RSS or Atom feed{': ' + reason if reason else ''}"[:1000],
                       etag=page.etag, last_modified=page.last_modified)
    new = 0
    for entry in parsed.entries[:MAX_ENTRIES]:
        new += _receive(feed, entry)
    title = feed.title or (parsed.feed.get("title") or "")[:300]
    return _record(feed, status=f"ok: {len(parsed.entries)} entries, {new} new", etag=page.etag,
                   last_modified=page.last_modified, new=new, title=title)


def _claim(feed_id: int) -> Feed | None:
    """Take the feed for this poll (two workers never poll the same feed at once)."""
    now = timezone.now()
    with transaction.atomic():
        feed = Feed.objects.select_for_update().filter(pk=feed_id, active=True).first()
        if feed is None:
            return None
        if feed.last_polled_at and feed.last_polled_at + dt.timedelta(minutes=max(feed.interval_minutes, 1)) > now:
            return None
        feed.last_polled_at = now
        feed.save(update_fields=["last_polled_at"])
    return feed


def _receive(feed: Feed, entry) -> int:
    link = urldefrag((entry.get("link") or "").strip())[0]
    if not link.startswith(("http://", "https://")):
        return 0
    if Article.objects.filter(url=link).exists():
        return 0
    published = None
    stamp = entry.get("published_parsed") or entry.get("updated_parsed")
    if stamp:
        try:
            published = dt.date(*stamp[:3])
        except ValueError:
            published = None
    try:
        article, needs = services.article_receive(
            url=link, title=(entry.get("title") or "")[:500], outlet=feed.outlet, published=published,
            negotiation=feed.negotiation, feed=feed,
        )
    except services.InvalidSubmission as exc:
        log.info("feed %s: entry %s skipped: %s", feed.pk, link, exc)
        return 0
    if needs:
        services.article_queue(article)
    return 1


def _record(feed: Feed, *, status: str, error: str = "", etag: str | None = None, last_modified: str | None = None,
            new: int = 0, title: str | None = None) -> str:
    feed.last_status, feed.last_error = status[:200], error
    fields = ["last_status", "last_error"]
    if etag is not None:
        feed.etag, feed.last_modified = etag[:500], (last_modified or "")[:100]
        fields += ["etag", "last_modified"]
    if new:
        feed.entries_seen += new
        fields.append("entries_seen")
    if title is not None and title != feed.title:
        feed.title = title
        fields.append("title")
    Feed.objects.filter(pk=feed.pk).update(**{name: getattr(feed, name) for name in fields})
    return feed.last_status

