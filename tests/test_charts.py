"""Every chart of the shipped data, built the documented Plotly way: what each one draws, in
what colour, and the quote its hover carries."""
from __future__ import annotations

import datetime as dt
import json

import plotly.graph_objects as go

from tracker import charts, queries
from tracker.filters import Filters, When
from tracker.scenario import Lever

AS_OF = dt.date(2018, 6, 1)
WHEN = When(AS_OF)
HORIZON = dt.date(2019, 2, 18)


def spec(fig: go.Figure) -> dict:
    """What st.plotly_chart sends: the figure's JSON."""
    return json.loads(fig.to_json())


def numbers(values) -> list:
    """A Plotly array as a list: figures carry numbers as base64 typed arrays."""
    if isinstance(values, dict) and "bdata" in values:
        import base64

        import numpy as np
        return np.frombuffer(base64.b64decode(values["bdata"]), dtype=np.dtype(values["dtype"])).tolist()
    return values


def test_measures_per_pillar(real_db):
    fig = spec(charts.measures_per_pillar(queries.pillar_summary(real_db, Filters(), WHEN)))
    bar = fig["data"][0]
    assert bar["y"][::-1][:3] == ["Public spaces", "Explosives &amp; finance", "CBRN"]  # the first pillar on top
    assert [c[0] for c in bar["customdata"]][::-1][:2] == ["public-spaces", "explosives-finance"]
    assert bar["marker"]["color"][-1] == charts.PILLAR_PALETTE[0]
    assert numbers(bar["x"])[::-1] == [19, 16, 15, 8, 9, 17, 2]  # the package's own actions, background left out
    assert "title" not in fig["layout"] or not fig["layout"]["title"].get("text")  # the page writes the title


def test_timeline_colours_by_status_and_carries_the_quote(real_db):
    rows = queries.timeline(real_db, Filters(pillars=("cbrn",), background=True), WHEN)
    fig = spec(charts.timeline(rows, AS_OF, HORIZON))
    by_name = {t["name"]: t for t in fig["data"]}
    assert {name: len(t["y"]) for name, t in by_name.items()} == {
        "Not checked (a document could not be read)": 1, "Upcoming": 2, "Due now (inside its window)": 1,
        "Past event (background)": 1}
    assert by_name["Upcoming"]["marker"]["color"] == charts.STATUS_COLOURS["upcoming"]
    closed = by_name["Not checked (a document could not be read)"]
    assert closed["base"] == ["2017-10-18"] and closed["customdata"][0][5:] == ["cbrn-training-mapping", "cbrn"]
    assert "A mapping of existing EU training activities will be completed by January 2018" in \
        closed["customdata"][0][3].replace("<br>", " ")
    # the hover says what the later documents say, with the date up to which they were read
    assert closed["customdata"][0][4] == ("Not checked: a document that should report on it could not be read<br>"
                                          "(documents read up to 30 Oct 2019)")
    assert [a["text"] for a in fig["layout"]["annotations"]] == ["as of 1 Jun 2018", "end of roll-out 18 Feb 2019"]


def test_timeline_draws_the_baseline_behind_a_scenario(real_db):
    levers = (Lever("shift", "cbrn", 6.0),)
    rows = queries.scenario_deadlines(real_db, Filters(pillars=("cbrn",)), WHEN, levers)
    rows = rows[rows["kind"] != "past_event"]
    base = rows.assign(due_from=rows["baseline_due_from"], due_by=rows["baseline_due_by"])
    fig = spec(charts.timeline(rows, AS_OF, HORIZON, baseline=base))
    outline = fig["data"][0]
    assert outline["name"] == "Baseline window" and len(outline["y"]) == 4
    mapping = rows["deadline_id"].tolist().index("d-cbrn-training-mapping")
    assert outline["base"][mapping] == "2017-10-18"  # the baseline window, under the moved one


def test_funding_bars_by_pillar_carry_the_largest_line(real_db):
    sums = queries.funding_breakdown(real_db, Filters())
    fig = spec(charts.funding_bars(sums[sums["dimension"] == "pillar"], "pillar"))
    bar = fig["data"][0]
    assert bar["x"] == ["Public spaces", "Explosives &amp; finance", "Encryption"]
    assert bar["text"] == ["up to €118.5 million", "€2.5 million", "€500,000"]  # a ceiling in the sum
    assert bar["customdata"][0][:2] == ["public-spaces", 2]
    assert "additional funding of up to €100 million" in bar["customdata"][0][2].replace("<br>", " ")


def test_funding_compare_puts_baseline_and_scenario_on_one_axis(real_db):
    cut = (Lever("scale", "f-uia-public-spaces-2018", -50),)
    fig = spec(charts.funding_compare(queries.scenario_funding_by(real_db, Filters(), cut, "pillar"), "pillar"))
    base, scn = fig["data"]
    assert (base["name"], scn["name"]) == ("Baseline", "Scenario") and fig["layout"]["barmode"] == "group"
    assert base["x"] == scn["x"] == ["Public spaces", "Explosives &amp; finance", "Encryption"]
    assert base["text"] == ["up to €118.5 million", "€2.5 million", "€500,000"]
    assert scn["text"] == ["up to €68.5 million", "€2.5 million", "€500,000"]  # half of the €100m call
    assert base["marker"]["color"] == "#BBBBBB" and scn["marker"]["color"][0] == charts.PILLAR_PALETTE[0]


def test_actor_heatmap_ranks_actors_by_involvement(real_db):
    matrix = queries.measures_per_actor(real_db, Filters())
    fig = spec(charts.actor_heatmap(matrix, queries.pillars(real_db), top=3))
    heat = fig["data"][0]
    assert heat["y"] == ["Council of the EU", "Member States", "European Commission"]  # most involved on top
    assert heat["customdata"][-1][0] == "commission|public-spaces"


def test_empty_charts_say_why(real_db):
    fig = spec(charts.timeline(queries.timeline(real_db, Filters(q="no such words anywhere"), When(AS_OF)), AS_OF, None))
    assert fig["data"] == [] and fig["layout"]["annotations"][0]["text"] == "No deadline matches the filters."


def test_timeline_hover_cites_the_document_of_a_delivery(real_db):
    rows = queries.timeline(real_db, Filters(pillars=("radicalisation",)), When(dt.date(2019, 1, 1)))
    fig = spec(charts.timeline(rows, dt.date(2019, 1, 1), HORIZON))
    late = {t["name"]: t for t in fig["data"]}["Delivered late"]
    assert late["marker"]["color"] == charts.STATUS_COLOURS["delivered_late"]
    assert late["customdata"][0][4] == "Delivered 12 Sep 2018, 104 days late (COM(2018) 640 final, Commission)"


def test_a_figure_is_kept_by_the_values_of_its_rows(real_db):
    from tracker import ui

    summary = queries.pillar_summary(real_db, Filters(), When(dt.date(2019, 2, 18)))
    first = ui.figure("measures_per_pillar", summary)
    assert ui.figure("measures_per_pillar", summary.copy()) is first  # the same rows: the figure kept
    changed = summary.assign(measures=summary["measures"] + 1)
    other = ui.figure("measures_per_pillar", changed)
    assert other is not first
    assert numbers(spec(other)["data"][0]["x"]) == [m + 1 for m in numbers(spec(first)["data"][0]["x"])]
