"""A new data version without a cut, through the real proxy (two replicas behind HAProxy, as
`make replicas` runs them), on a data folder that is a link flipped to a later folder while a
tab is open: the open tab keeps its version (its sidebar says which) and is offered the switch;
a link opened afterwards shows the new version on whichever replica the proxy picks; the switch
keeps the tab's link and view."""
from __future__ import annotations

import re
import time

import pytest

from e2e_support import DESKTOP, TIMEOUT_MS, showing, wait_idle
from tests.test_versions import flip, two_versions
from tracker.hosting import Cluster


def version(page) -> str:
    return page.locator('[data-testid="stSidebar"] [data-testid="stCaptionContainer"]').filter(
        has_text=re.compile(r"^\s*Data version")).first.inner_text().strip()


def open_tab(browser, url: str):
    ctx = browser.new_context(viewport=DESKTOP)
    page = ctx.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    page.goto(url)
    page.get_by_text(re.compile(r"^Showing:")).first.wait_for()
    wait_idle(page)
    return ctx, page


def rerun(page) -> None:
    """A run of the tab's script with nothing changed (Streamlit's R shortcut)."""
    page.locator('[data-testid="stMain"] h1').first.click()
    page.keyboard.press("r")
    time.sleep(0.3)
    wait_idle(page)


@pytest.fixture
def flipped(tmp_path):
    return two_versions(tmp_path)


def test_an_open_tab_keeps_its_version_and_a_new_link_gets_the_new_one_through_the_proxy(browser, flipped, tmp_path):
    with Cluster(2, flipped, work_dir=tmp_path / "hosting") as cluster:
        ctx, tab = open_tab(browser, cluster.url + "/timeline?pillar=beta")
        try:
            before = {"version": version(tab), "showing": showing(tab), "url": tab.url}
            assert before["version"] == "Data version 2019-06-30.1"
            assert before["showing"].startswith("Showing: 1 measure in Beta")
            flip(flipped, tmp_path / "v2")  # the later folder is published in one step
            deadline = time.monotonic() + 30
            notice = tab.get_by_text(re.compile(r"Newer data is ready: version 2019-09-30\.1"))
            while notice.count() == 0:  # the tab's next runs: the change is seen, the version opened
                assert time.monotonic() < deadline, "no notice of the new version within 30 s"
                time.sleep(1.1)  # a server looks at the folder once a second
                rerun(tab)
            # every part of the view is still version 1, with the same link
            assert {"version": version(tab), "showing": showing(tab), "url": tab.url} == before
            # links opened now show version 2, on either replica (each opens it on its own)
            seen = []
            deadline = time.monotonic() + 30
            while len(seen) < 2 or not all(v == "Data version 2019-09-30.1" for v, _ in seen[-2:]):
                assert time.monotonic() < deadline, f"new tabs still on the old version: {seen}"
                other_ctx, other = open_tab(browser, cluster.url + "/timeline?pillar=beta")
                seen.append((version(other), showing(other)))
                other_ctx.close()
            assert seen[-1][1].startswith("Showing: 2 measures in Beta")
            # the open tab switches: same link and view, the new data
            tab.get_by_role("button", name="Switch to the new data").click()
            tab.get_by_text(re.compile(r"^Showing: 2 measures in Beta")).first.wait_for()
            wait_idle(tab)
            assert version(tab) == "Data version 2019-09-30.1"
            assert tab.url == before["url"]
            assert tab.get_by_text(re.compile(r"Newer data is ready")).count() == 0
        finally:
            ctx.close()
