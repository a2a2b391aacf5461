"""graph.read.decode: Unicode encodings with a BOM, line ends, stray NULs."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.analyse.pipeline import analyze
from graph.errors import InputError
from graph.read import read_article

ROOT = Path(__file__).resolve().parents[2]
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
SAMPLE = "Quyết tâm thực hiện thắng lợi Nghị quyết số 23-NQ/TU\n\n20/04/2024 06:17\n\nNgày 5/12/2023, Tỉnh uỷ ban hành Nghị quyết.\n"


@pytest.mark.parametrize("codec, bom", [("utf-16-le", b"\xff\xfe"), ("utf-16-be", b"\xfe\xff"),
                                        ("utf-32-le", b"\xff\xfe\x00\x00"), ("utf-32-be", b"\x00\x00\xfe\xff"),
                                        ("utf-8", b"\xef\xbb\xbf")])
def test_unicode_with_a_bom_is_read(tmp_path, codec, bom):
    path = tmp_path / "tin.txt"
    path.write_bytes(bom + SAMPLE.encode(codec))
    art = read_article(path, tmp_path)
    assert art.text == SAMPLE
    assert art.converted_from is None
    assert art.text[slice(*art.headline)] == "Quyết tâm thực hiện thắng lợi Nghị quyết số 23-NQ/TU"
    assert art.published == "2024-04-20T06:17:00"


def test_utf16_is_not_binary(tmp_path):
    path = tmp_path / "tin.txt"
    path.write_bytes(SAMPLE.encode("utf-16"))  # Python writes the BOM
    sentences, mentions = analyze(read_article(path, tmp_path))
    assert "Nghị quyết số 23-NQ/TU" in {m.text for m in mentions}


def test_broken_utf16_names_the_encoding_and_the_byte(tmp_path):
    path = tmp_path / "cut.txt"
    path.write_bytes(b"\xff\xfe" + SAMPLE.encode("utf-16-le")[:-1])  # cut in the middle of a character
    with pytest.raises(InputError, match=r"cut\.txt: not valid UTF-16 \(truncated data at byte \d+\) \[E114\]"):
        read_article(path, tmp_path)


def test_utf16_without_a_bom_says_so(tmp_path):
    path = tmp_path / "nobom.txt"
    path.write_bytes(SAMPLE.encode("utf-16-le"))
    with pytest.raises(InputError, match=r"binary file .*read with a BOM\) \[E103\]"):
        read_article(path, tmp_path)


def _view(art):
    """What the reader and the analysis find, as text (no offsets)."""
    sentences, mentions = analyze(art)
    return (art.text[slice(*art.headline)] if art.headline else None, art.published, art.source,
            [(b.name, b.kind) for b in art.bylines], art.text[art.body_end:].split(),
            [s.text for s in sentences], [(m.text, m.type) for m in mentions])


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.name[:3])
@pytest.mark.parametrize("line_end", ["\r", "\r\n", "mixed"])
def test_cr_and_mixed_line_ends_read_like_lf(tmp_path, path, line_end):
    lf = read_article(path, path.parent)
    text = lf.text
    if line_end == "mixed":
        lines = text.split("\n")
        data = "".join(line + ("\r", "\r\n", "\n")[i % 3] for i, line in enumerate(lines[:-1])) + lines[-1]
    else:
        data = text.replace("\n", line_end)
    other = tmp_path / path.name
    other.write_bytes(data.encode("utf-8"))
    art = read_article(other, tmp_path)
    assert art.text == text  # line ends are LF in the article's text, which the offsets index
    assert _view(art) == _view(lf)


def test_a_few_stray_nul_bytes_do_not_make_a_text_binary(tmp_path):
    path = tmp_path / "nul.txt"
    path.write_bytes(SAMPLE.replace("Tỉnh", "Tỉ\x00nh").encode("utf-8"))
    art = read_article(path, tmp_path)
    _, mentions = analyze(art)
    assert [m.text for m in mentions if m.type == "Organization"] == ["Tỉ\x00nh uỷ"]
