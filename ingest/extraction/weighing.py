"""The linker's last word on a statement's links: how much each of its signals is worth, learned.

The linker's stages each see one thing: an issue's words in the statement, an
editor's cue, the sentence's meaning, the passage around it. Where they disagree
or fall just short, thresholds chosen by hand on the sets we could read did not
carry to negotiations we could not. Here a logistic model weighs them together:
for each issue of the negotiation, the features the stages found
(`linking.candidates`) give the probability that an analyst would link the
statement to it. A link it finds unlikely goes, an issue it finds likely enough
is linked (its stance read as for any link), and one it is sure of even when
the speaker, a third party, says nothing of its view (`stance.taken_up`).

Nothing in it knows a negotiation: the features are counts, scores and cosines
of any codebook, and the weights were fitted on the gold of many negotiations
together (`python -m bench.link_model`, which also reports how the model does on
each negotiation when fitted without it; docs/linking.md). They ship in
`link_model.json` beside this file; without that file the linker's rules alone
decide.
"""
from __future__ import annotations

import json
import logging
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

log = logging.getLogger(__name__)
MODEL_FILE = Path(__file__).resolve().parent / "link_model.json"

# What `linking.candidates` measures of a statement and one issue, in the model's order.
FEATURES = (
    "bias",
    "score",  # what links it by its words or cue, / 10, when that reaches the link threshold (else 0)
    "words",  # log(1 + the words found, weighed), before that bar
    "cue",  # an editor's phrase for it is said
    "leader",  # it is among the issues the statement's words speak to most (`linking._leaders`)
    "reached",  # its words reach the link threshold
    "one_word",  # a single word of it is found
    "meant",  # cosine of the statement's sentence with the closest text
    "meant_gap",  # ... less the closest of any other issue
    "covered",  # how much of the text the statement says, word by word (`linking._covered`)
    "covered_gap",  # ... less the best of any other issue
    "words_top",  # no other issue's words weigh more
    "owner",  # the speaker's party owns the demand
    "target",  # the demand is made of the speaker's party
    "beneficiary",  # the demand's title names the speaker's party as whom it is for
    "evidence",  # how many of its words (or a cue's) are found, up to 4, / 4
    "linked",  # the rules linked it
    "by_meaning",  # ... by the sentence's meaning
    "from_around",  # ... from the text around it (pointing back, an answer, a passage)
    "issues",  # log of the number of the negotiation's issues
    "continues",  # the statement continues or answers an earlier one
    "length",  # the statement's length, / 300 characters
    "meant_top",  # no other issue is meant more
    "covered_top",  # no other issue is covered more
    "words_share",  # its words' weight as a share of the heaviest issue's
    "links",  # how many issues the rules linked, / 3
    "answer",  # the statement answers a question (a transcript)
    "in_article",  # how many of the article's other statements the rules linked to it, / (their number + 2)
    "beside",  # the rules linked the statement just before or after to it
)


@dataclass(frozen=True)
class Model:
    weights: np.ndarray  # one per feature, in FEATURES' order
    drop: float  # a link of the rules goes under this probability ...
    add: float  # ... and an issue is linked over this one ...
    sure: float = 1.0  # ... and over this one even when no word of the statement says the stance (`linking._added_stance`)

    def probabilities(self, rows: np.ndarray) -> np.ndarray:
        """The probability of a link for each row of features."""
        return 1.0 / (1.0 + np.exp(-(rows @ self.weights)))

    def choose(self, likely: dict[str, float], linked: list[str], can_add, most: int,
               keep: set[str] = frozenset()) -> list[str]:
        """The issues a statement is linked to after the model's word: the rules' links (`linked`) it does not find
        unlikely, or that are in `keep`; then, the likeliest first, other issues over `add` that `can_add(slug, is_sure)`
        allows (`is_sure`: over the `sure` probability), until there are `most`. What the linker does and what
        bench.link_model scores."""
        chosen = [slug for slug in linked if likely.get(slug, 1.0) >= self.drop or slug in keep]
        for slug in sorted((s for s in likely if s not in chosen and likely[s] > self.add), key=lambda s: (-likely[s], s)):
            if len(chosen) >= most:
                break
            if can_add(slug, likely[slug] > self.sure):  # (the slug, and whether the model is sure of it)
                chosen.append(slug)
        return chosen


@lru_cache(maxsize=1)
def model() -> Model | None:
    """The shipped model, or None when its file is missing, unreadable or names other features (then the rules
    decide, with a warning in the log; read once a process)."""
    try:
        data = json.loads(MODEL_FILE.read_text())
    except (OSError, ValueError) as exc:
        log.warning("no link model at %s (%s): links are the rules' alone", MODEL_FILE, exc)
        return None
    return from_dict(data)


def from_dict(data) -> Model | None:
    """A model from its JSON form ({"weights": {feature: weight}, "drop": p, "add": p, "sure": p}); None, with a
    warning, if a feature lacks a weight, a weight names no feature (a file of another version of the features), or a
    number is not one (probabilities, drop below add, add not above sure; without "sure" the model is never sure)."""
    def number(value) -> bool:
        return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)

    weights = data.get("weights") if isinstance(data, dict) else None
    if not isinstance(weights, dict) or set(weights) != set(FEATURES) or not all(map(number, weights.values())):
        log.warning("the link model's weights do not match its features: links are the rules' alone")
        return None
    drop, add, sure = data.get("drop"), data.get("add"), data.get("sure", 1.0)
    if not (number(drop) and number(add) and number(sure) and 0 <= drop < add <= sure <= 1):
        log.warning("the link model's thresholds are not probabilities, drop below add, add not above sure: "
                    "links are the rules' alone")
        return None
    return Model(np.array([float(weights[name]) for name in FEATURES]), float(drop), float(add), float(sure))


def fit(rows: np.ndarray, labels: np.ndarray, l2: float = 1.0, steps: int = 30,
        counts: np.ndarray | None = None) -> np.ndarray:
    """Logistic regression by Newton's method, an L2 penalty keeping weights small where data is thin; `counts`
    weighs each row (by default 1)."""
    counts = np.ones(len(labels)) if counts is None else counts
    weights = np.zeros(rows.shape[1])
    for _ in range(steps):
        p = 1.0 / (1.0 + np.exp(-(rows @ weights)))
        hessian = rows.T @ (rows * (counts * p * (1 - p))[:, None]) + l2 * np.eye(len(weights))
        weights -= np.linalg.solve(hessian, rows.T @ (counts * (p - labels)) + l2 * weights)
    return weights
