"""The goldens in tests/fixtures/golden/ are what the real pipeline builds from seeds/ today.

A fresh ``kg build seeds/`` (rules only, fixed build time: as ``scripts/gen_fixtures.py``
builds them) is compared with the committed files byte for byte; a difference names the
file, how many lines differ and the first of them.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("_kg_gen_fixtures", ROOT / "scripts" / "gen_fixtures.py")
gen = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(gen)


@pytest.fixture(scope="module")
def fresh(tmp_path_factory) -> dict[str, str]:
    return gen.fresh([gen.SEEDS], tmp_path_factory.mktemp("golden"))


def test_every_golden_file_is_committed():
    missing = [name for name, text in gen.committed().items() if text is None]
    assert not missing, f"missing goldens {missing}: run `{gen.REGENERATE}`"


@pytest.mark.parametrize("name", gen.GOLDEN_FILES)
def test_seeds_build_matches_the_golden(fresh, name):
    diffs = gen.differences({name: gen.committed()[name]}, {name: fresh[name]})
    if diffs:
        pytest.fail(diffs[0] + "\n\nThe real pipeline's output of seeds/ changed. If the change is intended, "
                    f"run `{gen.REGENERATE}` and commit tests/fixtures/golden/.", pytrace=False)


def test_goldens_are_deterministic(fresh, tmp_path):
    """Two builds give the same bytes (the build time and the pipeline digest are fixed)."""
    assert gen.fresh([gen.SEEDS], tmp_path) == fresh


def test_a_changed_golden_is_reported(fresh):
    """The comparison fails on one edited line, and says where."""
    edited = fresh["entities.csv"].splitlines(keepends=True)
    edited[3] = edited[3].replace(",", ";", 1)
    [message] = gen.differences({"entities.csv": "".join(edited)}, {"entities.csv": fresh["entities.csv"]})
    assert message.startswith("tests/fixtures/golden/entities.csv: 1 line(s) differ")
    assert "  - " in message and "  + " in message


def test_no_golden_carries_the_pipeline_digest():
    """The digest of the pipeline's source files changes with any edit: the goldens hold a placeholder."""
    assert set(gen._PIPELINE.findall(gen.committed()["graph.trig"])) == {gen.PIPELINE_PLACEHOLDER}


def test_check_mode_exits_1_and_says_what_to_run(fresh, tmp_path, capsys):
    """``gen_fixtures.py --check`` against goldens (today's build) with one line changed: exit 1,
    the file named."""
    gen.write({**fresh, "relations.csv": "".join(fresh["relations.csv"].splitlines(keepends=True)[:-1])},
              tmp_path)
    assert gen.main(["--check", "--out", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert out.startswith(f"{tmp_path}/relations.csv: 1 line(s) differ")
    assert "1 golden file(s) differ" in out and gen.REGENERATE in out


def test_script_doctests():
    import doctest

    result = doctest.testmod(gen)
    assert result.attempted > 0 and result.failed == 0
