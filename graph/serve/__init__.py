"""``kg serve``: the SPARQL 1.1 Protocol, a query page and entity pages over the store.

``create_app`` is imported on first use: query workers import ``graph.serve.pages``
and ``graph.serve.results`` without the web framework.
"""

__all__ = ["create_app"]


def __getattr__(name: str):
    if name == "create_app":
        from graph.serve.app import create_app

        return create_app
    raise AttributeError(f"module 'graph.serve' has no attribute {name!r}")
