"""Fixtures of the browser tests: one Streamlit server and one Chromium for the session,
a fresh browser context per page. Helpers are in e2e_support.py."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from e2e_support import (CHROMIUM, CHROMIUM_ARGS, DESKTOP, TIMEOUT_MS, start_server, stop_server,  # noqa: E402
                         warm_up)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).exists(), f"no Chromium at {CHROMIUM}: run `make browser`"
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture(scope="session")
def server(browser, tmp_path_factory):
    srv = start_server(tmp_path_factory.mktemp("server"))
    try:
        warm_up(srv, browser)
        yield srv
    finally:
        stop_server(srv)


@pytest.fixture
def new_page(browser):
    """A factory of pages, each in its own fresh context; all are closed after the test."""
    contexts = []

    def make(viewport: dict | None = None, **kw):
        ctx = browser.new_context(viewport=viewport or DESKTOP, **kw)
        ctx.set_default_timeout(TIMEOUT_MS)
        contexts.append(ctx)
        return ctx.new_page()

    yield make
    for ctx in contexts:
        ctx.close()


@pytest.fixture
def page(new_page):
    return new_page()
