"""The browser view in a real browser: Debian's chromium driven by Playwright,
every request that is not a local file refused. The pages show the golden seeds graph
(tests/fixtures/golden) and a real build of an article with markup in it (conftest.py)."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pyoxigraph as ox
import pytest

from graph.viz.project import to_networkx
from graph.viz.render import OVERVIEW, render_html
from graph.viz.select import importance

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
GOLDEN = Path(__file__).parents[1] / "fixtures" / "golden"
FIXTURE = GOLDEN / "graph.trig"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
MENTION_SENTENCES = """
PREFIX nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#>
SELECT ?t WHERE { VALUES ?e { <%s> } ?p <http://www.w3.org/2005/11/its/rdf#taIdentRef> ?e ;
                     nif:sentence/nif:anchorOf ?t }"""

sync_api = pytest.importorskip("playwright.sync_api")
if not shutil.which(CHROMIUM):
    pytest.skip("Debian chromium is not installed", allow_module_level=True)


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


def facts(G, keep=None) -> set:
    """(subject, relation, object) of the graph: the page draws one line for each."""
    return {(u, d["relation"], v) for u, v, d in G.edges(data=True)
            if keep is None or (u in keep and v in keep)}


class Page:
    """A page opened from a file with the network cut off; records what it tried."""

    def __init__(self, browser, path: Path):
        self.page = browser.new_page(viewport={"width": 1400, "height": 900})
        self.blocked: list[str] = []
        self.errors: list[str] = []
        self.page.on("pageerror", lambda exc: self.errors.append(str(exc)))
        self.page.route("**/*", self._route)
        self.page.goto(path.resolve().as_uri())
        self.until("window.kgReady === true")

    def until(self, expr: str, timeout: float = 30.0) -> None:
        """Poll ``expr``: the page's CSP forbids the eval Playwright's string predicates use."""
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if self.page.evaluate(f"() => ({expr})"):
                return
            time.sleep(0.05)
        raise AssertionError(f"not true within {timeout} s: {expr}")

    def _route(self, route):
        url = route.request.url
        if url.startswith(("file:", "data:")):
            route.continue_()
        else:
            self.blocked.append(url)
            route.abort()

    def eval(self, js: str, arg=None):
        return self.page.evaluate(js, arg)

    def node_id(self, label: str) -> int:
        return self.eval("l => kg.data.nodes.find(n => n.label === l).id", label)

    def click_canvas(self, x: float, y: float) -> None:
        """Click a point given in network (canvas) coordinates."""
        dom = self.eval(
            """([x, y]) => { const p = kg.network.canvasToDOM({x, y});
                 const r = document.getElementById('net').getBoundingClientRect();
                 return [p.x + r.left, p.y + r.top]; }""",
            [x, y],
        )
        self.page.mouse.click(*dom)

    def click_node(self, node: int) -> None:
        pos = self.eval("id => kg.network.getPositions([id])[id]", node)
        self.click_canvas(pos["x"], pos["y"])

    def panel(self) -> str:
        return self.page.inner_text("#panel")

    def close(self):
        assert not self.errors, self.errors
        assert not self.blocked, self.blocked
        self.page.close()


@pytest.fixture(scope="module")
def small_html(tmp_path_factory) -> Path:
    return render_html(FIXTURE, tmp_path_factory.mktemp("viz") / "graph.html").path


@pytest.fixture
def small(browser, small_html):
    page = Page(browser, small_html)
    yield page
    page.close()


@pytest.fixture
def hostile(browser, hostile_graph, tmp_path):
    page = Page(browser, render_html(hostile_graph, tmp_path / "hostile.html").path)
    yield page
    page.close()


def test_counts_equal_the_graph(small):
    G = to_networkx(FIXTURE)
    assert small.eval("[kg.nodes.length, kg.edges.length]") == [G.number_of_nodes(), len(facts(G))]
    # and all of it is drawn: the visible views hold everything
    assert small.eval("[kg.nodeView.length, kg.edgeView.length]") == [
        G.number_of_nodes(), len(facts(G))]
    n = G.number_of_nodes()
    assert f"{n} of {n} entities" in small.page.inner_text("#status")


#: Seed 003 names him once, in the sentence that makes him Bí thư of the Tỉnh ủy.
TRANG, TRANG_SAID = "Dương Văn Trang (Kon Tum)", "Đồng chí Bí thư Tỉnh ủy Dương Văn Trang thăm vườn mắc ca tại huyện Kon Rẫy."


def test_click_node_shows_its_sentences(small):
    small.click_node(small.node_id(TRANG))
    text = small.panel()
    assert text.splitlines()[0] == TRANG
    assert TRANG_SAID in text
    assert small.page.inner_text("#panel mark") == "Dương Văn Trang"
    assert "holdsPosition" in text


def test_click_edge_shows_its_sentence(small):
    u, v = small.node_id(TRANG), small.node_id("Tỉnh ủy Kon Tum")
    pos = small.eval(f"kg.network.getPositions([{u}, {v}])")
    a, b = pos[str(u)], pos[str(v)]
    # a quarter of the way along, away from the node shapes and the edge label
    small.click_canvas(a["x"] + (b["x"] - a["x"]) * 0.35, a["y"] + (b["y"] - a["y"]) * 0.35)
    text = small.panel()
    assert text.splitlines()[0] == "holdsPosition"
    assert TRANG_SAID in text


def test_article_markup_does_not_run(hostile):
    hostile.click_node(hostile.node_id("Đảng ủy Khối Kon Tum"))
    text = hostile.panel()
    assert '<script>window.__pwned=1</script>' in text
    assert '<img src=x onerror="window.__pwned=1">' in text
    assert hostile.eval("document.querySelectorAll('#panel img, #panel script').length") == 0
    # the same sentence through the edge and through the search box
    hostile.page.fill("#search", "dang uy khoi")
    hostile.page.press("#search", "Enter")
    assert hostile.panel().splitlines()[0] == "Đảng ủy Khối Kon Tum"
    hostile.eval("kg.showEdge(kg.data.edges.find(e => e.relation === 'implements').id)")
    assert '<img src=x onerror="window.__pwned=1">' in hostile.panel()
    assert hostile.eval("typeof window.__pwned") == "undefined"


def test_filters(small, golden):
    G = to_networkx(FIXTURE)
    orgs = sum(1 for _, t in G.nodes(data="type") if t == "Organization")
    small.page.uncheck("#legend label:has-text('Organization') input")
    assert small.eval("kg.nodeView.length") == G.number_of_nodes() - orgs
    small.page.check("#legend label:has-text('Organization') input")
    key = "004_dbd28386ff21da7c"
    index = small.eval(f"kg.data.articles.findIndex(a => a.key === '{key}')")
    small.page.select_option("#article", str(index))
    # what the article mentions (mentions.csv) and the facts it states between them (relations.csv)
    mentioned = {r["entity"] for r in golden.rows("mentions.csv") if r["article"] == key}
    assert sorted(small.eval("kg.nodeView.get().map(n => kg.data.nodes[n.id].iri)")) == sorted(mentioned)
    stated = {(r["subject"], r["predicate"], r["object"]) for r in golden.rows("relations.csv")
              if r["article"] == key and r["object"] in mentioned}
    assert sorted(small.eval("kg.edgeView.get().map(e => kg.data.edges[e.id].relation)")) == sorted(
        p for _, p, _ in stated)


def test_node_limit_says_what_is_left_out(browser, tmp_path):
    G = to_networkx(FIXTURE)
    out = render_html(FIXTURE, tmp_path / "three.html", max_nodes=3).path
    ranked = sorted(G, key=lambda n: (-importance(G, n), n))
    kept, left = set(ranked[:3]), [G.nodes[n]["type"] for n in ranked[3:]]
    page = Page(browser, out)
    assert page.eval("kg.data.nodes.map(n => n.iri)") == sorted(kept)
    assert page.eval("kg.edges.length") == len(facts(G, kept))
    notice = page.page.inner_text("#dropped")
    assert notice.startswith("Left out")
    assert all(f"{left.count(t)} {t}" in notice for t in left)
    page.close()


def test_screenshot_fixture(small):
    ARTIFACTS.mkdir(exist_ok=True)
    small.page.screenshot(path=str(ARTIFACTS / "graph-fixture.png"))
    assert (ARTIFACTS / "graph-fixture.png").stat().st_size > 10_000


def test_seeds_graph(browser, seeds_exports):
    trig = seeds_exports / "graph.trig"
    G = to_networkx(trig)
    out = seeds_exports / "graph.html"
    if not out.exists():  # until the build writes it
        render_html(trig, out)
    page = Page(browser, out)
    # the build writes an overview: every entity with a relation drawn (fewer than OVERVIEW
    # here), those without listed, not drawn
    linked = {n for n in G if G.degree(n) > 0}
    assert len(linked) < OVERVIEW
    assert page.eval("[kg.nodes.length, kg.edges.length]") == [len(linked), len(facts(G))]
    assert page.eval("kg.data.lone_total") == G.number_of_nodes() - len(linked)
    assert page.eval("document.querySelectorAll('#lone li').length") == min(100, G.number_of_nodes() - len(linked))
    assert page.eval("kg.data.edges.reduce((n, e) => n + e.sentences.length, 0)") == G.number_of_edges()
    # the most important entity: click it and read its sentences
    top = max(G, key=lambda n: (importance(G, n), n))
    page.click_node(page.eval("iri => kg.data.nodes.find(n => n.iri === iri).id", top))
    panel = page.panel()
    assert panel.splitlines()[0] == G.nodes[top]["label"]
    store = ox.Store()
    store.load(path=trig)
    said = {row["t"].value for row in store.query(MENTION_SENTENCES % top, use_default_graph_as_union=True)}
    assert said and any(text in panel for text in said)
    stated: dict = {}
    for u, v, d in [*G.in_edges(top, data=True), *G.out_edges(top, data=True)]:
        stated.setdefault((u, d["relation"], v), []).append(d["sentence"])
    assert all(any(text in panel for text in texts) for texts in stated.values())
    ARTIFACTS.mkdir(exist_ok=True)
    page.eval("kg.network.unselectAll(); kg.network.fit({animation: false})")
    page.page.screenshot(path=str(ARTIFACTS / "graph.png"))
    page.close()


def inside(page: Page) -> bool:
    """Whether every node left visible by the filters is drawn within the canvas."""
    return page.eval("""(() => { const r = document.getElementById('net').getBoundingClientRect();
        const ids = kg.nodeView.getIds(), pos = kg.network.getPositions(ids);
        return ids.length > 0 && ids.every(id => { const p = kg.network.canvasToDOM(pos[id]);
          return p.x >= 0 && p.y >= 0 && p.x <= r.width && p.y <= r.height; }); })()""")


def test_overview_opens_fitted_and_filters_refit(browser, seeds_exports, tmp_path):
    from graph.query.api import open_store
    from graph.viz.project import from_index

    store = open_store(seeds_exports)[0]
    out = render_html(store, tmp_path / "overview.html", overview=12, projection=from_index).path
    page = Page(browser, out)
    assert page.eval("kg.nodes.length") == 12 and inside(page)
    assert page.eval("kg.data.lone_total") > 0 and "WITHOUT RELATIONS" in page.page.inner_text("#lone").upper()
    assert page.page.inner_text("#dropped").startswith("An overview")
    page.page.uncheck("#legend label:has-text('Organization') input")
    assert inside(page)
    page.page.check("#legend label:has-text('Organization') input")
    # an article: what it says is on the canvas at once, not after "Show all"
    arts = page.eval("kg.data.articles.length")
    for i in range(arts):
        page.page.select_option("#article", str(i))
        if page.eval("kg.nodeView.length"):
            assert inside(page)
    ARTIFACTS.mkdir(exist_ok=True)
    page.page.select_option("#article", "-1")
    page.page.screenshot(path=str(ARTIFACTS / "graph-overview.png"))
    page.close()
