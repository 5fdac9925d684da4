"""Name keys that survive transliteration and the negotiation's parties as text patterns.

"Andrey"/"Andrei", "Kovalskiy"/"Kovalsky"/"Kovalskyy", "Matthew"/"Mathew" and
"Doğan"/"Dogan" all fold to the same key, so one alias covers them.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from .lexicon import EN
from .types import Context

_FOLDS = [("kh", "h"), ("th", "t"), ("ph", "f"), ("ck", "k"), ("y", "i"), ("j", "i"), ("w", "v"), ("ou", "u")]


@lru_cache(maxsize=4096)
def key(name: str) -> str:
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    text = re.sub(r"[^a-z ]", "", text)
    for a, b in _FOLDS:
        text = text.replace(a, b)
    text = re.sub(r"(.)\1+", r"\1", text)  # double letters, and "ii" from "iy"
    return text.strip()


def surname(name: str) -> str:
    return name.split()[-1] if name.split() else name


@dataclass(frozen=True)
class PartyText:
    """Compiled patterns for the parties of a context."""

    names: re.Pattern  # the party itself: "Aldoria", "Marensk", "the Aldorian government"
    adjectives: re.Pattern  # qualifiers: "Aldorian", "UK", "allied"
    lookup: dict  # lower-cased alias or adjective -> party code


@lru_cache(maxsize=16)
def party_text(context: Context) -> PartyText:
    lookup, names, adjectives = {}, [], []
    for party in context.parties:
        for alias in (party.name, party.code, *party.aliases):
            alias = re.sub(r"\s*\(.*?\)", "", alias).strip()
            if not alias:
                continue
            bare = re.sub(r"^the\s+", "", alias, flags=re.I)
            for written in _apostrophes(bare):  # "Aldoria's ministry" as typed or as typeset
                lookup.setdefault(written.lower(), party.code)
                names.append(written)
        derived = [demonym(w) for w in (party.name, *party.aliases) if re.fullmatch(r"[A-Z][a-z]{2,}", w)]
        for adjective in (w for a in (*party.adjectives, *(d for d in derived if d)) for w in _apostrophes(a)):
            if adjective.lower() in lookup and lookup[adjective.lower()] != party.code:
                continue  # an editor's word for another party wins
            lookup.setdefault(adjective.lower(), party.code)
            adjectives.append(adjective)
            people = adjective + "s" if re.fullmatch(r"[A-Z]\w*(?:an|i)", adjective) else None
            if people and lookup.setdefault(people.lower(), party.code) == party.code:
                names.append(people)  # "the Aldorians said": its people, for the party
    return PartyText(_alternation(names), _alternation(adjectives), lookup)


_DEMONYM_ENDINGS = ("n", "an", "ian", "ese", "i", "ish", "ean", "ic")
DEMONYM_SIMILARITY = 0.55  # a country and its adjective are close ("Ghana"/"Ghanaian"); a near word of another kind ~0.4 or less


@lru_cache(maxsize=1024)
def demonym(name: str) -> str | None:
    """The adjective of a one-word place name ("Ghana" -> "Ghanaian", "Bolivia" -> "Bolivian"), when the model of
    meaning knows a word of that form as a whole word close in meaning to the name: editors name the parties,
    reports qualify their officials ("the Ghanaian foreign ministry", "Bolivian negotiators")."""
    from . import meaning

    model = meaning.vectors()
    base = model.word(name.lower()) if model is not None else None
    if base is None:
        return None
    stem_ = name[:-1] if name[-1] in "aeiouy" else name
    best, best_similarity = None, DEMONYM_SIMILARITY
    for candidate in dict.fromkeys(root + ending for root in (name, stem_) for ending in _DEMONYM_ENDINGS):
        if model.rank(candidate.lower()) is None:
            continue  # not a word the model knows whole
        vector = model.word(candidate.lower())
        similarity = float(base @ vector) if vector is not None else 0.0
        if similarity >= best_similarity:
            best, best_similarity = candidate, similarity
    return best


def _apostrophes(name: str) -> tuple[str, ...]:
    """A name with an apostrophe as an editor typed it and as reports set it (’), or with either."""
    if "'" not in name and "\u2019" not in name:
        return (name,)
    return tuple(dict.fromkeys((name, name.replace("\u2019", "'"), name.replace("'", "\u2019"))))


def _alternation(words: list[str]) -> re.Pattern:
    parts = []
    for w in sorted(set(words), key=len, reverse=True):
        escaped = re.escape(w)
        # acronyms and capitalised names match as written; lower-case aliases ("the compact") in any case
        parts.append(escaped if w[:1].isupper() else f"(?i:{escaped})")
        if w.isalpha() and w.isupper() and len(w) >= 4:
            parts.append(re.escape(w.capitalize()))  # "Unesco" for "UNESCO" in British style
    if not parts:
        return re.compile(r"(?!x)x")
    return re.compile(r"(?<![\w.])(?:" + "|".join(parts) + r")(?![\w])")


_MEDIATION = {group: re.compile("|".join(items), re.I) for group, items in EN.groups("mediation").items()}
_TITLE_GAP = re.compile(r"\s*(?:the\s+)?(?:[A-Z][\w.'\u2019-]*\s+(?:of\s+(?:the\s+)?)?){0,4}")  # "Secretary of State "


def _people_named(text: str, context: Context) -> list[tuple[int, int, str]]:
    """Where a known person of a party is named in `text`, by full name or surname: (start, end, party code)."""
    spots = []
    for person in context.people:
        if not person.party_code:
            continue
        names = {n for n in (person.name, *person.aliases, *person.name.split()[-1:]) if n.strip()}
        if not names:
            continue
        rx = re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
                        + r")(?![\w-])(?!['\u2019]s\b)")  # "under Kestrel's government": not Kestrel chairing
        spots += [(m.start(), m.end(), person.party_code) for m in rx.finditer(text)]
    return spots


_LIST_GAP = re.compile(r"\s*(?:,\s*(?:and\s+)?|\s+and\s+|\s+)(?:the\s+)?", re.I)  # between a list's names


@lru_cache(maxsize=16)
def mediators(context: Context) -> frozenset[str]:
    """The parties a negotiation's name or description names as its go-betweens ("the talks between Aldoria
    and Borvania, mediated by Varta and the Basin Commission", "the Varta-facilitated dialogue", "with Varta as
    guarantor"): their codes. Editors describe a negotiation in words like these; nothing else says which
    parties are sides and which broker."""
    text = f"{context.topic}. {context.description}"
    parties = party_text(context)
    mentions = sorted(((m.start(), m.end(), parties.lookup.get(m.group().lower()))
                       for rx in (parties.names, parties.adjectives) for m in rx.finditer(text)))
    chairs = sorted(_people_named(text, context))  # "talks under Secretary of State Kestrel": Kestrel's party

    def listed(i: int, step: int) -> set:
        """The party at mentions[i] and those listed with it, going forward (step 1) or back (-1)."""
        found = set()
        while 0 <= i < len(mentions):
            found.add(mentions[i][2])
            j = i + step
            if not 0 <= j < len(mentions):
                break
            a, b = (mentions[i], mentions[j]) if step > 0 else (mentions[j], mentions[i])
            if not _LIST_GAP.fullmatch(text, a[1], b[0]):
                break
            i = j
        return found

    found = set()
    for m in _MEDIATION["after"].finditer(text):  # "mediated by the Basin Commission and Varta"
        first = next((i for i, n in enumerate(mentions) if n[0] >= m.end()), None)
        if first is not None and _LIST_GAP.fullmatch(text, m.end(), mentions[first][0]):
            found |= listed(first, 1)
    for m in _MEDIATION["chaired"].finditer(text):  # "the meetings under Commission President Kestrel"
        named = next(((start, code) for start, _, code in sorted(mentions + chairs) if start >= m.end()), None)
        if named and _TITLE_GAP.fullmatch(text, m.end(), named[0]):
            found.add(named[1])
    for m in _MEDIATION["before"].finditer(text):  # "with Varta and the Basin Commission as guarantors"
        last = next((i for i in reversed(range(len(mentions))) if mentions[i][1] <= m.start()), None)
        if last is not None and not text[mentions[last][1]:m.start()].strip():
            found |= listed(last, -1)
        # "the Basin Commission and its co-chairs Jan X and Ana Y steering the talks": the chairs' party
        chair = next((c for c in reversed(chairs) if c[1] <= m.start()), None)
        if chair is not None and not text[chair[1]:m.start()].strip():
            found.add(chair[2])
    found |= {code for _, end, code in mentions if _MEDIATION["hyphen"].match(text, end)}
    return frozenset(found - {None})


_BETWEEN = {group: re.compile("|".join(items), re.I) for group, items in EN.groups("talks_between").items()}


@lru_cache(maxsize=16)
def principals(context: Context) -> frozenset[str]:
    """The sides a negotiation's name or description says the talks (or the conflict) are between ("the talks
    between Aldoria and Borvania, mediated by Varta"): their codes, when it names two or more; none when it does
    not say. The parties named in the list (or whose known person is), up to the words that end it, and those whose
    name says they are a side at home ("the Aldorian opposition")."""
    text = f"{context.topic}. {context.description}"
    parties = party_text(context)
    for m in _BETWEEN["between"].finditer(text):
        listed = text[m.end():m.end() + 300]
        end = _BETWEEN["end"].search(listed)
        listed = listed[:end.start()] if end else listed
        found = {parties.lookup.get(n.group().lower()) for rx in (parties.names, parties.adjectives)
                 for n in rx.finditer(listed)} | {code for _, _, code in _people_named(listed, context)}
        found.discard(None)
        if len(found) >= 2:
            return frozenset(found | {p.code for p in context.parties if _BETWEEN["side_name"].search(p.name)})
    return frozenset()
