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
from dataclasses import replace
from pathlib import Path

import pandas as pd
import streamlit as st

from tracker import export, queries, words
from tracker.database import DEFAULT_DATA_DIR, Database, build
from tracker.filters import URL_KEYS, Filters, View, When, describe, format_date, parse_query
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
def read_view(page: str) -> View:
    """The view of this run, from the URL (dashboard.py calls this once, before the sidebar,
    with the url path of the page shown); the sidebar widgets are set to it, so that Back and
    Forward move them too."""
    st.session_state["_page"] = page
    db = database()
    view, notices = parse_query({k: st.query_params.get_all(k) for k in URL_KEYS}, queries.choices(db))
    f, w = view.filters, view.when
    shown = {"pillar": list(f.pillars), "actor": list(f.actors), "instrument": list(f.instruments),
             "status": list(f.statuses), "q": f.q, "background": f.background, "as_of": w.as_of,
             "due_from": w.due_from, "due_to": w.due_to}
    for key, value in shown.items():
        if st.session_state.get(key) != value:
            st.session_state[key] = value
    st.session_state["_view"], st.session_state["_notices"] = view, notices
    return view


def view() -> View:
    """The view of this run (see read_view)."""
    return st.session_state["_view"]


def link_query(new: View | None = None) -> dict[str, list[str]]:
    """The URL query of a view (default: this run's); keys at their default left out."""
    return (new or view()).to_query(queries.choices(database()).package_date)


def write_view(new: View) -> None:
    """Put a view into the URL, in one step (one browser history entry), keeping the keys of
    the page itself (an open measure, the what-if levers)."""
    own = {k: st.query_params.get_all(k) for k in st.query_params if k not in URL_KEYS}
    st.query_params.from_dict({**own, **link_query(new)})


def _one_date(value) -> dt.date | None:
    if isinstance(value, (tuple, list)):  # a range picker given one date
        value = value[0] if value else None
    return value if isinstance(value, dt.date) else None


def _filters_changed() -> None:
    """Callback of every sidebar filter: the widgets' values become the link."""
    ss = st.session_state
    filters = Filters(tuple(ss.get("pillar") or ()), tuple(ss.get("actor") or ()), tuple(ss.get("instrument") or ()),
                      tuple(ss.get("status") or ()), (ss.get("q") or "").strip(), bool(ss.get("background")))
    when = When(_one_date(ss.get("as_of")) or view().as_of, _one_date(ss.get("due_from")), _one_date(ss.get("due_to")))
    write_view(View(filters, when))


def reset_filters() -> None:
    write_view(View(Filters(), When(queries.choices(database()).package_date)))


# Two browser habits Streamlit's widgets lack, as a small component (fixed code, no data in it):
# - Enter applies a typed date. A date_input applies what is typed when it loses focus with its
#   calendar closed (clicking into the field opens the calendar); Enter in a date field now
#   closes the calendar (Escape) and takes the focus off the field.
# - On a phone, choosing a page in the sidebar closes the sidebar (the page links are
#   st.page_link, which keep the filters in the link but leave the sidebar open).
_BROWSER_HABITS = st.components.v2.component("tracker_browser_habits", js="""
export default function () {
    if (window.__trackerBrowserHabits) return;
    window.__trackerBrowserHabits = true;
    document.addEventListener("keydown", (event) => {
        const field = event.target.closest && event.target.closest('[data-testid="stDateInput"]');
        if (event.key !== "Enter" || !field) return;
        event.preventDefault();
        event.target.dispatchEvent(new KeyboardEvent("keydown", {key: "Escape", bubbles: true}));
        setTimeout(() => document.activeElement && document.activeElement.blur(), 0);
    }, true);
    document.addEventListener("click", (event) => {
        const link = event.target.closest && event.target.closest('[data-testid="stSidebar"] a');
        const close = document.querySelector('[data-testid="stSidebarCollapseButton"] button');
        if (link && close && window.innerWidth < 768) setTimeout(() => close.click(), 0);
    }, true);
}
""")


def sidebar(pages: list) -> None:
    """The page links (each keeps the filters) and the shared filters."""
    ch = queries.choices(database())
    for page in pages:
        st.page_link(page, query_params=link_query())
    st.markdown("### Filters")
    for notice in st.session_state.get("_notices", []):
        st.warning(notice, icon="⚠️")
    dates = dict(min_value=ch.min_date, max_value=ch.max_date, format="YYYY-MM-DD", on_change=_filters_changed)
    st.date_input("Status as of", key="as_of", **dates,
                  help=f"Deadline statuses are read for this day. The package date is {format_date(ch.package_date)}; "
                       "move it to see what is due, late or delivered on any day.")
    st.date_input("Due from", value=None, key="due_from", **dates,
                  help="Only the deadlines whose window ends on or after this day (empty: no limit).")
    st.date_input("Due to", value=None, key="due_to", **dates,
                  help="Only the deadlines whose window ends on or before this day (empty: no limit).")
    st.multiselect("Pillar", list(ch.pillars), format_func=ch.pillars.get, key="pillar", on_change=_filters_changed,
                   placeholder="All pillars", select_all=False, filter_mode="contains")
    st.multiselect("Actor (any role)", list(ch.actors), format_func=ch.actors.get, key="actor",
                   on_change=_filters_changed, placeholder="All actors", select_all=False, filter_mode="contains",
                   help="An actor includes its units: Europol includes its Counter-Terrorism Centre.")
    st.multiselect("Funding instrument", list(ch.instruments), key="instrument", on_change=_filters_changed,
                   placeholder="All instruments", select_all=False, filter_mode="contains")
    st.multiselect("Status at publication", list(ch.statuses), format_func=ch.statuses.get, key="status",
                   on_change=_filters_changed, placeholder="Any status", select_all=False, filter_mode="contains")
    st.text_input("Search", key="q", on_change=_filters_changed, max_chars=200, placeholder="words in a title or quote")
    st.toggle("Show background items", key="background", on_change=_filters_changed,
              help="What the texts quote as background: earlier plans, laws and budgets, past events. Headline "
                   "counts are always the package's own actions.")
    st.caption("Every filter is in the page address: copy the link to share this exact view.")
    _BROWSER_HABITS(key="browser_habits")


def counts() -> dict[str, int]:
    """The view's measures, the background items shown, and those hidden (not shown): one query
    for the sentence, the note, the downloads and the measures page."""
    f = view().filters
    both = queries.measure_counts(database(), replace(f, background=True))  # the same measures, background on
    shown = f.shows_background
    return {"measures": both["measures"], "background": both["background"] if shown else 0,
            "hidden": 0 if shown else both["background"]}


def filter_sentence() -> None:
    """The plain sentence of what is shown, with a one-click reset."""
    v, db = view(), database()
    n = counts()
    row = st.container(horizontal=True, vertical_alignment="center")
    row.markdown("**Showing:** " + md(describe(v, queries.choices(db), n["measures"], n["background"])),
                 width="stretch")
    row.button("Reset filters", on_click=reset_filters, key="reset_filters", width="content",
               disabled=v.filters.is_default and v.when == When(queries.choices(db).package_date))


def background_note() -> None:
    """On every page: how many background items the filters hide, and how to show them."""
    hidden = counts()["hidden"]
    if hidden:
        st.caption(f"{hidden} background items (earlier plans, laws, budgets and past events the texts quote) "
                   "are not shown: turn on “Show background items” in the sidebar to see them.")


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
    write_view(View(replace(f, pillars=picked["pillar"], actors=picked["actor"], instruments=picked["instrument"]),
                    view().when))


def chart(fig, key: str, title: str, targets: dict[str, int] | None = None, separator: str | None = None) -> None:
    """A figure under its title; with `targets`, clicking a mark narrows the shared filters."""
    st.markdown(f"**{md(title)}**")
    config = {"displaylogo": False, "toImageButtonOptions": {"format": "png", "filename": key, "scale": 2}}
    if targets:
        st.plotly_chart(fig, key=key, on_select=lambda: apply_selection(key, targets, separator),
                        selection_mode=("points",), config=config, width="stretch")
    else:
        st.plotly_chart(fig, key=key, config=config, width="stretch")


# -- tables, provenance and export ---------------------------------------------------------
DATE_COLUMNS = ("due_from", "due_by", "outcome_on", "happened_on", "next_due_by", "published_on",
                "baseline_due_from", "baseline_due_by", "known_by")
EURO_COLUMNS = ("amount_eur", "new_money_eur", "baseline_amount_eur", "change_eur")


def md(text) -> str:
    """Text from the data made inert for Markdown (no links, emphasis or HTML)."""
    return re.sub(r"([\\`*_{}\[\]()#+\-.!|<>~$])", r"\\\1", str(text if text is not None else ""))


def column_config(columns, extra: dict | None = None) -> dict:
    """Headers in words, the quote wide, dates as dates, euros with separators."""
    config: dict = {}
    for col in columns:
        label = words.HEADERS.get(col, col.replace("_", " ").capitalize())
        if col == "source_quote":
            config[col] = st.column_config.TextColumn(label, width="large",
                                                      help="The words of the source text this row comes from")
        elif col in DATE_COLUMNS:
            config[col] = st.column_config.DateColumn(label, format="D MMM YYYY")
        elif col in EURO_COLUMNS:
            config[col] = st.column_config.NumberColumn(label, format="%,.0f")
        elif col in ("source_url", "url"):
            config[col] = st.column_config.LinkColumn("Link", display_text="open", help="The official publication")
        else:
            config[col] = st.column_config.Column(label)
    return {**config, **(extra or {})}


def frame(df: pd.DataFrame, columns: list[str] | None = None, key: str | None = None, extra: dict | None = None,
          on_select=None) -> None:
    """A table in words: `columns` (default: all) shown in order, codes as words."""
    columns = list(columns or df.columns)
    kwargs = dict(on_select=on_select, selection_mode="single-row") if on_select else {}
    st.dataframe(words.readable(df[columns]), hide_index=True, column_config=column_config(columns, extra), key=key,
                 width="stretch", **kwargs)


def table(df: pd.DataFrame, key: str, title: str, columns: list[str], ids: list[str] = (),
          opens_measure: bool = False, extra: dict | None = None, heading: bool = False) -> None:
    """A data table in words with its CSV and Excel downloads: `columns` shown and exported in
    order, `ids` only exported, after them. With `opens_measure`, clicking a row opens its
    measure (the row's measure_id) on the measures page; with `heading`, the title is written
    above it."""
    if heading:
        st.subheader(title)
    on_select = (lambda: _row_opened(f"df_{key}", df)) if opens_measure else None
    frame(df, columns, key=f"df_{key}", extra=extra, on_select=on_select)
    if opens_measure:
        st.caption("Click a row to open its measure.")
        if st.session_state.get("_open_measure"):
            st.switch_page("pages/measures_page.py", query_params={**link_query(),
                                                                  "measure": st.session_state.pop("_open_measure")})
    downloads(lambda: df[[*columns, *[c for c in ids if c not in columns]]], key, title)


def _row_opened(key: str, df: pd.DataFrame) -> None:
    rows = (((st.session_state.get(key) or {}).get("selection") or {}).get("rows")) or []
    if rows and 0 <= rows[0] < len(df):
        st.session_state["_open_measure"] = str(df.iloc[rows[0]]["measure_id"])


def downloads(make, key: str, title: str) -> None:
    """CSV and Excel buttons for a frame made by `make()` (only when a button is clicked); the
    file's name says what it holds and the filters; the Excel file's about sheet says the rest."""
    db, v = database(), view()
    version = queries.package(db)["data_version"] + (" + session upload" if db.replaced else "")
    name = export.file_name(st.session_state.get("_page", "dashboard"), key, link_query(), v.as_of, version)
    n = counts()
    about = export.About(title, describe(v, queries.choices(db), n["measures"], n["background"]), version,
                         "?" + "&".join(f"{k}={x}" for k, values in link_query().items() for x in values))
    row = st.container(horizontal=True)
    row.download_button("Download CSV", data=lambda: export.to_csv(words.readable(make())), file_name=f"{name}.csv",
                      mime="text/csv", key=f"csv_{key}", icon=":material/download:", on_click="ignore")
    row.download_button("Download Excel", data=lambda: export.to_excel(words.readable(make()), about),
                      file_name=f"{name}.xlsx", key=f"xlsx_{key}", icon=":material/table:", on_click="ignore",
                      mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


def status_rule() -> None:
    with st.expander("How a deadline's status is decided"):
        S = words.STATUS
        st.markdown(
            "For the **Status as of** date in the sidebar, first match wins. An outcome counts from the day it is "
            "known: a step the documents date to a month counts once that month is over; one they only report, "
            "from the document's date.\n\n"
            f"1. **{S['context']}**: a past date the texts mention as background.\n"
            f"2. **{S['delivered_on_time']}**: a later document reports it delivered, by the deadline.\n"
            f"3. **{S['delivered_late']}**: delivered, and not before the day after the deadline (by how many days).\n"
            f"4. **{S['delivered']}**: delivered, but the documents do not date it closely enough to tell.\n"
            f"5. **{S['delivered_in_part']}** or **{S['not_delivered'].lower()}**: what a document reports.\n"
            f"6. **{S['upcoming']}**: the date is before the window opens.\n"
            f"7. **{S['due_now']}**: the date is inside the window.\n"
            f"8. **{S['no_report']}**: the window has closed and none of the documents read after it reports on it "
            "(each such row lists what was read, up to which date).\n"
            f"9. **{S['overdue']}**: the window has closed and no delivery is recorded yet.\n\n"
            "A window is the period the words imply: “in November 2017” is 1–30 November 2017; "
            "“by January 2018” runs from the package date to 31 January 2018; “within four months after "
            "the adoption” ends four months after the package date. The README lists every rule.")


def package_caption() -> None:
    pkg = queries.package(database())
    st.caption(f"{md(pkg['title'])} · published {format_date(pkg['published_on'])} · data version "
               f"{md(pkg['data_version'])}")


def problems_table(problems: list[Problem]) -> None:
    st.dataframe(pd.DataFrame([{"file": p.file, "line": p.line, "column": p.column or "", "problem": p.message,
                                "fix": p.fix} for p in problems]), hide_index=True, width="stretch")


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
