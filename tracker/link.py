"""The view of the link: the URL is the state. Read once per run into a View (`read_view`, called
by dashboard.py); written by every change in one step (`write_keys`: one browser history entry,
so Back undoes it), the keys a change owns replaced and every other key kept.
"""
from __future__ import annotations

from typing import Iterable

import streamlit as st

from tracker import queries
from tracker.filters import FILTERS, URL_KEYS, View, parse_query
from tracker.session import database


def read_view(page: str) -> View:
    """The view of this run, from the URL (dashboard.py calls this once, before the sidebar,
    with the url path of the page shown); the sidebar widgets are set to it, so that Back and
    Forward move them too."""
    st.session_state["_page"] = page
    db = database()
    view, notices = parse_query({k: st.query_params.get_all(k) for k in URL_KEYS}, queries.choices(db))
    shown = {s.key: list(value) if isinstance(value, tuple) else value
             for s in FILTERS for value in [getattr(view.filters, s.field)]}
    shown.update(as_of=view.when.as_of, due_from=view.when.due_from, due_to=view.when.due_to)
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


def write_keys(values: dict[str, list[str]], owned: Iterable[str]) -> None:
    """Put `values` into the URL in one step (one browser history entry): the keys in `owned` take
    the values given (or go, when not given); every other key stays."""
    owned = set(owned) | set(values)
    kept = {k: st.query_params.get_all(k) for k in st.query_params if k not in owned}
    st.query_params.from_dict({**kept, **values})


def write_view(new: View) -> None:
    """Put a view into the URL, keeping the keys of the page itself (an open measure, the what-if
    levers)."""
    write_keys(link_query(new), URL_KEYS)
