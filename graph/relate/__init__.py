"""Stage *relate*: relations and figures, from the sentence that states them.

Input: an analysed, resolved article. Output: :class:`graph.model.Relation`,
:class:`graph.model.Figure`.
"""

from graph.relate.figures import extract_figures
from graph.relate.relations import extract_relations

__all__ = ["extract_figures", "extract_relations"]
