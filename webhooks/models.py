"""Webhooks: an editor registers a URL, and a negotiation's new changes are POSTed to it, signed.

Writes go through `services`; the delivery log is the `Delivery` rows.
"""
import secrets

from django.conf import settings
from django.db import models

from positions.models import Choices


def new_secret() -> str:
    return secrets.token_hex(32)


class Webhook(models.Model):
    """A receiver of a negotiation's new changes (JSON, signed with HMAC-SHA256 under `secret`)."""

    negotiation = models.ForeignKey("positions.Negotiation", on_delete=models.CASCADE, related_name="webhooks")
    url = models.URLField(max_length=2048, help_text="Where the changes are POSTed: a public http(s) address.")
    secret = models.CharField(
        max_length=128, default=new_secret,
        help_text="Shared with the receiver, who checks the X-Tracker-Signature header with it.",
    )
    active = models.BooleanField(default=True)
    note = models.CharField(max_length=300, blank=True, help_text="Who receives it, and why.")
    seen = models.JSONField(
        null=True, blank=True, editable=False,
        help_text="The changes already sent (or standing when the webhook was registered): only newer ones go out.",
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["negotiation", "url"]

    def __str__(self):
        return f"{self.url} ({self.negotiation_id and self.negotiation.slug})"


class Delivery(models.Model):
    """One POST of new changes to a webhook, with every attempt's outcome: the delivery log."""

    class Status(Choices):
        PENDING = "pending"
        DELIVERED = "delivered"
        FAILED = "failed"

    webhook = models.ForeignKey(Webhook, on_delete=models.CASCADE, related_name="deliveries")
    payload = models.JSONField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    response_status = models.PositiveIntegerField(null=True, blank=True)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "deliveries"
        indexes = [models.Index(fields=["webhook", "status"])]

    def __str__(self):
        return f"delivery #{self.pk} to {self.webhook.url}: {self.status}"
