"""SPARQL kept in ``.rq`` files beside the code that runs it, read once.

Each stage that queries keeps its queries in its own ``queries/`` folder
(graph/viz/queries, graph/evaluate/queries, graph/store/queries; the named
queries users run are graph/query/queries). ``%(name)s`` placeholders are
filled by the caller.

>>> text = query("graph.store", "article-hashes")
>>> text.lstrip().startswith("# ") and "SELECT ?g ?hash" in text
True
"""

from __future__ import annotations

from functools import cache
from importlib import resources

__all__ = ["query"]


@cache
def query(package: str, name: str) -> str:
    """The text of ``<package>/queries/<name>.rq``."""
    return (resources.files(package) / "queries" / f"{name}.rq").read_text(encoding="utf-8")
