"""RDF terms as N-Quads text: what the build's workers write (no rdflib objects on that path).

Terms are strings in N-Triples syntax; :func:`quad` joins four into a line.
Parsed back by pyoxigraph, they are the terms rdflib would have written.

>>> iri("https://w3id.org/vnkg/id/x")
'<https://w3id.org/vnkg/id/x>'
>>> literal('Tỉnh ủy "Kon Tum"\\n', lang="vi")
'"Tỉnh ủy \\\\"Kon Tum\\\\"\\\\n"@vi'
>>> literal(5), literal(True), literal("0.9", datatype=XSD + "decimal")
('"5"^^<http://www.w3.org/2001/XMLSchema#integer>', '"true"^^<http://www.w3.org/2001/XMLSchema#boolean>', '"0.9"^^<http://www.w3.org/2001/XMLSchema#decimal>')
>>> import pyoxigraph as ox
>>> line = quad(iri("http://ex/s"), iri("http://ex/p"), literal("a\\x0cb"), iri("http://ex/g"))
>>> [q.object.value for q in ox.parse(line, format=ox.RdfFormat.N_QUADS)]
['a\\x0cb']
"""

from __future__ import annotations

import re

__all__ = ["XSD", "iri", "literal", "quad"]

XSD = "http://www.w3.org/2001/XMLSchema#"
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}
# backslash, quote and every C0 control or DEL: N-Quads allows the rest as they are
_NEEDS_ESCAPE = re.compile(r'[\\"\x00-\x1f\x7f]')


def _escape(text: str) -> str:
    return _NEEDS_ESCAPE.sub(lambda m: _ESCAPES.get(m.group(), f"\\u{ord(m.group()):04X}"), text)


def iri(value: str) -> str:
    """An IRI term. The tool's own IRIs are minted safe; others are checked for the
    characters N-Quads forbids in an IRI."""
    if any(c in value for c in '<>"{}|^`\\ \n'):
        raise ValueError(f"not a valid IRI: {value!r}")
    return f"<{value}>"


def literal(value: object, *, lang: str | None = None, datatype: str | None = None) -> str:
    """A literal: a string (with a language or a datatype), or an int or bool (typed)."""
    if isinstance(value, bool):
        return f'"{"true" if value else "false"}"^^<{XSD}boolean>'
    if isinstance(value, int):
        return f'"{value}"^^<{datatype or XSD + "integer"}>'
    text = f'"{_escape(str(value))}"'
    if lang:
        return f"{text}@{lang}"
    if datatype and datatype != XSD + "string":
        return f"{text}^^<{datatype}>"
    return text


def quad(s: str, p: str, o: str, g: str) -> str:
    """One N-Quads line (with its newline)."""
    return f"{s} {p} {o} {g} .\n"
