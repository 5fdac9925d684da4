"""The API against its own OpenAPI schema, driven by schemathesis as an analyst's tool would (issue 16).

Every operation of /api/schema/, with generated valid and invalid input, called with
an editor's token: no 5xx, every answer JSON and of a status and shape the schema
documents. Bounded (a few examples per operation) so it runs in CI in about a minute.
"""
import socket

import pytest
import schemathesis
from schemathesis.checks import positive_data_acceptance
from django.contrib.auth.models import Group, User
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from rest_framework.authtoken.models import Token
from rest_framework.throttling import SimpleRateThrottle

from config.wsgi import application
from tests.factories import ArticleFactory, StatementFactory, StatementLinkFactory

EXAMPLES = 40


@pytest.fixture
def api_schema(db, shipped, settings, monkeypatch):
    settings.CELERY_BROKER_URL = ""  # a submission only queues (no pipeline, no fetch) in the request
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {  # hundreds of requests a minute, on purpose
        **SimpleRateThrottle.THROTTLE_RATES, "user": "100000/minute", "anon": "100000/minute"})

    def no_dns(host, *args, **kwargs):  # offline: a generated host name never resolves
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", no_dns)
    article = ArticleFactory(title="A report")
    issue = shipped.issues.order_by("pk").first()
    party = shipped.parties.order_by("pk").first()
    statement = StatementFactory(negotiation=shipped, article=article, party=party,
                                 round=shipped.rounds.order_by("date").first())
    StatementLinkFactory(statement=statement, issue=issue, party=party, round=statement.round)
    # Calls go straight to the WSGI application: keep the test's connection open across them,
    # as Django's test client does (on PostgreSQL a request's end would close it mid-test).
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield schemathesis.openapi.from_wsgi("/api/schema/", application)
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def editor_token(db):
    user = User.objects.create_user("schema-editor", password="x-pass-123")
    user.groups.add(Group.objects.get_or_create(name="editors")[0])
    return Token.objects.create(user=user).key


def test_the_api_answers_as_its_schema_says(api_schema, editor_token):
    """Each operation in turn (schemathesis' pytest plugin does not run under this pytest; its Python API does)."""
    failures = []
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) >= 15
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
                  suppress_health_check=list(HealthCheck))
        def check(case):
            # Every check but "schema-valid data is accepted": a schema cannot say that a slug must
            # name a stored negotiation, and an unknown one is the contract's 400.
            case.call_and_validate(headers={"Authorization": f"Token {editor_token}"},
                                   excluded_checks=[positive_data_acceptance])

        try:
            check()
        except (Exception, BaseExceptionGroup) as exc:  # collect every operation's failure, then report them all
            failures.append(f"{operation.label}: {exc}"[:3000])
    assert not failures, "\n\n".join(failures)
