"""The link model's fitting script: what it learns from and how it scores must be what the eval counts."""
import numpy as np

from bench import link_model
from ingest.extraction import weighing

LINKED = weighing.FEATURES.index("linked")


def row(doc, length, answers, linked, likely=(), settled=False, addable=("a", "b"), if_sure=None):
    """A statement's row: issues a and b, the rules linking those in `linked`; a model that reads the feature
    "answer" as how likely each issue is (set in `likely`); the linker leaving the statement (`settled`), or able to
    add only the issues in `addable` (a stance its words say), or in `if_sure` when the model is sure (by default the
    same)."""
    features = []
    for slug in ("a", "b"):
        vector = [0.0] * len(weighing.FEATURES)
        vector[LINKED] = float(slug in linked)
        vector[weighing.FEATURES.index("answer")] = 1.0 if slug in likely else -1.0
        features.append(vector)
    return {"doc": doc, "length": length, "answers": answers, "issues": ["a", "b"], "features": features,
            "settled": settled, "addable": [slug in addable for slug in ("a", "b")],
            "addable_if_sure": [slug in (addable if if_sure is None else if_sure) for slug in ("a", "b")]}


def gold(anchor, issues, also=(), optional=False):
    return {"doc": "1", "anchor": anchor, "issues": issues, "also": list(also), "optional": optional}


def test_it_learns_from_the_gold_statements_but_not_their_optional_or_either_way_links():
    rows = [row("1", 50, [gold("x", {"a": "demands"}, also=["b"])], linked={"a"}),
            row("1", 50, [gold("y", {"b": "rejects"})], linked=set()),
            row("1", 50, [gold("z", {"a": "demands"}, optional=True)], linked={"a"}),
            row("1", 50, [], linked={"a"})]  # a statement the gold does not have
    features, labels = link_model.labelled(rows)
    assert labels.tolist() == [1.0, 0.0, 1.0]  # x: a (b counts either way); y: a, b
    assert features.shape == (3, len(weighing.FEATURES))


def test_links_are_scored_on_the_shortest_statement_holding_the_anchor_as_the_eval_does():
    answer = gold("x", {"a": "demands"})
    rows = [row("1", 300, [answer], linked={"b"}), row("1", 40, [answer], linked={"a"})]
    assert link_model.links_f1(rows) == 1.0
    rows = [row("1", 30, [answer], linked={"b"}), row("1", 40, [answer], linked={"a"})]
    assert link_model.links_f1(rows) == 0.0


def test_the_model_adds_and_drops_links_by_its_thresholds():
    answer = gold("x", {"a": "demands"})
    model = weighing.Model(np.eye(len(weighing.FEATURES))[weighing.FEATURES.index("answer")] * 5, 0.1, 0.7)
    missed = [row("1", 40, [answer], linked=set(), likely={"a"})]
    assert link_model.links_f1(missed) == 0.0 and link_model.links_f1(missed, model) == 1.0
    wrong = [row("1", 40, [answer], linked={"a", "b"}, likely={"a"})]
    assert link_model.links_f1(wrong) < 1.0 and link_model.links_f1(wrong, model) == 1.0


def test_it_scores_what_the_linker_does_not_weigh_or_cannot_add_as_the_rules_left_it():
    answer = gold("x", {"a": "demands"})
    model = weighing.Model(np.eye(len(weighing.FEATURES))[weighing.FEATURES.index("answer")] * 5, 0.1, 0.7)
    settled = [row("1", 40, [answer], linked={"b"}, likely={"a"}, settled=True)]
    assert link_model.links_f1(settled, model) == link_model.links_f1(settled) == 0.0
    no_stance = [row("1", 40, [answer], linked=set(), likely={"a"}, addable=(), if_sure=("a",))]
    assert link_model.links_f1(no_stance, model) == 0.0
    # what the linker adds only when the model is sure of it (a third party saying nothing of its view)
    sure = weighing.Model(model.weights, model.drop, model.add, sure=0.99)
    assert link_model.links_f1(no_stance, sure) == 1.0
    assert link_model.links_f1(no_stance, weighing.Model(model.weights, model.drop, model.add, sure=0.999)) == 0.0
    assert link_model.labelled([])[0].shape == (0, len(weighing.FEATURES))


def test_rows_kept_by_a_run_of_other_features_are_not_read_again():
    assert not link_model._current([{"features": [[0.0] * (len(weighing.FEATURES) - 2)]}])
    assert link_model._current([{"features": [[0.0] * len(weighing.FEATURES)], "addable_if_sure": [True]}])
    assert not link_model._current([{"features": [[0.0] * len(weighing.FEATURES)]}])  # kept before the sure flag
