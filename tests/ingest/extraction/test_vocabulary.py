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
