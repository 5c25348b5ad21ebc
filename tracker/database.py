"""The embedded DuckDB database of one data folder: `build(data_dir)` loads it, or lists what is
wrong with the folder.

1. Every CSV is staged (tracker/staging.py) and every staged row checked (tracker/checks.py).
2. With any problem, the Database holds the list (problems) and nothing else: callers show it.
3. Otherwise the small tables go into their constrained tables of sql/schema.sql, the derived
   tables of sql/ are built from the staged rows, and the views and macros are created, each
   after those it references (`sql_objects`): the database can be served. Pages read the small tables and the derived ones only.
4. The large tables (LARGE) get their rows last: DuckDB checks every key and reference again,
   which takes seconds on a large folder, so with `wait=False` it runs in the background; the
   one query that reads them (the row counts of `tracker check`) calls `Database.wait()`.

A server opens the database with `open_built`: built once per data version into a DuckDB file in
a cache folder (named by the data's fingerprint, never in the data folder) and opened read-only
by every process and replica; the large tables' constrained copies, which no page reads, are
left empty there (`Database.complete` is False).

Nothing in the data folder is ever written.
"""
from __future__ import annotations

import fcntl
import graphlib
import hashlib
import os
import re
import tempfile
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping

import duckdb

from tracker import checks, staging, statuses
from tracker.problems import Problem
from tracker.staging import TABLES

ROOT = Path(__file__).resolve().parent.parent
SQL_DIR = ROOT / "sql"
DEFAULT_DATA_DIR = ROOT / "data"

LARGE = ("measures", "measure_actors", "funding", "funding_stages", "deadlines", "progress")  # read through derived tables
# A reference from one file of sql/ to another: a table or view read (from/join name) or a macro
# called (name(...)). Comments are left out.
REFERENCE = re.compile(r"(?:\bfrom|\bjoin)\s+(?:main\.)?(\w+)|(\w+)\s*\(")
CREATES = re.compile(r"create or replace (table|view|macro) (?:main\.)?(\w+)")


def sql_objects(folder: Path = SQL_DIR) -> list[tuple[str, str, str]]:
    """The files of sql/ but schema.sql, each creating the one object it is named after, as
    (name, kind, text) in an order where every object comes after those it references. Raises
    ValueError, naming the file, when a file creates another object or none, or when references
    go round in a circle: at start, before any page runs."""
    texts = {p.stem: p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.sql")) if p.stem != "schema"}
    kinds, needs = {}, {}
    for name, text in texts.items():
        code = "\n".join(line.split("--", 1)[0] for line in text.splitlines())
        made = CREATES.findall(code)
        if [n for _, n in made] != [name]:
            raise ValueError(f"sql/{name}.sql must create exactly one object, named {name}; it creates "
                             f"{', '.join(n for _, n in made) or 'none'}.")
        kinds[name] = made[0][0]
        needs[name] = {a or b for a, b in REFERENCE.findall(code)} & texts.keys() - {name}
    try:
        order = list(graphlib.TopologicalSorter(needs).static_order())
    except graphlib.CycleError as err:
        raise ValueError(f"the files of sql/ reference each other in a circle: {' -> '.join(err.args[1])}.") from None
    return [(name, kinds[name], texts[name]) for name in order]


@dataclass
class Database:
    """A loaded data folder. `con` is shared by every session: query through `cursor()`."""

    con: duckdb.DuckDBPyConnection
    data_dir: Path
    problems: list[Problem] = field(default_factory=list)
    key: str = ""  # names the data it holds (file names, sizes and times; an upload's bytes)
    replaced: tuple[str, ...] = ()  # tables replaced by an upload for one session
    filled: Future | None = None  # the constrained tables being filled (step 4)
    complete: bool = True  # False: a built file, whose large constrained tables are empty (open_built)
    written: Future | None = None  # served from memory while its file is written (open_built)

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
          wait: bool = True, large: bool = True) -> Database:
    """Load `data_dir` (default data/) into a new in-memory DuckDB. `overrides` maps a table to
    the bytes of a CSV that replaces its file (an upload for one session). With `large=False` the
    large tables' constrained copies stay empty (no page reads them; see open_built)."""
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
    if not large:
        con.execute("drop schema staged cascade")
        db.complete = False
        return db
    db.filled = _in_background(fill, con, [files[t] for t in LARGE])
    if wait:
        db.wait()
    return db


def cache_dir() -> Path:
    """Where built databases are kept: TRACKER_CACHE_DIR, or the user's cache folder."""
    return Path(os.environ.get("TRACKER_CACHE_DIR")
                or Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "security-union-tracker")


def fingerprint(data_dir: str | Path) -> str:
    """Names a data version: the folder (resolved, so a link flipped to another folder is another
    version) with each file's name, size and modification time, and the code that shapes the
    built database (sql/, the vocabulary, the loading code, DuckDB's version)."""
    folder = Path(data_dir).resolve()
    digest = hashlib.sha256(_CODE_KEY.encode())
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            stat = path.stat()
            digest.update(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}\0".encode())
    return digest.hexdigest()[:16]


def _code_key() -> str:
    digest = hashlib.sha256(duckdb.__version__.encode())
    here = Path(__file__).resolve().parent
    for path in [*sorted(SQL_DIR.glob("*.sql")), *(here / f for f in ("database.py", "statuses.py", "staging.py",
                                                                       "checks.py"))]:
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


_CODE_KEY = _code_key()


def open_built(data_dir: str | Path | None = None, cache: Path | None = None, builder=None,
               serve_while_writing: bool = False) -> Database:
    """The database of a data folder from its built file in the cache folder, opened read-only:
    built (in memory, then written as plain tables with the views and macros) when missing, by one
    process at a time (a lock file: a replica starting meanwhile waits and opens the same file).
    A folder with problems is never written: the Database holds the problems. `builder` is the
    function that builds (default `build`).

    With `serve_while_writing` the database built in memory is returned as soon as it is built,
    while the file is written in the background (a server's first page need not wait for the
    write): once written, the Database's `con` is the file's (same tables, views and macros), and
    the memory goes with the last query that still runs on it. `written` is that write."""
    folder = Path(data_dir or DEFAULT_DATA_DIR).resolve()
    key = fingerprint(folder)
    cache = Path(cache or cache_dir())
    cache.mkdir(parents=True, exist_ok=True)
    built = cache / f"{key}.duckdb"
    if not built.is_file():
        lock = (cache / f"{key}.lock").open("w")
        try:
            fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
            if not built.is_file():
                db = (builder or build)(folder, large=False)
                if not db.ok:
                    return db
                db.key = key
                if serve_while_writing:
                    db.written, lock = _in_background(_write_and_switch, db, built, lock), None
                else:
                    _write_and_switch(db, built, None)
                return db
        finally:
            if lock is not None:
                lock.close()
    return Database(duckdb.connect(str(built), read_only=True), folder, [], key, complete=False)


def _write_and_switch(db: Database, built: Path, lock) -> None:
    """Write the built `db` into the cache folder's file `built` (under another name first, so no
    process opens half a file), then make the file, opened read-only, the connection of `db`;
    closes `lock` (releasing it) when given."""
    try:
        building = built.with_name(f"{built.stem}.{os.getpid()}.building")
        building.unlink(missing_ok=True)
        write_file(db.con, building)
        os.replace(building, built)
        db.con = duckdb.connect(str(built), read_only=True)
    finally:
        if lock is not None:
            lock.close()


def write_file(con: duckdb.DuckDBPyConnection, path: Path) -> None:
    """Write the database of `con` into a new DuckDB file: every table of main as a plain table
    (its rows were checked when it was built), then the views and macros of sql/ in their order."""
    cur = con.cursor()
    try:
        cur.execute("attach ? as built", [str(path)])
        for (table,) in cur.execute("select table_name from duckdb_tables() where database_name = current_database() "
                                    "and schema_name = 'main' order by table_name").fetchall():
            cur.execute(f'create table built.main."{table}" as select * from main."{table}"')
        here = cur.execute("select current_database()").fetchone()[0]
        cur.execute("use built")
        for _, kind, text in sql_objects():
            if kind != "table":
                cur.execute(text)
        cur.execute(f'use "{here}"')
        cur.execute("detach built")
    finally:
        cur.close()


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
    """The status vocabulary's tables (tracker/statuses.py), then every object of sql/ in the
    order of sql_objects: a table is built from the staged rows (staged comes first on the search
    path), a view or macro is created on the main tables."""
    statuses.create_tables(con)
    for _, kind, text in sql_objects():
        con.execute("set search_path = 'staged,main'" if kind == "table" else "set search_path = 'main'")
        con.execute(text)
    con.execute("set search_path = 'main'")


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
