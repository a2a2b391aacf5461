"""Stage *analyse*: segment + recognise, as one spaCy pipeline.

Input: :class:`graph.model.Article`. Output: its sentences and mentions.
"""

from graph.analyse.pipeline import analyze, make_nlp

__all__ = ["analyze", "make_nlp"]
