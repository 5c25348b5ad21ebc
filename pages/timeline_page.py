"""Timeline: every deadline window by pillar, coloured by its status on the as-of date."""
import streamlit as st

from tracker import charts, queries, ui

MAX_ROWS = 400  # deadlines drawn (the first by due date)

db, view = ui.database(), ui.view()
rows = queries.timeline(db, view.filters, view.when, limit=MAX_ROWS + 1)
pkg = queries.package(db)

st.title("Timeline of deadlines")
ui.filter_sentence()
ui.background_note()
if len(rows) > MAX_ROWS:
    st.info(f"Showing the first {MAX_ROWS} deadlines by due date; narrow the filters to see the rest.")
    rows = rows.head(MAX_ROWS)
ui.chart(charts.timeline(rows, view.as_of, pkg["horizon_end"]), "timeline_chart",
         "Deadlines: each window from its start to its end, by status", targets={"pillar": 5})
st.caption("Hover a bar for the date as written and its quote; click one to narrow to its pillar. The dotted "
           f"lines mark the as-of date and the end of the {pkg['horizon_months']}-month roll-out.")
ui.status_rule()
st.subheader("Deadlines table")
ui.table(rows, "deadlines", "Deadlines", opens_measure=True,
         columns=["what_due", "measure_title", "pillar", "date_text", "due_by", "status", "source_quote", "due_from",
                  "precision", "kind"],
         ids=["deadline_id", "measure_id", "pillar_id", "source_id"])
