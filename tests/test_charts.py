"""Figures are built without Plotly's property checks in the dashboard (tracker/charts.py):
with and without them, every chart of the shipped data is the same figure."""
from __future__ import annotations

import datetime as dt
import json

import plotly.io as pio
import pytest

from tracker import charts, queries, scenario
from tracker.filters import Filters

AS_OF = dt.date(2018, 6, 1)


def figures(db) -> dict:
    f = Filters(as_of=AS_OF)
    summary = queries.pillar_summary(db, f)
    rows = queries.timeline(db, f)
    sums = queries.funding_breakdown(db, f)
    by_pillar = sums[sums["dimension"] == "pillar"]
    by_kind = sums[sums["dimension"] == "kind"]
    matrix, pillars = queries.actor_matrix(db, f), queries.pillar_names(db)
    lever, _ = scenario.parse_lever("shift", "cbrn:6", scenario.catalog_from(
        queries.measures(db, f).to_pandas(), {"cbrn": "CBRN"}, {}, queries.funding_lines(db, f)))
    result = scenario.apply([lever], rows, queries.funding_lines(db, f), as_of=AS_OF,
                            horizon_end=dt.date(2019, 2, 18))
    return {
        "pillars": lambda: charts.measures_per_pillar(summary),
        "no pillars": lambda: charts.measures_per_pillar(summary.slice(0, 0)),
        "timeline": lambda: charts.timeline(rows, AS_OF, dt.date(2019, 2, 18)),
        "scenario timeline": lambda: charts.timeline(result.deadlines, AS_OF, dt.date(2019, 2, 18),
                                                     baseline=result.baseline_deadlines),
        "no deadlines": lambda: charts.timeline(rows.head(0), AS_OF, None),
        "funding by pillar": lambda: charts.funding_bars(by_pillar, "pillar", "new", y_max_m=200),
        "funding by kind": lambda: charts.funding_bars(by_kind, "kind", "context"),
        "sunburst": lambda: charts.funding_sunburst(sums[sums["dimension"] == "pillar_instrument"]),
        "heatmap": lambda: charts.actor_heatmap(matrix, pillars),
        "heatmap lead": lambda: charts.actor_heatmap(matrix, pillars, "lead"),
    }


@pytest.mark.parametrize("name", [
    "pillars", "no pillars", "timeline", "scenario timeline", "no deadlines", "funding by pillar",
    "funding by kind", "sunburst", "heatmap", "heatmap lead"])
def test_unchecked_figures_equal_checked_ones(real_db, monkeypatch, name):
    build = figures(real_db)[name]
    checked = json.loads(pio.to_json(build()))  # charts.VALIDATE is on in the tests
    monkeypatch.setattr(charts, "VALIDATE", False)
    unchecked_fig = build()
    assert isinstance(unchecked_fig, charts.FigureSpec)
    assert json.loads(pio.to_json(unchecked_fig, validate=False)) == checked
    assert checked["data"] or checked["layout"]["annotations"]  # a figure, or its empty message


def test_a_bad_property_is_caught_when_checked(monkeypatch):
    """What the checks are for: a misspelt property fails in the tests, not silently."""
    with pytest.raises(ValueError, match="colr"):
        charts._figure([dict(type="bar", x=[1], y=[1], marker=dict(colr="red"))], "t", 200)


def test_pages_send_the_same_charts_as_with_checked_figures(app, monkeypatch):
    """What st.plotly_chart sends from a FigureSpec is what it sends from a checked go.Figure, on
    every page with charts (Streamlit reads both through to_dict)."""
    pages = ["pages/overview_page.py", "pages/timeline_page.py", "pages/funding_page.py", "pages/actors_page.py",
             "pages/scenario_page.py"]

    def specs() -> list:
        at = app({"shift": "cbrn:6"}).run()
        out = []
        for page in pages:
            at.switch_page(page).run()
            assert not at.exception, [e.message for e in at.exception]
            out += [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]
        return out

    checked = specs()
    monkeypatch.setattr(charts, "VALIDATE", False)
    unchecked = specs()
    assert len(checked) >= len(pages) and unchecked == checked
