"""The floor: a bare Streamlit script that draws the same skeleton as one dashboard page, with no
data and no queries: the dashboard's sidebar widgets, then as many of each element as the page
shows (widgets, metrics, text, tables, tabs, expanders, columns), each with tiny content, and as
many tiny Plotly charts. bench/run.py counts a page's elements under AppTest, passes the counts
in the query parameter `skeleton` (kind:count,...) and times this script's rerun after a filter
change the same way as the page's: what Streamlit itself costs for that page.
"""
import datetime as dt

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

PILLARS = ["public-spaces", "explosives-finance", "cbrn", "encryption", "radicalisation", "external",
           "cross-cutting"]
TINY = pd.DataFrame({"id": ["a", "b"], "value": [1, 2]})

with st.sidebar:
    st.date_input("Status as of", value=dt.date(2017, 10, 18), key="as_of")
    st.multiselect("Pillar", PILLARS, key="pillar")
    st.multiselect("Actor (any role)", ["commission", "europol", "member-states"], key="actor")
    st.multiselect("Funding instrument", ["ISF-Police", "Horizon 2020"], key="instrument")
    st.multiselect("Status at publication", ["new", "planned", "ongoing", "context"], key="status")
    st.text_input("Search", key="q")
    with st.expander("Use your own CSV for this session"):
        st.selectbox("Table to replace", ["funding", "measures"], key="upload_table")
        st.file_uploader("CSV file", type=["csv"], key="upload_file")

counts: dict[str, int] = {}
for part in (st.query_params.get("skeleton") or "plotly_chart:1").split(","):
    kind, _, n = part.partition(":")
    counts[kind] = int(n or 0)
chosen = st.session_state.get("pillar") or PILLARS


def each(kind: str):
    return range(counts.get(kind, 0))


st.title("Floor")
tabs = st.tabs([f"tab {i}" for i in each("tab")]) if counts.get("tab") else []
for i in each("column"):
    st.columns(1)
for i in each("expander"):
    st.expander(f"expander {i}")
for i in each("flex_container"):
    st.container(border=True)
for i in each("metric"):
    st.metric(f"metric {i}", len(chosen), border=True, help="help")
for kind, draw in (("markdown", st.markdown), ("caption", st.caption), ("subheader", st.subheader)):
    for i in each(kind):
        draw(f"{kind} {i} **{len(chosen)}**")
for i in each("button"):
    st.button(f"button {i}", key=f"button_{i}")
for i in each("download_button"):
    st.download_button(f"download {i}", data=lambda: b"a,b\n", file_name="x.csv", key=f"download_{i}")
for i in each("selectbox"):
    st.selectbox(f"selectbox {i}", chosen, key=f"selectbox_{i}")
for i in each("number_input"):
    st.number_input(f"number {i}", value=1, key=f"number_{i}")
for i in each("toggle"):
    st.toggle(f"toggle {i}", key=f"toggle_{i}")
for i in each("button_group"):
    st.segmented_control(f"segmented {i}", ["a", "b"], default="a", key=f"segmented_{i}")
for i in each("dataframe"):
    st.dataframe(TINY.head(len(chosen) % 2 + 1), hide_index=True, key=f"dataframe_{i}")
for i in each("plotly_chart"):
    fig = go.Figure(go.Bar(x=chosen, y=list(range(1, len(chosen) + 1))))
    fig.update_layout(height=200, margin=dict(l=0, r=0, t=0, b=0))
    st.plotly_chart(fig, key=f"floor_{i}", width="stretch")
