import datetime as dt

import pytest

from ingest.extraction import dates
from ingest.extraction.types import RoundRef

WED = dt.date(2030, 3, 20)  # a Wednesday


@pytest.mark.parametrize(
    "phrase, expected",
    [
        ("on Monday", dt.date(2030, 3, 18)),
        ("on Wednesday", WED),  # the report's own day
        ("last Wednesday", dt.date(2030, 3, 13)),
        ("Tuesday night", dt.date(2030, 3, 19)),
        ("yesterday", dt.date(2030, 3, 19)),
        ("on Jan. 10", dt.date(2030, 1, 10)),
        ("on 10 January", dt.date(2030, 1, 10)),
        ("on March 2", dt.date(2030, 3, 2)),
        ("on December 17, 2029", dt.date(2029, 12, 17)),
        ("two days ago", dt.date(2030, 3, 18)),
    ],
)
def test_named_days_resolve_against_publication(phrase, expected):
    assert dates.find(f"The minister spoke {phrase}.", published=WED).day == expected


@pytest.mark.parametrize("phrase, shift", [
    ("the next day", 1), ("the following day", 1), ("a day later", 1), ("a day earlier", -1),
    ("the previous day", -1), ("two days earlier", -2), ("3 days later", 3),
])
def test_days_counted_from_another_day_say_how_many(phrase, shift):
    hit = dates.find(f"The minister spoke {phrase}.", published=WED, counted=True)
    assert hit.shift == shift and hit.day == WED + dt.timedelta(days=shift)  # the caller counts it from its day
    assert dates.find(f"The minister spoke {phrase}.", published=WED) is None  # no day of its own
    assert dates.find("The minister spoke two days ago.", published=WED, counted=True).shift is None


def test_a_month_without_year_later_than_publication_is_last_year():
    assert dates.find("said in November", published=WED).day.year == 2029


def test_a_day_ahead_of_the_report_is_a_plan_not_a_statement_day():
    assert dates.find("the meeting on March 25", published=WED) is None


def test_vague_periods_snap_to_a_round_inside_them():
    rounds = (RoundRef("r", dt.date(2029, 12, 17)),)
    assert dates.find("in mid-December", published=WED, rounds=rounds).day == dt.date(2029, 12, 17)
    assert dates.find("in mid-December", published=WED).day == dt.date(2029, 12, 15)
    assert dates.find("last month", published=WED).day == dt.date(2030, 2, 15)
    assert not dates.find("last month", published=WED).exact


def test_background_is_recognised():
    assert dates.is_background("Ivanova had previously said")
    assert dates.is_background("Back in 2014, he argued")
    assert not dates.is_background("Ivanova said")


def test_no_publication_date_no_day():
    assert dates.find("on Monday", published=None) is None


def test_a_month_shortly_ahead_is_a_plan_and_one_long_ahead_is_last_year():
    assert dates.find("installed in May", published=WED) is None
    assert dates.find("said in December", published=WED).day == dt.date(2029, 12, 15)
    assert dates.find("said last May", published=WED).day == dt.date(2029, 5, 15)


@pytest.mark.parametrize("phrase", ["last night", "late last evening"])
def test_last_night_is_the_day_before(phrase):
    assert dates.find(f"The minister spoke {phrase}.", published=WED).day == dt.date(2030, 3, 19)


def test_the_day_of_an_event_named_before_gives_way_to_the_day_something_was_said():
    text = "in his first news conference after the election of Friday, announced on Monday"
    assert dates.find(text, published=WED).day == dt.date(2030, 3, 18)
    # with no other day, the event's day is still the only one named
    assert dates.find("recalled the accord of 4 March", published=WED).day == dt.date(2030, 3, 4)


@pytest.mark.parametrize("line, expected", [
    ("Sunday 4 April", dt.date(2021, 4, 4)),
    ("SESSION OF THURSDAY 1 APRIL 2021", dt.date(2021, 4, 1)),
    ("Sitting of Friday, 2 April", dt.date(2021, 4, 2)),
    ("SITTING OF 1ST APRIL", dt.date(2021, 4, 1)),
    ("The minister spoke on Friday", None),  # a sentence, not a heading
    ("Talks on Friday", None),  # a headline: talks are no sitting
    ("Session of the committee", None),
])
def test_a_line_naming_only_a_day_or_a_sitting_on_it_is_a_day_heading(line, expected):
    assert dates.day_line(line, published=dt.date(2021, 4, 6)) == expected


@pytest.mark.parametrize("phrase", ["on Tue\u017fday", "on Fr\u0131day", "in early \u017feptember", "in m\u0131d-March",
                                    "\u017fix days ago"])
def test_what_re_i_matches_of_an_english_word_is_no_date(phrase):
    # re.I matches 's' to 'ſ' and 'i' to 'ı'; the word then named no day (a KeyError, or int('ſix'))
    assert dates.find(phrase, published=WED) is None
    assert dates.find(phrase.replace("\u017f", "s").replace("\u0131", "i"), published=WED) is not None
    assert dates.day_line("FR\u0130DAY 4 APRIL", published=WED) in (None, dt.date(2029, 4, 4))
