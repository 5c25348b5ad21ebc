"""Streamlit glue shared by the entry file and the pages: the database of this session, the
view of the link (the URL is the state), the sidebar, charts that narrow the filters when
clicked, tables with their downloads, and the session-only upload.

How a click becomes a chart: a sidebar widget's callback writes the new filters into the URL
(one history entry, so Back undoes it); the rerun that follows reads the URL once into a View
(`read_view`, called by dashboard.py); the page asks tracker.queries for the results of that
View, and draws them with tracker.charts.
"""
from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path

import pandas as pd
import streamlit as st

from tracker import export, queries
from tracker.charts import STATUS_LABELS
from tracker.database import DEFAULT_DATA_DIR, Database, build
from tracker.filters import URL_KEYS, Filters, View, describe, format_date, parse_query
from tracker.problems import Problem
from tracker.staging import TABLES


# -- the database --------------------------------------------------------------------------
def data_dir() -> Path:
    return Path(os.environ.get("TRACKER_DATA_DIR") or DEFAULT_DATA_DIR)


@st.cache_resource(show_spinner="Loading the data…")
def _load(path: str) -> Database:
    """The database of a data folder, built once per server process and shared by every
    session. It never expires: restart the server to load edited CSVs."""
    return build(path, wait=False)


def preload() -> None:
    """Build the data folder's database now (from `python -m tracker serve`, before any browser
    connects). Never raises: a failure here is met again, and shown, by the first session."""
    try:
        _load(str(data_dir()))
    except Exception:  # noqa: BLE001 - the first session reports it
        pass


def database() -> Database:
    """This session's database: the shipped one, or the one built with an uploaded CSV."""
    return st.session_state.get("_upload_db") or _load(str(data_dir()))


# -- the view: read from the URL once per run, written to it by every change ----------------
FILTER_WIDGETS = ("pillar", "actor", "instrument", "status", "as_of", "q")  # widget keys = URL keys


def read_view() -> View:
    """The view of this run, from the URL (dashboard.py calls this once, before the sidebar);
    the sidebar widgets are set to it, so that Back and Forward move them too."""
    db = database()
    view, notices = parse_query({k: st.query_params.get_all(k) for k in URL_KEYS}, queries.choices(db))
    f = view.filters
    shown = {"pillar": list(f.pillars), "actor": list(f.actors), "instrument": list(f.instruments),
             "status": list(f.statuses), "as_of": view.as_of, "q": f.q}
    for key, value in shown.items():
        if st.session_state.get(key) != value:
            st.session_state[key] = value
    st.session_state["_view"], st.session_state["_notices"] = view, notices
    return view


def view() -> View:
    """The view of this run (see read_view)."""
    return st.session_state["_view"]


def write_view(new: View) -> None:
    """Put a view into the URL, in one step (one browser history entry), keeping the keys of
    the page itself (an open measure, the what-if levers)."""
    own = {k: st.query_params.get_all(k) for k in st.query_params if k not in URL_KEYS}
    st.query_params.from_dict({**own, **new.to_query(queries.choices(database()).package_date)})


def _view_of_widgets() -> View:
    ss = st.session_state
    as_of = ss.get("as_of")
    if isinstance(as_of, (tuple, list)):  # a range picker given one date
        as_of = as_of[0] if as_of else None
    return View(Filters(tuple(ss.get("pillar") or ()), tuple(ss.get("actor") or ()), tuple(ss.get("instrument") or ()),
                        tuple(ss.get("status") or ()), (ss.get("q") or "").strip()),
                as_of or view().as_of)


def _filters_changed() -> None:
    write_view(_view_of_widgets())


def reset_filters() -> None:
    write_view(View(Filters(), queries.choices(database()).package_date))


def sidebar(pages: list) -> None:
    """The page links (each keeps the filters) and the shared filters, drawn in the sidebar."""
    ch = queries.choices(database())
    query = view().to_query(ch.package_date)
    for page in pages:
        st.page_link(page, query_params=query)
    st.markdown("### Filters")
    for notice in st.session_state.get("_notices", []):
        st.warning(notice, icon="⚠️")
    st.date_input("Status as of", key="as_of", on_change=_filters_changed, min_value=ch.min_date,
                  max_value=ch.max_date, format="YYYY-MM-DD",
                  help=f"Deadline statuses are computed for this day. The package date is "
                       f"{format_date(ch.package_date)}; move it to see what is due, late or delivered on any day.")
    st.multiselect("Pillar", list(ch.pillars), format_func=ch.pillars.get, key="pillar", on_change=_filters_changed,
                   placeholder="All pillars")
    st.multiselect("Actor (any role)", list(ch.actors), format_func=ch.actors.get, key="actor",
                   on_change=_filters_changed, placeholder="All actors")
    st.multiselect("Funding instrument", list(ch.instruments), key="instrument", on_change=_filters_changed,
                   placeholder="All instruments")
    st.multiselect("Status at publication", list(ch.statuses), format_func=ch.statuses.get, key="status",
                   on_change=_filters_changed, placeholder="Any status")
    st.text_input("Search", key="q", on_change=_filters_changed, max_chars=200, placeholder="words in a title or quote")
    st.caption("Every filter is in the page address: copy the link to share this exact view.")


def filter_sentence(n_measures: int) -> None:
    """The plain sentence of what is shown, with a one-click reset."""
    v, ch = view(), queries.choices(database())
    left, right = st.columns([5, 1], vertical_alignment="center")
    left.markdown("**Showing:** " + md(describe(v, ch, n_measures)))
    right.button("Reset filters", on_click=reset_filters, key="reset_filters", width="stretch",
                 disabled=v.filters.is_default and v.as_of == ch.package_date)


# -- charts that narrow the filters ---------------------------------------------------------
def selected_ids(points: list, index: int, separator: str | None = None) -> list[str]:
    """The ids the selected points carry at customdata[index] (or, with `separator`, at that
    position of customdata[0] split on it), in order, without repeats."""
    out: list[str] = []
    for point in points or []:
        data = point.get("customdata") if isinstance(point, dict) else None
        if separator and isinstance(data, str):
            parts = data.split(separator)
            value = parts[index] if len(parts) > index else None
        elif isinstance(data, (list, tuple)) and len(data) > index:
            value = str(data[index])
        else:
            value = None
        if value is not None and value not in out:
            out.append(value)
    return out


def apply_selection(chart_key: str, targets: dict[str, int], separator: str | None = None) -> None:
    """Callback of a chart's on_select: the selected ids become the shared filters named by
    `targets` (filter key -> position of the id in a point's customdata)."""
    state = st.session_state.get(chart_key) or {}
    points = (state.get("selection") or {}).get("points") or []
    if not points:
        return
    ch = queries.choices(database())
    allowed = {"pillar": ch.pillars, "actor": ch.actors, "instrument": ch.instruments}
    f = view().filters
    picked = {"pillar": f.pillars, "actor": f.actors, "instrument": f.instruments}
    for key, index in targets.items():
        values = tuple(v for v in selected_ids(points, index, separator) if v in allowed[key])
        if values:
            picked[key] = values
    write_view(View(Filters(picked["pillar"], picked["actor"], picked["instrument"], f.statuses, f.q), view().as_of))


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
EURO_COLUMNS = ("amount_eur", "new_money_eur", "context_money_eur")


def md(text) -> str:
    """Text from the data made inert for Markdown (no links, emphasis or HTML)."""
    return re.sub(r"([\\`*_{}\[\]()#+\-.!|<>~$])", r"\\\1", str(text if text is not None else ""))


def code(text) -> str:
    """An id shown as inline code (code spans need no Markdown escaping, only no backticks)."""
    return "`" + str(text).replace("`", "'") + "`"


def column_config(df: pd.DataFrame, extra: dict | None = None) -> dict:
    """Readable columns: the quote wide, dates as dates, euros with separators."""
    config: dict = {"source_quote": QUOTE_COLUMN}
    config.update({c: st.column_config.DateColumn(c, format="YYYY-MM-DD") for c in DATE_COLUMNS if c in df.columns})
    config.update({c: st.column_config.NumberColumn(c, format="%,.0f") for c in EURO_COLUMNS if c in df.columns})
    return {**config, **(extra or {})}


def frame(df: pd.DataFrame, key: str | None = None, extra: dict | None = None, height=None,
          columns: list[str] | None = None) -> None:
    """A frame as a table; `columns`: the ones shown, in order."""
    st.dataframe(df, hide_index=True, column_config=column_config(df, extra), key=key, height=height or "auto",
                 width="stretch", column_order=columns)


def table(df: pd.DataFrame, key: str, title: str, column_config: dict | None = None, height: int | None = None,
          columns: list[str] | None = None) -> None:
    """A data table with its CSV and Excel downloads (the rows as filtered, with the filters
    and the data version); `columns`: the ones shown and downloaded, in order (default: all)."""
    frame(df, key=f"df_{key}", extra=column_config, height=height, columns=columns)
    downloads(df[list(columns)] if columns else df, key, title)


def downloads(df, key: str, title: str) -> None:
    """CSV and Excel buttons for a frame (or a function that makes it); a file is made only
    when its button is clicked."""
    db, v = database(), view()
    version = queries.package(db).get("data_version", "") + (" + session upload" if db.replaced else "")

    def sentence() -> str:
        return describe(v, queries.choices(db), queries.count_measures(db, v.filters))

    def rows() -> pd.DataFrame:
        return df() if callable(df) else df

    a, b, _ = st.columns([1, 1, 3])
    a.download_button("Download CSV", data=lambda: export.to_csv(rows(), title, sentence(), version),
                      file_name=f"{key}.csv", mime="text/csv", key=f"csv_{key}", icon=":material/download:",
                      on_click="ignore")
    b.download_button("Download Excel", data=lambda: export.to_excel(rows(), title, sentence(), version),
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
            "the adoption” ends four months after the package date. The README lists every rule.")


def package_caption() -> None:
    pkg = queries.package(database())
    st.caption(f"{md(pkg['title'])} · published {format_date(pkg['published_on'])} · data version "
               f"{md(pkg['data_version'])}")


def problems_table(problems: list[Problem]) -> None:
    frame(pd.DataFrame([{"file": p.file, "line": p.line, "column": p.column or "", "problem": p.message,
                         "fix": p.fix} for p in problems]))


def error_page(db: Database) -> None:
    st.title("The data folder has problems")
    st.error(f"{len(db.problems)} problem(s) in `{db.data_dir}`. Nothing was changed on disk; fix the files and "
             "restart the dashboard, or run `python -m tracker check` to see the same list.")
    problems_table(db.problems)


# -- bring your own data -------------------------------------------------------------------
MAX_UPLOAD_BYTES = 20 * 1024 * 1024


def try_upload(table: str, raw: bytes) -> tuple[Database | None, list[Problem]]:
    """Validate an uploaded CSV that replaces one table, with the data folder's rules. Returns
    (Database, []) when it loads cleanly, else (None, problems). Never raises and never writes
    into the data folder."""
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
        db.con.close()
        return None, db.problems
    return db, []


def _use_shipped_data() -> None:
    ss = st.session_state
    ss.pop("_upload_db", None)
    ss.pop("_upload_problems", None)
    ss["_upload_round"] = ss.get("_upload_round", 0) + 1  # a fresh, empty uploader


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


def upload_panel() -> None:
    """Sidebar panel: replace one table with an uploaded CSV for this session only. A file with
    problems is not used (the list is shown); the shipped data is never written."""
    ss = st.session_state
    problems = ss.get("_upload_problems") or []
    active = ss.get("_upload_db")
    with st.expander("Use your own CSV for this session", expanded=bool(problems)):
        st.caption("Replace one table (say, a revised funding sheet) with a CSV of the same columns. It is checked "
                   "with the same rules as the data folder, used in this browser tab only, and never saved.")
        st.selectbox("Table to replace", TABLES, index=TABLES.index("funding"), key="_upload_table",
                     format_func=lambda t: f"{t}.csv", on_change=_check_upload)
        st.file_uploader("CSV file", type=["csv"], key=f"_upload_file_{ss.get('_upload_round', 0)}",
                         on_change=_check_upload)
        if problems:
            st.error(f"{len(problems)} problem(s) in the file: it was not used; the data shown is unchanged.")
            problems_table(problems)
        if active is not None:
            st.success(f"In use: your {', '.join(f'{t}.csv' for t in active.replaced)}.")
            st.button("Back to the shipped data", on_click=_use_shipped_data, key="_upload_back",
                      icon=":material/undo:", width="stretch")


def upload_banner() -> None:
    upload = st.session_state.get("_upload_db")
    if upload is not None:
        st.info(f"You are looking at your uploaded {', '.join(f'{t}.csv' for t in upload.replaced)} in place of the "
                "shipped one, for this session only: the data folder is unchanged and links you share show the "
                "shipped data. Go back to it from “Use your own CSV” in the sidebar.", icon=":material/upload_file:")


def scenarios_file() -> Path:
    return data_dir() / "scenarios.csv"


def as_date(value) -> dt.date | None:
    if value is None or value is pd.NaT or (isinstance(value, float) and pd.isna(value)):
        return None
    return pd.Timestamp(value).date()
