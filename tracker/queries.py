"""The only code that runs SQL. Every function takes the Database (queries run on a fresh
cursor, so sessions can share one connection) and plain values; user input reaches SQL only
as bound parameters. The SQL itself lives in sql/ as views and table macros.

Queries read the derived tables (measure_lines, deadline_lines, funding_facts, actor_links,
actor_roles) and the small tables of load.READ_TABLES; one that reads a large constrained table
calls db.wait() first (those may still be filling right after the server starts).
"""
from __future__ import annotations

import datetime as dt

import pandas as pd
import pyarrow as pa

from tracker.filters import Choices, Filters
from tracker.load import Database, TABLES

FILTER_ARGS = "$pillars, $actors, $instruments, $statuses, $q"
# The queries that read the filters but not their as-of date (only deadline statuses depend on
# it): their results are kept per filters without the date, so that a new date reruns only
# what it changes (tracker/ui.py; tests/test_sql.py checks that the date changes none of them).
DATELESS = frozenset({"count_measures", "funding_breakdown", "funding_by", "funding_lines", "actor_matrix",
                      "measures", "lever_measures"})
STATUS_ORDER = ("overdue", "due_now", "upcoming", "delivered", "context")


def _df(db: Database, sql: str, params: dict | list | None = None) -> pd.DataFrame:
    cur = db.cursor()
    try:
        return cur.execute(sql, params or {}).df()
    finally:
        cur.close()


def _arrow(db: Database, sql: str, params: dict | None = None) -> pa.Table:
    """Rows as an Arrow table, for a result a page lists as it is: DuckDB makes Arrow and
    st.dataframe sends Arrow, so the rows never become Python objects (a DataFrame costs about
    1 ms per 100 rows more: pandas builds it, Streamlit turns it back into Arrow)."""
    cur = db.cursor()
    try:
        return cur.sql(sql, params=params or {}).to_arrow_table()
    finally:
        cur.close()


def _rows(db: Database, sql: str, params: dict | list | None = None) -> list[tuple]:
    cur = db.cursor()
    try:
        return cur.execute(sql, params or {}).fetchall()
    finally:
        cur.close()


def _with_date(f: Filters) -> dict:
    return {**f.params(), "as_of": f.as_of}


# -- the package and what the filters can take ---------------------------------------------
def package(db: Database) -> dict:
    row = _rows(db, "select package_id, title, published_on, horizon_months, data_version, source_id, source_quote "
                    "from package limit 1")
    if not row:
        return {}
    keys = ("package_id", "title", "published_on", "horizon_months", "data_version", "source_id", "source_quote")
    out = dict(zip(keys, row[0]))
    out["horizon_end"] = _rows(db, "select (published_on + to_months(horizon_months))::date from package limit 1")[0][0]
    return out


def choices(db: Database) -> Choices:
    pillars = dict(_rows(db, "select pillar_id, short_name from pillars order by pillar_no"))
    actors = dict(_rows(db, "select actor_id, name from actors order by name"))
    instruments = {i: i for (i,) in _rows(db, "select distinct instrument from funding_facts order by instrument")}
    dates = _rows(db, "select min(due_from), max(due_by) from deadline_lines")[0]
    pkg = package(db)
    published = pkg.get("published_on") or dt.date.today()
    low = min(d for d in (dates[0], published) if d)
    high = max(d for d in (dates[1], published, pkg.get("horizon_end")) if d)
    return Choices(pillars=pillars, actors=actors, instruments=instruments, package_date=published,
                   min_date=dt.date(low.year - 1, 1, 1), max_date=dt.date(high.year + 2, 12, 31))


def pillar_names(db: Database) -> pd.DataFrame:
    return _df(db, "select pillar_id, pillar_no, name, short_name from pillars order by pillar_no")


def table_counts(db: Database) -> dict[str, int]:
    db.wait()
    return {t: _rows(db, f"select count(*) from {t}")[0][0] for t in TABLES}


# -- headline figures ----------------------------------------------------------------------
def count_measures(db: Database, f: Filters) -> int:
    return _rows(db, f"select count(*) from selected_measures({FILTER_ARGS})", f.params())[0][0]


def pillar_summary(db: Database, f: Filters) -> pa.Table:
    """One row per pillar: measures, new and context money, deadlines by status as of f.as_of,
    and the pillar's largest lines and next deadlines (see sql/pillar_summary.sql)."""
    return _arrow(db, f"select * from pillar_summary($as_of, {FILTER_ARGS})", _with_date(f))


def kpis_from(summary: pa.Table) -> dict:
    """The headline figures: the sums of a pillar_summary result (no query of its own)."""
    def total(col: str):
        return sum(summary[col].to_pylist())

    return {
        "measures": int(total("measures")),
        "new_money_eur": float(total("new_money_eur")),
        "context_money_eur": float(total("context_money_eur")),
        "deadlines": {s: int(total(s)) for s in STATUS_ORDER},
    }


def next_deadlines_from(summary: pa.Table, n: int = 8) -> list[dict]:
    """The n deadlines due now or next under the filters (earliest end first), merged from the
    pillars' lists of a pillar_summary result."""
    rows = [r for part in summary["next_deadlines"].to_pylist() for r in part]
    return sorted(rows, key=lambda r: (r["due_by"], r["due_from"], r["deadline_id"]))[:n]


def top_lines_from(summary: pa.Table, money_class: str, n: int = 10) -> list[dict]:
    """The n largest funding lines of a money class ('new' or 'context') under the filters
    (funding_id, amount_eur, source_quote), merged from a pillar_summary result."""
    rows = [r for part in summary[f"top_{money_class}"].to_pylist() for r in part]
    return sorted(rows, key=lambda r: (-r["amount_eur"], r["funding_id"]))[:n]


def kpis(db: Database, f: Filters) -> dict:
    """Measures, new money, context money and deadlines by status as of f.as_of."""
    return kpis_from(pillar_summary(db, f))


# -- funding -------------------------------------------------------------------------------
FUNDING_DIMENSIONS = ("pillar", "instrument", "period", "kind", "pillar_instrument")
FUNDING_COLUMNS = ("funding_id", "pillar_id", "pillar", "measure_id", "measure_title", "instrument", "amount_eur",
                   "amount_qualifier", "period", "funding_kind", "money_class", "source_id", "source_quote")


def funding_breakdown(db: Database, f: Filters) -> pd.DataFrame:
    """Money per pillar, instrument, period, kind and pillar x instrument, new apart from
    context (stated totals left out), in one query: see sql/funding_breakdown.sql."""
    return _df(db, f"select * from funding_breakdown({FILTER_ARGS})", f.params())


def funding_by(db: Database, f: Filters, dimension: str) -> pd.DataFrame:
    """The rows of funding_breakdown for one dimension."""
    if dimension not in FUNDING_DIMENSIONS:
        raise ValueError(f"unknown funding dimension {dimension!r}")
    return _df(db, f"select * from funding_breakdown({FILTER_ARGS}) where dimension = $dimension",
               {**f.params(), "dimension": dimension})


def funding_lines(db: Database, f: Filters, limit: int | None = None) -> pd.DataFrame:
    """Funding lines under the filters: stated totals first, then new money and context
    amounts, largest first; with `limit`, the first `limit` of them."""
    cols = ", ".join(FUNDING_COLUMNS)
    sql = f"select {cols} from funding_lines({FILTER_ARGS}) order by money_class desc, amount_eur desc, funding_id"
    params = f.params()
    if limit:
        sql += " limit $limit"
        params["limit"] = limit
    return _df(db, sql, params)


# -- deadlines -----------------------------------------------------------------------------
TIMELINE_COLUMNS = ("deadline_id", "measure_id", "measure_title", "pillar_id", "pillar_no", "pillar", "what_due",
                    "date_text", "due_from", "due_by", "precision", "kind", "status", "delivered_on",
                    "source_id", "source_quote")


def timeline(db: Database, f: Filters, limit: int | None = None, with_count: bool = False) -> pd.DataFrame:
    """The deadline windows under the filters (sql/timeline_rows.sql); with `with_count`, on
    every row also selected_measures, how many measures the filters keep."""
    cols = ", ".join(f'"{c}"' for c in TIMELINE_COLUMNS)
    if with_count:
        cols += f", (select count(*) from selected_measures({FILTER_ARGS})) as selected_measures"
    sql = f"select {cols} from timeline_rows($as_of, {FILTER_ARGS})"
    params = _with_date(f)
    if limit:
        sql += " limit $limit"
        params["limit"] = limit
    return _df(db, sql, params)


# -- actors --------------------------------------------------------------------------------
def actor_matrix(db: Database, f: Filters) -> pa.Table:
    """Measures per actor and pillar: in any role (measures) and per role (lead, partner,
    addressee); on every row, selected_measures: how many measures the filters keep (the count
    comes with the matrix instead of from a query of its own)."""
    return _arrow(db, f"select *, (select count(*) from selected_measures({FILTER_ARGS})) as selected_measures "
                   f"from measures_per_actor({FILTER_ARGS})", f.params())


COMMITMENT_COLUMNS = ["role", "measure_id", "pillar", "title", "status_at_publication", "deadlines", "source_quote"]


def _commitments(mine: str, params: dict, limit: int | None) -> tuple[str, dict]:
    """The commitments query over `mine` (SQL: rows of actor_links, one actor's links to the
    selected measures): its columns are actor_id and COMMITMENT_COLUMNS."""
    sql = f"""
        with {mine}, dates as (
            select measure_id, string_agg(date_text || ' (' || status || ')', '; ' order by due_by) as deadlines
            from deadline_status($as_of)
            where measure_id in (select measure_id from mine)
            group by measure_id
        )
        select mine.actor_id, mine.role, ml.measure_id, ml.pillar, ml.title, ml.status_at_publication,
               coalesce(dates.deadlines, '') as deadlines,
               mine.source_quote
        from mine join measure_lines ml using (measure_id) left join dates using (measure_id)
        order by ml.pillar_no, ml.title, mine.role"""
    if limit:
        sql += " limit $limit"
        params["limit"] = limit
    return sql, params


def actor_commitments(db: Database, f: Filters, actor_id: str, limit: int | None = None) -> pa.Table:
    """One actor's measures (under the filters), with role and the measure's deadlines and
    their status as of f.as_of (empty text when it has none); with `limit`, only the first
    `limit` rows (in the same order)."""
    return _arrow(db, *_commitments(f"""mine as (
            select measure_id, actor_id, role, source_quote from actor_links
            where actor_id = $actor and measure_id in (select measure_id from selected_measures({FILTER_ARGS}))
        )""", {**f.params(), "as_of": f.as_of, "actor": actor_id}, limit))


def detail_commitments(db: Database, f: Filters, picked: str | None, limit: int | None = None) -> pa.Table:
    """actor_commitments of the actor the actors page lists, chosen here (so that the query
    needs no result of another): among the actors of the actor matrix, `picked` (the one
    picked last), else the first of the actor filter, else the most involved (the most
    measures, then by name and id: views.actors_present's order). No row when no actor is
    under the filters."""
    return _arrow(db, *_commitments(f"""links as (
            select measure_id, actor_id, actor, role, source_quote from actor_links
            where measure_id in (select measure_id from selected_measures({FILTER_ARGS}))
              and ($actors is null or list_contains($actors, actor_id))
        ), present as (
            select actor_id, any_value(actor) as actor, count(distinct measure_id) as measures
            from links group by actor_id
        ), mine as (
            select measure_id, actor_id, role, source_quote from links
            where actor_id = (select actor_id from present
                              order by coalesce(actor_id = $picked, false) desc,
                                       coalesce(actor_id = $actors[1], false) desc,
                                       measures desc, actor, actor_id
                              limit 1)
        )""", {**f.params(), "as_of": f.as_of, "picked": picked}, limit))


# -- measures ------------------------------------------------------------------------------
MEASURE_COLUMNS = ("measure_id", "pillar", "title", "measure_type", "status_at_publication", "leads",
                   "funding_lines", "deadline_count", "parent_id", "source_id", "source_quote")


def measures(db: Database, f: Filters, limit: int | None = None, offset: int = 0) -> pa.Table:
    """The measures under the filters, in pillar order (each sub-action after its parent); with
    `limit`, one page of them."""
    cols = ", ".join(MEASURE_COLUMNS)
    sql = f"select {cols} from selected_measure_lines({FILTER_ARGS}) order by list_order"
    params = f.params()
    if limit:
        sql += " limit $limit offset $offset"
        params.update(limit=limit, offset=offset)
    return _arrow(db, sql, params)


def measure_exists(db: Database, measure_id: str) -> bool:
    return bool(_rows(db, "select 1 from measure_lines where measure_id = $m", {"m": measure_id}))


def measure_detail(db: Database, measure_id: str, as_of: dt.date) -> dict:
    """Everything known about one measure, each fact with its quote."""
    db.wait()  # progress is read from its constrained table
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
        "progress": _df(db, "select happened_on, status, note, deadline_id, source_id, source_quote from progress "
                            "where measure_id = $m order by happened_on", p),
    }


# -- what-if levers ------------------------------------------------------------------------
def lever_measures(db: Database, f: Filters, limit: int) -> dict[str, str]:
    """The measures the lever form offers: those under the filters (the first `limit`, in
    pillar order), id -> title."""
    return dict(_rows(db, f"select measure_id, title from selected_measure_lines({FILTER_ARGS}) "
                          f"order by pillar_no, measure_id limit $n", {**f.params(), "n": limit}))


def lever_instruments(db: Database) -> list[str]:
    """Every instrument of a funding line a lever may change (stated totals are never changed)."""
    return [i for (i,) in _rows(db, "select distinct instrument from funding_facts where funding_kind <> 'aggregate' "
                                    "order by instrument")]


def lever_targets(db: Database, ids: tuple[str, ...]) -> dict[str, dict[str, str]]:
    """Which of `ids` name something a lever can reach, by kind ('measure', 'funding', 'total'
    for a stated total): id -> label (title or instrument)."""
    found: dict[str, dict[str, str]] = {"measure": {}, "funding": {}, "total": {}}
    if not ids:
        return found
    rows = _rows(db, "select 'measure', measure_id, title from measure_lines where list_contains($ids, measure_id) "
                     "union all select case when funding_kind = 'aggregate' then 'total' else 'funding' end, "
                     "funding_id, instrument from funding_facts where list_contains($ids, funding_id)", {"ids": list(ids)})
    for kind, key, label in rows:
        found[kind][key] = label
    return found


def measures_of_actors(db: Database, actor_ids: tuple[str, ...]) -> dict[str, list[str]]:
    """Each actor's measures, in any role."""
    out: dict[str, list[str]] = {a: [] for a in actor_ids}
    for actor, measure in _rows(db, "select actor_id, measure_id from actor_links where list_contains($ids, "
                                    "actor_id) group by all order by all", {"ids": list(actor_ids)}):
        out[actor].append(measure)
    return out
