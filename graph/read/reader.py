"""Read one article: its bytes, its text, its metadata.

``read_article`` reads a file (regular files only, never blocking, at most
``max_bytes``), decodes it (:mod:`graph.read.decode`), extracts the article of
an HTML page (:mod:`graph.read.html`) and reads the metadata off the text
(:mod:`graph.read.metadata`). The metadata is read on the cleaned copy of the
text (:mod:`graph.read.clean`) and its offsets are mapped back: every offset of
an :class:`~graph.model.Article` indexes ``Article.text``.

>>> art = article_from_text("a.txt", "Tiêu đề bài\\n\\n20/04/2024 06:17\\n\\nNội dung.\\n\\nDương Nương\\n\\nChuyên mục khác")
>>> art.text[slice(*art.headline)], art.published, [b.name for b in art.bylines]
('Tiêu đề bài', '2024-04-20T06:17:00', ['Dương Nương'])
>>> art.text[art.body_end:]
'Chuyên mục khác'
"""

from __future__ import annotations

import hashlib
from dataclasses import replace
from pathlib import Path

from graph.model import Article, Byline
from graph.read.clean import clean_text
from graph.read.decode import decode, decode_text, normalise_line_ends
from graph.read.files import DEFAULT_MAX_BYTES, iter_files, read_bytes
from graph.read.html import extract_page, looks_like_html
from graph.read.keys import article_key, source_path
from graph.read.metadata import read_metadata
from graph.text import nfc

__all__ = ["article_from_text", "article_key", "decode", "iter_files", "read_article", "source_path"]

_HTML_SUFFIXES = (".html", ".htm")


def read_article(path: Path, root: Path | None = None, max_bytes: int | None = DEFAULT_MAX_BYTES) -> Article:
    """Read and decode one file; ``content_hash`` is the SHA-256 of its bytes. A file
    larger than ``max_bytes`` (None: no limit) is refused (E108).

    >>> import hashlib, tempfile
    >>> d = Path(tempfile.mkdtemp())
    >>> f = d / "nq23.txt"
    >>> _ = f.write_text("Ngày 5/12/2023, Tỉnh ủy Kon Tum ban hành Nghị quyết số 23-NQ/TU.", encoding="utf-8-sig")
    >>> art = read_article(f, d)
    >>> art.key, art.text[:4], art.content_hash == hashlib.sha256(f.read_bytes()).hexdigest()
    ('nq23', 'Ngày', True)
    """
    path = Path(path)
    data = read_bytes(path, max_bytes)
    decoded = decode_text(path, data)
    text = decoded.text
    page = None
    if path.suffix.lower() in _HTML_SUFFIXES or looks_like_html(text):
        page = extract_page(path, text)
        text = nfc(normalise_line_ends(page.text))
    art = article_from_text(path, text, root=root)
    art = replace(art, content_hash=hashlib.sha256(data).hexdigest(), converted_from=decoded.converted_from)
    if page is not None:
        published = art.published
        if page.published and not (published or "").startswith(page.published):
            published = page.published  # the page's own date, unless the text gives its time too
        art = replace(art, title=page.title, url=page.url, published=published)
    return art


def article_from_text(path: Path | str, text: str, root: Path | None = None) -> Article:
    """Build an :class:`Article` from NFC text, recognising its metadata.

    >>> text = ("Tỉnh ủy Kon Tum sơ kết Nghị quyết 23\\n\\nThứ Năm, 28/12/2023 | 17:00\\n\\n"
    ...         "(kontumtv.vn) – Ngày 5/12/2023, Tỉnh ủy ban hành Nghị quyết số 23-NQ/TU.\\n\\n"
    ...         "Tin liên quan\\n\\nĐại hội Chi bộ")
    >>> art = article_from_text(Path("seeds/tin/nq23.txt"), text, root=Path("seeds"))
    >>> art.key, art.published, art.source
    ('tin__nq23', '2023-12-28T17:00:00', 'kontumtv.vn')
    >>> art.text[art.body_end:]
    'Tin liên quan\\n\\nĐại hội Chi bộ'

    Invisible characters do not hide the metadata, and offsets still index the text:

    >>> art = article_from_text("b.txt", "Tin\\u200b tức mới\\rNội dung bài.\\rBài, ảnh: Nguyễn\\u00adThanh Hải")
    >>> art.text[slice(*art.headline)], [(b.name, art.text[b.start:b.end]) for b in art.bylines]
    ('Tin\\u200b tức mới', [('NguyễnThanh Hải', 'Nguyễn\\xadThanh Hải')])
    """
    path = Path(path)
    root = root or path.parent
    clean = clean_text(text)
    meta = read_metadata(clean.text)
    return Article(
        path=path,
        key=article_key(path, root),
        source_path=source_path(path, root),
        text=text,
        content_hash=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        body_end=clean.offset(meta.body_end),
        headline=clean.to_original(*meta.headline) if meta.headline else None,
        published=meta.published,
        source=meta.source,
        bylines=[Byline(b.name, *clean.to_original(b.start, b.end), b.kind) for b in meta.bylines],
        skip_spans=[clean.to_original(s, e) for s, e in meta.skip_spans],
    )
