import os
from pathlib import Path

import pytest
from django.core.servers.basehttp import WSGIServer
from django.test.testcases import LiveServerThread
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

SHARED_EVAL = Path(__file__).resolve().parents[2] / "shared" / "eval"


def shared_dir(path: Path = SHARED_EVAL) -> Path:
    """A folder of ../shared. CI always has it beside the project, so there a missing one fails the test;
    on a developer's machine without it the test is skipped, saying why."""
    if not path.is_dir():
        if os.environ.get("CI"):
            pytest.fail(f"{path} is missing (CI is set: tests that need ../shared may not be skipped)")
        pytest.skip(f"{path} is not beside the project")
    return path


def browser_unavailable(reason: str):
    """Skip a browser test on a developer's machine; fail under CI (env CI set), which must run it."""
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI is set: the browser test may not be skipped)")
    pytest.skip(reason)


@pytest.fixture
def shared_eval() -> Path:
    """The dev sets' codebooks in ../shared/eval."""
    return shared_dir()


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]


@pytest.fixture
def chromium(monkeypatch):
    """A headless Debian Chromium driven by Playwright (tests marked `browser`)."""
    if not os.path.exists(CHROMIUM):
        browser_unavailable(f"{CHROMIUM} is not installed (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        browser_unavailable("playwright is not installed (requirements-dev.txt)")
    # Playwright's sync API runs an event loop in this thread; the ORM calls made by
    # fixtures' teardown in the same thread must not be refused for it.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def sign_in(page, username: str, password: str):
    """Fill in and send the sign-in form the page shows (the site's or the admin's)."""
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("form:has(#id_password) [type=submit]")


@pytest.fixture
def shipped(db):
    """The shipped negotiation's reference data, loaded as a user would."""
    call_command("loaddata", "russia_west_2022", verbosity=0)
    from positions.models import Negotiation

    return Negotiation.objects.get(slug="russia-west-security-2022")


@pytest.fixture
def editor(db):
    user = User.objects.create_user("editor", password="editor-pass-123", is_staff=True, is_superuser=True)
    return user


@pytest.fixture
def analyst(db):
    return User.objects.create_user("analyst", password="analyst-pass-123")


@pytest.fixture
def api(analyst):
    """An API client with an analyst's token."""
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token " + Token.objects.create(user=analyst).key)
    return client


@pytest.fixture
def editor_api(db):
    user = User.objects.create_user("desk", password="desk-pass-123")
    user.groups.add(Group.objects.get_or_create(name="editors")[0])
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token " + Token.objects.create(user=user).key)
    return client


# --- Shared by the whole suite (added with the admin and CI work) ------------------------

import os  # noqa: E402


def pytest_configure(config):
    """Test settings: a fast password hasher (creating users is most of some tests otherwise)."""
    from django.conf import settings

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def real_services() -> bool:
    """PostgreSQL and a broker are configured (the second run of .ci/run)."""
    database = os.environ.get("DATABASE_URL", "")
    return database.startswith(("postgres://", "postgresql://")) and bool(os.environ.get("CELERY_BROKER_URL"))


def pytest_collection_modifyitems(config, items):
    """Tests marked `integration` need a real PostgreSQL, Redis and worker: they run only when configured."""
    if real_services():
        return
    skip = pytest.mark.skip(reason="needs DATABASE_URL=postgres://… and CELERY_BROKER_URL=redis://… (see .ci/run)")
    for item in items:
        if item.get_closest_marker("integration"):
            item.add_marker(skip)


@pytest.fixture(autouse=True)
def _tasks_in_process(request):
    """Outside integration tests, `.delay()` runs in-process even when a broker is configured,
    so the same suite gives the same results on both runs of .ci/run."""
    if request.node.get_closest_marker("integration"):
        yield
        return
    from config.celery import app

    old = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = old


@pytest.fixture
def admin_form_data():
    """POST data for an admin add/change page, from the page as rendered (form and inlines).

    Tests then change only what an editor would type.
    """

    def value(field, bound):
        data = bound.value()
        if data is None:
            return None
        if isinstance(data, bool):
            return "on" if data else None
        if isinstance(data, (list, tuple)):
            return [str(getattr(v, "pk", v)) for v in data]
        if hasattr(data, "pk"):
            return str(data.pk)
        if hasattr(data, "isoformat"):
            return data.isoformat()
        return str(data)

    def collect(form, into):
        for name, field in form.fields.items():
            bound = form[name]
            if getattr(field.widget, "input_type", None) == "file":
                continue
            v = value(field, bound)
            if v is not None:
                into[bound.html_name] = v

    def build(response) -> dict:
        data: dict = {}
        collect(response.context["adminform"].form, data)
        for inline in response.context["inline_admin_formsets"]:
            formset = inline.formset
            for name, v in formset.management_form.initial.items():
                data[f"{formset.prefix}-{name}"] = str(v)
            for form in formset.forms:
                collect(form, data)
        return data

    return build


class SerialWSGIServer(WSGIServer):
    """A live server that answers one request at a time, each on a closed connection.

    With SQLite the test database is one in-memory connection shared with the
    server thread; two browser requests at once on it can hang. PostgreSQL runs
    keep Django's threaded server.
    """

    def __init__(self, *args, connections_override=None, **kwargs):
        super().__init__(*args, **kwargs)


@pytest.fixture(scope="session", autouse=True)
def serial_live_server_on_sqlite():
    from django.db import connection

    if connection.vendor == "sqlite":
        LiveServerThread.server_class = SerialWSGIServer
    yield


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Throttle histories and cached counts live in the cache: each test starts with none."""
    from django.core.cache import cache

    cache.clear()
    yield
