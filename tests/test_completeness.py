"""Every euro amount and date expression in the source texts is in the data (inside some
row's quote) or listed in data/not_tracked.csv with a reason; every commitment of the package
has what the later documents report on it, or an explicit row saying none was found."""
from __future__ import annotations

import csv
import re

from tests.conftest import DATA
from tracker.checks import normalise_space, plain

MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
PATTERNS = [
    r"€\s?\d[\d,.]*(?:\s(?:million|billion))?",
    rf"(?:\d{{1,2}} )?(?:{MONTHS})(?: \d{{4}}| this year)?",
    r"(?:first|second) half of \d{4}",
    r"(?:first|second|third|fourth) quarter of \d{4}",
    r"end of (?:\d{4}|the year)",
    r"early \d{4}",
    r"this year",
    r"\b(?:in|by|since|of|for) \d{4}\b",
    r"\b\d{4}\s?[–-]\s?\d{2,4}\b",
    r"within \w+ months?",
    r"over the next (?:year|\d+ months|months)",
    r"\d{4} work programme",
]
SCAN = re.compile("|".join(f"(?:{p})" for p in PATTERNS), re.IGNORECASE)


def _rows(name):
    with open(DATA / f"{name}.csv", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def expressions(text: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group(0)) for m in SCAN.finditer(text)]


def test_scanner_finds_the_known_kinds():
    found = [e for _, _, e in expressions(
        "up to €100 million in 2018; €500,000; within four month after; during the first half of 2018; "
        "in the fourth quarter of 2018; On 6 December 2017; for the end of 2017; In early 2018; 2014–20")]
    assert found == ["€100 million", "in 2018", "€500,000", "within four month", "first half of 2018",
                     "fourth quarter of 2018", "6 December 2017", "end of 2017", "early 2018", "2014–20"]


def test_every_amount_and_date_is_tracked_or_explained():
    quotes = " | ".join(normalise_space(r["source_quote"]) for t in
                        ("package", "actors", "measures", "measure_actors", "funding", "deadlines", "progress")
                        for r in _rows(t)).lower()
    not_tracked = _rows("not_tracked")
    missing = []
    scanned = 0
    for src in (r for r in _rows("sources") if r["file_name"]):  # the shipped texts (cited documents are not)
        text = plain((DATA / "sources" / src["file_name"]).read_text(encoding="utf-8"))
        excused = [(m.start(), m.end()) for r in not_tracked if r["source_id"] == src["source_id"]
                   for m in re.finditer(re.escape(normalise_space(r["expression"])), text)]
        for start, end, expr in expressions(text):
            scanned += 1
            if expr.lower() in quotes:
                continue
            if any(s <= start and end <= e for s, e in excused):
                continue
            missing.append(f"{src['source_id']}: {expr!r} at {start}: ...{text[max(0, start - 40):end + 20]}...")
    assert scanned > 100
    assert missing == []


def test_not_tracked_rows_have_reasons():
    for i, r in enumerate(_rows("not_tracked"), start=2):
        assert len(r["reason"].strip()) >= 10, f"not_tracked.csv line {i}"


def test_every_commitment_has_an_outcome_or_says_none_was_found():
    steps = _rows("progress")
    settled = {r["deadline_id"] for r in steps
               if r["deadline_id"] and r["status"] in ("delivered", "delivered_in_part", "not_delivered", "no_report",
                                                       "not_checked")}
    commitments = [r["deadline_id"] for r in _rows("deadlines") if r["kind"] in ("commitment", "event")]
    assert len(commitments) == 22
    assert [d for d in commitments if d not in settled] == []
    for r in steps:  # a row that says nothing was found says what was read, up to when, and what was not
        if r["status"] == "no_report":
            assert "Searched up to" in r["note"] or "No document" in r["note"], r["progress_id"]
        if r["status"] == "not_checked":
            assert "Not read: " in r["note"] and r["locator"], r["progress_id"]


def test_money_stages_follow_each_line_of_new_money():
    stages = _rows("funding_stages")
    new = [r["funding_id"] for r in _rows("funding") if r["is_new_money"] == "true"]
    assert sorted({r["funding_id"] for r in stages}) == sorted(new)
    for fid in new:  # each line's path ends in a reported stage or says no report was found
        assert [r["stage"] for r in stages if r["funding_id"] == fid][-1] in ("awarded", "paid", "no_report"), fid
