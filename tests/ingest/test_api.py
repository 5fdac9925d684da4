"""POST /api/articles/ (editors) → 202 + status URL; GET /api/articles/<id>/ shows status and statements."""
from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from rest_framework.test import APIClient

from ingest.models import Article
from positions.models import Statement

from .conftest import GERMAN_REPORT, REPORT, Route

SUBMIT = "/api/articles/"


def post(client, **data):
    """Submit, then let the worker beside the web take what is queued (with no broker the request only queues)."""
    response = client.post(SUBMIT, data, format="json")
    run_worker()
    return response


def run_worker():
    call_command("ingest_worker", "--once", stdout=StringIO())


def test_an_editor_submits_a_text_and_reads_its_status(talks, editor_api, settings):
    settings.CELERY_BROKER_URL = ""  # the embedded default: the request stores and queues, the worker processes
    response = editor_api.post(SUBMIT, {"text": REPORT, "title": "Talks", "outlet": "Daily", "published": "2023-03-02"},
                               format="json")
    assert response.status_code == 202
    article = Article.objects.get()
    body = response.json()
    assert body == {"id": article.pk, "status": "queued", "url": f"http://testserver/api/articles/{article.pk}/"}
    assert Statement.objects.count() == 0  # nothing ran inside the request
    run_worker()
    assert response["Location"] == body["url"]
    status = editor_api.get(body["url"]).json()
    assert (status["status"], status["stage"], status["error"], status["title"]) == ("done", "finished", "", "Talks")
    ids = [s["id"] for s in status["statements"]]
    assert ids and sorted(ids) == sorted(Statement.objects.filter(article=article).values_list("pk", flat=True))
    assert set(status["statements"][0]) >= {"id", "text", "kind", "speaker", "party", "article", "links", "status"}


def test_a_staff_user_is_an_editor_too(talks, editor):
    client = APIClient()
    client.force_authenticate(editor)
    assert post(client, html="<p>" + REPORT + "</p>", title="T", published="2023-03-02").status_code == 202


def test_analysts_and_anonymous_users_cannot_submit(talks, api):
    assert post(api, url="https://news.example.org/a").status_code == 403
    assert post(APIClient(), url="https://news.example.org/a").status_code in (401, 403)
    assert Article.objects.count() == 0


def test_anyone_signed_in_reads_a_status_and_unknown_ids_are_404(talks, api):
    article = Article.objects.create(url="https://news.example.org/a", status=Article.Status.QUEUED)
    body = api.get(f"/api/articles/{article.pk}/").json()
    assert (body["status"], body["statements"], body["source"]) == ("queued", None, "https://news.example.org/a")
    assert api.get("/api/articles/999999/").status_code == 404
    assert APIClient().get(f"/api/articles/{article.pk}/").status_code in (401, 403)


@pytest.mark.parametrize("data, field, message", [
    ({}, "url", "Give a url, or a text or html body."),
    ({"text": "", "title": "T", "published": "2023-03-02"}, "text", "The body is empty."),
    ({"text": REPORT, "html": "<p>x</p>", "title": "T", "published": "2023-03-02"}, "html", "Give text or html, not both."),
    ({"text": REPORT, "published": "2023-03-02"}, "title", "Required with a text or html body."),
    ({"text": REPORT, "title": "T"}, "published", "Required with a text or html body."),
    ({"text": REPORT, "title": "T", "published": "yesterday"}, "published", "Date has wrong format"),
    ({"text": REPORT, "title": "T", "published": "2023-02-30"}, "published", "Date has wrong format"),
    ({"url": "ftp://example.org/file"}, "url", ""),
    ({"url": "not a url"}, "url", "Enter a valid URL."),
    ({"text": "abc\x00def", "title": "T", "published": "2023-03-02"}, "text", ""),
    ({"text": "%PDF-1.7 binary stuff", "title": "T", "published": "2023-03-02"}, "text", "it looks like a PDF document"),
    ({"url": "http://127.0.0.1:8000/admin/"}, "url", "refused: 127.0.0.1 is a loopback address"),
    ({"url": "http://10.2.3.4/"}, "url", "refused: 10.2.3.4 is a private-network address"),
    ({"url": "http://169.254.169.254/latest/meta-data/"}, "url", "refused: 169.254.169.254 is a link-local address"),
])
def test_bad_submissions_are_a_400_naming_the_field(talks, editor_api, data, field, message):
    response = post(editor_api, **data)
    assert response.status_code == 400, response.content
    errors = response.json()
    assert field in errors and message in " ".join(errors[field])
    assert Article.objects.count() == 0


def test_a_name_resolving_to_a_private_address_is_a_400(talks, editor_api, monkeypatch):
    import socket

    monkeypatch.setattr(socket, "getaddrinfo", lambda *a, **k: [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("10.0.0.8", 80))])
    response = post(editor_api, url="http://intranet.example.org/")
    assert response.status_code == 400 and "refused: intranet.example.org (10.0.0.8)" in response.json()["url"][0]


def test_a_body_over_10_mb_is_a_400(talks, editor_api):
    response = post(editor_api, text="a" * (10 * 1024 * 1024 + 10), title="T", published="2023-03-02")
    assert response.status_code == 400 and "over the 10.0 MB limit" in response.json()["text"][0]


def test_a_request_declaring_far_more_than_the_limit_is_refused_unread(talks, editor_api, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = editor_api.generic("POST", SUBMIT, "{}", content_type="application/json",
                                  CONTENT_LENGTH=str(5 * 1024 * 1024))
    assert response.status_code == 400 and "a body may be at most" in response.json()["text"][0]


def test_a_non_english_report_is_accepted_and_marked_skipped(talks, editor_api):
    url = post(editor_api, text=GERMAN_REPORT, title="T", published="2023-03-02").json()["url"]
    status = editor_api.get(url).json()
    assert status["status"] == "skipped" and status["error"] == "not extracted: the text is in German (de), not English"


def test_a_url_that_fails_later_shows_why_on_its_status(talks, editor_api, allowed_server):
    allowed_server.routes["/gone"] = Route(404, "nope")
    response = post(editor_api, url=allowed_server.url("/gone"))
    assert response.status_code == 202
    status = editor_api.get(response.json()["url"]).json()
    assert (status["status"], status["stage"]) == ("failed", "fetch")
    assert status["error"] == "the server answered 404 Not Found"


def test_sending_the_same_article_twice_gives_one_article(talks, editor_api):
    first = post(editor_api, text=REPORT, title="T", published="2023-03-02").json()
    second = post(editor_api, text=REPORT, title="T", published="2023-03-02").json()
    assert first["id"] == second["id"] and Article.objects.count() == 1
    assert Statement.objects.filter(article_id=first["id"]).count() == len(
        set(Statement.objects.filter(article_id=first["id"]).values_list("start", flat=True)))


def test_the_status_query_count_does_not_grow_with_statements(talks, editor_api, django_assert_max_num_queries):
    url = post(editor_api, text=REPORT, title="T", published="2023-03-02").json()["url"]
    with django_assert_max_num_queries(8):
        assert editor_api.get(url).status_code == 200


def test_a_declared_length_that_is_no_number_is_read_as_unknown(talks, editor_api):
    """"²" is a digit to str.isdigit and no number to int(): it was a 500."""
    response = editor_api.generic("POST", SUBMIT, "{}", content_type="application/json", CONTENT_LENGTH="\u00b2")
    assert response.status_code == 400 and response.json() == {"url": ["Give a url, or a text or html body."]}
