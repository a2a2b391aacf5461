"""The one loader: a graph file into a pyoxigraph store, a store into rdflib, terms converted.

Every stage that reads RDF from a file (querying a file, scoring, validating,
the views) loads it here, so formats, errors and conversions agree.

>>> from pathlib import Path
>>> import tempfile
>>> f = Path(tempfile.mkdtemp()) / "g.trig"
>>> _ = f.write_text('<http://ex/g> { <http://ex/s> <http://ex/p> "Tỉnh ủy"@vi . }', encoding="utf-8")
>>> len(load(f))
1
>>> load(f.with_suffix(".txt"))  # doctest: +ELLIPSIS
Traceback (most recent call last):
graph.errors.GraphFileError: .../g.txt: unknown RDF file type '.txt' (use .trig, .nq, ...) [E502]
>>> load("nowhere.nq")
Traceback (most recent call last):
graph.errors.GraphFileError: nowhere.nq: no such graph file [E503]
>>> to_rdflib(ox.Literal("Tỉnh ủy", language="vi")).language
'vi'
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from graph.errors import Errors, GraphFileError
from graph.rdf import formats

__all__ = ["DEFAULT_GRAPH", "load", "quads", "to_rdflib"]

#: Where the triples of a file without named graphs (Turtle, N-Triples) go.
DEFAULT_GRAPH = ox.NamedNode("urn:x-kg:default")
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def _format(path: Path) -> ox.RdfFormat:
    fmt = formats.by_suffix(path)
    if fmt is None:
        raise GraphFileError(Errors.E502.format(path=path, suffix=path.suffix, known=formats.suffixes()))
    if not path.is_file():
        raise GraphFileError(Errors.E503.format(path=path))
    return fmt


def load(path: str | os.PathLike[str], store: ox.Store | None = None) -> ox.Store:
    """A graph file loaded into an in-memory store (or into ``store``); triples of a file
    without named graphs go to :data:`DEFAULT_GRAPH`."""
    path = Path(path)
    fmt = _format(path)
    store = store if store is not None else ox.Store()
    try:
        store.bulk_load(path=str(path), format=fmt,
                        to_graph=None if fmt.supports_datasets else DEFAULT_GRAPH)
    except SyntaxError as exc:
        raise GraphFileError(Errors.E504.format(path=path, format=formats.label(fmt), reason=exc)) from None
    except (OSError, ValueError) as exc:
        raise GraphFileError(Errors.E505.format(path=path, reason=exc)) from None
    return store


def quads(path: str | os.PathLike[str]) -> Iterator[ox.Quad]:
    """The quads of a graph file, streamed (nothing is kept)."""
    path = Path(path)
    fmt = _format(path)
    try:
        with path.open("rb") as fh:
            yield from ox.parse(fh, format=fmt, base_iri=path.resolve().as_uri())
    except SyntaxError as exc:
        raise GraphFileError(Errors.E504.format(path=path, format=formats.label(fmt), reason=exc)) from None


def to_rdflib(term: Any) -> Any:
    """A pyoxigraph term as the equal rdflib term (plain strings stay plain, as rdflib's
    own parsers make them)."""
    from rdflib import BNode, Literal, URIRef

    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        if term.datatype.value == _XSD_STRING:
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    raise GraphFileError(Errors.E506.format(term=term))
