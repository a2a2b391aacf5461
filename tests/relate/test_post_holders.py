"""Posts in the graph: one org:Post per role and body, memberships pointing to it, and the
named query ``post-holders`` that lists who held a post when (a real build of three articles)."""

from __future__ import annotations

import json
import re

import pytest

import graph
from graph.build.runner import build_graph
from graph.evaluate.validate import validate

ARTICLES = {
    # published 2021: the post held as of the article's date
    "a.txt": ("Tỉnh ủy Bình Định họp phiên thường kỳ.\n\n"
              "Bí thư Tỉnh ủy Bình Định Hồ Quốc Dũng chủ trì hội nghị.", "2021-03-02"),
    # published 2025: a later holder, elected on the day the sentence gives; "uỷ" spelled the old way
    "b.txt": ("Tỉnh uỷ Bình Định có tân Bí thư.\n\n"
              "Chiều 28/3, ông Lê Kim Toàn được bầu giữ chức Bí thư Tỉnh uỷ Bình Định.", "2025-03-29"),
    # another province's post of the same title: not the same post
    "c.txt": ("Tỉnh ủy Gia Lai họp.\n\nBí thư Tỉnh ủy Gia Lai Hồ Văn Niên phát biểu.", "2024-05-10"),
}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    src = tmp_path_factory.mktemp("posts-in")
    for name, (text, _) in ARTICLES.items():
        (src / name).write_text(text, "utf-8")
    (src / "kg-meta.jsonl").write_text("".join(json.dumps({"file": n, "published": p}) + "\n"
                                               for n, (_, p) in ARTICLES.items()), "utf-8")
    out = tmp_path_factory.mktemp("posts-out")
    report = build_graph([src], out, progress=False, cache=False)
    assert not report.errors, report.errors
    return out


def holders(out, post: str) -> list[tuple]:
    g = graph.open(out)
    # a person's label may carry where the person is from ("Lê Kim Toàn (Bình Định)"): the name
    return [(re.sub(r" \(.*\)$", "", r["personName"]), str(r["asOf"]), r["since"] and str(r["since"]), r["postLabel"])
            for r in g.named("post-holders", post=post)]


def test_who_held_a_post_over_time(built):
    rows = holders(built, "Bí thư Tỉnh ủy Bình Định")
    assert [(name, as_of, since) for name, as_of, since, _ in rows] == [
        ("Hồ Quốc Dũng", "2021-03-02", None), ("Lê Kim Toàn", "2025-03-28", "2025-03-28")]
    assert {label for *_, label in rows} == {"Bí thư Tỉnh ủy Bình Định"}


@pytest.mark.parametrize("spelling", ["bi thu tinh uy binh dinh", "Bí thư Tỉnh uỷ Bình Định", "BÍ THƯ TỈNH ỦY BÌNH ĐỊNH"])
def test_the_post_is_found_whatever_the_tone_marks_and_case(built, spelling):
    assert [r[0] for r in holders(built, spelling)] == ["Hồ Quốc Dũng", "Lê Kim Toàn"]


def test_the_same_title_in_another_body_is_another_post(built):
    assert [r[0] for r in holders(built, "Bí thư Tỉnh ủy Gia Lai")] == ["Hồ Văn Niên"]
    g = graph.open(built)
    posts = {r["p"] for r in g.query("PREFIX org: <http://www.w3.org/ns/org#> "
                                     "SELECT DISTINCT ?p WHERE { ?p a org:Post }")}
    assert len(posts) == 2


def test_the_graph_with_posts_and_dates_conforms_to_the_shapes(built):
    report = validate(built / "graph.trig")
    assert report.conforms, report.text[:2000]
