"""`strength` on every position and change, and the `?min_sources=` / `?confirmed=` filters."""
import pytest

from positions import services
from positions.models import Statement
from tests.factories import ArticleFactory, History, PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def h():
    """AA demands alpha at r2 in three reports from two outlets by two speakers, one confirmed;
    BB rejects alpha at r2 on one unconfirmed sentence; BB open on beta, pinned from r2."""
    h = History(rounds=3)
    one, two = PersonFactory(party=h.parties["AA"]), PersonFactory(party=h.parties["AA"])
    wire = dict(outlet="Wire", url="https://wire.example.net/1")
    h.s = {
        "aa_1": h.say("AA", "alpha", "demands", 2, speaker=one, article=ArticleFactory(**wire)),
        "aa_2": h.say("AA", "alpha", "demands", 2, day=1, speaker=two,
                      article=ArticleFactory(outlet="", url="https://www.daily.example.com/a")),
        "aa_3": h.say("AA", "alpha", "demands", 2, day=2, speaker=one,
                      article=ArticleFactory(outlet="wire ", url="https://wire.example.net/2")),
        "bb": h.say("BB", "alpha", "rejects", 2),
        "bb_beta": h.say("BB", "beta", "open", 1),
    }
    h.s["aa_1"].links.update(confidence=0.9)
    services.statement_review(statement=h.s["aa_2"], status=Statement.Status.CONFIRMED)
    services.position_pin(party=h.parties["BB"], issue=h.issues["beta"], from_round=h.round(2), stance="open")
    return h


def url(h, what):
    return f"/api/negotiations/{h.negotiation.slug}/{what}/"


def by_pair(rows):
    return {(r["party"], r["issue"]): r["strength"] for r in rows}


def test_every_position_carries_its_strength(api, h):
    found = by_pair(api.get(url(h, "positions"), {"round": "r2"}).json())
    # Three statements, two outlets ("Wire" and "wire " are one; a bare host counts as its outlet), two speakers.
    assert found[("AA", "alpha")] == {"statements": 3, "outlets": 2, "speakers": 2, "best_confidence": 0.9,
                                      "confirmed": True}
    assert found[("BB", "alpha")] == {"statements": 1, "outlets": 1, "speakers": 0, "best_confidence": 0.5,
                                      "confirmed": False}
    # A pin is an editor's ruling: confirmed, though no statement stands behind it.
    assert found[("BB", "beta")] == {"statements": 0, "outlets": 0, "speakers": 0, "best_confidence": None,
                                     "confirmed": True}


def test_a_rejected_statement_no_longer_adds_to_the_strength(api, h):
    services.statement_review(statement=h.s["aa_3"], status=Statement.Status.REJECTED)
    found = by_pair(api.get(url(h, "positions"), {"round": "r2"}).json())
    assert found[("AA", "alpha")]["statements"] == 2


def test_every_change_carries_the_strength_of_its_evidence(api, h):
    body = api.get(url(h, "changes"), {"from": "r1", "to": "r2"}).json()
    found = by_pair(body["changes"])
    assert found[("AA", "alpha")]["outlets"] == 2 and found[("AA", "alpha")]["confirmed"] is True
    assert found[("BB", "alpha")] == {"statements": 1, "outlets": 1, "speakers": 0, "best_confidence": 0.5,
                                      "confirmed": False}


def test_min_sources_and_confirmed_filter_positions_and_changes(api, h):
    rows = api.get(url(h, "positions"), {"round": "r2", "min_sources": 2}).json()
    assert [(r["party"], r["issue"]) for r in rows] == [("AA", "alpha")]
    rows = api.get(url(h, "positions"), {"round": "r2", "confirmed": "true"}).json()
    assert {(r["party"], r["issue"]) for r in rows} == {("AA", "alpha"), ("BB", "beta")}
    rows = api.get(url(h, "positions"), {"round": "r2", "confirmed": "false"}).json()
    assert {(r["party"], r["issue"]) for r in rows} == {("BB", "alpha")}
    body = api.get(url(h, "changes"), {"from": "r1", "to": "r2", "confirmed": "true", "min_sources": "2"}).json()
    assert [(c["party"], c["issue"]) for c in body["changes"]] == [("AA", "alpha")]
    assert api.get(url(h, "changes"), {"from": "r1", "to": "r2", "min_sources": "0"}).json()["changes"]


@pytest.mark.parametrize("params, name", [
    ({"min_sources": "two"}, "min_sources"), ({"min_sources": "-1"}, "min_sources"),
    ({"min_sources": "9" * 30}, "min_sources"), ({"confirmed": "maybe"}, "confirmed"),
])
@pytest.mark.parametrize("what", ["positions", "changes"])
def test_a_bad_strength_filter_is_a_400_naming_it(api, h, params, name, what):
    response = api.get(url(h, what), params)
    assert response.status_code == 400
    assert name in response.json()


def test_a_pin_citing_a_statement_without_links_counts_it(api, h):
    from tests.factories import StatementFactory

    unlinked = StatementFactory(negotiation=h.negotiation, party=h.parties["BB"], round=h.round(3))
    services.position_pin(party=h.parties["BB"], issue=h.issues["beta"], from_round=h.round(3), stance="rejects",
                          evidence=[unlinked])
    found = by_pair(api.get(url(h, "positions"), {"round": "r3"}).json())
    assert found[("BB", "beta")] == {"statements": 1, "outlets": 1, "speakers": 0, "best_confidence": None,
                                     "confirmed": True}
