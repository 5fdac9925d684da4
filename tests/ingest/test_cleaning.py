"""HTML and plain text to clean paragraphs, without page furniture."""
import pytest

from ingest import cleaning

BODY = [
    "The delegations met for six hours in Lisbon on Tuesday, the foreign ministry of Ruritania said in a statement.",
    '"We cannot accept a treaty that ignores our borders," the Ruritanian envoy Anna Vask told reporters afterwards.',
    "Officials of the Northern Alliance said they would answer in writing within two weeks, according to a spokesman.",
    "The next meeting is planned for February, when both sides are expected to present amended drafts of the text.",
]


def paragraphs(text):
    return text.split("\n\n")


def test_plain_text_keeps_paragraphs_with_a_blank_line_between_them():
    text = cleaning.clean("\n".join(BODY), is_html=False).text
    assert paragraphs(text) == BODY


def test_hard_wrapped_plain_text_is_joined_into_paragraphs():
    import textwrap

    wrapped = "\n\n".join(textwrap.fill(" ".join(BODY[:2]) * 2, 72) for _ in range(2))
    text = cleaning.clean(wrapped, is_html=False).text
    assert len(paragraphs(text)) == 2 and "\n" not in paragraphs(text)[0]
    assert "in Lisbon on Tuesday" in paragraphs(text)[0]


FURNITURE_TEXT = """Updated March 3rd, 2023 at 10:15 CET
4 min read
By Jane Doe
Image: Reuters | File photo
{0}
Advertisement
{1}
Share this article
Facebook | Twitter | WhatsApp
READ ALSO: Ministers clash over grain exports
Related stories:
Leaders gather for summit in the capital
Markets fall on trade fears
{2}
Subscribe to our newsletter
John Smith contributed reporting to this story.
{3}
Previous Story
Storm closes ports along the coast
Next Story
Ministers promise more talks soon
Latest from World
Elections called in a neighbouring state
The minister said that the vote would be held in spring, according to state media reports on
12 Comments
Leave a Reply
Reader Joe says the government is lying about everything it does and he said so loudly.
"""


def test_furniture_never_reaches_the_text():
    text = cleaning.clean(FURNITURE_TEXT.format(*BODY), is_html=False).text
    assert paragraphs(text) == BODY


def test_a_related_heading_inside_the_article_drops_only_the_headlines_under_it():
    raw = "\n".join([BODY[0], "Related materials:", "Summit ends early", BODY[1], BODY[2], BODY[3]])
    assert paragraphs(cleaning.clean(raw, is_html=False).text) == BODY


def test_navigation_early_in_a_text_does_not_cut_the_article():
    raw = "\n".join(["Next story", "Markets fall on trade fears", *BODY])
    assert paragraphs(cleaning.clean(raw, is_html=False).text) == BODY


@pytest.mark.parametrize("line", [
    "Published on Monday, the draft says the alliance should halt its expansion at once.",
    "Like the other members, the government said it would not accept the proposal.",
    "Source: a senior official said the talks had failed and would not resume this month at all.",
    "Comments made by the minister on Tuesday were described as a provocation by the other side.",
    "Next week the delegations will meet again in Vienna, the spokesman said.",
])
def test_sentences_that_start_like_furniture_are_kept(line):
    assert cleaning.is_furniture_line(line) is False
    assert line in cleaning.clean("\n".join([*BODY, line]), is_html=False).text


HTML = """<!doctype html><html><head><title>Talks stall | Daily Courier</title>
<meta property="og:site_name" content="Daily Courier"><meta property="article:published_time" content="2023-03-03T10:00:00Z">
</head><body><nav><a href="/">Home</a><a href="/world">World</a><a href="/sport">Sport</a></nav>
<article><h1>Talks stall</h1><p>{0}</p><div class="ad"><p>Advertisement</p></div><p>{1}<br>{2}</p>
<aside class="related"><h3>Related materials</h3><ul><li><a href="/a">Summit ends early</a></li></ul></aside>
<p>{3}</p><p>Share this article</p></article>
<section id="comments"><h3>3 Comments</h3><p>Reader Joe says: the government is lying about everything it does.</p></section>
<footer><p>Copyright 2023 Daily Courier. All rights reserved.</p></footer></body></html>"""


def test_html_to_clean_paragraphs_and_metadata():
    page = cleaning.clean(HTML.format(*BODY), is_html=True, url="https://courier.example/talks")
    assert [p for p in paragraphs(page.text) if p in BODY] == BODY
    assert "Advertisement" not in page.text and "Reader Joe" not in page.text and "Copyright" not in page.text
    assert "Summit ends early" not in page.text and "Share this" not in page.text
    assert page.title.startswith("Talks stall") and page.outlet == "Daily Courier"
    assert page.published.isoformat() == "2023-03-03"


def test_truncated_html_keeps_what_arrived():
    html = HTML.format(*BODY)
    cut = html[: html.index(BODY[3]) + 40]
    text = cleaning.clean(cut, is_html=True).text
    assert BODY[0] in text and BODY[2] in text


@pytest.mark.parametrize("html", ["", "<html><body></body></html>", "<<<>>>< /// ><", "<html><script>var a = 1;</script></html>"])
def test_html_without_article_text_gives_empty_text(html):
    assert cleaning.clean(html, is_html=True).text == ""


@pytest.mark.parametrize("line", [
    "Reported by the state news agency on Tuesday, the meeting lasted six hours and ended without a statement.",
    "Published 2023 figures show the number of troops near the border rising again.",
    "What do you think?",
])
def test_more_lines_that_only_look_like_furniture_are_kept(line):
    text = cleaning.clean("\n".join([*BODY[:2], line, *BODY[2:]]), is_html=False).text
    assert line in text and all(p in text for p in BODY)


def test_a_short_quote_right_after_a_related_heading_is_kept():
    quote = '"We will respond," the envoy said.'
    raw = "\n".join([BODY[0], "Related stories", "Summit ends early", quote, *BODY[1:]])
    assert paragraphs(cleaning.clean(raw, is_html=False).text) == [BODY[0], quote, *BODY[1:]]


# --- Titles from a text's headline line ------------------------------------------------------


@pytest.mark.parametrize("text, title", [
    ("Envoys meet again as talks stall\n\nThe envoys met on Monday. They said little.", "Envoys meet again as talks stall"),
    ("Will the talks resume?\n\nThe envoys met on Monday.", "Will the talks resume?"),
    # A first line that is a sentence, a lone paragraph, or a time stamp is no headline.
    ("The envoys met on Monday.\n\nThey said little.", ""),
    ("Envoys meet again as talks stall", ""),
    ("12.01.2022 21:14 / 3 / 7\n\nThe envoys met on Monday.", ""),
    ("Yes\n\nThe envoys met on Monday.", ""),
])
def test_a_plain_texts_headline_line_gives_its_title(text, title):
    assert cleaning.clean(text, is_html=False).title == title


def test_furniture_before_the_headline_is_skipped():
    text = "Updated March 3rd, 2023 at 10:14 GMT\n\n4 mins read\n\nEnvoys meet again as talks stall\n\nThe envoys met."
    assert cleaning.clean(text, is_html=False).title == "Envoys meet again as talks stall"
