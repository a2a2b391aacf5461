"""graph.read.legacy: TCVN3 (ABC) and VNI, as bytes and as mojibake, on real Vietnamese sentences."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest

from graph.analyse.pipeline import analyze
from graph.errors import InputError
from graph.read import read_article
from graph.read.legacy import (decode_tcvn3, decode_vni, detect_legacy, encode_tcvn3, encode_vni, repair_mojibake,
                               vietnamese_score)

ROOT = Path(__file__).resolve().parents[2]
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
SENTENCES = [
    # seed 003
    "Ngày 5/12/2023, Tỉnh ủy ban hành Nghị quyết số 23-NQ/TU về lãnh đạo thực hiện nhiệm vụ kinh tế -xã hội, "
    "quốc phòng, an ninh, xây dựng Đảng và hệ thống chính trị năm 2024.",
    # seed 001
    "Tổng doanh thu của các doanh nghiệp trong khối đạt trên 9.899 tỷ đồng, thu nhập bình quân của người lao "
    "động đạt 10,6 triệu đồng/tháng.",
    "Đồng chí Bí thư Tỉnh ủy Dương Văn Trang thăm vườn mắc ca tại huyện Kon Rẫy.",
    "Ban Thường vụ Tỉnh ủy Kon Tum chỉ đạo các cấp ủy, tổ chức đảng thực hiện nghiêm túc, hiệu quả.",
]

# Every letter of the Vietnamese alphabet with every tone, in both cases.
_BASES = "aăâeêioôơuưy"
_TONES = ["", "\u0301", "\u0300", "\u0309", "\u0303", "\u0323"]
ALPHABET = [unicodedata.normalize("NFC", b + t) for b in _BASES for t in _TONES] + ["đ"]


def test_vni_covers_every_letter_both_ways():
    for letter in ALPHABET + [c.upper() for c in ALPHABET]:
        assert decode_vni(encode_vni(letter)) == letter, letter


def test_tcvn3_covers_every_lower_case_letter_and_its_capitals():
    for letter in ALPHABET:
        data = encode_tcvn3(letter)
        assert len(data) == 1 and decode_tcvn3(data) == letter, letter
    for capital in "ĂÂÊÔƠƯĐ":
        assert decode_tcvn3(encode_tcvn3(capital)) == capital


def test_published_codes():
    # a few bytes checked against the published tables by hand
    assert decode_tcvn3(bytes([0xB8, 0xB5, 0xB6, 0xB7, 0xB9, 0xAE, 0xA7, 0xAD])) == "áàảãạđĐư"
    assert decode_vni(b"a\xf9 a\xf8 a\xfb a\xf5 a\xef a\xe2 a\xea \xf1 \xd1 \xf4 \xf6") == "á à ả ã ạ â ă đ Đ ơ ư"


@pytest.mark.parametrize("sentence", SENTENCES)
def test_real_sentences_round_trip(sentence):
    assert decode_vni(encode_vni(sentence)) == sentence
    # TCVN3 stores a toned capital as its lower-case byte (the capitals came from another font)
    assert decode_tcvn3(encode_tcvn3(sentence)).casefold() == sentence.casefold()
    assert detect_legacy(encode_vni(sentence)) == ("VNI", sentence)
    name, text = detect_legacy(encode_tcvn3(sentence))
    assert name == "TCVN3" and text.casefold() == sentence.casefold()


def test_tcvn3_words_in_capitals_get_their_capitals_back():
    assert decode_tcvn3(encode_tcvn3("NGHỊ QUYẾT SỐ 23-NQ/TU CỦA TỈNH ỦY")) == "NGHỊ QUYẾT SỐ 23-NQ/TU CỦA TỈNH ỦY"


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _mentions(art):
    return [(m.text.casefold(), m.type) for m in analyze(art)[1]]


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.name[:3])
@pytest.mark.parametrize("encoding", ["TCVN3", "VNI"])
def test_a_legacy_file_is_converted_and_named(tmp_path, path, encoding):
    original = read_article(path, path.parent)
    encode = encode_tcvn3 if encoding == "TCVN3" else encode_vni
    art = read_article(_write(tmp_path, path.name, encode(original.text)), tmp_path)
    assert art.converted_from == encoding
    assert art.text.casefold() == original.text.casefold()
    if encoding == "VNI":
        assert art.text == original.text
        assert _mentions(art) == _mentions(original)
    else:  # toned capitals are lower case in TCVN3: some names are not capitalised any more
        found, wanted = set(_mentions(art)), set(_mentions(original))
        assert len(found & wanted) >= 0.8 * len(wanted)


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.name[:3])
@pytest.mark.parametrize("encoding, via", [("TCVN3", "cp1252"), ("VNI", "cp1252"), ("VNI", "latin-1")])
def test_mojibake_is_repaired(tmp_path, path, encoding, via):
    """Legacy text opened as Windows-1252 (or Latin-1) and saved as UTF-8: "TØnh ñy"."""
    original = read_article(path, path.parent)
    encode = encode_tcvn3 if encoding == "TCVN3" else encode_vni
    mojibake = encode(original.text).decode(via, errors="replace")
    assert vietnamese_score(mojibake)[0] < 0.5 * vietnamese_score(mojibake)[1]
    art = read_article(_write(tmp_path, path.name, mojibake.encode("utf-8")), tmp_path)
    assert art.converted_from == f"{encoding} (mis-saved as UTF-8)"
    assert art.text.casefold() == original.text.casefold()
    assert len(_mentions(art)) >= 0.8 * len(_mentions(original))


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.name[:3])
def test_unicode_text_is_never_repaired(path):
    art = read_article(path, path.parent)
    assert art.converted_from is None
    assert repair_mojibake(art.text) is None


@pytest.mark.corpus
def test_no_train_or_dev_article_is_taken_for_mojibake():
    split = json.loads((ROOT / "annotations" / "split.json").read_text("utf-8"))
    corpus = ROOT.parent / "shared" / "corpus"
    if not corpus.is_dir():
        pytest.skip("no ../shared/corpus")
    for name in split["train"] + split["dev"]:
        path = next((p for p in (corpus / "politics" / name, corpus / "bulk" / name) if p.is_file()), None)
        if path is None:
            continue
        art = read_article(path, path.parent)
        assert art.converted_from is None, name


def test_text_that_is_not_vietnamese_is_still_refused(tmp_path):
    french = _write(tmp_path, "fr.txt", "Bản tin: café, résumé, naïve, déjà vu à la carte".encode("latin-1", "replace"))
    with pytest.raises(InputError, match=r"not UTF-8 .* nor Vietnamese in TCVN3 or VNI \[E104\]"):
        read_article(french, tmp_path)
    # French saved as UTF-8 is left as it is
    assert repair_mojibake("Un café, un résumé, une idée à Paris") is None
