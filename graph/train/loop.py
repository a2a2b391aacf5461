"""Train the recogniser: seeded updates on the train split, the dev split picks the epoch.

Reproducible: the same seed, settings and data give the same weights (one
thread; spaCy's and our shuffling seeded). The model kept is the epoch with the
best span F1 on dev (:func:`span_scores`); training stops after ``patience``
epochs without a better one.

>>> span_scores([{(0, 2, "Person")}], [{(0, 2, "Person"), (5, 7, "Place")}], [set()])["f1"]
0.667
"""

from __future__ import annotations

import random
import shutil
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc
from spacy.training import Example
from spacy.util import fix_random_seed, load_config_from_str, load_model_from_config, minibatch
from thinc.api import Adam

from graph.model import ENTITY_TYPES
from graph.train.config import Settings, config_text
from graph.train.data import chunks

__all__ = ["TrainReport", "bio_tags", "build_nlp", "load_model", "predict_spans", "save_model", "span_scores", "train_model"]

#: Tokens per training piece (articles are cut at line breaks).
CHUNK = 200


@dataclass
class TrainReport:
    """What a training run did: per-epoch losses and dev scores, the epoch kept."""

    seed: int
    settings: Settings
    epochs: list[dict] = field(default_factory=list)  # {"epoch", "loss", "dev": span_scores}
    best_epoch: int = 0
    train_docs: int = 0
    dev_docs: int = 0

    @property
    def best(self) -> dict:
        """The dev scores of the epoch kept."""
        return self.epochs[self.best_epoch - 1]["dev"] if self.epochs else {}


def span_scores(gold: Sequence[set], pred: Sequence[set], unknown: Sequence[set]) -> dict:
    """Exact-span precision, recall and F1, overall and per type; a predicted span
    that touches an unknown (unannotated) token and is not a gold span is ignored.

    ``gold``/``pred`` hold ``(start token, end token, label)`` per doc, ``unknown``
    token indices.

    >>> s = span_scores([{(0, 2, "Place")}], [{(0, 2, "Place"), (3, 4, "Person")}], [{3}])
    >>> s["p"], s["r"], s["types"]["Place"]["f1"]
    (1.0, 1.0, 1.0)
    """
    counts = {t: [0, 0, 0] for t in ENTITY_TYPES}  # tp, fp, fn
    for g, p, u in zip(gold, pred, unknown):
        for span in p:
            if span in g:
                counts[span[2]][0] += 1
            elif not any(i in u for i in range(span[0], span[1])):
                counts[span[2]][1] += 1
        for span in g - p:
            counts[span[2]][2] += 1

    def prf(tp: int, fp: int, fn: int) -> dict:
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return {"p": round(p, 3), "r": round(r, 3), "f1": round(f, 3), "tp": tp, "fp": fp, "fn": fn}

    total = [sum(c[i] for c in counts.values()) for i in range(3)]
    return {**prf(*total), "types": {t: prf(*c) for t, c in counts.items()}}


def predict_spans(nlp: Language, docs: Sequence[Doc]) -> list[set]:
    """The model's entity spans on each doc's tokens (a fresh copy of the tokens)."""
    from graph.analyse.learned import model_spans

    return [set(spans) for spans in model_spans(nlp, [_copy(nlp, doc) for doc in docs])]


def bio_tags(doc: Doc) -> list[str]:
    """The BIO tag of each token of an annotated doc; ``""`` where the annotation is missing.

    >>> from graph.analyse.pipeline import make_nlp
    >>> doc = make_nlp(False).make_doc("Bộ Ngoại giao họp")
    >>> doc.set_ents([doc.char_span(0, 13, label="Organization")], missing=[doc[3:4]])
    >>> bio_tags(doc)
    ['B-Organization', 'I-Organization', 'I-Organization', '']
    """
    return ["" if t.ent_iob == 0 else "O" if t.ent_iob_ == "O" else f"{t.ent_iob_}-{t.ent_type_}" for t in doc]


def biluo(tags: list[str]) -> list[str]:
    """BIO tags as BILUO: a name's last token ``L-``, a one-token name ``U-``; missing
    (``""``) stays missing.

    >>> biluo(["B-Place", "O", "B-Person", "I-Person", "I-Person", "", "B-Event", "I-Event"])
    ['U-Place', 'O', 'B-Person', 'I-Person', 'L-Person', '', 'B-Event', 'L-Event']
    """
    out = []
    for tag, after in zip(tags, [*tags[1:], "O"]):
        kind, _, name = tag.partition("-")
        goes_on = after == "I-" + name
        if kind == "B":
            out.append(("B-" if goes_on else "U-") + name)
        elif kind == "I":
            out.append(("I-" if goes_on else "L-") + name)
        else:
            out.append(tag)
    return out


def _with_tags(doc: Doc, scheme: str = "bio") -> Doc:
    tags = bio_tags(doc)
    for t, tag in zip(doc, biluo(tags) if scheme == "biluo" else tags):
        t.tag_ = tag
    return doc


def _gold(doc: Doc) -> tuple[set, set]:
    return {(e.start, e.end, e.label_) for e in doc.ents}, {t.i for t in doc if t.ent_iob == 0}


def build_nlp(settings: Settings, seed: int) -> Language:
    """A fresh, untrained pipeline of these settings."""
    fix_random_seed(seed)
    nlp = load_model_from_config(load_config_from_str(config_text(settings)), auto_fill=True, validate=True)
    if settings.vectors:
        from spacy.training.initialize import load_vectors_into_model

        # into the vocab, not the config: the saved config names no local folder
        load_vectors_into_model(nlp, settings.vectors)
    return nlp


def train_model(train_docs: Sequence[Doc], dev_docs: Sequence[Doc], *, settings: Settings = Settings(),
                seed: int = 0, max_epochs: int = 40, patience: int = 6, max_steps: int | None = None,
                log: Callable[[str], None] | None = None) -> tuple[Language, TrainReport]:
    """Train on ``train_docs`` (annotated Docs of our tokenizer), keep the best epoch on
    ``dev_docs``; ``max_steps`` stops after that many updates (for tests)."""
    nlp = build_nlp(settings, seed)
    pieces = [c for d in train_docs for c in chunks(d, CHUNK)]
    if settings.head == "tagger":
        pieces = [_with_tags(c, settings.scheme) for c in pieces]
    examples = [Example(_copy(nlp, c), c) for c in pieces]
    fix_random_seed(seed)
    optimizer = Adam(learn_rate=settings.learn_rate, L2=0.01, grad_clip=1.0, use_averages=True)
    nlp.initialize(lambda: examples, sgd=optimizer)
    report = TrainReport(seed, settings, train_docs=len(train_docs), dev_docs=len(dev_docs))
    gold = [_gold(d) for d in dev_docs]
    rng = random.Random(seed)
    best_f, best_bytes, stale, steps = -1.0, None, 0, 0
    for epoch in range(1, max_epochs + 1):
        order = list(examples)
        rng.shuffle(order)
        losses: dict[str, float] = {}
        for batch in minibatch(order, size=max(1, settings.batch_words // CHUNK)):
            nlp.update(batch, drop=settings.dropout, sgd=optimizer, losses=losses)
            steps += 1
            if max_steps and steps >= max_steps:
                break
        with nlp.get_pipe(settings.head).model.use_params(optimizer.averages):
            scores = span_scores([g for g, _ in gold], predict_spans(nlp, dev_docs), [u for _, u in gold])
            weights = nlp.to_bytes() if scores["f1"] > best_f else None
        loss = losses.get(settings.head, 0.0)
        report.epochs.append({"epoch": epoch, "loss": round(loss, 3), "dev": scores})
        if log:
            log(f"epoch {epoch:2d}  loss {loss:9.1f}  dev P {scores['p']:.3f} "
                f"R {scores['r']:.3f} F1 {scores['f1']:.3f}")
        if weights is not None:
            best_f, best_bytes, stale, report.best_epoch = scores["f1"], weights, 0, epoch
        else:
            stale += 1
        if stale >= patience or (max_steps and steps >= max_steps):
            break
    if best_bytes is not None:
        nlp.from_bytes(best_bytes)
    return nlp, report


def _copy(nlp: Language, doc: Doc) -> Doc:
    # the tokens and the rules' tags (LEMMA), nothing of the annotation
    return Doc(nlp.vocab, words=[t.text for t in doc], spaces=[bool(t.whitespace_) for t in doc],
               lemmas=[t.lemma_ or "O" for t in doc])


def save_model(nlp: Language, report: TrainReport, out: Path, extra: dict | None = None) -> Path:
    """Write the pipeline to ``out`` (replacing it whole); ``meta.json`` records the
    settings, the seed, the epoch kept and its dev scores."""
    nlp.meta["name"] = "kg_ner"
    nlp.meta["version"] = "1.0.0"
    nlp.meta["description"] = ("Recogniser of Organization, Person, Document, Campaign, Event and Place names "
                               "in Vietnamese political news, trained on the project's annotated corpus "
                               "(train split; dev split for the epoch).")
    nlp.meta["license"] = "MIT"
    nlp.meta["kg"] = {"seed": report.seed, "settings": report.settings.to_json(), "best_epoch": report.best_epoch,
                      "epochs_run": len(report.epochs), "train_docs": report.train_docs,
                      "dev_docs": report.dev_docs, "dev": report.best, **(extra or {})}
    nlp.meta.pop("performance", None)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(dir=out.parent, prefix=f".{out.name}."))
    try:
        nlp.to_disk(tmp)
        if out.exists():
            shutil.rmtree(out)
        tmp.rename(out)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return out


def load_model(path: Path) -> Language:
    """Load a trained model from its folder (no network)."""
    return spacy.load(path)
