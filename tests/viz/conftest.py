"""The viz tests' graphs: the golden seeds graph (``GOLDEN``), and a real build of an article
with markup in its text, which the views must show as text."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("_kg_gen_fixtures", ROOT / "scripts" / "gen_fixtures.py")
gen = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(gen)

#: Two sentences: Tỉnh ủy Kon Tum issues a resolution; the Đảng ủy Khối implements it, in a
#: sentence holding a script and an ``<img onerror>`` (the pipeline keeps them as text).
HOSTILE = """Tỉnh ủy Kon Tum ban hành Nghị quyết số 23-NQ/TU về phát triển kinh tế.

Đảng ủy Khối <script>window.__pwned=1</script> triển khai Nghị quyết số 23-NQ/TU <img src=x onerror="window.__pwned=1"> tại Kon Tum.
"""


@pytest.fixture(scope="session")
def hostile_graph(tmp_path_factory) -> Path:
    """``kg build`` (rules only, as the goldens) of the hostile article: its graph.trig."""
    src = tmp_path_factory.mktemp("viz-hostile-in")
    (src / "900_hostile.txt").write_text(HOSTILE, encoding="utf-8")
    return gen.build([src], tmp_path_factory.mktemp("viz-hostile") / "exports") / "graph.trig"

