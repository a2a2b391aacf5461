"""``kg train`` end to end: data, optional vectors, training, the model written.

>>> digest_of([])
'e3b0c44298fc'
"""

from __future__ import annotations

import hashlib
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path

from graph.train.config import Settings
from graph.train.data import AnnotatedText, annotated_docs, load_annotated
from graph.train.loop import TrainReport, save_model, train_model
from graph.train.vectors import VectorSettings, train_vectors

__all__ = ["DEFAULT_OUT", "digest_of", "train"]

#: Where the shipped model lives (package data; ``has_learned_model`` looks here).
DEFAULT_OUT = Path(__file__).resolve().parent.parent / "models" / "ner"


def digest_of(items: Sequence[AnnotatedText]) -> str:
    """A short digest of the training texts and spans (recorded in meta.json)."""
    h = hashlib.sha256()
    for item in items:
        h.update(item.file.encode() + b"\0" + item.text.encode() + repr(item.spans).encode())
    return h.hexdigest()[:12]


def train(out: Path = DEFAULT_OUT, *, seed: int = 0, settings: Settings = Settings(), vectors: bool = False,
          vector_settings: VectorSettings = VectorSettings(), max_epochs: int = 25, patience: int = 4,
          limit: int | None = None, max_steps: int | None = None,
          log: Callable[[str], None] | None = None) -> TrainReport:
    """Train on the train split (the first ``limit`` articles), select on dev, write to ``out``."""
    from graph.analyse.pipeline import make_nlp

    say = log or (lambda _: None)
    started = time.perf_counter()
    nlp = make_nlp(False)
    train_items = load_annotated("train")[:limit]
    dev_items = load_annotated("dev")[:limit]
    train_docs, dev_docs = annotated_docs(nlp, train_items), annotated_docs(nlp, dev_items)
    say(f"data: {len(train_docs)} train articles ({sum(len(d.ents) for d in train_docs)} names, "
        f"{sum(len(d) for d in train_docs)} tokens), {len(dev_docs)} dev articles")
    extra = {"train_digest": digest_of(train_items), "dev_digest": digest_of(dev_items)}
    with tempfile.TemporaryDirectory() as tmp:
        if vectors:
            t = time.perf_counter()
            path = train_vectors(Path(tmp) / "vectors", vector_settings, limit=limit, log=say)
            settings = replace(settings, vectors=str(path))
            extra["vectors"] = vector_settings.to_json()
            say(f"vectors: trained in {time.perf_counter() - t:.0f} s")
        model, report = train_model(train_docs, dev_docs, settings=settings, seed=seed, max_epochs=max_epochs,
                                    patience=patience, max_steps=max_steps, log=say)
        if vectors:  # the path was a temporary folder: record what they were, not where
            report.settings = replace(report.settings, vectors="floret")
        save_model(model, report, out, extra)
    say(f"model: epoch {report.best_epoch} kept (dev span F1 {report.best.get('f1', 0):.3f}), written to {out} "
        f"in {time.perf_counter() - started:.0f} s")
    return report
