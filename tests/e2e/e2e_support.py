"""Support for the browser tests: Playwright (sync API) driving Debian's Chromium against `streamlit run
dashboard.py` on a free loopback port. One server and one browser serve the whole session;
every test gets a fresh browser context (no shared cookies, storage or websocket).
"""
from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from tracker.hosting import free_port

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data"
SCREENSHOTS = ROOT / "tests" / "screenshots"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]

IDLE = ('[data-testid="stApp"][data-test-connection-state="CONNECTED"]'
        '[data-test-script-state="notRunning"]')
ERRORS = '[data-testid="stException"], [data-testid="stAlertContentError"], [data-testid="stDialog"]'
CHART_DRAWN = ".js-plotly-plot .main-svg"
DESKTOP = {"width": 1400, "height": 900}
MOBILE = {"width": 390, "height": 844}
TIMEOUT_MS = 30_000


# -- the server -----------------------------------------------------------------------------
@dataclass
class Server:
    proc: subprocess.Popen
    port: int
    log: Path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"


def start_server(tmp_dir: Path, data_dir: Path = DATA, timeout: float = 60.0) -> Server:
    """`python -m tracker serve` (`streamlit run dashboard.py`, as `make run` starts it) on a free
    loopback port, in its own process group; returns once /_stcore/health answers 200."""
    port = free_port()
    log = tmp_dir / f"streamlit-{port}.log"
    env = dict(os.environ, TRACKER_DATA_DIR=str(data_dir), PYTHONUNBUFFERED="1")
    cmd = [sys.executable, "-m", "tracker", "serve",  # the command of `make run`
           "--server.port", str(port), "--server.address", "127.0.0.1", "--server.headless", "true",
           "--server.fileWatcherType", "none", "--server.runOnSave", "false",
           "--browser.gatherUsageStats", "false"]
    with open(log, "wb") as out:
        proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
                                start_new_session=True)
    server = Server(proc, port, log)
    deadline = time.monotonic() + timeout
    while True:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited with {proc.returncode}:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(f"{server.url}/_stcore/health", timeout=2) as resp:
                if resp.status == 200:
                    return server
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        if time.monotonic() > deadline:
            stop_server(server)
            raise RuntimeError(f"streamlit did not answer /_stcore/health within {timeout}s:\n"
                               f"{log.read_text()[-3000:]}")
        time.sleep(0.1)  # polling interval of the health check, not a synchronisation


def stop_server(server: Server) -> None:
    """Stop the server's whole process group (streamlit and anything it started)."""
    try:
        os.killpg(server.proc.pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    try:
        server.proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        os.killpg(server.proc.pid, signal.SIGKILL)
        server.proc.wait(timeout=10)


# -- the browser ----------------------------------------------------------------------------
def warm_up(server: Server, browser) -> None:
    """Open the default page once, so that the tests that follow do not pay for a fresh
    process's first run (the entry file compiled, the pages registered, the browser bundle
    served). A fresh process needs none of this to be right: see test_browser_replicas."""
    ctx = browser.new_context(viewport=DESKTOP)
    try:
        page = ctx.new_page()
        page.set_default_timeout(TIMEOUT_MS)
        open_page(page, server.url, "/")
    finally:
        ctx.close()


# -- what a person waits for and sees -------------------------------------------------------
def wait_idle(page) -> None:
    """The app is connected and no script is running. Call it after waiting for the change
    an action is expected to make (right after a click the app may still read notRunning)."""
    page.locator(IDLE).wait_for(state="attached")


def open_page(page, base: str, path: str, charts: bool = True) -> None:
    """Open a path and wait until the first Plotly chart is drawn (or, on a page without
    charts, the first table), then until the script has finished."""
    page.goto(base + path)
    page.locator('[data-testid="stSidebar"]').wait_for(state="attached")
    page.locator(CHART_DRAWN if charts else '[data-testid="stDataFrame"]').first.wait_for()
    wait_idle(page)


def habits_ready(page) -> None:
    """Wait until the sidebar's small component (Enter applies a typed date; a page link closes
    the sidebar on a phone) has run: like a widget, its code loads after the page is drawn."""
    page.wait_for_function("() => window.__trackerBrowserHabits === true")


def charts_drawn(page) -> list[bool]:
    """For every Plotly chart on the page: whether Plotly has drawn its SVG."""
    return page.locator(".js-plotly-plot").evaluate_all("els => els.map(e => !!e.querySelector('.main-svg'))")


def figure_traces(page, scope: str = "") -> dict[str, int]:
    """Trace name -> number of points drawn, for the first Plotly chart inside `scope`."""
    return page.locator(f"{scope} .js-plotly-plot".strip()).first.evaluate(
        "el => Object.fromEntries(el.data.map(t => [t.name, (t.y || t.x || []).length]))")


def errors_shown(page) -> list[str]:
    return page.locator(ERRORS).all_inner_texts()


def metric(page, label: str):
    """The value element of the st.metric whose label is exactly `label`."""
    box = page.locator('[data-testid="stMetric"]').filter(
        has=page.locator('[data-testid="stMetricLabel"]', has_text=re.compile(rf"^\s*{re.escape(label)}\s*$")))
    return box.locator('[data-testid="stMetricValue"]')


def sidebar_multiselect(page, label: str):
    return page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]').filter(
        has=page.locator('[data-testid="stWidgetLabel"]', has_text=re.compile(rf"^\s*{re.escape(label)}\s*$")))


def choose(page, label: str, option: str) -> None:
    """Pick `option` in the sidebar multiselect labelled `label`, as a person would."""
    box = sidebar_multiselect(page, label)
    box.locator("input").click()
    page.get_by_role("option", name=option, exact=True).click()
    page.keyboard.press("Escape")


def chips(page, label: str) -> list[str]:
    """The chosen values shown as chips in a sidebar multiselect. Waits for the multiselect
    itself: Streamlit loads a widget's code on first use, so in a fresh browser context the
    script can be idle before the multiselect is drawn (reading then would find no chips)."""
    box = sidebar_multiselect(page, label)
    box.wait_for(state="attached")
    names = box.get_by_role("button", name=re.compile(r"^Remove ")).evaluate_all(
        "els => els.map(e => e.getAttribute('aria-label') || e.textContent)")
    return [re.sub(r"^Remove ", "", n) for n in names]


def showing(page) -> str:
    """The plain sentence of what is shown ("Showing: 16 measures in CBRN, ...")."""
    return page.locator('[data-testid="stMain"] [data-testid="stMarkdownContainer"]').filter(
        has_text=re.compile(r"^\s*Showing:")).first.inner_text()


def screenshot(page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def wait_url(page, pattern: str) -> None:
    """Wait until the address matches `pattern` (a regex). Widgets change the query string
    with history.replaceState, which is no navigation, so page.wait_for_url would not see it."""
    page.wait_for_function("p => new RegExp(p).test(window.location.href)", arg=pattern)


# -- expected figures, counted straight from the CSVs ----------------------------------------
def csv_rows(name: str) -> list[dict]:
    import csv
    with open(DATA / f"{name}.csv", encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def own_measures() -> list[dict]:
    """The package's own measures: every measure but the background (status 'context')."""
    return [m for m in csv_rows("measures") if m["status_at_publication"] != "context"]


def measures_of_actor(actor: str) -> set[str]:
    """The measures of an actor in any role, and of its units (actors.csv parent_id)."""
    parents = {a["actor_id"]: a["parent_id"] for a in csv_rows("actors")}

    def under(a: str) -> bool:
        while a:
            if a == actor:
                return True
            a = parents.get(a, "")
        return False
    return {r["measure_id"] for r in csv_rows("measure_actors") if under(r["actor_id"])}


# -- replicas behind the proxy (tracker/hosting.py) ------------------------------------------
FILTER_LABELS = ("Pillar", "Actor (any role)", "Funding instrument", "Status at publication")

# Kept in the page: every change of the app's connection state, script state and whether an
# error is shown (an exception, an error alert, a dialog such as "Connection error"), with the
# time (Date.now()); lostAt: the first loss of the connection; backAt: the first reconnection
# after it; redrawnAt: the end of the first script run after that reconnection.
_CONNECTION_RECORDER = """errors => {
  const log = window.__connection = {states: [], lostAt: null, backAt: null, redrawnAt: null, errorAt: null};
  let ranSinceBack = false;
  const record = () => {
    const app = document.querySelector('[data-testid="stApp"]');
    const now = Date.now();
    const s = [now, app && app.getAttribute('data-test-connection-state'),
               app && app.getAttribute('data-test-script-state'), !!document.querySelector(errors)];
    const last = log.states[log.states.length - 1];
    if (!last || last[1] !== s[1] || last[2] !== s[2] || last[3] !== s[3]) log.states.push(s);
    if (s[1] !== 'CONNECTED' && log.lostAt === null) log.lostAt = now;
    if (s[1] === 'CONNECTED' && log.lostAt !== null && log.backAt === null) log.backAt = now;
    if (log.backAt !== null && s[1] === 'CONNECTED' && s[2] === 'running') ranSinceBack = true;
    if (ranSinceBack && s[1] === 'CONNECTED' && s[2] === 'notRunning' && log.redrawnAt === null) log.redrawnAt = now;
    if (s[3] && log.errorAt === null) log.errorAt = now;
  };
  new MutationObserver(record).observe(document.body, {subtree: true, childList: true, attributes: true});
  record();
}"""


def server_cookie(page, name: str = "SRV") -> str | None:
    """The value of the proxy's sticky cookie in the page's browser context (`r0`, `r1`, ...):
    the replica that holds this browser."""
    return next((c["value"] for c in page.context.cookies() if c["name"] == name), None)


def record_connection(page) -> None:
    """From now on, log in the page every change of its connection and script state and every
    error shown (read with connection_log)."""
    page.evaluate(_CONNECTION_RECORDER, ERRORS)


def connection_log(page) -> dict:
    """{"states": [[ms, connection, script, error shown], ...], "lostAt", "backAt", "redrawnAt",
    "errorAt"} (ms since the epoch, as Date.now() in the page; None: not happened)."""
    return page.evaluate("() => window.__connection")


def query_of(url: str) -> dict[str, list[str]]:
    """A link's query as key -> sorted values (the order of the keys does not matter)."""
    from urllib.parse import parse_qs, urlsplit
    return {k: sorted(v) for k, v in sorted(parse_qs(urlsplit(url).query, keep_blank_values=True).items())}


def view_of(page) -> dict:
    """What a person sees of the view: the page path and query, the title, the "Showing:"
    sentence, the chips of the sidebar's filters and the search text."""
    from urllib.parse import urlsplit
    main = page.locator('[data-testid="stMain"]')
    search = page.locator('[data-testid="stSidebar"] [data-testid="stTextInput"] input')
    search.first.wait_for(state="attached")  # drawn once its code is loaded (see chips)
    return {"path": urlsplit(page.url).path, "query": query_of(page.url),
            "title": main.locator("h1").first.inner_text(),
            "heading": main.locator("h3").first.inner_text() if main.locator("h3").count() else "",
            "showing": showing(page),
            "chips": {label: chips(page, label) for label in FILTER_LABELS},
            "search": search.first.input_value()}
