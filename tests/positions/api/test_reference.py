"""Negotiations, rounds, issues, parties and people: lists, filters, detail by slug or code."""
import pytest

from tests.factories import History, PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def two():
    first = History(rounds=2, parties=("AA", "BB"), issues=("alpha", "beta"))
    second = History(rounds=3, parties=("CC",), issues=("alpha",))
    return first, second


def results(response):
    assert response.status_code == 200, response.content
    return response.json()["results"]


def test_negotiations(api, two):
    first, _ = two
    rows = results(api.get("/api/negotiations/"))
    assert {r["slug"] for r in rows} == {h.negotiation.slug for h in two}
    detail = api.get(f"/api/negotiations/{first.negotiation.slug}/").json()
    assert detail["parties"] == ["AA", "BB"]
    assert {"slug", "name", "description", "rounds", "issues", "positions", "changes"} <= set(detail)
    assert api.get(detail["rounds"]).status_code == 200
    assert api.get(detail["changes"]).status_code == 200


def test_rounds_nested_and_filtered(api, two):
    first, second = two
    nested = results(api.get(f"/api/negotiations/{second.negotiation.slug}/rounds/"))
    assert [r["slug"] for r in nested] == ["r1", "r2", "r3"]
    assert {"slug", "negotiation", "date", "name", "venue", "parties"} == set(nested[0])
    assert len(results(api.get("/api/rounds/"))) == 5
    filtered = results(api.get("/api/rounds/", {"negotiation": first.negotiation.slug}))
    assert [(r["negotiation"], r["slug"]) for r in filtered] == [(first.negotiation.slug, "r1"), (first.negotiation.slug, "r2")]
    detail = api.get(f"/api/negotiations/{second.negotiation.slug}/rounds/r3/")
    assert detail.json()["date"] == second.round(3).date.isoformat()
    assert api.get(f"/api/negotiations/{first.negotiation.slug}/rounds/r3/").status_code == 404


def test_issues_nested_and_filtered(api, two):
    first, second = two
    nested = results(api.get(f"/api/negotiations/{first.negotiation.slug}/issues/"))
    assert [i["slug"] for i in nested] == ["alpha", "beta"]
    assert nested[0]["owner"] == "AA"
    assert len(results(api.get("/api/issues/"))) == 3
    assert [i["negotiation"] for i in results(api.get("/api/issues/", {"negotiation": second.negotiation.slug}))] == [
        second.negotiation.slug
    ]
    assert len(results(api.get("/api/issues/", {"owner": "CC"}))) == 1
    assert api.get(f"/api/negotiations/{second.negotiation.slug}/issues/alpha/").json()["owner"] == "CC"
    assert api.get(f"/api/negotiations/{second.negotiation.slug}/issues/beta/").status_code == 404


def test_parties(api, two):
    first, _ = two
    assert [p["code"] for p in results(api.get("/api/parties/"))] == ["AA", "BB", "CC"]
    assert [p["code"] for p in results(api.get("/api/parties/", {"negotiation": first.negotiation.slug}))] == ["AA", "BB"]
    assert api.get("/api/parties/CC/").json()["code"] == "CC"
    response = api.get("/api/parties/ZZ/")
    assert response.status_code == 404 and "ZZ" in response.json()["detail"]


def test_people(api, two):
    first, _ = two
    person = PersonFactory(name="Someone Official", party=first.parties["BB"], reviewed=False)
    PersonFactory(name="Other Official", party=first.parties["AA"])
    assert [p["name"] for p in results(api.get("/api/people/", {"party": "BB"}))] == ["Someone Official"]
    assert [p["name"] for p in results(api.get("/api/people/", {"reviewed": "false"}))] == ["Someone Official"]
    detail = api.get(f"/api/people/{person.pk}/").json()
    assert detail == {"id": person.pk, "name": "Someone Official", "party": "BB", "role": "", "aliases": [], "reviewed": False}
    assert api.get("/api/people/999999/").status_code == 404


def test_unknown_negotiation_everywhere_is_a_404(api, two):
    for path in ["", "rounds/", "rounds/r1/", "issues/", "issues/alpha/", "positions/", "changes/", "timeline/"]:
        response = api.get(f"/api/negotiations/no-such-talks/{path}")
        assert response.status_code == 404, path
        assert "no-such-talks" in response.json()["detail"]


def test_the_shipped_negotiation_answers(api, shipped):
    """The shipped reference data behind the contract's slugs."""
    assert api.get(f"/api/negotiations/{shipped.slug}/").status_code == 200
    rounds = results(api.get(f"/api/negotiations/{shipped.slug}/rounds/"))
    assert len(rounds) == shipped.rounds.count() > 0
    assert [r["date"] for r in rounds] == sorted(r["date"] for r in rounds)
