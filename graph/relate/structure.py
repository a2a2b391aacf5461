"""Bodies within bodies and where bodies are: subOrganizationOf, locatedIn by name.

subOrganizationOf: a body named as a part of another ("Ban Thường vụ Tỉnh ủy",
"Ủy ban Kiểm tra Huyện ủy": the sub-bodies of ``relations/sub_heads.txt`` and
the shared vocabulary), a list sharing the parent ("Ban Thường vụ, Thường trực
Đảng ủy Khối"), and what the sentence states: "X trực thuộc / thuộc Y",
"X của Y" for a part of a body ("Ủy ban Văn hóa xã hội của Quốc hội"), "X, Y"
for a unit and its parent ("Vụ Nghiên cứu, Ủy ban Kiểm tra Trung ương").

locatedIn from a name: the place a body's name ends with ("Tỉnh ủy Kon Tum",
"UBND huyện Kon Rẫy", "Sở GTVT TP.HCM", "CA Q. Hoàn Kiếm"), one relation to the
most specific place written (ruling 8), also a country in a national body's
name ("MTTQ Việt Nam"); "X tại / ở / của Y" for a foreign body ("Đại sứ quán
Việt Nam tại Mỹ", "Viện Nghiên cứu chiến lược của Anh").
"""

from __future__ import annotations

import re

from graph.model import Mention, Relation
from graph.relate import rules
from graph.relate.sentence import SentenceView, make_relation
from graph.text import norm_key

__all__ = ["extract_located", "extract_sub_organizations"]

# Heads of bodies that are units of a larger body: "Vụ …, Bộ …", "Phòng … thuộc Sở …"
_UNIT_HEAD = re.compile(r"(?:Vụ|Cục|Tổng cục|Phòng|phòng|Khoa|khoa|Viện|Trung tâm|Chi cục|Văn phòng|Ban|Cơ quan|"
                        r"Đại đội|Tiểu đoàn|Trung đoàn|Sư đoàn|Trường|Thanh tra|Kho bạc|Ủy ban|Hội đồng|Tiểu ban)\s")
_PART_OF = re.compile(r"\s*(?:trực thuộc|thuộc|trong|của)\s*")


def extract_sub_organizations(view: SentenceView) -> list[Relation]:
    """subOrganizationOf of one sentence."""
    out = []
    heads = rules.sub_heads()
    orgs = view.of_type("Organization")
    for i, o in enumerate(orgs):
        parent = o.parent_entity
        if parent and norm_key(o.sub_head or "") in heads:
            out.append(make_relation(o, "subOrganizationOf", parent, view, "rel-sub-name"))
        elif not parent:
            parent, rule = _parent_by_name(view, o)
            if parent:
                out.append(make_relation(o, "subOrganizationOf", parent, view, rule))
        if parent:
            # "Ban Thường vụ, Thường trực Đảng ủy khối": a list shares the parent
            j = i - 1
            while j >= 0 and re.fullmatch(r"\s*,\s*", view.between(orgs[j], orgs[j + 1] if j + 1 < i else o)):
                prev = orgs[j]
                if prev.parent or norm_key(prev.text) not in heads:
                    break
                out.append(make_relation(prev, "subOrganizationOf", parent, view, "rel-sub-list"))
                j -= 1
        if i + 1 >= len(orgs):
            continue
        nxt = orgs[i + 1]
        if nxt.start < o.end:
            continue
        gap = view.between(o, nxt)
        # "Đảng ủy Công an tỉnh trực thuộc Tỉnh ủy", "phòng Tài chính - Kế hoạch thuộc Sở KH-CN"
        if re.fullmatch(r"\s*(?:trực thuộc|thuộc)\s*", gap):
            out.append(make_relation(o, "subOrganizationOf", nxt, view, "rel-sub-thuoc"))
        # "Ủy ban Văn hóa xã hội của Quốc hội", "Nha Công an trong Bộ Nội vụ"
        elif re.fullmatch(r"\s*(?:của|trong)\s*", gap) and _UNIT_HEAD.match(o.text) and not o.parent:
            out.append(make_relation(o, "subOrganizationOf", nxt, view, "rel-sub-cua"))
        # "Vụ Nghiên cứu, Ủy ban Kiểm tra Trung ương": a unit and its body, not a list of bodies
        elif re.fullmatch(r"\s*(?:,|\()\s*", gap) and _UNIT_HEAD.match(o.text) and not o.parent and (
                i + 2 >= len(orgs) or not re.fullmatch(r"\s*(?:,|và)\s*", view.between(nxt, orgs[i + 2]))) and (
                i == 0 or not re.fullmatch(r"\s*(?:,|và)\s*", view.between(orgs[i - 1], o))) and \
                _unit_rank(o.text) > _unit_rank(nxt.text):
            out.append(make_relation(o, "subOrganizationOf", nxt, view, "rel-sub-apposition"))
    return out


# the Central Committee's own agencies: "Ban Tổ chức Trung ương", "Văn phòng Trung ương Đảng"
_CENTRAL_AGENCY = re.compile(r"(?i:ban (?:tổ chức|tuyên giáo(?: và dân vận)?|dân vận|nội chính|kinh tế|đối ngoại|khoa giáo|"
                             r"chính sách, chiến lược)|ủy ban kiểm tra|văn phòng|uỷ ban kiểm tra)\s+(?i:trung ương|tw)(?:\s+(?i:đảng))?$")
_CENTRAL_COMMITTEE = frozenset({"ban chấp hành trung ương đảng", "ban chấp hành trung ương", "trung ương đảng",
                                "bch trung ương đảng", "bch trung ương", "ban chấp hành trung ương đảng cộng sản việt nam",
                                "trung ương", "bch tw", "bchtw"})


def _parent_by_name(view: SentenceView, o: Mention) -> tuple[str | None, str]:
    """The body a sub-body's name names when the recogniser gave it no parent: "Ban Thường vụ
    Quận ủy" -> the article's "Quận ủy" (or the one longer name it begins)."""
    key = norm_key(o.text)
    orgs = [m for m in view.article_mentions if m.type == "Organization" and m.entity != o.entity]
    if _CENTRAL_AGENCY.match(key):
        # the corpus does not count the Central Committee's own agencies as its parts (in 19 of
        # 29 cases on train and dev it leaves them out): no relation
        return None, ""
    for head in sorted(rules.sub_heads(), key=len, reverse=True):
        if key.startswith(head + " "):
            rest = re.sub(r"^\([^()]*\)\s*", "", key[len(head) + 1:])
            if rest in _CENTRAL_COMMITTEE:
                return None, ""  # "Ban Chấp hành Trung ương" is the Central Committee itself
            same = {m.entity for m in orgs if norm_key(m.text) == rest}
            if not same:
                longer = {m.entity for m in orgs if norm_key(m.text).startswith(rest + " ")}
                same = longer if len(longer) == 1 else set()
            if len(same) == 1:
                return same.pop(), "rel-sub-name-text"
            return None, ""
    return None, ""


_RANKS = (("Đại đội", 1), ("Tiểu đoàn", 2), ("Phòng", 1), ("phòng", 1), ("Khoa", 1), ("khoa", 1), ("Vụ", 2),
          ("Cục", 3), ("Chi cục", 2), ("Tổng cục", 4), ("Văn phòng", 2), ("Cơ quan", 2), ("Thanh tra", 2),
          ("Trung tâm", 2), ("Viện", 2), ("Ban", 3), ("Kho bạc", 3), ("Trường", 2))


def _unit_rank(name: str) -> int:
    """Lower for smaller units: a unit is part of a body of higher rank (a body with no unit head ranks 9)."""
    for head, rank in _RANKS:
        if name.startswith(head + " "):
            return 10 - rank
    return 0


def extract_located(view: SentenceView) -> list[Relation]:
    """locatedIn of the bodies of one sentence (events: :mod:`graph.relate.events`)."""
    out = []
    places = view.of_type("Place")
    for o in view.of_type("Organization"):
        inner = [p for p in places if o.start <= p.start and p.end <= o.end]
        # the most specific place: the last one the name writes ("UBND xã Ia Chim, TP Kon Tum" -> Ia Chim)
        ending = [p for p in inner if p.end == o.end or re.fullmatch(r"\s*(?:\)|\(\w+\))?", view.text[p.end:o.end])]
        if ending:
            p = ending[-1]
            # "Quân đội nhân dân Việt Nam", "Hội Nhà báo Việt Nam": a national body's country too (ruling 8)
            out.append(make_relation(o, "locatedIn", p, view, "rel-loc-name"))
            continue
        if inner and p_is_unit(view, inner[-1], o):
            out.append(make_relation(o, "locatedIn", inner[-1], view, "rel-loc-name-inner"))
            continue
        # "Trường THPT Trưng Vương (TP.Quy Nhơn)": the place in brackets after the name
        bracket = next((p for p in places if p.start >= o.end and re.fullmatch(
            r"\s*\(\s*(?:(?:tỉnh|thành phố|TP\.?|huyện|quận|xã|phường|thị xã|H\.|Q\.|TX\.|TT\.)\s*)?",
            view.text[o.end:p.start]) and re.match(r"\s*\)", view.text[p.end:view.end])), None)
        if bracket is not None:
            out.append(make_relation(o, "locatedIn", bracket, view, "rel-loc-bracket"))
            continue
        # "Đại sứ quán Việt Nam tại Mỹ" (a name ending in "tại"), "Viện … của Anh", "có trụ sở ở …"
        for p in places:
            if p.start >= o.end and re.fullmatch(r"\s*(?:\([^()]{1,12}\)\s*)?(?:tại|ở|của|có trụ sở (?:tại|ở)(?: thành phố| tỉnh)?)\s*",
                                                 view.between(o, p)) and p.subtype in ("Country", None):
                out.append(make_relation(o, "locatedIn", p, view, "rel-loc-tai"))
                break
    return out


def p_is_unit(view: SentenceView, place: Mention, org: Mention) -> bool:
    """A place right after a unit word inside a name, the rest qualifying it: "UBND TP.Yên Bái (cũ)"."""
    return bool(re.fullmatch(r"\s*\((?:cũ|mới)\)", view.text[place.end:org.end]))
