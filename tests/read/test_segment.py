"""graph.analyse.segment: sentence boundaries on the genre's sentences."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.analyse.pipeline import analyze
from graph.read.reader import read_article
from graph.analyse.segment import split_sentences

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"


def sentences(text: str) -> list[str]:
    return [text[s:e] for s, e in split_sentences(text)]


@pytest.mark.parametrize(
    "sentence",
    [
        # seed 003: a date inside the sentence
        "Ngày 5/12/2023, Tỉnh ủy ban hành Nghị quyết số 23-NQ/TU về lãnh đạo thực hiện nhiệm vụ "
        "kinh tế -xã hội, quốc phòng, an ninh, xây dựng Đảng và hệ thống chính trị năm 2024.",
        # seed 001: thousands separator and decimal comma
        "Tổng doanh thu của các doanh nghiệp trong khối đạt trên 9.899 tỷ đồng, thu nhập bình quân "
        "của người lao động đạt 10,6 triệu đồng/tháng.",
        "Kết quả kiểm điểm, đánh giá, xếp loại chất lượng năm 2023, Đảng bộ Khối có 81 TCCSĐ hoàn "
        "thành tốt nhiệm vụ chiếm 95,30%, trong đó có 16 TCCSĐ hoàn thành xuất sắc nhiệm vụ.",
        # corpus: "TP." before a city's name
        "Tối 14/6, tại Quảng trường Hồ Chí Minh, TP. Vinh, Tỉnh ủy, HĐND, UBND, Ủy ban MTTQ Việt Nam "
        "tỉnh Nghệ An tổ chức Lễ kỷ niệm.",
        # dotted dates and numbers
        "Sáng 7.5, Ban Chấp hành Trung ương Đảng làm việc tại Hội trường với 1.234 đại biểu.",
    ],
)
def test_one_sentence_is_not_split(sentence):
    assert sentences(sentence) == [sentence]
    # and it is still one sentence between two others
    text = f"Mở đầu bài viết. {sentence} Kết thúc bài viết."
    assert sentences(text) == ["Mở đầu bài viết.", sentence, "Kết thúc bài viết."]


def test_line_breaks_always_split():
    # a headline has no full stop; a caption ends with a photo credit
    text = (
        "Quyết tâm thực hiện thắng lợi Nghị quyết số 23-NQ/TU\n"
        "20/04/2024 06:17\n"
        "Đồng chí Bí thư Tỉnh ủy Dương Văn Trang thăm vườn mắc ca tại huyện Kon Rẫy. Ảnh: DN\n"
        "đảng viên mới\n"
        "Dương Nương"
    )
    got = sentences(text)
    assert got[0] == "Quyết tâm thực hiện thắng lợi Nghị quyết số 23-NQ/TU"
    assert got[1] == "20/04/2024 06:17"
    assert "đảng viên mới" in got  # a lower-case line is still its own sentence
    assert got[-1] == "Dương Nương"
    for s in got:
        assert "\n" not in s


def test_closing_quote_stays_with_its_sentence():
    text = (
        "Đồng chí nhấn mạnh: “Chúng tôi nỗ lực thực hiện các ý kiến chỉ đạo của các đồng chí.” "
        "Sau đó, hội nghị thảo luận."
    )
    assert sentences(text) == [
        "Đồng chí nhấn mạnh: “Chúng tôi nỗ lực thực hiện các ý kiến chỉ đạo của các đồng chí.”",
        "Sau đó, hội nghị thảo luận.",
    ]


def test_closing_straight_quote_stays_with_its_sentence():
    text = 'Ông nói: "Đảng bộ sẽ tiếp tục đổi mới." Ban Thường vụ Tỉnh ủy đồng ý.'
    assert sentences(text) == ['Ông nói: "Đảng bộ sẽ tiếp tục đổi mới."', "Ban Thường vụ Tỉnh ủy đồng ý."]


def test_a_lower_case_word_after_a_full_stop_does_not_start_a_sentence():
    text = "Tổng doanh thu đạt 9.899 tỷ đồng. so với năm trước tăng."
    assert len(sentences(text)) == 1


def test_spans_are_stripped_and_in_order():
    text = "  Câu thứ nhất.   Câu thứ hai!\n\n\n   Câu thứ ba?  \n"
    spans = split_sentences(text)
    assert [text[s:e] for s, e in spans] == ["Câu thứ nhất.", "Câu thứ hai!", "Câu thứ ba?"]
    assert all(e1 <= s2 for (_, e1), (s2, _) in zip(spans, spans[1:]))


@pytest.mark.parametrize("path", sorted(SEEDS.glob("*.txt")), ids=lambda p: p.stem)
def test_seed_sentences_cover_the_body(path):
    """Every sentence is a stripped, non-empty, newline-free slice inside the body."""
    art = read_article(path, SEEDS)
    sents, _ = analyze(art)
    assert sents
    prev_end = 0
    for s in sents:
        assert s.text == art.text[s.start : s.end]
        assert s.text == s.text.strip() and s.text
        assert "\n" not in s.text
        assert s.start >= prev_end
        prev_end = s.end
        assert s.end <= art.body_end  # no sentence in the website trailer
        for xs, xe in art.skip_spans:  # nor on the date line
            assert not (xs <= s.start < xe)
    # the body's non-space characters outside date lines all belong to some sentence
    covered = sum(s.end - s.start for s in sents)
    skipped = sum(e - s for s, e in art.skip_spans)
    body = art.text[: art.body_end]
    assert covered + skipped >= len("".join(body.split()))


def test_seed_number_sentence_is_whole():
    path = next(SEEDS.glob("001_*.txt"))
    art = read_article(path, SEEDS)
    sents, _ = analyze(art)
    hit = [s.text for s in sents if "9.899" in s.text]
    assert len(hit) == 1
    assert hit[0].startswith("Tổng doanh thu của các doanh nghiệp trong khối đạt trên 9.899 tỷ đồng,")
    assert "10,6 triệu đồng/tháng (đạt 106% kế hoạch)" in hit[0]


def test_windows_line_ends_split_alike():
    text = (next(SEEDS.glob("003_*.txt"))).read_text(encoding="utf-8")
    crlf = text.replace("\n", "\r\n")
    assert sentences(crlf) == sentences(text)


def test_ellipsis_before_a_capital_ends_the_sentence():
    # corpus
    text = ("Đại biểu đánh giá kết quả gần 15 năm liên tục thực hiện việc học tập và làm theo Bác... "
            "Các ý kiến phát biểu tại Hội nghị đều thống nhất.")
    assert sentences(text) == [
        "Đại biểu đánh giá kết quả gần 15 năm liên tục thực hiện việc học tập và làm theo Bác...",
        "Các ý kiến phát biểu tại Hội nghị đều thống nhất.",
    ]


@pytest.mark.parametrize("text", [
    "." * 100_000,  # the attack: 3,000 dots took 17 s when each candidate end re-scanned its run
    "Tỉnh ủy họp" + "." * 100_000 + " Hội nghị kết thúc.",
    "TP." * 50_000 + " Kon Tum",
    ("Tỉnh ủy Kon Tum họp... TP. Kon Tum đạt 95,30%. " * 5_000),
    "a." * 100_000 + " B",
    "?!" * 50_000 + "” Sau đó",
])
def test_long_runs_of_punctuation_are_split_in_linear_time(text, no_hang):
    with no_hang(20):
        spans = split_sentences(text)
    assert spans and all(0 <= s < e <= len(text) for s, e in spans)
    assert all(text[s:e] == text[s:e].strip() for s, e in spans)


def test_a_run_of_dots_ends_its_sentence():
    text = "Đại biểu thống nhất..... Các ý kiến khác được ghi nhận."
    assert sentences(text) == ["Đại biểu thống nhất.....", "Các ý kiến khác được ghi nhận."]


def test_cr_line_ends_split_like_lf():
    text = (next(SEEDS.glob("003_*.txt"))).read_text(encoding="utf-8")
    assert sentences(text.replace("\n", "\r")) == sentences(text)
