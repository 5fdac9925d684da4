"""Webhooks against a real HTTP server on loopback: new changes POSTed, signed, retried, logged, checked."""
import hashlib
import hmac
import json

import pytest
from django.contrib.auth.models import User

from tests.factories import History
from webhooks import services, tasks
from webhooks.models import Delivery, Webhook

pytestmark = pytest.mark.django_db


@pytest.fixture
def h():
    h = History(rounds=3)
    h.say("AA", "alpha", "demands", 1)
    return h


def registered(h, url) -> Webhook:
    hook = Webhook.objects.create(negotiation=h.negotiation, url=url)
    assert tasks.dispatch_webhooks.delay().get() == 0  # the first look takes note of what stands: no history sent
    return hook


def test_new_changes_are_posted_signed_and_logged(receiver, h):
    hook = registered(h, receiver.url)
    h.say("BB", "alpha", "rejects", 2)
    assert tasks.dispatch_webhooks.delay().get() == 1
    headers, body = receiver.posts[-1]
    # The receiver checks the signature with the shared secret over "<timestamp>.<body>".
    expected = hmac.new(hook.secret.encode(), headers["X-Tracker-Timestamp"].encode() + b"." + body, hashlib.sha256)
    assert headers["X-Tracker-Signature"] == "sha256=" + expected.hexdigest()
    assert headers["Content-Type"] == "application/json"
    payload = json.loads(body)
    assert payload["event"] == "changes" and payload["negotiation"] == h.negotiation.slug
    assert [(c["party"], c["issue"], c["before"], c["after"], c["kind"], c["round"], c["from"])
            for c in payload["changes"]] == [("BB", "alpha", None, "rejects", "new", "r2", "r1")]
    assert payload["changes"][0]["strength"]["statements"] == 1
    delivery = Delivery.objects.get()
    assert payload["delivery"] == delivery.pk == int(headers["X-Tracker-Delivery"])
    assert (delivery.status, delivery.attempts, delivery.response_status) == ("delivered", 1, 200)
    # Nothing new: nothing sent.
    assert tasks.dispatch_webhooks.delay().get() == 0
    assert len(receiver.posts) == 1


def test_a_failing_receiver_is_retried_until_it_answers(receiver, h):
    registered(h, receiver.url)
    receiver.statuses = [503, 429]
    h.say("BB", "alpha", "rejects", 2)
    tasks.dispatch_webhooks.delay()
    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.response_status) == ("delivered", 3, 200)
    assert len(receiver.posts) == 3
    signatures = {headers["X-Tracker-Delivery"] for headers, _ in receiver.posts}
    assert signatures == {str(delivery.pk)}  # the same delivery each time: receivers can de-duplicate


def test_the_log_keeps_the_last_error_when_attempts_run_out(receiver, h):
    registered(h, receiver.url)
    receiver.statuses = [500, 502, 503, 504]
    h.say("BB", "alpha", "rejects", 2)
    tasks.dispatch_webhooks.delay()
    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.attempts) == ("failed", 3)
    assert delivery.error == "the receiver answered 503"


def test_a_refusal_by_the_receiver_is_not_retried(receiver, h):
    registered(h, receiver.url)
    receiver.statuses = [400]
    h.say("BB", "alpha", "rejects", 2)
    tasks.dispatch_webhooks.delay()
    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.response_status) == ("failed", 1, 400)


def test_a_private_address_is_refused_as_the_fetcher_refuses_it(receiver, h, settings):
    settings.INGEST_FETCH_ALLOWLIST = []
    registered(h, receiver.url)
    h.say("BB", "alpha", "rejects", 2)
    tasks.dispatch_webhooks.delay()
    delivery = Delivery.objects.get()
    assert delivery.status == "failed" and "loopback" in delivery.error
    assert receiver.posts == []
    for url in (receiver.url, "http://10.0.0.7/hook", "http://169.254.169.254/latest", "ftp://example.org/x",
                "http://user:pw@example.org/"):
        assert services.url_problem(url), url


def test_editors_register_webhooks_in_the_admin_and_send_a_failed_delivery_again(client, receiver, h, settings):
    editor = User.objects.create_user("desk-editor", password="pw-123456789", is_staff=True, is_superuser=True)
    client.force_login(editor)
    data = {"negotiation": h.negotiation.pk, "url": "http://10.1.2.3/hook", "active": "on", "note": "",
            "secret": "s3cret", "deliveries-TOTAL_FORMS": "0", "deliveries-INITIAL_FORMS": "0"}
    response = client.post("/admin/webhooks/webhook/add/", data)
    assert response.status_code == 200 and "private-network address" in response.content.decode()
    response = client.post("/admin/webhooks/webhook/add/", {**data, "url": receiver.url})
    assert response.status_code == 302, response.content.decode()[:2000]
    hook = Webhook.objects.get()
    assert hook.created_by == editor and hook.secret == "s3cret"
    tasks.dispatch_webhooks.delay()
    receiver.statuses = [400]
    h.say("BB", "alpha", "rejects", 2)
    tasks.dispatch_webhooks.delay()
    delivery = Delivery.objects.get()
    assert delivery.status == "failed"
    assert client.get(f"/admin/webhooks/webhook/{hook.pk}/change/").status_code == 200
    assert "the receiver answered 400" in client.get("/admin/webhooks/delivery/").content.decode()
    client.post("/admin/webhooks/delivery/", {"action": "send_again", "_selected_action": [delivery.pk]})
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == ("delivered", 2)
