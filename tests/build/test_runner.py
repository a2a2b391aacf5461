"""graph.build.runner: whole builds — reproducible, robust to bad files, atomic, consistent exports."""

from __future__ import annotations

import csv
import importlib.util
import shutil
import unicodedata
from collections import Counter
from pathlib import Path

import pyoxigraph as ox
import pytest

import graph.build.runner
import graph.export.files
from graph.build.runner import build_graph, remove_articles
from graph.errors import BuildError
from graph.store.knowledge_store import KnowledgeStore

SEEDS = Path(__file__).resolve().parents[2] / "seeds"

# The graph checks of tests/test_rdf.py, applied here to other builds (tests/ is no package).
_spec = importlib.util.spec_from_file_location("_kg_rdf_checks", Path(__file__).parents[1] / "emit" / "test_rdf.py")
_rdf = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_rdf)
check_contexts, check_offsets, load_store, select = (
    _rdf.check_contexts, _rdf.check_offsets, _rdf.load_store, _rdf.select)


def seed_copy(tmp_path: Path, names: list[str] | None = None) -> Path:
    src = tmp_path / "in"
    src.mkdir()
    for p in sorted(SEEDS.glob("*.txt")):
        if names is None or p.name[:3] in names:
            shutil.copy(p, src / p.name)
    return src


def snapshot(out: Path) -> dict[str, bytes]:
    """The bytes of every export file (not the store's or cache's internals)."""
    return {p.name: p.read_bytes() for p in sorted(out.iterdir()) if p.is_file()}


def read_csv(path: Path) -> tuple[list[str], list[dict]]:
    with open(path, encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        return list(reader.fieldnames), list(reader)


# -- reproducible ------------------------------------------------------------------------------------
def test_two_builds_are_byte_identical(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    a, b = tmp_path / "a", tmp_path / "b"
    build_graph([SEEDS], a, progress=False)
    build_graph([SEEDS], b, progress=False)
    for name in ("graph.trig", "graph.nq"):
        assert (a / name).read_bytes() == (b / name).read_bytes(), name
    # a rebuild into the same folder (reusing its cache and store) writes the same bytes
    first = snapshot(a)
    build_graph([SEEDS], a, progress=False)
    again = snapshot(a)
    for name in ("graph.trig", "graph.nq", "entities.csv", "mentions.csv"):
        assert again[name] == first[name], name
    # the fixed time is the one written
    assert b'"2023-11-14T22:13:20"^^<http://www.w3.org/2001/XMLSchema#dateTime>' in first["graph.nq"]


# -- bad input ----------------------------------------------------------------------------------------
def test_bad_files_are_reported_once_and_good_ones_built(tmp_path):
    src = seed_copy(tmp_path)
    bad = {
        "empty.txt": b"",
        "image.txt": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x02\x00" + bytes(range(256)) * 4,
        "latin1.txt": "Tin tức: Hội nghị tại café Hà Nội".encode("latin-1", "replace") + b"\xe9\xe8",
    }
    for name, data in bad.items():
        (src / name).write_bytes(data)
    # good files that need normalising: a BOM, decomposed (NFD) Vietnamese
    (src / "bom.txt").write_bytes(b"\xef\xbb\xbf" + next(SEEDS.glob("003_*.txt")).read_bytes())
    nfd = unicodedata.normalize("NFD", next(SEEDS.glob("004_*.txt")).read_text(encoding="utf-8"))
    (src / "nfd.txt").write_bytes(nfd.encode("utf-8"))
    out = tmp_path / "out"
    report = build_graph([src], out, progress=False)
    assert report.articles == 7
    for name in bad:
        hits = [e for e in report.errors if name in e]
        assert len(hits) == 1, (name, report.errors)
        assert str(src / name) in hits[0]
    assert len(report.errors) == len(bad)
    # the report says it, and the graph has the good files only
    summary = report.summary()
    assert all(name in summary for name in bad)
    store = load_store(out / "graph.trig")
    check_contexts(store, sorted(src.glob("[0-9]*.txt")) + [src / "bom.txt", src / "nfd.txt"])
    check_offsets(store, "Phrase")


def test_same_file_name_in_two_folders_is_two_articles(tmp_path):
    seed = next(SEEDS.glob("003_*.txt"))
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        shutil.copy(seed, tmp_path / folder / seed.name)
    out = tmp_path / "out"
    report = build_graph([tmp_path / "a", tmp_path / "b"], out, progress=False)
    assert report.articles == 2 and not report.errors
    store = load_store(out / "graph.trig")
    check_contexts(store, [tmp_path / "a" / seed.name, tmp_path / "b" / seed.name])
    keys = [r["k"] for r in select(store, "SELECT ?k WHERE { GRAPH ?g { ?c kg:articleKey ?k } }")]
    assert len(keys) == len(set(keys)) == 2
    check_offsets(store, "Phrase")


def test_vietnamese_file_and_folder_names(tmp_path):
    folder = tmp_path / "in" / "Bản tin Kon Tum"
    folder.mkdir(parents=True)
    path = folder / "Nghị quyết số 23 (bài 1).txt"
    shutil.copy(next(SEEDS.glob("003_*.txt")), path)
    out = tmp_path / "out"
    report = build_graph([tmp_path / "in"], out, progress=False)
    assert report.articles == 1 and not report.errors
    store = load_store(out / "graph.trig")
    check_contexts(store, [path], tmp_path / "in")  # nif:sourceUrl: file: + the path under the input, encoded
    [key] = [r["k"] for r in select(store, "SELECT ?k WHERE { GRAPH ?g { ?c kg:articleKey ?k } }")]
    assert key.isascii() and "/" not in key and " " not in key


def test_missing_input_is_an_error_not_a_crash(tmp_path):
    with pytest.raises(BuildError, match=r"nowhere: no such file or folder \[E101\]; nothing was changed"):
        build_graph([tmp_path / "nowhere"], tmp_path / "out", progress=False)


# -- never lose data -------------------------------------------------------------------------------------
def test_a_typo_in_the_path_changes_nothing(tmp_path):
    out = tmp_path / "out"
    build_graph([seed_copy(tmp_path)], out, progress=False)
    before = snapshot(out)
    latest = (out / "store" / "LATEST").read_text()
    for bad in ([tmp_path / "typo"], [tmp_path / "in", tmp_path / "typo"]):
        with pytest.raises(BuildError, match="typo: no such file or folder"):
            build_graph(bad, out, progress=False)
        assert snapshot(out) == before and (out / "store" / "LATEST").read_text() == latest


def test_an_empty_folder_or_only_bad_files_change_nothing(tmp_path):
    out = tmp_path / "out"
    build_graph([seed_copy(tmp_path)], out, progress=False)
    before = snapshot(out)
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(BuildError, match=r"nothing to build: no article files .*\[E301\]"):
        build_graph([empty], out, progress=False)
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "a.txt").write_bytes(b"")
    (bad / "b.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    with pytest.raises(BuildError, match="every file failed to read") as info:
        build_graph([bad], out, progress=False)
    assert "a.txt: empty file" in str(info.value) and "b.txt" in str(info.value)
    assert snapshot(out) == before
    assert len(list(load_store(out / "graph.trig").query(
        "SELECT DISTINCT ?a WHERE { GRAPH ?g { ?a a <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#Context> } }"))) == 5


def test_a_build_adds_and_keeps_what_it_does_not_read(tmp_path):
    out = tmp_path / "out"
    build_graph([seed_copy(tmp_path, ["000", "001", "002"])], out, progress=False)
    today = tmp_path / "today"
    today.mkdir()
    shutil.copy(next(SEEDS.glob("003_*.txt")), today)
    report = build_graph([today], out, progress=False)
    assert (report.new, report.articles, report.removed) == (1, 4, 0)
    keys = {r["k"] for r in select(load_store(out / "graph.nq"), "SELECT ?k WHERE { GRAPH ?g { ?c kg:articleKey ?k } }")}
    assert {k[:3] for k in keys} == {"000", "001", "002", "003"}


def test_sync_mirrors_the_input_and_dry_run_changes_nothing(tmp_path):
    src = seed_copy(tmp_path)
    out = tmp_path / "out"
    build_graph([src], out, progress=False)
    gone = next(src.glob("004_*.txt"))
    gone.unlink()
    before = snapshot(out)
    plan = build_graph([src], out, sync=True, dry_run=True, progress=False)
    assert any(line.strip().startswith("remove " + gone.stem) for line in plan.plan)
    assert snapshot(out) == before
    report = build_graph([src], out, sync=True, progress=False)
    assert (report.articles, report.removed) == (4, 1)
    assert any("1 articles not in the input are removed" in n for n in report.notes)
    keys = "SELECT DISTINCT ?k WHERE { GRAPH ?g { ?a kg:articleKey ?k } }"
    exported = {r["k"] for r in select(load_store(out / "graph.trig"), keys)}
    assert exported == {p.stem for p in src.glob("*.txt")}
    stored = KnowledgeStore.current(out / "store").store
    assert {r["k"] for r in select(stored, keys)} == exported
    graphs = {r["g"] for r in select(stored, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")}
    assert not [g for g in graphs if gone.stem in g]
    for name in ("mentions.csv", "entities.csv", "relations.csv"):
        assert gone.stem not in (out / name).read_text(encoding="utf-8"), name


def test_remove_by_key_or_by_file(tmp_path):
    src = seed_copy(tmp_path)
    out = tmp_path / "out"
    build_graph([src], out, progress=False)
    a, b = sorted(src.glob("*.txt"))[:2]
    report = remove_articles(out, [a.stem, str(b)])
    assert (report.removed, report.articles) == (2, 3)
    keys = {r["k"] for r in select(load_store(out / "graph.nq"), "SELECT ?k WHERE { GRAPH ?g { ?c kg:articleKey ?k } }")}
    assert a.stem not in keys and b.stem not in keys and len(keys) == 3
    with pytest.raises(BuildError, match="no article 'nope'"):
        remove_articles(out, ["nope"])


# -- atomic exports -------------------------------------------------------------------------------------
def _fail(*args, **kwargs):
    raise RuntimeError("disk full (simulated)")


def _break_views_export(monkeypatch):
    monkeypatch.setattr(graph.build.runner, "write_views", _fail)


def test_failed_export_leaves_previous_exports(tmp_path, monkeypatch):
    out = tmp_path / "out"
    build_graph([seed_copy(tmp_path, ["000", "001", "002", "003"])], out, progress=False)
    before = snapshot(out)
    latest = (out / "store" / "LATEST").read_text()
    assert {"graph.trig", "graph.nq", "entities.csv", "mentions.csv"} <= set(before)

    more = tmp_path / "more"
    shutil.copytree(tmp_path / "in", more)
    shutil.copy(next(SEEDS.glob("004_*.txt")), more)
    _break_views_export(monkeypatch)
    with pytest.raises(RuntimeError, match="simulated"):
        build_graph([more], out, progress=False)
    assert snapshot(out) == before and (out / "store" / "LATEST").read_text() == latest
    assert not [p.name for p in out.iterdir() if p.name.startswith(".staging")]

    # and a good build afterwards replaces them
    monkeypatch.undo()
    report = build_graph([more], out, progress=False)
    assert report.articles == 5
    assert snapshot(out)["graph.nq"] != before["graph.nq"]


def test_failed_export_leaves_the_store_as_the_exports(tmp_path, monkeypatch):
    out = tmp_path / "out"
    build_graph([seed_copy(tmp_path, ["000", "001", "002", "003"])], out, progress=False)
    more = tmp_path / "more"
    shutil.copytree(tmp_path / "in", more)
    shutil.copy(next(SEEDS.glob("004_*.txt")), more)
    _break_views_export(monkeypatch)
    with pytest.raises(RuntimeError):
        build_graph([more], out, progress=False)
    exported = ox.Store()
    exported.load(path=str(out / "graph.nq"), format=ox.RdfFormat.N_QUADS)
    stored = KnowledgeStore.current(out / "store").store
    keys = "SELECT DISTINCT ?k WHERE { GRAPH ?g { ?a <https://w3id.org/vnkg/ontology#articleKey> ?k } }"
    assert ({r["k"].value for r in stored.query(keys)} == {r["k"].value for r in exported.query(keys)})


def test_rebuild_replaces_an_edited_article(tmp_path):
    src = seed_copy(tmp_path, ["002", "003"])
    out = tmp_path / "out"
    build_graph([src], out, progress=False)
    edited = next(src.glob("003_*.txt"))
    text = edited.read_text(encoding="utf-8")
    # the text grows early on: every later offset moves
    edited.write_text(text.replace("Ngày 5/12/2023, Tỉnh ủy ban hành", "Ngày 6/12/2023, Tỉnh ủy Kon Tum ban hành"),
                      encoding="utf-8")
    report = build_graph([src], out, progress=False)
    assert (report.updated, report.unchanged) == (1, 1)
    files = sorted(src.glob("*.txt"))
    for store in (load_store(out / "graph.trig"), KnowledgeStore.current(out / "store").store):
        check_contexts(store, files)
        check_offsets(store, "Phrase")
        check_offsets(store, "Sentence")
        dates = {r["d"] for r in select(store, "SELECT ?d WHERE { GRAPH ?g { ?x kg:issuedOn ?d } }")}
        assert "2023-12-06" in dates and "2023-12-05" not in dates


# -- CSV exports agree with the graph -------------------------------------------------------------------
@pytest.fixture(scope="module")
def seeds_graph(seeds_exports):
    return load_store(seeds_exports / "graph.trig")


def test_mentions_csv_is_the_graphs_phrases(seeds_exports, seeds_graph):
    header, rows = read_csv(seeds_exports / "mentions.csv")
    assert header == ["article", "start", "end", "text", "type", "subtype", "entity", "sentence_start",
                      "sentence_end", "rule"]
    phrases = select(seeds_graph, """
        SELECT ?key ?b ?e ?a ?ent ?cls ?rule ?sb ?se WHERE { GRAPH ?g {
            ?p a nif:Phrase ; nif:referenceContext ?ctx ; nif:beginIndex ?b ; nif:endIndex ?e ;
               nif:anchorOf ?a ; itsrdf:taIdentRef ?ent ; itsrdf:taClassRef ?cls ; kg:rule ?rule ;
               nif:sentence ?s .
            ?s nif:beginIndex ?sb ; nif:endIndex ?se .
            ?ctx kg:articleKey ?key } }""")
    in_graph = {(r["key"], int(r["b"]), int(r["e"])): r for r in phrases}
    assert len(rows) == len(in_graph) > 100
    for row in rows:
        r = in_graph[(row["article"], int(row["start"]), int(row["end"]))]
        assert row["text"] == r["a"]
        assert row["entity"] == r["ent"]
        assert r["cls"].endswith("#" + row["type"])
        assert row["rule"] == r["rule"]
        assert (int(row["sentence_start"]), int(row["sentence_end"])) == (int(r["sb"]), int(r["se"]))


def test_entities_csv_is_the_graphs_entities(seeds_exports, seeds_graph):
    header, rows = read_csv(seeds_exports / "entities.csv")
    assert header == ["iri", "type", "subtype", "label", "aliases", "mentions", "articles"]
    _, mentions = read_csv(seeds_exports / "mentions.csv")
    per_entity = Counter(m["entity"] for m in mentions)
    assert {r["iri"] for r in rows} == set(per_entity)  # every mentioned entity, once
    assert len(rows) == len({r["iri"] for r in rows})
    labels = {(r["e"], r["l"]) for r in select(seeds_graph, """
        SELECT DISTINCT ?e ?l WHERE { GRAPH ?g { ?e rdfs:label ?l } }""")}
    types = {(r["e"], r["t"]) for r in select(seeds_graph, """
        SELECT DISTINCT ?e ?t WHERE { GRAPH ?g { ?e a ?t } }""")}
    for row in rows:
        assert int(row["mentions"]) == per_entity[row["iri"]]
        assert (row["iri"], row["label"]) in labels
        assert (row["iri"], f"https://w3id.org/vnkg/ontology#{row['type']}") in types
        articles = set(row["articles"].split(" | "))
        assert articles == {m["article"] for m in mentions if m["entity"] == row["iri"]}
        texts = {m["text"] for m in mentions if m["entity"] == row["iri"]}
        assert texts <= set(row["aliases"].split(" | "))


# -- the shared corpus ---------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def corpus_build(politics_dir, tmp_path_factory):
    out = tmp_path_factory.mktemp("politics-exports")
    report = build_graph([politics_dir], out, progress=False)
    return report, out


@pytest.mark.corpus
def test_corpus_build_texts_and_offsets(corpus_build, politics_dir):
    report, out = corpus_build
    files = sorted(politics_dir.glob("*.txt"))
    assert report.errors == []
    assert report.articles == len(files)
    store = load_store(out / "graph.trig")
    check_contexts(store, files)
    assert check_offsets(store, "Phrase") > 1000
    assert check_offsets(store, "Sentence") > 1000


@pytest.mark.corpus
def test_corpus_csvs_agree_with_report(corpus_build):
    report, out = corpus_build
    _, mentions = read_csv(out / "mentions.csv")
    _, entities = read_csv(out / "entities.csv")
    assert len(mentions) == sum(report.mentions_by_type.values())
    assert Counter(m["type"] for m in mentions) == report.mentions_by_type
    assert {e["iri"] for e in entities} == {m["entity"] for m in mentions}


NAMESAKE = ("Huyện ủy {d} tổ chức hội nghị\nTỉnh Kon Tum: Huyện ủy {d} tổ chức hội nghị. Đồng chí Nguyễn Văn Hùng, "
            "Bí thư Huyện ủy {d} phát biểu chỉ đạo.\n")


def test_namesakes_split_once_and_a_rebuild_changes_nothing(tmp_path):
    # two undated articles give one Kon Tum name the one-holder post of two bodies: two people;
    # the split must be a fixed point, or every later build reprocesses and flips it back
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text(NAMESAKE.format(d="Đăk Hà"), encoding="utf-8")
    (src / "b.txt").write_text(NAMESAKE.format(d="Sa Thầy"), encoding="utf-8")
    build_graph([src], tmp_path / "out", progress=False)
    people = [r for r in csv.DictReader((tmp_path / "out" / "entities.csv").open(encoding="utf-8"))
              if r["type"] == "Person"]
    assert sorted(r["iri"].rsplit("/", 1)[1] for r in people) == ["nguyen-van-hung-7fddfa", "nguyen-van-hung-7fddfa-b"]
    again = build_graph([src], tmp_path / "out", progress=False)
    assert (again.changed, again.reprocessed) == (False, 0)


def _store_quads(out: Path, skip_graph: str) -> set[str]:
    from graph.store import versions

    store = ox.Store.read_only(str(versions.current(out / "store")))
    return {str(q) for q in store if not (isinstance(q.graph_name, ox.NamedNode) and q.graph_name.value == skip_graph)}


def test_an_incremental_build_gives_the_store_of_a_full_one(tmp_path, monkeypatch):
    # one article added to four: its graphs added and the entity index changed where it must
    # be (counts, names); the result must equal a build of all five at once
    from graph.rdf import iris

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    src = seed_copy(tmp_path, ["000", "001", "002", "003"])
    build_graph([src], tmp_path / "inc", progress=False)
    shutil.copy(SEEDS / next(p.name for p in sorted(SEEDS.glob("004*.txt"))), src)
    again = build_graph([src], tmp_path / "inc", progress=False)
    assert (again.new, again.unchanged) == (1, 4)
    build_graph([src], tmp_path / "full", progress=False)
    inc, full = _store_quads(tmp_path / "inc", iris.BUILD_GRAPH), _store_quads(tmp_path / "full", iris.BUILD_GRAPH)
    assert len(full) > 1000 and inc == full


def test_the_exports_do_not_depend_on_the_hash_seed(tmp_path):
    # sets iterate in hash order: a layout or a listing that followed one would change per process
    import os
    import subprocess
    import sys

    outs = []
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed, "SOURCE_DATE_EPOCH": "1700000000"}
        out = tmp_path / f"seed{seed}"
        subprocess.run([sys.executable, "-m", "graph.cli", "build", str(SEEDS), "--out", str(out), "--quiet"],
                       env=env, check=True, capture_output=True)
        outs.append(out)
    for name in ("graph.nq", "graph.html", "graph.graphml", "entities.csv", "relations.csv"):
        assert (outs[0] / name).read_bytes() == (outs[1] / name).read_bytes(), name


def _nq_without(path: Path, graph_iri: str) -> list[str]:
    return [line for line in path.read_text(encoding="utf-8").split("\n") if line and f"<{graph_iri}> ." not in line]


def test_an_incremental_build_copies_unchanged_shares_and_writes_the_exports_of_a_full_one(tmp_path, monkeypatch):
    # the exports of a build that adds, changes and removes articles are spliced from the previous
    # ones (only the changed articles' blobs are read) and equal a full build's, byte for byte
    # apart from the build graph (which records the runs)
    from graph.rdf import iris

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    src = seed_copy(tmp_path, ["000", "001", "002", "003"])
    inc = tmp_path / "inc"
    build_graph([src], inc, progress=False)
    shutil.copy(next(SEEDS.glob("004*.txt")), src)
    edited = next(src.glob("001*.txt"))
    edited.write_text(edited.read_text(encoding="utf-8") + "\nTỉnh ủy Kon Tum ban hành Nghị quyết số 99-NQ/TU.\n",
                      encoding="utf-8")
    loaded = []
    real = graph.build.runner._emitted
    monkeypatch.setattr(graph.build.runner, "_emitted", lambda blobs, d: loaded.append(d) or real(blobs, d))
    again = build_graph([src], inc, progress=False)
    assert (again.new, again.updated, again.unchanged) == (1, 1, 3)
    assert len(set(loaded)) == 2  # the new and the edited article (exports, store); the three others are copied
    gone = next(src.glob("002*.txt"))
    loaded.clear()
    remove_articles(inc, [str(gone)])
    assert loaded == []  # a removal copies every share it keeps
    gone.unlink()
    monkeypatch.setattr(graph.build.runner, "_emitted", real)
    full = tmp_path / "full"
    build_graph([src], full, progress=False)
    for name in ("mentions.csv", "relations.csv", "figures.csv", "entities.csv", "graph.graphml", "graph.html"):
        assert (inc / name).read_bytes() == (full / name).read_bytes(), name
    assert _nq_without(inc / "graph.nq", iris.BUILD_GRAPH) == _nq_without(full / "graph.nq", iris.BUILD_GRAPH)
    for name, fmt in (("graph.trig", ox.RdfFormat.TRIG), ("graph.jsonld", ox.RdfFormat.JSON_LD)):
        def quads(out, fmt=fmt, name=name):
            return {str(q) for q in ox.parse(path=str(out / name), format=fmt)
                    if q.graph_name != ox.NamedNode(iris.BUILD_GRAPH)}
        assert quads(inc) == quads(full) and len(quads(full)) > 1000, name
        # and byte for byte, the entity index's subjects copied or written as a full write does
        lines = _without_build_graph(full / name)
        assert _without_build_graph(inc / name) == lines and len(lines) > 50, name


def _without_build_graph(path: Path) -> list[str]:
    """The lines of graph.trig or graph.jsonld without those of the build graph (literals escape
    their line breaks: a graph's block or object is whole lines)."""
    from graph.rdf import iris

    out, skipping = [], False
    for line in path.read_text(encoding="utf-8").split("\n"):
        if line.startswith((f"<{iris.BUILD_GRAPH}> {{", f'{{"@id":"{iris.BUILD_GRAPH}"', f'[{{"@id":"{iris.BUILD_GRAPH}"')):
            skipping = line.startswith("<")  # a TriG block runs to its closing brace
            continue
        if skipping:
            skipping = line != "}"
            continue
        out.append(line)
    return out


def test_an_export_edited_by_hand_is_written_whole_again(tmp_path, monkeypatch):
    src = seed_copy(tmp_path, ["000", "001"])
    out = tmp_path / "out"
    build_graph([src], out, progress=False)
    good = (out / "mentions.csv").read_bytes()
    (out / "mentions.csv").write_bytes(good.replace(b"\n", b"\r\n"))  # same content, other bytes and size
    shutil.copy(next(SEEDS.glob("002*.txt")), src)
    build_graph([src], out, progress=False)
    lines = (out / "mentions.csv").read_bytes().split(b"\n")
    assert b"\r" not in b"".join(lines) and set(good.split(b"\n")) <= set(lines)


def test_a_removal_gives_the_store_of_a_full_build_of_the_rest(tmp_path, monkeypatch):
    # the entities only the removed article named leave the index graph; the others' counts and
    # names change: the index graph's update by subject must give what a full build gives
    from graph.rdf import iris

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    src = seed_copy(tmp_path, ["000", "001", "002", "003"])
    build_graph([src], tmp_path / "inc", progress=False)
    gone = sorted(src.glob("*.txt"))[1]
    assert remove_articles(tmp_path / "inc", [gone.stem]).removed == 1
    before = _store_quads(tmp_path / "inc", iris.BUILD_GRAPH)
    gone.unlink()
    build_graph([src], tmp_path / "full", progress=False)
    full = _store_quads(tmp_path / "full", iris.BUILD_GRAPH)
    assert len(full) > 1000 and before == full


def _update_after_editing_the_layout(tmp_path, edit) -> tuple[set[str], set[str]]:
    """Three seeds built, ``edit`` applied to the saved layout, a fourth seed added: the store's
    quads then, and those of a full build of the four (both without the build graph)."""
    from graph.export.files import Layout
    from graph.rdf import iris

    src = seed_copy(tmp_path, ["000", "001", "002"])
    inc = tmp_path / "inc"
    build_graph([src], inc, progress=False)
    path = inc / ".kg" / "exports.layout"
    lay = Layout.load(path)
    edit(lay)
    lay.save(path)
    shutil.copy(next(SEEDS.glob("003*.txt")), src)
    build_graph([src], inc, progress=False)
    build_graph([src], tmp_path / "full", progress=False)
    return _store_quads(inc, iris.BUILD_GRAPH), _store_quads(tmp_path / "full", iris.BUILD_GRAPH)


def test_subject_digests_that_all_differ_still_give_the_full_store(tmp_path, monkeypatch):
    # a layout whose digests match none of the index's subjects: every subject is compared with
    # the store's statements, and only what differs changes
    def wrong_digests(lay):
        lay.subjects["graph.trig"] = {k: ("not a digest", a, b) for k, (_, a, b) in lay.subjects["graph.trig"].items()}

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    inc, full = _update_after_editing_the_layout(tmp_path, wrong_digests)
    assert len(full) > 1000 and inc == full


def test_a_wrong_or_old_layout_never_costs_the_store_its_quads(tmp_path, monkeypatch):
    # a layout whose tail offset points into the articles (or one of an older release) must not
    # make the build remove the articles' quads from the store: it falls back to the full comparison
    def tail_at_zero(lay):
        lay.tail_start = 0

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    inc, full = _update_after_editing_the_layout(tmp_path, tail_at_zero)
    assert len(full) > 1000 and inc == full


def test_the_views_from_the_index_and_edges_in_memory_are_the_stores(tmp_path):
    # a build writes graph.graphml from its entity index and the articles' relation rows in
    # memory; read from the store's index graph and relation triples instead, the projection is
    # the same, node for node, edge for edge and byte for byte, after an update and a removal too
    from graph.store import versions
    from graph.viz.project import from_index, write_graphml

    out = tmp_path / "out"
    src = seed_copy(tmp_path)
    moved = sorted(src.glob("*.txt"))[-1]
    kept = moved.rename(tmp_path / moved.name)
    for step in ("first", "added", "removed"):
        if step == "added":
            shutil.copy(kept, src / kept.name)
        build_graph([src], out, progress=False)
        if step == "removed":
            remove_articles(out, [str(src / kept.name)])
        G = from_index(ox.Store.read_only(str(versions.current(out / "store"))))
        assert G.number_of_nodes() > 50 and G.number_of_edges() > 20
        write_graphml(G, tmp_path / "from-store.graphml")
        assert (tmp_path / "from-store.graphml").read_bytes() == (out / "graph.graphml").read_bytes(), step


def test_an_update_pickles_only_the_records_it_changed(tmp_path, monkeypatch):
    # the state of the new version writes the kept articles' records back as it read them
    import graph.store.state as state_mod

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    src = seed_copy(tmp_path, ["000", "001", "002"])
    out = tmp_path / "out"
    build_graph([src], out, progress=False)
    before = state_mod.load_state(out / "store", (out / "store" / "LATEST").read_text().strip())
    shutil.copy(next(SEEDS.glob("003*.txt")), src)
    made = []
    real = state_mod._record
    monkeypatch.setattr(state_mod, "_record", lambda a: made.append(a) or real(a))
    warmed = []
    monkeypatch.setattr(graph.build.runner.Runner, "warm", lambda self: warmed.append(self))
    build_graph([src], out, progress=False, jobs=2)
    assert [a.source for a in made] == [str(next(src.glob("003*.txt")))]
    assert warmed == []  # one article to do: the workers are not started ahead
    after = state_mod.load_state(out / "store", (out / "store" / "LATEST").read_text().strip())
    assert {k: a for k, a in after.articles.items() if k in before.articles} == before.articles
    assert len(after.articles) == 4
    made.clear()
    assert build_graph([src], out, progress=False, jobs=2).changed is False and made == [] and warmed == []


def test_the_workers_start_ahead_only_when_the_state_header_says_there_is_work():
    from graph.build.runner import Input, _changed_head

    i = Input("a", Path("a.txt"), Path("."), "a.txt", "a.txt", "c1", {}, "m1")
    assert not _changed_head(("p", {"a": ("c1", "m1")}), i, "p")
    assert _changed_head(("p", {"a": ("c2", "m1")}), i, "p")
    assert _changed_head(("p", {"a": ("c1", "m2")}), i, "p")
    assert _changed_head(("p", {}), i, "p")
    assert _changed_head(("old", {"a": ("c1", "m1")}), i, "p")
