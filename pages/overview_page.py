"""Overview: the package at a glance — measures per pillar, new money apart from context
amounts, deadlines by status as of the chosen date, and the next deadlines."""
import streamlit as st

from tracker import charts, queries, ui

db, view = ui.database(), ui.view()
summary = queries.pillar_summary(db, view.filters, view.as_of)
k = queries.kpis_from(summary)

st.title("Anti-terrorism package, 18 October 2017")
ui.package_caption()
ui.filter_sentence(k["measures"])


def plural(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


def quote_list(money_class: str) -> str:
    rows = queries.top_lines_from(summary, money_class, 10)
    if not rows:
        return "No line under the filters."
    return "\n\n".join(f"{ui.md(r['funding_id'])}: {ui.md(charts.euro(r['amount_eur']))} — “{ui.md(r['source_quote'])}”"
                       for r in rows) + (" (the largest ten)" if len(rows) == 10 else "")


c1, c2, c3, c4 = st.columns(4)
c1.metric("Measures", k["measures"], border=True,
          help="Measures and sub-actions under the filters. Each one's quote is on the Measures page.")
c2.metric("New money of the package", charts.euro_short(k["new_money_eur"]), border=True,
          help="Sum of the new calls and new funding, each counted once:\n\n" + quote_list("new"))
c3.metric("Context amounts (not new)", charts.euro_short(k["context_money_eur"]), border=True,
          help="Existing budgets, past spending and comparisons the texts quote:\n\n" + quote_list("context"))
d = k["deadlines"]
c4.metric(f"Past due on {view.as_of:%d %b %Y}", d["overdue"], border=True,
          help=f"{d['overdue']} past deadline with no delivery recorded, {d['due_now']} due now, "
               f"{d['upcoming']} upcoming, {d['delivered']} delivered ({d['context']} past events as context).")
st.caption(f"Deadlines as of {view.as_of:%d %B %Y}: **{d['overdue']}** past deadline, **{d['due_now']}** due now, "
           f"**{d['upcoming']}** upcoming, **{d['delivered']}** delivered. Change the date in the sidebar.")

left, right = st.columns([3, 2])
with left:
    ui.chart(charts.measures_per_pillar(summary), "overview_pillars", targets={"pillar": 0})
    st.caption("Click a bar to narrow every page to that pillar.")
with right:
    st.subheader("Next deadlines")
    nxt = queries.next_deadlines_from(summary, 8)
    if not nxt:
        st.info("No upcoming or open deadline under the filters on this date.")
    for r in nxt:
        with st.container(border=True):
            st.markdown(f"**{ui.md(r['what_due'])}** · {ui.md(r['pillar'])}  \n"
                        f"“{ui.md(r['date_text'])}” → by {r['due_by']:%d %b %Y} · "
                        f"{charts.STATUS_LABELS[r['status']].lower()}",
                        help=f"“{ui.md(r['source_quote'])}” ({ui.md(r['source_id'])})")

st.subheader("Pillars")
cols = st.columns(3)
for i, r in enumerate(summary.to_dict("records")):
    nxt_by = ui.as_date(r["next_due_by"])
    with cols[i % 3].container(border=True):
        st.markdown(f"**{r['pillar_no']}. {ui.md(r['name'])}**")
        st.markdown(f"{plural(r['measures'], 'measure')} · new money {charts.euro(r['new_money_eur'])} · "
                    f"context {charts.euro(r['context_money_eur'])}  \n"
                    f"{plural(r['deadlines'], 'deadline')}, {r['overdue']} past due"
                    + (f" · next by {nxt_by:%d %b %Y}" if nxt_by else ""))
with st.expander("Data behind the pillar cards"):
    ui.table(summary.drop(columns=["top_new", "top_context", "next_deadlines"]), "pillar_summary", "Pillar summary")
