"""Documents: numbered Party and state documents, named ones, quoted works.

A document number is a grammar: NUMBER-TYPE/ISSUER for Party documents
(23-NQ/TU, 135-CTr/TU, 01-KL/TW, 776-QĐ/TU) and NUMBER/YEAR/TYPE-ISSUER for
state ones (13/2023/NĐ-CP). The type code gives the class, the issuer code a
scope; a short reference ("Nghị quyết 23") resolves to the full number later.

>>> parse_number("23-NQ/TU")
{'number': '23', 'type_code': 'NQ', 'issuer_code': 'TU', 'year': None}
>>> parse_number("13/2023/NĐ-CP")
{'number': '13', 'type_code': 'NĐ', 'issuer_code': 'CP', 'year': '2023'}
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from graph.analyse.recognise.base import UPPER_CLASS, emit, folded_text
from graph.model import DocumentNumber

#: Type words -> ontology class, longest first.
TYPE_WORDS = {
    "Chương trình hành động": "ActionProgramme",
    "Nghị quyết liên tịch": "Resolution",
    "Nghị quyết": "Resolution",
    "Chỉ thị": "Directive",
    "Kết luận": "Conclusion",
    "Quy định": "Regulation",
    "Quyết định": "Decision",
    "Kế hoạch": "Plan",
    "Hướng dẫn": "Guidance",
    "Thông báo": "Notice",
    "Thông tri": "Notice",
    "Báo cáo": "Report",
    "Tờ trình": "Proposal",
    "Công văn": "OfficialLetter",
    "Công điện": "OfficialLetter",
    "Thông tư": "Circular",
    "Nghị định": "Decree",
    "Đề án": "Scheme",
    "Quy chế": "Regulation",
    "Chương trình": "ActionProgramme",
    "Luật": "Law",
    "Pháp lệnh": "Law",
}
#: Type codes in numbers -> ontology class.
TYPE_CODES = {
    "NQ": "Resolution", "NQLT": "Resolution", "CT": "Directive", "KL": "Conclusion",
    "QĐ": "Decision", "QĐi": "Regulation", "KH": "Plan", "HD": "Guidance", "TB": "Notice",
    "BC": "Report", "TTr": "Proposal", "CTr": "ActionProgramme", "CV": "OfficialLetter",
    "NĐ": "Decree", "TT": "Circular", "ĐA": "Scheme", "QC": "Regulation", "CĐ": "OfficialLetter",
    "TT-BNV": "Circular", "UBTVQH": "Resolution",
}
_TYPES = "|".join(sorted(map(re.escape, TYPE_WORDS), key=len, reverse=True))
# Lower-case type words only with "số" ("nghị quyết số 23"); never "luật": "kỷ luật 7 cán bộ".
_LOWER_TYPES = "|".join(
    sorted((re.escape(t[0].lower() + t[1:]) for t in TYPE_WORDS if t not in ("Luật", "Pháp lệnh")),
           key=len, reverse=True)
)
_CODE = r"[A-ZĐ][A-Za-zĐđ]*"
NUMBER_RE = re.compile(
    rf"(?P<number>\d{{1,5}})(?:/(?P<year>(?:19|20)\d\d))?"
    rf"(?:[-/](?P<type>{_CODE})(?:[-/](?P<issuer>{_CODE}(?:-{_CODE})*))?)"
)
DOC_RE = re.compile(
    rf"(?<!\w)(?:(?P<type>{_TYPES})(?:\s+số)?|(?P<ltype>{_LOWER_TYPES})\s+số)\s+(?P<num>\d{{1,5}}(?:/(?:19|20)\d\d)?"
    rf"(?:\s?[-–/]\s?{_CODE}(?:[-/]{_CODE}(?:-{_CODE})*)?)?)(?![\w/-])"
)
# "Nghị quyết Đại hội ...", "Nghị quyết Trung ương 4 khóa XII", "Nghị quyết Hội nghị Trung ương ..."
_ROMAN = r"[IVXL]{1,6}"
CONGRESS_DOC_RE = re.compile(
    rf"(?<!\w)(?P<type>Nghị quyết|Văn kiện|Báo cáo chính trị)\s+(?P<event>Đại hội(?:\s+(?:đại biểu\s+)?"
    rf"toàn quốc)?(?:\s+{_ROMAN}(?!\w))?(?:\s+(?:Đảng bộ|đảng bộ|Đảng|Chi bộ)(?:\s+(?:[Kk]hối"
    rf"(?:\s+(?:[Cc]ác\s+)?cơ quan(?:\s+và\s+doanh nghiệp)?)?|tỉnh|thành phố|huyện|các cấp|"
    rf"{UPPER_CLASS}\w*(?:\s+{UPPER_CLASS}\w*)*))*)?(?:\s+(?:toàn quốc\s+)?lần thứ\s+(?:{_ROMAN}|\d+))?)"
    rf"|(?<!\w)(?P<type2>Nghị quyết)\s+(?P<tw>(?:Hội nghị\s+)?Trung ương\s+(?:\d+|{_ROMAN})(?:\s+\(?kh[oó]a\s+{_ROMAN}\)?)?)"
)
NAMED_DOC_RE = re.compile(
    rf"(?<!\w)(?:Điều lệ (?:Đảng(?:\s+Cộng sản Việt Nam)?|Mặt trận Tổ quốc Việt Nam|Đoàn(?:\s+{UPPER_CLASS}\w*)*|Hội(?:\s+{UPPER_CLASS}\w*)+|Công đoàn Việt Nam)|Hiến pháp(?:\s+năm\s+\d{{4}})?|"
    rf"Cương lĩnh xây dựng đất nước(?:\s+trong thời kỳ quá độ lên chủ nghĩa xã hội)?)"
)
# "Luật Thực hiện dân chủ ở cơ sở", "Luật Cán bộ, công chức"
LAW_RE = re.compile(
    rf"(?<!\w)(?<!Pháp )(?P<type>Luật|Bộ luật|Pháp lệnh)\s+(?P<name>{UPPER_CLASS}\w*(?:,?\s+(?!(?:của|năm|số|đã|được|và|với|về|theo|trong|thì|sẽ|để|cho|Luật)\b)[\wÀ-ỹ]+){{0,8}})"
)
_LAW_STOP = re.compile(r"\s+(?:năm|số\s+\d|của|đã|được|và|với|về|theo|trong|sẽ|để|cho|mới|hiện hành|sửa đổi)\b.*$")
# Quoted works: tác phẩm “…”, Kế hoạch “…”, cuốn sách “…”
WORK_RE = re.compile(
    r"(?P<trigger>(?<!\w)(?:tác phẩm|cuốn sách|bài viết|bài báo|Kế hoạch|kế hoạch|Đề án|đề án))"
    r"(?:\s+(?:của\s+)?[^“”\"\n.;,]{0,40}?)?\s*[“\"](?P<title>[^”\"\n]{3,300})[”\"]"
)


# A bare type word that refers back to the article's document of that type:
# "Quyết tâm thực hiện thắng lợi Nghị quyết, …" after "Nghị quyết số 23-NQ/TU".
ANAPHOR_RE = re.compile(
    # only after a verb or preposition that makes it definite ("thực hiện Nghị quyết"),
    # not "các Chương trình hành động, kế hoạch và Nghị quyết" (documents in general)
    r"(?<!\w)(?:thực hiện|triển khai|quán triệt|thắng lợi|cụ thể hóa|theo|tại|hiện)\s+"
    r"(?P<type>Nghị quyết|Chỉ thị|Kết luận|Quy định|Chương trình hành động|Kế hoạch|Đề án)"
    r"(?!\s+(?:số|\d|Đại hội|Trung ương|Hội nghị|liên tịch|của\s+(?:Ban|Bộ|Tỉnh|Thành|Huyện|Đảng|Trung)|[“\"A-ZĐ]))(?![\w/-])"
)


def parse_number(text: str) -> dict | None:
    """Number, type code, issuer code and year of a document number."""
    m = NUMBER_RE.fullmatch(text)
    if not m:
        return None
    return {
        "number": m.group("number").lstrip("0") or "0",
        "type_code": m.group("type"),
        "issuer_code": m.group("issuer"),
        "year": m.group("year"),
    }


@Language.factory("kg_document_recognizer", default_config={})
def make_document_recognizer(nlp: Language, name: str):
    return DocumentRecognizer()


class DocumentRecognizer:
    def __call__(self, doc: Doc) -> Doc:
        text = folded_text(doc)
        for m in DOC_RE.finditer(text):
            type_word = m.group("type") or m.group("ltype")
            type_word = type_word[0].upper() + type_word[1:]
            num = re.sub(r"\s*[-–]\s*", "-", m.group("num"))  # "40 – CT/TW" -> "40-CT/TW"
            parts = parse_number(num) or {"number": num.lstrip("0") or "0", "type_code": None,
                                           "issuer_code": None, "year": None}
            subtype = TYPE_CODES.get(parts["type_code"] or "", TYPE_WORDS.get(type_word, None))
            if type_word == "Quy định":
                subtype = "Regulation"
            emit(doc, m.start(), m.end(), "Document", "document-number", subtype,
                 type_word=type_word, number=DocumentNumber(**parts, text=num))
        for m in ANAPHOR_RE.finditer(text):
            emit(doc, m.start("type"), m.end("type"), "Document", "document-anaphor",
                 TYPE_WORDS[m.group("type")], type_word=m.group("type"), anaphor=True)
        for m in CONGRESS_DOC_RE.finditer(text):
            emit(doc, m.start(), m.end(), "Document", "document-congress", "Resolution")
        for m in NAMED_DOC_RE.finditer(text):
            sub = "Charter" if m.group().startswith("Điều lệ") else "Law"
            emit(doc, m.start(), m.end(), "Document", "document-named", sub)
        for m in LAW_RE.finditer(text):
            name = _LAW_STOP.sub("", m.group("name")).rstrip(" ,")
            if len(name.split()) >= 1:
                emit(doc, m.start(), m.start("name") + len(name), "Document", "document-law", "Law")
        for m in WORK_RE.finditer(text):
            trigger = m.group("trigger").casefold()
            sub = "Work" if trigger in ("tác phẩm", "cuốn sách", "bài viết", "bài báo") else None
            if sub is None:
                sub = TYPE_WORDS.get(m.group("trigger")[0].upper() + m.group("trigger")[1:], "Plan")
            emit(doc, m.start("title"), m.end("title"), "Document", "document-quoted", sub,
                 quoted=True)
        return doc
