"""``kg validate``: the shapes accept graphs in the documented shape and catch broken ones."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest

from graph.cli import main
from graph.evaluate.validate import FIXTURE, GraphFileError, load_union, validate

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("_kg_gen_fixtures", ROOT / "scripts" / "gen_fixtures.py")
gen = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(gen)
#: The seed the broken graphs are made from: its figures, documents (a kg:Conclusion among them),
#: memberships and places are what the shapes check.
SEED = gen.SEEDS / "000_5588cd3b938c6cd5.txt"
NIF = "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#"
KG = "https://w3id.org/vnkg/ontology#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
ORG = "http://www.w3.org/ns/org#"
XSD = "http://www.w3.org/2001/XMLSchema#"


@pytest.fixture(scope="module")
def article(tmp_path_factory) -> Path:
    """One seed built by the real pipeline (rules only, as the goldens): its graph.nq."""
    return gen.build([SEED], tmp_path_factory.mktemp("validate") / "exports") / "graph.nq"


def quads(path: Path) -> list[ox.Quad]:
    fmt = ox.RdfFormat.from_extension(path.suffix.lstrip("."))
    return list(ox.parse(path=str(path), format=fmt))


def write(qs, path: Path) -> Path:
    with path.open("wb") as f:
        ox.serialize(qs, f, format=ox.RdfFormat.from_extension(path.suffix.lstrip(".")))
    return path


def one(qs, predicate: str, pick=lambda q: True) -> ox.Quad:
    """The first quad with this predicate (sorted, so the choice is stable)."""
    found = sorted((q for q in qs if q.predicate.value == predicate and pick(q)), key=str)
    assert found, predicate
    return found[0]


def kg_validate(path: Path, capsys) -> tuple[int, str, str]:
    code = main(["validate", "--graph", str(path)])
    out = capsys.readouterr()
    return code, out.out, out.err


# --- valid graphs ---------------------------------------------------------


def test_fixture_conforms_and_cli_exits_0(capsys):
    """The golden seeds graph (the doctests' FIXTURE) is valid."""
    result = validate(FIXTURE)
    assert result.conforms, result.report_text
    assert result.violations == 0
    code, out, _ = kg_validate(FIXTURE, capsys)
    assert code == 0
    assert out.startswith(f"Conforms: {result.nodes} nodes checked")
    assert result.nodes > 30


@pytest.mark.parametrize("suffix", [".nq", ".jsonld", ".trig"])
def test_same_graph_in_every_format(article, tmp_path, suffix):
    qs = quads(article)
    path = write(qs, tmp_path / f"graph{suffix}")
    assert len(load_union(path)) == len(load_union(article))
    assert validate(path).conforms


def test_union_of_named_graphs_is_validated(article):
    """Labels live in sentence graphs, mentions in text graphs: all are read."""
    qs = quads(article)
    assert all(not q.graph_name == ox.DefaultGraph() for q in qs)
    distinct = {(q.subject, q.predicate, q.object) for q in qs}
    assert len(load_union(article)) == len(distinct)


def test_seeds_build_conforms(seeds_exports, capsys):
    """The real build of the seeds, in all three RDF exports."""
    for name in ("graph.trig", "graph.nq", "graph.jsonld"):
        code, out, err = kg_validate(seeds_exports / name, capsys)
        assert code == 0, f"{name}:\n{out}{err}"
        assert out.startswith("Conforms: ")


def test_seeds_build_agrees_with_ontology_domains_and_ranges(seeds_exports):
    """With RDFS inference a wrong rdfs:domain/range in kg.ttl would type nodes
    wrongly (an assertion as an org:Membership) and break the shapes."""
    result = validate(seeds_exports / "graph.trig", inference="rdfs")
    assert result.conforms, "\n".join(map(str, result.results[:10]))


# --- broken graphs: the specific violation is reported and the CLI exits 1 ---


def broken(tmp_path, source: Path, drop=(), add=()) -> Path:
    qs = [q for q in quads(source) if q not in set(drop)]
    return write(qs + list(add), tmp_path / "broken.nq")


def assert_reported(path: Path, capsys, shape: str, path_: str | None, focus, text: str):
    result = validate(path)
    assert not result.conforms
    node = f"_:{focus.value}" if isinstance(focus, ox.BlankNode) else f"<{focus.value}>"
    hits = [v for v in result.results if (v.shape, v.path, v.focus) == (shape, path_, node)]
    assert hits, f"no {shape} {path_} result for {focus}:\n" + "\n".join(map(str, result.results))
    assert text in hits[0].message
    code, out, _ = kg_validate(path, capsys)
    assert code == 1
    assert out.startswith("Does not conform")
    assert shape in out
    return result


def test_phrase_without_anchor(article, tmp_path, capsys):
    qs = quads(article)
    q = one(qs, NIF + "anchorOf", lambda q: "#char=" in q.subject.value)
    path = broken(tmp_path, article, drop=[q])
    result = assert_reported(path, capsys, "kgsh:PhraseShape", "nif:anchorOf", q.subject, "anchorOf")
    assert result.violations == 1


def test_confidence_above_one(article, tmp_path, capsys):
    qs = quads(article)
    q = one(qs, KG + "confidence")
    bad = ox.Quad(q.subject, q.predicate, ox.Literal("1.7", datatype=ox.NamedNode(XSD + "decimal")), q.graph_name)
    path = broken(tmp_path, article, drop=[q], add=[bad])
    result = assert_reported(path, capsys, "kgsh:AssertionShape", "kg:confidence", q.subject, "[0, 1]")
    assert [v.value for v in result.results] == ['"1.7"']


def test_offsets_that_do_not_match_the_text(article, tmp_path, capsys):
    qs = quads(article)
    q = one(qs, NIF + "beginIndex", lambda q: "#char=" in q.subject.value)
    shifted = int(q.object.value) + 1
    bad = ox.Quad(q.subject, q.predicate,
                  ox.Literal(str(shifted), datatype=ox.NamedNode(XSD + "nonNegativeInteger")), q.graph_name)
    path = broken(tmp_path, article, drop=[q], add=[bad])
    result = assert_reported(path, capsys, "kgsh:AnchorShape", None, q.subject, "is not the text")
    assert f"[{shifted}," in result.results[0].message


def test_negative_offset(article, tmp_path):
    qs = quads(article)
    q = one(qs, NIF + "beginIndex", lambda q: "#sentence=" in q.subject.value)
    bad = ox.Quad(q.subject, q.predicate, ox.Literal("-1", datatype=ox.NamedNode(XSD + "integer")), q.graph_name)
    result = validate(broken(tmp_path, article, drop=[q], add=[bad]))
    hits = [v for v in result.results if v.shape == "kgsh:OffsetValueShape"]
    assert [(v.path, v.focus) for v in hits] == [("nif:beginIndex", f"<{q.subject.value}>")]
    assert "not a non-negative integer" in hits[0].message


def test_offset_of_the_wrong_datatype(article, tmp_path):
    qs = quads(article)
    q = one(qs, NIF + "endIndex", lambda q: "#char=" in q.subject.value)
    bad = ox.Quad(q.subject, q.predicate, ox.Literal(q.object.value), q.graph_name)  # a string
    result = validate(broken(tmp_path, article, drop=[q], add=[bad]))
    assert ("kgsh:OffsetValueShape", "nif:endIndex", f"<{q.subject.value}>") in [
        (v.shape, v.path, v.focus) for v in result.results]


def test_phrase_without_entity_link(article, tmp_path, capsys):
    qs = quads(article)
    q = one(qs, "http://www.w3.org/2005/11/its/rdf#taIdentRef")
    path = broken(tmp_path, article, drop=[q])
    assert_reported(path, capsys, "kgsh:PhraseShape", "itsrdf:taIdentRef", q.subject, "taIdentRef")


def test_entity_without_language_tagged_label(article, tmp_path, capsys):
    qs = quads(article)
    q = one(qs, RDFS + "label", lambda q: "/id/place/" in q.subject.value)
    plain = ox.Quad(q.subject, q.predicate, ox.Literal(q.object.value), q.graph_name)
    path = broken(tmp_path, article, drop=[q], add=[plain])
    assert_reported(path, capsys, "kgsh:EntityShape", "rdfs:label", q.subject, "language-tagged")


def test_subclass_instance_without_label(article, tmp_path, capsys):
    """Typed only kg:Conclusion (no kg:Document): the ontology makes it a Document.
    (Kết luận số 01-KL/TW of the seed.)"""
    qs = quads(article)
    doc = one(qs, RDF + "type", lambda q: q.object.value == KG + "Conclusion").subject
    drop = [q for q in qs if q.subject == doc and q.predicate.value in (RDFS + "label", RDF + "type")
            and (q.predicate.value == RDFS + "label" or q.object.value == KG + "Document")]
    path = broken(tmp_path, article, drop=drop)
    assert_reported(path, capsys, "kgsh:EntityShape", "rdfs:label", doc, "rdfs:label")


def test_malformed_document_number(article, tmp_path, capsys):
    qs = quads(article)
    q = one(qs, KG + "documentNumber")
    bad = ox.Quad(q.subject, q.predicate, ox.Literal("số 01 KL TW"), q.graph_name)
    path = broken(tmp_path, article, drop=[q], add=[bad])
    assert_reported(path, capsys, "kgsh:DocumentShape", "kg:documentNumber", q.subject, "23-NQ/TU")


def test_membership_without_organization(article, tmp_path, capsys):
    qs = quads(article)
    q = one(qs, ORG + "organization")
    path = broken(tmp_path, article, drop=[q])
    assert_reported(path, capsys, "kgsh:MembershipShape", "org:organization", q.subject, "org:organization")


def test_assertion_without_rule(article, tmp_path, capsys):
    qs = quads(article)
    q = one(qs, KG + "rule", lambda q: "/assertion/" in q.subject.value)
    path = broken(tmp_path, article, drop=[q])
    assert_reported(path, capsys, "kgsh:AssertionShape", "kg:rule", q.subject, "kg:rule")


def test_context_with_two_texts(article, tmp_path, capsys):
    qs = quads(article)
    q = one(qs, NIF + "isString")
    extra = ox.Quad(q.subject, q.predicate, ox.Literal(q.object.value + " "), q.graph_name)
    path = broken(tmp_path, article, add=[extra])
    assert_reported(path, capsys, "kgsh:ContextShape", "nif:isString", q.subject, "exactly one nif:isString")


def test_figure_without_value_and_with_a_bad_period(article, tmp_path, capsys):
    qs = quads(article)
    value = one(qs, "https://schema.org/value")
    period = one(qs, KG + "period", lambda q: q.subject == value.subject)
    bad = ox.Quad(period.subject, period.predicate, ox.Literal("năm 2015"), period.graph_name)
    path = broken(tmp_path, article, drop=[value, period], add=[bad])
    assert_reported(path, capsys, "kgsh:FigureShape", "schema:value", value.subject, "schema:value")
    assert_reported(path, capsys, "kgsh:FigureShape", "kg:period", value.subject, "quarter")


def test_assertion_without_its_sentence(article, tmp_path, capsys):
    qs = quads(article)
    q = one(qs, "http://www.w3.org/ns/prov#wasDerivedFrom", lambda q: "/assertion/" in q.subject.value)
    path = broken(tmp_path, article, drop=[q])
    assert_reported(path, capsys, "kgsh:AssertionShape", "prov:wasDerivedFrom", q.subject, "nif:Sentence")


def test_report_groups_many_results(article, tmp_path, capsys):
    """Dropping every mention's sentence link gives one group with a few examples."""
    qs = quads(article)
    drop = [q for q in qs if q.predicate.value == NIF + "sentence"]
    assert len(drop) > 3
    code, out, _ = kg_validate(broken(tmp_path, article, drop=drop), capsys)
    assert code == 1
    assert f"kgsh:PhraseShape nif:sentence: {len(drop)} results" in out
    assert f"... and {len(drop) - 3} more" in out


def test_broken_seeds_build_is_caught(seeds_exports, tmp_path, capsys):
    """A real graph with one mention's anchor changed."""
    qs = quads(seeds_exports / "graph.nq")
    q = one(qs, NIF + "anchorOf", lambda q: "#char=" in q.subject.value)
    bad = ox.Quad(q.subject, q.predicate, ox.Literal(q.object.value + "x"), q.graph_name)
    path = write([x for x in qs if x != q] + [bad], tmp_path / "graph.nq")
    assert_reported(path, capsys, "kgsh:AnchorShape", None, q.subject, "is not the text")


# --- files that cannot be read: exit 2 naming the file -------------------


def test_missing_file_exits_2(tmp_path, capsys):
    missing = tmp_path / "nothing.trig"
    code, out, err = kg_validate(missing, capsys)
    assert code == 2
    assert str(missing) in err and "no such graph file" in err
    assert out == ""


def test_unparseable_file_exits_2(tmp_path, capsys):
    bad = tmp_path / "graph.trig"
    bad.write_text(FIXTURE.read_text(encoding="utf-8")[:2000], encoding="utf-8")  # cut mid-statement
    code, _, err = kg_validate(bad, capsys)
    assert code == 2
    assert str(bad) in err and "not valid TriG" in err


def test_unknown_suffix_exits_2(tmp_path, capsys):
    odd = tmp_path / "graph.xyz"
    odd.write_text("", encoding="utf-8")
    code, _, err = kg_validate(odd, capsys)
    assert code == 2
    assert str(odd) in err and ".xyz" in err


def test_bad_shapes_file_exits_2(article, tmp_path, capsys):
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text("@prefix sh: <http://www.w3.org/ns/shacl#> .\n<s> a sh:NodeShape ;", encoding="utf-8")
    code = main(["validate", "--graph", str(article), "--shapes", str(shapes)])
    assert code == 2
    assert str(shapes) in capsys.readouterr().err


def test_load_union_error_names_file(tmp_path):
    bad = tmp_path / "g.nq"
    bad.write_text("<a> <b> .\n", encoding="utf-8")
    with pytest.raises(GraphFileError, match="g.nq"):
        load_union(bad)


def test_default_graph_and_exit_code_from_a_real_process(article, tmp_path):
    """`kg validate` with no options reads exports/graph.trig in the working folder."""
    (tmp_path / "exports").mkdir()
    run = subprocess.run([sys.executable, "-m", "graph.cli", "validate"], cwd=tmp_path,
                         capture_output=True, text=True, env=_env())
    assert run.returncode == 2, run.stderr
    assert "exports/graph.trig" in run.stderr
    write(quads(article), tmp_path / "exports" / "graph.trig")
    run = subprocess.run([sys.executable, "-m", "graph.cli", "validate"], cwd=tmp_path,
                         capture_output=True, text=True, env=_env())
    assert run.returncode == 0, run.stdout + run.stderr
    assert run.stdout.startswith("Conforms: ")


def _env() -> dict:
    import os

    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    return env
