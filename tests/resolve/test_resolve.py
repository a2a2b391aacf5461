"""graph.resolve.resolver: which mentions are one entity, within and across articles."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.model import ArticleResult
from graph.rdf.vocab import ID
from graph.analyse.pipeline import analyze
from graph.read.reader import article_from_text, read_article
from graph.resolve.resolver import Resolver

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"

# Short articles made of sentences quoted from the shared politics corpus (Bình Định).
BINH_DINH = (
    "Công bố kết quả kiểm tra tại Tỉnh ủy Bình Định\n\n"
    "Ngày 25.5, tại Văn phòng Tỉnh ủy Bình Định, Ủy viên Bộ Chính trị, Phó Thủ tướng Chính phủ "
    "Vương Đình Huệ, Trưởng Đoàn kiểm tra công bố kết quả kiểm tra. Cùng ngày, Tổng Bí thư Nguyễn "
    "Phú Trọng đã chủ trì cuộc họp của Ban Bí thư. Tham dự tại điểm cầu Bình Định có các đồng chí: "
    "Hồ Quốc Dũng, Ủy viên Trung ương Đảng, Bí thư Tỉnh ủy, Chủ tịch HĐND tỉnh. Đoàn sẽ kiểm tra công tác cán bộ tại Thành ủy "
    "Quy Nhơn, Huyện ủy Tuy Phước và Ban Tổ chức Tỉnh ủy Bình Định.\n"
)
# A Kon Tum article known by its source, not by a place name.
KON_TUM_SOURCE = (
    "(kontumtv.vn) – Ngày 5/12/2023, Tỉnh ủy ban hành Nghị quyết số 23-NQ/TU về lãnh đạo thực hiện "
    "nhiệm vụ năm 2024. Bộ Chính trị đã ban hành Nghị quyết số 57-NQ/TW.\n"
)


def seed_result(prefix: str) -> ArticleResult:
    path = next(SEEDS.glob(f"{prefix}_*.txt"))
    art = read_article(path, SEEDS)
    return ArticleResult(art, *analyze(art))


def text_result(name: str, text: str) -> ArticleResult:
    art = article_from_text(name, text)
    return ArticleResult(art, *analyze(art))


def entities_of(result: ArticleResult, text: str, type_: str | None = None) -> set[str]:
    return {m.entity for m in result.mentions if m.text == text and (type_ is None or m.type == type_)}


def one(result: ArticleResult, text: str, type_: str | None = None) -> str:
    found = entities_of(result, text, type_)
    assert len(found) == 1, (text, found)
    return found.pop()


@pytest.fixture(scope="module")
def seeds():
    results = {p: seed_result(p) for p in ("000", "001", "002", "003", "004")}
    resolved, entities = Resolver().resolve_all(results.values())
    return dict(zip(results, resolved)), entities


def test_every_mention_gets_a_known_entity(seeds):
    results, entities = seeds
    for r in results.values():
        for m in r.mentions:
            assert m.entity in entities
            ent = entities[m.entity]
            assert ent.type == m.type
            assert m.text in ent.aliases
            assert m.entity.startswith(ID)


def test_spelling_variants_are_one_body(seeds):
    # seed 001 writes "Đảng ủy Khối", "Đảng uỷ Khối" and "Đảng ủy khối"
    r = seeds[0]["001"]
    variants = [one(r, t, "Organization") for t in ("Đảng ủy Khối", "Đảng uỷ Khối", "Đảng ủy khối")]
    assert len(set(variants)) == 1


def test_short_name_is_the_longer_body_it_begins():
    # on the rules' names: the learned recogniser runs one of these over (the seeds' one false
    # positive, docs/model.md), which is the recogniser's error, not the resolver's
    art = read_article(next(SEEDS.glob("002_*.txt")), SEEDS)
    [r], _ = Resolver().resolve_all([ArticleResult(art, *analyze(art, False))])
    full = one(r, "Đảng bộ Khối Các cơ quan tỉnh Kon Tum", "Organization")
    assert one(r, "Đảng bộ Khối", "Organization") == full
    assert one(r, "Đảng bộ Khối Các cơ quan tỉnh", "Organization") == full
    # ...but not a different body that shares the first words
    assert one(r, "Ban Thường vụ Đảng ủy Khối", "Organization") != full


def test_abbreviated_sub_body_is_the_spelled_out_one(seeds):
    # seed 004: "Ban Thường vụ (BTV) Đảng ủy Khối" and "BTV Đảng ủy Khối"
    r = seeds[0]["004"]
    assert one(r, "Ban Thường vụ (BTV) Đảng ủy Khối") == one(r, "BTV Đảng ủy Khối")


def test_national_body_is_one_entity_across_provinces(seeds):
    results, _ = seeds
    kon_tum = seed_result("000")
    binh_dinh = text_result("binh-dinh.txt", BINH_DINH)
    (kon_tum, binh_dinh,), _ = Resolver().resolve_all([kon_tum, binh_dinh])
    assert kon_tum.province == "Kon Tum"
    assert binh_dinh.province == "Bình Định"
    a = one(kon_tum, "Bộ Chính trị")
    assert a == one(binh_dinh, "Bộ Chính trị")
    assert "/org/vn/" in a
    # and the same IRI as in the build of all seeds
    assert a == one(results["000"], "Bộ Chính trị")


def test_national_leader_is_one_entity_across_provinces():
    kon_tum = seed_result("000")  # "tác phẩm của Tổng Bí thư Nguyễn Phú Trọng"
    binh_dinh = text_result("binh-dinh.txt", BINH_DINH)
    (kon_tum, binh_dinh,), _ = Resolver().resolve_all([kon_tum, binh_dinh])
    assert one(kon_tum, "Nguyễn Phú Trọng") == one(binh_dinh, "Nguyễn Phú Trọng")


def test_provincial_body_is_scoped_by_province(seeds):
    results, _ = seeds
    other = text_result("kt.txt", KON_TUM_SOURCE)
    binh_dinh = text_result("binh-dinh.txt", BINH_DINH)
    r003, r001 = seed_result("003"), seed_result("001")
    (r003, other, binh_dinh, r001,), _ = Resolver().resolve_all([r003, other, binh_dinh, r001])
    assert r003.province == other.province == "Kon Tum"
    assert r001.province is None
    kt = one(r003, "Tỉnh ủy")
    assert one(other, "Tỉnh ủy") == kt  # two Kon Tum articles: one Tỉnh ủy
    assert "/kon-tum/" in kt
    assert one(r001, "Tỉnh ủy") != kt  # an article that shows no province keeps its own
    assert f"/a-{r001.article.key}/" in one(r001, "Tỉnh ủy")
    assert one(binh_dinh, "Tỉnh ủy Bình Định") not in (kt, one(r001, "Tỉnh ủy"))
    # the named form is the same body as the bare one in its province
    assert one(binh_dinh, "Tỉnh ủy Bình Định") == one(binh_dinh, "Tỉnh ủy")


def test_provincial_document_is_scoped_by_province():
    r003 = seed_result("003")
    other = text_result("kt.txt", KON_TUM_SOURCE)
    r001 = seed_result("001")
    (r003, other, r001,), entities = Resolver().resolve_all([r003, other, r001])
    doc = one(r003, "Nghị quyết số 23-NQ/TU")
    assert one(other, "Nghị quyết số 23-NQ/TU") == doc
    ent = entities[doc]
    assert (ent.number.number, ent.number.type_code, ent.number.issuer_code) == ("23", "NQ", "TU")
    # a Central Committee document is national
    assert "/document/vn/" in one(other, "Nghị quyết số 57-NQ/TW")


def test_short_document_reference_is_the_full_number(seeds):
    r = seeds[0]["003"]
    full = one(r, "Nghị quyết số 23-NQ/TU")
    assert one(r, "Nghị quyết 23") == full
    assert one(r, "Nghị quyết 23-NQ/TU") == full
    r = seeds[0]["001"]
    full = one(r, "Chương trình hành động số 135-CTr/TU")
    assert one(r, "Chương trình hành động số 135") == full
    assert one(r, "Chương trình hành động 135") == full


def test_short_reference_does_not_reach_into_another_article():
    r003 = seed_result("003")
    lone = text_result("lone.txt", "Mặc dù Nghị quyết 23 mới được triển khai thực hiện trong những tháng đầu.\n")
    (r003, lone,), _ = Resolver().resolve_all([r003, lone])
    assert one(lone, "Nghị quyết 23") != one(r003, "Nghị quyết 23")


def test_places_are_gazetteer_entities(seeds):
    results, entities = seeds
    iris = {one(r, "Kon Tum", "Place") for k, r in results.items() if entities_of(r, "Kon Tum", "Place")}
    assert len(iris) == 1
    iri = iris.pop()
    assert entities[iri].place_code
    assert "/place/vn/" in iri


def test_one_label_per_entity(seeds):
    _, entities = seeds
    for ent in entities.values():
        assert ent.label
        assert ent.label in ent.aliases or ent.type == "Organization"


def test_iris_are_the_same_across_runs_and_orders():
    order = ["000", "001", "002", "003", "004"]

    def run(keys):
        results, entities = Resolver().resolve_all([seed_result(k) for k in keys])
        by_article = {r.article.key: [(m.start, m.end, m.entity) for m in r.mentions] for r in results}
        labels = {iri: e.label for iri, e in entities.items()}
        return by_article, labels

    first = run(order)
    assert run(order) == first
    assert run(list(reversed(order))) == first


def test_movement_spelled_with_and_without_commas_is_one_campaign(seeds):
    results, _ = seeds
    a = one(results["000"], "học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh")
    b = one(results["004"], "học tập và làm theo tư tưởng, đạo đức phong cách Hồ Chí Minh")
    assert a == b


# Quoted from the corpus; the same national news in a Kon Tum and a Bình Định article.
PLENUM = ("Phát biểu tại buổi lễ, bà Nguyễn Thị Kim Ngân, Chủ tịch Quốc hội, cho biết Hội nghị lần thứ 5 "
          "Ban Chấp hành Trung ương Đảng khóa XII đã xem xét thi hành kỷ luật.")


def _two_provinces(sentence: str) -> tuple[ArticleResult, ArticleResult]:
    a = text_result("a.txt", "(kontumtv.vn) – " + sentence + "\n")
    b = text_result("b.txt", "Tin tức tỉnh Bình Định\n\n" + sentence + " Tỉnh ủy Bình Định quán triệt.\n")
    (a, b,), _ = Resolver().resolve_all([a, b])
    assert (a.province, b.province) == ("Kon Tum", "Bình Định")
    return a, b


def test_central_committee_plenum_is_one_event_nationwide():
    a, b = _two_provinces(PLENUM)
    name = "Hội nghị lần thứ 5 Ban Chấp hành Trung ương Đảng khóa XII"
    assert one(a, name, "Event") == one(b, name, "Event")


def test_person_with_national_title_after_the_name_is_one_entity():
    a, b = _two_provinces(PLENUM)
    assert one(a, "Nguyễn Thị Kim Ngân", "Person") == one(b, "Nguyễn Thị Kim Ngân", "Person")


def test_national_congress_is_one_event_nationwide():
    a, b = _two_provinces("Đại hội đại biểu toàn quốc lần thứ XIII của Đảng đã thành công tốt đẹp.")
    name = "Đại hội đại biểu toàn quốc lần thứ XIII"
    assert one(a, name, "Event") == one(b, name, "Event")


def test_president_ho_chi_minh_is_one_entity_nationwide():
    a, b = _two_provinces("Từ phải sang: Chủ tịch Hồ Chí Minh, Phó Thủ tướng Phạm Văn Đồng tại Việt Bắc.")
    assert one(a, "Hồ Chí Minh", "Person") == one(b, "Hồ Chí Minh", "Person")


def test_short_reference_picks_the_document_of_its_type():
    r = text_result("x.txt", "Tỉnh ủy ban hành Kế hoạch số 23-KH/TU và Nghị quyết số 23-NQ/TU. Mặc dù Nghị quyết 23 "
                             "mới được triển khai, các cấp ủy đã quán triệt Kế hoạch 23.\n")
    (r,), _ = Resolver().resolve_all([r])
    assert one(r, "Nghị quyết 23") == one(r, "Nghị quyết số 23-NQ/TU")
    assert one(r, "Kế hoạch 23") == one(r, "Kế hoạch số 23-KH/TU")


def test_short_reference_is_not_a_document_of_another_type():
    r = text_result("x.txt", "Tỉnh ủy ban hành Kế hoạch số 23-KH/TU. Mặc dù Nghị quyết 23 mới được triển khai, "
                             "các cấp ủy đã quán triệt.\n")
    (r,), _ = Resolver().resolve_all([r])
    assert one(r, "Nghị quyết 23") != one(r, "Kế hoạch số 23-KH/TU")
    assert [m.subtype for m in r.mentions if m.text == "Nghị quyết 23"] == ["Resolution"]


def test_leading_zeros_do_not_make_another_document():
    a = text_result("a.txt", "Tiếp tục chỉ đạo thực hiện Kết luận số 01-KL/TW, ngày 18-5-2021 của Bộ Chính trị.\n")
    b = text_result("b.txt", "Các cấp ủy thực hiện Kết luận số 1-KL/TW của Bộ Chính trị.\n")
    (a, b,), entities = Resolver().resolve_all([a, b])
    iri = one(a, "Kết luận số 01-KL/TW")
    assert one(b, "Kết luận số 1-KL/TW") == iri
    assert "/document/vn/" in iri  # a Central Committee (TW) document is national
    assert entities[iri].subtype == "Conclusion"


def test_ambiguous_short_name_is_not_merged():
    # both bodies exist in every province; seed 001 speaks of "đảng bộ Khối doanh nghiệp"
    r = text_result("x.txt", "Đảng ủy Khối các cơ quan tỉnh và Đảng ủy Khối doanh nghiệp tỉnh ký kết chương trình "
                             "phối hợp. Đảng ủy Khối đã chỉ đạo các chi bộ.\n")
    (r,), _ = Resolver().resolve_all([r])
    short = one(r, "Đảng ủy Khối")
    assert short not in (one(r, "Đảng ủy Khối các cơ quan tỉnh"), one(r, "Đảng ủy Khối doanh nghiệp tỉnh"))


def _resolved_rules_only(text: str):
    art = article_from_text("a.txt", text)
    [result], entities = Resolver().resolve_all([ArticleResult(art, *analyze(art, learned=False))])
    return result, entities


def test_the_body_a_sub_body_belongs_to_is_a_nested_mention():
    result, entities = _resolved_rules_only("Ban Thường vụ Tỉnh ủy Kon Tum họp. Ủy ban Kiểm tra Tỉnh ủy Kon Tum báo cáo.")
    parents = [m for m in result.mentions if m.rule == "org-parent"]
    # one nested mention per written parent, linked to the entity the sub-bodies belong to
    assert [m.text for m in parents] == ["Tỉnh ủy Kon Tum", "Tỉnh ủy Kon Tum"]
    subs = [m for m in result.mentions if m.type == "Organization" and m.parent_entity]
    assert {m.parent_entity for m in subs} == {parents[0].entity} and parents[0].entity == parents[1].entity


def test_every_entity_has_a_mention():
    result, entities = _resolved_rules_only(BINH_DINH + "Ban Thường vụ (BTV) Đảng ủy Khối đã tuyên dương 3 tập thể.")
    assert set(entities) == {m.entity for m in result.mentions}


def test_a_reference_by_given_name_is_the_full_named_persons_entity():
    result, _ = _resolved_rules_only("Ông Nguyễn Văn Hùng, Bí thư Huyện ủy Kon Rẫy, phát biểu. Theo ông Hùng, "
                                     "huyện cần làm tốt hơn.")
    people = [m for m in result.mentions if m.type == "Person"]
    assert [m.text for m in people] == ["Nguyễn Văn Hùng", "Hùng"]
    assert people[0].entity == people[1].entity


def test_villages_of_the_same_name_in_two_articles_are_two_places():
    # many villages share a name ("thôn Tân Lập" is in dozens of communes): a village is one
    # place within its article only, a gazetteer province stays one place everywhere
    a = text_result("a.txt", "Đoàn công tác của tỉnh Kon Tum về thôn Tân Lập thăm hỏi bà con.\n")
    b = text_result("b.txt", "Đoàn công tác của tỉnh Bình Định về thôn Tân Lập thăm hỏi bà con.\n")
    (a, b), _ = Resolver().resolve_all([a, b])
    assert one(a, "Tân Lập", "Place") != one(b, "Tân Lập", "Place")
    again = text_result("a2.txt", "Người dân thôn Tân Lập, tỉnh Kon Tum, đón đoàn.\n")
    (a, again), _ = Resolver().resolve_all([a, again])
    assert one(a, "Kon Tum", "Place") == one(again, "Kon Tum", "Place")


def test_a_central_document_numbered_tu_is_one_document_nationwide():
    # "TƯ" is how some articles write TW (Trung ương): its documents are national too
    a = text_result("a.txt", "Tỉnh ủy Kon Tum quán triệt Quyết định số 217-QĐ/TƯ của Bộ Chính trị.\n")
    b = text_result("b.txt", "Tỉnh ủy Bình Định quán triệt Quyết định số 217-QĐ/TƯ của Bộ Chính trị.\n")
    (a, b), _ = Resolver().resolve_all([a, b])
    doc = one(a, "Quyết định số 217-QĐ/TƯ", "Document")
    assert doc == one(b, "Quyết định số 217-QĐ/TƯ", "Document") and "/document/vn/" in doc
