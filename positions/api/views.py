"""Thin views over positions.selectors and positions.services, mounted by config/api.py.

Every view does a fixed number of queries whatever the number of rows:
reference lists through `select_related`/`prefetch_related`; statements
filtered and counted as bare ids, then one page of flat rows and their links;
positions and changes from the stored Position rows (services.positions_refresh_pairs).
An object named in the path is found by DRF's `get_object`; its 404 names what
was asked (`not_found`, see errors.exception_handler).
"""
from functools import cached_property

from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.generics import get_object_or_404
from rest_framework.response import Response

from positions import selectors, services
from positions.models import ROUND_ORDER, Issue, Negotiation, Party, Person, Round, Statement

from . import filters, serializers
from .permissions import IsEditor

ERRORS = {
    400: OpenApiResponse(description="A bad parameter: the body names it, e.g. {\"since\": [\"Enter a valid date.\"]}."),
    404: OpenApiResponse(description="Unknown negotiation, round or object: {\"detail\": \"...\"}."),
}


def lookup_value(value: str) -> str:
    """A value used to look an object up: PostgreSQL refuses NUL characters, and no slug or code has one."""
    return value.replace("\x00", "\ufffd")


def negotiation_or_404(slug: str) -> Negotiation:
    """The negotiation of the path (views under /negotiations/<slug>/), or a 404 naming it."""
    negotiation = Negotiation.objects.filter(slug=lookup_value(slug)).first()
    if negotiation is None:
        raise NotFound(f"unknown negotiation {slug!r}.")
    return negotiation


# --- Positions, changes, timeline: what NegotiationViewSet's actions read from the query --------


def rounds_or_404(slug: str, wanted: dict[str, str]) -> dict[str, Round]:
    """The rounds named by query parameters ({param: round slug}) of a negotiation, in one query;
    404 naming the negotiation or the parameter when one is unknown."""
    found = {
        rnd.slug: rnd
        for rnd in Round.objects.filter(
            negotiation__slug=lookup_value(slug), slug__in=[lookup_value(v) for v in wanted.values()]
        )
    }
    missing = [param for param, value in wanted.items() if lookup_value(value) not in found]
    if missing:
        negotiation = negotiation_or_404(slug)
        param = missing[0]
        raise NotFound(f"{param}: unknown round {wanted[param]!r} in negotiation {negotiation.slug!r}.")
    return {param: found[lookup_value(value)] for param, value in wanted.items()}


def latest_rounds(slug: str, count: int) -> list[Round]:
    """The negotiation's last `count` rounds, latest first (404 for an unknown negotiation)."""
    rounds = list(Round.objects.filter(negotiation__slug=lookup_value(slug)).order_by(*(f"-{field}" for field in ROUND_ORDER))[:count])
    if not rounds:
        negotiation_or_404(slug)  # unknown, or known without rounds yet
    return rounds


def strength_params(request) -> dict:
    """`?min_sources=` (a whole number) and `?confirmed=` (true/false): 400 naming a bad one."""
    params, errors = {}, {}
    raw = request.query_params.get("min_sources")
    if raw not in (None, ""):
        try:
            params["min_sources"] = int(raw)
            if not 0 <= params["min_sources"] <= 10**6:
                raise ValueError
        except ValueError:
            errors["min_sources"] = ["a whole number from 0 up."]
    raw = request.query_params.get("confirmed")
    if raw not in (None, ""):
        value = {"true": True, "1": True, "yes": True, "false": False, "0": False, "no": False}.get(raw.lower())
        if value is None:
            errors["confirmed"] = ["true or false."]
        params["confirmed"] = value
    if errors:
        raise ValidationError(errors)
    return params


STRENGTH_PARAMETERS = [
    OpenApiParameter("min_sources", int, description="Only cells sourced from at least this many distinct outlets."),
    OpenApiParameter("confirmed", bool, description="true: only cells an editor confirmed (a statement or a pin); "
                                                    "false: only the others."),
]


# --- Negotiations (their positions, changes and timeline are actions) and reference data --


class NegotiationViewSet(viewsets.ReadOnlyModelViewSet):
    """Negotiations; each one's positions, changes and timeline are actions on it."""

    queryset = Negotiation.objects.prefetch_related("parties").order_by("name", "id")
    serializer_class = serializers.NegotiationSerializer
    lookup_field, lookup_value_converter = "slug", "slug"
    not_found = "unknown negotiation {slug!r}."

    @extend_schema(
        parameters=[OpenApiParameter("round", str, description="Round slug; default: the latest round."),
                    *STRENGTH_PARAMETERS],
        responses={200: serializers.PositionSerializer(many=True), **ERRORS},
    )
    @action(detail=True, pagination_class=None)
    def positions(self, request, slug):
        """Every party × issue position as of a round (default: the latest round), each with its strength."""
        wanted = strength_params(request)
        round_slug = request.query_params.get("round")
        if round_slug:
            rnd = rounds_or_404(slug, {"round": round_slug})["round"]
        else:
            latest = latest_rounds(slug, 1)
            if not latest:
                return Response([])
            rnd = latest[0]
        rows = selectors.strength_filter(selectors.position_rows(round=rnd), **wanted)
        return Response(serializers.PositionSerializer(rows, many=True).data)

    @extend_schema(
        parameters=[
            OpenApiParameter("from", str, description="Round slug; default: see above."),
            OpenApiParameter("to", str, description="Round slug; default: the latest round where something moved."),
            *STRENGTH_PARAMETERS,
        ],
        responses={200: serializers.ChangesSerializer, **ERRORS},
    )
    @action(detail=True, pagination_class=None)
    def changes(self, request, slug):
        """What changed between two rounds: positions new, changed or withdrawn, with their evidence and strength.

        Defaults (selectors.round_defaults, the same as the changes page): without `from` and `to`, the
        last two rounds where something moved; with `to` only, `from` is the round before it (none before
        the first round: everything is new); with `from` only, `to` is the latest round.
        `from` later than `to` is a 400.
        """
        strength = strength_params(request)
        wanted = {param: request.query_params[param] for param in ("from", "to") if request.query_params.get(param)}
        named = rounds_or_404(slug, wanted) if wanted else {}
        from_round, to_round = named.get("from"), named.get("to")
        if not wanted:
            defaults = selectors.round_defaults_of(negotiation=negotiation_or_404(slug))
            from_round, to_round = defaults.changes_from, defaults.changes_to
            if to_round is None:
                return Response({"from": None, "to": None, "changes": []})
        elif to_round is None:
            to_round = latest_rounds(slug, 1)[0]
        elif "from" not in wanted:
            from_round = selectors.round_previous(round=to_round)
        if from_round is not None and selectors.round_is_after(from_round, to_round):
            raise ValidationError(
                {"from": [f"round {from_round.slug!r} ({from_round.date}) comes after "
                          f"'to' round {to_round.slug!r} ({to_round.date})."]}
            )
        changes = selectors.changes_between(from_round=from_round, to_round=to_round, with_positions=False)
        changes = selectors.strength_filter(changes, **strength)
        return Response(
            {
                "from": from_round.slug if from_round else None,
                "to": to_round.slug,
                "changes": [
                    {"party": c.party, "issue": c.issue, "before": c.before, "after": c.after, "kind": c.kind,
                     "evidence": c.evidence, "strength": c.strength.as_dict()}
                    for c in changes
                ],
            }
        )

    @extend_schema(
        parameters=[
            OpenApiParameter("party", str, required=True, description="Party code."),
            OpenApiParameter("issue", str, required=True, description="Issue slug."),
        ],
        responses={200: serializers.TimelineEntrySerializer(many=True), **ERRORS},
    )
    @action(detail=True, pagination_class=None)
    def timeline(self, request, slug):
        """One party's stance on one issue at every round (null where it held none): a plain list."""
        negotiation = negotiation_or_404(slug)
        missing = {name: ["this parameter is required."] for name in ("party", "issue") if not request.query_params.get(name)}
        if missing:
            raise ValidationError(missing)
        party = Party.objects.filter(code=lookup_value(request.query_params["party"])).first()
        if party is None:
            raise NotFound(f"party: unknown party {request.query_params['party']!r}.")
        issue = Issue.objects.filter(negotiation=negotiation, slug=lookup_value(request.query_params["issue"])).first()
        if issue is None:
            raise NotFound(f"issue: unknown issue {request.query_params['issue']!r} in negotiation {negotiation.slug!r}.")
        rows = []
        for rnd, position in selectors.timeline(negotiation=negotiation, party_id=party.pk, issue_id=issue.pk):
            rows.append(
                {
                    "round": rnd.slug, "date": rnd.date, "party": party.code, "issue": issue.slug,
                    "stance": position.stance if position else None,
                    "source": position.source if position else None,
                    "since_round": position.since_round.slug if position else None,
                    "evidence": list(position.evidence) if position else [],
                }
            )
        return Response(serializers.TimelineEntrySerializer(rows, many=True).data)


ROUNDS = (
    Round.objects.select_related("negotiation").prefetch_related("parties").order_by("negotiation_id", *ROUND_ORDER)
)
ISSUES = Issue.objects.select_related("negotiation", "owner").order_by("negotiation_id", "position", "slug")


class RoundViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """All rounds, in order; `?negotiation=<slug>` for one negotiation's (also at /negotiations/<slug>/rounds/)."""

    queryset = ROUNDS
    serializer_class = serializers.RoundSerializer
    filterset_class = filters.RoundFilter


class IssueViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """All issues; `?negotiation=<slug>` and `?owner=<party code>` narrow them."""

    queryset = ISSUES
    serializer_class = serializers.IssueSerializer
    filterset_class = filters.IssueFilter


class InNegotiation(mixins.RetrieveModelMixin):
    """A flat list's rounds or issues, of the negotiation in the path (`<slug>` unknown: a 404), each also by slug."""

    lookup_field, lookup_value_converter = "slug", "slug"
    filterset_class = None  # the path names the negotiation; the flat list's `?negotiation=` would only contradict it

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return self.queryset.none()
        return self.queryset.filter(negotiation=self.negotiation)

    @cached_property
    def negotiation(self) -> Negotiation:
        return negotiation_or_404(self.kwargs["slug"])


class NegotiationRoundViewSet(InNegotiation, RoundViewSet):
    """A negotiation's rounds in their order (ROUND_ORDER: date, then slug)."""

    lookup_url_kwarg = "round"
    not_found = "unknown round {round!r} in negotiation {slug!r}."


class NegotiationIssueViewSet(InNegotiation, IssueViewSet):
    """A negotiation's issues in matrix order."""

    lookup_url_kwarg = "issue"
    not_found = "unknown issue {issue!r} in negotiation {slug!r}."


class PartyViewSet(viewsets.ReadOnlyModelViewSet):
    """All parties; `?negotiation=<slug>` for the parties in one negotiation."""

    queryset = Party.objects.order_by("code")
    serializer_class = serializers.PartySerializer
    filterset_class = filters.PartyFilter
    lookup_field, lookup_value_converter = "code", "code"  # config/api.py: no NUL
    not_found = "unknown party {code!r}."


class PersonViewSet(viewsets.ReadOnlyModelViewSet):
    """People who speak for parties; `?party=<code>`, `?reviewed=false` for the ones to check."""

    queryset = Person.objects.select_related("party").order_by("name", "id")
    serializer_class = serializers.PersonSerializer
    filterset_class = filters.PersonFilter
    lookup_value_converter = "int"
    not_found = "unknown person {pk}."


# --- Statements -------------------------------------------------------------


class StatementViewSet(viewsets.ReadOnlyModelViewSet):
    """Statements, newest first. Rejected ones are left out of the list unless `status` asks for them;
    one statement is shown whatever its status."""

    queryset = Statement.objects.none()  # the model, for the schema and the filters
    serializer_class = serializers.StatementSerializer
    filterset_class = filters.StatementFilter
    lookup_value_converter = "int"
    not_found = "unknown statement {pk}."

    def get_queryset(self):
        # Filtered, counted and sliced as bare ids (no joins); then the page's rows are loaded.
        return selectors.statement_ids()

    def paginate_queryset(self, queryset):
        return selectors.statements_page(list(super().paginate_queryset(queryset)))

    def get_object(self):
        """The statement as the API reads it (a flat row and its links: two queries), not a model instance."""
        return selectors.statements_read([get_object_or_404(selectors.statement_rows(), pk=self.kwargs["pk"])])[0]

    @extend_schema(
        request=serializers.StatementReviewSerializer,
        responses={200: serializers.StatementSerializer, 403: OpenApiResponse(description="Not an editor."), **ERRORS},
    )
    @action(detail=True, methods=["post"], permission_classes=[IsEditor])
    def review(self, request, pk):
        """An editor confirms or rejects a statement (or sets it back to auto); positions follow at once."""
        statement = get_object_or_404(Statement, pk=pk)
        verdict = serializers.StatementReviewSerializer(data=request.data)
        verdict.is_valid(raise_exception=True)
        services.statement_review(statement=statement, status=verdict.validated_data["status"], user=request.user)
        return Response(self.get_serializer(self.get_object()).data)
