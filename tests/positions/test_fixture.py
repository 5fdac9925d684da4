"""The shipped negotiation's reference data: the contract's slugs and codes, loadable any number of times."""
import json
from pathlib import Path

import pytest
from django.core.management import call_command

from positions.models import Issue, Negotiation, Party, Person, Round

pytestmark = pytest.mark.django_db

FIXTURE = Path(__file__).resolve().parents[2] / "positions" / "fixtures" / "russia_west_2022.json"
MODELS = [Negotiation, Party, Person, Issue, Round]


def counts():
    counted = {model.__name__: model.objects.count() for model in MODELS}
    counted["round parties"] = Round.parties.through.objects.count()
    counted["negotiation parties"] = Negotiation.parties.through.objects.count()
    return counted


def test_loading_twice_changes_nothing(shipped):
    first = counts()
    snapshot = sorted(Issue.objects.values_list("pk", "slug", "owner__code", "title"))
    call_command("loaddata", "russia_west_2022", verbosity=0)
    assert counts() == first
    assert sorted(Issue.objects.values_list("pk", "slug", "owner__code", "title")) == snapshot
    assert all(n > 0 for n in first.values())


def test_loads_everything_in_the_file(shipped):
    rows = json.loads(FIXTURE.read_text())
    per_model = {}
    for row in rows:
        per_model[row["model"]] = per_model.get(row["model"], 0) + 1
    for model in MODELS:
        assert model.objects.count() == per_model[f"positions.{model.__name__.lower()}"], model


def test_uses_natural_keys_so_it_loads_beside_other_data(db):
    """Other rows first (another negotiation, other people): the fixture still loads, and twice."""
    from tests.factories import IssueFactory, PersonFactory

    IssueFactory(slug="unrelated")
    PersonFactory(name="Somebody Else")
    call_command("loaddata", "russia_west_2022", verbosity=0)
    call_command("loaddata", "russia_west_2022", verbosity=0)
    assert Negotiation.objects.filter(slug="russia-west-security-2022").count() == 1
    assert Issue.objects.filter(slug="unrelated").count() == 1
    for row in json.loads(FIXTURE.read_text()):
        assert "pk" not in row, row["model"]


def test_every_issue_and_round_belongs_to_the_negotiation_and_its_parties(shipped):
    parties = set(shipped.parties.values_list("code", flat=True))
    assert set(Issue.objects.values_list("negotiation", flat=True)) == {shipped.pk}
    assert set(Issue.objects.values_list("owner__code", flat=True)) <= parties
    for rnd in Round.objects.all():
        assert rnd.negotiation == shipped
        assert set(rnd.parties.values_list("code", flat=True)) <= parties


def test_slugs_and_codes_are_the_codebooks(shipped, shared_eval):
    book = json.loads((shared_eval / "codebook.json").read_text())
    assert shipped.slug == book["negotiation"]["slug"]

    def slugs(items, key="slug"):
        return {item[key] if isinstance(item, dict) else item for item in items}

    assert set(Issue.objects.values_list("slug", flat=True)) == slugs(book["issues"])
    assert set(Round.objects.values_list("slug", flat=True)) == slugs(book["rounds"])
    assert set(shipped.parties.values_list("code", flat=True)) == slugs(book["parties"], "code")
    assert list(Round.objects.order_by("date").values_list("slug", flat=True)) == [
        r["slug"] for r in sorted(book["rounds"], key=lambda r: r["date"])
    ]


def test_owners_people_and_stances_follow_the_codebook(shipped, shared_eval):
    from positions.models import Stance

    book = json.loads((shared_eval / "codebook.json").read_text())
    assert dict(Issue.objects.values_list("slug", "owner__code")) == {i["slug"]: i["owner"] for i in book["issues"]}
    assert {(p.name, p.party.code if p.party else None) for p in Person.objects.select_related("party")} == {
        (p["name"], p["party"]) for p in book["people"]
    }
    assert set(Stance.values) == set(book["stances"])


@pytest.mark.parametrize("ci, outcome", [("", pytest.skip.Exception), ("true", pytest.fail.Exception)])
def test_a_test_that_needs_shared_fails_under_ci_when_it_is_missing(tmp_path, monkeypatch, ci, outcome):
    from tests.conftest import shared_dir

    monkeypatch.setenv("CI", ci)
    with pytest.raises(outcome):
        shared_dir(tmp_path / "missing")
    assert shared_dir(tmp_path) == tmp_path
