"""Golden outputs of the real pipeline: the five seeds built rules-only, written to tests/fixtures/golden/.

``python scripts/gen_fixtures.py`` builds ``seeds/*.txt`` with ``kg build`` in a fresh
folder (``KG_LEARNED=0``: the rule recognisers only, so the goldens do not move with the
trained model; ``SOURCE_DATE_EPOCH`` fixed, so the build time is too) and writes the
files of :data:`GOLDEN_FILES` to ``tests/fixtures/golden/``. ``--check`` writes nothing:
it exits 1, with a summary of each difference, when the committed goldens differ from a
fresh build (``tests/test_golden.py`` runs the same comparison).

The graph is kept as ``graph.trig`` rather than ``graph.nq``: the same quads, a third of
the bytes (prefixed names, one block per named graph), one triple a line still. The one
thing of a build that changes with any code edit, the pipeline digest (a hash of the
pipeline's source files, in the ``kgb:pipeline/…`` IRIs), is written as
:data:`PIPELINE_PLACEHOLDER`, so a change of code that changes no output changes no golden.

The tests use the goldens as their fixture graph (``graph.trig``: the store, query,
server, viz and validation tests) besides comparing them with a fresh build.
"""

from __future__ import annotations

import argparse
import difflib
import os
import re
import subprocess
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
GOLDEN = ROOT / "tests" / "fixtures" / "golden"
#: What is kept: the graph and the four CSV exports (graph.nq, .jsonld, .graphml and the
#: HTML view are the same graph again, larger).
GOLDEN_FILES = ("graph.trig", "entities.csv", "mentions.csv", "relations.csv", "figures.csv")
#: 2024-01-01T00:00:00Z, the build time written in the build graph.
SOURCE_DATE_EPOCH = "1704067200"
PIPELINE_PLACEHOLDER = "0000000000000000"
_PIPELINE = re.compile(r"/build/pipeline/([0-9a-f]{16})>")
REGENERATE = "python scripts/gen_fixtures.py"


def build_env() -> dict[str, str]:
    """The environment of a golden build: rules only, a fixed build time, no progress bar."""
    env = dict(os.environ, KG_LEARNED="0", SOURCE_DATE_EPOCH=SOURCE_DATE_EPOCH, PYTHONHASHSEED="0")
    env.pop("KG_LEARNED_MODEL", None)
    return env


def build(paths: Iterable[Path | str], out: Path | str) -> Path:
    """``kg build PATHS --out OUT`` in a child process as the goldens are built; returns ``out``.

    A child process, so that no pipeline already loaded in the caller (with the learned
    recogniser, say) is reused. Raises ``RuntimeError`` with kg's output when it fails.
    """
    out = Path(out)
    cmd = [sys.executable, "-m", "graph.cli", "build", *map(str, paths), "--out", str(out), "--quiet"]
    done = subprocess.run(cmd, cwd=ROOT, env=build_env(), capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} exited {done.returncode}:\n{done.stdout}{done.stderr}")
    return out


def normalise(files: dict[str, str]) -> dict[str, str]:
    """The pipeline digest replaced by :data:`PIPELINE_PLACEHOLDER` in every file.

    >>> normalise({"g": "<https://w3id.org/vnkg/build/pipeline/25280936adea9182> (25280936adea9182)"})
    {'g': '<https://w3id.org/vnkg/build/pipeline/0000000000000000> (0000000000000000)'}
    """
    digests = {m for text in files.values() for m in _PIPELINE.findall(text)}
    out = {}
    for name, text in files.items():
        for digest in digests:
            text = text.replace(digest, PIPELINE_PLACEHOLDER)
        out[name] = text
    return out


def fresh(paths: Iterable[Path | str] = (SEEDS,), workdir: Path | str | None = None) -> dict[str, str]:
    """The golden files of a fresh build of ``paths`` (normalised), by name."""
    with tempfile.TemporaryDirectory(dir=workdir) as tmp:
        out = build(paths, Path(tmp) / "exports")
        files = {name: (out / name).read_text(encoding="utf-8") for name in GOLDEN_FILES}
    return normalise(files)


def committed(folder: Path = GOLDEN) -> dict[str, str | None]:
    """The committed goldens by name (None for a missing file)."""
    return {name: (folder / name).read_text(encoding="utf-8") if (folder / name).is_file() else None
            for name in GOLDEN_FILES}


def differences(expected: dict[str, str | None], actual: dict[str, str], shown: int = 6,
                folder: str = "tests/fixtures/golden") -> list[str]:
    """One paragraph per file that differs: its name, how many lines differ, the first few.

    >>> print(differences({"a.csv": "x\\ny\\n"}, {"a.csv": "x\\nz\\n"})[0])
    tests/fixtures/golden/a.csv: 1 line(s) differ (golden 2 lines, fresh build 2)
      - y
      + z
    >>> differences({"a.csv": "x\\n"}, {"a.csv": "x\\n"})
    []
    """
    out = []
    for name, new in actual.items():
        old = expected.get(name)
        where = f"{folder}/{name}"
        if old is None:
            out.append(f"{where}: missing (the fresh build has {len(new.splitlines())} lines)")
            continue
        if old == new:
            continue
        a, b = old.splitlines(), new.splitlines()
        changed = [line for line in difflib.unified_diff(a, b, lineterm="", n=0)
                   if line[:1] in "+-" and not line.startswith(("+++", "---"))]
        removed = sum(1 for line in changed if line.startswith("-"))
        added = len(changed) - removed
        lines = [f"{where}: {max(removed, added)} line(s) differ (golden {len(a)} lines, fresh build {len(b)})"]
        # a long line is shown around where it first differs from its counterpart
        olds = [line[1:] for line in changed if line.startswith("-")]
        news = [line[1:] for line in changed if line.startswith("+")]
        at = {}
        for x, y in zip(olds, news):
            at[x] = at[y] = next((i for i, (p, q) in enumerate(zip(x, y)) if p != q), min(len(x), len(y)))
        lines += [f"  {line[0]} {_clip(line[1:], at.get(line[1:], 0))}" for line in changed[:shown]]
        if len(changed) > shown:
            lines.append(f"  … {len(changed) - shown} more changed line(s)")
        if not changed:
            lines.append("  (the same lines; the bytes differ: line endings or a final newline)")
        out.append("\n".join(lines))
    return out


def _clip(line: str, differs_at: int = 0, width: int = 160) -> str:
    """``line`` cut to ``width`` characters around ``differs_at``.

    >>> _clip("a" * 300 + "XYZ", differs_at=300)[-6:]
    'aaaXYZ'
    """
    if len(line) <= width:
        return line
    start = max(0, min(differs_at - width // 2, len(line) - width))
    return ("…" if start else "") + line[start:start + width] + ("…" if start + width < len(line) else "")


def write(files: dict[str, str], folder: Path = GOLDEN) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8", newline="")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true",
                        help="compare the committed goldens with a fresh build; exit 1 when they differ")
    parser.add_argument("--out", type=Path, default=GOLDEN, help="golden folder (default: %(default)s)")
    args = parser.parse_args(argv)
    files = fresh()
    if args.check:
        out = args.out.resolve()
        shown = out.relative_to(ROOT).as_posix() if out.is_relative_to(ROOT) else str(out)
        diffs = differences(committed(args.out), files, folder=shown)
        if diffs:
            print("\n\n".join(diffs))
            print(f"\n{len(diffs)} golden file(s) differ from a fresh build of seeds/; "
                  f"if the change is intended, run `{REGENERATE}` and commit the goldens.")
            return 1
        print(f"goldens up to date ({', '.join(GOLDEN_FILES)})")
        return 0
    write(files, args.out)
    for name in GOLDEN_FILES:
        print(f"{args.out / name}: {(args.out / name).stat().st_size} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
