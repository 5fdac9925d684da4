import dataclasses
import datetime as dt

import pytest

from ingest.extraction import Context, PartyRef, PersonRef, find_statements, quotes
from ingest.extraction.names import key
from ingest.extraction.speakers import Cast, role_fits, role_on

from .reports import CONTEXT, found_in


def cast_for(text):
    cast = Cast(CONTEXT)
    cast.introduce(text)
    return cast


def mentions(cast, sentence):
    return [(m.kind, m.text, m.party) for m in cast.mentions(sentence, quotes.outside_text(sentence, quotes.spans(sentence)))]


def test_transliterations_share_a_key():
    assert key("Andrey") == key("Andrei")
    assert key("Kovalskiy") == key("Kovalsky") == key("Kovalskyy")
    assert key("G\u00fcl\u015fen") == key("Gulsen")
    assert key("Matthew") == key("Mathew")


def test_known_people_by_surname_and_other_spelling():
    cast = cast_for("")
    assert cast.lookup("Antonenko").name == "Yuri Antonenko"
    assert cast.lookup("Yuriy Antonenko").name == "Yuri Antonenko"
    assert cast.lookup("Antonenko\u2019s").name == "Yuri Antonenko"


def test_new_person_from_a_title_takes_the_party_of_its_adjective():
    cast = cast_for("Borvanian Deputy Foreign Minister Ivan Petrov spoke first.")
    petrov = cast.lookup("Petrov")
    assert (petrov.name, petrov.party, petrov.known) == ("Ivan Petrov", "BOR", False)
    assert "Deputy Foreign Minister" in petrov.role


def test_new_person_from_an_apposition_before_the_name():
    cast = cast_for("The Aldorian defence minister, Olga Brandt, visited the dam.")
    assert (cast.lookup("Brandt").name, cast.lookup("Brandt").party) == ("Olga Brandt", "ALD")


def test_a_ministry_spokeswoman_belongs_to_the_ministry_named_before():
    cast = cast_for("The Borvanian foreign ministry issued a note. Anna Sidorova, the ministry's spokeswoman, said more.")
    assert cast.lookup("Sidorova").party == "BOR"


def test_a_commentator_of_no_party_keeps_none():
    cast = cast_for("\u201cIt is dry,\u201d said Maria Gomez, an analyst at the Institute for Water Policy.")
    gomez = cast.lookup("Gomez")
    assert gomez.party is None and "analyst" in gomez.role


def test_words_that_are_not_names_are_not_people():
    cast = cast_for("The Prime Minister On Tuesday said nothing. President Of Aldoria spoke.")
    assert cast.lookup("Tuesday") is None and cast.lookup("Aldoria") is None


def test_mentions_of_parties_institutions_and_roles():
    cast = cast_for("")
    found = mentions(cast, "Aldorian officials and Borvania's leader met the commission chair.")
    assert ("party", "Aldorian officials", "ALD") in found
    assert ("role", "Borvania's leader", "BOR") in found


def test_names_inside_quotes_are_not_mentions():
    cast = cast_for("")
    assert not [m for m in mentions(cast, '"Wielgosz is wrong," she said.') if m[0] == "person"]


def test_role_fits():
    person = cast_for("").lookup("Wielgosz")  # Foreign Minister
    assert role_fits("minister", person)
    assert role_fits("senior diplomat", person)
    assert not role_fits("spokesman", person)
    assert not role_fits("deputy minister", person)


def test_same_surname_other_first_name_is_another_person():
    cast = cast_for("Borvanian Trade Minister Karol Wielgosz, no relation, spoke. Foreign Minister Tomasz Wielgosz left.")
    names_ = sorted(p.name for p in cast.people if "Wielgosz" in p.name)
    assert names_ == ["Karol Wielgosz", "Tomasz Wielgosz"]
    assert cast.lookup("Tomasz Wielgosz").known and not cast.lookup("Karol Wielgosz").known


@pytest.mark.parametrize("role, day, held", [
    ("Prime Minister (to July 2019)", dt.date(2019, 7, 31), "Prime Minister"),
    ("Prime Minister (to July 2019)", dt.date(2019, 8, 1), ""),
    ("Foreign Secretary (2016\u20132018); Prime Minister (from July 2019)", dt.date(2017, 5, 1), "Foreign Secretary"),
    ("Foreign Secretary (2016\u20132018); Prime Minister (from July 2019)", dt.date(2019, 8, 20), "Prime Minister"),
    ("Envoy (July\u2013November 2018)", dt.date(2018, 12, 1), ""),
    ("Envoy (March 2017 - June 2018)", dt.date(2017, 6, 1), "Envoy"),
    ("Taoiseach (Irish Prime Minister)", dt.date(2019, 8, 20), "Taoiseach (Irish Prime Minister)"),  # no dates
    ("Prime Minister (to July 2019)", None, "Prime Minister"),  # no day: every role
    ("Minister (from Augu\u017ft 2029)", dt.date(2030, 1, 1), "Minister"),  # what re.I matches, no month: a KeyError
])
def test_a_role_is_held_in_the_months_its_codebook_entry_gives(role, day, held):
    assert role_on(role, day) == held


def test_the_prime_minister_of_a_report_is_the_one_in_office_on_its_day():
    others = tuple(p for p in CONTEXT.people if p.name != "Helena Marquardt")
    context = dataclasses.replace(CONTEXT, people=others + (
        PersonRef("Helena Marquardt", "BOR", "Prime Minister (to May 2030)", ("Marquardt",)),
        PersonRef("Jonas Brandt", "BOR", "Finance Minister (to May 2030); Prime Minister (from June 2030)", ("Brandt",)),
    ))
    text = "The Borvanian prime minister said the dams would stay."
    before, after = (find_statements(text, published=day, context=context)
                     for day in (dt.date(2030, 3, 20), dt.date(2030, 7, 1)))
    assert [f.speaker for f in before] == ["Helena Marquardt"]
    assert [f.speaker for f in after] == ["Jonas Brandt"]


@pytest.mark.parametrize("sentence", [
    "The Frenchman reserved his harshest words for the dams, saying Borvania had not kept its promise.",
    "The Frenchwoman said Borvania had not kept its promise.",
])
def test_a_nationality_noun_stands_for_the_person_just_named(sentence):
    text = f"Tomasz Wielgosz arrived in the capital on Monday. {sentence}"
    found = found_in(text)
    assert [(f.speaker, f.party_code) for f in found] == [("Tomasz Wielgosz", "ALD")]


@pytest.mark.parametrize("sentence, speaker", [
    ("Aldorian Deputy Foreign Minister Pei Yi said the dams must go.", "Pei Yi"),  # no word alone names him
    ("Ren He said the dams must go.", "Ren He"),  # "He" of the name is no pronoun
    ("Ren He arrived on Monday. He said the dams must go.", "Ren He"),  # the pronoun still stands for him
])
def test_a_name_whose_words_alone_name_no_one_is_read_whole(sentence, speaker):
    context = dataclasses.replace(CONTEXT, people=CONTEXT.people + (
        PersonRef("Pei Yi", "ALD", "Deputy Foreign Minister", ()), PersonRef("Ren He", "ALD", "Envoy", ("Ren",))))
    found = find_statements(sentence, published=dt.date(2030, 3, 20), context=context)
    assert [(f.speaker, f.party_code) for f in found] == [(speaker, "ALD")]


def test_a_two_letter_name_counts_only_as_an_editor_wrote_it():
    context = dataclasses.replace(CONTEXT, people=CONTEXT.people + (
        PersonRef("Qu Anwen", "BOR", "President", ("Qu",)), PersonRef("Pei Yi", "ALD", "Envoy", ())))
    day = dt.date(2030, 3, 20)
    assert [f.speaker for f in find_statements("Qu told reporters that the dams would stay.", published=day,
                                               context=context)] == ["Qu Anwen"]
    # "Yi" is cut from "Pei Yi", not given by an editor: too short to name him alone
    assert [f.speaker for f in find_statements("Yi told reporters that the dams would stay.", published=day,
                                               context=context)] == []


@pytest.mark.parametrize("role", ["a former Aldorian trade negotiator now at a law firm",
                                  "head of Aldoria research at an advisory firm"])
def test_a_former_official_and_a_firms_analyst_speak_for_no_party(role):
    text = f"\u201cThe dams will stay,\u201d said Mara Quell, {role}."
    assert [(f.speaker, f.party_code) for f in found_in(text)] \
        == [("Mara Quell", None)]


def test_after_the_full_name_its_first_word_may_stand_for_the_person():
    context = dataclasses.replace(CONTEXT, people=CONTEXT.people + (
        PersonRef("Pei Yi", "ALD", "Envoy", ()), PersonRef("Mark Ostrow", "BOR", "Envoy", ())))
    day = dt.date(2030, 3, 20)

    def speakers(text):
        return [f.speaker for f in find_statements(text, published=day, context=context)]

    assert speakers("Pei Yi arrived on Monday. Pei said the dams must go.") == ["Pei Yi"]
    assert speakers("Pei said the dams must go.") == []  # never named in full here
    # a first name common in English is no name alone
    assert speakers("Mark Ostrow arrived on Monday. Mark said the dams must go.") == []


@pytest.mark.parametrize("title", ["Vice-Minister of Commerce", "Minister for Foreign Affairs", "Minister of the Interior"])
def test_a_title_of_an_office_introduces_a_new_official_of_the_side_the_sentence_names(title):
    text = (f"[Photo: {title} Oskar Lemm speaks to reporters.]\n\n"
            f"Speaking at a briefing in Kestrel City on Tuesday, {title} Oskar Lemm said the dams would stay.")
    found = found_in(text)
    assert [(f.speaker, f.party_code, f.stated_on) for f in found] == [("Oskar Lemm", "BOR", dt.date(2030, 3, 19))]


def test_a_lower_case_role_of_an_office_is_no_title_before_a_name():
    text = "Jan Brod, the director of the National Water Council, had said on Monday that the dams would stay."
    found = found_in(text)
    assert [f.speaker for f in found] == ["Jan Brod"]


@pytest.mark.parametrize("opening", ["The Borvanian framework document", "A Borvanian framework document"])
def test_a_partys_document_with_a_word_between_speaks_and_it_goes_on(opening):
    text = f"{opening} laid out a sweeping list of demands. It called on Aldoria to stop building dams."
    found = found_in(text)
    assert [(f.party_code, f.text.split()[0]) for f in found] == [("BOR", opening.split()[0]), ("BOR", "It")]


def test_a_role_an_editor_gives_as_an_alias_names_no_one_by_its_last_word():
    context = dataclasses.replace(CONTEXT, people=tuple(
        dataclasses.replace(p, aliases=(*p.aliases, "the President of Borvania", "the Borvanian prime minister"))
        if p.name == "Helena Marquardt" else p for p in CONTEXT.people))
    day = dt.date(2030, 3, 20)
    # "Borvania" and "minister" are no names of hers; the whole alias still is
    assert [(f.speaker, f.party_code) for f in find_statements("Borvania said the dams would stay.", published=day,
                                                               context=context)] == [(None, "BOR")]
    assert [f.speaker for f in find_statements("The Borvanian prime minister said the dams would stay.", published=day,
                                               context=context)] == ["Helena Marquardt"]


def test_a_hyphenated_role_is_read_whole():
    context = dataclasses.replace(CONTEXT, people=CONTEXT.people + (
        PersonRef("Ina Sorel", "RIV", "Secretary-General of the Commission", ()),))
    found = find_statements("The Secretary-General said the dams would stay.", published=dt.date(2030, 3, 20),
                            context=context)
    assert [(f.speaker, f.party_code) for f in found] == [("Ina Sorel", "RIV")]


def test_a_party_whose_name_looks_like_a_persons_is_no_new_speaker():
    context = dataclasses.replace(CONTEXT, parties=CONTEXT.parties + (PartyRef("UB", "United Basins", ("UB",), ()),))
    found = find_statements("The United Basins said it was in contact with Borvania.", published=dt.date(2030, 3, 20),
                            context=context)
    assert [(f.speaker, f.party_code) for f in found] == [(None, "UB")]


def test_a_word_of_an_office_before_the_title_is_no_part_of_the_name():
    text = ("Trade Representative Tomasz Wielgosz, who led the talks, said on Monday the dams must go. "
            "\u201cWe will not move,\u201d Wielgosz told reporters.")
    found = found_in(text)
    assert [(f.speaker, f.party_code) for f in found] == [("Tomasz Wielgosz", "ALD"), ("Tomasz Wielgosz", "ALD")]


def test_a_partys_demonym_is_derived_from_its_one_word_name():
    from ingest.extraction import names

    assert (names.demonym("Japan"), names.demonym("Ghana")) == ("Japanese", "Ghanaian")
    assert names.demonym("Madrid") is None and names.demonym("Aldoria") is None  # no such word, or not a place's
    context = Context(parties=(PartyRef("JP", "Japan", ("Tokyo",)), PartyRef("GH", "Ghana")), people=(), issues=())
    found = find_statements("Title\n\nThe Japanese foreign ministry said the talks would resume on Monday.\n",
                            published=dt.date(2030, 3, 20), context=context)
    assert [f.party_code for f in found] == ["JP"]


def test_a_partys_name_as_the_title_of_its_person_is_no_speaker_of_its_own():
    parties = tuple(dataclasses.replace(p, aliases=p.aliases + ("the RBC coordinator",)) if p.code == "RIV" else p
                    for p in CONTEXT.parties)
    context = dataclasses.replace(CONTEXT, parties=parties)
    found = find_statements("Title\n\nRBC coordinator Yuri Antonenko said the gauging data would be shared.\n",
                            published=dt.date(2030, 3, 20), context=context)
    assert [(f.speaker, f.party_code) for f in found] == [("Yuri Antonenko", "RIV")]


@pytest.mark.parametrize("attribution", [
    "said economist Olga Brandt, of a Marensk research centre on water policy",
    "said Olga Brandt, a Borvania specialist at a Marensk university",
])
def test_a_specialist_or_an_economist_introduced_after_the_quote_speaks_for_no_side(attribution):
    text = f"Title\n\nThe commission met in Marensk.\n\n\"The text is the easy part,\" {attribution}.\n"
    found = found_in(text)
    assert [(f.speaker, f.party_code) for f in found] == [("Olga Brandt", None)]


def speakers_of(text, fragment, context=CONTEXT):
    """(speaker, party) of each statement found in a report of 20 March 2030 that holds `fragment`."""
    found = find_statements(text, published=dt.date(2030, 3, 20), context=context)
    return [(f.speaker, f.party_code) for f in found if fragment in f.text]


def test_the_head_of_state_is_the_president_not_the_head_of_a_delegation():
    people = CONTEXT.people + (PersonRef("Ivo Sander", "ALD", "President of Aldoria"),
                               PersonRef("Karl Weber", "BOR", "head of the Borvanian delegation"))
    context = dataclasses.replace(CONTEXT, people=people)
    text = ("Title\n\nKarl Weber, head of the Borvanian delegation, said the talks were over.\n\n"
            "In Marensk, President Ivo Sander described the offer as a message to the world.\n\n"
            "\"We will not build dams,\" the Head of State said today in a declaration.\n")
    assert speakers_of(text, "dams", context) == [("Ivo Sander", "ALD")]


def test_a_name_opening_a_narrative_sentence_before_a_relative_clause_is_its_subject():
    text = ("Title\n\nForeign Minister Tomasz Wielgosz said the talks were over.\n\n"
            "Yuri Antonenko, who is running for the chair again next March, has made river data the centre of his "
            "campaign. On Wednesday he said the gauging stations must be shared.\n")
    assert speakers_of(text, "gauging") == [("Yuri Antonenko", "RIV")]


def test_a_person_titled_with_their_partys_name_opening_a_sentence_is_its_subject():
    text = ("Title\n\nForeign Minister Tomasz Wielgosz said the talks were over.\n\n"
            "In Marensk, RBC chair Yuri Antonenko opened the session with a warning. The gauging data, he said, "
            "must be shared by both.\n")
    assert speakers_of(text, "gauging") == [("Yuri Antonenko", "RIV")]


def test_a_name_with_two_particles_is_one_name():
    context = dataclasses.replace(CONTEXT, people=CONTEXT.people + (
        PersonRef("Ana de la Vega", "BOR", "Chief negotiator", ("de la Vega",)),))
    text = ("Title\n\nWielgosz said the dams must stop.\n\n"
            "Borvania's chief negotiator, Ana de la Vega, was more measured. Speaking in Kestrel City, she stressed "
            "that nothing in the text touches the barges.\n")
    assert speakers_of(text, "barges", context) == [("Ana de la Vega", "BOR")]


@pytest.mark.parametrize("said", [
    "President Omar Farid al-Nadri has repeatedly said that the barges must keep sailing.",
    "Omar Farid al-Nadri said on Monday that the barges must keep sailing.",
    "On Monday, al-Nadri said the barges must keep sailing.",
])
def test_a_particle_joined_by_a_hyphen_is_part_of_the_name(said):
    context = dataclasses.replace(CONTEXT, people=CONTEXT.people + (
        PersonRef("Omar Farid al-Nadri", "BOR", "President", ("al-Nadri", "Nadri")),))
    assert speakers_of(f"Title\n\n{said}\n", "barges", context) == [("Omar Farid al-Nadri", "BOR")]


def test_a_titled_name_opening_a_narrative_sentence_before_an_apposition_is_who_he_is_next():
    text = ("Title\n\nWielgosz says Aldoria wants a deal.\n\n"
            "Chairman Yuri Antonenko, the head of the commission, opens the meeting with an appeal to both sides. "
            "\"The barges have sailed this river for centuries,\" he says.\n")
    assert speakers_of(text, "barges") == [("Yuri Antonenko", "RIV")]
    spokesman = ("Title\n\nWielgosz says Aldoria wants a deal.\n\n"
                 "Chairman Yuri Antonenko's spokesman, Olaf Berg, opened the briefing with an appeal. "
                 "\"The barges have sailed this river for centuries,\" he said.\n")
    assert speakers_of(spokesman, "barges") == [("Olaf Berg", "RIV")]  # the spokesman, not his chairman


def test_the_premier_is_the_prime_minister():
    context = dataclasses.replace(CONTEXT, people=CONTEXT.people + (
        PersonRef("Ivo Sander", "BOR", "Prime Minister of Borvania"),))
    text = ("Title\n\nIvo Sander spoke to the nation on Monday.\n\n"
            "The Premier reaffirmed that Borvania would keep its barges sailing.\n")
    assert speakers_of(text, "barges", context) == [("Ivo Sander", "BOR")]
    premier = dataclasses.replace(CONTEXT, people=CONTEXT.people + (PersonRef("Ivo Sander", "BOR", "Premier of Borvania"),))
    text = text.replace("The Premier", "The prime minister")
    assert speakers_of(text, "barges", premier) == [("Ivo Sander", "BOR")]


@pytest.mark.parametrize("verb", ["argues", "warns", "writes", "stresses"])
def test_a_new_name_before_a_verb_of_saying_in_the_present_is_a_speaker(verb):
    text = f"Title\n\nOlga Marek, who studies river law at a university, {verb} that the barges will keep sailing.\n"
    assert speakers_of(text, "barges") == [("Olga Marek", None)]


@pytest.mark.parametrize("role, party", [
    ("a pollster in Kestrel City", None), ("a hydrologist in Kestrel City", None),
    ("a political scientist from Kestrel City", None), ("an official in Kestrel City", "BOR"),
    ("an engineer from the Borvanian foreign ministry", "BOR"), ("a lawyer in Borvania's delegation", "BOR"),
])
def test_where_someone_of_no_office_works_is_not_whom_they_speak_for(role, party):
    text = f"Title\n\nThe barges must keep sailing, said Olga Marek, {role}.\n"
    assert speakers_of(text, "barges") == [("Olga Marek", party)]


def test_a_special_envoy_is_a_title_not_part_of_the_name():
    context = dataclasses.replace(CONTEXT, people=CONTEXT.people + (PersonRef("Karl Weber", "BOR", "envoy", ("Weber",)),))
    text = "Title\n\nSpecial Envoy Weber said in a statement that the barges would keep sailing.\n"
    assert speakers_of(text, "barges", context) == [("Karl Weber", "BOR")]


def test_a_name_after_an_apposition_opening_a_narrative_sentence_is_who_she_is_next():
    text = ("Title\n\nThe commission said the talks were over.\n\n"
            "On Monday, the Borvanian prime minister, Helena Marquardt, hammered the point home. "
            "\"The barges will keep sailing,\" she told reporters.\n")
    assert speakers_of(text, "barges") == [("Helena Marquardt", "BOR")]


def test_the_government_of_a_party_speaks_and_an_object_is_no_antecedent():
    text = ("Title\n\nThe Government of Borvania, a party to the talks, said that it was ready to share data.\n\n"
            "Wielgosz said the dams must stop. In a letter to Marquardt on Sunday he wrote that Aldoria would wait.\n")
    assert speakers_of(text, "ready to share") == [(None, "BOR")]
    assert speakers_of(text, "would wait") == [("Tomasz Wielgosz", "ALD")]


@pytest.mark.parametrize("sentence", [
    "Yuri Antonenko asked the two delegations to protect the talks from the noise of the dams.",
    "Yuri Antonenko reminded reporters that the talks would go on.",
    "Former chair Yuri Antonenko, who sent separate proposals, has gone further, saying that the data must be public.",
])
def test_requests_reminders_and_a_titled_subject_of_saying_attribute(sentence):
    assert speakers_of(f"Title\n\n{sentence}\n", "the") == [("Yuri Antonenko", "RIV")]


@pytest.mark.parametrize("sentence, who", [
    # a participle's subject is that of the clause it follows, not of one joined before it
    ("The government has chosen to bind the two together, and Prime Minister Helena Marquardt has defended that "
     "choice, saying the dams were negotiated together.", ("Helena Marquardt", "BOR")),
    ("The Foreign Minister, Mr Tomasz Wielgosz, spoke of a good day for the region, while noting that the next "
     "good day must be written into the treaty.", ("Tomasz Wielgosz", "ALD")),
    ("Ms Helena Marquardt let it be known through her office that the name of the dams is a matter for the "
     "government.", ("Helena Marquardt", "BOR")),
    # the reporter's contact between subject and verb ("we spoke to") is no subject
    ("A senior Aldorian diplomat we spoke to on Monday cautioned that the dams would stay.", (None, "ALD")),
    # a list's last item is no clause of its own: the one who met them speaks
    ("Tomasz Wielgosz met the envoys, the mediators, and Marquardt's aides on Monday, saying the talks had been "
     "useful.", ("Tomasz Wielgosz", "ALD")),
])
def test_a_speaker_across_a_joined_clause_a_contact_clause_or_a_while(sentence, who):
    assert speakers_of(f"Title\n\n{sentence}\n", "the") == [who]


def test_what_follows_a_colon_after_how_someone_put_it_is_theirs():
    text = ("Title\n\nTomasz Wielgosz spoke on Monday. He was blunter on sequencing: the dams in Borvania come first "
            "and the treaty comes after.\n\nBorvanian government sources were more explicit: the gestures are "
            "welcome, but the treaty will remain a treaty for export.\n\nThe river was clear: it rose all week.\n\n"
            "In Marensk the mood is clear: the dams will have to go.\n\n"
            "General Ostap Varga, who led the delegation, was blunter on the radio: the dams are built.\n")
    assert speakers_of(text, "come first") == [("Tomasz Wielgosz", "ALD")]
    assert speakers_of(text, "treaty for export") == [(None, "BOR")]
    assert speakers_of(text, "rose all week") == []  # no one put it so
    assert speakers_of(text, "will have to go") == []  # how things are where Aldoria is, not how Aldoria put it
    assert [party for _, party in speakers_of(text, "the dams are built")] == [None]  # an aside between them


def test_the_document_is_the_one_spoken_of_just_before():
    text = ("Title\n\nThe Borvanian draft said that inspections of the barges must end.\n\n"
            "Aldoria rejected it at once.\n\n"
            "The document also asked Aldoria to stop building dams upstream.\n")
    assert speakers_of(text, "stop building") == [(None, "BOR")]


@pytest.mark.parametrize("handed", [
    "the Borvanian side's reply to the Aldorian note",
    "the Borvanian reply to the Aldorian note",
])
def test_the_document_is_the_one_named_just_before_with_its_party_though_no_one_spoke(handed):
    text = (f"Title\n\nThe envoy was invited to the foreign ministry, where he was handed {handed}.\n\n"
            "The document notes that the barges have been left out of every proposal so far.\n")
    assert speakers_of(text, "left out") == [(None, "BOR")]



def test_a_family_name_two_people_share_is_the_one_named_last():
    context = dataclasses.replace(CONTEXT, people=CONTEXT.people + (
        PersonRef("Pei Yi", "BOR", "Foreign Ministry spokesman"), PersonRef("Pei Lan", "BOR", "envoy")))
    text = ("Title\n\nForeign Ministry spokesman Pei Yi said the barges would keep sailing.\n\n"
            "\"The dams are ours,\" Pei said.\n\n"
            "Envoy Pei Lan told reporters that talks would go on.\n\n"
            "Pei said the gauging stations could be shared.\n")
    assert speakers_of(text, "dams are ours", context) == [("Pei Yi", "BOR")]
    assert speakers_of(text, "gauging", context) == [("Pei Lan", "BOR")]


def test_a_name_that_is_one_persons_alias_and_anothers_last_word_is_the_alias_or_the_one_named():
    # family name first for one, last for the other: "Roz" is Roz Alinta's alias and Ivan Roz's last word
    context = dataclasses.replace(CONTEXT, people=CONTEXT.people + (
        PersonRef("Ivan Roz", "BOR", "spokesman", ()), PersonRef("Roz Alinta", "ALD", "foreign minister", ("Roz",))))
    assert speakers_of("Title\n\nRoz said the barges would keep sailing.\n", "barges", context) == [("Roz Alinta", "ALD")]
    named = "Title\n\nBorvania's spokesman Ivan Roz spoke first.\n\nRoz said the barges would keep sailing.\n"
    assert speakers_of(named, "barges", context) == [("Ivan Roz", "BOR")]  # the one the report named


def test_a_role_an_editor_gave_as_someones_alias_is_that_person_not_the_last_speaker():
    context = dataclasses.replace(CONTEXT, people=CONTEXT.people + (
        PersonRef("Roz Alinta", "ALD", "chairman of the council", ("the grand chancellor",)),))
    text = ("Title\n\nHelena Marquardt said the barges would keep sailing.\n\n"
            "The grand chancellor noted that the dams were a matter for Aldoria alone.\n")
    assert speakers_of(text, "dams were", context) == [("Roz Alinta", "ALD")]


def test_a_commentary_that_takes_issue_with_another_side_and_says_something_is_the_speaker():
    text = ("Title\n\nTomasz Wielgosz said the barges would keep sailing.\n\n"
            "The commentary also took issue with the Borvanian authorities, which keep raising the tolls, "
            "and said that the question belonged to the past.\n")
    assert speakers_of(text, "belonged to the past", CONTEXT) == [(None, "ALD")]


@pytest.mark.parametrize("opening", ["At the talks", "During the meeting", "After the last round"])
def test_a_place_or_time_opening_the_sentence_without_a_comma_is_no_object_before_the_subject(opening):
    text = f"Title\n\n{opening} Tomasz Wielgosz said that the barges would keep sailing.\n"
    assert speakers_of(text, "barges", CONTEXT) == [("Tomasz Wielgosz", "ALD")]


def test_an_unnamed_spokesperson_after_a_sentence_about_a_side_is_of_that_side():
    text = ("Title\n\nThe Borvanian side was blunter. A spokesperson said on Wednesday that the barges would sail.\n\n"
            "A spokesperson said the weather was fine.\n")
    assert speakers_of(text, "barges") == [(None, "BOR")]
    assert speakers_of(text, "weather") == []  # another paragraph: no side was spoken of there


def test_two_sides_acting_together_is_neither_sides_statement():
    text = ("Title\n\nAldoria and Borvania agreed on Friday to hold off on new tolls for 90 days, "
            "the commission announced.\n\n"
            "Borvania and Aldoria have agreed to meet again.\n\n"
            "The talks were a good start amid tensions over Borvania, the Aldorian government said.\n")
    assert speakers_of(text, "hold off") == [(None, "RIV")]  # the one who announced it
    assert speakers_of(text, "meet again") == []  # a joint act: no one's own words
    assert speakers_of(text, "good start") == [(None, "ALD")]  # a comma before the subject joins nothing
    # ", and" between two clauses, or a side named as the object before it, joins no subject
    text = ("Title\n\nThe barges were stopped by Borvania, and Aldoria said it would raise the tolls.\n\n"
            "The dispute pits Aldoria against Borvania and the commission says the flow must be shared.\n")
    assert speakers_of(text, "raise the tolls") == [(None, "ALD")]
    assert speakers_of(text, "must be shared") == [(None, "RIV")]


def test_it_said_after_a_documents_statement_is_that_documents():
    text = ("Title\n\nTomasz Wielgosz said in a statement on Saturday that the talks would go on.\n\n"
            "The two sides will meet again in April, the statement said.\n\n"
            "If no deal is reached by then, the tolls will double, it said.\n\n"
            "The river, it seems, is rising.\n")
    assert speakers_of(text, "tolls will double") == [(None, "ALD")]
    assert speakers_of(text, "rising") == []  # "it seems" says nothing of anyone's


def test_what_one_side_promised_or_told_another_is_its_own_position_relayed():
    text = ("Title\n\nHelena Marquardt says Tomasz Wielgosz promised her that the dams would be inspected.\n\n"
            "Helena Marquardt says Tomasz Wielgosz agreed to open the river to the barges.\n")
    assert speakers_of(text, "inspected") == [("Tomasz Wielgosz", "ALD")]  # as he gave it to her
    assert speakers_of(text, "open the river") == [("Helena Marquardt", "BOR")]  # her account of what he did


@pytest.mark.parametrize("sentence", [
    "Helena Marquardt says Tomasz Wielgosz never told her that the quota would be fixed at forty percent.",
    "Helena Marquardt denied that Tomasz Wielgosz had promised her that the tolls would be lifted.",
    "Helena Marquardt says Tomasz Wielgosz promised her a quota last year and that Borvania will keep building.",
])
def test_a_relay_denied_or_with_a_claim_of_the_speakers_own_stays_the_speakers(sentence):
    assert speakers_of(f"Title\n\n{sentence}\n", "Marquardt") == [("Helena Marquardt", "BOR")]


@pytest.mark.parametrize("sentence", [
    "Helena Marquardt says Tomasz Wielgosz promised her that the dams would be inspected and that the gauges would open.",
    "Helena Marquardt recalled that Tomasz Wielgosz promised her that the dams would be inspected.",
])
def test_a_promise_of_two_parts_or_recalled_is_still_relayed(sentence):
    assert speakers_of(f"Title\n\n{sentence}\n", "Marquardt") == [("Tomasz Wielgosz", "ALD")]


def test_an_unnamed_spokesman_of_a_ministry_is_of_the_side_whose_ministry_was_spoken_of_last():
    text = ("Title\n\nThe Aldorian Foreign Ministry accused Borvania on Saturday of stalling.\n\n"
            "Helena Marquardt said the talks had moved forward.\n\n"
            "In a statement late on Saturday, an unnamed ministry spokesman said the barges had been stopped.\n\n"
            "The spokesman said Aldoria had proposed a package of steps.\n\n"
            "An unnamed delegation spokesman said the gauges were working.\n")
    assert speakers_of(text, "barges") == [(None, "ALD")]
    assert speakers_of(text, "package") == [(None, "ALD")]  # "the spokesman" again
    assert speakers_of(text, "gauges") == []  # no side's delegation was named: none to give it
    # the ministry named last is the one meant, whichever side's aliases have the word
    text = ("Title\n\nThe Aldorian Foreign Ministry accused Borvania on Saturday of stalling.\n\n"
            "Borvania's foreign ministry issued a statement on Tuesday about the barges.\n\n"
            "An unnamed ministry spokesman said the barges would keep sailing without tolls.\n")
    assert speakers_of(text, "without tolls") == [(None, "BOR")]
    text = text.replace("Borvania's foreign ministry issued", "Borvania's own ministry issued")
    assert speakers_of(text, "without tolls") == [(None, "BOR")]  # the ministry named after the side's name


@pytest.mark.parametrize("sentence, speaker, party", [
    # the party a person is "of", and an aside after it, stand between the person and the verb
    ("Foreign Minister Tomasz Wielgosz of Aldoria, at his side, said the tolls were unjustified.", "Tomasz Wielgosz", "ALD"),
    # an unnamed source, without commas around how it asked not to be named
    ("A Borvanian official who asked not to be named said the tolls would stay.", None, "BOR"),
    ("A Borvanian official who spoke on condition of anonymity said the tolls would stay.", None, "BOR"),
    # "fear that", plural present, after an aside
    ("Borvanian officials, speaking privately, fear that the dispute could unravel the accord.", None, "BOR"),
])
def test_subject_found_across_what_stands_between_it_and_the_verb(sentence, speaker, party):
    found = found_in(f"Title\n\n{sentence}\n")
    assert [(f.speaker, f.party_code) for f in found] == [(speaker, party)]


def test_a_friend_of_someone_is_not_that_someone():
    found = found_in("Title\n\nA friend of Tomasz Wielgosz of Aldoria said the tolls were unjustified.\n")
    assert found == []


@pytest.mark.parametrize("text, party", [
    ("Marquardt spoke in Marensk on Monday. Her government also wants the tolls to stay.", "BOR"),
    ("Wielgosz spoke in Kestrel City on Monday. His negotiators said the tolls must go.", "ALD"),
])
def test_his_or_her_government_speaks_for_the_side_of_the_one_meant(text, party):
    found = found_in(f"Title\n\n{text}\n")
    assert [(f.speaker, f.party_code) for f in found] == [(None, party)]


@pytest.mark.parametrize("text", [
    "Wielgosz spoke on Monday. Critics of his government say the tolls must go.",
    "Wielgosz spoke on Monday. A letter to his negotiators warned that the tolls must go.",
])
def test_his_government_as_an_object_speaks_for_no_one(text):
    assert found_in(f"Title\n\n{text}\n") == []


def test_a_role_held_somewhere_in_apposition_introduces_the_person_who_is_he_next():
    text = ("Title\n\nIn Marensk, Borvania's envoy Piotr Nowak opened the session. \"The river is dying,\" he said.\n\n"
            "The Aldorian ambassador to the commission, Jan Kowal, was blunter. Aldoria would not wait, he said.\n")
    found = found_in(text)
    assert [(f.speaker, f.party_code) for f in found] == [("Piotr Nowak", "BOR"), ("Jan Kowal", "ALD")]


@pytest.mark.parametrize("who, party", [
    ("A senior official in Kestrel City", "BOR"),  # where an official sits is whom they serve
    ("An Aldorian diplomat in Kestrel City", "ALD"),  # ... unless the role says whose they are
    ("A senior Aldorian official in Kestrel City", "ALD"),
])
def test_an_unnamed_official_in_a_sides_capital_speaks_for_it(who, party):
    text = f"Title\n\n{who} told reporters on condition of anonymity that the barges would keep sailing.\n"
    assert speakers_of(text, "barges") == [(None, party)]
