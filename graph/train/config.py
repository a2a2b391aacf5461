"""The spaCy pipeline trained: a CNN tok2vec under a transition-based NER, on CPU.

One component, ``ner``, with its own tok2vec (no listener): the shipped model is
loaded beside our rule pipeline and run on our Doc's tokens. The tokenizer is
the project's (spaCy ``vi`` with the punctuation-rule tokenizer, no pyvi).

>>> from spacy.util import load_config_from_str
>>> cfg = load_config_from_str(config_text(Settings(width=96)))
>>> cfg["components"]["ner"]["model"]["tok2vec"]["encode"]["width"], cfg["nlp"]["lang"]
(96, 'vi')
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass

__all__ = ["SHIPPED", "SHIPPED_SEED", "SHIPPED_VECTORS", "Settings", "config_text"]


@dataclass(frozen=True)
class Settings:
    """What is chosen before training (defaults: the shipped model's)."""

    head: str = "ner"  # "ner" (transition-based) or "tagger" (a tag per token: faster)
    scheme: str = "bio"  # the tagger's tags: "bio" or "biluo" (a name's last token, a one-token name)
    width: int = 64  # tok2vec width
    depth: int = 2  # CNN layers (each sees one more token on either side)
    rows: int = 5000  # hash-embedding rows of NORM (the others in proportion)
    hidden: int = 32  # NER state hidden width
    dropout: float = 0.2
    learn_rate: float = 0.001
    batch_words: int = 1000
    stacked: bool = False  # the rules' names (BIO per token) as an input feature
    features: tuple[str, ...] = ("NORM", "PREFIX", "SUFFIX", "SHAPE")  # the token's attributes embedded
    vectors: str | None = None  # a spaCy vectors folder (floret) used as static input, or none

    def to_json(self) -> dict:
        """The settings as JSON-able fields (written to the model's meta.json)."""
        return {**asdict(self), "features": list(self.features)}


#: The settings of the shipped model (chosen on the dev split: docs/model.md).
SHIPPED = Settings(stacked=True)
#: Whether the shipped model takes the floret vectors of the bulk corpus as input.
SHIPPED_VECTORS = False
#: The seed the shipped model was trained with (``kg train`` without ``--seed`` reproduces it).
SHIPPED_SEED = 0


def config_text(s: Settings) -> str:
    """The spaCy config of the pipeline to train."""
    if s.head not in ("ner", "tagger"):
        raise ValueError(f"head {s.head!r}: give 'ner' or 'tagger'")
    if s.scheme not in ("bio", "biluo"):
        raise ValueError(f"scheme {s.scheme!r}: give 'bio' or 'biluo'")
    share = {"NORM": 1, "PREFIX": 5, "SUFFIX": 2, "SHAPE": 2}  # rows: NORM's, a fifth, a half
    attrs = list(s.features) + (["LEMMA"] if s.stacked else [])
    rows = [s.rows // share.get(a, 2) for a in s.features] + ([100] if s.stacked else [])
    static = "true" if s.vectors else "false"
    tok2vec = f"""
@architectures = "spacy.Tok2Vec.v2"

[components.{s.head}.model.tok2vec.embed]
@architectures = "spacy.MultiHashEmbed.v2"
width = {s.width}
attrs = {json.dumps(attrs)}
rows = {rows}
include_static_vectors = {static}

[components.{s.head}.model.tok2vec.encode]
@architectures = "spacy.MaxoutWindowEncoder.v2"
width = {s.width}
depth = {s.depth}
window_size = 1
maxout_pieces = 3
"""
    if s.head == "tagger":
        head = """
[components.tagger]
factory = "tagger"
overwrite = true
neg_prefix = "!"

[components.tagger.model]
@architectures = "spacy.Tagger.v2"
nO = null
normalize = false
"""
    else:
        head = f"""
[components.ner]
factory = "ner"
incorrect_spans_key = null
moves = null
scorer = {{"@scorers": "spacy.ner_scorer.v1"}}
update_with_oracle_cut_size = 100

[components.ner.model]
@architectures = "spacy.TransitionBasedParser.v2"
state_type = "ner"
extra_state_tokens = false
hidden_width = {s.hidden}
maxout_pieces = 2
use_upper = true
nO = null
"""
    return f"""
[nlp]
lang = "vi"
pipeline = ["{s.head}"]
batch_size = 64
tokenizer = {{"@tokenizers": "spacy.Tokenizer.v1"}}

[components]
{head}
[components.{s.head}.model.tok2vec]{tok2vec}"""
