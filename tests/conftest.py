"""Shared fixtures: the real seeds, a real build of them, their golden exports, the shared corpus."""

from __future__ import annotations

import csv
import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SHARED = Path(os.environ.get("KG_SHARED", ROOT.parent / "shared"))
POLITICS = SHARED / "corpus" / "politics"
GOLD = SHARED / "eval" / "seeds.gold.json"
GOLDEN = ROOT / "tests" / "fixtures" / "golden"


class Goldens:
    """The seeds' golden exports (``tests/fixtures/golden``, written by scripts/gen_fixtures.py)."""

    def rows(self, name: str) -> list[dict[str, str]]:
        """The rows of a golden CSV export (``entities.csv``, ``relations.csv`` …)."""
        with (GOLDEN / name).open(encoding="utf-8", newline="") as f:
            return list(csv.DictReader(f))

    def iri(self, label: str) -> str:
        """The IRI of the seeds' one entity with this label."""
        [found] = [row["iri"] for row in self.rows("entities.csv") if row["label"] == label]
        return found


@pytest.fixture(scope="session")
def golden() -> Goldens:
    return Goldens()


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
