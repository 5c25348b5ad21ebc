"""Journeys 1 and 8: every page opens with its charts drawn and no error, on a desktop and on
a 390-px phone without horizontal scrolling; a screenshot of each is saved under
tests/screenshots/ (desktop-<page>.png, mobile-<page>.png)."""
from __future__ import annotations

import pytest

from e2e_support import (DESKTOP, MOBILE, charts_drawn, errors_shown, open_page, own_measures, screenshot, showing,
                          wait_idle)

# page -> (title shown, number of Plotly charts in the page, whether its first chart is visible)
PAGES = {
    "/": ("Anti-terrorism package, 18 October 2017", 2),  # the commitments by status, the measures per pillar
    "/timeline": ("Timeline of deadlines", 1),
    "/funding": ("Funding", 1),   # new money by pillar: the open tab's chart (the others drawn when opened)
    "/actors": ("Actors", 1),
    "/measures": ("Measures", 0),
    "/scenario": ("What if: a scenario beside the baseline", 2),  # delivery and new money; no lever moves a deadline
}
N_MEASURES = len(own_measures())  # the package's own measures in data/measures.csv


def name(path: str) -> str:
    return path.strip("/") or "overview"


@pytest.mark.parametrize("path", list(PAGES))
def test_page_opens_with_charts_and_no_error(server, new_page, path):
    title, n_charts = PAGES[path]
    page = new_page(DESKTOP)
    open_page(page, server.url, path, charts=n_charts > 0)
    assert page.locator("h1").first.inner_text() == title
    drawn = charts_drawn(page)
    assert drawn == [True] * n_charts
    assert errors_shown(page) == []
    assert showing(page) == f"Showing: {N_MEASURES} measures, status as of 4 October 2024"  # the latest document
    screenshot(page, f"desktop-{name(path)}")


def test_a_funding_tab_draws_its_chart_when_opened(server, new_page):
    page = new_page(DESKTOP)
    open_page(page, server.url, "/funding")
    ticks = "el => [...el.querySelectorAll('.xtick text')].map(t => t.textContent)"
    assert page.locator(".js-plotly-plot").first.evaluate(ticks) == ["Public spaces", "Explosives & finance",
                                                                      "Encryption"]
    page.get_by_role("tab", name="By instrument").click()
    page.get_by_text("New money of the package, by instrument").wait_for()
    wait_idle(page)
    assert charts_drawn(page) == [True]
    assert page.locator(".js-plotly-plot").first.evaluate(ticks) == ["ERDF Urban Innovative Actions", "ISF-Police",
                                                                      "Not specified"]


@pytest.mark.parametrize("path", list(PAGES))
def test_page_fits_a_390px_phone(server, new_page, path):
    title, n_charts = PAGES[path]
    page = new_page(MOBILE, is_mobile=True, has_touch=True, device_scale_factor=2)
    open_page(page, server.url, path, charts=n_charts > 0)
    assert page.locator("h1").first.inner_text() == title
    assert errors_shown(page) == []
    widths = page.evaluate("""() => {
        const main = document.querySelector('[data-testid="stMain"]');
        return {main_scroll: main.scrollWidth, main_client: main.clientWidth,
                doc_scroll: document.documentElement.scrollWidth};
    }""")
    assert widths["main_scroll"] <= widths["main_client"] + 1, widths
    assert widths["doc_scroll"] <= MOBILE["width"], widths
    screenshot(page, f"mobile-{name(path)}")
