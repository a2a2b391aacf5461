"""What an article file is called in the graph: its key and its source path.

>>> article_key(Path("in/Bản tin/Số 1.txt"), Path("in")), source_path(Path("in/tin/a.txt"), Path("in"))
('ban-tin__so-1', 'in/tin/a.txt')
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from graph.text import slugify

__all__ = ["article_key", "source_path"]


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
    """A stable key for IRIs: the path under its root, without its suffix, slugged.

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
