"""The answer, in a browser: a click on any cell of a table opens its measure, and a scenario
link with a space in a lever is percent-encoded, copied with a visible button, and reopens the
scenario."""
from __future__ import annotations

import re
from urllib.parse import quote

from e2e_support import DESKTOP, errors_shown, open_page, wait_idle, wait_url


def test_a_click_on_a_table_cell_opens_its_measure(server, new_page):
    page = new_page(DESKTOP)
    open_page(page, server.url, "/measures?pillar=cbrn", charts=False)
    grid = page.locator('[data-testid="stDataFrame"]').last
    grid.scroll_into_view_if_needed()
    box = grid.bounding_box()
    page.mouse.click(box["x"] + 60, box["y"] + 36 + 74 // 2)  # the first row's title, below the header
    wait_url(page, r"[?&]measure=cbrn-")
    wait_idle(page)
    assert re.search(r"[?&]pillar=cbrn(&|$)", page.url)  # the filters kept
    page.get_by_text("Latest known", exact=False).first.wait_for()
    assert errors_shown(page) == []


def test_a_scenario_link_with_a_space_is_encoded_and_reopens(server, new_page):
    page = new_page(DESKTOP)
    lever = "ERDF Urban Innovative Actions:-25"
    open_page(page, server.url, f"/scenario?scale={quote(lever)}")
    code = page.locator('[data-testid="stCode"]').first
    code.wait_for()
    link = code.inner_text().strip()
    assert " " not in link and "scale=ERDF%20Urban%20Innovative%20Actions%3A-25" in link
    copy = page.get_by_role("button", name="Copy link")
    assert copy.is_visible()  # without hovering anything
    fresh = new_page(DESKTOP)
    open_page(fresh, "", link)
    fresh.get_by_text("-€25m (baseline up to €121.5m)").wait_for()
    assert errors_shown(fresh) == []
