"""Extraction does work linear in the text, whatever the text (issue 16).

A hostile body (a run of title words, of capitals, of quote marks, one word
repeated for a megabyte) once made regexes and per-sentence scans grow with a
power of its length and tied up a worker for minutes. These tests time the
whole path an article's text takes — cleaning, statements, links — at two
sizes in one run and compare the time per kilobyte.
"""
import datetime as dt
import time

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ingest import cleaning
from ingest.extraction import find_statements, link_statement, linking

from .reports import CONTEXT

# Pieces that once made some stage super-linear, and a few ordinary ones to mix in.
HOSTILE_UNITS = [
    "Deputy ", "Deputy Foreign ", "Minister ", "Aldoria ", "A", "\u0100", "A-", "x", '"a ', "\u2018a ", "\u201c",
    "Wielgosz, ", "(", ")", "said ", "The minister ", "U.S. ", "Tomasz Wielgosz ", "Tomasz Wielgosz said ",
    "Anna Brandt, a ", "-", "\u2014 ", ", ", "'", "Ab Cd, who ", "Aa of ", ", saying ", "according to ",
    "Wielgosz said the dams must stop. ", "\u201cThe dams must stop,\u201d Wielgosz said. ", "on Monday ",
    "\n", "Deputy Minister Wielgosz said.\n", "Aldoria's ", "Of The ", "Minister of Ab ", "Q: ", "A: ", "Xy: ",
    "Remarks by ", "Check against delivery\n", "Q (Radio ", "WIELGOSZ (Minister): ", "called the offer ",
    "regrettable ", "The proposals of Aldoria include:\n", "- ", "We ", "good ", "real progress on the dams ",
    ", but ", "if ", "only once ", "we spoke to ", "He was blunter: ", ", and ", "SESSION OF MONDAY 18 MARCH\n",
    "Moderator: ", "Ana Berg, ", "; ", "(director) ", "Why ", "would you ", "? ", "ministry ", "Aldoria and ",
]


def extract(raw: str) -> float:
    """Seconds to clean, extract and link one text (the pipeline's own path)."""
    started = time.perf_counter()
    text = cleaning.clean(raw, is_html=False).text
    for statement in find_statements(text, published=dt.date(2030, 3, 20), context=CONTEXT):
        link_statement(statement, context=CONTEXT)
    return time.perf_counter() - started


def body(pattern: str, kilobytes: int) -> str:
    size = kilobytes * 1024
    return (pattern * (size // len(pattern.encode()) + 1))[:size] + " Wielgosz said."


def per_kb_ratio(pattern: str, small: int = 10, large: int = 100) -> tuple[float, float, float]:
    """(time per KB at `large` / time per KB at `small`, seconds small, seconds large); best of two runs each."""
    t_small = min(extract(body(pattern, small)) for _ in range(2))
    t_large = min(extract(body(pattern, large)) for _ in range(2))
    floor = 0.002 * small  # below 2 ms per KB the small run is all fixed cost and noise
    return (t_large / large) / (max(t_small, floor) / small), t_small, t_large


def test_a_run_of_titles_before_a_known_name_is_fast():
    """400 title words before a surname took 20 s and more (work grew with the cube of the run)."""
    assert extract("Deputy " * 400 + "Minister Wielgosz said.") < 1.0
    assert extract("Deputy " * 400 + "Minister Tomasz Wielgosz said the talks failed.") < 1.0


def test_a_run_of_office_words_and_transcript_turns_is_fast():
    assert extract("Minister Of The " * 2000 + "Ab Cd said.") < 1.0
    assert extract("Q: why?\n\nA: " + "Because it is. " * 3000) < 2.0


def test_a_long_speech_transcript_and_list_are_fast():
    """Published remarks, a transcript's unlabelled turns and a side's list read every paragraph as theirs."""
    speech = "Remarks by Foreign Minister Tomasz Wielgosz\n\nCheck against delivery\n\n"
    assert extract(speech + "We will not accept new dams. Our farmers need water.\n\n" * 1500) < 3.0
    turns = "Q (Radio Varta): Why?\n\nWIELGOSZ (Minister): Because.\n\n" + "And we will not sign it.\n\n" * 3000
    assert extract(turns) < 3.0
    assert extract("The proposals that Aldoria delivered include:\n\n" + "- No new dams upstream.\n\n" * 3000) < 3.0
    assert extract("Wielgosz called the offer " + "very " * 20000 + "regrettable.") < 1.0


def test_a_signature_of_capitals_after_a_pull_quote_is_fast():
    """A pull quote signed with a long run of capitals hit an exponential regex (2x per letter)."""
    text = "Headline\n\nwe will not sign anything at all Tomasz Wielgosz " + "A" * 60 + ","
    assert extract(text) < 1.0


def test_many_people_each_named_once_cost_no_more_per_kb():
    """Thousands of new people (each remembered for pronouns and roles) once made each sentence slower."""
    names = [f"{a}{b}{c}{d}va" for a in "BCDFGHKLMNPRSTVZ" for b in "aeiou" for c in "bdfgklmnprstvz" for d in "ae"]
    text = "".join(f"Foreign Minister {n} Kar{n.lower()} said the minister agreed. The minister said so.\n" for n in names)
    small, large = text[:10 * 1024], text[:100 * 1024]
    assert len(large) > 90 * 1024
    runs = [(extract(small), extract(large)) for _ in range(3)]  # in turn: a busy moment weighs on both
    t_small, t_large = min(r[0] for r in runs), min(r[1] for r in runs)
    assert (t_large / 100) / (max(t_small, 0.02) / 10) < 3


@settings(max_examples=12, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.lists(st.sampled_from(HOSTILE_UNITS), min_size=1, max_size=3).map("".join))
def test_extraction_time_per_kb_stays_flat_from_10_to_100_kb(pattern):
    ratio, t_small, t_large = per_kb_ratio(pattern)
    assert ratio < 3, f"{pattern!r}: {t_small:.3f}s for 10 KB, {t_large:.3f}s for 100 KB (x{ratio:.1f} per KB)"


def test_an_issue_description_of_any_shape_is_read_in_linear_time():
    """An editor's description is read for the stances it gives (`stance.described`): per KB as fast at 400 KB as at
    40 KB, whatever it repeats (a lazy regex over every start once made this grow with the clauses' length)."""
    from ingest.extraction.stance import described, undescribed

    def seconds(text: str) -> float:
        started = time.perf_counter()
        described(text), undescribed(text)
        return time.perf_counter() - started

    for unit in ("a", " ", "is ", "x rejects it, ", "open ", "Offers are open; ", ", "):
        small, large = (unit * (40 * 1024 // len(unit)), unit * (400 * 1024 // len(unit)))
        t_small = min(seconds(small) for _ in range(2))
        t_large = min(seconds(large) for _ in range(2))
        assert (t_large / 10) / max(t_small, 0.002) < 3, f"{unit!r}: {t_small:.3f}s, {t_large:.3f}s"


def test_long_quotes_before_their_speech_verb_and_runs_of_commas_are_fast():
    """A clause looked for before each speech verb over a whole blanked quote, and a condition looked for after
    a run of commas, grew with the square of the run."""
    ratio, t_small, t_large = per_kb_ratio("\u201c" + "word " * 280 + "\u201d the minister said, ")
    assert ratio < 3, f"{t_small:.3f}s for 10 KB, {t_large:.3f}s for 100 KB"
    from ingest.extraction.stance import decide

    started = time.perf_counter()
    decide(", " * 8000 + "the tolls", speaker_party="BOR", owner="ALD", sides={"ALD", "BOR"}, targets=set())
    assert time.perf_counter() - started < 0.5
    started = time.perf_counter()  # a refusal before a long run of words, none of them a claim
    decide("rejected " * 4000 + "would not accept any " * 2000 + "call " + "the tolls " * 2000, speaker_party="BOR", owner="ALD", sides={"ALD", "BOR"}, targets=set(),
           negative=True)
    assert time.perf_counter() - started < 0.5


def test_cues_in_clauses_about_someone_are_set_aside_in_linear_time():
    """Each cue found is checked against the clauses describing someone (", who rejects ..., says"): one bisect, not
    a scan of them all, however many there are."""
    from ingest.extraction.stance import decide

    def seconds(n: int) -> float:
        text = "Ab Cd, who will not accept it, " * n + "says Borvania welcomes it"
        started = time.perf_counter()
        decided = decide(text, speaker_party="BOR", owner="ALD", sides={"ALD", "BOR"}, targets=set())
        assert decided.stance == "supports"  # the welcome after the clauses is the view, not their refusals
        return time.perf_counter() - started

    t_small, t_large = min(seconds(2_000) for _ in range(2)), min(seconds(20_000) for _ in range(2))
    assert (t_large / 10) / max(t_small, 0.002) < 3, f"{t_small:.3f}s, {t_large:.3f}s"


def test_roster_and_question_checks_are_linear_in_a_sentence():
    from ingest.extraction.statements import _asks, _no_view, _roster

    for unit in (" ", ",", ":", "(", "Ab ", "Ab, Cd; ", "why can ", "?", "the transcript ", "Note "):
        times = []
        for n in (5_000, 50_000):
            text = "A" + unit * (n // len(unit)) + "?"
            started = time.perf_counter()
            _roster(text), _asks(text), _no_view(text)
            times.append((time.perf_counter() - started) / n)
        assert times[1] < times[0] * 3 + 1e-6, unit  # per character, no slower at ten times the length


def test_run_on_sentences_without_spaces_are_cut_inside_themselves():
    """A statement too long to keep whole is cut at a space near its attribution; with no space in it, the search
    for one ran on through the rest of the text (quadratic), and past its ends (an empty statement, start after
    end, or an IndexError that failed the article)."""
    unit = "\u2014Wielgosz\u2014said\u2014" + "x" * 700
    large = "A " + unit * 280 + " b"  # 200 KB: a second and more when each statement searched the whole text
    assert min(extract(large) for _ in range(2)) < 0.8
    for text in ("Intro. Wielgosz\u2014said\u2014" + "x" * 600, "Wielgosz\u2014said\u2014" + "x" * 2000, large):
        for statement in find_statements(text, published=dt.date(2030, 3, 20), context=CONTEXT):
            assert statement.start < statement.end and statement.text == text[statement.start:statement.end]


def test_runs_of_sentence_marks_and_of_wide_spaces_are_fast():
    """A sentence end was tried from every mark of a run ("....", work with the run's square); so were the clause
    breaks from every space of a run of em spaces, which cleaning now makes one space."""
    assert extract("." * 80_000 + " Wielgosz said.") < 1.0
    started = time.perf_counter()
    linking._CLAUSE_BREAK.split("a" + "\u2003" * 10_000 + "b")  # what cleaning would leave alone, were it not mended
    assert time.perf_counter() - started < 0.2
    assert cleaning.clean("a\u2003\u2003b\u3000c", is_html=False).text == "a b c"
