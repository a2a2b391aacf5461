"""Documents: who issued them and when (issuedBy, issuedOn), who carries them out
(implements), who wrote a work or the article (authorOf).

issuedBy: "Tỉnh ủy ban hành Nghị quyết …", "Kết luận số 01-KL/TW, ngày 18-5-2021
của Bộ Chính trị" (and co-issuers: "của Bộ Chính trị, Ban Bí thư"), "Quy định …
kèm theo Quyết định … của Ban Thường vụ", the plenum or congress in the name
("Nghị quyết Hội nghị lần thứ 11 Ban Chấp hành Trung ương"), a head of a body
("Quyết định của Chủ tịch UBND tỉnh"). The body a number's code names
("23-NQ/TU") is a weaker statement of its own, ``presumedIssuedBy``.

implements (ruling 11): a body as the subject of "thực hiện", "triển khai",
"quán triệt", "cụ thể hóa" … (``relations/implement_verbs.txt``) and the
documents after the verb; fronted ("Để thực hiện Kế hoạch …, UBND tỉnh …",
"Thực hiện Chỉ thị, HĐND, UBND tỉnh …", "Theo tinh thần …"); nominal ("Chương
trình hành động của Đảng bộ … triển khai thực hiện Nghị quyết …", "việc triển
khai Quyết định … của Ban cán sự Đảng"); passive ("Nghị quyết … được Tỉnh ủy
quán triệt"); "giao X (chủ trì) thực hiện …"; a list of bodies as the subject
gives one relation each. Not a body that checks or urges others
(``relations/implement_not.txt``: "giám sát việc thực hiện", "căn cứ …").
"""

from __future__ import annotations

import re
from collections import Counter
from functools import cache

from graph.model import ArticleResult, Entity, Mention, Relation
from graph.rdf.iris import article_iri
from graph.relate import rules
from graph.relate.dates import ArticleDates, parse_date
from graph.relate.sentence import SentenceView, body_named_in, make_relation, subject_list
from graph.text import norm_key

__all__ = ["extract_authors", "extract_bylines", "extract_implements", "extract_issued", "presumed_issuers"]

ISSUE_VERB = re.compile(r"\b(?:đã\s+)?(?:ký\s+)?(?:ban hành|thông qua|ra)\s*$")
_DATE = r"\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*\d{4}|\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4}"
OF_RE = re.compile(rf"^(?:\s*(?:,|và)\s*(?:số\s+)?\d+[\w/.-]*)*"  # ", số 163-KL/TW và số 167-KL/TW"
                   rf"\s*(?:,?\s*(?:ban hành\s+)?(?:ngày\s+)?(?P<date>{_DATE}))?\s*,?\s*(?:đã được\s+)?(?:ban hành\s+)?"
                   r"(?:của|do)\s*(?:(?:đồng chí|ông|bà)\s+)?$")
DATE_AFTER_RE = re.compile(rf"\s*,?\s*(?:\(|ban hành\s+|được ban hành\s+)?(?:ngày\s+)(?P<date>{_DATE})")
LEAD_DATE_RE = re.compile(r"\s*(?:Ngày|ngày)\s+(?P<date>[\d/.\-]+|\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4})\s*,")
# "Quy định … ban hành kèm theo Quyết định số 123 của …": the issuer of the decision
ATTACHED_RE = re.compile(r"\s*(?:\(|,)?\s*(?:được\s+)?(?:ban hành\s+)?kèm theo\s*$")
# a head of a body: "của Chủ tịch UBND tỉnh", "của Thủ tướng Chính phủ"
HEAD_OF_RE = re.compile(r"(?:Chủ tịch|Thủ tướng|Bộ trưởng|Giám đốc|Trưởng ban|Bí thư|Chánh án|Viện trưởng|"
                        r"Tổng Bí thư|Chủ nhiệm|Tổng Kiểm toán|Thống đốc)\s*$")
_PLENUM_HEAD = re.compile(r"(?P<type>(?i:nghị quyết|kết luận|chỉ thị|quy định))\s+(?:(?:Hội nghị|Đại hội)\b|Trung ương\s+\d)")


def extract_issued(view: SentenceView, clock: ArticleDates) -> list[Relation]:
    """issuedBy and issuedOn of the documents of one sentence."""
    out = []
    docs = view.of_type("Document")
    orgs = view.of_type("Organization")
    lead = LEAD_DATE_RE.match(view.text, view.start)
    paren: tuple[Mention, Mention] | None = None  # (issuer, document) of "ORG (DOC, …"
    for d in docs:
        issuer = None
        # "Tỉnh ủy ban hành Nghị quyết số 23-NQ/TU", "Cục Hải quan … đã có Công văn số 1569/…"
        for o in reversed([o for o in orgs if o.end <= d.start]):
            between = view.between(o, d)
            has = re.fullmatch(r"\s*(?:đã\s+|vừa\s+|cũng\s+)*(?:có|gửi)\s*", between)
            if (ISSUE_VERB.search(between) or has) and ";" not in between and len(between) < 40:
                issuer = o
                for x in subject_list_before(view, o):
                    out.append(make_relation(d, "issuedBy", x, view, "rel-issue-verb" if not has else "rel-issue-co"))
                if lead:
                    date = parse_date(lead.group("date"), None)
                    if date:
                        out.append(make_relation(d, "issuedOn", None, view, "rel-issue-lead-date", value=date))
            # "đề nghị của Ban Tổ chức Trung ương (Tờ trình số 224-TTr/BTCTW, … và Báo cáo số 60-BC/BTCTW)",
            # "ý kiến chỉ đạo của Ban Thường vụ Tỉnh ủy tại Thông báo số 203-TB/TU"
            elif re.fullmatch(r"\s*\(\s*", between) or (re.fullmatch(r"\s+tại\s+", between) and re.search(
                    r"(?i:của)\s+$", view.text[max(view.start, o.start - 6):o.start])):
                issuer = o
                out.append(make_relation(d, "issuedBy", o, view, "rel-issue-of-before"))
                if between.strip() == "(":
                    paren = (o, d)
            break
        if issuer is None and paren is not None and re.fullmatch(r"[^()]{0,40}?(?:,|\bvà)\s*", view.between(paren[1], d)):
            issuer = paren[0]
            out.append(make_relation(d, "issuedBy", paren[0], view, "rel-issue-of-before"))
            paren = (paren[0], d)
        # "Kết luận số 01-KL/TW, ngày 18-5-2021 của Bộ Chính trị"
        nxt = [o for o in orgs if o.start >= d.end]
        if nxt and issuer is None:
            # "Chỉ thị 35-CT/TW và Kết luận 118-KL/TW của Bộ Chính trị": the issuer of both
            later = [e for e in docs if e.start >= d.end and e.end <= nxt[0].start]
            numbered = d.number and d.number.type_code and later and later[0].number and later[0].number.type_code
            tail = later[-1] if numbered and re.fullmatch(r"\s*(?:,|và)\s*", view.between(d, later[0])) else d
            gap = view.between(tail, nxt[0])
            m = OF_RE.match(gap)
            # "Công điện số 02/CĐ-UBND ngày 26/4/2021 của Chủ tịch UBND tỉnh Hải Dương": the body
            head = None if m else re.match(
                rf"^\s*,?\s*(?:(?:ngày\s+)?(?:{_DATE}|\d{{1,2}}\s*/\s*\d{{1,2}})\s*,?\s*)?của\s+(?P<head>.{{0,20}}?)\s*$", gap)
            if m or (head and HEAD_OF_RE.search(gap)):
                rule = "rel-issue-of" if m else "rel-issue-of-head"
                out.append(make_relation(d, "issuedBy", nxt[0], view, rule))
                # "của Bộ Chính trị, Ban Bí thư": co-issuers
                k = orgs.index(nxt[0])
                while k + 1 < len(orgs) and re.fullmatch(r"\s*(?:,|và|;)\s*", view.between(orgs[k], orgs[k + 1])):
                    k += 1
                    out.append(make_relation(d, "issuedBy", orgs[k], view, "rel-issue-of-list"))
        # "Nghị quyết Hội nghị lần thứ 11 Ban Chấp hành Trung ương", "Nghị quyết Đại hội Đảng bộ tỉnh
        # lần thứ XVIII", "Nghị quyết Trung ương 4": the body whose congress or plenum it is (ruling 22)
        plenum = _PLENUM_HEAD.match(d.text)
        if plenum:
            inner = [o for o in orgs if d.start < o.start and o.end <= d.end]
            body = inner[0].entity if inner else body_named_in(view, d, len(plenum.group("type")))
            if body:
                out.append(make_relation(d, "issuedBy", body, view, "rel-issue-plenum"))
        after = DATE_AFTER_RE.match(view.text, d.end, view.end)
        if after:
            date = parse_date(after.group("date"), None)
            if date:
                out.append(make_relation(d, "issuedOn", None, view, "rel-issue-date-after", value=date))
    # "Quy định … ban hành kèm theo Quyết định số 123-QĐ/TU của Ban Thường vụ": the decision's issuer
    for d in docs:
        att = [e for e in docs if e.start >= d.end and ATTACHED_RE.fullmatch(view.between(d, e))]
        if att:
            out += [make_relation(d, "issuedBy", r.object, view, "rel-issue-attached")
                    for r in list(out) if r.subject == att[0].entity and r.predicate == "issuedBy"]
    return out


def subject_list_before(view: SentenceView, o: Mention) -> list[Mention]:
    """``o`` and the bodies listed before it ("Bộ Chính trị, Ban Bí thư ban hành …")."""
    orgs = view.of_type("Organization")
    out = [o]
    i = orgs.index(o)
    while i > 0 and re.fullmatch(r"\s*(?:,|và)\s*", view.between(orgs[i - 1], orgs[i])) and orgs[i - 1].end <= orgs[i].start:
        i -= 1
        out.insert(0, orgs[i])
    return out


# -- implements -------------------------------------------------------------------------------
@cache
def _implement_res() -> tuple[re.Pattern, re.Pattern, re.Pattern]:
    verbs = rules.alternation(rules.words("implement_verbs"))
    mods = rules.alternation(rules.words("implement_modifiers"))
    heads = (r"(?:[Kk]ế hoạch|[Cc]hương trình(?: hành động)?|[Cc]huyên đề|[Cc]hủ đề|mô hình|phong trào|"
             r"cuộc vận động|[Đđ]ề án|[Nn]ghị quyết|[Cc]hỉ thị|[Kk]ết luận)")
    verb = re.compile(
        rf"(?<!\w)(?P<verb>(?i:{verbs}))(?:\s*(?:{mods})(?!\w))*"
        # "Kế hoạch “…”", "Chuyên đề của tỉnh “…”": the target is the quoted name after the head
        rf"(?:\s+{heads}(?:\s+(?:của|số)\s+\S+)?)?\s*[“\"(]?\s*(?:{mods})?\s*$")
    fronted = re.compile(
        rf"\s*(?:[^,;]{{0,40}},\s*)?(?:(?i:để|nhằm)\s+(?:(?i:bảo đảm|đảm bảo|tiếp tục|kịp thời)\s+)*|(?i:tiếp tục)\s+)?"
        rf"(?:(?i:{verbs}))(?:\s*(?:{mods})(?!\w))*\s*")
    not_before = re.compile(rf"(?<!\w)(?i:{rules.alternation(rules.words('implement_not'))})(?!\w)")
    return verb, fronted, not_before


PASSIVE_IMPLEMENTED = re.compile(r"\s*(?:mới\s+|đã\s+|đang\s+)*được\s+(?:triển khai|thực hiện|quán triệt|cụ thể hóa)")
PASSIVE_BY = re.compile(r"\s*(?:đã\s+|đang\s+)?được\s*$")
ACTIVE_IMPLEMENTING = re.compile(r"\s*(?:đã và đang|đã|đang|tiếp tục|tích cực)?\s*(?:triển khai|thực hiện|quán triệt)")
_ASSIGN_RE = re.compile(r"(?i:giao)\s*$")
# a body after these words is no subject: "giúp việc Tỉnh ủy", "trực thuộc Tỉnh ủy", "của Bộ Chính trị"
_OBLIQUE = re.compile(r"(?i:của|với|và|thuộc|trực thuộc|giúp việc|tại|cho|trong|về|theo|đối với|từ)\s+$")


def _targets(view: SentenceView) -> list[Mention]:
    targets = view.of_type("Document", "Campaign")
    # a name nested in another target's name is not a target of its own
    return [t for t in targets if not any(u is not t and u.start <= t.start and t.end <= u.end for u in targets)]


def extract_implements(view: SentenceView) -> list[Relation]:
    """implements of one sentence (see the module's docstring)."""
    targets = _targets(view)
    if not targets:
        return []
    verb_re, fronted_re, not_re = _implement_res()
    text = view.text
    orgs = view.of_type("Organization")
    out: list[Relation] = []

    def verb_before(t: Mention, floor: int) -> re.Match | None:
        head = view.folded[max(floor, t.start - 80):t.start]
        return verb_re.search(head)

    def listed_after(t: Mention, accepted: Mention | None) -> bool:
        return accepted is not None and re.fullmatch(
            r"[^;.]{0,60}?(?:,|;|\bvà|\bgắn(?:\s+với)?(?:\s+việc)?(?:\s+thực hiện)?)"
            r"(?:\s+(?:[Cc]huyên đề|[Kk]ế hoạch|[Cc]hủ đề)(?:\s+của\s+\S+)?)?\s*[“\"]?\s*", view.between(accepted, t)) is not None

    # "Tỉnh ủy, HĐND, UBND tỉnh đã triển khai …", "giao Ban Tổ chức Trung ương … thực hiện …": the
    # nearest body in subject position before the verb, and the bodies listed with it
    accepted: tuple[list[Mention], Mention] | None = None
    for t in targets:
        v = verb_before(t, view.start)
        if v is None:
            if accepted and listed_after(t, accepted[1]):  # "thực hiện A, B và C"
                for o in accepted[0]:
                    out.append(make_relation(o, "implements", t, view, accepted[2]))  # type: ignore[misc]
                accepted = (accepted[0], t, accepted[2])  # type: ignore[assignment]
            else:
                accepted = None
            continue
        verb_start = t.start - len(v.group())
        found = _implementer(view, orgs, verb_start)
        accepted = None
        if found is None:
            continue
        group, rule, subject_end = found
        # "Ủy ban Kiểm tra giám sát việc thực hiện …", "Đoàn kiểm tra việc lãnh đạo, tổ chức thực hiện …"
        if _new_clause(view, text[subject_end:t.start], subject_end) or not_re.search(view.folded[subject_end:verb_start]):
            continue
        for o in group:
            out.append(make_relation(o, "implements", t, view, rule))
        accepted = (group, t, rule)  # type: ignore[assignment]
    # "Nghị quyết 23 mới được triển khai …, nhưng … Ban cán sự Đảng UBND tỉnh … đã và đang triển khai …"
    for t in targets:
        if not PASSIVE_IMPLEMENTED.match(text, t.end, view.end):
            continue
        for o in orgs:
            head = text[t.end:o.start]
            if o.start > t.end and re.search(r"(?:cho thấy|nhưng|,)\s*$", head) and ACTIVE_IMPLEMENTING.match(
                    _after_subject_list(text, o.end, view.end)):
                out.append(make_relation(o, "implements", t, view, "rel-impl-passive-later"))
                break
    # "Nghị quyết 57 được Tỉnh ủy quán triệt": the body between "được" and the verb
    for t in targets:
        for o in orgs:
            if o.start > t.end and PASSIVE_BY.fullmatch(text[t.end:o.start]) and re.match(
                    r"\s*(?:ban hành\s+)?(?:kế hoạch\s+)?(?:triển khai|thực hiện|quán triệt|cụ thể hóa|cụ thể hoá)",
                    text[o.end:view.end]):
                out.append(make_relation(o, "implements", t, view, "rel-impl-passive-by"))
            if o.start > t.end:
                break
    # "Chương trình hành động của Đảng bộ … triển khai thực hiện Nghị quyết …",
    # "sự phối hợp của Ban cán sự Đảng … trong việc triển khai Quyết định …"
    for o in orgs:
        if not re.search(r"(?i:của)\s+$", text[max(view.start, o.start - 6):o.start]):
            continue
        if any(d.end <= o.start and re.fullmatch(r"[\s,]*(?:ngày\s+[\d/.-]+\s*)?(?i:của)\s+", text[d.end:o.start])
               for d in view.of_type("Document")):
            continue  # "Kết luận … của Bộ Chính trị về tiếp tục thực hiện …": the issuer, not the implementer
        for t in [t for t in targets if t.start > o.end]:
            gap = text[o.end:t.start]
            v = verb_re.search(view.folded[o.end:t.start])
            if v and not re.search(r"(?i:\bvề\b)", gap[: len(gap) - len(v.group())]) and len(gap) - len(v.group()) <= 20 and not any(x.start >= o.end and x.end <= t.start for x in orgs) \
                    and ";" not in gap and "," not in gap[: len(gap) - len(v.group())]:
                out.append(make_relation(o, "implements", t, view, "rel-impl-nominal"))
            break
    out += _fronted(view, targets, fronted_re)
    return out


def _implementer(view: SentenceView, orgs: list[Mention], verb_start: int) -> tuple[list[Mention], str, int] | None:
    """The bodies that carry out what follows the verb at ``verb_start``: the nearest body in
    subject position before it (a clause's first words, or after "giao"), with its list; the
    rule, and where the subject ends in the sentence."""
    text = view.text
    for o in reversed([o for o in orgs if o.end <= verb_start]):
        if any(x is not o and x.start <= o.start and o.end <= x.end for x in orgs):
            continue  # nested in a longer name
        head = text[view.start:o.start]
        cut = max(head.rfind(","), head.rfind(";"), head.rfind(":"), head.rfind("("))
        clause = head[cut + 1:]
        if _ASSIGN_RE.search(clause):
            group = _whole_list(view, o)
            return group, "rel-impl-assigned", group[-1].end
        if not _LEAD_WORDS.fullmatch(clause):
            continue
        if _OBLIQUE.search(head[max(0, cut - 12):cut + 1] if cut >= 0 else ""):
            continue
        group = _whole_list(view, o)
        return group, "rel-impl-subject-verb", group[-1].end
    # "Đồng thời, Bộ sẽ nghiêm túc triển khai … theo tinh thần Nghị quyết 57-NQ/TW": a bare head for
    # the one body of that head the article names
    bare = None
    for m in _BARE_SUBJECT_RE.finditer(text, view.start, verb_start):
        bare = m
    if bare is not None and not any(o.start >= bare.end() and o.end <= verb_start for o in orgs):
        head = bare.group("head").lower()
        named = [m for m in view.article_mentions if m.type == "Organization" and m.entity
                 and m.text.lower().startswith(head + " ") and norm_key(m.text) not in ("bộ chính trị",)]
        counts = Counter(m.entity for m in named)
        if counts:
            entity, n = counts.most_common(1)[0]
            if n * 2 > sum(counts.values()):  # the body the article is mostly about
                return [next(m for m in named if m.entity == entity)], "rel-impl-bare-head", bare.end()
    return None


# a clause's subject written as a bare head ("Bộ", "Sở", "Tỉnh ủy") standing for the body
_BARE_SUBJECT_RE = re.compile(r"(?:^|(?<=[,;:])|(?<=\.\s))\s*(?:(?:Đồng thời|Theo đó|Qua đó|Năm qua|Thời gian qua|Bên cạnh đó)\s*,?\s*)?"
                              r"(?P<head>Bộ|Sở|Cục|Ban|Tỉnh ủy|Thành ủy|Huyện ủy|Đảng ủy|Ủy ban|Tập đoàn|Tổng công ty|Ngân hàng)"
                              r"(?=\s+(?:đã|sẽ|đang|tiếp tục|cũng|luôn|nghiêm túc|tích cực|chủ động|quyết liệt|tập trung)\b)")


# what may open a clause before its subject: nothing, a time, "và", "đồng thời"
_LEAD_WORDS = re.compile(r"\s*(?:(?:và|đồng thời|theo đó|qua đó|trong đó|năm qua|thời gian qua|vừa qua|"
                         r"(?:năm|tháng|ngày|sáng|chiều|tối)\s+[\d/]+)\s*,?\s*)?", re.IGNORECASE)


def _whole_list(view: SentenceView, o: Mention) -> list[Mention]:
    """The list of bodies ``o`` stands in ("Tỉnh ủy, HĐND, UBND tỉnh"), in text order."""
    return subject_list_before(view, o)[:-1] + subject_list(view, o)


def _new_clause(view: SentenceView, between: str, start: int) -> bool:
    """A ";" between the subject and the verb begins a clause of its own, unless that clause
    goes on with the subject (it opens with a verb: "…; triển khai thực hiện Nghị quyết …")."""
    if ";" not in between:
        return False
    tail = between[between.rfind(";") + 1:]
    tail_start = start + between.rfind(";") + 1
    if any(o.start >= tail_start and o.end <= start + len(between) for o in view.of_type("Organization")):
        return True
    return not re.match(r"\s*[a-zđà-ỹ]", tail)


def _fronted(view: SentenceView, targets: list[Mention], fronted_re: re.Pattern) -> list[Relation]:
    """"Thực hiện Chương trình hành động số 135 của Tỉnh ủy …, Đảng bộ Khối đã …", "Để cụ thể hóa
    Nghị quyết …, Chính phủ ban hành …", "Theo tinh thần …, …": the purpose clause opens the
    sentence or follows a comma; its documents are carried out by the subject after it."""
    text = view.text
    out: list[Relation] = []
    starts = [view.start] + [m.end() for m in re.finditer(r"[,;]\s*(?=(?i:để|nhằm|theo tinh thần)\s)",
                                                          text[view.start:view.end])]
    for at in sorted(set(a if a == view.start else view.start + a for a in starts)):
        fronted = fronted_re.match(view.folded, at, view.end)
        if not fronted and not re.match(r"\s*(?i:theo tinh thần)\s", text[at:view.end]):
            continue
        begin = fronted.end() - 1 if fronted else at
        # not a document the clause is about: "Kết luận 121 … về tổng kết Nghị quyết 18"
        in_clause = [t for t in targets if t.start >= begin and not re.search(
            r"(?i:về|tổng kết|sơ kết)\s+(?:(?:việc|tổng kết|sơ kết)\s+)?(?:\S+\s+){0,3}$", text[max(begin, t.start - 30):t.start])]
        for o in view.of_type("Organization"):
            if not in_clause or o.start <= in_clause[0].end:
                continue
            last = max((t for t in targets if t.end <= o.start), key=lambda t: t.end)
            gap = text[last.end:o.start]
            if ";" in gap or gap.count(",") < 1 or re.search(r"(?:của|với|thuộc|và)\s*$", gap):
                continue
            tail = gap[gap.rfind(",") + 1:]
            if not _TIME_TAIL.fullmatch(tail):
                continue
            whole = _whole_list(view, o)
            if _OBLIQUE.search(text[max(view.start, whole[0].start - 12):whole[0].start]):
                continue  # "… của Bộ Chính trị, Ban Bí thư về …": the issuers' list, no subject
            group = subject_list(view, o)
            if not re.match(r"\s*(?:,\s*)?[a-zđà-ỹ]", text[group[-1].end:view.end]):
                continue  # a subject: a verb follows the bodies
            for b in group:
                for t in in_clause:
                    if t.end <= o.start:
                        out.append(make_relation(b, "implements", t, view, "rel-impl-fronted"))
            break
    return out


# what may stand between the purpose clause's comma and its subject: a time
_TIME_TAIL = re.compile(r"\s*(?:(?:năm qua|thời gian qua|trong năm|những năm qua|vừa qua|qua|"
                        r"(?:trong|vào|ngày|sáng|chiều|tối|từ|hôm)\s[^,;]{0,30}?)\s*,?\s*)?", re.IGNORECASE)


def _after_subject_list(text: str, start: int, end: int) -> str:
    """The text after a subject and the list of bodies that follows it."""
    m = re.match(r"(?:,\s*[^,;.]{1,60}?)*?(?=\s*(?:đã|đang|tiếp tục|tích cực)\b)", text[start:end])
    return text[start + (m.end() if m else 0):end]


# -- authors ---------------------------------------------------------------------------------
def extract_authors(view: SentenceView) -> list[Relation]:
    """Authors of works: "tác phẩm “…” của Tổng Bí thư Nguyễn Phú Trọng", "bài viết của …"."""
    out = []
    persons = [p for p in view.of_type("Person") if not p.byline]
    for d in view.of_type("Document"):
        if d.subtype != "Work" and not d.quoted:
            continue
        before = [p for p in persons if p.end <= d.start and d.start - p.end <= 3]
        after = [p for p in persons if p.start >= d.end and re.fullmatch(
            r"[”\"]?\s*(?:\(\w+\)\s*)?của\s+(?:[^,;.]{0,60}\s)?", view.between(d, p))
            and not any(x.start >= d.end and x.end <= p.start and x.type == "Person" for x in view.mentions)]
        near_before = [p for p in persons if p.end <= d.start and re.search(
            r"(?:tác phẩm|bài viết|bài báo|cuốn sách)\s+của\s+(?:[^,;.“]{0,40}\s)?$",
            view.text[max(0, p.start - 60):p.start])]
        # "đồng chí X … đã có bài viết với nhan đề: “…”", "Tổng Bí thư X soạn thảo Chỉ thị …"
        wrote = [p for p in persons if p.end <= d.start and re.search(
            r"(?:có|viết|đăng|công bố)\s+(?:bài viết|bài báo|tác phẩm|cuốn sách)[^.;]{0,40}[:“\"]?\s*$|"
            r"(?:viết|soạn thảo|soạn|là tác giả)\s*(?:tác phẩm\s*|cuốn sách\s*|bài\s*)?[“\"]?\s*$",
            view.text[p.end:d.start]) and len(view.text[p.end:d.start]) < 160
            and not any(x.start >= p.end and x.end <= d.start and x.type == "Person" for x in view.mentions)]
        for p in (before and near_before and before[-1:]) or after[:1] or wrote[-1:]:
            out.append(make_relation(p, "authorOf", d, view, "rel-work-author"))
    return out


def extract_bylines(result: ArticleResult) -> list[Relation]:
    """The article's authors: the names of its author byline."""
    out = []
    for m in result.mentions:
        if m.byline == "author":
            out.append(Relation(m.entity, "authorOf", article_iri(result.article.key), m.sentence,  # type: ignore[arg-type]
                                "rel-byline", 0.0))
    return out


# Issuer codes -> the body's canonical name as the resolver keys it.
ISSUER_BODIES = {"TU": "tỉnh ủy", "TW": "ban chấp hành trung ương đảng", "HU": "huyện ủy",
                 "ĐU": "đảng ủy", "BCT": "bộ chính trị", "BBT": "ban bí thư", "TƯ": "ban chấp hành trung ương đảng"}


def presumed_issuers(result: ArticleResult, entities: dict[str, Entity]) -> list[Relation]:
    """The issuer a number's code implies, when the article names that body."""
    out = []
    by_key: dict[str, str] = {}
    for m in result.mentions:
        if m.type == "Organization":
            by_key.setdefault(norm_key(entities[m.entity].label), m.entity)  # type: ignore[index]
            by_key.setdefault(norm_key(m.text), m.entity)  # type: ignore[arg-type]
    for m in result.mentions:
        code = m.number.issuer_code if m.number else None
        if m.type == "Document" and code in ISSUER_BODIES:
            target = by_key.get(ISSUER_BODIES[code])
            if target:
                out.append(Relation(m.entity, "presumedIssuedBy", target, m.sentence, "rel-issuer-code", 0.0))  # type: ignore[arg-type]
    return out
