"""Timeline: every deadline window by pillar, coloured by its status on the as-of date."""
import streamlit as st

from tracker import charts, queries, ui

MAX_ROWS = 400  # deadlines drawn (the first by due date)

db, view = ui.database(), ui.view()
rows = queries.timeline(db, view.filters, view.as_of, limit=MAX_ROWS + 1)
pkg = queries.package(db)

st.title("Timeline of deadlines")
ui.filter_sentence(queries.count_measures(db, view.filters))
if len(rows) > MAX_ROWS:
    st.info(f"Showing the first {MAX_ROWS} deadlines by due date; narrow the filters to see the rest.")
    rows = rows.head(MAX_ROWS)
show_context = st.toggle("Show past events quoted as context", value=False, key="tl_context")
drawn = rows if show_context else rows[rows["status"] != "context"]
ui.chart(charts.timeline(drawn, view.as_of, pkg["horizon_end"]), "timeline_chart", targets={"pillar": 5})
st.caption("Hover a bar for the date as written and its quote; click one to narrow to its pillar. The dotted "
           "lines mark the as-of date and the end of the 16-month roll-out.")
ui.status_rule()
st.subheader("Deadlines table")
ui.table(drawn, "deadlines", "Deadlines", columns=["deadline_id", "pillar", "measure_id", "what_due", "date_text",
                                                   "due_from", "due_by", "precision", "kind", "status", "source_id",
                                                   "source_quote"])
