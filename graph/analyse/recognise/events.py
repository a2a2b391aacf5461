"""Events: named or dated congresses, conferences, meetings and elections.

"Đại hội Đảng bộ Khối lần thứ VI", "Hội nghị tổng kết công tác xây dựng Đảng
năm 2023 và triển khai nhiệm vụ năm 2024", "bầu cử đại biểu Quốc hội và HĐND
các cấp, nhiệm kỳ 2016-2021". A "3 hội nghị" is a count, not an event. The
patterns are ``graph/rules/patterns/events.jsonl``.

Where a name stops (docs/gold-format.md, Event): before "của Đảng" (the congress's
party); before a verb of which the meeting is the subject ("Hội nghị … khẳng định"),
"để", "nhân dịp" and a capitalised function word (the next sentence: "… Đức Nhân dịp");
before a comma, unless coordinated words follow it ("kiểm tra, giám sát", "cán bộ nữ, cán
bộ dân tộc"); after a term written right after the name ("… khóa IX", "… nhiệm kỳ
2025-2030"), unless a list of terms follows ("khoá XI, XII"); after "đón" in "Lễ đón"
(the guest is no part of it); a ceremony named by its object ends at the first adjunct ("lễ ký
kết 5 văn kiện hợp tác trên các lĩnh vực …", "… giữa …", "… của Quận ủy X"). "Buổi lễ X" is named from "lễ"; "các hội nghị", "những
cuộc họp" are meetings of a kind, no event. What names a meeting besides its kind words: its
countries joined by a dash ("hội nghị thượng đỉnh Mỹ - Nhật"), a quoted title (also in single
quotes), a topic of three words or more after "cuộc họp về"; a second meeting of a list ("… và hội
nghị …", "Kỳ họp thứ 3 và thứ 4") ends the first. Meetings named by the other side, visits by their
destination and elections by their country or date are the simple patterns (rulings 60, 64–66).
"""

from __future__ import annotations

import re
from dataclasses import replace

from spacy.language import Language
from spacy.tokens import Doc

from graph.analyse.recognise.base import UPPER, doc_text, emit, emit_simple, folded_text, regex, simple_patterns
from graph.analyse.recognise.documents import ROMAN
from graph.lexicon import load as load_lexicon
from graph.rules import patterns

__all__ = ["EventRecognizer"]

#: "3 hội nghị": a count; not a number label ("Thông cáo số 20 Kỳ họp thứ 3") nor a date ("ngày 5/12 Hội nghị …")
_COUNT_BEFORE = re.compile(r"(?<![\w/.,-])(?<!số )\d+\s*$")
_ORGANISED_BEFORE = re.compile(r"tổ chức\s*$")
_LIST_GAP = re.compile(r"\s*(?:,|và)\s*")  # between two events of a list
#: A title in quotes right after an event's words (up to its closing quote, on one line).
#: A title in double quotes (an apostrophe inside it is a letter: "“Vietnam’s Future Leaders”"), else one a
#: double quote opens and a single one closes (a typo: "“Quyền con người …’"), or in single quotes ("Diễn đàn
#: 'Vành đai …'").
_QUOTED_TITLE = re.compile(r"\s*(?:[“\"]\s*(?P<double>[^“”\"\n]{2,120})[”\"]|[“\"]\s*(?P<mixed>[^“”\"‘’'\n]{2,120})[’']"
                           r"|[‘']\s*(?P<single>[^“”\"‘’'\n]{2,120})[’'])")
_FESTIVAL = re.compile(r"hội(?!\w)")  # "Lễ hội …" after the head "Lễ"
#: A festival's words: up to a punctuation mark or a year (the year is added after the stop words).
_FESTIVAL_TEXT = re.compile(r"(?:(?!(?:năm\s+)?(?:19|20)\d\d(?![\w/])|lần thứ\s)[^\n.;:!?()“”\"',])*")
#: A capitalised function word: the next sentence begins ("… Đồ Sơn Theo kế hoạch").
_CAP_FUNCTION = re.compile(r"Theo|Trong|Tại|Sau|Khi|Với|Để|Qua|Nhân|Từ|Đây|Ngoài|Năm|Ngày|Tháng")
_UPPER_SET = frozenset(UPPER)
#: The rest of a quoted name up to its closing quote, on one line (no other quote inside).
_CLOSING_QUOTE = re.compile(r"[^“”\"\n]{0,120}[”\"]")
#: The administrative unit before a festival's place ("lễ hội chọi trâu truyền thống quận Đồ Sơn").
_ADMIN_UNIT = re.compile(r"tỉnh|huyện|quận|xã|phường|thị xã|thị trấn|thành phố|làng|bản")


@Language.factory(
    "kg_event_recognizer",
    assigns=["doc._.kg_candidates"],
    requires=["doc._.kg_folded"],
    default_config={},
)
def make_event_recognizer(nlp: Language, name: str):
    return EventRecognizer()


def _title(quoted: re.Match) -> str:
    """The words of a quoted title (either kind of quotes)."""
    return quoted.group("double") or quoted.group("mixed") or quoted.group("single")


class EventRecognizer:
    """Finds events by the patterns of ``patterns/events.jsonl``."""

    def __init__(self):
        self.ready = False

    def initialize(self, get_examples=None, *, nlp=None) -> None:
        """Compile the patterns with their parts."""
        rules = {p["name"]: p for p in patterns("events")}
        c = rules["event-congress"]
        self.congress_re = regex(c["regex"], ORGISH=regex(c["orgish"]).pattern, ROMAN=ROMAN)
        f = rules["event-conference"]
        self.conference_re = regex(f["regex"], KIND=f["kind"])
        self.kind_re = re.compile(f["kind"])
        self.desc_stop = re.compile(f["stop"])
        self.verb_list_comma = re.compile(f["verb_list_comma"])
        self.named_re = re.compile(f["named"])
        self.inside_document = re.compile(f["inside_document"])
        self.ceremony_re = re.compile(f["ceremony"])
        self.buoi_re = re.compile(f["buoi"])
        self.lower_context = re.compile(f["lower_context"])
        self.term_end = re.compile(f["term_end"])
        self.named_heads = re.compile(f["named_heads"])
        self.topic_heads = re.compile(f["topic_heads"])
        self.holiday = re.compile(f["holiday"])
        self.guest_ceremony = re.compile(f["guest_ceremony"])
        self.ceremony_stop = regex(f["ceremony_stop"])
        self.plural_before = re.compile(f["plural_before"])
        self.term_list = re.compile(f["term_list"])
        self.periodic_of = re.compile(f["periodic_of"])
        self.topic_only = re.compile(f["topic_only"])
        self.title = regex(f["title"])
        v = rules["event-festival"]
        self.festival_re = re.compile(v["regex"])
        self.festival_stop = re.compile(v["stop"])
        self.festival_year = re.compile(v["year"])
        e = rules["event-election"]
        self.election_re = regex(e["regex"], COUNCIL=e["council"])
        self.election_needs = re.compile(e["bare_needs"])
        countries = sorted((k for k, v in load_lexicon().regions.items() if v.level == "Country"), key=len, reverse=True)
        country = "(?i:" + "|".join(map(re.escape, countries)) + ")"
        self.sides = regex(f["sides"], COUNTRY=country)
        self.simple = simple_patterns(patterns("events"), COUNTRY=country)
        self.ready = True

    def __call__(self, doc: Doc) -> Doc:
        if not self.ready:
            self.initialize()
        text = folded_text(doc)
        first = len(doc._.kg_candidates or ())
        for m in self.congress_re.finditer(text):
            if not (m.group("roman") or m.group("org") or m.group("nth") or "toàn quốc" in m.group()):
                continue
            if self.inside_document.search(text[max(0, m.start() - 20) : m.start()]):
                continue  # "Nghị quyết Đại hội …": the document's name
            org = m.group("org") or ""
            if org and not (m.group("roman") or m.group("nth") or (m.group("term") and org != "Đảng")) and (
                    org.startswith("đảng bộ") or len(org.split()) < 2):
                continue  # "Đại hội Đảng", "Đại hội Đoàn": which one?
            # "Đại hội XIV của Đảng": the name ends before "của" (the party, a relation of its own)
            emit(doc, m.start(), m.end(), "Event", "event-congress", "Congress")
        pos = last_end = 0
        while (m := self.conference_re.search(text, pos)) is not None:
            # a rejected match resumes after its head: its words may hold a named meeting
            # ("Phát biểu tại buổi lễ, …, cho biết Hội nghị lần thứ 5 …")
            pos = m.end("head")
            head = m.group("head")
            if _COUNT_BEFORE.search(text[max(0, m.start() - 12) : m.start()]):
                continue
            if self.inside_document.search(text[max(0, m.start() - 20) : m.start()]):
                continue  # "Nghị quyết Hội nghị Trung ương 5": the document's name
            if self.plural_before.search(text[max(0, m.start() - 8) : m.start()]):
                continue  # "các hội nghị trực tuyến": meetings of a kind, no one event
            hfold = head.casefold()
            ceremony = None
            if hfold in ("lễ", "buổi lễ"):
                ceremony = self.ceremony_re.match(m.group("desc"))
            elif hfold == "buổi":
                ceremony = self.buoi_re.match(m.group("desc"))
                if not ceremony:
                    continue  # "buổi sáng": only a meeting of a named kind ("buổi công bố …")
            if hfold == "lễ" and text[max(0, m.start() - 4) : m.start()].casefold() == "hội ":
                continue  # "hội lễ đền …": a festival (below)
            if hfold == "lễ" and _FESTIVAL.match(m.group("desc")):
                continue  # "Lễ hội …": a festival (below)
            if hfold == "lễ" and not ceremony and self.holiday.match(m.group("desc")):
                continue  # "nghỉ lễ 30/4", "lễ đầu tiên": a holiday, no ceremony
            keep = ceremony.end() if ceremony else 0  # "lễ khai mạc …": the kind is no stop word
            raw = _coordinated(self.verb_list_comma.sub("\x00", m.group("desc")))  # same length, no comma
            rest = raw[keep:]
            while (cut := self.desc_stop.sub("", rest).rstrip()) != rest:
                rest = cut  # "hội nghị trực tuyến này, …": the comma, then "này"
            desc = m.group("desc")[: keep + len(rest)]
            if (term := self.term_end.search(desc)):
                if self.term_list.match(m.group("desc"), term.end()):
                    desc = desc[: term.start()].rstrip()  # "Hội nghị Trung ương 4 khoá XI, XII": several
                else:
                    desc = desc[: term.end()]  # "kỳ họp thứ 4 HĐND tỉnh khóa IX": the term ends it
            if ceremony:  # "lễ ký kết 5 văn kiện hợp tác trên các lĩnh vực …": the first adjunct ends it
                desc = desc[:keep] + self.ceremony_stop.sub("", desc[keep:])
            if ceremony and (guest := self.guest_ceremony.match(desc)):
                desc = desc[: guest.end()]  # "Lễ đón Thủ tướng …": the guest is no part of the name
            # "Hội nghị thường niên của Đại hội đồng UNESCO": "của X" is optional (ruling 45); not for another
            # head ("Phiên họp thường kỳ của Chính phủ": a session of a kind, the rest names it)
            periodic = self.periodic_of.match(m.group("desc")) if hfold == "hội nghị" else None
            if periodic:
                desc = periodic.group()
            named = self.named_re.search(desc) or periodic
            quoted = None
            if not m.group("desc")[len(desc):].strip() and not any(w[:1].isupper() for w in desc.split()):
                # "Hội thảo khoa học “Vận dụng …”", "Lễ thượng cờ “Thống nhất non sông”": a quoted title
                # right after the kind words of the name names it, and the name runs to its closing quote
                # (after a name of its own, "Hội nghị … IPU “Ứng phó …”", the quote is a theme)
                quoted = _QUOTED_TITLE.match(text, m.start("desc") + len(desc))
                if quoted and _title(quoted)[:1].isupper():
                    named = True
                else:
                    quoted = None  # "hội thảo “rất thành công”": a quoted word, no title
            if named and _LIST_GAP.fullmatch(text, last_end, m.start()):
                # "kỳ họp thứ 2, kỳ họp thứ 8 của Quốc hội khóa XIII": the list shares the body
                desc = desc[: named.end()]
            before = text[max(0, m.start() - 24) : m.start()]
            # "… đã tổ chức hội nghị sơ kết …": an organised conference of a named kind
            organised = _ORGANISED_BEFORE.search(before[-12:]) or self.lower_context.search(before)
            if self.sides.search(desc):
                named = True  # "hội nghị thượng đỉnh Mỹ - Nhật": a meeting of the countries named
            if self.topic_heads.match(head) and desc.startswith("về "):
                named = True  # "hội thảo về công tác cán bộ nữ": a seminar named by its topic
            if self.topic_only.match(head) and not (desc.startswith("về ") and len(desc.split()) >= 4):
                continue  # "cuộc họp" is named only by its topic ("cuộc họp về công tác chuẩn bị …"; not "về vấn đề")
            if self.named_heads.match(head):  # "Đối thoại Shangri-La"; but a forum that is a body
                if any(c.type == "Organization" and c.start == m.start() for c in doc._.kg_candidates or ()):
                    continue
                # "Đối thoại chính sách cấp cao APEC về …": a body's acronym in its first words names it too
                named = named or desc[:1].isupper() or any(len(w) > 1 and w.isupper() for w in desc.split()[:5])
            if (hfold == "hội nghị" and not named and (title := self.title.match(desc))
                    and (head[0].isupper() or title.group("kind"))
                    and any(w[:1].islower() for w in title.group("words").split())):
                # "Hội nghị Con đường tơ lụa mới", "hội nghị thượng đỉnh Con đường …": a capitalised title (a phrase,
                # with lower-case words) names it. Not after a lower-case "hội nghị" alone, where a caption's next
                # sentence runs on ("… hội nghị Phát biểu tại …"), nor a name ("Hội nghị Minh Hòa/VOV"); a body or
                # a person there is the body's meeting (event-body-meeting) or a guest
                cap = m.start("desc") + title.start("cap")
                named = not any(c.type in ("Organization", "Person") and c.start == cap
                                for c in doc._.kg_candidates or ())
            # "Hội nghị Xúc tiến Đầu tư vùng Tây Nguyên": a capitalised title's kind word
            kind = self.kind_re.match(desc) or (head[0].isupper() and self.kind_re.match(desc[:1].lower() + desc[1:]))
            if not (desc or quoted) or not (named or ceremony or ((head[0].isupper() or organised) and kind
                                                      and len(desc.split()) >= 3)):
                continue  # "Lễ kỷ niệm", "Hội nghị trực tuyến": which one?
            sub = "Meeting" if hfold in ("kỳ họp", "phiên họp", "cuộc họp", "cuộc họp bàn tròn", "buổi họp") else "Conference"
            end = quoted.end() if quoted else m.start("desc") + len(desc)
            pos = end  # a named event may follow in the words cut off
            # "Buổi lễ trao quyết định": the ceremony is named from "lễ"
            start = m.start() + len("buổi ") if ceremony and hfold == "buổi lễ" else m.start()
            emit(doc, start, end, "Event", "event-conference", sub)
            last_end = end
        self._festivals(doc, text)
        for m in self.election_re.finditer(text):
            if not self.election_needs.search(m.group()):
                continue  # "luật bầu cử Quốc hội": no one election
            emit(doc, m.start(), m.end(), "Event", "event-election", "Election")
        self._quoted_heads(doc, text, first)
        before = len(doc._.kg_candidates or ())
        emit_simple(doc, "Event", self.simple)
        if doc._.kg_candidates and len(doc._.kg_candidates) > before:
            # "các cuộc họp của Ủy ban Thường vụ Quốc hội", "2 cuộc gặp với …": meetings of a kind or a
            # count of them, no one event
            doc._.kg_candidates[before:] = [
                c for c in doc._.kg_candidates[before:]
                if not (self.plural_before.search(text[max(0, c.start - 8) : c.start])
                        or _COUNT_BEFORE.search(text[max(0, c.start - 12) : c.start]))]
        return doc

    def _quoted_heads(self, doc: Doc, text: str, first: int) -> None:
        """A name that opens with its head inside quotes runs to the closing quote (the quotes left out):
        "“Đại hội toàn quốc yêu cầu hoàn trả lãnh thổ phương Bắc”", "“Tuần lễ du lịch biển, đảo 2021”"."""
        cands = doc._.kg_candidates or []
        for i in range(first, len(cands)):
            c = cands[i]
            if c.type != "Event" or c.start == 0 or text[c.start - 1] not in "“\"":
                continue
            close = _CLOSING_QUOTE.match(text, c.end)
            if close and close.end() > c.end:
                end = close.end() - 1
                cands[i] = replace(c, end=end, text=doc_text(doc)[c.start : end])

    def _festivals(self, doc: Doc, text: str) -> None:
        """Named festivals (ruling 51): "Lễ hội Chùa Hương", "Lễ hội Đền Hùng năm 2017", "lễ hội Minh thệ";
        not a bare or plural "lễ hội" ("lễ hội truyền thống", "các lễ hội Xuân")."""
        for m in self.festival_re.finditer(text):
            if self.plural_before.search(text[max(0, m.start() - 8) : m.start()]) or _COUNT_BEFORE.search(
                    text[max(0, m.start() - 12) : m.start()]):
                continue
            if (quoted := _QUOTED_TITLE.match(text, m.end() - 1)) and _title(quoted)[:1].isupper():
                emit(doc, m.start(), quoted.end(), "Event", "event-festival", "Conference")
                continue  # "Lễ hội “Thống nhất non sông”"
            rest = _FESTIVAL_TEXT.match(text, m.end()).group()
            while (cut := self.festival_stop.sub("", self.desc_stop.sub("", rest)).rstrip()) != rest:
                rest = cut
            words = rest.split()
            caps = [i for i, w in enumerate(words) if w[:1] in _UPPER_SET and not _CAP_FUNCTION.fullmatch(w)]
            if not caps or caps[0] > (5 if caps[0] and _ADMIN_UNIT.fullmatch(words[caps[0] - 1]) else 3):
                continue  # "lễ hội truyền thống": which one? ("… truyền thống quận Đồ Sơn": its place names it)
            if caps[0] and any(_CAP_FUNCTION.fullmatch(w) for w in words[: caps[0]]):
                continue
            # one capitalised word keeps the lower-case words of its name ("Lồng tồng", "Hoa phượng đỏ"); after
            # two or more the name ends with the last ("Lễ hội Chùa Hương mỗi mùa xuân")
            words = words[: caps[-1] + (4 if len(caps) == 1 else 1)]
            end = m.end() + len(" ".join(words))
            if not text.startswith(" ".join(words), m.end()):  # several spaces: the offsets of the words
                end = m.end() + len(rest.rstrip())
            if (year := self.festival_year.match(text, end)):
                end = year.end()
            emit(doc, m.start(), end, "Event", "event-festival", "Conference")


def _coordinated(desc: str) -> str:
    """The description with each comma that joins two coordinated words of one name hidden
    (the same length): the words after the comma repeat the two that open the part before it
    ("công tác cán bộ nữ, cán bộ dân tộc thiểu số"; "kiểm tra, giám sát" is the patterns' list).

    >>> _coordinated("về công tác cán bộ nữ, cán bộ dân tộc thiểu số").count(",")
    0
    >>> _coordinated("tổng kết năm 2023, các đại biểu").count(",")
    1
    >>> _coordinated("ký kết văn kiện hợp tác trên các lĩnh vực ngoại giao, hợp tác kinh tế").count(",")
    1
    """
    out = list(desc)
    for m in _COMMA_NEXT.finditer(desc):
        last = desc[: m.start()].split()[-3:]  # the part's last three words
        if " ".join(last[:2]) == m.group(1) or " ".join(last[1:]) == m.group(1) and len(last) == 3:
            out[m.start()] = "\x00"
    return "".join(out)


#: A comma and the two lower-case words after it.
_COMMA_NEXT = re.compile(r",\s*([^\W\dA-ZĐ]\w* [^\W\dA-ZĐ]\w*)(?!\w)")
