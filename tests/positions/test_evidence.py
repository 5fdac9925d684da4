"""Evidence text as people read it (positions.evidence), on the pages, in the feed and in the API."""
import pytest

from positions.evidence import balance_quotes, evidence_text


@pytest.mark.parametrize("raw, shown", [
    # Straight quotes become curly ones by their place; a sentence with its attribution keeps it.
    ('"We hear you," he added.', "“We hear you,” he added."),
    ('She said: "No deal (for now)." Then left.', "She said: “No deal (for now).” Then left."),
    # A quote that goes on in the next sentence is closed; one that began before is opened.
    ('"We will not give in. And more', "“We will not give in. And more”"),
    ('and that is final," the envoy said.', "“and that is final,” the envoy said."),
    # Doubled full stops and stray spaces, but not an ellipsis.
    ("It concerns the border. .”", "“It concerns the border.”"),
    ("It concerns the border..", "It concerns the border."),
    ("We waited... and waited .", "We waited... and waited."),
    ("Talks ,  he said , went well", "Talks, he said, went well"),
    # Picture captions, credits, bylines and ad slots run into a sentence come out.
    ("Photo: Wire | Image:staff Advertisement The minister said talks were useful.",
     "The minister said talks were useful."),
    ("FILE PHOTO: AGENCY/Jane Roe The envoy said “we are ready”.", "The envoy said “we are ready”."),
    ("Reported by: Jane Roe The talks ended.", "The talks ended."),
    ("The envoy (Photo by a staffer) said no.", "The envoy said no."),
    # Guillemets are quotation marks too.
    ("«Nous verrons», a-t-il dit.", "“Nous verrons”, a-t-il dit."),
])
def test_evidence_text_is_cleaned_for_reading(raw, shown):
    assert evidence_text(raw) == shown


def test_cleaning_never_loses_a_whole_statement():
    assert evidence_text("Advertisement") == "Advertisement"
    assert evidence_text("") == ""


def test_balanced_quotes_stay_as_they_are():
    text = "He said “yes” and she said “no”."
    assert balance_quotes(text) == text
    assert balance_quotes("“Nested ‘inner’ words”") == "“Nested ‘inner’ words”"


@pytest.mark.django_db
def test_pages_feed_and_api_show_the_same_cleaned_text(client, api, analyst):
    from tests.factories import History

    h = History(rounds=2)
    statement = h.say("AA", "alpha", "demands", 1)
    statement.text = 'Photo: Wire "We hear you." he added. .'
    statement.save()
    shown = "“We hear you.” he added."
    assert api.get(f"/api/statements/{statement.pk}/").json()["text"] == shown
    client.force_login(analyst)
    slug = h.negotiation.slug
    page = client.get(f"/negotiations/{slug}/evidence/AA/alpha/?round=r1").content.decode()
    assert f"<p>{shown}</p>" in page
    feed = client.get(f"/api/negotiations/{slug}/changes.atom").content.decode()
    assert shown in feed
