"""People: a surname and capitalised given names, without the title.

A three- or four-syllable name of known name syllables stands on its own
("Nguyễn Phú Trọng"); a two-syllable one ("Tô Lâm") needs a title or
"đồng chí"/"ông"/"bà" next to it. The titles and what they show are
``graph/rules/roles.tsv``; bylines and photo credits come from the reader.
"""

from __future__ import annotations

import re
from dataclasses import replace

from spacy.language import Language
from spacy.tokens import Doc

from graph.analyse.recognise.base import PhraseTable, Words, doc_text, doc_words, emit, foreign_word, word_class
from graph.analyse.recognise.places import lookup
from graph.lexicon import DATA
from graph.lexicon import load as load_lexicon
from graph.rules import load
from graph.text import ascii_fold, norm_key

__all__ = ["PersonRecognizer", "title_alternation"]

#: lower-case particles inside a foreign name ("Hamad bin Isa al-Khalifa", "Vincent van Gogh")
_PARTICLES = frozenset({"bin", "bint", "ibn", "al", "el", "de", "da", "van", "von", "der", "del", "dos"})
#: what separates the names of a list
_LIST_SEPARATORS = frozenset({",", ";", "và"})
#: heads of bodies that take a foreign name of their own ("Tập đoàn Albright Stonebridge")
_NAMED_HEADS = ("Tập đoàn", "Công ty", "Tổng công ty", "Hãng", "Ngân hàng", "Quỹ", "Trường", "Đại học", "Viện",
                "Trung tâm", "Nhà máy")
#: words before a well-known person's name that make it a street's, ward's or school's
#: ("đường Trường Chinh", "phường Quang Trung", "Trường THPT Nguyễn Trãi")
_NAMED_AFTER = frozenset({"đường", "phố", "phường", "xã", "quận", "huyện", "thị", "trấn", "cầu", "Cầu", "Đường", "Phố",
                          "Phường", "Xã", "Quận", "Huyện", "TP", "THPT", "THCS", "Tiểu", "trường", "Trường", "ngõ",
                          "hẻm", "Ngõ", "Hẻm", "lộ", "Lộ", "Quảng", "số", "tuyến", "hồ", "Hồ", "Công", "viên"})
#: initials glued to a foreign name ("K.Yadav Reddy")
_INITIAL_RE = re.compile(r"^(?:[A-Z]\.)+(?=[A-Z][a-z])")
#: a monarch's ordinal after the name ("Felipe VI"); not "I", a pronoun or an initial
_ORDINALS = frozenset({"II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"})

def title_alternation(flag: str, roles=None, any_case: bool = False) -> str:
    """The titles of ``roles.tsv`` with ``flag``, as one regex alternation (longest first).

    >>> re.fullmatch(title_alternation("address"), "đồng chí") is not None
    True
    """
    roles = roles if roles is not None else load("roles")
    alts = []
    for r in sorted(roles.where("flags", flag), key=lambda r: -len(r["name"])):
        t = r["name"]
        if r["case"] == "any" or any_case:
            alts.append(r"\s+".join(f"[{w[0].upper()}{w[0].lower()}]{re.escape(w[1:])}" for w in t.split()))
        else:
            alts.append(re.escape(t))
    return "(?:" + "|".join(alts) + ")"


@Language.factory(
    "kg_person_recognizer",
    assigns=["doc._.kg_candidates"],
    requires=["doc._.kg_folded", "doc._.kg_bylines"],
    default_config={"max_given": 3, "roles": {"@misc": "kg.rules.v1", "name": "roles"}},
)
def make_person_recognizer(nlp: Language, name: str, max_given: int, roles):
    return PersonRecognizer(max_given, roles)


class PersonRecognizer:
    """Finds people's names; :meth:`initialize` builds the title patterns from the roles."""

    def __init__(self, max_given: int = 3, roles=None):
        self.max_given = max_given
        self.roles_loader = roles or (lambda: load("roles"))
        self.ready = False

    def initialize(self, get_examples=None, *, nlp=None) -> None:
        """Compile the title contexts of ``roles.tsv`` and load the name lists."""
        roles = self.roles_loader()
        alt = lambda flag: title_alternation(flag, roles)  # noqa: E731
        self.title_re = re.compile(rf"(?:\b{alt('context')}\b)[^.;:!?]{{0,80}}$")
        self.national_re = re.compile(rf"{alt('national_before')}[^.;:!?]{{0,60}}$")
        self.national_after_re = re.compile(rf"\s*[,–-]\s*(?:nguyên\s+)?{alt('national_after')}")
        self.address_re = re.compile(rf"(?:\b{alt('address')})\s+$")
        self.follow_re = re.compile(rf"^\s*(?:,|-|–|\()\s*(?:nguyên\s+)?{alt('follows')}")
        self.foreign_title_re = re.compile(rf"(?:\b{alt('foreign_title')})\s+$")
        self.honorific_re = re.compile(rf"(?:\b(?:{alt('honorific')[3:-1]}|{alt('address')[3:-1]}))\s+$")
        # a post right before a given name alone, in either case: "thứ trưởng Phúc", "Đại biểu Cầu"
        self.post_re = re.compile(rf"(?:\b{title_alternation('role', roles, any_case=True)})\s+$")
        # ... but not a body's name after the post: "Chánh văn phòng Trung ương Đảng" ("Trung")
        self.bodies = PhraseTable(r["name"] for r in load("bodies"))
        self.lex = load_lexicon()
        self.leaders = PhraseTable(self.lex.leaders)
        self.known = PhraseTable(line.strip() for line in (DATA / "known_people.txt").read_text("utf-8").splitlines()
                                 if line.strip() and not line.startswith("#"))
        self.countries = PhraseTable(k for k, e in self.lex.regions.items() if e.level == "Country")
        # countries, foreign states and cities: a foreign name neither starts nor goes on inside one
        self.abroad = PhraseTable(k for k, e in self.lex.regions.items() if e.level in ("Country", "State", "City"))
        self.cap_stop = word_class("cap_stop")
        self.name_stop = word_class("name_stop")
        self.time_next = word_class("time_next")
        self.name_next = frozenset(" ".join((w.split()[0], *map(str.casefold, w.split()[1:])))
                                   for w in word_class("name_next"))
        # a title of more than one word that starts at a capitalised word ("Thủ tướng", "Đồng chí")
        self.title_start_re = re.compile(rf"{alt('address')}(?![\w])")
        # a foreign name after a title and the body or country it heads: "Chủ tịch … Hạ viện Mỹ Mac Thornberry"
        self.title_near_re = re.compile(rf"\b{alt('foreign_title')}\b[^.;:!?]{{0,60}}$")
        self.title_word_re = re.compile(rf"\b{alt('foreign_title')}\b")
        self.ready = True

    def __call__(self, doc: Doc) -> Doc:
        if not self.ready:
            self.initialize()
        words = doc_words(doc)
        lex = self.lex
        text = doc_text(doc)
        i = 0
        n = len(words)
        # the reader's bylines and credits: a name found there is not read again longer or shorter
        # ("Ảnh: Hà Khánh Sinh ngày …": "Hà Khánh")
        credits = [(b.start, b.end) for b in doc._.kg_bylines or ()]
        self._known(doc, words, text, credits)
        while i < n:
            w = words[i]
            if w.text not in lex.surnames:
                i += 1
                continue
            # a place name starting with a surname ("Hà Nội Vũ Đức Bảo"): step over it
            pend, _ = lookup(lex, "Province", words, i, True)
            if pend and pend < n and words[pend].text in lex.surnames:
                i = pend
                continue
            # a country's name ("Hàn Quốc Chung Eui-yong"): never a person's
            cend, _ = self.countries.at(words, i, exact_first=False)
            if cend:
                i = cend
                continue
            # inside a place name ("Liêu" in "Bạc Liêu Dương Thành Trung"): not a name's start
            if i > 0 and (lookup(lex, "Province", words, i - 1, True)[0] > i
                          or lookup(lex, "District", words, i - 1, True)[0] > i):
                i += 1
                continue
            run = words.cap_run(i + 1, self.max_given)
            # "Nguyễn Văn Thiện Chiều nay": a time or place word is no given name; nor is the
            # first word of a title that follows without a stop ("… Nguyễn Tấn Dũng Thủ tướng …")
            # or of a clause ("… Cùng dự có …", rules/words.tsv name_next)
            while run > i + 1 and run < n and (
                    (words[run - 1].text in self.name_stop
                     and (words.folded[run] in self.time_next or words[run].text[:1].isdigit()))
                    or f"{words[run - 1].text} {words.folded[run]}" in self.name_next
                    or self._title_begins(text, words[run - 1].start, words[run - 1].end)):
                run -= 1
            given = [x.text for x in words[i + 1 : run]]
            # a longer capitalised run is a body or place name, not a person
            if not given or (run < n and words[run].is_cap and not words[run].is_punct
                             and len(given) == self.max_given):
                i = max(run, i + 1)
                continue
            start, end = w.start, words[run - 1].end
            name = text[start:end]
            if self._is_person(text, name, start, end, given) and not any(
                    s < end and start < e and (s, e) != (start, end) for s, e in credits):
                before = text[max(0, start - 90) : start]
                emit(doc, start, end, "Person", "person-name", None,
                     national=norm_key(name) in lex.politicians or bool(self.national_re.search(before))
                     or bool(self.national_after_re.match(text[end : end + 60])))
            # never restart inside a name: "La Thăng" in "Đinh La Thăng"
            i = run
        self._lists(doc, words, text)
        self._foreign(doc, words, text)
        found = [m for m in doc._.kg_candidates or () if m.type == "Person"]
        self._short_references(doc, words, text, found)
        # Bylines and photo credits found by the reader.
        for b in doc._.kg_bylines or ():
            emit(doc, b.start, b.end, "Person", f"person-{b.kind}", None, byline=b.kind)
        return doc

    def _known(self, doc: Doc, words: Words, text: str, credits: list) -> None:
        """Well-known people of ``data/known_people.txt`` ("Trường Chinh", "Tố Hữu", "Quang Trung"),
        as written, not inside a longer capitalised name and not named after ("đường Trường Chinh")."""
        n = len(words)
        for i, w in enumerate(words):
            if not w.is_cap or w.text not in self.known.exact:
                continue
            for phrase, _ in self.known.exact[w.text]:
                end = i + len(phrase)
                if end > n or tuple(x.text for x in words[i:end]) != phrase:
                    continue
                if (end < n and words[end].is_cap and not words[end].is_punct) \
                        or (i > 0 and words[i - 1].text in _NAMED_AFTER):
                    break
                s, e = w.start, words[end - 1].end
                if not any(cs < e and s < ce for cs, ce in credits):
                    emit(doc, s, e, "Person", "person-known", None, national=True)
                break

    def _lists(self, doc: Doc, words: Words, text: str) -> None:
        """The other items of a list of names ("Trần Phú, Hà Huy Tập, Nguyễn Thị Minh Khai"):
        a surname and one to three capitalised words between list separators, beside a name
        found, is a person's name whatever its syllables (never a place's)."""
        n = len(words)
        starts = {m.start: m for m in doc._.kg_candidates or () if m.type == "Person"}
        ends = {m.end: m for m in starts.values()}
        index = {w.start: k for k, w in enumerate(words)}
        end_index = {w.end: k for k, w in enumerate(words)}
        todo = [(end_index[m.end], 1) for m in starts.values() if m.end in end_index] + \
               [(index[m.start], -1) for m in starts.values() if m.start in index]
        while todo:
            k, step = todo.pop()
            if step == 1:  # the item after word k (the last of a name)
                j = k + 1
                if j < n and words[j].text in _LIST_SEPARATORS:
                    j += 1
                else:
                    continue
                item = self._list_item(words, j)
                if item and (item > n - 1 or words[item].text in _LIST_SEPARATORS or words[item].is_punct):
                    self._list_emit(doc, words, text, j, item, starts, ends, todo)
            else:  # the item before word k (the first of a name)
                j = k - 1
                if j < 1 or words[j].text not in _LIST_SEPARATORS:
                    continue
                for size in (4, 3, 2):
                    b = j - size
                    if b < 0 or (b > 0 and not (words[b - 1].text in _LIST_SEPARATORS or words[b - 1].is_punct)):
                        continue
                    if self._list_item(words, b) == j:
                        self._list_emit(doc, words, text, b, j, starts, ends, todo)
                        break

    def _list_item(self, words: Words, j: int) -> int:
        """End of a surname and one to three capitalised words at ``j``, or 0."""
        if j >= len(words) or words[j].text not in self.lex.surnames:
            return 0
        run = words.cap_run(j + 1, self.max_given)
        return run if run > j + 1 else 0

    def _list_emit(self, doc, words, text, b, e, starts, ends, todo) -> None:
        s, t = words[b].start, words[e - 1].end
        if s in starts or any(m.start < t and s < m.end for m in starts.values()):
            return
        key = norm_key(text[s:t])
        lex = self.lex
        if key in lex.provinces or key in lex.districts or key in lex.regions \
                or lookup(lex, "Province", words, b, True)[0] or self.countries.at(words, b, exact_first=False)[0]:
            return
        emit(doc, s, t, "Person", "person-list", None, national=key in lex.politicians)
        m = doc._.kg_candidates[-1]
        starts[s] = m
        ends[t] = m
        todo.extend([(e - 1, 1), (b, -1)])

    def _title_begins(self, text: str, start: int, end: int) -> bool:
        """Whether a title of two or more words begins with the word at ``start``-``end``:
        "Thủ" of "Thủ tướng", "Đồng" of "Đồng chí", not a one-word title ("Anh")."""
        found = self.title_start_re.match(text, start)
        return bool(found) and found.end() > end and " " in found[0]  # type: ignore[union-attr]

    def _foreign(self, doc: Doc, words: Words, text: str) -> None:
        """Foreign people: leaders of the gazetteer, and foreign names right after a title
        ("Tổng thống Mỹ Donald Trump", "Thượng nghị sĩ Mac Thornberry", "ông Trump")."""
        n = len(words)
        i = 0
        while i < n:
            w = words[i]
            if not w.is_cap or w.is_punct:
                i += 1
                continue
            end, _ = self.leaders.at(words, i, exact_first=False)
            if end and not (end < n and words[end].is_cap and not words[end].is_punct):
                emit(doc, w.start, words[end - 1].end, "Person", "person-foreign", None, national=True)
                i = end
                continue
            cend, _ = self.abroad.at(words, i, exact_first=False)
            if cend:  # "Tây Ban Nha", "Moscow": no name starts inside a country's or a city's
                i = cend
                continue
            # the title right before, or before the country: "Ngoại trưởng Hàn Quốc Chung Eui-yong"
            country = next((k for k in range(max(0, i - 3), i)
                            if self.countries.at(words, k, exact_first=False)[0] == i), None)
            start = words[country].start if country is not None else w.start
            korean = (i + 3 < n and words[i + 1].is_cap and words[i + 2].text == "-" and words[i + 3].text[:1].islower()
                      and words[i + 2].start == words[i + 1].end and words[i + 3].start == words[i + 2].end)
            if korean or self.foreign_title_re.search(text[max(0, start - 30) : start]) or (
                    country is not None and self.title_near_re.search(text[max(0, start - 90) : start])) or (
                    self._title_then_body(words, text, i)):
                end = self._foreign_name(words, i)
                if end:
                    emit(doc, w.start, words[end - 1].end, "Person", "person-foreign", None, national=True)
                    # the other foreign names of a list: "… AIPSO B.Vinod, Metla Jagan, Thipparthi Yadaiah"
                    while end + 1 < n and words[end].text in _LIST_SEPARATORS and words[end + 1].is_cap:
                        nxt = self._foreign_name(words, end + 1)
                        parts = text[words[end + 1].start : words[nxt - 1].end].split()
                        if not nxt or not all(foreign_word(_INITIAL_RE.sub("", x) or x)
                                              for x in parts if x not in _PARTICLES):
                            break
                        emit(doc, words[end + 1].start, words[nxt - 1].end, "Person", "person-foreign", None,
                             national=True)
                        end = nxt
                    i = end
                    continue
            i += 1

    def _title_then_body(self, words: Words, text: str, i: int) -> bool:
        """A title, then a body's name, then a foreign name of two words or more: "Chánh văn
        phòng Nhà Trắng Reince Priebus", "Chánh án Tòa án Tối cao Carmen Lucia". Between them
        no comma, no foreign word (no other name: "Tổng thống Trump trên chuyên cơ Air Force
        One", "Phu nhân và đoàn tại sân bay Schiphol"), and no company or school whose name it would be."""
        n = len(words)
        # (or an initial glued to one word: "K.Srihari")
        initial = len(words[i].text) == 1 and i + 2 < n and words[i + 1].text == "." \
            and words[i + 1].start == words[i].end and words[i + 2].start == words[i + 1].end
        if not (initial or (i + 1 < n and words[i + 1].is_cap and not words[i + 1].is_punct)):
            return False
        window = text[max(0, words[i].start - 60) : words[i].start]
        if not self.title_near_re.search(window):
            return False
        gap = window[[t.end() for t in self.title_word_re.finditer(window)][-1]:].strip()
        # after a company's or school's head the name is its own: "Tập đoàn tư vấn Albright Stonebridge"
        caps = [g for g in gap.split() if g[:1].isupper()]
        # (a body's acronym or a region's name is no other name: "Chủ tịch AIPSO K.Yadav Reddy",
        # "Bộ trưởng giáo dục bang Telangana K.Srihari")
        return "," not in gap and len(gap.split()) <= 5 and bool(caps) and not gap.startswith(_NAMED_HEADS) \
            and not any(foreign_word(g) and not g.isupper() and norm_key(g) not in self.lex.regions for g in caps)

    def _foreign_name(self, words: Words, i: int) -> int:
        """End of a foreign name at word ``i`` (1 to 4 capitalised words, hyphenated parts joined,
        at least one no Vietnamese syllable), or 0."""
        n = len(words)
        if self.abroad.at(words, i, exact_first=False)[0]:
            return 0  # the country or city after the title ("… tại Moscow Vitezslav …"): the name follows it
        j, names = i, []
        while j < n and len(names) < 6:
            if names and self.abroad.at(words, j, exact_first=False)[0]:
                break  # "Rodrigo Duterte Philippines": the country after the name is not part of it
            if names and words[j].text in _PARTICLES and j + 1 < n and (
                    words[j + 1].text == "-" or (words[j + 1].is_cap and not words[j + 1].is_punct)):
                # "bin", "al-" in "Hamad bin Isa al-Khalifa", "van" in "Mark van …": part of the name
                k = j + 1
                if words[k].text == "-" and words[k].start == words[j].end and k + 1 < n \
                        and words[k + 1].start == words[k].end and words[k + 1].is_cap:
                    k += 2
                    names.append(words.text[words[j].start : words[k - 1].end])
                    j = k
                    continue
                if words[k].is_cap:
                    names.append(words[j].text)
                    j = k
                    continue
                break
            if not words[j].is_cap or words[j].is_punct or words[j].text in self.cap_stop:
                break
            k = j + 1
            # an initial glued to the name: "K.Yadav", "B.Vinod"
            if len(words[j].text) == 1 and words[j].text.isupper() and k + 1 < n and words[k].text == "." \
                    and words[k].start == words[j].end and words[k + 1].start == words[k].end \
                    and words[k + 1].is_cap and not words[k + 1].is_punct:
                k += 2
            # "Jae-in", "Chan-o-cha": the hyphenated parts are one word
            while k + 1 < n and words[k].text == "-" and words[k].start == words[k - 1].end \
                    and words[k + 1].start == words[k].end and not words[k + 1].is_punct:
                k += 2
            names.append(words.text[words[j].start : words[k - 1].end])
            j = k
        # a monarch's ordinal ("Felipe VI", "Elizabeth II"): part of the name
        while names and names[-1] in _ORDINALS and len(names) > 1:
            names.pop()
            j -= 1
        if names and names[-1] in _PARTICLES:
            return 0
        ordinal = j < n and words[j].text in _ORDINALS
        # an initial glued to a name counts as the name's: "K.Srihari", "B.Vinod"
        names = [_INITIAL_RE.sub("", x) or x for x in names]
        if not names or not any(foreign_word(x) for x in names) or any(x.isupper() for x in names):
            return 0  # no foreign word, or an acronym ("EPA"): no person's name
        if norm_key(" ".join(names)) in self.lex.foreign_orgs:
            return 0  # "Interpol"
        if any(x.casefold() != ascii_fold(x) and "-" not in x and not foreign_word(x) for x in names):
            return 0  # a Vietnamese word with its tone marks: not a foreign name
        if self.countries.at(words, i, exact_first=False)[0] == j:
            return 0  # a country after the title
        return j + 1 if ordinal else j

    def _short_references(self, doc: Doc, words: Words, text: str, found: list) -> None:
        """"ông Hùng", "đồng chí Hùng", "ông Trump" after the full name in the same article:
        a mention (the name part) of the full-named person."""
        if not found:
            return
        shorts: dict[str, str] = {}  # short form -> full name (the first one found)
        foreign_full = {m.text: True for m in found if m.rule == "person-foreign"}
        for m in sorted(found, key=lambda m: m.start):
            parts = m.text.split()
            if len(parts) < 2 or m.full_name:
                continue
            if m.rule == "person-foreign":
                leader = self.lex.leaders.get(norm_key(m.text))
                forms = [leader.short] if leader and leader.short else \
                    [parts[0]] if "-" in parts[-1] else [parts[-1]]
            else:  # a Vietnamese name: the given names ("Hùng", "Thanh Vân")
                forms = [" ".join(parts[k:]) for k in range(1, len(parts))]
            for f in forms:
                shorts.setdefault(f, m.text)
        # a single-word mention found on its own ("ông Trump") that is a short form: say so
        cands = doc._.kg_candidates
        for k, m in enumerate(cands):
            if m.type == "Person" and m.text in shorts and shorts[m.text] != m.text and not m.full_name:
                cands[k] = replace(m, rule="person-short", full_name=shorts[m.text])
        taken = [(m.start, m.end) for m in found]
        table = PhraseTable(shorts)
        n = len(words)
        for i, w in enumerate(words):
            if not w.is_cap:
                continue
            matches = table.all_at(words, i)
            if not matches:
                continue
            end = matches[0][0]
            if end < n and words[end].is_cap and not words[end].is_punct:
                continue  # part of a longer name
            s, e = w.start, words[end - 1].end
            if any(ts < e and s < te for ts, te in taken):
                continue
            short = text[s:e]
            full = shorts.get(short)
            honorific = bool(self.honorific_re.search(text[max(0, s - 20) : s])
                             or (self.post_re.search(text[max(0, s - 30) : s])
                                 and not self.bodies.at(words, i, exact_first=False)[0]))
            # a foreign family name stands alone ("Trump nói"); a Vietnamese given name needs its honorific
            if full and (honorific or (foreign_word(short) and foreign_full.get(full))):
                emit(doc, s, e, "Person", "person-short", None, full_name=full)

    def _is_person(self, text: str, name: str, start: int, end: int, given: list[str]) -> bool:
        """Whether a surname and given names are a person's: known syllables, a title near, or
        an address right before; never a province's or district's name."""
        lex = self.lex
        key = norm_key(name)
        if key in lex.politicians:
            return True
        before = text[max(0, start - 90) : start]
        place = key in lex.provinces or key in lex.districts
        # "ông", "bà", "đồng chí" right before: the name is a person's whatever its syllables
        if self.address_re.search(before) and not place:
            return True
        known = sum(g in lex.given_names for g in given)
        follows = bool(self.follow_re.match(text[end : end + 30]))
        context = bool(self.title_re.search(before)) or follows
        return ((known == len(given) or (context and known >= len(given) - 1 and len(given) >= 2))
                # a two-syllable name needs its title right next to it
                and (len(given) >= 2 or follows) and not place)
