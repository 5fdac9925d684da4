"""A negotiation is data: no name of its parties or people, no proper name among its cues, and no name of its
rounds is in the code (fixtures and codebooks hold them). Cues in plain English ("pull back", "treaty") may also be general words."""
import json
import re
from pathlib import Path

from ingest.language import NAMES as LANGUAGE_NAMES

ROOT = Path(__file__).resolve().parents[1]
# General English that a codebook may also use: abbreviations sentence splitting knows, a phrase of the task runner,
# a company's name that is an English word ("Total"), offices every government has, a body's nickname that is a common
# word ("lawmakers", "the front": of a page, too), the days of the week (a cue may name one) and the names of languages
# (ingest.language names the ones it tells apart).
GENERAL = {"u.s.", "u.k.", "time limit", "total", "the foreign ministry", "the president", "the mediator", "the prime minister",
           "the government", "lawmakers", "the front", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"} | {
    name.lower() for name in LANGUAGE_NAMES.values()}


def _negotiation_words(books=()) -> set[str]:
    words = set()
    rows = [o["fields"] for o in json.loads((ROOT / "positions/fixtures/russia_west_2022.json").read_text())]
    for book in books:
        data = json.loads(book.read_text())
        rows += data["parties"] + data["people"] + data["issues"]
        for rnd in data.get("rounds", []):  # a round's name, and each clause of it of three words or more
            clauses = [c.strip() for c in re.split(r"[:;,()]|\s[\u2013\u2014-]\s", rnd.get("name", ""))]
            words |= {c.lower() for c in [rnd.get("name", ""), *clauses] if len(c.split()) >= 3}
    for row in rows:
        cues = [c for c in row.get("cues") or [] if re.search(r"\b[A-Z]", c)]  # "Good Friday", not "pull back"
        for value in (row.get("name"), *(row.get("aliases") or []), *cues):
            if isinstance(value, str) and len(value) > 3:
                words.add(value.lower())
    return words - GENERAL


def test_no_name_of_the_shipped_negotiation_is_in_the_code():
    words = _negotiation_words()
    assert len(words) > 50  # the fixture alone holds dozens
    assert _found_in_code(words) == []


def test_no_name_of_a_dev_negotiation_is_in_the_code(shared_eval):
    """The dev sets' negotiations too (../shared/eval: always there in CI, and the project's own in bench/corpus)."""
    books = sorted(shared_eval.glob("*codebook.json")) + sorted(ROOT.glob("bench/corpus/*/codebook.json"))
    assert len(books) >= 3  # the shipped negotiation's, the shared other one, the project's blind one
    words = _negotiation_words(books)
    assert len(words) > len(_negotiation_words())
    assert _found_in_code(words) == []


def _found_in_code(words: set[str]) -> list[str]:
    pattern = re.compile(r"(?<![\w])(?:" + "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) + r")(?![\w])")
    found = []
    for path in sorted(ROOT.glob("*/**/*.py")):
        parts = path.relative_to(ROOT).parts
        if parts[0] in ("tests", ".venv") or "migrations" in parts:
            continue
        for m in pattern.finditer(path.read_text().lower()):
            found.append(f"{path.relative_to(ROOT)}: {m.group()}")
    return found
