"""Search, entity pages, the ontology and the explorer of a real ``kg serve`` over a real build:
the seeds and one hostile article (markup and ``javascript:`` URLs in its text).

The HTTP API first; then the pages in a real browser (marked ``browser``): Debian's chromium
driven by Playwright, every request that is not to the local server refused: search, an entity
page, expanding the graph, a query result opened as a page and as a graph, and the hostile
article, which must run nothing anywhere. Screenshots go to test-artifacts/ (not committed)."""

from __future__ import annotations

import shutil
import time
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


# -- in the browser ----------------------------------------------------------------------------

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"

@pytest.fixture(scope="module")
def base(site):
    return str(site.base_url).rstrip("/")


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    if not shutil.which(CHROMIUM):
        pytest.skip("Debian chromium is not installed")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


class Tab:
    """A page with the network cut off but for the server; records errors and what it tried."""

    def __init__(self, browser, base: str):
        self.base = base
        self.page = browser.new_page(viewport={"width": 1280, "height": 900})
        self.blocked: list[str] = []
        self.errors: list[str] = []
        self.page.on("pageerror", lambda exc: self.errors.append(str(exc)))
        self.page.route("**/*", self._route)

    def _route(self, route):
        if route.request.url.startswith(self.base):
            route.continue_()
        else:
            self.blocked.append(route.request.url)
            route.abort()

    def open(self, path: str) -> Tab:
        self.page.goto(self.base + path)
        return self

    def js(self, expr: str, arg=None):
        # a function, not a string: the pages' CSP forbids eval, which string predicates need
        return self.page.evaluate(f"(arg) => ({expr})", arg)

    def until(self, expr: str, timeout: float = 30.0, arg=None):
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            value = self.js(expr, arg)
            if value:
                return value
            time.sleep(0.05)
        raise AssertionError(f"not true within {timeout} s: {expr}")

    def shot(self, name: str) -> Path:
        ARTIFACTS.mkdir(exist_ok=True)
        path = ARTIFACTS / name
        self.page.screenshot(path=str(path))
        return path

    def close(self) -> None:
        pwned = self.js("typeof window.__pwned")
        self.page.close()
        assert not self.errors, self.errors
        assert not self.blocked, self.blocked
        assert pwned == "undefined"


@pytest.fixture
def tab(browser, base):
    t = Tab(browser, base)
    yield t
    t.close()


@pytest.mark.browser
def test_search_suggests_as_you_type_and_opens_the_page(tab):
    tab.open("/explore")
    tab.page.click("header form.search input")
    tab.page.keyboard.type("bi thu tinh uy kon", delay=20)
    tab.until("document.querySelectorAll('ul.suggest li').length > 0")
    first = tab.page.inner_text("ul.suggest li:first-child")
    assert "Bí thư Tỉnh ủy Kon Tum" in first and "Chức vụ" in first  # a post, without tone marks typed
    tab.shot("explore-search.png")
    tab.open("/ontology")
    tab.page.fill("header form.search input", "")
    tab.page.keyboard.type("tinh uy kon tum", delay=20)
    tab.until("document.querySelectorAll('ul.suggest li').length > 0")
    with tab.page.expect_navigation():
        tab.page.keyboard.press("Enter")
    assert tab.page.inner_text("h1") == "Tỉnh ủy Kon Tum"


@pytest.mark.browser
def test_entity_page_reads_well_at_1280_px(tab):
    tab.open("/search?q=tinh+uy+kon+tum&go=1")
    assert tab.page.inner_text("h1") == "Tỉnh ủy Kon Tum"
    widths = tab.js("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert widths[0] <= widths[1], f"scrolls sideways: {widths}"
    assert "Office holders" in tab.page.inner_text("#holders")
    # a fact's source sentence is one click away, its mention marked, its article linked
    tab.page.click("#facts details.why summary >> nth=0")
    quote = tab.page.locator("#facts details[open] blockquote").first
    assert quote.locator("mark").count() >= 1 and quote.locator("footer a").count() == 1
    tab.shot("entity-page.png")
    tab.page.screenshot(path=str(ARTIFACTS / "entity-page-full.png"), full_page=True)


@pytest.mark.browser
def test_explorer_expands_a_node_on_click(tab):
    tab.open("/search?q=tinh+uy+kon+tum&go=1")
    with tab.page.expect_navigation():
        tab.page.click("text=Show in graph")
    tab.until("window.kgExplore && kgExplore.drawn > 0")
    before = tab.js("kgExplore.nodes.length")
    assert before > 1
    target = tab.js("kgExplore.bestToExpand()")
    assert target
    pos = tab.js("""(function (id) { const p = kgExplore.network.canvasToDOM(kgExplore.network.getPositions([id])[id]);
                      const r = document.getElementById('net').getBoundingClientRect();
                      return [p.x + r.left, p.y + r.top]; })(arg)""", target)
    drawn = tab.js("kgExplore.drawn")
    tab.page.mouse.click(*pos)
    tab.until("kgExplore.drawn > arg", arg=drawn)
    tab.until("!!kgExplore.expanded[arg]", arg=target)
    assert tab.js("kgExplore.nodes.length") > before
    assert tab.page.inner_text("#panel h2") == tab.js("kgExplore.info[arg].label", target)
    # the sentences behind an edge
    edge = tab.js("kgExplore.edges.getIds()[0]")
    tab.js("kgExplore.showEdge(arg)", edge)
    tab.until("document.querySelectorAll('#panel .sentence').length > 0")
    # hide, then undo
    n = tab.js("kgExplore.network.body.data.nodes.length")
    tab.page.click("#hide")
    assert tab.js("kgExplore.network.body.data.nodes.length") == n - 1
    tab.page.click("#undo")
    assert tab.js("kgExplore.network.body.data.nodes.length") == n
    tab.shot("explore-expanded.png")


@pytest.mark.browser
def test_query_result_opens_as_a_page_and_as_a_graph(tab):
    tab.open("/")
    tab.page.wait_for_selector(".yasqe .CodeMirror", timeout=20_000)
    tab.until("document.querySelectorAll('#examples option').length > 3")
    tab.page.select_option("#examples", "positions")
    tab.page.click(".yasqe_queryButton")
    tab.page.wait_for_selector(".yasr table td a[href^='/id/']", timeout=20_000)
    tab.shot("query-results.png")
    link = tab.page.locator(".yasr table td a[href^='/id/person/']").first
    name = tab.js("document.querySelector(\".yasr table td a[href^='/id/person/']\").getAttribute('data-iri')")
    with tab.page.expect_navigation():
        link.dispatch_event("click")  # YASR's ellipsis covers part of a long IRI
    assert tab.page.url.startswith(tab.base + "/id/person/")
    assert tab.page.inner_text(".iri") == name
    tab.page.go_back()
    tab.page.wait_for_selector(".yasqe .CodeMirror", timeout=20_000)
    tab.page.select_option("#examples", "positions")
    with tab.page.expect_navigation():
        tab.page.click("#show-graph")
    tab.until("window.kgExplore && kgExplore.drawn > 0")
    assert tab.js("kgExplore.nodes.length") > 1 and tab.js("kgExplore.edges.length") > 0
    assert "Query result" in tab.page.inner_text("#status")
    tab.shot("query-as-graph.png")


@pytest.mark.browser
def test_hostile_article_runs_nothing(tab):
    # the document page, its sentences open
    tab.open("/search?q=nghi+quyet+so+99&go=1")
    for summary in tab.page.locator("details.why summary").all():
        summary.click()
    text = tab.page.inner_text("main")
    assert "<script>window.__pwned=1</script>" in text
    assert tab.js("document.querySelectorAll('main script, main img, main svg, main a[href^=\"javascript:\"]').length") == 0
    tab.shot("hostile-document.png")
    # the article itself
    tab.open("/resource?iri=https%3A%2F%2Fw3id.org%2Fvnkg%2Farticle%2F900_hostile")
    assert '<img src=x onerror="window.__pwned=1">' in tab.page.inner_text("article")
    assert tab.js("document.querySelectorAll('article img, article script, article svg').length") == 0
    # the explorer: the node's mentions and the edge's sentences
    iri = tab.js("document.querySelector('a.mention').getAttribute('href')")
    tab.open("/explore?iri=" + tab.js("encodeURIComponent('https://w3id.org/vnkg/id/' + arg.slice(4))", iri))
    tab.until("window.kgExplore && kgExplore.drawn > 0")
    tab.until("(kgExplore.panelReady || 0) > 0")
    for edge in tab.js("kgExplore.edges.getIds()"):
        tab.js("kgExplore.showEdge(arg)", edge)
        tab.until("document.querySelectorAll('#panel .sentence').length > 0")
        assert tab.js("document.querySelectorAll('#panel img, #panel script, #panel svg').length") == 0
    tab.shot("hostile-explorer.png")


def test_search_follows_a_new_build(tmp_path, serve):
    """The index is read again when the build publishes a new version: a new article's names
    are found without restarting the server."""
    from graph.build.runner import build_graph

    src = tmp_path / "in"
    src.mkdir()
    first = sorted((ROOT / "seeds").glob("*.txt"))[0]
    shutil.copy(first, src / first.name)
    out = tmp_path / "exports"
    assert not build_graph([src], out).errors
    server = serve("--store", out / "store")
    client = httpx.Client(base_url=server.base, timeout=30)
    for _ in range(100):
        if client.get("/api/status").json()["index"]:
            break
        time.sleep(0.2)
    assert not [h for h in hits(client, "nghi quyet so 99") if "99-NQ/TU" in h["label"]]
    (src / "900_hostile.txt").write_text(HOSTILE, encoding="utf-8")
    assert not build_graph([src], out).errors
    for _ in range(150):
        if [h for h in hits(client, "nghi quyet so 99") if "99-NQ/TU" in h["label"]]:
            break
        time.sleep(0.2)
    assert [h for h in hits(client, "nghi quyet so 99") if "99-NQ/TU" in h["label"]]
    assert client.get("/api/status").json()["index"]["version"] == client.get("/status").json()["version"]
    client.close()
