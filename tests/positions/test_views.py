"""The matrix pages, rendered with real stored positions (shipped reference data + statements)."""
import datetime as dt
from html.parser import HTMLParser

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from positions import selectors, services
from positions.models import Statement
from tests.factories import ArticleFactory, PersonFactory, StatementFactory, StatementLinkFactory


class Cells(HTMLParser):
    """Collects the matrix cells: (party code, issue slug) -> the cell's classes."""

    def __init__(self):
        super().__init__()
        self.cells = {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "td" and "data-party" in attrs:
            self.cells[(attrs["data-party"], attrs["data-issue"])] = set(attrs["class"].split())


def cells_of(response) -> dict:
    parser = Cells()
    parser.feed(response.content.decode())
    return parser.cells


def say(negotiation, *, party, issue, rnd, stance, text, speaker=None, day=None, url=None):
    """A statement made at a round, linked to an issue, stored through the services' refresh."""
    day = day or rnd.date
    article = ArticleFactory(published=day, **({"url": url} if url else {}))
    statement = StatementFactory(
        negotiation=negotiation, article=article, party=party, round=rnd, stated_on=day, text=text, speaker=speaker,
    )
    StatementLinkFactory(statement=statement, issue=issue, stance=stance)
    services.positions_refresh_pairs([(party.pk, issue.pk)])
    return statement


@pytest.fixture
def talks(shipped):
    """The shipped negotiation's parties, issues and rounds, in their order."""
    parties = list(shipped.parties.order_by("code"))
    issues = list(shipped.issues.order_by("position", "slug"))
    rounds = list(selectors.rounds_of(negotiation=shipped))
    assert len(parties) >= 3 and len(issues) >= 2 and len(rounds) >= 3
    return shipped, parties, issues, rounds


def b_turns_against_x(talks, *, rejects_in: int):
    """In r1 A demands x and B is open to it; B rejects x in round `rejects_in`; in r2 C supports y."""
    negotiation, (a, b, c, *_), (x, y, *_), rounds = talks
    say(negotiation, party=a, issue=x, rnd=rounds[0], stance="demands", text="We insist on the first point.")
    say(negotiation, party=b, issue=x, rnd=rounds[0], stance="open", text="We are ready to talk about it.")
    say(negotiation, party=b, issue=x, rnd=rounds[rejects_in - 1], stance="rejects",
        text="That is a non-starter for us.")
    say(negotiation, party=c, issue=y, rnd=rounds[1], stance="supports", text="We back the second point.")


@pytest.fixture
def client_in(client, editor):
    client.force_login(editor)
    return client


def matrix_url(negotiation, **query):
    url = reverse("negotiation-matrix", kwargs={"slug": negotiation.slug})
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


# --- Access -------------------------------------------------------------------


@pytest.mark.parametrize("name", ["negotiation-index", "negotiation-matrix", "negotiation-changes", "negotiation-timeline"])
def test_pages_need_a_login(client, talks, name):
    negotiation, parties, issues, _ = talks
    kwargs = {
        "negotiation-index": {},
        "negotiation-matrix": {"slug": negotiation.slug},
        "negotiation-changes": {"slug": negotiation.slug},
        "negotiation-timeline": {"slug": negotiation.slug, "party": parties[0].code, "issue": issues[0].slug},
    }[name]
    url = reverse(name, kwargs=kwargs)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert "next=" in response["Location"]


def test_an_analyst_with_a_login_sees_the_matrix(client, analyst, talks):
    negotiation = talks[0]
    client.force_login(analyst)
    response = client.get(matrix_url(negotiation))
    assert response.status_code == 200
    assert negotiation.name in response.content.decode()


def test_an_analyst_signs_in_with_a_password_and_reaches_the_matrix_but_not_the_admin(client, analyst, talks):
    """Their only login was the admin's, which refuses users who are not staff."""
    negotiation = talks[0]
    page = client.get(reverse("login"), {"next": matrix_url(negotiation)})
    assert page.status_code == 200 and "Sign in" in page.content.decode()
    response = client.post(reverse("login"), {"username": "analyst", "password": "analyst-pass-123",
                                              "next": matrix_url(negotiation)})
    assert response.status_code == 302 and response["Location"] == matrix_url(negotiation)
    matrix = client.get(matrix_url(negotiation))
    assert matrix.status_code == 200 and negotiation.name in matrix.content.decode()
    assert reverse("admin:index") not in matrix.content.decode()  # no admin link for them
    admin = client.get(reverse("admin:index"))
    assert admin.status_code == 302 and admin["Location"].startswith(reverse("admin:login"))
    assert client.post(reverse("logout")).status_code == 302
    assert client.get(matrix_url(negotiation)).status_code == 302


def test_a_wrong_password_is_refused_on_the_page(client, analyst):
    response = client.post(reverse("login"), {"username": "analyst", "password": "wrong"})
    assert response.status_code == 200 and "did not match" in response.content.decode()


def test_index_links_each_negotiation_to_its_matrix(client_in, talks):
    negotiation = talks[0]
    response = client_in.get(reverse("negotiation-index"))
    assert response.status_code == 200
    assert reverse("negotiation-matrix", kwargs={"slug": negotiation.slug}) in response.content.decode()


@pytest.mark.parametrize(
    "make_url",
    [
        lambda n, p, i: reverse("negotiation-matrix", kwargs={"slug": "no-such-talks"}),
        lambda n, p, i: matrix_url(n, round="no-such-round"),
        lambda n, p, i: reverse("negotiation-changes", kwargs={"slug": n.slug}) + "?to=no-such-round",
        lambda n, p, i: reverse("negotiation-changes", kwargs={"slug": n.slug}) + "?from=no-such-round",
        lambda n, p, i: reverse("negotiation-changes", kwargs={"slug": "no-such-talks"}),
        lambda n, p, i: reverse("negotiation-timeline", kwargs={"slug": n.slug, "party": "NOPE", "issue": i.slug}),
        lambda n, p, i: reverse("negotiation-timeline", kwargs={"slug": n.slug, "party": p.code, "issue": "nope"}),
        lambda n, p, i: reverse("negotiation-evidence", kwargs={"slug": n.slug, "party": p.code, "issue": i.slug})
        + "?round=no-such-round",
    ],
)
def test_unknown_negotiation_round_party_or_issue_is_a_404(client_in, talks, make_url):
    negotiation, parties, issues, _ = talks
    assert client_in.get(make_url(negotiation, parties[0], issues[0])).status_code == 404


# --- Matrix ---------------------------------------------------------------------


def test_matrix_colours_cells_by_stance_and_highlights_what_changed(client_in, talks):
    negotiation, (a, b, c, *_), (x, y, *_), (r1, r2, r3, *_) = talks
    b_turns_against_x(talks, rejects_in=2)

    response = client_in.get(matrix_url(negotiation, round=r2.slug))
    assert response.status_code == 200
    cells = cells_of(response)
    parties = list(negotiation.parties.all())
    assert len(cells) == len(parties) * negotiation.issues.count()
    assert {"stance-demands"} <= cells[(a.code, x.slug)] and "changed" not in cells[(a.code, x.slug)]
    assert {"stance-rejects", "changed"} <= cells[(b.code, x.slug)]
    assert {"stance-supports", "changed"} <= cells[(c.code, y.slug)]
    assert "stance-none" in cells[(a.code, y.slug)]
    changed = {key for key, classes in cells.items() if "changed" in classes}
    assert changed == {(ch.party, ch.issue) for ch in selectors.changes_between(from_round=r1, to_round=r2)}

    html = response.content.decode()
    for label in ("demands", "supports", "open", "rejects", "no position"):  # the legend tells stances in words
        assert label in html
    assert f"owner: <abbr title=\"{x.owner.name}\">{x.owner.code}</abbr>" in html
    assert '<th scope="col"' in html and '<th scope="row"' in html and "<caption" in html
    # previous / next around the chosen round
    assert f'rel="prev" href="?round={r1.slug}"' in html and f'rel="next" href="?round={r3.slug}"' in html


def test_switching_rounds_shows_the_position_held_then(client_in, talks):
    negotiation, (a, b, *_), (x, *_), (r1, r2, r3, *_) = talks
    say(negotiation, party=b, issue=x, rnd=r1, stance="open", text="We are ready to talk about it.")
    say(negotiation, party=b, issue=x, rnd=r3, stance="rejects", text="That is a non-starter for us.")

    assert "stance-open" in cells_of(client_in.get(matrix_url(negotiation, round=r1.slug)))[(b.code, x.slug)]
    at_r2 = cells_of(client_in.get(matrix_url(negotiation, round=r2.slug)))[(b.code, x.slug)]
    assert "stance-open" in at_r2 and "changed" not in at_r2  # carried forward, not restated
    assert {"stance-rejects", "changed"} <= cells_of(client_in.get(matrix_url(negotiation, round=r3.slug)))[
        (b.code, x.slug)
    ]
    # Without ?round= the matrix is at the latest round, where the stance still holds.
    latest = cells_of(client_in.get(matrix_url(negotiation)))[(b.code, x.slug)]
    assert "stance-rejects" in latest


def test_pinned_and_withdrawn_cells_are_marked(client_in, talks, editor):
    negotiation, (a, b, *_), (x, y, *_), (r1, r2, *_) = talks
    say(negotiation, party=a, issue=x, rnd=r1, stance="demands", text="We insist on the first point.")
    say(negotiation, party=b, issue=y, rnd=r1, stance="open", text="We can discuss the second point.")
    services.position_pin(party=b, issue=x, from_round=r2, stance="rejects", note="Said off the record.", user=editor)
    services.position_pin(party=a, issue=x, from_round=r2, stance="", user=editor)

    response = client_in.get(matrix_url(negotiation, round=r2.slug))
    cells = cells_of(response)
    assert {"stance-rejects", "pinned", "changed"} <= cells[(b.code, x.slug)]
    assert {"stance-none", "changed"} <= cells[(a.code, x.slug)]  # withdrawn by the empty pin
    assert "pinned" not in cells[(b.code, y.slug)]
    assert ">withdrawn<" in response.content.decode()


def test_a_cells_evidence_shows_quotes_speakers_dates_and_links(client_in, talks):
    negotiation, (a, *_), (x, *_), (r1, r2, *_) = talks
    speaker = PersonFactory(name="Delegate Example", party=a)
    first = say(
        negotiation, party=a, issue=x, rnd=r1, stance="demands", text="We insist on the first point.",
        speaker=speaker, url="https://news.example.org/first",
    )
    second = say(
        negotiation, party=a, issue=x, rnd=r2, stance="demands", text="Our demand stands as before.",
        speaker=speaker, day=r2.date + dt.timedelta(days=1), url="https://news.example.org/second",
    )
    url = reverse("negotiation-evidence", kwargs={"slug": negotiation.slug, "party": a.code, "issue": x.slug})
    response = client_in.get(url + f"?round={r2.slug}")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html  # a fragment for the page's script
    assert html.index("Our demand stands as before.") < html.index("We insist on the first point.")  # newest first
    assert "Delegate Example" in html
    assert second.stated_on.strftime("%Y-%m-%d") in html
    assert 'href="https://news.example.org/second"' in html
    for statement in (first, second):
        assert reverse("admin:positions_statement_change", args=[statement.pk]) in html

    # At the first round only the first statement stands behind the stance.
    html = client_in.get(url + f"?round={r1.slug}").content.decode()
    assert "We insist on the first point." in html and "Our demand stands as before." not in html

    # The same evidence is rendered into the matrix page itself for ?party=&issue= (no JavaScript needed).
    page = client_in.get(matrix_url(negotiation, round=r2.slug, party=a.code, issue=x.slug)).content.decode()
    assert "Our demand stands as before." in page
    assert "selected" in cells_of(client_in.get(matrix_url(negotiation, round=r2.slug, party=a.code, issue=x.slug)))[
        (a.code, x.slug)
    ]


def test_uploaded_articles_are_not_linked_as_urls(client_in, talks):
    negotiation, (a, *_), (x, *_), (r1, *_) = talks
    say(negotiation, party=a, issue=x, rnd=r1, stance="demands", text="We insist.", url="file:upload-1.txt")
    url = reverse("negotiation-evidence", kwargs={"slug": negotiation.slug, "party": a.code, "issue": x.slug})
    html = client_in.get(url + f"?round={r1.slug}").content.decode()
    assert "We insist." in html and 'href="file:' not in html


def test_matrix_of_a_negotiation_without_rounds_says_so(client_in, talks):
    negotiation = talks[0]
    negotiation.rounds.all().delete()
    response = client_in.get(matrix_url(negotiation))
    assert response.status_code == 200
    assert "no rounds yet" in response.content.decode()


# --- Changes ---------------------------------------------------------------------


def test_changes_page_lists_the_same_changes_as_the_selector_with_their_quotes(client_in, talks):
    negotiation, (a, b, c, *_), (x, y, *_), (r1, r2, r3, *_) = talks
    b_turns_against_x(talks, rejects_in=3)

    url = reverse("negotiation-changes", kwargs={"slug": negotiation.slug})
    response = client_in.get(url + f"?from={r1.slug}&to={r3.slug}")
    assert response.status_code == 200
    html = response.content.decode()
    expected = selectors.changes_between(from_round=r1, to_round=r3)
    assert {(c.party, c.issue, c.kind) for c in expected} == {(b.code, x.slug, "changed"), (c.code, y.slug, "new")}
    assert html.count('<tr class="change-') == len(expected)
    assert "That is a non-starter for us." in html and "We back the second point." in html
    assert "We insist on the first point." not in html  # unchanged, so not listed
    assert reverse("negotiation-timeline", kwargs={"slug": negotiation.slug, "party": b.code, "issue": x.slug}) in html

    # Without parameters: the last two rounds where something moved (r2, r3), not the latest rounds.
    default = client_in.get(url)
    assert default.status_code == 200
    assert selectors.round_latest(negotiation=negotiation) not in (r2, r3)  # the defaults are not the latest
    assert (default.context["from_round"], default.context["to_round"]) == (r2, r3)
    # Feed readers find the negotiation's Atom feed from the page (the user's own secret address).
    assert '<link rel="alternate" type="application/atom+xml"' in default.content.decode()
    from django.test import Client

    anonymous = Client().get(default.context["feed_href"].split("testserver")[1])  # a feed reader: no session
    assert anonymous.status_code == 200 and anonymous["Content-Type"].startswith("application/atom+xml")


# --- Default rounds: one selector for the pages and the API ------------------------


def test_the_matrix_opens_on_the_latest_round_with_statements(client_in, talks):
    negotiation, (a, b, *_), (x, *_), (r1, r2, r3, *_) = talks
    say(negotiation, party=a, issue=x, rnd=r1, stance="demands", text="We insist on the first point.")
    say(negotiation, party=b, issue=x, rnd=r2, stance="rejects", text="That is a non-starter for us.")
    assert selectors.round_latest(negotiation=negotiation) != r2  # later rounds exist, with nothing said
    response = client_in.get(matrix_url(negotiation))
    assert response.context["round"] == r2
    assert "changed" in cells_of(response)[(b.code, x.slug)]  # it opens on the news
    # The evidence fragment, asked without a round, reads the same round.
    fragment = client_in.get(reverse("negotiation-evidence", kwargs={"slug": negotiation.slug, "party": b.code,
                                                                     "issue": x.slug}))
    assert fragment.context["evidence"]["round"] == r2


def test_changes_page_and_api_open_on_the_same_rounds(client_in, api, talks):
    negotiation, (a, b, *_), (x, y, *_), (r1, r2, r3, r4, *_) = talks
    page_url = reverse("negotiation-changes", kwargs={"slug": negotiation.slug})
    api_url = f"/api/negotiations/{negotiation.slug}/changes/"

    def both():
        page, body = client_in.get(page_url), api.get(api_url).json()
        found = (page.context["from_round"], page.context["to_round"])
        assert tuple(r.slug if r else None for r in found) == (body["from"], body["to"])
        assert {(row["change"].party, row["change"].issue, row["change"].kind) for row in page.context["changes"]} == {
            (c["party"], c["issue"], c["kind"]) for c in body["changes"]
        }
        return found, body["changes"]

    # Only the first round moved anything: both compare it with nothing before it, and everything is new.
    say(negotiation, party=a, issue=x, rnd=r1, stance="demands", text="We insist on the first point.")
    found, listed = both()
    assert found == (None, r1)
    assert [(c["party"], c["kind"]) for c in listed] == [(a.code, "new")]
    # A move at r3: from r1 (the move before it) to r3.
    say(negotiation, party=b, issue=x, rnd=r3, stance="rejects", text="That is a non-starter for us.")
    assert both()[0] == (r1, r3)
    # A withdrawal (an editor clears a position) is a move too.
    services.position_pin(party=a, issue=x, from_round=r4, stance="")
    found, listed = both()
    assert found == (r3, r4)
    assert [(c["party"], c["kind"]) for c in listed] == [(a.code, "withdrawn")]


def test_round_defaults_of_a_negotiation_without_statements_or_rounds(talks):
    negotiation, _, _, rounds = talks
    defaults = selectors.round_defaults_of(negotiation=negotiation)
    assert (defaults.matrix, defaults.changes_from, defaults.changes_to) == (rounds[-1], rounds[-2], rounds[-1])
    negotiation.rounds.all().delete()
    assert selectors.round_defaults_of(negotiation=negotiation) == selectors.RoundDefaults()


def test_a_weak_cell_is_marked_and_a_well_sourced_one_is_not(client_in, talks):
    negotiation, (a, b, *_), (x, *_), (r1, *_) = talks
    say(negotiation, party=a, issue=x, rnd=r1, stance="demands", text="We insist on the first point.")
    say(negotiation, party=a, issue=x, rnd=r1, stance="demands", text="Again: we insist.",
        url="https://other.example.com/1")
    say(negotiation, party=b, issue=x, rnd=r1, stance="open", text="Maybe, one source says.")
    response = client_in.get(matrix_url(negotiation, round=r1.slug))
    cells = cells_of(response)
    assert "weak" in cells[(b.code, x.slug)]
    assert "weak" not in cells[(a.code, x.slug)]
    html = response.content.decode()
    assert 'data-statements="2" data-outlets="2"' in html
    assert "rests on a single unconfirmed statement" in html
    # The changes page says the same of each change.
    changes = client_in.get(reverse("negotiation-changes", kwargs={"slug": negotiation.slug}) + f"?to={r1.slug}")
    text = changes.content.decode()
    assert "2 statements · 2 outlets" in text and "1 statement · 1 outlet" in text
    assert text.count('class="badge weak"') == 1


def test_changes_page_shows_the_newest_quotes_of_a_long_run_and_points_to_the_rest(client_in, talks):
    from positions.views import QUOTES_PER_CHANGE

    negotiation, (a, *_), (x, *_), (r1, r2, *_) = talks
    n = QUOTES_PER_CHANGE + 2
    for i in range(n):
        say(negotiation, party=a, issue=x, rnd=r2, stance="rejects", text=f"Refusal number {i:02d}.",
            day=r2.date + dt.timedelta(days=i % 2), )
    url = reverse("negotiation-changes", kwargs={"slug": negotiation.slug})
    html = client_in.get(url + f"?from={r1.slug}&to={r2.slug}").content.decode()
    shown = [i for i in range(n) if f"Refusal number {i:02d}." in html]
    evidence = selectors.changes_between(from_round=r1, to_round=r2)[0].evidence
    assert len(evidence) == n
    assert len(shown) == QUOTES_PER_CHANGE
    assert "and 2 earlier statements" in html


def test_changes_from_a_later_round_than_to_is_a_400(client_in, talks):
    negotiation, _, _, (r1, r2, *_) = talks
    url = reverse("negotiation-changes", kwargs={"slug": negotiation.slug})
    response = client_in.get(url + f"?from={r2.slug}&to={r1.slug}")
    assert response.status_code == 400
    assert "comes after" in response.content.decode()


# --- Timeline --------------------------------------------------------------------


def test_timeline_shows_the_stance_at_every_round_and_each_quote_once(client_in, talks):
    negotiation, (a, b, *_), (x, *_), rounds = talks
    r1, r2, r3 = rounds[:3]
    say(negotiation, party=b, issue=x, rnd=r1, stance="open", text="We are ready to talk about it.")
    say(negotiation, party=b, issue=x, rnd=r3, stance="rejects", text="That is a non-starter for us.")

    url = reverse("negotiation-timeline", kwargs={"slug": negotiation.slug, "party": b.code, "issue": x.slug})
    response = client_in.get(url)
    assert response.status_code == 200
    rows = response.context["rows"]
    assert [row["round"] for row in rows] == rounds
    assert [row["stance"] for row in rows[:3]] == ["open", "open", "rejects"]
    assert all(row["stance"] == "rejects" for row in rows[3:])  # carried forward to the end
    assert [row["moved"] for row in rows[:3]] == [False, False, True]
    html = response.content.decode()
    assert html.count("We are ready to talk about it.") == 1  # carried evidence shown once
    assert html.count("That is a non-starter for us.") == 1


# --- Query counts ----------------------------------------------------------------


def build_record(negotiation, parties, issues, rounds, n):
    """`n` statements spread over parties, issues and rounds, stored through the services."""
    stances = ["demands", "supports", "open", "rejects"]
    speaker = PersonFactory(party=parties[0])
    for i in range(n):
        party, issue, rnd = parties[i % len(parties)], issues[i % len(issues)], rounds[(i // 7) % len(rounds)]
        article = ArticleFactory(published=rnd.date)
        statement = StatementFactory(
            negotiation=negotiation, article=article, party=party, round=rnd, stated_on=rnd.date,
            speaker=speaker if i % 2 else None,
        )
        StatementLinkFactory(statement=statement, issue=issue, stance=stances[(i // 3) % 4])
    pairs = {(p.pk, i.pk) for p in parties for i in issues}
    services.positions_refresh_pairs(pairs)


def page_queries(client, negotiation, parties, issues, rounds) -> dict:
    a, x, r = parties[0], issues[0], rounds[2]
    slug = negotiation.slug
    urls = {
        "index": reverse("negotiation-index"),
        "matrix": matrix_url(negotiation, round=r.slug, party=a.code, issue=x.slug),
        "evidence": reverse("negotiation-evidence", kwargs={"slug": slug, "party": a.code, "issue": x.slug})
        + f"?round={r.slug}",
        "changes": reverse("negotiation-changes", kwargs={"slug": slug}) + f"?from={rounds[0].slug}&to={r.slug}",
        "timeline": reverse("negotiation-timeline", kwargs={"slug": slug, "party": a.code, "issue": x.slug}),
    }
    counts = {}
    for name, url in urls.items():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        counts[name] = len(ctx.captured_queries)
    return counts


def test_query_count_is_flat_in_the_number_of_statements(client_in, talks):
    negotiation, parties, issues, rounds = talks
    build_record(negotiation, parties, issues, rounds, 10)
    small = page_queries(client_in, negotiation, parties, issues, rounds)
    build_record(negotiation, parties, issues, rounds, 190)
    assert Statement.objects.count() == 200
    large = page_queries(client_in, negotiation, parties, issues, rounds)
    assert large == small
    assert max(small.values()) <= 15


def test_page_names_lead_to_the_pages_not_to_the_api():
    """Others link to these names (the admin, the API root): each must resolve to its page."""
    from django.urls import resolve

    from positions import views

    kwargs = {"slug": "x"}
    assert resolve(reverse("negotiation-index")).func == views.negotiation_index
    assert resolve(reverse("negotiation-matrix", kwargs=kwargs)).func == views.negotiation_matrix
    assert resolve(reverse("negotiation-changes", kwargs=kwargs)).func == views.negotiation_changes
    timeline = reverse("negotiation-timeline", kwargs={**kwargs, "party": "P", "issue": "i"})
    assert resolve(timeline).func == views.negotiation_timeline


@pytest.mark.parametrize("page", ["timeline", "evidence"])
def test_a_party_code_in_an_address_never_holds_a_nul(page):
    from django.urls import Resolver404, resolve

    assert resolve(f"/negotiations/talks/{page}/AA/alpha/").kwargs["party"] == "AA"
    with pytest.raises(Resolver404):  # PostgreSQL would refuse the party's lookup: a 500, not a 404
        resolve(f"/negotiations/talks/{page}/A\x00A/alpha/")
