"""The status vocabulary is written once (tracker/statuses.py) and every other place reads it: the
words, the headers, the colours, SQL's tables, and the schema's list of steps."""
from __future__ import annotations

import datetime as dt
import re

from tests.conftest import ROOT
from tracker import charts, statuses, words


def test_words_headers_and_colours_come_from_the_vocabulary():
    assert words.STATUS == {s.code: s.words for s in statuses.STATUSES}
    assert words.STEP == {s.code: s.words for s in statuses.STEPS}
    assert {c: words.HEADERS[c] for c in statuses.COUNTED} == {s.code: s.header for s in statuses.STATUSES if s.counted}
    assert list(charts.STATUS_COLOURS) == [s.code for s in statuses.STATUSES if s.code != "dropped"]
    assert statuses.DELIVERED == ("delivered_on_time", "delivered_late", "delivered")
    assert statuses.delivered({"delivered_on_time": 7, "delivered_late": 1, "no_report": 8}) == 8


def test_sql_reads_the_same_rows(tiny_db):
    cur = tiny_db.cursor()
    assert cur.execute("select code, words from statuses order by position").fetchall() == [
        (s.code, s.words) for s in statuses.STATUSES]
    assert cur.execute("select code from steps where settles order by code").fetchall() == [
        ("delivered",), ("delivered_in_part",), ("not_delivered",)]


def test_every_status_the_rule_gives_is_in_the_vocabulary(real_db):
    cur = real_db.cursor()
    days = [dt.date(2017, 10, 18) + dt.timedelta(days=30 * i) for i in range(40)]
    given = {s for d in days for (s,) in cur.execute("select distinct status from deadline_status($d)", {"d": d}).fetchall()}
    assert given <= {s.code for s in statuses.STATUSES} and "delivered_on_time" in given
    rule = (ROOT / "sql" / "deadline_state.sql").read_text(encoding="utf-8")
    assert set(re.findall(r"then '(\w+)'", rule)) <= {s.code for s in statuses.STATUSES}


def test_the_schema_allows_exactly_the_steps_of_the_vocabulary():
    schema = (ROOT / "sql" / "schema.sql").read_text(encoding="utf-8")
    check = re.search(r"status\s+varchar not null check \(status in \(([^)]*)\)\)", schema)
    assert check and re.findall(r"'(\w+)'", check.group(1)) == [s.code for s in statuses.STEPS]
