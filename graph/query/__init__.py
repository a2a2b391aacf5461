"""Asking a built graph: SPARQL from Python and the named queries (``queries/*.rq``)."""

from graph.query.api import open

__all__ = ["open"]
