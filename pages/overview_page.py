"""Overview: the package at a glance — its measures per pillar, its new money with the
qualifier of its parts, its deadlines by status on the chosen date, and what falls due next."""
import streamlit as st

from tracker import charts, queries, ui, words

db, view = ui.database(), ui.view()
f, when = view.filters, view.when
k = queries.headline(db, f, when)
summary = queries.pillar_summary(db, f, when)

st.title("Anti-terrorism package, 18 October 2017")
ui.package_caption()
ui.filter_sentence()
ui.background_note()


def plural(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


def line_list(lines) -> str:
    """Each line of money in words: its amount as the text writes it, what it is, its quote."""
    return "\n\n".join(f"- {ui.md(words.money(r['amount_eur'], r['amount_qualifier']))} "
                       f"({ui.md(words.QUALIFIER[r['amount_qualifier']])}): {ui.md(r['measure_title'])}, "
                       f"{ui.md(r['period'])} — “{ui.md(r['source_quote'])}”" for r in lines.to_dict("records"))


new_lines = queries.funding_lines(db, f, limit=20, money_class="new")
d = k["deadlines"]
c1, c2, c3 = st.columns(3)
c1.metric("Measures of the package", k["measures"], border=True,
          help="The package's own actions and sub-actions under the filters; the background the texts quote is "
               "not counted. Each one's quote is on the Measures page.")
c2.metric("New money of the package", words.money(k["new_money_eur"], k["new_money_qualifier"], short=True),
          border=True, help=f"The sum of {plural(k['new_lines'], 'line')} of new calls and new funding, each counted "
                            "once; a sum with a ceiling in it is a ceiling:\n\n" + line_list(new_lines))
c3.metric(f"Past deadline on {words.short_day(view.as_of)}", d["overdue"], border=True,
          help=f"{d['overdue']} past deadline with no delivery recorded, {d['due_now']} due now, "
               f"{d['upcoming']} upcoming, {d['delivered']} delivered.")
if f.shows_background and k["context_figures"]:
    with st.expander(f"{plural(k['context_figures'], 'amount')} the texts quote as context (not new money, "
                     "never added up)"):
        st.markdown(line_list(queries.funding_lines(db, f, limit=50, money_class="context")))

left, right = st.columns([3, 2])
with left:
    ui.chart(charts.measures_per_pillar(summary), "overview_pillars", "Measures of the package per pillar",
             targets={"pillar": 0})
    st.caption("Click a bar to narrow every page to that pillar.")
right.markdown(f"**Deadlines on {words.day(view.as_of)}**\n\n"
               f"- **{d['overdue']}** past deadline with no delivery recorded\n- **{d['due_now']}** due now\n"
               f"- **{d['upcoming']}** upcoming\n- **{d['delivered']}** delivered\n\n"
               "Change the date in the sidebar to see another day.")

nxt = queries.next_deadlines(db, f, when, 8)
if nxt.empty:
    st.subheader("Next deadlines")
    st.info("No upcoming or open deadline under the filters on this date.")
else:
    ui.table(nxt, "next_deadlines", f"Due now or next on {words.day(view.as_of)}", opens_measure=True, heading=True,
             columns=["what_due", "due_by", "status", "pillar", "date_text", "source_quote"],
             ids=["deadline_id", "measure_id"])

pillars = summary.assign(new_money=[words.money(a, q) if n else "none" for a, q, n in
                                    zip(summary["new_money_eur"], summary["new_money_qualifier"], summary["new_lines"])])
ui.table(pillars, "pillar_summary", "Pillars", heading=True,
         columns=["name", "measures", "new_money", "deadlines", "overdue", "due_now", "upcoming", "delivered",
                  "next_due_by"],
         ids=["pillar_no", "pillar_id", "new_money_eur", "new_money_qualifier", "background", "context_figures"])
