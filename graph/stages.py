"""The pipeline, declared once: the stages in order, and the components each runs.

The build runs the stages in this order; the analyse stage builds its spaCy
pipeline from its components; provenance names the components that state facts
(``agent=True``) as PROV software agents, and attributes each mention or fact
to the component whose rules found it (by the rule name's prefix).

>>> [s.name for s in STAGES]
['read', 'analyse', 'resolve', 'relate', 'emit', 'store', 'export']
>>> stage("analyse").components[0].name
'kg_sentencizer'
>>> component_of_rule("document-number"), component_of_rule("merge-short-form")
('kg_document_recognizer', 'kg_entity_resolver')
>>> [c.name for c in agents()][:2]
['kg_place_recognizer', 'kg_org_recognizer']

A component that runs only when switched on (the learned recogniser, see
``graph.analyse.pipeline.learned_default``) is declared among the stage's
``switched`` components: it is an agent only of the builds it runs in.

>>> "kg_learned_recognizer" in [c.name for c in agents()], "kg_learned_recognizer" in [c.name for c in agents(True)]
(False, True)
>>> component_of_rule("model-organization")
'kg_learned_recognizer'
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

__all__ = ["Component", "STAGES", "Stage", "agents", "component_of_rule", "stage"]


@dataclass(frozen=True)
class Component:
    name: str  # spaCy factory name or PROV agent name
    does: str
    rules: str | None = None  # prefix of the rule names it applies ("org" for "org-grammar")
    agent: bool = True  # states mentions or facts: named in provenance


@dataclass(frozen=True)
class Stage:
    name: str
    module: str  # the package that implements it
    takes: str
    gives: str
    components: tuple[Component, ...] = ()
    switched: tuple[Component, ...] = ()  # run only when switched on (learned=True)


STAGES: tuple[Stage, ...] = (
    Stage("read", "graph.read", "paths", "Article", ()),
    Stage("analyse", "graph.analyse", "Article", "Sentence, Mention", (
        Component("kg_sentencizer", "sentences: line breaks, then sentence punctuation", agent=False),
        Component("kg_place_recognizer", "places from the gazetteers", "place"),
        Component("kg_org_recognizer", "bodies by the grammar of their names", "org"),
        Component("kg_person_recognizer", "people: surname + given names, titles, bylines", "person"),
        Component("kg_document_recognizer", "documents: numbers, named and quoted ones", "document"),
        Component("kg_campaign_recognizer", "movements, models, awards, themes", "campaign"),
        Component("kg_event_recognizer", "congresses, conferences, meetings, elections", "event"),
        Component("kg_mention_resolver", "overlaps: the longest name wins, nested kept", agent=False),
    ), switched=(
        # inserted before kg_mention_resolver by graph.analyse.pipeline.make_nlp(learned=True)
        Component("kg_learned_recognizer", "names found by the trained model (graph/models/ner)", "model"),
    )),
    Stage("resolve", "graph.resolve", "Sentence, Mention", "Mention (linked), Entity", (
        Component("kg_entity_resolver", "mentions to entities with stable IRIs"),
    )),
    Stage("relate", "graph.relate", "Mention (linked), Entity", "Relation, Figure", (
        Component("kg_relation_extractor", "relations from the sentence that states them", "rel"),
        Component("kg_figure_extractor", "reported quantities", "fig"),
    )),
    Stage("emit", "graph.emit", "ArticleResult", "N-Quads lines per article"),
    Stage("store", "graph.store", "N-Quads lines", "a new store version"),
    Stage("export", "graph.export", "store, per-article rows", "graph.trig, graph.nq, CSV, views"),
)

_BY_NAME = {s.name: s for s in STAGES}
_OF_RULE = {c.rules: c.name for s in STAGES for c in (*s.components, *s.switched) if c.rules}


def stage(name: str) -> Stage:
    """One stage by name."""
    return _BY_NAME[name]


def agents(learned: bool = False) -> list[Component]:
    """The components provenance names, in pipeline order; ``learned``: the build ran the
    switched-on components too (each just before the last component of its stage)."""
    out = []
    for s in STAGES:
        parts = list(s.components)
        if learned and s.switched:
            parts[-1:-1] = s.switched
        out += [c for c in parts if c.agent]
    return out


def has_learned_model() -> bool:
    """A trained model is shipped with the package (graph/models/ner)."""
    return (Path(__file__).resolve().parent / "models" / "ner" / "meta.json").is_file()


def learned_default() -> bool:
    """Whether builds use the learned recogniser: ``KG_LEARNED=0`` turns it off (rules only).
    Off while no model is shipped. Here, not in the analysis, so the build's main process can
    ask without importing spaCy."""
    return os.environ.get("KG_LEARNED", "1") != "0" and has_learned_model()


def component_of_rule(rule: str) -> str:
    """The component that applies a rule, by the rule name's prefix; the resolver otherwise."""
    return _OF_RULE.get(rule.split("-")[0], "kg_entity_resolver")
