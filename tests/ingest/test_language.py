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
