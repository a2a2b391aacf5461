"""The filters of the learned model's names (graph.analyse.learned.well_formed, headed): sentences
written for these tests, cut into the pipeline's tokens, a span of them given to the filter as the
model would give it (with the words before it in the sentence)."""

from __future__ import annotations

import pytest

from graph.analyse.learned import _filters, headed, well_formed
from graph.analyse.pipeline import make_nlp
from graph.analyse.recognise.overlaps import COMBINE_MODES, DEFAULT_COMBINE, MentionResolver
from graph.model import ENTITY_TYPES, Mention
from graph.rules import load


def _span(sentence: str, name: str) -> tuple[list[str], list[str], str]:
    """The tokens of ``name`` in ``sentence``, up to three tokens before it and the one after it."""
    doc = make_nlp(False).make_doc(sentence)
    start = sentence.index(name)
    end = start + len(name)
    toks = [t for t in doc if start <= t.idx and t.idx + len(t.text) <= end]
    assert toks and toks[0].idx == start and toks[-1].idx + len(toks[-1].text) == end, name
    i, j = toks[0].i, toks[-1].i + 1
    return [t.text for t in toks], [t.text for t in doc[max(0, i - 3):i]], doc[j].text if j < len(doc) else ""


def _ok(sentence: str, name: str, label: str) -> bool:
    words, before, after = _span(sentence, name)
    return well_formed(words, label, before, after)


KEPT = [
    ("Tỉnh ủy Gia Lai ban hành Nghị quyết số 07-NQ/TU về chuyển đổi số.", "Nghị quyết số 07-NQ/TU", "Document"),
    ("Quốc hội thảo luận Luật Đường bộ sửa đổi trong phiên chiều nay.", "Luật Đường bộ sửa đổi", "Document"),
    ("Bộ Chính trị ban hành Quy định về kiểm soát quyền lực trong công tác cán bộ.",
     "Quy định về kiểm soát quyền lực trong công tác cán bộ", "Document"),
    ("Mọi văn bản phải phù hợp với Hiến pháp.", "Hiến pháp", "Document"),
    ("Hai nước ký Bản ghi nhớ về hợp tác giáo dục năm 2024.", "Bản ghi nhớ về hợp tác giáo dục năm 2024", "Document"),
    ("Tỉnh triển khai đề án “Nâng cao chất lượng nguồn nhân lực” đến năm 2030.",
     "Nâng cao chất lượng nguồn nhân lực", "Document"),
    ("Quốc hội thông qua Luật sửa đổi một số điều của Luật Đất đai và Luật Nhà ở.",
     "Luật sửa đổi một số điều của Luật Đất đai và Luật Nhà ở", "Document"),
    ("Sáng nay, Kỳ họp thứ 8 Quốc hội khóa XV khai mạc tại Hà Nội.", "Kỳ họp thứ 8 Quốc hội khóa XV", "Event"),
    ("Huyện ủy tổ chức hội nghị sơ kết công tác kiểm tra, giám sát 6 tháng đầu năm.",
     "hội nghị sơ kết công tác kiểm tra, giám sát 6 tháng đầu năm", "Event"),
    ("Đoàn đại biểu dự Lễ đón Tổng thống Pháp tại Phủ Chủ tịch.", "Lễ đón", "Event"),
    ("Bí thư Tỉnh ủy có buổi làm việc với Ban Thường vụ Thành ủy.", "buổi làm việc với Ban Thường vụ Thành ủy", "Event"),
    # a capitalised word after the head is a name's, whatever it spells ("Hội" is no "hội")
    ("Cử tri đi bầu cử Hội đồng nhân dân các cấp nhiệm kỳ mới.", "bầu cử Hội đồng nhân dân các cấp", "Event"),
    ("Dư luận chú ý cuộc bầu cử Tổng thống sắp tới.", "cuộc bầu cử Tổng thống", "Event"),
    ("Các chi bộ thực hiện đúng Quy chế làm việc của cấp ủy.", "Quy chế làm việc", "Document"),
    ("Ông được trao Huân chương Lao động hạng Nhì vì thành tích xuất sắc.", "Huân chương Lao động hạng Nhì",
     "Campaign"),
    ("Xã hưởng ứng phong trào “Chung sức xây dựng nông thôn mới” từ năm 2021.",
     "Chung sức xây dựng nông thôn mới", "Campaign"),
]

DROPPED = [
    # a head followed by a word that never follows it: the model ran on into the sentence
    ("Nghị quyết này có hiệu lực kể từ ngày ký.", "Nghị quyết này có hiệu lực kể từ ngày ký", "Document"),
    ("Theo ông, Kết luận cũng nêu rõ yêu cầu về tiến độ.", "Kết luận cũng nêu rõ yêu cầu về tiến độ", "Document"),
    ("Chỉ thị, các cấp ủy cần quán triệt nghiêm túc.", "Chỉ thị, các cấp ủy", "Document"),
    ("Quyết định giữ chức Phó Chủ tịch được trao sáng nay.", "Quyết định giữ chức Phó Chủ tịch", "Document"),
    # a clause word inside, a verb last
    ("Hiến pháp thực sự trở thành nền tảng của mọi đạo luật.", "Hiến pháp thực sự trở thành nền tảng", "Document"),
    ("Tỉnh trao Quyết định thành lập cho đơn vị mới.", "Quyết định thành lập", "Document"),
    # two documents of one type run together
    ("Triển khai Nghị quyết Đại hội Đảng bộ huyện và Nghị quyết Đại hội Đảng bộ xã.",
     "Nghị quyết Đại hội Đảng bộ huyện và Nghị quyết Đại hội Đảng bộ xã", "Document"),
    ("Chi bộ học Quy định về nêu gương và các quy định về kỷ luật đảng viên.",
     "Quy định về nêu gương và các quy định về kỷ luật đảng viên", "Document"),
    # no head of its type, a type word alone
    ("Hiệp hội Doanh nghiệp tỉnh kiến nghị giảm thuế.", "Hiệp hội Doanh nghiệp tỉnh", "Document"),
    ("Sở xây dựng Kế hoạch triển khai trong quý III.", "Kế hoạch", "Document"),
    ("Ông Trần Văn Nam phát biểu tại buổi lễ.", "Trần Văn Nam", "Document"),
    # an event over a comma into the next clause, or ending in a verb or a bare title
    ("Tại hội nghị, Bí thư Tỉnh ủy nhấn mạnh nhiều nội dung.", "hội nghị, Bí thư Tỉnh ủy", "Event"),
    ("Phát biểu tại buổi lễ, các đại biểu chúc mừng nhà trường.", "buổi lễ, các đại biểu", "Event"),
    ("Đại hội đánh dấu bước phát triển mới của Hội.", "Đại hội đánh dấu", "Event"),
    ("Cuộc họp báo diễn ra sáng 3/4 tại Hà Nội.", "Cuộc họp báo diễn", "Event"),
    ("Sau chuyến thăm của Thủ tướng, hai bên ký nhiều thỏa thuận.", "chuyến thăm của Thủ tướng", "Event"),
    ("Hội nghị là dịp để các địa phương trao đổi kinh nghiệm.", "Hội nghị là dịp", "Event"),
    ("Trong dịp lễ hội và các hoạt động đông người, tỉnh tăng cường kiểm tra.", "lễ hội và các hoạt động", "Event"),
    ("Người dân dự tiệc chiêu đãi chào mừng Tổng thống.", "tiệc chiêu đãi chào mừng Tổng thống", "Event"),
    # an event run on into its sentence's verb, a time or the organiser, or cut before a name
    ("Đại hội thông qua nghị quyết về nhân sự.", "Đại hội thông qua", "Event"),
    ("Dự thảo được đưa ra Kỳ họp thứ 6 trình Quốc hội quyết định.", "Kỳ họp thứ 6 trình Quốc hội", "Event"),
    ("Ông phát biểu tại buổi làm việc sáng nay với các sở.", "buổi làm việc sáng nay", "Event"),
    ("Thủ tướng dự buổi gặp mặt do hai tập đoàn tổ chức.", "buổi gặp mặt do hai tập đoàn", "Event"),
    ("Các bên trao đổi tại Hội nghị về tình hình biển Đông thời gian qua.",
     "Hội nghị về tình hình biển Đông thời gian qua", "Event"),
    ("Chuyến thăm lần này của đoàn góp phần thắt chặt quan hệ.", "Chuyến thăm lần này của đoàn góp phần", "Event"),
    ("Sáng nay diễn ra Lễ viếng PGS.TS Hoàng Văn Tâm.", "Lễ viếng PGS.TS", "Event"),
    ("Bộ trưởng có buổi tiếp Thượng tướng Lê Văn Hải.", "buổi tiếp Thượng", "Event"),
    ("Bà kể: “Nó mỗi ngày một nặng, có lần trèo lên mái nhà, la hét đòi đập phá hết đồ đạc và sách vở”.",
     "Nó mỗi ngày một nặng, có lần trèo lên mái nhà, la hét đòi đập phá hết đồ đạc và sách vở", "Event"),
    ("Sau cuộc gặp gỡ, hai bên chụp ảnh lưu niệm.", "cuộc gặp gỡ", "Event"),
    ("Lễ an táng lúc 8h00 ngày 5/5 tại quê nhà.", "Lễ an táng lúc 8h00", "Event"),
    ("Công tác phục vụ Hội nghị SOM 3 bao gồm bảo đảm an ninh.", "Hội nghị SOM 3 bao gồm bảo đảm an ninh", "Event"),
    ("Hội đàm cấp cao tại phòng khánh tiết của Phủ Chủ tịch.", "Hội đàm cấp cao tại phòng khánh tiết", "Event"),
    ("Sở ban hành Quy định việc sử dụng con dấu.", "Quy định việc", "Document"),
    ("Một số sự việc đáng tiếc xảy ra ở địa phương.", "Một số sự việc đáng tiếc xảy ra", "Campaign"),
    # bodies of a kind, a common noun before the name, a title after "của"
    ("Văn bản gửi Ủy ban nhân dân các huyện trong tỉnh.", "Ủy ban nhân dân các huyện", "Organization"),
    ("Lãnh đạo ban Ban Dân vận Tỉnh ủy đến dự.", "ban Ban Dân vận Tỉnh ủy", "Organization"),
    ("Tin được đăng trên trang Facebook cá nhân của Thủ tướng.", "trang Facebook cá nhân của Thủ tướng",
     "Organization"),
    # a body's name run into the clause's verb after its level word
    ("Đảng ủy Khối Doanh nghiệp tỉnh tập trung lãnh đạo các DNNN hoàn thành kế hoạch.",
     "Đảng ủy Khối Doanh nghiệp tỉnh tập trung lãnh đạo các DNNN", "Organization"),
    # a body's name that runs on, is cut, or is no body (the Organization rows of learned_heads.tsv)
    ("Lễ khánh thành tượng đài. Ảnh: Vietnamnet.vn Quang cảnh buổi lễ.", "Vietnamnet.vn Quang", "Organization"),
    ("Ông Minh, Phó Trưởng Ban Thường trực Ban Dân vận, phát biểu.", "Ban Thường", "Organization"),
    ("Đồng chí Lan, Bí thư Chi bộ - Giám đốc Sở, phát biểu.", "Chi bộ - Giám", "Organization"),
    ("Bà Hoa, Phó Giám đốc Sở - Chủ tịch Công đoàn, dự họp.", "Sở - Chủ tịch Công đoàn", "Organization"),
    ("Ông Tâm, Chủ tịch UBND đương nhiệm, bị kỷ luật.", "UBND đương", "Organization"),
    ("Đoàn công tác đến thăm các gia đình chính sách.", "Đoàn công tác đến thăm các gia đình", "Organization"),
    ("Bộ điều động cán bộ về UBND một số tỉnh miền núi.", "UBND một số tỉnh", "Organization"),
    ("Ủy viên Ban Thường vụ các Huyện ủy đã luân chuyển.", "Ban Thường vụ các Huyện ủy", "Organization"),
    ("ĐỌC THÊM: Tỉnh ủy họp phiên thường kỳ.", "ĐỌC THÊM", "Organization"),
    ("Bài viết có kèm INFOGRAPHICS về kết quả bầu cử.", "INFOGRAPHICS", "Organization"),
    ("Lễ dâng hương. Ảnh: Báo Nhân dân Chiều cùng ngày, đoàn về xã.", "Báo Nhân dân Chiều", "Organization"),
    ("Ông giữ chức Trưởng ban Tiếp công dân của tỉnh từ năm 2020.", "ban Tiếp công dân của tỉnh", "Organization"),
    ("Báo cáo với Đoàn công tác chiều 5/3, lãnh đạo huyện cho biết.", "Đoàn công tác chiều 5/3", "Organization"),
    ("Các hộ dân đã được cấp GCN trong tháng này.", "GCN", "Organization"),
    ("Ý kiến của ĐB về dự thảo được tiếp thu.", "ĐB", "Organization"),
    ("Ngành NN tỉnh đạt mức tăng trưởng khá.", "NN", "Organization"),
    # cut inside a two-syllable word (words.tsv compound): the rest follows in lower case
    ("Đảng Liên minh Dân chủ tuyên bố ủng hộ chính phủ mới.", "Liên minh Dân", "Organization"),
    ("Trạm Thú y huyện đã lấy mẫu xét nghiệm.", "Trạm Thú", "Organization"),
    ("Văn phòng Đăng ký đất đai tỉnh công bố kết quả.", "Văn phòng Đăng", "Organization"),
    # a place the gazetteers know, written whole ("TP" opens a place, not a body)
    ("Năm nay Đa Phước được mùa lớn.", "Đa Phước", "Organization"),
    ("Thống đốc bang Minnesota phát biểu trước báo giới.", "Minnesota", "Organization"),
    ("Đường phố ở Tel Aviv vắng vẻ sau lệnh giới nghiêm.", "Tel Aviv", "Organization"),
    ("Người dân TP Yên Bái dọn dẹp sau bão.", "TP Yên Bái", "Organization"),
    # a body's head alone: the name was left out
    ("Bệnh viện đã tiếp nhận ba bệnh nhân nặng.", "Bệnh viện", "Organization"),
    ("Hội đã trao 50 suất quà cho hội viên.", "Hội", "Organization"),
    ("Tòa án tuyên phạt bị cáo 5 năm tù.", "Tòa án", "Organization"),
    ("Học sinh Trường THPT trên địa bàn nghỉ học.", "Trường THPT", "Organization"),
    # past the name's end: an unclosed bracket, a colon, the next sentence glued to its full stop
    ("Đảng Công nhân (PT thắng cử) giành đa số.", "Đảng Công nhân (PT", "Organization"),
    ("Đại diện Quỹ Bảo tồn cho rằng: “Đó là điều đáng tiếc”.", "Quỹ Bảo tồn cho rằng: “Đó", "Organization"),
    ("Theo Bộ GTVT.Nhiều dự án đang chậm tiến độ.", "Bộ GTVT.Nhiều", "Organization"),
    ("Nguồn: Reuters/ AP.", "Reuters/", "Organization"),
    # a body's name run into its verb ("kêu gọi", "liên tục", "cho biết")
    ("Hội đồng thành phố Oslo kêu gọi người dân tiết kiệm điện.", "Hội đồng thành phố Oslo kêu", "Organization"),
    ("Thanh tra Chính phủ liên tục phát hiện 12 sai phạm.", "Thanh tra Chính phủ liên tục phát hiện 12",
     "Organization"),
    # a document's name run into a clause ("… khi …") or cut after a second "báo cáo" of a list
    ("Thí sinh phải giữ Quy chế thi trong phòng thi hoặc khi ra ngoài.",
     "Quy chế thi trong phòng thi hoặc khi ra ngoài", "Document"),
    ("Hội đồng nghe Báo cáo thẩm định quyết toán năm, báo cáo tài chính.", "Báo cáo thẩm định quyết toán năm, báo cáo",
     "Document"),
]


@pytest.mark.parametrize(("sentence", "name", "label"), KEPT)
def test_well_formed_names_of_their_type_are_kept(sentence, name, label):
    assert _ok(sentence, name, label)


@pytest.mark.parametrize(("sentence", "name", "label"), DROPPED)
def test_names_that_run_on_or_have_no_head_are_dropped(sentence, name, label):
    assert not _ok(sentence, name, label)


def test_a_body_of_the_body_is_still_a_name():
    assert _ok("Đoàn kiểm tra của Ban Bí thư làm việc với Tỉnh ủy.", "Đoàn kiểm tra của Ban Bí thư", "Organization")
    assert _ok("Lãnh đạo ban Ban Dân vận Tỉnh ủy đến dự.", "Ban Dân vận Tỉnh ủy", "Organization")


def test_whole_bodies_are_still_names():
    assert _ok("Sở NN&PTNT tỉnh đã báo cáo.", "Sở NN&PTNT", "Organization")
    assert _ok("UBND TP.HCM và Văn phòng Thành ủy TP.Hồ Chí Minh phối hợp.", "UBND TP.HCM", "Organization")
    assert _ok("Đại hội Liên đoàn các Phòng thương mại và Công nghiệp diễn ra.",
               "Liên đoàn các Phòng thương mại và Công nghiệp", "Organization")
    assert _ok("Nguồn: VOV-TPHCM.", "VOV-TPHCM", "Organization")
    assert _ok("Đảng Liên minh Dân chủ tuyên bố ủng hộ.", "Liên minh Dân chủ", "Organization")
    assert _ok("Sở Y tế Đồng Tháp thông báo kết quả.", "Sở Y tế Đồng Tháp", "Organization")
    assert _ok("Ông dự hội nghị của Tổng LĐLĐ Việt Nam.", "Tổng LĐLĐ Việt Nam", "Organization")
    assert _ok("Phóng viên VTV đưa tin.", "VTV", "Organization")
    assert _ok("Lễ mít tinh. Ảnh: Báo Nhân dân", "Báo Nhân dân", "Organization")
    # a body named after its place, an outlet that is also a commune's name, a city written "TP." + name
    assert _ok("Ủy ban nhân dân xã Đa Phước họp bàn.", "Ủy ban nhân dân xã Đa Phước", "Organization")
    assert _ok("Theo báo Tiền Phong, vụ việc đang được xác minh.", "Tiền Phong", "Organization")
    assert _ok("Công an TP.Hồ Chí Minh thông báo.", "Công an TP.Hồ Chí Minh", "Organization")
    assert _ok("Tòa án Tối cao Brazil ra phán quyết.", "Tòa án Tối cao Brazil", "Organization")
    assert _ok("Ban Thường vụ (BTV) Huyện ủy họp.", "Ban Thường vụ (BTV) Huyện ủy", "Organization")


def test_the_body_before_its_verb_is_still_a_name():
    sentence = "Đảng ủy Khối Doanh nghiệp tỉnh tập trung lãnh đạo các DNNN hoàn thành kế hoạch."
    assert _ok(sentence, "Đảng ủy Khối Doanh nghiệp tỉnh", "Organization")


def test_the_heads_are_the_rule_tables():
    """Every document type word of documents.tsv is a Document head; the campaign triggers of
    campaigns.tsv may stand before a campaign; learned_heads.tsv adds the rest."""
    heads = _filters()["head"]
    for name in load("documents").names():
        assert tuple(name.lower().split()) in heads["Document"]
        assert headed([*name.split(), "số", "12"], "Document"), name
    for name in load("campaigns").names():
        assert headed(["Vì", "người", "nghèo"], "Campaign", [*name.split(), "“"]), name
    own = load("learned_heads")
    assert {r["class"] for r in own} >= {"head", "after_head", "clause", "not_last"}
    assert all(set(r["types"].split(",")) <= set(ENTITY_TYPES) for r in own)


def test_the_other_types_are_not_headed():
    # a person or a place the model finds is not asked for a head
    assert well_formed(["Nguyễn", "Văn", "An"], "Person") and well_formed(["Gia", "Lai"], "Place")


def test_the_default_policy_is_a_valid_one_and_uses_the_models_documents():
    assert set(DEFAULT_COMBINE) == set(ENTITY_TYPES)
    assert set(DEFAULT_COMBINE.values()) <= set(COMBINE_MODES)
    # a longer document name of the model's stands beside the rules' shorter one, and wins
    rule = Mention(0, 10, "Luật Đất đai", "Document", "document-law")
    model = Mention(0, 30, "Luật Đất đai sửa đổi năm 2024", "Document", "model-document")
    kept = MentionResolver().resolve([rule, model])
    assert [m.rule for m in kept] == (["model-document"] if DEFAULT_COMBINE["Document"] in ("union", "override")
                                      else ["document-law"])
