"""The query worker: a process that opens the graph read-only and runs jobs sent over a pipe.

Started by :mod:`graph.query.sandbox` (spawn or forkserver, never a fork of a
server's event loop). Before it opens anything it caps its own memory
(``RLIMIT_DATA``: heap and anonymous mappings, what a query allocates; a query
past it makes the engine abort, which kills only this process), takes network
access away unless SERVICE endpoints are allowed (:mod:`graph.query.nonet`),
and asks to die with its parent (the fork server, or the command that started it). A job is a module-level function
``func(ctx, *args)`` given a :class:`Context`; its return value is sent back.

Replies on the pipe: ``("ready", None)`` or ``("failed", message)`` once, then
per job ``("ok", value)`` or ``("error", kind, message)`` with kind ``syntax``,
``too-large``, ``memory`` or ``failed``.

>>> buf = CappedBuffer(10)
>>> buf.write(b"12345"), bytes(buf.getvalue())
(5, b'12345')
>>> buf.write(b"678901")
Traceback (most recent call last):
graph.query.worker.ResultTooLarge: the result is larger than the limit of 10 bytes; add a LIMIT or narrow the query
"""

from __future__ import annotations

import ctypes
import os
import resource
import signal
from dataclasses import dataclass
from pathlib import Path

__all__ = ["Setup", "Context", "CappedBuffer", "ResultTooLarge", "main", "count_quads"]


class ResultTooLarge(Exception):
    """A job's output went past the result-size limit."""


@dataclass(frozen=True)
class Setup:
    """How a worker starts: what to open (``kind`` ``store`` = a version folder, ``file`` = a
    graph file loaded into memory) and its limits (bytes; 0 = none)."""

    kind: str
    path: Path
    memory_bytes: int = 0
    max_result_bytes: int = 0
    network: bool = False
    die_with_parent: bool = True  # only where the parent thread lives as long as the parent


class CappedBuffer:
    """A write-only byte buffer that raises :class:`ResultTooLarge` past ``cap`` bytes (0 = none).

    pyoxigraph serialises into it as it evaluates, so a huge result stops at the cap
    instead of filling memory first.
    """

    def __init__(self, cap: int):
        self.cap = cap
        self._buf = bytearray()

    def write(self, data) -> int:
        self._buf += data
        if self.cap and len(self._buf) > self.cap:
            self._buf = bytearray()
            raise ResultTooLarge(f"the result is larger than the limit of {_size(self.cap)}; "
                                 "add a LIMIT or narrow the query")
        return len(data)

    def flush(self) -> None:
        pass

    def getvalue(self) -> bytearray:
        return self._buf


class Context:
    """What a job gets: the graph (:class:`~graph.query.api.KnowledgeGraph`) and the result limit."""

    def __init__(self, kg, max_result_bytes: int = 0):
        self.kg = kg
        self.max_result_bytes = max_result_bytes

    def output(self) -> CappedBuffer:
        return CappedBuffer(self.max_result_bytes)

    def capped(self, data: bytes) -> bytes:
        """``data`` if within the result limit, else :class:`ResultTooLarge`."""
        if self.max_result_bytes and len(data) > self.max_result_bytes:
            raise ResultTooLarge(f"the result is larger than the limit of {_size(self.max_result_bytes)}; "
                                 "add a LIMIT or narrow the query")
        return data


def count_quads(ctx: Context) -> int:
    """A job: how many quads the graph holds."""
    return len(ctx.kg)


def _size(n: int) -> str:
    from graph.query.limits import format_size

    text = format_size(n)
    return f"{text} bytes" if text.isdigit() else f"{text}B"


def _die_with_parent() -> None:
    # Linux sends it when the parent *thread* ends: fine for a fork server's only thread
    # or a command's main thread, not for a worker started from a short-lived thread.
    try:
        ctypes.CDLL(None).prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def _open(setup: Setup):
    from graph.query.api import KnowledgeGraph, load_graph_file
    import pyoxigraph as ox

    if setup.kind == "file":
        return KnowledgeGraph(load_graph_file(setup.path), setup.path)
    return KnowledgeGraph(ox.Store.read_only(str(setup.path)), setup.path)


def main(conn, setup: Setup) -> None:
    """The worker's life: limits, open, then jobs until the pipe closes."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the server's to handle
    if setup.die_with_parent:
        _die_with_parent()
    os.environ["RUST_BACKTRACE"] = "0"  # an aborting engine prints one line, not a backtrace
    if setup.memory_bytes:
        resource.setrlimit(resource.RLIMIT_DATA, (setup.memory_bytes, setup.memory_bytes))
    if not setup.network:
        from graph.query.nonet import deny_network

        deny_network()
    # The engine's own last words (an abort at the memory cap) would garble the parent's
    # one-line errors; the parent reports how the worker ended instead.
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 2)
    os.close(devnull)
    try:
        ctx = Context(_open(setup), setup.max_result_bytes)
    except MemoryError:
        conn.send(("failed", (f"{setup.path}: opening it needs more than the worker memory limit "
                              f"of {_size(setup.memory_bytes)}")))
        return
    except Exception as exc:  # noqa: BLE001 - reported to the parent as one line
        conn.send(("failed", f"{setup.path}: cannot open it: {exc}"))
        return
    conn.send(("ready", None))
    while True:
        try:
            func, args = conn.recv()
        except (EOFError, OSError):
            return
        try:
            reply = ("ok", func(ctx, *args))
        except SyntaxError as exc:
            reply = ("error", "syntax", str(exc))
        except ResultTooLarge as exc:
            reply = ("error", "too-large", str(exc))
        except MemoryError:
            conn.send(("error", "memory", (f"the query needed more than the worker memory limit "
                                           f"of {_size(setup.memory_bytes)}")))
            return  # a fresh worker replaces this one, its heap whole again
        except Exception as exc:  # noqa: BLE001 - the job's failure, sent as one line
            reply = ("error", "failed", str(exc) or type(exc).__name__)
        try:
            conn.send(reply)
        except (BrokenPipeError, OSError):
            return
