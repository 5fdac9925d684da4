"""Statements voiced without "said": wishes and demands, positions made plain, documents, stances.

Invented text about the invented negotiation of reports.py; each test is one general pattern. The cases
that say only who speaks for whom, and what is no statement, are data: cases/recall.toml.
"""
import dataclasses
import datetime as dt

import pytest

from ingest.extraction import PersonRef

from .reports import CONTEXT, cases, found_in


def one(text, fragment):
    """The shortest statement found in `text` that contains `fragment`."""
    hits = [f for f in found_in(text) if fragment in f.text]
    assert hits, f"no statement with {fragment!r}"
    return min(hits, key=lambda f: len(f.text))


@pytest.mark.parametrize("case", cases("recall", keys={"found", "absent"}))
def test_recall(case):
    """cases/recall.toml: each fragment `found` is in a statement with those fields; none is `absent`."""
    text = case["text"]
    assert case.get("found"), "a case of recall finds something"
    for fragment, fields in case["found"].items():
        f = one(text, fragment)
        assert {name: getattr(f, name) for name in fields} == fields, fragment
    texts = [f.text for f in found_in(text)]
    for fragment in case.get("absent", []):
        assert not [t for t in texts if fragment in t], fragment


# --- Cases that check more than who speaks for whom -----------------------------------------------------


def test_relative_clause_speaker_gets_their_own_clause():
    text = ("Wielgosz also rejected criticism from Prime Minister Helena Marquardt, who claimed Aldoria had "
            "\"walked away from the table\" and accused him of bad faith.")
    f = one(text, "who claimed Aldoria had")
    assert (f.speaker, f.party_code) == ("Helena Marquardt", "BOR")
    assert "Marquardt" not in f.text
    assert one(text, "rejected criticism").speaker == "Tomasz Wielgosz"


def test_bullet_points_under_a_speaker_line():
    text = ("Talks end with a deal on the river\n\n"
            "The main points\n\n"
            "Tomasz Wielgosz:\n\n"
            "  \u2022 A joint text has been drawn up on the flow of the river\n\n"
            "  \u2022 There is \"complete agreement\" on the gauging stations\n\n"
            "Officials will meet again in May.")
    for fragment in ("A joint text has been drawn up", "complete agreement"):
        f = one(text, fragment)
        assert (f.speaker, f.party_code) == ("Tomasz Wielgosz", "ALD")
        assert not f.text.startswith("\u2022")
    assert not [f for f in found_in(text) if "meet again" in f.text]


def test_documents_state_positions():
    text = ("Marquardt met Wielgosz on Monday.\n\n"
            "The summit conclusions say Borvania must open the gauging stations by May.\n\n"
            "Wielgosz's White Paper, which passed by a handful of votes, calls for a fixed share of the water.\n\n"
            "The draft text - which was agreed in principle in December - outlines three options for the barges.")
    assert one(text, "summit conclusions say").party_code is not None
    assert one(text, "calls for a fixed share").party_code == "ALD"
    f = one(text, "outlines three options")
    assert f.party_code is not None and f.stated_on != dt.date(2029, 12, 1)  # the aside's December is not its day


def test_a_prime_minister_is_not_a_president():
    from ingest.extraction.speakers import CastMember, role_fits
    president = CastMember("Jan Novak", "ALD", "President of the River Council", True)
    assert not role_fits("Prime Minister", president)
    assert role_fits("the leader", president)


def test_relative_clause_of_a_partys_people_after_a_dash():
    text = ("The toll plan has been ruled out by Wielgosz while the quota plan has sparked outrage in Kestrel City "
            "- particularly among Borvania's MPs who branded it \"offensive\".")
    f = one(text, "who branded it")
    assert f.party_code == "BOR" and f.text.startswith("particularly among")
    assert one(text, "ruled out by Wielgosz").speaker == "Tomasz Wielgosz"


def test_lead_in_question_then_the_claim():
    text = ("Back in 2020, Marquardt laid out her main grievances at a forum in Kestrel City. Her argument? "
            "The new dams upstream were an act of hostility against Borvania.")
    f = one(text, "an act of hostility")
    assert f.speaker == "Helena Marquardt" and "laid out" in f.text


def test_the_chief_negotiator_is_not_the_deputy_nor_a_minister():
    from ingest.extraction import Context, PersonRef
    from .reports import CONTEXT as BASE
    context = Context(BASE.parties, BASE.people + (
        PersonRef("Ola Brandt", "ALD", "Chief negotiator of the Aldorian government"),
        PersonRef("Eva Lind", "ALD", "Deputy chief negotiator of the Aldorian government")), BASE.issues, BASE.rounds)
    text = "There will be no deal without a quota, Aldoria's chief negotiator has warned."
    found = found_in(text, context=context)
    assert [f.speaker for f in found] == ["Ola Brandt"]


def test_accepting_an_invitation_or_keeping_offices_is_no_statement():
    text = ("Aldoria accepted an invitation to the summit in June.\n\n"
            "The commission will keep its offices in Kestrel City.\n\n"
            "Farmers say the river is lower than ever.")
    assert found_in(text) == []


def test_a_title_several_people_hold_is_the_one_the_report_named_last():
    # two prime ministers, one a side: "the Prime Minister's paper" is the one named just before, even as an object
    context = dataclasses.replace(CONTEXT, people=CONTEXT.people + (PersonRef("Jan Kowal", "ALD", "Prime Minister"),))
    for named, party in (("Helena Marquardt", "BOR"), ("Jan Kowal", "ALD")):
        text = (f"Wielgosz criticised {named}'s plan on the river on Monday.\n\n"
                "The Prime Minister's paper calls for a fixed share of the water for the barges.")
        hits = [f for f in found_in(text, context=context) if "paper calls for" in f.text]
        assert [f.party_code for f in hits] == [party], named


def test_a_reported_claim_going_on_in_the_next_sentence():
    text = ("Marquardt added that barges already on the river would keep their permits. Barges registered after the "
            "cut-off date will get a grace period of two years.\n\n"
            "Marquardt said the talks were useful. The talks will resume in May.")
    going_on = one(text, "will get a grace period")
    assert (going_on.speaker, going_on.party_code) == ("Helena Marquardt", "BOR")
    assert "keep their permits" in going_on.refers_to  # it carries on the claim before it
    # narrative about the talks, or a sentence after a statement that is not a reported claim, is no one's
    assert not [f for f in found_in(text) if "will resume" in f.text]
