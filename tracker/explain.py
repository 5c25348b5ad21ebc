"""A what-if scenario in words and in one table: why each deadline and funding line changed (the
explanations of the what-if page) and the scenario's download."""
from __future__ import annotations

import datetime as dt
from typing import Iterable, Mapping

import pandas as pd

from tracker.scenario import Catalog, Lever
from tracker.words import short_day


def _named(links: str, names: Mapping[str, str] | None) -> str:
    """'shift=cbrn:6; shift=europol:2' in words, through `names` (link -> words), when given."""
    return "; ".join((names or {}).get(link, link) for link in links.split("; ") if link)


def explain_deadline(row: Mapping, horizon_end: dt.date | None, names: Mapping[str, str] | None = None) -> str:
    """Why a deadline changed, from a row of queries.scenario_deadlines; `names` says each lever
    in words (link -> words, e.g. Catalog.describe), else its link is quoted."""
    if row.get("dropped_by"):
        return f"{_named(row['dropped_by'], names)}: the measure is taken out."
    why = (f"{_named(row['shifted_by'], names)}: due by {short_day(row['baseline_due_by'])} becomes "
           f"{short_day(row['due_by'])} ({int(row['shift_months']):+d} months).")
    if horizon_end and row["past_horizon"] and not row["baseline_past_horizon"]:
        why += f" It now ends after the roll-out ({short_day(horizon_end)})."
    elif horizon_end and row["baseline_past_horizon"] and not row["past_horizon"]:
        why += f" It now ends within the roll-out ({short_day(horizon_end)})."
    return why


def explain_funding(row: Mapping, names: Mapping[str, str] | None = None) -> str:
    """Why a funding line changed, from a row of queries.scenario_funding."""
    if row.get("dropped_by"):
        return f"{_named(row['dropped_by'], names)}: the measure is taken out."
    return f"{_named(row['changed_by'], names)}."


def export_frame(levers: Iterable[Lever], catalog: Catalog, deadlines: pd.DataFrame,
                 funding: pd.DataFrame) -> pd.DataFrame:
    """One table for the download: the levers, then every deadline and funding line of the
    scenario beside its baseline (row_type lever / deadline / funding)."""
    rows = [{"row_type": "lever", "id": lv.link, "lever": lv.kind, "target": lv.target, "value": lv.value,
             "detail": catalog.label(lv.target)} for lv in levers]
    for r in deadlines.to_dict("records"):
        rows.append({"row_type": "deadline", "id": r["deadline_id"], "measure_id": r["measure_id"],
                     "detail": r["what_due"], "baseline_due_from": r["baseline_due_from"],
                     "baseline_due_by": r["baseline_due_by"], "due_from": r["due_from"], "due_by": r["due_by"],
                     "baseline_status": r["baseline_status"], "status": r["status"],
                     "past_horizon": r["past_horizon"], "changed_by": r["dropped_by"] or r["shifted_by"]})
    for r in funding.to_dict("records"):
        rows.append({"row_type": "funding", "id": r["funding_id"], "measure_id": r["measure_id"],
                     "detail": r["instrument"], "money_class": r["money_class"],
                     "baseline_amount_eur": r["baseline_amount_eur"], "amount_eur": r["amount_eur"],
                     "changed_by": r["dropped_by"] or r["changed_by"]})
    cols = ["row_type", "id", "lever", "target", "value", "measure_id", "detail", "baseline_due_from",
            "baseline_due_by", "due_from", "due_by", "baseline_status", "status", "past_horizon", "money_class",
            "baseline_amount_eur", "amount_eur", "changed_by"]
    return pd.DataFrame(rows, columns=cols)
