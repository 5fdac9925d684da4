"""Set-wise derivation (one window query for many pairs) against a plain-Python reference of the rule.

The reference reads statements, not the links' copies, and knows nothing of
windows or bulk writes: if the query, the copies or the diffing of stored rows
went wrong, the two would differ. Histories are built the way the pipeline and
the editors build them (a refresh after each article, reviews, pins, duplicate
marks afterwards); then a whole-negotiation re-derive must change nothing.
"""
import datetime as dt
import random

import pytest

from positions import services
from positions.models import Position, PositionPin, Statement, StatementLink
from tests.factories import ArticleFactory, History, StatementFactory

pytestmark = pytest.mark.django_db

STANCES = ["demands", "supports", "open", "rejects"]


def reference(h: History) -> dict:
    """{(party, issue, round): (stance, source, since round, evidence)} from the statements, in plain Python."""
    rounds = sorted(h.rounds, key=lambda r: (r.date, r.slug))
    index = {r.pk: i for i, r in enumerate(rounds)}
    said: dict[tuple, list] = {}
    for link in StatementLink.objects.select_related("statement__article", "issue", "statement__party"):
        s = link.statement
        if s.status == Statement.Status.REJECTED or s.article.duplicate_of_id or s.party is None or s.round_id is None:
            continue
        key = (s.stated_on or s.article.published, s.article_id, s.start, s.pk)
        said.setdefault((s.party.code, link.issue.slug), []).append((key, s.round_id, link.stance))
    pins: dict[tuple, list] = {}
    for pin in PositionPin.objects.select_related("party", "issue").prefetch_related("evidence__article"):
        newest = sorted(pin.evidence.all(), key=lambda s: (s.stated_on or s.article.published, s.article_id, s.start, s.pk))
        pins.setdefault((pin.party.code, pin.issue.slug), []).append(
            (index[pin.from_round_id], pin.stance or None, [s.pk for s in reversed(newest)])
        )
    expected = {}
    for pair in set(said) | set(pins):
        derived, evidence, shown, since = None, [], None, None
        for i, rnd in enumerate(rounds):
            here = sorted((x for x in said.get(pair, []) if x[1] == rnd.pk), reverse=True)
            if here:
                stance = here[0][2]
                run = []
                for key, _, other in here:
                    if other != stance:
                        break
                    run.append(key[3])
                agreed = stance == derived and len(run) == len(here)
                evidence = (run + evidence if agreed else run)[: services.EVIDENCE_LIMIT]
                derived = stance
            in_force = [p for p in pins.get(pair, []) if p[0] <= i]
            if in_force:
                _, stance, cited = max(in_force, key=lambda p: p[0])
                row = (stance, "pinned", cited)
            else:
                row = (derived, "derived", evidence)
            if row[0] != shown:
                since = rnd.slug
            shown = row[0]
            if row[0] is not None:
                expected[(*pair, rnd.slug)] = (row[0], row[1], since, row[2])
    return expected


def stored() -> dict:
    return {
        (p.party.code, p.issue.slug, p.round.slug): (p.stance, p.source, p.since_round.slug, p.evidence)
        for p in Position.objects.select_related("party", "issue", "round", "since_round")
    }


def assert_rederive_changes_nothing(h: History) -> None:
    """A whole-negotiation re-derive gives the same rows as the per-article refreshes, and the reference's."""
    before = stored()
    assert services.positions_rederive(negotiation=h.negotiation) == len(before) == Position.objects.count()
    assert stored() == before == reference(h)


def test_hand_built_history_carry_forward_pins_rejections_duplicates_same_day(editor):
    h = History(rounds=5, parties=("AA", "BB", "CC"))
    h.say("AA", "alpha", "demands", 1)
    h.say("BB", "alpha", "rejects", 1)
    h.say("BB", "alpha", "open", 3, day=2)  # carried forward over round 2
    same_day = h.round(2).date
    first, second = ArticleFactory(published=same_day), ArticleFactory(published=same_day)
    h.say("CC", "beta", "supports", 2, article=second)
    h.say("CC", "beta", "rejects", 2, article=first)  # same day, earlier article: loses although stored later
    wrong = h.say("AA", "beta", "rejects", 4)
    services.statement_review(statement=wrong, status=Statement.Status.REJECTED)
    original = h.say("BB", "beta", "open", 4)
    h.say("BB", "beta", "supports", 4, day=1, duplicate_of=original.article)  # a syndicated copy does not count
    later = h.say("AA", "alpha", "open", 4, day=3)
    later.article.duplicate_of = original.article  # marked a duplicate afterwards
    later.article.save()
    services.article_statements_recount(article_id=later.article_id)
    services.position_pin(party=h.parties["BB"], issue=h.issues["alpha"], from_round=h.round(4), stance="supports",
                          evidence=[original], user=editor)
    services.position_pin(party=h.parties["CC"], issue=h.issues["alpha"], from_round=h.round(2), stance="")
    services.position_pin(party=h.parties["CC"], issue=h.issues["alpha"], from_round=h.round(3), stance="open")

    expected = reference(h)
    assert stored() == expected
    assert expected[("CC", "beta", "r2")][0] == "supports"
    assert expected[("BB", "alpha", "r2")][0] == "rejects" and expected[("BB", "alpha", "r3")][0] == "open"
    assert expected[("BB", "alpha", "r4")][:2] == ("supports", "pinned")
    assert ("AA", "beta", "r4") not in expected and expected[("AA", "alpha", "r4")][0] == "demands"
    assert_rederive_changes_nothing(h)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_random_histories_per_article_equal_the_reference_and_a_rederive(seed, editor):
    """Many statements a round (more than the evidence limit), several per article and per day, undated ones,
    ones before the first round; then reviews, duplicate marks, corrections and pins after the fact."""
    rng = random.Random(seed)
    h = History(rounds=4, parties=("AA", "BB", "CC"), issues=("alpha", "beta", "gamma"))
    start, end = h.round(1).date - dt.timedelta(days=5), h.round(4).date + dt.timedelta(days=6)
    statements = []
    for n in range(45):
        article = ArticleFactory(published=start + dt.timedelta(days=rng.randrange((end - start).days)))
        touched = set()
        for place in range(rng.randint(1, 4)):
            party = h.parties[rng.choice(list(h.parties))]
            day = None if rng.random() < 0.15 else article.published - dt.timedelta(days=rng.randrange(3))
            statement = StatementFactory(
                negotiation=h.negotiation, article=article, party=party, stated_on=day, start=place * 40, end=place * 40 + 30,
                round=None, status=rng.choice(["auto"] * 6 + ["confirmed", "rejected"]),
            )
            services.statement_assign_round(statement=statement)
            statement.save()
            for slug in rng.sample(list(h.issues), rng.choice([1, 1, 2])):
                link = StatementLink(statement=statement, issue=h.issues[slug], stance=rng.choice(STANCES))
                services.statement_fill_copies(statement, [link], article=article)
                link.save()
                touched.add((party.pk, h.issues[slug].pk))
            statements.append(statement)
        services.positions_refresh_pairs(touched)  # what the pipeline does after each article
    assert stored() == reference(h)

    for statement in rng.sample(statements, 6):
        services.statement_review(statement=statement, status=rng.choice(["rejected", "confirmed", "auto"]))
    for statement in rng.sample(statements, 3):
        statement.article.duplicate_of = ArticleFactory()
        statement.article.save()
        services.article_statements_recount(article_id=statement.article_id)
    moved = rng.choice(statements)
    services.statement_correct(statement=moved, user=editor, party=h.parties["CC"],
                               links={h.issues["gamma"].pk: "rejects"})
    services.position_pin(party=h.parties["AA"], issue=h.issues["beta"], from_round=h.round(2), stance="open",
                          evidence=rng.sample(statements, 3), user=editor)
    services.position_pin(party=h.parties["BB"], issue=h.issues["gamma"], from_round=h.round(3), stance="")
    assert stored() == reference(h)
    assert_rederive_changes_nothing(h)


def test_refreshing_all_pairs_at_once_equals_refreshing_them_one_by_one():
    h = History(rounds=3, parties=("AA", "BB"))
    for i in range(12):
        h.say(("AA", "BB")[i % 2], ("alpha", "beta")[i % 3 % 2], STANCES[i % 4], 1 + i % 3, day=i % 5)
    pairs = {(p.pk, i.pk) for p in h.parties.values() for i in h.issues.values()}
    Position.objects.all().delete()
    for pair in sorted(pairs):
        services.positions_refresh(party_id=pair[0], issue_id=pair[1])
    one_by_one = stored()
    Position.objects.all().delete()
    services.positions_refresh_pairs(pairs)
    assert stored() == one_by_one == reference(h)


def test_runs_longer_than_the_evidence_limit_and_breaks_at_its_edge():
    """A refresh reads a bounded number of a round's newest links: runs longer than the limit, a break just
    inside it and just outside it, and one right after the newest link give the reference's rows (which
    reads every statement), per article as in a whole-negotiation re-derive."""
    limit = services.EVIDENCE_LIMIT
    h = History(rounds=3, parties=("AA", "BB", "CC"), issues=("alpha",))

    def said(party, round_number, stances):
        """Statements from the oldest to the newest (same day: a later article is newer)."""
        for stance in stances:
            h.say(party, "alpha", stance, round_number)

    said("AA", 1, ["demands"] * (limit + 2))
    said("AA", 2, ["open"] + ["demands"] * limit)  # the other stance is the limit + 1-th newest: not read
    said("AA", 3, ["open"] + ["demands"] * (limit - 1))  # ... and here the limit-th: the run is broken
    said("BB", 1, ["open"])
    said("BB", 2, ["rejects"] * limit)
    said("BB", 3, ["open", "rejects"])
    said("CC", 2, ["demands", "open", "demands"])
    expected = reference(h)
    assert stored() == expected
    assert len(expected[("AA", "alpha", "r2")][3]) == limit and expected[("AA", "alpha", "r2")][2] == "r1"
    assert len(expected[("AA", "alpha", "r3")][3]) == limit - 1
    assert len(expected[("BB", "alpha", "r3")][3]) == 1 and expected[("CC", "alpha", "r2")][0] == "demands"
    assert_rederive_changes_nothing(h)


def _article_says(h: History, rng: random.Random, article, statements: int) -> dict:
    """Statements of one article (some runs of one stance, some in early rounds, some rejected), stored as the
    pipeline stores them; returns what the pipeline passes to the refresh: each pair's earliest round."""
    order = {rnd.pk: i for i, rnd in enumerate(h.rounds)}
    since = {}
    for place in range(statements):
        party = h.parties[rng.choice(list(h.parties))]
        day = None if rng.random() < 0.1 else article.published - dt.timedelta(days=rng.randrange(10))
        statement = StatementFactory(
            negotiation=h.negotiation, article=article, party=party, stated_on=day, start=place * 40,
            end=place * 40 + 30, round=None, status=rng.choice(["auto"] * 8 + ["rejected"]),
        )
        services.statement_assign_round(statement=statement)
        services.statement_fill_copies(statement, article=article)
        statement.save()
        slug = rng.choice(list(h.issues))
        link = StatementLink(statement=statement, issue=h.issues[slug], stance=rng.choice(STANCES[:2] * 3 + STANCES[2:]))
        services.statement_fill_copies(statement, [link], article=article)
        link.save()
        pair = (party.pk, h.issues[slug].pk)
        if link.counted and link.round_id and (pair not in since or order[link.round_id] < order[since[pair]]):
            since[pair] = link.round_id
    return since


@pytest.mark.parametrize("seed", [4, 5, 6, 7])
def test_a_refresh_from_the_earliest_round_an_article_moved_equals_the_reference(seed, editor):
    """The pipeline derives an article's pairs from the earliest round of its new links (`since`): the rows of
    the rounds before it are kept and the stored row of the round before carries on. Articles out of order,
    runs longer than the evidence limit, pins and unpins, reviews between them: after each, the rows equal the
    reference's, and a whole re-derive changes nothing."""
    rng = random.Random(seed)
    h = History(rounds=5, parties=("AA", "BB"), issues=("alpha", "beta"))
    start, end = h.round(1).date - dt.timedelta(days=3), h.round(5).date + dt.timedelta(days=8)
    pin = None
    for n in range(70):
        article = ArticleFactory(published=start + dt.timedelta(days=rng.randrange((end - start).days)))
        since = _article_says(h, rng, article, rng.randint(1, 6))
        services.positions_refresh_pairs(set(since), since=since)
        if n % 17 == 5:
            pin = services.position_pin(party=h.parties["AA"], issue=h.issues["alpha"], from_round=h.round(rng.randint(2, 4)),
                                        stance=rng.choice(["open", ""]), user=editor)
        elif n % 17 == 11 and pin is not None:
            services.position_unpin(pin=pin)
            pin = None
        elif n % 13 == 0:
            statement = Statement.objects.order_by("?").first()
            services.statement_review(statement=statement, status=rng.choice(["rejected", "confirmed", "auto"]))
        assert stored() == reference(h), f"after article {n}"
    assert_rederive_changes_nothing(h)


def test_a_refresh_from_a_round_derives_every_round_when_the_one_before_is_pinned_or_a_mark_names_none(editor):
    """A pair marked without a round (an editor's change, another run's re-run) or with a pin is derived over
    every round, whatever another mark of it says."""
    h = History(rounds=4, parties=("AA",), issues=("alpha",))
    h.say("AA", "alpha", "open", 1)
    pair = (h.parties["AA"].pk, h.issues["alpha"].pk)
    rounds = list(h.rounds)
    stored_rows = {(row.party_id, row.issue_id, row.round_id): row for row in (
        services.Row(*values) for values in Position.objects.values_list(*services.Row._fields))}
    assert services._first_changed({rounds[2].pk}, rounds, stored_rows, pair, pinned=False) == 2
    assert services._first_changed({rounds[2].pk, rounds[1].pk}, rounds, stored_rows, pair, pinned=False) == 1
    assert services._first_changed({rounds[2].pk, None}, rounds, stored_rows, pair, pinned=False) == 0
    assert services._first_changed({rounds[2].pk}, rounds, stored_rows, pair, pinned=True) == 0
    assert services._first_changed({-1}, rounds, stored_rows, pair, pinned=False) == 0  # a round not among them
    pinned = {key: row._replace(source="pinned") for key, row in stored_rows.items()}
    assert services._first_changed({rounds[2].pk}, rounds, pinned, pair, pinned=False) == 0

    # Rows made stale behind the refresh's back (a later round's statement deleted without a refresh): a mark from
    # round 3 rewrites rounds 3 and 4 only, a mark without a round all of them.
    late = h.say("AA", "alpha", "rejects", 2)
    StatementLink.objects.filter(statement=late).delete()
    services.positions_refresh_pairs({pair}, since={pair: rounds[2].pk})
    assert h.stance("AA", "alpha", 2) == "rejects" and h.stance("AA", "alpha", 3) == "rejects"
    services.positions_refresh_pairs({pair})
    assert [h.stance("AA", "alpha", n) for n in (1, 2, 3, 4)] == ["open"] * 4
    assert_rederive_changes_nothing(h)
