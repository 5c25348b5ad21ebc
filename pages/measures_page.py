"""Measures: a searchable table of every measure, and one measure's detail (pillar, actors
and roles, funding, deadlines, status and every source quote), linkable as ?measure=<id>."""
import streamlit as st

from tracker import queries, ui

PAGE_SIZE = 500  # measures per page of the table

db, view = ui.database(), ui.view()
total = queries.count_measures(db, view.filters)
pages = max(1, -(-total // PAGE_SIZE))
if (st.session_state.get("measures_page") or 1) > pages:  # the filters now keep fewer measures
    st.session_state["measures_page"] = 1

st.title("Measures")
ui.filter_sentence(total)


def open_measure() -> None:
    chosen = st.session_state.get("measure_pick")
    if chosen:
        st.query_params["measure"] = chosen
    elif "measure" in st.query_params:
        del st.query_params["measure"]


wanted = st.query_params.get("measure")
if wanted and not queries.measure_exists(db, wanted):
    st.warning(f"There is no measure {wanted!r}; showing the list instead.", icon="⚠️")
    wanted = None
st.session_state["measure_pick"] = wanted  # the link says which measure is open

page_no = st.number_input("Page", 1, pages, key="measures_page") if pages > 1 else 1
table = queries.measures(db, view.filters, limit=PAGE_SIZE, offset=(page_no - 1) * PAGE_SIZE)
ids = table["measure_id"].tolist()
options = ids if not wanted or wanted in ids else [wanted] + ids
st.selectbox("Open a measure", options, index=None, key="measure_pick", on_change=open_measure,
             placeholder="Choose a measure id to see its detail and quotes")

if wanted:
    detail = queries.measure_detail(db, wanted, view.as_of)
    m = detail["measure"].iloc[0]
    with st.container(border=True):
        st.subheader(ui.md(m["title"]))
        st.markdown(f"{ui.code(m['measure_id'])} · {ui.md(m['pillar_name'])} · {ui.md(m['measure_type'])} · "
                    f"status at publication: **{ui.md(m['status_at_publication'])}**"
                    + (f" · part of {ui.code(m['parent_id'])}" if m["parent_id"] else ""))
        if m["description"]:
            st.markdown(ui.md(m["description"]))
        st.markdown(f"> “{ui.md(m['source_quote'])}”  \n> — source {ui.code(m['source_id'])}")
        for name, label in (("actors", "Actors and roles"), ("funding", "Funding"), ("deadlines", "Deadlines"),
                            ("progress", "Progress recorded"), ("children", "Sub-actions")):
            if not detail[name].empty:
                st.markdown(f"**{label}**")
                ui.frame(detail[name])
        st.button("Close detail", on_click=lambda: st.query_params.pop("measure", None), key="close_measure")

st.subheader(f"{total} measures" + (f" (page {page_no} of {pages})" if pages > 1 else ""))
ui.table(table, "measures", "Measures", column_config={
    "measure_id": st.column_config.TextColumn("Measure id", help="Open it above, or link ?measure=<id>")})
