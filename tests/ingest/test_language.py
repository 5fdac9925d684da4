"""Only English is extracted; the verdict names the language it saw."""
import pytest

from ingest import language

from .conftest import GERMAN_REPORT, REPORT

RUSSIAN = ("Министр иностранных дел заявил во вторник, что переговоры были трудными, но полезными. "
           "Следующая встреча может состояться в Вене в следующем месяце, сообщили дипломаты.")
FRENCH = ("Le ministre a déclaré mardi que les négociations avaient été difficiles mais utiles. "
          "Une nouvelle réunion pourrait avoir lieu à Vienne le mois prochain, selon des diplomates.")


@pytest.mark.parametrize("text, code, name", [(GERMAN_REPORT, "de", "German"), (RUSSIAN, "ru", "Russian"), (FRENCH, "fr", "French")])
def test_other_languages_are_named(text, code, name):
    verdict = language.judge(text)
    assert (verdict.english, verdict.code, verdict.name) == (False, code, name)


def test_english_with_a_quote_in_another_language_is_english():
    text = REPORT + '\n\nThe protesters chanted "Нет войне" outside the building.'
    assert language.judge(text) == language.Verdict("en", True)


def test_a_text_without_letters_cannot_be_judged():
    assert language.judge("12345 — 678 / 90") == language.Verdict("", False)


def test_a_long_text_is_judged_on_samples_from_its_start_middle_and_end():
    text = REPORT * 40 + FRENCH * 2
    assert language.judge(text).english


@pytest.mark.parametrize("text", ["Nato says door open", "Body.", "Talks end without a deal"])
def test_a_short_latin_text_gets_the_benefit_of_the_doubt(text):
    assert language.judge(text).english


def test_a_short_text_in_another_script_is_still_judged():
    assert language.judge("Переговоры продолжаются в Женеве.").code == "ru"


def _text(english: int, other: int) -> str:
    """`english` English function words among `english + other` words that are no language's function words."""
    return " ".join(["the"] * english + ["border"] * other)


def test_english_needs_a_fifth_of_its_words_to_be_english_function_words():
    assert language.MIN_ENGLISH == 0.2
    assert language.judge(_text(21, 79)).english
    below = language.judge(_text(19, 81))
    assert not below.english and below.code == ""  # no other language's words either: untold


def test_a_list_of_english_keywords_is_not_read_as_english():
    keywords = " ".join(["Nato troops border missiles Geneva Brussels Vienna Russia Ukraine security"] * 3)
    assert language.judge(keywords) == language.Verdict("", False)


def test_english_words_sprinkled_in_a_foreign_report_do_not_make_it_english():
    text = GERMAN_REPORT + " the of and to in the said"
    assert language.judge(text) == language.Verdict("de", False)


@pytest.mark.parametrize("text, code", [("東京で会談が行われた。" * 5, "ja"), ("في جنيف اليوم " * 10, "ar")])
def test_a_script_without_listed_words_is_named_by_its_script(text, code):
    assert language.judge(text) == language.Verdict(code, False)


def test_a_huge_input_is_judged_on_a_bounded_sample():
    huge = REPORT * 20_000  # ~20 MB
    assert len(language._sample(huge)) <= language.SAMPLE + 2
    assert language.judge(huge).english
    assert language.judge("x" * 10_000_000) == language.Verdict("", False)  # one endless "word", no function words
