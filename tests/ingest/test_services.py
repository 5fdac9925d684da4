"""Receiving articles: what is refused at the door, and the same input twice."""
import datetime as dt

import pytest

from ingest import services
from ingest.models import Article
from ingest.services import InvalidSubmission

TEXT = "The minister said the talks would continue next week in Vienna."


@pytest.mark.parametrize("fields, field, message", [
    ({}, "url", "give a url, or a text or html body"),
    ({"text": ""}, "text", "the body is empty"),
    ({"text": "  \n\t "}, "text", "the body is empty"),
    ({"text": TEXT, "html": "<p>x</p>"}, "html", "give text or html, not both"),
    ({"text": "%PDF-1.4 \x00\x01 binary"}, "text", "the body is not text: it looks like a PDF document"),
    ({"text": "abc\x00def"}, "text", "the body is not text: it looks like binary data (it contains NUL bytes)"),
    ({"text": TEXT * 40 + "\x00"}, "text", "the body is not text: it contains NUL bytes"),
    ({"text": TEXT, "title": "Talks\x00", "published": "2022-01-10"}, "title", "title contains a NUL character"),
    ({"text": "bad \ud800 surrogate"}, "text", "the body is not valid Unicode text"),
    ({"text": TEXT, "published": "12/01/2022"}, "published", "published: '12/01/2022' is not a date (YYYY-MM-DD)"),
    ({"text": TEXT, "published": "2022-02-30"}, "published", "published: '2022-02-30' is not a date (YYYY-MM-DD)"),
    ({"url": "ftp://example.org/a"}, "url", "url: 'ftp://example.org/a' is not an http(s) address"),
    ({"text": 42}, "text", "the text/html must be a string"),
    ({"text": TEXT, "published": "0001-01-01"}, "published",
     "published: 0001-01-01 is not a possible publication day (from 1900-01-01 to {tomorrow})"),
    ({"text": TEXT, "published": "9999-12-31"}, "published",
     "published: 9999-12-31 is not a possible publication day (from 1900-01-01 to {tomorrow})"),
    ({"url": "http://user:pw@news.example.org/a"}, "url",
     "url: an address with a user name or password is not accepted"),
    ({"url": "https://:token@news.example.org/a"}, "url",
     "url: an address with a user name or password is not accepted"),
])
def test_bad_submissions_are_refused_with_a_reason(db, fields, field, message):
    with pytest.raises(InvalidSubmission) as exc:
        services.article_receive(**fields)
    tomorrow = (dt.date.today() + dt.timedelta(days=1)).isoformat()
    assert (exc.value.field, str(exc.value)) == (field, message.format(tomorrow=tomorrow))
    assert Article.objects.count() == 0


def test_a_body_over_the_size_limit_is_refused(db, settings):
    settings.INGEST_MAX_BYTES = 10 * 1024 * 1024
    with pytest.raises(InvalidSubmission, match=r"the body is 10\.0 MB, over the 10\.0 MB limit"):
        services.article_receive(text="a" * (10 * 1024 * 1024 + 1))
    article, _ = services.article_receive(text="a " * (4 * 1024 * 1024))  # 8 MB is fine
    assert len(article.raw) == 8 * 1024 * 1024


def test_the_same_input_twice_is_one_article(db):
    first, needs_first = services.article_receive(url="https://x.example.org/1", text=TEXT, published="2022-01-10")
    second, needs_second = services.article_receive(url="https://x.example.org/1", text=TEXT, published="2022-01-10")
    assert first.pk == second.pk and Article.objects.count() == 1
    assert needs_first and needs_second  # still queued: sending it again is harmless
    Article.objects.filter(pk=first.pk).update(status=Article.Status.DONE)
    third, needs_third = services.article_receive(url="https://x.example.org/1", text=TEXT)
    assert third.pk == first.pk and not needs_third


def test_a_new_body_for_a_stored_url_is_processed_again(db):
    article, _ = services.article_receive(url="https://x.example.org/1", text=TEXT)
    Article.objects.filter(pk=article.pk).update(status=Article.Status.DONE)
    again, needs = services.article_receive(url="https://x.example.org/1", text=TEXT + " Updated.")
    assert needs and again.status == Article.Status.QUEUED and again.raw.endswith("Updated.")


def test_a_body_without_url_gets_a_stable_address(db):
    a, _ = services.article_receive(text=TEXT, title="T", published=dt.date(2022, 1, 1))
    b, _ = services.article_receive(text=TEXT, title="T", published=dt.date(2022, 1, 1))
    assert a.pk == b.pk and a.url.startswith("text:")


@pytest.mark.parametrize("url, message", [
    ("http://127.0.0.1/x", "refused: 127.0.0.1 is a loopback address"),
    ("http://10.1.1.1/x", "refused: 10.1.1.1 is a private-network address"),
    ("http://169.254.169.254/latest/meta-data/", "refused: 169.254.169.254 is a link-local address"),
])
def test_unfetchable_urls_are_refused_at_submission(db, url, message):
    with pytest.raises(InvalidSubmission, match=message.replace(".", r"\.")):
        services.article_submit(url=url)
    assert Article.objects.count() == 0


def test_a_broker_that_cannot_be_reached_leaves_the_article_queued(db, monkeypatch):
    from ingest import tasks

    def down(*args, **kwargs):
        raise ConnectionError("Error 111 connecting to redis:6379. Connection refused.")

    monkeypatch.setattr(tasks.process_article, "delay", down)
    article = services.article_submit(text=TEXT, title="T", published="2022-01-10")
    assert Article.objects.get(pk=article.pk).status == Article.Status.QUEUED


def test_corrected_metadata_on_a_resubmission_is_kept_and_a_new_day_reruns(db):
    """The same body with a corrected day or title answered 202 and re-ran with the old values."""
    article, _ = services.article_receive(url="https://news.example.org/r", text=TEXT, title="Draft title",
                                          published="2022-01-10")
    Article.objects.filter(pk=article.pk).update(status=Article.Status.DONE)
    again, needs = services.article_receive(url="https://news.example.org/r", text=TEXT, title="Right title",
                                            published="2022-01-12")
    again.refresh_from_db()
    assert (again.pk, again.title, again.published) == (article.pk, "Right title", dt.date(2022, 1, 12))
    assert needs and again.status == Article.Status.QUEUED  # statements take their day from it: run again
    Article.objects.filter(pk=article.pk).update(status=Article.Status.DONE)
    third, needs = services.article_receive(url="https://news.example.org/r", text=TEXT, outlet="Wire")
    third.refresh_from_db()
    assert (third.title, third.outlet, third.published, needs) == ("Right title", "Wire", dt.date(2022, 1, 12), False)
