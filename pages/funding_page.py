"""Funding: the new money of the package, summed with the qualifier of its parts, by pillar,
instrument, period and kind; every funding line, the stated totals marked and never added
again; and, with the background shown, the amounts the texts quote as context, one by one."""
import streamlit as st

from tracker import link, queries, session, sidebar, tables, ui, words

MAX_LINES = 5000  # funding lines listed

db, view = session.database(), link.view()
f = view.filters
sums = queries.funding_breakdown(db, f)
lines = queries.funding_lines(db, f, limit=MAX_LINES)
total = sums[sums["dimension"] == "all"].iloc[0]  # every line of new money

st.title("Funding")
sidebar.filter_sentence()
sidebar.background_note()
counted = lines[lines["money_class"] == "new"]
stated = lines[lines["money_class"] == "stated total"]
context = lines[lines["money_class"] == "context"]
c1, c2 = st.columns(2)
c1.metric("New money of the package", words.money(total["amount_eur"], total["amount_qualifier"], short=True),
          border=True, help="New calls and new funding, each line counted once. A sum that holds a ceiling "
                            "(“up to”) is a ceiling itself.")
c2.metric("Funding lines listed", f"{len(lines):,}", border=True,
          help="Every line in the table below: the new money, the totals as the texts state them (not added again) "
               "and, with the background shown, the amounts quoted as context (never added up).")
parts = [f"{words.money(r['amount_eur'], r['amount_qualifier'])} ({r['measure_title']}, {r['period']})"
         for r in counted.head(10).to_dict("records")]
if parts:
    st.markdown("**New money, line by line** (exact unless it says “up to” or “over”): " + ui.md("; ".join(parts))
                + ".")
st.caption(f"The table lists {words.plural(len(counted), 'line')} of new money, counted in the totals; "
           f"{words.plural(len(stated), 'stated total')}, shown as the texts state them and not added again; "
           f"{words.plural(len(context), 'context amount')}, never "
           "added up.")

# Only the open tab is drawn (on_change="rerun": a tab's .open says whether it is the one shown).
tabs = st.tabs(["By pillar", "By instrument", "By period", "By kind"], key="funding_by", on_change="rerun")
for tab, dim in zip(tabs, ["pillar", "instrument", "period", "kind"]):
    if not tab.open:
        continue
    with tab:
        part = sums[sums["dimension"] == dim]
        targets = {"pillar": {"pillar": 0}, "instrument": {"instrument": 0}}.get(dim)
        ui.chart(ui.figure("funding_bars", part, dim), f"funding_{dim}", f"New money of the package, by {dim}",
                 targets=targets)
        with st.expander(f"Data behind the chart by {dim}"):
            tables.table(part, f"new_money_by_{dim}", f"New money by {dim}",
                     columns=["key", "amount_eur", "amount_qualifier", "lines", "top_quote"]
                     + (["year_from", "year_to"] if dim == "period" else []), ids=["top_funding_id"])
st.caption("Click a bar (by pillar or instrument) to narrow every page to it.")

path = queries.money_stages(db, view.filters)
if not path.empty:
    st.subheader("The path of the money after the package")
    st.caption("Each line of new money, stage by stage as the later documents report it: announced, call opened and "
               "closed, awarded, paid. An amount at a stage is what the document gives for that stage, which may be "
               "a whole call wider than the package's purpose (the note says so); stages are never added up.")
    tables.table(path.assign(when=[words.when(d, p) for d, p in zip(path["happened_on"], path["date_precision"])],
                         amount=[words.money(a, q) if isinstance(q, str) else "" for a, q in
                                 zip(path["amount_eur"], path["amount_qualifier"])]),
             "money_path", "The path of the money", opens_measure=True,
             columns=["measure_title", "stage", "when", "amount", "note", "source_reference", "source_url", "locator",
                      "source_quote"],
             ids=["stage_id", "funding_id", "measure_id", "amount_eur", "amount_qualifier", "happened_on"],
             extra={"measure_title": st.column_config.Column("Line of money"),
                    "note": st.column_config.Column("What the documents say", width="large")})

if not context.empty:
    st.subheader("Amounts the texts quote as context")
    st.caption("Existing budgets, past spending and comparisons: each of its own kind and period, so never added "
               "up.")
    tables.table(context, "context_amounts", "Context amounts", opens_measure=True,
             columns=["amount_eur", "amount_qualifier", "period", "funding_kind", "measure_title", "instrument",
                      "source_quote"], ids=["funding_id", "measure_id", "pillar_id", "source_id"])

st.subheader("Funding lines")
if len(lines) >= MAX_LINES:
    st.info(f"The table shows the first {MAX_LINES:,} lines (new money, then stated totals, then context, the "
            "largest first); the figures above count every line. Narrow the filters to list the rest.")
table = lines.assign(counts_toward_totals=(lines["money_class"] == "new").map({True: "yes", False: "no"}))
tables.table(table, "funding_lines", "Funding lines", opens_measure=True,
         columns=["measure_title", "amount_eur", "amount_qualifier", "money_class", "counts_toward_totals", "period",
                  "funding_kind", "instrument", "pillar", "source_quote"],
         ids=["funding_id", "measure_id", "pillar_id", "source_id"])
