"""Reads of the negotiation record, shared by the API, the admin and the matrix pages.

Positions are stored (see services.positions_refresh), so every function here
is a fixed number of indexed queries whatever the size of the database.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Prefetch, QuerySet

from .models import Negotiation, Position, Round, Statement, StatementLink


def statements_list() -> QuerySet[Statement]:
    """Statements with everything their API representation needs, in three queries a page."""
    return (
        Statement.objects.select_related("speaker", "party", "article", "round")
        # An article's body can be megabytes: a page of statements needs only its reference.
        .defer("article__raw", "article__text")
        .prefetch_related(
            Prefetch(
                "links",
                queryset=StatementLink.objects.select_related("issue").order_by("issue__position", "issue__slug"),
            )
        )
        .order_by("-id")
    )


def rounds_of(*, negotiation: Negotiation) -> QuerySet[Round]:
    """A negotiation's rounds in their order (date, then id)."""
    return Round.objects.filter(negotiation=negotiation).order_by("date", "id")


def round_is_after(a: Round, b: Round) -> bool:
    """True when round `a` comes after round `b` in their negotiation's order."""
    return (a.date, a.pk) > (b.date, b.pk)


def round_latest(*, negotiation: Negotiation) -> Round | None:
    return negotiation.rounds.order_by("-date", "-id").first()


def round_previous(*, round: Round) -> Round | None:
    return (
        Round.objects.filter(negotiation_id=round.negotiation_id, date__lte=round.date)
        .exclude(pk=round.pk)
        .exclude(date=round.date, id__gt=round.pk)
        .order_by("-date", "-id")
        .first()
    )


def positions_at(*, round: Round) -> QuerySet[Position]:
    """Every party × issue position as of a round."""
    return (
        Position.objects.filter(round=round)
        .select_related("party", "issue", "since_round")
        .order_by("party__code", "issue__position", "issue__slug")
    )


@dataclass(frozen=True)
class Change:
    party: str
    issue: str
    before: str | None
    after: str | None
    kind: str  # new / changed / withdrawn
    evidence: list[int] = field(default_factory=list)
    before_position: Position | None = None
    after_position: Position | None = None


def changes_between(*, from_round: Round | None, to_round: Round) -> list[Change]:
    """What moved between two rounds: positions that appeared, changed or were withdrawn.

    With no `from_round` (before the first round) every position at `to_round` is new.
    """
    before = {(p.party.code, p.issue.slug): p for p in positions_at(round=from_round)} if from_round else {}
    after = {(p.party.code, p.issue.slug): p for p in positions_at(round=to_round)}
    order = {key: p for key, p in {**before, **after}.items()}
    changes = []
    for key in sorted(order, key=lambda k: (k[0], order[k].issue.position, k[1])):
        old, new = before.get(key), after.get(key)
        if old and new and old.stance == new.stance:
            continue
        if old is None:
            kind, evidence = "new", new.evidence
        elif new is None:
            kind, evidence = "withdrawn", old.evidence
        else:
            kind, evidence = "changed", new.evidence
        changes.append(
            Change(
                party=key[0], issue=key[1], before=old.stance if old else None, after=new.stance if new else None,
                kind=kind, evidence=list(evidence), before_position=old, after_position=new,
            )
        )
    return changes


def timeline(*, negotiation: Negotiation, party_id: int, issue_id: int) -> list[tuple[Round, Position | None]]:
    """One party's stance on one issue at every round of the negotiation."""
    rounds = list(negotiation.rounds.order_by("date", "id"))
    held = {
        p.round_id: p
        for p in Position.objects.filter(party_id=party_id, issue_id=issue_id).select_related("since_round")
    }
    return [(rnd, held.get(rnd.pk)) for rnd in rounds]


def evidence_statements(ids: list[int]) -> list[Statement]:
    """The statements behind positions, in the order given (newest first)."""
    found = {s.pk: s for s in statements_list().filter(pk__in=ids)}
    return [found[i] for i in ids if i in found]
