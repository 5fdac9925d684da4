"""The browsable docs render in a real headless Chromium with no network: Swagger UI lists the API."""
import os

import pytest

CHROMIUM = "/usr/bin/chromium"


@pytest.fixture
def chromium(monkeypatch):
    if not os.path.exists(CHROMIUM):
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing (CI is set: the browser test may not be skipped)")
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--headless"])
        try:
            yield browser
        finally:
            browser.close()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_swagger_ui_renders_the_schema_offline(live_server, chromium):
    page = chromium.new_page()
    outside, failed = [], []
    page.route(
        "**/*",
        lambda route: route.continue_() if route.request.url.startswith(live_server.url)
        else (outside.append(route.request.url), route.abort()),
    )
    page.on("requestfailed", lambda request: failed.append(request.url))
    page.goto(live_server.url + "/api/docs/")
    page.wait_for_selector(".opblock", timeout=20_000)
    text = page.inner_text("body")
    for path in ["/api/statements/", "/api/negotiations/{slug}/positions/", "/api/negotiations/{slug}/changes/"]:
        assert path in text
    assert page.locator(".opblock").count() >= 15
    assert outside == []  # nothing asked of the network
    assert [url for url in failed if url.startswith(live_server.url)] == []
