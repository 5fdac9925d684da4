"""Statements voiced without "said": wishes and demands, positions made plain, documents, stances.

Invented text about the invented negotiation of reports.py; each test is one general pattern.
"""
import datetime as dt

from ingest.extraction import find_statements

from .reports import CONTEXT

DAY = dt.date(2030, 3, 20)


def found_in(text):
    return find_statements(text, published=DAY, context=CONTEXT)


def one(text, fragment):
    hits = [f for f in found_in(text) if fragment in f.text]
    assert hits, f"no statement with {fragment!r}"
    return min(hits, key=lambda f: len(f.text))


def test_wish_and_demand_verbs():
    text = ("Talks on the river resumed in Marensk.\n\n"
            "Wielgosz wants Borvania to promise a fixed share of the water.\n\n"
            "Marquardt hoped to receive guarantees on the barges before the summer.\n\n"
            "Aldoria countered with demands for a moratorium on new dams.\n\n"
            "Borvania formally requested a delay of the next round.")
    assert one(text, "wants Borvania to promise").speaker == "Tomasz Wielgosz"
    assert one(text, "hoped to receive guarantees").speaker == "Helena Marquardt"
    assert one(text, "countered with demands").party_code == "ALD"
    assert one(text, "requested a delay").party_code == "BOR"


def test_position_made_plain_and_going_on():
    text = ("Marquardt made it clear that the barges would not pay tolls.\n\n"
            "She went on: \"We will not be rushed into a bad deal on the river.\"")
    assert one(text, "would not pay tolls").speaker == "Helena Marquardt"
    assert one(text, "We will not be rushed").speaker == "Helena Marquardt"


def test_stance_without_a_speech_verb():
    text = ("The talks stalled again on Tuesday.\n\n"
            "Borvania was not willing to address the question of the dams.\n\n"
            "Aldoria is still pushing for a guaranteed minimum flow.\n\n"
            "The Aldorian government has accepted in principle the need for joint gauging stations.")
    assert one(text, "not willing to address").party_code == "BOR"
    assert one(text, "pushing for a guaranteed").party_code == "ALD"
    assert one(text, "accepted in principle").party_code == "ALD"


def test_plural_say_but_not_to_say():
    text = ("Borvanian officials say the dams will be finished next year.\n\n"
            "Wielgosz refused to say when the talks would resume.")
    assert one(text, "the dams will be finished").party_code == "BOR"
    assert not [f for f in found_in(text) if "refused to say" in f.text]


def test_he_is_not_a_possessive_or_a_woman_named_before():
    text = ("Wielgosz spoke first at the talks.\n\n"
            "In a statement released after Ms Marquardt's speech, he said the offer was \"a step forward\".")
    assert one(text, "a step forward").speaker == "Tomasz Wielgosz"


def test_a_title_alone_is_no_new_person_but_the_one_who_holds_it():
    text = ("Prime Minister Helena Marquardt met Wielgosz in Marensk.\n\n"
            "Mrs Marquardt said the meeting was useful.\n\n"
            "The Borvanian Prime Minister said the barges must sail freely.")
    f = one(text, "the barges must sail freely")
    assert (f.speaker, f.party_code) == ("Helena Marquardt", "BOR")


def test_capitalised_institution_of_a_party():
    text = ("The talks ended late.\n\n"
            "The Aldorian Foreign Office said the dams remained the main obstacle.\n\n"
            "Jan Novak, head of the Aldorian Council, said the flow must be guaranteed.\n\n"
            "Aldorian Council President Jan Novak left early, warning that time was running out.")
    assert one(text, "the main obstacle").party_code == "ALD"
    assert one(text, "the flow must be guaranteed").speaker == "Jan Novak"
    assert one(text, "time was running out").speaker == "Jan Novak"


def test_relative_clause_speaker_gets_their_own_clause():
    text = ("Wielgosz also rejected criticism from Prime Minister Helena Marquardt, who claimed Aldoria had "
            "\"walked away from the table\" and accused him of bad faith.")
    f = one(text, "who claimed Aldoria had")
    assert (f.speaker, f.party_code) == ("Helena Marquardt", "BOR")
    assert "Marquardt" not in f.text
    assert one(text, "rejected criticism").speaker == "Tomasz Wielgosz"


def test_passive_with_its_agent():
    text = ("Talks resumed in Marensk.\n\n"
            "The proposal for new tolls has been explicitly ruled out by Wielgosz.")
    f = one(text, "ruled out by Wielgosz")
    assert (f.speaker, f.party_code) == ("Tomasz Wielgosz", "ALD")


def test_second_verb_of_the_subject_and_a_long_opening_adverbial():
    text = ("Marquardt pinned the blame on the Aldorian delegation and insisted that the barges would sail.\n\n"
            "In a sign of a carefully coordinated response by both capitals, the Aldorian government issued a "
            "statement minutes later, saying it shared that view.")
    assert one(text, "insisted that the barges").speaker == "Helena Marquardt"
    assert one(text, "saying it shared that view").party_code == "ALD"


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


def test_bullet_without_end_punctuation_and_the_party_said():
    text = ("River deal agreed\n\n"
            "  \u2022 Borvania's opposition to the tolls 'still stands', the party said, on three grounds;\n\n"
            "  \u2022 Wielgosz says the deal is \"good for both banks\";")
    assert one(text, "still stands").party_code == "BOR"
    assert one(text, "good for both banks").speaker == "Tomasz Wielgosz"


def test_progressive_is_not_passive():
    text = ("The talks resumed.\n\n"
            "The Aldorian government has been seeking a guaranteed minimum flow since March.")
    assert one(text, "has been seeking").party_code == "ALD"


def test_unnamed_spokesperson_for_the_institution_last_named():
    text = ("The Aldorian government issued its own statement minutes later.\n\n"
            "A spokeswoman for the government welcomed Borvania's \"commitment to the talks\" while making clear "
            "its objections.")
    assert one(text, "commitment to the talks").party_code == "ALD"


def test_have_long_warned_and_an_opening_name_with_apposition():
    text = ("Aldoria and its foreign minister, Tomasz Wielgosz, have long warned that they would not accept tolls.\n\n"
            "Marquardt, the prime minister of Borvania, issued the first response, calling for the tolls to stay.")
    assert one(text, "have long warned").party_code == "ALD"
    assert one(text, "calling for the tolls").speaker == "Helena Marquardt"


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


def test_it_after_a_document_that_spoke():
    text = ("The talks resumed.\n\n"
            "Aldoria published its proposals on Monday. The draft treaty outlines three options for the river. It suggests joint gauging stations, "
            "a fixed quota or a moratorium on new dams.\n\n"
            "It was a long day.")
    assert one(text, "It suggests joint gauging stations").party_code == "ALD"
    assert not [f for f in found_in(text) if "long day" in f.text]


def test_criticism_from_the_other_side():
    text = ("Talks resumed on Monday.\n\n"
            "Wielgosz has come under attack from a host of Borvanian officials over his plans for the dams.")
    assert one(text, "come under attack").party_code == "BOR"


def test_lead_in_question_then_the_claim():
    text = ("Back in 2020, Marquardt laid out her main grievances at a forum in Kestrel City. Her argument? "
            "The new dams upstream were an act of hostility against Borvania.")
    f = one(text, "an act of hostility")
    assert f.speaker == "Helena Marquardt" and "laid out" in f.text


def test_judgement_in_the_name_of_the_opening_party_only():
    text = ("The talks stalled.\n\n"
            "For Borvania, any quota that would apply to the barges and not to the dams was unacceptable.\n\n"
            "The old toll bridge was unacceptable to river pilots for years.")
    assert one(text, "was unacceptable").party_code == "BOR"
    assert not [f for f in found_in(text) if "river pilots" in f.text]


def test_two_speakers_split_at_while_after_a_quote():
    text = ("Wielgosz said the offer was \u201cnot sufficient,\u201d while Helena Marquardt, head of the Borvanian "
            "government, said it was \u201cbelow our expectations.\u201d")
    assert one(text, "below our expectations").speaker == "Helena Marquardt"
    assert one(text, "not sufficient").speaker == "Tomasz Wielgosz"


def test_the_chief_negotiator_is_not_the_deputy_nor_a_minister():
    from ingest.extraction import Context, PersonRef
    from .reports import CONTEXT as BASE
    context = Context(BASE.parties, BASE.people + (
        PersonRef("Ola Brandt", "ALD", "Chief negotiator of the Aldorian government"),
        PersonRef("Eva Lind", "ALD", "Deputy chief negotiator of the Aldorian government")), BASE.issues, BASE.rounds)
    text = "There will be no deal without a quota, Aldoria's chief negotiator has warned."
    found = find_statements(text, published=DAY, context=context)
    assert [f.speaker for f in found] == ["Ola Brandt"]


def test_intent_and_more_verbs_but_not_narrative():
    text = ("The round of talks concluded in Marensk on Monday.\n\n"
            "Borvanian troops, backed by artillery, moved to the river.\n\n"
            "Borvania will keep channels open to Marensk, Marquardt's office said.\n\n"
            "Wielgosz underlined that the quota was the priority.\n\n"
            "Aldoria refused to discuss the barges.")
    texts = [f.text for f in found_in(text)]
    assert not [t for t in texts if "concluded in Marensk" in t or "backed by artillery" in t]
    assert one(text, "will keep channels open").party_code == "BOR"
    assert one(text, "underlined that").speaker == "Tomasz Wielgosz"
    assert one(text, "refused to discuss").party_code == "ALD"


def test_which_the_other_side_says_is_its_own_clause():
    text = ("Wielgosz said Aldoria would not back away from the quota, including the summer flow, "
            "which Borvania says it will not allow after the dams are built.")
    assert one(text, "which Borvania says").party_code == "BOR"
    assert one(text, "would not back away").party_code == "ALD"


def test_he_after_a_title_in_the_same_sentence():
    text = ("The talks resumed.\n\n"
            "In a letter published on Monday the Borvanian prime minister dashed hopes of a compromise when he "
            "called on Aldoria to scrap the quota.")
    f = one(text, "called on Aldoria")
    assert (f.speaker, f.party_code) == ("Helena Marquardt", "BOR")


def test_narrative_uses_of_the_new_verbs_are_not_statements():
    text = ("The talks went on for hours in Marensk.\n\n"
            "Aldoria went on to win the vote.\n\n"
            "Borvania's plan, as opposed to Aldoria's, keeps the dams.\n\n"
            "Borvania published its position on Tuesday. The paper proposes a transparency mechanism for the gauging stations.")
    texts = [f.text for f in found_in(text)]
    assert not [t for t in texts if "went on" in t or "as opposed" in t]
    assert one(text, "The paper proposes a transparency mechanism").party_code == "BOR"  # the side last spoken of


def test_second_verb_of_a_subordinate_clause_subject():
    text = ("But Wielgosz's sharp rejection, on the day after Marquardt addressed the river council and urged "
            "further compromises, raised the risk that the talks will break down.")
    assert one(text, "urged further compromises").speaker == "Helena Marquardt"


def test_accepting_an_invitation_or_keeping_offices_is_no_statement():
    text = ("Aldoria accepted an invitation to the summit in June.\n\n"
            "The commission will keep its offices in Kestrel City.\n\n"
            "Farmers say the river is lower than ever.")
    assert found_in(text) == []


def test_a_documents_condition_but_not_a_countrys_dependence():
    text = ("Aldoria published its offer on Monday. The proposal is dependent on Borvanian barges paying a toll.\n\n"
            "Borvania is dependent on the river for its grain.")
    assert one(text, "The proposal is dependent on").party_code == "ALD"
    assert not [f for f in found_in(text) if "for its grain" in f.text]


def test_a_partys_own_document_or_position_states_its_view():
    text = ("The Aldorian paper proposes a transparency mechanism for gauging stations.\n\n"
            "Borvania's draft treaty calls for a fixed share of the water.\n\n"
            "Borvania's position remains that any moratorium is unacceptable.\n\n"
            "The problem is that the river is low.")
    assert one(text, "transparency mechanism").party_code == "ALD"
    assert one(text, "fixed share").party_code == "BOR"
    assert one(text, "any moratorium is unacceptable").party_code == "BOR"
    assert not [f for f in found_in(text) if "river is low" in f.text]


def test_stance_verbs_of_news_style():
    text = ("Aldoria is adamant that no new dams be built.\n\n"
            "Borvania has balked at a fixed share of the water.\n\n"
            "Aldoria walked back its demand for a moratorium.\n\n"
            "Borvania is holding out for a bigger share of the water.\n\n"
            "Borvania has so far refused a moratorium.\n\n"
            "Marquardt walked back to the hotel after the talks.")
    assert one(text, "no new dams be built").party_code == "ALD"
    assert one(text, "balked at").party_code == "BOR"
    assert one(text, "walked back its demand").party_code == "ALD"
    assert one(text, "holding out for").party_code == "BOR"
    assert one(text, "so far refused").party_code == "BOR"
    assert not [f for f in found_in(text) if "hotel" in f.text]


def test_a_title_several_people_hold_is_the_one_the_report_named_last():
    import dataclasses

    from ingest.extraction import PersonRef

    # two prime ministers, one a side: "the Prime Minister's paper" is the one named just before, even as an object
    context = dataclasses.replace(CONTEXT, people=CONTEXT.people + (PersonRef("Jan Kowal", "ALD", "Prime Minister"),))
    for named, party in (("Helena Marquardt", "BOR"), ("Jan Kowal", "ALD")):
        text = (f"Wielgosz criticised {named}'s plan on the river on Monday.\n\n"
                "The Prime Minister's paper calls for a fixed share of the water for the barges.")
        hits = [f for f in find_statements(text, published=DAY, context=context) if "paper calls for" in f.text]
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
