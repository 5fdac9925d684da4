"""The matrix pages (HTML, for people with a login); the API is mounted by config/api.py."""
from django.urls import path

from . import views

urlpatterns = [
    path("", views.negotiation_index, name="negotiation-index"),
    path("<slug:slug>/", views.negotiation_matrix, name="negotiation-matrix"),
    path("<slug:slug>/changes/", views.negotiation_changes, name="negotiation-changes"),
    path("<slug:slug>/timeline/<str:party>/<slug:issue>/", views.negotiation_timeline, name="negotiation-timeline"),
    path("<slug:slug>/evidence/<str:party>/<slug:issue>/", views.negotiation_evidence, name="negotiation-evidence"),
]
