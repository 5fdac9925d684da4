"""The matrix pages (HTML, for people with a login); the API is mounted by config/api.py."""
from django.urls import path

from . import converters, views  # noqa: F401  (converters: <code:…>)

urlpatterns = [
    path("", views.negotiation_index, name="negotiation-index"),
    path("<slug:slug>/", views.negotiation_matrix, name="negotiation-matrix"),
    path("<slug:slug>/changes/", views.negotiation_changes, name="negotiation-changes"),
    path("<slug:slug>/timeline/<code:party>/<slug:issue>/", views.negotiation_timeline, name="negotiation-timeline"),
    path("<slug:slug>/evidence/<code:party>/<slug:issue>/", views.negotiation_evidence, name="negotiation-evidence"),
]
