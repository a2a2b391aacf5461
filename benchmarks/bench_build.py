"""Build speed and memory, printed: tokenizer, analysis, whole build, rebuild, adding 20.

    .venv/bin/python benchmarks/bench_build.py                 # politics, 1/4, 1/2 and all of bulk
    .venv/bin/python benchmarks/bench_build.py --sizes politics,quarter --jobs 2
    .venv/bin/python benchmarks/bench_build.py --sizes first2000 --jobs 2   # the first 2,000 bulk articles, +20
    .venv/bin/python benchmarks/bench_build.py --sizes bulk --settle         # rebuild and +20 on a settled disk

For each corpus: tokenizer-only chars/s and analysis chars/s (one process, on
a sample), then ``kg build`` into a new folder (wall, CPU of the whole process
tree, peak RSS of the tree summed, sampled every 0.2 s), then a rebuild with
nothing changed, then the same build plus 20 new articles. Figures are printed
as they come; the last lines are a table. Run it on an idle machine: the
machine's other load changes wall time (CPU time much less).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("KG_SHARED", ROOT.parent / "shared"))
KG = [sys.executable, "-m", "graph.cli"]


def corpus(name: str, tmp: Path) -> tuple[Path, list[Path]]:
    """A folder of the articles of ``name`` (links), and 20 more articles not in it."""
    if name == "politics":
        files = sorted((SHARED / "corpus" / "politics").glob("*.txt"))
        extra = sorted((SHARED / "corpus" / "bulk").glob("*.txt"))[-20:]
    elif name == "first2000":  # the development setup of docs/scale.md: 2,000 bulk articles, then the next 20
        bulk = sorted((SHARED / "corpus" / "bulk").glob("*.txt"))
        files, extra = bulk[:2000], bulk[2000:2020]
    else:
        bulk = sorted((SHARED / "corpus" / "bulk").glob("*.txt"))
        share = {"quarter": 4, "half": 2, "bulk": 1}[name]
        files = bulk[::share] if share > 1 else bulk[:-20]
        extra = [f for f in bulk[1::share][:20]] if share > 1 else bulk[-20:]
    folder = tmp / name
    folder.mkdir()
    for f in files:
        (folder / f.name).symlink_to(f)
    return folder, extra


def chars(files: list[Path]) -> int:
    return sum(len(f.read_text("utf-8")) for f in files)


class TreeSampler:
    """Peak RSS (summed over a process and its descendants) and CPU seconds of the tree."""

    def __init__(self, pid: int):
        self.proc = psutil.Process(pid)
        self.peak = 0
        self.cpu: dict[int, float] = {}
        self.done = False
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        while not self.done:
            try:
                procs = [self.proc, *self.proc.children(recursive=True)]
                rss = 0
                for p in procs:
                    try:
                        rss += p.memory_info().rss
                        t = p.cpu_times()
                        self.cpu[p.pid] = t.user + t.system + t.children_user + t.children_system
                    except psutil.Error:
                        pass
                self.peak = max(self.peak, rss)
            except psutil.Error:
                break
            time.sleep(0.2)

    def stop(self) -> None:
        self.done = True
        self.thread.join()


def run_build(args: list[str], env: dict) -> dict:
    t0 = time.monotonic()
    before = os.times()
    proc = subprocess.Popen(KG + args, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    sampler = TreeSampler(proc.pid)
    out, err = proc.communicate()
    sampler.stop()
    after = os.times()
    wall = time.monotonic() - t0
    cpu = (after.children_user - before.children_user) + (after.children_system - before.children_system)
    if proc.returncode not in (0, 1):
        print(err.decode()[-2000:], file=sys.stderr)
        raise SystemExit(f"kg {' '.join(args)} failed ({proc.returncode})")
    return {"wall": wall, "cpu": max(cpu, sum(sampler.cpu.values())), "rss": sampler.peak / 2**30,
            "summary": out.decode().splitlines()[:2]}


def settle(limit_mb: float = 64, timeout: float = 300) -> float:
    """``sync``, then wait until the kernel's dirty and writeback pages are under ``limit_mb``."""
    t0 = time.monotonic()
    os.sync()
    while time.monotonic() - t0 < timeout:
        info = dict(line.split(":", 1) for line in Path("/proc/meminfo").read_text().splitlines())
        if sum(int(info[k].split()[0]) for k in ("Dirty", "Writeback")) / 1024 < limit_mb:
            break
        time.sleep(0.5)
    return time.monotonic() - t0


def tokenizer_and_analysis(files: list[Path], sample: int = 300) -> tuple[float, float]:
    sys.path.insert(0, str(ROOT))
    from graph.analyse.pipeline import analyze, make_nlp
    from graph.read.reader import read_article

    arts = [read_article(f, f.parent) for f in files[:sample]]
    n = sum(len(a.text) for a in arts)
    nlp = make_nlp()
    t = time.perf_counter()
    for a in arts:
        nlp.make_doc(a.text)
    tok = n / (time.perf_counter() - t)
    t = time.perf_counter()
    for a in arts:
        analyze(a)
    return tok, n / (time.perf_counter() - t)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="politics,quarter,half,bulk")
    ap.add_argument("--jobs", type=int, default=None)
    ap.add_argument("--keep", action="store_true", help="keep the output folders")
    ap.add_argument("--settle", action="store_true",
                    help="before the rebuild and the +20 run, wait until the disk has written back what the "
                         "build wrote (daily use: the last build was long ago); without it they follow at once")
    args = ap.parse_args()
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000"}
    rows = []
    tmp = Path(tempfile.mkdtemp(prefix="kg-bench-"))
    try:
        for name in args.sizes.split(","):
            folder, extra = corpus(name, tmp)
            files = sorted(folder.glob("*.txt"))
            n = chars(files)
            tok, ana = tokenizer_and_analysis(files)
            print(f"{name}: {len(files)} articles, {n / 1e6:.1f} M chars; tokenizer {tok / 1e3:.0f} k chars/s, "
                  f"analysis {ana / 1e3:.0f} k chars/s (one process)", flush=True)
            out = tmp / f"{name}-out"
            jobs = ["--jobs", str(args.jobs)] if args.jobs else []
            full = run_build(["build", str(folder), "--out", str(out), "--quiet", *jobs], env)
            print(f"  build: {full['wall']:.1f} s wall, {full['cpu']:.1f} s CPU, peak RSS {full['rss']:.2f} GB, "
                  f"{n / full['wall'] / 1e3:.0f} k chars/s", flush=True)
            if args.settle:
                print(f"  settled: {settle():.1f} s of writeback waited for", flush=True)
            same = run_build(["build", str(folder), "--out", str(out), "--quiet", *jobs], env)
            print(f"  rebuild, nothing changed: {same['wall']:.1f} s wall, {same['cpu']:.1f} s CPU", flush=True)
            for f in extra:
                (folder / f"new-{f.name}").symlink_to(f)
            if args.settle:
                settle()
            more = run_build(["build", str(folder), "--out", str(out), "--quiet", *jobs], env)
            print(f"  +{len(extra)} articles: {more['wall']:.1f} s wall, {more['cpu']:.1f} s CPU, "
                  f"peak RSS {more['rss']:.2f} GB", flush=True)
            rows.append((name, len(files), n, tok, ana, full, same, more))
            if not args.keep:
                shutil.rmtree(out, ignore_errors=True)
    finally:
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)
    print()
    print(f"{'corpus':<9}{'articles':>9}{'M chars':>8}{'tok k/s':>8}{'ana k/s':>8}{'build s':>8}{'CPU s':>7}"
          f"{'build k/s':>10}{'RSS GB':>7}{'same s':>7}{'+20 s':>7}")
    for name, arts, n, tok, ana, full, same, more in rows:
        print(f"{name:<9}{arts:>9}{n / 1e6:>8.1f}{tok / 1e3:>8.0f}{ana / 1e3:>8.0f}{full['wall']:>8.1f}"
              f"{full['cpu']:>7.0f}{n / full['wall'] / 1e3:>10.0f}{full['rss']:>7.2f}{same['wall']:>7.1f}"
              f"{more['wall']:>7.1f}")


if __name__ == "__main__":
    main()
