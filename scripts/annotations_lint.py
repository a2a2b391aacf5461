"""Candidates for review against the corpus conventions and rulings (docs/gold-format.md).

Each check lists places in the stand-off annotations (``annotations/``) that a
convention or ruling may be broken at, one line each: file, check, detail,
context. A candidate is not necessarily wrong: review it in its text. The two
annotation sets are checked separately (``--set first``: politics/ and bulk/;
``--set second``: second/), so that one never informs the other.

    python scripts/annotations_lint.py --set first                 # every check
    python scripts/annotations_lint.py --set second --check r4-former
    python scripts/annotations_lint.py --list                      # the checks

Exit status 0 (candidates are for review, not errors); 2 on bad arguments.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from annotate import ANN, corpus_root, occurrences, read_text

__all__ = ["CHECKS", "Doc", "canonical_role", "load_set", "main"]

SETS = {"first": ("politics", "bulk"), "second": ("second",)}


@dataclass
class Doc:
    """One stand-off annotation with its text."""

    path: Path
    data: dict
    text: str

    @property
    def name(self) -> str:
        return self.path.name.removesuffix(".txt.json")

    def entity(self, eid: str) -> dict:
        return next(e for e in self.data["entities"] if e["id"] == eid)

    def label(self, eid: str) -> str:
        if eid == "article":
            return "article"
        e = self.entity(eid)
        return (e["mentions"] or e["optional"] or ["?"])[0]

    def evidence(self, rel: dict) -> str:
        a, b = rel["evidence"]
        return self.text[a:b]

    def strings(self, e: dict) -> list[tuple[str, bool]]:
        return [(s, False) for s in e["mentions"]] + [(s, True) for s in e["optional"]]

    def all_spans(self) -> list[tuple[int, int, str, str, bool]]:
        """Every occurrence of every string: (start, end, string, entity id, optional)."""
        out = []
        for e in self.data["entities"]:
            for s, opt in self.strings(e):
                out += [(a, b, s, e["id"], opt) for a, b in occurrences(self.text, s)]
        return out


def load_set(which: str, corpus: Path | None = None) -> list[Doc]:
    """The annotations of one set, ``first`` or ``second``, with their texts."""
    corpus = corpus or corpus_root()
    docs = []
    for folder in SETS[which]:
        for path in sorted((ANN / folder).glob("*.json")):
            data = json.loads(path.read_text("utf-8"))
            docs.append(Doc(path, data, read_text(data["file"], corpus)))
    return docs


def context(text: str, a: int, b: int, width: int = 50) -> str:
    """The text around [a, b), the span marked, on one line."""
    return (text[max(0, a - width):a] + "⟦" + text[a:b] + "⟧" + text[b:b + width]).replace("\n", " ⏎ ")


def sentence_at(text: str, a: int, b: int) -> tuple[int, int]:
    """The sentence (or line) around [a, b)."""
    s = max(text.rfind(".", 0, a), text.rfind("\n", 0, a), text.rfind(";", 0, a)) + 1
    ends = [i for i in (text.find(".", b), text.find("\n", b), text.find(";", b)) if i >= 0]
    return s, min(ends) if ends else len(text)


Finding = tuple[str, str]  # (detail, context)
CHECKS: dict[str, tuple[str, Callable[[Doc], Iterator[Finding]]]] = {}


def check(name: str, what: str):
    """Register a check: a function from a document to its findings."""
    def register(fn):
        CHECKS[name] = (what, fn)
        return fn
    return register


# -- roles ------------------------------------------------------------------------------
# The case of the role list (ruling 1): the titles a role is made of, longest first.
_ROLE_UNITS = (
    "Tỉnh ủy viên", "Thành ủy viên", "Huyện ủy viên", "Quận ủy viên", "Đảng ủy viên", "Xứ ủy viên",
    "Ủy viên Ban Thường vụ", "Ủy viên Thường vụ", "Ủy viên", "Ban Thường vụ", "Thường vụ", "Thường trực",
    "Tổng Bí thư", "Bí thư", "Chủ tịch", "Tổng Giám đốc", "Giám đốc", "Chánh Văn phòng", "Chánh Thanh tra",
    "Tổng Thanh tra", "Thanh tra", "Trưởng tiểu ban", "Trưởng ban", "Trưởng đoàn", "Trưởng phòng", "Trưởng khoa",
    "Trưởng trạm", "Trưởng", "Hiệu trưởng", "Thủ tướng", "Chủ nhiệm", "Đại biểu", "Tổng Thư ký", "Thư ký",
    "Chi cục trưởng", "Cục trưởng", "Vụ trưởng", "Viện trưởng", "Trạm trưởng", "Tư lệnh", "Chính ủy",
    "Chính trị viên", "Bộ trưởng", "Thứ trưởng", "Kế toán trưởng", "Hội trưởng", "Phó ban", "Phó",
)
_ROLE_UNIT_RE = re.compile("|".join(r"(?<!\w)" + re.escape(u) + r"(?!\w)" for u in _ROLE_UNITS), re.IGNORECASE)


def canonical_role(role: str) -> str:
    """A role written in the case of the role list (ruling 1); tone placement "uỷ" → "ủy".

    >>> canonical_role("Phó chủ tịch Thường trực")
    'Phó Chủ tịch Thường trực'
    >>> canonical_role("Trưởng Ban"), canonical_role("phó vụ trưởng"), canonical_role("Chánh văn phòng")
    ('Trưởng ban', 'Phó Vụ trưởng', 'Chánh Văn phòng')
    >>> canonical_role("Uỷ viên ban thường vụ"), canonical_role("quyền Vụ trưởng")
    ('Ủy viên Ban Thường vụ', 'quyền Vụ trưởng')
    """
    role = role.replace("Uỷ", "Ủy").replace("uỷ", "ủy")
    by_key = {u.lower(): u for u in _ROLE_UNITS}
    return _ROLE_UNIT_RE.sub(lambda m: by_key[m.group(0).lower()], role)


@check("r1-role-case", "ruling 1: a role not written in the case of the role list")
def role_case(doc: Doc) -> Iterator[Finding]:
    for r in doc.data["relations"]:
        if r["relation"] == "holdsPosition" and r["role"] != canonical_role(r["role"]):
            yield f"{r['role']!r} → {canonical_role(r['role'])!r}", doc.evidence(r)


@check("r1-role-head", "ruling 1: 'Trưởng'/'Phó' without the head noun written after it")
def role_head(doc: Doc) -> Iterator[Finding]:
    for r in doc.data["relations"]:
        if r["relation"] != "holdsPosition":
            continue
        role = r["role"]
        if re.fullmatch(r"(?i)(phó )?trưởng|phó", role):
            yield f"role {role!r} → {doc.label(r['object'])!r}", doc.evidence(r)


# -- standing committees -------------------------------------------------------------------
_BTV = re.compile(r"(?i)^(ban thường vụ|btv|thường vụ|ban tv)\b")


@check("r2-btv", "ruling 2: membership of a standing committee (role 'Ủy viên Ban Thường vụ' of the committee)")
def btv(doc: Doc) -> Iterator[Finding]:
    for r in doc.data["relations"]:
        if r["relation"] != "holdsPosition":
            continue
        obj = doc.entity(r["object"])
        names = obj["mentions"] + obj["optional"]
        role = r["role"]
        if any(_BTV.match(s) for s in names) and not re.search(r"(?i)thường vụ", role):
            yield f"role {role!r} of the committee {doc.label(r['object'])!r}", doc.evidence(r)
        if re.search(r"(?i)thường vụ", role) and any(_BTV.match(s) for s in names):
            yield f"role {role!r} points at the committee itself {doc.label(r['object'])!r}", doc.evidence(r)


@check("r2-joined", "ruling 2: a joined title ('Phó Chủ tịch - Tổng Thư ký') is two posts")
def joined(doc: Doc) -> Iterator[Finding]:
    for r in doc.data["relations"]:
        if r["relation"] == "holdsPosition" and re.search(r" [-–] ", r["role"]):
            yield f"joined role {r['role']!r}", doc.evidence(r)


_COMMITTEE_MEMBER = re.compile(r"(?i)\b(tỉnh|thành|huyện|quận|thị|đảng|xứ) ủy viên\b")


@check("r2-member", "ruling 2: 'Tỉnh ủy viên', 'Đảng ủy viên' … are the roles as written, not 'Ủy viên'")
def committee_member(doc: Doc) -> Iterator[Finding]:
    for r in doc.data["relations"]:
        if r["relation"] == "holdsPosition" and _norm(r["role"]) == "ủy viên" and \
                _COMMITTEE_MEMBER.search(doc.evidence(r).replace("uỷ", "ủy")):
            yield f"role {r['role']!r} → {doc.label(r['object'])!r}", doc.evidence(r)


# -- national titles -------------------------------------------------------------------------
_NATIONAL = {"Tổng Bí thư": ("Tổng Bí thư", "Đảng"), "Thủ tướng": ("Thủ tướng", "Chính phủ"),
             "Phó Thủ tướng": ("Phó Thủ tướng", "Chính phủ"), "Chủ tịch Quốc hội": ("Chủ tịch", "Quốc hội"),
             "Phó Chủ tịch Quốc hội": ("Phó Chủ tịch", "Quốc hội")}


@check("r3-national", "ruling 3: national titles (Tổng Bí thư, Thủ tướng, Chủ tịch Quốc hội) before a person")
def national(doc: Doc) -> Iterator[Finding]:
    people = {}
    for a, b, _s, eid, _opt in doc.all_spans():
        if doc.entity(eid)["type"] == "Person":
            people.setdefault(a, (b, eid))
    held = {(r["subject"], _norm(r.get("role", ""))) for r in doc.data["relations"] if r["relation"] == "holdsPosition"}
    seen = set()
    for title in sorted(_NATIONAL, key=len, reverse=True):
        role, _ = _NATIONAL[title]
        for m in re.finditer(r"(?<!\w)" + re.escape(title) + r"(?: Chính phủ| Đảng)?\s+", doc.text):
            if doc.text[max(0, m.start() - 4):m.start()] == "Phó " and not title.startswith("Phó"):
                continue
            hit = people.get(m.end())
            if not hit or (hit[1], role) in seen:
                continue
            seen.add((hit[1], role))
            if (hit[1], _norm(role)) not in held:
                yield f"no holdsPosition {role!r} for {doc.label(hit[1])!r}", context(doc.text, m.start(), hit[0])
    bodies = {role: body for role, body in _NATIONAL.values() if role in ("Tổng Bí thư", "Thủ tướng", "Phó Thủ tướng")}
    for r in doc.data["relations"]:
        if r["relation"] != "holdsPosition":
            continue
        if r.get("role") in bodies:
            obj = doc.entity(r["object"])
            if bodies[r["role"]] not in obj["mentions"] + obj["optional"]:
                yield f"{r['role']!r} → {doc.label(r['object'])!r} (ruling: {bodies[r['role']]})", doc.evidence(r)
        if re.search(r"(?i)chủ tịch nước|tổng thống|đại sứ", r.get("role", "")) or \
                doc.entity(r["object"])["type"] != "Organization":
            yield f"role {r['role']!r} → {doc.label(r['object'])!r}", doc.evidence(r)


def _norm(role: str) -> str:
    return canonical_role(role).lower()


# -- former posts -----------------------------------------------------------------------------
_FORMER = re.compile(r"(?<!Tài )(?<!Thái )(?<!Tây )(?<!Cao )\b(nguyên|từng|thôi giữ|thôi (?:chức|làm|nhiệm vụ)|"
                     r"cách (?:hết |tất cả )?(?:các )?chức|cho thôi|nghỉ hưu|lần lượt|miễn nhiệm|bãi nhiệm|cựu|"
                     r"khi còn|trong thời gian (?:giữ|làm|đảm nhiệm)|trước khi|không tiếp tục|thôi đại biểu|"
                     r"sẽ thôi|sẽ miễn nhiệm)\b", re.IGNORECASE)


@check("r4-former", "ruling 4: a former-post word near a holdsPosition, or former without one")
def former(doc: Doc) -> Iterator[Finding]:
    for r in doc.data["relations"]:
        if r["relation"] != "holdsPosition":
            continue
        a, b = r["evidence"]
        s, _ = sentence_at(doc.text, a, b)
        window = doc.text[s:b]
        words = sorted({m.group(1).lower() for m in _FORMER.finditer(window)})
        if words and not r.get("former"):
            yield f"not former, but {words}: {doc.label(r['subject'])} {r['role']} {doc.label(r['object'])}", window[-220:]
        if r.get("former") and not words:
            yield f"former without a word: {doc.label(r['subject'])} {r['role']} {doc.label(r['object'])}", window[-220:]


# -- province -----------------------------------------------------------------------------------
@check("r5-province", "ruling 5: the province (null for national or foreign news): every article, for review")
def province(doc: Doc) -> Iterator[Finding]:
    first = doc.text.strip().split("\n")[0][:120]
    yield f"province {doc.data.get('province')!r}", first


# -- nesting -------------------------------------------------------------------------------------
_STREET = re.compile(r"(?i)^(đường|phố|đại lộ|quốc lộ|tỉnh lộ|cầu|sân bay|sông|cao tốc|xa lộ|ngã|hẻm|ngõ|"
                     r"tòa nhà|nhà|khách sạn|trung tâm hội nghị|hội trường)\b")


def _nested_in(doc: Doc, spans, a: int, b: int, own: str, optional: bool = False) -> list[str]:
    """The required (or also the optional) strings of other entities that contain [a, b)."""
    return sorted({s for (x, y, s, eid, opt) in spans
                   if x <= a and b <= y and (x, y) != (a, b) and eid != own and (optional or not opt)})


@check("r6-nesting", "nesting rule and ruling 6: nested names required or optional by type; street names")
def nesting(doc: Doc) -> Iterator[Finding]:
    spans = doc.all_spans()
    for e in doc.data["entities"]:
        for s, opt in doc.strings(e):
            occ = occurrences(doc.text, s)
            outer = [_nested_in(doc, spans, a, b, e["id"]) for a, b in occ]
            alone = [o for o in outer if not o]
            if e["type"] in ("Organization", "Event") and not opt and occ and not alone:
                yield f"{e['type']} {s!r} required but only nested (in {outer[0][:2]})", ""
            if e["type"] in ("Person", "Place", "Document", "Campaign") and opt and not e["mentions"] and \
                    any(o and not any(_STREET.match(x) for x in o) for o in outer):
                yield f"{e['type']} {s!r} wholly optional but nested in a name ({next(o for o in outer if o)[:2]})", ""
            within = [_nested_in(doc, spans, a, b, e["id"], optional=True) for a, b in occ]
            if e["type"] in ("Person", "Place") and not opt and occ and all(
                    o and any(_STREET.match(x) for x in o) for o in within):
                yield f"{e['type']} {s!r} required but only in street/building names ({within[0][:2]})", ""


@check("r7-numbered", "ruling 7: numbered units keep their unit word; streets, rivers, buildings wholly optional")
def numbered(doc: Doc) -> Iterator[Finding]:
    for e in doc.data["entities"]:
        for s, opt in doc.strings(e):
            if e["type"] == "Place" and re.fullmatch(r"\d+[A-Z]?", s):
                yield f"Place {s!r} without its unit word", ""
            if e["type"] == "Place" and not opt and _STREET.match(s):
                yield f"Place {s!r} required: a street, river or building?", ""


# -- relations from names -----------------------------------------------------------------------
_GENERIC_PLACE = {"TP", "Tp", "tỉnh", "Tỉnh", "thành phố", "Thành phố", "huyện", "quận", "Quận", "Thủ đô", "nước"}


@check("r8-located", "ruling 8: an organisation named with a place but no locatedIn; more than one locatedIn")
def located(doc: Doc) -> Iterator[Finding]:
    places = {}
    for e in doc.data["entities"]:
        if e["type"] == "Place":
            for s, _ in doc.strings(e):
                places[s] = e["id"]
    have = Counter(r["subject"] for r in doc.data["relations"] if r["relation"] == "locatedIn")
    for e in doc.data["entities"]:
        # ruling 16: only a required mention carries a relation read off the name
        found = sorted({p for s in e["mentions"] for p in places if p != s and p not in _GENERIC_PLACE
                        and occurrences(s, p)})
        if e["type"] == "Organization" and found and not have[e["id"]]:
            yield f"{doc.label(e['id'])!r} names {found} but has no locatedIn", ""
        if have[e["id"]] > 1:
            objs = [doc.label(r["object"]) for r in doc.data["relations"]
                    if r["relation"] == "locatedIn" and r["subject"] == e["id"]]
            yield f"{doc.label(e['id'])!r} has {have[e['id']]} locatedIn: {objs}", ""


_NAME_RELATIONS = ("locatedIn", "subOrganizationOf")


@check("r16-name-relations", "ruling 16: a relation read off the name of a wholly optional (nested) entity")
def name_relations(doc: Doc) -> Iterator[Finding]:
    for r in doc.data["relations"]:
        subj = doc.entity(r["subject"])
        if r["relation"] in _NAME_RELATIONS and not subj["mentions"] and doc.evidence(r) in subj["optional"]:
            yield f"{doc.label(r['subject'])!r} {r['relation']} {doc.label(r['object'])!r}", doc.evidence(r)


# Events named with a body that are not that body's own meeting (ruling 9)
_NOT_OWN_MEETING = re.compile(r"(?i)(buổi làm việc|buổi gặp|cuộc gặp|chuyến|bầu cử|cuộc bầu cử|lễ kỷ niệm|kỷ niệm|"
                              r"buổi tiếp|cuộc hội đàm|họp báo|buổi họp báo)")


@check("r9-organized", "ruling 9: an event named with its body but no organizedBy")
def organized(doc: Doc) -> Iterator[Finding]:
    orgs = {}
    for e in doc.data["entities"]:
        if e["type"] == "Organization":
            for s, _ in doc.strings(e):
                orgs[s] = e["id"]
    have = {r["subject"] for r in doc.data["relations"] if r["relation"] == "organizedBy"}
    for e in doc.data["entities"]:
        if e["type"] != "Event" or e["id"] in have:
            continue
        if not e["mentions"] or _NOT_OWN_MEETING.match(doc.label(e["id"])):
            continue
        found = sorted({o for s, _ in doc.strings(e) for o in orgs if len(o) > 3 and occurrences(s, o)})
        if found:
            yield f"{doc.label(e['id'])!r} names {found[:4]} but has no organizedBy", ""


_CEREMONY = re.compile(r"(?<!\w)(?:[Ll]ễ (?:trao|công bố|kỷ niệm|khai mạc|bế mạc|phát động|ra mắt|tuyên dương|"
                       r"mít tinh|đón|ký|truy điệu|viếng|tang|an táng|khánh thành|khởi công)|buổi tiếp xúc cử tri|"
                       r"[Pp]hiên (?:họp|thảo luận|chất vấn|khai mạc|bế mạc|toàn thể)|[Kk]ỳ họp|cuộc tiếp xúc cử tri)")


@check("r10-ceremony", "ruling 10: ceremonies and meetings of a kind: events; a bare 'buổi lễ', 'cuộc họp' is none")
def ceremony(doc: Doc) -> Iterator[Finding]:
    spans = [(a, b) for a, b, s, eid, opt in doc.all_spans() if doc.entity(eid)["type"] == "Event"]
    for m in _CEREMONY.finditer(doc.text):
        if not any(a <= m.start() < b for a, b in spans):
            yield f"{m.group(0)!r} not in an event", context(doc.text, m.start(), m.end())
    for e in doc.data["entities"]:
        for s in e["mentions"]:
            if e["type"] == "Event" and re.fullmatch(r"(?i)(buổi lễ|lễ|cuộc họp|buổi họp|buổi tiếp|hội nghị|"
                                                     r"đại hội|kỳ họp|phiên họp|buổi làm việc|cuộc gặp|hội thảo)", s):
                yield f"Event {s!r} required: a bare head noun", ""


@check("r11-implements", "ruling 11: implements stated by 'căn cứ' or 'đôn đốc'/'giám sát' (not implements)")
def implements(doc: Doc) -> Iterator[Finding]:
    for r in doc.data["relations"]:
        if r["relation"] == "implements":
            ev = doc.evidence(r)
            if re.search(r"(?i)căn cứ|đôn đốc|giám sát|kiểm tra việc|theo dõi", ev):
                yield f"{doc.label(r['subject'])} implements {doc.label(r['object'])}", ev


@check("r12-issued", "ruling 12: 'của Thủ tướng/Chủ tịch …' after a document; issuedOn without a written year")
def issued(doc: Doc) -> Iterator[Finding]:
    have = {r["subject"] for r in doc.data["relations"] if r["relation"] == "issuedBy"}
    for e in doc.data["entities"]:
        if e["type"] != "Document":
            continue
        for s, _ in doc.strings(e):
            for a, b in occurrences(doc.text, s):
                m = re.match(r"[^.;\n]{0,40}?\bcủa (Thủ tướng|Phó Thủ tướng|Chủ tịch|Bộ trưởng|Tổng Bí thư|Giám đốc)",
                             doc.text[b:])
                if m and e["id"] not in have:
                    yield f"{s!r} of a head of a body, no issuedBy", context(doc.text, a, b + m.end())
    for r in doc.data["relations"]:
        if r["relation"] == "issuedOn":
            ev = doc.evidence(r)
            year = str(r["value"])[:4]
            if year not in ev:
                yield f"issuedOn {r['value']} but {year} not in the evidence", ev


@check("r13-same-string", "ruling 13: one string required in two entities")
def same_string(doc: Doc) -> Iterator[Finding]:
    seen: dict[str, list[str]] = {}
    for e in doc.data["entities"]:
        for s in e["mentions"]:
            seen.setdefault(s, []).append(e["id"])
    for s, ids in seen.items():
        if len(ids) > 1:
            yield f"{s!r} required in {[(i, doc.label(i)) for i in ids]}", ""


# Bare names of bodies (rulings 14 and 17)
_BARE = re.compile(r"(?i)^(đảng bộ|đảng ủy|đảng uỷ|ban thường vụ|btv|ban chấp hành|bch|thường trực|ban thường trực|"
                   r"thường vụ|ban cán sự đảng|đảng đoàn|hđnd|ubnd|mặt trận)$")


@check("r14-bare", "rulings 14, 17: bare names of bodies (required only as the body's only name)")
def bare(doc: Doc) -> Iterator[Finding]:
    for e in doc.data["entities"]:
        for s, opt in doc.strings(e):
            if not _BARE.match(s):
                continue
            others = [m for m in e["mentions"] if m != s]
            if not opt and others:
                yield f"bare {s!r} required beside {others[:3]}", ""
            if opt and not e["mentions"]:
                yield f"bare {s!r} optional, no required name (others {e['optional'][:3]})", ""


@check("r15-media", "ruling 15: outlets named as a source; credits and website tags wholly optional")
def media(doc: Doc) -> Iterator[Finding]:
    for e in doc.data["entities"]:
        for s in e["mentions"]:
            if re.search(r"(?i)\.(vn|com|net|org)\b|www\.|https?:", s):
                yield f"{e['type']} {s!r} required: a website tag?", ""
            if re.fullmatch(r"[A-Z]{2,4}", s) and e["type"] == "Person":
                yield f"Person {s!r}: a credit that is not a name?", ""
    starts = {x for x, *_ in doc.all_spans()}
    for m in re.finditer(r"(?:Ảnh|Nguồn|Ảnh minh họa)\s*:\s*(?=\w)", doc.text):
        if m.end() not in starts:
            yield "credit not annotated", context(doc.text, m.start(), m.end() + 25)


# -- mention forms ---------------------------------------------------------------------------------
_UNIT = re.compile(r"^(tỉnh|Tỉnh|huyện|Huyện|xã|Xã|thành phố|Thành phố|TP\.?|tp\.?|quận|Quận|phường|Phường|"
                   r"thị xã|Thị xã|thị trấn|Thị trấn|H\.|TX\.?|Q\.|P\.|TT\.|thôn|Thôn|ấp|bản|làng|tổ dân phố)\s*")


@check("place-unit", "Place mentions with their unit word ('tỉnh X', 'TP X'), except TP.HCM and numbered units")
def place_unit(doc: Doc) -> Iterator[Finding]:
    for e in doc.data["entities"]:
        if e["type"] != "Place":
            continue
        for s in e["mentions"]:
            m = _UNIT.match(s)
            if not m or re.fullmatch(r"(?i)tp\.? ?hcm|tphcm|tp\.? ?hồ chí minh", s):
                continue
            rest = s[m.end():]
            if re.fullmatch(r"\d+[A-Z]?", rest):
                continue
            yield f"Place {s!r} → {rest!r}" + ("" if rest in e["mentions"] else " (not listed)"), ""


_TITLE = re.compile(r"^(ông|Ông|bà|Bà|anh|Anh|chị|Chị|đồng chí|Đồng chí|cô|Cô|chú|Chú|cụ|Cụ|"
                    r"Bí thư|Chủ tịch|Thủ tướng|Tổng Bí thư|Tổng thống|Bộ trưởng|Giám đốc|Phó|Thượng tướng|"
                    r"Đại tướng|Trung tướng|Thiếu tướng|Đại tá|GS|PGS|TS|ThS|Ths|BS|Tiến sĩ|Thạc sĩ|Nghị sĩ|"
                    r"Ngài|Thứ trưởng|Đại sứ|Luật sư|luật sư|bị cáo|Bị cáo|Bác|nhà báo|Nhà báo|NSƯT|NSND|"
                    r"Thủ tướng Chính phủ|Chủ tịch nước|Hòa thượng|Thượng tọa|Linh mục|Trung tá|Thiếu tá|Đại úy)[ .]")


@check("person-title", "Person mentions that include a title or honorific ('ông X', 'Bí thư X')")
def person_title(doc: Doc) -> Iterator[Finding]:
    for e in doc.data["entities"]:
        if e["type"] == "Person":
            for s in e["mentions"]:
                if _TITLE.match(s):
                    yield f"Person {s!r}", ""


_EDGE = re.compile(r"^[\s\"'“”‘’(«,.;:–—-]|[\s\"'“”‘’)»,.;:–—-]$")
_VERB_END = re.compile(r"(?i)\b(là|đã|và|của|tổ chức|ban hành|được|với|cho|tại|về|đến|từ|sẽ|đang|có|thì|"
                       r"nhằm|theo|do|trong|ngày|năm)$")


@check("mention-edge", "mentions with outer punctuation or a trailing function word or verb")
def mention_edge(doc: Doc) -> Iterator[Finding]:
    for e in doc.data["entities"]:
        for s in e["mentions"]:
            if _EDGE.search(s) and not re.search(r"\.$", s) or (s.count("(") != s.count(")")) or \
                    (s.count("“") != s.count("”")):
                yield f"{e['type']} {s!r}: punctuation at its edge or unbalanced", ""
            elif _VERB_END.search(s) and e["type"] not in ("Document", "Campaign"):
                yield f"{e['type']} {s!r}: ends in a function word", ""


_HONORIFIC = (r"(?:ông|Ông|bà|Bà|anh|Anh|chị|Chị|đồng chí|Đồng chí|cô|chú|cụ|Cụ|Bí thư|Chủ tịch|Thủ tướng|Tổng thống|"
              r"Bộ trưởng|Tổng Bí thư|Thượng tướng|Trung tướng|Thiếu tướng|Đại tướng|Đại tá|Thượng tá|Trung tá|"
              r"Thứ trưởng|Giám đốc|Chủ nhiệm|Phó Chủ tịch|Phó Thủ tướng|Nghị sĩ|Thượng nghị sĩ|Ngài)")


@check("person-later", "later references by honorific and given name ('ông Hùng') not annotated")
def person_later(doc: Doc) -> Iterator[Finding]:
    covered = {(a, b) for a, b, *_ in doc.all_spans()}
    spans = doc.all_spans()
    for e in doc.data["entities"]:
        if e["type"] != "Person":
            continue
        names = [s for s, _ in doc.strings(e)]
        full = [s for s in names if len(s.split()) >= 2]
        if not full:
            continue
        given = {s.split()[-1] for s in full} | {" ".join(s.split()[-2:]) for s in full if len(s.split()) >= 3}
        for g in given:
            if g in names:
                continue
            for m in re.finditer(r"(?<!\w)" + _HONORIFIC + r" (" + re.escape(g) + r")(?!\w)", doc.text):
                a, b = m.span(1)
                if (a, b) in covered or any(x <= a and b <= y for x, y, *_ in spans):
                    continue
                yield f"{g!r} of {names[0]!r} not annotated", context(doc.text, m.start(), b)
                break


_BOILER = re.compile(r"(?i)bình luận|đăng nhập|chia sẻ|xem thêm|tin liên quan|quảng cáo|bản quyền|"
                     r"hotline|email|facebook|zalo|tải ứng dụng|theo dõi|độc giả")


@check("boilerplate", "mentions on site boilerplate lines (comments, share, login, related news)")
def boilerplate(doc: Doc) -> Iterator[Finding]:
    lines = []
    pos = 0
    for line in doc.text.split("\n"):
        lines.append((pos, pos + len(line), line))
        pos += len(line) + 1
    for a, _b, s, eid, opt in doc.all_spans():
        if opt:
            continue
        for x, y, line in lines:
            if x <= a < y and _BOILER.search(line) and len(line) < 200:
                yield f"{doc.entity(eid)['type']} {s!r} on a boilerplate line", line[:120]
                break


def run(which: str, names: list[str] | None = None) -> list[tuple[str, str, str, str]]:
    """Every candidate of the chosen checks over one set: (file, check, detail, context)."""
    out = []
    for doc in load_set(which):
        for name, (_, fn) in CHECKS.items():
            if names and name not in names:
                continue
            seen = set()
            for detail, ctx in fn(doc):
                if (detail, ctx) in seen:
                    continue
                seen.add((detail, ctx))
                out.append((doc.name, name, detail, ctx))
    return out


def main(argv: list[str] | None = None) -> int:
    """The command line: print the candidates of one set (see the module docstring)."""
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--set", choices=sorted(SETS), default="first", help="first (politics/, bulk/) or second")
    ap.add_argument("--check", action="append", help="only these checks (repeatable)")
    ap.add_argument("--list", action="store_true", help="list the checks")
    ap.add_argument("--count", action="store_true", help="only the number of candidates per check")
    args = ap.parse_args(argv)
    if args.list:
        for name, (what, _) in CHECKS.items():
            print(f"{name:18} {what}")
        return 0
    unknown = [c for c in args.check or [] if c not in CHECKS]
    if unknown:
        ap.error(f"unknown check(s): {', '.join(unknown)} (see --list)")
    found = run(args.set, args.check)
    if args.count:
        for name, n in Counter(c for _, c, _, _ in found).most_common():
            print(f"{n:5} {name}")
        return 0
    for file, name, detail, ctx in found:
        print(f"{file}  {name}  {detail}" + (f"  «{ctx}»" if ctx else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
