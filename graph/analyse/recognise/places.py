"""Places: provinces, districts, communes, regions, countries.

The mention is the proper name without its unit word ("Kon Tum" in "tỉnh Kon
Tum"). Provinces, regions and countries are recognised bare; a district or
commune name needs its unit word (or that name with its unit word elsewhere
in the same article). The unit words, aliases and region names are data
(``graph/rules/units.tsv``, ``places.tsv``); the names are the gazetteers'.
"""

from __future__ import annotations

from functools import cache

from spacy.language import Language
from spacy.tokens import Doc

from graph.analyse.recognise.base import (PhraseTable, Words, doc_text, doc_words, emit, name_begins, split_phrase,
                                          word_class)
from graph.lexicon import Lexicon, load as load_lexicon
from graph.rules import load
from graph.text import norm_key

__all__ = ["PlaceRecognizer", "lookup", "unit_table"]


def _unit_forms(row: dict) -> list[str]:
    name = row["name"]
    if "abbreviation" in row["flags"]:
        return [name + "."]
    forms = [name]
    if row["forms"] == "both":
        forms.append(name[0].upper() + name[1:])
    if "dot" in row["flags"]:
        forms += [f + "." for f in forms]
    return forms


@cache
def unit_table() -> PhraseTable:
    """Every written form of the unit words (``rules/units.tsv``), each with its row.

    >>> words = Words([], "")
    >>> sorted(" ".join(p) for p in unit_table().phrases if p[0] in ("TP", "Tỉnh"))
    ['TP', 'TP .', 'Tỉnh']
    """
    return PhraseTable((form, row) for row in load("units") for form in _unit_forms(row))


_FIRST_WORDS: dict[tuple[int, str], frozenset[str]] = {}


def _first_words(lex: Lexicon, level: str) -> frozenset[str]:
    """The first words (as the recognisers split words) of the gazetteer's names of ``level``."""
    got = _FIRST_WORDS.get((id(lex), level))
    if got is None:
        table = lex.provinces if level == "Province" else lex.districts if level == "District" else lex.communes
        got = _FIRST_WORDS[(id(lex), level)] = frozenset(
            split_phrase(key)[0].casefold() for key in table if split_phrase(key))
    return got


def lookup(lex: Lexicon, level: str, words: Words, i: int, strict: bool) -> tuple[int, str | None]:
    """Longest place name of ``level`` at word ``i``: (end index, gazetteer code)."""
    if strict and (i >= len(words) or words.folded[i] not in _first_words(lex, level)):
        return 0, None  # no name of that level begins with this word
    end_run = words.cap_run(i, 5)
    table = lex.provinces if level == "Province" else lex.districts if level == "District" else lex.communes
    text = words.text
    ends = list(range(end_run, i, -1))
    # "Bà Rịa - Vũng Tàu", "Thừa Thiên - Huế": a name joined by a dash
    if i < end_run < len(words) - 1 and words[end_run].text in ("-", "–"):
        ends.insert(0, words.cap_run(end_run + 1, 3))
    for j in ends:
        key = norm_key(text[words[i].start : words[j - 1].end]).replace("’", "'")
        entry = table.get(key)
        if entry:
            return j, (entry.code if level == "Province" else entry[0].code)
    if not strict and end_run > i and words[i].text not in word_class("cap_stop"):
        return min(end_run, i + 3), None
    return 0, None


@Language.factory(
    "kg_place_recognizer",
    assigns=["doc._.kg_candidates"],
    requires=["doc._.kg_folded"],
    default_config={"bare_districts": True, "places": {"@misc": "kg.rules.v1", "name": "places"}},
)
def make_place_recognizer(nlp: Language, name: str, bare_districts: bool, places):
    return PlaceRecognizer(bare_districts, places)


class PlaceRecognizer:
    """Finds the places of a Doc; its tables are built by :meth:`initialize`."""

    def __init__(self, bare_districts: bool = True, places=None):
        self.bare_districts = bare_districts
        self.places_loader = places or (lambda: load("places"))
        self.ready = False

    def initialize(self, get_examples=None, *, nlp=None) -> None:
        """Load the gazetteers and the place vocabulary; build the tables once."""
        rules = self.places_loader()
        self.lex = load_lexicon()
        self.aliases = PhraseTable((r["name"], r["code"]) for r in rules.where("kind", "alias"))
        # regions and countries, foreign cities: every name and alias of the gazetteers
        self.regions = PhraseTable([*self.lex.regions, *rules.names("kind", "region")])
        self.lower_heads = frozenset(rules.names("kind", "lower_head"))
        self.honorifics = frozenset(norm_key(r["name"]) for r in load("roles").where("flags", "honorific"))
        self.needs_unit = frozenset(norm_key(n) for n in rules.names("kind", "needs_unit"))
        self.longer_word = frozenset(rules.names("kind", "longer_word"))
        self.units = unit_table()
        self.committees = PhraseTable(r["name"] for r in load("bodies").where("flags", "district"))
        # the words a place's mention can begin with (or its unit word, alias, committee)
        self.first_words = set(self.aliases.exact) | set(self.units.exact)
        self.first_folded = (set(self.committees.folded) | set(self.regions.folded)
                             | _first_words(self.lex, "Province"))
        self.ready = True

    def __call__(self, doc: Doc) -> Doc:
        if not self.ready:
            self.initialize()
        words = doc_words(doc)
        lex = self.lex
        text = doc_text(doc)
        seen_local: dict[str, tuple[str, str | None]] = {}
        i = 0
        first_words, first_folded = self.first_words, self.first_folded
        while i < len(words):
            w = words[i]
            if w.text not in first_words and words.folded[i] not in first_folded:
                i += 1
                continue
            end, _ = self.aliases.at(words, i)
            if end:
                code = self.aliases.all_at(words, i)[0][2]
                emit(doc, w.start, words[end - 1].end, "Place", "place-alias", "Province", place_code=code)
                i = end
                continue
            nend = self._unit_name(doc, words, i, seen_local)
            if nend:
                i = nend
                continue
            # "Quận ủy Thanh Khê", "Huyện ủy Tuy Phước": the district of a committee
            cend, _ = self.committees.at(words, i, exact_first=False)
            if cend:
                nend, code = lookup(lex, "District", words, cend, True)
                if nend:
                    s, e = words[cend].start, words[nend - 1].end
                    emit(doc, s, e, "Place", "place-committee", "District", place_code=code)
                    seen_local[norm_key(text[s:e])] = ("District", code)
                    i = nend
                    continue
            if w.is_cap or words.folded[i] in self.lower_heads:
                skip = 0
                rend, phrase = self.regions.at(words, i, exact_first=False)
                # a lower-case head ("châu Á", "đồng bằng sông Hồng") ends in a proper name:
                # "tập trung đông người" is no "Trung Đông"
                if rend and not w.is_cap and not words[rend - 1].is_cap:
                    rend = 0
                # "ông Đức", "bà Nga": a person's given name, not a country
                if rend and i > 0 and words.folded[i - 1] in self.honorifics:
                    rend = 0
                # "Vạn Đức", "Phương Nga": a one-word country after a capitalised syllable ends a name
                if rend == i + 1 and i > 0 and words[i - 1].is_cap and not words[i - 1].is_punct \
                        and not words[i - 1].text.isupper() and words[i - 1].end < w.start:
                    rend = 0
                # "Mỹ Đức", "Pháp luật": a country's name starting a longer name or word
                if rend and rend < len(words) and (
                        (words[rend].is_cap and not words[rend].is_punct and self._longer_place(words, i, rend))
                        or words[rend].text in self.longer_word):
                    # nor is the country inside it ("Đức" of "Mỹ Đức")
                    skip = words.cap_run(rend, 4) if words[rend].is_cap and not words[rend].is_punct else 0
                    rend = 0
                if rend:
                    entry = lex.regions.get(norm_key(text[w.start : words[rend - 1].end]))
                    if entry:
                        # a foreign city or state has no Place subclass of its own
                        emit(doc, w.start, words[rend - 1].end, "Place", "place-region",
                             entry.level if entry.level not in ("City", "State") else None, place_code=entry.code)
                        i = rend
                        continue
                if not w.is_cap:
                    i += 1
                    continue
                nend, code = lookup(lex, "Province", words, i, True)
                if nend and norm_key(text[w.start : words[nend - 1].end]) not in self.needs_unit:
                    emit(doc, w.start, words[nend - 1].end, "Place", "place-province", "Province", place_code=code)
                    i = nend
                    continue
                if skip:
                    i = skip
                    continue
            i += 1
        if self.bare_districts and seen_local:
            self._bare_local(doc, words, seen_local)
        if self.bare_districts:
            self._bare_districts(doc, words)
        return doc

    def _bare_districts(self, doc: Doc, words: Words) -> None:
        """A district named without its unit word ("Cam Ranh", "Hội An"): only a name of two
        syllables or more, of one district of a province the article names."""
        lex = self.lex
        cands = doc._.kg_candidates or ()
        provinces = set()
        for m in cands:
            if m.type == "Place" and m.place_code in lex.places_by_code:
                prov = lex.province_of(lex.places_by_code[m.place_code])
                if prov:
                    provinces.add(prov.code)
        if not provinces:
            return
        taken = [(m.start, m.end) for m in cands if m.type in ("Place", "Person")]
        text = doc_text(doc)
        n = len(words)
        first = _first_words(lex, "District")
        for i, w in enumerate(words):
            if not w.is_cap or words.folded[i] not in first or (i > 0 and words[i - 1].is_cap
                                                                 and not words[i - 1].is_punct):
                continue
            end, _ = lookup(lex, "District", words, i, True)
            if end - i < 2 or (end < n and words[end].is_cap and not words[end].is_punct):
                continue
            s, e = w.start, words[end - 1].end
            if any(ts <= s and e <= te for ts, te in taken):
                continue
            entries = [d for d in lex.districts[norm_key(text[s:e]).replace("’", "'")]
                       if d.parent in provinces]
            if len(entries) == 1:
                emit(doc, s, e, "Place", "place-district", "District", place_code=entries[0].code)

    def _longer_place(self, words: Words, i: int, end: int) -> bool:
        """A region's name followed by capitalised words that, with it, name a place of the
        gazetteers ("Mỹ Đức") or a run of them that is no person ("Pháp Vân")."""
        lex = self.lex
        for level in ("Province", "District", "Commune"):
            nend, _ = lookup(lex, level, words, i, True)
            if nend > end:
                return True
        return not name_begins(words, end, lex.surnames)

    def _unit_name(self, doc: Doc, words: Words, i: int, seen_local: dict) -> int:
        """A name after a unit word ("tỉnh Kon Tum", "thành phố Kon Tum"): its end index, or 0."""
        lex = self.lex
        for uend, _, row in self.units.all_at(words, i):
            listed = uend < len(words) - 1 and words[uend].text == ":"
            if listed:  # "các huyện: Quảng Xương, Như Thanh": the names of a list follow
                uend += 1
            if uend >= len(words):
                continue
            level = row["level"]
            if level == "Village":
                return self._village(doc, words, i, uend, row)
            strict = level == "Province" or "abbreviation" in row["flags"] or listed
            nend, code = 0, None
            if level == "Province" and words.folded[i] in ("thành", "tp"):
                # "thành phố Kon Tum" is the provincial capital, a district-level city
                nend, code = lookup(lex, "District", words, uend, True)
                level = "District" if nend else level
            if not nend:
                nend, code = lookup(lex, level, words, uend, strict)
            if level == "Province" and not nend:
                nend, code = lookup(lex, "District", words, uend, True)
                level = "District" if nend else level
            if "numbered" in row["flags"] and words[uend].text.isdigit():
                # "quận 5", "phường 12": a numbered unit keeps its unit word (no gazetteer code)
                emit(doc, words[i].start, words[uend].end, "Place", "place-numbered", level)
                return uend + 1
            if nend and norm_key(words.text[words[uend].start : words[nend - 1].end]) in self.needs_unit:
                # "Thành phố Hồ Chí Minh": bare, the name is the President's; the unit word stays,
                # and the name inside it is the city's mention (not the person's)
                emit(doc, words[i].start, words[nend - 1].end, "Place", "place-unit-kept", level, place_code=code)
                emit(doc, words[uend].start, words[nend - 1].end, "Place", "place-unit", level, place_code=code)
                return nend
            if nend:
                s, e = words[uend].start, words[nend - 1].end
                emit(doc, s, e, "Place", "place-unit", level, place_code=code)
                if level != "Province":
                    seen_local[norm_key(doc_text(doc)[s:e])] = (level, code)
                    if code:
                        nend = self._unit_list(doc, words, uend, nend, level, seen_local)
                return nend
            return 0  # the longest unit word decides (as "thị xã" before "xã")
        return 0

    def _village(self, doc: Doc, words: Words, i: int, uend: int, row: dict) -> int:
        """A village after its unit word ("thôn Hành Thiện", "ấp Hoa Lư", "xóm 12"): no gazetteer
        has them, so the capitalised words up to a person's name ("thôn Tân Lập Thân Thị Khoa");
        no Place subclass of its own."""
        n = len(words)
        if "numbered" in row["flags"] and words[uend].text.isdigit():
            emit(doc, words[i].start, words[uend].end, "Place", "place-numbered", None)
            return uend + 1
        if not words[uend].is_cap or words[uend].is_punct or words[uend].text in word_class("cap_stop"):
            return 0
        end = words.cap_run(uend, 3)
        for k in range(uend + 1, end):
            if name_begins(words, k, self.lex.surnames) and k + 1 < n and words[k + 1].is_cap \
                    and not words[k + 1].is_punct:
                end = k
                break
        emit(doc, words[uend].start, words[end - 1].end, "Place", "place-village", None)
        return end

    def _unit_list(self, doc: Doc, words: Words, start: int, j: int, level: str, seen_local: dict) -> int:
        """The further names of a list after a unit word ("phường Trường Thi, Hưng Dũng",
        "huyện Quảng Xương và Như Thanh"): units of the gazetteer of the same level and in the
        same parent unit as the first. Returns the end of the last."""
        lex = self.lex
        table = lex.districts if level == "District" else lex.communes
        n, text = len(words), words.text
        # the parent units the first name may be in (several communes share a name)
        parents = {x.parent for x in table.get(norm_key(text[words[start].start : words[j - 1].end]).replace("’", "'"), ())}
        parents.discard("")
        if not parents:
            return j
        while j + 1 < n and words[j].text in (",", "và") and words[j + 1].is_cap:
            nend, _ = lookup(lex, level, words, j + 1, True)
            if not nend or (nend < n and words[nend].is_cap and not words[nend].is_punct):
                break
            s, e = words[j + 1].start, words[nend - 1].end
            same = [x for x in table.get(norm_key(text[s:e]).replace("’", "'"), ()) if x.parent in parents]
            if not same:
                break
            parents = {x.parent for x in same}
            emit(doc, s, e, "Place", "place-unit-list", level, place_code=same[0].code)
            seen_local[norm_key(text[s:e])] = (level, same[0].code)
            j = nend
        return j

    def _bare_local(self, doc: Doc, words: Words, seen: dict) -> None:
        """A district named with its unit word once may appear bare elsewhere."""
        text = doc_text(doc)
        taken = {(m.start, m.end) for m in doc._.kg_candidates or () if m.type == "Place"}
        for i, w in enumerate(words):
            if not w.is_cap:
                continue
            for n in (3, 2, 1):
                if i + n > len(words) or any(x.is_punct for x in words[i : i + n]):
                    continue
                s, e = w.start, words[i + n - 1].end
                key = norm_key(text[s:e])
                if key in seen and (s, e) not in taken and len(key.split()) >= 2:
                    level, code = seen[key]
                    emit(doc, s, e, "Place", "place-seen", level, place_code=code)
                    break
