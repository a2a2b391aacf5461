"""The NER's own decoding (graph.analyse.learned.ner_spans, _array_names: the greedy
transition loop in numpy, the features from our Doc's arrays) gives exactly the names
spaCy's parser gives on copies of the paragraphs, on real articles."""

from __future__ import annotations

import pytest

from graph.analyse import learned
from graph.analyse.pipeline import has_learned_model, make_nlp

pytestmark = [pytest.mark.corpus,
              pytest.mark.skipif(not has_learned_model(), reason="no model shipped in graph/models/ner")]

#: Politics articles (sorted by name, spread over the folder).
N_ARTICLES = 12


@pytest.fixture(scope="module")
def docs(learned_input):
    """Real articles analysed by the rules up to the learned recogniser (its input)."""
    return learned_input(N_ARTICLES)


@pytest.fixture(scope="module")
def ner():
    model = learned.load_model(str(learned.MODEL_DIR))
    if "ner" not in model.pipe_names:
        pytest.skip("the shipped model is no NER")
    return model


def test_the_arrays_give_spacys_names(ner, docs):
    total = 0
    for doc in docs:
        plain = learned._copy_names(ner, doc)  # spaCy's parser on copies
        assert learned._copy_names(ner, doc, learned.ner_spans) == plain, doc.text[:80]
        assert learned._array_names(ner, doc) == plain, doc.text[:80]
        total += len(plain)
    assert total > 100  # the comparison saw names


def test_the_decoding_gives_spacys_names_on_every_paragraph(ner, docs):
    """Before the filters too: every name of the model, short and long (the scores inside a
    name are computed ahead for a few tokens, further on one by one)."""
    from spacy.tokens import Doc

    longest = 0
    for doc in docs[:4]:
        end = learned._body_end(doc)
        pieces = learned.paragraphs([t for t in doc if t.idx < end])
        copies = [Doc(ner.vocab, words=[t.text for t in p], spaces=[bool(t.whitespace_) for t in p])
                  for p in pieces]
        spans = learned._rule_spans(doc)
        for piece, copy in zip(pieces, copies):
            for t, tag in zip(copy, learned.rule_tags(piece, spans)):
                t.lemma_ = tag
        plain = learned.model_spans(ner, copies)
        assert learned.ner_spans(ner, copies) == plain
        longest = max([longest, *(e - s for names in plain for s, e, _ in names)])
    assert longest > learned._AHEAD  # a name longer than the scores computed ahead


def test_an_empty_doc_and_an_empty_copy():
    from spacy.tokens import Doc

    model = learned.load_model(str(learned.MODEL_DIR))
    if "ner" not in model.pipe_names:
        pytest.skip("the shipped model is no NER")
    assert learned._array_names(model, make_nlp(False).make_doc("")) == []
    empty = Doc(model.vocab, words=[])
    assert learned.ner_spans(model, [empty, empty]) == [[], []]
