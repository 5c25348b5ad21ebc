"""Every page under AppTest: renders on the default link and on links with each URL key,
shows exact figures for several filter combinations, restores filters from a link, and
narrows the filters from a chart selection."""
from __future__ import annotations

import datetime as dt
import json

import pytest

PAGES = ["pages/overview_page.py", "pages/timeline_page.py", "pages/funding_page.py", "pages/actors_page.py", "pages/measures_page.py"]
LINKS = [
    {},
    {"pillar": "cbrn"},
    {"actor": "europol"},
    {"instrument": "ISF-Police"},
    {"status": "new"},
    {"as_of": "2018-06-01"},
    {"q": "forum"},
    {"pillar": ["cbrn", "encryption"], "actor": "europol", "as_of": "2019-01-01"},
]


def assert_clean(at):
    assert not at.exception, [e.message for e in at.exception]
    assert not at.error, [e.value for e in at.error]


@pytest.mark.parametrize("link", LINKS, ids=lambda q: "&".join(f"{k}={v}" for k, v in q.items()) or "default")
def test_every_page_renders_on_each_link(app, link):
    at = app(link).run()
    assert_clean(at)
    for page in PAGES[1:]:
        at.switch_page(page).run()
        assert_clean(at)
        assert at.title[0].value  # the page drew its title


@pytest.mark.parametrize("link,n", [({}, 86), ({"pillar": "cbrn"}, 15), ({"actor": "europol"}, 13),
                                    ({"instrument": "ISF-Police"}, 2), ({"q": "zzz-nothing"}, 0)])
def test_every_page_counts_the_same_measures(app, link, n):
    """Every page says the same count of the package's own measures in its sentence."""
    at = app(link).run()
    for page in [None, *PAGES[1:], "pages/scenario_page.py"]:
        if page:
            at.switch_page(page).run()
        assert_clean(at)
        sentence = next(m.value for m in at.markdown if m.value.startswith("**Showing:**")).replace("\\", "")
        assert f"{n} measure" in sentence, (page, sentence)


def plain(values):
    """A Plotly array as a list: figures may carry numbers as base64 typed arrays."""
    if isinstance(values, dict) and "bdata" in values:
        import base64
        import numpy as np
        arr = np.frombuffer(base64.b64decode(values["bdata"]), dtype=np.dtype(values["dtype"]))
        if "shape" in values:
            arr = arr.reshape([int(x) for x in str(values["shape"]).split(",")])
        return arr.tolist()
    return values


def metrics(at):
    return {m.label: m.value for m in at.metric}


END, LATEST = "Delivered by 18 Feb 2019", "Delivered by 4 Oct 2024"  # the end of the roll-out, the latest document


@pytest.mark.parametrize("link,expected,sentence", [
    ({}, {"Measures of the package": "86", "New money of the package": "up to €121.5m", END: "41%",
          LATEST: "55%"},
     "86 measures, status as of 4 October 2024"),
    ({"as_of": "2017-10-18"}, {"Measures of the package": "86", "New money of the package": "up to €121.5m",
                               END: "41%", LATEST: "55%", "Delivered by 18 Oct 2017": "0%"},
     "86 measures, status as of 18 October 2017"),
    ({"pillar": "cbrn", "as_of": "2018-03-01"},
     {"Measures of the package": "15", "New money of the package": "€0", "Delivered by 1 Mar 2018": "0%",
      END: "0%", LATEST: "0%"},
     "15 measures in CBRN, status as of 1 March 2018"),
    ({"pillar": "public-spaces", "as_of": "2018-03-01"},
     {"Measures of the package": "19", "New money of the package": "up to €118.5m",
      "Delivered by 1 Mar 2018": "14%", END: "29%", LATEST: "71%"},
     "19 measures in Public spaces, status as of 1 March 2018"),
    ({"actor": "europol", "as_of": "2018-03-01"},
     {"Measures of the package": "13", "New money of the package": "€0", "Delivered by 1 Mar 2018": "50%",
      END: "50%", LATEST: "50%"},
     "13 measures involving Europol, with its unit Europol's European Counter-Terrorism Centre (ECTC), status as of "
     "1 March 2018"),
    ({"instrument": "ISF-Police", "as_of": "2017-10-18"},
     {"Measures of the package": "2", "New money of the package": "€19m", "Delivered by 18 Oct 2017": "0%",
      END: "0%", LATEST: "0%"},
     "2 measures funded from ISF-Police, status as of 18 October 2017"),
    ({"background": "1", "as_of": "2017-10-18"},
     {"Measures of the package": "86", "New money of the package": "up to €121.5m",
      "Delivered by 18 Oct 2017": "0%", END: "41%", LATEST: "55%"},
     "86 measures and 14 background items, status as of 18 October 2017"),
])
def test_overview_figures(app, link, expected, sentence):
    at = app(link).run()
    assert_clean(at)
    assert metrics(at) == expected
    assert any(sentence in m.value.replace("\\", "") for m in at.markdown), [m.value for m in at.markdown][:5]


def test_a_link_restores_the_widgets_on_any_page(app):
    link = {"pillar": ["cbrn", "encryption"], "actor": "europol", "status": "new", "as_of": "2018-05-02",
            "q": "training"}
    at = app(link).run()
    assert_clean(at)
    assert at.multiselect(key="pillar").value == ["cbrn", "encryption"]
    assert at.multiselect(key="actor").value == ["europol"]
    assert at.multiselect(key="status").value == ["new"]
    assert at.date_input(key="as_of").value == dt.date(2018, 5, 2)
    assert at.text_input(key="q").value == "training"
    # the same link opened straight on another page (AppTest shows only the page's own
    # elements after a switch, so the restored state is read from the session)
    at = app({"pillar": ["cbrn", "encryption"], "status": "planned", "as_of": "2018-05-02", "q": "training"}).run()
    at.switch_page("pages/funding_page.py").run()
    assert_clean(at)
    assert [at.session_state[k] for k in ("pillar", "status", "as_of", "q")] == [
        ["cbrn", "encryption"], ["planned"], dt.date(2018, 5, 2), "training"]
    # the CBRN training items and enc-training match; the training carries the EUR 500,000
    assert metrics(at) == {"New money of the package": "€500,000", "Funding lines listed": "1"}


def test_invalid_link_values_are_dropped_with_a_notice(app):
    at = app({"pillar": ["cbrn", "atlantis"], "as_of": "yesterday"}).run()
    assert_clean(at)
    assert at.multiselect(key="pillar").value == ["cbrn"]
    warnings = [w.value for w in at.warning]
    assert "Ignored pillar='atlantis' from the link: no such pillar." in warnings
    assert "Ignored as_of='yesterday' from the link: dates are written YYYY-MM-DD." in warnings


def test_changing_a_filter_updates_figures_and_url(app):
    at = app().run()
    at.multiselect(key="pillar").set_value(["encryption"]).run()
    assert metrics(at)["Measures of the package"] == "8"
    assert metrics(at)["New money of the package"] == "€500,000"
    assert at.query_params["pillar"] == "encryption"
    at.button(key="reset_filters").click().run()
    assert metrics(at)["Measures of the package"] == "86"
    assert "pillar" not in at.query_params


def test_the_due_window_keeps_the_deadlines_that_end_inside_it(app):
    """Due from 1 January to 30 June 2018: the deadlines whose window ends in the first half of
    2018, on every page that shows deadlines, in the link and in the sentence."""
    at = app().run()
    at.date_input(key="due_from").set_value(dt.date(2018, 1, 1)).run()
    at.date_input(key="due_to").set_value(dt.date(2018, 6, 30)).run()
    assert (at.query_params["due_from"], at.query_params["due_to"]) == ("2018-01-01", "2018-06-30")
    assert any("86 measures, deadlines due 1 January 2018 to 30 June 2018, status as of 4 October 2024" in
               m.value.replace("\\", "") for m in at.markdown)
    at.switch_page("pages/timeline_page.py").run()
    shown = at.dataframe[0].value
    assert sorted(shown["what_due"]) == [
        "Conference on criminal justice response to radicalisation", "Impact assessment for the review of the Regulation",
        "Mapping of existing EU training activities", "Member States report assessment results to the Commission",
        "Monitoring of online platforms completed", "Proposals for a legal framework on electronic evidence"]
    assert all(dt.date(2018, 1, 1) <= d <= dt.date(2018, 6, 30) for d in shown["due_by"])


def test_background_is_shown_on_request(app):
    at = app({"pillar": "cbrn"}).run()
    assert any("1 background item (earlier" in c.value and " is not shown" in c.value for c in at.caption)
    at.toggle(key="background").set_value(True).run()
    assert at.query_params["background"] == "1"
    assert any("15 measures and 1 background item in CBRN" in m.value.replace("\\", "") for m in at.markdown)
    assert metrics(at)["Measures of the package"] == "15"  # headlines count the package's own actions


def test_moving_the_as_of_date_changes_statuses(app):
    at = app().run()
    at.date_input(key="as_of").set_value(dt.date(2018, 7, 1)).run()
    assert metrics(at)["Delivered by 1 Jul 2018"] == "32%"
    assert next(m.delta for m in at.metric if m.label == "Delivered by 1 Jul 2018") == "7 of 22 · as-of date"
    assert at.query_params["as_of"] == "2018-07-01"


def test_timeline_colours_by_status_and_hovers_the_quote(app):
    at = app({"pillar": "cbrn", "as_of": "2018-03-01"}).run()
    at.switch_page("pages/timeline_page.py").run()
    assert_clean(at)
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    names = {t["name"]: len(t["y"]) for t in spec["data"] if t.get("type") == "bar"}
    assert names == {"Not checked (a document could not be read)": 1, "Due now (inside its window)": 1, "Upcoming": 2}
    hover = [c[3] for t in spec["data"] for c in t.get("customdata", [])]
    assert any("mapping of existing EU training activities" in h for h in hover)


def test_funding_page_totals_reconcile_with_the_kpis(app):
    at = app().run()
    at.switch_page("pages/funding_page.py").run()
    assert_clean(at)
    assert metrics(at)["New money of the package"] == "up to €121.5m"
    charts = []
    for tab in ("By pillar", "By instrument", "By period", "By kind"):  # only the open tab draws its chart
        at.session_state["funding_by"] = tab
        at.run()
        assert_clean(at)
        (chart,) = at.get("plotly_chart")
        charts.append(json.loads(chart.proto.spec))
    for chart in charts:  # new money by pillar, instrument, period and kind: no sum of context amounts
        assert sum(plain(chart["data"][0]["y"])) == pytest.approx(121.5)
    assert charts[0]["data"][0]["text"] == ["up to €118.5 million", "€2.5 million", "€500,000"]
    assert charts[1]["data"][0]["x"] == ["ERDF Urban Innovative Actions", "ISF-Police", "Not specified"]


def test_actor_matrix_counts(app):
    at = app({"actor": "europol"}).run()
    at.switch_page("pages/actors_page.py").run()
    assert_clean(at)
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    heat = spec["data"][0]
    # Europol and its unit, the ECTC: choosing Europol includes it
    assert heat["y"] == ["Europol's European<br>Counter-Terrorism Centre …", "Europol"]
    # counted in data/measure_actors.csv: Europol is linked to 2 CBRN, 1 encryption, 9 external measures
    assert dict(zip(heat["x"], plain(heat["z"])[1])) == {"CBRN": 2, "Encryption": 1, "External action": 9}
    assert dict(zip(heat["x"], plain(heat["z"])[0])) == {"CBRN": 2, "Encryption": 0, "External action": 0}


def test_actor_commitments_follow_the_pick_then_the_filter(app):
    """The commitments listed are those of the actor picked last while it stays under the
    filters, else of the first filtered actor, else of the most involved; the list always
    belongs to the actor the select box shows."""
    def shown(at):
        assert_clean(at)
        actor = at.selectbox(key="actor_detail").value
        table = at.dataframe[-1].value
        return actor, sorted(set(table["title"])) if len(table) else []

    at = app().run()
    at.switch_page("pages/actors_page.py").run()
    actor, measures = shown(at)
    assert actor == "commission"  # the most involved of the package
    at.selectbox(key="actor_detail").set_value("europol").run()
    actor, measures = shown(at)
    assert actor == "europol" and len(measures) == 12  # 2 CBRN + 1 encryption + 9 external
    at.multiselect(key="pillar").set_value(["cbrn"]).run()
    assert shown(at) == ("europol", ["CBRN information in the European Bomb Data System",
                                     "CBRN knowledge hub in Europol's ECTC"])  # still picked, narrowed to CBRN
    at.multiselect(key="pillar").set_value([]).run()
    at.multiselect(key="actor").set_value(["nato"]).run()
    assert shown(at)[0] == "nato"  # Europol is no longer under the filters: the filtered actor


def test_measure_detail_by_link(app):
    at = app({"measure": "cbrn-training-mapping"}).run()
    at.switch_page("pages/measures_page.py").run()
    assert_clean(at)
    text = " ".join(m.value for m in at.markdown)
    assert "A mapping of existing EU training activities will be completed by January 2018" in text.replace("\\", "")


def test_unknown_measure_link_shows_a_notice(app):
    at = app({"measure": "no-such-measure"}).run()
    at.switch_page("pages/measures_page.py").run()
    assert_clean(at)
    assert "There is no measure 'no-such-measure'; showing the list instead." in [w.value for w in at.warning]


def test_a_chart_selection_narrows_the_filters(app, monkeypatch, real_db):
    """The on_select callback copies the clicked bar's pillar id into the shared filter."""
    from tracker import ui
    from tracker.filters import Filters, View
    written = []
    state = {"overview_pillars": {"selection": {"points": [{"customdata": ["cbrn", "CBRN security"]},
                                                           {"customdata": ["nope", "x"]}]}},
             "_view": View(Filters(statuses=("new",)), dt.date(2018, 1, 1))}
    monkeypatch.setattr(ui.st, "session_state", state)
    monkeypatch.setattr(ui, "database", lambda: real_db)
    monkeypatch.setattr(ui, "write_view", written.append)
    ui.apply_selection("overview_pillars", {"pillar": 0})
    assert written[-1] == View(Filters(pillars=("cbrn",), statuses=("new",)), dt.date(2018, 1, 1))
    state["actor_matrix"] = {"selection": {"points": [{"customdata": "europol|external"}]}}
    ui.apply_selection("actor_matrix", {"actor": 0, "pillar": 1}, separator="|")
    assert written[-1] == View(Filters(pillars=("external",), actors=("europol",), statuses=("new",)),
                               dt.date(2018, 1, 1))


def test_exports_open_as_tables_and_say_what_they_hold(real_db):
    """A CSV's first row is its header, amounts are whole euros, codes are words, and its file
    name says the page, the table, the filters, the date and the data version; the Excel file
    adds an about sheet."""
    import io

    import openpyxl
    import pandas as pd

    from tracker import export, queries, words
    from tracker.filters import Filters
    lines = queries.funding_lines(real_db, Filters(pillars=("public-spaces",), background=True))
    data = export.to_csv(words.readable(lines[["funding_id", "amount_eur", "amount_qualifier"]]))
    assert data.decode("utf-8").splitlines()[:3] == [
        "funding_id,amount_eur,amount_qualifier", "f-uia-public-spaces-2018,100000000,up to (a ceiling)",
        "f-isf-call-public-spaces,18500000,exact"]
    back = pd.read_csv(io.BytesIO(data), dtype=str)
    assert back["funding_id"].tolist() == ["f-uia-public-spaces-2018", "f-isf-call-public-spaces",
                                           "f-public-spaces-total", "f-research-public-spaces"]
    assert export.file_name("funding", "funding_lines", {"pillar": ["public-spaces"], "as_of": ["2018-03-01"]},
                            dt.date(2018, 3, 1), "2019-10-30.1") == (
        "funding-funding_lines-pillar-public-spaces-as_of-2018-03-01-data-2019-10-30.1")
    xlsx = export.to_excel(lines, export.About("Funding lines", "19 measures in Public spaces", "v", "?pillar=x"))
    wb = openpyxl.load_workbook(io.BytesIO(xlsx))
    assert wb.sheetnames == ["data", "about"]
    assert wb["data"].max_row == len(lines) + 1


def test_overview_says_where_the_package_stands_and_shows_the_scorecard(app):
    at = app({"as_of": "2019-02-18"}).run()
    assert_clean(at)
    assert metrics(at)["Delivered by 18 Feb 2019"] == "41%"
    assert any("On 18 February 2019, of 22 commitments: 9 delivered (8 on time, 1 late); 2 delivered in part; 7 not "
               "checked (a document could not be read)" in m.value.replace("\\", "") for m in at.markdown)
    card = at.dataframe(key="scorecard_cells").value.set_index("short_name")
    assert card.loc["All pillars", ["deadlines", "delivered_on_time", "delivered_late", "not_checked"]].tolist() == [
        22, 8, 1, 7]
    at.segmented_control(key="score_on").set_value("latest").run()  # as the documents tell it, to the last step
    card = at.dataframe(key="scorecard_cells").value.set_index("short_name")
    assert card.loc["All pillars", ["delivered_on_time", "delivered_late", "not_checked", "overdue"]].tolist() == [
        9, 3, 8, 0]


def test_timeline_compares_two_dates_from_the_link(app):
    at = app({"as_of": "2018-06-13", "compare": "2017-12-12"}).run()
    at.switch_page("pages/timeline_page.py").run()
    assert_clean(at)
    assert at.date_input(key="compare").value == dt.date(2017, 12, 12)
    assert any("From 12 December 2017 to 13 June 2018: 11 statuses moved, 32 steps reported, 1 money stage."
               in m.value.replace("\\", "").replace("*", "") for m in at.markdown)
    moved = at.dataframe(key="df_changed_statuses").value
    assert moved.iloc[0][["what_due", "from_status", "status"]].tolist() == [
        "Recommendations to open Europol agreement negotiations", "Due now (inside its window)", "Delivered on time"]
    at.date_input(key="compare").set_value(None).run()
    assert "compare" not in at.query_params
    at = app({"compare": "last week"}).run()
    at.switch_page("pages/timeline_page.py").run()
    assert "Ignored compare='last week' in the link: write a date as YYYY-MM-DD." in [w.value for w in at.warning]
