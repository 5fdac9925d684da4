"""The plain data that goes into and comes out of extraction."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Ref:
    """A row of the negotiation as extraction sees it; `id` (by keyword) is its key when it came from the database."""

    id: int | None = field(default=None, kw_only=True)


@dataclass(frozen=True)
class PartyRef(Ref):
    code: str
    name: str
    aliases: tuple[str, ...] = ()
    adjectives: tuple[str, ...] = ()


@dataclass(frozen=True)
class PersonRef(Ref):
    name: str
    party_code: str | None
    role: str = ""
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class IssueRef(Ref):
    slug: str
    title: str
    owner_code: str
    description: str = ""
    cues: tuple[str, ...] = ()


@dataclass(frozen=True)
class RoundRef(Ref):
    slug: str
    date: dt.date
    name: str = ""
    parties: tuple[str, ...] = ()  # the codes of the parties at the round, when its editor listed them


@dataclass(frozen=True)
class ExampleRef(Ref):
    """A statement an editor confirmed or corrected, with the links it kept: what the linker learns from."""

    text: str
    party_code: str | None
    links: tuple[tuple[str, str], ...]  # (issue slug, stance)


@dataclass(frozen=True)
class Context:
    """What extraction knows about one negotiation."""

    parties: tuple[PartyRef, ...]
    people: tuple[PersonRef, ...]
    issues: tuple[IssueRef, ...]
    rounds: tuple[RoundRef, ...] = ()
    examples: tuple[ExampleRef, ...] = ()  # editors' confirmed statements, newest first
    topic: str = ""  # the negotiation's name: its words are what every issue is about, so they tell none apart
    description: str = ""  # the negotiation's description: it may name the go-betweens (`names.mediators`)


@dataclass
class FoundLink:
    issue_slug: str
    stance: str  # demands / supports / open / rejects
    confidence: float
    reason: str  # the cue or similarity behind it, shown to editors
    words: float = 0.0  # the score of the statement's own words (and editors' examples) for the issue; 0 if taken from elsewhere


@dataclass
class Found:
    """One statement found in a text. Offsets index the text given to find_statements."""

    start: int
    end: int
    text: str
    kind: str  # "direct" or "reported"
    speaker: str | None = None  # a known person's canonical name, or a new person's full name
    speaker_role: str = ""  # for a new person: the title or apposition that introduced them
    speaker_known: bool = False  # True when `speaker` is a person of the context
    party_code: str | None = None
    stated_on: dt.date | None = None
    confidence: float = 0.5
    attribution: str = ""  # why this speaker (e.g. "quote + 'Petrov said'", "pronoun → previous speaker")
    links: list[FoundLink] = field(default_factory=list)
    claim: str = ""  # the words attributed to the speaker, when narrative surrounds them in the sentence
    refers_to: str = ""  # the earlier statement this one continues or answers ("rejected the demands")
    refers_kind: str = ""  # "continues" (same speaker, same quote) or "answers" (a reference such as "the demands")
    asked: str = ""  # in a transcript, the question this answer replies to
