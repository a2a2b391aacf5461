"""People: a surname and capitalised given names, without the title.

A three- or four-syllable name of known name syllables stands on its own
("Nguyễn Phú Trọng"); a two-syllable one ("Tô Lâm") needs a title or
"đồng chí"/"ông"/"bà" next to it. Bylines and photo credits come from the
reader.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from graph.lexicon import load
from graph.analyse.recognise.places import lookup
from graph.analyse.recognise.base import doc_text, doc_words, emit
from graph.text import norm_key

TITLE_RE = re.compile(
    r"(?:\b(?:[Đđ]ồng chí|[Ôô]ng|[Bb]à|[Aa]nh|[Cc]hị|Bí thư|Chủ tịch|Thủ tướng|Bộ trưởng|"
    r"Thứ trưởng|Trưởng [Bb]an|Giám đốc|Chánh án|Viện trưởng|[Đđ]ại tướng|Thượng tướng|"
    r"Trung tướng|Thiếu tướng|Đại tá|Thượng tá|Trung tá|Ủy viên|Chủ nhiệm|Tổng Thư ký|"
    r"Tổng [Bb]iên tập|Trưởng [Đđ]oàn|Chánh [Vv]ăn phòng|[Nn]hà báo|Tiến sĩ|GS|PGS|TS|ThS|"
    r"[Đđ]ại biểu|Trưởng|Phó|Tân|nguyên|Nguyên|Chủ tịch nước|Tổng Bí thư|Tổng Giám đốc)"
    r"\b)[^.;:!?]{0,80}$"
)
# Titles held at the national level: the person is one entity nationwide.
NATIONAL_TITLE_RE = re.compile(
    r"(?:Tổng Bí thư|Chủ tịch nước|Thủ tướng|Chủ tịch Quốc hội|Bộ Chính trị|Ban Bí thư|"
    r"Trung ương Đảng|Bộ trưởng|Thứ trưởng|Đại tướng|Thượng tướng|Phó Chủ tịch nước)[^.;:!?]{0,60}$"
)
NATIONAL_TITLE_AFTER_RE = re.compile(
    r"\s*[,–-]\s*(?:nguyên\s+)?(?:Tổng Bí thư|Chủ tịch nước|Thủ tướng|Chủ tịch Quốc hội|Ủy viên Bộ Chính trị|"
    r"Bí thư Trung ương|Phó Thủ tướng|Bộ trưởng|Phó Chủ tịch nước|Phó Chủ tịch Quốc hội)")
ADDRESS_RE = re.compile(r"(?:\b[Đđ]ồng chí|\b[Ôô]ng|\b[Bb]à|\bBí thư|\bChủ tịch|\bThủ tướng|\bBộ trưởng)\s+$")
FOLLOW_TITLE_RE = re.compile(
    r"^\s*(?:,|-|–|\()\s*(?:nguyên\s+)?(?:Ủy viên|Bí thư|Phó|Chủ tịch|Trưởng|Giám đốc|Bộ trưởng|"
    r"Thứ trưởng|Tổng|Chánh|Viện trưởng|Đại biểu|Thủ tướng|Chủ nhiệm|sinh năm|SN)"
)


@Language.factory("kg_person_recognizer", default_config={"max_given": 3})
def make_person_recognizer(nlp: Language, name: str, max_given: int):
    return PersonRecognizer(max_given)


class PersonRecognizer:
    def __init__(self, max_given: int = 3):
        self.max_given = max_given
        self.lex = load()

    def __call__(self, doc: Doc) -> Doc:
        words = doc_words(doc)
        lex = self.lex
        text = doc_text(doc)
        i = 0
        while i < len(words):
            w = words[i]
            if w.text not in lex.surnames:
                i += 1
                continue
            # a place name starting with a surname ("Hà Nội Vũ Đức Bảo"): step over it
            pend, _ = lookup(lex, "Province", words, i, True)
            if pend and pend < len(words) and words[pend].text in lex.surnames:
                i = pend
                continue
            # inside a place name ("Liêu" in "Bạc Liêu Dương Thành Trung"): not a name's start
            if i > 0 and (lookup(lex, "Province", words, i - 1, True)[0] > i
                          or lookup(lex, "District", words, i - 1, True)[0] > i):
                i += 1
                continue
            run = words.cap_run(i + 1, self.max_given)
            given = [x.text for x in words[i + 1 : run]]
            # a longer capitalised run is a body or place name, not a person
            if not given or (run < len(words) and words[run].is_cap and not words[run].is_punct
                             and len(given) == self.max_given):
                i = max(run, i + 1)
                continue
            start, end = w.start, words[run - 1].end
            name = text[start:end]
            known = sum(g in lex.given_names for g in given)
            politician = norm_key(name) in lex.politicians
            before = text[max(0, start - 90) : start]
            context = bool(TITLE_RE.search(before)) or bool(FOLLOW_TITLE_RE.match(text[end : end + 30]))
            # "ông", "bà", "đồng chí" right before: the name is a person's whatever its syllables
            addressed = bool(ADDRESS_RE.search(before))
            place = norm_key(name) in lex.provinces or norm_key(name) in lex.districts
            follows = bool(FOLLOW_TITLE_RE.match(text[end : end + 30]))
            ok = politician or (addressed and not place) or (
                (known == len(given) or (context and known >= len(given) - 1 and len(given) >= 2))
                # a two-syllable name needs its title right next to it
                and (len(given) >= 2 or addressed or follows) and not place
            )
            if ok:
                emit(doc, start, end, "Person", "person-name", None,
                     national=politician or bool(NATIONAL_TITLE_RE.search(before))
                     or bool(NATIONAL_TITLE_AFTER_RE.match(text[end : end + 60])))
            # never restart inside a name: "La Thăng" in "Đinh La Thăng"
            i = run
        # Bylines and photo credits found by the reader.
        for b in doc._.kg_bylines or ():
            emit(doc, b.start, b.end, "Person", f"person-{b.kind}", None, byline=b.kind)
        return doc
