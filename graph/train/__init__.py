"""Training the learned recogniser (``kg train``): data from the annotated corpus, the
spaCy pipeline trained, the model written to ``graph/models/ner``.

:mod:`graph.train.data` turns the stand-off annotations of the train and dev
splits into annotated Docs of our tokenizer; :mod:`graph.train.config` is the
spaCy pipeline (a CNN tok2vec under a transition-based NER, stacked on the
rules' names); :mod:`graph.train.vectors` the optional floret vectors;
:mod:`graph.train.loop` trains it, seeded, and keeps the best epoch on dev;
:mod:`graph.train.run` ties them together for the command. See docs/model.md.
"""

__all__ = ["config", "data", "loop", "policy", "run", "vectors"]
