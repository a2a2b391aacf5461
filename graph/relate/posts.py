"""Posts people hold: holdsPosition, from the titles written around their names.

A *post* is a title and the body it is written with ("Bí thư" + "Tỉnh ủy Bình
Định"). Posts come in chains, separated by commas, dashes, "kiêm", "và":

* before a name: "Ủy viên Bộ Chính trị, Bí thư Thành ủy Hà Nội Đinh Tiến Dũng",
  "Bí thư Tỉnh ủy, đồng chí Hồ Quốc Dũng" (honorifics and ranks may stand between);
* after a name: "Nguyễn Văn Thành - Tỉnh ủy viên, Phó Chủ tịch HĐND tỉnh",
  "ông Mai Xuân Sáng (57 tuổi, Phó bí thư, Chủ tịch UBND xã Kiến Thành)";
* after a name and a verb: "ông Nhân là …", "được bầu giữ chức …", "từng là …"
  (``relations/post_links.tsv`` says which verbs make a post former, begun or ended);
* before a list: "các Ủy viên Bộ Chính trị: Chủ tịch nước Lương Cường, …" gives the
  post to everyone listed;
* before "đối với": "cách chức Bí thư Chi bộ … đối với ông Nguyễn Hòa".

A chain between two names ("Lương Cường, Thủ tướng Chính phủ Phạm Minh Chính")
gives its last post to the second name and the others to the first. "nguyên",
"cựu" make a post former, and before the first post of a chain, the chain.
A title that names the head noun of the body ("Trưởng Ban Tổ chức Tỉnh ủy")
shares that word with the body. A title written without a body gives no post,
except the national titles (``relations/national_titles.tsv``), the
"Tỉnh ủy viên"-kind titles (the one such committee the article names), and a
title followed by one of its own family with a body ("Phó hiệu trưởng, Hiệu
trưởng Trường THPT Trưng Vương": both of that school).

Delegations: "Đoàn … do [posts] Nguyễn Văn A làm Trưởng đoàn" / "dẫn đầu".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from graph.model import Mention, Relation
from graph.rdf.iris import NATIONAL, entity_iri
from graph.relate import rules
from graph.relate.sentence import SentenceView, body_named_in, make_relation
from graph.text import norm_key

__all__ = ["Post", "extract_posts", "post_chains"]


@dataclass
class Post:
    """A title in a sentence, with the body written after it (if any)."""

    start: int  # the title, or "nguyên" before it
    end: int  # after the body and what qualifies it ("khóa XII", "của Quốc hội")
    role: str
    body: Mention | None
    former: bool
    body_iri: str | None = None  # a body not written after the title (national titles)


@dataclass
class Chain:
    posts: list[Post] = field(default_factory=list)

    @property
    def start(self) -> int:
        return self.posts[0].start

    @property
    def end(self) -> int:
        return self.posts[-1].end


# -- the words ----------------------------------------------------------------------------
@cache
def _role_res() -> tuple[re.Pattern, dict[str, str]]:
    titles = rules.roles()
    canonical = {norm_key(t): t for t in titles}
    long = [t for t in titles if " " in t]
    short = [t for t in titles if " " not in t]  # "Trưởng", "Phó": only capitalised
    alt = rules.alternation(long)
    short_alt = rules.alternation(short)
    pattern = (rf"(?<!\w)(?P<former>(?i:nguyên|cựu)\s+)?(?P<new>(?i:tân)\s+)?(?P<acting>(?i:quyền)\s+)?"
               rf"(?P<role>(?i:{alt})|{short_alt})(?!\w)")
    return re.compile(pattern), canonical


@cache
def _honorific_re() -> re.Pattern:
    return re.compile(rf"(?:(?i:{rules.alternation(rules.honorifics())})\.?\s+)*")


@cache
def _link_re() -> re.Pattern:
    alt = rules.alternation(rules.links())
    return re.compile(rf"(?<!\w)(?P<link>(?i:{alt}))\s*(?:(?i:các\s+)?(?i:chức vụ|chức danh|chức|cương vị|vị trí)\s*:?\s*)?$")


# between two posts of a chain
_SEP_RE = re.compile(r"\s*(?:,|;|-|–|—|\+|kiêm nhiệm|kiêm|và|rồi|sau đó|đồng thời|cũng là)\s*(?:,\s*)?(?:kiêm\s+)?")
# what qualifies a body: its term, "của Quốc hội" (below), a bracket
_TAIL_RE = re.compile(
    r"(?:\s*\((?:[Kk]hóa|[Kk]hoá|[Nn]hiệm kỳ|[Kk]ỳ)[^()]{0,40}\)"
    r"|\s*,?\s+(?:[Kk]hóa|[Kk]hoá)\s+[IVXLCDM\d]+(?:\s*(?:,|và|-|–)\s*[IVXLCDM\d]+)*"
    r"|\s*,?\s+nhiệm kỳ\s+\d{4}\s*[-–]\s*\d{4}(?:\s*(?:,|và)\s*(?:nhiệm kỳ\s+)?\d{4}\s*[-–]\s*\d{4})*)*")
# after a name: the apposition that opens its posts
_APPOSITION_RE = re.compile(
    r"\s*(?:\(|,|-|–|—|:)\s*(?:(?:\d{1,3}\s*tuổi|sinh năm\s*\d{4}|SN\s*\d{4}|quê[^,;()]{0,40}|"
    r"thương binh[^,;()]{0,20})\s*[,;]\s*)*(?:hiện là\s+|hiện\s+)?")
_RETIRED_RE = re.compile(r"(?<!\w)(?:nghỉ hưu|thôi giữ chức|thôi công tác)(?!\w)")
_FORMER_AFTER_RE = re.compile(r"\s*(?:,\s*)?\(?\s*(?:đã\s+)?nghỉ hưu")
_LEADS_RE = re.compile(r"(?<!\w)(?:làm|là)\s+(?P<role>(?i:quyền\s+)?(?i:Trưởng đoàn|Phó Trưởng đoàn|Phó đoàn))(?!\w)|(?<!\w)dẫn đầu(?!\w)")
_COMMITTEE_MEMBER = {"tỉnh ủy viên": "tỉnh ủy", "thành ủy viên": "thành ủy", "huyện ủy viên": "huyện ủy",
                     "quận ủy viên": "quận ủy", "thị ủy viên": "thị ủy", "đảng ủy viên": "đảng ủy",
                     "xứ ủy viên": "xứ ủy", "khu ủy viên": "khu ủy"}


def _canonical(role: str) -> str:
    return _role_res()[1].get(norm_key(role), role[:1].upper() + role[1:])


def _family(role: str) -> str:
    key = norm_key(role)
    key = re.sub(r"^(?:phó|quyền)\s+", "", key)
    return re.sub(r"\s+(?:thường trực|chuyên trách)$", "", key)


# -- posts in a sentence ---------------------------------------------------------------------
def sentence_posts(view: SentenceView) -> list[Post]:
    """Every title in the sentence outside a name, with its body."""
    role_re, canonical = _role_res()
    text, folded = view.text, view.folded
    orgs = view.of_type("Organization")
    out: list[Post] = []
    pos = view.start
    while True:
        m = role_re.search(folded, pos, view.end)
        if not m:
            break
        # a title inside a name is no post ("Ban Bí thư"); a name inside a title is no body ("Tỉnh ủy viên")
        host = next((x for x in view.mentions if x.start <= m.start() < x.end
                     and not (x.start == m.start("role") and x.end < m.end())), None)
        if host is not None:
            # "đồng chí Trần Quý Kiên, Thường vụ Xứ ủy": the standing committee's name is the title
            # "Thường vụ" of its committee (ruling 2)
            if host.type == "Organization" and host.start == m.start("role") and \
                    norm_key(m.group("role")) == "thường vụ" and re.match(r"(?i:thường vụ)\s", host.text) and \
                    re.search(r"[,–-]\s*$", text[view.start:host.start]):
                parent = host.parent_entity or body_named_in(view, host, len("thường vụ"))
                if parent:
                    out.append(Post(m.start(), _tail(view, host.end), "Thường vụ", None, bool(m.group("former")),
                                    parent))
            pos = max(host.end, m.end())
            continue
        end = m.end()
        body = None
        over = next((o for o in orgs if (o.start < end <= o.end or m.start() < o.start < end)
                     and not (o.start == m.start("role") and o.end < end)), None)
        if over is not None:
            if _shares_head(folded, m, over):
                body = over  # "Trưởng Ban Tổ chức", "Chánh Văn phòng Thành ủy": the title ends with the body's head
            else:
                cut = folded[m.start():over.start].rstrip()
                m2 = role_re.fullmatch(folded, m.start(), m.start() + len(cut)) if cut else None
                if m2 is None:
                    pos = over.end
                    continue
                m, end = m2, m2.end()
        role = ("quyền " if m.group("acting") else "") + _canonical(m.group("role"))
        office = None
        if body is None:
            nxt = next((o for o in orgs if o.start >= end), None)
            if nxt is not None and re.fullmatch(r"\s{1,2}", text[end:nxt.start]):
                body = nxt
                # "Phó Chánh văn phòng Trung ương Đảng": the body is "Văn phòng Trung ương Đảng" (ruling 23),
                # when the article names it; the office's body itself is not the post's
                head = re.search(r"(?i:văn phòng|thanh tra)$", m.group("role"))
                if head:
                    office = _office(view, head.group(), body)
                    if office is None:
                        pos = body.end
                        continue
        body_iri = None
        head = re.match(r"(?i:ban thường vụ|thường vụ|btv|thường trực)(?=\s)", body.text) if body is not None else None
        parent = (body.parent_entity or body_named_in(view, body, len(head.group()))) if head else None  # type: ignore[union-attr]
        if head and parent:
            if norm_key(head.group()) == "thường trực" and norm_key(role + " Thường trực") in canonical:
                # "Phó Bí thư Thường trực Tỉnh ủy" read as the body "Thường trực Tỉnh ủy"
                role, body_iri = _canonical(role + " Thường trực"), parent
            elif norm_key(head.group()) != "thường trực" and norm_key(role) in (
                    "ủy viên", "ủy viên thường vụ", "ủy viên ban thường vụ"):
                # "Ủy viên Ban Thường vụ Tỉnh ủy X": role "Ủy viên Ban Thường vụ" of "Tỉnh ủy X" (ruling 2)
                role, body_iri = f"Ủy viên {head.group()}", parent
        end = _tail(view, body.end) if body is not None else _bodiless_end(view, end)
        out.append(Post(m.start(), end, role, body, bool(m.group("former")), body_iri or office))
        pos = end
    return out


def _office(view: SentenceView, head: str, body: Mention) -> str | None:
    """The article's "Văn phòng X" (or "Thanh tra X") for a title "Chánh Văn phòng" written before X."""
    wanted = f"{norm_key(head)} {norm_key(body.text)}"
    for m in view.article_mentions:
        if m.type == "Organization" and m.entity and norm_key(m.text) == wanted:
            return m.entity
    return None


def _shares_head(folded: str, m: re.Match, org: Mention) -> bool:
    """The title's last words are the first words of the body's name ("Trưởng Ban" + "Ban Tổ chức")."""
    shared = folded[org.start:m.end()]
    # the body goes on after the title: a name the title covers whole ("Phó Trưởng ban Thường trực") is none
    return (org.start > m.start("role") and m.end() < org.end and not folded[m.end()].isalnum()
            and norm_key(m.group("role")).endswith(" " + norm_key(shared)))


def _tail(view: SentenceView, end: int) -> int:
    # a place the body's name ends with, left out of it ("Xứ ủy Bắc kỳ")
    place = next((p for p in view.of_type("Place") if p.start > end and not view.text[end:p.start].strip()), None)
    if place is not None:
        end = place.end
    m = _TAIL_RE.match(view.text, end, view.end)
    end = m.end() if m else end
    # "Ủy ban Dự thảo Hiến pháp của Quốc hội": the body of the body
    of = re.match(r"\s+của\s+", view.text[end:view.end])
    if of:
        nxt = next((o for o in view.of_type("Organization") if o.start == end + of.end()), None)
        if nxt is not None:
            m = _TAIL_RE.match(view.text, nxt.end, view.end)
            end = m.end() if m else nxt.end
    return end


def _bodiless_end(view: SentenceView, end: int) -> int:
    """A title with no body recognised: the words after it that may name one, when they open
    with a capital ("Bí thư Ban cán sự đảng"), up to a name, a title or a comma."""
    stops = [x.start for x in view.mentions if x.start >= end and x.type == "Person"]
    nxt = _role_res()[0].search(view.folded, end, view.end)
    limit = min([view.end, *stops, *([nxt.start()] if nxt else [])])
    pos = end
    words = list(re.finditer(r"\s+([^\s,;:()“”\"]+)", view.text[end:limit]))
    if not words or words[0].start() != 0 or not (words[0].group(1)[:1].isupper() or (
            words[0].group(1) in _UNIT_WORDS and len(words) > 1 and words[1].group(1)[:1].isupper())):
        return end
    # a name that opens with a capital goes on to the next comma ("Bí thư Đảng đoàn, …",
    # "Phó Giám đốc Bệnh viện đa khoa huyện Gia Viễn)")
    for w in words[:8]:
        if w.start() != pos - end or "\n" in w.group():
            break
        pos = end + w.end()
    return pos


_UNIT_WORDS = frozenset({"tỉnh", "huyện", "xã", "thành", "phố", "quận", "phường", "thị", "trấn"})


def post_chains(view: SentenceView) -> list[Chain]:
    """The sentence's posts in chains: posts separated only by commas, dashes, "kiêm", "và"."""
    chains: list[Chain] = []
    for p in sentence_posts(view):
        if chains:
            prev = chains[-1].posts[-1]
            gap = view.text[prev.end:p.start]
            if _SEP_RE.fullmatch(gap) and "\n" not in gap:
                chains[-1].posts.append(p)
                continue
        chains.append(Chain([p]))
    return chains


# -- posts to people -------------------------------------------------------------------------
def extract_posts(view: SentenceView) -> list[Relation]:
    """The holdsPosition relations of one sentence."""
    persons = [p for p in view.of_type("Person") if not p.byline]
    chains = post_chains(view)
    if not persons and not chains:
        return []
    text = view.text
    out: list[Relation] = []
    honor = _honorific_re()
    link_re = _link_re()

    def person_after(end: int) -> Mention | None:
        """The name right after a chain ending at ``end`` (honorifics between)."""
        p = next((p for p in persons if p.start >= end), None)
        if p is None:
            return None
        gap = text[end:p.start]
        m = re.fullmatch(r"\s*(,\s*)?(.*)", gap, re.S)
        if "\n" in gap or m is None or honor.fullmatch(m.group(2)) is None:
            return None
        if m.group(1) and not m.group(2).strip():
            return None  # "Bí thư Tỉnh ủy, Nguyễn Văn A": a list, not a title
        return p

    def person_before(start: int) -> tuple[Mention | None, str]:
        """The name a chain starting at ``start`` follows, and what the words between say."""
        before = [p for p in persons if p.end <= start]
        if not before:
            return None, ""
        p = before[-1]
        gap = text[p.end:start]
        if "\n" in gap or any(x.start >= p.end and x.end <= start and x.type == "Person" for x in view.mentions):
            return None, ""
        if _APPOSITION_RE.fullmatch(gap):
            return p, "held"
        m = link_re.search(gap)
        if m and len(gap[: m.start()]) <= 60 and not re.search(r"[.;“”]", gap[: m.start()]):
            kind = rules.links()[_link_key(m.group("link"))]
            if _NOT_HELD_RE().search(gap):
                kind = "none"  # "được giới thiệu giữ chức …": a nomination
            if _titled(view, p, persons):
                return None, ""  # "Thư ký cho Ủy viên Bộ Chính trị … Phạm Quang Nghị, là …": whose?
            if re.search(r"[()]", gap[: m.start()]) and not gap.lstrip().startswith("("):
                return None, ""
            return p, kind
        return None, ""

    owner_of: dict[int, Mention] = {}  # chain index -> the name it follows
    for ci, chain in enumerate(chains):
        owners: list[tuple[list[Post], Mention, str, str]] = []
        after = person_after(chain.end)
        before, kind = person_before(chain.start)
        if before is None and ci and ci - 1 in owner_of:
            # "Lê Minh Trung, Thành ủy viên, … thôi giữ chức Bí thư …, và bổ nhiệm giữ chức Hiệu trưởng …":
            # the same name's sentence goes on
            before, kind = _continued(view, chains[ci - 1], chain, owner_of[ci - 1], persons)
        how = "after-name" if kind == "held" else f"verb-{kind}"
        if before is not None and after is None and _runs_into_name(view, chain, persons):
            before = None  # "Chủ nhiệm Tổng cục Chính[trị] Nguyễn Chí Thanh": the next name's, its body cut short
        if before is not None and after is not None:
            if len(chain.posts) > 1:
                owners.append((chain.posts[:-1], before, kind, how))
            owners.append((chain.posts[-1:], after, _kind_before(view, chain.start), "before-name"))
        elif after is not None:
            owners.append((chain.posts, after, _kind_before(view, chain.start), "before-name"))
        elif before is not None:
            owners.append((chain.posts, before, kind, how))
        else:
            listed = _listed(view, chain, persons)
            for p in listed:
                owners.append((chain.posts, p, _kind_before(view, chain.start), "listed"))
            if not listed:
                for p in _dealt_with(view, chain, persons):
                    owners.append((chain.posts, p, _kind_before(view, chain.start), "dealt-with"))
            if not owners:
                pro, pro_kind = _pronoun_owner(view, chain)
                if pro is not None:
                    owners.append((chain.posts, pro, pro_kind, "pronoun"))
        if before is not None and any(o[1] is before for o in owners):
            owner_of[ci] = before
        for posts, person, kind, how in owners:
            if kind == "none":
                continue
            former_chain = posts[0].former or kind in ("former", "end") or bool(
                _FORMER_AFTER_RE.match(text, chain.end, view.end))
            out += _relations(view, posts, person, former_chain, kind, how)
    out += _delegation_leaders(view, persons)
    return out


@cache
def _NOT_HELD_RE() -> re.Pattern:
    return re.compile(rf"(?<!\w)(?i:{rules.alternation([k for k, v in rules.links().items() if v == 'none'])})(?!\w)")


def _titled(view: SentenceView, person: Mention, persons: list[Mention]) -> bool:
    """A name with posts before it, after an earlier name of the sentence: not the sentence's subject."""
    earlier = [p for p in persons if p.end <= person.start]
    head = view.folded[max(view.start, person.start - 40):person.start]
    return bool(earlier) and _role_res()[0].search(head) is not None


def _continued(view: SentenceView, prev: Chain, chain: Chain, person: Mention,
               persons: list[Mention]) -> tuple[Mention | None, str]:
    """The name of the previous chain, when a verb of posts leads from it to this one."""
    gap = view.folded[prev.end:chain.start]
    m = _link_re().search(gap)
    if m is None or len(gap) - len(m.group()) > 80 or re.search(r"[.;“”]", gap) or any(
            prev.end <= p.start < chain.start for p in persons):
        return None, ""
    return person, rules.links()[_link_key(m.group("link"))]


# "Ông", "Đồng chí", "Bà" standing for a name: at a clause's start, no name after it
_PRONOUN_RE = re.compile(r"(?:^|(?<=[,;:])|(?<=\n))\s*(?:(?:[Hh]iện nay|[Hh]iện|[Ss]au đó|[Tt]iếp đó|[Cc]ũng|[Nn]ăm \d{4}|"
                         r"[Tt]ừ năm \d{4}[^,;]{0,20}|[Đđ]ến năm \d{4})\s*,?\s*)?(?P<pro>[Đđ]ồng chí|[Ôô]ng|[Bb]à)(?=\s+[a-zđà-ỹ])")


def _pronoun_owner(view: SentenceView, chain: Chain) -> tuple[Mention | None, str]:
    """"Ông cũng từng giữ chức Phó Chủ tịch …", "đồng chí được … giữ chức Thứ trưởng Bộ Công an":
    the name the pronoun stands for, the last one the article wrote before (bylines aside)."""
    head = view.folded[view.start:chain.start]
    pro = None
    for m in _PRONOUN_RE.finditer(head):
        pro = m
    if pro is None:
        return None, ""
    gap = head[pro.end():]
    link = _link_re().search(gap)
    if link is None or len(gap) - len(link.group()) > 60 or re.search(r"[.;“”()]", gap):
        return None, ""
    at = view.start + pro.start("pro")
    earlier = [m for m in view.article_mentions if m.type == "Person" and not m.byline and m.end <= at]
    if not earlier:
        return None, ""
    kind = rules.links()[_link_key(link.group("link"))]
    return earlier[-1], ("none" if _NOT_HELD_RE().search(gap) else kind)


def _runs_into_name(view: SentenceView, chain: Chain, persons: list[Mention]) -> bool:
    """Only capitalised words (the rest of a name cut short) or honorifics between the chain and
    the next name."""
    nxt = next((p for p in persons if p.start >= chain.end), None)
    if nxt is None:
        return False
    gap = view.text[chain.end:nxt.start]
    if not gap.strip() or re.search(r"[,;.:()–—\n-]", gap):
        return False
    rest = _honorific_re().sub("", gap.strip() + " ").split()
    return all(w[:1].isupper() for w in rest)


def _link_key(link: str) -> str:
    links = rules.links()
    key = " ".join(link.split())
    for k in links:
        if norm_key(k) == norm_key(key):
            return k
    return key


def _kind_before(view: SentenceView, start: int) -> str:
    """What the words right before a chain say of it ("cách chức …", "từng là …")."""
    head = view.folded[max(view.start, start - 40):start]
    m = _link_re().search(head)
    if m and m.group("link").lower() not in ("là", "làm", "kiêm"):
        return rules.links()[_link_key(m.group("link"))]
    return "held"


def _listed(view: SentenceView, chain: Chain, persons: list[Mention]) -> list[Mention]:
    """"các Ủy viên Bộ Chính trị: A, B, C": everyone listed after the colon."""
    # "2 Xứ ủy viên là đồng chí Trần Tử Bình": the name after "là"
    be = re.match(r"\s*là\s+", view.text[chain.end:view.end])
    if be:
        start = chain.end + be.end()
        nxt = next((p for p in persons if p.start >= start), None)
        if nxt is not None and _honorific_re().fullmatch(view.text[start:nxt.start]):
            return [nxt]
    m = re.match(r"\s*(?::|gồm có|gồm|như)\s*", view.text[chain.end:view.end])
    if not m or (m.group().strip() != ":" and not re.search(r"(?i:các)\s+(?:\S+\s+){0,2}$",
                                                             view.text[max(view.start, chain.start - 20):chain.start])):
        return []
    start = chain.end + m.end()
    # the list runs to the end of the sentence, or to the next list of its own
    nxt = [c for c in post_chains(view) if c.start > start and re.match(r"\s*:", view.text[c.end:view.end])]
    stop = nxt[0].start if nxt else view.end
    return [p for p in persons if start <= p.start < stop]


def _dealt_with(view: SentenceView, chain: Chain, persons: list[Mention]) -> list[Mention]:
    """"cách chức Bí thư Chi bộ … đối với ông Nguyễn Hòa": the person dealt with."""
    m = re.match(r"\s*(?:nhiệm kỳ[^,;.]{0,40}?\s*)?(?:,\s*)?đối với\s+", view.text[chain.end:view.end])
    if not m:
        return []
    start = chain.end + m.end()
    gap_ok = _honorific_re()
    return [p for p in persons if p.start >= start and gap_ok.fullmatch(view.text[start:p.start])][:1]


def _relations(view: SentenceView, posts: list[Post], person: Mention, former: bool, kind: str,
               how: str) -> list[Relation]:
    out = []
    for i, post in enumerate(posts):
        body = post.body_iri or (post.body.entity if post.body is not None else None)
        rule = f"rel-post-{how}"
        if body is None:
            body, implicit = _implicit_body(view, post, posts[i + 1:])
            rule += f"-{implicit}"
        if body is None or body == person.entity:
            continue
        since = until = None
        on = [d for d in view.dates if d.marks == "on"]
        ends = kind == "end" or bool(_RETIRED_RE.search(view.text, person.end, view.end))
        if kind == "start" and on:
            since = on[0].value
        if ends and on:
            until = on[0].value
        for d in view.dates:
            if d.marks == "from":  # "từ ngày 1/7/2025 giữ chức …"; "nghỉ hưu từ ngày …": its end
                if ends:
                    until = until or d.value
                else:
                    since = since or d.value
            if d.marks == "until":
                until = until or d.value
        out.append(make_relation(person, "holdsPosition", body, view, rule, role=post.role,
                                 former=former or post.former, since=since, until=until))
    return out


def _implicit_body(view: SentenceView, post: Post, rest: list[Post]) -> tuple[str | None, str]:
    """The body of a title written without one, and how it was found."""
    key = norm_key(post.role)
    national = rules.national_titles().get(key)
    if national:
        iri = entity_iri("Organization", NATIONAL, national)
        # (before "Thay mặt …": "Thay mặt Ban Chấp hành Trung ương Đảng, Tổng Bí thư Tô Lâm" is of the Party)
        return (iri if iri in view.article_entities else None), "national"
    # "Thay mặt lãnh đạo Bộ Xây dựng, Bộ trưởng Phạm Hồng Hà": the body spoken for
    for o in view.of_type("Organization"):
        if o.end <= post.start and re.fullmatch(r"\s*,\s*", view.text[o.end:post.start]):
            head = re.search(r"(?i:thay mặt)\s+(?:(?i:lãnh đạo|ban lãnh đạo|tập thể lãnh đạo|tập thể)\s+)?$",
                             view.text[max(view.start, o.start - 40):o.start])
            if head:
                return o.entity, "on-behalf"
    committee = _COMMITTEE_MEMBER.get(key)
    if committee:
        # "Tỉnh ủy viên": the one Tỉnh ủy the article names
        found = {m.entity for m in view.article_mentions if m.type == "Organization"
                 and norm_key(m.text).split()[:2] == committee.split()}
        return (found.pop() if len(found) == 1 else None), "committee"
    # "Phó Chủ tịch - Tổng Thư ký UBTƯ MTTQ Việt Nam": a joined title, both posts of the body
    if rest and rest[0].body is not None and re.fullmatch(r"\s*[-–]\s*", view.text[post.end:rest[0].start]):
        return rest[0].body_iri or rest[0].body.entity, "joined"
    # "Phó hiệu trưởng, Hiệu trưởng Trường THPT Trưng Vương": the next title of the family
    for nxt in rest:
        if nxt.body is not None:
            return (nxt.body.entity if _family(nxt.role) == _family(post.role) else None), "family"
    return None, "none"


def _delegation_leaders(view: SentenceView, persons: list[Mention]) -> list[Relation]:
    """"Đoàn … do (posts) Nguyễn Văn A làm Trưởng đoàn": the delegation's leader."""
    out = []
    text = view.text
    for o in view.of_type("Organization"):
        if not re.match(r"(?i:đoàn)\s", o.text):
            continue
        do = re.match(r"\s*(?:,\s*)?do\s+", text[o.end:view.end])
        if not do:
            continue
        start = o.end + do.end()
        for p in persons:
            if p.start < start:
                continue
            # "do đồng chí Nguyễn Thiện Nhân, Ủy viên Bộ Chính trị, … làm Trưởng đoàn"
            nxt = next((q.start for q in persons if q.start > p.end), view.end)
            lead = _LEADS_RE.search(text, p.end, min(nxt, p.end + 200, view.end))
            if lead and re.search(r"[;.]", text[p.end:lead.start()]):
                lead = None
            between = text[start:p.start]
            if lead and ";" not in between and len(between) < 200:
                role = _canonical(lead.group("role")) if lead.group("role") else "Trưởng đoàn"
                out.append(make_relation(p, "holdsPosition", o, view, "rel-post-delegation", role=role))
            break
    return out
