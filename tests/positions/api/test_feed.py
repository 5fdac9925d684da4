"""The Atom feed of a negotiation's changes: who may read it, what each entry says, and its cost."""
import xml.etree.ElementTree as ET

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from positions import services
from positions.api.feeds import feed_key, user_for_feed_key
from tests.factories import History, PersonFactory

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def h():
    """r1: AA demands alpha, BB rejects alpha; r2: BB open on alpha; r3: AA's alpha cleared by a pin."""
    h = History(rounds=3)
    h.s = {
        "aa": h.say("AA", "alpha", "demands", 1, speaker=PersonFactory(name="Speaker One")),
        "bb": h.say("BB", "alpha", "rejects", 1),
        "bb_2": h.say("BB", "alpha", "open", 2),
    }
    h.s["bb_2"].text = "We are open to talks on this."
    h.s["bb_2"].save()
    services.position_pin(party=h.parties["AA"], issue=h.issues["alpha"], from_round=h.round(3), stance="")
    return h


def feed_path(h):
    return f"/api/negotiations/{h.negotiation.slug}/changes.atom"


def entries(response):
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    return [
        {"title": e.findtext(f"{ATOM}title"), "id": e.findtext(f"{ATOM}id"), "updated": e.findtext(f"{ATOM}updated"),
         "summary": e.findtext(f"{ATOM}summary"), "link": e.find(f"{ATOM}link").get("href")}
        for e in root.iter(f"{ATOM}entry")
    ]


def test_the_feed_lists_each_change_at_its_round_newest_first_with_its_quotes(api, h):
    found = entries(api.get(feed_path(h)))
    assert [e["title"] for e in found] == [
        "AA on alpha: demands → no position (r3)",
        "BB on alpha: rejects → open (r2)",
        "AA on alpha: no position → demands (r1)",
        "BB on alpha: no position → rejects (r1)",
    ]
    open_entry = found[1]
    assert "We are open to talks on this." in open_entry["summary"]
    assert "since r1" in open_entry["summary"] and "1 statement" in open_entry["summary"]
    assert open_entry["updated"].startswith(h.round(2).date.isoformat())
    assert "from=r1" in open_entry["link"] and "to=r2" in open_entry["link"]
    assert "Speaker One" in found[2]["summary"]
    assert len({e["id"] for e in found}) == len(found)  # every entry its own id


def test_an_entry_keeps_its_id_when_nothing_about_it_changes(api, h):
    before = {e["title"]: e["id"] for e in entries(api.get(feed_path(h)))}
    h.say("BB", "beta", "open", 3)
    after = {e["title"]: e["id"] for e in entries(api.get(feed_path(h)))}
    assert len(after) == len(before) + 1
    assert all(after[title] == guid for title, guid in before.items())


def test_the_feed_needs_a_token_a_session_or_the_users_secret(client, api, analyst, h):
    assert client.get(feed_path(h)).status_code == 401
    assert client.get(feed_path(h), HTTP_AUTHORIZATION="Token nope").status_code == 401
    assert client.get(feed_path(h), {"key": "1.deadbeef"}).status_code == 401
    assert client.get(feed_path(h), {"key": "x"}).status_code == 401
    assert client.get(feed_path(h), {"key": "1\x00.x"}).status_code == 401
    assert client.get(feed_path(h), {"key": "\u00b2.x"}).status_code == 401  # a digit to isdigit, not to int
    assert client.get(feed_path(h), HTTP_AUTHORIZATION="Token a\x00b").status_code == 401
    assert entries(client.get(feed_path(h), {"key": feed_key(analyst)}))
    client.force_login(analyst)
    assert entries(client.get(feed_path(h)))


def test_a_password_change_revokes_the_feed_secret(analyst):
    key = feed_key(analyst)
    assert user_for_feed_key(key) == analyst
    analyst.set_password("another-pass-456")
    analyst.save()
    assert user_for_feed_key(key) is None
    analyst.is_active = False
    analyst.save()
    assert user_for_feed_key(feed_key(analyst)) is None


def test_an_unknown_negotiation_is_a_404(api):
    response = api.get("/api/negotiations/no-such-talks/changes.atom")
    assert response.status_code == 404
    assert "no-such-talks" in response.json()["detail"]


def test_the_feed_reads_a_fixed_number_of_queries(api, h):
    def count():
        with CaptureQueriesContext(connection) as queries:
            assert entries(api.get(feed_path(h)))
        return len(queries)

    small = count()
    for i in range(30):
        h.say("AB"[i % 2] * 2, "beta", ["open", "rejects", "supports"][i % 3], 1 + i % 3, day=i % 5,
              speaker=PersonFactory())
    assert count() == small <= 10


def test_control_characters_in_the_data_are_dropped_not_a_500(api, h):
    h.negotiation.name = "Talks\x0bon the river"
    h.negotiation.save()
    h.s["bb_2"].text = "We are open\x08 to talks\x1b on this."
    h.s["bb_2"].save()
    response = api.get(feed_path(h))
    assert "Talks" in ET.fromstring(response.content).findtext(f"{ATOM}title")  # parsed: well-formed XML 1.0
    assert "We are open to talks on this." in entries(response)[1]["summary"]
