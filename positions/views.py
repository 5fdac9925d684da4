"""The positions matrix pages: who stands where, what moved, and the quotes behind it.

Thin, server-rendered views over `selectors` — the same reads as the API, so the
pages and the `changes` endpoint can never disagree. Each page is a fixed number
of queries whatever the number of statements (tests/positions/test_views.py).
"""
from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.http import urlencode

from . import selectors
from .models import Issue, Negotiation, Party, Position, Round, Stance, Statement

# The legend, in the order a reader meets them; "none" is the empty cell.
STANCE_STYLES = [
    (Stance.DEMANDS.value, "demands", "!", "asks for it"),
    (Stance.SUPPORTS.value, "supports", "✓", "agrees with it"),
    (Stance.OPEN.value, "open", "?", "ready to discuss it"),
    (Stance.REJECTS.value, "rejects", "✕", "refuses it"),
    ("none", "no position", "–", "nothing on record"),
]
STANCE_ICONS = {value: icon for value, _label, icon, _help in STANCE_STYLES}
# The changes page can list every cell; its newest quotes say enough, the timeline has the rest.
QUOTES_PER_CHANGE = 5


@dataclass(frozen=True)
class Quote:
    """A statement as the pages show it: its text, who, when, and where to check it."""

    statement: Statement
    day: object
    article_href: str | None  # only http(s) addresses become links (not file:/text: uploads)


@dataclass
class Cell:
    party: Party
    issue: Issue
    position: Position | None
    change: selectors.Change | None
    href: str
    fragment_href: str
    selected: bool = False
    strength: selectors.Strength | None = None

    @property
    def stance(self) -> str:
        return self.position.stance if self.position else "none"

    @property
    def icon(self) -> str:
        return STANCE_ICONS[self.stance]

    @property
    def pinned(self) -> bool:
        return bool(self.position and self.position.source == Position.Source.PINNED)

    @property
    def weak(self) -> bool:
        """A stance resting on one unconfirmed statement (or none) is marked as such."""
        return bool(self.position and self.strength and self.strength.weak)


# --- Lookups (404 for anything unknown) ---------------------------------------


def _negotiation(slug: str) -> Negotiation:
    return get_object_or_404(Negotiation, slug=slug)


def _rounds(negotiation: Negotiation) -> list[Round]:
    """A negotiation's rounds in their order (ROUND_ORDER), the order the selectors use."""
    return list(selectors.rounds_of(negotiation=negotiation))


def _round_named(rounds: list[Round], slug: str | None, *, param: str) -> Round | None:
    if not slug:
        return None
    for rnd in rounds:
        if rnd.slug == slug:
            return rnd
    raise Http404(f"unknown round {slug!r} (parameter {param!r})")


def _default_round(negotiation: Negotiation) -> Round | None:
    """The matrix opens where the news is (selectors.round_defaults, shared with the API)."""
    return selectors.round_defaults_of(negotiation=negotiation).matrix


def _neighbours(rounds: list[Round], rnd: Round) -> tuple[Round | None, Round | None]:
    i = rounds.index(rnd)
    return (rounds[i - 1] if i > 0 else None, rounds[i + 1] if i + 1 < len(rounds) else None)


def _parties(negotiation: Negotiation, positions: list[Position]) -> list[Party]:
    """The negotiation's parties, plus any party that holds a position without being listed."""
    parties = {p.pk: p for p in negotiation.parties.all()}
    for position in positions:
        parties.setdefault(position.party_id, position.party)
    return sorted(parties.values(), key=lambda p: p.code)


def _issues(negotiation: Negotiation) -> list[Issue]:
    return list(negotiation.issues.select_related("owner").order_by("position", "slug"))


def _quotes(ids: list[int]) -> dict[int, Quote]:
    """Every statement behind the given ids, fetched at once (a fixed number of queries)."""
    quotes = {}
    for statement in selectors.evidence_statements(list(dict.fromkeys(ids))):
        url = statement.article.url
        href = url if url.lower().startswith(("http://", "https://")) else None
        quotes[statement.pk] = Quote(statement=statement, day=statement.effective_date, article_href=href)
    return quotes


def _url(name: str, query: dict | None = None, **kwargs) -> str:
    url = reverse(name, kwargs=kwargs)
    query = {k: v for k, v in (query or {}).items() if v}
    return f"{url}?{urlencode(query)}" if query else url


# --- Pages ---------------------------------------------------------------------

CHANGES_ON_FRONT_PAGE = 8


def front_page_cards(request: HttpRequest) -> list[dict]:
    """The front page's part of the negotiations (config.views.home adds the last articles): each negotiation
    where its news is and its latest changes, in a fixed number of queries whatever the size."""
    from positions.api.feeds import feed_url  # the feed belongs to the API

    negotiations = list(Negotiation.objects.order_by("-active", "name"))
    defaults = selectors.round_defaults(negotiations=negotiations)
    changes = selectors.changes_at_defaults(defaults=defaults)
    titles = {
        (n, slug): title
        for n, slug, title in Issue.objects.filter(negotiation__in=negotiations).values_list(
            "negotiation_id", "slug", "title"
        )
    }
    cards = []
    for negotiation in negotiations:
        d, moved = defaults[negotiation.pk], changes[negotiation.pk]
        cards.append(
            {
                "negotiation": negotiation,
                "defaults": d,
                "changes": [
                    {"change": c, "issue_title": titles.get((negotiation.pk, c.issue), c.issue)}
                    for c in moved[:CHANGES_ON_FRONT_PAGE]
                ],
                "more": max(0, len(moved) - CHANGES_ON_FRONT_PAGE),
                "changes_href": _url(
                    "negotiation-changes",
                    {"from": d.changes_from and d.changes_from.slug, "to": d.changes_to and d.changes_to.slug},
                    slug=negotiation.slug,
                ),
                "feed_href": feed_url(request, negotiation.slug, request.user),
            }
        )
    return cards



@login_required
def negotiation_index(request: HttpRequest) -> HttpResponse:
    negotiations = Negotiation.objects.annotate(
        n_parties=Count("parties", distinct=True),
        n_issues=Count("issues", distinct=True),
        n_rounds=Count("rounds", distinct=True),
    ).order_by("-active", "name")
    return render(request, "positions/index.html", {"negotiations": negotiations})


@login_required
def negotiation_matrix(request: HttpRequest, slug: str) -> HttpResponse:
    """Parties × issues at a round; `?party=&issue=` opens one cell's evidence (the no-JS path)."""
    negotiation = _negotiation(slug)
    rounds = _rounds(negotiation)
    rnd = _round_named(rounds, request.GET.get("round"), param="round") or _default_round(negotiation)
    context = {"negotiation": negotiation, "rounds": rounds, "round": rnd, "legend": STANCE_STYLES}
    if rnd is None:
        return render(request, "positions/matrix.html", context)

    positions = list(selectors.positions_at(round=rnd))
    strengths = dict(
        zip([p.pk for p in positions], selectors.strengths((p.issue_id, p.evidence, p.source) for p in positions))
    )
    previous = selectors.round_previous(round=rnd)
    _, following = _neighbours(rounds, rnd)
    changes = (
        {
            (c.party, c.issue): c
            for c in selectors.changes_between(from_round=previous, to_round=rnd, with_positions=False, with_strength=False)
        }
        if previous
        else {}
    )
    held = {(p.party_id, p.issue_id): p for p in positions}
    parties, issues = _parties(negotiation, positions), _issues(negotiation)
    chosen = (request.GET.get("party"), request.GET.get("issue"))
    rows = []
    for issue in issues:
        cells = []
        for party in parties:
            query = {"round": rnd.slug, "party": party.code, "issue": issue.slug}
            position = held.get((party.pk, issue.pk))
            cells.append(
                Cell(
                    party=party, issue=issue, position=position,
                    strength=strengths.get(position.pk) if position else None,
                    change=changes.get((party.code, issue.slug)),
                    href=_url("negotiation-matrix", query, slug=slug) + "#evidence",
                    fragment_href=_url(
                        "negotiation-evidence", {"round": rnd.slug}, slug=slug, party=party.code, issue=issue.slug
                    ),
                    selected=chosen == (party.code, issue.slug),
                )
            )
        rows.append((issue, cells))

    selected = next((cell for _, cells in rows for cell in cells if cell.selected), None)
    context.update(
        {
            "parties": parties,
            "rows": rows,
            "previous": previous,
            "next": following,
            "n_changes": len(changes),
            "changes_href": _url("negotiation-changes", {"from": previous and previous.slug, "to": rnd.slug}, slug=slug),
            "evidence": _evidence_context(negotiation, rnd, previous, selected.party, selected.issue,
                                          strength=selected.strength)
            if selected
            else None,
        }
    )
    return render(request, "positions/matrix.html", context)


@login_required
def negotiation_evidence(request: HttpRequest, slug: str, party: str, issue: str) -> HttpResponse:
    """One cell's evidence as an HTML fragment, fetched by the matrix page's script."""
    negotiation = _negotiation(slug)
    rounds = _rounds(negotiation)
    rnd = _round_named(rounds, request.GET.get("round"), param="round") or _default_round(negotiation)
    if rnd is None:
        raise Http404("this negotiation has no rounds yet")
    party_obj = get_object_or_404(Party, code=party)
    issue_obj = get_object_or_404(Issue.objects.select_related("owner"), negotiation=negotiation, slug=issue)
    previous = selectors.round_previous(round=rnd)
    context = _evidence_context(negotiation, rnd, previous, party_obj, issue_obj)
    return render(request, "positions/_evidence.html", {"evidence": context})


def _evidence_context(negotiation, rnd, previous, party: Party, issue: Issue, strength=None) -> dict:
    """A cell's position at `rnd`, what it was at the round before, and the quotes behind it."""
    def held_at(r):
        if r is None:
            return None
        return selectors.positions_at(round=r).filter(party=party, issue=issue).select_related("pin").first()

    position, before = held_at(rnd), held_at(previous)
    # A withdrawn position is explained by the evidence that stood behind it.
    shown = position or before
    ids = list(shown.evidence) if shown else []
    quotes = _quotes(ids)
    if strength is None and shown is not None:
        strength = selectors.strengths([(issue.pk, ids, shown.source)])[0]
    return {
        "strength": strength,
        "negotiation": negotiation,
        "round": rnd,
        "previous": previous,
        "party": party,
        "issue": issue,
        "position": position,
        "before": before,
        "stance": position.stance if position else "none",
        "icon": STANCE_ICONS[position.stance if position else "none"],
        "quotes": [quotes[i] for i in ids if i in quotes],
        "timeline_href": reverse(
            "negotiation-timeline", kwargs={"slug": negotiation.slug, "party": party.code, "issue": issue.slug}
        ),
    }


@login_required
def negotiation_changes(request: HttpRequest, slug: str) -> HttpResponse:
    """What moved between two rounds (`?from=&to=`), read by the same selector as the API's changes."""
    negotiation = _negotiation(slug)
    rounds = _rounds(negotiation)
    to_round = _round_named(rounds, request.GET.get("to"), param="to")
    from_round = _round_named(rounds, request.GET.get("from"), param="from")
    # The same defaults as the API's changes (selectors.round_defaults).
    if to_round is None and from_round is None:
        defaults = selectors.round_defaults_of(negotiation=negotiation)
        from_round, to_round = defaults.changes_from, defaults.changes_to
    elif to_round is None:
        to_round = rounds[-1]
    elif from_round is None:
        from_round = selectors.round_previous(round=to_round)
    from positions.api.feeds import feed_url  # the feed belongs to the API

    context = {"negotiation": negotiation, "rounds": rounds, "from_round": from_round, "to_round": to_round,
               "feed_href": feed_url(request, negotiation.slug, request.user)}
    if to_round is None:
        return render(request, "positions/changes.html", context)
    if from_round is not None and rounds.index(from_round) > rounds.index(to_round):
        context["error"] = (
            f"“from” ({from_round.name}) comes after “to” ({to_round.name}): pick an earlier round to compare from."
        )
        return render(request, "positions/changes.html", context, status=400)

    changes = selectors.changes_between(from_round=from_round, to_round=to_round)
    quotes = _quotes([i for change in changes for i in change.evidence[:QUOTES_PER_CHANGE]])
    issues = {issue.slug: issue for issue in _issues(negotiation)}
    parties = {p.code: p for p in negotiation.parties.all()}
    for change in changes:
        for position in (change.after_position, change.before_position):
            if position is not None:
                parties.setdefault(position.party.code, position.party)
    context["changes"] = [
        {
            "change": change,
            "party": parties.get(change.party),
            "issue": issues.get(change.issue),
            "before_icon": STANCE_ICONS[change.before or "none"],
            "after_icon": STANCE_ICONS[change.after or "none"],
            "quotes": [quotes[i] for i in change.evidence[:QUOTES_PER_CHANGE] if i in quotes],
            "more": max(0, len(change.evidence) - QUOTES_PER_CHANGE),
            "timeline_href": reverse(
                "negotiation-timeline", kwargs={"slug": slug, "party": change.party, "issue": change.issue}
            ),
        }
        for change in changes
    ]
    return render(request, "positions/changes.html", context)


@login_required
def negotiation_timeline(request: HttpRequest, slug: str, party: str, issue: str) -> HttpResponse:
    """One party's stance on one issue, round after round, with the evidence wherever it moved."""
    negotiation = _negotiation(slug)
    party_obj = get_object_or_404(Party, code=party)
    issue_obj = get_object_or_404(Issue.objects.select_related("owner"), negotiation=negotiation, slug=issue)
    steps = selectors.timeline(negotiation=negotiation, party_id=party_obj.pk, issue_id=issue_obj.pk)
    quotes = _quotes([i for _, position in steps if position for i in position.evidence])
    rows, previous_evidence = [], None
    for rnd, position in steps:
        evidence = list(position.evidence) if position else []
        stance = position.stance if position else "none"
        rows.append(
            {
                "round": rnd,
                "position": position,
                "stance": stance,
                "icon": STANCE_ICONS[stance],
                "moved": bool(rows) and stance != rows[-1]["stance"],
                # Carried evidence is shown once, where it first appears.
                "quotes": [quotes[i] for i in evidence if i in quotes] if evidence != previous_evidence else [],
                "same_evidence": bool(evidence) and evidence == previous_evidence,
                "matrix_href": _url(
                    "negotiation-matrix", {"round": rnd.slug, "party": party_obj.code, "issue": issue_obj.slug},
                    slug=slug,
                ) + "#evidence",
            }
        )
        previous_evidence = evidence
    return render(
        request,
        "positions/timeline.html",
        {"negotiation": negotiation, "party": party_obj, "issue": issue_obj, "rows": rows, "legend": STANCE_STYLES},
    )
