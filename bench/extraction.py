"""How many ~700-word reports per second extraction handles on one core.

    .venv/bin/python -m bench.extraction [N]

Reports are generated from templates over an invented negotiation (random
speakers, roles, demands, phrasings, quotes, dates), so the figure does not
depend on any corpus. The rate is taken on the process's CPU time, which is
the rate of one core even on a shared, busy machine; wall-clock is printed
too. `run(n)` returns the figures as a dict for callers such as a management
command.
"""
from __future__ import annotations

import datetime as dt
import random
import statistics
import sys
import time

from ingest.extraction import Context, IssueRef, PartyRef, PersonRef, RoundRef, find_statements
from ingest.extraction.linking import link_statements

SYLLABLES = ["an", "ber", "cor", "da", "el", "fin", "gor", "hal", "is", "jor", "ka", "lun", "mar", "nes", "ol",
             "pra", "quin", "ros", "sel", "tam", "ur", "vel", "wen", "yar", "zo"]
PARTIES = [("NOR", "Norland", "Norlandic", "Ostberg"), ("SUD", "Sudmark", "Sudmarkian", "Velhaven"),
           ("LEAG", "Coastal Compact", "Compact", "the Compact secretariat")]
ROLES = ["Foreign Minister", "Deputy Foreign Minister", "Defence Minister", "President", "Prime Minister",
         "chief negotiator", "spokeswoman for the Foreign Ministry", "Trade Secretary"]
ISSUES = [
    ("port-access", "NOR", "Sudmark reopens the northern ports", "Sudmark lifts the blockade and reopens the northern ports to Norlandic shipping."),
    ("troop-cap", "SUD", "Norland caps its border garrisons", "Norland limits the troops it keeps along the border to an agreed ceiling."),
    ("tariff-freeze", "NOR", "Tariffs frozen for five years", "Both sides freeze tariffs on grain and steel for five years."),
    ("observer-mission", "SUD", "Compact observers on the border", "A Compact observer mission monitors the border crossings."),
]
VERBS = ["said", "told reporters", "insisted", "warned", "stressed", "added", "argued", "noted"]
OPENERS = ["On {day},", "Speaking on {day},", "Late on {day},", ""]
DEMAND_PHRASES = [
    "{party} will not accept any deal unless the northern ports are reopened",
    "the blockade of the ports must be lifted before any talks on tariffs",
    "{party} is ready to discuss a freeze on grain and steel tariffs",
    "a ceiling on border garrisons is not negotiable",
    "{party} has no plans to add troops along the border",
    "Compact observers could monitor the border crossings if both sides agree",
    "the tariff freeze would hurt farmers and is unacceptable",
    "talks on the observer mission should continue next month",
]
FILLER = [
    "The talks, held behind closed doors in a lakeside hotel, lasted more than six hours.",
    "Diplomats from both delegations declined to comment on the details of the draft.",
    "Trade between the two countries has fallen by a third since the dispute began last year.",
    "Analysts expect the next round to focus on the wording of a joint statement.",
    "Shipping companies have rerouted dozens of vessels through longer southern routes.",
    "The dispute began when a grain convoy was stopped at the border in the spring.",
]


def _name(rng: random.Random) -> str:
    first = "".join(rng.choice(SYLLABLES) for _ in range(2)).capitalize()
    last = "".join(rng.choice(SYLLABLES) for _ in range(3)).capitalize()
    return f"{first} {last}"


def context() -> Context:
    parties = tuple(PartyRef(code, name, (capital,), (adjective,)) for code, name, adjective, capital in PARTIES)
    issues = tuple(IssueRef(slug, title, owner, description) for slug, owner, title, description in ISSUES)
    rounds = (RoundRef("r1", dt.date(2031, 3, 2)), RoundRef("r2", dt.date(2031, 3, 20)))
    people = (PersonRef("Ilsa Varnow", "NOR", "Foreign Minister", ("Varnow",)),)
    return Context(parties, people, issues, rounds)


def report(rng: random.Random, words: int = 700) -> str:
    """A report of about `words` words: quotes, reported speech, pronouns, fillers and furniture."""
    paragraphs = ["Advertisement", "Talks stall over ports and border troops"]
    speakers = []
    while sum(len(p.split()) for p in paragraphs) < words:
        roll = rng.random()
        code, country, adjective, _ = rng.choice(PARTIES[:2])
        phrase = rng.choice(DEMAND_PHRASES).format(party=country)
        day = rng.choice(["Monday", "Tuesday", "Wednesday", "Friday"])
        opener = rng.choice(OPENERS).format(day=day)
        if roll < 0.3 or not speakers:
            name, role = _name(rng), rng.choice(ROLES)
            speakers.append(name)
            paragraphs.append(f"{opener} {adjective} {role} {name} {rng.choice(VERBS)} that {phrase}.".strip())
        elif roll < 0.55:
            name = rng.choice(speakers)
            paragraphs.append(f"\u201c{phrase.capitalize()}. We have been clear about this for months,\u201d "
                              f"{name.split()[-1]} {rng.choice(['said', 'added', 'told reporters'])}. "
                              f"\u201cNobody should doubt it.\u201d")
        elif roll < 0.7:
            paragraphs.append(f"He {rng.choice(VERBS)} that {phrase}, according to a transcript released by the ministry.")
        elif roll < 0.8:
            paragraphs.append(f"{opener} officials in {country} {rng.choice(['said', 'warned'])} {phrase}.".strip())
        else:
            paragraphs.append(" ".join(rng.sample(FILLER, 3)))
    paragraphs += ["Related articles:", "Leave a Comment"]
    return "\n\n".join(paragraphs)


def run(n: int = 200, seed: int = 7) -> dict:
    """Extract and link `n` generated reports on this core; reports/second and sizes."""
    rng = random.Random(seed)
    ctx = context()
    texts = [report(rng, words=rng.randint(550, 850)) for _ in range(n)]
    published = dt.date(2031, 3, 22)
    find_statements(texts[0], published=published, context=ctx)  # warm caches
    started, cpu_started = time.perf_counter(), time.process_time()
    statements = links = 0
    for text in texts:
        found = find_statements(text, published=published, context=ctx)
        link_statements(found, context=ctx, text=text)  # as the pipeline links a report: together, in order
        statements += len(found)
        links += sum(len(f.links) for f in found)
    took, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    return {
        "reports": n,
        "median_words": statistics.median(len(t.split()) for t in texts),
        "seconds": round(took, 3),
        "cpu_seconds": round(cpu, 3),
        # CPU time of this one process: the figure per core, however busy the machine is
        "reports_per_second": round(n / max(cpu, 1e-9), 1),
        "reports_per_wall_second": round(n / took, 1),
        "statements": statements,
        "links": links,
    }


def main(argv: list[str]) -> None:
    n = int(argv[1]) if len(argv) > 1 else 200
    result = run(n)
    print(f"{result['reports_per_second']} reports/s on one core (CPU time; {result['reports_per_wall_second']}/s "
          f"wall clock) — {result['reports']} reports, median {result['median_words']} words, "
          f"{result['statements']} statements, {result['links']} links")


if __name__ == "__main__":
    main(sys.argv)
