"""The query parameters of the list endpoints (django-filter).

A bad value is a 400 naming the parameter: malformed values through the
filter forms, unknown codes and slugs through `_unknown`. Every filter is
resolved to ids in at most one small query, so the statements query itself
stays on indexed columns.
"""
from django import forms
from django.db.models import Exists, OuterRef
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema_field
from rest_framework.exceptions import ValidationError

from positions.models import Issue, Negotiation, Party, Person, Round, Stance, Statement, StatementLink


MAX_ID = 2**63 - 1


@extend_schema_field({"type": "integer", "minimum": 1, "maximum": MAX_ID})
class IdFilter(filters.Filter):
    """A database id: a whole number in range, so that "1.5" or a 30-digit number is a 400, not a 500."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(*args, **kwargs)


class FilterBackend(filters.DjangoFilterBackend):
    """Filters narrow lists; an object named in the path is found whatever the query string holds."""

    def filter_queryset(self, request, queryset, view):
        if getattr(view, "action", "list") != "list":
            return queryset
        return super().filter_queryset(request, queryset, view)


def _unknown(name: str, what: str, value) -> ValidationError:
    return ValidationError({name: [f"unknown {what} {value!r}."]})


def _party_id(name: str, code: str) -> int:
    """The id of the party with this code; an unknown code is a 400 naming the parameter."""
    party_id = Party.objects.filter(code=code).values_list("pk", flat=True).first()
    if party_id is None:
        raise _unknown(name, "party code", code)
    return party_id


def _negotiation_id(name: str, slug: str) -> int:
    negotiation_id = Negotiation.objects.filter(slug=slug).values_list("pk", flat=True).first()
    if negotiation_id is None:
        raise _unknown(name, "negotiation", slug)
    return negotiation_id


class StatementFilter(filters.FilterSet):
    """Every filter of the contract, plus `until` (the end of a `since` range)."""

    article = IdFilter(method="filter_article", help_text="Article id.")
    party = filters.CharFilter(method="filter_party", help_text="Party code, e.g. RU.")
    speaker = IdFilter(method="filter_speaker", help_text="Person id of the speaker.")
    issue = filters.CharFilter(method="filter_nothing", help_text="Issue slug: statements linked to that issue.")
    stance = filters.ChoiceFilter(
        choices=Stance.choices, method="filter_nothing",
        help_text="With `issue`: the stance of the link to that issue; alone: any link with that stance.",
    )
    round = filters.CharFilter(method="filter_round", help_text="Round slug.")
    negotiation = filters.CharFilter(method="filter_negotiation", help_text="Negotiation slug.")
    status = filters.CharFilter(
        method="filter_nothing",
        help_text="auto, confirmed or rejected (comma-separated for several). "
        "Without it rejected statements are left out.",
    )
    since = filters.DateFilter(field_name="stated_on", lookup_expr="gte", help_text="YYYY-MM-DD, on stated_on.")
    until = filters.DateFilter(field_name="stated_on", lookup_expr="lte", help_text="YYYY-MM-DD, on stated_on.")

    class Meta:
        model = Statement
        fields = ["article", "party", "speaker", "issue", "stance", "round", "negotiation", "status", "since", "until"]

    def filter_nothing(self, queryset, name, value):
        """issue, stance and status are applied together in filter_queryset."""
        return queryset

    def filter_article(self, queryset, name, value):
        articles = Statement.article.field.related_model.objects  # through the relation: positions imports no ingest
        if not articles.filter(pk=value).exists():
            raise _unknown(name, "article id", value)
        return queryset.filter(article_id=value)

    def filter_party(self, queryset, name, value):
        return queryset.filter(party_id=_party_id(name, value))

    def filter_speaker(self, queryset, name, value):
        if not Person.objects.filter(pk=value).exists():
            raise _unknown(name, "person id", value)
        return queryset.filter(speaker_id=value)

    def _negotiation_ids(self) -> list[int] | None:
        slug = self.form.cleaned_data.get("negotiation")
        if not slug:
            return None
        if not hasattr(self, "_negotiation_cache"):
            self._negotiation_cache = list(Negotiation.objects.filter(slug=slug).values_list("pk", flat=True))
        return self._negotiation_cache

    def filter_negotiation(self, queryset, name, value):
        ids = self._negotiation_ids()
        if not ids:
            raise _unknown(name, "negotiation", value)
        if self.form.cleaned_data.get("round"):
            return queryset  # the round is looked up in this negotiation: one index, not two
        return queryset.filter(negotiation_id=ids[0])

    def _ids_of(self, model, name: str, slug: str) -> list[int]:
        """The ids of the rounds or issues with this slug (in the `negotiation` asked for); a 400 naming
        the parameter when there is none."""
        found = model.objects.filter(slug=slug)
        negotiation_ids = self._negotiation_ids()
        if negotiation_ids is not None:
            found = found.filter(negotiation_id__in=negotiation_ids)
        ids = list(found.values_list("pk", flat=True))
        if not ids:
            raise _unknown(name, model._meta.verbose_name, slug)
        return ids

    def filter_round(self, queryset, name, value):
        return queryset.filter(round_id__in=self._ids_of(Round, name, value))

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        data = self.form.cleaned_data
        queryset = self._filter_links(queryset, issue=data.get("issue"), stance=data.get("stance"))
        return self._filter_status(queryset, data.get("status"))

    def _filter_links(self, queryset, *, issue: str | None, stance: str | None):
        """issue and stance speak of the same link (an EXISTS, so no duplicate rows)."""
        if not issue and not stance:
            return queryset
        links = StatementLink.objects.filter(statement_id=OuterRef("pk"))
        if issue:
            links = links.filter(issue_id__in=self._ids_of(Issue, "issue", issue))
        if stance:
            links = links.filter(stance=stance)
        return queryset.filter(Exists(links))

    @staticmethod
    def _filter_status(queryset, value: str | None):
        if not value:
            return queryset.exclude(status=Statement.Status.REJECTED)
        wanted = [v.strip() for v in value.split(",") if v.strip()]
        bad = [v for v in wanted if v not in Statement.Status.values]
        if bad or not wanted:
            raise ValidationError(
                {"status": [f"{value!r}: choose from {', '.join(Statement.Status.values)} (comma-separated)."]}
            )
        return queryset.filter(status__in=wanted)


class NegotiationPartFilter(filters.FilterSet):
    """Rounds and issues of the flat lists, filtered by their negotiation's slug."""

    negotiation = filters.CharFilter(method="filter_negotiation", help_text="Negotiation slug.")

    def filter_negotiation(self, queryset, name, value):
        return queryset.filter(negotiation_id=_negotiation_id(name, value))


class RoundFilter(NegotiationPartFilter):
    class Meta:
        model = Round
        fields = ["negotiation"]


class IssueFilter(NegotiationPartFilter):
    owner = filters.CharFilter(method="filter_owner", help_text="Party code of the issue's owner.")

    class Meta:
        model = Issue
        fields = ["negotiation", "owner"]

    def filter_owner(self, queryset, name, value):
        return queryset.filter(owner_id=_party_id(name, value))


class PartyFilter(filters.FilterSet):
    negotiation = filters.CharFilter(method="filter_negotiation", help_text="Negotiation slug: its parties.")

    class Meta:
        model = Party
        fields = ["negotiation"]

    def filter_negotiation(self, queryset, name, value):
        return queryset.filter(negotiations=_negotiation_id(name, value))


class PersonFilter(filters.FilterSet):
    party = filters.CharFilter(method="filter_party", help_text="Party code the person speaks for.")
    reviewed = filters.ChoiceFilter(
        choices=[("true", "true"), ("false", "false")], method="filter_reviewed",
        help_text="false: people the pipeline found on its own, not yet checked.",
    )

    class Meta:
        model = Person
        fields = ["party", "reviewed"]

    def filter_party(self, queryset, name, value):
        return queryset.filter(party_id=_party_id(name, value))

    def filter_reviewed(self, queryset, name, value):
        return queryset.filter(reviewed=value == "true")
