"""Killable query workers: a pool for ``kg serve``, one worker for ``kg query``.

pyoxigraph cannot interrupt a running query, so queries run in worker processes
(:mod:`graph.query.worker`) and a query past its time limit is stopped the only
sure way: its worker is killed (SIGKILL), which frees all its memory, and a
fresh one takes its place. A worker that dies on its own (the engine aborting
at the memory cap, a crash) costs only the query it was running.

In a pool, at most half the workers may hold queries running longer than a
few seconds (``long_after``); a query reaching that mark when they all do is
stopped, so whatever an attacker sends, short queries find a worker soon.

The pool follows the build: for a store folder it reads ``LATEST`` whenever a
query is handed out (and every half second). When ``LATEST`` names a new
version, workers are opened on it; as soon as one is ready, every new query
goes to the new version, idle workers of the old one are stopped and busy ones
stop when their query ends. A version that cannot be opened is reported and
the pool keeps serving the one it has.

>>> from pathlib import Path
>>> from graph.query.worker import count_quads
>>> sample = Path(__file__).parents[2] / "tests/fixtures/golden/graph.trig"
>>> with Pool(sample, size=1, start_method="spawn") as pool:
...     pool.run(count_quads) > 0
True
"""

from __future__ import annotations

import collections
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

from graph.query.api import OpenError, locate
from graph.query.worker import Setup, main as worker_main
from graph.store import versions

__all__ = [
    "Pool", "Source", "WorkerLimits", "run_once",
    "SandboxError", "QueryTimeout", "Busy", "WorkerDied", "JobError", "StartFailed", "LongLaneFull",
]

STARTUP_TIMEOUT = 120.0  # a worker loading a big graph file takes a while
POLL = 0.5               # how often the pool looks at LATEST with no queries coming


class SandboxError(Exception):
    """A query that did not complete in its worker; the message says why, in one line."""


class QueryTimeout(SandboxError):
    def __init__(self, seconds: float):
        super().__init__(f"the query exceeded the time limit of {seconds:g} s and was stopped")
        self.seconds = seconds


class Busy(SandboxError):
    """No worker came free in time."""


class LongLaneFull(SandboxError):
    """A query still running at the long-query mark while as many long ones as may run already do."""


class WorkerDied(SandboxError):
    """The worker ended while running the query (memory cap reached, or the engine crashed)."""


class StartFailed(SandboxError):
    """A worker could not open the graph."""


class JobError(SandboxError):
    """The job raised in the worker; ``kind`` is ``syntax``, ``too-large``, ``memory`` or ``failed``."""

    def __init__(self, kind: str, message: str):
        super().__init__(message)
        self.kind = kind


class WorkerLimits:
    """Per-worker limits, bytes (0 = none), and whether SERVICE may reach the network."""

    def __init__(self, memory_bytes: int = 0, max_result_bytes: int = 0, network: bool = False):
        self.memory_bytes = memory_bytes
        self.max_result_bytes = max_result_bytes
        self.network = network

    def setup(self, kind: str, path: Path, die_with_parent: bool = True) -> Setup:
        return Setup(kind, path, self.memory_bytes, self.max_result_bytes, self.network, die_with_parent)


class Source:
    """What workers open: a store folder (following ``LATEST``) or a graph file.

    >>> Source(Path(__file__).parents[2] / "tests/fixtures/golden/graph.trig").kind
    'file'
    """

    def __init__(self, path: str | os.PathLike):
        self.kind, self.path = locate(path)

    def current(self) -> Path | None:
        """What to open now: the version ``LATEST`` names (a legacy store is its own), or the file."""
        if self.kind == "file":
            return self.path
        return versions.current(self.path)

    def label(self, version: Path | None) -> str:
        if self.kind == "store" and version is not None and version != self.path:
            return f"{self.path} ({version.name})"
        return str(self.path)


class _Worker:
    """One worker process and the parent's end of its pipe."""

    def __init__(self, ctx, setup: Setup, version: Path):
        self.version = version
        self.memory_bytes = setup.memory_bytes
        self.conn, child = ctx.Pipe(duplex=True)
        self.proc = ctx.Process(target=worker_main, args=(child, setup), daemon=True, name="kg-query-worker")
        self.proc.start()
        child.close()
        self.dead = False

    @property
    def pid(self) -> int | None:
        return self.proc.pid

    def wait_ready(self, timeout: float = STARTUP_TIMEOUT) -> None:
        if not self.conn.poll(timeout):
            self.kill()
            raise StartFailed(f"{self.version}: the worker did not open it within {timeout:g} s")
        try:
            status, message = self.conn.recv()
        except (EOFError, OSError):
            raise StartFailed(f"{self.version}: the worker {self._death()} while opening it") from None
        if status != "ready":
            self.kill()
            raise StartFailed(message)

    def call(self, func: Callable, args: tuple, timeout: float | None, long: _LongLane | None = None):
        try:
            self.conn.send((func, args))
            if long is not None and (timeout is None or long.after < timeout):
                if not self.conn.poll(long.after):
                    if not long.enter():
                        self.kill()
                        raise LongLaneFull(f"the query was stopped after {long.after:g} s: {long.size} long "
                                           f"quer{'y is' if long.size == 1 else 'ies are'} running already, "
                                           "as many as may; retry later, or narrow it")
                    try:
                        if not self.conn.poll(None if timeout is None else timeout - long.after):
                            self.kill()
                            raise QueryTimeout(timeout)
                    finally:
                        long.leave()
            elif not self.conn.poll(timeout):
                self.kill()
                raise QueryTimeout(timeout)
            reply = self.conn.recv()
        except (EOFError, OSError):
            raise WorkerDied(f"the query was stopped: its worker {self._death()}") from None
        if reply[0] == "ok":
            return reply[1]
        if reply[1] == "memory":
            self.dead = True  # it exits after saying so
        raise JobError(reply[1], reply[2])

    def _death(self) -> str:
        self.dead = True
        self.proc.join(2)
        code = self.proc.exitcode
        if code is None or code >= 0:
            return f"exited (status {code})"
        sig = -code
        name = signal.Signals(sig).name
        if sig == signal.SIGABRT:
            limit = f" of {_size(self.memory_bytes)}" if self.memory_bytes else ""
            return f"went past the worker memory limit{limit} (the engine aborted: {name})"
        if sig == signal.SIGKILL:
            return f"was killed ({name}), probably by the system for want of memory"
        return f"crashed ({name})"

    def kill(self) -> None:
        self.dead = True
        try:
            self.proc.kill()
            self.proc.join(5)
        except (OSError, ValueError, AssertionError):
            pass
        self.conn.close()


class _LongLane:
    """How many queries may run past ``after`` seconds at once (the rest of the pool stays
    free for short ones): a query reaching the mark with the lane full is stopped."""

    def __init__(self, size: int, after: float):
        self.size = size
        self.after = after
        self.running = 0
        self._lock = threading.Lock()

    def enter(self) -> bool:
        with self._lock:
            if self.running >= self.size:
                return False
            self.running += 1
            return True

    def leave(self) -> None:
        with self._lock:
            self.running -= 1


def _size(n: int) -> str:
    from graph.query.limits import format_size

    return format_size(n)


def _context(start_method: str, preload: tuple[str, ...] = ()):
    ctx = multiprocessing.get_context(start_method)
    if start_method == "forkserver":
        # Imported once in the fork server: each worker starts in milliseconds.
        ctx.set_forkserver_preload(["graph.query.worker", "graph.query.api", "pyoxigraph", *preload])
    return ctx


def run_once(path, func: Callable, *args, limits: WorkerLimits | None = None, timeout: float | None = None,
             start_method: str = "spawn"):
    """Run one job in a fresh worker over ``path`` and stop the worker (``kg query``)."""
    source = Source(path)
    version = source.current()
    if version is None:
        raise OpenError(f"{source.path}: no complete store version (LATEST names none)")
    worker = _Worker(_context(start_method), (limits or WorkerLimits()).setup(source.kind, version), version)
    try:
        worker.wait_ready()
        return worker.call(func, args, timeout)
    finally:
        worker.kill()


class Pool:
    """``size`` workers over a store folder or graph file, replaced when killed or when the build moves on.

    ``run(func, *args, timeout=…, wait=…)`` blocks until a worker is free (at most
    ``wait`` seconds, else :class:`Busy`), runs the job, and kills the worker at
    ``timeout`` (:class:`QueryTimeout`). Thread-safe: call it from many threads.

    With ``long_after``, at most ``long_lane`` workers (half the pool) may hold a
    query running longer than that: one reaching the mark when they all do is
    stopped (:class:`LongLaneFull`), so short queries always find a worker soon.
    """

    def __init__(self, path, size: int = 2, limits: WorkerLimits | None = None,
                 start_method: str = "forkserver", log: Callable[[str], None] | None = None,
                 preload: tuple[str, ...] = (), long_after: float | None = None, long_lane: int | None = None):
        self.source = path if isinstance(path, Source) else Source(path)
        self.size = max(1, size)
        self.limits = limits or WorkerLimits()
        self._ctx = _context(start_method, preload)
        self._forkserver = start_method == "forkserver"
        self._log = log or (lambda message: print(message, file=sys.stderr, flush=True))
        self._cond = threading.Condition()
        self._idle: list[_Worker] = []
        self._busy: set[_Worker] = set()
        self._waiting: collections.deque[object] = collections.deque()  # callers in line for a worker
        self._starting: dict[Path, int] = {}
        self._version: Path | None = None   # what queries go to
        self._next: Path | None = None      # a newer version being opened
        self._bad: set[Path] = set()        # versions that failed to open
        self._error: StartFailed | None = None
        self._closed = False
        self._keeper: threading.Thread | None = None
        self._start_lock = threading.RLock()
        self.replaced = 0                   # workers killed or lost, for status pages and tests
        # Past long_after seconds a query needs a place in the long lane (half the pool by default).
        self._long = (_LongLane(long_lane or max(1, self.size // 2), long_after)
                      if long_after and self.size > 1 else None)

    # -- life cycle ---------------------------------------------------------------------------

    def start(self, wait: bool = True) -> Pool:
        """Open the first worker (errors surface here as :class:`StartFailed`), then fill the pool."""
        with self._start_lock:
            if self._keeper is not None:
                return self
            version = self.source.current()
            if version is None:
                raise StartFailed(f"{self.source.path}: no complete store version (LATEST names none)")
            with self._cond:
                self._version = version
            if wait:
                worker = self._spawn(version)
                worker.wait_ready()
                with self._cond:
                    self._idle.append(worker)
            self._keeper = threading.Thread(target=self._keep, name="kg-pool-keeper", daemon=True)
            self._keeper.start()
        return self

    def close(self) -> None:
        with self._cond:
            self._closed = True
            workers = list(self._idle) + list(self._busy)
            self._idle.clear()
            self._cond.notify_all()
        for w in workers:
            w.kill()

    def __enter__(self) -> Pool:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.close()

    # -- running jobs -------------------------------------------------------------------------

    def run(self, func: Callable, *args, timeout: float | None = None, wait: float | None = None,
            admit: Callable[[], object] | None = None):
        """Run ``func(ctx, *args)`` in a worker. ``admit``, if given, is called once a worker is
        free and before the job goes to it: raising there hands the worker back unused."""
        if self._keeper is None:
            self.start()
        worker = self._acquire(wait)
        try:
            if admit is not None:
                admit()
            return worker.call(func, args, timeout, self._long)
        finally:
            self._release(worker)

    def _acquire(self, wait: float | None) -> _Worker:
        """A free worker of the current version, first come first served."""
        deadline = None if wait is None else time.monotonic() + wait
        ticket = object()
        with self._cond:
            self._follow()
            self._waiting.append(ticket)
            try:
                while True:
                    if self._closed:
                        raise Busy("the server is shutting down")
                    while self._idle and self._waiting[0] is ticket:
                        worker = self._idle.pop()
                        if worker.version == self._version and worker.proc.is_alive():
                            self._busy.add(worker)
                            return worker
                        self._discard(worker)
                    if self._error is not None and not self._alive(self._version):
                        raise self._error
                    remaining = None if deadline is None else deadline - time.monotonic()
                    if remaining is not None and remaining <= 0:
                        raise Busy(f"all {self.size} query workers stayed busy for {wait:g} s")
                    self._cond.notify_all()  # the keeper may have a worker to start
                    self._cond.wait(remaining if remaining is None else min(remaining, POLL))
            finally:
                self._waiting.remove(ticket)
                self._cond.notify_all()  # the next in line may take a worker now

    def _release(self, worker: _Worker) -> None:
        with self._cond:
            self._busy.discard(worker)
            if not worker.dead and worker.version == self._version and not self._closed:
                self._idle.append(worker)
            else:
                self._discard(worker)
            self._cond.notify_all()

    def _discard(self, worker: _Worker) -> None:
        """Stop a worker (called with the lock held; the kill itself is quick)."""
        if worker.dead:
            self.replaced += 1
        worker.kill()

    # -- keeping the pool full and on the latest version --------------------------------------

    def _alive(self, version: Path | None) -> int:
        return (sum(1 for w in self._idle if w.version == version)
                + sum(1 for w in self._busy if w.version == version)
                + self._starting.get(version, 0))

    def _follow(self) -> None:
        """Notice a new ``LATEST`` (lock held): open workers on it before switching."""
        if self.source.kind != "store":
            return
        latest = self.source.current()
        if latest is not None and latest not in (self._version, self._next) and latest not in self._bad:
            self._next = latest
            self._cond.notify_all()

    def _switch(self, worker: _Worker) -> None:
        """The new version's first worker is ready (lock held): send queries there from now on."""
        old, self._version, self._next = self._version, worker.version, None
        self._error = None
        for w in [w for w in self._idle if w.version != worker.version]:
            self._idle.remove(w)
            w.kill()
        self._idle.append(worker)
        self._log(f"kg serve: now answering from {self.source.label(worker.version)} (was {old.name if old else '-'})")

    def _spawn(self, version: Path) -> _Worker:
        # Forked by the fork server, a worker may die with it; spawned from one of our
        # threads it must not (that thread ends long before the pool).
        setup = self.limits.setup(self.source.kind, version, die_with_parent=self._forkserver)
        return _Worker(self._ctx, setup, version)

    def _start_one(self, version: Path) -> None:
        worker = None
        try:
            worker = self._spawn(version)
            worker.wait_ready()
        except (StartFailed, OSError) as exc:
            failure = exc if isinstance(exc, StartFailed) else StartFailed(f"{version}: cannot start a worker: {exc}")
            time.sleep(1.0)  # still counted as starting: the keeper does not spin on a store that cannot open
            with self._cond:
                self._starting[version] -= 1
                if version == self._next:
                    self._bad.add(version)
                    self._next = None
                    self._log(f"kg serve: cannot open {version}, still answering from "
                              f"{self.source.label(self._version)}: {failure}")
                else:
                    self._error = failure
                self._cond.notify_all()
            return
        with self._cond:
            self._starting[version] -= 1
            if self._closed:
                worker.kill()
            elif version == self._next:
                self._switch(worker)
            elif version == self._version:
                self._error = None
                self._idle.append(worker)
            else:
                worker.kill()  # its version was left behind while it opened
            self._cond.notify_all()

    def _keep(self) -> None:
        while True:
            with self._cond:
                if self._closed:
                    return
                self._follow()
                wanted = None
                if self._next is not None and not self._starting.get(self._next):
                    wanted = self._next
                elif self._next is None and self._alive(self._version) < self.size:
                    wanted = self._version
                if wanted is None:
                    self._cond.wait(POLL)
                    continue
                self._starting[wanted] = self._starting.get(wanted, 0) + 1
            threading.Thread(target=self._start_one, args=(wanted,), name="kg-pool-start", daemon=True).start()

    # -- what is going on ---------------------------------------------------------------------

    def status(self) -> dict:
        with self._cond:
            return {
                "version": (self._version.name if self._version is not None and self._version != self.source.path
                            else None),
                "workers": len(self._idle) + len(self._busy),
                "busy": len(self._busy),
                "size": self.size,
                "replaced": self.replaced,
                "long_running": self._long.running if self._long is not None else 0,
            }

    def pids(self) -> list[int]:
        with self._cond:
            return sorted(w.pid for w in list(self._idle) + list(self._busy) if w.pid is not None)
