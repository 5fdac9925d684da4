"""/api/negotiations/<slug>/positions/, /changes/ and /timeline/ on a hand-built history."""
import csv
import io

import pytest

from positions import services
from tests.factories import History, opening_rounds

pytestmark = pytest.mark.django_db


@pytest.fixture
def h():
    """The opening rounds (r1: AA demands alpha, BB rejects alpha, BB open on beta; r2: BB open on alpha,
    AA demands beta; r3: BB's beta cleared by a pin), with AA restating beta later in r2; r4: AA alpha pinned 'open'."""
    h = opening_rounds()
    h.s["aa_beta_2"] = h.say("AA", "beta", "demands", 2, day=2)
    services.position_pin(
        party=h.parties["AA"], issue=h.issues["alpha"], from_round=h.round(4), stance="open", evidence=[h.s["aa_alpha"]]
    )
    return h


def url(h, what):
    return f"/api/negotiations/{h.negotiation.slug}/{what}/"


def test_positions_at_a_round(api, h):
    response = api.get(url(h, "positions"), {"round": "r2"})
    assert response.status_code == 200
    rows = response.json()
    assert isinstance(rows, list)  # not paginated
    assert all(set(row) == {"party", "issue", "stance", "source", "since_round", "evidence", "strength"}
               for row in rows)
    by_pair = {(r["party"], r["issue"]): r for r in rows}
    assert set(by_pair) == {("AA", "alpha"), ("AA", "beta"), ("BB", "alpha"), ("BB", "beta")}
    assert by_pair[("AA", "beta")] == {
        "party": "AA", "issue": "beta", "stance": "demands", "source": "derived", "since_round": "r2",
        "evidence": [h.s["aa_beta_2"].pk, h.s["aa_beta"].pk],
        "strength": {"statements": 2, "outlets": 1, "speakers": 0, "best_confidence": 0.5, "confirmed": False},
    }
    assert by_pair[("BB", "alpha")]["since_round"] == "r2"
    assert by_pair[("AA", "alpha")]["since_round"] == "r1"


def test_positions_without_round_are_as_of_the_latest(api, h):
    rows = api.get(url(h, "positions")).json()
    assert rows == api.get(url(h, "positions"), {"round": "r4"}).json()
    pinned = next(r for r in rows if (r["party"], r["issue"]) == ("AA", "alpha"))
    assert (pinned["stance"], pinned["source"], pinned["since_round"]) == ("open", "pinned", "r4")
    assert pinned["evidence"] == [h.s["aa_alpha"].pk]
    assert ("BB", "beta") not in {(r["party"], r["issue"]) for r in rows}  # cleared


def test_positions_errors(api, h):
    response = api.get(url(h, "positions"), {"round": "r9"})
    assert response.status_code == 404
    assert "r9" in response.json()["detail"]
    response = api.get("/api/negotiations/no-such-talks/positions/")
    assert response.status_code == 404
    assert "no-such-talks" in response.json()["detail"]


def test_positions_csv(api, h):
    response = api.get(url(h, "positions"), {"round": "r2", "format": "csv"})
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert len(rows) == 4
    assert {"party", "issue", "stance", "source", "since_round", "evidence"} < set(rows[0])
    assert {"strength.statements", "strength.outlets", "strength.confirmed"} < set(rows[0])


def test_changes_between_two_rounds(api, h):
    response = api.get(url(h, "changes"), {"from": "r1", "to": "r2"})
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"from", "to", "changes"}
    assert (body["from"], body["to"]) == ("r1", "r2")
    assert all(set(c) == {"party", "issue", "before", "after", "kind", "evidence", "strength"} for c in body["changes"])
    for change in body["changes"]:
        change.pop("strength")
    assert body["changes"] == [
        {"party": "AA", "issue": "beta", "before": None, "after": "demands", "kind": "new",
         "evidence": [h.s["aa_beta_2"].pk, h.s["aa_beta"].pk]},
        {"party": "BB", "issue": "alpha", "before": "rejects", "after": "open", "kind": "changed",
         "evidence": [h.s["bb_alpha_2"].pk]},
    ]


def test_changes_withdrawn_and_pinned(api, h):
    body = api.get(url(h, "changes"), {"from": "r2", "to": "r4"}).json()
    by_pair = {(c["party"], c["issue"]): c for c in body["changes"]}
    assert by_pair[("BB", "beta")] == {"party": "BB", "issue": "beta", "before": "open", "after": None,
                                       "kind": "withdrawn", "evidence": [h.s["bb_beta"].pk],
                                       "strength": {"statements": 1, "outlets": 1, "speakers": 0,
                                                    "best_confidence": 0.5, "confirmed": False}}
    assert by_pair[("AA", "alpha")]["kind"] == "changed"
    assert by_pair[("AA", "alpha")]["evidence"] == [h.s["aa_alpha"].pk]  # the pin's evidence
    assert len(by_pair) == 2


def test_changes_defaults_and_same_round(api, h):
    body = api.get(url(h, "changes")).json()
    assert (body["from"], body["to"]) == ("r3", "r4")
    assert [(c["party"], c["issue"], c["kind"]) for c in body["changes"]] == [("AA", "alpha", "changed")]
    body = api.get(url(h, "changes"), {"to": "r1"}).json()
    assert body["from"] is None
    assert {c["kind"] for c in body["changes"]} == {"new"}
    assert api.get(url(h, "changes"), {"from": "r2", "to": "r2"}).json()["changes"] == []


def test_changes_errors(api, h):
    response = api.get(url(h, "changes"), {"from": "r3", "to": "r1"})
    assert response.status_code == 400
    assert "from" in response.json()
    for params in ({"from": "nope", "to": "r2"}, {"from": "r1", "to": "nope"}):
        response = api.get(url(h, "changes"), params)
        assert response.status_code == 404
        assert "nope" in response.json()["detail"]
    assert api.get("/api/negotiations/no-such-talks/changes/").status_code == 404


def test_changes_csv_has_a_row_per_change(api, h):
    response = api.get(url(h, "changes"), {"from": "r1", "to": "r2", "format": "csv"})
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [(r["from"], r["to"], r["party"], r["kind"]) for r in rows] == [("r1", "r2", "AA", "new"), ("r1", "r2", "BB", "changed")]


def test_timeline_of_one_party_on_one_issue(api, h):
    response = api.get(url(h, "timeline"), {"party": "BB", "issue": "alpha"})
    assert response.status_code == 200
    rows = response.json()
    assert [r["round"] for r in rows] == ["r1", "r2", "r3", "r4"]
    assert [r["stance"] for r in rows] == ["rejects", "open", "open", "open"]
    assert [r["since_round"] for r in rows] == ["r1", "r2", "r2", "r2"]
    assert rows[0]["evidence"] == [h.s["bb_alpha"].pk]
    assert rows[0]["date"] == h.round(1).date.isoformat()
    beta = api.get(url(h, "timeline"), {"party": "BB", "issue": "beta"}).json()
    assert [(r["stance"], r["source"]) for r in beta] == [("open", "derived"), ("open", "derived"), (None, None), (None, None)]


def test_timeline_errors(api, h):
    response = api.get(url(h, "timeline"), {"party": "BB"})
    assert response.status_code == 400 and "issue" in response.json()
    assert api.get(url(h, "timeline"), {"party": "ZZ", "issue": "alpha"}).status_code == 404
    assert api.get(url(h, "timeline"), {"party": "BB", "issue": "gamma"}).status_code == 404


def test_a_negotiation_without_rounds(api):
    empty = History(rounds=0)
    slug = empty.negotiation.slug
    assert api.get(f"/api/negotiations/{slug}/positions/").json() == []
    assert api.get(f"/api/negotiations/{slug}/changes/").json() == {"from": None, "to": None, "changes": []}
