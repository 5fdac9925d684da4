"""A real Celery worker on Redis and PostgreSQL delivers a webhook through its retries and backoff.

Skipped unless DATABASE_URL is PostgreSQL and CELERY_BROKER_URL is set (CI's second run sets both).
"""
import hashlib
import hmac
import uuid

import pytest
from django.db import close_old_connections

from tests.factories import History
from tests.ingest.test_integration import Worker, wait_until
from webhooks import services, tasks
from webhooks.models import Delivery, Webhook

# `integration` runs only with a real PostgreSQL and broker: tests/conftest.py skips it otherwise.
pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def test_a_worker_delivers_new_changes_after_the_receiver_recovers(receiver, tmp_path):
    from config.celery import app

    h = History(rounds=3)
    h.say("AA", "alpha", "demands", 1)
    hook = Webhook.objects.create(negotiation=h.negotiation, url=receiver.url)
    services.webhooks_dispatch()  # the first look takes note of what stands
    h.say("BB", "alpha", "rejects", 2)
    receiver.statuses = [503, 502]

    queue = f"it-{uuid.uuid4().hex[:8]}"
    default_queue = app.conf.task_default_queue
    app.conf.task_default_queue = queue
    worker = Worker(queue, tmp_path / "worker.log")
    # The worker reads its settings from the environment: loopback allowed, a one-second backoff.
    worker.env.update({"INGEST_FETCH_ALLOWLIST": "127.0.0.1", "WEBHOOK_BACKOFF_SECONDS": "1",
                       "WEBHOOK_MAX_ATTEMPTS": "4", "WEBHOOK_TIMEOUT": "2"})
    worker.start()
    try:
        tasks.dispatch_webhooks.delay()

        def delivered():
            close_old_connections()
            return Delivery.objects.filter(status=Delivery.Status.DELIVERED).exists()

        assert wait_until(delivered, timeout=90), (tmp_path / "worker.log").read_text()[-3000:]
    finally:
        worker.stop()
        app.conf.task_default_queue = default_queue
    delivery = Delivery.objects.get()
    assert (delivery.attempts, delivery.response_status) == (3, 200)
    assert len(receiver.posts) == 3
    headers, body = receiver.posts[-1]
    expected = hmac.new(hook.secret.encode(), headers["X-Tracker-Timestamp"].encode() + b"." + body, hashlib.sha256)
    assert headers["X-Tracker-Signature"] == "sha256=" + expected.hexdigest()
