"""Streamlit glue shared by the pages: text from the data made inert for Markdown, charts that
narrow the filters when clicked, the status rule, the package's caption and the error page.

The rest of the glue is in modules named by their job: tracker/session.py (the database of this
session), tracker/link.py (the view of the link), tracker/sidebar.py (the filters), tracker/tables.py
(tables and downloads), tracker/upload.py (a CSV for one session).
"""
from __future__ import annotations

import re
from dataclasses import replace

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from tracker import charts, queries, session, words
from tracker.database import Database
from tracker.filters import FILTERS, View
from tracker.link import view, write_view
from tracker.problems import Problem
from tracker.session import database


def md(text) -> str:
    """Text from the data made inert for Markdown (no links, emphasis or HTML)."""
    return re.sub(r"([\\`*_{}\[\]()#+\-.!|<>~$])", r"\\\1", str(text if text is not None else ""))


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
    ch, f = queries.choices(database()), view().filters
    picked = {}
    for s in FILTERS:
        if s.key in targets:
            values = tuple(v for v in selected_ids(points, targets[s.key], separator) if v in getattr(ch, s.field))
            if values:
                picked[s.field] = values
    write_view(View(replace(f, **picked), view().when))


def _frame_key(df: pd.DataFrame) -> bytes:
    """A frame's rows by value, as the key of a kept figure: the text of its columns, types, index
    and values, which takes under 1 ms for a page's rows where Streamlit's own hashing of a
    DataFrame takes ~5 ms (measured on the overview's two frames, every run). A pickle would be
    quicker still, but two equal frames may pickle differently."""
    return repr((list(df.columns), [str(t) for t in df.dtypes], df.index.tolist(), df.values.tolist())).encode()


@st.cache_resource(show_spinner=False, max_entries=500, hash_funcs={pd.DataFrame: _frame_key})
def figure(name: str, *args) -> go.Figure:
    """`charts.<name>(*args)`, kept once for every session: the same rows (by value) make the
    same figure, which st.plotly_chart only reads. Under a meeting's load, building the same
    figure again is the largest part of a run that every session repeats."""
    return getattr(charts, name)(*args)


def chart(fig, key: str, title: str, targets: dict[str, int] | None = None, separator: str | None = None,
          select: bool = False) -> list | None:
    """A figure under its title; with `targets`, clicking a mark narrows the shared filters; with
    `select`, the customdata of the marks clicked are returned (a page opens what is behind them)."""
    st.markdown(f"**{md(title)}**")
    config = {"displaylogo": False, "toImageButtonOptions": {"format": "png", "filename": key, "scale": 2}}
    if targets:
        st.plotly_chart(fig, key=key, on_select=lambda: apply_selection(key, targets, separator),
                        selection_mode=("points",), config=config, width="stretch")
    elif select:
        event = st.plotly_chart(fig, key=key, on_select="rerun", selection_mode=("points",), config=config,
                                width="stretch")
        return [p.get("customdata") for p in ((event or {}).get("selection") or {}).get("points") or []
                if p.get("customdata")]
    else:
        st.plotly_chart(fig, key=key, config=config, width="stretch")
    return None


def status_rule() -> None:
    with st.expander("How a deadline's status is decided"):
        S = words.STATUS
        st.markdown(
            "For the **Status as of** date in the sidebar, first match wins. An outcome counts from the day it is "
            "known: a step the documents date to a month counts once that month is over; one they only report, "
            "from the document's date.\n\n"
            f"1. **{S['context']}**: a past date the texts mention as background.\n"
            f"2. **{S['delivered_on_time']}**: a later document reports it delivered, by the deadline. Only the "
            "institution, agency or authority that acted settles an outcome; a press report supports one, never "
            "alone.\n"
            f"3. **{S['delivered_late']}**: delivered, and not before the day after the deadline (by how many days).\n"
            f"4. **{S['delivered']}**: delivered, but the documents do not date it closely enough to tell.\n"
            f"5. **{S['delivered_in_part']}** or **{S['not_delivered'].lower()}**: what a document reports.\n"
            f"6. **{S['upcoming']}**: the date is before the window opens.\n"
            f"7. **{S['due_now']}**: the date is inside the window.\n"
            f"8. **{S['not_checked']}**: the window has closed and the document that should report on it could not "
            "be read (each such row names it, and what was read instead).\n"
            f"9. **{S['no_report']}**: the window has closed and none of the documents read after it reports on it "
            "(each such row lists what was read, up to which date).\n"
            f"10. **{S['overdue']}**: the window has closed and no delivery is recorded yet.\n\n"
            "A window is the period the words imply: “in November 2017” is 1–30 November 2017; "
            "“by January 2018” runs from the package date to 31 January 2018; “within four months after "
            "the adoption” ends four months after the package date. The README lists every rule.")


def package_caption() -> None:
    db = database()
    pkg = queries.package(db)
    st.caption(f"{md(pkg['title'])} · published {words.day(pkg['published_on'])} · data version "
               f"{md(queries.data_version(db))}")


def problems_table(problems: list[Problem]) -> None:
    st.dataframe(pd.DataFrame([{"file": p.file, "line": p.line, "column": p.column or "", "problem": p.message,
                                "fix": p.fix} for p in problems]), hide_index=True, width="stretch")


def error_page(db: Database) -> None:
    st.title("The data folder has problems")
    st.error(f"{words.plural(len(db.problems), 'problem')} in `{db.data_dir}`. Nothing was changed on disk; fix the files and "
             "restart the dashboard, or run `python -m tracker check` to see the same list.")
    problems_table(db.problems)


def version_banner() -> None:
    """On every page: the switch when a newer data version is ready, and why a changed data folder
    is not served (the version shown is at the foot of the sidebar: version_caption)."""
    db = session.database()
    version = queries.data_version(db)
    newer, refused = session.newer(), session.refused()
    if newer is not None:
        row = st.container(horizontal=True, vertical_alignment="center")
        row.info(f"Newer data is ready: version {md(queries.data_version(newer))}. This tab stays on "
                 f"version {md(version)} until you switch, so that nothing you see changes under you.",
                 icon=":material/update:", width="stretch")
        row.button("Switch to the new data", on_click=session.switch_to_latest, key="switch_data", width="content")
    if refused is not None:
        st.warning(f"The data folder has changed, but it has {words.plural(len(refused.problems), 'problem')} "
                   f"(run `python -m tracker check`), so it is not shown: this is still data version {md(version)}.",
                   icon="⚠️")


def version_caption() -> None:
    """The data version this tab shows, at the foot of the sidebar."""
    st.sidebar.caption(f"Data version {md(queries.data_version(session.database()))}")
