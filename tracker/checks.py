"""The rules every staged row must follow, each written once, and the problems that break them.

- `constraints`: the keys, references, NOT NULLs and CHECKs of sql/schema.sql, read back from
  DuckDB's catalogue (so the rules live only in the schema) and tested row by row on the staged
  copy, so that every broken row is named with its line;
- `quotes`: every source_quote is in its shipped source text, word for word; a row on a cited
  document quotes nothing and says where in it (locator);
- `across`: the rules that span tables and that the schema cannot say.

Each function reads staged.<table> (tracker/staging.py) and returns Problems; none raises.
"""
from __future__ import annotations

import re
from pathlib import Path

import duckdb

from tracker.problems import Problem
from tracker.staging import PARENT_KEYS, TABLES, StagedFile, columns
from tracker.statuses import KINDS, STEPS


def normalise_space(text: str) -> str:
    """Collapse every run of white space to one space."""
    return re.sub(r"\s+", " ", text).strip()


MARKUP = re.compile(r"\*|\]\(|\\[()]")  # emphasis, a link's target, an escaped bracket


def plain(text: str) -> str:
    """The words of a source text without its Markdown markup (**bold**, *italic*, [a link](#),
    escaped brackets), white space collapsed: what a person reads, and what quotes are matched
    against. Quotes in the data are stored this way too (see `quotes`)."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    return normalise_space(text.replace("*", "").replace("\\(", "(").replace("\\)", ")"))


def constraints(con: duckdb.DuckDBPyConnection, f: StagedFile, accepted: set[str]) -> list[Problem]:
    """Every row of staged.<table> that breaks a constraint of the table. A reference to a table
    that has problems of its own is not checked (its problems are listed already)."""
    problems: list[Problem] = []
    staged = f"staged.{f.table}"
    rules = con.execute(
        "select constraint_type, expression, constraint_column_names, referenced_table, referenced_column_names "
        "from duckdb_constraints() where table_name = ? and schema_name = 'main' order by constraint_index",
        [f.table]).fetchall()
    for kind, expression, cols, ref_table, ref_cols in rules:
        if kind == "NOT NULL":
            for (rowid,) in con.execute(f'select rowid from {staged} where "{cols[0]}" is null order by rowid').fetchall():
                problems.append(Problem(f.name, f.line_of(rowid), cols[0], "the value is empty; it is required.",
                                        "fill it in."))
        elif kind == "CHECK":
            selected = ", ".join(f'"{c}"' for c in cols)
            for rowid, *values in con.execute(f"select rowid, {selected} from {staged} "
                                              f"where not coalesce(({expression}), true) order by rowid").fetchall():
                message, fix = explain_check(expression, values)
                problems.append(Problem(f.name, f.line_of(rowid), cols[0], message, fix))
        elif kind in ("PRIMARY KEY", "UNIQUE"):
            keys = ", ".join(f'"{c}"' for c in cols)
            for rowid, key, first in con.execute(
                    f"select rowid, [{keys}]::varchar[], min(rowid) over (partition by {keys}) from {staged} "
                    f"where {' and '.join(f'{c} is not null' for c in cols)} "
                    f"qualify count(*) over (partition by {keys}) > 1 order by rowid").fetchall():
                if rowid != first:
                    shown = ", ".join(f"{c} '{v}'" for c, v in zip(cols, key))
                    problems.append(Problem(f.name, f.line_of(rowid), cols[-1] if len(cols) > 1 else cols[0],
                                            f"duplicate {shown}: already used on line {f.line_of(first)}.",
                                            "give each row its own id, or remove the repeated row."))
        elif kind == "FOREIGN KEY" and (ref_table == f.table or ref_table in accepted):
            col, ref_col = cols[0], ref_cols[0]
            for rowid, value in con.execute(
                    f'select rowid, "{col}" from {staged} s where "{col}" is not null and not exists '
                    f'(select 1 from staged.{ref_table} r where r."{ref_col}" = s."{col}") order by rowid').fetchall():
                problems.append(Problem(f.name, f.line_of(rowid), col,
                                        f"unknown {ref_col} '{value}': no row of {ref_table}.csv has it.",
                                        f"use an existing {ref_col} or add the row to {ref_table}.csv."))
    return problems


def references_accepted(con: duckdb.DuckDBPyConnection, table: str, accepted: set[str]) -> bool:
    """Whether every table that `table` references passed its own checks."""
    refs = con.execute("select distinct referenced_table from duckdb_constraints() where table_name = ? "
                       "and constraint_type = 'FOREIGN KEY' and schema_name = 'main'", [table]).fetchall()
    return all(ref == table or ref in accepted for (ref,) in refs)


CHECK_WORDS = {
    "(amount_eur >= 0)": ("the amount {0} is negative.", "amounts are 0 or more, in euros."),
    "(due_from <= due_by)": ("the window ends before it starts: due_from {0} is after due_by {1}.",
                             "swap the dates or correct one of them."),
    "(year_from <= year_to)": ("year_from {0} is after year_to {1}.", "swap the years."),
    "((NOT is_new_money) OR (funding_kind IN ('new_call', 'new_funding')))": (
        "is_new_money is true but funding_kind is '{1}'.",
        "only new_call and new_funding lines can be new money; set is_new_money to false."),
    "((url IS NULL) OR regexp_full_match(url, 'https://[^ ]+'))": (
        "'{0}' is not an https link.", "give the address of the official publication, starting with https://."),
    "((file_name IS NOT NULL) OR ((reference IS NOT NULL) AND (url IS NOT NULL)))": (
        "the source has no file, so it is a cited document, and it lacks its reference or its link.",
        "give file_name (a text in sources/), or the document's official reference and an https url."),
    r"regexp_full_match(data_version, '\d{4}-\d{2}-\d{2}\.\d+')": (
        "the data version '{0}' does not start with its date.",
        "write it as YYYY-MM-DD.n: the day the data was last brought up to date, then a number (2019-10-30.1)."),
    "((amount_eur IS NULL) = (amount_qualifier IS NULL))": (
        "amount_eur and amount_qualifier go together: one is empty, the other is not.",
        "give both (the amount and exact, up_to or over) or neither."),
}


def explain_check(expression: str, values: list) -> tuple[str, str]:
    """A CHECK constraint of sql/schema.sql and the values that break it, in words."""
    if expression in CHECK_WORDS:
        message, fix = CHECK_WORDS[expression]
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


def source_texts(con: duckdb.DuckDBPyConnection, data_dir: Path, f: StagedFile) -> tuple[dict[str, str], list[Problem]]:
    """The text of every shipped source, by source_id (white space normalised), read from sources/."""
    texts, problems = {}, []
    for rowid, sid, file_name in con.execute("select rowid, source_id, file_name from staged.sources "
                                             "where file_name is not null order by rowid").fetchall():
        path = data_dir / "sources" / file_name
        if Path(file_name).name != file_name or file_name in (".", "..") or "\\" in file_name:
            problems.append(Problem(f.name, f.line_of(rowid), "file_name", f"'{file_name}' is a path, not a file name.",
                                    "give the name of a file in the sources/ folder, without folders."))
        elif not path.is_file():
            problems.append(Problem(f.name, f.line_of(rowid), "file_name", f"there is no file sources/{file_name}.",
                                    "put the source text in the sources/ folder or correct the name."))
        else:
            try:
                texts[sid] = plain(path.read_text(encoding="utf-8-sig"))
            except UnicodeDecodeError:
                problems.append(Problem(f.name, f.line_of(rowid), "file_name", f"sources/{file_name} is not UTF-8 text.",
                                        "save it as UTF-8."))
    return texts, problems


CITING = ("progress", "funding_stages")  # what happened after the package: may rest on a cited document


def quotes(con: duckdb.DuckDBPyConnection, data_dir: Path, files: dict[str, StagedFile],
           accepted: set[str]) -> list[Problem]:
    """Every quote (and every not_tracked expression) is in its shipped source text, word for
    word, and holds the words only (no markup of the source: the words are what every page
    shows). A row on a cited document (a source without a file) quotes nothing: it says where in
    the document (locator); only the steps after the package (CITING) may rest on one."""
    if "sources" not in accepted:
        return []
    texts, problems = source_texts(con, data_dir, files["sources"])
    cited = {sid for (sid,) in con.execute("select source_id from staged.sources where file_name is null").fetchall()}
    for table in sorted(accepted, key=TABLES.index):
        f = files[table]
        if table == "sources" or "source_quote" not in dict(columns(con, table)):
            continue
        problems += _cited_rows(con, f, cited)
        pairs = con.execute(f"select distinct source_id, source_quote from staged.{table} "
                            f"where source_id not in (select unnest(?::varchar[]))", [sorted(cited)]).fetchall()
        for sid, quote in pairs:
            if quote is None or not quote.strip():
                for (rowid,) in con.execute(f"select rowid from staged.{table} where source_id = ? and "
                                            "coalesce(trim(source_quote), '') = '' order by rowid", [sid]).fetchall():
                    problems.append(Problem(f.name, f.line_of(rowid), "source_quote",
                                            f"the quote is empty; a row on the shipped text '{sid}' quotes it.",
                                            "copy the words the row rests on from the source text."))
                continue
            shown = quote if len(quote) <= 60 else quote[:57] + "..."
            if MARKUP.search(quote):
                message, fix = (f"the quote '{shown}' holds markup of the source (*, ](...) or \\).",
                                "copy the words only, as a reader sees them: 'a **call**' is 'a call'.")
            elif sid in texts and normalise_space(quote) not in texts[sid]:
                message, fix = (f"the quote '{shown}' is not in source '{sid}'.",
                                "copy the words exactly from the source text (line breaks may differ).")
            else:
                continue
            for (rowid,) in con.execute(f"select rowid from staged.{table} where source_id = ? and source_quote = ? "
                                        "order by rowid", [sid, quote]).fetchall():
                problems.append(Problem(f.name, f.line_of(rowid), "source_quote", message, fix))
    if "not_tracked" in accepted:
        f = files["not_tracked"]
        for rowid, sid, expression in con.execute("select rowid, source_id, expression from staged.not_tracked "
                                                  "order by rowid").fetchall():
            if sid in texts and normalise_space(expression) not in texts[sid]:
                problems.append(Problem(f.name, f.line_of(rowid), "expression",
                                        f"'{expression}' is not in source '{sid}'.",
                                        "copy the expression exactly from the source text."))
    return problems


def _cited_rows(con: duckdb.DuckDBPyConnection, f: StagedFile, cited: set[str]) -> list[Problem]:
    """The rows of one table that rest on a cited document and break its rules."""
    if not cited:
        return []
    problems = []
    has_locator = "locator" in dict(columns(con, f.table))
    rows = con.execute(f"select rowid, source_id, source_quote, {'locator' if has_locator else 'null'} "
                       f"from staged.{f.table} where source_id in (select unnest(?::varchar[])) order by rowid",
                       [sorted(cited)]).fetchall()
    for rowid, sid, quote, locator in rows:
        if f.table not in CITING:
            problems.append(Problem(f.name, f.line_of(rowid), "source_id",
                                    f"'{sid}' is a cited document (no text in sources/): the package's own rows "
                                    "quote a shipped text.", "use the source whose text holds the quote."))
            continue
        if quote is not None and quote.strip():
            problems.append(Problem(f.name, f.line_of(rowid), "source_quote",
                                    f"the row rests on the cited document '{sid}', whose words are not shipped: "
                                    "it quotes nothing.", "empty source_quote; say what happened in note, in "
                                                          "your own words."))
        if locator is None or not locator.strip():
            problems.append(Problem(f.name, f.line_of(rowid), "locator",
                                    f"where in the cited document '{sid}' is this said? The locator is empty.",
                                    "give the section, paragraph or page."))
    return problems


def across(con: duckdb.DuckDBPyConnection, files: dict[str, StagedFile], accepted: set[str]) -> list[Problem]:
    """The rules across tables: one package row; a funding line in its measure's pillar;
    measure ids distinct from pillar and actor ids (scenario links name any of them); no loop of
    parent_id among measures or actors; and what a careful curator checks in the later
    documents (`later`)."""
    problems: list[Problem] = later(con, files, accepted)
    if "package" in accepted:
        n = con.execute("select count(*) from staged.package").fetchone()[0]
        if n != 1:
            problems.append(Problem("package.csv", 3, None, f"there are {n} package rows; there must be exactly one.",
                                    "keep one row."))
    if {"funding", "measures"} <= accepted:
        f = files["funding"]
        for rowid, fid, pid, mpid in con.execute(
                "select s.rowid, s.funding_id, s.pillar_id, m.pillar_id from staged.funding s "
                "join staged.measures m using (measure_id) where s.pillar_id <> m.pillar_id order by s.rowid").fetchall():
            problems.append(Problem(f.name, f.line_of(rowid), "pillar_id",
                                    f"funding '{fid}' is in pillar '{pid}' but its measure is in '{mpid}'.",
                                    "use the measure's pillar."))
    if {"measures", "pillars", "actors"} <= accepted:
        f = files["measures"]
        for rowid, mid in con.execute(
                "select rowid, measure_id from staged.measures where measure_id in "
                "(select pillar_id from staged.pillars union all select actor_id from staged.actors) "
                "order by rowid").fetchall():
            problems.append(Problem(f.name, f.line_of(rowid), "measure_id",
                                    f"'{mid}' is also a pillar or actor id; scenario links could not tell them apart.",
                                    "give the measure a distinct id."))
    for table, key in PARENT_KEYS.items():
        if table not in accepted:
            continue
        f = files[table]
        for rowid, row_id in con.execute(
                f"with recursive reach({key}, depth) as ("
                f"  select {key}, 0 from staged.{table} where parent_id is null"
                f"  union all select t.{key}, r.depth + 1 from staged.{table} t"
                f"  join reach r on t.parent_id = r.{key} where r.depth < 10000) "
                f"select rowid, {key} from staged.{table} where {key} not in (select {key} from reach) "
                "order by rowid").fetchall():
            word = table[:-1]
            problems.append(Problem(f.name, f.line_of(rowid), "parent_id",
                                    f"{word} '{row_id}' is its own ancestor (the parent_id chain loops).",
                                    f"point parent_id at a top-level {word}."))
    return problems


SETTLES = [s.code for s in STEPS if s.settles]
SECONDARY = [k.code for k in KINDS if not k.primary]


def later(con: duckdb.DuckDBPyConnection, files: dict[str, StagedFile], accepted: set[str]) -> list[Problem]:
    """The rules on what happened after the package: no step or money stage dated before the
    package; a step's deadline is one of its measure's, its parent's or a sub-action's; no
    document dated after the data version (its date: YYYY-MM-DD.n); no outcome that only a
    secondary source (press) reports."""
    problems: list[Problem] = []
    if "package" in accepted and con.execute("select count(*) from staged.package").fetchone()[0] == 1:
        published_on, version = con.execute("select published_on, data_version from staged.package").fetchone()
        for table in ("progress", "funding_stages"):
            if table not in accepted:
                continue
            f = files[table]
            key = "progress_id" if table == "progress" else "stage_id"
            for rowid, row_id, day in con.execute(
                    f"select rowid, {key}, happened_on from staged.{table} where happened_on < ? order by rowid",
                    [published_on]).fetchall():
                problems.append(Problem(f.name, f.line_of(rowid), "happened_on",
                                        f"'{row_id}' happened on {day}, before the package ({published_on}).",
                                        "a step comes after the package: correct the date, or record an earlier "
                                        "event as background in measures.csv."))
        if "sources" in accepted:
            f = files["sources"]
            for rowid, sid, day in con.execute(
                    "select rowid, source_id, published_on from staged.sources "
                    "where published_on > try_cast(split_part(?, '.', 1) as date) order by rowid", [version]).fetchall():
                problems.append(Problem(f.name, f.line_of(rowid), "published_on",
                                        f"source '{sid}' is dated {day}, after the data version {version}.",
                                        "correct the date, or give package.csv a data_version dated on or after it."))
    if {"progress", "deadlines", "measures"} <= accepted:
        f = files["progress"]
        for rowid, pid, mid, did, owner in con.execute(
                "select p.rowid, p.progress_id, p.measure_id, p.deadline_id, d.measure_id from staged.progress p "
                "join staged.deadlines d using (deadline_id) "
                "left join staged.measures pm on pm.measure_id = p.measure_id "
                "left join staged.measures dm on dm.measure_id = d.measure_id "
                "where d.measure_id <> p.measure_id and pm.parent_id is distinct from d.measure_id "
                "and dm.parent_id is distinct from p.measure_id order by p.rowid").fetchall():
            problems.append(Problem(f.name, f.line_of(rowid), "deadline_id",
                                    f"step '{pid}' of measure '{mid}' reports on deadline '{did}', which belongs to "
                                    f"'{owner}' (neither the measure, its parent nor a sub-action).",
                                    "give the deadline of this measure, or the measure the deadline belongs to."))
    if {"progress", "sources"} <= accepted:
        f = files["progress"]
        for rowid, pid, status, sid in con.execute(
                "select p.rowid, p.progress_id, p.status, p.source_id from staged.progress p "
                "join staged.sources s using (source_id) "
                "where list_contains(?, p.status) and list_contains(?, s.kind) and not exists ("
                "  select 1 from staged.progress q join staged.sources t using (source_id) "
                "  where q.measure_id = p.measure_id and q.deadline_id is not distinct from p.deadline_id "
                "    and list_contains(?, q.status) and not list_contains(?, t.kind)) order by p.rowid",
                [SETTLES, SECONDARY, SETTLES, SECONDARY]).fetchall():
            problems.append(Problem(f.name, f.line_of(rowid), "status",
                                    f"step '{pid}' is '{status}' on the word of '{sid}' alone, a secondary source "
                                    "(press); it does not settle the outcome.",
                                    "cite the institution, agency or authority that acted, or record the press "
                                    "report as a step that does not settle it (say, launched or in_progress)."))
    return problems
