"""The Celery task decides about retries: transient failures back off and retry, permanent ones never do."""
import pytest

from ingest import pipeline, services, tasks
from ingest.models import Article
from ingest.management.commands.ingest import Progress

from .conftest import Route


class Retried(Exception):
    pass


@pytest.fixture
def retries(monkeypatch):
    calls = []

    def retry(exc=None, countdown=None, **kwargs):
        calls.append((exc, countdown))
        raise Retried

    monkeypatch.setattr(tasks.process_article, "retry", retry)
    return calls


def run_as_worker(article_id, retries_so_far=0):
    """The task body as a worker runs it (not eager), at a given retry."""
    tasks.process_article.push_request(retries=retries_so_far, is_eager=False)
    try:
        return tasks.process_article.run(article_id)
    finally:
        tasks.process_article.pop_request()


def test_a_5xx_is_retried_with_backoff(talks, allowed_server, retries):
    allowed_server.routes["/x"] = Route(503, "busy")
    article, _ = services.article_receive(url=allowed_server.url("/x"))
    with pytest.raises(Retried):
        run_as_worker(article.pk, retries_so_far=3)
    (exc, countdown), = retries
    assert isinstance(exc, pipeline.TransientError) and 0 <= countdown <= 40  # full jitter up to 5 * 2**3
    article.refresh_from_db()
    assert article.status == Article.Status.QUEUED and "503" in article.error


def test_after_the_last_retry_the_article_fails_with_the_reason(talks, allowed_server, retries):
    allowed_server.routes["/x"] = Route(503, "busy")
    article, _ = services.article_receive(url=allowed_server.url("/x"))
    result = run_as_worker(article.pk, retries_so_far=tasks.process_article.max_retries)
    article.refresh_from_db()
    assert retries == [] and article.status == Article.Status.FAILED and "gave up after 7 attempts" in article.error
    assert result.startswith(f"#{article.pk} failed: the server answered 503")


def test_a_permanent_failure_is_never_retried(talks, allowed_server, retries):
    allowed_server.routes["/x"] = Route(404, "nope")
    article, _ = services.article_receive(url=allowed_server.url("/x"))
    assert "failed at fetch" in run_as_worker(article.pk)
    assert retries == []


def test_the_task_is_acknowledged_late_and_requeued_when_its_worker_dies():
    assert tasks.process_article.acks_late and tasks.process_article.reject_on_worker_lost


def test_progress_bar_on_a_terminal_only():
    import io

    class Tty(io.StringIO):
        def isatty(self):
            return True

    tty, pipe = Tty(), io.StringIO()
    for out in (tty, pipe):
        bar = Progress(4, out)
        bar.show(2)
        bar.clear()
    assert "[###############...............] 2/4" in tty.getvalue() and pipe.getvalue() == ""


def test_every_beat_entry_names_a_registered_task():
    """A typo in the schedule would only show as a beat that silently does nothing."""
    from django.conf import settings

    from config.celery import app

    app.loader.import_default_modules()
    names = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "ingest.tasks.settle_positions" in names
    assert names <= set(app.tasks), names - set(app.tasks)
