"""``kg build``: runs the stages in the order :mod:`graph.stages` declares."""

from graph.build.runner import BuildReport, build_graph

__all__ = ["BuildReport", "build_graph"]
