"""graph.viz.graphml writes the bytes networkx writes, with and without its block cache."""

from __future__ import annotations

import io

import networkx as nx
import pytest

from graph.viz.graphml import graphml_text
from graph.viz.project import _xml_safe_graph, write_graphml

HOSTILE = ['Tỉnh ủy "Kon Tum" & <Ban> ]]>', "a\tb\nc\r\nd", "", "  lề  ", "&amp;", "'nháy'", "\u2028", "\x7f"]


def networkx_bytes(G: nx.Graph) -> bytes:
    buf = io.BytesIO()
    nx.write_graphml(G, buf, encoding="utf-8", prettyprint=True)
    return buf.getvalue()


def projection() -> nx.MultiDiGraph:
    G = nx.MultiDiGraph()
    for i, text in enumerate(HOSTILE):
        G.add_node(f"https://w3id.org/vnkg/id/org/vn/x{i}?q=\"{i}\"&r<", label=text, type="Organization",
                   subtype="", aliases=" | ".join(HOSTILE[: i + 1]), mentions=i, articles=i % 3, iri=f"x{i}")
    G.add_node("lone")  # no attributes at all
    nodes = list(G)
    for i, text in enumerate(HOSTILE):
        G.add_edge(nodes[i], nodes[(i + 1) % len(nodes)], key=f"e{i}", relation="issuedBy", graph=f"g{i}",
                   sentence=text, article="a")
    G.add_edge(nodes[0], nodes[0], key="e&<\"x\"")  # a loop without attributes, an odd key
    return G


def test_same_bytes_as_networkx_on_hostile_text():
    G = projection()
    assert graphml_text(G).encode("utf-8") == networkx_bytes(G)


def test_other_graph_kinds_and_types():
    D = nx.DiGraph()
    D.add_node("a", w=1.5, ok=True, n=3, s="x")
    D.add_edge("a", "b", w=2)
    D.graph["title"] = "Đồ thị <1>"
    U = nx.Graph()
    U.add_edge("a", "b")
    for G in (D, U, nx.MultiDiGraph()):
        assert graphml_text(G).encode("utf-8") == networkx_bytes(G)


def test_forbidden_characters_are_cleaned_as_before(tmp_path):
    G = nx.MultiDiGraph()
    G.add_node("a", label="Tỉnh ủy\x0cKon Tum\ufffe", aliases="\x00x")
    G.add_node("b", label="ok")
    G.add_edge("a", "b", key="e0", sentence="câu\x1b một")
    out = write_graphml(G, tmp_path / "g.graphml")
    assert out.read_bytes() == networkx_bytes(_xml_safe_graph(G))
    assert b"\x0c" not in out.read_bytes()
    # a node name with one: networkx on the cleaned copy, as before (the names may merge)
    G.add_node("c\x0c", label="c")
    out = write_graphml(G, tmp_path / "i.graphml")
    assert out.read_bytes() == networkx_bytes(_xml_safe_graph(G))


@pytest.mark.parametrize("value", [None, ["a"], {"a": 1}, frozenset({"a"})])
def test_non_scalars_are_refused_with_the_node_named(tmp_path, value):
    G = nx.MultiDiGraph()
    G.add_node("a", label="x")
    G.add_node("b", label=value)
    with pytest.raises(TypeError, match=r"node b: attribute 'label' is \w+, not a scalar"):
        write_graphml(G, tmp_path / "g.graphml")
    assert not (tmp_path / "g.graphml").exists()
    G.nodes["b"]["label"] = "y"
    G.add_edge("a", "b", key="e0", sentence=value)
    with pytest.raises(TypeError, match=r"edge a -> b: attribute 'sentence'"):
        write_graphml(G, tmp_path / "g.graphml")
