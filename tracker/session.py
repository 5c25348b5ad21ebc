"""The database of this session: the data folder's, built once per server process and shared by
every session, or the one an upload built for this browser tab (tracker/upload.py)."""
from __future__ import annotations

import os
from pathlib import Path

import streamlit as st

from tracker.database import DEFAULT_DATA_DIR, Database, build


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


def scenarios_file() -> Path:
    return data_dir() / "scenarios.csv"
