"""Helpers of the read tests: a guard against reads that block, the seed articles."""

from __future__ import annotations

import signal
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"


@contextmanager
def deadline(seconds: float):
    """Raise TimeoutError if the block takes longer: a read that blocks (a FIFO) or a
    quadratic step fails the test instead of hanging the suite. Not a timing assert:
    the limit is far above any sane run."""
    def expired(signum, frame):
        raise TimeoutError(f"still running after {seconds} s: blocked or super-linear")

    old = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


@pytest.fixture
def no_hang():
    return deadline


def seed_paths() -> list[Path]:
    return sorted(SEEDS.glob("*.txt"))
