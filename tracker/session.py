"""The database of this session: a version of the data folder's, shared by every session of the
process, or the one an upload built for this browser tab (tracker/upload.py).

Data versions: the folder is looked at on every run (its fingerprint: names, sizes and times of
its files, the folder resolved). When it changes (new files copied in, or TRACKER_DATA_DIR a link
flipped to a later folder), the new version is opened in the background (tracker.database.
open_built: built once into the cache folder) while every session goes on with the one it has.
Once the new version is ready, a new session (a link opened) starts on it; an open tab stays on
its version for every run, so one view never mixes two versions, and it is offered the switch
(`newer`). A new folder with problems is not served: the sessions keep the last good version and
are told why (`refused`).
"""
from __future__ import annotations

import os
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import streamlit as st

from tracker.database import DEFAULT_DATA_DIR, Database, build, fingerprint, open_built

KEEP = 3  # versions kept open per process (the latest and the ones open tabs may still be on)
LOOK_EVERY_S = 1.0  # the folder's fingerprint is taken at most this often (a run asks for the database ~40 times)


def data_dir() -> Path:
    return Path(os.environ.get("TRACKER_DATA_DIR") or DEFAULT_DATA_DIR)


def _open(path: str) -> Database:
    # `build` looked up here, so a benchmark can count builds
    return open_built(path, builder=build, serve_while_writing=True)


@dataclass
class Versions:
    """The versions of one data folder this process serves."""

    path: str
    ready: dict[str, Database] = field(default_factory=dict)  # by fingerprint, oldest first
    latest: Database | None = None
    refused: Database | None = None  # the latest folder, when it has problems
    _opening: str | None = None
    _looked: float = float("-inf")
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def current(self) -> Database:
        """The latest version ready; opens a changed folder in the background (the first version
        in the foreground). The folder is looked at once a second at most."""
        if self.latest is not None and time.monotonic() - self._looked < LOOK_EVERY_S:
            return self.latest
        key = fingerprint(self.path)
        self._looked = time.monotonic()
        with self._lock:
            if self.latest is None:
                self._take(key, _open(self.path))
            elif key not in self.ready and key != self._opening and (self.refused is None or self.refused.key != key):
                self._opening = key
                threading.Thread(target=self._open_later, args=(key,), name="tracker-version", daemon=True).start()
            return self.latest

    def wait(self) -> None:
        """Return once no version is being opened (tests)."""
        while self._opening is not None:
            threading.Event().wait(0.05)

    def _open_later(self, key: str) -> None:
        try:
            db = _open(self.path)
        except Exception:  # noqa: BLE001 - the folder changed while it was read: the next run tries again
            db = None
        with self._lock:
            if db is not None:
                self._take(key, db)
            self._opening = None

    def _take(self, key: str, db: Database) -> None:
        if not db.ok and self.latest is not None and self.latest.ok:
            self.refused = db  # keep serving the last good version
            return
        self.refused = None
        db.key = key  # a version is named by its fingerprint (the queries' caches too)
        self.ready[key] = self.latest = db
        while len(self.ready) > KEEP:
            self.ready.pop(next(iter(self.ready)))


_VERSIONS: dict[str, Versions] = {}
_VERSIONS_LOCK = threading.Lock()


def _versions(path: str) -> Versions:
    """The versions of a data folder, one object per server process shared by every session (a
    run asks ~20 times: a dictionary lookup, not st.cache_resource's hashing)."""
    try:
        return _VERSIONS[path]
    except KeyError:
        with _VERSIONS_LOCK:
            return _VERSIONS.setdefault(path, Versions(path))


def _load(path: str) -> Database:
    """The latest version of a data folder (building it when this process has none)."""
    return _versions(path).current()


def preload() -> None:
    """Open the data folder's database now (from `python -m tracker serve`, before any browser
    connects). Never raises: a failure here is met again, and shown, by the first session."""
    try:
        _load(str(data_dir()))
    except Exception:  # noqa: BLE001 - the first session reports it
        pass


def database() -> Database:
    """This session's database: the one built with an uploaded CSV, or the version of the data
    folder this session is on (the latest when it started, or when it switched)."""
    upload = st.session_state.get("_upload_db")
    if upload is not None:
        return upload
    versions = _versions(str(data_dir()))
    latest = versions.current()
    pinned = versions.ready.get(st.session_state.get("_data_key", ""))
    if pinned is None or not pinned.ok:  # a new session, its version let go, or one with problems: the latest
        pinned = latest
        st.session_state["_data_key"] = latest.key
    return pinned


def newer() -> Database | None:
    """The latest version, when this session is on an older one."""
    versions = _versions(str(data_dir()))
    on = st.session_state.get("_data_key")
    latest = versions.latest
    return latest if latest is not None and on and latest.key != on and "_upload_db" not in st.session_state else None


def refused() -> Database | None:
    """The data folder as it is now, when it has problems and an older version is served."""
    return _versions(str(data_dir())).refused


def switch_to_latest() -> None:
    """Callback: this session moves to the latest version (its link, its view, stay)."""
    latest = _versions(str(data_dir())).latest
    if latest is not None:
        st.session_state["_data_key"] = latest.key


def scenarios_file() -> Path:
    return data_dir() / "scenarios.csv"
