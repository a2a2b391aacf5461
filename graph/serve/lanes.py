"""A narrow lane for queries that hit a limit: repeated heavy queries cannot take every worker.

A query stopped by the time, memory or result limit (or whose worker died) is
remembered by its fingerprint (:attr:`graph.query.limits.Scan.fingerprint`: the
token stream without layout, comments or variable names) for ten minutes. When
it comes again it may run only while fewer than ``lane`` such queries are
running (half the workers, at least one; copies started before it was known
count too); otherwise :class:`Refused` (503). One
stopped for its result or memory would be stopped again on the same data, so
for ``cooldown`` seconds after that it is refused outright, with the reason. An
attacker repeating a cartesian product then occupies at most one worker now and
then, and the normal queries keep the rest.

>>> heavy = HeavyQueries(lane=1, cooldown=0)
>>> heavy.admit("q1")  # not known: runs like any query, but is counted
True
>>> heavy.remember("q1", "the time limit"); heavy.running
1
>>> heavy.admit("q1")
Traceback (most recent call last):
graph.serve.lanes.Refused: this query was stopped by the time limit lately and 1 like it may run at once: retry later, or narrow it
>>> heavy.release("q1", True); heavy.admit("q1")
True
"""

from __future__ import annotations

import collections
import math
import threading
import time
from dataclasses import dataclass

__all__ = ["HeavyQueries", "Refused"]


class Refused(Exception):
    """A known heavy query that may not run now; the message says why and what to do."""


@dataclass
class _Stopped:
    reason: str
    forget_at: float
    refuse_until: float


class HeavyQueries:
    """Fingerprints of queries stopped lately, and which queries are running (thread-safe)."""

    def __init__(self, lane: int, cooldown: float = 10.0, remember_seconds: float = 600.0, size: int = 4096):
        self.lane = max(1, lane)
        self.cooldown = cooldown
        self.remember_seconds = remember_seconds
        self.size = size
        self._seen: collections.OrderedDict[str, _Stopped] = collections.OrderedDict()
        self._running: collections.Counter[str] = collections.Counter()  # fingerprint -> how many run
        self._lock = threading.Lock()

    @property
    def running(self) -> int:
        """Running queries known to be heavy (including copies started before it was known)."""
        with self._lock:
            return self._heavy_running(time.monotonic())

    def _heavy_running(self, now: float) -> int:
        return sum(n for k, n in self._running.items() if k in self._seen and self._seen[k].forget_at >= now)

    def remember(self, key: str | None, reason: str, deterministic: bool = False) -> None:
        """``reason`` completes "stopped by …"; deterministic stops (result, memory) also cool down."""
        if not key:
            return
        now = time.monotonic()
        with self._lock:
            self._seen[key] = _Stopped(reason, now + self.remember_seconds,
                                       now + self.cooldown if deterministic else 0.0)
            self._seen.move_to_end(key)
            while len(self._seen) > self.size:
                self._seen.popitem(last=False)

    def admit(self, key: str | None, take: bool = True) -> bool:
        """Whether the query was taken in (then :meth:`release` it); :class:`Refused` when it
        is a known heavy query cooling down, or the lane is full. ``take=False`` only checks
        (a request about to wait in the queue)."""
        if not key:
            return False
        now = time.monotonic()
        with self._lock:
            stopped = self._seen.get(key)
            if stopped is not None and stopped.forget_at < now:
                del self._seen[key]
                stopped = None
            if stopped is not None:
                if stopped.refuse_until > now:
                    raise Refused(f"this query was stopped by {stopped.reason} lately and would be again; it "
                                  f"is refused for {math.ceil(stopped.refuse_until - now)} s more: narrow it or "
                                  "add a LIMIT")
                if self._heavy_running(now) >= self.lane:
                    raise Refused(f"this query was stopped by {stopped.reason} lately and {self.lane} like it "
                                  "may run at once: retry later, or narrow it")
            if take:
                self._running[key] += 1
            return take

    def release(self, key: str | None, admitted: bool) -> None:
        if admitted and key:
            with self._lock:
                self._running[key] -= 1
                if self._running[key] <= 0:
                    del self._running[key]
