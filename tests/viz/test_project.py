"""graph.viz.project: the networkx projection and its GraphML, on the golden seeds graph
(tests/fixtures/golden, scripts/gen_fixtures.py) and on a fresh build of the seeds."""

from __future__ import annotations

import warnings
from pathlib import Path

import networkx as nx
import pyoxigraph as ox
import pytest

from graph.errors import GraphFileError
from rdflib import Dataset

from graph.query.api import open_store
from graph.viz.project import load_store, to_networkx, write_graphml

GOLDEN = Path(__file__).parents[1] / "fixtures" / "golden"
FIXTURE = GOLDEN / "graph.trig"
KGID = "https://w3id.org/vnkg/id/"

TA_IDENT = """
SELECT DISTINCT ?e WHERE {
  ?p a <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#Phrase> ;
     <http://www.w3.org/2005/11/its/rdf#taIdentRef> ?e }"""


def _rdflib(path: Path) -> Dataset:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        ds = Dataset(default_union=True)
        return ds.parse(path, format="trig")


@pytest.fixture(scope="module")
def small() -> nx.MultiDiGraph:
    return to_networkx(FIXTURE)


def test_nodes_are_the_linked_entities(small, golden):
    linked = {str(row.e) for row in _rdflib(FIXTURE).query(TA_IDENT)}
    assert set(small.nodes) == linked == {row["iri"] for row in golden.rows("entities.csv")}
    # the articles carry kg:province but are not entities
    assert not any("/article/" in n for n in small.nodes)


def test_node_attributes(small, golden):
    # what the build's entities.csv says of each entity, the projection says too
    for row in golden.rows("entities.csv"):
        node = small.nodes[row["iri"]]
        assert (node["label"], node["aliases"], node["type"], node["subtype"]) == (
            row["label"], row["aliases"], row["type"], row["subtype"]), row["iri"]
        assert (node["mentions"], node["articles"]) == (int(row["mentions"]), len(row["articles"].split(" | ")))
    doc = small.nodes[golden.iri("Nghị quyết số 23-NQ/TU (Kon Tum)")]  # seed 003, named four ways
    assert doc["aliases"] == "Nghị quyết | Nghị quyết 23 | Nghị quyết 23-NQ/TU | Nghị quyết số 23-NQ/TU"
    assert (doc["type"], doc["subtype"], doc["articles"]) == ("Document", "Resolution", 1)
    person = small.nodes[golden.iri("Dương Văn Trang (Kon Tum)")]
    assert (person["type"], person["subtype"], person["mentions"]) == ("Person", "", 1)


def test_edges_carry_their_sentence(small, golden):
    edges = {(u, v, d["relation"]): d for u, v, d in small.edges(data=True)}
    # the relations of relations.csv between two entities (a date or a number is no edge)
    related = {(r["subject"], r["object"], r["predicate"]) for r in golden.rows("relations.csv")
               if r["object"].startswith(KGID)}
    assert set(edges) == related
    # one edge a statement, with its sentence (relations.csv cuts a long one short with "…")
    rows = [r for r in golden.rows("relations.csv") if r["object"].startswith(KGID)]
    assert small.number_of_edges() == len(rows)
    for u, v, d in small.edges(data=True):
        assert any((r["subject"], r["object"], r["predicate"]) == (u, v, d["relation"])
                   and (r["sentence"] == d["sentence"] or r["sentence"].endswith("…")
                        and d["sentence"].startswith(r["sentence"][:-1])) for r in rows), (u, v, d)
    held = edges[(golden.iri("Dương Văn Trang (Kon Tum)"), golden.iri("Tỉnh ủy Kon Tum"), "holdsPosition")]
    assert held["sentence"] == "Đồng chí Bí thư Tỉnh ủy Dương Văn Trang thăm vườn mắc ca tại huyện Kon Rẫy."
    assert held["graph"] == "https://w3id.org/vnkg/graph/003_672f3fa1ac6cf720/sentence/1454-1529"
    assert held["article"] == "https://w3id.org/vnkg/article/003_672f3fa1ac6cf720"


def test_rdflib_dataset_gives_the_same_graph(small):
    G = to_networkx(_rdflib(FIXTURE))
    assert list(G.nodes(data=True)) == list(small.nodes(data=True))
    assert list(G.edges(keys=True, data=True)) == list(small.edges(keys=True, data=True))


def test_oxigraph_backed_dataset_is_read_in_place(small):
    ds = Dataset(store="Oxigraph")
    ds.parse(FIXTURE, format="ox-trig")
    assert load_store(ds) is ds.store._store
    G = to_networkx(ds)
    assert list(G.edges(keys=True, data=True)) == list(small.edges(keys=True, data=True))


def test_graphml_is_byte_stable_and_keeps_attributes(small, tmp_path):
    a = write_graphml(small, tmp_path / "a.graphml")
    b = write_graphml(to_networkx(FIXTURE), tmp_path / "b.graphml")
    assert a.read_bytes() == b.read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.graphml", "b.graphml"]
    H = nx.read_graphml(a, force_multigraph=True)
    assert dict(H.nodes(data=True)) == dict(small.nodes(data=True))
    assert sorted(d["sentence"] for *_, d in H.edges(data=True)) == sorted(
        d["sentence"] for *_, d in small.edges(data=True)
    )


def test_graphml_refuses_non_scalars(small, tmp_path):
    G = small.copy()
    u, v, k = next(iter(G.edges(keys=True)))
    G.edges[u, v, k]["sentence"] = ["a", "list"]
    with pytest.raises(TypeError, match="attribute 'sentence' is list"):
        write_graphml(G, tmp_path / "bad.graphml")
    assert list(tmp_path.iterdir()) == []


def test_bad_input_names_the_file(tmp_path):
    broken = tmp_path / "broken.trig"
    broken.write_text("<a> <b> .\n", encoding="utf-8")
    with pytest.raises(GraphFileError, match="broken.trig: not valid TriG"):
        load_store(broken)
    with pytest.raises(GraphFileError, match="missing.trig: no such graph file"):
        to_networkx(tmp_path / "missing.trig")
    with pytest.raises(GraphFileError, match="graph.csv: unknown RDF file type"):
        to_networkx(tmp_path / "graph.csv")


def test_seeds_build(seeds_exports, tmp_path):
    trig = seeds_exports / "graph.trig"
    G = to_networkx(trig)
    store = ox.Store()
    store.load(path=trig)
    linked = {row["e"].value for row in store.query(TA_IDENT, use_default_graph_as_union=True)}
    assert linked and linked <= set(G.nodes)
    assert sum(1 for _, d in G.nodes(data=True) if d["mentions"]) == len(linked)
    assert all(d["label"] and d["type"] for _, d in G.nodes(data=True))
    assert all(d["sentence"] for *_, d in G.edges(data=True))
    out = write_graphml(G, tmp_path / "graph.graphml")
    H = nx.read_graphml(out, force_multigraph=True)
    assert dict(H.nodes(data=True)) == dict(G.nodes(data=True))
    assert H.number_of_edges() == G.number_of_edges()
    # the build's own export says the same
    if (seeds_exports / "graph.graphml").exists():
        B = nx.read_graphml(seeds_exports / "graph.graphml", force_multigraph=True)
        assert dict(B.nodes(data=True)) == dict(G.nodes(data=True))


def test_from_index_is_the_same_projection(seeds_exports):
    """The build's cheap projection (entity index + relations) gives the same graph as the
    full one: the same nodes, labels, counts and edges with their sentences."""
    from graph.viz.project import from_index

    store = open_store(seeds_exports)[0]
    A, B = from_index(store), to_networkx(store)
    assert sorted(A) == sorted(B)
    for n in A:
        a, b = dict(A.nodes[n]), dict(B.nodes[n])
        a.pop("subtype"), b.pop("subtype")  # the index keeps the most frequent subclass
        assert a == b, n
    assert sorted((u, v, d["relation"], d["graph"], d["sentence"]) for u, v, d in A.edges(data=True)) == \
        sorted((u, v, d["relation"], d["graph"], d["sentence"]) for u, v, d in B.edges(data=True))
