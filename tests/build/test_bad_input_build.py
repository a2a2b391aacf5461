"""A build over a folder of everything a careless user or an attacker leaves there.

Good articles in every encoding and form are built, each thing that is not an
article gets one error line, conversions are named in the summary, nothing
blocks, and every anchor of the graph is its slice of the text.
"""

from __future__ import annotations

import os
import signal
from contextlib import contextmanager
from pathlib import Path

import pyoxigraph as ox
import pytest

from graph.build.runner import build_graph
from graph.read.legacy import encode_tcvn3, encode_vni

SEEDS = sorted((Path(__file__).resolve().parents[2] / "seeds").glob("*.txt"))
NIF = "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#"


@contextmanager
def deadline(seconds: float):
    def expired(signum, frame):
        raise TimeoutError(f"the build still runs after {seconds} s: something blocks")

    old = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("careless")
    src = root / "in"
    src.mkdir()
    texts = [p.read_text(encoding="utf-8") for p in SEEDS]
    (src / "a-utf8.txt").write_text(texts[0], encoding="utf-8")
    (src / "b-tcvn3.txt").write_bytes(encode_tcvn3(texts[1]))
    (src / "c-vni-mojibake.txt").write_text(encode_vni(texts[2]).decode("cp1252"), encoding="utf-8")
    (src / "d-utf16.txt").write_bytes(texts[3].replace("\n", "\r\n").encode("utf-16"))
    (src / "e-zero-width.txt").write_text(texts[4].replace("Đảng ủy", "Đả\u00adng ủy").replace("ng ", "ng\u200b "),
                                          encoding="utf-8")
    os.mkfifo(src / "pipe.txt")
    os.symlink("/dev/zero", src / "zero.txt")
    os.symlink(src / "loop.txt", src / "loop.txt")
    os.symlink(src / "gone.txt", src / "dangling.txt")
    (src / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    with deadline(300):
        report = build_graph([src], root / "out", progress=False)
    return src, root / "out", report


def test_every_good_file_is_built_and_every_bad_one_named(built):
    src, out, report = built
    assert report.articles == 5
    codes = sorted((Path(e.split(": ", 1)[0]).name, e.rsplit("[", 1)[1].rstrip("]")) for e in report.errors)
    assert codes == [("binary.txt", "E103"), ("dangling.txt", "E110"), ("loop.txt", "E109"), ("pipe.txt", "E107"),
                     ("zero.txt", "E107")]


def test_conversions_are_named_in_the_summary(built):
    src, out, report = built
    assert sorted(report.notes) == [f"{src / 'b-tcvn3.txt'}: converted from TCVN3",
                                    f"{src / 'c-vni-mojibake.txt'}: converted from VNI (mis-saved as UTF-8)"]
    assert f"note: {src / 'b-tcvn3.txt'}: converted from TCVN3" in report.summary()


def test_the_graph_anchors_are_slices_of_its_texts(built):
    src, out, report = built
    store = ox.Store()
    store.bulk_load(path=str(out / "graph.nq"), format=ox.RdfFormat.N_QUADS)
    rows = list(store.query(f"""PREFIX nif: <{NIF}>
        SELECT ?ctx ?text ?b ?e ?anchor WHERE {{
          GRAPH ?g {{ ?s nif:referenceContext ?ctx ; nif:beginIndex ?b ; nif:endIndex ?e ; nif:anchorOf ?anchor }}
          GRAPH ?g2 {{ ?ctx nif:isString ?text }} }}"""))
    assert len({row["ctx"].value for row in rows}) == 5
    for row in rows:
        assert row["text"].value[int(row["b"].value) : int(row["e"].value)] == row["anchor"].value
    mentions = {row["anchor"].value for row in rows}
    # found through the soft hyphen, and anchored with it
    assert any(m.startswith("Đả\u00adng\u200b ủy Khối") for m in mentions)
