"""Links and stances, including for an issue an editor adds after the code was written."""
import dataclasses
import datetime as dt

import pytest

from ingest.extraction import Found, IssueRef, PartyRef, RoundRef, find_statements, link_statement, link_statements
from ingest.extraction.stance import decide

from .reports import CONTEXT


def found(text, party, **extra):
    return Found(start=0, end=len(text), text=text, kind="reported", party_code=party, **extra)


# Aldoria asked by Borvania (the owner of the demand), the two sides of the talks.
ASKED = dict(speaker_party="ALD", owner="BOR", sides={"ALD", "BOR"}, targets={"ALD"})


def links(text, party, context=CONTEXT, **extra):
    return {l.issue_slug: l.stance for l in link_statement(found(text, party, **extra), context=context)}


def test_owner_voicing_its_demand_demands_it():
    assert links("Wielgosz said no new dams may be built upstream on the Varta.", "ALD") == {"dam-moratorium": "demands"}


def test_the_other_side_refusing_rejects():
    assert links("Borvania will not stop building dams upstream, the minister said.", "BOR") == {"dam-moratorium": "rejects"}


def test_openness_is_open():
    got = links("Officials expressed openness to a fixed share of the water for the summer.", "BOR")
    assert got == {"water-quota": "open"}


def test_on_the_table_or_off_it():
    assert decide("The dams upstream are \u201cnot on the table\u201d, Borvania said.", **ASKED).stance == "rejects"
    assert decide("The dams upstream are off the table.", **ASKED).stance == "rejects"
    assert decide("Borvania's offer on the dams upstream remains on the table.", **ASKED).stance == "open"


def test_open_to_talks_is_open_and_a_thing_open_to_traffic_is_no_view():
    assert decide("Borvania is open to discussing the dams upstream.", **ASKED).stance == "open"
    assert decide("We can discuss a pause in the building of the dams.", **ASKED).stance == "open"
    assert decide("We cannot discuss a pause in the building of the dams.", **ASKED).stance == "rejects"
    assert decide("Borvania remains open to proposals on the dams.", **ASKED).stance == "open"
    # a road or a market "open to" someone says what it is, not what the speaker thinks of a demand
    assert decide("Borvanian officials insist the river road is open to barges and that the dams are legal.",
                  **ASKED).stance == "rejects"


def test_saying_it_complies_supports():
    got = links("Kestrel City has no plans to build new dams upstream, a spokesman said.", "BOR")
    assert got == {"dam-moratorium": "supports"}


def test_third_party_takes_a_position_only_with_a_word_of_its_view():
    assert links("The commission said both sides would pool data on river flow and pollution at common stations.", "RIV") == {}
    got = links("The commission welcomed plans to pool data on river flow and pollution at common stations.", "RIV")
    assert got == {"joint-monitoring": "supports"}


def test_editor_cue_links_on_its_own():
    got = link_statement(found("The gauging stations should be funded by both.", "BOR"), context=CONTEXT)
    assert [(l.issue_slug, l.stance) for l in got] == [("joint-monitoring", "demands")]
    assert "gauging stations" in got[0].reason


def test_a_statement_of_no_party_links_nothing():
    assert links("An analyst said no new dams should be built upstream on the Varta.", None) == {}


def test_passing_mentions_and_names_of_formats_do_not_link():
    assert links("Aldoria said the talks on the new dams were long.", "ALD") == {}
    assert links("The River Basin Commission for Joint Monitoring met.", "RIV") == {}


def test_every_link_says_why_with_a_confidence():
    for link in link_statement(found("Aldoria demands that no new dams be built upstream.", "ALD"), context=CONTEXT):
        assert link.reason and 0 < link.confidence <= 1


def test_an_answer_to_demands_takes_their_issues_with_its_own_stance():
    demand = "Aldoria demands no new dams upstream and a guaranteed minimum flow of the river's water."
    got = links("Kestrel City flatly rejected the demands.", "BOR", refers_to=demand, refers_kind="answers demands")
    assert got == {"dam-moratorium": "rejects", "water-quota": "rejects"}


def test_an_issue_added_tomorrow_is_linked_by_its_own_words():
    fisheries = IssueRef("fishing-ban", "A ban on trawling in the delta", "BOR",
                         "Aldoria bans trawling and industrial fishing in the Varta delta during spawning.")
    context = dataclasses.replace(CONTEXT, issues=CONTEXT.issues + (fisheries,))
    text = ("Borvanian Prime Minister Helena Marquardt insisted on Friday that industrial trawling in the delta "
            "must end before spawning begins.")
    statements = find_statements(text, published=dt.date(2030, 4, 6), context=context)
    assert [(s.party_code, s.stated_on) for s in statements] == [("BOR", dt.date(2030, 4, 5))]
    assert links(statements[0].text, "BOR", context=context) == {"fishing-ban": "demands"}
    assert links("Aldoria will never accept a ban on trawling in its delta.", "ALD", context=context) == {"fishing-ban": "rejects"}


def test_stance_rules():
    sides, target = {"ALD", "BOR"}, {"BOR"}
    assert decide("they insist", speaker_party="ALD", owner="ALD", sides=sides, targets=target).stance == "demands"
    assert decide("it is not negotiable", speaker_party="BOR", owner="ALD", sides=sides, targets=target).stance == "rejects"
    assert decide("we are ready to discuss it", speaker_party="BOR", owner="ALD", sides=sides, targets=target).stance == "open"
    assert decide("we agree", speaker_party="BOR", owner="ALD", sides=sides, targets=target).stance == "supports"
    assert decide("it was said", speaker_party="BOR", owner="ALD", sides=sides, targets=target).stance == "rejects"
    assert decide("it was said", speaker_party="RIV", owner="ALD", sides=sides, targets=target) is None
    assert decide("we want to discuss it", speaker_party="RIV", owner="ALD", sides=sides, targets=target).stance == "supports"
    # asked not to do something, condemning the talk of it is a denial
    assert decide("talk of our dams is propaganda", speaker_party="BOR", owner="ALD", sides=sides, targets=target,
                  negative=True).stance == "supports"


def test_ready_to_sign_what_the_demand_names_agrees_to_it_as_it_stands():
    from ingest.extraction.vocabulary import stem

    topic = frozenset(stem(w) for w in ("share", "water", "accord"))
    asks = frozenset(stem(w) for w in ("share", "water"))

    def said(text):
        return decide(text, speaker_party="BOR", owner="ALD", sides={"ALD", "BOR"}, targets={"BOR"}, topic=topic,
                      asks=asks).stance

    assert said("we are ready to sign the water accord") == "supports"
    assert said("we are ready to now conclude the water accord") == "supports"
    assert said("we are ready to discuss the water accord") == "open"  # talking about it
    assert said("we are ready to sign a fishing treaty") == "open"  # signing something else
    assert said("we are ready to sign the accord") == "open"  # a word of its description, not of its title or cues
    assert said("if the tolls go, we are ready to sign the water accord") == "open"  # on a condition
    # a demand to undo it: signing it is no assent to the demand
    assert decide("we are ready to sign the water accord", speaker_party="BOR", owner="ALD", sides={"ALD", "BOR"},
                  targets={"BOR"}, topic=topic, asks=asks, undoes=True).stance != "supports"


def test_a_concept_owned_by_another_party_does_not_link_a_demand_made_of_one():
    pullback = IssueRef("pullback", "Borvania pulls its troops back from the border", "ALD",
                        "Borvania withdraws the troops it massed near the border.")
    context = dataclasses.replace(CONTEXT, issues=CONTEXT.issues + (pullback,))
    assert links("Borvanian troops will stay at the border, the ministry said.", "BOR", context=context) == {"pullback": "rejects"}
    assert links("Aldorian troops will stay where they are, Marensk said.", "ALD", context=context) == {}


def test_a_third_party_committing_to_the_issue_supports_it():
    got = links("The commission stood ready to fund gauging stations on the river.", "RIV")
    assert got == {"joint-monitoring": "supports"}
    got = links("The commission expressed its readiness to fund gauging stations on the river.", "RIV")
    assert got == {"joint-monitoring": "supports"}


def test_a_side_expressing_readiness_is_open_and_showing_none_refuses():
    assert decide("Aldoria expressed its readiness to lift the tolls on the barges.", **ASKED).stance == "open"
    assert decide("Aldoria has shown little readiness to lift the tolls on the barges.", **ASKED).stance == "rejects"
    third = dict(ASKED, speaker_party="RIV")
    assert decide("The commission showed no readiness to fund the gauging stations.", **third).stance != "supports"


@pytest.mark.parametrize("text", [
    "Its members want the tolls gone, but there is zero appetite to lift the tolls on the barges.",
    "The commission should act, yet there is little \u201cappetite\u201d for lifting the tolls on the barges.",
])
def test_no_appetite_for_it_refuses(text):
    assert decide(text, **dict(ASKED, speaker_party="RIV")).stance == "rejects"


def test_each_issue_takes_the_stance_of_its_own_clause():
    stations = IssueRef("stations", "Gauging stations at the lower weir", "ALD",
                        "Gauging stations measure the flow at the lower weir.")
    got = links("Borvania is ready to accept gauging stations at the lower weir, but it will never stop building dams "
                "upstream.", "BOR", context=dataclasses.replace(CONTEXT, issues=CONTEXT.issues + (stations,)))
    assert (got["stations"], got["dam-moratorium"]) == ("open", "rejects")


def test_a_yes_and_a_no_on_the_same_demand_is_open():
    # both clauses speak of the dams (the second more): ready to talk about them, but not to stop building them
    got = links('Borvania was ready to talk about the dams, "but it cannot stop building dams upstream on the Varta".',
                "BOR")
    assert got == {"dam-moratorium": "open"}
    assert links("Borvania agreed to look at the dams, but it will not stop building new dams upstream.", "BOR") == {
        "dam-moratorium": "open"}
    # a yes to something else ("any step towards peace") leaves the refusal of the demand as it is
    got = links("Borvania welcomed any step towards peace but will never stop building dams upstream.", "BOR")
    assert got == {"dam-moratorium": "rejects"}
    # "it" goes on with the same demand, whatever else its clause names
    got = links("Borvania will not discuss a moratorium on the dams this spring, but it could come up again once "
                "the gauging stations are shared.", "BOR")
    assert got.get("dam-moratorium") == "open"


def test_a_runner_up_needs_evidence_the_best_issue_does_not_explain():
    # "stations" is found only through words joint monitoring has too: the better issue explains them
    stations = IssueRef("stations", "Gauging stations on the Varta", "ALD", "Gauging stations measure the flow.")
    context = dataclasses.replace(CONTEXT, issues=CONTEXT.issues + (stations,))
    got = links("Borvania is ready to accept joint gauging stations on the river.", "BOR", context=context)
    assert "joint-monitoring" in got and "stations" not in got
    # a word of its own ("flow") makes it a link of its own again
    got = links("Borvania is ready to accept joint gauging stations that measure the flow of the river.", "BOR",
                context=context)
    assert {"joint-monitoring", "stations"} <= set(got)


# A demand that ends something another demand is about: tolls are a word of free navigation too.
TOLLS = IssueRef("tolls-removed", "Tolls on the lower Varta are removed", "BOR",
                 "Aldoria removes the tolls it charges on barges on the lower Varta.")


def test_a_demand_to_end_something_is_matched_by_any_verb_of_ending():
    context = dataclasses.replace(CONTEXT, issues=CONTEXT.issues + (TOLLS,))
    for verb in ("scrapped", "abolished", "lifted", "ditched"):
        assert links(f"Marquardt called for the tolls to be {verb}.", "BOR", context=context) == {
            "tolls-removed": "demands"}, verb
    # without a verb of ending, tolls are about free navigation
    assert links("Marquardt said the tolls on barges were unfair.", "BOR", context=context) == {
        "navigation-rights": "demands"}


def test_a_runner_up_is_not_made_by_a_word_of_its_description_alone():
    context = dataclasses.replace(CONTEXT, issues=CONTEXT.issues + (TOLLS,))
    # "inspections" is only in free navigation's description: the tolls' removal explains the rest
    got = links("Marquardt said tolls and inspections of barges must be lifted.", "BOR", context=context)
    assert got == {"tolls-removed": "demands"}
    # a word of its title ("navigate") sets it apart
    got = links("Marquardt called for the tolls on the lower Varta to be scrapped so that barges navigate freely.",
                "BOR", context=context)
    assert set(got) == {"tolls-removed", "navigation-rights"}


def test_an_issue_with_cues_needs_more_than_one_word_of_its_description():
    # "barges" (in the title and the description) links free navigation alone while it has no cues; once its
    # editor has named its phrases, one word is too little from the other side (its owner naming it still links)
    text = "Wielgosz said the barges were a matter for Borvania."
    assert links(text, "ALD") == {"navigation-rights": "rejects"}
    cued = tuple(dataclasses.replace(i, cues=("toll-free passage",)) if i.slug == "navigation-rights" else i
                 for i in CONTEXT.issues)
    assert links(text, "ALD", context=dataclasses.replace(CONTEXT, issues=cued)) == {}
    assert links(text, "BOR", context=dataclasses.replace(CONTEXT, issues=cued)) == {"navigation-rights": "demands"}
    assert links("Borvania wants toll-free passage.", "BOR", context=dataclasses.replace(CONTEXT, issues=cued)) == {
        "navigation-rights": "demands"}


def test_an_organisation_an_issue_is_about_is_not_stripped_as_a_name():
    court = IssueRef("court-role", "No role for the Varta Arbitration Court", "BOR",
                     "Borvania wants the Varta Arbitration Court removed as final arbiter.")
    context = dataclasses.replace(CONTEXT, issues=CONTEXT.issues + (court,))
    assert links("The role of the Varta Arbitration Court must end, Marquardt said.", "BOR", context=context) == {
        "court-role": "demands"}
    assert links("The Lakeside Institute for River Studies met in spring.", "BOR", context=context) == {}


def test_a_third_party_condemning_what_a_demand_forbids_supports_it():
    got = links("The commission condemned the threat of new dams upstream on the Varta.", "RIV")
    assert got == {"dam-moratorium": "supports"}
    got = links("The commission called on Borvania to stop building dams upstream.", "RIV")
    assert got == {"dam-moratorium": "supports"}


def test_the_party_asked_reporting_that_it_is_doing_it_supports():
    doing = "Units that finished the drills are returning to their barracks, the ministry said."
    assert decide(doing, **ASKED).stance == "supports"
    refusing = "The units will not return to their barracks while the drills go on."
    assert decide(refusing, **ASKED).stance == "rejects"
    # a bystander describing movements takes no position
    assert decide(doing, speaker_party="RIV", owner="BOR", sides={"ALD", "BOR"}, targets={"ALD"}) is None


def test_a_third_party_proposing_it_supports_it():
    text = "Members proposed setting up shared gauging stations along the river."
    assert decide(text, speaker_party="RIV", owner="BOR", sides={"ALD", "BOR"}, targets=set()).stance == "supports"
    assert decide("Members discussed the weather.", speaker_party="RIV", owner="BOR", sides={"ALD", "BOR"}, targets=set()) is None


@pytest.mark.parametrize("text", [
    "The commission expected Aldoria to set up shared gauging stations along the river.",
    "The commission said Aldoria had to set up shared gauging stations along the river.",
    "The commission wants shared gauging stations along the river.",
])
def test_a_third_party_expecting_a_side_to_do_it_supports_it(text):
    third = dict(speaker_party="RIV", owner="BOR", sides={"ALD", "BOR"}, targets={"ALD"})
    assert decide(text, **third).stance == "supports"
    assert decide("The commission noted the shared gauging stations along the river.", **third) is None


@pytest.mark.parametrize("text, stance", [
    ("The commission does not want shared gauging stations along the river.", "rejects"),
    ("A decision on shared gauging stations along the river is expected next week.", None),
    ("The meeting on shared gauging stations along the river had to be postponed.", None),
    ("We had to wait for the shared gauging stations along the river, the commission said.", None),
])
def test_words_of_expecting_or_wanting_that_back_nothing(text, stance):
    got = decide(text, speaker_party="RIV", owner="BOR", sides={"ALD", "BOR"}, targets={"ALD"})
    assert (got.stance if got else None) == stance


@pytest.mark.parametrize("title", [
    "Sluices opened under River Basin Commission supervision", "Under River Basin Commission monitoring, sluices opened",
])
def test_a_party_that_oversees_a_demand_is_not_the_one_it_is_made_of(title):
    # The commission only verifies; Borvania, the other side of Aldoria's demand, is asked and promises it.
    context = dataclasses.replace(CONTEXT, issues=(
        IssueRef("sluices-opened", title, "ALD", "The sluice gates of the upper dams are opened in summer."),))
    got = links("Borvania will open the sluice gates of its upper dams in June, the minister said.", "BOR", context)
    assert got == {"sluices-opened": "supports"}


def test_no_plans_to_do_it_complies_only_with_a_demand_that_it_not_be_done():
    # "no dams" (a demand that something not happen) is complied with; a fixed share of water is refused
    dams = topic("no new dams upstream built")
    assert decide("Borvania has no plans to build dams upstream.", speaker_party="BOR", owner="ALD",
                  sides={"ALD", "BOR"}, targets=set(), negative=True, topic=dams).stance == "supports"
    for quoted in ("\u201cno intention whatsoever\u201d", "\u2018no intention\u2019", "'no intention'"):
        assert decide(f"Borvania has {quoted} of building dams upstream.", speaker_party="BOR", owner="ALD",
                      sides={"ALD", "BOR"}, targets=set(), negative=True, topic=dams).stance == "supports"
    # ... when what it has no plans for is the thing forbidden, not anything else it says it will not do
    assert decide("Borvania is not going to treat the two as linked.", speaker_party="BOR", owner="ALD",
                  sides={"ALD", "BOR"}, targets=set(), negative=True, topic=dams).stance != "supports"
    assert decide("Borvania has no intention of granting a fixed share of the water.", speaker_party="BOR",
                  owner="ALD", sides={"ALD", "BOR"}, targets=set()).stance == "rejects"
    assert decide("Borvania does not intend to grant a fixed share of the water.", speaker_party="BOR",
                  owner="ALD", sides={"ALD", "BOR"}, targets=set()).stance == "rejects"


@pytest.mark.parametrize("anonymous", [
    "speaking on condition of anonymity", "speaking on condition that he not be named",
    "speaking on condition of not being named", "speaking on conditions of\nanonymity",
    "speaking on condition of anonymity to discuss internal deliberations",
    "who asked not to be identified because the discussions were private",
    "who was not authorised to speak publicly on the talks",
])
def test_speaking_on_condition_of_anonymity_is_no_condition(anonymous):
    text = f"An official, {anonymous}, said a fixed share was a matter for the ministers."
    assert decide(text, speaker_party="BOR", owner="ALD", sides={"ALD", "BOR"}, targets=set()).stance == "rejects"


def test_backing_a_sides_demand_supports_it_whatever_the_demand_says():
    text = "Borvania supports Aldoria's demand for guarantees that the dams will not be raised again."
    assert decide(text, speaker_party="BOR", owner="ALD", sides={"ALD", "BOR"}, targets=set()).stance == "supports"
    text = "Borvania does not support Aldoria's demand for guarantees that the dams will not be raised again."
    assert decide(text, speaker_party="BOR", owner="ALD", sides={"ALD", "BOR"}, targets=set()).stance == "rejects"
    text = "Borvania backs the commission's latest proposal for guarantees that the dams will not be raised again."
    assert decide(text, speaker_party="BOR", owner="ALD", sides={"ALD", "BOR"}, targets=set()).stance == "supports"
    text = "Borvania pushed back the proposal for a fixed share of the water, saying it would never agree."
    assert decide(text, speaker_party="BOR", owner="ALD", sides={"ALD", "BOR"}, targets=set()).stance == "rejects"


def test_a_statement_with_a_word_of_the_issue_its_passage_is_on_takes_it():
    def statements(*texts):
        found_ = [found(t, "ALD") for t in texts]
        for i, f in enumerate(found_):  # one after the other, in one passage
            f.start, f.end = i * 100, i * 100 + len(f.text)
        link_statements(found_, context=CONTEXT)
        return [{l.issue_slug: l.stance for l in f.links} for f in found_]

    said = "Wielgosz said no new dams may be built upstream on the Varta."
    weak = "Reservoirs need consent, he added."  # two words of its description: short of a link alone
    assert statements(weak) == [{}]
    assert statements(said, weak) == [{"dam-moratorium": "demands"}, {"dam-moratorium": "demands"}]
    assert statements("Wielgosz said the barges were late.", weak)[1] == {}  # a passage on something else


def test_one_word_of_its_own_demand_says_more_from_its_owner():
    context = dataclasses.replace(CONTEXT, issues=CONTEXT.issues + (
        IssueRef("sluices-opened", "Sluices opened in summer", "ALD", "The sluices of the upper dams are opened.",
                 cues=("sluice gates",)),))
    text = "The sluices are what matters now, the minister said."
    assert links(text, "ALD", context) == {"sluices-opened": "demands"}
    assert links(text, "BOR", context) == {}  # from another side one word is not enough


def test_a_side_that_says_nothing_of_its_view_keeps_to_what_a_round_concluded():
    rounds = (RoundRef("r1", dt.date(2030, 3, 4), name="Talks open in Marensk"),
              RoundRef("r2", dt.date(2030, 3, 18), name="Partial accord on a fixed share of the water"))
    context = dataclasses.replace(CONTEXT, rounds=rounds)
    text = "The share of the river's water will be measured at Marensk, the Borvanian minister said."
    before = found(text, "BOR", stated_on=dt.date(2030, 3, 10))
    after = found(text, "BOR", stated_on=dt.date(2030, 3, 20))
    assert {l.issue_slug: l.stance for l in link_statement(before, context=context)} == {"water-quota": "rejects"}
    assert {l.issue_slug: l.stance for l in link_statement(after, context=context)} == {"water-quota": "supports"}
    # a name's clauses apart: what was agreed is the clause with the concluding word, not the others
    split = dataclasses.replace(CONTEXT, rounds=(rounds[0], RoundRef("r2", dt.date(2030, 3, 18),
                                                                    name="Marensk meeting: the water share raised, monitors agreed")))
    assert {l.issue_slug: l.stance for l in link_statement(after, context=split)} == {"water-quota": "rejects"}
    # an accord binds those who made it: a side the round's editor did not list as there keeps its refusal
    at = dataclasses.replace(CONTEXT, rounds=(rounds[0], dataclasses.replace(rounds[1], parties=("ALD", "RIV"))))
    assert {l.issue_slug: l.stance for l in link_statement(after, context=at)} == {"water-quota": "rejects"}
    there = dataclasses.replace(CONTEXT, rounds=(rounds[0], dataclasses.replace(rounds[1], parties=("ALD", "BOR"))))
    assert {l.issue_slug: l.stance for l in link_statement(after, context=there)} == {"water-quota": "supports"}
    # a headline-style name: the clause that says "agreed" names no issue, the one before it does
    for name in ("Water share: agreed", "The water share (agreed)", "The water share \u2013 deal agreed in Marensk"):
        headline = dataclasses.replace(CONTEXT, rounds=(rounds[0], RoundRef("r2", dt.date(2030, 3, 18), name=name)))
        assert {l.issue_slug: l.stance for l in link_statement(after, context=headline)} == {"water-quota": "supports"}
    # a name with no concluding word is concluded by its slug's ("...-accord")
    slugged = dataclasses.replace(CONTEXT, rounds=(rounds[0], RoundRef("r2-water-accord", dt.date(2030, 3, 18),
                                                                      name="A fixed share of the water")))
    assert {l.issue_slug: l.stance for l in link_statement(after, context=slugged)} == {"water-quota": "supports"}
    # a round that only names the issue concluded nothing
    talks = dataclasses.replace(CONTEXT, rounds=(rounds[0], RoundRef("r2", dt.date(2030, 3, 18), name="Talks on the water share")))
    assert {l.issue_slug: l.stance for l in link_statement(after, context=talks)} == {"water-quota": "rejects"}


def test_refusing_to_compromise_rejects():
    text = "Borvania would not compromise on its dam programme upstream on the Varta, the minister said."
    assert decide(text, speaker_party="BOR", owner="ALD", sides={"ALD", "BOR"}, targets=set()).stance == "rejects"


def test_not_ruling_it_out_is_open():
    sides = dict(speaker_party="BOR", owner="ALD", sides={"ALD", "BOR"}, targets=set())
    assert decide("The minister did not rule out a pause in building dams upstream.", **sides).stance == "open"
    assert decide("The minister ruled out a pause in building dams upstream.", **sides).stance == "rejects"
    # a refusal that is itself a negation stays one, whatever negation comes before it
    assert decide("Borvania will not stop and will not pause building dams.", **sides).stance == "rejects"


# Ostrava owns no demand, but Aldoria's demands are for it; the Harbour League is what Borvania's demand is made of.
CAMPS = dataclasses.replace(
    CONTEXT,
    parties=CONTEXT.parties + (PartyRef("OST", "Ostrava", ("Kovno",), ("Ostravan",)), PartyRef("LEA", "Harbour League")),
    issues=(IssueRef("pullback", "Borvania pulls its troops back from the Ostravan border", "ALD",
                     "Borvanian units leave the border area."),
            IssueRef("no-league", "The Harbour League admits no new members", "BOR", "The League stays as it is."),
            IssueRef("grain-tariffs", "Borvania lifts its tariffs on Aldorian and Ostravan grain", "ALD",
                     "Grain crosses the border without duties.")),
)


def test_a_third_party_a_demand_is_for_or_in_a_camp_keeps_to_it():
    # for Ostrava, named in the title after the one it is made of: no word of its view, yet it backs it
    said = "said on Monday that Borvanian troops were still massed along the border."
    assert links(f"Kovno {said}", "OST", context=CAMPS) == {"pullback": "supports"}
    # the League, asked by Borvania, is against Borvania: with Aldoria, Borvania's adversary too
    assert links(f"The Harbour League {said}", "LEA", context=CAMPS) == {"pullback": "supports"}
    # a third party in no camp still takes no position without a word of its view
    assert links(f"The River Basin Commission {said}", "RIV", context=CAMPS) == {}


def test_whom_a_demand_is_for_is_named_after_whom_it_is_made_of_and_not_alongside_it():
    from ingest.extraction import linking

    index = linking._index(CAMPS)
    assert {p.slug: p.beneficiaries for p in index.profiles} == {
        "pullback": {"OST"}, "no-league": frozenset(), "grain-tariffs": {"OST"}}  # Aldorian: the owner's own
    assert index.camps[("LEA", "BOR")] == "against" and index.camps[("LEA", "ALD")] == "with"
    both = dataclasses.replace(CAMPS, issues=(IssueRef("talks", "Talks between Borvania and Ostrava", "ALD", ""),
                                              IssueRef("ships", "Borvanian and Ostravan ships leave the port", "ALD", "")))
    assert all(not p.beneficiaries for p in linking._index(both).profiles)  # both are what it is made of


def test_a_third_party_condemning_backs_a_demand_only_when_it_condemns_what_the_demand_forbids():
    third = dict(speaker_party="RIV", owner="ALD", sides={"ALD", "BOR"}, targets={"BOR"}, negative=True,
                 topic=frozenset({"dam", "upstream"}))
    assert decide("The commission condemned new dams upstream on the river.", **third).stance == "supports"
    # what it condemns is something else ("a reward for blackmail"): no backing of the demand
    assert decide("A pause would be a reward for blackmail, the commission said of the dams.", **third).stance != "supports"


def test_a_cue_the_other_way_round_only_close_together():
    context = dataclasses.replace(CONTEXT, issues=(IssueRef("no-bases", "No foreign bases", "ALD", "No foreign bases.",
                                                             cues=("military bases",)),))
    assert links("All military bases near the river must close, Wielgosz said.", "ALD", context) == {"no-bases": "demands"}
    far = "Units are going back to their bases after big military drills, the ministry said."
    assert "no-bases" not in links(far, "ALD", context)


def test_a_cues_words_in_any_form_close_together_link():
    context = dataclasses.replace(CONTEXT, issues=(IssueRef("quota-removed", "The quota goes", "BOR", "No quota.",
                                                             cues=("remove the quota", "Aldorian quota")),))
    assert links("Wielgosz called for the quota to be scrapped.", "ALD", context) == {"quota-removed": "supports"}
    assert links("Marquardt would remove at once the much-criticised quota.", "BOR", context) == {"quota-removed": "demands"}
    far = "Wielgosz said the quota, set by the commission for the dry months of summer, must be removed."
    assert links(far, "ALD", context) == {}  # the words, but too far apart to be the cue
    # a party's name in a cue is said as written: "the quota of the Aldorian delegation" is not the cue
    assert links("Marquardt spoke about the quota of the Aldorian delegation.", "BOR", context) == {}


def test_a_cue_is_found_in_its_own_forms_not_in_another_word_its_letters_begin():
    context = dataclasses.replace(CONTEXT, issues=(IssueRef("forum", "A wider forum", "BOR", "The dispute goes abroad.",
                                                             cues=("committees", "inspections")),))
    assert links("Borvania wants a committee for the river.", "BOR", context) == {"forum": "demands"}
    assert links("Borvania wants more inspectors on the river.", "BOR", context) == {"forum": "demands"}
    # "committed" begins with the cue's letters ("committe-") but is another word: no cue, no word of the issue
    assert links("Borvania remained committed to help, the minister said.", "BOR", context) == {}


def test_a_capitalised_cue_word_is_a_proper_noun_no_longer_than_written():
    context = dataclasses.replace(CONTEXT, issues=(IssueRef("federation", "Keep the country whole", "ALD", "It stays whole.",
                                                             cues=("the Federation",)),))
    assert links("Wielgosz said the Federation must stay whole.", "ALD", context) == {"federation": "demands"}
    # a longer word its letters begin is another word: the federalists are a faction, not the Federation
    assert links("Wielgosz said the river federalists would meet on Monday.", "ALD", context) == {}
    # with its possessive it is still the name
    assert links("Wielgosz said the Federation's borders must stay as they are.", "ALD", context) == {"federation": "demands"}


def test_a_one_word_cue_in_capitals_is_found_only_in_capitals():
    context = dataclasses.replace(CONTEXT, issues=(IssueRef("ferry", "Reopen the river link", "BOR", "The crossing reopens.",
                                                            cues=("BRISK",)),))
    assert links("Borvania wants the BRISK ferries back on the river.", "BOR", context) == {"ferry": "demands"}
    # another word of the same stem is no acronym: "briskly" is not "BRISK", even opening the sentence
    assert links("Borvania briskly rejected the account, the minister said.", "BOR", context) == {}
    assert links("Briskly, Borvania rejected the account, the minister said.", "BOR", context) == {}
    # a cue an editor wrote with a capital but not in capitals is a word: "Constitution" is in "constitutional"
    context = dataclasses.replace(CONTEXT, issues=(IssueRef("charter", "A new charter", "BOR", "The basic law changes.",
                                                            cues=("Constitution",)),))
    assert links("Borvania wants constitutional guarantees for its barges.", "BOR", context) == {"charter": "demands"}


def test_a_cue_word_is_not_found_in_the_name_of_its_followers():
    context = dataclasses.replace(CONTEXT, issues=(IssueRef("identity", "Recognise the river people", "BOR",
                                                            "Their own tongue.", cues=("nationality",)),))
    assert links("Borvania said the river people's nationalities must be recognised.", "BOR", context) == {
        "identity": "demands"}
    # "-ist", "-ism": a faction or a creed, not the thing; the cue says nothing here
    assert links("Borvania said the nationalists had walked out of the talks.", "BOR", context) == {}


def test_by_force_is_no_troops():
    from ingest.extraction.vocabulary import concepts
    (troop,) = concepts("troops")
    assert troop not in concepts("they would retake the valley by force")


def test_a_statement_pointing_back_takes_the_demands_just_before_it():
    from ingest.extraction import link_statements

    text = ("Aldoria demands that no new dams be built upstream on the Varta, Wielgosz said. "
            "Borvanian Prime Minister Helena Marquardt said her government would never agree to it.")
    first, second = (Found(start=0, end=80, text=text[:80], kind="reported", party_code="ALD"),
                     Found(start=81, end=len(text), text=text[81:], kind="reported", party_code="BOR"))
    link_statements([first, second], context=CONTEXT, text=text)
    assert [(l.issue_slug, l.stance) for l in second.links] == [("dam-moratorium", "rejects")]
    # another side's statement: the one demand its words speak to most, not every demand it named
    assert "refers back to the text before it" in second.links[0].reason
    same_side = Found(start=81, end=len(text), text="Wielgosz added that Aldoria would never back down on it.",
                      kind="reported", party_code="ALD")
    link_statements([first, same_side], context=CONTEXT, text=text)
    assert [(l.issue_slug, l.stance) for l in same_side.links] == [("dam-moratorium", "demands")]
    assert "points back to the statement before" in same_side.links[0].reason  # the same side going on
    far = dataclasses.replace(same_side, start=5000, end=5100, links=[])
    link_statements([first, far], context=CONTEXT)
    assert far.links == []  # another passage: nothing carried
    plain = Found(start=81, end=140, text="Marquardt said the weather was fine.", kind="reported", party_code="BOR")
    link_statements([first, plain], context=CONTEXT)
    assert plain.links == []  # no word that points back


@pytest.mark.parametrize("said, carried", [
    ("Marquardt said it was \u201cbelow our expectations\u201d.", True),  # "it": what was just said
    ("Marquardt said that this would be a mistake.", True),
    ("Marquardt said it was time to talk about the weather.", False),  # "it is time to": no reference
    ("Marquardt said it was clear that the weather was fine.", False),
    ("Marquardt said she would never sign that agreement.", True),
    ("Marquardt said she was optimistic that agreement would be reached on the weather.", False),  # "that" opens a clause
    ("Marquardt said that an agreement on the weather was within reach.", False),
    ("Marquardt said that on matters of the weather Borvania would decide.", False),
    ("Marquardt said how it ends is what matters, and that matters to Borvania.", False),  # "matters": a verb
    ("Marquardt said Borvania could not accept that the weather decides.", False),
    ("Marquardt said Borvania was no longer talking to them.", False),  # "them": people, more often than not
    ("Marquardt said some of them were acceptable.", True),
    ("Marquardt said Borvania could accept that.", True),
])
def test_a_judgement_whose_subject_is_it_points_back(said, carried):
    from ingest.extraction import link_statements

    text = "Aldoria demands that no new dams be built upstream on the Varta, Wielgosz said. " + said
    first = Found(start=0, end=80, text=text[:80], kind="reported", party_code="ALD")
    second = Found(start=81, end=len(text), text=said, kind="reported", party_code="BOR")
    link_statements([first, second], context=CONTEXT, text=text)
    assert [l.issue_slug for l in second.links] == (["dam-moratorium"] if carried else [])


def test_with_no_statement_before_it_a_reference_takes_the_demand_the_passage_is_about():
    from ingest.extraction import link_statements

    lead = "Borvania unveiled its plan for free navigation of its barges on the lower Varta on Monday.\n\n"
    said = "Wielgosz said the plan was unacceptable."
    text = lead + said
    reply = Found(start=len(lead), end=len(text), text=said, kind="reported", party_code="ALD")
    link_statements([reply], context=CONTEXT, text=text)
    assert [(l.issue_slug, l.stance) for l in reply.links] == [("navigation-rights", "rejects")]
    assert "refers back to the text before it" in reply.links[0].reason
    # without a word that refers back, or without the text, nothing is taken from the passage
    plain = dataclasses.replace(reply, text="Wielgosz said the weather was fine.", links=[])
    link_statements([plain], context=CONTEXT, text=lead + plain.text)
    assert plain.links == []
    untold = dataclasses.replace(reply, links=[])
    link_statements([untold], context=CONTEXT)
    assert untold.links == []


def test_a_condition_of_failing_to_do_something_is_open():
    text = "The conclusions say Aldoria gets its share only in summer, or if Aldoria fails to pay, in no season at all."
    assert decide(text, speaker_party="BOR", owner="ALD", sides={"ALD", "BOR"}, targets={"BOR"}).stance == "open"
    text = "If the talks fail to produce a result, the commission said, the dams would be discussed again."
    assert decide(text, speaker_party="RIV", owner="ALD", sides={"ALD", "BOR"}, targets={"BOR"}).stance == "open"


def test_willingness_in_quotes_is_open():
    text = 'Wielgosz said the offer of a fixed share showed a \u201cwillingness\u201d to move forward.'
    assert decide(text, speaker_party="ALD", owner="BOR", sides={"ALD", "BOR"}, targets=set()).stance == "open"


def test_an_offer_or_a_conditional_grant_is_open_and_a_negated_agreement_rejects():
    sides, target = {"ALD", "BOR"}, {"BOR"}
    for text in ("Borvania would allow a fixed share of the water to pass in summer.",
                 "A short pause will be possible but it will be conditional.",
                 "Kestrel City offered a compromise on the summer flow."):
        assert decide(text, speaker_party="BOR", owner="ALD", sides=sides, targets=target).stance == "open", text
    assert decide("No Borvanian leader could ever agree to it.", speaker_party="BOR", owner="ALD", sides=sides,
                  targets=target).stance == "rejects"
    assert decide("Borvania would grant no fixed share of the water.", speaker_party="BOR", owner="ALD", sides=sides,
                  targets=target).stance == "rejects"  # a grant of nothing
    assert decide("Borvania agreed to the text.", speaker_party="BOR", owner="ALD", sides=sides,
                  targets=target).stance == "supports"


def test_a_person_named_in_an_issue_is_an_actor_not_a_word_of_it():
    weir = IssueRef("weir", "A new weir at the delta", "BOR", "Marquardt's demand since the spring: a new weir.")
    context = dataclasses.replace(CONTEXT, issues=CONTEXT.issues + (weir,))
    assert "weir" not in links("Marquardt repeated in the spring what she had said since the winter.", "BOR",
                               context=context)
    assert links("Marquardt said a new weir at the delta was needed.", "BOR", context=context)["weir"] == "demands"


def test_yielding_to_a_demand_supports_it_and_a_passive_agreed_by_describes_it():
    assert decide("Aldoria caved in to the demands for a phased approach.", **ASKED).stance == "supports"
    assert decide("Aldoria backed down on the moratorium, conceding the point.", **ASKED).stance == "supports"
    # the plan "was agreed by" someone: that is what the plan is, not what the speaker thinks of it
    assert decide("The plan that was agreed by the cabinet last week.", **ASKED).stance == "rejects"


def test_negated_willingness_rejects():
    assert decide("Aldoria was not willing to address the question of the dams.", **ASKED).stance == "rejects"
    assert decide("Aldoria is unwilling to discuss the dams.", **ASKED).stance == "rejects"
    assert decide("Aldoria is willing to discuss the dams.", **ASKED).stance == "open"


def test_agreement_in_principle_supports_and_to_be_agreed_is_no_agreement():
    assert decide("Aldoria has accepted in principle the need for a moratorium.", **ASKED).stance == "supports"
    assert decide("Aldoria has not accepted in principle the need for a moratorium.", **ASKED).stance == "rejects"
    assert decide("Aldoria wants a different arrangement to be agreed.", **ASKED).stance == "rejects"


def test_guarding_against_what_a_demand_forbids_supports_it():
    text = "The treaty avoids any new dams on the river, the Aldorian minister said."
    assert decide(text, negative=True, **ASKED).stance == "supports"
    assert decide(text, negative=False, **ASKED).stance == "rejects"  # a demand that something happen: no cue


def test_the_opposition_named_as_a_party_is_no_word_of_disapproval():
    bystander = dict(speaker_party="RIV", owner="ALD", sides={"ALD", "BOR"}, targets=set())
    assert decide("Activists of the opposition parties in Marensk discussed the dams upstream.", **bystander) is None
    assert decide("The commission restated its opposition to the dams upstream.", **bystander).stance == "rejects"
    assert decide("The commission voiced strong opposition against the dams upstream.", **bystander).stance == "rejects"
    assert decide("The commission opposes the dams upstream.", **bystander).stance == "rejects"


def test_denying_a_claim_that_the_forbidden_thing_will_happen_supports_the_demand():
    dams = dict(topic=topic("new dams upstream"), negative=True)
    for text in ("Borvania rejected Aldorian claims that it was preparing new dams upstream.",
                 "Kestrel City dismissed as groundless the talk of new dams on the river.",
                 "Borvania denied reports that new dams were planned."):
        got = decide(text, **DAMS, **dams)
        assert (got.stance, got.cue.split(":")[0]) == ("supports", "denies what the demand forbids"), text
    # a claim of something else, that the thing should stop or would do harm, a name ("Denis"), or a demand that
    # something happen leaves the refusal a refusal
    assert decide("Borvania rejected claims that its barges were overloaded.", **DAMS, **dams).stance == "rejects"
    for text in ("Borvania rejected suggestions that it should stop building dams upstream.",
                 "Borvania dismissed talk of a halt to new dams upstream as naive.",
                 "Borvania rejected claims that its new dams upstream would harm the river.",
                 "Borvanian engineer Denis Kral reports that new dams upstream are nearly finished."):
        assert decide(text, **DAMS, **dams).stance == "rejects", text
    assert decide("Borvania rejected claims that new dams were needed.", **DAMS, topic=topic("new dams"),
                  negative=False).stance == "rejects"


def test_where_the_description_counts_denials_as_refusals_it_decides():
    moratorium = next(i for i in CONTEXT.issues if i.slug == "dam-moratorium")
    text = "Borvania rejected Aldorian claims that it was building new dams upstream on the Varta."
    assert links(text, "BOR") == {"dam-moratorium": "supports"}
    hint = " Borvanian denials that any dam is being built count as 'rejects'; a halt to building counts as 'supports'."
    context = dataclasses.replace(CONTEXT, issues=tuple(
        dataclasses.replace(i, description=i.description + hint) if i is moratorium else i for i in CONTEXT.issues))
    assert links(text, "BOR", context=context) == {"dam-moratorium": "rejects"}
    # a description that gives stances but says nothing of denials does not decide one
    other = " Borvanian plans to build new dams upstream on the Varta count as 'rejects'."
    context = dataclasses.replace(CONTEXT, issues=tuple(
        dataclasses.replace(i, description=i.description + other) if i is moratorium else i for i in CONTEXT.issues))
    assert links(text, "BOR", context=context) == {"dam-moratorium": "supports"}


def test_considering_a_request_is_open_and_a_good_compromise_supports():
    assert decide('Aldoria would be able to consider "this new request".', **ASKED).stance == "open"
    assert decide('Aldoria called it "the best possible compromise".', **ASKED).stance == "supports"
    text = "The draft outlines three options to ensure the river stays free of dams, Aldoria said."
    assert decide(text, negative=True, **ASKED).stance == "supports"


# Borvania asked by Aldoria for "no new dams upstream" (a demand that something not happen) and for water.
DAMS = dict(speaker_party="BOR", owner="ALD", sides={"ALD", "BOR"}, targets=set())


def topic(*words):
    from ingest.extraction.vocabulary import concepts
    return frozenset(concepts(" ".join(words)))


def test_the_party_asked_promising_or_doing_it_in_its_words_supports():
    water = dict(topic=topic("guaranteed minimum flow water reaches every season"), asks=topic("guaranteed flow"))
    assert decide("Borvania would guarantee a minimum flow for the summer.", **DAMS, **water).stance == "supports"
    assert decide("Borvania has been steadily guaranteeing the flow.", **DAMS, **water).stance == "supports"
    assert decide("Borvania would not guarantee any flow.", **DAMS, **water).stance == "rejects"
    # a promise of something else, or in words of the description alone, is no commitment to this demand
    assert decide("Borvania would build a new bridge.", **DAMS, **water).stance == "rejects"
    assert decide("Borvania would reach a decision.", **DAMS, **water).stance == "rejects"
    # the demand's owner voicing it demands it; a bystander reporting it done backs it, but not a thing forbidden
    assert decide("Aldoria would guarantee it.", **{**DAMS, "speaker_party": "ALD"}, **water).stance == "demands"
    bystander = {**DAMS, "speaker_party": "RIV"}
    assert decide("The flow has been guaranteed for the summer.", **bystander, **water).stance == "supports"
    assert decide("The flow has been guaranteed for the summer.", **bystander, **water, negative=True) is None
    assert decide("The flow was measured.", **bystander, **water) is None


def test_a_side_pressing_for_what_the_demand_asks_supports_it():
    tolls = dict(topic=topic("lift tolls barges river"), asks=topic("lift tolls"))
    for text in ("The tolls on the barges should be lifted at once, the Borvanian chamber said.",
                 "Kestrel City urged the ministry to lift the tolls for both neighbours.",
                 "The tolls must finally be lifted."):
        assert decide(text, **DAMS, **tolls).stance == "supports", text
    # negated, or pressing for something else, is no backing; nor is pressing to do what a demand forbids
    assert decide("The tolls should not be lifted.", **DAMS, **tolls).stance == "rejects"
    assert decide("The barges should be inspected first.", **DAMS, **tolls).stance == "rejects"
    assert decide("The tolls should be lifted.", **DAMS, **tolls, negative=True).stance == "rejects"


def test_a_side_backing_or_silent_on_a_condition_is_open():
    tolls = dict(topic=topic("lift tolls barges river"), asks=topic("lift tolls"))
    said = "If the chamber approves the treaty, the tolls must finally be lifted."
    assert decide(said, **DAMS, **tolls).stance == "open"
    assert decide("The tolls must finally be lifted, but only once the chamber approves.", **DAMS, **tolls).stance == "open"
    # a side that says nothing of its view but on a condition: open, not on the other side
    quiet = decide("If the citizens say yes, the chamber will vote on the barges in the autumn.", **DAMS, **tolls)
    assert quiet.stance == "open" and "on a condition" in quiet.cue
    assert decide("The chamber will vote on the barges in the autumn.", **DAMS, **tolls).stance == "rejects"
    assert decide("The tolls must finally be lifted.", **DAMS, **tolls).stance == "supports"


def test_a_side_valuing_what_the_demand_asks_supports_it():
    tolls = dict(topic=topic("lift tolls barges river"), asks=topic("lift tolls"))
    assert decide("Lifting the tolls is essential for the river trade.", **DAMS, **tolls).stance == "supports"
    assert decide("For us, lifting the tolls on the barges remains vital.", **DAMS, **tolls).stance == "supports"
    assert decide("Lifting the tolls is not important now.", **DAMS, **tolls).stance == "rejects"
    assert decide("The bridge is essential, and so are the tolls.", **DAMS, **tolls).stance == "rejects"


def test_a_side_speaking_well_of_the_demand_with_no_word_of_its_view_supports_it():
    tolls = dict(topic=topic("lift tolls barges river"), asks=topic("lift tolls"))
    for text in ("Borvania regards the river commission as the best chance to settle the tolls.",
                 "Marquardt said a deal on the tolls was within reach.",
                 "Borvania has made real progress on the barges, the minister said.",
                 "Marquardt spoke of the tolls on the river, which she called essential for any deal."):
        assert decide(text, **DAMS, **tolls).stance == "supports", text
    # negated, said of something else in another clause, or of a demand that something not happen: the default
    assert decide("There was no progress on the tolls.", **DAMS, **tolls).stance == "rejects"
    assert decide("The bridge is a good idea, and the tolls are a matter for later.", **DAMS, **tolls).stance == "rejects"
    assert decide("The tolls were discussed, and a bridge, which she called essential.", **DAMS, **tolls).stance == "rejects"
    assert decide("A deal on the tolls is within reach.", **DAMS, **tolls, negative=True).stance == "rejects"


def test_a_side_suggesting_or_tabling_its_own_version_is_open():
    flow = dict(topic=topic("guaranteed minimum flow water summer"), asks=topic("guaranteed flow"))
    for text in ("Kestrel City suggested a lower summer flow instead.",
                 "Borvania tabled a summer flow of its own.",
                 "Borvania put forward a water plan for the dry months."):
        assert decide(text, **DAMS, **flow).stance == "open", text
    assert decide("Borvania has not suggested any flow.", **DAMS, **flow).stance == "rejects"


@pytest.mark.parametrize("text", [
    "The status of the delta will be settled by negotiation between the two capitals.",
    "Claims over the upper Varta will be resolved in accordance with the law, Kestrel City said.",
    "The dams are a question for Borvanians to settle, the minister said.",
    "Marquardt said she would leave the decision to the river commission.",
    "Whether the dams stay would be left \u201cuntil the end\u201d of the talks, she said.",
    "The question of the dams has been put off to the next round.",
])
def test_leaving_a_demand_to_a_process_or_to_others_is_open(text):
    assert decide(text, **DAMS).stance == "open"


def test_forswearing_what_a_demand_forbids_supports_it_and_refusing_to_stop_rejects():
    dams = topic("no new dams reservoirs upstream built")
    assert decide("Borvania will never build new dams on the river.", **DAMS, negative=True, topic=dams).stance == "supports"
    assert decide("Borvania pledged to refrain from building reservoirs.", **DAMS, negative=True,
                  topic=dams).stance == "supports"
    assert decide("Borvania will not stop building dams.", **DAMS, negative=True, topic=dams).stance == "rejects"
    # a demand that something happen is refused by the same words
    assert decide("Borvania will never build new dams on the river.", **DAMS, topic=dams).stance == "rejects"


def test_a_demands_own_word_is_no_stance_cue():
    subsidies = topic("ends subsidies state support shipyards")
    text = "Officials bristled at calls to dismantle state support for the shipyards."
    assert decide(text, **DAMS, topic=subsidies).stance == "rejects"
    assert decide(text, **DAMS).stance == "supports"  # without the demand's words, "support" reads as agreement


def test_beside_an_editors_cue_words_alone_must_be_strong():
    # "water" alone in the second clause would lead it to the water quota; beside the cue it does not
    assert links("Borvania wants the gauging stations, but not on the water.", "BOR") == {"joint-monitoring": "demands"}
    # two words of the quota's title are enough
    assert links("Borvania wants the gauging stations, but the river has less water.", "BOR") == {
        "joint-monitoring": "demands", "water-quota": "rejects"}


def test_a_cue_made_of_the_demands_written_words_is_no_stance_cue():
    from ingest.extraction.vocabulary import surface_stem, words
    fishing = dict(speaker_party="RIV", owner="ALD", sides={"ALD", "BOR"}, targets={"BOR"},
                   topic=topic("right fish lower Varta fishermen"))
    written = frozenset(surface_stem(w) for w in words("Fishermen keep the right to fish the lower Varta; fishing rights"))
    text = "The commission said the fishermen must have the right to fish in safety."
    assert decide(text, **fishing, written=written).stance == "supports"  # it presses for the right the demand asks
    assert decide(text, **fishing).stance == "rejects"  # a right of one's own against the demand: "the right to"
    # the demand's words as written, not their stems: "ready to" is no word of "combat readiness"
    readiness = frozenset(surface_stem(w) for w in words("lower the combat readiness"))
    assert decide("Borvania is ready to talk about it.", **DAMS, written=readiness).stance == "open"
    # nor is a cue with a negation, whatever its other words
    assert decide("Borvania will not accept it.", **DAMS, written=frozenset({"accept"})).stance == "rejects"
    # and a demand's words say what it asks, not whether one is open to it: only a refusal is read as its own words
    crossings = frozenset(surface_stem(w) for w in words("Open the border crossings"))
    assert decide("Borvania said it was open to discussing the border crossings.", **DAMS,
                  written=crossings).stance == "open"


@pytest.mark.parametrize("text, stance", [
    ("The tariffs might be removed, or not, depending on the talks.", "open"),
    ("He would lift the tariffs only once a second deal is signed.", "open"),
    ("The treaty can be signed once Borvania has changed its water law.", "open"),
    ("Borvania once again said it was the other side's fault.", "rejects"),  # "once" of time is no condition
    ("The dams were once a plan of the other side, it said.", "rejects"),
    ("Licences would be decided on a case-by-case basis.", "open"),
    ("No decision has been taken on the next round.", "open"),
    ("We are holding back the water for now, while the talks go on.", "open"),
    ("They see little room for concessions on it.", "rejects"),
    ("Borvania would honour its commitments on the river.", "supports"),
    ("Borvania said it could live with a moratorium if the gauges were shared.", "open"),  # grudging, on terms
    ("Borvania says it can join consensus on the moratorium.", "supports"),
    ("A moratorium with the gauges shared is something Borvania can work with.", "open"),
    ("Borvania would halt the dams only for the basins whose farms keep their quotas.", "open"),  # a restriction
    ("Reports that the dams are going only to the north are untrue, Borvania said.", "rejects"),  # no commitment
    ("Borvania said the dams would be dealt with in the context of a wider settlement.", "open"),
    ("Borvania has serious reservations about the moratorium.", "open"),
    ("Borvania wants the dams dealt with alongside the talks on barges.", "open"),
    ("Borvania will halt the dams in parallel with the talks on barges.", "open"),
    ("Borvania agrees the moratorium should be short, as long as nothing essential is left for later.", "open"),
    ("Borvania will not halt the dams in isolation, and will not be asked to pay in advance.", "open"),
    ("Borvania will not halt the dams, whatever Aldoria offers.", "rejects"),
    ("Borvania said the dams would shrink to a size still to be agreed.", "open"),
])
def test_conditions_and_refusals_in_general_words(text, stance):
    assert decide(text, **DAMS).stance == stance


def test_not_standing_in_its_way_and_holding_out_for_its_end_date_back_it():
    assert decide("Borvania would not stand in the way of a moratorium on dams.", **DAMS).stance == "supports"
    assert decide("Borvania would not stand by the moratorium on dams.", **DAMS).stance == "rejects"
    # "an end date" is a date, not the end of something: insisting on it makes it a condition
    deadline = topic("talks end date fixed timetable")
    assert decide("Borvania would not return to talks without an end date.", **DAMS, topic=deadline,
                  asks=deadline).stance == "supports"


def test_refusing_to_undo_it_backs_it_unless_it_is_an_undoing():
    stations = dict(topic=topic("joint gauging stations shared data"), asks=topic("gauging stations"))
    said = "Borvania said the talks could not result in the removal of the gauging stations."
    assert decide(said, **DAMS, **stations).stance == "supports"
    for said in ("Borvania will never accept the removal of the gauging stations.",
                 "Borvania rejected the removal of the gauging stations."):
        assert decide(said, **DAMS, **stations).stance == "supports", said
    assert decide("Borvania said the talks could not result in the gauging stations.", **DAMS,
                  **stations).stance == "rejects"
    # a demand that is itself an undoing ("replacing the water board"): refusing one refuses it
    board = dict(topic=topic("water board replaced new authority"), asks=topic("replacing the water board"))
    assert decide("Borvania said it could not accept the removal of the water board.", **DAMS,
                  **board).stance == "rejects"
    # a word that only begins like an undoing, or a verb of its own before one, is no refusal to undo it
    for said in ("Borvania said it will not endorse the gauging stations.",
                 "Borvania said it will not hesitate to scrap the gauging stations."):
        assert decide(said, **DAMS, **stations).stance == "rejects", said
    assert decide("Borvania would not rule out the removal of the gauging stations.", **DAMS,
                  **stations).stance != "supports"


def test_a_cue_in_a_clause_about_someone_is_not_the_view():
    said = "Marquardt, who rejects the election result, says Borvania welcomes the moratorium on dams."
    assert decide(said, **DAMS).stance == "supports"
    assert decide("Marquardt rejects the moratorium on dams.", **DAMS).stance == "rejects"


def test_a_response_is_a_threat_only_when_it_is_said_to_be_one():
    third = dict(speaker_party="RIV", owner="ALD", sides={"ALD", "BOR"}, targets=set())
    assert decide("The commission warned of a harsh response to the moratorium on dams.", **third).stance == "rejects"
    assert decide("The commission warned of harsh responses to the moratorium on dams.", **third).stance == "rejects"
    assert decide("The commission sent its response on the moratorium on dams.", **third) is None


def test_a_vote_for_or_against_it_is_a_view_of_it():
    third = dict(speaker_party="RIV", owner="ALD", sides={"ALD", "BOR"}, targets=set())
    assert decide("The commission will vote, as the treaty allows, for the moratorium on dams.", **third).stance == "supports"
    assert decide("The commission voted against the moratorium on dams.", **third).stance == "rejects"


@pytest.mark.parametrize("text", [
    "Borvania will keep its dams upstream for as long as its farms need them.",  # a duration, no condition
    "Borvania said the dams would go on being built without conditions.",  # unconditional
    "Borvania said the future of the river should not depend on a moratorium.",
])
def test_words_of_a_condition_that_set_none(text):
    assert decide(text, **DAMS).stance != "open"


def test_an_answer_that_names_no_demand_speaks_to_its_question():
    from ingest.extraction import link_statements
    answer = found("Nobody can dictate that to us.", "BOR",
                   asked="Aldoria says no new dams may be built upstream on the Varta. What is your comment?")
    link_statements([answer], context=CONTEXT)
    assert [(l.issue_slug, l.stance) for l in answer.links] == [("dam-moratorium", "rejects")]
    assert answer.links[0].reason.startswith("answers the question")
    unasked = found("Nobody can dictate that to us.", "BOR")
    link_statements([unasked], context=CONTEXT)
    assert unasked.links == []


def test_a_number_means_no_word_of_an_issue():
    from ingest.extraction import linking
    context = dataclasses.replace(CONTEXT, issues=CONTEXT.issues + (
        IssueRef("barge-count", "A count of the barges", "ALD", "Every barge on the river is counted."),))
    near = linking._near_words("Seven barges arrived on 3 August, and 12 more on the 7th.", linking._index(context))
    assert not [word for _, word in near.values() if word.isdigit()]


def test_an_uncommon_word_most_of_an_issues_cues_share_links_alone():
    def with_cues(*cues):
        issues = tuple(dataclasses.replace(i, cues=cues) if i.slug == "navigation-rights" else i for i in CONTEXT.issues)
        return dataclasses.replace(CONTEXT, issues=issues)

    text = "Aldoria said the tolls were a disgrace."
    shared = with_cues("lift the tolls", "toll increase", "no tolls on barges", "free passage")
    assert links(text, "ALD", context=shared) == {"navigation-rights": "rejects"}
    # one cue of four is no key word; and a common word shared ("river") says too little alone
    assert links(text, "ALD", context=with_cues("lift the tolls", "free passage", "open water", "barge rights")) == {}
    assert links("Aldoria said the river was a disgrace.", "ALD",
                 context=with_cues("river barges", "river passage", "the river free", "open water")) == {}
    # nor a name they share ("Kestrel-built barges"): written with a capital, it names, it is not what is asked
    assert links("Aldoria said Kestrel was a disgrace.", "ALD",
                 context=with_cues("Kestrel-built barges", "Kestrel tolls", "barges of Kestrel", "open water")) == {}


# A mediated negotiation: Aldoria and Borvania are the sides, the commission brokers and owns a demand of its own.
MEDIATED = dataclasses.replace(
    CONTEXT, topic="Varta river talks",
    description="The talks between Aldoria and Borvania on the Varta, mediated by the River Basin Commission.",
    issues=CONTEXT.issues + (IssueRef("flood-warnings", "Both sides share flood warnings", "RIV",
                                      "Each side warns the other of floods within the hour."),))


@pytest.mark.parametrize("description, expected", [
    ("The talks between Aldoria and Borvania, mediated by the River Basin Commission and Varta.", {"RIV"}),
    ("The commission-facilitated dialogue between Marensk and Kestrel City.", {"RIV"}),
    ("Talks held under the auspices of the commission, with Borvania as guarantor.", {"RIV", "BOR"}),
    ("The talks between Aldoria and Borvania on the river.", set()),
    ("Talks hosted by a hotel; the commission spoke.", set()),
    # a chair named by title and name, or the party itself, after the meetings it chairs
    ("The meetings of the two leaders in Marensk under Commission Chair Yuri Antonenko in 2030.", {"RIV"}),
    ("The talks in spring under Chair Antonenko, then in Kestrel City.", {"RIV"}),
    ("Talks were held under the chairmanship of the River Basin Commission.", {"RIV"}),
    ("The River Basin Commission mediated between Aldoria and Borvania.", {"RIV"}),
    # steering or facilitating the talks, the party or its chair right before the verb
    ("Talks between Aldoria and Borvania, with the commission facilitating.", {"RIV"}),
    ("Talks in Marensk, the commission and its chair Yuri Antonenko steering the talks.", {"RIV"}),
    ("Aldoria and Borvania talks; Wielgosz opened the sessions in Marensk.", set()),
    ("Aldoria kept steering its ships on the river.", set()),  # not the talks
    # neither a chair nor a mediator: under pressure, a mediation *by* someone else
    ("The talks under pressure from Wielgosz's critics went on.", set()),
    ("Aldoria mediated by proxy; the commission watched.", set()),
    ("In 2029 Aldoria and Borvania brokered a water-sharing deal.", set()),  # the sides made a deal
    ("The talks under Antonenko's predecessor stalled.", set()),  # someone of his, not him
])
def test_mediators_are_read_from_the_negotiations_description(description, expected):
    from ingest.extraction import names

    assert names.mediators(dataclasses.replace(CONTEXT, description=description)) == expected


def test_a_mediator_naming_a_sides_demand_presses_for_it():
    text = "The commission said no new dams should be built upstream on the Varta without consent."
    assert links(text, "RIV", context=MEDIATED) == {"dam-moratorium": "supports"}
    # without a mediator named, the same commission is a third party that takes no position here
    assert links("The commission said no new dams would be built upstream on the Varta.", "RIV") == {}


def test_a_side_not_refusing_a_mediators_demand_goes_along_with_it():
    assert links("Borvania said it would send flood warnings to Aldoria.", "BOR", context=MEDIATED) == {"flood-warnings": "supports"}
    assert links("Borvania said it shares flood warnings.", "BOR", context=MEDIATED) == {"flood-warnings": "supports"}
    assert links("Borvania will not share flood warnings, the minister said.", "BOR", context=MEDIATED) == {"flood-warnings": "rejects"}
    # the sides still oppose each other's demands
    assert links("Kestrel City said new dams upstream on the Varta are planned.", "BOR", context=MEDIATED) == {"dam-moratorium": "rejects"}


def test_a_mediator_saying_a_demand_has_no_place_in_the_text_rejects_it():
    text = "The commission said free navigation for Borvanian barges has no place in this text."
    assert links(text, "RIV", context=MEDIATED) == {"navigation-rights": "rejects"}


def test_a_refusal_held_until_the_demand_is_met_supports_it():
    accord = topic("binding accord on the sluices")
    held = "Borvania would not accept new sluices on the river without a binding accord, the minister said."
    assert decide(held, **DAMS, asks=accord).stance == "supports"
    assert decide("Borvania will not open the sluices until a binding accord is signed.", **DAMS,
                  asks=accord).stance == "supports"
    # the refusal is of the demand itself on a condition that names something else: open, not yet (see
    # test_a_refusal_held_until_something_else_happens_is_open); with no condition of its own, a refusal still
    assert decide("Borvania would not accept a binding accord without more water.", **DAMS, asks=accord).stance == "open"
    assert decide("Borvania would not accept it. Without a binding accord, the talks go on.", **DAMS,
                  asks=accord).stance == "rejects"


def test_a_claim_going_on_takes_the_demands_of_what_it_continues_only_when_it_names_none():
    from ingest.extraction import link_statements

    first = Found(start=0, end=80, text="Aldoria demands that no new dams be built upstream on the Varta, Wielgosz said.",
                  kind="reported", party_code="ALD")
    plain = Found(start=81, end=140, text="It was also noted that the talks would go on.", kind="reported",
                  party_code="ALD", refers_to=first.text, refers_kind="continues")
    link_statements([first, plain], context=CONTEXT)
    assert [l.issue_slug for l in plain.links] == ["dam-moratorium"]
    own = Found(start=81, end=160, text="It was also noted that Borvanian barges must pay the tolls on the lower Varta.",
                kind="reported", party_code="ALD", refers_to=first.text, refers_kind="continues")
    link_statements([first, own], context=CONTEXT)
    assert [l.issue_slug for l in own.links] == ["navigation-rights"]


def test_a_report_in_the_passive_of_something_else_being_done_is_no_commitment():
    tolls = dict(ASKED, topic=topic("tolls on the barges lifted"), asks=topic("tolls lifted"))
    assert decide("The tolls on the barges were lifted on Monday.", **tolls).stance == "supports"
    # what was lifted is another thing: the side's default stands
    assert decide("Nobody should expect us to give up the barges before the blockade has been lifted.",
                  **tolls).stance == "rejects"


def test_raising_a_demand_with_someone_takes_it_up():
    tolls = dict(topic=topic("tolls on the barges lifted"))
    side = dict(speaker_party="BOR", owner="RIV", sides={"ALD", "BOR", "RIV"}, targets={"ALD"})
    third = dict(speaker_party="HBL", owner="BOR", sides={"ALD", "BOR"}, targets={"ALD"})
    for who in (side, third):
        assert decide("He raised the question of the tolls with the Aldorian premier.", **who, **tolls).stance == "supports"
        assert decide("We will keep raising it until the barges move.", **who, **tolls).stance == "supports"
    # the party asked raising it is no backing; nor is not raising it
    assert decide("Aldoria raised the issue of the tolls at the meeting.", **{**side, "speaker_party": "ALD"},
                  **tolls).stance == "rejects"
    assert decide("He did not raise the tolls question with the premier.", **side, **tolls).stance == "rejects"


def test_a_one_word_cue_found_by_another_word_of_its_meaning_is_not_found_in_that_word_as_a_verb():
    from ingest.extraction import linking
    from ingest.extraction.vocabulary import concepts
    cue = linking._cue("dismantle", tuple(concepts("dismantle")), set())

    def found(text):
        return cue.found(text, text.lower(), set(concepts(text)), tuple(concepts(text)))
    assert found("Borvania dismantled the gauges.")  # as written, in any form
    assert found("The removal of the gauges began on Monday.")  # another word of its meaning
    # that word as a verb says something else was done: "the threat has been removed", "would remove"
    assert not found("The threat to its sovereignty has been removed.")
    assert not found("Borvania would remove its objections.")


def test_a_third_party_saying_the_time_has_come_for_it_backs_it():
    third = dict(speaker_party="HBL", owner="BOR", sides={"ALD", "BOR"}, targets={"ALD"})
    decision = decide("The league said the moment had come to consider lifting the tolls.", **third)
    assert decision is not None and decision.stance == "supports"
    assert decide("The league said the tolls were a matter for the two sides.", **third) is None


def test_condemning_what_a_demand_undoes_backs_it():
    from ingest.extraction.stance import undoing
    assert undoing("Aldoria lifts the tolls on Borvanian barges") and undoing("Borvania pulls its troops back")
    assert not undoing("Aldoria builds a second lock")
    tolls = dict(speaker_party="RIV", owner="BOR", sides={"ALD", "BOR"}, targets={"ALD"},
                 topic=topic("tolls on barges lifted"), undoes=True)
    assert decide("The commission called on Aldoria to end its illegal tolls on the barges.", **tolls).stance == "supports"
    # a condemnation of something else is still one; and without the flag, as before
    assert decide("The commission called the talk of new dams illegal.", **tolls).stance != "supports"
    assert decide("The commission said the illegal tolls must end.",
                  **{**tolls, "undoes": False}).stance != "supports"


def test_refusing_what_a_demand_undoes_backs_it():
    tolls = dict(speaker_party="RIV", owner="BOR", sides={"ALD", "BOR"}, targets={"ALD"},
                 topic=topic("tolls on barges lifted"), undoes=True)
    assert decide("The commission said tolls on barges had no place in a common river.", **tolls).stance == "supports"
    assert decide("The commission regards any toll on the barges as unacceptable.", **tolls).stance == "supports"
    # the one asked to undo it refusing is a refusal; so is a refusal of something else
    assert decide("Aldoria said lifting the tolls was out of the question.", **{**tolls, "speaker_party": "ALD"}).stance == "rejects"
    assert decide("The commission said new dams had no place in a common river.", **tolls).stance == "rejects"


def test_ready_to_undo_what_a_demand_undoes_complies_with_it():
    tolls = dict(speaker_party="ALD", owner="BOR", sides={"ALD", "BOR"}, targets={"ALD"},
                 topic=topic("tolls on barges lifted"), undoes=True)
    assert decide("Aldoria said it was ready to lift the tolls on barges.", **tolls).stance == "supports"
    assert decide("Aldoria offered to give up the tolls on barges next year.", **tolls).stance == "supports"
    # some of them, or talk of them, is openness
    assert decide("Aldoria is ready to lift those tolls that fall on empty barges.", **tolls).stance == "open"
    assert decide("Aldoria is ready to discuss the tolls on barges.", **tolls).stance == "open"


def test_promising_to_undo_what_a_demand_undoes_complies_with_it_unless_on_a_condition():
    tolls = dict(speaker_party="RIV", owner="BOR", sides={"ALD", "BOR", "RIV"}, targets=set(),
                 topic=topic("tolls on barges lifted"), undoes=True)
    assert decide("The commission will give up its own tolls on barges on the first day.", **tolls).stance == "supports"
    assert decide("The commission would lift the tolls on barges only once the treaty is signed.", **tolls).stance == "open"
    assert decide("The commission will not lift the tolls on barges.", **tolls).stance == "rejects"
    # a refusal of the undoing, however put, is no promise of it
    assert decide("The commission rejected any agreement to give up the tolls on barges.", **tolls).stance == "rejects"
    assert decide("It was unacceptable that the commission would give up the tolls on barges.", **tolls).stance == "rejects"
    assert decide("The commission does not promise to give up the tolls on barges.", **tolls).stance != "supports"
    # "once again" is no condition
    assert decide("Once again, the commission said it will give up its tolls on barges.", **tolls).stance == "supports"


def test_a_refusal_until_the_demand_is_undone_is_no_support():
    accord = topic("binding accord on the sluices")
    for text in ("Borvania will not negotiate until the binding accord is lifted.",
                 "Borvania will not talk without the binding accord being dropped first."):
        assert decide(text, **DAMS, asks=accord).stance == "rejects"


def test_the_party_asked_promising_it_on_a_condition_is_open():
    assert decide("If Borvania pays its share, we would lift the tolls on the barges.", **ASKED).stance == "open"
    assert decide("We would lift the tolls on the barges, the minister said.", **ASKED).stance == "supports"
    # the condition after the promise, in the same sentence
    assert decide("We would lift the tolls on the barges if Borvania paid its share.", **ASKED).stance == "open"
    assert decide("We would lift the tolls on the barges provided the dredging is paid for.", **ASKED).stance == "open"
    # "even if" concedes, "as if" compares, and a condition in the next sentence is another sentence's
    assert decide("We would lift the tolls on the barges even if Borvania paid nothing.", **ASKED).stance == "supports"
    assert decide("We would lift the tolls on the barges. If the river rises, talks resume.", **ASKED).stance == "supports"


@pytest.mark.parametrize("text", [
    "The tolls will go as soon as the barges are counted.",
    "The tolls will go as the water level allows.",
    "The tolls will go in step with the handover of the gauging stations.",
    "The tolls will go at the same time as the gauging stations are handed over.",
    "The tolls will go when the stations are handed over, and not one day before.",
    "The tolls go with the accord, not before.",
])
def test_a_side_doing_it_only_in_step_with_something_else_is_open(text):
    assert decide(text, **ASKED).stance == "open"


@pytest.mark.parametrize("text, stance", [
    ("The tolls must go as soon as possible.", "rejects"),  # urgency, no condition: the side's default
    ("We will lift the tolls on the barges as soon as we can.", "supports"),  # it commits
    ("Aldoria condemned the demand to scrap the tolls as soon as it was tabled.", "rejects"),  # a cue of its view
])
def test_urgency_is_no_condition_and_a_cue_of_the_sides_view_comes_first(text, stance):
    assert decide(text, **ASKED).stance == stance


def test_a_third_partys_timetable_is_no_openness():
    third = dict(ASKED, speaker_party="RIV")
    assert decide("The commission called for the tolls to go as soon as the talks open.", **third).stance == "supports"


def test_a_side_proposing_its_own_version_of_a_demand_or_saying_it_will_be_discussed_is_open():
    dams = topic("no new dams reservoirs upstream built")
    assert decide("Borvania proposed a freeze on new dams for two years.", **DAMS, topic=dams).stance == "open"
    assert decide("Borvania has not proposed any dams freeze.", **DAMS, topic=dams).stance == "rejects"
    assert decide("Borvania proposed a new venue for the talks.", **DAMS, topic=dams).stance == "rejects"  # not the demand
    assert decide("The reservoirs will be discussed when the time comes.", **DAMS, topic=dams).stance == "open"


def test_refusing_to_stand_against_a_demand_goes_along_with_it():
    assert decide("Borvania will not object to the shared gauging stations.", **DAMS).stance == "supports"
    assert decide("Borvania would not block it.", **DAMS).stance == "supports"
    assert decide("Borvania will not accept it.", **DAMS).stance == "rejects"
    # ... nor to let others stand against it, or to have stood in its way
    stations = topic("shared gauging stations")
    for text in ("Borvania would not accept any attempt to call the gauging stations into question.",
                 "Borvania will not allow anyone to undermine the shared gauging stations.",
                 "Borvania said its fleet had never stood in the way of shared gauging stations."):
        got = decide(text, **DAMS, topic=stations)
        assert (got.stance, got.cue.split(":")[0]) == ("supports", "will not stand against it"), text
    for text in ("Borvania would not accept any attempt to impose gauging stations.",
                 "Borvania will not allow the stations to be built.",
                 # what is undermined is the speaker's own, not the demand
                 "Borvania would not accept any attempt to undermine its sovereignty with shared gauging stations.",
                 "Borvania will not allow anyone to weaken its control of the river through gauging stations."):
        assert decide(text, **DAMS, topic=stations).stance == "rejects", text
    # for a demand that something not happen, not opposing the thing it forbids is no support
    dams = topic("no new dams reservoirs upstream built")
    assert decide("Borvania will not block new dams.", **DAMS, negative=True, topic=dams).stance == "rejects"
    # ... unless standing against is what it forbids: "Borvania does not block Aldoria's seat on the commission"
    seat = dict(DAMS, negative=True, targets={"BOR"}, topic=topic("borvania does not block aldoria seat commission"))
    assert decide("Borvania will not object to Aldoria's seat.", **seat).stance == "supports"  # the one asked
    assert decide("Borvania will not object to Aldoria's seat, the mediator said.", **dict(seat, speaker_party="RIV")
                  ).stance == "supports"  # a third party relaying it


def test_backing_or_endorsing_a_demand_supports_it():
    dams = topic("no new dams upstream built")
    assert decide("Borvania backed the freeze on new dams, the minister said.", **DAMS, topic=dams).stance == "supports"
    assert decide("Borvania endorsed the freeze on new dams.", **DAMS, topic=dams).stance == "supports"
    # backing away from it is no support, nor a freeze backed by someone else, nor a noun ("backing for ...")
    assert decide("Borvania backed away from the freeze on new dams.", **DAMS, topic=dams).stance == "rejects"
    assert decide("Borvania spoke of the freeze backed by the commission.", **DAMS, topic=dams).stance == "rejects"
    assert decide("Borvania cited its backing for the freeze on new dams.", **DAMS, topic=dams).stance == "rejects"


def test_an_issues_description_says_what_counts_as_each_stance():
    from ingest.extraction.stance import described

    text = ("A fixed share of the water. Offers of a smaller share for the dry months are open; calls to build "
            "reservoirs first reject it. Farmers' unions calling for the share support it.")
    assert described(text) == (("open", "Offers of a smaller share for the dry months"),
                               ("rejects", "calls to build reservoirs first"),
                               ("supports", "Farmers' unions calling for the share"))
    assert described("The border is open to barges, and the share supports farming.") == ()
    quoted = ("Denials that any water is held back count as 'rejects'; pledges to release it are 'supports'; "
              "offers of talks counts as \u2018open\u2019.")
    assert described(quoted) == (("rejects", "Denials that any water is held back"),
                                 ("supports", "pledges to release it"), ("open", "offers of talks"))
    assert described("Its backers are supports of the plan; the word rejects nothing.") == ()  # unquoted: no stance


def test_a_side_with_no_word_of_its_view_takes_the_stance_the_description_gives_a_statement_like_it():
    quota = next(i for i in CONTEXT.issues if i.slug == "water-quota")
    hint = " Offers of a smaller share for the dry months are open; calls to build more reservoirs first reject it."
    context = dataclasses.replace(CONTEXT, issues=tuple(
        dataclasses.replace(i, description=quota.description + hint) if i is quota else i for i in CONTEXT.issues))
    floated = "Kestrel City floated a smaller share of the river's water for the dry months."
    assert links(floated, "BOR") == {"water-quota": "rejects"}  # the silent default, without the description's word
    got = link_statement(found(floated, "BOR"), context=context)
    assert [(l.issue_slug, l.stance) for l in got] == [("water-quota", "open")]
    assert "as its description reads" in got[0].reason
    # a statement like none of its clauses keeps the default
    assert links("Borvania wants the river's water shared only in wet years.", "BOR", context=context) == {
        "water-quota": "rejects"}


def test_the_words_a_description_gives_its_stances_in_are_no_words_of_the_demand():
    navigation = next(i for i in CONTEXT.issues if i.slug == "navigation-rights")
    context = dataclasses.replace(CONTEXT, issues=tuple(
        dataclasses.replace(i, description=navigation.description + " Aldoria and the commission reject it.")
        if i is navigation else i for i in CONTEXT.issues))
    text = "Aldoria rejected free navigation for Borvanian barges and would rather close the river than accept it."
    assert links(text, "ALD", context=context) == {"navigation-rights": "rejects"}  # "rejected" is a view, not the demand


def test_a_refusal_held_until_something_else_happens_is_open():
    share = topic("fixed share river water")
    asked = dict(speaker_party="BOR", owner="ALD", sides={"ALD", "BOR"}, targets={"BOR"}, topic=share)
    assert decide("Borvania will not grant a fixed share of the water until the barges are freed.",
                  **asked).stance == "open"
    assert decide("Borvania will not grant a fixed share of the water.", **asked).stance == "rejects"
    assert decide("Borvania cannot grant a fixed share of the water without a new survey of the river.",
                  **asked).stance == "open"
    for how in ("without consulting its farmers first", "without first consulting its farmers", "without a fight",
                "without exception", "without further delay", "without any conditions"):
        assert decide(f"Borvania cannot grant a fixed share of the water {how}.", **asked).stance == "rejects", how
    # ruling it out is a refusal, whatever comes after
    assert decide("Borvania ruled out a fixed share of the water until the talks end.", **asked).stance == "rejects"
    # an "until" of a time, of another clause, of "never", or of the demand dropped holds no refusal
    for text in ("Kestrel City will not grant a fixed share of the water that Aldoria enjoyed until 2020.",
                 "Kestrel City will not grant a fixed share of the water it has refused until now.",
                 "Kestrel City will not grant a fixed share of the water until hell freezes over.",
                 "Borvania will not grant a fixed share of the water unless Aldoria withdraws the demand."):
        assert decide(text, **asked).stance == "rejects", text


def test_pausing_or_freezing_what_a_demand_forbids_is_no_forswearing_it():
    dams = topic("no new dams upstream built")
    asked = dict(speaker_party="BOR", owner="ALD", sides={"ALD", "BOR"}, targets={"BOR"}, negative=True, topic=dams)
    for verb in ("pause", "suspend", "freeze", "postpone"):
        assert decide(f"Borvania would not {verb} the building of dams upstream.", **asked).stance == "rejects"
    assert decide("Borvania would not build dams upstream.", **asked).stance == "supports"



@pytest.mark.parametrize("description, expected", [
    ("The talks between Aldoria and Borvania on the Varta, mediated by the River Basin Commission.", {"ALD", "BOR"}),
    ("The dispute between the Aldorian government and Kestrel City: its talks and their mediators.", {"ALD", "BOR"}),
    ("Talks between Wielgosz and Marquardt (with the commission as guarantor).", {"ALD", "BOR"}),  # their parties
    ("The Varta talks, mediated by the River Basin Commission.", set()),  # the description does not say
    ("Talks between Aldoria and its neighbours on the river.", set()),  # one side named is no list of sides
    ("The commission mediated talks on the river between 2029 and 2031.", set()),
    # "between" of no talks, or of dates, the parties after it in another clause
    ("The Varta talks, mediated by the commission. Relations between Aldoria and the commission are strained.", set()),
    ("The Varta talks were suspended between 2029 and 2031, when Aldoria and the commission quarrelled.", set()),
])
def test_the_sides_of_the_talks_are_read_from_the_negotiations_description(description, expected):
    from ingest.extraction import names

    assert names.principals(dataclasses.replace(CONTEXT, description=description)) == expected


def test_a_party_whose_name_says_it_is_an_opposition_is_a_side_too():
    from ingest.extraction import names

    context = dataclasses.replace(
        CONTEXT, description="The talks between Aldoria and Borvania on the Varta.",
        parties=CONTEXT.parties + (PartyRef("OPP", "The Aldorian opposition", ()),))
    assert names.principals(context) == {"ALD", "BOR", "OPP"}


def test_a_party_outside_the_sides_saying_nothing_against_a_demand_does_not_refuse_it():
    # the commission owns a demand of its own, but the talks are between Aldoria and Borvania
    text = "The commission said new dams upstream on the Varta are planned."
    described = dataclasses.replace(MEDIATED, description="The talks between Aldoria and Borvania on the Varta.")
    assert links(text, "RIV", context=described) == {"dam-moratorium": "supports"}
    # ... where the description names no sides, every owner of a demand is a side: silent, it refuses the others'
    assert links(text, "RIV", context=dataclasses.replace(MEDIATED, description="")) == {"dam-moratorium": "rejects"}
    # the sides named still oppose each other's demands
    assert links("Kestrel City said new dams upstream on the Varta are planned.", "BOR", context=described) == {
        "dam-moratorium": "rejects"}


def test_ready_to_do_what_the_demand_asks_backs_it_ready_to_talk_is_open():
    asked = dict(speaker_party="BOR", owner="ALD", sides={"ALD", "BOR"}, targets={"BOR"},
                 topic=topic("fixed share river water"), asks=topic("fixed share river water"))
    assert decide("Borvania is ready to share the river's water with Aldoria.", **asked).stance == "supports"
    assert decide("Borvania is ready to discuss a fixed share of the water.", **asked).stance == "open"
    assert decide("Borvania is ready to share some of the water in summer.", **asked).stance == "open"
    assert decide("Borvania is ready to share the water if the barges go free.", **asked).stance == "open"
    # on a condition, negated, none of it, or not all of it: no backing
    for text in ("If the barges go free, Borvania is ready to share the water.",
                 "Borvania is ready to share the water once the barges go free.",
                 "Borvania is ready to share the water in exchange for free passage for its barges.",
                 "No one in Kestrel City is ready to share the river's water with Aldoria.",
                 "Borvania is prepared to share none of the river's water with Aldoria.",
                 "Borvania is ready to share the river's water with Aldoria, but not a fixed share of it."):
        assert decide(text, **asked).stance != "supports", text
    # ready to do what a demand forbids does not back it
    forbids = dict(asked, negative=True, topic=topic("no fixed share river water"))
    assert decide("Borvania is ready to share the river's water with Aldoria.", **forbids).stance != "supports"
    # ... and a "but" refusing it makes it open
    assert links("Borvania is ready to share the river's water, but it will never accept a fixed share of it.",
                 "BOR") == {"water-quota": "open"}
