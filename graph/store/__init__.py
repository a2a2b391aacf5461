"""Stage *store*: the persistent Oxigraph store the build keeps up to date."""

from graph.store.knowledge_store import KnowledgeStore

__all__ = ["KnowledgeStore"]
