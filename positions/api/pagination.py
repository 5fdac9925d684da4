"""Page-number pagination of the contract: count/next/previous/results, ?page_size= up to 500.

Counting is the one part of a page whose cost grows with the rows (COUNT(*)
over every match): a large count (>= COUNT_CACHE_MIN) is kept for
API_COUNT_CACHE_SECONDS (settings) per query, so that paging through 100,000 statements does
not count them all again for every page. Small counts are always exact.
"""
import hashlib

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Paginator
from django.utils.functional import cached_property
from rest_framework import pagination
from rest_framework.exceptions import ValidationError

COUNT_CACHE_MIN = 10_000


class CountCachingPaginator(Paginator):
    @cached_property
    def count(self):
        query = getattr(self.object_list, "query", None)
        if query is None or not settings.API_COUNT_CACHE_SECONDS:
            return super().count
        try:
            sql, params = query.sql_with_params()
        except Exception:  # an empty filter (pk__in=[]) cannot be compiled: nothing to cache
            return super().count
        key = "api-count:" + hashlib.sha256(repr((sql, params)).encode()).hexdigest()
        found = cache.get(key)
        if found is not None:
            return found
        found = super().count
        if found >= COUNT_CACHE_MIN:
            cache.set(key, found, settings.API_COUNT_CACHE_SECONDS)
        return found


def _positive_int(request, name: str) -> int | None:
    """A positive integer query parameter, None when absent; anything else is a 400 naming it."""
    raw = request.query_params.get(name)
    if raw in (None, ""):
        return None
    try:
        value = int(raw)
    except (TypeError, ValueError):
        raise ValidationError({name: [f"{raw!r} is not a whole number."]}) from None
    if value < 1:
        raise ValidationError({name: ["must be 1 or more."]})
    return value


class PageNumberPagination(pagination.PageNumberPagination):
    """Larger page sizes than 500 are clamped to 500 (not refused); a page past the end is a 404."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500
    django_paginator_class = CountCachingPaginator

    def get_page_size(self, request):
        size = _positive_int(request, self.page_size_query_param)
        return self.page_size if size is None else min(size, self.max_page_size)

    def paginate_queryset(self, queryset, request, view=None):
        _positive_int(request, self.page_query_param)  # "abc" or "0" is a bad value, not an unknown page
        return super().paginate_queryset(queryset, request, view)
