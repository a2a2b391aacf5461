"""Places: provinces, districts, communes, regions, countries.

The mention is the proper name without its unit word ("Kon Tum" in "tỉnh Kon
Tum"). Provinces, regions and countries are recognised bare; a district or
commune name needs its unit word (or that name with its unit word elsewhere
in the same article).
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from graph.lexicon import Lexicon, load
from graph.analyse.recognise.base import doc_text, CAP_STOPWORDS, Words, doc_words, emit, phrases
from graph.text import norm_key

_UNITS = {
    "Province": phrases("tỉnh", "Tỉnh", "thành phố", "Thành phố", "TP", "TP.", "Tp", "Tp."),
    "District": phrases("huyện", "Huyện", "quận", "Quận", "thị xã", "Thị xã"),
    "Commune": phrases("xã", "Xã", "phường", "Phường", "thị trấn", "Thị trấn"),
}
# Bare "Hồ Chí Minh" is the President; the city needs its unit word.
_NEEDS_UNIT = {"hồ chí minh"}
_LOCAL_COMMITTEES = phrases("Huyện ủy", "Quận ủy", "Thị ủy", "Thành ủy", "huyện ủy", "quận ủy", "thị ủy")
_ALIASES = phrases("TP.HCM", "TP. HCM", "TPHCM", "TP HCM", "TP. Hồ Chí Minh")


def lookup(lex: Lexicon, level: str, words: Words, i: int, strict: bool) -> tuple[int, str | None]:
    """Longest place name of ``level`` at word ``i``: (end index, gazetteer code)."""
    end_run = words.cap_run(i, 5)
    # names such as "Bà Rịa - Vũng Tàu" contain a hyphen
    for j in range(end_run, i, -1):
        key = norm_key(words.text[words[i].start : words[j - 1].end])
        if level == "Province" and key in lex.provinces:
            return j, lex.provinces[key].code
        if level == "District" and key in lex.districts:
            return j, lex.districts[key][0].code
        if level == "Commune" and key in lex.communes:
            return j, lex.communes[key][0].code
    if not strict and end_run > i and words[i].text not in CAP_STOPWORDS:
        return min(end_run, i + 3), None
    return 0, None


@Language.factory("kg_place_recognizer", default_config={"bare_districts": True})
def make_place_recognizer(nlp: Language, name: str, bare_districts: bool):
    return PlaceRecognizer(bare_districts)


class PlaceRecognizer:
    def __init__(self, bare_districts: bool = True):
        self.bare_districts = bare_districts
        self.lex = load()
        self.regions = phrases(*[e.name for e in self.lex.regions.values()],
                               *["ĐBSCL", "Mỹ", "Nga", "miền Trung"])

    def __call__(self, doc: Doc) -> Doc:
        words = doc_words(doc)
        lex = self.lex
        seen_local: dict[str, tuple[str, str | None]] = {}
        i = 0
        while i < len(words):
            w = words[i]
            end, alias = words.match_any(i, _ALIASES)
            if end:
                emit(doc, w.start, words[end - 1].end, "Place", "place-alias", "Province", place_code="P79")
                i = end
                continue
            found = False
            for level, units in _UNITS.items():
                uend, _ = words.match_any(i, units)
                if not uend or uend >= len(words):
                    continue
                strict = level == "Province"
                nend, code = 0, None
                if level == "Province" and words[i].text.casefold() in ("thành", "tp", "tp."):
                    # "thành phố Kon Tum" is the provincial capital, a district-level city
                    nend, code = lookup(lex, "District", words, uend, True)
                    level = "District" if nend else level
                if not nend:
                    nend, code = lookup(lex, level, words, uend, strict)
                if level == "Province" and not nend:
                    # "thành phố Kon Tum" is a city (district level)
                    nend, code = lookup(lex, "District", words, uend, True)
                    level = "District" if nend else level
                if nend:
                    s, e = words[uend].start, words[nend - 1].end
                    emit(doc, s, e, "Place", "place-unit", level, place_code=code)
                    if level != "Province":
                        seen_local[norm_key(doc_text(doc)[s:e])] = (level, code)
                    i = nend
                    found = True
                    break
            if found:
                continue
            # "Quận ủy Thanh Khê", "Huyện ủy Tuy Phước": the district of a committee
            cend, _ = words.match_any(i, _LOCAL_COMMITTEES)
            if cend:
                nend, code = lookup(lex, "District", words, cend, True)
                if nend:
                    s, e = words[cend].start, words[nend - 1].end
                    emit(doc, s, e, "Place", "place-committee", "District", place_code=code)
                    seen_local[norm_key(doc_text(doc)[s:e])] = ("District", code)
                    i = nend
                    continue
            if w.is_cap:
                rend, phrase = words.match_any(i, self.regions, exact_first=False)
                # "Mỹ Đức", "Pháp Vân": a country's name starting a longer name
                if rend and rend < len(words) and (
                        (words[rend].is_cap and not words[rend].is_punct)
                        or words[rend].text in ("lệnh", "luật", "quyền", "chế", "lý", "điển", "nhân")):
                    rend = 0
                if rend:
                    key = norm_key(doc_text(doc)[w.start : words[rend - 1].end])
                    entry = lex.regions.get(key)
                    if entry:
                        emit(doc, w.start, words[rend - 1].end, "Place", "place-region",
                             entry.level, place_code=entry.code)
                        i = rend
                        continue
                nend, code = lookup(lex, "Province", words, i, True)
                if nend:
                    key = norm_key(doc_text(doc)[w.start : words[nend - 1].end])
                    if key not in _NEEDS_UNIT:
                        emit(doc, w.start, words[nend - 1].end, "Place", "place-province",
                             "Province", place_code=code)
                        i = nend
                        continue
            i += 1
        if self.bare_districts and seen_local:
            self._bare_local(doc, words, seen_local)
        return doc

    def _bare_local(self, doc: Doc, words: Words, seen: dict) -> None:
        """A district named with its unit word once may appear bare elsewhere."""
        taken = {(m.start, m.end) for m in doc._.kg_candidates or () if m.type == "Place"}
        for i, w in enumerate(words):
            if not w.is_cap:
                continue
            for n in (3, 2, 1):
                if i + n > len(words) or any(x.is_punct for x in words[i : i + n]):
                    continue
                s, e = w.start, words[i + n - 1].end
                key = norm_key(doc_text(doc)[s:e])
                if key in seen and (s, e) not in taken and len(key.split()) >= 2:
                    level, code = seen[key]
                    emit(doc, s, e, "Place", "place-seen", level, place_code=code)
                    break
