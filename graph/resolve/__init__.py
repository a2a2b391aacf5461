"""Stage *resolve*: mentions to entities with stable IRIs.

Input: analysed articles. Output: :class:`graph.model.Entity` records by IRI.
"""

from graph.resolve.resolver import Resolver, split_conflicting_people

__all__ = ["Resolver", "split_conflicting_people"]
