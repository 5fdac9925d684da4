"""Every endpoint does the same number of queries at 5 and at 60 rows of everything it shows."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import History, NegotiationFactory, PersonFactory

pytestmark = pytest.mark.django_db

STANCES = ["demands", "rejects", "open", "supports"]


def grow(h, n: int) -> None:
    """n more statements (each with its own speaker, article and two links), n more people,
    n/5 more issues and negotiations: every list and position grows."""
    codes = list(h.parties)
    start = len(h.issues)
    for i in range(n // 5):
        slug = f"issue-{start + i}"
        from tests.factories import IssueFactory

        h.issues[slug] = IssueFactory(negotiation=h.negotiation, slug=slug, owner=h.parties[codes[0]], position=start + i)
        NegotiationFactory(parties=list(h.parties.values()))
    slugs = list(h.issues)
    for i in range(n):
        party = codes[i % len(codes)]
        speaker = PersonFactory(party=h.parties[party])
        first, second = slugs[i % len(slugs)], slugs[(i + 1) % len(slugs)]
        h.say(party, "", "", i % len(h.rounds) + 1, day=i % 7, speaker=speaker,
              links={first: STANCES[i % 4], second: STANCES[(i + 1) % 4]})


def endpoints(h):
    slug = h.negotiation.slug
    statement = h.statement
    person = statement.speaker
    every_filter = {
        "party": "AA", "speaker": person.pk, "issue": "alpha", "stance": "demands", "round": "r1",
        "negotiation": slug, "status": "auto,confirmed", "since": "2022-01-01", "article": statement.article_id,
    }
    big = {"page_size": 500}
    return {
        "root": ("/api/", {}),
        "negotiations": ("/api/negotiations/", big),
        "negotiation": (f"/api/negotiations/{slug}/", {}),
        "rounds": ("/api/rounds/", {**big, "negotiation": slug}),
        "negotiation rounds": (f"/api/negotiations/{slug}/rounds/", big),
        "round": (f"/api/negotiations/{slug}/rounds/r2/", {}),
        "issues": ("/api/issues/", {**big, "negotiation": slug, "owner": "AA"}),
        "negotiation issues": (f"/api/negotiations/{slug}/issues/", big),
        "issue": (f"/api/negotiations/{slug}/issues/alpha/", {}),
        "parties": ("/api/parties/", {**big, "negotiation": slug}),
        "party": ("/api/parties/AA/", {}),
        "people": ("/api/people/", {**big, "party": "AA"}),
        "person": (f"/api/people/{person.pk}/", {}),
        "statements": ("/api/statements/", big),
        "statements, every filter": ("/api/statements/", {**big, **every_filter}),
        "statements, issue+stance": ("/api/statements/", {**big, "issue": "beta", "stance": "open"}),
        "statements csv": ("/api/statements/", {**big, "format": "csv"}),
        "statement": (f"/api/statements/{statement.pk}/", {}),
        "positions": (f"/api/negotiations/{slug}/positions/", {"round": "r3"}),
        "positions latest": (f"/api/negotiations/{slug}/positions/", {}),
        "positions csv": (f"/api/negotiations/{slug}/positions/", {"format": "csv"}),
        "changes": (f"/api/negotiations/{slug}/changes/", {"from": "r1", "to": "r3"}),
        "changes default": (f"/api/negotiations/{slug}/changes/", {}),
        "changes, strength filters": (f"/api/negotiations/{slug}/changes/", {"from": "r1", "to": "r3",
                                                                             "min_sources": 1, "confirmed": "false"}),
        "positions, strength filters": (f"/api/negotiations/{slug}/positions/", {"min_sources": 1}),
        "changes feed": (f"/api/negotiations/{slug}/changes.atom", {}),
        "timeline": (f"/api/negotiations/{slug}/timeline/", {"party": "AA", "issue": "alpha"}),
    }


def measure(api, editor_api, h) -> dict[str, int]:
    counts = {}
    for name, (path, params) in endpoints(h).items():
        with CaptureQueriesContext(connection) as queries:
            response = api.get(path, params)
        assert response.status_code == 200, (name, response.content[:300])
        if params.get("page_size") and "csv" not in name:
            assert response.json()["results"], name  # measured on rows, not on an empty page
        counts[name] = len(queries)
    with CaptureQueriesContext(connection) as queries:
        response = editor_api.post(f"/api/statements/{h.statement.pk}/review/", {"status": "confirmed"}, format="json")
    assert response.status_code == 200
    counts["review"] = len(queries)
    return counts


def rows(api, h) -> int:
    return api.get("/api/statements/", {"page_size": 500}).json()["count"]


def test_query_counts_do_not_grow_with_the_rows(api, editor_api):
    h = History(rounds=4, parties=("AA", "BB", "CC"), issues=("alpha", "beta"))
    grow(h, 5)
    h.statement = h.say("AA", "alpha", "demands", 1, speaker=PersonFactory(party=h.parties["AA"]),
                        links={"alpha": "demands", "beta": "open"})
    small = measure(api, editor_api, h)
    small_rows = rows(api, h)
    grow(h, 55)
    large = measure(api, editor_api, h)
    assert rows(api, h) >= small_rows + 55  # the endpoints did show more rows
    assert large == small, {k: (small[k], large[k]) for k in small if small[k] != large[k]}
    assert max(v for k, v in large.items() if k != "review") <= 12, large
