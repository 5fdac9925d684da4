"""Words to stems, for English in general: no negotiation's vocabulary lives here.

An issue's title, description and cues are read through the same function as a
statement, so an issue written tomorrow is matched by its own words in any of
their forms ("withdrawal", "withdrawing"; "decision", "decide"). Words that
mean the same without sharing a stem are found by the linker's word vectors
(`meaning.py`) and by the cues editors add to the codebook, not by a table here.
"""
from __future__ import annotations

import re
from functools import lru_cache

import snowballstemmer

# Function words, and the words every report on any talks uses (they say nothing about which demand:
# every demand is a deal, a plan, a proposal, an agreement to reach).
STOPWORDS = frozenset("""
a an the and or but nor of to in on at by for with from into onto as is are was were be been being it its this that
these those which who whom whose what when where how not no any all some other others such only own same so than too
very can could will would shall should may might must do does did done has have had having he she they them their his
her we our you your i me my us also further more most less least including include includes particular
up down out over under again then once there here if while after before between against about across per via
sets set take takes taken form place places make makes made develops develop reach reaches that's it's
party parties talks talk issue issues negotiation negotiations negotiator negotiators round rounds meeting
near around state states side sides back front new every each first last next main key major many much certain several possible full whole
said says say saying told tell tells added adds stressed noted according statement statements
mr mrs ms dr year years day days week weeks month months today yesterday tomorrow time times
one two three four five six seven eight nine ten way ways thing things lot lots well just even still
deal deals agreement agreements agree agreed plan plans proposal proposals propose proposed offer offers position positions
progress solution solutions work working worked objective objectives good better best bad
""".split())
# Irregular forms the stemmer cannot join to their verb.
IRREGULAR = {"withdrew": "withdraw", "withdrawn": "withdraw", "drew": "draw", "drawn": "draw", "gave": "give",
             "given": "give", "took": "take", "chose": "choose", "chosen": "choose", "broke": "break",
             "broken": "break", "left": "leave", "kept": "keep", "met": "meet", "sought": "seek", "paid": "pay"}
_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
_STEMMER = snowballstemmer.stemmer("english")


@lru_cache(maxsize=50000)
def stem(word: str) -> str:
    word = IRREGULAR.get(word, word)
    root = _STEMMER.stemWord(word)
    if word.endswith("sion") and root.endswith("s"):
        root = root[:-1] + "d"  # decision/decide, division/divide, invasion/invade
    return root


def surface_stem(word: str) -> str:
    """The stem as a prefix of the word itself ("stations" -> "station"), for matching text as written."""
    root = _STEMMER.stemWord(word)
    return root if word.startswith(root) else word


def words(text: str) -> list[str]:
    """The content words of a text, lower-cased, in order (repeats kept)."""
    text = text.lower().replace("\u2019", "'")
    found = []
    for w in _WORD.findall(text):
        if w.endswith("'s"):
            w = w[:-2]
        if w not in STOPWORDS and (len(w) > 2 or w.isdigit()):
            found.append(w)
    return found


@lru_cache(maxsize=20000)
def concepts(text: str) -> tuple[str, ...]:
    """The stems of a text's content words, in order (repeats kept)."""
    return tuple(stem(w) for w in words(text))
