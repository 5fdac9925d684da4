"""Thin views: editors submit an article (202 and its status URL); anyone signed in reads the status."""
from django.conf import settings
from django.shortcuts import get_object_or_404
from django.urls import NoReverseMatch, reverse
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

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


class ArticleSubmit(APIView):
    permission_classes = [IsAuthenticated, IsEditor]

    @extend_schema(
        request=ArticleSubmitSerializer,
        responses={202: inline_serializer("ArticleQueued", {
            "id": serializers.IntegerField(), "status": serializers.CharField(), "url": serializers.URLField(),
        })},
    )
    def post(self, request):
        """Queue an article: a `url` to fetch, or `text`/`html` with `title` and `published` (YYYY-MM-DD)."""
        limit = int(getattr(settings, "INGEST_MAX_BYTES", 10 * 1024 * 1024))
        declared = request.META.get("CONTENT_LENGTH") or "0"
        if declared.isdigit() and int(declared) > settings.DATA_UPLOAD_MAX_MEMORY_SIZE:
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


class ArticleStatus(APIView):
    @extend_schema(responses=ArticleStatusSerializer)
    def get(self, request, pk):
        """The article's status, stage and error; its statements once it is done."""
        article = get_object_or_404(Article.objects.defer("raw", "text"), pk=pk)
        context = {"request": request, "status_url": lambda a: status_url(request, a)}
        if article.status == Article.Status.DONE:
            rows = list(selectors.statement_rows().filter(article_id=article.pk).order_by("start", "id"))
            links = selectors.statement_links([row["id"] for row in rows])
            context["statements"] = [{**row, "links": links[row["id"]]} for row in rows]
        return Response(ArticleStatusSerializer(article, context=context).data)
