"""The stance a statement takes on an issue, from who speaks and how positions are voiced.

The owner of a demand voicing it demands it. Anyone else is open when willing
to discuss it ("ready to discuss", "open to", "on condition that"), supports
it when agreeing or saying they already comply ("no plans to", "agree",
"welcome"), and rejects it when refusing or condemning ("will not",
"not negotiable", "unacceptable", "pressure"). Without any such cue, a side of
the negotiation (a party that owns demands) or the party a demand is made of
rejects it, and a third party takes no position unless it takes the issue up
("to discuss"), which supports it. A party asked not to do something
that condemns the talk of doing it ("propaganda about our aggression") denies
it, which supports the demand.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

OPEN = re.compile(
    r"\b(?:open(?:ness)? to|(?:ready|prepared|willing(?:ness)?) to|could be discussed|may be discussed|can be discussed|up for discussion|"
    r"negotiable|room for|in principle|on condition|provided that|as long as|in exchange|compromise|"
    r"consider(?:ing)? (?:it|the)|explore|offer(?:ed|ing|s)? (?:to|talks|negotiations|a dialogue|dialogue)|"
    r"conditional|conditions|(?:is|are|was|were|be) (?:dependent|contingent) on|subject to|only if|will only|(?:is|be|remains?) possible|(?:remains?|is still) open|questions? remains?|"
    r"has its merits|not (?:yet )?sufficient|falls? short|below (?:our )?expectations|"
    r"(?:would|will|could|can) (?:be )?(?:allow|let|permit|grant)\w*|offer(?:s|ed|ing)? (?:a|an|the|them|to)|promis\w*)\b",
    re.I,
)
BACKING = re.compile(r"\b(?:ready|prepared|determined|committed) to|\bmust\b|\bshould\b|\bcall(?:s|ed|ing)? (?:for|on)\b|"
                     r"\burg(?:e|es|ed|ing)\b|\bpropos(?:e|es|ed|ing)\b|\bput(?:s|ting)? forward\b", re.I)
# Talking about it at all is openness only from a side the demand is made of.
OPEN_TO_TALK = re.compile(r"\b(?:discussions? (?:on|about)|to discuss|talk about|to negotiate)\b", re.I)
COMPLY = re.compile(
    r"\b(?:no (?:plans?|intention|intentions) (?:to|of)|(?:does|do|did) not (?:plan|intend)|not (?:planning|going) to|"
    r"den(?:y|ies|ied|ying)|agree[sd]?|agreement with|accept(?:s|ed)?|support(?:s|ed)?|welcome[sd]?|"
    r"compl(?:y|ies|ied)|already|committed to|respect(?:s|ed)?|grant(?:s|ed)?|flexible|"
    r"(?:agreement|deal) (?:has|had|was|is) (?:been )?(?:reached|struck|agreed)|reached (?:an |a )?(?:agreement|deal))\b",
    re.I,
)
REFUSE = re.compile(
    r"\b(?:will not|won't|would not|cannot|can't|can not|could not|refus\w*|reject\w*|not negotiable|"
    r"non-negotiable|non-starter|never|unacceptable|out of the question|no way|dismiss\w*|rul(?:e|ed|es) out|"
    r"not (?:accept|agree|allow|tolerate|compromise|sacrifice|give up|budge|bargain)|no longer|(?:sovereign |every |the )right to|"
    r"as it sees fit|as it saw fit)\b",
    re.I,
)
# The party a demand is made of reporting that it is doing the thing ("units are returning", "have begun pulling").
DOING = re.compile(
    r"\b(?:is|are|was|were)\s+(?:now\s+|already\s+)?(?:returning|withdrawing|pulling|leaving|lifting|reducing|cutting|"
    r"releasing|reopening|removing)\b|\b(?:has|have|had)\s+(?:already\s+)?(?:begun|started)\b|"
    r"\b(?:will|would)\s+(?:now\s+)?(?:return|withdraw|pull|leave|lift|reduce|remove)\b",
    re.I,
)
DISAPPROVE = re.compile(
    r"\b(?:threat\w*|pressure|blackmail|ultimatum|provocat\w*|propaganda|hysteria|fake|negative|"
    r"rupture|response|retaliat\w*|countermeasures?|hostile|unfriendly|illegal|illegitimate|"
    r"absurd|nonsense|condemn\w*|oppos\w*|ignor\w*)\b",
    re.I,
)


@dataclass(frozen=True)
class Decision:
    stance: str
    confidence: float
    cue: str


def decide(text: str, *, speaker_party: str, owner: str, sides: set[str], targets: set[str],
           negative: bool = False) -> Decision | None:
    if speaker_party == owner:
        return Decision("demands", 0.8, f"the owner ({owner}) voices it")
    for stance, rx in (("rejects", REFUSE), ("supports", DOING), ("open", OPEN), ("supports", COMPLY),
                       ("rejects", DISAPPROVE)):
        if rx is DOING and speaker_party not in targets:
            continue  # others saying it is happening is an observation, not a position
        m = rx.search(text)
        if m and rx is COMPLY and _negated(text, m.start()):
            return Decision("rejects", 0.65, f"negated: '{m.group()}'")
        if m and not (stance == "rejects" and rx is REFUSE and _comply_phrase(text)):
            third = speaker_party not in sides and speaker_party not in targets
            if stance == "open" and third and re.match(r"(?:ready|prepared|willing)", m.group(), re.I):
                return Decision("supports", 0.6, f"third party commits: '{m.group()}'")
            if rx is DISAPPROVE and negative and (speaker_party in targets or third):
                # condemning the thing a demand forbids (or, for the one asked, the talk of doing it) backs it
                return Decision("supports", 0.55, f"condemns what the demand forbids: '{m.group()}'")
            return Decision(stance, 0.7, f"cue '{m.group()}'")
        if stance == "open" and (speaker_party in sides or speaker_party in targets) and OPEN_TO_TALK.search(text):
            return Decision("open", 0.6, f"cue '{OPEN_TO_TALK.search(text).group()}'")
    if speaker_party in sides or speaker_party in targets:
        return Decision("rejects", 0.5, f"{speaker_party} is on the other side of {owner}'s demand")
    talk = OPEN_TO_TALK.search(text) or BACKING.search(text)
    if talk:  # a third party taking the issue up, or committing to it
        return Decision("supports", 0.5, f"third party takes it up: '{talk.group()}'")
    return None  # a third party naming the issue without a word of its view takes no position


def _comply_phrase(text: str) -> bool:
    return bool(re.search(r"\bno (?:plans?|intention)|\bnot (?:planning|going) to|\bden(?:y|ies|ied)", text, re.I))


_NEGATION = re.compile(r"\b(?:not|no|never|nor|cannot|can't|won't|n't|neither)\b|n't\b", re.I)


def _negated(text: str, at: int) -> bool:
    """An agreeing word with a negation in the six words before it, in its clause ("no leader could ever agree")."""
    clause = re.split(r"[,;:.!?\u2013\u2014]", text[:at])[-1]
    before = re.findall(r"[\w']+", clause)[-6:]
    return any(_NEGATION.fullmatch(w) or w.lower().endswith("n't") for w in before)
