"""``kg serve``: the SPARQL 1.1 Protocol, a query page and entity pages over the store."""

from graph.serve.app import create_app

__all__ = ["create_app"]
