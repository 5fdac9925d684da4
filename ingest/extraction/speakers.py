"""Who is speaking: people, parties, pronouns and roles mentioned in a sentence.

Known people come from the context (name, aliases, surname; transliteration-
folded keys). New people are recognised from titles and appositions
("Deputy Foreign Minister Ivan Petrov", "Anna Sidorova, the ministry's
spokeswoman", "the Aldorian president, Jan X,") and get their party
from the words of their role, matched against the parties' names, aliases and
adjectives. Nothing here knows any person or country by heart.
"""
from __future__ import annotations

import calendar
import datetime as dt
import functools
import re
from dataclasses import dataclass, field

from . import meaning, names
from .dates import MONTHS
from .lexicon import EN
from .types import Context

# Words of a title or role (general English news usage).
ROLE_WORDS = EN.alternation("roles")
ROLE_RX = re.compile(r"\b(?:" + ROLE_WORDS + r")s?\b", re.I)
# Words a title may have before its head word, at most (a longer run is a hostile text, not a title).
MAX_TITLE_WORDS = 6
# A title directly before a name ("Foreign Minister Ana X", "Gen. Mark X"). Bounded: a run of
# prefix words is read at most MAX_TITLE_WORDS long, so matching never walks a whole hostile run.
TITLE_BEFORE_NAME = re.compile(
    r"(?i:(?:(?:" + EN.literal("title_prefixes") + r")[ -]+){0," + str(MAX_TITLE_WORDS) + "}"
    r"(?:" + EN.literal("title_heads") + "))"
    r"(?:[ ]+(?:of|for|to|at)[ ]+(?:the[ ]+)?(?:{U}[\w-]*[ ]+)?{U}[\w-]*"  # "Minister of Waterways", "Envoy to the Harbour League"
    r"(?:[ ]+(?:of|to|at)[ ]+(?:the[ ]+)?{U}[\w-]*(?:[ ]+{U}[\w-]*)?)?(?=[ ]+{U}))?".replace("{U}", "[A-Z\u00c0-\u00de\u0100-\u017f]")
)  # "President of the Commonwealth of Aldoria"; capitals beyond ASCII too ("of Ölvania")
# A capitalised word, read only from its first letter: a regex trying it at every letter of one
# long word ("AAAA...", "A-A-A-...") would cost the square of its length.
_CAP = r"(?<![\w\u00c0-\u017f])(?<![\w\u00c0-\u017f][-'\u2019])[A-Z\u00c0-\u00de\u0100-\u017f][\w'\u2019\u00c0-\u017f-]+"
_PARTICLE = EN.alternation("name_particles")
# The verbs a new speaker's name or apposition is read before ("Olga X, a hydrologist, told ...").
_SAYS = EN.alternation("introducing_verbs")
# A particle joined by a hyphen to the word after it, after a first name: "Ilyas Vortan al-Nadri"
_JOINED = rf"(?<![\w\u00c0-\u017f-])(?:{_PARTICLE})-[A-Z\u00c0-\u00de\u0100-\u017f][\w'\u2019\u00c0-\u017f-]+"
NAME = rf"{_CAP}(?: (?:(?:{_PARTICLE}) ){{0,2}}(?:{_CAP}|{_JOINED})){{1,3}}"  # "Ana de la Vega": up to two particles

_LOWER_ROLE = r"(?:[\w'\u2019-]+\s+){0,8}?(?:" + ROLE_WORDS + r")s?\b(?:\s+(?:of|for|at|in|to)\s+[^,.;\u201c\u201d\"]{2,60})?"
TITLED = re.compile(rf"\b(?P<title>{TITLE_BEFORE_NAME.pattern})[ ]+\(?(?P<name>{NAME})\)?")
POSSESSIVE_APPOSITION = re.compile(
    rf"(?P<role>{_CAP}['\u2019]s[ ]+(?:[a-z-]+[ ]+){{0,3}}?(?:{ROLE_WORDS}))"
    rf"(?:[ ]+(?:to|at|in)[ ]+(?:the[ ]+)?[A-Z][\w'\u2019.-]*(?:[ ]+[A-Z][\w'\u2019.-]*){{0,2}})?"  # "'s envoy to the Harbour League"
    rf",?[ ]+(?P<name>{NAME})(?=[,.;]| (?:{_SAYS})\b)"
)
# '..., said Olga X of the School of Economics.', '..., said Olga X, who ...', and '..., said Olga X.' or '..., said
# Olga X, a historian ...' (the apposition read by APPOSITION_AFTER when it can): after a verb of saying, a name is
# someone speaking, described or not
SAID_NAME_OF = re.compile(rf"\b(?:{_SAYS})[ ]+(?P<name>{NAME})(?:[ ]+(?P<role>(?:of|from|at)[ ]+(?:the[ ]+)?[A-Z][^,.;\n]{{2,80}})|"
                          rf",[ ](?P<who>who[ ][^,;\n]{{2,150}})(?=[.;,])|(?=[.;,]))")
# The words of titles, lower case: what a name never starts or ends with.
TITLE_WORDS = frozenset(w.lower() for name in ("title_prefixes", "title_heads") for t in EN.items(name) for w in t.split())
_BEFORE_CAPITAL = re.compile(r" \(?[A-Z\u00c0-\u00de\u0100-\u017f]")


_LONGEST_TITLE_WORD = max(map(len, TITLE_WORDS))


def _titled(text: str):
    """TITLED matches, tried only where a title word stands right before a capital (a regex per position is slow).

    Linear in the text: the walk back over a compound title reads at most MAX_TITLE_WORDS
    words of bounded length, so a run of thousands of title words costs a constant per word.
    """
    last_end, failed = -1, set()
    for cap in _BEFORE_CAPITAL.finditer(text):
        pos = cap.start()
        starts = []
        office, capital = 0, False  # capitalised words of an office the title is of ("Minister of Waterways")
        for _ in range(MAX_TITLE_WORDS + 5):  # back over the words of a compound title ("Deputy Secretary of State")
            low = max(0, pos - _LONGEST_TITLE_WORD - 1)
            cut = max(text.rfind(" ", low, pos), text.rfind("\n", low, pos))
            if cut < 0 and low > 0:  # a word longer than any title word
                break
            begin = cut + 1
            word = text[begin:pos]
            if word and all(part.lower() in TITLE_WORDS for part in word.split("-") if part):
                starts.append(begin)
            elif not (capital and word.lower() in ("of", "for", "to", "at", "the")):  # "Minister for Foreign Affairs"
                if not word[:1].isupper() or office == 3:
                    break
                office += 1  # "Waterways" of "Minister of Waterways" (TITLED says whether a title is before it)
            capital = word[:1].isupper() or (capital and word.lower() in ("of", "for", "to", "at", "the"))  # "of the Commonwealth of"
            pos = begin - 1
            if pos <= 0:
                break
        for start in reversed(starts):
            if start < last_end:
                break
            if start in failed:  # the capital after the next title word tried it already
                continue
            m = TITLED.match(text, start)
            if m and not m.group("title")[:1].isupper() and re.search(r" (?:of|for|to|at) ", m.group("title")):
                m = None  # "the director of the National Council": a lower-case role of an office, not a title
            if m:
                last_end = m.end()
                yield m
                break
            failed.add(start)


# Up to three capitalised words before a title ("Harbour Office press secretary", "Aldorian Deputy ...").
PRE_TITLE = re.compile(r"(?:\b[A-Z](?:[\w'\u2019-]*|(?:\.[A-Z])+\.)[ ]+){1,3}$")
# "Jane Roe, co-author of the report": a bare noun of one who does something, and what of
_AGENT_NOUN = r"(?:[a-z][\w-]*(?:er|or|ist|ian|ant|ent|man|woman|person)|head|chief|member|fellow)"
APPOSITION_AFTER = re.compile(
    rf"(?P<name>{NAME}),\s+(?:(?:the\s+|a\s+|an\s+)?(?P<role>{_LOWER_ROLE})|(?:an?|the)\s+(?P<any>[a-z][\w'\u2019-]*(?:\s+[\w'\u2019-]+){{0,10}}?)"
    rf"|(?P<bare>{_AGENT_NOUN}\s+of\s+[\w'\u2019-]+(?:\s+[\w'\u2019-]+){{0,8}}?))"
    rf"\s*(?=[,.;]|\s+(?:{_SAYS})\b)"
)
_OF_SOME = re.compile(r"\s+(?:of|at|for)\s+an?\s", re.I)  # "president of a traders' association": an organisation's


def _state_title(role: str) -> bool:
    """A government's title in the role, not one held at some organisation right after it ("president of a
    traders' association"; "deputy minister and head of a working group" is still a minister)."""
    return any(not _OF_SOME.match(role, m.end()) for m in GOVERNMENT_TITLE.finditer(role))


def holds_office(role: str) -> bool:
    """Whether a new person's role is a government's title ("Spokesman", "Deputy Minister"), not one held abroad,
    at an institute, or at some organisation: who speaks for a side."""
    return _state_title(role) and not FOREIGN_QUALIFIER.search(role) and not ACADEMIC.search(role)


# "the foreign minister, Jan X,"; "the Aldorian envoy to the Harbour League, Jan X,": a role (where it is held is no
# party of it); "the president of a local association of traders, Jan X,": the organisation, of any case, too
APPOSITION_BEFORE = re.compile(rf"\b[Tt]he\s+(?P<role>(?:[\w'\u2019-]+\s+){{0,5}}?(?:{ROLE_WORDS})"
                               rf"(?:\s+of\s+(?:the\s+|an?\s+)?[\w'\u2019.-]+(?:\s+[\w'\u2019.-]+){{0,5}}?)?)"  # "of Aldoria", "of a local association"
                               rf"(?:\s+(?:to|at|in)\s+(?:the\s+)?[\w'\u2019.-]+(?:\s+[\w'\u2019.-]+){{0,2}}?)?,\s+(?P<name>{NAME}),")

NAME_SPEAKS = re.compile(
    rf"(?<![\w'\u2019-] )(?<![A-Za-z])(?P<name>{NAME})(?P<role>,[ ](?:who|a|an|the)[ ][^,;\n]{{2,150}},|[ ](?:of|from|at)[ ](?:the[ ])?[A-Z][^,;\n]{{2,80}}?,?)?"
    rf"[ ](?:has[ ]|had[ ]|also[ ])?(?:{_SAYS})\b"
)
# "Olga X, who follows the talks at a think tank, sees a bargain ...": a new person opening a sentence, described by
# a relative clause, is who "she" is in the quote that follows, though no verb of saying comes with the name
NAME_OPENS = re.compile(rf"(?:^|(?<=[.!?\u201d\"][ ])|(?<=\n))(?P<name>{NAME}),[ ](?P<role>who[ ][^,;\n]{{2,150}}),")
ACTS_FOR = re.compile(rf"(?P<name>{NAME}),[ ]who[ ](?:{EN.alternation('acting_for_verbs')})[ ](?P<org>[^,;\n]{{2,100}})")
INSTITUTION_WORD = EN.word_pattern("organisation_words")

NOT_NAME_WORDS = EN.words("not_name_words")
INSTITUTION_NOUNS = EN.alternation("institution_nouns")
DOCUMENT_NOUNS = EN.alternation("document_nouns")
PRONOUNS = {"he": "person", "she": "person", "they": "group", "it": "party", "him": "person", "them": "group"}
# Role nouns that may stand for a person already named ("the minister said").
ROLE_GROUPS = EN.groups("role_groups")


def _both_ways(groups: dict[str, tuple[str, ...]]) -> dict[str, tuple[str, ...]]:
    """Each word to the others of its group, whichever the lexicon lists first."""
    both: dict[str, tuple[str, ...]] = {}
    for word, others in groups.items():
        for a, b in [(word, o) for o in others] + [(o, word) for o in others]:
            both[a] = both.get(a, ()) + (b,)
    return both


# Words for the same office, each way ("the Premier" for a prime minister, "the prime minister" for a Premier).
SAME_TITLES = _both_ways(EN.groups("same_titles"))
ROLE_NOUN = re.compile(
    r"\b(?:the|[Tt]he|an?|An?)\s+(?P<role>(?:(?:[\w'\u2019-]+)\s+){0,4}(?i:" + ROLE_WORDS + r"))"
    # "the Minister for Foreign Affairs of Aldoria": the office and the country it serves, capitalised, are the role's;
    # so is where an official sits ("a senior official in Marensk": `party_of_role` tells an office from a pollster's)
    r"(?P<office>\s+(?:for|of|in)\s+(?:the\s+)?[A-Z][\w'\u2019-]*(?:\s+(?:(?:of|for|and)\s+(?:the\s+)?)?[A-Z][\w'\u2019-]*){0,4})?"
    r"\b(?!\s*,?\s*" + _CAP + r"\s+" + _CAP + r")"
)


# The most new people one report may introduce (a long report names a few dozen).
MAX_NEW_PEOPLE = 200


@dataclass
class CastMember:
    name: str
    party: str | None
    role: str = ""
    known: bool = False
    keys: set = field(default_factory=set)
    at: int = -1  # where the report introduces them (-1: known beforehand)


@dataclass
class Mention:
    start: int
    end: int
    kind: str  # person / party / pronoun / role / document
    text: str
    person: CastMember | None = None
    party: str | None = None
    role: str = ""
    others: tuple = ()  # for a word several people's names start with ("Pei"), the others it may stand for


class Cast:
    """The people and parties a report may mention: the context's, plus those it introduces."""

    def __init__(self, context: Context, on: dt.date | None = None):
        self.context = context
        self.parties = names.party_text(context)
        self.people: list[CastMember] = []
        self._seen: dict = {}
        self.home: str | None = None
        self.by_key: dict[str, list[CastMember]] = {}
        self._spelled: set = set()  # (key, name): the key is a whole spelling of the person's, not a cut surname
        self.shared: dict[str, list[CastMember]] = {}  # a first word several people's full names start with
        for p in context.people:
            self._add(CastMember(p.name, p.party_code, role_on(p.role, on), True), (p.name, *p.aliases))
        self.known_count = len(self.people)

    # --- registry ---------------------------------------------------------------

    def _add(self, person: CastMember, spellings) -> CastMember:
        for spelling in spellings:
            whole = names.key(spelling)
            # a name's last word names the person alone; a role's ("the President of Borvania") does not
            named = all(w[:1].isupper() for w in spelling.split()) and names.surname(spelling).lower() not in TITLE_WORDS
            for k in (whole, names.key(names.surname(spelling))) if named else (whole,):
                # a short name only as an editor wrote it for a known person ("Qu"), never cut from a longer one
                if len(k) >= 3 or (len(k) == 2 and k == whole and person.known):
                    person.keys.add(k)
                    self.by_key.setdefault(k, [])
                    if person not in self.by_key[k]:
                        self.by_key[k].append(person)
                    if k == whole:
                        self._spelled.add((k, person.name))
        self.people.append(person)
        return person

    def lookup(self, name: str) -> CastMember | None:
        found = self.candidates(name)
        return found[0] if found else None

    def spelled_as(self, text: str) -> list[CastMember]:
        """The people an editor gave exactly this name ("the grand chancellor"), with or without "the"."""
        bare = re.sub(r"^(?:the|The)\s+", "", text.strip())
        return [p for k in dict.fromkeys((names.key(text), names.key(bare), names.key("the " + bare)))
                for p in self.by_key.get(k, ()) if (k, p.name) in self._spelled]

    def candidates(self, name: str) -> list[CastMember]:
        """The people a name may stand for, the likeliest first: one an editor spelled so ("Roz" given as an alias)
        before one whose last word it only is, and of those the last registered."""
        name = re.sub(r"['\u2019]s?$", "", name)
        for k in (names.key(name), names.key(names.surname(name))):
            found = self.by_key.get(k)
            if found:
                return sorted(reversed(found), key=lambda p: (k, p.name) not in self._spelled)
        return []

    def introduce(self, text: str) -> None:
        """Register the new people a report introduces with a title or an apposition."""
        self.home = self._dateline_party(text)
        for m in APPOSITION_AFTER.finditer(text):  # "Jane Roe, a hydrologist at ...": the fullest role first
            self._new(m.group("name"), m.group("role") or m.group("any") or m.group("bare"), text, m.start())
        for m in _titled(text):
            pre = PRE_TITLE.search(text, max(0, m.start() - 60), m.start())
            self._new(m.group("name"), ((pre.group() if pre else "") + m.group("title")).strip(), text, m.start())
        for m in APPOSITION_BEFORE.finditer(text):
            self._new(m.group("name"), m.group("role"), text, m.start())
        for m in POSSESSIVE_APPOSITION.finditer(text):  # "Marquardt's spokesman, Karl Weber,"
            self._new(m.group("name"), m.group("role"), text, m.start())
        for m in SAID_NAME_OF.finditer(text):
            self._new(m.group("name"), m.group("role") or m.group("who") or "", text, m.start())
        for m in NAME_SPEAKS.finditer(text):  # "Olga X, who runs a think tank, told ...": a new speaker, no title
            words = m.group("name").split()
            while words and (words[0].lower() in TITLE_WORDS or ROLE_RX.fullmatch(words[0])):
                words = words[1:]  # "Foreign Minister Ana X": the title is not the name
            if words and not INSTITUTION_WORD.search(m.group("name")):
                self._new(" ".join(words), m.group("role") or "", text, m.start())
        for m in NAME_OPENS.finditer(text):
            if not INSTITUTION_WORD.search(m.group("name")) and not TITLE_WORDS & {w.lower() for w in m.group("name").split()}:
                self._new(m.group("name"), m.group("role"), text, m.start())
        for m in ACTS_FOR.finditer(text):  # "X, who chairs the Basin Commission this year,": X speaks for it
            person = self.lookup(m.group("name"))
            org = self.parties.names.search(m.group("org"))
            if person is not None and not person.known and org:
                person.party = self.parties.lookup.get(org.group().lower())
        self._family_names_first(text)

    def _family_names_first(self, text: str) -> None:
        """After a person's full name, its first word alone may stand for them, as a family name written first
        does ("Pei Yi ... Pei said"): unless it is a common English word ("Mark") or names someone else too."""
        model = meaning.vectors()  # a first name common in English is no name alone ("Mark", "Will")
        candidates: dict[str, list[CastMember]] = {}
        for person in self.people:
            words = person.name.split()
            if len(words) == 2 and (not person.known or person.name in text):
                candidates.setdefault(names.key(words[0]), []).append(person)
        for k, people in candidates.items():
            word = people[0].name.split()[0].lower()
            if len(k) < 3 or k in self.by_key or (model and model.common(word)):
                continue
            if len(people) == 1:
                people[0].keys.add(k)
                self.by_key[k] = [people[0]]
            else:  # "Pei" after "Pei Yi" and "Pei Lan": whichever the report named last (attribution)
                self.shared[k] = people

    def new_person(self, name: str, role: str) -> None:
        """Register someone the report names without a title or an apposition (an interview's labels)."""
        self._new(name, role, "", 0)
        self._seen.clear()  # mentions read before they were known

    def _new(self, name: str, role: str, text: str, at: int) -> None:
        words = name.split()
        while words and (words[0].lower() in NOT_NAME_WORDS or self._party_word(words[0]) or
                         words[0].lower() in TITLE_WORDS or ROLE_RX.fullmatch(words[0]) or
                         INSTITUTION_WORD.fullmatch(words[0])):  # "... of the Foreign Ministry Ana X"
            words = words[1:]
        while words and words[-1].lower() in NOT_NAME_WORDS:
            words = words[:-1]
        titled = [i for i, w in enumerate(words[:-2]) if w.lower() in TITLE_WORDS]
        if titled:  # "Trade Representative Robert X": the name starts after the title's head word
            words = words[titled[-1] + 1:]
        if len(words) < 2 or any(w.lower() in NOT_NAME_WORDS for w in words):
            return
        if ROLE_RX.fullmatch(words[0]) or any(self._party_word(w) for w in words) or self._party_word(" ".join(words)):
            return  # "the United Basins said": a party, not a person
        if words[-1].lower() in TITLE_WORDS or ROLE_RX.fullmatch(words[-1]):
            return  # "The Aldorian Prime Minister said": a title standing for someone, never a name
        name = " ".join(words)
        if len(self.people) - self.known_count >= MAX_NEW_PEOPLE:
            return  # a hostile text naming thousands: scanning them per mention would cost the square
        existing = self.lookup(name)
        if existing is not None and self._same_person(existing, words):
            if existing.party is None and not existing.known and not ACADEMIC.search(existing.role):
                existing.party = self.party_of_role(role, text, at)  # a caption named them first, without a side
            return
        self._add(CastMember(name, self.party_of_role(role, text, at), role.strip(), False, at=at), (name,))

    @staticmethod
    def _same_person(person: CastMember, words: list[str]) -> bool:
        """'Ivan Kolar' is not 'Olaf Kolar': a different first name makes a different person."""
        if names.key(" ".join(words)) in person.keys:
            return True
        first = names.key(words[0])
        known_first = {names.key(n.split()[0]) for n in (person.name,) if len(n.split()) > 1}
        # "Mike"/"Michael", "Andrey"/"Andrei" are the same first name; "Ivan"/"Olaf" are not
        return not known_first or any(first[:2] == k[:2] for k in known_first)

    def _party_word(self, word: str) -> bool:
        w = word.rstrip("'\u2019s").lower() if word.endswith(("'s", "\u2019s")) else word.lower()
        return w in self.parties.lookup or word.lower() in self.parties.lookup

    def _dateline_party(self, text: str) -> str | None:
        """The party of a dateline city ("MARENSK, Jan 25 (Wire) -"): wire copy leaves its officials' country unsaid."""
        m = DATELINE.match(text)
        if not m:
            return None
        city = m.group("city").strip().title()
        return self.parties.lookup.get(city.lower()) if self.parties.names.fullmatch(city) else None

    def party_of_role(self, role: str, text: str = "", at: int = 0) -> str | None:
        """The party a role names ("Aldorian Deputy Foreign Minister", "the Basin Commission's secretary general").

        A role at a university, institute, think tank or firm is a commentator's, even when the
        organisation is named after a place ("Marensk School of Economics"); so is a former office.
        """
        if ACADEMIC.search(role) and not GOVERNMENT_TITLE.search(role):
            return None
        if _FORMER.match(role):  # "a former envoy" speaks for no one now
            return None
        posted = _POSTED.search(role)
        if posted and role[:posted.start()].strip():  # "an Aldorian diplomat in Kestrel City": whose before where
            before = self.party_of_role(role[:posted.start()])
            if before:
                return before
        where = _WHERE.search(role) if not ROLE_RX.search(role) else None
        if where and not _SERVES.search(role, where.end()):
            role = role[:where.start()]  # "a pollster in Kestrel City": where they work, not whom they speak for
        for owner in re.finditer(r"([A-Z][\w-]+)['\u2019]s\b", role):  # "Marquardt's spokesman": Marquardt's side
            person = self.lookup(owner.group(1))
            if person is not None and person.party:
                return person.party
        for rx in (self.parties.names, self.parties.adjectives):
            m = rx.search(role)
            if m:
                return self.parties.lookup.get(m.group().lower())
        if _GOVERNMENT_BODY.search(role):
            party = self._party_named_last(text, max(0, at - 600), at)
            if party:
                return party
        office_of = re.split(r" (?:of|for) ", role)[0]  # "Minister of Waterways": "Waterways" is its office, no country
        official = _state_title(role) and not FOREIGN_QUALIFIER.search(office_of)
        if text and official:  # "Speaking at a briefing of the Aldorian cabinet, Deputy Minister X said": that side's
            opening = max(text.rfind(".", max(0, at - 300), at), text.rfind("\n", max(0, at - 300), at),
                          at - 301) + 1  # no further back than 300 characters, sentence or not
            party = self._party_named_last(text, opening, at)
            if party:
                return party
        if text and self.home and official:
            return self.home
        return self._party_of_title(role)

    def _party_named_last(self, text: str, start: int, end: int) -> str | None:
        """The party named (by name or adjective) nearest before `end`, from `start` on."""
        named = [m for rx in (self.parties.names, self.parties.adjectives) for m in rx.finditer(text, start, end)]
        return self.parties.lookup.get(max(named, key=lambda m: m.start()).group().lower()) if named else None

    def _party_of_title(self, role: str) -> str | None:
        """A bare title ("Deputy Foreign Minister") that only one party's known people hold is that party's.

        A second holder of the same office is of the same government; a title qualified
        by some other country ("Norlandic Foreign Minister") or held on several sides says nothing.
        """
        title = " ".join(re.findall(r"[a-z]+", role.lower()))
        if not title or FOREIGN_QUALIFIER.search(role) or title.startswith(("former", "ex ")):
            return None
        sides = {p.party for p in self.people if p.known and " ".join(re.findall(r"[a-z]+", p.role.lower())) == title}
        return sides.pop() if len(sides) == 1 else None

    # --- mentions in one sentence -------------------------------------------------

    def mentions(self, text: str, blanked: str) -> list[Mention]:
        """People, parties, pronouns, roles and documents named outside quotes in `text`."""
        cached = self._seen.get((text, blanked))
        if cached is None:
            cached = self._seen[(text, blanked)] = self._mentions(text, blanked)
        return cached

    def _whole_name(self, run: str, words: list, i: int):
        """(person, index after the name) when words from i on are a person's full name or alias as written (two
        to four words), whose single words may name no one ("Pei Yi", "DE LA X") or something else ("Ren He")."""
        for n in range(min(4, len(words) - i), 1, -1):
            name = run[words[i].start():words[i + n - 1].end()]
            person = self.lookup(name)
            if person is not None and person.known and names.key(name) in person.keys:
                return person, i + n
        return None

    def _mentions(self, text: str, blanked: str) -> list[Mention]:
        found: list[Mention] = []
        taken = bytearray(len(blanked) + 1)  # characters a mention covers: an overlap check costs its length, not |found|

        def free(a: int, b: int) -> bool:
            return taken.find(1, a, b) < 0

        def add(mention: Mention) -> None:
            found.append(mention)
            taken[mention.start:mention.end] = b"\x01" * (mention.end - mention.start)

        for m in _NAME_ONE_RX.finditer(blanked):
            span_words = list(_CAP_RX.finditer(m.group()))
            # the runs of words that name a person (a title before a name is not part of it)
            i = 0
            while i < len(span_words):
                w = span_words[i]
                whole = self._whole_name(m.group(), span_words, i)  # "Pei Yi", "Ren He": the name, not "He"
                called = [] if whole else self.candidates(w.group())
                person = whole[0] if whole else (called[0] if called else None)
                shared = self.shared.get(names.key(w.group())) if person is None and len(span_words) == 1 else None
                if shared:
                    a, b = m.start() + w.start(), m.start() + w.end()
                    add(Mention(a, b, "person", text[a:b], person=shared[0], party=shared[0].party,
                                others=tuple(shared[1:])))
                    i += 1
                    continue
                if person is None:
                    i += 1
                    continue
                end_word, j = (span_words[whole[1] - 1], whole[1]) if whole else (w, i + 1)
                while j < len(span_words) and self.lookup(span_words[j].group()) is person:
                    end_word, j = span_words[j], j + 1
                start_word, k = w, i - 1
                own = {names.key(t) for t in person.name.split()}
                while k >= 0 and names.key(span_words[k].group()) in own:  # "Maria" of "Maria Gomez"
                    start_word, k = span_words[k], k - 1
                i = j
                a, b = m.start() + start_word.start(), m.start() + end_word.end()
                if end_word.group().endswith(("'s", "\u2019s")):
                    b -= 2
                inst = _POSSESSIVE_INSTITUTION.match(blanked, b) or (_LEADERS_BODY.match(blanked, b) if person.known else None)
                if inst:  # "Wielgosz's government", "the Wielgosz administration": the person's side
                    add(Mention(a, inst.end(), "party", text[a:inst.end()], party=person.party))
                else:  # a name several known people go by ("Pei"): the one the report named last, when it did
                    others = tuple(called[1:]) if len(called) > 1 and len(span_words) == 1 else ()
                    add(Mention(a, b, "person", text[a:b], person=person, party=person.party, others=others))
        for m in _DOCUMENT_RX.finditer(blanked):
            if m.group().lower().startswith(("the", "a ", "an ", "'s", "\u2019s")) and free(m.start(), m.end()):
                add(Mention(m.start(), m.end(), "document", m.group()))
        for m in ROLE_NOUN.finditer(blanked):
            if free(m.start(), m.end()) and not _NOT_IN_ROLE.search(m.group("role")):
                role = m.group("role")
                party = self.party_of_role(role + (m.group("office") or ""))
                add(Mention(m.start(), m.end(), "role", m.group(), party=party, role=role))
        for rx in (self.parties.names, self.parties.adjectives):
            for m in rx.finditer(blanked):
                end = m.end()
                if blanked.startswith(("'s", "\u2019s"), end):
                    end += 2
                    role = _POSSESSIVE_ROLE.match(blanked, end)  # "Aldoria's leader": a role standing for a person
                    if role and not role.group("role").endswith(("official", "officials")) and free(m.start(), role.end()):
                        party = self.parties.lookup.get(m.group().lower())
                        add(Mention(m.start(), role.end(), "role", text[m.start():role.end()],
                                             party=party, role=role.group("role")))
                        continue
                head = _INSTITUTION_RX.match(blanked, end)
                if rx is self.parties.adjectives and not head:
                    continue
                if head:
                    end = head.end()
                inside = [x for x in found if m.start() <= x.start and x.end <= end and x.kind in ("role", "document")]
                if rx is self.parties.names and inside and not free(m.start(), end):
                    # an editor's alias holding a role or a document ("the Office of the Aldorian Leader") is the alias
                    for x in inside:
                        found.remove(x)
                        taken[x.start:x.end] = b"\x00" * (x.end - x.start)
                if free(m.start(), end):
                    add(Mention(m.start(), end, "party", text[m.start():end], party=self.parties.lookup.get(m.group().lower())))
        for m in _BARE_INSTITUTION.finditer(blanked):  # "the ministry said": the institution last spoken of
            if free(m.start(), m.end()):
                add(Mention(m.start(), m.end(), "document", m.group()))
        for m in _POSSESSIVE_BODY.finditer(blanked):  # "his government said": the body of the one "he" is
            if free(m.start(), m.end()):
                found.append(Mention(m.start(), m.end(), "pronoun", m.group(), role=BODY_OF + m.group(1).lower()))
        for m in _PRONOUN_RX.finditer(blanked):
            if free(m.start(), m.end()):  # "He" of "Ren He" is part of a name
                kind = PRONOUNS.get(m.group().lower(), "person")
                found.append(Mention(m.start(), m.end(), "pronoun", m.group(), role=kind))
        found.sort(key=lambda m: m.start)
        # "the Varta coordinator Ana X": a party's name right before a person of that party is their title
        return [m for m, nxt in zip(found, found[1:] + [None])
                if not (m.kind == "party" and nxt is not None and nxt.kind == "person" and nxt.party == m.party
                        and not blanked[m.end:nxt.start].strip())]


DATELINE = EN.pattern("dateline_city", "", "")
ACADEMIC = EN.word_pattern("academic_words", re.I)
_FORMER = re.compile(r"\s*(?:an?\s+|the\s+)?(?:former|ex-|retired)\b", re.I)
GOVERNMENT_TITLE = EN.word_pattern("government_titles", re.I)
_NAME_ONE_RX = re.compile(rf"(?:{_CAP}|{_JOINED})(?: (?:(?:{_PARTICLE})\s+){{0,2}}(?:{_CAP}|{_JOINED}))*")  # a run of capitalised words, however long
# A capitalised word in a title that is no title word ("Norlandic Foreign Minister"): some other country's.
FOREIGN_QUALIFIER = re.compile(r"\b(?!(?:" + EN.alternation("home_title_words") + r")\b)[A-Z][a-z]+")
RANKS = EN.items("ranks")  # below an office: "the deputy minister" is not the minister
_GOVERNMENT_BODY = EN.word_pattern("government_bodies", re.I)
ROLE_AT_END = re.compile(r"\b(" + ROLE_WORDS + r")s?$")
_POSTED = re.compile(r"\s+in\s+(?:the\s+)?[A-Z]")  # "an official in Marensk": where they sit
_WHERE = re.compile(r"\s(?:" + EN.alternation("place_prepositions") + r")\s")
# After "in" or "from", an institution is whom one serves ("an engineer from the Aldorian foreign ministry").
_SERVES = re.compile(r"['\u2019]s\b|\b(?:" + INSTITUTION_NOUNS + r")\b", re.I)
_CAP_RX = re.compile(rf"{_CAP}|{_JOINED}")  # "al-Nadri" is one word of a name
_POSSESSIVE_INSTITUTION = re.compile(r"(?:'s|\u2019s)\s+(?:" + INSTITUTION_NOUNS + r")\b")
_LEADERS_BODY = re.compile(r"\s+(?:" + EN.alternation("leaders_bodies") + r")\b")
# "the draft treaties", "the summit conclusions", "the Prime Minister's Green Paper"
_DOCUMENT_RX = re.compile(
    r"(?:\b(?:[Tt]he|An?)\s+(?:[a-z][\w-]*\s+|[A-Z][\w.-]*\s+(?:[a-z][\w-]*\s+)?(?=(?i:" + DOCUMENT_NOUNS + r")\b))?|"
    r"['\u2019]s\s+(?:[A-Z][\w-]*\s+)?|\b)"
    r"(?P<doc>(?:(?i:" + DOCUMENT_NOUNS + r"))(?:\s+(?i:" + DOCUMENT_NOUNS + r"))?)\b")
_NOT_IN_ROLE = re.compile(r"\b(?:" + _SAYS + r"|and|or|of|to|with)\b")
_POSSESSIVE_ROLE = re.compile(r"\s+(?P<role>(?:[a-z-]+\s+){0,2}(?:" + ROLE_WORDS + r"))\b")
_INSTITUTION_RX = re.compile(
    # "the Aldorian Commission", "the Aldorian foreign ministry": the institution's name is capitalised or not
    r"(?:\s+(?:" + EN.alternation("institution_qualifiers") + r"))?\s+(?i:" + INSTITUTION_NOUNS + r")\b"
)
_BARE_INSTITUTION = EN.pattern("bare_institutions", r"\b[Tt]he\s+(?:", r")\b(?!\s*['\u2019]s)")
# "his government said", "her negotiators": the body of the person the pronoun stands for (`attribution._resolve`)
_POSSESSIVE_BODY = re.compile(r"\b([Hh]is|[Hh]er|[Ii]ts|[Tt]heir)\s+(?:" + EN.alternation("government_bodies") + "|"
                              + EN.alternation("speaking_bodies") + r")\b")
BODY_OF = "body of "
_PRONOUN_RX = re.compile(
    r"^\s*It\b(?!['\u2019])|"  # "It suggests ...", opening the sentence after a document spoke
    r"(?<=[,\u201d\"] )it(?= (?:said|says|added|adds|stated|states|noted|notes|warned|warns)\b)|"  # "..., it said."
    r"\b(?:he|she|they|He|She|They)\b|(?<=[Tt]he )(?:" + EN.alternation("person_demonyms") + r")\b|\b(?<=[Ii]n )(?:his|her)(?= (?:view|opinion)\b)|(?<=ccording to )(?:him|her|them)\b"
)


# "(to July 2030)", "(from November 2029)", "(2026–2028)", "(July–November 2029)": when a role was held.
_MONTH = r"(?:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_WHEN = rf"(?:(?P<{{0}}m>{_MONTH})\b\s*)?(?P<{{0}}y>(?:19|20)\d\d)?"
_SPAN = re.compile(
    r"\(\s*(?:(?P<to>to|until|till)\s+" + _WHEN.format("e") + r"|(?P<from>from|since)\s+" + _WHEN.format("s") + r"|"
    + _WHEN.format("a") + r"\s*[\u2013\u2014-]\s*" + _WHEN.format("b") + r")\s*\)", re.I)


def role_on(role: str, day: dt.date | None) -> str:
    """The parts of a person's role ("Finance Minister (2026–2028); Prime Minister (from July 2029)") held on
    `day`, without their dates: "the prime minister" of a report is whoever held the office on its day."""
    held = []
    for part in role.split(";"):
        span = _SPAN.search(part)
        if span is None or day is None or _holds(span, day):
            held.append((part[:span.start()] + part[span.end():]).strip() if span else part.strip())
    return "; ".join(p for p in held if p)


def _holds(span: re.Match, day: dt.date) -> bool:
    def bound(month: str | None, year: str | None, end: bool, default_year: str | None = None) -> dt.date | None:
        year = year or default_year
        if not year:
            return None
        m = MONTHS.get(month.lower().rstrip(".")) if month else (12 if end else 1)
        if m is None:  # "Augu\u017ft": what re.I matches of a month's name, and no month
            return None
        return dt.date(int(year), m, calendar.monthrange(int(year), m)[1] if end else 1)

    if span.group("to"):
        last = bound(span.group("em"), span.group("ey"), True)
        return last is None or day <= last
    if span.group("from"):
        first = bound(span.group("sm"), span.group("sy"), False)
        return first is None or day >= first
    first = bound(span.group("am"), span.group("ay"), False, default_year=span.group("by"))
    last = bound(span.group("bm"), span.group("by"), True)
    return (first is None or day >= first) and (last is None or day <= last)


def role_fits(role_phrase: str, person: CastMember) -> bool:
    """Whether "the minister" / "the senior diplomat" can stand for this person."""
    return _role_fits(role_phrase, person.role)


@functools.lru_cache(maxsize=4096)
def _role_fits(role_phrase: str, role: str) -> bool:
    """`role_fits` of a person's role: asked of every person in a report's cast for every role mentioned (200
    people newly introduced and a role no one holds took 7 s a 100 KB report), it reads nothing else."""
    phrase = role_phrase.lower()
    their = role.lower()
    last = ROLE_AT_END.search(phrase)  # "prime minister", "foreign minister", "spokesman"
    if not last:
        return False
    head = last.group(1)
    for rank in RANKS:  # "the deputy minister" is not the minister
        if rank in phrase and rank not in their:
            return False
    padded = " " + " ".join(re.findall(r"[a-z]+", their)) + " "

    def has(word: str) -> bool:  # whole words: "president" is not in "presidential adviser"
        if word == "spokes":
            return " spokes" in padded
        word = " ".join(re.findall(r"[a-z]+", word))  # "secretary-general" as the role is read
        return f" {word} " in padded or f" {word}s " in padded

    if has(head) or any(has(same) for same in SAME_TITLES.get(head, ())):
        return True
    for group, members in ROLE_GROUPS.items():
        if head.startswith(group) or (head in members and group != "leader"):  # a prime minister is no president
            return any(has(m) for m in members)
    return False
