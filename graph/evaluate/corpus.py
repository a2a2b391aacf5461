"""The project's annotated corpus (``annotations/``) and scoring the pipeline on it.

The annotations are stand-off (docs/gold-format.md, "The project's annotated
corpus"): the texts stay in ``../shared/corpus``. :func:`load_split` reads one
split as gold documents; :func:`score_pipeline` runs the per-article stages on
its texts in this process (no build, no store) and scores them exactly as
``kg eval`` scores a graph; :func:`score_annotators` compares the two
annotations of the doubly annotated articles (the agreement ceiling).

    kg eval --split dev                 # the pipeline on the dev split
    kg eval --split test --rules-only   # the test split, no learned model
    kg eval --agreement                 # first vs second annotation

>>> docs = load_split("dev")  # doctest: +SKIP
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from pathlib import Path

from graph.errors import EvalError, Errors
from graph.evaluate.scoring import (ENTITY_TYPES, RELATION_KINDS, DocumentResult, EvalReport, GoldDocument,
                                    Section, SysArticle, SysMention, SysRelation, parse_gold, score_entities,
                                    score_relations)
from graph.model import ArticleResult
from graph.rdf.iris import article_iri
from graph.text import norm_key

__all__ = ["ANNOTATIONS", "corpus_root", "load_split", "score_annotators", "score_pipeline", "score_results",
           "split_files", "sys_article"]

ROOT = Path(__file__).resolve().parents[2]
ANNOTATIONS = ROOT / "annotations"


def corpus_root() -> Path:
    """Where the texts are: ``KG_CORPUS``, else ``../shared/corpus`` beside the checkout."""
    return Path(os.environ.get("KG_CORPUS") or ROOT.parent / "shared" / "corpus")


def _corpus_of(file: str) -> str:
    return "politics" if file.startswith("pol_") else "bulk"


def split_files(split: str) -> list[str]:
    """The files of a split: ``train``, ``dev``, ``test`` or ``second`` (doubly annotated)."""
    data = json.loads((ANNOTATIONS / "split.json").read_text("utf-8"))
    if split not in data or split == "note":
        raise EvalError(Errors.E501.format(path=ANNOTATIONS / "split.json", reason=f"no split {split!r}"))
    return list(data[split])


def text_path(file: str) -> Path:
    return corpus_root() / _corpus_of(file) / file


def _load_doc(path: Path) -> dict:
    ann = json.loads(path.read_text("utf-8"))
    text = text_path(ann["file"]).read_text("utf-8")
    import unicodedata

    text = unicodedata.normalize("NFC", text.lstrip("\ufeff"))
    rels = []
    for r in ann["relations"]:
        r = dict(r)
        a, b = r["evidence"]
        r["evidence"] = text[a:b]
        rels.append(r)
    return {"file": ann["file"], "province": ann.get("province"), "entities": ann["entities"], "relations": rels}


def load_split(split: str, second: bool = False) -> list[GoldDocument]:
    """The gold documents of a split (the second annotations with ``second``)."""
    docs = []
    for f in split_files(split):
        folder = "second" if second else _corpus_of(f)
        path = ANNOTATIONS / folder / f"{f}.json"
        if path.is_file():
            docs.append(_load_doc(path))
    return parse_gold({"format": "kg-gold/1", "documents": docs}, f"annotations ({split})")


def sys_article(result: ArticleResult) -> SysArticle:
    """An article's mentions and relations as the scorer reads them from a graph."""
    iri = article_iri(result.article.key)
    art = SysArticle(iri, key=result.article.key)
    seen = set()
    for m in sorted(result.mentions, key=lambda m: (m.start, m.type, m.text)):
        art.entity_keys[m.entity].add(norm_key(m.text))  # type: ignore[index]
        art.entity_names.setdefault(m.entity, m.text)  # type: ignore[arg-type]
        sm = SysMention(m.type, m.text, m.start)
        if sm not in seen:
            seen.add(sm)
            art.mentions.append(sm)
    keys = set()
    for r in result.relations:
        if r.predicate not in RELATION_KINDS:
            continue
        rel = SysRelation(r.predicate, r.subject, r.object, r.value, r.role, r.rule,
                          result.sentences[r.sentence].text)
        if rel.key not in keys:
            keys.add(rel.key)
            art.relations.append(rel)
    return art


def score_results(docs: list[GoldDocument], results: dict[str, ArticleResult], gold: str = "",
                  graph: str = "") -> EvalReport:
    """Score per-article results (by file name) against gold documents."""
    entities, relations = Section.of(ENTITY_TYPES), Section.of(RELATION_KINDS)
    out: list[DocumentResult] = []
    for doc in docs:
        result = results.get(doc.file)
        art = sys_article(result) if result else None
        res = score_entities(doc, art)
        score_relations(doc, art, res)
        entities.add(res.entities)
        relations.add(res.relations)
        out.append(res)
    return EvalReport(Path(gold), Path(graph), entities, relations, out)


def score_pipeline(split: str, *, learned: bool | None = None, files: Iterable[str] | None = None) -> EvalReport:
    """Run the per-article stages on a split's texts and score them."""
    from graph.build.work import analyse_article, process
    from graph.read.reader import read_article

    docs = load_split(split)
    wanted = set(files) if files else None
    if wanted is not None:
        docs = [d for d in docs if d.file in wanted]
    results = {}
    for doc in docs:
        path = text_path(doc.file)
        article = read_article(path, path.parent)
        analysed = analyse_article(article) if learned is None else _analyse_with(article, learned)
        results[doc.file] = process(analysed).result
    return score_results(docs, results, f"annotations/{split}", "pipeline")


def _analyse_with(article, learned: bool) -> ArticleResult:
    from graph.analyse.pipeline import analyze

    sentences, mentions = analyze(article, learned=learned)  # type: ignore[call-arg]
    return ArticleResult(article, sentences, mentions)


def score_annotators(split: str = "second") -> EvalReport:
    """The second annotation scored against the first, as if it were a system: the
    agreement between two annotators (F1 is symmetric)."""
    first = {d.file: d for d in load_split(split)}
    second = load_split(split, second=True)
    entities, relations = Section.of(ENTITY_TYPES), Section.of(RELATION_KINDS)
    out = []
    for doc2 in second:
        doc1 = first.get(doc2.file)
        if doc1 is None:
            continue
        art = _gold_as_system(doc2)
        res = score_entities(doc1, art)
        score_relations(doc1, art, res)
        entities.add(res.entities)
        relations.add(res.relations)
        out.append(res)
    return EvalReport(Path("annotations (first)"), Path("annotations/second"), entities, relations, out)


def _gold_as_system(doc: GoldDocument) -> SysArticle:
    art = SysArticle(f"gold:{doc.file}", key=Path(doc.file).stem)
    for e in doc.entities.values():
        iri = f"gold:{doc.file}#{e.id}"
        for t in e.mentions + e.optional:
            art.entity_keys[iri].add(norm_key(t))
            art.entity_names.setdefault(iri, t)
        for t in e.mentions:
            art.mentions.append(SysMention(e.type, t, -1))
    for r in doc.relations:
        obj = art.iri if r.object == "article" else (f"gold:{doc.file}#{r.object}" if r.object else None)
        art.relations.append(SysRelation(r.kind, f"gold:{doc.file}#{r.subject}", obj, r.value, r.role))
    return art
