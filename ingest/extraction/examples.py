"""What editors taught: the statements they confirmed or corrected, as examples for the ones after them.

A confirmed statement says, for every issue of its negotiation, whether it
speaks to it (its links, with their stances) or not (an editor who removed a
link, or confirmed a statement without it, said no). A new statement that
reads like confirmed ones (cosine of their rare words) takes their votes: the
issues they were linked to gain, the ones they were not linked to lose, in
proportion to how alike they are. So a paraphrase an editor linked once is
linked the next time, and a link an editor removed is not made again.
"""
from __future__ import annotations

import math
from collections import Counter, defaultdict
from dataclasses import dataclass

from .types import ExampleRef
from .vocabulary import concepts

NEIGHBOURS = 5
OTHER_PARTY = 0.5  # an example of another party weighs this much of one of the speaker's party
MIN_SIMILARITY = 0.3  # cosine of rare words below which a confirmed statement has no say


@dataclass(frozen=True)
class Neighbour:
    example: ExampleRef
    similarity: float
    words: frozenset = frozenset()  # the example's stems


class Examples:
    def __init__(self, examples: tuple[ExampleRef, ...], read=concepts):
        self.examples = examples
        self.read = read  # a text's words as compared: the linker's reader leaves out who is named
        bags = [Counter(read(e.text)) for e in examples]
        df = Counter(w for bag in bags for w in bag)
        n = len(examples)
        self.idf = {w: math.log((n + 1) / (d + 0.5)) + 1.0 for w, d in df.items()}
        self.vectors, self.norms = [], []
        self.postings = defaultdict(list)  # word -> example numbers
        for i, bag in enumerate(bags):
            vector = {w: (1 + math.log(c)) * self.idf[w] for w, c in bag.items()}
            self.vectors.append(vector)
            self.norms.append(math.sqrt(sum(v * v for v in vector.values())) or 1.0)
            for w in vector:
                self.postings[w].append(i)

    def __bool__(self) -> bool:
        return bool(self.examples)

    def neighbours(self, text: str, party: str | None = None) -> list[Neighbour]:
        """The confirmed statements most like `text`, most alike first; another party's count for less (two
        sides say the same words about different demands)."""
        bag = Counter(w for w in self.read(text) if w in self.idf)
        if not bag:
            return []
        query = {w: (1 + math.log(c)) * self.idf[w] for w, c in bag.items()}
        norm = math.sqrt(sum(v * v for v in query.values())) or 1.0
        dot = defaultdict(float)
        for w, weight in query.items():
            for i in self.postings[w]:
                dot[i] += weight * self.vectors[i][w]
        found = sorted(((d / (norm * self.norms[i]) * (1.0 if self.examples[i].party_code == party else OTHER_PARTY),
                         i) for i, d in dot.items()), reverse=True)[:NEIGHBOURS]
        return [Neighbour(self.examples[i], round(s, 3), frozenset(self.vectors[i])) for s, i in found
                if s >= MIN_SIMILARITY]


def votes(neighbours: list[Neighbour], issue_slug: str, issue_words: frozenset = frozenset()) -> tuple[float, Neighbour | None]:
    """From -1 (the alike statements were confirmed without this issue) to 1 (all linked to it), weighted by
    likeness and scaled by the best likeness; and the most alike example that links it.

    A confirmed statement without the issue says no only if it had some of the issue's words (`issue_words`)
    for an editor to turn down; one about something else has no say on this issue.
    """
    voters = [n for n in neighbours if issue_slug in dict(n.example.links) or not issue_words or n.words & issue_words]
    if not voters:
        return 0.0, None
    total = sum(n.similarity for n in voters)
    linked = [n for n in voters if issue_slug in dict(n.example.links)]
    share = sum(n.similarity for n in linked) / total
    return (2 * share - 1) * voters[0].similarity, (linked[0] if linked else None)


LEARNED_MIN = 3
LEARNED_PRECISION = 0.8


def learned_words(bags: list[tuple[set, ExampleRef]], slugs: list[str]) -> dict[str, dict[str, float]]:
    """Words editors' confirmed statements use for an issue: issue -> {word: weight (at most 1)}.

    A word is learned for an issue when it is in at least LEARNED_MIN of the statements linked to it and at
    least LEARNED_PRECISION of the confirmed statements that contain it are linked to it.
    """
    containing = Counter(w for bag, _ in bags for w in bag)
    learned = {}
    for slug in slugs:
        positive = Counter(w for bag, e in bags if slug in dict(e.links) for w in bag)
        words = {w: round(n / containing[w], 2) for w, n in positive.items()
                 if n >= LEARNED_MIN and n / containing[w] >= LEARNED_PRECISION}
        if words:
            learned[slug] = words
    return learned
