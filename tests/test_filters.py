"""The filter objects: URL parsing (with notices), URL writing, the SQL parameters and the plain
sentence."""
from __future__ import annotations

import datetime as dt

import pytest

from tracker.filters import Choices, Filters, View, When, describe, parse_query

D = dt.date
CH = Choices(pillars={"cbrn": "CBRN", "public-spaces": "Public spaces"},
             actors={"europol": "Europol", "commission": "European Commission"},
             instruments={"ISF-Police": "ISF-Police"}, package_date=D(2017, 10, 18),
             min_date=D(2016, 1, 1), max_date=D(2021, 12, 31))
DEFAULT = When(D(2017, 10, 18))


def test_parse_keeps_valid_values_in_order_without_repeats():
    view, notices = parse_query({"pillar": ["public-spaces", "cbrn", "cbrn"], "actor": ["europol"],
                                 "instrument": ["ISF-Police"], "status": ["new"], "as_of": ["2018-03-01"],
                                 "q": ["forum"], "due_from": ["2018-01-01"], "due_to": ["2018-06-30"],
                                 "background": ["1"]}, CH)
    assert view == View(Filters(("public-spaces", "cbrn"), ("europol",), ("ISF-Police",), ("new",), "forum", True),
                        When(D(2018, 3, 1), D(2018, 1, 1), D(2018, 6, 30)))
    assert notices == []


@pytest.mark.parametrize("query,kept,notice", [
    ({"pillar": ["nope"]}, View(Filters(), DEFAULT), "Ignored pillar='nope' from the link: no such pillar."),
    ({"as_of": ["2018-02-30"]}, View(Filters(), DEFAULT),
     "Ignored as_of='2018-02-30' from the link: dates are written YYYY-MM-DD."),
    ({"as_of": ["1999-01-01"]}, View(Filters(), DEFAULT), "Ignored as_of='1999-01-01': outside 2016-01-01 to 2021-12-31."),
    ({"due_to": ["30/06/2018"]}, View(Filters(), DEFAULT),
     "Ignored due_to='30/06/2018' from the link: dates are written YYYY-MM-DD."),
    ({"due_from": ["2018-06-30"], "due_to": ["2018-01-01"]}, View(Filters(), When(D(2017, 10, 18), D(2018, 1, 1),
                                                                                   D(2018, 6, 30))),
     "The due window from the link ends before it starts: 2018-06-30 to 2018-01-01; it was turned round."),
    ({"status": ["late"]}, View(Filters(), DEFAULT), "Ignored status='late' from the link: no such status."),
    ({"background": ["yes"]}, View(Filters(), DEFAULT),
     "Ignored background='yes' from the link: write background=1 to show it."),
    ({"actor": ["europol", "x'; drop table measures;--"]}, View(Filters(actors=("europol",)), DEFAULT),
     "Ignored actor=\"x'; drop table measures;--\" from the link: no such actor."),
    ({"q": ["a" * 300]}, View(Filters(q="a" * 200), DEFAULT), "The search text from the link was cut to 200 characters."),
])
def test_parse_drops_invalid_parts_with_a_notice(query, kept, notice):
    assert parse_query(query, CH) == (kept, [notice])


def test_empty_values_clear_without_notice():
    assert parse_query({"pillar": [""], "q": [""], "due_to": [""], "background": [""]}, CH) == (View(Filters(), DEFAULT), [])


def test_to_query_leaves_defaults_out():
    assert View(Filters(("cbrn",)), DEFAULT).to_query(D(2017, 10, 18)) == {"pillar": ["cbrn"]}
    view = View(Filters(("cbrn", "public-spaces"), ("europol",), (), ("new",), "forum", True),
                When(D(2018, 3, 1), None, D(2018, 6, 30)))
    assert view.to_query(D(2017, 10, 18)) == {"pillar": ["cbrn", "public-spaces"], "actor": ["europol"],
                                              "status": ["new"], "as_of": ["2018-03-01"], "q": ["forum"],
                                              "due_to": ["2018-06-30"], "background": ["1"]}


def test_round_trip_through_the_url():
    view = View(Filters(("public-spaces",), ("commission",), ("ISF-Police",), ("planned",), "call", True),
                When(D(2018, 6, 1), D(2018, 1, 1), D(2018, 12, 31)))
    assert parse_query(view.to_query(CH.package_date), CH) == (view, [])


def test_params_keep_the_background_out_unless_asked():
    assert Filters().params() == {"pillars": None, "actors": None, "instruments": None,
                                  "statuses": ["new", "planned", "ongoing"], "q": None, "background": False}
    assert Filters(background=True).params()["statuses"] is None  # no filter: every measure
    assert Filters(statuses=("context",)).params() == {**Filters().params(), "statuses": ["context"],
                                                      "background": True}  # asking for the background shows it
    assert Filters(pillars=("cbrn",), q="x").params()["pillars"] == ["cbrn"]
    assert When(D(2018, 1, 1), None, D(2018, 6, 30)).params() == {"as_of": D(2018, 1, 1), "due_from": None,
                                                                 "due_to": D(2018, 6, 30)}


@pytest.mark.parametrize("view,n,background,sentence", [
    (View(Filters(), DEFAULT), 86, 0, "86 measures, status as of 18 October 2017"),
    (View(Filters(background=True), DEFAULT), 86, 14, "86 measures and 14 background items, status as of 18 October 2017"),
    (View(Filters(pillars=("cbrn", "public-spaces"), actors=("europol",)), When(D(2018, 3, 1))), 23, 0,
     "23 measures in CBRN and Public spaces involving Europol, status as of 1 March 2018"),
    (View(Filters(statuses=("new",), instruments=("ISF-Police",), q="call"), When(D(2018, 3, 1), D(2018, 1, 1))), 1, 0,
     "1 measure (new on the package date) funded from ISF-Police matching “call”, deadlines due from "
     "1 January 2018, status as of 1 March 2018"),
    (View(Filters(), When(D(2018, 3, 1), D(2018, 1, 1), D(2018, 6, 30))), 86, 0,
     "86 measures, deadlines due 1 January 2018 to 30 June 2018, status as of 1 March 2018"),
    (View(Filters(), When(D(2018, 3, 1), None, D(2018, 6, 30))), 86, 0,
     "86 measures, deadlines due by 30 June 2018, status as of 1 March 2018"),
])
def test_describe(view, n, background, sentence):
    assert describe(view, CH, n, background) == sentence
