"""Feeds: polled at their interval, conditional requests, new entries queued once, status and errors kept."""
import datetime as dt

import pytest
from django.utils import timezone

from ingest import feeds, tasks
from ingest.models import Article, Feed

from .conftest import OTHER_REPORT, REPORT, Route


def page(text):
    return "<html><head><title>T</title></head><body><article>" + "".join(
        f"<p>{p}</p>" for p in text.split("\n\n")) + "</article></body></html>"


def rss(server, *paths):
    items = "".join(
        f"<item><title>Story {p}</title><link>{server.url(p)}#top</link>"
        f"<pubDate>Thu, 02 Mar 2023 10:00:00 GMT</pubDate></item>" for p in paths
    )
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>{items}</channel></rss>'


ATOM = """<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Atom wire</title>
<entry><title>One</title><link href="{url}"/><updated>2023-03-04T08:00:00Z</updated><id>1</id></entry></feed>"""


@pytest.fixture
def wire(talks, allowed_server):
    allowed_server.routes["/a"] = Route(body=page(REPORT))
    allowed_server.routes["/b"] = Route(body=page(OTHER_REPORT))
    allowed_server.routes["/feed"] = Route(body=rss(allowed_server, "/a", "/b"), content_type="application/rss+xml",
                                           headers={"ETag": '"v1"', "Last-Modified": "Thu, 02 Mar 2023 10:00:00 GMT"})
    return Feed.objects.create(url=allowed_server.url("/feed"), outlet="Wire", negotiation=talks, interval_minutes=30)


def test_a_poll_queues_new_entries_as_articles(wire, allowed_server):
    assert tasks.poll_feeds.delay().get() == 1
    wire.refresh_from_db()
    assert wire.last_status == "ok: 2 entries, 2 new" and wire.last_error == "" and wire.entries_seen == 2
    assert (wire.etag, wire.title) == ('"v1"', "Wire") and wire.last_polled_at
    articles = Article.objects.order_by("url")
    assert [a.url for a in articles] == [allowed_server.url("/a"), allowed_server.url("/b")]
    assert all(a.status == "done" and a.feed_id == wire.pk and a.outlet == "Wire" for a in articles)
    assert articles[0].published == dt.date(2023, 3, 2) and articles[0].title == "Story /a"


def test_each_feed_waits_for_its_interval(wire):
    feeds.feed_poll(wire.pk)
    assert feeds.feeds_due() == []
    assert feeds.feed_poll(wire.pk).startswith("not due")
    later = timezone.now() + dt.timedelta(minutes=31)
    assert feeds.feeds_due(now=later) == [wire.pk]
    Feed.objects.filter(pk=wire.pk).update(active=False)
    assert feeds.feeds_due(now=later) == []


def test_the_next_poll_is_conditional_and_a_304_costs_nothing(wire, allowed_server):
    feeds.feed_poll(wire.pk)
    Feed.objects.filter(pk=wire.pk).update(last_polled_at=timezone.now() - dt.timedelta(hours=1))
    allowed_server.routes["/feed"] = lambda handler: Route(
        304 if handler.headers.get("If-None-Match") == '"v1"' else 200, b"", content_type=None)
    assert feeds.feed_poll(wire.pk) == "not modified"
    feed_hits = [h for p, h in allowed_server.hits if p == "/feed"]
    assert feed_hits[-1]["If-None-Match"] == '"v1"' and feed_hits[-1]["If-Modified-Since"] == "Thu, 02 Mar 2023 10:00:00 GMT"
    assert Article.objects.count() == 2


def test_entries_already_seen_are_not_queued_again(wire, allowed_server):
    feeds.feed_poll(wire.pk)
    allowed_server.routes["/c"] = Route(body=page(REPORT.replace("Lisbon", "Porto")))
    allowed_server.routes["/feed"] = Route(body=rss(allowed_server, "/a", "/b", "/c"), content_type="application/rss+xml")
    Feed.objects.filter(pk=wire.pk).update(last_polled_at=None)
    assert feeds.feed_poll(wire.pk) == "ok: 3 entries, 1 new"
    assert Article.objects.count() == 3 and Feed.objects.get(pk=wire.pk).entries_seen == 3


def test_an_atom_feed(talks, allowed_server):
    allowed_server.routes["/a"] = Route(body=page(REPORT))
    allowed_server.routes["/atom"] = Route(body=ATOM.format(url=allowed_server.url("/a")), content_type="application/atom+xml")
    feed = Feed.objects.create(url=allowed_server.url("/atom"))
    assert feeds.feed_poll(feed.pk) == "ok: 1 entries, 1 new"
    assert Article.objects.get().published == dt.date(2023, 3, 4)


@pytest.mark.parametrize("route, status, error", [
    (Route(500, "oops"), "failed (will try at the next interval)", "the server answered 500 Internal Server Error"),
    (Route(404, "nope"), "failed", "the server answered 404 Not Found"),
    (Route(body="<html><body>just a page</body></html>"), "failed", "not an RSS or Atom feed"),
    (Route(body=b"%PDF-1.4", content_type="application/pdf"), "failed", "not a text or HTML page"),
])
def test_feed_errors_are_recorded(talks, allowed_server, route, status, error):
    allowed_server.routes["/f"] = route
    feed = Feed.objects.create(url=allowed_server.url("/f"))
    feeds.feed_poll(feed.pk)
    feed.refresh_from_db()
    assert feed.last_status == status and feed.last_error.startswith(error) and feed.last_polled_at
    assert Article.objects.count() == 0


def test_a_feed_on_a_private_address_is_refused(db, local_server):
    feed = Feed.objects.create(url=local_server.url("/feed"))
    feeds.feed_poll(feed.pk)
    feed.refresh_from_db()
    assert feed.last_status == "failed" and feed.last_error.startswith("refused: 127.0.0.1") and local_server.hits == []


def test_entries_pointing_at_private_addresses_fail_at_fetch(talks, allowed_server, settings):
    allowed_server.routes["/feed"] = Route(
        body='<rss version="2.0"><channel><title>x</title><item><title>i</title><link>http://169.254.169.254/latest/</link></item></channel></rss>',
        content_type="application/rss+xml")
    feed = Feed.objects.create(url=allowed_server.url("/feed"))
    feeds.feed_poll(feed.pk)
    article = Article.objects.get()
    assert (article.status, article.stage) == ("failed", "fetch") and article.error.startswith("refused: 169.254.169.254")
