"""The tagger's vectorised path (features from our Doc's arrays, one forward pass, the
tags decoded) gives exactly the names spaCy's own path gives on copies of the
paragraphs, on real articles."""

from __future__ import annotations

import pytest

from graph.analyse import learned
from graph.train.config import Settings

pytestmark = pytest.mark.corpus

#: A few politics articles (sorted by name, spread over the folder).
N_ARTICLES = 6


@pytest.fixture(scope="module")
def docs(learned_input):
    """Real articles analysed by the rules up to the learned recogniser (its input)."""
    return learned_input(N_ARTICLES)


@pytest.fixture(scope="module", params=["shipped", "tiny-biluo", "tiny-bio"])
def tagger(request, tmp_path_factory):
    """The shipped model when it is a tagger; tagger models trained for a few steps (their
    tags are often no valid sequence: the decoding is exercised)."""
    if request.param == "shipped":
        model = learned.load_model(str(learned.MODEL_DIR))
        if "tagger" not in model.pipe_names:
            pytest.skip("the shipped model is no tagger")
        return model
    from graph.train.run import train

    out = tmp_path_factory.mktemp(request.param)
    settings = Settings(head="tagger", scheme=request.param.split("-")[1], stacked=True)
    train(out, settings=settings, limit=2, max_epochs=1, max_steps=6)
    return learned.load_model(str(out))


def test_the_vectorised_tagger_gives_spacys_names(tagger, docs):
    total = 0
    for doc in docs:
        fast = learned._tagger_names(tagger, doc)
        plain = learned._copy_names(tagger, doc)
        assert fast == plain, doc.text[:80]
        total += len(plain)
    assert total  # the comparison saw names


def test_the_vectorised_scores_are_spacys(tagger, docs):
    """The forward pass on our arrays gives the scores the tagger's own predict gives on
    copies (the tokens' features as the model's vocabulary computes them)."""
    import numpy
    from spacy.tokens import Doc

    doc = docs[0]
    end = learned._body_end(doc)
    tokens = [t for t in doc if t.idx < end]
    pieces = learned.paragraphs(tokens)
    copies = [Doc(tagger.vocab, words=[t.text for t in p], spaces=[bool(t.whitespace_) for t in p])
              for p in pieces]
    spans = learned._rule_spans(doc)
    for piece, copy in zip(pieces, copies):
        for t, tag in zip(copy, learned.rule_tags(piece, spans)):
            t.lemma_ = tag
    plain = tagger.get_pipe("tagger").model.predict(copies)
    ranges, fast = learned._tagger_scores(tagger, doc)
    assert [e - s for s, e in ranges] == [len(p) for p in pieces]
    assert len(fast) == len(plain)
    for a, b in zip(fast, plain):
        assert numpy.array_equal(a, b)
