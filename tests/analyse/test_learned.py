"""The learned recogniser: the shipped model loads offline, finds names, and its switch works."""

from __future__ import annotations

import socket

import pytest

from graph.analyse.learned import LearnedRecognizer, load_model
from graph.analyse.pipeline import analyze, has_learned_model, learned_default, make_nlp
from graph.analyse.recognise.overlaps import MentionResolver, is_model
from graph.read.reader import article_from_text
from graph.stages import agents, component_of_rule

pytestmark = pytest.mark.skipif(not has_learned_model(), reason="no model shipped in graph/models/ner")

# short real sentences of political news (the first two from the seeds' kind of article)
SENTENCES = [
    ("Chiều 12/6, Thủ tướng Phạm Minh Chính chủ trì Phiên họp Chính phủ thường kỳ tháng 5/2024.",
     {("Phạm Minh Chính", "Person")}),
    ("Ban Thường vụ Tỉnh ủy Kon Tum đã ban hành Kế hoạch số 125-KH/TU về thực hiện Nghị quyết.",
     {("Ban Thường vụ Tỉnh ủy Kon Tum", "Organization")}),
    ("Bộ trưởng Bộ Ngoại giao Bùi Thanh Sơn đã có cuộc hội đàm với Ngoại trưởng Nhật Bản.",
     {("Bộ Ngoại giao", "Organization"), ("Bùi Thanh Sơn", "Person"),
      ("cuộc hội đàm với Ngoại trưởng Nhật Bản", "Event")}),
]


def _model_names(text: str) -> set[tuple[str, str]]:
    """The learned recogniser's candidates on a text, after the rules' (it reads their names)."""
    nlp = make_nlp(True)
    doc = nlp.make_doc(text)
    for name, proc in nlp.pipeline:
        if name == "kg_mention_resolver":
            break
        doc = proc(doc)
    return {(m.text, m.type) for m in doc._.kg_candidates if is_model(m)}


def test_the_shipped_model_loads_without_the_network(monkeypatch):
    def no_network(*args, **kwargs):
        raise OSError("no network in this test")

    load_model.cache_clear()
    monkeypatch.setattr(socket, "socket", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    nlp = load_model()
    assert nlp.pipe_names == ["ner"]
    assert set(nlp.get_pipe("ner").labels) == {"Organization", "Person", "Document", "Campaign", "Event", "Place"}


@pytest.mark.parametrize("text,expected", SENTENCES)
def test_the_model_finds_names_in_real_sentences(text, expected):
    found = _model_names(text)
    assert expected <= found, found


def test_a_place_inside_the_models_event_is_still_in_the_build():
    # the model's names do not nest: it proposes the meeting, the rules the country inside it
    text = SENTENCES[2][0]
    _, mentions = analyze(article_from_text("a.txt", text), learned=True)
    found = {(m.text, m.type) for m in mentions}
    assert {("cuộc hội đàm với Ngoại trưởng Nhật Bản", "Event"), ("Nhật Bản", "Place")} <= found, found


def test_candidates_are_on_the_docs_own_offsets():
    text = SENTENCES[0][0]
    nlp = make_nlp(False)
    doc = nlp.make_doc(text)
    doc = LearnedRecognizer(mode="only")(doc)
    assert doc._.kg_candidates  # without the rules' names too
    for m in doc._.kg_candidates:
        assert is_model(m) and text[m.start:m.end] == m.text
        assert m.rule == "model-" + m.type.lower()
        assert component_of_rule(m.rule) == "kg_learned_recognizer"


def test_nothing_found_in_the_site_trailer():
    text = ("Tỉnh ủy Kon Tum sơ kết Nghị quyết 23\n\nThứ Năm, 28/12/2023 | 17:00\n\n"
            "(kontumtv.vn) – Ngày 5/12/2023, Tỉnh ủy ban hành Nghị quyết số 23-NQ/TU.\n\n"
            "Tin liên quan\n\nĐại hội Chi bộ Bộ Ngoại giao")
    art = article_from_text("a.txt", text)
    assert art.body_end < len(text)
    _, mentions = analyze(art, learned=True)
    assert all(m.end <= art.body_end for m in mentions)


def _article():
    text = ("Ngày 5/12/2023, Ban Thường vụ Tỉnh ủy Kon Tum ban hành Kế hoạch số 125-KH/TU. "
            "Đồng chí Nguyễn Văn Thắng, Bí thư Tỉnh ủy, chủ trì hội nghị.\n\n"
            "Đoàn công tác của Bộ Ngoại giao đã thăm và làm việc tại Nhật Bản.")
    return article_from_text("a.txt", text)


def test_rules_only_is_the_build_without_the_model():
    art = _article()
    rules = analyze(art, learned=False)
    assert "kg_learned_recognizer" not in make_nlp(False).pipe_names
    assert not any(is_model(m) for m in rules[1])
    # the model running, every model candidate turned off: exactly the rules' output
    nlp = make_nlp(True)
    resolver = nlp.get_pipe("kg_mention_resolver")
    saved = resolver.combine
    try:
        resolver.combine = {t: "off" for t in saved}
        assert analyze(art, learned=True) == rules
        resolver.combine = {t: "union" for t in saved}
        doc = nlp.make_doc(art.text)
        doc = nlp(doc)
    finally:
        resolver.combine = saved
    # the switch is not a no-op: the model's candidates reach the resolver
    assert any(is_model(m) for m in doc._.kg_candidates)


def test_kg_learned_0_turns_the_model_off(monkeypatch):
    monkeypatch.setenv("KG_LEARNED", "0")
    assert learned_default() is False
    monkeypatch.setenv("KG_LEARNED", "1")
    assert learned_default() is True


def test_a_rule_mention_wins_over_the_models_on_the_same_span():
    art = _article()
    _, mentions = analyze(art, learned=True)
    kh = [m for m in mentions if m.text == "Kế hoạch số 125-KH/TU"]
    assert kh and kh[0].rule.startswith("document") and kh[0].number is not None


def test_the_model_is_an_agent_only_when_it_runs():
    assert "kg_learned_recognizer" not in [c.name for c in agents(False)]
    names = [c.name for c in agents(True)]
    assert names.index("kg_learned_recognizer") == names.index("kg_event_recognizer") + 1


def test_the_resolver_without_model_candidates_is_unchanged():
    art = _article()
    nlp = make_nlp(False)
    doc = nlp.make_doc(art.text)
    doc._.kg_exclude = [(art.body_end, len(art.text))]
    for name, proc in nlp.pipeline:
        if name == "kg_mention_resolver":
            break
        doc = proc(doc)
    candidates = list(doc._.kg_candidates)
    for mode in ("fill", "union", "override", "off"):
        assert MentionResolver(combine={t: mode for t in ("Organization", "Person", "Document", "Campaign",
                                                          "Event", "Place")}).resolve(candidates) == \
            MentionResolver().resolve(candidates)
