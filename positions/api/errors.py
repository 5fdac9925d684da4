"""Errors as clear JSON: 400 naming the bad parameter, 404 for an unknown object, never a 500 page."""
from django.core.exceptions import ValidationError as DjangoValidationError
from django.conf import settings
from django.http import Http404, HttpResponsePermanentRedirect, JsonResponse
from django.urls import Resolver404, resolve
from rest_framework import exceptions
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.renderers import JSONRenderer
from rest_framework.views import exception_handler as drf_exception_handler


def exception_handler(exc, context):
    """DRF's answer for the error, as JSON for any data format (`?format=csv` asks for the data, not for its
    errors); a browser on the browsable API keeps its page, which offers to sign in."""
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(exc.message_dict if hasattr(exc, "error_dict") else exc.messages)
    if isinstance(exc, Http404) and getattr(context.get("view"), "not_found", None):
        # DRF's get_object found nothing: say what was asked, e.g. "unknown party 'ZZ'." (the view's `not_found`).
        exc = exceptions.NotFound(context["view"].not_found.format_map(context.get("kwargs") or {}))
    response = drf_exception_handler(exc, context)
    request = context.get("request")
    renderer = getattr(request, "accepted_renderer", None) if request is not None else None
    if response is not None and request is not None and getattr(renderer, "format", None) != "api":
        request.accepted_renderer, request.accepted_media_type = JSONRenderer(), JSONRenderer.media_type
    return response


class ContentNegotiation(DefaultContentNegotiation):
    """`?format=xml` is a 400 naming the parameter and the formats there are, not a bare 404."""

    def filter_renderers(self, renderers, format):
        chosen = [renderer for renderer in renderers if renderer.format == format]
        if not chosen:
            known = ", ".join(sorted({renderer.format for renderer in renderers if renderer.format != "api"}))
            raise exceptions.ValidationError({"format": [f"unknown format {format[:20]!r}; use one of: {known}."]})
        return chosen


def api_not_found(request, *args, **kwargs):
    """Any path under /api/ that names nothing (a slug with characters slugs never have, a typo): JSON, not a page.

    A path that names something once a slash is appended is redirected there, as Django's APPEND_SLASH would.
    """
    if settings.APPEND_SLASH and not request.path_info.endswith("/"):
        try:
            match = resolve(request.path_info + "/")
        except Resolver404:
            match = None
        if match is not None and match.func is not api_not_found:
            return HttpResponsePermanentRedirect(request.get_full_path(force_append_slash=True))
    return JsonResponse({"detail": "Nothing here: see /api/docs/ for the paths of the API."}, status=404)


def bad_request(request, exception=None, *args, **kwargs):
    """A request Django itself refuses before any view (more than DATA_UPLOAD_MAX_NUMBER_FIELDS parameters, a
    body over DATA_UPLOAD_MAX_MEMORY_SIZE): under /api/ a JSON 400 saying so, as every other error there."""
    if request.path.startswith("/api/"):
        reason = str(exception) if exception is not None else ""
        return JsonResponse({"detail": f"Bad request: {reason or 'refused before it could be read'}."}, status=400)
    from django.views.defaults import bad_request as page

    return page(request, exception, *args, **kwargs)


def server_error(request, *args, **kwargs):
    """A 500 under /api/ is still JSON (none is expected: every bad input has its 4xx)."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "Internal error: it has been logged."}, status=500)
    from django.views.defaults import server_error as page

    return page(request, *args, **kwargs)
