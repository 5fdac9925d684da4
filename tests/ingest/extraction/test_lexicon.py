"""The lexicon: extraction's words as data, checked when loaded, and what adding one does."""
import datetime as dt
import importlib
import re
import tomllib

import pytest

from ingest.extraction import attribution, lexicon, speakers, statements
from ingest.extraction.lexicon import EN, LexiconError, load, load_file

from .reports import CONTEXT

SOURCE = (lexicon.DIRECTORY / "en.toml").read_text(encoding="utf-8")


def write(tmp_path, text, name="xx.toml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_loads_english_once():
    assert load("en") is EN
    assert "said" in EN.items("speech_verbs")
    assert "minister" in EN.alternation("roles").split("|")


def test_words_split_on_white_space_and_items_keep_their_order(tmp_path):
    lex = load_file(write(tmp_path, 'a = {why = "x", words = """one two\n three"""}\nb = {why = "y", items = ["z", "y"]}\n'))
    assert lex.words("a") == {"one", "two", "three"}
    assert lex.items("b") == ("z", "y")
    assert lex.alternation("b") == "z|y"


def test_groups_keep_their_names_and_their_items_count_as_the_entrys(tmp_path):
    lex = load_file(write(tmp_path, 'a = {why = "x", groups = {he = ["Mr"], she = ["Ms", "Miss"], none = []}}\n'))
    assert lex.groups("a") == {"he": ("Mr",), "she": ("Ms", "Miss"), "none": ()}
    assert lex.alternation("a") == "Mr|Ms|Miss"
    with pytest.raises(LexiconError, match="no groups entry"):
        load_file(write(tmp_path, 'b = {why = "x", words = "y"}\n')).groups("b")


def test_a_reference_stands_for_the_other_entry(tmp_path):
    lex = load_file(write(tmp_path, 'a = {why = "x", words = "x y"}\nb = {why = "y", items = ["is {=a}", "was"]}\n'))
    assert lex.alternation("b") == "is (?:x|y)|was"
    assert lex.pattern("b", r"\b(?:", r")\b").search("it is y now").group() == "is y"


def test_literal_items_are_escaped(tmp_path):
    lex = load_file(write(tmp_path, 'a = {why = "x", items = ["Sen.", "Vice-President"]}\n'))
    rx = re.compile(lex.literal("a"))
    assert rx.fullmatch("Sen.") and not rx.fullmatch("Senx")


@pytest.mark.parametrize("text, complaint", [
    ('a = {words = "x"}\n', "no 'why'"),
    ('a = {why = "x"}\n', "exactly one"),
    ('a = {why = "x", words = "y", items = ["z"]}\n', "exactly one"),
    ('a = {why = "x", words = "y", colour = "red"}\n', "exactly one"),
    ('a = {why = "x", words = "y z y"}\n', "twice"),
    ('a = {why = "x", items = []}\n', "empty"),
    ('a = {why = "x", items = ["(unclosed"]}\n', "no valid pattern"),
    ('a = {why = "x", items = ["{=nowhere}"]}\n', "no entry 'nowhere'"),
    ('a = {why = "x", items = ["{=b}"]}\nb = {why = "y", items = ["{=a}"]}\n', "refers to itself"),
    ('a = "not a table"\n', "not a table"),
    ('a = {why = "x", groups = {he = "Mr"}}\n', "named lists"),
    ('a = {why = "x", groups = {he = ["Mr"], she = ["Mr"]}}\n', "twice"),
    ('a = {why = "x", words = \n', "xx.toml"),
])
def test_a_broken_lexicon_is_refused_when_loaded(tmp_path, text, complaint):
    with pytest.raises(LexiconError, match=complaint):
        load_file(write(tmp_path, text))


def test_unknown_language_and_entry():
    with pytest.raises(LexiconError, match="no lexicon"):
        load("zz")
    with pytest.raises(LexiconError, match="no language"):
        load("../en")
    with pytest.raises(LexiconError, match="no entry"):
        EN.items("no_such_entry")


def test_every_entry_says_why():
    assert all(len(EN.why[name]) > 20 for name in EN.why)


@pytest.fixture
def extraction_with(monkeypatch):
    """Extraction rebuilt from another English lexicon; the shipped one again afterwards."""
    def use(text: str):
        monkeypatch.setattr(lexicon, "EN", lexicon.Lexicon("en", tomllib.loads(text)))
        for module in (speakers, attribution, statements):
            importlib.reload(module)
        return statements

    yield use
    monkeypatch.undo()
    for module in (speakers, attribution, statements):
        importlib.reload(module)


REPORT = "Aldoria grumbled that the Varta quota left its farmers short."


def claims(module):
    return [(f.party_code, f.attribution) for f in module.find_statements(REPORT, published=dt.date(2030, 3, 20), context=CONTEXT)]


def test_a_speech_verb_added_to_the_lexicon_attributes_a_statement(extraction_with):
    assert claims(extraction_with(SOURCE)) == []
    added = SOURCE.replace("items = [\n  'said',", "items = [\n  'grumbled', 'said',", 1)
    assert added != SOURCE
    assert claims(extraction_with(added)) == [("ALD", "party 'Aldoria' + 'grumbled'")]


def test_changing_the_lexicon_in_one_test_leaves_the_next_with_the_shipped_one(extraction_with):
    extraction_with(SOURCE.replace("items = [\n  'said',", "items = [\n  'grumbled', 'said',", 1))


def test_grumbling_is_no_speech_verb_in_the_shipped_lexicon():  # runs after the one above
    assert claims(statements) == []


def test_no_name_of_a_negotiation_is_in_the_lexicon():
    """The lexicon is general English: the negotiations' parties, people and proper cues are their data."""
    from tests.test_no_negotiation_in_code import _negotiation_words

    words = _negotiation_words()
    text = SOURCE.lower()
    assert [w for w in words if re.search(r"(?<![\w])" + re.escape(w) + r"(?![\w])", text)] == []


def test_the_lexicon_holds_no_synonym_table():
    """Words meaning the same without sharing a stem are the word vectors' and the cues' business (docs/linking.md);
    the one exception is the general verbs of change the vectors hold apart, a closed set of meanings."""
    assert not [name for name in EN.why if re.search(r"synonym|phrase|topic", name)]
    assert set(EN.groups("same_meaning")) == {"remove", "postpone", "extend", "renegotiate", "withdraw"}
    assert set(EN.groups("irregular_verbs")) <= {"withdraw", "draw", "give", "take", "choose", "break", "leave", "keep",
                                                 "meet", "seek", "pay"}
