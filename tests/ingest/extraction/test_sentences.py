from ingest.extraction.sentences import has_end_punctuation, paragraphs, sentences


def texts(text):
    return [s.text for s in sentences(text)]


def test_abbreviations_do_not_end_sentences():
    text = "Mr. Okafor met Dr. Lind on Jan. 12 in St. Gallen. The talks ended early."
    assert texts(text) == ["Mr. Okafor met Dr. Lind on Jan. 12 in St. Gallen.", "The talks ended early."]


def test_country_abbreviation_ends_a_sentence_only_before_a_sentence_starter():
    text = "The envoy flew to the U.S. Embassy first. Then he went to the U.S. The talks began."
    assert texts(text) == ["The envoy flew to the U.S. Embassy first.", "Then he went to the U.S.", "The talks began."]


def test_a_closing_quote_stays_with_its_sentence():
    text = "\u201cWe are ready.\u201d The minister left. \u201cAre you?\u201d she asked."
    assert texts(text) == ["\u201cWe are ready.\u201d", "The minister left.", "\u201cAre you?\u201d she asked."]


def test_offsets_index_the_original_text():
    text = "Intro line\n\n  First sentence here. Second one!\n"
    for s in sentences(text):
        assert text[s.start:s.end] == s.text


def test_page_furniture_is_skipped_and_teasers_after_the_end_are_dropped():
    text = "Advertisement\n\nThe talks resumed.\n\nRead more: Other news\n\nThe sides met.\n\nPrevious Story\n\nA teaser said things."
    kept = [p.text for p in paragraphs(text)]
    assert kept == ["The talks resumed.", "The sides met."]


def test_end_punctuation():
    assert has_end_punctuation("He left.")
    assert has_end_punctuation("\u201cWe left,\u201d")
    assert not has_end_punctuation("Talks stall over ports")


def test_bylines_are_furniture_but_sentences_starting_with_by_are_not():
    text = "By Jane Roe and Tom Poe\n\nBy Tuesday the commission said it was ready.\n\nUpdated 12:40 GMT"
    assert [p.text for p in paragraphs(text)] == ["By Tuesday the commission said it was ready."]
