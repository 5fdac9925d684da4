"""The admin as an editor uses it: every page renders, reviews and corrections move positions."""
import datetime as dt

import pytest
from django.contrib import admin
from django.urls import reverse

from positions import services
from positions.models import Issue, Negotiation, Party, Position, PositionPin, Round, Statement, StatementLink
from tests.conftest import sign_in
from tests.factories import ArticleFactory, PersonFactory, StatementFactory, StatementLinkFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def desk(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def record(shipped):
    """Two statements of one party on one issue in two rounds, their positions refreshed."""
    rounds = list(shipped.rounds.order_by("date"))
    party = shipped.parties.order_by("code").first()
    issue = shipped.issues.order_by("position", "slug").first()
    speaker = PersonFactory(party=party)
    body = "Lead. " + "x" * 40 + " The quoted words. Tail."
    article = ArticleFactory(published=rounds[1].date, text=body)
    start = body.index("The quoted words.")
    early = StatementFactory(negotiation=shipped, article=article, party=party, speaker=speaker, stated_on=rounds[0].date,
                             round=rounds[0], text="The quoted words.", start=start, end=start + 17)
    late = StatementFactory(negotiation=shipped, article=article, party=party, speaker=speaker,
                            stated_on=rounds[1].date, round=rounds[1])
    StatementLinkFactory(statement=early, issue=issue, stance="open")
    StatementLinkFactory(statement=late, issue=issue, stance="rejects")
    services.positions_refresh(party_id=party.pk, issue_id=issue.pk)
    return {"negotiation": shipped, "rounds": rounds, "party": party, "issue": issue, "early": early, "late": late}


def stance_at(record, rnd):
    position = Position.objects.filter(party=record["party"], issue=record["issue"], round=rnd).first()
    return position.stance if position else None


def test_every_model_has_a_working_changelist_and_change_page(desk, record):
    PositionPin.objects.create(party=record["party"], issue=record["issue"], from_round=record["rounds"][2],
                               stance="open")
    for model in admin.site._registry:
        meta = model._meta
        changelist = reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")
        assert desk.get(changelist).status_code == 200, changelist
        obj = model.objects.first()
        if obj is not None and meta.app_label in {"positions", "ingest"}:
            page = reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk])
            assert desk.get(page).status_code == 200, page


def test_add_pages_render_where_editors_may_add(desk, shipped):
    for name in ["party", "person", "negotiation", "issue", "round", "positionpin"]:
        assert desk.get(reverse(f"admin:positions_{name}_add")).status_code == 200, name
    # Statements come from articles only; positions are derived.
    assert desk.get(reverse("admin:positions_statement_add")).status_code == 403
    assert desk.get(reverse("admin:positions_position_add")).status_code == 403


def test_changelists_filter_and_search(desk, record):
    url = reverse("admin:positions_statement_changelist")
    other = StatementFactory(negotiation=record["negotiation"], status=Statement.Status.REJECTED, counted=False)
    page = desk.get(url, {"status__exact": "rejected"})
    assert page.status_code == 200
    assert list(page.context["cl"].result_list) == [other]
    page = desk.get(url, {"q": record["early"].text})
    assert record["early"] in page.context["cl"].result_list
    assert record["late"] not in page.context["cl"].result_list
    for params in [{"negotiation__id__exact": record["negotiation"].pk}, {"party__id__exact": record["party"].pk},
                   {"round__id__exact": record["rounds"][0].pk}, {"kind__exact": "direct"}, {"counted__exact": "1"}]:
        assert desk.get(url, params).status_code == 200, params


def test_statement_page_shows_the_span_in_its_article_and_the_attribution(desk, record):
    early = record["early"]
    Statement.objects.filter(pk=early.pk).update(attribution="cue: said")
    page = desk.get(reverse("admin:positions_statement_change", args=[early.pk]))
    html = page.content.decode()
    assert "<mark>The quoted words.</mark>" in html
    assert "cue: said" in html
    assert reverse("admin:ingest_article_change", args=[early.article_id]) in html


def test_reject_action_withdraws_the_position_it_fed(desk, record):
    later_round = record["rounds"][1]
    assert stance_at(record, later_round) == "rejects"
    response = desk.post(reverse("admin:positions_statement_changelist"),
                         {"action": "reject", "_selected_action": [record["late"].pk]})
    assert response.status_code == 302
    late = Statement.objects.get(pk=record["late"].pk)
    assert (late.status, late.counted) == ("rejected", False)
    # The earlier statement is carried forward instead.
    assert stance_at(record, later_round) == "open"


def test_confirm_action_confirms_many_and_counts_them_again(desk, record):
    ids = [record["early"].pk, record["late"].pk]
    services.statements_review(statements=Statement.objects.filter(pk__in=ids), status="rejected")
    assert stance_at(record, record["rounds"][1]) is None
    desk.post(reverse("admin:positions_statement_changelist"), {"action": "confirm", "_selected_action": ids})
    assert set(Statement.objects.filter(pk__in=ids).values_list("status", flat=True)) == {"confirmed"}
    assert stance_at(record, record["rounds"][1]) == "rejects"


def test_correcting_a_stance_in_the_admin_moves_the_position_and_confirms(desk, record, admin_form_data):
    url = reverse("admin:positions_statement_change", args=[record["late"].pk])
    data = admin_form_data(desk.get(url))
    assert data["links-0-stance"] == "rejects"
    data["links-0-stance"] = "supports"
    response = desk.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    late = Statement.objects.get(pk=record["late"].pk)
    assert late.status == "confirmed"
    link = late.links.get()
    assert (link.stance, link.reason, link.confidence) == ("supports", "set by an editor", 1.0)
    assert stance_at(record, record["rounds"][1]) == "supports"


def test_correcting_the_party_moves_positions_of_both_parties(desk, record, admin_form_data):
    other = record["negotiation"].parties.exclude(pk=record["party"].pk).first()
    url = reverse("admin:positions_statement_change", args=[record["late"].pk])
    data = admin_form_data(desk.get(url))
    data["party"] = str(other.pk)
    assert desk.post(url, data).status_code == 302
    assert StatementLink.objects.get(statement=record["late"]).party == other
    assert stance_at(record, record["rounds"][1]) == "open"  # the old party keeps its earlier stance
    moved = Position.objects.get(party=other, issue=record["issue"], round=record["rounds"][1])
    assert (moved.stance, moved.evidence) == ("rejects", [record["late"].pk])


def test_changing_the_date_gives_the_statement_its_round(desk, record, admin_form_data):
    rounds = record["rounds"]
    url = reverse("admin:positions_statement_change", args=[record["late"].pk])
    data = admin_form_data(desk.get(url))
    data["stated_on"] = rounds[3].date.isoformat()
    assert desk.post(url, data).status_code == 302
    late = Statement.objects.get(pk=record["late"].pk)
    assert late.round == rounds[3]
    assert stance_at(record, rounds[1]) == "open"
    assert stance_at(record, rounds[3]) == "rejects"


def test_pin_form_pins_and_unpin_restores(desk, record):
    rounds, party, issue = record["rounds"], record["party"], record["issue"]
    response = desk.post(reverse("admin:positions_positionpin_add"), {
        "party": party.pk, "issue": issue.pk, "from_round": rounds[2].pk, "stance": "supports",
        "note": "said so in a written reply", "evidence": [record["early"].pk],
    })
    assert response.status_code == 302
    pin = PositionPin.objects.get()
    assert pin.created_by is not None
    position = Position.objects.get(party=party, issue=issue, round=rounds[2])
    assert (position.stance, position.source, position.evidence) == ("supports", "pinned", [record["early"].pk])
    assert stance_at(record, rounds[1]) == "rejects"  # before the pin: still derived

    # An empty stance clears the position from that round on.
    data = {"party": party.pk, "issue": issue.pk, "from_round": rounds[2].pk, "stance": "", "note": "cleared"}
    assert desk.post(reverse("admin:positions_positionpin_change", args=[pin.pk]), data).status_code == 302
    assert stance_at(record, rounds[2]) is None

    desk.post(reverse("admin:positions_positionpin_delete", args=[pin.pk]), {"post": "yes"})
    assert not PositionPin.objects.exists()
    assert stance_at(record, rounds[2]) == "rejects"


def test_pin_form_refuses_a_round_of_another_negotiation(desk, record):
    foreign = Round.objects.create(negotiation=Negotiation.objects.create(slug="other", name="Other"),
                                   slug="r", date=dt.date(2022, 1, 1), name="r")
    response = desk.post(reverse("admin:positions_positionpin_add"), {
        "party": record["party"].pk, "issue": record["issue"].pk, "from_round": foreign.pk, "stance": "open",
    })
    assert response.status_code == 200
    assert "from_round" in response.context["adminform"].form.errors
    assert not PositionPin.objects.exists()


def test_adding_a_round_gives_statements_their_round_again(desk, record):
    negotiation, late, last = record["negotiation"], record["late"], record["rounds"][-1]
    day = last.date + dt.timedelta(days=5)
    Statement.objects.filter(pk=late.pk).update(stated_on=day)
    services.rounds_reassign(negotiation=negotiation)
    assert Statement.objects.get(pk=late.pk).round == last
    response = desk.post(reverse("admin:positions_round_add"), {
        "negotiation": negotiation.pk, "slug": "extra-round", "name": "Extra", "venue": "", "date": day.isoformat(),
    })
    assert response.status_code == 302
    extra = Round.objects.get(slug="extra-round")
    assert Statement.objects.get(pk=late.pk).round == extra
    assert stance_at(record, extra) == "rejects"

    assert desk.post(reverse("admin:positions_round_delete", args=[extra.pk]), {"post": "yes"}).status_code == 302
    assert not Round.objects.filter(pk=extra.pk).exists()
    assert Statement.objects.get(pk=late.pk).round == last
    assert stance_at(record, last) == "rejects"


def test_mark_people_reviewed(desk, db):
    found = PersonFactory(reviewed=False)
    desk.post(reverse("admin:positions_person_changelist"), {"action": "mark_reviewed", "_selected_action": [found.pk]})
    found.refresh_from_db()
    assert found.reviewed


def test_negotiation_changelist_links_to_its_matrix_when_there_is_one(desk, shipped):
    from positions.admin import matrix_url

    page = desk.get(reverse("admin:positions_negotiation_change", args=[shipped.pk])).content.decode()
    url = matrix_url(shipped)
    if url:
        assert url in page
    else:
        assert "open the matrix" not in page


def test_a_second_negotiation_is_created_entirely_in_the_admin(desk, db, admin_form_data):
    for code, name in [("AA", "Aland"), ("BB", "Borduria")]:
        assert desk.post(reverse("admin:positions_party_add"), {"code": code, "name": name, "aliases": '["The A"]',
                                                                "adjectives": "[]"}).status_code == 302
    aa, bb = Party.objects.get(code="AA"), Party.objects.get(code="BB")
    data = admin_form_data(desk.get(reverse("admin:positions_negotiation_add")))
    data.update({"name": "Water talks", "slug": "water-talks", "parties": [aa.pk, bb.pk], "active": "on",
                 "rounds-TOTAL_FORMS": "1", "rounds-0-date": "2023-03-01", "rounds-0-slug": "opening",
                 "rounds-0-name": "Opening session", "rounds-0-venue": "Geneva", "rounds-0-parties": [aa.pk, bb.pk],
                 "issues-TOTAL_FORMS": "1", "issues-0-position": "1", "issues-0-slug": "dam-quota",
                 "issues-0-title": "A quota for the dam", "issues-0-owner": aa.pk})
    response = desk.post(reverse("admin:positions_negotiation_add"), data)
    assert response.status_code == 302, response.context and response.context["errors"]
    talks = Negotiation.objects.get(slug="water-talks")
    assert set(talks.parties.values_list("code", flat=True)) == {"AA", "BB"}
    assert list(talks.rounds.values_list("slug", flat=True)) == ["opening"]

    assert desk.post(reverse("admin:positions_issue_add"), {
        "negotiation": talks.pk, "slug": "guarantees", "title": "Guarantees", "owner": bb.pk, "position": 2,
        "cues": '["guarantee"]', "description": "",
    }).status_code == 302
    assert desk.post(reverse("admin:positions_round_add"), {
        "negotiation": talks.pk, "slug": "reply", "date": "2023-04-01", "name": "Written reply", "parties": [bb.pk],
    }).status_code == 302
    assert list(talks.issues.order_by("position").values_list("slug", flat=True)) == ["dam-quota", "guarantees"]
    assert Issue.objects.get(slug="guarantees").cues == ["guarantee"]
    assert list(talks.rounds.order_by("date").values_list("slug", flat=True)) == ["opening", "reply"]
    # The same slug is fine in another negotiation, but not twice in this one.
    response = desk.post(reverse("admin:positions_round_add"), {
        "negotiation": talks.pk, "slug": "reply", "date": "2023-05-01", "name": "Again"})
    assert response.status_code == 200
    assert talks.rounds.count() == 2


def test_moving_a_round_in_the_negotiation_form_reassigns_statements(desk, record, admin_form_data):
    """Rounds edited inline on the negotiation page: statements follow their days, positions follow."""
    negotiation, late, rounds = record["negotiation"], record["late"], record["rounds"]
    assert Statement.objects.get(pk=late.pk).round == rounds[1]
    url = reverse("admin:positions_negotiation_change", args=[negotiation.pk])
    data = admin_form_data(desk.get(url))
    index = next(i for i in range(len(rounds)) if data[f"rounds-{i}-id"] == str(rounds[1].pk))
    data[f"rounds-{index}-date"] = (late.stated_on + dt.timedelta(days=1)).isoformat()  # now after the statement
    response = desk.post(url, data)
    assert response.status_code == 302, response.context and response.context["errors"]
    assert Statement.objects.get(pk=late.pk).round == rounds[0]
    # The later statement now speaks in the first round: it is the latest there.
    assert stance_at(record, rounds[0]) == "rejects"


@pytest.mark.parametrize("name", ["statement", "position", "person", "negotiation", "positionpin", "statementlink"])
def test_changelists_do_not_query_per_row(desk, shipped, name):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    rounds = list(shipped.rounds.order_by("date"))
    issue, parties = shipped.issues.first(), list(shipped.parties.all())

    def add(n):
        for i in range(n):
            party = parties[i % len(parties)]
            statement = StatementFactory(negotiation=shipped, party=party, speaker=PersonFactory(party=party),
                                         round=rounds[i % len(rounds)], stated_on=rounds[i % len(rounds)].date)
            StatementLinkFactory(statement=statement, issue=issue, stance="open")
            PositionPin.objects.get_or_create(party=party, issue=issue, from_round=rounds[i % len(rounds)])
            services.positions_refresh(party_id=party.pk, issue_id=issue.pk)

    url = reverse(f"admin:positions_{name}_changelist")

    def queries():
        with CaptureQueriesContext(connection) as seen:
            assert desk.get(url).status_code == 200
        return len(seen)

    add(3)
    few = queries()
    add(12)
    assert queries() == few


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_an_editor_corrects_speaker_and_stance_in_a_real_browser(live_server, chromium, record, editor):
    """The whole correction, as an editor does it: log in, find the statement, fix speaker and stance, save."""
    late, issue = record["late"], record["issue"]
    right = PersonFactory(name="Spokesperson Rightly", party=record["party"])
    page = chromium.new_page(viewport={"width": 1360, "height": 1000})
    page.set_default_timeout(15000)
    page.goto(f"{live_server.url}/admin/positions/statement/")
    sign_in(page, "editor", "editor-pass-123")
    page.wait_for_url("**/admin/positions/statement/")

    page.fill("#searchbar", late.text)
    page.press("#searchbar", "Enter")
    page.click(f'#result_list a[href*="/statement/{late.pk}/change/"]')
    page.wait_for_selector("#id_links-0-stance")

    # The speaker box searches as the editor types.
    page.click("#id_speaker + .select2 .select2-selection")
    page.fill(".select2-search__field", "Rightly")
    page.locator(".select2-results__option", has_text="Spokesperson Rightly").click()
    page.select_option("#id_links-0-stance", "supports")
    page.click("input[name=_save]")
    page.wait_for_selector(".messagelist .success")  # back on the list, filters kept

    late.refresh_from_db()
    assert (late.speaker, late.status) == (right, "confirmed")
    assert late.links.get(issue=issue).stance == "supports"
    assert stance_at(record, record["rounds"][1]) == "supports"


def test_admin_index_leads_editors_to_their_work(desk, db):
    html = desk.get(reverse("admin:index")).content.decode()
    assert reverse("admin:positions_statement_changelist") + "?status__exact=auto" in html
    assert reverse("admin:ingest_article_changelist") + "?status__exact=failed" in html
    assert reverse("admin:positions_person_changelist") + "?reviewed__exact=0" in html
    assert "Recent actions" in html  # the stock sidebar is still there
    assert reverse("admin:positions_positionpin_add") in html  # and the list of models


def test_a_statement_cannot_take_a_round_or_issue_of_another_negotiation(desk, record, admin_form_data):
    other = Negotiation.objects.create(slug="elsewhere", name="Elsewhere")
    foreign_round = Round.objects.create(negotiation=other, slug="r1", date=dt.date(2022, 1, 5), name="r1")
    foreign_issue = Issue.objects.create(negotiation=other, slug="i1", title="i1", owner=record["party"])
    url = reverse("admin:positions_statement_change", args=[record["late"].pk])
    for field, value in [("round", foreign_round.pk), ("links-0-issue", foreign_issue.pk)]:
        data = admin_form_data(desk.get(url))
        data[field] = str(value)
        response = desk.post(url, data)
        assert response.status_code == 200, field
        assert "belongs to another negotiation" in response.content.decode()
    late = Statement.objects.get(pk=record["late"].pk)
    assert (late.round, late.status) == (record["rounds"][1], "auto")
    assert list(late.links.values_list("issue", flat=True)) == [record["issue"].pk]


def test_pin_evidence_must_come_from_the_issues_negotiation(desk, record):
    stray = StatementFactory(negotiation=Negotiation.objects.create(slug="elsewhere", name="Elsewhere"))
    response = desk.post(reverse("admin:positions_positionpin_add"), {
        "party": record["party"].pk, "issue": record["issue"].pk, "from_round": record["rounds"][2].pk,
        "stance": "open", "evidence": [record["early"].pk, stray.pk],
    })
    assert response.status_code == 200
    assert "evidence" in response.context["adminform"].form.errors
    assert not PositionPin.objects.exists()


def test_autocomplete_finds_people_in_name_order(desk, db):
    for name in ["Zed Speaker", "Abe Speaker", "Mia Speaker"]:
        PersonFactory(name=name)
    import warnings

    from django.core.paginator import UnorderedObjectListWarning

    with warnings.catch_warnings():
        warnings.simplefilter("error", UnorderedObjectListWarning)
        response = desk.get(reverse("admin:autocomplete"), {
            "term": "Speaker", "app_label": "positions", "model_name": "statement", "field_name": "speaker"})
    assert [r["text"] for r in response.json()["results"]] == ["Abe Speaker", "Mia Speaker", "Zed Speaker"]


def test_moving_a_link_to_another_issue_in_the_admin_removes_the_old_one(desk, record, admin_form_data):
    other_issue = record["negotiation"].issues.exclude(pk=record["issue"].pk).order_by("position", "slug").first()
    url = reverse("admin:positions_statement_change", args=[record["late"].pk])
    data = admin_form_data(desk.get(url))
    data["links-0-issue"] = str(other_issue.pk)
    response = desk.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    late = Statement.objects.get(pk=record["late"].pk)
    assert list(late.links.values_list("issue", "stance")) == [(other_issue.pk, "rejects")]
    assert stance_at(record, record["rounds"][1]) == "open"  # the old issue: the earlier statement again
    from django.contrib.admin.models import LogEntry

    assert LogEntry.objects.filter(object_id=str(late.pk)).exists()  # the admin's history still records it


def test_a_rejected_statement_corrected_in_the_admin_stays_rejected_unless_the_editor_says_otherwise(
        desk, record, admin_form_data):
    late = record["late"]
    services.statement_review(statement=late, status=Statement.Status.REJECTED)
    url = reverse("admin:positions_statement_change", args=[late.pk])
    data = admin_form_data(desk.get(url))
    data["text"] = "The quoted words, as the editor reads them."
    assert desk.post(url, data).status_code == 302
    assert Statement.objects.get(pk=late.pk).status == "rejected"
    assert stance_at(record, record["rounds"][1]) == "open"
    data["status"] = "auto"
    assert desk.post(url, data).status_code == 302
    assert Statement.objects.get(pk=late.pk).status == "confirmed"
    assert stance_at(record, record["rounds"][1]) == "rejects"


def test_a_statement_cannot_take_a_party_outside_its_negotiation_in_the_admin(desk, record, admin_form_data):
    outsider = Party.objects.create(code="ZZ", name="Outsider")
    url = reverse("admin:positions_statement_change", args=[record["late"].pk])
    data = admin_form_data(desk.get(url))
    data["party"] = str(outsider.pk)
    response = desk.post(url, data)
    assert response.status_code == 200
    assert "party" in response.context["adminform"].form.errors
    assert Statement.objects.get(pk=record["late"].pk).party == record["party"]


def test_deleting_a_statement_in_the_admin_withdraws_its_position(desk, record):
    url = reverse("admin:positions_statement_delete", args=[record["late"].pk])
    assert desk.post(url, {"post": "yes"}).status_code == 302
    assert not Statement.objects.filter(pk=record["late"].pk).exists()
    assert stance_at(record, record["rounds"][1]) == "open"
