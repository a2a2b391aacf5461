"""Organisations: how Vietnamese Party, state and mass bodies are named and nested.

A name is parsed, not looked up, by the grammar declared in
``graph/rules/grammar/orgs.jsonl``:  ORG := SUB ["(" ABBR ")"] ORG | CORE MODIFIER* | …
where SUB is a body inside another ("Ban Thường vụ", "Ủy ban Kiểm tra"), CORE a
body in its own right ("Tỉnh ủy", "UBND", "Bộ Chính trị"), and the modifiers say
which one ("Khối các cơ quan", "tỉnh Kon Tum", "Trung ương"). The heads and their
flags are ``graph/rules/bodies.tsv``. Names are capitalised: "đảng ủy trực
thuộc", "các huyện ủy" are classes of bodies, not bodies.

>>> from graph.analyse.pipeline import make_nlp
>>> rec = make_nlp(False).get_pipe("kg_org_recognizer")
>>> doc = make_nlp(False).make_doc("Ban Thường vụ Tỉnh ủy Kon Tum họp.")
>>> end, subtype, national, parent = rec.parse(doc_words(doc), 0)
>>> end, subtype, national, parent[:2]
(7, 'PartyCommittee', False, (3, 7))
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc

from graph.analyse.recognise.base import PhraseTable, Words, doc_words, emit, folded_text, name_begins, word_class
from graph.analyse.recognise.places import lookup, unit_table
from graph.lexicon import load as load_lexicon
from graph.rules import RuleError, grammar, load, patterns

__all__ = ["OrgRecognizer"]

_ROMAN = re.compile(r"[IVXL]{1,6}")

#: The bodies.tsv columns that are terminals of the grammar.
_TERMINALS = {"NATIONAL": "national", "CORE": "core", "SUB": "sub", "HEAD": "head", "FIELD_HEAD": "field_head"}
_SYMBOLS = {*_TERMINALS, "FIELD", "MODIFIERS", "NAME", "TAIL", "ABBR?", "ORG", "COUNTRY"}


@dataclass(frozen=True)
class _State:
    pos: int
    row: dict | None = None  # the head's row of bodies.tsv
    subtype: str | None = None
    national: bool = False
    parent: tuple | None = None  # (start index, end index, SUB phrase)
    empty: frozenset = frozenset()  # symbols that covered no word


@Language.factory(
    "kg_org_recognizer",
    assigns=["doc._.kg_candidates"],
    requires=["doc._.kg_folded"],
    default_config={"max_depth": 3, "bodies": {"@misc": "kg.rules.v1", "name": "bodies"}},
)
def make_org_recognizer(nlp: Language, name: str, max_depth: int, bodies):
    return OrgRecognizer(max_depth, bodies)


class OrgRecognizer:
    """Finds bodies' names by the grammar; :meth:`initialize` reads the rules once."""

    def __init__(self, max_depth: int = 3, bodies=None):
        self.max_depth = max_depth
        self.bodies_loader = bodies or (lambda: load("bodies"))
        self.ready = False

    def initialize(self, get_examples=None, *, nlp=None) -> None:
        """Build the phrase tables of the grammar's terminals and the filters' word sets."""
        bodies = self.bodies_loader()
        self.productions = grammar("orgs")
        for p in self.productions:
            unknown = set(p["rhs"]) - _SYMBOLS
            if unknown:
                raise RuleError(f"grammar/orgs.jsonl: production {p['name']} has unknown symbols {sorted(unknown)}")
        self.tables = {sym: PhraseTable((r["name"], r) for r in bodies.where(col)) for sym, col in _TERMINALS.items()}
        self.fields = PhraseTable(_field_variants(load("fields").names()))
        mods = load("modifiers")
        self.khoi = PhraseTable(mods.names("kind", "khoi"))
        self.central = PhraseTable(mods.names("kind", "central"))
        self.nationwide = PhraseTable(mods.names("kind", "nationwide"))
        self.units = unit_table()
        self.delegations = PhraseTable(bodies.names("flags", "delegation"))
        self.steering = PhraseTable(bodies.names("flags", "steering"))
        self.media = PhraseTable(load("media").names())
        # a bare head (no modifier): before "cùng cấp", "các cấp" it names a class of bodies
        self.bare_heads = {tuple(w.casefold() for w in p) for sym in ("CORE", "SUB") for p in self.tables[sym].phrases}
        self.cap_stop = word_class("cap_stop")
        self.compounds = word_class("compound")
        # lower-case words that go on a name begun by a capitalised word ("Cục Hợp tác quốc tế"):
        # the compounds and the tail modifiers, not a verb that ends a clause ("tổ chức", "kiểm tra")
        stops = word_class("steering_stop")
        self.tails = PhraseTable(t for t in self.compounds | set(mods.names("kind", "tail"))
                                 | set(mods.names("kind", "tail_verb")) if t not in stops)
        self.tail_verbs = frozenset(mods.names("kind", "tail_verb"))
        self.not_inside = frozenset(mods.names("kind", "not_inside"))
        self.steering_stops = word_class("steering_stop")
        self.not_party_next = word_class("not_party_next")
        self.class_next = word_class("class_next")
        self.title_next = word_class("title_next")
        self.surnames = load_lexicon().surnames
        self.lex = load_lexicon()
        self.countries = PhraseTable((key, e.code) for key, e in self.lex.regions.items() if e.level == "Country")
        # international and foreign bodies by name ("Liên hợp quốc", "ASEAN", "Nhà Trắng")
        self.foreign = PhraseTable((key, body) for key, body in self.lex.foreign_orgs.items())
        rules = {p["name"]: p for p in patterns("orgs")}
        self.media_before = re.compile(rules["org-media"]["before"])
        self.media_window = rules["org-media"]["window"]
        self.title_before = re.compile(rules["org-title-thuong-truc"]["before"])
        self.title_window = rules["org-title-thuong-truc"]["window"]
        self.steering_bracket = re.compile(rules["org-steering-bracket"]["regex"])
        # titles that "Thường trực" completes ("Phó Bí thư Thường trực"): no body there
        titles = [r["name"] for r in load("roles").where("flags", "thuong_truc")]
        self.thuong_truc_title = re.compile(
            "(?:" + "|".join(_title_regex(t, r["case"]) for t, r in
                             ((t, load("roles").by_name[t]) for t in sorted(titles, key=len, reverse=True))) + r")\s+$")
        # the words a name can begin with: any other word is stepped over at once
        self.first_words = {"Đảng", "Thường"} | {w for t in (self.media, self.delegations, self.steering,
                                                            *self.tables.values()) for w in t.exact}
        self.first_folded = {"ban"} | set(self.foreign.folded)
        # heads also written in lower case ("huyện ủy Quốc Oai"): their first words, capitalised
        self.lower_first = {r["name"].split()[0] for r in bodies if "lower" in r["flags"]}
        self.lower_stops = frozenset(mods.names("kind", "lower_stop"))
        self.production_heads = [(p, _TERMINALS.get(p["rhs"][0])) for p in self.productions]
        self.ready = True

    # -- grammar -----------------------------------------------------------
    def parse(self, words: Words, i: int, depth: int = 0) -> tuple | None:
        """Parse an ORG at word ``i``: (end index, subtype, national, parent) or None.

        ``parent`` is (start index, end index, SUB name) of the body this one is
        part of ("Đảng ủy Khối" in "Ban Thường vụ Đảng ủy Khối"), or None.
        """
        if i >= len(words) or depth > self.max_depth or not words[i].is_cap:
            return None
        best = None
        text = words[i].text
        for prod, head in self.production_heads:
            if head and text not in self.tables[prod["rhs"][0]].exact:
                continue  # its first terminal cannot start here
            for st in self._expand(prod, words, _State(i), depth):
                if best is None or st.pos > best[0]:
                    best = (st.pos, st.subtype, st.national, st.parent)
        return best

    def _expand(self, prod: dict, words: Words, state: _State, depth: int) -> list[_State]:
        """Every way the production's symbols match from ``state``, checked against its conditions."""
        states = [state]
        for sym in prod["rhs"]:
            nxt: list[_State] = []
            for st in states:
                nxt.extend(self._step(sym, prod, words, st, depth))
            states = nxt
            if not states:
                return []
        out = []
        for st in states:
            flags = st.row["flags"] if st.row else frozenset()
            if any(s in st.empty for s in prod.get("nonempty", ())):
                continue
            if any(s not in st.empty for s in prod.get("empty", ())):
                continue
            if "when" in prod and prod["when"] not in flags:
                continue
            if "unless" in prod and prod["unless"] in flags and "MODIFIERS" in st.empty:
                continue
            if "exclude" in prod and prod["exclude"] in flags:
                continue
            if prod.get("boundary") and not (self._at_boundary(words, st.pos) or self._ends_in_country(words, st.pos)):
                continue
            nat = prod.get("national", False)
            if nat == "alone":
                national = "national_alone" in flags and "MODIFIERS" in st.empty
            elif isinstance(nat, str):
                national = st.national
            else:
                national = bool(nat)
            out.append(_State(st.pos, st.row, st.subtype, national, st.parent, st.empty))
        return out

    def _step(self, sym: str, prod: dict, words: Words, st: _State, depth: int) -> list[_State]:
        i = st.pos
        if sym in _TERMINALS:
            col = _TERMINALS[sym]
            if st.row is not None:  # a second terminal: FIELD_HEAD's field only
                return []
            # the longest phrase of each class ("Công ty TNHH", not "Công ty" named "TNHH")
            out, classes = [], set()
            for end, _, row in self.tables[sym].all_at(words, i):
                if row[col] not in classes:
                    classes.add(row[col])
                    out.append(_State(end, row, row[col], st.national, st.parent, st.empty))
            return out
        if sym == "FIELD":
            end, _ = self.fields.at(words, i, exact_first=False)
            return [_State(end, st.row, st.subtype, st.national, st.parent, st.empty)] if end else []
        if sym == "MODIFIERS":
            end, national = self._modifiers(words, i, st.row)
            empty = st.empty | {"MODIFIERS"} if end == i else st.empty
            return [_State(end, st.row, st.subtype, national, st.parent, empty)]
        if sym == "NAME":
            end = self._name_run(words, i, prod.get("name_limit", 8))
            end = self._pair(words, i, end) if end > i else end
            empty = st.empty | {"NAME"} if end == i else st.empty
            return [_State(end, st.row, st.subtype, st.national, st.parent, empty)]
        if sym == "TAIL":
            end = self._tail_run(words, i)
            return [_State(end, st.row, st.subtype, st.national, st.parent, st.empty)] if end > i else []
        if sym == "ABBR?":
            # "Ban Thường vụ (BTV) Đảng ủy Khối", "Kho bạc Nhà nước (KBNN) tỉnh Phú Yên"
            if (i + 2 < len(words) and words[i].text == "(" and words[i + 2].text == ")"
                    and words[i + 1].text.isupper()):
                i += 3
            return [_State(i, st.row, st.subtype, st.national, st.parent, st.empty)]
        if sym == "COUNTRY":
            if i >= len(words) or not words[i].is_cap:
                return []
            end, phrase = self.countries.at(words, i, exact_first=False)
            if not end or (end < len(words) and words[end].is_cap and not words[end].is_punct
                           and not name_begins(words, end, self.surnames)):
                return []  # "Mỹ Đức": a longer name; "Hạ viện Mỹ Mac Thornberry": a person follows
            code = self.countries.all_at(words, i, exact_first=False)[0][2]
            return [_State(end, st.row, st.subtype, code == "VN", st.parent, st.empty)]
        if sym == "ORG":
            parsed = self.parse(words, i, depth + 1)
            if not parsed:
                return []
            return [_State(parsed[0], st.row, st.subtype, parsed[2], (i, parsed[0], st.row["name"]), st.empty)]
        raise RuleError(f"grammar/orgs.jsonl: unknown symbol {sym}")

    def _ends_in_country(self, words: Words, j: int) -> bool:
        """The name before word ``j`` ends in a country's name ("Hiệp hội BĐS Việt Nam"): it is
        complete whatever follows."""
        return any(self.countries.at(words, k, exact_first=False)[0] == j for k in range(max(0, j - 3), j))

    def _at_boundary(self, words: Words, j: int) -> bool:
        """A name may end before word ``j``: the text ends, punctuation or a line break, or a
        word that begins the clause's verb phrase ("đã", "tổ chức" …)."""
        if j >= len(words):
            return True
        if words[j].is_punct:
            # "Mỹ-ASEAN": a hyphen inside a word goes on
            return not (words[j].text == "-" and j > 0 and j + 1 < len(words)
                        and words[j - 1].end == words[j].start and words[j].end == words[j + 1].start)
        return words.folded[j] in self.steering_stops or (
            j + 1 < len(words) and f"{words.folded[j]} {words.folded[j + 1]}" in self.steering_stops)

    def _modifiers(self, words: Words, j: int, row: dict | None) -> tuple[int, bool]:
        """Extend past the modifiers that say which body: (end index, national)."""
        flags = row["flags"] if row else frozenset()
        national = False
        end, _ = self.khoi.at(words, j, exact_first=False)
        if end:
            j = end
        # "Đoàn đại biểu Quốc hội khóa XIV TP.HCM": the term, when its place follows
        if ("term" in flags and j + 1 < len(words) and words.folded[j] in ("khóa", "khoá")
                and _ROMAN.fullmatch(words[j + 1].text)):
            end, national = self._modifiers(words, j + 2, None)
            if end > j + 2:
                return end, national
        if "named_core" in flags:
            run = j
            # "Báo QĐND Cùng đi …": a word that starts a sentence ends the name
            while run < len(words) and run - j < 3 and words[run].is_cap and not words[run].is_punct and (
                    run == j or words[run].text not in self.cap_stop):
                run += 1
            # "Báo Nhi đồng", "Đảng bộ Đại sứ quán": the rest of a two-syllable word goes on
            if (run > j and run < len(words) and not words[run].is_cap and not words[run].is_punct
                    and f"{words.folded[run - 1]} {words[run].text}" in self.compounds):
                run += 1
            if run > j and words[j].text not in self.cap_stop and not self.units.at(words, j)[0]:
                j = run
                # "Công đoàn Viên chức tỉnh": a lower-case word or two before the unit word
                for k in (1, 2):
                    if j + k < len(words) and self.units.at(words, j + k)[0] and all(
                        not w.is_cap and not w.is_punct for w in words[j : j + k]
                    ):
                        j += k
                        break
        end, _ = self.central.at(words, j)
        if end:
            return end, True
        end, _ = self.nationwide.at(words, j)
        if end:
            j, national = end, True
        units = self.units.all_at(words, j)
        if units:
            uend, unit, urow = units[0]
            level = urow["level"]
            if "numbered" in urow["flags"] and uend < len(words) and words[uend].text.isdigit():
                return uend + 1, False  # "UBND quận 2"
            if uend < len(words):
                nend, _ = lookup(self.lex, level, words, uend, level == "Province" or "abbreviation" in urow["flags"])
                if level == "Province" and not nend:
                    nend, _ = lookup(self.lex, "District", words, uend, True)
                if nend:
                    return nend, False
            # "UBND tỉnh": the unit word alone names the article's own province
            if urow["alone"] == "any" or (urow["alone"] == "lower" and unit[0][:1].islower()):
                return uend, False
            return j, national
        nend, _ = lookup(self.lex, "Province", words, j, True)
        if nend:
            return nend, False
        nend, _ = lookup(self.lex, "District", words, j, True)
        if nend and "district" in flags:
            return nend, False
        return j, national

    def _name_run(self, words: Words, j: int, limit: int = 8) -> int:
        """End of a proper name: capitalised words (or numbers), with a lower-case word
        allowed between two capitalised ones ("Dầu khí Quốc gia Việt Nam")."""
        end = j
        k = j
        n = len(words)
        extra = 0  # the words of lower-case tails do not count against the limit
        while k < n and k - j < limit + extra:
            w = words[k]
            if (w.text in self.surnames and k + 2 < n and words[k + 1].is_cap
                    and words[k + 2].is_cap and not words[k + 1].is_punct and not words[k + 2].is_punct):
                break  # a person's name begins: "Tổng cục Chính trị Nguyễn Chí Thanh"
            if (w.text in self.surnames and k + 3 < n and words[k + 1].is_cap and words[k + 2].text == "-"
                    and words[k + 3].text[:1].islower()):
                break  # a Korean name begins: "… Quốc gia Chung Eui-yong"
            if (w.is_cap or w.text.isdigit()) and not w.is_punct and w.text not in self.cap_stop:
                k += 1
                end = k
            elif end == k and k > j and f"{words.folded[k - 1]} {w.text}" in self.compounds:
                k += 1  # "Bệnh viện Đa khoa", "Báo Giao thông": the word goes on
                # (before a bridge: "Ảnh: Báo Nhân dân Ngay sau …" ends at "dân")
                end = k
            elif (end > j and not w.is_punct and k + 1 < n and words[k + 1].is_cap
                    and not words[k + 1].is_punct and not self.units.at(words, k)[0]
                    and not self._no_bridge(words, k)):
                k += 1
            elif end == k and k > j and w.text == "," and self._field_list(words, k):
                k += 1  # "Ủy ban Khoa học, Công nghệ và Môi trường": a list of fields
                extra += 1
            elif end == k and k > j and (tend := self._tail(words, j, k)) > k:
                extra += tend - k
                k = end = tend
            else:
                break
        return end

    def _tail_run(self, words: Words, k: int) -> int:
        """End of a name in lower-case field words only ("Cục truy nã tội phạm"), not ending in
        a verb; ``k`` if none."""
        end = k
        n = len(words)
        while k < n and not words[k].is_cap and not words[k].is_punct:
            tend, _ = self.tails.at(words, k, exact_first=False)
            if not tend:
                break
            if " ".join(words.folded[k:tend]) not in self.tail_verbs:
                end = tend
            k = tend
        return end

    def _field_list(self, words: Words, k: int) -> bool:
        """The comma at ``k`` is inside a list of fields that "và" closes ("Khoa học, Công nghệ
        và Môi trường"): a capitalised word that begins no body follows, then "và" and a
        capitalised word before any other punctuation."""
        n = len(words)
        if k + 1 >= n or not words[k + 1].is_cap or words[k + 1].is_punct or self._body_at(words, k + 1):
            return False
        for m in range(k + 2, min(n - 1, k + 6)):
            if words[m].is_punct:
                return False
            if words.folded[m] == "và":
                return words[m + 1].is_cap and not words[m + 1].is_punct and not self._body_at(words, m + 1)
        return False

    def _body_at(self, words: Words, k: int) -> bool:
        """A body's name begins at word ``k`` ("Ban Dân vận" in a list of bodies)."""
        return words[k].text in self.first_words and self.parse(words, k, self.max_depth) is not None

    def _no_bridge(self, words: Words, k: int) -> bool:
        """Word ``k`` does not join two capitalised words into one name: a function word or a
        verb ("thì", "gửi"), or "và" before another body ("… Hà Nội và Đại học Rostock")."""
        if words.folded[k] in self.not_inside:
            return True
        return words.folded[k] == "và" and self._body_at(words, k + 1)

    def _tail(self, words: Words, j: int, k: int) -> int:
        """End of the lower-case words that go on a name at word ``k``, after its capitalised
        words: the rest of a word ("Hợp" "tác"), then field words ("quốc tế", "cán bộ") and "và"
        between two ("đầu tư và xây dựng"), when the name before (from ``j``) is one word or ends
        in a field word ("Tổng công ty Cảng hàng không", "Vụ Giáo dục đại học"; not "Công ty
        Cường Hưng kinh doanh"); a word that is also a verb
        ("thông tin", "đầu tư") never ends it ("Báo Thanh tra thông tin rằng"); ``k`` if none."""
        n = len(words)
        tend, _ = self.tails.at(words, k - 1, exact_first=False)
        if tend and tend > k:
            k = tend  # "Viện Nghiên cứu", "Cục Hợp tác"
        elif not (k - 1 == j or " ".join(words.folded[k - 2 : k]) in self.compounds
                  or self.tails.at(words, k - 2, exact_first=False)[0] == k):
            return k
        end = k
        while k < n and not words[k].is_cap and not words[k].is_punct:
            tend, _ = self.tails.at(words, k, exact_first=False)
            if tend:
                if " ".join(words.folded[k:tend]) not in self.tail_verbs:
                    end = tend
                k = tend
            elif words.folded[k] == "và" and k + 1 < n and self.tails.at(words, k + 1, exact_first=False)[0]:
                k += 1
            else:
                break
        if end < k and k < n and words[k].is_cap and not words[k].is_punct:
            end = k  # a capitalised word goes on: "… đầu tư và xây dựng Tây Trường Sơn"
        return end

    # -- component -----------------------------------------------------------
    def __call__(self, doc: Doc) -> Doc:
        if not self.ready:
            self.initialize()
        words = doc_words(doc)
        folded = folded_text(doc)
        i = 0
        first_words, first_folded, lower_first = self.first_words, self.first_folded, self.lower_first
        while i < len(words):
            w = words[i]
            if w.text not in first_words and words.folded[i] not in first_folded:
                # the capitalised word tested here, not in _lower_head: most words of a text are no head
                end = (self._lower_head(doc, words, i, cap)
                       if not w.is_cap and (cap := w.text[:1].upper() + w.text[1:]) in lower_first else 0)
                i = end or i + 1
                continue
            if w.text == "Đảng" and self._bare_party(words, i):
                emit(doc, w.start, w.end, "Organization", "org-party", "PartyOrganization", national=True)
                i += 1
                continue
            mend, _ = self.media.at(words, i)
            if mend and self.media_before.search(folded[max(0, w.start - self.media_window) : w.start]):
                emit(doc, w.start, words[mend - 1].end, "Organization", "org-media", "MediaOutlet")
                i = mend
                continue
            end = self._delegation(doc, words, i)
            if end:
                i = end
                continue
            send, _ = self.steering.at(words, i)
            if send:
                end = self._steering(words, send)
                emit(doc, w.start, words[end - 1].end, "Organization", "org-steering", "PartyAgency")
                i = end
                continue
            # "Phó Trưởng ban Thường trực Ban Tổ chức Trung ương": "ban Thường trực" is in the title
            if (words.match(i, ("Ban", "Thường", "trực"), exact_first=False)
                    and self.title_before.search(folded[max(0, w.start - self.title_window) : w.start])):
                i += 3
                continue
            if words.match(i, ("Thường", "trực")) and (
                    self.thuong_truc_title.search(folded[max(0, w.start - 30) : w.start])
                    or words.match(i + 2, ("Ban", "Bí", "thư"))):
                i += 2  # "Phó Bí thư Thường trực Thành ủy": part of the title
                continue
            parsed = self.parse(words, i)
            fend = self._foreign(doc, words, i, parsed[0] if parsed else 0)
            if fend:
                i = fend
                continue
            if parsed and self._not_a_body(words, i, parsed[0]):
                i = parsed[0]
                continue
            if parsed:
                end, subtype, national, parent = parsed
                end = self._pair(words, i, end)
                fields: dict = {"national": national}
                if parent:
                    ps, pe, sub = parent
                    fields.update(parent=(words[ps].start, words[pe - 1].end), sub_head=sub)
                emit(doc, w.start, words[end - 1].end, "Organization", "org-grammar", subtype, **fields)
                i = end
                continue
            i += 1
        return doc

    def _pair(self, words: Words, i: int, end: int) -> int:
        """A name of two countries' body goes on past the dash ("Hội hữu nghị Việt Nam -
        Campuchia", "Hội đồng Kinh doanh Mỹ-ASEAN"): the end after the second, else ``end``."""
        if end + 1 >= len(words) or words[end].text not in ("-", "–"):
            return end
        if not self._ends_in_country(words, end):
            return end
        for table in (self.countries, self.foreign):
            pend, _ = table.at(words, end + 1, exact_first=False)
            if pend and words[end + 1].is_cap:
                return pend
        return end

    def _lower_head(self, doc: Doc, words: Words, i: int, cap: str) -> int:
        """A body whose head is written in lower case ("huyện ủy Quốc Oai", "sở Tư pháp TP"):
        read as if capitalised (``cap``, the word so written, is the first word of such a head),
        kept when a capitalised word follows the head and no class word ("các sở", "những huyện
        ủy") is before it; its end index, or 0."""
        if i > 0 and (words.folded[i - 1] in self.lower_stops or words[i - 1].text.isdigit()):
            return 0
        capped = words.with_word(i, words[i]._replace(text=cap, is_cap=True))
        heads = [e for sym in ("CORE", "SUB", "HEAD", "FIELD_HEAD", "NATIONAL")
                 for e, _, row in self.tables[sym].all_at(capped, i) if "lower" in row["flags"]]
        dend, _ = self.delegations.at(capped, i)
        if not heads and not dend:
            return 0
        if dend:
            return self._delegation(doc, capped, i)
        parsed = self.parse(capped, i)
        if not parsed or self._not_a_body(capped, i, parsed[0]):
            return 0
        end, subtype, national, parent = parsed
        end = self._pair(words, i, end)
        if not any(w.is_cap and not w.is_punct for w in words[min(heads) : end]):
            return 0  # "sở ngành", "công ty": a class, or a common noun
        fields: dict = {"national": national}
        if parent:
            ps, pe, sub = parent
            fields.update(parent=(words[ps].start, words[pe - 1].end), sub_head=sub)
        emit(doc, words[i].start, words[end - 1].end, "Organization", "org-grammar-lower", subtype, **fields)
        return end

    def _foreign(self, doc: Doc, words: Words, i: int, parsed_end: int) -> int:
        """An international or foreign body of the gazetteer at word ``i`` (unless the grammar
        reads a longer name there): its end index, or 0."""
        if not words[i].is_cap:
            return 0
        found = self.foreign.all_at(words, i, exact_first=False)
        if not found or found[0][0] < parsed_end:
            return 0
        end, _, body = found[0]
        if end < len(words) and words[end].is_cap and not words[end].is_punct:
            return 0  # the start of a longer name
        emit(doc, words[i].start, words[end - 1].end, "Organization", "org-foreign", body.subtype)
        return end

    def _delegation(self, doc: Doc, words: Words, i: int) -> int:
        """"Đoàn kiểm tra số 471 của Bộ Chính trị": a delegation of a body; its end index or 0."""
        dend, head = self.delegations.at(words, i)
        if not dend:
            return 0
        j = dend
        if words.match(j, ("số",)) and j + 1 < len(words) and words[j + 1].text.isdigit():
            j += 2
        if not words.match(j, ("của",)):
            return 0
        parent = self.parse(words, j + 1)
        if not parent:
            return 0
        emit(doc, words[i].start, words[parent[0] - 1].end, "Organization", "org-delegation", "PartyAgency",
             parent=(words[j + 1].start, words[parent[0] - 1].end), sub_head=" ".join(head), national=parent[2])
        return parent[0]

    def _not_a_body(self, words: Words, i: int, end: int) -> bool:
        """"Thành ủy viên" is a title; a bare head before "cùng cấp", "các cấp", "cơ sở"
        or after "các", "36" names a class of bodies, as does a body of a unit word alone before
        another ("UBND tỉnh, thành phố trực thuộc trung ương")."""
        nxt = words.folded[end] if end < len(words) else ""
        if nxt in self.title_next:
            return True
        if nxt == "," and end + 1 < len(words) and self._unit_alone(words, end - 2, end) and (
                uend := self.units.at(words, end + 1, exact_first=False)[0]) and (
                uend >= len(words) or not words[uend].is_cap):
            return True
        if tuple(words.folded[i:end]) in self.bare_heads:
            if i > 0 and (words.folded[i - 1] in self.lower_stops or words[i - 1].text.isdigit()):
                return True
            if nxt:
                return " ".join(words.folded[end : end + 2]) in self.class_next or nxt in self.class_next
        return False

    def _unit_alone(self, words: Words, k: int, end: int) -> bool:
        """A unit word without its place's name ends the span before ``end`` ("tỉnh", "thành phố")."""
        return any(j >= 0 and self.units.at(words, j, exact_first=False)[0] == end for j in (k, k + 1))

    def _bare_party(self, words: Words, i: int) -> bool:
        """"Đảng" alone names the Party: not "Đảng ủy", "Đảng bộ", "Đảng viên" ..."""
        nxt = words.folded[i + 1] if i + 1 < len(words) else ""
        return nxt not in self.not_party_next

    def _steering(self, words: Words, j: int) -> int:
        """End of "Ban Chỉ đạo ...": its descriptor runs to the clause's verb."""
        end = j
        depth = 0
        n = len(words)
        while end < n:
            t = words[end].text
            if t in ".;:!?" and depth == 0:
                break
            # only "(2011-2025)" or "(BCĐ)" belongs to the name; other brackets end it
            if t == "(" and not self.steering_bracket.fullmatch(
                    words.text[words[end].start : words.text.find(")", words[end].start) + 1]):
                break
            # a comma before a capitalised word ends it; "phòng, chống tham nhũng" goes on
            if t == "," and depth == 0 and end + 1 < n and words[end + 1].is_cap:
                break
            if t == "(":
                depth += 1
            elif t == ")":
                depth -= 1
                if depth < 0:
                    break
            elif depth == 0 and end > j and (
                    words.folded[end] in self.steering_stops
                    or (end + 1 < n and f"{words.folded[end]} {words.folded[end + 1]}" in self.steering_stops)
                    # "… tiêu cực và Ban …", "… Tây Bắc Nguyễn Văn Bình": another name begins
                    or (t == "và" and end + 1 < n and words[end + 1].is_cap)
                    or (t in self.surnames and end + 1 < n and words[end + 1].is_cap
                        and not words[end + 1].is_punct)):
                break
            end += 1
        while end > j and words[end - 1].text in ",-–":
            end -= 1
        return max(end, j)


def _field_variants(names) -> list[str]:
    """Each field of two parts as news writes it: "Tài nguyên và Môi trường", "Tài nguyên -
    Môi trường", "Tài nguyên & Môi trường", "Tài nguyên Môi trường" (fields.tsv lists one)."""
    out = []
    for name in names:
        out.append(name)
        parts = re.split(r"\s+(?:và|-|–|&)\s+", name)
        if len(parts) == 2:
            out.extend(f"{parts[0]}{c}{parts[1]}" for c in (" và ", " - ", " – ", " & ", " "))
    return list(dict.fromkeys(out))


def _title_regex(title: str, case: str | None) -> str:
    """A title of roles.tsv as a regex: each word's first letter in either case for ``case`` "any"."""
    if case != "any":
        return re.escape(title)
    return r"\s+".join(f"[{w[0].upper()}{w[0].lower()}]{re.escape(w[1:])}" for w in title.split())
