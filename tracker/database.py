"""The embedded DuckDB database of one data folder: `build(data_dir)` loads it, or lists what is
wrong with the folder.

1. Every CSV is staged (tracker/staging.py) and every staged row checked (tracker/checks.py).
2. With any problem, the Database holds the list (problems) and nothing else: callers show it.
3. Otherwise the small tables go into their constrained tables of sql/schema.sql, the derived
   tables of sql/ are built from the staged rows, and the views and table macros are created:
   the database can be served. Pages read the small tables and the derived ones only.
4. The large tables (LARGE) get their rows last: DuckDB checks every key and reference again,
   which takes seconds on a large folder, so with `wait=False` it runs in the background; the
   one query that reads them (the row counts of `tracker check`) calls `Database.wait()`.

Nothing in the data folder is ever written.
"""
from __future__ import annotations

import hashlib
import tempfile
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping

import duckdb

from tracker import checks, staging
from tracker.problems import Problem
from tracker.staging import TABLES

ROOT = Path(__file__).resolve().parent.parent
SQL_DIR = ROOT / "sql"
DEFAULT_DATA_DIR = ROOT / "data"

PRELUDE = ("precision.sql",)  # macros the derived tables use
# The files of sql/ after schema.sql, in the order they are created (each file's header says
# what it holds). Those that create a table are built from the staged rows.
LARGE = ("measures", "measure_actors", "funding", "funding_stages", "deadlines", "progress")  # read through derived tables
SQL_FILES = (
    "actor_lines.sql",
    "measure_lines.sql",
    "progress_lines.sql",
    "deadline_lines.sql",
    "stage_lines.sql",
    "funding_facts.sql",
    "actor_links.sql",
    "actor_roles.sql",
    "selected_measures.sql",
    "deadline_status.sql",
    "timeline_rows.sql",
    "funding_lines.sql",
    "funding_breakdown.sql",
    "measures_per_actor.sql",
    "pillar_summary.sql",
    "changes.sql",
    "scenario.sql",
)


@dataclass
class Database:
    """A loaded data folder. `con` is shared by every session: query through `cursor()`."""

    con: duckdb.DuckDBPyConnection
    data_dir: Path
    problems: list[Problem] = field(default_factory=list)
    key: str = ""  # names the data it holds (file names, sizes and times; an upload's bytes)
    replaced: tuple[str, ...] = ()  # tables replaced by an upload for one session
    filled: Future | None = None  # the constrained tables being filled (step 4)

    @property
    def ok(self) -> bool:
        return not self.problems

    def cursor(self) -> duckdb.DuckDBPyConnection:
        return self.con.cursor()

    def wait(self) -> None:
        """Return once the constrained tables hold every row (queries that read them call this)."""
        if self.filled is not None:
            self.filled.result()


def build(data_dir: str | Path | None = None, overrides: Mapping[str, bytes] | None = None,
          wait: bool = True) -> Database:
    """Load `data_dir` (default data/) into a new in-memory DuckDB. `overrides` maps a table to
    the bytes of a CSV that replaces its file (an upload for one session)."""
    folder = Path(data_dir or DEFAULT_DATA_DIR)
    overrides = dict(overrides or {})
    con = duckdb.connect(":memory:")
    con.execute((SQL_DIR / "schema.sql").read_text(encoding="utf-8"))
    con.execute("create schema staged")
    with tempfile.TemporaryDirectory(prefix="tracker-") as tmp:
        paths = {t: folder / f"{t}.csv" for t in TABLES}
        for table, raw in overrides.items():
            paths[table] = Path(tmp) / f"{table}.csv"
            paths[table].write_bytes(raw)
        files, problems = stage_and_check(con, folder, paths)
        db = Database(con, folder, sorted(problems, key=_problem_order), _data_key(paths, overrides),
                      tuple(sorted(overrides)))
        if problems:
            return db
        fill(con, [files[t] for t in TABLES if t not in LARGE], drop_staged=False)
        derive(con)
    db.filled = _in_background(fill, con, [files[t] for t in LARGE])
    if wait:
        db.wait()
    return db


def stage_and_check(con: duckdb.DuckDBPyConnection, folder: Path,
                    paths: Mapping[str, Path]) -> tuple[dict[str, staging.StagedFile], list[Problem]]:
    """Stage every file in load order and check its rows; a table is accepted (its rows are
    checked against the tables that reference it) when it has no problem."""
    files: dict[str, staging.StagedFile] = {}
    problems: list[Problem] = []
    accepted: set[str] = set()
    for table in TABLES:
        f, found = staging.stage(con, table, paths[table])
        if f is not None and not found:
            found = checks.constraints(con, f, accepted)
            if not found and checks.references_accepted(con, table, accepted):
                accepted.add(table)
        if f is not None:
            files[table] = f
        problems += found
    problems += checks.quotes(con, folder, files, accepted)
    problems += checks.across(con, files, accepted)
    return files, problems


def derive(con: duckdb.DuckDBPyConnection) -> None:
    """The derived tables (from the staged rows: staged comes first on the search path), then
    the views and macros, in the order of SQL_FILES. A file creates tables or macros, not both;
    the macros of PRELUDE (which read no table) come first: derived tables use them."""
    for name in PRELUDE:
        con.execute((SQL_DIR / name).read_text(encoding="utf-8"))
    con.execute("set search_path = 'staged,main'")
    for name in SQL_FILES:
        text = (SQL_DIR / name).read_text(encoding="utf-8")
        if "create or replace table" in text:
            con.execute(text)
    con.execute("set search_path = 'main'")
    for name in SQL_FILES:
        text = (SQL_DIR / name).read_text(encoding="utf-8")
        if "create or replace table" not in text:
            con.execute(text)


def fill(con: duckdb.DuckDBPyConnection, files: list[staging.StagedFile], drop_staged: bool = True) -> None:
    """Insert the staged rows into the constrained tables, in load order (a table after those it
    references; a row with a parent_id after its parent), then drop the staged copies."""
    cur = con.cursor()
    try:
        for f in files:
            cols = ", ".join(f'"{c}"' for c in f.header)
            if f.table in staging.PARENT_KEYS:
                key = staging.PARENT_KEYS[f.table]
                while cur.execute(f"insert into {f.table} ({cols}) select {cols} from staged.{f.table} s "
                                  f"where s.{key} not in (select {key} from {f.table}) and (s.parent_id is null "
                                  f"or s.parent_id in (select {key} from {f.table}))").fetchone()[0]:
                    pass
            else:
                cur.execute(f"insert into {f.table} ({cols}) select {cols} from staged.{f.table}")
        if drop_staged:
            cur.execute("drop schema staged cascade")
    finally:
        cur.close()


def _in_background(fn, *args) -> Future:
    pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="tracker-fill")
    future = pool.submit(fn, *args)
    pool.shutdown(wait=False)
    return future


def _data_key(paths: Mapping[str, Path], overrides: Mapping[str, bytes]) -> str:
    """Names the data: each file's name, size and time (an upload: its bytes)."""
    digest = hashlib.sha256()
    for table, path in sorted(paths.items()):
        if table in overrides:
            digest.update(f"{table}\0".encode() + overrides[table] + b"\0")
        elif path.is_file():
            stat = path.stat()
            digest.update(f"{path.resolve()}\0{stat.st_size}\0{stat.st_mtime_ns}\0".encode())
    return digest.hexdigest()[:16]


def _problem_order(p: Problem):
    table = p.file.removesuffix(".csv")
    return (TABLES.index(table) if table in TABLES else 99, p.line or 0, p.column or "")
