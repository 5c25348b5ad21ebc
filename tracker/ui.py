"""Streamlit glue shared by the entry file and the pages: the one database per process, query
results kept per data and filter object, the shared filters bound to the URL, cross-filtering
from chart clicks, provenance and export widgets, the session-only upload.

Pages get data with `fetch(**views.<page>(...))` or `run(name, ...)` (named functions of
tracker.queries) and figures from the pure functions of tracker.charts; they never run SQL or
read files.
"""
from __future__ import annotations

import datetime as dt
import os
import re
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import pandas as pd
import pyarrow as pa
import streamlit as st

from tracker import export, queries, views
from tracker.cache import ResultCache
from tracker.charts import STATUS_LABELS
from tracker.filters import URL_KEYS, Choices, Filters, describe, format_date, parse_query
from tracker.load import DEFAULT_DATA_DIR, Database, build
from tracker.scenario import read_presets

Rows = pd.DataFrame | pa.Table  # a query result as it came (tracker.queries): what tables draw


def data_dir() -> Path:
    return Path(os.environ.get("TRACKER_DATA_DIR") or DEFAULT_DATA_DIR)


@st.cache_resource(show_spinner="Loading the data…")
def _load(path: str) -> Database:
    """The database of a data folder, built once per server process and shared by every
    session (queries go through a cursor each). It is served once every row is checked; the
    large constrained tables may still be filling (see tracker.load). It never expires:
    restart the server to load edited CSVs."""
    return build(path, wait=False)


def preload() -> None:
    """Build the data folder's database into the process-wide cache now (from
    `python -m tracker serve`, before any browser connects); a session that arrives meanwhile
    waits for this build instead of starting its own. Never raises: a failure here is met again,
    and shown, by the first session."""
    try:
        _load(str(data_dir()))
    except Exception:  # noqa: BLE001 - the first session reports it
        pass


_LOADED: dict[str, Database] = {}  # _load's results by path: a page asks a dozen times per run


def database() -> Database:
    """This session's database: the process-wide one, or the one built with an upload."""
    upload = st.session_state.get("_upload_db")
    if upload is not None:
        return upload
    path = str(data_dir())
    db = _LOADED.get(path)
    if db is None:
        db = _LOADED[path] = _load(path)
    return db


@st.cache_data(show_spinner=False)
def _read_presets(path: str, stamp: float) -> tuple[str, str]:
    return read_presets(path)


def scenarios_file() -> tuple[str, str, str] | None:
    """(name, text, problem) of the data folder's scenarios.csv (the named what-if presets), or
    None when there is none; read again only when the file changes."""
    path = data_dir() / "scenarios.csv"
    try:
        stamp = path.stat().st_mtime
    except OSError:
        return None
    return (path.name, *_read_presets(str(path), stamp))


# Results of tracker.queries, kept per (query, data, arguments) for every session (see
# tracker/cache.py). Queries that a page needs together run side by side on _POOL: DuckDB plans
# and runs each on its own cursor without holding the GIL, so on a new filter their latencies
# overlap with each other and with the page drawing what it already has.
RESULTS = ResultCache(size=256)
_POOL = ThreadPoolExecutor(max_workers=4, thread_name_prefix="tracker-query")


def _call(name: str, args: tuple, db: Database | None = None):
    db = db or database()
    if name in queries.DATELESS:
        args = tuple(a.dateless() if isinstance(a, Filters) else a for a in args)
    return (name, db.key, args), lambda: getattr(queries, name)(db, *args)


def run(name: str, *args):
    """Result of tracker.queries.<name>(db, *args), kept on (name, data, args)."""
    return RESULTS.get(*_call(name, args))


def kept(key: tuple, compute):
    """A pure computation on query results (a scenario applied to them), kept like them: `key`
    names everything it depends on besides this session's data."""
    return RESULTS.get((*key, database().key), compute)


class Fetch:
    """Results of several queries started at once: `fetch(a=("name", arg, ...), ...)`; reading
    `.a` waits for that result only. Results already kept cost nothing. A views.After call
    starts on the pool as soon as the result it needs is there."""

    def __init__(self, calls: dict[str, tuple | views.After]):
        db = database()
        self._futures = {key: RESULTS.start(*_call(call[0], tuple(call[1:]), db), _POOL)
                         for key, call in calls.items() if not isinstance(call, views.After)}
        for key, after in calls.items():
            if isinstance(after, views.After):
                needed = self._futures[after.key]
                if needed.done():  # kept: what it needs is known now
                    self._futures[key] = _resolved(after.make(needed.result()), db, _POOL)
                else:
                    self._futures[key] = _POOL.submit(_after, needed, after.make, db)

    def __getattr__(self, key: str):
        try:
            future = self.__dict__["_futures"][key]
        except KeyError:
            raise AttributeError(key) from None
        return future.result()


def _resolved(call, db: Database, executor=None) -> Future:
    """The future of what an After's `make` gave: a call (run on `executor`, or here and now
    when there is none) or a result."""
    if isinstance(call, tuple):
        return RESULTS.start(*_call(call[0], tuple(call[1:]), db), executor)
    future: Future = Future()
    future.set_result(call)
    return future


def _after(needed: Future, make, db: Database):
    """On a pool thread: wait for `needed`, then compute what `make` gives from it."""
    return _resolved(make(needed.result()), db).result()


def fetch(**calls: tuple) -> Fetch:
    return Fetch(calls)


def records(df: Rows) -> list[dict]:
    """The rows of a small frame or Arrow table as dicts (several times faster than
    DataFrame.to_dict)."""
    if isinstance(df, pa.Table):
        return df.to_pylist()
    cols = list(df.columns)
    return [dict(zip(cols, values)) for values in zip(*(df[c].tolist() for c in cols))]


def md(text) -> str:
    """Text from the data made inert for Markdown (no links, emphasis or HTML)."""
    return re.sub(r"([\\`*_{}\[\]()#+\-.!|<>~$])", r"\\\1", str(text if text is not None else ""))


# -- shared filters ------------------------------------------------------------------------
def choices() -> Choices:
    return run("choices")


def _defaults(ch: Choices) -> dict:
    return {"pillar": [], "actor": [], "instrument": [], "status": [], "as_of": ch.package_date, "q": ""}


def _load_url_once(ch: Choices) -> None:
    if st.session_state.get("_url_loaded"):
        return
    query = {k: st.query_params.get_all(k) for k in URL_KEYS}
    f, notices = parse_query(query, ch)
    st.session_state.update({
        "pillar": list(f.pillars), "actor": list(f.actors), "instrument": list(f.instruments),
        "status": list(f.statuses), "as_of": f.as_of or ch.package_date, "q": f.q,
        "_notices": notices, "_url_loaded": True,
    })


def sync_url() -> None:
    """Widget callback: write the changed filters into the URL at once."""
    write_url(current_filters(), choices())


def reset_filters() -> None:
    st.session_state.update(_defaults(choices()))
    sync_url()


def current_filters() -> Filters:
    ss = st.session_state
    as_of = ss.get("as_of")
    if isinstance(as_of, (tuple, list)):  # a range picker given one date
        as_of = as_of[0] if as_of else None
    return Filters(
        pillars=tuple(ss.get("pillar") or ()), actors=tuple(ss.get("actor") or ()),
        instruments=tuple(ss.get("instrument") or ()), statuses=tuple(ss.get("status") or ()),
        as_of=as_of or choices().package_date, q=(ss.get("q") or "").strip(),
    )


def write_url(f: Filters, ch: Choices) -> None:
    """Keep the shared keys of the URL equal to the filters (other keys are left alone)."""
    want = f.to_query(ch.package_date)
    for key in URL_KEYS:
        if key in want:
            value = want[key]
            values = value if isinstance(value, list) else [value]
            if st.query_params.get_all(key) != values:
                st.query_params[key] = value
        elif key in st.query_params:
            del st.query_params[key]


def prefetch(url_path: str) -> None:
    """Start the queries of the page about to run (tracker/views.py) for the filters as they
    stand (a link's values on a session's first run), so that they run while the sidebar is
    drawn. Call from the entry file before the sidebar."""
    _load_url_once(choices())
    view = views.PAGES.get(url_path)
    if view is not None:
        fetch(**view(current_filters(), st.session_state))


def shared_filters() -> Filters:
    """The sidebar filters. Call once per run, from the entry file, before the page runs."""
    ch = choices()
    _load_url_once(ch)
    for notice in st.session_state.get("_notices", []):
        st.warning(notice, icon="⚠️")
    st.date_input(
        "Status as of", on_change=sync_url, key="as_of", min_value=ch.min_date, max_value=ch.max_date, format="YYYY-MM-DD",
        help=f"Deadline statuses are computed for this day. The package date is {format_date(ch.package_date)}; "
             "move it to see what is due, late or delivered on any day.",
    )
    st.multiselect("Pillar", options=list(ch.pillars), format_func=lambda p: ch.pillars.get(p, p), on_change=sync_url, key="pillar",
                   placeholder="All pillars")
    st.multiselect("Actor (any role)", options=list(ch.actors), format_func=lambda a: ch.actors.get(a, a),
                   on_change=sync_url, key="actor", placeholder="All actors")
    st.multiselect("Funding instrument", options=list(ch.instruments), on_change=sync_url, key="instrument",
                   placeholder="All instruments")
    st.multiselect("Status at publication", options=list(ch.statuses), format_func=lambda s: ch.statuses.get(s, s),
                   on_change=sync_url, key="status", placeholder="Any status")
    st.text_input("Search", on_change=sync_url, key="q", max_chars=200, placeholder="words in a title or quote")
    f = current_filters()
    write_url(f, ch)
    return f


def filter_sentence(f: Filters, n_measures: int | None = None) -> None:
    """The plain sentence of what is shown, with a one-click reset. Give `n_measures` when the
    page already has the count (it saves a query)."""
    n = run("count_measures", f) if n_measures is None else n_measures
    left, right = st.columns([5, 1], vertical_alignment="center")
    left.markdown("**Showing:** " + md(describe(f, choices(), n)))
    right.button("Reset filters", on_click=reset_filters, disabled=f.is_default and f.as_of == choices().package_date,
                 key="reset_filters", width="stretch")


# -- cross-filtering -----------------------------------------------------------------------
def selection_values(points: list, index: int) -> list[str]:
    """The ids carried at customdata[index] by the selected points, in order, without repeats."""
    out: list[str] = []
    for point in points or []:
        data = point.get("customdata") if isinstance(point, dict) else None
        if isinstance(data, (list, tuple)) and len(data) > index:
            value = str(data[index])
        elif isinstance(data, str) and index == 0:
            value = data
        else:
            continue
        if value not in out:
            out.append(value)
    return out


def apply_selection(chart_key: str, targets: dict[str, int], separator: str | None = None) -> None:
    """Callback of a chart's on_select: copy the selected ids into shared filters.
    `targets` maps a filter key (pillar, actor, instrument) to the customdata index of its id;
    with `separator`, customdata[0] holds "a|b" and targets map to positions in it."""
    state = st.session_state.get(chart_key) or {}
    selection = state.get("selection", {}) if isinstance(state, dict) else getattr(state, "selection", {})
    points = selection.get("points", []) if isinstance(selection, dict) else getattr(selection, "points", [])
    if not points:
        return
    ch = choices()
    allowed = {"pillar": ch.pillars, "actor": ch.actors, "instrument": ch.instruments}
    for key, index in targets.items():
        if separator:
            raw = selection_values(points, 0)
            values = [r.split(separator)[index] for r in raw if len(r.split(separator)) > index]
        else:
            values = selection_values(points, index)
        values = [v for v in values if v in allowed[key]]
        if values:
            st.session_state[key] = values
    sync_url()


def chart(fig, key: str, targets: dict[str, int] | None = None, separator: str | None = None) -> None:
    """Draw a figure; with `targets`, clicking a mark narrows the shared filters."""
    config = {"displaylogo": False, "toImageButtonOptions": {"format": "png", "filename": key, "scale": 2}}
    if targets:
        st.plotly_chart(fig, key=key, on_select=lambda: apply_selection(key, targets, separator),
                        selection_mode=("points",), config=config, width="stretch")
    else:
        st.plotly_chart(fig, key=key, config=config, width="stretch")


# -- tables, provenance and export ---------------------------------------------------------
QUOTE_COLUMN = st.column_config.TextColumn("Source quote", width="large",
                                           help="The words of the source text this row comes from")
DATE_COLUMNS = ("due_from", "due_by", "delivered_on", "happened_on", "next_due_by", "published_on")


def column_names(df: Rows) -> list[str]:
    return df.column_names if isinstance(df, pa.Table) else list(df.columns)


def column_config(df: Rows, extra: dict | None = None) -> dict:
    """Readable columns: the quote wide, dates as dates, euros with separators."""
    config: dict = {"source_quote": QUOTE_COLUMN}
    names = set(column_names(df))
    for col in DATE_COLUMNS:
        if col in names:
            config[col] = st.column_config.DateColumn(col, format="YYYY-MM-DD")
    for col in ("amount_eur", "new_money_eur", "context_money_eur"):
        if col in names:
            config[col] = st.column_config.NumberColumn(col, format="%,.0f")
    config.update(extra or {})
    return config


def frame(df: Rows, key: str | None = None, extra: dict | None = None, height=None,
          columns: list[str] | None = None) -> None:
    """A frame as a table; `columns`, the ones shown, in order (a frame of them is not built:
    Streamlit sends the whole frame faster than a copy of some of its columns)."""
    st.dataframe(df, hide_index=True, column_config=column_config(df, extra), key=key, height=height or "auto",
                 width="stretch", column_order=columns)


def code(text) -> str:
    """An id shown as inline code (code spans need no Markdown escaping, only no backticks)."""
    return "`" + str(text).replace("`", "'") + "`"


def table(df: Rows, key: str, title: str, f: Filters, column_config: dict | None = None,
          height: int | None = None, columns: list[str] | None = None) -> None:
    """A data table with its CSV and Excel downloads (the rows as filtered, plus the filters
    and data version); `columns`: the ones shown and downloaded, in order (default: all)."""
    frame(df, key=f"df_{key}", extra=column_config, height=height, columns=columns)
    downloads((lambda: df.select(columns) if isinstance(df, pa.Table) else df[list(columns)]) if columns else df,
              key, title, f)


def downloads(df, key: str, title: str, f: Filters) -> None:
    """CSV and Excel buttons for a frame (or a function that makes it); the files (with the
    filters in words and the data version) are made only when a button is clicked."""
    db, ch = database(), choices()
    version = run("package").get("data_version", "")
    if st.session_state.get("_upload_db") is not None:
        version += " + session upload"

    def sentence() -> str:
        return describe(f, ch, queries.count_measures(db, f))

    def frame_now() -> pd.DataFrame:
        rows = df() if callable(df) else df
        return rows.to_pandas() if isinstance(rows, pa.Table) else rows

    a, b, _ = st.columns([1, 1, 3])
    a.download_button("Download CSV", data=lambda: export.to_csv(frame_now(), title, sentence(), version),
                      file_name=f"{key}.csv", mime="text/csv", key=f"csv_{key}", icon=":material/download:",
                      on_click="ignore")
    b.download_button("Download Excel", data=lambda: export.to_excel(frame_now(), title, sentence(), version),
                      file_name=f"{key}.xlsx", key=f"xlsx_{key}", icon=":material/table:", on_click="ignore",
                      mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


def status_rule() -> None:
    with st.expander("How a deadline's status is decided"):
        st.markdown(
            "For the **Status as of** date in the sidebar, first match wins:\n\n"
            f"1. **{STATUS_LABELS['context']}**: a past date the texts mention as background.\n"
            f"2. **{STATUS_LABELS['delivered']}**: a progress row records delivery on or before the date.\n"
            f"3. **{STATUS_LABELS['upcoming']}**: the date is before the window opens.\n"
            f"4. **{STATUS_LABELS['due_now']}**: the date is inside the window.\n"
            f"5. **{STATUS_LABELS['overdue']}**: the window has closed and no delivery is recorded.\n\n"
            "A window is the period the words imply: “in November 2017” is 1–30 November 2017; "
            "“by January 2018” runs from the package date to 31 January 2018; “within four months after "
            "the adoption” ends four months after the package date. The README lists every rule."
        )


def package_caption() -> None:
    pkg = run("package")
    if pkg:
        st.caption(f"{md(pkg['title'])} · published {format_date(pkg['published_on'])} · data version "
                   f"{md(pkg['data_version'])}")


def error_page(db: Database) -> None:
    st.title("The data folder has problems")
    st.error(f"{len(db.problems)} problem(s) in `{db.data_dir}`. Nothing was changed on disk; "
             "fix the files and restart the dashboard, or run `python -m tracker check` to see the same list.")
    frame(pd.DataFrame([{"file": p.file, "line": p.line, "column": p.column or "",
                                "problem": p.message, "fix": p.fix} for p in db.problems]))


# -- bring your own data -------------------------------------------------------------------
MAX_UPLOAD_BYTES = 20 * 1024 * 1024


def try_upload(table: str, raw: bytes):
    """Validate an uploaded CSV that replaces one table, with the same rules as the data folder.
    Returns (Database, []) when it loads cleanly, else (None, problems). Never raises and never
    writes into the data folder."""
    from tracker.load import TABLES
    from tracker.problems import Problem

    name = f"{table}.csv"
    if table not in TABLES:
        return None, [Problem(name, None, None, f"'{table}' is not a table.", f"choose one of: {', '.join(TABLES)}.")]
    if len(raw) > MAX_UPLOAD_BYTES:
        return None, [Problem(name, None, None, f"the file has {len(raw):,} bytes; the limit is {MAX_UPLOAD_BYTES:,}.",
                              "upload a smaller file.")]
    try:
        db = build(data_dir(), overrides={table: bytes(raw)})
    except Exception as err:  # noqa: BLE001 - an upload must never break the page
        return None, [Problem(name, None, None, f"the file could not be read: {type(err).__name__}.",
                              "save it as CSV UTF-8 with the header row of the table.")]
    if db.problems:
        problems = list(db.problems)
        db.con.close()
        return None, problems
    return db, []


def _keep_valid_filters(db: Database) -> None:
    """After the data changes, drop filter values the new data does not have."""
    ch = queries.choices(db)
    ss = st.session_state
    for key, allowed in (("pillar", ch.pillars), ("actor", ch.actors), ("instrument", ch.instruments)):
        ss[key] = [v for v in ss.get(key) or [] if v in allowed]
    as_of = ss.get("as_of")
    if not isinstance(as_of, dt.date) or not (ch.min_date <= as_of <= ch.max_date):
        ss["as_of"] = ch.package_date
    if ss.get("measure_pick") and not queries.measure_exists(db, ss["measure_pick"]):
        ss["measure_pick"] = None  # the open measure is not in this data


def _use_shipped_data() -> None:
    ss = st.session_state
    ss.pop("_upload_db", None)
    ss.pop("_upload_problems", None)
    ss["_upload_round"] = ss.get("_upload_round", 0) + 1  # a fresh, empty uploader
    _keep_valid_filters(_load(str(data_dir())))


def _check_upload() -> None:
    """Callback of the uploader and the table choice: runs before the page, so the page that
    follows already uses the new data (or still the old one, with the problems listed)."""
    ss = st.session_state
    file = ss.get(f"_upload_file_{ss.get('_upload_round', 0)}")
    if file is None:  # the file was taken out of the uploader: the data in use stays
        ss.pop("_upload_problems", None)
        return
    db, problems = try_upload(ss.get("_upload_table") or "funding", file.getvalue())
    ss["_upload_problems"] = problems
    if db is not None:
        ss["_upload_db"] = db
        _keep_valid_filters(db)


def upload_panel() -> None:
    """Sidebar panel: replace one table with an uploaded CSV for this session only. A file with
    problems is not used (the list is shown); the shipped data is never written."""
    from tracker.load import TABLES

    ss = st.session_state
    problems = ss.get("_upload_problems") or []
    active = ss.get("_upload_db")
    with st.expander("Use your own CSV for this session", expanded=bool(problems)):
        st.caption("Replace one table (say, a revised funding sheet) with a CSV of the same columns. "
                   "It is checked with the same rules as the data folder, used in this browser tab "
                   "only, and never saved.")
        st.selectbox("Table to replace", TABLES, index=TABLES.index("funding"), key="_upload_table",
                     format_func=lambda t: f"{t}.csv", on_change=_check_upload)
        st.file_uploader("CSV file", type=["csv"], key=f"_upload_file_{ss.get('_upload_round', 0)}",
                         on_change=_check_upload)
        if problems:
            st.error(f"{len(problems)} problem(s) in the file: it was not used; the data shown is unchanged.")
            frame(pd.DataFrame([{"file": p.file, "line": p.line, "column": p.column or "",
                                 "problem": p.message, "fix": p.fix} for p in problems]))
        if active is not None:
            st.success(f"In use: your {', '.join(f'{t}.csv' for t in active.replaced)}.")
            st.button("Back to the shipped data", on_click=_use_shipped_data, key="_upload_back",
                      icon=":material/undo:", width="stretch")


def as_date(value) -> dt.date | None:
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NaT:
        return None
    return pd.Timestamp(value).date()
