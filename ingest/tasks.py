"""Celery tasks: thin wrappers that call the pipeline and decide about retries."""
from __future__ import annotations

import datetime as dt

from celery import shared_task
from django.utils import timezone

from . import pipeline
from .models import Article


@shared_task(
    bind=True, acks_late=True, reject_on_worker_lost=True, autoretry_for=(pipeline.TransientError,),
    retry_backoff=5, retry_backoff_max=600, retry_jitter=True, max_retries=6,
)
def process_article(self, article_id: int) -> str:
    if not Article.objects.filter(pk=article_id).exists():
        return "gone"
    try:
        return pipeline.process(article_id).summary
    except pipeline.TransientError as exc:
        if self.request.retries >= self.max_retries:
            Article.objects.filter(pk=article_id).update(
                status=Article.Status.FAILED, error=f"gave up after {self.max_retries} retries: {exc.reason}"
            )
            return "failed"
        raise


@shared_task
def requeue_stuck(minutes: int = 30) -> int:
    """Queue again articles left queued or processing (a worker or the broker died)."""
    stale = timezone.now() - dt.timedelta(minutes=minutes)
    ids = list(
        Article.objects.filter(status__in=[Article.Status.QUEUED, Article.Status.PROCESSING], updated_at__lt=stale)
        .values_list("pk", flat=True)[:1000]
    )
    for article_id in ids:
        process_article.delay(article_id)
    return len(ids)


@shared_task
def poll_feeds() -> int:
    from . import feeds

    return feeds.poll_due()
