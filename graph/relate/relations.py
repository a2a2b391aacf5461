"""Relations between entities, from the sentence that states them.

Each rule reads one sentence's mentions and the words between them. Every
relation records its rule and a confidence; an issuer read off a document
number's code is a separate, weaker statement (``presumedIssuedBy``) from one
the sentence states (``issuedBy``).

>>> parse_date("18-5-2021"), parse_date("ngày 5 tháng 12 năm 2023"), parse_date("28/12", 2023)
('2021-05-18', '2023-12-05', '2023-12-28')
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from graph.model import ArticleResult, Entity, Mention, Relation, Sentence
from graph.rdf.iris import NATIONAL, article_iri, entity_iri
from graph.text import norm_key

# -- dates -------------------------------------------------------------------------
DATE_RE = re.compile(
    r"(?:ngày\s+)?(?P<d>\d{1,2})\s*(?:[/.-]|\s+tháng\s+)(?P<m>\d{1,2})(?:\s*(?:[/.-]|\s+năm\s+)(?P<y>(?:19|20)\d\d))?(?!\d)"
)


def parse_date(text: str, default_year: int | None = None) -> str | None:
    """ISO date of "5/12/2023", "18-5-2021", "17.2.2025", "ngày 5 tháng 12 năm 2023", "28/12"."""
    m = DATE_RE.search(text)
    if not m:
        return None
    d, mo = int(m.group("d")), int(m.group("m"))
    y = int(m.group("y")) if m.group("y") else default_year
    if not (1 <= d <= 31 and 1 <= mo <= 12) or y is None:
        return None
    return f"{y:04d}-{mo:02d}-{d:02d}"


# -- vocabulary of the rules ---------------------------------------------------------
ISSUE_VERB = re.compile(r"\b(?:đã\s+)?(?:ký\s+)?ban hành\s*$")
OF_RE = re.compile(r"^\s*(?:,?\s*(?:ngày\s+)?(?P<date>[\d]{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*\d{4}|\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4}))?\s*,?\s*của\s*$")
DATE_AFTER_RE = re.compile(r"\s*,?\s*(?:ban hành\s+)?ngày\s+(?P<date>\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*\d{4}|\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4})")
LEAD_DATE_RE = re.compile(r"\s*(?:Ngày|ngày)\s+(?P<date>[\d/.\-]+|\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4})\s*,")
IMPLEMENT_VERB = re.compile(
    r"(?:thực hiện|triển khai|quán triệt|hưởng ứng|gắn với việc|gắn với|gắn|học tập)"
    r"(?:\s+(?:thắng lợi|có hiệu quả|tốt|quyết liệt|nghiêm túc|thực hiện))*(?:\s+(?:việc|các|nội dung))?"
    # "Kế hoạch “…”", "Chuyên đề của tỉnh “…”", "mô hình “…”": the target is the quoted name
    r"(?:\s+(?:[Kk]ế hoạch|[Cc]huyên đề|[Cc]hủ đề|mô hình|phong trào|cuộc vận động|[Đđ]ề án)"
    r"(?:\s+của\s+\w+)?)?\s*[“\"]?\s*$"
)
FRONTED_RE = re.compile(  # used with match(text, pos): no "^"
    r"(?:[^,;]{0,40},\s*)?(?:Để\s+|để\s+)?(?:tiếp tục\s+|Tiếp tục\s+)?(?:[Tt]riển khai\s+|[Tt]hực hiện\s+|[Qq]uán triệt\s+)"
)
ORGANIZE_VERB = re.compile(r"(?:đã\s+)?(?:long trọng\s+)?(?:chỉ đạo\s+)?(?:phối hợp\s+)?tổ chức(?:\s+thành công)?\s*$")
BY_ORG_RE = re.compile(r"^\s*do\s*$")
# A leading adverbial of time before the subject: "Năm 2016, ", "Chiều 28/12, ".
LEAD_ADVERBIAL = re.compile(r"^(?:[^,;]{0,40},\s*)?$")

ROLE_WORDS = (
    "Phó Trưởng ban Thường trực", "Trưởng ban Thường trực", "Phó Chủ tịch - Tổng Thư ký", "Tổng Bí thư", "Phó Bí thư thường trực", "Phó Bí thư Thường trực", "Phó Bí thư", "Bí thư",
    "Chủ tịch nước", "Phó Chủ tịch nước", "Phó Chủ tịch thường trực", "Phó Chủ tịch", "Chủ tịch",
    "Thủ tướng Chính phủ", "Phó Thủ tướng", "Thủ tướng", "Ủy viên", "Uỷ viên", "Trưởng ban",
    "Trưởng Ban", "Phó Trưởng ban", "Phó Trưởng Ban", "Chủ nhiệm", "Phó Chủ nhiệm", "Bộ trưởng",
    "Thứ trưởng", "Giám đốc", "Phó Giám đốc", "Chánh Văn phòng", "Phó Chánh Văn phòng",
    "Trưởng đoàn", "Phó Trưởng đoàn", "Tổng Thư ký", "Chánh án", "Viện trưởng", "Tổng Biên tập",
    "Trưởng", "Phó", "Đại biểu", "Thường trực", "Ủy viên dự khuyết", "Vụ trưởng", "Cục trưởng",
    "Ủy viên thường vụ", "Tỉnh ủy viên", "Thành ủy viên", "Huyện ủy viên",
)
_ROLE_ALT = "|".join(sorted(map(re.escape, ROLE_WORDS), key=len, reverse=True))
LEADS_RE = re.compile(r"[^.;]{0,120}?\blàm\s+(?P<role>Trưởng đoàn|Phó Trưởng đoàn|Phó trưởng đoàn)")
#: Appointment verbs whose title is not a post held (yet or any more).
NOT_HELD_RE = re.compile(r"thôi giữ chức|miễn nhiệm|cách chức|đề nghị|giới thiệu")
ROLE_BEFORE_RE = re.compile(rf"(?P<former>nguyên\s+|Nguyên\s+)?(?:tân\s+|Tân\s+)?(?P<role>{_ROLE_ALT})\s*$", re.I)
ROLE_AFTER_RE = re.compile(
    rf"^\s*(?:\([^()]{{0,40}}\)\s*)?(?:(?:,|-|–|—)\s*(?P<former>nguyên\s+)?(?:tân\s+)?|"
    # "Đỗ Đức Duy … giữ chức Phó Bí thư Tỉnh ủy Yên Bái": an appointment
    rf"[^;.()]{{0,60}}?\b(?:giữ chức(?: vụ)?|nhận nhiệm vụ|được bầu (?:làm|giữ chức)|được bầu|"
    rf"trở thành(?: tân)?|bổ nhiệm (?:giữ chức|làm)|được phân công (?:làm|giữ chức)|kiêm(?: giữ chức)?|làm)\s+(?:tân\s+)?)"
    rf"(?P<role>{_ROLE_ALT})\s*$", re.I)
ROLE_NEXT_RE = re.compile(rf"^\s*(?:,|và)\s*(?P<former>nguyên\s+)?(?P<role>{_ROLE_ALT})\s*$", re.I)
# A post of a body the recogniser did not name: skipped, the list goes on.
ROLE_SKIP_RE = re.compile(rf"^\s*(?:,|-|–)\s*(?:nguyên\s+|tân\s+)?(?:{_ROLE_ALT})[^,;()]{{0,50}}?(?=,)", re.I)
# A national title with no body named: the body it is the title of.
DEFAULT_BODY = {"Tổng Bí thư": "đảng", "Thủ tướng": "chính phủ", "Chủ tịch nước": "nhà nước"}

SUB_OF_HEADS = {"Ban Thường vụ", "BTV", "Thường trực", "Thường vụ", "Ủy ban Kiểm tra", "UBKT",
                "Ban Tổ chức", "Ban Tuyên giáo", "Ban Tuyên giáo và Dân vận", "Ban Dân vận",
                "Ban Nội chính", "Ban Kinh tế", "Ban Đối ngoại", "Ban Khoa giáo", "Văn phòng",
                "Ủy ban Thường vụ", "Ban Pháp chế", "Ban Dân tộc", "Trường Chính trị"}
_SUB_HEAD_KEYS = {norm_key(h) for h in SUB_OF_HEADS}

CONFIDENCE = {"stated": 0.9, "pattern": 0.8, "loose": 0.6, "code": 0.5}


@dataclass
class SentenceView:
    """One sentence with its mentions, for the rules.

    >>> s = Sentence(0, 12, "Tỉnh ủy họp.")
    >>> SentenceView(0, s, [], s.text).between(0, 7)
    'Tỉnh ủy'
    """

    index: int
    sentence: Sentence
    mentions: list[Mention]
    text: str  # the article's text
    article_entities: frozenset = frozenset()  # entities the article mentions anywhere

    def between(self, a: Mention | int, b: Mention | int) -> str:
        s = a.end if isinstance(a, Mention) else a
        e = b.start if isinstance(b, Mention) else b
        return self.text[s:e]

    def of_type(self, *types: str) -> list[Mention]:
        return [m for m in self.mentions if m.type in types]


def extract_relations(result: ArticleResult, entities: dict[str, Entity]) -> list[Relation]:
    """All relations of one article (its mentions already resolved).

    >>> from graph.read.reader import article_from_text
    >>> from graph.analyse.pipeline import analyze
    >>> from graph.resolve.resolver import Resolver
    >>> art = article_from_text("a.txt", "Ngày 5/12/2023, Tỉnh ủy ban hành Nghị quyết số 23-NQ/TU.")
    >>> [result], entities = Resolver().resolve_all([ArticleResult(art, *analyze(art))])
    >>> sorted((r.predicate, r.value or entities[r.object].label) for r in extract_relations(result, entities))
    [('issuedBy', 'Tỉnh ủy'), ('issuedOn', '2023-12-05'), ('presumedIssuedBy', 'Tỉnh ủy')]
    """
    art = result.article
    year = int(art.published[:4]) if art.published else None
    by_sentence: dict[int, list[Mention]] = {}
    for m in result.mentions:
        by_sentence.setdefault(m.sentence, []).append(m)
    out: list[Relation] = []
    mentioned = frozenset(m.entity for m in result.mentions)
    for i, sent in enumerate(result.sentences):
        view = SentenceView(i, sent, sorted(by_sentence.get(i, []), key=lambda m: m.start), art.text,
                            mentioned)
        if not view.mentions:
            continue
        out += _issued(view, year)
        out += _positions(view, entities)
        out += _implements(view)
        out += _sub_organizations(view)
        out += _located(view)
        out += _authors(view)
        out += _organized(view)
    out += _bylines(result)
    out += _presumed_issuers(result, entities)
    # one statement per (kind, subject, object, value, role, sentence)
    seen, unique = set(), []
    for r in out:
        key = (r.predicate, r.subject, r.object, r.value, r.role, r.sentence)
        if key not in seen and r.subject != r.object:
            seen.add(key)
            unique.append(r)
    return unique


def _rel(subject: Mention | str, predicate: str, obj: Mention | str | None, view: SentenceView,
         rule: str, confidence: float, **kw) -> Relation:
    s = subject.entity if isinstance(subject, Mention) else subject
    o = obj.entity if isinstance(obj, Mention) else obj
    return Relation(s, predicate, o, view.index, rule, confidence, **kw)


def _issued(view: SentenceView, year: int | None) -> list[Relation]:
    out = []
    docs = view.of_type("Document")
    orgs = view.of_type("Organization")
    lead = LEAD_DATE_RE.match(view.text, view.sentence.start)
    for d in docs:
        # "Tỉnh ủy ban hành Nghị quyết số 23-NQ/TU"
        issuer = None
        for o in reversed([o for o in orgs if o.end <= d.start]):
            between = view.between(o, d)
            if (ISSUE_VERB.search(between) or (lead and re.fullmatch(r"\s*(?:đã\s+)?có\s*", between))) \
                    and ";" not in between and len(between) < 40:
                issuer = o
                out.append(_rel(d, "issuedBy", o, view, "rel-issue-verb", CONFIDENCE["stated"]))
                if lead:
                    date = parse_date(lead.group("date"), year)
                    if date:
                        out.append(_rel(d, "issuedOn", None, view, "rel-issue-lead-date",
                                        CONFIDENCE["stated"], value=date))
            break
        # "Kết luận số 01-KL/TW, ngày 18-5-2021 của Bộ Chính trị"
        nxt = [o for o in orgs if o.start >= d.end]
        if nxt and issuer is None:
            # "Chỉ thị 35-CT/TW và Kết luận 118-KL/TW của Bộ Chính trị": the issuer of both
            later = [e for e in docs if e.start >= d.end and e.end <= nxt[0].start]
            numbered = d.number and d.number.type_code and later and later[0].number and later[0].number.type_code
            tail = later[-1] if numbered and re.fullmatch(r"\s*(?:,|và)\s*", view.between(d, later[0])) else d
            m = OF_RE.match(view.between(tail, nxt[0]))
            if m:
                out.append(_rel(d, "issuedBy", nxt[0], view, "rel-issue-of", CONFIDENCE["pattern"]))
                # "của Bộ Chính trị, Ban Bí thư": co-issuers
                k = orgs.index(nxt[0])
                while k + 1 < len(orgs) and re.fullmatch(r"\s*(?:,|và)\s*", view.between(orgs[k], orgs[k + 1])):
                    k += 1
                    out.append(_rel(d, "issuedBy", orgs[k], view, "rel-issue-of-list", CONFIDENCE["pattern"]))
        after = DATE_AFTER_RE.match(view.text, d.end, view.sentence.end)
        if after:
            date = parse_date(after.group("date"), year)
            if date:
                out.append(_rel(d, "issuedOn", None, view, "rel-issue-date-after", CONFIDENCE["stated"],
                                value=date))
    return out


def _positions(view: SentenceView, entities: dict[str, Entity]) -> list[Relation]:
    out = []
    text = view.text
    orgs = view.of_type("Organization")
    mentioned = {m.entity for m in view.mentions}
    for p in view.of_type("Person"):
        if p.byline:
            continue
        # "Bí thư Tỉnh ủy Dương Văn Trang"; stacked: "Ủy viên Bộ Chính trị, Bí thư Thành ủy TP.HCM X"
        before_org = [o for o in orgs if o.end <= p.start and not text[o.end : p.start].strip()]
        if before_org:
            o = before_org[-1]
            m = ROLE_BEFORE_RE.search(text, max(view.sentence.start, o.start - 40), o.start)
            while m:
                out.append(_membership(p, o, m, view, "rel-title-org-name"))
                prev = [x for x in orgs if x.end <= m.start() and re.fullmatch(r"\s*,\s*", text[x.end : m.start()])]
                if not prev:
                    break
                o = prev[-1]
                m = ROLE_BEFORE_RE.search(text, max(view.sentence.start, o.start - 40), o.start)
        else:
            m = ROLE_BEFORE_RE.search(text, max(view.sentence.start, p.start - 40), p.start)
            if m and not text[m.end() : p.start].strip():
                body = DEFAULT_BODY.get(_role(m))
                iri = entity_iri("Organization", NATIONAL, body) if body else None
                if iri and (iri in mentioned or iri in view.article_entities):
                    out.append(_membership(p, iri, m, view, "rel-national-title"))
        # "Đoàn kiểm tra của Bộ Chính trị do đồng chí X … làm Trưởng đoàn"
        lead = LEADS_RE.match(text, p.end, view.sentence.end)
        if lead:
            head = [o for o in orgs if o.end <= p.start and o.rule == "org-delegation"
                    and re.fullmatch(r"\s*do\s+(?:đồng chí|ông|bà)?\s*", text[o.end : p.start])]
            if head:
                out.append(Relation(p.entity, "holdsPosition", head[-1].entity, view.index, "rel-do-lam-truong-doan",
                                    CONFIDENCE["pattern"], role=_CANONICAL_ROLE.get(norm_key(lead.group("role")), "Trưởng đoàn")))
        # "Đỗ Quang Minh, Bí thư Đảng uỷ Khối, Chủ tịch HĐND tỉnh"
        pos = p.end
        first = True
        persons_after = [q for q in view.of_type("Person") if q.start > p.end]
        for o in [o for o in orgs if o.start > p.end]:
            gap = text[pos : o.start]
            m = (ROLE_AFTER_RE if first else ROLE_NEXT_RE).match(gap)
            while not m and (skip := ROLE_SKIP_RE.match(gap)):
                gap = gap[skip.end() :]  # a post of a body not recognised, or of none
                m = ROLE_NEXT_RE.match(gap)
            if not m or (first and NOT_HELD_RE.search(gap[: m.start("role")])):
                break
            # "Chủ tịch nước Lương Cường, Thủ tướng Chính phủ Phạm Minh Chính": the title
            # and body before a name are that name's
            if any(q.start >= o.end and not text[o.end : q.start].strip() for q in persons_after):
                break
            out.append(_membership(p, o, m, view, "rel-name-title-org"))
            pos, first = o.end, False
    return out


_CANONICAL_ROLE = {norm_key(r): r.replace("Uỷ", "Ủy") for r in reversed(ROLE_WORDS)}


def _role(m: re.Match) -> str:
    """The title as the role list spells it ("Bí Thư", "phó bí thư" -> "Bí thư", "Phó Bí thư")."""
    role = m.group("role")
    return _CANONICAL_ROLE.get(norm_key(role), role[0].upper() + role[1:])


def _membership(person: Mention, org: Mention | str, m: re.Match, view: SentenceView, rule: str) -> Relation:
    role = _role(m)
    org_iri = org.entity if isinstance(org, Mention) else org
    # "Trưởng Ban Tổ chức …": the title is "Trưởng ban"
    if isinstance(org, Mention) and role in ("Trưởng", "Phó Trưởng", "Phó") and org.text.lower().startswith(("ban ", "đoàn ")):
        role = f"{role} {org.text.split()[0].lower()}"
    return Relation(person.entity, "holdsPosition", org_iri, view.index, rule, CONFIDENCE["pattern"],
                    role=role, former=bool(m.group("former")))


PASSIVE_IMPLEMENTED = re.compile(r"\s*(?:mới\s+|đã\s+|đang\s+)*được\s+(?:triển khai|thực hiện|quán triệt)")
ACTIVE_IMPLEMENTING = re.compile(r"\s*(?:đã và đang|đã|đang|tiếp tục|tích cực)?\s*(?:triển khai|thực hiện|quán triệt)")


def _after_subject_list(text: str, start: int, end: int) -> str:
    """The text after a subject and the list of bodies that follows it
    ("Ban cán sự Đảng UBND tỉnh, đảng đoàn, các cơ quan …, đảng ủy trực thuộc Tỉnh ủy đã …")."""
    m = re.match(r"(?:,\s*[^,;.]{1,60}?)*?(?=\s*(?:đã|đang|tiếp tục|tích cực)\b)", text[start:end])
    return text[start + (m.end() if m else 0) : end]


_NOT_SUBJECT_BEFORE = re.compile(r"(?:của|với|thuộc|trong|tại|cho|và|giúp việc|trực thuộc|đối với)\s*$")


def _subject(view: SentenceView) -> Mention | None:
    """The sentence's subject body: the first organisation that opens a clause.

    It stands at the sentence's start or after a comma ("Năm 2016, Đảng bộ Khối
    …"), is not the object of "của"/"trong"/"với", and a verb or a list follows it.
    """
    text = view.text
    for o in view.of_type("Organization"):
        head = text[view.sentence.start : o.start]
        clause = head[head.rfind(",") + 1 :] if "," in head else head
        if clause.strip() or _NOT_SUBJECT_BEFORE.search(head):
            continue
        after = text[o.end : min(o.end + 20, view.sentence.end)]
        if re.match(r"\s*(?:,|đã|đang|sẽ|vẫn|cũng|luôn|tiếp tục|tập trung|chủ động|[a-zđà-ỹ])", after) and not re.match(
                r"\s*(?:của|và|với|thuộc|trực thuộc)\b", after):
            return o
    return None


def _subject_list(view: SentenceView, subj: Mention) -> list[Mention]:
    """The subject and the bodies listed with it ("Tỉnh ủy, HĐND, UBND tỉnh")."""
    orgs = view.of_type("Organization")
    out = [subj]
    for o in orgs[orgs.index(subj) + 1 :]:
        if re.fullmatch(r"\s*(?:,|và)\s*", view.between(out[-1], o)):
            out.append(o)
        else:
            break
    return out


def _implements(view: SentenceView) -> list[Relation]:
    out = []
    targets = view.of_type("Document", "Campaign")
    # a name nested in another target's name is not a target of its own
    events = view.of_type("Event")
    targets = [t for t in targets if not any(
        u is not t and u.start <= t.start and t.end <= u.end for u in [*targets, *events])]
    if not targets:
        return out
    text = view.text
    subj = _subject(view)
    if subj:
        accepted: Mention | None = None
        for t in [t for t in targets if t.start > subj.end]:
            before = text[max(subj.end, t.start - 60) : t.start]
            # "thực hiện A, B và C": a list continues what the verb began
            listed = accepted is not None and re.fullmatch(
                r"[^;.]{0,40}?(?:,|\bvà)\s*", view.between(accepted, t))
            if IMPLEMENT_VERB.search(before) or listed:
                out.append(_rel(subj, "implements", t, view, "rel-subject-verb", CONFIDENCE["pattern"]))
                accepted = t
            else:
                accepted = None
    # "Nghị quyết 23 mới được triển khai …, nhưng … cho thấy Ban cán sự Đảng UBND tỉnh …
    # đã và đang triển khai …": the body that carries out the document the sentence is about
    for t in targets:
        if not PASSIVE_IMPLEMENTED.match(text, t.end, view.sentence.end):
            continue
        for o in view.of_type("Organization"):
            head = text[t.end : o.start]
            if o.start > t.end and re.search(r"(?:cho thấy|nhưng|,)\s*$", head) and ACTIVE_IMPLEMENTING.match(
                    _after_subject_list(text, o.end, view.sentence.end)):
                out.append(_rel(o, "implements", t, view, "rel-passive-document", CONFIDENCE["loose"]))
                break
    # "Thực hiện Chương trình hành động số 135 của Tỉnh ủy ..., Đảng bộ Khối đã ..."
    fronted = FRONTED_RE.match(text, view.sentence.start, view.sentence.end)
    if fronted:
        in_clause = [t for t in targets if t.start >= fronted.end() - 1]
        for o in view.of_type("Organization"):
            if not in_clause or o.start <= in_clause[0].end:
                continue
            last = max((t for t in in_clause if t.end <= o.start), key=lambda t: t.end)
            gap = text[last.end : o.start]
            if ";" in gap or gap.count(",") < 1 or re.search(r"(?:của|với|thuộc)\s*$", gap):
                continue
            tail = gap[gap.rfind(",") + 1 :]
            if tail.strip():
                continue
            for t in in_clause:
                if t.end <= o.start:
                    out.append(_rel(o, "implements", t, view, "rel-fronted-purpose", CONFIDENCE["pattern"]))
            break
    return out


def _sub_organizations(view: SentenceView) -> list[Relation]:
    out = []
    orgs = view.of_type("Organization")
    for i, o in enumerate(orgs):
        parent = o.parent_entity
        if parent and norm_key(o.sub_head or "") in _SUB_HEAD_KEYS:
            out.append(_rel(o, "subOrganizationOf", parent, view, "rel-name-structure", CONFIDENCE["stated"]))
            # "Ban Thường vụ, Thường trực Đảng ủy khối": a list shares the parent
            j = i - 1
            while j >= 0 and re.fullmatch(r"\s*,\s*", view.between(orgs[j], orgs[j + 1] if j + 1 < i else o)):
                prev = orgs[j]
                if prev.parent or norm_key(prev.text) not in _SUB_HEAD_KEYS:
                    break
                out.append(_rel(prev, "subOrganizationOf", parent, view, "rel-list-structure",
                                CONFIDENCE["loose"]))
                j -= 1
        # "Đảng ủy Công an tỉnh trực thuộc Tỉnh ủy"
        if i + 1 < len(orgs) and re.fullmatch(r"\s*(?:trực thuộc|thuộc)\s*", view.between(o, orgs[i + 1])):
            out.append(_rel(o, "subOrganizationOf", orgs[i + 1], view, "rel-truc-thuoc", CONFIDENCE["stated"]))
    return out


def _located(view: SentenceView) -> list[Relation]:
    out = []
    # a national body's "Việt Nam" is part of its name, not where it is
    places = [p for p in view.of_type("Place") if p.subtype != "Country"]
    for o in view.of_type("Organization", "Event"):
        for p in places:
            if o.start <= p.start and p.end <= o.end and p.end == o.end:
                out.append(_rel(o, "locatedIn", p, view, "rel-name-place", CONFIDENCE["stated"]))
            elif o.type == "Event" and p.start > o.end and re.fullmatch(
                r"\s*,?\s*tại\s+(?:tỉnh|thành phố|huyện|xã|phường|quận|thị xã)?\s*", view.between(o, p)
            ):
                out.append(_rel(o, "locatedIn", p, view, "rel-event-tai", CONFIDENCE["pattern"]))
    return out


def _authors(view: SentenceView) -> list[Relation]:
    out = []
    persons = [p for p in view.of_type("Person") if not p.byline]
    for d in view.of_type("Document"):
        if d.subtype != "Work":
            continue
        before = [p for p in persons if p.end <= d.start and d.start - p.end <= 3]
        after = [p for p in persons if p.start >= d.end and re.fullmatch(
            r"[”\"]?\s*của\s+(?:[^,;.]{0,40}\s)?", view.between(d, p))]
        near_before = [p for p in persons if p.end <= d.start and re.search(
            r"(?:tác phẩm|bài viết|bài báo|cuốn sách)\s+của\s+(?:[^,;.“]{0,40}\s)?$",
            view.text[max(0, p.start - 60) : p.start])]
        for p in (before and near_before and before[-1:]) or after[:1]:
            out.append(_rel(p, "authorOf", d, view, "rel-work-author", CONFIDENCE["pattern"]))
    return out


def _organized(view: SentenceView) -> list[Relation]:
    out = []
    orgs = view.of_type("Organization")
    for e in view.of_type("Event"):
        prev = [o for o in orgs if o.end <= e.start]
        if prev:
            subj = _subject(view)
            if subj and subj.end <= e.start and ORGANIZE_VERB.search(
                    view.text[max(subj.end, e.start - 30) : e.start]) and ";" not in view.between(subj, e):
                # "Tỉnh ủy, HĐND, UBND, UBMTTQ Việt Nam tỉnh đã tổ chức …": every body of the list
                for o in _subject_list(view, subj):
                    out.append(_rel(e, "organizedBy", o, view, "rel-subject-to-chuc", CONFIDENCE["pattern"]))
                continue
            o = prev[-1]
            between = view.between(o, e)
            if ORGANIZE_VERB.search(between) and ";" not in between and len(between) < 80:
                out.append(_rel(e, "organizedBy", o, view, "rel-org-to-chuc", CONFIDENCE["pattern"]))
                continue
        nxt = [o for o in orgs if o.start >= e.end]
        if nxt and re.fullmatch(r"\s*do\s*", view.between(e, nxt[0])):
            out.append(_rel(e, "organizedBy", nxt[0], view, "rel-event-do-org", CONFIDENCE["pattern"]))
    return out


def _bylines(result: ArticleResult) -> list[Relation]:
    out = []
    for m in result.mentions:
        if m.byline == "author":
            out.append(Relation(m.entity, "authorOf", article_iri(result.article.key), m.sentence,
                                "rel-byline", CONFIDENCE["stated"]))
    return out


# Issuer codes -> the body's canonical name as the resolver keys it.
ISSUER_BODIES = {"TU": "tỉnh ủy", "TW": "ban chấp hành trung ương đảng", "HU": "huyện ủy",
                 "ĐU": "đảng ủy", "BCT": "bộ chính trị", "BBT": "ban bí thư", "TƯ": "ban chấp hành trung ương đảng"}


def _presumed_issuers(result: ArticleResult, entities: dict[str, Entity]) -> list[Relation]:
    """The issuer a number's code implies, when the article names that body."""
    out = []
    by_key = {}
    for m in result.mentions:
        if m.type == "Organization":
            by_key.setdefault(norm_key(entities[m.entity].label), m.entity)
            by_key.setdefault(norm_key(m.text), m.entity)
    for m in result.mentions:
        code = m.number.issuer_code if m.number else None
        if m.type == "Document" and code in ISSUER_BODIES:
            target = by_key.get(ISSUER_BODIES[code])
            if target:
                out.append(Relation(m.entity, "presumedIssuedBy", target, m.sentence, "rel-issuer-code",
                                    CONFIDENCE["code"]))
    return out
