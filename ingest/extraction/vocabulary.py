"""Words to stems, for English in general: no negotiation's vocabulary lives here.

An issue's title, description and cues are read through the same function as a
statement, so an issue written tomorrow is matched by its own words in any of
their forms ("withdrawal", "withdrawing"; "decision", "decide"). Words that
mean the same without sharing a stem are found by the linker's word vectors
(`meaning.py`) and by the cues editors add to the codebook; only the general
verbs of change that the vectors hold apart ("scrapped", "removed") are one
stem here, from the lexicon's `same_meaning` groups.
"""
from __future__ import annotations

import re
from functools import lru_cache

import snowballstemmer

from .lexicon import EN

# Function words and the words every report on any talks uses (the lexicon says why).
STOPWORDS = EN.words("stopwords")
# The calendar says when, not what (the lexicon says why).
CALENDAR = EN.words("calendar")
# Irregular forms the stemmer cannot join to their verb.
IRREGULAR = {form: verb for verb, forms in EN.groups("irregular_verbs").items() for form in forms}
_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
_STEMMER = snowballstemmer.stemmer("english")


def _root(word: str) -> str:
    word = IRREGULAR.get(word, word)
    root = _STEMMER.stemWord(word)
    if word.endswith("sion") and root.endswith("s"):
        root = root[:-1] + "d"  # decision/decide, division/divide, invasion/invade
    return root


# A verb of change news writes many ways -> the stem of the word it stands for ("scrapped" -> "remov").
SAME_MEANING = {_root(member): _root(head) for head, members in EN.groups("same_meaning").items() for member in members}


@lru_cache(maxsize=50000)
def stem(word: str) -> str:
    root = _root(word)
    return SAME_MEANING.get(root, root)


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
        if w not in STOPWORDS and (len(w) > 2 or w.isdigit()) and w not in CALENDAR:
            found.append(w)
    return found


@lru_cache(maxsize=20000)
def concepts(text: str) -> tuple[str, ...]:
    """The stems of a text's content words, in order (repeats kept)."""
    return tuple(stem(w) for w in words(text))
