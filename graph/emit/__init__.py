"""Stage *emit*: an article's quads (NIF 2.1 text annotation, PROV-O, one named
graph per sentence).
"""

from graph.emit.quads import article_quads, build_quads, entity_index_quads, relation_quads

__all__ = ["article_quads", "build_quads", "entity_index_quads", "relation_quads"]
