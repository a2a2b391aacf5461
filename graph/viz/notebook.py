"""The same view as a pyvis ``Network``, for notebooks and pyvis users.

``kg viz`` does not go through pyvis: its template fetches bootstrap from a
CDN and importing it costs over a second. This gives pyvis users the graph
with the page's colours, shapes, sizes and positions, built in bulk (pyvis's
``add_node`` scans a list per call: 20,000 nodes took 92 s) and with physics
off, so ``net.write_html(path)`` or a notebook shows the still picture.

>>> from graph.viz.project import EXAMPLE
>>> from rdflib import Dataset
>>> net = to_pyvis(Dataset().parse(data=EXAMPLE, format="trig"))
>>> len(net.nodes), len(net.edges), net.nodes[0]["label"]
(2, 1, 'Nghị quyết 23-NQ/TU')
"""

from __future__ import annotations

import html

import networkx as nx

from graph.viz.project import Source, load_store, to_networkx
from graph.viz.layout import layout
from graph.viz.render import STYLES
from graph.viz.select import importance, select


def to_pyvis(source: Source | nx.MultiDiGraph, *, max_nodes: int = 2000, **network_args):
    """A ``pyvis.network.Network`` of the graph (or of a ``to_networkx`` result).

    ``network_args`` go to ``Network`` (``height``, ``notebook`` …); by
    default ``cdn_resources="in_line"`` and ``directed=True``.
    """
    from pyvis.network import Network

    G = source if isinstance(source, nx.MultiDiGraph) else to_networkx(load_store(source))
    G = select(G, max_nodes=max_nodes).graph
    pos = layout(nx.Graph(G.to_undirected(as_view=True)))
    net = Network(**{"cdn_resources": "in_line", "directed": True, **network_args})
    net.toggle_physics(False)
    for n, d in G.nodes(data=True):
        color, shape = STYLES.get(d.get("type", ""), STYLES[""])
        x, y = pos[n]
        net.nodes.append({
            "id": n, "label": d["label"], "shape": shape, "color": color,
            "value": importance(G, n), "x": x, "y": y, "physics": False,
            "title": f"{d.get('type', '')} {d.get('subtype', '')}".strip(),
        })
        net.node_ids.append(n)
        net.node_map[n] = net.nodes[-1]
    net.edges.extend(
        # pyvis's template may show a title as HTML: article text is escaped.
        {"from": u, "to": v, "label": d["relation"], "arrows": "to",
         "title": html.escape(d.get("sentence", ""))}
        for u, v, d in G.edges(data=True)
    )
    return net
