"""A negotiation as a file: the codebook format of `eval/codebook.json`, read and written in one place.

    {"negotiation": {slug, name, description},
     "stances": {stance: meaning},                       (written on export, ignored on import)
     "parties": [{code, name, aliases, adjectives?}],
     "people": [{name, party, role, aliases}],
     "issues": [{slug, owner, title, description, cues?}],
     "rounds": [{slug, date, name, venue, parties}]}

Import creates what is missing and, for rows that exist, changes nothing unless
`update` is true: an editor's corrections survive re-imports. Export writes the
same format, so a negotiation exported and imported again is the same.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q

from .models import Issue, Negotiation, Party, Person, Round, Stance

STANCE_MEANINGS = {
    Stance.DEMANDS: "the party puts the demand forward or insists on it",
    Stance.SUPPORTS: "the party agrees with it or says it already complies",
    Stance.OPEN: "the party is willing to discuss it, conditionally or in part",
    Stance.REJECTS: "the party refuses it, condemns it or says it is not negotiable",
}


class CodebookError(ValueError):
    """The file is not a valid codebook; the message names the entry at fault."""


@dataclass
class ImportReport:
    negotiation: Negotiation
    created: dict = field(default_factory=dict)  # kind -> count
    updated: dict = field(default_factory=dict)
    unchanged: dict = field(default_factory=dict)
    changed_issues: list = field(default_factory=list)  # issues created or whose words changed: to re-link
    rounds_changed: bool = False

    def count(self, bucket: str, kind: str) -> None:
        target = getattr(self, bucket)
        target[kind] = target.get(kind, 0) + 1

    def summary(self) -> str:
        def part(name, counts):
            return f"{name} " + (", ".join(f"{n} {kind}" for kind, n in counts.items()) or "nothing")

        return f"{self.negotiation.slug}: " + "; ".join(
            (part("created", self.created), part("updated", self.updated), part("unchanged", self.unchanged))
        )


def _text(entry: dict, key: str, where: str, *, required: bool = True, limit: int | None = None) -> str:
    value = entry.get(key, "")
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise CodebookError(f"{where}: '{key}' must be a string")
    value = value.strip()
    if required and not value:
        raise CodebookError(f"{where}: '{key}' is missing")
    if limit and len(value) > limit:
        raise CodebookError(f"{where}: '{key}' is longer than {limit} characters")
    return value


def _key(entry: dict, key: str, where: str, model, name: str) -> str:
    """A slug or code, checked by its model field's own validators (it becomes part of addresses)."""
    model_field = model._meta.get_field(name)
    value = _text(entry, key, where, limit=model_field.max_length)
    try:
        model_field.run_validators(value)
    except ValidationError as exc:
        raise CodebookError(f"{where}: '{key}' {value!r}: {' '.join(exc.messages)}") from None
    return value


def _strings(entry: dict, key: str, where: str) -> list[str]:
    value = entry.get(key) or []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise CodebookError(f"{where}: '{key}' must be a list of strings")
    return [v.strip() for v in value if v.strip()]


def _entries(data: dict, key: str) -> list[dict]:
    value = data.get(key) or []
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise CodebookError(f"'{key}' must be a list of objects")
    return value


def _upsert(report: ImportReport, kind: str, model, lookup: dict, values: dict, *, update: bool):
    """Create the row, or bring an existing one up to `values` when updating; returns (row, changed)."""
    row = model.objects.filter(**lookup).first()
    if row is None:
        row = model.objects.create(**lookup, **values)
        report.count("created", kind)
        return row, True
    changed = {k: v for k, v in values.items() if getattr(row, k) != v}
    if changed and update:
        for k, v in changed.items():
            setattr(row, k, v)
        row.save(update_fields=list(changed))
        report.count("updated", kind)
        return row, True
    report.count("unchanged", kind)
    return row, False


def _add_names(party: Party, values: dict) -> None:
    """A party another negotiation already has joins this one with this file's names for it too.

    Only the first time (the party is new to the negotiation): its aliases and adjectives gain the file's
    missing ones, in the file's order after the existing ones; nothing is removed, and a re-import of the same
    negotiation changes nothing, so an alias an editor deleted stays deleted.
    """
    changed = []
    for field_name in ("aliases", "adjectives"):
        current = list(getattr(party, field_name) or [])
        missing = [v for v in values.get(field_name, []) if v not in current]
        if missing:
            setattr(party, field_name, current + missing)
            changed.append(field_name)
    if changed:
        party.save(update_fields=changed)


def codebook_import(data: dict, *, update: bool = False) -> ImportReport:
    """Set up (or complete) a negotiation from a codebook, in one transaction."""
    if not isinstance(data, dict) or not isinstance(data.get("negotiation"), dict):
        raise CodebookError("a codebook is an object with a 'negotiation' object")
    report = ImportReport(negotiation=None)
    with transaction.atomic():
        meta = data["negotiation"]
        negotiation, _ = _upsert(
            report, "negotiation", Negotiation,
            {"slug": _key(meta, "slug", "negotiation", Negotiation, "slug")},
            {"name": _text(meta, "name", "negotiation", limit=200),
             "description": _text(meta, "description", "negotiation", required=False)},
            update=update,
        )
        report.negotiation = negotiation
        parties = {}
        members = set(negotiation.parties.values_list("code", flat=True))
        for i, entry in enumerate(_entries(data, "parties")):
            where = f"parties[{i}]"
            values = {"name": _text(entry, "name", where, limit=200), "aliases": _strings(entry, "aliases", where)}
            if "adjectives" in entry:
                values["adjectives"] = _strings(entry, "adjectives", where)
            party, _ = _upsert(report, "parties", Party, {"code": _key(entry, "code", where, Party, "code")}, values,
                               update=update)
            if party.code not in members and not update:
                _add_names(party, values)
            parties[party.code] = party
        negotiation.parties.add(*parties.values())

        def party_of(code, where, *, required=True):
            if not code and not required:
                return None
            if code in parties:
                return parties[code]
            found = Party.objects.filter(code=code).first()
            if found is None:
                raise CodebookError(f"{where}: unknown party '{code}'")
            return found

        for i, entry in enumerate(_entries(data, "people")):
            where = f"people[{i}]"
            _upsert(report, "people", Person, {"name": _text(entry, "name", where, limit=200)},
                    {"party": party_of(entry.get("party"), where, required=False),
                     "role": _text(entry, "role", where, required=False, limit=300),
                     "aliases": _strings(entry, "aliases", where)},
                    update=update)
        for i, entry in enumerate(_entries(data, "issues")):
            where = f"issues[{i}]"
            issue, changed = _upsert(
                report, "issues", Issue, {"negotiation": negotiation, "slug": _key(entry, "slug", where, Issue, "slug")},
                {"owner": party_of(entry.get("owner"), where), "title": _text(entry, "title", where, limit=300),
                 "description": _text(entry, "description", where, required=False),
                 "cues": _strings(entry, "cues", where), "position": i},
                update=update,
            )
            if changed:
                report.changed_issues.append(issue)
        for i, entry in enumerate(_entries(data, "rounds")):
            where = f"rounds[{i}]"
            try:
                day = dt.date.fromisoformat(_text(entry, "date", where))
            except ValueError:
                raise CodebookError(f"{where}: 'date' must be YYYY-MM-DD") from None
            rnd, changed = _upsert(
                report, "rounds", Round, {"negotiation": negotiation, "slug": _key(entry, "slug", where, Round, "slug")},
                {"date": day, "name": _text(entry, "name", where, limit=200),
                 "venue": _text(entry, "venue", where, required=False, limit=200)},
                update=update,
            )
            present = [party_of(code, where) for code in _strings(entry, "parties", where)]
            if changed or not rnd.parties.exists():
                rnd.parties.set(present)
            report.rounds_changed |= changed
    return report


def codebook_export(negotiation: Negotiation) -> dict:
    """The negotiation in the codebook format (the parties, people, issues and rounds editors keep)."""
    parties = list(negotiation.parties.order_by("code"))
    return {
        "negotiation": {"slug": negotiation.slug, "name": negotiation.name, "description": negotiation.description},
        "stances": {str(k): v for k, v in STANCE_MEANINGS.items()},
        "parties": [
            {"code": p.code, "name": p.name, "aliases": list(p.aliases), "adjectives": list(p.adjectives)}
            for p in parties
        ],
        # as extraction sees them: the parties' people and those of no party (commentators)
        "people": [
            {"name": p.name, "party": p.party.code if p.party else None, "role": p.role, "aliases": list(p.aliases)}
            for p in Person.objects.filter(Q(party__in=parties) | Q(party__isnull=True), reviewed=True)
            .select_related("party").order_by("name")
        ],
        "issues": [
            {"slug": i.slug, "owner": i.owner.code, "title": i.title, "description": i.description,
             "cues": list(i.cues)}
            for i in negotiation.issues.select_related("owner").order_by("position", "slug")
        ],
        "rounds": [
            {"slug": r.slug, "date": r.date.isoformat(), "name": r.name, "venue": r.venue,
             "parties": sorted(p.code for p in r.parties.all())}
            for r in negotiation.rounds.prefetch_related("parties").order_by("date", "slug")
        ],
    }
