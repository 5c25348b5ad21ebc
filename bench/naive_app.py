"""The straightforward way, for comparison: each session reads the CSVs of TRACKER_DATA_DIR
with pandas, and each run filters and aggregates in the page, then draws every selected row.
It answers the overview's questions (measures per pillar, new versus context money, deadline
statuses as of a date, the next deadlines, the measures table). Not part of the dashboard."""
import datetime as dt
import os
from pathlib import Path

import pandas as pd
import plotly.express as px
import streamlit as st

DATA = Path(os.environ.get("TRACKER_DATA_DIR") or Path(__file__).resolve().parent.parent / "data")

if "naive_data" not in st.session_state:  # once per session, as a plain script would do
    st.session_state["naive_data"] = {
        t: pd.read_csv(DATA / f"{t}.csv", keep_default_na=False, na_values=[""])
        for t in ("pillars", "actors", "measures", "measure_actors", "funding", "deadlines", "progress")
    }
d = st.session_state["naive_data"]

with st.sidebar:
    as_of = st.date_input("Status as of", value=dt.date(2017, 10, 18), key="as_of")
    pillars = st.multiselect("Pillar", list(d["pillars"]["pillar_id"]), key="pillar")
    actors = st.multiselect("Actor (any role)", list(d["actors"]["actor_id"]), key="actor")
    instruments = st.multiselect("Funding instrument", sorted(d["funding"]["instrument"].unique()), key="instrument")
    statuses = st.multiselect("Status at publication", ["new", "planned", "ongoing", "context"], key="status")
    q = st.text_input("Search", key="q")

m = d["measures"]
keep = pd.Series(True, index=m.index)
if pillars:
    keep &= m["pillar_id"].isin(pillars)
if statuses:
    keep &= m["status_at_publication"].isin(statuses)
if actors:
    keep &= m["measure_id"].isin(d["measure_actors"].loc[d["measure_actors"]["actor_id"].isin(actors), "measure_id"])
if instruments:
    keep &= m["measure_id"].isin(d["funding"].loc[d["funding"]["instrument"].isin(instruments), "measure_id"])
if q:
    text = (m["measure_id"] + " " + m["title"] + " " + m["description"].fillna("") + " " + m["source_quote"])
    keep &= text.str.lower().str.contains(q.lower(), regex=False)
sel = m[keep]

f = d["funding"][d["funding"]["measure_id"].isin(sel["measure_id"])]
if instruments:
    f = f[f["instrument"].isin(instruments)]
new_money = f.loc[f["is_new_money"], "amount_eur"].sum()
context_money = f.loc[~f["is_new_money"] & (f["funding_kind"] != "aggregate"), "amount_eur"].sum()

dl = d["deadlines"][d["deadlines"]["measure_id"].isin(sel["measure_id"])].copy()
day = pd.Timestamp(as_of)
due_from, due_by = pd.to_datetime(dl["due_from"]), pd.to_datetime(dl["due_by"])
p = d["progress"]
delivered = set(p.loc[(p["status"] == "delivered") & (pd.to_datetime(p["happened_on"]) <= day), "deadline_id"])
dl["status"] = "overdue"
dl.loc[day <= due_by, "status"] = "due_now"
dl.loc[day < due_from, "status"] = "upcoming"
dl.loc[dl["deadline_id"].isin(delivered), "status"] = "delivered"
dl.loc[dl["kind"] == "past_event", "status"] = "context"

st.title("Naive overview")
c1, c2, c3, c4 = st.columns(4)
c1.metric("Measures", len(sel))
c2.metric("New money", f"{new_money:,.0f}")
c3.metric("Context", f"{context_money:,.0f}")
c4.metric("Overdue", int((dl["status"] == "overdue").sum()))
per_pillar = sel.groupby("pillar_id").size().reset_index(name="measures")
st.plotly_chart(px.bar(per_pillar, x="pillar_id", y="measures"), width="stretch")
by_instrument = f.groupby(["instrument", "is_new_money"])["amount_eur"].sum().reset_index()
st.plotly_chart(px.bar(by_instrument, x="instrument", y="amount_eur", color="is_new_money"), width="stretch")
nxt = dl[dl["status"].isin(["upcoming", "due_now"])].sort_values("due_by").head(8)
st.dataframe(nxt[["deadline_id", "what_due", "date_text", "due_by", "status"]], hide_index=True)
st.dataframe(sel, hide_index=True)
