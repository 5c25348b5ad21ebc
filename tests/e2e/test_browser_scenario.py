"""Journey 7: a scenario made in the What-if page (a lever added with the form), opened from its
link in a fresh browser context, shows the same levers and the same deltas."""
from __future__ import annotations

import re

from e2e_support import errors_shown, open_page, showing, wait_idle, wait_url

KPIS = ("New money", "Ending after the roll-out", "Past deadline", "Due now")


def kpis(page) -> dict[str, tuple[str, str]]:
    """Label -> (value, delta) of the four scenario KPIs."""
    out = {}
    boxes = page.locator('[data-testid="stMain"] [data-testid="stMetric"]')
    boxes.nth(len(KPIS) - 1).wait_for(state="attached")  # drawn once its code is loaded
    for box in boxes.all():
        label = box.locator('[data-testid="stMetricLabel"]').inner_text().strip()
        delta = box.locator('[data-testid="stMetricDelta"]')
        out[label] = (box.locator('[data-testid="stMetricValue"]').inner_text().strip(),
                      delta.inner_text().strip() if delta.count() else "")
    return out


def pick(page, label: str, option: str) -> None:
    """Choose `option` in the main-area selectbox labelled `label`, by typing as a person would."""
    box = page.locator('[data-testid="stMain"] [data-testid="stSelectbox"]').filter(
        has=page.locator('[data-testid="stWidgetLabel"]', has_text=re.compile(rf"^\s*{re.escape(label)}\s*$")))
    box.locator("input").click()
    page.keyboard.type(option)
    page.get_by_role("option", name=option, exact=True).click()


def test_a_scenario_made_in_the_page_reopens_from_its_link(server, new_page):
    page = new_page()
    open_page(page, server.url, "/scenario?as_of=2019-01-01")
    assert [k for k in kpis(page)] == list(KPIS)
    assert all(delta == "" for _, delta in kpis(page).values())  # the baseline: no lever yet

    pick(page, "Target", "CBRN (pillar)")  # lever "Shift deadlines (months)", 6 months: the defaults
    wait_idle(page)
    page.get_by_role("button", name="Add", exact=True).click()
    wait_url(page, r"[?&]shift=cbrn(%3A|:)6(&|$)")
    page.get_by_text("+3 (baseline 1)").wait_for()
    wait_idle(page)
    made = kpis(page)
    # shift=cbrn:6 on 1 January 2019 (tests/test_scenario_page.py computes the same by hand)
    assert made == {
        "New money": ("up to €121.5m", "no change (baseline up to €121.5m)"),
        "Ending after the roll-out": ("4", "+3 (baseline 1)"),
        "Past deadline": ("2", "no change (baseline 2)"),
        "Due now": ("3", "+1 (baseline 2)"),
    }
    link = page.url
    assert re.search(r"[?&]as_of=2019-01-01(&|$)", link)

    fresh = new_page()
    open_page(fresh, "", link)
    fresh.get_by_text("+3 (baseline 1)").wait_for()
    wait_idle(fresh)
    assert kpis(fresh) == made
    assert showing(fresh) == showing(page) == "Showing: 86 measures, status as of 1 January 2019"
    shown_link = fresh.locator('[data-testid="stMain"] [data-testid="stCode"]').first.inner_text().strip()
    assert shown_link == f"{server.url}/scenario?as_of=2019-01-01&shift=cbrn%3A6"  # the full address, encoded
    assert errors_shown(fresh) == []
