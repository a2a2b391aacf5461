"""A bounded fuzz of the reader and the analysis: seeded mutations of the seed articles.

Each mutation (random bytes inserted, deleted or replaced, control and
zero-width characters, truncation, other encodings and line ends, HTML) is
read, analysed, resolved, related and emitted like a built article. Nothing
may raise but a one-line InputError, nothing may hang, and in the emitted
graph every sentence and mention is its slice of nif:isString.
"""

from __future__ import annotations

import codecs
import random
from pathlib import Path

import pyoxigraph as ox
import pytest

from graph.build.work import analyse_article, process
from graph.emit.quads import article_lines
from graph.errors import InputError
from graph.read import read_article
from graph.read.legacy import encode_tcvn3, encode_vni

SEEDS = sorted((Path(__file__).resolve().parents[2] / "seeds").glob("*.txt"))
MUTATIONS = 200
NIF = "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#"
INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad\x00\x01\x07\x0b\x0c\x1b\x7f\x85\x9f\u2028\u2029\ufffe\uffff"


def _mutate(rng: random.Random, data: bytes) -> tuple[str, bytes]:
    kind = rng.choice(["insert", "chars", "delete", "replace", "invisible", "truncate", "encoding", "html", "mix"])
    b = bytearray(data)
    if kind in ("insert", "mix"):
        for _ in range(rng.randint(1, 20)):
            b[rng.randrange(len(b) + 1):0] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 4)))
    if kind == "chars":  # any code point but surrogates, between characters: combining marks, astral, controls
        chars = list(bytes(b).decode("utf-8"))
        for _ in range(rng.randint(1, 40)):
            c = rng.choice([rng.randrange(0x20), rng.randrange(0x300, 0x370), rng.randrange(0xD800),
                            rng.randrange(0xE000, 0x110000)])
            chars.insert(rng.randrange(len(chars) + 1), chr(c))
        b = bytearray("".join(chars).encode("utf-8"))
    if kind in ("delete", "mix"):
        for _ in range(rng.randint(1, 20)):
            at = rng.randrange(max(1, len(b)))
            del b[at : at + rng.randint(1, 8)]
    if kind == "replace":
        for _ in range(rng.randint(1, 30)):
            b[rng.randrange(len(b))] = rng.randrange(256)
    if kind == "invisible":
        text = bytes(b).decode("utf-8")
        chars = list(text)
        for _ in range(rng.randint(1, 60)):
            chars.insert(rng.randrange(len(chars) + 1), rng.choice(INVISIBLE))
        b = bytearray("".join(chars).encode("utf-8"))
    if kind == "truncate":
        b = b[: rng.randrange(len(b) + 1)]  # also in the middle of a UTF-8 sequence
    if kind == "encoding":
        text = bytes(b).decode("utf-8")
        how = rng.choice(["utf-16", "utf-16-be-bom", "tcvn3", "vni", "vni-mojibake", "tcvn3-mojibake", "cr", "crlf"])
        if how == "utf-16":
            b = bytearray(text.encode("utf-16"))
        elif how == "utf-16-be-bom":
            b = bytearray(codecs.BOM_UTF16_BE + text.encode("utf-16-be"))
        elif how == "tcvn3":
            b = bytearray(encode_tcvn3(text))
        elif how == "vni":
            b = bytearray(encode_vni(text))
        elif how == "vni-mojibake":
            b = bytearray(encode_vni(text).decode("cp1252").encode("utf-8"))
        elif how == "tcvn3-mojibake":
            b = bytearray(encode_tcvn3(text).decode("cp1252", errors="replace").encode("utf-8"))
        else:
            b = bytearray(text.replace("\n", "\r" if how == "cr" else "\r\n").encode("utf-8"))
        kind = how
    if kind == "html":
        text = bytes(b).decode("utf-8")
        paragraphs = "".join(f"<p>{line}</p>" for line in text.splitlines() if line.strip())
        b = bytearray(f"<!DOCTYPE html><html><head><title>Tin</title></head><body><article>{paragraphs}"
                      f"</article></body></html>".encode("utf-8"))
    return kind, bytes(b)


def _check_graph(lines: list[str]) -> int:
    quads = list(ox.parse("".join(lines), format=ox.RdfFormat.N_QUADS))
    text = next(q.object.value for q in quads if q.predicate.value == NIF + "isString")
    spans: dict[str, dict[str, str]] = {}
    for q in quads:
        name = q.predicate.value.removeprefix(NIF)
        if name in ("beginIndex", "endIndex", "anchorOf"):
            spans.setdefault(q.subject.value, {})[name] = q.object.value
    anchored = [s for s in spans.values() if "anchorOf" in s]  # the context itself has nif:isString
    for s in anchored:
        assert text[int(s["beginIndex"]) : int(s["endIndex"])] == s["anchorOf"]
    return len(anchored)


def test_seeded_mutations_never_raise_unexpectedly_nor_hang(tmp_path, no_hang):
    pytest.importorskip("trafilatura")
    rng = random.Random(20241201)
    originals = [p.read_bytes() for p in SEEDS]
    outcomes: dict[str, int] = {}
    with no_hang(300):
        for i in range(MUTATIONS):
            kind, data = _mutate(rng, rng.choice(originals))
            path = tmp_path / f"m{i:03d}.txt"
            path.write_bytes(data)
            try:
                article = read_article(path, tmp_path)
            except InputError as exc:
                message = str(exc)
                assert message.startswith(str(path)) and "\n" not in message and exc.code, message
                # broken bytes may be refused; text that is still well-formed never is (but for
                # too many control characters, E105)
                assert kind in ("insert", "delete", "replace", "mix", "truncate") or exc.code == "E105", message
                outcomes["refused"] = outcomes.get("refused", 0) + 1
                continue
            work = process(analyse_article(article))
            _check_graph(article_lines(work.result, work.entities, "https://w3id.org/vnkg/build/pipeline/fuzz"))
            outcomes[kind] = outcomes.get(kind, 0) + 1
    assert sum(outcomes.values()) == MUTATIONS
    assert MUTATIONS - outcomes.get("refused", 0) >= MUTATIONS / 3  # enough articles were analysed
