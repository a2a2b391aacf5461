"""Ask the graph from Python: ``graph.open(path).query(sparql)``.

``path`` is a store folder, an exports folder holding ``store/``, or a graph
file (``.trig``, ``.nq``, ``.jsonld``, ``.ttl``, ``.nt``) loaded into memory.
Queries see the union of all named graphs as their default graph, and
``GRAPH ?g`` still names the graph (the sentence) a fact comes from.

>>> from pathlib import Path
>>> kg = open(Path(__file__).parents[2] / "tests/fixtures/golden/graph.trig")  # the seeds, built
>>> rows = kg.query('''
...     SELECT DISTINCT ?number ?date WHERE {
...       ?doc <https://w3id.org/vnkg/ontology#documentNumber> ?number ;
...            <https://w3id.org/vnkg/ontology#issuedOn> ?date } ORDER BY ?date''')
>>> rows[0]["number"], rows[0]["date"]
('05-CT/TW', datetime.date(2016, 5, 15))
>>> kg.query("ASK { GRAPH ?g { ?s a <https://w3id.org/vnkg/ontology#Figure> } }")
True
>>> kg.named("documents")[0]["number"]
'23-NQ/TU'
"""

from __future__ import annotations

import datetime
import os
import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox

from graph.emit.quads import search_key
from graph.store import versions


XSD = "http://www.w3.org/2001/XMLSchema#"
_INTS = {"integer", "int", "long", "short", "byte", "nonNegativeInteger", "positiveInteger",
         "nonPositiveInteger", "negativeInteger", "unsignedInt", "unsignedLong", "unsignedShort", "unsignedByte"}

#: Graph file suffixes :func:`open` loads into memory.
GRAPH_SUFFIXES = {
    ".trig": ox.RdfFormat.TRIG,
    ".nq": ox.RdfFormat.N_QUADS,
    ".nquads": ox.RdfFormat.N_QUADS,
    ".jsonld": ox.RdfFormat.JSON_LD,
    ".ttl": ox.RdfFormat.TURTLE,
    ".nt": ox.RdfFormat.N_TRIPLES,
}


QUERIES = Path(__file__).parent / "queries"


class OpenError(Exception):
    """A path that holds no store or graph, or an unknown query name; the message names it."""


@dataclass(frozen=True)
class NamedQuery:
    """A ``.rq`` file of ``graph/queries``: its first ``# `` line says what it answers.

    ``# param: name  what it binds`` lines list the variables ``--param`` may bind;
    left unbound, the query answers for all. ``# param: name=default  …`` gives
    a default value used when the caller binds nothing. ``# fold: name key``: the
    value given for ``name`` is bound to ``?key`` instead, folded as ``kg:searchKey``
    is (no case, tone marks or punctuation), so the query looks the key up.
    """

    name: str
    path: Path
    text: str
    comment: str
    params: dict[str, str]
    defaults: dict[str, str]
    folds: dict[str, str]

    def bindings(self, given: dict | None = None) -> dict:
        """The defaults overlaid with the caller's parameters; unknown names raise."""
        given = dict(given or {})
        unknown = set(given) - set(self.params)
        if unknown:
            known = ", ".join(self.params) or "none"
            raise OpenError(f"query {self.name!r} has no parameter {', '.join(sorted(unknown))} (parameters: {known})")
        bound = {**self.defaults, **given}
        for name, key in self.folds.items():
            if name in bound:
                bound[key] = ox.Literal(search_key(str(bound.pop(name))))
        return bound

    @classmethod
    def read(cls, path: Path) -> NamedQuery:
        text = path.read_text(encoding="utf-8")
        comment, params, defaults, folds = "", {}, {}, {}
        for line in text.splitlines():
            if not line.startswith("#"):
                break
            body = line.lstrip("#").strip()
            if body.startswith("param:"):
                name, _, what = body[len("param:"):].strip().partition(" ")
                name, eq, default = name.lstrip("?$").partition("=")
                params[name] = what.strip()
                if eq:
                    defaults[name] = default
            elif body.startswith("fold:"):
                name, key = body[len("fold:"):].split()
                folds[name] = key
            elif not comment:
                comment = body
        if not comment:
            raise OpenError(f"{path}: a named query must start with a '# what it answers' line")
        return cls(path.stem, path, text, comment, params, defaults, folds)


def named_queries(folder: Path = QUERIES) -> dict[str, NamedQuery]:
    """The named queries shipped in ``graph/queries``, by name.

    >>> qs = named_queries()
    >>> qs["entity"].params["entity"].startswith("IRI"), qs["entities"].defaults
    (True, {'type': 'kg:Organization'})
    """
    return {p.stem: NamedQuery.read(p) for p in sorted(folder.glob("*.rq"))}


def named_query(name: str) -> NamedQuery:
    """One named query; an unknown name raises :class:`OpenError` listing the known ones."""
    queries = named_queries()
    if name not in queries:
        raise OpenError(f"no named query {name!r}; known: {', '.join(queries)} (see `kg query --list`)")
    return queries[name]


def to_python(term):
    """The Python value of a pyoxigraph term: IRIs as ``str``, typed literals as values.

    >>> to_python(ox.Literal("42", datatype=ox.NamedNode(XSD + "integer")))
    42
    >>> to_python(ox.Literal("2024-04-20", datatype=ox.NamedNode(XSD + "date")))
    datetime.date(2024, 4, 20)
    >>> to_python(ox.Literal("Tỉnh ủy", language="vi")), to_python(ox.NamedNode("https://w3id.org/vnkg/id/x"))
    ('Tỉnh ủy', 'https://w3id.org/vnkg/id/x')
    >>> to_python(ox.Literal("99.5", datatype=ox.NamedNode(XSD + "decimal")))
    Decimal('99.5')
    """
    cls = type(term)
    if cls is ox.NamedNode:
        return term.value
    if cls is ox.Literal:
        convert = _CONVERT.get(term.datatype.value)
        if convert is None:  # strings, language-tagged strings, unknown types
            return term.value
        try:
            return convert(term.value)
        except ValueError:
            return term.value  # an ill-typed literal keeps its lexical form
    if term is None:
        return None
    if cls is ox.BlankNode:
        return f"_:{term.value}"
    return str(term)  # RDF-star triple terms


def _datetime(text: str) -> datetime.datetime:
    return datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))


#: Datatype IRI -> converter, for the literals that have a Python value.
_CONVERT = {
    **{XSD + name: int for name in _INTS},
    XSD + "decimal": Decimal,
    XSD + "double": float,
    XSD + "float": float,
    XSD + "boolean": lambda text: text in ("true", "1"),
    XSD + "date": datetime.date.fromisoformat,
    XSD + "dateTime": _datetime,
}


class Rows(list):
    """SELECT results: a list of ``{variable: value}`` dicts (``None`` when unbound)."""

    def __init__(self, variables: list[str], rows):
        super().__init__(rows)
        self.variables = variables


def parse_param(value: str):
    """A ``--param`` value as a term: ``<iri>``, ``http(s)://…``, ``prefix:local`` or a plain string.

    >>> parse_param("kgid:org/vn/quoc-hoi")
    <NamedNode value=https://w3id.org/vnkg/id/org/vn/quoc-hoi>
    >>> parse_param("Tỉnh ủy")
    <Literal value=Tỉnh ủy datatype=<NamedNode value=http://www.w3.org/2001/XMLSchema#string>>
    """
    from graph.store.knowledge_store import _prefixes

    if value.startswith("<") and value.endswith(">"):
        return ox.NamedNode(value[1:-1])
    if value.startswith(("http://", "https://", "urn:", "file:")):
        return ox.NamedNode(value)
    prefix, sep, local = value.partition(":")
    namespaces = _prefixes()
    if sep and prefix in namespaces:
        return ox.NamedNode(namespaces[prefix] + local)
    return ox.Literal(value)


_WHERE = re.compile(r"\b(?:WHERE|OPTIONAL)\s*\{", re.IGNORECASE)


def bind_values(sparql: str, params: dict) -> str:
    """Bind variables by a ``VALUES`` block at the start of every ``WHERE {`` and
    ``OPTIONAL {`` group.

    Oxigraph pushes these into the patterns (its ``substitutions`` argument joins
    at the end: 300 times slower on a selective parameter); subqueries and the
    right side of OPTIONALs (evaluated on their own) see them too. As the outer
    group binds the same value, the answers are those of the query with the
    variable bound.

    >>> print(bind_values("SELECT ?n WHERE { ?d kg:documentNumber ?n }", {"d": "kgid:document/vn/1"}))
    SELECT ?n WHERE { VALUES ?d { <https://w3id.org/vnkg/id/document/vn/1> } ?d kg:documentNumber ?n }
    """
    terms = {k: v if isinstance(v, (ox.NamedNode, ox.Literal, ox.BlankNode)) else parse_param(str(v))
             for k, v in params.items()}
    first = _WHERE.search(sparql)
    if first is None or not first.group(0).upper().startswith("WHERE"):
        raise OpenError("parameters need a query whose first group is WHERE { … }")

    def values(match: re.Match) -> str:
        names = terms
        if not match.group(0).upper().startswith("WHERE"):
            # An OPTIONAL gets only the variables it uses: others would just enlarge it.
            group = _group(sparql, match.end())
            names = {k: t for k, t in terms.items() if re.search(rf"[?$]{re.escape(k)}\b", group)}
        block = " ".join(f"VALUES ?{k} {{ {t} }}" for k, t in names.items())
        return f"{match.group(0)} {block}" if block else match.group(0)

    return _WHERE.sub(values, sparql)


def _group(text: str, start: int) -> str:
    """The text of the ``{ … }`` group opened just before ``start``."""
    depth = 1
    for i in range(start, len(text)):
        depth += {"{": 1, "}": -1}.get(text[i], 0)
        if depth == 0:
            return text[start:i]
    return text[start:]


def _guard_depth(sparql: str) -> None:
    """Refuse nesting deep enough to overflow the engine's parser stack (it would crash the process).

    >>> _guard_depth("ASK " + "{" * 300 + "}" * 300)
    Traceback (most recent call last):
    SyntaxError: the query nests groups 300 deep; the engine takes at most 256
    """
    from graph.query.limits import ENGINE_MAX_DEPTH, scan

    if sum(map(sparql.count, "{([")) <= ENGINE_MAX_DEPTH:
        return  # cannot nest deeper than it has brackets
    depth = scan(sparql).depth
    if depth > ENGINE_MAX_DEPTH:
        raise SyntaxError(f"the query nests groups {depth} deep; the engine takes at most {ENGINE_MAX_DEPTH}")


class KnowledgeGraph:
    """SPARQL over a pyoxigraph store, answering with Python values."""

    def __init__(self, store: ox.Store, source: Path | None = None):
        self.store = store
        self.source = source
        self._dataset = None

    def raw(self, sparql: str, params: dict | None = None):
        """The pyoxigraph result (solutions, triples or boolean), union default graph."""
        if params:
            sparql = bind_values(sparql, params)
        _guard_depth(sparql)
        return self.store.query(sparql, use_default_graph_as_union=True)

    def query(self, sparql: str, params: dict | None = None):
        """Run a query: SELECT -> :class:`Rows`, ASK -> ``bool``, CONSTRUCT/DESCRIBE -> rdflib ``Graph``.

        ``params`` binds variables before evaluation (``{"type": "kg:Person"}``).
        """
        result = self.raw(sparql, params)
        if isinstance(result, ox.QueryBoolean):
            return bool(result)
        if isinstance(result, ox.QuerySolutions):
            names = [v.value for v in result.variables]
            # tuple(solution) is cheaper than looking each variable up by name
            return Rows(names, (dict(zip(names, map(to_python, sol))) for sol in result))
        import rdflib

        data = ox.serialize(result, format=ox.RdfFormat.N_TRIPLES)
        return rdflib.Graph().parse(data=data or b"", format="nt")

    def named(self, name: str, **params):
        """Run a named query from ``graph/queries/`` with optional parameters."""
        named = named_query(name)
        return self.query(named.text, named.bindings(params))

    @property
    def dataset(self):
        """An rdflib ``Dataset`` over the same data (oxrdflib; pass SPARQL as strings)."""
        if self._dataset is None:
            from oxrdflib import OxigraphStore
            from rdflib import Dataset

            self._dataset = Dataset(store=OxigraphStore(store=self.store), default_union=True)
        return self._dataset

    def __len__(self) -> int:
        return len(self.store)


def is_store_dir(path: Path) -> bool:
    """Whether a folder holds a store: versions with ``LATEST``, or an Oxigraph store itself."""
    return versions.current(path) is not None


def load_graph_file(path: Path) -> ox.Store:
    """An in-memory store holding one graph file."""
    fmt = GRAPH_SUFFIXES.get(path.suffix.lower())
    if fmt is None:
        raise OpenError(f"{path}: unknown graph file type; use one of {', '.join(GRAPH_SUFFIXES)}")
    store = ox.Store()
    try:
        store.bulk_load(path=str(path), format=fmt)
    except SyntaxError as exc:
        raise OpenError(f"{path}: not valid {fmt.name}: {exc}") from exc
    return store


def locate(path: str | os.PathLike) -> tuple[str, Path]:
    """What a path holds: ``("store", root)`` for a store folder (versions under
    ``LATEST``, or a legacy Oxigraph store), ``("file", path)`` for a graph file.

    An exports folder is looked into: ``store/``, else ``graph.trig`` or ``graph.nq``.

    >>> locate(Path(__file__).parents[2] / "tests/fixtures/golden/graph.trig")[0]
    'file'
    """
    path = Path(path)
    if not path.exists():
        raise OpenError(f"{path}: no such store, folder or graph file (build one with `kg build`)")
    if path.is_file():
        if path.suffix.lower() not in GRAPH_SUFFIXES:
            raise OpenError(f"{path}: unknown graph file type; use one of {', '.join(GRAPH_SUFFIXES)}")
        return "file", path
    for candidate in (path, path / "store"):
        if versions.current(candidate) is not None:
            return "store", candidate
    for name in ("graph.trig", "graph.nq"):
        if (path / name).is_file():
            return "file", path / name
    raise OpenError(f"{path}: holds neither a store (LATEST, or an Oxigraph CURRENT file), store/, nor graph.trig")


def open_version(root: Path) -> ox.Store:
    """The current version of a store folder, opened read-only (it only ever opens what ``LATEST`` names)."""
    version = versions.current(root)
    if version is None:
        raise OpenError(f"{root}: no complete store version (LATEST names none)")
    try:
        return ox.Store.read_only(str(version))
    except OSError as exc:
        raise OpenError(f"{root}: cannot open the store read-only: {exc}") from exc


def open_store(path: str | os.PathLike) -> tuple[ox.Store, Path]:
    """The pyoxigraph store behind a store folder, exports folder or graph file."""
    kind, where = locate(path)
    if kind == "file":
        return load_graph_file(where), where
    return open_version(where), where


def open(path: str | os.PathLike) -> KnowledgeGraph:  # noqa: A001 - graph.open is the API
    """Open a store folder, exports folder or graph file for querying (read-only on disk).

    >>> open("/nonexistent")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    graph.query.api.OpenError: /nonexistent: no such store...
    """
    store, source = open_store(path)
    return KnowledgeGraph(store, source)


__all__ = ["open", "KnowledgeGraph", "NamedQuery", "Rows", "OpenError", "named_queries", "named_query",
           "locate", "open_version", "open_store", "load_graph_file"]
