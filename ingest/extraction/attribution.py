"""Which words of a sentence attribute it, and to whom.

A statement needs a speech verb ("said", "told reporters", "warned of",
"laid out", "according to") whose subject is someone: a person, a party or
its institution, a pronoun or role standing for a person already named, or a
party's document ("the draft treaties said"). The subject sits right before
the verb (adverbs, auxiliaries, dates and parenthetical clauses may come in
between) or right after it in the inverted quote style ('..., said Wielgosz').
Only text outside quotation marks is read, so a name inside a quote is never
taken for its speaker.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from . import dates
from .lexicon import EN
from .speakers import (
    BODY_OF, DOCUMENT_NOUNS, INSTITUTION_NOUNS, RANKS, ROLE_AT_END, ROLE_RX, ROLE_WORDS,
    TITLE_BEFORE_NAME,
    Cast, CastMember, Mention, holds_office, role_fits,
)

# Verbs and phrases of saying (the lexicon's `speech_verbs`: one item there is one more way to attribute).
SPEECH_VERBS = EN.word_pattern("speech_verbs")
_TERMS = EN.pattern("document_terms", "(?:", ")", re.I)  # said of a document only ("the draft would oblige ...")
# Words that may stand between a subject and its verb.
GAP_WORDS = EN.words("gap_words")
_PARENTHETICAL = re.compile(
    r"^\s+(?:of|from|at)\s+(?:the\s+)?[A-Z][^,;]{2,80}?(?:,|\s*$)|"  # "X of the Y Institute, said"
    r"(?<!\s)\s+who\s+(?:" + EN.alternation("unnamed_sources") + r")|"  # "an official who asked not to be named said"
    r",\s*(?:who|which|whose|according to|citing|speaking|as per|[a-z]+ing\b)[^,;]{0,220}(?:,[^,;]{0,100})?,|,[^,;]{0,100}(?=,)|\([^)]*\)|\s--[^-]{0,120}--|\s-\s[^-]{0,150}\s-(?=\s)|\s\u2014[^\u2014]{0,120}\u2014"
)


@dataclass
class Attribution:
    verb_start: int
    verb_end: int
    verb: str
    subject: Mention
    person: CastMember | None
    party: str | None
    how: str  # readable reason for editors
    inverted: bool = False
    relative: int = -1  # where "who" starts in "X, who warned ...": the clause is X's own


RECENT = 50  # people remembered for pronouns and roles: bounded, so each lookup costs a constant


@dataclass
class Memory:
    """What the report has said so far, for pronouns and roles."""

    last_person: CastMember | None = None
    last_group: str | None = None
    last_party: str | None = None
    recent: list = None

    def __post_init__(self):
        self.recent = []
        self.gender = {}  # person name -> "he" / "she", from pronouns, honorifics and roles seen
        self.para = 0  # the paragraph being read
        self.para_of = {}  # person name -> the paragraph they last spoke in
        self.pos = 10 ** 9  # where in the report the sentence being read starts
        self.turn = 0  # attributions read so far
        self.turn_of = {}  # person name -> the turn they last spoke at
        self.unnamed = {}  # role head ("spokesperson") -> (party, turn) of an unnamed one who spoke
        self.document = None  # (party, paragraph) of the last document that stated something
        self.subject_party = None  # (party, paragraph) of the last narrative sentence that opened with a party
        self.it = None  # (party, paragraph, what) of the document or body "It" would stand for
        self.mentioned = []  # people named so far, as subject or not, the latest last
        self.parties = []  # parties that spoke or opened a sentence, the latest last
        self.institutions = {}  # institution word ("ministry") -> the party whose one was named last

    def seen(self, party: str) -> None:
        """A party that spoke or opened a sentence: the latest last."""
        _to_end(self.parties, party)
        del self.parties[:-RECENT]

    def named(self, person: CastMember) -> None:
        _to_end(self.mentioned, person)

    def focus(self, person: CastMember) -> None:
        """A person a narrative sentence is about: next in line for "he" or "she"."""
        self._last(person)

    def _last(self, person: CastMember) -> None:
        """Move the person to the end of `recent`, which keeps the last RECENT people (a pronoun looks back a few)."""
        _to_end(self.recent, person)
        del self.recent[:-RECENT]

    def mark(self, person: CastMember, pronoun: str) -> None:
        self.gender.setdefault(person.name, pronoun)

    def person_for(self, pronoun: str) -> CastMember | None:
        """The latest speaker the pronoun can stand for ("she" skips a man already called "he")."""
        for person in reversed(self.recent):
            if self.gender.get(person.name, pronoun) == pronoun:
                return person
        return self.last_person

    def spoke(self, person: CastMember | None, party: str | None) -> None:
        if person is not None:
            self.last_person = person
            self.para_of[person.name] = self.para
            self._last(person)
        if party is not None:
            self.last_party = party
            self.seen(party)
            if person is None:
                self.last_group = party
                if self.it is None or self.it[:2] != (party, self.para):
                    self.it = (party, self.para, "the body that spoke")


def _to_end(people: list, person: CastMember) -> None:
    """The person last in `people`, once: the latest one seen."""
    if person in people:
        people.remove(person)
    people.append(person)


def find_all(sentence: str, blanked: str, cast: Cast, memory: Memory) -> list[Attribution]:
    """Every attribution in the sentence, in order."""
    mentions = cast.mentions(sentence, blanked)
    found = []
    unnamed_end = None  # the end of a speech verb whose subject is nobody we know
    for verb in SPEECH_VERBS.finditer(blanked):
        relative = -1
        if verb.group().lower() == "according to":
            source = _SOURCE_OF.match(blanked, verb.end())  # "according to a statement from the ministry"
            subject = _after(source.end() if source else verb.end(), mentions, blanked, max_gap=5)
            if subject is None and _UNSIGNED_SOURCE.match(blanked, verb.end()):
                # "according to a readout of the call": a document of the side last spoken of
                subject = Mention(verb.end(), verb.end(), "document", "the source")
            inverted = True
        else:
            if blanked[max(0, verb.start() - 1):verb.start()] == "-":  # "so-called"
                continue
            if _JUDGEMENT.match(verb.group()):  # only with its "For X," opening
                lead = _FOR_LEAD.match(blanked)
                subject = next((m for m in mentions if lead and m.kind in ("person", "party") and
                                lead.start(1) <= m.start and m.end == lead.end(1)), None)
                if subject is None:
                    continue
                resolved = _resolve(subject, sentence, mentions, cast, memory)
                if resolved is not None:
                    found.append(Attribution(verb.start(), verb.end(), verb.group(), subject, *resolved[:2],
                                             f"{resolved[2]} + '{verb.group()}'"))
                continue
            agent = _PASSIVE_AGENT.match(blanked, verb.end()) if _PASSIVE.search(
                blanked[max(0, verb.start() - 30):verb.start()]) and verb.group() not in ("quoted", "cited", "told") else None
            if agent is None and not _speaks(verb, sentence, blanked):
                continue
            subject = _before(verb.start(), mentions, blanked) if agent is None else None
            inverted = False
            relative = -1
            if verb.group().endswith(" from"):  # "X came under attack from a host of Y leaders": Y
                agent = _QUANTIFIER.match(blanked, verb.end())
            if agent is not None:  # "the offer was rejected by the minister": the agent speaks
                subject = _after(agent.end(), mentions, blanked, max_gap=5)
                inverted = subject is not None
            elif verb.group().endswith("ing") and (_PARTICIPLE_AFTER.search(blanked[:verb.start()])
                                                   or _BY_DOING.search(blanked, max(0, verb.start() - 10), verb.start())):
                subject = _main_subject(mentions, blanked)  # "..., saying": the subject of the main clause
                joined = _last_joined_clause(blanked, subject.end if subject else 0, verb.start())
                clause = _main_subject(mentions, blanked, joined) if joined is not None else None
                if clause is not None and _FINITE.search(blanked, clause.end, verb.start()):
                    subject = clause  # "The government chose ..., and X defended it, saying": X's clause, with its verb
            elif subject is None and (rel := _RELATIVE_SUBJECT.search(blanked[max(0, verb.start() - 60):verb.start()])):
                # "... Jan X, who warned that ...", "Jan X, whose party opposes ...": X is the subject
                relative = max(0, verb.start() - 60) + rel.start()
                subject = _before(relative, mentions, blanked)
                if subject is not None and blanked[subject.end:relative].strip(" ,"):
                    subject = None  # another noun's clause
                head = _PLURAL_BEFORE.search(blanked, max(0, relative - 30), relative) if subject is None else None
                if head is not None:  # "Aldorian MPs who warned": the party's people
                    subject = next((m for m in mentions if m.kind == "party" and m.end == head.start()), None)
                if subject is None:
                    relative = -1
            elif _AND_VERB.search(blanked[max(0, verb.start() - 30):verb.start()]):
                # "X blamed Y and insisted that ...": X, the subject of the first verb, not its object Y;
                # "..., after X addressed the leaders and urged ...": X, the subject of that clause
                clause = [m for m in mentions if m.end <= verb.start() and m.kind in ("person", "party", "pronoun", "role")
                          and _SUBORDINATOR.search(blanked, max(0, m.start - 12), m.start)]
                subject = (clause[-1] if clause else None) or _main_subject(mentions, blanked) or subject
            elif subject is None and _after_quote(blanked, verb.start()) and not verb.group().endswith("ing"):
                subject = _after(verb.end(), mentions, blanked, max_gap=5)
                if subject is not None and _CLAUSE_GOES_ON.match(blanked, subject.end):
                    subject = None  # "..., said Aldoria would wait": the subject of what was said
                inverted = subject is not None
        if subject is not None and not inverted and _joint(subject, mentions, blanked):
            subject = None  # "Aldoria and Borvania agreed on Friday to ...": a joint act, neither side's own words
        if subject is not None and subject.kind != "document" and _CONDITION.match(verb.group()):
            subject = None  # "Aldoria is dependent on the river": a fact; only a document's terms are a position
        if subject is not None and _TERMS.fullmatch(verb.group()) and not (
                subject.kind == "document" and _DOCUMENT_WORD.search(subject.text)):
            subject = None  # "the draft would oblige ...", not "the ministry requires permits"
        if subject is None:
            if verb.group().lower() != "according to":
                unnamed_end = verb.end()
            continue
        if subject.kind == "pronoun" and unnamed_end is not None and \
                re.fullmatch(r"\s*(?:that\s+)?", blanked[unnamed_end:subject.start]):
            continue  # "the two delegations said they had agreed": "they" are the unnamed ones
        resolved = _resolve(subject, sentence, mentions, cast, memory)
        if resolved is None:
            continue
        person, party, how = resolved
        memory.turn += 1
        if person is not None:
            memory.turn_of[person.name] = memory.turn
        elif subject.kind == "role" and party is not None:
            memory.unnamed[_role_head(subject.role)] = (party, memory.turn)
        found.append(Attribution(verb.start(), verb.end(), verb.group(), subject, person, party,
                                 f"{how} + '{verb.group()}'", inverted, relative))
    lead = _FOR_LEAD.match(blanked) if not found else None
    if lead and (any(m.start == lead.end() and (m.kind in ("party", "person") or m.text[:4].lower() == "the ")
                     for m in mentions) or _PAST_NARRATION.match(blanked, lead.end())):
        lead = None  # "For X, Borvania has prepared an offer", "For X, the collapse was a humiliation": about X
    subject = next((m for m in mentions if lead and m.kind == "person" and m.start == lead.start(1)
                    and m.end == lead.end(1)), None)
    resolved = _resolve(subject, sentence, mentions, cast, memory) if subject is not None else None
    if resolved is not None:  # "For Jan Dvor, a fellow at the institute, the quota is the test": his view
        found.append(Attribution(lead.start(1), lead.end(1), "For", subject, resolved[0], resolved[1],
                                 f"{resolved[2]} + 'For ...,'"))
    _remember_institutions(mentions, blanked, memory)
    spoken = {id(a.subject) for a in found}
    for m in mentions:  # "he was handed the Aldorian side's reply": "the document" next is that side's
        if m.kind == "document" and id(m) not in spoken and _DOCUMENT_WORD.search(m.text):
            party = _owner_of(m, sentence, mentions, cast)
            if party is not None:  # the first named: "the Aldorian reply to the Borvanian note" is Aldoria's
                memory.document = (party, memory.para)
                break
    return found


_JOINED = re.compile(r"\s+(?:and|&)\s+(?:the\s+)?")  # "Aldoria and Borvania", not ", and" between two clauses
_GOVERNED = re.compile(r"\b(?:by|to|from|against|with|on|at|in|for|between|over|pits|after|before)\s+(?:the\s+)?$", re.I)


def _joint(subject: Mention, mentions: list[Mention], blanked: str) -> bool:
    """Whether a party subject is joined with another side's name ("Aldoria and Borvania agreed"), that name no
    object of a word before it ("stopped by Borvania and Aldoria ...")."""
    if subject.kind != "party":
        return False
    for m in mentions:
        if m.kind != "party" or m.party in (None, subject.party):
            continue
        first = m if m.end <= subject.start else subject
        if m.end <= subject.start and subject.start - m.end <= 12 and _JOINED.fullmatch(blanked[m.end:subject.start]) \
                or m.start >= subject.end and m.start - subject.end <= 12 and _JOINED.fullmatch(blanked[subject.end:m.start]):
            return not _GOVERNED.search(blanked, max(0, first.start - 12), first.start)
    return False


_ASIDES = re.compile(r",[^,]*,")  # "X, who co-led the delegation, was blunter": the aside is not between them
_COLON_QUOTE = re.compile(r":\s*[\"\u201c\u00ab]")
# How someone put it, before a colon: "He was blunter on sequencing: ...", "Officials were more explicit: ..."
_MANNER_COLON = re.compile(r"\b(?:was|were|is|are)\s+(?:even\s+|more\s+|less\s+|far\s+|much\s+|still\s+)*(?:"
                           + EN.alternation("manner_of_saying") + r")\b[^:.;]{0,40}(?=:\s*\S)", re.I)


def colon_quote(sentence: str, blanked: str, cast: Cast, memory: Memory, quoted: bool = True) -> list[Attribution]:
    """A quote a colon opens after a clause about someone, with no verb of saying ("X hailed the result in a
    brief address: \"...\""), or what follows a colon after how they put it ("He was blunter: the change comes
    first"): the subject's, as if they said it. `quoted`: the sentence quotes three words or more."""
    quote = _COLON_QUOTE.search(sentence) if quoted else None
    manner = _MANNER_COLON.search(blanked) if quote is None else None
    colon = quote.start() if quote is not None else blanked.find(":", manner.end()) if manner is not None else -1
    if colon < 0:
        return []
    mentions = [m for m in cast.mentions(sentence, blanked) if m.end <= colon]
    subject = _main_subject(mentions, blanked[:colon])
    if subject is None or subject.kind not in ("person", "party", "pronoun", "role"):
        return []
    if manner is not None and len(_ASIDES.sub(" ", blanked[subject.end:manner.start()]).split()) > 1:
        return []  # "In Marensk the mood is clear: ...": how something is, not how someone put it
    resolved = _resolve(subject, sentence, mentions, cast, memory)
    if resolved is None:
        return []
    person, party, how = resolved
    after = "a quote after a colon" if quote is not None else "what follows a colon"
    return [Attribution(colon, colon + 1, ":", subject, person, party, f"{how} + {after}")]


# "MARENSK, March 20 (Wire) - ": a wire dateline opening the report, not its subject.
DATELINE = EN.pattern("dateline", "", "")


_FOR_THE_INSTITUTION = re.compile(r"\s+(?:for|of|at|from)\s+the\s+(?i:" + INSTITUTION_NOUNS + r")\b")
_IN_PLACE = re.compile(r"\b(?:in|from|at)\s+(?:the\s+)?[A-Z][\w'\u2019-]*(?:\s+[A-Z][\w'\u2019-]*){0,2}")
_INVOLVED = re.compile(r"\b(?:involved|engaged|working|familiar|briefed|responsible)\s+(?:in|on|with|for)\b(?:\s+[\w'\u2019-]+){1,5}")
_INSTITUTION_IN = re.compile(r"\b(?i:" + INSTITUTION_NOUNS + r")\b")
_INSTITUTION_AFTER = re.compile(r"(['\u2019]s)?\s+(?:[a-z-]+\s+)?(?i:(" + INSTITUTION_NOUNS + r"))\b")  # "Borvania's own ministry"


def _remember_institutions(mentions: list[Mention], blanked: str, memory: Memory) -> None:
    """The side each institution named belongs to ("the Aldorian Foreign Ministry", "Borvania's foreign
    ministry"), for an unnamed one of it later ("an unnamed ministry spokesman")."""
    for m in mentions:
        if m.kind != "party" or not m.party:
            continue
        after = _INSTITUTION_AFTER.match(blanked, m.end)
        if after and not (after.group(1) or m.text.endswith(("'s", "\u2019s"))):
            after = None  # "Aldoria and the delegations": others', not Aldoria's
        named = _INSTITUTION_IN.search(m.text) or after
        if named:
            memory.institutions[(named.group(2) if named is after else named.group()).lower().split()[-1]] = m.party
_FROM_PARTY = re.compile(r"\s+from\s+(?:the\s+)?")  # "a diplomat from Aldoria"
_BY_AGENT = re.compile(r"(?:\s+\w+ly)?\s+by\b")
_PASSIVE_AGENT = re.compile(r"(?:\s+\w+ly)?\s+by\s+")
_RELATIVE_SUBJECT = re.compile(
    r"(?:,\s*|\s)(?:who|whose\s+[a-z]+)\s+(?:(?:has|have|had|also|long|again|then|later|previously|repeatedly)\s+)*$")
_DOCUMENT_WORD = re.compile(r"(?i:" + DOCUMENT_NOUNS + r")\s*$")
_QUANTIFIER = re.compile(r"\s+(?:(?:a\s+)?(?:" + EN.alternation("collective_nouns") + r")\s+of\s+|several\s+|many\s+|other\s+|fellow\s+)?")
_CONDITION = re.compile(r".*\b(?:" + EN.alternation("conditions") + r")\s+(?:on|upon)$")
_JUDGEMENT = re.compile(r"(?:is|was|are|were|remains|remained)\s.*(?:" + EN.alternation("judgements") + r")$")
_PAST_NARRATION = re.compile(r"[^,.;]{0,80}?\b(?:was|were|had)\b")  # what happened to X, not X's view
_FOR_LEAD = re.compile(r"\s*(?:But\s+|And\s+)?For\s+(?:the\s+)?([^,]{2,60}),\s")
_SUBORDINATOR = re.compile(r"\b(?:after|when|as|while|because|since|before|once)\s+(?:the\s+)?$")
_PLURAL_BEFORE = re.compile(r"\s[A-Za-z]+s\s*,?\s*$")
_AND_VERB = re.compile(r"\band\s+(?:(?:also|then|again|\w+ly)\s+)?$")
_PASSIVE = re.compile(r"\b(?:was|were|been|being|is|are)\s+(?:\w+ly\s+)?$")
_GROUP_IN_PLACE = EN.pattern("speaking_groups", r"\b(?:", r") (?:in|from) $", re.I)  # "officials in Kestrel City said"
_OBJECT_BEFORE = re.compile(r"\b(?:to|with|for|from|against|by|about|toward|towards)\s+$", re.I)  # "a letter to X": no subject
_INSTITUTION_OF = re.compile(r"\b(?:[Tt]he\s+)?(?i:" + INSTITUTION_NOUNS + r")\s+of\s+(?:the\s+)?$")  # "the Government of X"
_RECORD_OF = EN.pattern("records", r"\b(?:", r") of (?:the|a|an|this|that) \w+")  # "a readout of the call"
_CALLED_WHAT = re.compile(r"\s+(?:for|on|it|them|this|that)\b")
_HONORIFIC_GAP = re.compile(r"\s*(?:the\s*|(?:" + EN.alternation("honorifics") + r")\.?\s+)?", re.I)
# A title before the name ("said Secretary of State X", "said Aldoria's Foreign Minister X", "said the Aldorian envoy X"):
# a party's name or a few capitalised words of an institution may come first.
_TITLE_GAP = re.compile(r"\s*(?:the\s+)?(?:[A-Z][\w.'\u2019-]*\s+){0,3}?(?:" + TITLE_BEFORE_NAME.pattern + r")\s+")
_PARTY_TITLE_GAP = re.compile(r"(?:['\u2019]s)?\s*(?:(?:[a-z-]+\s+){0,3}?(?:" + ROLE_WORDS + r")|(?:" + TITLE_BEFORE_NAME.pattern
                              + r"))\s+")  # after a party's name: its title for the person named next
_ROLE_GAP = re.compile(r"\s*(?:the\s+)?(?:[a-z-]+\s+)?(?:" + ROLE_WORDS + r")\s+")  # a role in lower case, before a name
_HONORIFICS = EN.groups("honorifics")
_GENDERED_HONORIFIC = re.compile(r"\b(" + "|".join(_HONORIFICS["he"] + _HONORIFICS["she"]) + r")\.?\s*$")
_CALLED_QUOTE = re.compile(r"(?:\s+[\w'\u2019-]+){0,12}\s*[\"\u201c\u2018]")  # called the talks "useful"
_JUDGED_DETERMINERS = "the|this|that|these|those|his|her|its|their|our"  # what "called ..." judges opens with
_CALLED_JUDGED = re.compile(  # called the statement regrettable, called the talks a step forward
    r"\s+(?:" + _JUDGED_DETERMINERS + r"|[A-Z][\w'\u2019-]*)(?:\s+[\w'\u2019-]+){0,5}?\s+"
    r"(?:an?\s+(?:[\w-]+\s+)?)?(?:" + "|".join(sorted(EN.words("called_judgements"))) + r")\b", re.I)
# Called what is judged (a few words, no clause or place between) a name for it or an adjective of judgement: "called
# the filling a unilateral act", "called the meeting successful", "called these claims unfounded". Not "called the
# minister a day later", "called the minister in X on Monday", "called the president and discussed ...".
_CALLED_NAMED = re.compile(
    r"\s+(?:" + _JUDGED_DETERMINERS + r")(?:\s+(?!(?:" + EN.alternation("called_gaps") + r")\b)[\w'\u2019-]+){1,5}?\s+"
    r"(?:an?\s+(?!(?:" + EN.alternation("called_times") + r")\b)[a-z][\w-]*|"
    # an adjective of judgement by its form: "successful", "baseless", "dangerous", "unfounded", "unacceptable"
    r"(?-i:[a-z]+(?:ful|less|ous|ive|istic)|(?:un|in|il|ir|im|non-?)[a-z]+(?:ed|ible|able))"
    r"(?=\s*(?:[,.;:!?\"\u201d]|$)|\s+(?:and|but)\b))", re.I)


def _speaks(verb: re.Match, sentence: str, blanked: str) -> bool:
    """Whether this use of the verb reports speech ("called for", not "called up reservists"; not passive)."""
    word = verb.group().lower()
    if _PASSIVE.search(blanked[max(0, verb.start() - 30):verb.start()]) and word not in ("quoted", "cited") and \
            not word.endswith("ing") and not word.endswith(" for"):  # "has been seeking", "is pushing for": not passive
        return False  # "Aldoria was told ...": the one speaking is elsewhere
    if word not in ("quoted", "cited") and _BY_AGENT.match(blanked, verb.end()):
        return False  # "troops, backed by artillery, moved": a participle, no one speaks
    if word.startswith("call"):
        return any(rx.match(sentence, verb.end()) for rx in (_CALLED_WHAT, _CALLED_QUOTE, _CALLED_JUDGED, _CALLED_NAMED))
    if _UNSAID.fullmatch(word) and _NOT_YET.search(blanked, max(0, verb.start() - 30), verb.start()):
        return False  # "has not said whether", "would not say when", "has yet to comment": nothing was said
    return True


_UNSAID = re.compile(r"said|says?|comment(?:ed|s)?|respond(?:ed|s)?|repl(?:ied|ies|y)|confirm(?:ed|s)?|"
                     r"disclos(?:ed|es?)|reveal(?:ed|s)?|announc(?:ed|es?)", re.I)
_NOT_YET = re.compile(r"\b(?:not|n't|yet\s+to)\s+(?:(?:yet|publicly|so\s+far|officially|still)\s+){0,3}$", re.I)


def _main_subject(mentions: list[Mention], blanked: str, start: int = 0) -> Mention | None:
    """The subject of the sentence's main clause, or of the clause beginning at `start`."""
    dateline = DATELINE.match(blanked) if start == 0 else None
    offset = dateline.end() if dateline else start
    lead = re.match(r"[^,]{2,45},\s", blanked[offset:])
    if lead and any(m.kind in ("person", "party") and (offset <= m.start <= offset + 2 or m.kind == "person" and
                    offset <= m.start and _TITLE_ONLY.fullmatch(blanked[offset:m.start]) and
                    not blanked[m.end:offset + lead.end()].strip(" ,")) for m in mentions):
        lead = None  # "Jan X, the president of ..., left, saying", "Former president Jan X, who ...": the subject
    if not (lead and len(lead.group().split()) <= 7):  # a longer opening adverbial: "In a sign of ..., X did"
        lead = _ADVERBIAL_LEAD.match(blanked, offset)
        lead = lead if lead and len(lead.group().split()) <= 14 else None
    offset += lead.end() - (lead.pos if lead.re is _ADVERBIAL_LEAD else 0) if lead else 0
    base = offset + len(re.match(r"\s*", blanked[offset:]).group())
    offset += len(re.match(r"\s*(?:(?:[Tt]he|[Bb]ut|[Aa]nd|[Ww]hile)\s+)?", blanked[offset:]).group())
    for i, m in enumerate(mentions):
        if base <= m.start < offset:  # "The commentary ... and said": a mention with its article opens the clause
            return m
        if m.start >= offset:
            title = blanked[offset:m.start]  # "Vestrian President X flew ..., saying": a title before the name
            if m.kind == "party" and i + 1 < len(mentions) and mentions[i + 1].kind == "person" and \
                    _TITLE_ONLY.fullmatch(blanked[m.end:mentions[i + 1].start].lstrip() or "x "):
                return mentions[i + 1]  # "Aldorian Commission President Jan X ..., warning": the person, not the body
            return m if m.start - offset <= 2 or _TITLE_ONLY.fullmatch(title) else None
    return None


def _last_joined_clause(blanked: str, start: int, end: int) -> int | None:
    """Where the last main clause joined to another (", and ...", "; ...") between `start` and `end` begins."""
    joined = None
    for m in _JOINED_CLAUSE.finditer(blanked, start, end):
        joined = m.end()
    return joined


_PARTICIPLE_AFTER = re.compile(r"(?:[,\u2013\u2014]|,\s+while)\s*$")  # "..., saying", "..., while noting that"
_BY_DOING = re.compile(r"\b(?:by|after|before)\s+$")  # "X opened the session by urging ...": X urges
# A finite verb of a clause of its own ("defended", "has", "met"), not a list's next item ("..., and X's aides")
_FINITE = re.compile(r"\b(?:\w{3,}ed|has|have|had|is|are|was|were|will|would|can|could|did|does|said|says|met|made|"
                     r"took|gave|told|went|came|left|held|kept|put|set|spoke|wrote|stood|sought|won|lost|chose|gone)\b")
_JOINED_CLAUSE = re.compile(r",\s+(?:and|but)\s+|;\s+")
_ADVERBIAL_LEAD = re.compile(r"(?:In|At|On|After|Before|During|Despite|With|Amid|Following|Earlier|Later)\s[^,]{2,100},\s")
# "Former president ", "President of the Commonwealth of Aldoria " ("of" only after a title: "Supporters of " is none)
_TITLE_ONLY = re.compile(r"(?:(?:[A-Z][\w'\u2019.-]*|former|(?:" + ROLE_WORDS + r"))\s+){1,4}|"
                         r"(?:(?:[A-Z][\w'\u2019.-]*|former)\s+){0,3}(?i:" + EN.literal("title_heads") + r")\s+(?:of|for)\s+"
                         r"(?:the\s+)?(?:[A-Z][\w'\u2019.-]*\s+){1,2}(?:of\s+(?:the\s+)?[A-Z][\w'\u2019.-]*\s+)?")
# "Jan X, head of the Aldorian ...", "Jan X, vice-chairman of the committee of the Aldorian ...": one "of" phrase or two
_APPOSITION_OF = re.compile(r"\s*,\s*(?:the\s+)?(?:[\w'\u2019-]+\s+){1,4}"
                            r"(?:(?:of|at|for)\s+(?:the\s+)?(?:[\w'\u2019-]+\s+){1,3})?(?:of|at|for)\s+(?:the\s+)?"
                            r"(?:[a-z][\w'\u2019-]*\s+){0,2}")  # "..., founder of the rival Aldorian Front (ALF), said"


_SOURCE_OF = re.compile(
    r"\s+(?:the\s+|an?\s+)?(?:\w+\s+)?(?:" + EN.alternation("source_nouns") + r")\s+(?:from|by|of|released by|issued by|close to)")
_CLAUSE_GOES_ON = re.compile(r"\s+(?:would|will|was|were|is|are|had|has|have|could|can|must|should|might|may|did|does)\b")
_UNSIGNED_SOURCE = re.compile(
    r"\s+(?:the\s+|an?\s+)(?:" + EN.alternation("unsigned_sources") + r")\s+(?:of|on|after)\s+(?:the|their|a)\s+\w+\s*,")
_ASIDE = re.compile(r",\s*(?:who|which|whose|according to|citing|as per|[a-z]+ing)\b[^,;]{0,220}(?:,[^,;]{0,100})?,")


_OF_THE = re.compile(r"\s+of\s+(?:the\s+)?")


def _before(pos: int, mentions: list[Mention], blanked: str) -> Mention | None:
    contact = _CONTACT_CLAUSE.search(blanked, max(0, pos - CONTACT_WINDOW), pos)
    if contact is not None:  # "a senior diplomat we spoke to cautioned": the diplomat
        pos = contact.start()
    asides = [(m.start(), m.end()) for m in _ASIDE.finditer(blanked, 0, pos)]
    candidates = [m for m in mentions if m.end <= pos and not any(a <= m.start < b for a, b in asides)]
    for i in range(len(candidates) - 1, max(len(candidates) - 4, -1), -1):
        m = candidates[i]
        if m.text.endswith(("'s", "\u2019s")) or ((m.kind != "pronoun" or m.role.startswith(BODY_OF)) and
                                                  _in_object_position(blanked, m.start)):
            continue  # "Aldoria's demands", "ignored key Marensk demands": not a subject
        after = m.end
        of_party = candidates[i + 1] if i + 1 < len(candidates) else None
        of_the = _OF_THE.match(blanked, m.end) if m.kind == "person" and of_party is not None else None
        if of_the is not None and of_party.kind == "party" and of_the.end() == of_party.start:
            after = of_party.end  # "Jan X of Aldoria, at his side, said": Jan X, not the party after "of"
        if m.kind == "party" and of_party is not None and of_party.kind == "party" and of_party.party == m.party \
                and not blanked[m.end:of_party.start].strip():
            after = of_party.end  # one party named twice in a row, by two of its names (an acronym after the name)
        if _gap_ok(blanked[after:pos]):
            named = candidates[i - 1] if i else None  # "Anna X, the ministry's spokeswoman, said": Anna X
            if m.kind == "role" and named is not None and named.kind == "person" and \
                    re.fullmatch(r"\s*,\s*", blanked[named.end:m.start]):
                return named
            j = i  # a party named twice, by two of its names ("the Basin Commission (RBC)"): from the first
            while m.kind == "party" and j and candidates[j - 1].kind == "party" and \
                    candidates[j - 1].party == m.party and _SAME_PARTY_GAP.fullmatch(blanked, candidates[j - 1].end,
                                                                                     candidates[j].start):
                j -= 1
            head, named = candidates[j], (candidates[j - 1] if j else None)
            if m.kind == "party" and named is not None and named.kind == "person" and _subject(named, blanked) and (
                    _APPOSITION_OF.fullmatch(blanked[named.end:head.start]) or (
                        _OPEN_PAREN.fullmatch(blanked[named.end:head.start]) and _CLOSE_PAREN.match(blanked, m.end))):
                return named  # "Jan X, head of the Aldorian Commission, said", "JAN X (Aldoria) said": Jan X
            first = candidates[j - 2] if j > 1 else None
            if m.kind == "party" and named is not None and named.kind == "role" and first is not None and \
                    first.kind == "person" and _subject(first, blanked) and \
                    _APPOSITION_OF.fullmatch(blanked[first.end:head.start]):
                return first  # "Jan X, the head of the ministry's delegation, said": Jan X
            return m
    return None


_OPEN_PAREN, _CLOSE_PAREN = re.compile(r"\s*\(\s*"), re.compile(r"\s*\)")  # a party in brackets after a name
_SAME_PARTY_GAP = re.compile(r"\s*\(?\s*")  # between two names of one party: "the Basin Commission (RBC)"


def _subject(person: Mention, blanked: str) -> bool:
    """Whether a name before its apposition can be the sentence's subject: not "an aide to Jan X (Aldoria) said"."""
    return not _in_object_position(blanked, person.start)


CONTACT_WINDOW = 60  # characters before a verb where the reporter's contact with its subject may stand
# The reporter's contact with the subject, between it and its verb: "a diplomat we spoke to", "an aide I met"
_CONTACT_CLAUSE = re.compile(r"\s+(?:we|I)\s+(?:spoke|talked|met|interviewed|reached|contacted)(?:\s+(?:to|with))?"
                             r"(?:\s+(?:on|last|this|yesterday)\b[^,]{0,20})?\s*$")
SUBJECT_MAY_FOLLOW = EN.words("subject_may_follow")
# Verbs of saying that take a clause, never a person, as their object ("saying Lind told Holm ...").
CLAUSE_VERBS = EN.words("clause_verbs")


_FRONTED_PLACE = re.compile(r"\s*(?:At|In|On|During|After|Before|Following|Outside|Inside|Over|Later)\s+"
                            r"(?:the|a|an|this|that|his|her|their|its|last|each)\s+(?:[a-z][\w'-]*\s+){1,3}")


def _in_object_position(blanked: str, start: int) -> bool:
    """Whether a lower-case word that cannot precede a subject ("ignored", "of", "to") stands right before."""
    before = blanked[max(0, start - 40):start]
    if _GROUP_IN_PLACE.search(before) or _INSTITUTION_OF.search(before):
        return False  # "officials in Kestrel City said", "the Government of Aldoria said"
    if _FRONTED_PLACE.fullmatch(blanked, 0, start):
        return False  # "At the talks Jan X said": a place or time the sentence opens with, no comma
    word = re.search(r"(?<![\w'-])([^\W\d_][\w'-]*) {1,2}$", before)  # a whole word, "Ölvania" too
    if not word or not word.group(1)[0].islower():
        return False
    w = word.group(1)
    return not (w in SUBJECT_MAY_FOLLOW or w in CLAUSE_VERBS or w.endswith("ly") or ROLE_RX.fullmatch(w))


def _after(pos: int, mentions: list[Mention], blanked: str, max_gap: int) -> Mention | None:
    for i, m in enumerate(mentions):
        if m.start >= pos:
            gap = blanked[pos:m.start]
            if len(gap) <= max_gap + 4 and _HONORIFIC_GAP.fullmatch(gap):
                titled = mentions[i + 1] if m.kind == "party" and i + 1 < len(mentions) else None
                if titled is not None and titled.kind == "person" and _PARTY_TITLE_GAP.fullmatch(
                        blanked[m.end:titled.start]):
                    return titled  # "..., said Aldoria's Foreign Minister X", "said Borvanian foreign minister X"
                return m
            if m.kind == "person" and (_ROLE_GAP.fullmatch(gap) or _TITLE_GAP.fullmatch(gap)):
                return m  # '..., said economist Olga X', '..., said Foreign Minister Ana X', '... said U.S. Envoy X'
            return None
    return None


def _after_quote(blanked: str, pos: int) -> bool:
    before = blanked[:pos].rstrip()
    return before == "" or before.endswith((",", ":", "\u201d", '"'))


def _gap_ok(gap: str) -> bool:
    if not gap.strip():
        return True
    if gap.startswith(("'s", "\u2019s")):
        return False
    gap = _PARENTHETICAL.sub(" ", gap)
    gap = _RECORD_OF.sub(" ", gap)
    gap = _FOR_THE_INSTITUTION.sub(" ", gap)  # "a spokeswoman for the board said"
    gap = _IN_PLACE.sub(" ", gap)  # "an official in Kestrel City said"
    gap = _INVOLVED.sub(" ", gap)  # "an official involved in the talks said"
    gap = _GAP_ASIDES.sub(" ", gap)  # "Jan X, for his part, has so far refused"
    for _, rx in dates.PATTERNS:
        gap = rx.sub(" ", gap)
    words = re.findall(r"[A-Za-z']+", gap)
    if len(words) > 6:
        return False
    return all(w.lower() in GAP_WORDS or w in _POSTNOMINALS or (w.endswith("ly") and len(w) > 4) for w in words)


_POSTNOMINALS = EN.words("postnominals")
_GAP_ASIDES = EN.word_pattern("gap_asides", re.I)


def _resolve(subject: Mention, sentence: str, mentions: list[Mention], cast: Cast, memory: Memory):
    if subject.kind == "person":
        person = subject.person
        if subject.others:  # "Pei said": the one of that name the report named last
            candidates = (person, *subject.others)
            person = next((p for p in reversed(memory.mentioned) if p in candidates), person)
        honorific = _GENDERED_HONORIFIC.search(sentence[:subject.start])
        clue = honorific.group(1) if honorific else re.search(r"wom[ae]n\b|\bm[ae]n\b", person.role)
        if clue:
            memory.mark(person, "he" if (clue if isinstance(clue, str) else clue.group()) in (*_HONORIFICS["he"], "man", "men") else "she")
        if person.party is None and not person.known and memory.last_party and holds_office(person.role):
            person.party = memory.last_party  # "The ministry rejected it. Spokesman Ivan X said ...": that side's
        return person, person.party, f"'{subject.text}'"
    if subject.kind == "party":
        return None, subject.party, f"party '{subject.text}'"
    if subject.kind == "pronoun":
        if subject.role.endswith((" its", " their")):  # "Its officials say": of the body or side just spoken of
            party = memory.it[0] if memory.it is not None and memory.para - memory.it[1] <= 1 else None
            return (None, party, f"'{subject.text}' of {party}") if party else None
        if subject.role.startswith(BODY_OF):  # "his government", "her negotiators": the side of the one meant
            person = memory.person_for("he" if subject.role.endswith("his") else "she")
            party = person.party if person is not None else None
            return (None, party, f"'{subject.text}' of {party}") if party else None
        if subject.role == "person":
            pronoun = _pronoun(subject.text)
            # "In a statement after X's speech, he said": a possessive, or someone of the other gender, is not "he"
            earlier = [m for m in mentions if m.kind == "person" and m.end <= subject.start and
                       not _OBJECT_BEFORE.search(sentence, max(0, m.start - 12), m.start) and
                       not sentence.startswith(("'s", "\u2019s"), m.end) and _gender_of(m, sentence, memory) in (None, pronoun)]
            titled = [m for m in mentions if m.kind == "role" and m.end <= subject.start and
                      not sentence.startswith(("'s", "\u2019s"), m.end)]
            if not earlier and titled:  # "the prime minister dashed hopes when he called on ...": that prime minister
                person = person_for_role(titled[0], cast, memory)
                if person is None:
                    party = titled[0].party or _holders_party(titled[0], cast)
                    return (None, party, f"'{subject.text}' → '{titled[0].text}' of {party}") if party else None
                memory.mark(person, pronoun)
                return person, person.party, f"'{subject.text}' → '{titled[0].text}' → {person.name}"
            person = earlier[0].person if earlier else memory.person_for(pronoun)
            if person is None:
                return None
            memory.mark(person, pronoun)
            return person, person.party, f"'{subject.text}' → {person.name}"
        if subject.text.lower() == "it":  # "It suggests ...": the document or body last spoken of, just before
            if memory.it is None or memory.para - memory.it[1] > 1:
                return None
            return None, memory.it[0], f"'{subject.text}' → {memory.it[2]} ({memory.it[0]})"
        party = memory.last_group or memory.last_party
        if party is None:
            return None
        return None, party, f"'{subject.text}' → {party}"
    if subject.kind == "role":
        if re.match(r"an?\s", subject.text, re.I):  # "a ministry spokesperson": someone new, unnamed
            if subject.party:
                return None, subject.party, f"party of '{subject.text}'"
            of = _FROM_PARTY.match(sentence, subject.end)
            side = next((m for m in mentions if of and m.start == of.end() and m.kind == "party" and m.party), None)
            if side is not None:  # "a diplomat from Aldoria"
                return None, side.party, f"'{subject.text}' from {side.party}"
            if _FOR_THE_INSTITUTION.match(sentence, subject.end) and memory.last_party:
                # "a spokeswoman for the board": the institution last spoken of
                return None, memory.last_party, f"'{subject.text}' for the one of {memory.last_party}"
            if memory.subject_party and memory.subject_party[1] == memory.para:
                # "The ministry was blunter. A spokesperson said ...": of the side the paragraph is about
                return None, memory.subject_party[0], f"'{subject.text}' of {memory.subject_party[0]}, just spoken of"
            institution = _INSTITUTION_IN.search(subject.text)
            word = institution.group().lower().split()[-1] if institution else ""
            party = memory.institutions.get(word) if word else None
            if party is None and word:  # else the side last spoken of whose names have the word
                called = _called_so(word, cast)
                party = next((p for p in reversed(memory.parties) if p in called), None)
            if party is not None:  # "an unnamed ministry spokesman": of the side whose ministry was named last
                return None, party, f"'{subject.text}' of {party}'s {word}"
            return None
        person = person_for_role(subject, cast, memory)
        party, turn = memory.unnamed.get(_role_head(subject.role), (None, -1))
        if party is not None and (subject.party is None or subject.party == party) and \
                (person is None or turn > memory.turn_of.get(person.name, -1)):
            return None, party, f"'{subject.text}' → the unnamed one of {party}"  # "the spokesperson" said before
        if person is not None:
            return person, person.party, f"'{subject.text}' → {person.name}"
        if subject.party:
            return None, subject.party, f"party of '{subject.text}'"
        party = _holders_party(subject, cast)
        return (None, party, f"'{subject.text}' of {party}") if party else None
    if subject.kind == "document":
        # "Aldoria's objection still stands, the party said": the party the sentence opens with, else the last one
        first = mentions[0] if mentions and mentions[0].start < subject.start else None
        opening = first is not None and first.kind == "party" and first.start <= 4
        party = first.party if opening else memory.last_party
        called = _called_so(subject.text, cast)  # "the group": of the sides spoken of whose names call them so, the latest
        if called and not opening:
            party = next((p for p in reversed(memory.parties) if p in called), party)
        named = party_named_by(subject, sentence, cast)  # "the Aldorian paper", "Aldoria's draft"
        earlier = memory.document if memory.document and memory.para - memory.document[1] <= 2 else None
        if not named and earlier and re.match(r"[Tt]he\s", subject.text) and _DOCUMENT_WORD.search(subject.text):
            party = earlier[0]  # "The document also asked ...": the document spoken of just before (not "the group")
        party = named or party
        owner = next((m for m in mentions if m.end == subject.start), None)  # "the minister's paper": the minister's
        if owner is not None and subject.text.startswith(("'s", "\u2019s")):
            person = owner.person if owner.kind == "person" else (
                person_for_role(owner, cast, memory) if owner.kind == "role" else None)
            party = (person.party if person is not None else owner.party or _holders_party(owner, cast)) or party
        if party is None:
            return None
        if _DOCUMENT_WORD.search(subject.text):
            memory.document = (party, memory.para)
            memory.it = (party, memory.para, "the document")
        return None, party, f"'{subject.text}' of {party}"
    return None


def _called_so(text: str, cast: Cast) -> frozenset:
    """The parties one of whose names has the head word of "the group" ("Upstream Group")."""
    head = text.split()[-1].lower() if text.split() else ""
    return frozenset(code for alias, code in cast.parties.lookup.items() if head in alias.split())


def _owner_of(document: Mention, sentence: str, mentions: list[Mention], cast: Cast) -> str | None:
    """The party a document is named as being of, by its own words or by a party's possessive ("the Aldorian
    side's reply")."""
    named = party_named_by(document, sentence, cast)
    if named or not document.text.startswith(("'s", "\u2019s")):
        return named
    owner = next((m for m in mentions if m.end == document.start and m.kind == "party"), None)
    return owner.party if owner is not None else None


def party_named_by(document: Mention, sentence: str, cast: Cast) -> str | None:
    """The party a document's own words name: "the Aldorian paper", "Aldoria's draft treaty"."""
    phrase = sentence[max(0, document.start - 40):document.end]
    offset = document.start - max(0, document.start - 40)
    for rx in (cast.parties.names, cast.parties.adjectives):
        for m in rx.finditer(phrase):
            if m.start() >= offset or phrase.startswith(("'s", "\u2019s"), m.end()) and m.end() == offset:
                return cast.parties.lookup.get(m.group().lower())
    return None


def _holders_party(role: Mention, cast: Cast) -> str | None:
    """"the prime minister" that several known people were, all of one party: that party."""
    parties = {p.party for p in cast.people if p.known and role_fits(role.role, p)}
    return parties.pop() if len(parties) == 1 else None


def _pronoun(text: str) -> str:
    """The pronoun a mention stands as: "him" and "the Frenchman" are "he", "her" and "the Irishwoman" "she"."""
    text = text.lower()
    if text.endswith(("woman", "women")):
        return "she"
    if text.endswith(("man", "men")):
        return "he"
    return {"his": "he", "him": "he", "her": "she"}.get(text, text)


def _gender_of(mention: Mention, sentence: str, memory: Memory) -> str | None:
    """"he" / "she" from an honorific right before the name ("Ms Holm"), else from what the report said before."""
    honorific = _GENDERED_HONORIFIC.search(sentence[:mention.start])
    if honorific:
        return "he" if honorific.group(1) in _HONORIFICS["he"] else "she"
    return memory.gender.get(mention.person.name) if mention.person is not None else None


def _role_head(role: str) -> str:
    m = _ROLE_HEAD.search(role.lower())
    return m.group(1) if m else role.lower()


_ROLE_HEAD = re.compile(r"\b(" + ROLE_WORDS + r")s?\b(?!.*\b(?:" + ROLE_WORDS + r")s?\b)")


def person_for_role(subject: Mention, cast: Cast, memory: Memory) -> CastMember | None:
    def fits(p: CastMember) -> bool:
        return (subject.party is None or p.party == subject.party) and role_fits(subject.role, p)

    spelled = [p for p in cast.spelled_as(subject.text) if subject.party is None or p.party == subject.party]
    if len(spelled) == 1:  # "the grand chancellor": whom the editor gave that name
        return spelled[0]
    for p in reversed(memory.recent):
        if fits(p):
            return p
    if subject.role.lower().split()[-1] in ("official", "officer") and memory.last_person is not None:
        # "the ministry official said" right after a named official of the same side: the same person
        last = memory.last_person
        if (subject.party is None or last.party == subject.party) and memory.para - memory.para_of.get(last.name, -9) <= 1:
            return last
    introduced = [p for p in cast.people if not p.known and fits(p) and (p.at <= memory.pos or subject.party)]
    # a bare "the spokesperson" is not someone the report names only further on; "Aldoria's leader" may be
    if introduced:
        return introduced[0]
    known = [p for p in cast.people if p.known and fits(p)]
    if len(known) > 1:  # "the chief negotiator": not the deputy chief negotiator
        phrase = subject.role.lower()
        known = [p for p in known if not any(r in p.role.lower() and r not in phrase for r in RANKS)]
        head = ROLE_AT_END.search(phrase)
        exact = [p for p in known if head and re.search(rf"\b{re.escape(head.group(1))}", p.role.lower())]
        known = exact or known  # "the negotiator": the one whose title says so, not a minister of the same group
    if len(known) > 1:  # several could be "the prime minister": the one the report named last, if it named one
        known = [p for p in reversed(memory.mentioned) if p in known][:1] or known
    return known[0] if len(known) == 1 else None

