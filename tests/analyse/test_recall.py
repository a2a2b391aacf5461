"""What the rules find beyond their first version (issue 11): foreign names, later references
by part of a name, abbreviated and numbered units, bodies named with a country, events and
documents without a number. Sentences in the genre's wording; rules only."""

from __future__ import annotations

from graph.analyse.pipeline import analyze
from graph.read.reader import article_from_text


def found(text: str) -> list:
    art = article_from_text("x.txt", text)
    _, ms = analyze(art, learned=False)
    for m in ms:
        assert m.text == art.text[m.start : m.end]
    return ms


def pairs(text: str, type_: str) -> list[str]:
    return [m.text for m in found(text) if m.type == type_]


def test_a_later_reference_by_given_name_is_the_full_named_person():
    ms = found("Ông Nguyễn Văn Hùng, Phó Chủ tịch UBND tỉnh, phát biểu. Theo ông Hùng, tỉnh cần "
               "làm tốt hơn. Đồng chí Hùng cũng đề nghị các sở phối hợp.")
    people = [(m.text, m.full_name) for m in ms if m.type == "Person"]
    assert people == [("Nguyễn Văn Hùng", None), ("Hùng", "Nguyễn Văn Hùng"), ("Hùng", "Nguyễn Văn Hùng")]


def test_a_given_name_without_its_full_name_or_honorific_is_no_person():
    assert pairs("Bà Lan cho biết đã nộp đơn. Hùng Vương là tên một con đường.", "Person") == []


def test_foreign_leaders_and_their_family_names():
    ms = found("Tổng thống Mỹ Donald Trump tiếp Ngoại trưởng Hàn Quốc Chung Eui-yong. "
               "Ông Trump nói hai nước sẽ hợp tác.")
    assert [(m.text, m.full_name) for m in ms if m.type == "Person"] == [
        ("Donald Trump", None), ("Chung Eui-yong", None), ("Trump", "Donald Trump")]
    assert [m.text for m in ms if m.type == "Place"] == ["Mỹ", "Hàn Quốc"]


def test_a_foreign_name_neither_starts_nor_goes_on_inside_a_city_or_country():
    text = ("Đại sứ Ba Lan tại Berlin Tomasz Nowak dự lễ. Tổng thống Jair Bolsonaro Brazil phát biểu. "
            "Đại sứ Mỹ tại Minnesota Karen Smith cũng có mặt.")
    assert pairs(text, "Person") == ["Tomasz Nowak", "Jair Bolsonaro", "Karen Smith"]


def test_a_country_is_no_persons_given_name_after_an_honorific():
    assert pairs("Ông Đức làm việc nhiều năm tại Đức.", "Place") == ["Đức"]


def test_bodies_named_with_their_country():
    ms = found("Quốc hội Mỹ và Bộ Tư pháp Mỹ đã lên tiếng; Chính phủ Việt Nam hoan nghênh ASEAN.")
    orgs = {m.text: m.national for m in ms if m.type == "Organization"}
    assert orgs == {"Quốc hội Mỹ": False, "Bộ Tư pháp Mỹ": False, "Chính phủ Việt Nam": True, "ASEAN": False}


def test_numbered_and_abbreviated_units():
    ms = found("Công an quận 2 phối hợp với UBND phường 12 và CA Q. Hoàn Kiếm, Sở GTVT TP.HCM.")
    assert [m.text for m in ms if m.type == "Organization"] == [
        "Công an quận 2", "UBND phường 12", "CA Q. Hoàn Kiếm", "Sở GTVT TP.HCM"]
    assert [m.text for m in ms if m.type == "Place"] == ["quận 2", "phường 12", "Hoàn Kiếm", "TP.HCM"]


def test_an_initial_is_no_abbreviated_unit():
    assert pairs("Ảnh: P. Thảo", "Place") == []


def test_a_name_stops_before_a_time_word():
    assert pairs("Đồng chí Nguyễn Văn Thiện Chiều nay đã đến thăm.", "Person") == ["Nguyễn Văn Thiện"]
    assert pairs("Đồng chí Mai Xuân Sáng.", "Person") == ["Mai Xuân Sáng"]


def test_events_without_an_ordinal_or_a_year():
    s = ("Tại buổi làm việc với Ban Thường vụ Tỉnh ủy Kon Tum, Bộ trưởng đề nghị. Tại phiên họp ngày "
         "13/6/2025, Quốc hội biểu quyết. Nhân chuyến thăm chính thức Nhật Bản, Thủ tướng gặp gỡ.")
    assert pairs(s, "Event") == ["buổi làm việc với Ban Thường vụ Tỉnh ủy Kon Tum", "phiên họp ngày 13/6/2025",
                                 "chuyến thăm chính thức Nhật Bản"]


def test_a_law_stops_before_the_next_clause():
    assert pairs("Chính phủ trình Luật Quy hoạch, Thủ tướng nhấn mạnh tinh thần đó.", "Document") == ["Luật Quy hoạch"]
