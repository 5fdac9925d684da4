"""The invariants the database itself keeps."""
import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from positions.models import Issue, Round, StatementLink
from tests.factories import (
    IssueFactory, NegotiationFactory, PartyFactory, RoundFactory, StatementFactory, StatementLinkFactory,
)

pytestmark = pytest.mark.django_db


def refused(make) -> bool:
    try:
        with transaction.atomic():
            make()
    except IntegrityError:
        return True
    return False


def test_issue_slugs_are_unique_per_negotiation_only():
    issue = IssueFactory(slug="guarantees")
    assert refused(lambda: Issue.objects.create(negotiation=issue.negotiation, slug="guarantees", title="again",
                                                owner=issue.owner))
    assert not refused(lambda: IssueFactory(slug="guarantees", negotiation=NegotiationFactory()))


def test_round_slugs_are_unique_per_negotiation_only():
    rnd = RoundFactory(slug="first")
    assert refused(lambda: Round.objects.create(negotiation=rnd.negotiation, slug="first", date=dt.date(2022, 2, 1),
                                                name="again"))
    assert not refused(lambda: RoundFactory(slug="first", negotiation=NegotiationFactory()))


def test_one_link_per_statement_and_issue():
    link = StatementLinkFactory(stance="open")
    assert refused(lambda: StatementLink.objects.create(statement=link.statement, issue=link.issue, stance="rejects"))
    other_issue = IssueFactory(negotiation=link.issue.negotiation)
    StatementLink.objects.create(statement=link.statement, issue=other_issue, stance="rejects")
    assert link.statement.links.count() == 2


def test_a_statement_span_cannot_end_before_it_starts():
    assert refused(lambda: StatementFactory(start=10, end=9))
    assert not refused(lambda: StatementFactory(start=10, end=10))  # an empty span is allowed


def test_party_codes_are_unique():
    PartyFactory(code="AA")
    from positions.models import Party

    assert refused(lambda: Party.objects.create(code="AA", name="again"))


def test_effective_date_falls_back_to_publication():
    undated = StatementFactory(stated_on=None)
    dated = StatementFactory(stated_on=dt.date(2021, 12, 30))
    assert undated.effective_date == undated.article.published
    assert dated.effective_date == dt.date(2021, 12, 30)
