"""Finding attributed statements. (Baseline: sentences with a speech verb; to be replaced.)"""
from __future__ import annotations

import datetime as dt
import re

from .types import Context, Found

SPEECH = re.compile(r"\b(said|told|added|stressed|noted)\b")
SENTENCE = re.compile(r"[^.!?\n]+[.!?]?")


def find_statements(text: str, *, published: dt.date | None, context: Context) -> list[Found]:
    found = []
    for m in SENTENCE.finditer(text):
        sentence = m.group().strip()
        if not SPEECH.search(sentence):
            continue
        start = m.start() + m.group().index(sentence)
        speaker, party = None, None
        for person in context.people:
            names = (person.name, *person.aliases)
            if any(n in sentence for n in names):
                speaker, party = person.name, person.party_code
                break
        found.append(Found(start=start, end=start + len(sentence), text=sentence, kind="reported",
                           speaker=speaker, speaker_known=speaker is not None, party_code=party,
                           stated_on=published))
    return found
