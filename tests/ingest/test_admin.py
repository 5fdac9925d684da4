"""Articles and feeds in the admin: status and errors visible, the pipeline re-run from a button."""
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from ingest.models import Article, Feed
from positions import services
from positions.models import Position, Statement
from tests.factories import ArticleFactory, StatementFactory, StatementLinkFactory

pytestmark = pytest.mark.django_db

BODY = ("The two delegations met on Tuesday and agreed to continue the talks next week, "
        "the minister told reporters after the meeting. Officials said the next session would be longer.")


@pytest.fixture
def desk(client, editor, settings):
    settings.CELERY_BROKER_URL = ""  # the embedded default: a request only queues, the worker processes
    client.force_login(editor)
    return client


def run_worker():
    call_command("ingest_worker", "--once", stdout=StringIO())


def test_article_pages_show_status_stage_error_and_statements(desk, shipped):
    original = ArticleFactory(title="The original")
    failed = ArticleFactory(title="Copy", status=Article.Status.FAILED, stage=Article.Stage.FETCH,
                            error="HTTP 503 from the server", duplicate_of=original)
    statement = StatementFactory(negotiation=shipped, article=failed, text="A statement in the copy.")
    listing = desk.get(reverse("admin:ingest_article_changelist"))
    html = listing.content.decode()
    assert listing.status_code == 200 and "HTTP 503 from the server" in html
    page = desk.get(reverse("admin:ingest_article_change", args=[failed.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert "HTTP 503 from the server" in html
    assert reverse("admin:positions_statement_change", args=[statement.pk]) in html
    copies = desk.get(reverse("admin:ingest_article_changelist"), {"duplicate": "yes"}).context["cl"].result_list
    assert list(copies) == [failed]
    failures = desk.get(reverse("admin:ingest_article_changelist"), {"status__exact": "failed"})
    assert list(failures.context["cl"].result_list) == [failed]


def test_run_again_action_puts_a_failed_article_through_the_pipeline(desk, db):
    article = Article.objects.create(url="text:rerun", raw=BODY, status=Article.Status.FAILED,
                                     stage=Article.Stage.CLEAN, error="unexpected error: boom", attempts=1)
    response = desk.post(reverse("admin:ingest_article_changelist"),
                         {"action": "run_again", "_selected_action": [article.pk]})
    assert response.status_code == 302
    article.refresh_from_db()
    assert (article.status, article.attempts) == (Article.Status.QUEUED, 1)  # queued through the service, not run here
    run_worker()
    article.refresh_from_db()
    assert article.attempts == 2
    assert article.status == Article.Status.DONE
    assert article.stage == Article.Stage.FINISHED
    assert article.error == ""
    assert article.text.startswith("The two delegations")


def test_adding_an_article_in_the_admin_runs_the_pipeline(desk, db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = desk.post(reverse("admin:ingest_article_add"), {
            "url": "", "title": "Pasted report", "outlet": "Desk", "published": "2022-01-12", "raw": BODY,
        })
    assert response.status_code == 302
    article = Article.objects.get()
    assert (article.title, article.outlet, str(article.published)) == ("Pasted report", "Desk", "2022-01-12")
    assert article.url.startswith("text:")
    assert article.status == Article.Status.QUEUED  # the request answers at once; the worker does the work
    run_worker()
    article.refresh_from_db()
    assert article.status == Article.Status.DONE
    # Adding the same text again finds the stored article instead of failing.
    with django_capture_on_commit_callbacks(execute=True):
        desk.post(reverse("admin:ingest_article_add"), {"url": "", "title": "Again", "raw": BODY})
    assert Article.objects.count() == 1


def test_add_form_needs_a_url_or_a_text(desk, db):
    response = desk.post(reverse("admin:ingest_article_add"), {"url": "", "raw": ""})
    assert response.status_code == 200
    assert response.context["adminform"].form.errors
    assert not Article.objects.exists()


def test_marking_an_article_a_duplicate_stops_its_statements_counting(desk, shipped, admin_form_data):
    rnd = shipped.rounds.order_by("date").first()
    party, issue = shipped.parties.first(), shipped.issues.first()
    original = ArticleFactory()
    copy = ArticleFactory()
    statement = StatementFactory(negotiation=shipped, article=copy, party=party, stated_on=rnd.date, round=rnd)
    StatementLinkFactory(statement=statement, issue=issue, stance="rejects")
    services.positions_refresh(party_id=party.pk, issue_id=issue.pk)
    assert Position.objects.filter(party=party, issue=issue, round=rnd).exists()

    url = reverse("admin:ingest_article_change", args=[copy.pk])
    data = admin_form_data(desk.get(url))
    data["duplicate_of"] = str(original.pk)
    response = desk.post(url, data)
    assert response.status_code == 302, response.context and response.context["errors"]
    assert Statement.objects.get(pk=statement.pk).counted is False
    assert not Position.objects.filter(party=party, issue=issue, round=rnd).exists()


def test_deleting_an_article_withdraws_the_positions_it_fed(desk, shipped):
    rnd = shipped.rounds.order_by("date").first()
    party, issue = shipped.parties.first(), shipped.issues.first()
    article = ArticleFactory()
    statement = StatementFactory(negotiation=shipped, article=article, party=party, stated_on=rnd.date, round=rnd)
    StatementLinkFactory(statement=statement, issue=issue, stance="open")
    services.positions_refresh(party_id=party.pk, issue_id=issue.pk)
    assert Position.objects.filter(party=party, issue=issue).exists()
    response = desk.post(reverse("admin:ingest_article_delete", args=[article.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert not Article.objects.exists()
    assert not Position.objects.filter(party=party, issue=issue).exists()


def test_feed_pages_show_the_last_poll(desk, db):
    feed = Feed.objects.create(url="https://news.example.org/rss", title="Wire", last_status="HTTP 404",
                               last_error="the feed is gone")
    listing = desk.get(reverse("admin:ingest_feed_changelist")).content.decode()
    assert "HTTP 404" in listing and "the feed is gone" in listing
    page = desk.get(reverse("admin:ingest_feed_change", args=[feed.pk]))
    assert page.status_code == 200 and "the feed is gone" in page.content.decode()
    assert desk.get(reverse("admin:ingest_feed_add")).status_code == 200


@pytest.mark.parametrize("name", ["article", "feed"])
def test_changelists_do_not_query_per_row(desk, shipped, name):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def add(n):
        for i in range(n):
            article = ArticleFactory(duplicate_of=ArticleFactory())
            StatementFactory(negotiation=shipped, article=article)
            Feed.objects.create(url=f"https://news.example.org/feed/{Feed.objects.count()}", negotiation=shipped)

    def queries():
        with CaptureQueriesContext(connection) as seen:
            assert desk.get(reverse(f"admin:ingest_{name}_changelist")).status_code == 200
        return len(seen)

    add(2)
    few = queries()
    add(10)
    assert queries() == few


def test_dating_an_article_gives_its_undated_statements_a_round(desk, shipped, admin_form_data):
    rounds = list(shipped.rounds.order_by("date"))
    party, issue = shipped.parties.first(), shipped.issues.first()
    article = ArticleFactory(published=None)
    statement = StatementFactory(negotiation=shipped, article=article, party=party, stated_on=None, round=None)
    StatementLinkFactory(statement=statement, issue=issue, stance="open")
    services.positions_refresh(party_id=party.pk, issue_id=issue.pk)
    assert not Position.objects.filter(party=party, issue=issue).exists()  # no day, no round, no position

    url = reverse("admin:ingest_article_change", args=[article.pk])
    data = admin_form_data(desk.get(url))
    data["published"] = rounds[2].date.isoformat()
    assert desk.post(url, data).status_code == 302
    assert Statement.objects.get(pk=statement.pk).round == rounds[2]
    assert Position.objects.get(party=party, issue=issue, round=rounds[2]).stance == "open"


@pytest.mark.parametrize("fields, field, message", [
    ({"url": "ftp://example.org/report.txt"}, "url", "is not an http(s) address"),
    ({"url": "javascript:alert(1)"}, "url", "is not an http(s) address"),
    ({"url": "http://user:secret@example.org/report"}, "url", "user name or password"),
    ({"raw": "%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj"}, "raw", "the body is not text"),
    ({"raw": BODY, "published": "9999-12-31"}, "published", "not a possible publication day"),
])
def test_a_bad_add_is_a_form_error_not_a_500(desk, db, fields, field, message):
    """InvalidSubmission escaped from save_model as a 500."""
    data = {"url": "", "title": "T", "outlet": "", "published": "2022-01-12", "raw": "", **fields}
    response = desk.post(reverse("admin:ingest_article_add"), data)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert message in " ".join(errors.get(field, [])), errors
    assert not Article.objects.exists()


def test_the_admin_year_filter_of_a_far_year_is_not_a_500(desk, db):
    ArticleFactory(title="Dated")
    for params in ({"published__year": "9999"}, {"published__year": "9999", "published__month": "12"},
                   {"published__year": "1", "published__month": "1", "published__day": "1"}):
        assert desk.get(reverse("admin:ingest_article_changelist"), params).status_code in (200, 302)


def test_an_impossible_day_typed_on_a_stored_article_is_a_form_error(desk, db, admin_form_data):
    article = ArticleFactory(title="Dated")
    url = reverse("admin:ingest_article_change", args=[article.pk])
    data = admin_form_data(desk.get(url))
    data["published"] = "9999-12-31"
    response = desk.post(url, data)
    assert response.status_code == 200
    assert "not a possible publication day" in " ".join(response.context["adminform"].form.errors["published"])
    article.refresh_from_db()
    assert article.published.year == 2022
