"""Actors: who is involved in which pillar (an actor x pillar matrix by role), and one
actor's commitments and deadlines."""
import streamlit as st

from tracker import charts, queries, ui, views

ROLES = {"any role": "measures", "lead": "lead", "partner": "partner", "addressee": "addressee"}
MAX_ROWS = views.ACTOR_ROWS

f = ui.current_filters()
data = ui.fetch(**views.actors(f, st.session_state))
st.title("Actors")
ui.filter_sentence(f, data.n)
pillars = ui.run("pillar_names")
role = st.segmented_control("Role", list(ROLES), default="any role", key="actor_role") or "any role"
matrix = data.matrix
ui.chart(charts.actor_heatmap(matrix, pillars, ROLES[role]), "actor_matrix", targets={"actor": 0, "pillar": 1},
         separator="|")
st.caption("Each cell counts the measures an actor takes part in (in the chosen role) within a pillar; the "
           "30 most involved actors are drawn. Click a cell to narrow every page to that actor and pillar.")
with st.expander("Data behind the matrix"):
    ui.table(matrix, "actor_matrix", "Measures per actor and pillar, by role", f,
             columns=["actor_id", "actor", "actor_type", "pillar_id", "pillar", "measures", "lead", "partner", "addressee"])

st.subheader("One actor's commitments")
ch = ui.choices()
present = views.actors_present(matrix)  # the most involved first
rows = data.commitments  # of the actor picked last, else the filtered one, else the most involved
if not present or not len(rows):
    st.info("No actor under the filters.")
else:
    actor = views.first(rows, "actor_id")
    st.selectbox("Actor", present, index=present.index(actor), format_func=lambda a: ch.actors.get(a, a),
                 key="actor_detail")
    if len(rows) > MAX_ROWS:
        st.info(f"Showing the first {MAX_ROWS} of this actor's measures; narrow the filters to see the rest.")
        rows = rows.slice(0, MAX_ROWS)
    ui.table(rows, f"commitments_{actor}", f"Commitments of {ch.actors[actor]}", f,
             columns=queries.COMMITMENT_COLUMNS)
