"""Documents: short forms in lower case, laws with their number or the state's name, report titles,
titles that run on over "trong lĩnh vực" / "do Nhà nước đầu tư", a quoted title after its document.

Invented sentences in the style of the corpus (no corpus text).
"""

from __future__ import annotations

import pytest

from graph.analyse.pipeline import analyze
from graph.read.reader import article_from_text


def documents(text: str):
    art = article_from_text("x.txt", text)
    _, ms = analyze(art)
    return [m for m in ms if m.type == "Document"]


def texts(text: str) -> list[str]:
    return [m.text for m in documents(text)]


@pytest.mark.parametrize("sentence, mention, subtype, number", [
    ("Xã chuyển đổi cây trồng theo nghị định 35 của Chính phủ.", "nghị định 35", "Decree", "35"),
    ("Các chi bộ gắn việc học tập với thực hiện chỉ thị 05 của Bộ Chính trị.", "chỉ thị 05", "Directive", "5"),
    ("Trường được công nhận theo Quyết địnhsố 2245/QĐ-BGDĐT của Bộ.", "Quyết địnhsố 2245/QĐ-BGDĐT", "Decision", "2245"),
])
def test_short_forms_in_lower_case_or_glued(sentence, mention, subtype, number):
    docs = [d for d in documents(sentence) if d.rule == "document-number"]
    assert [d.text for d in docs] == [mention]
    assert docs[0].subtype == subtype and docs[0].number.number == number


def test_a_verb_with_a_count_is_no_document():
    assert texts("Quốc hội sẽ quyết định 2 kế hoạch lớn và chỉ thị 3 điểm cho các bộ.") == []


@pytest.mark.parametrize("sentence, mention", [
    ("Theo Luật Giáo dục đại học số 34/2018/QH14 thì hội đồng trường có thẩm quyền.",
     "Luật Giáo dục đại học số 34/2018/QH14"),
    ("Vụ án được xét xử theo Bộ luật Hình sự nước Cộng hòa xã hội chủ nghĩa Việt Nam năm 1985 khi đó.",
     "Bộ luật Hình sự nước Cộng hòa xã hội chủ nghĩa Việt Nam năm 1985"),
])
def test_law_with_its_number_or_the_state_name(sentence, mention):
    assert mention in texts(sentence)


def test_report_titles_take_the_class_of_report():
    docs = documents("Đại biểu góp ý vào Báo cáo tổng kết nhiệm kỳ của Quốc hội khóa XIII.")
    assert [(d.text, d.subtype) for d in docs] == [("Báo cáo tổng kết nhiệm kỳ", "Report")]


def test_titles_run_on_over_fixed_phrases():
    s = "Hai bên ký Bản ghi nhớ về việc thiết lập quan hệ hữu nghị trong lĩnh vực hợp tác quân sự vào chiều nay."
    assert texts(s) == ["Bản ghi nhớ về việc thiết lập quan hệ hữu nghị trong lĩnh vực hợp tác quân sự"]
    s = "Chính phủ phê duyệt Đề án quản lý tài sản hạ tầng đường sắt do Nhà nước đầu tư trong năm nay."
    assert texts(s) == ["Đề án quản lý tài sản hạ tầng đường sắt do Nhà nước đầu tư"]
    # "do" + the body that drafts it still ends the title
    s = "Bộ trình Đề án cơ cấu lại doanh nghiệp do Bộ Tài chính xây dựng trong tháng này."
    assert "Đề án cơ cấu lại doanh nghiệp" in texts(s)


def test_quoted_title_after_its_document():
    s = ("Thực hiện Nghị quyết Trung ương 6 khóa XII về “Tiếp tục đổi mới hệ thống tổ chức và quản lý "
         "các đơn vị sự nghiệp công lập”, tỉnh đã sắp xếp lại bộ máy.")
    docs = {d.text: d for d in documents(s)}
    title = "Tiếp tục đổi mới hệ thống tổ chức và quản lý các đơn vị sự nghiệp công lập"
    assert title in docs and docs[title].subtype == "Resolution" and docs[title].quoted
    # a provision quoted after "… quy định:" is no title
    s = "Quyết định số 05/2013/QĐ-UBND của UBND thành phố quy định: “Sau khi được cử đi, cán bộ phải báo cáo”."
    assert texts(s) == ["Quyết định số 05/2013/QĐ-UBND"]


def test_lower_case_fixed_title_needs_its_body():
    assert "quy chế làm việc" in texts("Bà đã ký văn bản, vi phạm quy chế làm việc của UBND tỉnh.")
    assert texts("Các chi bộ xây dựng quy chế làm việc của mình.") == []


@pytest.mark.parametrize("sentence, wanted", [
    ("Ban soạn thảo trình Luật Bầu cử đại biểu Quốc hội và đại biểu Hội đồng nhân dân sửa đổi.",
     ["Luật Bầu cử đại biểu Quốc hội và đại biểu Hội đồng nhân dân"]),
    ("Chế độ của họ theo Luật Quân nhân chuyên nghiệp, công nhân và viên chức quốc phòng, Luật Công an nhân dân.",
     ["Luật Quân nhân chuyên nghiệp, công nhân và viên chức quốc phòng", "Luật Công an nhân dân"]),
    ("Huyện trồng thêm rừng theo Luật Bảo vệ và phát triển rừng.", ["Luật Bảo vệ và phát triển rừng"]),
    ("Các gói thầu được giao theo Luật Đấu thầu, công khai và kịp thời.", ["Luật Đấu thầu"]),
])
def test_a_known_law_title_runs_over_va_and_commas_and_stops_at_its_end(sentence, wanted):
    assert texts(sentence) == wanted
