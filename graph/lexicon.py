"""The gazetteers the package ships (graph/data/), loaded once.

>>> lex = load()
>>> lex.provinces["kon tum"].name, lex.provinces["kon tum"].level
('Kon Tum', 'Province')
>>> "Nguyễn" in lex.surnames and "Trọng" in lex.given_names
True
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from graph.text import norm_key

DATA = Path(__file__).resolve().parent / "data"


@dataclass(frozen=True)
class PlaceEntry:
    """One administrative unit of ``data/places.tsv`` (or a region of ``regions.tsv``).

    >>> load().districts["đắk hà"]
    [PlaceEntry(code='D615', name='Đắk Hà', level='District', parent='P62')]
    """

    code: str
    name: str
    level: str  # Country, Region, Province, District, Commune
    parent: str  # code of the enclosing unit ("" for provinces)


@dataclass(frozen=True)
class ForeignBody:
    """An international or foreign body of ``data/foreign_orgs.tsv``.

    >>> load().foreign_orgs["asean"].name
    'Hiệp hội các quốc gia Đông Nam Á'
    """

    name: str
    subtype: str | None  # Organization subclass, None for international bodies
    country: str | None  # ISO code of its country, None for international ones


@dataclass(frozen=True)
class ForeignLeader:
    """A foreign leader of ``data/foreign_leaders.tsv`` and the part of the name written alone.

    >>> load().leaders["donald trump"].short
    'Trump'
    """

    name: str
    country: str | None
    short: str | None


@dataclass
class Lexicon:
    """Gazetteers keyed by :func:`~graph.text.norm_key` of the name (and aliases).

    >>> lex = load()
    >>> lex.provinces["tp.hcm"].name, lex.regions["tây nguyên"].level
    ('Hồ Chí Minh', 'Region')
    >>> len(lex.communes["quyết thắng"])  # a common name: several communes
    9
    """

    places_by_code: dict[str, PlaceEntry] = field(default_factory=dict)
    provinces: dict[str, PlaceEntry] = field(default_factory=dict)  # norm name -> entry
    districts: dict[str, list[PlaceEntry]] = field(default_factory=dict)
    communes: dict[str, list[PlaceEntry]] = field(default_factory=dict)
    regions: dict[str, PlaceEntry] = field(default_factory=dict)  # regions and countries
    surnames: frozenset[str] = frozenset()
    given_names: frozenset[str] = frozenset()
    politicians: frozenset[str] = frozenset()  # national figures (norm keys)
    foreign_orgs: dict[str, ForeignBody] = field(default_factory=dict)  # norm name or alias -> body
    leaders: dict[str, ForeignLeader] = field(default_factory=dict)  # norm name -> foreign leader

    def province_of(self, entry: PlaceEntry) -> PlaceEntry | None:
        """The province a place lies in (itself for a province).

        >>> lex = load()
        >>> [lex.province_of(c).name for c in lex.communes["ngọk bay"]]
        ['Kon Tum']
        >>> lex.province_of(lex.regions["tây nguyên"]) is None
        True
        """
        while entry.level not in ("Province",):
            if not entry.parent or entry.parent not in self.places_by_code:
                return None
            entry = self.places_by_code[entry.parent]
        return entry


def _lines(name: str) -> list[str]:
    return [
        line.strip()
        for line in (DATA / name).read_text("utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]


def _tsv(name: str) -> list[dict[str, str]]:
    """Rows of a TSV file of data/ (lines starting with "#" are comments)."""
    lines = [line for line in (DATA / name).read_text("utf-8").splitlines() if line and not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))


def _cell(value: str | None) -> str | None:
    return None if value in (None, "", "-") else value


@cache
def load() -> Lexicon:
    """Read the gazetteers once; later calls return the same :class:`Lexicon`.

    >>> load() is load()
    True
    >>> load().places_by_code["P62"]
    PlaceEntry(code='P62', name='Kon Tum', level='Province', parent='')
    """
    lex = Lexicon()
    with open(DATA / "places.tsv", encoding="utf-8") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            entry = PlaceEntry(row["code"], row["name"], row["level"], row["parent"])
            lex.places_by_code[entry.code] = entry
            key = norm_key(entry.name)
            if entry.level == "Province":
                lex.provinces[key] = entry
            elif entry.level == "District":
                lex.districts.setdefault(key, []).append(entry)
            else:
                lex.communes.setdefault(key, []).append(entry)
    with open(DATA / "regions.tsv", encoding="utf-8") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            entry = PlaceEntry(row["code"], row["name"], row["level"], "")
            lex.places_by_code[entry.code] = entry
            lex.regions[norm_key(entry.name)] = entry
            for alias in filter(None, row["aliases"].split("|")):
                lex.regions[norm_key(alias)] = entry
    # Other names of provinces ("TP.HCM", "Huế").
    with open(DATA / "province_aliases.tsv", encoding="utf-8") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            lex.provinces[norm_key(row["alias"])] = lex.places_by_code[row["code"]]
    # Foreign countries, cities and world regions: places like the regions.
    for row in _tsv("foreign_places.tsv"):
        entry = PlaceEntry(row["code"], row["name"], row["level"], "")
        lex.places_by_code[entry.code] = entry
        for name in (row["name"], *filter(None, row["aliases"].split("|"))):
            lex.regions.setdefault(norm_key(name), entry)
    for row in _tsv("foreign_orgs.tsv"):
        body = ForeignBody(row["name"], _cell(row["class"]), _cell(row["country"]))
        for name in (row["name"], *filter(None, (_cell(row["aliases"]) or "").split("|"))):
            lex.foreign_orgs.setdefault(norm_key(name), body)
    for row in _tsv("foreign_leaders.tsv"):
        lex.leaders[norm_key(row["name"])] = ForeignLeader(row["name"], _cell(row["country"]), _cell(row["short"]))
    lex.surnames = frozenset(_lines("surnames.txt"))
    lex.given_names = frozenset(_lines("given_names.txt"))
    lex.politicians = frozenset(norm_key(n) for n in _lines("politicians.txt"))
    return lex
