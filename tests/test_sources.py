"""Who speaks in a source (sources.csv kind) and what it may settle: a step counts from a primary
source (the institution, agency or authority that acted), a press report supports one but never
alone settles it; "not checked" where the document that should report could not be read; every
package measure shows a latest-known line; doubtful documents are marked."""
from __future__ import annotations

import csv
import datetime as dt
import re
import shutil

import pytest

from tests.conftest import DATA, ROOT, TINY
from tracker import queries, statuses, words
from tracker.database import build
from tracker.filters import Filters, When

END = dt.date(2019, 2, 18)


def test_the_schema_allows_exactly_the_kinds_of_the_vocabulary():
    schema = (ROOT / "sql" / "schema.sql").read_text(encoding="utf-8")
    check = re.search(r"kind\s+varchar not null check \(kind in \(([^)]*)\)\)", schema)
    assert check and re.findall(r"'(\w+)'", check.group(1)) == [k.code for k in statuses.KINDS]
    assert [k.code for k in statuses.KINDS if not k.primary] == ["press"]


def test_the_high_risk_security_network_is_delivered_on_time_on_the_guardia_civil_note(real_db):
    row = queries.timeline(real_db, Filters(), When(END)).set_index("deadline_id").loc["d-ps-high-risk-network"]
    assert row["status"] == "delivered_on_time"
    assert words.outcome(row.to_dict()) == ("Delivered 14 Nov 2017, on time (Guardia Civil press note, Logroño, "
                                            "13 November 2017, national authority)")


def test_at_the_end_of_the_roll_out_no_commitment_reads_no_report_found_and_eleven_are_not_checked(real_db):
    """Every "nothing found" now says why: the item passages of progress reports 12-20 could not
    be read, so none is "no report found"."""
    card = queries.scorecard(real_db, Filters(), When(END)).iloc[-1]
    assert (card["deadlines"], card["no_report"], card["not_checked"]) == (22, 0, 7)
    assert statuses.delivered(card.to_dict()) == 9  # 8 before, with the High Risk Security Network


def _tiny_with(tmp_path, sources=None, progress_rows=()):
    folder = tmp_path / "folder"
    shutil.copytree(TINY, folder)
    if sources:
        text = (folder / "sources.csv").read_text(encoding="utf-8")
        for old, new in sources.items():
            text = text.replace(old, new)
        (folder / "sources.csv").write_text(text, encoding="utf-8")
    with (folder / "progress.csv").open("a", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(progress_rows)
    return folder


def test_a_press_report_supports_a_step_but_does_not_settle_it(tmp_path):
    """The tiny network's funding: a press report of a delivery on 1 July 2018 and the institution's
    own report of 1 February 2019. The status rests on the institution's date (late: its window
    closed on 31 December 2018), not on the earlier press report (which would make it on time)."""
    folder = _tiny_with(tmp_path, {"later,Later report,,2018-09-01,L/2,https://example.org/later-report,"
                                   "A cited document: rows on it say what happened in their own words.,commission,":
                                   "later,Later report,,2018-09-01,L/2,https://example.org/later-report,"
                                   "A news site's report.,press,"},
                       [("p-network-press", "network", "d-network", "2018-07-01", "day", "delivered",
                         "A news site reported the funding paid.", "later", "whole page", ""),
                        ("p-network-own", "network", "d-network", "2019-02-01", "day", "delivered",
                         "The institution reported the funding paid.", "latest", "section 1", "")])
    # p-report (d-report) rests on 'later' too, now press, alone: the check names it
    db = build(folder)
    assert [(p.file, p.line, p.column) for p in db.problems] == [("progress.csv", 3, "status")]
    (folder / "progress.csv").write_text((folder / "progress.csv").read_text(encoding="utf-8").replace(
        "p-report,report,d-report,2018-08-15,day,delivered,", "p-report,report,d-report,2018-08-15,day,in_progress,"),
        encoding="utf-8")
    db = build(folder)
    assert db.problems == []
    row = queries.timeline(db, Filters(), When(dt.date(2019, 6, 30))).set_index("deadline_id").loc["d-network"]
    assert (row["status"], row["outcome_on"], row["outcome_reference"]) == (
        "delivered_late", dt.date(2019, 2, 1), "L/3, Commission")
    history = queries.measure_detail(db, "network", dt.date(2019, 6, 30))["history"]
    assert history["source"].tolist() == ["L/2, press", "L/3, Commission", "L/3, Commission"]


def test_not_checked_is_its_own_status_and_says_why(tmp_path):
    folder = _tiny_with(tmp_path, progress_rows=[
        ("p-forum-unread", "report", "d-report", "2019-06-30", "reported", "not_checked",
         "The report that should say it could not be read.", "latest", "section 4", "")])
    text = (folder / "progress.csv").read_text(encoding="utf-8")
    (folder / "progress.csv").write_text(text.replace("p-report,report,d-report,2018-08-15,day,delivered,",
                                                      "p-report,report,d-report,2018-08-15,day,in_progress,"),
                                         encoding="utf-8")
    db = build(folder)
    assert db.problems == []
    row = queries.timeline(db, Filters(), When(dt.date(2019, 7, 1))).set_index("deadline_id").loc["d-report"]
    assert row["status"] == "not_checked"
    assert words.outcome(row.to_dict()) == ("Not checked: a document that should report on it could not be read "
                                            "(documents read up to 30 Jun 2019)")
    # the network's "no report found" stays what it was
    assert queries.timeline(db, Filters(), When(dt.date(2019, 7, 1))).set_index("deadline_id").loc[
        "d-network", "status"] == "no_report"


def test_a_doubtful_document_is_marked_where_its_step_is_shown(real_db):
    row = queries.timeline(real_db, Filters(), When(dt.date(2020, 1, 1))).set_index("deadline_id").loc[
        "d-ps-road-toolkit"]
    assert row["outcome_reference"] == ("ISBN 978-92-79-77768-4, doi:10.2832/97074, Commission (doubtful: see the "
                                        "document's note)")
    docs = queries.documents(real_db).set_index("source_id")
    assert docs.loc["roadsec", "doubt"].startswith("The year is doubtful")
    assert "press" not in docs.index  # the press release has a shipped text: it is not a later document
    with (DATA / "sources.csv").open(encoding="utf-8") as f:
        press = {r["source_id"]: r for r in csv.DictReader(f)}["press"]
    assert (press["reference"], press["doubt"].startswith("The number IP/17/3947 comes from one later page")) == (
        "IP/17/3947", True)


def package_measures() -> list[str]:
    with (DATA / "measures.csv").open(encoding="utf-8") as f:
        return [r["measure_id"] for r in csv.DictReader(f) if r["status_at_publication"] != "context"]


def test_every_package_measure_has_rows_of_its_own(real_db):
    ids = package_measures()
    assert len(ids) == 86
    without = [m for m in ids if queries.measure_detail(real_db, m, END)["history"].empty]
    assert without == []


@pytest.mark.parametrize("chunk", range(4))
def test_every_package_measure_page_shows_a_latest_known_line(app, chunk):
    ids = package_measures()[chunk::4]
    at = app({"measure": ids[0]}).run()
    at.switch_page("pages/measures_page.py").run()
    for measure in ids:
        at.query_params["measure"] = measure
        at.run()
        assert not at.exception and at.subheader[0].value, measure
        latest = [m.value for m in at.markdown if m.value.startswith("**Latest known**")]
        assert len(latest) == 1 and latest[0].startswith("**Latest known** ("), (measure, latest)


def test_the_overview_says_who_speaks_and_what_could_not_be_read(app, real_db):
    at = app().run()
    text = " ".join(c.value for c in at.caption)
    read = queries.documents(real_db)
    assert f"{len(read)} later documents read ({words.kinds(read)})" in text
    assert "“Not checked”: the document that should report on it could not be read" in text
    assert words.kinds(read).startswith(f"{(read['source_kind'] == 'commission').sum()} Commission, ")


def test_the_documents_read_are_listed_when_their_expander_is_opened(app, real_db):
    at = app().run()
    assert not [d for d in at.dataframe if "document_title" in d.value.columns]  # closed: not drawn
    at.expander[[e.label for e in at.expander].index(f"The {len(queries.documents(real_db))} later documents read, "
                                                     "by date")]
    at.session_state["documents_open"] = True
    at.run()
    shown = next(d.value for d in at.dataframe if "document_title" in d.value.columns)
    assert len(shown) == len(queries.documents(real_db)) == 84
    assert shown.iloc[0]["published_on"] == queries.documents(real_db)["published_on"].min()
