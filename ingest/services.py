"""Receiving articles from any door (CLI, API, feeds) in one way, and queueing them for the workers."""
from __future__ import annotations

import datetime as dt
import hashlib
import logging

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from positions.services import negotiation_relink_mark

from .fetching import sniff_binary
from .models import Article

log = logging.getLogger(__name__)


class InvalidSubmission(ValueError):
    """The input cannot become an article; the message names what is wrong."""

    def __init__(self, message: str, *, field: str = "non_field_errors"):
        super().__init__(message)
        self.field = field


def parse_published(value) -> dt.date | None:
    """YYYY-MM-DD (or an ISO date-time) to a date; anything else is an InvalidSubmission."""
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    try:
        return dt.datetime.fromisoformat(text).date() if "T" in text else dt.date.fromisoformat(text)
    except ValueError:
        raise InvalidSubmission(f"published: {text[:40]!r} is not a date (YYYY-MM-DD)", field="published") from None


def check_body(body) -> str:
    """A body fit to store: a non-empty string, valid Unicode, not binary, within the size limit."""
    if not isinstance(body, str):
        raise InvalidSubmission("the text/html must be a string", field="text")
    if not body.strip():
        raise InvalidSubmission("the body is empty", field="text")
    try:
        size = len(body.encode("utf-8"))
    except UnicodeEncodeError:
        raise InvalidSubmission("the body is not valid Unicode text", field="text") from None
    limit = int(getattr(settings, "INGEST_MAX_BYTES", 10 * 1024 * 1024))
    if size > limit:
        raise InvalidSubmission(
            f"the body is {size / 2**20:.1f} MB, over the {limit / 2**20:.1f} MB limit", field="text"
        )
    binary = sniff_binary(body[:2048].encode("utf-8", "replace"))
    if binary:
        raise InvalidSubmission(f"the body is not text: it looks like {binary}", field="text")
    return body


def check_fetchable(url: str) -> None:
    """Refuse at the door a URL that can never be fetched (private address, a name that does not resolve).

    A temporary DNS failure lets it through: the worker will retry.
    """
    from urllib3.util import parse_url

    from .fetching import FetchError, checked_address

    try:
        parsed = parse_url(url)
        checked_address(parsed.host.strip("[]").lower(), parsed.port or (443 if parsed.scheme == "https" else 80))
    except FetchError as exc:
        if not exc.transient:
            raise InvalidSubmission(exc.reason, field="url") from None
    except (ValueError, AttributeError):
        raise InvalidSubmission(f"url: {url[:100]!r} is not a valid URL", field="url") from None


def article_receive(
    *, url: str = "", text: str | None = None, html: str | None = None, title: str = "", outlet: str = "",
    published=None, negotiation=None, feed=None,
) -> tuple[Article, bool]:
    """Store an incoming article, or find the one already stored under its URL.

    Returns (article, needs_processing). Receiving the same input twice, even
    at the same moment, gives one article; a new body for a stored URL
    replaces the old one and the article is processed again.
    """
    published = parse_published(published)
    if text is not None and html is not None:
        raise InvalidSubmission("give text or html, not both", field="html")
    body = html if html is not None else text
    if body is not None:
        body = check_body(body)
    for name, value in (("url", url), ("title", title), ("outlet", outlet)):
        if value is not None and not isinstance(value, str):
            raise InvalidSubmission(f"{name} must be a string", field=name)
    url = (url or "").strip()
    if not url and body is None:
        raise InvalidSubmission("give a url, or a text or html body", field="url")
    if url and not url.startswith(("http://", "https://", "file:", "text:")):
        raise InvalidSubmission(f"url: {url[:100]!r} is not an http(s) address", field="url")
    if len(url) > 2048:
        raise InvalidSubmission("url: longer than 2048 characters", field="url")
    if not url:
        url = "text:" + hashlib.sha256(body.encode()).hexdigest()
    fields = {
        "raw": body or "", "raw_is_html": html is not None, "title": (title or "").strip()[:500],
        "outlet": (outlet or "").strip()[:200], "published": published, "negotiation": negotiation, "feed": feed,
    }
    try:
        with transaction.atomic():
            article, created = Article.objects.get_or_create(url=url, defaults=fields)
    except IntegrityError:  # the same URL arrived twice at once: the other one stored it
        article, created = Article.objects.get(url=url), False
    if created:
        return article, True
    if body is not None and (body != article.raw or (html is not None) != article.raw_is_html):
        with transaction.atomic():
            article = Article.objects.select_for_update().get(pk=article.pk)
            for name, value in fields.items():
                if value not in (None, ""):
                    setattr(article, name, value)
            article.status, article.error = Article.Status.QUEUED, ""
            article.save()
        return article, True
    return article, needs_processing(article)


def article_submit(**fields) -> Article:
    """An article sent to the API: refuse an unfetchable URL at once, store it, queue it when needed."""
    if fields.get("url") and fields.get("text") is None and fields.get("html") is None:
        check_fetchable(fields["url"])
    article, needs = article_receive(**fields)
    if needs:
        article_queue(article)
        article.refresh_from_db(fields=["status"])
    return article


def needs_processing(article: Article) -> bool:
    """Queued, failed, or left 'processing' by a run that died."""
    if article.status in (Article.Status.QUEUED, Article.Status.FAILED):
        return True
    from .pipeline import lease

    return article.status == Article.Status.PROCESSING and article.updated_at < timezone.now() - lease()


def article_queue(article: Article) -> bool:
    """Send the article to the workers. False when the broker cannot be reached: `requeue_stuck` sends it later."""
    from .tasks import process_article

    try:
        process_article.delay(article.pk, article.attempts)
    except Exception as exc:  # kombu/redis errors: the article stays queued in the database, nothing is lost
        log.warning("could not queue article %s (%s); requeue_stuck will send it", article.pk, exc)
        return False
    return True


def negotiation_relink_queue(sender=None, *, negotiation, **_) -> bool:
    """Queue the re-linking of a negotiation (receiver of positions.signals.issues_changed)."""
    from .tasks import relink_negotiation

    try:
        relink_negotiation.delay(negotiation.pk)
    except Exception as exc:  # broker down: say so on the negotiation; an editor can ask again
        log.warning("could not queue re-linking of %s (%s)", negotiation.slug, exc)
        negotiation_relink_mark(negotiation=negotiation, state="failed", note=f"could not be queued: {exc}")
        return False
    return True


def articles_requeue_stuck(*, queued_for: dt.timedelta | None = None, limit: int = 500) -> int:
    """Queue again articles whose message was lost (broker down) or whose worker died mid-run.

    Queued articles untouched for `INGEST_REQUEUE_AFTER` seconds are sent
    again (and touched, so the next sweep leaves them alone for as long);
    articles left 'processing' past the lease are sent as they are, and the
    run that picks them up takes over the expired claim.
    """
    from .pipeline import lease

    now = timezone.now()
    if queued_for is None:
        queued_for = dt.timedelta(seconds=int(getattr(settings, "INGEST_REQUEUE_AFTER", 1800)))
    stuck = list(
        Article.objects.filter(status=Article.Status.QUEUED, updated_at__lt=now - queued_for)
        .order_by("updated_at").only("pk", "attempts")[:limit]
    )
    Article.objects.filter(pk__in=[a.pk for a in stuck]).update(updated_at=now)
    stuck += list(
        Article.objects.filter(status=Article.Status.PROCESSING, updated_at__lt=now - lease())
        .order_by("updated_at").only("pk", "attempts")[:limit]
    )
    return sum(article_queue(article) for article in stuck)
