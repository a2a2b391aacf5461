"""The named queries (graph/query/queries/*.rq) answer what plain versions of them answer.

Each shipped query is written for speed on the bulk graph: the rows it shows are chosen
before anything is joined, names and counts come from the entity index graph, an article's
facts from its own graphs, each OPTIONAL starts with one pattern. Here each is compared, on
real builds, with a plain version of the same question: with their LIMITs removed both give
the same rows; with them, the query gives that many of those rows, in the plain version's
ORDER BY order (and, where it sorts before it limits, the first ones).
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest

from graph.query.api import named_queries, open as open_graph

ROOT = Path(__file__).resolve().parents[2]

PREFIXES = """PREFIX kg: <https://w3id.org/vnkg/ontology#>
PREFIX kgg: <https://w3id.org/vnkg/graph/>
PREFIX nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#>
PREFIX itsrdf: <http://www.w3.org/2005/11/its/rdf#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX schema: <https://schema.org/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""

#: The same questions asked plainly: no limits, no join order, names and counts from the entity index.
PLAIN = {
    "articles": """
SELECT ?article ?headline ?published ?source WHERE {
  ?article a kg:Article .
  OPTIONAL { ?article schema:headline ?headline }
  OPTIONAL { ?article schema:datePublished ?published }
  OPTIONAL { ?article kg:sourceName ?source }
} ORDER BY DESC(?published) ?article""",
    "article": """
SELECT ?article ?begin ?sentenceText ?subject ?predicate ?object WHERE {
  ?sentence a nif:Sentence ; nif:referenceContext ?article ; nif:beginIndex ?begin ; nif:anchorOf ?sentenceText .
  ?g prov:wasDerivedFrom ?sentence .
  GRAPH ?g { ?subject ?predicate ?object }
  FILTER(!isBlank(?subject))
  FILTER NOT EXISTS { GRAPH ?g { ?subject a kg:Assertion } }
} ORDER BY ?begin""",
    "documents": """
SELECT ?document ?number ?issuer ?issued ?implementedBy WHERE {
  { SELECT ?document (MIN(?n) AS ?number) (MIN(?date) AS ?issued) WHERE {
      ?document kg:documentNumber ?n . OPTIONAL { ?document kg:issuedOn ?date } } GROUP BY ?document }
  OPTIONAL { { SELECT ?document (MIN(?name) AS ?issuer) WHERE {
      ?document kg:issuedBy ?body . GRAPH kgg:entities { ?body skos:prefLabel ?name } } GROUP BY ?document } }
  OPTIONAL { { SELECT ?document (GROUP_CONCAT(DISTINCT ?name; separator=" | ") AS ?implementedBy) WHERE {
      GRAPH ?h { ?implementer kg:implements ?document }
      OPTIONAL { GRAPH ?h { ?implementer kg:issuedBy ?body } }
      GRAPH kgg:entities { ?who skos:prefLabel ?name }
      FILTER(?who = COALESCE(?body, ?implementer)) } GROUP BY ?document } }
} ORDER BY DESC(?issued) ?number""",
    "entities": """
SELECT ?type ?entity ?label ?mentions WHERE {
  GRAPH kgg:entities { ?entity a ?type ; kg:mentionCount ?mentions }
  OPTIONAL { GRAPH kgg:entities { ?entity skos:prefLabel ?label } }
} ORDER BY DESC(?mentions) ?entity""",
    "entity": """
SELECT ?entity ?direction ?predicate ?value ?sentenceText ?article ?headline WHERE {
  { GRAPH kgg:entities { ?entity ?predicate ?value } FILTER(?predicate != kg:labelOrder) BIND("->" AS ?direction) }
  UNION
  { GRAPH ?g { ?entity ?predicate ?value } FILTER(?predicate NOT IN (rdf:type, rdfs:label, skos:altLabel))
    ?g prov:wasDerivedFrom ?sentence . ?sentence a nif:Sentence ; nif:anchorOf ?sentenceText ; nif:referenceContext ?article .
    OPTIONAL { ?article schema:headline ?headline } BIND("->" AS ?direction) }
  UNION
  { GRAPH ?g { ?value ?predicate ?entity } FILTER(!isBlank(?value) && ?predicate NOT IN (rdf:subject, rdf:object))
    ?g prov:wasDerivedFrom ?sentence . ?sentence a nif:Sentence ; nif:anchorOf ?sentenceText ; nif:referenceContext ?article .
    OPTIONAL { ?article schema:headline ?headline } BIND("<-" AS ?direction) }
}""",
    "figures": """
SELECT ?body ?period ?measure ?value ?unit ?shareOfPlan ?sentenceText ?article WHERE {
  ?obs a kg:Figure ; schema:observationAbout ?body ; schema:variableMeasured ?measure ; schema:value ?value ;
       prov:wasDerivedFrom ?sentence .
  ?sentence a nif:Sentence ; nif:anchorOf ?sentenceText ; nif:referenceContext ?article .
  OPTIONAL { ?obs schema:unitText ?unit }
  OPTIONAL { ?obs kg:period ?period }
  OPTIONAL { ?obs kg:shareOfPlan ?shareOfPlan }
} ORDER BY ?body ?measure ?period""",
    "positions": """
SELECT ?person ?personName ?role ?org ?orgName ?asOf ?former ?article ?sentenceText WHERE {
  GRAPH ?g { ?membership a org:Membership ; org:member ?person ; org:organization ?org
    OPTIONAL { ?membership kg:roleLabel ?role } OPTIONAL { ?membership kg:asOf ?asOf }
    OPTIONAL { ?membership kg:former ?former } }
  ?g prov:wasDerivedFrom ?sentence .
  ?sentence a nif:Sentence ; nif:anchorOf ?sentenceText ; nif:referenceContext ?article .
  OPTIONAL { GRAPH kgg:entities { ?person skos:prefLabel ?personName } }
  OPTIONAL { GRAPH kgg:entities { ?org skos:prefLabel ?orgName } }
} ORDER BY DESC(?asOf) ?personName""",
    "provenance": """
SELECT ?subject ?predicate ?object ?sentenceText ?article ?published ?rule ?confidence WHERE {
  GRAPH ?g { ?subject ?predicate ?object }
  FILTER(?predicate NOT IN (rdf:type, rdfs:label) && !isBlank(?subject))
  FILTER NOT EXISTS { GRAPH ?g { ?subject a kg:Assertion } }
  ?g prov:wasDerivedFrom ?sentence .
  ?sentence a nif:Sentence ; nif:anchorOf ?sentenceText ; nif:referenceContext ?article .
  OPTIONAL { ?article schema:datePublished ?published }
  OPTIONAL { GRAPH ?g { ?assertion rdf:subject ?subject ; rdf:predicate ?predicate ; rdf:object ?object ;
                         kg:rule ?rule ; kg:confidence ?confidence } }
}""",
    "suborganizations": """
SELECT ?body ?bodyName ?sub ?subName ?direct WHERE {
  { SELECT DISTINCT ?body ?sub WHERE { ?sub kg:subOrganizationOf+ ?body } }
  BIND(EXISTS { ?sub kg:subOrganizationOf ?body } AS ?direct)
  OPTIONAL { GRAPH kgg:entities { ?body skos:prefLabel ?bodyName } }
  OPTIONAL { GRAPH kgg:entities { ?sub skos:prefLabel ?subName } }
} ORDER BY ?bodyName DESC(?direct) ?subName""",
}

#: The columns each query sorts on (its last ORDER BY).
ORDER = {"articles": ["published", "article"], "article": ["begin"], "documents": ["issued", "number"],
         "entities": ["mentions", "entity"], "figures": ["body", "measure", "period"],
         "positions": ["asOf", "personName"], "suborganizations": ["bodyName", "direct", "subName"]}
#: Queries that sort before they limit, and on how many leading ORDER BY columns (ties beyond
#: them may fall either side of the limit).
SORTED_FIRST = {"article": 1, "documents": 2, "entities": 1}

#: Limits stated in the data rather than the query, lifted with the LIMITs: the entity index
#: names only each class's 100 most mentioned (kg:mostMentioned; tests/emit/test_rdf.py checks which).
UNCUT = {"entities": [("?type kg:mostMentioned ?entity .", "?entity a ?type .")]}

#: Values of each parameter, read off the graph: the most mentioned, the most stated, a few others.
PICKS = {
    "entity": ["SELECT ?x WHERE { GRAPH kgg:entities { ?x a kg:Organization ; kg:mentionCount ?n } } ORDER BY DESC(?n) LIMIT 2",
               "SELECT ?x WHERE { GRAPH kgg:entities { ?x a kg:Person ; kg:mentionCount ?n } } ORDER BY DESC(?n) LIMIT 1",
               "SELECT ?x WHERE { GRAPH kgg:entities { ?x a kg:Place ; kg:mentionCount ?n } } ORDER BY DESC(?n) LIMIT 1",
               "SELECT ?x WHERE { GRAPH kgg:entities { ?x a kg:Document } } LIMIT 1"],
    "body": ["SELECT ?x WHERE { ?o schema:observationAbout ?x } GROUP BY ?x ORDER BY DESC(COUNT(?o)) LIMIT 2",
             "SELECT ?x WHERE { ?s kg:subOrganizationOf ?x } GROUP BY ?x ORDER BY DESC(COUNT(?s)) LIMIT 1"],
    "article": ["SELECT ?x WHERE { ?g prov:wasDerivedFrom/nif:referenceContext ?x } GROUP BY ?x ORDER BY DESC(COUNT(?g)) LIMIT 2"],
    "person": ["SELECT ?x WHERE { ?m org:member ?x } GROUP BY ?x ORDER BY DESC(COUNT(?m)) LIMIT 2"],
    "org": ["SELECT ?x WHERE { ?m org:organization ?x } GROUP BY ?x ORDER BY DESC(COUNT(?m)) LIMIT 1"],
    "document": ["SELECT DISTINCT ?x WHERE { ?x kg:issuedBy ?o ; kg:documentNumber ?n } LIMIT 2",
                 "SELECT DISTINCT ?x WHERE { ?i kg:implements ?x } LIMIT 1"],
    "subject": ["SELECT DISTINCT ?x WHERE { ?x kg:issuedBy ?o } LIMIT 1",
                "SELECT ?x WHERE { GRAPH kgg:entities { ?x a kg:Organization ; kg:mentionCount ?n } } ORDER BY DESC(?n) LIMIT 1"],
    "type": ["SELECT ?x WHERE { VALUES ?x { kg:Person kg:Document kg:Place kg:PartyCommittee } }"],
}


def picked_values(kg) -> dict[str, list]:
    """Parameter values from the graph itself (IRIs as strings)."""
    return {name: [r["x"] for q in queries for r in kg.query(PREFIXES + q)] for name, queries in PICKS.items()}


def cases(kg) -> list[tuple[str, dict]]:
    """(query, parameters): every compared query with its defaults, then with each picked value of each parameter."""
    picked = picked_values(kg)
    out = []
    for name in sorted(PLAIN):
        query = named_queries()[name]
        out.append((name, dict(query.defaults)))
        out += [(name, {**query.defaults, p: v}) for p in query.params for v in picked.get(p, [])]
    return out


def rows_of(kg, name: str, text: str, params: dict) -> tuple[list[str], list[tuple]]:
    """The columns and rows of a query; a list of names joined by " | " compared as a set."""
    rows = kg.query(text, params)

    def cell(column, value):
        if column == "implementedBy":
            return frozenset(v for v in (value or "").split(" | ") if v)
        return value

    return rows.variables, [tuple(cell(c, r[c]) for c in rows.variables) for r in rows]


def differences(kg, name: str, params: dict) -> list[str]:
    """How the named query's answer departs from the plain version's (nothing when they agree)."""
    text = named_queries()[name].text
    limit = max(int(n) for n in re.findall(r"\bLIMIT\s+(\d+)", text))  # the outermost is the largest
    columns, got = rows_of(kg, name, text, params)
    unlimited_text = re.sub(r"\bLIMIT\s+\d+", "", text)
    for cut, every in UNCUT.get(name, ()):
        assert cut in unlimited_text, (name, cut)
        unlimited_text = unlimited_text.replace(cut, every)
    _, unlimited = rows_of(kg, name, unlimited_text, params)
    plain_columns, want = rows_of(kg, name, PREFIXES + PLAIN[name], params)
    if plain_columns != columns:
        return [f"columns {columns}, the plain version's {plain_columns}"]
    problems = []
    extra, missing = Counter(unlimited) - Counter(want), Counter(want) - Counter(unlimited)
    if extra or missing:
        problems.append(f"without limits {sum(extra.values())} rows more and {sum(missing.values())} fewer than"
                        f" the plain version, e.g. {(list(extra) + list(missing))[:1]}")
    if len(got) != min(limit, len(want)):
        problems.append(f"{len(got)} rows where the plain version has {len(want)} and the limit is {limit}")
    if Counter(got) - Counter(want):
        problems.append(f"rows the plain version does not give: {list(Counter(got) - Counter(want))[:1]}")
    if name in ORDER:
        keys = lambda rows: [tuple(r[columns.index(c)] for c in ORDER[name]) for r in rows]  # noqa: E731
        want_keys = keys(want)
        rank = {}
        for i, k in enumerate(want_keys):
            rank.setdefault(k, i)
        got_keys = keys(got)
        if any(rank[a] > rank[b] for a, b in zip(got_keys, got_keys[1:])):
            problems.append("rows out of the ORDER BY order")
        n = SORTED_FIRST.get(name)
        if n and [k[:n] for k in got_keys] != [k[:n] for k in want_keys[:len(got_keys)]]:
            problems.append(f"not the first {len(got_keys)} rows by {ORDER[name][:n]}")
    return problems


def test_every_named_query_but_post_holders_is_compared():
    # post-holders has its own tests (tests/relate/test_post_holders.py)
    assert set(named_queries()) - {"post-holders"} == set(PLAIN)


@pytest.fixture(scope="module")
def seeds_graph(seeds_exports):
    return open_graph(seeds_exports)


@pytest.mark.parametrize("name", sorted(PLAIN))
def test_named_query_answers_as_its_plain_version_on_the_seeds(name, seeds_graph):
    checked = [(q, params) for q, params in cases(seeds_graph) if q == name]
    assert len(checked) > 1  # the defaults and at least one picked value
    answered = 0
    for _, params in checked:
        problems = differences(seeds_graph, name, params)
        assert not problems, f"{name} {params}: {problems}"
        answered += bool(seeds_graph.named(name, **params))
    assert answered, f"{name} answers nothing on the seeds"


@pytest.fixture(scope="module")
def politics_graph(politics_dir, tmp_path_factory):
    """A build of 30 politics articles of the train split (annotations/split.json)."""
    from graph.build.runner import build_graph

    train = set(json.loads((ROOT / "annotations" / "split.json").read_text(encoding="utf-8"))["train"])
    corpus = tmp_path_factory.mktemp("politics-train")
    for path in sorted(p for p in politics_dir.glob("*.txt") if p.name in train)[:30]:
        (corpus / path.name).write_bytes(path.read_bytes())
    out = tmp_path_factory.mktemp("politics-exports")
    report = build_graph([corpus], out, progress=False)
    assert not report.errors, report.errors
    return open_graph(out)


@pytest.mark.corpus
@pytest.mark.parametrize("name", sorted(PLAIN))
def test_named_query_answers_as_its_plain_version_on_politics_articles(name, politics_graph):
    for query, params in cases(politics_graph):
        if query == name:
            problems = differences(politics_graph, name, params)
            assert not problems, f"{name} {params}: {problems}"


def test_names_are_the_entity_index_names(seeds_graph):
    """Every name a query shows is the entity's one name in the index, not an article's own."""
    index = {r["e"]: r["name"] for r in seeds_graph.query(
        PREFIXES + "SELECT ?e ?name WHERE { GRAPH kgg:entities { ?e skos:prefLabel ?name } }")}
    shown = [(r["person"], r["personName"]) for r in seeds_graph.named("positions")]
    shown += [(r["org"], r["orgName"]) for r in seeds_graph.named("positions")]
    shown += [(r["entity"], r["label"]) for t in ("kg:Organization", "kg:Person") for r in seeds_graph.named("entities", type=t)]
    shown += [(r["body"], r["bodyName"]) for r in seeds_graph.named("suborganizations")]
    assert all(name == index[iri] for iri, name in shown)
    # and some of these entities the sentence graphs name otherwise ('Công Luận' for 'Công Luận (Kon Tum)')
    local = seeds_graph.query(PREFIXES + """SELECT DISTINCT ?e WHERE {
        GRAPH ?g { ?e rdfs:label ?name } FILTER(?g != kgg:entities)
        GRAPH kgg:entities { ?e skos:prefLabel ?indexName } FILTER(?name != ?indexName) }""")
    assert {r["e"] for r in local} & {iri for iri, _ in shown}


def test_an_article_shows_its_own_facts_and_no_extraction_records(seeds_graph):
    articles = picked_values(seeds_graph)["article"]
    for article in articles:
        rows = seeds_graph.named("article", article=article)
        assert rows and {r["article"] for r in rows} == {article}
        assert not any(r["subject"].startswith("https://w3id.org/vnkg/id/assertion/") for r in rows)
        # each fact comes with the sentence whose graph states it
        text = seeds_graph.query(PREFIXES + "SELECT ?t WHERE { ?a nif:isString ?t }", {"a": article})[0]["t"]
        assert all(text[r["begin"]:r["begin"] + len(r["sentenceText"])] == r["sentenceText"] for r in rows)


#: The suborganizations query before it sorted by kg:labelOrder (names by GROUP BY and SAMPLE,
#: sorted by the names themselves).
SUBORGANIZATIONS_BEFORE = """
SELECT ?body (SAMPLE(?bodyLabel) AS ?bodyName) ?sub (SAMPLE(?subLabel) AS ?subName) ?direct WHERE {
  { SELECT DISTINCT ?body ?sub WHERE { ?sub kg:subOrganizationOf+ ?body } LIMIT 500 }
  BIND(EXISTS { ?sub kg:subOrganizationOf ?body } AS ?direct)
  OPTIONAL { GRAPH kgg:entities { ?body skos:prefLabel ?bodyLabel } }
  OPTIONAL { GRAPH kgg:entities { ?sub skos:prefLabel ?subLabel } }
}
GROUP BY ?body ?sub ?direct
ORDER BY ?bodyName DESC(?direct) ?subName"""


@pytest.mark.parametrize("build", ["seeds", pytest.param("politics", marks=pytest.mark.corpus)])
def test_suborganizations_gives_the_rows_of_the_query_before_label_order(build, request):
    kg = request.getfixturevalue(f"{build}_graph")
    bodies = [None] + picked_values(kg)["body"]
    for body in bodies:
        params = {"body": body} if body else {}
        columns, now = rows_of(kg, "suborganizations", named_queries()["suborganizations"].text, params)
        before_columns, before = rows_of(kg, "suborganizations", PREFIXES + SUBORGANIZATIONS_BEFORE, params)
        assert columns == before_columns
        assert now or body  # the whole graph has some
        assert Counter(now) == Counter(before), body
        key = lambda r: (r[1], not r[4], r[3])  # noqa: E731  (bodyName, direct first, subName)
        assert [key(r) for r in now] == [key(r) for r in before], body  # the same order, ties alike


#: The post-holders query before it listed at most 200 memberships (LIMIT 500).
POST_HOLDERS_BEFORE = """
SELECT ?postLabel ?personName ?asOf ?since ?until ?former ?person ?postIri ?article ?sentenceText WHERE {
  { SELECT ?g ?m ?postIri ?postLabel WHERE {
      GRAPH ?g { ?postIri kg:searchKey ?key . ?m kg:post ?postIri . ?postIri rdfs:label ?postLabel } } LIMIT 500 }
  GRAPH ?g { ?m org:member ?person }
  ?g prov:wasDerivedFrom ?sentence .
  ?sentence nif:anchorOf ?sentenceText ; nif:referenceContext ?article .
  OPTIONAL { GRAPH ?g { ?m kg:asOf ?asOf } }
  OPTIONAL { GRAPH ?g { ?m kg:former ?former } }
  OPTIONAL { GRAPH ?g { ?m schema:startDate ?since } }
  OPTIONAL { GRAPH ?g { ?m schema:endDate ?until } }
  OPTIONAL { GRAPH kgg:entities { ?person rdfs:label ?personName } }
}
ORDER BY ?postLabel STR(?asOf) ?personName ?article"""


def post_holders_differences(kg, params: dict) -> list[str]:
    """How post-holders departs from the query before: it must give min(200, all) of the
    rows the query before gives without its limit, in their order; without limits, all."""
    text = named_queries()["post-holders"].text
    limit = int(re.search(r"\bLIMIT\s+(\d+)", text).group(1))
    columns, got = rows_of(kg, "post-holders", text, params)
    _, unlimited = rows_of(kg, "post-holders", re.sub(r"\bLIMIT\s+\d+", "", text), params)
    before_columns, want = rows_of(kg, "post-holders", PREFIXES + POST_HOLDERS_BEFORE.replace("LIMIT 500", ""), params)
    problems = []
    if columns != before_columns:
        return [f"columns {columns}, before {before_columns}"]
    if unlimited != want:
        problems.append("without limits not the rows of the query before, in its order")
    if len(got) != min(limit, len(want)):
        problems.append(f"{len(got)} rows of {len(want)} with the limit {limit}")
    if Counter(got) - Counter(want):
        problems.append(f"rows the query before does not give: {list(Counter(got) - Counter(want))[:1]}")
    key = lambda r: (r[0], str(r[2]), r[1], r[8])  # noqa: E731  (post, date, name, article: its ORDER BY)
    rank: dict[tuple, int] = {}
    for i, row in enumerate(want):
        rank.setdefault(key(row), i)
    if any(rank.get(key(a), -1) > rank.get(key(b), -1) for a, b in zip(got, got[1:])):
        problems.append("rows out of the order of the query before")
    return problems


@pytest.mark.parametrize("build", ["seeds", pytest.param("politics", marks=pytest.mark.corpus)])
def test_post_holders_gives_the_rows_of_the_query_before(build, request):
    kg = request.getfixturevalue(f"{build}_graph")
    query = named_queries()["post-holders"]
    posts = [r["x"] for r in kg.query(PREFIXES + """SELECT ?x WHERE { ?m kg:post ?p . ?p rdfs:label ?x }
        GROUP BY ?x ORDER BY DESC(COUNT(?m)) ?x LIMIT 3""")]
    assert posts
    for post in [None] + posts:
        params = query.bindings({"post": post} if post else {})
        assert kg.query(query.text, params), post
        problems = post_holders_differences(kg, params)
        assert not problems, f"{post}: {problems}"
