"""Writes to the negotiation record: reviews, corrections, pins, and the positions they move.

Two kinds of derived data, each with one writer here:

- what a statement passes to its links: the statement's `counted` and each
  link's copies of party, round, day and seq (`statement_copies`, from plain
  values for the pipeline's plain-SQL insert; `statement_fill_copies`, in
  memory, for the factories and the benchmarks before their bulk inserts;
  `statements_sync` for rows already stored);
- positions: `positions_refresh_pairs` for the (party, issue) pairs a write
  touches and `positions_rederive` for a whole negotiation, the same set-wise
  derivation (one window query gives each pair's newest links per round, the
  rule is `_derive`, and only the rows that changed are rewritten, in bulk).
"""
from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Iterable
from itertools import takewhile
from operator import itemgetter
from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import F, Prefetch, Q, Window, prefetch_related_objects
from django.db.models.functions import RowNumber
from django.utils import timezone

from . import codebook, signals
from .rows import insert_rows
from .models import (
    ROUND_ORDER, Issue, Negotiation, Party, PendingPair, Person, Position, PositionPin, Round, Statement,
    StatementLink, effective_day, new_context_token, statement_seq,
)

EVIDENCE_LIMIT = 20
# How many of a round's latest links are read when deriving; enough for the evidence list.
ROUND_SCAN_LIMIT = EVIDENCE_LIMIT
# Newest first: by day, then place (article, offset), then id. The order of a round's statements
# everywhere positions are derived (also written out in `_latest_links_of`'s SQL).
NEWEST_FIRST = (F("day").desc(), F("seq").desc(), F("statement_id").desc())
# The fields of a link that are copies of its statement's, written only by `statement_fill_copies`.
LINK_COPIES = ("party", "round", "day", "seq", "counted")
# Rows per bulk statement and per `IN (...)` list (SQLite's parameter limit).
CHUNK = 500

Pair = tuple[int, int]  # (party_id, issue_id)


class Row(NamedTuple):
    """A derived position as stored (the `Position` columns but its id), compared with the stored rows."""

    negotiation_id: int
    party_id: int
    issue_id: int
    round_id: int
    stance: str
    source: str
    since_round_id: int
    evidence: list[int]
    pin_id: int | None


# --- Rounds -----------------------------------------------------------------


def rounds_in_order(*, negotiation_id: int) -> list[Round]:
    """A negotiation's rounds in ROUND_ORDER, as `round_for_day` and `_derive` expect them."""
    return list(Round.objects.filter(negotiation_id=negotiation_id).order_by(*ROUND_ORDER))


def round_for_day(rounds: list[Round], day: dt.date | None) -> Round | None:
    """The latest round on or before `day` (rounds in ROUND_ORDER)."""
    if day is None:
        return None
    found = None
    for rnd in rounds:
        if rnd.date <= day:
            found = rnd
        else:
            break
    return found


def statement_assign_round(*, statement: Statement, rounds: list[Round] | None = None) -> None:
    """Give a statement the round of its effective day (in memory: the caller saves)."""
    if rounds is None:
        rounds = rounds_in_order(negotiation_id=statement.negotiation_id)
    statement.round = round_for_day(rounds, effective_day(statement.stated_on, statement.article.published))


# --- What a statement passes to its links: one writer ------------------------------


class Copies(NamedTuple):
    """What a statement passes to each of its links (LINK_COPIES, in order); `counted` is also its own."""

    party_id: int | None
    round_id: int | None
    day: dt.date | None
    seq: int
    counted: bool


def statement_copies(*, party_id: int | None, round_id: int | None, status: str, stated_on: dt.date | None,
                     start: int, article) -> Copies:
    """The one rule for a statement's derived values, from plain values (for writers that build no model).

    The statement counts unless rejected or its article is a syndicated duplicate;
    each link gets the statement's party, round, day (`effective_day`), place
    (`statement_seq`) and `counted`, so that positions are derived from links alone.
    """
    counted = status != Statement.Status.REJECTED and article.duplicate_of_id is None
    day = effective_day(stated_on, article.published)
    return Copies(party_id, round_id, day, statement_seq(article.pk, start), counted)


def statement_fill_copies(statement: Statement, links: Iterable[StatementLink] = (), *, article) -> None:
    """Set what is derived from a statement (`statement_copies`), in memory (the caller saves, usually in bulk)."""
    copies = statement_copies(party_id=statement.party_id, round_id=statement.round_id, status=statement.status,
                              stated_on=statement.stated_on, start=statement.start, article=article)
    statement.counted = copies.counted
    for link in links:
        link.party_id, link.round_id, link.day, link.seq, link.counted = copies


def _copies(link: StatementLink) -> Copies:
    return Copies(link.party_id, link.round_id, link.day, link.seq, link.counted)


def statements_sync(*, statement_ids: Iterable[int]) -> set[Pair]:
    """Write `counted` and the link copies of stored statements again (after a review, a correction,
    a duplicate mark or a new date), only where they changed, in bulk.

    Returns the (party, issue) pairs their links fed before and after: the positions to refresh.
    """
    ids = list(statement_ids)
    touched: set[Pair] = set()
    for i in range(0, len(ids), CHUNK):
        chunk = ids[i:i + CHUNK]
        statements = (
            Statement.objects.filter(pk__in=chunk)
            .select_related("article")
            .only("status", "stated_on", "start", "party_id", "round_id", "counted", "article_id",
                  "article__published", "article__duplicate_of")
            .order_by()
        )
        links: dict[int, list[StatementLink]] = defaultdict(list)
        for link in StatementLink.objects.filter(statement_id__in=chunk).order_by():
            links[link.statement_id].append(link)
        changed_statements, changed_links = [], []
        for statement in statements:
            own = links[statement.pk]
            counted, copies = statement.counted, [_copies(link) for link in own]
            touched |= {(link.party_id, link.issue_id) for link in own}
            statement_fill_copies(statement, own, article=statement.article)
            touched |= {(link.party_id, link.issue_id) for link in own}
            if statement.counted != counted:
                changed_statements.append(statement)
            changed_links += [link for link, before in zip(own, copies) if _copies(link) != before]
        Statement.objects.bulk_update(changed_statements, ["counted"], batch_size=CHUNK)
        StatementLink.objects.bulk_update(changed_links, LINK_COPIES, batch_size=CHUNK)
    return {pair for pair in touched if pair[0] is not None}


def pairs_of(statement_ids: Iterable[int], *, counting: bool = False) -> set[Pair]:
    """The (party, issue) pairs whose positions these statements feed (with `counting`: only through
    links that count and have a round, the only ones that move a position)."""
    links = StatementLink.objects.filter(statement_id__in=list(statement_ids), party__isnull=False)
    if counting:
        links = links.filter(counted=True, round__isnull=False)
    return set(links.order_by().values_list("party_id", "issue_id"))


# --- Positions --------------------------------------------------------------


def positions_refresh_pairs(pairs: Iterable[Pair], *, rounds: list[Round] | None = None,
                            since: dict[Pair, int] | None = None) -> None:
    """Derive again the stored positions of these (party, issue) pairs, set-wise.

    The pairs are marked pending, then the pending pairs of every issue that no other run is deriving
    now are derived; an issue another run holds is left to it, and that run takes what was marked for it
    meanwhile before it stops (`_positions_drain`). So workers storing articles at once never wait for
    each other's refresh, and no pair is forgotten. A fixed number of queries however many pairs, rounds
    and statements, and a bounded read per pair and round (see `_latest_links_of`): an article's cost
    does not grow with the database. `rounds`: the pairs' negotiation's rounds in ROUND_ORDER, when the
    caller (one article, one negotiation) has read them already.

    `since`: for some pairs, the round (id) from which their links changed, when the caller knows it (the
    pipeline, for the links it stored): their rounds before it keep their stored rows, and the derivation
    goes on from the stored row of the round before it. A pair without one is derived over every round.
    """
    since = since or {}
    wanted = {(party_id, issue_id) for party_id, issue_id in pairs if party_id is not None}
    if wanted:
        insert_rows(PendingPair, [{"party_id": party_id, "issue_id": issue_id, "since_round_id": since.get((party_id, issue_id))}
                                  for party_id, issue_id in sorted(wanted)])
        _positions_drain({issue_id for _, issue_id in wanted}, rounds=rounds)


def _positions_drain(issue_ids: set[int], *, rounds: list[Round] | None = None) -> None:
    """Derive the pending pairs of these issues, but not of those another run holds (it takes them).

    Inside a caller's transaction, once more when it commits: what the caller marked becomes visible to
    the runs holding these issues only then, and the issues this run holds stay held until then."""
    if connection.in_atomic_block:
        _positions_drain_later(issue_ids)
    while issue_ids:
        with transaction.atomic():
            negotiation_of = _issues_lock(issue_ids, skip_held=True)
            if not negotiation_of:
                return  # each is held by a run that takes its pending pairs before it stops
            pairs = _pending_take(set(negotiation_of))
            if pairs:
                _positions_derive(negotiation_of, pairs, rounds=rounds)
        if connection.in_atomic_block:
            return  # looked at again when the caller commits (above)
        issue_ids = _pending_issues(set(negotiation_of))  # marked by runs that found these issues held by this one


def positions_settle() -> int:
    """Derive every pending pair no run took (a run that died holding its issue left it). Returns how many
    issues had some."""
    issue_ids = set(PendingPair.objects.order_by().values_list("issue_id", flat=True).distinct())
    _positions_drain(issue_ids)
    return len(issue_ids)


def _positions_drain_later(issue_ids: set[int]) -> None:
    """Once these issues are let go (now, or when the caller's transaction commits), derive the pairs
    marked for them meanwhile."""
    issue_ids = set(issue_ids)
    if connection.in_atomic_block:
        transaction.on_commit(lambda: _positions_drain(_pending_issues(issue_ids)))
    else:
        _positions_drain(_pending_issues(issue_ids))


def _json_ids() -> str:
    """A subquery of the ids in one JSON array parameter (`%s`), which neither backend limits in length."""
    if connection.vendor == "postgresql":
        return "SELECT jsonb_array_elements_text(%s::jsonb)::bigint"
    return "SELECT value FROM json_each(%s)"


def _pending_take(issue_ids: set[int]) -> dict[Pair, set[int | None]]:
    """Remove the pending pairs of these issues (one statement); return them with the rounds they were
    marked from (None: every round), a pair marked by several runs with each one's."""
    table = PendingPair._meta.db_table
    taken: dict[Pair, set[int | None]] = defaultdict(set)
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table} WHERE issue_id IN ({_json_ids()}) RETURNING party_id, issue_id, since_round_id",
                       [json.dumps(sorted(issue_ids))])
        for party_id, issue_id, since_round_id in cursor.fetchall():
            taken[(party_id, issue_id)].add(since_round_id)
    return taken


def _pending_issues(issue_ids: set[int]) -> set[int]:
    """Those of these issues with pending pairs (plain SQL: see `_issues_lock`)."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT DISTINCT issue_id FROM {PendingPair._meta.db_table} WHERE issue_id IN ({_json_ids()})",
                       [json.dumps(sorted(issue_ids))])
        return {issue_id for issue_id, in cursor.fetchall()}


def positions_refresh(*, party_id: int, issue_id: int) -> None:
    """Derive again one party's positions on one issue."""
    positions_refresh_pairs([(party_id, issue_id)])


def positions_rederive(*, negotiation: Negotiation) -> int:
    """Derive every position of a negotiation again (after a re-link, or after its rounds changed).

    The same rule and ranking as for an article's pairs, over all of the
    negotiation's links in one window query: a fixed number of queries whatever
    its size. Returns the number of position rows stored.
    """
    issue_ids = set(Issue.objects.filter(negotiation=negotiation).values_list("pk", flat=True))
    if not issue_ids:
        return 0
    with transaction.atomic():
        # Every pair of these issues: waits for the runs deriving some of them, and takes their pending pairs.
        negotiation_of = _issues_lock(issue_ids)
        _pending_take(issue_ids)
        written = _positions_derive(negotiation_of, None)
    _positions_drain_later(issue_ids)
    return written


def _positions_derive(negotiation_of: dict[int, int], pairs: dict[Pair, set[int | None]] | None,
                      rounds: list[Round] | None = None) -> int:
    """Derive the positions of `pairs` (None: every pair of these issues), and write the rows that changed.

    `negotiation_of`: the issues, held by this run, and their negotiations. `pairs`: each with the rounds
    it was marked from (see `_pending_take`); a pair derived from a later round than its first starts from
    its stored row of the round before (`_first_changed`). The derived rows are compared with the stored
    ones: a row that is gone or differs is deleted, a row that is new or differs is inserted, the rest is
    left alone (most of an article's rows are the rounds it does not move). Always the same queries,
    whatever changed.
    """
    issue_ids = set(negotiation_of)
    negotiations = set(negotiation_of.values())
    by_negotiation: dict[int, list[Round]] = defaultdict(list)
    if rounds is not None and {rnd.negotiation_id for rnd in rounds} <= negotiations and len(negotiations) == 1:
        by_negotiation[negotiations.pop()] = rounds
    else:
        for rnd in Round.objects.filter(negotiation_id__in=negotiations).order_by(*ROUND_ORDER):
            by_negotiation[rnd.negotiation_id].append(rnd)
    order: dict[int, dict[int, int]] = {  # negotiation -> round id -> its place in ROUND_ORDER
        negotiation_id: {rnd.pk: i for i, rnd in enumerate(rounds_of)} for negotiation_id, rounds_of in by_negotiation.items()
    }
    first: dict[Pair, int] = {}  # the index of the first round derived, per pair
    if pairs is None:
        latest = _latest_links_all(issue_ids=issue_ids)
        pins = _pins(issue_ids=issue_ids, party_ids=None)
        first = {pair: 0 for pair in set(latest) | set(pins)}
        stored_rows = Position.objects.filter(issue_id__in=issue_ids).order_by().values_list("pk", *Row._fields)
        stored = {}
    else:
        pins = _pins(issue_ids=issue_ids, party_ids={party_id for party_id, _ in pairs})
        stored_rows = _positions_of(set(pairs))
        stored = {(row[2], row[3], row[4]): Row(*row[1:]) for row in stored_rows}
        for (party_id, issue_id), marked in pairs.items():
            if issue_id in negotiation_of:  # else the issue is gone
                first[(party_id, issue_id)] = _first_changed(
                    marked, by_negotiation[negotiation_of[issue_id]], stored, (party_id, issue_id),
                    pinned=bool(pins.get((party_id, issue_id))), index=order[negotiation_of[issue_id]],
                )
        latest = _latest_links_of([
            (party_id, issue_id, rnd.pk) for (party_id, issue_id), start in sorted(first.items())
            for rnd in by_negotiation[negotiation_of[issue_id]][start:]
        ])
    derived: dict[tuple[int, int, int], Row] = {}
    for (party_id, issue_id), start in sorted(first.items()):
        if issue_id in negotiation_of:  # else the issue is gone
            rounds_of = by_negotiation[negotiation_of[issue_id]]
            before = stored.get((party_id, issue_id, rounds_of[start - 1].pk)) if start else None
            for row in _derive(
                party_id=party_id, issue_id=issue_id, negotiation_id=negotiation_of[issue_id],
                rounds=rounds_of[start:], latest=latest.get((party_id, issue_id), {}),
                pins=pins.get((party_id, issue_id), []), before=before,
            ):
                derived[(row.party_id, row.issue_id, row.round_id)] = row
    total = len(derived)
    stale = []
    for pk, *values in stored_rows:
        row = Row(*values)
        kept = order.get(row.negotiation_id, {}).get(row.round_id)
        if kept is not None and kept < first.get((row.party_id, row.issue_id), 0):
            continue  # a round before the first one derived: left as stored
        if derived.get((row.party_id, row.issue_id, row.round_id)) == row:
            del derived[(row.party_id, row.issue_id, row.round_id)]  # unchanged: nothing to write
        else:
            stale.append(pk)
    _positions_delete(stale)
    _positions_insert(list(derived.values()))
    return total


def _first_changed(marked: set[int | None], rounds: list[Round], stored: dict[tuple[int, int, int], Row],
                   pair: Pair, *, pinned: bool, index: dict[int, int] | None = None) -> int:
    """The index (in `rounds`) of the first round to derive a pair from: the earliest round it was marked
    from, when every mark named one, the pair has no pin, and the stored row of the round before is a
    derived one or none (then nothing was said before it). Else 0: every round.

    The rounds before it keep their rows, and their derivation state is that stored row: the stance, its
    evidence (the run that `_derive` carries) and the round it holds since. `index`: round id -> place in
    `rounds`, when the caller has it for the whole negotiation."""
    index = index if index is not None else {rnd.pk: i for i, rnd in enumerate(rounds)}
    if pinned or not marked or None in marked or not set(marked) <= set(index):
        return 0
    start = min(index[round_id] for round_id in marked)
    if start == 0:
        return 0
    before = stored.get((*pair, rounds[start - 1].pk))
    if before is not None and before.source != Position.Source.DERIVED:
        return 0
    return start


def _issues_lock(issue_ids: set[int], *, skip_held: bool = False) -> dict[int, int]:
    """Lock these issues (FOR NO KEY UPDATE, in id order; SQLite's transactions are serial already) and
    return their negotiations by issue id; with `skip_held`, only those no other run holds. NO KEY UPDATE:
    rows that merely reference the issue (a worker committing its links checks them with KEY SHARE) do
    not wait. Plain SQL: this runs for every article, and building the ORM's query cost more than the query."""
    ids = sorted(issue_ids)
    lock = (" FOR NO KEY UPDATE" + (" SKIP LOCKED" if skip_held else "")) if connection.vendor == "postgresql" else ""
    sql = (f"SELECT id, negotiation_id FROM {Issue._meta.db_table} WHERE id IN ({', '.join(['%s'] * len(ids))})"
           f" ORDER BY id{lock}")
    with connection.cursor() as cursor:
        cursor.execute(sql, ids)
        return dict(cursor.fetchall())


def _positions_of(pairs: set[Pair]) -> list[tuple]:
    """The stored position rows of these (party, issue) pairs: (id, *Row), in plain SQL (see `_issues_lock`)."""
    by_issue: dict[int, list[int]] = defaultdict(list)
    for party_id, issue_id in sorted(pairs):
        by_issue[issue_id].append(party_id)
    where = " OR ".join(
        f"(issue_id = %s AND party_id IN ({', '.join(['%s'] * len(parties))}))" for parties in by_issue.values()
    )
    params = [value for issue_id, parties in by_issue.items() for value in (issue_id, *parties)]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id, {', '.join(Row._fields)} FROM {Position._meta.db_table} WHERE {where}", params)
        rows = cursor.fetchall()
    evidence = Row._fields.index("evidence") + 1
    # JSON comes back as text (PostgreSQL's jsonb through Django's connection, SQLite's JSON): as the ORM reads it.
    return [(*row[:evidence], json.loads(row[evidence]) if isinstance(row[evidence], str) else row[evidence],
             *row[evidence + 1:]) for row in rows]


def _positions_delete(ids: list[int]) -> None:
    """Delete these position rows: one statement, also when the list is empty (a refresh's query count
    stays the same whatever changed). The ids go as one JSON parameter, which neither backend limits."""
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {Position._meta.db_table} WHERE id IN ({_json_ids()})", [json.dumps(ids)])


def _positions_insert(rows: list[Row]) -> None:
    """Insert these position rows: one statement, also when the list is empty (see `_positions_delete`)."""
    insert_rows(Position, [row._asdict() for row in rows], columns=Row._fields)


Ranked = dict[Pair, dict[int, list[tuple[int, str]]]]  # {pair: {round id: [(statement id, stance), …] newest first}}


def _ranked(rows) -> Ranked:
    """Rows (party, issue, round, rank, statement, stance) by pair and round, each round's newest first.

    Sorted on the rank alone (an int, stable): within a (pair, round) cell the ranks are distinct, and
    the cells do not depend on each other's order, so no sort of whole rows is needed."""
    found: Ranked = defaultdict(lambda: defaultdict(list))
    for party_id, issue_id, round_id, _, statement_id, stance in sorted(rows, key=itemgetter(3)):
        found[(party_id, issue_id)][round_id].append((statement_id, stance))
    return found


def _latest_links_all(*, issue_ids: set[int]) -> Ranked:
    """Every pair's newest counted links in every round (at most ROUND_SCAN_LIMIT each), in one query:
    a window over all the links of these issues, for a whole negotiation at once.

    Links carry their statement's copies (see `statement_fill_copies`), so no join is needed.
    Links with no day (neither said on a known day nor published) cannot be placed in time and do not count.
    """
    ranked = (
        StatementLink.objects.filter(
            issue_id__in=issue_ids, counted=True, party__isnull=False, round__isnull=False, day__isnull=False
        )
        .order_by()
        .annotate(
            rank=Window(RowNumber(), partition_by=[F("issue_id"), F("party_id"), F("round_id")], order_by=NEWEST_FIRST)
        )
        .filter(rank__lte=ROUND_SCAN_LIMIT)
        .values_list("party_id", "issue_id", "round_id", "rank", "statement_id", "stance")
    )
    return _ranked(ranked)


def _latest_links_of(cells: list[tuple[int, int, int]]) -> Ranked:
    """The same ranking as `_latest_links_all` for some (party, issue, round) cells, reading a bounded number
    of links per cell whatever the size of the database: an article costs the same at any size.

    The cells go as one JSON parameter (the statement is the same for any number of them, see
    `positions.rows`). On PostgreSQL each cell reads its newest links through a LATERAL join (an index scan
    of `link_position_order` stopped at ROUND_SCAN_LIMIT). SQLite has no LATERAL: there each cell first
    finds the day of its ROUND_SCAN_LIMIT-th newest link, and only the links from that day on are ranked
    (SQLite's nested loops use the same index for both). A plain window over the pairs' links, the form
    `_latest_links_all` uses, would read every link of every pair.
    """
    link = StatementLink._meta.db_table
    if connection.vendor == "postgresql":
        cells_sql = ("SELECT (c->>0)::bigint AS party_id, (c->>1)::bigint AS issue_id, (c->>2)::bigint AS round_id"
                     " FROM jsonb_array_elements(%s::jsonb) c")
    else:
        cells_sql = ("SELECT json_extract(value, '$[0]') AS party_id, json_extract(value, '$[1]') AS issue_id,"
                     " json_extract(value, '$[2]') AS round_id FROM json_each(%s)")
    cells_with = f"WITH cells AS ({cells_sql})"
    newest = "l.day DESC, l.seq DESC, l.statement_id DESC"  # NEWEST_FIRST
    in_cell = "l.issue_id = c.issue_id AND l.party_id = c.party_id AND l.counted = %s AND l.round_id = c.round_id"
    params = [json.dumps([list(cell) for cell in cells])]
    if connection.vendor == "postgresql":
        sql = f"""{cells_with}
            SELECT c.party_id, c.issue_id, c.round_id, x.rank, x.statement_id, x.stance
            FROM cells c CROSS JOIN LATERAL (
                SELECT l.statement_id, l.stance, ROW_NUMBER() OVER (ORDER BY {newest}) AS rank
                FROM {link} l
                WHERE {in_cell} AND l.day IS NOT NULL
                ORDER BY {newest} LIMIT %s
            ) x
        """
        params += [True, ROUND_SCAN_LIMIT]
    else:
        sql = f"""{cells_with}, bounds AS (
                SELECT c.party_id, c.issue_id, c.round_id, COALESCE((
                    SELECT l.day FROM {link} l WHERE {in_cell} AND l.day IS NOT NULL
                    ORDER BY {newest} LIMIT 1 OFFSET %s
                ), %s) AS since
                FROM cells c
            )
            SELECT party_id, issue_id, round_id, rank, statement_id, stance FROM (
                SELECT c.party_id, c.issue_id, c.round_id, l.statement_id, l.stance, ROW_NUMBER() OVER (
                    PARTITION BY c.party_id, c.issue_id, c.round_id ORDER BY {newest}
                ) AS rank
                FROM bounds c JOIN {link} l ON {in_cell} AND l.day >= c.since
            ) ranked
            WHERE rank <= %s
        """
        params += [True, ROUND_SCAN_LIMIT - 1, dt.date.min, True, ROUND_SCAN_LIMIT]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return _ranked(cursor.fetchall())


def _pins(*, issue_ids: set[int], party_ids: set[int] | None) -> dict[Pair, list[PositionPin]]:
    """The editors' pins on these issues (and parties), with their evidence, by pair."""
    evidence = Statement.objects.select_related("article").only("stated_on", "start", "article_id", "article__published")
    # Plain SQL for the pins, with the fields the rule reads (the rest deferred, as with `only`): this runs
    # for every article and seldom finds any, and the ORM's query cost more than the query.
    names = ["id", "party_id", "issue_id", "from_round_id", "stance"]
    issues, parties = sorted(issue_ids), sorted(party_ids or ())
    sql = (f"SELECT {', '.join(names)} FROM {PositionPin._meta.db_table}"
           f" WHERE issue_id IN ({', '.join(['%s'] * len(issues))})")
    if party_ids is not None:
        sql += f" AND party_id IN ({', '.join(['%s'] * len(parties))})" if parties else " AND 1 = 0"
    with connection.cursor() as cursor:
        cursor.execute(sql, issues + parties)
        pins = [PositionPin.from_db(connection.alias, names, row) for row in cursor.fetchall()]
    prefetch_related_objects(pins, Prefetch("evidence", queryset=evidence))
    found: dict[Pair, list[PositionPin]] = defaultdict(list)
    for pin in pins:
        found[(pin.party_id, pin.issue_id)].append(pin)
    return found


def _derive(
    *, party_id: int, issue_id: int, negotiation_id: int, rounds: list[Round],
    latest: dict[int, list[tuple[int, str]]], pins: list[PositionPin], before: Row | None = None,
) -> list[Row]:
    """The whole rule, round by round: how a position is derived, carried and pinned.

    - Only counted links count (not rejected, not from a syndicated duplicate),
      and only those with a day.
    - Within a round the latest statement (by day, then place in the articles)
      gives the stance; with no statement in a round the previous stance
      carries forward.
    - The evidence is the unbroken run of newest statements that hold the
      stance, carried across rounds while it is restated, newest first.
    - A pin wins from its round on; an empty pin clears the position.

    `rounds` may start after the negotiation's first round: `before` is then the derived row of the round
    before them (None: nothing said until then), whose stance, evidence and since-round carry on.
    """
    order = {rnd.pk: i for i, rnd in enumerate(rounds)}
    rows: list[Row] = []
    derived_stance, derived_evidence = (before.stance, list(before.evidence)) if before else (None, [])
    since, previous_stance = (before.since_round_id if before else None), derived_stance
    for rnd in rounds:
        newest = latest.get(rnd.pk)
        if newest:
            stance = newest[0][1]
            run = [statement_id for statement_id, _ in takewhile(lambda link: link[1] == stance, newest)]
            carried_on = stance == derived_stance and len(run) == len(newest)
            derived_evidence = (run + derived_evidence)[:EVIDENCE_LIMIT] if carried_on else run
            derived_stance = stance

        pin = _pin_in_force(pins, order, rnd)
        if pin is not None:
            stance, source = pin.stance or None, Position.Source.PINNED
            evidence = _newest_first(pin.evidence.all())
        else:
            stance, source, evidence = derived_stance, Position.Source.DERIVED, derived_evidence
        if stance != previous_stance:
            since = rnd.pk
        previous_stance = stance
        if stance is None:
            continue
        rows.append(
            Row(negotiation_id, party_id, issue_id, rnd.pk, stance, source, since, list(evidence), pin and pin.pk)
        )
    return rows


def _pin_in_force(pins: list[PositionPin], order: dict[int, int], rnd: Round) -> PositionPin | None:
    """The latest pin whose round is this one or an earlier one (in ROUND_ORDER)."""
    in_force = [p for p in pins if order.get(p.from_round_id, len(order)) <= order[rnd.pk]]
    return max(in_force, key=lambda p: order[p.from_round_id]) if in_force else None


def _newest_first(statements: Iterable[Statement]) -> list[int]:
    """Statement ids newest first, in the order links are ranked (day, then place, then id)."""
    def key(s: Statement):
        return (effective_day(s.stated_on, s.article.published) or dt.date.min, statement_seq(s.article_id, s.start), s.pk)

    return [s.pk for s in sorted(statements, key=key, reverse=True)]


# --- Statements -------------------------------------------------------------


def statements_review(*, statements, status: str, user=None) -> int:
    """Confirm or reject many statements at once (the admin's bulk actions, the API)."""
    if status not in {Statement.Status.CONFIRMED, Statement.Status.REJECTED, Statement.Status.AUTO}:
        raise ValueError(f"unknown review status {status!r}")
    with transaction.atomic():
        ids = list(statements.values_list("pk", flat=True))
        Statement.objects.filter(pk__in=ids).update(
            status=status, reviewed_by=user if user and user.is_authenticated else None, reviewed_at=timezone.now()
        )
        positions_refresh_pairs(statements_sync(statement_ids=ids))
    return len(ids)


def statement_review(*, statement: Statement, status: str, user=None) -> Statement:
    statements_review(statements=Statement.objects.filter(pk=statement.pk), status=status, user=user)
    statement.refresh_from_db()
    return statement


def _in_negotiation(negotiation_id: int, party_id: int) -> bool:
    return Negotiation.parties.through.objects.filter(negotiation_id=negotiation_id, party_id=party_id).exists()


def statement_check(
    *, statement: Statement, party: Party | None = None, speaker: Person | None = None, round: Round | None = None,
    links: dict[int, str] | None = None, **_unchecked,
) -> None:
    """Refuse a correction that would tie a statement to another negotiation than its own: a party not in it,
    a speaker of such a party, a round or (in `links`, issue id to stance) an issue of another one.

    Only what is given is checked (what an editor changes), so a statement the pipeline attributed to an
    outsider can still be corrected. Raises ValidationError keyed by field (`links` for an issue), which the
    admin's forms show beside the field.
    """
    negotiation_id, errors = statement.negotiation_id, {}
    if party is not None and not _in_negotiation(negotiation_id, party.pk):
        errors["party"] = f"{party.code} is not a party to this statement's negotiation."
    if speaker is not None and speaker.party_id is not None and not _in_negotiation(negotiation_id, speaker.party_id):
        errors["speaker"] = f"{speaker} speaks for {speaker.party}, not a party to this statement's negotiation."
    if round is not None and round.negotiation_id != negotiation_id:
        errors["round"] = f"This round belongs to another negotiation ({round.negotiation})."
    added = [issue_id for issue_id, stance in (links or {}).items() if stance]
    strays = Issue.objects.filter(pk__in=added).exclude(negotiation_id=negotiation_id).select_related("negotiation")
    if strays:
        errors["links"] = [f"The issue {i.slug} belongs to another negotiation ({i.negotiation})." for i in strays]
    if errors:
        raise ValidationError(errors)


def statement_correct(*, statement: Statement, user=None, links: dict[int, str] | None = None, **fields) -> Statement:
    """An editor's correction (speaker, party, date, round, stance…), the one way to correct a statement
    (the admin calls it too): it is confirmed, unless the correction rejects it, and kept on re-runs.

    `fields` are the statement's fields that change (a date without a round: the round of that day);
    `links` maps issue id to stance (an empty stance removes the link). Checked by `statement_check` first.
    """
    statement_check(statement=statement, links=links, **fields)
    with transaction.atomic():
        before = pairs_of([statement.pk])
        for name, value in fields.items():
            setattr(statement, name, value)
        if "stated_on" in fields and "round" not in fields and "round_id" not in fields:
            statement_assign_round(statement=statement)
        rejected = fields.get("status") == Statement.Status.REJECTED
        statement.status = Statement.Status.REJECTED if rejected else Statement.Status.CONFIRMED
        statement.reviewed_by = user if user and user.is_authenticated else None
        statement.reviewed_at = timezone.now()
        statement_fill_copies(statement, article=statement.article)
        statement.save()
        for issue_id, stance in (links or {}).items():
            if stance:
                StatementLink.objects.update_or_create(
                    statement=statement, issue_id=issue_id,
                    defaults={"stance": stance, "confidence": 1.0, "reason": "set by an editor"},
                )
            else:
                StatementLink.objects.filter(statement=statement, issue_id=issue_id).delete()
        positions_refresh_pairs(before | statements_sync(statement_ids=[statement.pk]))
    return statement


def statements_delete(*, statements) -> int:
    """Delete statements (an editor's call); the positions they fed are derived again without them."""
    with transaction.atomic():
        ids = list(statements.values_list("pk", flat=True))
        touched = pairs_of(ids)
        Statement.objects.filter(pk__in=ids).delete()
        positions_refresh_pairs(touched)
    return len(ids)


def article_statements_recount(*, article_id: int) -> None:
    """After an article was marked (or unmarked) as a duplicate: its statements count again (or stop), positions follow."""
    with transaction.atomic():
        positions_refresh_pairs(article_statements_sync(article_id=article_id))


def article_statements_sync(*, article_id: int) -> set[Pair]:
    """Recount an article's statements and copy them onto their links, without refreshing positions
    (the pipeline refreshes after its own commit). Returns the pairs to refresh."""
    ids = list(Statement.objects.filter(article_id=article_id).values_list("pk", flat=True))
    return statements_sync(statement_ids=ids)


def article_redated(*, article_id: int) -> None:
    """After an article's publication day changed: its undated statements take the round of the new day,
    their links the new day, and positions follow."""
    with transaction.atomic():
        undated = list(
            Statement.objects.filter(article_id=article_id, stated_on__isnull=True).select_related("article")
            .only("negotiation_id", "stated_on", "round_id", "article__published")
        )
        rounds: dict[int, list[Round]] = {}
        for statement in undated:
            if statement.negotiation_id not in rounds:
                rounds[statement.negotiation_id] = rounds_in_order(negotiation_id=statement.negotiation_id)
            statement_assign_round(statement=statement, rounds=rounds[statement.negotiation_id])
        Statement.objects.bulk_update(undated, ["round"], batch_size=CHUNK)
        positions_refresh_pairs(article_statements_sync(article_id=article_id))


# --- Rounds and pins --------------------------------------------------------


def rounds_reassign(*, negotiation: Negotiation) -> None:
    """Give every statement of a negotiation the round of its day again (after rounds changed), then
    derive the negotiation's positions again; and link its statements again in the background, since the
    linker reads the rounds too (a round whose name says it concluded an issue: ingest/extraction/linking.py)."""
    with transaction.atomic():
        rounds = rounds_in_order(negotiation_id=negotiation.pk)
        moved: dict[int | None, list[int]] = defaultdict(list)
        rows = Statement.objects.filter(negotiation=negotiation).order_by().values_list(
            "pk", "round_id", "stated_on", "article__published"
        )
        for pk, round_id, stated_on, published in rows.iterator(chunk_size=5000):
            rnd = round_for_day(rounds, effective_day(stated_on, published))
            if (rnd.pk if rnd else None) != round_id:
                moved[rnd.pk if rnd else None].append(pk)
        for round_id, ids in moved.items():
            for i in range(0, len(ids), CHUNK):
                Statement.objects.filter(pk__in=ids[i:i + CHUNK]).update(round_id=round_id)
        statements_sync(statement_ids=[pk for ids in moved.values() for pk in ids])
        positions_rederive(negotiation=negotiation)
        negotiation_relink(negotiation=negotiation)


def round_save(*, rnd: Round) -> None:
    """Save a round an editor added, re-dated or moved: the statements of the negotiation it joins (and of
    the one it left) get the round of their day again, and positions follow."""
    with transaction.atomic():
        left = None
        if rnd.pk is not None:
            left = Round.objects.filter(pk=rnd.pk).exclude(negotiation_id=rnd.negotiation_id).values_list(
                "negotiation_id", flat=True).first()
        rnd.save()
        if left is not None:
            rounds_reassign(negotiation=Negotiation.objects.get(pk=left))
        rounds_reassign(negotiation=rnd.negotiation)


def rounds_delete(*, rounds) -> int:
    """Delete rounds: their negotiations' statements get the round of their day again, positions follow."""
    with transaction.atomic():
        ids = list(rounds.values_list("pk", flat=True))
        negotiations = list(Negotiation.objects.filter(rounds__in=ids).distinct())
        Round.objects.filter(pk__in=ids).delete()
        for negotiation in negotiations:
            rounds_reassign(negotiation=negotiation)
    return len(ids)


def position_pin_check(
    *, party: Party | None, issue: Issue | None, from_round: Round | None, evidence: Iterable[Statement] = (),
) -> None:
    """Refuse a pin whose round, party or evidence is not of the issue's negotiation (ValidationError keyed by
    field, which the admin's pin form shows beside the field). What is not given yet is not checked."""
    if issue is None:
        return
    errors = {}
    if from_round is not None and from_round.negotiation_id != issue.negotiation_id:
        errors["from_round"] = "This round belongs to another negotiation than the issue."
    if party is not None and not _in_negotiation(issue.negotiation_id, party.pk):
        errors["party"] = f"{party.code} is not a party to {issue.negotiation}."
    strays = [s.pk for s in evidence if s.negotiation_id != issue.negotiation_id]
    if strays:
        errors["evidence"] = f"Statements {strays} belong to another negotiation than the issue."
    if errors:
        raise ValidationError(errors)


def position_pin(
    *, party: Party, issue: Issue, from_round: Round, stance: str, note: str = "",
    evidence: Iterable[Statement] = (), user=None, replacing: PositionPin | None = None,
) -> PositionPin:
    """Pin a party's stance on an issue from a round on (an empty stance clears the position).

    Checked by `position_pin_check` first. `replacing`: a stored pin the editor edited; if it was for
    another party, issue or round, it is removed, and the positions it held are derived again.
    """
    evidence = list(evidence)
    position_pin_check(party=party, issue=issue, from_round=from_round, evidence=evidence)
    with transaction.atomic():
        if replacing is not None and replacing.pk is not None:
            stored = PositionPin.objects.filter(pk=replacing.pk).values_list(
                "party_id", "issue_id", "from_round_id").first()
            if stored is not None and stored != (party.pk, issue.pk, from_round.pk):
                PositionPin.objects.filter(pk=replacing.pk).delete()
                if stored[:2] != (party.pk, issue.pk):
                    positions_refresh(party_id=stored[0], issue_id=stored[1])
        pin, _ = PositionPin.objects.update_or_create(
            party=party, issue=issue, from_round=from_round,
            defaults={"stance": stance or "", "note": note, "created_by": user if user and user.is_authenticated else None},
        )
        pin.evidence.set(evidence)
        positions_refresh(party_id=party.pk, issue_id=issue.pk)
    return pin


def position_unpin(*, pin: PositionPin) -> None:
    with transaction.atomic():
        party_id, issue_id = pin.party_id, pin.issue_id
        pin.delete()
        positions_refresh(party_id=party_id, issue_id=issue_id)


# --- What extraction reads of a negotiation -------------------------------------


def negotiations_touch(*, negotiation_ids: Iterable[int] = (), party_ids: Iterable[int] = (), every: bool = False) -> None:
    """Mark what extraction reads of these negotiations (and of those with these parties) as changed: a
    new context token, so no worker goes on linking with its copy of the old parties, people, issues or
    rounds. Called for every saved or deleted party, person, issue and round (see `receivers`)."""
    negotiations = Negotiation.objects.all()
    if not every:
        chosen = Q(pk__in=list(negotiation_ids)) | Q(parties__in=list(party_ids))
        negotiations = negotiations.filter(pk__in=Negotiation.objects.filter(chosen).values("pk"))
    negotiations.update(context_token=new_context_token())


# --- Negotiations as files ----------------------------------------------------


def negotiation_import(*, data: dict, update: bool = False) -> codebook.ImportReport:
    """Set up a negotiation from a codebook; rounds that moved re-date statements, and issues whose words
    changed are announced so that the negotiation's statements are linked again (in the background)."""
    report = codebook.codebook_import(data, update=update)
    negotiation = report.negotiation
    if report.rounds_changed and Statement.objects.filter(negotiation=negotiation).exists():
        rounds_reassign(negotiation=negotiation)
    if report.changed_issues:
        negotiation_relink(negotiation=negotiation)
    return report


def negotiation_relink(*, negotiation: Negotiation) -> bool:
    """An issue was added or its words edited: link the negotiation's statements again, in the background.

    Marks the negotiation 'queued' and announces it; the ingest app, which owns linking, receives the signal
    (so the domain never imports the way in) and queues the work. False when there is nothing to link.
    """
    if not Statement.objects.filter(negotiation=negotiation).exists():
        return False
    negotiation_relink_mark(negotiation=negotiation, state="queued")
    transaction.on_commit(lambda: signals.issues_changed.send(sender=Negotiation, negotiation=negotiation))
    return True


def negotiation_relink_mark(*, negotiation: Negotiation, state: str, note: str = "") -> None:
    """The one writer of a negotiation's re-linking status, shown in the admin."""
    now = timezone.now()
    fields = {"relink_state": state, "relink_note": note[:300]}
    if state == "running":
        fields["relink_started_at"] = now
        fields["relink_finished_at"] = None
    elif state in ("done", "failed"):
        fields["relink_finished_at"] = now
    Negotiation.objects.filter(pk=negotiation.pk).update(**fields)
    for name, value in fields.items():
        setattr(negotiation, name, value)
