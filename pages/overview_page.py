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
st.markdown(f"Deadlines on {words.day(view.as_of)}: **{d['overdue']}** past deadline with no delivery recorded, "
            f"**{d['due_now']}** due now, **{d['upcoming']}** upcoming, **{d['delivered']}** delivered. Change "
            "the date in the sidebar.")
if f.shows_background and k["context_figures"]:
    with st.expander(f"{plural(k['context_figures'], 'amount')} the texts quote as context (not new money, "
                     "never added up)"):
        st.markdown(line_list(queries.funding_lines(db, f, limit=50, money_class="context")))

left, right = st.columns([3, 2])
with left:
    ui.chart(charts.measures_per_pillar(summary), "overview_pillars", "Measures of the package per pillar",
             targets={"pillar": 0})
    st.caption("Click a bar to narrow every page to that pillar.")
with right:
    st.subheader("Next deadlines")
    nxt = queries.next_deadlines(db, f, when, 8)
    if nxt.empty:
        st.info("No upcoming or open deadline under the filters on this date.")
    for r in nxt.to_dict("records"):
        with st.container(border=True):
            st.markdown(f"**{ui.md(r['what_due'])}** · {ui.md(r['pillar'])}  \n"
                        f"“{ui.md(r['date_text'])}” → due by {words.short_day(r['due_by'])} · "
                        f"{words.STATUS[r['status']].lower()}", help=f"“{ui.md(r['source_quote'])}”")

st.subheader("Pillars")
cards = summary.to_dict("records")
for start in range(0, len(cards), 3):  # row by row: on a phone the cards stack in reading order
    for col, r in zip(st.columns(3), cards[start:start + 3]):
        with col.container(border=True):
            st.markdown(f"**{r['pillar_no']}. {ui.md(r['name'])}**")
            money = (f"new money {ui.md(words.money(r['new_money_eur'], r['new_money_qualifier']))}"
                     if r["new_lines"] else "no new money")
            st.markdown(f"{plural(r['measures'], 'measure')} · {money}  \n"
                        f"{plural(r['deadlines'], 'deadline')}, {r['overdue']} past deadline"
                        + (f" · next due by {words.short_day(r['next_due_by'])}" if words.short_day(r["next_due_by"])
                           else ""))
with st.expander("Data behind the pillar cards"):
    ui.table(summary, "pillar_summary", "Pillar summary",
             columns=["pillar_no", "name", "measures", "background", "new_money_eur", "new_money_qualifier",
                      "context_figures", "deadlines", "overdue", "due_now", "upcoming", "delivered", "next_due_by"],
             ids=["pillar_id"])
