"""Token authentication, the API root, the schema and the browsable docs (served offline)."""
import re

import pytest
from django.core.management import call_command
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.factories import History

pytestmark = pytest.mark.django_db

READ_PATHS = ["/api/", "/api/negotiations/", "/api/rounds/", "/api/issues/", "/api/parties/", "/api/people/",
              "/api/statements/"]


@pytest.mark.parametrize("path", READ_PATHS)
def test_reading_needs_a_token(client, path):
    assert APIClient().get(path).status_code == 401
    bad = APIClient()
    bad.credentials(HTTP_AUTHORIZATION="Token not-a-real-key")
    assert bad.get(path).status_code == 401


def test_a_token_made_by_the_management_command_works(analyst):
    call_command("drf_create_token", analyst.username, verbosity=0)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token " + Token.objects.get(user=analyst).key)
    assert client.get("/api/statements/").status_code == 200


def test_the_root_lists_the_resources_and_each_negotiation(api):
    h = History(rounds=1)
    body = api.get("/api/").json()
    for name in ["negotiations", "rounds", "issues", "parties", "people", "statements", "articles", "schema", "docs"]:
        assert body[name].startswith("http://testserver/api/"), name
    entry = next(n for n in body["negotiations_index"] if n["slug"] == h.negotiation.slug)
    assert entry["positions"].endswith(f"/api/negotiations/{h.negotiation.slug}/positions/")
    assert entry["changes"].endswith(f"/api/negotiations/{h.negotiation.slug}/changes/")
    for name in ["positions", "changes", "changes_feed", "timeline", "detail"]:
        assert api.get(entry[name]).status_code in (200, 400), name  # timeline needs party and issue
    assert body["front_page"].endswith("/") and body["sign_in"].endswith("/accounts/login/")


def test_the_root_links_the_matrix_pages(api):
    from django.urls import reverse

    h = History(rounds=1)
    matrix = reverse("negotiation-matrix", kwargs={"slug": h.negotiation.slug})
    entry = next(n for n in api.get("/api/").json()["negotiations_index"] if n["slug"] == h.negotiation.slug)
    assert entry["matrix"].endswith(matrix)


def test_schema_and_docs_need_no_token():
    client = APIClient()
    schema = client.get("/api/schema/")
    assert schema.status_code == 200
    assert b"/api/statements/" in schema.content and b"/changes/" in schema.content
    docs = client.get("/api/docs/")
    assert docs.status_code == 200
    html = docs.content.decode()
    assert "/api/schema/" in html
    # nothing fetched from the network: no CDN host, no absolute URL (a random CSRF token may hold "cdn")
    assert not re.search(r"\bcdn[\w-]*\.", html, re.I) and "https://" not in html and "http://" not in html


def test_the_docs_assets_are_served_locally():
    client = APIClient()
    html = client.get("/api/docs/").content.decode()
    for asset in ["swagger-ui-bundle.js", "swagger-ui-standalone-preset.js", "swagger-ui.css"]:
        path = f"/api/docs/assets/swagger-ui-dist/{asset}"
        assert path in html
        response = client.get(path)
        assert response.status_code == 200
        body = b"".join(response.streaming_content)
        assert len(body) > 10_000  # the real bundle, not a placeholder
    assert client.get("/api/docs/assets/../../settings.py").status_code == 404
    assert client.get("/api/docs/assets/swagger-ui-dist/LICENSE").status_code == 404


def test_writing_needs_an_editor(api, editor_api):
    h = History(rounds=1)
    statement = h.say("AA", "alpha", "demands", 1)
    url = f"/api/statements/{statement.pk}/review/"
    assert APIClient().post(url, {"status": "confirmed"}, format="json").status_code == 401
    assert api.post(url, {"status": "confirmed"}, format="json").status_code == 403
    assert editor_api.post(url, {"status": "confirmed"}, format="json").status_code == 200


def test_staff_are_editors(editor):
    h = History(rounds=1)
    statement = h.say("AA", "alpha", "demands", 1)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token " + Token.objects.create(user=editor).key)
    assert client.post(f"/api/statements/{statement.pk}/review/", {"status": "confirmed"}, format="json").status_code == 200


def test_read_endpoints_refuse_writes(api):
    assert api.post("/api/statements/", {}, format="json").status_code == 405
    assert api.delete("/api/negotiations/").status_code == 405
