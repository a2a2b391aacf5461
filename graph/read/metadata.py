"""An article's metadata read off its text: headline, date, source, bylines, trailer.

Each function reads a text (the cleaned copy the analysis reads, with LF line
ends) and gives offsets into that same text; :mod:`graph.read.reader` maps
them back into the article's text.

>>> text = "Tiêu đề bài\\n\\n20/04/2024 06:17\\n\\nNội dung.\\n\\nDương Nương\\n\\nChuyên mục khác"
>>> meta = read_metadata(text)
>>> text[slice(*meta.headline)], meta.published, [b.name for b in meta.bylines], text[meta.body_end:]
('Tiêu đề bài', '2024-04-20T06:17:00', ['Dương Nương'], 'Chuyên mục khác')
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from graph.model import Byline

__all__ = ["Metadata", "read_metadata"]

# Lines that start a website's trailer: nothing after them is the article.
_TRAILER_RE = re.compile(
    r"^\s*(Trả lời\s*$|Bài viết mới nhất|Chuyên mục khác|Viết bình luận|Gửi bình luận|"
    r"Bình luận\s*$|Ý kiến bạn đọc|thăm dò ý kiến|THÔNG TIN CẦN BIẾT|Tin liên quan|"
    r"Tin cùng chuyên mục|Các tin khác|Tin khác\s*$|Bài liên quan|Xem thêm\s*:?\s*$|"
    r"Email của bạn sẽ không được hiển thị|Link bài gốc\s*:)",
    re.IGNORECASE | re.MULTILINE,
)
# "20/04/2024 06:17", "Thứ Năm, 28/12/2023 | 17:00", "28/12/2023"
_DATE_LINE_RE = re.compile(
    r"^[ \t]*(?:(?:Thứ\s+\w+|Chủ\s+nhật|Chủ\s+Nhật)\s*,\s*)?"
    r"(\d{1,2})[/-](\d{1,2})[/-](\d{4})"
    r"(?:\s*(?:\||-|,)?\s*(\d{1,2})[:h](\d{2})(?::\d{2})?)?\s*(?:\(GMT[+-]\d+\))?[ \t]*$",
    re.MULTILINE,
)
# "(kontumtv.vn) – ..." at the start of the body.
_SOURCE_RE = re.compile(r"^\s*\(([a-z0-9.-]+\.(?:vn|com|net|org))\)", re.MULTILINE | re.IGNORECASE)
# "Bài, ảnh: Nguyễn Thanh Hải", "Tin, ảnh: H.L", "Ảnh: DN" (also at the end of a caption)
_CREDIT_RE = re.compile(
    r"(?:(?<=^)|(?<=[.!?]\s)|(?<=[.!?]))[ \t]*"
    r"(?P<label>(?:Bài(?:\s+và\s+ảnh|,\s*ảnh)?|Tin(?:\s+và\s+ảnh|,\s*ảnh)?|Ảnh|Video|Nhóm PV|Bài và ảnh)"
    r"\s*:)[ \t]*(?P<names>[^\n]{1,60}?)[ \t]*\.?[ \t]*$",
    re.MULTILINE,
)
_NAME_PART = r"(?:[A-ZĐÀ-Ỹ][\wÀ-ỹ]*\.?|[A-ZĐ]\.[A-ZĐ]\.?)"
_BYLINE_NAME_RE = re.compile(
    rf"^(?:{_NAME_PART})(?:\s+{_NAME_PART}){{0,3}}$|^[A-ZĐ]{{1,3}}(?:\.[A-ZĐ]{{1,2}})*\.?$"
    # initials glued to the name: "B.T.Ngọc", "Th.Dương", "M.Quân"
    r"|^(?:[A-ZĐ][a-z]?\.){1,3}\s?[A-ZĐÀ-Ỹ][\wÀ-ỹ]+$"
)
# "Ảnh: Doãn Tấn/TTXVN" anywhere in a line
_AGENCY_CREDIT_RE = re.compile(
    r"Ảnh\s*:\s*(?P<names>[A-ZĐÀ-Ỹ][\wÀ-ỹ.]*(?:\s+[A-ZĐÀ-Ỹ][\wÀ-ỹ]*){0,3})\s*/\s*(?:TTXVN|Vietnam\+|VGP|VNA|TTXVN/VNA)")
# "Quỳnh Hoa (TTXVN)", "Vũ Dũng/VOV", "Huy Sơn/VOV - TPHCM", "Minh Thái (Tổng hợp)": a closing
# byline's agency or the way it was written, not a name
_AGENCIES = r"(?:TTXVN|Vietnam\+|VIETNAM\+|VNA|VOV|VOV\.VN|VTV|VGP|VNE|Dân trí|Dân Trí|Tuổi Trẻ|Tin Tức|TTXVN/VNA|TTXVN/VIETNAM\+)"
_CREDIT_SUFFIX = (rf"\s*(?:\((?:{_AGENCIES}|[Tt]ổng hợp[^()]{{0,40}}|[Ll]ược dịch|[Tt]hực hiện|[Bb]iên dịch|[Tt]heo [^()]{{1,30}}"
                  rf"|từ [^()]{{1,30}}|[A-ZĐ]{{2,6}})\)"  # "Mai Hà (từ Bắc Kinh)", "Thanh Hà (TH)"
                  rf"|\s*/\s*{_AGENCIES}(?:\s*[-–]\s*[A-ZĐ][\w.]*(?:\s+[\wÀ-ỹ]+){{0,3}})?"  # "Phạm Hà/VOV-Trung tâm Tin"
                  rf"|\s*/\s*[A-ZĐ][A-ZĐ&+.]{{1,8}})")  # "Thái Tân/KD&PL": an outlet's initials
_AGENCY_SUFFIX_RE = re.compile(_CREDIT_SUFFIX + r"\s*$")
# the outlet in brackets after a closing line's name ("Tất Định (Dân Việt)"), and the dash
# left after it ("Ánh Dương -")
_CLOSING_SUFFIX_RE = re.compile(r"\s*(?:\([^()\n]{1,40}\)|[-–])\s*$")
# "(Ảnh: M.Quân)" inside a caption
_PAREN_CREDIT_RE = re.compile(r"\((?P<label>Ảnh|Ảnh minh họa|Nguồn ảnh)\s*:\s*(?P<names>[^()\n]{1,40})\)")
_SPLIT_NAMES_RE = re.compile(r"\s+[–—-]\s+|\s*,\s*|\s+và\s+|\s*/\s*")


@dataclass
class Metadata:
    """What the text says of itself; offsets into the text read."""

    body_end: int
    headline: tuple[int, int] | None = None
    published: str | None = None  # ISO 8601 date or date-time
    source: str | None = None  # e.g. "kontumtv.vn"
    bylines: list[Byline] = field(default_factory=list)
    skip_spans: list[tuple[int, int]] = field(default_factory=list)  # the date line


def read_metadata(text: str) -> Metadata:
    """The metadata of an article's text: the site trailer first (nothing after it is
    the article), then the date line, the source, the headline and the bylines.

    >>> text = ("Tỉnh ủy Kon Tum sơ kết Nghị quyết 23\\n\\nThứ Năm, 28/12/2023 | 17:00\\n\\n"
    ...         "(kontumtv.vn) – Ngày 5/12/2023, Tỉnh ủy ban hành Nghị quyết số 23-NQ/TU.\\n\\n"
    ...         "Tin liên quan\\n\\nĐại hội Chi bộ")
    >>> meta = read_metadata(text)
    >>> meta.published, meta.source, text[meta.body_end:]
    ('2023-12-28T17:00:00', 'kontumtv.vn', 'Tin liên quan\\n\\nĐại hội Chi bộ')
    """
    trailer = _find_trailer(text)
    meta = Metadata(body_end=len(text) if trailer is None else trailer)
    _find_date(text, meta)
    _find_source(text, meta)
    _find_headline(text, meta)
    _find_bylines(text, meta)
    return meta


def _lines(text: str, end: int) -> Iterator[tuple[int, int]]:
    """(start, end) of each non-blank line before ``end``, stripped."""
    for m in _LINE_RE.finditer(text, 0, end):
        line = m.group()
        if line.strip():
            lead = len(line) - len(line.lstrip())
            yield m.start() + lead, m.start() + len(line.rstrip())


def _lines_backwards(text: str, end: int) -> Iterator[tuple[int, int]]:
    """The non-blank lines before ``end`` like :func:`_lines`, last first: the closing
    lines are found without scanning the body again."""
    pos = end
    while pos > 0:
        start = text.rfind("\n", 0, pos) + 1
        line = text[start:pos]
        if line.strip():
            lead = len(line) - len(line.lstrip())
            yield start + lead, start + len(line.rstrip())
        pos = start - 1


_LINE_RE = re.compile(r"[^\n]+")


def _find_trailer(text: str) -> int | None:
    # Only after some body text (two line breaks and 20 characters, blanks aside):
    # a trailer line never opens an article. Counted as the matches go: linear.
    first = len(text) - len(text.lstrip())
    newlines, counted = 0, first
    for m in _TRAILER_RE.finditer(text):
        end = m.start()
        while end > first and text[end - 1].isspace():
            end -= 1
        if end > counted:
            newlines += text.count("\n", counted, end)
            counted = end
        if newlines >= 2 and end - first > 20:
            return m.start() + (len(m.group()) - len(m.group().lstrip()))
    return None


def _find_date(text: str, art: Metadata) -> None:
    head = text[: min(art.body_end, 2000)]
    for m in _DATE_LINE_RE.finditer(head):
        day, month, year, hh, mm = m.groups()
        try:
            d, mo, y = int(day), int(month), int(year)
            if not (1 <= d <= 31 and 1 <= mo <= 12):
                continue
        except ValueError:
            continue
        iso = f"{y:04d}-{mo:02d}-{d:02d}"
        if hh is not None:
            iso += f"T{int(hh):02d}:{int(mm):02d}:00"
        art.published = iso
        start = m.start() + (len(m.group()) - len(m.group().lstrip()))
        art.skip_spans.append((start, m.end()))
        return


def _find_source(text: str, art: Metadata) -> None:
    m = _SOURCE_RE.search(text[: min(art.body_end, 500)])
    if m:
        art.source = m.group(1).lower()


def _find_headline(text: str, art: Metadata) -> None:
    lines = _lines(text, art.body_end)
    start, end = next(lines, (None, None))
    if start is None or next(lines, None) is None:
        return
    first = text[start:end]
    if any(s <= start < e for s, e in art.skip_spans) or _SOURCE_RE.match(first):
        return
    # A headline is short and has no sentence-final full stop.
    if len(first) <= 250 and not re.search(r"[.!?…:;]\s*$", first) and len(first.split()) >= 3:
        art.headline = (start, end)


# Closing lines that are not the byline: the source, a link.
_SOURCE_LINE_RE = re.compile(rf"^(?:(?:Theo|Nguồn|Link bài gốc|Link bài viết gốc|Ngày đăng|Ngày giờ đăng|Giờ đăng)\b"
                             rf"|https?://|(?:{_AGENCIES}|TTXVN/VNA)\s*$)")  # a link, "TTXVN" alone
# A byline glued to the last paragraph: "… nhiệm kỳ 2015- 2020. Yến Chi", "… ./. Vũ Dũng/VOV",
# "… Đình Hà – Vân Anh", "… (còn nữa) THIỆN VĂN", "… L.N - Phạm Đông", "… Theo NGỮ THIÊN (TTXVN/VIETNAM+)"
_UP = "A-ZĐÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴ"
_GLUED_NAME = (rf"(?:[{_UP}][a-zà-ỹđ]+(?:\s+[{_UP}][a-zà-ỹđ]+){{1,2}}"  # Yến Chi
               rf"|[{_UP}]{{2,}}(?:\s+[{_UP}]{{2,}}){{1,2}}"  # THIỆN VĂN
               rf"|(?:[{_UP}][a-z]?\.){{1,3}}\s?(?:[{_UP}][a-zà-ỹđ]+|[{_UP}])?)")  # L.N, B.B.Đ, H.Thủy, T.Duy
_GLUED_BYLINE_RE = re.compile(
    rf"(?:(?<=[.!?”\"…)])|(?<=\./\.))\s+(?:\((?:còn nữa|[Tt]ổng hợp)\)\s*)?(?P<theo>Theo\s+)?(?P<agency>{_AGENCIES}\s+)?"
    rf"(?P<name>{_GLUED_NAME}(?:\s*[-–]\s*{_GLUED_NAME}){{0,3}})"
    rf"(?P<credit>{_CREDIT_SUFFIX})?\s*$")


def _find_bylines(text: str, art: Metadata) -> None:
    for m in _CREDIT_RE.finditer(text, 0, art.body_end):
        kind = "photo" if m.group("label").startswith(("Ảnh", "Video")) else "author"
        names = m.group("names")
        # "Ảnh: Google Maps. Việt Tường": the credit ends at its full stop; the author follows
        credit, dot, author = names.partition(". ")
        _add_names(art, m.start("names"), credit, kind)
        if dot and kind == "photo" and _BYLINE_NAME_RE.match(author.strip().rstrip(".")):
            _add_names(art, m.start("names") + len(credit) + 2, author.strip().rstrip("."), "author")
    for m in _PAREN_CREDIT_RE.finditer(text, 0, art.body_end):
        _add_names(art, m.start("names"), m.group("names"), "photo")
    taken = {b.start for b in art.bylines}
    for m in _AGENCY_CREDIT_RE.finditer(text, 0, art.body_end):
        if m.start("names") not in taken:
            _add_names(art, m.start("names"), m.group("names"), "photo")
    taken = {b.start for b in art.bylines}
    for m in _INLINE_CREDIT_RE.finditer(text, 0, art.body_end):
        span = _inline_credit_name(text, m.end(), art.body_end)
        if span and span[0] not in taken:
            _add_names(art, span[0], text[span[0] : span[1]], "photo")
    # A closing author line: the last line of the body (before any "Theo …" source
    # line), a name or two and nothing else.
    backwards = _lines_backwards(text, art.body_end)
    last, before = next(backwards, None), next(backwards, None)
    # (a paragraph that opens with "Theo …" is no source line: "Theo TTXVN" is short)
    while last is not None and before is not None and _SOURCE_LINE_RE.match(text[last[0] : last[1]]) \
            and (last[1] - last[0] <= 60 or not text.startswith("Theo", last[0])):
        last, before = before, next(backwards, None)
    if last is not None:
        start, end = last
        line = _CLOSING_SUFFIX_RE.sub("", _AGENCY_SUFFIX_RE.sub("", text[start:end]))
        if any(b.start >= start and b.kind == "author" for b in art.bylines):
            return
        names = [n for n in _SPLIT_NAMES_RE.split(line) if n] if len(line) <= 60 and before is not None else []
        if names and all(_BYLINE_NAME_RE.match(n) for n in names):
            _add_names(art, start, line, "author")
            return
        line = text[start:end]
        # a closing byline written twice ("… Vũ Dũng/VOV Vũ Dũng/VOV"): the first
        twice = re.search(r"(\s+\S.{2,40}?)\1\s*$", line)
        if twice:
            line = line[: twice.end(1)]
        glued = _GLUED_BYLINE_RE.search(line) or _PAREN_BYLINE_RE.search(line)
        if glued and glued.re is _PAREN_BYLINE_RE and not all(map(_SYLLABLE_RE.match, glued.group("name").split())):
            glued = None  # "(ASEAN WEEK)": no Vietnamese name
        # "Theo VnExpress" is a source; "Theo NGỮ THIÊN (TTXVN/VIETNAM+)" the author and the source
        # ("Việt Quốc/VOV-TPHCM": a name that starts like a place's, with its outlet after it)
        if glued and (glued.group("name").split()[0] not in _NOT_NAME_START
                      or (glued.group("credit") and glued.group("name").split()[0] in _PLACE_LIKE)) and (
                not glued.group("theo") or glued.group("credit") or glued.group("agency")):
            _add_names(art, start + glued.start("name"), glued.group("name"), "author")


# A photo credit inside a paragraph, a caption run into the text: "… phát biểu. Ảnh: Nhã Phương. Khi …",
# "… Ảnh: Thành Cường Kỷ niệm 60 năm …", "… - Ảnh: VGP/Nhật Bắc", "Minh họa: Khều."
_INLINE_CREDIT_RE = re.compile(
    r"(?:(?<=[.!?…]\s)|(?<=\s[-–]\s)|(?<=^))(?:Ảnh|Minh họa|Ảnh minh họa)[ \t]*:[ \t]*"
    rf"(?:(?:{_AGENCIES}|VGP|VNA)[ \t]*/[ \t]*)?", re.MULTILINE)
# a word of the credit: a capitalised or lower-case word, or initials ("N.D.")
_CREDIT_WORD_RE = re.compile(r"(?:[A-ZĐ]\.){1,3}(?:[A-ZĐ]?(?![\wÀ-ỹ])|[A-ZĐ][\wÀ-ỹ]+)|[\wÀ-ỹ]+")
# first words of a credited outlet or source, no person's: "Ảnh: Báo Nhân Dân", "Ảnh: Tư liệu"
_NOT_CREDIT_START = frozenset({"Báo", "Tạp", "Cổng", "Đài", "Trang", "Ban", "Sở", "Bộ", "Cục", "Viện", "Hội", "Kênh",
                               "Hãng", "Internet", "Nguồn", "Tư", "Getty", "Facebook", "Wikipedia",
                               "Shutterstock", "Youtube", "YouTube", "Chụp", "Trích", "Bản"})


# a Vietnamese syllable (no f, j, w, z; a vowel or c, ch, m, n, ng, nh, p, t at its end)
_SYLLABLE_RE = re.compile(r"(?i)^[b-df-hk-np-tvxđ]{0,3}[aeiouyàáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ]+"
                          r"(?:c|ch|m|n|ng|nh|p|t)?$")


def _inline_credit_name(text: str, pos: int, end: int) -> tuple[int, int] | None:
    """The name of a photo credit run into a paragraph, from ``pos``: its capitalised words up
    to a stop, a dash or the line's end ("Nhã Phương. Khi …", "Trí Dũng – TTXVN"); when the next
    sentence follows without a stop, its first word is not the name's ("Thành Cường Kỷ niệm …":
    "Thành Cường"); a name in capitals ends at the first word that is not ("TÁ LÂM Trò chuyện")."""
    words: list[tuple[int, int]] = []
    closed = False
    i = pos
    while len(words) < 6:
        m = _CREDIT_WORD_RE.match(text, i, end)
        if not m:
            closed = True
            break
        if not m.group()[0].isupper():
            break
        words.append((m.start(), m.end() - (1 if m.group().endswith(".") and len(m.group()) > 2 else 0)))
        j = m.end()
        if j + 1 < end and text[j] == " " and not text[j + 1].isspace() and not m.group().endswith("."):
            i = j + 1
            continue
        closed = True
        break
    if not words or text[words[0][0] : words[0][1]] in _NOT_CREDIT_START:
        return None
    # every word a Vietnamese syllable: not "Ảnh: Google Maps", "Ảnh: TOWARD FREEDOM"
    if not all(_SYLLABLE_RE.match(text[s:e]) or "." in text[s:e] for s, e in words[:4]):
        return None
    caps = 0
    while caps < len(words) and text[words[caps][0] : words[caps][1]].isupper() \
            and words[caps][1] - words[caps][0] > 1:
        caps += 1
    if caps == 1 and "." not in text[words[0][0] : words[0][1]]:
        return None  # an outlet's acronym: "Ảnh: VOV Tổng Bí thư …"
    if caps >= 2 and (caps < len(words) or closed):
        words = words[: min(caps, 4)]  # "TÁ LÂM", "HẢI NGUYỄN"
    elif not closed:
        words = words[:-1]  # the next sentence's first word
        if not 2 <= len(words) <= 3:
            return None
    elif len(words) > 4 or (len(words) == 1 and "." not in text[words[0][0] : words[0][1]]):
        return None  # a longer name is a body's; one word, an outlet's ("Ảnh: Zing")
    return words[0][0], words[-1][1]


# A closing byline in capitals and brackets after the last sentence: "… thiếu niên. (HỒNG THẠNH)"
_PAREN_BYLINE_RE = re.compile(
    rf"(?<=[.!?…])\s+\((?P<theo>)(?P<agency>)(?P<name>[{_UP}]{{2,}}(?:\s+[{_UP}]{{2,}}){{1,2}})(?P<credit>)\)\s*$")

# Capitalised words that end a paragraph without being a name.
_NOT_NAME_START = {"Theo", "Nguồn", "Ảnh", "Tin", "Bài", "Xem", "Video", "Việt", "Hà", "Trung"}
#: of those, the ones that start given names too ("Việt Quốc", "Hà Linh", "Trung Hiếu")
_PLACE_LIKE = frozenset({"Việt", "Hà", "Trung"})


# Agencies and outlets that stand where a byline stands: no person's name
_NOT_A_NAME = frozenset({"TTXVN", "VOV", "VNA", "VTV", "VGP", "VNE", "WSJ", "AFP", "AP", "Reuters", "BBC", "CNN",
                         "Xinhua", "Kyodo", "Yonhap", "Sputnik", "TASS", "PV", "CTV", "BTV", "TPHCM",
                         # outlets of two words and more
                         "Nhân Dân", "Tuổi Trẻ", "Dân Trí", "Thanh Niên", "Tiền Phong", "Lao Động", "Vietnam Plus",
                         "Quân Đội Nhân Dân", "Hà Nội Mới", "Sài Gòn Giải Phóng", "Công An Nhân Dân", "Pháp Luật",
                         "Người Lao Động", "Tin Tức", "Dân Việt", "Tư Liệu", "Văn Nghệ", "Thời Nay",
                         "EPA", "UPI", "DPA", "ANSA", "Getty"})


def _add_names(art: Metadata, offset: int, names: str, kind: str) -> None:
    # "Kim DungTheo Reuters": the byline and a source glued together
    glued = re.search(r"(?<=[a-zà-ỹđ])Theo\s.*$", names)
    if glued:
        names = names[: glued.start()]
    pos = 0
    for part in _SPLIT_NAMES_RE.split(names):
        name = part.strip().rstrip(".") if part.strip().count(".") <= 1 else part.strip()
        if not name:
            continue
        at = names.index(name, pos)
        pos = at + len(name)
        if kind == "photo" and name.split()[0] in _NOT_CREDIT_START:
            continue  # "Ảnh: Báo Nhân Dân": an outlet
        if _BYLINE_NAME_RE.match(name) and name not in _NOT_A_NAME:
            art.bylines.append(Byline(name, offset + at, offset + at + len(name), kind))
