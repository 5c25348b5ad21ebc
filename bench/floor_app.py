"""The browser floor: a bare Streamlit page with the dashboard's sidebar "Pillar" multiselect
and as many Plotly charts and tables as one dashboard page draws, each with tiny content that
follows the selection (so every change redraws them), no data, no queries, no URL writing.

bench/run.py serves it with `streamlit run bench/floor_app.py` (its own server, beside the
dashboard's) and opens `/?charts=N&tables=M`, N and M counted in the real page's DOM
(.js-plotly-plot and [data-testid="stDataFrame"]); the Pillar options are the labels of the
dashboard's (BENCH_FLOOR_OPTIONS, separated by '|'). A click in its sidebar then costs what
Streamlit itself costs for that page: the rerun, the messages, and the browser redrawing that
many charts and tables.

With `&side=KIND,KIND,...` (the kinds of the real sidebar's elements in order, read from its
DOM: the data-testid of each element, see SIDE) the sidebar holds one bare widget of each
instead, the first multiselect being the Pillar one: what the same sidebar costs Streamlit,
with no data behind it. Kinds it does not know are left out.
"""
import datetime as dt
import os

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

OPTIONS = [o for o in os.environ.get("BENCH_FLOOR_OPTIONS", "").split("|") if o] or ["a", "b", "c"]


def count(key: str) -> int:
    try:
        return max(0, min(100, int(st.query_params.get(key) or 0)))
    except ValueError:
        return 0


DAYS = dict(min_value=dt.date(2017, 1, 1), max_value=dt.date(2020, 12, 31), format="YYYY-MM-DD")
SIDE = {  # data-testid of a sidebar element -> a bare widget of that kind (i: its place in the sidebar)
    "stPageLink": lambda i: st.page_link(f"http://127.0.0.1/{i}", label=f"Page {i}", icon=":material/list:"),
    "stMarkdown": lambda i: st.caption(f"A line of words {i}"),
    "stDateInput": lambda i: st.date_input(f"Date {i}", value=None, key=f"date_{i}", **DAYS),
    "stMultiSelect": lambda i: st.multiselect(f"Choice {i}", OPTIONS, key=f"multi_{i}"),
    "stTextInput": lambda i: st.text_input(f"Text {i}", key=f"text_{i}"),
    "stCheckbox": lambda i: st.toggle(f"Switch {i}", key=f"toggle_{i}"),
    "stSelectbox": lambda i: st.selectbox(f"One of {i}", OPTIONS, key=f"select_{i}"),
    "stFileUploader": lambda i: st.file_uploader(f"File {i}", type=["csv"], key=f"file_{i}"),
}

st.set_page_config(page_title="Floor", layout="wide")
side = [k for k in (st.query_params.get("side") or "").split(",") if k in SIDE]
with st.sidebar:
    if "stMultiSelect" not in side:
        st.markdown("### Filters")
        chosen = st.multiselect("Pillar", OPTIONS, key="pillar", placeholder="All pillars")
    pillar_at = side.index("stMultiSelect") if "stMultiSelect" in side else None
    for i, kind in enumerate(side):
        if i == pillar_at:
            chosen = st.multiselect("Pillar", OPTIONS, key="pillar", placeholder="All pillars")
        else:
            SIDE[kind](i)

shown = chosen or OPTIONS
st.title("Floor")
st.markdown(f"**Showing:** {len(shown)} of {len(OPTIONS)}")
for i in range(count("charts")):
    fig = go.Figure(go.Bar(x=shown, y=[len(s) + i for s in shown]))
    fig.update_layout(height=300, margin=dict(l=0, r=0, t=20, b=0))
    st.plotly_chart(fig, key=f"floor_chart_{i}", width="stretch")
for i in range(count("tables")):
    st.dataframe(pd.DataFrame({"option": shown, "n": [len(s) + i for s in shown]}), hide_index=True,
                 key=f"floor_table_{i}", width="stretch")
