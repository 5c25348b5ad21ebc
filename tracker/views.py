"""What each page reads: the named queries of tracker.queries, with their arguments, that a page
needs for the current filters (and the little page state they depend on).

A page fetches them with `ui.fetch(**views.<page>(...))`; dashboard.py starts the same calls as
soon as the filters are known, before it draws the sidebar, so that the queries run while
Streamlit draws (tracker/cache.py hands the page the computation already running).
"""
from __future__ import annotations

from typing import Mapping

from tracker.filters import Filters

TIMELINE_ROWS = 400  # deadlines drawn on the timeline (the first by due date)
FUNDING_LINES = 5000  # funding lines listed on the funding page (stated totals, then the largest)
MEASURES_PAGE = 500  # measures per page of the measures table
ACTOR_ROWS = 500  # one actor's commitments listed
SCENARIO_DEADLINES = 5000  # deadlines and funding lines a scenario is computed on
SCENARIO_FUNDING = 5000
LEVER_OPTIONS = 3000  # measures and funding lines the lever form offers (those under the filters)


def overview(f: Filters, state: Mapping) -> dict[str, tuple]:
    return {"summary": ("pillar_summary", f)}


def timeline(f: Filters, state: Mapping) -> dict[str, tuple]:
    return {"rows": ("timeline", f, TIMELINE_ROWS + 1), "n": ("count_measures", f)}


def funding(f: Filters, state: Mapping) -> dict[str, tuple]:
    return {"sums": ("funding_breakdown", f), "lines": ("funding_lines", f, FUNDING_LINES),
            "n": ("count_measures", f)}


def actors(f: Filters, state: Mapping) -> dict[str, tuple]:
    calls = {"matrix": ("actor_matrix", f), "n": ("count_measures", f)}
    if state.get("actor_detail"):  # the actor whose commitments the page showed last
        calls["commitments"] = ("actor_commitments", f, state["actor_detail"], ACTOR_ROWS + 1)
    return calls


def measures(f: Filters, state: Mapping) -> dict[str, tuple]:
    page = state.get("measures_page") or 1
    return {"n": ("count_measures", f), "table": ("measures", f, MEASURES_PAGE, (page - 1) * MEASURES_PAGE)}


def scenario(f: Filters, state: Mapping) -> dict[str, tuple]:
    return {"rows": ("timeline", f, SCENARIO_DEADLINES + 1), "lines": ("funding_lines", f, SCENARIO_FUNDING + 1),
            "measures": ("lever_measures", f, LEVER_OPTIONS), "n": ("count_measures", f)}


PAGES = {"overview": overview, "timeline": timeline, "funding": funding, "actors": actors, "measures": measures,
         "scenario": scenario}
