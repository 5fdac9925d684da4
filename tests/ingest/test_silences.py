"""A side silent on another side's demand: read from what it says of that side's demands elsewhere."""
import pytest

from ingest import pipeline, tasks
from ingest.extraction.stance import SILENT_SIDE, TAKEN_UP, silent_side, taken_up
from positions.models import StatementLink
from tests.factories import History

pytestmark = pytest.mark.django_db

SAYS_SO = "words deal (score 5.0); supports: cue 'backs'"


def silent(party):
    return f"words deal (score 5.0); rejects: {party} {SILENT_SIDE} AA's demand"


def link(history, party, issue, stance, reason, round=1, status="auto"):
    statement = history.say(party, issue, stance, round, status=status)
    StatementLink.objects.filter(statement=statement).update(reason=reason)
    return StatementLink.objects.get(statement=statement)


@pytest.mark.parametrize("stated, stance", [
    ({"supports": 3}, "supports"),
    ({"supports": 3, "rejects": 1, "open": 1}, "supports"),
    ({"supports": 1}, "supports"),  # backs them and never refuses them: no adversary
    ({"supports": 1, "open": 2}, "supports"),  # haggling over some is no refusal
    ({"supports": 2, "rejects": 1}, "rejects"),  # too little to call them allies once it has refused one
    ({"supports": 3, "rejects": 3}, "rejects"),  # backing is not what it mostly says
    ({"open": 2}, "rejects"),  # never backs any
    ({"rejects": 2}, "rejects"),
    ({}, "rejects"),
])
def test_an_ally_is_a_side_that_backs_the_others_demands_and_mostly_or_never_refuses_them(stated, stance):
    assert silent_side("BB", "AA", stated).stance == stance


def test_a_side_backing_anothers_demands_where_it_speaks_goes_along_where_it_is_silent():
    history = History(parties=("AA", "BB", "CC"), issues=("alpha", "beta", "gamma"))  # AA's demands
    for issue in ("alpha", "beta", "gamma"):
        link(history, "BB", issue, "supports", SAYS_SO)
    bb = link(history, "BB", "alpha", "rejects", silent("BB"), round=2)
    cc = link(history, "CC", "alpha", "rejects", silent("CC"), round=2)  # says nothing anywhere: on the other side
    reviewed = link(history, "BB", "beta", "rejects", silent("BB"), round=2, status="confirmed")
    assert history.stance("BB", "alpha", 2) == "rejects"

    assert pipeline.reread_silences(history.negotiation) == 1
    bb.refresh_from_db(), cc.refresh_from_db(), reviewed.refresh_from_db()
    assert bb.stance == "supports" and "backs its demands where it speaks (3 of 4)" in bb.reason
    assert (cc.stance, reviewed.stance) == ("rejects", "rejects")  # an editor's review stays as it was
    assert history.stance("BB", "alpha", 2) == "supports"  # positions follow
    assert pipeline.reread_silences(history.negotiation) == 0  # read again with nothing new: no change

    # the evidence goes (an editor rejects the statements that backed them): the silence is a refusal again
    StatementLink.objects.filter(reason=SAYS_SO).update(stance="rejects")
    assert pipeline.reread_silences(history.negotiation) == 1
    bb.refresh_from_db()
    assert bb.stance == "rejects" and bb.reason.endswith(silent("BB").rsplit("; ", 1)[1])
    assert history.stance("BB", "alpha", 2) == "rejects"


def test_beat_reads_the_silences_again():
    history = History(parties=("AA", "BB"), issues=("alpha", "beta", "gamma"))
    for issue in ("alpha", "beta", "gamma"):
        link(history, "BB", issue, "supports", SAYS_SO)
    bb = link(history, "BB", "alpha", "rejects", silent("BB"), round=2)
    assert tasks.reread_silences_of(history.negotiation.pk) == 1
    bb.refresh_from_db()
    assert bb.stance == "supports"


def test_a_silence_on_a_condition_stays_open_whoever_the_side_backs():
    history = History(parties=("AA", "BB"), issues=("alpha", "beta", "gamma"))  # AA's demands
    for issue in ("alpha", "beta", "gamma"):
        link(history, "BB", issue, "supports", SAYS_SO)
    reason = f"words deal (score 5.0); open: on a condition: 'if', BB {SILENT_SIDE} AA's demand"
    conditional = link(history, "BB", "alpha", "open", reason, round=2)
    assert pipeline.reread_silences(history.negotiation) == 0
    conditional.refresh_from_db()
    assert conditional.stance == "open"


@pytest.mark.parametrize("stated, stance", [
    ({"supports": 1}, "supports"),  # backs it where it speaks, never refuses: an ally
    ({"supports": 3, "rejects": 1, "open": 3}, "supports"),  # one refusal (maybe misread) among backings: an ally
    ({"supports": 2, "rejects": 1}, "rejects"),  # backing not more than twice as often as refusing: the other side
    ({"open": 2}, "rejects"),  # haggling only: nothing says it is an ally
    ({}, "rejects"),
])
def test_a_side_silent_on_anothers_demand_goes_along_only_as_its_ally(stated, stance):
    assert silent_side("BB", "AA", stated).stance == stance


@pytest.mark.parametrize("stated, elsewhere, stance", [
    ({}, {}, "supports"),  # outside the sides, no word against anyone's demands: no adversary
    ({}, {"supports": 2, "rejects": 1}, "supports"),
    ({"rejects": 1}, {"rejects": 1}, "rejects"),  # it has refused this owner's demands in words
    ({}, {"rejects": 2, "supports": 1}, "rejects"),  # it refuses the others' demands more than it backs them
])
def test_a_party_outside_the_sides_is_no_adversary_unless_it_refuses_the_others_demands(stated, elsewhere, stance):
    assert silent_side("CC", "AA", stated, principals=frozenset({"AA", "BB"}), elsewhere=elsewhere).stance == stance
    assert silent_side("CC", "AA", stated, elsewhere=elsewhere).stance == "rejects"  # a side: the other side


def test_reading_again_an_outside_partys_silence_counts_its_words_on_every_others_demands():
    history = History(parties=("AA", "BB", "CC"), issues=("alpha", "beta"))  # AA's demands
    history.negotiation.description = "The talks between AA and BB on the river."
    history.negotiation.save()
    from ingest.extraction.stance import OUTSIDE
    cc = link(history, "CC", "alpha", "supports",
              f"words deal (score 5.0); supports: CC {OUTSIDE} and does not refuse AA's demand", round=2)
    bb = link(history, "BB", "alpha", "rejects", silent("BB"), round=2)
    assert pipeline.reread_silences(history.negotiation) == 0  # CC outside, BB a side: both stay as they were
    link(history, "CC", "beta", "rejects", "words deal (score 5.0); rejects: cue 'refuses'", round=3)
    assert pipeline.reread_silences(history.negotiation) == 1  # CC has refused one of AA's demands in words
    cc.refresh_from_db(), bb.refresh_from_db()
    assert (cc.stance, bb.stance) == ("rejects", "rejects")


@pytest.mark.parametrize("stated, stance", [
    ({}, "supports"),  # taking the issue up, with no word against the owner anywhere
    ({"supports": 1, "rejects": 1}, "supports"),
    ({"rejects": 2, "supports": 1, "open": 4}, "rejects"),  # refuses the owner's demands more than it backs them
])
def test_a_third_party_taking_up_a_demand_backs_it_unless_it_refuses_the_owners_demands(stated, stance):
    assert taken_up("CC", "AA", stated).stance == stance


def test_reading_again_a_third_partys_silence_counts_its_words_on_the_owners_demands():
    history = History(parties=("AA", "BB", "CC"), issues=("alpha", "beta"))  # AA's demands
    cc = link(history, "CC", "alpha", "supports", f"likely by all signals (0.95): words deal (score 5.0); "
                                                  f"supports: {taken_up('CC', 'AA').cue}", round=2)
    assert pipeline.reread_silences(history.negotiation) == 0
    link(history, "CC", "beta", "rejects", "words deal (score 5.0); rejects: cue 'refuses'", round=3)
    assert pipeline.reread_silences(history.negotiation) == 1  # it has refused AA's demands in words since
    cc.refresh_from_db()
    assert cc.stance == "rejects" and TAKEN_UP in cc.reason and cc.reason.startswith("likely by all signals (0.95)")
    assert history.stance("CC", "alpha", 2) == "rejects"  # positions follow
