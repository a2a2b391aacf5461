"""Shared fixtures: the real seeds, a real build of them, the shared corpus."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SHARED = Path(os.environ.get("KG_SHARED", ROOT.parent / "shared"))
POLITICS = SHARED / "corpus" / "politics"
GOLD = SHARED / "eval" / "seeds.gold.json"


@pytest.fixture(scope="session")
def seeds_exports(tmp_path_factory) -> Path:
    """A full ``kg build seeds/`` into a temporary folder (built once per run)."""
    from graph.build.runner import build_graph

    out = tmp_path_factory.mktemp("seeds-exports")
    report = build_graph([SEEDS], out)
    assert not report.errors, report.errors
    return out


@pytest.fixture(scope="session")
def politics_dir() -> Path:
    if not POLITICS.is_dir():
        pytest.skip("../shared/corpus/politics is not here")
    return POLITICS
