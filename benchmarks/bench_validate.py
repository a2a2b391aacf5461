"""Time ``graph.evaluate.validate`` on graphs of growing size.

Without arguments it writes synthetic graphs in the documented shape from the
shared corpus (capitalised word runs as mentions, every article a context) and
validates them; with paths it validates those files (e.g. a real build's
``graph.trig``). Prints parse time, validation time and counts.

    python benchmarks/bench_validate.py [--articles 20 80 171] [FILE ...]
"""

from __future__ import annotations

import argparse
import hashlib
import re
import sys
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from graph.evaluate.validate import load_union, validate  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus" / "politics"
NIF = "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#"
KG = "https://w3id.org/vnkg/ontology#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
ITS = "http://www.w3.org/2005/11/its/rdf#"
XSD = "http://www.w3.org/2001/XMLSchema#"
NAME = re.compile(r"[A-ZĐ][\w]*(?: [A-ZĐ][\w]*)+")


def synthetic(paths: list[Path], out: Path) -> tuple[int, int]:
    n = lambda iri: ox.NamedNode(iri)  # noqa: E731
    nni = lambda i: ox.Literal(str(i), datatype=n(XSD + "nonNegativeInteger"))  # noqa: E731
    quads, phrases = [], 0
    for path in paths:
        key = path.stem
        text = path.read_text(encoding="utf-8")
        ctx = n(f"https://w3id.org/vnkg/article/{key}")
        tg = n(f"https://w3id.org/vnkg/graph/{key}/text")
        q = lambda s, p, o, g=tg: quads.append(ox.Quad(s, n(p), o, g))  # noqa: E731
        q(ctx, RDF + "type", n(NIF + "Context"))
        q(ctx, RDF + "type", n(KG + "Article"))
        q(ctx, NIF + "isString", ox.Literal(text))
        q(ctx, NIF + "sourceUrl", n(path.resolve().as_uri()))
        q(ctx, KG + "contentHash", ox.Literal(hashlib.sha256(text.encode()).hexdigest()))
        for line in re.finditer(r"[^\n]+", text):
            b, e = line.span()
            sent = n(f"{ctx.value}#sentence={b},{e}")
            q(sent, RDF + "type", n(NIF + "Sentence"))
            q(sent, NIF + "beginIndex", nni(b))
            q(sent, NIF + "endIndex", nni(e))
            q(sent, NIF + "anchorOf", ox.Literal(line.group()))
            q(sent, NIF + "referenceContext", ctx)
            fg = n(f"https://w3id.org/vnkg/graph/{key}/sentence/{b}-{e}")
            for m in NAME.finditer(line.group()):
                mb, me = b + m.start(), b + m.end()
                ph = n(f"{ctx.value}#char={mb},{me}")
                ent = n("https://w3id.org/vnkg/id/org/vn/" + hashlib.md5(m.group().encode()).hexdigest()[:12])
                q(ph, RDF + "type", n(NIF + "Phrase"))
                q(ph, NIF + "anchorOf", ox.Literal(m.group()))
                q(ph, NIF + "beginIndex", nni(mb))
                q(ph, NIF + "endIndex", nni(me))
                q(ph, NIF + "referenceContext", ctx)
                q(ph, NIF + "sentence", sent)
                q(ph, ITS + "taIdentRef", ent)
                q(ph, KG + "rule", ox.Literal("synthetic"))
                q(ent, RDF + "type", n(KG + "Organization"), fg)
                q(ent, RDFS + "label", ox.Literal(m.group(), language="vi"), fg)
                phrases += 1
    with out.open("wb") as f:
        ox.serialize(quads, f, format=ox.RdfFormat.TRIG)
    return len(quads), phrases


def bench(path: Path, label: str = "", inferences=("none", "rdfs")) -> None:
    """Wall and CPU seconds (CPU is steadier on a shared machine)."""
    t, c = time.perf_counter(), time.process_time()
    g = load_union(path)
    t_load, c_load = time.perf_counter() - t, time.process_time() - c
    for inference in inferences:
        t, c = time.perf_counter(), time.process_time()
        r = validate(path, inference=inference)
        t_val, c_val = time.perf_counter() - t, time.process_time() - c
        print(f"{path.name:18} {path.stat().st_size / 1e6:6.2f} MB {len(g):7} triples {label:16}"
              f" load {t_load:5.2f}s (cpu {c_load:5.2f}s)"
              f"  validate(inference={inference}) {t_val:6.2f}s (cpu {c_val:6.2f}s)"
              f"  conforms={r.conforms} violations={r.violations}", flush=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("files", nargs="*", type=Path)
    ap.add_argument("--articles", nargs="*", type=int, default=[20, 80, 171])
    ap.add_argument("--inference", nargs="*", default=["none", "rdfs"], choices=["none", "rdfs"])
    args = ap.parse_args()
    for f in args.files:
        bench(f, inferences=args.inference)
    if args.files:
        return
    corpus = sorted(CORPUS.glob("*.txt"))
    with tempfile.TemporaryDirectory() as tmp:
        for count in args.articles:
            out = Path(tmp) / f"synthetic-{count}.trig"
            quads, phrases = synthetic(corpus[:count], out)
            bench(out, f"{phrases} phrases", args.inference)


if __name__ == "__main__":
    main()
