"""Sentence segmentation: line breaks first, then sentence punctuation.

Headlines, captions and bylines are lines of their own; dates (5/12/2023),
numbers (9.899, 95,30%) and abbreviations (TP., ThS.) never end a sentence.

>>> text = "Tiêu đề\\nNgày 5/12/2023, Tỉnh ủy ban hành. TP. Kon Tum đạt 95,30%. Hết"
>>> [text[s:e] for s, e in split_sentences(text)]
['Tiêu đề', 'Ngày 5/12/2023, Tỉnh ủy ban hành.', 'TP. Kon Tum đạt 95,30%.', 'Hết']
"""

from __future__ import annotations

import re

import numpy
from spacy.attrs import IDX, SENT_START

from spacy.language import Language
from spacy.tokens import Doc


# Words whose trailing full stop is an abbreviation, not a sentence end.
DEFAULT_ABBREVIATIONS = (
    "TP", "Tp", "ThS", "TS", "PGS", "GS", "BS", "KS", "CN", "NXB", "Nxb", "v.v", "St",
    "Q", "P", "X", "H", "TT", "Th", "Đ/c", "đ/c", "tr", "Tr", "No", "Mr", "Ms", "Dr",
)

# A run of sentence punctuation (from its first character: the look-behind keeps
# the regex from retrying inside a run, and the possessive quantifiers from
# backtracking, so finding every end is linear), closing quotes, then a space.
_END_RE = re.compile(r"(?<![.!?…])[.!?…]++[”\"’')\]]*+(?=\s)")
_NEXT_START_RE = re.compile(r"\s+([“\"‘'(\[]?[A-ZĐÀ-Ỹ0-9])")
_LINE_RE = re.compile(r"[^\r\n]+")


def doc_text(doc: Doc) -> str:
    """``doc.text``, computed once (spaCy joins the tokens on every access) and kept for the
    recognisers (graph.analyse.recognise.base imports it from here)."""
    text = doc.user_data.get("kg_text")
    if text is None:
        text = doc.user_data["kg_text"] = doc.text
    return text


def split_sentences(
    text: str,
    start: int = 0,
    end: int | None = None,
    abbreviations: tuple[str, ...] = DEFAULT_ABBREVIATIONS,
) -> list[tuple[int, int]]:
    """(start, end) offsets of the sentences of ``text[start:end]``, stripped; linear in
    the text. Line breaks (LF, CR LF, CR) always end a sentence.

    >>> text = "Tỉnh ủy Kon Tum họp ngày 5/12/2023. GS. TS. Nguyễn Văn A phát biểu."
    >>> [text[s:e] for s, e in split_sentences(text)]
    ['Tỉnh ủy Kon Tum họp ngày 5/12/2023.', 'GS. TS. Nguyễn Văn A phát biểu.']
    >>> [text[s:e] for s, e in split_sentences(text, abbreviations=())]
    ['Tỉnh ủy Kon Tum họp ngày 5/12/2023.', 'GS.', 'TS.', 'Nguyễn Văn A phát biểu.']
    >>> split_sentences(text, start=36)
    [(36, 67)]
    >>> cr = "Tỉnh ủy họp.\\rTP. Kon Tum đạt 95,30%."
    >>> [cr[s:e] for s, e in split_sentences(cr)]
    ['Tỉnh ủy họp.', 'TP. Kon Tum đạt 95,30%.']
    """
    end = len(text) if end is None else end
    abbrevs = set(abbreviations)
    spans: list[tuple[int, int]] = []
    for line in _LINE_RE.finditer(text, start, end):
        ls, le = line.start(), line.end()
        cur = ls
        for m in _END_RE.finditer(text, ls, le):
            nxt = _NEXT_START_RE.match(text, m.end(), le)
            if not nxt:
                continue
            if text[m.start()] == "." and _word_before(text, ls, m.start()) in abbrevs:
                continue
            _add(text, spans, cur, m.end())
            cur = nxt.start(1)
        _add(text, spans, cur, le)
    return spans


def _word_before(text: str, line_start: int, i: int) -> str:
    """The run of word characters, "/" and "." that ends at ``i`` ("TP", "v.v", "Đ/c").

    It stops at the space before it, and every candidate end is followed by a
    space, so the runs scanned for the ends of one line never overlap: linear.
    """
    j = i
    while j > line_start and (text[j - 1].isalnum() or text[j - 1] in "_/."):
        j -= 1
    return text[j:i]


def _add(text: str, spans: list[tuple[int, int]], s: int, e: int) -> None:
    chunk = text[s:e]
    if not chunk.strip():
        return
    s += len(chunk) - len(chunk.lstrip())
    e -= len(chunk) - len(chunk.rstrip())
    spans.append((s, e))


if not Doc.has_extension("kg_sentences"):
    Doc.set_extension("kg_sentences", default=None)
    Doc.set_extension("kg_exclude", default=None)


@Language.factory(
    "kg_sentencizer",
    default_config={"abbreviations": list(DEFAULT_ABBREVIATIONS)},
)
def make_sentencizer(nlp: Language, name: str, abbreviations: list[str]):
    """The ``kg_sentencizer`` factory: spaCy calls it from ``nlp.add_pipe``.

    >>> import spacy
    >>> nlp = spacy.blank("vi", config={"nlp": {"tokenizer": {"@tokenizers": "spacy.Tokenizer.v1"}}})
    >>> nlp.add_pipe("kg_sentencizer", config={"abbreviations": ["TP"]}).abbreviations
    ('TP',)
    """
    return LineSentencizer(tuple(abbreviations))


class LineSentencizer:
    """Sets ``doc._.kg_sentences`` and the tokens' ``is_sent_start``.

    Text in ``doc._.kg_exclude`` (site trailers, date lines) gets no sentence.

    >>> import spacy
    >>> nlp = spacy.blank("vi", config={"nlp": {"tokenizer": {"@tokenizers": "spacy.Tokenizer.v1"}}})
    >>> doc = nlp.make_doc("Tỉnh ủy họp. TP. Kon Tum đạt 95,30%.\\nTin liên quan")
    >>> doc._.kg_exclude = [(37, 50)]  # the site trailer
    >>> doc = LineSentencizer(("TP",))(doc)
    >>> [doc.text[s:e] for s, e in doc._.kg_sentences]
    ['Tỉnh ủy họp.', 'TP. Kon Tum đạt 95,30%.']
    >>> [t.text for t in doc if t.is_sent_start]
    ['Tỉnh', 'TP']
    """

    def __init__(self, abbreviations: tuple[str, ...]):
        self.abbreviations = abbreviations

    def __call__(self, doc: Doc) -> Doc:
        text = doc_text(doc)  # shared with the recognisers
        excluded = sorted(doc._.kg_exclude or [])
        spans = [
            (s, e)
            for s, e in split_sentences(text, abbreviations=self.abbreviations)
            if not any(xs <= s < xe for xs, xe in excluded)
        ]
        doc._.kg_sentences = spans
        # the tokens' offsets as an array (no Token objects made): 1 where a sentence starts
        # (and at the first token), -1 elsewhere
        starts = numpy.array(sorted({s for s, _ in spans}), dtype="uint64")
        flags = numpy.where(numpy.isin(doc.to_array(IDX), starts), 1, -1).astype("int64")
        if len(doc):
            flags[0] = 1
            doc.from_array([SENT_START], flags.astype("uint64").reshape(-1, 1))
        return doc
