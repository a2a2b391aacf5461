"""Vietnamese text normalisation: NFC, tone-mark placement, comparison keys.

Vietnamese has two conventions for where the tone mark sits in "oa", "oe",
"uy" ("hoà"/"hòa", "uỷ"/"ủy"); both occur in the same articles. Matching and
scoring fold the old style onto the new one.

>>> fold_tones("Đảng uỷ Khối") == fold_tones("Đảng ủy Khối")
True
>>> fold_tones("hoà bình")
'hòa bình'
>>> norm_key("  “Đảng uỷ  khối”. ")
'đảng ủy khối'
>>> ascii_fold("Đảng ủy Khối")
'dang uy khoi'
>>> slugify("Tỉnh ủy Kon Tum")
'tinh-uy-kon-tum'
"""

from __future__ import annotations

import re
import unicodedata

_TONES = {
    "\u0300": "grave",
    "\u0301": "acute",
    "\u0303": "tilde",
    "\u0309": "hook",
    "\u0323": "dot",
}

# Mark on the second vowel of "oa/oe/uy" ("hoà", "uỷ") -> on the first ("hòa",
# "ủy"): the placement most of the genre's text uses.
_PAIRS = ("oa", "oe", "uy", "Oa", "Oe", "Uy", "OA", "OE", "UY")


def _build_fold_table() -> dict[str, str]:
    table = {}
    for pair in _PAIRS:
        first, second = pair[0], pair[1]
        for mark in _TONES:
            old = unicodedata.normalize("NFC", first + second + mark)
            new = unicodedata.normalize("NFC", first + mark + second)
            table[old] = new
    return table


_FOLD = _build_fold_table()
_FOLD_RE = re.compile("|".join(sorted(map(re.escape, _FOLD), key=len, reverse=True)))
# Only word-finally: before a consonant ("hoàn", "thuyết") the mark belongs on
# the second vowel in both conventions.
_FOLD_CTX_RE = re.compile(
    "(" + _FOLD_RE.pattern + r")(?!\w)"
)


def nfc(text: str) -> str:
    """Unicode NFC: decomposed tone marks composed into single characters.

    >>> import unicodedata
    >>> decomposed = unicodedata.normalize("NFD", "Tỉnh ủy")
    >>> len(decomposed), len(nfc(decomposed)), nfc(decomposed) == "Tỉnh ủy"
    (9, 7, True)
    """
    return unicodedata.normalize("NFC", text)


# Characters that do not show and cut words apart: zero-width characters, soft
# hyphen, control characters (not tab, LF, CR), noncharacters. A name written
# with them is the same name (graph.read.clean deletes the same set for analysis).
_INVISIBLE_RE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff]")


def fold_tones(text: str) -> str:
    """NFC, old tone placement moved to the new one, "Ð" (eth) read as "Đ".

    >>> fold_tones("Đảng uỷ Khối, hoàn thành, \u00d0oàn")
    'Đảng ủy Khối, hoàn thành, Đoàn'
    """
    text = nfc(text).replace("\u00d0", "Đ").replace("\u00f0", "đ")
    return _FOLD_CTX_RE.sub(lambda m: _FOLD[m.group(1)], text)


_QUOTES_PUNCT = "\"'“”‘’«»„‟‹›()[]{}.,;:!?…-–—/\\|*·•"
_SPACE_RE = re.compile(r"\s+")


def norm_key(text: str) -> str:
    """The comparison form used by matching and by ``kg eval``.

    NFC, invisible characters dropped, tone placement folded, case-folded,
    whitespace collapsed, surrounding quotes and punctuation stripped.

    >>> norm_key("  «Tỉnh uỷ  Kon Tum». "), norm_key("Tỉ\u200bnh ủy Kon\u00ad Tum")
    ('tỉnh ủy kon tum', 'tỉnh ủy kon tum')
    """
    text = fold_tones(_INVISIBLE_RE.sub("", text)).casefold()
    text = _SPACE_RE.sub(" ", text).strip()
    return text.strip(_QUOTES_PUNCT + " ").strip()


def ascii_fold(text: str) -> str:
    """Lower-case ASCII letters only: "Đảng ủy" -> "dang uy".

    >>> ascii_fold("Nghị quyết số 23-NQ/TU")
    'nghi quyet so 23-nq/tu'
    """
    text = _INVISIBLE_RE.sub("", nfc(text)).replace("Đ", "D").replace("đ", "d").replace("\u00d0", "D")
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return stripped.lower()


def slugify(text: str) -> str:
    """ASCII words joined by "-", for IRIs; "x" when nothing is left.

    >>> slugify("Nghị quyết số 23-NQ/TU"), slugify("…")
    ('nghi-quyet-so-23-nq-tu', 'x')
    """
    return re.sub(r"[^a-z0-9]+", "-", ascii_fold(text)).strip("-") or "x"
