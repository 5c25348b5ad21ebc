"""Bring your own data: a CSV that replaces one table for this browser tab only, checked with the
data folder's rules and never written anywhere."""
from __future__ import annotations

import streamlit as st

from tracker.database import Database, build
from tracker.problems import Problem
from tracker.session import data_dir
from tracker.staging import TABLES
from tracker.ui import problems_table
from tracker.words import plural


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
            st.error(f"{plural(len(problems), 'problem')} in the file: it was not used; the data shown is unchanged.")
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
