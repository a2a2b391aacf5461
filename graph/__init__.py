"""Build RDF knowledge graphs from Vietnamese political and administrative news.

Every fact points back to the sentence it comes from (NIF 2.1 + PROV-O).

The public API:

- :func:`build_graph` reads articles and writes a graph, its store and exports;
- :func:`open` opens a built graph (store folder or graph file) for SPARQL;
- :func:`to_networkx` projects a graph onto a networkx ``MultiDiGraph``.

>>> import graph
>>> sorted(graph.__all__)
['__version__', 'build_graph', 'open', 'to_networkx']
"""

from __future__ import annotations

from graph._version import __version__

__all__ = ["__version__", "build_graph", "open", "to_networkx"]


def __getattr__(name: str):
    # Imported on first use: ``import graph`` stays light for the CLI.
    if name == "build_graph":
        from graph.build.runner import build_graph

        return build_graph
    if name == "open":
        from graph.query.api import open as open_

        return open_
    if name == "to_networkx":
        from graph.viz.project import to_networkx

        return to_networkx
    raise AttributeError(f"module 'graph' has no attribute {name!r}")
