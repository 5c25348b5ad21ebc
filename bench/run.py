"""Benchmark the dashboard against its budgets; prints a table and one PASS/FAIL line per budget,
and writes bench/out/result.json.

    python bench/run.py            # full run: shipped data and the large folder (`make bench`)
    python bench/run.py --quick    # fewer repetitions and extra sessions (`make bench-quick`)
    python bench/run.py --quick --smoke --data DIR --out FILE   # that it runs, on DIR (tests)
    python bench/run.py --meeting-only [--quick] [--meeting-sessions N]  # only the meeting load
    BENCH_MEETING_TARGETS=proxy=http://127.0.0.1:8080 python bench/run.py --meeting-only  # and a proxy

Nothing about the dashboard is written down here: the pages are the ones dashboard.py hands to
st.navigation (caught while it runs under AppTest), the filters are the keyed widgets its
sidebar draws, their values are the widgets' own options and ranges, and the charts and tables
of a page are counted in its DOM.

What is measured (the AppTest parts in a subprocess per data folder: the database is per process):
- rerun (AppTest): the median server-side time of a page's rerun after a sidebar filter change.
  One filter at a time is set, every sidebar filter in turn (each multiselect, date, search box,
  toggle...), each to a value not used before in the process, every other filter back at its
  default, so no kept query result is hit; a filter with no unused value left (a toggle, after
  its first use) drops out. "warm" goes back and forth between two views already seen. Scripts
  are compiled once per process as under `streamlit run`.
- payload (AppTest): what a page sends, from the element protos: Plotly figure JSON and the
  dataframe Arrow bytes, and the most points (of one trace) or rows (of one table) in any
  element, on the unfiltered view and after every filter change.
- builds: how many times the database was built in the process (tracker.session.build), over every
  page and the extra AppTest sessions.
- browser click-to-settled (headless Chromium, Playwright): `python -m tracker serve` and a bare
  Streamlit floor page (bench/floor_app.py, its own `streamlit run` server) with as many Plotly
  charts and tables as the real page shows in its DOM and the same sidebar "Pillar" multiselect.
  Real and floor are clicked alternately (real, floor, real, floor...): pick a pillar, remove it
  again, the next pillar... Time from the click's pointerdown to the page settled: the script idle
  (the rerun's messages received and [data-test-script-state="notRunning"]) and no DOM mutation
  for QUIET_MS (the quiet period itself is not counted: the time is that of the last mutation,
  one frame later, or of the last message). Mutations inside a dataframe's hidden accessibility
  table are not counted (the grid refreshes it ~250 ms after drawing its canvas).
- startup: process start of `python -m tracker serve` to its first page served (one websocket
  session, as in the meeting, opens the default page once the server is healthy: its
  script_finished) and, at the same moment, to the first Plotly chart drawn in a new headless
  Chromium page (which first loads Streamlit's own scripts); the bare floor page started the same
  way beside it; then N extra browser sessions, and the server's RSS growth / N.
- meeting (bench/meeting.py, no browser): N sessions (50; --quick 20, --smoke 5) open the link
  /timeline?pillar=cbrn&as_of=2018-06-30 at the same moment over Streamlit's websocket protocol,
  then each changes the sidebar "Pillar" multiselect; p50/p95 open and change times, errors,
  exceptions shown, the server's RSS after the open; beside the floor page (bench/floor_app.py)
  with as many charts and tables as the link's page sends, loaded the same way, one after the
  other in each round. Extra targets (a proxy in front of replicas) from $BENCH_MEETING_TARGETS.
  `--meeting-only` runs it alone (result in bench/out/meeting.json).
"""
from __future__ import annotations

import argparse
import base64
import datetime as dt
import gc
import hashlib
import itertools
import json
import os
import random
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from tracker.hosting import Cluster, free_port  # noqa: E402 - the project's own, once ROOT is on the path
BENCH = ROOT / "bench"
OUT = BENCH / "out"
SHIPPED = ROOT / "data"
LARGE = OUT / "large"
LARGE_STAMP = OUT / "large.stamp"
LARGE_SIZE = {"measures": 100_000, "funding": 1_000_000, "deadlines": 300_000}
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]
VIEWPORT = {"width": 1400, "height": 900}
# The floor is Streamlit as it ships: its runner options at their defaults, whatever the
# dashboard's .streamlit/config.toml (read by both servers, cwd ROOT) sets for itself.
FLOOR_RUNNER = ["--runner.postScriptGC", "true"]
CLICK_WIDGET = "Pillar"  # the sidebar multiselect clicked in the browser measure
QUIET_MS = 500  # no DOM mutation and no message for this long: the page has settled
SETTLE_TIMEOUT_MS = 60_000

BUDGETS = {
    "shipped_rerun_ms": 150.0,
    "large_rerun_ms": 500.0,
    "max_points_or_rows": 5_000,
    "session_mb": 50.0,
    "large_first_page_s": 10.0,
    "large_file_first_page_s": 3.0,
    "large_file_rss_mb": 600.0,
    "browser_floor_ratio": 1.5,
    "meeting_floor_ratio": 1.25,
    "meeting_proxy_ratio": 0.6,
}


def rss_mb(pid: int | None = None) -> float:
    status = Path(f"/proc/{pid or os.getpid()}/status").read_text()
    return int(re.search(r"VmRSS:\s+(\d+) kB", status).group(1)) / 1024


def median(xs: list[float]) -> float | None:
    return statistics.median(xs) if xs else None


# -- in the worker subprocess: what a page sends --------------------------------------------
def _points(trace: dict) -> int:
    """Points drawn by one Plotly trace: the longest data array (cells for a 2-D z)."""
    best = 0
    for key in ("x", "y", "z", "values", "labels", "ids", "parents", "lat", "lon", "customdata", "text"):
        v = trace.get(key)
        if isinstance(v, dict) and "bdata" in v:
            shape = v.get("shape")
            if shape:
                n = 1
                for s in str(shape).split(","):
                    n *= int(s)
            else:
                n = len(base64.b64decode(v["bdata"])) // int(re.sub(r"\D", "", v.get("dtype", "f8")) or 8)
        elif isinstance(v, list):
            n = sum(len(r) if isinstance(r, list) else 1 for r in v) if key == "z" else len(v)
        else:
            continue
        best = max(best, n)
    return best


def payload(at) -> dict:
    """Bytes sent and the largest element (points or rows) of the page now shown."""
    import pyarrow as pa

    charts = at.get("plotly_chart")
    chart_bytes, biggest, worst = 0, 0, ""
    for i, el in enumerate(charts):
        spec = el.proto.spec
        chart_bytes += len(spec)
        for t in json.loads(spec).get("data", []):
            n = _points(t)
            if n > biggest:
                biggest, worst = n, f"chart {el.proto.id[-12:] or i} ({t.get('type', 'scatter')})"
    table_bytes, tables = 0, 0
    for kind in ("dataframe", "table"):
        for el in getattr(at, kind):
            tables += 1
            proto = el.proto
            if kind == "dataframe" and proto.HasField("lazy_data"):  # rows fetched by page: the first chunk is sent
                data = proto.lazy_data.initial_chunk.data
            else:
                data = proto.arrow_data.data if kind == "dataframe" else proto.data
            table_bytes += len(data)
            rows = pa.ipc.open_stream(data).read_all().num_rows if data else 0
            if rows > biggest:
                biggest, worst = rows, f"{kind} {el.proto.id[-20:] if hasattr(el.proto, 'id') else ''}".strip()
    return {"charts": len(charts), "tables": tables, "chart_bytes": chart_bytes, "table_bytes": table_bytes,
            "bytes": chart_bytes + table_bytes, "max_points_or_rows": biggest, "largest_element": worst}


# -- in the worker subprocess: the pages and the sidebar filters, found at run time ---------
def catch_pages() -> list:
    """Wrap st.navigation so that the pages dashboard.py hands it are kept (filled by the first
    run of the entry file)."""
    import streamlit as st

    caught: list = []
    real = st.navigation

    def navigation(pages, *args, **kwargs):
        if not caught:
            listed = [p for group in pages.values() for p in group] if isinstance(pages, dict) else list(pages)
            caught.extend(listed)
        return real(pages, *args, **kwargs)

    st.navigation = navigation
    return caught


def page_list(caught: list) -> list[dict]:
    """name (the url path), title, url path ('' for the default page) and script of every page."""
    out = []
    for p in caught:
        script = Path(p._page)
        out.append({"name": p._url_path or script.stem, "title": p.title, "url_path": p.url_path,
                    "path": str(script.resolve().relative_to(ROOT)), "default": bool(p._default)})
    return out


FILTER_TYPES = ("multiselect", "selectbox", "radio", "date_input", "text_input", "toggle", "checkbox")


def _walk(node):
    yield node
    children = getattr(node, "children", None)
    for child in (children.values() if isinstance(children, dict) else []):
        yield from _walk(child)


def _widget(at, key: str):
    for node in _walk(at.sidebar):
        if getattr(node, "key", None) == key:
            return node
    raise LookupError(f"no sidebar widget with key {key!r}")


def _option_values(at, w) -> list:
    """A choice widget's option values (the protos hold only the formatted labels): from the
    widget's deserializer, registered for this run; the labels if it cannot be read."""
    try:
        meta = at.session_state._state._state._new_widget_state.widget_metadata[w.id]
        return list(meta.deserializer.__self__.options)
    except (AttributeError, KeyError, TypeError):
        return list(w.options)


def sidebar_filters(at) -> list[dict]:
    """Every keyed widget of the sidebar that a person sets to filter (keys starting with '_' are
    the app's own, e.g. the upload panel), in the sidebar's order, with its default value (the
    value on an unfiltered link) and what it can take."""
    found = []
    for w in _walk(at.sidebar):
        kind, key = getattr(w, "type", None), getattr(w, "key", None)
        if kind not in FILTER_TYPES or not key or key.startswith("_"):
            continue
        f = {"key": key, "kind": kind, "label": getattr(w, "label", key), "default": w.value}
        if kind in ("multiselect", "selectbox", "radio"):
            f["options"] = _option_values(at, w)
        elif kind == "date_input":
            f["min"], f["max"] = w.min, w.max
        found.append(f)
    return found


def title_words(data_dir: Path, n: int = 400) -> list[str]:
    """Words of six letters or more from the measures' titles of the data folder (search terms)."""
    import csv

    words: set[str] = set()
    try:
        with (data_dir / "measures.csv").open(encoding="utf-8-sig", newline="") as fh:
            for row in csv.DictReader(fh):
                words.update(w for w in re.findall(r"[a-z]{6,}", (row.get("title") or "").lower()))
    except OSError:
        pass
    return sorted(words)[:n] or [f"{a}{b}" for a in "aeiou" for b in "nrst"]


class Changes:
    """Filter changes as people make them: one filter at a time, each to a value not used before
    in the process (shared by every page: kept query results are per process). A filter with no
    unused value left drops out."""

    def __init__(self, filters: list[dict], words: list[str], seed: int = 7):
        self.filters, self.words = filters, words
        self.rng = random.Random(seed)
        self.seen: set[tuple[str, str]] = set()

    def _draw(self, f: dict):
        kind, rng = f["kind"], self.rng
        if kind == "multiselect":
            opts = f["options"]
            return sorted(rng.sample(opts, min(len(opts), rng.choice((1, 1, 2)))), key=opts.index) if opts else None
        if kind in ("selectbox", "radio"):
            opts = [o for o in f["options"] if o != f["default"]]
            return rng.choice(opts) if opts else None
        if kind == "date_input":
            return f["min"] + dt.timedelta(days=rng.randint(0, max(0, (f["max"] - f["min"]).days)))
        if kind == "text_input":
            return rng.choice(self.words)
        return not f["default"]  # toggle, checkbox

    def next(self, f: dict):
        """A value of `f` not used before (recorded as used), or None when there is none left."""
        for _ in range(300):
            value = self._draw(f)
            if value is None or value == f["default"]:
                continue
            mark = (f["key"], repr(value))
            if mark not in self.seen:
                self.seen.add(mark)
                return value
        return None

    def round(self):
        """One change ({key: value}) per filter that has an unused value left, in sidebar order."""
        for f in self.filters:
            value = self.next(f)
            if value is not None:
                yield {f["key"]: value}


def set_filters(at, filters: list[dict], change: dict) -> None:
    """Set the sidebar widgets to `change`, every other filter back at its default."""
    for f in filters:
        value = change.get(f["key"], f["default"])
        widget = _widget(at, f["key"])
        if widget.value != value:
            widget.set_value(value)


def timed_run(at) -> float:
    t0 = time.perf_counter()
    at.run()
    ms = (time.perf_counter() - t0) * 1000
    if at.exception:
        raise RuntimeError(at.exception[0].message)
    return ms


def worker(data_dir: Path, rounds: int, sessions: int, naive: bool) -> dict:
    os.environ["TRACKER_DATA_DIR"] = str(data_dir)
    os.chdir(ROOT)
    sys.path.insert(0, str(ROOT))
    import streamlit.components.v2.manifest_scanner as scanner
    from streamlit.testing.v1 import AppTest

    scanner.scan_component_manifests = lambda *a, **k: []  # no custom components: skip the package scan
    # `streamlit run` compiles each script once and keeps the bytecode in one ScriptCache for the
    # process; AppTest makes a new cache for every run, so each rerun would also re-parse and
    # compile the entry file and the page. One shared cache, as on the server.
    import streamlit.testing.v1.app_test as app_test_module
    import streamlit.testing.v1.local_script_runner as runner_module
    from streamlit.runtime.scriptrunner.script_cache import ScriptCache

    shared_cache = ScriptCache()
    app_test_module.ScriptCache = runner_module.ScriptCache = lambda: shared_cache
    caught = catch_pages()
    import tracker.session as session

    builds = {"n": 0, "s": 0.0}
    real_build = session.build

    def counting_build(*a, **k):
        t0 = time.perf_counter()
        db = real_build(*a, **k)
        builds["n"] += 1
        builds["s"] += time.perf_counter() - t0
        return db

    session.build = counting_build  # session._open calls it once per data version and process

    def new_app(script: Path = ROOT / "dashboard.py"):
        at = AppTest.from_file(str(script), default_timeout=300)
        timed_run(at)
        return at

    result: dict = {"data_dir": str(data_dir), "rounds": rounds, "pages": {}}
    rss0 = rss_mb()
    first = new_app()
    db = session._load(str(session.data_dir()))
    if not db.ok:
        raise RuntimeError(f"{data_dir} has problems: " + "; ".join(str(p) for p in db.problems[:5]))
    db.wait()  # reruns are timed on the complete database (tracker/database.py fills the large tables last)
    if db.written is not None:  # and once its file is written (in the background, after a build): on the
        db.written.result()     # file every later process and replica reads, with no write competing for the CPU
    pages = page_list(caught)
    filters = sidebar_filters(first)
    if not pages or not filters:
        raise RuntimeError(f"found {len(pages)} pages and {len(filters)} sidebar filters under AppTest")
    result["page_list"] = pages
    result["filters"] = [{k: v for k, v in f.items() if k != "options"} | {"options": len(f.get("options", []))}
                         for f in filters]
    changes = Changes(filters, title_words(data_dir))
    for page in pages:
        name = page["name"]
        try:
            at = new_app()
            at.switch_page(page["path"])
            timed_run(at)
            unfiltered = payload(at)
            worst = dict(unfiltered)

            def track(a, worst=worst):
                p = payload(a)
                for k, v in p.items():
                    if k == "largest_element":
                        continue
                    if k == "max_points_or_rows" and v > worst[k]:
                        worst["largest_element"] = p["largest_element"]
                    worst[k] = max(worst[k], v)

            warm_up = next(changes.round(), None)  # first use of this page's code paths: not timed
            if warm_up:
                set_filters(at, filters, warm_up)
                timed_run(at)
            times, by_filter, used = [], {}, []
            for _ in range(rounds):
                for change in changes.round():
                    set_filters(at, filters, change)
                    ms = timed_run(at)
                    times.append(ms)
                    (key,) = change
                    by_filter.setdefault(key, []).append(ms)
                    used.append(change)
                    track(at)
            warm = []
            for change in itertools.islice(itertools.cycle(used[-2:]), max(2, len(times))):
                set_filters(at, filters, change)
                warm.append(timed_run(at))
            result["pages"][name] = {
                "rerun_ms": median(times), "rerun_all_ms": [round(t, 1) for t in times],
                "rerun_by_filter_ms": {k: round(median(v), 1) for k, v in by_filter.items()},
                "warm_rerun_ms": median(warm), "payload_unfiltered": unfiltered, "payload_max": worst}
        except Exception as err:  # noqa: BLE001 - one broken page is a result, not the end of the run
            result["pages"][name] = {"error": f"{type(err).__name__}: {err}"}
    result["filters_exhausted"] = [f["key"] for f in filters if changes.next(f) is None]
    result["rss_before_mb"], result["rss_after_pages_mb"] = rss0, rss_mb()

    # extra sessions (AppTest, same process): RSS growth per session on the default page
    keep = []
    gc.collect()
    before = rss_mb()
    for _ in range(sessions):
        keep.append(new_app())
    result["apptest_session_mb"] = (rss_mb() - before) / max(1, sessions)
    result["sessions"] = len(pages) + 1 + sessions
    result["builds"], result["build_s"] = builds["n"], builds["s"]
    del keep

    if naive:
        result["naive"] = naive_run(new_app, data_dir, rounds)
    return result


def naive_run(new_app, data_dir: Path, rounds: int) -> dict:
    """bench/naive_app.py (pandas per session) timed like a page, with its own sidebar filters."""
    gc.collect()
    before = rss_mb()
    try:
        t0 = time.perf_counter()
        at = new_app(BENCH / "naive_app.py")
        first_s = time.perf_counter() - t0
        session_mb = rss_mb() - before
        filters = sidebar_filters(at)
        changes = Changes(filters, title_words(data_dir), seed=11)
        for change in itertools.islice(changes.round(), 1):  # warm-up
            set_filters(at, filters, change)
            timed_run(at)
        times = []
        for _ in range(rounds):
            for change in changes.round():
                set_filters(at, filters, change)
                times.append(timed_run(at))
        return {"first_run_s": first_s, "rerun_ms": median(times), "rerun_all_ms": [round(t, 1) for t in times],
                "session_mb": session_mb, "payload": payload(at)}
    except Exception as err:  # noqa: BLE001 - the comparison is optional; say why it is missing
        return {"error": f"{type(err).__name__}: {err}"}


# -- in the main process: servers and the browser ---------------------------------------------
def run_worker(data_dir: Path, rounds: int, sessions: int, naive: bool) -> dict:
    out = OUT / f"worker-{data_dir.name}.json"
    cmd = [sys.executable, str(Path(__file__).resolve()), "--worker", "--data", str(data_dir), "--rounds",
           str(rounds), "--sessions", str(sessions), "--json", str(out)] + ([] if naive else ["--no-naive"])
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="bench-cache-") as cache:  # its own: the process builds once
        proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True,
                              env={**os.environ, "TRACKER_CACHE_DIR": cache})
    if proc.returncode != 0:
        raise RuntimeError(f"worker on {data_dir} failed:\n{proc.stderr[-4000:]}")
    res = json.loads(out.read_text())
    res["wall_s"] = time.perf_counter() - t0
    return res


class Server:
    """A Streamlit server on a free loopback port, in its own process group."""

    def __init__(self, args: list[str], env: dict | None = None, wait: bool = True):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = OUT / f"server-{self.port}.log"
        cmd = [sys.executable, *args, "--server.port", str(self.port), "--server.address", "127.0.0.1",
               "--server.headless", "true", "--server.fileWatcherType", "none", "--server.runOnSave", "false",
               "--browser.gatherUsageStats", "false"]
        self.started = time.perf_counter()
        with self.log.open("wb") as out:
            self.proc = subprocess.Popen(cmd, cwd=ROOT, env={**os.environ, **(env or {})}, stdout=out,
                                         stderr=subprocess.STDOUT, start_new_session=True)
        if wait:
            self.wait_healthy()

    def wait_healthy(self, timeout: float = 120.0) -> float:
        deadline = time.perf_counter() + timeout
        while True:
            try:
                with urllib.request.urlopen(self.url + "/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        return time.perf_counter() - self.started
            except OSError:
                pass
            if time.perf_counter() > deadline or self.proc.poll() is not None:
                log = self.log.read_text(errors="replace")[-3000:]
                self.stop()
                raise RuntimeError(f"the server did not become healthy:\n{log}")
            time.sleep(0.05)  # polling interval of the health endpoint, not a synchronisation

    def stop(self) -> None:
        try:
            os.killpg(self.proc.pid, signal.SIGTERM)
        except ProcessLookupError:
            return
        try:
            self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=15)
        if "Traceback" not in self.log.read_text(errors="replace"):
            self.log.unlink(missing_ok=True)  # kept only when the server logged an error


def floor_server(options: list[str] | None = None, wait: bool = True, runner: list[str] = FLOOR_RUNNER) -> Server:
    """`streamlit run bench/floor_app.py`, its Pillar multiselect offering `options` (the dashboard's
    labels), Streamlit's runner as it ships unless told (`runner`)."""
    env = {"BENCH_FLOOR_OPTIONS": "|".join(options)} if options else None
    return Server(["-m", "streamlit", "run", str(BENCH / "floor_app.py"), *runner], env, wait=wait)


def tracker_server(data_dir: Path, wait: bool = True, cache: Path | None = None) -> Server:
    env = {"TRACKER_DATA_DIR": str(data_dir)} | ({"TRACKER_CACHE_DIR": str(cache)} if cache else {})
    return Server(["-m", "tracker", "serve"], env, wait=wait)  # as `make run`


def launch(pw):
    return pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


# Installed in every page before its scripts: the time of the last DOM mutation (one frame later:
# rendering that follows it) and of the last websocket message, since the armed pointerdown.
SETTLE_JS = r"""(() => {
  const b = window.__bench = {armed: false, t0: null, last: 0, lastAny: 0, msgs: 0, lastMsg: 0};
  const Native = window.WebSocket;
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', () => {
        const t = performance.now();
        b.lastAny = Math.max(b.lastAny, t);
        if (b.t0 !== null) { b.msgs += 1; b.lastMsg = t; }
      });
    }
  };
  const hidden = (n) => { const e = n.nodeType === 1 ? n : n.parentElement;
    return !!(e && e.closest('[data-testid="stDataFrame"] table')); };
  const seen = (t) => { b.lastAny = Math.max(b.lastAny, t); if (b.t0 !== null) b.last = Math.max(b.last, t); };
  const watch = () => new MutationObserver((records) => {
    if (records.every((r) => hidden(r.target))) return;
    seen(performance.now());
    requestAnimationFrame(() => setTimeout(() => seen(performance.now()), 0));
  }).observe(document.documentElement, {subtree: true, childList: true, attributes: true, characterData: true});
  if (document.documentElement) watch(); else document.addEventListener('readystatechange', watch, {once: true});
  document.addEventListener('pointerdown', (e) => {
    if (b.armed) { b.armed = false; b.t0 = e.timeStamp; b.last = e.timeStamp; b.msgs = 0; b.lastMsg = 0; }
  }, true);
})();"""
IDLE_JS = "() => document.querySelector('[data-testid=\"stApp\"]')?.getAttribute('data-test-script-state') === 'notRunning'"
SETTLED_JS = f"""q => {{ const b = window.__bench; if (b.t0 === null || b.armed || b.msgs === 0 || !({IDLE_JS})()) return false;
  const now = performance.now(); return now - b.last >= q && now - b.lastMsg >= q; }}"""
QUIET_JS = f"q => ({IDLE_JS})() && performance.now() - window.__bench.lastAny >= q"
STATE_JS = f"""() => {{ const b = window.__bench, now = performance.now();
  return {{armed: b.armed, clicked: b.t0 !== null, messages: b.msgs, idle: ({IDLE_JS})(),
          ms_since_mutation: Math.round(now - b.last), ms_since_message: Math.round(now - b.lastMsg)}}; }}"""
RESULT_JS = """() => { const b = window.__bench;
  return {settled_ms: Math.max(b.last, b.lastMsg) - b.t0, idle_ms: b.lastMsg - b.t0, messages: b.msgs}; }"""


def _quiet(page, ms: int, timeout_ms: int = 60_000) -> None:
    page.wait_for_function(QUIET_JS, arg=ms, polling=50, timeout=timeout_ms)


def _open(page, url: str) -> None:
    """Open a url and wait until its script is idle and nothing has changed for a second."""
    page.goto(url)
    _multiselect(page).wait_for()
    _quiet(page, 1000)


def _multiselect(page):
    box = page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]')
    return box.filter(has=page.locator('[data-testid="stWidgetLabel"]',
                                       has_text=re.compile(rf"^\s*{re.escape(CLICK_WIDGET)}\s*$"))).first


def _chips(page) -> int:
    return _multiselect(page).get_by_role("button", name=re.compile(r"^Remove ")).count()


def _options(page) -> list[str]:
    """The labels the click widget offers (its dropdown opened and closed again)."""
    _multiselect(page).locator("input").click()
    page.get_by_role("option").first.wait_for()
    names = [n.strip() for n in page.get_by_role("option").all_inner_texts()]
    page.keyboard.press("Escape")
    _quiet(page, 300)
    return [n for n in names if n and n.lower() != "select all"]


def click_and_settle(page, option: str, pick: bool) -> dict:
    """Pick `option` in the click widget (the dropdown is opened first, not timed) or remove its
    chip; the time from the click to the page settled."""
    box = _multiselect(page)
    if pick:
        box.locator("input").click()
        target = page.get_by_role("option", name=option, exact=True)
        target.wait_for()
    else:
        target = box.get_by_role("button", name=f"Remove {option}", exact=True)
    _quiet(page, 200)
    page.evaluate("() => { window.__bench.armed = true; }")
    target.click()
    try:
        page.wait_for_function(SETTLED_JS, arg=QUIET_MS, polling=50, timeout=SETTLE_TIMEOUT_MS)
    except Exception as err:  # noqa: BLE001 - say what the page was doing
        state = page.evaluate(STATE_JS)
        raise RuntimeError(f"{'picking' if pick else 'removing'} {option!r} on {page.url} did not settle in "
                           f"{SETTLE_TIMEOUT_MS / 1000:.0f} s: {state} ({type(err).__name__})") from None
    res = page.evaluate(RESULT_JS)
    if pick:
        page.keyboard.press("Escape")  # the dropdown stays open after a pick
    _quiet(page, 200)
    chips = _chips(page)
    if chips != (1 if pick else 0):
        raise RuntimeError(f"{'picking' if pick else 'removing'} {option!r} left {chips} chips on {page.url}")
    return res


# Drawn: the script idle, every chart the page holds drawn (a Plotly chart has its svg) and every
# table in the page (a table out of view draws its cells only when scrolled to).
DRAWN_JS = f"""([charts, tables]) => ({IDLE_JS})()
  && [...document.querySelectorAll('.js-plotly-plot')].filter((p) => p.querySelector('.main-svg')).length >= charts
  && document.querySelectorAll('[data-testid="stDataFrame"]').length >= tables"""


def first_paint(page, url: str, charts: int, tables: int) -> float:
    """A new navigation to `url`: the time from its start to the last of its charts and tables
    drawn (checked every frame)."""
    page.goto(url)
    page.wait_for_function(DRAWN_JS, arg=[charts, tables], polling="raf", timeout=SETTLE_TIMEOUT_MS)
    ms = page.evaluate("() => performance.now()")
    _quiet(page, 300)
    return ms


# The kind of every element in the sidebar, in order: the data-testid of its first child.
SIDE_KINDS_JS = """() => [...document.querySelectorAll('[data-testid="stSidebar"] [data-testid="stElementContainer"]')]
  .map((e) => e.firstElementChild && e.firstElementChild.getAttribute('data-testid')).filter(Boolean)"""


def browser_clicks(data_dir: Path, pages: list[dict], reps: int) -> dict:
    """Click-to-settled of a sidebar filter change on every page, beside its floor."""
    from playwright.sync_api import sync_playwright

    out: dict = {}
    about = {"data_dir": str(data_dir), "widget": CLICK_WIDGET, "quiet_ms": QUIET_MS, "reps": reps}
    real = tracker_server(data_dir)
    floor = None
    try:
        with sync_playwright() as pw:
            browser = launch(pw)
            try:
                tabs = {}
                for who in ("page", "floor"):
                    ctx = browser.new_context(viewport=VIEWPORT)
                    ctx.set_default_timeout(60_000)
                    ctx.add_init_script(SETTLE_JS)
                    tabs[who] = ctx.new_page()
                _open(tabs["page"], real.url + "/")
                options = _options(tabs["page"])
                about["options"] = options
                floor = floor_server(options)
                for page in pages:
                    _open(tabs["page"], f"{real.url}/{page['url_path']}")
                    charts = tabs["page"].locator(".js-plotly-plot").count()
                    tables = tabs["page"].locator('[data-testid="stDataFrame"]').count()
                    side = tabs["page"].evaluate(SIDE_KINDS_JS)
                    floor_view = f"{floor.url}/?charts={charts}&tables={tables}"
                    side_floor = f"{floor_view}&side={','.join(side)}"  # the same, with the page's sidebar kinds
                    _open(tabs["floor"], floor_view)
                    for tab in tabs.values():  # first use of the dropdown and this page's code paths
                        click_and_settle(tab, options[-1], pick=True)
                        click_and_settle(tab, options[-1], pick=False)
                    samples: dict[str, list[dict]] = {"page": [], "floor": []}
                    errors: list[str] = []
                    i = 0
                    while i < reps:  # pick a pillar, remove it, the next pillar...
                        option, pick = options[(i // 2) % len(options)], i % 2 == 0
                        try:
                            pair = {who: click_and_settle(tabs[who], option, pick) | {"pick": pick}
                                    for who in ("page", "floor")}  # alternately, under the same load
                        except Exception as err:  # noqa: BLE001 - a click that never settles is reported
                            errors.append(str(err)[:400])
                            if len(errors) > 3:
                                raise
                            _open(tabs["page"], f"{real.url}/{page['url_path']}")  # both unfiltered again
                            _open(tabs["floor"], floor_view)
                            i += 1 if pick else 2  # so the next click is a pick
                            continue
                        for who, s in pair.items():
                            samples[who].append(s)
                        i += 1
                    if not samples["page"]:
                        out[page["name"]] = {"error": "; ".join(errors) or "no click measured", "charts": charts,
                                             "tables": tables}
                        continue
                    paint: dict[str, list[float]] = {"page": [], "floor": [], "side": []}
                    for _ in range(max(2, reps * 2 // 3)):  # navigation to the last chart drawn, alternately
                        try:
                            trio = (first_paint(tabs["page"], f"{real.url}/{page['url_path']}", charts, tables),
                                    first_paint(tabs["floor"], floor_view, charts, tables),
                                    first_paint(tabs["floor"], side_floor, charts, tables))
                        except Exception as err:  # noqa: BLE001 - a page that never draws is reported
                            errors.append(f"navigation: {str(err)[:300]}")
                            continue
                        for who, ms in zip(("page", "floor", "side"), trio):
                            paint[who].append(ms)
                    page_ms = median([s["settled_ms"] for s in samples["page"]])
                    floor_ms = median([s["settled_ms"] for s in samples["floor"]])
                    out[page["name"]] = {
                        "page_ms": page_ms, "floor_ms": floor_ms, "ratio": page_ms / floor_ms,
                        "samples": len(samples["page"]), "errors": errors,
                        "charts": charts, "tables": tables,
                        "page_idle_ms": median([s["idle_ms"] for s in samples["page"]]),
                        "floor_idle_ms": median([s["idle_ms"] for s in samples["floor"]]),
                        "page_all_ms": [round(s["settled_ms"]) for s in samples["page"]],
                        "floor_all_ms": [round(s["settled_ms"]) for s in samples["floor"]],
                        "page_messages": median([s["messages"] for s in samples["page"]]),
                        "floor_messages": median([s["messages"] for s in samples["floor"]]),
                        "paint_page_ms": median(paint["page"]), "paint_floor_ms": median(paint["floor"]),
                        "paint_ratio": (median(paint["page"]) / median(paint["floor"])) if paint["page"] else None,
                        "sidebar_kinds": side,
                        "paint_side_floor_ms": median(paint["side"]) if paint["side"] else None,
                        "paint_side_ratio": (median(paint["page"]) / median(paint["side"])) if paint["side"] else None,
                        "paint_side_floor_ratio": (median(paint["side"]) / median(paint["floor"]))
                        if paint["side"] else None,
                        "paint_page_all_ms": [round(x) for x in paint["page"]],
                        "paint_floor_all_ms": [round(x) for x in paint["floor"]],
                        "paint_side_floor_all_ms": [round(x) for x in paint["side"]]}
            finally:
                browser.close()
    finally:
        real.stop()
        if floor:
            floor.stop()
    return {"pages": out, "about": about}


def settled_rss(pid: int, quiet_mb: float = 2.0, every_s: float = 0.5, limit_s: float = 120.0) -> float:
    """The process's RSS once it stops growing (two readings `every_s` apart within `quiet_mb`):
    after the first page, the server may still be filling its large tables, which is not the
    memory of a session."""
    last, deadline = rss_mb(pid), time.perf_counter() + limit_s
    while time.perf_counter() < deadline:
        time.sleep(every_s)  # sampling interval of a reading, not a synchronisation
        now = rss_mb(pid)
        if abs(now - last) <= quiet_mb:
            return now
        last = now
    return last


CHART_DRAWN = ".js-plotly-plot .main-svg"
IDLE = '[data-testid="stApp"][data-test-connection-state="CONNECTED"][data-test-script-state="notRunning"]'


def startup(data_dir: Path, extra_sessions: int) -> dict:
    """Process start -> first page, on a new cache folder: with the database to build (`build_*`:
    no file yet, the first replica of a data version), then as every later process and replica
    starts, from the built file; beside the bare floor page started the same way.

    Each start is measured twice, in starts of their own (one would warm the other):
    - served (`*server_first_page_s`, the budgets): one websocket session (bench/meeting.py, no
      browser, as in the meeting) opens the default page as soon as the server is healthy; the
      time to its script_finished. What the server takes, whoever asks.
    - drawn (`*first_page_s`): a new headless Chromium page opens it; the time to its first Plotly
      chart. The browser first loads Streamlit's own scripts (about 9 MB), seconds on this machine
      for any Streamlit page. Then the RSS, and its growth per extra browser session."""
    res: dict = {"data_dir": str(data_dir)}
    with tempfile.TemporaryDirectory(prefix="bench-cache-") as first, \
            tempfile.TemporaryDirectory(prefix="bench-cache-") as second:
        starts = [(False, _start_once(data_dir, Path(first), browser=False),  # each builds the file
                   _start_once(data_dir, Path(second), browser=True)),
                  (True, _start_once(data_dir, Path(first), browser=False),  # each opens one of them
                   _start_once(data_dir, Path(second), browser=True, extra_sessions=extra_sessions))]
    for built, served, drawn in starts:
        prefix = "" if built else "build_"
        res.update({f"{prefix}health_s": drawn["health_s"], f"{prefix}first_page_s": drawn["first_page_s"],
                    f"{prefix}rss_mb": drawn["rss_mb"], f"{prefix}server_first_page_s": served["first_page_s"],
                    f"{prefix}server_rss_mb": served["rss_mb"]})
        if built:
            res.update({k: drawn[k] for k in drawn if k.startswith(("extra_", "rss_after", "session_"))})
    served = _start_once(None, None, browser=False, floor=True)
    drawn = _start_once(None, None, browser=True, floor=True)
    res.update(floor_health_s=drawn["health_s"], floor_first_page_s=drawn["first_page_s"],
               floor_server_first_page_s=served["first_page_s"])
    return res


def _start_once(data_dir: Path | None, cache: Path | None, browser: bool, extra_sessions: int = 0,
                floor: bool = False) -> dict:
    """One start of `python -m tracker serve` (or of `streamlit run` the floor page, 2 charts and 2
    tables as the overview): process start -> the default page served to one websocket session
    (browser=False) or drawn in a new headless Chromium page (browser=True)."""
    res: dict = {}
    if floor:
        server = floor_server(wait=False)
        query = "charts=2&tables=2"
    else:
        server = tracker_server(data_dir, wait=False, cache=cache)  # the clock starts with the process
        query = ""
    try:
        res["health_s"] = server.wait_healthy()
        if not browser:
            if str(BENCH) not in sys.path:
                sys.path.insert(0, str(BENCH))
            from meeting import first_run

            run, done = first_run(server.url, "", query, timeout=120)
            if run.problems or run.exceptions or run.error_alerts:
                raise RuntimeError(f"the first page failed: {run.problems + run.exceptions + run.error_alerts}")
            res["first_page_s"] = done - server.started
            res["rss_mb"] = settled_rss(server.proc.pid)
            return res
        from playwright.sync_api import sync_playwright

        with sync_playwright() as pw:
            b = launch(pw)
            try:
                page = b.new_page(viewport=VIEWPORT)
                page.goto(server.url + "/" + (f"?{query}" if query else ""))
                page.wait_for_selector(CHART_DRAWN, timeout=120_000)
                res["first_page_s"] = time.perf_counter() - server.started
                page.wait_for_selector(IDLE, state="attached", timeout=120_000)
                res["rss_mb"] = settled_rss(server.proc.pid)
                contexts, loads = [], []
                for _ in range(extra_sessions):
                    ctx = b.new_context(viewport=VIEWPORT)
                    p = ctx.new_page()
                    t1 = time.perf_counter()
                    p.goto(server.url + "/")
                    p.wait_for_selector(CHART_DRAWN, timeout=120_000)
                    p.wait_for_selector(IDLE, state="attached", timeout=120_000)
                    loads.append(time.perf_counter() - t1)
                    contexts.append(ctx)
                if extra_sessions:
                    res["extra_sessions"] = extra_sessions
                    res["rss_after_sessions_mb"] = settled_rss(server.proc.pid)
                    res["session_mb"] = (res["rss_after_sessions_mb"] - res["rss_mb"]) / extra_sessions
                    res["extra_session_page_s"] = median(loads)
                for ctx in contexts:
                    ctx.close()
            finally:
                b.close()
    finally:
        server.stop()
    return res


# -- a meeting: N sessions open one link at once over the websocket, then each changes a filter ---
MEETING_PAGE = "timeline"
MEETING_QUERY = "pillar=cbrn&as_of=2018-06-30"
MEETING_SESSIONS = {"full": 50, "quick": 20, "smoke": 5}
MEETING_TARGETS_ENV = "BENCH_MEETING_TARGETS"  # extra targets: "name=http://host:port,name2=..." (e.g. a proxy)


def meeting_targets(spec: str | None = None) -> dict[str, str]:
    """Extra meeting targets from "name=url,name=url" (default: $BENCH_MEETING_TARGETS); a bare url
    is named target1, target2..."""
    spec = os.environ.get(MEETING_TARGETS_ENV, "") if spec is None else spec
    out: dict[str, str] = {}
    for i, item in enumerate((x.strip() for x in spec.split(",")), 1):
        if item:
            name, _, url = item.partition("=") if "=" in item.split("://", 1)[0] else ("", "", item)
            out[name.strip() or f"target{i}"] = url.strip()
    return out


def _meeting_summary(runs: list[dict], rss: list[dict]) -> dict:
    """One target's meeting rounds pooled: percentiles over every session of every round."""
    from meeting import percentile

    opens = [x for r in runs for x in r["open_all_ms"]]
    changes = [x for r in runs for x in r["change_all_ms"]]
    out = {"sessions": runs[0]["sessions"], "rounds": len(runs),
           "open_p50_ms": percentile(opens, 50), "open_p95_ms": percentile(opens, 95),
           "change_p50_ms": percentile(changes, 50), "change_p95_ms": percentile(changes, 95),
           "open_start_p50_ms": median([r["open_start_p50_ms"] for r in runs if r["open_start_p50_ms"] is not None]),
           "opened": sum(r["opened"] for r in runs), "changed": sum(r["changed"] for r in runs),
           "errors": sum(r["errors"] for r in runs),
           "error_messages": [m for r in runs for m in r["error_messages"]][:5],
           "exceptions": sum(r["exceptions"] for r in runs),
           "exception_messages": [m for r in runs for m in r["exception_messages"]][:5],
           "error_alerts": sum(r["error_alerts"] for r in runs),
           "charts": runs[0]["charts"], "tables": runs[0]["tables"], "open_kb": runs[0]["open_kb"],
           "sample": runs[0]["sample"], "runs": runs}
    if rss:
        out["rss_before_mb"] = rss[0]["before"]
        out["rss_after_open_mb"] = max(x["after_open"] for x in rss)
        out["session_mb"] = median([(x["after_open"] - x["before"]) / max(1, out["sessions"]) for x in rss])
    return out


def meeting_load(data_dir: Path = SHIPPED, sessions: int = MEETING_SESSIONS["full"], rounds: int = 1,
                 extra_targets: dict[str, str] | None = None, same_config_floor: bool = True,
                 page: str = MEETING_PAGE, query: str = MEETING_QUERY) -> dict:
    """A meeting (bench/meeting.py) on `python -m tracker serve` (data_dir) and on the bare floor page
    (bench/floor_app.py, its own `streamlit run`) with as many charts and tables as the real page
    sends and the same "Pillar" options, under the same number of sessions, one after the other
    in each round (page, floor[, floor with the dashboard's runner options][, extra targets]).

    Before the rounds, one session opens the link and changes the filter on each server (not
    timed): the sender of the link has opened it, and the processes' first runs (imports) are
    not the meeting's. The floor is Streamlit as it ships (FLOOR_RUNNER: a full garbage collection
    after every run), as in the browser measure; "floor_same_config" is the same page under the
    dashboard's .streamlit/config.toml (no collection after a run). Server RSS: before the round
    and after the open with every session still connected. `extra_targets` (name -> base URL,
    default $BENCH_MEETING_TARGETS, e.g. a proxy in front of replicas serving the same data) are
    loaded the same way in each round, after a warm-up of 4 sessions (one first run on each of up to
    4 replicas behind a round-robin proxy); a target given as {"url": ..., "pids": [...]} has the
    RSS of those processes summed (e.g. its replicas), one given as a URL has none."""
    sys.path.insert(0, str(BENCH))
    from meeting import meeting

    given = meeting_targets() if extra_targets is None else dict(extra_targets)
    extra = {name: t if isinstance(t, str) else t["url"] for name, t in given.items()}
    extra_pids = {name: list(t.get("pids") or []) for name, t in given.items() if not isinstance(t, str)}
    t0 = time.perf_counter()
    res: dict = {"data_dir": str(data_dir), "page": page, "query": query, "link": f"/{page}?{query}",
                 "sessions": sessions, "rounds": rounds, "widget": CLICK_WIDGET, "targets": {}}
    servers: dict[str, Server] = {}
    try:
        servers["page"] = tracker_server(data_dir)
        probe = meeting(servers["page"].url, page, query, 1, CLICK_WIDGET)
        if probe["errors"] or not probe["widget_options"]:
            raise RuntimeError(f"the link {res['link']} did not open and change: {probe['error_messages']}")
        charts, tables, options = probe["charts"], probe["tables"], probe["widget_options"]
        res.update(charts=charts, tables=tables, options=options)
        servers["floor"] = floor_server(options)
        if same_config_floor:
            servers["floor_same_config"] = floor_server(options, runner=[])
        floor_link = ("", f"charts={charts}&tables={tables}")
        links = {name: (page, query) if name == "page" else floor_link for name in servers}
        for name, server in servers.items():
            if name != "page":
                meeting(server.url, *links[name], 1, CLICK_WIDGET)  # first run of the process: not timed
        urls = {name: s.url for name, s in servers.items()} | extra
        links |= {name: (page, query) for name in extra}
        pids = {name: [s.proc.pid] for name, s in servers.items()} | extra_pids
        runs: dict[str, list[dict]] = {name: [] for name in urls}
        rss: dict[str, list[dict]] = {name: [] for name in pids}
        failed: dict[str, str] = {}
        for name in extra:
            try:
                meeting(urls[name], page, query, 4, CLICK_WIDGET)  # first runs of its processes: not timed
            except Exception as err:  # noqa: BLE001 - an extra target that does not answer is its result
                failed[name] = f"{type(err).__name__}: {err}"
        for _ in range(rounds):
            for name, url in urls.items():
                if name in failed:
                    continue
                total = (lambda ps=tuple(pids[name]): sum(rss_mb(p) for p in ps)) if pids.get(name) else None
                before = total() if total else None
                try:
                    run = meeting(url, *links[name], sessions, CLICK_WIDGET, after_open=total)
                except Exception as err:  # an extra target that does not answer: its result
                    if name in servers:
                        raise
                    failed[name] = f"{type(err).__name__}: {err}"
                    continue
                runs[name].append(run)
                if total:
                    rss[name].append({"before": before, "after_open": run["after_open"]})
        for name in urls:
            about = {"url": urls[name], "extra": name in extra}
            res["targets"][name] = ({"error": failed[name], "sessions": sessions, "rounds": rounds} if name in failed
                                    else _meeting_summary(runs[name], rss.get(name))) | about
    finally:
        for s in servers.values():
            s.stop()
    page = res["targets"]["page"]
    for name, t in res["targets"].items():  # floors: page / floor; extra targets: target / one process
        if name != "page" and t.get("open_p95_ms") and page["open_p95_ms"]:
            pair = (t, page) if t["extra"] else (page, t)
            t["ratio"] = pair[0]["open_p95_ms"] / pair[1]["open_p95_ms"]
            # the same ratio within each round (the load of the machine may drift between rounds)
            t["round_ratios"] = [round(a["open_p95_ms"] / b["open_p95_ms"], 3) for a, b in
                                 zip(pair[0]["runs"], pair[1]["runs"]) if a["open_p95_ms"] and b["open_p95_ms"]]
    res["wall_s"] = time.perf_counter() - t0
    return res


def _large_stamp() -> str:
    """What the large folder is made from: the generator, the schema and the shipped data it copies."""
    h = hashlib.sha256()
    for p in [BENCH / "make_data.py", ROOT / "sql" / "schema.sql", *sorted(SHIPPED.rglob("*"))]:
        if p.is_file():
            h.update(str(p.relative_to(ROOT)).encode() + b"\0" + p.read_bytes())
    return h.hexdigest()


def ensure_large() -> Path:
    """bench/out/large, made by bench/make_data.py when missing or made from other sources."""
    stamp = _large_stamp()
    if not (LARGE / "funding.csv").is_file() or not LARGE_STAMP.is_file() or LARGE_STAMP.read_text() != stamp:
        print("making the large folder (bench/make_data.py)...", flush=True)
        import shutil

        shutil.rmtree(LARGE, ignore_errors=True)
        sys.path.insert(0, str(BENCH))
        from make_data import make

        make(LARGE, **LARGE_SIZE)
        LARGE_STAMP.write_text(stamp)
    return LARGE


# -- budgets and the table ----------------------------------------------------------------------
def budgets(r: dict) -> list[tuple[str, bool, str]]:
    """(budget, met, measured) for every budget that this run measured."""
    out = []
    max_n = BUDGETS["max_points_or_rows"]
    for label in ("shipped", "large", "smoke"):
        res = r.get(label)
        if not res:
            continue
        limit = BUDGETS.get(f"{label}_rerun_ms")
        for name, p in res["pages"].items():
            if "error" in p:
                out.append((f"{label} {name}: the page runs", False, p["error"][:120]))
                continue
            if limit:
                out.append((f"{label} {name}: rerun after a filter change <= {limit:.0f} ms",
                            p["rerun_ms"] <= limit, f"{p['rerun_ms']:.0f} ms"))
            n = p["payload_max"]["max_points_or_rows"]
            out.append((f"{label} {name}: <= {max_n:,} marks or rows per element", n <= max_n,
                        f"{n:,} ({p['payload_max']['largest_element'] or '-'})"))
        out.append((f"{label}: database built once per process", res["builds"] == 1,
                    f"{res['builds']} build(s) for {res['sessions']} sessions"))
    clicks = r.get("browser_click_to_settled_ms") or {}
    ratio = BUDGETS["browser_floor_ratio"]
    for name, p in clicks.items():
        if "error" in p:
            out.append((f"browser {name}: click to settled <= {ratio}x floor", False, p["error"][:120]))
            continue
        out.append((f"browser {name}: click to settled <= {ratio}x floor", p["ratio"] <= ratio,
                    f"{p['ratio']:.2f}x ({p['page_ms']:.0f} vs {p['floor_ms']:.0f} ms)"))
        if p.get("paint_ratio") is None:
            out.append((f"browser {name}: navigation to the last chart drawn <= {ratio}x floor", False,
                        "; ".join(e for e in p["errors"] if e.startswith("navigation"))[:120] or "not measured"))
        else:
            out.append((f"browser {name}: navigation to the last chart drawn <= {ratio}x floor",
                        p["paint_ratio"] <= ratio,
                        f"{p['paint_ratio']:.2f}x ({p['paint_page_ms']:.0f} vs {p['paint_floor_ms']:.0f} ms)"))
    for label, st in r.get("startup", {}).items():
        if label == "large":
            out.append((f"large: first page served <= {BUDGETS['large_first_page_s']:.0f} s after process start, "
                        "database built", st["build_server_first_page_s"] <= BUDGETS["large_first_page_s"],
                        f"{st['build_server_first_page_s']:.1f} s (floor {st['floor_server_first_page_s']:.1f} s; "
                        f"drawn in a new browser {st['build_first_page_s']:.1f} s, floor {st['floor_first_page_s']:.1f} s)"))
            out.append((f"large: first page served <= {BUDGETS['large_file_first_page_s']:.0f} s after process start, "
                        "from the built file", st["server_first_page_s"] <= BUDGETS["large_file_first_page_s"],
                        f"{st['server_first_page_s']:.1f} s (floor {st['floor_server_first_page_s']:.1f} s; "
                        f"drawn in a new browser {st['first_page_s']:.1f} s, floor {st['floor_first_page_s']:.1f} s)"))
            out.append((f"large: server RSS after the first page from the built file <= "
                        f"{BUDGETS['large_file_rss_mb']:.0f} MB", st["rss_mb"] <= BUDGETS["large_file_rss_mb"],
                        f"{st['rss_mb']:.0f} MB (with a build: {st['build_rss_mb']:.0f} MB)"))
        out.append((f"{label}: RSS growth per extra browser session <= {BUDGETS['session_mb']:.0f} MB",
                    st["session_mb"] <= BUDGETS["session_mb"],
                    f"{st['session_mb']:+.1f} MB ({st['extra_sessions']} session{'s' if st['extra_sessions'] != 1 else ''})"))
    if r.get("meeting"):
        out.extend(meeting_budgets(r["meeting"]))
    return out


def _ratio_text(ratio, a, b) -> str:
    return f"{ratio:.2f}x ({_ms(a)} vs {_ms(b)} ms)" if ratio is not None else f"not measured ({_ms(a)} vs {_ms(b)} ms)"


def meeting_budgets(m: dict) -> list[tuple[str, bool, str]]:
    """The meeting's budgets: open p95 beside the floor on one process; every session served
    without an error or an exception shown; open p95 through each extra target (a proxy) beside
    one process."""
    ratio, proxy = BUDGETS["meeting_floor_ratio"], BUDGETS["meeting_proxy_ratio"]
    n = m.get("sessions")
    label = f"meeting: open p95, {n} sessions, one process <= {ratio}x floor"
    if "error" in m:
        return [(label, False, m["error"][:120])]
    targets = m["targets"]
    page, floor = targets["page"], targets["floor"]
    out = [(label, floor.get("ratio") is not None and floor["ratio"] <= ratio,
            _ratio_text(floor.get("ratio"), page["open_p95_ms"], floor["open_p95_ms"]))]
    served = {name: t for name, t in targets.items() if "error" not in t}
    bad = [f"{name}: {t['errors']} errors, {t['exceptions']} exceptions, {t['opened']}/{t['changed']} of "
           f"{t['sessions'] * t['rounds']} opened/changed" for name, t in served.items()
           if t["errors"] or t["exceptions"] or min(t["opened"], t["changed"]) < t["sessions"] * t["rounds"]]
    runs = sum(t["sessions"] * t["rounds"] for t in served.values())
    out.append(("meeting: every session opened and changed, no error, no exception shown", not bad,
                "; ".join(bad)[:160] or f"{runs} sessions on {len(served)} targets"))
    for name, t in targets.items():
        if t["extra"]:
            out.append((f"meeting via {name}: open p95, {n} sessions <= {proxy}x one process",
                        t.get("ratio") is not None and t["ratio"] <= proxy,
                        t["error"][:120] if "error" in t else
                        _ratio_text(t.get("ratio"), t["open_p95_ms"], page["open_p95_ms"])))
    return out


def _ms(v) -> str:
    return f"{v:.0f}" if isinstance(v, (int, float)) else "-"


def table(r: dict) -> str:
    lines = []
    sets = [(k, r[k]) for k in ("shipped", "large", "smoke") if r.get(k)]
    if sets:
        lines.append("Server-side rerun after a sidebar filter change (AppTest, median ms; warm: a view already seen)")
        lines.append(f"{'page':<10} {'data':<8} {'rerun ms':>9} {'warm ms':>8} {'reruns':>6} {'charts':>6} "
                     f"{'tables':>6} {'KB sent':>8} {'max marks/rows':>14}")
    for label, res in sets:
        for name, p in res["pages"].items():
            if "error" in p:
                lines.append(f"{name:<10} {label:<8} ERROR {p['error'][:100]}")
                continue
            pm = p["payload_max"]
            lines.append(f"{name:<10} {label:<8} {_ms(p['rerun_ms']):>9} {_ms(p['warm_rerun_ms']):>8} "
                         f"{len(p['rerun_all_ms']):>6} {pm['charts']:>6} {pm['tables']:>6} "
                         f"{pm['bytes'] / 1024:>8.0f} {pm['max_points_or_rows']:>14,}")
        nv = res.get("naive")
        if nv and "error" in nv:
            lines.append(f"{'naive':<10} {label:<8} ERROR {nv['error'][:100]}")
        elif nv:
            lines.append(f"{'naive':<10} {label:<8} {_ms(nv['rerun_ms']):>9} {'':>8} {len(nv['rerun_all_ms']):>6} "
                         f"{nv['payload']['charts']:>6} {nv['payload']['tables']:>6} "
                         f"{nv['payload']['bytes'] / 1024:>8.0f} {nv['payload']['max_points_or_rows']:>14,}"
                         f"  (pandas per session: first run {nv['first_run_s']:.2f} s, "
                         f"{nv['session_mb']:.0f} MB per session)")
        lines.append(f"  {label}: filters {', '.join(f['key'] for f in res['filters'])}"
                     + (f" (used up: {', '.join(res['filters_exhausted'])})" if res["filters_exhausted"] else "")
                     + f"; database built {res['builds']}x in {res['build_s']:.2f} s; RSS after pages "
                       f"{res['rss_after_pages_mb']:.0f} MB; AppTest session {res['apptest_session_mb']:+.1f} MB")
    clicks = r.get("browser_click_to_settled_ms")
    if clicks:
        about = r["browser_click_to_settled"]
        lines.append("")
        lines.append(f"Browser click to settled, sidebar \"{about['widget']}\" pick/remove (headless Chromium, median "
                     f"ms of {about['reps']} clicks, {about['quiet_ms']} ms quiet period not counted; "
                     f"{Path(about['data_dir']).name}/)")
        lines.append(f"{'page':<10} {'charts':>6} {'tables':>6} {'page ms':>8} {'floor ms':>9} {'ratio':>6} "
                     f"{'page idle':>9} {'floor idle':>10} {'paint ms':>9} {'floor':>6} {'ratio':>6} "
                     f"{'+side':>6} {'ratio':>6}")
        for name, p in clicks.items():
            if "error" in p:
                lines.append(f"{name:<10} {p['charts']:>6} {p['tables']:>6} ERROR {p['error'][:100]}")
                continue
            lines.append(f"{name:<10} {p['charts']:>6} {p['tables']:>6} {p['page_ms']:>8.0f} {p['floor_ms']:>9.0f} "
                         f"{p['ratio']:>6.2f} {p['page_idle_ms']:>9.0f} {p['floor_idle_ms']:>10.0f} "
                         f"{_ms(p['paint_page_ms']):>9} {_ms(p['paint_floor_ms']):>6} "
                         f"{p['paint_ratio'] or 0:>6.2f} {_ms(p.get('paint_side_floor_ms')):>6} "
                         f"{p.get('paint_side_ratio') or 0:>6.2f}")
        lines.append("  paint: a new navigation to the page's default view, to the last chart and table drawn; "
                     "+side: the floor with a bare widget of each kind the page's sidebar holds, in its order (no "
                     "budget), and the page's ratio to it")
    for label, st in r.get("startup", {}).items():
        lines.append(f"  startup {label}: with a build: first page served {st['build_server_first_page_s']:.2f} s, "
                     f"first chart {st['build_first_page_s']:.2f} s, RSS {st['build_rss_mb']:.0f} MB; from the built "
                     f"file: health {st['health_s']:.2f} s, first page served {st['server_first_page_s']:.2f} s, first "
                     f"chart {st['first_page_s']:.2f} s, RSS {st['rss_mb']:.0f} MB, {st['session_mb']:+.1f} MB per extra "
                     f"browser session ({st['extra_sessions']}), extra session page {st['extra_session_page_s'] or 0:.2f} s; "
                     f"the bare floor page started the same way: health {st['floor_health_s']:.2f} s, first page served "
                     f"{st['floor_server_first_page_s']:.2f} s, first chart {st['floor_first_page_s']:.2f} s")
    if r.get("meeting"):
        lines.extend(meeting_table(r["meeting"]))
    return "\n".join(lines)


def meeting_table(m: dict) -> list[str]:
    head = (f"Meeting: {m.get('sessions')} sessions open {m.get('link', '')} at once over the websocket, then each "
            f"changes \"{m.get('widget', CLICK_WIDGET)}\" (ms, nearest-rank percentiles over every session of "
            f"{m.get('rounds')} round(s))")
    lines = ["", head]
    if "error" in m:
        return lines + [f"ERROR {m['error'][:300]}"]
    lines[-1] += f"; {m['charts']} chart(s), {m['tables']} table(s); {Path(m['data_dir']).name}/"
    lines.append(f"{'target':<18} {'open p50':>8} {'open p95':>8} {'chg p50':>8} {'chg p95':>8} {'start p50':>9} "
                 f"{'errors':>6} {'exc.':>5} {'RSS MB':>7} {'MB/sess':>7} {'ratio':>6}")
    for name, t in m["targets"].items():
        if "error" in t:
            lines.append(f"{name:<18} ERROR {t['error'][:200]}")
            continue
        rss = (f"{t['rss_after_open_mb']:>7.0f} {t['session_mb']:>7.2f}" if "rss_after_open_mb" in t
               else f"{'-':>7} {'-':>7}")
        ratio = f"{t['ratio']:>6.2f}" if t.get("ratio") is not None else f"{'':>6}"
        lines.append(f"{name:<18} {_ms(t['open_p50_ms']):>8} {_ms(t['open_p95_ms']):>8} {_ms(t['change_p50_ms']):>8} "
                     f"{_ms(t['change_p95_ms']):>8} {_ms(t['open_start_p50_ms']):>9} {t['errors']:>6} "
                     f"{t['exceptions']:>5} {rss} {ratio}")
    lines.append("  ratio: page open p95 / the floor's (floor: Streamlit as it ships, a full collection after every "
                 "run; floor_same_config: the dashboard's runner options); an extra target's open p95 / the page's")
    lines.append("  start p50: from the send to the run's first message (new_session)")
    sample = m["targets"]["page"].get("sample")
    if sample:
        lines.append(f"  page change, e.g. {sample['from']} -> {sample['to']}: {sample['showing_after']} "
                     f"(link {sample['query_after']})")
    for name, t in m["targets"].items():
        for msg in (t.get("error_messages", []) + t.get("exception_messages", []))[:3]:
            lines.append(f"  {name}: {msg}")
    return lines


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Benchmark the dashboard against its budgets.")
    ap.add_argument("--quick", action="store_true", help="fewer repetitions and sessions")
    ap.add_argument("--smoke", action="store_true",
                    help="that it runs, on --data: AppTest on every page, the browser on the first page once")
    ap.add_argument("--data", type=Path, help="data folder (with --smoke) or the large folder to use")
    ap.add_argument("--out", type=Path, default=None,
                    help="result file (default bench/out/result.json; with --meeting-only bench/out/meeting.json)")
    ap.add_argument("--no-browser", action="store_true", help="skip the browser measures (Playwright)")
    ap.add_argument("--meeting-only", action="store_true",
                    help="only the meeting load (shipped data, or --data): N sessions open one link at once, then "
                         "each changes a filter, beside the floor; extra targets from $" + MEETING_TARGETS_ENV)
    ap.add_argument("--no-meeting", action="store_true", help="skip the meeting load")
    ap.add_argument("--meeting-sessions", type=int, default=None, help="sessions of the meeting (default 50; "
                    "--quick 20, --smoke 5)")
    ap.add_argument("--meeting-rounds", type=int, default=None, help="meeting rounds (default 2; --quick, --smoke 1)")
    ap.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--rounds", type=int, default=None, help=argparse.SUPPRESS)
    ap.add_argument("--sessions", type=int, default=None, help=argparse.SUPPRESS)
    ap.add_argument("--json", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--no-naive", action="store_true", help=argparse.SUPPRESS)
    a = ap.parse_args(argv)
    OUT.mkdir(parents=True, exist_ok=True)
    a.out = a.out or OUT / ("meeting.json" if a.meeting_only else "result.json")
    mode = "smoke" if a.smoke else "quick" if a.quick else "full"
    meeting_sessions = a.meeting_sessions or MEETING_SESSIONS[mode]
    meeting_rounds = a.meeting_rounds or (2 if mode == "full" else 1)

    def run_meeting(data_dir: Path) -> dict:
        """The meeting on one process, and (but with --smoke) through HAProxy to 2 replicas
        (tracker/hosting.py, as `make replicas N=2` runs them) on the same data."""
        t1 = time.perf_counter()
        cluster = None
        try:
            targets = None
            if mode != "smoke" and not meeting_targets():
                cluster = Cluster(2, data_dir).start()
                targets = {"proxy_2_replicas": {"url": cluster.url, "pids": [r.pid for r in cluster.replicas]}}
            m = meeting_load(data_dir, meeting_sessions, meeting_rounds, extra_targets=targets,
                             same_config_floor=mode != "smoke")
        except Exception as err:  # noqa: BLE001 - a failed meeting is a result, not the end of the bench
            m = {"error": f"{type(err).__name__}: {err}", "sessions": meeting_sessions, "rounds": meeting_rounds}
        finally:
            if cluster is not None:
                cluster.stop()
        print(f"meeting measured ({time.perf_counter() - t1:.0f} s)", flush=True)
        return m

    if a.worker:
        res = worker(a.data, a.rounds, a.sessions, not a.no_naive)
        a.json.write_text(json.dumps(res, indent=1, default=str))
        return 0

    rounds = 1 if a.smoke or a.quick else 2  # AppTest: changes of every sidebar filter per page
    clicks = 1 if a.smoke else (4 if a.quick else 12)  # browser: clicks per page (pick, remove, ...)
    sessions = 2 if a.smoke or a.quick else 5
    t0 = time.perf_counter()
    r: dict = {"quick": a.quick, "smoke": a.smoke, "rounds": rounds, "clicks": clicks, "budget_limits": BUDGETS,
               "measured": {
                   "rerun_ms": "AppTest, server side: median rerun after one sidebar filter is set to a value not "
                               "used before in the process (every filter in turn, the others at their default), so "
                               "no kept query result is hit; warm_rerun_ms: back and forth between two views "
                               "already seen",
                   "browser_click_to_settled_ms": "headless Chromium: median time from the pointerdown of a pick "
                               "(or removal) in the sidebar multiselect to the page settled (script idle after the "
                               "rerun's messages, then no DOM mutation for quiet_ms, which is not counted), beside "
                               "bench/floor_app.py with as many charts and tables, clicked alternately",
                   "startup": "process start of `python -m tracker serve` to its first page served (one websocket "
                              "session's script_finished, as the meeting's; the budgets) and to the first Plotly chart "
                              "drawn in a new headless Chromium (printed beside), on a new cache folder: with the "
                              "database to build, then from the built file (as every later process and replica); "
                              "beside the bare floor page started the same way; RSS after the first page; RSS growth "
                              "per extra browser session",
                   "meeting": "bench/meeting.py: N websocket sessions open one link at the same moment (rerun_script "
                              "to script_finished), then each changes the sidebar Pillar multiselect; p50/p95 over "
                              "the sessions, errors, exceptions shown, server RSS after the open; beside "
                              "bench/floor_app.py with as many charts and tables, loaded the same way"},
               "startup": {}}
    if a.meeting_only:  # the AppTest and browser keys are not this run's (budgets() reads r["smoke"] as a result)
        for key in ("quick", "smoke", "rounds", "clicks"):
            r.pop(key)
        r["mode"] = mode
        r["meeting"] = run_meeting((a.data or SHIPPED).resolve())
    elif a.smoke:
        if not a.data:
            ap.error("--smoke needs --data DIR")
        data = a.data.resolve()
        r["smoke"] = run_worker(data, rounds, sessions, naive=True)
        if not a.no_browser:
            first = [p for p in r["smoke"]["page_list"] if p["default"]] or r["smoke"]["page_list"][:1]
            b = browser_clicks(data, first, clicks)
            r["browser_click_to_settled_ms"], r["browser_click_to_settled"] = b["pages"], b["about"]
        if not a.no_meeting:
            r["meeting"] = run_meeting(data)
    else:
        r["shipped"] = run_worker(SHIPPED, rounds, sessions, naive=True)
        print(f"shipped data measured with AppTest ({r['shipped']['wall_s']:.0f} s)", flush=True)
        large = (a.data or ensure_large()).resolve()
        r["large"] = run_worker(large, rounds, sessions, naive=True)
        print(f"large data measured with AppTest ({r['large']['wall_s']:.0f} s)", flush=True)
        if not a.no_browser:
            t1 = time.perf_counter()
            b = browser_clicks(SHIPPED, r["shipped"]["page_list"], clicks)
            r["browser_click_to_settled_ms"], r["browser_click_to_settled"] = b["pages"], b["about"]
            print(f"browser clicks measured ({time.perf_counter() - t1:.0f} s)", flush=True)
            r["startup"]["shipped"] = startup(SHIPPED, sessions)
            r["startup"]["large"] = startup(large, sessions)
            print("startup measured", flush=True)
        if not a.no_meeting:
            r["meeting"] = run_meeting(SHIPPED)
    checks = budgets(r)
    r["budgets"] = [{"budget": b, "met": ok, "measured": m} for b, ok, m in checks]
    misses = [b for b, ok, _ in checks if not ok]
    r["all_met"] = not misses
    r["wall_s"] = time.perf_counter() - t0
    a.out.parent.mkdir(parents=True, exist_ok=True)
    a.out.write_text(json.dumps(r, indent=1, default=str))
    print(table(r))
    print()
    for b, ok, m in checks:
        print(f"{'PASS' if ok else 'FAIL'}  {b:<66} {m}")
    print()
    print("all budgets met" if not misses else f"budgets missed ({len(misses)} of {len(checks)}):\n  "
          + "\n  ".join(misses))
    print(f"(result: {a.out}, {r['wall_s']:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
