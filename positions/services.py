"""Writes to the negotiation record: reviews, corrections, pins, and the positions they move.

Every write that can move a position refreshes just the (party, issue) pairs it
touches, inside the same transaction, so reads never recompute anything.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from itertools import takewhile

from django.db import transaction
from django.db.models import Prefetch, Q
from django.utils import timezone

from . import codebook, signals
from .models import Issue, Negotiation, Party, Position, PositionPin, Round, Statement, StatementLink, statement_seq

EVIDENCE_LIMIT = 20
# How many of a round's latest links are read when deriving; enough for the evidence list.
ROUND_SCAN_LIMIT = EVIDENCE_LIMIT

Pair = tuple[int, int]  # (party_id, issue_id)


# --- Rounds -----------------------------------------------------------------


def round_for_day(rounds: list[Round], day: dt.date | None) -> Round | None:
    """The latest round on or before `day` (rounds sorted by date)."""
    if day is None:
        return None
    found = None
    for rnd in rounds:
        if rnd.date <= day:
            found = rnd
        else:
            break
    return found


# --- Positions --------------------------------------------------------------


def positions_refresh(*, party_id: int, issue_id: int) -> None:
    """Recompute the stored positions of one party on one issue, for every round.

    The rule: within and across rounds the latest counted statement wins and is
    carried forward until restated; an editor's pin wins from its round on.
    """
    with transaction.atomic():
        # Serialise refreshes of the same issue across workers.
        issue = Issue.objects.select_for_update(of=("self",)).select_related("negotiation").get(pk=issue_id)
        rounds = list(Round.objects.filter(negotiation_id=issue.negotiation_id).order_by("date", "id"))
        pins = list(
            PositionPin.objects.filter(party_id=party_id, issue_id=issue_id)
            .select_related("from_round")
            .prefetch_related(Prefetch("evidence", queryset=Statement.objects.select_related("article")))
        )
        rows = _derive(party_id=party_id, issue=issue, rounds=rounds, pins=pins)
        Position.objects.filter(party_id=party_id, issue_id=issue_id).delete()
        Position.objects.bulk_create(rows)


def _derive(*, party_id: int, issue: Issue, rounds: list[Round], pins: list[PositionPin]) -> list[Position]:
    """The whole rule, round by round: how a position is derived, carried and pinned.

    - Only counted links count: not rejected, not from a syndicated duplicate
      (checked on the link's copy and on the statement itself).
    - Within a round the latest statement (by day, then id) gives the stance;
      with no statement in a round the previous stance carries forward.
    - The evidence is the unbroken run of newest statements that hold the
      stance, carried across rounds while it is restated, newest first.
    - A pin wins from its round on; an empty pin clears the position.
    """
    links = (
        StatementLink.objects.filter(
            issue_id=issue.pk, party_id=party_id, counted=True, statement__counted=True
        ).exclude(statement__status=Statement.Status.REJECTED)
    )
    order = {rnd.pk: i for i, rnd in enumerate(rounds)}
    rows: list[Position] = []
    derived_stance, derived_evidence = None, []
    since, previous_stance = None, None
    for rnd in rounds:
        latest = list(
            links.filter(round_id=rnd.pk)
            .order_by("-day", "-seq", "-statement_id")
            .values_list("statement_id", "stance")[:ROUND_SCAN_LIMIT]
        )
        if latest:
            stance = latest[0][1]
            run = [statement_id for statement_id, _ in takewhile(lambda link: link[1] == stance, latest)]
            carried_on = stance == derived_stance and len(run) == len(latest)
            derived_evidence = (run + derived_evidence)[:EVIDENCE_LIMIT] if carried_on else run
            derived_stance = stance

        pin = _pin_in_force(pins, order, rnd)
        if pin is not None:
            stance, source = pin.stance or None, Position.Source.PINNED
            evidence = _newest_first(pin.evidence.all())
        else:
            stance, source, evidence = derived_stance, Position.Source.DERIVED, derived_evidence
        if stance != previous_stance:
            since = rnd
        previous_stance = stance
        if stance is None:
            continue
        rows.append(
            Position(
                negotiation_id=issue.negotiation_id, party_id=party_id, issue_id=issue.pk, round=rnd,
                stance=stance, source=source, since_round=since, evidence=list(evidence), pin=pin,
            )
        )
    return rows


def _pin_in_force(pins: list[PositionPin], order: dict[int, int], rnd: Round) -> PositionPin | None:
    """The latest pin whose round is this one or an earlier one (in the negotiation's round order)."""
    in_force = [p for p in pins if order.get(p.from_round_id, len(order)) <= order[rnd.pk]]
    return max(in_force, key=lambda p: order[p.from_round_id]) if in_force else None


def _newest_first(statements: Iterable[Statement]) -> list[int]:
    """Statement ids by the day they were made (else published), newest first."""
    return [
        s.pk for s in sorted(statements, key=lambda s: (s.stated_on or s.article.published or dt.date.min, s.article_id, s.start, s.pk), reverse=True)
    ]


def positions_refresh_pairs(pairs: Iterable[Pair]) -> None:
    # Issue order = lock order: two workers refreshing overlapping pairs cannot deadlock.
    for party_id, issue_id in sorted(set(pairs), key=lambda pair: (pair[1], pair[0] or 0)):
        if party_id is not None:
            positions_refresh(party_id=party_id, issue_id=issue_id)


def positions_refresh_negotiation(*, negotiation: Negotiation) -> None:
    """Refresh every pair of a negotiation (after its rounds changed)."""
    issue_ids = list(negotiation.issues.values_list("id", flat=True))
    pairs = set(
        StatementLink.objects.filter(issue_id__in=issue_ids, party__isnull=False)
        .values_list("party_id", "issue_id")
        .distinct()
    )
    pairs |= set(PositionPin.objects.filter(issue_id__in=issue_ids).values_list("party_id", "issue_id"))
    pairs |= set(Position.objects.filter(issue_id__in=issue_ids).values_list("party_id", "issue_id"))
    positions_refresh_pairs(pairs)


def pairs_of(statement_ids: Iterable[int]) -> set[Pair]:
    """The (party, issue) pairs whose positions these statements feed."""
    return set(
        StatementLink.objects.filter(statement_id__in=list(statement_ids), party__isnull=False).values_list(
            "party_id", "issue_id"
        )
    )


# --- Statements -------------------------------------------------------------


def statement_sync_links(*, statement_ids: Iterable[int]) -> None:
    """Copy party, round, day and counted from statements onto their links."""
    statements = Statement.objects.filter(pk__in=list(statement_ids)).select_related("article")
    for statement in statements:
        StatementLink.objects.filter(statement_id=statement.pk).update(
            party_id=statement.party_id,
            round_id=statement.round_id,
            counted=statement.counted,
            day=statement.stated_on or statement.article.published,
            seq=statement_seq(statement.article_id, statement.start),
        )


def statement_is_counted(statement: Statement) -> bool:
    return statement.status != Statement.Status.REJECTED and statement.article.duplicate_of_id is None


def statements_review(*, statements, status: str, user=None) -> int:
    """Confirm or reject many statements at once (the admin's bulk actions, the API)."""
    if status not in {Statement.Status.CONFIRMED, Statement.Status.REJECTED, Statement.Status.AUTO}:
        raise ValueError(f"unknown review status {status!r}")
    with transaction.atomic():
        ids = list(statements.values_list("pk", flat=True))
        before = pairs_of(ids)
        Statement.objects.filter(pk__in=ids).update(
            status=status, reviewed_by=user if user and user.is_authenticated else None, reviewed_at=timezone.now()
        )
        _recount(ids)
        positions_refresh_pairs(before | pairs_of(ids))
    return len(ids)


def statement_review(*, statement: Statement, status: str, user=None) -> Statement:
    statements_review(statements=Statement.objects.filter(pk=statement.pk), status=status, user=user)
    statement.refresh_from_db()
    return statement


def statement_correct(*, statement: Statement, user=None, links: dict[int, str] | None = None, **fields) -> Statement:
    """An editor's correction (speaker, party, date, round, stance…): it is confirmed and kept on re-runs.

    `links` maps issue id to stance (an empty stance removes the link).
    """
    with transaction.atomic():
        before = pairs_of([statement.pk])
        for name, value in fields.items():
            setattr(statement, name, value)
        if "stated_on" in fields and "round" not in fields and "round_id" not in fields:
            rounds = list(Round.objects.filter(negotiation_id=statement.negotiation_id).order_by("date", "id"))
            statement.round = round_for_day(rounds, statement.stated_on or statement.article.published)
        statement.status = Statement.Status.CONFIRMED
        statement.reviewed_by = user if user and user.is_authenticated else None
        statement.reviewed_at = timezone.now()
        statement.counted = statement_is_counted(statement)
        statement.save()
        for issue_id, stance in (links or {}).items():
            if stance:
                StatementLink.objects.update_or_create(
                    statement=statement, issue_id=issue_id,
                    defaults={"stance": stance, "confidence": 1.0, "reason": "set by an editor"},
                )
            else:
                StatementLink.objects.filter(statement=statement, issue_id=issue_id).delete()
        statement_sync_links(statement_ids=[statement.pk])
        positions_refresh_pairs(before | pairs_of([statement.pk]))
    return statement


def statement_after_edit(*, statement: Statement, before: set[Pair], user=None) -> None:
    """After the admin saved a statement (and its inline links): confirm it and move positions."""
    with transaction.atomic():
        Statement.objects.filter(pk=statement.pk).update(
            status=statement.status if statement.status == Statement.Status.REJECTED else Statement.Status.CONFIRMED,
            reviewed_by=user if user and user.is_authenticated else None,
            reviewed_at=timezone.now(),
        )
        _recount([statement.pk])
        positions_refresh_pairs(before | pairs_of([statement.pk]))


def _recount(statement_ids: list[int]) -> None:
    """Recompute `counted` for statements and copy it (with party, round, day) onto their links."""
    Statement.objects.filter(pk__in=statement_ids).update(counted=True)
    Statement.objects.filter(pk__in=statement_ids).filter(
        Q(status=Statement.Status.REJECTED) | Q(article__duplicate_of__isnull=False)
    ).update(counted=False)
    statement_sync_links(statement_ids=statement_ids)


def article_statements_recount(*, article_id: int) -> None:
    """After an article was marked (or unmarked) as a duplicate."""
    with transaction.atomic():
        ids = list(Statement.objects.filter(article_id=article_id).values_list("pk", flat=True))
        _recount(ids)
        positions_refresh_pairs(pairs_of(ids))


# --- Rounds and pins --------------------------------------------------------


def rounds_reassign(*, negotiation: Negotiation) -> None:
    """Give every statement of a negotiation the round of its day again (after rounds changed)."""
    with transaction.atomic():
        rounds = list(Round.objects.filter(negotiation=negotiation).order_by("date", "id"))
        statements = Statement.objects.filter(negotiation=negotiation)
        statements.update(round=None)
        for i, rnd in enumerate(rounds):
            until = rounds[i + 1].date if i + 1 < len(rounds) else None
            dated = Q(stated_on__gte=rnd.date) | Q(stated_on__isnull=True, article__published__gte=rnd.date)
            if until:
                dated &= Q(stated_on__lt=until) | Q(stated_on__isnull=True, article__published__lt=until)
            Statement.objects.filter(pk__in=statements.filter(dated).values("pk")).update(round=rnd)
        for rnd in [None, *rounds]:
            StatementLink.objects.filter(statement__negotiation=negotiation, statement__round=rnd).update(round=rnd)
        positions_refresh_negotiation(negotiation=negotiation)


def position_pin(
    *, party: Party, issue: Issue, from_round: Round, stance: str, note: str = "",
    evidence: Iterable[Statement] = (), user=None,
) -> PositionPin:
    """Pin a party's stance on an issue from a round on (an empty stance clears the position)."""
    if from_round.negotiation_id != issue.negotiation_id:
        raise ValueError("the round and the issue belong to different negotiations")
    with transaction.atomic():
        pin, _ = PositionPin.objects.update_or_create(
            party=party, issue=issue, from_round=from_round,
            defaults={"stance": stance or "", "note": note, "created_by": user if user and user.is_authenticated else None},
        )
        pin.evidence.set(list(evidence))
        positions_refresh(party_id=party.pk, issue_id=issue.pk)
    return pin


def position_unpin(*, pin: PositionPin) -> None:
    with transaction.atomic():
        party_id, issue_id = pin.party_id, pin.issue_id
        pin.delete()
        positions_refresh(party_id=party_id, issue_id=issue_id)


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
