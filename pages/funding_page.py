"""Funding: new money of the package apart from the context amounts, by pillar, instrument,
period and kind; every bar's hover carries the quote of its largest line."""
import streamlit as st

from tracker import charts, queries, ui

MAX_LINES = 5000  # funding lines listed (stated totals, then the largest)

db, view = ui.database(), ui.view()
sums = queries.funding_breakdown(db, view.filters)
lines = queries.funding_lines(db, view.filters, limit=MAX_LINES)

st.title("Funding")
ui.filter_sentence(queries.count_measures(db, view.filters))
by = {dim: sums[sums["dimension"] == dim] for dim in ("pillar", "instrument", "period", "kind", "pillar_instrument")}
money = by["kind"].groupby("money_class")["amount_eur"].sum()
stated = lines[lines["money_class"] == "stated total"]
c1, c2, c3 = st.columns(3)
c1.metric("New money of the package", charts.euro_short(money.get("new", 0)), border=True,
          help="New calls and new funding, each line counted once.")
c2.metric("Context amounts (not new)", charts.euro_short(money.get("context", 0)), border=True,
          help="Existing budgets, past spending and comparisons quoted in the texts.")
c3.metric("Funding lines", f"{int(by['kind']['lines'].sum()):,}", border=True,
          help="Lines with an amount, stated totals not counted (they add up other lines).")
if not stated.empty:
    st.caption("Totals as the texts state them, not added again: " + "; ".join(
        f"{ui.md(fid)} “{ui.md(quote)}”" for fid, quote in zip(stated["funding_id"], stated["source_quote"])))

tabs = st.tabs(["By pillar", "By instrument", "By period", "By kind"])
for tab, dim in zip(tabs, ["pillar", "instrument", "period", "kind"]):
    with tab:
        part = by[dim]
        targets = {"pillar": {"pillar": 0}, "instrument": {"instrument": 0}}.get(dim)
        a, b = st.columns(2)
        with a:
            ui.chart(charts.funding_bars(part, dim, "new"), f"funding_{dim}_new", targets=targets)
        with b:
            ui.chart(charts.funding_bars(part, dim, "context"), f"funding_{dim}_context", targets=targets)
        with st.expander(f"Data behind the charts by {dim}"):
            shown = [c for c in (charts.FUNDING_LABEL[dim], "money_class", "amount_eur", "lines", "year_from",
                                 "year_to", "top_funding_id", "top_quote") if dim == "period" or c[:5] != "year_"]
            ui.table(part[shown], f"funding_by_{dim}", f"Funding by {dim}")
st.caption("Click a bar (by pillar or instrument) to narrow every page to it.")
ui.chart(charts.funding_sunburst(by["pillar_instrument"]), "funding_sunburst")
st.subheader("Funding lines")
if len(lines) >= MAX_LINES:
    st.info(f"The table shows the first {MAX_LINES:,} lines (stated totals, then the largest amounts); the "
            "charts and figures above count every line. Narrow the filters to list the rest.")
ui.table(lines, "funding_lines", "Funding lines")
