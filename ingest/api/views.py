"""Thin views, mounted by config/api.py: editors submit an article (202 and its status URL); anyone
signed in reads the status."""
from django.conf import settings
from django.urls import NoReverseMatch, reverse
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from ingest import services
from ingest.models import Article
from positions import selectors
from positions.api.permissions import IsEditor

from .serializers import ArticleStatusSerializer, ArticleSubmitSerializer


def status_url(request, article: Article) -> str:
    try:
        path = reverse("api-article-detail", args=[article.pk])
    except NoReverseMatch:  # mounted under a namespace: derive it from the request
        path = request.path.split("articles/")[0] + f"articles/{article.pk}/"
    return request.build_absolute_uri(path)


class ArticleViewSet(mixins.CreateModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Editors submit an article (202 and its status URL); anyone signed in reads its status."""

    queryset = Article.objects.defer("raw", "text")
    serializer_class = ArticleStatusSerializer
    lookup_value_converter = "int"
    not_found = "unknown article {pk}."

    def get_permissions(self):
        if self.action == "create":
            return [IsAuthenticated(), IsEditor()]
        return super().get_permissions()

    @extend_schema(
        request=ArticleSubmitSerializer,
        responses={202: inline_serializer("ArticleQueued", {
            "id": serializers.IntegerField(), "status": serializers.CharField(), "url": serializers.URLField(),
        })},
    )
    def create(self, request):
        """Queue an article: a `url` to fetch, or `text`/`html` with `title` and `published` (YYYY-MM-DD)."""
        limit = int(settings.INGEST_MAX_BYTES)
        declared = request.META.get("CONTENT_LENGTH") or "0"
        if declared.isascii() and declared.isdigit() and int(declared) > settings.DATA_UPLOAD_MAX_MEMORY_SIZE:
            raise ValidationError({"text": [f"The request is {int(declared) / 2**20:.1f} MB; a body may be at most "
                                            f"{limit / 2**20:.1f} MB."]})
        submission = ArticleSubmitSerializer(data=request.data)
        submission.is_valid(raise_exception=True)
        try:
            article = services.article_submit(**submission.validated_data)
        except services.InvalidSubmission as exc:
            raise ValidationError({exc.field: [str(exc)]}) from None
        url = status_url(request, article)
        return Response({"id": article.pk, "status": article.status, "url": url}, status=status.HTTP_202_ACCEPTED,
                        headers={"Location": url})

    def retrieve(self, request, pk):
        """The article's status, stage and error; its statements once it is done."""
        article = self.get_object()
        context = {"request": request, "status_url": lambda a: status_url(request, a)}
        if article.status == Article.Status.DONE:
            rows = selectors.statement_rows().filter(article_id=article.pk).order_by("start", "id")
            context["statements"] = selectors.statements_read(list(rows))
        return Response(ArticleStatusSerializer(article, context=context).data)
