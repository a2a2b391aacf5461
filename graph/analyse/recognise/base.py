"""What every recogniser shares: the folded text, word tokens, phrase matching.

Recognisers work on a copy of the text with tone placement folded and
non-breaking spaces made plain: the copy has the same length, so offsets found
in it are offsets in the article.

>>> from spacy.tokens import Doc
>>> words = Words(fold_tones("Ban Thường vụ (BTV) Đảng uỷ Khối"))
>>> [w.text for w in words][:5]
['Ban', 'Thường', 'vụ', '(', 'BTV']
>>> words.match(0, ("Ban", "Thường", "vụ"))
3
>>> words.match(5, ("Đảng", "ủy"))
0
>>> words.match(6, ("Đảng", "ủy"))
8
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc

from graph.model import Mention
from graph.text import fold_tones

if not Doc.has_extension("kg_candidates"):
    Doc.set_extension("kg_candidates", default=None)
    Doc.set_extension("kg_folded", default=None)
    Doc.set_extension("kg_bylines", default=None)
    Doc.set_extension("kg_mentions", default=None)

#: Upper-case Latin letters, Vietnamese ones included.
UPPER = "".join(c for c in map(chr, range(0x41, 0x1EFA)) if c.isupper() and c.isalpha())
UPPER_CLASS = "[" + re.escape(UPPER) + "]"

# Capitalised words that start sentences, not names.
CAP_STOPWORDS = frozenset(
    """Những Các Các Trong Năm Ngày Tháng Sau Trước Theo Tại Với Về Để Từ Đến Khi Là
    Và Của Cho Do Được Đã Đang Sẽ Nhằm Qua Trên Dưới Tổng Toàn Một Hai Ba Đồng Chí
    Ông Bà Anh Chị Thời Hiện Tuy Nhưng Nếu Vì Nên Bởi Quý Chiều Sáng Tối Trưa Đêm
    Hôm Nay Cùng Mỗi Nhiều Tất Này Đó Kỳ Dịp Bên Ngoài Còn Thực Triển Tiếp Đặc Cụ""".split()
)


_TITLE_BAN_RE = re.compile(r"(?<=[Tt]rưởng )(?:ban|phòng)(?= (?![Tt]hường trực)[A-ZĐÀ-Ỹ])")


def doc_text(doc: Doc) -> str:
    """``doc.text``, computed once (spaCy joins the tokens on every access)."""
    text = doc.user_data.get("kg_text")
    if text is None:
        text = doc.user_data["kg_text"] = doc.text
    return text


def folded_text(doc: Doc) -> str:
    """The doc's text with tone placement folded and NBSP made plain (same length)."""
    if doc._.kg_folded is None:
        text = doc_text(doc)
        folded = fold_tones(text).replace("\u00a0", " ")
        # "Trưởng ban Tổ chức Thành ủy": the body is "ban Tổ chức …", written after the title
        # in lower case; the copy capitalises it so the grammar reads it (same length).
        folded = _TITLE_BAN_RE.sub(lambda m: m.group().capitalize(), folded)
        if len(folded) != len(text):  # offsets in the copy must be offsets in the article
            raise ValueError("tone folding changed the text's length")
        doc._.kg_folded = folded
    return doc._.kg_folded


@dataclass(frozen=True)
class Word:
    text: str
    start: int
    end: int

    @property
    def is_cap(self) -> bool:
        return self.text[:1] in UPPER

    @property
    def is_punct(self) -> bool:
        return not self.text[:1].isalnum()


class Words(list):
    """Words and punctuation marks of a text, with offsets."""

    def __init__(self, text: str):
        # a line break is a token of its own: no name runs over it
        super().__init__(Word(m.group(), m.start(), m.end()) for m in re.finditer(r"\w+|[^\w\s]|\n", text))
        self.text = text
        self._starts = {w.start: i for i, w in enumerate(self)}

    def index_at(self, offset: int) -> int | None:
        return self._starts.get(offset)

    def match(self, i: int, phrase: tuple[str, ...], exact_first: bool = True) -> int:
        """End index (exclusive) if ``phrase`` starts at word ``i``, else 0.

        The first word must match with its case (a named body is capitalised);
        later words match case-insensitively ("Ban chấp hành" = "Ban Chấp hành").
        """
        if i + len(phrase) > len(self):
            return 0
        for k, p in enumerate(phrase):
            w = self[i + k].text
            if k == 0 and exact_first:
                if w != p:
                    return 0
            elif w.casefold() != p.casefold():
                return 0
        return i + len(phrase)

    def match_any(self, i: int, table, exact_first: bool = True) -> tuple[int, tuple[str, ...] | None]:
        """Longest phrase of ``table`` at ``i``: (end index, phrase) or (0, None)."""
        if i >= len(self):
            return 0, None
        candidates = table.starting(self[i].text, exact_first) if isinstance(table, PhraseTable) else table
        best, best_p = 0, None
        for p in candidates:
            end = self.match(i, p, exact_first)
            if end > best:
                best, best_p = end, p
        return best, best_p

    def cap_run(self, i: int, limit: int = 4) -> int:
        """End index of the run of capitalised words from ``i`` (at most ``limit``)."""
        j = i
        while j < len(self) and j - i < limit and self[j].is_cap and not self[j].is_punct:
            j += 1
        return j


class PhraseTable(tuple):
    """Phrases (tuples of words), longest first, indexed by their first word."""

    def __new__(cls, items):
        table = super().__new__(cls, items)
        table.exact: dict[str, list] = {}
        table.folded: dict[str, list] = {}
        for p in table:
            table.exact.setdefault(p[0], []).append(p)
            table.folded.setdefault(p[0].casefold(), []).append(p)
        return table

    def starting(self, word: str, exact_first: bool = True) -> list:
        if exact_first:
            return self.exact.get(word, [])
        return self.folded.get(word.casefold(), [])


def phrases(*texts: str) -> PhraseTable:
    """Phrase tuples, longest first, from space-separated texts (punctuation split off)."""
    out = {tuple(re.findall(r"\w+|[^\w\s]", fold_tones(t))) for t in texts}
    return PhraseTable(sorted(out, key=lambda p: (-len(p), p)))


def emit(
    doc: Doc,
    start: int,
    end: int,
    type_: str,
    rule: str,
    subtype: str | None = None,
    **fields,
) -> Mention | None:
    """Add a candidate mention unless it lies in excluded text or is empty; ``fields``
    are the :class:`~graph.model.Mention` fields of its type (``place_code=``, ``number=`` …)."""
    full = doc_text(doc)
    if "\n" in full[start:end].strip():
        end = start + full[start:end].lstrip().find("\n") + (len(full[start:end]) - len(full[start:end].lstrip()))
    text = full[start:end]
    stripped = text.strip()
    if not stripped:
        return None
    start += len(text) - len(text.lstrip())
    end = start + len(stripped)
    for xs, xe in doc._.kg_exclude or ():
        if start < xe and end > xs:
            return None
    if doc._.kg_candidates is None:
        doc._.kg_candidates = []
    m = Mention(start, end, full[start:end], type_, rule, subtype, **fields)
    doc._.kg_candidates.append(m)
    return m


def doc_words(doc: Doc) -> Words:
    key = "kg_words"
    if key not in doc.user_data:
        doc.user_data[key] = Words(folded_text(doc))
    return doc.user_data[key]
