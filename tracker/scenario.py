"""What-if scenarios: levers in, adjusted tables out. Pure logic: no Streamlit, no SQL.

A scenario is a list of levers applied to query results (the deadlines of
queries.timeline and the funding lines of queries.funding_lines); the data folder and
the database are never changed.

URL grammar (released: never rename), each key repeatable:
    shift=<measure_id|pillar_id|actor_id>:<months>   move deadline windows by whole months (+ later, - earlier)
    scale=<funding_id|instrument>:<percent>          change amounts by a percentage (-25 = cut by a quarter)
    set=<funding_id>:<amount_eur>                    set one funding line to an amount in euros
    drop=<measure_id>                                take a measure out: its money and deadlines go
e.g. ?shift=cbrn-training-rollout:6&scale=f-uia-public-spaces-2018:-25
Measure, pillar and actor ids are disjoint (the loader guarantees it). A scale target is
read as a funding id first, then as an instrument. A malformed or unknown lever is ignored
with a notice; parsing never raises.

Order of composition (whatever the order in the link):
    1. drop   the measure's deadlines and funding lines are removed;
    2. set    a line's amount becomes the amount given (the last set of a line wins);
    3. scale  amounts are multiplied by (1 + percent/100), after set, so set=f:1000000 with
              scale=f:-10 gives 900,000; two scales of one line multiply;
    4. shift  both ends of a window move by the months given; the shifts that reach a
              deadline (its measure, its measure's pillar, an actor of its measure in any
              role) add up.
What levers never touch: past events quoted as context (kind 'past_event': history does not
move), and stated totals (funding_kind 'aggregate', the texts' own sums, never added up).
A shifted date keeps its day of the month, clipped to the month's length; a date on the last
day of its month moves to the last day of the target month ("in November 2017" shifted by one
month is 1-31 December 2017).

Status under the scenario follows sql/deadline_status.sql, first match wins: context
(past event), delivered (a delivery recorded on or before the as-of date), upcoming (before the
window), due_now (inside it), overdue (after it). A deadline is past the horizon when its
due_by is after package.published_on + horizon_months.
"""
from __future__ import annotations

import calendar
import csv
import datetime as dt
import io
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Mapping

import numpy as np
import pandas as pd

LEVER_KEYS = ("shift", "scale", "set", "drop")  # URL keys: released, never rename
ORDER = ("drop", "set", "scale", "shift")  # order of composition
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
    """What the levers can name, from the whole data (not the filtered view)."""

    measures: Mapping[str, str]  # measure_id -> title
    pillars: Mapping[str, str]  # pillar_id -> short name
    actors: Mapping[str, str]  # actor_id -> name
    funding: Mapping[str, str]  # funding_id -> instrument (lines a lever may change)
    totals: frozenset[str] = frozenset()  # funding ids of stated totals (never changed)
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
        """A readable name of a lever target: 'CBRN (pillar)'."""
        for mapping, word in ((self.pillars, "pillar"), (self.actors, "actor"), (self.measures, "measure")):
            if target in mapping:
                return f"{mapping[target]} ({word})"
        if target in self.funding or target in self.totals:
            return f"{target} (funding line)"
        if target in self.instruments:
            return f"{target} (instrument)"
        return target


def catalog_from(measures: pd.DataFrame, pillars: Mapping[str, str], actors: Mapping[str, str],
                 funding_lines: pd.DataFrame) -> Catalog:
    """A Catalog from unfiltered query results: queries.measures, the choices' pillars and
    actors, and queries.funding_lines (with money_class)."""
    totals = funding_lines["money_class"] == "stated total"
    lines = funding_lines[~totals]
    return Catalog(
        measures=dict(zip(measures["measure_id"], measures["title"])),
        pillars=dict(pillars), actors=dict(actors),
        funding=dict(zip(lines["funding_id"], lines["instrument"])),
        totals=frozenset(funding_lines.loc[totals, "funding_id"]),
        instruments=frozenset(lines["instrument"]),
    )


def catalog_of(measures: Mapping[str, str], lines: pd.DataFrame, found: Mapping, instruments: Iterable[str],
               pillars: Mapping[str, str], actors: Mapping[str, str]) -> Catalog:
    """A Catalog from what the lever form offers under the filters (queries.lever_measures and
    the funding lines of queries.funding_lines), queries.lever_targets (the ids a link, a
    preset or the lever table names) and queries.lever_instruments, with every pillar and
    actor."""
    totals = lines["money_class"].to_numpy(dtype=object) == "stated total"
    ids, kinds = lines["funding_id"].to_numpy(dtype=object), lines["instrument"].to_numpy(dtype=object)
    return Catalog(
        measures={**measures, **found["measure"]}, pillars=dict(pillars), actors=dict(actors),
        funding={**dict(zip(ids[~totals], kinds[~totals])), **found["funding"]},
        totals=frozenset(ids[totals]) | frozenset(found["total"]),
        instruments=frozenset(instruments),
    )


def targets_named(texts: Iterable[str]) -> set[str]:
    """The ids that lever texts ('shift=a:6', 'a:6', 'drop=b', 'x&y') may name, read leniently:
    what to look up before parsing them."""
    out: set[str] = set()
    for text in texts:
        for part in str(text or "").split("&"):
            value = part.split("=", 1)[1] if "=" in part else part
            target = value.rsplit(":", 1)[0] if ":" in value else value
            target = _clean(target)
            if target:
                out.add(target)
    return out


# -- parsing ---------------------------------------------------------------------------------
def _clean(text) -> str:
    return "".join(ch for ch in str(text if text is not None else "") if ch.isprintable()).strip()


def _shown(text: str) -> str:
    return repr(text if len(text) <= 60 else text[:57] + "...")


def parse_lever(kind: str, raw, catalog: Catalog) -> tuple[Lever | None, str | None]:
    """One lever from its URL value (`raw` after 'kind='). Returns (lever, None) or
    (None, notice saying what is wrong and how it is written). Never raises."""
    kind = _clean(kind).lower()
    text = _clean(raw)
    where = f"{kind}={text}"
    if kind not in LEVER_KEYS:
        return None, f"Ignored {_shown(where)}: the levers are shift, scale, set and drop."
    if kind == "drop":
        if not text:
            return None, "Ignored an empty drop=: write drop=<measure_id>."
        if text not in catalog.measures:
            return None, f"Ignored {_shown(where)}: no measure has the id {_shown(text)}."
        return Lever("drop", text), None
    forms = {"shift": "shift=<measure, pillar or actor id>:<months>",
             "scale": "scale=<funding id or instrument>:<percent>",
             "set": "set=<funding id>:<amount in euros>"}
    if ":" not in text:
        return None, f"Ignored {_shown(where)}: write {forms[kind]}."
    target, value_text = (part.strip() for part in text.rsplit(":", 1))
    if not target or not value_text:
        return None, f"Ignored {_shown(where)}: write {forms[kind]}."
    if kind == "shift":
        if not _INT.fullmatch(value_text):
            return None, f"Ignored {_shown(where)}: months must be a whole number such as 6 or -3."
        months = int(value_text)
        if abs(months) > MAX_SHIFT_MONTHS:
            return None, f"Ignored {_shown(where)}: a shift is at most {MAX_SHIFT_MONTHS} months either way."
        if catalog.shift_kind(target) is None:
            return None, f"Ignored {_shown(where)}: {_shown(target)} is no measure, pillar or actor id."
        return Lever("shift", target, float(months)), None
    if not _NUMBER.fullmatch(value_text):
        unit = "a percentage such as -25 or 10" if kind == "scale" else "an amount in euros such as 75000000"
        return None, f"Ignored {_shown(where)}: the value must be {unit}."
    number = float(value_text)
    if target in catalog.totals:
        return None, (f"Ignored {_shown(where)}: {_shown(target)} is a total as the texts state it (a sum of "
                      "other lines); change the lines it adds up instead.")
    if kind == "scale":
        if not (MIN_PERCENT <= number <= MAX_PERCENT):
            return None, f"Ignored {_shown(where)}: a percentage runs from {MIN_PERCENT:g} to {MAX_PERCENT:g}."
        if target not in catalog.funding and target not in catalog.instruments:
            return None, f"Ignored {_shown(where)}: {_shown(target)} is no funding id or instrument."
        return Lever("scale", target, number), None
    if not (0 <= number <= MAX_AMOUNT_EUR) or not math.isfinite(number):
        return None, f"Ignored {_shown(where)}: the amount must be between 0 and {MAX_AMOUNT_EUR:,.0f} euros."
    if target not in catalog.funding:
        return None, f"Ignored {_shown(where)}: {_shown(target)} is no funding id (set changes one funding line)."
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
                notices.append(f"Ignored {_shown(lever.link)}: a scenario holds at most {MAX_LEVERS} levers.")
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
            notices.append(f"Ignored {_shown(part)}: write lever=value, e.g. shift=cbrn:6.")
            continue
        key, value = part.split("=", 1)
        key = key.strip().lower()
        if key not in LEVER_KEYS:
            notices.append(f"Ignored {_shown(part)}: the levers are shift, scale, set and drop.")
            continue
        query.setdefault(key, []).append(value)
    levers, more = parse_query(query, catalog)
    return levers, notices + more


def parse_row(kind, target, value, catalog: Catalog) -> tuple[Lever | None, str | None]:
    """One lever from a row of the lever table (lever, target, value)."""
    kind = _clean(kind).lower()
    target = _clean(target)
    if kind == "drop":
        return parse_lever("drop", target, catalog)
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return None, f"Ignored the row {kind} {_shown(target)}: it has no value."
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
    """(text, problem) of a scenarios.csv: the text, or a notice saying why it can't be read."""
    path = Path(path)
    try:
        return path.read_text(encoding="utf-8-sig"), ""
    except (OSError, UnicodeDecodeError) as err:
        return "", f"{path.name}: could not be read ({type(err).__name__}); save it as CSV UTF-8."


def load_presets(path: Path | str, catalog: Catalog) -> tuple[list[Preset], list[str]]:
    """The named scenarios of a scenarios.csv (columns scenario_id, title, levers). A row with
    any problem is left out with a notice naming the file and line. A missing file means no
    presets. Never raises."""
    path = Path(path)
    if not path.is_file():
        return [], []
    text, problem = read_presets(path)
    if problem:
        return [], [problem]
    return parse_presets(text, path.name, catalog)


def parse_presets(text: str, name: str, catalog: Catalog) -> tuple[list[Preset], list[str]]:
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
            return [], [f"{name}, line 1: the column(s) {', '.join(missing)} are missing from the header; "
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
            sid, title, levers_text = (_clean(row[pos[c]]) for c in PRESET_COLUMNS)
            if not sid or not title:
                notices.append(f"{name}, line {here}: scenario_id and title must not be empty.")
                continue
            if sid in seen:
                notices.append(f"{name}, line {here}: duplicate scenario_id {_shown(sid)}.")
                continue
            levers, problems = parse_link(levers_text, catalog)
            if problems:
                notices.append(f"{name}, line {here}: preset {_shown(sid)} left out. " + " ".join(problems))
                continue
            if not levers:
                notices.append(f"{name}, line {here}: preset {_shown(sid)} has no lever.")
                continue
            seen.add(sid)
            presets.append(Preset(sid, title, tuple(levers), here))
    except csv.Error as err:
        notices.append(f"{name}: not a readable CSV ({err}).")
    return presets, notices


# -- applying --------------------------------------------------------------------------------
def add_months(day: dt.date, months: int) -> dt.date:
    """`day` moved by whole months; the last day of a month stays the last day of a month."""
    if not months:
        return day
    y, m = divmod(day.month - 1 + int(months), 12)
    year, month = day.year + y, m + 1
    last = calendar.monthrange(year, month)[1]
    if day.day == calendar.monthrange(day.year, day.month)[1]:
        return dt.date(year, month, last)
    return dt.date(year, month, min(day.day, last))


def _date(value) -> dt.date | None:
    if value is None or value is pd.NaT or (isinstance(value, float) and math.isnan(value)):
        return None
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    return pd.Timestamp(value).date()


def status(kind: str, delivered_on, due_from, due_by, as_of: dt.date) -> str:
    """The status rule of sql/deadline_status.sql, for one deadline window (apply uses the same
    rule on whole columns)."""
    return str(_statuses(np.array([kind], dtype=object), np.array([_date(delivered_on) is not None]),
                         _days([due_from]), _days([due_by]), as_of)[0])


@dataclass
class Result:
    """The scenario beside the baseline, as frames ready to show."""

    deadlines: pd.DataFrame  # scenario deadlines (dropped ones removed), with the baseline window
    baseline_deadlines: pd.DataFrame  # baseline rows with status and past_horizon recomputed
    funding: pd.DataFrame  # scenario funding lines (dropped removed), with baseline_amount_eur
    baseline_funding: pd.DataFrame
    deadline_changes: pd.DataFrame
    funding_changes: pd.DataFrame
    kpis: dict = field(default_factory=dict)  # {"baseline": {...}, "scenario": {...}}
    unused: list[str] = field(default_factory=list)  # levers that reach nothing under the filters


def _days(values) -> np.ndarray:
    """A column of dates (date objects, datetime64 or NaT) as datetime64[D]."""
    return pd.to_datetime(pd.Series(values)).to_numpy(dtype="datetime64[D]")


def _statuses(kind: np.ndarray, delivered: np.ndarray, due_from: np.ndarray, due_by: np.ndarray,
              as_of: dt.date) -> np.ndarray:
    """status() for whole columns: the same rule, first match wins."""
    day = np.datetime64(as_of, "D")
    return np.select([kind == "past_event", delivered, day < due_from, day <= due_by],
                     ["context", "delivered", "upcoming", "due_now"], "overdue").astype(object)


def _past_horizon(kind: np.ndarray, due_by: np.ndarray, horizon: dt.date | None) -> np.ndarray:
    if not horizon:
        return np.zeros(len(kind), dtype=bool)
    return (kind != "past_event") & (due_by > np.datetime64(horizon, "D"))


def _kpis(kind: np.ndarray, status: np.ndarray, past_horizon: np.ndarray, amounts: np.ndarray,
          money_class: np.ndarray) -> dict:
    """The scenario's headline figures from its columns (deadlines, then funding lines)."""
    return {
        "new_money_eur": round(float(amounts[money_class == "new"].sum()), 2),
        "context_money_eur": round(float(amounts[money_class == "context"].sum()), 2),
        "deadlines": int((kind != "past_event").sum()),
        "past_horizon": int(past_horizon.sum()),
        "overdue": int((status == "overdue").sum()),
        "due_now": int((status == "due_now").sum()),
        "measures_dropped": 0,
    }


def _shifted(days: np.ndarray, months: np.ndarray) -> pd.Series:
    """Dates moved by whole months (add_months), only where months is not 0."""
    out = days.copy()
    for i in np.flatnonzero(months):
        out[i] = np.datetime64(add_months(days[i].astype(dt.date), int(months[i])), "D")
    return pd.Series(pd.to_datetime(out))


def apply(levers: Iterable[Lever], deadlines: pd.DataFrame, funding: pd.DataFrame, *, as_of: dt.date,
          horizon_end: dt.date | None, actor_measures: Mapping[str, Iterable[str]] | None = None) -> Result:
    """Apply the levers, in the order drop, set, scale, shift, to baseline frames:
    `deadlines` as queries.timeline returns them (deadline_id, measure_id, pillar_id, kind,
    due_from, due_by, delivered_on, ...) and `funding` as queries.funding_lines (funding_id,
    measure_id, instrument, amount_eur, money_class, ...). `actor_measures` maps each actor
    named by a shift lever to its measures (any role). The inputs are not modified.
    Column-wise: thousands of rows take milliseconds; only rows a lever reaches are visited."""
    levers = list(levers)
    actor_measures = {k: list(v) for k, v in (actor_measures or {}).items()}
    as_of = _date(as_of)
    horizon = _date(horizon_end)
    reached: set[Lever] = set()

    # one new frame per result, built in one step (each column set on a frame costs a copy)
    kind = deadlines["kind"].to_numpy(dtype=object)
    due_from, due_by = _days(deadlines["due_from"]), _days(deadlines["due_by"])
    delivered = deadlines["delivered_on"].notna().to_numpy()
    base_status = _statuses(kind, delivered, due_from, due_by, as_of)
    base_horizon = _past_horizon(kind, due_by, horizon)
    base_d = _renumbered(deadlines).assign(status=base_status, past_horizon=base_horizon)
    base_amounts = funding["amount_eur"].to_numpy(dtype=float)
    base_f = _renumbered(funding).assign(amount_eur=base_amounts)

    # 1. drop
    dropped = {lv.target for lv in levers if lv.kind == "drop"}
    drop_why = {lv.target: lv.link for lv in levers if lv.kind == "drop"}
    d_measure, f_measure = deadlines["measure_id"].to_numpy(dtype=object), funding["measure_id"].to_numpy(dtype=object)
    for lv in levers:
        if lv.kind == "drop" and ((d_measure == lv.target).any() or (f_measure == lv.target).any()):
            reached.add(lv)
    keep_d, keep_f = ~np.isin(d_measure, list(dropped)), ~np.isin(f_measure, list(dropped))

    # 2. set, 3. scale (stated totals are never changed; a scale target is a funding id first,
    # else an instrument)
    amounts = base_amounts.copy()
    classes = funding["money_class"].to_numpy(dtype=object)
    changeable = (classes != "stated total") & keep_f
    ids, instruments = funding["funding_id"].to_numpy(dtype=object), funding["instrument"].to_numpy(dtype=object)
    id_set = set(ids)
    why_f: dict[int, list[str]] = {}
    for lever_kind in ("set", "scale"):
        for lv in (x for x in levers if x.kind == lever_kind):
            if lever_kind == "set":
                hit = changeable & (ids == lv.target)
            else:
                hit = changeable & ((ids == lv.target) if lv.target in id_set else (instruments == lv.target))
            if not hit.any():
                continue
            if lever_kind == "set":
                amounts[hit] = float(lv.value)
            else:
                amounts[hit] = amounts[hit] * (1 + float(lv.value) / 100)
            _note(why_f, hit, lv.link)
            reached.add(lv)
    amounts = np.round(amounts, 2)
    scn_f = base_f.assign(baseline_amount_eur=base_amounts, amount_eur=amounts, changed_by=_joined(why_f, len(funding)))

    # 4. shift (past events never move); the shifts that reach a deadline add up
    months = np.zeros(len(kind), dtype=int)
    why_d: dict[int, list[str]] = {}
    movable = (kind != "past_event") & keep_d
    pillar = deadlines["pillar_id"].to_numpy(dtype=object)
    for lv in (x for x in levers if x.kind == "shift"):
        hit = movable & ((d_measure == lv.target) | (pillar == lv.target))
        if lv.target in actor_measures:
            hit |= movable & np.isin(d_measure, actor_measures[lv.target])
        if not hit.any():
            continue
        months[hit] += int(lv.value)
        _note(why_d, hit, lv.link)
        reached.add(lv)
    moved: dict = {}
    if months.any():
        new_from, new_by = _shifted(due_from, months), _shifted(due_by, months)
        new_by_days = _days(new_by)
        moved = {"due_from": new_from, "due_by": new_by,
                 "status": _statuses(kind, delivered, _days(new_from), new_by_days, as_of),
                 "past_horizon": _past_horizon(kind, new_by_days, horizon)}
    scn_d = base_d.assign(baseline_due_from=base_d["due_from"], baseline_due_by=base_d["due_by"],
                          baseline_status=base_status, baseline_past_horizon=base_horizon, shift_months=months,
                          changed_by=_joined(why_d, len(kind)), **moved)

    result = Result(
        deadlines=scn_d if keep_d.all() else scn_d[keep_d].reset_index(drop=True), baseline_deadlines=base_d,
        funding=scn_f if keep_f.all() else scn_f[keep_f].reset_index(drop=True), baseline_funding=base_f,
        deadline_changes=_deadline_changes(scn_d, keep_d, drop_why, horizon),
        funding_changes=_funding_changes(scn_f, keep_f, drop_why),
        unused=[lv.link for lv in levers if lv not in reached],
    )
    base_k = _kpis(kind, base_status, base_horizon, base_amounts, classes)
    scn_status, scn_horizon = moved.get("status", base_status), moved.get("past_horizon", base_horizon)
    scn_k = _kpis(kind[keep_d], scn_status[keep_d], scn_horizon[keep_d], amounts[keep_f], classes[keep_f])
    scn_k["measures_dropped"] = len(dropped)
    result.kpis = {"baseline": base_k, "scenario": scn_k}
    return result


def _note(why: dict[int, list[str]], hit: np.ndarray, link: str) -> None:
    """Record that the lever `link` changed the rows where `hit` is true."""
    for i in np.flatnonzero(hit):
        why.setdefault(int(i), []).append(link)


def _joined(why: dict[int, list[str]], n: int) -> np.ndarray:
    """Per row of n, the links of the levers that changed it, joined with '; ' ('' for none)."""
    out = np.full(n, "", dtype=object)
    for i, links in why.items():
        out[i] = "; ".join(links)
    return out


def _renumbered(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with rows numbered 0..n-1 (as returned by a query: then itself)."""
    index = frame.index
    if isinstance(index, pd.RangeIndex) and index.start == 0 and index.step == 1:
        return frame
    return frame.reset_index(drop=True)


CHANGE_COLUMNS = ("deadline_id", "what_due", "baseline_status", "status", "baseline_due_by", "due_by", "why",
                  "status_changed", "baseline_due_from", "due_from", "measure_id")


def _fmt(day) -> str:
    d = _date(day)
    return f"{d.day} {d.strftime('%b')} {d.year}" if d else ""


def _deadline_changes(scn: pd.DataFrame, keep: np.ndarray, drop_why: Mapping[str, str],
                      horizon: dt.date | None) -> pd.DataFrame:
    rows = []
    visit = (~keep) | (scn["shift_months"].to_numpy() != 0)
    if not visit.any():
        return pd.DataFrame(columns=list(CHANGE_COLUMNS))
    for r, kept in zip(scn[visit].itertuples(index=False), keep[visit]):
        if not kept:
            rows.append({**_change_base(r), "due_from": pd.NaT, "due_by": pd.NaT, "status": "dropped",
                         "status_changed": True, "why": f"{drop_why[r.measure_id]}: the measure is taken out."})
            continue
        if not r.shift_months:
            continue
        sign = "+" if r.shift_months > 0 else ""
        why = (f"{r.changed_by} moved it {sign}{r.shift_months} months: due by {_fmt(r.baseline_due_by)} "
               f"becomes {_fmt(r.due_by)}.")
        if horizon and r.past_horizon and not r.baseline_past_horizon:
            why += f" It now ends after the roll-out ({_fmt(horizon)})."
        elif horizon and r.baseline_past_horizon and not r.past_horizon:
            why += f" It now ends within the roll-out ({_fmt(horizon)})."
        rows.append({**_change_base(r), "due_from": r.due_from, "due_by": r.due_by, "status": r.status,
                     "status_changed": r.status != r.baseline_status, "why": why})
    out = pd.DataFrame(rows, columns=list(CHANGE_COLUMNS))
    if out.empty:
        return out
    return out.sort_values(["status_changed", "baseline_due_by", "deadline_id"], ascending=[False, True, True],
                           kind="stable").reset_index(drop=True)


def _change_base(r) -> dict:
    return {"deadline_id": r.deadline_id, "measure_id": r.measure_id, "what_due": r.what_due,
            "baseline_due_from": r.baseline_due_from, "baseline_due_by": r.baseline_due_by,
            "baseline_status": r.baseline_status}


FUNDING_CHANGE_COLUMNS = ("funding_id", "instrument", "baseline_amount_eur", "amount_eur", "change_eur", "why",
                          "money_class", "measure_id")


def _funding_changes(scn: pd.DataFrame, keep: np.ndarray, drop_why: Mapping[str, str]) -> pd.DataFrame:
    rows = []
    visit = (~keep) | (scn["changed_by"].to_numpy(dtype=object) != "")
    if not visit.any():
        return pd.DataFrame(columns=list(FUNDING_CHANGE_COLUMNS))
    for r, kept in zip(scn[visit].itertuples(index=False), keep[visit]):
        base = {"funding_id": r.funding_id, "measure_id": r.measure_id, "instrument": r.instrument,
                "money_class": r.money_class, "baseline_amount_eur": r.baseline_amount_eur}
        if not kept:
            rows.append({**base, "amount_eur": 0.0, "change_eur": -r.baseline_amount_eur,
                         "why": f"{drop_why[r.measure_id]}: the measure is taken out."})
        elif r.changed_by and r.amount_eur != r.baseline_amount_eur:
            rows.append({**base, "amount_eur": r.amount_eur, "change_eur": round(r.amount_eur - r.baseline_amount_eur, 2),
                         "why": f"{r.changed_by}."})
    return pd.DataFrame(rows, columns=list(FUNDING_CHANGE_COLUMNS))


def funding_by(lines: pd.DataFrame, dimension: str, pillar_numbers: Mapping[str, int] | None = None) -> pd.DataFrame:
    """Funding lines summed by 'pillar' (the short name and pillar_id, as funding_lines has them)
    or 'instrument', and money_class, stated totals left out: the columns of
    queries.funding_by (for charts.funding_bars). `pillar_numbers` maps a pillar's short name
    to its number (order and colour)."""
    col = {"pillar": "pillar", "instrument": "instrument"}[dimension]
    keys = [col, "pillar_id"] if dimension == "pillar" else [col]
    out_cols = [*keys, "pillar_no", "money_class", "amount_eur", "lines", "top_funding_id", "top_quote"]
    sums: dict[tuple, list] = {}  # key -> [amount, lines, top amount, top id, top quote]
    columns = [lines[c].tolist() for c in (*keys, "money_class", "amount_eur", "funding_id", "source_quote")]
    for *key_values, money_class, amount, fid, quote in zip(*columns):
        if money_class == "stated total":
            continue
        amount = float(amount)
        entry = sums.setdefault((*key_values, money_class), [0.0, 0, None, None, None])
        entry[0] += amount
        entry[1] += 1
        if entry[2] is None or amount > entry[2] or (amount == entry[2] and fid < entry[3]):
            entry[2:] = [amount, fid, quote]
    numbers = pillar_numbers or {}
    rows = [[*key[:-1], numbers.get(key[0], 99) if dimension == "pillar" else 0, key[-1], round(total, 2), n,
             top_id, top_quote] for key, (total, n, _, top_id, top_quote) in sums.items()]
    out = pd.DataFrame(rows, columns=out_cols)
    if dimension == "pillar":
        return out.sort_values(["pillar_no", "money_class"], kind="stable").reset_index(drop=True)
    return out.sort_values(["amount_eur", "instrument"], ascending=[False, True], kind="stable").reset_index(drop=True)


def export_frame(levers: Iterable[Lever], result: Result, catalog: Catalog | None = None) -> pd.DataFrame:
    """One table for the CSV export: the levers first, then every scenario deadline and
    funding line beside its baseline (row_type lever / deadline / funding / dropped ...)."""
    rows = []
    for lv in levers:
        rows.append({"row_type": "lever", "id": lv.link, "lever": lv.kind, "target": lv.target,
                     "value": lv.value, "detail": catalog.label(lv.target) if catalog else ""})
    for r in result.deadlines.itertuples(index=False):
        rows.append({"row_type": "deadline", "id": r.deadline_id, "measure_id": r.measure_id, "detail": r.what_due,
                     "baseline_due_from": _iso(r.baseline_due_from), "baseline_due_by": _iso(r.baseline_due_by),
                     "due_from": _iso(r.due_from), "due_by": _iso(r.due_by), "baseline_status": r.baseline_status,
                     "status": r.status, "past_horizon": r.past_horizon, "changed_by": r.changed_by})
    for r in result.deadline_changes[result.deadline_changes["status"] == "dropped"].itertuples(index=False):
        rows.append({"row_type": "dropped deadline", "id": r.deadline_id, "measure_id": r.measure_id,
                     "detail": r.what_due, "baseline_due_from": _iso(r.baseline_due_from),
                     "baseline_due_by": _iso(r.baseline_due_by), "baseline_status": r.baseline_status,
                     "status": "dropped", "changed_by": r.why})
    for r in result.funding.itertuples(index=False):
        rows.append({"row_type": "funding", "id": r.funding_id, "measure_id": r.measure_id, "detail": r.instrument,
                     "money_class": r.money_class, "baseline_amount_eur": r.baseline_amount_eur,
                     "amount_eur": r.amount_eur, "changed_by": r.changed_by})
    fc = result.funding_changes
    for r in fc[fc["amount_eur"].eq(0) & fc["why"].str.contains("taken out")].itertuples(index=False):
        rows.append({"row_type": "dropped funding", "id": r.funding_id, "measure_id": r.measure_id,
                     "detail": r.instrument, "money_class": r.money_class, "baseline_amount_eur": r.baseline_amount_eur,
                     "amount_eur": 0.0, "changed_by": r.why})
    cols = ["row_type", "id", "lever", "target", "value", "measure_id", "detail", "baseline_due_from",
            "baseline_due_by", "due_from", "due_by", "baseline_status", "status", "past_horizon", "money_class",
            "baseline_amount_eur", "amount_eur", "changed_by"]
    return pd.DataFrame(rows, columns=cols)


def _iso(value) -> str:
    d = _date(value)
    return d.isoformat() if d else ""
