"""Vietnamese text in the legacy 8-bit encodings TCVN3 (ABC) and VNI, to Unicode.

Older provincial archives were typed with ABC fonts (.VnTime: TCVN 5712:1993
VN3, "TCVN3") or VNI fonts (VNI-Times: "VNI Windows"). Both reuse the byte
values of Windows-1252 letters, so such a file is either refused as not UTF-8
or, once opened as Windows-1252 and saved as UTF-8, turns into *mojibake*
("TØnh ñy" for "Tỉnh ủy"). The tables below are the published ones:

- TCVN3: one byte per letter; the lower-case letters with tone marks and the
  capitals Ă Â Ê Ô Ơ Ư Đ (toned capitals came from a second, capitals-only font,
  so they are stored as the lower-case byte; :func:`decode_tcvn3` restores the
  capitals of words written in capitals).
- VNI: a base letter followed by a byte for its marks ("a" + "ø" = "à",
  "a" + "á" = "ấ"); ơ, ư, đ and the toned i's are single bytes.

Which encoding a text is in is decided by :func:`vietnamese_score`: the share
of its words with non-ASCII letters that are well-formed Vietnamese syllables.

>>> decode_tcvn3("TØnh ñy Kon Tum".encode("cp1252"))
'Tỉnh ủy Kon Tum'
>>> decode_vni("Tænh uûy Kon Tum".encode("cp1252"))
'Tỉnh ủy Kon Tum'
>>> detect_legacy(encode_vni("Đảng ủy Khối các cơ quan tỉnh tổ chức hội nghị."))
('VNI', 'Đảng ủy Khối các cơ quan tỉnh tổ chức hội nghị.')
>>> repair_mojibake("TØnh ñy Kon Tum ban hµnh NghÞ quyÕt")
('TCVN3', 'Tỉnh ủy Kon Tum ban hành Nghị quyết')
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["LEGACY_ENCODINGS", "decode_tcvn3", "decode_vni", "detect_legacy", "encode_tcvn3", "encode_vni",
           "repair_mojibake", "vietnamese_score"]

#: The encodings recognised, by the name a build reports.
LEGACY_ENCODINGS = ("TCVN3", "VNI")

# -- TCVN3 (ABC) ----------------------------------------------------------------------------
_TCVN3_BYTES = {
    0xA1: "Ă", 0xA2: "Â", 0xA3: "Ê", 0xA4: "Ô", 0xA5: "Ơ", 0xA6: "Ư", 0xA7: "Đ",
    0xA8: "ă", 0xA9: "â", 0xAA: "ê", 0xAB: "ô", 0xAC: "ơ", 0xAD: "ư", 0xAE: "đ",
    0xB5: "à", 0xB6: "ả", 0xB7: "ã", 0xB8: "á", 0xB9: "ạ",
    0xBB: "ằ", 0xBC: "ẳ", 0xBD: "ẵ", 0xBE: "ắ", 0xC6: "ặ",
    0xC7: "ầ", 0xC8: "ẩ", 0xC9: "ẫ", 0xCA: "ấ", 0xCB: "ậ",
    0xCC: "è", 0xCE: "ẻ", 0xCF: "ẽ", 0xD0: "é", 0xD1: "ẹ",
    0xD2: "ề", 0xD3: "ể", 0xD4: "ễ", 0xD5: "ế", 0xD6: "ệ",
    0xD7: "ì", 0xD8: "ỉ", 0xDC: "ĩ", 0xDD: "í", 0xDE: "ị",
    0xDF: "ò", 0xE1: "ỏ", 0xE2: "õ", 0xE3: "ó", 0xE4: "ọ",
    0xE5: "ồ", 0xE6: "ổ", 0xE7: "ỗ", 0xE8: "ố", 0xE9: "ộ",
    0xEA: "ờ", 0xEB: "ở", 0xEC: "ỡ", 0xED: "ớ", 0xEE: "ợ",
    0xEF: "ù", 0xF1: "ủ", 0xF2: "ũ", 0xF3: "ú", 0xF4: "ụ",
    0xF5: "ừ", 0xF6: "ử", 0xF7: "ữ", 0xF8: "ứ", 0xF9: "ự",
    0xFA: "ỳ", 0xFB: "ỷ", 0xFC: "ỹ", 0xFD: "ý", 0xFE: "ỵ",
}

# -- VNI Windows ----------------------------------------------------------------------------
# Tone marks in the order none, sắc, huyền, hỏi, ngã, nặng; the byte after a plain
# vowel, after a vowel taking a circumflex (â ê ô) and after one taking a breve (ă).
_VNI_TONES = ("", "ù", "ø", "û", "õ", "ï")
_VNI_CIRCUMFLEX = ("â", "á", "à", "å", "ã", "ä")
_VNI_BREVE = ("ê", "é", "è", "ú", "ü", "ë")
_TONE_MARKS = ("", "\u0301", "\u0300", "\u0309", "\u0303", "\u0323")


def _vni_tables() -> tuple[dict[str, str], dict[str, str]]:
    """VNI sequence (as Windows-1252 characters) -> Unicode letter, and back."""
    table: dict[str, str] = {}
    back: dict[str, str] = {}

    def add(seq: str, letter: str, tone: int = 0) -> None:
        char = unicodedata.normalize("NFC", letter + _TONE_MARKS[tone])
        for s, c in ((seq, char), (seq.upper(), char.upper())):
            if s != c:  # plain letters stand for themselves
                table[s] = c
                back.setdefault(c, s)

    for tone in range(6):
        for base in "aeouy":
            if not (base == "y" and tone == 5):  # ỵ is a byte of its own
                add(base + _VNI_TONES[tone], base, tone)
        add("a" + _VNI_CIRCUMFLEX[tone], "â", tone)
        add("e" + _VNI_CIRCUMFLEX[tone], "ê", tone)
        add("o" + _VNI_CIRCUMFLEX[tone], "ô", tone)
        add("a" + _VNI_BREVE[tone], "ă", tone)
        add("ô" + _VNI_TONES[tone], "ơ", tone)  # ô (0xF4) is ơ
        add("ö" + _VNI_TONES[tone], "ư", tone)  # ö (0xF6) is ư
    for seq, letter in (("í", "í"), ("ì", "ì"), ("æ", "ỉ"), ("ó", "ĩ"), ("ò", "ị"), ("î", "ỵ"), ("ñ", "đ")):
        add(seq, letter)
    # a capital with a lower-case mark byte: some VNI texts mix the two
    for seq, letter in list(table.items()):
        if len(seq) == 2 and seq[0].isupper():
            table.setdefault(seq[0] + seq[1].lower(), letter)
    return table, back


_VNI, _VNI_FROM_UNICODE = _vni_tables()
_VNI_RE = re.compile("|".join(sorted(map(re.escape, _VNI), key=lambda s: (-len(s), s))))
_TCVN3_FROM_UNICODE = {char: bytes([b]) for b, char in _TCVN3_BYTES.items()}
# bytes 0x80-0x9F keep their Windows-1252 meaning (quotes, dashes); the five it
# leaves undefined stay as they are
_C1_TO_1252 = {b: bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in range(0x80, 0xA0)}
_TCVN3_TRANSLATE = {**_C1_TO_1252, **{b: c for b, c in _TCVN3_BYTES.items()}}


def _bytes_to_chars(data: bytes) -> str:
    """Bytes as Windows-1252 characters (Latin-1 for the five bytes it leaves undefined)."""
    return data.decode("latin-1").translate(_C1_TO_1252)


def decode_tcvn3(data: bytes) -> str:
    """TCVN3 (ABC) bytes as Unicode (NFC); words written in capitals get their toned
    letters in capitals too ("NGHÞ QUYÕT" -> "NGHỊ QUYẾT").

    >>> decode_tcvn3(b"Ngh\\xde quy\\xd5t s\\xe8 23-NQ/TU")
    'Nghị quyết số 23-NQ/TU'
    >>> decode_tcvn3(b"NGH\\xde QUY\\xd5T S\\xe8 23 C\\xf1A T\\xd8NH \\xf1Y")
    'NGHỊ QUYẾT SỐ 23 CỦA TỈNH ỦY'
    """
    text = data.decode("latin-1").translate(_TCVN3_TRANSLATE)
    return unicodedata.normalize("NFC", _restore_capitals(text))


def _restore_capitals(text: str) -> str:
    """Upper-case the toned letters of words written in capitals: a word whose ASCII
    letters are all capitals, when it has two of them ("QUYÕT") or stands next to
    such a word with a toned letter ("SỐ" after "QUYẾT"; not "Sở" after "UBND")."""
    words = list(_WORD_RE.finditer(text))

    def kind(word: str) -> int:  # 2: in capitals, 1: maybe (one ASCII capital), 0: no
        letters = [c for c in word if c.isascii()]
        if not letters or any(c.islower() for c in letters) or word.isupper():
            return 0
        return 2 if len(letters) >= 2 else 1

    kinds = [kind(m.group()) for m in words]
    # a word that shows capitals with a toned letter: "QUYÕT" (to be upper-cased) or "ĐẢNG"
    shows = [not m.group().isascii() and (k == 2 or m.group().isupper()) for m, k in zip(words, kinds)]
    out, pos = [], 0
    for i, m in enumerate(words):
        k = kinds[i]
        near = any(0 <= j < len(words) and shows[j]
                   and "\n" not in text[min(m.end(), words[j].end()) : max(m.start(), words[j].start())]
                   for j in (i - 1, i + 1))
        if k == 2 or (k == 1 and near):
            out.append(text[pos : m.start()])
            out.append(m.group().upper())
            pos = m.end()
    out.append(text[pos:])
    return "".join(out)


_WORD_RE = re.compile(r"[^\W\d_]+")


def decode_vni(data: bytes) -> str:
    """VNI Windows bytes as Unicode (NFC).

    >>> decode_vni("Ñoaøn Thanh nieân".encode("cp1252"))
    'Đoàn Thanh niên'
    """
    text = _bytes_to_chars(data)
    return unicodedata.normalize("NFC", _VNI_RE.sub(lambda m: _VNI[m.group()], text))


def encode_tcvn3(text: str) -> bytes:
    """Unicode as TCVN3 bytes (toned capitals as their lower-case byte, as TCVN3 stores
    them); :class:`UnicodeEncodeError` for a character it has no byte for.

    >>> encode_tcvn3("Tỉnh ủy")
    b'T\\xd8nh \\xf1y'
    """
    out = bytearray()
    for i, c in enumerate(unicodedata.normalize("NFC", text)):
        b = _TCVN3_FROM_UNICODE.get(c) or _TCVN3_FROM_UNICODE.get(c.lower())
        if b is None:
            try:
                b = c.encode("cp1252")
            except UnicodeEncodeError:
                raise UnicodeEncodeError("tcvn3", text, i, i + 1, "no TCVN3 byte") from None
            if b[0] in _TCVN3_BYTES:
                raise UnicodeEncodeError("tcvn3", text, i, i + 1, "no TCVN3 byte")
        out += b
    return bytes(out)


def encode_vni(text: str) -> bytes:
    """Unicode as VNI Windows bytes.

    >>> encode_vni("Đoàn")
    b'\\xd1oa\\xf8n'
    """
    out = []
    for c in unicodedata.normalize("NFC", text):
        out.append(_VNI_FROM_UNICODE.get(c, c))
    return "".join(out).encode("cp1252")


# -- which encoding -------------------------------------------------------------------------
_TONE_SET = set(_TONE_MARKS[1:])
_VI_LETTERS = set("abcdefghijklmnopqrstuvwxyzăâđêôơư")
# onset, vowel group, final: "nghiêng", "khuya", "thuở"; "nh"/"ch" only after a, ê, i, y
_VOWELS = ("iêu|oai|oao|oay|oeo|uây|uôi|uya|uyê|uyu|ươi|ươu|yêu|"
           "ai|ao|au|ay|âu|ây|eo|êu|ia|iê|iu|oa|oă|oe|oi|oo|ôi|ơi|ua|uâ|uê|ui|uô|uơ|uy|ưa|ưi|ưu|ươ|yê|"
           "a|ă|â|e|ê|i|o|ô|ơ|u|ư|y")
_SYLLABLE_RE = re.compile(
    r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnprstvx])?"
    rf"(?:(?:{_VOWELS})(?:ng|[cmnpt])?|(?:a|ê|i|y|oa|uê|uy)(?:nh|ch))"
)
_EDGE = "\"'“”‘’«»()[]{}.,;:!?…-–—/\\|*·•%"


def _plausible(word: str) -> bool:
    tones = 0
    base = []
    for c in unicodedata.normalize("NFD", word.lower()):
        if c in _TONE_SET:
            tones += 1
        else:
            base.append(c)
    letters = unicodedata.normalize("NFC", "".join(base))
    return tones <= 1 and all(c in _VI_LETTERS for c in letters) and bool(_SYLLABLE_RE.fullmatch(letters))


def vietnamese_score(text: str) -> tuple[int, int]:
    """``(plausible, counted)``: of the words with a non-ASCII character (digits aside),
    how many are well-formed Vietnamese syllables.

    >>> vietnamese_score("Tỉnh ủy Kon Tum ban hành Nghị quyết")
    (5, 5)
    >>> vietnamese_score("TØnh ñy Kon Tum ban hµnh NghÞ quyÕt")  # "ñy" reads as "ny" with a tilde
    (1, 5)
    """
    plausible = counted = 0
    for token in text.split():
        word = token.strip(_EDGE)
        if not word or word.isascii() or any(c.isdigit() for c in word):
            continue
        counted += 1
        plausible += _plausible(word)
    return plausible, counted


def _good(score: tuple[int, int]) -> bool:
    plausible, counted = score
    return counted >= 1 and plausible >= 0.8 * counted


def detect_legacy(data: bytes) -> tuple[str, str] | None:
    """``(encoding, text)`` when bytes that are not UTF-8 read as Vietnamese in TCVN3
    or VNI (NFC), else None.

    >>> detect_legacy(encode_tcvn3("Ban Thường vụ Tỉnh ủy họp phiên thường kỳ."))
    ('TCVN3', 'Ban Thường vụ Tỉnh ủy họp phiên thường kỳ.')
    >>> detect_legacy("Bản tin: café, résumé".encode("latin-1", "replace")) is None
    True
    """
    best = None
    for name, decode in (("TCVN3", decode_tcvn3), ("VNI", decode_vni)):
        text = decode(data)
        score = vietnamese_score(text)
        if _good(score) and (best is None or score[0] > best[0][0]):
            best = (score, name, text)
    return (best[1], best[2]) if best else None


# the characters above U+00FF that a Windows-1252 byte decodes to
_CP1252_HIGH = frozenset(c for c in bytes(range(0x80, 0xA0)).decode("cp1252", "ignore") if ord(c) >= 0x100)


def repair_mojibake(text: str) -> tuple[str, str] | None:
    """``(encoding, repaired text)`` when ``text`` is TCVN3 or VNI that was opened as
    Windows-1252 (or Latin-1) and saved as UTF-8, else None. Text that reads as
    Vietnamese already, or has a character no 8-bit text could have become, is
    left alone.

    >>> repair_mojibake("Tænh uûy Kon Tum")
    ('VNI', 'Tỉnh ủy Kon Tum')
    >>> repair_mojibake("Tỉnh ủy Kon Tum") is None, repair_mojibake("Cà phê sữa") is None
    (True, True)
    """
    if text.isascii() or any(ord(c) >= 0x100 and c not in _CP1252_HIGH for c in set(text)):
        return None  # a character no Windows-1252 byte gives (most Vietnamese letters): not mojibake
    as_is = vietnamese_score(text)
    if as_is[1] == 0 or as_is[0] >= 0.5 * as_is[1]:
        return None
    data = bytearray()
    for c in text:
        if ord(c) < 0x100:
            data.append(ord(c))
            continue
        try:
            data += c.encode("cp1252")
        except UnicodeEncodeError:
            return None  # a character no Windows-1252 byte gives: not mojibake of 8-bit text
    found = detect_legacy(bytes(data))
    if found is None or vietnamese_score(found[1])[0] <= as_is[0]:
        return None
    return found
