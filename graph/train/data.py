"""Training data for the learned recogniser, from the annotated corpus.

The annotations are stand-off (``annotations/{politics,bulk}/FILE.json``): every
occurrence of every mention string is a span ``[start, end, entity id,
optional]``. A named-entity recogniser needs non-overlapping spans, so:

* the *outermost required* spans are the entities (longest first; a span that
  crosses a longer one is dropped): the recogniser learns the longest name, and
  the rules find the names nested in it (the place in a body's name, the
  person in a school's);
* text covered by an optional span, or by a required span that does not fall
  on token boundaries, and not by an entity, is *missing*: the model is neither
  rewarded nor punished there, as the scorer ignores optional texts;
* everything else in the article body is *outside*; the site trailer and the
  skipped lines (dates, bylines' boilerplate) are not trained on.

Only the texts of the ``train`` split are trained on, the ``dev`` split selects
the model; the ``test`` split is never read here.

>>> ner_spans([(0, 15, "Organization", False), (8, 15, "Place", False), (20, 31, "Document", True)])
([(0, 15, 'Organization')], [(20, 31)])
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Span

from graph.analyse.learned import outermost, rule_tags
from graph.errors import EvalError, Errors
from graph.evaluate.corpus import ANNOTATIONS, corpus_root, split_files
from graph.read.reader import read_article

__all__ = ["TRAINABLE_SPLITS", "AnnotatedText", "annotated_docs", "chunks", "load_annotated", "ner_spans",
           "to_doc"]

#: The splits training may read: ``test`` is held out for the reported figures.
TRAINABLE_SPLITS = ("train", "dev")


@dataclass(frozen=True)
class AnnotatedText:
    """An article's body and its spans: ``(start, end, type, optional)``, offsets into ``text``."""

    file: str
    text: str
    spans: tuple[tuple[int, int, str, bool], ...]
    skip: tuple[tuple[int, int], ...] = ()  # inside the body, not trained on (date lines)
    rules: tuple[tuple[int, int, str], ...] = ()  # the rules' names (for a stacked model)


def ner_spans(spans: Iterable[tuple[int, int, str, bool]]) -> tuple[list[tuple[int, int, str]], list[tuple[int, int]]]:
    """The entities (outermost required spans, longest first, no crossing) and the
    missing regions (optional spans outside every entity), both sorted.

    >>> ner_spans([(0, 7, "Organization", False), (0, 15, "Organization", False), (5, 20, "Person", False)])
    ([(0, 15, 'Organization')], [])
    >>> ner_spans([(0, 12, "Document", True), (0, 8, "Document", False)])
    ([(0, 8, 'Document')], [(8, 12)])
    """
    required = sorted({(s, e, t) for s, e, t, opt in spans if not opt}, key=lambda x: (-(x[1] - x[0]), x[0], x[2]))
    kept: list[tuple[int, int, str]] = []
    for s, e, t in required:
        if all(e <= ks or s >= ke for ks, ke, _ in kept):
            kept.append((s, e, t))
    kept.sort()
    missing: list[tuple[int, int]] = []
    for s, e, _, opt in sorted(spans):
        if not opt:
            continue
        # the parts of an optional span that no entity covers
        pos = s
        for ks, ke, _ in kept:
            if ke <= pos or ks >= e:
                continue
            if ks > pos:
                missing.append((pos, ks))
            pos = max(pos, ke)
        if pos < e:
            missing.append((pos, e))
    return kept, sorted(set(missing))


def load_annotated(split: str) -> list[AnnotatedText]:
    """The annotated articles of a trainable split, bodies only (the texts from the corpus)."""
    if split not in TRAINABLE_SPLITS:
        raise EvalError(Errors.E801.format(what=f"split {split!r}", reason="training reads only "
                                           + " and ".join(TRAINABLE_SPLITS)))
    out = []
    for file in split_files(split):
        corpus = "politics" if file.startswith("pol_") else "bulk"
        ann_path = ANNOTATIONS / corpus / f"{file}.json"
        if not ann_path.is_file():
            continue
        out.append(_annotated(ann_path, corpus_root() / corpus / file))
    return out


def _annotated(ann_path: Path, text_path: Path) -> AnnotatedText:
    try:
        ann = json.loads(ann_path.read_text("utf-8"))
        types = {e["id"]: e["type"] for e in ann["entities"]}
        raw = [(int(s), int(e), types[eid], bool(opt)) for s, e, eid, *rest in ann["spans"] for opt in [rest[0] if rest else 0]]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise EvalError(Errors.E801.format(what=ann_path, reason=f"not a kg-ann/1 annotation ({exc})")) from None
    if not text_path.is_file():
        raise EvalError(Errors.E801.format(what=text_path, reason="the annotated text is missing (KG_CORPUS "
                                           "or ../shared/corpus beside the checkout)"))
    article = read_article(text_path, text_path.parent)
    text = article.text
    if unicodedata.normalize("NFC", text) != text:
        raise EvalError(Errors.E801.format(what=text_path, reason="text is not NFC after reading"))
    body = text[: article.body_end]
    spans = tuple(sp for sp in raw if sp[1] <= len(body))
    skip = tuple((s, min(e, len(body))) for s, e in article.skip_spans if s < len(body))
    from graph.analyse.pipeline import analyze

    rules = tuple((m.start, m.end, m.type) for m in analyze(article, learned=False)[1] if m.end <= len(body))
    return AnnotatedText(ann["file"], body, spans, skip, rules)


def to_doc(nlp: Language, item: AnnotatedText) -> Doc:
    """The body as a Doc of the pipeline's tokens with the entities set and the
    missing regions left unannotated (spans off token boundaries are missing too).

    >>> from graph.analyse.pipeline import make_nlp
    >>> item = AnnotatedText("a.txt", "Tỉnh ủy Kon Tum ban hành Nghị quyết 23-NQ/TU.",
    ...     ((0, 15, "Organization", False), (8, 15, "Place", False), (25, 38, "Document", False),
    ...      (25, 44, "Document", True)))
    >>> doc = to_doc(make_nlp(False), item)
    >>> [(e.text, e.label_) for e in doc.ents], [t.text for t in doc if t.ent_iob == 0]
    ([('Tỉnh ủy Kon Tum', 'Organization')], ['Nghị', 'quyết', '23-NQ', '/', 'TU'])
    """
    doc = nlp.make_doc(item.text)
    entities, missing = ner_spans(item.spans)
    ents: list[Span] = []
    for s, e, label in entities:
        span = doc.char_span(s, e, label=label)
        if span is None:
            missing.append((s, e))  # off the tokens: neither right nor wrong
        else:
            ents.append(span)
    missing.extend(item.skip)
    taken = {i for span in ents for i in range(span.start, span.end)}
    unknown = sorted({i for s, e in missing for t in [doc.char_span(s, e, alignment_mode="expand")]
                      if t is not None for i in range(t.start, t.end)} - taken)
    doc.set_ents(ents, missing=[doc[i:i + 1] for i in unknown], default="outside")
    for t, tag in zip(doc, rule_tags(list(doc), outermost(list(item.rules)))):
        t.lemma_ = tag  # the rules' names, read by a stacked model
    return doc


def chunks(doc: Doc, size: int = 200) -> list[Doc]:
    """The doc cut at line breaks into pieces of about ``size`` tokens (more updates per
    epoch; names never cross a line break), annotation kept.

    >>> from graph.analyse.pipeline import make_nlp
    >>> doc = make_nlp(False).make_doc("Tỉnh ủy họp.\\n\\nBộ Chính trị họp.")
    >>> [d.text for d in chunks(doc, size=3)]
    ['Tỉnh ủy họp.\\n\\n', 'Bộ Chính trị họp.']
    """
    out: list[Doc] = []
    start = 0
    for i, token in enumerate(doc):
        if "\n" in token.text and i + 1 - start >= size:
            out.append(doc[start:i + 1].as_doc())
            start = i + 1
    if start < len(doc):
        out.append(doc[start:].as_doc())
    return out


def annotated_docs(nlp: Language, items: Sequence[AnnotatedText]) -> list[Doc]:
    """:func:`to_doc` of each item, in order."""
    return [to_doc(nlp, item) for item in items]
