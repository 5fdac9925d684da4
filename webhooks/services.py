"""Writes of the webhooks app: find a negotiation's new changes, record a delivery, attempt it.

A change is new for a webhook when it was not among the changes standing at
the previous look (`Webhook.seen`); the first look only takes note, so a new
webhook receives what changes after it was registered, not the history.
"""
from __future__ import annotations

import hashlib
import hmac
import json
import time
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from ingest import fetching
from positions import selectors

from .models import Delivery, Webhook

SIGNATURE_HEADER = "X-Tracker-Signature"
TIMESTAMP_HEADER = "X-Tracker-Timestamp"
DELIVERY_HEADER = "X-Tracker-Delivery"


def signature(*, secret: str, timestamp: int, body: bytes) -> str:
    """`sha256=` + hex HMAC-SHA256 of "<timestamp>.<body>" under the shared secret."""
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return "sha256=" + mac.hexdigest()


def change_payload(entry: selectors.FeedEntry) -> dict:
    c = entry.change
    return {
        "party": c.party, "issue": c.issue, "before": c.before, "after": c.after, "kind": c.kind,
        "round": entry.round.slug, "from": entry.from_round.slug if entry.from_round else None,
        "evidence": c.evidence, "strength": c.strength.as_dict() if c.strength else None,
    }


def webhooks_dispatch() -> list[int]:
    """Record a delivery of the new changes for every active webhook; the ids of the deliveries made.

    Each negotiation's changes are read once, whatever the number of its webhooks.
    """
    made: list[int] = []
    with transaction.atomic():
        hooks = list(Webhook.objects.select_for_update().filter(active=True).select_related("negotiation"))
        entries: dict[int, list] = {}
        for hook in hooks:
            if hook.negotiation_id not in entries:
                entries[hook.negotiation_id] = selectors.changes_feed(negotiation=hook.negotiation)
            current = entries[hook.negotiation_id]
            keys = [entry.key for entry in current]
            if hook.seen is not None:
                seen = set(hook.seen)
                new = [entry for entry in reversed(current) if entry.key not in seen]  # oldest first
                if new:
                    made.append(Delivery.objects.create(webhook=hook, payload={
                        "event": "changes", "negotiation": hook.negotiation.slug,
                        "changes": [change_payload(entry) for entry in new],
                    }).pk)
            hook.seen = keys
            hook.save(update_fields=["seen"])
    return made


@dataclass(frozen=True)
class Attempt:
    delivered: bool
    retry: bool  # worth trying again later (a timeout, a 5xx, a 429)
    detail: str


def delivery_attempt(*, delivery_id: int) -> Attempt:
    """POST a delivery once, signed, and log the outcome on it."""
    delivery = Delivery.objects.select_related("webhook").filter(pk=delivery_id).first()
    if delivery is None or delivery.status == Delivery.Status.DELIVERED:
        return Attempt(delivered=True, retry=False, detail="nothing to do")
    body = json.dumps({**delivery.payload, "delivery": delivery.pk}, separators=(",", ":")).encode()
    timestamp = int(time.time())
    headers = {
        "Content-Type": "application/json",
        TIMESTAMP_HEADER: str(timestamp),
        SIGNATURE_HEADER: signature(secret=delivery.webhook.secret, timestamp=timestamp, body=body),
        DELIVERY_HEADER: str(delivery.pk),
    }
    status, error, retry = None, "", False
    try:
        answer = fetching.post(delivery.webhook.url, body=body, headers=headers,
                               timeout=settings.WEBHOOK_TIMEOUT)
        status = answer.status
        if not 200 <= status < 300:
            error = f"the receiver answered {status}"
            retry = status in (408, 425, 429) or status >= 500
    except fetching.FetchError as exc:
        error, retry = exc.reason, exc.transient
    delivered = not error
    delivery.attempts += 1
    delivery.response_status = status
    delivery.error = error
    delivery.last_attempt_at = timezone.now()
    delivery.status = Delivery.Status.DELIVERED if delivered else (
        Delivery.Status.PENDING if retry else Delivery.Status.FAILED
    )
    if delivered:
        delivery.delivered_at = delivery.last_attempt_at
    delivery.save()
    return Attempt(delivered=delivered, retry=retry, detail=error or f"delivered ({status})")


def delivery_give_up(*, delivery_id: int) -> None:
    """No more attempts: the last error stays in the log."""
    Delivery.objects.filter(pk=delivery_id, status=Delivery.Status.PENDING).update(status=Delivery.Status.FAILED)


def delivery_resend(*, delivery: Delivery) -> None:
    """An editor sends a failed delivery again (admin action)."""
    Delivery.objects.filter(pk=delivery.pk).update(status=Delivery.Status.PENDING, error="")


def url_problem(url: str) -> str:
    """Why a webhook address would be refused when sending ("" when it is a public http(s) address)."""
    import urllib3

    try:
        parsed = urllib3.util.parse_url(url)
    except ValueError:
        return f"{url!r} is not a valid URL"
    if (parsed.scheme or "").lower() not in ("http", "https") or not parsed.host:
        return "only http(s) addresses can receive webhooks"
    if parsed.auth:
        return "put no user name or password in the address: the signature authenticates the sender"
    port = parsed.port or (443 if parsed.scheme.lower() == "https" else 80)
    try:
        fetching.checked_address(parsed.host.strip("[]").lower(), port)
    except fetching.FetchError as exc:
        return "" if exc.transient else exc.reason
    return ""


def webhook_save(*, webhook: Webhook, user=None) -> Webhook:
    """Register or change a webhook (the admin): the address must be public, as for fetching."""
    problem = url_problem(webhook.url)
    if problem:
        from django.core.exceptions import ValidationError

        raise ValidationError({"url": problem})
    if webhook.pk is None and user is not None and user.is_authenticated:
        webhook.created_by = user
    webhook.save()
    return webhook
