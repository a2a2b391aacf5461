"""The learned recogniser: the trained NER model's names as candidate mentions.

``kg_learned_recognizer`` runs the model shipped in ``graph/models/ner`` (trained
by ``kg train``, see docs/model.md) on the tokens of our Doc, the body only,
and adds each name it finds to ``doc._.kg_candidates`` with a rule name
``model-<type>`` (``model-organization`` …). A *stacked* model (the shipped
one) also reads the rules' names: the component runs after the rule
recognisers, resolves their candidates as a rules-only build would, and gives
the model each token's BIO tag of them (as the token's LEMMA). Spans that
cannot be names (:func:`well_formed`) are dropped. The overlap resolver
(:mod:`graph.analyse.recognise.overlaps`) then combines them with the rules'
candidates by its policy. The model is loaded once per process, from the
package folder: nothing is downloaded.

``KG_LEARNED_MODEL=FOLDER`` runs another trained model instead of the shipped
one. ``KG_LEARNED=only`` (a measuring mode) keeps the model's candidates alone: the
rules' are dropped before the resolver. ``KG_LEARNED=0`` leaves the component
out of the pipeline altogether (rules only).

>>> from graph.analyse.pipeline import make_nlp
>>> nlp = make_nlp(True)
>>> "kg_learned_recognizer" in nlp.pipe_names
True
>>> doc = nlp("Sáng 5/12, Ban Thường vụ Tỉnh ủy Kon Tum họp dưới sự chủ trì của đồng chí Nguyễn Văn Thắng.")
>>> [(m.text, m.type) for m in doc._.kg_mentions if m.type in ("Organization", "Person")]
[('Ban Thường vụ Tỉnh ủy Kon Tum', 'Organization'), ('Nguyễn Văn Thắng', 'Person')]
"""

from __future__ import annotations

import re

import os
from bisect import bisect_left
from functools import cache
from pathlib import Path
from typing import Any

import numpy
from spacy.attrs import IDX, IS_SPACE, LEMMA, NORM, ORTH, intify_attr
from spacy.language import Language
from spacy.tokens import Doc

from graph.analyse.recognise.base import doc_text, emit, word_class
from graph.analyse.recognise.overlaps import MODEL_ONLY, MODEL_RULE_PREFIX, MentionResolver, is_model
from graph.errors import Errors, InputError
from graph.model import ENTITY_TYPES
from graph.lexicon import load as load_lexicon
from graph.rules import load
from graph.text import fold_tones, norm_key

__all__ = ["MODEL_DIR", "MODEL_RULE_PREFIX", "LearnedRecognizer", "load_model", "model_dir", "model_mode",
           "headed", "model_spans", "ner_spans", "outermost", "paragraphs", "rule_tags", "spans_from_tags", "well_formed"]

#: Where the trained model lives (package data).
MODEL_DIR = Path(__file__).resolve().parent.parent / "models" / "ner"


def spans_from_tags(tags: list[str]) -> list[tuple[int, int, str]]:
    """Token spans ``(start, end, label)`` of BIO or BILUO tags; an ``I-`` without its ``B-``
    starts a name, an ``L-`` ends one, a ``U-`` is one.

    >>> spans_from_tags(["B-Person", "I-Person", "O", "I-Place", "B-Place", "B-Organization", "I-Place"])
    [(0, 2, 'Person'), (3, 4, 'Place'), (4, 5, 'Place'), (5, 6, 'Organization'), (6, 7, 'Place')]
    >>> spans_from_tags(["B-Person", "L-Person", "U-Place", "B-Event", "I-Event", "L-Event", "O"])
    [(0, 2, 'Person'), (2, 3, 'Place'), (3, 6, 'Event')]
    """
    spans: list[tuple[int, int, str]] = []
    start, label = -1, ""
    for i, tag in enumerate([*tags, "O"]):
        kind, _, name = tag.partition("-")
        if kind in ("I", "L") and start >= 0 and name == label:
            if kind == "L":
                spans.append((start, i + 1, label))
                start, label = -1, ""
            continue
        if start >= 0:
            spans.append((start, i, label))
            start, label = -1, ""
        if kind in ("L", "U") and name:
            spans.append((i, i + 1, name))
        elif kind in ("B", "I") and name:
            start, label = i, name
    return spans


@cache
def _transitions(labels: tuple[str, ...]):
    """Which tag may follow which (BIO or BILUO), which may open and close a sequence."""
    kinds = [(lab.partition("-")[0], lab.partition("-")[2]) for lab in labels]
    inside = [k in ("I", "L") for k, _ in kinds]  # continues a name
    open_ = [k in ("B", "I") for k, _ in kinds]  # a name goes on after it
    biluo = any(k in ("L", "U") for k, _ in kinds)
    n = len(labels)
    allowed = numpy.zeros((n, n), dtype=bool)
    for i, (_, ni) in enumerate(kinds):
        for j, (_, nj) in enumerate(kinds):
            if inside[j]:
                allowed[i, j] = open_[i] and ni == nj
            else:  # O, B, U: never while a BILUO name is open
                allowed[i, j] = not (biluo and open_[i])
    first = numpy.array([not x for x in inside])
    last = numpy.array([not (biluo and x) for x in open_])
    return allowed, first, last


def best_tags(scores, labels: tuple[str, ...]) -> list[str]:
    """The tags of one sequence from a tagger's scores (tokens x labels): the best per token,
    or where that is no valid sequence (``I-X`` after ``O``), the best valid one (Viterbi
    on the log-probabilities).

    >>> labels = ("O", "B-Place", "I-Place")
    >>> best_tags(numpy.array([[0., 1., 0.], [0., 0., 2.]]), labels)
    ['B-Place', 'I-Place']
    >>> best_tags(numpy.array([[2., 1., 0.], [0., 0., 2.], [0., 0., 2.]]), labels)
    ['B-Place', 'I-Place', 'I-Place']
    """
    best = scores.argmax(axis=1)
    allowed, first, last = _transitions(tuple(labels))
    if not len(best) or (first[best[0]] and last[best[-1]] and allowed[best[:-1], best[1:]].all()):
        return [labels[k] for k in best.tolist()]
    logp = scores - scores.max(axis=1, keepdims=True)
    logp = logp - numpy.log(numpy.exp(logp).sum(axis=1, keepdims=True))
    trans = numpy.where(allowed, 0.0, -numpy.inf)
    delta = logp[0] + numpy.where(first, 0.0, -numpy.inf)
    back = numpy.zeros(scores.shape, dtype=numpy.int64)
    for i in range(1, len(scores)):
        cand = delta[:, None] + trans
        back[i] = cand.argmax(axis=0)
        delta = cand[back[i], numpy.arange(len(labels))] + logp[i]
    k = int((delta + numpy.where(last, 0.0, -numpy.inf)).argmax())
    path = [k]
    for i in range(len(scores) - 1, 0, -1):
        k = int(back[i, k])
        path.append(k)
    return [labels[k] for k in reversed(path)]


#: Words a name never ends with (a title stops before "của X", before the verb): a model span
#: ending in one has run past its name.
NOT_LAST = frozenset("""của để và do này có từ là với cho các những đã được tại về theo trong khi nhằm
    đồng chí ông bà anh chị cũng sẽ đang thì mà nên như""".split())
_PUNCT_EDGE = frozenset(",.;:!?-–—/")


#: Lower-case words a body's name may end with: its level ("UBND tỉnh", "Công an huyện").
ORG_LAST = frozenset("tỉnh huyện xã phường quận phố trấn ương thị".split())
#: A body's name never opens with a place's unit word ("huyện Kon Rẫy", "Tỉnh Kon Tum" are places).
ORG_NOT_FIRST = frozenset("tỉnh huyện xã phường quận thành thị ấp thôn bản làng tp".split())
#: Verbs a body's name runs into in news ("Đảng ủy Khối họp"): never its last word.
ORG_NOT_LAST = frozenset("họp dự thăm làm trì phát gửi nhận tặng đón tiếp chúc cầu".split())


def well_formed(words: list[str], label: str = "", before: list[str] | tuple[str, ...] = (),
                after: str = "") -> bool:
    """Whether the words of a model span can be a name: no punctuation at either end and
    no function word last; a body's name ends with a capitalised word (or the syllable
    after one: "Đào tạo"), a number or its level ("tỉnh"), not with a verb it ran into, and
    does not run on from its level into the clause's verb ("… tỉnh tập trung …"); a
    document, an event or a campaign is a well-formed name of its type (:func:`headed`;
    ``before``: the words before the span in its paragraph, ``after``: the word after it).

    >>> well_formed(["Nghị", "quyết", "số", "23"]), well_formed(["Nghị", "quyết", "của"])
    (True, False)
    >>> well_formed(["cuộc", "gặp", ","]), well_formed(["Hội", "nghị", "có", "các", "ông"])
    (False, False)
    >>> org = "Organization"
    >>> well_formed("Sở Giáo dục và Đào tạo".split(), org), well_formed("Liên đoàn Lao động tỉnh".split(), org)
    (True, True)
    >>> well_formed("BTV Đảng ủy Khối quan tâm".split(), org), well_formed("huyện Kon Rẫy".split(), org)
    (False, False)
    >>> well_formed("Tỉnh Kon Tum".split(), org), well_formed("Tỉnh đoàn".split(), org)
    (False, True)
    >>> well_formed("Sở Nội vụ tỉnh tập trung chỉ đạo các UBND".split(), org)
    False
    >>> well_formed("Liên minh Dân".split(), org, after="chủ"), well_formed("Liên minh Dân".split(), org)
    (False, True)
    """
    if not words or words[0] in _PUNCT_EDGE or words[-1] in _PUNCT_EDGE or words[-1].lower() in NOT_LAST:
        return False
    if label == "Organization":
        if words[0] in ORG_NOT_FIRST or (words[0].lower() in ORG_NOT_FIRST and len(words) > 1
                                         and words[1][:1].isupper()):
            return False
        last = words[-1]
        if last in ORG_NOT_LAST:
            return False
        lower = [w.lower() for w in words]
        runs = _filters()["org_run"].get(label, ())
        if any(w in ORG_LAST and _starts(lower, i + 1, runs) for i, w in enumerate(lower[:-1])):
            return False
        if len(words) > 1 and lower[-2] in ("các", "những") and last in ORG_LAST:
            return False  # "Ủy ban nhân dân các tỉnh": bodies of a kind, no name
        if len(words) > 1 and words[0][:1].islower() and lower[1] == lower[0]:
            return False  # "phòng Phòng Khoáng sản": the common noun before the name
        if "của" in lower[1:] and _ends_with_title(words):
            return False  # "… của Tổng thống": a title, no body
        if not _org_whole(words, lower, [w.lower() for w in before]):
            return False
        if _a_place(words):
            return False  # "Đa Phước", "Minnesota": a place the gazetteers know, no body
        if (len(words) > 1 and last[:1].isupper() and after[:1].islower()
                and fold_tones(f"{lower[-1]} {after}") in _compounds()):
            return False  # "Liên minh Dân (chủ)", "Cục Di (sản)": cut inside a two-syllable word
        capitalised = [w[:1].isupper() for w in words]
        if len(words) > 1 and not capitalised[-1] and last not in ORG_LAST and _acronym(words[-2]):
            return False  # "UBND đương (nhiệm)": an acronym is a whole word, the next one no syllable of it
        return (capitalised[-1] or any(c.isdigit() for c in last) or last in ORG_LAST
                or (len(words) > 1 and capitalised[-2]))
    if label in _HEADED:
        return headed(words, label, before)
    return True


def _acronym(word: str) -> bool:
    return len(word) > 1 and word.isupper()


#: A site's name ("Zing.vn"): the end of a photo's credit.
_SITE = re.compile(r"[a-z]\.(vn|com|net|org)$")


def _org_whole(words: list[str], lower: list[str], before: list[str]) -> bool:
    """Whether a model's body is one whole name (graph/rules/learned_heads.tsv, Organization rows):
    not a photo credit run into the next sentence ("Zing.vn Quá trình …"), not cut where a title
    or a compound of a body's begins ("Chi bộ - Giám đốc", "Ban Thường vụ"), not opened by a title
    ("Chính ủy"), no clause word inside ("Đoàn công tác đến viếng …"), not bodies of a kind ("UBND
    một số tỉnh", "Ban Thường vụ các Tỉnh ủy"), not a caption in capitals ("INFOGRAPHICS")."""
    f = _filters()
    if tuple(lower) in f["org_not_body"]:
        return False  # "NN", "GCN", "ĐB": a field, a common noun or a title abbreviated, no body
    if any(_SITE.search(w) for w in words[:-1]):
        return False  # a site's name ("Zing.vn") ends a credit: what follows is the next sentence
    if before[-2:] in (["ảnh", ":"], ["nguồn", ":"]) and len(words) > 2 and words[-1][:1].isupper() \
            and words[-2][:1].islower():
        return False  # "Ảnh: Báo Giao thông Cụ (thể, …)": the credit runs into the next sentence
    if len(lower) > 2 and lower[-2] == "của" and lower[-1] in ORG_LAST:
        return False  # "ban Tiếp công dân của tỉnh": the body's name ends before "của"
    heads = f["org_title"]
    for i, w in enumerate(lower):
        if w in "-–" and 0 < i < len(lower) - 1:
            rest = tuple(lower[i + 1:])
            if any(t[:len(rest)] == rest or rest[:len(t)] == t for t in heads):
                return False  # "Chi bộ - Giám (đốc)", "Trung tâm - Chủ tịch Công đoàn": a title follows
    if len(words) > 1 and words[-1][:1].isupper() and lower[-1] in f["org_cut"]:
        return False  # "Ban Thường (vụ)", "… Giám (đốc)": cut inside a word
    if _starts(lower, 0, [t for t in heads if len(t) > 1]) and not _starts(lower, 0, f["org_body"]):
        return False  # "Chính ủy …", "Giám đốc Sở": a title, no body
    clause = f["clause"].get("Organization", ())
    if any(_starts(lower, i, clause) for i in range(1, len(lower))):
        return False
    for i in range(1, len(lower) - 1):
        if lower[i] in ("sáng", "chiều", "tối", "ngày") and any(c.isdigit() for c in lower[i + 1]):
            return False  # "Đoàn công tác sáng 8/2": a date, the clause goes on
        k = 2 if lower[i:i + 2] == ["một", "số"] else (1 if lower[i] in ("các", "những") else 0)
        if k and words[i][:1].islower() and i + k < len(words) and (
                lower[i + k] in ORG_LAST or lower[i + k + 1:i + k + 2] == ["ủy"]):
            return False
    if _unbalanced(words) or any(":" in w or _GLUED.search(w) for w in words) or words[-1][-1] in "-–—/(":
        return False  # "Đảng Lao động (PT", "Quỹ … cho rằng: “Đó", "Bộ GTVT.Nhiều", "AFP/": past the name's end
    letters = "".join(c for c in "".join(words) if c.isalpha())
    if all(_acronym(w) or not any(c.isalpha() for c in w) for w in words) and (
            (len(words) == 1 and len(letters) >= 8) or (len(words) > 1 and _caption(words))):
        return False  # a caption or heading in capitals, no acronym
    return True


#: The next sentence glued to an abbreviation by its full stop ("GTVT.Nhiều"; not "TP.Hồ", "P.Bến Nghé").
_GLUED = re.compile(r"^(?!(?:TP|TX|TT)\.)[A-ZĐ]{2,}\.[A-ZĐ][a-zà-ỹđ]")


@cache
def _media() -> frozenset[str]:
    return frozenset(norm_key(n) for n in load("media").names())


def _a_place(words: list[str]) -> bool:
    """Whether the words are the whole name of a place of the gazetteers (graph/data), written
    as the gazetteer writes it (a commune "Đa Phước", a district, a province, a country or a
    foreign state or city "Minnesota"), and no outlet of media.tsv ("Tiền Phong" is both).

    >>> _a_place(["Đa", "Phước"]), _a_place(["Texas"]), _a_place(["Dân", "chủ"]), _a_place(["Tiền", "Phong"])
    (True, True, False, False)
    """
    text = " ".join(words)
    key = norm_key(text)
    if not text[:1].isupper() or key in _media():
        return False
    lex = load_lexicon()
    entries = [*lex.communes.get(key, ()), *lex.districts.get(key, ())]
    entries += [e for e in (lex.provinces.get(key), lex.regions.get(key)) if e]
    folded = fold_tones(text)
    return any(fold_tones(e.name) == folded for e in entries) or (
        key in lex.regions and all(w[:1].isupper() for w in words))


def _caption(words: list[str]) -> bool:
    # capitals with Vietnamese diacritics in every word ("YÊU CẦU"): words, not an acronym's letters
    return all(any(not c.isascii() for c in w) for w in words if any(c.isalpha() for c in w))


def _ends_with_title(words: list[str]) -> bool:
    """Whether the words end with a title that stands before a name (:func:`_filters` ``address``)
    and not after "cấp", "bầu cử" or a capitalised word ("cấp Thứ trưởng", "Ban Bí thư")."""
    lower = [w.lower() for w in words]
    n = len(lower)
    title = next((seq for seq in _filters()["address"] if len(seq) < n and tuple(lower[n - len(seq):]) == seq), None)
    return bool(title) and lower[n - len(title) - 1] not in ("cấp", "cử") and not words[n - len(title) - 1][:1].isupper()


#: The types whose model names must be well-formed names of their type (:func:`headed`).
_HEADED = ("Document", "Event", "Campaign")
_OPEN_QUOTES = frozenset("“\"«‘'")


def _next_word(tokens: Any, i: int, end: int) -> str:
    """The text of token ``i`` if it is before ``end`` (its paragraph's end), else "": the word
    after a model span, the same on every path (copies, tagger, arrays)."""
    return tokens[i].text if i < end else ""


@cache
def _compounds() -> frozenset[str]:
    """The two-syllable words of words.tsv (class compound) a capitalised name word begins."""
    return frozenset(fold_tones(w) for w in word_class("compound"))


@cache
def _filters() -> dict:
    """graph/rules/learned_heads.tsv by class and type: word tuples (lower case); the heads
    with the document type words of documents.tsv (Document), ``before`` with the
    campaign triggers of campaigns.tsv (Campaign); ``title``: the titles of roles.tsv,
    ``address`` those before a name (flagged address, national_before or foreign_title: "Thủ
    tướng", "Tổng thống"), the bodies of bodies.tsv left out ("Bộ Chính trị")."""
    out: dict[str, dict[str, set]] = {}
    bare: set[tuple[str, tuple[str, ...]]] = set()

    def add(cls: str, types: str, name: str) -> tuple[str, ...]:
        seq = tuple(name.lower().split())
        for t in types.split(","):
            out.setdefault(cls, {}).setdefault(t, set()).add(seq)
        return seq

    for row in load("learned_heads"):
        seq = add(row["class"], row["types"], row["name"])
        if "bare" in row["flags"]:
            bare.update((t, seq) for t in row["types"].split(","))
    for name in load("documents").names():
        add("head", "Document", name)
    for name in load("campaigns").names():
        add("before", "Campaign", name)
    roles = load("roles")
    titles = {tuple(name.lower().split()) for name in roles.names() if name[:1].isupper()}
    bodies = {tuple(name.lower().split()) for name in load("bodies").names()}
    address = {tuple(r["name"].lower().split()) for r in roles
               if r["flags"] & {"address", "national_before", "foreign_title"} and r["name"][:1].isupper()} - bodies
    frozen = {c: {t: tuple(sorted(s, key=len, reverse=True)) for t, s in by.items()} for c, by in out.items()}
    for cls in ("head", "after_head", "after_comma", "clause", "not_last", "before", "org_run"):
        frozen.setdefault(cls, {})
    frozen["bare"] = frozenset(bare)
    org_titles = titles - bodies
    frozen["org_title"] = tuple(sorted(org_titles, key=len, reverse=True))
    frozen["org_body"] = tuple(sorted(bodies, key=len, reverse=True))
    frozen["org_cut"] = frozenset(seq[0] for seq in out.get("cut", {}).get("Organization", ()))
    frozen["org_not_body"] = frozenset(out.get("not_body", {}).get("Organization", ()))
    frozen["title"] = tuple(sorted(titles, key=len, reverse=True))
    frozen["address"] = tuple(sorted(address, key=len, reverse=True))
    return frozen


def _starts(lower: list[str], i: int, seqs) -> int:
    """The length of the first (longest) of ``seqs`` that ``lower`` has at ``i``, else 0."""
    for seq in seqs:
        if tuple(lower[i:i + len(seq)]) == seq:
            return len(seq)
    return 0


def headed(words: list[str], label: str, before: list[str] | tuple[str, ...] = ()) -> bool:
    """Whether a model's Document, Event or Campaign is a well-formed name of its type (the
    words of graph/rules/learned_heads.tsv): it opens with a head of its type ("Nghị quyết",
    "Hội nghị", "Huân chương"), is quoted, an acronym, or (a campaign) follows a trigger
    ("phong trào"); a head is not followed by punctuation or a word that never follows it
    ("Nghị quyết này"), nor alone unless it is a name alone ("Hiến pháp"); no clause word
    inside ("là", "diễn ra"), no verb or title last ("… diễn", "… của Thủ tướng"); an event does not run over a comma into the next clause
    ("Hội nghị, Thủ tướng …", "buổi lễ, các đại biểu …"), nor a document into a second one
    of its type ("Nghị quyết … và Nghị quyết …").

    >>> doc = "Document"
    >>> headed("Nghị quyết số 18".split(), doc), headed("Nghị quyết này có hiệu lực".split(), doc)
    (True, False)
    >>> headed("Kế hoạch".split(), doc), headed("Hiến pháp".split(), doc), headed("Hiệp hội Nông dân".split(), doc)
    (False, True, False)
    >>> headed("Hội nghị , Thủ tướng".split(), "Event"), headed("Kỳ họp thứ 5".split(), "Event")
    (False, True)
    >>> headed("Xây dựng nông thôn mới".split(), "Campaign", ["phong", "trào", "“"])
    True
    """
    f = _filters()
    lower = [w.lower() for w in words]
    clause = f["clause"].get(label, ())
    if any(_starts(lower, i, clause) for i in range(1, len(lower))):
        return False
    n = len(lower)
    if any(_starts(lower, n - len(seq), (seq,)) for seq in f["not_last"].get(label, ()) if len(seq) < n):
        return False
    if _ends_with_title(words):
        return False  # a title without its holder's name: the name was cut short
    k = _starts(lower, 0, f["head"].get(label, ()))
    if k:
        if k == len(lower):
            return (label, tuple(lower)) in f["bare"]
        nxt = lower[k]
        if not nxt[:1].isalnum() or (words[k][:1].islower() and _starts(lower, k, f["after_head"].get(label, ()))):
            return False
    else:
        prev = [w.lower() for w in before]
        quoted = bool(prev) and prev[-1] in _OPEN_QUOTES
        acronym = len(words[0]) > 1 and words[0].isupper()
        trigger = any(tuple(prev[len(prev) - len(seq) - q:len(prev) - q]) == seq
                      for seq in f["before"].get(label, ()) for q in (0, 1))
        if not (quoted or acronym or trigger):
            return False
        if label == "Event" and not (acronym or trigger) and len(words) > _QUOTED_EVENT_WORDS:
            return False  # a quoted sentence (a speaker's words), no event's name
    if label == "Document" and k:  # "Nghị quyết … và Nghị quyết …": two documents
        head = tuple(lower[:k])
        def second(i: int) -> bool:  # "và Nghị quyết …", "và các quy định …"
            j = i + 1 + (lower[i + 1] in ("các", "những"))
            return tuple(lower[j:j + k]) == head
        if any(lower[i] == "và" and second(i) and "sửa" not in lower[k:i] for i in range(k, n - k)):
            return False  # (an amending law may amend two: "Luật sửa đổi … Luật A và Luật B")
    if label == "Event":  # a comma right after the head, or before a title or a clause's word
        if k and tuple(lower[k:2 * k]) == tuple(lower[:k]):
            return False  # "Đại hội Đại hội …": the head twice, a heading run into its sentence
        if (words[-1] not in ("”", ")", '"') and not any(c.isalnum() for c in words[-1])) or _unbalanced(words) \
                or "./" in words[-1]:
            return False  # "Kỳ họp thứ ba ./.", "SEA Games ) lần thứ 31": cut across punctuation
        if any(w in _EVENT_TIME and any(c.isdigit() for c in lower[i + 1]) for i, w in enumerate(lower[1:-1], 1)):
            return False  # "phiên thảo luận … sáng 9/6": the time of the sentence, after the name
        for i, w in enumerate(words[:-1]):
            if w == "," and (i == k or _starts(lower, i + 1, f["title"])
                             or _starts(lower, i + 1, f["after_comma"].get(label, ()))):
                return False
    return True


#: The most words of an event named only by its quotes (longer, it is a quoted sentence).
_QUOTED_EVENT_WORDS = 12

#: Words of a time of day before a date ("sáng 9/6"): never inside an event's name ("phiên họp ngày 20/2" is one).
_EVENT_TIME = frozenset("sáng chiều tối trưa đêm hôm hồi lúc".split())


def _unbalanced(words: list[str]) -> bool:
    """Whether a bracket of the words closes without opening or opens without closing (a quote may
    open a name the model ends before its closing quote: "… hợp tác “Vành đai và con đường")."""
    text = " ".join(words)
    return text.count("(") != text.count(")")


def outermost(spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """The spans no other span contains or crosses (longest first), in text order.

    >>> outermost([(0, 15, "Organization"), (8, 15, "Place"), (20, 25, "Person"), (22, 30, "Place")])
    [(0, 15, 'Organization'), (22, 30, 'Place')]
    """
    kept: list[tuple[int, int, str]] = []  # in text order, none overlapping: their ends ascend too
    starts: list[int] = []
    for s, e, t in sorted(spans, key=lambda x: (x[0] - x[1], x[0], x[2])):
        i = bisect_left(starts, e)  # the kept spans starting before this one ends …
        if i and kept[i - 1][1] > s:
            continue  # … the last of them (the one ending last) overlaps it
        starts.insert(i, s)
        kept.insert(i, (s, e, t))
    return sorted(kept)  # (empty spans at one offset in label order)


def rule_tags(tokens: list, spans: list[tuple[int, int, str]]) -> list[str]:
    """The BIO tag of each token by the rules' names (character spans, non-overlapping:
    :func:`outermost`): the stacked model reads them as a feature (the token's LEMMA,
    which nothing else sets).

    >>> from graph.analyse.pipeline import make_nlp
    >>> doc = make_nlp(False).make_doc("Tỉnh ủy Kon Tum họp")
    >>> rule_tags(list(doc), outermost([(0, 15, "Organization"), (8, 15, "Place")]))
    ['B-Organization', 'I-Organization', 'I-Organization', 'I-Organization', 'O']
    """
    tags = ["O"] * len(tokens)
    start_of = {t.idx: i for i, t in enumerate(tokens)}
    for s, e, label in spans:
        i = start_of.get(s)
        if i is None:
            continue
        tags[i] = "B-" + label
        j = i + 1
        while j < len(tokens) and tokens[j].idx < e:
            tags[j] = "I-" + label
            j += 1
    return tags


def model_spans(model: Language, docs: list[Doc]) -> list[list[tuple[int, int, str]]]:
    """The trained pipeline's names on each doc (Docs of the model's vocab): token spans
    ``(start, end, label)``, from its NER or its tagger (:func:`best_tags`); the docs go
    through in one batch (the NER's steps run on all of them at once)."""
    if "tagger" in model.pipe_names:
        tagger = model.get_pipe("tagger")
        labels = tuple(tagger.labels)
        nonempty = [d for d in docs if len(d)]
        scores = iter(tagger.model.predict(nonempty) if nonempty else [])
        return [spans_from_tags(best_tags(next(scores), labels)) if len(d) else [] for d in docs]
    return [[(e.start, e.end, e.label_) for e in doc.ents] for doc in model.pipe(docs, batch_size=256)]


def ner_spans(model: Language, docs: list[Doc]) -> list[list[tuple[int, int, str]]]:
    """The names of :func:`model_spans` for a transition-based NER, decoded here instead of by
    spaCy's parser loop (which, per token, takes Python's lock in its BLAS calls: most of the
    model's time). Same layers, same arithmetic: the states' hidden layer is the same float32
    sums in the same order, the scores the same BLIS gemm, the action the first best valid one.

    An NER action consumes one token, and the state it sees is the token, and, inside a name,
    the name's first token and the token before. Outside a name the scores depend on the token
    alone: computed for all tokens at once; inside one only I or L of its label is valid, and
    their scores are computed token by token (names are short)."""
    ner: Any = model.get_pipe("ner")
    if ner.model.attrs.get("unseen_classes") or ner.cfg.get("beam_width", 1) != 1:
        return model_spans(model, docs)  # a case this decoder does not reproduce
    lengths = [len(d) for d in docs]
    nonempty = [d for d in docs if len(d)]
    if not nonempty:
        return [[] for _ in docs]
    space = numpy.concatenate([d.to_array([IS_SPACE]).astype(bool) for d in nonempty])
    found = _decode_ner(ner, ner.model.get_ref("tok2vec").predict(nonempty), [len(d) for d in nonempty], space)
    it = iter(found)
    return [next(it) if length else [] for length in lengths]


def _decode_ner(ner: Any, tokvecs: Any, lengths: list[int], space: Any) -> list[list[tuple[int, int, str]]]:
    """The greedy NER's names on paragraphs of the given lengths (none empty), from their
    token vectors (the NER's tok2vec output, concatenated) and which tokens are spaces."""
    kinds, labels = _moves(ner)
    lower, upper = ner.model.get_ref("lower"), ner.model.get_ref("upper")
    ops = upper.ops
    cached = lower.predict(tokvecs)  # (1 + tokens, features, hidden, pieces); 0: padding
    pad, feats = cached[0], cached[1:]
    bias, weights, out_bias = lower.get_param("b"), upper.get_param("W"), upper.get_param("b")
    # outside a name: features (token, none, none); the sums in spaCy's order
    hidden = _maxout(((feats[:, 0] + pad[1]) + pad[2]) + bias)
    scores = ops.gemm(hidden, weights, trans2=True) + out_bias
    n = len(feats)
    # which actions are valid outside a name: B not on a paragraph's last token, nor before a
    # sentence start; B and U not on a space; O always (no preset entities in the copies)
    # (the only sentence start is a paragraph's first token: a name never runs into it)
    last = numpy.zeros(n, dtype=bool)
    last[numpy.cumsum(lengths) - 1] = True
    no_next = last  # no B or I here: the name would have to go on
    is_b, is_u = kinds == "B", (kinds == "U") & (labels != "")
    valid = numpy.zeros(scores.shape, dtype=bool)
    valid[:, kinds == "O"] = True
    valid[:, is_u] = ~space[:, None]
    valid[:, is_b] = (~space & ~no_next)[:, None]
    best = numpy.where(valid, scores, -numpy.inf).argmax(axis=1)
    opens = numpy.flatnonzero(numpy.isin(best, numpy.flatnonzero(is_b | is_u)))
    inside = {lab: (int(numpy.flatnonzero((kinds == "I") & (labels == lab))[0]),
                    int(numpy.flatnonzero((kinds == "L") & (labels == lab))[0])) for lab in set(labels[is_b])}
    # inside a name opened at g, the scores at g+1 … g+_AHEAD (within its paragraph), for
    # every B at once; a longer name's further tokens one by one
    para_end = numpy.flatnonzero(last)
    b_at = opens[kinds[best[opens]] == "B"]
    ahead: dict[int, Any] = {}
    if len(b_at):
        stop = numpy.minimum(b_at + _AHEAD, para_end[numpy.searchsorted(para_end, b_at)])
        count = stop - b_at
        g_rows = numpy.repeat(b_at, count)
        t_rows = g_rows + numpy.arange(len(g_rows)) - numpy.repeat(numpy.cumsum(count) - count, count) + 1
        unmaxed = ((feats[t_rows, 0] + feats[g_rows, 1]) + feats[t_rows - 1, 2]) + bias
        rows = ops.gemm(_maxout(unmaxed), weights, trans2=True) + out_bias
        for g, a, c in zip(b_at.tolist(), (numpy.cumsum(count) - count).tolist(), count.tolist()):
            ahead[g] = rows[a:a + c]
    found: list[tuple[int, int, str]] = []
    pos = 0  # the first token not yet decided
    for g in opens.tolist():
        if g < pos:
            continue  # inside the name before
        action = int(best[g])
        label = str(labels[action])
        if kinds[action] == "U":
            found.append((g, g + 1, label))
            pos = g + 1
            continue
        i_action, l_action = inside[label]  # I's index is below L's: I wins a tie
        near = ahead[g]
        t = g + 1
        while not no_next[t]:
            if t - g <= len(near):
                row = near[t - g - 1]
            else:
                unmaxed = ((feats[t, 0] + feats[g, 1]) + feats[t - 1, 2]) + bias
                row = ops.gemm(_maxout(unmaxed[None]), weights, trans2=True)[0] + out_bias
            if row[l_action] > row[i_action]:
                break
            t += 1
        found.append((g, t + 1, label))
        pos = t + 1
    # back to each paragraph's tokens
    starts, k = numpy.cumsum([0, *lengths]), 0
    by_doc: list[list[tuple[int, int, str]]] = [[] for _ in lengths]
    for s, e, label in found:
        while s >= starts[k + 1]:
            k += 1
        by_doc[k].append((s - int(starts[k]), e - int(starts[k]), label))
    return by_doc


def _maxout(x: Any) -> Any:
    # the largest piece (last axis): numpy's max over an axis of two is slow
    out = x[..., 0]
    for k in range(1, x.shape[-1]):
        out = numpy.maximum(out, x[..., k])
    return out


#: How many tokens of a name the scores are computed for in one go.
_AHEAD = 8


@cache
def _moves_of(names: tuple[str, ...]) -> tuple[Any, Any]:
    split = [name.split("-", 1) if "-" in name else [name, ""] for name in names]
    return numpy.array([a for a, _ in split]), numpy.array([b for _, b in split])


def _moves(ner: Any) -> tuple[Any, Any]:
    """Each action's kind (B, I, L, U, O) and label ("" for none), by class index."""
    return _moves_of(tuple(ner.moves.get_class_name(i) for i in range(ner.moves.n_moves)))


def paragraphs(tokens: list) -> list[list]:
    """The tokens cut at line breaks (no name runs over one), line-break tokens dropped.

    >>> from graph.analyse.pipeline import make_nlp
    >>> doc = make_nlp(False).make_doc("Tỉnh ủy họp.\\n\\nBộ Chính trị")
    >>> [[t.text for t in p] for p in paragraphs(list(doc))]
    [['Tỉnh', 'ủy', 'họp', '.'], ['Bộ', 'Chính', 'trị']]
    """
    out, current = [], []
    for t in tokens:
        if "\n" in t.text and not t.text.strip():
            if current:
                out.append(current)
            current = []
        else:
            current.append(t)
    if current:
        out.append(current)
    return out


def model_mode() -> str:
    """``"only"`` when ``KG_LEARNED=only`` (the model alone, for measuring), else ``"combine"``.

    >>> model_mode() in ("combine", "only")
    True
    """
    return "only" if os.environ.get("KG_LEARNED", "").strip().lower() == "only" else "combine"


def load_model(path: str | None = None) -> Language:
    """The trained pipeline at ``path`` (default :func:`model_dir`), loaded once per process
    (no network).

    >>> load_model().pipe_names in (['ner'], ['tagger'])
    True
    """
    return _load(str(path or model_dir()))


@cache
def _load(path: str) -> Language:
    import spacy

    folder = Path(path)
    if not (folder / "meta.json").is_file():
        raise InputError(Errors.E801.format(what=folder, reason="no trained model here (run `kg train`)"))
    return spacy.load(folder)


load_model.cache_clear = _load.cache_clear  # type: ignore[attr-defined]


@Language.factory(
    "kg_learned_recognizer",
    default_config={"model": None, "mode": None},
    requires=["doc._.kg_candidates"],
    assigns=["doc._.kg_candidates"],
)
def make_learned_recognizer(nlp: Language, name: str, model: str | None, mode: str | None):
    return LearnedRecognizer(model or model_dir(), mode or model_mode())


def model_dir() -> str:
    """The model folder: ``KG_LEARNED_MODEL`` (a model trained with ``kg train --out``), else
    the shipped one.

    >>> model_dir() == os.environ.get("KG_LEARNED_MODEL", str(MODEL_DIR))
    True
    """
    return os.environ.get("KG_LEARNED_MODEL") or str(MODEL_DIR)


class LearnedRecognizer:
    """Adds the model's names to the candidates (``mode="only"``: replaces the rules' with them)."""

    def __init__(self, model: str | None = None, mode: str = "combine"):
        if mode not in ("combine", "only"):
            raise ValueError(f"kg_learned_recognizer: mode {mode!r}: give 'combine' or 'only'")
        self.model_path = model or model_dir()
        self.mode = mode

    def initialize(self, get_examples=None, nlp=None) -> None:
        """Load the model now (otherwise on the first doc)."""
        load_model(self.model_path)

    def __call__(self, doc: Doc) -> Doc:
        model = load_model(self.model_path)
        if "tagger" in model.pipe_names:
            found = _tagger_names(model, doc)
        else:
            found = _array_names(model, doc)
        if self.mode == "only":
            doc._.kg_candidates = []
            doc.user_data[MODEL_ONLY] = True  # the resolver keeps every type of the model's
        for start, end, label in found:
            emit(doc, start, end, label, MODEL_RULE_PREFIX + label.lower())
        return doc


def _stacked(model: Language) -> bool:
    return bool(model.meta.get("kg", {}).get("settings", {}).get("stacked"))


def _rule_spans(doc: Doc) -> list[tuple[int, int, str]]:
    # the rules' names, resolved as without the model, outermost only (the stacked input)
    rules = [m for m in MentionResolver().resolve(doc._.kg_candidates or []) if not is_model(m)]
    return outermost([(m.start, m.end, m.type) for m in rules])


def _copy_names(model: Language, doc: Doc, spans_of: Any = model_spans) -> list[tuple[int, int, str]]:
    """The names of the model run on a copy of each paragraph (Docs of its vocab), by spaCy
    (``spans_of``: :func:`model_spans`) or by :func:`ner_spans`: spaCy's path is the
    reference :func:`_tagger_names` and :func:`ner_spans` give the same names as
    (tests/analyse/test_learned_tagger.py, test_learned_ner.py)."""
    end = _body_end(doc)
    tokens = [t for t in doc if t.idx < end]
    if not tokens:
        return []
    pieces = paragraphs(tokens)
    copies = [Doc(model.vocab, words=[t.text for t in p], spaces=[bool(t.whitespace_) for t in p])
              for p in pieces]
    if _stacked(model):
        spans = _rule_spans(doc)
        for piece, copy in zip(pieces, copies):
            for t, tag in zip(copy, rule_tags(piece, spans)):
                t.lemma_ = tag
    found = []
    for piece, spans in zip(pieces, spans_of(model, copies)):
        for start, end, label in spans:
            words = [t.text for t in piece[start:end]]
            if label in ENTITY_TYPES and well_formed(words, label, [t.text for t in piece[max(0, start - 3):start]],
                                                     _next_word(piece, end, len(piece))):
                # same tokens, same text: the copy's tokens are the doc's
                last = piece[end - 1]
                found.append((piece[start].idx, last.idx + len(last.text), label))
    return found


#: The lexical attributes the model's embedding reads, as our Doc gives them: our NORM is
#: another (the folded lower case the rules match on), so the model's is looked up from
#: ORTH (:func:`_model_norms`); PREFIX, SUFFIX and SHAPE are spaCy ``vi``'s in both
#: vocabularies, and string hashes do not depend on the vocabulary.
_AS_OURS = {NORM: ORTH}


def _model_norms(model: Language, doc: Doc, orths):
    """The model vocabulary's NORM of each ORTH (its lower case, or a punctuation norm: "“" is
    '"'), cached per model."""
    cache = _NORMS.setdefault(id(model.vocab), {})
    uniq, inverse = numpy.unique(orths, return_inverse=True)
    getter = model.vocab.lex_attr_getters[NORM]
    strings, ours = model.vocab.strings, doc.vocab.strings
    mapped = []
    for o in uniq.tolist():
        v = cache.get(o)
        if v is None:
            v = cache[o] = strings.add(getter(ours[o]))
        mapped.append(v)
    return numpy.asarray(mapped, dtype="uint64")[inverse]


_NORMS: dict[int, dict[int, int]] = {}


def _tagger_names(model: Language, doc: Doc) -> list[tuple[int, int, str]]:
    """The names of a tagger (BIO or BILUO), computed on arrays (:func:`_tagger_scores`),
    the tags decoded by :func:`best_tags`: the names of :func:`_copy_names`, faster."""
    ranges, scores = _tagger_scores(model, doc)
    labels = tuple(model.get_pipe("tagger").labels)
    found = []
    for (s, e), sc in zip(ranges, scores):
        for a, b, label in spans_from_tags(best_tags(sc, labels)):
            words = [doc[s + k].text for k in range(a, b)]
            if label in ENTITY_TYPES and well_formed(words, label, [doc[s + k].text for k in range(max(0, a - 3), a)],
                                                     _next_word(doc, s + b, e)):
                first, last = doc[s + a], doc[s + b - 1]
                found.append((first.idx, last.idx + len(last.text), label))
    return found


def _tagger_scores(model: Language, doc: Doc) -> tuple[list[tuple[int, int]], list]:
    """The body's paragraphs (token ranges of our Doc, line-break tokens left out) and the
    tagger's scores on each (tokens x labels): the features straight from our Doc
    (``Doc.to_array``, no copy of the tokens, the model's NORM looked up), one forward pass
    of the layers after the feature extractor. The scores of the tagger's own predict on
    copies of the paragraphs."""
    tagger = model.get_pipe("tagger")
    layers, attrs = _forward_layers(tagger.model)
    ranges, x = _features(model, doc, attrs)
    if not ranges:
        return [], []
    for layer in layers:
        x = layer.predict(x)
    return ranges, list(x)


def _array_names(model: Language, doc: Doc) -> list[tuple[int, int, str]]:
    """The names of a transition-based NER without copies of the paragraphs: its tok2vec on
    the features of our Doc (:func:`_features`), the names decoded by :func:`_decode_ner`;
    the names of :func:`_copy_names`, faster (tests/analyse/test_learned_ner.py)."""
    ner: Any = model.get_pipe("ner")
    if ner.model.attrs.get("unseen_classes") or ner.cfg.get("beam_width", 1) != 1:
        return _copy_names(model, doc)
    layers, attrs = _forward_layers(ner.model.get_ref("tok2vec"))
    ranges, x = _features(model, doc, attrs)
    if not ranges:
        return []
    for layer in layers:
        x = layer.predict(x)
    space = doc.to_array([IS_SPACE]).astype(bool)
    space = numpy.concatenate([space[s:e] for s, e in ranges])
    found = []
    for (s, e), spans in zip(ranges, _decode_ner(ner, x, [e - s for s, e in ranges], space)):
        for a, b, label in spans:
            if label in ENTITY_TYPES and well_formed(_texts(doc, s + a, s + b), label,
                                                     _texts(doc, max(s, s + a - 3), s + a),
                                                     _next_word(doc, s + b, e)):
                first, last = doc[s + a], doc[s + b - 1]
                found.append((first.idx, last.idx + len(last.text), label))
    return found


def _texts(doc: Doc, start: int, end: int) -> list[str]:
    return [doc[i].text for i in range(start, end)]


def _features(model: Language, doc: Doc, attrs: list[int]) -> tuple[list[tuple[int, int]], list[Any]]:
    """The body's paragraphs (token ranges of our Doc, line-break tokens left out) and the
    features the model's embedding reads on each (tokens x ``attrs``), as on copies."""
    end = _body_end(doc)
    if not len(doc) or end <= 0:
        return [], []
    tag_col = attrs.index(LEMMA) if LEMMA in attrs else -1
    cols = [_AS_OURS.get(a, a) for a in attrs if a != LEMMA]
    base = doc.to_array([IDX, IS_SPACE, *cols]).astype("uint64")
    n = int(numpy.searchsorted(base[:, 0], end))
    if not n:
        return [], []
    base = base[:n]
    feats = numpy.empty((n, len(attrs)), dtype="uint64")
    feats[:, [i for i, a in enumerate(attrs) if a != LEMMA]] = base[:, 2:]
    if NORM in attrs:
        k = attrs.index(NORM)
        feats[:, k] = _model_norms(model, doc, feats[:, k])
    # paragraphs: cut at the line-break tokens, which are left out (as :func:`paragraphs`)
    breaks = [int(i) for i in numpy.nonzero(base[:, 1])[0] if "\n" in doc[int(i)].text]
    ranges, start = [], 0
    for b in [*breaks, n]:
        if b > start:
            ranges.append((start, b))
        start = b + 1
    if not ranges:
        return [], []
    if tag_col >= 0:
        strings = model.vocab.strings
        tags = numpy.full(n, strings.add("O"), dtype="uint64")
        if _stacked(model):
            starts, cut = base[:, 0], set(breaks)
            for s, e, label in _rule_spans(doc):
                i = int(numpy.searchsorted(starts, s))
                if i >= n or int(starts[i]) != s or i in cut:
                    continue  # not on the start of a paragraph's token (as rule_tags)
                # a name's tags stop at its paragraph's end (as rule_tags on a paragraph)
                j = min(int(numpy.searchsorted(starts, e)), next((b for b in breaks if b > i), n))
                tags[i] = strings.add("B-" + label)
                tags[i + 1:j] = strings.add("I-" + label)
        feats[:, tag_col] = tags
    return ranges, [feats[s:e] for s, e in ranges]


@cache
def _forward_layers(model) -> tuple[list, list[int]]:
    """The layers of a tagger's model after its feature extractor, and the attributes it reads."""
    embed = model.layers[0].layers[0]
    extract = embed.layers[0]
    if extract.name != "extract_features":
        raise ValueError(f"kg_learned_recognizer: unexpected tagger model ({extract.name})")
    columns = [int(intify_attr(c)) for c in extract.attrs["columns"]]  # type: ignore[arg-type]
    return [*embed.layers[1:], *model.layers[0].layers[1:], *model.layers[1:]], columns


def _body_end(doc: Doc) -> int:
    # the site trailer is excluded from the end of the text on: nothing there to find
    n = len(doc_text(doc))
    ends = [s for s, e in doc._.kg_exclude or () if e >= n]
    return min(ends, default=n)
