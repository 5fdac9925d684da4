"""Re-linking: an issue added or reworded reaches the statements already stored; editors' confirmations teach."""
import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from ingest import pipeline, services
from ingest.models import Article
from positions import services as position_services
from positions.models import Issue, Negotiation, Position, Statement, StatementLink

from .conftest import REPORT

EXERCISES = "Southland ends the border exercises"


def ingest(text=REPORT, url="https://news.example.org/a"):
    article, _ = services.article_receive(url=url, text=text, title="Talks", published="2023-03-02")
    pipeline.process(article.pk)
    return article


def run_worker():
    """No broker in these tests: the local worker takes what the requests queued."""
    call_command("ingest_worker", "--once", stdout=StringIO())


@pytest.fixture(autouse=True)
def no_broker(settings):
    """The embedded setup: no broker, so what a request asks for waits for the local worker (the second CI
    run has a broker configured; these tests are about the flow without one)."""
    settings.CELERY_BROKER_URL = ""


def linked(slug):
    return set(StatementLink.objects.filter(issue__slug=slug).values_list("statement__text", flat=True))


def test_an_issue_added_in_the_admin_gets_its_past_evidence(talks, client, editor, django_capture_on_commit_callbacks):
    ingest()
    assert not linked("exercises-end")
    client.force_login(editor)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("admin:positions_issue_add"), {
            "negotiation": talks.pk, "slug": "exercises-end", "title": EXERCISES,
            "owner": talks.parties.get(code="SL").pk, "position": 2, "cues": '["the exercises"]',
            "description": "Southland stops its military exercises near the border.",
        })
    assert response.status_code == 302, response.content[:2000]
    talks.refresh_from_db()
    assert talks.relink_state == "queued" and not linked("exercises-end")  # the request only asked for it
    run_worker()
    assert any("exercises continue" in text for text in linked("exercises-end"))
    talks.refresh_from_db()
    assert talks.relink_state == "done" and talks.relink_finished_at is not None
    assert "1 of 1 articles" in talks.relink_note
    assert Position.objects.filter(issue__slug="exercises-end").exists()  # positions follow the new links


def test_relinking_keeps_what_an_editor_confirmed_or_rejected(talks):
    article = ingest()
    statements = list(Statement.objects.filter(article=article).order_by("start"))
    confirmed, rejected = statements[0], statements[1]
    issue = Issue.objects.get(slug="troop-withdrawal")
    position_services.statement_correct(statement=confirmed, links={issue.pk: "open"})
    position_services.statement_review(statement=rejected, status=Statement.Status.REJECTED)
    before = {s.pk: (s.status, s.text) for s in (confirmed, rejected)}
    pipeline.relink_negotiation(talks.pk)
    after = {s.pk: (s.status, s.text) for s in Statement.objects.filter(pk__in=before)}
    assert after == before
    assert StatementLink.objects.get(statement=confirmed).stance == "open"  # the editor's stance, not the rule's
    assert Statement.objects.filter(article=article).count() == len(statements)


def test_rewording_an_issue_through_import_update_relinks(talks, tmp_path, django_capture_on_commit_callbacks):
    ingest()
    book = {"negotiation": {"slug": talks.slug, "name": talks.name},
            "issues": [{"slug": "troop-withdrawal", "owner": "NL", "title": "Troop withdrawal", "cues": []},
                       {"slug": "next-meeting", "owner": "NL", "title": "Another meeting in Vienna",
                        "description": "A further meeting takes place in Vienna.", "cues": ["another meeting"]}]}
    path = tmp_path / "book.json"
    path.write_text(json.dumps(book))
    with django_capture_on_commit_callbacks(execute=True):
        call_command("negotiation", "import", str(path))
    run_worker()
    talks.refresh_from_db()
    assert talks.relink_state == "done"
    assert not linked("next-meeting")  # the diplomats speak for no party: nothing to link, but it ran


def test_a_broker_that_cannot_be_reached_is_said_on_the_negotiation(talks, monkeypatch, settings):
    ingest()
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"

    def down(*args, **kwargs):
        raise ConnectionError("broker unreachable")

    monkeypatch.setattr("ingest.tasks.relink_negotiation.delay", down)
    assert services.negotiation_relink_queue(negotiation=talks) is False
    talks.refresh_from_db()
    assert talks.relink_state == "failed" and "broker unreachable" in talks.relink_note


def test_the_admin_action_and_list_show_relinking(talks, client, editor, django_capture_on_commit_callbacks):
    ingest()
    client.force_login(editor)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("admin:positions_negotiation_changelist"),
                    {"action": "link_again", "_selected_action": [talks.pk]})
    run_worker()
    page = client.get(reverse("admin:positions_negotiation_changelist")).content.decode()
    assert "done" in page and "articles linked again" in page


def test_an_editors_correction_teaches_the_articles_after_it(talks):
    """A paraphrase with none of the issue's words is missed; once an editor links one like it, it is found."""
    said = ("Nordland's foreign minister Anna Vask said every Southern battalion must leave the frontier zone "
            "before the harvest.")
    first = ingest(text=said, url="https://news.example.org/first")
    statement = Statement.objects.get(article=first)
    assert not statement.links.exists()
    issue = Issue.objects.get(slug="troop-withdrawal")
    position_services.statement_correct(statement=statement, links={issue.pk: "demands"})
    later = ("Anna Vask said on Friday that the Southern battalions had to leave the frontier zone at once, "
             "Nordland's foreign ministry said.")
    second = ingest(text=later, url="https://news.example.org/second")
    link = StatementLink.objects.get(statement__article=second)
    assert (link.issue.slug, link.stance) == ("troop-withdrawal", "demands")
    assert "confirmed statements" in link.reason


def test_examples_are_read_again_only_when_a_review_changes_them(talks, django_assert_num_queries):
    article = ingest()
    statement = Statement.objects.filter(article=article).first()
    issue = Issue.objects.get(slug="troop-withdrawal")
    position_services.statement_correct(statement=statement, links={issue.pk: "open"})
    first = pipeline.examples_of(talks)
    assert [e.id for e in first] == [statement.pk]
    with django_assert_num_queries(1):  # unchanged: one look, no re-read
        assert pipeline.examples_of(talks) is first
    position_services.statement_review(statement=statement, status=Statement.Status.REJECTED)
    assert pipeline.examples_of(talks) == ()


def test_a_round_renamed_as_concluding_an_issue_relinks_its_stances(talks):
    from positions.models import Round
    from tests.factories import IssueFactory

    IssueFactory(negotiation=talks, slug="exercises-end", title=EXERCISES, owner=talks.parties.get(code="SL"))  # a side
    ingest("Nordland and Southland met in Lisbon on Wednesday for talks on the border crisis.\n\n"
           "Southland's defence minister Tomas Berg said on Wednesday that the troop withdrawal would be carried out by the army.")

    def stance():
        return StatementLink.objects.get(issue__slug="troop-withdrawal", statement__text__contains="carried out").stance

    assert stance() == "rejects"  # the other side, with no word of its view
    first = Round.objects.get(negotiation=talks, slug="first")
    first.name = "Troop withdrawal agreed"
    position_services.round_save(rnd=first)
    talks.refresh_from_db()
    assert talks.relink_state == "queued"  # the request only asked for it
    run_worker()
    assert stance() == "supports"  # from the round that concluded it, a side keeps to it
