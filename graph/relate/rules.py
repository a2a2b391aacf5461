"""The relation rules' vocabulary and calibrated confidence, read from data files.

The words the rules look for are plain-text files a linguist can edit, in
``graph/rules/relations/`` (one entry a line, ``#`` comments; ``.tsv`` files
have a tab-separated second column). The titles of posts are the shared role
vocabulary (``graph/rules/roles.tsv``, flag ``role``, read through
:func:`graph.rules.load`) plus the posts only the relation rules need
(``relations/roles.txt``). Each rule's confidence is its measured precision
on the dev split (``relations/confidence.tsv``, written by
``scripts/calibrate_relations.py``).

>>> "Phó Bí thư Thường trực" in roles() and "Hiệu trưởng" in roles()
True
>>> links()["từng là"], links()["được bầu làm"]
('former', 'start')
>>> 0 < confidence("rel-name-place") <= 1
True
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from graph.errors import Errors, InputError
from graph.text import norm_key

__all__ = ["DEFAULT_CONFIDENCE", "RELATIONS", "alternation", "confidence", "honorifics", "links", "national_titles",
           "roles", "sub_heads", "words"]

#: The relation rules' data files.
RELATIONS = Path(__file__).resolve().parents[1] / "rules" / "relations"
#: The confidence of a rule the calibration has not measured, of a kind the corpus does not
#: annotate (heldOn).
DEFAULT_CONFIDENCE = 0.5


def _lines(name: str) -> list[list[str]]:
    path = RELATIONS / name
    try:
        text = path.read_text("utf-8")
    except OSError as exc:
        raise InputError(Errors.E106.format(path=path, reason=exc.strerror or "unreadable")) from None
    rows = []
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        rows.append([str(n)] + [c.strip() for c in line.split("\t")])
    return rows


@cache
def words(name: str) -> tuple[str, ...]:
    """The entries of ``relations/NAME.txt``, in file order.

    >>> "cụ thể hóa" in words("implement_verbs")
    True
    """
    return tuple(row[1] for row in _lines(f"{name}.txt"))


@cache
def roles() -> tuple[str, ...]:
    """Every post title, the shared vocabulary's first, each once (compared by ``norm_key``)."""
    out: dict[str, str] = {}
    try:
        from graph.rules import load

        shared = [r["name"] for r in load("roles") if "role" in r["flags"]]
    except (ImportError, ValueError, OSError):
        shared = []  # the shared vocabulary is optional: the relation rules' own list suffices
    own = words("roles")
    dropped = {norm_key(t[1:]) for t in own if t.startswith("-")}
    for title in [*own, *shared]:
        if not title.startswith("-") and norm_key(title) not in dropped:
            out.setdefault(norm_key(title), title)
    return tuple(out.values())


@cache
def honorifics() -> tuple[str, ...]:
    """Words between a post and a name: "đồng chí", "ông", ranks, degrees."""
    return words("honorifics")


@cache
def links() -> dict[str, str]:
    """Words after a name leading to its posts -> what they say ("held", "start", "former", "end", "none")."""
    out = {}
    for n, *row in _lines("post_links.tsv"):
        if len(row) != 2 or row[1] not in ("held", "start", "former", "end", "none"):
            raise InputError(Errors.E112.format(source=RELATIONS / "post_links.tsv", line=n,
                                                problem="a row is 'link<TAB>held|start|former|end|none'"))
        out[row[0]] = row[1]
    return out


@cache
def national_titles() -> dict[str, str]:
    """National titles written without a body -> the resolver's key of the body ("Tổng Bí thư" -> "đảng")."""
    out = {}
    for n, *row in _lines("national_titles.tsv"):
        if len(row) != 2:
            raise InputError(Errors.E112.format(source=RELATIONS / "national_titles.tsv", line=n,
                                                problem="a row is 'title<TAB>body'"))
        out[norm_key(row[0])] = row[1]
    return out


@cache
def sub_heads() -> frozenset[str]:
    """Heads of bodies within a body ("Ban Thường vụ", "Ủy ban Kiểm tra"), as ``norm_key``
    (``relations/sub_heads.txt``)."""
    return frozenset(map(norm_key, words("sub_heads")))


@cache
def _confidences() -> dict[str, float]:
    path = RELATIONS / "confidence.tsv"
    if not path.is_file():
        return {}
    out = {}
    for n, *row in _lines("confidence.tsv"):
        if row[0] == "rule":
            continue
        try:
            out[row[0]] = float(row[-1])
        except ValueError:
            raise InputError(Errors.E112.format(source=path, line=n, problem="the last column is no number")) from None
    return out


def confidence(rule: str, kind: str | None = None) -> float:
    """A rule's calibrated confidence (its dev precision); for a rule that stated nothing on dev,
    the precision of its relation kind's rules (``kind``: the kind it is scored as), else
    :data:`DEFAULT_CONFIDENCE`."""
    table = _confidences()
    if rule in table:
        return table[rule]
    return table.get(f"*{kind}", DEFAULT_CONFIDENCE) if kind else DEFAULT_CONFIDENCE


def alternation(entries, flags: str = "") -> str:
    """A regex alternation of literal entries, the longest first, spaces matching any whitespace.

    >>> re.fullmatch(alternation(["Bí thư", "Phó Bí thư"]), "Phó  Bí thư") is not None
    True
    """
    parts = sorted({e for e in entries}, key=len, reverse=True)
    return "(?:" + "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in parts) + ")"
