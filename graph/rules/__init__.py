"""The recognisers' rules as data: vocabularies, patterns and the grammar of body names.

Every file here is plain text a linguist can edit:

* ``NAME.tsv``: a vocabulary, one row per entry with its flags as columns, after
  a header comment saying what the file is. Lines starting with ``#@example``
  are example sentences of a vocabulary class: ``#@example<TAB>class<TAB>
  sentence<TAB>Type:span<TAB>…`` (``!Type:span`` = must not be found).
* ``patterns/NAME.jsonl``: patterns, one JSON object a line, each with its
  ``name`` (the rule), the pattern (``regex``, or a spaCy ``pattern``) and its
  ``examples`` (``{"text": …, "spans": [["Type", "span"], …], "not": […]}``).
* ``grammar/NAME.jsonl``: productions of a grammar, one a line, read by the
  engine of the recogniser that uses it; examples as for patterns.

:func:`load` reads a vocabulary once; :func:`patterns` and :func:`grammar` the
JSON files; :func:`examples` collects every example for the one test that runs
them all (tests/analyse/test_rule_examples.py). Other stages read the same
vocabularies (the relation rules' roles and bodies) through :func:`load`.

>>> roles = load("roles")
>>> roles.by_name["Bí thư"]["flags"] >= {"context", "role", "unique"}
True
>>> [r["name"] for r in load("units") if r["level"] == "Commune"][:2]
['xã', 'phường']
>>> sum(1 for e in examples() if e.source.startswith("grammar/orgs.jsonl")) >= 9
True
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

__all__ = ["RULES", "Example", "RuleError", "Vocabulary", "examples", "grammar", "load", "patterns"]

#: The folder of the rule files (package data).
RULES = Path(__file__).resolve().parent


class RuleError(ValueError):
    """A rule file that cannot be read: the message names the file, the line and the problem."""


@dataclass(frozen=True)
class Example:
    """A sentence a rule must analyse so: the spans it must give and those it must not."""

    source: str  # "bodies.tsv:core", "patterns/documents.jsonl:document-number"
    text: str
    spans: tuple[tuple[str, str], ...]
    absent: tuple[tuple[str, str], ...] = ()


class Vocabulary(list):
    """The rows of a vocabulary file (dicts by column; ``flags`` a frozenset), in file order,
    with ``by_name`` (the first row of each name) and the file's ``examples``."""

    def __init__(self, rows, examples, path):
        super().__init__(rows)
        self.path = path
        self.examples = examples
        self.by_name = {}
        for r in rows:
            self.by_name.setdefault(r["name"], r)

    def where(self, column: str, value: str | None = None) -> list[dict]:
        """Rows whose ``column`` is set (not "-"), or equals ``value``; for ``flags``,
        rows with flag ``value``.

        >>> [r["name"] for r in load("units").where("alone", "lower")][:3]
        ['tỉnh', 'huyện', 'quận']
        """
        if column == "flags":
            return [r for r in self if value in r["flags"]]
        return [r for r in self if r[column] is not None and (value is None or r[column] == value)]

    def names(self, column: str = "name", value: str | None = None) -> list[str]:
        """Names of the rows :meth:`where` selects (all rows without arguments)."""
        rows = self if column == "name" else self.where(column, value)
        return [r["name"] for r in rows]


def _split_span(raw: str, where: str) -> tuple[bool, tuple[str, str]]:
    neg = raw.startswith("!")
    type_, sep, text = raw.lstrip("!").partition(":")
    if not sep or not text:
        raise RuleError(f"{where}: an example span must be Type:text, not {raw!r}")
    return neg, (type_, text)


@cache
def load(name: str) -> Vocabulary:
    """The rows of ``graph/rules/NAME.tsv``, read once.

    Columns are the header's; "-" or an empty cell is ``None``; the ``flags``
    column is a set of comma-separated words.
    """
    path = RULES / f"{name}.tsv"
    try:
        lines = path.read_text("utf-8").splitlines()
    except OSError as exc:
        raise RuleError(f"{path}: cannot read the rule file ({exc.strerror})") from None
    header: list[str] | None = None
    rows, exs = [], []
    for n, line in enumerate(lines, 1):
        where = f"{path}:{n}"
        if line.startswith("#@example"):
            cells = line.split("\t")
            if len(cells) < 4:
                raise RuleError(f"{where}: an example needs a class, a sentence and at least one span")
            spans = [_split_span(c, where) for c in cells[3:] if c]
            exs.append(Example(f"{name}.tsv:{cells[1]}", cells[2], tuple(s for neg, s in spans if not neg),
                               tuple(s for neg, s in spans if neg)))
            continue
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if header is None:
            header = cells
            if header[0] != "name":
                raise RuleError(f"{where}: the first column must be 'name'")
            continue
        if len(cells) != len(header):
            raise RuleError(f"{where}: {len(cells)} cells, the header has {len(header)}")
        row: dict = {}
        for col, cell in zip(header, cells):
            cell = cell.strip()
            if col == "flags":
                row[col] = frozenset(f for f in cell.split(",") if f and f != "-")
            else:
                row[col] = None if cell in ("", "-") else cell
        if row["name"] is None:
            raise RuleError(f"{where}: a row without a name")
        rows.append(row)
    if header is None:
        raise RuleError(f"{path}: no header row")
    return Vocabulary(rows, exs, path)


def _jsonl(rel: str) -> list[dict]:
    path = RULES / rel
    out = []
    try:
        lines = path.read_text("utf-8").splitlines()
    except OSError as exc:
        raise RuleError(f"{path}: cannot read the rule file ({exc.strerror})") from None
    for n, line in enumerate(lines, 1):
        if not line.strip() or line.lstrip().startswith("//"):
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise RuleError(f"{path}:{n}: not JSON ({exc.msg})") from None
        if not isinstance(obj, dict) or "name" not in obj:
            raise RuleError(f"{path}:{n}: a rule must be an object with a 'name'")
        out.append(obj)
    return out


@cache
def patterns(name: str) -> tuple[dict, ...]:
    """The patterns of ``graph/rules/patterns/NAME.jsonl``, read once (``//`` lines are comments)."""
    return tuple(_jsonl(f"patterns/{name}.jsonl"))


@cache
def grammar(name: str) -> tuple[dict, ...]:
    """The productions of ``graph/rules/grammar/NAME.jsonl``, read once."""
    return tuple(_jsonl(f"grammar/{name}.jsonl"))


def _json_examples(kind: str, rules: tuple[dict, ...], file: str) -> list[Example]:
    out = []
    for r in rules:
        for ex in r.get("examples", ()):
            out.append(Example(f"{kind}/{file}:{r['name']}", ex["text"],
                               tuple(map(tuple, ex.get("spans", ()))), tuple(map(tuple, ex.get("not", ())))))
    return out


def examples() -> list[Example]:
    """Every example of every rule file, vocabularies first, then patterns and grammars (by file name)."""
    out: list[Example] = []
    for path in sorted(RULES.glob("*.tsv")):
        out.extend(load(path.stem).examples)
    for path in sorted((RULES / "patterns").glob("*.jsonl")):
        out.extend(_json_examples("patterns", patterns(path.stem), path.name))
    for path in sorted((RULES / "grammar").glob("*.jsonl")):
        out.extend(_json_examples("grammar", grammar(path.stem), path.name))
    return out
