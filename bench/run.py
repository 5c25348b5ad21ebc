"""Benchmark the dashboard against its budgets; prints a table and writes bench/out/result.json.

    python bench/run.py            # full run: shipped data and the large folder (`make bench`)
    python bench/run.py --quick    # fewer repetitions and extra sessions (`make bench-quick`)
    python bench/run.py --quick --smoke --data DIR   # only checks that it runs (tests)

What is measured (each data set in its own subprocess, since the database is per process):
- rerun: the median server-side time of a page's rerun after a sidebar filter change, with
  AppTest (one instance per page, compiled scripts kept between runs as `streamlit run` does):
  one filter at a time is set (in turn pillar, actor, status, instrument, as-of date, search),
  each to a value not used before in the process, so no kept query result is hit (the cold
  cost of a new view); "warm" goes back and forth between two views already seen.
  Each page has its own floor: bench/floor_app.py drawing the page's skeleton (the same
  widgets and elements, counted under AppTest, with tiny content, and as many tiny Plotly
  charts), no data. Page and floor reruns alternate, so the ratio of their
  medians is measured under the same load. The naive app (bench/naive_app.py: pandas per
  session) is timed the same way in the same subprocess.
- payload: what a page sends to the browser, from the AppTest element protos: Plotly figure
  JSON bytes plus dataframe Arrow bytes, and the most points (of one trace) or rows (of one
  table) in any element, on the unfiltered view and after every filter change.
- builds: how many times tracker.load.build ran in the process (must be 1 however many
  sessions and pages ran).
- startup: `streamlit run` as a subprocess, /_stcore/health polled, the page loaded in
  headless Chromium (Playwright) until the first `.js-plotly-plot` exists; then N extra
  browser contexts, and the server's RSS growth / N.
"""
from __future__ import annotations

import argparse
import datetime as dt
import base64
import gc
import itertools
import json
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
OUT = BENCH / "out"
SHIPPED = ROOT / "data"
LARGE = OUT / "large"
LARGE_SIZE = {"measures": 100_000, "funding": 1_000_000, "deadlines": 300_000}
PILLARS = ["public-spaces", "explosives-finance", "cbrn", "encryption", "radicalisation", "external", "cross-cutting"]
MAX_POINTS = 5_000
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]

BUDGETS = {
    "shipped_rerun_ms": 150.0,
    "shipped_floor_ratio": 2.0,
    "large_rerun_ms": 500.0,
    "large_first_page_s": 10.0,
    "session_mb": 50.0,
}


def pages() -> list[tuple[str, str]]:
    """(name, path) of every page of dashboard.py, in its order (names without '_page')."""
    text = (ROOT / "dashboard.py").read_text(encoding="utf-8")
    found = re.findall(r"st\.Page\(\s*[\"'](pages/[\w/]+\.py)[\"']", text)
    return [(Path(p).stem.removesuffix("_page"), p) for p in found]


def rss_mb(pid: int | None = None) -> float:
    status = Path(f"/proc/{pid or os.getpid()}/status").read_text()
    return int(re.search(r"VmRSS:\s+(\d+) kB", status).group(1)) / 1024


# -- in the worker subprocess --------------------------------------------------------------
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
    table_bytes = 0
    for kind in ("dataframe", "table"):
        for el in getattr(at, kind):
            proto = el.proto
            if kind == "dataframe" and proto.HasField("lazy_data"):  # rows fetched by page: the first chunk is sent
                data = proto.lazy_data.initial_chunk.data
            else:
                data = proto.arrow_data.data if kind == "dataframe" else proto.data
            table_bytes += len(data)
            rows = pa.ipc.open_stream(data).read_all().num_rows if data else 0
            if rows > biggest:
                biggest, worst = rows, f"{kind} {el.proto.id[-20:] if hasattr(el.proto, 'id') else ''}".strip()
    return {"charts": len(charts), "chart_bytes": chart_bytes, "table_bytes": table_bytes,
            "bytes": chart_bytes + table_bytes, "max_points_or_rows": biggest, "largest_element": worst}


SKELETON_SKIP = {"root", "main", "sidebar", "event", "unknown"}


def skeleton(at) -> dict[str, int]:
    """How many elements of each kind the page draws in its main area (the floor draws the
    sidebar itself)."""
    counts: dict[str, int] = {}

    def walk(node):
        kind = getattr(node, "type", "unknown")
        if kind not in SKELETON_SKIP:
            counts[kind] = counts.get(kind, 0) + 1
        children = getattr(node, "children", None)
        for child in (children.values() if isinstance(children, dict) else []):
            walk(child)

    walk(at.main)
    return counts


def _combos():
    """Every non-empty pillar combination (127), in a fixed shuffled order (the floor's filter
    changes: the floor has no cache, any value will do)."""
    out = [list(c) for r in range(1, len(PILLARS) + 1) for c in itertools.combinations(PILLARS, r)]
    random.Random(7).shuffle(out)
    return itertools.cycle(out)


FILTER_KINDS = ("pillar", "actor", "status", "instrument", "as_of", "q")


def _changes(ch, words: list[str], seed: int = 7):
    """Filter changes as people make them: one filter at a time, in turn pillar, actor, status
    at publication, funding instrument, as-of date and search text, each to a value not used
    before in the process, so that no query result is kept from an earlier run. Each change
    is a dict of the one filter that differs from its default."""
    rng = random.Random(seed)
    seen: set[tuple[str, str]] = set()

    def draw(kind: str):
        if kind == "as_of":
            return ch.package_date + dt.timedelta(days=rng.randint(-200, 1200))
        if kind == "q":
            return rng.choice(words)
        options = {"pillar": list(ch.pillars), "actor": list(ch.actors), "status": list(ch.statuses),
                   "instrument": list(ch.instruments)}[kind]
        return sorted(rng.sample(options, min(len(options), rng.choice((1, 1, 2)))))

    while True:
        for kind in FILTER_KINDS:
            for _ in range(200):
                value = draw(kind)
                if (kind, repr(value)) not in seen:
                    break
            seen.add((kind, repr(value)))
            yield {kind: value}


def _set_filters(at, change: dict, defaults: dict) -> None:
    """Set the sidebar widgets to `change`, every other filter back at its default."""
    for key, default in defaults.items():
        value = change.get(key, default)
        if key == "as_of":
            widget = at.date_input(key="as_of")
        elif key == "q":
            widget = at.text_input(key="q")
        else:
            widget = at.multiselect(key=key)
        if widget.value != value:
            widget.set_value(value)


def _time_reruns(at, changes, reps: int, on_each=None, cap_s: float = 60.0, defaults: dict | None = None) -> list[float]:
    """Rerun times (ms) after each of the next `reps` filter changes (a pillar list, or a dict
    of filters with `defaults`); stops early once the reruns took cap_s seconds (a page far
    over budget does not stall the run)."""
    times: list[float] = []
    for _ in range(reps):
        if sum(times) > cap_s * 1000:
            break
        change = next(changes)
        if defaults is None:
            at.multiselect(key="pillar").set_value(change)
        else:
            _set_filters(at, change, defaults)
        t0 = time.perf_counter()
        at.run()
        times.append((time.perf_counter() - t0) * 1000)
        if at.exception:
            raise RuntimeError(f"exception after {change}: {at.exception[0].message}")
        if on_each:
            on_each(at)
    return times


def worker(data_dir: Path, reps: int, sessions: int, naive: bool) -> dict:
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
    import tracker.ui as ui

    builds = {"n": 0, "s": 0.0}
    real_build = ui.build

    def counting_build(*a, **k):
        t0 = time.perf_counter()
        db = real_build(*a, **k)
        builds["n"] += 1
        builds["s"] += time.perf_counter() - t0
        return db

    ui.build = counting_build
    import tracker.queries as queries

    db = ui._load(str(ui.data_dir()))
    ch = queries.choices(db)
    words = [w for (w,) in db.cursor().execute(
        "select distinct w from (select unnest(string_split(lower(title), ' ')) as w from measure_lines) "
        "where length(w) >= 6 order by w limit 300").fetchall()]
    defaults = {"pillar": [], "actor": [], "status": [], "instrument": [], "as_of": ch.package_date, "q": ""}
    changes = _changes(ch, words)
    result: dict = {"data_dir": str(data_dir), "reps": reps, "pages": {}, "filter_kinds": list(FILTER_KINDS)}
    rss0 = rss_mb()
    for name, path in pages():
        at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=300)
        at.run()
        ui._load(str(ui.data_dir())).wait()  # reruns are timed on the complete database (tracker/load.py)
        at.switch_page(path).run()
        if at.exception:
            raise RuntimeError(f"{name}: {at.exception[0].message}")
        first = payload(at)
        worst = dict(first)

        def track(a, worst=worst):
            p = payload(a)
            if p["max_points_or_rows"] > worst["max_points_or_rows"] or p["bytes"] > worst["bytes"]:
                worst.update({k: max(worst[k], p[k]) if isinstance(p[k], int) else p[k] for k in p
                              if k != "charts"})

        # the floor of this page: its skeleton with tiny content (bench/floor_app.py)
        shape = skeleton(at)
        floor = AppTest.from_file(str(BENCH / "floor_app.py"), default_timeout=60)
        floor.query_params["skeleton"] = ",".join(f"{k}:{n}" for k, n in sorted(shape.items()))
        floor.run()
        floor_combos = _combos()
        _time_reruns(at, changes, 1, defaults=defaults)  # warm-up: first use of this page's code paths
        _time_reruns(floor, floor_combos, 1)
        used: list[dict] = []
        times, floor_times = [], []
        for _ in range(reps):  # page and floor alternate, so both see the same machine load
            times += _time_reruns(at, _recording(changes, used), 1, track, defaults=defaults)
            floor_times += _time_reruns(floor, floor_combos, 1)
        # warm: back and forth between two views already seen (their results are kept)
        warm = _time_reruns(at, itertools.cycle(used[-2:]), reps, defaults=defaults)
        result["pages"][name] = {"rerun_ms": statistics.median(times), "rerun_all_ms": [round(t, 1) for t in times],
                                 "warm_rerun_ms": statistics.median(warm),
                                 "floor_ms": statistics.median(floor_times),
                                 "floor_all_ms": [round(t, 1) for t in floor_times],
                                 "skeleton": shape, "payload_unfiltered": first, "payload_max": worst}
    result["rss_after_pages_mb"] = rss_mb()
    result["rss_before_mb"] = rss0

    # extra sessions (AppTest, same process): RSS growth per session on the overview
    keep = []
    gc.collect()
    before = rss_mb()
    for _ in range(sessions):
        at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=300)
        at.run()
        keep.append(at)
    result["apptest_session_mb"] = (rss_mb() - before) / max(1, sessions)
    result["builds"] = builds["n"]
    result["build_s"] = builds["s"]

    if naive:
        at = AppTest.from_file(str(BENCH / "naive_app.py"), default_timeout=300)
        del keep
        gc.collect()
        before = rss_mb()
        t0 = time.perf_counter()
        at.run()
        first_s = time.perf_counter() - t0
        naive_session_mb = rss_mb() - before
        _time_reruns(at, changes, 1, defaults=defaults)
        times = _time_reruns(at, changes, reps, defaults=defaults)
        result["naive"] = {"first_run_s": first_s, "rerun_ms": statistics.median(times),
                           "session_mb": naive_session_mb, "payload": payload(at)}
    return result


def _recording(it, into: list):
    for value in it:
        into.append(value)
        yield value


# -- in the main process ---------------------------------------------------------------------
def run_worker(data_dir: Path, reps: int, sessions: int, naive: bool) -> dict:
    out = OUT / f"worker-{data_dir.name}.json"
    cmd = [sys.executable, str(Path(__file__).resolve()), "--worker", "--data", str(data_dir), "--reps", str(reps),
           "--sessions", str(sessions), "--json", str(out)] + ([] if naive else ["--no-naive"])
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    if proc.returncode != 0:
        raise RuntimeError(f"worker on {data_dir} failed:\n{proc.stderr[-4000:]}")
    res = json.loads(out.read_text())
    res["wall_s"] = time.perf_counter() - t0
    return res


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


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def startup(data_dir: Path, extra_sessions: int) -> dict:
    """Process start -> first chart in the browser; RSS; RSS growth per extra browser session."""
    from playwright.sync_api import sync_playwright

    port = _free_port()
    env = {**os.environ, "TRACKER_DATA_DIR": str(data_dir)}
    cmd = [sys.executable, "-m", "tracker", "serve", "--server.headless", "true",  # the command of `make run`
           "--server.port", str(port), "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false"]
    url = f"http://127.0.0.1:{port}/"
    idle = ('[data-testid="stApp"][data-test-connection-state="CONNECTED"]'
            '[data-test-script-state="notRunning"]')
    res: dict = {"data_dir": str(data_dir)}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        t0 = time.perf_counter()
        server = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            deadline = t0 + 120
            while True:
                try:
                    with urllib.request.urlopen(url + "_stcore/health", timeout=2) as r:
                        if r.status == 200:
                            break
                except OSError:
                    pass
                if time.perf_counter() > deadline or server.poll() is not None:
                    raise RuntimeError("the server did not become healthy")
                time.sleep(0.05)  # polling interval of the health endpoint, not a synchronisation
            res["health_s"] = time.perf_counter() - t0
            page = browser.new_page()
            page.goto(url)
            page.wait_for_selector(".js-plotly-plot", timeout=120_000)
            res["first_page_s"] = time.perf_counter() - t0
            page.wait_for_selector(idle, timeout=120_000)
            res["rss_mb"] = settled_rss(server.pid)  # the large tables may still be filling
            contexts, loads = [], []
            for _ in range(extra_sessions):
                ctx = browser.new_context()
                p = ctx.new_page()
                t1 = time.perf_counter()
                p.goto(url)
                p.wait_for_selector(".js-plotly-plot", timeout=120_000)
                p.wait_for_selector(idle, timeout=120_000)
                loads.append(time.perf_counter() - t1)
                contexts.append(ctx)
            res["extra_sessions"] = extra_sessions
            res["rss_after_sessions_mb"] = rss_mb(server.pid)
            res["session_mb"] = (res["rss_after_sessions_mb"] - res["rss_mb"]) / max(1, extra_sessions)
            res["extra_session_page_s"] = statistics.median(loads) if loads else None
            for ctx in contexts:
                ctx.close()
        finally:
            server.terminate()
            try:
                server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                server.kill()
            browser.close()
    return res


def ensure_large() -> Path:
    marker = LARGE / "funding.csv"
    if not marker.is_file():
        sys.path.insert(0, str(BENCH))
        from make_data import make
        make(LARGE, **LARGE_SIZE)
    return LARGE


def budgets(r: dict) -> list[tuple[str, bool, str]]:
    """(budget, met, measured) for every budget that this run measured."""
    out = []
    sh, lg = r.get("shipped"), r.get("large")
    if sh:
        for name, p in sh["pages"].items():
            floor = p["floor_ms"]
            out.append((f"shipped {name}: rerun <= {BUDGETS['shipped_rerun_ms']:.0f} ms",
                        p["rerun_ms"] <= BUDGETS["shipped_rerun_ms"], f"{p['rerun_ms']:.0f} ms"))
            out.append((f"shipped {name}: rerun <= {BUDGETS['shipped_floor_ratio']:.0f}x floor",
                        p["rerun_ms"] <= BUDGETS["shipped_floor_ratio"] * floor,
                        f"{p['rerun_ms'] / floor:.2f}x ({floor:.0f} ms floor)"))
    for label, res in (("shipped", sh), ("large", lg)):
        if not res:
            continue
        for name, p in res["pages"].items():
            n = p["payload_max"]["max_points_or_rows"]
            out.append((f"{label} {name}: <= {MAX_POINTS:,} points/rows per element", n <= MAX_POINTS,
                        f"{n:,} ({p['payload_max']['largest_element']})"))
        out.append((f"{label}: database built once per process", res["builds"] == 1,
                    f"{res['builds']} build(s) for {len(res['pages']) + res['sessions']} sessions"))
    if lg:
        for name, p in lg["pages"].items():
            out.append((f"large {name}: rerun <= {BUDGETS['large_rerun_ms']:.0f} ms",
                        p["rerun_ms"] <= BUDGETS["large_rerun_ms"], f"{p['rerun_ms']:.0f} ms"))
    for label in ("shipped", "large"):
        st = r.get("startup", {}).get(label)
        if not st:
            continue
        if label == "large":
            out.append((f"large: first page rendered <= {BUDGETS['large_first_page_s']:.0f} s",
                        st["first_page_s"] <= BUDGETS["large_first_page_s"], f"{st['first_page_s']:.1f} s"))
        out.append((f"{label}: memory per extra session <= {BUDGETS['session_mb']:.0f} MB",
                    st["session_mb"] <= BUDGETS["session_mb"],
                    f"{st['session_mb']:.1f} MB ({st['extra_sessions']} browser sessions)"))
    for label in ("shipped", "large"):
        res = r.get(label)
        if res and not r.get("startup", {}).get(label):
            out.append((f"{label}: memory per extra session <= {BUDGETS['session_mb']:.0f} MB",
                        res["apptest_session_mb"] <= BUDGETS["session_mb"],
                        f"{res['apptest_session_mb']:.1f} MB (AppTest sessions)"))
    return out


def table(r: dict) -> str:
    lines = []
    sets = [(k, r[k]) for k in ("shipped", "large", "smoke") if r.get(k)]
    lines.append(f"{'page':<10} {'data':<8} {'rerun ms':>9} {'warm ms':>8} {'floor ms':>9} {'x floor':>8} {'warm x':>7} "
                 f"{'charts':>6} {'KB sent':>9} {'max pts/rows':>12}")
    for label, res in sets:
        for name, p in res["pages"].items():
            n = p["payload_unfiltered"]["charts"]
            floor = p["floor_ms"]
            lines.append(f"{name:<10} {label:<8} {p['rerun_ms']:>9.0f} {p['warm_rerun_ms']:>8.0f} {floor:>9.1f} "
                         f"{p['rerun_ms'] / floor:>8.2f} {p['warm_rerun_ms'] / floor:>7.2f} "
                         f"{n:>6} {p['payload_max']['bytes'] / 1024:>9.1f} "
                         f"{p['payload_max']['max_points_or_rows']:>12,}")
        if res.get("naive"):
            nv = res["naive"]
            ov = res["pages"].get("overview", {}).get("rerun_ms")
            ratio = f"{nv['rerun_ms'] / ov:.1f}x the overview" if ov else ""
            lines.append(f"{'naive':<10} {label:<8} {nv['rerun_ms']:>9.0f} {'':>8} {'':>9} {'':>8} {'':>7} "
                         f"{nv['payload']['charts']:>6} "
                         f"{nv['payload']['bytes'] / 1024:>9.1f} {nv['payload']['max_points_or_rows']:>12,}  "
                         f"({ratio}; first run {nv['first_run_s']:.2f} s, {nv['session_mb']:.0f} MB per session)")
        lines.append(f"  {label}: database built {res['builds']}x in {res['build_s']:.2f} s; RSS after pages "
                     f"{res['rss_after_pages_mb']:.0f} MB; AppTest session {res['apptest_session_mb']:.1f} MB")
    for label, st in r.get("startup", {}).items():
        lines.append(f"  startup {label}: health {st['health_s']:.2f} s, first chart {st['first_page_s']:.2f} s, "
                     f"RSS {st['rss_mb']:.0f} MB, {st['session_mb']:+.1f} MB per extra browser session "
                     f"({st['extra_sessions']}), extra session page {st['extra_session_page_s'] or 0:.2f} s")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Benchmark the dashboard against its budgets.")
    ap.add_argument("--quick", action="store_true", help="fewer repetitions and sessions")
    ap.add_argument("--smoke", action="store_true", help="only check that it runs, on --data, without a browser")
    ap.add_argument("--data", type=Path, help="data folder (with --smoke, or for --worker)")
    ap.add_argument("--out", type=Path, default=OUT / "result.json")
    ap.add_argument("--no-browser", action="store_true", help="skip the startup measures (Playwright)")
    ap.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--reps", type=int, default=None, help=argparse.SUPPRESS)
    ap.add_argument("--sessions", type=int, default=None, help=argparse.SUPPRESS)
    ap.add_argument("--json", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--no-naive", action="store_true", help=argparse.SUPPRESS)
    a = ap.parse_args(argv)
    OUT.mkdir(parents=True, exist_ok=True)
    if a.worker:
        res = worker(a.data, a.reps, a.sessions, not a.no_naive)
        res["sessions"] = a.sessions
        a.json.write_text(json.dumps(res, indent=1, default=str))
        return 0

    reps = 1 if a.smoke else (5 if a.quick else 15)
    sessions = 2 if a.smoke or a.quick else 5
    t0 = time.perf_counter()
    r: dict = {"quick": a.quick, "smoke": a.smoke, "reps": reps, "budgets_ms": BUDGETS,
               "measured": "cold rerun: one filter of each kind in turn (pillar, actor, status, instrument, as-of "
                           "date, search) set to a value not used before in the process, so no query result is "
                           "kept; warm: back and forth between two views already seen", "startup": {}}
    if a.smoke:
        if not a.data:
            ap.error("--smoke needs --data DIR")
        r["smoke"] = run_worker(a.data.resolve(), reps, sessions, naive=True)
    else:
        r["shipped"] = run_worker(SHIPPED, reps, sessions, naive=True)
        print(f"shipped data measured ({r['shipped']['wall_s']:.0f} s)", flush=True)
        large = (a.data or ensure_large()).resolve()
        r["large"] = run_worker(large, reps, sessions, naive=not a.quick)
        print(f"large data measured ({r['large']['wall_s']:.0f} s)", flush=True)
        if not a.no_browser:
            r["startup"]["shipped"] = startup(SHIPPED, sessions)
            r["startup"]["large"] = startup(large, sessions)
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
        print(f"{'PASS' if ok else 'FAIL'}  {b:<58} {m}")
    print()
    print("all budgets met" if not misses else "budgets missed:\n  " + "\n  ".join(misses))
    print(f"(result: {a.out}, {r['wall_s']:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
