"""The pipeline over one article: stages, statuses, re-runs, duplicates, failures."""
import datetime as dt

import pytest
from django.db import OperationalError

from ingest import pipeline, services, tasks
from ingest.models import Article
from positions import services as position_services
from positions.models import Person, Position, Statement, StatementLink

from .conftest import GERMAN_REPORT, OTHER_REPORT, REPORT, Route

Status, Stage = Article.Status, Article.Stage


def receive(text=REPORT, url="https://news.example.org/a", **fields):
    article, _ = services.article_receive(url=url, text=text, title="Talks", published="2023-03-02", **fields)
    return article


def rows(article):
    """What a run leaves behind, without ids."""
    return sorted(Statement.objects.filter(article=article).values_list("start", "end", "text", "status", "counted"))


def test_a_report_goes_through_every_stage(talks):
    article = receive()
    outcome = pipeline.process(article.pk)
    article.refresh_from_db()
    assert (article.status, article.stage, article.error, article.language) == (Status.DONE, Stage.FINISHED, "", "en")
    assert outcome.statements == Statement.objects.filter(article=article).count() >= 2
    assert outcome.links == StatementLink.objects.filter(statement__article=article).count() >= 1
    assert Position.objects.filter(issue__slug="troop-withdrawal").exists()
    assert "\n\n" in article.text and article.processed_at and article.attempts == 1
    assert f"#{article.pk} done: {outcome.statements} statements" in outcome.summary


def test_running_again_leaves_the_same_rows(talks):
    article = receive()
    pipeline.process(article.pk)
    before = (rows(article), Person.objects.count(), sorted(Position.objects.values_list("party_id", "issue_id", "round_id", "stance")))
    pipeline.process(article.pk)
    tasks.process_article.delay(article.pk)  # the admin's "run again"
    after = (rows(article), Person.objects.count(), sorted(Position.objects.values_list("party_id", "issue_id", "round_id", "stance")))
    assert before == after and before[0]


def test_an_articles_pairs_are_refreshed_from_the_earliest_round_of_its_links_and_a_rerun_from_the_first(talks, monkeypatch):
    """The positions before an article's earliest round cannot move: its pairs are derived from there (the
    rounds before keep their rows). A re-run replaces statements whose rounds it does not know: every round."""
    calls = []
    refresh = position_services.positions_refresh_pairs

    def recorded(pairs, **kwargs):
        calls.append((set(pairs), kwargs.get("since")))
        return refresh(pairs, **kwargs)

    monkeypatch.setattr(position_services, "positions_refresh_pairs", recorded)
    article = receive()
    pipeline.process(article.pk)
    (pairs, since), = calls
    links = StatementLink.objects.filter(statement__article=article, counted=True, round__isnull=False)
    order = {rnd.pk: i for i, rnd in enumerate(position_services.rounds_in_order(negotiation_id=talks.pk))}
    expected = {}
    for party_id, issue_id, round_id in links.values_list("party_id", "issue_id", "round_id"):
        if (party_id, issue_id) not in expected or order[round_id] < order[expected[(party_id, issue_id)]]:
            expected[(party_id, issue_id)] = round_id
    assert since == expected and set(since) == pairs and pairs
    stored = sorted(Position.objects.values_list("party_id", "issue_id", "round_id", "stance", "since_round_id", "evidence"))
    position_services.positions_rederive(negotiation=talks)
    assert sorted(Position.objects.values_list("party_id", "issue_id", "round_id", "stance", "since_round_id", "evidence")) == stored

    calls.clear()
    Article.objects.filter(pk=article.pk).update(status=Status.QUEUED)
    pipeline.process(article.pk)
    assert calls and all(not since for _, since in calls)


def test_a_claim_reads_the_articles_negotiation_with_it(talks, django_assert_num_queries):
    article = receive(negotiation=talks)
    claimed, note = pipeline.claim(article.pk)
    assert note == ""
    with django_assert_num_queries(0):
        assert pipeline.choose_negotiation(claimed) == talks


def test_a_rerun_never_touches_what_an_editor_reviewed(talks):
    article = receive()
    pipeline.process(article.pk)
    first, second = Statement.objects.filter(article=article).order_by("start")[:2]
    position_services.statement_review(statement=first, status=Statement.Status.CONFIRMED)
    position_services.statement_review(statement=second, status=Statement.Status.REJECTED)
    total = Statement.objects.filter(article=article).count()
    pipeline.process(article.pk)
    assert Statement.objects.get(pk=first.pk).status == Statement.Status.CONFIRMED
    assert Statement.objects.get(pk=second.pk).status == Statement.Status.REJECTED
    assert Statement.objects.filter(article=article).count() == total  # nothing found again over them
    spans = list(Statement.objects.filter(article=article).values_list("start", flat=True))
    assert len(spans) == len(set(spans))


def test_a_non_english_report_is_skipped_not_extracted(talks):
    article = receive(GERMAN_REPORT, url="https://zeitung.example.de/a")
    pipeline.process(article.pk)
    article.refresh_from_db()
    assert article.status == Status.SKIPPED and article.language == "de"
    assert article.error == "not extracted: the text is in German (de), not English"
    assert not Statement.objects.filter(article=article).exists()


def copy_of(text):
    """The same wire story in another outlet: new headline line, a dateline, the last paragraph cut, a word changed."""
    paragraphs = text.split("\n\n")
    return "\n\n".join(["Border talks open in Lisbon", "LISBON (Wire) - " + paragraphs[0], *paragraphs[1:-1]]).replace(
        "told reporters", "told journalists"
    )


def test_a_syndicated_copy_is_linked_to_its_original_and_not_counted(talks):
    original = receive()
    pipeline.process(original.pk)
    copy = receive(copy_of(REPORT), url="https://other.example.com/b", outlet="Other Daily")
    outcome = pipeline.process(copy.pk)
    copy.refresh_from_db()
    assert copy.duplicate_of_id == original.pk and copy.status == Status.DONE
    assert "duplicate of #%d" % original.pk in outcome.summary
    copied = Statement.objects.filter(article=copy)
    assert copied.exists() and not copied.filter(counted=True).exists()
    assert not StatementLink.objects.filter(statement__article=copy, counted=True).exists()
    evidence = {pk for p in Position.objects.all() for pk in p.evidence}
    assert evidence and evidence <= set(Statement.objects.filter(article=original).values_list("pk", flat=True))


def test_an_unrelated_report_on_the_same_talks_is_not_a_duplicate(talks):
    pipeline.process(receive().pk)
    other = receive(OTHER_REPORT, url="https://news.example.org/quotas")
    pipeline.process(other.pk)
    other.refresh_from_db()
    assert other.duplicate_of_id is None
    assert Statement.objects.filter(article=other, counted=False).count() == 0


def test_the_copy_received_first_is_the_original_whatever_the_processing_order(talks):
    a = receive(url="https://a.example.org/1")
    b = receive(copy_of(REPORT), url="https://b.example.org/1")
    pipeline.process(b.pk)  # e.g. a's worker died and a is retried later
    assert Statement.objects.filter(article=b, counted=True).exists()
    pipeline.process(a.pk)
    a.refresh_from_db(), b.refresh_from_db()
    assert (a.duplicate_of_id, b.duplicate_of_id) == (None, a.pk)
    assert not Statement.objects.filter(article=b, counted=True).exists()
    assert not StatementLink.objects.filter(statement__article=b, counted=True).exists()
    evidence = {pk for p in Position.objects.all() for pk in p.evidence}
    assert evidence and evidence <= set(Statement.objects.filter(article=a).values_list("pk", flat=True))
    pipeline.process(b.pk)  # a re-run of the copy does not flip the pair
    pipeline.process(a.pk)
    a.refresh_from_db(), b.refresh_from_db()
    assert (a.duplicate_of_id, b.duplicate_of_id) == (None, a.pk)


def test_a_copy_demoted_by_its_original_in_the_middle_of_its_run_does_not_count(talks, monkeypatch):
    """The original (received first) finishes its duplicate check while the copy is being extracted."""
    a = receive(url="https://a.example.org/2")
    b = receive(copy_of(REPORT), url="https://b.example.org/2")
    real_find = pipeline.find_statements
    original_ran = []

    def find_then_let_the_original_run(text, **kwargs):
        if not original_ran:
            original_ran.append(True)
            pipeline.process(a.pk)  # demotes b, which has no statements yet
        return real_find(text, **kwargs)

    monkeypatch.setattr(pipeline, "find_statements", find_then_let_the_original_run)
    pipeline.process(b.pk)
    b.refresh_from_db()
    assert b.duplicate_of_id == a.pk
    assert Statement.objects.filter(article=b).exists()
    assert not Statement.objects.filter(article=b, counted=True).exists()
    assert not StatementLink.objects.filter(statement__article=b, counted=True).exists()


@pytest.mark.parametrize("body, is_html, reason", [
    ("Advertisement\nShare this article\nSubscribe", False, "no article text: the body is empty or only page furniture"),
    ("<html><body><div></div></body></html>", True, "no article text found in the HTML"),
    ("<<<>>>< /// ><", True, "no article text found in the HTML"),
])
def test_a_body_without_text_fails_at_clean(talks, body, is_html, reason):
    key = "html" if is_html else "text"
    article, _ = services.article_receive(url="https://x.example.org/e", **{key: body})
    pipeline.process(article.pk)
    article.refresh_from_db()
    assert (article.status, article.stage) == (Status.FAILED, Stage.CLEAN) and article.error.startswith(reason)


def test_truncated_html_still_gives_the_paragraphs_that_arrived(talks):
    paragraphs = "".join(f"<p>{p}</p>" for p in REPORT.split("\n\n"))
    html = f"<html><head><title>Talks</title></head><body><article>{paragraphs}"
    html = html[: html.rindex("Diplomats") + 30]  # cut in the middle of the last paragraph, tags left open
    article, _ = services.article_receive(url="https://x.example.org/t", html=html, published="2023-03-02")
    pipeline.process(article.pk)
    article.refresh_from_db()
    assert article.status == Status.DONE and "Anna Vask" in article.text
    assert Statement.objects.filter(article=article).exists()


# --- URLs --------------------------------------------------------------------------------------


def url_article(url):
    article, _ = services.article_receive(url=url)
    return article


def test_a_url_is_fetched_cleaned_and_extracted(talks, allowed_server):
    paragraphs = "".join(f"<p>{p}</p>" for p in REPORT.split("\n\n"))
    allowed_server.routes["/story"] = Route(body=f"<html><head><title>Border talks</title></head><body><article>{paragraphs}</article></body></html>")
    article = url_article(allowed_server.url("/story"))
    pipeline.process(article.pk)
    article.refresh_from_db()
    assert article.status == Status.DONE and article.raw_is_html and article.title == "Border talks"
    assert Statement.objects.filter(article=article).exists()
    pipeline.process(article.pk)  # a re-run uses the stored body
    assert allowed_server.paths() == ["/story"]


@pytest.mark.parametrize("route, reason", [
    (Route(404, "gone"), "the server answered 404"),
    (Route(body=b"%PDF-1.5 binary", content_type="application/pdf"), "not a text or HTML page: the server says it is a PDF"),
    (Route(body=b"\x89PNG\r\n\x1a\n\x00\x00", content_type="image/png"), "not a text or HTML page: the server says it is image"),
    (Route(body=b"", content_type="text/html"), "is empty"),
])
def test_permanent_fetch_failures(talks, allowed_server, route, reason):
    allowed_server.routes["/x"] = route
    article = url_article(allowed_server.url("/x"))
    pipeline.process(article.pk)
    article.refresh_from_db()
    assert (article.status, article.stage) == (Status.FAILED, Stage.FETCH)
    assert reason in article.error


def test_a_page_over_the_size_cap_fails_without_being_stored(talks, allowed_server, settings):
    allowed_server.routes["/big"] = Route(body="<p>" + "word " * (2 * 1024 * 1024 + 10) + "</p>")  # > 10 MB
    article = url_article(allowed_server.url("/big"))
    pipeline.process(article.pk)
    article.refresh_from_db()
    assert (article.status, article.stage) == (Status.FAILED, Stage.FETCH)
    assert "too large" in article.error and "10.0 MB" in article.error and article.raw == ""


@pytest.mark.parametrize("route, reason", [
    (Route(500, "oops"), "the server answered 500"),
    (Route(503, "busy"), "the server answered 503"),
    (Route(body="<p>late</p>", delay=1.0), "did not answer within 0.3 s"),
])
def test_transient_fetch_failures_are_retried_then_given_up(talks, allowed_server, settings, route, reason):
    settings.INGEST_FETCH_TIMEOUT = 0.3
    allowed_server.routes["/t"] = route
    article = url_article(allowed_server.url("/t"))
    with pytest.raises(pipeline.TransientError):
        pipeline.process(article.pk)
    article.refresh_from_db()
    assert (article.status, article.stage) == (Status.QUEUED, Stage.FETCH)
    assert article.error.startswith("will retry (fetch): ") and reason in article.error
    tasks.process_article.delay(article.pk)  # eager: no broker to retry on, so it gives up at once
    article.refresh_from_db()
    assert article.status == Status.FAILED and reason in article.error and "temporary" in article.error


@pytest.mark.parametrize("url", ["http://127.0.0.1:{port}/x", "http://10.0.0.5/x", "http://169.254.169.254/latest/meta-data/"])
def test_private_urls_fail_at_fetch_without_a_request(talks, local_server, url):
    local_server.routes["/x"] = Route(body=REPORT)
    article = url_article(url.format(port=local_server.port))
    pipeline.process(article.pk)
    article.refresh_from_db()
    assert (article.status, article.stage) == (Status.FAILED, Stage.FETCH)
    assert article.error.startswith("refused:") and local_server.hits == []


def test_a_name_that_does_not_resolve_fails_at_fetch(talks, monkeypatch):
    import socket

    def fail(*args, **kwargs):
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", fail)
    article = url_article("https://no-such-name.example.org/story")
    pipeline.process(article.pk)
    article.refresh_from_db()
    assert article.status == Status.FAILED and article.error == "the name no-such-name.example.org does not resolve"


# --- Claims, retries, interruptions ---------------------------------------------------------------


def test_a_second_run_while_one_holds_the_article_does_nothing(talks):
    article = receive()
    Article.objects.filter(pk=article.pk).update(status=Status.PROCESSING)
    outcome = pipeline.process(article.pk)
    assert outcome.note == "already being processed"
    assert not Statement.objects.filter(article=article).exists()


def test_the_same_message_delivered_again_takes_over_its_own_claim_at_once(talks):
    """A worker died mid-run and the broker redelivered its message (same task id): no wait for the lease."""
    article = receive()
    Article.objects.filter(pk=article.pk).update(
        status=Status.PROCESSING, stage=Stage.EXTRACT, attempts=1, claimed_by="task-1"
    )
    assert pipeline.process(article.pk, token="task-2").note == "already being processed"
    pipeline.process(article.pk, token="task-1")
    article.refresh_from_db()
    assert article.status == Status.DONE and article.attempts == 2
    assert Statement.objects.filter(article=article).exists()


def test_statements_commit_before_positions_refresh_and_a_crash_between_is_retried(talks, monkeypatch):
    article = receive()
    real_refresh = pipeline.position_services.positions_refresh_pairs

    def worker_stops(pairs, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(pipeline.position_services, "positions_refresh_pairs", worker_stops)
    with pytest.raises(KeyboardInterrupt):
        pipeline.process(article.pk)
    article.refresh_from_db()
    assert article.status == Status.QUEUED  # not done: the retry will refresh
    assert Statement.objects.filter(article=article).exists() and not Position.objects.exists()
    monkeypatch.setattr(pipeline.position_services, "positions_refresh_pairs", real_refresh)
    pipeline.process(article.pk)
    article.refresh_from_db()
    assert article.status == Status.DONE and Position.objects.exists()


def test_a_claim_left_by_a_dead_worker_expires(talks, settings):
    settings.INGEST_LEASE_SECONDS = 60
    article = receive()
    stale = dt.datetime(2020, 1, 1, tzinfo=dt.timezone.utc)
    Article.objects.filter(pk=article.pk).update(status=Status.PROCESSING, stage=Stage.EXTRACT, attempts=1)
    Article.objects.filter(pk=article.pk).update(updated_at=stale)
    assert services.needs_processing(Article.objects.get(pk=article.pk))
    pipeline.process(article.pk)
    article.refresh_from_db()
    assert article.status == Status.DONE and article.attempts == 2


def test_an_article_that_kills_its_worker_every_time_is_given_up(talks, settings):
    settings.INGEST_MAX_ATTEMPTS = 3
    article = receive()
    Article.objects.filter(pk=article.pk).update(status=Status.PROCESSING, stage=Stage.EXTRACT, attempts=3)
    Article.objects.filter(pk=article.pk).update(updated_at=dt.datetime(2020, 1, 1, tzinfo=dt.timezone.utc))
    pipeline.process(article.pk)
    article.refresh_from_db()
    assert article.status == Status.FAILED and article.error.startswith("gave up after 3 attempts")
    assert "extract" in article.error


def test_a_message_overtaken_by_a_finished_run_is_dropped(talks):
    article = receive()
    pipeline.process(article.pk)
    ids = set(Statement.objects.filter(article=article).values_list("pk", flat=True))
    result = tasks.process_article.delay(article.pk, 0).get()
    assert "already done" in result
    assert set(Statement.objects.filter(article=article).values_list("pk", flat=True)) == ids


def test_requeue_stuck_finishes_what_a_crash_left(talks, settings):
    settings.INGEST_LEASE_SECONDS = 60
    queued, processing = receive(url="https://a.example.org/q"), receive(OTHER_REPORT, url="https://a.example.org/p")
    old = dt.datetime(2020, 1, 1, tzinfo=dt.timezone.utc)
    Article.objects.filter(pk=processing.pk).update(status=Status.PROCESSING, attempts=1)
    Article.objects.filter(pk__in=[queued.pk, processing.pk]).update(updated_at=old)
    fresh = receive(url="https://a.example.org/fresh")  # queued just now: its message is still on its way
    assert tasks.requeue_stuck.delay().get() == 2
    assert set(Article.objects.filter(status=Status.DONE).values_list("pk", flat=True)) == {queued.pk, processing.pk}
    assert Article.objects.get(pk=fresh.pk).status == Status.QUEUED


def test_an_interrupted_run_leaves_the_article_queued(talks, monkeypatch):
    article = receive()

    def interrupt(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(pipeline, "find_statements", interrupt)
    with pytest.raises(KeyboardInterrupt):
        pipeline.process(article.pk)
    article.refresh_from_db()
    assert (article.status, article.error) == (Status.QUEUED, "interrupted at the extract stage")
    monkeypatch.undo()
    pipeline.process(article.pk)
    assert Article.objects.get(pk=article.pk).status == Status.DONE


def test_a_bug_in_a_stage_fails_the_article_with_the_stage(talks, monkeypatch):
    article = receive()
    monkeypatch.setattr(pipeline, "link_statements", lambda *a, **k: 1 / 0)
    pipeline.process(article.pk)
    article.refresh_from_db()
    assert (article.status, article.stage) == (Status.FAILED, Stage.LINK)
    assert article.error == "unexpected error: ZeroDivisionError: division by zero"


def test_a_database_that_goes_away_is_a_transient_failure(talks, monkeypatch):
    article = receive()

    def gone(*args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(pipeline.language, "judge", gone)
    with pytest.raises(pipeline.TransientError):
        pipeline.process(article.pk)
    article.refresh_from_db()
    assert article.status == Status.QUEUED and "database is unavailable" in article.error


def test_a_run_overtaken_by_a_newer_body_does_not_store_statements_on_the_old_text(talks, monkeypatch):
    article = receive()
    real = pipeline.find_statements

    def meanwhile(*args, **kwargs):  # an editor sends a corrected body while extraction runs
        found = real(*args, **kwargs)
        services.article_receive(url=article.url, text=OTHER_REPORT)
        Article.objects.filter(pk=article.pk).update(content_hash="new", text=OTHER_REPORT)
        return found

    monkeypatch.setattr(pipeline, "find_statements", meanwhile)
    outcome = pipeline.process(article.pk)
    assert outcome.note.startswith("superseded") and not Statement.objects.filter(article=article).exists()
    monkeypatch.undo()
    pipeline.process(article.pk)
    article.refresh_from_db()
    assert article.status == Status.DONE and article.text.startswith("Talks between")
    assert all(article.text[s.start:s.end] == s.text for s in Statement.objects.filter(article=article))


def test_a_text_pushed_without_a_title_takes_its_headline_line(talks):
    article, _ = services.article_receive(url="https://news.example.org/untitled",
                                          text="Envoys meet again as talks stall\n\n" + REPORT, published="2023-03-02")
    pipeline.process(article.pk)
    article.refresh_from_db()
    assert article.title == "Envoys meet again as talks stall"
    assert str(article) == article.title  # the admin lists it by its headline, not its address
    given = receive(url="https://news.example.org/titled", text="Envoys meet again as talks stall\n\n" + REPORT)
    pipeline.process(given.pk)
    given.refresh_from_db()
    assert given.title == "Talks"  # a title given is kept


def test_an_article_takes_the_same_few_queries_however_big_the_record(talks):
    """Issue 14's bound: at most 30 queries an article (transaction control aside), the same with a
    record of hundreds of statements on the same parties, issues and rounds."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import ArticleFactory

    def queries_of(url):
        article = receive(url=url)
        with CaptureQueriesContext(connection) as captured:
            pipeline.process(article.pk)
        assert Statement.objects.filter(article=article, counted=True).exists()
        Article.objects.filter(pk=article.pk).delete()  # the next one is no duplicate of it
        return [q["sql"] for q in captured.captured_queries if not q["sql"].startswith(("BEGIN", "SAVEPOINT", "RELEASE"))]

    first = queries_of("https://news.example.org/first")  # the process reads the negotiation once
    small = queries_of("https://news.example.org/small")
    parties, issue = list(talks.parties.all()), talks.issues.get()
    rounds = position_services.rounds_in_order(negotiation_id=talks.pk)
    statements, links = [], []
    for n in range(300):
        article = ArticleFactory(published=dt.date(2023, 3, 1) + dt.timedelta(days=n % 60))
        statement = Statement(negotiation=talks, article=article, text=f"Said {n}.", start=0, end=8,
                              party=parties[n % 2], stated_on=article.published,
                              round=position_services.round_for_day(rounds, article.published))
        link = StatementLink(statement=statement, issue=issue, stance=("demands", "rejects", "open")[n % 3])
        position_services.statement_fill_copies(statement, [link], article=article)
        statements.append(statement)
        links.append(link)
    Statement.objects.bulk_create(statements)
    StatementLink.objects.bulk_create(links)
    position_services.positions_rederive(negotiation=talks)
    large = queries_of("https://news.example.org/large")
    assert len(small) == len(large) < len(first) <= 30, (len(first), len(small), len(large))
# --- A failed article stops counting (issue 16) ------------------------------------------------


def _fail_at_extract(monkeypatch):
    def broken(*args, **kwargs):
        raise pipeline.PipelineError("the extractor refused this text")

    monkeypatch.setattr(pipeline, "find_statements", broken)


def test_a_copy_of_an_article_that_failed_counts(talks, monkeypatch):
    """The copy was marked a duplicate of an original that failed, so its statements never counted."""
    original = receive()
    with monkeypatch.context() as patch:
        _fail_at_extract(patch)
        pipeline.process(original.pk)  # fails after the duplicate stage stored its fingerprint
    original.refresh_from_db()
    assert original.status == Status.FAILED
    copy = receive(copy_of(REPORT), url="https://other.example.com/b", outlet="Other Daily")
    pipeline.process(copy.pk)
    copy.refresh_from_db()
    assert copy.duplicate_of_id is None and copy.status == Status.DONE
    assert Statement.objects.filter(article=copy, counted=True).exists()


def test_copies_of_an_original_that_fails_later_count_again(talks, monkeypatch):
    original = receive()
    pipeline.process(original.pk)
    first = receive(copy_of(REPORT), url="https://other.example.com/b", outlet="Other Daily")
    second = receive(copy_of(REPORT), url="https://third.example.com/c", outlet="Third")
    pipeline.process(first.pk)
    pipeline.process(second.pk)
    assert set(Article.objects.filter(duplicate_of=original).values_list("pk", flat=True)) == {first.pk, second.pk}
    services.article_receive(url="https://news.example.org/a", text=REPORT + "\n\nA correction.",
                             title="Talks", published="2023-03-02")
    _fail_at_extract(monkeypatch)
    pipeline.process(original.pk)
    first.refresh_from_db(), second.refresh_from_db()
    assert (first.duplicate_of_id, second.duplicate_of_id) == (None, first.pk)  # the first copy is the original now
    assert Statement.objects.filter(article=first, counted=True).exists()
    assert not Statement.objects.filter(article=second, counted=True).exists()


def test_a_failed_resubmission_withdraws_the_old_statements_from_the_positions(talks, monkeypatch):
    """The article was 'failed' but its statements from the earlier body still led the positions' evidence."""
    article = receive()
    pipeline.process(article.pk)
    old = set(Statement.objects.filter(article=article).values_list("pk", flat=True))
    assert old and {pk for p in Position.objects.all() for pk in p.evidence} & old
    confirmed = Statement.objects.filter(article=article).order_by("start").first()
    position_services.statement_review(statement=confirmed, status=Statement.Status.CONFIRMED)
    services.article_receive(url="https://news.example.org/a", text=REPORT + "\n\nUpdated.", title="Talks",
                             published="2023-03-02")
    _fail_at_extract(monkeypatch)
    pipeline.process(article.pk)
    article.refresh_from_db()
    assert article.status == Status.FAILED
    left = set(Statement.objects.filter(article=article).values_list("pk", flat=True))
    assert left == {confirmed.pk}  # what an editor confirmed stays; the automatic ones are gone
    evidence = {pk for p in Position.objects.all() for pk in p.evidence}
    assert not evidence & (old - {confirmed.pk})


# --- The store in plain SQL (issue 14) ------------------------------------------------------------


def orm_store(article, negotiation, found, *, context, rounds):
    """The reference: the statements and links as model objects, their copies set by
    `statement_fill_copies`, saved with the ORM's bulk_create (what `_store` wrote before plain SQL)."""
    parties = {p.code: p.id for p in context.parties}
    issues = {i.slug: i.id for i in context.issues}
    people = pipeline._speakers(found, parties)
    statements, links = [], []
    for f in found:
        statement = Statement(
            negotiation=negotiation, article=article, text=f.text, start=f.start, end=f.end, kind=f.kind,
            speaker_id=people.get(f.speaker[:200]) if f.speaker else None, party_id=parties.get(f.party_code),
            stated_on=f.stated_on, confidence=round(f.confidence, 3), attribution=f.attribution[:300],
            round=position_services.round_for_day(rounds, f.stated_on or article.published),
        )
        own = [StatementLink(statement=statement, issue_id=issues[link.issue_slug], stance=link.stance,
                             confidence=round(link.confidence, 3), reason=link.reason[:300])
               for link in f.links if link.issue_slug in issues]
        position_services.statement_fill_copies(statement, own, article=article)
        statements.append(statement)
        links += own
    Statement.objects.bulk_create(statements)
    StatementLink.objects.bulk_create(links)


def stored_rows(article):
    """Every column of the article's statements and links but ids and creation times (links by their statement's span)."""
    statement_fields = [f.attname for f in Statement._meta.concrete_fields if f.attname not in ("id", "created_at")]
    link_fields = [f.attname for f in StatementLink._meta.concrete_fields if f.attname not in ("id", "statement_id")]
    statements = sorted(Statement.objects.filter(article=article).values_list(*statement_fields))
    links = sorted(StatementLink.objects.filter(statement__article=article).values_list(
        "statement__start", "statement__end", *link_fields))
    return statements, links


@pytest.mark.parametrize("copy", [False, True], ids=["original", "syndicated copy"])
def test_the_store_writes_every_column_as_the_orm_did(talks, monkeypatch, copy):
    from tests.factories import ArticleFactory

    stored = {}

    def spy(article, negotiation, found, **kwargs):
        if copy:
            article.duplicate_of_id = ArticleFactory().pk  # its links must not count
        stored.update(args=(article, negotiation, found), kwargs=kwargs)
        return store(article, negotiation, found, **kwargs)

    store = pipeline._store
    monkeypatch.setattr(pipeline, "_store", spy)
    article = receive(REPORT.replace("Anna Vask", "Mira Holm"))  # a speaker the store adds as a new person
    pipeline.process(article.pk)
    by_sql = stored_rows(article)
    Statement.objects.filter(article=article).delete()
    orm_store(*stored["args"], **stored["kwargs"])
    by_orm = stored_rows(article)
    assert by_sql == by_orm and by_sql[1], by_sql
    assert Person.objects.filter(name="Mira Holm", reviewed=False).exists()
    assert set(Statement.objects.filter(article=article).values_list("counted", flat=True)) == {not copy}
    assert set(StatementLink.objects.filter(statement__article=article).values_list("counted", flat=True)) == {not copy}
    created = set(Statement.objects.filter(article=article).values_list("created_at", flat=True))
    assert all(abs(at - article.updated_at) < dt.timedelta(minutes=1) for at in created)
