"""The data functions the pages call: the only code that runs SQL.

Each takes the Database and plain, typed arguments and runs the statement of sql/queries/ named
after it (`measure_detail` runs measure_detail.*.sql, one statement a part) with bound parameters:
user input never becomes SQL text. The shared filters are one parameter, the struct $f
(Filters.params()), and the day and due window another, $w (When.params()). Each runs on a cursor
of its own (sessions share one connection) and returns a DataFrame (or a value). A function that
reads no date takes no date.

Results are kept per (data, arguments) for every session of the process (`cached`): the
Database is keyed by the data it holds, the frozen Filters by their values. A kept result is
a copy for each caller, so a page may change what it gets. The package, the filter choices and
the lever catalogue are read-only and kept once per process without a copy (`shared`).
"""
from __future__ import annotations

import copy
import datetime as dt
import functools
import inspect
import re
import threading
from collections import OrderedDict
from collections.abc import Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from types import MappingProxyType

import pandas as pd

from tracker import words
from tracker.database import SQL_DIR, Database
from tracker.filters import FILTERS, Choices, Filters, When
from tracker.scenario import Catalog, Lever
from tracker.staging import TABLES
from tracker.statuses import COUNTED

# The statements, read once when the module is imported: a missing file fails here, at start.
STATEMENTS = {p.stem: p.read_text(encoding="utf-8") for p in sorted((SQL_DIR / "queries").glob("*.sql"))}

# The arguments are keyed by what they hold: the Database by its data, the frozen filters and
# levers by their text (repr), which says every field; a tuple (of levers) by its items.
KEYS = {Database: lambda db: db.key, Filters: repr, When: repr, Lever: repr}
SHARED_ENTRIES = 100  # per function, the least recently used let go first
CACHED_ENTRIES = 1000  # per function, the least recently used let go first


def _key(value):
    kind = type(value)
    if kind in KEYS:
        return KEYS[kind](value)
    if kind is tuple:
        return tuple(_key(v) for v in value)
    return value


def _copy(value):
    """A caller's own copy of a kept result (a DataFrame's arrays copied; what its cells hold, not)."""
    if isinstance(value, pd.DataFrame):
        return value.copy()
    if isinstance(value, dict):
        return {k: _copy(v) for k, v in value.items()}
    return copy.deepcopy(value)


def _kept(fn, entries: int, give):
    """`fn`'s results kept per (data, arguments) for every session of the process, the least
    recently used let go after `entries` (read when a result is added); computed once (a caller
    asking for a result another is computing waits for it, or gets its failure, which is not
    kept); each caller gets give(result). The key is every argument bound to fn's signature,
    defaults included, so a call written with a keyword finds the result of one written
    positionally (prefetch relies on it)."""
    kept: OrderedDict = OrderedDict()
    running: dict = {}
    lock = threading.Lock()
    signature = inspect.signature(fn)

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        bound = signature.bind(*args, **kwargs)
        bound.apply_defaults()
        key = _key(tuple(bound.arguments.values()))
        with lock:
            if key in kept:
                kept.move_to_end(key)
                return give(kept[key])
            pending, mine = running.get(key), key not in running
            if mine:
                pending = running[key] = Future()
        if not mine:
            return give(pending.result())
        try:
            value = fn(*args, **kwargs)
        except BaseException as err:
            with lock:
                del running[key]
            pending.set_exception(err)
            raise
        with lock:
            kept[key] = value
            while len(kept) > entries():
                kept.popitem(last=False)
            del running[key]
        pending.set_result(value)
        return give(value)

    return wrapper


def cached(fn):
    """A data function's results kept (`_kept`), CACHED_ENTRIES of them, each caller getting its
    own copy. This was st.cache_data: a page's rerun after a filter change makes a dozen such
    calls, and each one hashed its arguments and the function's code and pickled the result to
    keep it, then unpickled it on a hit, ~1 ms a call where a key from KEYS and a copy take
    ~0.3 ms (measured on the overview's results)."""
    return _kept(fn, lambda: CACHED_ENTRIES, _copy)


def shared(fn):
    """Small read-only results that every run reads many times (the package, the filter choices,
    the lever catalogue: ~20 calls a run) kept (`_kept`), SHARED_ENTRIES of them, as they are, not
    copied for each caller. st.cache_resource hashed every argument and read the function's
    signature on every call, ~0.5 ms each, which made a page's run ~10 ms slower for values that
    never change (measured with AppTest)."""
    return _kept(fn, lambda: SHARED_ENTRIES, lambda value: value)


_PREFETCH = ThreadPoolExecutor(max_workers=2, thread_name_prefix="tracker-prefetch")


def prefetch(*calls: tuple) -> None:
    """Start data functions (`cached`) in the background, each call a tuple (function, args) or
    (function, args, kwargs): a page that needs several results starts the ones it asks for later
    before it asks for the first, and DuckDB runs them side by side. The page then calls them as
    usual, with the same arguments (however written), and gets the result computed once (waiting
    for it if it is still running). A failure reaches the page's own call."""
    for fn, args, *kwargs in calls:
        _PREFETCH.submit(fn, *args, **(kwargs[0] if kwargs else {}))


def _run(db: Database, name: str, params: dict | None = None, limit: int | None = None, offset: int = 0):
    """A cursor that has run the statement `name` with the parameters it names ($name: DuckDB
    refuses any other); with `limit`, one page of its rows."""
    sql = STATEMENTS[name]
    if limit:
        sql, params = f"{sql.rstrip()}\nlimit $limit offset $offset", {**(params or {}), "limit": limit,
                                                                         "offset": offset}
    named = set(re.findall(r"\$(\w+)", sql))
    cur = db.cursor()
    cur.execute(sql, {k: v for k, v in (params or {}).items() if k in named})
    return cur


def _df(db: Database, name: str, params: dict | None = None, limit: int | None = None, offset: int = 0) -> pd.DataFrame:
    cur = _run(db, name, params, limit, offset)
    try:
        return cur.df(date_as_object=True)
    finally:
        cur.close()


def _rows(db: Database, name: str, params: dict | None = None) -> list[tuple]:
    cur = _run(db, name, params)
    try:
        return cur.fetchall()
    finally:
        cur.close()


def _one(db: Database, name: str, params: dict | None = None) -> dict:
    """The first row, as a dict."""
    cur = _run(db, name, params)
    try:
        return dict(zip([d[0] for d in cur.description], cur.fetchone()))
    finally:
        cur.close()


def _fw(f: Filters, when: When | None = None, **more) -> dict:
    """The parameters of a query: the filters ($f), the day and window ($w), and the rest."""
    return {"f": f.params(), **({"w": when.params()} if when else {}), **more}


def _wide(rows: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Rows per pillar and counted status, in the vocabulary's order (sql/deadline_counts.sql), as
    one row per pillar: its `keys`, a column per status and `deadlines`, their sum."""
    n = len(COUNTED)
    if rows["status"].tolist() != list(COUNTED) * (len(rows) // n):
        raise ValueError("deadline counts must come as every counted status of each pillar, in order")
    counts = pd.DataFrame(rows["deadlines"].to_numpy().reshape(-1, n), columns=list(COUNTED)).astype(int)
    return pd.concat([rows.iloc[::n][keys].reset_index(drop=True), counts.assign(deadlines=counts.sum(axis=1))],
                     axis=1)


# -- the package and what the filters can take ---------------------------------------------
@shared
def package(db: Database) -> Mapping:
    """The package row, with horizon_end: the end of its roll-out."""
    return MappingProxyType(_one(db, "package"))


def data_version(db: Database) -> str:
    """The data version a tab shows for `db`: "?" for a folder with problems, and "+ session
    upload" when this tab replaced one of its tables."""
    if not db.ok:
        return "?"
    return package(db)["data_version"] + (" + session upload" if db.replaced else "")


@shared
def choices(db: Database) -> Choices:
    """What the filters can take: the fixed words of the spec, and the data's values."""
    found: dict[str, dict[str, str]] = {}
    words_of = {s.key: s.words or {} for s in FILTERS}
    for key, value, label, _ in _rows(db, "choices"):
        found.setdefault(key, {})[value] = words_of.get(key, {}).get(value, label)
    low, high = _rows(db, "choices.dates")[0]
    pkg, latest = package(db), max(d for d in (latest_step(db), documents_read(db)["latest_on"]) if d)
    low = min(d for d in (low, pkg["published_on"]) if d)
    high = max(d for d in (high, pkg["horizon_end"], latest) if d)
    return Choices(**{s.field: s.values if s.values is not None else found.get(s.key, {})
                      for s in FILTERS if s.kind == "ids"},
                   package_date=pkg["published_on"], latest_document=latest, min_date=dt.date(low.year - 1, 1, 1),
                   max_date=dt.date(high.year + 2, 12, 31))


@cached
def pillars(db: Database) -> pd.DataFrame:
    return _df(db, "pillars")


def table_counts(db: Database) -> dict[str, int]:
    if not db.complete:
        raise ValueError("a database opened from its built file has empty copies of the large constrained tables: "
                         "count the rows of a database made with tracker.database.build.")
    db.wait()  # reads every constrained table
    return {t: _rows(db, "table_counts", {"table": t})[0][0] for t in TABLES}


# -- headline figures ----------------------------------------------------------------------
@cached
def measure_counts(db: Database, f: Filters) -> dict:
    """measures: the package's own actions under the filters; background: the items quoted as
    background among them (shown only on request: 0 otherwise)."""
    return _one(db, "measure_counts", _fw(f))


HEADLINE = {"measures": int, "background": int, "new_money_eur": float, "new_money_qualifier": str, "new_lines": int,
            "context_figures": int}  # the figures of all pillars together: the all_* columns of pillar_summary


def headline(db: Database, f: Filters, when: When) -> dict:
    """The figures at the top of the overview: the measure counts (measures: the package's own
    actions; background: the items quoted as background, 0 unless shown), the new money (its sum,
    the qualifier of the sum, its lines) and how many amounts the texts quote as context (never
    added up), all pillars together; and the shown deadlines by status on when.as_of (the sums of
    the pillars' rows). One statement with the pillars' rows (sql/pillar_summary.sql)."""
    pillars = pillar_summary(db, f, when)
    first = pillars.iloc[0]
    return {**{k: kind(first[f"all_{k}"]) for k, kind in HEADLINE.items()},
            "deadlines": {s: int(pillars[s].sum()) for s in COUNTED}}


@cached
def pillar_summary(db: Database, f: Filters, when: When) -> pd.DataFrame:
    """One row per pillar: measures, new money, context figures, deadlines in all and a column per
    status (sql/pillar_summary.sql gives a row per status)."""
    rows = _df(db, "pillar_summary", _fw(f, when))
    pillar = [c for c in rows.columns if c not in ("status", "status_position", "deadlines")]
    wide = _wide(rows, pillar)[[*pillar[:-1], "deadlines", *COUNTED, "next_due_by"]]
    return wide.assign(next_due_by=[d if pd.notna(d) else None for d in wide["next_due_by"]])  # no date: None


@shared
def documents(db: Database) -> pd.DataFrame:
    """Every later document read, oldest first, with who speaks (kind) and what is doubtful."""
    return _df(db, "documents")


@shared
def documents_read(db: Database) -> Mapping:
    """The later documents read for the outcomes: how many, the date and reference of the latest
    (the last of `documents`)."""
    docs = documents(db)
    last = docs.iloc[-1] if len(docs) else None
    return MappingProxyType({"documents": len(docs),
                             "latest_on": None if last is None else last["published_on"],
                             "latest_reference": None if last is None else last["reference"]})


@shared
def latest_step(db: Database) -> dt.date:
    """The day by which the latest step after the package (progress or money) is known."""
    return _rows(db, "latest_step")[0][0] or package(db)["published_on"]


@cached
def scorecard(db: Database, f: Filters, when: When) -> pd.DataFrame:
    """The package's commitments per pillar (those the due window keeps) by their status on
    when.as_of (the end of the roll-out, for the scorecard), with a last row for all pillars
    (pillar_id None). `commitments` lists the ones behind a cell."""
    rows = _wide(_df(db, "scorecard", _fw(f, when)), ["pillar_id", "pillar_no", "name", "short_name"])
    cols = ["deadlines", *COUNTED]
    total = {"pillar_id": None, "pillar_no": 99, "name": "All pillars", "short_name": "All pillars",
             **{c: int(rows[c].sum()) for c in cols}}
    return pd.concat([rows[["pillar_id", "pillar_no", "name", "short_name", *cols]], pd.DataFrame([total])],
                     ignore_index=True)


@cached
def commitments(db: Database, f: Filters, when: When, pillar_id: str | None = None,
                status: str | None = None) -> pd.DataFrame:
    """The commitments behind a cell of the scorecard: the shown deadlines (past events left
    out) of one pillar (None: all) with one status on when.as_of (None: any), by due date."""
    return _df(db, "commitments", _fw(f, when, pillar=pillar_id, status=status))


@cached
def changes(db: Database, f: Filters, when: When, since: dt.date) -> dict[str, pd.DataFrame]:
    """What changed between `since` and when.as_of (in either order): `statuses`, the shown
    deadlines whose status moved (from_status, status); `steps`, the steps after the package that
    became known; `stages`, the stages the money went through (sql/status_changes.sql)."""
    first, last = sorted((since, when.as_of))
    params = _fw(f, When(last, when.due_from, when.due_to), first=first, last=last)
    return {part: _df(db, f"changes.{part}", params) for part in ("statuses", "steps", "stages")}


@cached
def money_stages(db: Database, f: Filters) -> pd.DataFrame:
    """Every stage of the selected lines of new money, line by line in date order."""
    return _df(db, "money_stages", _fw(f))


@cached
def next_deadlines(db: Database, f: Filters, when: When, n: int = 8) -> pd.DataFrame:
    """The n deadlines due now or next (the earliest end first)."""
    return _df(db, "next_deadlines", _fw(f, when, n=n))


# -- funding -------------------------------------------------------------------------------
@cached
def funding_breakdown(db: Database, f: Filters) -> pd.DataFrame:
    """New money per pillar, instrument, period and kind, and in all (dimension 'all'); context
    amounts and stated totals left out (sql/funding_breakdown.sql)."""
    return _df(db, "funding_breakdown", _fw(f))


@cached
def funding_lines(db: Database, f: Filters, limit: int | None = None, money_class: str | None = None) -> pd.DataFrame:
    """Funding lines: new money, then stated totals, then context amounts, each largest first;
    with `money_class` ('new', 'stated total' or 'context'), those only."""
    return _df(db, "funding_lines", _fw(f, money_class=money_class), limit)


# -- deadlines -----------------------------------------------------------------------------
@cached
def timeline(db: Database, f: Filters, when: When, limit: int | None = None) -> pd.DataFrame:
    """The shown deadline windows of the selected measures, with their status on when.as_of, by
    due date."""
    return _df(db, "timeline", _fw(f, when), limit)


# -- actors --------------------------------------------------------------------------------
@cached
def measures_per_actor(db: Database, f: Filters) -> pd.DataFrame:
    """Measures per actor and pillar, in any role and per role, with each actor's rank by
    involvement (sql/measures_per_actor.sql)."""
    return _df(db, "measures_per_actor", _fw(f))


@cached
def actor_commitments(db: Database, f: Filters, when: When, actor_id: str, limit: int | None = None) -> pd.DataFrame:
    """One actor's selected measures, with its role and each measure's shown deadlines (as written)
    and their statuses on when.as_of, in due order (empty lists when it has none)."""
    return _df(db, "actor_commitments", _fw(f, when, actor=actor_id), limit)


# -- measures ------------------------------------------------------------------------------
@cached
def measures(db: Database, f: Filters, limit: int | None = None, offset: int = 0) -> pd.DataFrame:
    """The selected measures in pillar order (each sub-action after its parent); with `limit`,
    one page of them."""
    return _df(db, "measures", _fw(f), limit, offset)


@cached
def measure_exists(db: Database, measure_id: str) -> bool:
    return bool(_rows(db, "measure_exists", {"m": measure_id}))


@cached
def measure_detail(db: Database, measure_id: str, as_of: dt.date) -> dict[str, pd.DataFrame]:
    """Everything known about one measure, each fact with its quote and its source (the
    source's reference, else its title); `history`: what happened after the package, its steps
    and the stages of its money, in date order, each with its document, link and locator."""
    p = {"m": measure_id, "as_of": as_of}
    return {part: _df(db, f"measure_detail.{part}", p)
            for part in ("measure", "children", "actors", "funding", "deadlines", "history")}


# -- what if -------------------------------------------------------------------------------
def _levers(levers: tuple[Lever, ...]) -> dict:
    """The levers as the four lists the scenario macros read (sql/scenario_levers.sql)."""
    return {"kinds": [lv.kind for lv in levers], "targets": [lv.target for lv in levers],
            "vals": [lv.value for lv in levers], "links": [lv.link for lv in levers]}


@shared
def lever_instruments(db: Database) -> frozenset[str]:
    """The instruments of the lines a lever may change (not those of stated totals only)."""
    return frozenset(i for (i,) in _rows(db, "lever_instruments"))


@shared
def lever_catalog(db: Database, named: tuple[str, ...], limit: int) -> Catalog:
    """What levers can name: every pillar, actor and instrument of a changeable line; the package's
    first `limit` measures (in list order) and largest `limit` funding lines (what the lever form
    offers, the same under any filter); and any measure or funding line among `named` (the ids a
    link, a preset or the lever table names)."""
    ch = choices(db)
    params = {"named": list(named), "limit": limit}
    lines = _rows(db, "lever_catalog.lines", params)
    named_lines = {i: f"{title}: {words.money(amount, qualifier)}, {period}" for i, _, title, amount, qualifier, period
                   in lines}
    return Catalog(measures=dict(_rows(db, "lever_catalog.measures", params)), pillars=dict(ch.pillars),
                   actors=dict(ch.actors), funding={i: named_lines[i] for i, total, *_ in lines if not total},
                   totals={i: named_lines[i] for i, total, *_ in lines if total}, instruments=lever_instruments(db))


def _scenario(db: Database, f: Filters, when: When | None, levers: tuple[Lever, ...], **more) -> dict:
    """The parameters of a scenario query."""
    return _fw(f, when, **_levers(levers), horizon_end=package(db)["horizon_end"], **more)


@cached
def scenario_summary(db: Database, f: Filters, when: When, levers: tuple[Lever, ...]) -> dict:
    """The headline figures of the baseline and of the scenario (each a dict), counted over
    every selected deadline and funding line, and `unused`: the links of the levers that reach
    nothing under the filters."""
    params = _scenario(db, f, when, levers)
    figures = _one(db, "scenario_summary", params)
    unused = [link for (link,) in _rows(db, "scenario_summary.unused", params)] if levers else []
    sides = {side: {k.removeprefix(f"{side}_"): v for k, v in figures.items() if k.startswith(side)}
             for side in ("baseline", "scenario")}
    return {**sides, "unused": unused}


@cached
def scenario_statuses(db: Database, f: Filters, when: When, levers: tuple[Lever, ...]) -> pd.DataFrame:
    """The shown commitments by status on when.as_of: a row for the baseline and one for the
    scenario (`side`), a column per counted status and `deadlines`, their sum. With no lever both
    are the scorecard's row of all pillars (kept, and shared with the overview)."""
    if not levers:
        total = scorecard(db, f, when).iloc[[-1, -1]][[*COUNTED, "deadlines"]].reset_index(drop=True)
        return pd.concat([pd.DataFrame({"side": ["baseline", "scenario"]}), total], axis=1)
    return _wide(_df(db, "scenario_statuses", _scenario(db, f, when, levers)), ["side"])


@cached
def scenario_deadlines(db: Database, f: Filters, when: When, levers: tuple[Lever, ...],
                       limit: int | None = None, changed_only: bool = False) -> pd.DataFrame:
    """The shown deadlines under the scenario beside the baseline (sql/scenario_deadlines.sql):
    the moved and dropped ones first, then by due date; with `changed_only`, those only."""
    return _df(db, "scenario_deadlines", _scenario(db, f, when, levers, changed_only=changed_only), limit)


@cached
def scenario_funding(db: Database, f: Filters, levers: tuple[Lever, ...], limit: int | None = None,
                     changed_only: bool = False) -> pd.DataFrame:
    """The selected funding lines under the scenario beside the baseline (sql/scenario_funding.sql):
    the changed ones first, then the largest; with `changed_only`, only those."""
    return _df(db, "scenario_funding", _scenario(db, f, None, levers, changed_only=changed_only), limit)


@cached
def scenario_funding_by(db: Database, f: Filters, levers: tuple[Lever, ...], dimension: str) -> pd.DataFrame:
    """New money by 'pillar' or 'instrument', in the baseline and under the scenario (`side`),
    with the columns charts.funding_bars reads."""
    if dimension not in ("pillar", "instrument"):
        raise ValueError(f"unknown dimension {dimension!r}")
    rows = _df(db, "scenario_funding_by", _scenario(db, f, None, levers, dimension=dimension))
    return rows.rename(columns={"key": dimension})
