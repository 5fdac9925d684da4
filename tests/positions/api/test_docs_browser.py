"""The browsable docs render in a real headless Chromium with no network: Swagger UI lists the API."""
import pytest


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
