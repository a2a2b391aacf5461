"""Dump the rules' analysis of a set of articles, or compare it with an earlier dump.

Runs ``analyze(article, learned=False)`` (the rules only, as
benchmarks/bench_recognisers.py times it) and writes one JSON line per sentence
span and per mention: the article, then every field the mention carries. A
speed-up of the recognisers must leave this file byte-identical:

    python scripts/compare_recognisers.py --out /tmp/rules-before.jsonl   # on the unchanged code
    python scripts/compare_recognisers.py --against /tmp/rules-before.jsonl  # exit 1 on any difference

Default articles: all of ../shared/corpus/politics and the first ``--bulk`` (1000)
of ../shared/corpus/bulk, sorted by name. The dump holds article text (mention
texts): keep it out of the repository.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from graph.analyse.pipeline import analyze  # noqa: E402
from graph.read.reader import read_article  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus"


def paths(bulk: int) -> list[tuple[Path, Path]]:
    """(folder, file) of the politics articles, then the first ``bulk`` bulk ones."""
    found = [(CORPUS / "politics", p) for p in sorted((CORPUS / "politics").glob("*.txt"))]
    found += [(CORPUS / "bulk", p) for p in sorted((CORPUS / "bulk").glob("*.txt"))[:bulk]]
    return found


def lines(bulk: int):
    """(is a mention, JSON line) of every article, in order (sentences first, then mentions)."""
    for folder, path in paths(bulk):
        name = f"{folder.name}/{path.name}"
        sentences, mentions = analyze(read_article(path, folder), learned=False)
        for s in sentences:
            yield False, json.dumps({"article": name, "sentence": [s.start, s.end]}, ensure_ascii=False)
        for m in mentions:
            yield True, json.dumps({"article": name, **dataclasses.asdict(m)}, ensure_ascii=False)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bulk", type=int, default=1000, help="bulk articles (default 1000)")
    parser.add_argument("--out", type=Path, help="write the dump here")
    parser.add_argument("--against", type=Path, help="compare with this dump; exit 1 on a difference")
    parser.add_argument("--show", type=int, default=20, help="differences to print (default 20)")
    args = parser.parse_args(argv)
    if not args.out and not args.against:
        parser.error("give --out, --against or both")
    if args.out and args.against and args.out.resolve() == args.against.resolve():
        # writing the dump would overwrite the baseline, and the comparison would always pass
        parser.error("--out and --against are the same file")
    if args.out:
        return write_and_compare(args, args.out)
    fd, temp = tempfile.mkstemp(suffix=".jsonl")
    os.close(fd)
    try:
        return write_and_compare(args, Path(temp))
    finally:
        os.unlink(temp)


def write_and_compare(args: argparse.Namespace, out: Path) -> int:
    """Write the dump to ``out``; compare it with ``args.against`` if given (1 on a difference)."""
    now, mentions = [], 0
    with out.open("w", encoding="utf-8") as f:
        for is_mention, line in lines(args.bulk):
            f.write(line + "\n")
            now.append(line)
            mentions += is_mention
    print(f"{len(now)} lines ({mentions} mentions) written to {out if args.out else 'a temporary file'}")
    if not args.against:
        return 0
    # split at "\n" only, as written: splitlines() would also split a mention at U+2028
    before = args.against.read_text(encoding="utf-8").split("\n")[:-1]
    if before == now:
        print(f"identical to {args.against}: {len(now)} lines, {mentions} mentions")
        return 0
    import difflib

    diff = [d for d in difflib.unified_diff(before, now, str(args.against), str(out), n=0, lineterm="")
            if d[:1] in "+-" and not d.startswith(("+++", "---"))]
    print(f"{len(diff)} differing lines against {args.against}:")
    for d in diff[:args.show]:
        print(d)
    return 1


if __name__ == "__main__":
    sys.exit(main())
