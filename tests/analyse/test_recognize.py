"""Recognisers (graph.analyse.pipeline + graph.analyse.recognise): the mentions of real sentences.

Each sentence is quoted from the seeds or the shared politics corpus. Tests
say which mentions of one type must be found (exact text) and which must not;
other types in the same sentence are left to their own tests.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.model import ENTITY_TYPES
from graph.analyse.pipeline import analyze
from graph.read.reader import article_from_text, read_article

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"


def mentions(text: str, type_: str | None = None):
    art = article_from_text("x.txt", text)
    _, ms = analyze(art)
    for m in ms:
        assert m.text == art.text[m.start : m.end]
    return [m for m in ms if type_ is None or m.type == type_]


def texts(text: str, type_: str) -> list[str]:
    return [m.text for m in mentions(text, type_)]


# -- organisations ------------------------------------------------------------------------
def test_org_sub_body_with_abbreviation_in_brackets():
    # seed 004
    s = ("Cũng trong năm 2023, thực hiện việc học tập và làm theo tư tưởng, đạo đức phong cách Hồ "
         "Chí Minh, Ban Thường vụ (BTV) Đảng ủy Khối đã tuyên dương 3 tập thể, 6 cá nhân điển hình tiêu biểu.")
    orgs = mentions(s, "Organization")
    assert [m.text for m in orgs] == ["Ban Thường vụ (BTV) Đảng ủy Khối"]
    m = orgs[0]
    # the body it belongs to is recorded for resolution and subOrganizationOf
    assert s[m.parent[0] : m.parent[1]] == "Đảng ủy Khối"


def test_org_old_tone_placement_keeps_the_article_spelling():
    # seed 001 writes "uỷ"
    s = ("Đảng uỷ Khối tuyên dương các chi, đảng bộ Khối doanh nghiệp có thành tích xuất sắc trong "
         "sản xuất kinh doanh năm 2022.")
    assert texts(s, "Organization") == ["Đảng uỷ Khối"]


def test_org_with_province_and_nested_place():
    s = "Thực hiện Chương trình hành động số 135-CTr/TU của Tỉnh ủy Kon Tum."
    ms = mentions(s)
    org = [m for m in ms if m.type == "Organization"]
    place = [m for m in ms if m.type == "Place"]
    assert [m.text for m in org] == ["Tỉnh ủy Kon Tum"]
    assert [m.text for m in place] == ["Kon Tum"]
    assert org[0].start <= place[0].start and place[0].end == org[0].end


def test_generic_bodies_are_not_organisations():
    # seed 003: "các huyện ủy, thành ủy, đảng ủy trực thuộc" are classes of bodies
    s = ("Triển khai Nghị quyết 23-NQ/TU của Tỉnh ủy, các cơ quan tham mưu, giúp việc Tỉnh ủy, các ban "
         "cán sự đảng, đảng đoàn, các huyện ủy, thành ủy, đảng ủy trực thuộc Tỉnh ủy đã khẩn trương quán triệt.")
    assert texts(s, "Organization") == ["Tỉnh ủy", "Tỉnh ủy", "Tỉnh ủy"]


def test_org_long_khoi_name():
    # seed 002
    s = ("(kontumtv.vn) – Năm 2015, Đảng bộ Khối Các cơ quan tỉnh Kon Tum đã chỉ đạo Đại hội các tổ "
         "chức cơ sở Đảng và tổ chức thành công Đại hội Đảng bộ Khối lần thứ VI, nhiệm kỳ 2015-2020.")
    assert "Đảng bộ Khối Các cơ quan tỉnh Kon Tum" in texts(s, "Organization")
    assert "Kon Tum" in texts(s, "Place")


def test_org_national_bodies():
    s = ("Thực hiện Kết luận số 01-KL/TW, ngày 18/5/2021 của Bộ Chính trị về tiếp tục thực hiện "
         "Chỉ thị số 05-CT/TW của Bộ Chính trị.")
    orgs = mentions(s, "Organization")
    assert [m.text for m in orgs] == ["Bộ Chính trị", "Bộ Chính trị"]
    assert all(m.national for m in orgs)


# -- persons ---------------------------------------------------------------------------------
def test_person_after_national_title():
    # seed 000
    s = ("Tổ chức triển khai thực hiện đợt sinh hoạt chính trị về học tập tác phẩm của Tổng Bí thư "
         "Nguyễn Phú Trọng “Kiên quyết, kiên trì đấu tranh phòng, chống tham nhũng, tiêu cực”.")
    assert texts(s, "Person") == ["Nguyễn Phú Trọng"]


def test_person_after_title_and_body():
    # seed 003, a caption
    s = "Đồng chí Bí thư Tỉnh ủy Dương Văn Trang thăm vườn mắc ca tại huyện Kon Rẫy."
    assert texts(s, "Person") == ["Dương Văn Trang"]
    assert texts(s, "Organization") == ["Tỉnh ủy"]


def test_person_before_title():
    s = "Đồng chí Đỗ Quang Minh, Bí thư Đảng uỷ Khối kiểm tra, nắm bắt tình hình cơ sở."
    assert texts(s, "Person") == ["Đỗ Quang Minh"]


def test_person_list_in_corpus_sentence():
    s = ("Tham dự tại điểm cầu Bình Định có các đồng chí: Hồ Quốc Dũng, Ủy viên Trung ương Đảng, Bí thư "
         "Tỉnh ủy, Chủ tịch HĐND tỉnh; Lê Kim Toàn, Phó Bí thư Thường trực Tỉnh ủy, Trưởng Đoàn ĐBQH tỉnh.")
    assert texts(s, "Person") == ["Hồ Quốc Dũng", "Lê Kim Toàn"]
    # "Bình Định" is a province, not a person
    assert texts(s, "Place") == ["Bình Định"]


def test_names_beside_a_name_in_a_list():
    # "Hà Huy Tập", "Dương Lâm": syllables the name lists lack, but items of a list of names
    s = "Các nhà lãnh đạo như Trần Phú, Hà Huy Tập và Lê Hồng Phong; các đồng chí Phạm Văn Ngôn, Dương Lâm."
    assert texts(s, "Person") == ["Trần Phú", "Hà Huy Tập", "Lê Hồng Phong", "Phạm Văn Ngôn", "Dương Lâm"]
    # a place or a body in the list stays what it is
    s = "Ông Nguyễn Văn Hùng, Hà Nội và Đoàn Thanh niên tỉnh dự lễ."
    assert texts(s, "Person") == ["Nguyễn Văn Hùng"]


def test_foreign_names_with_particles_and_ordinals():
    s = "Vua Tây Ban Nha Felipe VI tiếp Tổng thống Syria Bashar al-Assad, Giám đốc Tập đoàn tư vấn Albright Stonebridge."
    assert texts(s, "Person") == ["Felipe VI", "Bashar al-Assad"]


def test_place_name_is_not_a_person():
    s = "Đồng chí Bí thư Tỉnh ủy thăm vườn mắc ca tại huyện Kon Rẫy, tỉnh Kon Tum."
    assert texts(s, "Person") == []


# -- documents ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "sentence, mention, parts, subtype",
    [
        ("Ngày 5/12/2023, Tỉnh ủy ban hành Nghị quyết số 23-NQ/TU về lãnh đạo thực hiện nhiệm vụ năm 2024.",
         "Nghị quyết số 23-NQ/TU", ("23", "NQ", "TU"), "Resolution"),
        ("Thực hiện Chương trình hành động số 135-CTr/TU của Tỉnh ủy về thực hiện các chỉ tiêu nhiệm vụ năm 2023.",
         "Chương trình hành động số 135-CTr/TU", ("135", "CTr", "TU"), "ActionProgramme"),
        ("Thực hiện Kết luận số 01-KL/TW, ngày 18-5-2021 của Bộ Chính trị về tiếp tục đẩy mạnh thực hiện.",
         "Kết luận số 01-KL/TW", ("1", "KL", "TW"), "Conclusion"),
        ("Thực hiện nghiêm Quy định 776-QĐ/TU, ngày 16/1/2023 của Ban Thường vụ Tỉnh ủy.",
         "Quy định 776-QĐ/TU", ("776", "QĐ", "TU"), None),
    ],
)
def test_document_numbers(sentence, mention, parts, subtype):
    docs = mentions(sentence, "Document")
    assert [d.text for d in docs] == [mention]
    d = docs[0]
    assert (d.number.number, d.number.type_code, d.number.issuer_code) == parts
    assert d.rule == "document-number"
    if subtype:
        assert d.subtype == subtype
    else:
        assert d.subtype  # some document class


def test_short_document_references():
    # seed 003: "Nghị quyết 23" after the full number was given
    s = ("Mặc dù Nghị quyết 23 mới được triển khai thực hiện trong những tháng đầu, quý đầu của năm, "
         "nhưng kết quả đạt được là tích cực.")
    docs = mentions(s, "Document")
    assert [d.text for d in docs] == ["Nghị quyết 23"]
    assert docs[0].number.number == "23" and not docs[0].number.type_code
    s = "Để thực hiện thắng lợi Chương trình hành động số 135 của Tỉnh ủy, ngay từ đầu năm, Đảng ủy khối đã xây dựng kế hoạch."
    assert texts(s, "Document") == ["Chương trình hành động số 135"]


def test_quoted_work_after_tac_pham():
    s = ("Tổ chức triển khai thực hiện đợt sinh hoạt chính trị về học tập tác phẩm của Tổng Bí thư "
         "Nguyễn Phú Trọng “Kiên quyết, kiên trì đấu tranh phòng, chống tham nhũng, tiêu cực, góp phần "
         "xây dựng Đảng và Nhà nước ta ngày càng trong sạch, vững mạnh”.")
    docs = mentions(s, "Document")
    assert [d.text for d in docs] == [
        "Kiên quyết, kiên trì đấu tranh phòng, chống tham nhũng, tiêu cực, góp phần xây dựng Đảng và "
        "Nhà nước ta ngày càng trong sạch, vững mạnh"
    ]
    assert docs[0].subtype == "Work"
    # the body named inside a title is part of the title
    assert texts(s, "Organization") == []


@pytest.mark.parametrize("sentence, number", [
    # corpus
    ("Tiếp tục triển khai thực hiện tốt Chỉ thị 40 – CT/TW của Ban Bí thư Trung ương Đảng.", "40"),
    ("Hội nghị sơ kết một năm thực hiện Chỉ thị số 05 - CT/TW của Bộ Chính trị.", "5"),
], ids=["en-dash", "hyphen"])
def test_document_number_with_spaced_dash(sentence, number):
    docs = [d for d in mentions(sentence, "Document") if d.rule == "document-number"]
    assert [(d.number.number, d.number.type_code, d.number.issuer_code) for d in docs] == [
        (number, "CT", "TW")]


def test_a_number_that_is_not_a_document():
    s = "Tổng doanh thu của các doanh nghiệp trong khối đạt trên 9.899 tỷ đồng, tăng 11,8% so với năm 2022."
    assert texts(s, "Document") == []


# -- campaigns --------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "sentence, name",
    [
        # seed 004: one comma
        ("Cũng trong năm 2023, thực hiện việc học tập và làm theo tư tưởng, đạo đức phong cách Hồ Chí Minh, "
         "Ban Thường vụ (BTV) Đảng ủy Khối đã tuyên dương 3 tập thể.",
         "học tập và làm theo tư tưởng, đạo đức phong cách Hồ Chí Minh"),
        # no commas
        ("Các chi bộ đẩy mạnh học tập và làm theo tư tưởng đạo đức phong cách Hồ Chí Minh trong năm 2024.",
         "học tập và làm theo tư tưởng đạo đức phong cách Hồ Chí Minh"),
        # seed 002: the older movement's name
        ("Đảng bộ Khối Các cơ quan tỉnh đã tăng cường giáo dục chính trị, tư tưởng gắn với việc Học tập và "
         "làm theo tấm gương đạo đức Hồ Chí Minh trong cán bộ, công chức, viên chức.",
         "Học tập và làm theo tấm gương đạo đức Hồ Chí Minh"),
    ],
)
def test_known_movement(sentence, name):
    camps = mentions(sentence, "Campaign")
    assert [c.text for c in camps] == [name]
    assert camps[0].subtype == "Movement"
    # "Hồ Chí Minh" here is the President's name inside the movement, not the city
    assert "Hồ Chí Minh" not in texts(sentence, "Place")


@pytest.mark.parametrize("sentence, may_match", [
    # the opening words of a known movement, in the folded lower case the patterns read
    ("Các chi bộ đẩy mạnh Học tập và làm theo tư tưởng đạo đức phong cách Hồ Chí Minh.", True),
    # "học" without "tập" after it: no known movement opens here, the Matcher is not run
    ("Các em học sinh đến trường.", False),
])
def test_known_movements_are_looked_for_where_one_opens(sentence, may_match):
    from graph.analyse.pipeline import make_nlp

    nlp = make_nlp(False)
    assert nlp.get_pipe("kg_campaign_recognizer")._may_match(nlp.make_doc(sentence)) is may_match


@pytest.mark.parametrize("opening, sentence, may_match", [
    # the second word read by its ORTH, the first by its NORM: the gate reads both columns
    ([{"NORM": "học"}, {"ORTH": "Tập"}], "Các chi bộ đẩy mạnh học Tập và làm theo.", True),
    ([{"NORM": "học"}, {"ORTH": "Tập"}], "Các chi bộ đẩy mạnh học tập và làm theo.", False),
    # an opening with an operator or a list: no shortcut, the Matcher always runs
    ([{"NORM": "học", "OP": "?"}, {"NORM": "tập"}], "Các em học sinh đến trường.", True),
    ([{"NORM": {"IN": ["học", "dạy"]}}, {"NORM": "tập"}], "Các em học sinh đến trường.", True),
])
def test_known_movement_gate_reads_each_openings_attributes(opening, sentence, may_match):
    from graph.analyse.pipeline import make_nlp
    from graph.analyse.recognise.campaigns import CampaignRecognizer, _openings

    nlp = make_nlp(False)
    gate = CampaignRecognizer(nlp)
    gate.openings = _openings([opening + [{"NORM": "và"}]], nlp.vocab)
    assert (gate.openings is None) is ("OP" in opening[0] or isinstance(opening[0]["NORM"], dict))
    assert gate._may_match(nlp.make_doc(sentence)) is may_match


def _spelled(pattern: list[dict]) -> str:
    """The words of a Matcher pattern as text: each token's value (an optional one left out,
    a list's first value); NORM values are lower case, which make_doc's NORM keeps."""
    words = []
    for token in pattern:
        if token.get("OP") in ("?", "*"):
            continue
        value = token.get("ORTH", token.get("NORM"))
        words.append(value["IN"][0] if isinstance(value, dict) else value)
    return " ".join(words)


def test_known_movement_gate_lets_every_pattern_example_through():
    # every known movement, in the file's examples and spelled from its own pattern, is found by
    # the Matcher, and the gate lets the doc through to it
    from graph.analyse.pipeline import make_nlp
    from graph.rules import patterns

    nlp = make_nlp(False)
    pipe = nlp.get_pipe("kg_campaign_recognizer")
    if not pipe.ready:
        pipe.initialize(nlp=nlp)
    assert pipe.openings is not None  # the shortcut is on: this test checks it misses nothing
    known = patterns("campaigns_known")
    assert len(known) >= 17
    for n, rule in enumerate(known):
        key = nlp.vocab.strings[f"campaign-known-{n}"]
        texts_ = [e["text"] for e in rule.get("examples", ())]
        texts_.append(f"Các chi bộ tham gia {_spelled(rule['pattern'])} trong năm 2024.")
        for text in texts_:
            doc = nlp.make_doc(text)
            assert any(k == key for k, _, _ in pipe.matcher(doc)), (n, text)
            assert pipe._may_match(doc), (n, text)


def test_quoted_models_after_mo_hinh():
    # seed 000
    s = ("Tiến hành sơ kết 01 năm thực hiện mô hình “Chi bộ bốn tốt”, “Đảng bộ cơ sở bốn tốt” tại 05 TCCSĐ "
         "trực thuộc và 05 chi bộ trực thuộc đảng ủy cơ sở đạt hiệu quả.")
    camps = mentions(s, "Campaign")
    assert [c.text for c in camps] == ["Chi bộ bốn tốt", "Đảng bộ cơ sở bốn tốt"]
    assert {c.subtype for c in camps} == {"Model"}
    # the quotes are not part of the name
    assert all(s[c.start - 1] == "“" and s[c.end] == "”" for c in camps)


def test_yearly_theme():
    # seed 004
    s = "Đảng bộ Khối xác định chủ đề công tác năm 2024 là “Tăng cường công tác kiểm tra, giám sát trong Đảng bộ Khối”."
    camps = mentions(s, "Campaign")
    assert [c.text for c in camps] == ["Tăng cường công tác kiểm tra, giám sát trong Đảng bộ Khối"]


# -- events -----------------------------------------------------------------------------------
def test_congress_with_ordinal():
    s = ("Năm 2015, Đảng bộ Khối Các cơ quan tỉnh Kon Tum đã chỉ đạo Đại hội các tổ chức cơ sở Đảng và tổ "
         "chức thành công Đại hội Đảng bộ Khối lần thứ VI, nhiệm kỳ 2015-2020.")
    events = mentions(s, "Event")
    assert [e.text for e in events] == ["Đại hội Đảng bộ Khối lần thứ VI"]
    assert events[0].subtype == "Congress"


@pytest.mark.parametrize(
    "sentence, name",
    [
        ("Đó là ưu điểm được các đại biểu đánh giá tại Hội nghị tổng kết công tác Đảng bộ năm 2015 và "
         "triển khai nhiệm vụ năm 2016.",
         "Hội nghị tổng kết công tác Đảng bộ năm 2015 và triển khai nhiệm vụ năm 2016"),
        ("Chiều 28/12, Đảng ủy Khối các cơ quan tỉnh tổ chức hội nghị tổng kết công tác xây dựng Đảng năm "
         "2023 và triển khai nhiệm vụ năm 2024.",
         "hội nghị tổng kết công tác xây dựng Đảng năm 2023 và triển khai nhiệm vụ năm 2024"),
    ],
)
def test_conference_with_a_year(sentence, name):
    assert texts(sentence, "Event") == [name]


def test_counted_conferences_are_not_an_event():
    # seed 004
    s = ("Trong năm đã tổ chức được 353 cuộc, có 21.208 lượt cán bộ, đảng viên và người lao động tham gia "
         "học tập, quán triệt nghị quyết; tổ chức 3 hội nghị thông tin chuyên đề cho cấp ủy cơ sở và tuyên "
         "truyền viên cơ sở, 5 lớp bồi dưỡng nhận thức về Đảng.")
    assert texts(s, "Event") == []


def test_election():
    s = ("Các TCCSĐ làm tốt công tác tuyên truyền bầu cử đại biểu Quốc hội và HĐND các cấp, nhiệm kỳ "
         "2016-2021; chú trọng nội dung kiểm tra, giám sát.")
    assert texts(s, "Event") == ["bầu cử đại biểu Quốc hội và HĐND các cấp, nhiệm kỳ 2016-2021"]


# -- places -------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "sentence, name, level",
    [
        ("Giải báo chí về xây dựng Đảng của tỉnh Kon Tum năm 2023 được tổ chức trang trọng.", "Kon Tum", "Province"),
        ("Đồng chí Bí thư Tỉnh ủy Dương Văn Trang thăm vườn mắc ca tại huyện Kon Rẫy.", "Kon Rẫy", "District"),
        ("Tốc độ tăng trưởng đạt 6,45%, đứng thứ 19 cả nước và cao nhất trong khu vực Tây Nguyên.",
         "Tây Nguyên", "Region"),
    ],
)
def test_places_without_their_unit_word(sentence, name, level):
    places = mentions(sentence, "Place")
    assert [p.text for p in places] == [name]
    assert places[0].subtype == level
    assert places[0].place_code  # a gazetteer entry, for the IRI


def test_city_unit_before_a_province_level_city():
    s = "UBND thành phố Hà Nội và thành phố Quy Nhơn, tỉnh Bình Định ký kết hợp tác."
    places = {p.text: p.subtype for p in mentions(s, "Place")}
    assert places == {"Hà Nội": "Province", "Quy Nhơn": "District", "Bình Định": "Province"}


@pytest.mark.parametrize("sentence", [
    "Trước đó, thành phố Kon Tum đã hoàn thành kế hoạch năm 2023.",
    "Trước đó, TP. Kon Tum đã hoàn thành kế hoạch năm 2023.",
], ids=["thanh-pho", "tp"])
def test_city_that_shares_its_provinces_name(sentence):
    places = mentions(sentence, "Place")
    assert [(p.text, p.subtype) for p in places] == [("Kon Tum", "District")]


# -- false positives seen in the corpus build ---------------------------------------------------
@pytest.mark.parametrize(
    "sentence, place",
    [
        # corpus pol_036
        ("Tháng 3-1945, dưới sự chủ trì của đồng chí, Hội nghị Thường vụ Trung ương (tổ chức tại chùa Đồng "
         "Kỵ, Từ Sơn, Bắc Ninh) ra Chỉ thị nổi tiếng “Nhật Pháp bắn nhau và hành động của chúng ta”.", "Từ Sơn"),
        # corpus
        ("Ông Đỗ Đức Duy sinh năm 1970 tại Thái Thụy, Thái Bình.", "Thái Thụy"),
        # corpus pol_165
        ("Đồng chí có những đóng góp đối với phong trào cách mạng của địa phương Sơn Tây, Hà Đông, Hà Nội.",
         "Hà Đông"),
    ],
    ids=["tu-son", "thai-thuy", "ha-dong"],
)
def test_district_after_a_title_is_not_a_person(sentence, place):
    assert place not in texts(sentence, "Person")


def test_body_name_stops_before_a_person():
    # corpus (pol_036), a photo caption
    s = ("Từ phải sang: Chủ tịch Hồ Chí Minh, Chủ nhiệm Tổng cục Chính trị Nguyễn Chí Thanh, Tổng Bí thư "
         "Trường Chinh, Phó Thủ tướng Phạm Văn Đồng tại Việt Bắc.")
    assert "Nguyễn Chí Thanh" in texts(s, "Person")
    assert not [o for o in texts(s, "Organization") if "Nguyễn Chí Thanh" in o]


def test_newspaper_name_is_not_a_law():
    # corpus
    s = "Sáng 17-5, PV Pháp Luật TP.HCM đã cùng vợ chồng anh Thanh đến UBND xã Hòa Minh làm giấy khai sinh."
    assert texts(s, "Document") == []


# Corpus headlines, each the whole name of a steering committee.
STEERING = [
    "Ban Chỉ đạo Trung ương tổng kết 20 năm thực hiện Nghị quyết Trung ương 5 khóa IX về tiếp tục đổi mới, "
    "phát triển và nâng cao hiệu quả kinh tế tập thể",
    "Ban Chỉ đạo Nhà nước các công trình, dự án quan trọng quốc gia, trọng điểm ngành Giao thông vận tải",
    "Ban Chỉ đạo Trung ương về cải cách chính sách tiền lương, bảo hiểm xã hội và ưu đãi người có công",
]


@pytest.mark.parametrize("name", STEERING, ids=["phat-trien", "giao-thong", "co-cong"])
def test_steering_committee_name_is_not_cut_inside_a_word(name):
    assert name in texts(name + " đã họp phiên thứ nhất.", "Organization")


def test_steering_committee_headline_ends_at_the_line_break():
    line = "Ban Chỉ đạo quốc gia khắc phục hậu quả bom mìn và chất độc hóa học sau chiến tranh"
    assert texts("Tin mới\n\n" + line + "\n\nCác thành viên đã họp.", "Organization") == [line]


def test_two_steering_committees_joined_by_va():
    # corpus: the name stops at "và", and again before "với trọng tâm"
    s = ("Bộ Chính trị, Ban Bí thư bổ sung chức năng, nhiệm vụ phòng, chống lãng phí cho Ban Chỉ đạo Trung ương "
         "về phòng, chống tham nhũng, lãng phí, tiêu cực và Ban Chỉ đạo cấp tỉnh về phòng, chống tham nhũng, "
         "lãng phí, tiêu cực với trọng tâm là chỉ đạo phòng, chống lãng phí.")
    steering = [o for o in texts(s, "Organization") if o.startswith("Ban Chỉ đạo")]
    assert steering == ["Ban Chỉ đạo Trung ương về phòng, chống tham nhũng, lãng phí, tiêu cực",
                        "Ban Chỉ đạo cấp tỉnh về phòng, chống tham nhũng, lãng phí, tiêu cực"]


@pytest.mark.parametrize(
    "sentence, name, other",
    [
        # corpus pol_095
        ("Ủy viên Bộ Chính trị, Trưởng ban Kinh tế Trung ương - Trưởng Ban Chỉ đạo Tây Bắc Nguyễn Văn Bình "
         "nhấn mạnh đánh giá của Ban Bí thư tại Chỉ thị số 40-CT/TW ngày 22/11/2014.",
         "Ban Chỉ đạo Tây Bắc", ("Person", "Nguyễn Văn Bình")),
        # corpus pol_034
        ("Cùng với đó, thành phố tái lập lại Ban Chỉ đạo thực hiện Kết luận 80-KL/TW của Ban Bí thư Trung ương "
         "về xây dựng tổ chức đảng, đoàn thể trong các doanh nghiệp khu vực ngoài nhà nước.",
         "Ban Chỉ đạo thực hiện Kết luận 80-KL/TW", ("Organization", "Ban Bí thư Trung ương")),
    ],
    ids=["person", "issuer"],
)
def test_steering_committee_name_stops_before_the_next_name(sentence, name, other):
    orgs = texts(sentence, "Organization")
    assert name in orgs
    assert other[1] in texts(sentence, other[0])


def test_no_mention_crosses_a_line_break():
    # every candidate of every recogniser, before sentence filtering
    from graph.analyse.pipeline import make_nlp

    text = "\n".join(STEERING + [
        "Ban Chỉ đạo quốc gia khắc phục hậu quả bom mìn", "Các thành viên đã họp.",
        "Trao huy hiệu 50 năm tuổi Đảng cho nguyên Thủ tướng Nguyễn Tấn Dũng",
        "Chiều tối nay, tại trụ sở Chính phủ, Đảng ủy Văn phòng Chính phủ tổ chức lễ.",
        "Đồng chí Phan Trọng Tuệ, người con ưu tú của quê hương Hà Nội",
        "Nhân dịp kỷ niệm 100 năm Ngày sinh đồng chí Phan Trọng Tuệ, Thành ủy Hà Nội đã tổ chức lễ."])
    nlp = make_nlp()
    doc = nlp(nlp.make_doc(text))
    crossing = [m.text for m in doc._.kg_candidates or () if "\n" in m.text]
    assert crossing == []


@pytest.mark.parametrize(
    "text, type_, name",
    [
        # corpus pol_156: a headline ending with a name, then a line opening with "Chiều"
        ("Trao huy hiệu 50 năm tuổi Đảng cho nguyên Thủ tướng Nguyễn Tấn Dũng\n"
         "Chiều tối nay, tại trụ sở Chính phủ, Đảng ủy Văn phòng Chính phủ tổ chức lễ trao huy hiệu Đảng.",
         "Person", "Nguyễn Tấn Dũng"),
        # corpus pol_138
        ("Toàn cảnh trao quyết định cho tân Bí thư TP.HCM Nguyễn Thiện Nhân\n"
         "Sáng ngày 10/5, TP.HCM đã đón tân Bí thư Thành ủy Nguyễn Thiện Nhân.",
         "Person", "Nguyễn Thiện Nhân"),
        # corpus pol_165
        ("Đồng chí Phan Trọng Tuệ, người con ưu tú của quê hương Hà Nội\n"
         "Nhân dịp kỷ niệm 100 năm Ngày sinh đồng chí Phan Trọng Tuệ, Thành ủy Hà Nội đã tổ chức lễ.",
         "Place", "Hà Nội"),
    ],
    ids=["person-chieu", "person-sang", "place-nhan"],
)
def test_name_at_the_end_of_a_line_is_found(text, type_, name):
    first_line = text.split("\n")[0]
    found = [m for m in mentions(text, type_) if m.text == name and m.end <= len(first_line)]
    assert found


def test_name_after_a_province_ending_in_a_surname():
    # corpus pol_169
    s = "Ngày 20/6, Chủ tịch UBND tỉnh Bạc Liêu Dương Thành Trung cho biết huyện còn nợ các doanh nghiệp."
    assert texts(s, "Person") == ["Dương Thành Trung"]
    assert texts(s, "Organization") == ["UBND tỉnh Bạc Liêu"]
    assert texts(s, "Place") == ["Bạc Liêu"]


# -- invariants on whole articles --------------------------------------------------------------
def _check_article(art):
    sents, ms = analyze(art)
    for m in ms:
        assert m.text == art.text[m.start : m.end], m
        assert m.type in ENTITY_TYPES
        assert m.text.strip() == m.text and m.text
        s = sents[m.sentence]
        assert s.start <= m.start and m.end <= s.end, m  # inside its sentence
        assert m.end <= art.body_end  # nothing from the website trailer
    # spans either nest or are apart: no crossing mentions
    for a in ms:
        for b in ms:
            if a is b or a.end <= b.start or b.end <= a.start:
                continue
            assert (a.start <= b.start and b.end <= a.end) or (b.start <= a.start and a.end <= b.end), (a, b)
    return ms


@pytest.mark.parametrize("path", sorted(SEEDS.glob("*.txt")), ids=lambda p: p.stem)
def test_every_seed_mention_is_its_text_slice(path):
    ms = _check_article(read_article(path, SEEDS))
    assert ms


def test_seeds_find_every_type():
    found = set()
    for path in sorted(SEEDS.glob("*.txt")):
        _, ms = analyze(read_article(path, SEEDS))
        found |= {m.type for m in ms}
    assert found == set(ENTITY_TYPES)


@pytest.mark.corpus
def test_every_corpus_mention_is_its_text_slice(politics_dir):
    for path in sorted(politics_dir.glob("*.txt"))[:40]:
        _check_article(read_article(path, politics_dir))
