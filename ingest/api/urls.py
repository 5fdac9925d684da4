"""Article submission and status; included under /api/ by positions/api/urls.py."""
from django.urls import path

from . import views

urlpatterns = [
    path("articles/", views.ArticleSubmit.as_view(), name="api-article-list"),
    path("articles/<int:pk>/", views.ArticleStatus.as_view(), name="api-article-detail"),
]
