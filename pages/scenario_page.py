"""What if: deadlines shifted, money changed, measures dropped; the scenario beside the baseline.

The levers live in this session and in the link only (keys shift, scale, set, drop: see
tracker/scenario.py); the data folder and the database are never changed.
"""
import pandas as pd
import streamlit as st

from tracker import charts, scenario, ui, views
from tracker.filters import format_date

MAX_DEADLINES = views.SCENARIO_DEADLINES
MAX_FUNDING = views.SCENARIO_FUNDING
MAX_DRAWN = 400  # deadlines drawn on the timeline (the changed ones first)
MAX_LISTED = 20  # status changes written out as sentences (the table holds them all)
MAX_OPTIONS = views.LEVER_OPTIONS  # measures and funding lines the lever form offers (those under the filters)
KIND_LABELS = {"shift": "Shift deadlines (months)", "scale": "Change funding (%)",
               "set": "Set a funding line (EUR)", "drop": "Drop a measure"}
ss = st.session_state

f = ui.current_filters()
fetched = ui.fetch(**views.scenario(f, ss))
pkg = ui.run("package")
ch = ui.choices()
preset_file = ui.scenarios_file()


def make_catalog(*texts: str) -> scenario.Catalog:
    """What levers may name: the measures and funding lines under the filters, every pillar and
    actor, and whatever the link, the presets, this session's levers and `texts` name."""
    named = [f"{k}={v}" for k in scenario.LEVER_KEYS for v in st.query_params.get_all(k)]
    named += [lv.link for lv in ss.get("scn_levers", [])] + list(texts)
    named += (preset_file[1] if preset_file else "").replace("\n", ",").split(",")  # every cell of the presets
    ids = tuple(sorted(scenario.targets_named(named)))[:500]
    return scenario.catalog_of(fetched.measures, fetched.lines.head(MAX_OPTIONS), ui.run("lever_targets", ids),
                               ui.run("lever_instruments"), ch.pillars, ch.actors)


catalog = make_catalog()


# -- state: the levers of this session, kept equal to the URL ----------------------------------
def write_url(levers) -> None:
    want = scenario.to_query(levers)
    for key in scenario.LEVER_KEYS:
        if key in want:
            if st.query_params.get_all(key) != want[key]:
                st.query_params[key] = want[key]
        elif key in st.query_params:
            del st.query_params[key]


def set_levers(levers, notices=()) -> None:
    """Replace the scenario (a preset, reset, the add form): new table, new URL."""
    ss["scn_levers"] = list(levers)
    ss["scn_notices"] = list(notices)
    ss["scn_round"] = ss.get("scn_round", 0) + 1  # a fresh lever table
    write_url(ss["scn_levers"])


def levers_frame(levers) -> pd.DataFrame:
    return pd.DataFrame({"lever": pd.array([lv.kind for lv in levers], dtype="string"),
                         "target": pd.array([lv.target for lv in levers], dtype="string"),
                         "value": pd.array([lv.value for lv in levers], dtype="Float64")})


def table_edited(key: str) -> None:
    """Callback of the lever table: rows -> levers (a bad row is left out with a notice)."""
    edits = ss.get(key) or {}
    rows = levers_frame(ss.get("scn_levers", [])).to_dict("records")
    for i, change in (edits.get("edited_rows") or {}).items():
        rows[int(i)].update(change)
    rows += list(edits.get("added_rows") or [])
    deleted = {int(i) for i in edits.get("deleted_rows") or []}
    levers, notices, pending = [], [], 0
    for i, row in enumerate(rows):
        if i in deleted:
            continue
        kind, target, value = row.get("lever"), row.get("target"), row.get("value")
        if not kind or not target or (kind != "drop" and (value is None or pd.isna(value))):
            pending += 1  # still being filled in: kept in the table, not applied
            continue
        lever, notice = scenario.parse_row(kind, target, value, make_catalog(str(target)))
        if notice:
            notices.append(notice)
        else:
            levers.append(lever)
    ss["scn_levers"] = levers
    ss["scn_notices"] = notices
    ss["scn_pending"] = pending
    if notices:  # show the table without the rows that were left out
        ss["scn_round"] = ss.get("scn_round", 0) + 1
    write_url(levers)


def add_lever() -> None:
    kind = ss.get("scn_add_kind")
    target, value = ss.get("scn_add_target"), ss.get(f"scn_add_value_{kind}")
    lever, notice = scenario.parse_row(kind, target, None if kind == "drop" else value, make_catalog(str(target)))
    if notice:
        ss["scn_notices"] = [notice]
        return
    set_levers([*ss.get("scn_levers", []), lever])


if not ss.get("scn_loaded"):  # the link, read once per session
    levers, notices = scenario.parse_query({k: st.query_params.get_all(k) for k in scenario.LEVER_KEYS}, catalog)
    ss.update(scn_levers=levers, scn_notices=notices, scn_loaded=True, scn_round=0)
levers = ss["scn_levers"]
write_url(levers)  # a page switch drops the lever keys: put them back

presets, preset_notices = scenario.parse_presets(preset_file[1], preset_file[0], catalog) if preset_file else ([], [])
if preset_file and preset_file[2]:
    preset_notices.append(preset_file[2])

# -- page --------------------------------------------------------------------------------------
st.title("What if: a scenario beside the baseline")
ui.filter_sentence(f, fetched.n)
for notice in ss.get("scn_notices", []) + preset_notices:
    st.warning(notice, icon="⚠️")

if presets:
    st.markdown("**Named scenarios** (from `scenarios.csv`): one click sets the levers and the link.")
    cols = st.columns(min(len(presets), 3))
    for i, p in enumerate(presets):
        cols[i % len(cols)].button(p.title, key=f"scn_preset_{p.scenario_id}", help=f"?{p.link}", width="stretch",
                                   on_click=set_levers, args=(p.levers,), icon=":material/play_arrow:")

with st.container(border=True):
    st.markdown("**Levers**")
    a, b, c, d = st.columns([2, 4, 2, 1], vertical_alignment="bottom")
    kind = a.selectbox("Lever", list(KIND_LABELS), format_func=KIND_LABELS.get, key="scn_add_kind")
    options = {"shift": [*catalog.pillars, *catalog.actors, *catalog.measures],
               "scale": [*catalog.funding, *sorted(catalog.instruments)],
               "set": list(catalog.funding), "drop": list(catalog.measures)}[kind]
    b.selectbox("Target", options[:MAX_OPTIONS], format_func=catalog.label, key="scn_add_target")
    value_input = {"shift": ("Months (+ later, - earlier)", 6, 1, "%d"),
                   "scale": ("Percent (-25 = cut a quarter)", -25.0, 5.0, "%.1f"),
                   "set": ("Amount (EUR)", 0.0, 100000.0, "%.0f"), "drop": ("Value (none)", 0, 1, "%d")}[kind]
    c.number_input(value_input[0], value=value_input[1], step=value_input[2], format=value_input[3],
                   key=f"scn_add_value_{kind}", disabled=kind == "drop")
    d.button("Add", on_click=add_lever, key="scn_add", icon=":material/add:", width="stretch")

    targets = [*catalog.pillars, *catalog.actors, *catalog.measures, *catalog.funding, *sorted(catalog.instruments)]
    target_column = (st.column_config.SelectboxColumn("target", options=targets, required=True, width="large",
                                                      format_func=catalog.label)
                     if len(targets) <= MAX_OPTIONS else st.column_config.TextColumn("target", width="large"))
    editor_key = f"scn_table_{ss.get('scn_round', 0)}"
    st.data_editor(
        levers_frame(levers), key=editor_key, num_rows="dynamic", hide_index=True, width="stretch",
        on_change=table_edited, args=(editor_key,),
        column_config={
            "lever": st.column_config.SelectboxColumn("lever", options=list(scenario.LEVER_KEYS), required=True,
                                                      help="shift, scale, set or drop"),
            "target": target_column,
            "value": st.column_config.NumberColumn("value", help="months (shift), percent (scale), euros (set); "
                                                   "empty for drop"),
        },
    )
    if ss.get("scn_pending"):
        st.caption(f"{ss['scn_pending']} row(s) not applied yet: a lever needs a target and a value.")
    left, right = st.columns([4, 1.4], vertical_alignment="center")
    link = scenario.to_link(levers)
    left.markdown(("**Link of this scenario:** " + ui.code("?" + link)) if link else
                  "No lever yet: pick a named scenario or add a lever. Levers apply in the order drop, set, "
                  "scale, shift.")
    right.button("Reset to baseline", on_click=set_levers, args=([],), key="scn_reset", disabled=not levers,
                 icon=":material/restart_alt:", width="stretch")

# -- the scenario ------------------------------------------------------------------------------
baseline_rows, lines = fetched.rows, fetched.lines
if len(baseline_rows) > MAX_DEADLINES or len(lines) > MAX_FUNDING:
    st.info(f"The scenario uses the first {MAX_DEADLINES:,} deadlines and {MAX_FUNDING:,} funding lines; "
            "narrow the filters for exact totals.")
    baseline_rows, lines = baseline_rows.head(MAX_DEADLINES), lines.head(MAX_FUNDING)
actors_moved = tuple(sorted({lv.target for lv in levers if lv.kind == "shift" and lv.target in catalog.actors}))
actor_measures = ui.run("measures_of_actors", actors_moved) if actors_moved else {}
result = ui.kept(("scenario", f, tuple(levers)), lambda: scenario.apply(
    levers, baseline_rows, lines, as_of=f.as_of, horizon_end=pkg.get("horizon_end"), actor_measures=actor_measures))
for link_text in result.unused:
    st.info(f"{link_text} reaches nothing under the current filters.", icon=":material/filter_alt:")

base, scn = result.kpis["baseline"], result.kpis["scenario"]
horizon = pkg.get("horizon_end")


def metric(col, label: str, key: str, value: str, worse_when_higher: bool | None, base_text: str, help: str):
    """A KPI under the scenario, with its change from the baseline as the delta."""
    change = scn[key] - base[key]
    if not levers:
        col.metric(label, value, border=True, help=help)
        return
    if change == 0:
        col.metric(label, value, f"no change (baseline {base_text})", delta_color="off", delta_arrow="off",
                   border=True, help=help)
        return
    if key.endswith("_eur"):
        text = f"{'-' if change < 0 else '+'}{charts.euro_short(abs(change))} (baseline {base_text})"
    else:
        text = f"{change:+d} (baseline {base_text})"
    colour = "off" if worse_when_higher is None else ("inverse" if worse_when_higher else "normal")
    col.metric(label, value, text, delta_color=colour, border=True, help=help)


k1, k2, k3, k4 = st.columns(4)
metric(k1, "New money", "new_money_eur", charts.euro_short(scn["new_money_eur"]), False,
       charts.euro_short(base["new_money_eur"]),
       "New calls and new funding of the package under the scenario, each line counted once.")
metric(k2, "Ending after the roll-out", "past_horizon", str(scn["past_horizon"]), True,
       str(base["past_horizon"]),
       f"Deadlines whose window ends after {format_date(horizon) if horizon else 'the horizon'} "
       f"(the package date plus {pkg.get('horizon_months', '')} months).")
metric(k3, "Past deadline", "overdue", str(scn["overdue"]), True, str(base["overdue"]),
       f"Windows closed with no delivery recorded on {format_date(f.as_of)} (the Status as of date).")
metric(k4, "Due now", "due_now", str(scn["due_now"]), None, str(base["due_now"]),
       "Deadlines whose window contains the as-of date.")

st.subheader("Deadlines: scenario windows over the baseline")
only_changed = st.toggle("Only the deadlines the scenario moves", value=False, key="scn_only_changed")
drawn = result.deadlines[result.deadlines["kind"] != "past_event"]
if only_changed:
    drawn = drawn[drawn["shift_months"] != 0]
if len(drawn) > MAX_DRAWN:
    st.info(f"Drawing {MAX_DRAWN} of {len(drawn):,} deadlines, the moved ones first; narrow the filters to see "
            "the rest. The figures above count them all.")
    drawn = drawn.assign(moved=drawn["shift_months"] != 0).sort_values(
        ["moved", "due_by"], ascending=[False, True], kind="stable").head(MAX_DRAWN)
ui.chart(charts.timeline(drawn, f.as_of, horizon, baseline=result.baseline_deadlines if levers else None),
         "scn_timeline")
st.caption("Coloured bars are the scenario windows, by their status under the scenario; black outlines are "
           "the baseline windows. Dotted lines: the as-of date and the end of the roll-out.")

st.subheader("New money: baseline and scenario")
dim = st.segmented_control("By", ["pillar", "instrument"], default="pillar", key="scn_funding_dim") or "pillar"
numbers = dict(zip(ui.run("pillar_names")["short_name"], ui.run("pillar_names")["pillar_no"]))
base_by = scenario.funding_by(result.baseline_funding, dim, numbers)
scn_by = scenario.funding_by(result.funding, dim, numbers) if levers else base_by
top = max([0.0] + [float(x) for x in base_by.loc[base_by["money_class"] == "new", "amount_eur"]]
          + [float(x) for x in scn_by.loc[scn_by["money_class"] == "new", "amount_eur"]]) / 1e6
left, right = st.columns(2)
for col, data, name in ((left, base_by, "Baseline"), (right, scn_by, "Scenario")):
    with col:
        ui.chart(charts.funding_bars(data, dim, "new", title=f"{name}: new money by {dim}",
                                     y_max_m=top * 1.15 if top else None), f"scn_funding_{name.lower()}")

st.subheader("What changed and why")
changes = result.deadline_changes
if changes.empty and result.funding_changes.empty:
    st.markdown("Nothing: the scenario equals the baseline under the current filters.")
status_words = {**charts.STATUS_LABELS, "dropped": "Dropped"}
moved = changes[changes["status_changed"]]
for r in ui.records(moved.head(MAX_LISTED)):
    st.markdown(f"- {ui.code(r['deadline_id'])}: {ui.md(status_words[r['baseline_status']])} → "
                f"**{ui.md(status_words[r['status']])}**. {ui.md(r['why'])}")
if len(moved) > MAX_LISTED:
    st.markdown(f"- … and {len(moved) - MAX_LISTED:,} more status changes, all in the table below.")
if not changes.empty:
    ui.frame(changes, key="scn_changes", extra={c: st.column_config.DateColumn(c, format="YYYY-MM-DD")
                                                for c in ("baseline_due_from", "baseline_due_by")})
if not result.funding_changes.empty:
    ui.frame(result.funding_changes, key="scn_funding_changes",
             extra={c: st.column_config.NumberColumn(c, format="%,.0f")
                    for c in ("baseline_amount_eur", "change_eur")})

st.subheader("Export")
st.caption("The levers, then every deadline and funding line under the scenario beside its baseline.")
ui.downloads(lambda: scenario.export_frame(levers, result, catalog), "scenario",
             f"What-if scenario ({link or 'baseline, no lever'})", f)
