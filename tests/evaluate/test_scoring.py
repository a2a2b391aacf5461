"""``kg eval``: each scoring rule on two real articles built by the pipeline against a small
gold file (tests/fixtures/eval), changed by each test to exercise its rule; then the real seeds build."""

from __future__ import annotations

import importlib.util
import json
import os
from pathlib import Path

import pyoxigraph as ox
import pytest

from graph.cli import main
from graph.evaluate.scoring import RELATION_KINDS, EvalError, evaluate, load_gold
from graph.model import ENTITY_TYPES
from graph.text import norm_key

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "eval"
#: 003_mini.txt (a resolution, the Bí thư at a macadamia farm, a byline) and 099_other.txt (no gold).
ARTICLES = FIXTURES / "articles"
MINI_GOLD = FIXTURES / "mini.gold.json"
# As tests/conftest.py GOLD (conftest is not importable under --import-mode=importlib).
GOLD = Path(os.environ.get("KG_SHARED", Path(__file__).resolve().parents[3] / "shared")) / (
    "eval/seeds.gold.json")
_spec = importlib.util.spec_from_file_location("_kg_gen_fixtures", ROOT / "scripts" / "gen_fixtures.py")
gen = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(gen)
KG_VALUE = "https://w3id.org/vnkg/ontology#value"


@pytest.fixture(scope="module")
def mini_graph(tmp_path_factory) -> Path:
    """``kg build`` of the articles (rules only, as the goldens): its graph.trig."""
    return gen.build([ARTICLES], tmp_path_factory.mktemp("eval") / "exports") / "graph.trig"


def _gold(tmp_path: Path, edit=None, name: str = "gold.json") -> Path:
    """The mini gold file, changed by ``edit(data)``, written under ``tmp_path``."""
    data = json.loads(MINI_GOLD.read_text(encoding="utf-8"))
    if edit:
        edit(data)
    path = tmp_path / name
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def _doc(data: dict, file: str = "003_mini.txt") -> dict:
    return next(d for d in data["documents"] if d["file"] == file)


def _entity(data: dict, text: str) -> dict:
    return next(e for e in _doc(data)["entities"] if text in e["mentions"])


def _tiny_graph(tmp_path: Path, text: str, mentions: list[tuple[str, str]], **kw) -> Path:
    """One article in the documented shape with the given (surface, type) mentions."""
    key = kw.get("key", "tiny")
    art = f"<https://w3id.org/vnkg/article/{key}>"
    url = kw.get("url", f"file:///in/{key}.txt")
    lines = [
        "@prefix nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#> .",
        "@prefix itsrdf: <http://www.w3.org/2005/11/its/rdf#> .",
        "@prefix kg: <https://w3id.org/vnkg/ontology#> .",
        f"<https://w3id.org/vnkg/graph/{key}/text> {{",
        f"  {art} a nif:Context ; nif:isString {json.dumps(text, ensure_ascii=False)} ;",
        f'    kg:articleKey "{key}"' + (f" ; nif:sourceUrl <{url}> ." if url else " ."),
    ]
    for surface, etype in mentions:
        begin = text.index(surface)
        lines += [
            f"  <https://w3id.org/vnkg/article/{key}#char={begin},{begin + len(surface)}>"
            f" a nif:Phrase ; nif:referenceContext {art} ;",
            f"    nif:anchorOf {json.dumps(surface, ensure_ascii=False)} ;"
            f" nif:beginIndex {begin} ; itsrdf:taClassRef kg:{etype} .",
        ]
    lines.append("}")
    path = tmp_path / f"{key}.trig"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _tiny_gold(tmp_path: Path, entities: list[dict], file: str = "tiny.txt") -> Path:
    path = tmp_path / "tiny.gold.json"
    path.write_text(json.dumps({"format": "kg-gold/1", "documents": [
        {"file": file, "entities": entities, "relations": []}]}, ensure_ascii=False),
        encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def mini(mini_graph):
    return evaluate(MINI_GOLD, mini_graph)


# ------------------------------------------------------------------ entities


def test_optional_mention_is_neither_tp_nor_fp(mini, mini_graph, tmp_path):
    # "Ban Thường vụ Tỉnh ủy" is in the Tỉnh ủy's optional list: the system's mention is ignored.
    doc = next(d for d in mini.documents if d.file == "003_mini.txt")
    assert doc.entity_ignored == 1
    assert mini.entities.parts["Organization"].fp == 0
    assert "Ban Thường vụ Tỉnh ủy" not in [f.text for f in doc.entity_fp]

    # Without the optional entry, the same system mention is a false positive.
    def drop_optional(data):
        for ent in _doc(data)["entities"]:
            ent["optional"] = []

    report = evaluate(_gold(tmp_path, drop_optional), mini_graph)
    assert report.entities.parts["Organization"].fp == 1


def test_wrong_type_is_false_positive_and_gold_stays_false_negative(mini_graph, tmp_path):
    # The system says Person "DN" (the photographer's initials); a gold saying Organization disagrees.
    def as_organization(data):
        _entity(data, "DN")["type"] = "Organization"

    report = evaluate(_gold(tmp_path, as_organization), mini_graph)
    doc = next(d for d in report.documents if d.file == "003_mini.txt")
    fp = {(f.category, f.text): f.note for f in doc.entity_fp}
    fn = {(f.category, f.text): f.note for f in doc.entity_fn}
    assert fp[("Person", "DN")] == "wrong type: gold says Organization"
    assert fn[("Organization", "DN")] == "found as Person"


def test_mentions_are_scored_as_a_set_per_article(mini):
    # "Tỉnh uỷ" and "Tỉnh ủy" (twice) are system mentions of one (type, text): one TP.
    assert mini.entities.parts["Organization"].tp == 1
    assert mini.entities.parts["Person"] == type(mini.entities.total)(tp=3, fp=0, fn=0)
    assert mini.entities.parts["Document"] == mini.entities.parts["Place"] == type(mini.entities.total)(tp=1)


def test_tone_placement_and_eth_are_folded(tmp_path):
    text = "Tỉnh uỷ và Ðảng bộ tỉnh hoà giải.\n"
    graph = _tiny_graph(tmp_path, text, [("Tỉnh uỷ", "Organization"),
                                         ("Ðảng bộ tỉnh", "Organization")])
    gold = _tiny_gold(tmp_path, [
        {"id": "e1", "type": "Organization", "mentions": ["Tỉnh ủy"], "optional": []},
        {"id": "e2", "type": "Organization", "mentions": ["“Đảng bộ Tỉnh”"], "optional": []},
    ])
    report = evaluate(gold, graph)
    assert report.entities.parts["Organization"].tp == 2
    assert report.entities.total.fp == report.entities.total.fn == 0


def test_different_text_is_not_folded_away(tmp_path):
    graph = _tiny_graph(tmp_path, "Tỉnh ủy Kon Tum họp.", [("Tỉnh ủy Kon Tum", "Organization")])
    gold = _tiny_gold(tmp_path, [
        {"id": "e1", "type": "Organization", "mentions": ["Tỉnh ủy"], "optional": []}])
    report = evaluate(gold, graph)
    org = report.entities.parts["Organization"]
    assert (org.tp, org.fp, org.fn) == (0, 1, 1)
    doc = report.documents[0]
    assert doc.entity_fp[0].note == "contains gold \u201cTỉnh ủy\u201d"
    assert doc.entity_fn[0].note == "part of system \u201cTỉnh ủy Kon Tum\u201d"


def test_article_found_by_key_when_source_url_is_absent(tmp_path):
    graph = _tiny_graph(tmp_path, "Kon Tum.", [("Kon Tum", "Place")], url=None)
    gold = _tiny_gold(tmp_path, [
        {"id": "e1", "type": "Place", "mentions": ["Kon Tum"], "optional": []}])
    report = evaluate(gold, graph)
    assert report.missing == []
    assert report.entities.total.tp == 1


def test_missing_document_counts_false_negatives_and_warns(mini, mini_graph, capsys):
    assert mini.missing == ["005_missing.txt"]
    assert any("005_missing.txt" in w for w in mini.warnings)
    assert mini.entities.parts["Event"].fn == 1
    assert mini.relations.parts["organizedBy"].fn == 1

    assert main(["eval", str(MINI_GOLD), "--graph", str(mini_graph)]) == 0
    err = capsys.readouterr().err
    assert "warning" in err and "005_missing.txt" in err


def test_articles_not_in_gold_are_not_scored(mini):
    # 099_other has a Place mention and a locatedIn assertion (the conference in Kon Tum); no gold.
    assert mini.relations.parts["locatedIn"] == type(mini.relations.total)()
    assert {d.file for d in mini.documents} == {"003_mini.txt", "005_missing.txt"}


# ----------------------------------------------------------------- relations


def test_relation_value_matches_at_gold_precision(mini, mini_graph, tmp_path):
    # Gold "2023-12", system "2023-12-05": found.
    assert mini.relations.parts["issuedOn"].tp == 1

    def set_value(value):
        def edit(data):
            _doc(data)["relations"][1]["value"] = value
        return edit

    full = evaluate(_gold(tmp_path, set_value("2023-12-05")), mini_graph)
    assert full.relations.parts["issuedOn"].tp == 1
    wrong = evaluate(_gold(tmp_path, set_value("2023-11")), mini_graph)
    issued_on = wrong.relations.parts["issuedOn"]
    assert (issued_on.tp, issued_on.fp, issued_on.fn) == (0, 1, 1)
    doc = wrong.documents[0]
    assert [f.note for f in doc.relation_fn if f.category == "issuedOn"] == [
        "system value 2023-12-05"]


def test_literal_rdf_object_is_read_as_value(mini_graph, tmp_path):
    # The build states the date twice: rdf:object and kg:value. Without kg:value it is still read.
    quads = list(ox.parse(path=str(mini_graph)))
    assert sum(1 for q in quads if q.predicate.value == KG_VALUE) == 1
    graph = tmp_path / "literal-object.trig"
    with graph.open("wb") as out:
        ox.serialize([q for q in quads if q.predicate.value != KG_VALUE], out, ox.RdfFormat.TRIG)
    assert evaluate(MINI_GOLD, graph).relations.parts["issuedOn"].tp == 1


def set_role(role: str):
    def edit(data):
        _doc(data)["relations"][2]["role"] = role
    return edit


def test_holds_position_role_must_match(mini, mini_graph, tmp_path):
    hp = mini.relations.parts["holdsPosition"]
    assert (hp.tp, hp.fp, hp.fn) == (1, 0, 0)  # "Đồng chí Bí thư Tỉnh ủy Dương Văn Trang"

    report = evaluate(_gold(tmp_path, set_role("Phó Bí thư")), mini_graph)
    hp = report.relations.parts["holdsPosition"]
    assert (hp.tp, hp.fp, hp.fn) == (0, 1, 1)
    assert [f.note for f in report.documents[0].relation_fn if f.category == "holdsPosition"] == [
        "system role \u201cBí thư\u201d"]

    # roles agree under norm_key
    report = evaluate(_gold(tmp_path, set_role("bí thư")), mini_graph)
    hp = report.relations.parts["holdsPosition"]
    assert (hp.tp, hp.fp, hp.fn) == (1, 0, 0)


def test_byline_author_of_the_article(mini, mini_graph, tmp_path):
    # Gold "e6 authorOf article": the system's assertion (the byline "Dương Nương") has the article as object.
    author = mini.relations.parts["authorOf"]
    assert (author.tp, author.fp, author.fn) == (1, 0, 0)

    # The article object does not match a gold person that never signed it.
    def other_author(data):
        _doc(data)["relations"][3]["subject"] = "e3"

    report = evaluate(_gold(tmp_path, other_author), mini_graph)
    author = report.relations.parts["authorOf"]
    assert (author.tp, author.fp, author.fn) == (0, 1, 1)


def test_two_system_relations_for_one_gold_count_once(mini):
    # Issued by the Tỉnh ủy (sentence 1) and by its Ban Thường vụ (sentence 3, an optional text of
    # the gold Tỉnh ủy): two system relations, one TP, one duplicate, no FP.
    issued_by = mini.relations.parts["issuedBy"]
    assert (issued_by.tp, issued_by.fp, issued_by.fn) == (1, 0, 0)
    doc = mini.documents[0]
    assert [f.category for f in doc.relation_dup] == ["issuedBy"]


# -------------------------------------------------------------------- output


def test_json_output_shape(mini_graph, capsys):
    assert main(["eval", str(MINI_GOLD), "--graph", str(mini_graph), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)  # only JSON on stdout
    assert set(out) == {"entities", "relations"}
    for section, by, names in (("entities", "by_type", ENTITY_TYPES),
                               ("relations", "by_kind", RELATION_KINDS)):
        assert set(out[section]) == {"precision", "recall", "f1", by}
        assert list(out[section][by]) == list(names)
        for score in out[section][by].values():
            assert set(score) == {"precision", "recall", "f1", "tp", "fp", "fn"}
            assert 0.0 <= score["f1"] <= 1.0
    report = evaluate(MINI_GOLD, mini_graph)
    assert out["entities"]["f1"] == pytest.approx(report.entities.total.f1)
    assert out["relations"]["by_kind"]["issuedOn"]["tp"] == 1


def test_relations_are_zeros_when_the_graph_has_no_assertions(tmp_path, capsys):
    graph = _tiny_graph(tmp_path, "Kon Tum.", [("Kon Tum", "Place")])
    assert main(["eval", str(MINI_GOLD), "--graph", str(graph), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["relations"]["precision"] == 0.0
    assert out["relations"]["by_kind"]["issuedBy"]["fn"] == 1


def test_verbose_lists_errors_per_article(mini_graph, tmp_path, capsys):
    def disagree(data):
        _entity(data, "DN")["type"] = "Organization"
        set_role("Phó Bí thư")(data)

    assert main(["eval", str(_gold(tmp_path, disagree)), "--graph", str(mini_graph), "--verbose"]) == 0
    out = capsys.readouterr().out
    assert "Relations" in out and "overall" in out
    section = out.split("== 003_mini.txt", 1)[1].split("== 005_missing.txt", 1)[0]
    assert "wrong type: gold says Organization" in section
    assert "\u2014 gold role is \u201cPhó Bí thư\u201d" in section
    # the sentences the relations came from
    assert "Đồng chí Bí thư Tỉnh ủy Dương Văn Trang thăm vườn mắc ca" in section
    assert "Ban Thường vụ Tỉnh ủy chỉ đạo triển khai" in section  # the duplicate issuedBy


@pytest.mark.parametrize("suffix", [".nq", ".jsonld"])
def test_other_export_formats_score_the_same(mini_graph, tmp_path, suffix):
    fmt = ox.RdfFormat.from_extension(suffix[1:])
    other = tmp_path / f"graph{suffix}"
    with other.open("wb") as out:
        ox.serialize(ox.parse(path=mini_graph), out, fmt)
    assert evaluate(MINI_GOLD, other).to_json() == evaluate(MINI_GOLD, mini_graph).to_json()


# ---------------------------------------------------------------- bad input


def test_malformed_gold_exits_2_naming_the_file(mini_graph, tmp_path, capsys):
    def break_it(data):
        data["format"] = "kg-gold/0"
        _doc(data)["relations"][0]["object"] = "e99"
        del _doc(data, "005_missing.txt")["entities"]

    bad = _gold(tmp_path, break_it, name="bad.gold.json")
    assert main(["eval", str(bad), "--graph", str(mini_graph)]) == 2
    err = capsys.readouterr().err
    assert str(bad) in err
    assert "'kg-gold/0'" in err
    assert "object 'e99' is not an entity id" in err
    assert "005_missing.txt" in err and "'entities'" in err


@pytest.mark.parametrize("content", ["{not json", "[]", '{"format": "kg-gold/1"}'])
def test_unreadable_gold_raises_naming_the_file(tmp_path, content):
    bad = tmp_path / "g.json"
    bad.write_text(content, encoding="utf-8")
    with pytest.raises(EvalError, match=str(bad)):
        load_gold(bad)


def test_missing_or_broken_graph_exits_2_naming_the_file(mini_graph, tmp_path, capsys):
    missing = tmp_path / "nope.trig"
    assert main(["eval", str(MINI_GOLD), "--graph", str(missing)]) == 2
    assert str(missing) in capsys.readouterr().err
    broken = tmp_path / "broken.trig"
    broken.write_text("<http://a> { <http://b> <http://c> . }", encoding="utf-8")
    assert main(["eval", str(MINI_GOLD), "--graph", str(broken)]) == 2
    err = capsys.readouterr().err
    assert str(broken) in err and "TRIG" in err.upper()
    assert main(["eval", str(tmp_path / "none.json"), "--graph", str(mini_graph)]) == 2
    assert "none.json" in capsys.readouterr().err


# ------------------------------------------------------------------ real seeds


def test_seeds_build_against_seeds_gold(request):
    if not GOLD.is_file():
        pytest.skip(f"{GOLD} is not here")
    seeds_exports = request.getfixturevalue("seeds_exports")
    report = evaluate(GOLD, seeds_exports / "graph.trig")
    gold_files = [d.file for d in load_gold(GOLD)]
    assert [d.file for d in report.documents] == gold_files
    assert report.missing == [], report.warnings
    assert all(d.article for d in report.documents)
    out = report.to_json()
    assert list(out["entities"]["by_type"]) == list(ENTITY_TYPES)
    assert list(out["relations"]["by_kind"]) == list(RELATION_KINDS)
    for section in (report.entities, report.relations):
        for score in list(section.parts.values()) + [section.total]:
            assert 0.0 <= score.precision <= 1.0 and 0.0 <= score.recall <= 1.0
    # Every distinct gold (type, text) is counted once: found or missed.
    n_gold = sum(len({(e.type, norm_key(m)) for e in d.entities.values() for m in e.mentions})
                 for d in load_gold(GOLD))
    total = report.entities.total
    assert total.tp + total.fn == n_gold
    assert report.relations.total.tp + report.relations.total.fn == sum(
        len(d.relations) for d in load_gold(GOLD))


# ------------------------------------------------------ the documented example

DOC_TEXT = ("Ngày 5/12/2023, Tỉnh uỷ Kon Tum ban hành Nghị quyết số 23-NQ/TU.\n"
            "Bí thư Tỉnh ủy Dương Văn Trang chỉ đạo triển khai Nghị quyết tại huyện Kon Rẫy.\n"
            "\nDương Nương\n")


def test_docs_worked_example_scores_as_documented(tmp_path):
    """docs/gold-format.md: its example gold is valid and its scores are right."""
    doc = (Path(__file__).parents[2] / "docs" / "gold-format.md").read_text(encoding="utf-8")
    example = doc.split("## A complete example", 1)[1].split("```json", 1)[1].split("```", 1)[0]
    gold = tmp_path / "example.gold.json"
    gold.write_text(example, encoding="utf-8")
    [gold_doc] = load_gold(gold)
    assert gold_doc.file == "tin-001.txt"

    art = "<https://w3id.org/vnkg/article/tin-001>"
    end = DOC_TEXT.index("\n")
    sent = f"<https://w3id.org/vnkg/article/tin-001#sentence=0,{end}>"
    phrases = [("Tỉnh uỷ Kon Tum", "Organization", "O"), ("Nghị quyết số 23-NQ/TU", "Document", "D"),
               ("Nghị quyết", "Document", "D"), ("Dương Văn Trang", "Person", "P"),
               ("huyện Kon Rẫy", "Place", "K"), ("Dương Nương", "Organization", "N")]
    lines = ["@prefix nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#> .",
             "@prefix itsrdf: <http://www.w3.org/2005/11/its/rdf#> .",
             "@prefix kg: <https://w3id.org/vnkg/ontology#> .",
             "@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .",
             "@prefix prov: <http://www.w3.org/ns/prov#> .",
             "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .",
             "@prefix e: <https://w3id.org/vnkg/id/x/> .",
             "<https://w3id.org/vnkg/graph/tin-001/text> {",
             f"  {art} a nif:Context ; nif:sourceUrl <file:///in/tin-001.txt> .",
             f"  {sent} a nif:Sentence ; nif:referenceContext {art} ."]
    for surface, etype, ent in phrases:
        begin = DOC_TEXT.rindex(surface) if surface == "Nghị quyết" else DOC_TEXT.index(surface)
        assert DOC_TEXT[begin:begin + len(surface)] == surface
        lines.append(f"  <https://w3id.org/vnkg/article/tin-001#char={begin},{begin + len(surface)}>"
                     f" a nif:Phrase ; nif:referenceContext {art} ; nif:anchorOf \"{surface}\" ;"
                     f" itsrdf:taClassRef kg:{etype} ; itsrdf:taIdentRef e:{ent} .")
    lines += ["}", f"<https://w3id.org/vnkg/graph/tin-001/sentence/0-{end}> {{",
              f"  [] a kg:Assertion ; rdf:subject e:D ; rdf:predicate kg:issuedBy ; rdf:object e:O ;"
              f" prov:wasDerivedFrom {sent} .",
              f"  [] a kg:Assertion ; rdf:subject e:D ; rdf:predicate kg:issuedOn ;"
              f" kg:value \"2023-12\"^^xsd:gYearMonth ; prov:wasDerivedFrom {sent} .",
              f"  [] a kg:Assertion ; rdf:subject e:P ; rdf:predicate kg:holdsPosition ; rdf:object e:O ;"
              f" kg:roleLabel \"Bí thư\"@vi ; prov:wasDerivedFrom {sent} .", "}"]
    graph = tmp_path / "example.trig"
    graph.write_text("\n".join(lines) + "\n", encoding="utf-8")

    report = evaluate(gold, graph)
    ent, rel = report.entities.total, report.relations.total
    assert (ent.tp, ent.fp, ent.fn) == (3, 1, 4)
    assert (ent.precision, round(ent.recall, 2)) == (0.75, 0.43)
    assert (rel.tp, rel.fp, rel.fn) == (2, 1, 3)
    assert (round(rel.precision, 2), rel.recall) == (0.67, 0.4)
