"""The learned recogniser: the trained NER model's names as candidate mentions.

``kg_learned_recognizer`` runs the model shipped in ``graph/models/ner`` (trained
by ``kg train``, see docs/model.md) on the tokens of our Doc, the body only,
and adds each name it finds to ``doc._.kg_candidates`` with a rule name
``model-<type>`` (``model-organization`` …). The overlap resolver
(:mod:`graph.analyse.recognise.overlaps`) then combines them with the rules'
candidates by its policy. The model is loaded once per process, from the
package folder: nothing is downloaded.

``KG_LEARNED=only`` (a measuring mode) keeps the model's candidates alone: the
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
from graph.analyse.recognise.overlaps import MODEL_RULE_PREFIX
from graph.errors import Errors, InputError
from graph.model import ENTITY_TYPES

__all__ = ["MODEL_DIR", "MODEL_RULE_PREFIX", "LearnedRecognizer", "load_model", "model_mode"]

#: Where the trained model lives (package data).
MODEL_DIR = Path(__file__).resolve().parent.parent / "models" / "ner"


def model_mode() -> str:
    """``"only"`` when ``KG_LEARNED=only`` (the model alone, for measuring), else ``"combine"``.

    >>> model_mode() in ("combine", "only")
    True
    """
    return "only" if os.environ.get("KG_LEARNED", "").strip().lower() == "only" else "combine"


@cache
def load_model(path: str = str(MODEL_DIR)) -> Language:
    """The trained pipeline at ``path``, loaded once per process (no network).

    >>> load_model().pipe_names
    ['ner']
    """
    import spacy

    folder = Path(path)
    if not (folder / "meta.json").is_file():
        raise InputError(Errors.E801.format(what=folder, reason="no trained model here (run `kg train`)"))
    return spacy.load(folder)


@Language.factory(
    "kg_learned_recognizer",
    default_config={"model": None, "mode": None},
    requires=["doc._.kg_candidates"],
    assigns=["doc._.kg_candidates"],
)
def make_learned_recognizer(nlp: Language, name: str, model: str | None, mode: str | None):
    return LearnedRecognizer(model or str(MODEL_DIR), mode or model_mode())


class LearnedRecognizer:
    """Adds the model's names to the candidates (``mode="only"``: replaces the rules' with them)."""

    def __init__(self, model: str = str(MODEL_DIR), mode: str = "combine"):
        if mode not in ("combine", "only"):
            raise ValueError(f"kg_learned_recognizer: mode {mode!r}: give 'combine' or 'only'")
        self.model_path = model
        self.mode = mode

    def initialize(self, get_examples=None, nlp=None) -> None:
        """Load the model now (otherwise on the first doc)."""
        load_model(self.model_path)

    def __call__(self, doc: Doc) -> Doc:
        model = load_model(self.model_path)
        if self.mode == "only":
            doc._.kg_candidates = []
        end = _body_end(doc)
        tokens = [t for t in doc if t.idx < end]
        if not tokens:
            return doc
        copy = Doc(model.vocab, words=[t.text for t in tokens], spaces=[bool(t.whitespace_) for t in tokens])
        for _, proc in model.pipeline:
            copy = proc(copy)
        for ent in copy.ents:
            if ent.label_ in ENTITY_TYPES:
                # same tokens, same text: the copy's offsets are the doc's
                emit(doc, ent.start_char, ent.end_char, ent.label_, MODEL_RULE_PREFIX + ent.label_.lower())
        return doc


def _body_end(doc: Doc) -> int:
    # the site trailer is excluded from the end of the text on: nothing there to find
    n = len(doc_text(doc))
    ends = [s for s, e in doc._.kg_exclude or () if e >= n]
    return min(ends, default=n)
