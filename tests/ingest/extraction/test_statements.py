"""Each kind of statement and attribution, on reports written for these tests."""
import dataclasses
import datetime as dt

import pytest

from ingest.extraction import PartyRef, PersonRef, find_statements

from .reports import AGENCY, BROADSHEET, CONTEXT, DAY, PORTAL, WIRE, cases, found_in

PUBLISHED = {"WIRE": dt.date(2030, 3, 20), "BROADSHEET": dt.date(2030, 4, 6), "AGENCY": dt.date(2030, 3, 18),
             "PORTAL": dt.date(2030, 4, 4)}
TEXTS = {"WIRE": WIRE, "BROADSHEET": BROADSHEET, "AGENCY": AGENCY, "PORTAL": PORTAL}


@pytest.fixture(scope="module")
def found():
    return {name: find_statements(TEXTS[name], published=PUBLISHED[name], context=CONTEXT) for name in TEXTS}


def one(found, name, fragment):
    hits = [f for f in found[name] if fragment in f.text]
    assert hits, f"no statement with {fragment!r} in {name}"
    return min(hits, key=lambda f: len(f.text))


def test_offsets_text_and_length(found):
    for name, statements in found.items():
        for f in statements:
            assert TEXTS[name][f.start:f.end] == f.text
            assert len(f.text) < 600
            assert f.speaker or f.party_code  # no speaker, no statement


def test_direct_quote_with_title_and_name_after_it(found):
    f = one(found, "WIRE", "We will not sign anything")
    assert (f.speaker, f.speaker_known, f.party_code, f.kind) == ("Tomasz Wielgosz", True, "ALD", "direct")
    assert f.stated_on == dt.date(2030, 3, 19)  # "on Tuesday" in a Wednesday report
    assert "The construction of new dams must stop" in f.text  # the rest of the same quote joins it


def test_pronoun_resolves_to_the_last_speaker(found):
    f = one(found, "WIRE", "Our farmers cannot wait")
    assert f.speaker == "Tomasz Wielgosz" and "he" in f.attribution


def test_unknown_person_with_title_gets_role_and_party(found):
    f = one(found, "WIRE", "not negotiable")
    assert (f.speaker, f.speaker_known, f.party_code) == ("Ivan Petrov", False, "BOR")
    assert "Deputy Foreign Minister" in f.speaker_role


def test_unknown_person_by_apposition(found):
    f = one(found, "WIRE", "no plans to reduce the flow")
    assert (f.speaker, f.party_code, f.stated_on) == ("Anna Sidorova", "BOR", dt.date(2030, 3, 18))
    assert "spokeswoman" in f.speaker_role


def test_commentator_has_no_party(found):
    f = one(found, "WIRE", "The water does not belong")
    assert (f.speaker, f.party_code) == ("Maria Gomez", None)


def test_narrative_and_page_furniture_are_not_statements(found):
    texts = " ".join(f.text for f in found["WIRE"] + found["AGENCY"] + found["PORTAL"])
    for fragment in ("six hours", "Share this article", "Reporting by", "Great article", "Subscribe", "Home |"):
        assert fragment not in texts


def test_party_claim(found):
    f = one(found, "WIRE", "accused Borvania")
    assert (f.speaker, f.party_code, f.stated_on) == (None, "ALD", dt.date(2030, 3, 19))  # dateline day ignored


def test_apposition_before_the_name_and_participle(found):
    f = one(found, "BROADSHEET", "conciliatory tone")
    assert (f.speaker, f.party_code, f.stated_on) == ("Helena Marquardt", "BOR", dt.date(2030, 4, 5))


def test_quote_continued_in_the_next_paragraph(found):
    f = one(found, "BROADSHEET", "Nobody in Marensk can dictate")
    assert f.speaker == "Helena Marquardt" and f.kind == "direct"
    assert f.refers_kind == "continues" and "deprive our neighbours" in f.refers_to


def test_laid_out_demands_with_last_week(found):
    f = one(found, "BROADSHEET", "laid out three demands")
    assert f.speaker == "Tomasz Wielgosz"
    assert dt.date(2030, 3, 25) <= f.stated_on <= dt.date(2030, 3, 31)


def test_officials_of_a_party_by_its_capital(found):
    f = one(found, "BROADSHEET", "expressed openness")
    assert (f.speaker, f.party_code) == (None, "BOR")


def test_pull_quote_signed_by_name_and_role(found):
    f = one(found, "BROADSHEET", "A river we share")
    assert f.speaker == "Yuri Antonenko" and "pull quote" in f.attribution


def test_role_noun_resolves_to_a_known_person(found):
    f = one(found, "BROADSHEET", "long dry summer")
    assert f.speaker == "Yuri Antonenko" and f.stated_on == dt.date(2030, 4, 5)  # "yesterday"


def test_document_claim_takes_party_and_day_of_the_sentence_before(found):
    f = one(found, "AGENCY", "The document said")
    assert (f.speaker, f.party_code, f.stated_on) == (None, "BOR", dt.date(2030, 2, 15))


def test_reported_rejection_answers_the_statement_before(found):
    f = one(found, "AGENCY", "rejected the proposal")
    assert f.speaker == "Tomasz Wielgosz" and f.stated_on == dt.date(2030, 3, 10)
    assert f.refers_kind.startswith("answers") and "barges" in f.refers_to


def test_the_minister_after_a_quote(found):
    assert one(found, "AGENCY", "Tolls are a matter").speaker == "Tomasz Wielgosz"


def test_quote_with_its_speaker_in_the_sentence_before_or_after(found):
    assert one(found, "PORTAL", "The dams must go").speaker == "Tomasz Wielgosz"
    assert one(found, "PORTAL", "question of survival").speaker == "Tomasz Wielgosz"


def test_a_name_inside_an_aside_is_not_the_subject(found):
    f = one(found, "PORTAL", "never accept inspections")
    assert f.speaker == "Helena Marquardt"
    assert one(found, "PORTAL", "tolls were illegal").speaker == "Helena Marquardt"  # "She"


def test_unknown_commentator_keeps_the_fuller_role(found):
    f = one(found, "PORTAL", "lost a fifth")
    assert (f.speaker, f.party_code) == ("Jane Roe", None) and "hydrologist" in f.speaker_role


def test_according_to_and_statement_of_an_institution(found):
    assert one(found, "PORTAL", "install the stations").party_code == "RIV"
    f = one(found, "PORTAL", "speaking on condition of anonymity")
    assert (f.speaker, f.party_code) == (None, "ALD")


def test_two_speakers_in_one_sentence_are_two_statements():
    text = ("On Monday, Aldorian officials said they had \u201creceived a reply from Kestrel City,\u201d but on Tuesday "
            "Borvania said there had been \u201ca misunderstanding\u201d over the letter.")
    found = found_in(text)
    assert [(f.party_code, f.stated_on.day) for f in found] == [("ALD", 18), ("BOR", 19)]
    assert "received a reply" in found[0].text and "misunderstanding" in found[1].text


def test_a_quote_without_a_speaker_is_not_a_statement():
    text = "The hall fell silent.\n\n\u201cWe shall see what happens next,\u201d read a banner outside."
    assert found_in(text) == []


def test_no_day_in_the_text_and_no_publication_date():
    found = find_statements("Wielgosz said the dams must go.", published=None, context=CONTEXT)
    assert found[0].stated_on is None


def test_she_and_he_go_to_different_speakers_once_known():
    text = ("\u201cWe want the dams gone,\u201d Wielgosz said. \u201cWe will see,\u201d Marquardt said.\n\n"
            "\u201cNothing is settled,\u201d she added. \u201cNothing at all,\u201d he said.")
    found = found_in(text)
    speakers = {f.text.split(",")[0].strip("\u201c"): f.speaker for f in found}
    assert speakers["Nothing is settled"] == "Helena Marquardt"
    assert speakers["Nothing at all"] == "Tomasz Wielgosz"


def test_dateline_gives_officials_without_nationality_their_party():
    text = ("KESTREL CITY, March 19 (Wire) - Foreign Minister Oskar Lind said on Monday the dams would be finished.\n\n"
            "\u201cWe are waiting for an answer,\u201d the official said.\n\n"
            "According to him, the river belongs to everyone.")
    found = found_in(text)
    assert [(f.speaker, f.party_code) for f in found] == [("Oskar Lind", "BOR")] * 3
    assert found[0].stated_on == dt.date(2030, 3, 18)


def test_background_statement_and_its_continuation_get_no_day():
    text = "Earlier, Wielgosz said the dams must go. \u201cAll of them,\u201d the minister stressed."
    found = found_in(text)
    assert [f.stated_on for f in found] == [None, None]  # the same speaker going on in the background


def test_a_persons_office_speaks_for_their_party_and_content_tense_is_not_background():
    text = "Marquardt's office said the prime minister had told Wielgosz that the dams would stay."
    found = found_in(text)
    assert [(f.speaker, f.party_code, f.stated_on) for f in found] == [(None, "BOR", DAY)]


def test_commentator_named_after_a_place_of_a_party_keeps_no_party():
    text = "\u201cThis is theatre,\u201d said Olga Petrenko of the Marensk School of Economics."
    found = found_in(text)
    assert [(f.speaker, f.party_code, f.speaker_known) for f in found] == [("Olga Petrenko", None, False)]
    assert "School of Economics" in found[0].speaker_role


def test_a_new_speaker_named_after_the_quote_with_a_relative_clause():
    text = ("Tomasz Wielgosz said the dams must stop.\n\n"
            "\u201cThe hard part has not started yet,\u201d said Olga Petrenko, who studies water law at a Marensk "
            "university.")
    found = found_in(text)
    assert [(f.speaker, f.party_code) for f in found][-1] == ("Olga Petrenko", None)


@pytest.mark.parametrize("after", [
    ".",  # a name alone
    ", a water engineer at a Marensk university who has followed the negotiations on the river since 2019.",  # too
    # long a description to read: the name still speaks
])
def test_a_new_speaker_named_after_a_verb_of_saying_speaks_described_or_not(after):
    text = f"Tomasz Wielgosz said the dams must stop.\n\n\u201cThe hard part has not started yet,\u201d said Olga Petrenko{after}"
    found = found_in(text)
    assert [(f.speaker, f.party_code) for f in found][-1] == ("Olga Petrenko", None)
    assert [f.speaker for f in found_in("\u201cThe hard part has not started,\u201d said Foreign Minister.")] == []


@pytest.mark.parametrize("source", ["the message of", "a speech by", "a communiqu\u00e9 from", "the remarks of"])
def test_according_to_what_someone_sent_or_said_is_theirs(source):
    text = f"Title\n\n\u201cThe dams must stop,\u201d according to {source} Wielgosz.\n"
    assert [(f.speaker, f.party_code) for f in found_in(text)] == [("Tomasz Wielgosz", "ALD")]


@pytest.mark.parametrize("verb", ["fears", "feared", "worries"])
def test_a_side_voicing_a_fear_or_a_hope_that_states_its_position(verb):
    text = f"Title\n\nAldoria {verb} that new dams upstream would cut the flow of the Varta.\n"
    got = found_in(text)
    assert [f.party_code for f in got] == ["ALD"]
    assert found_in("Title\n\nAldoria fears for its river.\n") == []


def test_verbs_that_do_not_report_speech_here():
    text = ("Borvania called up thousands of reservists on Monday. Aldoria was told by the commission to wait. "
            "Borvania called the proposal \u201cunworkable\u201d.")
    found = found_in(text)
    assert [f.text for f in found] == ["Borvania called the proposal \u201cunworkable\u201d."]


def test_empty_and_odd_inputs():
    assert find_statements("", published=None, context=CONTEXT) == []
    assert find_statements("\n\n \n", published=dt.date(2030, 1, 1), context=CONTEXT) == []
    run_on = "Wielgosz said " + "the river, " * 300 + "is ours."
    found = find_statements(run_on, published=dt.date(2030, 1, 1), context=CONTEXT)
    assert len(found) == 1 and found[0].text.startswith("Wielgosz said") and len(found[0].text) < 600
    assert run_on[found[0].start:found[0].end] == found[0].text


def test_a_party_in_object_position_or_possessive_is_no_subject():
    text = "Marensk ignored key Borvania demands. Aldoria's demands include a fixed quota. Talks on Borvania's claims stalled."
    assert found_in(text) == []


def test_a_subject_after_a_verb_of_saying_begins_a_clause():
    text = "On Friday, the commission met Wielgosz, with aides saying Marquardt told Wielgosz that \u201cthe door is open.\u201d"
    found = found_in(text)
    assert [(f.speaker, f.stated_on) for f in found] == [("Helena Marquardt", dt.date(2030, 3, 15))]


def test_a_quoted_sentence_before_is_not_the_days_narrative():
    text = "\u201cWe are ready. It did not start yesterday. It started years ago,\u201d Marquardt said."
    found = found_in(text)
    assert [f.stated_on for f in found] == [DAY]


def test_spokesman_of_a_known_person_and_the_subject_of_a_narrative_sentence():
    text = ("\u201cWe are ready,\u201d Wielgosz said.\n\n"
            "Marquardt\u2019s spokesman, Karl Weber, told the news agency that no decision had been taken.\n\n"
            "\u201cThe dams are a sovereign matter,\u201d said Weber. He added that nothing would change.\n\n"
            "The prime minister herself struck a different tone. \u201cWe will find a way,\u201d she said.")
    found = found_in(text)
    got = [(f.speaker, f.party_code) for f in found]
    assert got == [("Tomasz Wielgosz", "ALD"), ("Karl Weber", "BOR"), ("Karl Weber", "BOR"), ("Karl Weber", "BOR"),
                   ("Helena Marquardt", "BOR")]
    assert "spokesman" in found[1].speaker_role and not found[1].speaker_known


def test_honorifics_in_inverted_attribution():
    text = "\u201cThe river is not for sale,\u201d said Mr. Wielgosz. \u201cNor are we,\u201d said Mrs. Marquardt."
    found = found_in(text)
    assert [f.speaker for f in found] == ["Tomasz Wielgosz", "Helena Marquardt"]


def test_headline_attribution_is_not_a_pull_quote_and_has_said_is_news():
    text = ("Dams talks 'going nowhere' \u2013 Wielgosz\n\n"
            "Foreign Minister Tomasz Wielgosz has said the talks on the dams are going nowhere.\n\n"
            "A river we share is a river we protect \u2013 Wielgosz")
    found = found_in(text)
    assert [(f.text[:20], f.stated_on) for f in found] == [("Foreign Minister Tom", DAY)]


def test_a_letterhead_in_capitals_is_not_a_pull_quote():
    text = ("Commission welcomes the gauges deal\n"
            "OFFICE OF THE CHAIR OF THE COMMISSION YURI ANTONENKO\n\n"
            "The gauges will be read again on Monday, Antonenko said.\n")
    found = found_in(text)
    assert [f.text[:9] for f in found] == ["The gauge"]


def test_a_heading_naming_whose_text_it_is_is_not_a_pull_quote():
    text = ("River talks: the commission's weekly word\n\n"
            "Weekly briefing by River Basin Commission Chair Yuri Antonenko\n\n"
            "The gauges will be read again on Monday, Antonenko said.\n\n"
            "We were let down by our neighbours upstream Yuri Antonenko Commission chair\n")
    found = found_in(text)
    assert not any(f.text.startswith("Weekly briefing") for f in found)
    assert any(f.text.startswith("We were let down") and "pull quote" in f.attribution for f in found)  # "by our": a quote
    # "by" and a side's name before the signature is the quote's: no title between them
    found = found_in("River talks\n\nThe gauges will be read on Monday, Antonenko said.\n\n"
                     "Our barges will never be stopped by Marensk Helena Marquardt Prime Minister\n")
    assert any(f.text.startswith("Our barges") and f.speaker == "Helena Marquardt" for f in found)


def test_long_inputs_stay_linear_and_statements_short():
    import time

    paragraph = "Wielgosz said the dams must go. " * 2000
    started = time.process_time()
    found = found_in(paragraph)
    assert len(found) == 2000 and time.process_time() - started < 5
    run = "\u201c" + "We will wait. " * 100 + "\u201d Wielgosz said."
    assert all(len(f.text) < 600 for f in found_in(run))


def test_a_bare_role_is_not_someone_the_report_names_only_later():
    text = ("\u201cThe river is ours too,\u201d the spokeswoman said.\n\n"
            "Later, Anna Sidorova, the Borvanian ministry's spokeswoman, said the flow would not be cut.")
    found = found_in(text)
    assert all(f.speaker != "Anna Sidorova" for f in found if "ours too" in f.text)


def test_an_institution_is_not_taken_for_a_new_speaker():
    text = "The Marensk Water Council said on Monday that the dams were illegal."
    found = found_in(text)
    assert all(f.speaker is None for f in found)


def test_a_long_opening_phrase_names_the_day():
    text = ("At a long news conference in the lakeside hotel on Monday, Foreign Minister Tomasz Wielgosz said "
            "the dams must stop.\n\n"
            "In its written reply of 4 March, Borvania offered talks on shared gauging stations.")
    found = found_in(text)
    assert [f.stated_on for f in found] == [dt.date(2030, 3, 18), dt.date(2030, 3, 4)]


def test_a_day_inside_the_reported_words_is_not_the_day_of_saying():
    text = ("Foreign Minister Tomasz Wielgosz said the proposals sent last week had ignored the dams.\n\n"
            "Helena Marquardt told reporters in Kestrel City on Monday that talks would go on.")
    found = found_in(text)
    assert found[0].stated_on == DAY
    assert found[1].stated_on == dt.date(2030, 3, 18)


def test_an_official_without_nationality_speaks_for_the_side_just_spoken_of():
    text = ("The Borvanian government rejected the offer on Tuesday.\n\n"
            "Press secretary Karl Weber said the dams would stay.\n\n"
            "Polish Foreign Minister Jan Nowak said the river should be shared.")
    found = found_in(text)
    assert [(f.speaker, f.party_code) for f in found if f.speaker] == [("Karl Weber", "BOR"), ("Jan Nowak", None)]


@pytest.mark.parametrize("case", cases("who_speaks", keys={"statements"}))
def test_speaker_and_party_of_each_statement(case):
    """cases/who_speaks.toml: the statements found, in order, with their speaker and party (none if left out)."""
    expected = case["statements"]
    assert all(set(s) <= {"speaker", "party_code"} for s in expected)
    found = found_in(case["text"])
    assert [(f.speaker, f.party_code) for f in found] == [(s.get("speaker"), s.get("party_code")) for s in expected]


def test_the_day_the_opening_names_is_the_day_of_statements_that_name_none():
    text = ("Talks on the river came closer than ever to a deal on Monday, before a call from Marensk upset them.\n\n"
            "Wielgosz said the quota had been agreed in the morning and then lost.\n\n"
            "\u201cWe are surprised,\u201d Marquardt told reporters.")
    found = found_in(text)
    assert [(f.speaker, f.stated_on) for f in found] == [("Tomasz Wielgosz", dt.date(2030, 3, 18)),
                                                         ("Helena Marquardt", dt.date(2030, 3, 18))]


def test_statements_before_any_that_names_a_day_keep_the_day_the_opening_names():
    # the news of the opening (Monday) is told first; two later statements of Tuesday do not make it Tuesday's
    text = ("The renaming of the dams was announced on Monday by the Borvanian prime minister in Kestrel City.\n\n"
            "According to Ms Marquardt, the dams will be called simply the River Works.\n\n"
            "Mr Wielgosz said on Tuesday that the names were welcome.\n\n"
            "Mr Antonenko said on Tuesday that the commission would record them.")
    found = found_in(text)
    assert [(f.speaker, f.stated_on) for f in found] == [("Helena Marquardt", dt.date(2030, 3, 18)),
                                                         ("Tomasz Wielgosz", dt.date(2030, 3, 19)),
                                                         ("Yuri Antonenko", dt.date(2030, 3, 19))]


@pytest.mark.parametrize("lede, day", [
    ("The dams on the Varta were renamed on Wednesday after a night of talks in Kestrel City.", DAY),
    # a stamp names the day it came out, not the news: the day most statements name stands
    ("Wed 20 Mar 2030 09.12 GMT\n\nThe dams on the Varta were renamed after a night of talks.", dt.date(2030, 3, 19)),
])
def test_a_lede_of_the_publication_day_dates_the_statements_before_any_that_names_one(lede, day):
    text = (lede + "\n\nAccording to Ms Marquardt, the dams will be called simply the River Works.\n\n"
            "Mr Wielgosz said on Tuesday that the names were welcome.\n\n"
            "Mr Antonenko said on Tuesday that the commission would record them.")
    found = found_in(text)
    assert [f.stated_on for f in found if f.speaker == "Helena Marquardt"] == [day]


def test_due_to_as_a_cause_is_no_plan():
    text = ("The fifth round ended on Monday due to a row over the dams.\n\n"
            "Wielgosz said the quota had been agreed and then lost.")
    assert [f.stated_on for f in found_in(text)] == [dt.date(2030, 3, 18)]


@pytest.mark.parametrize("opening", [
    "Talks on the river had previously come close to a deal on Monday.",  # background
    "Talks on the river will resume on Monday, March 25.",  # a plan
    "The dinner was a prelude to talks between the two teams starting Monday, March 25.",  # a plan
    "Talks on the river came close to a deal on March 2.",  # weeks before: not this report's news
])
def test_an_opening_day_that_is_no_news_of_the_report_is_not_taken(opening):
    found = found_in(opening + "\n\nWielgosz said the quota had been agreed and then lost.")
    assert [f.stated_on for f in found] == [DAY]


TRANSCRIPT = """Prime Minister Helena Marquardt's Press Conference on March 19, 2030

Q: Aldoria's foreign minister Tomasz Wielgosz said on Monday that no new dams may be built upstream. What is your comment?

A: We have noted the reports. Borvania builds on its own territory. Nobody can dictate that to us.

Q: Will you meet him next week?

A: The schedule is not fixed yet.
"""


def test_a_transcripts_answers_are_statements_of_the_one_its_heading_names():
    found = find_statements(TRANSCRIPT, published=dt.date(2030, 3, 19), context=CONTEXT)
    answers = [f for f in found if f.speaker == "Helena Marquardt"]
    assert [f.text for f in answers] == ["We have noted the reports.", "Borvania builds on its own territory.",
                                         "Nobody can dictate that to us.", "The schedule is not fixed yet."]
    assert {(f.party_code, f.kind) for f in answers} == {("BOR", "direct")}
    assert answers[1].asked.startswith("Aldoria's foreign minister")  # the question it replies to
    # what a question reports is still a statement of its own speaker
    assert any(f.speaker == "Tomasz Wielgosz" and "no new dams" in f.text for f in found)


def test_one_line_that_looks_like_an_answer_is_no_transcript():
    text = "Q: what next? The talks ended.\n\nA: nobody knows, Marquardt wrote in her diary about the dams."
    found = find_statements(text, published=dt.date(2030, 3, 19), context=CONTEXT)
    assert all(f.attribution.startswith(("answers", "turn")) is False for f in found)


def test_a_transcripts_turns_labelled_by_a_role_are_the_hosts():
    text = TRANSCRIPT.replace("A: ", "Spokesman: ")
    found = find_statements(text, published=dt.date(2030, 3, 19), context=CONTEXT)
    assert [f.text for f in found if f.speaker == "Helena Marquardt"][:2] == [
        "We have noted the reports.", "Borvania builds on its own territory."]


def test_a_list_after_an_attributed_sentence_ending_in_a_colon_is_its_speakers():
    text = ("The Borvanian foreign ministry said on Monday that talks had stalled. It listed its conditions as follows:\n\n"
            "- free navigation for Borvanian barges on the lower Varta;\n\n- an end to inspections of the barges.\n\n"
            "The river was low all week.\n\n- a list of the river's ports in pictures")
    found = found_in(text)
    bullets = [f for f in found if f.text.startswith(("free", "an end"))]
    assert [(f.party_code, f.text.split()[0]) for f in bullets] == [("BOR", "free"), ("BOR", "an")]
    assert not any("pictures" in f.text for f in found)


@pytest.mark.parametrize("number", ["1.", "2)", "(3)"])
def test_a_numbered_list_after_a_sides_colon_is_its_statements(number):
    text = ("PRESS STATEMENT\n\nThe Borvanian foreign ministry wishes to state the following:\n\n"
            f"{number} The Government reaffirms its commitment to free navigation for Borvanian barges.\n\n"
            f"{number} The Government has opened two more locks on the lower river since May.\n\n"
            "The river was low all week.\n\n"
            f"{number} a list of the river's ports in pictures")
    found = found_in(text)
    items = [f for f in found if f.text.startswith("The Government")]
    assert [f.party_code for f in items] == ["BOR", "BOR"]
    assert not any("pictures" in f.text or f.text.startswith(number) for f in found)


@pytest.mark.parametrize("number", ["1.", "2)", "(3)"])
def test_a_numbered_item_goes_on_with_a_quotation_a_numbered_line_without_a_full_stop_is_a_heading(number):
    text = ("Wielgosz told reporters on Monday:\n\n"
            f"{number} The dams upstream must stop, and Aldoria will take its case to the commission.\n\n"
            f"{number} Aldoria rejects Borvanian dam plan\n\n"
            "The river was low all week.")
    found = found_in(text)
    assert [(f.kind, f.party_code) for f in found if f.text.startswith("The dams")] == [("direct", "ALD")]
    assert not any("dam plan" in f.text for f in found)


def test_a_plan_later_in_the_opening_sentence_does_not_hide_the_day_it_names():
    text = ("The talks ended in Kestrel City on Monday, but how the deal will be carried out is unresolved.\n\n"
            "Wielgosz said the dams must go.")
    found = found_in(text)
    assert [(f.speaker, f.stated_on) for f in found] == [("Tomasz Wielgosz", dt.date(2030, 3, 18))]


@pytest.mark.parametrize("dateline", ["MARENSK/KESTREL CITY, 21 March 2030 (Agency) - ", "MARENSK, March 21 (Wire) - ",
                                      "ÉSTVILLE/MARENSK, Mar. 21 (Agency) - ", "Marensk, March 21 (Wire) -- "])
def test_a_datelines_day_is_neither_the_statements_nor_the_openings(dateline):
    text = ("Aldoria refuses to sign\n\n"
            f"{dateline}Foreign Minister Tomasz Wielgosz stated late last evening that Aldoria would not sign "
            "anything while dams were being built upstream.\n\n"
            "The ministry said the talks were over for now and no new date had been set for them.\n")
    got = find_statements(text, published=dt.date(2030, 3, 21), context=CONTEXT)
    assert [f.stated_on for f in got] == [dt.date(2030, 3, 20)] * 2


def test_the_opening_day_is_the_news_not_the_datelines():
    text = ("Talks end without a deal\n\n"
            "MARENSK, March 21 (Wire) - Talks between Aldoria and Borvania on the Varta ended without a deal "
            "on Monday after eleven hours.\n\n"
            "Foreign Minister Tomasz Wielgosz said the talks would continue.\n")
    got = find_statements(text, published=dt.date(2030, 3, 21), context=CONTEXT)
    assert [f.stated_on for f in got] == [dt.date(2030, 3, 18)]


def test_a_live_blogs_day_headings_date_what_follows_them():
    text = ("Live: the river talks\n\n"
            "Wednesday 20 March\n\n"
            "18:05 - No deal\n"
            "Foreign Minister Tomasz Wielgosz says the talks have failed.\n\n"
            "Tuesday 19 March\n\n"
            "11:20 - Opening\n"
            "Helena Marquardt says Borvania will keep its barges sailing.\n\n"
            "09:00 - Early\n"
            "Wielgosz said yesterday that the dams must stop.\n")
    got = found_in(text)
    assert [f.stated_on for f in got] == [dt.date(2030, 3, 20), dt.date(2030, 3, 19), dt.date(2030, 3, 18)]
    # one such line alone is the publication's, and says nothing of the days before it
    once = text.replace("Tuesday 19 March\n\n", "")
    assert [f.stated_on for f in found_in(once)] == \
        [dt.date(2030, 3, 20)] * 2 + [dt.date(2030, 3, 19)]
    # a box of key dates is no blog's days
    box = ("Talks end without a deal\n\n"
           "Foreign Minister Tomasz Wielgosz said on Wednesday that the talks had failed.\n\n"
           "Key dates:\n\nMarch 3, 2021\n\nJune 14, 2024\n\n"
           "Helena Marquardt said Borvania would keep its barges sailing.\n")
    assert [f.stated_on for f in found_in(box)] == \
        [dt.date(2030, 3, 20)] * 2

SPEECH = ("River talks: Remarks by Commission chair Yuri Antonenko after the meeting in Marensk\n\n"
          "Marensk, 20/03/2030 - Press Office\n\n"
          "Check against delivery!\n\n"
          "Good evening.\n\n"
          "Tonight we have an agreement on the monitoring of the river. Aldoria has agreed to share its gauging data "
          "every week.\n\n"
          "Foreign Minister Tomasz Wielgosz told me that Aldoria would never accept new dams upstream.\n\n"
          "We will not tolerate backsliding by either side. Our commission will publish the data.\n\n"
          "Q. Will Borvania stop building dams?\n\n"
          "That is a question for the two sides. I leave it to them.\n\n"
          "Q. And the water quota?\n\n"
          "We have not discussed the quota today.\n\n"
          "Press contacts\n")


def test_a_published_speech_is_its_speakers_words():
    got = found_in(SPEECH)
    by = {f.text: (f.speaker, f.party_code) for f in got}
    chair = ("Yuri Antonenko", "RIV")
    assert by["Tonight we have an agreement on the monitoring of the river."] == chair
    assert by["Aldoria has agreed to share its gauging data every week."] == chair  # the chair's account
    assert by["We will not tolerate backsliding by either side."] == chair
    assert by["That is a question for the two sides."] == chair  # an answer of its Q&A
    assert by["We have not discussed the quota today."] == chair
    wielgosz = next(f for f in got if "never accept new dams" in f.text)
    assert (wielgosz.speaker, wielgosz.party_code) == ("Tomasz Wielgosz", "ALD")  # a person it relays speaks
    assert not any(t.startswith(("Good evening", "Q.", "Press contacts", "Marensk, 20/03")) for t in by)


OP_ED = ("The river cannot wait for another summer of promises\n\n"
         "The Varta Ledger | Opinion | 18 March 2030\n\n"
         "{byline}\n\n"
         "Next week the two delegations will meet again in Marensk, and we wish them well in their work.\n\n"
         "Our position is simple. The dams upstream must stop until a fixed share of the water is agreed. "
         "We will not accept a quota that changes with every season, and I believe our neighbours know it.\n\n"
         "Helena Marquardt said on Monday that Borvania needs the dams for its farms. "
         "We understand that, but the river belongs to both of us.\n\n"
         "Borvania claims that the quota was settled long ago. Borvania has agreed to share the gauges every week.\n")


@pytest.mark.parametrize("byline", [
    "By Tomasz Wielgosz",
    "Tomasz Wielgosz is the Foreign Minister of Aldoria.",
])
def test_an_opinion_piece_signed_by_someone_the_negotiation_knows_is_their_words(byline):
    got = found_in(OP_ED.format(byline=byline))
    by = {f.text: (f.speaker, f.party_code) for f in got}
    author = ("Tomasz Wielgosz", "ALD")
    assert by["The dams upstream must stop until a fixed share of the water is agreed."] == author
    assert by["We will not accept a quota that changes with every season, and I believe our neighbours know it."] == author
    assert by["Helena Marquardt said on Monday that Borvania needs the dams for its farms."] == ("Helena Marquardt", "BOR")
    # another side's view relayed in the present is that side's; an account of what it did is the author's
    assert by["Borvania claims that the quota was settled long ago."] == (None, "BOR")
    assert by["Borvania has agreed to share the gauges every week."] == author


def test_a_piece_by_a_journalist_or_titled_with_a_name_is_no_ones_opinion():
    for byline in ("By Jane Roe, diplomatic editor", "Wielgosz, Marquardt agree to meet again"):
        got = found_in(OP_ED.format(byline=byline))
        assert not any(f.text.startswith("The dams upstream must stop") for f in got), byline


def test_an_institutions_statement_in_the_third_person_is_its_own():
    text = ("Press Statement on the talks with Borvania on the Varta\n\n"
            "Ministry of Foreign Affairs of Aldoria\n\n"
            "Marensk, 20 March 2030\n\n"
            "The Government of Aldoria has learned with regret of the statement issued by Kestrel City on Monday.\n\n"
            "1. The Government does not accept that the talks on the dams have ended. Aldoria will not sign a text "
            "prepared in its absence.\n\n"
            "2. Aldoria remains committed to a fixed share of the river's water for the summer.\n")
    got = found_in(text)
    by = {f.text: f.party_code for f in got}
    assert by["The Government does not accept that the talks on the dams have ended."] == "ALD"
    assert by["Aldoria will not sign a text prepared in its absence."] == "ALD"
    assert by["Aldoria remains committed to a fixed share of the river's water for the summer."] == "ALD"




RELEASE = ("Aldoria answers the dams with a water plan\n\n"
           "REPUBLIC OF ALDORIA\n"
           "MINISTRY OF FOREIGN AFFAIRS\n"
           "Marensk, 18 March 2030\n"
           "FOR IMMEDIATE RELEASE\n\n"
           "The Government of Aldoria welcomes the reopening of the talks with Borvania on the Varta on Monday.\n\n"
           "The Royal Government will keep its gauging stations open to the Basin Commission. Until a fixed share "
           "of the river's water is agreed, no new permits will be granted for the lower weir. Aldoria calls on "
           "Borvania to halt the dams upstream.\n\n"
           "###\n")


def test_a_press_releases_own_sentences_are_its_issuers_on_the_day_it_came_out():
    got = find_statements(RELEASE, published=dt.date(2030, 3, 18), context=CONTEXT)
    by = {f.text: (f.speaker, f.party_code, f.stated_on) for f in got}
    own = (None, "ALD", dt.date(2030, 3, 18))
    assert by["The Royal Government will keep its gauging stations open to the Basin Commission."] == own
    assert by["Until a fixed share of the river's water is agreed, no new permits will be granted for the lower "
              "weir."] == own  # no speech verb, no subject of any party: the release's voice
    # a campaign group's release is no party's: its sentences are no party's statements
    group = RELEASE.replace("REPUBLIC OF ALDORIA\nMINISTRY OF FOREIGN AFFAIRS", "VARTA RIVER ALLIANCE").replace(
        "The Government of Aldoria welcomes", "The Varta River Alliance, a network of anglers, welcomes")
    assert not any("no new permits" in f.text for f in find_statements(group, published=dt.date(2030, 3, 18),
                                                                       context=CONTEXT))


def test_a_partys_statement_signed_at_its_foot_is_the_signatorys():
    text = ("Press Statement on the talks with Borvania on the Varta\n\n"
            "Ministry of Foreign Affairs of Aldoria\n\n"
            "Marensk, 20 March 2030\n\n"
            "The Government of Aldoria has learned with regret of the statement issued by Kestrel City on Monday.\n\n"
            "1. The Government does not accept that the talks on the dams have ended.\n\n"
            "2. Aldoria remains committed to a fixed share of the river's water for the summer.\n\n"
            "Tomasz Wielgosz\n"
            "Minister of Foreign Affairs of Aldoria\n")
    got = found_in(text)
    by = {f.text: (f.speaker, f.party_code) for f in got}
    assert by["The Government does not accept that the talks on the dams have ended."] == ("Tomasz Wielgosz", "ALD")
    # signed by someone of another party, or not signed: the party's own
    other = find_statements(text.replace("Tomasz Wielgosz", "Helena Marquardt"), published=dt.date(2030, 3, 20),
                            context=CONTEXT)
    assert {(f.speaker, f.party_code) for f in other if "does not accept" in f.text} == {(None, "ALD")}

def test_a_statement_on_behalf_of_a_party_is_its():
    text = ("Statement on behalf of Aldoria\n\nKestrel City, 20 March 2030\n\n"
            "We came to Kestrel City in good faith. We will not accept new dams upstream on the Varta, and our "
            "delegation has said so from the first day.\n")
    assert {f.party_code for f in found_in(text)} == {"ALD"}


def test_a_report_that_names_a_party_often_is_not_its_statement():
    text = ("Statement by Aldoria on the dams draws a cold reply\n\n"
            "Marensk, 20 March 2030\n\n"
            "Aldoria published its position on the dams upstream on the Varta on Wednesday morning.\n\n"
            "Aldoria wants the building stopped. Borvania wants the dams finished by June. Aldoria has asked the "
            "commission to step in. Aldoria will meet Borvania again next week.\n")
    got = found_in(text)
    assert not any("Borvania wants the dams finished" in f.text and f.party_code == "ALD" for f in got)


def test_a_report_about_a_speech_is_read_as_a_report():
    text = ("Statement by Aldoria angers Kestrel City\n\n"
            "MARENSK, March 20 (Wire) - Aldoria's statement on the dams drew an angry reply on Wednesday.\n\n"
            "The Borvanian side said the statement was unacceptable. Officials in Kestrel City said talks would go on.\n\n"
            "The river rose by a metre overnight and the ferries stopped.\n")
    got = found_in(text)
    assert not any("river rose" in f.text for f in got)
    assert {f.party_code for f in got} == {"BOR"}


def test_a_readouts_verbs_attribute():
    text = ("Telephone conversation with the Prime Minister of Borvania\n\n"
            "Tomasz Wielgosz informed his interlocutor in detail of the reasons for halting the talks on the dams.\n\n"
            "Tomasz Wielgosz drew attention once again to the fact that the water quota had not been honoured.\n\n"
            "Helena Marquardt spoke in favour of joint monitoring of the river.\n\n"
            "The well-informed sources of the ministry were not named in the readout of the call.\n")
    got = found_in(text)
    assert [(f.speaker, f.text.split()[2]) for f in got] == [
        ("Tomasz Wielgosz", "informed"), ("Tomasz Wielgosz", "drew"), ("Helena Marquardt", "spoke")]


def test_a_transcripts_turns_go_on_in_paragraphs_without_a_label():
    context = dataclasses.replace(CONTEXT, people=CONTEXT.people + (
        PersonRef("Ana de la Vega", "BOR", "Chief negotiator", ("de la Vega", "De la Vega")),))
    text = ("Transcript: press conference of the Borvanian delegation in Kestrel City\n\n"
            "Q (Radio Varta): Will Borvania stop building the dams?\n\n"
            "ANA DE LA VEGA (Chief negotiator): We will not stop building. The dams are ours.\n\n"
            "And the barges will keep sailing freely on the lower Varta.\n\n"
            "Q (Daily Marensk): And the water quota?\n\n"
            "We have not discussed the quota today.\n\n"
            "[Unofficial transcript prepared by the press pool. Questions have been shortened; cross-talk omitted.]\n\n"
            "(The briefing was concluded at 3:02 p.m.)\n")
    got = {f.text: (f.speaker, f.party_code) for f in find_statements(text, published=dt.date(2030, 3, 19), context=context)}
    assert got["We will not stop building."] == ("Ana de la Vega", "BOR")  # a label in capitals, with a role
    assert got["And the barges will keep sailing freely on the lower Varta."] == ("Ana de la Vega", "BOR")
    assert got["We have not discussed the quota today."] == (None, "BOR")  # an answer: the delegation's
    assert not any(t.startswith(("Q (", "(The briefing", "[Unofficial", "Questions have")) for t in got)  # nor notes


def test_greetings_and_thanks_in_a_transcript_are_no_statements_unless_a_view_follows():
    text = ("Transcript: press conference of the Borvanian delegation in Kestrel City\n\n"
            "Q (Radio Varta): Will Borvania stop building the dams?\n\n"
            "A: Good afternoon, everyone, and welcome to Kestrel City. Thank you all for coming. "
            "Thank you for the question, but we will not stop building the dams. "
            "Thanks to the commission, the barges still sail on the lower Varta.\n\n"
            "Q (Daily Marensk): And the water quota?\n\n"
            "A: We have not discussed the quota today. We will begin to draw down the barges as we committed to do. "
            "With that, I'll take your questions. Dr Antonenko, over to you. Tomasz Wielgosz, thank you, but the "
            "dams will stay.\n")
    texts = [f.text for f in find_statements(text, published=dt.date(2030, 3, 19), context=CONTEXT)]
    assert not any(t.startswith(("Good afternoon", "Thank you all", "With that", "Dr Antonenko")) for t in texts)
    assert "Tomasz Wielgosz, thank you, but the dams will stay." in texts  # a view after the courtesy
    assert "We will begin to draw down the barges as we committed to do." in texts  # a promise, not the floor
    assert "Thank you for the question, but we will not stop building the dams." in texts
    assert "Thanks to the commission, the barges still sail on the lower Varta." in texts


def test_a_note_on_the_text_itself_is_no_statement():
    text = ("Transcript: press conference of the Borvanian delegation in Kestrel City\n\n"
            "Q (Radio Varta): Will Borvania stop building the dams?\n\n"
            "A: We will not stop building. The transcript and the recording will be available on our website.\n\n"
            "Q (Daily Marensk): And the water quota?\n\n"
            "A: The quota is for the commission. Transcribed by the delegation's press team.\n\n"
            "Note: All press releases and fact sheets are available in the newsroom.\n")
    texts = [f.text for f in find_statements(text, published=dt.date(2030, 3, 19), context=CONTEXT)]
    assert "We will not stop building." in texts and "The quota is for the commission." in texts
    assert not any(t.startswith(("The transcript", "Transcribed", "Note:")) for t in texts)


def test_a_roster_of_who_is_present_is_no_statement():
    text = ("Transcript: joint press conference on the Varta in Kestrel City\n\n"
            "Tomasz Wielgosz, Foreign Minister of Aldoria; Helena Marquardt, Prime Minister of Borvania.\n\n"
            "Moderator: Anna Berg, press office of the commission.\n\n"
            "Q (Radio Varta): Will Borvania stop building the dams?\n\n"
            "A: We will not stop building the dams. Aldoria and Borvania, neighbours for ever.\n\n"
            "Q (Daily Marensk): And the water quota?\n\n"
            "A: The quota is a matter for the commission.\n\n"
            "For further information: Jan Dvor, Spokesperson; Eva Lint, Press Officer.\n")
    texts = [f.text for f in find_statements(text, published=dt.date(2030, 3, 19), context=CONTEXT)]
    assert "We will not stop building the dams." in texts
    assert "The quota is a matter for the commission." in texts
    assert not any(t.startswith(("Tomasz Wielgosz, Foreign", "Moderator", "For further", "Jan Dvor")) for t in texts)
    signed = "River notes\n\nAuthors: Helena Marquardt (director) and Yuri Antonenko (research fellow)\n\n"
    assert not any(f.text.startswith("Authors") for f in found_in(signed + "The study of the basin is out.\n"))


def test_a_question_takes_no_position_but_a_view_ending_in_one_does():
    text = ("Transcript: press conference of the Borvanian delegation in Kestrel City\n\n"
            "Q (Radio Varta): Will Borvania stop building the dams?\n\n"
            "A: We will not stop building. Mr Antonenko, would you like to add something?\n\n"
            "Q (Daily Marensk): And the water quota?\n\n"
            "A: The quota is for the commission. We have said it often, and why would we change our minds now?\n\n"
            "Q (Radio Varta): And the tolls?\n\n"
            "A: Why should Borvania pay for Aldoria's mistakes? The treaty is ready. We will sign, but will Aldoria?\n")
    texts = [f.text for f in find_statements(text, published=dt.date(2030, 3, 19), context=CONTEXT)]
    assert "We will not stop building." in texts
    assert not any(t.startswith("Mr Antonenko") for t in texts)
    assert "We have said it often, and why would we change our minds now?" in texts
    assert "Why should Borvania pay for Aldoria's mistakes?" in texts  # rhetorical: a view
    assert "We will sign, but will Aldoria?" in texts
    said = found_in("Title\n\n\u201cHow can you trust a neighbour who keeps building dams on a shared river?\u201d "
                    "Marquardt asked.\n")
    assert [f.speaker for f in said] == ["Helena Marquardt"]  # a general "you": rhetorical
    # a rhetorical question is a view
    said = found_in("Title\n\n\u201cWhy should Borvania ever stop building dams on its own river?\u201d Marquardt asked.\n")
    assert [f.speaker for f in said] == ["Helena Marquardt"]


@pytest.mark.parametrize("sentence", [
    "Our demand is clear: Kestrel City, not Marensk, decides where the dams go.",
    "The River Basin Commission (RBC), not Marensk, sets the quota.",
    "Aldoria, frankly, has no case; Borvania, for its part, will keep building.",
    "WE WILL NOT STOP BUILDING THE DAMS, NOT NOW, NOT EVER.",
    "Our demand: Kestrel City, not Marensk, decides where the dams go.",
])
def test_a_view_with_names_commas_or_semicolons_is_no_roster(sentence):
    text = ("Transcript: press conference of the Borvanian delegation in Kestrel City\n\n"
            f"Q (Radio Varta): Will Borvania stop building the dams?\n\nA: {sentence}\n\n"
            "Q (Daily Marensk): And the quota?\n\nA: The quota is for the commission.\n")
    assert sentence in [f.text for f in find_statements(text, published=dt.date(2030, 3, 19), context=CONTEXT)]


def test_a_word_before_a_colon_in_an_answer_is_no_one_elses_label():
    text = ("Transcript: press conference of the Borvanian delegation in Kestrel City\n\n"
            "Q (Radio Varta): What does Borvania want?\n\n"
            "A: Two things, and both are simple.\n\n"
            "First: the barges must sail freely on the lower Varta.\n\n"
            "Second: no inspections of our barges, ever, by anyone.\n\n"
            "Q (Daily Marensk): And the quota?\n\nA: The quota is for the commission.\n")
    got = {f.text: f.party_code for f in find_statements(text, published=dt.date(2030, 3, 19), context=CONTEXT)}
    assert got.get("First: the barges must sail freely on the lower Varta.") == "BOR"
    assert got.get("Second: no inspections of our barges, ever, by anyone.") == "BOR"
    # a one-word label of the one who chairs ends the turn: it is not the answerer's
    text = text.replace("Second:", "Moderator: We have time for one more question, please keep it short.\n\nSecond:")
    got = {f.text: f.party_code for f in find_statements(text, published=dt.date(2030, 3, 19), context=CONTEXT)}
    assert not any(t.startswith(("Moderator", "We have time")) for t in got)


def test_anothers_label_ends_a_turn_in_a_transcript():
    text = ("Transcript: press conference of the Borvanian delegation in Kestrel City\n\n"
            "Q (Radio Varta): Will Borvania stop building the dams?\n\n"
            "A: We will not stop building. The dams are ours.\n\n"
            "And the barges will keep sailing freely on the lower Varta.\n\n"
            "MODERATOR: Next question, from the back of the room, please.\n\n"
            "Q (Daily Marensk): And the water quota?\n\n"
            "A: We have not discussed the quota today.\n")
    got = {f.text: f.party_code for f in find_statements(text, published=dt.date(2030, 3, 19), context=CONTEXT)}
    assert got["And the barges will keep sailing freely on the lower Varta."] == "BOR"  # a turn going on
    assert not any(t.startswith(("Next question", "MODERATOR")) for t in got)  # the moderator's, not Borvania's


def test_a_partys_declaration_is_its_words_until_a_heading_ends_it():
    text = ("Aldorian delegation: Declaration on the dams of the Varta\n\n"
            "Marensk, 20 March 2030\n\n"
            "Declaration read by the head of the delegation at the press conference held after the meeting.\n\n"
            "Friends of the river:\n\n"
            "We will not accept a single new dam upstream. Our farmers need the water this summer.\n\n"
            "We thank the commission for its patience.\n\n"
            "QUESTIONS FROM THE PRESS\n\n"
            "Asked about the quota, Wielgosz said it was a matter for the next round.\n\n"
            "The press conference closed with a minute of silence.\n")
    got = {f.text: (f.speaker, f.party_code) for f in found_in(text)}
    assert got["We will not accept a single new dam upstream."] == (None, "ALD")
    assert got["Our farmers need the water this summer."] == (None, "ALD")
    assert any(speaker == "Tomasz Wielgosz" for speaker, _ in got.values())
    assert not any("minute of silence" in t for t in got)


def test_a_list_of_a_sides_position_is_its_even_without_a_speech_verb():
    text = ("What each side wants\n\n"
            "Analysis | 13 March 2030\n\n"
            "The proposals that Borvania delivered to the commission on Monday include:\n\n"
            "- Free navigation for Borvanian barges on the lower Varta.\n\n"
            "- No inspections of the barges. They would only slow trade, Marquardt said on Tuesday.\n\n"
            "The agenda of the next round covers:\n\n"
            "- the dams\n")
    got = find_statements(text, published=dt.date(2030, 3, 13), context=CONTEXT)
    by = {f.text: (f.speaker, f.party_code, f.stated_on) for f in got}
    assert by["Free navigation for Borvanian barges on the lower Varta."] == (None, "BOR", dt.date(2030, 3, 11))
    assert by["No inspections of the barges."] == (None, "BOR", dt.date(2030, 3, 11))
    assert any(v == ("Helena Marquardt", "BOR", dt.date(2030, 3, 12)) for v in by.values())  # the item says who
    assert not any("the dams" == t for t in by)  # an agenda is no side's position


def test_calling_something_by_a_judgement_reports_it_but_a_phone_call_does_not():
    judged = found_in("Title\n\nTomasz Wielgosz called the Borvanian offer regrettable and unhelpful.\n")
    assert [(f.speaker, f.party_code) for f in judged] == [("Tomasz Wielgosz", "ALD")]
    phoned = found_in("Title\n\nTomasz Wielgosz called the Borvanian minister in Kestrel City on Monday.\n")
    assert phoned == []


@pytest.mark.parametrize("judged", [
    "Tomasz Wielgosz called the filling of the reservoir a unilateral act.",
    "Tomasz Wielgosz called the meeting successful.",
    "Tomasz Wielgosz called these claims unfounded and left Marensk.",
    "Tomasz Wielgosz called the talks productive but difficult.",
    "Aldorian officials privately describe the idea of two separate deals as a nonstarter.",
])
def test_calling_something_a_name_or_an_adjective_of_judgement_reports_it(judged):
    found = found_in(f"Title\n\n{judged}\n")
    assert [f.party_code for f in found] == ["ALD"]


@pytest.mark.parametrize("phoned", [
    "Tomasz Wielgosz called the Borvanian minister a day later.",
    "Tomasz Wielgosz called the Borvanian president on Monday.",
    "Tomasz Wielgosz called the Borvanian trade representative on Monday.",
    "Tomasz Wielgosz called the minister and discussed the weather.",
    "Tomasz Wielgosz called the talks off.",
    "Tomasz Wielgosz called the Borvanian minister an hour later.",
    "Tomasz Wielgosz called the minister who has a home in Kestrel City.",
    "Tomasz Wielgosz called the minister responsible.",
    "Tomasz Wielgosz called the official concerned but got no answer.",
])
def test_a_call_that_names_no_judgement_is_no_statement(phoned):
    assert found_in(f"Title\n\n{phoned}\n") == []


def test_a_documents_demand_that_and_asks_that_are_its_statements():
    text = ("Title\n\nThe Aldorian drafts, according to diplomats who have read them, demand that Borvania stop "
            "building dams.\n\nAccording to a summary, the Borvanian response asks that the inspections of the "
            "barges end.\n")
    found = found_in(text)
    assert [f.party_code for f in found] == ["ALD", "BOR"]


@pytest.mark.parametrize("text", [
    "Tomasz Wielgosz sets out three demands in a letter.",
    "Tomasz Wielgosz will set out the demands on Monday.",
])
def test_a_person_setting_out_demands_still_states_them(text):
    found = found_in(f"Title\n\n{text}\n")
    assert [f.speaker for f in found] == ["Tomasz Wielgosz"]


@pytest.mark.parametrize("text", [
    "The Aldorian draft keeps changing.",
    "The Borvanian proposal keeps growing longer as the talks drag on.",
])
def test_a_document_that_keeps_doing_something_states_nothing(text):
    assert found_in(f"Title\n\n{text}\n") == []


def test_a_document_setting_out_its_terms_states_them_but_a_party_or_a_plan_doing_so_does_not():
    text = ("Title\n\nThe Aldorian draft would oblige Borvania to stop building dams.\n\n"
            "The Borvanian draft treaty keeps the idea of a toll freeze.\n\n"
            "Borvania would ban new tolls, analysts said.\n\n"
            "The plan would oblige Aldoria to pay for the gauging stations.\n")
    found = found_in(text)
    assert [(f.party_code, f.text.split()[1]) for f in found] == [("ALD", "Aldorian"), ("BOR", "Borvanian")]


def test_a_day_is_carried_to_the_same_speaker_not_to_another_of_the_same_side():
    text = ("Title\n\nWielgosz said in January that the dams were a problem.\n\n"
            "Foreign ministry spokeswoman Anna Nowak said the talks were over.\n")
    found = found_in(text)
    assert [(f.speaker, f.stated_on) for f in found] == [("Tomasz Wielgosz", dt.date(2030, 1, 15)),
                                                          ("Anna Nowak", dt.date(2030, 3, 20))]


def test_the_day_after_a_setting_such_as_an_interview_is_the_statements():
    text = ("Title\n\nTalks on the Varta resumed on Friday in Marensk.\n\n"
            "Yuri Antonenko insisted in a radio interview on Wednesday that the data must be shared.\n")
    found = find_statements(text, published=dt.date(2030, 3, 23), context=CONTEXT)  # a Saturday
    assert [f.stated_on for f in found] == [dt.date(2030, 3, 20)]


@pytest.mark.parametrize("text, day", [
    ("Wielgosz told a gathering of river pilots in Marensk on Monday that the dams must stop.", dt.date(2030, 3, 18)),
    ("Wielgosz told a rally in Marensk on March 2 that the dams must stop.", dt.date(2030, 3, 2)),
    # with no "that" or quote, what follows the verb may be what is reported: its day is not the saying's
    ("Wielgosz said the drafts sent last Monday were a problem.", dt.date(2030, 3, 20)),
    # a period is no day: beyond the words of a setting it is left unread, as before
    ("Wielgosz told a forum of river pilots last week that the dams must stop.", dt.date(2030, 3, 20)),
])
def test_the_words_between_the_verb_and_that_say_when(text, day):
    opening = "The talks on the river went on for hours, with little to show for them. " * 10  # names no day
    [found] = find_statements(f"Title\n\n{opening}\n\n{text}\n", published=dt.date(2030, 3, 20), context=CONTEXT)
    assert found.stated_on == day


def test_the_next_day_counts_from_the_day_told_before():
    text = ("Title\n\nBorvania handed over its answer late on Monday. "
            "Foreign ministry spokeswoman Anna Nowak said the next day that the answer was final.\n\n"
            "Yuri Antonenko insisted in a radio interview on Wednesday that the data must be shared. "
            "Wielgosz said two days earlier that the dams were a problem.\n")
    found = find_statements(text, published=dt.date(2030, 3, 23), context=CONTEXT)  # a Saturday
    assert [(f.speaker, f.stated_on) for f in found] == [("Anna Nowak", dt.date(2030, 3, 19)),
                                                          ("Yuri Antonenko", dt.date(2030, 3, 20)),
                                                          ("Tomasz Wielgosz", dt.date(2030, 3, 18))]


@pytest.mark.parametrize("text", [
    "Title\n\nTomasz Wielgosz said the next day that the dams must stop.\n",  # no day told before it
    "Title\n\nThe delegations met again the following day in a lakeside hotel. "
    "Tomasz Wielgosz said a day later that the dams must stop.\n",  # nor a day the sentence before names itself
])
def test_a_day_counted_from_no_day_told_is_not_after_publication(text):
    [found] = find_statements(text, published=dt.date(2030, 3, 20), context=CONTEXT)
    assert found.stated_on == dt.date(2030, 3, 20)  # the report's day, as if it named none


def test_a_quote_a_colon_opens_after_a_clause_about_someone_is_theirs():
    text = ("Title\n\nForeign Minister Tomasz Wielgosz hailed the result in a brief address on Wednesday night: "
            "\"From tomorrow the dams stop, and the river is everybody's again.\"\n\n"
            "The river rose overnight: \"a sight to see\", the ferrymen said to each other.\n")
    found = find_statements(text, published=dt.date(2030, 3, 21), context=CONTEXT)
    hailed = [f for f in found if "dams stop" in f.text]
    assert [(f.speaker, f.party_code, f.stated_on) for f in hailed] == [("Tomasz Wielgosz", "ALD", dt.date(2030, 3, 20))]
    assert not any("river rose" in f.text and f.party_code for f in found)


INTERVIEW = (
    "\"The river is ours to share\": Helena Marquardt on the Varta talks\n\n"
    "Interview by Ines Koval\n\n"
    "The talks on the Varta have stalled over the dams. We spoke to Prime Minister Helena Marquardt in Kestrel City "
    "on Monday. The interview has been edited for length.\n\n"
    "Why did the talks stall?\n\n"
    "HELENA MARQUARDT: Because nobody can negotiate while being threatened. The statements we heard in Marensk "
    "were one-sided.\n\n"
    "Aldoria says the dams break the treaty.\n\n"
    "MARQUARDT: The treaty says nothing about dams on our own territory, and it never did.\n\n"
    "We will keep building on our side of the border, as we always have.\n\n"
    "Wielgosz: no new dams on the river, ever, whatever the treaty says.\n\n"
    "Will you meet Wielgosz again?\n\n"
    "MARQUARDT: We are ready to meet him at any time, if the threats stop."
)


def test_an_interviews_labelled_answers_are_their_speakers_and_its_questions_the_interviewers():
    found = found_in(INTERVIEW)
    answers = [f for f in found if f.speaker == "Helena Marquardt"]
    assert [f.text for f in answers] == [
        "Because nobody can negotiate while being threatened.", "The statements we heard in Marensk were one-sided.",
        "The treaty says nothing about dams on our own territory, and it never did.",
        "We will keep building on our side of the border, as we always have.",  # the answer going on, unlabelled
        "We are ready to meet him at any time, if the threats stop."]
    assert {f.party_code for f in answers} == {"BOR"}
    assert answers[2].asked == "Aldoria says the dams break the treaty."  # the interviewer's words it answers
    # held on Monday, as the introduction says: the day of answers that name none
    assert {f.stated_on for f in answers} == {dt.date(2030, 3, 18)}
    # the interviewer's words are no answer, and a subheading "Name: claim" is no turn
    assert not any(f.speaker == "Helena Marquardt" and "break the treaty" in f.text for f in found)
    # a name over one line, even a sentence, is a subheading: Wielgosz gives no turn here
    assert not any("no new dams on the river" in f.text and f.attribution.startswith("turn") for f in found)


def test_an_interviews_byline_with_its_publication_day_is_not_the_day_it_was_held():
    text = INTERVIEW.replace("Interview by Ines Koval", "Interview by Ines Koval | Published 20 March 2030")
    found = found_in(text)
    assert {f.stated_on for f in found if f.speaker == "Helena Marquardt"} == {dt.date(2030, 3, 18)}


def test_an_interview_headlined_by_its_interviewees_words_is_held_on_the_day_its_introduction_says():
    # the headline "Marquardt: ..." reads as a turn, but the interview begins after the introduction
    text = ('Marquardt: "A deal this year is possible if we stop treating the calendar as an enemy"\n\n'
            "River Radio - The Morning Briefing\nBroadcast: Wednesday 20 March 2030, 07:40\nPresenter: Ines Koval\n\n"
            "The two leaders met yesterday for the first time in eight weeks. Prime Minister Helena Marquardt "
            "spoke to Ines Koval after the meeting on Tuesday evening. The interview has been shortened.\n\n"
            "RR: Prime Minister, what changed?\n\n"
            "MARQUARDT: The dams upstream are built on our own territory and they will be finished.\n\n"
            "RR: And the quota?\n\n"
            "MARQUARDT: We are ready to talk about a share of the water once the threats from Marensk stop.\n")
    answers = [f for f in found_in(text) if f.attribution == "turn of 'MARQUARDT'"]
    assert len(answers) == 2 and {f.stated_on for f in answers} == {dt.date(2030, 3, 19)}


def test_a_broadcast_interview_is_held_on_the_day_it_was_recorded():
    text = INTERVIEW.replace("We spoke to Prime Minister Helena Marquardt in Kestrel City on Monday.",
                             "Broadcast Wednesday. Recorded in Kestrel City on Monday.")
    found = found_in(text)
    assert {f.stated_on for f in found if f.speaker == "Helena Marquardt"} == {dt.date(2030, 3, 18)}


DEBATE = (
    "Aldorian Assembly: debate on the river treaty (extract of the minutes)\n\n"
    "SESSION OF MONDAY 18 MARCH 2030\n\n"
    "TOMASZ WIELGOSZ (Foreign Minister): Madam Speaker, the dams upstream have cut the flow by a third, and "
    "Aldoria will not sign any treaty that leaves them standing.\n\n"
    "(Applause)\n\n"
    "SESSION OF TUESDAY 19 MARCH 2030\n\n"
    "HELENA MARQUARDT (Prime Minister of Borvania, guest of the Assembly): The dams are built on our own "
    "territory, and we are ready to share the gauging data with anyone who asks.\n\n"
    "YURI ANTONENKO (Commission chair): The commission has offered its good offices to both sides, and we "
    "will convene the working group on the gauges next week.\n\n"
    "THE SPEAKER: Colleagues, please, let the speaker finish and keep to the time allowed.\n"
)


def test_a_debates_record_gives_each_speaker_their_turn_though_each_speaks_once():
    found = found_in(DEBATE)
    turns = {(f.speaker, f.party_code, f.stated_on) for f in found if f.attribution.startswith("turn of")}
    assert turns == {("Tomasz Wielgosz", "ALD", dt.date(2030, 3, 18)), ("Helena Marquardt", "BOR", dt.date(2030, 3, 19)),
                     ("Yuri Antonenko", "RIV", dt.date(2030, 3, 19))}  # the day of the sitting each spoke at
    assert not any("let the speaker finish" in f.text for f in found)  # the chair keeps order: no one's position


def test_a_debates_speaker_the_negotiation_does_not_know_speaks_for_the_side_in_brackets():
    text = DEBATE.replace("THE SPEAKER:", "OSKAR LINDQVIST (Aldorian government): We will vote for the treaty only "
                          "if the dams come down.\n\nTHE SPEAKER:")
    got = {f.text: (f.speaker, f.party_code) for f in found_in(text)}
    assert got["We will vote for the treaty only if the dams come down."] == (None, "ALD")
    # one who names no side keeps no one's words: not the speaker's before them
    text = DEBATE.replace("THE SPEAKER:", "OSKAR LINDQVIST (Independent): We think the dams are a scandal.\n\nTHE SPEAKER:")
    assert not any("scandal" in f.text for f in found_in(text))
    # a journalist's outlet named after a side is not that side; a role of a side is
    text = DEBATE.replace("THE SPEAKER:", "ANNA BERG (Radio Aldoria): We think the dams are a scandal.\n\nTHE SPEAKER:")
    assert not any("scandal" in f.text for f in found_in(text))
    text = DEBATE.replace("THE SPEAKER:", "OSKAR LINDQVIST (Minister of Aldoria): We think the dams are a scandal."
                          "\n\nTHE SPEAKER:")
    assert [f.party_code for f in found_in(text) if "scandal" in f.text] == ["ALD"]


def test_a_debate_keeps_the_turns_of_one_who_speaks_twice_but_briefly():
    long_turn = DEBATE[DEBATE.index("YURI ANTONENKO"):DEBATE.index("THE SPEAKER")]
    text = DEBATE.replace(long_turn, "YURI ANTONENKO: The working group will meet on the gauges.\n\n"
                          "YURI ANTONENKO: The commission will publish its figures on Friday.\n\n")
    text = text.replace("SESSION OF MONDAY", "TOMASZ WIELGOSZ: The dams upstream have cut the flow of the river by a third "
                        "this year, and Aldoria will not sign any treaty that leaves them standing.\n\nSESSION OF MONDAY")
    briefly = [f for f in found_in(text) if f.attribution == "turn of 'YURI ANTONENKO'"]
    assert [f.text for f in briefly] == ["The working group will meet on the gauges.",
                                         "The commission will publish its figures on Friday."]


def test_two_named_turns_of_one_line_each_are_subheadings_not_a_debate():
    text = ("Talks stall on the Varta\n\nMarquardt: the dams stay on our own territory whatever happens.\n\n"
            "Wielgosz: the dams must go before any treaty is signed by Aldoria.\n\n"
            "Antonenko: the commission will keep offering its good offices to both.\n\n"
            "The Borvanian prime minister said on Monday that the dams would stay.")
    assert not any(f.attribution.startswith("turn") for f in found_in(text))


def test_an_interviewee_named_only_in_the_labels_and_then_by_initials():
    text = ("\"Our dams stay\": Borvania's water minister on the Varta talks\n\n"
            "River Weekly | The Interview\n\n"
            "Ostap Varga has spent the winter between Kestrel City and Marensk. We spoke to him on Monday.\n\n"
            "River Weekly: Will Borvania stop building dams?\n\n"
            "Ostap Varga: No. The dams upstream are built on our own territory and they will be finished.\n\n"
            "RW: Aldoria says the river is running dry.\n\n"
            "OV: The river is running as it always has, and our gauges show it every day of the year.\n\n"
            "RW: And the quota?\n\n"
            "OV: We are ready to talk about a share of the water once the threats from Marensk stop.\n")
    found = found_in(text)
    varga = [f for f in found if f.speaker == "Ostap Varga"]
    assert len(varga) == 3 and {f.party_code for f in varga} == {"BOR"}
    assert {f.stated_on for f in varga} == {dt.date(2030, 3, 18)}  # the day the introduction says
    assert not any(f.speaker == "River Weekly" for f in found)  # the outlet asks: no interviewee


def test_two_subheadings_naming_a_speaker_are_no_interview():
    text = ("Talks stall on the Varta\n\nMarquardt: dams stay\n\nWielgosz: the dams must go\n\n"
            "The Borvanian prime minister said on Monday that the dams would stay.")
    found = found_in(text)
    assert not any(f.attribution.startswith("turn") for f in found)


@pytest.mark.parametrize("text", [
    "Borvanian officials also insist that the dams are legal under the treaty.",
    "The Borvanian side claims that the dams are legal under the treaty.",
    "Borvanian officials maintain that the dams are legal under the treaty.",
])
def test_a_plural_or_present_verb_of_saying_before_that_attributes(text):
    found = found_in(text)
    assert [(f.party_code, f.text) for f in found] == [("BOR", text)]


def test_a_plural_verb_of_saying_needs_its_that():
    text = "Borvanian officials insist on the dams, and the dams stay, the report shows."
    found = found_in(text)
    assert not any("insist" in f.attribution for f in found)


def test_a_long_state_title_before_a_name_and_a_name_with_letters_beyond_ascii():
    from ingest.extraction import PartyRef

    context = dataclasses.replace(CONTEXT, parties=CONTEXT.parties + (PartyRef("OLV", "Ölvania", (), ("Ölvanian",)),))
    text = ("Aldorian Foreign Minister Tomasz Wielgosz said on Monday that the dams must go.\n\n"
            "President of the Commonwealth of Ölvania Jan Kossak, speaking at the river forum on March 19, stated that "
            "Ölvania supports the talks. He expressed hope that the dams would be discussed.")
    found = find_statements(text, published=dt.date(2030, 3, 20), context=context)
    kossak = [f for f in found if f.party_code == "OLV"]
    assert [(f.speaker, f.text[:20]) for f in kossak] == [("Jan Kossak", "President of the Com"), ("Jan Kossak", "He expressed hope th")]


def test_a_readouts_agentless_it_was_noted_that_goes_on_with_its_speaker():
    text = ("The Borvanian foreign ministry noted in a statement on Monday that the talks had stalled. "
            "It was also stressed that the dams upstream on the Varta were legal.")
    found = found_in(text)
    noted = [f for f in found if f.text.startswith("It was also stressed")]
    assert [(f.party_code, f.stated_on) for f in noted] == [("BOR", dt.date(2030, 3, 18))]
    # with no statement before it, nobody's
    alone = find_statements("The talks stalled. It was also stressed that the dams were legal.",
                            published=dt.date(2030, 3, 20), context=CONTEXT)
    assert alone == []


@pytest.mark.parametrize("text, speaker", [
    ("Foreign Minister of Aldoria Tomasz Wielgosz flew to Marensk on Monday, saying the dams must go.", "Tomasz Wielgosz"),
    ("Supporters of Wielgosz flew to Marensk on Monday, saying the dams must go.", None),  # "of" after no title
    ("Friends for the Wielgosz campaign left early, saying the dams must go.", None),
])
def test_a_title_of_an_office_before_a_name_opens_the_sentence_but_not_any_capital_and_of(text, speaker):
    found = found_in(text)
    assert [f.speaker for f in found] == ([speaker] if speaker else [])


@pytest.mark.parametrize("text, claim_has", [
    # an attribution set off by commas: what it says is before it (and after it, when the claim goes on)
    ("Aldoria expected Borvania to stop building dams on the upper Varta, he said, according to state media.", "dams"),
    ("The quota of summer water, Wielgosz argues, is the first test of the accord.", "quota"),
    ("Borvania must stop building dams, Wielgosz said on Sunday, according to the state agency.", "dams"),
    # narrative, then who says what: the claim is from the speaker on
    ("Crowds rallied outside the ministry in the capital all day, as Wielgosz said the dams must stop.", "dams"),
])
def test_the_claim_the_linker_reads_holds_what_was_said(text, claim_has):
    f = next(f for f in find_statements("Aldoria's minister Tomasz Wielgosz spoke. " + text,
                                        published=dt.date(2030, 3, 20), context=CONTEXT) if text[:20] in f.text)
    assert claim_has in (f.claim or f.text)
    assert (f.claim or f.text).strip() not in ("", "he said, according to state media.")


@pytest.mark.parametrize("after", [
    "said Foreign Minister Tomasz Wielgosz",
    "said Aldoria's Foreign Minister Tomasz Wielgosz",
    "said Aldorian foreign minister Tomasz Wielgosz",
    "said Tomasz Wielgosz",
])
def test_a_quote_said_by_a_titled_name_after_it_is_theirs(after):
    text = f"\u201cThe construction of new dams on the upper Varta must stop at once,\u201d {after}."
    (f,) = found_in(text)
    assert (f.speaker, f.party_code) == ("Tomasz Wielgosz", "ALD")


def test_a_new_person_opening_a_sentence_with_who_is_the_he_of_the_quote_after():
    text = ("Tomasz Wielgosz said Aldoria would not sign. Piotr Nowak, who follows the river talks at a university in "
            "Marensk, sees a bargain within reach. \u201cThe dams for the quota: that is the deal,\u201d he said.")
    got = found_in(text)
    quote = next(f for f in got if "that is the deal" in f.text)
    assert (quote.speaker, quote.party_code) == ("Piotr Nowak", None)  # not the minister named before


@pytest.mark.parametrize("text, party", [
    ("Borvania remains committed to the talks on the river.", "BOR"),
    ("Borvania commits to lifting the tolls by May.", "BOR"),
    ("The commission is deeply alarmed by the new dams upstream.", "RIV"),
    ("The Aldorian draft commits Borvania to lift the tolls.", "ALD"),  # a document's terms, as before
])
def test_a_commitment_or_a_concern_of_a_party_is_its_statement(text, party):
    assert [f.party_code for f in found_in(f"Title\n\n{text}\n")] == [party]


@pytest.mark.parametrize("text", [
    "The money was committed to the fund in May.",
    "The parties concerned met in Marensk.",
])
def test_committed_money_and_the_parties_concerned_state_nothing(text):
    assert found_in(f"Title\n\n{text}\n") == []


@pytest.mark.parametrize("text, speaker", [
    ("Her fellow co-chair Yuri Antonenko said the gauges must be shared.", "Yuri Antonenko"),
    ("His counterpart Tomasz Wielgosz said the quota was not enough.", "Tomasz Wielgosz"),
    ("The co-chairman Yuri Antonenko said the gauges must be shared.", "Yuri Antonenko"),
])
def test_a_role_in_lower_case_before_a_known_name(text, speaker):
    found = found_in(text)
    assert [f.speaker for f in found] == [speaker]


def test_an_official_placed_in_a_city_speaks_for_the_side_named_before_it():
    found = found_in("An Aldorian official in Kestrel City said the quota was fair.")  # the city is Borvania's
    assert [(f.party_code, f.speaker) for f in found] == [("ALD", None)]


def test_an_aside_with_an_apposition_of_its_own_between_subject_and_verb():
    text = ("Borvania, which had backed the monitoring plan on Monday, the first of the two sides to do so, "
            "said it would sign the protocol.")
    found = found_in("The talks resumed in Marensk on Wednesday.\n\n" + text)
    assert [f.party_code for f in found] == ["BOR"]
    assert found[0].stated_on == DAY  # the aside's Monday is not when it spoke


UPSTREAM = dataclasses.replace(CONTEXT, parties=CONTEXT.parties + (
    PartyRef("UPG", "Upstream Group", ("the Upstream Group",), ()),))


@pytest.mark.parametrize("text, parties", [
    ("The Upstream Group made its case in Marensk on Monday.\n\n"
     "\u201cThe river cannot wait for another season,\u201d the group said. "
     "The group insisted that the quota be fixed in the treaty itself.", ["UPG", "UPG"]),
    # the group that spoke, not the document spoken of before it
    ("The Borvanian draft said that the barges must keep sailing.\n\n"
     "A statement read on behalf of the Upstream Group called the quota \u201cthe floor, not the ceiling\u201d. "
     "The group also asked for a fund to pay for the gauging stations.", ["BOR", "UPG", "UPG"]),
])
def test_the_group_or_coalition_a_side_is_named_as_stands_for_it(text, parties):
    assert [f.party_code for f in find_statements(text, published=DAY, context=UPSTREAM)] == parties


@pytest.mark.parametrize("text, party", [
    ("In Marensk, the Aldorian government answered with a statement of its own. It said it would stop the dams "
     "at once.", "ALD"),  # the side the sentence before is about
    ("The Borvanian foreign ministry said the format could not go on. It wants the commission to propose a "
     "compromise.", "BOR"),  # the body that spoke just before
    ("The River Basin Commission said the gauges were ready. A framework document that the Borvanian side "
     "presented laid out its demands. It called on Aldoria to stop building dams.", "BOR"),  # the document's side
    ("The Aldorian reply, delivered the same day, goes further. It calls on Borvania to open the locks.", "ALD"),
])
def test_it_stands_for_the_body_or_document_just_spoken_of(text, party):
    found = [f for f in found_in(text) if f.text.startswith("It ")]
    assert [f.party_code for f in found] == [party]


def test_it_after_a_sentence_about_something_else_is_no_sides():
    found = found_in("The River Basin Commission said the gauges were ready. The talks then broke down. "
                     "It said nothing more about the locks.")
    assert [f.party_code for f in found] == ["RIV"]


@pytest.mark.parametrize("text, who", [
    ("The Aldorians, however, continue to say that a ceasefire will not be discussed.", ("ALD", None)),
    ("The Borvanians said the locks would stay shut.", ("BOR", None)),  # a side's people, for the side
    ("Wielgosz continued to insist that the dams must go.", ("ALD", "Tomasz Wielgosz")),
    ("Marquardt points out that the two sides came close in March.", ("BOR", "Helena Marquardt")),
])
def test_more_ways_a_side_states_its_view(text, who):
    assert [(f.party_code, f.speaker) for f in found_in(text)] == [who]


def test_what_a_side_will_continue_to_insist_on_is_reported_not_a_new_speaker():
    found = found_in("Marquardt said Aldoria would continue to insist on a fixed quota, which she called unfair.")
    assert [(f.party_code, f.speaker) for f in found] == [("BOR", "Helena Marquardt")]


@pytest.mark.parametrize("text, who", [
    ("A diplomat from Borvania said the locks would stay shut.", ("BOR", None)),
    ("A senior Aldorian official involved in the talks told us that Marensk would not wait.", ("ALD", None)),
])
def test_an_unnamed_speaker_placed_by_where_they_come_from_or_what_they_work_on(text, who):
    assert [(f.party_code, f.speaker) for f in found_in(text)] == [who]


@pytest.mark.parametrize("text, party", [
    ("Borvania's position is harder to pin down. Its officials say they back a renewal.", "BOR"),
    ("The Aldorian government published its reply. Their negotiators said the quota was unfair.", "ALD"),
])
def test_its_or_their_people_are_of_the_side_just_spoken_of(text, party):
    found = found_in(text)
    assert [f.party_code for f in found] == [party]


def test_its_people_after_a_sentence_about_something_else_are_no_sides():
    assert found_in("The talks broke down on Monday. Its officials say the locks stay shut.") == []


@pytest.mark.parametrize("text", [
    "Wielgosz blamed Kestrel City for the collapse of the talks.",
    "Wielgosz has floated another idea: scrapping the joint monitoring altogether.",
    "Wielgosz also took aim at a Borvanian demand to open the lower weir.",
    "Wielgosz hailed the accord as a historic step for the river.",
    "Wielgosz's negotiators regard the tolls as a red line.",
    "Wielgosz recalls that the locks were opened in March.",
    "Wielgosz concedes that the quota was fair.",
    "Wielgosz mentioned that the quota was unfair.",
    "Wielgosz testified that the dams had been built without consent.",
])
def test_verbs_of_taking_a_position(text):
    assert [f.party_code for f in found_in(text)] == ["ALD"]


def test_an_outlet_reporting_is_no_statement():
    assert found_in("Wire reported that the quota talks had stalled.") == []


def test_with_regard_to_is_no_verb_of_its_own():
    found = found_in("With regard to the panels, Wielgosz said nothing as yet.")
    assert [(f.speaker, f.attribution) for f in found] == [("Tomasz Wielgosz", "'Wielgosz' + 'said'")]


def test_the_group_is_the_latest_side_whose_name_calls_it_so():
    context = dataclasses.replace(CONTEXT, parties=CONTEXT.parties + (
        PartyRef("UPG", "Upstream Group", ("the Upstream Group",), ()),
        PartyRef("DLG", "Group for the Delta", ("the Delta group",), ())))
    text = ("The Group for the Delta spoke first. The Upstream Group made its case on Monday. "
            "Wielgosz said the quota was unfair. The group also asked for a dedicated fund.")
    found = find_statements(text, published=DAY, context=context)
    assert [f.party_code for f in found] == ["ALD", "UPG"]  # not Aldoria, which spoke last


def test_it_after_an_unnamed_document_is_the_document_spoken_of_before():
    text = ("The Borvanian reply says the quota is unfair.\n\n"
            "The River Basin Commission said the gauges were ready.\n\n"
            "The response runs to ten pages. It calls on Aldoria to open the locks.")
    found = [f for f in found_in(text) if f.text.startswith("It ")]
    assert [f.party_code for f in found] == ["BOR"]


@pytest.mark.parametrize("subject", [
    "Aldoria's envoy to the Harbour League, Oskar Lindqvist,",
    "The ambassador of Aldoria to the Harbour League, Oskar Lindqvist,",
    "The Permanent Representative of Aldoria to the Harbour League Oskar Lindqvist",
    "Aldorian Ambassador to the Harbour League Oskar Lindqvist",
])
def test_a_new_speaker_whose_role_says_where_it_is_held(subject):
    """Where an envoy serves ("to the Harbour League") is no party of theirs, and does not hide the name."""
    found = found_in(f"{subject} said that the dams upstream on the Varta must stop.")
    assert [(f.speaker, f.party_code) for f in found] == [("Oskar Lindqvist", "ALD")]


def test_a_lower_case_role_at_an_institution_is_no_title_of_the_words_after_it():
    found = found_in("Mekka Orlov, a researcher at the Harbour Policy Centre in Kestrel City, said the dams must stop.")
    assert [f.speaker for f in found] == ["Mekka Orlov"]


def test_quoted_paragraphs_after_a_name_and_a_colon_are_that_persons():
    for furniture in ("MARENSK, March 20 - The talks on the Varta resumed on Wednesday after a week of delay.",
                      "Aldorian Foreign Ministry\nFor immediate release"):
        text = ("Aldoria answers Kestrel City\n\n" + furniture + "\n\n"
                "Foreign Minister Tomasz Wielgosz MP said:\n\n"
                "\u201cThe dams upstream must stop before we sign anything at all. We will not wait another summer.\n\n"
                "\u201cOur farmers need a fixed share of the water this season.\u201d\n\n"
                "Borvania's government has not yet answered the letter sent on Monday to its ministry.\n")
        by = {f.text.strip("\u201c\u201d"): f for f in found_in(text)}
        for sentence in ("The dams upstream must stop before we sign anything at all.",
                         "We will not wait another summer.", "Our farmers need a fixed share of the water this season."):
            assert (by[sentence].speaker, by[sentence].party_code) == ("Tomasz Wielgosz", "ALD"), (furniture, sentence)
        # the quotation is over at the first paragraph that does not open with a quotation mark
        assert not any(f.text.startswith("Borvania's government has not") and f.speaker for f in by.values())


@pytest.mark.parametrize("heading", ["Aldoria", "The Aldorian government restated the positions it has held. Aldoria:"])
def test_bullet_points_under_a_sides_name_are_its_positions(heading):
    text = ("Where the sides stand\n\nA briefing on the Varta talks, for journalists and officials.\n\n"
            f"{heading}\n\n"
            "- Insists that no new dams be built upstream before a fixed share is agreed.\n"
            "- will not accept tolls on the lower river in any final text.\n\n"
            "Outside the talks\n\n"
            "- Farmers in the delta have held protests every week since January in three towns.\n")
    by = {f.text: f.party_code for f in found_in(text)}
    assert by["Insists that no new dams be built upstream before a fixed share is agreed."] == "ALD"
    assert by["will not accept tolls on the lower river in any final text."] == "ALD"
    assert not any(t.startswith("Farmers in the delta") for t in by)  # a heading naming no side heads nothing


def test_a_newcomer_introduced_by_what_they_do_after_the_quote():
    got = found_in("\u201cThe dams will be finished whatever the talks decide,\u201d said Olga Brandt, "
                   "co-author of the basin study.\n")
    assert [(f.speaker, f.party_code) for f in got] == [("Olga Brandt", None)]


def test_an_opinion_piece_signed_in_a_note_at_its_end_is_the_authors_on_the_day_it_came_out():
    body = OP_ED.format(byline="18 March 2030").replace("said on Monday", "said")
    got = find_statements(body + "\nTomasz Wielgosz is the Foreign Minister of Aldoria. He writes in a personal capacity.\n",
                          published=dt.date(2030, 3, 20), context=CONTEXT)
    by = {f.text: f for f in got}
    own = by["The dams upstream must stop until a fixed share of the water is agreed."]
    assert (own.speaker, own.party_code, own.stated_on) == ("Tomasz Wielgosz", "ALD", dt.date(2030, 3, 20))
    assert not any(t.startswith("Tomasz Wielgosz is the Foreign Minister") for t in by)  # the note is not the piece
    # a closing line that says what the person will do is no author's note
    got = find_statements(body + "\nTomasz Wielgosz is due to meet the Borvanian side next week in Marensk.\n",
                          published=dt.date(2030, 3, 20), context=CONTEXT)
    assert not any(f.text.startswith("The dams upstream must stop") for f in got)


OFFICE_RELEASE = ("Statement by the Office of the Aldorian Envoy on the Varta talks\n\n"
                  "PRESS STATEMENT\nOffice of the Aldorian Envoy, Marensk\n20 March 2030\nFor immediate release\n\n"
                  "On Tuesday the Aldorian envoy left the meeting on the dams after the Borvanian side refused to share "
                  "the gauges.\n\n"
                  "The Office recalls that the talks were opened at the request of both sides. The Office expects an "
                  "answer this week.\n\n"
                  "Our position\n\n"
                  "The Office recalls that Aldoria remains committed to a settlement on the following basis:\n\n"
                  "- no new dams upstream on the Varta before a fixed share is agreed;\n"
                  "- a fixed share of the river's water for every season of the year.\n\n"
                  "The Office regrets that the letter sent to Kestrel City on 4 March has not been answered.\n\n"
                  "ENDS\n\n"
                  "Notes for editors\n\n"
                  "1. The Varta rises in the mountains of Borvania and reaches the sea in Aldoria after 900 km.\n")


def test_an_institutions_release_speaks_through_its_sections_to_its_end_on_the_day_it_came_out():
    aldoria = dataclasses.replace(CONTEXT.parties[0], aliases=CONTEXT.parties[0].aliases + ("the Office of the Aldorian Envoy",))
    context = dataclasses.replace(CONTEXT, parties=(aldoria,) + CONTEXT.parties[1:])
    got = find_statements(OFFICE_RELEASE, published=dt.date(2030, 3, 20), context=context)
    by = {f.text: (f.party_code, f.stated_on) for f in got}
    own = ("ALD", dt.date(2030, 3, 20))  # its heading names the issuer as the editor wrote its alias, "the" aside
    assert by["no new dams upstream on the Varta before a fixed share is agreed;"] == own  # an item may end in ";"
    assert by["a fixed share of the river's water for every season of the year."] == own
    # a section's heading ("Our position") does not end an institution's words; its end marker does
    assert by["The Office regrets that the letter sent to Kestrel City on 4 March has not been answered."] == own
    assert not any(t.startswith("1. The Varta rises") or "rises in the mountains" in t for t in by)


def test_quotes_under_a_label_naming_who_says_them_are_theirs_on_the_day_of_the_piece():
    text = ("Experts react: the Varta deal\n\nHARBOUR POLICY CENTRE\nCommentary\n\n"
            "The talks collapsed on Monday after the Borvanian side walked out of the room in Marensk.\n\n"
            "Olga Brandt, senior fellow, Water Programme:\n"
            "\u201cThe quota was never a reward; it was a lever, and levers only work if you pull them back.\u201d\n\n"
            "Foreign Minister Tomasz Wielgosz:\n\u201cWe will not sign anything before the dams upstream stop.\u201d\n\n"
            "The Bottom Line:\n\u201cNothing\u201d is what the talks gave the farmers of the delta this year.\n")
    by = {f.text.strip("\u201c\u201d"): (f.speaker, f.party_code, f.stated_on) for f in found_in(text)}
    day = dt.date(2030, 3, 20)
    assert by["The quota was never a reward; it was a lever, and levers only work if you pull them back."] == (
        "Olga Brandt", None, day)
    assert by["We will not sign anything before the dams upstream stop."] == ("Tomasz Wielgosz", "ALD", day)
    assert not any("Bottom Line" in str(speaker) for speaker, _, _ in by.values())
    # a heading with no role after it is no one's name
    assert found_in("Experts react\n\nKey Points:\n\u201cThe quota was never a reward; it was a lever for the talks "
                    "on the dams.\u201d\n") == []


def test_an_interviewers_question_is_no_statement_of_the_side_it_names():
    text = ("Wielgosz on the dams: an interview\n\n"
            "Q: So Borvania accepts that it will no longer build dams alone?\n\n"
            "A: Borvania has accepted nothing yet, and we will not sign before the dams stop.\n\n"
            "Q: Borvania said on Monday that the dams would stop. Do you believe it?\n\n"
            "A: The tolls must go, and they will go this year.\n")
    by = {f.text: f.party_code for f in found_in(text)}
    assert not any("accepts that it will no longer" in t for t in by)
    assert any(t.endswith("Borvania said on Monday that the dams would stop.") and p == "BOR" for t, p in by.items())


def test_a_joint_communique_is_no_one_sides_release():
    text = ("Aldoria and Borvania: joint communiqu\u00e9\n\nREPUBLIC OF ALDORIA\nREPUBLIC OF BORVANIA\n"
            "JOINT COMMUNIQU\u00c9\nMarensk, 20 March 2030\n\n"
            "We, the two Governments, welcome the reopening of the Varta to barges as a victory for dialogue.\n\n"
            "We agree that no new dam will be built upstream while the commission studies the flow of the river.\n\n"
            "We thank the commission for its patience, and our negotiators will meet again in April.\n")
    assert not any(f.party_code == "ALD" for f in found_in(text))


def test_a_sentence_announcing_the_words_after_it_is_no_statement():
    text = ("Ahead of the summit, Borvania made clear what it wanted.\n\n"
            "Start with what Wielgosz actually said.\n\n"
            "Wielgosz said what Aldoria wanted was a fixed share of the water for every season.\n\n"
            "We asked Borvania to go further, and we were very clear about what further meant, Wielgosz said.\n")
    got = [f.text for f in found_in(text)]
    assert got == ["Wielgosz said what Aldoria wanted was a fixed share of the water for every season.",
                   "We asked Borvania to go further, and we were very clear about what further meant, Wielgosz said."]
    views = ("Marquardt said she would never accept what Aldoria wanted.\n\n"
             "Wielgosz said what Borvania wanted was impossible.\n\nWielgosz said Borvania had got what it wanted.\n")
    assert len(found_in(views)) == 3


def test_saying_nothing_is_no_statement():
    text = ("Borvania has not said whether it will accept the tolls on the lower river.\n\n"
            "Wielgosz would not say when the talks on the dams would resume.\n\n"
            "Kestrel City has not publicly commented on the offer of a fixed share.\n\n"
            "Borvania has not ruled out a fixed share of the water for the dry months.\n")
    got = [f.text for f in found_in(text + "\nKestrel City has not yet publicly commented on the tolls.\n")]
    assert got == ["Borvania has not ruled out a fixed share of the water for the dry months."]  # that is a view


def test_a_person_named_before_the_office_they_hold_in_a_sides_body_speaks():
    aldoria = dataclasses.replace(CONTEXT.parties[0], aliases=CONTEXT.parties[0].aliases + ("the ministry's delegation",))
    context = dataclasses.replace(CONTEXT, parties=(aldoria,) + CONTEXT.parties[1:])
    got = found_in("Tomasz Wielgosz, the head of the ministry's delegation, called the decision a crude act of "
                   "blackmail.\n", context=context)
    assert [(f.speaker, f.party_code) for f in got] == [("Tomasz Wielgosz", "ALD")]


def test_an_appeal_to_someone_is_speech_an_appeal_in_court_is_not():
    text = ("Wielgosz appealed to Borvania to stop the dams upstream before the summer.\n\n"
            "Borvania had appealed in December under a procedure agreed by both sides on the dams.\n")
    assert [f.text for f in found_in(text)] == ["Wielgosz appealed to Borvania to stop the dams upstream before the "
                                                "summer."]
    assert found_in("Borvania appealed to the tribunal in December under a procedure agreed by both sides.\n\n"
                    "Borvania had appealed for years under a procedure agreed by both sides.\n") == []


def test_a_programmes_own_notes_after_an_interview_are_no_ones_words():
    text = ("Aldoria Today: the foreign minister on the dams\n\n"
            "Q: Will Aldoria accept the tolls?\n\n"
            "WIELGOSZ: We will never accept tolls on the lower river, and Borvania knows it.\n\n"
            "Q: And the dams upstream?\n\n"
            "WIELGOSZ: They must stop before we sign anything at all.\n\n"
            "Listen again on our website and podcast feed.\n\n"
            "Aldoria Today is broadcast on weekdays at 18:00.\n")
    got = [f.text for f in found_in(text)]
    assert "We will never accept tolls on the lower river, and Borvania knows it." in got
    assert not any(t.startswith(("Listen again", "Aldoria Today is")) for t in got)


def test_a_view_stated_after_an_aside_or_as_an_intention_is_attributed():
    text = ("Wielgosz has so far ruled out any toll on the lower river.\n\n"
            "Wielgosz, for his part, has no intention of leaving the talks on the dams, dams or no dams.\n")
    by = {f.text: (f.speaker, f.party_code) for f in found_in(text)}
    assert by["Wielgosz has so far ruled out any toll on the lower river."] == ("Tomasz Wielgosz", "ALD")
    assert by["Wielgosz, for his part, has no intention of leaving the talks on the dams, dams or no dams."] == (
        "Tomasz Wielgosz", "ALD")


def test_a_newcomer_after_the_office_they_hold_at_some_organisation_speaks_for_no_side():
    text = ("Aldoria's negotiators left Marensk on Monday without an agreement on the dams.\n\n"
            "The president of a local association of river traders, Hanna Solberg, said the tolls had emptied the "
            "shelves on both banks.\n")
    by = {f.text: (f.speaker, f.party_code) for f in found_in(text)}
    assert by["The president of a local association of river traders, Hanna Solberg, said the tolls had emptied "
              "the shelves on both banks."] == ("Hanna Solberg", None)
    minister = found_in("The Aldorian foreign ministry rejected the offer on Monday.\n\nIvan Kral, deputy minister "
                        "and head of a working group on the river, said the tolls were illegal.\n")
    assert [(f.speaker, f.party_code) for f in minister] == [(None, "ALD"), ("Ivan Kral", "ALD")]


def test_the_body_a_known_person_leads_speaks_for_their_side():
    text = ("The Wielgosz government said on Monday that the dams upstream must stop.\n\n"
            "The Wielgosz camp rejected any toll on the lower river.\n")
    by = {f.text: (f.speaker, f.party_code) for f in found_in(text)}
    assert by["The Wielgosz government said on Monday that the dams upstream must stop."] == (None, "ALD")
    assert by["The Wielgosz camp rejected any toll on the lower river."] == (None, "ALD")
    newcomer = found_in("Olga Brandt, an analyst at the Harbour Policy Centre, said the talks were stuck.\n\n"
                        "The Brandt team said on Monday that the dams upstream must stop.\n")
    assert [(f.speaker, f.party_code) for f in newcomer] == [("Olga Brandt", None)]  # a known person's body only


def test_a_sentence_opening_for_a_person_is_that_persons_view():
    text = ("For Olga Brandt, a fellow at the Harbour Policy Centre, the fixed share is the only test of the talks.\n\n"
            "For Wielgosz, the dams upstream must stop before anything else is signed.\n\n"
            "For Borvania, the week brought nothing but bad news from the river.\n")
    by = {f.text: (f.speaker, f.party_code) for f in found_in(text)}
    assert by["For Olga Brandt, a fellow at the Harbour Policy Centre, the fixed share is the only test of the "
              "talks."] == ("Olga Brandt", None)
    assert by["For Wielgosz, the dams upstream must stop before anything else is signed."] == ("Tomasz Wielgosz", "ALD")
    assert not any(t.startswith("For Borvania") for t in by)  # a side named so is what the sentence is about
    # what happened to the person, or what another did for them, is no view of theirs
    about = found_in("For Wielgosz, Borvania has prepared a new offer on the dams upstream.\n\n"
                     "For Wielgosz, the collapse of the talks on the dams was a personal humiliation.\n")
    assert about == []


@pytest.mark.parametrize("marker", ["COMMUNIQU\u00c9", "Press communique", "Official communiqu\u00e9:"])
def test_a_communique_is_a_release_of_the_institution_its_heading_names(marker):
    text = (f"{marker.rstrip(':')}: Aldoria welcomes the reopening of the river\n\n"
            f"REPUBLIC OF ALDORIA\nMINISTRY OF FOREIGN AFFAIRS\n{marker}\nMarensk, 20 March 2030\n\n"
            "The reopening of the Varta to barges is a victory for the patience of the Aldorian people and for "
            "dialogue.\n\n"
            "No dam built upstream will be accepted by the Aldorian people while the talks go on, whatever Kestrel "
            "City decides.\n\n"
            "The Government recalls that the river was closed for three years. The Government thanks the "
            "commission for its patience. The Government reiterates its commitment to the talks.\n")
    by = {f.text: (f.party_code, f.stated_on) for f in found_in(text)}
    assert by["The reopening of the Varta to barges is a victory for the patience of the Aldorian people and for "
              "dialogue."] == ("ALD", dt.date(2030, 3, 20))
    assert by["No dam built upstream will be accepted by the Aldorian people while the talks go on, whatever "
              "Kestrel City decides."][0] == "ALD"
    # a news report whose headline speaks of a communique is no communique
    report = ("Aldoria's communique welcomes the reopening of the river\n\nMARENSK, March 20 - The reopening of the "
              "Varta to barges is a victory for the patience of the Aldorian people, officials believe.\n")
    assert not any(f.text.startswith("MARENSK") or "reopening of the Varta" in f.text for f in found_in(report))


def test_a_sides_heading_may_name_its_people_in_brackets():
    text = ("Where the sides stand\n\nA briefing on the Varta talks, for journalists and officials.\n\n"
            "Aldoria (Wielgosz and his negotiators)\n\n"
            "- Insists that no new dams be built upstream before a fixed share is agreed.\n")
    by = {f.text: f.party_code for f in found_in(text)}
    assert by["Insists that no new dams be built upstream before a fixed share is agreed."] == "ALD"


def test_in_an_opinion_piece_another_sides_words_it_relays_are_that_sides():
    text = OP_ED.format(byline="By Tomasz Wielgosz") + (
        "\nBorvania told us in March that the dams would wait for the commission. Borvania has since built two.\n")
    by = {f.text: (f.speaker, f.party_code) for f in found_in(text)}
    assert by["Borvania told us in March that the dams would wait for the commission."] == (None, "BOR")


@pytest.mark.parametrize("role", ["The Minister for Foreign Affairs of Borvania", "The Foreign Minister of Borvania"])
def test_a_role_with_its_office_and_country_speaks_for_that_country(role):
    got = found_in(f"{role} stated that the dams upstream would be finished this year.\n")
    assert [(f.party_code, f.text) for f in got] == [
        ("BOR", f"{role} stated that the dams upstream would be finished this year.")]


def test_a_name_with_its_party_in_brackets_in_a_meetings_record_is_who_speaks():
    text = ("The commission met on Tuesday to hear both sides.\n\n"
            "HELENA MARQUARDT (Borvania) said the barges must go free on the lower Varta.\n\n"
            "Tomasz Wielgosz (Aldoria) rejected the claims as \u201cfabrications\u201d and said no new dams may be built.")
    got = {f.text.split()[0]: (f.speaker, f.party_code) for f in found_in(text)}
    assert got["HELENA"] == ("Helena Marquardt", "BOR")
    assert got["Tomasz"] == ("Tomasz Wielgosz", "ALD")
    # the name is not the subject when it is the object of a preposition: the aide speaks
    assert [(f.speaker, f.party_code) for f in found_in(
        "An aide to Helena Marquardt (Borvania) said the barges must go free.")] == [(None, "BOR")]


def test_a_person_of_a_party_named_twice_in_apposition_is_who_speaks():
    # "the commission RBC": one party by two of its names, in the apposition after the speaker
    text = ("Yuri Antonenko, the chair of the commission RBC, said on Tuesday that joint monitoring of the river "
            "must begin in spring.\n\nThe commission RBC said the gauging stations were ready.")
    got = {f.text.split()[0]: (f.speaker, f.party_code) for f in found_in(text)}
    assert got["Yuri"] == ("Yuri Antonenko", "RIV") and got["The"] == (None, "RIV")
    for named in ("the River Basin Commission RBC", "the River Basin Commission (RBC)",
                  "the embattled River Basin Commission (RBC)", "the newly founded River Basin Commission (RBC)"):
        found = found_in(f"Yuri Antonenko, chair of {named}, said joint monitoring of the river must begin in spring.")
        assert [(f.speaker, f.party_code) for f in found] == [("Yuri Antonenko", "RIV")], named


def test_an_alias_with_an_apostrophe_matches_as_typeset_and_a_longer_apposition_keeps_its_person():
    context = dataclasses.replace(CONTEXT, parties=tuple(
        dataclasses.replace(p, aliases=p.aliases + ("Aldoria's trade ministry",)) if p.code == "ALD" else p
        for p in CONTEXT.parties))
    text = ("Aldoria\u2019s trade ministry said in a statement on Monday that no new dams may be built upstream.\n\n"
            "Tomasz Wielgosz, vice-chairman of the Central Committee of the Aldorian government, who accompanied "
            "the leader, told reporters that the dams upstream must go.")
    got = {f.text.split()[0]: (f.speaker, f.party_code) for f in found_in(text, context=context)}
    assert got["Aldoria\u2019s"] == (None, "ALD")
    assert got["Tomasz"] == ("Tomasz Wielgosz", "ALD")
    # an adjective with an apostrophe too, and an envoy sent by a person is not that person
    got = [(f.speaker, f.party_code) for f in found_in(
        "Borvania\u2019s negotiators said the barges must go free on the lower Varta.\n\n"
        "The envoy sent by Tomasz Wielgosz, the head of the delegation of the government of Aldoria, said no new "
        "dams may be built upstream.")]
    assert got == [(None, "BOR"), (None, "ALD")]
