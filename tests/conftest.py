"""Shared fixtures: the real data folder, the tiny fixture folder, and fast AppTest."""
from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
# built databases of this test run (and of the servers it starts) go to a folder of their own
os.environ.setdefault("TRACKER_CACHE_DIR", tempfile.mkdtemp(prefix="tracker-cache-"))
DATA = ROOT / "data"
TINY = ROOT / "tests" / "fixtures" / "tiny"


@pytest.fixture(scope="session")
def real_db():
    from tracker.database import build
    db = build(DATA)
    assert db.problems == []
    return db


@pytest.fixture(scope="session")
def tiny_db():
    from tracker.database import build
    db = build(TINY)
    assert db.problems == []
    return db


@pytest.fixture(autouse=True, scope="session")
def _no_component_scan():
    """AppTest spends most of a new instance's time scanning installed packages for custom
    components; the dashboard uses none, so the scan is skipped in tests."""
    import streamlit.components.v2.manifest_scanner as scanner
    original = scanner.scan_component_manifests
    scanner.scan_component_manifests = lambda *a, **k: []
    yield
    scanner.scan_component_manifests = original


@pytest.fixture
def app(monkeypatch):
    """A factory for AppTest on dashboard.py, optionally on another data folder."""
    from streamlit.testing.v1 import AppTest

    def make(query: dict | None = None, data_dir: Path | None = None):
        if data_dir is not None:
            monkeypatch.setenv("TRACKER_DATA_DIR", str(data_dir))
        else:
            monkeypatch.delenv("TRACKER_DATA_DIR", raising=False)
        at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
        for key, value in (query or {}).items():
            at.query_params[key] = value
        return at

    os.chdir(ROOT)
    return make
