"""Reported quantities as figures: "kết nạp mới 111 đảng viên, đạt 111% so chỉ tiêu".

The genre reports results as a number, a counted noun or a unit, and what was
counted, often followed by its share of the plan ("đạt 106% kế hoạch") or of a
total ("chiếm 95,30%"). :func:`extract_figures` reads those with rules over the
sentence text (no model): a number only becomes a figure when a unit or a
counted noun from :data:`UNITS` follows it, which is what keeps years, dates,
document numbers ("23-NQ/TU", "Chương trình 135"), terms ("2020-2025"), article
numbers ("Điều 5") and addresses ("quận 9") out.

>>> s = "Tổng doanh thu của các doanh nghiệp trong khối đạt trên 9.899 tỷ đồng."
>>> [f] = extract_figures(s, [Sentence(0, len(s), s)], [], article_year=2023)
>>> f.measure, f.value, f.unit, f.qualifier, f.period, f.text
('tổng doanh thu', '9899000000000', 'đồng', 'trên', '2023', 'trên 9.899 tỷ đồng')

In RDF a figure is a ``schema:Observation`` (and ``kg:Figure``), not an RDF
Data Cube observation: Data Cube needs a data structure definition and a
dataset per kind of measure, which one-off statements in news text do not
have; schema.org's observation carries the body, the measured variable, value,
unit and date directly, and search engines read it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from graph.model import Figure, Mention, Sentence

__all__ = [
    "ReportedFigure",
    "parse_vn_number",
    "decimal_str",
    "extract_figures",
    "figures_to_rows",
    "FIGURE_COLUMNS",
    "UNITS",
]


#: Figures are model Figures; the name is kept for readers of earlier versions.
ReportedFigure = Figure


# --- numbers ---------------------------------------------------------------

#: Multiplier words; consecutive ones multiply ("nghìn tỷ" = 10^12).
MULTIPLIERS = {"tỷ": 9, "tỉ": 9, "triệu": 6, "nghìn": 3, "ngàn": 3}

# Vietnamese format: "." groups thousands, "," marks decimals.
_VN_NUM_RE = re.compile(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?")


def parse_vn_number(text: str) -> Decimal:
    """A number in Vietnamese format, optionally followed by multiplier words.

    >>> parse_vn_number("9.899"), parse_vn_number("95,30"), parse_vn_number("1.831")
    (Decimal('9899'), Decimal('95.30'), Decimal('1831'))
    >>> parse_vn_number("10,6"), parse_vn_number("21.208")
    (Decimal('10.6'), Decimal('21208'))
    >>> decimal_str(parse_vn_number("9.899 tỷ")), decimal_str(parse_vn_number("10,6 triệu"))
    ('9899000000000', '10600000')
    >>> decimal_str(parse_vn_number("1,5 nghìn tỷ"))
    '1500000000000'
    >>> parse_vn_number("17.2.2025")
    Traceback (most recent call last):
    ValueError: not a number in Vietnamese format: '17.2.2025'
    """
    parts = text.split()
    if not parts or not _VN_NUM_RE.fullmatch(parts[0]):
        raise ValueError(f"not a number in Vietnamese format: {text!r}")
    value = Decimal(parts[0].replace(".", "").replace(",", "."))
    for word in parts[1:]:
        exp = MULTIPLIERS.get(word.casefold())
        if exp is None:
            raise ValueError(f"not a multiplier: {word!r} in {text!r}")
        value = value.scaleb(exp)
    return value


def decimal_str(value: Decimal) -> str:
    """Canonical ``xsd:decimal`` text: no exponent, no trailing zeros.

    >>> decimal_str(Decimal("9.899E+12")), decimal_str(Decimal("95.30")), decimal_str(Decimal("111"))
    ('9899000000000', '95.3', '111')
    """
    text = format(value.normalize(), "f")
    return text


# --- units -----------------------------------------------------------------

#: Counted nouns and units that may follow a number, mapped to the unit the
#: figure records (abbreviations spelled out). Longest match wins.
UNITS: dict[str, str] = {
    # party
    "đảng viên": "đảng viên", "ĐV": "đảng viên",
    "tổ chức cơ sở đảng": "tổ chức cơ sở đảng", "TCCSĐ": "tổ chức cơ sở đảng",
    "tổ chức đảng": "tổ chức đảng", "chi bộ": "chi bộ", "đảng bộ": "đảng bộ",
    "cấp ủy": "cấp ủy", "cấp uỷ": "cấp ủy", "cấp ủy viên": "cấp ủy viên",
    "ủy viên": "ủy viên", "uỷ viên": "ủy viên", "quần chúng": "quần chúng",
    "bí thư": "bí thư", "đồng chí": "đồng chí", "tổ chức": "tổ chức",
    # people
    "người": "người", "người dân": "người", "cá nhân": "cá nhân", "tập thể": "tập thể",
    "cán bộ": "cán bộ", "công chức": "công chức", "viên chức": "viên chức",
    "lao động": "lao động", "người lao động": "người lao động",
    "học viên": "học viên", "học sinh": "học sinh", "sinh viên": "sinh viên",
    "đại biểu": "đại biểu", "hội viên": "hội viên", "đoàn viên": "đoàn viên",
    "thành viên": "thành viên", "thanh niên": "thanh niên", "ứng cử viên": "ứng cử viên",
    "trưởng thôn": "trưởng thôn", "cựu chiến binh": "cựu chiến binh",
    "điển hình": "điển hình", "bị can": "bị can", "bị cáo": "bị cáo",
    "hộ": "hộ", "hộ dân": "hộ", "hộ gia đình": "hộ", "gia đình": "gia đình",
    "biên chế": "biên chế", "suất": "suất", "phần quà": "phần quà", "suất quà": "suất quà",
    # bodies and places
    "đơn vị": "đơn vị", "cơ quan": "cơ quan", "doanh nghiệp": "doanh nghiệp",
    "hợp tác xã": "hợp tác xã", "đầu mối": "đầu mối", "xã": "xã", "phường": "phường",
    "thị trấn": "thị trấn", "thôn": "thôn", "làng": "làng", "tổ dân phố": "tổ dân phố",
    "huyện": "huyện", "tỉnh": "tỉnh", "sở": "sở", "chi hội": "chi hội", "chi đoàn": "chi đoàn",
    # activities and results
    "lớp": "lớp", "cuộc": "cuộc", "lượt": "lượt", "hội nghị": "hội nghị", "buổi": "buổi",
    "đợt": "đợt", "chuyến": "chuyến", "điểm cầu": "điểm cầu",
    "nhiệm vụ": "nhiệm vụ", "chỉ tiêu": "chỉ tiêu", "trường hợp": "trường hợp",
    "vụ": "vụ", "vụ việc": "vụ việc", "vụ án": "vụ án", "đơn": "đơn", "đơn thư": "đơn thư",
    "ý kiến": "ý kiến", "kiến nghị": "kiến nghị", "văn bản": "văn bản",
    "bài": "bài", "bài viết": "bài viết", "tin bài": "tin bài", "tác phẩm": "tác phẩm",
    "giải": "giải", "phiếu": "phiếu", "công trình": "công trình", "dự án": "dự án",
    "mô hình": "mô hình", "căn nhà": "căn nhà", "ngôi nhà": "ngôi nhà", "nhà": "nhà",
    "sản phẩm": "sản phẩm", "cây": "cây", "con": "con",
    # measurements
    "%": "%", "đồng": "đồng", "USD": "USD", "đô la": "USD",
    "ha": "ha", "héc-ta": "ha", "hécta": "ha", "km": "km", "m": "m", "m2": "m²", "m²": "m²",
    "km2": "km²", "km²": "km²", "mét": "m", "tấn": "tấn", "kg": "kg", "lít": "lít",
}

#: Units that measure an amount (the measure is the noun before the number:
#: "tổng doanh thu đạt 9.899 tỷ đồng"); the others count things ("kết nạp
#: 111 đảng viên": the measure is the verb and the counted noun).
AMOUNT_UNITS = {"%", "đồng", "USD", "ha", "km", "m", "m²", "km²", "tấn", "kg", "lít"}
# Units written without a space after the number ("70m2", "30km²", "1.700m").
_ATTACHED_UNITS = ("%", "m2", "m²", "km2", "km²", "km", "ha", "kg", "m")

_UNIT_RE = re.compile(
    r"(?:%s)(?![\w\-])" % "|".join(re.escape(u) for u in sorted(UNITS, key=len, reverse=True)),
    re.IGNORECASE,
)
_MULT_RE = re.compile(r"(?:\s+(?:%s)(?!\w))+" % "|".join(MULTIPLIERS), re.IGNORECASE)
_CASE_SENSITIVE_UNITS = {u for u in UNITS if u.isupper()}

# --- words around numbers --------------------------------------------------

# A number right after these words is a label, not a quantity: "Điều 5",
# "khoản 2", "quận 9", "số 135", "kỳ họp 3", "lần thứ 10", "đứng thứ 19".
_LABEL_BEFORE_RE = re.compile(
    r"(?:^|\s)(?:(?i:số|điều|khoản|điểm|chương|mục|phần|quận|phường|tổ|thôn|ấp|khu phố|khu|"
    r"khóa|khoá|kỳ họp|kỳ|thứ|hạng|đường|phòng|lô|tầng|nhóm|giai đoạn|nhiệm kỳ|"
    r"năm|tháng|ngày|tuần|quý|sáng|chiều|tối|trưa|đêm|hôm|lúc|từ năm|đến năm|"
    r"cuối năm|đầu năm|bằng cấp|cấp|mã|hotline|điện thoại|fax|tel)|"
    # document types only when capitalised: "Nghị quyết 23" but "kỷ luật 1 tổ chức"
    r"Nghị quyết|Chỉ thị|Kết luận|Quy định|Quyết định|Chương trình(?: hành động)?|"
    r"Kế hoạch|Hướng dẫn|Thông báo|Báo cáo|Công văn|Đề án|Tờ trình|Luật|Nghị định|"
    r"Thông tư|ĐT)\s*$",
)
# Norms and targets, not results: "không quá 300 đại biểu", "tối thiểu 20%".
_NORM_BEFORE_RE = re.compile(
    r"(?:không quá|không dưới|không vượt quá|tối đa|tối thiểu|ít nhất|có dưới|có từ)\s*$",
    re.IGNORECASE,
)
_TARGET_CLAUSE_RE = re.compile(r"phấn đấu|mục tiêu", re.IGNORECASE)
_TOTAL_BEFORE_RE = re.compile(r"(?:tổng|trong|với|có)\s+số\s*$", re.IGNORECASE)

# Words that may stand right before the number and say how exact it is.
_QUALIFIER_RE = re.compile(
    r"(?:^|(?<=[\s(]))(ước khoảng|ước đạt|ước tính|ước|khoảng|gần|trên|hơn|xấp xỉ|"
    r"dưới|chưa đến|lên tới|lên đến|chỉ đạt|chỉ còn|chỉ|đạt|tới)\s*$",
    re.IGNORECASE,
)
_APPROX = ("trên", "gần", "khoảng", "hơn", "khoảng trên", "khoảng gần", "khoảng hơn", "ước khoảng", "ước đạt", "ước tính", "ước",
           "xấp xỉ", "dưới", "chưa đến", "lên tới", "lên đến", "chỉ đạt", "chỉ còn", "chỉ")

# Verbs linking a measure to its value: "tốc độ tăng trưởng đạt 6,45%".
_LINK_RE = re.compile(
    r"(?:^|\s)(đạt được|đạt|là|có|chiếm|bằng|nâng lên|tăng lên|(?<!trở )lên|còn|gồm|"
    r"giảm xuống còn|xuống còn|giảm còn|tương đương)\s*$",
    re.IGNORECASE,
)
_EXISTENTIAL = {"có", "gồm", "còn"}
# Noun phrases naming a quantity: "dân số gần 300.000 người".
_QUANTITY_NOUN_RE = re.compile(
    r"(?:dân số|số lượng|tổng số|diện tích|quy mô|kinh phí|số tiền|tổng|số)\s*$", re.IGNORECASE
)
# Words that end the noun phrase after the unit.
_NP_STOP = {
    "chiếm", "đạt", "bằng", "so", "tăng", "giảm", "cho", "trong", "gồm", "đã", "được",
    "tại", "từ", "đến", "theo", "nhưng", "để", "thì", "khi", "vào", "sẽ", "đang", "nên",
    "mà", "với", "của", "nâng", "dành", "và", "hoặc",
}
# "trong" ends the noun phrase only before these ("trong đó", "trong tổng số").
_TRONG_STOP_RE = re.compile(r"\s+(?:đó|tổng|số|năm|quý|thời|khi|giai|nhiệm)\b")
_NP_PUNCT = ",;:.()[]!?“”\"…"
# Openers of a clause that are not part of what is measured.
_INTRO_RE = re.compile(
    r"^(?:trong đó có|trong đó|trong năm|cụ thể|ngoài ra|đồng thời|bên cạnh đó|riêng|"
    r"qua đó|theo đó|tính đến|đến nay|đến|trong|năm|quý|qua|sau|kết quả|với|về)\b",
    re.IGNORECASE,
)
# Bodies that stand as the subject before the verb when the recogniser has not
# tagged them ("Trong năm, Đảng bộ kết nạp mới 111 đảng viên").
_BODY_SUBJECT_RE = re.compile(
    r"^(?:(?:BTV|Ban Thường vụ|Ban Chấp hành|BCH|Thường trực)\s+)?"
    r"(?:(?:Ban Bí thư|Bộ Chính trị|Ban Chấp hành Trung ương|Đảng bộ|Đảng ủy|Đảng uỷ|Chi bộ|"
    r"Tỉnh ủy|Tỉnh uỷ|Huyện ủy|Huyện uỷ|Thành ủy|Thành uỷ|Quận ủy|Quận uỷ|Thị ủy|Thị uỷ|UBND|HĐND|"
    r"UBKT|MTTQ|(?:Ủy|Uỷ|ủy|uỷ) ban (?:[Kk]iểm tra|[Nn]hân dân)|Ban (?:Tổ chức|Tuyên giáo|Dân vận|"
    r"Nội chính|Thường vụ)|Công đoàn|Mặt trận(?: Tổ quốc)?|(?i:các cấp ủy|cấp ủy|cấp uỷ)|tỉnh|"
    r"huyện|thành phố|xã)"
    # short heads only with a name after them: "Sở Nội vụ", not "Hội nghị"
    r"|(?:Ủy ban|Uỷ ban|Ban|Sở|Hội|Đoàn)(?=\s+[A-ZĐÂĂÊÔƠƯ]))"
    r"(?:\s+(?:Trung ương|[A-ZĐÂĂÊÔƠƯ]\w*|\(\w+\)|tỉnh|huyện|khối|các cấp|các|cơ quan|"
    r"doanh nghiệp|và chi bộ|và))*",
)

# Periods: "năm 2023", "quý I/2024", "quý I năm 2024", "6 tháng đầu năm 2024",
# "Tính đến ngày 20/12/2023".
_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_PERIOD_RE = re.compile(
    r"(?P<q>[Qq]uý\s+(?P<qn>IV|I{1,3}|[1-4])(?:\s*/\s*|\s+năm\s+)(?P<qy>(?:19|20)\d\d))"
    r"|(?P<h>6 tháng đầu năm\s+(?P<hy>(?:19|20)\d\d))"
    r"|(?P<d>(?:[Tt]ính\s+)?đến\s+(?:hết\s+)?(?:ngày\s+)?(?P<dd>\d{1,2})/(?P<dm>\d{1,2})/(?P<dy>(?:19|20)\d\d))"
    r"|(?P<y>(?<![Kk]ỳ )(?<![Đđ]oạn )[Nn]ăm\s+(?P<yy>(?:19|20)\d\d)(?!\s*[-–]\s*\d)(?![\d/]))"
    r"|(?P<bq>[Qq]uý\s+(?P<bqn>IV|I{1,3}|[1-4])(?![\w/]))"
)


@dataclass
class _Period:
    start: int
    end: int
    value: str  # "2023", "2024-Q1", "2024-H1", "2023-12-20", or "Q1" (year unknown)


def _periods(text: str, offset: int = 0) -> list[_Period]:
    out = []
    for m in _PERIOD_RE.finditer(text):
        if m.group("q"):
            value = f"{m.group('qy')}-Q{_ROMAN[m.group('qn')]}"
        elif m.group("h"):
            value = f"{m.group('hy')}-H1"
        elif m.group("d"):
            value = f"{m.group('dy')}-{int(m.group('dm')):02d}-{int(m.group('dd')):02d}"
        elif m.group("y"):
            value = m.group("yy")
        else:
            value = f"Q{_ROMAN[m.group('bqn')]}"
        out.append(_Period(offset + m.start(), offset + m.end(), value))
    return out


def _with_year(period: str, year: str | None) -> str | None:
    if period.startswith("Q"):
        return f"{year}-{period}" if year else None
    return period


# --- extraction ------------------------------------------------------------

_BLOB_RE = re.compile(r"(?<![\w.,/:\-–])\d+(?:[.,/:]\d+)*")


@dataclass
class _Candidate:
    start: int  # local offsets in the sentence text
    end: int  # end of the unit
    num_start: int
    value: Decimal
    denominator: Decimal | None
    unit: str
    unit_text: str
    qualifier: str | None
    np_end: int
    np_text: str  # unit and the words after it: "TCCSĐ hoàn thành tốt nhiệm vụ"
    np_period: str | None


def _parse_blob(blob: str, after: str) -> tuple[Decimal, Decimal | None] | None:
    """Value (and denominator) of a numeric token, None when it is no quantity."""
    if ":" in blob or blob.count("/") > 1:
        return None  # time of day, full date
    if "/" in blob:
        num, den = blob.split("/")
        try:
            a, b = parse_vn_number(num), parse_vn_number(den)
        except ValueError:
            return None
        return (a, b) if a <= b and b > 0 else None  # "28/12" is a date
    try:
        return parse_vn_number(blob), None
    except ValueError:
        pass
    # "1.5 tỷ", "22.5%": a decimal point, when a multiplier or % makes it a quantity.
    if re.fullmatch(r"\d+\.\d{1,2}", blob) and re.match(r"\s*(?:%|(?:tỷ|tỉ|triệu|nghìn|ngàn)\b)", after):
        return Decimal(blob), None
    return None


def _match_unit(rest: str) -> tuple[int, str, str, int] | None:
    """(multiplier exponent, unit, unit surface, length consumed) after a number."""
    exp, pos = 0, 0
    m = _MULT_RE.match(rest)
    if m:
        exp = sum(MULTIPLIERS[w.casefold()] for w in m.group().split())
        pos = m.end()
    for u in _ATTACHED_UNITS[1:]:  # "%" below, after optional space
        if pos == 0 and rest.startswith(u) and not re.match(r"[\w²]", rest[len(u):len(u) + 1]):
            return exp, UNITS[u], u, len(u)
    m = re.compile(r"\s*").match(rest, pos)
    if rest[m.end():m.end() + 1] == "%":
        per = re.match(r"/\s*(năm|tháng|quý)\b", rest[m.end() + 1:])
        if per:
            end = m.end() + 1 + per.end()
            return exp, "%/" + per.group(1), rest[m.end():end], end
        return exp, "%", "%", m.end() + 1
    if not m.group() and rest[pos:pos + 1] not in ("",):
        if pos == 0:
            return None  # letters glued to the number: "23-NQ", "10a"
    um = _UNIT_RE.match(rest, m.end())
    if um and m.group():
        surface = um.group()
        key = surface if surface in UNITS else surface.lower()
        if key not in UNITS or (key.isupper() and surface != key) or (
            surface[0].isupper() and key not in _CASE_SENSITIVE_UNITS and not surface.isupper()
            and key not in ("%",)
        ):
            um = None
        nxt = re.match(r"\s+(\w+)", rest[um.end():]) if um else None
        if um and nxt and f"{key} {nxt.group(1).lower()}" in _NOT_UNITS:
            um = None  # "4 giải pháp", "2 con đường"
        if um:
            unit = UNITS[key]
            end = um.end()
            per = re.match(r"/\s*(phụ nữ|người dân|\w+)", rest[end:])  # "đồng/tháng", "con/phụ nữ"
            if per:
                unit += "/" + per.group(1)
                end += per.end()
            return exp, unit, rest[m.end():end], end
    if exp:
        # "211 tỷ" with nothing after is money; "5 triệu" may count anything
        return exp, "đồng" if exp >= 9 else "", "", pos
    return None


_PLACE_UNITS = {"xã", "phường", "thị trấn", "thôn", "làng", "huyện", "tỉnh", "tổ dân phố"}
# A unit word followed by these is another word: "giải pháp", "con đường".
_NOT_UNITS = {"giải pháp", "giải quyết", "giải phóng", "giải thích", "con đường", "con người",
              "nhà nước", "bài học", "lớp học", "người đứng", "cây xanh", "đơn vị hành",
              "cuộc sống", "cuộc đời"}


def _quote_spans(text: str) -> list[tuple[int, int]]:
    """Quoted stretches; a quote the sentence does not close runs to its end."""
    spans = [(m.start(), m.end()) for m in re.finditer(r"“[^“”]*(?:”|$)|\"[^\"]*\"", text)]
    first_close, first_open = text.find("”"), text.find("“")
    if first_close >= 0 and (first_open < 0 or first_close < first_open):
        spans.append((0, first_close))  # the sentence starts inside a quotation
    return spans


def _noun_phrase(text: str, start: int, place: bool = False) -> tuple[int, str | None]:
    """End of the words after the unit that still describe what is counted."""
    i, words, period = start, 0, None
    while i < len(text):
        m = re.compile(r"\s+(\S+)").match(text, i)
        if not m:
            break
        word = m.group(1)
        bare = word.rstrip(_NP_PUNCT)
        if word[0] in _NP_PUNCT or not bare:
            break
        low = bare.lower()
        if low == "năm" and re.match(r"\s+(?:19|20)\d\d", text[m.end():]):
            y = re.match(r"\s+((?:19|20)\d\d)", text[m.end():])
            period = y.group(1)
            break
        if bare[0].isupper() and place and words == 0:
            break  # "2 xã Nghĩa Hòa và Hòa Phú": names, not what is counted
        if low == "trong" and not _TRONG_STOP_RE.match(text, m.end()):
            pass
        elif low in _NP_STOP or bare[0].isdigit() or words >= 8:
            break
        i = m.start(1) + len(bare)
        words += 1
        if bare != word:
            break
    while True:  # no dangling "các", "những" at the end
        tail = re.search(r"\s+(?:các|những|của|cho|là|trong|về|với|tại|tới|ở)$", text[start:i])
        if not tail:
            break
        i = start + tail.start()
    return i, period


def _candidates(text: str) -> list[_Candidate]:
    quotes = _quote_spans(text)
    out = []
    for m in _BLOB_RE.finditer(text):
        s, e, blob = m.start(), m.end(), m.group()
        before, after = text[:s], text[e:]
        if any(qs <= s < qe for qs, qe in quotes):
            continue  # inside a name or a quotation
        if re.match(r"\s*[-–]\s*\d", after) or re.search(r"\d\s*[-–]\s*$", before):
            continue  # a range: "2020-2025", "5-10 triệu đồng"
        if re.search(r"\btừ\s+$", before) and re.match(r"\s*(?:đến|tới|-|–)", after):
            continue
        if re.search(r"\btừ\s+[\d.,]+\s*\S*\s*(?:đến|tới)\s*[-–]?\s*$", before):
            continue  # "từ 250 đến 450 đại biểu"
        if re.match(r"[-/][A-ZĐa-zđ]", after):
            continue  # document numbers: "23-NQ/TU", "100/NĐ-CP"
        if _LABEL_BEFORE_RE.search(before) and not _TOTAL_BEFORE_RE.search(before):
            continue
        if _NORM_BEFORE_RE.search(before):
            continue  # a norm: "không quá 300 đại biểu"
        if re.search(r"\btừ\s+$", before) and re.match(r"[^,;.]{0,40}?\btrở (?:lên|xuống)", after):
            continue  # a threshold: "có từ 200 đảng viên trở lên"
        if re.search(r"(?:chỉ tiêu|kế hoạch|mục tiêu|đề ra|dự kiến)\s*\(\s*(?:\S+\s+)?$", before):
            continue  # the target in brackets: "chưa đạt chỉ tiêu đề ra (trên 90%)"
        clause = re.split(r"[;:\n]", before)[-1]
        if _TARGET_CLAUSE_RE.search(clause) or re.match(r"\s*(?:Phấn đấu|Mục tiêu)", before):
            continue  # targets, not results: "Phấn đấu đến năm 2030, 100% cán bộ …"
        prev_word = re.search(r"(\S+)\s*$", before)
        if prev_word and prev_word.group(1)[0].isupper() and prev_word.group(1)[-1] not in ",;:().…" \
                and not re.search(r"[,;:(.]\s*\S+\s*$|^\s*\S+\s*$", before):
            if not _QUALIFIER_RE.search(before) and not _LINK_RE.search(before):
                continue  # a label after a name: "Đường 20", "Nghị quyết TƯ 4"
        parsed = _parse_blob(blob, after)
        if parsed is None:
            continue
        value, den = parsed
        if den is None and "." not in blob and "," not in blob and 1900 <= value <= 2100 and len(blob) == 4:
            continue  # a year
        um = _match_unit(after)
        if um is None:
            continue
        exp, unit, unit_text, used = um
        if exp:
            value = value.scaleb(exp)
            if den is not None:
                den = den.scaleb(exp)
        if not unit and not exp:
            continue
        unit_end = e + used
        q = _QUALIFIER_RE.search(before)
        qualifier, start = None, s
        if q:
            qualifier, start = q.group(1).lower(), q.start(1)
            q2 = re.search(r"(?:^|(?<=\s))(khoảng|ước)\s+$", before[:start])
            if q2 and qualifier in _APPROX:  # "khoảng trên 137.000 người"
                qualifier, start = f"{q2.group(1).lower()} {qualifier}", q2.start(1)
            # "đạt trên": the approximation is the qualifier, "đạt" the link.
            if qualifier not in _APPROX and qualifier != "đạt":
                qualifier = None
            if qualifier == "dưới" and re.search(r"đối với|nếu|trường hợp", clause, re.IGNORECASE):
                continue  # a threshold: "đối với nhà đất dưới 15 tỉ đồng"
        np_end, np_period = _noun_phrase(text, unit_end, unit in _PLACE_UNITS)
        np_text = text[e + (used - len(unit_text)) if unit_text else unit_end:np_end].strip()
        out.append(_Candidate(start, unit_end, s, value, den, unit, unit_text, qualifier,
                              np_end, np_text, np_period))
    return out


# Clauses after a figure that say its share of plan or total, or its change.
_SHARE_RE = re.compile(
    r"\s*[,(]?\s*(?P<verb>đạt|bằng|chiếm|tăng|giảm|(?=\d))\s*(?P<qual>trên |gần |khoảng |hơn )?"
    r"(?P<num>\d+(?:[.,]\d+)*)(?P<pct>\s*%)\)?"
    r"(?P<tail>\s*(?:so\s+với|so)?\s*(?P<target>[^,;.()]*))?",
)
_TOTAL_AFTER_RE = re.compile(r"\s*,?\s*(?:trong|trên)\s+tổng số\s+(\d+(?:[.,]\d+)*)(?:\s+\w+)?")
_PLAN_RE = re.compile(r"kế hoạch|chỉ tiêu|dự toán|nhiệm vụ|mục tiêu|KH\b|nghị quyết", re.IGNORECASE)


def _clause_context(text: str, start: int, floor: int) -> int:
    """Where the words before a number begin: its clause, short list items merged.

    "Trưởng thôn, tổ trưởng dân phố là đảng viên đã nâng lên" keeps both
    items; "kinh tế-xã hội của tỉnh tiếp tục phát triển, tốc độ tăng trưởng
    đạt" keeps only the last clause.
    """
    head = text[floor:start]
    dots = head.rfind("...")
    opened = head.rfind("(")
    if opened >= 0 and head.find(")", opened) >= 0:
        opened = -1  # a closed bracket stays part of the clause
    cut = max(max(head.rfind(c) for c in ";:\n…"), opened, dots + 2 if dots >= 0 else -1)
    begin = floor + cut + 1
    commas, depth = [], 0
    for i in range(begin, start):  # commas inside brackets separate nothing here
        depth += {"(": 1, ")": -1}.get(text[i], 0)
        if text[i] == "," and depth <= 0:
            commas.append(i)
    if not commas:
        return begin
    result = commas[-1] + 1
    if cut < 0 and floor > 0:
        return result  # right after an earlier figure: its tail is no list item
    for k in range(len(commas) - 1, max(-1, len(commas) - 4), -1):
        chunk_start = commas[k - 1] + 1 if k > 0 else begin
        chunk = text[chunk_start:commas[k]]
        words = chunk.split()
        if (not words or len(words) > 6 or any(ch.isdigit() for ch in chunk)
                or _INTRO_RE.match(chunk.strip()) or _NO_MERGE_RE.search(chunk)):
            break
        result = chunk_start
    return result


# Clause chunks that are not items of a list: "của tỉnh Thanh Hóa", "Tổng Bí thư khẳng định".
_NO_MERGE_RE = re.compile(
    r"^\s*(?:của|tại|ở|cho|với|để|đối với|theo|từ|trên|trong)\b|khẳng định|nhấn mạnh|cho biết|"
    r"nêu rõ|phát biểu|cho rằng",
    re.IGNORECASE,
)


def _strip_subject(text: str, begin: int, end: int, mentions: list[tuple[int, int]]) -> str:
    """The words of ``text[begin:end]`` after the body that is the subject
    ("Đảng bộ Khối có" -> "có") and clause openers ("trong đó có")."""
    for ms, me in mentions:
        if begin <= ms < end and me <= end:
            begin = me
    chunk = text[begin:end].strip(" ,")
    said = list(_SAID_RE.finditer(chunk))
    if said:  # "Bí thư Thành ủy … cho biết tỉ lệ …"
        chunk = chunk[said[-1].end():]
    chunk = _PERSON_SUBJECT_RE.sub("", chunk)
    for _ in range(2):
        while True:
            m = _OPENER_RE.match(chunk)
            if not m or not m.group():
                break
            chunk = chunk[m.end():]
        chunk = _BODY_SUBJECT_RE.sub("", chunk, count=1).strip(" ,")
    return chunk.strip(" ,")


_PERSON_SUBJECT_RE = re.compile(r"^(?:ông|bà|anh|chị)\s+(?:[A-ZĐÂĂÊÔƠƯ]\w*\s+)+")
_SAID_RE = re.compile(r"\b(?:cho biết|khẳng định|nhấn mạnh|nêu rõ|thông tin|cho rằng|gợi ý|cho hay|cho thấy)"
                      r"(?: rằng)?\s*[:,]?\s*", re.IGNORECASE)
_OPENER_RE = re.compile(
    r"(?:trong đó có|trong đó|cụ thể là|cụ thể|ngoài ra|đồng thời|đã được|đã|được|đều|cũng|"
    r"vẫn|luôn|trên địa bàn|hiện nay|hiện|riêng)(?:\s+|[:,]\s*|$)",
    re.IGNORECASE,
)
_PREP_END_RE = re.compile(
    r"(?:^|\s)(?:dành cho|đối với|bên cạnh|cùng với|cho|với|tại|ở|trong|từ|của|về|tới|đến)\s*$",
    re.IGNORECASE)
_TENSE_RE = re.compile(r"(?:^|\s)(?:đã|sẽ|đang|vừa)\s+", re.IGNORECASE)
_QUANTIFIER_END_RE = re.compile(r"\s*\b(?:toàn bộ|tất cả|các|những|nhiều)$", re.IGNORECASE)


def _clean_measure(words: str) -> str:
    words = re.sub(r"\s*\([^()]*\)", "", words)
    words = re.sub(r"\s+", " ", words).strip(" ,:;")
    words = re.sub(r"(?:^|\s)(?:đã được|đã|được|đều|cũng)(?=\s|$)", "", words).strip()
    words = re.sub(r"\s*\b(?:(?:đến|từ|trong|đầu|cuối)\s+)?(?:năm|quý)\s+"
                   r"(?:I{1,3}|IV|(?:19|20)\d\d)(?:/\d{4})?\b", "", words).strip()
    words = re.sub(r"^(?:và|hoặc|còn|là)\s+", "", words)
    words = re.sub(r"\s+(?:từ|tới)\s+[\d.,]+(?=\s|$)", "", words)  # "giảm từ 401 xuống còn"
    first = words.split(" ", 2)
    # "Tổng doanh thu" -> "tổng doanh thu"; "Hà Nội", "TCCSĐ" keep their capitals
    if first and first[0][:1].isupper() and first[0][1:].islower() and (
            len(first) == 1 or not first[1][:1].isupper()):
        words = words[0].lower() + words[1:]
    return words


def _measure(c: _Candidate, verb: str) -> str:
    """A short Vietnamese label of what the figure measures, from the words
    before the number (``verb``, subject already dropped) and after it."""
    np = c.np_text
    base_unit = (c.unit or "").split("/")[0]
    if base_unit in AMOUNT_UNITS or not c.unit:  # "3,2 tỷ đồng ngân sách" -> "ngân sách"
        np = np[len(c.unit_text):].strip()
    if c.qualifier == "đạt":
        link, head = "đạt", verb
    else:
        link_m = _LINK_RE.search(verb)
        link = link_m.group(1).lower() if link_m else None
        head = verb[:link_m.start(1)].strip() if link_m else verb
    # "tốc độ tăng trưởng đạt 6,45%" names the measure before the number;
    # "giảm 10% biên chế" after it, like a count.
    amount = base_unit in AMOUNT_UNITS or not c.unit
    tense = list(_TENSE_RE.finditer(head))
    if amount and not link and tense and head[tense[-1].end():].strip() and \
            not (base_unit == "%" and np):
        # "Văn phòng HĐND tỉnh … đã sử dụng tới 3,2 tỷ đồng ngân sách"
        verb = re.sub(r"\s+(?:tới|đến|hết)$", "", head[tense[-1].end():].strip())
        return _clean_measure(f"{verb} {np}" if np and base_unit != "%" else verb)
    if (amount and not (base_unit == "%" and np and not link)) or not c.unit:
        subject = head
        money = list(re.finditer(r"\b(?:số tiền|khoản)\b", subject))
        if money:
            subject = subject[money[-1].start():]
        inner = re.search(r"(?:^|\s)(?:có|là|gồm|với)\s+(?!.*\s(?:có|là|gồm|với)\s)(?=[a-zđà-ỹ])",
                          subject)
        if inner:
            subject = subject[inner.end():]
        subject = re.split(r"\s+(?:của|đối với|từ|tại|trên địa bàn|trong (?:năm|quý|tháng|thời|"
                           r"giai|nhiệm|đó))\s+", subject, maxsplit=1)[0]
        if subject and not _PREP_END_RE.search(subject):
            return _clean_measure(subject)
        return _clean_measure(np)
    # Counted things.
    if link:
        if (link in _EXISTENTIAL and not re.match(r"(?:tổng số|số lượng|số)\s", head.lower())) \
                or not _clean_measure(head):
            return _clean_measure(np)
        return _clean_measure(re.split(r"\s+của\s+", head, maxsplit=1)[0])
    if re.search(r"\s(?:và|hoặc)$", verb):
        # "thi hành kỷ luật một tổ chức đảng và 6 đảng viên"
        conj = re.search(r".*\s((?:một|hai|ba|bốn|các|những|nhiều)\s[^,]*\s(?:và|hoặc))$", verb)
        prep = list(re.finditer(r"\s(?:với|cho|đối với|tại)\s", verb))
        if conj:
            verb = verb[:conj.start(1)].strip()
        else:  # "làm việc với Ban Thường vụ … và 6 tổ chức Đảng"
            verb = verb[:prep[-1].end()].strip() if prep else ""
    tense = list(_TENSE_RE.finditer(verb))
    if tense:
        verb = verb[tense[-1].end():]
    if len(verb.split()) > 4 and " và " in verb:
        verb = verb.rsplit(" và ", 1)[1]
    if not verb or len(verb.split()) > 10:
        return _clean_measure(np)
    prep = _PREP_END_RE.search(verb)
    if prep:
        rest = verb[:prep.start()].strip()
        if not rest or re.search(r"[“”\"\d]", rest) or len(rest.split()) > 6:
            return _clean_measure(np)
    rate = re.search(r"(?:tỷ|tỉ) lệ$", verb)
    if rate and base_unit == "%" and np:  # "với tỷ lệ 100% nhất trí"
        return _clean_measure(f"{rate.group()} {np}")
    if _QUANTITY_NOUN_RE.search(verb) and c.unit == "người":
        return _clean_measure(verb)
    if len(verb.split()) > 4 and " và " in verb:
        verb = verb.rsplit(" và ", 1)[1]
    verb = _QUANTIFIER_END_RE.sub("", _clean_measure(verb))
    if not verb:
        return _clean_measure(np)
    if re.search(r"(?:^|\s)mới$", verb):
        verb = verb[: -len("mới")].strip()
        if not re.search(r"(?:^|\s)mới(?:\s|$)", np):
            # after the counted noun and its modifiers, before "trong ...", "là ..."
            cut = re.search(r"\s(?:trong|là|của|tại|ở|thuộc)\s", np)
            at = cut.start() if cut else len(np)
            np = np[:at] + " mới" + np[at:]
    return _clean_measure(f"{verb} {np}")


def _body(text: str, mentions: list[Mention], before: int, floor: int) -> str | None:
    """The organisation a figure is about: the nearest one before it that is a
    subject (not "của Tỉnh ủy", "về Đảng"), else the sentence's first subject,
    else the first one that is not a topic ("nhận thức về Đảng")."""
    orgs = [m for m in mentions if m.type == "Organization" and m.entity]
    oblique = {id(m) for m in orgs if _OBLIQUE_RE.search(text[max(floor, m.start - 10):m.start])}
    for m in reversed([m for m in orgs if m.end <= before]):
        if id(m) not in oblique:
            return m.entity
    for m in orgs:
        if id(m) not in oblique:
            return m.entity
    for m in orgs:
        if not _TOPIC_RE.search(text[max(floor, m.start - 10):m.start]):
            return m.entity
    return None


_OBLIQUE_RE = re.compile(r"(?:của|theo|đối với|cho|với|được|về)\s+$")
_TOPIC_RE = re.compile(r"(?:về|của|theo)\s+$")
# Sentences that go on with the previous one's subject: "Cụ thể đã … kết nạp được 333 …"
_CONTINUES_RE = re.compile(r"(?:Cụ thể|Trong đó|Qua đó|Đồng thời|Ngoài ra|Bên cạnh đó|Riêng)\b")


def extract_figures(
    text: str,
    sentences: list[Sentence],
    mentions: list[Mention],
    *,
    article_year: int | None,
) -> list[Figure]:
    """The reported quantities of an article, sentence by sentence.

    ``text`` is the article text that the sentences' and mentions' offsets
    index; ``mentions`` are all the article's mentions (``.sentence`` is the
    index into ``sentences``). The period is the nearest period the sentence
    names before the figure ("năm 2023", "quý I/2024" -> ``2024-Q1``,
    "Tính đến ngày 20/12/2023" -> ``2023-12-20``; a year right after the
    counted noun wins), else the nearest one earlier in the same paragraph,
    else ``article_year``, else the nearest one earlier in the article. A
    quarter without a year ("Quý I, ...") takes the year the same way.

    The body is the nearest Organization mention with an entity before the
    number that is a subject (not "của Tỉnh ủy", "được BTV … quan tâm",
    "về Đảng"), else the sentence's first such subject; a sentence opening
    with "Cụ thể", "Trong đó", "Đồng thời" … takes the previous sentence's
    body; otherwise None (the caller may fall back to the article's body).

    The measure is a short label built from the words before the number (the
    subject of "đạt", "là", "chiếm" …, or the verb: "kết nạp", "khen thưởng")
    and the counted noun phrase after it; list items ("07 tập thể, 10 cá
    nhân") share the verb and the body of the first item.

    Figures are :class:`ReportedFigure` objects; ``share_of_total`` holds
    "chiếm 95,30%".

    >>> s = "Trong năm, Đảng bộ kết nạp mới 111 đảng viên, đạt 111% so chỉ tiêu kế hoạch năm."
    >>> [f] = extract_figures(s, [Sentence(0, len(s), s)], [], article_year=2023)
    >>> f.measure, f.value, f.unit, f.share_of_plan, f.period
    ('kết nạp đảng viên mới', '111', 'đảng viên', '111', '2023')
    >>> s = "Ngày 5/12/2023, Tỉnh ủy ban hành Nghị quyết số 23-NQ/TU, nhiệm kỳ 2020-2025."
    >>> extract_figures(s, [Sentence(0, len(s), s)], [], article_year=2023)
    []
    """
    figures: list[Figure] = []
    periods_all = _periods(text)
    by_sentence: dict[int, list[Mention]] = {}
    for m in mentions:
        if m.rule != "org-parent":  # a body's name inside its sub-body's: the sub-body is the subject
            by_sentence.setdefault(m.sentence, []).append(m)
    for index, sent in enumerate(sentences):
        found = _sentence_figures(text, index, sent, by_sentence.get(index, []),
                                  periods_all, article_year)
        if found and index > 0 and _CONTINUES_RE.match(sent.text) \
                and "\n" not in text[sentences[index - 1].end:sent.start]:
            prev = sentences[index - 1]
            inherited = _body(text, by_sentence.get(index - 1, []), prev.end, prev.start)
            for fig in found:
                if fig.body is None:
                    fig.body = inherited
        figures.extend(found)
    return figures


def _context_period(text: str, sent: Sentence, periods_all: list[_Period],
                    article_year: int | None) -> str | None:
    para_start = text.rfind("\n", 0, sent.start) + 1
    earlier = [p for p in periods_all if p.end <= sent.start and not p.value.startswith("Q")]
    in_para = [p for p in earlier if p.start >= para_start]
    if in_para:
        return in_para[-1].value
    if article_year is not None:
        return str(article_year)
    return earlier[-1].value if earlier else None


def _sentence_figures(text: str, index: int, sent: Sentence, mentions: list[Mention],
                      periods_all: list[_Period], article_year: int | None) -> list[Figure]:
    s = sent.text
    base = sent.start
    cands = _candidates(s)
    if not cands:
        return []
    local_periods = _periods(s)
    mention_spans = sorted((m.start - base, m.end - base) for m in mentions
                           if m.type in ("Organization", "Place", "Person"))
    context_period = None  # computed lazily

    out: list[Figure] = []
    consumed_until = 0  # local offset: text up to here belongs to earlier figures
    prev: ReportedFigure | None = None
    lead = ""  # the verb phrase list items share: "khen thưởng 07 tập thể, 10 cá nhân"
    for c in cands:
        if c.num_start < consumed_until:
            continue
        begin = _clause_context(s, c.start, consumed_until)
        verb = _strip_subject(s, begin, c.start, mention_spans)
        gap = s[consumed_until:c.start] if prev is not None else None
        breakdown = gap is not None and re.fullmatch(r"[\s,;:(]*trong đó(?: có)?[\s:]*", gap)
        continued = gap is not None and not breakdown and (
            re.fullmatch(r"[\s,;]*(?:(?:và|hoặc)\s*)?", gap) is not None
            or re.fullmatch(r"\s*(?:cho|tại|về|với|của|trong|ở)\s[^,;:()]*,\s*(?:và\s*)?", gap) is not None
            or re.fullmatch(r"(?:và|hoặc)|.*\s(?:và|hoặc)", verb) is not None)
        after_prev = prev is not None and begin <= consumed_until + 2
        if breakdown:
            verb = ""  # "trong đó có 16 TCCSĐ hoàn thành xuất sắc nhiệm vụ"
        elif continued:
            verb = "" if c.unit == "%" and c.np_text.strip("% ") else lead
        elif not _PREP_END_RE.search(verb):
            lead = verb
        opener = s[begin - 1:begin] if begin > 0 else ""
        tail = s[consumed_until:max(begin - 1, consumed_until)].strip(" ,")
        # "9 đầu mối phòng, ban (11,8%)": the bracket still belongs to the figure
        adjacent = prev is not None and (not tail or (len(tail.split()) <= 2 and not re.search(r"\d", tail)))
        if not verb and not breakdown and not continued and opener in (":", "(") and not (
                opener == "(" and adjacent):
            # "Biên chế dôi dư: 5.453 người"; "tỷ lệ phiếu rất cao (trên 90%)"
            label_start = _clause_context(s, begin - 1, consumed_until)
            label = _strip_subject(s, label_start, begin - 1, mention_spans)
            if label and len(label.split()) <= 8:
                verb = label if _LINK_RE.search(label) or opener == "(" else label + " là"
        change = re.fullmatch(r"(tăng|giảm)(?: thêm)?", verb, re.IGNORECASE)
        same_unit = prev is not None and (prev.unit or "") == (c.unit or "")
        compared = re.match(r"\s*so\s", s[c.end:]) is not None
        if prev is not None and change and after_prev and same_unit and (
                compared or re.fullmatch(r"\s*,\s*", s[consumed_until:begin] + " ")):
            # "ước đạt 32,4 tỷ đồng, tăng 2,3 tỷ đồng so với năm 2015"
            since = re.match(r"\s*(so\s+(?:với\s+)?[^,;.()]*)", s[c.end:])
            measure = f"{prev.measure} ({change.group(1).lower()}"
            measure += f" {since.group(1).strip()})" if since else ")"
        elif prev is not None and not verb and opener == "(" and adjacent and \
                c.unit.split("/")[0] in AMOUNT_UNITS:
            if c.unit == "%":  # "giảm được 9 đầu mối phòng, ban (11,8%)"
                if prev.unit != "%" and prev.share_of_total is None and c.qualifier is None:
                    prev.share_of_total = decimal_str(c.value)
                    consumed_until = c.end
                continue
            measure = f"{prev.measure} (giá trị)"  # "1 giải Đặc biệt (100 triệu đồng)"
        else:
            measure = _measure(c, verb)
        if not measure or (measure == c.unit and c.unit.split("/")[0] in AMOUNT_UNITS):
            continue  # nothing says what the number measures
        # period
        period = None
        if c.np_period:
            period = c.np_period
        else:
            before = [p for p in local_periods if p.end <= c.num_start]
            if before:
                period = before[-1].value
        if period is None or period.startswith("Q"):
            if context_period is None:
                context_period = _context_period(text, sent, periods_all, article_year) or ""
            year = None
            if period and period.startswith("Q"):
                years = [p.value[:4] for p in local_periods if p.value[:1].isdigit()]
                year = years[0] if years else (context_period[:4] or None)
                period = _with_year(period, year)
            else:
                period = context_period or None
        body = (prev.body if continued and prev is not None else
                _body(text, mentions, base + c.start, base))
        fig = ReportedFigure(
            start=base + c.start, end=base + c.end, sentence=index, measure=measure,
            value=decimal_str(c.value), unit=c.unit or None, body=body, period=period,
            qualifier=c.qualifier,
            denominator=decimal_str(c.denominator) if c.denominator is not None else None,
            text=s[c.start:c.end],
        )
        out.append(fig)
        pos = max(c.np_end, c.end)
        consumed_until = pos
        prev = fig
        total = _TOTAL_AFTER_RE.match(s, pos)
        if total and fig.denominator is None:
            parsed = _parse_blob(total.group(1), "")
            if parsed is not None and parsed[1] is None and parsed[0] >= c.value:
                fig.denominator = decimal_str(parsed[0])
                pos = consumed_until = total.end()
        # shares and changes that follow: "đạt 111% so chỉ tiêu", "chiếm 95,30%"
        while True:
            m = _SHARE_RE.match(s, pos)
            if not m or (m.group("verb") == "" and not s[pos:m.start("num")].strip().startswith("(")):
                break
            verb = m.group("verb")
            parsed = _parse_blob(m.group("num"), "%")
            if parsed is None:
                break
            pct = decimal_str(parsed[0])
            target = (m.group("target") or "").strip()
            if verb in ("tăng", "giảm") and not re.match(r"\s*so\b", m.group("tail") or ""):
                break  # "tăng 61% tổ chức và 16% số đảng viên": a count of its own
            tail_end = m.end() if target else m.end("pct")
            if s[tail_end - 1:tail_end] != ")" and s[tail_end:tail_end + 1] == ")":
                tail_end += 1
            if verb in ("đạt", "bằng") and _PLAN_RE.search(target) and fig.share_of_plan is None \
                    and fig.unit != "%":
                fig.share_of_plan = pct
            elif verb in ("chiếm", "") and fig.share_of_total is None and fig.unit != "%":
                fig.share_of_total = pct
            elif verb in ("đạt", "bằng", "tăng", "giảm") and target:
                change = {"tăng": "tăng ", "giảm": "giảm "}.get(verb, "")
                what = re.sub(r"\s+", " ", target)
                extra_start = m.start("qual") if m.group("qual") else m.start("num")
                extra = ReportedFigure(
                    start=base + extra_start, end=base + m.end("pct"), sentence=index,
                    measure=f"{fig.measure} ({change}so với {what})", value=pct, unit="%",
                    body=fig.body, period=fig.period,
                    qualifier=(m.group("qual") or "").strip() or None,
                    text=s[extra_start:m.end("pct")],
                )
                out.append(extra)
            else:
                break
            pos = tail_end
            consumed_until = pos
    return out


# --- RDF and CSV -----------------------------------------------------------

#: Columns of ``figures.csv``, in order.
FIGURE_COLUMNS = (
    "article", "sentence_start", "sentence_end", "sentence_text", "body", "body_label",
    "measure", "value", "unit", "period", "qualifier", "share_of_plan", "share_of_total",
    "denominator", "start", "end", "text",
)


def figures_to_rows(
    figures: Iterable[Figure],
    *,
    article: str,
    sentences: list[Sentence],
    labels: Mapping[str, str] | None = None,
) -> list[dict]:
    """Rows for ``figures.csv`` (keys :data:`FIGURE_COLUMNS`; missing values "").

    ``labels`` maps body IRIs to their labels.

    >>> s = Sentence(0, 20, "có 81 TCCSĐ vững mạnh")
    >>> f = ReportedFigure(3, 11, 0, "TCCSĐ vững mạnh", "81", "tổ chức cơ sở đảng", body="kgid:x")
    >>> row = figures_to_rows([f], article="000", sentences=[s], labels={"kgid:x": "Đảng bộ Khối"})[0]
    >>> row["body_label"], row["value"], row["share_of_total"], row["sentence_text"]
    ('Đảng bộ Khối', '81', '', 'có 81 TCCSĐ vững mạnh')
    """
    labels = labels or {}
    rows = []
    for f in figures:
        sent = sentences[f.sentence] if 0 <= f.sentence < len(sentences) else None
        row = {
            "article": article,
            "sentence_start": sent.start if sent else "",
            "sentence_end": sent.end if sent else "",
            "sentence_text": sent.text if sent else "",
            "body": f.body or "",
            "body_label": labels.get(f.body, "") if f.body else "",
            "measure": f.measure,
            "value": f.value,
            "unit": f.unit or "",
            "period": f.period or "",
            "qualifier": f.qualifier or "",
            "share_of_plan": f.share_of_plan or "",
            "share_of_total": getattr(f, "share_of_total", None) or "",
            "denominator": f.denominator or "",
            "start": f.start,
            "end": f.end,
            "text": f.text,
        }
        rows.append(row)
    return rows
