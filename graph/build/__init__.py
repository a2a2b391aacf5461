"""``kg build``: runs the stages in the order :mod:`graph.stages` declares."""

from graph.build.runner import BuildReport, build_graph, remove_articles

__all__ = ["BuildReport", "build_graph", "remove_articles"]
