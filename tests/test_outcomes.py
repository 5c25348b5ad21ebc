"""What happened after the package, on the shipped data: exact statuses of chosen commitments on
chosen dates (on time, late, in part, no report), the scorecard at the end of the roll-out, a
comparison of two dates, the path of the money and a measure's history."""
from __future__ import annotations

import datetime as dt

import pytest

from tracker import queries, statuses, words
from tracker.filters import Filters, When

D = dt.date
ROLL_OUT_END = D(2019, 2, 18)


def status(db, deadline_id: str, on: dt.date) -> dict:
    rows = queries.timeline(db, Filters(background=True), When(on))
    return rows.set_index("deadline_id").loc[deadline_id].to_dict()


@pytest.mark.parametrize("deadline_id, on, expected, said", [
    # the ministerial EU Internet Forum, promised for 6 December 2017, held that day
    ("d-eif-ministerial", D(2017, 12, 5), "upcoming", ""),
    ("d-eif-ministerial", D(2017, 12, 6), "delivered_on_time",
     "Delivered 6 Dec 2017, on time (Commission press release of 6 December 2017, Commission)"),
    # the online-platforms assessment, promised by May 2018: open past its date, then delivered as a proposal
    ("d-online-platforms-monitoring", D(2018, 6, 1), "overdue", ""),
    ("d-online-platforms-monitoring", D(2018, 9, 12), "delivered_late",
     "Delivered 12 Sep 2018, 104 days late (COM(2018) 640 final, Commission)"),
    # the guidance material, "over the next year": a staff working document five months after it
    ("d-ps-guidance-material", D(2019, 3, 20), "delivered_late",
     "Delivered 20 Mar 2019, 153 days late (SWD(2019) 140 final, Commission)"),
    # the truck toolkit, for the end of 2017, published in 2019 (the year only): known late once 2019 is over
    ("d-ps-road-toolkit", D(2019, 10, 30), "overdue", ""),
    ("d-ps-road-toolkit", D(2020, 1, 1), "delivered_late",
     "Delivered 2019, at least 366 days late (ISBN 978-92-79-77768-4, doi:10.2832/97074, Commission "
     "(doubtful: see the document's note))"),
    # up to EUR 100 million in 2018: a call for four topics, security one of them
    ("d-ps-uia-funding-2018", D(2018, 12, 31), "delivered_in_part", "Delivered in part 10 Oct 2018 (IP/18/6062, Commission)"),
    # a first interim report "this year": reported by the Council on 7 December
    ("d-hleg-interim-report", D(2018, 1, 1), "delivered_on_time",
     "Delivered by 7 Dec 2017, on time (Council of the EU, Justice and Home Affairs Council of 7-8 December 2017, "
     "Council)"),
    # the CBRN training mapping, by January 2018: the passages that should report it could not be
    # read; never shown as a failure, nor as "no report found"
    ("d-cbrn-training-mapping", D(2018, 1, 31), "due_now", ""),
    ("d-cbrn-training-mapping", D(2018, 2, 1), "not_checked",
     "Not checked: a document that should report on it could not be read (documents read up to 30 Oct 2019)"),
])
def test_status_of_a_commitment_on_a_date(real_db, deadline_id, on, expected, said):
    row = status(real_db, deadline_id, on)
    assert row["status"] == expected
    assert words.outcome({**row, "status": row["status"]}) == said


def test_on_31_december_2018_most_passed_deadlines_have_an_outcome(real_db):
    """Before the outcomes, every passed deadline read "past deadline, no delivery recorded" (15 of
    them on this day)."""
    k = queries.headline(real_db, Filters(), When(D(2018, 12, 31)))["deadlines"]
    assert k == {"delivered_on_time": 8, "delivered_late": 1, "delivered": 0, "delivered_in_part": 2,
                 "not_delivered": 0, "no_report": 0, "not_checked": 3, "overdue": 2, "due_now": 6, "upcoming": 0}


def test_scorecard_at_the_end_of_the_roll_out(real_db):
    card = queries.scorecard(real_db, Filters(), When(ROLL_OUT_END)).set_index("short_name")
    cols = ["deadlines", *statuses.COUNTED]
    assert card.loc["All pillars", cols].tolist() == [22, 8, 1, 0, 2, 0, 0, 7, 2, 2, 0]
    assert card.loc["CBRN", cols].tolist() == [4, 0, 0, 0, 0, 0, 0, 4, 0, 0, 0]
    assert card.loc["Radicalisation", cols].tolist() == [4, 3, 1, 0, 0, 0, 0, 0, 0, 0, 0]
    assert card.loc["Public spaces", cols].tolist() == [7, 2, 0, 0, 2, 0, 0, 0, 2, 1, 0]
    assert (card.loc[card.index != "All pillars", cols].sum() == card.loc["All pillars", cols]).all()
    # with the filters: only the selected measures' commitments
    cbrn = queries.scorecard(real_db, Filters(pillars=("cbrn",)), When(ROLL_OUT_END)).set_index("short_name")
    assert cbrn.loc["All pillars", "not_checked"] == 4 and cbrn.loc["All pillars", "deadlines"] == 4


@pytest.mark.parametrize("when", [When(ROLL_OUT_END), When(ROLL_OUT_END, D(2018, 1, 1), D(2018, 6, 30))],
                         ids=["all windows", "windows ending in the first half of 2018"])
def test_each_scorecard_number_lists_the_commitments_behind_it(real_db, when):
    card = queries.scorecard(real_db, Filters(), when)
    for _, row in card.iterrows():
        pillar = row["pillar_id"]
        assert len(queries.commitments(real_db, Filters(), when, pillar)) == row["deadlines"], row["short_name"]
        for status in statuses.COUNTED:
            rows = queries.commitments(real_db, Filters(), when, pillar, status)
            assert len(rows) == row[status], (row["short_name"], status)
            assert set(rows["status"]) <= {status}
            assert rows["due_by"].between(when.due_from or D(1, 1, 1), when.due_to or D(9999, 12, 31)).all()
    # all 22 commitments; 6 of them due by a day in the first half of 2018 (3 on time, 1 late, 2 not checked)
    want = [22, 8, 1, 0, 2, 0, 0, 7, 2, 2, 0] if when.due_from is None else [6, 3, 1, 0, 0, 0, 0, 2, 0, 0, 0]
    assert card.iloc[-1][["deadlines", *statuses.COUNTED]].tolist() == want


def test_where_the_package_stands_in_one_sentence(real_db):
    k = queries.headline(real_db, Filters(), When(ROLL_OUT_END))["deadlines"]
    assert words.standing(k, ROLL_OUT_END) == (
        "On 18 February 2019, of 22 commitments: 9 delivered (8 on time, 1 late); 2 delivered in part; 7 not checked "
        "(a document could not be read); 2 past their deadline with no delivery recorded; 2 due now.")


def test_what_changed_between_the_12th_and_the_15th_progress_reports(real_db):
    got = queries.changes(real_db, Filters(), When(D(2018, 6, 13)), D(2017, 12, 12))
    moved = got["statuses"]
    assert list(zip(moved["deadline_id"], moved["from_status"], moved["status"])) == [
        ("d-europol-recommendations", "due_now", "delivered_on_time"),
        ("d-ps-road-toolkit", "due_now", "overdue"),
        ("d-cbrn-training-mapping", "due_now", "not_checked"),
        ("d-explosives-assessment-report", "due_now", "not_checked"),
        ("d-prisons-conference", "upcoming", "delivered_on_time"),
        ("d-e-evidence-proposals", "upcoming", "delivered_on_time"),
        ("d-online-platforms-monitoring", "due_now", "overdue"),
        ("d-explosives-impact-assessment", "upcoming", "delivered_on_time"),
        ("d-encryption-training-2018", "upcoming", "due_now"),
        ("d-ps-uia-funding-2018", "upcoming", "due_now"),
        ("d-ps-h2020-topic", "upcoming", "due_now")]
    assert len(got["steps"]) == 32
    assert got["steps"]["progress_id"].iloc[-1] == "p-ps-rail-passenger-security-presented"  # on 13 June 2018
    assert got["stages"]["stage_id"].tolist() == ["s-isf-closed"]
    # the two dates in either order give the same answer; one date against itself, nothing
    back = queries.changes(real_db, Filters(), When(D(2017, 12, 12)), D(2018, 6, 13))
    assert back["steps"]["progress_id"].tolist() == got["steps"]["progress_id"].tolist()
    assert back["statuses"].empty is False
    same = queries.changes(real_db, Filters(), When(D(2018, 6, 13)), D(2018, 6, 13))
    assert all(v.empty for v in same.values())


def test_the_path_of_the_money(real_db):
    path = queries.money_stages(real_db, Filters())
    uia = path[path["funding_id"] == "f-uia-public-spaces-2018"]
    assert list(zip(uia["stage"], uia["happened_on"], uia["amount_eur"])) == [
        ("announced", D(2017, 10, 18), 100_000_000), ("call_opened", D(2018, 10, 10), 100_000_000),
        ("awarded", D(2019, 8, 6), 82_000_000)]
    assert "three of them protect public spaces" in uia["note"].iloc[-1]
    assert uia["source_url"].iloc[1] == "https://ec.europa.eu/commission/presscorner/detail/en/IP_18_6062"
    # every line of new money ends in a reported stage or says none was found
    assert path.groupby("funding_id")["stage"].last().to_dict() == {
        "f-encryption-training-2018": "no_report", "f-isf-call-public-spaces": "no_report",
        "f-terrorist-financing-call": "no_report", "f-uia-public-spaces-2018": "awarded"}
    # the filters keep the stages of the lines funding_lines keeps
    assert set(queries.money_stages(real_db, Filters(pillars=("public-spaces",)))["funding_id"]) == {
        "f-isf-call-public-spaces", "f-uia-public-spaces-2018"}
    assert set(queries.money_stages(real_db, Filters(instruments=("ERDF Urban Innovative Actions",)))["funding_id"]) == {
        "f-uia-public-spaces-2018"}
    assert queries.money_stages(real_db, Filters(pillars=("cbrn",))).empty


def test_a_measure_history_runs_from_the_promise_to_the_last_document(real_db):
    h = queries.measure_detail(real_db, "rad-online-platforms-monitoring", D(2021, 12, 31))["history"]
    assert list(zip(h["happened_on"], h["what"], h["source"])) == [
        (D(2018, 3, 1), "in_progress", "C(2018) 1177 final; Recommendation (EU) 2018/334, Official Journal"),
        (D(2018, 6, 6), "in_progress", "P-002051/2018 (answer), Commission"),
        (D(2018, 9, 12), "delivered", "COM(2018) 640 final, Commission"),
        (D(2021, 4, 29), "adopted", "Regulation (EU) 2021/784, OJ L 172, 17.5.2021, Official Journal")]
    assert h["source_url"].str.startswith("https://").all() and h["locator"].str.len().gt(0).all()
    assert h["source_quote"].isna().all()  # cited documents are never quoted
