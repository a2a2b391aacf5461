"""Campaigns: movements, models, contests, awards and yearly themes.

Known national movements are matched with their spelling variants; others are
the quoted name after a word that introduces one (phong trào, mô hình, chủ đề,
chuyên đề, cuộc vận động, cuộc thi …), and awards are "Giải …".
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from graph.analyse.recognise.base import UPPER_CLASS, emit, folded_text

_C = r"\s*,?\s*"
KNOWN = [
    (rf"[Hh]ọc tập và làm theo (?:tư tưởng{_C}đạo đức{_C}phong cách|tấm gương đạo đức|tấm gương)\s+Hồ Chí Minh", "Movement"),
    (r"[Tt]oàn dân đoàn kết xây dựng đời sống văn hóa(?: ở khu dân cư)?", "Movement"),
    (r"[Cc]ả nước chung tay vì người nghèo(?:\s*[-–,]\s*[Kk]hông để ai bị bỏ lại phía sau)?", "Movement"),
    (r"[Nn]gày vì người nghèo", "Movement"),
    (r"[Dd]ân vận khéo", "Movement"),
    (r"[Cc]hi bộ bốn tốt", "Model"),
    (r"[Đđ]ảng bộ cơ sở bốn tốt", "Model"),
    (r"Người Việt Nam ưu tiên dùng hàng Việt Nam", "Movement"),
    (r"[Tt]uổi trẻ sáng tạo", "Movement"),
    (r"Mùa hè xanh", "Movement"),
    (r"[Ss]áng kiến kinh nghiệm", None),
]
KNOWN_RE = [(re.compile(rf"(?<!\w){p}(?!\w)"), sub) for p, sub in KNOWN if sub]

TRIGGERS = {
    "phong trào": "Movement", "cuộc vận động": "Movement", "mô hình": "Model",
    "chủ đề": "Theme", "chuyên đề": "Theme", "cuộc thi": "Contest", "hội thi": "Contest",
    "giải thưởng": "Award",
    "chương trình": "Movement",
}
_TRIG = "|".join(sorted((re.escape(t) + "|" + re.escape(t.capitalize()) for t in TRIGGERS), key=len, reverse=True))
TRIGGER_RE = re.compile(rf"(?<!\w)(?P<trigger>{_TRIG})(?P<between>[^“”\"\n.;:!?]{{0,80}}?)\s*[“\"]")
QUOTE_RE = re.compile(r"[“\"](?P<title>[^”\"\n]{2,300})[”\"]")
_LIST_RE = re.compile(r"\s*(?:,|và|;)\s*[“\"](?P<title>[^”\"\n]{2,200})[”\"]")
# Theme titles are short: an unclosed quote ends at the first clause boundary.
_OPEN_QUOTE_RE = re.compile(r"[“\"](?P<title>[^”\"\n]{2,300}?)(?=,|;|\s+(?:để|nhằm|nhưng)\s|$)", re.M)
# "Giải Búa liềm vàng", "Giải báo chí về xây dựng Đảng tỉnh Kon Tum năm 2023",
# "Giải báo chí toàn quốc về xây dựng Đảng": a name, not "Giải thưởng thu hút …".
_AWARD_STOP = r"(?:là|gửi|nhằm|thu|đạt|của|do|đã|được|với|cho|tại|lần|và|ở|trong|vừa|sẽ|có|này|đó|năm)"
AWARD_RE = re.compile(
    r"(?<!\w)Giải\s+(?:[Bb]áo chí\s+|[Tt]hưởng\s+(?:[Bb]áo chí\s+)?)?(?P<name>"
    rf"(?:toàn quốc\s+|quốc gia\s+)?về\s+(?:xây dựng Đảng|công tác [a-zà-ỹđ]+)(?:\s+tỉnh\s+{UPPER_CLASS}\w*(?:\s+{UPPER_CLASS}\w*)*)?"
    r"|quốc gia|toàn quốc"
    rf"|['‘“\"]?{UPPER_CLASS}\w*(?:\s+(?!{_AWARD_STOP}\b)[a-zà-ỹđ]\w*){{0,3}}['’”\"]?)"
    r"(?:\s+năm\s+\d{4})?"
)
@Language.factory("kg_campaign_recognizer", default_config={})
def make_campaign_recognizer(nlp: Language, name: str):
    return CampaignRecognizer()


class CampaignRecognizer:
    def __call__(self, doc: Doc) -> Doc:
        text = folded_text(doc)
        for rx, sub in KNOWN_RE:
            for m in rx.finditer(text):
                emit(doc, m.start(), m.end(), "Campaign", "campaign-known", sub)
        for m in TRIGGER_RE.finditer(text):
            trigger = m.group("trigger").casefold()
            sub = TRIGGERS[trigger]
            q = QUOTE_RE.match(text, m.end() - 1)
            if q:
                end = q.end()
                emit(doc, q.start("title"), q.end("title"), "Campaign", "campaign-quoted", sub)
                # a list of quoted names after one trigger: mô hình “A”, “B”
                while (nxt := _LIST_RE.match(text, end)):
                    emit(doc, nxt.start("title"), nxt.end("title"), "Campaign", "campaign-quoted", sub)
                    end = nxt.end()
            elif trigger == "chủ đề":
                o = _OPEN_QUOTE_RE.match(text, m.end() - 1)
                if o and len(o.group("title").split()) >= 3:
                    emit(doc, o.start("title"), o.end("title"), "Campaign", "campaign-open-quote", sub)
        for m in AWARD_RE.finditer(text):
            emit(doc, m.start(), m.end(), "Campaign", "campaign-award", "Award")
        return doc
