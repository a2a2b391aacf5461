"""Documents: numbered Party and state documents, named ones, quoted works.

A document number is a grammar: NUMBER-TYPE/ISSUER for Party documents
(23-NQ/TU, 135-CTr/TU, 01-KL/TW, 776-QĐ/TU) and NUMBER/YEAR/TYPE-ISSUER for
state ones (13/2023/NĐ-CP). The type code gives the class, the issuer code a
scope; a short reference ("Nghị quyết 23") resolves to the full number later.
The type words and codes are ``graph/rules/documents.tsv`` and ``codes.tsv``,
the patterns ``graph/rules/patterns/documents.jsonl``.

>>> parse_number("23-NQ/TU")
{'number': '23', 'type_code': 'NQ', 'issuer_code': 'TU', 'year': None}
>>> parse_number("13/2023/NĐ-CP")
{'number': '13', 'type_code': 'NĐ', 'issuer_code': 'CP', 'year': '2023'}
"""

from __future__ import annotations

import re
from functools import cache

from spacy.language import Language
from spacy.tokens import Doc

from graph.analyse.recognise.base import emit, emit_simple, folded_text, regex, simple_patterns
from graph.model import DocumentNumber
from graph.rules import load, patterns
from graph.text import fold_tones

__all__ = ["DocumentRecognizer", "parse_number", "type_classes"]

#: Parts of the patterns: a code in a number ("NQ", "QH15"), a Roman numeral.
CODE = r"[A-ZĐ][A-Za-zĐđƯ]*\d*"
ROMAN = r"[IVXL]{1,6}"


def _alternation(words) -> str:
    return "|".join(sorted(map(re.escape, words), key=len, reverse=True))


@cache
def type_classes() -> tuple[dict[str, str], dict[str, str]]:
    """(type word -> class, type code -> class) from ``documents.tsv`` and ``codes.tsv``.

    >>> words, codes = type_classes()
    >>> words["Chỉ thị"], codes["CTr"]
    ('Directive', 'ActionProgramme')
    """
    words = {r["name"]: r["class"] for r in load("documents")}
    codes = {r["name"]: r["class"] for r in load("codes") if r["kind"] == "type"}
    return words, codes


@cache
def _rules() -> dict[str, re.Pattern]:
    rules = {p["name"]: p for p in patterns("documents")}
    types = load("documents")
    numbered = [r["name"] for r in types if "law" not in r["flags"] or r["name"] in ("Luật", "Pháp lệnh")]
    # lower-case type words only with "số" ("nghị quyết số 23"); never "luật": "kỷ luật 7 cán bộ"
    lower = [t[0].lower() + t[1:] for t in types.names("flags", "with_so")]
    # and before a number alone when it is no verb: "nghị định 35", never "quyết định 2 vấn đề"
    bare = [t[0].lower() + t[1:] for t in types.names("flags", "bare")]
    out = {
        "document-number": regex(rules["document-number"]["regex"], TYPES=_alternation(numbered),
                                 LOWER_TYPES=_alternation(lower), BARE_TYPES=_alternation(bare), CODE=CODE),
        "document-number-parts": regex(rules["document-number-parts"]["regex"], CODE=CODE),
        "document-anaphor": regex(rules["document-anaphor"]["regex"],
                                  ANAPHOR_TYPES="|".join(map(re.escape, types.names("flags", "anaphor")))),
        "document-congress": regex(rules["document-congress"]["regex"], ROMAN=ROMAN),
        "document-named": regex(rules["document-named"]["regex"]),
        "document-law": regex(rules["document-law"]["regex"]),
        "document-law-stop": re.compile(rules["document-law"]["stop"]),
        "document-congress-lower": re.compile(rules["document-congress"]["lower_needs"]),
        "document-law-year": re.compile(rules["document-law"]["year"]),
        "document-law-number": re.compile(rules["document-law"]["number"]),
        "document-law-country": re.compile(rules["document-law"]["country"]),
        "document-law-titles": _law_titles(),
        "document-quoted": regex(rules["document-quoted"]["regex"]),
        "document-bare-number": regex(rules["document-bare-number"]["regex"], CODE=CODE),
        "document-titled": regex(rules["document-titled"]["regex"]),
        "document-amending": regex(rules["document-amending"]["regex"]),
        "document-quoted-after": regex(rules["document-quoted-after"]["regex"]),
        "document-quoted-after-gap": re.compile(rules["document-quoted-after"]["gap"]),
        "document-titled-stop": regex(rules["document-titled"]["stop"]),
    }
    t = rules["document-titled"]
    out["document-titled-limits"] = (t["comma_words"], t["max_words"])
    # "các tỉnh, thành phố", "phương hướng, nhiệm vụ": one phrase, its comma no end of a title
    out["document-titled-comma"] = re.compile("|".join(map(re.escape, t["comma_phrases"])))
    out["document-titled-plural"] = re.compile(t["plural_before"])
    out["document-titled-trailing"] = re.compile(t["trailing"])
    return out


def _law_titles() -> re.Pattern:
    """The known law titles of ``laws.tsv`` (folded, in any case), longest first."""
    names = sorted({fold_tones(r["name"]) for r in load("laws")}, key=len, reverse=True)
    return re.compile(rf"(?:{'|'.join(map(re.escape, names))})(?!\w)", re.IGNORECASE)


def parse_number(text: str) -> dict | None:
    """Number, type code, issuer code and year of a document number."""
    m = _rules()["document-number-parts"].fullmatch(text)
    if not m:
        return None
    return {
        "number": m.group("number").lstrip("0") or "0",
        "type_code": m.group("type"),
        "issuer_code": m.group("issuer"),
        "year": m.group("year"),
    }


@Language.factory(
    "kg_document_recognizer",
    assigns=["doc._.kg_candidates"],
    requires=["doc._.kg_folded"],
    default_config={"types": {"@misc": "kg.rules.v1", "name": "documents"}},
)
def make_document_recognizer(nlp: Language, name: str, types):
    return DocumentRecognizer(types)


class DocumentRecognizer:
    """Finds documents by the patterns of ``patterns/documents.jsonl``."""

    def __init__(self, types=None):
        self.types_loader = types or (lambda: load("documents"))
        self.ready = False

    def initialize(self, get_examples=None, *, nlp=None) -> None:
        """Compile the patterns with the type words and codes."""
        self.types_loader()
        self.rx = _rules()
        self.type_words, self.type_codes = type_classes()
        self.simple = simple_patterns(patterns("documents"))
        self.ready = True

    def __call__(self, doc: Doc) -> Doc:
        if not self.ready:
            self.initialize()
        text = folded_text(doc)
        rx = self.rx
        for m in rx["document-number"].finditer(text):
            type_word = m.group("type") or m.group("ltype") or m.group("btype")
            type_word = type_word[0].upper() + type_word[1:]
            num = re.sub(r"\s*[-–]\s*", "-", m.group("num"))  # "40 – CT/TW" -> "40-CT/TW"
            parts = parse_number(num) or {"number": num.lstrip("0") or "0", "type_code": None,
                                           "issuer_code": None, "year": None}
            subtype = self.type_codes.get(parts["type_code"] or "", self.type_words.get(type_word))
            if type_word == "Quy định":
                subtype = "Regulation"
            emit(doc, m.start(), m.end(), "Document", "document-number", subtype,
                 type_word=type_word, number=DocumentNumber(**parts, text=num))
        for m in rx["document-anaphor"].finditer(text):
            emit(doc, m.start("type"), m.end("type"), "Document", "document-anaphor",
                 self.type_words[m.group("type")], type_word=m.group("type"), anaphor=True)
        for m in rx["document-congress"].finditer(text):
            if m.group().islower() or m.group("type") == "nghị quyết" or m.group().split()[2:3] == ["đại"]:
                if not rx["document-congress-lower"].search(m.group()):
                    continue  # "nghị quyết đại hội đảng bộ các cấp": a class, not one congress's resolution
            emit(doc, m.start(), m.end(), "Document", "document-congress", "Resolution")
        for m in rx["document-named"].finditer(text):
            sub = "Charter" if m.group().startswith("Điều lệ") else "Law"
            emit(doc, m.start(), m.end(), "Document", "document-named", sub)
        pos = 0
        while (m := rx["document-law"].search(text, pos)):
            pos = m.end()
            name = rx["document-law-stop"].sub("", m.group("name")).rstrip(" ,")
            if name.split():
                if (t := rx["document-law-titles"].match(text, m.start("name"))):
                    end = t.end()  # a known title: "Luật Bảo vệ và phát triển rừng", "Luật Quy hoạch| vẫn …"
                    if (c := rx["document-law-country"].match(text, end)):
                        end = c.end()
                else:
                    end = m.start("name") + len(name)
                    if (i := name.find(" nước Cộng")) > 0 and (c := rx["document-law-country"].match(text, m.start("name") + i)):
                        end = c.end()  # "Bộ luật Hình sự nước Cộng hòa xã hội chủ nghĩa Việt Nam năm 1985"
                if (y := rx["document-law-year"].match(text, end)):
                    end = y.end()  # "Luật Dân sự 2015": a bare year (gold: "… năm 2015" optional)
                elif (n := rx["document-law-number"].match(text, end)):
                    end = n.end()  # "Luật Giáo dục đại học số 34/2018/QH14": its full number
                emit(doc, m.start(), end, "Document", "document-law", "Law")
                pos = end  # "Luật Quy hoạch vẫn còn …, Bộ luật Hình sự": the next law may follow
        for m in rx["document-quoted"].finditer(text):
            trigger = m.group("trigger").casefold()
            sub = "Work" if trigger in ("tác phẩm", "cuốn sách", "bài viết", "bài báo") else None
            if sub is None:
                sub = self.type_words.get(m.group("trigger")[0].upper() + m.group("trigger")[1:], "Plan")
            emit(doc, m.start("title"), m.end("title"), "Document", "document-quoted", sub, quoted=True)
        for m in rx["document-bare-number"].finditer(text):
            # "163-KL/TW": a Party document's number alone, its type a known code
            parts = parse_number(m.group())
            if parts and parts["type_code"] in self.type_codes and parts["issuer_code"]:
                emit(doc, m.start(), m.end(), "Document", "document-bare-number", self.type_codes[parts["type_code"]],
                     number=DocumentNumber(**parts, text=m.group()))
        pos = 0
        while (m := rx["document-titled"].search(text, pos)):
            pos = m.end()
            if rx["document-titled-plural"].search(text[max(0, m.start() - 12) : m.start()]):
                continue  # "một số Đề án về …": a class of documents
            end = self._title_end(text, m.start("title"), m.end("title"))
            if end:
                head = m.group("head")  # "Báo cáo tổng kết": the class of its type word "Báo cáo"
                sub = self.type_words.get(head) or self.type_words.get(" ".join(head.split()[:2]), "Scheme")
                emit(doc, m.start(), end, "Document", "document-titled", sub)
                pos = end  # "Hiệp định về A và Hiệp định về B": the next title may follow
        emit_simple(doc, "Document", self.simple)
        self._amending(doc, text)
        self._quoted_after(doc, text)
        return doc

    def _quoted_after(self, doc: Doc, text: str) -> None:
        """"Nghị quyết Trung ương 6 khóa XII về “Tiếp tục đổi mới …”": a quoted title joined to a
        document just found (by "về" or ":") is that document's title, a mention of its own."""
        found = [c for c in doc._.kg_candidates or () if c.type == "Document" and not c.quoted]
        ends = {c.end: c for c in found}
        gap = self.rx["document-quoted-after-gap"]
        for m in self.rx["document-quoted-after"].finditer(text):
            quote = m.start()
            for end in sorted((e for e in ends if quote - 80 <= e <= quote), reverse=True):
                if gap.fullmatch(text, end, quote):
                    emit(doc, m.start("title"), m.end("title"), "Document", "document-quoted-after",
                         ends[end].subtype, quoted=True)
                    break

    def _amending(self, doc: Doc, text: str) -> None:
        """"Luật sửa đổi, bổ sung một số điều của Luật X (và Luật Y)": the amending document's
        title ends where the one it amends (a candidate found above) ends; so does a report on a
        draft ("Báo cáo giải trình, tiếp thu … dự thảo Luật X")."""
        # from the last to the first: "Báo cáo giải trình … dự thảo Nghị quyết sửa đổi, bổ sung …" ends
        # where the amending resolution it reports on (found first) ends
        for m in reversed(list(self.rx["document-amending"].finditer(text))):
            found = [c for c in doc._.kg_candidates or () if c.type == "Document"]
            end = self._doc_end(found, m.end())
            if end is None:
                continue
            while (a := re.compile(r"\s+và\s+").match(text, end)) and (e := self._doc_end(found, a.end())):
                end = e
            type_word = m.group("type") or m.group("rtype")
            emit(doc, m.start(), end, "Document", "document-amending", self.type_words.get(type_word, "Law"),
                 type_word=type_word)

    @staticmethod
    def _doc_end(found, start: int) -> int | None:
        return max((c.end for c in found if c.start == start), default=None)

    def _title_end(self, text: str, start: int, end: int) -> int | None:
        """Where an unquoted title ("Đề án sắp xếp, hợp nhất … cấp tỉnh") ends: before the first
        stop word (the clause's verb, "của" + its issuer, a date), at a comma after its first
        words (a comma right after the first verb coordinates: "sắp xếp, hợp nhất"), after at most
        ``max_words`` words; None when fewer than two words are left."""
        comma_words, max_words = self.rx["document-titled-limits"]
        stop = self.rx["document-titled-stop"].search(text, start, end)
        if stop:
            end = stop.start()
        title = text[start:end]
        inner = {i for p in self.rx["document-titled-comma"].finditer(title) for i in range(p.start(), p.end())}
        words = 0
        for w in re.finditer(r"[^\s,]+|,", title):
            if w.group() == ",":
                if words > comma_words and w.start() not in inner:
                    end = start + w.start()
                    break
                continue
            words += 1
            if words > max_words:
                return None
        title = self.rx["document-titled-trailing"].sub("", text[start:end].rstrip(" ,-–")).rstrip(" ,-–")
        if len(title.split()) < 2:
            return None
        return start + len(title)
