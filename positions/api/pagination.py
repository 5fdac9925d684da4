"""Page-number pagination of the contract: count/next/previous/results, ?page_size= up to 500."""
from rest_framework import pagination
from rest_framework.exceptions import ValidationError


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

    def get_page_size(self, request):
        size = _positive_int(request, self.page_size_query_param)
        return self.page_size if size is None else min(size, self.max_page_size)

    def paginate_queryset(self, queryset, request, view=None):
        _positive_int(request, self.page_query_param)  # "abc" or "0" is a bad value, not an unknown page
        return super().paginate_queryset(queryset, request, view)
