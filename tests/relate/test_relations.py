"""graph.relate.relations: the relation forms of issue 3 on real sentences.

Each test runs the real pipeline (reader, recognisers, resolver) on a sentence
quoted from the seeds or the shared politics corpus and looks for the relation
by the surface text of its two ends.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.model import ArticleResult
from graph.analyse.pipeline import analyze
from graph.rdf.iris import article_iri
from graph.read.reader import article_from_text, read_article
from graph.relate.relations import extract_relations, parse_date
from graph.relate.rules import confidence
from graph.resolve.resolver import Resolver
from graph.text import norm_key

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"


class Extracted:
    """An article's relations, read back through the texts of their mentions."""

    def __init__(self, result: ArticleResult, entities):
        self.result, self.entities = result, entities
        self.relations = extract_relations(result, entities)
        self.texts: dict[str, set[str]] = {}
        for m in result.mentions:
            self.texts.setdefault(m.entity, set()).add(m.text)

    def iri(self, text: str) -> str:
        found = {m.entity for m in self.result.mentions if m.text == text}
        assert len(found) == 1, (text, found)
        return found.pop()

    def find(self, subject: str, predicate: str, obj: str | None = None, value: str | None = None):
        s = self.iri(subject)
        o = self.iri(obj) if obj is not None else None
        return [r for r in self.relations
                if r.subject == s and r.predicate == predicate
                and (obj is None or r.object == o) and (value is None or r.value == value)]

    def describe(self) -> list[tuple]:
        def name(iri):
            return sorted(self.texts.get(iri, {iri}))[0] if iri else None
        return [(name(r.subject), r.predicate, name(r.object) or r.value, r.role) for r in self.relations]


def role(r) -> str:
    """A post's title, compared as norm_key does: the label's capitals are the rules' choice."""
    return norm_key(r.role)


def extract(text: str, name: str = "x.txt", learned: bool | None = None) -> Extracted:
    art = article_from_text(name, text)
    [result], entities = Resolver().resolve_all([ArticleResult(art, *analyze(art, learned))])
    return Extracted(result, entities)


def extract_seed(prefix: str) -> Extracted:
    art = read_article(next(SEEDS.glob(f"{prefix}_*.txt")), SEEDS)
    [result], entities = Resolver().resolve_all([ArticleResult(art, *analyze(art))])
    return Extracted(result, entities)


# -- dates ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text, iso",
    [
        ("5/12/2023", "2023-12-05"),
        ("18-5-2021", "2021-05-18"),
        ("17.2.2025", "2025-02-17"),
        ("ngày 5 tháng 12 năm 2023", "2023-12-05"),
        ("ngày 16/1/2023", "2023-01-16"),
    ],
)
def test_parse_date(text, iso):
    assert parse_date(text) == iso


def test_parse_date_needs_a_year_and_a_real_day():
    assert parse_date("28/12") is None
    assert parse_date("28/12", 2023) == "2023-12-28"
    assert parse_date("32/13/2023") is None


# -- issuedBy / issuedOn --------------------------------------------------------------------
def test_issuer_before_the_verb_and_lead_date():
    # seed 003
    x = extract("Ngày 5/12/2023, Tỉnh ủy ban hành Nghị quyết số 23-NQ/TU về lãnh đạo thực hiện nhiệm vụ "
                "kinh tế -xã hội, quốc phòng, an ninh, xây dựng Đảng và hệ thống chính trị năm 2024.")
    assert x.find("Nghị quyết số 23-NQ/TU", "issuedBy", "Tỉnh ủy"), x.describe()
    assert x.find("Nghị quyết số 23-NQ/TU", "issuedOn", value="2023-12-05"), x.describe()
    # the statement is stated, not guessed from the number's code: a statement of its own, each
    # with the confidence calibrated for its rule
    stated = x.find("Nghị quyết số 23-NQ/TU", "issuedBy", "Tỉnh ủy")[0]
    presumed = x.find("Nghị quyết số 23-NQ/TU", "presumedIssuedBy")
    assert presumed and {p.rule for p in presumed} == {"rel-issuer-code"} and stated.rule != "rel-issuer-code"
    assert stated.confidence == confidence(stated.rule) and presumed[0].confidence == confidence("rel-issuer-code")


def test_issuer_after_cua_with_date_between():
    # seed 003
    x = extract("Ban Tổ chức Tỉnh ủy phối hợp với cấp ủy trực thuộc Tỉnh ủy đánh giá 1 năm thí điểm, gắn với "
                "thực hiện hiệu quả việc phân công cấp ủy viên phụ trách địa bàn dự sinh hoạt chi bộ theo "
                "Quy định 776-QĐ/TU, ngày 16/1/2023 của Ban Thường vụ Tỉnh ủy.")
    assert x.find("Quy định 776-QĐ/TU", "issuedBy", "Ban Thường vụ Tỉnh ủy"), x.describe()
    assert x.find("Quy định 776-QĐ/TU", "issuedOn", value="2023-01-16"), x.describe()


def test_conclusion_of_the_politburo():
    # seed 000
    x = extract("Tiếp tục chỉ đạo thực hiện Kết luận số 01-KL/TW, ngày 18-5-2021 của Bộ Chính trị về tiếp "
                "tục thực hiện Chỉ thị số 05-CT/TW, ngày 15-5-2016 của Bộ Chính trị về “đẩy mạnh học tập và "
                "làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh”.")
    kl = x.iri("Kết luận số 01-KL/TW")
    bct = x.iri("Bộ Chính trị")
    assert any(r.subject == kl and r.predicate == "issuedBy" and r.object == bct for r in x.relations)
    assert x.find("Kết luận số 01-KL/TW", "issuedOn", value="2021-05-18"), x.describe()
    ct = x.iri("Chỉ thị số 05-CT/TW")
    assert any(r.subject == ct and r.predicate == "issuedBy" and r.object == bct for r in x.relations)
    assert x.find("Chỉ thị số 05-CT/TW", "issuedOn", value="2016-05-15"), x.describe()
    # each document has its own date: 2016 is not the Conclusion's
    assert not x.find("Kết luận số 01-KL/TW", "issuedOn", value="2016-05-15")


def test_dotted_date_and_date_in_words():
    x = extract("Ngày 17.2.2025, Ban Thường vụ Tỉnh ủy ban hành Chương trình hành động số 12-CTr/TU thực hiện "
                "Nghị quyết số 57-NQ/TW của Bộ Chính trị.")
    assert x.find("Chương trình hành động số 12-CTr/TU", "issuedBy", "Ban Thường vụ Tỉnh ủy"), x.describe()
    assert x.find("Chương trình hành động số 12-CTr/TU", "issuedOn", value="2025-02-17"), x.describe()
    x = extract("Ngày 5 tháng 12 năm 2023, Tỉnh ủy ban hành Nghị quyết số 23-NQ/TU.")
    assert x.find("Nghị quyết số 23-NQ/TU", "issuedOn", value="2023-12-05"), x.describe()


def test_verb_and_date_after_in_corpus_sentence():
    # corpus: the issuer is both the subject and after "của"
    x = extract("Bộ Chính trị đã ban hành Nghị quyết số 57-NQ/TW, ngày 22/12/2024 của Bộ Chính trị về đột phá "
                "phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số quốc gia.")
    doc, bct = x.iri("Nghị quyết số 57-NQ/TW"), x.iri("Bộ Chính trị")
    issued = [r for r in x.relations if r.subject == doc and r.predicate == "issuedBy"]
    assert issued and {r.object for r in issued} == {bct}
    assert x.find("Nghị quyết số 57-NQ/TW", "issuedOn", value="2024-12-22"), x.describe()


def test_dotted_date_and_two_issuers_in_corpus_sentences():
    x = extract("Theo đó, nội dung kiểm tra là thực hiện Kết luận số 24-KL/TW ngày 5.6.2012 của Bộ Chính trị "
                "khóa 11 về đẩy mạnh công tác quy hoạch.")
    assert x.find("Kết luận số 24-KL/TW", "issuedBy", "Bộ Chính trị"), x.describe()
    assert x.find("Kết luận số 24-KL/TW", "issuedOn", value="2012-06-05"), x.describe()
    x = extract("Thay mặt Bộ Chính trị, Thường trực Ban Bí thư Trần Cẩm Tú đã ký Kết luận số 126-KL/TW ngày "
                "14/2/2025 của Bộ Chính trị, Ban Bí thư về một số nội dung, nhiệm vụ.")
    kl = x.iri("Kết luận số 126-KL/TW")
    issuers = {r.object for r in x.relations if r.subject == kl and r.predicate == "issuedBy"}
    assert issuers == {x.iri("Ban Bí thư")} | {m.entity for m in x.result.mentions if m.text == "Bộ Chính trị"}
    assert x.find("Kết luận số 126-KL/TW", "issuedOn", value="2025-02-14"), x.describe()


def test_no_issuer_without_a_verb_or_cua():
    x = extract("Tỉnh ủy chỉ đạo các cấp ủy quán triệt Nghị quyết số 23-NQ/TU đến cán bộ, đảng viên.")
    assert not x.find("Nghị quyết số 23-NQ/TU", "issuedBy"), x.describe()


# -- holdsPosition ---------------------------------------------------------------------------
def test_title_body_name():
    # seed 003, a caption
    x = extract("Đồng chí Bí thư Tỉnh ủy Dương Văn Trang thăm vườn mắc ca tại huyện Kon Rẫy.")
    posts = x.find("Dương Văn Trang", "holdsPosition", "Tỉnh ủy")
    assert [(role(r), r.former) for r in posts] == [("bí thư", False)], x.describe()


def test_name_title_body_with_old_spelling():
    # seed 001, a caption
    x = extract("Đồng chí Đỗ Quang Minh, Bí thư Đảng uỷ Khối kiểm tra, nắm bắt tình hình cơ sở.")
    posts = x.find("Đỗ Quang Minh", "holdsPosition", "Đảng uỷ Khối")
    assert [role(r) for r in posts] == ["bí thư"], x.describe()


def test_three_posts_of_one_person():
    # corpus (Bình Định)
    x = extract("Tham dự tại điểm cầu Bình Định có các đồng chí: Hồ Quốc Dũng, Ủy viên Trung ương Đảng, Bí thư "
                "Tỉnh ủy, Chủ tịch HĐND tỉnh; Lê Kim Toàn, Phó Bí thư Thường trực Tỉnh ủy, Trưởng Đoàn ĐBQH tỉnh.")
    posts = {(role(r), r.object) for r in x.find("Hồ Quốc Dũng", "holdsPosition")}
    assert posts == {
        ("ủy viên", x.iri("Trung ương Đảng")),
        ("bí thư", x.iri("Tỉnh ủy")),
        ("chủ tịch", x.iri("HĐND tỉnh")),
    }, x.describe()
    # the semicolon ends his list: the next person's posts are not his
    assert not x.find("Hồ Quốc Dũng", "holdsPosition", "Đoàn ĐBQH tỉnh")
    assert {role(r) for r in x.find("Lê Kim Toàn", "holdsPosition", "Tỉnh ủy")} == {"phó bí thư thường trực"}


def test_former_posts():
    # corpus
    x = extract("Văn phòng Trung ương Đảng đã phát ra thông cáo công bố quyết định kỷ luật của Ban Bí thư đối với "
                "ông Nguyễn Văn Thiện, nguyên Ủy viên Trung ương Đảng, nguyên Bí thư Tỉnh ủy Bình Định.")
    posts = x.find("Nguyễn Văn Thiện", "holdsPosition", "Tỉnh ủy Bình Định")
    assert [(role(r), r.former) for r in posts] == [("bí thư", True)], x.describe()
    assert all(r.former for r in x.find("Nguyễn Văn Thiện", "holdsPosition"))


def test_former_title_before_the_name():
    # corpus pol_010, a caption
    x = extract("Nguyên Bí thư Tỉnh ủy Bình Định Nguyễn Văn Thiện tại buổi làm việc.")
    posts = x.find("Nguyễn Văn Thiện", "holdsPosition", "Tỉnh ủy Bình Định")
    assert [(role(r), r.former) for r in posts] == [("bí thư", True)], x.describe()


PARTY_CONTEXT = "\n\nCác chủ trương đường lối của Đảng, chính sách, pháp luật của Nhà nước được phổ biến kịp thời."


def test_national_title_without_a_body_is_a_post_in_the_party():
    # corpus; seed 000 names "Đảng" elsewhere in the article
    x = extract("Cùng ngày, Tổng Bí thư Nguyễn Phú Trọng đã chủ trì cuộc họp của Ban Bí thư." + PARTY_CONTEXT)
    posts = x.find("Nguyễn Phú Trọng", "holdsPosition")
    assert [(role(r), r.object, r.former) for r in posts] == [
        ("tổng bí thư", x.iri("Đảng"), False)], x.describe()


def test_national_title_points_only_at_known_bodies():
    # without "Đảng" in the article there is no entity to point at: no dangling IRI
    x = extract("Cùng ngày, Tổng Bí thư Nguyễn Phú Trọng đã chủ trì cuộc họp của Ban Bí thư.")
    for r in x.relations:
        assert r.subject in x.entities
        assert r.object is None or r.object in x.entities, x.describe()


# -- implements -------------------------------------------------------------------------------
def test_fronted_purpose_clause():
    # seed 001
    x = extract("Thực hiện Chương trình hành động số 135 của Tỉnh ủy về thực hiện các chỉ tiêu nhiệm vụ năm "
                "2023, Đảng bộ Khối cơ quan và doanh nghiệp tỉnh đã xây dựng kế hoạch chi tiết với các chỉ "
                "tiêu cụ thể trên từng lĩnh vực.")
    assert x.find("Đảng bộ Khối cơ quan và doanh nghiệp tỉnh", "implements", "Chương trình hành động số 135"), \
        x.describe()
    # the issuer named after "của" is not the one that implements
    assert not x.find("Tỉnh ủy", "implements"), x.describe()
    assert x.find("Chương trình hành động số 135", "issuedBy", "Tỉnh ủy"), x.describe()


def test_fronted_purpose_with_de():
    # seed 001
    x = extract("Để thực hiện thắng lợi Chương trình hành động số 135 của Tỉnh ủy, ngay từ đầu năm, Đảng ủy "
                "khối đã xây dựng kế hoạch, đề ra các mục tiêu cụ thể.")
    assert x.find("Đảng ủy khối", "implements", "Chương trình hành động số 135"), x.describe()


def test_programme_issued_to_implement_a_resolution():
    x = extract("Ngày 17.2.2025, Ban Thường vụ Tỉnh ủy ban hành Chương trình hành động số 12-CTr/TU thực hiện "
                "Nghị quyết số 57-NQ/TW của Bộ Chính trị.")
    nq = x.iri("Nghị quyết số 57-NQ/TW")
    implementers = {r.subject for r in x.relations if r.predicate == "implements" and r.object == nq}
    # the programme (or the body that issues it) implements the Politburo's resolution
    assert implementers & {x.iri("Chương trình hành động số 12-CTr/TU"), x.iri("Ban Thường vụ Tỉnh ủy")}, \
        x.describe()
    # and the Politburo, its issuer, does not implement it
    assert x.iri("Bộ Chính trị") not in implementers


def test_subject_verb_movement():
    # seed 002
    x = extract("Cùng với việc tổ chức thành công Đại hội các cấp, năm 2015, Đảng bộ Khối Các cơ quan tỉnh đã "
                "tăng cường giáo dục chính trị, tư tưởng gắn với việc Học tập và làm theo tấm gương đạo đức "
                "Hồ Chí Minh trong cán bộ, công chức, viên chức và người lao động.")
    assert x.find("Đảng bộ Khối Các cơ quan tỉnh", "implements",
                  "Học tập và làm theo tấm gương đạo đức Hồ Chí Minh"), x.describe()


def test_subject_verb_resolution_after_a_semicolon():
    # seed 002 (gold): the clause after ";" keeps the sentence's subject. On the rules' names:
    # the learned recogniser runs this body over ("… tỉnh tập trung lãnh đạo các TCCSĐ", the
    # seeds' one false positive, docs/model.md), which is the recogniser's error, not this rule's
    x = extract("Năm 2016, Đảng bộ Khối Các cơ quan tỉnh tập trung lãnh đạo các TCCSĐ trực thuộc phối hợp với thủ "
                "trưởng cơ quan, đơn vị lãnh đạo cán bộ, công chức, viên chức và người lao động thực hiện tốt "
                "nhiệm vụ chính trị ở từng cơ quan, đơn vị; triển khai thực hiện có hiệu quả Nghị quyết Đại hội "
                "XV Đảng bộ tỉnh.", learned=False)
    assert x.find("Đảng bộ Khối Các cơ quan tỉnh", "implements", "Nghị quyết Đại hội XV Đảng bộ tỉnh"), \
        x.describe()


@pytest.mark.parametrize(
    "sentence",
    [
        # seed 003: the issuer named after "của" does not implement its own resolution
        "Triển khai Nghị quyết 23-NQ/TU của Tỉnh ủy, các cơ quan tham mưu, giúp việc Tỉnh ủy, các ban cán sự "
        "đảng, đảng đoàn, các huyện ủy, thành ủy, đảng ủy trực thuộc Tỉnh ủy đã khẩn trương quán triệt, cụ thể "
        "hóa Nghị quyết phù hợp với tình hình thực tế của địa phương.",
        # seed 004: a body sets a theme; the text never says it implements it
        "Đảng bộ Khối xác định chủ đề công tác năm 2024 là “Tăng cường công tác kiểm tra, giám sát trong Đảng "
        "bộ Khối”.",
        # seed 000: the subject is only implied
        "Công tác an ninh, quốc phòng được giữ vững; lãnh đạo, thực hiện tốt Luật Thực hiện dân chủ ở cơ sở.",
        "Tiếp tục chỉ đạo thực hiện Kết luận số 01-KL/TW, ngày 18-5-2021 của Bộ Chính trị về tiếp tục thực "
        "hiện Chỉ thị số 05-CT/TW, ngày 15-5-2016 của Bộ Chính trị.",
    ],
)
def test_no_implements_without_a_stated_subject(sentence):
    x = extract(sentence)
    assert not [r for r in x.relations if r.predicate == "implements"], x.describe()


# -- subOrganizationOf ------------------------------------------------------------------------
def test_standing_committee_is_part_of_the_committee():
    x = extract_seed("004")
    btv = x.iri("Ban Thường vụ (BTV) Đảng ủy Khối")
    parents = {r.object for r in x.relations if r.subject == btv and r.predicate == "subOrganizationOf"}
    assert parents, x.describe()
    # the parent is the article's "Đảng ủy Khối các cơ quan tỉnh", not a new body
    assert parents == {x.iri("Đảng ủy Khối các cơ quan tỉnh")}


def test_inspection_committee_is_part_of_the_provincial_committee():
    x = extract_seed("003")
    ubkt = x.iri("Ủy ban Kiểm tra Tỉnh ủy")
    parents = {r.object for r in x.relations if r.subject == ubkt and r.predicate == "subOrganizationOf"}
    assert parents == {x.iri("Tỉnh ủy")}, x.describe()


def test_abbreviated_inspection_committee_in_corpus():
    x = extract("Ngày 26/4, Ủy ban Kiểm tra (UBKT) Tỉnh ủy Phú Yên thông tin về kết quả kỳ họp thứ 6.\n\n"
                "Theo UBKT Tỉnh ủy Phú Yên, Tỉnh ủy Phú Yên đã chỉ đạo xử lý nghiêm.")
    tu = x.iri("Tỉnh ủy Phú Yên")
    for name in ("Ủy ban Kiểm tra (UBKT) Tỉnh ủy Phú Yên", "UBKT Tỉnh ủy Phú Yên"):
        sub = x.iri(name)
        assert any(r.subject == sub and r.predicate == "subOrganizationOf" and r.object == tu
                   for r in x.relations), (name, x.describe())


def test_listed_sub_bodies_share_the_parent():
    # seed 001: "Ban chấp hành, Ban Thường vụ, Thường trực Đảng ủy khối"
    x = extract_seed("001")
    parent = x.iri("Đảng ủy khối")
    subs = {r.subject for r in x.relations if r.predicate == "subOrganizationOf" and r.object == parent}
    assert x.iri("Ban Thường vụ") in subs, x.describe()
    assert x.iri("Thường trực Đảng ủy khối") in subs


def test_truc_thuoc_names_the_parent():
    x = extract("Đảng ủy Công an tỉnh trực thuộc Tỉnh ủy Kon Tum đã tổ chức hội nghị.")
    assert x.find("Đảng ủy Công an tỉnh", "subOrganizationOf", "Tỉnh ủy Kon Tum"), x.describe()


def test_classes_of_bodies_are_no_sub_organisations():
    # seed 003: "đảng ủy trực thuộc Tỉnh ủy" speaks of a class of bodies, not of one
    x = extract("Triển khai Nghị quyết 23-NQ/TU của Tỉnh ủy, các cơ quan tham mưu, giúp việc Tỉnh ủy, các ban cán "
                "sự đảng, đảng đoàn, các huyện ủy, thành ủy, đảng ủy trực thuộc Tỉnh ủy đã khẩn trương quán triệt.")
    assert not [r for r in x.relations if r.predicate == "subOrganizationOf"], x.describe()


# -- authorOf ---------------------------------------------------------------------------------
def test_byline_author_of_the_article():
    x = extract_seed("000")  # "Bài, ảnh: Nguyễn Thanh Hải"
    art = str(article_iri(x.result.article.key))
    authors = [r for r in x.relations if r.predicate == "authorOf" and r.object == art]
    assert {r.subject for r in authors} == {x.iri("Nguyễn Thanh Hải")}


def test_photo_credit_is_not_an_author():
    x = extract_seed("003")  # "Ảnh: DN", "Ảnh: D.N", closing "Dương Nương"
    art = str(article_iri(x.result.article.key))
    authors = {r.subject for r in x.relations if r.predicate == "authorOf" and r.object == art}
    assert authors == {x.iri("Dương Nương")}


def test_author_of_a_quoted_work():
    # seed 000
    x = extract("Tổ chức triển khai thực hiện đợt sinh hoạt chính trị về học tập tác phẩm của Tổng Bí thư "
                "Nguyễn Phú Trọng “Kiên quyết, kiên trì đấu tranh phòng, chống tham nhũng, tiêu cực, góp phần "
                "xây dựng Đảng và Nhà nước ta ngày càng trong sạch, vững mạnh”.")
    work = ("Kiên quyết, kiên trì đấu tranh phòng, chống tham nhũng, tiêu cực, góp phần xây dựng Đảng và "
            "Nhà nước ta ngày càng trong sạch, vững mạnh")
    assert x.find("Nguyễn Phú Trọng", "authorOf", work), x.describe()


@pytest.mark.parametrize(
    "sentence, author, work",
    [
        ("Các chi bộ tổ chức học tập cuốn sách “Kiên quyết, kiên trì đấu tranh phòng, chống tham nhũng, tiêu "
         "cực” của Tổng Bí thư Nguyễn Phú Trọng.",
         "Nguyễn Phú Trọng", "Kiên quyết, kiên trì đấu tranh phòng, chống tham nhũng, tiêu cực"),
        pytest.param(
            "Đảng viên nghiên cứu bài viết của Tổng Bí thư Tô Lâm “Chuyển đổi số - động lực quan trọng phát "
            "triển lực lượng sản xuất”.",
            "Tô Lâm", "Chuyển đổi số - động lực quan trọng phát triển lực lượng sản xuất"),
    ],
    ids=["work-cua-author", "bai-viet-cua-author-work"],
)
def test_author_of_a_quoted_work_other_forms(sentence, author, work):
    x = extract(sentence)
    assert x.find(author, "authorOf", work), x.describe()


# -- invariants on the seeds ---------------------------------------------------------------------
@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_seed_relations_are_well_formed(prefix):
    x = extract_seed(prefix)
    n = len(x.result.sentences)
    art = str(article_iri(x.result.article.key))
    seen = set()
    for r in x.relations:
        assert 0 <= r.sentence < n
        assert r.rule and 0 < r.confidence <= 1
        assert r.subject in x.entities
        assert (r.object is None) != (r.value is None), r
        if r.object is not None:
            assert r.object in x.entities or r.object == art, r
        assert r.subject != r.object
        key = (r.predicate, r.subject, r.object, r.value, r.role, r.sentence)
        assert key not in seen, r
        seen.add(key)
        if r.predicate == "holdsPosition":
            assert r.role
