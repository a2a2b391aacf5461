"""A build never loses data: killed at any moment, on a full disk, or beside another build."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pyoxigraph as ox
import pytest

from graph.build.runner import build_graph
from graph.errors import BuildError
from graph.store import versions

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"
SHARED = Path(os.environ.get("KG_SHARED", ROOT.parent / "shared"))
ENV = {**os.environ, "PYTHONPATH": str(ROOT), "KG_LEARNED": "0", "SOURCE_DATE_EPOCH": "1700000000"}


def exports(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(out.iterdir()) if p.is_file()}


def quads_in_current_store(out: Path) -> int:
    version = versions.current(out / "store")
    assert version is not None, "no complete store version"
    return len(ox.Store.read_only(str(version)))


def graph_nq_quads(out: Path) -> int:
    store = ox.Store()
    store.bulk_load(path=str(out / "graph.nq"), format=ox.RdfFormat.N_QUADS)
    return len(store)


def killed_build(args: list[str], patch: str) -> subprocess.CompletedProcess:
    """``kg build`` in a child process that SIGKILLs itself where ``patch`` says."""
    code = textwrap.dedent(f"""
        import os, signal, sys
        import graph.build.runner as runner
        import graph.atomic as atomic
        def die(*a, **k):
            os.kill(os.getpid(), signal.SIGKILL)
        {patch}
        from graph.cli import main
        sys.exit(main({args!r}))
    """)
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=ENV, capture_output=True, text=True,
                          timeout=600)


def live_children(pid: int) -> list[int]:
    """Processes whose parent was ``pid`` (the workers of a killed build)."""
    out = []
    for p in Path("/proc").iterdir():
        if p.name.isdigit():
            try:
                stat = (p / "stat").read_text()
            except OSError:
                continue
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
            if ppid == pid:
                out.append(int(p.name))
    return out


@pytest.fixture
def built(tmp_path):
    """A seeds build in tmp_path/out and a changed input: the seeds plus one more article."""
    src = tmp_path / "in"
    shutil.copytree(SEEDS, src)
    out = tmp_path / "out"
    build_graph([src], out, progress=False)
    more = next(SEEDS.glob("003_*.txt")).read_text(encoding="utf-8").replace("Ngày 5/12/2023", "Ngày 7/12/2023")
    (src / "extra.txt").write_text(more, encoding="utf-8")
    return src, out


@pytest.mark.parametrize("where, patch", [
    ("while staging the exports", "runner.write_exports = die"),
    ("after the store version is written, before it is published", "runner.versions.publish = die"),
    ("after publishing, before the exports are moved", "atomic.Staging.commit = die"),
    ("halfway through moving the exports",
     "import os as _os\n"
     "        _replace = _os.replace\n"
     "        calls = []\n"
     "        def half(a, b):\n"
     "            calls.append(a)\n"
     "            if len(calls) == 4: die()\n"
     "            return _replace(a, b)\n"
     "        _os.replace = half"),
])
def test_kill_9_at_any_moment_leaves_a_complete_graph_and_the_next_build_recovers(built, where, patch):
    src, out = built
    before = exports(out)
    r = killed_build(["build", str(src), "--out", str(out), "--quiet"], patch)
    assert r.returncode == -signal.SIGKILL, (where, r.stderr[-2000:])
    # what a reader sees: a complete store version, and exports that all parse
    assert quads_in_current_store(out) > 0
    for name, data in exports(out).items():
        assert data, name
    if "moved" not in where:
        assert exports(out) == before, where  # before publishing: the old graph, untouched
    # the next build cleans up and ends with store and exports in step
    report = build_graph([src], out, progress=False)
    assert report.articles == 6 and not report.errors
    assert not list(out.glob(".staging-*"))
    assert [v.name for v in versions.versions(out / "store")][-1] == versions.current(out / "store").name
    assert quads_in_current_store(out) == graph_nq_quads(out)


@pytest.mark.corpus
def test_killed_during_analysis_leaves_no_worker_and_nothing_changed(tmp_path):
    politics = SHARED / "corpus" / "politics"
    if not politics.is_dir():
        pytest.skip("../shared/corpus/politics is not here")
    out = tmp_path / "out"
    build_graph([SEEDS], out, progress=False)
    before = exports(out)
    proc = subprocess.Popen([sys.executable, "-m", "graph.cli", "build", str(politics), "--out", str(out),
                             "--quiet", "--jobs", "2"], cwd=ROOT, env=ENV)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and len(list((out / ".kg" / "analysis").rglob("*-*"))) < 20:
        time.sleep(0.2)
    workers = live_children(proc.pid)
    assert workers, "the build should be running its workers"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    time.sleep(3)
    assert all(not Path(f"/proc/{w}").exists() or "zombie" in Path(f"/proc/{w}/status").read_text().lower()
               for w in workers), "workers outlived the killed build"
    assert exports(out) == before
    assert build_graph([SEEDS], out, progress=False).articles == 5


def test_a_second_build_into_the_same_folder_exits_2(tmp_path):
    out = tmp_path / "out"
    build_graph([SEEDS], out, progress=False)
    slow = textwrap.dedent(f"""
        import time, graph.build.runner as runner
        real = runner.write_exports
        def slow(*a, **k):
            time.sleep(8)
            return real(*a, **k)
        runner.write_exports = slow
        from graph.cli import main
        main(["build", {str(SEEDS)!r}, "--out", {str(out)!r}, "--quiet", "--no-cache"])
    """)
    first = subprocess.Popen([sys.executable, "-c", slow], cwd=ROOT, env=ENV)
    time.sleep(3)
    second = subprocess.run([sys.executable, "-m", "graph.cli", "build", str(SEEDS), "--out", str(out)],
                            cwd=ROOT, env=ENV, capture_output=True, text=True)
    first.wait(timeout=120)
    assert second.returncode == 2
    assert f"another build is running in {out}" in second.stderr
    assert "Traceback" not in second.stderr and len(second.stderr.strip().splitlines()) == 1


def test_a_full_disk_is_one_error_line_and_nothing_lost(tmp_path):
    disk = tmp_path / "disk"
    disk.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=24m", "tmpfs", str(disk)], capture_output=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.decode().strip()}")
    try:
        out = disk / "out"
        first = subprocess.run([sys.executable, "-m", "graph.cli", "build", str(SEEDS), "--out", str(out), "--quiet"],
                               cwd=ROOT, env=ENV, capture_output=True, text=True)
        assert first.returncode == 0, first.stderr
        before = exports(out)
        free = shutil.disk_usage(disk).free
        filler = disk / "filler"
        with open(filler, "wb") as fh:  # leave about 300 KB: not enough for new exports
            fh.write(b"\0" * max(0, free - 300_000))
        src = tmp_path / "in"
        shutil.copytree(SEEDS, src)
        (src / "extra.txt").write_text(next(SEEDS.glob("001_*.txt")).read_text(encoding="utf-8") + "\nThêm.",
                                       encoding="utf-8")
        r = subprocess.run([sys.executable, "-m", "graph.cli", "build", str(src), "--out", str(out), "--quiet",
                            "--no-cache"], cwd=ROOT, env=ENV, capture_output=True, text=True)
        assert r.returncode == 2, r.stdout + r.stderr
        assert "no space left" in r.stderr.lower() and "Traceback" not in r.stderr
        assert len(r.stderr.strip().splitlines()) == 1, r.stderr
        assert exports(out) == before
        assert quads_in_current_store(out) == graph_nq_quads(out)
        filler.unlink()
        again = subprocess.run([sys.executable, "-m", "graph.cli", "build", str(src), "--out", str(out), "--quiet"],
                               cwd=ROOT, env=ENV, capture_output=True, text=True)
        assert again.returncode == 0, again.stderr
        assert quads_in_current_store(out) == graph_nq_quads(out)
    finally:
        subprocess.run(["umount", str(disk)], capture_output=True)


def test_no_cache_into_a_new_folder(tmp_path):
    report = build_graph([SEEDS], tmp_path / "new", progress=False, cache=False)
    assert report.articles == 5 and not report.errors


def test_missing_path_via_the_command_line_is_one_line_and_exit_2(tmp_path):
    r = subprocess.run([sys.executable, "-m", "graph.cli", "build", str(tmp_path / "typo"), "--out",
                        str(tmp_path / "out")], cwd=ROOT, env=ENV, capture_output=True, text=True)
    assert r.returncode == 2 and len(r.stderr.strip().splitlines()) == 1
    assert "typo: no such file or folder" in r.stderr
    with pytest.raises(BuildError):
        build_graph([tmp_path / "typo"], tmp_path / "out", progress=False)
