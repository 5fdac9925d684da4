"""The positions rule (services.positions_refresh) on hand-built histories."""
import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from positions import services
from positions.models import Position, PositionPin, Statement, StatementLink, statement_seq
from tests.factories import ArticleFactory, History, RoundFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def h():
    return History(rounds=4)


def test_no_statement_no_position(h):
    h.say("AA", "alpha", "demands", 2)
    assert h.positions(1) == {}
    assert ("AA", "beta") not in h.positions(2)
    assert ("BB", "alpha") not in h.positions(2)


def test_a_stance_is_carried_forward_until_restated(h):
    s1 = h.say("AA", "alpha", "demands", 1)
    for rnd in (1, 2, 3, 4):
        position = h.positions(rnd)[("AA", "alpha")]
        assert (position.stance, position.source) == ("demands", "derived")
        assert position.since_round == h.round(1)
        assert position.evidence == [s1.pk]


def test_a_restatement_keeps_since_round_and_adds_evidence_newest_first(h):
    s1 = h.say("AA", "alpha", "demands", 1)
    s3 = h.say("AA", "alpha", "demands", 3)
    s3b = h.say("AA", "alpha", "demands", 3, day=2)
    assert h.positions(2)[("AA", "alpha")].evidence == [s1.pk]
    at3 = h.positions(3)[("AA", "alpha")]
    assert at3.since_round == h.round(1)
    assert at3.evidence == [s3b.pk, s3.pk, s1.pk]
    assert h.positions(4)[("AA", "alpha")].evidence == [s3b.pk, s3.pk, s1.pk]


def test_a_new_stance_replaces_the_old_one_from_its_round(h):
    h.say("AA", "alpha", "demands", 1)
    s2 = h.say("BB", "alpha", "open", 1)
    s3 = h.say("BB", "alpha", "rejects", 3)
    assert h.stance("BB", "alpha", 2) == "open"
    at3 = h.positions(3)[("BB", "alpha")]
    assert (at3.stance, at3.since_round, at3.evidence) == ("rejects", h.round(3), [s3.pk])
    assert h.positions(2)[("BB", "alpha")].evidence == [s2.pk]
    assert h.stance("AA", "alpha", 3) == "demands"  # another party's position does not move


def test_within_a_round_the_latest_statement_wins_by_day_then_id(h):
    late = h.say("BB", "alpha", "rejects", 2, day=3)
    h.say("BB", "alpha", "supports", 2, day=1)  # said earlier, stored later
    position = h.positions(2)[("BB", "alpha")]
    assert (position.stance, position.evidence) == ("rejects", [late.pk])
    same_day = h.say("BB", "alpha", "open", 2, day=3)
    assert h.positions(2)[("BB", "alpha")].stance == "open"
    assert h.positions(2)[("BB", "alpha")].evidence == [same_day.pk]


def test_same_day_order_follows_the_articles_not_the_processing_order(h):
    """A retried article gets new statement ids; who wins a day must not depend on that."""
    when = h.round(2).date
    earlier_article, later_article = ArticleFactory(published=when), ArticleFactory(published=when)
    from_later = h.say("BB", "alpha", "rejects", 2, article=later_article)
    h.say("BB", "alpha", "open", 2, article=earlier_article)  # processed last (e.g. retried after a crash)
    position = h.positions(2)[("BB", "alpha")]
    assert (position.stance, position.evidence) == ("rejects", [from_later.pk])


def test_evidence_is_the_unbroken_run_behind_the_stance(h):
    """A round that wavers: only the statements after the last disagreement are evidence."""
    old = h.say("BB", "alpha", "rejects", 1)
    h.say("BB", "alpha", "open", 2, day=1)
    back = h.say("BB", "alpha", "rejects", 2, day=2)
    position = h.positions(2)[("BB", "alpha")]
    assert position.stance == "rejects"
    assert position.since_round == h.round(1)  # held at r1 and at r2: never changed between rounds
    assert position.evidence == [back.pk]
    assert old.pk not in position.evidence


def test_rejected_statements_do_not_count(h):
    s1 = h.say("BB", "alpha", "open", 1)
    s2 = h.say("BB", "alpha", "rejects", 2)
    services.statement_review(statement=s2, status=Statement.Status.REJECTED)
    assert h.stance("BB", "alpha", 2) == "open"
    assert h.positions(3)[("BB", "alpha")].evidence == [s1.pk]
    services.statement_review(statement=s1, status=Statement.Status.REJECTED)
    assert h.positions(1) == h.positions(4) == {}
    # Confirming it again brings it back.
    services.statement_review(statement=s2, status=Statement.Status.CONFIRMED)
    assert h.stance("BB", "alpha", 2) == "rejects"
    assert h.stance("BB", "alpha", 1) is None


def test_positions_are_derived_from_the_links_copies_which_one_writer_keeps(h):
    """A status written behind the services' back is repaired by `statements_sync`, and positions follow."""
    s = h.say("BB", "alpha", "open", 1)
    Statement.objects.filter(pk=s.pk).update(status=Statement.Status.REJECTED)  # counted and the link left as they were
    touched = services.statements_sync(statement_ids=[s.pk])
    assert touched == {(s.party_id, h.issues["alpha"].pk)}
    assert Statement.objects.get(pk=s.pk).counted is False
    assert StatementLink.objects.get(statement=s).counted is False
    services.positions_refresh_pairs(touched)
    assert h.positions(1) == {}


def test_statements_sync_copies_party_round_day_and_place(h):
    s = h.say("BB", "alpha", "open", 1)
    Statement.objects.filter(pk=s.pk).update(party=h.parties["AA"], round=h.round(2), stated_on=h.round(2).date, start=7)
    assert services.statements_sync(statement_ids=[s.pk]) == {
        (h.parties["BB"].pk, h.issues["alpha"].pk), (h.parties["AA"].pk, h.issues["alpha"].pk)
    }
    link = StatementLink.objects.get(statement=s)
    assert (link.party_id, link.round_id, link.day, link.seq, link.counted) == (
        h.parties["AA"].pk, h.round(2).pk, h.round(2).date, statement_seq(s.article_id, 7), True
    )
    assert services.statements_sync(statement_ids=[s.pk]) == {(h.parties["AA"].pk, h.issues["alpha"].pk)}


def test_undated_statements_take_their_articles_day(h):
    s = h.say("BB", "alpha", "open", 1)
    Statement.objects.filter(pk=s.pk).update(stated_on=None)
    s.article.published = h.round(3).date
    s.article.save()
    services.article_redated(article_id=s.article_id)
    link = StatementLink.objects.get(statement=s)
    assert (link.day, link.round_id) == (h.round(3).date, h.round(3).pk)
    assert Statement.objects.get(pk=s.pk).round == h.round(3)
    assert h.stance("BB", "alpha", 2) is None and h.stance("BB", "alpha", 3) == "open"


def test_syndicated_duplicates_do_not_count(h):
    original = h.say("BB", "alpha", "open", 1)
    h.say("BB", "alpha", "rejects", 2, duplicate_of=original.article)
    assert h.stance("BB", "alpha", 2) == "open"
    assert h.positions(2)[("BB", "alpha")].evidence == [original.pk]


def test_marking_an_article_a_duplicate_afterwards_moves_the_position(h):
    h.say("BB", "alpha", "open", 1)
    copy = h.say("BB", "alpha", "rejects", 2)
    assert h.stance("BB", "alpha", 2) == "rejects"
    original = ArticleFactory()
    copy.article.duplicate_of = original
    copy.article.save()
    services.article_statements_recount(article_id=copy.article_id)
    assert h.stance("BB", "alpha", 2) == "open"
    assert Statement.objects.get(pk=copy.pk).counted is False


def test_a_pin_wins_from_its_round_on(h, editor):
    s1 = h.say("BB", "alpha", "rejects", 1)
    e_new = h.say("BB", "beta", "open", 2)
    e_old = h.say("BB", "beta", "open", 1)  # stored later, said earlier
    services.position_pin(
        party=h.parties["BB"], issue=h.issues["alpha"], from_round=h.round(2), stance="open",
        evidence=[e_old, e_new], user=editor,
    )
    h.say("BB", "alpha", "supports", 3)  # later statements do not beat the pin
    before = h.positions(1)[("BB", "alpha")]
    assert (before.stance, before.source, before.evidence) == ("rejects", "derived", [s1.pk])
    for rnd in (2, 3, 4):
        pinned = h.positions(rnd)[("BB", "alpha")]
        assert (pinned.stance, pinned.source, pinned.since_round) == ("open", "pinned", h.round(2))
        assert pinned.evidence == [e_new.pk, e_old.pk]  # newest first by the day said, not by id


def test_a_pin_with_the_same_stance_keeps_since_round(h):
    h.say("BB", "alpha", "rejects", 1)
    services.position_pin(party=h.parties["BB"], issue=h.issues["alpha"], from_round=h.round(3), stance="rejects")
    at3 = h.positions(3)[("BB", "alpha")]
    assert (at3.source, at3.since_round) == ("pinned", h.round(1))


def test_an_empty_pin_clears_the_position_and_unpinning_restores_it(h):
    h.say("BB", "alpha", "rejects", 1)
    pin = services.position_pin(party=h.parties["BB"], issue=h.issues["alpha"], from_round=h.round(3), stance="")
    assert h.stance("BB", "alpha", 2) == "rejects"
    assert h.positions(3) == h.positions(4) == {}
    services.position_unpin(pin=pin)
    assert h.stance("BB", "alpha", 4) == "rejects"
    assert h.positions(4)[("BB", "alpha")].source == "derived"


def test_a_later_pin_overrides_an_earlier_one(h):
    services.position_pin(party=h.parties["BB"], issue=h.issues["alpha"], from_round=h.round(1), stance="open")
    services.position_pin(party=h.parties["BB"], issue=h.issues["alpha"], from_round=h.round(3), stance="supports")
    assert [h.stance("BB", "alpha", r) for r in (1, 2, 3, 4)] == ["open", "open", "supports", "supports"]
    assert h.positions(3)[("BB", "alpha")].since_round == h.round(3)


def test_pins_follow_round_order_when_two_rounds_share_a_day(h):
    """Rounds are ordered by date then slug (ROUND_ORDER): a pin from the second of two same-day rounds does not reach the first."""
    first = h.round(2)
    second = RoundFactory(negotiation=h.negotiation, slug="r2-bis", date=first.date)
    h.say("BB", "alpha", "rejects", 1)
    services.position_pin(party=h.parties["BB"], issue=h.issues["alpha"], from_round=second, stance="open")
    positions = {p.round_id: p.stance for p in Position.objects.filter(issue=h.issues["alpha"])}
    assert positions[first.pk] == "rejects"
    assert positions[second.pk] == "open"


def test_statements_before_the_first_round_do_not_make_positions(h):
    """As in the gold matrix: a statement belongs to the latest round on or before its day, if any."""
    statement = h.say("BB", "alpha", "open", 1)
    Statement.objects.filter(pk=statement.pk).update(round=None, stated_on=dt.date(2021, 12, 1))
    services.positions_refresh_pairs(services.statements_sync(statement_ids=[statement.pk]))
    assert all(h.positions(r) == {} for r in (1, 2, 3, 4))


def test_a_correction_moves_both_the_old_and_the_new_pair(h, editor):
    statement = h.say("BB", "alpha", "rejects", 2)
    services.statement_correct(
        statement=statement, user=editor, party=h.parties["AA"],
        links={h.issues["alpha"].pk: "supports", h.issues["beta"].pk: "open"},
    )
    at2 = h.positions(2)
    assert ("BB", "alpha") not in at2
    assert at2[("AA", "alpha")].stance == "supports"
    assert at2[("AA", "beta")].evidence == [statement.pk]


@pytest.mark.parametrize("rounds", [2, 8])
def test_refresh_is_a_fixed_number_of_queries(rounds, django_assert_num_queries):
    """Whatever the number of rounds, pairs and statements: links are ranked in one query."""
    h = History(rounds=rounds, parties=("AA", "BB", "CC"))
    for day in range(30):
        h.say(("AA", "BB", "CC")[day % 3], "alpha", "open", 1 + day % rounds, day=day % 7)
        h.say("BB", "beta", "rejects", 1 + day % rounds, day=day % 7)
    services.position_pin(party=h.parties["AA"], issue=h.issues["beta"], from_round=h.round(2), stance="open")
    Position.objects.all().delete()
    pairs = {(p.pk, i.pk) for p in h.parties.values() for i in h.issues.values()}
    # mark the pairs, savepoint, lock the issues no other run holds, take their pending pairs, rounds, links,
    # pins, pin evidence, stored rows, delete, insert, release (and, once committed, whether more were marked)
    with django_assert_num_queries(12):
        services.positions_refresh_pairs(pairs)
    assert len(h.positions(rounds)[("BB", "beta")].evidence) == services.EVIDENCE_LIMIT
    with django_assert_num_queries(12):  # the same when nothing changed (nothing to delete or insert)
        services.positions_refresh_pairs(pairs)


def test_a_refresh_rewrites_only_the_rows_that_changed(h):
    """A statement in the last round moves only that round's row: the earlier rows keep their ids."""
    h.say("AA", "alpha", "open", 1)
    h.say("AA", "alpha", "open", 2)
    before = {p.round_id: (p.pk, p.stance, p.evidence) for p in Position.objects.filter(party=h.parties["AA"])}
    assert set(before) == {h.round(n).pk for n in (1, 2, 3, 4)}
    late = h.say("AA", "alpha", "rejects", 4)
    after = {p.round_id: (p.pk, p.stance, p.evidence) for p in Position.objects.filter(party=h.parties["AA"])}
    assert {r: after[r] for r in after if r != h.round(4).pk} == {r: before[r] for r in before if r != h.round(4).pk}
    assert after[h.round(4).pk][0] != before[h.round(4).pk][0]  # rewritten
    assert after[h.round(4).pk][1:] == ("rejects", [late.pk])


def test_a_pin_for_a_party_outside_the_negotiation_is_refused(h):
    from tests.factories import PartyFactory

    outsider = PartyFactory(code="ZZ")
    with pytest.raises(ValidationError, match="ZZ is not a party"):
        services.position_pin(party=outsider, issue=h.issues["alpha"], from_round=h.round(2), stance="open")
    assert not PositionPin.objects.filter(party=outsider).exists()


def test_a_correction_is_refused_what_belongs_to_another_negotiation(h, editor):
    from tests.factories import PartyFactory, PersonFactory

    statement = h.say("BB", "alpha", "rejects", 2)
    other = History(rounds=2, parties=("YY",), issues=("delta",))
    outsider = PartyFactory(code="ZZ")
    for fields, field in [
        ({"party": outsider}, "party"),
        ({"speaker": PersonFactory(party=outsider)}, "speaker"),
        ({"round": other.round(1)}, "round"),
        ({"links": {other.issues["delta"].pk: "open"}}, "links"),
    ]:
        with pytest.raises(ValidationError) as refused:
            services.statement_correct(statement=statement, user=editor, **fields)
        assert set(refused.value.message_dict) == {field}
    stored = Statement.objects.get(pk=statement.pk)
    assert (stored.party, stored.status) == (h.parties["BB"], "auto")
    assert list(stored.links.values_list("issue", flat=True)) == [h.issues["alpha"].pk]
    # A speaker of no party (a commentator) and the negotiation's own round are fine.
    services.statement_correct(statement=statement, user=editor, speaker=PersonFactory(party=None), round=h.round(1))
    assert Statement.objects.get(pk=statement.pk).round == h.round(1)


def test_a_correction_confirms_unless_it_rejects(h, editor):
    kept, dropped = h.say("BB", "alpha", "rejects", 2), h.say("AA", "alpha", "open", 2)
    services.statement_review(statement=kept, status=Statement.Status.REJECTED)
    services.statement_correct(statement=kept, user=editor, links={h.issues["alpha"].pk: "open"})
    services.statement_correct(statement=dropped, user=editor, status=Statement.Status.REJECTED)
    assert Statement.objects.get(pk=kept.pk).status == "confirmed"
    assert Statement.objects.get(pk=dropped.pk).status == "rejected"
    assert h.positions(2)[("BB", "alpha")].stance == "open"
    assert ("AA", "alpha") not in h.positions(2)


def test_deleting_statements_withdraws_the_positions_they_fed(h):
    only = h.say("BB", "alpha", "rejects", 2)
    assert ("BB", "alpha") in h.positions(2)
    assert services.statements_delete(statements=Statement.objects.filter(pk=only.pk)) == 1
    assert ("BB", "alpha") not in h.positions(2)


def test_editing_a_pin_to_another_party_moves_the_position(h):
    pin = services.position_pin(party=h.parties["BB"], issue=h.issues["alpha"], from_round=h.round(2), stance="open")
    moved = services.position_pin(party=h.parties["AA"], issue=h.issues["alpha"], from_round=h.round(2),
                                  stance="open", replacing=pin)
    assert list(PositionPin.objects.values_list("pk", flat=True)) == [moved.pk]
    assert ("BB", "alpha") not in h.positions(2)
    assert h.positions(2)[("AA", "alpha")].source == "pinned"


def test_a_pair_marked_while_another_run_held_its_issue_is_derived_by_that_run_or_the_beat(h):
    """A run that finds an issue held leaves its pairs marked: the holder takes them before it stops, and
    `positions_settle` (beat) takes what a run that died left."""
    from positions.models import PendingPair

    h.say("AA", "alpha", "open", 1)
    pair = (h.parties["AA"].pk, h.issues["alpha"].pk)
    Position.objects.all().delete()
    PendingPair.objects.create(party_id=pair[0], issue_id=pair[1])  # marked, and its run died
    assert services.positions_settle() == 1
    assert not PendingPair.objects.exists()
    assert h.positions(1)[("AA", "alpha")].stance == "open"
    assert services.positions_settle() == 0


def test_a_refresh_leaves_nothing_marked(h):
    from positions.models import PendingPair

    h.say("AA", "alpha", "open", 1)
    h.say("BB", "beta", "rejects", 2)
    services.positions_rederive(negotiation=h.negotiation)
    assert not PendingPair.objects.exists()
