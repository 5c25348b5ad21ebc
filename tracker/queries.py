"""The data functions the pages call: the only code that runs SQL.

Each takes the Database and plain, typed arguments, runs SQL from sql/ with bound parameters
(user input never becomes SQL text) on a cursor of its own (sessions share one connection), and
returns a DataFrame (or a value). A function that reads no date takes no date.

Results are kept per (data, arguments) for every session by st.cache_data (`cached`): the
Database is hashed by the data it holds, the frozen Filters by their values. A kept result is
a copy for each caller, so a page may change what it gets. The package, the filter choices and
the lever catalogue are read-only and kept by st.cache_resource (`shared`), without a copy.
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from types import MappingProxyType

import pandas as pd
import streamlit as st

from tracker import words
from tracker.database import Database
from tracker.filters import Choices, Filters, When
from tracker.scenario import Catalog, Lever
from tracker.staging import TABLES

# The arguments are keyed by what they hold: the Database by its data, the frozen filters and
# levers by their text (repr), which says every field.
KEYS = {Database: lambda db: db.key, Filters: repr, When: repr, Lever: repr}
cached = st.cache_data(hash_funcs=KEYS, show_spinner=False, max_entries=1000)
# Small read-only results that every run reads several times (the package, the filter choices,
# the lever catalogue) are shared as they are, not copied for each caller.
shared = st.cache_resource(hash_funcs=KEYS, show_spinner=False, max_entries=100)

FILTER_ARGS = "$pillars, $actors, $instruments, $statuses, $q"  # Filters.params()
DEADLINE_ARGS = "$as_of, $due_from, $due_to, $background"  # When.params(), and Filters.params()["background"]
STATUS_ORDER = ("delivered_on_time", "delivered_late", "delivered", "delivered_in_part", "not_delivered", "no_report",
                "overdue", "due_now", "upcoming")  # a commitment's status on a date (words.STATUS)


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
@shared
def package(db: Database) -> Mapping:
    """The package row, with horizon_end: the end of its roll-out."""
    return MappingProxyType(_one(db, "select *, (published_on + to_months(horizon_months))::date as horizon_end "
                                     "from package"))


@shared
def choices(db: Database) -> Choices:
    """What the filters can take; an actor with units says so ("Europol, with its unit ...")."""
    pillars = dict(_rows(db, "select pillar_id, short_name from pillars order by pillar_no"))
    actors = {a: name + (f", with its unit{'s' if len(units) > 1 else ''} {'; '.join(units)}" if units else "")
              for a, name, units in _rows(db, "select actor_id, name, unit_names from actor_lines order by name")}
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
def measure_counts(db: Database, f: Filters) -> dict:
    """measures: the package's own actions under the filters; background: the items quoted as
    background among them (shown only on request: 0 otherwise)."""
    return _one(db, f"select count(*) filter (where status_at_publication <> 'context') as measures, "
                    f"count(*) filter (where status_at_publication = 'context') as background "
                    f"from selected_measure_lines({FILTER_ARGS})", f.params())


@cached
def new_money(db: Database, f: Filters) -> dict:
    """The package's new money under the filters: its sum (new_money_eur), the qualifier of the
    sum (new_money_qualifier: 'up_to' when a part is a ceiling, see sql/funding_lines.sql) and its
    lines (new_lines); context_figures, how many amounts the texts quote as context (never added
    up)."""
    return _one(db, f"""
        select coalesce(sum(amount_eur) filter (where money_class = 'new'), 0) as new_money_eur,
               sum_qualifier(if(money_class = 'new', amount_qualifier, null)) as new_money_qualifier,
               count(*) filter (where money_class = 'new') as new_lines,
               count(*) filter (where money_class = 'context') as context_figures
        from funding_lines({FILTER_ARGS})""", f.params())


def headline(db: Database, f: Filters, when: When) -> dict:
    """The figures at the top of the overview: the measure counts, the new money, and the shown
    deadlines by status on when.as_of (the sums of the pillars' rows)."""
    pillars = pillar_summary(db, f, when)
    return {**measure_counts(db, f), **new_money(db, f),
            "deadlines": {s: int(pillars[s].sum()) for s in STATUS_ORDER}}


@cached
def pillar_summary(db: Database, f: Filters, when: When) -> pd.DataFrame:
    """One row per pillar: measures, new money, context figures and deadlines by status (see
    sql/pillar_summary.sql)."""
    return _df(db, f"select * from pillar_summary({DEADLINE_ARGS}, {FILTER_ARGS})", {**f.params(), **when.params()})


@shared
def latest_step(db: Database) -> dt.date:
    """The day by which the latest step after the package (progress or money) is known."""
    return _rows(db, "select max(known_by) from (select known_by from progress_lines "
                     "union all select known_by from stage_lines)")[0][0] or package(db)["published_on"]


@cached
def scorecard(db: Database, f: Filters, when: When) -> pd.DataFrame:
    """The package's commitments per pillar (those the due window keeps) by their status on
    when.as_of (the end of the roll-out, for the scorecard), with a last row for all pillars
    (pillar_id None). `commitments` lists the ones behind a cell."""
    rows = _df(db, f"select * from deadline_counts({DEADLINE_ARGS}, {FILTER_ARGS})", {**f.params(), **when.params()})
    cols = ["deadlines", *STATUS_ORDER]
    total = {"pillar_id": None, "pillar_no": 99, "name": "All pillars", "short_name": "All pillars",
             **{c: int(rows[c].sum()) for c in cols}}
    return pd.concat([rows[["pillar_id", "pillar_no", "name", "short_name", *cols]], pd.DataFrame([total])],
                     ignore_index=True)


@cached
def commitments(db: Database, f: Filters, when: When, pillar_id: str | None = None,
                status: str | None = None) -> pd.DataFrame:
    """The commitments behind a cell of the scorecard: the shown deadlines (past events left
    out) of one pillar (None: all) with one status on when.as_of (None: any), by due date."""
    sql = (f"select {TIMELINE_SELECT} from timeline_rows({DEADLINE_ARGS}, {FILTER_ARGS}) "
           "where kind <> 'past_event' and ($pillar is null or pillar_id = $pillar) "
           "and ($status is null or status = $status) order by due_by, due_from, deadline_id")
    return _df(db, sql, {**f.params(), **when.params(), "pillar": pillar_id, "status": status})


@cached
def changes(db: Database, f: Filters, when: When, since: dt.date) -> dict[str, pd.DataFrame]:
    """What changed between `since` and when.as_of (in either order): `statuses`, the shown
    deadlines whose status moved (from_status, status); `steps`, the steps after the package that
    became known; `stages`, the stages the money went through (sql/changes.sql)."""
    first, last = sorted((since, when.as_of))
    params = {**f.params(), **When(last, when.due_from, when.due_to).params(), "first": first, "last": last}
    return {
        "statuses": _df(db, f"select * from status_changes($first, $last, $due_from, $due_to, $background, "
                            f"{FILTER_ARGS})", params),
        "steps": _df(db, f"select * from steps_between($first, $last, {FILTER_ARGS})", params),
        "stages": _df(db, f"select * from stages_between($first, $last, {FILTER_ARGS})", params),
    }


@cached
def money_path(db: Database, f: Filters) -> pd.DataFrame:
    """Every stage of the selected lines of new money, line by line in date order (money_stages in
    sql/funding_lines.sql)."""
    return _df(db, f"select * from money_stages({FILTER_ARGS})", f.params())


@cached
def next_deadlines(db: Database, f: Filters, when: When, n: int = 8) -> pd.DataFrame:
    """The n deadlines due now or next (the earliest end first). A window open or to come ends on
    or after as_of: the test on due_by spares the status of every closed one."""
    return _df(db, "select deadline_id, measure_id, pillar, what_due, date_text, due_from, due_by, status "
                   f"from timeline_rows({DEADLINE_ARGS}, {FILTER_ARGS}) where due_by >= $as_of::date "
                   "and status in ('due_now', 'upcoming') order by due_by, due_from, deadline_id limit $n",
               {**f.params(), **when.params(), "n": n})


# -- funding -------------------------------------------------------------------------------
FUNDING_COLUMNS = ("funding_id", "pillar_id", "pillar", "measure_id", "measure_title", "instrument", "amount_eur",
                   "amount_qualifier", "period", "funding_kind", "money_class", "source_id", "source_quote")


@cached
def funding_breakdown(db: Database, f: Filters) -> pd.DataFrame:
    """New money per pillar, instrument, period and kind, and in all (dimension 'all'); context
    amounts and stated totals left out (sql/funding_breakdown.sql)."""
    return _df(db, f"select * from funding_breakdown({FILTER_ARGS})", f.params())


@cached
def funding_lines(db: Database, f: Filters, limit: int | None = None, money_class: str | None = None) -> pd.DataFrame:
    """Funding lines: new money, then stated totals, then context amounts, each largest first;
    with `money_class` ('new', 'stated total' or 'context'), those only."""
    sql = (f"select {', '.join(FUNDING_COLUMNS)} from funding_lines({FILTER_ARGS}) "
           "where $money_class is null or money_class = $money_class "
           "order by class_order, amount_eur desc, funding_id")
    return _df(db, *_limited(sql, {**f.params(), "money_class": money_class}, limit))


# -- deadlines -----------------------------------------------------------------------------
TIMELINE_COLUMNS = ("deadline_id", "measure_id", "measure_title", "pillar_id", "pillar_no", "pillar", "what_due",
                    "date_text", "due_from", "due_by", "precision", "kind", "status", "outcome", "outcome_on",
                    "outcome_precision", "outcome_reference", "searched_to", "days_late", "source_id", "source_quote")
TIMELINE_SELECT = ", ".join(f'"{c}"' for c in TIMELINE_COLUMNS)  # "precision" is a keyword


@cached
def timeline(db: Database, f: Filters, when: When, limit: int | None = None) -> pd.DataFrame:
    """The shown deadline windows of the selected measures, with their status on when.as_of, by
    due date."""
    sql = (f"select {TIMELINE_SELECT} from timeline_rows({DEADLINE_ARGS}, {FILTER_ARGS}) "
           "order by due_by, due_from, deadline_id")
    return _df(db, *_limited(sql, {**f.params(), **when.params()}, limit))


# -- actors --------------------------------------------------------------------------------
@cached
def actor_matrix(db: Database, f: Filters) -> pd.DataFrame:
    """Measures per actor and pillar, in any role and per role, with each actor's rank by
    involvement (sql/measures_per_actor.sql)."""
    return _df(db, f"select * from measures_per_actor({FILTER_ARGS})", f.params())


@cached
def actor_commitments(db: Database, f: Filters, when: When, actor_id: str, limit: int | None = None) -> pd.DataFrame:
    """One actor's selected measures, with its role and each measure's shown deadlines (as written)
    and their statuses on when.as_of, in due order (empty lists when it has none)."""
    sql = f"""
        with mine as (
            select measure_id, role, source_quote from actor_links
            where actor_id = $actor and measure_id in (select measure_id from selected_measures({FILTER_ARGS}))
        ), dates as (
            select measure_id, list(date_text order by due_by) as deadline_texts,
                   list(status order by due_by) as deadline_statuses
            from timeline_rows({DEADLINE_ARGS}, {FILTER_ARGS})
            where measure_id in (select measure_id from mine) group by measure_id
        )
        select mine.role, ml.measure_id, ml.pillar, ml.title, ml.status_at_publication,
               coalesce(dates.deadline_texts, []) as deadline_texts,
               coalesce(dates.deadline_statuses, []) as deadline_statuses, mine.source_quote
        from mine join measure_lines ml using (measure_id) left join dates using (measure_id)
        order by ml.pillar_no, ml.title, mine.role"""
    return _df(db, *_limited(sql, {**f.params(), **when.params(), "actor": actor_id}, limit))


# -- measures ------------------------------------------------------------------------------
MEASURE_COLUMNS = ("title", "pillar", "measure_type", "status_at_publication", "leads", "funding_lines",
                   "deadline_count", "parent_title", "source_quote", "measure_id", "parent_id", "pillar_id",
                   "source_id")


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
    """Everything known about one measure, each fact with its quote and its source (the
    source's reference, else its title); `history`: what happened after the package, its steps
    and the stages of its money, in date order, each with its document, link and locator."""
    p = {"m": measure_id, "as_of": as_of}
    source = "(select coalesce(s.reference, s.title) from sources s where s.source_id = t.source_id) as source"
    return {
        "measure": _df(db, f"select t.*, p.name as pillar_name, {source} from measure_lines t "
                           "join pillars p using (pillar_id) where measure_id = $m", p),
        "children": _df(db, "select measure_id, title, status_at_publication from measure_lines where parent_id = $m "
                            "order by list_order", p),
        "actors": _df(db, f"select a.name as actor, t.role, a.actor_type, t.source_quote, {source}, t.actor_id "
                          "from actor_links t join actors a using (actor_id) where t.measure_id = $m "
                          "order by case t.role when 'lead' then 0 when 'partner' then 1 else 2 end, a.name", p),
        "funding": _df(db, f"select t.amount_eur, t.amount_qualifier, t.instrument, t.period, t.funding_kind, "
                           f"t.money_class, t.source_quote, {source}, t.funding_id from funding_facts t "
                           "where measure_id = $m order by amount_eur desc", p),
        "deadlines": _df(db, f"select t.what_due, t.date_text, t.due_from, t.due_by, t.status, t.kind, t.outcome, "
                             "t.outcome_on, t.outcome_precision, t.outcome_reference, t.searched_to, t.days_late, "
                             f"t.source_quote, {source}, t.deadline_id from deadline_status($as_of) t "
                             "where measure_id = $m order by due_by", p),
        "history": _df(db, """
            select happened_on, date_precision, 'step' as kind, status as what, note, source_quote, cited,
                   coalesce(source_reference, source_title) as source, source_url, locator, null as amount_eur,
                   null as amount_qualifier, deadline_id, progress_id as row_id
            from progress_lines where measure_id = $m
            union all by name
            select happened_on, date_precision, 'money' as kind, stage as what, note, source_quote, cited,
                   coalesce(source_reference, source_title) as source, source_url, locator, amount_eur,
                   amount_qualifier, null as deadline_id, stage_id as row_id
            from stage_lines where measure_id = $m
            order by happened_on, kind, row_id""", p),
    }


# -- what if -------------------------------------------------------------------------------
def _levers(levers: tuple[Lever, ...]) -> dict:
    """The levers as the four lists sql/scenario.sql reads."""
    return {"kinds": [lv.kind for lv in levers], "targets": [lv.target for lv in levers],
            "vals": [lv.value for lv in levers], "links": [lv.link for lv in levers]}


LEVER_ARGS = "$kinds::varchar[], $targets::varchar[], $vals::double[], $links::varchar[]"


@shared
def lever_instruments(db: Database) -> frozenset[str]:
    """The instruments of the lines a lever may change (not those of stated totals only)."""
    return frozenset(i for (i,) in _rows(db, "select distinct instrument from funding_facts "
                                             "where money_class <> 'stated total'"))


@shared
def lever_catalog(db: Database, named: tuple[str, ...], limit: int) -> Catalog:
    """What levers can name: every pillar, actor and instrument of a changeable line; the package's
    first `limit` measures (in list order) and largest `limit` funding lines (what the lever form
    offers, the same under any filter); and any measure or funding line among `named` (the ids a
    link, a preset or the lever table names)."""
    ch = choices(db)
    params = {"named": list(named), "limit": limit}
    measures = _rows(db, """
        (select measure_id, title from measure_lines where status_at_publication <> 'context'
         order by list_order limit $limit)
        union select measure_id, title from measure_lines where measure_id in (select unnest($named))""", params)
    lines = _rows(db, """
        with offered as (
            (select funding_id, money_class, measure_title, amount_eur, amount_qualifier, period, pillar_no
             from funding_facts order by amount_eur desc, funding_id limit $limit)
            union
            select funding_id, money_class, measure_title, amount_eur, amount_qualifier, period, pillar_no
            from funding_facts where funding_id in (select unnest($named))
        )
        select funding_id, money_class = 'stated total', measure_title, amount_eur, amount_qualifier, period
        from offered order by pillar_no, measure_title, funding_id""", params)
    instruments = lever_instruments(db)
    named_lines = {i: f"{title}: {words.money(amount, qualifier)}, {period}" for i, _, title, amount, qualifier, period
                   in lines}
    return Catalog(measures=dict(measures), pillars=dict(ch.pillars), actors=dict(ch.actors),
                   funding={i: named_lines[i] for i, total, *_ in lines if not total},
                   totals={i: named_lines[i] for i, total, *_ in lines if total}, instruments=instruments)


@cached
def scenario_summary(db: Database, f: Filters, when: When, levers: tuple[Lever, ...]) -> dict:
    """The headline figures of the baseline and of the scenario (each a dict), counted over
    every selected deadline and funding line, and `unused`: the links of the levers that reach
    nothing under the filters."""
    params = {**f.params(), **when.params(), **_levers(levers), "horizon_end": package(db)["horizon_end"]}
    figures = _one(db, f"""
        with deadlines as (
            select * from scenario_deadlines({DEADLINE_ARGS}, $horizon_end, {LEVER_ARGS}, {FILTER_ARGS})
        ), money as (
            select * from scenario_funding({LEVER_ARGS}, {FILTER_ARGS}) where money_class = 'new'
        ), counts as (
            select count(*) filter (where kind <> 'past_event') as baseline_deadlines,
                   count(*) filter (where kind <> 'past_event' and status <> 'dropped') as scenario_deadlines,
                   count(*) filter (where baseline_status = 'overdue') as baseline_overdue,
                   count(*) filter (where status = 'overdue') as scenario_overdue,
                   count(*) filter (where baseline_status = 'due_now') as baseline_due_now,
                   count(*) filter (where status = 'due_now') as scenario_due_now,
                   count(*) filter (where baseline_past_horizon) as baseline_past_horizon,
                   count(*) filter (where past_horizon) as scenario_past_horizon
            from deadlines
        ), baseline as (
            select coalesce(sum(baseline_amount_eur), 0) as baseline_new_money_eur,
                   sum_qualifier(baseline_qualifier) as baseline_new_money_qualifier
            from money
        ), scenario as (
            select coalesce(sum(amount_eur), 0) as scenario_new_money_eur,
                   sum_qualifier(amount_qualifier) as scenario_new_money_qualifier
            from money where dropped_by = ''
        )
        select * from counts, baseline, scenario""", params)
    unused = [link for (link,) in _rows(db, f"select link from scenario_reach({LEVER_ARGS}, {FILTER_ARGS}) "
                                            "where reached = 0 order by pos", params)] if levers else []
    sides = {side: {k.removeprefix(f"{side}_"): v for k, v in figures.items() if k.startswith(side)}
             for side in ("baseline", "scenario")}
    return {**sides, "unused": unused}


@cached
def scenario_deadlines(db: Database, f: Filters, when: When, levers: tuple[Lever, ...],
                       limit: int | None = None) -> pd.DataFrame:
    """The shown deadlines under the scenario beside the baseline (sql/scenario.sql): the moved
    and dropped ones first, then by due date."""
    params = {**f.params(), **when.params(), **_levers(levers), "horizon_end": package(db)["horizon_end"]}
    sql = (f"select * from scenario_deadlines({DEADLINE_ARGS}, $horizon_end, {LEVER_ARGS}, {FILTER_ARGS}) "
           "order by shift_months = 0 and dropped_by = '', status = baseline_status, baseline_due_by, deadline_id")
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
            select 'baseline' as side, *, baseline_amount_eur as amount, baseline_qualifier as qualifier from lines
            union all by name
            select 'scenario' as side, *, amount_eur as amount, amount_qualifier as qualifier from lines
            where dropped_by = ''
        )
        select side, case when $dimension = 'pillar' then pillar else instrument end as key,
               case when $dimension = 'pillar' then any_value(pillar_id) end as pillar_id,
               case when $dimension = 'pillar' then min(pillar_no) else 0 end as pillar_no,
               'new' as money_class, sum(amount) as amount_eur, sum_qualifier(qualifier) as amount_qualifier,
               count(*) as lines,
               arg_max(funding_id, amount) as top_funding_id, arg_max(source_quote, amount) as top_quote
        from sides group by all
        order by side, pillar_no, amount_eur desc, key""", {**f.params(), **_levers(levers), "dimension": dimension})
    return rows.rename(columns={"key": dimension})
