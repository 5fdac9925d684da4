"""Reads of the negotiation record, shared by the API, the admin and the matrix pages.

Positions are stored (see services.positions_refresh_pairs), so every function here
is a fixed number of indexed queries whatever the size of the database.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.core.exceptions import EmptyResultSet
from django.db.models import Count, Exists, F, Field, ForeignKey, Lookup, OuterRef, Prefetch, Q, QuerySet

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


# Newest said first: by the day it was said (unknown days last), then its article and its place in it.
# An index on the same expressions (migration 0004) makes a page of it a short index scan.
STATEMENT_ORDER = (F("stated_on").desc(nulls_last=True), F("article_id").desc(), F("start").asc(), F("id").asc())


def statement_ids() -> QuerySet:
    """Statement ids, newest said first: filter, count and slice this (no joins), then load the page's rows."""
    return Statement.objects.values_list("pk", flat=True).order_by(*STATEMENT_ORDER)


def statement_rows() -> QuerySet:
    """Statements as flat rows (with their speaker, party, article and round), newest said first."""
    return Statement.objects.values(*STATEMENT_COLUMNS).order_by(*STATEMENT_ORDER)


def statements_page(ids: list[int]) -> list[dict]:
    """The statements with these ids, in the order given, as the API reads them: two queries."""
    rows = {row["id"]: row for row in statement_rows().filter(id__any=ids)}
    return statements_read([rows[pk] for pk in ids if pk in rows])


def statements_read(rows: list[dict]) -> list[dict]:
    """Flat rows of statement_rows() as the API reads them: speaker, party, article and round as
    objects (null when absent), and each statement's links (one query for all)."""
    links = statement_links([row["id"] for row in rows])
    return [
        {
            "id": row["id"], "text": row["text"], "kind": row["kind"],
            "speaker": {"id": row["speaker_id"], "name": row["speaker__name"]} if row["speaker_id"] else None,
            "party": {"code": row["party__code"], "name": row["party__name"]} if row["party__code"] else None,
            "article": {"id": row["article_id"], "url": row["article__url"], "title": row["article__title"],
                        "published": row["article__published"]},
            "stated_on": row["stated_on"],
            "round": {"slug": row["round__slug"], "name": row["round__name"]} if row["round__slug"] else None,
            "confidence": row["confidence"], "status": row["status"], "links": links[row["id"]],
        }
        for row in rows
    ]


class AnyOf(Lookup):
    """`column__any=ids`: `column IN ids`; on PostgreSQL `= ANY(array)`, one parameter instead of a hundred
    (the driver parses a long list of placeholders on every call: a fifth of a page's CPU)."""

    lookup_name = "any"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        lhs, params = self.process_lhs(compiler, connection)
        ids = [int(pk) for pk in self.rhs]
        if not ids:
            raise EmptyResultSet
        if connection.vendor == "postgresql":
            return f"{lhs} = ANY(%s)", [*params, ids]
        return f"{lhs} IN ({', '.join(['%s'] * len(ids))})", [*params, *ids]


Field.register_lookup(AnyOf)
ForeignKey.register_lookup(AnyOf)


def statement_links(statement_ids: list[int]) -> dict[int, list[dict]]:
    """{statement id: [{issue slug, stance, confidence}]} in matrix order, in one query."""
    links: dict[int, list[dict]] = {i: [] for i in statement_ids}
    rows = (
        StatementLink.objects.filter(statement_id__any=statement_ids)
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


@dataclass(frozen=True)
class RoundDefaults:
    """Where a negotiation's pages and API open when no round is asked for.

    `matrix`: the latest round that has counted statements (else the latest
    round). `changes_from`/`changes_to`: the last two rounds where something
    moved (a position appeared, changed or was withdrawn); `changes_from` is
    None when `changes_to` is the first round anything moved in (everything
    is then new).
    """

    matrix: Round | None = None
    changes_from: Round | None = None
    changes_to: Round | None = None


def round_defaults(*, negotiations: Iterable[Negotiation]) -> dict[int, RoundDefaults]:
    """The default rounds of several negotiations at once, in two queries whatever their size."""
    ids = [n.pk for n in negotiations]
    rounds: dict[int, list[Round]] = {pk: [] for pk in ids}
    said = Statement.objects.filter(round=OuterRef("pk"), counted=True).exclude(status=Statement.Status.REJECTED)
    for rnd in Round.objects.filter(negotiation_id__in=ids).annotate(said=Exists(said)).order_by(*ROUND_ORDER):
        rounds[rnd.negotiation_id].append(rnd)
    held = {
        row["round_id"]: (row["total"], row["moved"])
        for row in Position.objects.filter(negotiation_id__in=ids)
        .values("round_id")
        .annotate(total=Count("id"), moved=Count("id", filter=Q(since_round_id=F("round_id"))))
    }
    return {pk: _defaults(rounds[pk], held) for pk in ids}


def round_defaults_of(*, negotiation: Negotiation) -> RoundDefaults:
    return round_defaults(negotiations=[negotiation])[negotiation.pk]


def _defaults(rounds: list[Round], held: dict[int, tuple[int, int]]) -> RoundDefaults:
    if not rounds:
        return RoundDefaults()
    said = [rnd for rnd in rounds if rnd.said]
    # A round moved something when a position starts there (new or changed), or when
    # fewer positions carry on into it than the round before held (withdrawn).
    moved, before = [], 0
    for rnd in rounds:
        total, started = held.get(rnd.pk, (0, 0))
        if started or total - started < before:
            moved.append(rnd)
        before = total
    if moved:
        to_round, from_round = moved[-1], (moved[-2] if len(moved) > 1 else None)
    else:
        to_round = rounds[-1]
        from_round = rounds[-2] if len(rounds) > 1 else None
    return RoundDefaults(matrix=(said or rounds)[-1], changes_from=from_round, changes_to=to_round)


def changes_at_defaults(*, defaults: dict[int, RoundDefaults]) -> dict[int, list[Change]]:
    """Each negotiation's changes between its default rounds (the front page), in one query for all."""
    ids = {r.pk for d in defaults.values() for r in (d.changes_from, d.changes_to) if r is not None}
    rows = _position_rows(list(ids)) if ids else {}
    found = {}
    for pk, d in defaults.items():
        if d.changes_to is None:
            found[pk] = []
            continue
        moved = _moved(rows[d.changes_from.pk] if d.changes_from else [], rows[d.changes_to.pk])
        found[pk] = _changes(moved, [None] * len(moved))
    return found


def positions_at(*, round: Round) -> QuerySet[Position]:
    """Every party × issue position as of a round."""
    return (
        Position.objects.filter(round=round)
        .select_related("party", "issue", "since_round")
        .order_by("party__code", "issue__position", "issue__slug")
    )


# --- How sure is a cell? ------------------------------------------------------------


@dataclass(frozen=True)
class Strength:
    """How well a position (or a change) is sourced, read from the statements behind it.

    `statements` counts the counted statements among its evidence, `outlets`
    and `speakers` the distinct outlets and named speakers among them,
    `best_confidence` the best confidence of their links to the issue (null:
    none), `confirmed` whether an editor confirmed one of them or pinned the
    position.
    """

    statements: int = 0
    outlets: int = 0
    speakers: int = 0
    best_confidence: float | None = None
    confirmed: bool = False

    @property
    def weak(self) -> bool:
        """Rests on a single unconfirmed statement (or on none): the matrix marks it."""
        return self.statements <= 1 and not self.confirmed

    def as_dict(self) -> dict:
        return {"statements": self.statements, "outlets": self.outlets, "speakers": self.speakers,
                "best_confidence": self.best_confidence, "confirmed": self.confirmed}


def outlet_of(outlet: str, url: str) -> str:
    """The source an article counts as: its outlet, else its web host, else its own address (an upload)."""
    if outlet.strip():
        return outlet.strip().casefold()
    host = urlsplit(url).hostname if url.lower().startswith(("http://", "https://")) else None
    return (host or url).removeprefix("www.")


def strengths(cells: Iterable[tuple[int, list[int], str]]) -> list[Strength]:
    """The strength of each (issue id, evidence ids, source) cell, in one query for all of them."""
    cells = list(cells)
    ids = list({pk for _, evidence, _ in cells for pk in evidence})
    statements, links = {}, {}
    if ids:
        # One row per statement and link (a statement without links comes once, with no link).
        for pk, counted, status, speaker_id, outlet, url, issue_id, confidence in Statement.objects.filter(id__any=ids).values_list(
            "id", "counted", "status", "speaker_id", "article__outlet", "article__url", "links__issue_id",
            "links__confidence",
        ):
            statements[pk] = (pk, counted, status, speaker_id, outlet, url)
            if issue_id is not None:
                links[(pk, issue_id)] = confidence
    found = []
    for issue_id, evidence, source in cells:
        counted = [statements[pk] for pk in evidence if pk in statements and statements[pk][1]]
        confidences = [links[(row[0], issue_id)] for row in counted if (row[0], issue_id) in links]
        found.append(
            Strength(
                statements=len(counted),
                outlets=len({outlet_of(row[4], row[5]) for row in counted}),
                speakers=len({row[3] for row in counted if row[3] is not None}),
                best_confidence=round(max(confidences), 3) if confidences else None,
                confirmed=source == Position.Source.PINNED
                or any(row[2] == Statement.Status.CONFIRMED for row in counted),
            )
        )
    return found


def strength_filter(items: list, *, min_sources: int | None = None, confirmed: bool | None = None) -> list:
    """Rows or changes whose strength passes `?min_sources=` (distinct outlets) and `?confirmed=`."""
    def strength(item) -> Strength:
        return item["strength"] if isinstance(item, dict) else item.strength

    if min_sources is not None:
        items = [i for i in items if strength(i).outlets >= min_sources]
    if confirmed is not None:
        items = [i for i in items if strength(i).confirmed == confirmed]
    return items


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
    strength: Strength | None = None


def position_rows(*, round: Round) -> list[dict]:
    """The positions at a round as plain rows (party code, issue slug, stance, source, since_round slug,
    evidence, strength), in matrix order: what the API sends, without building model instances."""
    rows = _position_rows([round.pk])[round.pk]
    for row, strength in zip(rows, strengths((r["issue_id"], r["evidence"], r["source"]) for r in rows)):
        row["strength"] = strength
    return rows


def _position_rows(round_ids: list[int]) -> dict[int, list[dict]]:
    """Plain position rows of several rounds in one query, by round id."""
    found: dict[int, list[dict]] = {pk: [] for pk in round_ids}
    rows = (
        Position.objects.filter(round_id__in=round_ids)
        .order_by("party__code", "issue__position", "issue__slug")
        .values_list("pk", "round_id", "party__code", "issue_id", "issue__slug", "issue__position", "stance",
                     "source", "since_round__slug", "evidence")
    )
    for pk, round_id, party, issue_id, issue, position, stance, source, since, evidence in rows:
        found[round_id].append(
            {"pk": pk, "party": party, "issue_id": issue_id, "issue": issue, "issue_position": position,
             "stance": stance, "source": source, "since_round": since, "evidence": evidence}
        )
    return found


def _position_row(p: Position) -> dict:
    return {"pk": p.pk, "party": p.party.code, "issue_id": p.issue_id, "issue": p.issue.slug,
            "issue_position": p.issue.position, "stance": p.stance, "source": p.source,
            "since_round": p.since_round.slug, "evidence": p.evidence}


def changes_between(
    *, from_round: Round | None, to_round: Round, with_positions: bool = True, with_strength: bool = True
) -> list[Change]:
    """What moved between two rounds: positions that appeared, changed or were withdrawn.

    With no `from_round` (before the first round) every position at `to_round` is new.
    With `with_positions` (pages that show them) the changes carry their Position
    objects (two queries); without (the API) one query reads plain rows, which
    is several times faster. `with_strength` (one query) reads each change's strength.
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
    moved = _moved(before_rows, after_rows)
    # The strength of a change is that of the position its evidence stands behind.
    found = (
        strengths(((new or old)["issue_id"], evidence, (new or old)["source"]) for _, old, new, _, evidence in moved)
        if with_strength
        else [None] * len(moved)
    )
    return _changes(moved, found, objects)


def _moved(before_rows: list[dict], after_rows: list[dict]) -> list[tuple]:
    """(key, old row, new row, kind, evidence) for every pair whose stance differs, in matrix order."""
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
    return moved


def _changes(moved: list[tuple], found: list[Strength | None], objects: dict[int, Position] | None = None) -> list[Change]:
    objects = objects or {}
    return [
        Change(
            party=key[0], issue=key[1], before=old["stance"] if old else None, after=new["stance"] if new else None,
            kind=kind, evidence=list(evidence),
            before_position=objects.get(old["pk"]) if old else None,
            after_position=objects.get(new["pk"]) if new else None,
            strength=strength,
        )
        for (key, old, new, kind, evidence), strength in zip(moved, found)
    ]


def _strengths_of(moved: list[tuple]) -> list[Strength]:
    """The strength of a change is that of the position its evidence stands behind."""
    return strengths(((new or old)["issue_id"], evidence, (new or old)["source"]) for _, old, new, _, evidence in moved)


@dataclass(frozen=True)
class FeedEntry:
    """A change as the Atom feed tells it: at which round it appeared, and the quotes behind it."""

    round: Round
    from_round: Round | None
    change: Change
    quotes: list[Statement]

    @property
    def key(self) -> str:
        """Names the change while it stands (the feed's entry id, what webhooks remember as sent)."""
        c = self.change
        return f"{self.round.slug}/{c.party}/{c.issue}/{c.before or '-'}/{c.after or '-'}"


def changes_feed(*, negotiation: Negotiation, rounds: int = 20, quotes: int = 3) -> list[FeedEntry]:
    """The changes at each of the negotiation's last `rounds` rounds (against the round before),
    newest first, with the first `quotes` statements of each: five queries whatever the size."""
    ordered = list(rounds_of(negotiation=negotiation))
    window = ordered[-(rounds + 1):]
    rows = _position_rows([r.pk for r in window])
    steps = []
    for i, rnd in enumerate(window):
        if i == 0 and len(ordered) > len(window):
            continue  # only the base of the first step shown
        previous = window[i - 1] if i > 0 else None
        steps.append((previous, rnd, _moved(rows[previous.pk] if previous else [], rows[rnd.pk])))
    all_moved = [m for _, _, moved in steps for m in moved]
    changes = iter(_changes(all_moved, _strengths_of(all_moved)))
    shown = list(dict.fromkeys(pk for *_, evidence in all_moved for pk in evidence[:quotes]))
    by_id = {s.pk: s for s in statements_list().filter(pk__in=shown)} if shown else {}
    by_round = []
    for previous, rnd, moved in steps:
        by_round.append([
            FeedEntry(round=rnd, from_round=previous, change=change,
                      quotes=[by_id[pk] for pk in change.evidence[:quotes] if pk in by_id])
            for change in (next(changes) for _ in moved)
        ])
    return [entry for step in reversed(by_round) for entry in step]  # newest round first, matrix order within


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
