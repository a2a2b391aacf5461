"""Namesakes kept apart across articles (graph.resolve.across.conflict_renames): a one-holder
post in a different body splits a person, the same body written another way does not."""

from __future__ import annotations

import pytest

from graph.build.work import analyse_article, process
from graph.read.reader import article_from_text
from graph.resolve.across import body_form, conflict_renames, same_body, summarise

TEXT = "Tin Hà Nội\nThành phố Hà Nội: Hội nghị. Ông Nguyễn Đức Chung, Chủ tịch {body} phát biểu.\n"


def _summary(key: str, body: str):
    art = article_from_text(f"{key}.txt", TEXT.format(body=body))
    work = process(analyse_article(art))
    return summarise(work.result, work.entities)


@pytest.mark.parametrize("first, second", [
    ("UBND TP.Hà Nội", "Ủy ban nhân dân thành phố Hà Nội"),
    ("UBND quận Hoàn Kiếm", "UBND Q. Hoàn Kiếm"),
])
def test_one_body_written_two_ways_is_one_person(first, second):
    a, b = _summary("a", first), _summary("b", second)
    assert a.posts and b.posts, "the post must be read in both articles"
    assert a.posts[0][0] == b.posts[0][0]  # merged by name in one province
    if a.posts[0][2] == b.posts[0][2]:
        return  # one IRI already: nothing to decide
    assert conflict_renames([a, b]) == {}


def test_two_bodies_are_two_namesakes():
    a, b = _summary("a", "UBND quận Hoàn Kiếm"), _summary("b", "UBND huyện Sóc Sơn")
    person = a.posts[0][0]
    assert conflict_renames([a, b]) == {"b": {person: f"{person}-b"}}
    # the same order whichever article is read first
    assert conflict_renames([b, a]) == {"b": {person: f"{person}-b"}}


def test_an_article_naming_the_earlier_body_among_others_is_the_same_person():
    a = _summary("a", "UBND thành phố")
    b = _summary("b", "UBND TP Hà Nội")
    c = _summary("c", "UBND huyện Sóc Sơn")
    # b's posts with c's: b names a's body too, so b is a's person
    b.posts = b.posts + [(b.posts[0][0], "chủ tịch", c.posts[0][2])]
    b.entities.update(c.entities)
    assert conflict_renames([a, b]) == {}


def test_body_forms():
    assert body_form("Sở Tài nguyên và Môi trường tỉnh") == body_form("Sở Tài nguyên - Môi trường tỉnh Yên Bái")
    assert body_form("Quận ủy Thủ Đức") == body_form("Quận ủy quận Thủ Đức")
    assert body_form("Ủy ban Kiểm tra Tỉnh ủy tỉnh") == body_form("Ủy ban Kiểm tra Tỉnh ủy")
    assert not same_body({body_form("Huyện ủy")}, {body_form("Tỉnh ủy")})
    assert not same_body({body_form("Huyện ủy Đăk Hà")}, {body_form("Huyện ủy Sa Thầy")})
