"""The front page at /, the sign-in page, and the browsable API that leads to them."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ingest.models import Article
from positions.api.feeds import feed_key
from tests.factories import ArticleFactory, History

pytestmark = pytest.mark.django_db


@pytest.fixture
def h():
    """r1: AA demands alpha; r2: BB rejects alpha; r3, r4: nothing said."""
    h = History(rounds=4)
    h.say("AA", "alpha", "demands", 1)
    h.say("BB", "alpha", "rejects", 2)
    return h


def test_the_front_page_needs_a_sign_in_and_the_sign_in_page_leads_back_to_it(client, analyst, h):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    page = client.get(response["Location"])
    assert page.status_code == 200 and 'name="password"' in page.content.decode()
    wrong = client.post(reverse("login"), {"username": "analyst", "password": "nope"})
    assert wrong.status_code == 200 and "did not match" in wrong.content.decode()
    # An analyst (not staff: the admin would refuse them) signs in and lands on the front page.
    response = client.post(reverse("login"), {"username": "analyst", "password": "analyst-pass-123", "next": "/"})
    assert response.status_code == 302 and response["Location"] == "/"
    assert client.get("/").status_code == 200


def test_the_front_page_shows_where_each_negotiation_stands(client, analyst, h):
    ArticleFactory(title="A report that failed", status=Article.Status.FAILED, error="unreachable host")
    client.force_login(analyst)
    response = client.get("/")
    html = response.content.decode()
    card = response.context["cards"][0]
    assert card["defaults"].matrix == h.round(2)  # the latest round with statements, not r4
    assert [(r["change"].party, r["change"].issue, r["change"].kind) for r in card["changes"]] == [
        ("BB", "alpha", "new")]
    assert f"BB</abbr> on “{h.issues['alpha'].title}”" in html
    assert (card["defaults"].changes_from, card["defaults"].changes_to) == (h.round(1), h.round(2))
    assert h.negotiation.name in html
    assert reverse("negotiation-matrix", kwargs={"slug": h.negotiation.slug}) in html
    assert f"key={feed_key(analyst)}" in html  # the analyst's own feed address
    assert "A report that failed" in html and "unreachable host" in html
    assert "/admin/" not in html  # no admin links for an analyst


def test_the_front_page_reads_a_fixed_number_of_queries(client, analyst, h):
    client.force_login(analyst)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/").status_code == 200
        return len(queries)

    small = count()
    for i in range(20):
        h.say("AB"[i % 2] * 2, "beta", ["open", "rejects"][i % 2], 1 + i % 4)
    History(rounds=2).say("AA", "alpha", "open", 1)  # another negotiation
    assert count() == small <= 10


def test_the_browsable_api_offers_a_sign_in_and_links_to_the_front_page(client, analyst):
    response = client.get("/api/", HTTP_ACCEPT="text/html")
    assert response.status_code == 401
    html = response.content.decode()
    assert f'{reverse("login")}?next=/api/' in html
    assert 'href="/"' in html
    client.force_login(analyst)
    html = client.get("/api/negotiations/", HTTP_ACCEPT="text/html").content.decode()
    assert 'href="/"' in html and "Log out" in html
