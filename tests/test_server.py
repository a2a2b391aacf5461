"""``kg serve`` tested with real clients: SPARQLWrapper, httpx, rdflib, headless Chromium."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest
from rdflib import Graph
from SPARQLWrapper import CSV, JSON, TSV, TURTLE, XML, SPARQLWrapper

from graph.store.knowledge_store import KnowledgeStore

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "tests" / "fixtures" / "store" / "sample.trig"
ARTIFACTS = ROOT / "test-artifacts"
EVIL = "https://w3id.org/vnkg/id/org/kon-tum/evil"
EVIL_LABEL = '<script>alert("x")</script> & Ban <b>'
PERSONS = "SELECT DISTINCT ?p ?name WHERE { ?p a <https://w3id.org/vnkg/ontology#Person> ; " \
          "<http://www.w3.org/2000/01/rdf-schema#label> ?name } ORDER BY ?name"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"

pytestmark = pytest.mark.server


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def evil_article() -> list[ox.Quad]:
    """An article whose entity label is markup: the entity page must escape it."""
    key, nif = "002_evil", "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#"
    art = ox.NamedNode(f"https://w3id.org/vnkg/article/{key}")
    sent = ox.NamedNode(f"{art.value}#sentence=0,40")
    text_g = ox.NamedNode(f"https://w3id.org/vnkg/graph/{key}/text")
    sent_g = ox.NamedNode(f"https://w3id.org/vnkg/graph/{key}/sentence/0-40")
    N = ox.NamedNode
    return [
        ox.Quad(art, N("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), N("https://w3id.org/vnkg/ontology#Article"), text_g),
        ox.Quad(art, N("https://w3id.org/vnkg/ontology#contentHash"), ox.Literal("0"), text_g),
        ox.Quad(sent, N(nif + "anchorOf"), ox.Literal("Câu có <img src=x onerror=alert(1)> trong bài"), text_g),
        ox.Quad(sent, N(nif + "referenceContext"), art, text_g),
        ox.Quad(sent_g, N("http://www.w3.org/ns/prov#wasDerivedFrom"), sent, text_g),
        ox.Quad(N(EVIL), N("http://www.w3.org/2000/01/rdf-schema#label"), ox.Literal(EVIL_LABEL, language="vi"), sent_g),
        ox.Quad(N(EVIL), N("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), N("https://w3id.org/vnkg/ontology#Organization"), sent_g),
    ]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """``kg serve`` in a subprocess on a free port, over a store holding the sample and an evil article."""
    store_dir = tmp_path_factory.mktemp("serve") / "store"
    with KnowledgeStore.open(store_dir) as s:
        s.load(SAMPLE)
        s.replace_article("002_evil", evil_article())
        total = len(s)
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, "-m", "graph.cli", "serve", "--store", str(store_dir),
                             "--port", str(port), "--timeout", "1"],
                            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                if httpx.get(base + "/", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if proc.poll() is not None:
                pytest.fail(f"kg serve exited: {proc.stdout.read().decode()}")
            time.sleep(0.1)
        else:
            pytest.fail("kg serve did not start within 20 s")
        yield base, total
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def wrapper(base: str, query: str, fmt: str, method: str = "GET") -> SPARQLWrapper:
    sw = SPARQLWrapper(base + "/sparql")
    sw.setQuery(query)
    sw.setReturnFormat(fmt)
    sw.setMethod(method)
    return sw


def test_sparqlwrapper_json_get_and_post(server):
    base, _ = server
    for method in ("GET", "POST"):
        data = wrapper(base, PERSONS, JSON, method).query().convert()
        assert [b["name"]["value"] for b in data["results"]["bindings"]] == ["Nguyễn Văn Hòa", "Trần Thị Lan"]
        assert data["results"]["bindings"][0]["name"]["xml:lang"] == "vi"


def test_sparqlwrapper_xml_csv_tsv(server):
    base, _ = server
    xml = wrapper(base, PERSONS, XML).query().convert()
    names = [n.firstChild.data for n in xml.getElementsByTagName("literal")]
    assert names == ["Nguyễn Văn Hòa", "Trần Thị Lan"]
    csv_text = wrapper(base, PERSONS, CSV).query().convert().decode("utf-8")
    assert csv_text.splitlines()[1].endswith(",Nguyễn Văn Hòa")
    tsv_text = wrapper(base, PERSONS, TSV).query().convert().decode("utf-8")
    assert tsv_text.splitlines()[2].endswith('\t"Trần Thị Lan"@vi')


def test_sparqlwrapper_construct_turtle_and_jsonld(server):
    base, _ = server
    q = "CONSTRUCT { ?p ?r ?o } WHERE { ?p a <https://w3id.org/vnkg/ontology#Person> ; ?r ?o }"
    g = wrapper(base, q, TURTLE).query().convert()
    g = g if isinstance(g, Graph) else Graph().parse(data=g, format="turtle")
    persons = {str(s) for s in g.subjects()}
    assert persons == {"https://w3id.org/vnkg/id/person/kon-tum/nguyen-van-hoa",
                       "https://w3id.org/vnkg/id/person/kon-tum/tran-thi-lan"}
    r = httpx.post(base + "/sparql", content=q, headers={"Content-Type": "application/sparql-query",
                                                          "Accept": "application/ld+json"})
    assert r.headers["content-type"].startswith("application/ld+json")
    assert {node["@id"] for node in r.json()} == persons
    r = httpx.get(base + "/sparql", params={"query": q}, headers={"Accept": "application/n-triples"})
    assert len(Graph().parse(data=r.text, format="nt")) == len(g)


def test_ask_and_syntax_error(server):
    base, _ = server
    assert wrapper(base, "ASK { ?s a <https://w3id.org/vnkg/ontology#Figure> }", JSON).query().convert()["boolean"]
    r = httpx.get(base + "/sparql", params={"query": "SELECT ?x WHERE { ?x"})
    assert r.status_code == 400 and "syntax error" in r.text


@pytest.mark.parametrize("how", ["wrapper", "update-form", "sparql-update", "update-in-query", "get-update"])
def test_updates_refused_with_403_and_nothing_changes(server, how):
    base, total = server
    update = "DELETE WHERE { GRAPH ?g { ?s ?p ?o } }"
    if how == "wrapper":
        sw = wrapper(base, update, JSON, "POST")
        with pytest.raises(urllib.error.HTTPError) as info:  # SPARQLWrapper has no class for 403
            sw.query()
        assert info.value.code == 403
    else:
        r = {
            "update-form": lambda: httpx.post(base + "/sparql", data={"update": update}),
            "sparql-update": lambda: httpx.post(base + "/sparql", content=update,
                                                headers={"Content-Type": "application/sparql-update"}),
            "update-in-query": lambda: httpx.post(base + "/sparql", data={"query": update}),
            "get-update": lambda: httpx.get(base + "/sparql", params={"update": update}),
        }[how]()
        assert r.status_code == 403 and "read-only" in r.text
    n = wrapper(base, COUNT, JSON).query().convert()["results"]["bindings"][0]["n"]["value"]
    assert int(n) == total


def test_cors(server):
    base, _ = server
    r = httpx.get(base + "/sparql", params={"query": "ASK {}"})
    assert r.headers["access-control-allow-origin"] == "*"
    r = httpx.options(base + "/sparql", headers={"Origin": "https://example.org",
                                                  "Access-Control-Request-Method": "POST",
                                                  "Access-Control-Request-Headers": "content-type"})
    assert r.status_code == 200 and r.headers["access-control-allow-origin"] == "*"
    assert "POST" in r.headers["access-control-allow-methods"]


def test_entity_page_escapes_untrusted_text(server):
    base, _ = server
    r = httpx.get(base + "/id/org/kon-tum/evil", headers={"Accept": "text/html"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert "<script>alert" not in r.text and "<img src=x" not in r.text and "<b>" not in r.text
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Ban &lt;b&gt;" in r.text
    assert "&lt;img src=x onerror=alert(1)&gt;" in r.text  # the source sentence, escaped


def test_entity_page_lists_facts_with_sentences_and_links(server):
    base, _ = server
    r = httpx.get(base + "/id/person/kon-tum/tran-thi-lan")
    assert "<h1>Trần Thị Lan</h1>" in r.text
    assert 'href="/id/org/kon-tum/uy-ban-kiem-tra-dang-uy-khoi"' in r.text  # holdsPosition, linked locally
    text = re.sub(r"</?mark>", "", r.text)  # the mentions in a source sentence are marked
    assert "Bà Trần Thị Lan, Chủ nhiệm Ủy ban Kiểm tra Đảng ủy Khối, chủ trì hội nghị." in text
    iri = "https://w3id.org/vnkg/id/person/kon-tum/tran-thi-lan"
    assert httpx.get(base + "/resource", params={"iri": iri}).text == r.text
    assert httpx.get(base + "/id/person/kon-tum/nobody").status_code == 404
    assert httpx.get(base + "/resource", params={"iri": "not an iri>"}).status_code == 400


def test_entity_turtle_by_content_negotiation(server):
    base, _ = server
    r = httpx.get(base + "/id/person/kon-tum/tran-thi-lan", headers={"Accept": "text/turtle"})
    assert r.headers["content-type"].startswith("text/turtle")
    g = Graph().parse(data=r.text, format="turtle")
    labels = {str(o) for s, p, o in g if str(p).endswith("#label")}
    assert labels == {"Trần Thị Lan"}
    assert any(str(p) == "https://w3id.org/vnkg/ontology#holdsPosition" for _, p, _ in g)


def test_query_page_assets_are_local(server):
    base, _ = server
    page = httpx.get(base + "/").text
    assert "https://" not in page.replace("https://w3id.org", "")  # no CDN
    assert httpx.get(base + "/assets/yasgui.min.js").status_code == 200
    assert httpx.get(base + "/assets/LICENSE").status_code == 200
    names = [q["name"] for q in httpx.get(base + "/queries.json").json()]
    assert "positions" in names and "entities" in names


def test_time_limit_answers_503(server):
    base, _ = server
    slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . FILTER(STR(?c) != STR(?i)) }"
    start = time.monotonic()
    r = httpx.get(base + "/sparql", params={"query": slow}, timeout=30)
    assert r.status_code == 503 and "time limit of 1 s" in r.text
    assert time.monotonic() - start < 5
    assert httpx.get(base + "/sparql", params={"query": "ASK {}"}).status_code == 200  # still serving


@pytest.mark.browser
def test_query_page_in_headless_chromium(server):
    playwright = pytest.importorskip("playwright.sync_api")
    if not Path("/usr/bin/chromium").exists():
        pytest.skip("Debian chromium is not at /usr/bin/chromium")
    base, _ = server
    ARTIFACTS.mkdir(exist_ok=True)
    outside = []
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=[
            "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync"])
        try:
            page = browser.new_page()

            def only_local(route):
                if route.request.url.startswith("http://127.0.0.1"):
                    route.continue_()
                else:
                    outside.append(route.request.url)
                    route.abort()

            page.route("**/*", only_local)
            errors = []
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.goto(base + "/")
            page.wait_for_selector(".yasqe .CodeMirror", timeout=20000)
            page.wait_for_function("document.querySelectorAll('#examples option').length > 3")
            page.select_option("#examples", "positions")
            page.wait_for_function("window.yasgui.getTab().getQuery().includes('org:Membership')")
            page.click(".yasqe_queryButton")
            page.wait_for_selector(".yasr table td:has-text('Trần Thị Lan')", timeout=20000)
            page.screenshot(path=str(ARTIFACTS / "query-page.png"), full_page=True)
            assert not errors, errors
        finally:
            browser.close()
