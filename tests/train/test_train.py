"""kg train: the data it builds, and the same seed giving the same weights (a few steps)."""

from __future__ import annotations

import json

import pytest

from graph.analyse.pipeline import make_nlp
from graph.errors import EvalError
from graph.train.data import AnnotatedText, load_annotated, ner_spans, to_doc

pytestmark = pytest.mark.corpus


@pytest.fixture(scope="module")
def train_items(politics_dir):
    return load_annotated("train")


def test_the_test_split_is_never_read():
    with pytest.raises(EvalError, match="E801"):
        load_annotated("test")


def test_entities_are_the_outermost_required_names(train_items):
    nlp = make_nlp(False)
    n_ents = n_required = 0
    for item in train_items[:10]:
        doc = to_doc(nlp, item)
        ents = [(e.start_char, e.end_char, e.label_) for e in doc.ents]
        n_ents += len(ents)
        n_required += sum(not opt for *_, opt in item.spans)
        # no two entities overlap, and each is a required span of the annotation
        required = {(s, e, t) for s, e, t, opt in item.spans if not opt}
        assert all(e in required for e in ents)
        assert all(a[1] <= b[0] for a, b in zip(ents, ents[1:]))
    assert 0 < n_ents < n_required  # nested and repeated-inside names are left to the rules


def test_optional_text_is_left_unannotated():
    text = "Chỉ thị số 35 của Bộ Chính trị được triển khai."
    item = AnnotatedText("a.txt", text, ((0, 13, "Document", False), (0, 30, "Document", True),
                                         (18, 30, "Organization", False)))
    doc = to_doc(make_nlp(False), item)
    assert [(e.text, e.label_) for e in doc.ents] == [("Chỉ thị số 35", "Document"), ("Bộ Chính trị", "Organization")]
    assert [t.text for t in doc if t.ent_iob == 0] == ["của"]  # neither inside nor outside
    assert doc[-2].ent_iob_ == "O"


def test_crossing_spans_keep_the_longer():
    assert ner_spans([(0, 10, "Organization", False), (5, 20, "Event", False)]) == ([(5, 20, "Event")], [])


def _train_tiny(tmp_path, name, seed):
    from graph.train.run import train

    out = tmp_path / name
    report = train(out, seed=seed, limit=3, max_epochs=2, max_steps=4)
    return out, report


def test_same_seed_same_weights_and_outputs(tmp_path, politics_dir):  # reads the annotated texts
    from graph.train.loop import load_model

    a, ra = _train_tiny(tmp_path, "a", seed=1)
    b, rb = _train_tiny(tmp_path, "b", seed=1)
    c, _ = _train_tiny(tmp_path, "c", seed=2)
    weights = [(p / "ner" / "model").read_bytes() for p in (a, b, c)]
    assert weights[0] == weights[1]
    assert weights[0] != weights[2]  # the seed matters: the comparison can fail
    assert ra.epochs == rb.epochs
    assert (a / "meta.json").read_text() == (b / "meta.json").read_text()
    meta = json.loads((a / "meta.json").read_text())
    assert meta["kg"]["seed"] == 1 and meta["kg"]["train_docs"] == 3
    sentence = "Ban Thường vụ Tỉnh ủy Kon Tum họp dưới sự chủ trì của đồng chí Nguyễn Văn Thắng."
    outs = []
    for path in (a, b):
        nlp = load_model(path)
        doc = nlp(sentence)
        outs.append([(t.ent_iob_, t.ent_type_) for t in doc])
    assert outs[0] == outs[1]


def test_kg_train_command_writes_a_model(tmp_path, capsys, politics_dir):  # reads the annotated texts
    from graph.cli import main

    out = tmp_path / "m"
    assert main(["train", "--out", str(out), "--limit", "2", "--max-steps", "2", "--max-epochs", "1", "--quiet"]) == 0
    assert json.loads((out / "meta.json").read_text())["pipeline"] == ["ner"]
