"""What a person does and sees in the browser: Back and Forward step through the views they
saw; a typed name picks one actor; a row opens its measure; on a 390-px phone the overview's
tables fit the screen, choosing a page closes the sidebar, and no chart toolbar covers a title; every
page passes an axe-core audit (WCAG 2 A and AA, no serious or critical violation); no id or
source markup where a person reads."""
from __future__ import annotations

import re

import pytest
from axe_playwright_python.sync_playwright import Axe

from e2e_support import MOBILE, chips, choose, errors_shown, habits_ready, open_page, showing, wait_idle, wait_url

PAGES = ["/", "/timeline", "/funding?background=1", "/actors", "/measures?measure=cbrn-training-mapping",
         "/scenario?shift=cbrn:6&scale=f-uia-public-spaces-2018:-25"]


def here(page) -> str:
    return page.evaluate("location.pathname + location.search")


def test_back_and_forward_step_through_the_views(server, page):
    open_page(page, server.url, "/timeline")
    views = [("/timeline", [], "Showing: 86 measures, status as of 4 October 2024")]

    choose(page, "Pillar", "CBRN")
    wait_url(page, r"pillar=cbrn")
    views.append(("/timeline?pillar=cbrn", ["CBRN"], "Showing: 15 measures in CBRN, status as of 4 October 2024"))

    habits_ready(page)
    year = page.get_by_role("spinbutton", name="year, Status as of")
    year.click()
    page.keyboard.type("2018")
    page.keyboard.press("Enter")
    wait_url(page, r"as_of=2018-10-04")
    views.append(("/timeline?pillar=cbrn&as_of=2018-10-04", ["CBRN"],
                  "Showing: 15 measures in CBRN, status as of 4 October 2018"))

    page.get_by_role("link", name="Funding").click()
    wait_url(page, r"/funding\?")
    views.append(("/funding?pillar=cbrn&as_of=2018-10-04", ["CBRN"],
                  "Showing: 15 measures in CBRN, status as of 4 October 2018"))
    page.locator("h1", has_text="Funding").wait_for()
    wait_idle(page)

    def seen():
        page.wait_for_function("s => document.body.innerText.includes(s)", arg=views_by_url[here(page)])
        wait_idle(page)
        return here(page), chips(page, "Pillar"), showing(page)

    views_by_url = {url: sentence for url, _, sentence in views}
    assert seen() == views[-1]
    for expected in reversed(views[:-1]):  # three Backs, each restores the view before
        page.go_back()
        page.wait_for_function("u => location.pathname + location.search === u", arg=expected[0])
        assert seen() == expected
    for expected in views[1:]:  # and Forward steps through them again
        page.go_forward()
        page.wait_for_function("u => location.pathname + location.search === u", arg=expected[0])
        assert seen() == expected
    assert errors_shown(page) == []


def test_typing_a_name_and_enter_picks_that_actor_only(server, page):
    open_page(page, server.url, "/")
    box = page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]').filter(has_text="Actor (any role)")
    box.locator("input").click()
    page.keyboard.type("europol")
    page.keyboard.press("Enter")
    page.keyboard.press("Escape")
    wait_url(page, r"actor=europol(&|$)")
    wait_idle(page)
    assert chips(page, "Actor (any role)") == [
        "Europol, with its unit Europol's European Counter-Terrorism Centre (ECTC)"]
    assert here(page) == "/?actor=europol"


def test_clicking_a_row_opens_its_measure(server, page):
    open_page(page, server.url, "/timeline?pillar=cbrn")
    table = page.locator(".st-key-df_deadlines")
    table.wait_for()
    table.scroll_into_view_if_needed()
    box = table.bounding_box()
    # any cell of a row opens its measure: the first column of the first body row, below the header row
    page.mouse.click(box["x"] + 40, box["y"] + 35 + 37)
    wait_url(page, r"/measures\?.*measure=")
    page.get_by_role("button", name="Close detail").wait_for()
    wait_idle(page)
    assert re.search(r"[?&]pillar=cbrn(&|$)", page.url + here(page))  # the filters stay
    assert page.locator('[data-testid="stMain"] h3').first.inner_text()  # the measure's title
    assert errors_shown(page) == []


def test_on_a_phone_the_tables_fit_the_screen_and_a_page_choice_closes_the_sidebar(server, new_page):
    page = new_page(MOBILE, is_mobile=True, has_touch=True)
    open_page(page, server.url, "/")
    tables = page.locator('[data-testid="stMain"] [data-testid="stDataFrame"]')
    tables.nth(1).wait_for(state="attached")  # drawn once its code is loaded
    assert tables.count() == 2  # what is due next, and the pillars (the documents read: drawn when opened)
    for table in tables.all():
        box = table.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= MOBILE["width"]  # scrolls inside, not the page

    sidebar = page.locator('[data-testid="stSidebar"]')
    habits_ready(page)
    page.locator('[data-testid="stExpandSidebarButton"]').first.click()
    page.wait_for_function("() => document.querySelector('[data-testid=stSidebar]').getBoundingClientRect().x >= 0")
    sidebar.get_by_role("link", name="Timeline").click()
    wait_url(page, r"/timeline")
    page.wait_for_function("() => document.querySelector('[data-testid=stSidebar]').getBoundingClientRect().right <= 0")
    page.locator(".js-plotly-plot .main-svg").first.wait_for()
    wait_idle(page)
    # the chart's title is written above the chart, not inside it: the toolbar cannot cover it
    assert page.locator(".js-plotly-plot .gtitle").count() == 0
    title = page.locator('[data-testid="stMain"] p strong', has_text="Deadlines: each window").first.bounding_box()
    plot = page.locator(".js-plotly-plot").first.bounding_box()
    assert title["y"] + title["height"] <= plot["y"]


@pytest.mark.parametrize("path", PAGES)
def test_every_page_passes_an_axe_audit(server, page, path):
    open_page(page, server.url, path, charts="measures" not in path)
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a",
                                                                            "wcag21aa"]}})
    bad = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in results.response["violations"]
           if v["impact"] in ("serious", "critical")]
    assert bad == []


@pytest.mark.parametrize("path", PAGES)
def test_no_markup_or_internal_id_where_a_person_reads(server, page, path):
    open_page(page, server.url, path, charts="measures" not in path)
    text = page.evaluate("""() => {  // what a person reads: the page without the link to copy
        const main = document.querySelector('[data-testid="stMain"]').cloneNode(true);
        main.querySelectorAll('[data-testid="stCode"]').forEach(e => e.remove());
        document.body.appendChild(main);
        const text = main.innerText;
        main.remove();
        return text;
    }""")
    for bad in ("**", "](#)", "due_now", "overdue", "f-uia-public-spaces-2018", "cbrn-training-mapping",
                "scenarios.csv", "status_at_publication", "source_id"):
        assert bad not in text, (path, bad)
