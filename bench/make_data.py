"""Write a synthetic data folder with the real schema and a realistic shape, for benchmarks.

    python bench/make_data.py OUT_DIR --measures 100000 --funding 1000000 --deadlines 300000

The folder passes `python -m tracker check OUT_DIR`: the package, sources, pillars and
not_tracked rows and the source texts are copied from data/; every other row quotes one of a
small set of real quotes taken from data/*.csv (so quote checks pass). Shape: the 7 real
pillars, the real actors plus synthetic ones (a few hundred in all), the real funding
instruments plus some, years 2014-2025, measures with sub-actions, lead/partner/addressee roles.

Rows are built as whole numpy columns and written by DuckDB's COPY (no Python loop per row):
100,000 / 1,000,000 / 300,000 rows take a few seconds.
"""
from __future__ import annotations

import argparse
import shutil
import sys
import time
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
REAL = ROOT / "data"

ACTOR_TYPES = np.array(["eu_institution", "eu_agency", "eu_body", "member_states", "national_authority",
                        "local_authority", "network_forum", "international_org", "third_country",
                        "private_sector", "civil_society", "practitioners"])
MEASURE_TYPES = np.array(["action_plan", "forum_network", "guidance", "funding", "recommendation", "legislation",
                          "negotiation", "agreement", "event", "research", "review", "training", "capability",
                          "report", "cooperation", "context"])
STATUSES = np.array(["new", "planned", "ongoing", "context"])
EXTRA_INSTRUMENTS = ["Horizon Europe", "ISF-Borders", "Connecting Europe Facility", "Justice Programme",
                     "Rights, Equality and Citizenship", "Erasmus+", "Creative Europe", "EU Civil Protection Mechanism",
                     "Instrument contributing to Stability and Peace", "European Social Fund"]
TOPICS = np.array(["soft targets", "explosives", "terrorist financing", "CBRN preparedness", "encryption",
                   "radicalisation online", "prisons", "aviation security", "border checks", "information exchange",
                   "training of first responders", "urban security", "drones", "insider threats", "third countries"])
WHAT_DUE = np.array(["Report to the Council", "Proposal adopted", "Call for proposals closes", "Guidance published",
                     "First meeting held", "Evaluation completed", "Agreement signed", "Action plan presented"])
PRECISIONS = np.array(["day", "month", "quarter", "half", "year", "vague", "relative"])
PACKAGE_DAY = np.datetime64(pd.read_csv(REAL / "package.csv", dtype=str)["published_on"].iloc[0], "D")
PROGRESS_STATUS = np.array(["presented", "launched", "in_progress", "delivered", "delivered_in_part", "no_report"])
PRECISION = np.array(["day", "month", "year", "reported"])
STAGES = np.array(["announced", "call_opened", "call_closed", "awarded", "paid"])


def _quotes(max_len: int = 90, n: int = 24) -> pd.DataFrame:
    """A small set of real (source_id, source_quote) pairs, short ones first (smaller files)."""
    frames = [pd.read_csv(REAL / f"{t}.csv", dtype=str, keep_default_na=False)[["source_id", "source_quote"]]
              for t in ("measures", "actors", "funding", "deadlines", "measure_actors")]
    q = pd.concat(frames).drop_duplicates()
    q = q[q["source_quote"].str.len() <= max_len]
    q = q.assign(n=q["source_quote"].str.len()).sort_values(["n", "source_quote"]).head(n)
    return q[["source_id", "source_quote"]].reset_index(drop=True)


def _pick(rng: np.random.Generator, quotes: pd.DataFrame, n: int) -> tuple[np.ndarray, np.ndarray]:
    i = rng.integers(0, len(quotes), n)
    return quotes["source_id"].to_numpy()[i], quotes["source_quote"].to_numpy()[i]


def _ids(prefix: str, n: int, width: int) -> np.ndarray:
    return np.char.add(prefix, np.char.zfill(np.arange(1, n + 1).astype(str), width)).astype(object)


def _write(con: duckdb.DuckDBPyConnection, df: pd.DataFrame, path: Path) -> None:
    con.register("out_df", df)
    con.execute(f"copy out_df to '{path.as_posix()}' (header, delimiter ',', quote '\"', escape '\"')")
    con.unregister("out_df")


def make(out: Path, measures: int, funding: int, deadlines: int, actors: int = 300, seed: int = 2017) -> dict:
    """Write the folder; returns the row count of each table written."""
    rng = np.random.default_rng(seed)
    out.mkdir(parents=True, exist_ok=True)
    (out / "sources").mkdir(exist_ok=True)
    for p in (REAL / "sources").glob("*.txt"):
        shutil.copy(p, out / "sources" / p.name)
    for name in ("package", "sources", "pillars", "not_tracked"):
        shutil.copy(REAL / f"{name}.csv", out / f"{name}.csv")
    quotes = _quotes()
    pillars = pd.read_csv(REAL / "pillars.csv", dtype=str)["pillar_id"].to_numpy()
    con = duckdb.connect()
    counts: dict[str, int] = {}

    # actors: the real ones, then synthetic ones up to `actors`
    real_actors = pd.read_csv(REAL / "actors.csv", dtype=str, keep_default_na=False)
    extra = max(0, actors - len(real_actors))
    sid, sq = _pick(rng, quotes, extra)
    syn = pd.DataFrame({"actor_id": _ids("actor-", extra, 4),
                        "name": np.char.add("Synthetic actor ", np.arange(1, extra + 1).astype(str)).astype(object),
                        "actor_type": ACTOR_TYPES[rng.integers(0, len(ACTOR_TYPES), extra)],
                        "source_id": sid, "source_quote": sq})
    actor_df = pd.concat([real_actors, syn], ignore_index=True)
    _write(con, actor_df, out / "actors.csv")
    counts["actors"] = len(actor_df)
    actor_ids = actor_df["actor_id"].to_numpy()

    # measures: the first 70% are top level, the rest sub-actions of a top-level measure (same pillar)
    n_top = max(1, int(measures * 0.7))
    mid = _ids("m-", measures, 6)
    pillar_i = rng.integers(0, len(pillars), measures)
    parent_i = np.full(measures, -1)
    parent_i[n_top:] = rng.integers(0, n_top, measures - n_top)
    pillar_i[n_top:] = pillar_i[parent_i[n_top:]]
    topic = TOPICS[rng.integers(0, len(TOPICS), measures)]
    parent_id = np.where(parent_i >= 0, mid[np.maximum(parent_i, 0)], None)
    sid, sq = _pick(rng, quotes, measures)
    num = np.arange(1, measures + 1).astype(str)
    measure_df = pd.DataFrame({
        "measure_id": mid, "pillar_id": pillars[pillar_i], "parent_id": parent_id,
        "title": np.char.add(np.char.add(np.char.add("Measure ", num), " on "), topic.astype(str)).astype(object),
        "description": np.char.add("Synthetic measure about ", topic.astype(str)).astype(object),
        "measure_type": MEASURE_TYPES[rng.integers(0, len(MEASURE_TYPES), measures)],
        "status_at_publication": STATUSES[rng.integers(0, len(STATUSES), measures)],
        "source_id": sid, "source_quote": sq})
    _write(con, measure_df, out / "measures.csv")
    counts["measures"] = measures

    # measure_actors: one lead per measure, plus 0-3 partners or addressees (unique per key)
    extra_n = rng.integers(0, 4, measures)
    ma_measure = np.concatenate([np.arange(measures), np.repeat(np.arange(measures), extra_n)])
    ma_role = np.concatenate([np.full(measures, "lead", dtype=object),
                              np.where(rng.random(extra_n.sum()) < 0.5, "partner", "addressee").astype(object)])
    # actors weighted: a few actors appear very often, as in the real data
    weights = 1.0 / np.arange(1, len(actor_ids) + 1)
    weights /= weights.sum()
    ma_actor = rng.choice(len(actor_ids), len(ma_measure), p=weights)
    sid, sq = _pick(rng, quotes, len(ma_measure))
    ma_df = pd.DataFrame({"measure_id": mid[ma_measure], "actor_id": actor_ids[ma_actor], "role": ma_role,
                          "source_id": sid, "source_quote": sq}).drop_duplicates(["measure_id", "actor_id", "role"])
    _write(con, ma_df, out / "measure_actors.csv")
    counts["measure_actors"] = len(ma_df)

    # funding: the real instruments plus some; amounts, periods 2014-2025; new money only for new calls/funding
    instruments = np.array(sorted(set(pd.read_csv(REAL / "funding.csv", dtype=str)["instrument"]))
                           + EXTRA_INSTRUMENTS, dtype=object)
    f_measure = rng.integers(0, measures, funding)
    kinds = np.array(["new_call", "new_funding", "existing_budget", "past_spending", "comparison"], dtype=object)
    kind = kinds[rng.choice(len(kinds), funding, p=[0.25, 0.25, 0.3, 0.15, 0.05])]
    year_from = rng.integers(2014, 2026, funding)
    span = np.minimum(rng.choice([0, 0, 0, 1, 2, 6], funding), 2025 - year_from)
    year_to = year_from + span
    period = np.where(span == 0, year_from.astype(str),
                      np.char.add(np.char.add(year_from.astype(str), "-"), (year_to % 100).astype(str).astype(str)))
    sid, sq = _pick(rng, quotes, funding)
    funding_df = pd.DataFrame({
        "funding_id": _ids("f-", funding, 7), "measure_id": mid[f_measure], "pillar_id": pillars[pillar_i[f_measure]],
        "instrument": instruments[rng.integers(0, len(instruments), funding)],
        "amount_eur": (rng.lognormal(14, 1.5, funding)).round(2),
        "amount_qualifier": np.array(["exact", "over", "up_to"], dtype=object)[rng.integers(0, 3, funding)],
        "period": period.astype(object), "year_from": year_from, "year_to": year_to, "funding_kind": kind,
        "is_new_money": np.isin(kind, ["new_call", "new_funding"]) & (rng.random(funding) < 0.8),
        "source_id": sid, "source_quote": sq})
    _write(con, funding_df, out / "funding.csv")
    counts["funding"] = funding

    # deadlines: windows inside 2014-2025
    d_measure = rng.integers(0, measures, deadlines)
    start = np.datetime64("2014-01-01") + rng.integers(0, 365 * 12 - 400, deadlines).astype("timedelta64[D]")
    length = rng.choice([0, 29, 90, 181, 364, 480], deadlines).astype("timedelta64[D]")
    due_from, due_by = start, start + length
    sid, sq = _pick(rng, quotes, deadlines)
    kind_d = np.array(["commitment", "event", "past_event"], dtype=object)[rng.choice(3, deadlines, p=[0.7, 0.2, 0.1])]
    deadline_df = pd.DataFrame({
        "deadline_id": _ids("d-", deadlines, 6), "measure_id": mid[d_measure],
        "what_due": WHAT_DUE[rng.integers(0, len(WHAT_DUE), deadlines)].astype(object),
        "date_text": np.char.add("by ", due_by.astype(str)).astype(object),
        "due_from": np.datetime_as_string(due_from, unit="D").astype(object),
        "due_by": np.datetime_as_string(due_by, unit="D").astype(object),
        "precision": PRECISIONS[rng.integers(0, len(PRECISIONS), deadlines)].astype(object),
        "kind": kind_d, "source_id": sid, "source_quote": sq})
    _write(con, deadline_df, out / "deadlines.csv")
    counts["deadlines"] = deadlines

    # progress: a tenth of the deadlines get an update, on or after their window opened and never
    # before the package (tracker check refuses a step dated before it)
    n_p = deadlines // 10
    d_i = rng.choice(deadlines, n_p, replace=False) if n_p else np.array([], dtype=int)
    sid, sq = _pick(rng, quotes, n_p)
    happened = np.maximum(due_from[d_i] + rng.integers(0, 400, n_p).astype("timedelta64[D]"), PACKAGE_DAY)
    progress_df = pd.DataFrame({
        "progress_id": _ids("p-", n_p, 6), "measure_id": mid[d_measure[d_i]],
        "deadline_id": deadline_df["deadline_id"].to_numpy()[d_i],
        "happened_on": np.datetime_as_string(happened, unit="D").astype(object),
        "date_precision": PRECISION[rng.choice(len(PRECISION), n_p, p=[.7, .15, .05, .1])].astype(object),
        "status": PROGRESS_STATUS[rng.choice(len(PROGRESS_STATUS), n_p, p=[.1, .15, .2, .4, .1, .05])].astype(object),
        "note": np.full(n_p, "Synthetic progress update.", dtype=object), "source_id": sid,
        "locator": np.full(n_p, "", dtype=object), "source_quote": sq})
    _write(con, progress_df, out / "progress.csv")
    counts["progress"] = n_p

    # funding_stages: one line of money in a hundred has a stage reported, in its first year (from the
    # package on)
    n_s = funding // 100
    s_i = rng.choice(funding, n_s, replace=False) if n_s else np.array([], dtype=int)
    sid, sq = _pick(rng, quotes, n_s)
    stage_day = np.maximum((year_from[s_i] - 1970).astype("datetime64[Y]").astype("datetime64[D]")
                           + rng.integers(0, 365, n_s).astype("timedelta64[D]"), PACKAGE_DAY)
    stages_df = pd.DataFrame({
        "stage_id": _ids("s-", n_s, 6), "funding_id": funding_df["funding_id"].to_numpy()[s_i],
        "stage": STAGES[rng.integers(0, len(STAGES), n_s)].astype(object),
        "happened_on": np.datetime_as_string(stage_day, unit="D").astype(object),
        "date_precision": np.full(n_s, "day", dtype=object),
        "amount_eur": funding_df["amount_eur"].to_numpy()[s_i],
        "amount_qualifier": np.full(n_s, "exact", dtype=object),
        "note": np.full(n_s, "Synthetic stage.", dtype=object), "source_id": sid,
        "locator": np.full(n_s, "", dtype=object), "source_quote": sq})
    _write(con, stages_df, out / "funding_stages.csv")
    counts["funding_stages"] = n_s
    con.close()
    return counts


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out_dir", type=Path)
    ap.add_argument("--measures", type=int, default=100_000)
    ap.add_argument("--funding", type=int, default=1_000_000)
    ap.add_argument("--deadlines", type=int, default=300_000)
    ap.add_argument("--actors", type=int, default=300)
    ap.add_argument("--seed", type=int, default=2017)
    a = ap.parse_args(argv)
    t0 = time.perf_counter()
    counts = make(a.out_dir, a.measures, a.funding, a.deadlines, a.actors, a.seed)
    print(f"wrote {a.out_dir} in {time.perf_counter() - t0:.1f} s: "
          + ", ".join(f"{k} {v:,}" for k, v in counts.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
