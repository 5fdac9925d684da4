"""Words to concepts: light stemming plus the synonyms diplomatic reporting uses.

An issue's title and description are read through the same function as a
statement, so an issue written tomorrow ("Aldoria lifts the blockade of the
ports") is matched by its own words and their common synonyms without code.
"""
from __future__ import annotations

import re
from functools import lru_cache

# Several words, one concept (general diplomatic and military vocabulary).
PHRASES = [
    (r"\bopen[- ]doors?\b", " expand "),
    (r"\b(?:by|in) force\b", " "),  # "retake it by force", "the treaty in force": no troops
    (r"\bpull(?:s|ed|ing)? (?:back|out)\b|\bpullback\b|\bdraw(?:s|ing)? down\b|\bdrawdown\b", " withdraw "),
    (r"\bde-?escalat\w*", " withdraw "),
    (r"\breturn\w* to (?:their |its )?(?:bases|barracks|garrisons|permanent \w+)", " withdraw troop "),
    (r"\blegally[- ]binding\b", " bind "),
    (r"\barms[- ]control\b", " armscontrol "),
    (r"\brisk[- ]reduction\b|\breduc\w* (?:the )?risks?\b|\bconfidence[- ]building\b", " riskreduction "),
    (r"\bchoose (?:its|their|our|his|her|your) own (?:\w+ )?(?:path|future|course|alliances?|allies|arrangements)\b", " choose alliance expand "),
    (r"\bexport controls?\b", " sanction "),
    (r"\bstrike weapons?(?: systems?)?\b", " missile "),
    (r"\bboth sides\b|\bequal obligations\b", " reciprocal "),
    (r"\b(?:east|eastern|eastward)\b", " east "),
]
SYNONYMS = {
    "expansion": "expand", "enlargement": "expand", "enlarge": "expand", "eastward": "expand", "accession": "expand",
    "membership": "member", "admit": "expand", "admitting": "expand", "admission": "expand", "admitted": "expand",
    "accessions": "expand", "members": "member", "join": "member", "joined": "member", "joining": "member",
    "invasion": "invade", "invades": "invade", "invaded": "invade", "attack": "invade", "attacks": "invade",
    "aggression": "invade", "incursion": "invade", "intervention": "invade", "attacking": "invade",
    "withdrawal": "withdraw", "withdraws": "withdraw", "withdrawing": "withdraw", "withdrew": "withdraw",
    "troops": "troop", "forces": "troop", "force": "troop", "soldiers": "troop", "army": "troop",
    "sanctions": "sanction", "costs": "sanction", "cost": "sanction", "consequences": "sanction",
    "penalties": "sanction", "punitive": "sanction", "restrictions": "sanction", "sanctioned": "sanction",
    "missiles": "missile", "rockets": "missile", "rocket": "missile", "deployment": "deploy", "deployments": "deploy",
    "deployed": "deploy", "deploying": "deploy", "stationing": "deploy", "station": "deploy", "placement": "deploy",
    "treaty": "bind", "treaties": "bind", "binding": "bind", "guarantees": "guarantee",
    "guaranteed": "guarantee",
    "disarmament": "armscontrol", "equal": "reciprocal", "reciprocity": "reciprocal", "symmetric": "reciprocal",
    "transparent": "transparency", "verification": "transparency", "inspections": "transparency",
    "bases": "base", "exercises": "exercise", "drills": "exercise", "manoeuvres": "exercise", "maneuvers": "exercise",
    "borders": "border", "frontier": "border", "frontiers": "border", "limits": "limit", "limiting": "limit",
    "limitations": "limit", "curtail": "limit", "curtailing": "limit", "alliances": "alliance",
    "quota": "share", "quotas": "share", "allocation": "share", "allotment": "share", "shares": "share",
}
STOPWORDS = set("""
a an the and or but nor of to in on at by for with from into onto as is are was were be been being it its this that
these those which who whom whose what when where how not no any all some other others such only own same so than too
very can could will would shall should may might must do does did done has have had having he she they them their his
her we our you your i me my us also further more most less least including include includes particular in particular
up down out over under again then once there here if while after before between against about across per via
sets set take takes form place places make makes develops develop reach reaches them that's it's state states side
sides back military security party parties talks talk issue issues near around new every each first last next
main key major many much certain several possible full whole
""".split())
_WORD = re.compile(r"[a-z0-9]+")


def stem(word: str) -> str:
    if word in SYNONYMS:
        return SYNONYMS[word]
    for suffix in ("ments", "ment", "ings", "ing", "ations", "ation", "ions", "ion", "ies", "es", "ed", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            word = word[: -len(suffix)]
            if suffix in ("ing", "ed") and len(word) > 3 and word[-1] == word[-2] and word[-1] not in "ls":
                word = word[:-1]  # planning -> plan
            break
    if word + "e" in CONCEPTS:  # "invading" -> "invad" -> "invade"
        return word + "e"
    return SYNONYMS.get(word, word)


@lru_cache(maxsize=20000)
def concepts(text: str) -> tuple[str, ...]:
    """The content concepts of a text, in order (repeats kept)."""
    text = text.lower().replace("\u2019", "'")
    for rx, replacement in _PHRASES:
        text = rx.sub(replacement, text)
    return tuple(stem(w) for w in _WORD.findall(text) if w not in STOPWORDS and (len(w) > 2 or w.isdigit()))


_PHRASES = [(re.compile(rx), rep) for rx, rep in PHRASES]
CONCEPTS = set(SYNONYMS.values())
