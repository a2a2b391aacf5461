"""``kg eval --people``: the gold of people across articles against the annotations, and the
scores of real builds of annotated articles (in process and through ``kg build``)."""

from __future__ import annotations

import copy
import json
import shutil

import pytest

import graph.evaluate.across as across
from graph.cli import main
from graph.errors import EvalError
from graph.evaluate.across import (PEOPLE, SPLITS, GoldPerson, SysSpan, align, build_results, evaluate_people,
                                   load_people, parse_people, people_from_results, person_entities, score_people,
                                   validate_people)
from graph.evaluate.corpus import corpus_root, text_path

# Nguyễn Đức Chung (p0427, Chủ tịch UBND TP Hà Nội) in five train articles, with the other
# people of those articles: one person written "UBND TP Hà Nội" here and "UBND thành phố" there.
CHUNG = ["bulk_03846_baomoi_mag_59a99f12.txt", "bulk_03888_baomoi_mag_221344b2.txt",
         "pol_090_baomoi_magiz_27539de9.txt", "pol_149_baomoi_magiz_7f08c1e1.txt",
         "pol_168_baomoi_magiz_c4eed6c5.txt"]

needs_corpus = pytest.mark.skipif(not (corpus_root() / "politics").is_dir(), reason="../shared/corpus is not here")


def test_people_file_covers_every_person_of_the_annotations():
    # every Person entity with a required mention in annotations/politics and bulk is in
    # exactly one cluster, every member is a Person entity, splits agree with split.json
    assert validate_people() == []
    gold = load_people()
    members = [m for ms in gold.clusters.values() for m in ms]
    assert len(members) == len(set(members)) > 1000
    assert all(m.split in SPLITS for m in members) and {m.split for m in members} == set(SPLITS)


def test_validation_finds_an_entity_left_out_and_a_wrong_split(tmp_path):
    data = json.loads(PEOPLE.read_text("utf-8"))
    dropped = next(c for c in data["clusters"] if len(c["members"]) == 1)
    data["clusters"].remove(dropped)
    moved = next(c for c in data["clusters"] if len(c["members"]) > 1)
    moved["members"][0]["split"] = {"train": "dev", "dev": "test", "test": "train"}[moved["members"][0]["split"]]
    path = tmp_path / "people.json"
    path.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    problems = validate_people(path)
    member = dropped["members"][0]
    assert any(p.startswith(f"{member['file']}#{member['id']} ") and p.endswith("is in no cluster") for p in problems)
    assert any(p.startswith(f"{moved['id']}: ") and "whose split is" in p for p in problems)


@pytest.mark.parametrize("content, says", [
    ('{"format": "kg-people/1", "clusters": [', "cannot read the people file"),
    ('{"format": "kg-people/1", "clusters": [{"id": "p1", "members": []}]}', "'members' must be a non-empty list"),
    ('{"format": "kg-people/2", "clusters": []}', "format is 'kg-people/2'"),
])
def test_malformed_people_file_is_one_coded_line_naming_the_file(tmp_path, capsys, monkeypatch, content, says):
    path = tmp_path / "people.json"
    path.write_text(content, "utf-8")
    with pytest.raises(EvalError) as exc:
        load_people(path)
    message = str(exc.value)
    assert message.startswith(f"{path}: ") and says in message and message.endswith("[E501]")
    assert "\n" not in message
    # kg eval --people exits 2 with that one line, before reading any graph or building anything
    monkeypatch.setattr(across, "PEOPLE", path)
    assert main(["eval", "--people", "--graph", str(tmp_path / "none.trig")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith(f"kg eval: error: {path}: ") and err[0].endswith("[E501]")


def test_align_by_offsets_not_by_text():
    # two namesakes in one article: the gold entity is the one at its own offsets
    ent = GoldPerson("a.txt", "e2", ("Nguyễn Văn Hùng",), spans=((40, 55, False),))
    mentions = [SysSpan(0, 15, "kgid:person/x/hung-1", "Nguyễn Văn Hùng"),
                SysSpan(40, 55, "kgid:person/x/hung-2", "Nguyễn Văn Hùng")]
    assert align(ent, mentions) == "kgid:person/x/hung-2"
    # a name the build ran into the next word still says which entity it is
    assert align(ent, [SysSpan(40, 61, "kgid:person/x/hung-3", "Nguyễn Văn Hùng Chiều")]) == "kgid:person/x/hung-3"
    assert align(ent, [SysSpan(0, 15, "kgid:person/x/hung-1")]) is None


@pytest.fixture(scope="module")
def chung_results():
    if not (corpus_root() / "politics").is_dir():
        pytest.skip("../shared/corpus is not here")
    return build_results([text_path(f) for f in CHUNG], learned=False)


def _gold_of(files):
    gold = load_people().restrict(files=files)
    return gold, person_entities(gold.files)


def test_real_build_of_annotated_articles(chung_results):
    gold, entities = _gold_of(CHUNG)
    report = score_people(gold, people_from_results(chung_results), entities)
    part = report.parts["all"]
    assert part.entities == sum(len(ms) for ms in gold.clusters.values())
    assert part.aligned >= 0.8 * part.entities
    # Nguyễn Đức Chung is one entity of the build in all five articles
    assert "p0427" not in {w["id"] for w in part.wrong_splits}
    assert part.pairwise.tp >= 10 and part.pairwise.precision == 1.0
    assert 0.9 <= part.bcubed_recall <= 1.0
    assert set(report.parts) == {"all", "train"}


def test_a_gold_that_splits_what_the_build_merged_lowers_precision(chung_results):
    gold, entities = _gold_of(CHUNG)
    system = people_from_results(chung_results)
    before = score_people(gold, system, entities).parts["all"]
    split = copy.deepcopy(gold)
    members = split.clusters.pop("p0427")
    split.clusters["p0427a"], split.clusters["p0427b"] = members[:2], members[2:]
    after = score_people(split, system, entities).parts["all"]
    assert after.pairwise.precision < before.pairwise.precision
    assert after.pairwise.fp == before.pairwise.fp + 2 * 3
    assert after.bcubed_precision < before.bcubed_precision
    assert after.wrong_merges[0]["pairs"] == 6  # the worst merge first, with its people and files
    assert {p["id"] for p in after.wrong_merges[0]["people"]} == {"p0427a", "p0427b"}
    # marked unsure, the two halves are not scored against each other
    split.unsure.add(frozenset({"p0427a", "p0427b"}))
    unsure = score_people(split, system, entities).parts["all"]
    assert unsure.pairwise.fp == before.pairwise.fp and unsure.bcubed_precision == before.bcubed_precision


def test_a_gold_that_merges_two_people_lowers_recall(chung_results):
    gold, entities = _gold_of(CHUNG)
    system = people_from_results(chung_results)
    before = score_people(gold, system, entities).parts["all"]
    merged = copy.deepcopy(gold)
    other = next(c for c, ms in merged.clusters.items() if c != "p0427" and len(ms) == 1
                 and score_people(merged.restrict(files=[ms[0].file]), system, entities).parts["all"].aligned)
    merged.clusters["p0427"] += merged.clusters.pop(other)
    after = score_people(merged, system, entities).parts["all"]
    assert after.pairwise.recall < before.pairwise.recall
    assert after.bcubed_recall < before.bcubed_recall
    assert after.wrong_splits[0]["id"] == "p0427"


@needs_corpus
def test_kg_build_graph_scores_as_the_build_in_process(tmp_path, chung_results, capsys, monkeypatch):
    from graph.build.runner import build_graph

    monkeypatch.setenv("KG_LEARNED", "0")
    src = tmp_path / "in"
    src.mkdir()
    for f in CHUNG:
        shutil.copy(text_path(f), src / f)
    report = build_graph([src], tmp_path / "out", progress=False)
    assert not report.errors
    graph = tmp_path / "out" / "graph.trig"
    gold, entities = _gold_of(CHUNG)
    from_graph = evaluate_people(graph).parts["all"]
    in_process = score_people(gold, people_from_results(chung_results), entities).parts["all"]
    assert (from_graph.pairwise, from_graph.aligned) == (in_process.pairwise, in_process.aligned)
    # the command: the table, one row per part, then the worst merges and splits
    assert main(["eval", "--people", "--graph", str(graph)]) == 0
    out = capsys.readouterr().out
    assert "pairwise" in out and "B-cubed" in out and "\nall " in out and "\ntrain " in out
    assert "wrong merges (" in out and "wrong splits (" in out
    assert main(["eval", "--people", "--graph", str(graph), "--json"]) == 0
    scores = json.loads(capsys.readouterr().out)
    assert scores["all"]["pairwise"]["tp"] == in_process.pairwise.tp


def test_parse_people_lists_every_problem():
    with pytest.raises(EvalError) as exc:
        parse_people({"format": "kg-people/1", "clusters": [
            {"id": "p1", "members": [{"file": "a.txt", "id": "e1", "split": "tets"}]},
            {"id": "p1", "members": [{"file": "b.txt", "id": "e1"}]},
            {"id": "p2", "members": [{"file": "a.txt", "id": "e1"}]}]}, "people.json")
    message = str(exc.value)
    assert "3 problems" in message and "split 'tets'" in message and "unique" in message and "in p1 too" in message
