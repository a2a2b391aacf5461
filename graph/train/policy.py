"""Choose how the model's candidates combine with the rules', on the dev split.

For each type of the model's candidate, one of the modes of
:mod:`graph.analyse.recognise.overlaps` (``fill``, ``union``, ``override``,
``off``); the choice is greedy, type by type, from the best single mode for all,
by the entity F1 of ``kg eval --split dev``. Never run on the test split.

    python -m graph.train.policy          # prints the scores and the policy chosen

>>> uniform("fill")["Place"]
'fill'
"""

from __future__ import annotations

import sys

from graph.analyse.recognise.overlaps import COMBINE_MODES
from graph.model import ENTITY_TYPES

__all__ = ["choose_policy", "score_policy", "uniform"]


def uniform(mode: str) -> dict[str, str]:
    """The same mode for every type."""
    return {t: mode for t in ENTITY_TYPES}


def score_policy(policy: dict[str, str] | None, split: str = "dev"):
    """The ``kg eval --split`` report of the pipeline with this policy (``None``: rules only)."""
    from graph.analyse.pipeline import make_nlp
    from graph.evaluate.corpus import score_pipeline

    if split == "test":
        raise ValueError("the policy is chosen on dev; the test split is for the reported figures only")
    if policy is None:
        return score_pipeline(split, learned=False)
    resolver = make_nlp(True).get_pipe("kg_mention_resolver")
    saved = resolver.combine
    resolver.combine = dict(policy)
    try:
        return score_pipeline(split, learned=True)
    finally:
        resolver.combine = saved


def choose_policy(split: str = "dev", log=print) -> dict[str, str]:
    """Greedy per type from the best uniform mode; returns the policy with the best entity F1."""
    def f1(policy):
        report = score_policy(policy, split)
        score = report.entities.total
        log(f"{score.precision:.3f} {score.recall:.3f} {score.f1:.3f}  {policy}")
        return score.f1

    best, best_f = None, -1.0
    for mode in COMBINE_MODES[:3]:
        f = f1(uniform(mode))
        if f > best_f:
            best, best_f = uniform(mode), f
    for t in ENTITY_TYPES:
        for mode in COMBINE_MODES:
            if mode == best[t]:
                continue
            trial = {**best, t: mode}
            f = f1(trial)
            if f > best_f:
                best, best_f = trial, f
    log(f"chosen: {best} (entity F1 {best_f:.3f} on {split})")
    return best


if __name__ == "__main__":
    rules = score_policy(None).entities.total
    print(f"rules only: {rules.precision:.3f} {rules.recall:.3f} {rules.f1:.3f}")
    choose_policy(sys.argv[1] if len(sys.argv) > 1 else "dev")
