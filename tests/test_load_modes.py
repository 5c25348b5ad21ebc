"""The two ways a folder is loaded end in the same database: fast mode (clean folders: DuckDB's
constraints checked at insert time) and careful mode (every row checked first, so that every
problem is named with its line); a folder with a problem always gets the careful list."""
from __future__ import annotations

import shutil

import pytest

from tests.conftest import DATA, TINY
from tracker.load import TABLES, _Builder, _NotClean, build

DERIVED = ("measure_lines", "deadline_lines", "funding_facts")


def contents(db) -> dict[str, list[tuple]]:
    cur = db.cursor()
    return {t: cur.execute(f"select * from {t} order by all").fetchall() for t in (*TABLES, *DERIVED)}


@pytest.mark.parametrize("folder", [DATA, TINY], ids=["shipped", "tiny"])
def test_fast_and_careful_loads_hold_the_same_rows(folder):
    fast, careful = _Builder(folder, {}, fast=True).run(), _Builder(folder, {}).run()
    assert fast.problems == careful.problems == []
    assert fast.key == careful.key
    got, want = contents(fast), contents(careful)
    assert {t: len(rows) for t, rows in got.items()} == {t: len(rows) for t, rows in want.items()}
    assert got == want
    assert len(got["measures"]) == (100 if folder == DATA else 4)


def test_fast_mode_stops_at_the_first_problem_and_build_lists_them_all(tmp_path):
    folder = tmp_path / "data"
    shutil.copytree(TINY, folder)
    path = folder / "funding.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("10000000,exact", "-10000000,exact")
                    .replace("f-network,network,beta", "f-network,nowhere,beta"), encoding="utf-8")
    with pytest.raises(_NotClean):
        _Builder(folder, {}, fast=True).run()
    assert [str(p) for p in build(folder).problems] == [
        "funding.csv, line 2, column amount_eur: the amount -10000000.00 is negative. Fix: amounts are 0 or more, "
        "in euros.",
        "funding.csv, line 3, column measure_id: unknown measure_id 'nowhere': no row of measures.csv has it. "
        "Fix: use an existing measure_id or add the row to measures.csv.",
    ]


def test_pages_are_served_while_the_large_tables_fill(monkeypatch):
    """build(wait=False) returns once every row is checked; the queries the pages run give the
    same answers before the constrained tables are filled as after."""
    import datetime as dt
    import threading

    from tracker import queries
    from tracker.filters import Filters

    release = threading.Event()
    fill = _Builder.fill

    def held_fill(self, files):
        release.wait(60)
        fill(self, files)

    monkeypatch.setattr(_Builder, "fill", held_fill)
    early = build(DATA, wait=False)
    cur = early.cursor()
    assert cur.execute("select count(*) from funding").fetchone()[0] == 0  # still filling
    assert cur.execute("select count(*) from pillars").fetchone()[0] == 7
    f = Filters(pillars=("cbrn", "public-spaces"), actors=("europol", "commission"), as_of=dt.date(2018, 3, 1))
    calls = [("count_measures", f), ("pillar_summary", f), ("funding_breakdown", f), ("funding_lines", f, 500), ("timeline", f, 401), ("actor_matrix", f),
             ("actor_commitments", f, "europol", 501), ("measures", f, 500, 0), ("measure_exists", "cbrn-action-plan"),
             ("lever_measures", f, 3000), ("lever_targets", ("cbrn-training-rollout", "f-isf-call-public-spaces")),
             ("measures_of_actors", ("europol",)), ("lever_instruments",), ("choices",), ("package",),
             ("pillar_names",)]
    before = {c[0]: getattr(queries, c[0])(early, *c[1:]) for c in calls}
    assert early.filling is not None and not early.filling.done()
    release.set()
    early.wait()
    assert cur.execute("select count(*) from funding").fetchone()[0] == 9
    after = {c[0]: getattr(queries, c[0])(early, *c[1:]) for c in calls}
    for name in before:
        if hasattr(before[name], "equals"):
            assert before[name].equals(after[name]), name
        else:
            assert before[name] == after[name], name
    assert len(before["pillar_summary"]) == 7 and before["count_measures"] == 37  # counted in the CSVs
