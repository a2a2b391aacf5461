"""The pre-check lexer against the engine itself: every SERVICE Oxigraph would evaluate is found,
nesting hidden in strings, IRIs and comments is not counted, updates and oversized texts are refused.

The oracle needs no network: Oxigraph refuses to call port 1 with an OSError naming it, so a
query that raises it is one whose SERVICE the engine evaluated."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from graph.query.limits import Limits, QueryRejected, UpdateRefused, check, is_update, scan

PORT1 = "http://127.0.0.1:1/"


def engine_calls_service(query: str) -> bool:
    store = ox.Store()
    store.add(ox.Quad(ox.NamedNode("http://a/x"), ox.NamedNode("http://a/p"), ox.Literal("1"), ox.NamedNode("http://a/g")))
    try:
        list(store.query(query, use_default_graph_as_union=True))
    except OSError as exc:
        return "port 1" in str(exc)
    return False


TRICKS = [
    f"SELECT * WHERE {{ SERVICE <{PORT1}> {{ ?s ?p ?o }} }}",
    f"SELECT * WHERE {{ service<{PORT1}>{{?s ?p ?o}} }}",
    f"PREFIX e: <{PORT1}> SELECT * WHERE {{ SERVICEe:x {{ ?s ?p ?o }} }}",         # keywords match as prefixes
    f"PREFIX e: <{PORT1}> SELECT * WHERE {{ SERVICE e:x {{ ?s ?p ?o }} }}",
    f"SELECT * WHERE {{ ?s ?p ?o FILTER(?o<'a>') SERVICE <{PORT1}> {{ ?x ?y ?z }} #'\n}}",  # < is less-than here
    f"SELECT * WHERE {{ ?s ?p ?o FILTER(?o<?p||true)SERVICE#>\n<{PORT1}> {{ }} }}",
    f"SELECT * WHERE {{ ?s ?p ?o FILTER(((?o<'a>')||true)) SERVICE <{PORT1}> {{ }} }}",
    f"SELECT * WHERE {{ ?s ?p ?o BIND(?o<'#' AS ?w) SERVICE <{PORT1}> {{ }} }}",
    f"SELECT * WHERE {{ ?s ?p ?o FILTER(STR(?o)<\"x>\") SERVICE <{PORT1}> {{ }} }}",
    f"SELECT * WHERE {{ ?s ?p ?o OPTIONAL {{ ?s ?p (1 <http://a/b#c> 'x') }} SERVICE <{PORT1}> {{ }} }}",
    f"SELECT * WHERE {{ {{ SELECT ?s (?o<'a' AS ?q) WHERE {{ ?s ?p ?o }} }} SERVICE <{PORT1}> {{ }} }}",
]


@pytest.mark.parametrize("query", TRICKS)
def test_every_service_the_engine_evaluates_is_found(query):
    assert engine_calls_service(query), "the test query should reach the engine's SERVICE"
    assert scan(query).services, query
    with pytest.raises(QueryRejected, match="SERVICE"):
        check(query, Limits())


@pytest.mark.parametrize("query", [
    'SELECT * WHERE { ?s ?p "SERVICE <http://a/> { }" }',
    "SELECT * WHERE { ?s ?p '''SERVICE\n<http://a/>''' }",
    "SELECT * WHERE { ?s <http://a/SERVICE> ?o } # SERVICE <http://a/> {}",
    "PREFIX a: <http://a/> SELECT * WHERE { ?s a:service ?o . ?x <http://a/p> ?service . _:service a:p $SERVICE }",
])
def test_service_in_strings_iris_comments_and_names_is_not_a_service(query):
    assert scan(query).services == []


def test_a_prefix_named_service_counts_as_service():
    # '{ service:x { … } }' is SERVICE with the endpoint ':x' to the engine (keywords match as prefixes)
    query = "PREFIX : <http://127.0.0.1:1/> PREFIX service: <http://a/> SELECT * WHERE { ?s ?p ?o service:x { } }"
    assert engine_calls_service(query)
    assert scan(query).services


def test_an_allowed_endpoint_must_be_written_as_that_iri():
    limits = Limits(allow_service=("http://a/sparql",))
    check("SELECT * WHERE { SERVICE <http://a/sparql> { ?s ?p ?o } }", limits)
    for other in ("SERVICE <http://a/sparql2>", "SERVICE ?e", "SERVICE a:sparql", "SERVICE <http://a/sp\\u0061rql>"):
        with pytest.raises(QueryRejected, match="allowed endpoints are <http://a/sparql>"):
            check(f"PREFIX a: <http://a/> SELECT * WHERE {{ {other} {{ ?s ?p ?o }} }}", limits)


def test_nesting_counts_braces_parens_and_brackets_but_not_quoted_ones():
    assert scan("SELECT * { { ?s ?p [ ?q ( 1 2 ) ] } }").depth == 4
    hidden = "{" * 500 + "(" * 500
    assert scan(f'SELECT * {{ ?s ?p "{hidden}" . ?s ?p <http://a/{"("*500}> }} # {hidden}').depth == 1
    with pytest.raises(QueryRejected, match="nests groups 3000 deep; the limit is 64"):
        check("SELECT * WHERE " + "{" * 3000 + "}" * 3000, Limits())
    check("SELECT * WHERE " + "{" * 64 + "}" * 64, Limits())


def test_updates_are_refused_whatever_their_prologue():
    for text in ("INSERT DATA { <a:b> <a:c> <a:d> }", "PREFIX a: <http://a/> DELETE WHERE { ?s ?p ?o }",
                 "BASE <http://a/> LOAD <http://a/x>", "  clear all", "DROP SILENT GRAPH <a:g>"):
        assert is_update(text)
        with pytest.raises(UpdateRefused):
            check(text, Limits())
    assert not is_update("PREFIX insert: <http://a/> SELECT * { ?s insert:p ?o }")


def test_size_is_counted_in_utf8_bytes():
    text = "ASK { ?s ?p \"" + "ủ" * 30000 + "\" }"  # 3 bytes each
    with pytest.raises(QueryRejected, match="the query is 90,016 bytes; the limit is 65,536"):
        check(text, Limits())
    check(text, Limits(max_query_bytes=100_000))


def test_the_python_api_refuses_what_would_crash_the_engine(tmp_path):
    from graph.query.api import KnowledgeGraph

    kg = KnowledgeGraph(ox.Store())
    with pytest.raises(SyntaxError, match="nests groups 3000 deep"):
        kg.raw("SELECT * WHERE " + "{" * 3000 + "}" * 3000)
    assert kg.query("ASK { " + "{" * 50 + "}" * 50 + " }") is True
