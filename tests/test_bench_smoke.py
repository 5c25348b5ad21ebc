"""The benchmark keeps running: the data generator writes a valid folder of the asked size,
and bench/run.py --quick --smoke runs every page on it under AppTest, clicks the default page
once in Chromium beside its floor, and writes the expected result."""
from __future__ import annotations

import csv
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tracker.filters import FILTERS

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable


def _rows(path: Path) -> int:
    with path.open(encoding="utf-8", newline="") as fh:
        return sum(1 for _ in csv.reader(fh)) - 1


def test_make_data_writes_a_valid_folder_and_the_bench_runs_on_it(tmp_path):
    out = tmp_path / "small"
    made = subprocess.run([PY, "bench/make_data.py", str(out), "--measures", "300", "--funding", "1000",
                           "--deadlines", "300"], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert made.returncode == 0, made.stderr

    check = subprocess.run([PY, "-m", "tracker", "check", str(out)], cwd=ROOT, capture_output=True, text=True,
                           timeout=60)
    assert check.returncode == 0, check.stdout + check.stderr
    assert f"{out}: OK" in check.stdout

    assert _rows(out / "measures.csv") == 300
    assert _rows(out / "funding.csv") == 1000
    assert _rows(out / "deadlines.csv") == 300
    assert _rows(out / "progress.csv") == 30  # a tenth of the deadlines
    assert _rows(out / "actors.csv") == 300
    assert _rows(out / "pillars.csv") == 7
    assert sorted(p.name for p in (out / "sources").iterdir()) == sorted(
        p.name for p in (ROOT / "data" / "sources").iterdir())
    with (out / "measures.csv").open(encoding="utf-8", newline="") as fh:
        measures = list(csv.DictReader(fh))
    assert sum(1 for m in measures if m["parent_id"]) == 90  # the last 30% are sub-actions
    with (out / "measure_actors.csv").open(encoding="utf-8", newline="") as fh:
        roles = {r["role"] for r in csv.DictReader(fh)}
    assert roles == {"lead", "partner", "addressee"}

    result = tmp_path / "result.json"
    bench = subprocess.run([PY, "bench/run.py", "--quick", "--smoke", "--data", str(out), "--out", str(result)],
                           cwd=ROOT, capture_output=True, text=True, timeout=240)
    assert bench.returncode == 0, bench.stderr[-3000:]
    r = json.loads(result.read_text())
    smoke = r["smoke"]

    # every page of dashboard.py, found at run time (st.navigation), ran under AppTest
    entry = (ROOT / "dashboard.py").read_text(encoding="utf-8")
    assert len(smoke["page_list"]) == len(re.findall(r"st\.Page\(", entry))
    assert set(smoke["pages"]) == {p["name"] for p in smoke["page_list"]}
    assert set(re.findall(r'url_path="([\w-]+)"', entry)) <= set(smoke["pages"])
    assert sum(p["default"] for p in smoke["page_list"]) == 1
    # the sidebar filters were found and each set in turn (the URL API's keys are the widget keys)
    keys = [f["key"] for f in smoke["filters"]]
    assert {s.key for s in FILTERS} | {"as_of"} <= set(keys)  # every filter of the spec, and the date
    for name, page in smoke["pages"].items():
        assert "error" not in page, f"{name}: {page.get('error')}"
        assert page["rerun_ms"] > 0 and page["warm_rerun_ms"] > 0
        assert len(page["rerun_all_ms"]) >= len(keys) - len(smoke["filters_exhausted"])
        assert set(page["rerun_by_filter_ms"]) <= set(keys)
        assert set(page["payload_max"]) >= {"bytes", "chart_bytes", "table_bytes", "charts", "tables",
                                            "max_points_or_rows"}
    assert smoke["builds"] == 1
    assert "error" not in smoke["naive"], smoke["naive"].get("error")
    assert smoke["naive"]["rerun_ms"] > 0

    # the browser measure: once, on the default page, beside its floor
    default = next(p["name"] for p in smoke["page_list"] if p["default"])
    clicks = r["browser_click_to_settled_ms"]
    assert list(clicks) == [default]
    click = clicks[default]
    assert click["samples"] == 1 and not click["errors"]
    assert click["page_ms"] > 0 and click["floor_ms"] > 0
    assert click["ratio"] == pytest.approx(click["page_ms"] / click["floor_ms"])
    assert click["charts"] + click["tables"] >= 1
    assert 0 < click["page_idle_ms"] <= click["page_ms"] and 0 < click["floor_idle_ms"] <= click["floor_ms"]
    # beside it, the floor with the same kinds of sidebar widgets, read from the page's sidebar
    assert {"stPageLink", "stDateInput", "stMultiSelect", "stTextInput", "stCheckbox"} <= set(click["sidebar_kinds"])
    assert click["paint_side_floor_ms"] > 0
    assert click["paint_side_ratio"] == pytest.approx(click["paint_page_ms"] / click["paint_side_floor_ms"])
    assert r["browser_click_to_settled"]["quiet_ms"] > 0
    assert len(r["browser_click_to_settled"]["options"]) >= 2

    # one PASS/FAIL line per budget, and the browser budget among them
    assert {"budgets", "budget_limits", "all_met", "measured"} <= set(r)
    lines = [line for line in bench.stdout.splitlines() if line.startswith(("PASS  ", "FAIL  "))]
    assert len(lines) == len(r["budgets"]) and r["budgets"]
    assert any(b["budget"] == f"browser {default}: click to settled <= 1.5x floor" for b in r["budgets"])
    assert r["all_met"] == all(b["met"] for b in r["budgets"])
    assert "all budgets met" in bench.stdout or "budgets missed" in bench.stdout


def test_the_floor_draws_a_bare_widget_of_each_sidebar_kind_it_is_given():
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "bench" / "floor_app.py"))
    at.query_params["side"] = ("stPageLink,stMarkdown,stDateInput,stMultiSelect,stMultiSelect,stTextInput,"
                               "stCheckbox,stSelectbox,stNoSuchKind")
    at.query_params["charts"] = "1"
    at.run()
    assert not at.exception
    sb = at.sidebar
    assert [m.label for m in sb.multiselect] == ["Pillar", "Choice 4"]  # the first is the Pillar one
    assert (len(sb.date_input), len(sb.text_input), len(sb.toggle), len(sb.selectbox)) == (1, 1, 1, 1)
    assert [c.value for c in sb.caption] == ["A line of words 1"]
    at.sidebar.multiselect[0].set_value(["b"]).run()  # the Pillar one still drives the charts
    assert at.sidebar.multiselect[0].value == ["b"] and len(at.sidebar.multiselect) == 2
