"""People across articles: how well a build merges and keeps apart the people it names.

The gold is ``annotations/people.json`` (``kg-people/1``, docs/gold-format.md,
"People across articles"): every Person entity of the annotated corpus, as
(file, entity id), in the cluster of the real person it is, and pairs of
clusters a reader could not decide (``unsure``), which are not scored.

Each gold entity is tied to the build's person entity **by offsets**: every
occurrence of its mentions (the ``spans`` of its annotation file, character
offsets into the NFC text) votes for the IRI of the build's Person mention at
the same offsets, or, when there is none, of the Person mention overlapping it
the most ("Nguyễn Văn Thiện Chiều" for "Nguyễn Văn Thiện"); the IRI with most
votes (then most votes of required mentions, then the first) is the entity's.
Gold entities that no Person mention of the build covers are *missed*: counted
and listed, left out of the measures (they are the recogniser's errors, which
``kg eval --split`` scores). Over the aligned entities, the build's IRIs are one
clustering and the gold people the other; the standard measures are

* **pairwise** precision, recall and F1 of "same person" links: over every pair
  of aligned entities, a true positive when both are one person in the gold and
  one IRI in the build, a false positive (a *wrong merge*) when one IRI but two
  people, a false negative (a *wrong split*) when one person but two IRIs;
* **B-cubed** (Bagga and Baldwin 1998): per aligned entity, precision = the
  share of the entities of its IRI that are its person, recall = the share of
  its person's entities that have its IRI; each averaged over the entities.

A pair of entities whose clusters are marked ``unsure`` counts in neither. The
scores are given overall (``all``: every pair of the articles scored, also
across splits) and per split (``train``, ``dev``, ``test``: pairs within it).

    kg eval --people                      # build the annotated articles in process, score
    kg eval --people --split dev          # only the dev articles (built on their own)
    kg eval --people --graph out/graph.trig

>>> gold = parse_people({"format": "kg-people/1", "clusters": [
...     {"id": "p1", "name": "Nguyễn Văn Hùng", "members": [{"file": "a.txt", "id": "e1", "split": "dev"},
...                                                      {"file": "b.txt", "id": "e2", "split": "dev"}]},
...     {"id": "p2", "name": "Nguyễn Văn Hùng", "members": [{"file": "c.txt", "id": "e1", "split": "dev"}]}]})
>>> hung = lambda f, i: GoldPerson(f, i, ("Nguyễn Văn Hùng",), spans=((0, 15, False),))
>>> entities = {(f, i): hung(f, i) for f, i in (("a.txt", "e1"), ("b.txt", "e2"), ("c.txt", "e1"))}
>>> system = {f: [SysSpan(0, 15, "kgid:person/kon-tum/hung")] for f in ("a.txt", "b.txt", "c.txt")}
>>> part = score_people(gold, system, entities).parts["all"]
>>> part.pairwise, round(part.bcubed_precision, 3), part.bcubed_recall
(Score(tp=1, fp=2, fn=0), 0.556, 1.0)
>>> [(p["id"], p["files"]) for p in part.wrong_merges[0]["people"]]
[('p1', ['a.txt', 'b.txt']), ('p2', ['c.txt'])]
"""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from graph.errors import EvalError, Errors
from graph.evaluate.scoring import GoldDocument, Score, match_articles
from graph.model import ArticleResult
from graph.rdf.iris import ID, TYPE_SEGMENT
from graph.text import norm_key

__all__ = ["PEOPLE", "PEOPLE_FORMAT", "GoldPerson", "Member", "PeopleGold", "PeoplePart", "PeopleReport",
           "SysSpan", "align", "annotated_files", "build_results", "check_people", "evaluate_people",
           "load_people", "parse_people", "people_from_graph", "people_from_results", "person_entities",
           "score_people", "score_pipeline_people", "validate_people"]

PEOPLE_FORMAT = "kg-people/1"
#: The project's gold of people across articles.
PEOPLE = Path(__file__).resolve().parents[2] / "annotations" / "people.json"
SPLITS = ("train", "dev", "test")
_PERSON = f"{ID}{TYPE_SEGMENT['Person']}/"
#: how many wrong merges and splits the report lists without ``--verbose``
WORST = 10


class SysSpan(NamedTuple):
    """One Person mention of the build: its offsets in the article and its entity."""

    start: int
    end: int
    iri: str
    text: str = ""


#: per file: the build's Person mentions
SysPeople = dict[str, list[SysSpan]]


# ------------------------------------------------------------------------------ the gold


@dataclass(frozen=True)
class Member:
    """One annotated entity: its article, its id there, the article's split."""

    file: str
    id: str
    split: str | None = None


@dataclass(frozen=True)
class GoldPerson:
    """A Person entity of an annotation file: its mention strings and their occurrences
    (start, end, optional) in the article's NFC text."""

    file: str
    id: str
    mentions: tuple[str, ...]
    optional: tuple[str, ...] = ()
    spans: tuple[tuple[int, int, bool], ...] = ()

    @property
    def name(self) -> str:
        """The fullest required name (else optional, else the id).

        >>> GoldPerson("a.txt", "e1", ("Hùng", "Nguyễn Văn Hùng")).name
        'Nguyễn Văn Hùng'
        """
        names = self.mentions or self.optional
        return max(names, key=lambda t: (len(t.split()), len(t))) if names else self.id


@dataclass
class PeopleGold:
    """Clusters of members that are one person; pairs of clusters not scored."""

    clusters: dict[str, list[Member]]
    names: dict[str, str] = field(default_factory=dict)
    unsure: set[frozenset[str]] = field(default_factory=set)

    @property
    def members(self) -> dict[Member, str]:
        """Member -> its cluster id."""
        return {m: cid for cid, ms in self.clusters.items() for m in ms}

    @property
    def files(self) -> list[str]:
        return sorted({m.file for ms in self.clusters.values() for m in ms})

    def restrict(self, split: str | None = None, files: Iterable[str] | None = None) -> PeopleGold:
        """The gold of one split (or of some files): members elsewhere left out.

        >>> g = PeopleGold({"p1": [Member("a.txt", "e1", "dev"), Member("b.txt", "e1", "test")]})
        >>> g.restrict("dev").clusters
        {'p1': [Member(file='a.txt', id='e1', split='dev')]}
        """
        wanted = set(files) if files is not None else None
        clusters = {}
        for cid, ms in self.clusters.items():
            kept = [m for m in ms if (split is None or m.split == split) and (wanted is None or m.file in wanted)]
            if kept:
                clusters[cid] = kept
        unsure = {pair for pair in self.unsure if pair <= clusters.keys()}
        return PeopleGold(clusters, {c: n for c, n in self.names.items() if c in clusters}, unsure)


def _malformed(source: str | Path, problems: list[str]) -> EvalError:
    """One error line naming the file: how many problems, then each, separated by "; "."""
    count = f"{len(problems)} problems: " if len(problems) > 1 else ""
    return EvalError(Errors.E501.format(path=source, reason=f"malformed people file: {count}" + "; ".join(problems)))


def parse_people(data: object, source: str = "<people>") -> PeopleGold:
    """Check a decoded ``kg-people/1`` object; every problem is listed in one
    :class:`EvalError` of one line that names the file.

    >>> parse_people({"format": "kg-people/1", "clusters": [{"id": "p1", "members": [
    ...     {"file": "a.txt", "id": "e1"}, {"file": "a.txt", "id": "e1"}]}],
    ...     "unsure": [{"clusters": ["p1", "p9"]}]}, "people.json")
    Traceback (most recent call last):
    graph.errors.EvalError: people.json: malformed people file: 2 problems: clusters[0] (p1): member a.txt#e1 appears twice; unsure[0]: 'p9' is not a cluster id [E501]
    >>> parse_people([], "people.json")
    Traceback (most recent call last):
    graph.errors.EvalError: people.json: malformed people file: not a JSON object [E501]
    """
    if not isinstance(data, dict):
        raise _malformed(source, ["not a JSON object"])
    problems: list[str] = []
    if data.get("format") != PEOPLE_FORMAT:
        problems.append(f"format is {data.get('format')!r}, expected {PEOPLE_FORMAT!r}")
    raw = data.get("clusters")
    if not isinstance(raw, list):
        problems.append("'clusters' must be a list")
        raw = []
    gold = PeopleGold({})
    seen: dict[tuple[str, str], str] = {}
    for i, c in enumerate(raw):
        cid = c.get("id") if isinstance(c, dict) else None
        where = f"clusters[{i}]" + (f" ({cid})" if isinstance(cid, str) and cid else "")
        if not isinstance(cid, str) or not cid or cid in gold.clusters:
            problems.append(f"{where}: 'id' must be a string unique in the file")
            continue
        members = c.get("members")
        if not isinstance(members, list) or not members:
            problems.append(f"{where}: 'members' must be a non-empty list")
            continue
        kept: list[Member] = []
        for m in members:
            if not (isinstance(m, dict) and isinstance(m.get("file"), str) and isinstance(m.get("id"), str)):
                problems.append(f"{where}: a member must be an object with 'file' and 'id' strings")
                continue
            key = (m["file"], m["id"])
            if key in seen:
                problems.append(f"{where}: member {key[0]}#{key[1]} appears "
                                + ("twice" if seen[key] == cid else f"in {seen[key]} too"))
                continue
            seen[key] = cid
            split = m.get("split")
            if split is not None and split not in SPLITS:
                problems.append(f"{where}: member {key[0]}#{key[1]}: split {split!r} is none of {', '.join(SPLITS)}")
            kept.append(Member(m["file"], m["id"], split if isinstance(split, str) else None))
        gold.clusters[cid] = kept
        gold.names[cid] = str(c.get("name") or "")
    unsure = data.get("unsure") or []
    if not isinstance(unsure, list):
        problems.append("'unsure' must be a list")
        unsure = []
    for i, u in enumerate(unsure):
        pair = u.get("clusters") if isinstance(u, dict) else None
        if not (isinstance(pair, list) and len(pair) == 2 and pair[0] != pair[1]):
            problems.append(f"unsure[{i}]: 'clusters' must be two different cluster ids")
            continue
        bad = [p for p in pair if p not in gold.clusters]
        for p in bad:
            problems.append(f"unsure[{i}]: {p!r} is not a cluster id")
        if not bad:
            gold.unsure.add(frozenset(pair))
    if problems:
        raise _malformed(source, problems)
    return gold


def load_people(path: str | Path | None = None) -> PeopleGold:
    """Read and check a people file.

    >>> load_people("/nonexistent/people.json")
    Traceback (most recent call last):
    graph.errors.EvalError: /nonexistent/people.json: no such people file [E501]
    """
    path = Path(path or PEOPLE)
    try:
        data = json.loads(path.read_text("utf-8"))
    except FileNotFoundError:
        raise EvalError(Errors.E501.format(path=path, reason="no such people file")) from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise EvalError(Errors.E501.format(path=path, reason=f"cannot read the people file: {exc}")) from None
    return parse_people(data, str(path))


def annotated_files(annotations: Path | None = None) -> list[str]:
    """Every article of ``annotations/politics`` and ``annotations/bulk`` (the first annotations).

    >>> len(annotated_files()) > 200
    True
    """
    from graph.evaluate.corpus import ANNOTATIONS

    root = annotations or ANNOTATIONS
    return sorted(p.name[: -len(".json")] for sub in ("politics", "bulk") for p in (root / sub).glob("*.json"))


def person_entities(files: Iterable[str], annotations: Path | None = None) -> dict[tuple[str, str], GoldPerson]:
    """The Person entities of the annotated articles, by (file, id), read from the stand-off
    annotations (no texts needed): mentions, optional strings and the offsets of each.

    >>> ents = person_entities(["pol_000_tnt305_thuvi_b87d2ae9.txt", "no_such.txt"])
    >>> lam = ents[("pol_000_tnt305_thuvi_b87d2ae9.txt", "e4")]
    >>> lam.mentions, len(lam.spans) > 0
    (('Tô Lâm',), True)
    """
    from graph.evaluate.corpus import ANNOTATIONS, _corpus_of

    root = annotations or ANNOTATIONS
    out: dict[tuple[str, str], GoldPerson] = {}
    for file in files:
        path = root / _corpus_of(file) / f"{file}.json"
        if not path.is_file():
            continue
        ann = json.loads(path.read_text("utf-8"))
        spans: dict[str, list[tuple[int, int, bool]]] = defaultdict(list)
        for s in ann.get("spans", []):
            spans[s[2]].append((s[0], s[1], bool(s[3]) if len(s) > 3 else False))
        for e in ann["entities"]:
            if e["type"] == "Person":
                out[(file, e["id"])] = GoldPerson(file, e["id"], tuple(e["mentions"]), tuple(e.get("optional", [])),
                                                  tuple(sorted(spans[e["id"]])))
    return out


def check_people(gold: PeopleGold, entities: dict[tuple[str, str], GoldPerson],
                 splits: dict[str, str] | None = None) -> list[str]:
    """Where the people file and the annotations disagree: members that are no Person
    entity, Person entities with a required mention that no cluster holds, wrong splits,
    two entities of one article in one cluster.

    >>> g = PeopleGold({"p1": [Member("a.txt", "e1", "test"), Member("b.txt", "e7", "dev")]})
    >>> check_people(g, {("a.txt", "e1"): GoldPerson("a.txt", "e1", ("Lan",)),
    ...                  ("a.txt", "e2"): GoldPerson("a.txt", "e2", ("Hùng",))}, {"a.txt": "test", "b.txt": "test"})
    ['p1: b.txt#e7 is in b.txt, whose split is test, not dev', 'p1: b.txt#e7 is no Person entity of the annotations', 'a.txt#e2 (Hùng) is in no cluster']
    """
    problems = []
    for cid, ms in gold.clusters.items():
        for m in ms:
            if splits is not None and splits.get(m.file) != m.split:
                problems.append(f"{cid}: {m.file}#{m.id} is in {m.file}, whose split is "
                                f"{splits.get(m.file)}, not {m.split}")
            if (m.file, m.id) not in entities:
                problems.append(f"{cid}: {m.file}#{m.id} is no Person entity of the annotations")
        if len({m.file for m in ms}) < len(ms):
            problems.append(f"{cid}: two entities of one article (one person is one entity per article)")
    keys = {(m.file, m.id) for m in gold.members}
    for (file, eid), ent in sorted(entities.items()):
        if ent.mentions and (file, eid) not in keys:
            problems.append(f"{file}#{eid} ({ent.name}) is in no cluster")
    return problems


def _split_table(annotations: Path) -> dict[str, list[str]]:
    path = annotations / "split.json"
    return json.loads(path.read_text("utf-8")) if path.is_file() else {}


def validate_people(people: Path | None = None, annotations: Path | None = None) -> list[str]:
    """The whole people file against every annotation file: its format (an
    :class:`EvalError` when malformed), then :func:`check_people` over all the
    Person entities of ``politics/`` and ``bulk/``; [] when they agree.

    >>> validate_people()
    []
    """
    from graph.evaluate.corpus import ANNOTATIONS

    root = annotations or ANNOTATIONS
    gold = load_people(people)
    table = _split_table(root)
    splits = {f: s for s in SPLITS for f in table.get(s, [])} if table else None
    return check_people(gold, person_entities(annotated_files(root), root), splits)


# --------------------------------------------------------------------------- the system


def people_from_results(results: dict[str, ArticleResult]) -> SysPeople:
    """Per file, the Person mentions of the articles' results with their entities.

    >>> from graph.model import Article, Mention
    >>> art = Article("a", "Ông Hùng.", "", None, None)
    >>> r = ArticleResult(art, [], [Mention(4, 8, "Hùng", "Person", "x", None, 0, entity="kgid:p/hung")])
    >>> people_from_results({"a.txt": r})
    {'a.txt': [SysSpan(start=4, end=8, iri='kgid:p/hung', text='Hùng')]}
    """
    return {file: sorted(SysSpan(m.start, m.end, m.entity, m.text) for m in result.mentions
                         if m.type == "Person" and m.entity)
            for file, result in results.items()}


_Q_PERSONS = """
PREFIX nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#>
PREFIX itsrdf: <http://www.w3.org/2005/11/its/rdf#>
SELECT ?a ?p ?begin ?end ?text ?ent WHERE {
  %s
  ?p a nif:Phrase ; nif:referenceContext ?a ; itsrdf:taIdentRef ?ent .
  FILTER(STRSTARTS(STR(?ent), "%s"))
  OPTIONAL { ?p nif:beginIndex ?begin }
  OPTIONAL { ?p nif:endIndex ?end }
  OPTIONAL { ?p nif:anchorOf ?text }
}"""
_CHAR = re.compile(r"#char=(\d+),(\d+)$")


def people_from_graph(graph: str | Path | object, files: Iterable[str]) -> tuple[SysPeople, list[str]]:
    """Per gold file, the Person mentions (phrases whose entity is under ``kgid:person/``)
    of its article in a built graph (a file the loader reads, or a pyoxigraph store), with
    their offsets (``nif:beginIndex``/``nif:endIndex``, else the phrase's ``#char=``), and
    warnings for files with no article.

    >>> import pyoxigraph as ox
    >>> store = ox.Store()
    >>> store.load(input='''
    ... @prefix nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#> .
    ... @prefix itsrdf: <http://www.w3.org/2005/11/its/rdf#> .
    ... <http://x/a> a nif:Context ; nif:sourceUrl <file:///in/a.txt> .
    ... <http://x/a#char=4,8> a nif:Phrase ; nif:referenceContext <http://x/a> ; nif:anchorOf "Hùng" ;
    ...    itsrdf:taIdentRef <https://w3id.org/vnkg/id/person/kon-tum/hung-1a2b3c> .
    ... ''', format=ox.RdfFormat.TURTLE)
    >>> people_from_graph(store, ["a.txt", "b.txt"])
    ({'a.txt': [SysSpan(start=4, end=8, iri='https://w3id.org/vnkg/id/person/kon-tum/hung-1a2b3c', text='Hùng')]}, ['b.txt: no article in the graph'])
    """
    from graph.evaluate.scoring import load_graph, read_articles

    store = graph if hasattr(graph, "query") else load_graph(graph)  # type: ignore[arg-type]
    docs = [GoldDocument(f, {}, []) for f in files]
    by_file, _ = match_articles(docs, read_articles(store, only=()))
    wanted = {art.iri: file for file, art in by_file.items() if art is not None}
    out: SysPeople = {file: [] for file in wanted.values()}
    if wanted:
        values = "VALUES ?a { %s }" % " ".join(f"<{iri}>" for iri in sorted(wanted))
        for row in store.query(_Q_PERSONS % (values, _PERSON), use_default_graph_as_union=True):  # type: ignore[attr-defined]
            if row["begin"] is not None and row["end"] is not None:
                start, end = int(row["begin"].value), int(row["end"].value)
            else:
                found = _CHAR.search(row["p"].value)
                if not found:
                    continue
                start, end = int(found[1]), int(found[2])
            text = row["text"].value if row["text"] is not None else ""
            out[wanted[row["a"].value]].append(SysSpan(start, end, row["ent"].value, text))
    for spans in out.values():
        spans.sort()
    warnings = [f"{file}: no article in the graph" for file, art in by_file.items() if art is None]
    return out, warnings


def align(entity: GoldPerson, mentions: list[SysSpan]) -> str | None:
    """The build's person entity a gold entity is, by offsets: each occurrence of the
    entity votes for the IRI of the build's Person mention at the same offsets, else of
    the one overlapping it most; the most votes win, then the most votes of required
    mentions, then the earliest. None when no Person mention covers any occurrence.

    >>> ent = GoldPerson("a.txt", "e1", ("Nguyễn Văn Hùng", "Hùng"), spans=((0, 15, False), (40, 44, False)))
    >>> align(ent, [SysSpan(0, 15, "y"), SysSpan(40, 44, "x"), SysSpan(60, 63, "z")])
    'y'
    >>> align(ent, [SysSpan(0, 22, "y2", "Nguyễn Văn Hùng Chiều")])
    'y2'
    >>> align(ent, [SysSpan(60, 63, "z")]) is None
    True
    """
    votes: Counter[str] = Counter()
    required: Counter[str] = Counter()
    first: dict[str, int] = {}
    for start, end, optional in entity.spans:
        exact = [m for m in mentions if m.start == start and m.end == end]
        near = exact or [m for m in mentions if m.start < end and start < m.end]
        if not near:
            continue
        best = max(near, key=lambda m: (min(end, m.end) - max(start, m.start), -m.start))
        votes[best.iri] += 1
        required[best.iri] += not optional
        first.setdefault(best.iri, start)
    if not votes:
        return None
    return max(votes, key=lambda iri: (votes[iri], required[iri], -first[iri], iri))


# ------------------------------------------------------------------------------ scoring


@dataclass
class PeoplePart:
    """The scores of one set of gold entities (all, or one split), with its errors, the
    worst first (by the number of wrong pairs each causes)."""

    entities: int = 0  # gold entities
    aligned: int = 0
    people: int = 0  # gold clusters with an aligned entity
    pairwise: Score = field(default_factory=Score)
    bcubed_precision: float = 0.0
    bcubed_recall: float = 0.0
    wrong_merges: list[dict] = field(default_factory=list)  # {"iri", "pairs", "people": [{"id", "name", "files"}]}
    wrong_splits: list[dict] = field(default_factory=list)  # {"id", "name", "pairs", "parts": [{"iri", "files"}]}
    missed: list[tuple[str, str, str]] = field(default_factory=list)  # (file, id, name)

    @property
    def bcubed_f1(self) -> float:
        p, r = self.bcubed_precision, self.bcubed_recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_json(self) -> dict:
        return {"entities": self.entities, "aligned": self.aligned, "people": self.people,
                "pairwise": self.pairwise.to_json(),
                "bcubed": {"precision": self.bcubed_precision, "recall": self.bcubed_recall, "f1": self.bcubed_f1},
                "wrong_merges": self.wrong_merges, "wrong_splits": self.wrong_splits,
                "missed": [{"file": f, "id": i, "name": n} for f, i, n in self.missed]}


def _c2(n: int) -> int:
    return n * (n - 1) // 2


def _score_part(gold: PeopleGold, system: SysPeople, entities: dict[tuple[str, str], GoldPerson],
                iris: dict[tuple[str, str], str | None]) -> PeoplePart:
    part = PeoplePart()
    items: list[tuple[Member, str, str]] = []  # (member, gold cluster, system IRI)
    for cid, ms in gold.clusters.items():
        for m in ms:
            part.entities += 1
            ent = entities.get((m.file, m.id))
            key = (m.file, m.id)
            if key not in iris:
                iris[key] = align(ent, system.get(m.file, [])) if ent else None
            iri = iris[key]
            if iri is None:
                part.missed.append((m.file, m.id, ent.name if ent else m.id))
            else:
                items.append((m, cid, iri))
    part.aligned = len(items)
    n_gs: Counter[tuple[str, str]] = Counter((g, s) for _, g, s in items)
    n_g: Counter[str] = Counter(g for _, g, _ in items)
    n_s: Counter[str] = Counter(s for _, _, s in items)
    part.people = len(n_g)
    unsure_of: dict[str, set[str]] = defaultdict(set)
    for pair in gold.unsure:
        a, b = sorted(pair)
        unsure_of[a].add(b)
        unsure_of[b].add(a)
    by_s: dict[str, set[str]] = defaultdict(set)
    by_g: dict[str, set[str]] = defaultdict(set)
    for g, s in n_gs:
        by_s[s].add(g)
        by_g[g].add(s)
    tp = sum(_c2(n) for n in n_gs.values())
    ignored = sum(n_gs[(a, s)] * n_gs[(b, s)] for s, gs in by_s.items() for a in gs for b in unsure_of[a]
                  if a < b and b in gs)
    part.pairwise = Score(tp, sum(_c2(n) for n in n_s.values()) - tp - ignored,
                          sum(_c2(n) for n in n_g.values()) - tp)
    if items:
        precision = recall = 0.0
        for _, g, s in items:
            inter = n_gs[(g, s)]
            precision += inter / (n_s[s] - sum(n_gs[(b, s)] for b in unsure_of[g]))
            recall += inter / n_g[g]
        part.bcubed_precision, part.bcubed_recall = precision / len(items), recall / len(items)
    files: dict[tuple[str, str], list[str]] = defaultdict(list)
    for m, g, s in items:
        files[(g, s)].append(m.file)
    for s, gs_ in by_s.items():
        gs = sorted(gs_)
        wrong = sum(n_gs[(a, s)] * n_gs[(b, s)] for i, a in enumerate(gs) for b in gs[i + 1:]
                    if b not in unsure_of[a])
        if wrong:
            part.wrong_merges.append({"iri": s, "pairs": wrong, "people": [
                {"id": g, "name": gold.names.get(g, ""), "files": sorted(files[(g, s)])} for g in gs]})
    for g, ss_ in by_g.items():
        ss = sorted(ss_)
        if len(ss) > 1:
            wrong = sum(n_gs[(g, a)] * n_gs[(g, b)] for i, a in enumerate(ss) for b in ss[i + 1:])
            part.wrong_splits.append({"id": g, "name": gold.names.get(g, ""), "pairs": wrong, "parts": [
                {"iri": s, "files": sorted(files[(g, s)])} for s in ss]})
    part.wrong_merges.sort(key=lambda w: (-w["pairs"], w["iri"]))
    part.wrong_splits.sort(key=lambda w: (-w["pairs"], w["id"]))
    part.missed.sort()
    return part


@dataclass
class PeopleReport:
    """Scores overall (``"all"``) and per split, with the errors of each."""

    people: Path
    graph: str
    parts: dict[str, PeoplePart]
    unsure: int = 0
    warnings: list[str] = field(default_factory=list)

    def to_json(self) -> dict:
        return {name: part.to_json() for name, part in self.parts.items()}

    def format_table(self) -> str:
        """The figures, one row per set of entities.

        >>> print(PeopleReport(Path("people.json"), "pipeline", {"all": PeoplePart(4, 3, 2, Score(1, 1, 0),
        ...       0.75, 1.0, missed=[("a.txt", "e2", "Lan")])}).format_table())
        people: people.json
        graph:  pipeline
        <BLANKLINE>
                 entities aligned people |  pairwise  P      R     F1   tp   fp   fn |   B-cubed  P      R     F1 | merges splits
        all             4       3      2 |        0.500  1.000  0.667    1    1    0 |        0.750  1.000  0.857 |      0      0
        (gold entities the build has no person mention for are left out: 1 of 4; pairs of 0 unsure decisions not scored)
        """
        lines = [f"people: {self.people}", f"graph:  {self.graph}", "",
                 f"{'':<9}{'entities':>8}{'aligned':>8}{'people':>7} | {'pairwise  P':>12}{'R':>7}{'F1':>7}"
                 f"{'tp':>5}{'fp':>5}{'fn':>5} | {'B-cubed  P':>12}{'R':>7}{'F1':>7} | {'merges':>6}{'splits':>7}"]
        for name, p in self.parts.items():
            s = p.pairwise
            lines.append(f"{name:<9}{p.entities:>8}{p.aligned:>8}{p.people:>7} | {s.precision:>12.3f}"
                         f"{s.recall:>7.3f}{s.f1:>7.3f}{s.tp:>5}{s.fp:>5}{s.fn:>5} | {p.bcubed_precision:>12.3f}"
                         f"{p.bcubed_recall:>7.3f}{p.bcubed_f1:>7.3f} | {len(p.wrong_merges):>6}"
                         f"{len(p.wrong_splits):>7}")
        total = self.parts.get("all") or next(iter(self.parts.values()), PeoplePart())
        lines.append(f"(gold entities the build has no person mention for are left out: {len(total.missed)} of "
                     f"{total.entities}; pairs of {self.unsure} unsure decisions not scored)")
        return "\n".join(lines)

    def format_details(self, limit: int | None = WORST) -> str:
        """The wrong merges and wrong splits of the first part (``all``, or the split
        scored), the worst first, at most ``limit`` of each (None: all, and the missed).

        >>> part = PeoplePart(wrong_splits=[{"id": "p1", "name": "Lan", "pairs": 1, "parts": [
        ...     {"iri": "kgid:person/a-x/lan", "files": ["x.txt"]}, {"iri": "kgid:person/a-y/lan", "files": ["y.txt"]}]}])
        >>> print(PeopleReport(Path("people.json"), "pipeline", {"all": part}).format_details())
        wrong merges (0): one entity of the build, several people of the gold
        wrong splits (1): one person of the gold, several entities of the build
          p1 Lan (1 pair)
            <kgid:person/a-x/lan>: x.txt
            <kgid:person/a-y/lan>: y.txt
        """
        part = next(iter(self.parts.values()), PeoplePart())
        shown = lambda errors: errors if limit is None else errors[:limit]  # noqa: E731
        more = lambda errors: ([f"  … {len(errors) - limit} more (--verbose lists them)"]  # noqa: E731
                               if limit is not None and len(errors) > limit else [])
        pairs = lambda n: f"{n} pair" + ("s" if n != 1 else "")  # noqa: E731
        out = [f"wrong merges ({len(part.wrong_merges)}): one entity of the build, several people of the gold"]
        for w in shown(part.wrong_merges):
            out.append(f"  <{w['iri']}> ({pairs(w['pairs'])})")
            out += [f"    {p['id']} {p['name']}: {', '.join(p['files'])}" for p in w["people"]]
        out += more(part.wrong_merges)
        out.append(f"wrong splits ({len(part.wrong_splits)}): one person of the gold, several entities of the build")
        for w in shown(part.wrong_splits):
            out.append(f"  {w['id']} {w['name']} ({pairs(w['pairs'])})")
            out += [f"    <{p['iri']}>: {', '.join(p['files'])}" for p in w["parts"]]
        out += more(part.wrong_splits)
        if limit is None:
            out.append(f"missed ({len(part.missed)}): gold entities with no person mention in the build")
            out += [f"  {file}#{eid} {name}" for file, eid, name in part.missed]
        return "\n".join(out)


def score_people(gold: PeopleGold, system: SysPeople, entities: dict[tuple[str, str], GoldPerson],
                 people: Path | None = None, graph: str = "", splits: Iterable[str] = SPLITS,
                 name: str = "all") -> PeopleReport:
    """Score a build's person entities against the gold: all of it (as ``name``), then each
    of ``splits`` that has gold entities on its own. See the module doctest."""
    iris: dict[tuple[str, str], str | None] = {}
    parts = {name: _score_part(gold, system, entities, iris)}
    for split in splits:
        sub = gold.restrict(split)
        if sub.clusters:
            parts[split] = _score_part(sub, system, entities, iris)
    return PeopleReport(people or PEOPLE, graph, parts, len(gold.unsure))


# ------------------------------------------------------------------------ the build


def build_results(paths: Iterable[Path], *, learned: bool | None = None) -> dict[str, ArticleResult]:
    """The articles built in this process as ``kg build`` builds them, steps across articles
    included: each analysed (``kg eval --split`` does the same), the names some article
    gives a national title passed to all, then namesakes with conflicting posts kept apart
    until nothing changes. Keyed by file name.

    >>> build_results([])
    {}
    """
    from graph.build.work import analyse_article, process
    from graph.evaluate.corpus import _analyse_with
    from graph.read.reader import read_article
    from graph.resolve.across import conflict_renames, national_names, summarise

    analysed = {}
    for path in paths:
        article = read_article(path, path.parent)
        analysed[path.name] = analyse_article(article) if learned is None else _analyse_with(article, learned)
    given = {norm_key(m.text) for a in analysed.values() for m in a.mentions if m.type == "Person" and m.national}
    works = {f: process(a, frozenset(given)) for f, a in analysed.items()}
    for _round in range(3):  # as the build's runner: until national names and renames are stable
        summaries = {f: summarise(w.result, w.entities, w.national, w.renames) for f, w in works.items()}
        final = national_names(summaries.values())
        renames = conflict_renames(summaries.values())
        again = [f for f, s in summaries.items()
                 if (final & s.person_keys) != s.national_used
                 or tuple(sorted(renames.get(s.key, {}).items())) != tuple(s.renames_used)]
        if not again:
            break
        for f in again:
            works[f] = process(analysed[f], final, renames.get(summaries[f].key))
    return {f: w.result for f, w in works.items()}


def _gold_for(people: Path | None, split: str | None, annotations: Path | None = None
              ) -> tuple[PeopleGold, dict[tuple[str, str], GoldPerson], list[str]]:
    from graph.evaluate.corpus import ANNOTATIONS

    people = people or PEOPLE
    root = annotations or ANNOTATIONS
    table = _split_table(root)
    gold = load_people(people)
    if split:
        if split not in SPLITS or split not in table:
            raise EvalError(Errors.E501.format(path=root / "split.json", reason=f"no split {split!r}"))
        gold = gold.restrict(files=table[split])
    entities = person_entities(gold.files, root)
    splits = {f: s for s in SPLITS for f in table.get(s, [])} if table else None
    problems = check_people(gold, entities, splits)
    return gold, entities, [f"{people}: {p}" for p in problems]


def score_pipeline_people(split: str | None = None, *, learned: bool | None = None,
                          people: Path | None = None) -> PeopleReport:
    """Build the annotated articles of a split (all of them without one) in this process,
    from the texts in ``../shared/corpus``, and score their people.

    >>> score_pipeline_people(people=Path("/nonexistent/people.json"))
    Traceback (most recent call last):
    graph.errors.EvalError: /nonexistent/people.json: no such people file [E501]
    """
    from graph.evaluate.corpus import text_path

    gold, entities, warnings = _gold_for(people, split)
    results = build_results([text_path(f) for f in gold.files], learned=learned)
    report = score_people(gold, people_from_results(results), entities, people,
                          f"pipeline ({len(results)} articles built in process"
                          + (", rules only)" if learned is False else ")"),
                          () if split else SPLITS, split or "all")
    report.warnings = warnings
    return report


def evaluate_people(graph: str | Path | object, people: Path | None = None, split: str | None = None,
                    annotations: Path | None = None) -> PeopleReport:
    """Score the people of a built graph (``.trig``, ``.nq``, …, or a store) against the gold;
    the entities' offsets are read from ``annotations`` (default: the project's).

    >>> import json, tempfile
    >>> root = Path(tempfile.mkdtemp())
    >>> (root / "politics").mkdir()
    >>> for f in ("pol_a.txt", "pol_b.txt"):
    ...     _ = (root / "politics" / f"{f}.json").write_text(json.dumps({"file": f, "entities": [
    ...         {"id": "e1", "type": "Person", "mentions": ["Nguyễn Văn Hùng"]}], "relations": [],
    ...         "spans": [[0, 15, "e1", 0]]}))
    >>> _ = (root / "people.json").write_text(json.dumps({"format": "kg-people/1", "clusters": [
    ...     {"id": "p1", "name": "Nguyễn Văn Hùng",
    ...      "members": [{"file": "pol_a.txt", "id": "e1"}, {"file": "pol_b.txt", "id": "e1"}]}]}))
    >>> _ = (root / "b.trig").write_text('''
    ... @prefix nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#> .
    ... @prefix itsrdf: <http://www.w3.org/2005/11/its/rdf#> .
    ... <http://x/a> a nif:Context ; nif:sourceUrl <file:///in/pol_a.txt> .
    ... <http://x/b> a nif:Context ; nif:sourceUrl <file:///in/pol_b.txt> .
    ... <http://x/a#char=0,15> a nif:Phrase ; nif:referenceContext <http://x/a> ; nif:anchorOf "Nguyễn Văn Hùng" ;
    ...    itsrdf:taIdentRef <https://w3id.org/vnkg/id/person/kon-tum/hung-1> .
    ... <http://x/b#char=0,15> a nif:Phrase ; nif:referenceContext <http://x/b> ; nif:anchorOf "Nguyễn Văn Hùng" ;
    ...    itsrdf:taIdentRef <https://w3id.org/vnkg/id/person/a-pol_b/hung-2> .
    ... ''')
    >>> report = evaluate_people(root / "b.trig", root / "people.json", annotations=root)
    >>> report.parts["all"].pairwise, [w["name"] for w in report.parts["all"].wrong_splits]
    (Score(tp=0, fp=0, fn=1), ['Nguyễn Văn Hùng'])
    """
    gold, entities, warnings = _gold_for(people, split, annotations)
    system, missing = people_from_graph(graph, gold.files)
    report = score_people(gold, system, entities, people, str(graph), () if split else SPLITS, split or "all")
    report.warnings = warnings + missing
    return report
