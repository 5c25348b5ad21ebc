"""The browser floor: a bare Streamlit page with the dashboard's sidebar "Pillar" multiselect
and as many Plotly charts and tables as one dashboard page draws, each with tiny content that
follows the selection (so every change redraws them), no data, no queries, no URL writing.

bench/run.py serves it with `streamlit run bench/floor_app.py` (its own server, beside the
dashboard's) and opens `/?charts=N&tables=M`, N and M counted in the real page's DOM
(.js-plotly-plot and [data-testid="stDataFrame"]); the Pillar options are the labels of the
dashboard's (BENCH_FLOOR_OPTIONS, separated by '|'). A click in its sidebar then costs what
Streamlit itself costs for that page: the rerun, the messages, and the browser redrawing that
many charts and tables.
"""
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


st.set_page_config(page_title="Floor", layout="wide")
with st.sidebar:
    st.markdown("### Filters")
    chosen = st.multiselect("Pillar", OPTIONS, key="pillar", placeholder="All pillars")

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
