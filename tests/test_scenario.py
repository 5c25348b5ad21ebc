"""The what-if scenario: levers parsed from a link (tracker/scenario.py) and applied in SQL to
every selected deadline and funding line (sql/scenario.sql, through tracker.queries). Exact
numbers on the tiny fixture (package 1 March 2018, horizon 6 months -> 1 September 2018) and on
the shipped data (package 18 October 2017, horizon 16 months -> 18 February 2019)."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest

from tracker import explain, queries, scenario
from tracker.filters import Filters, When
from tracker.scenario import Lever

D = dt.date
DATA = Path(__file__).resolve().parent.parent / "data"
TINY_HORIZON = D(2018, 9, 1)
DATA_HORIZON = D(2019, 2, 18)


def catalog(db, *texts):
    return queries.lever_catalog(db, tuple(sorted(scenario.targets_named(texts))), 100_000)


@dataclass
class Run:
    summary: dict
    deadlines: pd.DataFrame
    funding: pd.DataFrame

    @property
    def changes(self) -> pd.DataFrame:
        """The moved and dropped deadlines, in the order the page lists them."""
        return self.deadlines[(self.deadlines["shift_months"] != 0) | (self.deadlines["dropped_by"] != "")]

    @property
    def money_changes(self) -> pd.DataFrame:
        return self.funding[(self.funding["changed_by"] != "") | (self.funding["dropped_by"] != "")]


def run(db, link: str, as_of: D, f: Filters = Filters(background=True)) -> Run:
    levers, notices = scenario.parse_link(link, catalog(db, link))
    assert notices == []
    levers = tuple(levers)
    return Run(queries.scenario_summary(db, f, When(as_of), levers), queries.scenario_deadlines(db, f, When(as_of), levers),
               queries.scenario_funding(db, f, levers))


def row(result: Run, deadline_id: str):
    r = result.deadlines.set_index("deadline_id").loc[deadline_id]
    return r["due_from"], r["due_by"], r["status"], bool(r["past_horizon"])


def amounts(result: Run) -> dict:
    kept = result.funding[result.funding["dropped_by"] == ""]
    return dict(zip(kept["funding_id"], kept["amount_eur"]))


# -- the horizon and the status rule ------------------------------------------------------------
def test_horizon_end_is_published_on_plus_horizon_months(tiny_db, real_db):
    assert queries.package(tiny_db)["horizon_end"] == TINY_HORIZON
    assert queries.package(real_db)["horizon_end"] == DATA_HORIZON


DATES = [D(2017, 1, 1), D(2017, 10, 18), D(2018, 1, 31), D(2018, 3, 1), D(2018, 4, 20), D(2018, 6, 30),
         D(2018, 7, 1), D(2018, 12, 31), D(2019, 2, 19), D(2021, 1, 1)]


@pytest.mark.parametrize("as_of", DATES, ids=str)
@pytest.mark.parametrize("which", ["tiny", "data"])
def test_without_levers_the_scenario_is_the_baseline(tiny_db, real_db, which, as_of):
    db = tiny_db if which == "tiny" else real_db
    rows = queries.timeline(db, Filters(background=True), When(as_of))
    result = run(db, "", as_of, Filters(background=True))
    scn = result.deadlines.set_index("deadline_id").loc[rows["deadline_id"]]
    assert scn["status"].tolist() == scn["baseline_status"].tolist() == rows["status"].tolist()
    assert scn["due_by"].tolist() == rows["due_by"].tolist()
    assert (result.funding["amount_eur"] == result.funding["baseline_amount_eur"]).all()
    assert result.summary["baseline"] == result.summary["scenario"]
    assert len(rows) == (4 if which == "tiny" else 36)


W = (D(2018, 1, 2), D(2018, 1, 31))  # a window: 2-31 January 2018


@pytest.mark.parametrize("kind, outcome, earliest, known_by, searched_to, as_of, expected", [
    ("past_event", "delivered", D(2018, 1, 5), D(2018, 1, 5), None, D(2018, 2, 1), "context"),
    ("commitment", "delivered", D(2018, 1, 5), D(2018, 1, 5), None, D(2018, 2, 1), "delivered_on_time"),
    ("commitment", "delivered", D(2018, 1, 1), D(2018, 1, 31), None, D(2018, 2, 1), "delivered_on_time"),  # a month
    ("commitment", "delivered", D(2018, 2, 1), D(2018, 2, 1), None, D(2018, 3, 1), "delivered_late"),
    ("commitment", "delivered", None, D(2018, 2, 9), None, D(2018, 3, 1), "delivered"),  # reported after the window
    ("commitment", "delivered", D(2018, 1, 1), D(2018, 12, 31), None, D(2019, 1, 1), "delivered"),  # a year
    ("commitment", "delivered_in_part", None, D(2018, 1, 9), None, D(2018, 3, 1), "delivered_in_part"),
    ("event", "not_delivered", D(2018, 1, 9), D(2018, 1, 9), None, D(2018, 3, 1), "not_delivered"),
    ("commitment", None, None, None, D(2019, 6, 30), D(2018, 1, 1), "upcoming"),
    ("commitment", None, None, None, D(2019, 6, 30), D(2018, 1, 2), "due_now"),
    ("commitment", None, None, None, D(2019, 6, 30), D(2018, 1, 31), "due_now"),
    ("commitment", None, None, None, D(2019, 6, 30), D(2018, 2, 1), "no_report"),
    ("commitment", None, None, None, D(2019, 6, 30), D(2018, 2, 1), "not_checked"),  # a document not read (unread)
    ("commitment", None, None, None, D(2018, 1, 15), D(2018, 2, 1), "overdue"),  # searched before it closed
    ("event", None, None, None, None, D(2018, 2, 1), "overdue"),
])
def test_status_rule_first_match_wins(tiny_db, kind, outcome, earliest, known_by, searched_to, as_of, expected):
    got = tiny_db.cursor().execute("select deadline_state($k, $o, $e, $kb, $s, $u, $f, $b, $a)", {
        "k": kind, "o": outcome, "e": earliest, "kb": known_by, "s": searched_to, "u": expected == "not_checked",
        "f": W[0], "b": W[1], "a": as_of}).fetchone()[0]
    assert got == expected


def test_baseline_figures_equal_the_overview(real_db):
    as_of = D(2019, 1, 1)
    base = run(real_db, "", as_of).summary["baseline"]
    k = queries.headline(real_db, Filters(), When(as_of))
    assert base["new_money_eur"] == k["new_money_eur"]
    assert base["new_money_qualifier"] == k["new_money_qualifier"] == "up_to"
    assert (base["overdue"], base["due_now"]) == (k["deadlines"]["overdue"], k["deadlines"]["due_now"]) == (2, 2)
    assert base["past_horizon"] == 1  # d-ps-h2020-topic, due by 31 Dec 2020


# -- shift ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("day, months, expected", [
    (D(2018, 3, 1), 3, D(2018, 6, 1)),
    (D(2018, 6, 30), 3, D(2018, 9, 30)),  # last day of June -> last day of September
    (D(2018, 1, 31), 1, D(2018, 2, 28)),
    (D(2017, 11, 30), 1, D(2017, 12, 31)),  # "in November" shifted one month is all of December
    (D(2018, 1, 30), 1, D(2018, 2, 28)),  # clipped
    (D(2018, 12, 31), 6, D(2019, 6, 30)),
    (D(2018, 1, 15), -2, D(2017, 11, 15)),
    (D(2018, 3, 31), -1, D(2018, 2, 28)),
    (D(2020, 2, 29), 12, D(2021, 2, 28)),
    (D(2018, 5, 17), 0, D(2018, 5, 17)),
])
def test_shift_date(tiny_db, day, months, expected):
    assert tiny_db.cursor().execute("select shift_date($d, $m)", {"d": day, "m": months}).fetchone()[0] == expected


def test_a_shift_moves_both_window_ends(tiny_db):
    result = run(tiny_db, "shift=report:3", D(2018, 3, 1))
    assert row(result, "d-report") == (D(2018, 6, 1), D(2018, 9, 30), "upcoming", True)
    assert row(result, "d-forum") == (D(2018, 4, 1), D(2018, 4, 30), "upcoming", False)  # not shifted
    assert result.summary["baseline"]["past_horizon"] == 1  # d-network (31 Dec 2018)
    assert result.summary["scenario"]["past_horizon"] == 2


def test_crossing_the_horizon_changes_status_as_expected(tiny_db):
    # 15 July 2018: d-report (Mar-Jun) is overdue; moved 3 months (Jun-Sep) it is due now and
    # ends after the roll-out (1 Sep 2018).
    result = run(tiny_db, "shift=report:3", D(2018, 7, 15))
    base, scn = result.summary["baseline"], result.summary["scenario"]
    assert (base["overdue"], scn["overdue"]) == (1, 0)
    assert (base["due_now"], scn["due_now"]) == (1, 2)
    assert (base["past_horizon"], scn["past_horizon"]) == (1, 2)
    change = result.changes.set_index("deadline_id").loc["d-report"]
    assert (change["baseline_status"], change["status"]) == ("overdue", "due_now")
    assert explain.explain_deadline(change, TINY_HORIZON) == (
        "shift=report:3: due by 30 Jun 2018 becomes 30 Sep 2018 (+3 months). "
        "It now ends after the roll-out (1 Sep 2018).")
    assert explain.explain_deadline(change, TINY_HORIZON, {"shift=report:3": "Shift Member States report by +3 "
                                                                             "months"}).startswith(
        "Shift Member States report by +3 months: due by 30 Jun 2018")


def test_shifting_earlier_brings_a_deadline_back_inside_the_horizon(tiny_db):
    result = run(tiny_db, "shift=network:-4", D(2018, 3, 1))
    assert row(result, "d-network") == (D(2017, 9, 1), D(2018, 8, 31), "due_now", False)
    assert result.summary["scenario"]["past_horizon"] == 0
    change = result.changes.set_index("deadline_id").loc["d-network"]
    assert explain.explain_deadline(change, TINY_HORIZON).endswith("It now ends within the roll-out (1 Sep 2018).")


def test_past_events_and_deliveries_under_a_pillar_shift(tiny_db):
    result = run(tiny_db, "shift=beta:2&shift=alpha:1", D(2018, 6, 1))
    assert row(result, "d-council") == (D(2018, 1, 1), D(2018, 1, 31), "context", False)  # history never moves
    assert row(result, "d-network") == (D(2018, 3, 1), D(2019, 2, 28), "due_now", True)
    assert row(result, "d-forum") == (D(2018, 5, 1), D(2018, 5, 31), "delivered_on_time", False)  # on 20 Apr
    assert row(result, "d-report") == (D(2018, 4, 1), D(2018, 7, 31), "due_now", False)
    result = run(tiny_db, "shift=report:-2", D(2018, 9, 1))  # reported on 15 Aug 2018: now 107 days late
    assert row(result, "d-report") == (D(2018, 1, 1), D(2018, 4, 30), "delivered_late", False)
    assert result.deadlines.set_index("deadline_id").loc["d-report", "days_late"] == 107


def test_an_actor_shift_moves_the_measures_of_that_actor_in_any_role(tiny_db, real_db):
    result = run(tiny_db, "shift=council:1", D(2018, 3, 1))  # council: partner of network
    assert result.changes["deadline_id"].tolist() == ["d-network"]
    result = run(real_db, "shift=europol:6", D(2017, 10, 18))
    # Europol takes part in the bomb data system, the CBRN knowledge hub, the decryption support
    # and the Europol agreements, and its unit the ECTC in the CBRN security network: the
    # agreements and the network have a deadline.
    assert sorted(result.changes["deadline_id"]) == ["d-cbrn-network-operational", "d-europol-recommendations"]
    assert row(result, "d-europol-recommendations") == (D(2018, 4, 18), D(2018, 6, 30), "upcoming", False)


def test_shifts_that_reach_one_deadline_add_up(tiny_db):
    result = run(tiny_db, "shift=alpha:2&shift=report:1&shift=member-states:-1", D(2018, 3, 1))
    assert row(result, "d-report")[:2] == (D(2018, 5, 1), D(2018, 8, 31))
    assert row(result, "d-forum")[:2] == (D(2018, 6, 1), D(2018, 6, 30))


def test_pillar_shift_on_the_shipped_data(real_db):
    result = run(real_db, "shift=cbrn:6", D(2019, 1, 1))
    base, scn = result.summary["baseline"], result.summary["scenario"]
    assert (base["past_horizon"], scn["past_horizon"]) == (1, 4)
    assert (base["overdue"], scn["overdue"]) == (2, 2)  # the CBRN items had no report: moved, they are open again
    assert (base["due_now"], scn["due_now"]) == (2, 3)
    assert base["new_money_eur"] == scn["new_money_eur"] == 121_500_000
    assert row(result, "d-cbrn-training-rollout") == (D(2019, 4, 1), D(2019, 6, 30), "upcoming", True)
    assert row(result, "d-cbrn-training-mapping") == (D(2018, 4, 18), D(2018, 7, 31), "not_checked", False)
    assert row(result, "d-cbrn-action-plan-2009") == (D(2009, 1, 1), D(2009, 12, 31), "context", False)
    listed = queries.scenario_deadlines(real_db, Filters(background=True), When(D(2019, 1, 1)),
                                        (Lever("shift", "cbrn", 6),))
    moved = ["d-cbrn-biotech-handbooks", "d-cbrn-network-operational", "d-cbrn-training-rollout",
             "d-cbrn-training-mapping"]  # status changes first, then by due date
    assert listed["deadline_id"].tolist()[:4] == moved  # the moved ones first
    assert listed[listed["shift_months"] != 0]["deadline_id"].tolist() == moved
    only = queries.scenario_deadlines(real_db, Filters(background=True), When(D(2019, 1, 1)),
                                      (Lever("shift", "cbrn", 6),), changed_only=True)  # what the page lists
    assert only["deadline_id"].tolist() == moved
    assert queries.scenario_deadlines(real_db, Filters(background=True), When(D(2019, 1, 1)), (),
                                      changed_only=True).empty


# -- money ---------------------------------------------------------------------------------------
def test_a_percent_cut_changes_totals_by_exactly_that_share(tiny_db, real_db):
    result = run(tiny_db, "scale=Fund A:-25", D(2018, 3, 1))
    assert amounts(result) == {"f-forum": 7_500_000, "f-network": 5_000_000, "f-research": 15_000_000,
                               "f-total": 15_000_000}  # a stated total is never changed
    assert result.summary["scenario"]["new_money_eur"] == 12_500_000  # 15m - 25% of the 10m of Fund A

    result = run(real_db, "scale=f-uia-public-spaces-2018:-25", D(2017, 10, 18))
    assert result.summary["scenario"]["new_money_eur"] == 121_500_000 - 25_000_000
    result = run(real_db, "scale=ISF-Police:-10", D(2017, 10, 18))
    # ISF-Police new money: 18.5m call + 0.5m encryption training = 19m; context 754m + 108m + 39m.
    assert result.summary["scenario"]["new_money_eur"] == 121_500_000 - 1_900_000
    changes = result.money_changes
    assert sorted(changes["funding_id"]) == [
        "f-encryption-training-2018", "f-isf-call-public-spaces", "f-isf-police-direct-2016",
        "f-isf-police-direct-2017", "f-isf-police-national-2014-20"]
    assert (changes["amount_eur"] - changes["baseline_amount_eur"]).sum() == pytest.approx(-1_900_000 - 90_100_000)


def test_set_replaces_one_line(tiny_db):
    result = run(tiny_db, "set=f-network:2500000", D(2018, 3, 1))
    assert amounts(result)["f-network"] == 2_500_000
    assert result.summary["scenario"]["new_money_eur"] == 12_500_000
    line = result.money_changes.set_index("funding_id").loc["f-network"]
    assert (line["baseline_amount_eur"], line["amount_eur"], explain.explain_funding(line)) == (
        5_000_000, 2_500_000, "set=f-network:2500000.")


def test_dropping_a_measure_removes_its_money_and_deadlines(tiny_db):
    result = run(tiny_db, "drop=forum", D(2018, 3, 1))
    assert row(result, "d-forum")[2] == "dropped"
    assert row(result, "d-report")[2] != "dropped"  # a sub-action is not dropped with its parent
    assert sorted(amounts(result)) == ["f-network", "f-research"]  # f-forum and the stated total go
    assert result.summary["scenario"]["new_money_eur"] == 5_000_000
    assert result.summary["scenario"]["deadlines"] == 2
    dropped = result.changes.set_index("deadline_id").loc["d-forum"]
    assert explain.explain_deadline(dropped, TINY_HORIZON) == "drop=forum: the measure is taken out."
    assert sorted(result.money_changes["funding_id"]) == ["f-forum", "f-total"]


def test_composition_order_is_drop_set_scale_shift_whatever_the_link_order(tiny_db):
    result = run(tiny_db, "scale=f-forum:-10&set=f-forum:20000000", D(2018, 3, 1))
    assert amounts(result)["f-forum"] == 18_000_000  # set to 20m, then cut by 10%
    result = run(tiny_db, "scale=Fund A:50&scale=f-forum:-50", D(2018, 3, 1))
    assert amounts(result)["f-forum"] == 7_500_000  # two scales of one line multiply
    result = run(tiny_db, "set=f-forum:1&shift=forum:2&drop=forum", D(2018, 3, 1))
    assert "f-forum" not in amounts(result) and row(result, "d-forum")[2] == "dropped"
    assert result.summary["unused"] == ["shift=forum:2", "set=f-forum:1"]  # dropped first: nothing left to change
    result = run(tiny_db, "set=f-forum:1000&set=f-forum:2000", D(2018, 3, 1))
    assert amounts(result)["f-forum"] == 2000  # the last set wins


def test_levers_apply_to_every_selected_row_however_many(tiny_db):
    """The scenario is computed in SQL on the whole selection: its totals do not depend on how
    many rows a page lists (a limit cuts what is listed, not what is counted)."""
    levers = (Lever("scale", "Fund A", -50.0),)
    f = Filters(background=True)
    full = queries.scenario_funding(tiny_db, f, levers)
    assert len(queries.scenario_funding(tiny_db, f, levers, limit=1)) == 1
    new = full[full["money_class"] == "new"]
    summary = queries.scenario_summary(tiny_db, f, When(D(2018, 3, 1)), levers)
    assert summary["scenario"]["new_money_eur"] == new["amount_eur"].sum() == 10_000_000


def test_funding_by_adds_up_to_the_summary(real_db):
    levers = (Lever("scale", "ISF-Police", -10.0), Lever("drop", "ps-urban-innovative-actions-2018"))
    summary = queries.scenario_summary(real_db, Filters(), When(D(2018, 1, 1)), levers)
    for dim in ("pillar", "instrument"):
        by = queries.scenario_funding_by(real_db, Filters(), levers, dim)
        for side in ("baseline", "scenario"):
            assert by.loc[by["side"] == side, "amount_eur"].sum() == pytest.approx(summary[side]["new_money_eur"])
    by = queries.scenario_funding_by(real_db, Filters(), levers, "instrument")
    assert by.loc[by["side"] == "scenario", "instrument"].tolist() == ["ISF-Police", "Not specified"]


def test_export_frame_holds_levers_then_rows(tiny_db):
    levers = tuple(scenario.parse_link("drop=forum&shift=report:3", catalog(tiny_db, "report", "forum"))[0])
    f = Filters(background=True)
    out = explain.export_frame(levers, catalog(tiny_db, "report", "forum"),
                                queries.scenario_deadlines(tiny_db, f, When(D(2018, 3, 1)), levers),
                                queries.scenario_funding(tiny_db, f, levers))
    assert out["row_type"].tolist() == ["lever", "lever"] + ["deadline"] * 4 + ["funding"] * 4
    assert out["id"].tolist()[:2] == ["shift=report:3", "drop=forum"]
    report = out.set_index("id").loc["d-report"]
    assert (report["baseline_due_by"], report["due_by"], report["changed_by"]) == (
        D(2018, 6, 30), D(2018, 9, 30), "shift=report:3")
    assert out.set_index("id").loc["d-forum", "status"] == "dropped"


# -- parsing -------------------------------------------------------------------------------------
def test_valid_levers_parse_and_round_trip(real_db):
    cat = catalog(real_db)
    link = ("shift=cbrn-training-rollout:6&shift=cbrn:-3&shift=europol:+2&scale=f-uia-public-spaces-2018:-25"
            "&scale=ISF-Police:12.5&set=f-encryption-training-2018:750000.5&drop=enc-training")
    levers, notices = scenario.parse_link(link, cat)
    assert notices == []
    assert levers == [Lever("shift", "cbrn-training-rollout", 6), Lever("shift", "cbrn", -3),
                      Lever("shift", "europol", 2), Lever("scale", "f-uia-public-spaces-2018", -25),
                      Lever("scale", "ISF-Police", 12.5), Lever("set", "f-encryption-training-2018", 750000.5),
                      Lever("drop", "enc-training")]
    assert scenario.to_link(levers) == link.replace("europol:+2", "europol:2")
    assert scenario.parse_link(scenario.to_link(levers), cat)[0] == levers
    assert scenario.to_query(levers)["shift"] == ["cbrn-training-rollout:6", "cbrn:-3", "europol:2"]


MALFORMED = [
    ("shift", "", "write shift=<measure, pillar or actor id>:<months>"),
    ("shift", "cbrn", "write shift="),
    ("shift", ":6", "write shift="),
    ("shift", "cbrn:", "write shift="),
    ("shift", "cbrn:six", "months must be a whole number"),
    ("shift", "cbrn:1.5", "months must be a whole number"),
    ("shift", "cbrn:121", "at most 120 months"),
    ("shift", "cbrn:99999999", "months must be a whole number"),
    ("shift", "nosuch:6", "'nosuch' is no measure, pillar or actor id"),
    ("shift", "f-uia-public-spaces-2018:6", "is no measure, pillar or actor id"),
    ("scale", "f-uia-public-spaces-2018", "write scale="),
    ("scale", "f-uia-public-spaces-2018:-25%", "the value must be a percentage"),
    ("scale", "f-uia-public-spaces-2018:nan", "the value must be a percentage"),
    ("scale", "f-uia-public-spaces-2018:-101", "a percentage runs from -100 to 1000"),
    ("scale", "cbrn:-25", "'cbrn' is no funding id or instrument"),
    ("scale", "f-public-spaces-total:-25", "is a total as the texts state it"),
    ("set", "f-uia-public-spaces-2018:-5", "the amount must be between 0 and"),
    ("set", "f-uia-public-spaces-2018:-1.0", "the amount must be between 0 and"),
    ("set", "f-uia-public-spaces-2018:1e9", "the value must be an amount"),
    ("set", "f-uia-public-spaces-2018:inf", "the value must be an amount"),
    ("set", "ISF-Police:5", "is no funding id (set changes one funding line)"),
    ("set", "f-uia-public-spaces-2018:99999999999999", "between 0 and 10,000,000,000,000 euros"),
    ("drop", "", "empty drop="),
    ("drop", "nosuch", "no measure has the id 'nosuch'"),
    ("drop", "cbrn", "no measure has the id 'cbrn'"),
    ("drop", "enc-training:3", "no measure has the id"),
    ("grow", "cbrn:6", "the levers are shift, scale, set and drop"),
]


@pytest.mark.parametrize("kind, raw, words", MALFORMED, ids=[f"{k}={r}" for k, r, _ in MALFORMED])
def test_every_malformed_lever_gives_a_notice(real_db, kind, raw, words):
    lever, notice = scenario.parse_lever(kind, raw, catalog(real_db))
    assert lever is None
    assert words in notice


def test_a_malformed_link_keeps_the_good_levers(real_db):
    levers, notices = scenario.parse_query({"shift": ["cbrn:6", "x", "\x00cbrn:1\x07"], "drop": ["", "enc-training"],
                                            "as_of": ["2019-01-01"]}, catalog(real_db))
    assert levers == [Lever("shift", "cbrn", 6), Lever("shift", "cbrn", 1), Lever("drop", "enc-training")]
    assert notices == ["Ignored 'shift=x': write shift=<measure, pillar or actor id>:<months>.",
                       "Ignored an empty drop=: write drop=<measure_id>."]
    levers, notices = scenario.parse_link("shift=cbrn:6&nonsense&zoom=3&&", catalog(real_db))
    assert levers == [Lever("shift", "cbrn", 6)]
    assert notices == ["Ignored 'nonsense': write lever=value, e.g. shift=cbrn:6.",
                       "Ignored 'zoom=3': the levers are shift, scale, set and drop."]


def test_too_many_levers_are_cut_with_a_notice(real_db):
    levers, notices = scenario.parse_query({"shift": ["cbrn:1"] * 52}, catalog(real_db))
    assert len(levers) == scenario.MAX_LEVERS == 50
    assert notices == ["Ignored 'shift=cbrn:1': a scenario holds at most 50 levers."] * 2


def test_a_long_target_is_shortened_in_the_notice(real_db):
    _, notice = scenario.parse_lever("drop", "x" * 500, catalog(real_db))
    assert notice == f"Ignored {('drop=' + 'x' * 52 + '...')!r}: no measure has the id {('x' * 57 + '...')!r}."


def test_parse_row_from_the_lever_table(real_db):
    cat = catalog(real_db)
    assert scenario.parse_row("shift", "cbrn", 6.0, cat) == (Lever("shift", "cbrn", 6), None)
    assert scenario.parse_row("drop", "enc-training", None, cat) == (Lever("drop", "enc-training"), None)
    assert scenario.parse_row("scale", "ISF-Police", float("nan"), cat)[1] == (
        "Ignored the row scale 'ISF-Police': it has no value.")
    assert "months must be a whole number" in scenario.parse_row("shift", "cbrn", 2.5, cat)[1]


# -- presets -------------------------------------------------------------------------------------
def presets_of(path, cat):
    """What the what-if page offers from a scenarios.csv (tracker/whatif.py)."""
    text, problem = scenario.read_presets(path)
    return ([], [problem]) if problem else scenario.parse_presets(text, path.name, cat)


def test_the_shipped_presets_all_load(real_db):
    presets, notices = presets_of(DATA / "scenarios.csv", catalog(real_db))
    assert notices == []
    by_id = {p.scenario_id: p for p in presets}
    assert len(presets) == 9
    assert by_id["cbrn-training-slip"].link == "shift=cbrn-training-rollout:6"
    assert by_id["urban-security-cut"].link == "scale=f-uia-public-spaces-2018:-25"
    assert by_id["meeting-example"].levers == (Lever("shift", "cbrn-training-rollout", 6),
                                              Lever("scale", "f-uia-public-spaces-2018", -25))
    assert by_id["encryption-training-doubled-late"].line == 10


def test_bad_preset_rows_give_notices_naming_file_and_line(tmp_path, real_db):
    path = tmp_path / "scenarios.csv"
    path.write_text(
        "scenario_id,title,levers\n"
        "ok,Fine,shift=cbrn:6\n"
        "bad-target,Bad,shift=nosuch:6\n"
        ",No id,shift=cbrn:6\n"
        "ok,Duplicate,shift=cbrn:1\n"
        "\n"
        "empty,No lever,\n"
        "split,A title, with a comma,shift=cbrn:6\n"
        '"multi","Two\nlines",drop=nosuch\n'
        "last,Last,scale=ISF-Police:-10\n", encoding="utf-8")
    presets, notices = presets_of(path, catalog(real_db))
    assert [(p.scenario_id, p.line) for p in presets] == [("ok", 2), ("last", 11)]
    assert notices == [
        "scenarios.csv, line 3: preset 'bad-target' left out. Ignored 'shift=nosuch:6': 'nosuch' is no measure, "
        "pillar or actor id.",
        "scenarios.csv, line 4: scenario_id and title must not be empty.",
        "scenarios.csv, line 5: duplicate scenario_id 'ok'.",
        "scenarios.csv, line 7: preset 'empty' has no lever.",
        "scenarios.csv, line 8: 4 fields where the header has 3; quote a title that holds a comma.",
        "scenarios.csv, line 9: preset 'multi' left out. Ignored 'drop=nosuch': no measure has the id 'nosuch'.",
    ]


def test_preset_file_problems_never_raise(tmp_path, real_db):
    cat = catalog(real_db)
    assert presets_of(tmp_path / "missing.csv", cat) == ([], [])
    (tmp_path / "a.csv").write_text("id,name\nx,y\n", encoding="utf-8")
    assert presets_of(tmp_path / "a.csv", cat) == (
        [], ["a.csv, line 1: the columns scenario_id, title, levers are missing from the header; the header is "
             "scenario_id,title,levers."])
    (tmp_path / "b.csv").write_bytes(b"scenario_id,title,levers\n\xff\xfe,x,y\n")
    assert presets_of(tmp_path / "b.csv", cat) == (
        [], ["b.csv: could not be read (UnicodeDecodeError); save it as CSV UTF-8."])
    (tmp_path / "c.csv").write_text("", encoding="utf-8")
    assert presets_of(tmp_path / "c.csv", cat) == ([], [])
