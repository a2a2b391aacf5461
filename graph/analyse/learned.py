"""The learned recogniser: the trained NER model's names as candidate mentions.

``kg_learned_recognizer`` runs the model shipped in ``graph/models/ner`` (trained
by ``kg train``, see docs/model.md) on the tokens of our Doc, the body only,
and adds each name it finds to ``doc._.kg_candidates`` with a rule name
``model-<type>`` (``model-organization`` …). A *stacked* model (the shipped
one) also reads the rules' names: the component runs after the rule
recognisers, resolves their candidates as a rules-only build would, and gives
the model each token's BIO tag of them (as the token's LEMMA). Spans that
cannot be names (:func:`well_formed`) are dropped. The overlap resolver
(:mod:`graph.analyse.recognise.overlaps`) then combines them with the rules'
candidates by its policy. The model is loaded once per process, from the
package folder: nothing is downloaded.

``KG_LEARNED_MODEL=FOLDER`` runs another trained model instead of the shipped
one. ``KG_LEARNED=only`` (a measuring mode) keeps the model's candidates alone: the
rules' are dropped before the resolver. ``KG_LEARNED=0`` leaves the component
out of the pipeline altogether (rules only).

>>> from graph.analyse.pipeline import make_nlp
>>> nlp = make_nlp(True)
>>> "kg_learned_recognizer" in nlp.pipe_names
True
>>> doc = nlp("Sáng 5/12, Ban Thường vụ Tỉnh ủy Kon Tum họp dưới sự chủ trì của đồng chí Nguyễn Văn Thắng.")
>>> [(m.text, m.type) for m in doc._.kg_mentions if m.type in ("Organization", "Person")]
[('Ban Thường vụ Tỉnh ủy Kon Tum', 'Organization'), ('Nguyễn Văn Thắng', 'Person')]
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from graph.analyse.recognise.base import doc_text, emit
from graph.analyse.recognise.overlaps import MODEL_ONLY, MODEL_RULE_PREFIX, MentionResolver, is_model
from graph.errors import Errors, InputError
from graph.model import ENTITY_TYPES

__all__ = ["MODEL_DIR", "MODEL_RULE_PREFIX", "LearnedRecognizer", "load_model", "model_dir", "model_mode",
           "model_spans", "outermost", "paragraphs", "rule_tags", "spans_from_tags", "well_formed"]

#: Where the trained model lives (package data).
MODEL_DIR = Path(__file__).resolve().parent.parent / "models" / "ner"


def spans_from_tags(tags: list[str]) -> list[tuple[int, int, str]]:
    """Token spans ``(start, end, label)`` of BIO tags; an ``I-`` without its ``B-`` starts a name.

    >>> spans_from_tags(["B-Person", "I-Person", "O", "I-Place", "B-Place", "B-Organization", "I-Place"])
    [(0, 2, 'Person'), (3, 4, 'Place'), (4, 5, 'Place'), (5, 6, 'Organization'), (6, 7, 'Place')]
    """
    spans: list[tuple[int, int, str]] = []
    start, label = -1, ""
    for i, tag in enumerate([*tags, "O"]):
        kind, _, name = tag.partition("-")
        if kind == "I" and start >= 0 and name == label:
            continue
        if start >= 0:
            spans.append((start, i, label))
            start, label = -1, ""
        if kind in ("B", "I") and name:
            start, label = i, name
    return spans


#: Words a name never ends with (a title stops before "của X", before the verb): a model span
#: ending in one has run past its name.
NOT_LAST = frozenset("""của để và do này có từ là với cho các những đã được tại về theo trong khi nhằm
    đồng chí ông bà anh chị cũng sẽ đang thì mà nên như""".split())
_PUNCT_EDGE = frozenset(",.;:!?-–—/")


#: Lower-case words a body's name may end with: its level ("UBND tỉnh", "Công an huyện").
ORG_LAST = frozenset("tỉnh huyện xã phường quận phố trấn ương thị".split())
#: A body's name never opens with a place's unit word ("huyện Kon Rẫy", "Tỉnh Kon Tum" are places).
ORG_NOT_FIRST = frozenset("tỉnh huyện xã phường quận thành thị ấp thôn bản làng".split())
#: Verbs a body's name runs into in news ("Đảng ủy Khối họp"): never its last word.
ORG_NOT_LAST = frozenset("họp dự thăm làm trì phát gửi nhận tặng đón tiếp chúc cầu".split())


def well_formed(words: list[str], label: str = "") -> bool:
    """Whether the words of a model span can be a name: no punctuation at either end and
    no function word last; a body's name ends with a capitalised word (or the syllable
    after one: "Đào tạo"), a number or its level ("tỉnh"), not with a verb it ran into.

    >>> well_formed(["Nghị", "quyết", "số", "23"]), well_formed(["Nghị", "quyết", "của"])
    (True, False)
    >>> well_formed(["cuộc", "gặp", ","]), well_formed(["Hội", "nghị", "có", "các", "ông"])
    (False, False)
    >>> org = "Organization"
    >>> well_formed("Sở Giáo dục và Đào tạo".split(), org), well_formed("Liên đoàn Lao động tỉnh".split(), org)
    (True, True)
    >>> well_formed("BTV Đảng ủy Khối quan tâm".split(), org), well_formed("huyện Kon Rẫy".split(), org)
    (False, False)
    >>> well_formed("Tỉnh Kon Tum".split(), org), well_formed("Tỉnh đoàn".split(), org)
    (False, True)
    """
    if not words or words[0] in _PUNCT_EDGE or words[-1] in _PUNCT_EDGE or words[-1].lower() in NOT_LAST:
        return False
    if label == "Organization":
        if words[0] in ORG_NOT_FIRST or (words[0].lower() in ORG_NOT_FIRST and len(words) > 1
                                         and words[1][:1].isupper()):
            return False
        last = words[-1]
        if last in ORG_NOT_LAST:
            return False
        capitalised = [w[:1].isupper() for w in words]
        return (capitalised[-1] or any(c.isdigit() for c in last) or last in ORG_LAST
                or (len(words) > 1 and capitalised[-2]))
    return True


def outermost(spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """The spans no other span contains or crosses (longest first), in text order.

    >>> outermost([(0, 15, "Organization"), (8, 15, "Place"), (20, 25, "Person"), (22, 30, "Place")])
    [(0, 15, 'Organization'), (22, 30, 'Place')]
    """
    kept: list[tuple[int, int, str]] = []
    for s, e, t in sorted(spans, key=lambda x: (x[0] - x[1], x[0], x[2])):
        if all(e <= ks or s >= ke for ks, ke, _ in kept):
            kept.append((s, e, t))
    return sorted(kept)


def rule_tags(tokens: list, spans: list[tuple[int, int, str]]) -> list[str]:
    """The BIO tag of each token by the rules' names (character spans, non-overlapping:
    :func:`outermost`): the stacked model reads them as a feature (the token's LEMMA,
    which nothing else sets).

    >>> from graph.analyse.pipeline import make_nlp
    >>> doc = make_nlp(False).make_doc("Tỉnh ủy Kon Tum họp")
    >>> rule_tags(list(doc), outermost([(0, 15, "Organization"), (8, 15, "Place")]))
    ['B-Organization', 'I-Organization', 'I-Organization', 'I-Organization', 'O']
    """
    tags = ["O"] * len(tokens)
    start_of = {t.idx: i for i, t in enumerate(tokens)}
    for s, e, label in spans:
        i = start_of.get(s)
        if i is None:
            continue
        tags[i] = "B-" + label
        j = i + 1
        while j < len(tokens) and tokens[j].idx < e:
            tags[j] = "I-" + label
            j += 1
    return tags


def model_spans(model: Language, docs: list[Doc]) -> list[list[tuple[int, int, str]]]:
    """The trained pipeline's names on each doc (Docs of the model's vocab): token spans
    ``(start, end, label)``, from its NER or its BIO tagger; the docs go through in one
    batch (the NER's steps run on all of them at once)."""
    out = []
    for doc in model.pipe(docs, batch_size=256):
        if "tagger" in model.pipe_names:
            out.append(spans_from_tags([t.tag_ for t in doc]))
        else:
            out.append([(e.start, e.end, e.label_) for e in doc.ents])
    return out


def paragraphs(tokens: list) -> list[list]:
    """The tokens cut at line breaks (no name runs over one), line-break tokens dropped.

    >>> from graph.analyse.pipeline import make_nlp
    >>> doc = make_nlp(False).make_doc("Tỉnh ủy họp.\\n\\nBộ Chính trị")
    >>> [[t.text for t in p] for p in paragraphs(list(doc))]
    [['Tỉnh', 'ủy', 'họp', '.'], ['Bộ', 'Chính', 'trị']]
    """
    out, current = [], []
    for t in tokens:
        if "\n" in t.text and not t.text.strip():
            if current:
                out.append(current)
            current = []
        else:
            current.append(t)
    if current:
        out.append(current)
    return out


def model_mode() -> str:
    """``"only"`` when ``KG_LEARNED=only`` (the model alone, for measuring), else ``"combine"``.

    >>> model_mode() in ("combine", "only")
    True
    """
    return "only" if os.environ.get("KG_LEARNED", "").strip().lower() == "only" else "combine"


def load_model(path: str | None = None) -> Language:
    """The trained pipeline at ``path`` (default :func:`model_dir`), loaded once per process
    (no network).

    >>> load_model().pipe_names in (['ner'], ['tagger'])
    True
    """
    return _load(str(path or model_dir()))


@cache
def _load(path: str) -> Language:
    import spacy

    folder = Path(path)
    if not (folder / "meta.json").is_file():
        raise InputError(Errors.E801.format(what=folder, reason="no trained model here (run `kg train`)"))
    return spacy.load(folder)


load_model.cache_clear = _load.cache_clear  # type: ignore[attr-defined]


@Language.factory(
    "kg_learned_recognizer",
    default_config={"model": None, "mode": None},
    requires=["doc._.kg_candidates"],
    assigns=["doc._.kg_candidates"],
)
def make_learned_recognizer(nlp: Language, name: str, model: str | None, mode: str | None):
    return LearnedRecognizer(model or model_dir(), mode or model_mode())


def model_dir() -> str:
    """The model folder: ``KG_LEARNED_MODEL`` (a model trained with ``kg train --out``), else
    the shipped one.

    >>> model_dir() == os.environ.get("KG_LEARNED_MODEL", str(MODEL_DIR))
    True
    """
    return os.environ.get("KG_LEARNED_MODEL") or str(MODEL_DIR)


class LearnedRecognizer:
    """Adds the model's names to the candidates (``mode="only"``: replaces the rules' with them)."""

    def __init__(self, model: str | None = None, mode: str = "combine"):
        if mode not in ("combine", "only"):
            raise ValueError(f"kg_learned_recognizer: mode {mode!r}: give 'combine' or 'only'")
        self.model_path = model or model_dir()
        self.mode = mode

    def initialize(self, get_examples=None, nlp=None) -> None:
        """Load the model now (otherwise on the first doc)."""
        load_model(self.model_path)

    def __call__(self, doc: Doc) -> Doc:
        model = load_model(self.model_path)
        end = _body_end(doc)
        tokens = [t for t in doc if t.idx < end]
        if not tokens:
            return doc
        pieces = paragraphs(tokens)
        copies = [Doc(model.vocab, words=[t.text for t in p], spaces=[bool(t.whitespace_) for t in p])
                  for p in pieces]
        if model.meta.get("kg", {}).get("settings", {}).get("stacked"):
            # the model reads the rules' names (resolved as without the model) as a feature
            rules = [m for m in MentionResolver().resolve(doc._.kg_candidates or []) if not is_model(m)]
            spans = outermost([(m.start, m.end, m.type) for m in rules])
            for piece, copy in zip(pieces, copies):
                for t, tag in zip(copy, rule_tags(piece, spans)):
                    t.lemma_ = tag
        found = []
        for piece, spans in zip(pieces, model_spans(model, copies)):
            for start, end, label in spans:
                if label in ENTITY_TYPES and well_formed([t.text for t in piece[start:end]], label):
                    # same tokens, same text: the copy's tokens are the doc's
                    last = piece[end - 1]
                    found.append((piece[start].idx, last.idx + len(last.text), label))
        if self.mode == "only":
            doc._.kg_candidates = []
            doc.user_data[MODEL_ONLY] = True  # the resolver keeps every type of the model's
        for start, end, label in found:
            emit(doc, start, end, label, MODEL_RULE_PREFIX + label.lower())
        return doc


def _body_end(doc: Doc) -> int:
    # the site trailer is excluded from the end of the text on: nothing there to find
    n = len(doc_text(doc))
    ends = [s for s, e in doc._.kg_exclude or () if e >= n]
    return min(ends, default=n)
