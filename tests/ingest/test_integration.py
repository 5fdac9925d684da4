"""A real Celery worker on Redis and PostgreSQL, killed halfway through a batch and started again.

Every article must end done, with its statements exactly once: the same rows
as a clean run of the same article. Skipped unless DATABASE_URL is PostgreSQL
and CELERY_BROKER_URL is set (CI sets both).
"""
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import dj_database_url
import pytest
from django.db import close_old_connections, connection

from ingest import pipeline, services
from ingest.models import Article
from positions.models import Position, Statement

from .conftest import REPORT

ROOT = Path(__file__).resolve().parents[2]
BATCH = 120  # a worker with its model loaded finishes dozens of articles a second: the kill must land mid-batch

# `integration` runs only with a real PostgreSQL and broker: tests/conftest.py skips it otherwise.
pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

PLACES = ["Lisbon", "Vienna", "Geneva", "Oslo", "Tallinn", "Valletta", "Dublin", "Prague", "Zagreb", "Riga"]


def report(n: int) -> str:
    """A long report of its own (no near-duplicates in the batch): paragraphs from REPORT, renamed and numbered."""
    paragraphs = []
    for k in range(12):
        place = PLACES[(n + k) % len(PLACES)]
        for p in REPORT.split("\n\n"):
            paragraphs.append(p.replace("Lisbon", place).replace("Vienna", PLACES[(n * 7 + k) % len(PLACES)])
                              + f" Report {n} section {k} item {n * 31 + k * 17}.")
    return "\n\n".join(paragraphs)


class Worker:
    def __init__(self, queue: str, log: Path):
        db = connection.settings_dict
        url = dj_database_url.parse(os.environ["DATABASE_URL"])
        test_db = f"postgres://{url['USER']}:{url['PASSWORD'] or ''}@{url['HOST']}:{url['PORT']}/{db['NAME']}"
        self.env = {**os.environ, "DATABASE_URL": test_db, "DJANGO_SETTINGS_MODULE": "tests.ingest.integration_settings",
                    "PYTHONPATH": str(ROOT), "INTEGRATION_QUEUE": queue}
        self.queue, self.log, self.process = queue, log, None

    def start(self):
        celery = ROOT / ".venv" / "bin" / "celery"
        command = [*([str(celery)] if celery.exists() else [sys.executable, "-m", "celery"]), "-A", "config", "worker",
                   "-c", "2", "-Q", self.queue, "-l", "info", "--without-gossip", "--without-mingle",
                   "--without-heartbeat", "-n", f"it-{uuid.uuid4().hex[:6]}@%h"]
        self.process = subprocess.Popen(command, cwd=ROOT, env=self.env, stdout=self.log.open("ab"),
                                        stderr=subprocess.STDOUT, start_new_session=True)

    def kill(self):
        """SIGKILL to the worker and its pool children: a machine that died, no shutdown."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)

    def stop(self):
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.kill()
        if self.process:
            wait_until(self.gone, 15)

    def gone(self) -> bool:
        """No process of the worker is left, nor a database session but this test's: a worker keeps its
        connection between tasks (config/celery.py), and the test database is dropped after the last test."""
        try:
            os.killpg(self.process.pid, 0)
            return False
        except ProcessLookupError:
            pass
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                           " AND pid <> pg_backend_pid()")
            return cursor.fetchone()[0] == 0


def finished(ids) -> int:
    close_old_connections()
    return Article.objects.filter(pk__in=ids, status__in=pipeline.FINAL).count()


def wait_until(condition, timeout: float, tick=None, every: float = 0.5) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if condition():
            return True
        if tick:
            tick()
        time.sleep(every)
    return False


def spans(article_id):
    return sorted(Statement.objects.filter(article_id=article_id).values_list("start", "end", "text", "speaker_id", "counted"))


def test_a_worker_killed_halfway_leaves_every_article_finished_exactly_once(talks, tmp_path):
    from config.celery import app
    from ingest import tasks

    queue = f"it-{uuid.uuid4().hex[:8]}"
    default_queue = app.conf.task_default_queue
    app.conf.task_default_queue = queue
    worker = Worker(queue, tmp_path / "worker.log")
    try:
        ids = []
        for n in range(BATCH):
            article, _ = services.article_receive(url=f"https://news.example.org/it/{n}", text=report(n),
                                                  title=f"Report {n}", published="2023-03-02")
            ids.append(article.pk)
        for article in Article.objects.filter(pk__in=ids):
            assert services.article_queue(article)
        worker.start()
        assert wait_until(lambda: finished(ids) >= 4, 120, every=0.02), (tmp_path / "worker.log").read_text()[-3000:]
        worker.kill()
        at_kill = finished(ids)
        in_flight = Article.objects.filter(pk__in=ids, status=Article.Status.PROCESSING).count()
        assert at_kill < BATCH, "the batch finished before the kill: make it bigger"

        worker.start()
        last_sweep = [time.monotonic()]

        def beat():  # what beat's requeue_stuck does, every few seconds instead of minutes
            if time.monotonic() - last_sweep[0] > 4:
                tasks.requeue_stuck.delay()
                last_sweep[0] = time.monotonic()

        assert wait_until(lambda: finished(ids) == BATCH, 240, tick=beat), (
            f"{finished(ids)}/{BATCH} finished; " + (tmp_path / "worker.log").read_text()[-3000:])
    finally:
        worker.stop()
        app.conf.task_default_queue = default_queue
        with app.connection_for_write() as conn:  # leave nothing behind in the broker
            conn.default_channel.queue_delete(queue)

    statuses = set(Article.objects.filter(pk__in=ids).values_list("status", flat=True))
    assert statuses == {Article.Status.DONE}
    after_workers = {pk: spans(pk) for pk in ids}
    assert all(rows for rows in after_workers.values())
    for rows in after_workers.values():
        assert len({(start, end) for start, end, *_ in rows}) == len(rows)  # no statement twice
    positions = sorted(Position.objects.values_list("party_id", "issue_id", "round_id", "stance"))
    reran = Article.objects.filter(pk__in=ids, attempts__gt=1).count()
    for pk in ids:  # a clean in-process run of each article gives the very same rows
        pipeline.process(pk)
    assert {pk: spans(pk) for pk in ids} == after_workers
    assert sorted(Position.objects.values_list("party_id", "issue_id", "round_id", "stance")) == positions
    print(f"killed with {at_kill}/{BATCH} finished and {in_flight} in flight; "
          f"{reran} articles ran more than once")
