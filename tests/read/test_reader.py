"""graph.read: decoding, bad input, and the metadata of the seed articles."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from graph.model import InputError
from graph.read.reader import article_from_text, article_key, iter_files, read_article

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"


def seed(prefix: str):
    path = next(SEEDS.glob(f"{prefix}_*.txt"))
    return read_article(path, SEEDS)


@pytest.fixture(scope="module")
def seeds():
    return {p.name[:3]: read_article(p, SEEDS) for p in sorted(SEEDS.glob("*.txt"))}


# -- decoding --------------------------------------------------------------------------
SAMPLE = "Quyết tâm thực hiện thắng lợi Nghị quyết số 23-NQ/TU\n\n20/04/2024 06:17\n\nNgày 5/12/2023, Tỉnh uỷ ban hành Nghị quyết.\n"


def test_bom_is_dropped_and_offsets_start_at_text(tmp_path):
    path = tmp_path / "bom.txt"
    path.write_bytes(b"\xef\xbb\xbf" + SAMPLE.encode("utf-8"))
    art = read_article(path, tmp_path)
    assert not art.text.startswith("\ufeff")
    assert art.text == SAMPLE
    assert art.headline == (0, len("Quyết tâm thực hiện thắng lợi Nghị quyết số 23-NQ/TU"))
    assert art.published == "2024-04-20T06:17:00"


def test_nfd_input_is_read_as_nfc(tmp_path):
    path = tmp_path / "nfd.txt"
    nfd = unicodedata.normalize("NFD", SAMPLE)
    assert nfd != SAMPLE
    path.write_bytes(nfd.encode("utf-8"))
    art = read_article(path, tmp_path)
    assert art.text == SAMPLE
    assert unicodedata.is_normalized("NFC", art.text)
    # the hash is of the file's bytes: a byte-different file is a different input
    nfc_path = tmp_path / "nfc.txt"
    nfc_path.write_text(SAMPLE, encoding="utf-8")
    assert read_article(nfc_path, tmp_path).content_hash != art.content_hash


_TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"


def cp1258(text: str) -> bytes:
    """Windows-1258 bytes, as old Vietnamese sites wrote them: base letter + tone mark."""
    out = b""
    for c in text:
        try:
            out += c.encode("cp1258")
        except UnicodeEncodeError:
            d = unicodedata.normalize("NFD", c)
            base = unicodedata.normalize("NFC", "".join(x for x in d if x not in _TONE_MARKS))
            out += base.encode("cp1258") + "".join(x for x in d if x in _TONE_MARKS).encode("cp1258")
    return out


BAD_INPUTS = {
    "empty": (b"", "empty"),
    "blank": (b"  \n\t\r\n  \n", "empty"),
    "png": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00" + bytes(range(256)), "binary"),
    "latin1": ("Bản tin: café, résumé, naïve — Hà Nội".encode("latin-1", "replace"), "not UTF-8 (invalid byte"),
    "utf16-no-bom": ("Đảng ủy Khối các cơ quan tỉnh".encode("utf-16-le"), "binary file (NUL bytes)"),
    "cp1258": (cp1258("Đảng ủy Khối các cơ quan tỉnh Kon Tum tổ chức hội nghị."), "not UTF-8 (invalid byte"),
}


@pytest.mark.parametrize("name", BAD_INPUTS)
def test_bad_input_names_the_file_and_the_problem(tmp_path, name):
    data, problem = BAD_INPUTS[name]
    path = tmp_path / f"{name}.txt"
    path.write_bytes(data)
    with pytest.raises(InputError) as info:
        read_article(path, tmp_path)
    message = str(info.value)
    assert str(path) in message
    assert problem.casefold() in message.casefold()


@pytest.mark.parametrize("prefix", ["003", "004"])
def test_windows_line_ends_give_the_same_metadata(tmp_path, prefix):
    src = next(SEEDS.glob(f"{prefix}_*.txt"))
    path = tmp_path / src.name
    path.write_bytes(src.read_bytes().replace(b"\n", b"\r\n"))
    crlf, lf = read_article(path, tmp_path), read_article(src, SEEDS)
    assert crlf.published == lf.published
    assert crlf.text[slice(*crlf.headline)] == lf.text[slice(*lf.headline)]
    assert [(b.name, b.kind) for b in crlf.bylines] == [(b.name, b.kind) for b in lf.bylines]
    assert crlf.text[crlf.body_end :].split() == lf.text[lf.body_end :].split()


def test_cp1258_error_says_where(tmp_path):
    data = cp1258("Đảng ủy Khối")
    path = tmp_path / "old.txt"
    path.write_bytes(data)
    with pytest.raises(InputError, match=r"offset \d+"):
        read_article(path, tmp_path)


def test_missing_path_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        list(iter_files([tmp_path / "nope"]))


def test_iter_files_is_sorted_and_recursive(tmp_path):
    (tmp_path / "b").mkdir()
    for name in ("b/2.txt", "a.txt", "b/1.txt", "c.md"):
        (tmp_path / name).write_text("x", encoding="utf-8")
    found = [f.relative_to(tmp_path).as_posix() for f, root in iter_files([tmp_path])]
    assert found == ["a.txt", "b/1.txt", "b/2.txt"]


def test_article_keys_are_stable_and_distinct():
    assert article_key(SEEDS / "003_672f3fa1ac6cf720.txt", SEEDS) == "003_672f3fa1ac6cf720"
    a = article_key(Path("in/x/Bản tin.txt"), Path("in"))
    b = article_key(Path("in/y/Bản tin.txt"), Path("in"))
    assert a != b
    assert all(c.isascii() for c in a)


# -- metadata of the seeds ------------------------------------------------------------------
def test_seed_headlines(seeds):
    art = seeds["003"]
    assert art.text[slice(*art.headline)] == "Quyết tâm thực hiện thắng lợi Nghị quyết số 23-NQ/TU"
    art = seeds["004"]
    assert art.text[slice(*art.headline)] == (
        "Đảng ủy Khối các cơ quan tỉnh: Tổng kết công tác xây dựng Đảng năm 2023")
    # 002 opens with its body "(kontumtv.vn) – Năm 2015, ...": no headline
    assert seeds["002"].headline is None


def test_seed_dates(seeds):
    assert seeds["003"].published == "2024-04-20T06:17:00"  # "20/04/2024 06:17"
    assert seeds["004"].published == "2023-12-28T17:00:00"  # "Thứ Năm, 28/12/2023 | 17:00"
    # the date line is metadata, not text to analyse
    for key in ("003", "004"):
        art = seeds[key]
        assert len(art.skip_spans) == 1
        s, e = art.skip_spans[0]
        assert art.text[s:e].strip() in ("20/04/2024 06:17", "Thứ Năm, 28/12/2023 | 17:00")


def test_in_text_dates_are_not_the_publication_date():
    art = article_from_text("x.txt", "Tin tức\n\nNgày 5/12/2023, Tỉnh ủy ban hành Nghị quyết số 23-NQ/TU.\n")
    assert art.published is None


def test_seed_source(seeds):
    assert seeds["002"].source == "kontumtv.vn"
    assert {k for k, a in seeds.items() if a.source} == {"002"}


@pytest.mark.parametrize(
    "key, names",
    [
        ("000", [("Nguyễn Thanh Hải", "author")]),  # "Bài, ảnh: Nguyễn Thanh Hải"
        ("001", [("Đức Phương", "author")]),  # a closing name line
        ("002", [("Thu Thủy", "author"), ("Công Luận", "author")]),  # "Thu Thủy – Công Luận"
        ("004", [("H.L", "author")]),  # "Tin, ảnh: H.L"
    ],
)
def test_seed_bylines(seeds, key, names):
    art = seeds[key]
    assert [(b.name, b.kind) for b in art.bylines] == names


def test_seed_photo_credits(seeds):
    art = seeds["003"]
    photos = [b.name for b in art.bylines if b.kind == "photo"]
    assert photos == ["DN", "D.N"]  # "Ảnh: DN", "Ảnh: D.N" after captions
    assert [b.name for b in art.bylines if b.kind == "author"] == ["Dương Nương"]


def test_byline_offsets_point_at_the_name(seeds):
    for art in seeds.values():
        for b in art.bylines:
            assert art.text[b.start : b.end] == b.name
            assert b.end <= art.body_end


@pytest.mark.parametrize(
    "key, trailer",
    [
        ("001", "Bài viết mới nhất:"),
        ("002", "Trả lời"),
        ("003", "Chuyên mục khác"),
        ("004", "Viết bình luận mới"),
    ],
)
def test_seed_trailer_start(seeds, key, trailer):
    art = seeds[key]
    assert art.text[art.body_end :].startswith(trailer)
    # the trailer starts after the byline: nothing of the article is cut
    assert all(b.end <= art.body_end for b in art.bylines)


def test_seed_without_trailer_keeps_all_text(seeds):
    art = seeds["000"]
    assert art.body_end == len(art.text)


def test_trailer_word_in_the_body_is_not_a_trailer():
    text = "Tin tức trong tỉnh\n\nTrả lời câu hỏi của cử tri, đồng chí Bí thư nêu rõ.\n\nĐức Phương"
    art = article_from_text("x.txt", text)
    assert art.body_end == len(text)


def test_photo_credit_then_author_on_one_line():
    # corpus pol_169: the last line of the article
    text = ("Bạc Liêu: Huyện nợ doanh nghiệp khoảng 100 tỷ đồng\n"
            "Ngày 20/6, Chủ tịch UBND tỉnh Bạc Liêu Dương Thành Trung cho biết huyện còn nợ các doanh nghiệp.\n"
            "Huyện Phước Long (màu đỏ) ở Bạc Liêu. Ảnh: Google Maps. Việt Tường")
    art = article_from_text("x.txt", text)
    assert [(b.name, b.kind) for b in art.bylines if b.kind == "author"] == [("Việt Tường", "author")]
    assert not [b for b in art.bylines if ". " in b.name]


def test_photo_credit_inside_a_paragraph():
    text = ("Tỉnh ủy họp bàn công tác cán bộ\n\n"
            "Bí thư phát biểu. Ảnh: Phạm Duy. Trước đó, hội nghị đã họp. Ảnh: N.D. Sau đó ông về.\n"
            "Hội nghị khai mạc. Ảnh: Trí Dũng – TTXVN Ngày 3/6, hội nghị bế mạc.\n"
            "Ảnh: Tư liệu. Ảnh: Bác Hồ và nhân dân. Ảnh: Báo Nhân Dân. Ảnh: TOWARD FREEDOM Sau đó.\n"
            "Cuối bài viết.")
    art = article_from_text("x.txt", text)
    assert [(b.name, b.kind) for b in sorted(art.bylines, key=lambda b: b.start)] == [("Phạm Duy", "photo"), ("N.D", "photo"),
                                                        ("Trí Dũng", "photo")]
    assert all(art.text[b.start : b.end] == b.name for b in art.bylines)


def test_closing_byline_before_links_and_agency_lines():
    body = "Tỉnh ủy họp bàn công tác cán bộ\n\nHội nghị đã thảo luận và thống nhất các nội dung.\n"
    for tail, name in [("Hiền Hạnh\nTTXVN\n", "Hiền Hạnh"),
                       ("M.Hiệp\nTheo thanhuytphcm.vn\nhttps://example.vn/tin\nNgày giờ đăng bài viết gốc: 22:17\n",
                        "M.Hiệp"),
                       ("Phạm Hà/VOV-Trung tâm Tin\n", "Phạm Hà"),
                       ("Thái Tân/KD&PL\n", "Thái Tân"),
                       ("Mai Hà (từ Bắc Kinh)\n", "Mai Hà"),
                       ("Công Danh (tổng hợp theo TTXVN)\n", "Công Danh"),
                       ("Ánh Dương -\n", "Ánh Dương")]:
        art = article_from_text("x.txt", body + tail)
        assert [(b.name, b.kind) for b in art.bylines] == [(name, "author")], tail


def test_glued_byline_that_starts_like_a_place():
    text = ("Tỉnh ủy họp bàn công tác cán bộ\n\n"
            "Đoàn sẽ báo cáo với Bộ Chính trị./. Việt Quốc/VOV-TPHCM\n")
    art = article_from_text("x.txt", text)
    assert [(b.name, b.kind) for b in art.bylines] == [("Việt Quốc", "author")]


def test_closing_byline_in_capitals_and_brackets():
    body = "Tỉnh ủy họp bàn công tác cán bộ\n\nCác nhà báo viết về đề tài thanh niên."
    assert [(b.name, b.kind) for b in article_from_text("x.txt", body + " (HỒNG THẠNH)\n").bylines] == \
        [("HỒNG THẠNH", "author")]
    # an acronym or a foreign name in brackets is no byline
    assert article_from_text("x.txt", body + " (ASEAN WEEK)\n").bylines == []
