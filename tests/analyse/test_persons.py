"""People the name rule alone cannot read: well-known pen and revolutionary names, Chinese
names in Vietnamese spelling, academic titles, given-name references after a post or a
court word, and credits the reader finds (graph/read/metadata.py). Invented sentences."""

from __future__ import annotations

from graph.analyse.pipeline import analyze
from graph.read.reader import article_from_text


def persons(text: str) -> list[str]:
    art = article_from_text("x.txt", text)
    _, ms = analyze(art)
    return [m.text for m in ms if m.type == "Person"]


def test_pen_and_revolutionary_names():
    s = "Đồng chí Trường Chinh và Đại tướng Văn Tiến Dũng gặp nhà thơ Tố Hữu."
    assert persons(s) == ["Trường Chinh", "Văn Tiến Dũng", "Tố Hữu"]


def test_a_street_named_after_a_person_is_no_mention():
    s = "Hội nghị họp tại số 5 đường Trường Chinh, phường Quang Trung."
    assert persons(s) == []


def test_chinese_names_in_vietnamese_spelling():
    s = "Chủ tịch Mao Trạch Đông và Thượng tướng Ngụy Phượng Hòa được nhắc tới; bà Tào Việt Hà dự lễ."
    assert persons(s) == ["Mao Trạch Đông", "Ngụy Phượng Hòa", "Tào Việt Hà"]


def test_academic_titles_with_a_stop_address_a_name():
    s = "Tham dự có GS. Vũ Văn Yêm và TS. Nguyễn Quân."
    assert persons(s) == ["Vũ Văn Yêm", "Nguyễn Quân"]


def test_given_name_after_a_post_or_a_court_word():
    s = ("Thứ trưởng Nguyễn Văn Phúc dự họp. Theo thứ trưởng Phúc, luật cần sửa. "
         "Bị cáo Trần Thị Mai Lan ra tòa. Bị cáo Mai Lan khai đã nhận tiền.")
    assert persons(s) == ["Nguyễn Văn Phúc", "Phúc", "Trần Thị Mai Lan", "Mai Lan"]


def test_a_body_after_the_post_is_no_given_name():
    # "Trung" of "Lê Hoài Trung", but "Trung ương Đảng" after "Chánh văn phòng"
    s = "Đồng chí Lê Hoài Trung dự họp. Phó Chánh văn phòng Trung ương Đảng phát biểu."
    assert persons(s) == ["Lê Hoài Trung"]


def test_photo_credits_run_into_the_text():
    text = ("Tỉnh ủy họp bàn công tác cán bộ\n\n"
            "Bí thư Tỉnh ủy phát biểu. Ảnh: Nhã Phương. Khi đến xã, ông thăm hỏi bà con.\n"
            "Quang cảnh hội nghị. Ảnh: Thành Cường Kỷ niệm 60 năm ngày Bác về thăm quê.\n"
            "Đại biểu dự lễ. Ảnh: Hà Khánh Sinh ngày 12/6/1953 tại Trà Vinh.\n"
            "Đoàn thăm gia đình chính sách. Ảnh: TÁ LÂM Trò chuyện với gia đình, đoàn tặng quà.\n"
            "Lãnh đạo dự họp - Ảnh: VGP/Nhật Bắc\n"
            "Lãnh đạo dự lễ. Ảnh: VOV Tổng Bí thư cũng đến thăm.\n"
            "Cuối bài.\n")
    assert persons(text) == ["Nhã Phương", "Thành Cường", "Hà Khánh", "TÁ LÂM", "Nhật Bắc"]


def test_foreign_names_with_initials_and_their_list():
    s = ("Bộ trưởng giáo dục bang Telangana R.Prasad phát biểu. Chủ tịch AIPSO K.Anand Rao cùng các "
         "Phó Tổng thư ký của AIPSO S.Kumar, Rahul Mehta, Anil Verma đã chào mừng đoàn.")
    assert persons(s) == ["R.Prasad", "K.Anand Rao", "S.Kumar", "Rahul Mehta", "Anil Verma"]
    # a list goes on only with foreign names: "Hà Nội" is no person's
    assert persons("Tổng thống Obama, Hà Nội và Mỹ.") == ["Obama"]
