"""Results kept per (data, arguments) for every session of a process (tracker.queries.cached)."""
from __future__ import annotations

import functools
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pandas as pd
from tracker import queries
from tracker.filters import Filters, When
from tracker.scenario import Lever


def counting(fn):
    calls = []

    @functools.wraps(fn)  # the same signature, which the key binds to
    def counted(*args, **kwargs):
        calls.append((args, kwargs))
        return fn(*args, **kwargs)
    return counted, calls


def test_a_result_asked_by_many_sessions_at_once_is_computed_once_and_each_gets_a_copy():
    started = threading.Event()

    def slow(data, f):
        started.set()
        time.sleep(0.2)  # the others ask while this one computes
        return {"rows": pd.DataFrame({"pillar": ["cbrn", "encryption"], "n": [3, 4]}), "total": [7]}
    fn, calls = counting(slow)
    kept = queries.cached(fn)
    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(lambda _: kept("data-v1", Filters()), range(8)))
    assert len(calls) == 1
    assert all(r["rows"].to_dict("list") == {"pillar": ["cbrn", "encryption"], "n": [3, 4]} for r in results)
    results[0]["rows"].loc[0, "n"] = 99  # a page changing what it got changes nothing kept
    results[0]["total"].append(1)
    again = kept("data-v1", Filters())
    assert again["rows"]["n"].tolist() == [3, 4] and again["total"] == [7] and len(calls) == 1


def test_every_argument_is_part_of_the_key():
    fn, calls = counting(lambda data, f, when, levers=(), limit=None: len(calls))
    kept = queries.cached(fn)
    day = When(pd.Timestamp("2019-01-01").date())
    shift = (Lever("shift", "cbrn", 6),)
    assert kept("v1", Filters(), day) == 1
    assert kept("v1", Filters(), day) == 1  # kept
    assert kept("v2", Filters(), day) == 2  # other data
    assert kept("v1", Filters(pillars=("cbrn",)), day) == 3
    assert kept("v1", Filters(), When(pd.Timestamp("2019-01-02").date())) == 4
    assert kept("v1", Filters(), day, shift) == 5
    assert kept("v1", Filters(), day, (Lever("shift", "cbrn", 6),)) == 5  # equal levers, the same key
    assert kept("v1", Filters(), day, shift, limit=10) == 6
    assert kept("v1", Filters(), day, shift, limit=10) == 6


def test_a_call_is_keyed_by_what_it_binds_however_its_arguments_are_written():
    calls = []

    def fn(data, f, when=None, limit=20):
        calls.append((data, f, when, limit))
        return len(calls)
    kept = queries.cached(fn)
    assert kept("v1", Filters(), None, 20) == 1
    assert kept("v1", Filters(), limit=20) == 1  # the default and the keyword: the same call
    assert kept(data="v1", f=Filters()) == 1
    assert kept("v1", Filters(), None, 10) == 2
    assert kept("v1", Filters(), limit=10) == 2
    assert len(calls) == 2


def test_a_failure_is_not_kept_and_reaches_every_waiting_caller():
    attempts = []

    def flaky(data):
        attempts.append(1)
        time.sleep(0.1)
        if len(attempts) == 1:
            raise RuntimeError("the database went away")
        return 42
    kept = queries.cached(flaky)
    with ThreadPoolExecutor(4) as pool:
        outcomes = list(pool.map(lambda _: _outcome(lambda: kept("v1")), range(4)))
    assert outcomes.count("RuntimeError") >= 1 and len(attempts) <= 4
    assert kept("v1") == 42  # asked again: computed again, then kept
    n = len(attempts)
    assert kept("v1") == 42 and len(attempts) == n


def test_the_least_recently_used_result_goes_first(monkeypatch):
    monkeypatch.setattr(queries, "CACHED_ENTRIES", 2)
    fn, calls = counting(lambda x: x * 10)
    kept = queries.cached(fn)
    assert [kept(1), kept(2), kept(1), kept(3)] == [10, 20, 10, 30]  # 2 goes: 1 was used after it
    assert len(calls) == 3
    assert kept(1) == 10 and len(calls) == 3
    assert kept(2) == 20 and len(calls) == 4


def _outcome(call):
    try:
        return call()
    except RuntimeError as err:
        return type(err).__name__


def test_a_page_asking_twice_runs_the_statement_once(real_db, monkeypatch):
    statements = []
    run = queries._run
    monkeypatch.setattr(queries, "_run", lambda db, name, *a, **k: statements.append(name) or run(db, name, *a, **k))
    when = When(pd.Timestamp("2031-01-01").date())  # a day no other test asks for
    first = queries.scorecard(real_db, Filters(pillars=("cbrn",)), when)
    first.loc[0, "deadlines"] = -1
    second = queries.scorecard(real_db, Filters(pillars=("cbrn",)), when)
    assert statements == ["scorecard"] and second.loc[0, "deadlines"] >= 0


def test_a_prefetched_result_is_the_one_the_page_gets_computed_once():
    started, release = threading.Event(), threading.Event()

    def slow(data, f, limit=None):
        started.set()
        release.wait(5)
        return pd.DataFrame({"n": [limit]})
    fn, calls = counting(slow)
    kept = queries.cached(fn)
    queries.prefetch((kept, ("v1", Filters()), {"limit": 20}))
    assert started.wait(5)  # running in the background
    release.set()
    assert kept("v1", Filters(), limit=20)["n"].tolist() == [20]  # waits for it: no second computation
    assert len(calls) == 1


def test_a_prefetched_failure_reaches_the_page():
    def broken(data):
        raise ValueError("no such table")
    kept = queries.cached(broken)
    queries.prefetch((kept, ("v1",)))
    try:
        kept("v1")
    except ValueError as err:
        assert str(err) == "no such table"
    else:
        raise AssertionError("the failure was lost")
