"""The filter object: URL parsing (with notices), URL writing and the plain sentence."""
from __future__ import annotations

import datetime as dt

import pytest

from tracker.filters import Choices, Filters, View, describe, parse_query

CH = Choices(pillars={"cbrn": "CBRN", "public-spaces": "Public spaces"},
             actors={"europol": "Europol", "commission": "European Commission"},
             instruments={"ISF-Police": "ISF-Police"}, package_date=dt.date(2017, 10, 18),
             min_date=dt.date(2016, 1, 1), max_date=dt.date(2021, 12, 31))


def test_parse_keeps_valid_values_in_order_without_repeats():
    f, notices = parse_query({"pillar": ["public-spaces", "cbrn", "cbrn"], "actor": ["europol"],
                              "instrument": ["ISF-Police"], "status": ["new"], "as_of": ["2018-03-01"],
                              "q": ["forum"]}, CH)
    assert f == View(Filters(("public-spaces", "cbrn"), ("europol",), ("ISF-Police",), ("new",), "forum"),
                     dt.date(2018, 3, 1))
    assert notices == []


@pytest.mark.parametrize("query,kept,notice", [
    ({"pillar": ["nope"]}, Filters(), "Ignored pillar='nope' from the link: no such pillar."),
    ({"as_of": ["2018-02-30"]}, Filters(), "Ignored as_of='2018-02-30' from the link: dates are written YYYY-MM-DD."),
    ({"as_of": ["1999-01-01"]}, Filters(), "Ignored as_of='1999-01-01': outside 2016-01-01 to 2021-12-31."),
    ({"status": ["late"]}, Filters(), "Ignored status='late' from the link: no such status."),
    ({"actor": ["europol", "x'; drop table measures;--"]}, Filters(actors=("europol",)),
     "Ignored actor=\"x'; drop table measures;--\" from the link: no such actor."),
    ({"q": ["a" * 300]}, Filters(q="a" * 200), "The search text from the link was cut to 200 characters."),
])
def test_parse_drops_invalid_parts_with_a_notice(query, kept, notice):
    view, notices = parse_query(query, CH)
    assert view == View(kept, CH.package_date)
    assert notices == [notice]


def test_empty_values_clear_without_notice():
    assert parse_query({"pillar": [""], "q": [""]}, CH) == (View(Filters(), CH.package_date), [])


def test_to_query_leaves_defaults_out():
    view = View(Filters(("cbrn",)), dt.date(2017, 10, 18))
    assert view.to_query(dt.date(2017, 10, 18)) == {"pillar": ["cbrn"]}
    view = View(Filters(("cbrn", "public-spaces"), ("europol",), (), ("new",), "forum"), dt.date(2018, 3, 1))
    assert view.to_query(dt.date(2017, 10, 18)) == {"pillar": ["cbrn", "public-spaces"], "actor": ["europol"],
                                                    "status": ["new"], "as_of": ["2018-03-01"], "q": ["forum"]}


def test_round_trip_through_the_url():
    view = View(Filters(("public-spaces",), ("commission",), ("ISF-Police",), ("planned",), "call"), dt.date(2018, 6, 1))
    assert parse_query(view.to_query(CH.package_date), CH) == (view, [])


def test_params_make_empty_filters_null():
    assert Filters().params() == {"pillars": None, "actors": None, "instruments": None, "statuses": None, "q": None}
    assert Filters(pillars=("cbrn",), q="x").params()["pillars"] == ["cbrn"]


@pytest.mark.parametrize("view,n,sentence", [
    (View(Filters(), dt.date(2017, 10, 18)), 100, "100 measures, status as of 18 October 2017"),
    (View(Filters(pillars=("cbrn", "public-spaces"), actors=("europol",)), dt.date(2018, 3, 1)), 23,
     "23 measures in CBRN and Public spaces involving Europol, status as of 1 March 2018"),
    (View(Filters(statuses=("new",), instruments=("ISF-Police",), q="call"), dt.date(2018, 3, 1)), 1,
     "1 measure (new today) funded from ISF-Police matching “call”, status as of 1 March 2018"),
])
def test_describe(view, n, sentence):
    assert describe(view, CH, n) == sentence
