"""authorOf the article: the bylines the corpus writes, glued to the last paragraph or on a line
of their own, with an agency or a note of how the text was made (reader + relate, end to end)."""

from __future__ import annotations

import pytest

from graph.analyse.pipeline import analyze
from graph.model import ArticleResult
from graph.read.reader import article_from_text
from graph.relate.relations import extract_relations
from graph.resolve.resolver import Resolver

BODY = "Tỉnh ủy Bình Định tổ chức hội nghị sơ kết công tác xây dựng Đảng."


def authors(text: str) -> list[str]:
    art = article_from_text("a.txt", text)
    [result], entities = Resolver().resolve_all([ArticleResult(art, *analyze(art))])
    names = {m.entity: m.text for m in result.mentions}
    return sorted(names[r.subject] for r in extract_relations(result, entities)
                  if r.predicate == "authorOf" and r.rule == "rel-byline")


@pytest.mark.parametrize(
    "ending, names",
    [
        (" Thu Phương (TTXVN)", ["Thu Phương"]),  # glued, with its agency
        (" Đình Hà – Vân Anh", ["Vân Anh", "Đình Hà"]),  # two authors
        ("./. Vũ Dũng/VOV", ["Vũ Dũng"]),  # the agency after a slash is no author
        (" Minh Thái (Tổng hợp)", ["Minh Thái"]),
        (" (còn nữa) THIỆN VĂN", ["THIỆN VĂN"]),  # in capitals
        (" L.N - Phạm Đông", ["L.N", "Phạm Đông"]),  # initials
        (" Theo NGỮ THIÊN (TTXVN/VIETNAM+)", ["NGỮ THIÊN"]),
    ],
)
def test_a_byline_glued_to_the_last_paragraph(ending, names):
    assert sorted(authors(f"Hội nghị sơ kết\n\n{BODY}{ending}")) == sorted(names)


def test_a_source_is_no_author():
    assert authors(f"Hội nghị sơ kết\n\n{BODY} Theo VnExpress") == []


def test_a_paragraph_opening_with_theo_is_no_source_line():
    text = f"Hội nghị sơ kết\n\n{BODY}\n\nTheo kết luận của hội nghị, các cấp ủy tiếp tục rà soát. Thu Phương (TTXVN)"
    assert authors(text) == ["Thu Phương"]
