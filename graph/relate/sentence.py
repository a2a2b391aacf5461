"""One sentence as the relation rules read it: its mentions, its text, its subject.

The rules match words on the article's text with the tone placement folded
(:func:`graph.text.fold_tones` keeps every offset), so "Ủy viên" finds "Uỷ viên".

>>> from graph.model import Sentence
>>> s = Sentence(0, 12, "Tỉnh uỷ họp.")
>>> view = SentenceView(0, s, [], s.text)
>>> view.between(0, 7), view.folded[:7]
('Tỉnh uỷ', 'Tỉnh ủy')
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from graph.model import Entity, Mention, Relation, Sentence
from graph.text import fold_tones, norm_key

__all__ = ["CENTRAL_COMMITTEE", "NESTED_PARENT", "SentenceView", "body_named_in", "make_relation", "subject_list",
           "subject_of"]

#: The rule of a body's name nested in its sub-body's name, as the resolver gives it.
NESTED_PARENT = "org-parent"


@dataclass
class SentenceView:
    """One sentence with its mentions (in text order), for the rules."""

    index: int
    sentence: Sentence
    mentions: list[Mention]
    text: str  # the article's text
    article_entities: frozenset = frozenset()  # entities the article mentions anywhere
    folded: str = ""  # the article's text, tone placement folded (same offsets)
    entities: dict[str, Entity] = field(default_factory=dict)
    article_mentions: list[Mention] = field(default_factory=list)  # without nested parents, in text order
    dates: list = field(default_factory=list)  # the sentence's dates (graph.relate.dates.SentenceDate)

    def __post_init__(self):
        if not self.folded:
            self.folded = fold_tones(self.text)
        # the body a sub-body's name names ("Tỉnh ủy" in "Ban Thường vụ Tỉnh ủy") is a mention for
        # the reader of the graph; the rules read the sub-body's name, which gives its parent
        self.nested = [m for m in self.mentions if m.rule == NESTED_PARENT]
        self.mentions = [m for m in self.mentions if m.rule != NESTED_PARENT]

    @property
    def start(self) -> int:
        return self.sentence.start

    @property
    def end(self) -> int:
        return self.sentence.end

    def between(self, a: Mention | int, b: Mention | int) -> str:
        s = a.end if isinstance(a, Mention) else a
        e = b.start if isinstance(b, Mention) else b
        return self.text[s:e]

    def of_type(self, *types: str) -> list[Mention]:
        return [m for m in self.mentions if m.type in types]

    def inside(self, pos: int, *types: str) -> Mention | None:
        """The mention (of one of ``types``, any when none given) that ``pos`` lies strictly inside."""
        for m in self.mentions:
            if m.start < pos < m.end and (not types or m.type in types):
                return m
        return None

    def covering(self, pos: int) -> Mention | None:
        """The longest mention with ``start <= pos < end``."""
        best = None
        for m in self.mentions:
            if m.start <= pos < m.end and (best is None or m.end - m.start > best.end - best.start):
                best = m
        return best


def make_relation(subject: Mention | str, predicate: str, obj: Mention | str | None, view: SentenceView,
                  rule: str, **kw) -> Relation:
    """A relation of the sentence; its confidence is set from the calibration table later."""
    s = subject.entity if isinstance(subject, Mention) else subject
    o = obj.entity if isinstance(obj, Mention) else obj
    return Relation(s, predicate, o, view.index, rule, 0.0, **kw)  # type: ignore[arg-type]


_NOT_SUBJECT_BEFORE = re.compile(r"(?:của|với|thuộc|trong|tại|cho|và|giúp việc|trực thuộc|đối với|về|do|bởi)\s*$",
                                 re.IGNORECASE)


def subject_of(view: SentenceView, after: int | None = None) -> Mention | None:
    """The subject body of the sentence (or of its clause starting at ``after``): the
    first organisation that opens a clause.

    It stands at the sentence's start or after a comma ("Năm 2016, Đảng bộ Khối
    …"), is not the object of "của"/"trong"/"với", and a verb or a list follows it.
    """
    text = view.text
    begin = view.start if after is None else after
    for o in view.of_type("Organization"):
        if o.start < begin:
            continue
        head = text[begin : o.start]
        clause = head[max(head.rfind(","), head.rfind(":"), head.rfind(";")) + 1 :]
        if clause.strip() or _NOT_SUBJECT_BEFORE.search(head):
            continue
        after_text = text[o.end : min(o.end + 20, view.end)]
        if re.match(r"\s*(?:,|đã|đang|sẽ|vẫn|cũng|luôn|tiếp tục|tập trung|chủ động|[a-zđà-ỹ])", after_text) and not re.match(
                r"\s*(?:của|với|thuộc|trực thuộc)\b", after_text):
            return o
    return None


def subject_list(view: SentenceView, subj: Mention) -> list[Mention]:
    """The subject and the bodies listed with it ("Tỉnh ủy, HĐND, UBND tỉnh")."""
    orgs = view.of_type("Organization")
    out = [subj]
    for o in orgs[orgs.index(subj) + 1 :]:
        if o.start < out[-1].end:
            continue  # nested in the previous one
        # "A chủ trì phối hợp với B": A only (ruling 9), so "với" ends the list
        if re.fullmatch(r"\s*(?:,|;|và)\s*", view.between(out[-1], o)):
            out.append(o)
        else:
            break
    return out


#: The names of the Central Committee; "Trung ương" in "Hội nghị Trung ương 4" is it (ruling 22).
CENTRAL_COMMITTEE = frozenset({"ban chấp hành trung ương đảng", "ban chấp hành trung ương", "trung ương đảng",
                               "bch trung ương đảng", "bch trung ương", "ban chấp hành trung ương đảng cộng sản việt nam",
                               "trung ương", "bch tw", "bchtw", "ban chấp hành tw", "t.ư đảng", "bch t.ư đảng"})


# what may follow a body's name inside a congress's, plenum's or document's name
_AFTER_BODY = re.compile(r"^(?:lần|khóa|khoá|nhiệm|kỳ|năm|thứ|\(.*|[ivxlcdm]+|\d+.*|về|tại|đã|và|với|,.*)$")


def body_named_in(view: SentenceView, named: Mention, skip: int = 0) -> str | None:
    """The body a name names after its first ``skip`` characters ("Đại hội Đảng bộ tỉnh lần thứ
    XVIII", "Nghị quyết Trung ương 4"), by the names the article gives its bodies: the longest
    that fits, not one after "với", "về", … nor inside a document's name within it; "Trung ương"
    of a plenum is the article's Central Committee."""
    key = norm_key(named.text)
    best: tuple[str, str] | None = None
    central: list[str] = []
    for m in view.article_mentions:
        if m.type != "Organization" or not m.entity or m.entity == named.entity:
            continue
        name = norm_key(m.text)
        if name in CENTRAL_COMMITTEE:
            central.append(m.entity)
        at = f" {key} ".find(f" {name} ")
        if at < skip:
            continue
        # the whole name, not the start of a longer one: "Đảng" is no body of "Đại hội Đảng bộ tỉnh",
        # nor of "Đại hội Đảng các cấp"
        after = key[at + len(name):].split()
        if after and not _AFTER_BODY.match(after[0]):
            continue
        before = key[:at].split()
        if before and before[-1] in ("với", "về", "cho", "tại", "giữa", "và", "các"):
            continue
        if re.search(r"(?:nghị quyết|kết luận|chỉ thị|quyết định|luật|nghị định)\b", " ".join(before[1:])):
            continue  # "Hội nghị quán triệt Nghị quyết Đại hội XIII của Đảng": the document's body
        if best is None or len(name) > len(best[0]):
            best = (name, m.entity)
    if best is None and central and re.search(r"\btrung ương\s+(?:lần thứ\s+)?\w*\d", key[skip:]):
        return max(set(central), key=lambda e: (central.count(e), e))
    return best[1] if best else None
