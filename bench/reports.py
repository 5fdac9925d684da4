"""Generated news reports (~700 words) about whatever negotiation is in the database.

Speakers, parties, demands and rounds are read from the database at run time,
so the reports fit any negotiation and nothing here knows one by heart. Filler
sentences are drawn from a large combinatorial pool so that two reports are
never near-duplicates of each other (the duplicate check would otherwise skip
their statements and flatter the figures).
"""
from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

FIRST = ["Anna", "Marek", "Lena", "Tomas", "Ilse", "Pavel", "Greta", "Jonas", "Mira", "Oskar", "Nadia", "Felix",
         "Clara", "Viktor", "Hanna", "Erik", "Sofia", "Aleks", "Ruth", "Dario", "Petra", "Karl", "Ida", "Lukas"]
LAST = ["Halvorsen", "Brandt", "Kovacs", "Lindqvist", "Moravec", "Olsen", "Petrescu", "Quint", "Rasmussen",
        "Szabo", "Tamm", "Urbanek", "Varga", "Wendt", "Zeller", "Aalto", "Berglund", "Castell", "Dvorak", "Egger"]
ROLES = ["a senior diplomat", "a defence analyst", "a former ambassador", "a government adviser",
         "a spokesperson", "a senior official", "a security researcher", "a deputy minister"]
OUTLETS = ["Daily Wire Service", "Morning Ledger", "Evening Courier", "Global Dispatch", "The Continental",
           "North Star Times", "Harbour Post", "Capital Review"]

SUBJECTS = ["Diplomats", "Observers", "Officials", "Analysts", "Negotiators", "Delegations", "Aides", "Experts",
            "Correspondents", "Lawmakers", "Markets", "Allies", "Neighbours", "Commentators"]
VERBS = ["watched", "questioned", "weighed", "described", "doubted", "welcomed", "examined", "criticised",
         "followed", "played down", "recalled", "compared", "anticipated", "reviewed"]
OBJECTS = ["the mood in the corridors", "the length of the sessions", "the wording of the drafts",
           "the schedule of the next meetings", "the troop movements near the border", "the tone of the briefings",
           "the role of smaller states", "the energy prices", "the tariff debate", "the exercises at sea",
           "the fisheries record", "the public statements of both capitals", "the hotel negotiations",
           "the closed-door dinners", "the leaked agenda", "the timetable for written answers"]
CLAUSES = ["after a long week", "as winter set in", "while the talks continued", "before the weekend",
           "despite the late hour", "in several capitals", "with visible caution", "over coffee in the lobby",
           "ahead of further consultations", "amid heavy security", "on the sidelines", "in the press room"]
CLOSERS = ["No date was set for a follow-up.", "Both delegations left without comment.",
           "Further talks are expected in the coming weeks.", "The next session is due within days.",
           "Details of the exchange were not published.", "A written reply is expected soon."]

STANCE_PHRASES = {
    "demands": ["insists on {issue}", "demands {issue}", "wants a binding commitment that {issue_lc}"],
    "rejects": ["rejects the idea that {issue_lc}", "will not accept {issue}", "says {issue} is a non-starter"],
    "open": ["is ready to discuss {issue}", "is open to talks on {issue}", "could consider {issue}"],
    "supports": ["supports {issue}", "agrees with {issue}", "backs {issue}"],
}
SPEECH = ["said", "told reporters", "stressed", "added", "noted", "told a news conference"]


@dataclass(frozen=True)
class World:
    """The negotiation as plain data, read once from the database."""

    parties: list[dict]
    people: list[dict]
    issues: list[dict]
    rounds: list[dict]


def world_from_db(negotiation=None) -> World:
    from positions.models import Negotiation, Person

    negotiation = negotiation or Negotiation.objects.order_by("pk").first()
    parties = [{"code": p.code, "name": p.name, "aliases": list(p.aliases)} for p in negotiation.parties.all()]
    codes = {p["code"] for p in parties}
    people = [
        {"name": p.name, "role": p.role, "party": p.party.code}
        for p in Person.objects.select_related("party").filter(party__code__in=codes, reviewed=True)
    ]
    issues = [{"slug": i.slug, "title": i.title, "owner": i.owner.code}
              for i in negotiation.issues.select_related("owner")]
    rounds = [{"slug": r.slug, "date": r.date, "name": r.name, "venue": r.venue} for r in negotiation.rounds.all()]
    return World(parties=parties, people=people, issues=issues, rounds=rounds)


def _issue_phrase(issue: dict) -> tuple[str, str]:
    title = issue["title"].rstrip(".")
    if len(title) > 1 and title[1].islower():  # "Aldoria does…" stays, "The compact…" → "the compact…"
        title = title if title.split()[0] not in {"The", "A", "An", "No"} else title[0].lower() + title[1:]
    return f"the demand that {title}", title


def _statement(rng: random.Random, world: World, speaker: dict) -> str:
    issue = rng.choice(world.issues)
    stance = "demands" if issue["owner"] == speaker["party"] else rng.choice(["rejects", "open", "supports", "rejects"])
    phrase, phrase_lc = _issue_phrase(issue)
    party = next((p for p in world.parties if p["code"] == speaker["party"]), None)
    side = party["name"] if party else "the government"
    claim = rng.choice(STANCE_PHRASES[stance]).format(issue=phrase, issue_lc=phrase_lc)
    who = f"{speaker['role']} {speaker['name']}".strip() if speaker.get("role") else speaker["name"]
    if rng.random() < 0.5:
        return f'"{side} {claim}," {who} {rng.choice(SPEECH)}.'
    return f"{who} {rng.choice(SPEECH)} that {side} {claim}."


def _filler(rng: random.Random) -> str:
    return f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)} {rng.choice(CLAUSES)}."


def report(world: World, index: int, *, seed: int = 7, words: int = 700) -> dict:
    """One report: a dateline, statements by known and new speakers among filler, ~`words` words."""
    rng = random.Random(f"{seed}-{index}")
    rnd = rng.choice(world.rounds) if world.rounds else {"date": dt.date(2022, 1, 10), "name": "talks", "venue": ""}
    published = rnd["date"] + dt.timedelta(days=rng.randint(0, 4))
    newcomer = {"name": f"{rng.choice(FIRST)} {rng.choice(LAST)}", "role": rng.choice(ROLES),
                "party": rng.choice(world.parties)["code"] if world.parties else ""}
    speakers = rng.sample(world.people, k=min(3, len(world.people))) + [newcomer]
    paragraphs = [f"{rnd.get('venue') or 'The capital'} — {rnd['name']} opened with a statement from each side."]
    count = len(paragraphs[0].split())
    while count < words:
        sentences = [_filler(rng) for _ in range(rng.randint(1, 3))]
        if world.issues and rng.random() < 0.6:
            sentences.insert(rng.randint(0, len(sentences)), _statement(rng, world, rng.choice(speakers)))
        paragraph = " ".join(sentences)
        paragraphs.append(paragraph)
        count += len(paragraph.split())
    paragraphs.append(rng.choice(CLOSERS))
    return {
        "url": f"https://bench.example.org/{seed}/{index}",
        "title": f"{rnd['name']}: positions after the session ({index})",
        "outlet": rng.choice(OUTLETS),
        "published": published.isoformat(),
        "text": "\n\n".join(paragraphs),
    }


def reports(world: World, n: int, *, seed: int = 7, start: int = 0) -> list[dict]:
    return [report(world, i, seed=seed) for i in range(start, start + n)]
