"""Actors: who is involved in which pillar (an actor x pillar matrix by role), and one
actor's commitments and deadlines."""
import streamlit as st

from tracker import link, queries, session, sidebar, tables, ui, words

ROLES = {"any role": "measures", "lead": "lead", "partner": "partner", "addressee": "addressee"}
MAX_ROWS = 500  # commitments listed

db, view = session.database(), link.view()
matrix = queries.measures_per_actor(db, view.filters)
ch = queries.choices(db)

st.title("Actors")
sidebar.filter_sentence()
sidebar.background_note()
role = st.segmented_control("Role", list(ROLES), default="any role", key="actor_role") or "any role"
ui.chart(ui.figure("actor_heatmap", matrix, queries.pillars(db), ROLES[role]), "actor_matrix",
         "Who is involved where: measures per actor and pillar", targets={"actor": 0, "pillar": 1}, separator="|")
st.caption("Each cell counts the measures an actor takes part in (in the chosen role) within a pillar; the "
           "30 most involved actors are drawn. Click a cell to narrow every page to that actor and pillar.")
with st.expander("Data behind the matrix"):
    tables.table(matrix, "actor_matrix", "Measures per actor and pillar, by role",
             columns=["actor", "actor_type", "pillar", "measures", "lead", "partner", "addressee"],
             ids=["actor_id", "pillar_id"])

st.subheader("One actor's commitments")
present = matrix.drop_duplicates("actor_id")["actor_id"].tolist()  # by actor_rank: the most involved first
if not present:
    st.info("No actor under the filters.")
else:
    # the actor picked here while it stays under the filters, else the first filtered, else the most involved
    default = next(a for a in (st.session_state.get("actor_detail"), *view.filters.actors, present[0]) if a in present)
    actor = st.selectbox("Actor", present, index=present.index(default), format_func=ch.actors.get, key="actor_detail")
    rows = queries.actor_commitments(db, view.filters, view.when, actor, limit=MAX_ROWS + 1)
    if len(rows) > MAX_ROWS:
        st.info(f"Showing the first {MAX_ROWS} of this actor's measures; narrow the filters to see the rest.")
        rows = rows.head(MAX_ROWS)
    rows = rows.assign(
        deadlines=[words.deadlines(t, s) for t, s in zip(rows["deadline_texts"], rows["deadline_statuses"])],
        status=["; ".join(dict.fromkeys(words.STATUS.get(x, x) for x in s)) or "No dated commitment"
                for s in rows["deadline_statuses"]])
    tables.table(rows, f"commitments_{actor}", f"Commitments of {ch.actors[actor]}", opens_measure=True,
                 columns=["title", "status", "role", "deadlines", "pillar", "status_at_publication", "source_quote"],
                 ids=["measure_id"])
