"""Query results kept in this process, shared by every session.

A result is computed once per key (the query's name, the data it ran on and its arguments:
the frozen filter object among them) and the same object is handed to every caller: no copy
per read, unlike st.cache_data, which pickles a result when it stores it and unpickles it on
every hit. Results are read-only: pages and charts build new frames from them and never change
one in place (tests/test_pages.py checks this after running every page). A caller that asks for
a result another thread is computing waits for that computation. The most recent `size`
results are kept.
"""
from __future__ import annotations

import threading
from collections import OrderedDict
from concurrent.futures import Executor, Future
from typing import Callable, Hashable


class ResultCache:
    def __init__(self, size: int = 256):
        self.size = size
        self._done: OrderedDict[Hashable, object] = OrderedDict()
        self._running: dict[Hashable, Future] = {}
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._done)

    def items(self) -> list[tuple[Hashable, object]]:
        with self._lock:
            return list(self._done.items())

    def start(self, key: Hashable, compute: Callable[[], object], executor: Executor | None = None) -> Future:
        """A future of the result: already done when the result is kept, the running
        computation when another caller started it, else a new computation (on `executor`, or
        here and now when there is none)."""
        with self._lock:
            if key in self._done:
                self._done.move_to_end(key)
                future: Future = Future()
                future.set_result(self._done[key])
                return future
            if key in self._running:
                return self._running[key]
            future = Future()
            self._running[key] = future
        if executor is None:
            self._compute(key, compute, future)
        else:
            executor.submit(self._compute, key, compute, future)
        return future

    def get(self, key: Hashable, compute: Callable[[], object]):
        return self.start(key, compute).result()

    def _compute(self, key: Hashable, compute: Callable[[], object], future: Future) -> None:
        try:
            value = compute()
        except BaseException as err:  # noqa: BLE001 - handed to every waiting caller
            with self._lock:
                del self._running[key]
            future.set_exception(err)
            return
        with self._lock:
            del self._running[key]
            self._done[key] = value
            while len(self._done) > self.size:
                self._done.popitem(last=False)
        future.set_result(value)

    def clear(self) -> None:
        with self._lock:
            self._done.clear()
