"""The sidebar: the page links (each keeps the filters), the shared filters (one widget per entry of
tracker.filters.FILTERS, and the dates), and what every page says about them: the filter sentence
and the background note."""
from __future__ import annotations

import datetime as dt
from dataclasses import replace

import streamlit as st

from tracker import queries
from tracker.filters import FILTERS, MAX_Q, Filters, View, When, describe
from tracker.link import link_query, view, write_view
from tracker.session import database
from tracker.ui import md
from tracker.words import day, plural


def _one_date(value) -> dt.date | None:
    if isinstance(value, (tuple, list)):  # a range picker given one date
        value = value[0] if value else None
    return value if isinstance(value, dt.date) else None


def _filters_changed() -> None:
    """Callback of every sidebar filter: the widgets' values become the link."""
    ss = st.session_state
    read = {"ids": lambda v: tuple(v or ()), "text": lambda v: (v or "").strip(), "flag": bool}
    filters = Filters(**{s.field: read[s.kind](ss.get(s.key)) for s in FILTERS})
    when = When(_one_date(ss.get("as_of")) or view().as_of, _one_date(ss.get("due_from")), _one_date(ss.get("due_to")))
    write_view(View(filters, when))


def reset_filters() -> None:
    write_view(View(Filters(), When(queries.choices(database()).default_as_of)))


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
                  help=f"Deadline statuses are read for this day: by default {day(ch.default_as_of)}, the latest "
                       f"document read. The package date is {day(ch.package_date)}; "
                       "move it to see what is due, late or delivered on any day.")
    st.date_input("Due from", value=None, key="due_from", **dates,
                  help="Only the deadlines whose window ends on or after this day (empty: no limit).")
    st.date_input("Due to", value=None, key="due_to", **dates,
                  help="Only the deadlines whose window ends on or before this day (empty: no limit).")
    for s in FILTERS:
        if s.kind == "ids":
            labels = getattr(ch, s.field)
            st.multiselect(s.label, list(labels), format_func=labels.get, key=s.key, on_change=_filters_changed,
                           placeholder=s.placeholder, select_all=False, filter_mode="contains", help=s.help)
        elif s.kind == "text":
            st.text_input(s.label, key=s.key, on_change=_filters_changed, max_chars=MAX_Q, placeholder=s.placeholder,
                          help=s.help)
        else:
            st.toggle(s.label, key=s.key, on_change=_filters_changed, help=s.help)
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
               disabled=v.filters.is_default and v.when == When(queries.choices(db).default_as_of))


def background_note() -> None:
    """On every page: how many background items the filters hide, and how to show them."""
    hidden = counts()["hidden"]
    if hidden:
        st.caption(f"{plural(hidden, 'background item')} (earlier plans, laws, budgets and past events the texts "
                   f"quote) {'is' if hidden == 1 else 'are'} not shown: turn on “Show background items” in the sidebar "
                   "to see them.")
