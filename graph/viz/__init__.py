"""The browser view of the graph: one offline HTML page per view.

``render_html(source, path, entity=..., hops=..., article=..., types=...,
max_nodes=...)`` writes a focused view; ``write_graph_html(source, path)``
the whole graph, as ``kg build`` does for ``exports/graph.html``.
"""

from __future__ import annotations

from graph.viz.render import Rendered, render_html, write_graph_html

__all__ = ["Rendered", "render_html", "write_graph_html"]
