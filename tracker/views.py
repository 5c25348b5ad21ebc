"""What each page reads: the named queries of tracker.queries, with their arguments, that a page
needs for the current filters (and the little page state they depend on).

A page fetches them with `ui.fetch(**views.<page>(...))`; dashboard.py starts the same calls as
soon as the filters are known, before it draws the sidebar, so that the queries run while
Streamlit draws (tracker/cache.py hands the page the computation already running).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Mapping

import pandas as pd
import pyarrow as pa

from tracker.filters import Filters

TIMELINE_ROWS = 400  # deadlines drawn on the timeline (the first by due date)
FUNDING_LINES = 5000  # funding lines listed on the funding page (stated totals, then the largest)
MEASURES_PAGE = 500  # measures per page of the measures table
ACTOR_ROWS = 500  # one actor's commitments listed
SCENARIO_DEADLINES = 5000  # deadlines and funding lines a scenario is computed on
SCENARIO_FUNDING = 5000
LEVER_OPTIONS = 3000  # measures and funding lines the lever form offers (those under the filters)


@dataclass(frozen=True)
class After:
    """A result that needs another first: `make(result of calls[key])` gives the call to run (a
    tuple) or the result itself (anything else). It starts as soon as that result is there, not
    when the page asks; `make` may run on a pool thread, so it must not read the session."""
    key: str
    make: Callable[[object], object]


def overview(f: Filters, state: Mapping) -> dict[str, tuple]:
    return {"summary": ("pillar_summary", f)}


def counted(key: str, f: Filters) -> After:
    """The number of measures under the filters, from the selected_measures column of the
    result `key` (a query run with its count), or from count_measures when it has no row."""
    return After(key, lambda rows: int(first(rows, "selected_measures")) if len(rows) else ("count_measures", f))


def first(rows: pd.DataFrame | pa.Table, column: str):
    """The value of `column` on the first row of a query result (a DataFrame or an Arrow table)."""
    return rows[column][0].as_py() if isinstance(rows, pa.Table) else rows[column].iat[0]


def timeline(f: Filters, state: Mapping) -> dict[str, tuple | After]:
    return {"rows": ("timeline", f, TIMELINE_ROWS + 1, True), "n": counted("rows", f)}


def funding(f: Filters, state: Mapping) -> dict[str, tuple]:
    return {"sums": ("funding_breakdown", f), "lines": ("funding_lines", f, FUNDING_LINES),
            "n": ("count_measures", f)}


def actors(f: Filters, state: Mapping) -> dict[str, tuple | After]:
    # the actor whose commitments are listed is chosen in SQL (queries.detail_commitments), so
    # they run beside the matrix instead of after it
    return {"matrix": ("actor_matrix", f), "n": counted("matrix", f),
            "commitments": ("detail_commitments", f, state.get("actor_detail"), ACTOR_ROWS + 1)}


def actors_present(matrix: pa.Table) -> list[str]:
    """The actors of an actor_matrix result, the most involved first (then by name and id)."""
    totals: dict[str, int] = {}
    names: dict[str, str] = {}
    for actor, name, n in zip(*(matrix[c].to_pylist() for c in ("actor_id", "actor", "measures"))):
        totals[actor] = totals.get(actor, 0) + n
        names[actor] = name
    return sorted(totals, key=lambda a: (-totals[a], names[a], a))


def count_from(rows: int, limit: int, f: Filters) -> int | tuple:
    """The number of measures under the filters when a first page of them (`rows` of at most
    `limit`) holds them all, else the query that counts them."""
    return rows if rows < limit else ("count_measures", f)


def measures(f: Filters, state: Mapping) -> dict[str, tuple | After]:
    page = state.get("measures_page") or 1
    offset = (page - 1) * MEASURES_PAGE
    return {"table": ("measures", f, MEASURES_PAGE, offset),
            "n": After("table", lambda t: count_from(len(t), MEASURES_PAGE, f) if not offset else ("count_measures", f))}


def scenario(f: Filters, state: Mapping) -> dict[str, tuple | After]:
    return {"rows": ("timeline", f, SCENARIO_DEADLINES + 1), "lines": ("funding_lines", f, SCENARIO_FUNDING + 1),
            "measures": ("lever_measures", f, LEVER_OPTIONS),
            "n": After("measures", lambda m: count_from(len(m), LEVER_OPTIONS, f))}


PAGES = {"overview": overview, "timeline": timeline, "funding": funding, "actors": actors, "measures": measures,
         "scenario": scenario}
