"""The embedded store: incremental replace/remove by article, hashes, exports, locking, graph.open."""

from __future__ import annotations

import datetime
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Dataset

from graph.query.api import OpenError, open as open_graph
from graph.store.knowledge_store import KnowledgeStore, StoreError, article_graph_prefix

#: The seeds built by the real pipeline (scripts/gen_fixtures.py): five articles, the build and entity graphs.
SAMPLE = Path(__file__).parents[1] / "fixtures" / "golden" / "graph.trig"
G = "https://w3id.org/vnkg/graph/"
RDF, RDFS = "http://www.w3.org/1999/02/22-rdf-syntax-ns#", "http://www.w3.org/2000/01/rdf-schema#"
SKOS, KG = "http://www.w3.org/2004/02/skos/core#", "https://w3id.org/vnkg/ontology#"
KEYS = sorted(p.stem for p in (Path(__file__).parents[2] / "seeds").glob("*.txt"))
#: Two of the seeds: A (000) names Nguyễn Phú Trọng, B (003) names him and Dương Văn Trang, whom A does not.
A, B = "000_5588cd3b938c6cd5", "003_672f3fa1ac6cf720"


def sample_quads() -> list[ox.Quad]:
    return list(ox.parse(path=str(SAMPLE), format=ox.RdfFormat.TRIG))


def article_quads(key: str) -> list[ox.Quad]:
    return [q for q in sample_quads() if q.graph_name.value.startswith(article_graph_prefix(key))]


def graphs_of(store: KnowledgeStore) -> set[str]:
    return {g.value for g in store.store.named_graphs()}


@pytest.fixture
def store(tmp_path):
    with KnowledgeStore.open(tmp_path / "store") as s:
        for key in KEYS:
            s.replace_article(key, article_quads(key))
        for graph in (G + "build", G + "entities"):
            s.replace_graph(graph, [q for q in sample_quads() if q.graph_name.value == graph])
        yield s


def test_loads_every_quad_of_the_fixture(store):
    assert len(store) == len(sample_quads())
    assert graphs_of(store) == {q.graph_name.value for q in sample_quads()}


def test_article_hashes_round_trip(store):
    import hashlib

    rows = open_graph(SAMPLE).query(
        "SELECT ?key ?text WHERE { ?a <https://w3id.org/vnkg/ontology#articleKey> ?key ;"
        " <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#isString> ?text }")
    texts = {r["key"]: r["text"] for r in rows}
    assert store.article_hashes() == {k: hashlib.sha256(t.encode()).hexdigest() for k, t in texts.items()}
    assert sorted(store.article_hashes()) == KEYS


def test_replace_article_touches_only_that_article(store):
    before_b = {q for q in store.store if q.graph_name.value.startswith(article_graph_prefix(B))}
    before_build = set(store.store.quads_for_pattern(None, None, None, ox.NamedNode(G + "build")))
    art = ox.NamedNode("https://w3id.org/vnkg/article/" + A)
    new_graph = ox.NamedNode(G + A + "/text")
    new = [
        ox.Quad(art, ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
                ox.NamedNode("https://w3id.org/vnkg/ontology#Article"), new_graph),
        ox.Quad(art, ox.NamedNode("https://w3id.org/vnkg/ontology#contentHash"), ox.Literal("new-hash"), new_graph),
    ]
    store.replace_article(A, new)
    assert store.article_hashes()[A] == "new-hash"
    # the old sentence graphs of article a are gone, b and the build graph are untouched
    assert [g for g in graphs_of(store) if g.startswith(G + A + "/")] == [G + A + "/text"]
    assert {q for q in store.store if q.graph_name.value.startswith(article_graph_prefix(B))} == before_b
    assert set(store.store.quads_for_pattern(None, None, None, ox.NamedNode(G + "build"))) == before_build
    # replacing again with the original restores the original dataset exactly (blank nodes aside)
    store.replace_article(A, article_quads(A))
    assert len(store) == len(sample_quads())


def person_slugs(store: KnowledgeStore) -> set[str]:
    """The people of the articles' own graphs (the entity index is the build's to rewrite), by name
    (the IRI's last part without its hash)."""
    rows = store.store.query("SELECT DISTINCT ?p WHERE { GRAPH ?g { ?p a <https://w3id.org/vnkg/ontology#Person> } "
                             f"FILTER(?g != <{G}entities>) }}")
    return {r["p"].value.rsplit("/", 1)[1].rsplit("-", 1)[0] for r in rows}


def test_remove_article(store):
    n_b = len(store.article_graphs(B))
    assert n_b > 1
    assert {"nguyen-phu-trong", "duong-van-trang"} <= person_slugs(store)
    assert store.remove_article(B) == n_b
    assert not any(g.startswith(G + B + "/") for g in graphs_of(store))
    assert sorted(store.article_hashes()) == [k for k in KEYS if k != B]
    # Dương Văn Trang was only in b; Nguyễn Phú Trọng is in a too
    people = person_slugs(store)
    assert "nguyen-phu-trong" in people and "duong-van-trang" not in people
    assert store.remove_article(B) == 0


def test_replace_refuses_quads_of_another_article(store):
    with pytest.raises(StoreError, match=B + ".*outside its graphs"):
        store.replace_article(B, article_quads(A))
    assert len(store) == len(sample_quads())  # nothing changed


def test_rdflib_dataset_input(tmp_path):
    ds = Dataset()
    ds.parse(SAMPLE, format="trig")
    with KnowledgeStore.open(tmp_path / "s") as s:
        s.replace_article(B, ds.graph(G + B + "/text"))
        assert set(s.article_hashes()) == {B}


def test_dump_round_trips_and_is_atomic(store, tmp_path):
    for name in ("graph.trig", "graph.nq"):
        out = store.dump(tmp_path / name)
        back = ox.Store()
        back.load(path=str(out))
        assert len(back) == len(store)
        assert not list(tmp_path.glob(f".{name}.*"))  # no temp file left
    with pytest.raises(StoreError, match="unknown export format"):
        store.dump(tmp_path / "graph.xyz")


def test_second_writer_gets_a_clear_error_and_readers_still_work(store):
    with pytest.raises(StoreError, match="already open read-write"):
        KnowledgeStore.open(store.path)
    store.store.flush()
    # another process can read meanwhile (Store.read_only), through graph.open
    code = ("import graph.query.api as a, sys; kg = a.open(sys.argv[1]); "
            "print(kg.query('SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }')[0]['n'])")
    out = subprocess.run([sys.executable, "-c", code, str(store.path)], capture_output=True, text=True,
                         cwd=Path(__file__).parents[2], check=True)
    assert int(out.stdout) == len(store)


def test_open_accepts_store_exports_folder_and_files(store, tmp_path):
    store.close()
    exports = store.path.parent
    for source in (store.path, exports, SAMPLE):
        kg = open_graph(source)
        rows = kg.named("figures")
        assert len(rows) == len(open_graph(SAMPLE).named("figures")) > 10
        # the one figure of the seeds measured against its plan: 111 new party members in 2023 (000)
        assert [(r["period"], r["value"], r["shareOfPlan"]) for r in rows if r["shareOfPlan"] is not None] == [
            ("2023", Decimal("111"), Decimal("111"))]
    nq = tmp_path / "g.nq"
    KnowledgeStore(open_graph(SAMPLE).store).dump(nq)
    assert len(open_graph(nq)) == len(sample_quads())
    with pytest.raises(OpenError, match="no such store"):
        open_graph(tmp_path / "missing")
    (tmp_path / "empty").mkdir()
    with pytest.raises(OpenError, match="holds neither a store"):
        open_graph(tmp_path / "empty")
    bad = tmp_path / "bad.trig"
    bad.write_text("<a> <b> .", encoding="utf-8")
    with pytest.raises(OpenError, match="bad.trig: not valid"):
        open_graph(bad)


def test_query_values_union_default_graph_and_dataset():
    kg = open_graph(SAMPLE)
    rows = kg.query("""SELECT ?asOf ?former ?conf ?g WHERE {
        GRAPH ?g { ?m <https://w3id.org/vnkg/ontology#asOf> ?asOf ; <https://w3id.org/vnkg/ontology#former> ?former ;
                      <http://www.w3.org/ns/org#member> ?p }
        ?a <http://www.w3.org/1999/02/22-rdf-syntax-ns#subject> ?p ; <https://w3id.org/vnkg/ontology#confidence> ?conf
    } ORDER BY ?asOf""")
    assert rows.variables == ["asOf", "former", "conf", "g"]
    # the posts article 003 states on 20/4/2024 (Nguyễn Phú Trọng's, Dương Văn Trang's), none a former one
    assert {(r["asOf"], r["former"]) for r in rows} == {(datetime.date(2024, 4, 20), False)}
    assert len(rows) >= 2 and all(0.5 < r["conf"] <= 1 for r in rows)
    assert all(r["g"].startswith(G) and "/sentence/" in r["g"] for r in rows)
    assert kg.query("ASK { ?s a <https://w3id.org/vnkg/ontology#Person> }") is True
    graph = kg.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s a <https://w3id.org/vnkg/ontology#Person> ; ?p ?o }")
    assert len(graph) > 4 and all(str(s).startswith("https://w3id.org/vnkg/id/person/") for s, _, _ in graph)
    # the rdflib Dataset sees the same data through oxrdflib
    n = list(kg.dataset.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"))[0][0]
    assert int(n) == len(sample_quads())


def test_real_seeds_build_store_matches_its_exports(seeds_exports):
    """The store `kg build seeds/` wrote: one entry per seed file, consistent with graph.trig."""
    seeds = sorted(p.stem for p in (Path(__file__).parents[2] / "seeds").glob("*.txt"))
    with KnowledgeStore.current(seeds_exports / "store") as store:
        hashes = store.article_hashes()
        n = len(store)
    assert sorted(hashes) == seeds
    exported = open_graph(seeds_exports / "graph.trig")
    assert len(exported) == n
    rows = exported.query("SELECT ?k ?h WHERE { ?a <https://w3id.org/vnkg/ontology#articleKey> ?k ;"
                          " <https://w3id.org/vnkg/ontology#contentHash> ?h }")
    assert {r["k"]: r["h"] for r in rows} == hashes


def test_named_queries_on_the_real_seeds_graph(seeds_exports):
    from graph.query.api import named_queries

    kg = open_graph(seeds_exports)
    answered = {name for name in named_queries() if kg.named(name)}
    # the seeds name organisations, documents and people in every article
    assert {"entities", "documents", "articles", "entity", "article", "provenance"} <= answered
    orgs = kg.named("entities")
    assert all(r["type"] == "https://w3id.org/vnkg/ontology#Organization" and r["mentions"] >= 1 for r in orgs)
    top = orgs[0]["entity"]
    facts = kg.named("entity", entity=top)
    assert facts and all(r["entity"] == top for r in facts)
    # what the entity index says comes without a sentence, every other fact with its own
    index = {r["predicate"] for r in facts if r["sentenceText"] is None}
    assert index and index <= {RDF + "type", RDFS + "label", SKOS + "prefLabel", SKOS + "altLabel", KG + "mentionCount"}
    assert any(r["sentenceText"] for r in facts)
