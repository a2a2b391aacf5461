"""What every recogniser shares: the folded text, the words of the Doc, phrase tables.

Recognisers work on a copy of the text with tone placement folded and
non-breaking spaces made plain: the copy has the same length, so offsets found
in it are offsets in the article.

The words are the Doc's tokens: a token that joins word characters and
punctuation ("23-NQ", "TP.HCM", "Q.1") is read as its parts, and a line break is
a word of its own (no name runs over it).

>>> from graph.analyse.pipeline import make_nlp
>>> doc = make_nlp(False).make_doc("Ban Thường vụ (BTV) Đảng uỷ Khối, TP.HCM")
>>> words = doc_words(doc)
>>> [w.text for w in words][:5], [w.text for w in words][-3:]
(['Ban', 'Thường', 'vụ', '(', 'BTV'], ['TP', '.', 'HCM'])
>>> table = PhraseTable(["Ban Thường vụ", "Đảng ủy", "Đảng ủy Khối"])
>>> words.match(0, table.tuple("Ban Thường vụ")), words.match(6, table.tuple("Đảng ủy"))
(3, 8)
>>> [(end, " ".join(p)) for end, p, _ in table.all_at(words, 6)]
[(9, 'Đảng ủy Khối'), (8, 'Đảng ủy')]
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

import spacy
from spacy.tokens import Doc

from graph.model import Mention
from graph.rules import Vocabulary, load
from graph.text import fold_tones

__all__ = ["UPPER", "UPPER_CLASS", "PhraseTable", "Word", "Words", "doc_text", "doc_words", "emit",
           "folded_text", "regex", "word_class"]

for _ext in ("kg_candidates", "kg_folded", "kg_bylines", "kg_mentions", "kg_words"):
    if not Doc.has_extension(_ext):
        Doc.set_extension(_ext, default=None)

#: Upper-case Latin letters, Vietnamese ones included.
UPPER = "".join(c for c in map(chr, range(0x41, 0x1EFA)) if c.isupper() and c.isalpha())
UPPER_CLASS = "[" + re.escape(UPPER) + "]"

_WORD_RE = re.compile(r"\w+|[^\w\s]|\n")
_TITLE_BAN_RE = re.compile(r"(?<=[Tt]rưởng )(?:ban|phòng)(?= (?![Tt]hường trực)[A-ZĐÀ-Ỹ])")


def word_class(cls: str) -> frozenset[str]:
    """The words of one class of ``rules/words.tsv`` (``cap_stop``, ``compound`` …).

    >>> "Trong" in word_class("cap_stop"), "đa khoa" in word_class("compound")
    (True, True)
    """
    return frozenset(r["name"] for r in load("words") if r["class"] == cls)


@spacy.registry.misc("kg.rules.v1")
def rules_loader(name: str):
    """A loader of one rule vocabulary (``graph/rules/NAME.tsv``) for a component's config."""

    def loader() -> Vocabulary:
        return load(name)

    return loader


def regex(template: str, **parts: str) -> re.Pattern:
    """Compile a pattern's regex with its named parts filled in (``{UPPER}``, ``{ROMAN}`` …).

    >>> regex("{UPPER}\\\\w+").fullmatch("Đảng") is not None
    True
    """
    parts.setdefault("UPPER", UPPER_CLASS)
    for key, value in parts.items():
        template = template.replace("{" + key + "}", value)
    return re.compile(template)


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


@dataclass(frozen=True, slots=True)
class Word:
    text: str  # as in the folded text
    start: int
    end: int
    is_cap: bool
    is_punct: bool


def _word(text: str, start: int) -> Word:
    return Word(text, start, start + len(text), text[:1] in UPPER, not text[:1].isalnum())


class Words(list):
    """The words of a Doc (folded spelling), with their offsets."""

    def __init__(self, words: Iterable[Word], text: str):
        super().__init__(words)
        self.text = text
        self._starts = {w.start: i for i, w in enumerate(self)}
        self.folded = [w.text.casefold() for w in self]

    @classmethod
    def of_doc(cls, doc: Doc) -> Words:
        folded = folded_text(doc)
        out = []
        for tok in doc:
            s = tok.idx
            t = folded[s : s + len(tok.text)]
            if tok.is_space:
                out.extend(_word("\n", s + k) for k, c in enumerate(t) if c == "\n")
            elif t.isalnum() or len(t) == 1:
                out.append(_word(t, s))
            else:  # "23-NQ", "TP.HCM": word characters and punctuation in one token
                out.extend(_word(m.group(), s + m.start()) for m in _WORD_RE.finditer(t))
        return cls(out, folded)

    def index_at(self, offset: int) -> int | None:
        return self._starts.get(offset)

    def match(self, i: int, phrase: tuple[str, ...], exact_first: bool = True) -> int:
        """End index (exclusive) if ``phrase`` starts at word ``i``, else 0.

        The first word must match with its case (a named body is capitalised);
        later words match case-insensitively ("Ban chấp hành" = "Ban Chấp hành").
        """
        n = len(phrase)
        if i + n > len(self):
            return 0
        if exact_first and self[i].text != phrase[0]:
            return 0
        folded = self.folded
        for k in range(0 if not exact_first else 1, n):
            if folded[i + k] != phrase[k].casefold():
                return 0
        return i + n

    def cap_run(self, i: int, limit: int = 4) -> int:
        """End index of the run of capitalised words from ``i`` (at most ``limit``)."""
        j = i
        while j < len(self) and j - i < limit and self[j].is_cap and not self[j].is_punct:
            j += 1
        return j


def split_phrase(text: str) -> tuple[str, ...]:
    """A phrase's words, as the recognisers read them (folded, punctuation split off).

    >>> split_phrase("Ban Chính sách, Chiến lược")
    ('Ban', 'Chính', 'sách', ',', 'Chiến', 'lược')
    """
    return tuple(re.findall(r"\w+|[^\w\s]", fold_tones(text)))


class PhraseTable:
    """Phrases (word tuples) indexed by their first word, each with a value (a rule row …).

    Built once when a component is initialised; :meth:`all_at` gives every phrase
    that starts at a word, longest first.
    """

    def __init__(self, phrases: Iterable[str | tuple[str, object]] = ()):
        self.exact: dict[str, list[tuple[tuple[str, ...], object]]] = {}
        self.folded: dict[str, list[tuple[tuple[str, ...], object]]] = {}
        self._tuples: dict[str, tuple[str, ...]] = {}
        seen = set()
        items = []
        for item in phrases:
            text, value = (item, None) if isinstance(item, str) else item
            p = split_phrase(text)
            self._tuples[text] = p
            if (p, id(value)) in seen:
                continue
            seen.add((p, id(value)))
            items.append((p, value))
        items.sort(key=lambda pv: (-len(pv[0]), pv[0]))
        for p, value in items:
            self.exact.setdefault(p[0], []).append((p, value))
            self.folded.setdefault(p[0].casefold(), []).append((p, value))
        self.phrases = frozenset(p for p, _ in items)

    def __contains__(self, phrase: tuple[str, ...]) -> bool:
        return phrase in self.phrases

    def tuple(self, text: str) -> tuple[str, ...]:
        """The word tuple of one of the table's phrases, by its text."""
        return self._tuples[text]

    def all_at(self, words: Words, i: int, exact_first: bool = True) -> list[tuple[int, tuple[str, ...], object]]:
        """Every phrase at word ``i``: (end index, phrase, value), longest first."""
        if i >= len(words):
            return []
        table = self.exact.get(words[i].text) if exact_first else self.folded.get(words.folded[i])
        if not table:
            return []
        out = []
        for p, value in table:
            end = words.match(i, p, exact_first)
            if end:
                out.append((end, p, value))
        return out

    def at(self, words: Words, i: int, exact_first: bool = True) -> tuple[int, tuple[str, ...] | None]:
        """The longest phrase at word ``i``: (end index, phrase) or (0, None)."""
        if i >= len(words):
            return 0, None
        table = self.exact.get(words[i].text) if exact_first else self.folded.get(words.folded[i])
        for p, _ in table or ():
            end = words.match(i, p, exact_first)
            if end:
                return end, p
        return 0, None


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
    """The Doc's :class:`Words`, made once per Doc."""
    if doc._.kg_words is None:
        doc._.kg_words = Words.of_doc(doc)
    return doc._.kg_words
