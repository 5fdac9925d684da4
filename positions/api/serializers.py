"""The contract's field names (PRODUCT.md), one serializer per resource.

Statements, positions and changes have exactly the contract's fields; the
reference resources (negotiations, rounds, parties, people, issues) add
links to what an analyst asks next.
"""
from django.urls import reverse
from rest_framework import serializers

from positions.evidence import evidence_text
from positions.models import Issue, Negotiation, Party, Person, Position, Round, Stance, Statement


def _absolute(context, url: str) -> str:
    request = context.get("request")
    return request.build_absolute_uri(url) if request is not None else url


STANCES = ", ".join(Stance.values)


# --- Statements -------------------------------------------------------------


class PartyRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Party
        fields = ["code", "name"]


class PersonRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Person
        fields = ["id", "name"]


class RoundRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Round
        fields = ["slug", "name"]


class ArticleRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    url = serializers.CharField()
    title = serializers.CharField()
    published = serializers.DateField(allow_null=True)


class LinkSerializer(serializers.Serializer):
    issue = serializers.CharField(read_only=True)  # the slug
    stance = serializers.ChoiceField(choices=Stance.choices)
    confidence = serializers.FloatField(required=False)


class ReadableTextField(serializers.CharField):
    """A statement's stored span, tidied for reading (positions.evidence): the offsets stay true in the database."""

    def to_representation(self, value):
        return evidence_text(value)


class StatementSerializer(serializers.Serializer):
    """A statement in the contract's shape, from a row of selectors.statements_read(): the schema and the output."""

    id = serializers.IntegerField()
    text = ReadableTextField(help_text="The statement as said, tidied for reading (positions.evidence).")
    kind = serializers.ChoiceField(choices=Statement.Kind.choices)
    speaker = PersonRefSerializer(allow_null=True)
    party = PartyRefSerializer(allow_null=True)
    article = ArticleRefSerializer()
    stated_on = serializers.DateField(allow_null=True)
    round = RoundRefSerializer(allow_null=True)
    confidence = serializers.FloatField(min_value=0, max_value=1)
    status = serializers.ChoiceField(choices=Statement.Status.choices)
    links = LinkSerializer(many=True)


class StatementReviewSerializer(serializers.Serializer):
    """An editor's verdict on a statement."""

    status = serializers.ChoiceField(choices=Statement.Status.choices)


# --- Positions, changes, timeline ----------------------------------------------


class StrengthSerializer(serializers.Serializer):
    """How well a cell is sourced (selectors.Strength)."""

    statements = serializers.IntegerField(help_text="Counted statements among its evidence.")
    outlets = serializers.IntegerField(help_text="Distinct outlets among them.")
    speakers = serializers.IntegerField(help_text="Distinct named speakers among them.")
    best_confidence = serializers.FloatField(
        allow_null=True, help_text="Best confidence of their links to the issue (null: none)."
    )
    confirmed = serializers.BooleanField(help_text="An editor confirmed one of them, or pinned the position.")


class PositionSerializer(serializers.Serializer):
    """A position in the contract's shape, from a row of selectors.position_rows()."""

    party = serializers.CharField(help_text="Party code.")
    issue = serializers.CharField(help_text="Issue slug.")
    stance = serializers.ChoiceField(choices=Stance.choices)
    source = serializers.ChoiceField(choices=Position.Source.choices)
    since_round = serializers.CharField(help_text="Slug of the round from which the party has held this stance.")
    evidence = serializers.ListField(child=serializers.IntegerField(), help_text="Statement ids, newest first.")
    strength = StrengthSerializer()

    def to_representation(self, row):
        shown = {name: row[name] for name in ("party", "issue", "stance", "source", "since_round", "evidence")}
        return {**shown, "strength": row["strength"].as_dict()}


class ChangeSerializer(serializers.Serializer):
    party = serializers.CharField(help_text="Party code.")
    issue = serializers.CharField(help_text="Issue slug.")
    before = serializers.CharField(allow_null=True, help_text=f"Stance at `from` ({STANCES}), null: none.")
    after = serializers.CharField(allow_null=True, help_text=f"Stance at `to` ({STANCES}), null: none.")
    kind = serializers.CharField(help_text="new (no position at `from`), changed, or withdrawn (none at `to`).")
    evidence = serializers.ListField(
        child=serializers.IntegerField(),
        help_text="Statement ids behind `after` (behind `before` for a withdrawal), newest first.",
    )
    strength = StrengthSerializer()


class ChangesSerializer(serializers.Serializer):
    """{from, to, changes}; `from` is a Python keyword, hence get_fields."""

    def get_fields(self):
        return {
            "from": serializers.CharField(allow_null=True, help_text="Round slug (null: before the first round)."),
            "to": serializers.CharField(allow_null=True, help_text="Round slug (null: the negotiation has no rounds)."),
            "changes": ChangeSerializer(many=True),
        }


class TimelineEntrySerializer(serializers.Serializer):
    round = serializers.CharField(help_text="Round slug.")
    date = serializers.DateField()
    party = serializers.CharField(help_text="Party code.")
    issue = serializers.CharField(help_text="Issue slug.")
    stance = serializers.ChoiceField(choices=Stance.choices, allow_null=True, help_text="null: no position.")
    source = serializers.ChoiceField(choices=Position.Source.choices, allow_null=True)
    since_round = serializers.CharField(allow_null=True)
    evidence = serializers.ListField(child=serializers.IntegerField())


# --- Reference data -------------------------------------------------------------


class PartySerializer(serializers.ModelSerializer):
    class Meta:
        model = Party
        fields = ["code", "name", "aliases"]


class PersonSerializer(serializers.ModelSerializer):
    party = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True,
                                         help_text="Code of the party they speak for; null for commentators.")

    class Meta:
        model = Person
        fields = ["id", "name", "party", "role", "aliases", "reviewed"]


class NegotiationSerializer(serializers.ModelSerializer):
    parties = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    rounds = serializers.SerializerMethodField(help_text="URL of its rounds.")
    issues = serializers.SerializerMethodField(help_text="URL of its issues.")
    positions = serializers.SerializerMethodField(help_text="URL of its positions (?round=).")
    changes = serializers.SerializerMethodField(help_text="URL of its changes (?from=&to=).")

    class Meta:
        model = Negotiation
        fields = ["slug", "name", "description", "active", "parties", "rounds", "issues", "positions", "changes"]

    def _url(self, name, obj) -> str:
        return _absolute(self.context, reverse(name, kwargs={"slug": obj.slug}))

    def get_rounds(self, obj) -> str:
        return self._url("api-negotiation-round-list", obj)

    def get_issues(self, obj) -> str:
        return self._url("api-negotiation-issue-list", obj)

    def get_positions(self, obj) -> str:
        return self._url("api-negotiation-positions", obj)

    def get_changes(self, obj) -> str:
        return self._url("api-negotiation-changes", obj)


class RoundSerializer(serializers.ModelSerializer):
    negotiation = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    parties = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)

    class Meta:
        model = Round
        fields = ["slug", "negotiation", "date", "name", "venue", "parties"]


class IssueSerializer(serializers.ModelSerializer):
    negotiation = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    owner = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Issue
        fields = ["slug", "negotiation", "title", "description", "owner", "position"]
