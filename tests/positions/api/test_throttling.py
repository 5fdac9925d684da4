"""DRF throttling (issue 16): rates in settings, failed token sign-ins throttled per address."""
import pytest
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


def test_guessing_tokens_meets_429s_before_long(db, settings):
    """A hundred bad tokens in a row were all 401, never 429."""
    codes = []
    for i in range(100):
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {i:040d}")
        codes.append(client.get("/api/statements/").status_code)
    limit = int(settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["failed_auth"].split("/")[0])
    assert codes[:limit] == [401] * limit
    assert set(codes[limit:]) == {429}
    response = client.get("/api/statements/")
    assert response.status_code == 429 and int(response["Retry-After"]) > 0 and response.json()["detail"]


def rates(monkeypatch, **changed):
    """Throttle classes read their rates from settings once, at import: change them on the class."""
    from rest_framework.throttling import SimpleRateThrottle

    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {**SimpleRateThrottle.THROTTLE_RATES, **changed})


def test_a_good_token_from_an_address_that_guessed_is_refused_too(api, monkeypatch):
    """Otherwise the guesser would still learn which guess was right."""
    rates(monkeypatch, failed_auth="3/minute")
    bad = APIClient()
    bad.credentials(HTTP_AUTHORIZATION="Token nope")
    assert [bad.get("/api/statements/").status_code for _ in range(3)] == [401, 401, 401]
    assert api.get("/api/statements/").status_code == 429


def test_users_and_anonymous_clients_are_throttled_at_the_configured_rates(api, monkeypatch):
    rates(monkeypatch, user="5/minute", anon="2/minute")
    assert [api.get("/api/parties/").status_code for _ in range(6)] == [200] * 5 + [429]
    anonymous = APIClient()
    assert [anonymous.get("/api/schema/").status_code for _ in range(3)] == [200, 200, 429]
