"""The link model: its features, its last word on a statement's links, the shipped weights and their fitting."""
import json

import numpy as np
import pytest

from ingest.extraction import Found, FoundLink, link_statements, linking, stance, weighing

from .reports import CONTEXT

FEATURE = {name: i for i, name in enumerate(weighing.FEATURES)}


def found(text, party, links=()):
    return Found(start=0, end=len(text), text=text, kind="reported", party_code=party, links=list(links))


def model_of(drop=0.05, add=0.7, sure=1.0, **weights):
    """A model that weighs only the named features."""
    vector = np.zeros(len(weighing.FEATURES))
    for name, weight in weights.items():
        vector[FEATURE[name]] = weight
    return weighing.Model(vector, drop, add, sure)


@pytest.fixture
def use(monkeypatch):
    def install(model):
        monkeypatch.setattr(weighing, "model", lambda: model)
    return install


def test_candidates_give_a_row_of_features_for_every_issue():
    statement = found("Borvania must build no new dams upstream on the Varta, Wielgosz said.", "ALD")
    link_statements([statement], context=CONTEXT, weigh=False)
    scored, rows = linking.candidates(statement, CONTEXT)
    assert list(scored) == [issue.slug for issue in CONTEXT.issues]
    assert rows.shape == (len(CONTEXT.issues), len(weighing.FEATURES))
    dams = rows[list(scored).index("dam-moratorium")]
    barges = rows[list(scored).index("navigation-rights")]
    assert dams[FEATURE["linked"]] == 1 and barges[FEATURE["linked"]] == 0
    assert dams[FEATURE["owner"]] == 1 and barges[FEATURE["owner"]] == 0  # Aldoria speaks of its own demand
    assert dams[FEATURE["words"]] > barges[FEATURE["words"]]
    assert dams[FEATURE["meant_gap"]] > 0 > barges[FEATURE["meant_gap"]]
    assert dams[FEATURE["meant_top"]] == 1 and dams[FEATURE["words_top"]] == 1


def test_a_cue_said_is_a_feature():
    statement = found("Marquardt said gauging stations were the first step.", "BOR")
    scored, rows = linking.candidates(statement, CONTEXT)
    assert rows[list(scored).index("joint-monitoring")][FEATURE["cue"]] == 1
    assert rows[list(scored).index("water-quota")][FEATURE["cue"]] == 0


def test_the_one_issue_of_a_negotiation_has_no_margin_over_others():
    import dataclasses

    alone = dataclasses.replace(CONTEXT, issues=CONTEXT.issues[:1])
    scored, rows = linking.candidates(found("Borvania must stop building dams, Wielgosz said.", "ALD"), alone)
    assert rows[0][FEATURE["meant_gap"]] == 0 and rows[0][FEATURE["covered_gap"]] == 0


def test_a_likely_issue_is_linked_with_the_stance_its_words_say(use):
    # a model that links whatever the statement means most
    use(model_of(bias=-3, meant_top=4, meant_gap=20))
    statement = found("Aldoria will never accept another reservoir in the mountains, Wielgosz said.", "ALD")
    link_statements([statement], context=CONTEXT)
    assert [l.issue_slug for l in statement.links] == ["dam-moratorium"]
    assert statement.links[0].stance == "demands"  # the owner voices it
    assert statement.links[0].reason.startswith("likely by all signals (")


def test_no_link_is_added_on_a_stance_given_by_who_speaks(use):
    use(model_of(bias=5))  # every issue likely
    statement = found("Wielgosz said the weather was fine.", "ALD")
    link_statements([statement], context=CONTEXT)
    # Borvania's demands: Aldoria would be read as refusing them for who it is, a guess on a guess; its own: that
    # it "demands" them says nothing when no word of them is said
    assert statement.links == []
    own = found("Wielgosz said the dams were the question.", "ALD")
    link_statements([own], context=CONTEXT)
    assert [(l.issue_slug, l.stance) for l in own.links] == [("dam-moratorium", "demands")]


def test_an_issue_that_cannot_be_added_leaves_its_place_to_the_next():
    model = model_of(drop=0.2, add=0.5)
    likely = {"a": 0.9, "b": 0.8, "c": 0.7, "d": 0.1, "e": 0.6}
    assert model.choose(likely, ["d"], lambda slug, is_sure: slug != "a", most=2) == ["b", "c"]  # d dropped, a refused
    assert model.choose(likely, ["d"], lambda slug, is_sure: True, most=2, keep={"d"}) == ["d", "a"]
    assert model.choose(likely, [], lambda slug, is_sure: False, most=3) == []
    # what may be added only when the model is sure of it
    assert model_of(add=0.5, sure=0.85).choose(likely, [], lambda slug, is_sure: is_sure, most=3) == ["a"]
    assert model_of(add=0.5).choose(likely, [], lambda slug, is_sure: is_sure, most=3) == []  # never sure by default


def test_a_third_party_without_a_word_of_its_view_is_linked_only_when_the_model_is_sure(use):
    text = "Antonenko said the dams upstream on the Varta were filling."
    use(model_of(bias=2.5, sure=0.95))  # 0.92 for every issue: likely, not sure
    statement = found(text, "RIV")
    link_statements([statement], context=CONTEXT)
    assert statement.links == []  # no word of its view: a third party takes no position ...
    use(model_of(bias=5, sure=0.95))
    statement = found(text, "RIV")
    link_statements([statement], context=CONTEXT)
    links = {l.issue_slug: l for l in statement.links}
    # ... unless the model is sure, and a word of the issue is said (the river's name, of navigation on it)
    assert set(links) == {"dam-moratorium", "navigation-rights"}
    assert {l.stance for l in links.values()} == {"supports"}  # it takes the issue up
    assert all(stance.TAKEN_UP in l.reason for l in links.values())
    # a side's stance given by who it is is still no ground for a link, sure or not
    side = found("Marquardt said the dams upstream on the Varta were filling.", "BOR")
    link_statements([side], context=CONTEXT, weigh=False)
    rules = {l.issue_slug for l in side.links}
    link_statements([side], context=CONTEXT)
    assert not any(stance.TAKEN_UP in l.reason for l in side.links)
    assert {l.issue_slug for l in side.links} - rules <= {"navigation-rights", "joint-monitoring"}  # its own


def test_an_added_link_reads_a_yes_and_a_no_as_open(use):
    use(model_of(bias=-9, meant_top=4, meant_gap=40, covered=9))
    statement = found("Borvania agreed to pause the dams upstream, but it will never stop building the dams "
                      "already begun, Marquardt said.", "BOR")
    link_statements([statement], context=CONTEXT, weigh=False)
    rules = {l.issue_slug: l.stance for l in statement.links}
    statement.links = []  # as if the rules had missed it: the model adds it, its stance read the same way
    linking._weighed([statement], CONTEXT)
    added = {l.issue_slug: l.stance for l in statement.links}
    assert added.get("dam-moratorium") == rules.get("dam-moratorium") == "open"


def test_an_unlikely_link_goes_but_not_one_editors_confirmed(use, monkeypatch):
    use(model_of(bias=-9))  # nothing likely
    statement = found("Borvania must build no new dams upstream on the Varta, Wielgosz said.", "ALD")
    link_statements([statement], context=CONTEXT)
    assert statement.links == []

    for reason, kept in [("words dam (score 5.0); like confirmed statements (vote +1.00)", True),
                         ("as in confirmed statement #12 (0.83 alike)", True),
                         # what editors' examples voted against is no more protected than the rest
                         ("words dam (score 5.0); unlike confirmed statements (vote -0.30)", False)]:
        link = FoundLink("dam-moratorium", "demands", 0.9, reason)
        monkeypatch.setattr(linking, "link_statement", lambda statement, context: [link])
        statement = found("Borvania must build no new dams upstream on the Varta, Wielgosz said.", "ALD")
        link_statements([statement], context=CONTEXT)
        assert statement.links == ([link] if kept else [])


def test_without_a_model_the_rules_alone_decide(use):
    use(None)
    text = "Borvania must build no new dams upstream on the Varta, Wielgosz said."
    weighed, alone = found(text, "ALD"), found(text, "ALD")
    link_statements([weighed], context=CONTEXT)
    link_statements([alone], context=CONTEXT, weigh=False)
    assert weighed.links == alone.links and weighed.links


def test_the_shipped_model_matches_the_features_it_weighs():
    data = json.loads(weighing.MODEL_FILE.read_text())
    assert list(data["weights"]) == list(weighing.FEATURES)
    model = weighing.model()
    assert model is not None and 0 <= model.drop < model.add <= 1
    assert data["trained_on"]  # and says what it learned from


WEIGHTS = {name: 0.5 for name in weighing.FEATURES}


@pytest.mark.parametrize("data", [
    {"weights": {"bias": 1.0}, "drop": 0.1, "add": 0.5},  # another version of the features
    {"weights": {name: float("nan") for name in weighing.FEATURES}, "drop": 0.1, "add": 0.5},
    {"weights": {**WEIGHTS, "bias": True}, "drop": 0.1, "add": 0.5},
    {"weights": WEIGHTS, "add": 0.5},  # half written
    {"weights": WEIGHTS, "drop": None, "add": 0.5},
    {"weights": WEIGHTS, "drop": 0.6, "add": 0.5},
    {"weights": WEIGHTS, "drop": 0.1, "add": 1.5},
    {"weights": WEIGHTS, "drop": 0.1, "add": 0.5, "sure": 0.4},  # sure of less than it adds
    {"weights": WEIGHTS, "drop": 0.1, "add": 0.5, "sure": 1.2},
    {"weights": list(WEIGHTS.values()), "drop": 0.1, "add": 0.5},
    [WEIGHTS],
])
def test_a_model_of_other_features_or_thresholds_is_refused(data):
    assert weighing.from_dict(data) is None
    assert weighing.from_dict({"weights": WEIGHTS, "drop": 0.1, "add": 0.5}).sure == 1.0  # never sure
    assert weighing.from_dict({"weights": WEIGHTS, "drop": 0.1, "add": 0.5, "sure": 0.9}).sure == 0.9


def test_a_missing_model_file_leaves_the_rules(monkeypatch, tmp_path):
    monkeypatch.setattr(weighing, "MODEL_FILE", tmp_path / "none.json")
    weighing.model.cache_clear()
    try:
        assert weighing.model() is None
    finally:
        weighing.model.cache_clear()


def test_fitting_learns_which_feature_tells():
    rng = np.random.default_rng(3)
    telling, noise = rng.normal(size=400), rng.normal(size=400)
    rows = np.column_stack([np.ones(400), telling, noise])
    labels = (telling > 0).astype(float)
    weights = weighing.fit(rows, labels)
    assert weights[1] > 2 and abs(weights[2]) < 0.5
    # weighing a row more pulls the fit towards it
    flipped = labels.copy()
    flipped[0] = 1 - flipped[0]
    counts = np.ones(400)
    counts[0] = 50
    assert abs(weighing.fit(rows, flipped, counts=counts)[0] - weights[0]) > 0.1


def test_a_statement_its_words_settle_is_not_weighed(use):
    use(model_of(bias=5))  # every issue likely
    settled = found("Marquardt said gauging stations were the first step.", "BOR")
    link_statements([settled], context=CONTEXT)
    assert [l.issue_slug for l in settled.links] == ["joint-monitoring"]  # a cue, and no word of another issue
    # a word of another issue leaves the question open: the model weighs it
    open_ = found("Marquardt said gauging stations on the barges' route were the first step.", "BOR")
    link_statements([open_], context=CONTEXT)
    assert {"joint-monitoring", "navigation-rights"} <= {l.issue_slug for l in open_.links}


def test_without_the_sentence_model_no_issue_is_the_one_meant_most(monkeypatch):
    monkeypatch.setattr(linking, "_issue_meanings", lambda context: None)
    _, rows = linking.candidates(found("Borvania must stop building dams, Wielgosz said.", "ALD"), CONTEXT)
    assert not rows[:, FEATURE["meant_top"]].any() and not rows[:, FEATURE["covered_top"]].any()


def test_what_the_article_is_about_is_a_feature():
    article = [found("Borvania must build no new dams upstream on the Varta, Wielgosz said.", "ALD"),
               found("Wielgosz said the dams were a threat to every farmer downstream.", "ALD"),
               found("Marquardt said the matter would be settled in time.", "BOR"),
               found("Marquardt said barges must pass freely.", "BOR")]
    link_statements(article, context=CONTEXT, weigh=False)
    around = linking.Around.of(article)
    scored, rows = linking.candidates(article[2], CONTEXT, around.at(2))
    dams = rows[list(scored).index("dam-moratorium")]
    quota = rows[list(scored).index("water-quota")]
    # two of the three other statements speak of the dams, the one before it among them
    assert dams[FEATURE["in_article"]] == pytest.approx(2 / (3 + linking.Around.FEW)) and dams[FEATURE["beside"]] == 1
    assert quota[FEATURE["in_article"]] == 0 and quota[FEATURE["beside"]] == 0
    # the statement after counts as beside too
    _, rows = linking.candidates(article[0], CONTEXT, around.at(0))
    assert rows[list(scored).index("dam-moratorium")][FEATURE["beside"]] == 1
    _, rows = linking.candidates(article[3], CONTEXT, around.at(3))
    assert rows[list(scored).index("dam-moratorium")][FEATURE["beside"]] == 0
    # a statement's own link is not its article's: alone, nothing is around it
    scored, rows = linking.candidates(article[0], CONTEXT)
    assert not rows[:, FEATURE["in_article"]].any() and not rows[:, FEATURE["beside"]].any()


def test_the_model_weighs_each_statement_in_its_article(use):
    # a model that links only what the statements around speak of
    use(model_of(bias=-5, beside=4, in_article=4, meant=2))
    article = [found("Borvania must build no new dams upstream on the Varta, Wielgosz said.", "ALD"),
               found("Wielgosz said the dams would ruin the valley and would never be accepted.", "ALD"),
               found("Marquardt said Borvania would never accept that.", "BOR")]
    link_statements(article, context=CONTEXT, weigh=False)
    assert article[2].links == []  # no word of it: the rules do not link it
    link_statements(article, context=CONTEXT)
    assert [(l.issue_slug, l.stance) for l in article[2].links] == [("dam-moratorium", "rejects")]
    alone = found("Marquardt said Borvania would never accept that.", "BOR")
    link_statements([alone], context=CONTEXT)
    assert "dam-moratorium" not in {l.issue_slug for l in alone.links}


def test_the_model_reads_the_article_as_the_rules_linked_it_as_the_fit_does(use, monkeypatch):
    """What the fit learns from (bench.link_model: `candidates` with `Around.of` the rules' links) is what the
    linker weighs, though the model changes links as it goes."""
    use(model_of(bias=5))  # every issue likely: the model adds links to every statement it weighs
    texts = [("Marquardt said barges must pass freely on the lower Varta.", "BOR"),
             ("Marquardt said Borvania would never accept any of it.", "BOR"),
             ("Aldoria will never accept another reservoir in the mountains, Wielgosz said.", "ALD")]
    article = [found(text, party) for text, party in texts]
    link_statements(article, context=CONTEXT, weigh=False)
    around = linking.Around.of(article)
    expected = {s.text: linking.candidates(s, CONTEXT, around.at(i))[1] for i, s in enumerate(article)}
    seen = {}
    features = linking._features

    def recording(statement, scored, context, at):
        rows = features(statement, scored, context, at)
        seen[statement.text] = rows
        return rows

    monkeypatch.setattr(linking, "_features", recording)
    article = [found(text, party) for text, party in texts]
    link_statements(article, context=CONTEXT)
    assert seen and all(np.array_equal(rows, expected[text]) for text, rows in seen.items())
    assert any(len(s.links) > len(linked) for s, linked in zip(article, around.linked))  # the model added some


def test_a_long_reason_is_stored_with_its_stance_whole_for_reading_again():
    from ingest.extraction import stance as stances
    from positions.models import StatementLink

    assert StatementLink._meta.get_field("reason").max_length == linking.REASON_LENGTH
    decision = stances.taken_up("RIV", "ALD")
    why = "continues an earlier statement: words " + ", ".join(["gauging"] * 80) + " (score 9.0)"
    reason = linking.link_reason(why, decision)
    assert len(reason) > linking.REASON_LENGTH  # whole while the linker reads it (`_taught` looks at its words)
    stored = linking.stored_reason(reason)
    assert len(stored) == linking.REASON_LENGTH and stored.startswith("continues an earlier statement: words")
    assert stored.endswith(f"; supports: {decision.cue}") and stances.silenced(stored.rsplit("; ", 1)[-1])
    short = linking.link_reason("words dam (score 5.0)", decision)
    assert linking.stored_reason(short) == short == f"words dam (score 5.0); supports: {decision.cue}"
    assert linking.stored_reason("x" * 400) == "x" * linking.REASON_LENGTH
