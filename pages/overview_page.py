"""Overview: whether the package was delivered, first. The share of its commitments delivered by
the end of the roll-out and by the latest document read, in words and as one stacked bar per
pillar and overall (each part opening the commitments behind it) and the documents it rests on;
then its measures per pillar, its new money with the qualifier of its parts, what falls due next,
the scorecard in numbers and a table of the pillars."""
import streamlit as st

from tracker import link, queries, session, sidebar, statuses, tables, ui, words
from tracker.filters import When

db, view = session.database(), link.view()
f, when = view.filters, view.when
pkg, docs = queries.package(db), queries.documents_read(db)
latest = queries.choices(db).default_as_of
# started beside the pillars' statement, asked for below with the same arguments
queries.prefetch((queries.scorecard, (db, f, When(pkg["horizon_end"], when.due_from, when.due_to))),
                 (queries.funding_lines, (db, f), {"limit": 20, "money_class": "new"}),
                 (queries.next_deadlines, (db, f, when, 8)))
k = queries.headline(db, f, when)
summary = queries.pillar_summary(db, f, when)

st.title("Anti-terrorism package, 18 October 2017")
ui.package_caption()
sidebar.filter_sentence()
sidebar.background_note()


def card_on(day):
    return queries.scorecard(db, f, When(day, when.due_from, when.due_to))


def counts_of(card) -> dict:
    """The row of all pillars of a scorecard, as status -> count."""
    row = card.iloc[-1]
    return {c: int(row[c]) for c in statuses.COUNTED}


d = k["deadlines"]  # on the as-of date of the link (the time machine)
end = counts_of(card_on(pkg["horizon_end"]))
now = d if view.as_of == latest else counts_of(card_on(latest))  # the pillars' counts are the scorecard's sums
total = sum(end.values())
# four cards in a row at 1400 px read in full; with the as-of date's card, the counts go to a second row
c1, c2, *on_date, c3, c4 = st.columns(3) + st.columns(2) if view.as_of != latest else st.columns([1, 1, 1, 1.2])
def delivered(col, day, counts: dict, what: str, help: str) -> None:
    """The share of the commitments delivered by a day, with how many of how many."""
    n, done = sum(counts.values()), statuses.delivered(counts)
    col.metric(f"Delivered by {words.short_day(day)}", f"{round(100 * done / n)}%" if n else "none",
               f"{done} of {n} · {what}", delta_color="off", delta_arrow="off", border=True, help=help)


delivered(c1, pkg["horizon_end"], end, "end of roll-out",
          f"Commitments of the package that a later document reports delivered by {words.day(pkg['horizon_end'])}, "
          f"the end of the roll-out (the package date plus {pkg['horizon_months']} months): on time, late, or on a "
          "date the documents do not give exactly. The bars below show the rest.")
delivered(c2, latest, now, "latest document",
          "The same, with everything the documents read report, up to the latest of them.")
if on_date:
    delivered(on_date[0], view.as_of, d, "as-of date", "The same on the as-of date of the link (the sidebar's Status "
                                                      "as of): what the documents had reported by then.")
c3.metric("Measures of the package", k["measures"], border=True,
          help="The package's own actions and sub-actions under the filters; the background the texts quote is "
               "not counted. Each one's quote is on the Measures page.")
new_lines = queries.funding_lines(db, f, limit=20, money_class="new")


def line_list(lines) -> str:
    """Each line of money in words: its amount as the text writes it, what it is, its quote."""
    return "\n\n".join(f"- {ui.md(words.money(r['amount_eur'], r['amount_qualifier']))} "
                       f"({ui.md(words.QUALIFIER[r['amount_qualifier']])}): {ui.md(r['measure_title'])}, "
                       f"{ui.md(r['period'])} — “{ui.md(r['source_quote'])}”" for r in lines.to_dict("records"))


c4.metric("New money of the package", words.money(k["new_money_eur"], k["new_money_qualifier"], short=True),
          border=True, help=f"The sum of {words.plural(k['new_lines'], 'line')} of new calls and new funding, each "
                            "counted once; a sum with a ceiling in it is a ceiling:\n\n" + line_list(new_lines))
st.markdown(f"**By the end of the roll-out** ({words.day(pkg['horizon_end'])}): {ui.md(words.delivery(end))}.  \n"
            f"**By the latest document read** ({words.day(latest)}, the latest of "
            f"{words.plural(docs['documents'], 'later document')} read): {ui.md(words.delivery(now))}.")
# -- the picture: one stacked bar per pillar and overall, each part opening its commitments ----
SCORE_ON = {"end": f"End of the roll-out ({words.short_day(pkg['horizon_end'])})",
            "latest": f"Latest document read ({words.short_day(latest)})",
            **({"as_of": f"The as-of date ({words.short_day(view.as_of)})"} if view.as_of != latest else {})}
if st.session_state.get("score_on", "end") not in SCORE_ON:  # the as-of choice goes when the date is the latest's
    st.session_state["score_on"] = "end"
pick = st.segmented_control("Commitments on", list(SCORE_ON), format_func=SCORE_ON.get,
                            default="end", key="score_on") or "end"
on = {"end": pkg["horizon_end"], "as_of": view.as_of, "latest": latest}[pick]
card = card_on(on)
bars = card.iloc[[-1, *range(len(card) - 1)]]  # all pillars on top
bars = bars[(bars["deadlines"] > 0) | bars["pillar_id"].isna()]
clicked = ui.chart(ui.figure("status_bars", bars.assign(label=bars["short_name"], key=bars["pillar_id"].fillna(""))),
                   "status_bars", f"Commitments by status on {words.day(on)}, per pillar and overall", select=True)
st.caption("Click a part of a bar, or a number of the scorecard below, to list the commitments behind it.")
read = queries.documents(db)
st.caption(f"What happened after the package comes from {words.plural(docs['documents'], 'later document')} read "
           f"({ui.md(words.kinds(read))}), the latest of {words.day(docs['latest_on'])} "
           f"({ui.md(docs['latest_reference'])}); what was promised, from the package's own texts. A step counts "
           "when the institution, agency or authority that acted reports it; a press report may support a step but "
           "never alone settles one. “No report found”: none of the documents read reports on it. “Not checked”: "
           "the document that should report on it could not be read (the item-by-item passages of the 12th to 20th "
           "progress reports). These are the documents' figures, not a what-if scenario (that is on the What if "
           "page).")
# drawn only when opened (on_change="rerun": the expander's .open says so), as the funding tabs
documents_box = st.expander(f"The {words.plural(len(read), 'later document')} read, by date", key="documents_open",
                            on_change="rerun")
if documents_box.open:
    with documents_box:
        tables.frame(read.assign(primary=read["primary"].map({True: "yes", False: "no: it supports one only"})),
                     ["published_on", "reference", "document_title", "source_kind", "primary", "doubt", "source_url"],
                     key="documents_read")

st.markdown("**Scorecard in numbers**")
columns = ["short_name", "deadlines", *statuses.COUNTED]
picked = st.dataframe(card[columns], key="scorecard_cells", hide_index=True, width="stretch", on_select="rerun",
                      selection_mode="single-cell",
                      column_config=tables.column_config(columns, {"short_name": st.column_config.Column("Pillar"),
                                                                   "deadlines": st.column_config.Column("Commitments")}))
st.caption(f"Each commitment of the package (a dated promise or event) by its status on {words.day(on)}: "
           "delivered on time, late, on a date not given exactly, in part, reported not delivered, or no report "
           "found in the documents read; the last columns are still open on that day.")

behind = None  # (pillar_id or None, status or None) of the part or cell clicked
if clicked:
    pillar_id, status = clicked[0][0] or None, clicked[0][1]
    behind = (pillar_id, status)
cells = (picked.selection.get("cells") if picked else None) or []
if cells and behind is None:
    row, column = cells[0]
    behind = (card.iloc[row]["pillar_id"], column if column in statuses.COUNTED else None)
if behind:
    pillar_id, status = behind
    rows = queries.commitments(db, f, When(on, when.due_from, when.due_to), pillar_id, status)
    label = words.STATUS[status] if status else "All commitments"
    where = card.loc[card["pillar_id"] == pillar_id, "short_name"].iloc[0] if pillar_id else "All pillars"
    tables.table(rows.assign(outcome_text=[words.outcome(r) for r in rows.to_dict("records")]), "scorecard_commitments",
                 f"{label}: {where}, on {words.day(on)} ({len(rows)})", opens_measure=True, heading=True,
                 columns=["what_due", "status", "outcome_text", "pillar", "due_by", "date_text", "source_quote"],
                 ids=["deadline_id", "measure_id"])

# -- the measures, the date of the link, what falls due ----------------------------------------
if f.shows_background and k["context_figures"]:
    with st.expander(f"{words.plural(k['context_figures'], 'amount')} the texts quote as context (not new money, "
                     "never added up)"):
        st.markdown(line_list(queries.funding_lines(db, f, limit=50, money_class="context")))
st.markdown(f"**On the as-of date.** {ui.md(words.standing(d, view.as_of))} Change the date in the sidebar to see "
            "another day; hover a bar of the timeline, or open a measure, for the documents.")

left, right = st.columns([3, 2])
with left:
    ui.chart(ui.figure("measures_per_pillar", summary), "overview_pillars", "Measures of the package per pillar",
             targets={"pillar": 0})
    st.caption("Click a bar to narrow every page to that pillar.")
with right:
    nxt = queries.next_deadlines(db, f, when, 8)
    st.markdown(f"**Due now or next on {words.day(view.as_of)}**")
    if nxt.empty:
        st.caption("No deadline is open or to come on this date under the filters.")
    else:
        st.markdown("\n".join(f"- {words.short_day(r['due_by'])}: {ui.md(r['what_due'])} "
                               f"— {words.STATUS[r['status']].lower()}" for r in nxt.to_dict("records")))

pillars = summary.assign(new_money=[words.money(a, q) if n else "none" for a, q, n in
                                    zip(summary["new_money_eur"], summary["new_money_qualifier"], summary["new_lines"])])
tables.table(pillars, "pillar_summary", "Pillars", heading=True,
             columns=["name", "measures", "new_money", "deadlines", "next_due_by"],
             ids=["pillar_no", "pillar_id", "new_money_eur", "new_money_qualifier", "background", "context_figures",
                  *statuses.COUNTED])
