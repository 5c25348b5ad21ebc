"""Build the embedded DuckDB database from a data folder, and say what is wrong with it.

`build(data_dir)` reads every table's CSV with explicit column types (never sniffed) into a
staged copy, checks every row against the constraints declared in sql/schema.sql (read back
from DuckDB's catalogue, so the rules live in one place) and the rules across tables, builds
the derived tables of sql/ from the staged copies, then inserts the rows into the constrained
tables (DuckDB enforcing the same constraints again) and creates the views and table macros.

Every problem names the file, the line, the column and what to do about it. A folder
with problems still returns a Database (with `problems` set) so that callers can show
the list; nothing in the folder is ever written.
"""
from __future__ import annotations

import csv
import hashlib
import io
import re
import tempfile
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping

import duckdb

from tracker.problems import Problem

ROOT = Path(__file__).resolve().parent.parent
SQL_DIR = ROOT / "sql"
DEFAULT_DATA_DIR = ROOT / "data"

# Load order: a table only references tables loaded before it (same order as schema.sql).
TABLES = (
    "package", "sources", "pillars", "actors", "measures", "measure_actors",
    "funding", "deadlines", "progress", "not_tracked",
)
# Tables that must hold at least one row for a folder to make sense.
NON_EMPTY = ("package", "sources", "pillars", "measures")

# Below this many rows in every table, queries run without DuckDB's optimizer (see _Builder.tune).
SMALL_ROWS = 20_000
# The base tables that queries read, besides the derived ones: small, inserted before the database
# is served; the large ones (measures, measure_actors, funding, deadlines, progress) may still be
# filling (Database.wait).
READ_TABLES = ("package", "sources", "pillars", "actors", "not_tracked")
# A staged table of this many rows or more is inserted in INSERT_PARTS parts side by side.
SPLIT_ROWS = 200_000
INSERT_PARTS = 3

# Derived tables, views and table macros, created in this order after the tables (see each
# file's header).
VIEW_FILES = (
    "measure_lines.sql",
    "deadline_lines.sql",
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
)

TYPE_WORDS = {
    "DATE": "a date written YYYY-MM-DD (a real calendar day)",
    "INTEGER": "a whole number",
    "BOOLEAN": "true or false",
    "VARCHAR": "text",
}


def normalise_space(text: str) -> str:
    """Collapse every run of white space to one space: how quotes are matched to sources."""
    return re.sub(r"\s+", " ", text).strip()


_NEWLINE = re.compile(r"\r\n|\r|\n")


def _lines(text: str):
    """The lines of `text` as io.StringIO(text, newline=None) yields them (newlines made '\n'),
    one at a time: reading a header does not copy a file of a million rows."""
    pos = 0
    while pos < len(text):
        m = _NEWLINE.search(text, pos)
        if m is None:
            yield text[pos:]
            return
        yield text[pos:m.start()] + "\n"
        pos = m.end()


def _type_words(sql_type: str) -> str:
    if sql_type.startswith("DECIMAL"):
        return "a number in euros, digits with an optional '.' for cents, no thousands separators or currency sign"
    return TYPE_WORDS.get(sql_type, sql_type.lower())


@dataclass
class Database:
    """The loaded database of one data folder. `con` is shared: query through `cursor()`."""

    con: duckdb.DuckDBPyConnection
    data_dir: Path
    problems: list[Problem] = field(default_factory=list)
    content_hash: str = ""
    replaced: tuple[str, ...] = ()
    filling: Future | None = None  # the large constrained tables being filled (see _Builder.run)

    @property
    def ok(self) -> bool:
        return not self.problems

    def wait(self) -> None:
        """Return once every constrained table is filled (queries that read them call this)."""
        if self.filling is not None:
            self.filling.result()

    @property
    def key(self) -> str:
        """Identifies the data this database holds: safe as part of a cache key."""
        return self.content_hash

    def cursor(self) -> duckdb.DuckDBPyConnection:
        return self.con.cursor()


@dataclass
class _File:
    table: str
    name: str
    path: Path
    text: str
    header: list[str]
    rejected_lines: set[int] = field(default_factory=set)
    _lines: list[int] | None = None

    def line_of(self, rowid: int) -> int:
        """File line of the rowid-th accepted record (header is line 1)."""
        if self._lines is None:
            starts: list[int] = []
            reader = csv.reader(io.StringIO(self.text, newline=None))  # \r, \r\n or \n ends a line
            prev_end = 0
            for record in reader:
                start = prev_end + 1
                prev_end = reader.line_num
                if not record or record == [""]:
                    continue
                starts.append(start)
            self._lines = [n for n in starts[1:] if n not in self.rejected_lines]
        return self._lines[rowid] if 0 <= rowid < len(self._lines) else rowid + 2


class _NotClean(Exception):
    """Raised in fast mode at the first sign of a problem: the careful build takes over."""


class _Builder:
    """Loads a data folder into a new in-memory DuckDB (see run).

    Every file is staged (read by DuckDB with explicit types into schema `staged`) and every
    staged row checked; the derived tables are built from the staged copies; the constrained
    tables are filled last, each once the tables it references are in. Fast mode (tried first)
    reads only each file's header itself (DuckDB reads the rest) and gives up at the first
    problem (_NotClean); careful mode also reads every file as text, to name the line of a
    byte that is not UTF-8 and of every problem, and lists them all."""

    def __init__(self, data_dir: Path, overrides: Mapping[str, bytes], fast: bool = False):
        self.data_dir = data_dir
        self.overrides = dict(overrides)
        self.fast = fast
        self.con = duckdb.connect(":memory:")
        self.problems: list[Problem] = []
        self.accepted: set[str] = set()  # staged and checked clean: to be inserted
        self.loaded: set[str] = set()  # inserted
        self.sql = {name: (SQL_DIR / name).read_text(encoding="utf-8") for name in VIEW_FILES}
        self.files: dict[str, _File] = {}
        self.digest = hashlib.sha256()
        self.tmp = tempfile.TemporaryDirectory(prefix="tracker-")

    def close(self) -> None:
        self.con.close()
        self.tmp.cleanup()

    # -- helpers -------------------------------------------------------------
    def problem(self, file: str, line: int | None, column: str | None, message: str, fix: str = "") -> None:
        if self.fast:
            raise _NotClean(f"{file}: {message}")
        self.problems.append(Problem(file, line, column, message, fix))

    @staticmethod
    def rows_of(table: str) -> str:
        """Where the rows of `table` are read for the checks: its staged copy, whose rowids are
        the order of the file's lines."""
        return f"staged.{table}"

    def columns(self, table: str) -> list[tuple[str, str]]:
        rows = self.con.execute(
            "select column_name, data_type from duckdb_columns() where table_name = ? order by column_index",
            [table],
        ).fetchall()
        return [(name, dtype) for name, dtype in rows]

    # -- one file ------------------------------------------------------------
    def read_file(self, table: str) -> _File | None:
        name = f"{table}.csv"
        if table in self.overrides:
            raw = self.overrides[table]
            path = Path(self.tmp.name) / name
            path.write_bytes(raw)
            self.digest.update(name.encode() + b"\0" + raw + b"\0")
        else:
            path = self.data_dir / name
            if not path.is_file():
                expected = ",".join(c for c, _ in self.columns(table))
                self.problem(name, None, None, "the file is missing from the data folder.",
                             f"add {name} with the header row: {expected}")
                return None
            stat = path.stat()  # the data of a folder is named by its files' sizes and times
            self.digest.update(f"{path.resolve()}\0{stat.st_size}\0{stat.st_mtime_ns}\0".encode())
            if self.fast:
                return self.read_header(table, name, path)
            raw = path.read_bytes()
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as err:
            before = raw[: err.start]
            line = before.count(b"\n") + 1
            line_start = before.rfind(b"\n") + 1
            prefix = before[line_start:].decode("utf-8", errors="replace")
            header = raw.split(b"\n", 1)[0].decode("utf-8", errors="replace").lstrip("\ufeff")
            try:
                names = [h.strip() for h in next(csv.reader([header]), [])]
                idx = len(next(csv.reader([prefix]), [""])) - 1 if prefix else 0
            except csv.Error:
                names, idx = [], -1
            known = {c for c, _ in self.columns(table)}
            column = names[idx] if 0 <= idx < len(names) and names[idx] in known else None
            if raw[:2] in (b"\xff\xfe", b"\xfe\xff"):
                line, column, message = 1, None, "the file is UTF-16 text, not UTF-8."
            else:
                message = f"byte 0x{raw[err.start]:02x} is not UTF-8 text."
            self.problem(name, line, column, message, "save the file as UTF-8 (in a spreadsheet: 'CSV UTF-8').")
            return None
        if not text or text.isspace():  # same as `not text.strip()`, without copying a large file
            expected = ",".join(c for c, _ in self.columns(table))
            self.problem(name, 1, None, "the file is empty.", f"start it with the header row: {expected}")
            return None
        expected = [c for c, _ in self.columns(table)]
        try:
            header = [h.strip() for h in next(csv.reader(_lines(text)))]
        except csv.Error:
            header = []
        if not set(header) & set(expected):
            first = text.lstrip("\ufeff").splitlines()[0] if text.strip() else ""
            hint = " (it looks separated by ';': use commas)" if ";" in first and "," not in first else ""
            shown = first if len(first) <= 60 else first[:57] + "..."
            self.problem(name, 1, None, f"the first line '{shown}' is not the header row{hint}.",
                         f"start the file with the header row: {','.join(expected)}")
            return None
        ok = True
        seen: set[str] = set()
        for col in header:
            if col in seen:
                self.problem(name, 1, col, f"the column '{col}' appears twice in the header.", "keep one of them.")
                ok = False
            seen.add(col)
            if col not in expected:
                self.problem(name, 1, col, f"unknown column '{col}'.",
                             f"remove or rename it; the columns are: {', '.join(expected)}")
                ok = False
        for col in expected:
            if col not in header:
                self.problem(name, 1, col, f"the column '{col}' is missing from the header.",
                             f"add it; the header row is: {','.join(expected)}")
                ok = False
        if not ok:
            return None
        return _File(table, name, path, text, header)

    def read_header(self, table: str, name: str, path: Path) -> _File:
        """Fast mode: only the header line is read (DuckDB reads the rest); it must name every
        column once."""
        with path.open("rb") as fh:
            first = fh.readline(1 << 20)
        try:
            header = [h.strip() for h in next(csv.reader([first.decode("utf-8-sig")]), [])]
        except (UnicodeDecodeError, csv.Error) as err:
            raise _NotClean(f"{name}: header unreadable") from err
        if sorted(header) != sorted(c for c, _ in self.columns(table)):
            raise _NotClean(f"{name}: header differs")
        return _File(table, name, path, "", header)

    def stage(self, f: _File) -> bool:
        types = dict(self.columns(f.table))
        spec = ", ".join(f"'{c}': '{types[c]}'" for c in f.header)  # the file's column order, never sniffed
        rej = f"rej_{f.table}"
        try:
            self.con.execute(
                f"create table staged.{f.table} as select * from read_csv($path, header = true, "
                f"delim = ',', quote = '\"', escape = '\"', auto_detect = false, columns = {{{spec}}}, "
                f"store_rejects = true, rejects_table = '{rej}', rejects_scan = 'scan_{f.table}')",
                {"path": str(f.path)},
            )
        except duckdb.Error as err:  # a file DuckDB cannot read at all
            self.problem(f.name, None, None, f"the file could not be read as CSV: {err}", "save it as CSV UTF-8.")
            return False
        rejects = self.con.execute(
            f"select line, column_name, error_type, csv_line, error_message from {rej} "
            "order by line, error_type not in ('LINE SIZE OVER MAXIMUM', 'UNQUOTED VALUE'), column_idx"
        ).fetchall()
        expected_fields = len(f.header)

        def fields(csv_line) -> int:
            try:
                return len(next(csv.reader([(csv_line or "").strip("\r\n")]), []))
            except csv.Error:
                return 0

        broken: set[int] = set()  # lines already reported as unreadable: one problem per line
        for line, column, etype, csv_line, message in rejects:
            line = int(line)
            f.rejected_lines.add(line)
            if line in broken:
                continue
            if etype == "CAST":
                m = re.search(r'Could not convert string "(.*)" to', message or "")
                value = m.group(1) if m else csv_line
                self.problem(f.name, line, column, f"'{value}' is not {_type_words(types.get(column, ''))}.",
                             "correct the value.")
                continue
            broken.add(line)
            if etype == "TOO MANY COLUMNS":
                self.problem(f.name, line, None,
                             f"the line has {fields(csv_line)} fields, the header has {expected_fields}.",
                             "quote values that contain commas (\"like, this\") or remove the extra fields.")
            elif etype == "MISSING COLUMNS":
                self.problem(f.name, line, column,
                             f"the line has {fields(csv_line)} fields, the header has {expected_fields}.",
                             "add the missing values (an empty value is two commas in a row).")
            elif etype == "UNQUOTED VALUE":
                self.problem(f.name, line, column,
                             "a value that starts with a double quote is not closed, or text follows its closing quote.",
                             "close the quote; write a quote inside a quoted value as two (\"\").")
            elif etype == "LINE SIZE OVER MAXIMUM":
                self.problem(f.name, line, None, "the line is too long to be a row (over 2,000,000 bytes).",
                             "check for a double quote that is never closed, or split the text.")
            else:
                self.problem(f.name, line, column, f"unreadable line ({etype.lower()}): {message}",
                             "check the quoting of this line.")
        count = self.con.execute(f"select count(*) from staged.{f.table}").fetchone()[0]
        if count == 0 and not rejects and f.table in NON_EMPTY:
            self.problem(f.name, 2, None, "the file has a header but no rows.", f"add at least one {f.table} row.")
            return False
        return not rejects

    def check_constraints(self, f: _File) -> bool:
        before = len(self.problems)
        stg = f"staged.{f.table}"
        rows = self.con.execute(
            "select constraint_type, expression, constraint_column_names, referenced_table, referenced_column_names "
            "from duckdb_constraints() where table_name = ? and database_name = 'memory' order by constraint_index",
            [f.table],
        ).fetchall()
        for ctype, expression, cols, ref_table, ref_cols in rows:
            if ctype == "NOT NULL":
                col = cols[0]
                for (rowid,) in self.con.execute(f'select rowid from {stg} where "{col}" is null order by rowid').fetchall():
                    self.problem(f.name, f.line_of(rowid), col, "the value is empty; it is required.", "fill it in.")
            elif ctype == "CHECK":
                sel = ", ".join(f'"{c}"' for c in cols)
                for rowid, *values in self.con.execute(
                    f"select rowid, {sel} from {stg} where not coalesce(({expression}), true) order by rowid"
                ).fetchall():
                    message, fix = _explain_check(expression, cols, values)
                    self.problem(f.name, f.line_of(rowid), cols[0], message, fix)
            elif ctype in ("PRIMARY KEY", "UNIQUE"):
                keys = ", ".join(f'"{c}"' for c in cols)
                found = self.con.execute(
                    f"select rowid, [{keys}]::varchar[], min(rowid) over (partition by {keys}) from {stg} "
                    f"where {' and '.join(f'{c} is not null' for c in cols)} "
                    f"qualify count(*) over (partition by {keys}) > 1 order by rowid"
                ).fetchall()
                for rowid, key, first in found:
                    if rowid == first:
                        continue
                    shown = ", ".join(f"{c} '{v}'" for c, v in zip(cols, key))
                    self.problem(f.name, f.line_of(rowid), cols[-1] if len(cols) > 1 else cols[0],
                                 f"duplicate {shown}: already used on line {f.line_of(first)}.",
                                 "give each row its own id, or remove the repeated row.")
            elif ctype == "FOREIGN KEY":
                col, ref_col = cols[0], ref_cols[0]
                if ref_table == f.table:
                    target = stg
                elif ref_table in self.accepted:
                    target = f"staged.{ref_table}"  # inserted later, with every row it has now
                else:
                    continue  # the referenced file has problems of its own, already reported
                for rowid, value in self.con.execute(
                    f'select rowid, "{col}" from {stg} s where "{col}" is not null and not exists '
                    f'(select 1 from {target} r where r."{ref_col}" = s."{col}") order by rowid'
                ).fetchall():
                    self.problem(f.name, f.line_of(rowid), col,
                                 f"unknown {ref_col} '{value}': no row of {ref_table}.csv has it.",
                                 f"use an existing {ref_col} or add the row to {ref_table}.csv.")
        return len(self.problems) == before

    def references_accepted(self, table: str) -> bool:
        """Whether every table that `table` references passed its checks. When one did not, its
        own problems are already listed and this table's rows cannot be checked against it."""
        refs = self.con.execute(
            "select distinct referenced_table from duckdb_constraints() where table_name = ? "
            "and constraint_type = 'FOREIGN KEY' and database_name = 'memory'", [table],
        ).fetchall()
        return all(ref == table or ref in self.accepted for (ref,) in refs)

    def insert(self, f: _File) -> None:
        """Insert the staged rows into the constrained table, on cursors of its own (see
        insert_when_ready). A large table goes in as INSERT_PARTS inserts side by side: checking
        keys and references is single-threaded within one insert, and concurrent inserts still
        see each other's keys (a duplicate across parts fails at commit)."""
        cols = ", ".join(f'"{c}"' for c in f.header)
        con = self.con.cursor()
        try:
            if f.table == "measures":
                # a sub-action references its parent, which must be inserted first
                while True:
                    n = con.execute(
                        f"insert into measures ({cols}) select {cols} from staged.measures s "
                        "where s.measure_id not in (select measure_id from measures) "
                        "and (s.parent_id is null or s.parent_id in (select measure_id from measures))"
                    ).fetchone()[0]
                    if not n:
                        break
            else:
                rows = con.execute(f"select count(*) from staged.{f.table}").fetchone()[0]
                parts = INSERT_PARTS if rows >= SPLIT_ROWS else 1

                def insert_part(part: int) -> None:
                    cur = self.con.cursor()
                    try:
                        cur.execute(f"insert into {f.table} ({cols}) select {cols} from staged.{f.table} "
                                    f"where rowid % {parts} = {part}")
                    finally:
                        cur.close()

                with ThreadPoolExecutor(max_workers=parts, thread_name_prefix=f"tracker-{f.table}") as inserts:
                    list(inserts.map(insert_part, range(parts)))
        except duckdb.Error as err:  # a constraint the checks above did not foresee
            if self.fast:
                raise _NotClean(f"{f.name}: {err}") from err
            self.problem(f.name, None, None, f"the rows could not be loaded: {err}", "correct the file.")
            return
        finally:
            con.close()
        self.loaded.add(f.table)

    def derive(self, pool: ThreadPoolExecutor) -> list[Future]:
        """Start building the derived tables (sql/ files that create a table), side by side. They
        read the staged copies (schema `staged`, first on their search path), which hold the same
        rows as the constrained tables, so they need not wait for the inserts."""
        def build_table(text: str) -> None:
            con = self.con.cursor()
            try:
                con.execute("set search_path = 'staged,main'")
                con.execute(text)
            finally:
                con.close()

        return [pool.submit(build_table, text) for text in (self.sql[name] for name in VIEW_FILES)
                if "create or replace table" in text]

    # -- across tables ---------------------------------------------------------
    def check_sources_and_quotes(self) -> None:
        if "sources" not in self.accepted:
            return
        texts: dict[str, str] = {}
        f = self.files["sources"]
        for rowid, sid, file_name in self.con.execute(
            f"select s.rowid, s.source_id, s.file_name from {self.rows_of('sources')} s order by rowid"
        ).fetchall():
            p = self.data_dir / "sources" / file_name
            if Path(file_name).name != file_name or file_name in (".", "..") or "\\" in file_name:
                self.problem(f.name, f.line_of(rowid), "file_name", f"'{file_name}' is a path, not a file name.",
                             "give the name of a file in the sources/ folder, without folders.")
                continue
            if not p.is_file():
                self.problem(f.name, f.line_of(rowid), "file_name", f"there is no file sources/{file_name}.",
                             "put the source text in the sources/ folder or correct the name.")
                continue
            try:
                texts[sid] = normalise_space(p.read_text(encoding="utf-8-sig"))
            except UnicodeDecodeError:
                self.problem(f.name, f.line_of(rowid), "file_name", f"sources/{file_name} is not UTF-8 text.",
                             "save it as UTF-8.")
        for table in sorted(self.accepted, key=TABLES.index):
            if table == "sources" or "source_quote" not in dict(self.columns(table)):
                continue
            pairs = self.con.execute(f"select distinct source_id, source_quote from {self.rows_of(table)}").fetchall()
            bad = [(s, q) for s, q in pairs if s in texts and normalise_space(q) not in texts[s]]
            for sid, quote in bad:
                for (rowid,) in self.con.execute(
                    f"select rowid from {self.rows_of(table)} where source_id = ? and source_quote = ? order by rowid", [sid, quote]
                ).fetchall():
                    shown = quote if len(quote) <= 60 else quote[:57] + "..."
                    self.problem(self.files[table].name, self.files[table].line_of(rowid), "source_quote",
                                 f"the quote '{shown}' is not in source '{sid}'.",
                                 "copy the words exactly from the source text (line breaks may differ).")
        if "not_tracked" in self.accepted:
            nt = self.files["not_tracked"]
            for rowid, sid, expr in self.con.execute(
                f"select rowid, source_id, expression from {self.rows_of('not_tracked')} order by rowid"
            ).fetchall():
                if sid in texts and normalise_space(expr) not in texts[sid]:
                    self.problem(nt.name, nt.line_of(rowid), "expression", f"'{expr}' is not in source '{sid}'.",
                                 "copy the expression exactly from the source text.")

    def check_across(self) -> None:
        if "package" in self.accepted:
            n = self.con.execute(f"select count(*) from {self.rows_of('package')}").fetchone()[0]
            if n != 1:
                self.problem("package.csv", 3, None, f"there are {n} package rows; there must be exactly one.",
                             "keep one row.")
        if {"funding", "measures"} <= self.accepted:
            f = self.files["funding"]
            for rowid, fid, pid, mpid in self.con.execute(
                f"select s.rowid, s.funding_id, s.pillar_id, m.pillar_id from {self.rows_of('funding')} s "
                f"join {self.rows_of('measures')} m using (measure_id) where s.pillar_id <> m.pillar_id order by s.rowid"
            ).fetchall():
                self.problem(f.name, f.line_of(rowid), "pillar_id",
                             f"funding '{fid}' is in pillar '{pid}' but its measure is in '{mpid}'.",
                             "use the measure's pillar.")
        if {"measures", "pillars", "actors"} <= self.accepted:
            f = self.files["measures"]
            for rowid, mid in self.con.execute(
                f"select s.rowid, s.measure_id from {self.rows_of('measures')} s where s.measure_id in "
                f"(select pillar_id from {self.rows_of('pillars')} union all "
                f"select actor_id from {self.rows_of('actors')}) order by s.rowid"
            ).fetchall():
                self.problem(f.name, f.line_of(rowid), "measure_id",
                             f"'{mid}' is also a pillar or actor id; scenario links could not tell them apart.",
                             "give the measure a distinct id.")
        if "measures" in self.accepted:
            f = self.files["measures"]
            for rowid, mid in self.con.execute(
                f"with recursive reach(measure_id, depth) as ("
                f"  select measure_id, 0 from {self.rows_of('measures')} where parent_id is null"
                f"  union all select m.measure_id, r.depth + 1 from {self.rows_of('measures')} m"
                f"  join reach r on m.parent_id = r.measure_id where r.depth < 10000) "
                f"select rowid, measure_id from {self.rows_of('measures')} "
                f"where measure_id not in (select measure_id from reach) order by rowid"
            ).fetchall():
                self.problem(f.name, f.line_of(rowid), "parent_id",
                             f"measure '{mid}' is its own ancestor (the parent_id chain loops).",
                             "point parent_id at a top-level measure.")

    def tune(self) -> None:
        """On a small database, planning a query costs more than any plan saves (the optimizer
        takes about half of each query's 2-6 ms on the shipped data): it runs only when some
        table holds SMALL_ROWS rows or more. The setting holds for every cursor."""
        largest = max((n for (n,) in self.con.execute(
            "select estimated_size from duckdb_tables() where database_name = 'memory'").fetchall()), default=0)
        if largest < SMALL_ROWS:
            self.con.execute("set global enable_optimizer = false")

    def run(self, wait: bool = True) -> Database:
        """Stage and check every file, build the derived tables and insert the small tables; then
        fill the large constrained tables, waiting for it unless `wait` is False (the dashboard:
        pages read the derived tables, see READ_TABLES, and can be served meanwhile)."""
        self.con.execute((SQL_DIR / "schema.sql").read_text(encoding="utf-8"))
        self.con.execute("create schema staged")
        accepted: list[_File] = []
        for table in TABLES:
            f = self.read_file(table)
            if f is None:
                continue
            self.files[table] = f
            if self.stage(f) and self.check_constraints(f) and self.references_accepted(table):
                self.accepted.add(table)
                accepted.append(f)
        self.check_sources_and_quotes()
        self.check_across()
        if self.problems:  # careful mode: the list is what the caller needs
            self.finish()
            return self.database()
        with ThreadPoolExecutor(max_workers=len(VIEW_FILES), thread_name_prefix="tracker-derive") as pool:
            derived = self.derive(pool)
            for f in accepted:
                if f.table in READ_TABLES:
                    self.insert(f)
            for future in derived:
                future.result()
        for text in self.sql.values():  # the views and table macros, in order, once the tables are in
            if "create or replace table" not in text:
                self.con.execute(text)
        self.tune()
        self.fast = False  # from here a problem (none is expected: every row was checked) is listed
        filler = ThreadPoolExecutor(max_workers=1, thread_name_prefix="tracker-fill")
        filling = filler.submit(self.fill, [f for f in accepted if f.table not in READ_TABLES])
        filler.shutdown(wait=False)
        db = self.database(filling)
        if wait:
            db.wait()
        return db

    def fill(self, files: list[_File]) -> None:
        """Insert the staged rows into the constrained tables, each once every table it
        references is in (measure_actors, funding and deadlines side by side: DuckDB checks
        keys and references on one core per insert); then drop the staged copies."""
        cur = self.con.cursor()
        refs = {f.table: {r for (r,) in cur.execute(
            "select distinct referenced_table from duckdb_constraints() where table_name = ? and "
            "constraint_type = 'FOREIGN KEY' and database_name = 'memory'", [f.table]).fetchall()} - {f.table}
            for f in files}
        cur.close()
        waiting = {f.table: f for f in files}
        try:
            with ThreadPoolExecutor(max_workers=4, thread_name_prefix="tracker-fill") as pool:
                while waiting:
                    ready = [t for t in waiting if not refs[t] & waiting.keys()]
                    list(pool.map(self.insert, [waiting[t] for t in ready if refs[t] <= self.loaded]))
                    for t in ready:  # a table whose reference failed to load is left out (its problem is listed)
                        del waiting[t]
        finally:
            self.finish()

    def finish(self) -> None:
        cur = self.con.cursor()
        try:
            cur.execute("drop schema if exists staged cascade")
        finally:
            cur.close()
        self.tmp.cleanup()

    def database(self, filling: Future | None = None) -> Database:
        self.problems.sort(key=lambda p: (TABLES.index(p.file[:-4]) if p.file[:-4] in TABLES else 99,
                                          p.line or 0, p.column or ""))
        return Database(con=self.con, data_dir=self.data_dir, problems=self.problems,
                        content_hash=self.digest.hexdigest()[:16], replaced=tuple(sorted(self.overrides)),
                        filling=filling)


_CHECK_WORDS = {
    "(amount_eur >= 0)": ("the amount {0} is negative.", "amounts are 0 or more, in euros."),
    "(due_from <= due_by)": ("the window ends before it starts: due_from {0} is after due_by {1}.",
                             "swap the dates or correct one of them."),
    "(year_from <= year_to)": ("year_from {0} is after year_to {1}.", "swap the years."),
    "((NOT is_new_money) OR (funding_kind IN ('new_call', 'new_funding')))": (
        "is_new_money is true but funding_kind is '{1}'.",
        "only new_call and new_funding lines can be new money; set is_new_money to false."),
}


def _explain_check(expression: str, cols: list[str], values: list) -> tuple[str, str]:
    if expression in _CHECK_WORDS:
        message, fix = _CHECK_WORDS[expression]
        return message.format(*values), fix
    m = re.fullmatch(r"\(\"?(\w+)\"? IN \((.*)\)\)", expression)
    if m:
        allowed = ", ".join(v.strip().strip("'") for v in m.group(2).split(","))
        return f"'{values[0]}' is not an allowed {m.group(1)}.", f"use one of: {allowed}."
    m = re.fullmatch(r"\((\w+) BETWEEN (\d+) AND (\d+)\)", expression)
    if m:
        return f"{values[0]} is outside {m.group(2)}..{m.group(3)}.", f"use a value from {m.group(2)} to {m.group(3)}."
    if expression.startswith("regexp_full_match"):
        return (f"'{values[0]}' is not a valid id.",
                "use lowercase letters a-z, digits and hyphens, starting with a letter or digit.")
    return f"the values {values} break the rule {expression}.", "correct the values."


def build(data_dir: str | Path | None = None, overrides: Mapping[str, bytes] | None = None,
          wait: bool = True) -> Database:
    """Load `data_dir` (default data/) into a fresh in-memory DuckDB.

    `overrides` maps a table name to replacement CSV bytes (an upload for one session);
    they are validated with the same rules and never written into the data folder.
    A clean folder loads in fast mode; any problem sends it through the careful mode, which
    lists every problem (see _Builder). With `wait` False, the database is returned as soon as
    every row is checked and the derived tables are built, while the large constrained tables
    fill (Database.wait).
    """
    folder, overrides = Path(data_dir or DEFAULT_DATA_DIR), overrides or {}
    fast = _Builder(folder, overrides, fast=True)
    try:
        return fast.run(wait)
    except (_NotClean, duckdb.Error):
        fast.close()
    return _Builder(folder, overrides).run(wait)
