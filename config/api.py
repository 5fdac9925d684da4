"""Everything under /api/: both apps' views on one router (config/urls.py includes this module).

`ingest` depends on `positions`, never the reverse, so neither app mounts the other: the paths of
both are declared here, as PRODUCT.md names them.
"""
from django.urls import path, re_path
from rest_framework.routers import SimpleRouter

from ingest.api.views import ArticleViewSet
from positions.api import docs, errors, feeds
from positions import converters  # noqa: F401  (<code:…>)
from positions.api import views as positions

from .views import ApiRoot


NEGOTIATION = "negotiations/<slug:slug>"

router = SimpleRouter(use_regex_path=False)  # Django's path converters: <slug:…>, <int:…>
router.register("negotiations", positions.NegotiationViewSet, basename="api-negotiation")
router.register(f"{NEGOTIATION}/rounds", positions.NegotiationRoundViewSet, basename="api-negotiation-round")
router.register(f"{NEGOTIATION}/issues", positions.NegotiationIssueViewSet, basename="api-negotiation-issue")
router.register("rounds", positions.RoundViewSet, basename="api-round")
router.register("issues", positions.IssueViewSet, basename="api-issue")
router.register("parties", positions.PartyViewSet, basename="api-party")
router.register("people", positions.PersonViewSet, basename="api-person")
router.register("statements", positions.StatementViewSet, basename="api-statement")
router.register("articles", ArticleViewSet, basename="api-article")

urlpatterns = [
    path("", ApiRoot.as_view(), name="api-root"),
    path("docs/assets/<path:path>", docs.docs_asset, name="docs-asset"),
    path("negotiations/<slug:slug>/changes.atom", feeds.ChangesFeed(), name="api-negotiation-changes-feed"),
    *router.urls,
    # Last: whatever else is asked under /api/ is a JSON 404.
    re_path(r"", errors.api_not_found),
]
