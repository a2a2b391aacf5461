"""graph.read.html: web pages (.html, .htm, and HTML saved as .txt) read as their article."""

from __future__ import annotations

import html
import unicodedata
from pathlib import Path

import pytest

from graph.analyse.pipeline import analyze
from graph.errors import InputError
from graph.read import read_article

pytest.importorskip("trafilatura")

ROOT = Path(__file__).resolve().parents[2]
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))


def news_page(text: str) -> str:
    """A seed article as a news site serves it: menus, related links, comments, footer."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    title, body = lines[0], lines[1:]
    paragraphs = "\n".join(f"<p>{html.escape(line)}</p>" for line in body)
    return f"""<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8"><title>{html.escape(title)} - Báo Kon Tum điện tử</title>
<meta property="og:url" content="https://baokontum.com.vn/chinh-tri/bai-viet-1.html">
<meta property="article:published_time" content="2024-04-20T06:17:00+07:00">
<script>var menu = "<p>Ủy ban nhân dân tỉnh Gia Lai</p>";</script><style>p {{ color: #333 }}</style></head>
<body><header><nav><ul><li><a href="/">Trang chủ</a></li><li><a href="/thoi-su">Thời sự</a></li>
<li><a href="/chinh-tri">Chính trị</a></li><li><a href="/kinh-te">Kinh tế</a></li></ul></nav></header>
<main><article><h1>{html.escape(title)}</h1>
{paragraphs}
</article>
<aside><h3>Tin liên quan</h3><ul><li><a href="/a">Hội nghị Ban Chấp hành Đảng bộ tỉnh Gia Lai lần thứ 15</a></li>
<li><a href="/b">Ủy ban nhân dân tỉnh Đắk Lắk triển khai nhiệm vụ năm 2024</a></li></ul></aside>
<section class="comments"><h3>Bình luận</h3><div class="comment">Bài viết rất hay, cảm ơn Báo Kon Tum.</div></section>
</main><footer>© Báo Kon Tum. Địa chỉ: 70 Lê Hồng Phong, TP Kon Tum.</footer></body></html>"""


def _found(art):
    """Sentences and mentions as text, spaces collapsed (as HTML collapses them)."""
    sentences, mentions = analyze(art)
    return [" ".join(s.text.split()) for s in sentences], [(" ".join(m.text.split()), m.type) for m in mentions]


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.name[:3])
@pytest.mark.parametrize("suffix", [".html", ".htm", ".txt"])
def test_a_page_is_read_as_its_article(tmp_path, path, suffix):
    text = read_article(path, path.parent)
    page = tmp_path / (path.stem + suffix)
    page.write_text(news_page(text.text), encoding="utf-8")
    art = read_article(page, tmp_path)
    # the article's paragraphs, without the menus, the related links and the comments
    for noise in ("Trang chủ", "Thời sự", "Gia Lai lần thứ 15", "Đắk Lắk", "Bài viết rất hay", "Lê Hồng Phong", "<"):
        assert noise not in art.text
    assert _found(art) == _found(text)
    assert art.url == "https://baokontum.com.vn/chinh-tri/bai-viet-1.html"
    assert art.title == " ".join(text.text.split("\n", 1)[0].split())
    assert art.published.startswith("2024-04-20")
    # every offset indexes the extracted text, which is the article's nif:isString
    sentences, mentions = analyze(art)
    assert all(art.text[m.start : m.end] == m.text for m in mentions)
    assert all(art.text[s.start : s.end] == s.text for s in sentences)


def test_html_saved_as_txt_finds_what_the_page_says(tmp_path):
    path = SEEDS[1]
    text = read_article(path, path.parent)
    as_txt = tmp_path / "trang.txt"
    as_txt.write_text(news_page(text.text), encoding="utf-8")
    art = read_article(as_txt, tmp_path)
    assert not art.text.lstrip().startswith("<")
    assert _found(art) == _found(text)


def _cp1258(text: str) -> bytes:
    """Windows-1258 bytes as old Vietnamese sites wrote them: a base letter and its tone mark."""
    out = b""
    for c in text:
        try:
            out += c.encode("cp1258")
        except UnicodeEncodeError:
            base, tones = "", ""
            for x in unicodedata.normalize("NFD", c):
                if x in "\u0300\u0301\u0303\u0309\u0323":
                    tones += x
                else:
                    base += x
            out += unicodedata.normalize("NFC", base).encode("cp1258") + tones.encode("cp1258")
    return out


def test_a_page_in_a_declared_charset(tmp_path):
    page = ('<html><head><meta charset="windows-1258"><title>Tin tức</title></head><body><article>'
            "<p>Ban Chấp hành Đảng bộ tỉnh họp phiên thường kỳ.</p><p>Đồng chí Bí thư chủ trì.</p>"
            "</article></body></html>")
    path = tmp_path / "cp1258.html"
    path.write_bytes(_cp1258(page))
    art = read_article(path, tmp_path)
    assert "Ban Chấp hành Đảng bộ tỉnh họp phiên thường kỳ." in art.text


def test_a_page_with_no_article_is_one_error_line(tmp_path):
    path = tmp_path / "empty.html"
    path.write_text("<!DOCTYPE html><html><head><title></title></head><body><nav></nav></body></html>", "utf-8")
    with pytest.raises(InputError, match=r"empty\.html: no article text found in the HTML page \[E111\]"):
        read_article(path, tmp_path)


def test_a_text_with_angle_brackets_is_not_a_page(tmp_path):
    path = tmp_path / "tin.txt"
    text = "Tỉnh ủy Kon Tum họp.\n\nTỷ lệ đạt <95% kế hoạch; chỉ tiêu >90% được giao cho <b>các huyện</b>.\n"
    path.write_text(text, encoding="utf-8")
    assert read_article(path, tmp_path).text == text
