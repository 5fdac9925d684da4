"""Reads of the ingest side, for pages that show both apps (config/views.py)."""
from .models import Article


def articles_latest(*, limit: int = 10) -> list[Article]:
    """The last articles ingested, with their status (the front page): one query, bodies left out."""
    return list(
        Article.objects.select_related("negotiation")
        .only("id", "url", "title", "outlet", "published", "status", "stage", "error", "created_at",
              "negotiation__slug", "negotiation__name")
        .order_by("-created_at", "-id")[:limit]
    )
