"""Resolve mentions to entities with stable IRIs.

Within an article, spelling variants are one entity ("Đảng ủy Khối", "Đảng uỷ
Khối", "Đảng ủy khối") and a short name is the longer one it begins
("Đảng bộ Khối" = "Đảng bộ Khối Các cơ quan tỉnh Kon Tum"). Across articles a
national body is one entity; provincial names ("Tỉnh ủy", "23-NQ/TU") are
scoped by the article's province, and kept to their article when it shows none.

>>> canonical_org("BTV Đảng uỷ Khối")
'ban thường vụ đảng ủy khối'
>>> canonical_org("Ban Thường vụ (BTV) Đảng ủy Khối")
'ban thường vụ đảng ủy khối'
>>> entity_iri("Organization", "kon-tum", "tỉnh ủy")
'https://w3id.org/vnkg/id/org/kon-tum/tinh-uy-c19268'
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter, defaultdict
from collections.abc import Iterable

from graph.lexicon import Lexicon, PlaceEntry, load
from graph.model import ArticleResult, Entity, Mention
from graph.rdf.vocab import ID
from graph.text import ascii_fold, norm_key, slugify

TYPE_SEGMENT = {
    "Organization": "org", "Person": "person", "Document": "document",
    "Campaign": "campaign", "Event": "event", "Place": "place",
}
NATIONAL = "vn"

ABBREVIATIONS = {
    "btv": "ban thường vụ", "bch": "ban chấp hành", "ubnd": "ủy ban nhân dân",
    "hđnd": "hội đồng nhân dân", "mttq": "mặt trận tổ quốc", "ubmttq": "ủy ban mặt trận tổ quốc",
    "ubkt": "ủy ban kiểm tra", "lđlđ": "liên đoàn lao động", "tand": "tòa án nhân dân",
    "vksnd": "viện kiểm sát nhân dân", "lhpn": "liên hiệp phụ nữ", "ccb": "cựu chiến binh",
    "đbqh": "đại biểu quốc hội", "tp": "thành phố", "tp.": "thành phố",
}
# Issuer codes of national bodies: a document they issue is one entity nationwide.
NATIONAL_ISSUERS = {"TW", "BCT", "BBT", "BCHTW", "CP", "QH", "UBTVQH", "TTg", "BTCTW", "VPTW",
                    "UBKTTW", "BTGTW", "BDVTW", "BNCTW", "BKTTW", "ĐUK", "QUTW", "ĐUCA"}


def canonical_org(text: str) -> str:
    """Comparison form of a body's name: abbreviations spelled out, parentheses dropped."""
    key = norm_key(re.sub(r"\s*\([^)]*\)", "", text))
    return " ".join(ABBREVIATIONS.get(w, w) for w in key.split())


def entity_iri(type_: str, scope: str, key: str) -> str:
    """``kgid:{type}/{scope}/{slug}-{hash}``: readable, and unique for each key."""
    digest = hashlib.sha1(f"{type_}|{scope}|{key}".encode()).hexdigest()[:6]
    slug = slugify(key)[:60].strip("-")
    return f"{ID}{TYPE_SEGMENT[type_]}/{scope}/{slug}-{digest}"


def place_iri(entry: PlaceEntry) -> str:
    """The IRI of a gazetteer place, by its official code.

    >>> place_iri(load().provinces["kon tum"])
    'https://w3id.org/vnkg/id/place/vn/p62-kon-tum'
    """
    return f"{ID}place/{NATIONAL}/{entry.code.lower()}-{slugify(entry.name)}"


def article_province(result: ArticleResult, lex: Lexicon) -> PlaceEntry | None:
    """The province the article is about: its source's domain, else the one it names most.

    >>> from graph.read.reader import article_from_text
    >>> from graph.analyse.pipeline import analyze
    >>> art = article_from_text("a.txt", "(kontumtv.vn) – Tỉnh ủy họp tại Hà Nội.")
    >>> article_province(ArticleResult(art, *analyze(art)), load()).name
    'Kon Tum'
    """
    art = result.article
    if art.source:
        domain = art.source.split(".")[0]
        for entry in {e.code: e for e in lex.provinces.values()}.values():
            if ascii_fold(entry.name).replace(" ", "").replace("-", "") in domain:
                return entry
    counts: Counter[str] = Counter()
    first: dict[str, int] = {}
    for m in result.mentions:
        code = m.attrs.get("code")
        if m.type == "Place" and code and code in lex.places_by_code:
            prov = lex.province_of(lex.places_by_code[code])
            if prov:
                counts[prov.code] += 1
                first.setdefault(prov.code, m.start)
    if not counts:
        return None
    best = max(counts, key=lambda c: (counts[c], -first[c]))
    return lex.places_by_code[best]


class Resolver:
    """Assigns ``Mention.entity`` and collects :class:`Entity` records.

    >>> from graph.read.reader import article_from_text
    >>> from graph.analyse.pipeline import analyze
    >>> art = article_from_text("a.txt", "Đảng ủy Khối họp. Đảng uỷ khối kết luận. Tỉnh Kon Tum.")
    >>> result = ArticleResult(art, *analyze(art))
    >>> entities = Resolver().resolve_all([result])
    >>> len({m.entity for m in result.mentions if m.type == "Organization"})
    1
    """

    def __init__(self, lex: Lexicon | None = None):
        self.lex = lex or load()
        self.entities: dict[str, Entity] = {}
        self._labels: dict[str, Counter] = defaultdict(Counter)
        self._subtypes: dict[str, Counter] = defaultdict(Counter)
        self.national_people: set[str] = set()

    def resolve_all(self, results: Iterable[ArticleResult]) -> dict[str, Entity]:
        results = list(results)
        # A person any article gives a national title is one person nationwide.
        self.national_people = {
            norm_key(m.text) for r in results for m in r.mentions
            if m.type == "Person" and m.attrs.get("national")
        }
        for result in results:
            self.resolve_article(result)
        return self.finish()

    def finish(self) -> dict[str, Entity]:
        for iri, ent in self.entities.items():
            labels = self._labels[iri]
            ent.label = max(labels, key=lambda s: (labels[s], len(s), s)) if labels else ent.label
            subtypes = self._subtypes[iri]
            if subtypes:
                ent.subtype = max(subtypes, key=lambda s: (subtypes[s], s))
        return self.entities

    # -- per article --------------------------------------------------------------
    def resolve_article(self, result: ArticleResult) -> None:
        lex = self.lex
        province = article_province(result, lex)
        result.article.province = province.name if province else None
        local_scope = slugify(province.name) if province else f"a-{result.article.key}"
        # The bodies that sub-bodies belong to ("Đảng ủy Khối" in "Ban Thường vụ Đảng ủy
        # Khối") take part in resolution too, so a bare "Đảng ủy" can be that body.
        parents = [
            Mention(m.attrs["parent_start"], m.attrs["parent_end"],
                    result.article.text[m.attrs["parent_start"] : m.attrs["parent_end"]],
                    "Organization", "org-parent", None, m.sentence,
                    attrs={"national": m.attrs.get("national"), "child": id(m)})
            for m in result.mentions if m.type == "Organization" and "parent_start" in m.attrs
        ]
        items = result.mentions + parents
        keys: dict[int, tuple[str, str]] = {}  # item index -> (scope, key)
        for idx, m in enumerate(items):
            keys[idx] = self._scope_key(m, local_scope, province)
        self._merge_short_forms(items, keys)
        self._link_short_documents(result.mentions, keys)
        # A bare "Nghị quyết" with no full document of its type before it names nothing.
        dropped = {i for i, m in enumerate(result.mentions) if m.attrs.get("unresolved")}
        if dropped:
            result.mentions[:] = [m for i, m in enumerate(result.mentions) if i not in dropped]
            items = result.mentions + parents
            keys = {j: keys[i] for j, i in enumerate(
                [i for i in range(len(keys)) if i not in dropped])}
        by_id = {id(m): m for m in result.mentions}
        for idx, m in enumerate(parents, len(result.mentions)):
            iri = entity_iri("Organization", *keys[idx])
            by_id[m.attrs["child"]].attrs["parent_entity"] = iri
            if iri not in self.entities:
                self.entities[iri] = Entity(iri, "Organization", None, m.text, {m.text},
                                            {"scope": keys[idx][0]})
                self._labels[iri][m.text] += 0
        for idx, m in enumerate(result.mentions):
            scope, key = keys[idx]
            if m.type == "Place" and m.attrs.get("code") in lex.places_by_code:
                iri = place_iri(lex.places_by_code[m.attrs["code"]])
            else:
                iri = entity_iri(m.type, scope, key)
            m.entity = iri
            ent = self.entities.get(iri)
            if ent is None:
                ent = self.entities[iri] = Entity(iri, m.type, m.subtype, m.text)
                ent.attrs["scope"] = scope
                if scope not in (NATIONAL,) and not scope.startswith("a-") and province:
                    ent.attrs["scope_place"] = place_iri(province)
                for k in ("number", "type_code", "issuer_code", "code", "number_text"):
                    if m.attrs.get(k):
                        ent.attrs[k] = m.attrs[k]
            ent.aliases.add(m.text)
            self._labels[iri][m.text] += 1
            if m.subtype:
                self._subtypes[iri][m.subtype] += 1
            if m.type == "Document" and m.attrs.get("type_code") and "type_code" not in ent.attrs:
                ent.attrs.update({k: m.attrs[k] for k in ("number", "type_code", "issuer_code", "number_text")
                                  if m.attrs.get(k)})

    def _scope_key(self, m: Mention, local: str, province: PlaceEntry | None) -> tuple[str, str]:
        lex = self.lex
        if m.type == "Organization":
            key = canonical_org(m.text)
            if m.attrs.get("national"):
                return NATIONAL, key
            named = self._named_province(key)
            if named:
                scope = slugify(named.name)
                key = self._strip_province(key, named)
                return scope, key
            if province:
                key = self._strip_province(key, province)
            return local, key
        if m.type == "Person":
            key = norm_key(m.text)
            national = key in lex.politicians or key in self.national_people
            return (NATIONAL if national else local), key
        if m.type == "Document":
            if m.attrs.get("type_code"):
                number = f"{m.attrs['number']}-{m.attrs['type_code']}"
                if m.attrs.get("year"):
                    number = f"{m.attrs['number']}/{m.attrs['year']}/{m.attrs['type_code']}"
                issuer = m.attrs.get("issuer_code")
                key = norm_key(f"{number}/{issuer}" if issuer else number)
                return (NATIONAL if issuer in NATIONAL_ISSUERS else local), key
            key = norm_key(m.text)
            if m.subtype in ("Law", "Charter", "Work") or "toàn quốc" in key or "trung ương" in key:
                return NATIONAL, key
            return local, key
        if m.type == "Campaign":
            # "tư tưởng, đạo đức, phong cách" = "tư tưởng, đạo đức phong cách"
            return NATIONAL, " ".join(re.sub(r"[,;:]", " ", norm_key(m.text)).split())
        if m.type == "Event":
            key = norm_key(m.text)
            national = "toàn quốc" in key or re.search(r"trung ương(?! đoàn)|quốc hội|\bcủa đảng\b", key)
            return (NATIONAL if national else local), key
        return NATIONAL, norm_key(m.text)  # places outside the gazetteer

    def _named_province(self, key: str) -> PlaceEntry | None:
        words = key.split()
        for n in range(len(words)):
            tail = " ".join(words[n:])
            if tail in self.lex.provinces and n > 0:
                return self.lex.provinces[tail]
        return None

    @staticmethod
    def _strip_province(key: str, province: PlaceEntry) -> str:
        """"tỉnh ủy kon tum" -> "tỉnh ủy"; "ủy ban nhân dân tỉnh kon tum" -> "... tỉnh"."""
        name = norm_key(province.name)
        if key.endswith(" " + name):
            return key[: -len(name) - 1]
        return key

    @staticmethod
    def _merge_short_forms(mentions: list[Mention], keys: dict[int, tuple[str, str]]) -> None:
        """Within an article, "đảng bộ khối" is the one longer body name it begins."""
        org_keys = {keys[i] for i, m in enumerate(mentions) if m.type == "Organization"}
        for i, m in enumerate(mentions):
            if m.type != "Organization":
                continue
            scope, key = keys[i]
            every = {k for s, k in org_keys if s == scope and k.startswith(key + " ")}
            # only a body's own qualifiers: "đảng ủy" -> "đảng ủy khối ...", not "đảng ủy" -> "đảng ủy công an"
            longer = {k for k in every if k.split()[len(key.split())] in ("khối", "tỉnh", "các", "cơ")}
            chain = sorted(every, key=len)
            if len(every) > 1 and not all(b.startswith(a) for a, b in zip(chain, chain[1:])):
                continue  # two bodies it could be short for: "Đảng ủy Khối" of which?
            if len(longer) == 1:
                keys[i] = (scope, longer.pop())
            elif longer:
                # all extend one another: take the longest chain if it is a chain
                chain = sorted(longer, key=len)
                if all(b.startswith(a) for a, b in zip(chain, chain[1:])):
                    keys[i] = (scope, chain[-1])

    @staticmethod
    def _link_short_documents(mentions: list[Mention], keys: dict[int, tuple[str, str]]) -> None:
        """"Nghị quyết 23", "Chương trình hành động số 135" -> the full number in the article."""
        full: dict[tuple[str, str], list[int]] = defaultdict(list)
        for i, m in enumerate(mentions):
            if m.type == "Document" and m.attrs.get("type_code"):
                full[(m.attrs.get("type_word") or "", m.attrs["number"])].append(i)
        by_number: dict[str, list[int]] = defaultdict(list)
        for (tw, number), idxs in full.items():
            by_number[number].extend(idxs)
        for i, m in enumerate(mentions):
            if m.type == "Document" and m.attrs.get("anaphor"):
                # the nearest full document of the same type before it
                before = [j for (tw, _), idxs in full.items() if tw == m.attrs["type_word"]
                          for j in idxs if mentions[j].start < m.start]
                if before:
                    j = max(before, key=lambda j: mentions[j].start)
                    keys[i] = keys[j]
                    m.subtype = mentions[j].subtype
                    m.attrs.update({k: mentions[j].attrs.get(k) for k in ("type_code", "issuer_code", "number")})
                else:
                    m.attrs["unresolved"] = True
                continue
            if m.type != "Document" or m.rule != "document-number" or m.attrs.get("type_code"):
                continue
            number = m.attrs.get("number")
            same_type = full.get((m.attrs.get("type_word") or "", number))
            # "Chương trình 135" -> "Chương trình hành động số 135-CTr/TU"; never a Nghị quyết -> a Kế hoạch
            tw = m.attrs.get("type_word") or ""
            compatible = [j for j in by_number.get(number, [])
                          if (mentions[j].attrs.get("type_word") or "").startswith(tw)]
            target = same_type or (compatible if len({keys[j] for j in compatible}) == 1 else None)
            if target:
                keys[i] = keys[target[0]]
                m.attrs.update({k: mentions[target[0]].attrs.get(k) for k in ("type_code", "issuer_code")})
                m.subtype = mentions[target[0]].subtype
            else:
                keys[i] = (keys[i][0], norm_key(f"{m.attrs.get('type_word', '')} {number}"))


#: Posts one person holds in one body at a time: two such posts of the same kind
#: in different bodies on the same day are two people who share a name.
UNIQUE_ROLES = frozenset({"bí thư", "chủ tịch", "giám đốc", "trưởng ban", "chánh án", "viện trưởng",
                          "bộ trưởng", "thủ tướng", "tổng bí thư", "chủ nhiệm"})


def split_conflicting_people(results: list[ArticleResult], entities: dict[str, Entity]) -> int:
    """Keep apart people merged by name whose posts conflict; returns how many were split.

    People are merged by name within a province; if two articles of the same date
    (or undated) give the "same" person the same one-holder post ("Bí thư") in
    different bodies, the later article's person becomes an entity of its own.

    >>> from graph.read.reader import article_from_text
    >>> from graph.analyse.pipeline import analyze
    >>> from graph.relate.relations import extract_relations
    >>> texts = ["Tỉnh Kon Tum. Ông Nguyễn Văn Hùng, Bí thư Huyện ủy Kon Rẫy phát biểu.",
    ...          "Tỉnh Kon Tum. Ông Nguyễn Văn Hùng, Bí thư Huyện ủy Đắk Hà phát biểu."]
    >>> results = [ArticleResult(a, *analyze(a)) for a in
    ...            (article_from_text(f"{i}.txt", t) for i, t in enumerate(texts))]
    >>> entities = Resolver().resolve_all(results)
    >>> for r in results:
    ...     r.relations = extract_relations(r, entities)
    >>> split_conflicting_people(results, entities)
    1
    """
    posts: dict[tuple[str, str | None, str], dict[str, str]] = defaultdict(dict)
    split = 0
    for r in results:
        date = (r.article.published or "")[:10] or None
        renamed: dict[str, str] = {}
        for rel in r.relations:
            if rel.predicate != "holdsPosition" or rel.attrs.get("former"):
                continue
            ent = entities.get(rel.subject)
            role = norm_key(rel.role or "")
            if ent is None or ent.attrs.get("scope") == NATIONAL or role not in UNIQUE_ROLES:
                continue
            seen = posts[(rel.subject, date, role)]
            if seen and rel.object not in seen.values() and r.article.key not in seen:
                renamed[rel.subject] = f"{rel.subject}-{r.article.key}"
            else:
                seen[r.article.key] = rel.object
        for old, new in renamed.items():
            ent = entities[old]
            entities[new] = Entity(new, ent.type, ent.subtype, ent.label, set(), {**ent.attrs, "scope": f"a-{r.article.key}"})
            for m in r.mentions:
                if m.entity == old:
                    m.entity = new
                    entities[new].aliases.add(m.text)
            for rel in r.relations:
                rel.subject = new if rel.subject == old else rel.subject
                rel.object = new if rel.object == old else rel.object
            split += 1
    return split
