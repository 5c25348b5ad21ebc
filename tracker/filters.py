"""The shared filters and the URL API, driven by one table: FILTERS.

Each entry of FILTERS is one shared filter: its URL key, the field it fills in `Filters` (and in
the SQL struct `f` every query receives, read as `(f).field`), its kind (a list of ids, a text,
or an on/off flag), where its values come from, and its words (the sidebar's label, the
sentence's phrase). From it come `Filters` and `Choices` (their fields), `parse_query` (a link
read, dropping what does not exist, with a notice), `View.to_query` (a link written),
`describe` (the view in one plain sentence), the sidebar (tracker/sidebar.py) and the SQL
parameters (`Filters.params`). How a filter selects measures is one line of
sql/selected_measure_lines.sql.

`When` says which deadlines and on what day their status is read (the SQL struct `w`); `View`
is both: what a link opens.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, make_dataclass
from typing import Iterable, Mapping

from tracker.words import PUBLICATION, day

MAX_Q = 200
PACKAGE_STATUSES = ("new", "planned", "ongoing")  # the package's own actions; "context" is background


@dataclass(frozen=True)
class Filter:
    """One shared filter.

    key: its URL key (released: never renamed); field: its name in Filters, Choices and the SQL
    struct f; kind: "ids" (a list of values, OR-ed), "text" or "flag"; values: for "ids", either a
    fixed mapping of value -> words, or None: the values are the data's (sql/queries/choices.sql,
    rows whose filter_key is this key), each shown as `words` says (a code in words) or as the
    data labels it; label, placeholder, help: the sidebar widget's; phrase:
    the filter sentence's words, "{}" standing for the values joined ("in CBRN and Encryption");
    qualifies: the phrase qualifies the noun and comes right after it ("12 measures (planned) in
    CBRN"), before the phrases of the other filters.
    """

    key: str
    field: str
    kind: str
    label: str
    phrase: str = "{}"
    values: Mapping[str, str] | None = None
    placeholder: str = ""
    help: str | None = None
    qualifies: bool = False
    words: Mapping[str, str] | None = None


FILTERS: tuple[Filter, ...] = (
    Filter("pillar", "pillars", "ids", "Pillar", "in {}", placeholder="All pillars"),
    Filter("actor", "actors", "ids", "Actor (any role)", "involving {}", placeholder="All actors",
           help="An actor includes its units: Europol includes its Counter-Terrorism Centre."),
    Filter("instrument", "instruments", "ids", "Funding instrument", "funded from {}", placeholder="All instruments"),
    Filter("status", "statuses", "ids", "Status at publication", "({})", placeholder="Any status",
           values={code: text.lower() for code, text in PUBLICATION.items()}, qualifies=True),
    Filter("q", "q", "text", "Search", "matching “{}”", placeholder="words in a title or quote"),
    Filter("background", "background", "flag", "Show background items",
           help="What the texts quote as background: earlier plans, laws and budgets, past events. Headline "
                "counts are always the package's own actions."),
)
DATE_KEYS = ("as_of", "due_from", "due_to")  # When's keys
URL_KEYS = (*(s.key for s in FILTERS), *DATE_KEYS)  # every key of the shared view
_EMPTY = {"ids": (), "text": "", "flag": False}
_TYPE = {"ids": tuple[str, ...], "text": str, "flag": bool}


def _shows_background(self) -> bool:
    """Whether background items are shown: on request, or when the status filter asks for them."""
    return self.background or "context" in self.statuses


def _params(self) -> dict:
    """The SQL struct f: a list filter with no value is NULL (no filter), so is an empty text;
    without background, the statuses are the package's own."""
    out = {s.field: (list(getattr(self, s.field)) or None if s.kind == "ids"
                     else getattr(self, s.field) or None if s.kind == "text" else bool(getattr(self, s.field)))
           for s in FILTERS}
    if out["statuses"] is None and not self.shows_background:
        out["statuses"] = list(PACKAGE_STATUSES)
    out["background"] = self.shows_background
    return out


Filters = make_dataclass(
    "Filters", [(s.field, _TYPE[s.kind], field(default=_EMPTY[s.kind])) for s in FILTERS], frozen=True,
    namespace={"__doc__": "Which measures: each field an OR of its values, the fields an AND; empty = no filter "
                          "(one field per entry of FILTERS).",
               "__module__": __name__, "shows_background": property(_shows_background), "params": _params,
               "is_default": property(lambda self: self == Filters())})

# What the filters can take, from the data (or the spec's fixed words): value -> label, per
# "ids" filter; and the dates the date fields allow.
Choices = make_dataclass(
    "Choices", [*((s.field, Mapping[str, str], field(default_factory=lambda s=s: dict(s.values or {})))
                  for s in FILTERS if s.kind == "ids"),
                ("package_date", dt.date, field(default=dt.date(2017, 10, 18))),
                ("latest_document", dt.date | None, field(default=None)),
                ("min_date", dt.date, field(default=dt.date(2000, 1, 1))),
                ("max_date", dt.date, field(default=dt.date(2100, 12, 31)))],
    frozen=True, namespace={
        "__module__": __name__,
        "__doc__": "What the filters can take (value -> label, per list filter) and the dates: the package's, the "
                   "latest document read, and the range of the date fields.",
        # The as-of date of a link without one: what is known, the day of the latest document read.
        "default_as_of": property(lambda self: self.latest_document or self.package_date)})


@dataclass(frozen=True)
class When:
    """Which deadlines, and on what day: the day every status is read for, and the window the
    deadlines' ends must fall in (either end may be open)."""

    as_of: dt.date
    due_from: dt.date | None = None
    due_to: dt.date | None = None

    def params(self) -> dict:
        """The SQL struct w."""
        return {"as_of": self.as_of, "due_from": self.due_from, "due_to": self.due_to}


@dataclass(frozen=True)
class View:
    """What a link shows: which measures, and which deadlines on what day."""

    filters: Filters
    when: When

    @property
    def as_of(self) -> dt.date:
        return self.when.as_of

    def to_query(self, default_as_of: dt.date) -> dict[str, list[str]]:
        """The URL query of this view; keys at their default are left out (the as-of date when it
        is `default_as_of`, Choices.default_as_of)."""
        out: dict[str, list[str]] = {}
        for s in FILTERS:
            value = getattr(self.filters, s.field)
            if value:
                out[s.key] = list(value) if s.kind == "ids" else ["1"] if s.kind == "flag" else [value]
        w = self.when
        for key, value in (("as_of", w.as_of if w.as_of != default_as_of else None), ("due_from", w.due_from),
                           ("due_to", w.due_to)):
            if value:
                out[key] = [value.isoformat()]
        return {k: out[k] for k in URL_KEYS if k in out}


def clean(text) -> str:
    """Text from a link without control characters, trimmed."""
    return "".join(ch for ch in str(text if text is not None else "") if ch.isprintable()).strip()


def shown(value: str, width: int = 40) -> str:
    """A value quoted in a notice, cut to `width` characters."""
    return repr(value if len(value) <= width else value[:width - 3] + "...")


def parse_query(query: Mapping[str, Iterable[str]], choices: Choices) -> tuple[View, list[str]]:
    """The view of URL query parameters (each key -> all its values), and a notice for every
    part that was dropped. Never raises."""
    notices: list[str] = []

    def ids(s: Filter) -> tuple[str, ...]:
        allowed, kept = getattr(choices, s.field), []
        for raw in query.get(s.key, []) or []:
            value = clean(raw)
            if value and value not in allowed:
                notices.append(f"Ignored {s.key}={shown(value)} from the link: no such {s.key}.")
            elif value and value not in kept:
                kept.append(value)
        return tuple(kept)

    def text(s: Filter) -> str:
        texts = [str(v) for v in query.get(s.key, []) or []]
        value = clean(texts[-1]) if texts else ""
        if len(value) > MAX_Q:
            notices.append(f"The search text from the link was cut to {MAX_Q} characters.")
        return value[:MAX_Q]

    def flag(s: Filter) -> bool:
        flags = [clean(v).lower() for v in query.get(s.key, []) or []]
        if flags and flags[-1] not in ("1", "0", ""):
            notices.append(f"Ignored {s.key}={shown(flags[-1])} from the link: write {s.key}=1 to show it.")
        return bool(flags) and flags[-1] == "1"

    def date(key: str, default: dt.date | None) -> dt.date | None:
        values = [clean(v) for v in query.get(key, []) or [] if str(v).strip()]
        if not values:
            return default
        try:
            value = dt.date.fromisoformat(values[-1])
        except ValueError:
            notices.append(f"Ignored {key}={shown(values[-1])} from the link: dates are written YYYY-MM-DD.")
            return default
        if not choices.min_date <= value <= choices.max_date:
            notices.append(f"Ignored {key}={values[-1]!r}: outside {choices.min_date} to {choices.max_date}.")
            return default
        return value

    read = {"ids": ids, "text": text, "flag": flag}
    filters = Filters(**{s.field: read[s.kind](s) for s in FILTERS})
    when = When(date("as_of", choices.default_as_of), date("due_from", None), date("due_to", None))
    if when.due_from and when.due_to and when.due_from > when.due_to:
        notices.append(f"The due window from the link ends before it starts: {when.due_from} to {when.due_to}; "
                       "it was turned round.")
        when = When(when.as_of, when.due_to, when.due_from)
    return View(filters, when), notices


def join(words: list[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def describe(view: View, choices: Choices, n_measures: int, n_background: int = 0) -> str:
    """One plain sentence saying what is shown, e.g. "12 measures in CBRN involving Europol,
    deadlines due by 30 June 2018, status as of 1 March 2018"; `n_background`: the background
    items shown besides the measures. The due window chooses deadlines, not measures."""
    f, w = view.filters, view.when
    parts = [f"{n_measures} {'measure' if n_measures == 1 else 'measures'}"]
    if f.shows_background:
        parts.append(f"and {n_background} background {'item' if n_background == 1 else 'items'}")
    for s in sorted(FILTERS, key=lambda s: not s.qualifies):
        value = getattr(f, s.field)
        if s.kind == "ids" and value:
            labels = getattr(choices, s.field)
            parts.append(s.phrase.format(join([labels.get(v, v) for v in value])))
        elif s.kind == "text" and value:
            parts.append(s.phrase.format(value))
    sentence = " ".join(parts)
    if w.due_from and w.due_to:
        sentence += f", deadlines due {day(w.due_from)} to {day(w.due_to)}"
    elif w.due_from:
        sentence += f", deadlines due from {day(w.due_from)}"
    elif w.due_to:
        sentence += f", deadlines due by {day(w.due_to)}"
    return sentence + f", status as of {day(w.as_of)}"
