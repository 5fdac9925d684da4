"""Rows inserted in plain SQL (`positions.rows`): read back as the ORM writes them, on either database."""
import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from ingest.models import ArticleBand
from positions.rows import insert_rows
from positions.models import Statement
from tests.factories import ArticleFactory, NegotiationFactory, PartyFactory


def statement_row(article, negotiation, n, **fields):
    row = {
        "negotiation_id": negotiation.pk, "article_id": article.pk, "text": f"Said {n}.", "start": 10 * n,
        "end": 10 * n + 8, "kind": "direct", "speaker_id": None, "party_id": None, "stated_on": None, "round_id": None,
        "confidence": 0.5, "status": "auto", "attribution": "", "counted": True, "reviewed_by_id": None,
        "reviewed_at": None, "created_at": connection.ops.adapt_datetimefield_value(timezone.now()),
    }
    return row | fields


def test_rows_read_back_with_their_columns_types(db):
    article, negotiation, party = ArticleFactory(), NegotiationFactory(), PartyFactory()
    tricky = 'A "quote", an apostrophe\'s %s and %(name)s, a backslash \\ and ünïcödé — and a new\nline.'
    [pk] = insert_rows(Statement, [statement_row(
        article, negotiation, 1, text=tricky, party_id=party.pk, stated_on=dt.date(2022, 2, 24), confidence=0.123,
        counted=False, attribution="said",
    )], returning_ids=True)
    statement = Statement.objects.get(pk=pk)
    assert (statement.text, statement.party, statement.stated_on, statement.confidence, statement.counted) == (
        tricky, party, dt.date(2022, 2, 24), 0.123, False)
    assert (statement.end, statement.kind, statement.status, statement.attribution) == (18, "direct", "auto", "said")
    assert statement.reviewed_at is None and statement.speaker is None
    assert abs(statement.created_at - timezone.now()) < dt.timedelta(minutes=1)  # an aware time, as the ORM's


def test_the_ids_come_back_in_the_rows_order(db):
    article, negotiation = ArticleFactory(), NegotiationFactory()
    rows = [statement_row(article, negotiation, n) for n in (3, 1, 2, 0)]
    ids = insert_rows(Statement, rows, returning_ids=True)
    assert [Statement.objects.get(pk=pk).start for pk in ids] == [30, 10, 20, 0]
    assert insert_rows(Statement, [], returning_ids=True) == []


def test_any_number_of_rows_is_one_statement_with_one_parameter(db):
    """The statement's text does not depend on the rows, so the driver parses it once (see `positions.rows`)."""
    article, negotiation = ArticleFactory(), NegotiationFactory()
    sql = []
    for count in (1, 300):
        with CaptureQueriesContext(connection) as captured:
            insert_rows(Statement, [statement_row(article, negotiation, 1000 * count + n) for n in range(count)])
        [query] = [q["sql"] for q in captured.captured_queries if q["sql"].startswith("INSERT")]
        sql.append(query)
    assert Statement.objects.filter(article=article).count() == 301
    assert sql[0].split(" SELECT ")[0] == sql[1].split(" SELECT ")[0] and len(sql[1]) > len(sql[0])


def test_signed_64_bit_values_are_kept_exactly(db):
    article = ArticleFactory()
    values = [-2**63, 2**63 - 1, -1, 0, 2**53 + 1]
    insert_rows(ArticleBand, [{"article_id": article.pk, "band": i, "value": v} for i, v in enumerate(values)])
    assert list(ArticleBand.objects.filter(article=article).order_by("band").values_list("value", flat=True)) == values
