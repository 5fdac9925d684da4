from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView

from positions.api.docs import SwaggerView

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SwaggerView.as_view(url_name="schema"), name="docs"),
    path("api/", include("positions.api.urls")),
    path("negotiations/", include("positions.urls")),
]

handler500 = "positions.api.errors.server_error"
