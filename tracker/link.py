"""The view of the link: the URL is the state. Read once per run into a View (`read_view`, called
by dashboard.py); written by every change in one step (`write_keys`: one browser history entry,
so Back undoes it), the keys a change owns replaced and every other key kept.
"""
from __future__ import annotations

from typing import Iterable
from urllib.parse import quote, urlencode

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
    return (new or view()).to_query(queries.choices(database()).default_as_of)


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


def href(query: dict[str, list[str]]) -> str:
    """A query as it goes into a link, every value percent-encoded (a space is %20, which survives
    an e-mail): '?pillar=cbrn&scale=ERDF%20Urban%20Innovative%20Actions%3A-25'; '' when empty."""
    pairs = [(k, v) for k, values in query.items() for v in values]
    return "?" + urlencode(pairs, quote_via=quote, safe="") if pairs else ""


def share_url(query: dict[str, list[str]] | None = None) -> str:
    """The whole link of this page with a query (default: this run's view)."""
    base = (st.context.url or "").split("?", 1)[0]
    return base + href(link_query() if query is None else query)


# A button that copies a link, always visible (the copy icon of st.code shows only on hover).
# Fixed code; the link is given as data and only ever written to the clipboard, never as HTML.
_COPY = st.components.v2.component(
    "tracker_copy_link",
    html='<button type="button">Copy link</button>',
    css="button{font:inherit;padding:.35rem .9rem;border:1px solid #0072B2;border-radius:.5rem;background:#fff;"
        "color:#0072B2;cursor:pointer}button:hover{background:#0072B2;color:#fff}",
    js="""
export default function ({ parentElement, data }) {
    const button = parentElement.querySelector("button");
    const say = (text) => { button.textContent = text; setTimeout(() => { button.textContent = "Copy link"; }, 2000); };
    button.onclick = async () => {
        const url = (data && data.url) || "";
        try {
            await navigator.clipboard.writeText(url);
            say("Copied");
        } catch (err) {  // not a secure context: the old way
            const area = document.createElement("textarea");
            area.value = url;
            document.body.appendChild(area);
            area.select();
            say(document.execCommand("copy") ? "Copied" : "Select the link and copy it");
            area.remove();
        }
    };
}
""")


def copy_button(url: str, key: str) -> None:
    """A visible button that copies `url`."""
    _COPY(key=key, data={"url": url})
