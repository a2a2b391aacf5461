"""Check a built graph against the SHACL shapes in ``ontology/shapes.ttl``.

The shapes are written for the union of all named graphs (an entity's label
lives in a sentence graph, its mentions in the article's text graph), so the
quads are read with pyoxigraph -- fast, and strict about syntax -- and their
graph names dropped into one rdflib ``Graph`` for pyshacl. ``ontology/kg.ttl``
goes in as the ontology graph, so a ``kg:Resolution`` counts as a
``kg:Document`` for the shapes.

>>> result = validate(FIXTURE)
>>> result.conforms, result.violations
(True, 0)
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, SH

import graph
from graph.errors import Errors, GraphFileError
from graph.rdf.load import quads, to_rdflib

#: The ontology and shapes, shipped in the package (graph/ontology is the top-level ontology/).
ONTOLOGY_DIR = Path(graph.__file__).resolve().parent / "ontology"
ONTOLOGY = ONTOLOGY_DIR / "kg.ttl"
SHAPES = ONTOLOGY_DIR / "shapes.ttl"
#: A valid graph of the real pipeline: the seeds' golden build (scripts/gen_fixtures.py; used by the doctests).
FIXTURE = Path(graph.__file__).resolve().parent.parent / "tests" / "fixtures" / "golden" / "graph.trig"

@dataclass
class Violation:
    """One SHACL result, flattened for reporting."""

    shape: str  # source shape IRI (or a blank node id for an inline property shape)
    path: str | None  # sh:resultPath, when the shape is a property shape
    focus: str  # the node that failed
    message: str
    severity: str = "Violation"
    value: str | None = None


@dataclass
class ValidationResult:
    conforms: bool
    report_text: str
    violations: int
    nodes: int = 0  # distinct subjects in the data (what "N nodes checked" counts)
    results: list[Violation] = field(default_factory=list)


def load_union(path: Path) -> Graph:
    """All quads of ``path`` (TriG, N-Quads, JSON-LD, Turtle, N-Triples) as one graph.

    >>> len(load_union(FIXTURE)) > 100
    True
    >>> load_union(Path("nowhere.trig"))  # doctest: +IGNORE_EXCEPTION_DETAIL
    Traceback (most recent call last):
    GraphFileError: nowhere.trig: no such graph file [E503]
    """
    g = Graph()
    add = g.add
    terms: dict = {}  # IRIs repeat a lot: convert each once (halves the time)

    def term(t):
        found = terms.get(t)
        if found is None:
            found = terms[t] = to_rdflib(t)
        return found

    try:
        for quad in quads(path):
            add((term(quad.subject), term(quad.predicate), term(quad.object)))
    except GraphFileError as exc:
        raise GraphFileError(f"{path}: {exc}" if str(path) not in str(exc) else str(exc)) from None
    except (OSError, ValueError) as exc:
        raise GraphFileError(Errors.E505.format(path=path, reason=exc)) from exc
    return g


def validate(graph_path: Path, shapes_path: Path | None = None, inference: str = "none") -> ValidationResult:
    """Validate the union of the named graphs in ``graph_path`` against the shapes.

    ``inference`` is passed to pyshacl ("none" or "rdfs"); the ontology's
    subclass axioms are in the data either way, which is all the shapes' class
    targets need.

    >>> validate(FIXTURE, shapes_path=Path("no-shapes.ttl"))  # doctest: +IGNORE_EXCEPTION_DETAIL
    Traceback (most recent call last):
    GraphFileError: no-shapes.ttl: no such file
    """
    from pyshacl import validate as shacl_validate  # slow import; only when validating
    from pyshacl.errors import ReportableRuntimeError

    data = load_union(Path(graph_path))
    nodes = len(set(data.subjects()))
    shapes_path = Path(shapes_path) if shapes_path else SHAPES
    shapes = load_union(shapes_path)
    ontology = load_union(ONTOLOGY)
    try:
        conforms, report_graph, report_text = shacl_validate(
            data,
            shacl_graph=shapes,
            ont_graph=ontology,
            inference=inference,
            advanced=True,  # SPARQL-based targets and constraints
            inplace=True,  # the data graph is ours: skip pyshacl's copy
            allow_warnings=True,
        )
    except ReportableRuntimeError as exc:  # a shape pyshacl cannot load or run
        raise GraphFileError(f"{shapes_path}: bad SHACL shapes: {exc}") from exc
    if not isinstance(report_graph, Graph):  # pyshacl returns some failures instead
        raise GraphFileError(f"{shapes_path}: bad SHACL shapes: {report_graph}")
    results = violations_of(report_graph, shapes)
    errors = sum(1 for v in results if v.severity == "Violation")
    return ValidationResult(bool(conforms), report_text, errors, nodes, results)


def violations_of(report: Graph, shapes: Graph | None = None) -> list[Violation]:
    """The results of a SHACL validation report graph, sorted for stable output.

    >>> violations_of(Graph())
    []
    """
    shapes = shapes if shapes is not None else Graph()
    out = []
    for r in report.subjects(RDF.type, SH.ValidationResult):
        shape = report.value(r, SH.sourceShape)
        path = report.value(r, SH.resultPath)
        value = report.value(r, SH.value)
        severity = report.value(r, SH.resultSeverity)
        out.append(
            Violation(
                shape=_shape_name(shape, shapes),
                path=_short(path) if path is not None else None,
                focus=report.value(r, SH.focusNode).n3(),
                message=str(report.value(r, SH.resultMessage) or ""),
                severity=_short(severity).removeprefix("sh:") if severity else "Violation",
                value=None if value is None else _short(value),
            )
        )
    out.sort(key=lambda v: (v.shape, v.path or "", v.focus, v.message))
    return out


def _shape_name(shape, shapes: Graph) -> str:
    """An inline property shape is named after the node shape that holds it."""
    if isinstance(shape, BNode):
        parent = shapes.value(predicate=SH.property, object=shape)
        if parent is not None:
            return _short(parent)
        return "(anonymous shape)"
    return _short(shape) if shape is not None else "(unknown shape)"


_PREFIXES = {
    "https://w3id.org/vnkg/shapes#": "kgsh:",
    "https://w3id.org/vnkg/ontology#": "kg:",
    "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#": "nif:",
    "http://www.w3.org/2005/11/its/rdf#": "itsrdf:",
    "http://www.w3.org/ns/org#": "org:",
    "http://www.w3.org/ns/prov#": "prov:",
    "https://schema.org/": "schema:",
    "http://www.w3.org/ns/shacl#": "sh:",
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#": "rdf:",
    "http://www.w3.org/2000/01/rdf-schema#": "rdfs:",
}


def _short(term) -> str:
    """``kg:confidence`` for the full IRI, a literal's quoted text, ``_:id`` for a blank node.

    >>> _short(URIRef("https://w3id.org/vnkg/ontology#confidence"))
    'kg:confidence'
    >>> from rdflib.namespace import XSD
    >>> _short(Literal("1.7", datatype=XSD.decimal))
    '"1.7"'
    """
    if isinstance(term, Literal):
        return json.dumps(str(term), ensure_ascii=False)
    if not isinstance(term, URIRef):
        return term.n3()
    text = str(term)
    for ns, prefix in _PREFIXES.items():
        if text.startswith(ns):
            return prefix + text[len(ns):]
    return text


def summarize(result: ValidationResult, examples: int = 3) -> str:
    """A readable report: results grouped by shape and path, a few focus nodes each.

    >>> print(summarize(ValidationResult(True, "", 0, nodes=12)))
    Conforms: 12 nodes checked
    >>> v = Violation("kgsh:AssertionShape", "kg:confidence", "_:a", "in [0, 1]", value="1.7")
    >>> print(summarize(ValidationResult(False, "", 1, nodes=5, results=[v])))
    Does not conform: 1 violation in 5 nodes
    <BLANKLINE>
    kgsh:AssertionShape kg:confidence: 1 result
      _:a (value 1.7): in [0, 1]
    """
    if result.conforms:
        return f"Conforms: {result.nodes} nodes checked"
    plural = "" if result.violations == 1 else "s"
    lines = [f"Does not conform: {result.violations} violation{plural} in {result.nodes} nodes"]
    groups: dict[tuple[str, str, str], list[Violation]] = defaultdict(list)
    for v in result.results:
        groups[(v.severity, v.shape, v.path or "")].append(v)
    # Biggest groups first: usually one bug in the build explains many results.
    for (severity, shape, path), items in sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        tag = "" if severity == "Violation" else f"[{severity}] "
        head = " ".join(filter(None, [tag + shape, path]))
        lines += ["", f"{head}: {len(items)} result{'' if len(items) == 1 else 's'}"]
        for v in items[:examples]:
            value = f" (value {v.value})" if v.value is not None else ""
            lines.append(f"  {v.focus}{value}: {v.message}")
        if len(items) > examples:
            lines.append(f"  ... and {len(items) - examples} more")
    return "\n".join(lines)
