"""The one prefix map: bound on every graph the tool writes and in every query it runs.

>>> PREFIXES["kg"], PREFIXES["kgid"]
('https://w3id.org/vnkg/ontology#', 'https://w3id.org/vnkg/id/')
>>> sparql_prologue(["kg", "rdfs"]).splitlines()[0]
'PREFIX kg: <https://w3id.org/vnkg/ontology#>'
"""

from __future__ import annotations

from graph.rdf.iris import ARTICLE, BUILD, GRAPH, ID, ONTOLOGY

__all__ = ["PREFIXES", "sparql_prologue"]

PREFIXES: dict[str, str] = {
    "kg": ONTOLOGY,
    "nif": "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#",
    "itsrdf": "http://www.w3.org/2005/11/its/rdf#",
    "kgid": ID,
    "kgart": ARTICLE,
    "kgg": GRAPH,
    "kgb": BUILD,
    "org": "http://www.w3.org/ns/org#",
    "prov": "http://www.w3.org/ns/prov#",
    "schema": "https://schema.org/",
    "dcterms": "http://purl.org/dc/terms/",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "owl": "http://www.w3.org/2002/07/owl#",
}


def sparql_prologue(names: list[str] | None = None) -> str:
    """``PREFIX`` lines for the given prefixes (all by default)."""
    return "\n".join(f"PREFIX {k}: <{PREFIXES[k]}>" for k in (names or PREFIXES))
