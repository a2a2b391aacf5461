"""The spaCy pipeline: rule tokenizer under ``lang="vi"``, sentences, recognisers.

>>> from graph.read.reader import article_from_text
>>> art = article_from_text("x.txt", "Ngày 5/12/2023, Tỉnh ủy Kon Tum ban hành Nghị quyết số 23-NQ/TU.")
>>> sentences, mentions = analyze(art)
>>> [(m.type, m.text) for m in mentions]
[('Organization', 'Tỉnh ủy Kon Tum'), ('Place', 'Kon Tum'), ('Document', 'Nghị quyết số 23-NQ/TU')]
"""

from __future__ import annotations

from dataclasses import replace
from functools import cache

import spacy
from spacy.attrs import NORM
from spacy.language import Language

import graph.analyse.recognise  # noqa: F401  (registers the factories)
import graph.analyse.segment  # noqa: F401
from graph.model import Article, Mention, Sentence
from graph.read.clean import clean_text
from graph.stages import has_learned_model, learned_default, stage  # noqa: F401  (has_learned_model: re-exported)
from graph.text import fold_tones

#: Components in order (declared in graph.stages), each with its settings (spaCy config).
COMPONENTS: list[tuple[str, dict]] = [(c.name, {}) for c in stage("analyse").components]


@cache
def make_nlp(learned: bool | None = None) -> Language:
    """spaCy ``vi`` with the punctuation-rule tokenizer (no pyvi) and our components;
    ``learned`` adds the trained recogniser before the overlap resolver (default:
    :func:`learned_default`).

    >>> nlp = make_nlp(False)
    >>> nlp is make_nlp(False), nlp.pipe_names == [name for name, _ in COMPONENTS]
    (True, True)
    >>> [t.text for t in nlp.make_doc("Nghị quyết số 23-NQ/TU.")]
    ['Nghị', 'quyết', 'số', '23-NQ', '/', 'TU', '.']
    """
    if learned is None:
        learned = learned_default()
    nlp = spacy.blank("vi", config={"nlp": {"tokenizer": {"@tokenizers": "spacy.Tokenizer.v1"}}})
    # a token's NORM is its folded lower case ("uỷ" = "ủy"): the rule patterns match on it
    nlp.vocab.lex_attr_getters[NORM] = _norm
    for name, config in COMPONENTS:
        if name == "kg_mention_resolver" and learned:
            nlp.add_pipe("kg_learned_recognizer")
        nlp.add_pipe(name, config=config)
    # the rule components read their rule files once, here (the learned one is loaded, not initialised)
    for name in nlp.pipe_names:
        component = nlp.get_pipe(name)
        if name != "kg_learned_recognizer" and hasattr(component, "initialize"):
            component.initialize(nlp=nlp)
    return nlp


def _norm(text: str) -> str:
    return fold_tones(text).casefold()


def analyze(article: Article, learned: bool | None = None) -> tuple[list[Sentence], list[Mention]]:
    """Sentences and resolved mentions of an article (offsets into ``article.text``).

    Mentions carry the index of their sentence; the site trailer gets none.

    >>> from graph.read.reader import article_from_text
    >>> art = article_from_text("a.txt", "Tỉnh ủy Kon Tum họp.\\n\\n"
    ...     "Đồng chí Nguyễn Văn Thắng, Bí thư Tỉnh ủy, chủ trì hội nghị.\\n\\nTin liên quan\\n\\nTỉnh ủy Gia Lai")
    >>> sentences, mentions = analyze(art)
    >>> [s.text for s in sentences]
    ['Tỉnh ủy Kon Tum họp.', 'Đồng chí Nguyễn Văn Thắng, Bí thư Tỉnh ủy, chủ trì hội nghị.']
    >>> [(m.text, m.type, m.sentence) for m in mentions]
    [('Tỉnh ủy Kon Tum', 'Organization', 0), ('Kon Tum', 'Place', 0), ('Nguyễn Văn Thắng', 'Person', 1), ('Tỉnh ủy', 'Organization', 1)]
    """
    nlp = make_nlp(learned)
    # The analysis reads the cleaned copy (no invisible characters, line breaks as
    # LF); every offset found in it is mapped back into article.text.
    clean = clean_text(article.text)
    doc = nlp.make_doc(clean.text)
    # the tokenizer keeps every character, so doc.text is clean.text: not joined again from the tokens
    doc.user_data["kg_text"] = clean.text
    doc._.kg_exclude = [clean.to_clean(article.body_end, len(article.text)),
                        *(clean.to_clean(s, e) for s, e in article.skip_spans)]
    doc._.kg_bylines = [replace(b, start=s, end=e) for b in article.bylines
                        for s, e in [clean.to_clean(b.start, b.end)]]
    doc = nlp(doc)
    sentences = []
    for s, e in doc._.kg_sentences:
        s, e = clean.to_original(s, e)
        sentences.append(Sentence(s, e, article.text[s:e]))
    mentions = []
    si = 0
    for m in doc._.kg_mentions:
        start, end = clean.to_original(m.start, m.end)
        while si < len(sentences) and sentences[si].end <= start:
            si += 1
        if si < len(sentences) and sentences[si].start <= start and end <= sentences[si].end:
            parent = clean.to_original(*m.parent) if m.parent else None
            mentions.append(replace(m, start=start, end=end, text=article.text[start:end], parent=parent,
                                    sentence=si))
    return sentences, mentions
