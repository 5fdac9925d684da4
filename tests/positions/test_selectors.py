"""Reads of the stored positions: positions_at, changes_between, timeline, rounds, evidence."""
import pytest

from positions import selectors, services
from positions.models import Statement
from tests.factories import opening_rounds

pytestmark = pytest.mark.django_db


@pytest.fixture
def h():
    """The opening rounds: r1: AA demands alpha, BB rejects alpha, BB open on beta.
    r2: BB moves to open on alpha (changed); AA demands beta (new).
    r3: BB's beta position is cleared by an editor (withdrawn); AA restates alpha (no change).
    """
    h = opening_rounds()
    h.s["aa_alpha_3"] = h.say("AA", "alpha", "demands", 3)
    return h


def changes(h, a, b):
    return {(c.party, c.issue): c for c in selectors.changes_between(from_round=h.round(a), to_round=h.round(b))}


def test_positions_at_lists_every_pair_in_matrix_order(h):
    rows = list(selectors.positions_at(round=h.round(2)))
    assert [(p.party.code, p.issue.slug, p.stance) for p in rows] == [
        ("AA", "alpha", "demands"), ("AA", "beta", "demands"), ("BB", "alpha", "open"), ("BB", "beta", "open"),
    ]


def test_changes_new_and_changed_cite_the_evidence_after(h):
    found = changes(h, 1, 2)
    assert set(found) == {("BB", "alpha"), ("AA", "beta")}
    changed, new = found[("BB", "alpha")], found[("AA", "beta")]
    assert (changed.before, changed.after, changed.kind) == ("rejects", "open", "changed")
    assert changed.evidence == [h.s["bb_alpha_2"].pk]
    assert (new.before, new.after, new.kind) == (None, "demands", "new")
    assert new.evidence == [h.s["aa_beta"].pk]


def test_changes_withdrawn_cites_the_evidence_before(h):
    found = changes(h, 2, 3)
    assert set(found) == {("BB", "beta")}  # AA's restatement of alpha is not a change
    withdrawn = found[("BB", "beta")]
    assert (withdrawn.before, withdrawn.after, withdrawn.kind) == ("open", None, "withdrawn")
    assert withdrawn.evidence == [h.s["bb_beta"].pk]


def test_changes_over_several_rounds_net_out(h):
    h.say("BB", "alpha", "rejects", 4)  # back to where it was at r1
    found = changes(h, 1, 4)
    assert ("BB", "alpha") not in found
    assert found[("AA", "beta")].kind == "new"
    assert found[("BB", "beta")].kind == "withdrawn"


def test_changes_between_a_round_and_itself_are_none(h):
    assert changes(h, 2, 2) == {}


def test_changes_from_nothing_are_all_new(h):
    found = selectors.changes_between(from_round=None, to_round=h.round(1))
    assert {(c.party, c.issue, c.kind) for c in found} == {
        ("AA", "alpha", "new"), ("BB", "alpha", "new"), ("BB", "beta", "new"),
    }


def test_a_rejection_is_retroactive_and_moves_the_changes(h):
    """Rejecting the statement behind a change removes the change: the old stance carries on."""
    services.statement_review(statement=h.s["bb_alpha_2"], status=Statement.Status.REJECTED)
    assert ("BB", "alpha") not in changes(h, 1, 2)
    # Rejecting the only evidence of a position removes it from every round it stood on.
    services.statement_review(statement=h.s["aa_beta"], status=Statement.Status.REJECTED)
    assert ("AA", "beta") not in changes(h, 1, 2)
    assert ("AA", "beta") not in h.positions(4)


def test_changes_follow_a_pin(h):
    services.position_pin(party=h.parties["AA"], issue=h.issues["alpha"], from_round=h.round(4), stance="open")
    change = changes(h, 3, 4)[("AA", "alpha")]
    assert (change.before, change.after, change.kind) == ("demands", "open", "changed")


def test_timeline_has_every_round_and_none_where_no_position(h):
    line = selectors.timeline(negotiation=h.negotiation, party_id=h.parties["BB"].pk, issue_id=h.issues["beta"].pk)
    assert [rnd.slug for rnd, _ in line] == ["r1", "r2", "r3", "r4"]
    assert [p.stance if p else None for _, p in line] == ["open", "open", None, None]


def test_round_order_helpers(h):
    r1, r2, r4 = h.round(1), h.round(2), h.round(4)
    assert selectors.round_previous(round=r2) == r1
    assert selectors.round_previous(round=r1) is None
    assert selectors.round_latest(negotiation=h.negotiation) == r4
    assert selectors.round_is_after(r4, r1) and not selectors.round_is_after(r1, r4)
    assert list(selectors.rounds_of(negotiation=h.negotiation)) == h.rounds


def test_evidence_statements_keep_the_order_given(h):
    ids = [h.s["aa_alpha_3"].pk, h.s["aa_alpha"].pk, 10**9]
    assert [s.pk for s in selectors.evidence_statements(ids)] == ids[:2]


def test_changes_without_position_objects_are_the_same_changes(h):
    """The API's light read (plain rows) and the pages' read (with Position objects) agree."""
    for a, b in [(1, 2), (2, 3), (1, 4)]:
        full = selectors.changes_between(from_round=h.round(a), to_round=h.round(b))
        light = selectors.changes_between(from_round=h.round(a), to_round=h.round(b), with_positions=False)
        assert [(c.party, c.issue, c.before, c.after, c.kind, c.evidence) for c in full] == [
            (c.party, c.issue, c.before, c.after, c.kind, c.evidence) for c in light
        ]
        assert all(c.after_position is None and c.before_position is None for c in light)
        for c in full:
            assert c.after_position is None or c.after_position.stance == c.after
            assert c.before_position is None or c.before_position.stance == c.before


def test_position_rows_match_positions_at(h):
    rows = selectors.position_rows(round=h.round(2))
    objects = list(selectors.positions_at(round=h.round(2)))
    assert [(r["party"], r["issue"], r["stance"], r["source"], r["since_round"], r["evidence"]) for r in rows] == [
        (p.party.code, p.issue.slug, p.stance, p.source, p.since_round.slug, p.evidence) for p in objects
    ]
