"""The status vocabulary, written once: each status of a deadline on a date (the result of the
rule in sql/deadline_state.sql) and each kind of step after the package (progress.csv) with its
code, its words, its column header, its colour and its order.

Python reads these tuples (words.STATUS, the charts' colours, the scorecard's columns); SQL reads
the same rows from the tables `statuses` and `steps`, created from them when the database is
built (tracker/database.py), so that counts per status come as rows in this order.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Status:
    """A deadline's status on a date. counted: a status of a commitment of the package (the
    scorecard's columns); delivered: a status the headline counts as delivered."""

    code: str
    words: str
    header: str
    phrase: str  # a count of them in a sentence: "7 on time", "2 with no report found"
    colour: str  # one family per kind, told apart by lightness too: delivered greens (late: purples),
    #              open blues, not delivered and past deadline reds, no report grey
    counted: bool = True
    delivered: bool = False


STATUSES: tuple[Status, ...] = (  # in the order of the scorecard, the legends and the sentences
    Status("delivered_on_time", "Delivered on time", "On time", "on time", "#1B7837", delivered=True),
    Status("delivered_late", "Delivered late", "Late", "late", "#762A83", delivered=True),
    Status("delivered", "Delivered (date not exact)", "Date not exact", "date not exact", "#7FBF7B", delivered=True),
    Status("delivered_in_part", "Delivered in part", "In part", "delivered in part", "#C2A5CF"),
    Status("not_delivered", "Reported not delivered", "Not delivered", "reported not delivered", "#67001F"),
    Status("no_report", "No report found", "No report", "with no report found", "#8C8C8C"),
    Status("not_checked", "Not checked (a document could not be read)", "Not checked",
           "not checked (a document could not be read)", "#D9D9D9"),
    Status("overdue", "Past deadline, no delivery recorded", "Past deadline",
           "past their deadline with no delivery recorded", "#D6604D"),
    Status("due_now", "Due now (inside its window)", "Due now", "due now", "#2166AC"),
    Status("upcoming", "Upcoming", "Upcoming", "upcoming", "#92C5DE"),
    Status("context", "Past event (background)", "Past event", "past events", "#DDDDDD", counted=False),
    Status("dropped", "Dropped in the scenario", "Dropped", "dropped", "#FFFFFF", counted=False),
)
COUNTED = tuple(s.code for s in STATUSES if s.counted)  # a commitment's status on a date
DELIVERED = tuple(s.code for s in STATUSES if s.delivered)


def delivered(counts: dict) -> int:
    """How many of the counts (status -> count) are delivered, on time or not."""
    return sum(counts.get(code, 0) for code in DELIVERED)


@dataclass(frozen=True)
class Step:
    """A kind of step after the package (progress.csv status). settles: an outcome that settles
    the commitment it reports on; searched: no step, but the documents read up to its date were
    searched for one (the deadline's searched_to); unread: one of them could not be read
    (sql/deadline_lines.sql, sql/deadline_state.sql)."""

    code: str
    words: str
    settles: bool = False
    searched: bool = False
    unread: bool = False


STEPS: tuple[Step, ...] = (
    Step("presented", "Presented"),
    Step("launched", "Launched"),
    Step("in_progress", "Work under way"),
    Step("proposal_adopted", "Proposal adopted by the Commission"),
    Step("council_authorisation", "Authorised by the Council"),
    Step("agreement_reached", "Agreement reached"),
    Step("adopted", "Adopted"),
    Step("delivered", "Delivered", settles=True),
    Step("delivered_in_part", "Delivered in part", settles=True),
    Step("not_delivered", "Reported not delivered", settles=True),
    Step("delayed", "Delayed"),
    Step("cancelled", "Cancelled"),
    Step("no_report", "No report found", searched=True),
    Step("not_checked", "Not checked: a document could not be read", searched=True, unread=True),
)


@dataclass(frozen=True)
class Kind:
    """Who speaks in a source (sources.csv kind). primary: an EU institution or agency, or a
    national or other public authority, reporting its own act; a step resting on a source that
    is not primary (press) is shown but never settles a commitment (sql/deadline_lines.sql)."""

    code: str
    words: str
    primary: bool = True


KINDS: tuple[Kind, ...] = (
    Kind("commission", "Commission"),
    Kind("council", "Council"),
    Kind("parliament", "Parliament"),
    Kind("official_journal", "Official Journal"),
    Kind("eu_agency", "EU agency"),
    Kind("national_authority", "national authority"),
    Kind("other_public_body", "other public body"),
    Kind("press", "press", primary=False),
)


def create_tables(con) -> None:
    """The tables `statuses` (code, position, words, header, counted, delivered), `steps`
    (code, words, settles, searched, unread) and `source_kinds` (code, words, primary) from the tuples above."""
    con.execute("create or replace table statuses (code varchar primary key, position integer, words varchar, "
                "header varchar, counted boolean, delivered boolean)")
    con.executemany("insert into statuses values (?, ?, ?, ?, ?, ?)",
                    [(s.code, i, s.words, s.header, s.counted, s.delivered) for i, s in enumerate(STATUSES)])
    con.execute("create or replace table steps (code varchar primary key, words varchar, settles boolean, "
                "searched boolean, unread boolean)")
    con.executemany("insert into steps values (?, ?, ?, ?, ?)",
                    [(s.code, s.words, s.settles, s.searched, s.unread) for s in STEPS])
    con.execute("create or replace table source_kinds (code varchar primary key, words varchar, \"primary\" boolean)")
    con.executemany("insert into source_kinds values (?, ?, ?)", [(k.code, k.words, k.primary) for k in KINDS])
