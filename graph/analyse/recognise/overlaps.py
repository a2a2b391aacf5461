"""Choose the mentions among overlapping candidates.

The longest name wins. A Person, Place, Document or Campaign inside a longer
mention is kept as a nested mention of its own ("Hồ Chí Minh" inside a
movement's name, "Kon Tum" inside "Tỉnh ủy Kon Tum"); an Organization or Event
inside a longer mention is part of that name and dropped.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from graph.model import Mention

#: Types kept when nested inside a longer mention.
DEFAULT_NESTABLE = ("Person", "Place", "Document", "Campaign")
#: Which type wins when two candidates cover exactly the same text.
DEFAULT_PRIORITY = ("Document", "Campaign", "Event", "Organization", "Place", "Person")


@Language.factory(
    "kg_mention_resolver",
    default_config={"nestable": list(DEFAULT_NESTABLE), "priority": list(DEFAULT_PRIORITY)},
)
def make_mention_resolver(nlp: Language, name: str, nestable: list[str], priority: list[str]):
    return MentionResolver(tuple(nestable), tuple(priority))


class MentionResolver:
    def __init__(self, nestable=DEFAULT_NESTABLE, priority=DEFAULT_PRIORITY):
        self.nestable = set(nestable)
        self.rank = {t: i for i, t in enumerate(priority)}

    def __call__(self, doc: Doc) -> Doc:
        doc._.kg_mentions = self.resolve(doc._.kg_candidates or [])
        spans = []
        for m in doc._.kg_mentions:
            span = doc.char_span(m.start, m.end, label=m.type)
            if span is not None:
                spans.append(span)
        doc.spans["kg_mentions"] = spans
        return doc

    def resolve(self, candidates: list[Mention]) -> list[Mention]:
        # Longest first; same span: type priority; then rule name for determinism.
        order = sorted(
            candidates,
            key=lambda m: (-(m.end - m.start), m.start, self.rank.get(m.type, 99), m.rule),
        )
        kept: list[Mention] = []
        for m in order:
            ok = True
            for k in kept:
                if m.end <= k.start or m.start >= k.end:
                    continue
                inside = k.start <= m.start and m.end <= k.end
                same = (k.start, k.end) == (m.start, m.end)
                if same or not inside:
                    ok = False  # a duplicate, or a crossing span: the longer one won
                    break
                if m.type not in self.nestable:
                    ok = False
                    break
                # a place inside a person's name ("Thái Bình" in "Nguyễn Thái Bình"); a
                # "person" opening a body's name ("Đoàn Thanh" in "Đoàn Thanh niên")
                if k.type == "Person" or (m.type == k.type and m.type == "Document") or (
                        m.type == "Person" and k.type == "Organization" and m.start == k.start):
                    ok = False
                    break
            if ok:
                kept.append(m)
        return sorted(kept, key=lambda m: (m.start, m.end, m.type))
