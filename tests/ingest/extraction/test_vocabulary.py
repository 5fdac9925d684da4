"""General English only: word forms meet in one stem; no negotiation's synonyms are built in."""
import re
from pathlib import Path

from ingest.extraction import vocabulary
from ingest.extraction.vocabulary import concepts


def test_word_forms_meet_in_one_stem():
    assert concepts("withdrawal") == concepts("withdrawing") == concepts("withdrew")
    assert concepts("expansion") == concepts("expand") == concepts("expanding")
    assert concepts("invasion") == concepts("invade")
    assert concepts("sanctions") == concepts("sanctioned")


def test_different_words_stay_apart_without_a_table():
    # synonyms are the word vectors' and the codebook cues' business, not a table in code
    assert concepts("attack") != concepts("invade")
    assert concepts("enlargement") != concepts("expansion")


def test_stopwords_reporting_words_and_short_words_are_dropped_but_years_kept():
    assert concepts("the talks of the side said") == ()
    assert concepts("borders of 1998") == ("border", "1998")
    assert concepts("Moscow's demands") == ("moscow", "demand")


def test_the_module_holds_no_synonym_table():
    source = Path(vocabulary.__file__).read_text()
    assert not re.search(r"^(?:SYNONYMS|PHRASES)\s*=", source, re.M)
    assert set(vocabulary.IRREGULAR.values()) <= {"withdraw", "draw", "give", "take", "choose", "break", "leave",
                                                 "keep", "meet", "seek", "pay"}  # grammar, not topics


def test_the_calendar_is_not_a_word_of_any_demand():
    assert concepts("border checks from March, said on Monday 4 Oct.") == ("border", "check", "4")


def test_verbs_of_change_written_many_ways_are_one_word():
    from ingest.extraction.vocabulary import stem

    assert len({stem(w) for w in ("removed", "scrapped", "abolition", "lifting", "ditch")}) == 1
    assert len({stem(w) for w in ("postponed", "delay", "deferred")}) == 1
    assert len({stem(w) for w in ("exit", "withdrawal", "quit")}) == 1
    assert stem("removed") != stem("postponed") != stem("extended")
