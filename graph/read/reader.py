"""Read article files: find them, decode them, recognise their metadata.

>>> art = article_from_text("a.txt", "Tiêu đề bài\\n\\n20/04/2024 06:17\\n\\nNội dung.\\n\\nDương Nương\\n\\nChuyên mục khác")
>>> art.text[slice(*art.headline)], art.published, [b.name for b in art.bylines]
('Tiêu đề bài', '2024-04-20T06:17:00', ['Dương Nương'])
>>> art.text[art.body_end:]
'Chuyên mục khác'
"""

from __future__ import annotations

import errno
import hashlib
import os
import re
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path

from graph.errors import Errors, InputError
from graph.model import Article, Byline
from graph.text import nfc, slugify

# Lines that start a website's trailer: nothing after them is the article.
_TRAILER_RE = re.compile(
    r"^\s*(Trả lời\s*$|Bài viết mới nhất|Chuyên mục khác|Viết bình luận|Gửi bình luận|"
    r"Bình luận\s*$|Ý kiến bạn đọc|thăm dò ý kiến|THÔNG TIN CẦN BIẾT|Tin liên quan|"
    r"Tin cùng chuyên mục|Các tin khác|Tin khác\s*$|Bài liên quan|Xem thêm\s*:?\s*$|"
    r"Email của bạn sẽ không được hiển thị|Link bài gốc\s*:)",
    re.IGNORECASE | re.MULTILINE,
)
# "20/04/2024 06:17", "Thứ Năm, 28/12/2023 | 17:00", "28/12/2023"
_DATE_LINE_RE = re.compile(
    r"^[ \t]*(?:(?:Thứ\s+\w+|Chủ\s+nhật|Chủ\s+Nhật)\s*,\s*)?"
    r"(\d{1,2})[/-](\d{1,2})[/-](\d{4})"
    r"(?:\s*(?:\||-|,)?\s*(\d{1,2})[:h](\d{2})(?::\d{2})?)?\s*(?:\(GMT[+-]\d+\))?[ \t]*$",
    re.MULTILINE,
)
# "(kontumtv.vn) – ..." at the start of the body.
_SOURCE_RE = re.compile(r"^\s*\(([a-z0-9.-]+\.(?:vn|com|net|org))\)", re.MULTILINE | re.IGNORECASE)
# "Bài, ảnh: Nguyễn Thanh Hải", "Tin, ảnh: H.L", "Ảnh: DN" (also at the end of a caption)
_CREDIT_RE = re.compile(
    r"(?:(?<=^)|(?<=[.!?]\s)|(?<=[.!?]))[ \t]*"
    r"(?P<label>(?:Bài(?:\s+và\s+ảnh|,\s*ảnh)?|Tin(?:\s+và\s+ảnh|,\s*ảnh)?|Ảnh|Video|Nhóm PV|Bài và ảnh)"
    r"\s*:)[ \t]*(?P<names>[^\n]{1,60}?)[ \t]*\.?[ \t]*$",
    re.MULTILINE,
)
_NAME_PART = r"(?:[A-ZĐÀ-Ỹ][\wÀ-ỹ]*\.?|[A-ZĐ]\.[A-ZĐ]\.?)"
_BYLINE_NAME_RE = re.compile(
    rf"^(?:{_NAME_PART})(?:\s+{_NAME_PART}){{0,3}}$|^[A-ZĐ]{{1,3}}(?:\.[A-ZĐ]{{1,2}})*\.?$"
    # initials glued to the name: "B.T.Ngọc", "Th.Dương", "M.Quân"
    r"|^(?:[A-ZĐ][a-z]?\.){1,3}\s?[A-ZĐÀ-Ỹ][\wÀ-ỹ]+$"
)
# "Ảnh: Doãn Tấn/TTXVN" anywhere in a line
_AGENCY_CREDIT_RE = re.compile(
    r"Ảnh\s*:\s*(?P<names>[A-ZĐÀ-Ỹ][\wÀ-ỹ.]*(?:\s+[A-ZĐÀ-Ỹ][\wÀ-ỹ]*){0,3})\s*/\s*(?:TTXVN|Vietnam\+|VGP|VNA|TTXVN/VNA)")
# "Quỳnh Hoa (TTXVN)": a closing byline with its agency
_AGENCY_SUFFIX_RE = re.compile(r"\s*\((?:TTXVN|Vietnam\+|VNA|VOV|VTV|Dân trí|Tuổi Trẻ)\)\s*$")
# "(Ảnh: M.Quân)" inside a caption
_PAREN_CREDIT_RE = re.compile(r"\((?P<label>Ảnh|Ảnh minh họa|Nguồn ảnh)\s*:\s*(?P<names>[^()\n]{1,40})\)")
_SPLIT_NAMES_RE = re.compile(r"\s+[–—-]\s+|\s*,\s*|\s+và\s+|\s*/\s*")


#: Article files by suffix: text, and web pages saved from a news site.
ARTICLE_SUFFIXES = (".txt", ".html", ".htm")


def _kind(mode: int) -> str:
    for test, name in ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a named pipe (FIFO)"),
                       (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
                       (stat.S_ISSOCK, "a socket")):
        if test(mode):
            return name
    return "not a regular file"


def _check_file(p: Path) -> str | None:
    """Why ``p`` cannot be read as an article file, or None: only regular files are read."""
    try:
        if p.is_symlink():
            try:
                target = p.resolve(strict=True)
            except RuntimeError:
                return Errors.E109.format(path=p)
            except (FileNotFoundError, NotADirectoryError):
                return Errors.E110.format(path=p, target=os.readlink(p))
            except OSError as exc:
                if exc.errno == errno.ELOOP:
                    return Errors.E109.format(path=p)
                return Errors.E106.format(path=p, reason=exc.strerror or exc)
            mode = target.stat().st_mode
        else:
            mode = p.stat().st_mode
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return Errors.E109.format(path=p)
        return Errors.E106.format(path=p, reason=exc.strerror or exc)
    if not stat.S_ISREG(mode):
        return Errors.E107.format(path=p, kind=_kind(mode))
    return None


def iter_files(paths: Iterable[Path | str], errors: list[str] | None = None) -> Iterator[tuple[Path, Path]]:
    """Yield ``(file, root)`` for every article file (``.txt``, ``.html``) under the given
    files or folders, sorted. Only regular files are read: a FIFO, a device, a link
    loop or a dangling link gets an error line in ``errors`` (raised when ``errors``
    is None), and the others are still read.

    >>> import tempfile
    >>> d = Path(tempfile.mkdtemp())
    >>> (d / "tin").mkdir()
    >>> for name in ("tin/nq23.txt", "kontum.txt", "ghi-chu.md"):
    ...     _ = (d / name).write_text("Tỉnh ủy Kon Tum ban hành Nghị quyết.", encoding="utf-8")
    >>> os.symlink(d / "missing.txt", d / "dangling.txt")
    >>> errors = []
    >>> [(f.relative_to(d).as_posix(), root == d) for f, root in iter_files([d], errors)]
    [('kontum.txt', True), ('tin/nq23.txt', True)]
    >>> [e.split(": ", 1)[1] for e in errors]  # doctest: +ELLIPSIS
    ['a dangling symbolic link (to .../missing.txt) [E110]']
    >>> list(iter_files(["seeds/khong-co.txt"]))
    Traceback (most recent call last):
    graph.errors.InputError: seeds/khong-co.txt: no such file or folder [E101]
    """
    def fail(message: str) -> None:
        if errors is None:
            raise InputError(message)
        errors.append(message)

    for p in map(Path, paths):
        if p.is_dir() and not p.is_symlink() or (p.is_symlink() and p.is_dir()):
            found = []
            for folder, dirs, files in os.walk(p, followlinks=False):
                dirs.sort()
                for name in files:
                    if name.lower().endswith(ARTICLE_SUFFIXES) and not name.startswith("."):
                        found.append(Path(folder) / name)
            for f in sorted(found):
                problem = _check_file(f)
                if problem:
                    fail(problem)
                else:
                    yield f, p
        elif p.exists() or p.is_symlink():
            problem = _check_file(p)
            if problem:
                fail(problem)
            else:
                yield p, p.parent
        else:
            fail(Errors.E101.format(path=p))


def source_path(path: Path, root: Path) -> str:
    """Where an article was read from, for ``nif:sourceUrl``: its path under the input
    folder, led by that folder's name (never an absolute local path).

    >>> source_path(Path("/home/u/data/seeds/tin/a.txt"), Path("/home/u/data/seeds"))
    'seeds/tin/a.txt'
    >>> source_path(Path("a.txt"), Path("."))
    'a.txt'
    """
    rel = path.relative_to(root).as_posix() if path.is_relative_to(root) else path.name
    name = Path(os.path.abspath(root)).name if str(root) not in ("", ".") else ""
    return f"{name}/{rel}" if name else rel


def article_key(path: Path, root: Path) -> str:
    """A stable key for IRIs: the path under its root, without ``.txt``, slugged.

    >>> article_key(Path("seeds/000_5588cd3b938c6cd5.txt"), Path("seeds"))
    '000_5588cd3b938c6cd5'
    >>> article_key(Path("in/Bản tin/Số 1.txt"), Path("in"))
    'ban-tin__so-1'
    """
    rel = path.relative_to(root) if path.is_relative_to(root) else Path(path.name)
    parts = list(rel.with_suffix("").parts)
    return "__".join(
        part if re.fullmatch(r"[A-Za-z0-9_.-]+", part) else slugify(part) for part in parts
    )


def decode(path: Path, data: bytes) -> str:
    """UTF-8 text with or without BOM, NFC; :class:`InputError` names the problem.

    >>> decode(Path("seeds/a.txt"), "\\ufeffTỉnh ủy Kon Tum".encode("utf-8"))
    'Tỉnh ủy Kon Tum'
    >>> decode(Path("seeds/a.txt"), "Đoàn Thanh niên".encode("cp1258"))
    Traceback (most recent call last):
    graph.errors.InputError: seeds/a.txt: not UTF-8 (invalid byte 0xd0 at offset 0) [E104]
    >>> decode(Path("seeds/b.txt"), b"  \\n")
    Traceback (most recent call last):
    graph.errors.InputError: seeds/b.txt: empty file [E102]
    """
    if not data.strip():
        raise InputError(Errors.E102.format(path=path))
    if b"\x00" in data[:8192]:
        raise InputError(Errors.E103.format(path=path))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(Errors.E104.format(path=path, byte=data[exc.start], offset=exc.start)) from None
    bad = sum(1 for c in text if (ord(c) < 32 and c not in "\t\n\r\f") or c == "\ufffd")
    if bad > max(10, len(text) // 100):
        raise InputError(Errors.E105.format(path=path, count=bad))
    if not text.strip():
        raise InputError(Errors.E102.format(path=path))
    return nfc(text)


def read_article(path: Path, root: Path | None = None) -> Article:
    """Read and decode one file; ``content_hash`` is the SHA-256 of its bytes.

    >>> import hashlib, tempfile
    >>> d = Path(tempfile.mkdtemp())
    >>> f = d / "nq23.txt"
    >>> _ = f.write_text("Ngày 5/12/2023, Tỉnh ủy Kon Tum ban hành Nghị quyết số 23-NQ/TU.", encoding="utf-8-sig")
    >>> art = read_article(f, d)
    >>> art.key, art.text[:4], art.content_hash == hashlib.sha256(f.read_bytes()).hexdigest()
    ('nq23', 'Ngày', True)
    """
    data = path.read_bytes()
    text = decode(path, data)
    art = article_from_text(path, text, root=root)
    art.content_hash = hashlib.sha256(data).hexdigest()
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
    """
    path = Path(path)
    root = root or path.parent
    art = Article(
        path=path,
        key=article_key(path, root),
        source_path=source_path(path, root),
        text=text,
        content_hash=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        body_end=len(text),
    )
    trailer = _find_trailer(text)
    if trailer is not None:
        art.body_end = trailer
    _find_date(art)
    _find_source(art)
    _find_headline(art)
    _find_bylines(art)
    return art


def _lines(text: str, end: int) -> Iterator[tuple[int, int]]:
    """(start, end) of each non-blank line before ``end``, stripped."""
    for m in re.finditer(r"[^\n]+", text[:end]):
        line = m.group()
        if line.strip():
            lead = len(line) - len(line.lstrip())
            yield m.start() + lead, m.start() + len(line.rstrip())


def _find_trailer(text: str) -> int | None:
    for m in _TRAILER_RE.finditer(text):
        # Only after some body text: a trailer line never opens an article.
        before = text[: m.start()].strip()
        if before.count("\n") >= 2 and len(before) > 20:
            return m.start() + (len(m.group()) - len(m.group().lstrip()))
    return None


def _find_date(art: Article) -> None:
    head = art.text[: min(art.body_end, 2000)]
    for m in _DATE_LINE_RE.finditer(head):
        day, month, year, hh, mm = m.groups()
        try:
            d, mo, y = int(day), int(month), int(year)
            if not (1 <= d <= 31 and 1 <= mo <= 12):
                continue
        except ValueError:
            continue
        iso = f"{y:04d}-{mo:02d}-{d:02d}"
        if hh is not None:
            iso += f"T{int(hh):02d}:{int(mm):02d}:00"
        art.published = iso
        start = m.start() + (len(m.group()) - len(m.group().lstrip()))
        art.skip_spans.append((start, m.end()))
        return


def _find_source(art: Article) -> None:
    m = _SOURCE_RE.search(art.text[: min(art.body_end, 500)])
    if m:
        art.source = m.group(1).lower()


def _find_headline(art: Article) -> None:
    lines = list(_lines(art.text, art.body_end))
    if len(lines) < 2:
        return
    start, end = lines[0]
    first = art.text[start:end]
    if any(s <= start < e for s, e in art.skip_spans) or _SOURCE_RE.match(first):
        return
    # A headline is short and has no sentence-final full stop.
    if len(first) <= 250 and not re.search(r"[.!?…:;]\s*$", first) and len(first.split()) >= 3:
        art.headline = (start, end)


# Closing lines that are not the byline: the source, a link.
_SOURCE_LINE_RE = re.compile(r"^(?:Theo|Nguồn|Link bài gốc|Ngày đăng|Giờ đăng)\b")
# A byline glued to the last paragraph: "… nhiệm kỳ 2015- 2020. Yến Chi"
_GLUED_BYLINE_RE = re.compile(
    r"(?<=[.!?”\"])\s+(?P<name>[A-ZĐÀ-Ỹ][a-zà-ỹđ]+(?:\s+[A-ZĐÀ-Ỹ][a-zà-ỹđ]+){1,2})\s*$"
)


def _find_bylines(art: Article) -> None:
    text = art.text
    for m in _CREDIT_RE.finditer(text, 0, art.body_end):
        kind = "photo" if m.group("label").startswith(("Ảnh", "Video")) else "author"
        names = m.group("names")
        # "Ảnh: Google Maps. Việt Tường": the credit ends at its full stop; the author follows
        credit, dot, author = names.partition(". ")
        _add_names(art, m.start("names"), credit, kind)
        if dot and kind == "photo" and _BYLINE_NAME_RE.match(author.strip().rstrip(".")):
            _add_names(art, m.start("names") + len(credit) + 2, author.strip().rstrip("."), "author")
    for m in _PAREN_CREDIT_RE.finditer(text, 0, art.body_end):
        _add_names(art, m.start("names"), m.group("names"), "photo")
    taken = {b.start for b in art.bylines}
    for m in _AGENCY_CREDIT_RE.finditer(text, 0, art.body_end):
        if m.start("names") not in taken:
            _add_names(art, m.start("names"), m.group("names"), "photo")
    # A closing author line: the last line of the body (before any "Theo …" source
    # line), a name or two and nothing else.
    lines = [ln for ln in _lines(text, art.body_end)]
    while len(lines) >= 2 and _SOURCE_LINE_RE.match(text[lines[-1][0] : lines[-1][1]]):
        lines.pop()
    if len(lines) >= 2:
        start, end = lines[-1]
        line = _AGENCY_SUFFIX_RE.sub("", text[start:end])
        if any(b.start >= start for b in art.bylines):
            return
        names = [n for n in _SPLIT_NAMES_RE.split(line) if n]
        if len(line) <= 60 and names and all(_BYLINE_NAME_RE.match(n) for n in names):
            _add_names(art, start, line, "author")
            return
        glued = _GLUED_BYLINE_RE.search(line)
        if glued and glued.group("name").split()[0] not in _NOT_NAME_START:
            _add_names(art, start + glued.start("name"), glued.group("name"), "author")


# Capitalised words that end a paragraph without being a name.
_NOT_NAME_START = {"Theo", "Nguồn", "Ảnh", "Tin", "Bài", "Xem", "Video", "Việt", "Hà", "Trung"}


def _add_names(art: Article, offset: int, names: str, kind: str) -> None:
    pos = 0
    for part in _SPLIT_NAMES_RE.split(names):
        name = part.strip().rstrip(".") if part.strip().count(".") <= 1 else part.strip()
        if not name:
            continue
        at = names.index(name, pos)
        pos = at + len(name)
        if _BYLINE_NAME_RE.match(name):
            art.bylines.append(Byline(name, offset + at, offset + at + len(name), kind))
