"""Every rule's examples: each sentence written beside a rule in graph/rules/ gives the spans
the rule says it must give (and none of those it must not).

The examples are the rules' own documentation; this one test runs them all, rules only
(the learned recogniser is not part of a rule's promise).
"""

from __future__ import annotations

import pytest

from graph.analyse.pipeline import analyze
from graph.read.reader import article_from_text
from graph.rules import examples

EXAMPLES = examples()


def test_every_rule_file_has_examples():
    sources = {e.source.split(":")[0] for e in EXAMPLES}
    assert {"bodies.tsv", "roles.tsv", "units.tsv", "grammar/orgs.jsonl",
            "patterns/documents.jsonl", "patterns/events.jsonl", "patterns/campaigns.jsonl"} <= sources


@pytest.mark.parametrize("example", EXAMPLES, ids=[f"{e.source}:{n}" for n, e in enumerate(EXAMPLES)])
def test_rule_example(example):
    art = article_from_text("example.txt", example.text)
    _, mentions = analyze(art, learned=False)
    found = {(m.type, m.text) for m in mentions}
    missing = [s for s in example.spans if s not in found]
    wrong = [s for s in example.absent if s in found]
    assert not missing and not wrong, f"{example.source}: missing {missing}, unwanted {wrong}; found {sorted(found)}"
