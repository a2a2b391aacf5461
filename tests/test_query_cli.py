"""``kg query``: named queries, files, formats and errors, run as the console command."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from graph.query.api import named_queries, open as open_graph
from graph.store.knowledge_store import KnowledgeStore

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "tests" / "fixtures" / "golden" / "graph.trig"  # the seeds, built by scripts/gen_fixtures.py


def kg(*args, cwd=ROOT):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "graph.cli", "query", *map(str, args)],
                          capture_output=True, text=True, cwd=cwd, encoding="utf-8", env=env)


@pytest.fixture(scope="module")
def exports(tmp_path_factory) -> Path:
    """An exports folder with store/ loaded from the golden seeds graph."""
    out = tmp_path_factory.mktemp("exports")
    with KnowledgeStore.open(out / "store") as s:
        s.load(SAMPLE)
    return out


def test_list_names_every_query_with_its_comment():
    r = kg("--list")
    assert r.returncode == 0
    for q in named_queries().values():
        assert f"{q.name}  " in r.stdout and q.comment in r.stdout
    assert "--param type=" in r.stdout and "(default kg:Organization)" in r.stdout


@pytest.mark.parametrize("name", sorted(named_queries()))
def test_every_named_query_runs_and_answers_on_the_seeds(name, exports):
    r = kg("--store", exports / "store", "--name", name, "--format", "json")
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    assert data["results"]["bindings"], f"{name} found nothing in the seeds"


def test_table_shows_vietnamese_and_short_iris(exports):
    r = kg("--store", exports, "--name", "positions")
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    assert lines[0].split()[:3] == ["person", "personName", "role"]
    # seed 003: "Đồng chí Bí thư Tỉnh ủy Dương Văn Trang …"
    assert any("Dương Văn Trang" in line and "Bí thư" in line and "kgid:person/kon-tum/duong-van-trang-" in line
               and "Tỉnh ủy Kon Tum" in line for line in lines)
    assert lines[-1] == f"({len(open_graph(SAMPLE).named('positions'))} rows)"


def test_csv_tsv_and_params(exports, golden):
    r = kg("--store", exports, "--name", "entities", "--param", "type=kg:Person", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(r.stdout)))
    assert {row["label"] for row in rows} == {row["label"] for row in golden.rows("entities.csv")
                                              if row["type"] == "Person"}
    assert {"Hồ Chí Minh", "Nguyễn Phú Trọng", "Dương Văn Trang (Kon Tum)"} <= {row["label"] for row in rows}
    # the provincial inspection commission (Ủy ban Kiểm tra Tỉnh ủy) has two figures in the seeds
    [body] = [row["iri"] for row in golden.rows("entities.csv") if row["label"] == "Ủy ban Kiểm tra Tỉnh ủy Kon Tum"]
    r = kg("--graph", SAMPLE, "--name", "figures", "--param", f"body={body}", "--format", "tsv")
    lines = r.stdout.splitlines()
    assert lines[0].startswith("?body\t?period") and len(lines) == 3
    r = kg("--graph", SAMPLE, "--name", "figures", "--param", "body=kgid:org/vn/nowhere", "--format", "csv")
    assert r.stdout.splitlines() == ["body,period,measure,value,unit,shareOfPlan,sentenceText,article"]


def test_query_text_file_ask_and_construct(tmp_path, golden):
    rq = tmp_path / "docs.rq"
    rq.write_text("SELECT DISTINCT ?n WHERE { ?d <https://w3id.org/vnkg/ontology#documentNumber> ?n } ORDER BY ?n",
                  encoding="utf-8")
    r = kg("--graph", SAMPLE, "-f", rq, "--format", "csv")
    assert r.stdout.split() == ["n", "01-KL/TW", "05-CT/TW", "135-CTr/TU", "23-NQ/TU", "776-QĐ/TU"]
    assert kg("--graph", SAMPLE, "ASK { ?s a <https://w3id.org/vnkg/ontology#Figure> }").stdout.strip() == "true"
    r = kg("--graph", SAMPLE, "CONSTRUCT WHERE { ?s a <https://w3id.org/vnkg/ontology#Person> }", "--format", "json")
    assert len(json.loads(r.stdout)) == sum(1 for row in golden.rows("entities.csv") if row["type"] == "Person")


def test_results_match_the_python_api(exports):
    r = kg("--store", exports, "--name", "documents", "--format", "json")
    via_cli = [b["number"]["value"] for b in json.loads(r.stdout)["results"]["bindings"]]
    assert via_cli == [row["number"] for row in open_graph(exports).named("documents")]


@pytest.mark.parametrize("args, message", [
    (["--name", "no-such-query"], "no named query 'no-such-query'"),
    (["SELECT ?x WHERE { ?x"], "SPARQL syntax error"),
    (["--name", "entities", "--param", "colour=red"], "has no parameter colour"),
    (["--name", "entities", "--param", "novalue"], "expected NAME=VALUE"),
    (["-f", "missing.rq"], "missing.rq: cannot read"),
])
def test_errors_exit_2_with_a_message(args, message):
    r = kg("--graph", SAMPLE, *args)
    assert r.returncode == 2 and message in r.stderr, r.stderr


def test_missing_default_store_exit_2(tmp_path):
    r = kg("--name", "entities", cwd=tmp_path)
    assert r.returncode == 2 and "exports/store: no such store" in r.stderr
