"""graph.relate.posts: the posts people hold, on real sentences of the genre.

Each test runs the real pipeline (reader, recognisers, resolver, relate) on one
sentence and looks for the holdsPosition relations by the surface text of
their ends.
"""

from __future__ import annotations

import pytest

from graph.analyse.pipeline import analyze
from graph.model import ArticleResult
from graph.read.reader import article_from_text
from graph.relate.relations import extract_relations
from graph.resolve.resolver import Resolver
from graph.text import norm_key


def posts(text: str) -> set[tuple[str, str, str, bool]]:
    """(person, body, role, former) of every holdsPosition of the text, by surface forms."""
    art = article_from_text("a.txt", text)
    [result], entities = Resolver().resolve_all([ArticleResult(art, *analyze(art))])
    names: dict[str, str] = {}
    for m in result.mentions:
        names.setdefault(m.entity, m.text)  # type: ignore[arg-type]
    out = set()
    for r in extract_relations(result, entities):
        if r.predicate == "holdsPosition":
            body = names.get(r.object) or entities[r.object].label  # type: ignore[index]
            out.add((names[r.subject], body, norm_key(r.role or ""), r.former))
    return out


def test_a_list_after_a_name_with_a_spaced_dash_and_commas():
    found = posts("Sáng 16/4, ông Nguyễn Văn Thành - Tỉnh ủy viên, Phó Chủ tịch HĐND tỉnh Bình Định phát biểu.")
    assert ("Nguyễn Văn Thành", "HĐND tỉnh Bình Định", "phó chủ tịch", False) in found, found


def test_stacked_posts_before_a_name():
    found = posts("Ủy viên Bộ Chính trị, Bí thư Thành ủy Hà Nội Đinh Tiến Dũng dự hội nghị.")
    assert found == {("Đinh Tiến Dũng", "Bộ Chính trị", "ủy viên", False),
                     ("Đinh Tiến Dũng", "Thành ủy Hà Nội", "bí thư", False)}


def test_a_title_shares_the_head_noun_of_the_body():
    # ruling 1: "Trưởng Ban Tổ chức Tỉnh ủy" is the role "Trưởng ban" of "Ban Tổ chức Tỉnh ủy"
    found = posts("Trưởng Ban Tổ chức Tỉnh ủy Bình Định Lê Kim Toàn phát biểu.")
    assert found == {("Lê Kim Toàn", "Ban Tổ chức Tỉnh ủy Bình Định", "trưởng ban", False)}


def test_member_of_the_standing_committee_is_a_post_of_the_committee():
    # ruling 2: "Ủy viên Ban Thường vụ Tỉnh ủy X" -> role "Ủy viên Ban Thường vụ" of "Tỉnh ủy X"
    found = posts("Ông Nguyễn Hữu Dũng, Ủy viên Ban Thường vụ Tỉnh ủy Quảng Trị, Chủ tịch Ủy ban MTTQ tỉnh "
                  "phát biểu.")
    assert ("Nguyễn Hữu Dũng", "Tỉnh ủy Quảng Trị", "ủy viên ban thường vụ", False) in found, found
    assert ("Nguyễn Hữu Dũng", "Ủy ban MTTQ tỉnh", "chủ tịch", False) in found


def test_nguyen_makes_a_post_former():
    found = posts("Ban Bí thư quyết định thi hành kỷ luật cảnh cáo nguyên Bí thư Tỉnh ủy Bình Định Nguyễn Văn Thiện.")
    assert found == {("Nguyễn Văn Thiện", "Tỉnh ủy Bình Định", "bí thư", True)}


def test_a_list_after_a_colon_gives_everyone_the_post():
    found = posts("Dự hội nghị có các Ủy viên Bộ Chính trị: Chủ tịch nước Lương Cường, Thủ tướng Chính phủ "
                  "Phạm Minh Chính.")
    assert ("Lương Cường", "Bộ Chính trị", "ủy viên", False) in found, found
    assert ("Phạm Minh Chính", "Bộ Chính trị", "ủy viên", False) in found
    # "Chủ tịch nước" gives no relation (ruling 3); "Thủ tướng Chính phủ" is "Thủ tướng" of "Chính phủ"
    assert ("Phạm Minh Chính", "Chính phủ", "thủ tướng", False) in found
    assert not [f for f in found if f[0] == "Lương Cường" and f[2] != "ủy viên"]


def test_the_person_dealt_with_holds_the_post_taken_away():
    found = posts("Ban Thường vụ Huyện ủy quyết định cách chức Bí thư Chi bộ Phòng Kinh tế đối với ông Nguyễn Hòa.")
    assert found == {("Nguyễn Hòa", "Chi bộ Phòng Kinh tế", "bí thư", True)}


def test_a_nomination_is_no_post_held():
    assert not posts("Đồng chí Đỗ Đức Duy được giới thiệu giữ chức Chủ tịch UBND tỉnh Yên Bái.")


def test_the_leader_of_a_delegation():
    found = posts("Đoàn công tác của Bộ Chính trị do đồng chí Nguyễn Thiện Nhân, Ủy viên Bộ Chính trị, làm Trưởng "
                  "đoàn đã làm việc với Tỉnh ủy Cà Mau.")
    assert ("Nguyễn Thiện Nhân", "Đoàn công tác của Bộ Chính trị", "trưởng đoàn", False) in found, found
    assert ("Nguyễn Thiện Nhân", "Bộ Chính trị", "ủy viên", False) in found


def test_a_chain_between_two_names_gives_its_last_post_to_the_second():
    found = posts("Chủ tịch nước Lương Cường, Thủ tướng Chính phủ Phạm Minh Chính dự lễ.")
    assert ("Phạm Minh Chính", "Chính phủ", "thủ tướng", False) in found, found
    assert not [f for f in found if f[0] == "Lương Cường"]


@pytest.mark.parametrize("verb", ["là", "giữ chức"])
def test_a_verb_after_the_name_leads_to_its_post(verb):
    found = posts(f"Hiện nay, ông Lê Minh Trung {verb} Hiệu trưởng Trường Chính trị thành phố Đà Nẵng.")
    assert ("Lê Minh Trung", "Trường Chính trị thành phố Đà Nẵng", "hiệu trưởng", False) in found, found


def test_tung_la_is_former():
    found = posts("Ông Trần Bạch Đằng từng là Phó Bí thư Thành ủy Hà Nội.")
    assert found == {("Trần Bạch Đằng", "Thành ủy Hà Nội", "phó bí thư", True)}


def test_a_party_member_of_a_named_cell():
    found = posts("Ủy ban kiểm tra Huyện ủy Gia Viễn khiển trách ông Vũ Trọng Toàn, đảng viên Chi bộ Trạm Y tế "
                  "xã Gia Vân.")
    assert ("Vũ Trọng Toàn", "Chi bộ Trạm Y tế xã Gia Vân", "đảng viên", False) in found, found
    # a cell named after a body written in lower-case words (bodies.tsv "Phòng khám đa khoa khu vực")
    found = posts("Ủy ban kiểm tra Huyện ủy Gia Viễn khiển trách ông Vũ Trọng Toàn, đảng viên Chi bộ Phòng Khám "
                  "đa khoa khu vực Gia Vân.")
    assert ("Vũ Trọng Toàn", "Chi bộ Phòng Khám đa khoa khu vực Gia Vân", "đảng viên", False) in found, found


def test_posts_of_courts_and_police_with_a_rank_before_the_name():
    found = posts("Chánh án Tòa án nhân dân tỉnh Bình Định Nguyễn Văn Hùng và Giám đốc Công an tỉnh Bình Định, "
                  "Đại tá Võ Đức Nguyện dự họp.")
    assert ("Nguyễn Văn Hùng", "Tòa án nhân dân tỉnh Bình Định", "chánh án", False) in found, found
    assert ("Võ Đức Nguyện", "Công an tỉnh Bình Định", "giám đốc", False) in found


def test_a_pronoun_stands_for_the_last_name():
    found = posts("Ông Trần Văn Minh sinh năm 1960 tại Bình Định. Ông từng giữ chức Phó Chủ tịch UBND tỉnh "
                  "Bình Định.")
    assert found == {("Trần Văn Minh", "UBND tỉnh Bình Định", "phó chủ tịch", True)}, found


def test_a_title_from_the_roles_table():
    # docs/architecture.md's worked example: the row "Kiểm toán trưởng" in graph/rules/roles.tsv
    found = posts("Ông Trần Văn Minh, Kiểm toán trưởng Kiểm toán Nhà nước, cho biết.")
    assert found == {("Trần Văn Minh", "Kiểm toán Nhà nước", "kiểm toán trưởng", False)}
