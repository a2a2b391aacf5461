"""Stage *emit*: an article's quads as N-Quads lines (NIF 2.1 text annotation, PROV-O,
one named graph per sentence), and the build and entity-index graphs.
"""

from graph.emit.quads import article_lines, build_lines, entity_index_lines, pipeline_activity

__all__ = ["article_lines", "build_lines", "entity_index_lines", "pipeline_activity"]
