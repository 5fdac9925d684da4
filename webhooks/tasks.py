"""Celery tasks for webhooks: thin wrappers that call the services and decide about retries."""
from __future__ import annotations

from celery import shared_task
from celery.utils.time import get_exponential_backoff_interval
from django.conf import settings

from ingest.tasks import queue_each

from . import services


@shared_task
def dispatch_webhooks() -> int:
    """Beat: record the new changes for every webhook and send them."""
    return queue_each(deliver_webhook, services.webhooks_dispatch())


@shared_task(bind=True, acks_late=True, max_retries=None)
def deliver_webhook(self, delivery_id: int) -> str:
    """One attempt; a timeout, a 5xx or a 429 is retried with exponential backoff up to WEBHOOK_MAX_ATTEMPTS."""
    attempt = services.delivery_attempt(delivery_id=delivery_id)
    if attempt.retry:
        if self.request.retries + 1 >= settings.WEBHOOK_MAX_ATTEMPTS:
            services.delivery_give_up(delivery_id=delivery_id)
            return f"delivery #{delivery_id} failed: {attempt.detail}"
        countdown = get_exponential_backoff_interval(
            settings.WEBHOOK_BACKOFF_SECONDS, self.request.retries, maximum=3600, full_jitter=True
        )
        raise self.retry(countdown=countdown)
    return f"delivery #{delivery_id}: {attempt.detail}"
