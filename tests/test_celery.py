"""A worker's database connections (config/celery.py): kept between tasks, dropped when old or broken.

Celery's Django fix-up closes every connection around every task unless CELERY_DB_REUSE_MAX is set; a new
PostgreSQL connection per article cost more CPU than the article's own queries (docs/benchmarks.md, fifth
pass). The tests run a task's signals as a worker sends them, outside a transaction (as a worker is).
"""
import time

import pytest
from celery import signals
from celery.fixups.django import DjangoWorkerFixup
from django.db import connection, transaction

from config.celery import app

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def task():
    """A registered task, with the request a worker gives it (not eager)."""
    task = app.tasks["ingest.tasks.settle_positions"]
    task.push_request(is_eager=False, id="test-task")
    yield task
    task.pop_request()


@pytest.fixture
def closes(monkeypatch) -> list:
    """Each closing of the connection, recorded (SQLite's in-memory test database ignores a close)."""
    seen = []
    close = connection.close
    monkeypatch.setattr(connection, "close", lambda: (seen.append(True), close())[1])
    return seen


def run_task_signals(task) -> None:
    """What a worker does around a task for the database: Celery's fix-up and the project's handler."""
    fixup = DjangoWorkerFixup(app)
    fixup.on_task_prerun(sender=task)
    signals.task_prerun.send(sender=task, task_id="test-task", task=task, args=(), kwargs={})
    signals.task_postrun.send(sender=task, task_id="test-task", task=task, args=(), kwargs={}, retval=None, state="SUCCESS")
    fixup.on_task_postrun(sender=task)


def test_a_worker_keeps_its_database_connection_from_one_task_to_the_next(task, closes):
    connection.ensure_connection()
    connection.close_at = time.monotonic() + 60  # within CONN_MAX_AGE (SQLite's settings keep none: 0)
    before = connection.connection
    for _ in range(3):
        run_task_signals(task)
    assert closes == []
    assert connection.connection is before


def test_celery_would_close_it_around_every_task_without_db_reuse_max(task, closes):
    """The cause the setting removes: the fix-up's default, a new connection per task."""
    connection.ensure_connection()
    fixup = DjangoWorkerFixup(app)
    fixup.db_reuse_max = None
    fixup.on_task_prerun(sender=task)
    assert closes


def test_a_connection_older_than_conn_max_age_is_closed_after_a_task(task, closes):
    connection.ensure_connection()
    connection.close_at = time.monotonic() - 1
    run_task_signals(task)
    assert closes
    connection.ensure_connection()  # the next task connects again
    assert connection.connection is not None


def test_a_broken_connection_is_closed_after_a_task(task, closes, monkeypatch):
    connection.ensure_connection()
    connection.errors_occurred = True
    monkeypatch.setattr(connection, "is_usable", lambda: False)
    run_task_signals(task)
    assert closes


def test_an_eager_task_leaves_its_callers_connection_and_transaction_alone():
    eager = app.tasks["ingest.tasks.settle_positions"]
    eager.push_request(is_eager=True, id="eager")
    try:
        with transaction.atomic():
            connection.ensure_connection()
            before = connection.connection
            signals.task_postrun.send(sender=eager, task_id="eager", task=eager, args=(), kwargs={}, retval=None,
                                      state="SUCCESS")
            assert connection.connection is before
            assert connection.in_atomic_block
    finally:
        eager.pop_request()


def test_db_reuse_max_defaults_to_the_tasks_a_pool_process_runs(settings):
    assert settings.CELERY_DB_REUSE_MAX == settings.CELERY_WORKER_MAX_TASKS_PER_CHILD
    assert app.conf.get("CELERY_DB_REUSE_MAX") == settings.CELERY_DB_REUSE_MAX


def test_the_worker_loads_the_model_before_forking_its_pool():
    from ingest.extraction import meaning

    meaning.vectors.cache_clear()
    signals.worker_init.send(sender=None)
    assert meaning.vectors.cache_info().currsize == 1  # loaded once, in the process its pool is forked from
