"""Funding: new money of the package apart from the context amounts, by pillar, instrument,
period and kind; every bar's hover carries the quote of its largest line."""
import streamlit as st

from tracker import charts, ui

f = ui.current_filters()
st.title("Funding")
ui.filter_sentence(f)
k = ui.run("kpis", f)
lines = ui.run("funding_lines", f, 5000)
stated = lines[lines["money_class"] == "stated total"]
c1, c2, c3 = st.columns(3)
c1.metric("New money of the package", charts.euro_short(k["new_money_eur"]), border=True,
          help="New calls and new funding, each line counted once.")
c2.metric("Context amounts (not new)", charts.euro_short(k["context_money_eur"]), border=True,
          help="Existing budgets, past spending and comparisons quoted in the texts.")
c3.metric("Funding lines", int((lines["money_class"] != "stated total").sum()), border=True)
if not stated.empty:
    st.caption("Totals as the texts state them, not added again: " + "; ".join(
        f"{ui.md(r.funding_id)} “{ui.md(r.source_quote)}”" for r in stated.itertuples()))

tabs = st.tabs(["By pillar", "By instrument", "By period", "By kind"])
for tab, dim in zip(tabs, ["pillar", "instrument", "period", "kind"]):
    with tab:
        data = ui.run("funding_by", f, dim)
        targets = {"pillar": {"pillar": 0}, "instrument": {"instrument": 0}}.get(dim)
        a, b = st.columns(2)
        with a:
            ui.chart(charts.funding_bars(data, dim, "new"), f"funding_{dim}_new", targets=targets)
        with b:
            ui.chart(charts.funding_bars(data, dim, "context"), f"funding_{dim}_context", targets=targets)
        with st.expander(f"Data behind the charts by {dim}"):
            ui.table(data, f"funding_by_{dim}", f"Funding by {dim}", f)
st.caption("Click a bar (by pillar or instrument) to narrow every page to it.")
ui.chart(charts.funding_sunburst(lines), "funding_sunburst")
st.subheader("Funding lines")
ui.table(lines, "funding_lines", "Funding lines", f)
