"""A worker keeps what extraction reads of a negotiation while nothing in it changed, and reads it again
after any change to its name, parties, people, issues or rounds, whichever way it was made."""
import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ingest import pipeline
from positions.models import Issue, Negotiation, Party, Person, Round
from tests.factories import PartyFactory, PersonFactory, RoundFactory


def read(talks):
    """As the pipeline does: the negotiation freshly read, then what extraction needs of it."""
    return pipeline.negotiation_read(Negotiation.objects.get(pk=talks.pk))


def test_an_unchanged_negotiation_is_read_once(talks):
    context, rounds = read(talks)
    fresh = Negotiation.objects.get(pk=talks.pk)
    with CaptureQueriesContext(connection) as captured:
        again, same_rounds = pipeline.negotiation_read(fresh)
    assert again is context and same_rounds is rounds  # the same objects: the linker's index stays cached
    assert len(captured) == 1  # only the editors' examples are asked whether they changed


def edit_cues(talks):
    issue = Issue.objects.get(negotiation=talks)
    issue.cues = ["pull back its soldiers"]
    issue.save()
    return lambda context, rounds: context.issues[0].cues == ("pull back its soldiers",)


def add_round(talks):
    RoundFactory(negotiation=talks, slug="third", date=dt.date(2023, 5, 1))
    return lambda context, rounds: [r.slug for r in rounds][-1] == "third" and context.rounds[-1].slug == "third"


def delete_round(talks):
    Round.objects.get(negotiation=talks, slug="second").delete()
    return lambda context, rounds: [r.slug for r in rounds] == ["first"]


def list_a_rounds_parties(talks):
    Round.objects.get(negotiation=talks, slug="second").parties.add(Party.objects.get(code="SL"))
    return lambda context, rounds: next(r for r in context.rounds if r.slug == "second").parties == ("SL",)


def rename_party(talks):
    party = Party.objects.get(code="SL")
    party.aliases = ["Sudburg", "the southern capital"]
    party.save()
    return lambda context, rounds: "the southern capital" in next(p for p in context.parties if p.code == "SL").aliases


def add_party(talks):
    talks.parties.add(PartyFactory(code="EL", name="Eastland"))
    return lambda context, rounds: "EL" in {p.code for p in context.parties}


def party_leaves_from_its_side(talks):
    Party.objects.get(code="SL").negotiations.remove(talks)
    return lambda context, rounds: "SL" not in {p.code for p in context.parties}


def review_person(talks):
    PersonFactory(name="Ola Strand", party=Party.objects.get(code="NL"), role="envoy", reviewed=True)
    return lambda context, rounds: "Ola Strand" in {p.name for p in context.people}


def change_role(talks):
    person = Person.objects.get(name="Anna Vask")
    person.role = "prime minister"
    person.save()
    return lambda context, rounds: next(p for p in context.people if p.name == "Anna Vask").role == "prime minister"


def rename_negotiation(talks):
    talks.name = "Border and water talks"
    talks.save()
    return lambda context, rounds: context.topic == "Border and water talks"


@pytest.mark.parametrize("change", [edit_cues, add_round, delete_round, list_a_rounds_parties, rename_party, add_party,
                                    party_leaves_from_its_side, review_person, change_role, rename_negotiation])
def test_every_change_to_what_extraction_reads_is_seen_by_the_next_article(talks, change):
    before, _ = read(talks)
    token = Negotiation.objects.get(pk=talks.pk).context_token
    seen = change(talks)
    assert Negotiation.objects.get(pk=talks.pk).context_token != token
    context, rounds = read(talks)
    assert context is not before and seen(context, rounds)


def test_a_change_to_another_negotiation_keeps_this_one_read(talks):
    from tests.factories import IssueFactory, NegotiationFactory

    before, _ = read(talks)
    other = NegotiationFactory(slug="fishing-talks", parties=[PartyFactory(code="WL", name="Westland")])
    IssueFactory(negotiation=other, slug="quota", title="Fishing quota")
    assert read(talks)[0] is before
