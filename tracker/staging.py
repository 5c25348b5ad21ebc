"""Reading one CSV of a data folder into a staged table, and saying what is wrong with the file.

`stage(con, table, path)` reads `path` with DuckDB into `staged.<table>`, with the column types of
the table in sql/schema.sql (never sniffed) and DuckDB's reject tables on, and turns everything
DuckDB could not read (and a missing file, a bad header, text that is not UTF-8) into Problems.
The rows it could read are there for tracker/checks.py. Only a file with a problem is read as
text by Python: to name the line of a row, or the byte that is not UTF-8.
"""
from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from tracker.problems import Problem

# Load order: a table only references tables before it (the order of sql/schema.sql).
TABLES = (
    "package", "sources", "pillars", "actors", "measures", "measure_actors",
    "funding", "funding_stages", "deadlines", "progress", "not_tracked",
)
NON_EMPTY = ("package", "sources", "pillars", "measures")  # a folder without these rows makes no sense
PARENT_KEYS = {"actors": "actor_id", "measures": "measure_id"}  # parent_id names a row of the same table

TYPE_WORDS = {
    "DATE": "a date written YYYY-MM-DD (a real calendar day)",
    "INTEGER": "a whole number",
    "BOOLEAN": "true or false",
    "VARCHAR": "text",
}


def columns(con: duckdb.DuckDBPyConnection, table: str) -> list[tuple[str, str]]:
    """(name, SQL type) of the table's columns, in order, as sql/schema.sql declares them."""
    return con.execute("select column_name, data_type from duckdb_columns() where table_name = ? "
                       "and schema_name = 'main' order by column_index", [table]).fetchall()


def type_words(sql_type: str) -> str:
    if sql_type.startswith("DECIMAL"):
        return "a number in euros, digits with an optional '.' for cents, no thousands separators or currency sign"
    return TYPE_WORDS.get(sql_type, sql_type.lower())


@dataclass
class StagedFile:
    """One CSV read into staged.<table>: rowid n of the staged table is the n-th row DuckDB
    accepted, in file order."""

    table: str
    path: Path
    header: list[str]
    rejected_lines: set[int] = field(default_factory=set)
    _lines: list[int] | None = None

    @property
    def name(self) -> str:
        return f"{self.table}.csv"

    def line_of(self, rowid: int) -> int:
        """The file line (the header is line 1) where the rowid-th accepted row starts."""
        if self._lines is None:
            text = self.path.read_bytes().decode("utf-8-sig", errors="replace")
            reader = csv.reader(io.StringIO(text, newline=None))  # \r, \r\n or \n ends a line
            starts, end = [], 0
            for record in reader:
                start, end = end + 1, reader.line_num
                if record and record != [""]:
                    starts.append(start)
            self._lines = [n for n in starts[1:] if n not in self.rejected_lines]
        return self._lines[rowid] if 0 <= rowid < len(self._lines) else rowid + 2


def stage(con: duckdb.DuckDBPyConnection, table: str, path: Path) -> tuple[StagedFile | None, list[Problem]]:
    """Read `path` into staged.<table>. Returns the staged file (None when nothing could be
    staged) and the problems of the file itself: its header, its encoding and the rows DuckDB
    rejected."""
    name = f"{table}.csv"
    expected = [c for c, _ in columns(con, table)]
    if not path.is_file():
        return None, [Problem(name, None, None, "the file is missing from the data folder.",
                              f"add {name} with the header row: {','.join(expected)}")]
    with path.open("rb") as fh:
        start = fh.read(1 << 20)
    if not start.strip():
        return None, [Problem(name, 1, None, "the file is empty.", f"start it with the header row: {','.join(expected)}")]
    first = re.split(rb"\r\n|\r|\n", start, maxsplit=1)[0]
    try:
        first_line = first.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None, [encoding_problem(name, path.read_bytes(), expected)]
    header, problems = check_header(name, first_line, expected)
    if problems:
        return None, problems
    f = StagedFile(table, path, header)
    types = dict(columns(con, table))
    spec = ", ".join(f"'{c}': '{types[c]}'" for c in header)  # the file's column order
    try:
        con.execute(
            f"create table staged.{table} as select * from read_csv($path, header = true, delim = ',', "
            f"quote = '\"', escape = '\"', auto_detect = false, columns = {{{spec}}}, store_rejects = true, "
            f"rejects_table = 'rejects_{table}', rejects_scan = 'scan_{table}')", {"path": str(path)})
    except duckdb.Error as err:  # a file DuckDB cannot read at all
        return None, [Problem(name, None, None, f"the file could not be read as CSV: {err}", "save it as CSV UTF-8.")]
    problems = rejected_rows(con, f, types)
    if not problems and table in NON_EMPTY and not con.execute(f"select count(*) from staged.{table}").fetchone()[0]:
        problems.append(Problem(name, 2, None, "the file has a header but no rows.", f"add at least one {table} row."))
    return f, problems


def check_header(name: str, first_line: str, expected: list[str]) -> tuple[list[str], list[Problem]]:
    """The column names of the header line, and a problem for each one missing, unknown or twice."""
    try:
        header = [h.strip() for h in next(csv.reader([first_line]), [])]
    except csv.Error:
        header = []
    if not set(header) & set(expected):
        hint = " (it looks separated by ';': use commas)" if ";" in first_line and "," not in first_line else ""
        shown = first_line if len(first_line) <= 60 else first_line[:57] + "..."
        return header, [Problem(name, 1, None, f"the first line '{shown}' is not the header row{hint}.",
                                f"start the file with the header row: {','.join(expected)}")]
    problems, seen = [], set()
    for col in header:
        if col in seen:
            problems.append(Problem(name, 1, col, f"the column '{col}' appears twice in the header.", "keep one of them."))
        seen.add(col)
        if col not in expected:
            problems.append(Problem(name, 1, col, f"unknown column '{col}'.",
                                    f"remove or rename it; the columns are: {', '.join(expected)}"))
    for col in expected:
        if col not in header:
            problems.append(Problem(name, 1, col, f"the column '{col}' is missing from the header.",
                                    f"add it; the header row is: {','.join(expected)}"))
    return header, problems


def encoding_problem(name: str, raw: bytes, expected: list[str]) -> Problem:
    """Where the file stops being UTF-8: the line, the column and the byte."""
    if raw[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return Problem(name, 1, None, "the file is UTF-16 text, not UTF-8.",
                       "save the file as UTF-8 (in a spreadsheet: 'CSV UTF-8').")
    try:
        raw.decode("utf-8-sig")
        err_at = None
    except UnicodeDecodeError as err:
        err_at = err.start
    if err_at is None:  # DuckDB saw a problem Python does not: name the file only
        return Problem(name, None, None, "the file is not UTF-8 text.",
                       "save the file as UTF-8 (in a spreadsheet: 'CSV UTF-8').")
    before = raw[:err_at]
    line = before.count(b"\n") + 1
    prefix = before[before.rfind(b"\n") + 1:].decode("utf-8", errors="replace")
    header = raw.split(b"\n", 1)[0].decode("utf-8", errors="replace").lstrip("\ufeff")
    try:
        names = [h.strip() for h in next(csv.reader([header]), [])]
        index = len(next(csv.reader([prefix]), [""])) - 1 if prefix else 0
    except csv.Error:
        names, index = [], -1
    column = names[index] if 0 <= index < len(names) and names[index] in expected else None
    return Problem(name, line, column, f"byte 0x{raw[err_at]:02x} is not UTF-8 text.",
                   "save the file as UTF-8 (in a spreadsheet: 'CSV UTF-8').")


def rejected_rows(con: duckdb.DuckDBPyConnection, f: StagedFile, types: dict[str, str]) -> list[Problem]:
    """The rows DuckDB could not read, in words: one problem per line that is unreadable as a
    row, one per value that is not of its column's type."""
    rejects = con.execute(
        f"select line, column_name, error_type, csv_line, error_message from rejects_{f.table} "
        "order by line, error_type not in ('LINE SIZE OVER MAXIMUM', 'UNQUOTED VALUE'), column_idx").fetchall()
    if any(etype == "INVALID ENCODING" for _, _, etype, _, _ in rejects):
        return [encoding_problem(f.name, f.path.read_bytes(), list(types))]

    def fields(csv_line) -> int:
        try:
            return len(next(csv.reader([(csv_line or "").strip("\r\n")]), []))
        except csv.Error:
            return 0

    problems, broken = [], set()  # broken: lines already reported as unreadable (one problem each)
    for line, column, etype, csv_line, message in rejects:
        line = int(line)
        f.rejected_lines.add(line)
        if line in broken:
            continue
        if etype == "CAST":
            m = re.search(r'Could not convert string "(.*)" to', message or "")
            value = m.group(1) if m else csv_line
            problems.append(Problem(f.name, line, column, f"'{value}' is not {type_words(types.get(column, ''))}.",
                                    "correct the value."))
            continue
        broken.add(line)
        if etype in ("TOO MANY COLUMNS", "MISSING COLUMNS"):
            fix = ("quote values that contain commas (\"like, this\") or remove the extra fields."
                   if etype == "TOO MANY COLUMNS" else "add the missing values (an empty value is two commas in a row).")
            problems.append(Problem(f.name, line, column if etype == "MISSING COLUMNS" else None,
                                    f"the line has {fields(csv_line)} fields, the header has {len(f.header)}.", fix))
        elif etype == "UNQUOTED VALUE":
            problems.append(Problem(f.name, line, column, "a value that starts with a double quote is not closed, "
                                    "or text follows its closing quote.",
                                    "close the quote; write a quote inside a quoted value as two (\"\")."))
        elif etype == "LINE SIZE OVER MAXIMUM":
            problems.append(Problem(f.name, line, None, "the line is too long to be a row (over 2,000,000 bytes).",
                                    "check for a double quote that is never closed, or split the text."))
        else:
            problems.append(Problem(f.name, line, column, f"unreadable line ({etype.lower()}): {message}",
                                    "check the quoting of this line."))
    return problems
