"""People: a surname and capitalised given names, without the title.

A three- or four-syllable name of known name syllables stands on its own
("Nguyễn Phú Trọng"); a two-syllable one ("Tô Lâm") needs a title or
"đồng chí"/"ông"/"bà" next to it. The titles and what they show are
``graph/rules/roles.tsv``; bylines and photo credits come from the reader.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from graph.analyse.recognise.base import doc_text, doc_words, emit
from graph.analyse.recognise.places import lookup
from graph.lexicon import load as load_lexicon
from graph.rules import load
from graph.text import norm_key

__all__ = ["PersonRecognizer", "title_alternation"]


def title_alternation(flag: str, roles=None) -> str:
    """The titles of ``roles.tsv`` with ``flag``, as one regex alternation (longest first).

    >>> re.fullmatch(title_alternation("address"), "đồng chí") is not None
    True
    """
    roles = roles if roles is not None else load("roles")
    alts = []
    for r in sorted(roles.where("flags", flag), key=lambda r: -len(r["name"])):
        t = r["name"]
        if r["case"] == "any":
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
        self.lex = load_lexicon()
        self.ready = True

    def __call__(self, doc: Doc) -> Doc:
        if not self.ready:
            self.initialize()
        words = doc_words(doc)
        lex = self.lex
        text = doc_text(doc)
        i = 0
        n = len(words)
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
            # inside a place name ("Liêu" in "Bạc Liêu Dương Thành Trung"): not a name's start
            if i > 0 and (lookup(lex, "Province", words, i - 1, True)[0] > i
                          or lookup(lex, "District", words, i - 1, True)[0] > i):
                i += 1
                continue
            run = words.cap_run(i + 1, self.max_given)
            given = [x.text for x in words[i + 1 : run]]
            # a longer capitalised run is a body or place name, not a person
            if not given or (run < n and words[run].is_cap and not words[run].is_punct
                             and len(given) == self.max_given):
                i = max(run, i + 1)
                continue
            start, end = w.start, words[run - 1].end
            name = text[start:end]
            if self._is_person(text, name, start, end, given):
                before = text[max(0, start - 90) : start]
                emit(doc, start, end, "Person", "person-name", None,
                     national=norm_key(name) in lex.politicians or bool(self.national_re.search(before))
                     or bool(self.national_after_re.match(text[end : end + 60])))
            # never restart inside a name: "La Thăng" in "Đinh La Thăng"
            i = run
        # Bylines and photo credits found by the reader.
        for b in doc._.kg_bylines or ():
            emit(doc, b.start, b.end, "Person", f"person-{b.kind}", None, byline=b.kind)
        return doc

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
