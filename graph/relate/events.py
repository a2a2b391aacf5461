"""Events: who organises them (organizedBy), where (locatedIn), when (heldOn).

organizedBy (ruling 9): a body that organises, holds, chairs or opens the event
("Tỉnh ủy tổ chức Hội nghị …", "Hội nghị … do Ban Tuyên giáo tổ chức", "X khai
mạc …"; a list of bodies as the subject gives each; "A chủ trì phối hợp với B
tổ chức" gives A), and the body whose own meeting it is, named with it ("Kỳ
họp thứ 9 của Quốc hội", "Hội nghị Ban Chấp hành Đảng bộ tỉnh lần thứ 10",
"phiên họp Ban Thường vụ Huyện ủy", "buổi làm việc của Ban Thường vụ …").

locatedIn: "Hội nghị … tại Hà Nội", "tại Hà Nội, Bộ Công an tổ chức Hội nghị …",
"(tổ chức tại chùa Đồng Kỵ, Từ Sơn, Bắc Ninh)", "diễn ra … tại … (Hà Nội)", a visit
to a country ("chuyến thăm chính thức Nhật Bản"), a place ending the event's name.

heldOn: the date the sentence gives the event it reports ("Sáng 16/4, … tổ chức
Hội nghị …", "Hội nghị … diễn ra ngày 5/12"): a fact of the event itself,
reified like the others, typed ``xsd:date`` (or a month or a year).
"""

from __future__ import annotations

import re

from graph.model import Mention, Relation
from graph.relate.sentence import SentenceView, body_named_in, make_relation, subject_list, subject_of

__all__ = ["extract_events"]

ORGANIZE_VERB = re.compile(
    r"(?:đã\s+|sẽ\s+|vừa\s+)?(?:long trọng\s+)?(?:chỉ đạo\s+)?(?:phối hợp\s+)?(?:chủ trì,?\s*)?"
    r"(?:tổ chức|khai mạc|tiến hành|triệu tập|chủ trì|họp|mở)(?:\s+(?:thành công|trọng thể|trang trọng|long trọng))?\s*$")
BY_ORG_RE = re.compile(r"\s*(?:,\s*)?(?:do|bởi)\s*$")
# the event names its body: "Kỳ họp thứ 9 của Quốc hội", "Hội nghị Ban Chấp hành Đảng bộ tỉnh"
_OWN_MEETING = re.compile(r"(?i:hội nghị|kỳ họp|phiên họp|cuộc họp|đại hội|buổi làm việc|phiên|hội nghị lần thứ \w+)\s+(?:(?:lần thứ|thứ)\s+\w+\s+)?(?:của\s+)?$")
# a meeting of a body: what it names can be its own body
_MEETING = re.compile(r"(?i:hội nghị(?: thượng đỉnh)?|kỳ họp|phiên họp|cuộc họp|đại hội|phiên)\s")
_AT = r"\s*(?:,\s*)?(?:(?:sẽ\s+|đã\s+)?(?:được\s+)?tổ chức\s+|khai mạc\s+|(?:sẽ\s+|đã\s+)?diễn ra(?:[^,;.]{0,40}\s)?)?tại\s+(?:(?:tỉnh|thành phố|TP\.?|huyện|xã|phường|quận|thị xã|thủ đô|Thủ đô|nước)\s+)?"


def extract_events(view: SentenceView) -> list[Relation]:
    """organizedBy, locatedIn and heldOn of the events of one sentence."""
    out: list[Relation] = []
    orgs = view.of_type("Organization")
    places = [p for p in view.of_type("Place")]
    text = view.text
    subj = subject_of(view)
    for e in view.of_type("Event"):
        found = False
        # "Tỉnh ủy, HĐND, UBND tỉnh đã tổ chức …": every body of the list
        if subj and subj.end <= e.start and ORGANIZE_VERB.search(text[max(subj.end, e.start - 40):e.start]) \
                and ";" not in view.between(subj, e) and not _other_subject(view, subj, e):
            for o in subject_list(view, subj):
                out.append(make_relation(e, "organizedBy", o, view, "rel-event-subject-verb"))
            found = True
        if not found:
            prev = [o for o in orgs if o.end <= e.start]
            if prev:
                o = prev[-1]
                between = view.between(o, e)
                if ORGANIZE_VERB.search(between) and ";" not in between and len(between) < 60 and \
                        not re.search(r"(?:của|với|cho)\s", between):
                    for b in _list_ending(view, o):
                        out.append(make_relation(e, "organizedBy", b, view, "rel-event-org-verb"))
                    found = True
        if not found:
            nxt = [o for o in orgs if o.start >= e.end]
            if nxt and re.fullmatch(r"\s*(?:,\s*)?(?:do|bởi)\s*", view.between(e, nxt[0])):
                for b in subject_list(view, nxt[0]):
                    out.append(make_relation(e, "organizedBy", b, view, "rel-event-do-org"))
                found = True
        # the body whose meeting it is, named with it (ruling 9): "Kỳ họp thứ 9 của Quốc hội",
        # "kỳ họp thứ 3, Quốc hội khóa XIV", "Hội nghị Ban Chấp hành Đảng bộ tỉnh lần thứ 10"
        own = _own_body(view, e) if _MEETING.match(e.text) and not found else None
        if own is not None:
            out.append(make_relation(e, "organizedBy", own, view, "rel-event-own-meeting"))
        out += _event_place(view, e, places)
        on = [d for d in view.dates if d.marks == "on" and not (e.start <= d.start < e.end)]
        if on and (found or _reported(view, e)):
            out.append(make_relation(e, "heldOn", None, view, "rel-event-date", value=on[0].value))
    return out


def _own_body(view: SentenceView, e: Mention) -> str | None:
    """The body a meeting is named with, when no sentence names its organiser: right after it
    ("… của Đảng", ", Quốc hội khóa XIV"), or inside its name after the head ("kỳ họp thứ 11
    Quốc hội khóa XIII"), by the names the article gives its bodies (the longest that fits;
    not a name inside a document's: "Hội nghị quán triệt Nghị quyết … của Đảng")."""
    orgs = view.of_type("Organization")
    after = next((o for o in orgs if o.start >= e.end), None)
    if after is not None:
        gap = view.text[e.end:after.start]
        if re.fullmatch(r"\s*(?:của|do)\s+", gap) or (
                re.fullmatch(r"\s*,\s*", gap) and re.match(r"(?i:kỳ họp|phiên họp)", e.text)
                and re.match(r"\s*(?:khóa|khoá|[,.;)]|$)", view.text[after.end:view.end])):
            return after.entity
    inner = [o for o in orgs if e.start < o.start and o.end <= e.end]
    if inner and _OWN_MEETING.search(view.text[e.start:inner[0].start]):
        return inner[0].entity
    head = _MEETING.match(e.text)
    return body_named_in(view, e, len(head.group()) - 1 if head else 0)


def _other_subject(view: SentenceView, subj: Mention, e: Mention) -> bool:
    """Another clause between the subject and the event ("Tỉnh ủy chỉ đạo, Sở Nội vụ tổ chức")."""
    for o in view.of_type("Organization"):
        if subj.end < o.start and o.end <= e.start and o not in subject_list(view, subj):
            if re.search(r",\s*$", view.text[subj.end:o.start]) and not re.search(r"(?:của|với|cho|và)\s*$",
                                                                                    view.text[max(0, o.start - 6):o.start]):
                return True
    return False


def _list_ending(view: SentenceView, o: Mention) -> list[Mention]:
    orgs = view.of_type("Organization")
    out = [o]
    i = orgs.index(o)
    while i > 0 and re.fullmatch(r"\s*(?:,|và)\s*", view.between(orgs[i - 1], orgs[i])) and orgs[i - 1].end <= orgs[i].start:
        i -= 1
        out.insert(0, orgs[i])
    return out


def _reported(view: SentenceView, e: Mention) -> bool:
    """The sentence reports the event happening: "Hội nghị … diễn ra …", "dự Hội nghị …"."""
    return bool(re.search(r"(?:diễn ra|khai mạc|bế mạc|họp|tham dự|dự|tại)\s*$", view.text[max(view.start, e.start - 30):e.start])
                or re.match(r"\s*(?:đã\s+)?(?:diễn ra|khai mạc|bế mạc|được tổ chức)", view.text[e.end:view.end]))


def _event_place(view: SentenceView, e: Mention, places: list[Mention]) -> list[Relation]:
    text = view.text
    out = []
    # a place ending the event's name: "chuyến thăm chính thức Nhật Bản", "Hội nghị … tại Hà Nội"
    ending = [p for p in places if e.start < p.start and p.end == e.end]
    if ending:
        out.append(make_relation(e, "locatedIn", ending[-1], view, "rel-event-name-place"))
        return out
    after = [p for p in places if p.start >= e.end]
    if after and re.fullmatch(_AT, text[e.end:after[0].start]):
        out.append(make_relation(e, "locatedIn", after[0], view, "rel-event-tai"))
        return out
    # "(tổ chức tại chùa Đồng Kỵ, Từ Sơn, Bắc Ninh)", "tại Trung tâm Hội nghị quốc gia Mỹ Đình (Hà Nội)":
    # the places of the address after "tại"
    at = re.match(r"\s*(?:\(\s*)?(?:được\s+)?(?:tổ chức|diễn ra)[^.;()]{0,60}?\btại\s+", text[e.end:view.end])
    if at:
        start = e.end + at.end()
        stop = re.search(r"[.;]|\)\s*[,.;]?\s*$", text[start:view.end])
        limit = start + (stop.start() if stop else view.end - start)
        for p in [p for p in places if start <= p.start < min(limit + 1, start + 100)]:
            out.append(make_relation(e, "locatedIn", p, view, "rel-event-address"))
        if out:
            return out
    # "tại Hà Nội, Bộ Công an tổ chức Hội nghị …": a fronted venue of the reported event
    lead = re.match(r"\s*(?:[^,;]{0,25},\s*)?(?i:tại)\s+", text[view.start:view.end])
    if lead:
        start = view.start + lead.end()
        first = next((p for p in places if p.start >= start), None)
        if first is not None and not text[start:first.start].strip(" ") and re.match(r"\s*,", text[first.end:view.end]) \
                and not any(x.start < e.start and x.type == "Event" for x in view.mentions if x is not e):
            out.append(make_relation(e, "locatedIn", first, view, "rel-event-fronted-tai"))
    return out
