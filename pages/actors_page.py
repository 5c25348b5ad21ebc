"""Actors: who is involved in which pillar (an actor x pillar matrix by role), and one
actor's commitments and deadlines."""
import streamlit as st

from tracker import charts, ui

f = ui.current_filters()
st.title("Actors")
ui.filter_sentence(f)
pillars = ui.run("pillar_names")
role = st.segmented_control("Role", ["any role", "lead", "partner", "addressee"], default="any role",
                            key="actor_role")
shown = ui.run("actor_matrix", f, None if role in (None, "any role") else role)
matrix = ui.run("actor_matrix", f, None)
ui.chart(charts.actor_heatmap(shown, pillars), "actor_matrix", targets={"actor": 0, "pillar": 1}, separator="|")
st.caption("Each cell counts the measures an actor takes part in (in the chosen role) within a pillar. "
           "Click a cell to narrow every page to that actor and pillar.")
with st.expander("Data behind the matrix"):
    ui.table(shown, "actor_matrix", f"Measures per actor and pillar ({role or 'any role'})", f)

st.subheader("One actor's commitments")
ch = ui.choices()
present = list(dict.fromkeys(matrix["actor_id"]))
if not present:
    st.info("No actor under the filters.")
else:
    default = f.actors[0] if f.actors and f.actors[0] in present else present[0]
    actor = st.selectbox("Actor", present, index=present.index(default), format_func=lambda a: ch.actors.get(a, a),
                         key="actor_detail")
    ui.table(ui.run("actor_commitments", f, actor), f"commitments_{actor}", f"Commitments of {ch.actors[actor]}", f)
