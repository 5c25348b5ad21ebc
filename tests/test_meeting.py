"""The meeting load client (bench/meeting.py) against a real server on the tiny fixture folder:
sessions open a link with a filter at once over Streamlit's websocket, then each changes the
sidebar "Pillar" multiselect; every run finishes, nothing fails, the change really changes the
view. And the bench's meeting lines (bench/run.py) on a made-up result."""
from __future__ import annotations

import importlib.util
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
TINY = ROOT / "tests" / "fixtures" / "tiny"
sys.path.insert(0, str(ROOT / "bench"))

import meeting as mt

LINK = "pillar=alpha&as_of=2018-06-30"


def _load_run():
    spec = importlib.util.spec_from_file_location("bench_run", ROOT / "bench" / "run.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@pytest.fixture(scope="module")
def server():
    """`python -m tracker serve` on the tiny folder, on a free loopback port."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    cmd = [sys.executable, "-m", "tracker", "serve", "--server.port", str(port), "--server.address", "127.0.0.1",
           "--server.headless", "true", "--server.fileWatcherType", "none", "--browser.gatherUsageStats", "false"]
    proc = subprocess.Popen(cmd, cwd=ROOT, env={**os.environ, "TRACKER_DATA_DIR": str(TINY)},
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 40
    try:
        while True:
            try:
                with urllib.request.urlopen(url + "/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the server did not answer on {url} (exit code {proc.poll()})")
            time.sleep(0.1)  # polling interval of the health endpoint
        yield url
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=15)


def test_three_sessions_open_a_link_and_change_a_filter(server):
    seen = []
    r = mt.meeting(server, "timeline", LINK, sessions=3, after_open=lambda: seen.append(1) or "called", timeout=45)

    assert {"sessions", "open_p50_ms", "open_p95_ms", "change_p50_ms", "change_p95_ms", "errors", "error_messages",
            "exceptions", "exception_messages", "error_alerts", "wall_s", "charts", "tables", "sample",
            "after_open", "open_start_p50_ms"} <= set(r)
    assert r["errors"] == 0, r["error_messages"]
    assert r["exceptions"] == 0, r["exception_messages"]
    assert r["error_alerts"] == 0
    assert r["sessions"] == r["connected"] == r["opened"] == r["changed"] == 3
    assert len(r["open_all_ms"]) == len(r["change_all_ms"]) == 3
    assert 0 < r["open_p50_ms"] <= r["open_p95_ms"] == pytest.approx(max(r["open_all_ms"]), abs=1)  # nearest rank
    assert 0 < r["change_p50_ms"] <= r["change_p95_ms"]
    assert r["open_start_p50_ms"] <= r["open_p50_ms"]
    assert r["charts"] >= 1 and r["tables"] >= 1  # the timeline's chart and deadlines table
    assert seen == [1] and r["after_open"] == "called"
    assert r["widget"] == "Pillar" and r["widget_options"] == ["Alpha", "Beta"]

    # the widget change changed the view: the sentence names the new pillar, the app wrote the new link
    s = r["sample"]
    assert s["from"] == ["Alpha"] and s["to"] == ["Beta"]
    assert s["showing_before"].startswith("**Showing:**") and "in Alpha" in s["showing_before"]
    assert "in Beta" in s["showing_after"] and "Alpha" not in s["showing_after"]
    assert "pillar=beta" in s["query_after"] and "as_of=2018-06-30" in s["query_after"]


def test_every_session_sees_its_own_change(server):
    """Lower level: each session's change run draws the sentence of the pillar it picked."""
    import asyncio

    async def go():
        people = [mt.Session(server, "timeline", LINK) for _ in range(2)]
        await asyncio.gather(*(p.connect() for p in people))
        try:
            opens = await asyncio.gather(*(p.run(timeout=45) for p in people))
            w = opens[0].widgets["Pillar"]
            assert w["sidebar"] and w["value"] == ["Alpha"]
            changes = await asyncio.gather(*(p.run([mt.multiselect_state(o.widgets["Pillar"]["id"], ["Beta"])], 45)
                                             for p, o in zip(people, opens)))
        finally:
            await asyncio.gather(*(p.close() for p in people))
        return opens, changes

    import concurrent.futures

    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:  # a loop of its own (see meeting())
        opens, changes = pool.submit(asyncio.run, go()).result()
    for o, c in zip(opens, changes):
        assert "in Alpha" in mt.showing(o) and "in Beta" in mt.showing(c)
        assert c.query_string and "pillar=beta" in c.query_string
        assert not o.exceptions and not c.exceptions and not o.problems and not c.problems


def test_a_page_that_does_not_exist_is_an_error(server):
    r = mt.meeting(server, "no-such-page", LINK, sessions=1, timeout=45)
    assert r["errors"] >= 1 and any("page not found" in m or "no multiselect" in m for m in r["error_messages"])


def test_percentile_is_nearest_rank():
    xs = list(range(1, 51))
    assert mt.percentile(xs, 95) == 48 and mt.percentile(xs, 50) == 25
    assert mt.percentile([7.0], 95) == 7.0 and mt.percentile([], 50) is None


def test_the_bench_reports_a_meeting():
    """bench/run.py: extra targets from the environment's syntax, the budget lines and the table."""
    run = _load_run()
    assert run.meeting_targets("proxy=http://127.0.0.1:8080/?a=b, http://127.0.0.1:9") == {
        "proxy": "http://127.0.0.1:8080/?a=b", "target2": "http://127.0.0.1:9"}

    def target(p95, extra=False, errors=0, ratio=None):
        return {"sessions": 50, "rounds": 1, "open_p50_ms": p95 - 10, "open_p95_ms": p95, "change_p50_ms": 1.0,
                "change_p95_ms": 2.0, "open_start_p50_ms": 1.0, "opened": 50, "changed": 50, "errors": errors,
                "error_messages": ["open: TimeoutError"] * errors, "exceptions": 0, "exception_messages": [],
                "error_alerts": 0, "extra": extra, "ratio": ratio, "sample": None}

    m = {"sessions": 50, "rounds": 1, "link": "/timeline?x", "widget": "Pillar", "charts": 1, "tables": 1,
         "data_dir": "data", "targets": {"page": target(1200.0) | {"rss_after_open_mb": 300.0, "session_mb": 1.0},
                                        "floor": target(1000.0, ratio=1.2),
                                        "proxy": target(800.0, extra=True, errors=1, ratio=800 / 1200)}}
    lines = run.budgets({"meeting": m})
    assert [(b, ok) for b, ok, _ in lines] == [
        ("meeting: open p95, 50 sessions, one process <= 1.25x floor", True),
        ("meeting: every session opened and changed, no error, no exception shown", False),
        ("meeting via proxy: open p95, 50 sessions <= 0.6x one process", False)]
    text = run.table({"meeting": m})
    assert "Meeting: 50 sessions" in text and "proxy" in text and "TimeoutError" in text
    failed = run.budgets({"meeting": {"error": "RuntimeError: no server", "sessions": 5}})
    assert failed == [("meeting: open p95, 5 sessions, one process <= 1.25x floor", False, "RuntimeError: no server")]
    assert "ERROR RuntimeError" in run.table({"meeting": {"error": "RuntimeError: no server", "sessions": 5}})
