"""The contract's field names (PRODUCT.md), one serializer per resource."""
from rest_framework import serializers

from positions.models import Issue, Negotiation, Party, Person, Position, Round, Statement, StatementLink


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


class LinkSerializer(serializers.ModelSerializer):
    issue = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = StatementLink
        fields = ["issue", "stance", "confidence"]


class StatementSerializer(serializers.ModelSerializer):
    speaker = PersonRefSerializer(allow_null=True)
    party = PartyRefSerializer(allow_null=True)
    article = ArticleRefSerializer()
    round = RoundRefSerializer(allow_null=True)
    links = LinkSerializer(many=True)

    class Meta:
        model = Statement
        fields = ["id", "text", "kind", "speaker", "party", "article", "stated_on", "round", "confidence", "status", "links"]


class PositionSerializer(serializers.ModelSerializer):
    party = serializers.CharField(source="party.code")
    issue = serializers.CharField(source="issue.slug")
    since_round = serializers.CharField(source="since_round.slug")
    evidence = serializers.ListField(child=serializers.IntegerField())

    class Meta:
        model = Position
        fields = ["party", "issue", "stance", "source", "since_round", "evidence"]


class PartySerializer(serializers.ModelSerializer):
    class Meta:
        model = Party
        fields = ["code", "name", "aliases"]


class NegotiationSerializer(serializers.ModelSerializer):
    parties = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)

    class Meta:
        model = Negotiation
        fields = ["slug", "name", "description", "parties"]


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
        fields = ["slug", "negotiation", "title", "description", "owner"]


class PersonSerializer(serializers.ModelSerializer):
    party = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Person
        fields = ["id", "name", "party", "role", "aliases", "reviewed"]
