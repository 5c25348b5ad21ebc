"""The shared filters and the URL API.

`Filters` says which measures are shown (the SQL parameters of every query, and part of the key
its result is kept under); `View` adds the date the statuses are computed for: what a link
opens. `parse_query` reads a link (dropping what does not exist, with a notice), `View.to_query`
writes one, and `describe` says it in one plain sentence.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Iterable, Mapping

# URL keys of the shared filters. Released: never rename.
URL_KEYS = ("pillar", "actor", "instrument", "status", "as_of", "q")
MAX_Q = 200
STATUS_WORDS = {"new": "new today", "planned": "planned", "ongoing": "ongoing", "context": "context"}


@dataclass(frozen=True)
class Filters:
    """Which measures: each field an OR of its values, the fields an AND; empty = no filter."""

    pillars: tuple[str, ...] = ()
    actors: tuple[str, ...] = ()
    instruments: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    q: str = ""

    def params(self) -> dict:
        """Bound parameters of the table macros: an empty filter is NULL (no filter)."""
        return {"pillars": list(self.pillars) or None, "actors": list(self.actors) or None,
                "instruments": list(self.instruments) or None, "statuses": list(self.statuses) or None,
                "q": self.q or None}

    @property
    def is_default(self) -> bool:
        return self == Filters()


@dataclass(frozen=True)
class View:
    """What a link shows: the filters, and the day deadline statuses are computed for."""

    filters: Filters
    as_of: dt.date

    def to_query(self, package_date: dt.date) -> dict[str, list[str]]:
        """The URL query of this view; keys at their default are left out."""
        f = self.filters
        out = {key: list(values) for key, values in (("pillar", f.pillars), ("actor", f.actors),
                                                       ("instrument", f.instruments), ("status", f.statuses))
               if values}
        if self.as_of != package_date:
            out["as_of"] = [self.as_of.isoformat()]
        if f.q:
            out["q"] = [f.q]
        return out


@dataclass(frozen=True)
class Choices:
    """What the filters can take, from the data: id -> label."""

    pillars: Mapping[str, str]
    actors: Mapping[str, str]
    instruments: Mapping[str, str]
    statuses: Mapping[str, str] = field(default_factory=lambda: dict(STATUS_WORDS))
    package_date: dt.date = dt.date(2017, 10, 18)
    min_date: dt.date = dt.date(2000, 1, 1)
    max_date: dt.date = dt.date(2100, 12, 31)


def _clean(text: str) -> str:
    return "".join(ch for ch in text if ch.isprintable()).strip()


def _shown(value: str) -> str:
    return repr(value if len(value) <= 40 else value[:37] + "...")


def parse_query(query: Mapping[str, Iterable[str]], choices: Choices) -> tuple[View, list[str]]:
    """The view of URL query parameters (each key -> all its values), and a notice for every
    part that was dropped. Never raises."""
    notices: list[str] = []

    def pick(key: str, allowed: Mapping[str, str]) -> tuple[str, ...]:
        kept: list[str] = []
        for raw in query.get(key, []) or []:
            value = _clean(str(raw))
            if value and value not in allowed:
                notices.append(f"Ignored {key}={_shown(value)} from the link: no such {key}.")
            elif value and value not in kept:
                kept.append(value)
        return tuple(kept)

    filters = Filters(pick("pillar", choices.pillars), pick("actor", choices.actors),
                      pick("instrument", choices.instruments), pick("status", choices.statuses))
    as_of = choices.package_date
    dates = [_clean(str(v)) for v in query.get("as_of", []) or [] if str(v).strip()]
    if dates:
        try:
            day = dt.date.fromisoformat(dates[-1])
        except ValueError:
            notices.append(f"Ignored as_of={_shown(dates[-1])} from the link: dates are written YYYY-MM-DD.")
        else:
            if choices.min_date <= day <= choices.max_date:
                as_of = day
            else:
                notices.append(f"Ignored as_of={dates[-1]!r}: outside {choices.min_date} to {choices.max_date}.")
    texts = [str(v) for v in query.get("q", []) or []]
    if texts:
        q = _clean(texts[-1])
        if len(q) > MAX_Q:
            notices.append(f"The search text from the link was cut to {MAX_Q} characters.")
        filters = Filters(filters.pillars, filters.actors, filters.instruments, filters.statuses, q[:MAX_Q])
    return View(filters, as_of), notices


def _join(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def format_date(day: dt.date) -> str:
    return f"{day.day} {day.strftime('%B')} {day.year}"


def describe(view: View, choices: Choices, n_measures: int) -> str:
    """One plain sentence saying what is shown, e.g.
    "12 measures in CBRN involving Europol, status as of 1 March 2018"."""
    f = view.filters
    parts = [f"{n_measures} {'measure' if n_measures == 1 else 'measures'}"]
    if f.statuses:
        parts.append("(" + _join([choices.statuses.get(s, s) for s in f.statuses]) + ")")
    if f.pillars:
        parts.append("in " + _join([choices.pillars.get(p, p) for p in f.pillars]))
    if f.actors:
        parts.append("involving " + _join([choices.actors.get(a, a) for a in f.actors]))
    if f.instruments:
        parts.append("funded from " + _join([choices.instruments.get(i, i) for i in f.instruments]))
    if f.q:
        parts.append(f"matching “{f.q}”")
    return " ".join(parts) + f", status as of {format_date(view.as_of)}"
