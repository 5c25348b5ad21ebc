"""The shared filters and the URL API.

`Filters` says which measures are shown (the SQL parameters of every query, and part of the key
its result is kept under); `When` says which deadlines and on what day their status is read
(the parameters of the queries that read deadlines); `View` is both: what a link opens.
`parse_query` reads a link (dropping what does not exist, with a notice), `View.to_query` writes
one, and `describe` says it in one plain sentence.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Iterable, Mapping

# URL keys of the shared filters. Released: never rename.
URL_KEYS = ("pillar", "actor", "instrument", "status", "as_of", "q", "due_from", "due_to", "background")
MAX_Q = 200
STATUS_WORDS = {"new": "new on the package date", "planned": "planned", "ongoing": "ongoing",
                "context": "background (context)"}
PACKAGE_STATUSES = ("new", "planned", "ongoing")  # the package's own actions; "context" is background


@dataclass(frozen=True)
class Filters:
    """Which measures: each field an OR of its values, the fields an AND; empty = no filter."""

    pillars: tuple[str, ...] = ()
    actors: tuple[str, ...] = ()  # an actor includes its units (actors.parent_id)
    instruments: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    q: str = ""
    background: bool = False  # show the items the texts quote as background too

    @property
    def shows_background(self) -> bool:
        """Whether background items are shown: on request, or when the status filter asks for them."""
        return self.background or "context" in self.statuses

    def params(self) -> dict:
        """Bound parameters of the table macros: an empty filter is NULL (no filter); without
        background, the statuses are the package's own."""
        statuses = list(self.statuses) or (None if self.shows_background else list(PACKAGE_STATUSES))
        return {"pillars": list(self.pillars) or None, "actors": list(self.actors) or None,
                "instruments": list(self.instruments) or None, "statuses": statuses, "q": self.q or None,
                "background": self.shows_background}

    @property
    def is_default(self) -> bool:
        return self == Filters()


@dataclass(frozen=True)
class When:
    """Which deadlines, and on what day: the day every status is read for, and the window the
    deadlines' ends must fall in (either end may be open)."""

    as_of: dt.date
    due_from: dt.date | None = None
    due_to: dt.date | None = None

    def params(self) -> dict:
        return {"as_of": self.as_of, "due_from": self.due_from, "due_to": self.due_to}


@dataclass(frozen=True)
class View:
    """What a link shows: which measures, and which deadlines on what day."""

    filters: Filters
    when: When

    @property
    def as_of(self) -> dt.date:
        return self.when.as_of

    def to_query(self, package_date: dt.date) -> dict[str, list[str]]:
        """The URL query of this view; keys at their default are left out."""
        f, w = self.filters, self.when
        out = {key: list(values) for key, values in (("pillar", f.pillars), ("actor", f.actors),
                                                       ("instrument", f.instruments), ("status", f.statuses))
               if values}
        if w.as_of != package_date:
            out["as_of"] = [w.as_of.isoformat()]
        if f.q:
            out["q"] = [f.q]
        for key, day in (("due_from", w.due_from), ("due_to", w.due_to)):
            if day:
                out[key] = [day.isoformat()]
        if f.background:
            out["background"] = ["1"]
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

    def day(key: str, default: dt.date | None) -> dt.date | None:
        values = [_clean(str(v)) for v in query.get(key, []) or [] if str(v).strip()]
        if not values:
            return default
        try:
            value = dt.date.fromisoformat(values[-1])
        except ValueError:
            notices.append(f"Ignored {key}={_shown(values[-1])} from the link: dates are written YYYY-MM-DD.")
            return default
        if not choices.min_date <= value <= choices.max_date:
            notices.append(f"Ignored {key}={values[-1]!r}: outside {choices.min_date} to {choices.max_date}.")
            return default
        return value

    pillars, actors = pick("pillar", choices.pillars), pick("actor", choices.actors)
    instruments, statuses = pick("instrument", choices.instruments), pick("status", choices.statuses)
    q = ""
    texts = [str(v) for v in query.get("q", []) or []]
    if texts:
        q = _clean(texts[-1])
        if len(q) > MAX_Q:
            notices.append(f"The search text from the link was cut to {MAX_Q} characters.")
    flags = [_clean(str(v)).lower() for v in query.get("background", []) or []]
    if flags and flags[-1] not in ("1", "0", ""):
        notices.append(f"Ignored background={_shown(flags[-1])} from the link: write background=1 to show it.")
    when = When(day("as_of", choices.package_date), day("due_from", None), day("due_to", None))
    if when.due_from and when.due_to and when.due_from > when.due_to:
        notices.append(f"The due window from the link ends before it starts: {when.due_from} to {when.due_to}; "
                       "it was turned round.")
        when = When(when.as_of, when.due_to, when.due_from)
    return View(Filters(pillars, actors, instruments, statuses, q[:MAX_Q], bool(flags) and flags[-1] == "1"),
                when), notices


def _join(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def format_date(day: dt.date) -> str:
    return f"{day.day} {day.strftime('%B')} {day.year}"


def describe(view: View, choices: Choices, n_measures: int, n_background: int = 0) -> str:
    """One plain sentence saying what is shown, e.g. "12 measures in CBRN involving Europol,
    deadlines due by 30 June 2018, status as of 1 March 2018"; `n_background`: the background
    items shown besides the measures. The due window chooses deadlines, not measures."""
    f, w = view.filters, view.when
    parts = [f"{n_measures} {'measure' if n_measures == 1 else 'measures'}"]
    if f.shows_background:
        parts.append(f"and {n_background} background {'item' if n_background == 1 else 'items'}")
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
    sentence = " ".join(parts)
    if w.due_from and w.due_to:
        sentence += f", deadlines due {format_date(w.due_from)} to {format_date(w.due_to)}"
    elif w.due_from:
        sentence += f", deadlines due from {format_date(w.due_from)}"
    elif w.due_to:
        sentence += f", deadlines due by {format_date(w.due_to)}"
    return sentence + f", status as of {format_date(w.as_of)}"
