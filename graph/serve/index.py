"""What the server keeps in memory per store version: entities, posts and their relations.

Search suggestions, the explorer's neighbourhoods and paths are answered from
here, in the server process, in milliseconds, without a query: the data was
read once by :func:`index_job`, a job run in a query worker like any query
(time and memory limits apply), when the server opened the store version, and
is read again when ``LATEST`` names a new one (:class:`Indexes`).

Names are compared folded: lower case, no tone marks, no punctuation
(:func:`search_key`), so "bi thu tinh uy binh dinh" finds the post
"Bí thư Tỉnh ủy Bình Định" and "Tỉnh uỷ" finds "Tỉnh ủy".

>>> index = GraphIndex.from_rows(EXAMPLE_ROWS)
>>> [(h["label"], h["kind"]) for h in index.suggest("tinh uy")]
[('Tỉnh ủy Bình Định', 'entity'), ('Bí thư Tỉnh ủy Bình Định', 'post')]
>>> [h["label"] for h in index.suggest("bi thu binh dinh")]
['Bí thư Tỉnh ủy Bình Định']
>>> index.path(P, T)
[['https://w3id.org/vnkg/id/person/binh-dinh/ho-quoc-dung', 'https://w3id.org/vnkg/id/org/binh-dinh/tinh-uy']]
"""

from __future__ import annotations

import bisect
import collections
import re
import threading
from dataclasses import dataclass, field

from graph.model import ENTITY_TYPES
from graph.text import ascii_fold, norm_key

__all__ = ["GraphIndex", "Indexes", "Node", "Fact", "index_job", "search_key", "RELATIONS", "EXAMPLE_ROWS"]

KG = "https://w3id.org/vnkg/ontology#"
ORG = "http://www.w3.org/ns/org#"
#: kg: properties from one entity to another that a sentence states (the edges of the explorer).
#: kg:scope (part of a name's identity), kg:province (of articles) and kg:post (of memberships) are not.
RELATIONS = tuple(KG + p for p in ("holdsPosition", "subOrganizationOf", "issuedBy", "presumedIssuedBy",
                                   "implements", "organizedBy", "locatedIn", "authorOf"))
#: At most this many suggestions.
SUGGESTIONS = 10

_NON_WORD = re.compile(r"[^a-z0-9]+")


def search_key(text: str) -> str:
    """The folded form names are compared in.

    >>> search_key("Ủy ban T.Ư MTTQ Việt Nam"), search_key("Nghị quyết 23-NQ/TU")
    ('uy ban t u mttq viet nam', 'nghi quyet 23 nq tu')
    """
    return _NON_WORD.sub(" ", ascii_fold(norm_key(text))).strip()


@dataclass
class Node:
    """An entity (or a post) as the explorer and the search show it."""

    iri: str
    label: str
    type: str = ""         # top class: Organization, Person …; "Post" for a post
    subtype: str = ""
    mentions: int = 0
    aliases: tuple[str, ...] = ()
    province: str = ""     # the place IRI of kg:scope, when provincial
    kind: str = "entity"   # or "post"

    def brief(self) -> dict:
        return {"iri": self.iri, "label": self.label, "type": self.type, "subtype": self.subtype,
                "mentions": self.mentions, "kind": self.kind}


@dataclass
class Fact:
    """A relation between two entities and how many sentences state it (roles: of holdsPosition)."""

    s: str
    p: str
    o: str
    sentences: int
    roles: tuple[str, ...] = ()

    def as_json(self) -> dict:
        return {"s": self.s, "p": self.p[len(KG):], "o": self.o, "n": self.sentences, "roles": list(self.roles)}


@dataclass
class _Key:
    key: str
    node: int
    text: str
    how: str  # label, alias, post


@dataclass
class GraphIndex:
    """Entities, posts and facts of one store version, with search and neighbourhoods."""

    nodes: dict[str, Node] = field(default_factory=dict)
    facts: list[Fact] = field(default_factory=list)
    version: str | None = None

    def __post_init__(self):
        self._order: list[Node] = []
        self._keys: list[_Key] = []
        self._adjacent: dict[str, list[int]] = collections.defaultdict(list)
        self._reindex()

    def _reindex(self) -> None:
        self._order = sorted(self.nodes.values(), key=lambda n: n.iri)
        self._keys = []
        for i, node in enumerate(self._order):
            seen = set()
            for text, how in [(node.label, "label" if node.kind == "entity" else "post"),
                              *((a, "alias") for a in node.aliases)]:
                key = search_key(text)
                if key and key not in seen:
                    seen.add(key)
                    self._keys.append(_Key(key, i, text, how))
        # the most mentioned first, names before aliases
        self._keys.sort(key=lambda k: (-self._order[k.node].mentions, k.how == "alias", k.key, k.node))
        self._exact: dict[str, list[int]] = collections.defaultdict(list)
        for i, k in enumerate(self._keys):
            self._exact[k.key].append(i)
        self._starts = []
        parts, at = [], 1
        for k in self._keys:
            self._starts.append(at)
            parts.append(k.key)
            at += len(k.key) + 1
        self._blob = "\n" + "\n".join(parts) + "\n"
        self._adjacent = collections.defaultdict(list)
        for i, f in enumerate(self.facts):
            self._adjacent[f.s].append(i)
            if f.o != f.s:
                self._adjacent[f.o].append(i)

    @classmethod
    def from_rows(cls, rows: dict, version: str | None = None) -> GraphIndex:
        """Build from what :func:`index_job` returns."""
        types: dict[str, set[str]] = collections.defaultdict(set)
        for e, t in rows["types"]:
            types[e].add(t[len(KG):] if t.startswith(KG) else t)
        aliases: dict[str, set[str]] = collections.defaultdict(set)
        for e, a in rows["aliases"]:
            aliases[e].add(a)
        scopes = dict(rows.get("scopes", ()))
        nodes: dict[str, Node] = {}
        for e, label, mentions in rows["entities"]:
            classes = types.get(e, set())
            top = next((t for t in ENTITY_TYPES if t in classes), "")
            sub = sorted(classes.difference(ENTITY_TYPES, {"Article"}))
            nodes[e] = Node(e, label, top, sub[0] if sub else "", int(mentions or 0),
                            tuple(sorted(aliases.get(e, set()) - {label})), scopes.get(e, ""))
        for post, label, holders in rows.get("posts", ()):
            nodes[post] = Node(post, label, "Post", "", int(holders or 0), (), "", "post")
        roles: dict[tuple, set[str]] = collections.defaultdict(set)
        for person, body, role in rows.get("roles", ()):
            roles[(person, body)].add(role)
        facts = [Fact(s, p, o, int(n), tuple(sorted(roles.get((s, o), ()))) if p == KG + "holdsPosition" else ())
                 for s, p, o, n in rows["facts"] if s in nodes and o in nodes]
        facts.sort(key=lambda f: (f.s, f.p, f.o))
        return cls(nodes, facts, version)

    # -- search -------------------------------------------------------------------------------

    def suggest(self, text: str, limit: int = SUGGESTIONS, kinds: tuple[str, ...] = ("entity", "post")) -> list[dict]:
        """The best matches for what was typed: the whole name first, then names that start
        with it, then a word that starts with it, then anywhere (three letters or more), then
        every word typed starting a word of the name; among equals the most mentioned first."""
        q = search_key(text)
        if not q:
            return []
        best: dict[int, tuple] = {}

        def consider(k: int, score: int) -> bool:
            key = self._keys[k]
            node = self._order[key.node]
            if node.kind not in kinds:
                return False
            rank = (score, key.how == "alias", -node.mentions, node.label, node.iri)
            new = key.node not in best
            if new or rank < best[key.node][0]:
                best[key.node] = (rank, key)
            return new

        for k in self._exact.get(q, ()):
            # a one-word alias ("Ngữ", "Hùng") is no better a match than a name starting with it
            consider(k, 0 if self._keys[k].how != "alias" or " " in q else 2)
        # All keys in one string, the most mentioned first: str.find scans in C, and the first
        # ``limit`` hits of a kind are its best. Under three letters, only where a word starts.
        blob, starts = self._blob, self._starts
        kinds_of_hit = [(1, "\n" + q), (2, " " + q)] + ([(3, q)] if len(q) >= 3 else [])
        for score, needle in kinds_of_hit:
            if len(best) >= limit:
                break
            found, skip = 0, len(needle) - len(q)
            at = blob.find(needle)
            while at >= 0 and found < limit:
                k = bisect.bisect_right(starts, at + skip) - 1
                if score < 3 or blob[at - 1] not in "\n ":
                    found += consider(k, score)
                at = blob.find(needle, at + 1)
        words = q.split()
        if len(best) < limit and len(words) > 1:
            longest = max(words, key=len)
            at = blob.find(longest)
            while at >= 0 and len(best) < limit:
                k = bisect.bisect_right(starts, at) - 1
                padded = " " + self._keys[k].key
                if all(f" {w}" in padded for w in words):
                    consider(k, 4)  # every word typed starts a word of the name, in any order
                at = blob.find(longest, starts[k + 1] if k + 1 < len(starts) else len(blob))
        out = []
        for _, key in sorted(best.values(), key=lambda rk: rk[0])[:limit]:
            node = self._order[key.node]
            hit = node.brief()
            if key.how == "alias":
                hit["matched"] = key.text
            hit["province"] = self.label_of(node.province) if node.province else ""
            out.append(hit)
        return out

    def label_of(self, iri: str) -> str:
        node = self.nodes.get(iri)
        return node.label if node else ""

    # -- the graph ----------------------------------------------------------------------------

    def degree(self, iri: str) -> int:
        return len(self._adjacent.get(iri, ()))

    def neighbours(self, iri: str, limit: int = 200, relations: set[str] | None = None,
                   types: set[str] | None = None) -> dict:
        """The entity, its facts and the entities at their other ends: the most mentioned
        ``limit`` of them when there are more (``total`` says how many)."""
        if iri not in self.nodes:
            raise KeyError(iri)
        others: dict[str, list[Fact]] = collections.defaultdict(list)
        for i in self._adjacent.get(iri, ()):
            f = self.facts[i]
            if relations and f.p[len(KG):] not in relations:
                continue
            other = f.o if f.s == iri else f.s
            if types and self.nodes[other].type not in types:
                continue
            others[other].append(f)
        ranked = sorted(others, key=lambda n: (-self.nodes[n].mentions - self.degree(n), n))
        kept = ranked[:limit]
        facts = [f for n in kept for f in others[n]]
        return {"center": iri, "nodes": [self.node_json(n) for n in [iri, *kept]],
                "edges": [f.as_json() for f in sorted(facts, key=lambda f: (f.s, f.p, f.o))],
                "total": len(ranked), "shown": len(kept)}

    def node_json(self, iri: str) -> dict:
        node = self.nodes[iri]
        out = node.brief()
        out["degree"] = self.degree(iri)
        return out

    def facts_between(self, iris: set[str]) -> list[dict]:
        """Every fact whose two ends are among ``iris``."""
        out = set()
        for iri in iris:
            for i in self._adjacent.get(iri, ()):
                f = self.facts[i]
                if f.s in iris and f.o in iris:
                    out.add(i)
        return [self.facts[i].as_json() for i in sorted(out)]

    def path(self, start: str, goal: str, max_paths: int = 1) -> list[list[str]]:
        """A shortest path between two entities over the facts, in either direction
        (breadth first; ties broken by IRI so the answer is the same every time)."""
        if start not in self.nodes or goal not in self.nodes:
            raise KeyError(start if start not in self.nodes else goal)
        if start == goal:
            return [[start]]
        parent: dict[str, str | None] = {start: None}
        frontier = [start]
        while frontier and goal not in parent:
            nxt = []
            for u in frontier:
                for v in sorted({self.facts[i].o if self.facts[i].s == u else self.facts[i].s
                                 for i in self._adjacent.get(u, ())}):
                    if v not in parent:
                        parent[v] = u
                        nxt.append(v)
            frontier = nxt
        if goal not in parent:
            return []
        out, node = [], goal
        while node is not None:
            out.append(node)
            node = parent[node]
        return [out[::-1]][:max_paths]


class Indexes:
    """The :class:`GraphIndex` of the version the pool answers from, rebuilt when it moves on.

    ``load(version)`` is given a version name and returns the index (it runs
    :func:`index_job` in the pool); :meth:`current` returns what is there and, when
    the version changed, starts reading the new one in a thread (the old index
    answers meanwhile)."""

    def __init__(self, load, version_of):
        self._load = load
        self._version_of = version_of
        self._index: GraphIndex | None = None
        self._loading: str | None = None
        self._lock = threading.Lock()
        self._ready = threading.Event()
        self.error: str | None = None

    def refresh(self, wait: bool = False) -> None:
        version = self._version_of()
        with self._lock:
            if (self._index is not None and self._index.version == version) or self._loading == version:
                start = False
            else:
                self._loading, start = version, True
        if start:
            thread = threading.Thread(target=self._read, args=(version,), name="kg-index", daemon=True)
            thread.start()
            if wait:
                thread.join()

    def _read(self, version: str | None) -> None:
        try:
            index = self._load(version)
            index.version = version
            with self._lock:
                self._index, self.error = index, None
        except Exception as exc:  # noqa: BLE001 - kept and reported by the routes that need it
            with self._lock:
                self.error = f"the search index could not be read: {exc}"
        finally:
            with self._lock:
                if self._loading == version:
                    self._loading = None
            self._ready.set()

    def current(self, timeout: float = 60.0) -> GraphIndex | None:
        """The index (waiting for the first one up to ``timeout`` s); None if it could not be read."""
        self.refresh()
        self._ready.wait(timeout)
        with self._lock:
            return self._index


# -- the job that reads it, run in a query worker -------------------------------------------------

_PREFIXES = f"""PREFIX kg: <{KG}>
PREFIX org: <{ORG}>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#>
PREFIX itsrdf: <http://www.w3.org/2005/11/its/rdf#>
"""
_ENTITIES = "SELECT ?e ?l ?n WHERE { GRAPH <https://w3id.org/vnkg/graph/entities> { ?e skos:prefLabel ?l ; kg:mentionCount ?n } }"
_TYPES = "SELECT ?e ?t WHERE { GRAPH <https://w3id.org/vnkg/graph/entities> { ?e a ?t } }"
_ALIASES = "SELECT ?e ?a WHERE { GRAPH <https://w3id.org/vnkg/graph/entities> { ?e skos:altLabel ?a } }"
# A store without the entity index (written before it existed): the sentence graphs' labels.
_ENTITIES_OLD = """SELECT ?e (MIN(?label) AS ?l) (COUNT(DISTINCT ?m) AS ?n) WHERE {
  VALUES ?t { kg:Organization kg:Person kg:Document kg:Campaign kg:Event kg:Place }
  ?e a ?t ; rdfs:label ?label . OPTIONAL { ?m itsrdf:taIdentRef ?e } } GROUP BY ?e"""
_TYPES_OLD = "SELECT DISTINCT ?e ?t WHERE { ?e rdfs:label ?l ; a ?t FILTER(STRSTARTS(STR(?t), STR(kg:))) }"
_ALIASES_OLD = "SELECT DISTINCT ?e ?a WHERE { ?e skos:altLabel ?a }"
_SCOPES = "SELECT DISTINCT ?e ?s WHERE { ?e kg:scope ?s }"
_POSTS = "SELECT DISTINCT ?post ?l WHERE { ?post a org:Post ; rdfs:label ?l }"
# Counted on its own: joined to the labels under OPTIONAL it takes a thousand times longer.
_HOLDERS = "SELECT ?post (COUNT(DISTINCT ?m) AS ?n) WHERE { ?m kg:post ?post } GROUP BY ?post"
_FACTS = """SELECT ?s ?p ?o (COUNT(DISTINCT ?g) AS ?n) WHERE {{
  VALUES ?p {{ {relations} }} GRAPH ?g {{ ?s ?p ?o }} FILTER(isIRI(?o)) }} GROUP BY ?s ?p ?o"""
_ROLES = "SELECT DISTINCT ?s ?o ?r WHERE { ?m a org:Membership ; org:member ?s ; org:organization ?o ; kg:roleLabel ?r }"


def _values(kg, query: str) -> list[tuple]:
    return [tuple(None if t is None else t.value for t in row) for row in kg.raw(_PREFIXES + query)]


def _posts(kg) -> list[tuple]:
    holders = dict(_values(kg, _HOLDERS))
    labels: dict[str, str] = {}
    for post, label in _values(kg, _POSTS):
        labels[post] = min(label, labels.get(post, label))
    return [(post, label, holders.get(post, 0)) for post, label in sorted(labels.items())]


def index_job(ctx) -> dict:
    """A job: the rows :meth:`GraphIndex.from_rows` builds the index from."""
    kg = ctx.kg
    entities = _values(kg, _ENTITIES)
    if entities:
        types, aliases = _values(kg, _TYPES), _values(kg, _ALIASES)
    else:
        entities, types, aliases = _values(kg, _ENTITIES_OLD), _values(kg, _TYPES_OLD), _values(kg, _ALIASES_OLD)
    relations = " ".join(f"<{p}>" for p in RELATIONS)
    return {"entities": entities, "types": types, "aliases": aliases, "scopes": _values(kg, _SCOPES),
            "posts": _posts(kg), "facts": _values(kg, _FACTS.format(relations=relations)),
            "roles": _values(kg, _ROLES)}


P = "https://w3id.org/vnkg/id/person/binh-dinh/ho-quoc-dung"
T = "https://w3id.org/vnkg/id/org/binh-dinh/tinh-uy"
#: Rows for the doctests: a person, the provincial committee, and the post.
EXAMPLE_ROWS = {
    "entities": [(P, "Hồ Quốc Dũng", "3"), (T, "Tỉnh ủy Bình Định", "9")],
    "types": [(P, KG + "Person"), (T, KG + "Organization"), (T, KG + "PartyCommittee")],
    "aliases": [(T, "Tỉnh uỷ")],
    "posts": [("https://w3id.org/vnkg/id/post/bi-thu/org/binh-dinh/tinh-uy", "Bí thư Tỉnh ủy Bình Định", "1")],
    "facts": [(P, KG + "holdsPosition", T, "2")],
    "roles": [(P, T, "Bí thư")],
}
