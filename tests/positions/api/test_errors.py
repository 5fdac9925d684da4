"""Bad parameters: a 400 naming the parameter, unknown objects a 404 with a message, never a 500."""
import contextlib

import pytest

from tests.factories import History

pytestmark = pytest.mark.django_db

HUGE = "9" * 30


@pytest.fixture
def h():
    h = History(rounds=2)
    h.say("AA", "alpha", "demands", 1)
    return h


@pytest.mark.parametrize(
    "param, values",
    [
        ("article", ["abc", "1.5", "-3", "0", HUGE, "999999"]),
        ("party", ["ZZ", "a\x00b"]),
        ("speaker", ["abc", "1.5", "-1", HUGE, "999999"]),
        ("issue", ["no-such-issue", "x" * 5000]),
        ("stance", ["maybe", "DEMANDS"]),
        ("round", ["r9"]),
        ("negotiation", ["no-such-talks"]),
        ("status", ["deleted", ",", "auto,nope"]),
        ("since", ["yesterday", "2022-13-01", "2022-02-30", "0000-01-01", "99999-01-01"]),
        ("until", ["soon"]),
        ("page", ["abc", "0", "-1"]),
        ("page_size", ["abc", "0", "-5"]),
    ],
)
def test_bad_statement_filters_are_400_naming_the_parameter(api, h, param, values):
    for value in values:
        response = api.get("/api/statements/", {param: value})
        assert response.status_code == 400, (param, value, response.content)
        assert param in response.json(), (param, value, response.json())


def test_a_page_past_the_end_is_a_404(api, h):
    response = api.get("/api/statements/", {"page": HUGE})
    assert response.status_code == 404
    assert response.json()["detail"]


@pytest.mark.parametrize(
    "path, param, value",
    [
        ("/api/rounds/", "negotiation", "nope"),
        ("/api/issues/", "negotiation", "nope"),
        ("/api/issues/", "owner", "ZZ"),
        ("/api/parties/", "negotiation", "nope"),
        ("/api/people/", "party", "ZZ"),
        ("/api/people/", "reviewed", "perhaps"),
    ],
)
def test_bad_filters_of_the_other_lists(api, h, path, param, value):
    response = api.get(path, {param: value})
    assert response.status_code == 400
    assert param in response.json()


@pytest.mark.parametrize(
    "what, params",
    [
        ("positions", {"round": "r9"}),
        ("positions", {"round": "a\x00b"}),
        ("changes", {"from": "r9", "to": "r1"}),
        ("changes", {"from": "r1", "to": "x" * 3000}),
        ("timeline", {"party": "ZZ", "issue": "alpha"}),
        ("timeline", {"party": "AA", "issue": "nope"}),
    ],
)
def test_unknown_rounds_and_objects_are_404_with_a_message(api, h, what, params):
    response = api.get(f"/api/negotiations/{h.negotiation.slug}/{what}/", params)
    assert response.status_code == 404, response.content
    assert response.json()["detail"]


@pytest.mark.parametrize("path", ["/api/statements/0/", f"/api/people/{HUGE}/", "/api/parties/%00/", "/api/statements/x/"])
def test_unknown_ids_in_paths_are_404(api, h, path):
    response = api.get(path)
    assert response.status_code == 404


def test_review_with_bad_bodies(editor_api, h):
    statement_id = h.say("BB", "alpha", "rejects", 2).pk
    url = f"/api/statements/{statement_id}/review/"
    for body in [{}, {"status": ""}, {"status": ["confirmed"]}, {"status": None}]:
        response = editor_api.post(url, body, format="json")
        assert response.status_code == 400, body
        assert "status" in response.json()
    response = editor_api.post(url, "not json", content_type="application/json")
    assert response.status_code == 400
    for body in ("[" * 5000 + "]" * 5000, '{"status": "\\ud800"}'):  # nested past recursion; a lone surrogate
        response = editor_api.post(url, body, content_type="application/json")
        assert response.status_code == 400, body[:20]
        assert "JSON parse error" in response.json()["detail"]
    # a form in a charset that cannot decode it (the test client, unlike config.wsgi, keeps the charset)
    for content_type, body in [("application/x-www-form-urlencoded; charset=punycode", "status=confirmed"),
                               ("multipart/form-data; boundary=x; charset=idna",
                                '--x\r\nContent-Disposition: form-data; name="status"\r\n\r\nconfirmed\r\n--x--\r\n')]:
        response = editor_api.post(url, body, content_type=content_type)
        assert response.status_code == 400, content_type
        assert "charset" in response.json()["detail"]


def test_the_schema_names_only_its_own_version_and_is_built_once(client, monkeypatch):
    from drf_spectacular.generators import SchemaGenerator
    from drf_spectacular.settings import spectacular_settings

    from positions.api.docs import KeptSchemaGenerator

    monkeypatch.setattr(KeptSchemaGenerator, "_built", {})
    built = []
    real = SchemaGenerator.get_schema
    monkeypatch.setattr(SchemaGenerator, "get_schema", lambda self, *a, **k: built.append(1) or real(self, *a, **k))
    first, again = client.get("/api/schema/"), client.get("/api/schema/", {"format": "json"})
    assert first.status_code == again.status_code == 200 and len(built) == 1
    assert again.json()["info"]["version"] == spectacular_settings.VERSION
    assert client.get("/api/schema/", {"version": spectacular_settings.VERSION}).status_code == 200
    # a language that is none of settings.LANGUAGES: Django would keep a translation for each code asked
    from django.utils.translation import trans_real

    response = client.get("/api/schema/", {"lang": "zz-unbounded"})
    assert response.status_code == 400 and "lang" in response.json()
    assert "zz-unbounded" not in trans_real._translations and len(KeptSchemaGenerator._built) == 1
    assert client.get("/api/schema/", {"lang": "de"}).status_code == 200
    for version in ("\n", "a\rb", "2.0"):  # a newline went into a header: a 500
        response = client.get("/api/schema/", {"version": version})
        assert response.status_code == 400 and "version" in response.json(), version


def test_the_docs_page_answers_get_only(client):
    assert client.get("/api/docs/").status_code == 200
    assert client.options("/api/docs/").status_code == 405


def test_unknown_paths_under_api_are_json_404s(api, h):
    """A non-ASCII slug matched no route and got Django's HTML 404 page."""
    for path in ("/api/negotiations/d\u00e9j\u00e0/", "/api/negotiations/\u0442\u0435\u0441\u0442/positions/",
                 "/api/no-such-thing/", "/api/statements/abc/"):
        response = api.get(path)
        assert response.status_code == 404, path
        assert response["Content-Type"].startswith("application/json") and response.json()["detail"], path


def test_a_path_without_its_trailing_slash_still_redirects(api, h):
    response = api.get("/api/statements")
    assert response.status_code == 301 and response["Location"].endswith("/api/statements/")


def test_an_unknown_format_is_a_400_naming_it(api, h):
    response = api.get("/api/statements/", {"format": "xml"})
    assert response.status_code == 400
    assert "format" in response.json() and "csv" in response.json()["format"][0]


def test_errors_of_a_csv_request_are_json(api, h):
    response = api.get("/api/statements/", {"format": "csv", "since": "yesterday"})
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json") and "since" in response.json()


@contextlib.contextmanager
def no_nul_reaches_the_database():
    """PostgreSQL refuses a NUL in a query's parameters (a 500); SQLite takes it: the parameters are looked at."""
    from django.db import connection

    seen = []

    def watch(execute, sql, params, many, context):
        seen.extend(p for p in (params or ()) if isinstance(p, str) and "\x00" in p)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(watch):
        yield
    assert not seen


def test_a_nul_in_a_session_cookie_or_a_token_is_no_sign_in(client, h):
    from rest_framework.test import APIClient

    from config.sessions import SessionStore

    assert SessionStore("abcdefgh\x00").session_key is None and SessionStore("abcdefgh12").session_key == "abcdefgh12"
    client.cookies["sessionid"] = "abcdefgh\x00"
    token = APIClient()
    token.credentials(HTTP_AUTHORIZATION="Token abc\x00def")
    for who in (client, token):
        with no_nul_reaches_the_database():
            assert who.get("/api/statements/").status_code == 401


def test_a_nul_in_an_article_s_negotiation_is_a_400(editor_api, h):
    with no_nul_reaches_the_database():
        response = editor_api.post("/api/articles/", {"url": "http://1.1.1.1/", "negotiation": "\x00"}, format="json")
    assert response.status_code == 400 and "negotiation" in response.json()


def test_what_django_refuses_before_any_view_is_a_json_400(api, h):
    many = "&".join(f"a{i}=1" for i in range(1500))  # past DATA_UPLOAD_MAX_NUMBER_FIELDS
    response = api.get(f"/api/statements/?{many}")
    assert response.status_code == 400
    assert "fields" in response.json()["detail"].lower()
