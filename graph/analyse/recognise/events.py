"""Events: named or dated congresses, conferences, meetings and elections.

"Đại hội Đảng bộ Khối lần thứ VI", "Hội nghị tổng kết công tác xây dựng Đảng
năm 2023 và triển khai nhiệm vụ năm 2024", "bầu cử đại biểu Quốc hội và HĐND
các cấp, nhiệm kỳ 2016-2021". A "3 hội nghị" is a count, not an event.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from graph.analyse.recognise.base import UPPER_CLASS, emit, folded_text

_ROMAN = r"[IVXL]{1,6}"
_ORGISH = (
    rf"(?:Đảng bộ|đảng bộ|Đảng|Chi bộ|Đoàn|Hội|Công đoàn|Mặt trận)(?:\s+(?:[Kk]hối(?:\s+(?:[Cc]ác\s+)?"
    rf"[Cc]ơ quan(?:\s+và\s+doanh nghiệp)?|\s+[Dd]oanh nghiệp)?|tỉnh|[Tt]hành phố|huyện|xã|phường|"
    rf"TP\.\s?{UPPER_CLASS}\w*|TPHCM|TP|{UPPER_CLASS}\w*))*"
)
CONGRESS_RE = re.compile(
    rf"(?<!\w)Đại hội(?:\s+[Đđ]ại biểu)?(?:\s+toàn quốc)?(?:\s+(?P<roman>{_ROMAN})(?!\w))?"
    rf"(?:\s+(?P<org>{_ORGISH}))?(?:\s+(?:toàn quốc\s+)?(?P<nth>lần thứ\s+(?:{_ROMAN}|\d+)))?"
    rf"(?:\s+(?P<tw>của Đảng))?"
)
# descriptor words that make a conference a named one
_CONF_KIND = (
    r"(?:tổng kết|sơ kết|triển khai|quán triệt|học tập|lần thứ|Ban Chấp hành|BCH|Trung ương|"
    r"toàn quốc|trực tuyến|báo cáo viên|cán bộ|chuyên đề|giữa nhiệm kỳ|đánh giá|công bố|"
    r"thông tin|kiểm điểm|xúc tiến|đại biểu|kỷ niệm|mừng|nghiên cứu|tuyên truyền|giao ban)"
)
CONFERENCE_RE = re.compile(
    rf"(?<!\w)(?P<head>[Hh]ội nghị|Kỳ họp|kỳ họp|Hội thảo|hội thảo|Lễ kỷ niệm|lễ kỷ niệm|Phiên họp|Gặp mặt|Lễ)"
    rf"\s+(?P<desc>{_CONF_KIND}?[^\n.;:!?()“”\"]{{0,160}})"
)
_DESC_STOP = re.compile(
    r"(?:^|\s+)(?:do|tại|với|vào|nhằm|để|được|đã|sẽ|đang|cho|nhằm|theo|trong đó|qua đó|dưới sự|họp|ngày|vừa qua|"
    r"hôm nay|khai mạc|bế mạc|diễn ra|hồi|thông qua|biểu quyết|là|có|này)(?:\s.*)?$"
    r"|,.*$"
)
_COUNCIL = r"(?:Quốc hội|HĐND|Hội đồng nhân dân)(?:\s+(?:khóa\s+[IVXL]+|các cấp|tỉnh|thành phố|huyện|xã|phường|thị xã|quận|TP|[A-ZĐ]\w*))*"
ELECTION_RE = re.compile(
    rf"(?<!\w)[Bb]ầu cử đại biểu {_COUNCIL}(?:\s*(?:,|và)\s*(?:đại biểu\s+)?{_COUNCIL})*"
    r"(?:,?\s*nhiệm kỳ\s+\d{4}\s*[-–]\s*\d{4})?"
)
# "Hội nghị nghiên cứu, học tập, quán triệt …": a comma between such verbs is inside the name
_VERB_LIST_COMMA = re.compile(
    r",(?=\s*(?:nghiên cứu|học tập|quán triệt|triển khai|tuyên truyền|sơ kết|tổng kết|đánh giá)\b)")


@Language.factory("kg_event_recognizer", default_config={})
def make_event_recognizer(nlp: Language, name: str):
    return EventRecognizer()


class EventRecognizer:
    def __call__(self, doc: Doc) -> Doc:
        text = folded_text(doc)
        for m in CONGRESS_RE.finditer(text):
            if not (m.group("roman") or m.group("org") or m.group("nth") or "toàn quốc" in m.group()):
                continue
            org = m.group("org") or ""
            if org and not (m.group("roman") or m.group("nth")) and (
                    org.startswith("đảng bộ") or len(org.split()) < 2):
                continue  # "Đại hội Đảng", "Đại hội Đoàn": which one?
            end = m.end("nth") if m.group("nth") else m.end()
            if m.group("tw") and not m.group("nth"):
                end = m.end()
            emit(doc, m.start(), end, "Event", "event-congress", "Congress")
        for m in CONFERENCE_RE.finditer(text):
            head = m.group("head")
            before = text[max(0, m.start() - 6) : m.start()]
            if re.search(r"\d\s*$", before):  # "3 hội nghị": a count
                continue
            raw = _VERB_LIST_COMMA.sub("\x00", m.group("desc"))  # same length, no comma
            desc = m.group("desc")[: len(_DESC_STOP.sub("", raw).rstrip())]
            named = re.search(r"năm\s+\d{4}|\d+\s+năm|lần thứ|Trung ương\s+\d|khóa\s+[IVXL]+|thứ\s+\w+", desc)
            # "… đã tổ chức hội nghị sơ kết …": an organised conference of a named kind
            organised = re.search(r"tổ chức\s*$", text[max(0, m.start() - 12) : m.start()])
            if not desc or not (named or ((head[0].isupper() or organised) and re.match(_CONF_KIND, desc)
                                          and len(desc.split()) >= 3)):
                continue  # "Lễ kỷ niệm", "Hội nghị trực tuyến": which one?
            sub = "Meeting" if head.casefold() in ("kỳ họp", "phiên họp") else "Conference"
            emit(doc, m.start(), m.start("desc") + len(desc), "Event", "event-conference", sub)
        for m in ELECTION_RE.finditer(text):
            emit(doc, m.start(), m.end(), "Event", "event-election", "Election")
        return doc
