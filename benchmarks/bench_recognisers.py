"""Recogniser speed: characters per second of the rules, the learned model, and both.

Single process, on the articles of ``../shared/corpus/politics`` (and the first
``--bulk`` bulk articles, sorted by name). Articles are read first; only the
analysis is timed, after one warm-up article (building the pipelines, loading
the gazetteers and the model is not counted). Three ways:

* ``rules``: ``analyze(article, learned=False)`` (KG_LEARNED=0);
* ``model``: the tokenizer, the learned recogniser alone (its candidates only)
  and the overlap resolver (KG_LEARNED=only, without the rules);
* ``combined``: ``analyze(article, learned=True)``, the shipped policy.

Prints one line per way and corpus: articles, characters, wall seconds and
chars/s, CPU seconds and chars per CPU second (steadier on a shared machine),
mentions; then what the learned part costs next to the rules, in CPU time; the
load average before and after (the machine is shared: compare runs at a like load).

    python benchmarks/bench_recognisers.py [--bulk 400] [--repeat 1]
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from graph.analyse.pipeline import analyze, has_learned_model  # noqa: E402
from graph.read.reader import read_article  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus"


def articles(folder: Path, limit: int | None) -> list:
    paths = sorted(p for p in folder.glob("*.txt"))[:limit]
    return [read_article(p, folder) for p in paths]


def model_only():
    """A pipeline of the tokenizer, the learned recogniser (its candidates only) and the resolver."""
    import spacy

    import graph.analyse.recognise  # noqa: F401  (registers the factories)
    import graph.analyse.segment  # noqa: F401

    nlp = spacy.blank("vi", config={"nlp": {"tokenizer": {"@tokenizers": "spacy.Tokenizer.v1"}}})
    nlp.add_pipe("kg_learned_recognizer", config={"mode": "only"})
    nlp.add_pipe("kg_mention_resolver")

    def run(article):
        doc = nlp.make_doc(article.text)
        doc._.kg_exclude = [(article.body_end, len(article.text)), *article.skip_spans]
        doc = nlp(doc)
        return None, doc._.kg_mentions

    return run


def measure(name: str, way: str, run, arts: list, repeat: int) -> float:
    run(arts[0])  # warm-up: pipeline, gazetteers, model
    chars = sum(len(a.text) for a in arts)
    best = best_cpu = None
    for _ in range(repeat):
        t0, c0 = time.perf_counter(), time.process_time()
        mentions = sum(len(run(a)[1]) for a in arts)
        elapsed, cpu = time.perf_counter() - t0, time.process_time() - c0
        best = elapsed if best is None else min(best, elapsed)
        best_cpu = cpu if best_cpu is None else min(best_cpu, cpu)
    # CPU seconds as well: on a shared machine the wall clock counts the others' work too
    print(f"{name:9s} {way:9s} articles {len(arts):5d}  chars {chars:9d}  seconds {best:7.2f}  "
          f"chars/s {chars / best:9.0f}  cpu-s {best_cpu:7.2f}  chars/cpu-s {chars / best_cpu:9.0f}  "
          f"mentions {mentions}", flush=True)
    return best_cpu


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bulk", type=int, default=400, help="bulk articles (default 400; 0: none)")
    parser.add_argument("--repeat", type=int, default=1, help="runs per corpus; the fastest counts")
    args = parser.parse_args(argv)
    if not has_learned_model() and not os.environ.get("KG_LEARNED_MODEL"):
        print("no model in graph/models/ner (nor KG_LEARNED_MODEL): run `kg train` first", file=sys.stderr)
        return 2
    print("load average before: {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()), flush=True)
    ways = {"rules": lambda a: analyze(a, learned=False), "model": model_only(),
            "combined": lambda a: analyze(a, learned=True)}
    corpora = [("politics", articles(CORPUS / "politics", None))]
    if args.bulk:
        corpora.append(("bulk", articles(CORPUS / "bulk", args.bulk)))
    for name, arts in corpora:
        t = {way: measure(name, way, run, arts, args.repeat) for way, run in ways.items()}
        print(f"{name:9s} the learned part costs {t['combined'] - t['rules']:.2f} cpu-s next to the rules' "
              f"{t['rules']:.2f} cpu-s ({(t['combined'] - t['rules']) / t['rules']:.0%})", flush=True)
    print("load average after: {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
