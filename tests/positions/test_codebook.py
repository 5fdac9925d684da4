"""A negotiation as a file: import, export, round trip, and an editor's work kept."""
import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from positions.models import Issue, Negotiation, Party, Person, Round

BOOK = {
    "negotiation": {"slug": "harbour-talks", "name": "Harbour talks", "description": "Who runs the port."},
    "parties": [
        {"code": "AL", "name": "Aldoria", "aliases": ["Aldorian government"], "adjectives": ["Aldorian"]},
        {"code": "MA", "name": "Marensk", "aliases": ["the Marensk side"]},
    ],
    "people": [
        {"name": "Ana Vell", "party": "AL", "role": "Foreign Minister", "aliases": ["Vell"]},
        {"name": "Oskar Dahl", "party": None, "role": "analyst", "aliases": []},
    ],
    "issues": [
        {"slug": "port-access", "owner": "AL", "title": "Marensk reopens the port", "description": "Ships pass.",
         "cues": ["reopen the port"]},
        {"slug": "fishing-quota", "owner": "MA", "title": "A larger fishing quota", "description": ""},
    ],
    "rounds": [
        {"slug": "r1", "date": "2031-03-01", "name": "First meeting", "venue": "Lisk", "parties": ["AL", "MA"]},
        {"slug": "r2", "date": "2031-04-02", "name": "Second meeting", "venue": "", "parties": ["AL"]},
    ],
}


def _import(tmp_path, book, *args):
    path = tmp_path / "book.json"
    path.write_text(json.dumps(book))
    out = StringIO()
    call_command("negotiation", "import", str(path), *args, stdout=out)
    return out.getvalue()


def _export(slug):
    out = StringIO()
    call_command("negotiation", "export", slug, stdout=out)
    return json.loads(out.getvalue())


@pytest.mark.django_db
def test_import_sets_up_the_whole_negotiation(tmp_path):
    _import(tmp_path, BOOK)
    negotiation = Negotiation.objects.get(slug="harbour-talks")
    assert sorted(negotiation.parties.values_list("code", flat=True)) == ["AL", "MA"]
    assert Party.objects.get(code="AL").adjectives == ["Aldorian"]
    assert Person.objects.get(name="Ana Vell").party.code == "AL"
    issue = Issue.objects.get(negotiation=negotiation, slug="port-access")
    assert (issue.owner.code, issue.cues) == ("AL", ["reopen the port"])
    assert sorted(Round.objects.get(slug="r1").parties.values_list("code", flat=True)) == ["AL", "MA"]


@pytest.mark.django_db
def test_export_then_import_round_trips_exactly(tmp_path):
    _import(tmp_path, BOOK)
    first = _export("harbour-talks")
    Negotiation.objects.all().delete()
    Person.objects.all().delete()
    Party.objects.all().delete()
    _import(tmp_path, first)
    assert _export("harbour-talks") == first
    assert first["issues"][0]["cues"] == ["reopen the port"]
    assert {p["name"] for p in first["people"]} == {"Ana Vell", "Oskar Dahl"}


@pytest.mark.django_db
def test_import_again_never_reverts_an_editor_and_update_does(tmp_path):
    _import(tmp_path, BOOK)
    Issue.objects.filter(slug="port-access").update(title="Edited by an editor")
    Party.objects.filter(code="MA").update(aliases=["Marensk City"])
    counts = (Issue.objects.count(), Round.objects.count(), Person.objects.count())
    report = _import(tmp_path, BOOK)
    assert "created nothing" in report
    assert Issue.objects.get(slug="port-access").title == "Edited by an editor"
    assert Party.objects.get(code="MA").aliases == ["Marensk City"]
    assert (Issue.objects.count(), Round.objects.count(), Person.objects.count()) == counts
    _import(tmp_path, BOOK, "--update")
    assert Issue.objects.get(slug="port-access").title == "Marensk reopens the port"
    assert Party.objects.get(code="MA").aliases == ["the Marensk side"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "broken, message",
    [
        ({"parties": "AL"}, "'parties' must be a list"),
        ({"issues": [{"slug": "x", "owner": "ZZ", "title": "t"}]}, "issues[0]: unknown party 'ZZ'"),
        ({"rounds": [{"slug": "x", "date": "March", "name": "n"}]}, "rounds[0]: 'date' must be YYYY-MM-DD"),
        ({"negotiation": {"name": "no slug"}}, "negotiation: 'slug' is missing"),
        # slugs and codes are parts of addresses: one they cannot hold broke every list of negotiations
        ({"negotiation": {"slug": "über talks", "name": "n"}}, "negotiation: 'slug' 'über talks': Enter a valid"),
        ({"parties": [{"code": "A/B", "name": "n"}]}, "parties[0]: 'code' 'A/B': A code has no slash"),
        ({"issues": [{"slug": "x y", "owner": "AL", "title": "t"}]}, "issues[0]: 'slug' 'x y': Enter a valid"),
    ],
)
def test_a_broken_codebook_is_refused_whole_with_the_entry_named(tmp_path, broken, message):
    with pytest.raises(CommandError, match=message.replace("[", r"\[").replace("]", r"\]")):
        _import(tmp_path, {**BOOK, **broken})
    assert not Negotiation.objects.filter(slug="harbour-talks").exists()
    assert not Party.objects.exists()


@pytest.mark.django_db
def test_not_json_and_unknown_slug_are_clear_errors(tmp_path):
    path = tmp_path / "x.json"
    path.write_text("{not json")
    with pytest.raises(CommandError, match="is not JSON"):
        call_command("negotiation", "import", str(path))
    with pytest.raises(CommandError, match="no negotiation 'nope'"):
        call_command("negotiation", "export", "nope")


@pytest.mark.django_db
def test_export_to_a_file_matches_standard_output(tmp_path, shipped):
    target = tmp_path / "out.json"
    call_command("negotiation", "export", shipped.slug, "-o", str(target))
    assert json.loads(target.read_text()) == _export(shipped.slug)
    assert {i["slug"] for i in json.loads(target.read_text())["issues"]} == set(
        shipped.issues.values_list("slug", flat=True)
    )


@pytest.mark.django_db
def test_editors_export_a_negotiation_from_the_admin(tmp_path, client, editor):
    _import(tmp_path, BOOK)
    negotiation = Negotiation.objects.get(slug="harbour-talks")
    client.force_login(editor)
    response = client.post("/admin/positions/negotiation/", {"action": "export_codebook",
                                                             "_selected_action": [negotiation.pk]})
    assert response["Content-Disposition"] == 'attachment; filename="harbour-talks.json"'
    assert json.loads(response.content) == _export("harbour-talks")


@pytest.mark.django_db
def test_a_party_shared_with_another_negotiation_gains_its_names_once(tmp_path):
    _import(tmp_path, BOOK)
    other = {"negotiation": {"slug": "river-talks", "name": "River talks"},
             "parties": [{"code": "AL", "name": "Aldoria", "aliases": ["the Aldorian delegation", "Marensk"]}],
             "issues": [], "rounds": []}
    _import(tmp_path, other)
    assert Party.objects.get(code="AL").aliases == ["Aldorian government", "the Aldorian delegation", "Marensk"]
    assert Party.objects.get(code="AL").name == "Aldoria"
    Party.objects.filter(code="AL").update(aliases=["Aldorian government"])  # an editor removes two
    _import(tmp_path, other)
    assert Party.objects.get(code="AL").aliases == ["Aldorian government"]  # not put back
