"""Linking a statement to the issues it speaks to, each with a stance, a confidence and a reason.

Nothing here knows a negotiation: an issue is known by what an editor wrote
(its title, counted twice, its description, its cue phrases), by a general
model of meaning, and by the statements editors confirmed.

- Words: the issue's stems, weighted by how rare they are among the
  negotiation's issues; party names and the negotiation's own name weigh
  little (every statement names a party, and the name is what all issues are
  about). A link needs two of the issue's words, or one that carries it alone.
- Meaning: a statement's word that is not the issue's but means it
  ("soldiers" for "troops") counts in part, by the cosine of their vectors
  (`meaning.py`). The whole statement's meaning (the sentence model) decides
  where words left it open: a statement linked to nothing takes the issue its
  sentence means clearly more than any other ("every nation picks its own
  partners"), and of several issues linked by words alone, those it means
  much less than the closest one are dropped.
- Cues: an editor's phrase links on its own (its words in order, any
  endings, at most two words apart).
- Examples: statements like ones editors confirmed vote for the issues those
  were linked to and against the others (`examples.py`), and words editors'
  statements keep using for an issue join its words.
- Choice: a word shared by several issues goes to the one the statement (or
  one of its clauses) speaks to most; the others must score at least
  RUNNER_UP_RATIO of it and have a word of their title or cues it lacks.
- Last word: a model fitted on many negotiations' gold weighs all these
  signals together for every issue (`weighing`, `_weighed`): it links an
  issue it finds likely and drops a link it finds very unlikely.

A statement that answers an earlier one ("rejected the demands") takes the
issues that statement demanded, with its own stance; a quote carried on from
an earlier statement takes that statement's issues; one that only points back
("the offer", "it") takes those of the statement or passage before it. Every
link says why.
"""
from __future__ import annotations

import dataclasses
import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from typing import ClassVar, NamedTuple

import numpy as np

from . import examples, meaning, names, vocabulary, weighing
from . import stance as stances
from .lexicon import EN
from .types import Context, Found, FoundLink
from .vocabulary import concepts, stem

THRESHOLD = 4.0  # chosen on the three dev sets together (see docs/linking.md)
SINGLE_WORD_THRESHOLD = 4.0  # one concept alone (party names aside) must reach this by itself ...
SINGLE_WORD_WITH_CUES = 6.0  # ... or this, for an issue whose editor named its phrases (cues say more than one word)
SINGLE_WORD_OWNER = 0.8  # ... or this share of it, from the party whose demand it is (it names its own demand)
CUE_SCORE = 4.0
CUE_TIE = 0.1  # between two issues an editor's phrase links to, their other words decide
CUE_WINDOW = 4  # a cue's words in any form link when this close (in content words); as written, 2 words apart
PARTY_WEIGHT = 0.25
RUNNER_UP_RATIO = 0.7  # an issue is linked when it scores at least this share of the best one
MAX_LINKS = 3
EXAMPLE_WEIGHT = 6.0  # a unanimous vote of identical confirmed statements: a cue and a half
EXAMPLE_STANCE_SIMILARITY = 0.6  # this alike, a confirmed statement of the same party gives its stance
NEAR_SIMILARITY = 0.6  # cosine of word vectors from which two words mean the same for linking
# The sentence model (chosen on the fifteen sets together, docs/linking.md): a statement linked to nothing takes the
# issue its sentence is this close to (cosine with the issue's title, description or a cue) and this far ahead of the
# next; of several links, one held by words alone (not a cue, under MEANT_KEEP_WORDS) this far below the closest link
# is dropped.
MEANT_LINK, MEANT_MARGIN, MEANT_PRUNE = 0.55, 0.10, 0.10
# ... or, failing that, the issue it means this much and this far ahead when what its words say in context counts as
# much as the sentence as a whole (`_covered`): a statement saying one issue's several words in other words.
COVERED_LINK, COVERED_MARGIN = 0.68, 0.13
# A link taken from the text around a statement (pointing back, a passage) is dropped when the statement itself means
# another issue this much more.
MEANT_REFERRED = 0.2
# A statement's one link held by words alone, under MEANT_WEAK_WORDS, is dropped when the statement means another
# issue this much more.
MEANT_ELSEWHERE, MEANT_WEAK_WORDS = 0.15, 6.0
# A side with no word of its view of a demand takes the stance the demand's description gives the statements its
# sentence is this close to (cosine), and this much closer than to any giving another stance (`_as_described`).
DESCRIBED_LEAST, DESCRIBED_MARGIN = 0.3, 0.15
MEANT_KEEP_WORDS = 10.0  # words this strong (a title's main words, several times) keep a link whatever it means
_REFERRED = ("refers back", "points back", "answers an earlier", "continues an earlier", "in a passage")
NEAR_WEIGHT = 0.5  # a near word counts NEAR_FLOOR of the issue's word at the threshold ...
NEAR_FLOOR = 0.3  # ... and NEAR_FLOOR + NEAR_WEIGHT at identical meaning
# One main word (in its title, or twice in its description) of an issue without cues says more the rarer it is in
# English ("sanctions", "invade") than a common one ("later", "border"): up to RARE_BOOST more, from rank
# COMMON_RANK to RARE_RANK in the model's vocabulary.
COMMON_RANK, RARE_RANK, RARE_BOOST = meaning.COMMON_RANK, 15000, 0.3
# Names of organisations and formats ("Organisation for Water Safety in the Basin",
# "Joint Water Dialogue") and the topic of talks ("talks on X") say nothing about a position.
PROPER_NAME = re.compile(r"\b[A-Z][\w-]*(?:\s+(?:for|of|and|on|in|the)\s+[A-Z][\w-]*|\s+[A-Z][\w-]*){2,}|"
                         r"\b[A-Z][\w-]*\s+(?:for|of|on)\s+(?:the\s+)?[A-Z][\w-]*")
TALKS_TOPIC = re.compile(r"\b(?:talks|negotiations|consultations|dialogue)\s+(?:on|about|over)\s+(?:the\s+)?(?:[\w-]+\s+){0,1}[\w-]+|"
                         r"\b[\w-]+\s+[\w-]+(?=\s+(?:talks|negotiations|consultations)\b)", re.I)


@dataclass(frozen=True)
class Cue:
    """An editor's phrase for an issue, with what finds it in a text."""

    text: str
    pattern: re.Pattern  # its words in order, as written (any endings)
    roots: tuple  # the pattern's literal word starts: a text without one of them cannot match it
    one_word: frozenset  # a one-word cue's concept, matched in any form
    words: tuple  # its concepts (party names aside), for the words in any form close together
    evidence: frozenset  # what it tells about the issue (its concepts)
    stems: tuple = ()  # the stems of its words as written, each a prefix of the word (`said`)

    def found(self, text: str, lowered: str, words: set, sequence: tuple) -> bool:
        if all(root in lowered for root in self.roots) and self.said(text):
            return True
        if self.one_word and self.one_word <= words and _as_named(self, text):
            return True
        return len(self.words) > 1 and words.issuperset(self.words) and _cue_nearby(self.words, sequence)

    def said(self, text: str) -> bool:
        """The cue as written, each word in a form of its own: "committees" is not found in "committed", another
        word its letters begin; "inspectors" is found for "inspections"."""
        for m in self.pattern.finditer(text):
            found = [vocabulary.surface_stem(w.lower()) for w in re.findall(r"[\w']+", m.group())]
            if all(any(f.startswith(root) for f in found) for root in self.stems):
                return True
        return False


@dataclass(frozen=True)
class Profile:
    slug: str
    owner: str
    weights: dict  # concept -> weight in this issue
    cues: tuple  # Cue, ...
    targets: frozenset  # the party the demand is made of (the first named in the title)
    negative: bool  # the demand is that something does not happen ("does not invade")
    undoes: bool = False  # the demand is that something be undone ("tolls lifted", "troops withdrawn")
    beneficiaries: frozenset = frozenset()  # other parties its title names ("... does not invade Borvania")
    own_words: frozenset = frozenset()  # its words that are no party's (set once the index knows the parties)
    cue_words: frozenset = frozenset()  # the words of its cues
    telling_words: frozenset = frozenset()  # its own words of its title or cues (what it asks, said briefly)
    written: frozenset = frozenset()  # its title's and cues' words as written (surface stems: "right", "readiness")


@dataclass(frozen=True)
class Index:
    profiles: tuple
    idf: dict
    party_concepts: frozenset
    sides: frozenset
    party_rx: re.Pattern
    party_lookup: dict
    issue_concepts: frozenset  # every concept of every issue
    token_of: dict  # lower-cased party name -> the token it becomes
    concept_words: tuple  # the issues' concepts that have a word vector ...
    concept_matrix: np.ndarray  # ... and those vectors, one a row
    examples: examples.Examples  # what editors confirmed
    rarity: dict  # concept -> 1 .. 1 + RARE_BOOST, how uncommon its word is in English
    mediators: frozenset = frozenset()  # the parties the negotiation's description names as go-betweens
    # issue -> ((day, round slug, parties at the round), ...) of the rounds that concluded it
    concluded: dict = dataclasses.field(default_factory=dict)
    camps: dict = dataclasses.field(default_factory=dict)  # (party, owner) -> "with" / "against" (`_camps`)
    # issue -> (stances, what counts as each, their sentence vectors): the stances its description states
    described: dict = dataclasses.field(default_factory=dict)
    principals: frozenset = frozenset()  # the sides the negotiation's description names (`names.principals`)

    def profile(self, slug: str) -> Profile | None:
        """The issue's profile (None for an issue the index does not know)."""
        return next((p for p in self.profiles if p.slug == slug), None)


# "it", "this question", "the offer": a statement that names no demand but points back at what was just said.
_DOCUMENT = (r"(?:offer|issue|question|matter|problem|subject|point|text|draft|document|arrangement|idea|solution|"
             r"demand|request|proposal|plan|letter|paper|deal|agreement)")
_NOT_A_DETERMINER = r"(?!(?:an?|on|in|at|of|for|any|no|every|some)\s)"
_POINTS_BACK = re.compile(
    r"\b(?:to|on|with|about|of|accept|reject|support|oppose|sign|approve|back|call(?:ed|s)?|brand(?:ed|s)?|"
    r"describ(?:ed|es)|welcom(?:ed|es)|dismiss(?:ed|es)|critici[sz](?:ed|es))\s+(?:it|this|that)\b(?![\w-])"
    r"(?!\s+(?:the|an?|we|they|he|she|it|i|you|there|no|any|our|their|his|her|its|some|every|all)\b)|"  # "accept that the"
    # "some of them", "would sign them"; not "talking to them", more often people than what was said
    r"\b(?:of|accept|reject|support|oppose|sign|approve)\s+them\b|"
    # "this offer", "such a request"; not "this matters" ("this" and "that" take no plural: a verb) nor a clause that
    # "that" opens ("said that an agreement was near", "optimistic that agreement would be reached")
    r"\b(?:this|such an?)\s+" + _NOT_A_DETERMINER + r"(?:[a-z]+\s+)?" + _DOCUMENT + r"\b|"
    r"\bthat\s+" + _NOT_A_DETERMINER + r"(?:[a-z]+\s+)?" + _DOCUMENT + r"\b(?!\s+(?:would|will|could|can|"
    r"should|might|may|must|had|has|is|was|were)\b)|"
    r"\bthe\s+(?:offer|proposals?|plans?|idea|draft|demands?|request|letter|paper)\b|"
    # "said it was 'below our expectations'": "it" the subject of a judgement, not of "it is time to ..."
    r"(?:^|\b(?:said|says|called|added|stated|noted|told\s+\w+)\s+(?:that\s+)?)(?:it|this|that)\s+(?:is|was|would\s+be|"
    r"will\s+be|had\s+been|has\s+been|remains|remained)\b(?!\s+(?:[\w\u201c\u201d\"]+\s+){0,3}?(?:to|that|for|whether|if|how|"
    r"what|when|why)\b)", re.I)
CARRY_DISTANCE = 600  # characters between two statements of one passage
PASSAGE_BONUS = 1.5  # what a passage on an issue adds to a statement's own words of it (chosen on the nine sets)


def link_statements(found: list[Found], *, context: Context, text: str = "", weigh: bool = True) -> None:
    """Link every statement of a text; one that names no demand but points back ("No leader could agree to it")
    takes the demands of the same side's statement just before it in the same passage, with a stance of its
    own, or, with no such statement, the one the text just before it speaks to most ("Borvania's plan for the
    barges ... Wielgosz said the offer was not sufficient": another side's statement may speak to several);
    one still linked to nothing, the issue of its passage it has a word of (`_passage_links`). Last, the link
    model weighs what all these found (`_weighed`; `weigh=False` leaves the rules' links, to learn from)."""
    previous = None
    for statement in found:
        statement.links = link_statement(statement, context=context)
        points_back = (not statement.links and statement.party_code
                       and _POINTS_BACK.search(statement.claim or statement.text))
        near = previous is not None and 0 <= statement.start - previous.end <= CARRY_DISTANCE
        if not statement.links and statement.asked and statement.party_code:  # an answer speaks to its question
            statement.links = _from_text_before(statement, statement.asked, _index(context), "answers the question")
        elif points_back and near and previous.links and previous.party_code == statement.party_code:
            statement.links = _carried(statement, previous, _index(context))
        elif points_back and text:
            before = text[max(0, statement.start - CARRY_DISTANCE):statement.start]
            statement.links = _from_text_before(statement, before, _index(context))
        if statement.links or statement.party_code:
            previous = statement
    _passage_links(found, _index(context))
    _by_meaning(found, context)
    if weigh:
        _weighed(found, context)


def _weighed(found: list[Found], context: Context) -> None:
    """The link model's last word (`weighing`): a link it finds unlikely goes, unless editors' confirmed statements
    voted for it; an issue it finds likely is linked, the likeliest first, up to MAX_LINKS, when the statement's
    words say its stance, or, for a third party, when the model is sure (`_added_stance`)."""
    model = weighing.model()
    if model is None:
        return
    index = _index(context)
    around = Around.of(found)
    for at, statement in enumerate(found):
        if not statement.party_code:
            continue
        scored = _every_score(statement, index)
        if _settled(statement, scored):
            continue
        likely = dict(zip(scored, model.probabilities(
            _features(statement, scored, context, around.at(at))).tolist()))
        decisions = {}

        def stance_of(slug: str, is_sure: bool) -> bool:
            decisions[slug] = _added_stance(statement, scored[slug], index, is_sure)
            return decisions[slug] is not None

        chosen = model.choose(likely, [link.issue_slug for link in statement.links], stance_of, MAX_LINKS,
                              keep={link.issue_slug for link in statement.links if _taught(link)})
        links = [link for link in statement.links if link.issue_slug in chosen]
        for slug in chosen:
            if slug in decisions:  # added: the rules' links are kept as they were
                decision = decisions[slug]
                why = scored[slug].why if scored[slug].words > 0 else "no word of it"
                links.append(FoundLink(slug, decision.stance, round(likely[slug] * (0.5 + decision.confidence / 2), 3),
                                       link_reason(f"likely by all signals ({likely[slug]:.2f}): {why}", decision)))
        statement.links = links


def _added_stance(statement: Found, found: Scored, index: Index, is_sure: bool = False) -> stances.Decision | None:
    """The stance of a link the model adds, read as for any link (its clause; a yes and a no in two clauses is
    open), or None when no word of the statement says it: a side's default stance, given by who it is, is no ground
    for a link no rule made (`stance.by_default`), nor is the owner's "demands" where no word of the issue is said.
    A third party with no word of its view takes no position (`stance.decide`), unless the model is sure the
    statement speaks to the issue (`is_sure`) and a word of the issue is said: then it takes it up
    (`stance.taken_up`). (Letting the model's
    sureness admit the other defaults too, a side's silence, a camp, a mediator, added no link that was right.)"""
    profile, party, day = found.profile, statement.party_code, statement.stated_on
    decision = _decide(_clause_for(statement.text, profile, index), party, profile, index, day)
    if decision is not None and _mixable(decision):
        decision = _mixed(decision, _clauses(statement.text, index, party), party, profile, index, day)
    if decision is None and is_sure and found.evidence:
        return stances.taken_up(party, profile.owner)
    if decision is None or stances.by_default(decision) or (party == profile.owner and not found.evidence):
        return None
    return decision


_TAUGHT = re.compile(r"\blike confirmed statements \(vote \+|\bas in confirmed statement #")


def _taught(link: FoundLink) -> bool:
    """A link editors' confirmed statements voted for (or gave the stance of): the model does not undo it."""
    return bool(_TAUGHT.search(link.reason))


def _settled(statement: Found, scored: dict[str, Scored]) -> bool:
    """One link its own words make strongly (a cue, or words over MEANT_WEAK_WORDS) and no word of any other issue:
    the model would change nothing, and the sentence model (a few milliseconds a statement) is spared."""
    if len(statement.links) != 1 or not statement.links[0].reason.startswith(("cue", "words")) \
            or _by_words_alone(statement.links[0]):
        return False
    held = statement.links[0].issue_slug
    return not any(found.evidence for slug, found in scored.items() if slug != held)


def candidates(statement: Found, context: Context, around: "Around.At | None" = None) -> tuple[dict[str, Scored], np.ndarray]:
    """What the linker's stages found of each issue in a statement, as the link model's features
    (`weighing.FEATURES`, one row an issue): its words, cue, meaning, whether and how the rules linked it, and how
    the rules linked the rest of its article (`around`: `Around.of(found).at(i)` for the i-th statement, `found`
    linked by the rules alone, as `_weighed` reads them; without it, the statement is read as alone)."""
    scored = _every_score(statement, _index(context))
    return scored, _features(statement, scored, context, around or Around.of([statement]).at(0))


@dataclass(frozen=True)
class Around:
    """How the rules linked an article's statements, read before the model changes any: what an article is about
    tells which of a statement's near issues it speaks to."""

    linked: tuple[frozenset, ...]  # each statement's issues
    counts: dict  # issue -> how many of the article's statements are linked to it
    FEW: ClassVar[int] = 2

    @classmethod
    def of(cls, found: list[Found]) -> "Around":
        linked = tuple(frozenset(link.issue_slug for link in f.links) for f in found)
        return cls(linked, Counter(slug for slugs in linked for slug in slugs))

    @dataclass(frozen=True)
    class At:
        share: dict  # issue -> how many of the article's other statements are linked to it, / (their number + FEW)
        beside: frozenset  # the issues of the statements just before and after

    def at(self, i: int) -> "Around.At":
        others = len(self.linked) - 1 + Around.FEW  # a short article's few statements say little of what it is about
        own = self.linked[i]
        share = {slug: (n - (slug in own)) / others for slug, n in self.counts.items()}
        beside = frozenset().union(*(self.linked[j] for j in (i - 1, i + 1) if 0 <= j < len(self.linked)))
        return self.At(share, beside)


def _every_score(statement: Found, index: Index) -> dict[str, Scored]:
    """What the statement's words say of every issue, short of the threshold too: what the model weighs."""
    return _scored(statement.claim or statement.text, index, [], statement.party_code, least=-math.inf)


def _features(statement: Found, scored: dict[str, Scored], context: Context, around: Around.At) -> np.ndarray:
    """The rows of `candidates`, from the statement's words scored for every issue (`_scored`)."""
    leaders = _leaders({slug: s for slug, s in scored.items() if s.score >= THRESHOLD})
    meanings = _issue_meanings(context)
    meant = _meant(statement.text, meanings) if meanings else {}
    covered = _covered(statement.text, meanings) if meanings else {}
    words = {slug: found.words for slug, found in scored.items()}
    # each issue's best rival: the best of the others (the runner-up's, for the best one); of a negotiation's one
    # issue, itself (nothing stands out from the others: no margin)
    heaviest, meant_other, covered_other = _rivals(words, 0.0), _rivals(meant, None), _rivals(covered, None)
    reasons = {link.issue_slug: link.reason for link in statement.links}
    rows = []
    for slug, found in scored.items():
        profile = found.profile
        cue = found.why.startswith("cue")
        reason = reasons.get(slug, "")
        m, c = meant.get(slug, 0.0), covered.get(slug, 0.0)
        rows.append((
            1.0, found.score / 10 if found.score >= THRESHOLD else 0.0, math.log1p(max(found.words, 0.0)), cue,
            slug in leaders, found.score >= THRESHOLD, not cue and len(found.evidence) == 1,
            m, m - meant_other.get(slug, 0.0), c, c - covered_other.get(slug, 0.0),
            found.words > 0 and found.words >= heaviest[slug],
            statement.party_code == profile.owner, statement.party_code in profile.targets,
            statement.party_code in profile.beneficiaries, min(len(found.evidence), 4) / 4,
            slug in reasons, reason.startswith("means"), reason.startswith(_AROUND),
            math.log(len(scored)), bool(statement.refers_kind), len(statement.text) / 300,
            bool(meant) and m >= meant_other[slug], bool(covered) and c >= covered_other[slug],
            found.words / max(heaviest[slug], found.words, 1e-9), len(reasons) / 3, bool(statement.asked),
            around.share.get(slug, 0.0), slug in around.beside,
        ))
    return np.array(rows, dtype=float).reshape(len(rows), len(weighing.FEATURES))


def _rivals(values: dict[str, float], alone: float | None) -> dict[str, float]:
    """For each key, the best value among the others (the runner-up's for the best one): two passes, not a scan per
    key. With one key, `alone`, or its own value when None."""
    if len(values) < 2:
        return {k: v if alone is None else alone for k, v in values.items()}
    (first, best), (_, second) = sorted(values.items(), key=lambda item: -item[1])[:2]
    return {k: second if k == first else best for k in values}


_AROUND = ("refers back", "points back", "answers", "continues an earlier", "in a passage")  # links from the text around

def _by_meaning(found: list[Found], context: Context) -> None:
    """Where words left it open, the statement's meaning as a sentence decides (see MEANT_LINK): a link taken from the
    text around it (pointing back, a passage) goes when the statement itself means another issue much more; a
    statement linked to nothing takes the issue it clearly means, as a whole or, failing that, word by word too
    (COVERED_LINK); and links held by words alone that it means much less than its closest link are dropped ("the
    barges" named in a statement on the dams upstream), as is a lone link held by a few words when the statement
    means another issue much more (MEANT_ELSEWHERE), which it then takes if it means it clearly."""
    meanings = _issue_meanings(context)
    if not meanings:
        return
    index = _index(context)
    for statement in found:
        if not statement.party_code:
            continue
        referred = [link for link in statement.links if link.reason.startswith(_REFERRED)]
        lone = statement.links[0] if len(statement.links) == 1 and not referred else None
        if lone is not None and not _by_words_alone(lone):
            continue
        meant = _meant(statement.text, meanings)
        if lone is not None:  # its words name one issue weakly: it goes when its sentence means another much more,
            # and the statement is then linked as one its words left open
            elsewhere = max((v for k, v in meant.items() if k != lone.issue_slug), default=0.0)
            if elsewhere - meant.get(lone.issue_slug, 0.0) < MEANT_ELSEWHERE:
                continue
            statement.links = []
            meant = {k: v for k, v in meant.items() if k != lone.issue_slug}  # not the issue its words named weakly
        if referred:  # taken from the text around it: not when the statement itself means another issue much more
            most = max(meant.values(), default=0.0)
            statement.links = [link for link in statement.links if link not in referred
                               or meant[link.issue_slug] >= most - MEANT_REFERRED]
        if not statement.links:
            slug, best = _clearly(meant, MEANT_LINK, MEANT_MARGIN)
            how = "close to its texts"
            if slug is None:
                covered = _covered(statement.text, meanings)
                slug, best = _clearly({k: (v + covered[k]) / 2 for k, v in meant.items()}, COVERED_LINK, COVERED_MARGIN)
                how = "close to its texts, word by word too"
            if slug is None:
                continue
            profile = index.profile(slug)
            decision = _decide(statement.text, statement.party_code, profile, index, statement.stated_on)
            if decision is not None:
                statement.links = [FoundLink(slug, decision.stance, 0.3,
                                             link_reason(f"means it: {best:.2f} {how}", decision))]
            continue
        if len(statement.links) < 2:
            continue
        closest = max(meant[link.issue_slug] for link in statement.links)
        statement.links = [link for link in statement.links if link.reason.startswith("cue")
                           or meant[link.issue_slug] >= closest - MEANT_PRUNE or link.words >= MEANT_KEEP_WORDS]


def _by_words_alone(link: FoundLink) -> bool:
    """A link the statement's words alone made, and weakly: no cue, no confirmed statement voted for it."""
    return (link.reason.startswith("words ") and "confirmed statements" not in link.reason
            and link.words < MEANT_WEAK_WORDS)


@dataclass(frozen=True)
class Meanings:
    """Each issue's texts (title, description, cues) as the sentence model reads them."""

    slugs: tuple  # the issue of each text
    vectors: np.ndarray  # the texts' sentence vectors, one text a row
    pieces: np.ndarray  # all the texts' content word pieces, one piece a row, text after text
    starts: np.ndarray  # where each text's pieces begin in `pieces`


@lru_cache(maxsize=16)
def _issue_meanings(context: Context) -> Meanings | None:
    """The negotiation's issues as the sentence model reads them, once per context; None without the model."""
    model = meaning.sentences()
    if model is None:
        return None
    texts = [(issue.slug, model.read(t)) for issue in context.issues
             for t in (issue.title, issue.description, *issue.cues) if t.strip()]
    if not texts:
        return None
    sizes = [len(reading.pieces) for _, reading in texts]
    return Meanings(tuple(slug for slug, _ in texts), np.vstack([reading.vector for _, reading in texts]),
                    np.vstack([reading.pieces for _, reading in texts]), np.cumsum([0, *sizes[:-1]]))


def _meant(text: str, meanings: Meanings) -> dict[str, float]:
    """How close the text is to each issue: the cosine of its sentence vector with the closest of the issue's texts
    (what the two are about as a whole)."""
    return _closest(meanings.slugs, meanings.vectors @ meaning.sentences().text(text))


def _covered(text: str, meanings: Meanings) -> dict[str, float]:
    """How much of what each issue says the text says: each content word of the issue's text with the text's word
    closest to it in context, their mean cosine, for the issue's text it covers best."""
    best = (meanings.pieces @ meaning.sentences().read(text).pieces.T).max(axis=1)
    return _closest(meanings.slugs, np.add.reduceat(best, meanings.starts) / np.diff([*meanings.starts, len(best)]))


def _closest(slugs: tuple, values: np.ndarray) -> dict[str, float]:
    """The best value of each issue's texts."""
    found = {}
    for slug, value in zip(slugs, values.tolist()):
        found[slug] = max(found.get(slug, -1.0), value)
    return found


def _clearly(meant: dict[str, float], least: float, margin: float) -> tuple[str | None, float]:
    """The issue meant at least `least` and `margin` more than any other, with how much; (None, 0) if none is."""
    if not meant:
        return None, 0.0
    (slug, best), *others = sorted(meant.items(), key=lambda item: -item[1])
    if best < least or best - max((value for _, value in others), default=0.0) < margin:
        return None, 0.0
    return slug, best


def _passage_links(found: list[Found], index: Index) -> None:
    """A statement linked to nothing takes an issue a statement next to it in the passage is linked to on its
    own words or cue, when it has a word of that issue too, short of a link alone (PASSAGE_BONUS): "the building
    must stop" after a statement on the dams upstream on the Varta. A topic holds through a passage."""
    strong = [{l.issue_slug for l in f.links if l.reason.startswith(("cue", "words"))} for f in found]
    for i, statement in enumerate(found):
        if not statement.party_code or statement.links:
            continue
        near = set()
        for j in (i - 1, i + 1):
            if 0 <= j < len(found) and abs(found[j].start - statement.start) <= CARRY_DISTANCE:
                near |= strong[j]
        text = statement.claim or statement.text
        plain = _party_tokens(text, index.party_rx, index.token_of)
        seq = concepts(plain)
        soft = _near_words(plain, index)
        for profile in index.profiles:
            if profile.slug not in near:
                continue
            score, why, evidence = _score(set(seq), profile, index, text, soft, seq)
            if score + PASSAGE_BONUS < THRESHOLD or not evidence:
                continue
            decision = _decide(statement.text, statement.party_code, profile, index, statement.stated_on)
            if decision is None:
                continue
            statement.links.append(FoundLink(profile.slug, decision.stance, 0.4,
                                             link_reason(f"in a passage on it: {why}", decision)))


def _from_text_before(statement: Found, before: str, index: Index, how: str = "refers back to the text before it") -> list[FoundLink]:
    """The one demand the passage before a statement speaks to most, for a statement that refers back to it."""
    scored = _scored(before, index, [])
    slug = min(_leaders(scored), key=lambda slug: (-scored[slug][0], slug), default=None)
    if slug is None:
        return []
    _, profile, why, *_ = scored[slug]
    decision = _decide(statement.text, statement.party_code, profile, index, statement.stated_on)
    if decision is None:
        return []
    return [FoundLink(slug, decision.stance, 0.35,
                      link_reason(f"{how}: {why}", decision))]


def link_reason(why: str, decision: stances.Decision) -> str:
    """A link's reason: what links it, then its stance and what it was read from (read back by `stated_by_words`
    and, for a stance given by who speaks, `stance.silenced`)."""
    return f"{why}; {decision.stance}: {decision.cue}"


REASON_LENGTH = 300  # characters a stored reason keeps (StatementLink.reason's max_length)


def stored_reason(reason: str) -> str:
    """A link's reason as stored: a long one loses words of what links it, never its stance part, which the
    whole negotiation's re-read looks for (`stance.silenced`)."""
    if len(reason) <= REASON_LENGTH:
        return reason
    links, sep, read = reason.rpartition("; ")
    if not sep:
        return reason[:REASON_LENGTH]
    return f"{links[:max(0, REASON_LENGTH - len(read) - 2)]}; {read}"[-REASON_LENGTH:]


def stated_by_words(reason: str, stance: str) -> bool:
    """Whether a link's stance was read from a cue in the speaker's words, by the reason `link_reason` wrote."""
    return reason.rsplit("; ", 1)[-1].startswith(f"{stance}: cue ")


def restanced(reason: str, decision: stances.Decision) -> str:
    """A link's reason with its stance read again: what links it stays."""
    return link_reason(reason.rsplit("; ", 1)[0], decision)


def _decide(text: str, party: str, profile: Profile, index: Index, day=None) -> stances.Decision | None:
    """The stance `party` takes in `text`, said on `day`, on the issue of `profile`."""
    # a round that concluded the demand before the statement, among those the speaker's party was at (an accord
    # binds those who made it: a side not at the table does not keep to it)
    concluded = next((slug for on, slug, at in reversed(index.concluded.get(profile.slug, ()))
                      if day and on <= day and (not at or party in at)), "")
    decision = stances.decide(text, speaker_party=party, owner=profile.owner, sides=index.sides - index.mediators,
                              targets=profile.targets, negative=profile.negative, undoes=profile.undoes,
                              topic=profile.own_words,
                              asks=profile.telling_words, written=profile.written, mediators=index.mediators,
                              concluded=concluded, beneficiary=party in profile.beneficiaries,
                              camp=index.camps.get((party, profile.owner)), principals=index.principals)
    if decision is not None and stances.silenced(decision.cue):
        # no word of its view: as the editor describes
        return _as_described(text, profile.slug, index) or decision
    if decision is not None and decision.cue.startswith(stances.DENIES):  # a denial: as the editor counts denials
        described = _as_described(text, profile.slug, index)
        return described if described is not None and _DENIALS.search(described.cue) else decision
    return decision


_DENIALS = re.compile(r"\b(?:denial|deni|deny|dismiss|refut|rejects?\s+(?:the\s+)?claims?)", re.I)


def _as_described(text: str, slug: str, index: Index) -> stances.Decision | None:
    """The stance the issue's description gives a statement like this one ("offers of a review ... are open"): that of
    its closest clause, when close enough and clearly closer than any clause giving another stance."""
    described = index.described.get(slug)
    if not described:
        return None
    kinds, texts, vectors = described
    closeness = vectors @ meaning.sentences().text(text)
    best = int(np.argmax(closeness))
    other = max((c for c, kind in zip(closeness.tolist(), kinds) if kind != kinds[best]), default=DESCRIBED_LEAST)
    if closeness[best] < DESCRIBED_LEAST or closeness[best] - other < DESCRIBED_MARGIN:
        return None
    return stances.Decision(kinds[best], 0.5, f"as its description reads: '{texts[best][:80]}' ({closeness[best]:.2f})")


def _carried(statement: Found, previous: Found, index: Index) -> list[FoundLink]:
    links = []
    for earlier in previous.links:
        profile = index.profile(earlier.issue_slug)
        if profile is None:
            continue
        decision = _decide(statement.text, statement.party_code, profile, index, statement.stated_on)
        if decision is None:
            continue
        links.append(FoundLink(profile.slug, decision.stance, round(earlier.confidence * 0.7, 3),
                               link_reason(f"points back to the statement before: {profile.slug}", decision)))
    return links


def link_statement(statement: Found, *, context: Context) -> list[FoundLink]:
    if not statement.party_code:
        return []  # a commentator holds no position in the negotiation
    index = _index(context)
    own = _links(statement.claim or statement.text, statement.text, statement.party_code, index, day=statement.stated_on)
    # A quote or claim going on takes what it continues speaks to, when it names nothing itself: one that does
    # has moved on ("It was also noted that the measures were a response ..." after a paragraph on the treaty).
    if statement.refers_to and statement.refers_kind and not (own and statement.refers_kind == "continues"):
        linked = {link.issue_slug for link in own}
        for link in _links(statement.refers_to, statement.text, statement.party_code, index, referred=True,
                           day=statement.stated_on):
            if link.issue_slug in linked:
                continue
            owner = index.profile(link.issue_slug).owner
            if statement.refers_kind == "answers demands" and owner == statement.party_code:
                continue  # "rejected the demands" answers the other side's demands
            link.confidence = round(link.confidence * 0.7, 3)
            link.reason = f"{statement.refers_kind.split()[0]} an earlier statement: {link.reason}"
            own.append(link)
    return own


def _links(text: str, stance_text: str, party: str, index: Index, referred: bool = False, day=None) -> list[FoundLink]:
    neighbours = index.examples.neighbours(text, party) if index.examples and not referred else []
    scored = _scored(text, index, neighbours, party)
    chosen = _leaders(scored)
    clauses = _clauses(text, index, party)
    for _, leaders in clauses:  # "ready to accept X, but will never stop Y": each clause may lead to its own issue
        chosen |= leaders & set(scored)
    stance_clauses = None  # the clauses of the statement's own words, read once when a stance needs them (`_mixed`)
    links = []
    for slug in sorted(chosen, key=lambda slug: (-scored[slug][0], slug))[:MAX_LINKS]:
        score, profile, why, like, *_ = scored[slug]
        clause = _REFERENCE_CLAUSE if referred else profile
        decision = _decide(_clause_for(stance_text, clause, index), party, profile, index, day)
        if decision is not None and not referred and _mixable(decision):
            if stance_clauses is None:
                stance_clauses = clauses if stance_text == text else _clauses(stance_text, index, party)
            decision = _mixed(decision, stance_clauses, party, profile, index, day)
        if like is not None and like.similarity >= EXAMPLE_STANCE_SIMILARITY and like.example.party_code == party:
            decision = stances.Decision(dict(like.example.links)[profile.slug], 0.8,
                                        f"as in confirmed statement #{like.example.id} ({like.similarity:.2f} alike)")
        if decision is None:
            continue
        confidence = min(0.95, 0.4 + score / 20) * (0.5 + decision.confidence / 2)
        links.append(FoundLink(profile.slug, decision.stance, round(confidence, 3),
                               link_reason(why, decision), words=0.0 if referred else score))
    if not referred and any(link.reason.startswith("cue") for link in links):
        # an editor's phrase says what the statement is about: beside it, words alone must be as strong as one word
        # alone must be for an issue with cues ("wants the gauging stations, but not on the water")
        links = [link for link in links if link.reason.startswith("cue") or link.words >= SINGLE_WORD_WITH_CUES]
    return links


def _clauses(text: str, index: Index, party: str) -> list[tuple[str, set]]:
    """The clauses of a text of two or more ("..., but ..."), each with the issues it leads to on its own."""
    parts = _CLAUSE_BREAK.split(text)
    return [(part, _leaders(_scored(part, index, [], party))) for part in parts] if len(parts) > 1 else []


def _mixable(decision: stances.Decision) -> bool:
    """A yes or a no read from a cue: what a clause saying the opposite makes open (`_mixed`)."""
    return decision.stance in ("rejects", "supports") and decision.cue.startswith("cue ")


def _mixed(decision: stances.Decision, clauses: list, party: str, profile: Profile, index: Index,
           day) -> stances.Decision:
    """A yes and a no on the same demand in two clauses ("ready to work on X, but cannot do it without Y") is
    conditional acceptance: open. Clauses that lead to another issue speak of that one."""
    for part, leaders in clauses:
        same = _SAME_THING.match(part)  # "will not discuss it now, but it could come up once ...": the same demand
        if not same and (leaders - {profile.slug} or not (
                profile.slug in leaders or any(cue.said(part) for cue in profile.cues)
                or any(_telling(w, profile) for w in concepts(part)))):
            continue  # another issue's clause, or one of nothing in particular ("welcomed any step")
        other = _decide(part, party, profile, index, day)
        if other is None or not other.cue.startswith("cue ") or other.stance == decision.stance:
            continue
        if "rejects" in (decision.stance, other.stance):
            return stances.Decision("open", 0.6, f"yes and no: {decision.cue[4:]} ... {other.cue[4:]}")
    return decision


_SAME_THING = re.compile(r"\W*(?:it|they|that|this)\s+(?:will|would|could|can|may|might|is|are|was|were|remains?)\b",
                         re.I)  # a clause going on with the same subject


def _leaders(scored: dict) -> set:
    """A word shared by several demands goes to the one the text speaks to most, not to all of them: a
    runner-up must come close to the best and have evidence of its own (a word, cue or example the best
    one does not have), or the best one explains everything it found."""
    if not scored:
        return set()
    leader = max(scored, key=lambda slug: (scored[slug][0], slug))
    best, evidence = scored[leader].score, scored[leader].evidence
    return {slug for slug, (score, profile, *_) in scored.items() if slug == leader or (
        score >= best * RUNNER_UP_RATIO and any(_telling(w, profile) for w in scored[slug].evidence - evidence))}


def _telling(word: str, profile: Profile) -> bool:
    """Evidence that sets an issue apart: a word of its title, one of its cues, or editors' examples; a word
    of its description alone ("Aldorian" in "the Aldorian safeguard is removed") does not."""
    return word == "example" or profile.weights.get(word, 0) >= 2 or word in profile.cue_words


class Scored(NamedTuple):
    """What a text's words say of one issue (`_scored`)."""

    score: float  # what links it: its words, a cue, editors' examples; 0 for one word short of the bar it must pass
    profile: Profile
    why: str
    like: object  # the confirmed statement most alike, or None
    evidence: frozenset  # the issue's words found, a cue's words, "example" when confirmed statements vote for it
    words: float  # the issue's words found, weighed, before that bar


def _scored(original: str, index: Index, neighbours: list, party: str | None = None,
            least: float = THRESHOLD) -> dict[str, Scored]:
    """Every issue the text reaches `least` for (the link threshold). `party` says it: one word of its own demand
    says more from it than from anyone else."""
    text = TALKS_TOPIC.sub(" ", PROPER_NAME.sub(lambda m: _strip_name(m, index.issue_concepts), original))
    plain = _party_tokens(text, index.party_rx, index.token_of)
    sequence = concepts(plain)
    words = set(sequence)
    soft = _near_words(plain, index)
    qualified = _qualified(text, index)
    scored = {}
    for profile in index.profiles:
        own = words - {w for w, party in qualified.items() if profile.targets and party not in profile.targets}
        score, why, evidence = _score(own, profile, index, original, soft, sequence)
        words_weight = score  # before the bar a single word must pass and editors' votes
        if why.startswith("single"):
            if not profile.cues:  # an editor's cues already say what one word alone is worth
                score *= max((index.rarity.get(w, 1.0) for w in evidence if profile.weights.get(w, 0) >= 2), default=1.0)
            bar = (SINGLE_WORD_WITH_CUES if profile.cues else SINGLE_WORD_THRESHOLD) * (
                SINGLE_WORD_OWNER if party == profile.owner else 1.0)
            score = score if score >= bar else 0.0
            why = why[len("single "):]
        vote, like = examples.votes(neighbours, profile.slug, profile.own_words)
        if vote:
            score += EXAMPLE_WEIGHT * vote
            evidence = evidence | {"example"} if vote > 0 else evidence
            why = f"{why}; {'like' if vote > 0 else 'unlike'} confirmed statements (vote {vote:+.2f})"
        if score >= least:
            scored[profile.slug] = Scored(score, profile, why, like, evidence, words_weight)
    return scored


def _strip_name(m: re.Match, issue_words: frozenset) -> str:
    """Drop a name of an organisation or format, unless it is what an issue is about ("Varta Arbitration Court")."""
    words = set(concepts(m.group()))
    return m.group() if words and words <= issue_words else " "


_CLAUSE_BREAK = re.compile(  # each alternative tried only where a run of spaces begins: linear in any run
    r",?(?<!\s)\s+[\"\u201c]?but\s+|;\s+|,?(?<!\s)\s+while\s+|,?(?<!\s)\s+whereas\s+|,?(?<!\s)\s+although\s+"
    r"|(?<!\s)\s+[\u2013\u2014-]\s+")
_REFERENCE_CLAUSE = re.compile(
    r"\b(?:the|these|those|such|its|their|this|that)\s+(?:demands?|proposals?|conditions|requests?|ultimatum|initiative|"
    r"measures?|plans?|ideas|steps|moves?|bill|draft law|idea)\b", re.I)


def _clause_for(text: str, target, index: Index) -> str:
    """The clause of the statement that speaks to the issue ("ready to cut checks, but would not drop the court")."""
    parts = _CLAUSE_BREAK.split(text)
    if len(parts) < 2:
        return text
    if isinstance(target, re.Pattern):  # the clause that refers back ("rejected the demands")
        hits = [p for p in parts if target.search(p)]
        return hits[0] if hits else text

    def weight(part: str) -> float:
        if any(cue.said(part) for cue in target.cues):
            return 99.0
        return sum(target.weights.get(w, 0) * index.idf.get(w, 0) for w in set(concepts(part))
                   if w not in index.party_concepts)

    best = max(parts, key=weight)
    return best if weight(best) > 0 else text


_FOLLOWER = re.compile(r"(?:ist|ists|ism|isms)\b")


def _cue_pattern(cue: str) -> tuple[re.Pattern, tuple]:
    """The cue's words in order, each with any ending (a capitalised one, a proper noun, no longer than written
    but for a plural), at most two words apart ("pull back its troops"), and the word starts the pattern needs."""
    parts, roots = [], []
    for written in re.findall(r"[\w']+", cue):
        word = written.lower()
        root = vocabulary.surface_stem(word) if len(word) > 4 else word
        roots.append(root)
        if written[0].isupper() and len(root) >= 4:  # a proper noun: "the Federation" is not "the federalists"
            tail = re.sub(r"['\u2019]s$", "", word)[len(root):] if word.startswith(root) else ""
            shorter = "".join(f"(?:{re.escape(c)}" for c in tail) + ")?" * len(tail)  # "Americ(a(n)?)?"
            parts.append(re.escape(root) + shorter + r"(?:s|['\u2019]s)?\b")  # no longer than written, or a plural
        elif len(root) >= 4:  # any ending but a follower's: "nationality" is not "the nationalists"
            parts.append(re.escape(root) + (r"\w*" if _FOLLOWER.search(word) else r"(?!\w*" + _FOLLOWER.pattern + r")\w*"))
        else:
            parts.append(re.escape(root) + r"\b")
    gap = r"\W+(?:\w+\W+){0,2}?"
    near = r"\W+(?:\w+\W+)?"  # the other way round only close together: "the door is open", not "bases after ... military"
    either = gap.join(parts) + ("|" + near.join(reversed(parts)) if len(parts) == 2 else "")  # "door ... open"
    return re.compile(r"\b(?:" + either + ")", re.I), tuple(dict.fromkeys(roots))


def _cue(text: str, found: tuple, party_words: set) -> Cue:
    pattern, roots = _cue_pattern(text)
    return Cue(text, pattern, roots, _cue_concepts(text, found, party_words),
               tuple(dict.fromkeys(w for w in found if w not in party_words)),  # a party's name only as written
               frozenset(concepts(text)) or frozenset({text.lower()}),
               tuple(vocabulary.surface_stem(w.lower()) for w in re.findall(r"[\w']+", text)))


_VERB_BEFORE = re.compile(r"(?:would|will|shall|should|must|can|could|may|might|to|does|do|did|not|n't|'ll)\s+$", re.I)


def _as_named(cue: Cue, text: str) -> bool:
    """A one-word cue not said as written is found by another word of its meaning ("the removal of the gauges" for
    "dismantle"), but not by that word as a verb in the past, in -ing or after a modal ("the threat has been
    removed", "would remove its objections"): something else being done; an acronym only by a word in capitals
    ("briskly" is no "BRISK")."""
    written = cue.text.strip()
    acronym = len(written) > 1 and written.isupper()  # "BRISK" is found only in capitals
    if re.search(r"(?:ed|ing)$", written, re.I) and not acronym:
        return True
    for m in re.finditer(r"[A-Za-z][\w'-]*", text):
        if cue.one_word & set(concepts(m.group())) and not re.search(r"(?:ed|ing)$", m.group(), re.I) \
                and not _VERB_BEFORE.search(text, max(0, m.start() - 12), m.start()) and (m.group().isupper() or not acronym):
            return True
    return False


def _cue_concepts(cue: str, found: tuple, party_words: set) -> frozenset:
    """A one-word cue matches any form of its word ("tariffs", "tariff"; not as a verb, `_as_named`); longer cues
    and party names must be said as written (in order, with any endings)."""
    found = frozenset(found)
    one_word = len(re.findall(r"[\w']+", cue)) == 1
    return found if one_word and len(found) == 1 and not found & party_words else frozenset()


def _cue_nearby(wanted: tuple, sequence: tuple) -> bool:
    """The cue's words in any of their forms, in its order within CUE_WINDOW content words of the text
    ("move on from water issues to talks on the barges" for "move on to the barges"), or a two-word cue the
    other way round next to each other ("the safeguard to be scrapped" for "remove the safeguard")."""
    if len(wanted) < 2:
        return False
    reverse = tuple(reversed(wanted)) if len(wanted) == 2 else None
    for i, w in enumerate(sequence):
        if w == wanted[0] and _in_order(wanted, sequence, i, CUE_WINDOW):
            return True
        if reverse and w == reverse[0] and _in_order(reverse, sequence, i, 2):
            return True
    return False


def _in_order(wanted: tuple, sequence: tuple, start: int, window: int) -> bool:
    at = start
    for w in wanted[1:]:
        try:
            at = sequence.index(w, at + 1, start + window)
        except ValueError:
            return False
    return True


def _score(words: set, profile: Profile, index: Index, text: str = "",
           soft: dict | None = None, sequence=()) -> tuple[float, str, frozenset]:
    soft = soft or {}
    lowered = text.lower()
    cue = next((cue for cue in profile.cues if cue.found(text, lowered, words, sequence)), None)
    score, hits, own, own_score, evidence = 0.0, [], 0, 0.0, set()
    for w in set(words) | set(soft):
        weight = profile.weights.get(w)
        if not weight:
            continue
        party_word = w in index.party_concepts
        strength = 1.0 if w in words else soft[w][0]
        part = weight * index.idf[w] * (PARTY_WEIGHT if party_word else 1.0) * strength
        score += part
        hits.append(w if strength == 1.0 else f"{soft[w][1]}~{w}")
        if not party_word:
            own, own_score = own + 1, own_score + part
            evidence.add(w)
    why = f"words {', '.join(sorted(hits))} (score {score:.1f})"
    if cue is not None:  # an editor's phrase links on its own; the issue's other words add to it
        return (CUE_SCORE + THRESHOLD + CUE_TIE * min(score, THRESHOLD),
                f"cue '{cue.text}'" + (f", {why}" if hits else ""), frozenset(evidence | cue.evidence))
    if own < 2:  # one word of the issue (party names aside) must carry the link alone
        return own_score, "single " + why, frozenset(evidence)
    return score, why, frozenset(evidence)


def _near_words(text: str, index: Index) -> dict:
    """Issue concepts that a word of the statement means without sharing its stem ("soldiers" ~ "troops"):
    concept -> (strength, the statement's word), the strength from NEAR_FLOOR at NEAR_SIMILARITY to
    NEAR_FLOOR + NEAR_WEIGHT at identical meaning."""
    model = meaning.vectors()
    if model is None or not len(index.concept_matrix):
        return {}
    candidates = [w for w in dict.fromkeys(vocabulary.words(text))
                  if stem(w) not in index.issue_concepts and not w.startswith("party") and not w.isdigit()]
    kept, rows = model.words(candidates)
    if not kept:
        return {}
    similarity = rows @ index.concept_matrix.T
    found = {}
    for i, j in zip(*np.nonzero(similarity >= NEAR_SIMILARITY)):
        strength = (float(similarity[i, j]) - NEAR_SIMILARITY) / (1 - NEAR_SIMILARITY) * NEAR_WEIGHT + NEAR_FLOOR
        concept = index.concept_words[j]
        if concept not in found or found[concept][0] < strength:
            found[concept] = (round(strength, 3), kept[i])
    return found


def _qualified(text: str, index: Index) -> dict:
    """Concepts named as some party's ("Borvanian forces", "Aldorian troops"): concept -> that party."""
    found = {}
    for m in index.party_rx.finditer(text):
        # "Borvanian forces", "Borvania must withdraw its forces": a few words, to the clause's end
        nxt = _OWNED.match(text, m.end())
        if nxt:
            for w in concepts(nxt.group(1)):
                found.setdefault(w, index.party_lookup.get(m.group().lower()))
    return found


_OWNED = re.compile(
    r"(?:['\u2019]s)?(?:\s+(?:must|should|will|would|to|has|have|had|needs|is|are|its|their|the|all|not|also|"
    r"\d[\d,]*))*((?:\s+(?!(?:and|or|of|from|to|in|on|into|over|by|with|at|for|about|against|after|that|which|"
    r"who|was|were|is|are)\b)[a-z][\w-]*){1,2})"
)


def _party_tokens(text: str, party_rx: re.Pattern, lookup: dict) -> str:
    """Each mention of a party ("the Aldorian government", "Marensk") becomes one token of that party."""
    return party_rx.sub(lambda m: f" party{lookup.get(m.group().lower(), '').lower()} ", text)


def _people_names(context: Context) -> dict:
    """A known person's names (full, surname, aliases) -> their party: a person speaks for a party, so
    "Marquardt's demand" in an issue's description names an actor, not a word of the demand."""
    codes = {p.code for p in context.parties}
    found = {}
    for person in context.people:
        if person.party_code not in codes:
            continue
        for name in (person.name, person.name.split()[-1], *person.aliases):
            name = name.strip()
            if len(name) > 2 and name[:1].isupper():
                found.setdefault(name, person.party_code)
    return found


_OVERSIGHT = EN.alternation("oversight_nouns")
_JOINED = re.compile(r"(?:\s*(?:,|and|or|&|the)\s*)*")


def _beneficiaries(title: str, owner: str, parties) -> frozenset:
    """The parties a demand's title names after the one it is made of, and not alongside it: whom it is for
    ("Aldoria pulls its troops back from Borvania's border"; "tolls on Aldorian and Borvanian barges" are
    lifted for both). None in a title "between" parties: both are its subject."""
    if re.search(r"\bbetween\b", title, re.I):
        return frozenset()
    named = sorted((m.start(), m.end(), parties.lookup.get(m.group().lower()))
                   for rx in (parties.names, parties.adjectives) for m in rx.finditer(title))
    others = [(start, end, code) for start, end, code in named if code and code != owner]
    if not others:
        return frozenset()
    found, last_end, last_code, target = set(), others[0][1], others[0][2], others[0][2]
    for start, end, code in others[1:]:
        joined = _JOINED.fullmatch(title[last_end:start]) is not None
        if code != target and not (joined and last_code == target):
            found.add(code)
        last_end, last_code = end, code
    return frozenset(found)


@lru_cache(maxsize=16)
def _index(context: Context) -> Index:
    parties = names.party_text(context)
    people = _people_names(context)
    party_rx = re.compile("|".join(rx.pattern for rx in (names._alternation(list(people)), parties.names,
                                                            parties.adjectives)))
    lookup = {k.lower(): re.sub(r"[^a-z0-9]", "", v.lower()) for k, v in {**people, **parties.lookup}.items()}
    party_of_word = {f"party{re.sub(r'[^a-z0-9]', '', p.code.lower())}": p.code for p in context.parties}
    party_words = set(party_of_word)

    def read(text: str) -> tuple[str, ...]:
        return concepts(_party_tokens(text, party_rx, lookup))

    learned = examples.learned_words([(set(read(e.text)) - party_words, e) for e in context.examples],
                                     [i.slug for i in context.issues])
    profiles = []
    for issue in context.issues:
        weights = Counter()
        for w in read(issue.title):
            weights[w] += 2
        for w in read(issue.description):
            weights[w] += 1
        weights = {w: min(v, 3) for w, v in weights.items()}
        for w, weight in learned.get(issue.slug, {}).items():
            weights[w] = max(weights.get(w, 0), weight)
        # "Sluices opened under Varta supervision": the one who oversees it is not the one asked
        overseen = re.sub(rf"\b(?i:under)\s+(?:the\s+)?(?:{party_rx.pattern})\s+(?i:{_OVERSIGHT})\b", " ", issue.title)
        named = [party_of_word[w] for w in read(overseen) if w in party_of_word]
        targets = {named[0]} - {issue.owner_code} if named else set()  # "Aldoria pulls back ...": made of Aldoria
        beneficiaries = _beneficiaries(overseen, issue.owner_code, parties)
        cues = tuple(_cue(c, read(c), party_words) for c in issue.cues if c.strip())
        cues += tuple(_cue(w, (stem(w),), party_words) for w in _key_words(issue.cues, party_rx, lookup)
                      if (stem(w),) not in [c.words for c in cues])
        negative = bool(re.search(r"\b(?:not|no|never|nor|without)\b", issue.title, re.I))
        profiles.append(Profile(issue.slug, issue.owner_code, weights, cues, frozenset(targets), negative,
                                undoes=not negative and stances.undoing(issue.title),
                                beneficiaries=frozenset(beneficiaries), cue_words=frozenset(w for c in issue.cues for w in read(c)),
                                written=frozenset(vocabulary.surface_stem(w) for w in vocabulary.words(
                                    _party_tokens(" ".join((issue.title, *issue.cues)), party_rx, lookup)))))
    # The negotiation's own name ("... withdrawal negotiations") is what every issue is about: it weighs like a party.
    party_words |= set(read(context.topic)) - {w for p in profiles for c in p.cues for w in c.one_word}
    issue_words = frozenset(w for p in profiles for w in p.weights)
    # who is named, and as what, says nothing of which demand: editors' examples are compared without them
    unnamed_out = frozenset(party_words | ({w for person in context.people for w in read(person.role or "")}
                                           - issue_words))

    def unnamed(text: str) -> list[str]:
        """A text's words as editors' examples are compared: without the parties and people it names, their roles
        ("the foreign minister"), other names (kept when they are an issue's, "Varta Arbitration Court", as
        `_strip_name` keeps them) and the words of the talks' own name. Two statements of one minister on
        different demands are not alike."""
        return [w for w in read(PROPER_NAME.sub(lambda m: _strip_name(m, issue_words), text)) if w not in unnamed_out]

    # the words a description gives its stances in ("... rejects it") link, but are no words of what the demand asks
    stance_words = {issue.slug: set(read(issue.description)) - set(read(stances.undescribed(issue.description)))
                    - set(read(issue.title)) - {w for c in issue.cues for w in read(c)} for issue in context.issues}
    profiles = [dataclasses.replace(p, own_words=frozenset(set(p.weights) - party_words - stance_words[p.slug]),
                                    telling_words=frozenset(w for w in set(p.weights) - party_words if _telling(w, p)))
                for p in profiles]
    df = Counter(w for p in profiles for w in p.weights)
    n = max(len(profiles), 1)
    # scaled so that a concept of one issue weighs the same however many issues there are
    scale = 1.9 / math.log((n + 1) / 1.5) if n > 1 else 1.9
    idf = {w: max(math.log((n + 1) / (d + 0.5)), 0.05) * scale for w, d in df.items()}
    surface = {}
    for issue in context.issues:
        for w in vocabulary.words(_party_tokens(f"{issue.title} {issue.description}", party_rx, lookup)):
            if not w.startswith("party") and not w.isdigit():
                surface.setdefault(stem(w), w)
    model = meaning.vectors()
    concept_words, matrix = model.words(list(surface.values())) if model else ([], np.zeros((0, 0)))
    rarity = {concept: _rarity(model.rank(word)) for concept, word in surface.items()} if model else {}
    return Index(tuple(profiles), idf, frozenset(party_words), frozenset(i.owner_code for i in context.issues),
                 party_rx, parties.lookup, issue_words, lookup,
                 tuple(stem(w) for w in concept_words), matrix, examples.Examples(context.examples, unnamed), rarity,
                 names.mediators(context), _concluded(context, profiles, read), _camps(profiles),
                 _described(context), names.principals(context))


def _described(context: Context) -> dict:
    """Each issue's stated stances (`stance.described`) with their sentence vectors; none without the model."""
    model = meaning.sentences()
    found = {}
    for issue in context.issues:
        pairs = stances.described(issue.description)
        if pairs and model is not None:
            found[issue.slug] = (tuple(stance for stance, _ in pairs), tuple(text for _, text in pairs),
                                 np.vstack([model.text(text) for _, text in pairs]))
    return found


def _camps(profiles) -> dict:
    """Which camp each party is in with respect to each owner of demands, as the codebook's demands say it:
    against the party a demand is made of, with the parties it is for ("Aldoria pulls its troops back from
    Borvania's border", owned by Varta: Varta against Aldoria, Borvania with Varta), and with those against
    the same party as the owner (a common adversary). (party, owner) -> "with" or "against"; a pair with
    evidence both ways, or none, is in no camp."""
    against, beside = set(), set()
    for p in profiles:
        for t in p.targets:
            against |= {(t, p.owner), (p.owner, t)}
        for b in p.beneficiaries:
            beside |= {(b, p.owner), (p.owner, b)}
    owners = {p.owner for p in profiles}
    parties = {x for pair in against | beside for x in pair}
    camps = {}
    for party in parties:
        for owner in owners - {party}:
            foes = {y for x, y in against if x == party}
            owner_foes = {y for x, y in against if x == owner}
            is_with = (party, owner) in beside or bool(foes & owner_foes)
            is_against = (party, owner) in against
            if is_with != is_against:
                camps[(party, owner)] = "with" if is_with else "against"
    return camps


_CONCLUDING = EN.word_pattern("concluding_words", re.I)


def _concluded(context: Context, profiles: list, read) -> dict:
    """The rounds whose name says they concluded an issue ("Partial accord on the river's flow", "Barge terms
    agreed", "Quota renewed for a season"): a word of concluding and a word of the issue's title in one clause of
    the round's name ("Marensk meeting: quota confirmed, gauges agreed" concludes the gauges, not the quota; a
    clause of no other word, "Water quota: agreed", takes the words of the clause before it), or
    anywhere in a name whose slug alone has the concluding word. From such a round on, a side that says nothing
    of its view keeps to it (`stance.decide`)."""
    main = {p.slug: {w for w in p.own_words if p.weights.get(w, 0) >= 2 and not w.isdigit()} for p in profiles}
    every = set().union(*main.values()) if main else set()
    concluded: dict[str, list] = {}
    for rnd in sorted(context.rounds, key=lambda r: r.date):
        slug = rnd.slug.replace("-", " ")
        parts = _ROUND_CLAUSE.split(rnd.name)
        clauses = [set(read(part)) for part in parts]
        concluding = [bool(_CONCLUDING.search(part)) for part in parts]
        if not any(concluding):  # "Fixed water share and inspections" (slug "...-barge-accord"): the whole name
            clauses, concluding = [set(read(f"{rnd.name} {slug}"))], [bool(_CONCLUDING.search(slug))]
        for i, words in enumerate(clauses):
            if not concluding[i]:
                continue
            if i and not words & every and len(set(read(_CONCLUDING.sub(" ", parts[i])))) <= 1:
                words = words | clauses[i - 1]  # "Water quota: agreed", "... – deal agreed in Marensk"
            for p in profiles:
                if words & main[p.slug] and (rnd.date, rnd.slug, rnd.parties) not in concluded.get(p.slug, []):
                    concluded.setdefault(p.slug, []).append((rnd.date, rnd.slug, rnd.parties))
    return {slug: tuple(rounds) for slug, rounds in concluded.items()}


_ROUND_CLAUSE = re.compile(r"[,;:()]|\s[\u2013\u2014-]\s")  # "Marensk meeting: quota confirmed, gauges agreed"


def _key_words(cues: tuple, party_rx: re.Pattern, lookup: dict) -> list[str]:
    """A word most of an issue's cues share ("tolls" of "lift the tolls", "toll increase", ...), uncommon in
    English: the editor's phrases all turn on it, so it links alone like a one-word cue. A common word they
    share ("river" of "river barges", "river passage") says too little alone."""
    if len(cues) < 2:
        return []
    surface: dict[str, str] = {}
    counts = Counter()
    named = set()  # written with a capital somewhere: a name ("Aldorian-held"), not a thing an issue turns on
    for cue in cues:
        tokens = _party_tokens(cue, party_rx, lookup)
        named |= {stem(w) for capital in re.findall(r"[A-Z][\w'-]*", tokens) for w in vocabulary.words(capital)}
        words = [w for w in vocabulary.words(tokens) if not w.startswith("party")]
        for word in words:
            surface.setdefault(stem(word), word)
        counts.update({stem(word) for word in words})
    model = meaning.vectors()
    return [surface[w] for w, n in counts.items() if n >= 2 and n * 2 >= len(cues) and w not in named
            and model is not None and not model.common(surface[w])]


def _rarity(rank: int | None) -> float:
    """1 for a common word, 1 + RARE_BOOST for a rare one, in between by the logarithm of its rank (Zipf)."""
    if rank is None:
        return 1.0 + RARE_BOOST
    share = math.log(max(rank, 1) / COMMON_RANK) / math.log(RARE_RANK / COMMON_RANK)
    return 1.0 + RARE_BOOST * min(max(share, 0.0), 1.0)
