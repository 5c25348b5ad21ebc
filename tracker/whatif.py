"""The what-if page's state: the levers are in the link (keys shift, scale, set, drop; see
tracker/scenario.py), read once per run; every change (a preset, the add form, the lever
table, reset) writes the new levers into the link in one step, so Back undoes it.
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import streamlit as st

from tracker import link, queries, scenario, session
from tracker.scenario import LEVER_KEYS, Catalog, Lever, Preset

FORM_OPTIONS = 3000  # measures and funding lines the lever form offers (the first under the filters)
MAX_NAMED = 500  # ids of a link, the presets and the lever table looked up


@dataclass(frozen=True)
class Scenario:
    """The scenario of the link: its levers, what they may name, and the presets offered."""

    levers: tuple[Lever, ...]
    catalog: Catalog
    presets: tuple[Preset, ...]
    notices: tuple[str, ...]  # levers of the link and presets left out, and why

    @property
    def link(self) -> str:
        return scenario.to_link(self.levers)


def _link_query() -> dict[str, list[str]]:
    return {k: st.query_params.get_all(k) for k in LEVER_KEYS}


def _catalog(*texts: str) -> Catalog:
    """The catalogue, with the ids that `texts` (lever texts) name."""
    named = tuple(sorted(scenario.targets_named(texts)))[:MAX_NAMED]
    return queries.lever_catalog(session.database(), named, FORM_OPTIONS)


def current() -> Scenario:
    """The scenario of this run, read from the link and the data folder's scenarios.csv."""
    query = _link_query()
    path = session.scenarios_file()
    text, problem = scenario.read_presets(path)
    catalog = _catalog(*(f"{k}={v}" for k, values in query.items() for v in values),
                       *text.replace("\n", ",").split(","))
    levers, notices = scenario.parse_query(query, catalog)
    presets, preset_notices = scenario.parse_presets(text, path.name, catalog) if text else ([], [])
    notices += preset_notices + ([problem] if problem else []) + st.session_state.get("scn_notices", [])
    return Scenario(tuple(levers), catalog, tuple(presets), tuple(notices))


def write(levers, notices=()) -> None:
    """Put the levers into the link (the other keys stay), in one step."""
    link.write_keys(scenario.to_query(levers), LEVER_KEYS)
    st.session_state["scn_notices"] = list(notices)


def preset_picked(presets) -> None:
    """Callback of the named scenarios: the one picked sets the levers; none picked, the baseline."""
    picked = st.session_state.get("scn_preset")
    write(next((p.levers for p in presets if p.scenario_id == picked), []))


def add_lever() -> None:
    """Callback of the add form."""
    ss = st.session_state
    kind, target = ss.get("scn_add_kind"), ss.get("scn_add_target")
    value = None if kind == "drop" else ss.get(f"scn_add_value_{kind}")
    lever, notice = scenario.parse_row(kind, target, value, _catalog(str(target)))
    levers, _ = scenario.parse_query(_link_query(), _catalog(*_texts_of_link()))
    if notice:
        st.session_state["scn_notices"] = [notice]
    else:
        write([*levers, lever])


def _texts_of_link() -> list[str]:
    return [f"{k}={v}" for k, values in _link_query().items() for v in values]


def table_key(levers) -> str:
    """The lever table's key: a new table whenever the levers change from elsewhere."""
    return f"scn_table_{abs(hash(scenario.to_link(levers)))}"


def levers_frame(levers) -> pd.DataFrame:
    return pd.DataFrame({"lever": pd.array([lv.kind for lv in levers], dtype="string"),
                         "target": pd.array([lv.target for lv in levers], dtype="string"),
                         "value": pd.array([lv.value for lv in levers], dtype="Float64")})


def table_edited(key: str) -> None:
    """Callback of the lever table: its rows become the levers (a row with a problem is left
    out with a notice; a row still being filled in is kept in the table, not applied)."""
    edits = st.session_state.get(key) or {}
    levers, _ = scenario.parse_query(_link_query(), _catalog(*_texts_of_link()))
    rows = levers_frame(levers).to_dict("records")
    for i, change in (edits.get("edited_rows") or {}).items():
        rows[int(i)].update(change)
    rows += list(edits.get("added_rows") or [])
    deleted = {int(i) for i in edits.get("deleted_rows") or []}
    kept, notices, pending = [], [], 0
    catalog = _catalog(*(str(r.get("target")) for r in rows))
    for i, row in enumerate(rows):
        kind, target, value = row.get("lever"), row.get("target"), row.get("value")
        if i in deleted:
            continue
        if not kind or not target or (kind != "drop" and (value is None or pd.isna(value))):
            pending += 1
            continue
        lever, notice = scenario.parse_row(kind, target, value, catalog)
        notices += [notice] if notice else []
        kept += [lever] if lever else []
    st.session_state["scn_pending"] = pending
    write(kept, notices)
