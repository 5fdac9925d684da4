"""The day a statement was made, from the words around its attribution and the publication date.

News style names recent days by weekday ("on Monday" in a Wednesday report),
older ones by date ("on Jan. 10", "10 January") or vaguely ("last month",
"in mid-December"). A vague period that contains a round of the negotiation
resolves to that round's date, since that is almost always what it refers to.
"""
from __future__ import annotations

import calendar
import datetime as dt
import re
import string
from dataclasses import dataclass

from .lexicon import EN

WEEKDAYS = {name.lower(): i for i, name in enumerate(calendar.day_name)}
MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
MONTHS["sept"] = 9

_MONTH = r"(?P<month>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
_WEEKDAY = r"(?P<weekday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_YEAR = r"(?:,?\s*(?P<year>(?:19|20)\d\d))?"

PATTERNS = [
    ("weekday", re.compile(r"\b(?P<last>last\s+)?" + _WEEKDAY + r"(?:'s)?\b", re.I)),
    ("month_day", re.compile(r"\b" + _MONTH + r"\s*(?P<day>\d{1,2})(?:st|nd|rd|th)?\b" + _YEAR)),
    ("day_month", re.compile(r"\b(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MONTH + r"\b" + _YEAR)),
    ("yesterday", re.compile(r"\byesterday\b|\blast\s+(?:night|evening)\b", re.I)),
    ("today", re.compile(r"\b(?:today|this morning|this afternoon|this evening|tonight)\b", re.I)),
    ("last_week", re.compile(r"\blast\s+week(?:end)?\b", re.I)),
    ("last_month", re.compile(r"\blast\s+month\b", re.I)),
    ("days_ago", re.compile(r"\b(?P<n>two|three|four|five|six|\d)\s+days\s+ago\b", re.I)),
    # days counted from a day told before ("said the next day", "two days earlier"): only when asked (`counted`)
    ("shifted", re.compile(r"\b(?:the\s+(?:next|following|previous)\s+day|a\s+day\s+(?:later|earlier)|"
                           r"(?P<n>two|three|four|five|six|\d)\s+days\s+(?:later|earlier))\b", re.I)),
    ("part_month", re.compile(r"\b(?:in\s+)?(?P<part>early|mid|late)[-\s]+" + _MONTH + r"\b" + _YEAR, re.I)),
    ("month", re.compile(r"\b(?P<prep>in|last|this|since|during|by)\s+" + _MONTH + r"\b" + _YEAR)),
    ("day_of", re.compile(r"\b(?:on\s+)?the\s+(?P<day>\d{1,2})(?:st|nd|rd|th)\b(?!\s+(?:of\s+)?[A-Z])")),
]
# The statement belongs to the background, not to this report's news: no day.
BACKGROUND = EN.word_pattern("background", re.I)
NUMBERS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6}


@dataclass(frozen=True)
class DateHit:
    day: dt.date
    start: int
    end: int
    exact: bool  # a named day rather than a period
    shift: int | None = None  # days from a day told before ("the next day": 1), for a day counted so


def find(text: str, *, published: dt.date | None, rounds=(), counted: bool = False) -> DateHit | None:
    """The first date expression in `text` resolved against `published`; with `counted`, also one counted from a
    day told before ("the next day": its `shift`, its day counted from `published` until the caller counts it)."""
    if published is None:
        return None
    best = of_event = None
    for kind, rx in PATTERNS:
        if kind == "shifted" and not counted:
            continue
        for m in rx.finditer(text):
            if not m.group().isascii():  # "Tueſday", "Frıday": what re.I matches of an English word, and no date
                continue
            day = _resolve(kind, m, published, rounds)
            hit = DateHit(day, m.start(), m.end(), kind not in {"last_week", "last_month", "part_month", "month"},
                          _shift(m) if kind == "shifted" else None) if day is not None else None
            if hit is not None and _OF_EVENT.search(text, max(0, m.start() - 4), m.start()):
                of_event = of_event if of_event is not None and of_event.start < hit.start else hit
                continue  # "the election of Friday": the day of an event, not of what is said about it
            if hit is not None and (best is None or m.start() < best.start):
                best = hit
            break
    return best or of_event


_OF_EVENT = re.compile(r"\bof\s+$")


_DAY_KINDS = ("weekday", "month_day", "day_month", "yesterday", "today")


def names_a_day(text: str) -> bool:
    """Whether the text names a day itself ("on Monday", "on March 2", "yesterday"), not a period ("last week")."""
    return any(rx.search(text) for kind, rx in PATTERNS if kind in _DAY_KINDS)


def day_line(line: str, *, published: dt.date | None, rounds=()) -> dt.date | None:
    """The day a line names when it names nothing else ("Sunday 4 April", "March 5, 2021", and in a record of
    sittings "SESSION OF THURSDAY 24 JANUARY"): a heading."""
    if len(line) > 40 or published is None:
        return None
    line = string.capwords(line) if line.isupper() else line  # "14TH MARCH" -> "14th March"
    lead = _SITTING_LEAD.match(line)  # "Session of", "Sitting on"
    line = line[lead.end():] if lead else line
    weekday = _WEEKDAY_LEAD.match(line)  # "Sunday 4 April": the date says which Sunday
    body = line[weekday.end():] if weekday and weekday.end() < len(line.rstrip()) else line
    hit = find(body, published=published, rounds=rounds)
    if hit is None or not hit.exact or not _DAY_LINE_REST.fullmatch(body[:hit.start] + " " + body[hit.end:]):
        return None
    return hit.day


_SITTING_LEAD = re.compile(r"\W*(?:[A-Z][a-z]+\s+)?(?:" + EN.alternation("sitting_words") + r")\s+(?:of|on)\s+", re.I)
_WEEKDAY_LEAD = re.compile(r"\W*(?:" + "|".join(calendar.day_name) + r")\b,?", re.I)
_DAY_LINE_REST = re.compile(r"\W*(?:(?:19|20)\d\d)?\W*")


def is_background(text: str) -> bool:
    return bool(BACKGROUND.search(text))


def _resolve(kind: str, m: re.Match, published: dt.date, rounds) -> dt.date | None:
    if kind == "weekday":
        back = (published.weekday() - WEEKDAYS[m.group("weekday").lower()]) % 7
        if m.group("last") and back == 0:
            back = 7
        return published - dt.timedelta(days=back)
    if kind in ("month_day", "day_month", "day_of"):
        month = MONTHS[m.group("month").lower().rstrip(".")] if kind != "day_of" else published.month
        return _on_or_before(published, month, int(m.group("day")), m.groupdict().get("year"),
                             back_a_month=kind == "day_of")
    if kind == "yesterday":
        return published - dt.timedelta(days=1)
    if kind == "today":
        return published
    if kind == "shifted":  # from the publication day, until the caller counts it from the day told before
        return published + dt.timedelta(days=_shift(m))
    if kind == "days_ago":
        n = m.group("n").lower()
        return published - dt.timedelta(days=NUMBERS.get(n) or int(n))
    if kind == "last_week":
        monday = published - dt.timedelta(days=published.weekday() + 7)
        return _snap(rounds, monday, monday + dt.timedelta(days=6), monday + dt.timedelta(days=3), published)
    if kind == "last_month":
        first = (published.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
        return _month_period(first.year, first.month, rounds, published)
    if kind in ("part_month", "month"):
        month = MONTHS[m.group("month").lower().rstrip(".")]
        if not m.group("year") and 0 < month - published.month <= 4 and (kind != "month" or m.group("prep").lower() != "last"):
            return None  # "in May" in a March report: a plan, not the day something was said
        year = int(m.group("year")) if m.group("year") else published.year - (month > published.month)
        if kind == "month" and m.group("prep").lower() == "last" and not m.group("year") and month >= published.month:
            year = published.year - 1
        if kind == "month":
            return _month_period(year, month, rounds, published)
        last = calendar.monthrange(year, month)[1]
        lo, hi = {"early": (1, 10), "mid": (10, 20), "late": (20, last)}[m.group("part").lower()]
        return _snap(rounds, dt.date(year, month, lo), dt.date(year, month, hi),
                     dt.date(year, month, (lo + hi) // 2), published)
    return None


def _shift(m: re.Match) -> int:
    """How many days "the next day", "two days earlier" move from the day told before."""
    n = m.group("n")
    days = (NUMBERS.get(n.lower()) or int(n)) if n else 1
    return -days if re.search(r"earlier|previous", m.group(), re.I) else days


def _on_or_before(published: dt.date, month: int, day: int, year: str | None, back_a_month=False) -> dt.date | None:
    try:
        if year:
            return dt.date(int(year), month, day)
        candidate = dt.date(published.year, month, day)
        if published < candidate <= published + dt.timedelta(days=45) or (back_a_month and candidate > published):
            return None  # a day ahead of the report: what is planned, not when it was said
        if candidate > published:
            if back_a_month:
                prev = published.replace(day=1) - dt.timedelta(days=1)
                candidate = dt.date(prev.year, prev.month, day)
            else:
                candidate = dt.date(published.year - 1, month, day)
        return candidate
    except ValueError:
        return None


def _month_period(year: int, month: int, rounds, published: dt.date) -> dt.date:
    last = calendar.monthrange(year, month)[1]
    return _snap(rounds, dt.date(year, month, 1), dt.date(year, month, last), dt.date(year, month, 15), published)


def _snap(rounds, lo: dt.date, hi: dt.date, default: dt.date, published: dt.date) -> dt.date:
    """The latest round in [lo, hi] (not after publication), else the period's middle."""
    inside = [r.date for r in rounds if lo <= r.date <= hi and r.date <= published]
    return max(inside) if inside else min(default, published)
