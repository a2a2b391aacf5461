"""graph.build.cluster: the per-article work on a Dask cluster gives the same bytes."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.build.runner import build_graph

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
EXPORTS = ("graph.nq", "graph.trig", "graph.jsonld", "entities.csv", "mentions.csv", "relations.csv",
           "figures.csv", "graph.graphml", "graph.html")


def test_local_cluster_of_two_workers_is_byte_identical(tmp_path, monkeypatch):
    pytest.importorskip("distributed", reason="Dask distributed is in the test extra")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    one = build_graph([SEEDS], tmp_path / "one", progress=False, jobs=1)
    many = build_graph([SEEDS], tmp_path / "dask", progress=False, scheduler="local:2")
    assert (one.articles, one.errors) == (many.articles, many.errors) == (5, [])
    for name in EXPORTS:
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "dask" / name).read_bytes(), name
