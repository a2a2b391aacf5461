"""``kg serve`` tested with real clients: SPARQLWrapper, httpx, rdflib, headless Chromium."""

from __future__ import annotations

import csv
import importlib.util
import os
import re
import shutil
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
ARTIFACTS = ROOT / "test-artifacts"
_spec = importlib.util.spec_from_file_location("_kg_gen_fixtures", ROOT / "scripts" / "gen_fixtures.py")
gen = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(gen)
#: A real article with markup in it: a work's title in quotes that is a script (the pipeline
#: makes it a Document named ``<script>alert(``), and an ``<img onerror>`` beside a name.
HOSTILE = """Sáng 16/4/2024, Ban Thường vụ Tỉnh ủy Kon Tum tổ chức hội nghị học tập tác phẩm của Tổng Bí thư \
Nguyễn Phú Trọng “<script>alert("x")</script> & Ban <b>”.

Đồng chí Nguyễn Văn Hùng <img src=x onerror=alert(1)>, Bí thư Tỉnh ủy Kon Tum, chủ trì hội nghị.
"""
PERSONS = "SELECT DISTINCT ?p ?name WHERE { ?p a <https://w3id.org/vnkg/ontology#Person> ; " \
          "<http://www.w3.org/2000/01/rdf-schema#label> ?name } ORDER BY ?name"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"

pytestmark = pytest.mark.server


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """``kg build`` (rules only, as the goldens) of the seeds and the hostile article: its exports."""
    src = tmp_path_factory.mktemp("serve-in")
    for f in sorted(gen.SEEDS.glob("*.txt")):
        shutil.copy(f, src / f.name)
    (src / "900_hostile.txt").write_text(HOSTILE, encoding="utf-8")
    return gen.build([src], tmp_path_factory.mktemp("serve") / "exports")


@pytest.fixture(scope="module")
def entities(built) -> dict[str, dict[str, str]]:
    """The build's entities.csv rows by label."""
    with (built / "entities.csv").open(encoding="utf-8", newline="") as f:
        return {row["label"]: row for row in csv.DictReader(f)}


@pytest.fixture(scope="module")
def local(built) -> ox.Store:
    """The build's graph, read here: what the server's answers are compared with."""
    store = ox.Store()
    store.load(path=str(built / "graph.trig"))
    return store


def page_path(iri: str) -> str:
    return iri.removeprefix("https://w3id.org/vnkg")


@pytest.fixture(scope="module")
def server(built):
    """``kg serve`` in a subprocess on a free port, over the store of that build."""
    store_dir = built / "store"
    with KnowledgeStore.current(store_dir) as s:
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


def person_names(local: ox.Store) -> list[str]:
    """The names PERSONS gives on the build's graph, in order."""
    return [r["name"].value for r in local.query(PERSONS, use_default_graph_as_union=True)]


def test_sparqlwrapper_json_get_and_post(server, local):
    base, _ = server
    expected = person_names(local)
    assert {"Nguyễn Phú Trọng", "Hồ Chí Minh", "Nguyễn Văn Hùng"} <= set(expected)
    for method in ("GET", "POST"):
        data = wrapper(base, PERSONS, JSON, method).query().convert()
        assert [b["name"]["value"] for b in data["results"]["bindings"]] == expected
        assert data["results"]["bindings"][0]["name"]["xml:lang"] == "vi"


def test_sparqlwrapper_xml_csv_tsv(server, local):
    base, _ = server
    expected = person_names(local)
    xml = wrapper(base, PERSONS, XML).query().convert()
    names = [n.firstChild.data for n in xml.getElementsByTagName("literal")]
    assert names == expected
    csv_text = wrapper(base, PERSONS, CSV).query().convert().decode("utf-8")
    assert csv_text.splitlines()[1].endswith("," + expected[0])
    tsv_text = wrapper(base, PERSONS, TSV).query().convert().decode("utf-8")
    assert tsv_text.splitlines()[2].endswith(f'\t"{expected[1]}"@vi')


def test_sparqlwrapper_construct_turtle_and_jsonld(server, entities):
    base, _ = server
    q = "CONSTRUCT { ?p ?r ?o } WHERE { ?p a <https://w3id.org/vnkg/ontology#Person> ; ?r ?o }"
    g = wrapper(base, q, TURTLE).query().convert()
    g = g if isinstance(g, Graph) else Graph().parse(data=g, format="turtle")
    persons = {str(s) for s in g.subjects()}
    assert persons == {row["iri"] for row in entities.values() if row["type"] == "Person"}
    assert entities["Nguyễn Phú Trọng"]["iri"] in persons
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


def test_entity_page_escapes_untrusted_text(server, entities):
    base, _ = server
    [work] = [row["iri"] for row in entities.values() if row["type"] == "Document" and "<script>" in row["label"]]
    r = httpx.get(base + page_path(work), headers={"Accept": "text/html"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert "<script>alert" not in r.text and "<b>" not in r.text
    assert "&lt;script&gt;alert(" in r.text  # the name
    text = re.sub(r"</?mark>", "", r.text)  # the mentions in a source sentence are marked
    assert "&lt;/script&gt; &amp; Ban &lt;b&gt;" in text  # the source sentence, escaped
    r = httpx.get(base + page_path(entities["Nguyễn Văn Hùng (Kon Tum)"]["iri"]), headers={"Accept": "text/html"})
    assert r.status_code == 200 and "<img src=x" not in r.text
    assert "&lt;img src=x onerror=alert(1)&gt;" in re.sub(r"</?mark>", "", r.text)


def test_entity_page_lists_facts_with_sentences_and_links(server, entities):
    base, _ = server
    iri = entities["Dương Văn Trang (Kon Tum)"]["iri"]  # seed 003
    r = httpx.get(base + page_path(iri))
    assert r.status_code == 200 and re.search(r"<h1>Dương Văn Trang[^<]*</h1>", r.text)
    province = entities["Tỉnh ủy Kon Tum"]["iri"]
    assert f'href="{page_path(province)}"' in r.text  # holdsPosition, linked locally
    text = re.sub(r"</?mark>", "", r.text)
    assert "Đồng chí Bí thư Tỉnh ủy Dương Văn Trang thăm vườn mắc ca tại huyện Kon Rẫy." in text
    assert httpx.get(base + "/resource", params={"iri": iri}).text == r.text
    assert httpx.get(base + "/id/person/kon-tum/nobody").status_code == 404
    assert httpx.get(base + "/resource", params={"iri": "not an iri>"}).status_code == 400


def test_entity_turtle_by_content_negotiation(server, entities):
    base, _ = server
    r = httpx.get(base + page_path(entities["Dương Văn Trang (Kon Tum)"]["iri"]), headers={"Accept": "text/turtle"})
    assert r.headers["content-type"].startswith("text/turtle")
    g = Graph().parse(data=r.text, format="turtle")
    labels = {str(o) for s, p, o in g if str(p).endswith("#label")}
    assert "Dương Văn Trang" in labels or "Dương Văn Trang (Kon Tum)" in labels
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
            page.wait_for_selector(".yasr table td:has-text('Dương Văn Trang')", timeout=20000)
            page.screenshot(path=str(ARTIFACTS / "query-page.png"), full_page=True)
            assert not errors, errors
        finally:
            browser.close()
