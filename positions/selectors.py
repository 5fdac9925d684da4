"""Reads of the negotiation record, shared by the API, the admin and the matrix pages.

Positions are stored (see services.positions_refresh_pairs), so every function here
is a fixed number of indexed queries whatever the size of the database.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Prefetch, QuerySet

from .models import ROUND_ORDER, Negotiation, Position, Round, Statement, StatementLink, round_key


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


# The flat columns of a statement as the API shows it (one query a page, no model instances).
STATEMENT_COLUMNS = (
    "id", "text", "kind", "stated_on", "confidence", "status",
    "speaker_id", "speaker__name", "party__code", "party__name",
    "article_id", "article__url", "article__title", "article__published", "round__slug", "round__name",
)


def statement_ids() -> QuerySet:
    """Statement ids, newest first: filter, count and slice this (no joins), then load the page's rows."""
    return Statement.objects.values_list("pk", flat=True).order_by("-id")


def statement_rows() -> QuerySet:
    """Statements as flat rows (with their speaker, party, article and round), newest first."""
    return Statement.objects.values(*STATEMENT_COLUMNS).order_by("-id")


def statements_page(ids: list[int]) -> list[dict]:
    """The rows of these statements, in the order given, each with its `links`: two queries."""
    rows = {row["id"]: row for row in _id_in(statement_rows(), "id", ids)}
    links = statement_links(ids)
    return [{**rows[pk], "links": links[pk]} for pk in ids if pk in rows]


def _id_in(queryset: QuerySet, column: str, ids: list[int]) -> QuerySet:
    """`column IN ids`; on PostgreSQL as `= ANY(array)`, one parameter instead of a hundred
    (the driver parses a long list of placeholders on every call: a fifth of a page's CPU)."""
    if connection.vendor == "postgresql":
        table = connection.ops.quote_name(queryset.model._meta.db_table)
        return queryset.extra(where=[f"{table}.{connection.ops.quote_name(column)} = ANY(%s)"], params=[list(ids)])
    return queryset.filter(**{f"{column}__in": ids})


def statement_links(statement_ids: list[int]) -> dict[int, list[dict]]:
    """{statement id: [{issue slug, stance, confidence}]} in matrix order, in one query."""
    links: dict[int, list[dict]] = {i: [] for i in statement_ids}
    rows = (
        _id_in(StatementLink.objects.all(), "statement_id", statement_ids)
        .order_by("statement_id", "issue__position", "issue__slug")
        .values_list("statement_id", "issue__slug", "stance", "confidence")
    )
    for statement_id, issue, stance, confidence in rows:
        links[statement_id].append({"issue": issue, "stance": stance, "confidence": confidence})
    return links


def rounds_of(*, negotiation: Negotiation) -> QuerySet[Round]:
    """A negotiation's rounds in their order (ROUND_ORDER: date, then slug)."""
    return Round.objects.filter(negotiation=negotiation).order_by(*ROUND_ORDER)


def round_is_after(a: Round, b: Round) -> bool:
    """True when round `a` comes after round `b` in their negotiation's order."""
    return round_key(a) > round_key(b)


def round_latest(*, negotiation: Negotiation) -> Round | None:
    return negotiation.rounds.order_by(*(f"-{field}" for field in ROUND_ORDER)).first()


def round_previous(*, round: Round) -> Round | None:
    return (
        Round.objects.filter(negotiation_id=round.negotiation_id, date__lte=round.date)
        .exclude(pk=round.pk)
        .exclude(date=round.date, slug__gt=round.slug)
        .order_by(*(f"-{field}" for field in ROUND_ORDER))
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


def position_rows(*, round: Round) -> list[dict]:
    """The positions at a round as plain rows (party code, issue slug, stance, source, since_round slug,
    evidence), in matrix order: what the API sends, without building model instances."""
    return _position_rows([round.pk])[round.pk]


def _position_rows(round_ids: list[int]) -> dict[int, list[dict]]:
    """Plain position rows of several rounds in one query, by round id."""
    found: dict[int, list[dict]] = {pk: [] for pk in round_ids}
    rows = (
        Position.objects.filter(round_id__in=round_ids)
        .order_by("party__code", "issue__position", "issue__slug")
        .values_list("pk", "round_id", "party__code", "issue__slug", "issue__position", "stance", "source",
                     "since_round__slug", "evidence")
    )
    for pk, round_id, party, issue, position, stance, source, since, evidence in rows:
        found[round_id].append(
            {"pk": pk, "party": party, "issue": issue, "issue_position": position, "stance": stance,
             "source": source, "since_round": since, "evidence": evidence}
        )
    return found


def _position_row(p: Position) -> dict:
    return {"pk": p.pk, "party": p.party.code, "issue": p.issue.slug, "issue_position": p.issue.position,
            "stance": p.stance, "source": p.source, "since_round": p.since_round.slug, "evidence": p.evidence}


def changes_between(*, from_round: Round | None, to_round: Round, with_positions: bool = True) -> list[Change]:
    """What moved between two rounds: positions that appeared, changed or were withdrawn.

    With no `from_round` (before the first round) every position at `to_round` is new.
    With `with_positions` (pages that show them) the changes carry their Position
    objects (two queries); without (the API) one query reads plain rows, which
    is several times faster.
    """
    objects: dict[int, Position] = {}
    if with_positions:
        before_objects = list(positions_at(round=from_round)) if from_round else []
        after_objects = list(positions_at(round=to_round))
        objects = {p.pk: p for p in before_objects + after_objects}
        before_rows = [_position_row(p) for p in before_objects]
        after_rows = [_position_row(p) for p in after_objects]
    else:
        rows = _position_rows([r.pk for r in (from_round, to_round) if r is not None])
        before_rows = rows[from_round.pk] if from_round else []
        after_rows = rows[to_round.pk]
    before = {(r["party"], r["issue"]): r for r in before_rows}
    after = {(r["party"], r["issue"]): r for r in after_rows}
    order = {**before, **after}
    moved = []
    for key in sorted(order, key=lambda k: (k[0], order[k]["issue_position"], k[1])):
        old, new = before.get(key), after.get(key)
        if old and new and old["stance"] == new["stance"]:
            continue
        if old is None:
            kind, evidence = "new", new["evidence"]
        elif new is None:
            kind, evidence = "withdrawn", old["evidence"]
        else:
            kind, evidence = "changed", new["evidence"]
        moved.append((key, old, new, kind, evidence))
    return [
        Change(
            party=key[0], issue=key[1], before=old["stance"] if old else None, after=new["stance"] if new else None,
            kind=kind, evidence=list(evidence),
            before_position=objects.get(old["pk"]) if old else None,
            after_position=objects.get(new["pk"]) if new else None,
        )
        for key, old, new, kind, evidence in moved
    ]


def timeline(*, negotiation: Negotiation, party_id: int, issue_id: int) -> list[tuple[Round, Position | None]]:
    """One party's stance on one issue at every round of the negotiation."""
    rounds = list(negotiation.rounds.order_by(*ROUND_ORDER))
    held = {
        p.round_id: p
        for p in Position.objects.filter(party_id=party_id, issue_id=issue_id).select_related("since_round")
    }
    return [(rnd, held.get(rnd.pk)) for rnd in rounds]


def evidence_statements(ids: list[int]) -> list[Statement]:
    """The statements behind positions, in the order given (newest first)."""
    found = {s.pk: s for s in statements_list().filter(pk__in=ids)}
    return [found[i] for i in ids if i in found]
