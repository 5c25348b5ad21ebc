"""Journeys 2-6: a filter in the sidebar, a click on a bar, the as-of date, a measure's
detail from its link, a CSV download. Expected values are computed here from data/*.csv."""
from __future__ import annotations

import csv
import datetime as dt
from collections import Counter

import io

import pandas as pd

from e2e_support import (DATA, chips, choose, errors_shown, figure_traces, habits_ready, metric,
                         open_page, own_measures, showing, wait_idle, wait_url)

PACKAGE_DAY = dt.date(2017, 10, 18)


def rows(name: str) -> list[dict]:
    with open(DATA / f"{name}.csv", encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


MEASURES = rows("measures")
PER_PILLAR = Counter(r["pillar_id"] for r in own_measures())  # the package's own measures
SHORT_NAME = {r["pillar_id"]: r["short_name"] for r in rows("pillars")}
VERSION = rows("package")[0]["data_version"]


def test_pillar_filter_updates_figures_and_url_and_the_link_reopens_it(server, new_page):
    page = new_page()
    open_page(page, server.url, "/")
    assert metric(page, "Measures of the package").inner_text() == str(len(own_measures())) == "86"

    choose(page, "Pillar", "CBRN")
    wait_url(page, r"[?&]pillar=cbrn(&|$)")
    cbrn = str(PER_PILLAR["cbrn"])
    page.wait_for_function(
        "n => [...document.querySelectorAll('[data-testid=stMetricValue]')].some(e => e.innerText.trim() === n)",
        arg=cbrn)
    wait_idle(page)
    seen = {"chips": chips(page, "Pillar"), "measures": metric(page, "Measures of the package").inner_text(),
            "showing": showing(page)}
    assert seen == {"chips": ["CBRN"], "measures": cbrn == "15" and "15",
                    "showing": "Showing: 15 measures in CBRN, status as of 4 October 2024"}
    link = page.url

    fresh = new_page()
    open_page(fresh, "", link)
    assert {"chips": chips(fresh, "Pillar"), "measures": metric(fresh, "Measures of the package").inner_text(),
            "showing": showing(fresh)} == seen
    assert errors_shown(fresh) == []


def test_clicking_a_bar_narrows_the_view_and_the_url(server, page):
    open_page(page, server.url, "/")
    chart = page.locator(".st-key-overview_pillars .js-plotly-plot")
    chart.scroll_into_view_if_needed()  # below the answer, which the page opens on
    ids = chart.evaluate("el => el.data[0].customdata.map(c => c[0])")
    assert sorted(ids) == sorted(PER_PILLAR)
    target = "external"  # 17 measures: a count no other pillar has
    bar = chart.locator(".trace.bars .point path").nth(ids.index(target))
    box = bar.bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)

    wait_url(page, rf"[?&]pillar={target}(&|$)")
    expected = str(PER_PILLAR[target])
    page.wait_for_function(
        "n => [...document.querySelectorAll('[data-testid=stMetricValue]')].some(e => e.innerText.trim() === n)",
        arg=expected)
    wait_idle(page)
    assert metric(page, "Measures of the package").inner_text() == expected == "17"
    assert chips(page, "Pillar") == [SHORT_NAME[target]] == ["External action"]
    assert errors_shown(page) == []


def _known(r) -> tuple[dt.date | None, dt.date]:
    """The first day a step can have happened and the day it is known by, from its date_precision."""
    day = dt.date.fromisoformat(r["happened_on"])
    if r["date_precision"] == "month":
        nxt = dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)
        return day.replace(day=1), nxt - dt.timedelta(days=1)
    if r["date_precision"] == "year":
        return dt.date(day.year, 1, 1), dt.date(day.year, 12, 31)
    return (None if r["date_precision"] == "reported" else day), day


def statuses(as_of: dt.date) -> Counter:
    """Deadline statuses on `as_of` by the README's rule (past events and the background left
    out, as the pages do by default), from data/deadlines.csv, data/progress.csv and the kind of
    each source in data/sources.csv (a press report never settles an outcome)."""
    press = {s["source_id"] for s in rows("sources") if s["kind"] == "press"}
    steps = [p for p in rows("progress") if p["source_id"] not in press
             or p["status"] not in ("delivered", "delivered_in_part", "not_delivered")]
    own = {m["measure_id"] for m in own_measures()}
    out = Counter()
    for r in rows("deadlines"):
        if r["kind"] == "past_event" or r["measure_id"] not in own:
            continue
        start, end = dt.date.fromisoformat(r["due_from"]), dt.date.fromisoformat(r["due_by"])
        known = sorted((_known(p)[1], p["progress_id"], p) for p in steps if p["deadline_id"] == r["deadline_id"]
                       and p["status"] in ("delivered", "delivered_in_part", "not_delivered")
                       and _known(p)[1] <= as_of)
        searched = [(dt.date.fromisoformat(p["happened_on"]), p["status"]) for p in steps
                    if p["deadline_id"] == r["deadline_id"] and p["status"] in ("no_report", "not_checked")]
        if known:
            last = known[-1][2]
            first, by = _known(last)
            if last["status"] == "delivered_in_part":
                out["Delivered in part"] += 1
            elif last["status"] == "not_delivered":
                out["Reported not delivered"] += 1
            elif by <= end:
                out["Delivered on time"] += 1
            elif first and first > end:
                out["Delivered late"] += 1
            else:
                out["Delivered (date not exact)"] += 1
        elif as_of < start:
            out["Upcoming"] += 1
        elif as_of <= end:
            out["Due now (inside its window)"] += 1
        elif searched and max(d for d, _ in searched) >= end:
            unread = any(status == "not_checked" for _, status in searched)
            out["Not checked (a document could not be read)" if unread else "No report found"] += 1
        else:
            out["Past deadline, no delivery recorded"] += 1
    return out


def test_moving_the_as_of_date_changes_the_statuses_on_the_timeline(server, page):
    open_page(page, server.url, "/timeline?as_of=2017-10-18")  # the package date (the default is the latest document)
    before = figure_traces(page, ".st-key-timeline_chart")
    assert before == dict(statuses(PACKAGE_DAY))
    assert set(before) == {"Due now (inside its window)", "Upcoming"}
    assert page.locator(".st-key-timeline_chart .legendtext").all_text_contents() == list(before)

    habits_ready(page)
    year = page.get_by_role("spinbutton", name="year, Status as of")
    year.click()
    page.keyboard.type("2021")
    page.keyboard.press("Enter")  # a typed date applies on Enter
    wait_url(page, r"[?&]as_of=2021-10-18(&|$)")
    expected = dict(statuses(dt.date(2021, 10, 18)))
    page.wait_for_function(
        "names => { const el = document.querySelector('.st-key-timeline_chart .js-plotly-plot');"
        " return el && el.data && JSON.stringify(el.data.map(t => t.name).sort()) === JSON.stringify(names); }",
        arg=sorted(expected))
    wait_idle(page)
    after = figure_traces(page, ".st-key-timeline_chart")
    assert after == expected
    # four years on, every commitment has what the documents say: none is left "past deadline" for want of looking
    assert after == {"Delivered on time": 9, "Delivered late": 3, "Delivered in part": 2,
                     "Not checked (a document could not be read)": 8}
    assert sum(after.values()) == sum(before.values())
    assert showing(page) == "Showing: 86 measures, status as of 18 October 2021"
    assert errors_shown(page) == []


def test_a_measure_link_opens_its_detail_with_its_quote(server, page):
    measure = next(r for r in MEASURES if r["measure_id"] == "cbrn-action-plan")
    open_page(page, server.url, f"/measures?measure={measure['measure_id']}", charts=False)
    page.get_by_role("button", name="Close detail").wait_for()
    detail = page.locator('[data-testid="stMain"]')
    assert page.locator('[data-testid="stMain"] h3').first.inner_text() == measure["title"] == "EU Action Plan on CBRN security"
    text = detail.inner_text()
    assert measure["source_quote"] in text
    assert f"“{measure['source_quote']}”" in text
    assert errors_shown(page) == []


def test_csv_download_holds_exactly_the_filtered_rows(server, page):
    open_page(page, server.url, "/funding?pillar=public-spaces&background=1")
    with page.expect_download() as info:
        page.locator(".st-key-csv_funding_lines").get_by_role("button", name="Download CSV").click()
    download = info.value
    assert download.suggested_filename == (
        f"funding-funding_lines-pillar-public-spaces-background-1-as_of-2024-10-04-data-{VERSION}.csv")
    data = open(download.path(), "rb").read()
    assert data.decode("utf-8").splitlines()[0].startswith("measure_title,amount_eur,amount_qualifier,")  # a header
    got = pd.read_csv(io.BytesIO(data), dtype=str, keep_default_na=False)
    want = [r for r in rows("funding") if r["pillar_id"] == "public-spaces"]
    assert sorted(got["funding_id"]) == sorted(r["funding_id"] for r in want)
    assert len(got) == len(want) == 4
    assert dict(zip(got["funding_id"], got["amount_eur"])) == {r["funding_id"]: r["amount_eur"] for r in want}  # whole euros
    assert dict(zip(got["funding_id"], got["counts_toward_totals"])) == {
        "f-uia-public-spaces-2018": "yes", "f-isf-call-public-spaces": "yes", "f-public-spaces-total": "no",
        "f-research-public-spaces": "no"}


def test_measures_download_holds_the_listed_measures_with_their_quotes(server, page):
    open_page(page, server.url, "/measures?pillar=cbrn", charts=False)
    with page.expect_download() as info:
        page.locator(".st-key-csv_measures").get_by_role("button", name="Download CSV").click()
    download = info.value
    assert download.suggested_filename == f"measures-measures-pillar-cbrn-as_of-2024-10-04-data-{VERSION}.csv"
    got = pd.read_csv(download.path(), dtype=str, keep_default_na=False)
    want = {r["measure_id"]: r for r in own_measures() if r["pillar_id"] == "cbrn"}
    assert sorted(got["measure_id"]) == sorted(want) and len(got) == 15
    assert list(got.columns)[:2] == ["title", "pillar"] and list(got.columns)[-4:] == [
        "measure_id", "parent_id", "pillar_id", "source_id"]  # the ids last
    assert {m: q for m, q in zip(got["measure_id"], got["source_quote"])} == {
        m: r["source_quote"] for m, r in want.items()}
