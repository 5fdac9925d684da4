from ingest.extraction import quotes


def test_curly_and_straight_quotes():
    text = 'He said \u201cno deal\u201d and "not now".'
    found = [text[a:b] for a, b in quotes.spans(text)]
    assert found == ["\u201cno deal\u201d", '"not now"']


def test_an_unclosed_quote_runs_to_the_end_of_the_paragraph():
    text = '"The line is clear. We will hold it.'
    assert quotes.spans(text) == [(0, len(text))]


def test_apostrophes_are_not_quotes():
    text = "The country\u2019s envoy said it\u2019s over, citing \u2018red lines\u2019."
    assert [text[a:b] for a, b in quotes.spans(text)] == ["\u2018red lines\u2019"]


def test_outside_text_blanks_quotes_and_keeps_offsets():
    text = 'A "B C" D'
    blanked = quotes.outside_text(text, quotes.spans(text))
    assert len(blanked) == len(text) and "B" not in blanked and blanked.endswith("D")
