"""Views and table macros on the tiny fixture folder, against hand-computed rows."""
from __future__ import annotations

import datetime as dt
import re

import pytest

NOF = "NULL, NULL, NULL, NULL, NULL"


def q(db, sql, params=None):
    return db.cursor().execute(sql, params or {}).fetchall()


@pytest.mark.parametrize("as_of,expected", [
    ("2017-12-31", {"d-forum": "upcoming", "d-report": "upcoming", "d-network": "upcoming", "d-council": "context"}),
    ("2018-03-01", {"d-forum": "upcoming", "d-report": "due_now", "d-network": "due_now", "d-council": "context"}),
    ("2018-04-01", {"d-forum": "due_now", "d-report": "due_now", "d-network": "due_now", "d-council": "context"}),
    ("2018-04-19", {"d-forum": "due_now", "d-report": "due_now", "d-network": "due_now", "d-council": "context"}),
    ("2018-04-20", {"d-forum": "delivered", "d-report": "due_now", "d-network": "due_now", "d-council": "context"}),
    ("2018-06-30", {"d-forum": "delivered", "d-report": "due_now", "d-network": "due_now", "d-council": "context"}),
    ("2018-07-01", {"d-forum": "delivered", "d-report": "overdue", "d-network": "due_now", "d-council": "context"}),
    ("2019-01-01", {"d-forum": "delivered", "d-report": "overdue", "d-network": "overdue", "d-council": "context"}),
])
def test_deadline_status_before_inside_after(tiny_db, as_of, expected):
    got = dict(q(tiny_db, "select deadline_id, status from deadline_status($d)", {"d": dt.date.fromisoformat(as_of)}))
    assert got == expected


def test_delivered_on_only_counts_deliveries_up_to_the_date(tiny_db):
    assert q(tiny_db, "select delivered_on from deadline_status(DATE '2018-04-19') where deadline_id = 'd-forum'") == [(None,)]
    assert q(tiny_db, "select delivered_on from deadline_status(DATE '2018-05-01') where deadline_id = 'd-forum'") == [
        (dt.date(2018, 4, 20),)]


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
    p = {"pillars": None, "actors": None, "instruments": None, "statuses": None, "q": None, **params}
    got = [r[0] for r in q(tiny_db, "select measure_id from selected_measures($pillars, $actors, $instruments, "
                                    "$statuses, $q) order by 1", p)]
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
    got = q(tiny_db, "select funding_id from funding_lines(NULL, NULL, ['Fund A'], NULL, NULL) order by 1")
    assert got == [("f-forum",), ("f-research",)]


def by(db, dimension, cols):
    return q(db, f"select {cols} from funding_breakdown({NOF}) where dimension = $d", {"d": dimension})


def test_funding_breakdown_by_pillar(tiny_db):
    assert by(tiny_db, "pillar", "pillar_id, key, money_class, amount_eur::double, lines, top_funding_id") == [
        ("alpha", "Alpha", "new", 10e6, 1, "f-forum"), ("beta", "Beta", "context", 20e6, 1, "f-research"),
        ("beta", "Beta", "new", 5e6, 1, "f-network")]


def test_funding_breakdown_by_instrument(tiny_db):
    assert by(tiny_db, "instrument", "instrument, money_class, amount_eur::double, pillar_id") == [
        ("Fund A", "context", 20e6, None), ("Fund A", "new", 10e6, None), ("Fund B", "new", 5e6, None)]


def test_funding_breakdown_by_period(tiny_db):
    assert by(tiny_db, "period", "period, year_from, year_to, money_class, amount_eur::double, lines") == [
        ("2010-17", 2010, 2017, "context", 20e6, 1), ("2018", 2018, 2018, "new", 15e6, 2)]


def test_funding_breakdown_by_kind(tiny_db):
    assert by(tiny_db, "kind", "funding_kind, money_class, amount_eur::double") == [
        ("new_call", "new", 10e6), ("new_funding", "new", 5e6), ("past_spending", "context", 20e6)]


def test_funding_breakdown_by_pillar_and_instrument(tiny_db):
    assert by(tiny_db, "pillar_instrument", "key, pillar, instrument, money_class, amount_eur::double") == [
        ("Alpha / Fund A", "Alpha", "Fund A", "new", 10e6), ("Beta / Fund A", "Beta", "Fund A", "context", 20e6),
        ("Beta / Fund B", "Beta", "Fund B", "new", 5e6)]


def test_funding_breakdown_dimensions_share_one_total(tiny_db):
    totals = q(tiny_db, f"select dimension, money_class, sum(amount_eur)::double from funding_breakdown({NOF}) "
                        "group by all order by all")
    assert totals == [(d, mc, amount) for d in ("instrument", "kind", "period", "pillar", "pillar_instrument")
                      for mc, amount in (("context", 20e6), ("new", 15e6))]
    # under a filter too: only Fund A lines
    got = q(tiny_db, "select dimension, sum(amount_eur)::double from funding_breakdown(NULL, NULL, ['Fund A'], "
                     "NULL, NULL) group by all order by all")
    assert got == [(d, 30e6) for d in ("instrument", "kind", "period", "pillar", "pillar_instrument")]


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
    got = q(tiny_db, "select actor_id, measures, addressee from measures_per_actor(['alpha'], ['commission'], NULL, "
                     "NULL, NULL)")
    assert got == [("commission", 2, 1)]


def test_derived_tables_keep_one_row_per_fact(tiny_db):
    assert q(tiny_db, "select measure_id, actor_ids, funding_instruments from measure_lines order by 1") == [
        ("forum", ["commission"], ["Fund A", "Fund A and Fund B (sum)"]),
        ("network", ["commission", "council"], ["Fund B"]),
        ("report", ["commission", "member-states"], []),
        ("research", [], ["Fund A"])]
    assert q(tiny_db, "select deadline_id, pillar, first_delivered_on from deadline_lines order by 1") == [
        ("d-council", "Beta", None), ("d-forum", "Alpha", dt.date(2018, 4, 20)), ("d-network", "Beta", None),
        ("d-report", "Alpha", None)]
    assert q(tiny_db, "select count(*), count(distinct funding_id) from funding_facts") == [(4, 4)]


def test_timeline_rows(tiny_db):
    got = q(tiny_db, f"select deadline_id, pillar, status from timeline_rows(DATE '2018-07-01', {NOF})")
    assert got == [("d-council", "Beta", "context"), ("d-forum", "Alpha", "delivered"),
                   ("d-report", "Alpha", "overdue"), ("d-network", "Beta", "due_now")]


def test_pillar_summary(tiny_db):
    got = q(tiny_db, f"select pillar_id, measures, new_money_eur::double, context_money_eur::double, deadlines, "
                     f"overdue, due_now, upcoming, delivered, context, next_due_by "
                     f"from pillar_summary(DATE '2018-07-01', {NOF})")
    assert got == [("alpha", 2, 10e6, 0.0, 2, 1, 0, 0, 1, 0, None),
                   ("beta", 2, 5e6, 20e6, 1, 0, 1, 0, 0, 1, dt.date(2018, 12, 31))]
    got = q(tiny_db, "select pillar_id, measures from pillar_summary(DATE '2018-07-01', ['beta'], NULL, NULL, NULL, NULL)")
    assert got == [("alpha", 0), ("beta", 2)]


def test_sql_files_state_their_grain():
    """Every table, view and table macro says its grain in the comment above it."""
    from tracker.database import SQL_DIR, SQL_FILES
    for name in SQL_FILES:
        text = (SQL_DIR / name).read_text(encoding="utf-8")
        tables = len(re.findall(r"create or replace (table|view|macro \w+\([^)]*\) as table)", text))
        assert text.count("-- Grain:") >= tables > 0, name


def test_actor_rank_orders_actors_by_involvement(tiny_db):
    """actor_rank: 1 for the actor with the most measures (in any role, all pillars), then by name."""
    got = q(tiny_db, f"select distinct actor_id, actor_rank from measures_per_actor({NOF}) order by actor_rank")
    assert got == [("commission", 1), ("council", 2), ("member-states", 3)]  # 3, 1 (Council), 1 (Member States)
    got = q(tiny_db, "select distinct actor_id, actor_rank from measures_per_actor(['beta'], NULL, NULL, NULL, NULL) "
                     "order by actor_rank")
    assert got == [("council", 1), ("commission", 2)]  # one each: by name (Council of the EU first)
