"""The shared doctest fixture: names every doctest in the package may use without set-up.

``resolved(text)`` is one article read, analysed and resolved (the result and its
entities), the set-up most stage doctests need; ``analysed(text)`` stops after
the analysis; ``SEEDS`` is the seeds folder.
"""

from __future__ import annotations

from pathlib import Path

import pytest

SEEDS = Path(__file__).resolve().parent / "seeds"


def analysed(text: str, name: str = "a.txt"):
    """An article read from ``text`` and analysed (sentences and mentions, nothing resolved)."""
    from graph.build.work import analyse_article
    from graph.read.reader import article_from_text

    return analyse_article(article_from_text(name, text))


def resolved(text: str, name: str = "a.txt"):
    """An article read from ``text``, analysed and resolved: ``(ArticleResult, entities)``."""
    from graph.resolve.resolver import Resolver

    [result], entities = Resolver().resolve_all([analysed(text, name)])
    return result, entities


@pytest.fixture(autouse=True)
def _doctest_names(doctest_namespace):
    doctest_namespace.update(analysed=analysed, resolved=resolved, SEEDS=SEEDS)
