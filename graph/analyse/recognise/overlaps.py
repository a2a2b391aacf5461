"""Choose the mentions among overlapping candidates, the rules' and the learned model's.

The longest name wins. A Person, Place, Document or Campaign inside a longer
mention is kept as a nested mention of its own ("Hồ Chí Minh" inside a
movement's name, "Kon Tum" inside "Tỉnh ủy Kon Tum"); an Organization or Event
inside a longer mention is part of that name and dropped.

The learned recogniser's candidates (rule names ``model-…``) are combined with
the rules' first, by a policy per type of the model's candidate:

* ``fill``: kept only where no rule candidate overlaps it (rules first, the
  model for the rest);
* ``union``: kept beside the rules' (the longest wins);
* ``override``: kept, and the rule candidates that cross it, contain it or give
  its span another type are dropped (the model with rules nested inside it);
* ``off``: dropped.

A model candidate with the span and type of a rule candidate is dropped in every
policy: the rule's mention carries the fields of its type (a document's number,
a place's code). Without model candidates (``KG_LEARNED=0``) the policy changes
nothing: the rules' output is exactly what it was.

>>> from graph.model import Mention
>>> rule = Mention(0, 7, "Tỉnh ủy", "Organization", "org-grammar")
>>> model = Mention(0, 15, "Tỉnh ủy Kon Tum", "Organization", "model-organization")
>>> [m.text for m in MentionResolver(combine={"Organization": "fill"}).resolve([rule, model])]
['Tỉnh ủy']
>>> [m.text for m in MentionResolver(combine={"Organization": "override"}).resolve([rule, model])]
['Tỉnh ủy Kon Tum']
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right

from spacy.language import Language
from spacy.tokens import Doc

from graph.model import Mention

__all__ = ["COMBINE_MODES", "DEFAULT_COMBINE", "DEFAULT_NESTABLE", "DEFAULT_PRIORITY", "MODEL_ONLY", "MODEL_RULE_PREFIX",
           "MentionResolver", "combine", "is_model"]

#: Types kept when nested inside a longer mention.
DEFAULT_NESTABLE = ("Person", "Place", "Document", "Campaign")
#: Which type wins when two candidates cover exactly the same text.
DEFAULT_PRIORITY = ("Document", "Campaign", "Event", "Organization", "Place", "Person")
#: The rule names of the learned recogniser's candidates start with this.
MODEL_RULE_PREFIX = "model-"
#: ``doc.user_data`` key: the doc holds the model's candidates alone (KG_LEARNED=only), no policy
MODEL_ONLY = "kg_model_only"
#: The ways to combine a model candidate with the rules' (see the module doc).
COMBINE_MODES = ("fill", "union", "override", "off")
#: The policy per type of the model's candidate, chosen on the dev split (docs/model.md).
#: (python -m graph.train.policy on the 76 dev articles, for the model retrained on 2026-12-04 with
#: the s9-ev10 Event rules and 262 train articles: its bodies beside the rules' (the longest wins),
#: its places where the rules found none; its people, documents, campaigns and events add more
#: errors than names on dev. Its documents, events and campaigns count only when they are
#: well-formed names of their type: graph.analyse.learned.headed)
DEFAULT_COMBINE = {"Organization": "union", "Person": "off", "Document": "off", "Campaign": "off",
                   "Event": "off", "Place": "fill"}


def is_model(m: Mention) -> bool:
    """Whether a candidate comes from the learned recogniser.

    >>> is_model(Mention(0, 2, "Mỹ", "Place", "model-place")), is_model(Mention(0, 2, "Mỹ", "Place", "place-gazetteer"))
    (True, False)
    """
    return m.rule.startswith(MODEL_RULE_PREFIX)


class _ByStart:
    """Mentions indexed by start offset: the ones overlapping a span, without a full scan."""

    def __init__(self, mentions: list[Mention] = ()):
        self.items = sorted(((m.start, i, m) for i, m in enumerate(mentions)), key=lambda x: (x[0], x[1]))
        self.starts = [x[0] for x in self.items]
        self.longest = max((m.end - m.start for m in mentions), default=0)

    def add(self, m: Mention) -> None:
        i = bisect_right(self.starts, m.start)
        self.starts.insert(i, m.start)
        self.items.insert(i, (m.start, len(self.items), m))
        self.longest = max(self.longest, m.end - m.start)

    def overlapping(self, start: int, end: int):
        lo = bisect_left(self.starts, start - self.longest)
        hi = bisect_left(self.starts, end)
        for _, i, m in self.items[lo:hi]:
            if m.end > start:
                yield i, m


def combine(candidates: list[Mention], policy: dict[str, str]) -> list[Mention]:
    """The candidates left after combining the model's with the rules' by ``policy``
    (type of the model candidate -> mode); the rules' alone pass unchanged.

    >>> rule = Mention(0, 7, "Tỉnh ủy", "Organization", "org-grammar")
    >>> same = Mention(0, 7, "Tỉnh ủy", "Organization", "model-organization")
    >>> other = Mention(10, 13, "Huế", "Place", "model-place")
    >>> [m.rule for m in combine([rule, same, other], {"Place": "fill"})]
    ['org-grammar', 'model-place']
    """
    model = [m for m in candidates if is_model(m)]
    if not model:
        return list(candidates)
    rules = [m for m in candidates if not is_model(m)]
    index = _ByStart(rules)
    dropped: set[int] = set()
    kept: list[Mention] = []
    for m in model:
        mode = policy.get(m.type, "union")
        if mode not in COMBINE_MODES:
            raise ValueError(f"kg_mention_resolver: combine mode {mode!r} for {m.type}: give one of "
                             + ", ".join(COMBINE_MODES))
        if mode == "off":
            continue
        near = list(index.overlapping(m.start, m.end))
        if any((r.start, r.end, r.type) == (m.start, m.end, m.type) for _, r in near):
            continue  # the rule's mention carries its type's fields
        if mode == "fill" and near:
            continue
        kept.append(m)
        if mode == "override":
            for i, r in near:
                inside = m.start <= r.start and r.end <= m.end and (r.start, r.end) != (m.start, m.end)
                if not inside:
                    dropped.add(i)
    return [r for i, r in enumerate(rules) if i not in dropped] + kept


@Language.factory(
    "kg_mention_resolver",
    default_config={"nestable": list(DEFAULT_NESTABLE), "priority": list(DEFAULT_PRIORITY),
                    "combine": dict(DEFAULT_COMBINE)},
    requires=["doc._.kg_candidates"],
    assigns=["doc._.kg_mentions", "doc.spans"],
)
def make_mention_resolver(nlp: Language, name: str, nestable: list[str], priority: list[str],
                          combine: dict[str, str]):
    return MentionResolver(tuple(nestable), tuple(priority), dict(combine))


#: Rules whose documents are no name of their own inside another's: a bare number
#: ("05-CT/TW" in "Chỉ thị số 05-CT/TW"), a type word alone.
_NOT_CITED = ("document-bare-number", "document-anaphor")


def _cited_in(m: Mention, k: Mention) -> bool:
    """Whether document ``m`` inside document ``k`` is another document cited in its title
    ("Luật X" in "Luật sửa đổi, bổ sung một số điều của Luật X", "Chỉ thị 05" in "Báo cáo
    sơ kết … Chỉ thị 05"): it starts later, is a named or numbered one, and is not the
    subject of a "về" title ("Công ước … về Luật Biển": the law of the sea, no document).

    >>> k = Mention(0, 30, "Luật sửa đổi một số điều của Luật Đất đai", "Document", "document-law")
    >>> _cited_in(Mention(29, 41, "Luật Đất đai", "Document", "document-law"), k)
    True
    """
    if m.start <= k.start or m.rule in _NOT_CITED:
        return False
    before = k.text[: m.start - k.start].rstrip()
    return not before.endswith(" về")


class MentionResolver:
    """Combines the model's candidates with the rules' (:func:`combine`), then keeps the
    longest names and the nestable names inside them."""

    def __init__(self, nestable=DEFAULT_NESTABLE, priority=DEFAULT_PRIORITY, combine=None):
        self.nestable = set(nestable)
        self.rank = {t: i for i, t in enumerate(priority)}
        self.combine = dict(DEFAULT_COMBINE if combine is None else combine)

    def __call__(self, doc: Doc) -> Doc:
        doc._.kg_mentions = self.resolve(doc._.kg_candidates or [], policy=not doc.user_data.get(MODEL_ONLY))
        spans = []
        for m in doc._.kg_mentions:
            span = doc.char_span(m.start, m.end, label=m.type)
            if span is not None:
                spans.append(span)
        doc.spans["kg_mentions"] = spans
        return doc

    def resolve(self, candidates: list[Mention], policy: bool = True) -> list[Mention]:
        """The mentions kept among the candidates, in text order (``policy=False``: the
        candidates as they are, without combining)."""
        if policy:
            candidates = combine(candidates, self.combine)
        # Longest first; same span: type priority; then rule name for determinism.
        order = sorted(
            candidates,
            key=lambda m: (-(m.end - m.start), m.start, self.rank.get(m.type, 99), m.rule),
        )
        kept: list[Mention] = []
        index = _ByStart()
        for m in order:
            ok = True
            for _, k in index.overlapping(m.start, m.end):
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
                if k.type == "Person" or (m.type == k.type == "Document" and not _cited_in(m, k)) or (
                        m.type == "Person" and k.type == "Organization" and m.start == k.start):
                    ok = False
                    break
            if ok:
                kept.append(m)
                index.add(m)
        return sorted(kept, key=lambda m: (m.start, m.end, m.type))


# the resolver combines the learned recogniser's candidates: importing it registers that factory
import graph.analyse.learned  # noqa: E402,F401
