"""The limits ``kg serve`` enforces, with their defaults (all configurable on the command line).

>>> limits = ServeLimits()
>>> limits.capacity, limits.worker_limits().memory_bytes // 2**20
(34, 384)
"""

from __future__ import annotations

from dataclasses import dataclass, field

from graph.query.limits import Limits
from graph.query.sandbox import WorkerLimits

__all__ = ["ServeLimits", "DEFAULT_TIMEOUT"]

DEFAULT_TIMEOUT = 30.0


@dataclass(frozen=True)
class ServeLimits:
    """Per query: ``timeout`` seconds, then the worker is killed; ``memory_bytes`` per worker
    (``RLIMIT_DATA``); ``max_result_bytes`` of serialised answer. Per server: ``workers``
    processes and ``queue`` more requests waiting (beyond: 503 with ``Retry-After``); past
    ``long_after`` seconds only half the workers may hold queries (beyond: stopped, 503).
    Per request: ``max_url_bytes`` (414), ``max_body_bytes`` (413), and ``query`` (size,
    nesting depth and SERVICE endpoints, checked before the engine sees the text)."""

    timeout: float = DEFAULT_TIMEOUT
    workers: int = 2
    queue: int = 32
    memory_bytes: int = 384 * 2**20
    max_result_bytes: int = 16 * 2**20
    max_url_bytes: int = 64 * 2**10
    max_body_bytes: int = 2**20
    query: Limits = field(default_factory=Limits)
    retry_after: int = 1
    long_after: float = 10.0  # past it a query needs a place among the half of the workers for long ones

    @property
    def capacity(self) -> int:
        """Requests that may be running or waiting at once."""
        return self.workers + self.queue

    def worker_limits(self) -> WorkerLimits:
        return WorkerLimits(memory_bytes=self.memory_bytes, max_result_bytes=self.max_result_bytes,
                            network=bool(self.query.allow_service))
