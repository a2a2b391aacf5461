"""``kg serve --store ROOT`` follows the build: versions published under ROOT while it runs
(graph.store.versions.next_version / publish) are answered from, without a restart; a version
``LATEST`` does not name, or names but is incomplete, never is."""

from __future__ import annotations

import shutil

import pyoxigraph as ox
import pytest

from graph.store import versions

pytestmark = pytest.mark.server

LABEL = "SELECT ?l WHERE { <http://ex/build> <http://ex/label> ?l }"


def write_version(root, label: str):
    """A complete version holding one fact, not yet published."""
    version = versions.next_version(root)
    store = ox.Store(str(version))
    store.add(ox.Quad(ox.NamedNode("http://ex/build"), ox.NamedNode("http://ex/label"), ox.Literal(label),
                      ox.NamedNode("http://ex/graph")))
    store.flush()
    del store  # closes it: a finished build
    return version


def label(server) -> str:
    r = server.get(LABEL, headers={"Accept": "text/csv"})
    assert r.status_code == 200, r.text
    return r.text.splitlines()[1]


def test_the_server_answers_from_each_version_published_while_it_runs(serve, tmp_path, procs):
    root = tmp_path / "store"
    root.mkdir()
    versions.publish(root, write_version(root, "one"))
    server = serve("--store", root, "--workers", "2")
    assert label(server) == "one" and server.status()["version"] == "v000001"
    assert procs.wait_for(lambda: len(server.workers()) == 2)
    first = set(server.workers())

    two = write_version(root, "two")  # written, not published: not shown
    assert label(server) == "one"

    versions.publish(root, two)
    assert procs.wait_for(lambda: label(server) == "two", 10)
    assert server.status()["version"] == "v000002"
    # The old version's workers are retired; the pool is whole again, on the new version.
    assert procs.wait_for(lambda: not first & set(server.workers()) and len(server.workers()) == 2, 10)

    # LATEST naming a half-written version (no RocksDB CURRENT yet): never opened.
    broken = versions.next_version(root)
    broken.mkdir()
    (broken / "000001.log").write_bytes(b"half")
    (root / "LATEST").write_text(broken.name + "\n")
    assert all(label(server) == "two" for _ in range(10))

    shutil.rmtree(broken)
    latest = write_version(root, "three")
    versions.publish(root, latest)
    assert procs.wait_for(lambda: label(server) == "three", 10)
    assert server.status()["version"] == latest.name
