"""Extraction's words, one lexicon per language, read from data (`en.toml` beside this file).

Every word list the extraction matches text with (speech verbs, titles, role
nouns, function words, page furniture) is an entry of the language's file, so
a new speech verb or attribution pattern is one line of data and no module
keeps its own copy of a list. An entry is a table with `why` (what the list is
for, and why it differs from a neighbour) and either `items` (regex fragments,
tried in order), `words` (plain words, separated by white space) or `groups` (named
lists, as `{he = ["Mr"], she = ["Ms"]}`; its items are theirs, in order). An item
may name another entry as `{=name}`, which stands for that entry's alternation.

    from ingest.extraction.lexicon import EN
    EN.words("gap_words")            # frozenset of lower-case words
    EN.alternation("speech_verbs")   # "said|says|...", for a larger pattern
    EN.word_pattern("speech_verbs")  # r"\\b(?:said|says|...)\\b", compiled once
    EN.pattern("dateline", "", "")   # between any `before` and `after`

No negotiation's words belong here: parties, people, places and the topics of
any talks come in as data with the negotiation (fixture or codebook).
"""
from __future__ import annotations

import re
import tomllib
from functools import lru_cache
from pathlib import Path

DIRECTORY = Path(__file__).resolve().parent
_REFERENCE = re.compile(r"\{=([a-z_]+)\}")


class LexiconError(ValueError):
    """A lexicon file that would make extraction match the wrong words: refused when it is loaded."""


class Lexicon:
    """The word lists of one language, checked and compiled once."""

    def __init__(self, language: str, data: dict):
        self.language = language
        self._items: dict[str, tuple[str, ...]] = {}
        self.why: dict[str, str] = {}
        self._groups: dict[str, dict[str, tuple[str, ...]]] = {}
        for name, entry in data.items():
            if not isinstance(entry, dict):
                raise LexiconError(f"{language}: '{name}' is not a table")
            why = entry.get("why", "")
            if not isinstance(why, str) or not why.strip():
                raise LexiconError(f"{language}: '{name}' has no 'why'")
            kinds = set(entry) & {"items", "words", "groups"}
            if len(kinds) != 1 or set(entry) - {"why", "items", "words", "groups"}:
                raise LexiconError(f"{language}: '{name}' needs exactly one of 'items', 'words' or 'groups', and nothing else")
            if "groups" in entry:
                groups = entry["groups"]
                if not isinstance(groups, dict) or not all(isinstance(g, list) for g in groups.values()):
                    raise LexiconError(f"{language}: '{name}' groups must be named lists")
                self._groups[name] = {group: tuple(members) for group, members in groups.items()}
                items = [member for members in groups.values() for member in members]
            elif "items" in entry:
                items = entry["items"]
            else:
                items = entry["words"].split()
            if not items or not all(isinstance(i, str) and i for i in items):
                raise LexiconError(f"{language}: '{name}' has an empty or non-text item")
            repeated = sorted({i for i in items if items.count(i) > 1})
            if repeated:
                raise LexiconError(f"{language}: '{name}' lists {repeated} twice")
            self.why[name] = why.strip()
            self._items[name] = tuple(items)
        for name in self._items:  # every reference resolves and every entry compiles, or nothing loads
            try:
                re.compile(self.alternation(name))
            except re.error as error:
                raise LexiconError(f"{language}: '{name}' is no valid pattern: {error}") from None

    def __contains__(self, name: str) -> bool:
        return name in self._items

    def items(self, name: str) -> tuple[str, ...]:
        """The entry's items as written, in order."""
        try:
            return self._items[name]
        except KeyError:
            raise LexiconError(f"{self.language}: no entry '{name}'") from None

    def words(self, name: str) -> frozenset[str]:
        return frozenset(self.items(name))

    def groups(self, name: str) -> dict[str, tuple[str, ...]]:
        """The named lists of a `groups` entry, in order."""
        if name not in self._groups:
            raise LexiconError(f"{self.language}: no groups entry '{name}'")
        return dict(self._groups[name])

    @lru_cache(maxsize=None)
    def alternation(self, name: str, _seen: tuple = ()) -> str:
        """The items joined with '|', references to other entries expanded (a group, so they nest)."""
        if name in _seen:
            raise LexiconError(f"{self.language}: '{name}' refers to itself through {list(_seen)}")

        def expand(m: re.Match) -> str:
            if m.group(1) not in self._items:
                raise LexiconError(f"{self.language}: '{name}' refers to no entry '{m.group(1)}'")
            return "(?:" + self.alternation(m.group(1), (*_seen, name)) + ")"

        return "|".join(_REFERENCE.sub(expand, item) for item in self.items(name))

    def literal(self, name: str) -> str:
        """The items as plain text ("Sen.", "Vice-President"), escaped and joined with '|'."""
        return "|".join(re.escape(item) for item in self.items(name))

    @lru_cache(maxsize=None)
    def pattern(self, name: str, before: str = "(?:", after: str = ")", flags: int = 0) -> re.Pattern:
        """The entry as one compiled pattern, between `before` and `after`."""
        return re.compile(before + self.alternation(name) + after, flags)

    def word_pattern(self, name: str, flags: int = 0) -> re.Pattern:
        r"""The entry as whole words or phrases, `\b(?:…)\b`: the form most entries are matched in."""
        return self.pattern(name, r"\b(?:", r")\b", flags)

    def line_pattern(self, name: str, flags: int = 0) -> re.Pattern:
        r"""The entry as a whole line, white space around it allowed: `^\s*(?:…)\s*$`."""
        return self.pattern(name, r"^\s*(?:", r")\s*$", flags)


def load_file(path: Path | str, language: str = "") -> Lexicon:
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as error:
        raise LexiconError(f"{path.name}: {error}") from None
    return Lexicon(language or path.stem, data)


@lru_cache(maxsize=8)
def load(language: str) -> Lexicon:
    """The lexicon of a language ("en"), read once per process."""
    if not re.fullmatch(r"[a-z]{2,3}", language):
        raise LexiconError(f"no language '{language}'")
    path = DIRECTORY / f"{language}.toml"
    if not path.exists():
        raise LexiconError(f"no lexicon for '{language}' ({path.name})")
    return load_file(path, language)


EN = load("en")
