"""`manage.py ingest_worker`: run queued articles through the pipeline when there is no broker.

With CELERY_BROKER_URL unset a web request never runs the pipeline (it must answer at
once): it leaves the article queued, and this command, started beside the web server
(scripts/serve.sh does), takes it from the database. Each article runs under
INGEST_ARTICLE_SECONDS; an article a stopped worker left half-done is taken up again.
"""
from __future__ import annotations

import os
import socket
import time

from django.core.management.base import BaseCommand

from ingest import pipeline, services
from ingest.models import Article

PREFIX = "local:"


class Command(BaseCommand):
    help = "Process queued articles from the database (for the embedded setup with no broker)."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="process what is waiting, then exit")
        parser.add_argument("--poll", type=float, default=1.0, help="seconds between looks at the queue (default 1)")
        parser.add_argument("--time-limit", type=float, default=None,
                            help="seconds one article may take (default INGEST_ARTICLE_SECONDS)")

    def handle(self, *args, once=False, poll=1.0, time_limit=None, **opts):
        token = f"{PREFIX}{socket.gethostname()}:{os.getpid()}"
        limit = time_limit if time_limit is not None else pipeline.article_seconds()
        # At start, what an earlier local worker left half-done is taken up at once, under its
        # claim (only one local worker runs beside an embedded database); the rest after the lease.
        for article_id, claimed_by in services.articles_orphaned(claimed_by_prefix=PREFIX):
            self.stdout.write(self.run_one(article_id, token=claimed_by, limit=limit))
        while True:
            waiting = services.articles_waiting()
            for article_id in waiting:
                self.stdout.write(self.run_one(article_id, token=token, limit=limit))
            relinks = services.negotiations_waiting()
            for negotiation_id in relinks:
                try:
                    done = pipeline.relink_negotiation(negotiation_id)
                except Exception as exc:  # marked failed on the negotiation, with the reason; the worker goes on
                    self.stdout.write(f"negotiation #{negotiation_id}: re-linking failed: {exc}")
                else:
                    self.stdout.write(f"negotiation #{negotiation_id}: {done} articles linked again")
            if not waiting and not relinks:
                if once:
                    return
                time.sleep(poll)

    def run_one(self, article_id: int, *, token: str, limit: float) -> str:
        try:
            with pipeline.time_limit(limit):
                return pipeline.process(article_id, token=token).summary
        except pipeline.TransientError as exc:
            attempts = Article.objects.filter(pk=article_id).values_list("attempts", flat=True).first() or 0
            if attempts >= pipeline.max_attempts():
                pipeline.give_up(article_id, exc, attempts=attempts)
                return f"#{article_id} failed: {exc.reason}"
            return f"#{article_id} will retry: {exc.reason}"
        except pipeline.SoftTimeLimitExceeded:  # the alarm rang between the run's own checks
            pipeline.fail(article_id, f"took longer than the time limit ({limit:g} s)")
            return f"#{article_id} failed: took longer than the time limit ({limit:g} s)"
