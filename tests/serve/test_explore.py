"""Search, entity pages, the ontology and the explorer's API of a real ``kg serve`` over a real build:
the seeds and one hostile article (markup and ``javascript:`` URLs in its text)."""

from __future__ import annotations

import shutil
from pathlib import Path

import httpx
import pytest
from rdflib import Graph

from graph.serve.index import GraphIndex, search_key

ROOT = Path(__file__).resolve().parents[2]
HOSTILE = """Tỉnh ủy Kon Tum ban hành Nghị quyết số 99-NQ/TU <script>window.__pwned=1</script> về công tác cán bộ.

Sáng 16/4/2024, đồng chí Nguyễn Văn Hùng <img src=x onerror="window.__pwned=1">, Bí thư Tỉnh ủy Kon Tum, chủ trì hội nghị.

Ban Tuyên giáo Tỉnh ủy Kon Tum triển khai Nghị quyết số 99-NQ/TU, xem tại <a href="javascript:window.__pwned=1">javascript:window.__pwned=1</a> và "</script><svg onload=window.__pwned=1>".
"""
KG = "https://w3id.org/vnkg/ontology#"


@pytest.fixture(scope="session")
def hostile_exports(tmp_path_factory) -> Path:
    """``kg build`` of the seeds and a hostile article."""
    from graph.build.runner import build_graph

    src = tmp_path_factory.mktemp("hostile-in")
    for f in sorted((ROOT / "seeds").glob("*.txt")):
        shutil.copy(f, src / f.name)
    (src / "900_hostile.txt").write_text(HOSTILE, encoding="utf-8")
    out = tmp_path_factory.mktemp("hostile-exports")
    report = build_graph([src], out)
    assert not report.errors, report.errors
    return out


@pytest.fixture(scope="module")
def site(hostile_exports, serve_module):
    server = serve_module("--store", hostile_exports / "store")
    client = httpx.Client(base_url=server.base, timeout=30)
    for _ in range(100):  # the index is read in the background after start
        if client.get("/api/status").json()["index"]:
            break
        import time
        time.sleep(0.2)
    yield client
    client.close()


def hits(site, q: str) -> list[dict]:
    r = site.get("/api/suggest", params={"q": q})
    assert r.status_code == 200
    return r.json()["hits"]


def iri_of(site, q: str, kind: str = "entity") -> str:
    return next(h["iri"] for h in hits(site, q) if h["kind"] == kind)


def test_search_ignores_tone_marks_and_finds_posts(site):
    with_marks = [h["iri"] for h in hits(site, "Tỉnh ủy Kon Tum")]
    assert with_marks == [h["iri"] for h in hits(site, "tinh uy kon tum")] == [h["iri"] for h in hits(site, "TỈNH UỶ KON TUM")]
    assert hits(site, "tinh uy kon tum")[0]["label"] == "Tỉnh ủy Kon Tum"  # the whole name first
    post = hits(site, "bi thu tinh uy kon tum")[0]
    assert (post["label"], post["kind"], post["type"]) == ("Bí thư Tỉnh ủy Kon Tum", "post", "Post")
    assert post["href"].startswith("/id/post/")
    assert hits(site, "   ") == []
    # one letter: names with a word that starts with it, not every name holding it
    assert all(any(w.startswith("x") for w in search_key(h.get("matched") or h["label"]).split()) for h in hits(site, "x"))


def test_search_page_goes_to_a_single_match(site):
    r = site.get("/search", params={"q": "nghi quyet so 99"}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith("/id/document/kon-tum/99-nq-tu")
    r = site.get("/search", params={"q": "zzzz qqqq"})
    assert r.status_code == 200 and "Nothing matches" in r.text


def test_entity_page_reads_like_a_reference_page(site):
    iri = iri_of(site, "Tỉnh ủy Kon Tum")
    r = site.get("/resource", params={"iri": iri}, headers={"Accept": "text/html"})
    assert r.status_code == 200 and "Accept" in r.headers["vary"]
    assert "script-src 'self'" in r.headers["content-security-policy"]
    page = r.text
    assert "<h1>Tỉnh ủy Kon Tum</h1>" in page
    # relations in Vietnamese with English beside, both directions
    assert 'trực thuộc' not in page or "Sub-organizations" in page
    assert "Office holders" in page and "Bí thư" in page  # the body's office holders
    assert "văn bản ban hành" in page  # incoming issuedBy: the documents it issued
    assert "Ban Tuyên giáo Tỉnh ủy Kon Tum" in page
    # plumbing is not listed as facts
    assert "rdf:type" not in page and "taIdentRef" not in page and "Assertion" not in page
    # the ontology term behind a heading resolves
    assert 'href="/ontology/issuedBy"' in page
    assert site.get("/ontology/issuedBy").status_code == 200
    assert "do ... ban hành" in site.get("/ontology/issuedBy").text


def test_person_page_lists_posts_and_a_post_page_its_holders(site):
    person = iri_of(site, "Dương Văn Trang")
    page = site.get("/resource", params={"iri": person}).text
    assert "Posts" in page and "Bí thư" in page and "Tỉnh ủy Kon Tum" in page
    post = iri_of(site, "Bí thư Tỉnh ủy Kon Tum", "post")
    page = site.get("/resource", params={"iri": post}).text
    assert "Holders of this post" in page and "Dương Văn Trang" in page


def test_untrusted_text_is_escaped(site):
    doc = iri_of(site, "nghi quyet 99")
    page = site.get("/resource", params={"iri": doc}).text
    assert "<script>window" not in page and "<img src=x" not in page and "<svg" not in page
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in page
    assert 'href="javascript:' not in page
    article = site.get("/resource", params={"iri": "https://w3id.org/vnkg/article/900_hostile"})
    assert article.status_code == 200 and "<script>window" not in article.text
    assert "&lt;a href=&quot;javascript:window.__pwned=1&quot;&gt;" in article.text


def test_turtle_and_json_ld_of_the_same_entity(site):
    iri = iri_of(site, "Tỉnh ủy Kon Tum")
    path = "/id/" + iri.split("/id/", 1)[1]
    ttl = site.get(path, headers={"Accept": "text/turtle"})
    assert ttl.headers["content-type"].startswith("text/turtle") and "Accept" in ttl.headers["vary"]
    g = Graph().parse(data=ttl.text, format="turtle")
    jsonld = site.get(path, params={"format": "jsonld"})
    assert jsonld.headers["content-type"].startswith("application/ld+json")
    h = Graph().parse(data=jsonld.text, format="json-ld")
    assert len(g) == len(h) > 0
    assert {str(o) for o in g.objects(predicate=None) if str(o) == "Tỉnh ủy Kon Tum"}


def test_neighbours_path_and_evidence(site):
    body = iri_of(site, "Tỉnh ủy Kon Tum")
    d = site.get("/api/neighbours", params={"iri": body}).json()
    assert d["center"] == body and d["shown"] == len(d["nodes"]) - 1 > 0
    person = iri_of(site, "Dương Văn Trang")
    assert person in {n["iri"] for n in d["nodes"]}
    fact = next(e for e in d["edges"] if e["s"] == person)
    assert fact["p"] == "holdsPosition" and fact["roles"] == ["Bí thư"]
    ev = site.get("/api/evidence", params={"s": person, "p": "holdsPosition", "o": body}).json()
    assert ev["count"] >= 1 and "Dương Văn Trang" in ev["sentences"][0]["text"]
    b, e = ev["sentences"][0]["marks"][0]
    assert ev["sentences"][0]["text"][b:e] in ("Dương Văn Trang", "Tỉnh ủy Kon Tum", "Tỉnh ủy")
    tuyen_giao = iri_of(site, "ban tuyen giao tinh uy kon tum")
    path = site.get("/api/path", params={"from": person, "to": tuyen_giao}).json()
    assert path["path"][0] == person and path["path"][-1] == tuyen_giao and len(path["edges"]) == len(path["path"]) - 1
    assert site.get("/api/neighbours", params={"iri": "https://w3id.org/vnkg/id/nobody"}).status_code == 404


def test_query_results_as_a_graph(site):
    select = ("SELECT ?p ?o WHERE { ?p <https://w3id.org/vnkg/ontology#holdsPosition> ?o }")
    d = site.get("/api/query-graph", params={"query": select}).json()
    assert d["kind"] == "select" and d["nodes"] and any(e["p"] == "holdsPosition" for e in d["edges"])
    construct = ("CONSTRUCT { ?d <https://w3id.org/vnkg/ontology#issuedBy> ?o } "
                 "WHERE { ?d <https://w3id.org/vnkg/ontology#issuedBy> ?o }")
    d = site.get("/api/query-graph", params={"query": construct}).json()
    assert d["kind"] == "graph" and any(e["p"] == "issuedBy" for e in d["edges"])
    assert site.get("/api/query-graph", params={"query": "DELETE WHERE { ?s ?p ?o }"}).status_code == 403
    assert site.get("/api/query-graph", params={"query": "SELECT * WHERE " + "{" * 99 + "}" * 99}).status_code == 400


def test_the_pages_link_to_one_another(site):
    iri = iri_of(site, "Tỉnh ủy Kon Tum")
    page = site.get("/resource", params={"iri": iri}).text
    assert "/explore?iri=" in page and 'href="/"' in page and 'href="/ontology"' in page
    explore = site.get("/explore")
    assert explore.status_code == 200 and "/assets/explore.js" in explore.text
    assert "https://" not in explore.text.replace("https://w3id.org", "")
    for asset in ("explore.js", "search.js", "query.js", "vis-network.min.js", "site.css"):
        assert site.get(f"/assets/{asset}").status_code == 200
    assert site.get("/assets/..%2Fapp.py").status_code == 404


def test_search_key_and_index_from_rows():
    assert search_key("Tỉnh uỷ  KON-TUM") == search_key("tinh uy kon tum") == "tinh uy kon tum"
    from graph.serve.index import EXAMPLE_ROWS

    index = GraphIndex.from_rows(EXAMPLE_ROWS)
    assert [h["label"] for h in index.suggest("Hồ Quốc")] == ["Hồ Quốc Dũng"]
    assert index.suggest("uy binh")[0]["label"] == "Tỉnh ủy Bình Định"
