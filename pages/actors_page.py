"""Actors: who is involved in which pillar (an actor x pillar matrix by role), and one
actor's commitments and deadlines."""
import streamlit as st

from tracker import charts, ui, views

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
    ui.table(matrix[["actor_id", "actor", "actor_type", "pillar_id", "pillar", "measures", "lead", "partner",
                     "addressee"]], "actor_matrix", "Measures per actor and pillar, by role", f)

st.subheader("One actor's commitments")
ch = ui.choices()
totals = matrix.groupby("actor_id", sort=False)["measures"].sum()
present = sorted(totals.index, key=lambda a: (-totals[a], ch.actors.get(a, a)))  # the most involved first
if not present:
    st.info("No actor under the filters.")
else:
    default = f.actors[0] if f.actors and f.actors[0] in present else present[0]
    actor = st.selectbox("Actor", present, index=present.index(default), format_func=lambda a: ch.actors.get(a, a),
                         key="actor_detail")
    rows = ui.run("actor_commitments", f, actor, MAX_ROWS + 1)
    if len(rows) > MAX_ROWS:
        st.info(f"Showing the first {MAX_ROWS} of this actor's measures; narrow the filters to see the rest.")
        rows = rows.head(MAX_ROWS)
    ui.table(rows, f"commitments_{actor}", f"Commitments of {ch.actors[actor]}", f)
