"""A meeting: N people open one shared link at the same moment, then each changes one filter.

A load client without a browser: it speaks Streamlit's websocket protocol (1.67) as the
frontend does. A session is a websocket at ws://HOST/_stcore/stream with the subprotocols the
1.67 frontend sends when it has no XSRF cookie and no earlier session, ["streamlit",
"PLACEHOLDER_AUTH_TOKEN"] (the `websockets` package refuses an empty subprotocol, so not
["streamlit", "", ""]; the server reads the token only to trust an auth cookie), an Origin
header equal to the base URL as a browser sends it, and permessage-deflate offered, as a browser
does. No cookie is kept: through a proxy that balances new connections round-robin (HAProxy,
tracker/haproxy.cfg) the sessions spread over the replicas as new browsers do.

A run starts with a BackMsg `rerun_script` (a ClientState with the link's query string, the
page's url path as page_name, the browser's context: url, time zone, locale) and ends with the
ForwardMsg `script_finished` that is not FINISHED_EARLY_FOR_RERUN; the run's time is from the
send to that message. Every ForwardMsg is read as it comes (the deltas are decoded to count
charts, tables, exceptions and error boxes, and to find the widget to change). "start" is the
time from the send to the run's first message (new_session): on one busy process it is close
to the whole run, as the server's event loop sends a run's messages late (it waits for the GIL
behind the script threads).

The phases, each started for every session at once (asyncio.gather: every session sends within a
few milliseconds of the others; each run is timed from its own send):
1. connect: every session opens its websocket (not timed);
2. open: every session sends the link's rerun_script; read until script_finished;
3. (after_open callback, e.g. the server's RSS with every session still connected);
4. change: every session changes one sidebar widget, the multiselect labelled `widget`
   ("Pillar"), as the browser does when a person picks an option: a rerun_script with the same
   query string and page (the browser's address has not changed yet: the app's on_change
   callback writes the new link, which arrives as page_info_changed) and a WidgetStates holding
   that multiselect's new value. In 1.67 a multiselect's value is a `string_array_value` of the
   *formatted* option labels (streamlit/elements/widgets/multiselect.py: MultiSelectSerde; the
   element's proto carries `options` as labels and, when set from session state, `raw_values`).
   Session i replaces the selection with the i-th option (cycling) not selected on the open,
   so the sessions ask for several views, as people in a meeting do.
   Only the changed widget's state is sent; the browser sends every mounted widget's state, but
   the server keeps a widget's previous value when its state is absent (SessionState._old_state),
   so the run does the same work. Like the browser, the change sends the hashes of the cacheable
   messages received (ClientState.cached_message_hashes), so the server answers an unchanged
   large element with a ref_hash message.
5. close.

Counted: errors (a connection that fails, a run that times out, a closed socket, a page not
found, a script that does not compile, a widget that cannot be found) and exceptions shown
(Exception elements, and st.error boxes counted apart as error_alerts). Percentiles are nearest
rank over the sessions that finished (p95 of 50: the 48th time in order).

    python bench/meeting.py --url http://127.0.0.1:8501 --page timeline \\
        --query 'pillar=cbrn&as_of=2018-06-30' -n 50

`meeting(base_url, ...)` takes any base URL (a server, or a proxy in front of replicas).
"""
from __future__ import annotations

import argparse
import asyncio
import concurrent.futures
import json
import math
import statistics
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from streamlit.proto.Alert_pb2 import Alert
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from websockets.asyncio.client import connect

DEFAULT_SESSIONS = 50
DEFAULT_PAGE = "timeline"
DEFAULT_QUERY = "pillar=cbrn&as_of=2018-06-30"
DEFAULT_WIDGET = "Pillar"
RUN_TIMEOUT_S = 180.0
CONNECT_TIMEOUT_S = 60.0
EARLY = ForwardMsg.ScriptFinishedStatus.FINISHED_EARLY_FOR_RERUN
COMPILE_ERROR = ForwardMsg.ScriptFinishedStatus.FINISHED_WITH_COMPILE_ERROR
SIDEBAR = 1  # RootContainer.SIDEBAR: the first index of a sidebar element's delta path
CHARTS = {"plotly_chart"}
TABLES = {"dataframe", "table", "arrow_data_frame", "arrow_table"}


class MeetingError(RuntimeError):
    pass


@dataclass
class Run:
    """What one run sent back."""

    ms: float = 0.0
    start_ms: float | None = None  # send -> the run's new_session message: the script has started
    messages: int = 0
    bytes: int = 0
    elements: dict = field(default_factory=dict)  # delta path -> element type
    exceptions: list = field(default_factory=list)
    error_alerts: list = field(default_factory=list)
    markdown: list = field(default_factory=list)
    widgets: dict = field(default_factory=dict)  # label -> {"id", "options", "value", "sidebar"}
    query_string: str | None = None  # page_info_changed: the link the app wrote
    problems: list = field(default_factory=list)  # page not found, compile error

    def count(self, kinds: set) -> int:
        return sum(1 for k in self.elements.values() if k in kinds)


def ws_url(base_url: str) -> str:
    parts = urlsplit(base_url.rstrip("/"))
    scheme = "wss" if parts.scheme == "https" else "ws"
    return f"{scheme}://{parts.netloc}{parts.path}/_stcore/stream"


class Session:
    """One browser tab: a websocket to the server and the messages it received."""

    def __init__(self, base_url: str, page: str, query: str, origin: bool = True):
        self.base_url, self.page, self.query = base_url.rstrip("/"), page, query
        self.origin = origin
        self.ws = None
        self.cache: dict[str, tuple[str, str]] = {}  # cacheable message hash -> (element type, markdown body)

    async def connect(self, timeout: float = CONNECT_TIMEOUT_S) -> None:
        parts = urlsplit(self.base_url)
        origin = f"{parts.scheme}://{parts.netloc}" if self.origin else None
        self.ws = await connect(ws_url(self.base_url), subprotocols=["streamlit", "PLACEHOLDER_AUTH_TOKEN"],
                                origin=origin, max_size=None, open_timeout=timeout, ping_interval=None,
                                close_timeout=5)

    async def close(self) -> None:
        if self.ws is not None:
            await self.ws.close()

    def _client_state(self, widget_states: list | None, cached: bool) -> BackMsg:
        msg = BackMsg()
        cs = msg.rerun_script
        cs.query_string = self.query
        cs.page_name = self.page
        cs.context_info.url = f"{self.base_url}/{self.page}" + (f"?{self.query}" if self.query else "")
        cs.context_info.timezone = "UTC"
        cs.context_info.timezone_offset = 0
        cs.context_info.locale = "en-US"
        if widget_states:
            cs.widget_states.widgets.extend(widget_states)
        if cached:
            cs.cached_message_hashes.extend(self.cache)
        return msg

    async def run(self, widget_states: list | None = None, timeout: float = RUN_TIMEOUT_S) -> Run:
        """One rerun_script; the ForwardMsgs read until script_finished."""
        out = Run()
        payload = self._client_state(widget_states, cached=widget_states is not None).SerializeToString()
        t0 = time.perf_counter()
        await self.ws.send(payload)

        async def read() -> None:
            while True:
                data = await self.ws.recv()
                out.messages += 1
                out.bytes += len(data)
                msg = ForwardMsg()
                msg.ParseFromString(data)
                kind = msg.WhichOneof("type")
                if kind == "new_session" and out.start_ms is None:
                    out.start_ms = (time.perf_counter() - t0) * 1000
                elif kind == "script_finished":
                    if msg.script_finished == EARLY:
                        continue
                    out.ms = (time.perf_counter() - t0) * 1000
                    if msg.script_finished == COMPILE_ERROR:
                        out.problems.append("the script did not compile")
                    return
                if kind == "delta" or kind == "ref_hash":
                    self._delta(msg, out)
                elif kind == "page_info_changed":
                    out.query_string = msg.page_info_changed.query_string
                elif kind == "page_not_found":
                    out.problems.append(f"page not found: {msg.page_not_found.page_name!r}")

        await asyncio.wait_for(read(), timeout)
        return out

    def _delta(self, msg: ForwardMsg, out: Run) -> None:
        path = tuple(msg.metadata.delta_path)
        if msg.WhichOneof("type") == "ref_hash":  # an unchanged large element the browser has cached
            kind, body = self.cache.get(msg.ref_hash, ("unknown", ""))
            out.elements[path] = kind
            if kind == "markdown":
                out.markdown.append(body)
            return
        delta = msg.delta
        if delta.WhichOneof("type") != "new_element":
            return
        el = delta.new_element
        kind = el.WhichOneof("type")
        out.elements[path] = kind
        body = ""
        if kind == "markdown":
            body = el.markdown.body
            out.markdown.append(body)
        elif kind == "exception":
            out.exceptions.append(f"{el.exception.type}: {el.exception.message}"[:300])
        elif kind == "alert" and el.alert.format == Alert.ERROR:
            out.error_alerts.append(el.alert.body[:300])
        elif kind == "multiselect":
            w = el.multiselect
            options = list(w.options)
            value = list(w.raw_values) if w.set_value else [options[i] for i in w.default if i < len(options)]
            out.widgets[w.label] = {"id": w.id, "options": options, "value": value,
                                    "sidebar": bool(path) and path[0] == SIDEBAR}
        if msg.metadata.cacheable and msg.hash:
            self.cache[msg.hash] = (kind, body)


def first_run(base_url: str, page: str = "", query: str = "", timeout: float = RUN_TIMEOUT_S) -> tuple[Run, float]:
    """One session opens `base_url`/`page`?`query` (a new tab): connect, one run. Returns the run
    and the moment (time.perf_counter) its script_finished arrived."""
    async def go() -> tuple[Run, float]:
        s = Session(base_url, page, query)
        await s.connect()
        try:
            run = await s.run(timeout=timeout)
            return run, time.perf_counter()  # before the socket's closing handshake
        finally:
            await s.close()

    return asyncio.run(go())


def multiselect_state(widget_id: str, labels: list[str]):
    """The WidgetState the browser sends for a multiselect set to `labels` (1.67: the formatted
    option labels in a string_array_value)."""
    from streamlit.proto.WidgetStates_pb2 import WidgetState

    state = WidgetState(id=widget_id)
    state.string_array_value.data.extend(labels)
    return state


def percentile(values: list[float], q: float) -> float | None:
    """Nearest rank: the smallest value with at least q% of the values at or below it."""
    if not values:
        return None
    xs = sorted(values)
    return xs[max(0, math.ceil(q / 100 * len(xs)) - 1)]


def showing(run: Run | None) -> str | None:
    """The page's "Showing:" sentence (tracker/sidebar.py: filter_sentence), if it drew one."""
    for body in (run.markdown if run else []):
        if body.startswith("**Showing:**"):
            return body
    return None


def health(base_url: str, timeout: float = 10.0) -> None:
    try:
        with urllib.request.urlopen(base_url.rstrip("/") + "/_stcore/health", timeout=timeout) as r:
            if r.status != 200:
                raise MeetingError(f"{base_url}/_stcore/health answered {r.status}")
    except OSError as err:
        raise MeetingError(f"{base_url}/_stcore/health: {err}") from None


async def _meeting(base_url: str, page: str, query: str, sessions: int, widget: str, change_to: list[str] | None,
                   timeout: float, after_open, origin: bool) -> dict:
    errors: list[str] = []
    t_start = time.perf_counter()
    people = [Session(base_url, page, query, origin=origin) for _ in range(sessions)]

    async def connect(s: Session):
        try:
            await s.connect()
            return s
        except Exception as err:  # noqa: BLE001 - a connection that fails is a result
            errors.append(f"connect: {type(err).__name__}: {err}"[:300])
            return None

    async def run(s: Session, states=None, what: str = "open"):
        try:
            r = await s.run(states, timeout=timeout)
        except Exception as err:  # noqa: BLE001 - a run that fails is a result
            errors.append(f"{what}: {type(err).__name__}: {err}"[:300] if str(err) else f"{what}: {type(err).__name__}")
            return None
        errors.extend(f"{what}: {p}" for p in r.problems)
        return r

    connected = [s for s in await asyncio.gather(*(connect(s) for s in people)) if s is not None]
    try:
        opens = list(await asyncio.gather(*(run(s) for s in connected)))
        t_opened = time.perf_counter()
        extra = after_open() if after_open else None

        # the widget to change, from each session's own open (ids are per app, options per view)
        plans = []
        for i, (s, r) in enumerate(zip(connected, opens)):
            if r is None:
                continue
            found = r.widgets.get(widget)
            if not found:
                errors.append(f"change: no multiselect labelled {widget!r} in the page's deltas")
                continue
            if change_to:
                target = [change_to[i % len(change_to)]]
            else:
                others = [o for o in found["options"] if o not in found["value"]] or found["options"]
                target = [others[i % len(others)]]
            plans.append((s, r, found, target))
        changes = list(await asyncio.gather(*(run(s, [multiselect_state(f["id"], t)], "change")
                                              for s, _, f, t in plans)))
        t_changed = time.perf_counter()
    finally:
        await asyncio.gather(*(s.close() for s in connected), return_exceptions=True)

    done_opens = [r for r in opens if r is not None]
    done_changes = [c for c in changes if c is not None]
    runs = done_opens + done_changes
    exceptions = [e for r in runs for e in r.exceptions]
    alerts = [e for r in runs for e in r.error_alerts]
    first = done_opens[0] if done_opens else None
    sample = next(((r, f, t, c) for (_, r, f, t), c in zip(plans, changes) if c is not None), None)
    open_ms = [r.ms for r in done_opens]
    change_ms = [c.ms for c in done_changes]

    def ms(v):
        return round(v, 1) if v is not None else None

    return {
        "url": base_url, "page": page, "query": query, "sessions": sessions, "connected": len(connected),
        "opened": len(done_opens), "changed": len(done_changes), "change_kind": "widget",
        "open_p50_ms": ms(percentile(open_ms, 50)), "open_p95_ms": ms(percentile(open_ms, 95)),
        "open_max_ms": ms(max(open_ms, default=None)),
        "change_p50_ms": ms(percentile(change_ms, 50)), "change_p95_ms": ms(percentile(change_ms, 95)),
        "change_max_ms": ms(max(change_ms, default=None)),
        "open_start_p50_ms": ms(percentile([r.start_ms for r in done_opens if r.start_ms is not None], 50)),
        "change_start_p50_ms": ms(percentile([c.start_ms for c in done_changes if c.start_ms is not None], 50)),
        "errors": len(errors), "error_messages": errors[:5],
        "exceptions": len(exceptions), "exception_messages": exceptions[:5],
        "error_alerts": len(alerts), "error_alert_messages": alerts[:5],
        "charts": first.count(CHARTS) if first else None, "tables": first.count(TABLES) if first else None,
        "open_kb": round(statistics.median(r.bytes for r in done_opens) / 1024, 1) if done_opens else None,
        "change_kb": round(statistics.median(c.bytes for c in done_changes) / 1024, 1) if done_changes else None,
        "widget": widget,
        "widget_options": (sample[1]["options"] if sample
                           else first.widgets.get(widget, {}).get("options") if first else None),
        "sample": {"from": sample[1]["value"], "to": sample[2], "showing_before": showing(sample[0]),
                   "showing_after": showing(sample[3]), "query_after": sample[3].query_string} if sample else None,
        "after_open": extra,
        "open_all_ms": [round(x) for x in open_ms], "change_all_ms": [round(x) for x in change_ms],
        "open_wall_s": round(t_opened - t_start, 2), "change_wall_s": round(t_changed - t_opened, 2),
        "wall_s": round(time.perf_counter() - t_start, 2),
    }


def meeting(base_url: str, page: str = DEFAULT_PAGE, query: str = DEFAULT_QUERY, sessions: int = DEFAULT_SESSIONS,
            widget: str = DEFAULT_WIDGET, change_to: list[str] | None = None, timeout: float = RUN_TIMEOUT_S,
            after_open=None, origin: bool = True, check_health: bool = True) -> dict:
    """N sessions open `base_url`/`page`?`query` at once, then each changes the sidebar
    multiselect `widget` (to change_to[i % len] if given, else to the i-th option not selected).
    `after_open()` is called with every session still connected, between the open and the change;
    what it returns is kept as "after_open". Returns the dict described in the module docstring."""
    if check_health:
        health(base_url)
    run = lambda: asyncio.run(_meeting(base_url, page.strip("/"), query.lstrip("?"), sessions, widget,  # noqa: E731
                                       change_to, timeout, after_open, origin))
    try:
        asyncio.get_running_loop()
    except RuntimeError:  # no loop in this thread: the usual case
        return run()
    # called where an event loop already runs (Playwright's sync API in the same test process):
    # the meeting gets a thread and a loop of its own
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(run).result()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--url", required=True, help="base URL of the server or proxy, e.g. http://127.0.0.1:8501")
    ap.add_argument("--page", default=DEFAULT_PAGE, help="the page's url path ('' for the default page)")
    ap.add_argument("--query", default=DEFAULT_QUERY, help="the link's query string")
    ap.add_argument("-n", "--sessions", type=int, default=DEFAULT_SESSIONS)
    ap.add_argument("--widget", default=DEFAULT_WIDGET, help="label of the sidebar multiselect each session changes")
    ap.add_argument("--to", action="append", help="option label(s) to change to (cycled over the sessions)")
    ap.add_argument("--timeout", type=float, default=RUN_TIMEOUT_S, help="seconds a run may take")
    ap.add_argument("--no-origin", action="store_true", help="send no Origin header")
    ap.add_argument("--full", action="store_true", help="keep every session's times in the output")
    a = ap.parse_args(argv)
    try:
        res = meeting(a.url, a.page, a.query, a.sessions, a.widget, a.to, a.timeout, origin=not a.no_origin)
    except MeetingError as err:
        print(err, file=sys.stderr)
        return 2
    if not a.full:
        res.pop("open_all_ms")
        res.pop("change_all_ms")
    print(json.dumps(res, indent=1))
    return 0 if res["errors"] == 0 and res["exceptions"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
