"""Article metadata given beside the texts: url, published, headline, source.

A manifest is a JSONL file (one object per line) or a CSV file (a header row)
with a ``file`` column and any of ``url``, ``published``, ``headline``,
``source``. It is given with ``kg build --meta FILE``, or found beside the texts
as ``kg-meta.jsonl`` or ``kg-meta.csv`` in an input folder. What it gives
overrides what the reader finds in the text. ``file`` is matched against the
path under the input folder, then the file name.

>>> import tempfile, json
>>> d = Path(tempfile.mkdtemp())
>>> _ = (d / "kg-meta.jsonl").write_text(json.dumps({"file": "a.txt", "url": "https://baokontum.vn/a",
...     "published": "2024-04-20", "headline": "Tỉnh ủy họp"}) + "\\n", "utf-8")
>>> m = Manifest.beside(d)
>>> m.row(d / "a.txt", d)["url"]
'https://baokontum.vn/a'
>>> from graph.read.reader import article_from_text
>>> art = apply_metadata(article_from_text(d / "a.txt", "Nội dung."), m.row(d / "a.txt", d))
>>> art.url, art.published, art.title, len(art.meta_hash)
('https://baokontum.vn/a', '2024-04-20', 'Tỉnh ủy họp', 16)
"""

from __future__ import annotations

import csv
import hashlib
import json
import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from graph.errors import Errors, InputError
from graph.model import Article

__all__ = ["FIELDS", "Manifest", "apply_metadata", "meta_digest"]

FIELDS = ("url", "published", "headline", "source")
NAMES = ("kg-meta.jsonl", "kg-meta.csv")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?)?")


def meta_digest(meta: dict[str, str]) -> str:
    """A digest of the metadata applied to an article ("" when none)."""
    if not meta:
        return ""
    return hashlib.sha256(json.dumps(meta, sort_keys=True, ensure_ascii=False).encode()).hexdigest()[:16]


def _clean(row: dict[str, object], source: Path, line: int) -> tuple[str, dict[str, str]]:
    file = str(row.get("file") or "").strip()
    if not file:
        raise InputError(Errors.E112.format(source=source, line=line, problem="no 'file' value"))
    out = {}
    for k in FIELDS:
        v = row.get(k)
        if v is None or str(v).strip() == "":
            continue
        v = " ".join(str(v).split())  # one line: no line separator reaches a literal
        if k == "published":
            if not _DATE.fullmatch(v):
                raise InputError(Errors.E112.format(source=source, line=line,
                                                    problem=f"published {v!r} is not a date YYYY-MM-DD[THH:MM]"))
            v = v.replace(" ", "T")
            if len(v) == 16:
                v += ":00"
        if k == "url" and not re.match(r"https?://\S+$", v):
            raise InputError(Errors.E112.format(source=source, line=line, problem=f"url {v!r} is not an http(s) URL"))
        out[k] = v
    return file.replace("\\", "/").lstrip("./"), out


@dataclass
class Manifest:
    rows: dict[str, dict[str, str]] = field(default_factory=dict)
    loaded: set[Path] = field(default_factory=set)

    @classmethod
    def load(cls, path: Path, into: Manifest | None = None) -> Manifest:
        m = into or cls()
        path = Path(path)
        if not path.is_file():
            raise InputError(Errors.E101.format(path=path))
        text = path.read_text(encoding="utf-8-sig")
        if path.suffix.lower() == ".csv":
            for n, row in enumerate(csv.DictReader(text.splitlines()), start=2):
                file, meta = _clean(row, path, n)
                m.rows[file] = meta
        else:
            for n, line in enumerate(text.splitlines(), start=1):
                if not line.strip():
                    continue
                try:
                    row = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise InputError(Errors.E112.format(source=path, line=n, problem=f"not JSON: {exc}")) from None
                if not isinstance(row, dict):
                    raise InputError(Errors.E112.format(source=path, line=n, problem="not a JSON object"))
                file, meta = _clean(row, path, n)
                m.rows[file] = meta
        m.loaded.add(path.resolve())
        return m

    @classmethod
    def beside(cls, root: Path, into: Manifest | None = None) -> Manifest:
        """The manifest found in an input folder, added to ``into``."""
        m = into or cls()
        for name in NAMES:
            p = Path(root) / name
            if p.is_file() and p.resolve() not in m.loaded:
                cls.load(p, m)
        return m

    def row(self, path: Path, root: Path) -> dict[str, str]:
        rel = path.relative_to(root).as_posix() if path.is_relative_to(root) else path.name
        return dict(self.rows.get(rel) or self.rows.get(path.name) or {})


def apply_metadata(article: Article, meta: dict[str, str]) -> Article:
    """The article with its metadata applied over what the reader found."""
    if not meta:
        return article
    return replace(article, url=meta.get("url", article.url), published=meta.get("published", article.published),
                   title=meta.get("headline", article.title), source=meta.get("source", article.source),
                   meta_hash=meta_digest(meta))
