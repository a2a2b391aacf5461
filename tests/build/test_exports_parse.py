"""Every export parses with its standard reader, whatever characters an article holds.

An article with every C0 control character, DEL and C1 controls, U+FFFE/U+FFFF,
zero-width characters and line separators in the middle of words is built
like any other; the RDF keeps its text (nif:isString: the file's text with
every line end as LF) and the anchors are its slices, the XML and the HTML
never see a character XML forbids.
"""

from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx
import pyoxigraph as ox
import pytest
from rdflib import Dataset

from graph.build.runner import build_graph

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
CONTROLS = [chr(c) for c in range(0x20) if chr(c) not in "\t\n\r"] + ["\x7f", "\x85", "\x9f", "\ufffe", "\uffff",
                                                                     "\u2028", "\u2029"]
LINE_BREAKS = "\x0b\x0c\x85\u2028\u2029"  # read as LF: the article's text has LF line ends
ZERO_WIDTH = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad"]
XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
NIF = "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#"


def _hostile(text: str) -> str:
    """The seed's text with each control and zero-width character put inside a word."""
    words = [m.start() + 2 for m in re.finditer(r"\b[^\W\d_]{4,}", text)]
    chars = CONTROLS + ZERO_WIDTH
    step = max(1, len(words) // len(chars))
    out, pos = [], 0
    for i, c in enumerate(chars):
        at = words[i * step]
        out += [text[pos:at], c]
        pos = at
    out.append(text[pos:])
    return "".join(out)


@pytest.fixture(scope="module")
def exports(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("hostile")
    src = root / "in"
    src.mkdir()
    text = next(SEEDS.glob("003_*.txt")).read_text(encoding="utf-8")
    hostile = _hostile(text)
    assert all(c in hostile for c in CONTROLS + ZERO_WIDTH)
    (src / "hostile.txt").write_text(hostile, encoding="utf-8")
    (src / "plain.txt").write_text(next(SEEDS.glob("001_*.txt")).read_text(encoding="utf-8"), encoding="utf-8")
    report = build_graph([src], root / "out", progress=False)
    assert report.errors == [] and report.articles == 2
    return root / "out"


def _quads(path: Path, fmt) -> list:
    with path.open("rb") as fh:
        return list(ox.parse(fh, format=fmt))


@pytest.mark.parametrize("name, fmt, rdflib_format", [("graph.nq", ox.RdfFormat.N_QUADS, "nquads"),
                                                      ("graph.trig", ox.RdfFormat.TRIG, "trig"),
                                                      ("graph.jsonld", ox.RdfFormat.JSON_LD, "json-ld")])
def test_rdf_exports_parse_with_oxigraph_and_rdflib(exports, name, fmt, rdflib_format):
    quads = _quads(exports / name, fmt)
    ds = Dataset()
    ds.parse(exports / name, format=rdflib_format)
    assert len(quads) == len(list(ds.quads((None, None, None, None)))) > 0
    texts = [q.object.value for q in quads if q.predicate.value == NIF + "isString"]
    kept = [c for c in CONTROLS + ZERO_WIDTH if c not in LINE_BREAKS]
    assert any(all(c in t for c in kept) for t in texts)  # the text is kept exactly
    assert not any(c in t for t in texts for c in LINE_BREAKS)


def test_every_anchor_is_its_slice_of_the_text(exports):
    store = ox.Store()
    store.bulk_load(path=str(exports / "graph.nq"), format=ox.RdfFormat.N_QUADS)
    rows = store.query(f"""PREFIX nif: <{NIF}>
        SELECT ?text ?b ?e ?anchor WHERE {{
          GRAPH ?g {{ ?s nif:referenceContext ?ctx ; nif:beginIndex ?b ; nif:endIndex ?e ; nif:anchorOf ?anchor }}
          GRAPH ?g2 {{ ?ctx nif:isString ?text }} }}""")
    checked = 0
    for row in rows:
        text, b, e, anchor = (row[v].value for v in ("text", "b", "e", "anchor"))
        assert text[int(b) : int(e)] == anchor
        checked += 1
    assert checked > 50


def test_graphml_parses_with_networkx_and_etree(exports):
    data = (exports / "graph.graphml").read_text(encoding="utf-8")
    assert not XML_FORBIDDEN.search(data)
    G = nx.read_graphml(exports / "graph.graphml")
    assert G.number_of_nodes() > 10
    root = ET.parse(exports / "graph.graphml").getroot()
    assert root.tag.endswith("graphml")


@pytest.mark.parametrize("name", ["entities.csv", "mentions.csv", "relations.csv", "figures.csv"])
def test_csv_exports_parse(exports, name):
    with (exports / name).open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    header, body = rows[0], rows[1:]
    assert body and all(len(r) == len(header) for r in body)
    if name == "mentions.csv":
        text = (exports / ".." / "in" / "hostile.txt").read_text(encoding="utf-8")
        cols = {c: i for i, c in enumerate(header)}
        for r in body:
            if r[cols["article"]] == "hostile":
                assert text[int(r[cols["start"]]) : int(r[cols["end"]])] == r[cols["text"]]


def test_the_html_view_has_no_raw_control_characters(exports):
    page = (exports / "graph.html").read_text(encoding="utf-8")
    assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]", page)
    for script in re.findall(r'<script type="application/json"[^>]*>(.*?)</script>', page, re.DOTALL):
        json.loads(script)
    assert io.StringIO(page).read(15).lower().startswith("<!doctype html")
