"""Timeline: every deadline window by pillar, coloured by its status on the as-of date (with what
the later documents report), and what changed between two dates (?compare=YYYY-MM-DD)."""
import datetime as dt

import streamlit as st

from tracker import link, queries, session, sidebar, tables, ui, words

MAX_ROWS = 400  # deadlines drawn (the first by due date)

db, view = session.database(), link.view()
rows = queries.timeline(db, view.filters, view.when, limit=MAX_ROWS + 1)
pkg = queries.package(db)

st.title("Timeline of deadlines")
sidebar.filter_sentence()
sidebar.background_note()
if len(rows) > MAX_ROWS:
    st.info(f"Showing the first {MAX_ROWS} deadlines by due date; narrow the filters to see the rest.")
    rows = rows.head(MAX_ROWS)
ui.chart(ui.figure("timeline", rows, view.as_of, pkg["horizon_end"]), "timeline_chart",
         "Deadlines: each window from its start to its end, by status", targets={"pillar": 6})
st.caption("Hover a bar for the date as written, its quote and what the later documents say; click one to narrow "
           f"to its pillar. The dotted lines mark the as-of date and the end of the {pkg['horizon_months']}-month "
           "roll-out.")
ui.status_rule()
st.subheader("Deadlines table")
tables.table(rows.assign(outcome_text=[words.outcome(r) for r in rows.to_dict("records")]), "deadlines", "Deadlines",
         opens_measure=True,
         columns=["what_due", "status", "outcome_text", "due_by", "measure_title", "pillar", "date_text", "source_quote",
                  "due_from", "precision", "kind"],
         ids=["deadline_id", "measure_id", "pillar_id", "source_id", "outcome_reference"])

# -- what changed between two dates --------------------------------------------------------------
st.subheader("What changed between two dates")
ch = queries.choices(db)
given = st.query_params.get("compare")
try:
    since = dt.date.fromisoformat(given) if given else None
except ValueError:
    since = None
    st.warning(f"Ignored compare={given!r} in the link: write a date as YYYY-MM-DD.", icon="⚠️")
if st.session_state.get("compare") != since:
    st.session_state["compare"] = since


def compare_changed() -> None:
    """Callback of the date: it goes into the link (one history entry), beside the other keys."""
    chosen = st.session_state.get("compare")
    link.write_keys({"compare": [chosen.isoformat()]} if chosen else {}, ["compare"])


st.date_input("Compare with", value=None, key="compare", min_value=ch.min_date, max_value=ch.max_date,
              format="YYYY-MM-DD", on_change=compare_changed, width=260,
              help="A second date: what changed between it and the Status as of date in the sidebar (say, between "
                   "two progress reports, or since the last meeting). It is kept in the link as compare=.")
if since is None:
    st.caption("Pick a date to see the statuses that moved, the steps reported and the stages the money went through "
               "between it and the as-of date.")
else:
    first, last = sorted((since, view.as_of))
    got = queries.changes(db, view.filters, view.when, since)
    moved, steps, stages = got["statuses"], got["steps"], got["stages"]
    st.markdown(f"From **{words.day(first)}** to **{words.day(last)}**: {len(moved)} status"
                f"{'es' if len(moved) != 1 else ''} moved, {len(steps)} step{'s' if len(steps) != 1 else ''} "
                f"reported, {len(stages)} money stage{'s' if len(stages) != 1 else ''}.")
    if not moved.empty:
        tables.table(moved.assign(outcome_text=[words.outcome(r) for r in moved.to_dict("records")]), "changed_statuses",
                 "Statuses that moved", opens_measure=True, heading=True,
                 columns=["what_due", "pillar", "due_by", "from_status", "status", "outcome_text"],
                 ids=["deadline_id", "measure_id"],
                 extra={"from_status": st.column_config.Column(f"On {words.short_day(first)}"),
                        "status": st.column_config.Column(f"On {words.short_day(last)}")})
    if not steps.empty:
        tables.table(steps.assign(when=[words.when(d, p) for d, p in zip(steps["happened_on"], steps["date_precision"])],
                              step=steps["status"]),
                 "changed_steps", "Steps reported", opens_measure=True, heading=True,
                 columns=["when", "measure_title", "step", "note", "source_reference", "locator", "source_url"],
                 ids=["progress_id", "measure_id", "deadline_id", "happened_on", "date_precision"])
    if not stages.empty:
        tables.table(stages.assign(when=[words.when(d, p) for d, p in zip(stages["happened_on"], stages["date_precision"])],
                               amount=[words.money(a, q) if q else "" for a, q in
                                       zip(stages["amount_eur"], stages["amount_qualifier"])]),
                 "changed_stages", "Money stages", opens_measure=True, heading=True,
                 columns=["when", "measure_title", "stage", "amount", "note", "source_reference", "locator",
                          "source_url"],
                 ids=["stage_id", "funding_id", "measure_id", "amount_eur", "amount_qualifier"])
