"""Web pages: tell an HTML page from a text, and extract its article with trafilatura.

A page saved from a news site (``.html``, ``.htm``, or HTML saved as ``.txt``)
is read as HTML: trafilatura (a maintained main-content extractor; it is given
the page's text and never touches the network) keeps the article's paragraphs
and drops menus, sidebars, related links and comments. The article's text
(its ``nif:isString``, which every offset indexes) is then the page's title
on a line of its own, a blank line, and the extracted paragraphs one a line;
the title, date and URL the page declares become the article's ``title``,
``published`` and ``url``.

>>> looks_like_html("<!DOCTYPE html><html><body><p>Tỉnh ủy họp.</p></body></html>")
True
>>> looks_like_html("Tỉnh ủy họp. Ông nói: 5 < 7 và <b> không phải thẻ.")
False
>>> declared_charset(b'<html><head><meta charset="windows-1258"></head>')
'windows-1258'
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from graph.errors import Errors, InputError

__all__ = ["HtmlPage", "declared_charset", "extract_page", "looks_like_html"]

# A page opens with a doctype, <html>, <head> or <body> (after an XML declaration or
# comments), or has both an <html>/<body> tag and closing block tags.
_OPENING_RE = re.compile(r"\s*(?:<\?xml[^>]{0,200}>\s*)?(?:<!--.{0,2000}?-->\s*)*<(?:!doctype\s+html|html|head|body)\b",
                         re.IGNORECASE | re.DOTALL)
_PAGE_TAG_RE = re.compile(r"<(?:html|body|head)\b[^>]{0,500}>", re.IGNORECASE)
_BLOCK_CLOSE_RE = re.compile(r"</(?:p|div|body|html|article|h[1-6])\s*>", re.IGNORECASE)
_CHARSET_RE = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]{1,40})""", re.IGNORECASE)
_DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}")


def looks_like_html(text: str) -> bool:
    """Whether a text is an HTML page rather than an article's text."""
    head = text[:4096]
    if _OPENING_RE.match(head):
        return True
    return bool(_PAGE_TAG_RE.search(head)) and len(_BLOCK_CLOSE_RE.findall(text[:65536])) >= 2


def declared_charset(data: bytes) -> str | None:
    """The charset a page's ``<meta>`` declares in its first 4 KB, or None."""
    m = _CHARSET_RE.search(data[:4096])
    return m.group(1).decode("ascii").lower() if m else None


@dataclass(frozen=True)
class HtmlPage:
    """What a page gives: the article's text and the metadata the page declares."""

    text: str
    title: str | None = None
    published: str | None = None  # ISO date
    url: str | None = None


def extract_page(path: Path | str, html: str) -> HtmlPage:
    """The article of an HTML page; :class:`InputError` when it has none (E111) or
    trafilatura is not installed (E113).

    >>> page = extract_page("a.html", '<html><head><title>Tỉnh ủy họp - Báo Kon Tum</title>'
    ...     '<meta property="og:url" content="https://baokontum.vn/a.html"></head><body>'
    ...     '<nav><ul><li><a href="/">Trang chủ</a></li><li><a href="/ts">Thời sự</a></li></ul></nav>'
    ...     '<article><h1>Tỉnh ủy họp</h1><p>Ngày 5/12/2023, Tỉnh ủy Kon Tum ban hành Nghị quyết số 23-NQ/TU.</p>'
    ...     '<p>Đồng chí Dương Văn Trang, Bí thư Tỉnh ủy, chủ trì hội nghị.</p></article>'
    ...     '<footer>© Báo Kon Tum</footer></body></html>')
    >>> print(page.text)
    Tỉnh ủy họp
    <BLANKLINE>
    Ngày 5/12/2023, Tỉnh ủy Kon Tum ban hành Nghị quyết số 23-NQ/TU.
    Đồng chí Dương Văn Trang, Bí thư Tỉnh ủy, chủ trì hội nghị.
    >>> page.title, page.url
    ('Tỉnh ủy họp', 'https://baokontum.vn/a.html')
    """
    try:
        import trafilatura
    except ImportError:
        raise InputError(Errors.E113.format(path=path)) from None
    doc = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False, include_tables=True,
                                      include_images=False, include_links=False, deduplicate=False)
    body = (getattr(doc, "text", None) or "").strip() if doc is not None else ""
    if not body:
        raise InputError(Errors.E111.format(path=path))
    title = _one_line(getattr(doc, "title", None))
    lines = [line.strip() for line in body.splitlines()]
    body = "\n".join(line for line in lines if line)
    first = body.split("\n", 1)[0]
    if title and first.casefold() == title.casefold():
        text = first + "\n\n" + body.split("\n", 1)[1] if "\n" in body else first
    elif title:
        text = f"{title}\n\n{body}"
    else:
        text = body
    date = getattr(doc, "date", None)
    url = getattr(doc, "url", None)
    return HtmlPage(
        text=text,
        title=title,
        published=date if isinstance(date, str) and _DATE_RE.fullmatch(date) else None,
        url=url if isinstance(url, str) and re.match(r"https?://\S+$", url) else None,
    )


def _one_line(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    value = " ".join(value.split())
    return value or None
