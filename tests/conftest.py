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


@pytest.fixture(scope="session")
def learned_input(politics_dir):
    """``learned_input(n)``: n politics articles (sorted by name, spread over the folder)
    analysed by the rules up to the learned recogniser, as it reads them."""
    from graph.analyse.pipeline import make_nlp
    from graph.read.reader import read_article

    def docs(n: int) -> list:
        paths = sorted(politics_dir.glob("*.txt"))
        step = max(1, len(paths) // n)
        nlp = make_nlp(False)
        out = []
        for path in paths[::step][:n]:
            art = read_article(path, politics_dir)
            doc = nlp.make_doc(art.text)
            doc._.kg_exclude = [(art.body_end, len(art.text)), *art.skip_spans]
            for name, proc in nlp.pipeline:
                if name == "kg_mention_resolver":
                    break
                doc = proc(doc)
            out.append(doc)
        return out

    return docs
