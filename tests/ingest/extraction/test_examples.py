"""Editors' confirmed statements as examples: who votes, and how."""
import dataclasses

from ingest.extraction import linking
from ingest.extraction.examples import Examples, learned_words, votes
from ingest.extraction.types import ExampleRef

from .reports import CONTEXT

DAMS = ExampleRef("Borvania must stop building dams upstream on the Varta, Wielgosz said.", "ALD",
                  (("dam-moratorium", "demands"),), id=1)
WEATHER = ExampleRef("Wielgosz said the weather upstream on the Varta was fine for the talks.", "ALD", (), id=2)


def test_alike_statements_vote_for_their_links_and_unrelated_ones_have_no_say():
    examples = Examples((DAMS, WEATHER))
    near = examples.neighbours("Borvania must stop building new dams upstream, Wielgosz said.", "ALD")
    assert [n.example.id for n in near][:1] == [1]
    vote, like = votes(near, "dam-moratorium", frozenset({"dam", "upstream"}))
    assert vote > 0 and like.example.id == 1
    # the weather remark never had the fishing issue's words: it cannot vote against it
    assert votes(examples.neighbours("the weather was fine", "ALD"), "fishing", frozenset({"fish"})) == (0.0, None)


def test_another_partys_example_weighs_less():
    examples = Examples((DAMS,))
    own = examples.neighbours("Borvania must stop building dams upstream.", "ALD")[0].similarity
    other = examples.neighbours("Borvania must stop building dams upstream.", "BOR")
    assert not other or other[0].similarity < own


def test_words_are_learned_only_when_several_statements_use_them_for_one_issue():
    bags = [({"gaug", "station"}, ExampleRef("", "ALD", (("monitor", "demands"),)))] * 3 + [
        ({"station", "rail"}, ExampleRef("", "ALD", ()))]
    learned = learned_words(bags, ["monitor"])
    assert "gaug" in learned["monitor"] and "station" not in learned.get("monitor", {})  # 3 of 4 < 0.8


def test_the_linker_compares_examples_by_what_they_say_not_by_who_is_named():
    gauges = ExampleRef("Foreign Minister Tomasz Wielgosz of Aldoria said in Marensk that Borvania must open its "
                        "gauging stations to engineers.", "ALD", (("joint-monitoring", "supports"),), id=7)
    index = linking._index(dataclasses.replace(CONTEXT, examples=(gauges,)))
    same_words = index.examples.neighbours("Wielgosz said Borvania must open the gauging stations to engineers.", "ALD")
    assert [n.example.id for n in same_words] == [7]
    # the same minister and his title, the same capital: about the weather, it is no example of the gauges
    assert index.examples.neighbours("Foreign Minister Tomasz Wielgosz of Aldoria said in Marensk that the summer "
                                     "had been long and dry.", "ALD") == []


def test_a_name_that_is_an_issue_s_words_is_kept_and_a_role_is_not():
    court = dataclasses.replace(CONTEXT, issues=CONTEXT.issues + (dataclasses.replace(
        CONTEXT.issues[0], slug="court", title="Disputes go to the Varta Arbitration Court", cues=()),))
    index = linking._index(dataclasses.replace(court, examples=(ExampleRef("x", "ALD", (), id=1),)))
    assert {"arbitr", "court"} <= set(index.examples.read("Aldoria rejects the Varta Arbitration Court."))
    # the foreign minister (a role of the negotiation's people) is who speaks, not what is said
    assert not {"foreign", "minist"} & set(index.examples.read("The foreign minister said the dams must stop."))
