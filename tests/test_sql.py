"""Views and table macros on the tiny fixture folder, against hand-computed rows."""
from __future__ import annotations

import datetime as dt
import re
import shutil

import pytest

from tracker.filters import FILTERS, Filters, When

NOF = "$f"  # the filters' struct, every field NULL (no filter), unless F gives it


def F(**given) -> dict:
    """The parameter $f: the struct of the shared filters, with background shown."""
    return {"f": {**{s.field: None for s in FILTERS}, "background": True, **given}}


def W(as_of, due_from=None, due_to=None) -> dict:
    """The parameter $w: the day of the statuses and the due window."""
    return {"w": {"as_of": as_of, "due_from": due_from, "due_to": due_to}}


def q(db, sql, params=None):
    if "$f" in sql and "f" not in (params or {}):
        params = {**(params or {}), **F()}
    return db.cursor().execute(sql, params or {}).fetchall()


@pytest.mark.parametrize("as_of,expected", [
    ("2017-12-31", {"d-forum": "upcoming", "d-report": "upcoming", "d-network": "upcoming", "d-council": "context"}),
    ("2018-03-01", {"d-forum": "upcoming", "d-report": "due_now", "d-network": "due_now", "d-council": "context"}),
    ("2018-04-01", {"d-forum": "due_now", "d-report": "due_now", "d-network": "due_now", "d-council": "context"}),
    ("2018-04-19", {"d-forum": "due_now", "d-report": "due_now", "d-network": "due_now", "d-council": "context"}),
    ("2018-04-20", {"d-forum": "delivered_on_time", "d-report": "due_now", "d-network": "due_now",
                    "d-council": "context"}),
    ("2018-06-30", {"d-forum": "delivered_on_time", "d-report": "due_now", "d-network": "due_now",
                    "d-council": "context"}),
    ("2018-07-01", {"d-forum": "delivered_on_time", "d-report": "overdue", "d-network": "due_now",
                    "d-council": "context"}),
    ("2018-08-15", {"d-forum": "delivered_on_time", "d-report": "delivered_late", "d-network": "due_now",
                    "d-council": "context"}),
    ("2019-01-01", {"d-forum": "delivered_on_time", "d-report": "delivered_late", "d-network": "no_report",
                    "d-council": "context"}),
])
def test_deadline_status_before_inside_after(tiny_db, as_of, expected):
    got = dict(q(tiny_db, "select deadline_id, status from deadline_status($d)", {"d": dt.date.fromisoformat(as_of)}))
    assert got == expected


def test_an_outcome_counts_from_the_day_it_is_known(tiny_db):
    sql = ("select outcome, outcome_on, outcome_reference, days_late, searched_to from deadline_status($d) "
           "where deadline_id = $id")
    assert q(tiny_db, sql, {"d": dt.date(2018, 4, 19), "id": "d-forum"}) == [(None, None, None, None, None)]
    assert q(tiny_db, sql, {"d": dt.date(2018, 5, 1), "id": "d-forum"}) == [
        ("delivered", dt.date(2018, 4, 20), "T/1, Commission", None, None)]
    # reported in a cited document: 46 days after the window closed on 30 June 2018
    assert q(tiny_db, sql, {"d": dt.date(2018, 8, 15), "id": "d-report"}) == [
        ("delivered", dt.date(2018, 8, 15), "L/2, Commission", 46, None)]
    # nothing found up to 30 June 2019: from the end of its window on, "no report found", never "overdue"
    assert q(tiny_db, sql, {"d": dt.date(2019, 1, 1), "id": "d-network"}) == [
        (None, None, None, None, dt.date(2019, 6, 30))]


@pytest.mark.parametrize("precision,happened,earliest,known_by", [
    ("day", "2018-08-15", "2018-08-15", "2018-08-15"),
    ("month", "2018-08-15", "2018-08-01", "2018-08-31"),
    ("year", "2018-08-15", "2018-01-01", "2018-12-31"),
    ("reported", "2018-08-15", None, "2018-08-15"),
])
def test_a_step_is_known_by_the_end_of_its_precision(tmp_path, precision, happened, earliest, known_by):
    from tests.conftest import TINY
    from tracker.database import build
    folder = tmp_path / "tiny"
    shutil.copytree(TINY, folder)
    path = folder / "progress.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("2018-08-15,day,", f"{happened},{precision},"),
                    encoding="utf-8")
    db = build(folder)
    assert db.problems == []
    got = q(db, "select earliest_on, known_by from progress_lines where progress_id = 'p-report'")
    assert got == [(earliest and dt.date.fromisoformat(earliest), dt.date.fromisoformat(known_by))]


@pytest.mark.parametrize("params,expected", [
    ({}, ["forum", "network", "report", "research"]),
    ({"pillars": ["beta"]}, ["network", "research"]),
    ({"pillars": []}, []),
    ({"actors": ["council"]}, ["network"]),
    ({"actors": ["commission"]}, ["forum", "network", "report"]),
    ({"instruments": ["Fund A"]}, ["forum", "research"]),
    ({"statuses": ["planned"]}, ["network", "report"]),
    ({"q": "NETWORK"}, ["network"]),
    ({"q": "forum"}, ["forum", "report"]),
    ({"pillars": ["alpha"], "statuses": ["planned"]}, ["report"]),
    ({"q": "'; drop table measures; --"}, []),
])
def test_selected_measures(tiny_db, params, expected):
    got = [r[0] for r in q(tiny_db, "select measure_id from selected_measures($f) order by 1", F(**params))]
    assert got == expected


def test_measure_lines(tiny_db):
    got = q(tiny_db, "select measure_id, pillar, parent_id, leads, funding_lines, deadline_count from measure_lines "
                     "order by measure_id")
    assert got == [("forum", "Alpha", None, "European Commission", 2, 1),
                   ("network", "Beta", None, "European Commission", 1, 2),
                   ("report", "Alpha", "forum", "Member States", 0, 1),
                   ("research", "Beta", None, "", 1, 0)]
    # the measures table's order: by pillar, a sub-action right after its parent
    assert q(tiny_db, "select list_order, measure_id from measure_lines order by list_order") == [
        (1, "forum"), (2, "report"), (3, "network"), (4, "research")]


def test_funding_lines_and_money_class(tiny_db):
    got = q(tiny_db, f"select funding_id, money_class from funding_lines({NOF}) order by funding_id")
    assert got == [("f-forum", "new"), ("f-network", "new"), ("f-research", "context"), ("f-total", "stated total")]
    got = q(tiny_db, "select funding_id from funding_lines($f) order by 1", F(instruments=["Fund A"]))
    assert got == [("f-forum",), ("f-research",)]


def by(db, dimension, cols):
    return q(db, f"select {cols} from funding_breakdown({NOF}) where dimension = $d", {"d": dimension})


def test_funding_breakdown_by_pillar(tiny_db):
    """Only new money is summed: the €20m of past research (context) is in no sum."""
    assert by(tiny_db, "pillar", "pillar_id, key, amount_eur::double, amount_qualifier, lines") == [
        ("alpha", "Alpha", 10e6, "exact", 1), ("beta", "Beta", 5e6, "up_to", 1)]


def test_funding_breakdown_by_instrument(tiny_db):
    assert by(tiny_db, "instrument", "instrument, amount_eur::double, amount_qualifier, pillar_id") == [
        ("Fund A", 10e6, "exact", None), ("Fund B", 5e6, "up_to", None)]


def test_funding_breakdown_by_period_and_kind(tiny_db):
    assert by(tiny_db, "period", "period, year_from, year_to, amount_eur::double, amount_qualifier, lines") == [
        ("2018", 2018, 2018, 15e6, "up_to", 2)]  # a sum with a ceiling in it is a ceiling
    assert by(tiny_db, "kind", "funding_kind, amount_eur::double") == [("new_call", 10e6), ("new_funding", 5e6)]


def test_funding_breakdown_dimensions_share_one_total(tiny_db):
    totals = q(tiny_db, f"select dimension, sum(amount_eur)::double from funding_breakdown({NOF}) group by all order by all")
    assert totals == [(d, 15e6) for d in ("all", "instrument", "kind", "period", "pillar")]
    assert by(tiny_db, "all", "key, amount_eur::double, amount_qualifier, lines") == [("All new money", 15e6, "up_to", 2)]
    got = q(tiny_db, "select dimension, sum(amount_eur)::double from funding_breakdown($f) group by all order by all",
            F(instruments=["Fund A"]))
    assert got == [(d, 10e6) for d in ("all", "instrument", "kind", "period", "pillar")]


def test_sum_qualifier(tiny_db):
    got = q(tiny_db, "select g, sum_qualifier(x) from (values (1, 'exact'), (1, 'exact'), (2, 'exact'), (2, 'up_to'), "
                     "(3, 'over'), (4, 'over'), (4, 'up_to')) t(g, x) group by g order by g")
    assert got == [(1, "exact"), (2, "up_to"), (3, "over"), (4, "mixed")]


def test_actor_roles(tiny_db):
    pairs = q(tiny_db, "select measure_id, actor_id, bool_or(role = 'lead'), bool_or(role = 'partner'), "
                       "bool_or(role = 'addressee') from measure_actors group by all order by all")
    got = q(tiny_db, "select measure_id, actor_id, is_lead, is_partner, is_addressee from actor_roles order by all")
    assert got == pairs and len(got) == q(tiny_db, "select count(distinct (measure_id, actor_id)) from measure_actors")[0][0]
    assert q(tiny_db, "select count(*) from actor_roles r join measures m using (measure_id) "
                      "where r.pillar_id <> m.pillar_id") == [(0,)]


def test_measures_per_actor(tiny_db):
    got = q(tiny_db, f"select actor_id, pillar_id, measures, lead, partner, addressee from measures_per_actor({NOF})")
    assert got == [("commission", "alpha", 2, 1, 0, 1), ("commission", "beta", 1, 1, 0, 0),
                   ("council", "beta", 1, 0, 1, 0), ("member-states", "alpha", 1, 1, 0, 0)]
    got = q(tiny_db, "select actor_id, measures, addressee from measures_per_actor($f)",
            F(pillars=["alpha"], actors=["commission"]))
    assert got == [("commission", 2, 1)]


def test_derived_tables_keep_one_row_per_fact(tiny_db):
    assert q(tiny_db, "select measure_id, actor_ids, funding_instruments from measure_lines order by 1") == [
        ("forum", ["commission"], ["Fund A", "Fund A and Fund B (sum)"]),
        ("network", ["commission", "council"], ["Fund B"]),
        ("report", ["commission", "member-states"], []),
        ("research", [], ["Fund A"])]
    assert q(tiny_db, "select deadline_id, pillar, [o.progress_id for o in outcomes], searched_to from deadline_lines "
                      "order by 1") == [
        ("d-council", "Beta", [], None), ("d-forum", "Alpha", ["p-forum"], None),
        ("d-network", "Beta", [], dt.date(2019, 6, 30)), ("d-report", "Alpha", ["p-report"], None)]
    assert q(tiny_db, "select count(*) from progress_lines") == q(tiny_db, "select count(*) from progress")
    assert q(tiny_db, "select stage_id, measure_id, known_by, source_reference, cited from stage_lines") == [
        ("s-forum-opened", "forum", dt.date(2018, 5, 2), "L/2", True)]
    assert q(tiny_db, "select count(*), count(distinct funding_id) from funding_facts") == [(4, 4)]


def test_timeline_rows(tiny_db):
    got = q(tiny_db, "select deadline_id, pillar, status from timeline_rows($w, $f) "
                 "order by due_by, due_from, deadline_id", W(dt.date(2018, 7, 1)))
    assert got == [("d-council", "Beta", "context"), ("d-forum", "Alpha", "delivered_on_time"),
                   ("d-report", "Alpha", "overdue"), ("d-network", "Beta", "due_now")]


def test_timeline_rows_keep_the_due_window_and_the_background_on_request(tiny_db):
    def ids(ends_from, ends_to, background):
        return [r[0] for r in q(tiny_db, "select deadline_id from timeline_rows($w, $f) "
                                "order by due_by, due_from, deadline_id",
                                {**W(dt.date(2018, 7, 1), ends_from, ends_to), **F(background=background)})]
    assert ids(None, None, False) == ["d-forum", "d-report", "d-network"]  # the past event is background
    assert ids(dt.date(2018, 5, 1), None, True) == ["d-report", "d-network"]  # windows ending from 1 May
    assert ids(None, dt.date(2018, 6, 30), True) == ["d-council", "d-forum", "d-report"]
    assert ids(dt.date(2018, 5, 1), dt.date(2018, 6, 30), False) == ["d-report"]


def test_pillar_summary(tiny_db):
    from tracker import queries

    def got(f, as_of, cols):
        return [tuple(r) for r in queries.pillar_summary(tiny_db, f, When(as_of))[cols].itertuples(index=False)]
    assert got(Filters(background=True), dt.date(2018, 7, 1), [
        "pillar_id", "measures", "background", "new_money_eur", "new_money_qualifier", "context_figures", "deadlines",
        "overdue", "due_now", "upcoming", "delivered_on_time", "delivered_late", "no_report", "next_due_by"]) == [
        ("alpha", 2, 0, 10e6, "exact", 0, 2, 1, 0, 0, 1, 0, 0, None),
        ("beta", 1, 1, 5e6, "up_to", 1, 1, 0, 1, 0, 0, 0, 0, dt.date(2018, 12, 31))]
    assert got(Filters(background=True), dt.date(2019, 1, 1),
               ["pillar_id", "deadlines", "delivered_on_time", "delivered_late", "no_report"]) == [
        ("alpha", 2, 1, 1, 0), ("beta", 1, 0, 0, 1)]  # the scorecard after every window
    assert got(Filters(pillars=("beta",)), dt.date(2018, 7, 1), ["pillar_id", "measures"]) == [("alpha", 0), ("beta", 1)]
    # every row carries the figures of all pillars together (the headline): the ceiling of beta's line
    # makes the sum "up to"; one pillar selected, its own figures
    every = ["all_measures", "all_background", "all_new_money_eur", "all_new_money_qualifier", "all_new_lines",
             "all_context_figures"]
    assert got(Filters(background=True), dt.date(2018, 7, 1), every) == [(3, 1, 15e6, "up_to", 2, 1)] * 2
    assert got(Filters(pillars=("alpha",)), dt.date(2018, 7, 1), every) == [(2, 0, 10e6, "exact", 1, 0)] * 2
    assert got(Filters(q="no such words"), dt.date(2018, 7, 1), every) == [(0, 0, 0.0, "exact", 0, 0)] * 2
    # in SQL, a row per pillar and counted status, in the vocabulary's order
    rows = q(tiny_db, "select pillar_id, status, deadlines from pillar_summary($w, $f)", W(dt.date(2019, 1, 1)))
    assert [s for p, s, _ in rows if p == "alpha"] == list(queries.COUNTED)
    assert [(p, s, n) for p, s, n in rows if n] == [
        ("alpha", "delivered_on_time", 1), ("alpha", "delivered_late", 1), ("beta", "no_report", 1)]


def test_sql_files_state_their_grain():
    """Every table, view and table macro says its grain in the comment above it."""
    from tracker.database import sql_objects
    for name, kind, text in sql_objects():
        tables = len(re.findall(r"create or replace (table|view|macro \w+\([^)]*\) as table)", text))
        assert text.count("-- Grain:") >= tables, name


def test_actor_rank_orders_actors_by_involvement(tiny_db):
    """actor_rank: 1 for the actor with the most measures (in any role, all pillars), then by name."""
    got = q(tiny_db, f"select distinct actor_id, actor_rank from measures_per_actor({NOF}) order by actor_rank")
    assert got == [("commission", 1), ("council", 2), ("member-states", 3)]  # 3, 1 (Council), 1 (Member States)
    got = q(tiny_db, "select distinct actor_id, actor_rank from measures_per_actor($f) order by actor_rank",
            F(pillars=["beta"]))
    assert got == [("council", 1), ("commission", 2)]  # one each: by name (Council of the EU first)


def test_limited_queries_are_the_head_of_the_full_ones(real_db):
    """What a page lists with a limit (to stay under 5,000 rows on large data) is the head of
    the full result, in the same order."""
    from tracker import queries
    from tracker.filters import Filters, When

    f, when = Filters(background=True), When(dt.date(2017, 10, 18))
    lines = queries.funding_lines(real_db, f)
    assert lines["funding_id"].tolist() == [  # new money, stated totals, context, each largest first
        "f-uia-public-spaces-2018", "f-isf-call-public-spaces", "f-terrorist-financing-call",
        "f-encryption-training-2018", "f-public-spaces-total", "f-isf-police-national-2014-20",
        "f-research-public-spaces", "f-isf-police-direct-2017", "f-isf-police-direct-2016"]
    assert queries.funding_lines(real_db, f, limit=3).equals(lines.head(3))
    assert queries.funding_lines(real_db, f, money_class="context")["funding_id"].tolist() == lines["funding_id"][5:].tolist()
    rows = queries.timeline(real_db, f, when)
    open_ = rows[rows["status"].isin(["due_now", "upcoming"])]
    assert queries.next_deadlines(real_db, f, when, 8)["deadline_id"].tolist() == open_["deadline_id"].head(8).tolist()
    assert queries.next_deadlines(real_db, f, when, 3)["deadline_id"].tolist() == [
        "d-financial-stakeholder-meeting", "d-ps-high-risk-network", "d-eif-ministerial"]  # 30 Nov, 30 Nov, 6 Dec
    full = queries.actor_commitments(real_db, f, when, "commission")
    assert len(full) > 5
    assert queries.actor_commitments(real_db, f, when, "commission", 5).equals(full.head(5))
