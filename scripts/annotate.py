"""Tools for the annotated corpus (``annotations/``): select, draft, check, save, gold.

The texts stay in ``../shared/corpus`` (``--corpus`` or ``KG_CORPUS``); only
stand-off annotations are kept here, one JSON file per article:
``annotations/{corpus}/{file}.json`` (format ``kg-ann/1``, see docs/gold-format.md).

    python scripts/annotate.py select              # annotations/split.json (once)
    python scripts/annotate.py draft FILE ...      # annotations/work/FILE.json from the build
    python scripts/annotate.py check WORK.json ... # problems, one line each
    python scripts/annotate.py save WORK.json ...  # check, then write the stand-off file
    python scripts/annotate.py gold --split test [--second] -o gold.json  # kg-gold/1 for kg eval
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import sys
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ANN = ROOT / "annotations"
WORK = ANN / "work"
TYPES = ("Organization", "Person", "Document", "Campaign", "Event", "Place")
KINDS = ("issuedBy", "issuedOn", "holdsPosition", "implements", "subOrganizationOf", "locatedIn",
         "authorOf", "organizedBy")


def corpus_root(arg: str | None = None) -> Path:
    return Path(arg or os.environ.get("KG_CORPUS") or ROOT.parent / "shared" / "corpus")


def corpus_of(file: str) -> str:
    return "politics" if file.startswith("pol_") else "bulk"


def read_text(file: str, corpus: Path) -> str:
    data = (corpus / corpus_of(file) / file).read_bytes()
    return unicodedata.normalize("NFC", data.decode("utf-8-sig"))


def sha1(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]


# -- select -------------------------------------------------------------------------
POLITICAL = re.compile(
    r"\b(?:Đảng|Chính phủ|Quốc hội|Thủ tướng|Bộ trưởng|Chủ tịch|UBND|HĐND|Tỉnh ủy|Thành ủy|"
    r"Tòa án|TAND|Viện kiểm sát|VKSND|Công an|bị cáo|Nghị định|Nghị quyết|Luật|Tổng thống|"
    r"ngoại giao|Ngoại giao|Đại sứ|Liên hợp quốc|ASEAN|Bộ Chính trị|Ban Bí thư|Thứ trưởng|"
    r"Bí thư|đại biểu|Mặt trận|chính sách|thanh tra|Thanh tra|kỷ luật|bổ nhiệm|Hội nghị)\b")


def _rank(name: str) -> str:
    return hashlib.sha256(f"kg-ann-2026|{name}".encode()).hexdigest()


def select(args) -> None:
    corpus = corpus_root(args.corpus)
    pol = sorted(p.name for p in (corpus / "politics").glob("*.txt"))
    # politics: a seeded sample, every source in proportion
    by_source: dict[str, list[str]] = {}
    for f in pol:
        by_source.setdefault(f.split("_")[2], []).append(f)
    chosen_pol: list[str] = []
    for _src, files in sorted(by_source.items()):
        k = max(1, round(len(files) * args.politics / len(pol)))
        chosen_pol += sorted(files, key=_rank)[:k]
    chosen_pol = sorted(chosen_pol, key=_rank)[: args.politics]
    # bulk: articles on politics, government, law, foreign affairs (keyword density), 1.2-7 k chars
    scored = []
    for p in sorted((corpus / "bulk").glob("*.txt")):
        text = p.read_text("utf-8")
        if not 1200 <= len(text) <= 7000:
            continue
        density = len(POLITICAL.findall(text)) / len(text) * 1000
        scored.append((density, p.name))
    scored.sort(reverse=True)
    pool = [name for _, name in scored[: args.bulk * 8]]
    by_source = {}
    for f in pool:
        by_source.setdefault(f.split("_")[2], []).append(f)
    chosen_bulk: list[str] = []
    for _src, files in sorted(by_source.items()):
        k = max(2, round(len(files) * args.bulk / len(pool)))
        chosen_bulk += sorted(files, key=_rank)[:k]
    chosen_bulk = sorted(chosen_bulk, key=_rank)[: args.bulk]
    split: dict[str, list[str]] = {"train": [], "dev": [], "test": []}
    for files in (chosen_pol, chosen_bulk):
        n = len(files)
        n_test, n_dev = round(n * 0.26), round(n * 0.18)
        split["test"] += files[:n_test]
        split["dev"] += files[n_test : n_test + n_dev]
        split["train"] += files[n_test + n_dev :]
    second = [f for f in split["test"] if f.startswith("pol_")][:10] + [
        f for f in split["test"] if f.startswith("bulk_")][:6]
    out = {"note": "Fixed split by article (seeded hash order). Test articles are never used to tune "
                   "rules or models. 'second' are test articles annotated twice, independently.",
           **{k: sorted(v) for k, v in split.items()}, "second": sorted(second)}
    (ANN / "split.json").write_text(json.dumps(out, ensure_ascii=False, indent=1) + "\n", "utf-8")
    print({k: len(v) for k, v in out.items() if isinstance(v, list)})


# -- draft --------------------------------------------------------------------------
def draft(args) -> None:
    """The build's own output for each article, as an editable kg-gold document."""
    sys.path.insert(0, str(ROOT))
    from graph.build.work import analyse_article, process
    from graph.errors import KGError
    from graph.read.reader import read_article

    corpus = corpus_root(args.corpus)
    WORK.mkdir(parents=True, exist_ok=True)
    works = []
    for f in args.files:
        path = corpus / corpus_of(f) / f
        try:
            works.append(process(analyse_article(read_article(path, path.parent))))
        except KGError as exc:
            print(exc, file=sys.stderr)
    for work in works:
        r, entities = work.result, work.entities
        file = r.article.path.name
        ids: dict[str, str] = {}
        ents: list[dict] = []

        def eid(iri: str, ids: dict[str, str] = ids, ents: list[dict] = ents, entities=entities) -> str:
            if iri not in ids:
                ids[iri] = f"e{len(ids) + 1}"
                ent = entities[iri]
                ents.append({"id": ids[iri], "type": ent.type, "mentions": [], "optional": []})
            return ids[iri]

        for m in sorted(r.mentions, key=lambda m: m.start):
            e = ents[int(eid(m.entity)[1:]) - 1]
            if m.text not in e["mentions"]:
                e["mentions"].append(m.text)
        rels = []
        art_prefix = "https://w3id.org/vnkg/article/"
        for rel in r.relations:
            if rel.predicate not in KINDS:
                continue
            out = {"subject": eid(rel.subject), "relation": rel.predicate}
            if rel.value is not None:
                out["value"] = rel.value
            elif rel.object and rel.object.startswith(art_prefix):
                out["object"] = "article"
            else:
                obj = eid(rel.object)
                e = ents[int(obj[1:]) - 1]
                if not e["mentions"] and not e["optional"]:
                    e["optional"].append(entities[rel.object].label)
                out["object"] = obj
            if rel.role:
                out["role"] = rel.role
            if rel.former:
                out["former"] = True
            out["evidence"] = r.sentences[rel.sentence].text
            if out not in rels:
                rels.append(out)
        doc = {"format": "kg-ann/1", "file": file, "corpus": corpus_of(file), "sha1": sha1(r.article.text),
               "province": r.province, "annotator": "build", "entities": ents, "relations": rels,
               "notes": []}
        dest = WORK / f"{file}.json"
        if dest.exists() and not args.force:
            print(f"{dest}: exists, not overwritten (--force)", file=sys.stderr)
            continue
        dest.write_text(json.dumps(doc, ensure_ascii=False, indent=1) + "\n", "utf-8")
        print(dest.relative_to(ROOT))


# -- check / save ---------------------------------------------------------------------
def occurrences(text: str, s: str) -> list[tuple[int, int]]:
    """Every place ``s`` is written in ``text``, not inside a longer word."""
    if not s:
        return []
    pat = re.compile(r"(?<!\w)" + re.escape(s) + r"(?!\w)")
    return [(m.start(), m.end()) for m in pat.finditer(text)]


def check_doc(doc: dict, text: str, where: str) -> list[str]:
    problems = []
    if doc.get("format") != "kg-ann/1":
        problems.append("format must be 'kg-ann/1'")
    ids = set()
    for e in doc.get("entities", []):
        at = f"entity {e.get('id')}"
        if e.get("id") in ids or e.get("id") == "article":
            problems.append(f"{at}: duplicate or reserved id")
        ids.add(e.get("id"))
        if e.get("type") not in TYPES:
            problems.append(f"{at}: type {e.get('type')!r} not one of {', '.join(TYPES)}")
        for k in ("mentions", "optional"):
            for s in e.get(k, []):
                if not isinstance(s, str) or not s.strip() or s != s.strip():
                    problems.append(f"{at}: {k} {s!r} must be a non-empty string without outer spaces")
                elif not occurrences(text, s):
                    problems.append(f"{at}: {k} {s!r} is not written in the text (as a whole word)")
    for j, r in enumerate(doc.get("relations", [])):
        at = f"relation {j} ({r.get('subject')} {r.get('relation')} {r.get('object', r.get('value'))})"
        if r.get("relation") not in KINDS:
            problems.append(f"{at}: relation not one of {', '.join(KINDS)}")
        if r.get("subject") not in ids:
            problems.append(f"{at}: subject is not an entity id")
        if ("object" in r) == ("value" in r):
            problems.append(f"{at}: needs exactly one of object and value")
        elif "object" in r and r["object"] != "article" and r["object"] not in ids:
            problems.append(f"{at}: object is not an entity id")
        elif "value" in r and not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", str(r["value"])):
            problems.append(f"{at}: value must be YYYY, YYYY-MM or YYYY-MM-DD")
        if r.get("relation") == "holdsPosition" and not r.get("role"):
            problems.append(f"{at}: holdsPosition needs a role")
        ev = r.get("evidence")
        if isinstance(ev, str):
            if not ev or ev not in text:
                problems.append(f"{at}: evidence is not a substring of the text")
        elif not (isinstance(ev, list) and len(ev) == 2):
            problems.append(f"{at}: evidence must be a substring of the text or [start, end]")
    return [f"{where}: {p}" for p in problems]


def spans_of(doc: dict, text: str) -> list[list]:
    """Every occurrence of every mention string: [start, end, entity id, 1 if optional]."""
    out = set()
    for e in doc["entities"]:
        for opt, key in ((0, "mentions"), (1, "optional")):
            for s in e.get(key, []):
                for a, b in occurrences(text, s):
                    out.add((a, b, e["id"], opt))
    return [list(x) for x in sorted(out)]


def stand_off(doc: dict, text: str) -> dict:
    out = {k: doc[k] for k in ("format", "file", "corpus") }
    out["sha1"] = sha1(text)
    out["province"] = doc.get("province")
    out["annotator"] = doc.get("annotator", "")
    out["entities"] = doc["entities"]
    rels = []
    for r in doc["relations"]:
        r = dict(r)
        ev = r.get("evidence")
        if isinstance(ev, str):
            at = text.find(ev)
            r["evidence"] = [at, at + len(ev)]
        rels.append(r)
    out["relations"] = rels
    out["spans"] = spans_of(doc, text)
    if doc.get("notes"):
        out["notes"] = doc["notes"]
    return out


def _load(path: str) -> dict:
    return json.loads(Path(path).read_text("utf-8"))


def check(args) -> int:
    corpus = corpus_root(args.corpus)
    bad = 0
    for p in args.files:
        doc = _load(p)
        text = read_text(doc["file"], corpus)
        problems = check_doc(doc, text, p)
        for line in problems:
            print(line)
        bad += bool(problems)
    if not bad:
        print(f"{len(args.files)} file(s): no problems")
    return 1 if bad else 0


def save(args) -> int:
    corpus = corpus_root(args.corpus)
    bad = 0
    for p in args.files:
        doc = _load(p)
        text = read_text(doc["file"], corpus)
        problems = check_doc(doc, text, p)
        if problems:
            print("\n".join(problems))
            bad += 1
            continue
        folder = ANN / ("second" if args.second else doc["corpus"])
        folder.mkdir(parents=True, exist_ok=True)
        dest = folder / f"{doc['file']}.json"
        dest.write_text(json.dumps(stand_off(doc, text), ensure_ascii=False, indent=1) + "\n", "utf-8")
        print(f"saved {dest.relative_to(ROOT)}")
    return 1 if bad else 0


def resave(args) -> int:
    corpus = corpus_root(args.corpus)
    bad = 0
    for p in args.files:
        doc = _load(p)
        text = read_text(doc["file"], corpus)
        problems = check_doc(doc, text, p)
        if doc.get("sha1") and doc["sha1"] != sha1(text):
            problems.append(f"{p}: the text changed since it was annotated (sha1)")
        if problems:
            print("\n".join(problems))
            bad += 1
            continue
        Path(p).write_text(json.dumps(stand_off(doc, text), ensure_ascii=False, indent=1) + "\n", "utf-8")
    print(f"{len(args.files) - bad} re-saved, {bad} with problems")
    return 1 if bad else 0


# -- gold -----------------------------------------------------------------------------
def gold(args) -> None:
    corpus = corpus_root(args.corpus)
    split = json.loads((ANN / "split.json").read_text("utf-8"))
    files = split["second"] if args.second_only else split[args.split]
    docs = []
    for f in files:
        folder = "second" if args.second else corpus_of(f)
        path = ANN / folder / f"{f}.json"
        if not path.exists():
            continue
        ann = _load(str(path))
        text = read_text(f, corpus)
        rels = []
        for r in ann["relations"]:
            r = dict(r)
            a, b = r["evidence"]
            r["evidence"] = text[a:b]
            rels.append(r)
        docs.append({"file": f, "province": ann.get("province"), "entities": ann["entities"],
                     "relations": rels})
    out = {"format": "kg-gold/1", "documents": docs}
    Path(args.out).write_text(json.dumps(out, ensure_ascii=False, indent=1), "utf-8")
    print(f"{args.out}: {len(docs)} documents")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", help="folder with politics/ and bulk/ (default ../shared/corpus)")
    sub = ap.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("select")
    p.add_argument("--politics", type=int, default=90)
    p.add_argument("--bulk", type=int, default=45)
    p.set_defaults(fn=select)
    p = sub.add_parser("draft")
    p.add_argument("files", nargs="+")
    p.add_argument("--force", action="store_true")
    p.set_defaults(fn=draft)
    p = sub.add_parser("check")
    p.add_argument("files", nargs="+")
    p.set_defaults(fn=check)
    p = sub.add_parser("save")
    p.add_argument("files", nargs="+")
    p.add_argument("--second", action="store_true", help="a second, independent annotation")
    p.set_defaults(fn=save)
    p = sub.add_parser("resave", help="re-check stand-off files in place and recompute their spans")
    p.add_argument("files", nargs="+")
    p.set_defaults(fn=resave)
    p = sub.add_parser("gold")
    p.add_argument("--split", default="test", choices=("train", "dev", "test"))
    p.add_argument("--second", action="store_true", help="read the second annotations")
    p.add_argument("--second-only", action="store_true", help="only the doubly annotated articles")
    p.add_argument("-o", "--out", required=True)
    p.set_defaults(fn=gold)
    args = ap.parse_args(argv)
    return int(args.fn(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
