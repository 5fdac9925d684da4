"""Routes under /api/ (config/urls.py includes this module; schema and docs are there too)."""
from django.urls import include, path, re_path

from . import docs, errors, feeds, views

negotiation = "negotiations/<slug:slug>/"

urlpatterns = [
    path("", views.ApiRoot.as_view(), name="api-root"),
    path("docs/assets/<path:path>", docs.docs_asset, name="docs-asset"),
    path("negotiations/", views.NegotiationList.as_view(), name="negotiation-list"),
    path(negotiation, views.NegotiationDetail.as_view(), name="api-negotiation-detail"),
    path(negotiation + "rounds/", views.NegotiationRoundList.as_view(), name="api-negotiation-rounds"),
    path(negotiation + "rounds/<slug:round>/", views.NegotiationRoundDetail.as_view(), name="api-negotiation-round-detail"),
    path(negotiation + "issues/", views.NegotiationIssueList.as_view(), name="api-negotiation-issues"),
    path(negotiation + "issues/<slug:issue>/", views.NegotiationIssueDetail.as_view(), name="api-negotiation-issue-detail"),
    path(negotiation + "positions/", views.PositionList.as_view(), name="api-negotiation-positions"),
    path(negotiation + "changes/", views.ChangeList.as_view(), name="api-negotiation-changes"),
    path(negotiation + "changes.atom", feeds.ChangesFeed(), name="api-negotiation-changes-feed"),
    path(negotiation + "timeline/", views.Timeline.as_view(), name="api-negotiation-timeline"),
    path("rounds/", views.RoundList.as_view(), name="round-list"),
    path("issues/", views.IssueList.as_view(), name="issue-list"),
    path("parties/", views.PartyList.as_view(), name="party-list"),
    path("parties/<str:code>/", views.PartyDetail.as_view(), name="party-detail"),
    path("people/", views.PersonList.as_view(), name="person-list"),
    path("people/<int:pk>/", views.PersonDetail.as_view(), name="person-detail"),
    path("statements/", views.StatementList.as_view(), name="statement-list"),
    path("statements/<int:pk>/", views.StatementDetail.as_view(), name="statement-detail"),
    path("statements/<int:pk>/review/", views.StatementReview.as_view(), name="statement-review"),
]

# Articles (POST /api/articles/ for editors, and their status) belong to the ingest app.
urlpatterns.append(path("", include("ingest.api.urls")))
# Last: whatever else is asked under /api/ is a JSON 404.
urlpatterns.append(re_path(r"", errors.api_not_found))
