"""Every IRI the tool mints, in one place (plain strings).

Entities ``kgid:{type}/{scope}/{slug}-{hash}``, articles ``kgart:{key}`` with
``#sentence=b,e`` and ``#char=b,e`` fragments, named graphs ``kgg:{key}/…``,
build activities and pipeline components under ``kgb:``.

>>> entity_iri("Organization", "kon-tum", "tỉnh ủy")
'https://w3id.org/vnkg/id/org/kon-tum/tinh-uy-c19268'
>>> sentence_iri("nq23", 0, 56), phrase_iri("nq23", 33, 55)
('https://w3id.org/vnkg/article/nq23#sentence=0,56', 'https://w3id.org/vnkg/article/nq23#char=33,55')
>>> text_graph("nq23"), sentence_graph("nq23", 0, 56)
('https://w3id.org/vnkg/graph/nq23/text', 'https://w3id.org/vnkg/graph/nq23/sentence/0-56')
"""

from __future__ import annotations

import hashlib

from graph.text import slugify

__all__ = ["ARTICLE", "BASE", "BUILD", "BUILD_GRAPH", "ENTITIES_GRAPH", "GRAPH", "ID", "NATIONAL", "ONTOLOGY",
           "TYPE_SEGMENT", "article_graph_prefix", "article_iri", "assertion_iri", "component_iri",
           "entity_iri", "figure_iri", "membership_iri", "phrase_iri", "place_iri", "post_iri", "role_iri",
           "sentence_graph", "sentence_iri", "text_graph"]

#: Where everything the tool mints lives.
BASE = "https://w3id.org/vnkg/"
ONTOLOGY = BASE + "ontology#"
ID = BASE + "id/"
ARTICLE = BASE + "article/"
GRAPH = BASE + "graph/"
BUILD = BASE + "build/"
#: The build graph: build activities, their times, the pipeline and its components.
BUILD_GRAPH = GRAPH + "build"
#: One type, label and mention count per entity, derived from the sentence graphs.
ENTITIES_GRAPH = GRAPH + "entities"
#: The scope of names unique in the whole country.
NATIONAL = "vn"

TYPE_SEGMENT = {
    "Organization": "org", "Person": "person", "Document": "document",
    "Campaign": "campaign", "Event": "event", "Place": "place",
}


def entity_iri(type_: str, scope: str, key: str) -> str:
    """``kgid:{type}/{scope}/{slug}-{hash}``: readable, and unique for each key."""
    digest = hashlib.sha1(f"{type_}|{scope}|{key}".encode()).hexdigest()[:6]
    slug = slugify(key)[:60].strip("-")
    return f"{ID}{TYPE_SEGMENT[type_]}/{scope}/{slug}-{digest}"


def place_iri(code: str, name: str) -> str:
    """A gazetteer place, by its official code.

    >>> place_iri("P62", "Kon Tum")
    'https://w3id.org/vnkg/id/place/vn/p62-kon-tum'
    """
    return f"{ID}place/{NATIONAL}/{code.lower()}-{slugify(name)}"


def article_iri(key: str) -> str:
    """The article's ``nif:Context``, from its key.

    >>> article_iri("000_5588cd3b938c6cd5")
    'https://w3id.org/vnkg/article/000_5588cd3b938c6cd5'
    """
    return ARTICLE + key


def sentence_iri(key: str, start: int, end: int) -> str:
    """A ``nif:Sentence``: the article IRI with an RFC 5147-style offset fragment."""
    return f"{ARTICLE}{key}#sentence={start},{end}"


def phrase_iri(key: str, start: int, end: int) -> str:
    """A mention's ``nif:Phrase``: character offsets into the article text."""
    return f"{ARTICLE}{key}#char={start},{end}"


def article_graph_prefix(key: str) -> str:
    """The IRI prefix shared by every named graph of one article.

    >>> article_graph_prefix("000_5588cd3b938c6cd5")
    'https://w3id.org/vnkg/graph/000_5588cd3b938c6cd5/'
    """
    return f"{GRAPH}{key}/"


def text_graph(key: str) -> str:
    """The named graph of an article's text annotation (NIF) and provenance."""
    return f"{GRAPH}{key}/text"


def sentence_graph(key: str, start: int, end: int) -> str:
    """The named graph of what one sentence says (entities, relations, figures)."""
    return f"{GRAPH}{key}/sentence/{start}-{end}"


def component_iri(name: str) -> str:
    """The PROV software agent of a pipeline component.

    >>> component_iri("kg_org_recognizer")
    'https://w3id.org/vnkg/build/component/kg_org_recognizer'
    """
    return f"{BUILD}component/{name}"


def assertion_iri(key: str, digest: str) -> str:
    """A reified relation (``kg:Assertion``) of an article."""
    return f"{ID}assertion/{key}/{digest}"


def membership_iri(key: str, digest: str) -> str:
    """A post held (``org:Membership``) as an article states it."""
    return f"{ID}membership/{key}/{digest}"


def role_iri(role: str) -> str:
    """An ``org:Role`` by its title.

    >>> role_iri("Bí thư")
    'https://w3id.org/vnkg/id/role/bi-thu'
    """
    return f"{ID}role/{slugify(role)}"


def post_iri(role: str, body: str) -> str:
    """An ``org:Post``: a role in one body, ``kgid:post/{role}/{the body's IRI under kgid:}``
    (the role compared as ``norm_key`` does: "Trưởng Ban" = "Trưởng ban").

    >>> post_iri("Bí thư", "https://w3id.org/vnkg/id/org/binh-dinh/tinh-uy-c19268")
    'https://w3id.org/vnkg/id/post/bi-thu/org/binh-dinh/tinh-uy-c19268'
    """
    from graph.text import norm_key

    tail = body[len(ID):] if body.startswith(ID) else slugify(body)
    return f"{ID}post/{slugify(norm_key(role))}/{tail}"


def figure_iri(key: str, start: int, end: int) -> str:
    """A reported figure: ``kgid:figure/{article key}/{start}-{end}``.

    >>> figure_iri("000_x", 5, 20)
    'https://w3id.org/vnkg/id/figure/000_x/5-20'
    """
    return f"{ID}figure/{key}/{start}-{end}"
