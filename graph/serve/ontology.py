"""The ontology (``graph/ontology/kg.ttl``) as the pages use it: labels in Vietnamese and
English for every kg: term, and a page per term.

>>> onto = Ontology.load()
>>> onto.label("https://w3id.org/vnkg/ontology#holdsPosition")
('giữ chức vụ tại', 'holds position in')
>>> onto.terms["https://w3id.org/vnkg/ontology#Resolution"].parents
('https://w3id.org/vnkg/ontology#Document',)
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["Ontology", "Term", "ONTOLOGY_FILE", "KG", "COMMON"]

KG = "https://w3id.org/vnkg/ontology#"
ONTOLOGY_FILE = Path(__file__).resolve().parents[1] / "ontology" / "kg.ttl"
_RDFS = "http://www.w3.org/2000/01/rdf-schema#"
_OWL = "http://www.w3.org/2002/07/owl#"
_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"

#: Terms of other vocabularies the pages name, in Vietnamese and English.
COMMON = {
    "http://www.w3.org/ns/org#Membership": ("chức vụ nắm giữ", "membership"),
    "http://www.w3.org/ns/org#Post": ("chức vụ", "post"),
    "http://www.w3.org/ns/org#member": ("người giữ", "member"),
    "http://www.w3.org/ns/org#organization": ("tổ chức", "organization"),
    "http://www.w3.org/ns/org#postIn": ("thuộc", "post in"),
    "http://www.w3.org/ns/org#role": ("vai trò", "role"),
    "https://schema.org/startDate": ("từ ngày", "start date"),
    "https://schema.org/endDate": ("đến ngày", "end date"),
    "https://schema.org/author": ("tác giả", "author"),
    "https://schema.org/headline": ("tiêu đề", "headline"),
    "https://schema.org/datePublished": ("ngày đăng", "date published"),
    "https://schema.org/observationAbout": ("số liệu về", "observation about"),
    "http://www.w3.org/2004/02/skos/core#altLabel": ("tên khác", "also written"),
}


@dataclass(frozen=True)
class Term:
    """One class or property of the ontology."""

    iri: str
    kind: str                      # Class, ObjectProperty, DatatypeProperty
    vi: str = ""
    en: str = ""
    comment: str = ""
    parents: tuple[str, ...] = ()  # rdfs:subClassOf / rdfs:subPropertyOf
    domain: tuple[str, ...] = ()
    range: tuple[str, ...] = ()
    see_also: tuple[str, ...] = ()

    @property
    def name(self) -> str:
        return self.iri[len(KG):] if self.iri.startswith(KG) else self.iri


@dataclass
class Ontology:
    terms: dict[str, Term] = field(default_factory=dict)
    title: tuple[str, str] = ("", "")
    text: str = ""

    @classmethod
    @functools.cache
    def load(cls, path: Path = ONTOLOGY_FILE) -> Ontology:
        """Parsed once per process (rdflib: a small file)."""
        from rdflib import BNode, Graph, Literal, URIRef
        from rdflib.collection import Collection

        text = path.read_text(encoding="utf-8")
        g = Graph().parse(data=text, format="turtle")

        def literal(s, p, lang):
            values = sorted(str(o) for o in g.objects(s, URIRef(p)) if isinstance(o, Literal) and o.language == lang)
            return values[0] if values else ""

        def iris(s, p):
            out = []
            for o in g.objects(s, URIRef(p)):
                if isinstance(o, URIRef):
                    out.append(str(o))
                elif isinstance(o, BNode):  # owl:unionOf ( … )
                    for lst in g.objects(o, URIRef(_OWL + "unionOf")):
                        out.extend(str(x) for x in Collection(g, lst) if isinstance(x, URIRef))
            return tuple(sorted(out))

        terms = {}
        for kind in ("Class", "ObjectProperty", "DatatypeProperty"):
            for s in g.subjects(URIRef(_RDF + "type"), URIRef(_OWL + kind)):
                if not isinstance(s, URIRef) or not str(s).startswith(KG):
                    continue
                terms[str(s)] = Term(str(s), kind, literal(s, _RDFS + "label", "vi"), literal(s, _RDFS + "label", "en"),
                                     literal(s, _RDFS + "comment", "en"),
                                     iris(s, _RDFS + "subClassOf") + iris(s, _RDFS + "subPropertyOf"),
                                     iris(s, _RDFS + "domain"), iris(s, _RDFS + "range"), iris(s, _RDFS + "seeAlso"))
        onto = URIRef(KG.rstrip("#"))
        title = (literal(onto, "http://purl.org/dc/terms/title", "vi"), literal(onto, "http://purl.org/dc/terms/title", "en"))
        return cls(dict(sorted(terms.items())), title, text)

    def label(self, iri: str) -> tuple[str, str]:
        """(Vietnamese, English) label of a term; the local name for both when unknown."""
        term = self.terms.get(iri)
        if term is not None:
            return term.vi or term.name, term.en or term.name
        if iri in COMMON:
            return COMMON[iri]
        local = iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]
        return local, local

    def subclasses(self, iri: str) -> list[str]:
        return [t.iri for t in self.terms.values() if iri in t.parents]

    def used_with(self, iri: str) -> list[str]:
        """Properties whose domain or range is this class."""
        return [t.iri for t in self.terms.values() if iri in t.domain or iri in t.range]
