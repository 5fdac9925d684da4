"""What comes in from the outside world: articles and the feeds that bring them."""
from django.db import models

from positions.models import Choices


class Article(models.Model):
    """An ingested report. `status` and `stage` say how far the pipeline got; `error` why it stopped."""

    class Status(Choices):
        QUEUED = "queued"
        PROCESSING = "processing"
        DONE = "done"
        SKIPPED = "skipped", "skipped (not extracted)"
        FAILED = "failed"

    class Stage(Choices):
        RECEIVED = "received"
        FETCH = "fetch"
        CLEAN = "clean"
        LANGUAGE = "language", "language check"
        DUPLICATE = "duplicate", "duplicate check"
        EXTRACT = "extract", "extract statements"
        LINK = "link", "link to issues"
        POSITIONS = "positions", "refresh positions"
        FINISHED = "finished"

    url = models.CharField(max_length=2048, unique=True, help_text="Where it came from; file: or text: for uploads.")
    title = models.CharField(max_length=500, blank=True)
    outlet = models.CharField(max_length=200, blank=True)
    published = models.DateField(null=True, blank=True, db_index=True)
    language = models.CharField(max_length=12, blank=True)
    raw = models.TextField(blank=True, help_text="The body as received (HTML or text), kept so a retry needs no refetch.")
    raw_is_html = models.BooleanField(default=False)
    text = models.TextField(blank=True, help_text="Clean text; statement offsets point into it.")
    content_hash = models.CharField(max_length=64, blank=True, db_index=True)
    grams = models.BinaryField(
        blank=True, default=b"", editable=False,
        help_text="The text's word 3-grams as 64-bit hashes (ingest.duplicates), written with the duplicate mark.",
    )
    duplicate_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="duplicates",
        help_text="The original of a syndicated copy; the copy's statements do not count towards positions.",
    )
    negotiation = models.ForeignKey(
        "positions.Negotiation", null=True, blank=True, on_delete=models.SET_NULL, related_name="articles",
        help_text="Leave empty to let the pipeline pick the negotiation the report is about.",
    )
    feed = models.ForeignKey("Feed", null=True, blank=True, on_delete=models.SET_NULL, related_name="articles")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.QUEUED)
    stage = models.CharField(max_length=12, choices=Stage.choices, default=Stage.RECEIVED)
    error = models.TextField(blank=True)
    attempts = models.PositiveIntegerField(default=0)
    claimed_by = models.CharField(
        max_length=255, blank=True, help_text="The task run that holds the article while it is processing."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    processed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["status", "updated_at"]),
        ]

    def __str__(self):
        return self.title or self.url


class Feed(models.Model):
    """An RSS/Atom feed polled by Celery beat; new entries become queued articles."""

    url = models.URLField(max_length=2048, unique=True)
    title = models.CharField(max_length=300, blank=True)
    outlet = models.CharField(max_length=200, blank=True, help_text="Given to the articles it brings.")
    negotiation = models.ForeignKey(
        "positions.Negotiation", null=True, blank=True, on_delete=models.SET_NULL, related_name="feeds"
    )
    active = models.BooleanField(default=True)
    interval_minutes = models.PositiveIntegerField(default=30)
    etag = models.CharField(max_length=500, blank=True)
    last_modified = models.CharField(max_length=100, blank=True)
    last_polled_at = models.DateTimeField(null=True, blank=True)
    last_status = models.CharField(max_length=200, blank=True)
    last_error = models.TextField(blank=True)
    entries_seen = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["url"]

    def __str__(self):
        return self.title or self.url


class ArticleBand(models.Model):
    """One band of an article's MinHash signature: articles sharing a band are near-duplicate candidates.

    Written by the duplicate stage (see ingest.duplicates); an indexed lookup whatever the number of articles.
    """

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="bands")
    band = models.PositiveSmallIntegerField()
    value = models.BigIntegerField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["article", "band"], name="one_value_per_article_band")]
        indexes = [models.Index(fields=["value"])]
