from django.urls import path

from . import views

urlpatterns = [
    path("statements/", views.StatementList.as_view(), name="statement-list"),
    path("negotiations/<slug:slug>/positions/", views.PositionList.as_view(), name="negotiation-positions"),
]
