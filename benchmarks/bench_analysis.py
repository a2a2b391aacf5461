"""Analysis speed: characters per second of ``graph.analyse.pipeline.analyze``.

Single process, rules only (no learned recogniser), on the articles of
``../shared/corpus/politics`` and on the first 400 bulk articles (sorted by
name). Articles are read first; only the analysis is timed, after one warm-up
article (building the pipeline and loading the gazetteers is not counted).
Prints one line per corpus: articles, characters, wall-clock and CPU seconds
(the fastest of ``--repeat`` runs), chars/s by each, mentions.

    python benchmarks/bench_analysis.py [--bulk 400] [--repeat 1]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from graph.analyse.pipeline import analyze  # noqa: E402
from graph.read.reader import read_article  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus"


def articles(folder: Path, limit: int | None) -> list:
    paths = sorted(p for p in folder.glob("*.txt"))[:limit]
    return [read_article(p, folder) for p in paths]


def measure(name: str, arts: list, repeat: int) -> None:
    analyze(arts[0], learned=False)  # warm-up: pipeline and gazetteers
    chars = sum(len(a.text) for a in arts)
    best = cpu = None
    for _ in range(repeat):
        t0, c0 = time.perf_counter(), time.process_time()
        mentions = sum(len(analyze(a, learned=False)[1]) for a in arts)
        elapsed, used = time.perf_counter() - t0, time.process_time() - c0
        best = elapsed if best is None else min(best, elapsed)
        cpu = used if cpu is None else min(cpu, used)
    # CPU time as well: on a shared machine the wall clock also counts other processes
    print(f"{name:9s} articles {len(arts):5d}  chars {chars:9d}  wall s {best:7.2f}  chars/s {chars / best:9.0f}  "
          f"cpu s {cpu:7.2f}  chars/cpu-s {chars / cpu:9.0f}  mentions {mentions}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bulk", type=int, default=400, help="bulk articles (default 400)")
    parser.add_argument("--repeat", type=int, default=1, help="runs per corpus; the fastest counts")
    args = parser.parse_args(argv)
    measure("politics", articles(CORPUS / "politics", None), args.repeat)
    measure("bulk", articles(CORPUS / "bulk", args.bulk), args.repeat)
    return 0


if __name__ == "__main__":
    sys.exit(main())
