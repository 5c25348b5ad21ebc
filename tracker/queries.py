"""The data functions the pages call: the only code that runs SQL.

Each takes the Database and plain, typed arguments, runs SQL from sql/ with bound parameters
(user input never becomes SQL text) on a cursor of its own (sessions share one connection), and
returns a DataFrame (or a value). A function that reads no date takes no date.

Results are kept per (data, arguments) for every session by st.cache_data (`cached`): the
Database is hashed by the data it holds, the frozen Filters by their values. A kept result is
a copy for each caller, so a page may change what it gets.
"""
from __future__ import annotations

import datetime as dt
import re

import pandas as pd
import streamlit as st

from tracker.database import Database
from tracker.filters import Choices, Filters
from tracker.scenario import Catalog, Lever
from tracker.staging import TABLES

cached = st.cache_data(hash_funcs={Database: lambda db: db.key}, show_spinner=False, max_entries=1000)

FILTER_ARGS = "$pillars, $actors, $instruments, $statuses, $q"
STATUS_ORDER = ("overdue", "due_now", "upcoming", "delivered", "context")


def _bound(sql: str, params: dict | None) -> dict:
    """The parameters the SQL names ($name): DuckDB refuses any other."""
    named = set(re.findall(r"\$(\w+)", sql))
    return {k: v for k, v in (params or {}).items() if k in named}


def _df(db: Database, sql: str, params: dict | None = None) -> pd.DataFrame:
    cur = db.cursor()
    try:
        return cur.execute(sql, _bound(sql, params)).df(date_as_object=True)
    finally:
        cur.close()


def _rows(db: Database, sql: str, params: dict | None = None) -> list[tuple]:
    cur = db.cursor()
    try:
        return cur.execute(sql, _bound(sql, params)).fetchall()
    finally:
        cur.close()


def _one(db: Database, sql: str, params: dict | None = None) -> dict:
    """The first row, as a dict."""
    cur = db.cursor()
    try:
        cur.execute(sql, _bound(sql, params))
        return dict(zip([d[0] for d in cur.description], cur.fetchone()))
    finally:
        cur.close()


def _limited(sql: str, params: dict, limit: int | None, offset: int = 0) -> tuple[str, dict]:
    if limit:
        return sql + " limit $limit offset $offset", {**params, "limit": limit, "offset": offset}
    return sql, params


# -- the package and what the filters can take ---------------------------------------------
@cached
def package(db: Database) -> dict:
    """The package row, with horizon_end: the end of its roll-out."""
    return _one(db, "select *, (published_on + to_months(horizon_months))::date as horizon_end from package")


@cached
def choices(db: Database) -> Choices:
    pillars = dict(_rows(db, "select pillar_id, short_name from pillars order by pillar_no"))
    actors = dict(_rows(db, "select actor_id, name from actors order by name"))
    instruments = {i: i for (i,) in _rows(db, "select distinct instrument from funding_facts order by instrument")}
    low, high = _rows(db, "select min(due_from), max(due_by) from deadline_lines")[0]
    pkg = package(db)
    low = min(d for d in (low, pkg["published_on"]) if d)
    high = max(d for d in (high, pkg["horizon_end"]) if d)
    return Choices(pillars=pillars, actors=actors, instruments=instruments, package_date=pkg["published_on"],
                   min_date=dt.date(low.year - 1, 1, 1), max_date=dt.date(high.year + 2, 12, 31))


@cached
def pillars(db: Database) -> pd.DataFrame:
    return _df(db, "select pillar_id, pillar_no, name, short_name from pillars order by pillar_no")


def table_counts(db: Database) -> dict[str, int]:
    db.wait()  # reads every constrained table
    return {t: _rows(db, f"select count(*) from {t}")[0][0] for t in TABLES}


# -- headline figures ----------------------------------------------------------------------
@cached
def count_measures(db: Database, f: Filters) -> int:
    return _rows(db, f"select count(*) from selected_measures({FILTER_ARGS})", f.params())[0][0]


@cached
def pillar_summary(db: Database, f: Filters, as_of: dt.date) -> pd.DataFrame:
    """One row per pillar: measures, new and context money, deadlines by status on `as_of`, and
    the pillar's largest lines and next deadlines (lists of dicts; see sql/pillar_summary.sql)."""
    return _df(db, f"select * from pillar_summary($as_of, {FILTER_ARGS})", {**f.params(), "as_of": as_of})


def kpis(db: Database, f: Filters, as_of: dt.date) -> dict:
    """The headline figures under the filters on `as_of`."""
    return kpis_from(pillar_summary(db, f, as_of))


def kpis_from(summary: pd.DataFrame) -> dict:
    """The headline figures: the sums of a pillar_summary result."""
    return {"measures": int(summary["measures"].sum()), "new_money_eur": float(summary["new_money_eur"].sum()),
            "context_money_eur": float(summary["context_money_eur"].sum()),
            "deadlines": {s: int(summary[s].sum()) for s in STATUS_ORDER}}


def next_deadlines_from(summary: pd.DataFrame, n: int = 8) -> list[dict]:
    """The n deadlines due now or next (earliest end first), from the pillars' lists."""
    rows = [r for part in summary["next_deadlines"] for r in part]
    return sorted(rows, key=lambda r: (r["due_by"], r["due_from"], r["deadline_id"]))[:n]


def top_lines_from(summary: pd.DataFrame, money_class: str, n: int = 10) -> list[dict]:
    """The n largest funding lines of a money class ('new' or 'context'), from the pillars' lists."""
    rows = [r for part in summary[f"top_{money_class}"] for r in part]
    return sorted(rows, key=lambda r: (-r["amount_eur"], r["funding_id"]))[:n]


# -- funding -------------------------------------------------------------------------------
FUNDING_COLUMNS = ("funding_id", "pillar_id", "pillar", "measure_id", "measure_title", "instrument", "amount_eur",
                   "amount_qualifier", "period", "funding_kind", "money_class", "source_id", "source_quote")


@cached
def funding_breakdown(db: Database, f: Filters) -> pd.DataFrame:
    """Money per pillar, instrument, period, kind and pillar x instrument, new apart from
    context, stated totals left out (sql/funding_breakdown.sql)."""
    return _df(db, f"select * from funding_breakdown({FILTER_ARGS})", f.params())


@cached
def funding_lines(db: Database, f: Filters, limit: int | None = None) -> pd.DataFrame:
    """Funding lines: stated totals first, then new money and context amounts, largest first."""
    sql = (f"select {', '.join(FUNDING_COLUMNS)} from funding_lines({FILTER_ARGS}) "
           "order by money_class desc, amount_eur desc, funding_id")
    return _df(db, *_limited(sql, f.params(), limit))


# -- deadlines -----------------------------------------------------------------------------
TIMELINE_COLUMNS = ("deadline_id", "measure_id", "measure_title", "pillar_id", "pillar_no", "pillar", "what_due",
                    "date_text", "due_from", "due_by", "precision", "kind", "status", "delivered_on",
                    "source_id", "source_quote")
TIMELINE_SELECT = ", ".join(f'"{c}"' for c in TIMELINE_COLUMNS)  # "precision" is a keyword


@cached
def timeline(db: Database, f: Filters, as_of: dt.date, limit: int | None = None) -> pd.DataFrame:
    """The deadline windows of the selected measures, with their status on `as_of`, by due date."""
    sql = f"select {TIMELINE_SELECT} from timeline_rows($as_of, {FILTER_ARGS})"
    return _df(db, *_limited(sql, {**f.params(), "as_of": as_of}, limit))


# -- actors --------------------------------------------------------------------------------
@cached
def actor_matrix(db: Database, f: Filters) -> pd.DataFrame:
    """Measures per actor and pillar, in any role and per role, with each actor's rank by
    involvement (sql/measures_per_actor.sql)."""
    return _df(db, f"select * from measures_per_actor({FILTER_ARGS})", f.params())


COMMITMENT_COLUMNS = ["role", "measure_id", "pillar", "title", "status_at_publication", "deadlines", "source_quote"]


@cached
def actor_commitments(db: Database, f: Filters, as_of: dt.date, actor_id: str,
                      limit: int | None = None) -> pd.DataFrame:
    """One actor's selected measures, with its role and each measure's deadlines and their
    status on `as_of` (empty text when it has none)."""
    sql = f"""
        with mine as (
            select measure_id, role, source_quote from actor_links
            where actor_id = $actor and measure_id in (select measure_id from selected_measures({FILTER_ARGS}))
        ), dates as (
            select measure_id, string_agg(date_text || ' (' || status || ')', '; ' order by due_by) as deadlines
            from deadline_status($as_of) where measure_id in (select measure_id from mine) group by measure_id
        )
        select mine.role, ml.measure_id, ml.pillar, ml.title, ml.status_at_publication,
               coalesce(dates.deadlines, '') as deadlines, mine.source_quote
        from mine join measure_lines ml using (measure_id) left join dates using (measure_id)
        order by ml.pillar_no, ml.title, mine.role"""
    return _df(db, *_limited(sql, {**f.params(), "as_of": as_of, "actor": actor_id}, limit))


# -- measures ------------------------------------------------------------------------------
MEASURE_COLUMNS = ("measure_id", "pillar", "title", "measure_type", "status_at_publication", "leads",
                   "funding_lines", "deadline_count", "parent_id", "source_id", "source_quote")


@cached
def measures(db: Database, f: Filters, limit: int | None = None, offset: int = 0) -> pd.DataFrame:
    """The selected measures in pillar order (each sub-action after its parent); with `limit`,
    one page of them."""
    sql = f"select {', '.join(MEASURE_COLUMNS)} from selected_measure_lines({FILTER_ARGS}) order by list_order"
    return _df(db, *_limited(sql, f.params(), limit, offset))


@cached
def measure_exists(db: Database, measure_id: str) -> bool:
    return bool(_rows(db, "select 1 from measure_lines where measure_id = $m", {"m": measure_id}))


@cached
def measure_detail(db: Database, measure_id: str, as_of: dt.date) -> dict[str, pd.DataFrame]:
    """Everything known about one measure, each fact with its quote."""
    p = {"m": measure_id}
    return {
        "measure": _df(db, "select ml.*, p.name as pillar_name from measure_lines ml join pillars p using (pillar_id) "
                           "where measure_id = $m", p),
        "children": _df(db, "select measure_id, title, status_at_publication from measure_lines where parent_id = $m "
                            "order by measure_id", p),
        "actors": _df(db, "select a.name as actor, ma.actor_id, a.actor_type, ma.role, ma.source_id, ma.source_quote "
                          "from actor_links ma join actors a using (actor_id) where ma.measure_id = $m "
                          "order by case ma.role when 'lead' then 0 when 'partner' then 1 else 2 end, a.name", p),
        "funding": _df(db, "select funding_id, instrument, amount_eur, amount_qualifier, period, funding_kind, "
                           "is_new_money, source_id, source_quote from funding_facts where measure_id = $m "
                           "order by amount_eur desc", p),
        "deadlines": _df(db, "select deadline_id, what_due, date_text, due_from, due_by, \"precision\", kind, status, "
                             "source_id, source_quote from deadline_status($as_of) where measure_id = $m "
                             "order by due_by", {**p, "as_of": as_of}),
        "progress": _df(db, "select happened_on, status, note, deadline_id, source_id, source_quote from progress_lines "
                            "where measure_id = $m order by happened_on", p),
    }


# -- what if -------------------------------------------------------------------------------
def _levers(levers: tuple[Lever, ...]) -> dict:
    """The levers as the four lists sql/scenario.sql reads."""
    return {"kinds": [lv.kind for lv in levers], "targets": [lv.target for lv in levers],
            "vals": [lv.value for lv in levers], "links": [lv.link for lv in levers]}


LEVER_ARGS = "$kinds::varchar[], $targets::varchar[], $vals::double[], $links::varchar[]"


@cached
def lever_catalog(db: Database, f: Filters, named: tuple[str, ...], limit: int) -> Catalog:
    """What levers can name: every pillar, actor and instrument of a changeable line; the first
    `limit` measures and funding lines under the filters (what the lever form offers); and any
    measure or funding line among `named` (the ids a link, a preset or the lever table names)."""
    ch = choices(db)
    params = {**f.params(), "named": list(named), "limit": limit}
    measures = _rows(db, f"""
        (select measure_id, title from selected_measure_lines({FILTER_ARGS}) order by list_order limit $limit)
        union select measure_id, title from measure_lines where list_contains($named, measure_id)""", params)
    lines = _rows(db, f"""
        with offered as (
            (select funding_id from funding_lines({FILTER_ARGS}) order by amount_eur desc, funding_id limit $limit)
            union select funding_id from funding_facts where list_contains($named, funding_id)
        )
        select funding_id, money_class = 'stated total', measure_title || ' (' || instrument || ', ' || period || ')'
        from funding_facts where funding_id in (select funding_id from offered)""", params)
    instruments = [i for (i,) in _rows(db, "select distinct instrument from funding_facts "
                                           "where money_class <> 'stated total' order by instrument")]
    return Catalog(measures=dict(measures), pillars=dict(ch.pillars), actors=dict(ch.actors),
                   funding={i: name for i, total, name in lines if not total},
                   totals={i: name for i, total, name in lines if total}, instruments=frozenset(instruments))


@cached
def scenario_summary(db: Database, f: Filters, as_of: dt.date, levers: tuple[Lever, ...]) -> dict:
    """The headline figures of the baseline and of the scenario (each a dict), counted over
    every selected deadline and funding line, and `unused`: the links of the levers that reach
    nothing under the filters."""
    params = {**f.params(), **_levers(levers), "as_of": as_of, "horizon_end": package(db)["horizon_end"]}
    counts = _one(db, f"""
        select count(*) filter (where kind <> 'past_event') as baseline_deadlines,
               count(*) filter (where kind <> 'past_event' and status <> 'dropped') as scenario_deadlines,
               count(*) filter (where baseline_status = 'overdue') as baseline_overdue,
               count(*) filter (where status = 'overdue') as scenario_overdue,
               count(*) filter (where baseline_status = 'due_now') as baseline_due_now,
               count(*) filter (where status = 'due_now') as scenario_due_now,
               count(*) filter (where baseline_past_horizon) as baseline_past_horizon,
               count(*) filter (where past_horizon) as scenario_past_horizon
        from scenario_deadlines($as_of, $horizon_end, {LEVER_ARGS}, {FILTER_ARGS})""", params)
    money = _one(db, f"""
        select coalesce(sum(baseline_amount_eur) filter (where money_class = 'new'), 0) as baseline_new_money_eur,
               coalesce(sum(amount_eur) filter (where money_class = 'new'), 0) as scenario_new_money_eur
        from scenario_funding({LEVER_ARGS}, {FILTER_ARGS})""", params)
    unused = [link for (link,) in _rows(db, f"select link from scenario_reach({LEVER_ARGS}, {FILTER_ARGS}) "
                                            "where reached = 0 order by pos", params)]
    sides = {side: {k.removeprefix(f"{side}_"): v for k, v in {**counts, **money}.items() if k.startswith(side)}
             for side in ("baseline", "scenario")}
    return {**sides, "unused": unused}


@cached
def scenario_deadlines(db: Database, f: Filters, as_of: dt.date, levers: tuple[Lever, ...],
                       limit: int | None = None, changed_only: bool = False) -> pd.DataFrame:
    """The selected deadlines under the scenario beside the baseline (sql/scenario.sql): the
    moved and dropped ones first, then by due date; with `changed_only`, only those."""
    params = {**f.params(), **_levers(levers), "as_of": as_of, "horizon_end": package(db)["horizon_end"]}
    sql = (f"select * from scenario_deadlines($as_of, $horizon_end, {LEVER_ARGS}, {FILTER_ARGS}) "
           + ("where shift_months <> 0 or dropped_by <> '' " if changed_only else "")
           + "order by shift_months = 0 and dropped_by = '', status = baseline_status, baseline_due_by, deadline_id")
    return _df(db, *_limited(sql, params, limit))


@cached
def scenario_funding(db: Database, f: Filters, levers: tuple[Lever, ...], limit: int | None = None,
                     changed_only: bool = False) -> pd.DataFrame:
    """The selected funding lines under the scenario beside the baseline (sql/scenario.sql):
    the changed ones first, then the largest; with `changed_only`, only those."""
    params = {**f.params(), **_levers(levers)}
    sql = (f"select * from scenario_funding({LEVER_ARGS}, {FILTER_ARGS}) "
           + ("where changed_by <> '' or dropped_by <> '' " if changed_only else "")
           + "order by changed_by = '' and dropped_by = '', baseline_amount_eur desc, funding_id")
    return _df(db, *_limited(sql, params, limit))


@cached
def scenario_funding_by(db: Database, f: Filters, levers: tuple[Lever, ...], dimension: str) -> pd.DataFrame:
    """New money by 'pillar' or 'instrument', in the baseline and under the scenario (`side`),
    with the columns charts.funding_bars reads."""
    if dimension not in ("pillar", "instrument"):
        raise ValueError(f"unknown dimension {dimension!r}")
    rows = _df(db, f"""
        with lines as (
            select * from scenario_funding({LEVER_ARGS}, {FILTER_ARGS}) where money_class = 'new'
        ), sides as (
            select 'baseline' as side, *, baseline_amount_eur as amount from lines
            union all by name
            select 'scenario' as side, *, amount_eur as amount from lines where dropped_by = ''
        )
        select side, case when $dimension = 'pillar' then pillar else instrument end as key,
               case when $dimension = 'pillar' then any_value(pillar_id) end as pillar_id,
               case when $dimension = 'pillar' then min(pillar_no) else 0 end as pillar_no,
               'new' as money_class, sum(amount) as amount_eur, count(*) as lines,
               arg_max(funding_id, amount) as top_funding_id, arg_max(source_quote, amount) as top_quote
        from sides group by all
        order by side, pillar_no, amount_eur desc, key""", {**f.params(), **_levers(levers), "dimension": dimension})
    return rows.rename(columns={"key": dimension})
