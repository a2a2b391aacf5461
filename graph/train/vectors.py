"""Static subword vectors (floret) trained on the bulk corpus, for the recogniser's input.

The text is ``../shared/corpus/bulk`` cut by our tokenizer, one line per
paragraph, the test split's articles left out (they are held out, even as
unlabelled text). floret hashes each syllable and its character n-grams into a
small table, so every token, unseen ones too, gets a vector; the table is what
the model ships (``bucket`` rows of ``dim`` floats). Trained on one thread with
a fixed seed: the same corpus gives the same vectors.

>>> lines = list(tokenised_lines(["Tỉnh ủy Kon Tum họp.\\n\\nBộ Chính trị, ngày 5/12."]))
>>> lines
['Tỉnh ủy Kon Tum họp .', 'Bộ Chính trị , ngày 5/12 .']
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

from graph.errors import EvalError, Errors
from graph.evaluate.corpus import corpus_root, split_files

__all__ = ["VectorSettings", "bulk_texts", "tokenised_lines", "train_vectors"]


@dataclass(frozen=True)
class VectorSettings:
    """floret's settings (the shipped table: ``bucket`` x ``dim`` float32)."""

    dim: int = 64
    bucket: int = 20000
    minn: int = 3
    maxn: int = 5
    hash_count: int = 2
    epoch: int = 5
    min_count: int = 3

    def to_json(self) -> dict:
        """The settings as JSON-able fields."""
        return asdict(self)


def bulk_texts(limit: int | None = None) -> Iterator[str]:
    """The texts of the bulk corpus in file-name order, without the test split's."""
    folder = corpus_root() / "bulk"
    if not folder.is_dir():
        raise EvalError(Errors.E801.format(what=folder, reason="no bulk corpus to train vectors on"))
    held_out = set(split_files("test"))
    files = sorted(p for p in folder.iterdir() if p.is_file() and p.suffix == ".txt" and p.name not in held_out)
    for p in files[:limit]:
        yield p.read_text("utf-8", errors="replace").lstrip("\ufeff")


def tokenised_lines(texts: Iterable[str]) -> Iterator[str]:
    """Each paragraph of each text as our tokens joined by single spaces."""
    import unicodedata

    from graph.analyse.pipeline import make_nlp

    tokenizer = make_nlp(False).tokenizer
    for text in texts:
        for para in unicodedata.normalize("NFC", text).split("\n"):
            words = [t.text for t in tokenizer(para) if not t.is_space]
            if words:
                yield " ".join(words)


def train_vectors(out: Path, settings: VectorSettings = VectorSettings(), limit: int | None = None,
                  log=None) -> Path:
    """Train floret on the bulk corpus and write them to ``out`` as a spaCy pipeline folder (vectors only)."""
    import floret
    import spacy
    from spacy.training.initialize import convert_vectors

    out = Path(out)
    with tempfile.TemporaryDirectory() as tmp:
        text_file = Path(tmp) / "bulk.txt"
        n = 0
        with text_file.open("w", encoding="utf-8") as fh:
            for line in tokenised_lines(bulk_texts(limit)):
                fh.write(line + "\n")
                n += 1
        if log:
            log(f"vectors: {n} paragraphs of the bulk corpus")
        model = floret.train_unsupervised(
            str(text_file), model="skipgram", mode="floret", hashCount=settings.hash_count,
            bucket=settings.bucket, minn=settings.minn, maxn=settings.maxn, dim=settings.dim,
            epoch=settings.epoch, minCount=settings.min_count, thread=1, verbose=0)  # one thread: deterministic
        vec_file = Path(tmp) / "vectors.floret"
        model.save_floret_vectors(str(vec_file))
        nlp = spacy.blank("vi", config={"nlp": {"tokenizer": {"@tokenizers": "spacy.Tokenizer.v1"}}})
        convert_vectors(nlp, vec_file, truncate=0, prune=-1, mode="floret")
        out.mkdir(parents=True, exist_ok=True)
        nlp.to_disk(out)  # a pipeline folder: what [initialize] vectors loads
    return out
