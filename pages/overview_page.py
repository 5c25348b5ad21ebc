"""Overview: the package at a glance — its measures per pillar, its new money with the
qualifier of its parts, where its commitments stand on the chosen date, what falls due next,
and the scorecard: every commitment by what the later documents report, per pillar."""
import streamlit as st

from tracker import charts, link, queries, session, sidebar, statuses, tables, ui, words
from tracker.filters import When

db, view = session.database(), link.view()
f, when = view.filters, view.when
k = queries.headline(db, f, when)
summary = queries.pillar_summary(db, f, when)

st.title("Anti-terrorism package, 18 October 2017")
ui.package_caption()
sidebar.filter_sentence()
sidebar.background_note()


def plural(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


def line_list(lines) -> str:
    """Each line of money in words: its amount as the text writes it, what it is, its quote."""
    return "\n\n".join(f"- {ui.md(words.money(r['amount_eur'], r['amount_qualifier']))} "
                       f"({ui.md(words.QUALIFIER[r['amount_qualifier']])}): {ui.md(r['measure_title'])}, "
                       f"{ui.md(r['period'])} — “{ui.md(r['source_quote'])}”" for r in lines.to_dict("records"))


new_lines = queries.funding_lines(db, f, limit=20, money_class="new")
d = k["deadlines"]
delivered = statuses.delivered(d)
c1, c2, c3 = st.columns(3)
c1.metric("Measures of the package", k["measures"], border=True,
          help="The package's own actions and sub-actions under the filters; the background the texts quote is "
               "not counted. Each one's quote is on the Measures page.")
c2.metric("New money of the package", words.money(k["new_money_eur"], k["new_money_qualifier"], short=True),
          border=True, help=f"The sum of {plural(k['new_lines'], 'line')} of new calls and new funding, each counted "
                            "once; a sum with a ceiling in it is a ceiling:\n\n" + line_list(new_lines))
c3.metric(f"Delivered by {words.short_day(view.as_of)}", f"{delivered} of {sum(d.values())}", border=True,
          help="Commitments a later document reports delivered by this day (on time, late, or on a date the "
               "documents do not give exactly); the scorecard below has the rest.")
if f.shows_background and k["context_figures"]:
    with st.expander(f"{plural(k['context_figures'], 'amount')} the texts quote as context (not new money, "
                     "never added up)"):
        st.markdown(line_list(queries.funding_lines(db, f, limit=50, money_class="context")))
st.markdown("**Where the package stands.** " + ui.md(words.standing(d, view.as_of)) + " Change the date in the "
            "sidebar to see another day; hover a bar of the timeline, or open a measure, for the documents.")

left, right = st.columns([3, 2])
with left:
    ui.chart(charts.measures_per_pillar(summary), "overview_pillars", "Measures of the package per pillar",
             targets={"pillar": 0})
    st.caption("Click a bar to narrow every page to that pillar.")
with right:
    nxt = queries.next_deadlines(db, f, when, 8)
    st.markdown(f"**Due now or next on {words.day(view.as_of)}**")
    if nxt.empty:
        st.info("No upcoming or open deadline under the filters on this date.")
    else:
        st.markdown("\n".join(f"- {words.short_day(r['due_by'])}: {ui.md(r['what_due'])} "
                               f"— {words.STATUS[r['status']].lower()}" for r in nxt.to_dict("records")))

# -- the scorecard ----------------------------------------------------------------------------
pkg, latest = queries.package(db), queries.latest_step(db)
SCORE_ON = {"end": f"End of the roll-out ({words.short_day(pkg['horizon_end'])})",
            "as_of": f"The as-of date ({words.short_day(view.as_of)})",
            "latest": f"Latest step recorded ({words.short_day(latest)})"}
st.subheader("Scorecard: the commitments by what the documents report")
pick = st.segmented_control("On", list(SCORE_ON), format_func=SCORE_ON.get, default="end", key="score_on") or "end"
on = {"end": pkg["horizon_end"], "as_of": view.as_of, "latest": latest}[pick]
card = queries.scorecard(db, f, When(on, when.due_from, when.due_to))
columns = ["short_name", "deadlines", *statuses.COUNTED]
picked = st.dataframe(card[columns], key="scorecard_cells", hide_index=True, width="stretch", on_select="rerun",
                      selection_mode="single-cell",
                      column_config=tables.column_config(columns, {"short_name": st.column_config.Column("Pillar"),
                                                               "deadlines": st.column_config.Column("Commitments")}))
st.caption(f"Each commitment of the package (a dated promise or event) by its status on {words.day(on)}: "
           "delivered on time, late, on a date not given exactly, in part, reported not delivered, or no report "
           "found in the documents read; the last columns are still open on that day. Click a number to list the "
           "commitments behind it.")
cells = (picked.selection.get("cells") if picked else None) or []
if cells:
    row, column = cells[0]
    pillar = card.iloc[row]["pillar_id"]  # None on the row of all pillars
    status = column if column in statuses.COUNTED else None  # the pillar or count column: all of them
    rows = queries.commitments(db, f, When(on, when.due_from, when.due_to), pillar, status)
    label = words.STATUS[status] if status else "All commitments"
    where = card.iloc[row]["short_name"]
    tables.table(rows.assign(outcome_text=[words.outcome(r) for r in rows.to_dict("records")]), "scorecard_commitments",
             f"{label}: {where}, on {words.day(on)} ({len(rows)})", opens_measure=True, heading=True,
             columns=["what_due", "pillar", "due_by", "status", "outcome_text", "date_text", "source_quote"],
             ids=["deadline_id", "measure_id"])

pillars = summary.assign(new_money=[words.money(a, q) if n else "none" for a, q, n in
                                    zip(summary["new_money_eur"], summary["new_money_qualifier"], summary["new_lines"])])
tables.table(pillars, "pillar_summary", "Pillars", heading=True,
         columns=["name", "measures", "new_money", "deadlines", "next_due_by"],
         ids=["pillar_no", "pillar_id", "new_money_eur", "new_money_qualifier", "background", "context_figures",
              *statuses.COUNTED])
