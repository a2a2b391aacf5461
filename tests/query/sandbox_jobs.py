"""Jobs the sandbox tests send to workers (a worker imports them by name, so they live in a module)."""

from __future__ import annotations

import socket
import time


def source(ctx) -> str:
    return str(ctx.kg.source)


def slow_source(ctx, seconds: float) -> str:
    time.sleep(seconds)
    return str(ctx.kg.source)


def allocate(ctx, nbytes: int) -> int:
    return len(bytearray(nbytes))


def connect(ctx, port: int) -> str:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=2).close()
        return "connected"
    except OSError as exc:
        return type(exc).__name__


def engine_service(ctx, port: int) -> str:
    """SERVICE straight to the engine, past every lexical check."""
    try:
        list(ctx.kg.raw(f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}"))
        return "answered"
    except OSError as exc:
        return str(exc)


def crash(ctx) -> None:
    import ctypes

    ctypes.string_at(0)  # SIGSEGV


def count(ctx, query: str) -> int:
    return len(list(ctx.kg.raw(query)))
