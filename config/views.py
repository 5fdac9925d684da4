"""The views that show both apps: the front page and the API root. `positions` never imports `ingest`,
so what joins the two lives here."""
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from ingest import selectors as ingest_selectors
from positions import views as pages
from positions.models import Negotiation


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The front page: each negotiation where its news is, its latest changes, the last articles in.

    A fixed number of queries whatever the size (tests/positions/test_home.py).
    """
    articles = [
        {"article": a, "href": a.url if a.url.lower().startswith(("http://", "https://")) else None}
        for a in ingest_selectors.articles_latest()
    ]
    return render(request, "positions/home.html", {"cards": pages.front_page_cards(request), "articles": articles})


RESOURCES = {  # name: URL name
    "negotiations": "api-negotiation-list",
    "rounds": "api-round-list",
    "issues": "api-issue-list",
    "parties": "api-party-list",
    "people": "api-person-list",
    "statements": "api-statement-list",
    "articles": "api-article-list",
    "schema": "schema",
    "docs": "docs",
    "matrix_pages": "negotiation-index",
    "front_page": "home",
    "sign_in": "login",
}
NEGOTIATION_LINKS = {  # key: URL name, with the negotiation's slug
    "detail": "api-negotiation-detail",
    "positions": "api-negotiation-positions",
    "changes": "api-negotiation-changes",
    "changes_feed": "api-negotiation-changes-feed",
    "timeline": "api-negotiation-timeline",
    "matrix": "negotiation-matrix",
}


class ApiRoot(APIView):
    """The resources of the API, and for each negotiation its positions, changes and matrix page."""

    @extend_schema(responses={200: OpenApiTypes.OBJECT})
    def get(self, request):
        absolute = request.build_absolute_uri
        data = {name: absolute(url) for name, url in _urls(RESOURCES).items()}
        data["negotiations_index"] = [
            {"slug": slug, **{key: absolute(url) for key, url in _urls(NEGOTIATION_LINKS, slug=slug).items()}}
            for slug in Negotiation.objects.values_list("slug", flat=True)
        ]
        return Response(data)


def _urls(names: dict[str, str], **kwargs) -> dict[str, str]:
    """{key: path} of the URL names that resolve (the matrix pages are optional)."""
    found = {}
    for key, name in names.items():
        try:
            found[key] = reverse(name, kwargs=kwargs or None)
        except NoReverseMatch:
            pass
    return found
