"""The browser view without a browser: what is selected, what the page embeds (on the golden
seeds graph), and that article text cannot escape the data block (a real build of an article
with markup in it: the ``hostile_graph`` fixture of conftest.py)."""

from __future__ import annotations

import base64
import hashlib
import json
import re
from pathlib import Path

import pytest

from graph.cli import main
from graph.viz.project import to_networkx
from graph.viz.render import render_html
from graph.query.api import open_store
from graph.viz.select import importance
from graph.viz.select import select

GOLDEN = Path(__file__).parents[1] / "fixtures" / "golden"
FIXTURE = GOLDEN / "graph.trig"
KGID = "https://w3id.org/vnkg/id/"


def embedded(page: str) -> dict:
    m = re.search(r'<script type="application/json" id="kg-data">(.*?)</script>', page, re.S)
    return json.loads(m.group(1))


@pytest.fixture(scope="module")
def G():
    return to_networkx(FIXTURE)


def test_select_neighbourhood(G, golden):
    # seed 003: Dương Văn Trang is Bí thư of the Tỉnh ủy, which issued Nghị quyết 23-NQ/TU
    person, province = golden.iri("Dương Văn Trang (Kon Tum)"), golden.iri("Tỉnh ủy Kon Tum")
    one = select(G, entity="Dương Văn Trang", hops=1)
    assert set(one.graph) == {person, province}
    two = select(G, entity=person, hops=2)
    assert golden.iri("Nghị quyết số 23-NQ/TU (Kon Tum)") in two.graph
    assert set(two.graph) == {person, province, *G.to_undirected(as_view=True)[province]}
    assert two.graph.number_of_edges() == sum(1 for u, v in G.edges() if u in two.graph and v in two.graph)
    with pytest.raises(LookupError, match="Bình Định"):
        select(G, entity="Tỉnh ủy Bình Định")


def test_select_keeps_the_most_important(G):
    view = select(G, max_nodes=2)
    ranked = sorted(G, key=lambda n: (-importance(G, n), n))
    assert set(view.graph) == set(ranked[:2])
    left = [G.nodes[n]["type"] for n in ranked[2:]]
    assert view.dropped == {t: left.count(t) for t in set(left)}
    assert (view.total_nodes, view.total_edges) == (G.number_of_nodes(), G.number_of_edges())
    assert view.graph.number_of_edges() == sum(
        1 for u, v in G.edges() if u in view.graph and v in view.graph
    )


def test_page_embeds_the_graph(G, tmp_path):
    report = render_html(FIXTURE, tmp_path / "g.html")
    page = report.path.read_text(encoding="utf-8")
    data = embedded(page)
    assert (report.nodes, report.edges) == (G.number_of_nodes(), G.number_of_edges())
    assert len(data["nodes"]) == G.number_of_nodes()
    # one line per fact, listing every sentence that states it
    assert len(data["edges"]) == len({(u, d["relation"], v) for u, v, d in G.edges(data=True)})
    assert sum(len(e["sentences"]) for e in data["edges"]) == G.number_of_edges()
    assert {n["iri"] for n in data["nodes"]} == set(G)
    # every highlighted span is a name the entity is known by
    for n in data["nodes"]:
        names = {n["label"], *n["aliases"]}
        for si, b, e in n["evidence"]:
            assert data["sentences"][si][1][b:e] in names
    # edges point at their sentence
    sentences = {data["sentences"][si][1] for e in data["edges"] for si in e["sentences"]}
    assert sentences == {d["sentence"] for *_, d in G.edges(data=True)}
    assert '<meta charset="utf-8">' in page and "Nghị quyết số 23-NQ/TU (Kon Tum)" in page
    # same input, same bytes
    assert render_html(FIXTURE, tmp_path / "again.html").path.read_bytes() == report.path.read_bytes()


def test_page_needs_no_network(tmp_path):
    page = render_html(FIXTURE, tmp_path / "g.html").path.read_text(encoding="utf-8")
    tags = re.findall(r"<(?:script|link|img|iframe|object|embed)\b[^>]*>", page)
    assert not [t for t in tags if re.search(r"\b(?:src|href)\s*=", t)]
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page).group(1)
    assert "default-src 'none'" in csp
    scripts = re.findall(r"<script>(.*?)</script>", page, re.S)
    assert len(scripts) == 2  # vis-network and the page's own code, both allowed by hash
    for script in scripts:
        digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in csp


def test_article_markup_stays_data(hostile_graph, tmp_path):
    page = render_html(hostile_graph, tmp_path / "g.html").path.read_text(encoding="utf-8")
    assert "<script>window.__pwned" not in page
    assert "<img src=x" not in page
    data = embedded(page)
    texts = [s[1] for s in data["sentences"]]
    assert any('<script>window.__pwned=1</script>' in t and '<img src=x onerror="window.__pwned=1">' in t
               for t in texts)
    # the page's script never parses markup from data
    app = (Path(__file__).parents[2] / "graph" / "viz" / "assets" / "app.js").read_text()
    assert not re.search(r"innerHTML|outerHTML|insertAdjacentHTML|document\.write", app)


def test_focused_views(tmp_path, golden):
    key = "004_dbd28386ff21da7c"  # the seed naming four organisations, one inside another
    art = render_html(FIXTURE, tmp_path, article=f"/data/news/{key}.txt", types="org,doc")
    assert art.path.name == "graph-article-004-dbd28386ff21da7c-document-organization.html"
    data = embedded(art.path.read_text(encoding="utf-8"))
    # the organisations and documents the article mentions (mentions.csv), and their links in it
    assert {n["iri"] for n in data["nodes"]} == {
        r["entity"] for r in golden.rows("mentions.csv")
        if r["article"] == key and r["type"] in ("Organization", "Document")}
    assert sorted(n["label"] for n in data["nodes"]) == [
        "Ban Thường vụ (BTV) Đảng ủy Khối", "Đảng", "Đảng bộ Khối các cơ quan tỉnh", "Đảng ủy Khối các cơ quan tỉnh"]
    assert [e["relation"] for e in data["edges"]] == ["subOrganizationOf"]
    with pytest.raises(LookupError, match="a9.txt: no such article"):
        render_html(FIXTURE, tmp_path, article="a9.txt")


def test_cli(tmp_path, capsys):
    out = tmp_path / "view.html"
    assert main(["viz", "--graph", str(FIXTURE), "--max-nodes", "3", "-o", str(out)]) == 0
    printed = capsys.readouterr().out
    assert f"{out}: 3 of {to_networkx(FIXTURE).number_of_nodes()} entities" in printed and "left out" in printed
    assert len(embedded(out.read_text(encoding="utf-8"))["nodes"]) == 3
    assert main(["viz", "--graph", str(tmp_path / "none.trig")]) == 2
    assert "none.trig: no such graph file" in capsys.readouterr().err
    assert main(["viz", "--graph", str(FIXTURE), "--types", "Org,Bogus", "-o", str(out)]) == 2
    assert "unknown entity type 'Bogus'" in capsys.readouterr().err


def test_seeds_page(seeds_exports, tmp_path):
    G = to_networkx(seeds_exports / "graph.trig")
    report = render_html(seeds_exports / "graph.trig", tmp_path / "g.html")
    data = embedded(report.path.read_text(encoding="utf-8"))
    assert len(data["nodes"]) == min(G.number_of_nodes(), 2000)
    assert sum(len(e["sentences"]) for e in data["edges"]) == report.edges == G.number_of_edges()
    for n in data["nodes"]:
        for si, b, e in n["evidence"]:
            assert 0 <= b < e <= len(data["sentences"][si][1])


def test_pyvis_network(G, hostile_graph):
    from graph.viz.notebook import to_pyvis

    net = to_pyvis(FIXTURE)
    assert [n["id"] for n in net.nodes] == list(G) and len(net.edges) == G.number_of_edges()
    assert all(n["physics"] is False and "x" in n for n in net.nodes)
    net = to_pyvis(hostile_graph)  # the implements edge's sentence holds a <script>
    titles = " ".join(e["title"] for e in net.edges)
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in titles and "<script>" not in titles


def test_overview_draws_the_backbone_and_lists_the_lone(seeds_exports, tmp_path):
    from graph.viz.project import from_index
    from graph.viz.select import select

    G = from_index(open_store(seeds_exports)[0])
    view = select(G, overview=10)
    kept = set(view.graph)
    assert len(kept) == 10 and view.overview
    # every entity drawn has a link drawn: no grid of dots
    assert all(view.graph.degree(n) > 0 for n in kept)
    ranked = sorted((n for n in G if G.degree(n) > 0), key=lambda n: (-importance(G, n), n))
    assert ranked[0] in kept  # grown from the most important
    lone = [n for n in G if G.degree(n) == 0]
    assert view.lone_total == len(lone) and [x["iri"] for x in view.lone] == sorted(
        lone, key=lambda n: (-G.nodes[n]["mentions"], n))[:100]


def test_build_page_is_the_same_bytes_twice(seeds_exports, tmp_path):
    from graph.viz.project import from_index
    from graph.viz.render import write_graph_html

    store = open_store(seeds_exports)[0]
    a = write_graph_html(store, tmp_path / "a.html", projection=from_index).path.read_bytes()
    b = write_graph_html(store, tmp_path / "b.html", projection=from_index).path.read_bytes()
    assert a == b
    assert a == (seeds_exports / "graph.html").read_bytes()  # what the build wrote


def test_focused_view_keeps_the_neighbours(seeds_exports):
    from graph.viz.project import from_index
    from graph.viz.select import select

    G = from_index(open_store(seeds_exports)[0])
    hub = max(G, key=lambda n: (G.degree(n), n))
    neighbours = set(G.to_undirected(as_view=True)[hub])
    view = select(G, entity=hub, hops=2, max_nodes=len(neighbours) + 1)
    assert neighbours | {hub} == set(view.graph)


def test_an_entity_named_twice_is_reported(tmp_path):
    import networkx as nx
    from graph.viz.select import find_entities

    G = nx.MultiDiGraph()
    G.add_node("kgid:a", label="Ban Thường vụ Tỉnh ủy Bình Định", aliases="Ban Thường vụ Tỉnh ủy", mentions=3)
    G.add_node("kgid:b", label="Ban Thường vụ Tỉnh ủy Kon Tum", aliases="Ban Thường vụ Tỉnh uỷ", mentions=9)
    assert find_entities(G, "ban thuong vu tinh uy") == ["kgid:b", "kgid:a"]
    assert find_entities(G, "Ban Thường vụ Tỉnh ủy Bình Định") == ["kgid:a"]
