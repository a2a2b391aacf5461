"""Bytes to text: the encodings an article file comes in, to NFC Unicode.

UTF-8 (with or without a BOM), UTF-16 and UTF-32 with a BOM, the charset an
HTML page declares, and the legacy Vietnamese encodings TCVN3 and VNI
(also once mis-saved as UTF-8: repaired). Every line end (CR LF, CR, and the
other mandatory breaks of Unicode: VT, FF, NEL, LINE and PARAGRAPH SEPARATOR)
becomes LF: the article's text, which every offset indexes and which is its
``nif:isString``, is the file's text in NFC with LF line ends, and no export
ever meets a line separator inside a literal.

>>> decode_text(Path("a.txt"), "Tỉnh ủy\\r\\nKon Tum\\rHà Nội".encode("utf-16"))
Decoded(text='Tỉnh ủy\\nKon Tum\\nHà Nội', encoding='UTF-16', converted_from=None)
>>> decode_text(Path("a.txt"), "TØnh ñy Kon Tum ban hµnh NghÞ quyÕt".encode("utf-8")).converted_from
'TCVN3 (mis-saved as UTF-8)'
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from pathlib import Path

from graph.errors import Errors, InputError
from graph.read.html import declared_charset
from graph.read.legacy import detect_legacy, repair_mojibake
from graph.text import nfc

__all__ = ["Decoded", "decode", "decode_text", "normalise_line_ends"]

_BOMS = (  # longest first: the UTF-32 LE BOM starts with the UTF-16 LE one
    (codecs.BOM_UTF32_LE, "utf-32-le", "UTF-32"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "UTF-32"),
    (codecs.BOM_UTF8, "utf-8", "UTF-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16"),
)
_LINE_END_RE = re.compile("\r\n?|[\x0b\x0c\x85\u2028\u2029]")
# control characters that only a binary or corrupt file has many of
_JUNK_RE = re.compile("[\x00-\x08\x0e-\x1f\ufffd]")


@dataclass(frozen=True)
class Decoded:
    """A file's text and how it was read: ``encoding`` as found; ``converted_from``
    names a legacy encoding converted to Unicode (None for Unicode files)."""

    text: str
    encoding: str
    converted_from: str | None = None


def normalise_line_ends(text: str) -> str:
    """Every line end as LF.

    >>> normalise_line_ends("a\\r\\nb\\rc\\x0cd\\u2028e\\n")
    'a\\nb\\nc\\nd\\ne\\n'
    """
    return _LINE_END_RE.sub("\n", text)


def decode_text(path: Path, data: bytes) -> Decoded:
    """Decode an article file's bytes; :class:`InputError` names the problem.

    >>> decode_text(Path("seeds/a.txt"), "Đoàn Thanh niên".encode("cp1258"))
    Traceback (most recent call last):
    graph.errors.InputError: seeds/a.txt: not UTF-8 (invalid byte 0xd0 at offset 0), nor Vietnamese in TCVN3 or VNI [E104]
    """
    if not data.strip():
        raise InputError(Errors.E102.format(path=path))
    converted = None
    for bom, codec, name in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom):].decode(codec)
            except UnicodeDecodeError as exc:
                raise InputError(Errors.E114.format(path=path, encoding=name, reason=exc.reason,
                                                    offset=exc.start + len(bom))) from None
            encoding = name
            break
    else:
        # NUL bytes: a binary file (or UTF-16 without a BOM), unless a few stray ones in UTF-8
        nul = data.count(b"\x00", 0, 8192)
        try:
            text, encoding = data.decode("utf-8"), "UTF-8"
            if nul > max(10, min(len(data), 8192) // 100):
                raise InputError(Errors.E103.format(path=path))
        except UnicodeDecodeError as exc:
            if nul:
                raise InputError(Errors.E103.format(path=path)) from None
            found = _other_encoding(data)
            if found is None:
                raise InputError(Errors.E104.format(path=path, byte=data[exc.start], offset=exc.start)) from None
            encoding, text = found
            converted = encoding if encoding in ("TCVN3", "VNI") else None
        else:
            repaired = repair_mojibake(text)
            if repaired:
                converted = f"{repaired[0]} (mis-saved as UTF-8)"
                text = repaired[1]
    if text.startswith("\ufeff"):
        text = text[1:]
    bad = len(_JUNK_RE.findall(text))
    if bad > max(10, len(text) // 100):
        raise InputError(Errors.E105.format(path=path, count=bad))
    if not text.strip():
        raise InputError(Errors.E102.format(path=path))
    return Decoded(nfc(normalise_line_ends(text)), encoding, converted)


def _other_encoding(data: bytes) -> tuple[str, str] | None:
    """Bytes that are not UTF-8: the charset a page declares, else TCVN3 or VNI."""
    charset = declared_charset(data)
    if charset:
        try:
            codec = codecs.lookup(charset).name
            if codec not in ("utf-8",):
                return charset, data.decode(codec)
        except (LookupError, UnicodeDecodeError):
            pass
    return detect_legacy(data)


def decode(path: Path, data: bytes) -> str:
    """The NFC text of an article file's bytes (see :func:`decode_text`).

    >>> decode(Path("seeds/a.txt"), "\\ufeffTỉnh ủy Kon Tum".encode("utf-8"))
    'Tỉnh ủy Kon Tum'
    >>> decode(Path("seeds/b.txt"), b"  \\n")
    Traceback (most recent call last):
    graph.errors.InputError: seeds/b.txt: empty file [E102]
    """
    return decode_text(path, data).text
