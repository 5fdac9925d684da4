"""The general model of meaning: shipped inside the project, checked by hash, and used by the linker."""
import dataclasses
import json

import pytest

from ingest.extraction import Found, FoundLink, IssueRef, link_statement, link_statements, meaning

from .reports import CONTEXT


def found(text, party):
    return Found(start=0, end=len(text), text=text, kind="reported", party_code=party)


def test_the_model_loads_from_the_project_and_knows_near_words():
    model = meaning.vectors()
    assert model is not None
    assert model.word("soldiers") @ model.word("troops") > 0.8
    assert model.word("soldiers") @ model.word("weather") < 0.3
    assert model.word("zzqxj") is None or model.word("zzqxj").shape == (meaning.DIMENSIONS,)


@pytest.mark.parametrize("model, directory, weights", [
    (meaning.Vectors, meaning.MODEL_DIR, "model.safetensors"),
    (meaning.Sentences, meaning.SENTENCE_MODEL_DIR, "model.int8.onnx"),
])
def test_a_model_file_that_does_not_match_its_hash_is_refused(tmp_path, model, directory, weights):
    for name in (weights, "tokenizer.json"):
        (tmp_path / name).write_bytes((directory / name).read_bytes())
    manifest = json.loads((directory / "manifest.json").read_text())
    (tmp_path / "manifest.json").write_text(json.dumps({**manifest, "sha256": "0" * 64}))
    with pytest.raises(RuntimeError, match="does not match its sha256"):
        model(tmp_path)


def test_a_word_said_otherwise_still_reaches_its_issue():
    garrison = IssueRef("garrison-cap", "Borvania caps its troops on the border", "ALD",
                        "Borvania keeps no more than a fixed number of troops along the border.")
    context = dataclasses.replace(CONTEXT, issues=CONTEXT.issues + (garrison,))
    got = {l.issue_slug: l for l in link_statement(
        found("Aldoria wants fewer Borvanian soldiers along the border, Wielgosz said.", "ALD"), context=context)}
    assert "garrison-cap" in got
    assert "soldiers~troop" in got["garrison-cap"].reason  # the reason says which word stood for which


def test_a_remark_with_no_word_of_any_demand_links_nothing():
    assert link_statement(found("I feel very positive about what I have seen today.", "ALD"), context=CONTEXT) == []


TARIFFS = dataclasses.replace(CONTEXT, issues=CONTEXT.issues + (
    IssueRef("grain", "Export tariffs lifted for grain", "ALD", "Borvania lifts its tariffs on Aldorian grain."),
    IssueRef("steel", "Export tariffs lifted for steel", "ALD", "Borvania lifts its tariffs on Aldorian steel."),
))


def test_words_shared_by_two_demands_go_to_the_one_spoken_of_most():
    grain = "Export tariffs on grain must be lifted before the grain harvest, Wielgosz said."
    assert [l.issue_slug for l in link_statement(found(grain, "ALD"), context=TARIFFS)] == ["grain"]
    both = "Export tariffs on grain and on steel must be lifted, Wielgosz said."
    assert {l.issue_slug for l in link_statement(found(both, "ALD"), context=TARIFFS)} == {"grain", "steel"}


def test_the_negotiations_name_tells_no_issue_apart():
    extended = IssueRef("accord-extended", "The delta accord is extended", "BOR", "The accord runs past its deadline.")
    plain = dataclasses.replace(CONTEXT, issues=CONTEXT.issues + (extended,))
    text = "Borvania said the delta accord was signed long ago."
    assert [l.issue_slug for l in link_statement(found(text, "BOR"), context=plain)] == ["accord-extended"]
    named = dataclasses.replace(plain, topic="Delta accord talks")
    assert link_statement(found(text, "BOR"), context=named) == []


def test_the_vocabulary_ranks_words_by_how_common_they_are():
    model = meaning.vectors()
    assert model.rank("the") < model.rank("later") < model.rank("tariffs")
    assert model.rank("moratorium") is None  # only in pieces: rarer than any whole word listed


def test_one_rare_main_word_of_an_issue_links_alone_and_a_common_one_does_not():
    issues = (IssueRef("no-tariffs", "No tariffs on barges", "ALD", "Boats on the river pay nothing at the border."),
              IssueRef("summit-later", "The summit comes later", "BOR", "No meeting of leaders before the autumn."))
    context = dataclasses.replace(CONTEXT, issues=issues)
    rare = link_statement(found("Wielgosz said tariffs were out of the question.", "ALD"), context=context)
    assert [l.issue_slug for l in rare] == ["no-tariffs"]
    common = link_statement(found("Marquardt said it would all happen later.", "BOR"), context=context)
    assert common == []


ALLIANCES = dataclasses.replace(CONTEXT, issues=CONTEXT.issues + (
    IssueRef("free-choice", "Each state chooses its own alliances", "BOR",
             "Aldoria accepts that every state may join the alliance it chooses."),))


def linked_together(text, party, context):
    statements = [found(text, party)]
    link_statements(statements, context=context)
    return statements[0].links


def test_the_sentence_model_loads_from_the_project_and_reads_a_paraphrase():
    model = meaning.sentences()
    assert model is not None
    choice = model.text("Each state chooses its own alliances")
    assert model.text("Every nation picks its own partners and its own allies.") @ choice > 0.55
    assert model.text("The dams upstream must stop.") @ choice < 0.3
    assert model.text("word " * 5000).shape == (384,)  # a statement's length is bounded (MAX_TOKENS)


def test_a_statement_no_word_links_takes_the_issue_its_sentence_clearly_means():
    text = "Every nation picks its own partners and its own allies, Marquardt said."
    assert link_statement(found(text, "BOR"), context=ALLIANCES) == []  # no word of the issue
    [link] = linked_together(text, "BOR", ALLIANCES)
    assert (link.issue_slug, link.stance) == ("free-choice", "demands")
    assert link.reason.startswith("means it: ")
    # not close enough to any issue: nothing
    assert linked_together("I feel very positive about what I have seen today.", "ALD", ALLIANCES) == []


def test_the_sentence_model_reads_each_content_word_in_its_context():
    model = meaning.sentences()
    reading = model.read("The dams of the river are empty.")
    assert reading.pieces.shape == (3, 384)  # dams, river, empty: no [CLS], [SEP], punctuation or function word
    assert all(abs(float(row @ row) - 1.0) < 1e-3 for row in reading.pieces)
    assert (reading.vector == model.text("The dams of the river are empty.")).all()
    bare = model.read("It is what it is.")  # no content word: the sentence is its one piece, not the model's markers
    assert bare.pieces.shape == (1, 384) and abs(float(bare.pieces[0] @ bare.vector) - 1.0) < 1e-3


def test_how_much_of_an_issue_a_statement_says_word_by_word():
    from ingest.extraction import linking

    meanings = linking._issue_meanings(ALLIANCES)
    covered = linking._covered("Every nation picks its own partners and its own allies.", meanings)
    assert max(covered, key=covered.get) == "free-choice"
    assert covered["free-choice"] > covered["dam-moratorium"] + 0.1


def test_a_statement_its_sentence_leaves_open_takes_the_issue_it_says_word_by_word(monkeypatch):
    from ingest.extraction import linking

    zero = {issue.slug: 0.0 for issue in TARIFFS.issues}
    # as a whole, no issue is clearly meant (0.50 against 0.45) ...
    monkeypatch.setattr(linking, "_meant", lambda text, meanings: {**zero, "grain": 0.50, "steel": 0.45})
    # ... but word by word it says the grain tariffs: (0.50 + 0.90) / 2 = 0.70, 0.28 ahead
    monkeypatch.setattr(linking, "_covered", lambda text, meanings: {**zero, "grain": 0.90, "steel": 0.40})
    statement = found("Those duties on our harvest have to go, Wielgosz said.", "ALD")
    linking._by_meaning([statement], TARIFFS)
    [link] = statement.links
    assert (link.issue_slug, link.stance) == ("grain", "demands")
    assert link.reason.startswith("means it: 0.70 close to its texts, word by word too")
    # word by word as unclear as a whole: nothing
    monkeypatch.setattr(linking, "_covered", lambda text, meanings: {**zero, "grain": 0.90, "steel": 0.85})
    statement.links = []
    linking._by_meaning([statement], TARIFFS)
    assert statement.links == []


def test_of_links_by_words_alone_those_the_statement_means_much_less_are_dropped(monkeypatch):
    from ingest.extraction import linking

    text = "Export tariffs on grain and on steel must be lifted, Wielgosz said."
    statement = found(text, "ALD")
    # "steel" held by a weak word score, "grain" by a strong one (its title's main words, several times)
    statement.links = [FoundLink("grain", "demands", 0.5, "words grain; demands: x", words=linking.MEANT_KEEP_WORDS + 1),
                       FoundLink("steel", "demands", 0.5, "words steel; demands: x", words=4.5)]
    monkeypatch.setattr(linking, "_meant", lambda text, meanings: {
        **{issue.slug: 0.0 for issue in TARIFFS.issues}, "grain": 0.55, "steel": 0.70})
    linking._by_meaning([statement], TARIFFS)
    assert [l.issue_slug for l in statement.links] == ["grain", "steel"]  # strong words keep a link whatever it means
    monkeypatch.setattr(linking, "_meant", lambda text, meanings: {
        **{issue.slug: 0.0 for issue in TARIFFS.issues}, "grain": 0.70, "steel": 0.55})
    linking._by_meaning([statement], TARIFFS)
    assert [l.issue_slug for l in statement.links] == ["grain"]
    statement.links.append(FoundLink("steel", "demands", 0.5, "words steel; demands: x", words=4.5))
    monkeypatch.setattr(linking, "_meant", lambda text, meanings: {
        **{issue.slug: 0.0 for issue in TARIFFS.issues}, "grain": 0.70, "steel": 0.62})
    linking._by_meaning([statement], TARIFFS)
    assert [l.issue_slug for l in statement.links] == ["grain", "steel"]  # close enough to the closest: kept
    statement.links = [FoundLink("grain", "demands", 0.5, "words grain; demands: x", words=4.2),
                       FoundLink("steel", "demands", 0.5, "cue 'steel', words steel; demands: x", words=4.5)]
    monkeypatch.setattr(linking, "_meant", lambda text, meanings: {
        **{issue.slug: 0.0 for issue in TARIFFS.issues}, "grain": 0.70, "steel": 0.30})
    linking._by_meaning([statement], TARIFFS)
    assert [l.issue_slug for l in statement.links] == ["grain", "steel"]  # an editor's cue is never second-guessed


def test_a_link_carries_the_score_of_the_statements_own_words_not_of_a_statement_it_continues():
    from ingest.extraction import linking

    [own] = link_statement(found("No new dams may be built upstream, Wielgosz said.", "ALD"), context=ALLIANCES)
    assert own.words >= linking.THRESHOLD  # what the pruning by meaning reads: it scores no words again
    answer = found("We reject that, Marquardt said.", "BOR")
    answer.refers_to, answer.refers_kind = "No new dams may be built upstream.", "answers demands"
    [taken] = link_statement(answer, context=ALLIANCES)
    assert (taken.issue_slug, taken.words) == ("dam-moratorium", 0.0)
    assert taken.reason.startswith("answers an earlier statement")


def test_without_the_sentence_model_linking_goes_on_with_words(monkeypatch):
    from ingest.extraction import linking

    monkeypatch.setattr(meaning, "sentences", lambda: None)
    linking._issue_meanings.cache_clear()
    try:
        assert linked_together("Every nation picks its own partners and its own allies, Marquardt said.", "BOR",
                               ALLIANCES) == []
        assert [l.issue_slug for l in linked_together("No new dams may be built upstream, Wielgosz said.", "ALD",
                                                     ALLIANCES)] == ["dam-moratorium"]
    finally:
        linking._issue_meanings.cache_clear()


def test_a_link_taken_from_the_text_around_goes_when_the_statement_means_another_issue_much_more(monkeypatch):
    from ingest.extraction import linking

    statement = found("That is not something we will trade away, Wielgosz said.", "ALD")
    pointed = FoundLink("steel", "demands", 0.35, "points back to the statement before: steel; demands: x")
    meant = {issue.slug: 0.0 for issue in TARIFFS.issues}
    monkeypatch.setattr(linking, "_meant", lambda text, meanings: {**meant, "grain": 0.50, "steel": 0.25})
    statement.links = [pointed]
    linking._by_meaning([statement], TARIFFS)
    assert statement.links == []  # 0.25 below what it means most, and no issue clearly enough to link instead
    monkeypatch.setattr(linking, "_meant", lambda text, meanings: {**meant, "grain": 0.40, "steel": 0.25})
    statement.links = [pointed]
    linking._by_meaning([statement], TARIFFS)
    assert statement.links == [pointed]  # within reach of the closest: the text around decides


def test_a_lone_link_by_a_few_words_goes_when_the_statement_means_another_issue_much_more(monkeypatch):
    from ingest.extraction import linking

    statement = found("The steel of our resolve will not bend on the harvest, Wielgosz said.", "ALD")
    meant = {issue.slug: 0.0 for issue in TARIFFS.issues}
    weak = FoundLink("steel", "demands", 0.5, "words steel (score 4.2); demands: x", words=4.2)
    monkeypatch.setattr(linking, "_meant", lambda text, meanings: {**meant, "grain": 0.50, "steel": 0.25})
    statement.links = [weak]
    linking._by_meaning([statement], TARIFFS)
    assert statement.links == []  # one word of "steel", a sentence about the grain: neither is linked
    monkeypatch.setattr(linking, "_meant", lambda text, meanings: {**meant, "grain": 0.62, "steel": 0.25})
    statement.links = [weak]
    linking._by_meaning([statement], TARIFFS)
    assert [(l.issue_slug, l.reason.split(":")[0]) for l in statement.links] == [("grain", "means it")]  # clearly
    monkeypatch.setattr(linking, "_meant", lambda text, meanings: {**meant, "grain": 0.50, "steel": 0.40})
    statement.links = [weak]
    linking._by_meaning([statement], TARIFFS)
    assert statement.links == [weak]  # within reach of what it means most: its words decide
    monkeypatch.setattr(linking, "_meant", lambda text, meanings: {**meant, "grain": 0.50, "steel": 0.25})
    strong = dataclasses.replace(weak, words=linking.MEANT_WEAK_WORDS + 1)
    cue = dataclasses.replace(weak, reason="cue 'steel', words steel (score 4.2); demands: x")
    voted = dataclasses.replace(weak, reason="words steel (score 4.2); like confirmed statements (vote +0.50)")
    for kept in (strong, cue, voted):  # many words, an editor's cue or editors' examples are not second-guessed
        statement.links = [kept]
        linking._by_meaning([statement], TARIFFS)
        assert statement.links == [kept]
