"""Submitting an article, and its status resource."""
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ingest.models import Article
from positions.api.serializers import StatementSerializer
from positions.models import Negotiation


class SlugField(serializers.SlugRelatedField):
    """A related object by its slug; a NUL, which no slug has and PostgreSQL refuses in a query, finds none."""

    def to_internal_value(self, data):
        if isinstance(data, str) and "\x00" in data:
            self.fail("does_not_exist", slug_name=self.slug_field, value=data.replace("\x00", "\\x00"))
        return super().to_internal_value(data)


class ArticleSubmitSerializer(serializers.Serializer):
    """A URL to fetch, or a body (text or html) with its title and publication date."""

    url = serializers.URLField(required=False, allow_blank=True, max_length=2048)
    text = serializers.CharField(required=False, allow_blank=True, trim_whitespace=False)
    html = serializers.CharField(required=False, allow_blank=True, trim_whitespace=False)
    title = serializers.CharField(required=False, allow_blank=True, max_length=500)
    outlet = serializers.CharField(required=False, allow_blank=True, max_length=200)
    published = serializers.DateField(required=False, allow_null=True, input_formats=["%Y-%m-%d"])
    negotiation = SlugField(
        slug_field="slug", queryset=Negotiation.objects.all(), required=False, allow_null=True
    )

    def validate_url(self, value):
        if value and not value.lower().startswith(("http://", "https://")):
            raise serializers.ValidationError("Only http(s) URLs can be fetched.")
        return value

    def validate(self, data):
        has_text, has_html = "text" in data, "html" in data
        if has_text and has_html:
            raise serializers.ValidationError({"html": "Give text or html, not both."})
        body_field = "text" if has_text else "html" if has_html else None
        if body_field is None:
            if not data.get("url"):
                raise serializers.ValidationError({"url": "Give a url, or a text or html body."})
            return data
        if not data[body_field].strip():
            raise serializers.ValidationError({body_field: "The body is empty."})
        missing = {name: "Required with a text or html body." for name in ("title", "published") if not data.get(name)}
        if missing:
            raise serializers.ValidationError(missing)
        return data


class ArticleStatusSerializer(serializers.ModelSerializer):
    """How far the pipeline got with an article; its statements once it is done."""

    url = serializers.SerializerMethodField(help_text="This status resource.")
    source = serializers.CharField(source="url", help_text="Where the article came from (file: or text: for uploads).")
    duplicate_of = serializers.PrimaryKeyRelatedField(
        read_only=True, allow_null=True, help_text="The original of a syndicated copy; null for an original."
    )
    statements = serializers.SerializerMethodField()

    class Meta:
        model = Article
        fields = [
            "id", "url", "source", "title", "outlet", "published", "language", "status", "stage", "error",
            "attempts", "duplicate_of", "created_at", "processed_at", "statements",
        ]

    @extend_schema_field(serializers.URLField())
    def get_url(self, article):
        return self.context["status_url"](article)

    @extend_schema_field(StatementSerializer(many=True, allow_null=True))
    def get_statements(self, article):
        if article.status != Article.Status.DONE:
            return None
        return StatementSerializer(self.context.get("statements", []), many=True).data
