"""The state file: one record per article, unchanged records written back as read."""

from __future__ import annotations

import pickle
import zlib
from collections import Counter
from dataclasses import replace

import pytest

from graph.resolve.across import EntityRecord, Summary
from graph.store.state import MAGIC, ArticleState, State, load_state, save_state, state_path


def summary(key: str, n: int) -> Summary:
    rec = EntityRecord("Organization", scope="vn")
    rec.labels["Tỉnh ủy Kon Tum"] += n
    rec.mentions = n
    return Summary(key, {f"https://w3id.org/vnkg/id/org/vn/{key}": rec}, frozenset({"nguyen van a"}), frozenset(),
                   [], "2023-12-05", 3, n, Counter({"Organization": n}), Counter({"issuedBy": 1}), 0)


def state(n: int = 3) -> State:
    st = State("p1", run=4, index_digest="d")
    for i in range(n):
        key = f"a{i}"
        st.articles[key] = ArticleState(f"{key}.txt", f"c{i}", f"m{i}", f"blob{i}", summary(key, i + 1),
                                        [f"kgg:{key}/text"], "p1", [("s", "p", "o", "g", "câu", "art")])
    return st


def test_round_trip_keeps_everything_and_counters(tmp_path):
    st = state()
    save_state(tmp_path, "v000001", st)
    again = load_state(tmp_path, "v000001")
    assert again == st
    counts = again.articles["a1"].summary.mentions_by_type
    assert type(counts) is Counter and counts["Organization"] == 2 and counts["Person"] == 0
    assert type(next(iter(again.articles["a2"].summary.entities.values())).labels) is Counter
    assert state_path(tmp_path, "v000001").read_bytes().startswith(MAGIC)


def test_unchanged_records_are_written_back_as_read_changed_ones_anew(tmp_path):
    save_state(tmp_path, "v000001", state())
    old = load_state(tmp_path, "v000001")
    new = State(old.pipeline, dict(old.articles), old.run + 1, old.index_digest)
    new.articles["a1"] = replace(old.articles["a1"], emitted="blob-new")  # an update makes a new record
    del new.articles["a0"]
    new.articles["b"] = state(1).articles["a0"]
    save_state(tmp_path, "v000002", new)
    again = load_state(tmp_path, "v000002")
    assert again == new and list(again.articles) == ["a1", "a2", "b"]
    assert again.articles["a1"].emitted == "blob-new"
    assert again.run == 5
    # the kept record's bytes are not part of what pickling a record gives
    assert "_raw" not in pickle.loads(pickle.dumps(again.articles["a2"])).__dict__


def test_a_state_of_the_earlier_format_is_read(tmp_path):
    st = state()
    state_path(tmp_path, "v000001").write_bytes(zlib.compress(pickle.dumps(st, protocol=5), 1))
    assert load_state(tmp_path, "v000001") == st
    assert load_state(tmp_path, "v000009") == State()
    assert load_state(tmp_path, None) == State()


def test_a_truncated_state_is_refused(tmp_path):
    save_state(tmp_path, "v000001", state())
    path = state_path(tmp_path, "v000001")
    path.write_bytes(path.read_bytes()[:-7])
    with pytest.raises(pickle.UnpicklingError):
        load_state(tmp_path, "v000001")
