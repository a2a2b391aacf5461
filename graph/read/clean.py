"""The text the analysis reads: the article's text without invisible characters.

Zero-width characters (ZWSP, ZWNJ, ZWJ, WORD JOINER, a BOM inside the text),
soft hyphens and control characters (C0 other than tab and line feed, DEL,
C1) cut words apart without showing: "Tỉnh\\u200b ủy" looks like "Tỉnh ủy" and
is not. The analysis reads a cleaned copy in which they are deleted, and
vertical tab, form feed, NEL and the Unicode line and paragraph separators
are line feeds (one character for one: offsets do not move). Every offset
found in the cleaned copy is mapped back into ``Article.text``, which keeps
every character of the file (it is ``nif:isString``).

>>> c = clean_text("Tỉ\\u200bnh ủy\\x0cKon Tum")
>>> c.text
'Tỉnh ủy\\nKon Tum'
>>> s, e = c.to_original(0, 7)  # "Tỉnh ủy" in the cleaned copy
>>> "Tỉ\\u200bnh ủy\\x0cKon Tum"[s:e]
'Tỉ\\u200bnh ủy'
>>> c.to_clean(8, 15)
(7, 14)
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

__all__ = ["INVISIBLE", "LINE_BREAKS", "CleanText", "clean_text", "invisible_count"]

#: Characters deleted from the analysis copy (a character class, for ``re``).
INVISIBLE = (
    "\u200b\u200c\u200d\u2060\ufeff\u00ad"  # zero-width space, non-joiner, joiner, word joiner, BOM, soft hyphen
    "\x00-\x08\x0e-\x1f\x7f"  # C0 controls (not tab, line feed, and the line breaks below), DEL
    "\x80-\x84\x86-\x9f"  # C1 controls (not NEL)
    "\ufffe\uffff"  # noncharacters (XML forbids them)
)
#: Characters read as a line feed (one for one): VT, FF, CR, NEL, LINE and PARAGRAPH SEPARATOR.
LINE_BREAKS = "\x0b\x0c\r\x85\u2028\u2029"

_INVISIBLE_RE = re.compile(f"(?:[{INVISIBLE}]|\r(?=\n))+")  # and the CR of a CRLF
_BREAKS = str.maketrans({c: "\n" for c in LINE_BREAKS})


def invisible_count(text: str) -> int:
    """How many characters :func:`clean_text` deletes (the CR of a CRLF is not counted).

    >>> invisible_count("Kon\\u200bTum\\x07\\r\\n")
    2
    """
    return sum(m.end() - m.start() - m.group().count("\r") for m in _INVISIBLE_RE.finditer(text))


@dataclass(frozen=True)
class CleanText:
    """A cleaned copy of a text and the way back: ``text`` is what the analysis reads.

    ``cuts`` are the cleaned offsets where characters were deleted and ``shifts``
    how many had been deleted up to and including each (cumulative), so a cleaned
    offset maps back with one binary search; a text without invisible characters
    has no cuts and maps to itself.
    """

    text: str
    original_length: int
    cuts: tuple[int, ...] = field(default=(), repr=False)
    shifts: tuple[int, ...] = field(default=(), repr=False)
    run_starts: tuple[int, ...] = field(default=(), repr=False)  # original offset of each deleted run

    def _shift_at(self, i: int) -> int:
        """Characters deleted before cleaned character ``i`` (those right before it included)."""
        k = bisect_right(self.cuts, i)
        return self.shifts[k - 1] if k else 0

    def offset(self, i: int) -> int:
        """The original offset of cleaned character ``i`` (``len(text)`` maps to the end).

        >>> c = clean_text("a\\u200bb")
        >>> [c.offset(i) for i in range(3)]
        [0, 2, 3]
        """
        if i >= len(self.text):
            return self.original_length
        return i + self._shift_at(i)

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """The original span of the cleaned span ``[start, end)``: from its first
        character to its last, so deleted characters around it stay out and those
        inside it stay in.

        >>> c = clean_text("\\u200bKon\\u200b Tum\\u200b.")
        >>> c.text, c.to_original(0, 7)
        ('Kon Tum.', (1, 9))
        """
        if not self.cuts:
            return start, end
        if end <= start:
            s = self.offset(start)
            return s, s
        return self.offset(start), self.offset(end - 1) + 1

    def to_clean(self, start: int, end: int) -> tuple[int, int]:
        """The cleaned span of an original span (deleted characters dropped).

        >>> clean_text("a\\u200b\\u200bbc").to_clean(1, 5)
        (1, 3)
        """
        if not self.cuts:
            return start, end
        return self.clean_offset(start), self.clean_offset(end)

    def clean_offset(self, o: int) -> int:
        """The cleaned offset of original offset ``o``; inside a deleted run, the
        cleaned character after it.

        >>> c = clean_text("ab\\u200b\\u200bc")
        >>> [c.clean_offset(o) for o in range(6)]
        [0, 1, 2, 2, 2, 3]
        """
        # run k of deleted characters spans original [cuts[k] + shifts[k-1], cuts[k] + shifts[k])
        k = bisect_right(self.run_starts, o) - 1
        if k < 0:
            return o
        if o < self.cuts[k] + self.shifts[k]:
            return self.cuts[k]
        return o - self.shifts[k]


def clean_text(text: str) -> CleanText:
    """The analysis copy of ``text``: invisible characters deleted, line breaks read
    as line feeds; linear in the text.

    >>> c = clean_text("Đảng\\u00ad ủy\\r\\nKhối")
    >>> c.text, c.to_original(*c.to_clean(0, 8))
    ('Đảng ủy\\nKhối', (0, 8))
    """
    if not _INVISIBLE_RE.search(text):
        return CleanText(_line_feeds(text), len(text))
    parts: list[str] = []
    cuts: list[int] = []
    shifts: list[int] = []
    starts: list[int] = []
    pos = deleted = 0
    for m in _INVISIBLE_RE.finditer(text):
        parts.append(text[pos : m.start()])
        starts.append(m.start())
        cuts.append(m.start() - deleted)
        deleted += m.end() - m.start()
        shifts.append(deleted)
        pos = m.end()
    parts.append(text[pos:])
    return CleanText(_line_feeds("".join(parts)), len(text), tuple(cuts), tuple(shifts), tuple(starts))


def _line_feeds(text: str) -> str:
    return text.translate(_BREAKS) if any(c in text for c in LINE_BREAKS) else text
