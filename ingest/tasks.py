"""Celery tasks: thin wrappers that call the pipeline and decide about retries.

Acknowledged late and rejected (requeued) when the worker process is lost, so
a message is never dropped by a crash; the pipeline's claim makes a second
delivery harmless. `requeue_stuck` (beat) sends again what a dead broker or
worker left behind, and `settle_positions` (beat) derives the positions a dead
worker left marked.
"""
from __future__ import annotations

import datetime as dt

from celery import shared_task
from celery.utils.time import get_exponential_backoff_interval

from positions import services as position_services
from positions.models import Negotiation

from . import feeds, pipeline, services


@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True, max_retries=6)
def process_article(self, article_id: int, queued_attempts: int | None = None) -> str:
    try:
        return pipeline.process(article_id, queued_attempts=queued_attempts, token=self.request.id or "").summary
    except pipeline.TransientError as exc:
        if self.request.is_eager or self.request.retries >= self.max_retries:
            pipeline.give_up(article_id, exc, attempts=self.request.retries + 1)
            return f"#{article_id} failed: {exc.reason}"
        countdown = get_exponential_backoff_interval(5, self.request.retries, maximum=600, full_jitter=True)
        raise self.retry(exc=exc, countdown=countdown)


@shared_task(acks_late=True, reject_on_worker_lost=True, time_limit=3600, soft_time_limit=3500)
def relink_negotiation(negotiation_id: int) -> str:
    """Link a negotiation's statements again after an issue or its cues changed (safe to run twice)."""
    return f"{pipeline.relink_negotiation(negotiation_id)} articles linked again"


@shared_task
def requeue_stuck(minutes: float | None = None) -> int:
    """Beat: queue again articles left queued (for `minutes`, default INGEST_REQUEUE_AFTER) or processing past the lease."""
    queued_for = dt.timedelta(minutes=minutes) if minutes is not None else None
    return services.articles_requeue_stuck(queued_for=queued_for)


@shared_task
def settle_positions() -> int:
    """Beat: derive the pairs a run marked and no run took (one that died holding their issue)."""
    return position_services.positions_settle()


@shared_task
def reread_silences() -> int:
    """Beat: read again the stance of sides silent on each other's demands, negotiation by negotiation."""
    return queue_each(reread_silences_of, Negotiation.objects.filter(statements__isnull=False).distinct()
                      .values_list("pk", flat=True))


@shared_task(acks_late=True)
def reread_silences_of(negotiation_id: int) -> int:
    negotiation = Negotiation.objects.filter(pk=negotiation_id).first()
    return pipeline.reread_silences(negotiation) if negotiation is not None else 0


def queue_each(task, ids) -> int:
    """A beat task's fan-out: one task queued per id, how many (the beat's result in the worker log)."""
    ids = list(ids)
    for pk in ids:
        task.delay(pk)
    return len(ids)


@shared_task
def poll_feeds() -> int:
    """Beat: queue a poll of every feed whose interval has passed."""
    return queue_each(poll_feed, feeds.feeds_due())


@shared_task(acks_late=True)
def poll_feed(feed_id: int) -> str:
    return feeds.feed_poll(feed_id)
