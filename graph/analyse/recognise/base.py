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
from typing import NamedTuple

import spacy
from spacy.attrs import IDX, IS_SPACE, LENGTH
from spacy.tokens import Doc

from graph.analyse.segment import doc_text
from graph.model import Mention
from graph.rules import Vocabulary, load
from graph.text import ascii_fold, fold_tones

__all__ = ["UPPER", "UPPER_CLASS", "PhraseTable", "SimplePattern", "Word", "Words", "doc_text", "doc_words", "emit",
           "emit_simple", "simple_patterns",
           "folded_text", "foreign_word", "name_begins", "regex", "word_class"]

for _ext in ("kg_candidates", "kg_folded", "kg_bylines", "kg_mentions", "kg_words"):
    if not Doc.has_extension(_ext):
        Doc.set_extension(_ext, default=None)

#: Upper-case Latin letters, Vietnamese ones included.
UPPER = "".join(c for c in map(chr, range(0x41, 0x1EFA)) if c.isupper() and c.isalpha())
UPPER_CLASS = "[" + re.escape(UPPER) + "]"

# "Đắk R’lấp", "Ia H’Drai": an apostrophe between letters is inside the word
_WORD_RE = re.compile(r"\w+(?:['’]\w+)*|[^\w\s]|\n")
_PHRASE_WORD_RE = re.compile(r"\w+(?:['’]\w+)*|[^\w\s]")
_TITLE_BAN_RE = re.compile(r"(?<=[Tt]rưởng )(?:ban|phòng)(?= (?![Tt]hường trực)[A-ZĐÀ-Ỹ])")


_VOWELS = re.compile(r"[aeiouy]+")
#: Initial consonants and finals of Vietnamese syllables (tone marks folded away).
_INITIALS = frozenset("b c ch d g gh gi h k kh l m n ng ngh nh p ph q r s t th tr v x".split()) | {""}
_FINALS = frozenset("c ch m n ng nh p t".split()) | {""}


def foreign_word(word: str) -> bool:
    """A capitalised word that is no Vietnamese syllable: a foreign name's ("Trump", "Putin",
    "Jae-in"), not "Hùng" or "Nguyễn".

    >>> [foreign_word(w) for w in ("Trump", "Putin", "Jae-in", "Hùng", "Nguyễn", "Moon")]
    [True, True, True, False, False, False]
    """
    if "-" in word:  # "Jae-in", "Chan-o-cha": a Korean or Thai given name
        return any(foreign_word(p) for p in word.split("-")) or word.split("-")[1][:1].islower()
    w = ascii_fold(word)
    if not w.isalpha():
        return False
    if any(c in "fjwz" for c in w):
        return True
    groups = list(_VOWELS.finditer(w))
    if len(groups) != 1:
        return True
    return w[: groups[0].start()] not in _INITIALS or w[groups[0].end():] not in _FINALS


def name_begins(words: "Words", i: int, surnames: frozenset[str]) -> bool:
    """Word ``i`` begins a person's name: a surname, a foreign word, or a Korean name ("Han Min-koo").

    >>> from graph.analyse.pipeline import make_nlp
    >>> words = doc_words(make_nlp(False).make_doc("Hàn Quốc Han Min-koo"))
    >>> name_begins(words, 2, frozenset()), name_begins(words, 0, frozenset())
    (True, False)
    """
    if i >= len(words):
        return False
    w = words[i].text
    if w in surnames:
        return True
    # "Mac Thornberry": a run of capitalised words with a foreign one in it
    j = i
    while j < len(words) and j - i < 3 and words[j].is_cap and not words[j].is_punct:
        if foreign_word(words[j].text):
            return True
        j += 1
    return (i + 3 < len(words) and words[i + 1].is_cap and words[i + 2].text == "-"
            and words[i + 3].text[:1].islower() and words[i + 2].start == words[i + 1].end)


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


class Word(NamedTuple):
    """A word of the Doc: its folded text and offsets (a tuple: made for every token)."""

    text: str
    start: int
    end: int
    is_cap: bool
    is_punct: bool


_UPPER_SET = frozenset(UPPER)


def _word(text: str, start: int) -> Word:
    return Word(text, start, start + len(text), text[:1] in _UPPER_SET, not text[:1].isalnum())


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
        # token offsets and lengths as arrays: no Token objects made
        for s, n, space in doc.to_array([IDX, LENGTH, IS_SPACE]).tolist():
            t = folded[s : s + n]
            if space:
                out.extend(_word("\n", s + k) for k, c in enumerate(t) if c == "\n")
            elif n == 1 or t.isalnum() or _WORD_RE.fullmatch(t):
                out.append(_word(t, s))
            else:  # "23-NQ", "TP.HCM": word characters and punctuation in one token
                out.extend(_word(m.group(), s + m.start()) for m in _WORD_RE.finditer(t))
        return cls(out, folded)

    def with_word(self, i: int, word: Word) -> Words:
        """A copy with word ``i`` replaced by ``word`` (same start): the offset index is
        shared and the folded list copied, not rebuilt (the lower-case head scan makes
        one copy per candidate head).

        >>> from graph.analyse.pipeline import make_nlp
        >>> words = doc_words(make_nlp(False).make_doc("Bí thư huyện ủy Quốc Oai"))
        >>> capped = words.with_word(2, words[2]._replace(text="Huyện", is_cap=True))
        >>> [w.text for w in capped][2:4], capped.folded[2], capped.index_at(words[3].start), words[2].text
        (['Huyện', 'ủy'], 'huyện', 3, 'huyện')
        """
        if word.start != self[i].start:
            raise ValueError("a replaced word must keep its offset")
        out = Words.__new__(Words)
        list.__init__(out, self)
        out[i] = word
        out.text, out._starts = self.text, self._starts
        out.folded = self.folded.copy()
        out.folded[i] = word.text.casefold()
        return out

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
    return tuple(_PHRASE_WORD_RE.findall(fold_tones(text)))


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


@dataclass(frozen=True)
class SimplePattern:
    """A pattern whose match is a mention: its rule name, regex, subtype and what it runs on to."""

    rule: str
    regex: re.Pattern
    subtype: str | None
    then: str | None = None  # the type of the mention it runs on to ("Organization", "Organization|Person")
    then_optional: re.Pattern | None = None
    then_within: int = 0  # a body or person it runs on to may begin this many characters later, in the same phrase


def simple_patterns(rules, **parts: str) -> list[SimplePattern]:
    """The ``"simple": true`` patterns of a patterns file, compiled with their parts."""
    return [SimplePattern(r["name"], regex(r["regex"], **parts), r.get("subtype"), r.get("then"),
                          re.compile(r["then_optional"]) if r.get("then_optional") else None,
                          r.get("then_within", 0))
            for r in rules if r.get("simple")]


#: An administrative unit word right before a place ("tỉnh Nam Định", "quận 2").
_UNIT_BEFORE = re.compile(r"(?<!\w)(?:tỉnh|thành phố|huyện|quận|thị xã|xã|phường|TP\.?)\s+$")
_PHRASE_BREAK = re.compile(r"[,.;:!?()“”\"\n]|\s(?:và|của|tại|để|về|nhằm|cùng|trong|khi)\s")


def emit_simple(doc: Doc, type_: str, pats: list[SimplePattern]) -> None:
    """Emit a mention of ``type_`` for every match of the simple patterns; one that runs on to a
    mention ("buổi làm việc với" + a body) ends where that mention ends, or is dropped."""
    text = folded_text(doc)
    for p in pats:
        for m in p.regex.finditer(text):
            end = m.end()
            if p.then:
                start = end + len(text[end:]) - len(text[end:].lstrip(" "))
                types = p.then.split("|")
                nxt = [c.end for c in doc._.kg_candidates or () if c.type in types and c.start == start]
                if not nxt and p.then_within:
                    # "cuộc hội đàm với Tổng thống Mỹ Donald Trump": a title, then the person; where the pattern
                    # takes a place, a province or district after its unit word ("buổi làm việc với đội ngũ cán
                    # bộ chủ chốt tỉnh Nam Định"; not a venue: "… Joe Biden ở Washington")
                    places = "Place" in types
                    nxt = [c.end for c in doc._.kg_candidates or ()
                           if start < c.start <= start + p.then_within
                           and (c.type in ("Organization", "Person")
                                or places and c.type == "Place" and _UNIT_BEFORE.search(text, max(0, c.start - 12), c.start))
                           and not _PHRASE_BREAK.search(text, start, c.start)]
                if not nxt:
                    continue
                end = max(nxt)
                if p.then_optional and (o := p.then_optional.match(text, end)):
                    end = o.end()
            emit(doc, m.start(), end, type_, p.rule, p.subtype)


def doc_words(doc: Doc) -> Words:
    """The Doc's :class:`Words`, made once per Doc."""
    if doc._.kg_words is None:
        doc._.kg_words = Words.of_doc(doc)
    return doc._.kg_words
