"""The one registry of RDF formats: file suffixes, names and media types to pyoxigraph's.

Every reader and writer of RDF in the tool (store dumps, ``graph.open``, the
server's content negotiation, validation, evaluation, the views) asks here.

>>> label(by_suffix("graph.trig")), label(by_suffix("g.nq")), by_suffix("x.txt") is None
('TriG', 'N-Quads', True)
>>> label(by_media_type("text/turtle")), label(by_name("jsonld"))
('Turtle', 'JSON-LD')
>>> [label(f) for f in DATASET_FORMATS]
['TriG', 'N-Quads', 'JSON-LD']
"""

from __future__ import annotations

import os
from pathlib import Path

import pyoxigraph as ox

__all__ = ["DATASET_FORMATS", "FORMATS", "by_media_type", "by_name", "by_suffix", "label", "suffixes"]

#: suffix -> format, in the order messages list them
FORMATS: dict[str, ox.RdfFormat] = {
    ".trig": ox.RdfFormat.TRIG,
    ".nq": ox.RdfFormat.N_QUADS,
    ".nquads": ox.RdfFormat.N_QUADS,
    ".jsonld": ox.RdfFormat.JSON_LD,
    ".ttl": ox.RdfFormat.TURTLE,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".rdf": ox.RdfFormat.RDF_XML,
}
#: formats that hold named graphs (what a build exports)
DATASET_FORMATS = (ox.RdfFormat.TRIG, ox.RdfFormat.N_QUADS, ox.RdfFormat.JSON_LD)


def by_suffix(path: str | os.PathLike[str]) -> ox.RdfFormat | None:
    """The format of a file by its suffix (case-insensitive), or None."""
    return FORMATS.get(Path(path).suffix.lower())


def by_name(name: str) -> ox.RdfFormat | None:
    """``trig``, ``nq``, ``jsonld`` … (a suffix without its dot) or a pyoxigraph name."""
    fmt = FORMATS.get("." + name.lower().lstrip("."))
    if fmt is None:
        fmt = getattr(ox.RdfFormat, name.upper().replace("-", "_"), None)
    return fmt


def by_media_type(media_type: str) -> ox.RdfFormat | None:
    return ox.RdfFormat.from_media_type(media_type.split(";")[0].strip())


def label(fmt: ox.RdfFormat) -> str:
    """A readable name: TriG, N-Quads, JSON-LD …"""
    return fmt.name


def suffixes() -> str:
    """The suffixes, for messages."""
    return ", ".join(FORMATS)
