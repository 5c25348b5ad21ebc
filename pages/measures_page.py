"""Measures: a searchable table of every measure, and one measure's detail (pillar, actors
and roles, funding, deadlines, status and every source quote), linkable as ?measure=<id>."""
import streamlit as st

from tracker import ui, views

PAGE_SIZE = views.MEASURES_PAGE

f = ui.current_filters()
page_no = st.session_state.get("measures_page") or 1
data = ui.fetch(**views.measures(f, st.session_state))
st.title("Measures")
ui.filter_sentence(f, data.n)


def open_measure():
    chosen = st.session_state.get("measure_pick")
    if chosen:
        st.query_params["measure"] = chosen
    elif "measure" in st.query_params:
        del st.query_params["measure"]


def close_measure():
    st.session_state["measure_pick"] = None
    if "measure" in st.query_params:
        del st.query_params["measure"]


wanted = st.query_params.get("measure")
if wanted and not ui.run("measure_exists", wanted):
    st.warning(f"There is no measure {wanted!r}; showing the list instead.", icon="⚠️")
    wanted = None
if "measure_pick" not in st.session_state:
    st.session_state["measure_pick"] = wanted

total = data.n
pages = max(1, -(-total // PAGE_SIZE))
if page_no > pages:  # the filters now keep fewer measures
    page_no = st.session_state["measures_page"] = 1
shown = st.number_input("Page", 1, pages, key="measures_page") if pages > 1 else 1
table = data.table if shown == page_no else ui.run("measures", f, PAGE_SIZE, (shown - 1) * PAGE_SIZE)
page_no = shown
ids = table.column("measure_id").to_pylist()
picked = st.session_state.get("measure_pick")
options = ids if not picked or picked in ids else [picked] + ids
st.selectbox("Open a measure", options, index=None, key="measure_pick", on_change=open_measure,
             format_func=lambda m: m, placeholder="Choose a measure id to see its detail and quotes")

chosen = st.session_state.get("measure_pick")
if chosen:
    detail = ui.run("measure_detail", chosen, f.as_of)
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
            df = detail[name]
            if not df.empty:
                st.markdown(f"**{label}**")
                ui.frame(df)
        st.button("Close detail", on_click=close_measure, key="close_measure")

st.subheader(f"{total} measures" + (f" (page {page_no} of {pages})" if pages > 1 else ""))
ui.table(table, "measures", "Measures", f, column_config={
    "measure_id": st.column_config.TextColumn("Measure id", help="Open it above, or link ?measure=<id>"),
})
