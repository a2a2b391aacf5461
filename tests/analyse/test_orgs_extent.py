"""Organisation names' extent (graph.analyse.recognise.orgs): where a name ends.

Invented sentences: a capitalised name word whose second syllable is lower case
("Giao thông", "Nhi đồng", "Đại sứ quán") goes on; a word that starts a sentence
after a photo credit ("Ảnh: Báo QĐND Cùng đi …") does not.
"""

from __future__ import annotations

import pytest

from graph.analyse.pipeline import analyze
from graph.read.reader import article_from_text


def orgs(text: str) -> list[str]:
    _, ms = analyze(article_from_text("x.txt", text), learned=False)
    return [m.text for m in ms if m.type == "Organization"]


@pytest.mark.parametrize("sentence, name", [
    ("Ông đến thăm Báo Nhi đồng.", "Báo Nhi đồng"),
    ("Ảnh: Báo Giao thông Cụ thể, ông Khoa nói.", "Báo Giao thông"),
    ("Thay mặt Đảng bộ Đại sứ quán, ông Long phát biểu.", "Đảng bộ Đại sứ quán"),
    ("Ông là chi ủy viên Chi bộ Ban Chính sách pháp luật.", "Chi bộ Ban Chính sách pháp luật"),
    ("Ảnh: Báo QĐND Cùng đi có các đồng chí.", "Báo QĐND"),
])
def test_name_ends_after_a_two_syllable_word_not_before_a_sentence(sentence, name):
    assert name in orgs(sentence)


def test_a_verb_does_not_join_two_bodies():
    found = orgs("Ông Đại, Ủy viên Ủy ban Kiểm tra làm Phó Chủ nhiệm Ủy ban Kiểm tra Trung ương Đoàn.")
    assert "Ủy ban Kiểm tra Trung ương Đoàn" in found
    assert not any("làm" in t for t in found)


@pytest.mark.parametrize("sentence, name", [
    ("Ban cán sự đảng đã chỉ đạo quyết liệt.", "Ban cán sự đảng"),
    ("Ông là Bí thư Ban cán sự đảng, Bộ trưởng Bộ Y tế.", "Ban cán sự đảng"),
])
def test_party_group_named_alone(sentence, name):
    assert name in orgs(sentence)


@pytest.mark.parametrize("sentence, name", [
    ("Bộ Tài nguyên - Môi trường đã họp.", "Bộ Tài nguyên - Môi trường"),
    ("Sở Tài nguyên & Môi trường tỉnh Yên Bái họp.", "Sở Tài nguyên & Môi trường tỉnh Yên Bái"),
    ("Ông làm việc tại Bộ Tài nguyên môi trường.", "Bộ Tài nguyên môi trường"),
    ("Ông là trưởng Phòng Kế hoạch Tài chính của huyện.", "Phòng Kế hoạch Tài chính"),
])
def test_two_part_field_written_with_a_dash_or_nothing(sentence, name):
    assert name in orgs(sentence)


# the lower-case head scan reads a copy of the words with the head capitalised (Words.with_word)
@pytest.mark.parametrize("sentence, name", [
    ("Ông Hùng, Bí thư huyện ủy Quốc Oai, dự hội nghị.", "huyện ủy Quốc Oai"),
    ("Đoàn công tác làm việc tại sở Tư pháp TP Hà Nội.", "sở Tư pháp TP Hà Nội"),
])
def test_body_with_a_lower_case_head(sentence, name):
    assert name in orgs(sentence)


def test_a_lower_case_class_word_is_no_body():
    assert orgs("Đoàn đã làm việc với các sở, ngành của tỉnh.") == []
