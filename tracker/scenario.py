"""What-if scenarios: the levers, how they are written in a link, and the named presets. Pure
logic: no Streamlit, no SQL (the levers are applied in SQL: sql/scenario.sql).

URL grammar (released: never rename), each key repeatable:
    shift=<measure_id|pillar_id|actor_id>:<months>   move deadline windows by whole months (+ later, - earlier)
    scale=<funding_id|instrument>:<percent>          change amounts by a percentage (-25 = cut by a quarter)
    set=<funding_id>:<amount_eur>                    set one funding line to an amount in euros
    drop=<measure_id>                                take a measure out: its money and deadlines go
e.g. ?shift=cbrn-training-rollout:6&scale=f-uia-public-spaces-2018:-25
Measure, pillar and actor ids are disjoint (the loader checks it). A scale target is read as a
funding id first, then as an instrument. A malformed or unknown lever is left out with a
notice; parsing never raises.

Order of composition (whatever the order in the link): drop, set (the last set of a line
wins), scale (after set: set=f:1000000 with scale=f:-10 gives 900,000; two scales multiply),
shift (the shifts that reach a deadline add up). Past events quoted as context never move and
stated totals never change.
"""
from __future__ import annotations

import csv
import io
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Mapping

import pandas as pd

from tracker.filters import clean, shown

LEVER_KEYS = ("shift", "scale", "set", "drop")  # URL keys: released, never rename
MAX_LEVERS = 50
MAX_SHIFT_MONTHS = 120
MIN_PERCENT, MAX_PERCENT = -100.0, 1000.0
MAX_AMOUNT_EUR = 1e13
PRESET_COLUMNS = ("scenario_id", "title", "levers")

_INT = re.compile(r"[+-]?\d{1,6}")
_NUMBER = re.compile(r"[+-]?\d{1,16}(\.\d{1,6})?")


@dataclass(frozen=True)
class Lever:
    kind: str  # one of LEVER_KEYS
    target: str
    value: float | None = None  # months (shift), percent (scale), euros (set), None (drop)

    @property
    def text(self) -> str:
        """The URL value of the lever: 'cbrn:6', 'f-x:-25', 'f-x:1000000', 'measure-id'."""
        if self.kind == "drop":
            return self.target
        return f"{self.target}:{_num(self.value)}"

    @property
    def link(self) -> str:
        return f"{self.kind}={self.text}"


def _num(value: float | None) -> str:
    if value is None:
        return ""
    value = float(value)
    return str(int(value)) if value.is_integer() else f"{value:.6f}".rstrip("0").rstrip(".")


@dataclass(frozen=True)
class Catalog:
    """What levers can name: every pillar, actor and instrument, and the measures and funding
    lines looked up (those the lever form offers under the filters, and those a link, a preset
    or the lever table names), each with a readable name (queries.lever_catalog)."""

    measures: Mapping[str, str]  # measure_id -> title
    pillars: Mapping[str, str]  # pillar_id -> short name
    actors: Mapping[str, str]  # actor_id -> name
    funding: Mapping[str, str]  # funding_id -> name of the line (lines a lever may change)
    totals: Mapping[str, str] = field(default_factory=dict)  # stated totals: named in notices, never changed
    instruments: frozenset[str] = frozenset()

    def shift_kind(self, target: str) -> str | None:
        if target in self.measures:
            return "measure"
        if target in self.pillars:
            return "pillar"
        if target in self.actors:
            return "actor"
        return None

    def label(self, target: str) -> str:
        """What a person reads for a lever target: 'CBRN (pillar)', 'Europol (actor)'."""
        for mapping, word in ((self.pillars, "pillar"), (self.actors, "actor"), (self.measures, "measure"),
                              (self.funding, "a funding line"), (self.totals, "a stated total")):
            if target in mapping:
                return f"{mapping[target]} ({word})"
        if target in self.instruments:
            return f"{target} (every line of the instrument)"
        return target

    def describe(self, lever: Lever) -> str:
        """A lever in words: 'Shift CBRN (pillar) by +6 months'."""
        name = self.label(lever.target)
        if lever.kind == "shift":
            return f"Shift {name} by {int(lever.value):+d} months"
        if lever.kind == "scale":
            return f"Change {name} by {_num(lever.value)}%"
        if lever.kind == "set":
            return f"Set {name} to €{lever.value:,.0f}"
        return f"Drop {name}"


def targets_named(texts: Iterable[str]) -> set[str]:
    """The ids that lever texts ('shift=a:6', 'a:6', 'drop=b', 'x&y') may name, read leniently:
    what to look up before parsing them."""
    out: set[str] = set()
    for text in texts:
        for part in str(text or "").split("&"):
            value = part.split("=", 1)[1] if "=" in part else part
            target = value.rsplit(":", 1)[0] if ":" in value else value
            target = clean(target)
            if target:
                out.add(target)
    return out


# -- parsing ---------------------------------------------------------------------------------
def parse_lever(kind: str, raw, catalog: Catalog) -> tuple[Lever | None, str | None]:
    """One lever from its URL value (`raw` after 'kind='). Returns (lever, None) or
    (None, notice saying what is wrong and how it is written). Never raises."""
    kind = clean(kind).lower()
    text = clean(raw)
    where = f"{kind}={text}"
    if kind not in LEVER_KEYS:
        return None, f"Ignored {shown(where, 60)}: the levers are shift, scale, set and drop."
    if kind == "drop":
        if not text:
            return None, "Ignored an empty drop=: write drop=<measure_id>."
        if text not in catalog.measures:
            return None, f"Ignored {shown(where, 60)}: no measure has the id {shown(text, 60)}."
        return Lever("drop", text), None
    forms = {"shift": "shift=<measure, pillar or actor id>:<months>",
             "scale": "scale=<funding id or instrument>:<percent>",
             "set": "set=<funding id>:<amount in euros>"}
    if ":" not in text:
        return None, f"Ignored {shown(where, 60)}: write {forms[kind]}."
    target, value_text = (part.strip() for part in text.rsplit(":", 1))
    if not target or not value_text:
        return None, f"Ignored {shown(where, 60)}: write {forms[kind]}."
    if kind == "shift":
        if not _INT.fullmatch(value_text):
            return None, f"Ignored {shown(where, 60)}: months must be a whole number such as 6 or -3."
        months = int(value_text)
        if abs(months) > MAX_SHIFT_MONTHS:
            return None, f"Ignored {shown(where, 60)}: a shift is at most {MAX_SHIFT_MONTHS} months either way."
        if catalog.shift_kind(target) is None:
            return None, f"Ignored {shown(where, 60)}: {shown(target, 60)} is no measure, pillar or actor id."
        return Lever("shift", target, float(months)), None
    if not _NUMBER.fullmatch(value_text):
        unit = "a percentage such as -25 or 10" if kind == "scale" else "an amount in euros such as 75000000"
        return None, f"Ignored {shown(where, 60)}: the value must be {unit}."
    number = float(value_text)
    if target in catalog.totals:
        return None, (f"Ignored {shown(where, 60)}: {shown(target, 60)} is a total as the texts state it (a sum of "
                      "other lines); change the lines it adds up instead.")
    if kind == "scale":
        if not (MIN_PERCENT <= number <= MAX_PERCENT):
            return None, f"Ignored {shown(where, 60)}: a percentage runs from {MIN_PERCENT:g} to {MAX_PERCENT:g}."
        if target not in catalog.funding and target not in catalog.instruments:
            return None, f"Ignored {shown(where, 60)}: {shown(target, 60)} is no funding id or instrument."
        return Lever("scale", target, number), None
    if not (0 <= number <= MAX_AMOUNT_EUR) or not math.isfinite(number):
        return None, f"Ignored {shown(where, 60)}: the amount must be between 0 and {MAX_AMOUNT_EUR:,.0f} euros."
    if target not in catalog.funding:
        return None, f"Ignored {shown(where, 60)}: {shown(target, 60)} is no funding id (set changes one funding line)."
    return Lever("set", target, round(number, 2)), None


def parse_query(query: Mapping[str, Iterable[str]], catalog: Catalog) -> tuple[list[Lever], list[str]]:
    """The levers of URL query parameters (each key -> all its values), in the order
    shift, scale, set, drop and then as given, plus a notice for each value ignored."""
    levers: list[Lever] = []
    notices: list[str] = []
    for kind in LEVER_KEYS:
        for raw in query.get(kind, []) or []:
            lever, notice = parse_lever(kind, raw, catalog)
            if notice:
                notices.append(notice)
            elif len(levers) >= MAX_LEVERS:
                notices.append(f"Ignored {shown(lever.link, 60)}: a scenario holds at most {MAX_LEVERS} levers.")
            else:
                levers.append(lever)
    return levers, notices


def parse_link(text: str, catalog: Catalog) -> tuple[list[Lever], list[str]]:
    """Levers written as in a link, joined by '&' ('shift=a:6&drop=b'), e.g. a preset."""
    query: dict[str, list[str]] = {}
    notices: list[str] = []
    for part in str(text or "").split("&"):
        part = part.strip()
        if not part:
            continue
        if "=" not in part:
            notices.append(f"Ignored {shown(part, 60)}: write lever=value, e.g. shift=cbrn:6.")
            continue
        key, value = part.split("=", 1)
        key = key.strip().lower()
        if key not in LEVER_KEYS:
            notices.append(f"Ignored {shown(part, 60)}: the levers are shift, scale, set and drop.")
            continue
        query.setdefault(key, []).append(value)
    levers, more = parse_query(query, catalog)
    return levers, notices + more


def parse_row(kind, target, value, catalog: Catalog) -> tuple[Lever | None, str | None]:
    """One lever from a row of the lever table (lever, target, value)."""
    kind = clean(kind).lower()
    target = clean(target)
    if kind == "drop":
        return parse_lever("drop", target, catalog)
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return None, f"Ignored the row {kind} {shown(target, 60)}: it has no value."
    return parse_lever(kind, f"{target}:{_num(float(value)) if isinstance(value, (int, float)) else value}",
                       catalog)


def to_query(levers: Iterable[Lever]) -> dict[str, list[str]]:
    """The URL query parameters of the levers (only the keys that have a lever)."""
    out: dict[str, list[str]] = {}
    for lever in levers:
        out.setdefault(lever.kind, []).append(lever.text)
    return {k: out[k] for k in LEVER_KEYS if k in out}


def to_link(levers: Iterable[Lever]) -> str:
    """'shift=cbrn:6&scale=f-x:-25': the levers as a query string, keys in URL order."""
    return "&".join(f"{k}={v}" for k, values in to_query(levers).items() for v in values)


# -- presets ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class Preset:
    scenario_id: str
    title: str
    levers: tuple[Lever, ...]
    line: int

    @property
    def link(self) -> str:
        return to_link(self.levers)


def read_presets(path: Path | str) -> tuple[str, str]:
    """(text, problem) of a scenarios.csv: its text, or a notice saying why it can't be read
    ("" and "" when there is no such file: no presets)."""
    path = Path(path)
    if not path.is_file():
        return "", ""
    try:
        return path.read_text(encoding="utf-8-sig"), ""
    except (OSError, UnicodeDecodeError) as err:
        return "", f"{path.name}: could not be read ({type(err).__name__}); save it as CSV UTF-8."


def parse_presets(text: str, name: str, catalog: Catalog) -> tuple[list[Preset], list[str]]:
    """The named scenarios of a scenarios.csv's text (columns scenario_id, title, levers). A row
    with any problem is left out with a notice naming the file and line. Never raises."""
    presets: list[Preset] = []
    notices: list[str] = []
    try:
        reader = csv.reader(io.StringIO(text, newline=""))
        header = next(reader, None)
        if header is None:
            return [], []
        header = [h.strip() for h in header]
        missing = [c for c in PRESET_COLUMNS if c not in header]
        if missing:
            return [], [f"{name}, line 1: {'the column' if len(missing) == 1 else 'the columns'} {', '.join(missing)} "
                        f"{'is' if len(missing) == 1 else 'are'} missing from the header; "
                        f"the header is {','.join(PRESET_COLUMNS)}."]
        pos = {c: header.index(c) for c in PRESET_COLUMNS}
        seen: set[str] = set()
        line = reader.line_num + 1
        for row in reader:
            here, line = line, reader.line_num + 1
            if not any(cell.strip() for cell in row):
                continue
            if len(row) != len(header):
                notices.append(f"{name}, line {here}: {len(row)} fields where the header has {len(header)}; "
                               "quote a title that holds a comma.")
                continue
            sid, title, levers_text = (clean(row[pos[c]]) for c in PRESET_COLUMNS)
            if not sid or not title:
                notices.append(f"{name}, line {here}: scenario_id and title must not be empty.")
                continue
            if sid in seen:
                notices.append(f"{name}, line {here}: duplicate scenario_id {shown(sid, 60)}.")
                continue
            levers, problems = parse_link(levers_text, catalog)
            if problems:
                notices.append(f"{name}, line {here}: preset {shown(sid, 60)} left out. " + " ".join(problems))
                continue
            if not levers:
                notices.append(f"{name}, line {here}: preset {shown(sid, 60)} has no lever.")
                continue
            seen.add(sid)
            presets.append(Preset(sid, title, tuple(levers), here))
    except csv.Error as err:
        notices.append(f"{name}: not a readable CSV ({err}).")
    return presets, notices
