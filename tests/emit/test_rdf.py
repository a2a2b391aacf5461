"""The RDF a build writes (graph.emit.quads through graph.build.runner), checked on the real seeds build.

Offsets, texts and provenance are read back from ``graph.trig`` with SPARQL
(pyoxigraph) and compared with the input files themselves.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path
from urllib.parse import quote

import pyoxigraph as ox
import pytest
import rdflib

from graph.rdf.vocab import ARTICLE, GRAPH, ID

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"

PREFIXES = f"""
PREFIX nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#>
PREFIX itsrdf: <http://www.w3.org/2005/11/its/rdf#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX kg: <https://w3id.org/vnkg/ontology#>
PREFIX kgg: <{GRAPH}>
"""


def load_store(path: Path) -> ox.Store:
    store = ox.Store()
    store.load(path=str(path), format=ox.RdfFormat.N_QUADS if path.suffix == ".nq" else ox.RdfFormat.TRIG)
    return store


def select(store: ox.Store, query: str) -> list[dict]:
    res = store.query(PREFIXES + query)
    names = [v.value for v in res.variables]
    return [{n: row[n].value if row[n] is not None else None for n in names} for row in res]


def source_iri(path: Path, root: Path | None = None) -> str:
    """The nif:sourceUrl of a file built from the folder ``root`` (default: its own folder):
    ``file:`` and the path under the folder's parent, never an absolute path."""
    root = root or path.parent
    return "file:" + quote(f"{root.name}/{path.relative_to(root).as_posix()}")


def file_text(path: Path) -> str:
    return unicodedata.normalize("NFC", path.read_bytes().decode("utf-8-sig"))


# -- checks shared with the corpus build (tests/build/test_runner.py) --------------------------------------
def check_contexts(store: ox.Store, files: list[Path], root: Path | None = None) -> None:
    """One nif:Context per file; its isString is the file's NFC text, its sourceUrl the file."""
    rows = select(store, """
        SELECT ?ctx ?text ?url ?end WHERE { GRAPH ?g {
            ?ctx a nif:Context ; nif:isString ?text ; nif:sourceUrl ?url ; nif:endIndex ?end } }""")
    by_url = {source_iri(p, root): p for p in files}
    assert sorted(r["url"] for r in rows) == sorted(by_url)
    for r in rows:
        assert r["text"] == file_text(by_url[r["url"]]), r["url"]
        assert int(r["end"]) == len(r["text"])
        assert r["ctx"].startswith(str(ARTICLE))


def check_offsets(store: ox.Store, cls: str) -> int:
    """isString[begin:end] == anchorOf for every nif:Phrase or nif:Sentence."""
    texts = {r["ctx"]: r["text"] for r in select(store, """
        SELECT ?ctx ?text WHERE { GRAPH ?g { ?ctx a nif:Context ; nif:isString ?text } }""")}
    rows = select(store, f"""
        SELECT ?s ?ctx ?b ?e ?a WHERE {{ GRAPH ?g {{
            ?s a nif:{cls} ; nif:referenceContext ?ctx ; nif:beginIndex ?b ; nif:endIndex ?e ;
               nif:anchorOf ?a }} }}""")
    assert rows
    frag = "char" if cls == "Phrase" else "sentence"
    for r in rows:
        b, e = int(r["b"]), int(r["e"])
        assert texts[r["ctx"]][b:e] == r["a"], r
        assert r["s"] == f"{r['ctx']}#{frag}={b},{e}"  # the documented IRI shape
    return len(rows)


# -- on the seeds build ---------------------------------------------------------------------------
@pytest.fixture(scope="module")
def store(seeds_exports) -> ox.Store:
    return load_store(seeds_exports / "graph.trig")


def test_trig_parses_alike_in_rdflib_and_pyoxigraph(seeds_exports, store):
    ds = rdflib.Dataset()
    ds.parse(seeds_exports / "graph.trig", format="trig")
    n_rdflib = sum(1 for _ in ds.quads((None, None, None, None)))
    assert n_rdflib == len(store) > 0
    # N-Quads says the same
    # N-Quads and JSON-LD say the same
    for name, fmt in (("graph.nq", ox.RdfFormat.N_QUADS), ("graph.jsonld", ox.RdfFormat.JSON_LD)):
        other = ox.Store()
        other.load(path=str(seeds_exports / name), format=fmt)
        assert len(other) == len(store), name


def test_contexts_are_the_files(store):
    check_contexts(store, sorted(SEEDS.glob("*.txt")))


def test_phrase_offsets(store):
    assert check_offsets(store, "Phrase") > 100


def test_sentence_offsets(store):
    assert check_offsets(store, "Sentence") > 50


def test_phrase_lies_in_its_sentence(store):
    rows = select(store, """
        SELECT ?p ?pb ?pe ?sb ?se WHERE { GRAPH ?g {
            ?p a nif:Phrase ; nif:beginIndex ?pb ; nif:endIndex ?pe ; nif:sentence ?s .
            ?s nif:beginIndex ?sb ; nif:endIndex ?se } }""")
    assert rows
    for r in rows:
        assert int(r["sb"]) <= int(r["pb"]) < int(r["pe"]) <= int(r["se"]), r


def test_every_phrase_names_a_described_entity(store):
    # the entity is typed and labelled in the fact graph of the phrase's sentence
    missing = select(store, """
        SELECT ?p ?ent WHERE {
            GRAPH ?tg { ?p a nif:Phrase ; itsrdf:taIdentRef ?ent ; nif:sentence ?s .
                        ?fg prov:wasDerivedFrom ?s }
            FILTER NOT EXISTS { GRAPH ?fg { ?ent a ?type ; rdfs:label ?label } } }""")
    assert missing == []


def test_sentence_fact_graphs_have_provenance(store):
    graphs = [r["g"] for r in select(store, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")]
    facts = [g for g in graphs if "/sentence/" in g]
    assert facts
    described = select(store, """
        SELECT ?fg ?sent ?act ?version WHERE {
            GRAPH ?tg { ?fg prov:wasDerivedFrom ?sent ; prov:wasGeneratedBy ?act .
                        ?sent a nif:Sentence }
            GRAPH ?bg { ?act a prov:Activity ; kg:softwareVersion ?version } }""")
    by_graph = {r["fg"]: r for r in described}
    for g in facts:
        assert g in by_graph, g
        r = by_graph[g]
        # kgg:{key}/sentence/{b}-{e} is derived from kgart:{key}#sentence={b},{e}
        key, span = g[len(str(GRAPH)):].split("/sentence/")
        b, e = span.split("-")
        assert r["sent"] == f"{ARTICLE}{key}#sentence={b},{e}"
        assert r["version"]


def test_every_named_graph_is_documented(store):
    graphs = {r["g"] for r in select(store, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")}
    assert f"{GRAPH}build" in graphs and f"{GRAPH}entities" in graphs
    for g in graphs - {f"{GRAPH}build", f"{GRAPH}entities"}:
        assert g.startswith(str(GRAPH))
        rest = g[len(str(GRAPH)):]
        assert rest.endswith("/text") or "/sentence/" in rest, g
    keys = {g[len(str(GRAPH)):].split("/")[0] for g in graphs if g.endswith("/text")}
    assert keys == {p.stem for p in SEEDS.glob("*.txt")}


def test_entity_iris_follow_the_documented_shape(store):
    rows = select(store, "SELECT DISTINCT ?e WHERE { GRAPH ?g { ?p itsrdf:taIdentRef ?e } }")
    assert rows
    for r in rows:
        rest = r["e"][len(str(ID)):]
        assert r["e"].startswith(str(ID))
        type_, scope, slug = rest.split("/", 2)
        assert type_ in ("org", "person", "document", "campaign", "event", "place")
        assert scope == "vn" or scope.startswith("a-") or scope.replace("-", "").isalpha()
        assert slug and "/" not in slug


def test_seed_metadata_is_in_the_graph(store):
    rows = select(store, """
        PREFIX schema: <https://schema.org/>
        SELECT ?key ?headline ?date WHERE { GRAPH ?g {
            ?ctx kg:articleKey ?key .
            OPTIONAL { ?ctx schema:headline ?headline }
            OPTIONAL { ?ctx schema:datePublished ?date } } }""")
    by_key = {r["key"][:3]: r for r in rows}
    assert by_key["003"]["headline"] == "Quyết tâm thực hiện thắng lợi Nghị quyết số 23-NQ/TU"
    assert by_key["003"]["date"] == "2024-04-20T06:17:00"
    assert by_key["004"]["date"] == "2023-12-28T17:00:00"


def test_every_relation_has_its_assertion(store):
    """Each kg:Assertion restates a triple of its own graph, with rule, confidence and sentence."""
    rows = select(store, """
        PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
        SELECT ?g ?a ?s ?p ?o ?rule ?conf ?sent ?asserted WHERE { GRAPH ?g {
            ?a a kg:Assertion ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ;
               kg:rule ?rule ; kg:confidence ?conf ; prov:wasDerivedFrom ?sent .
            BIND(EXISTS { ?s ?p ?o } AS ?asserted) } }""")
    assert len(rows) > 20
    sentences = {r["s"] for r in select(store, "SELECT ?s WHERE { GRAPH ?g { ?s a nif:Sentence } }")}
    for r in rows:
        assert r["asserted"] == "true", r
        assert 0 < float(r["conf"]) <= 1
        assert r["sent"] in sentences
        # the fact graph is the one of the sentence the assertion cites
        key, span = r["g"][len(str(GRAPH)):].split("/sentence/")
        assert r["sent"] == f"{ARTICLE}{key}#sentence={span.replace('-', ',')}"


def test_issue_dates_are_dates(store):
    rows = select(store, """
        SELECT ?d (DATATYPE(?d) AS ?t) WHERE { GRAPH ?g { ?doc kg:issuedOn ?d } }""")
    assert rows
    for r in rows:
        assert r["t"] == "http://www.w3.org/2001/XMLSchema#date"
    # seed 003: "Ngày 5/12/2023, Tỉnh ủy ban hành Nghị quyết số 23-NQ/TU"
    assert "2023-12-05" in {r["d"] for r in rows}


def test_memberships_have_role_and_status(store):
    rows = select(store, """
        PREFIX org: <http://www.w3.org/ns/org#>
        SELECT ?m ?person ?body ?role ?former WHERE { GRAPH ?g {
            ?m a org:Membership ; org:member ?person ; org:organization ?body ; org:role ?role ;
               kg:former ?former .
            ?person kg:holdsPosition ?body } }""")
    assert rows  # seed 003: "Bí thư Tỉnh ủy Dương Văn Trang"
    for r in rows:
        assert r["former"] in ("true", "false")


def test_article_province(store):
    rows = select(store, """
        SELECT ?key ?prov WHERE { GRAPH ?g { ?ctx kg:articleKey ?key . OPTIONAL { ?ctx kg:province ?prov } } }""")
    by_key = {r["key"][:3]: r["prov"] for r in rows}
    # 002 by its source kontumtv.vn; 000 and 003 by the places they name; 001 and 004 name none
    kon_tum = {by_key[k] for k in ("000", "002", "003")}
    assert len(kon_tum) == 1 and kon_tum.pop().endswith("-kon-tum")
    assert by_key["001"] is None and by_key["004"] is None


def test_index_names_each_classs_most_mentioned_entities(store):
    # what the `entities` query reads instead of sorting every entity of a class
    from graph.emit.quads import MOST_MENTIONED

    counts = {r["e"]: int(r["n"]) for r in select(store, """SELECT ?e ?n WHERE {
        GRAPH kgg:entities { ?e kg:mentionCount ?n } }""")}
    marked = select(store, "SELECT ?t ?e WHERE { GRAPH kgg:entities { ?t kg:mostMentioned ?e } }")
    assert marked
    classes = {r["t"] for r in select(store, "SELECT DISTINCT ?t WHERE { GRAPH kgg:entities { ?e a ?t } }")}
    assert {r["t"] for r in marked} == classes
    for t in classes:
        rows = select(store, f"SELECT ?e WHERE {{ GRAPH kgg:entities {{ ?e a <{t}> ; kg:mentionCount ?n }} }}")
        members = sorted((r["e"] for r in rows), key=lambda e: (-counts[e], e))
        got = {r["e"] for r in marked if r["t"] == t}
        assert members and got == set(members[:MOST_MENTIONED]), t


def test_most_mentioned_cuts_at_the_limit_ties_by_iri():
    from graph.emit.quads import MOST_MENTIONED, entity_index_lines, pipeline_activity
    from graph.model import Entity
    from graph.query.api import named_queries

    # the entities query lists as many as the index names
    assert f"LIMIT {MOST_MENTIONED}" in named_queries()["entities"].text
    iris = [f"https://w3id.org/vnkg/id/org/vn/o-{i:03d}" for i in range(MOST_MENTIONED + 5)]
    ents = {e: Entity(e, "Organization", None, e[-5:]) for e in iris}
    counts = {e: (9 if i < 3 else 1) for i, e in enumerate(reversed(iris))}  # the 3 last IRIs most mentioned
    lines = entity_index_lines(ents, counts, pipeline_activity("x"))
    marked = [q.split(" ")[2] for q in lines if " <https://w3id.org/vnkg/ontology#mostMentioned> " in q]
    assert all(q.startswith("<https://w3id.org/vnkg/ontology#Organization> ") for q in lines if "#mostMentioned>" in q)
    want = iris[-3:] + iris[:MOST_MENTIONED - 3]  # then the ties, by IRI
    assert sorted(marked) == sorted(f"<{e}>" for e in want)


def test_label_order_sorts_as_the_store_sorts_the_names(store):
    # what the suborganizations query sorts by instead of the names: the same order, ties alike
    rows = select(store, """SELECT ?e ?name ?order WHERE {
        GRAPH kgg:entities { ?e <http://www.w3.org/2004/02/skos/core#prefLabel> ?name ; kg:labelOrder ?order } }
        ORDER BY ?name ?e""")
    assert len(rows) == len(select(store, "SELECT ?e WHERE { GRAPH kgg:entities { ?e kg:mentionCount ?n } }"))
    orders = [int(r["order"]) for r in rows]
    assert orders == sorted(orders)  # the store's order of the names
    same = {}
    for r in rows:
        assert same.setdefault(str(r["name"]), int(r["order"])) == int(r["order"])  # one order per name
    assert len(set(orders)) == len(same)  # and different names, different orders


def test_label_order_of_a_name_depends_only_on_the_names_with_its_first_bytes():
    # an update adding an entity renumbers only the names beginning like its own
    from graph.emit.quads import LABEL_PREFIX, label_orders

    names = ["Bộ Công an", "Bộ Y tế", "Sở Nội vụ", "Ủy ban nhân dân tỉnh", "Đảng ủy", "Ban"]
    before = label_orders(names)
    after = label_orders(names + ["Bộ Quốc phòng"])
    changed = {n for n in names if before[n] != after[n]}
    assert changed == {"Bộ Y tế"}  # after "Bộ Quốc phòng"; "Bộ Công an" before it keeps its order
    assert all(n.encode()[:LABEL_PREFIX] == "Bộ Q".encode()[:LABEL_PREFIX] for n in changed)
    order = sorted(names + ["Bộ Quốc phòng"], key=after.get)
    assert order == sorted(names + ["Bộ Quốc phòng"])
    assert max(after.values()) < 2**63  # an xsd:integer the store keeps inline
