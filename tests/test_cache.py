"""The process-wide result cache: one computation per key however many callers, the most
recent results kept, a failure handed to every waiting caller and not kept."""
from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from tracker.cache import ResultCache


def test_a_result_is_computed_once_and_the_same_object_is_returned():
    cache, calls = ResultCache(), []

    def compute():
        calls.append(1)
        return {"rows": [1, 2]}

    first = cache.get(("q", "data", 1), compute)
    assert cache.get(("q", "data", 1), compute) is first
    assert calls == [1]


def test_concurrent_callers_wait_for_the_one_computation():
    cache, calls, gate = ResultCache(), [], threading.Event()

    def slow():
        calls.append(1)
        gate.wait(10)
        return 42

    with ThreadPoolExecutor(max_workers=8) as pool:
        futures = [cache.start("k", slow, pool) for _ in range(8)]
        time.sleep(0.05)  # give the workers time to start (the computation is blocked on the gate)
        gate.set()
        assert [f.result(10) for f in futures] == [42] * 8
    assert calls == [1]


def test_only_the_most_recent_results_are_kept():
    cache = ResultCache(size=2)
    for key in ("a", "b", "c"):
        cache.get(key, lambda key=key: key.upper())
    assert [k for k, _ in cache.items()] == ["b", "c"]
    cache.get("b", lambda: "again")  # a hit makes "b" the most recent
    cache.get("d", lambda: "D")
    assert dict(cache.items()) == {"b": "B", "d": "D"}


def test_a_failure_reaches_the_caller_and_is_not_kept():
    cache = ResultCache()
    with pytest.raises(ZeroDivisionError):
        cache.get("k", lambda: 1 / 0)
    assert len(cache) == 0
    assert cache.get("k", lambda: "fine") == "fine"
