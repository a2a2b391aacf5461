"""Measure the relation rules on the annotated corpus and calibrate their confidence.

Every relation the pipeline states records the rule that found it. This script
runs the per-article pipeline on a split of ``annotations/`` (as ``kg eval
--split`` does), scores each rule's relations on their own against the gold
(one-to-one, exactly as ``kg eval`` scores), and prints per rule: relations
stated, true and false positives, precision. With ``--write`` (dev split only)
it writes what the rules read as their confidence,
``graph/rules/relations/confidence.tsv``, and the table in ``docs/relations.md``.

    python scripts/calibrate_relations.py                     # dev split, print
    python scripts/calibrate_relations.py --write             # dev split, write the table
    python scripts/calibrate_relations.py --split train       # tune on train
    python scripts/calibrate_relations.py --mentions gold     # the rules on the gold mentions

``--mentions gold`` replaces the recogniser's mentions by the gold ones (the
recogniser's own mention where it found the same span, with its fields; a bare
mention otherwise), so what is left to miss is the relation rules' own doing.
It is a diagnostic: confidence is always calibrated on the real pipeline.

A rule's confidence is its dev precision shrunk toward the precision of all
rules of its relation kind: ``(tp + M * p_kind) / (tp + fp + M)`` with ``M`` =
:data:`PRIOR_WEIGHT`, so a rule right 2 times out of 2 is not promised 100%;
``p_kind`` is itself shrunk toward 0.5 the same way. A rule that stated nothing
on dev gets ``p_kind`` (the ``*kind`` rows).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter, defaultdict
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from graph.evaluate.corpus import ANNOTATIONS, load_split, score_results, split_files, sys_article, text_path  # noqa: E402
from graph.evaluate.scoring import (RELATION_KINDS, SysArticle, SysRelation, score_entities,  # noqa: E402
                                    score_relations)
from graph.model import ArticleResult, Mention  # noqa: E402

CONFIDENCE_FILE = ROOT / "graph" / "rules" / "relations" / "confidence.tsv"
DOC = ROOT / "docs" / "relations.md"
BEGIN, END = "<!-- calibration:begin -->", "<!-- calibration:end -->"
#: Relations scored as another kind: ``presumedIssuedBy`` is right when the gold has that issuedBy.
SCORED_AS = {"presumedIssuedBy": "issuedBy"}
#: Weight of the kind's precision in a rule's confidence (pseudo-counts).
PRIOR_WEIGHT = 4


def gold_mentions(file: str, analysed: ArticleResult) -> ArticleResult:
    """The article with the gold mentions instead of the recogniser's."""
    ann = json.loads((ANNOTATIONS / ("politics" if file.startswith("pol_") else "bulk") / f"{file}.json")
                     .read_text("utf-8"))
    types = {e["id"]: e["type"] for e in ann["entities"]}
    own = {(m.start, m.end, m.type): m for m in analysed.mentions}
    text = analysed.article.text
    out, sentences = [], analysed.sentences
    for start, end, eid, optional in sorted(ann["spans"]):
        if optional:
            continue
        typ = types[eid]
        m = own.get((start, end, typ))
        if m is None:
            si = next((i for i, s in enumerate(sentences) if s.start <= start and end <= s.end), -1)
            if si < 0:
                continue
            m = Mention(start, end, text[start:end], typ, "gold", sentence=si)
        out.append(m)
    return replace(analysed, mentions=out)


def run(split: str, mentions: str = "system") -> tuple[list, dict[str, ArticleResult]]:
    """The gold documents of a split and the pipeline's results on them (by file)."""
    from graph.build.work import analyse_article, process
    from graph.read.reader import read_article

    docs = load_split(split)
    results = {}
    for doc in docs:
        path = text_path(doc.file)
        analysed = analyse_article(read_article(path, path.parent))
        if mentions == "gold":
            analysed = gold_mentions(doc.file, analysed)
        results[doc.file] = process(analysed).result
    return docs, results


def per_rule(docs, results) -> dict[str, Counter]:
    """For every rule: its kind, and the tp / fp of its relations scored on their own."""
    table: dict[str, Counter] = defaultdict(Counter)
    kinds: dict[str, str] = {}
    for doc in docs:
        result = results.get(doc.file)
        if result is None:
            continue
        art = sys_article(result)
        by_rule: dict[str, list] = defaultdict(list)
        seen = set()
        for r in result.relations:  # every rule's statements, also those another rule made too
            # an issuer read off a number's code is right when the text states that issuer
            kind = SCORED_AS.get(r.predicate, r.predicate)
            if kind not in RELATION_KINDS:
                continue
            rel = SysRelation(kind, r.subject, r.object, r.value, r.role, r.rule)
            if (r.rule, rel.key) in seen:
                continue
            seen.add((r.rule, rel.key))
            by_rule[r.rule].append(rel)
            kinds[r.rule] = kind
        for rule, rels in by_rule.items():
            only = SysArticle(art.iri, art.source_url, art.key, art.mentions, art.entity_keys, art.entity_names,
                              rels)
            res = score_entities(doc, only)
            score_relations(doc, only, res)
            total = res.relations.total
            table[rule]["tp"] += total.tp
            table[rule]["fp"] += total.fp
            table[rule]["dup"] += len(res.relation_dup)
    for rule in table:
        table[rule]["kind"] = kinds[rule]  # type: ignore[assignment]
    return table


def kind_precision(tp: int, fp: int) -> float:
    """The precision of a kind's rules together, shrunk toward 0.5 by the same prior weight."""
    return (tp + PRIOR_WEIGHT * 0.5) / (tp + fp + PRIOR_WEIGHT)


def calibrate(table: dict[str, Counter]) -> list[tuple[str, str, int, int, float | None, float]]:
    """Rows (rule, kind, tp, fp, precision, confidence), by kind then rule."""
    pooled: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for t in table.values():
        pooled[t["kind"]][0] += t["tp"]
        pooled[t["kind"]][1] += t["fp"]
    rows = []
    for rule, t in table.items():
        tp, fp = t["tp"], t["fp"]
        p_kind = kind_precision(*pooled[t["kind"]])
        precision = tp / (tp + fp) if tp + fp else None
        confidence = (tp + PRIOR_WEIGHT * p_kind) / (tp + fp + PRIOR_WEIGHT)
        rows.append((rule, t["kind"], tp, fp, precision, round(confidence, 2)))
    rows.sort(key=lambda r: (RELATION_KINDS.index(r[1]) if r[1] in RELATION_KINDS else 99, r[0]))
    return rows


def format_rows(rows) -> str:
    lines = ["| rule | kind | stated | correct | precision | confidence |",
             "|---|---|---:|---:|---:|---:|"]
    for rule, kind, tp, fp, precision, confidence in rows:
        p = f"{precision:.2f}" if precision is not None else "–"
        lines.append(f"| `{rule}` | {kind} | {tp + fp} | {tp} | {p} | {confidence:.2f} |")
    return "\n".join(lines)


def write(rows, split: str) -> None:
    lines = ["# Confidence of each relation rule: its precision on the dev split of annotations/,",
             "# shrunk toward its kind's (scripts/calibrate_relations.py --write; do not edit by hand).",
             f"# split: {split}; prior weight: {PRIOR_WEIGHT}",
             "rule\tkind\ttp\tfp\tconfidence"]
    for rule, kind, tp, fp, _precision, confidence in rows:
        lines.append(f"{rule}\t{kind}\t{tp}\t{fp}\t{confidence:.2f}")
    # a rule that stated nothing on dev: its kind's precision ("*kind" rows)
    pooled: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for _rule, kind, tp, fp, _precision, _confidence in rows:
        pooled[kind][0] += tp
        pooled[kind][1] += fp
    for kind in RELATION_KINDS:
        tp, fp = pooled.get(kind, [0, 0])
        if tp + fp:
            lines.append(f"*{kind}\t{kind}\t{tp}\t{fp}\t{kind_precision(tp, fp):.2f}")
    CONFIDENCE_FILE.parent.mkdir(parents=True, exist_ok=True)
    CONFIDENCE_FILE.write_text("\n".join(lines) + "\n", "utf-8")
    if DOC.is_file():
        text = DOC.read_text("utf-8")
        if BEGIN in text and END in text:
            head, rest = text.split(BEGIN, 1)
            _, tail = rest.split(END, 1)
            DOC.write_text(f"{head}{BEGIN}\n{format_rows(rows)}\n{END}{tail}", "utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--split", default="dev", choices=("train", "dev"),
                        help="the split to measure on (test is for the final figures only: kg eval --split test)")
    parser.add_argument("--mentions", default="system", choices=("system", "gold"),
                        help="the recogniser's mentions (default) or the gold ones (a diagnostic)")
    parser.add_argument("--write", action="store_true",
                        help="write graph/rules/relations/confidence.tsv and the table in docs/relations.md")
    parser.add_argument("-v", "--verbose", action="store_true", help="also every relation FP/FN (as kg eval -v)")
    args = parser.parse_args(argv)
    if args.write and (args.split != "dev" or args.mentions != "system"):
        parser.error("--write calibrates on the dev split with the pipeline's own mentions")
    split_files(args.split)  # a clear error for a missing split file
    docs, results = run(args.split, args.mentions)
    report = score_results(docs, results, f"annotations/{args.split}", f"pipeline ({args.mentions} mentions)")
    print("\n".join(report.format_table().splitlines()[-13:]) if not args.verbose else report.format_table())
    if args.verbose:
        print(report.format_details())
    rows = calibrate(per_rule(docs, results))
    print()
    print(format_rows(rows))
    if args.write:
        write(rows, args.split)
        print(f"\nwrote {CONFIDENCE_FILE.relative_to(ROOT)}" + (f" and {DOC.relative_to(ROOT)}" if DOC.is_file() else ""))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
