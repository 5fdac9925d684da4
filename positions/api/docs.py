"""The browsable docs (Swagger UI) with their assets served from the project.

There is no network at run time, and static files are not served when DEBUG is
off, so the pinned drf-spectacular-sidecar bundle is served by these views.
"""
from pathlib import Path
from typing import ClassVar

import drf_spectacular_sidecar
from django.conf import settings
from django.http import Http404
from django.urls import reverse
from django.utils import translation
from django.views.static import serve
from drf_spectacular.settings import spectacular_settings
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.exceptions import ValidationError

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


class KeptSchemaGenerator(spectacular_settings.DEFAULT_GENERATOR_CLASS):
    """The schema, built once per process and language (it changes only with the code) rather than on every request
    to the open /api/schema/ (`SchemaView` refuses a language that is none of settings.LANGUAGES; one that Django
    cannot match to them is built, never kept). For `SchemaView`, which serves one version of the API to everyone."""

    _built: ClassVar[dict] = {}

    def get_schema(self, request=None, public=False):
        try:
            language = translation.get_supported_language_variant(translation.get_language())
        except LookupError:
            return super().get_schema(request=request, public=public)
        if language not in self._built:
            self._built[language] = super().get_schema(request=request, public=public)
        return self._built[language]


class SchemaView(SpectacularAPIView):
    """OpenAPI 3 schema for this API. Format can be selected via content negotiation.

    - YAML: application/vnd.oai.openapi
    - JSON: application/vnd.oai.openapi+json
    """

    generator_class = KeptSchemaGenerator

    def initial(self, request, *args, **kwargs):
        # `?lang=` may only name one of settings.LANGUAGES: Django keeps a translation for every code it is asked
        # for, so anyone could grow the process's memory a language code at a time
        super().initial(request, *args, **kwargs)
        lang = request.GET.get("lang")
        if lang and lang not in dict(settings.LANGUAGES):
            raise ValidationError({"lang": [f"One of: {', '.join(code for code, _ in settings.LANGUAGES)}."]})

    def _get_version_parameter(self, request):
        # `?version=` may only name the API's one version: drf-spectacular copies it into a header
        version = super()._get_version_parameter(request)
        if version and version != spectacular_settings.VERSION:
            raise ValidationError({"version": [f"The API has one version, {spectacular_settings.VERSION}."]})
        return version


class SwaggerView(SpectacularSwaggerView):
    """Swagger UI at /api/docs/; try requests with `Token <key>` under Authorize. GET only: its one renderer is a
    page, which has nothing to show for OPTIONS."""

    http_method_names = ["get", "head"]

    @staticmethod
    def _swagger_ui_resource(filename):
        return _asset_url(f"swagger-ui-dist/{filename}")

    @staticmethod
    def _swagger_ui_favicon():
        return _asset_url("swagger-ui-dist/favicon-32x32.png")
