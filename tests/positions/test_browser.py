"""End to end in a real headless Chromium: a new analyst signs in, lands on the front page, opens the
matrix (on the latest round with statements), a cell's evidence, the changes page and a timeline.

Skips when /usr/bin/chromium is missing, except under CI (env CI set), where a missing
browser is a failure: CI must never pass by skipping this test.
"""
from pathlib import Path

import pytest

from positions import selectors, services
from tests.conftest import browser_unavailable, sign_in
from tests.factories import ArticleFactory, PersonFactory, StatementFactory, StatementLinkFactory

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def say(negotiation, *, party, issue, rnd, stance, text, speaker=None):
    article = ArticleFactory(published=rnd.date, url=f"https://news.example.org/{party.code}-{issue.slug}-{rnd.slug}")
    statement = StatementFactory(
        negotiation=negotiation, article=article, party=party, round=rnd, stated_on=rnd.date, text=text,
        speaker=speaker,
    )
    StatementLinkFactory(statement=statement, issue=issue, stance=stance)
    services.positions_refresh_pairs([(party.pk, issue.pk)])
    return statement


@pytest.fixture
def record(shipped, editor):
    """A small record over the shipped reference data: stances on several issues, a change, a pin."""
    parties = list(shipped.parties.order_by("code"))
    issues = list(shipped.issues.order_by("position", "slug"))
    rounds = list(selectors.rounds_of(negotiation=shipped))
    a, b, c = parties[:3]
    x, y, z = issues[:3]
    r1, r2, r3 = rounds[:3]
    speaker = PersonFactory(name="Delegate Example", party=a, role="deputy minister")
    quote = "Our first demand is not up for trade, and we expect a written answer."
    say(shipped, party=a, issue=x, rnd=r1, stance="demands", text=quote, speaker=speaker)
    say(shipped, party=a, issue=y, rnd=r1, stance="demands", text="The second point is just as essential.")
    say(shipped, party=b, issue=x, rnd=r1, stance="open", text="We are ready to discuss the first point.")
    say(shipped, party=b, issue=x, rnd=r2, stance="rejects", text="The first point is a non-starter.")
    say(shipped, party=c, issue=y, rnd=r2, stance="supports", text="We can back the second point.")
    say(shipped, party=c, issue=z, rnd=r3, stance="open", text="Let us talk about the third point.")
    services.position_pin(party=b, issue=z, from_round=r2, stance="rejects", note="From the written reply.", user=editor)
    return {"negotiation": shipped, "a": a, "b": b, "x": x, "rounds": rounds, "quote": quote}


@pytest.mark.parametrize("ci, outcome", [("", pytest.skip.Exception), ("true", pytest.fail.Exception)])
def test_a_missing_browser_skips_locally_but_fails_under_ci(monkeypatch, ci, outcome):
    monkeypatch.setenv("CI", ci)
    with pytest.raises(outcome):
        browser_unavailable("no browser here")


@pytest.mark.browser
def test_analyst_signs_in_reads_the_front_page_the_matrix_its_evidence_and_the_changes(live_server, chromium, record,
                                                                                        analyst):
    negotiation, a, b, x = record["negotiation"], record["a"], record["b"], record["x"]
    r1, r2, r3 = record["rounds"][:3]
    page = chromium.new_page(viewport={"width": 1360, "height": 900})
    matrix_path = f"/negotiations/{negotiation.slug}/"
    ARTIFACTS.mkdir(exist_ok=True)

    # A new analyst (not staff) opens the site: the sign-in page, then the front page.
    page.goto(f"{live_server.url}/")
    assert "/accounts/login/" in page.url
    page.screenshot(path=str(ARTIFACTS / "sign-in.png"), full_page=True)
    sign_in(page, "analyst", "analyst-pass-123")
    page.wait_for_url(f"{live_server.url}/")
    card = page.locator(f'li.negotiation-card[data-negotiation="{negotiation.slug}"]')
    assert card.locator(f"text=Latest round with statements: {r3.name}").is_visible()
    assert card.locator("ul.latest-changes li").count() >= 1  # the news, not an empty product
    assert card.locator('a[type="application/atom+xml"]').is_visible()
    page.screenshot(path=str(ARTIFACTS / "front-page.png"), full_page=True)

    # The matrix opens on the latest round that has statements (r3), not on the last round of the calendar.
    card.locator("h2 a").click()
    page.wait_for_url(f"**{matrix_path}")
    assert page.locator("table.matrix caption").is_visible()
    assert page.locator("text=Legend").is_visible()
    assert r3.name in page.locator(".round-summary").inner_text()

    def cell(party, issue):
        return page.locator(f'td.cell[data-party="{party.code}"][data-issue="{issue.slug}"]')

    # Switch to the second round with the round selector: B's stance on X changed there.
    page.select_option("#round-select", r2.slug)
    page.click(".round-form button[type=submit]")
    page.wait_for_url(f"**round={r2.slug}")
    assert cell(b, x).get_attribute("data-stance") == "rejects"
    assert "changed" in cell(b, x).get_attribute("class")
    assert "weak" in cell(b, x).get_attribute("class")  # one unconfirmed sentence, and it shows
    # ... and back with "previous": the stance held at the first round.
    page.click("a[rel=prev]")
    page.wait_for_url(f"**round={r1.slug}")
    assert cell(b, x).get_attribute("data-stance") == "open"
    page.click("a[rel=next]")
    page.wait_for_url(f"**round={r2.slug}")

    # Open a cell's evidence: the quote, its speaker and how well it is sourced appear beside the matrix.
    cell(a, x).locator("a.cell-link").click()
    evidence = page.locator("#evidence-content")
    evidence.locator("blockquote", has_text=record["quote"]).wait_for(state="visible")
    assert evidence.locator("text=Delegate Example").is_visible()
    assert evidence.locator(".evidence-strength").is_visible()
    assert f"party={a.code}" in page.url  # the opened cell is in the address, shareable
    assert cell(a, x).locator("a.cell-link").get_attribute("aria-current") == "true"
    page.screenshot(path=str(ARTIFACTS / "matrix.png"), full_page=True)

    # At phone width the page does not scroll sideways: only the matrix does, in its own box.
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    assert page.locator("#evidence-content blockquote", has_text=record["quote"]).is_visible()
    page.screenshot(path=str(ARTIFACTS / "matrix-phone.png"), full_page=True)

    # From the matrix to what changed since the previous round, then to one party's timeline.
    page.set_viewport_size({"width": 1360, "height": 900})
    page.click("text=What changed since")
    page.wait_for_url(f"**/changes/?from={r1.slug}&to={r2.slug}")
    row = page.locator(f'tr.change-changed:has(abbr:text-is("{b.code}"))')
    assert row.locator("blockquote", has_text="The first point is a non-starter.").is_visible()
    page.screenshot(path=str(ARTIFACTS / "changes.png"), full_page=True)
    row.locator("a", has_text="timeline").click()
    page.wait_for_url(f"**/timeline/{b.code}/{x.slug}/")
    assert page.locator("table.timeline tbody tr").count() == len(record["rounds"])
    assert page.locator("blockquote", has_text="We are ready to discuss the first point.").is_visible()
    page.screenshot(path=str(ARTIFACTS / "timeline.png"), full_page=True)

    # The changes page without parameters opens on the last two rounds where something moved.
    page.goto(f"{live_server.url}/negotiations/{negotiation.slug}/changes/")
    assert page.locator("#to-select").input_value() == r3.slug
    assert page.locator("tr.change-new").count() >= 1

    # Back to the list of negotiations, which leads to the matrix.
    page.click("nav.breadcrumbs >> text=Negotiations")
    page.wait_for_url("**/negotiations/")
    assert page.locator(f'a[href="{matrix_path}"]').first.is_visible()
    page.screenshot(path=str(ARTIFACTS / "index.png"), full_page=True)
    page.close()
