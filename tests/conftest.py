import pytest
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient


@pytest.fixture
def shipped(db):
    """The shipped negotiation's reference data, loaded as a user would."""
    call_command("loaddata", "russia_west_2022", verbosity=0)
    from positions.models import Negotiation

    return Negotiation.objects.get(slug="russia-west-security-2022")


@pytest.fixture
def editor(db):
    user = User.objects.create_user("editor", password="editor-pass-123", is_staff=True, is_superuser=True)
    return user


@pytest.fixture
def analyst(db):
    return User.objects.create_user("analyst", password="analyst-pass-123")


@pytest.fixture
def api(analyst):
    """An API client with an analyst's token."""
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token " + Token.objects.create(user=analyst).key)
    return client


@pytest.fixture
def editor_api(db):
    user = User.objects.create_user("desk", password="desk-pass-123")
    user.groups.add(Group.objects.get_or_create(name="editors")[0])
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token " + Token.objects.create(user=user).key)
    return client
