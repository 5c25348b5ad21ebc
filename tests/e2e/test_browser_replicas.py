"""Two replicas: a link made on one server (after changing a filter in the UI) opens the same
view on another server process reading the same data folder; and a link to a page opened as
the very first session of a fresh server shows that page, with no "Page not found"."""
from __future__ import annotations

from e2e_support import chips, choose, metric, open_page, showing, start_server, stop_server, wait_idle, wait_url, \
    warm_up


def test_a_link_from_one_replica_opens_the_same_view_on_another(browser, new_page, tmp_path):
    first, second = start_server(tmp_path), start_server(tmp_path)
    try:
        assert first.port != second.port
        for srv in (first, second):
            warm_up(srv, browser)
        page = new_page()
        open_page(page, first.url, "/")
        choose(page, "Pillar", "CBRN")
        wait_url(page, r"[?&]pillar=cbrn(&|$)")
        page.wait_for_function(
            "() => [...document.querySelectorAll('[data-testid=stMetricValue]')].some(e => e.innerText.trim() === '15')")
        wait_idle(page)
        seen = {"chips": chips(page, "Pillar"), "measures": metric(page, "Measures of the package").inner_text(),
                "money": metric(page, "New money of the package").inner_text(), "showing": showing(page)}
        assert seen["chips"] == ["CBRN"] and seen["measures"] == "15"
        link = page.url
        assert link.startswith(first.url)

        other = new_page()
        open_page(other, "", second.url + link[len(first.url):])
        assert {"chips": chips(other, "Pillar"), "measures": metric(other, "Measures of the package").inner_text(),
                "money": metric(other, "New money of the package").inner_text(),
                "showing": showing(other)} == seen
    finally:
        stop_server(first)
        stop_server(second)


def test_a_link_to_a_page_is_the_first_session_of_a_fresh_server(browser, new_page, tmp_path):
    """Streamlit treats a pages/ folder the legacy way until st.navigation first runs in the
    process; `python -m tracker serve` turns that off, so the first visitor of a restarted
    replica who follows a link to /timeline sees the timeline and no "Page not found"."""
    srv = start_server(tmp_path)
    try:
        page = new_page()
        open_page(page, srv.url, "/timeline?pillar=cbrn")
        assert page.get_by_role("heading", name="Timeline of deadlines").count() == 1
        assert page.get_by_text("Page not found").count() == 0
        assert chips(page, "Pillar") == ["CBRN"]
        assert showing(page).startswith("Showing: 15 measures in CBRN")
    finally:
        stop_server(srv)
