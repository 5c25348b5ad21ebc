"""Loading a folder (tracker/database.py): every row of a clean folder ends in its constrained
table; the pages can be served while the large constrained tables still fill, and read the same
answers then as after."""
from __future__ import annotations

import csv
import datetime as dt
import threading

import pytest

from tests.conftest import DATA, TINY
from tracker import database, queries
from tracker.database import LARGE, build
from tracker.filters import Filters, When
from tracker.scenario import Lever
from tracker.staging import TABLES


def csv_rows(folder, table) -> int:
    with open(folder / f"{table}.csv", encoding="utf-8-sig", newline="") as fh:
        return sum(1 for _ in csv.DictReader(fh))


@pytest.mark.parametrize("folder", [DATA, TINY], ids=["shipped", "tiny"])
def test_every_row_lands_in_its_constrained_table(folder):
    db = build(folder)
    assert db.problems == []
    assert queries.table_counts(db) == {t: csv_rows(folder, t) for t in TABLES}
    cur = db.cursor()
    for derived, base in (("measure_lines", "measures"), ("deadline_lines", "deadlines"), ("funding_facts", "funding"),
                          ("actor_links", "measure_actors"), ("progress_lines", "progress")):
        assert cur.execute(f"select count(*) from {derived}").fetchone() == cur.execute(
            f"select count(*) from {base}").fetchone(), derived
    assert cur.execute("select count(*) from duckdb_schemas() where schema_name = 'staged'").fetchone() == (0,)


def test_pages_are_served_while_the_large_tables_fill(monkeypatch):
    """build(wait=False) returns once every row is checked; every query a page runs gives the
    same answer before the large constrained tables are filled as after."""
    release = threading.Event()
    fill = database.fill

    def held_fill(con, files, drop_staged=True):
        if {f.table for f in files} <= set(LARGE):
            release.wait(60)
        fill(con, files, drop_staged)

    monkeypatch.setattr(database, "fill", held_fill)
    early = build(DATA, wait=False)
    cur = early.cursor()
    assert cur.execute("select count(*) from funding").fetchone()[0] == 0  # still filling
    assert cur.execute("select count(*) from pillars").fetchone()[0] == 7
    f, as_of = Filters(pillars=("cbrn", "public-spaces"), actors=("europol", "commission")), dt.date(2018, 3, 1)
    when = When(as_of, dt.date(2017, 11, 1), None)
    levers = (Lever("shift", "cbrn", 6.0), Lever("scale", "ISF-Police", -10.0))
    calls = {
        "measure_counts": (f,), "pillar_summary": (f, when), "next_deadlines": (f, when),
        "funding_breakdown": (f,), "funding_lines": (f, 500), "timeline": (f, when, 401), "measures_per_actor": (f,),
        "actor_commitments": (f, when, "europol", 501),
        "measures": (f, 500, 0), "measure_exists": ("cbrn-action-plan",),
        "measure_detail": ("ps-isf-call-2017", as_of), "lever_catalog": (("cbrn-training-rollout",), 3000),
        "scenario_summary": (f, when, levers), "scenario_deadlines": (f, when, levers),
        "scenario_funding": (f, levers), "scenario_funding_by": (f, levers, "pillar"), "choices": (),
        "package": (), "pillars": (), "scorecard": (f, when), "commitments": (f, when, "cbrn", "due_now"), "changes": (f, when, dt.date(2017, 12, 12)),
        "money_stages": (f,), "latest_step": (),
    }

    def answers() -> dict:
        out = {}
        for name, args in calls.items():
            value = getattr(queries, name).__wrapped__(early, *args)  # not kept: computed now
            out[name] = ({k: v.to_json(date_format="iso") for k, v in value.items()} if name in ("measure_detail", "changes")
                         else value.to_json(date_format="iso") if hasattr(value, "to_json") else value)
        return out

    before = answers()
    assert not early.filled.done()
    release.set()
    early.wait()
    assert cur.execute("select count(*) from funding").fetchone()[0] == 9
    assert answers() == before
    assert before["measure_counts"] == {"measures": 33, "background": 0}  # counted in the CSVs
