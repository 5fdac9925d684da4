from ingest.extraction.vocabulary import concepts


def test_word_forms_and_synonyms_meet_in_one_concept():
    assert concepts("invading") == concepts("invasion") == concepts("invade") == concepts("attack")
    assert concepts("expansion") == concepts("enlargement") == concepts("admit")
    assert concepts("pull back") == concepts("withdrawal") == concepts("de-escalation")
    assert concepts("legally binding") == concepts("treaty")
    assert concepts("sanctions") == concepts("severe costs")[-1:]


def test_stopwords_and_short_words_are_dropped_but_years_kept():
    assert concepts("the talks of the side") == ()
    assert concepts("borders of 1998") == ("border", "1998")


def test_common_wordings_of_risk_reduction_and_free_choice_of_alliances():
    (risk,) = concepts("risk reduction")
    assert risk in concepts("a hotline to reduce the risk of incidents at sea")
    assert risk in concepts("new confidence-building measures")
    assert {"choose", "alliance"} <= set(concepts("the right of every nation to choose its own path"))


def test_free_choice_of_alliances_is_the_enlargement_concept():
    (expand,) = concepts("enlargement")
    assert expand in concepts("the right of each nation to choose its own security arrangements")
