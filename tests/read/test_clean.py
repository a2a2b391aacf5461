"""graph.read.clean: invisible characters never hide a name, and offsets still index the text."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from graph.analyse.pipeline import analyze
from graph.read import article_from_text, clean_text, read_article

ROOT = Path(__file__).resolve().parents[2]
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
INVISIBLE = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\x01", "\x07", "\x1b", "\x7f", "\x9f"]
LINE_LIKE = ["\x0b", "\x0c", "\x85", "\u2028", "\u2029"]


def _sprinkle(text: str, chars: list[str], rate: float, seed: int) -> str:
    """Insert the characters inside words, where they cut a name apart without showing."""
    rng = random.Random(seed)
    return "".join(c + (rng.choice(chars) if c.isalpha() and rng.random() < rate else "") for c in text)


def _found(art):
    sentences, mentions = analyze(art)
    clean = lambda t: clean_text(t).text  # noqa: E731
    return [clean(s.text) for s in sentences], [(clean(m.text), m.type, m.rule) for m in mentions]


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.name[:3])
def test_zero_width_characters_inside_words_hide_no_mention(path):
    plain = read_article(path, path.parent)
    text = _sprinkle(plain.text, INVISIBLE, 0.3, seed=len(plain.text))
    art = article_from_text(path, text)
    assert art.text == text  # the article keeps every character: it is nif:isString
    assert _found(art) == _found(plain)
    assert [(b.name, b.kind) for b in art.bylines] == [(b.name, b.kind) for b in plain.bylines]
    assert (art.published, art.source) == (plain.published, plain.source)
    sentences, mentions = analyze(art)
    for m in mentions:
        assert art.text[m.start : m.end] == m.text
        assert m.text[0] not in INVISIBLE and m.text[-1] not in INVISIBLE  # nothing invisible around it
    for s in sentences:
        assert art.text[s.start : s.end] == s.text


@pytest.mark.parametrize("path", SEEDS[:2], ids=lambda p: p.name[:3])
def test_form_feeds_and_line_separators_are_line_breaks(path):
    plain = read_article(path, path.parent)
    rng = random.Random(7)
    text = "".join(rng.choice(LINE_LIKE) if c == "\n" else c for c in plain.text)
    art = article_from_text(path, text)
    assert _found(art) == _found(plain)
    assert art.headline == plain.headline  # one character for one: the same offsets


def test_the_mapping_is_exact_for_every_span():
    rng = random.Random(3)
    alphabet = ["a", "b", " ", "\n", "\r", "\t", *INVISIBLE, *LINE_LIKE]
    for _ in range(300):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 25)))
        c = clean_text(text)
        for s in range(len(c.text) + 1):
            for e in range(s, len(c.text) + 1):
                os, oe = c.to_original(s, e)
                assert 0 <= os <= oe <= len(text)
                assert c.to_clean(os, oe) == (s, e)
                if e > s:
                    # the original span holds the cleaned one, and nothing deleted at its edges
                    assert clean_text(text[os:oe]).text == c.text[s:e] or text[oe - 1 : oe + 1] == "\r\n"
                    assert text[os] not in INVISIBLE and text[oe - 1] not in INVISIBLE


def test_a_text_without_invisible_characters_maps_to_itself():
    text = read_article(SEEDS[0], SEEDS[0].parent).text
    c = clean_text(text)
    assert c.text == text and c.cuts == () and c.to_original(10, 20) == (10, 20)
