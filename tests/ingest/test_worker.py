"""The web never runs the pipeline in a request; `manage.py ingest_worker` does, with no broker (issue 16)."""
import time
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from ingest import pipeline
from ingest.models import Article
from positions.models import Statement

from .conftest import REPORT


def run_worker(*args):
    out = StringIO()
    call_command("ingest_worker", "--once", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def no_broker(settings):
    settings.CELERY_BROKER_URL = ""
    return settings


def test_a_post_answers_at_once_whatever_the_body_and_the_worker_runs_it(talks, editor_api, no_broker):
    """With no broker the pipeline ran inside the request: a hostile body held the web worker for minutes."""
    body = "Deputy " * 140_000 + "Minister Anna Vask said."  # ~1 MB of one hostile run
    started = time.perf_counter()
    response = editor_api.post("/api/articles/", {"text": body, "title": "T", "published": "2023-03-02"}, format="json")
    elapsed = time.perf_counter() - started
    assert response.status_code == 202 and response.json()["status"] == "queued"
    assert elapsed < 1.0, f"the request took {elapsed:.2f} s"
    article = Article.objects.get()
    assert article.status == Article.Status.QUEUED and article.attempts == 0  # the worker takes it from here


def test_the_worker_processes_queued_articles(talks, editor_api, no_broker):
    editor_api.post("/api/articles/", {"text": REPORT, "title": "T", "published": "2023-03-02"}, format="json")
    out = run_worker()
    article = Article.objects.get()
    assert article.status == Article.Status.DONE and f"#{article.pk} done" in out
    assert Statement.objects.filter(article=article).exists()


def test_an_article_over_its_time_limit_fails_with_the_reason(talks, monkeypatch):
    """A per-article soft limit: the article fails with the stage it was in, nothing else waits."""
    article = Article.objects.create(url="text:slow", raw=REPORT, published="2023-03-02", title="T")

    def slow(*args, **kwargs):
        time.sleep(20)
        return []

    monkeypatch.setattr(pipeline, "find_statements", slow)
    started = time.perf_counter()
    # a limit the stages before extraction keep to on a loaded machine (0.5 s did not, under a CI run's load)
    run_worker("--time-limit", "3")
    assert time.perf_counter() - started < 15
    article.refresh_from_db()
    assert (article.status, article.stage) == (Article.Status.FAILED, Article.Stage.EXTRACT)
    assert article.error == "took longer than the time limit (3 s) at the extract stage"


def test_the_sync_command_has_the_same_limit(talks, monkeypatch, tmp_path, settings):
    settings.INGEST_ARTICLE_SECONDS = 0.5
    monkeypatch.setattr(pipeline, "find_statements", lambda *a, **k: time.sleep(5) or [])
    report = tmp_path / "r.txt"
    report.write_text(REPORT)
    with pytest.raises(Exception):
        call_command("ingest", "--sync", str(report), "--published", "2023-03-02", stdout=StringIO(), stderr=StringIO())
    article = Article.objects.get()
    assert article.status == Article.Status.FAILED and "time limit (0.5 s)" in article.error


def test_an_article_a_stopped_worker_left_half_done_is_taken_up_at_start(talks):
    """Without beat: the local worker that died left it 'processing'; the next one finishes it at once."""
    article = Article.objects.create(url="text:orphan", raw=REPORT, published="2023-03-02", title="T",
                                     status=Article.Status.PROCESSING, stage=Article.Stage.EXTRACT, attempts=1,
                                     claimed_by="local:host:4242")
    Article.objects.filter(pk=article.pk).update(updated_at=timezone.now())  # a fresh claim, well within the lease
    run_worker()
    article.refresh_from_db()
    assert (article.status, article.attempts) == (Article.Status.DONE, 2)


def test_a_claim_of_a_celery_worker_is_left_to_its_lease(talks):
    article = Article.objects.create(url="text:celery", raw=REPORT, published="2023-03-02", title="T",
                                     status=Article.Status.PROCESSING, attempts=1, claimed_by="b7e1-task-id")
    run_worker()
    article.refresh_from_db()
    assert article.status == Article.Status.PROCESSING
