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

import re
from collections import Counter, defaultdict
from collections.abc import Iterable

from graph.lexicon import Lexicon, PlaceEntry, load
from dataclasses import replace

from graph.model import ArticleResult, DocumentNumber, Entity, Mention
from graph import rules
from graph.rdf import iris
from graph.rdf.iris import NATIONAL, entity_iri
from graph.text import ascii_fold, norm_key, slugify

#: Abbreviations spelled out when bodies are compared ("btv" -> "ban thường vụ"): rules/abbreviations.tsv.
ABBREVIATIONS = {r["name"]: r["expansion"] for r in rules.load("abbreviations")}
#: Issuer codes of national bodies: a document they issue is one entity nationwide (rules/codes.tsv).
NATIONAL_ISSUERS = frozenset(r["name"] for r in rules.load("codes")
                             if r["kind"] == "issuer" and "national" in r["flags"])


def canonical_org(text: str) -> str:
    """Comparison form of a body's name: abbreviations spelled out, parentheses dropped."""
    key = norm_key(re.sub(r"\s*\([^)]*\)", "", text))
    return " ".join(ABBREVIATIONS.get(w, w) for w in key.split())


def place_iri(entry: PlaceEntry) -> str:
    """The IRI of a gazetteer place, by its official code.

    >>> place_iri(load().provinces["kon tum"])
    'https://w3id.org/vnkg/id/place/vn/p62-kon-tum'
    """
    return iris.place_iri(entry.code, entry.name)


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
        code = m.place_code
        if m.type == "Place" and code and code in lex.places_by_code:
            prov = lex.province_of(lex.places_by_code[code])
            if prov:
                counts[prov.code] += 1
                first.setdefault(prov.code, m.start)
    if not counts:
        return None
    best = max(counts, key=lambda c: (counts[c], -first[c]))
    return lex.places_by_code[best]


#: National news agencies whose staff sign bylines and photo credits with the agency's name
#: ("Thống Nhất/TTXVN", "Hiền Hạnh (TTXVN)", "VGP/Quang Hiếu", "Vũ Dũng/VOV"), by the scope of
#: their people: a credited name is one person of the agency, not of the story's province.
AGENCIES = {"ttxvn": "ttxvn", "vna": "ttxvn", "vietnam+": "ttxvn", "ttxvn/tin tức": "ttxvn", "vov": "vov",
            "vov.vn": "vov", "vgp": "vgp", "qđnd": "qdnd"}
AGENCY_SCOPES = frozenset(AGENCIES.values())
_AGENCY = "|".join(re.escape(a) for a in sorted(AGENCIES, key=len, reverse=True))
_AGENCY_AFTER = re.compile(rf"\s*(?:/|\(|-|–)\s*({_AGENCY})(?![\w+])", re.IGNORECASE)
_AGENCY_BEFORE = re.compile(rf"(?<![\w+])({_AGENCY})\s*/\s*$", re.IGNORECASE)


def credit_agency(text: str, start: int, end: int) -> str | None:
    """The agency a byline or photo credit names beside the name, as a scope, or None.

    >>> t = "Ảnh: Thống Nhất/TTXVN. Bài: Hiền Hạnh (TTXVN). Ảnh: VGP/Quang Hiếu. Ảnh: Lê Lan"
    >>> [credit_agency(t, t.index(n), t.index(n) + len(n)) for n in ("Thống Nhất", "Hiền Hạnh", "Quang Hiếu", "Lê Lan")]
    ['ttxvn', 'ttxvn', 'vgp', None]
    """
    after = _AGENCY_AFTER.match(text, end, min(len(text), end + 24))
    before = _AGENCY_BEFORE.search(text[max(0, start - 12) : start])
    found = after or before
    return AGENCIES[found[1].casefold()] if found else None


class Resolver:
    """Links mentions to entities: returns resolved copies of the articles and the
    :class:`Entity` records.

    >>> from graph.read.reader import article_from_text
    >>> from graph.analyse.pipeline import analyze
    >>> art = article_from_text("a.txt", "Đảng ủy Khối họp. Đảng uỷ khối kết luận. Tỉnh Kon Tum.")
    >>> [result], entities = Resolver().resolve_all([ArticleResult(art, *analyze(art))])
    >>> len({m.entity for m in result.mentions if m.type == "Organization"}), result.province
    (1, 'Kon Tum')
    """

    def __init__(self, lex: Lexicon | None = None):
        self.lex = lex or load()
        self.entities: dict[str, Entity] = {}
        self._labels: dict[str, Counter] = defaultdict(Counter)
        self._subtypes: dict[str, Counter] = defaultdict(Counter)
        self.national_people: set[str] = set()

    def resolve_all(self, results: Iterable[ArticleResult]) -> tuple[list[ArticleResult], dict[str, Entity]]:
        results = list(results)
        # A person any article gives a national title is one person nationwide.
        self.national_people = {
            norm_key(m.text) for r in results for m in r.mentions
            if m.type == "Person" and m.national
        }
        resolved = [self.resolve_article(result) for result in results]
        return resolved, self.finish()

    def finish(self) -> dict[str, Entity]:
        for iri, ent in self.entities.items():
            labels = self._labels[iri]
            ent.label = max(labels, key=lambda s: (labels[s], len(s), s)) if labels else ent.label
            subtypes = self._subtypes[iri]
            if subtypes:
                ent.subtype = max(subtypes, key=lambda s: (subtypes[s], s))
        return self.entities

    # -- per article --------------------------------------------------------------
    def resolve_article(self, result: ArticleResult) -> ArticleResult:
        """The article with its mentions linked (new :class:`Mention` objects) and its province."""
        lex = self.lex
        province = article_province(result, lex)
        local_scope = slugify(province.name) if province else f"a-{result.article.key}"
        text = result.article.text
        mentions = list(result.mentions)
        # The bodies that sub-bodies belong to ("Đảng ủy Khối" in "Ban Thường vụ Đảng ủy
        # Khối") are mentions too, and take part in resolution, so a bare "Đảng ủy" can be that body.
        children = [i for i, m in enumerate(mentions) if m.type == "Organization" and m.parent]
        parents = [
            Mention(m.parent[0], m.parent[1], text[m.parent[0] : m.parent[1]], "Organization", "org-parent",
                    None, m.sentence, national=m.national)
            for m in (mentions[i] for i in children) if m.parent
        ]
        items = mentions + parents
        keys: dict[int, tuple[str, str]] = {}  # item index -> (scope, key)
        for idx, m in enumerate(items):
            keys[idx] = self._scope_key(m, local_scope, province, f"a-{result.article.key}")
            if m.type == "Person" and m.byline and keys[idx][0] != NATIONAL:
                agency = credit_agency(text, m.start, m.end)
                if agency:  # "Thống Nhất/TTXVN": one photographer of the agency, wherever the story is
                    keys[idx] = (agency, keys[idx][1])
        self._merge_short_forms(items, keys)
        mentions, unresolved = self._link_short_documents(mentions, keys)
        nm = len(mentions)
        parent_iris = {child: entity_iri("Organization", *keys[nm + n]) for n, child in enumerate(children)}
        # Each parent is a nested mention of its own (rule "org-parent"): every entity has
        # text behind it. A span named twice (two sub-bodies of one body) is one mention.
        spans = {(m.start, m.end) for m in mentions if m.type == "Organization"}
        linked: list[Mention] = []
        for idx, m in enumerate(mentions + parents):
            if idx in unresolved:  # a bare "Nghị quyết" with no full document of its type before it
                continue
            if idx >= nm:
                if (m.start, m.end) in spans:
                    continue
                spans.add((m.start, m.end))
            scope, key = keys[idx]
            if m.type == "Place" and m.place_code in lex.places_by_code:
                iri = place_iri(lex.places_by_code[m.place_code])
            else:
                iri = entity_iri(m.type, scope, key)
            linked.append(replace(m, entity=iri, parent_entity=parent_iris.get(idx) if idx < nm else None))
            ent = self.entities.get(iri)
            if ent is None:
                ent = self.entities[iri] = Entity(iri, m.type, m.subtype, m.text, scope=scope,
                                                  place_code=m.place_code or None, number=m.number)
                if scope not in (NATIONAL,) and not scope.startswith("a-") and scope not in AGENCY_SCOPES \
                        and province:
                    ent.scope_place = place_iri(province)
            ent.aliases.add(m.text)
            self._labels[iri][m.text] += 1
            if m.subtype:
                self._subtypes[iri][m.subtype] += 1
            if m.type == "Document" and m.number and m.number.type_code and not (ent.number and ent.number.type_code):
                ent.number = m.number
        linked.sort(key=lambda m: (m.start, m.end, m.type))
        return replace(result, mentions=linked, province=province.name if province else None)

    def _scope_key(self, m: Mention, local: str, province: PlaceEntry | None,
                   article: str = "") -> tuple[str, str]:
        lex = self.lex
        if m.type == "Organization":
            key = canonical_org(m.text)
            if m.national:
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
            # "ông Hùng" after "Nguyễn Văn Hùng": the person of the full name
            key = norm_key(m.full_name or m.text)
            national = key in lex.politicians or key in self.national_people
            return (NATIONAL if national else local), key
        if m.type == "Document":
            if m.number and m.number.type_code:
                number = f"{m.number.number}-{m.number.type_code}"
                if m.number.year:
                    number = f"{m.number.number}/{m.number.year}/{m.number.type_code}"
                issuer = m.number.issuer_code
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
        if m.rule == "place-village":  # "thôn Tân Lập": many villages of a province share a name
            return article or local, norm_key(m.text)
        if m.subtype in ("District", "Commune"):
            return local, norm_key(m.text)  # "quận 5": a unit of the article's province
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
    def _link_short_documents(mentions: list[Mention], keys: dict[int, tuple[str, str]]
                              ) -> tuple[list[Mention], set[int]]:
        """"Nghị quyết 23", "Chương trình hành động số 135" -> the full number in the article.

        Returns the mentions (short references completed from their full document) and
        the indices of bare type words with no document to refer to.
        """
        out = list(mentions)
        unresolved: set[int] = set()
        full: dict[tuple[str, str], list[int]] = defaultdict(list)
        for i, m in enumerate(mentions):
            if m.type == "Document" and m.number and m.number.type_code:
                full[(m.type_word or "", m.number.number)].append(i)
        by_number: dict[str, list[int]] = defaultdict(list)
        for (_tw, number), idxs in full.items():
            by_number[number].extend(idxs)
        for i, m in enumerate(mentions):
            if m.type == "Document" and m.anaphor:
                # the nearest full document of the same type before it
                before = [j for (tw, _), idxs in full.items() if tw == m.type_word
                          for j in idxs if mentions[j].start < m.start]
                if before:
                    j = max(before, key=lambda j: mentions[j].start)
                    keys[i] = keys[j]
                    t = mentions[j].number
                    out[i] = replace(m, subtype=mentions[j].subtype, number=t and DocumentNumber(
                        t.number, t.type_code, t.issuer_code))
                else:
                    unresolved.add(i)
                continue
            if m.type != "Document" or m.rule != "document-number" or not m.number or m.number.type_code:
                continue
            number = m.number.number
            same_type = full.get((m.type_word or "", number))
            # "Chương trình 135" -> "Chương trình hành động số 135-CTr/TU"; never a Nghị quyết -> a Kế hoạch
            tw = m.type_word or ""
            compatible = [j for j in by_number.get(number, [])
                          if (mentions[j].type_word or "").startswith(tw)]
            target = same_type or (compatible if len({keys[j] for j in compatible}) == 1 else None)
            if target:
                keys[i] = keys[target[0]]
                t = mentions[target[0]].number
                out[i] = replace(m, subtype=mentions[target[0]].subtype, number=replace(
                    m.number, type_code=t.type_code if t else None, issuer_code=t.issuer_code if t else None))
            else:
                keys[i] = (keys[i][0], norm_key(f"{m.type_word or ''} {number}"))
        return out, unresolved


#: Posts one person holds in one body at a time (rules/roles.tsv, flag "unique"): two such posts
#: of the same kind in different bodies on the same day are two people who share a name.
UNIQUE_ROLES = frozenset(norm_key(r["name"]) for r in rules.load("roles").where("flags", "unique"))


def split_conflicting_people(results: list[ArticleResult], entities: dict[str, Entity]
                             ) -> tuple[list[ArticleResult], int]:
    """Keep apart people merged by name whose posts conflict: the articles with such
    people given their own entity (new objects), and how many were split.

    People are merged by name within a province; if two articles of the same date
    (or undated) give the "same" person the same one-holder post ("Bí thư") in
    different bodies, the later article's person becomes an entity of its own
    (added to ``entities``).

    >>> from graph.read.reader import article_from_text
    >>> from graph.analyse.pipeline import analyze
    >>> from graph.relate.relations import extract_relations
    >>> from dataclasses import replace
    >>> texts = ["Tỉnh Kon Tum. Ông Nguyễn Văn Hùng, Bí thư Huyện ủy Kon Rẫy phát biểu.",
    ...          "Tỉnh Kon Tum. Ông Nguyễn Văn Hùng, Bí thư Huyện ủy Đắk Hà phát biểu."]
    >>> results, entities = Resolver().resolve_all([ArticleResult(a, *analyze(a)) for a in
    ...            (article_from_text(f"{i}.txt", t) for i, t in enumerate(texts))])
    >>> results = [replace(r, relations=extract_relations(r, entities)) for r in results]
    >>> results, split = split_conflicting_people(results, entities)
    >>> split, len({m.entity for r in results for m in r.mentions if m.type == "Person"})
    (1, 2)
    """
    posts: dict[tuple[str, str | None, str], dict[str, str | None]] = defaultdict(dict)
    split = 0
    out: list[ArticleResult] = []
    for r in results:
        date = (r.article.published or "")[:10] or None
        renamed: dict[str, str] = {}
        for rel in r.relations:
            if rel.predicate != "holdsPosition" or rel.former:
                continue
            ent = entities.get(rel.subject)
            role = norm_key(rel.role or "")
            if ent is None or ent.scope == NATIONAL or role not in UNIQUE_ROLES:
                continue
            seen = posts[(rel.subject, date, role)]
            if seen and rel.object not in seen.values() and r.article.key not in seen:
                renamed[rel.subject] = f"{rel.subject}-{r.article.key}"
            else:
                seen[r.article.key] = rel.object
        if renamed:
            for old, new in renamed.items():
                ent = entities[old]
                entities[new] = replace(ent, iri=new, aliases={m.text for m in r.mentions if m.entity == old},
                                        scope=f"a-{r.article.key}")
                split += 1
            r = replace(
                r,
                mentions=[replace(m, entity=renamed[m.entity]) if m.entity in renamed else m for m in r.mentions],
                relations=[replace(rel, subject=renamed.get(rel.subject, rel.subject),
                                   object=renamed.get(rel.object, rel.object) if rel.object else rel.object)
                           for rel in r.relations])
        out.append(r)
    return out, split
