"""The shared filters: one frozen object that is the cache key, the SQL parameters and the
sentence shown under the filters. Also its URL form (the URL API) and the parsing of links.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from typing import Iterable, Mapping

# URL keys of the shared filters. Released: never rename.
URL_KEYS = ("pillar", "actor", "instrument", "status", "as_of", "q")
MAX_Q = 200
PUBLICATION_STATUSES = ("new", "planned", "ongoing", "context")
STATUS_WORDS = {
    "new": "new today",
    "planned": "planned",
    "ongoing": "ongoing",
    "context": "context",
}


@dataclass(frozen=True)
class Filters:
    pillars: tuple[str, ...] = ()
    actors: tuple[str, ...] = ()
    instruments: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    as_of: dt.date | None = None
    q: str = ""

    def params(self) -> dict:
        """Bound parameters for the table macros: an empty filter is NULL (no filter)."""
        return {
            "pillars": list(self.pillars) or None,
            "actors": list(self.actors) or None,
            "instruments": list(self.instruments) or None,
            "statuses": list(self.statuses) or None,
            "q": self.q or None,
        }

    def dateless(self) -> "Filters":
        """The same filters without the as-of date: the key of a result that reads no date."""
        return replace(self, as_of=None) if self.as_of else self

    def with_as_of(self, default: dt.date) -> "Filters":
        return self if self.as_of else replace(self, as_of=default)

    @property
    def is_default(self) -> bool:
        return not (self.pillars or self.actors or self.instruments or self.statuses or self.q)

    def to_query(self, default_as_of: dt.date | None = None) -> dict[str, list[str] | str]:
        """The URL query of these filters; keys at their default are left out."""
        out: dict[str, list[str] | str] = {}
        for key, values in (("pillar", self.pillars), ("actor", self.actors),
                            ("instrument", self.instruments), ("status", self.statuses)):
            if values:
                out[key] = list(values)
        if self.as_of and self.as_of != default_as_of:
            out["as_of"] = self.as_of.isoformat()
        if self.q:
            out["q"] = self.q
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


def parse_query(query: Mapping[str, Iterable[str]], choices: Choices) -> tuple[Filters, list[str]]:
    """Filters from URL query parameters (each key -> all its values), plus a notice for
    every part that was dropped. Never raises."""
    notices: list[str] = []

    def pick(key: str, allowed: Mapping[str, str]) -> tuple[str, ...]:
        kept: list[str] = []
        for raw in query.get(key, []) or []:
            value = _clean(str(raw))
            if value == "":
                continue
            if value in allowed:
                if value not in kept:
                    kept.append(value)
            else:
                shown = value if len(value) <= 40 else value[:37] + "..."
                notices.append(f"Ignored {key}={shown!r} from the link: no such {key}.")
        return tuple(kept)

    pillars = pick("pillar", choices.pillars)
    actors = pick("actor", choices.actors)
    instruments = pick("instrument", choices.instruments)
    statuses = pick("status", choices.statuses)
    as_of = None
    raw_dates = [str(v) for v in (query.get("as_of", []) or []) if str(v).strip()]
    if raw_dates:
        raw = _clean(raw_dates[-1])
        try:
            as_of = dt.date.fromisoformat(raw)
            if not (choices.min_date <= as_of <= choices.max_date):
                notices.append(f"Ignored as_of={raw!r}: outside {choices.min_date} to {choices.max_date}.")
                as_of = None
        except ValueError:
            shown = raw if len(raw) <= 40 else raw[:37] + "..."
            notices.append(f"Ignored as_of={shown!r} from the link: dates are written YYYY-MM-DD.")
    q = ""
    raw_q = [str(v) for v in (query.get("q", []) or [])]
    if raw_q:
        q = _clean(raw_q[-1])
        if len(q) > MAX_Q:
            notices.append(f"The search text from the link was cut to {MAX_Q} characters.")
            q = q[:MAX_Q]
    return Filters(pillars, actors, instruments, statuses, as_of, q), notices


def _join(words: list[str]) -> str:
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


def format_date(day: dt.date) -> str:
    return f"{day.day} {day.strftime('%B')} {day.year}"


def describe(filters: Filters, choices: Choices, n_measures: int) -> str:
    """One plain sentence saying what is shown, e.g.
    "12 measures in CBRN led or joined by Europol, status as of 1 March 2018"."""
    noun = "measure" if n_measures == 1 else "measures"
    parts = [f"{n_measures} {noun}"]
    if filters.statuses:
        parts.append("(" + _join([choices.statuses.get(s, s) for s in filters.statuses]) + ")")
    if filters.pillars:
        parts.append("in " + _join([choices.pillars.get(p, p) for p in filters.pillars]))
    if filters.actors:
        parts.append("involving " + _join([choices.actors.get(a, a) for a in filters.actors]))
    if filters.instruments:
        parts.append("funded from " + _join([choices.instruments.get(i, i) for i in filters.instruments]))
    if filters.q:
        parts.append(f"matching “{filters.q}”")
    sentence = " ".join(parts)
    if filters.as_of:
        sentence += f", status as of {format_date(filters.as_of)}"
    return sentence
