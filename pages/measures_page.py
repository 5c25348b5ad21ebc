"""Measures: a searchable table of every measure, and one measure's detail (pillar, actors and
roles, money, deadlines with their outcome, its history from the promise to each later step with
its document and link, and every source quote), linkable as ?measure=<id>."""
import pandas as pd
import streamlit as st

from tracker import link, queries, session, sidebar, tables, ui, words

PAGE_SIZE = 500  # measures per page of the table

db, view = session.database(), link.view()
counts = sidebar.counts()
total = counts["measures"] + counts["background"]
pages = max(1, -(-total // PAGE_SIZE))
if (st.session_state.get("measures_page") or 1) > pages:  # the filters now keep fewer measures
    st.session_state["measures_page"] = 1

st.title("Measures")
sidebar.filter_sentence()
sidebar.background_note()


def open_measure() -> None:
    """Callback of the picker: the measure chosen goes into the link (one history entry)."""
    chosen = st.session_state.get("measure_pick")
    link.write_keys({"measure": [chosen]} if chosen else {}, ["measure"])


def history(detail: dict, published_on) -> pd.DataFrame:
    """The measure's promises (its deadlines, quoted from the package), then every step and money
    stage the later documents report, in date order."""
    promised = pd.DataFrame({
        "when": words.short_day(published_on), "what": "Promised",
        "note": [f"{w} ({t})" for w, t in zip(detail["deadlines"]["what_due"], detail["deadlines"]["date_text"])],
        "source": detail["deadlines"]["source"], "source_doubt": "", "locator": "", "source_url": None,
        "source_quote": detail["deadlines"]["source_quote"]})
    later = detail["history"]
    later = pd.DataFrame({
        "when": [words.when(d, p) for d, p in zip(later["happened_on"], later["date_precision"])],
        "what": [(words.STEP if k == "step" else words.STAGE).get(w, w)
                 + (f": {words.money(a, q)}" if k == "money" and isinstance(q, str) else "")
                 for k, w, a, q in zip(later["kind"], later["what"], later["amount_eur"], later["amount_qualifier"])],
        "note": later["note"], "source": later["source"], "source_doubt": later["source_doubt"].fillna(""),
        "locator": later["locator"].fillna(""),
        "source_url": later["source_url"], "source_quote": later["source_quote"].fillna("")})
    return pd.concat([promised, later], ignore_index=True)


wanted = st.query_params.get("measure")
if wanted and not queries.measure_exists(db, wanted):
    st.warning(f"There is no measure {wanted!r}; showing the list instead.", icon="⚠️")
    wanted = None
st.session_state["measure_pick"] = wanted  # the link says which measure is open

page_no = st.number_input("Page", 1, pages, key="measures_page") if pages > 1 else 1
table = queries.measures(db, view.filters, limit=PAGE_SIZE, offset=(page_no - 1) * PAGE_SIZE)
titles = dict(zip(table["measure_id"], table["title"]))
if wanted and wanted not in titles:
    titles = {wanted: queries.measure_detail(db, wanted, view.as_of)["measure"]["title"].iloc[0], **titles}
st.selectbox("Open a measure", list(titles), key="measure_pick", on_change=open_measure, format_func=titles.get,
             placeholder="Choose a measure to see its detail and quotes")

if wanted:
    detail = queries.measure_detail(db, wanted, view.as_of)
    m = detail["measure"].iloc[0]
    with st.container(border=True):
        st.subheader(ui.md(m["title"]))
        st.markdown(f"{ui.md(m['pillar_name'])} · {ui.md(words.MEASURE_TYPE.get(m['measure_type'], m['measure_type']))}"
                    f" · at publication: **{ui.md(words.PUBLICATION[m['status_at_publication']])}**"
                    + (f" · part of “{ui.md(m['parent_title'])}”" if m["parent_title"] else ""))
        if m["description"]:
            st.markdown(ui.md(m["description"]))
        st.markdown(f"> “{ui.md(m['source_quote'])}”  \n> — {ui.md(m['source'])}")
        later = detail["history"]
        if not later.empty:
            last = later.iloc[-1]
            what = (words.STEP if last["kind"] == "step" else words.STAGE).get(last["what"], last["what"])
            st.markdown(f"**Latest known** ({words.when(last['happened_on'], last['date_precision'])}): {ui.md(what)}. "
                        f"{ui.md(last['note'])} ({ui.md(last['source'])})")
        else:
            docs = queries.documents_read(db)
            st.markdown(f"**Latest known:** no report found. None of the {words.plural(docs['documents'], 'later document')}"
                        f" read, up to {words.day(docs['latest_on'])}, reports a step of this measure of its own.")
        dl = detail["deadlines"]
        detail["deadlines"] = dl.assign(outcome_text=[words.outcome(r) for r in dl.to_dict("records")])
        detail["history"] = history(detail, queries.package(db)["published_on"])
        sections = (("actors", "Actors and roles", ["actor", "role", "actor_type", "source_quote", "source"]),
                    ("funding", "Money", ["amount_eur", "amount_qualifier", "instrument", "period", "funding_kind",
                                          "money_class", "source_quote", "source"]),
                    ("deadlines", f"Deadlines on {words.day(view.as_of)}",
                     ["what_due", "date_text", "due_by", "status", "outcome_text", "kind", "source_quote", "source"]),
                    ("history", "History: what was promised, then what the documents report",
                     ["when", "what", "note", "source", "source_url", "locator", "source_doubt", "source_quote"]),
                    ("children", "Sub-actions", ["title", "status_at_publication"]))
        for name, label, columns in sections:
            if not detail[name].empty:
                st.markdown(f"**{label}**")
                tables.frame(detail[name], columns, key=f"detail_{name}",
                         extra={"what": st.column_config.Column("What"), "note": st.column_config.Column(
                             "What happened", width="large")} if name == "history" else None)
        st.button("Close detail", on_click=lambda: st.query_params.pop("measure", None), key="close_measure")

st.subheader(words.plural(total, "measure") + (f" (page {page_no} of {pages})" if pages > 1 else ""))
tables.table(table, "measures", "Measures", opens_measure=True,
         columns=["title", "pillar", "measure_type", "status_at_publication", "leads", "funding_lines",
                  "deadline_count", "parent_title", "source_quote"],
         ids=["measure_id", "parent_id", "pillar_id", "source_id"])
