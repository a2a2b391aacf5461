"""Reading hostile input: a 900,000-character file on one line, and the sentence splitter.

Usage::

    python benchmarks/bench_reader.py                 # every case
    python benchmarks/bench_reader.py --chars 300000  # smaller files
    python benchmarks/bench_reader.py --cases dots    # one case

Builds (``kg build``, rules and all, into a temporary folder, no cache) a file
of one line of ``--chars`` characters for each case, each build in a process
of its own, and prints its wall time and the peak RSS of the build and its
workers (and the CPU time: on a shared machine the wall time says little);
then times ``split_sentences`` on 3,000 and 900,000 dots. Before the
splitter was linear, 3,000 dots took 17 s and the one-line file 318 s / 10.7 GB.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CASES = {
    # runs of dots between words: every run is a candidate sentence end
    "dots and words": "Ban Thường vụ Tỉnh ủy Kon Tum " + "." * 40 + " họp " + "." * 7 + " TP. Kon Tum ",
    # a run of dots, nothing else
    "dots": ".",
    # real sentences without a line break
    "sentences": "Ngày 5/12/2023, Tỉnh ủy Kon Tum ban hành Nghị quyết số 23-NQ/TU về nhiệm vụ năm 2024. ",
}


def one_line(case: str, chars: int) -> str:
    unit = CASES[case]
    return (unit * (chars // len(unit) + 1))[:chars]


def run_one(case: str, chars: int) -> dict:
    """Build one file in this process; what it took."""
    from graph.build.runner import build_graph

    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "in"
        src.mkdir()
        (src / "one-line.txt").write_text(one_line(case, chars), encoding="utf-8")
        t0 = time.perf_counter()
        report = build_graph([src], Path(tmp) / "out", progress=False, cache=False)
        seconds = time.perf_counter() - t0
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    peak_kb = max(me.ru_maxrss, kids.ru_maxrss)
    cpu = me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime
    return {"case": case, "chars": chars, "seconds": round(seconds, 2), "cpu_seconds": round(cpu, 2),
            "peak_rss_mb": round(peak_kb / 1024),
            "sentences": report.sentences, "errors": report.errors}


def time_split(n: int, repeat: int = 3) -> float:
    from graph.analyse.segment import split_sentences

    text = "." * n
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        split_sentences(text)
        best = min(best, time.perf_counter() - t0)
    return best


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--chars", type=int, default=900_000)
    ap.add_argument("--cases", nargs="*", choices=list(CASES), default=list(CASES))
    ap.add_argument("--one", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.one:
        print(json.dumps(run_one(args.one, args.chars)))
        return
    print(f"kg build of one line of {args.chars:,} characters (a process per case):")
    for case in args.cases:
        out = subprocess.run([sys.executable, __file__, "--one", case, "--chars", str(args.chars)],
                             capture_output=True, text=True, check=True)
        r = json.loads(out.stdout.strip().splitlines()[-1])
        print(f"  {case:15s} {r['seconds']:8.2f} s wall, {r['cpu_seconds']:8.2f} s CPU  peak RSS {r['peak_rss_mb']:6,} MB  "
              f"{r['sentences']:,} sentences  errors {len(r['errors'])}")
    for n in (3_000, 900_000):
        print(f"split_sentences on {n:,} dots: {time_split(n) * 1000:.2f} ms")


if __name__ == "__main__":
    main()
