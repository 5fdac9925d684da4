"""The same article sent twice at once (threads, committed transactions): one article, one set of statements."""
import threading

import pytest
from django.db import connection

from ingest import pipeline, services
from ingest.models import Article
from positions.models import Person, Statement

from .conftest import REPORT

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor == "sqlite",
        reason="SQLite's shared in-memory test database locks whole tables across threads; CI runs this on PostgreSQL",
    ),
]


def at_once(count, work):
    barrier = threading.Barrier(count)
    results, errors = [None] * count, []

    def run(i):
        try:
            barrier.wait(timeout=10)
            results[i] = work()
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not errors, errors
    return results


def test_the_same_submission_twice_at_once(talks):
    def submit():
        article, needs = services.article_receive(
            url="https://news.example.org/same", text=REPORT, title="T", published="2023-03-02")
        return pipeline.process(article.pk).summary if needs else "not needed"

    summaries = at_once(2, submit)
    article = Article.objects.get()
    assert article.status == Article.Status.DONE
    spans = list(Statement.objects.filter(article=article).values_list("start", "end"))
    assert spans and len(spans) == len(set(spans))
    assert any(" done: " in s for s in summaries)
    assert Person.objects.filter(name="Anna Vask").count() == 1


def test_two_copies_of_a_wire_story_at_once_make_one_original(talks):
    copy = "Border talks open\n\n" + REPORT.replace("told reporters", "told journalists")

    def submit(url, text):
        return lambda: pipeline.process(services.article_receive(url=url, text=text, published="2023-03-02")[0].pk)

    a, b = submit("https://a.example.org/1", REPORT), submit("https://b.example.org/1", copy)
    turn = iter([a, b])
    lock = threading.Lock()

    def next_job():
        with lock:
            job = next(turn)
        return job()

    at_once(2, next_job)
    marks = dict(Article.objects.values_list("url", "duplicate_of"))
    assert sorted(v is None for v in marks.values()) == [False, True]  # exactly one original
    assert Statement.objects.filter(counted=True).values("article").distinct().count() == 1


def test_a_refresh_never_waits_for_another_and_the_run_holding_the_issue_takes_its_pairs(talks, monkeypatch):
    """Workers storing articles at once: a refresh that finds an issue held leaves its pairs marked and
    returns at once; the run that holds the issue derives them before it stops."""
    import time

    from positions import services as position_services
    from positions.models import PendingPair, Position

    article, _ = services.article_receive(url="https://news.example.org/held", text=REPORT, published="2023-03-02")
    pipeline.process(article.pk)
    pairs = set(Position.objects.values_list("party_id", "issue_id").distinct())
    assert len(pairs) >= 2
    first, second = sorted(pairs)[:2]
    assert first[1] == second[1]  # one issue, two parties
    Position.objects.filter(party_id=second[0]).delete()

    held, release, derive = threading.Event(), threading.Event(), position_services._positions_derive

    def slow_derive(*args, **kwargs):
        if threading.current_thread() is not threading.main_thread() and not held.is_set():
            held.set()
            release.wait(timeout=30)
        return derive(*args, **kwargs)

    monkeypatch.setattr(position_services, "_positions_derive", slow_derive)

    def holder():
        try:
            position_services.positions_refresh_pairs({first})
        finally:
            connection.close()

    thread = threading.Thread(target=holder)
    thread.start()
    assert held.wait(timeout=30)
    started = time.monotonic()
    position_services.positions_refresh_pairs({second})  # the issue is held: mark and go
    assert time.monotonic() - started < 5
    assert PendingPair.objects.filter(party_id=second[0], issue_id=second[1]).exists()
    assert not Position.objects.filter(party_id=second[0]).exists()
    release.set()
    thread.join(timeout=60)
    assert not PendingPair.objects.exists()
    assert Position.objects.filter(party_id=second[0]).exists()  # derived by the run that held the issue


def test_a_refresh_inside_a_transaction_that_found_its_issue_held_runs_again_when_it_commits(talks):
    """An editor's change marks its pairs inside the request's transaction: no other run can see them before
    it commits, so the refresh looks again then."""
    from django.db import transaction

    from positions import services as position_services
    from positions.models import Issue, PendingPair, Position

    article, _ = services.article_receive(url="https://news.example.org/editor", text=REPORT, published="2023-03-02")
    pipeline.process(article.pk)
    pair = sorted(set(Position.objects.values_list("party_id", "issue_id")))[0]
    Position.objects.filter(party_id=pair[0], issue_id=pair[1]).delete()
    held, release = threading.Event(), threading.Event()

    def holder():
        try:
            with transaction.atomic():
                list(Issue.objects.select_for_update(no_key=True).filter(pk=pair[1]))
                held.set()
                release.wait(timeout=30)
        finally:
            connection.close()

    thread = threading.Thread(target=holder)
    thread.start()
    assert held.wait(timeout=30)
    with transaction.atomic():
        position_services.positions_refresh_pairs({pair})  # the issue is held: marked, not derived
        assert not Position.objects.filter(party_id=pair[0], issue_id=pair[1]).exists()
        release.set()
        thread.join(timeout=30)
    assert not PendingPair.objects.exists()  # taken when the transaction committed
    assert Position.objects.filter(party_id=pair[0], issue_id=pair[1]).exists()
