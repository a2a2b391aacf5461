"""graph.relate.dates and the dates of facts: what a sentence's date is, the year filled in."""

from __future__ import annotations

import pytest

from graph.analyse.pipeline import analyze
from graph.model import ArticleResult
from graph.read.reader import article_from_text
from graph.relate.dates import ArticleDates, sentence_date
from graph.relate.relations import extract_relations
from graph.resolve.resolver import Resolver


def relations(text: str, published: str | None = None):
    art = article_from_text("a.txt", text)
    if published:
        art.published = published
    [result], entities = Resolver().resolve_all([ArticleResult(art, *analyze(art))])
    return extract_relations(result, entities), entities


@pytest.mark.parametrize(
    "published, day, month, iso",
    [
        ("2025-04-20", 16, 4, "2025-04-16"),  # a few days before publication
        ("2024-01-02", 28, 12, "2023-12-28"),  # last year's December
        ("2025-04-20", 25, 4, "2025-04-25"),  # within a week after: announced ahead
    ],
)
def test_a_date_without_a_year_takes_the_year_of_the_publication(published, day, month, iso):
    assert ArticleDates("", published).resolve(day, month) == iso


def test_without_publication_the_latest_full_date_written_gives_the_year():
    clock = ArticleDates("Thực hiện Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị …", None)
    assert clock.resolve(16, 4) == "2025-04-16"  # after the resolution it cites
    assert clock.resolve(20, 12) == "2024-12-20"  # shortly before it


def test_no_full_date_means_no_date():
    assert ArticleDates("Sáng 16/4, Tỉnh ủy họp.", None).resolve(16, 4) is None


def test_the_date_of_a_document_is_not_the_sentences():
    s = "Thực hiện Kết luận số 121-KL/TW ngày 24/01/2025, sáng 5/3, Tỉnh ủy tổ chức hội nghị."
    skip = [(s.index("ngày 24"), s.index("ngày 24") + len("ngày 24/01/2025"))]
    dates = sentence_date(s, 0, len(s), ArticleDates(s, None), skip)
    assert [(d.value, d.marks) for d in dates] == [("2025-03-05", "on")]


def test_a_month_has_the_precision_of_a_month():
    s = "Trong tháng 3/2025, Đảng ủy Khối kết nạp 20 đảng viên."
    assert [d.value for d in sentence_date(s, 0, len(s), ArticleDates(s, None))] == ["2025-03"]


def test_every_fact_is_dated_by_its_sentence_and_the_event_is_held_on_it():
    text = ("Sáng 16/4, tại Hà Nội, Bộ Chính trị, Ban Bí thư tổ chức Hội nghị toàn quốc quán triệt "
            "Nghị quyết số 57-NQ/TW. Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị.")
    rels, entities = relations(text)
    held = [r for r in rels if r.predicate == "heldOn"]
    assert [r.value for r in held] == ["2025-04-16"]
    organized = [r for r in rels if r.predicate == "organizedBy"]
    assert {entities[r.object].label for r in organized} == {"Bộ Chính trị", "Ban Bí thư"}
    assert {r.as_of for r in organized} == {"2025-04-16"}
    issued_on = [r.value for r in rels if r.predicate == "issuedOn"]
    assert issued_on == ["2024-12-22"]  # the document's own date, not the sentence's


def test_a_post_begins_on_the_day_of_the_election():
    rels, _ = relations("Ngày 12/3/2025, ông Lê Minh Trung được bầu giữ chức Bí thư Quận ủy Thanh Khê.")
    [post] = [r for r in rels if r.predicate == "holdsPosition"]
    assert (post.since, post.until, post.as_of, post.former) == ("2025-03-12", None, "2025-03-12", False)


def test_a_post_ends_on_retirement():
    rels, _ = relations("Ông Trần Văn Minh, nguyên Giám đốc Sở Nội vụ tỉnh Bình Định, đã nghỉ hưu từ ngày 1/5/2025.")
    [post] = [r for r in rels if r.predicate == "holdsPosition"]
    assert (post.former, post.since, post.until) == (True, None, "2025-05-01")


def test_a_sentence_without_a_date_is_dated_by_its_paragraph_then_the_publication():
    text = ("Sáng 16/4, Tỉnh ủy Bình Định họp. Bí thư Tỉnh ủy Bình Định Hồ Quốc Dũng chủ trì.\n\n"
            "Phó Bí thư Tỉnh ủy Bình Định Lê Kim Toàn phát biểu.")
    rels, _ = relations(text, published="2025-04-17")
    as_of = {r.role: r.as_of for r in rels if r.predicate == "holdsPosition"}
    assert as_of == {"Bí thư": "2025-04-16", "Phó Bí thư": "2025-04-17"}


def test_a_date_ahead_of_the_article_is_no_reference():
    text = ("Kết luận số 118-KL/TW ngày 18/01/2025 của Bộ Chính trị. Dự kiến Ngày Bầu cử đại biểu Quốc hội khóa XVI "
            "và đại biểu HĐND các cấp nhiệm kỳ 2026 - 2031 vào ngày 15/3/2026.")
    clock = ArticleDates(text, None)
    assert str(clock.reference) == "2025-01-18"
    assert clock.resolve(16, 4) == "2025-04-16"
