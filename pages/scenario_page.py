"""What if: deadlines shifted, money changed, measures dropped; the scenario beside the baseline.

The levers live in the link only (tracker/whatif.py); they are applied in SQL to every selected
deadline and funding line (sql/scenario.sql). The data folder and the database never change.
"""
import pandas as pd
import streamlit as st

from tracker import explain, link, queries, scenario, session, sidebar, statuses, tables, ui, whatif, words
from tracker.filters import When

MAX_DRAWN = 400  # deadlines drawn on the timeline (the changed ones first)
MAX_LISTED = 100  # changes written out as sentences (the tables under them hold them all)
MAX_ROWS = 5000  # rows of the tables of changes
KIND_LABELS = {"shift": "Shift deadlines (months)", "scale": "Change funding (%)",
               "set": "Set a funding line (EUR)", "drop": "Drop a measure"}

db, view = session.database(), link.view()
f, when = view.filters, view.when
scn = whatif.current()
levers, catalog = scn.levers, scn.catalog
names = {lv.link: catalog.describe(lv) for lv in levers}
pkg = queries.package(db)
horizon = pkg["horizon_end"]
summary = queries.scenario_summary(db, f, when, levers)
base, new = summary["baseline"], summary["scenario"]

st.title("What if: a scenario beside the baseline")
sidebar.filter_sentence()
for notice in scn.notices:
    st.warning(notice, icon="⚠️")
for unused in summary["unused"]:
    st.info(f"{names.get(unused, unused)} reaches nothing under the current filters.", icon=":material/filter_alt:")


def metric(col, label: str, key: str, worse_when_higher: bool | None, help: str) -> None:
    """A headline figure under the scenario, with its change from the baseline."""
    if key == "new_money_eur":
        shown = {"baseline": words.money(base[key], base["new_money_qualifier"], short=True),
                 "scenario": words.money(new[key], new["new_money_qualifier"], short=True)}
    else:
        shown = {"baseline": str(base[key]), "scenario": str(new[key])}
    change = new[key] - base[key]
    if not levers:
        col.metric(label, shown["scenario"], border=True, help=help)
    elif change == 0:
        col.metric(label, shown["scenario"], f"no change (baseline {shown['baseline']})", delta_color="off",
                   delta_arrow="off", border=True, help=help)
    else:
        text = (f"{'-' if change < 0 else '+'}{words.euro_short(abs(change))}" if key == "new_money_eur"
                else f"{change:+d}")
        colour = "off" if worse_when_higher is None else ("inverse" if worse_when_higher else "normal")
        col.metric(label, shown["scenario"], f"{text} (baseline {shown['baseline']})", delta_color=colour,
                   border=True, help=help)


figures = st.container(horizontal=True)
metric(figures, "New money", "new_money_eur", False,
       "New calls and new funding of the package under the scenario, each line counted once; a sum that holds a "
       "ceiling (“up to”) is a ceiling.")
metric(figures, "Ending after the roll-out", "past_horizon", True,
       f"Deadlines whose window ends after {words.day(horizon)} (the package date plus {pkg['horizon_months']} "
       "months).")
metric(figures, "Past deadline", "overdue", True,
       f"Windows closed with no delivery recorded on {words.day(view.as_of)} (the Status as of date).")
metric(figures, "Due now", "due_now", None, "Deadlines whose window contains the as-of date.")

# -- what the scenario does to delivery --------------------------------------------------------
SCN_ON = {"end": f"End of the roll-out ({words.short_day(horizon)})", "as_of": f"The as-of date "
                                                                               f"({words.short_day(view.as_of)})"}
on_pick = st.segmented_control("What the scenario does to delivery, on", list(SCN_ON), format_func=SCN_ON.get,
                               default="end", key="scn_on") or "end"
on_day = horizon if on_pick == "end" else view.as_of
sides = queries.scenario_statuses(db, f, When(on_day, when.due_from, when.due_to), levers)
base_counts, scn_counts = ({c: int(sides.iloc[i][c]) for c in statuses.COUNTED} for i in (0, 1))
st.markdown(f"**Baseline** on {words.day(on_day)}: {ui.md(words.delivery(base_counts))}.  \n"
            f"**Scenario**: {ui.md(words.delivery(scn_counts))}." if levers else
            f"On {words.day(on_day)}: {ui.md(words.delivery(base_counts))}. Add a lever to see what it changes.")
left, right = st.columns([1, 1])
with left:
    ui.chart(ui.figure("status_bars", sides.assign(label=["Baseline", "Scenario"], key=["baseline", "scenario"])),
             "scn_statuses", f"Commitments by status on {words.day(on_day)}: baseline and scenario")
with right:
    compare = pd.DataFrame({
        "what": [words.STATUS[c] for c in statuses.COUNTED] + ["Ending after the roll-out"],
        "baseline": [base_counts[c] for c in statuses.COUNTED] + [base["past_horizon"]],
        "scenario": [scn_counts[c] for c in statuses.COUNTED] + [new["past_horizon"]]})
    compare = compare.assign(change=[f"{d:+d}" if d else "" for d in compare["scenario"] - compare["baseline"]])
    st.dataframe(compare, hide_index=True, width="stretch", key="scn_compare", column_config={
        "what": st.column_config.Column("Commitments"), "baseline": st.column_config.Column("Baseline"),
        "scenario": st.column_config.Column("Scenario"), "change": st.column_config.Column("Change")})
st.caption("What the documents recorded stays: a shift moves the window, so a delivery may turn from late to on time "
           "or the reverse, and a commitment not delivered falls past its deadline later.")

if scn.link:
    url = link.share_url({**link.link_query(), **scenario.to_query(levers)})
    st.markdown("**Link of this scenario**: send it, and it opens this scenario with these filters.")
    st.code(url, language=None, wrap_lines=True)
    link.copy_button(url, key="copy_scenario_link")

if scn.presets:
    titles = {p.scenario_id: p.title for p in scn.presets}
    st.session_state["scn_preset"] = next((p.scenario_id for p in scn.presets if p.levers == levers), None)
    st.pills("Named scenarios: one click sets the levers and the link (a second click goes back to the baseline)",
             list(titles), format_func=titles.get, key="scn_preset", on_change=whatif.preset_picked,
             args=(scn.presets,))

with st.container(border=True):
    st.markdown("**Levers**")
    form = st.container(horizontal=True, vertical_alignment="bottom")
    kind = form.selectbox("Lever", list(KIND_LABELS), format_func=KIND_LABELS.get, key="scn_add_kind", width=230)
    options = {"shift": [*catalog.pillars, *catalog.actors, *catalog.measures],
               "scale": [*catalog.funding, *sorted(catalog.instruments)],
               "set": list(catalog.funding), "drop": list(catalog.measures)}[kind]
    form.selectbox("Target", options[:whatif.FORM_OPTIONS], format_func=catalog.label, key="scn_add_target")
    label, default, step, fmt = {"shift": ("Months (+ later, - earlier)", 6, 1, "%d"),
                                 "scale": ("Percent (-25 = cut a quarter)", -25.0, 5.0, "%.1f"),
                                 "set": ("Amount (EUR)", 0.0, 100000.0, "%.0f"),
                                 "drop": ("Value (none)", 0, 1, "%d")}[kind]
    form.number_input(label, value=default, step=step, format=fmt, key=f"scn_add_value_{kind}", disabled=kind == "drop",
                      width=230)
    form.button("Add", on_click=whatif.add_lever, key="scn_add", icon=":material/add:")

    if levers:  # the levers of the link, to change or delete (an empty table would say nothing)
        targets = [*catalog.pillars, *catalog.actors, *catalog.measures, *catalog.funding, *sorted(catalog.instruments)]
        target_column = (st.column_config.SelectboxColumn("Target", options=targets, required=True, width="large",
                                                          format_func=catalog.label)
                         if len(targets) <= whatif.FORM_OPTIONS else st.column_config.TextColumn("Target", width="large"))
        key = whatif.table_key(levers)
        st.data_editor(whatif.levers_frame(levers), key=key, num_rows="dynamic", hide_index=True, width="stretch",
                       on_change=whatif.table_edited, args=(key,), column_config={
                           "lever": st.column_config.SelectboxColumn("Lever", options=list(scenario.LEVER_KEYS),
                                                                     required=True, format_func=KIND_LABELS.get),
                           "target": target_column,
                           "value": st.column_config.NumberColumn("Value", help="months (shift), percent (scale), "
                                                                                "euros (set); empty for drop")})
    if st.session_state.get("scn_pending"):
        pending = st.session_state["scn_pending"]
        st.caption(f"{words.plural(pending, 'row')} not applied yet: a lever needs a target and a value.")
    foot = st.container(horizontal=True, vertical_alignment="center")
    foot.markdown("Levers apply in the order drop, set, scale, shift." if levers else
                  "No lever yet: pick a named scenario or add a lever. Levers apply in the order drop, set, "
                  "scale, shift.", width="stretch")
    foot.button("Reset to baseline", on_click=whatif.write, args=([],), key="scn_reset", disabled=not levers,
                icon=":material/restart_alt:")

st.subheader("What changed and why")
# Only what the levers move is asked for (with no lever, nothing is: no query at all).
changed = queries.scenario_deadlines(db, f, when, levers, limit=MAX_ROWS, changed_only=True) if levers else None
money = queries.scenario_funding(db, f, levers, limit=MAX_ROWS, changed_only=True) if levers else None
if not levers or (changed.empty and money.empty):
    st.markdown("Nothing: the scenario equals the baseline under the current filters.")
if levers:
    moved = changed[changed["status"] != changed["baseline_status"]]
    changes = [f"- **{ui.md(r['what_due'])}** ({ui.md(r['pillar'])}): {ui.md(words.STATUS[r['baseline_status']])} → "
               f"**{ui.md(words.STATUS[r['status']])}**. {ui.md(explain.explain_deadline(r, horizon, names))}"
               for r in moved.to_dict("records")]
    changes += [f"- **{ui.md(r['measure_title'])}** ({ui.md(r['instrument'])}): "
                f"{ui.md(words.money(r['baseline_amount_eur'], r['baseline_qualifier']))} → "
                f"**{ui.md(words.money(r['amount_eur'], r['amount_qualifier']))}**. "
                f"{ui.md(explain.explain_funding(r, names))}" for r in money.to_dict("records")]
    st.markdown("\n".join(changes[:MAX_LISTED]))
    if len(changes) > MAX_LISTED:
        st.markdown(f"… and {len(changes) - MAX_LISTED:,} more, all in the tables below.")
    if len(changed) > len(moved):
        st.markdown(f"{words.plural(len(changed) - len(moved), 'other deadline')} moved by the levers "
                    f"{'keeps its' if len(changed) - len(moved) == 1 else 'keep their'} status on "
                    f"{words.day(view.as_of)} (the table below lists them).")
    # the reason right after the statuses, readable in full at 1400 px (the dates it states follow it)
    if not changed.empty:
        tables.frame(changed.assign(why=[explain.explain_deadline(r, horizon, names)
                                         for r in changed.to_dict("records")]),
                     ["what_due", "baseline_status", "status", "why", "baseline_due_by", "due_by"], key="scn_changes")
    if not money.empty:
        tables.frame(money.assign(why=[explain.explain_funding(r, names) for r in money.to_dict("records")]),
                     ["measure_title", "baseline_amount_eur", "amount_eur", "why", "instrument"],
                     key="scn_funding_changes")

st.subheader("Deadlines: scenario windows over the baseline")
only_changed = st.toggle("Only the deadlines the scenario moves", value=True, key="scn_only_changed",
                         help="Turn off to draw every deadline under the filters, the moved ones first.")
drawn = changed if only_changed else queries.scenario_deadlines(db, f, when, levers, limit=MAX_DRAWN + 1)
if drawn is not None:
    drawn = drawn.head(MAX_DRAWN + 1)
    drawn = drawn[(drawn["kind"] != "past_event") & (drawn["status"] != "dropped")]
if (drawn is None or drawn.empty) and only_changed:
    st.info("No deadline is moved: add a lever that shifts deadlines, or turn off “Only the deadlines the scenario "
            "moves” to see them all.", icon=":material/timeline:")
else:
    if len(drawn) > MAX_DRAWN:
        st.info(f"Drawing {MAX_DRAWN} deadlines, the moved ones first; narrow the filters to see the rest. The "
                "figures above count them all.")
        drawn = drawn.head(MAX_DRAWN)
    baseline = drawn.assign(due_from=drawn["baseline_due_from"], due_by=drawn["baseline_due_by"]) if levers else None
    ui.chart(ui.figure("timeline", drawn, view.as_of, horizon, baseline), "scn_timeline",
             "Deadline windows under the scenario, by status")
    st.caption("Coloured bars are the scenario windows, by their status under the scenario; black outlines are "
               "the baseline windows. Dotted lines: the as-of date and the end of the roll-out.")

st.subheader("New money: baseline and scenario")
dim = st.segmented_control("By", ["pillar", "instrument"], default="pillar", key="scn_funding_dim") or "pillar"
by = queries.scenario_funding_by(db, f, levers, dim)
ui.chart(ui.figure("funding_compare", by, dim), "scn_funding", f"New money by {dim}: baseline (grey) and scenario")

st.subheader("Export")
st.caption("The levers, then every deadline and funding line under the scenario beside its baseline.")
tables.downloads(lambda: explain.export_frame(levers, catalog, queries.scenario_deadlines(db, f, when, levers),
                                           queries.scenario_funding(db, f, levers)),
             "scenario", f"What-if scenario ({'; '.join(names.values()) or 'baseline, no lever'})")
