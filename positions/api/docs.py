"""The browsable docs (Swagger UI) with their assets served from the project.

There is no network at run time, and static files are not served when DEBUG is
off, so the pinned drf-spectacular-sidecar bundle is served by these views.
"""
from pathlib import Path

import drf_spectacular_sidecar
from django.http import Http404
from django.urls import reverse
from django.views.static import serve
from drf_spectacular.views import SpectacularSwaggerView

ASSETS = Path(drf_spectacular_sidecar.__file__).resolve().parent / "static" / "drf_spectacular_sidecar"
ALLOWED = {
    "swagger-ui-dist/swagger-ui.css",
    "swagger-ui-dist/swagger-ui-bundle.js",
    "swagger-ui-dist/swagger-ui-standalone-preset.js",
    "swagger-ui-dist/favicon-32x32.png",
}


def _asset_url(path: str) -> str:
    return reverse("docs-asset", kwargs={"path": path})


def docs_asset(request, path: str):
    """One file of the bundled Swagger UI (a fixed list: nothing else of the disk)."""
    if path not in ALLOWED:
        raise Http404("no such docs asset")
    response = serve(request, path, document_root=str(ASSETS))
    response["Cache-Control"] = "public, max-age=86400"
    return response


class SwaggerView(SpectacularSwaggerView):
    """Swagger UI at /api/docs/; try requests with `Token <key>` under Authorize."""

    @staticmethod
    def _swagger_ui_resource(filename):
        return _asset_url(f"swagger-ui-dist/{filename}")

    @staticmethod
    def _swagger_ui_favicon():
        return _asset_url("swagger-ui-dist/favicon-32x32.png")
