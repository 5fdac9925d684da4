"""Receiving articles from any door (CLI, API, feeds) in one way, and queueing them for the workers."""
from __future__ import annotations

import datetime as dt
import hashlib
import logging
from collections.abc import Iterable

from celery import current_app
from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from positions import services as position_services
from positions.models import Negotiation, Statement
from positions.services import negotiation_relink_mark

from .fetching import sniff_binary
from .models import Article

log = logging.getLogger(__name__)


def lease() -> dt.timedelta:
    """How long a claim holds without a heartbeat; longer than a task may run (CELERY_TASK_TIME_LIMIT)."""
    return dt.timedelta(seconds=int(settings.INGEST_LEASE_SECONDS))


def _queue(task: str, *args) -> None:
    """Send one of ingest.tasks by its registered name: tasks import services, never the other way round.

    `.delay()` rather than `send_task`, so that with no broker the task still runs in-process (eager).
    IngestConfig.ready() imports the tasks, so they are registered in every process.
    """
    current_app.tasks[f"ingest.tasks.{task}"].delay(*args)


class InvalidSubmission(ValueError):
    """The input cannot become an article; the message names what is wrong."""

    def __init__(self, message: str, *, field: str = "non_field_errors"):
        super().__init__(message)
        self.field = field


EARLIEST_PUBLISHED = dt.date(1900, 1, 1)


def published_range() -> tuple[dt.date, dt.date]:
    """The days a report can have been published on: none before 1900, none after tomorrow (time zones)."""
    return EARLIEST_PUBLISHED, timezone.localdate() + dt.timedelta(days=1)


def parse_published(value) -> dt.date | None:
    """YYYY-MM-DD (or an ISO date-time) to a date within `published_range`; anything else is an InvalidSubmission.

    A day out of range (0001-01-01, 9999-12-31) would overflow date arithmetic or fall in the last round.
    """
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        day = value.date()
    elif isinstance(value, dt.date):
        day = value
    else:
        text = str(value).strip()
        try:
            day = dt.datetime.fromisoformat(text).date() if "T" in text else dt.date.fromisoformat(text)
        except ValueError:
            raise InvalidSubmission(f"published: {text[:40]!r} is not a date (YYYY-MM-DD)", field="published") from None
    earliest, latest = published_range()
    if not earliest <= day <= latest:
        raise InvalidSubmission(
            f"published: {day.isoformat()} is not a possible publication day (from {earliest} to {latest})",
            field="published",
        )
    return day


def check_url(url: str) -> str:
    """An address fit to store: http(s) (or the file:/text: of uploads), no credentials, at most 2048 characters."""
    from urllib.parse import urlsplit

    url = (url or "").strip()
    if url and not url.startswith(("http://", "https://", "file:", "text:")):
        raise InvalidSubmission(f"url: {url[:100]!r} is not an http(s) address", field="url")
    if len(url) > 2048:
        raise InvalidSubmission("url: longer than 2048 characters", field="url")
    if url.startswith(("http://", "https://")):
        try:
            parts = urlsplit(url)
        except ValueError:
            raise InvalidSubmission(f"url: {url[:100]!r} is not a valid URL", field="url") from None
        if parts.username is not None or parts.password is not None:
            # The address is every reader's `source`: a user name or password in it would be shown to all.
            raise InvalidSubmission("url: an address with a user name or password is not accepted", field="url")
        if not parts.hostname:
            raise InvalidSubmission(f"url: {url[:100]!r} has no host", field="url")
    return url


def submission_check(
    *, url: str = "", text: str | None = None, html: str | None = None, title: str = "", outlet: str = "",
    published=None,
) -> dict:
    """Everything `article_receive` refuses, without storing anything (for forms that report errors per field)."""
    published = parse_published(published)
    if text is not None and html is not None:
        raise InvalidSubmission("give text or html, not both", field="html")
    body = html if html is not None else text
    if body is not None:
        body = check_body(body)
    for name, value in (("url", url), ("title", title), ("outlet", outlet)):
        if value is not None and not isinstance(value, str):
            raise InvalidSubmission(f"{name} must be a string", field=name)
        if value and "\x00" in value:  # PostgreSQL stores no NUL in text: refused here, not a 500 at the insert
            raise InvalidSubmission(f"{name} contains a NUL character", field=name)
    url = check_url(url)
    if not url and body is None:
        raise InvalidSubmission("give a url, or a text or html body", field="url")
    return {"url": url, "body": body, "published": published}


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
    limit = settings.INGEST_MAX_BYTES
    if size > limit:
        raise InvalidSubmission(
            f"the body is {size / 2**20:.1f} MB, over the {limit / 2**20:.1f} MB limit", field="text"
        )
    binary = sniff_binary(body[:2048].encode("utf-8", "replace"))
    if binary:
        raise InvalidSubmission(f"the body is not text: it looks like {binary}", field="text")
    if "\x00" in body:  # further on than the sniff reads: PostgreSQL stores no NUL in text
        raise InvalidSubmission("the body is not text: it contains NUL bytes", field="text")
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
    checked = submission_check(url=url, text=text, html=html, title=title, outlet=outlet, published=published)
    url, body, published = checked["url"], checked["body"], checked["published"]
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
    new_body = body is not None and (body != article.raw or (html is not None) != article.raw_is_html)
    given = {name: value for name, value in fields.items() if value not in (None, "") and name not in ("raw", "raw_is_html")}
    corrected = {name for name, value in given.items() if getattr(article, name) != value}
    if new_body or corrected:
        with transaction.atomic():
            article = Article.objects.select_for_update().get(pk=article.pk)
            for name, value in (fields if new_body else given).items():
                if value not in (None, ""):
                    setattr(article, name, value)
            # A new body, or a corrected day (statements take their day and round from it), is processed again;
            # a corrected title or outlet alone only replaces what is shown.
            rerun = new_body or "published" in corrected or "negotiation" in corrected
            if rerun:
                article.status, article.error = Article.Status.QUEUED, ""
            article.save()
        return article, rerun or needs_processing(article)
    return article, needs_processing(article)


def article_submit(*, in_request: bool = True, **fields) -> Article:
    """An article sent to the API or the admin: refuse an unfetchable URL at once, store it, queue it when needed.

    From a web request the pipeline never runs in the request (see `article_queue`).
    """
    if fields.get("url") and fields.get("text") is None and fields.get("html") is None:
        check_fetchable(fields["url"])
    article, needs = article_receive(**fields)
    if needs:
        # After the commit (the admin saves in a transaction; elsewhere at once): a worker must find it stored.
        transaction.on_commit(lambda: article_queue(article, in_request=in_request))
        article.refresh_from_db(fields=["status"])
    return article


def article_correct(*, article: Article, changed: Iterable[str]) -> None:
    """An editor's correction of a stored article (the admin): saved, and what hangs on the changed fields
    follows: a duplicate mark makes its statements stop counting (or count again), a new publication day
    gives its undated statements that day's round; positions follow both."""
    changed = set(changed)
    with transaction.atomic():
        article.save()
        if "duplicate_of" in changed:
            position_services.article_statements_recount(article_id=article.pk)
        if "published" in changed:
            position_services.article_redated(article_id=article.pk)


def articles_delete(*, articles) -> int:
    """Delete articles with their statements; the positions those fed are derived again without them."""
    with transaction.atomic():
        ids = list(articles.values_list("pk", flat=True))
        touched = position_services.pairs_of(Statement.objects.filter(article_id__in=ids).values_list("pk", flat=True))
        Article.objects.filter(pk__in=ids).delete()
        position_services.positions_refresh_pairs(touched)
    return len(ids)


def needs_processing(article: Article) -> bool:
    """Queued, failed, or left 'processing' by a run that died."""
    if article.status in (Article.Status.QUEUED, Article.Status.FAILED):
        return True
    return article.status == Article.Status.PROCESSING and article.updated_at < timezone.now() - lease()


def article_queue(article: Article, *, in_request: bool = False) -> bool:
    """Send the article to the workers. False when the broker cannot be reached: `requeue_stuck` sends it later.

    With no broker a task runs in the process that sends it; a web request must answer
    at once whatever the body, so from a request (`in_request`) the article is only
    left queued in the database, where `manage.py ingest_worker` takes it.
    """
    if in_request and not settings.CELERY_BROKER_URL:
        return True
    try:
        _queue("process_article", article.pk, article.attempts)
    except Exception as exc:  # kombu/redis errors: the article stays queued in the database, nothing is lost
        log.warning("could not queue article %s (%s); requeue_stuck will send it", article.pk, exc)
        return False
    return True


def negotiation_relink_queue(sender=None, *, negotiation, **_) -> bool:
    """Queue the re-linking of a negotiation (receiver of positions.signals.issues_changed).

    With no broker the negotiation is left marked 'queued', where `manage.py ingest_worker` takes it: the
    admin's request that asked for it answers at once.
    """
    if not settings.CELERY_BROKER_URL:
        return True
    try:
        _queue("relink_negotiation", negotiation.pk)
    except Exception as exc:  # broker down: say so on the negotiation; an editor can ask again
        log.warning("could not queue re-linking of %s (%s)", negotiation.slug, exc)
        negotiation_relink_mark(negotiation=negotiation, state="failed", note=f"could not be queued: {exc}")
        return False
    return True


def negotiations_waiting() -> list[int]:
    """Negotiations whose re-linking was asked for and not taken up (no broker: the local worker's job)."""
    return list(Negotiation.objects.filter(relink_state="queued").order_by("pk").values_list("pk", flat=True))


def articles_run_again(*, article_ids: list[int], in_request: bool = False) -> int:
    """Queue articles for another run (an editor's "run again"): automatic statements are replaced, reviews stay."""
    articles = list(Article.objects.filter(pk__in=article_ids).only("pk", "attempts"))
    Article.objects.filter(pk__in=[a.pk for a in articles]).update(status=Article.Status.QUEUED, error="")
    for article in articles:
        article_queue(article, in_request=in_request)
    return len(articles)


def articles_requeue_stuck(*, queued_for: dt.timedelta | None = None, limit: int = 500) -> int:
    """Queue again articles whose message was lost (broker down) or whose worker died mid-run.

    Queued articles untouched for `INGEST_REQUEUE_AFTER` seconds are sent
    again (and touched, so the next sweep leaves them alone for as long);
    articles left 'processing' past the lease are sent as they are, and the
    run that picks them up takes over the expired claim.
    """
    now = timezone.now()
    if queued_for is None:
        queued_for = dt.timedelta(seconds=settings.INGEST_REQUEUE_AFTER)
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


def articles_waiting(*, limit: int = 50, retry_after: dt.timedelta = dt.timedelta(seconds=30)) -> list[int]:
    """Articles for the local worker (no broker), oldest first.

    Queued ones (those waiting after a temporary failure only once `retry_after`
    has passed), and those left 'processing' past the lease by a run that died.
    """
    from django.db.models import Q

    now = timezone.now()
    backing_off = Q(error__startswith="will retry") & Q(updated_at__gte=now - retry_after)
    queued = Q(status=Article.Status.QUEUED) & ~backing_off
    interrupted = Q(status=Article.Status.PROCESSING, updated_at__lt=now - lease())
    return list(Article.objects.filter(queued | interrupted).order_by("updated_at", "pk").values_list("pk", flat=True)[:limit])


def articles_orphaned(*, claimed_by_prefix: str) -> list[tuple[int, str]]:
    """(id, claim) of articles left 'processing' under a claim starting with the prefix (a local worker that stopped)."""
    return list(
        Article.objects.filter(status=Article.Status.PROCESSING, claimed_by__startswith=claimed_by_prefix)
        .order_by("updated_at", "pk").values_list("pk", "claimed_by")
    )
