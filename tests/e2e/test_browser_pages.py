"""Journeys 1 and 8: every page opens with its charts drawn and no error, on a desktop and on
a 390-px phone without horizontal scrolling; a screenshot of each is saved under
tests/screenshots/ (desktop-<page>.png, mobile-<page>.png)."""
from __future__ import annotations

import pytest

from e2e_support import DESKTOP, MOBILE, charts_drawn, errors_shown, open_page, own_measures, screenshot, showing

# page -> (title shown, number of Plotly charts in the page, whether its first chart is visible)
PAGES = {
    "/": ("Anti-terrorism package, 18 October 2017", 1),
    "/timeline": ("Timeline of deadlines", 1),
    "/funding": ("Funding", 4),   # new money by pillar, instrument, period and kind (one tab each)
    "/actors": ("Actors", 1),
    "/measures": ("Measures", 0),
    "/scenario": ("What if: a scenario beside the baseline", 1),  # new money; no lever moves a deadline yet
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
    assert showing(page) == f"Showing: {N_MEASURES} measures, status as of 18 October 2017"
    screenshot(page, f"desktop-{name(path)}")


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
