"""The stance a statement takes on an issue, from who speaks and how positions are voiced.

The owner of a demand voicing it demands it. Anyone else is open when willing
to discuss it ("ready to discuss", "open to", "on condition that"), supports
it when agreeing or saying they already comply ("no plans to", "agree",
"welcome"), and rejects it when refusing or condemning ("will not",
"not negotiable", "unacceptable", "pressure"). Without any such cue, a side of
the negotiation (a party that owns demands) or the party a demand is made of
is open when it would do it only in step with something else ("as soon as
security allows"), and otherwise rejects it, unless the demand's title names
it as whom the demand is for; a third party takes no position unless it takes
the issue up ("to discuss"), which supports it, or the link model is sure it
speaks to it (`taken_up`: it backs it, unless it refuses the owner's demands
more than it backs them where it speaks), or the codebook's demands put
it in a camp with or against the owner (made of it, for it, or against the
owner's adversary). A mediator (`names.mediators`) is on no side: naming a
demand it presses for it, and a side that does not refuse a
mediator's demand goes along with it. A party asked not to do something
that condemns the talk of doing it ("propaganda about our intentions") denies
it, which supports the demand; so does one that forswears it ("will never close
the canal"). Anyone who will not undo what a demand names ("could not accept
the removal of the stations") backs it, unless the demand is itself an
undoing. The party asked promising to do what the demand
asks in its own words ("would buy more timber"), or ready to sign what it names
("ready to sign the annex"), supports it. A demand's own
words are never cues ("state support for the shipyards" is no support).
Backing read without a word of agreement, or a side's silence, in a sentence
that sets a condition in a clause of its own ("If the citizens approve it, we
will ask ...") is open.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache

from . import vocabulary
from .lexicon import EN
from .vocabulary import stem

OPEN = EN.word_pattern("stance_open", re.I)
BACKING = EN.pattern("stance_backing", "", "", re.I)
# Talking about it at all is openness only from a side the demand is made of.
OPEN_TO_TALK = EN.word_pattern("stance_open_to_talk", re.I)
# Only in step with something else: a condition when a side says it, a timetable when a third party calls for it.
SEQUENCED = EN.word_pattern("stance_sequenced", re.I)
# Raising it with someone: a party the demand is not made of taking it up.
RAISES = EN.pattern("stance_raises", "", "", re.I)
COMPLY = EN.word_pattern("stance_comply", re.I)
NO_INTENTION = EN.word_pattern("stance_no_intention", re.I)
ANONYMITY = EN.pattern("anonymity", flags=re.I)
REFUSE = EN.word_pattern("stance_refuse", re.I)
# The party a demand is made of reporting that it is doing the thing ("units are returning", "have begun pulling").
DOING = EN.pattern("stance_doing", "", "", re.I)
DISAPPROVE = EN.word_pattern("stance_disapprove", re.I)
GUARDS = EN.word_pattern("stance_guards", re.I)
IN_PRINCIPLE = EN.word_pattern("stance_endorse", re.I)
# The stance each cue gives, tried in this order (the first that matches decides) once guards and agreement
# in principle are ruled out; `decide` qualifies some by who speaks.
# The party a demand is made of saying it will do what is asked ("would buy more timber").
COMMIT = re.compile(r"\b(?:will|would|shall|'ll|\u2019ll|(?:pledg|promis|vow|commit|undert[ao]k)\w*\s+to|commitment\s+to|"
                    r"(?:plans?|going|set)\s+to|(?:is|are|has\s+been|have\s+been)(?=\s+(?:\w+ly\s+)?\w+ing\b)|"
                    r"(?P<passive>was|were|has\s+been|have\s+been|had\s+been)(?=\s+(?:\w+ly\s+)?\w+ed\b))\s+"
                    r"(?P<verb>(?:[a-z]+ly\s+|further\s+|also\s+|now\s+|keep\s+|continue\s+to\s+){0,2}[a-z]+)", re.I)
CUES = (("rejects", REFUSE), ("open", OPEN), ("supports", DOING), ("supports", COMMIT), ("supports", NO_INTENTION),
        ("supports", COMPLY), ("rejects", DISAPPROVE))


@dataclass(frozen=True)
class Decision:
    """The stance a statement takes on a demand, how sure that is, and the cue (or rule) that decided it."""

    stance: str
    confidence: float
    cue: str


def decide(text: str, *, speaker_party: str, owner: str, sides: set[str], targets: set[str],
           negative: bool = False, undoes: bool = False, topic: frozenset = frozenset(), asks: frozenset = frozenset(),
           written: frozenset = frozenset(),
           mediators: frozenset = frozenset(), concluded: str = "", beneficiary: bool = False,
           camp: str | None = None, principals: frozenset = frozenset()) -> Decision | None:
    """`topic` is the demand's own words (stems): there they name what is asked ("state support for
    the shipyards"), not a view of it. `asks` are those of its title and cues: the party asked promising
    to do one of them, or saying it is doing it, complies; `written` are the words of its title and cues as written
    (`vocabulary.surface_stem`): a refusal cue whose every content word is one of them names the demand ("the right
    to" of a right of return). `concluded`: the round that concluded the demand
    before the statement was made, if one did; a side with no word of its view keeps to it. `beneficiary`: the
    speaker is whom the demand is for (its title names it after the one it is made of); `undoes`: the demand is that
    something be undone ("tolls lifted"), which condemning it backs; `camp`: "with" or
    "against" the owner, as the codebook's demands place the speaker (`linking._camps`); `principals`: the sides
    the negotiation's description names (`names.principals`), none when it does not say."""
    if speaker_party == owner:
        return Decision("demands", 0.8, f"the owner ({owner}) voices it")
    text = ANONYMITY.sub(" ", text)
    guard = GUARDS.search(text) if negative else None
    if guard and not _negated(text, guard.start()):  # "avoids any checks" backs a demand that checks not happen
        return Decision("supports", 0.55, f"guards against what the demand forbids: '{guard.group()}'")
    asked = speaker_party in targets or (not targets and speaker_party in sides)  # the one the demand is made of
    third = speaker_party not in sides and speaker_party not in targets
    forsworn = _forsworn(text, topic) if negative and asked else None
    if forsworn:  # "will never close the canal", asked not to: it complies
        return Decision("supports", 0.6, f"forswears what the demand forbids: '{forsworn}'")
    denied = _denied(text, topic) if negative else None
    if denied:  # "rejected claims that it was preparing an invasion", of a demand that it not invade: it complies
        return Decision("supports", 0.6, f"{DENIES}: '{denied}'")
    held = _held_out_for(text, asks)
    if held:  # "would not accept a second filling without a binding agreement": it insists on the agreement
        return Decision("supports", 0.6, f"makes it a condition: '{held}'")
    will = _will_undo(text, topic) if undoes and not _cue(REFUSE, text, topic, written) else None
    if will:  # "will give up its own rights as a guarantor", of a demand that those rights end: it complies
        return _unless_conditional(Decision("supports", 0.6, f"will undo it: '{will}'"), _CONDITIONAL.search(text))
    agreed = IN_PRINCIPLE.search(text)
    if agreed:  # "accepted in principle", "the best possible compromise": agreement, not mere openness
        if _negated(text, agreed.start()):
            return Decision("rejects", 0.6, f"negated: '{agreed.group()}'")
        return Decision("supports", 0.6, f"cue '{agreed.group()}'")
    for stance, rx in CUES:
        if rx is DOING and speaker_party not in targets:
            continue  # others saying it is happening is an observation, not a position
        if rx is COMMIT:
            m = _committed(text, asks, topic) if asked or (third and not negative) else None
            if m and _IF_FIRST.search(text[:text.find(m)]):  # "If we achieve X, we would lift them": on a condition
                return Decision("open", 0.6, f"commits on a condition: '{m}'")
            after = _IF_AFTER.match(text, text.find(m) + len(m)) if m else None
            if after:  # "would stop fighting if relief arrived": on a condition
                return Decision("open", 0.6, f"commits on a condition: '{m} ... {after.group().strip()}'")
            if m:
                return Decision("supports", 0.6, f"commits to it: '{m}'")
            continue
        m = _cue(rx, text, topic, written if rx is REFUSE else frozenset())
        if m and rx is NO_INTENTION:  # "no plans to build dams": complies with "no new dams", refuses "a share"
            if _names(_next_words(text, m.end()), topic):  # when its next words name the demand, not "... get better"
                return Decision("supports" if negative else "rejects", 0.65, f"cue '{m.group()}'")
            continue
        none = _NONE_AFTER.match(text, m.end()) if m and rx is OPEN and not _IF_LIKE.match(m.group()) else None
        if none:  # "would grant no special status"
            return Decision("rejects", 0.65, f"negated: '{m.group()} {none.group(1)}'")
        if m and rx is COMPLY and _negated(text, m.start()):
            return Decision("rejects", 0.65, f"negated: '{m.group()}'")
        if m and rx is REFUSE and undoes and speaker_party not in targets and _JUDGED.fullmatch(m.group()) and _names(
                _words_before(text, m.start())[-5:], topic):
            # "a right of intervention has no place in a settlement", of a demand that it be abolished: it backs it
            return Decision("supports", 0.6, f"refuses what the demand undoes: '{m.group()}'")
        refused = _clause_after(text, m.end()) if m and rx is REFUSE else ""  # the rest of its clause
        alone = _ONLY_SO.search(refused)
        if alone and not negative:  # "will not change it in isolation": only not so, or not yet
            return Decision("open", 0.6, f"refuses it only so: '{m.group()} ... {alone.group()}'")
        until = _held_until(refused, asks) if refused and _NOT_YET.fullmatch(m.group()) else None
        if until:  # "will not take part in the talks until its prisoners are freed": not yet, on a condition
            return Decision("open", 0.6, f"refuses it only until: '{m.group()} ... {until.group()}'")
        if m and rx is REFUSE and not _NEGATION.search(m.group()) and _negated(text, m.start()):
            return Decision("open", 0.6, f"does not refuse: '{m.group()}'")  # "did not rule out more access"
        kept = (_kept(refused, topic, asks) if m and rx is REFUSE and not _JUDGED.fullmatch(m.group())
                and not negative and not undoes else None)
        if kept:  # "could not result in the removal of the gauging stations"
            return Decision("supports", 0.6, f"will not undo it: '{m.group()} ... {kept}'")
        against = _standing_against(text, m.end(), negative, topic) if m and rx is REFUSE else None
        if against:
            return Decision("supports", 0.6, f"will not stand against it: '{m.group()}{against}'")
        if m and not (stance == "rejects" and rx is REFUSE and negative and NO_INTENTION.search(text)):
            if stance == "open" and third and _WILLING.match(m.group()):
                return Decision("supports", 0.6, f"third party commits: '{m.group()}'")
            done = (stance == "open" and not third and not negative and _WILLING.match(m.group())
                    and _does_next(text, m, asks, undoes))
            if done:  # "ready to sign the treaty", of a demand that it be signed (linking's "yes and no" reads a
                # "but" clause refusing it)
                return Decision("supports", 0.65, f"cue '{m.group()} {done}'")
            undone = stance == "open" and undoes and _READY.match(m.group()) and _undone_next(text, m.end(), topic)
            if undone:  # "ready to give up its rights as a guarantor", of a demand that those rights end: it complies
                return Decision("supports", 0.6, f"ready to undo it: '{m.group()} {undone}'")
            if rx is DISAPPROVE and negative and (speaker_party in targets or (
                    third and _names(_next_words(text, m.end()), topic))):
                # condemning the thing a demand forbids (or, for the one asked, the talk of doing it) backs it
                return Decision("supports", 0.55, f"condemns what the demand forbids: '{m.group()}'")
            if (rx is DISAPPROVE and undoes and speaker_party not in targets
                    and _names(_next_words(text, m.end())[:3], topic)):
                # "its illegal sanctions", of a demand that they be lifted: condemning what it undoes backs it
                return Decision("supports", 0.55, f"condemns what the demand undoes: '{m.group()}'")
            if stance == "supports" and (_IF_FIRST.search(text[:m.start()]) or _IF_AFTER.match(text, m.end())):
                return Decision("open", 0.6, f"on a condition: '{m.group()}'")  # "If X, we would ...", "... if X"
            return Decision(stance, 0.7, f"cue '{m.group()}'")
        if stance == "open" and (speaker_party in sides or speaker_party in targets) and OPEN_TO_TALK.search(text):
            return Decision("open", 0.6, f"cue '{OPEN_TO_TALK.search(text).group()}'")
    if speaker_party in mediators:  # a go-between naming a demand presses for it
        return Decision("supports", 0.45, f"{speaker_party} mediates and takes up {owner}'s demand")
    if owner in mediators and (speaker_party in sides or speaker_party in targets):
        return Decision("supports", 0.45, f"{speaker_party} does not refuse what {owner}, a mediator, asks")
    if concluded and (speaker_party in sides or speaker_party in targets):  # a round concluded it: both keep to it
        return Decision("supports", 0.45, f"concluded at the round '{concluded}'")
    if speaker_party in sides or speaker_party in targets:
        sequenced = SEQUENCED.search(text)
        if sequenced:  # no other word of its view, but only in step with something else: "as soon as security allows"
            return Decision("open", 0.55, f"cue '{sequenced.group()}'")
        offer = next((m for m in _OFFERS.finditer(text) if not _negated(text, m.start())
                      and _names(_next_words(text, m.end()), topic)), None)
        if offer:  # "Borvania proposed a mechanism to share the flow data": its own version of the demand
            return Decision("open", 0.55, f"offers its own version: '{offer.group()}'")
        condition = _CONDITIONAL.search(text)
        pressed = _pressed(text, asks) if not negative else None
        if pressed:  # "the tolls should be lifted", of a demand to lift them: it presses for what the demand asks
            return _unless_conditional(Decision("supports", 0.55, f"presses for it: '{pressed}'"), condition)
        valued = _valued(text, asks) if not negative else None
        if valued:  # "the release of prisoners is an important part of the deal"
            return _unless_conditional(Decision("supports", 0.55, f"values it: '{valued}'"), condition)
        praise = _praised(text, topic) if not negative else None
        if praise:  # "regards the mediation as the last serious chance": no refusal of it
            return _unless_conditional(Decision("supports", 0.5, f"speaks well of it: '{praise}'"), condition)
        raised = RAISES.search(text) if speaker_party not in targets else None
        if raised and not _negated(text, raised.start()):  # "raised the question with Borvania's leader"
            return Decision("supports", 0.5, f"takes it up: '{raised.group()}'")
        if beneficiary:  # "tolls lifted on Aldorian and Borvanian barges", said by Borvania: its demand too
            return _for_it(speaker_party, owner)
        return _unless_conditional(silent_side(speaker_party, owner, principals=principals), condition)
    talk = OPEN_TO_TALK.search(text) or BACKING.search(text) or RAISES.search(text)
    if talk and _negated(text, talk.start()):  # "does not want it"
        return Decision("rejects", 0.5, f"negated: '{talk.group()}'")
    if talk:  # a third party taking the issue up, or committing to it
        return Decision("supports", 0.5, f"third party takes it up: '{talk.group()}'")
    if beneficiary:  # "... pulls its troops back from Borvania's border", said by Borvania
        return _for_it(speaker_party, owner)
    if camp:  # a third party that the codebook's demands put in a camp keeps to it
        return Decision("supports" if camp == "with" else "rejects", 0.45,
                        f"{speaker_party} is in {owner}'s camp" if camp == "with" else f"{speaker_party} is against {owner}")
    return None  # a third party naming the issue without a word of its view, and in no camp, takes no position


# A condition the sentence sets in a clause of its own ("If the citizens approve it, we will ask ...", "..., but
# only once ..."); not "Once again", nor a participle ("providing troops"). A bare "if" after a promise is often
# none ("will give up our role if that is what a settlement needs").
_CONDITIONAL = re.compile(r"(?:^|[,;:\u2014]|\bbut\b)[^\w,;:\u2014]*(?:if|once(?!\s+(?:again|more)\b)|provided|"
                          r"as long as|so long as|on condition)\b|\bonly\s+(?:if|once|when|after)\b", re.I)


def _unless_conditional(decision: Decision, condition: re.Match | None) -> Decision:
    """Backing read without a word of agreement, said on a condition, is openness."""
    if condition is None:
        return decision
    return Decision("open", decision.confidence, f"{ON_CONDITION}: '{condition.group().strip(' ,;:')}', {decision.cue}")


ON_CONDITION = "on a condition"  # how a reason says so: a side's silence read again (`silent_side`) keeps it


def _for_it(party: str, owner: str) -> Decision:
    """Whom a demand is for, saying nothing of its view of it, backs it."""
    return Decision("supports", 0.45, f"{party} is whom {owner}'s demand is for")


# A side with no word of its view of another side's demand: read as refusing it, unless the negotiation shows the
# two are allies (`silent_side`, applied to the whole negotiation by ingest.pipeline.reread_silences).
SILENT_SIDE = "is on the other side of"
OUTSIDE = "is no side of the talks"  # how a reason says a silent party is outside the sides (`silent_side`)
TAKEN_UP = "speaks to it without a word of its view"  # how a reason says so of a third party (`taken_up`)
SILENCES = (SILENT_SIDE, OUTSIDE, TAKEN_UP)  # the reasons the whole negotiation's statements read again
ALLY_MIN = 3  # stated stances of one side on another's demands before its silences are read by them


def silent_side(party: str, owner: str, stated: dict | None = None, principals: frozenset = frozenset(),
                elsewhere: dict | None = None) -> Decision:
    """The stance of `party`, saying nothing of its view of `owner`'s demand, from the stances it states on
    `owner`'s demands elsewhere in the negotiation (`stated`: stance -> how many; none known when a statement is
    first linked): an ally goes along; anyone else is on the other side. Talks of three sides or more have
    allies: a side backing another's demands where it speaks does not refuse them where it is silent. An ally
    mostly backs them (ALLY_MIN times or more), or backs them more than twice as often as it refuses one: a side
    that has hardly refused another's demands in words is not its adversary (haggling over some, "open", is no
    refusal; one refusal read wrong does not turn an ally into an adversary). A party outside the sides the
    negotiation names (`principals`: "the talks between Aldoria and Borvania") with demands of its own, an outside state or an
    institution, is no one's adversary unless it refuses the others' demands more often than it backs them
    (`elsewhere`: its stated stances on every other party's demands), as an opposition at home does."""
    stated = stated or {}
    backs, told = stated.get("supports", 0), sum(stated.values())
    if (backs >= ALLY_MIN and backs * 2 > told) or (backs > 2 * stated.get("rejects", 0)):
        return Decision("supports", 0.5,
                        f"{party} {SILENT_SIDE} {owner}'s demand, but backs its demands where it speaks ({backs} of {told})")
    elsewhere = elsewhere or {}
    outside = bool(principals) and party not in principals
    if outside and stated.get("rejects", 0) <= backs and elsewhere.get("rejects", 0) <= elsewhere.get("supports", 0):
        return Decision("supports", 0.45, f"{party} {OUTSIDE} and does not refuse {owner}'s demand")
    return Decision("rejects", 0.5, f"{party} {SILENT_SIDE} {owner}'s demand")


def taken_up(party: str, owner: str, stated: dict | None = None) -> Decision:
    """The stance of a third party (no side, in no camp) that speaks to `owner`'s demand without a word of its view,
    which `decide` leaves without a position: only the link model, sure the analyst links it, links it
    (`linking._added_stance`). Taking the issue up backs it, as "to discuss" does, unless the party refuses the
    owner's demands more often than it backs them where it speaks (`stated`: its stated stances on them, from the
    whole negotiation when read again by ingest.pipeline.reread_silences)."""
    stated = stated or {}
    refuses, backs = stated.get("rejects", 0), stated.get("supports", 0)
    if refuses > backs:
        return Decision("rejects", 0.45, f"{party} {TAKEN_UP}, and refuses {owner}'s demands where it speaks "
                                         f"({refuses} of {sum(stated.values())})")
    return Decision("supports", 0.45, f"{party} {TAKEN_UP}: it takes up {owner}'s demand")


def silenced(reason: str) -> bool:
    """Whether a stance's reason says the party said nothing of its view (`silent_side`, `taken_up`): what is read
    again."""
    return any(silence in reason for silence in SILENCES)


def by_default(decision: Decision) -> bool:
    """A stance given by who the speaker is (a silent side, a camp, a mediator, whom the demand is for, a third party
    taking the issue up), not read from its words."""
    return decision.confidence < 0.5 or silenced(decision.cue)


# What an issue's description says counts as each stance ("offers of a review without automatic expiry are open;
# refusing automatic expiry rejects it"): an editor's own examples of the stances, read by `described`.
_GIVES = re.compile(
    r"\b(?:(?:is|are|counts?\s+as|remains?)\s+[\'\"\u2018\u201c]?(?P<open>open)[\'\"\u2019\u201d]?"
    r"|(?:is|are|counts?\s+as)\s+[\'\"\u2018\u201c](?P<supports_>supports)[\'\"\u2019\u201d]"
    r"|(?:is|are|counts?\s+as)\s+[\'\"\u2018\u201c](?P<rejects_>rejects)[\'\"\u2019\u201d]"
    r"|(?P<supports>supports?|backs?)\s+(?:it|them)|(?P<rejects>rejects?|opposes?)\s+(?:it|them))"
    r"(?=\s*(?:[.;,:)(]|$))", re.I)
_CLAUSE_END = re.compile(r"[.;]")


def undescribed(description: str) -> str:
    """The description without the words that give its stances ("... rejects it"): they are no words of the demand."""
    return _GIVES.sub(" ", description)


def described(description: str) -> tuple[tuple[str, str], ...]:
    """The (stance, what counts as it) pairs an issue's description states: each clause that ends in words giving
    a stance, from the clause's start (or the last such words) up to them, at most 300 characters. Linear in the
    description's length."""
    ends = [m.end() for m in _CLAUSE_END.finditer(description)]
    found, after, i = [], 0, 0
    for m in _GIVES.finditer(description):
        while i < len(ends) and ends[i] <= m.start():
            after, i = max(after, ends[i]), i + 1
        evidence = description[max(after, m.start() - 300):m.start()].strip(" ,;:")
        evidence = re.sub(r"^(?:and|or|but|while|whereas)\s+", "", evidence, flags=re.I)
        after = m.end()
        if len(evidence) >= 8:
            found.append((next(name.rstrip("_") for name in ("open", "supports", "rejects", "supports_", "rejects_")
                                if m.group(name)), evidence))
    return tuple(found)


_FORSWEAR = re.compile(r"\b(?:will|would|shall|does|do|did|has|have|had|could|can)\s*(?:not|never|n't)\b|\bnever\b|"
                       r"\b(?:not|never)\s+to\b|\brefrain\w*\s+from\b", re.I)


_CEASE = EN.pattern("stance_ceasing", "(?:", r")\w*", re.I)


def _next_words(text: str, at: int) -> list[str]:
    """The few words after `at`: where what a refusal is of is named."""
    return re.findall(r"[A-Za-z]+", text[at:at + 60])[:5]


def _names(words: list[str], topic: frozenset) -> bool:
    """Whether these words name what a demand asks."""
    return any(stem(w.lower()) in topic for w in words)


def _forsworn(text: str, topic: frozenset) -> str | None:
    """A refusal whose next few words name what a demand forbids ("would not resort to closing the canal")."""
    for m in _FORSWEAR.finditer(text):
        after = _next_words(text, m.end())
        if after and (_CEASE.fullmatch(after[0]) or _OPPOSING.fullmatch(after[0])):
            continue  # "will not forgo cooperation", "will not block the dams": it keeps doing, or lets it be done
        if _names(after, topic):
            return m.group()
    return None


def _denied(text: str, topic: frozenset) -> str | None:
    """A refusal of a claim whose next few words name what a demand forbids, and say that it happens, not that it
    should stop or would do harm ("rejected claims that it was preparing new dams"): the refusal's words."""
    m = _DENIED_CLAIM.search(text)
    if m is None or not _names(_next_words(text, m.end()), topic):
        return None
    claim = re.findall(r"[A-Za-z]+", text[m.end():m.end() + 80])
    return None if any(_NOT_ASSERTED.fullmatch(w) for w in claim) else m.group()


DENIES = "denies what the demand forbids"  # how a reason says so: where the demand's description says how denials
# count, it decides (`linking._decide`)
# Refusing a claim ("rejected Western claims that", "dismissed as groundless the talk of"): a refusal of what the
# claim says, not of the demand
_DENIED_CLAIM = re.compile(r"\b(?:reject(?:s|ed|ing)?|dismiss(?:es|ed|ing)?|den(?:y|ies|ied|ying)|refut(?:e|es|ed|ing))\s+"
                           r"(?:[\w-]+\s+){0,3}?(?:claims?|reports?|allegations?|accusations?|suggestions?|talk|speculation|charges?|rumou?rs?|assertions?)\s+(?:that|of|about)\b",
                           re.I)
# In a denied claim, words saying the thing should stop or would do harm: no claim that the forbidden thing happens
_NOT_ASSERTED = EN.pattern("stance_not_asserted", "(?:", ")", re.I)
# "will not object to", "would not block": a refusal to stand against a demand goes along with it
_OPPOSING = EN.pattern("stance_opposing", "(?:", ")", re.I)
_OPPOSING_STEMS = frozenset(stem(w) for w in EN.items("stance_opposing"))  # a demand that no one block: "does not block"
_IN_THE_WAY = re.compile(r"\s+(?:stand|stands|stood|get|gets|got|be|been)\s+in\s+(?:the|its|their|his|her)\s+way\b|"
                         r"\s+(?:being|be|been)\s+(?:the|an)\s+obstacle\b", re.I)
# "would not accept any attempt to undermine it", "will not allow anyone to call it into question": a refusal of
# standing against it
_ATTEMPT = re.compile(r"\s+(?:(?:accept|allow|tolerate|permit|let|countenance)\s+)?(?:any|an|the|anyone|anybody|others?)\s+"
                      r"(?:(?:attempts?|efforts?|moves?|bids?)\s+)?to\s+", re.I)
_UNDERMINING = EN.pattern("stance_undermining", "(?:", r")\w*", re.I)
_CALLED_IN_QUESTION = re.compile(r"call\w*\s+(?:[\w'\u2019-]+\s+){0,6}?into\s+question\b", re.I)
# What makes a refusal a refusal of one way of doing it: "will not change it in isolation", "not pay in advance"
_ONLY_SO = EN.word_pattern("stance_only_so", re.I)
_NOT_YET = re.compile(r"(?:will|would|could|can)\s*(?:not|n't)|won't|cannot|can't", re.I)
# "until", "unless" or "without" opening the refusal's condition, a few words after it and with no clause between
# ("that Aldoria enjoyed until 2020"); not a time ("until now", "until 2031"), "until hell freezes over", nor
# "without (any) delay", "without conditions", "without a fight", "without exception", "without (first) consulting"
# (how, or how firmly, not on what condition)
_UNTIL = re.compile(r"\b(?:until|unless|without(?!\s+(?:\w+ly\s+|first\s+|even\s+)?\w+ing\b)"
                    r"(?!\s+(?:a\s+|any\s+|further\s+|the\s+slightest\s+)?(?:delays?|conditions?|preconditions?|fight|"
                    r"exception|second\s+thought|doubt|question|hesitation|fail|reservations?)\b))\b"
                    r"(?!\s+(?:now|then|today|recently|further\s+notice|hell|the\s+cows)\b)(?!\s+\d)", re.I)
_CLAUSE_BETWEEN = re.compile(r"\b(?:that|which|who|whom|whose|where|when)\b", re.I)
UNTIL_REACH = 12  # words from a refusal to the "until" that holds it


def _held_until(clause: str, asks: frozenset) -> re.Match | None:
    """The "until", "unless" or "without" holding a refusal until something else happens ("will not take part in
    the talks until its prisoners are freed", "cannot grant it without a new survey"): in the refusal's clause,
    close after it; not one whose condition names the demand (read by `_held_out_for`, or a refusal: "until the
    accord is lifted") or undoes anything ("unless Aldoria withdraws the demand"). `clause`: the refusal's clause
    after it."""
    until = _UNTIL.search(clause)
    if until is None:
        return None
    between = clause[:until.start()]
    if len(between.split()) > UNTIL_REACH or _CLAUSE_BETWEEN.search(between):
        return None
    condition = re.findall(r"[A-Za-z]+", clause[until.end():])[:8]
    if _names(condition[:5], asks) or _UNDONE.search(" ".join(condition)):
        return None
    return until


_NONE_AFTER = re.compile(r"\s+(no|nothing|none)\b", re.I)
# Cues that open a condition: "as long as nothing is left for later" sets one, it refuses nothing
_IF_LIKE = re.compile(r"(?:as long as|provided|only if|on condition|subject to|if)\b", re.I)
_OFFERS = EN.word_pattern("stance_offers", re.I)
_CONDITION = re.compile(r"\b(?:without|unless|until|absent)\b", re.I)
# "until the moratorium is lifted": the condition is the demand's end, which refuses it
_UNDONE = EN.word_pattern("stance_undoing", re.I)
_WILLING = EN.pattern("stance_willing", "(?:", ")", re.I)
_READY = re.compile(_WILLING.pattern + r"|offer(?:s|ed|ing)?", re.I)  # willing, or offering, to do something
_PART = EN.words("stance_part")  # some of it, not all
_UNDOING_NEXT = re.compile(r"\s*(?:" + _UNDONE.pattern + ")", re.I)
_PULLED_BACK = EN.word_pattern("stance_pulled_back", re.I)


_WILL = re.compile(r"\b(?:will|would|shall|(?:pledg|promis|vow|commit|undert[ao]k)\w*\s+to)\b\s*", re.I)


# A clause describing a person (", who rejects the election result, says ..."): what it says is who they are, not
# the view; when it names the demand, it is mostly another person's words the statement mentions (", who told
# reporters that the talks can end only after ...")
_ABOUT_SOMEONE = re.compile(r",\s+(?:who|whose)\b[^,;.\u2014]*[,;\u2014]", re.I)


@lru_cache(maxsize=64)
def _asides(text: str) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """Where the clauses describing someone start and end: found once a text, though every cue pattern asks
    (apart, in order: one bisect a match)."""
    spans = [(m.start(), m.end()) for m in _ABOUT_SOMEONE.finditer(text)]
    return tuple(start for start, _ in spans), tuple(end for _, end in spans)


def _cue(rx: re.Pattern, text: str, topic: frozenset, written: frozenset = frozenset()) -> re.Match | None:
    """The first match of a cue pattern that is not a word of the demand itself (`_topic_word`), nor in a clause
    describing someone (`_ABOUT_SOMEONE`)."""
    starts, ends = _asides(text)

    def aside(at: int) -> bool:
        i = bisect.bisect_right(starts, at) - 1
        return i >= 0 and at < ends[i]

    return next((m for m in rx.finditer(text) if not _topic_word(m.group(), topic, written) and not aside(m.start())),
                None)


def _does_next(text: str, ready: re.Match, asks: frozenset, undoes: bool = False) -> str | None:
    """The verb right after "ready to" when it is one of the demand's own words ("ready to sign" a treaty that the
    demand is to sign), or a final assent to what the demand's title or cues name ("ready to sign the annex"), unless
    the demand is to undo it; not a word of talking about it ("ready to discuss"); none when it is negated ("no one is
    ready to"), partial ("ready to lift those sanctions that ..."), refused ("... none of it", "..., but not ...") or
    on a condition ("If ..., it is ready to", "... once", "... in exchange for")."""
    words = _next_words(text, ready.end())
    at = next((i for i, w in enumerate(words[:2]) if w.lower() not in _READY_ADVERBS), None)
    verb = words[at] if at is not None else None
    if verb is None or _PART.intersection(w.lower() for w in words):
        return None
    if stem(verb.lower()) not in asks and not (verb.lower() in _ASSENT and not undoes
                                               and _names(words[at + 1:at + 6], asks)):
        return None
    rest = text[ready.end():ready.end() + max(120, len(_clause_after(text, ready.end())))]  # its clause, or more
    if (_negated(text, ready.start()) or _IF_FIRST.search(text[:ready.start()]) or _CONDITIONAL.search(text)
            or _IF_AFTER.match(text, ready.end()) or _NOT_READY.search(rest)):
        return None
    return verb


_READY_ADVERBS = EN.words("stance_ready_adverbs")  # "ready to now sign"
_ASSENT = EN.words("stance_assent")  # a text as it stands
# after "ready to ...": it does none of it, or only on a condition
_NOT_READY = re.compile(r"\b(?:none|nothing|no\s+more|no|but\s+not|unless|once|when|until|after|in\s+exchange|"
                        r"in\s+return|provided|as\s+long\s+as)\b", re.I)


def _will_undo(text: str, topic: frozenset) -> str | None:
    """A promise, not negated, to undo what the demand names ("will give up its rights"): its words."""
    for m in _WILL.finditer(text):
        undone = _undone_next(text, m.end(), topic) if not _negated(text, m.start()) else None
        if undone:
            return f"{m.group().strip()} {undone}"
    return None


def _undone_next(text: str, at: int, topic: frozenset) -> str | None:
    """The word undoing what the demand names right after `at` ("... give up its rights"), of all of it: "lift
    those sanctions that ...", some of them, is openness, not compliance."""
    words = _next_words(text, at)
    if _UNDOING_NEXT.match(text, at) and _names(words, topic) and not _PART.intersection(words):
        return words[0]
    return None


_UNDOING_WORD = EN.pattern("stance_undoing_word", "(?:", ")", re.I)
# What may stand between the refusal and the undoing ("could not result in the removal of"): not a verb of its own
# ("will not hesitate to scrap", "would not rule out the removal", "will not block the removal")
_LEADS_TO = EN.words("stance_leads_to")


def _kept(refused: str, topic: frozenset, asks: frozenset) -> str | None:
    """After a refusal ("could not", "will never", "rejected"; `refused`: the rest of its clause), an undoing of
    what the demand names in its next few words, with nothing but "accept", "result in" and the like between
    ("could not result in the removal of the gauging stations"): it will not let the demand go, which backs it.
    The undoing word. None when the demand is itself an undoing (its title or cues say so: "replacing the water
    board"): refusing one refuses it."""
    if any(_UNDOING_WORD.fullmatch(word) for word in asks):
        return None
    words = re.findall(r"[A-Za-z]+", refused[:120])[:7]
    for i, word in enumerate(words):
        if _UNDOING_WORD.fullmatch(word):
            leading = all(w.lower() in _LEADS_TO for w in words[:i])
            return word if leading and _names(words[i + 1:i + 4], topic) else None
    return None


def _standing_against(text: str, at: int, negative: bool, topic: frozenset) -> str | None:
    """After a refusal, what says it is a refusal to stand against something ("will not block", "would not stand
    in the way of it", "would not accept any attempt to undermine the stations"): for a demand that something not
    happen, only when standing against is that thing."""
    attempt = _ATTEMPT.match(text, at)
    start = attempt.end() if attempt else at
    after = _next_words(text, start)
    against, undermined = after[:1], after[1:4]  # what is undermined: the demand, not the speaker's own ("its rights")
    undermining = attempt is not None and against and (
        _UNDERMINING.fullmatch(against[0]) or _CALLED_IN_QUESTION.match(text, start)) and (
        _names(undermined, topic) or (undermined[:1] and undermined[0].lower() in ("it", "them", "this", "that")))
    if against and (_OPPOSING.fullmatch(against[0]) or undermining) and (not negative or topic & _OPPOSING_STEMS):
        return " " + " ".join([*text[at:start].split(), against[0]])
    in_the_way = _IN_THE_WAY.match(text, at) if not negative else None
    return in_the_way.group() if in_the_way else None


# Refusals whose subject is the thing refused ("X has no place in ...", "regarded X as unacceptable")
_JUDGED = EN.pattern("stance_judged", "(?:", ")", re.I)


def undoing(title: str) -> bool:
    """Whether a demand's title asks that something be undone ("tolls lifted", "troops pulled back")."""
    return bool(_UNDONE.search(title) or _PULLED_BACK.search(title))


def _held_out_for(text: str, topic: frozenset) -> str | None:
    """A refusal held until the demand is met: the words after its condition ("without", "unless", "until")
    name the demand, in the same sentence and after the refusal, and do not undo it."""
    refusal = REFUSE.search(text)
    if not refusal:
        return None
    stop = re.search(r"[.;!?]", text[refusal.end():])
    sentence_end = refusal.end() + stop.start() if stop else len(text)
    for m in _CONDITION.finditer(text, refusal.end(), sentence_end):
        condition = text[m.end():m.end() + 80]
        words = _next_words(text, m.end())
        if _names(words, topic) and not _UNDONE.search(" ".join(re.findall(r"[A-Za-z]+", condition)[:8])):
            return f"{refusal.group()} ... {m.group()}"
    return None


_IF_FIRST = re.compile(r"(?:^|[.;:\u201c\"]\s*)\W*(?:if|once|provided|providing|as long as|should)\b[^.;]*,\s*[^,.;]*$",
                       re.I)  # a conditional clause opening the sentence, right before the commitment


# a condition later in the same sentence ("would stop fighting if relief arrived"); "even if" concedes, "as if" compares
_IF_AFTER = re.compile(r"[^.;!?]*?(?<!\beven )(?<!\bas )\b(?:if|provided|providing|so long as|as long as|on condition)\b",
                       re.I)


def _committed(text: str, asks: frozenset, topic: frozenset = frozenset()) -> str | None:
    """A promise or report of doing one of the demand's words ("would buy more timber"), not negated; in the passive
    ("the tolls were lifted"), of something the demand names ("the threat has been removed" is another thing)."""
    for m in COMMIT.finditer(text):
        if _negated(text, m.start()) or stem(m.group("verb").split()[-1]) not in asks:
            continue
        if m.group("passive") and not _names(_words_before(text, m.start())[-3:], topic | asks):
            continue
        return m.group()
    return None


_PRESS = re.compile(r"\b(?:should|must|needs?\s+to|has\s+to|have\s+to|ought\s+to|"
                    r"(?:urg|call|press|push|ask)(?:e|es|ed|ing|s)?\s+(?:[\w'\u2019]+\s+){0,4}?to)\s+"
                    r"(?:(?:still|also|now|first|immediately|quickly|finally)\s+)?(?:be\s+)?([a-z]+)", re.I)


def _pressed(text: str, asks: frozenset) -> str | None:
    """Pressing for one of the demand's words ("should be lifted", "urged Borvania to open"), not negated."""
    for m in _PRESS.finditer(text):
        if not _negated(text, m.start()) and stem(m.group(1)) in asks:
            return m.group()
    return None


_VALUED = re.compile(r"\b(?:is|are|was|were|remains?|remained)\s+(?:an?\s+|the\s+)?(?:very\s+|most\s+|so\s+|particularly\s+|really\s+)?"
                     r"(?:important|essential|crucial|vital|indispensable|key|critical|necessary)\b", re.I)


_CLAUSE_MARKS = ",;:.!?\u2013\u2014"  # the punctuation that ends a clause, for the rules that read one clause
_CLAUSE_END_RX = re.compile(f"[{_CLAUSE_MARKS}]")
# Words of speaking well of something, in a clause with a word of the demand and not negated.
_PRAISE = EN.word_pattern("stance_praise", re.I)


def _praised(text: str, topic: frozenset) -> str | None:
    """A word of speaking well, not negated, in a clause with a word of the demand."""
    before = ""
    for clause in re.finditer(f"[^{_CLAUSE_MARKS}]+", text):
        m = _PRAISE.search(clause.group())
        # "..., which he said was indispensable": a relative clause speaks of the clause before it
        words = clause.group() + (" " + before if re.match(r"\s*which\b", clause.group(), re.I) else "")
        if m and not _negated(clause.group(), m.start()) and _names(re.findall(r"[A-Za-z]+", words), topic):
            return m.group()
        before = clause.group()
    return None


def _valued(text: str, asks: frozenset) -> str | None:
    """The demand's words, then "is important / essential / vital": valuing what the demand asks, not negated."""
    for m in _VALUED.finditer(text):
        if not _negated(text, m.end()) and _names(_words_before(text, m.start())[-8:], asks):
            return m.group()
    return None


def _topic_word(cue: str, topic: frozenset, written: frozenset = frozenset()) -> bool:
    """Whether a cue is the demand's own words: all of them are, or all its content words are among `written` (for a
    refusal, the words of the demand's title or cues as written: "the right to" of a right of return, not "ready
    to" of "combat readiness"); one with a negation is a view ("not accept")."""
    if all(stem(w) in topic for w in re.findall(r"[a-z]+", cue.lower())):
        return True
    found = vocabulary.words(cue)
    return bool(found) and not _NEGATION.search(cue) and all(vocabulary.surface_stem(w) in written for w in found)


_NEGATION = re.compile(r"\b(?:" + EN.alternation("negations") + r")\b|n't\b", re.I)


LOOK_BACK = 200  # characters: the few words before a cue that its readers look at (at most eight)


def _clause_before(text: str, at: int) -> str:
    """The text of `at`'s clause before it, of its last LOOK_BACK characters: read for every cue in a sentence, the
    whole clause would make a long one's cost grow with its square."""
    return _CLAUSE_END_RX.split(text[max(0, at - LOOK_BACK):at])[-1]


def _clause_after(text: str, at: int) -> str:
    """The text of `at`'s clause after it."""
    return _CLAUSE_END_RX.split(text[at:], maxsplit=1)[0]


def _words_before(text: str, at: int) -> list[str]:
    """The words of `at`'s clause before it, as words ("the threat has been" before "removed")."""
    return re.findall(r"[A-Za-z]+", _clause_before(text, at))


def _negated(text: str, at: int) -> bool:
    """An agreeing word with a negation in the six words before it, in its clause ("no leader could ever agree")."""
    before = re.findall(r"[\w']+", _clause_before(text, at))[-6:]
    return any(_NEGATION.fullmatch(w) or w.lower().endswith("n't") for w in before)
