"""The server's HTML: entity, article, ontology, query and explorer pages (every untrusted text escaped).

Every page has the search box (``assets/search.js``) and links to the query
page, the explorer and the ontology. Pages load only this server's own
scripts and styles; the Content-Security-Policy (:data:`CSP`) allows nothing
else, no inline script, no connection elsewhere. Article text is escaped
with :func:`html.escape` here, and the scripts put text into the page with
``textContent`` only.

:func:`html_page` and :func:`rdf_page` are jobs run in a query worker
(:mod:`graph.query.worker`), like any query: an entity with a huge
neighbourhood cannot stall the server either.

>>> _link("https://w3id.org/vnkg/id/org/x"), _e('<b a="1">')
('<a href="/id/org/x">https://w3id.org/vnkg/id/org/x</a>', '&lt;b a=&quot;1&quot;&gt;')
>>> local_href("https://w3id.org/vnkg/ontology#issuedBy")
'/ontology/issuedBy'
"""

from __future__ import annotations

import html
from urllib.parse import quote

from graph.rdf.vocab import ID
from graph.serve.entity import entity_job, rdf_job
from graph.serve.index import KG, ORG
from graph.serve.ontology import Ontology

__all__ = ["entity_html", "article_html", "ontology_html", "term_html", "page", "html_page", "rdf_page",
           "local_href", "INDEX_HTML", "EXPLORE_HTML", "CSP", "QUERY_CSP", "TYPE_NAMES"]

#: Pages: this server's scripts, styles and connections only.
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self' data:; "
       "connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
#: The query page: YASGUI sets styles on its elements and compiles templates at run time.
QUERY_CSP = ("default-src 'none'; script-src 'self' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; "
             "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'self'; "
             "frame-ancestors 'none'")

ARTICLE = "https://w3id.org/vnkg/article/"
ONTOLOGY = KG
#: Top classes in Vietnamese and English (the ontology's labels, capitalised for headings).
TYPE_NAMES = {"Organization": ("Tổ chức", "Organization"), "Person": ("Cá nhân", "Person"),
              "Document": ("Văn bản", "Document"), "Campaign": ("Phong trào", "Campaign"),
              "Event": ("Sự kiện", "Event"), "Place": ("Địa danh", "Place"), "Post": ("Chức vụ", "Post")}
#: How a relation reads from its object's page.
INVERSE = {
    "holdsPosition": ("người giữ chức vụ", "people holding positions here"),
    "subOrganizationOf": ("đơn vị trực thuộc", "sub-organizations"),
    "issuedBy": ("văn bản ban hành", "documents issued"),
    "presumedIssuedBy": ("văn bản được cho là do đơn vị ban hành", "documents presumed issued"),
    "implements": ("được triển khai bởi", "implemented by"),
    "organizedBy": ("sự kiện tổ chức", "events organized"),
    "locatedIn": ("ở đây có", "located here"),
    "authorOf": ("tác giả", "author"),
}


def _e(value) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def local_href(iri: str) -> str:
    """Where this server shows an IRI: entities under /id/, ontology terms under /ontology/."""
    if iri.startswith(str(ID)):
        return "/id/" + quote(iri[len(str(ID)):], safe="/-_.~")
    if iri.startswith(ONTOLOGY):
        return "/ontology/" + quote(iri[len(ONTOLOGY):], safe="")
    if iri.rstrip("#") == ONTOLOGY.rstrip("#"):
        return "/ontology"
    return f"/resource?iri={quote(iri, safe='')}"


def _link(iri: str, label: str | None = None, cls: str = "") -> str:
    """A link that stays on this server."""
    klass = f' class="{cls}"' if cls else ""
    return f'<a href="{_e(local_href(iri))}"{klass}>{_e(label or iri)}</a>'


def _bilingual(vi: str, en: str) -> str:
    return f'{_e(vi)} <span class="en">{_e(en)}</span>' if en and en != vi else _e(vi)


def _top(types: list[str]) -> str:
    for t in ("Organization", "Person", "Document", "Campaign", "Event", "Place"):
        if KG + t in types:
            return t
    return "Post" if ORG + "Post" in types else ""


def _type_badges(types: list[str], onto: Ontology) -> str:
    top = _top(types)
    out = []
    if top:
        vi, en = TYPE_NAMES[top]
        out.append(f'<span class="type t-{_e(top)}">{_bilingual(vi, en)}</span>')
    for t in types:
        if t.startswith(KG) and t[len(KG):] not in TYPE_NAMES:
            vi, en = onto.label(t)
            out.append(f'<a class="subtype" href="{_e(local_href(t))}">{_bilingual(vi, en)}</a>')
    return " ".join(out)


def _sentence(src: dict) -> str:
    """The sentence with the mentions marked, and its article linked."""
    text, parts, at = src["text"], [], 0
    for b, e in src.get("marks", []):
        if b < at:
            continue
        parts.append(_e(text[at:b]))
        parts.append(f"<mark>{_e(text[b:e])}</mark>")
        at = e
    parts.append(_e(text[at:]))
    article = _link(src["article"], src.get("headline") or src["article"].rsplit("/", 1)[-1], "article")
    return f'<blockquote class="source"><p>{"".join(parts)}</p><footer>{article}</footer></blockquote>'


def _sources(slot: dict, fact: tuple[str, str, str] | None = None) -> str:
    """The sentences behind a value, folded. Past the page's budget none were read: the
    page's script asks /api/evidence for them when the reader opens it (``fact``: s, p, o)."""
    sources = slot.get("sources", [])
    count = slot.get("count", len(sources))
    if not count:
        return ""
    more = f" (showing {len(sources)})" if sources and count > len(sources) else ""
    summary = f"{count} câu · sentence{'s' if count != 1 else ''}{more}"
    lazy = ""
    if not sources:
        if fact is None:
            return ""
        s, p, o = (_e(x) for x in fact)
        lazy = f' data-s="{s}" data-p="{p}" data-o="{o}"'
    return f'<details class="why"{lazy}><summary>{summary}</summary>{"".join(map(_sentence, sources))}</details>'


def _value(term: dict, names: dict, onto: Ontology) -> str:
    if "iri" in term:
        iri = term["iri"]
        label = names.get(iri)
        if label is None and iri.startswith(KG):
            label = " · ".join(onto.label(iri))
        return _link(iri, label or iri.rsplit("/", 1)[-1])
    if "blank" in term:
        return '<span class="muted">(blank node)</span>'
    return f'<span class="literal">{_e(term.get("text", term.get("value", "")))}</span>'


def _group(title: str, slots: list[dict], total: int, names: dict, onto: Ontology, anchor: str,
           fact=None) -> str:
    """One relation's values; ``fact(value IRI)`` gives the (s, p, o) of a value's fact."""
    items = "".join(f"<li>{_value(s['term'], names, onto)}"
                    f"{_sources(s, fact(s['term']['iri']) if fact and 'iri' in s['term'] else None)}</li>"
                    for s in slots)
    more = (f'<p class="muted">… and {total - len(slots)} more; the explorer and the query page show all of them.</p>'
            if total > len(slots) else "")
    return f'<section class="facts" id="{_e(anchor)}"><h3>{title}</h3><ul>{items}</ul>{more}</section>'


def _term_link(p: str) -> str:
    """The property's short name, linked to its definition."""
    from graph.serve.entity import SCHEMA

    for prefix, ns in (("kg", KG), ("org", ORG), ("schema", SCHEMA)):
        if p.startswith(ns):
            return f'<a class="term" href="{_e(local_href(p))}">{prefix}:{_e(p[len(ns):])}</a>'
    return f'<a class="term" href="{_e(local_href(p))}">{_e(p)}</a>'


def _group_memberships(rows: list[dict], key: tuple[str, ...]) -> list[dict]:
    """One row per post held (the same role in the same body, former or not), however many
    sentences state it: the dates it is stated for, the number of sentences, the first sources."""
    groups: dict[tuple, dict] = {}
    for r in rows:
        k = tuple(r.get(c) or "" for c in key) + (r.get("former") == "true",)
        g = groups.setdefault(k, {**r, "dates": [], "sources": [], "count": 0})
        g["count"] += 1
        for d in (r.get("asOf"), r.get("start"), r.get("end")):
            if d:
                g["dates"].append(d)
        if r.get("source") and len(g["sources"]) < 3 and r["source"] not in g["sources"]:
            g["sources"].append(r["source"])
    for g in groups.values():
        g["dates"] = sorted(set(g["dates"]))
    return sorted(groups.values(), key=lambda g: (g["dates"][-1] if g["dates"] else "", g["count"],
                                                  g.get("role", "")), reverse=True)


def _membership_table(rows: list[dict], names: dict, columns: tuple[str, ...]) -> str:
    heads = {"role": ("Chức vụ", "Role"), "body": ("Cơ quan", "Body"), "person": ("Người giữ", "Holder"),
             "asOf": ("Thời gian", "When"), "former": ("Nguyên", "Former"), "source": ("Nguồn", "Source")}
    head = "".join(f'<th class="c-{c}">{_bilingual(*heads[c])}</th>' for c in columns)
    body = []
    key = tuple(c for c in columns if c in ("role", "body", "person")) + ("post",)
    for r in _group_memberships(rows, key):
        cells = []
        for c in columns:
            if c in ("body", "person"):
                cells.append(f"<td>{_link(r[c], names.get(r[c]) or r[c].rsplit('/', 1)[-1]) if r.get(c) else ''}</td>")
            elif c == "role":
                post = _link(r["post"], r.get("role") or "?") if r.get("post") else _e(r.get("role", ""))
                cells.append(f"<td>{post}</td>")
            elif c == "asOf":
                dates = r["dates"]
                when = _e(dates[0]) if len(dates) == 1 else (f"{_e(dates[0])} – {_e(dates[-1])}" if dates else "")
                cells.append(f"<td>{when}</td>")
            elif c == "former":
                cells.append(f"<td>{'nguyên · former' if r.get('former') == 'true' else ''}</td>")
            elif c == "source":
                cells.append(f"<td>{_sources({'sources': r['sources'], 'count': r['count']})}</td>")
        body.append(f"<tr>{''.join(cells)}</tr>")
    return f'<table class="posts"><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table>'


def entity_html(data: dict, onto: Ontology | None = None) -> str:
    """The page of an entity, from what :func:`graph.serve.entity.entity_job` read."""
    onto = onto or Ontology.load()
    names = data["labels"]
    iri, label = data["iri"], data["label"] or data["iri"].rsplit("/", 1)[-1]
    top = _top(data["types"])
    rows = []
    rows.append(("Loại · Type", _type_badges(data["types"], onto) or "<span class=muted>–</span>"))
    if data.get("scope"):
        rows.append(("Tỉnh · Province", _link(data["scope"], names.get(data["scope"]) or data["scope"].rsplit("/", 1)[-1])))
    if data["aliases"]:
        rows.append(("Tên khác · Also written", " · ".join(f'<span class="alias">{_e(a)}</span>' for a in data["aliases"])))
    m = data["mentions"]
    rows.append(("Được nhắc · Mentioned", f"{m['mentions']:,} lần · times in {m['articles']:,} bài · articles"))
    out, inc = data["out"], data["in"]
    summary = []
    if top == "Document":
        for p, title in (("documentNumber", ("Số hiệu", "Number")), ("issuedBy", ("Cơ quan ban hành", "Issued by")),
                         ("presumedIssuedBy", ("Được cho là do", "Presumed issued by")),
                         ("issuedOn", ("Ngày ban hành", "Issued on"))):
            slots = out.get(KG + p)
            if slots:
                summary.append((_bilingual(*title), ", ".join(_value(s["term"], names, onto) for s in slots)))
        slots = inc.get(KG + "implements")
        if slots:
            summary.append((_bilingual("Đơn vị triển khai", "Implemented by"),
                            ", ".join(_value(s["term"], names, onto) for s in slots)))
    if top == "Organization":
        for key, title, group in (("subOrganizationOf", ("Trực thuộc", "Part of"), out),
                                  ("subOrganizationOf", ("Đơn vị trực thuộc", "Sub-organizations"), inc),
                                  ("locatedIn", ("Ở", "Located in"), out)):
            slots = group.get(KG + key)
            if slots:
                summary.append((_bilingual(*title), ", ".join(_value(s["term"], names, onto) for s in slots)))
    if top == "Event":
        for p, title in (("organizedBy", ("Đơn vị tổ chức", "Organized by")), ("heldOn", ("Diễn ra", "Held on")),
                         ("locatedIn", ("Ở", "Located in"))):
            slots = out.get(KG + p)
            if slots:
                summary.append((_bilingual(*title), ", ".join(_value(s["term"], names, onto) for s in slots)))
    info = "".join(f"<tr><th>{k}</th><td>{v}</td></tr>" for k, v in rows + summary)
    parts = [f'<table class="infobox"><tbody>{info}</tbody></table>']

    if data["posts"]:
        parts.append('<section id="posts"><h2>Chức vụ <span class="en">Posts</span></h2>'
                     + _membership_table(data["posts"], names, ("role", "body", "asOf", "former", "source")) + "</section>")
    if data["holders"]:
        parts.append('<section id="holders"><h2>Người giữ chức vụ <span class="en">Office holders</span></h2>'
                     + _membership_table(data["holders"], names, ("person", "role", "asOf", "former", "source"))
                     + "</section>")
    if data["post_holders"]:
        parts.append('<section id="post-holders"><h2>Người giữ chức vụ này <span class="en">Holders of this post</span></h2>'
                     + _membership_table(data["post_holders"], names, ("person", "asOf", "former", "source")) + "</section>")

    facts = []
    totals = data.get("totals", {"out": {}, "in": {}})
    for p, slots in out.items():
        vi, en = onto.label(p)
        facts.append(_group(f'{_bilingual(vi, en)} {_term_link(p)}',
                            slots, totals["out"].get(p, len(slots)), names, onto, "out-" + p.rsplit("#", 1)[-1],
                            lambda o, p=p: (iri, p, o)))
    for p, slots in inc.items():
        name = p[len(KG):] if p.startswith(KG) else p
        vi, en = INVERSE.get(name, ("← " + onto.label(p)[0], "← " + onto.label(p)[1]))
        facts.append(_group(f'{_bilingual(vi, en)} {_term_link(p)}',
                            slots, totals["in"].get(p, len(slots)), names, onto, "in-" + name,
                            lambda s, p=p: (s, p, iri)))
    if facts:
        parts.append(f'<section id="facts"><h2>Quan hệ <span class="en">Facts</span></h2>{"".join(facts)}</section>')
    if m["sample"]:
        more = (f'<p class="muted">The first {len(m["sample"])} of {m["mentions"]:,} mentions.</p>'
                if m["mentions"] > len(m["sample"]) else "")
        parts.append('<section id="mentions"><h2>Được nhắc đến <span class="en">Mentioned in</span></h2>'
                     + "".join(map(_sentence, m["sample"])) + more + "</section>")
    actions = (f'<p class="actions"><a class="button" href="/explore?iri={_e(quote(iri, safe=""))}">'
               f'Xem trên đồ thị · Show in graph</a> '
               f'<a href="{_e(local_href(iri))}{"&" if "?" in local_href(iri) else "?"}format=ttl">Turtle</a> · '
               f'<a href="{_e(local_href(iri))}{"&" if "?" in local_href(iri) else "?"}format=jsonld">JSON-LD</a></p>')
    body = f'<p class="iri">{_e(iri)}</p>{actions}{"".join(parts)}'
    return page(label, body, alternate=local_href(iri), scripts=("entity.js",))


def article_html(data: dict) -> str:
    """An article: headline, date, source, and its text with every mention linked to its entity."""
    text, parts, at = data["text"], [], 0
    end = data["boilerplate"] or len(text)
    for b, e, x in data["mentions"]:
        if b < at or e > end:
            continue
        parts.append(_e(text[at:b]))
        parts.append(f'<a class="mention" href="{_e(local_href(x))}" title="{_e(data["labels"].get(x, x))}">'
                     f"{_e(text[b:e])}</a>")
        at = e
    parts.append(_e(text[at:end]))
    paragraphs = "".join(f"<p>{p}</p>" for p in "".join(parts).split("\n") if p.strip())
    meta = [x for x in (data["published"], data["source"], data["byline"]) if x]
    body = (f'<p class="iri">{_e(data["iri"])}</p><p class="muted">{" · ".join(map(_e, meta))}</p>'
            f'<article class="text">{paragraphs}</article>')
    return page(data["headline"] or data["key"] or data["iri"], body)


def ontology_html(onto: Ontology) -> str:
    """Every class and property of the ontology, linked to its page."""
    sections = []
    for kind, title in (("Class", ("Lớp", "Classes")), ("ObjectProperty", ("Quan hệ", "Relations")),
                        ("DatatypeProperty", ("Thuộc tính", "Attributes"))):
        items = "".join(f'<li><a href="{_e(local_href(t.iri))}">kg:{_e(t.name)}</a> — {_bilingual(t.vi, t.en)}</li>'
                        for t in onto.terms.values() if t.kind == kind)
        sections.append(f"<section><h2>{_bilingual(*title)}</h2><ul class='terms'>{items}</ul></section>")
    return page(onto.title[0] or "Ontology", f'<p class="en">{_e(onto.title[1])}</p>'
                f'<p><a href="/ontology?format=ttl">kg.ttl</a></p>{"".join(sections)}')


def term_html(onto: Ontology, iri: str) -> str | None:
    """The page of one ontology term: labels, definition, hierarchy, domain and range."""
    t = onto.terms.get(iri)
    if t is None:
        return None

    def links(iris) -> str:
        return ", ".join(_link(i, (f"kg:{i[len(KG):]}" if i.startswith(KG) else i)) for i in iris) or "–"

    rows = [("Loại · Kind", _e(t.kind)), ("Tiếng Việt", _e(t.vi)), ("English", _e(t.en)),
            ("Định nghĩa · Definition", _e(t.comment))]
    if t.parents:
        rows.append(("Thuộc · Broader", links(t.parents)))
    subs = onto.subclasses(iri)
    if subs:
        rows.append(("Hẹp hơn · Narrower", links(subs)))
    if t.domain:
        rows.append(("Miền · Domain", links(t.domain)))
    if t.range:
        rows.append(("Miền giá trị · Range", links(t.range)))
    if t.kind == "Class":
        used = onto.used_with(iri)
        if used:
            rows.append(("Dùng với · Used with", links(used)))
    if t.see_also:
        rows.append(("Xem thêm · See also", links(t.see_also)))
    info = "".join(f"<tr><th>{k}</th><td>{v}</td></tr>" for k, v in rows)
    return page(f"kg:{t.name}", f'<p class="iri">{_e(iri)}</p><table class="infobox"><tbody>{info}</tbody></table>'
                '<p><a href="/ontology">Toàn bộ bản thể học · The whole ontology</a></p>')


def page(title: str, body: str, *, alternate: str | None = None, scripts: tuple[str, ...] = (),
         wide: bool = False) -> str:
    """A page of this server: the header with the search box and links, then ``body`` (already escaped)."""
    alt = ""
    if alternate:
        sep = "&" if "?" in alternate else "?"
        alt = (f'<link rel="alternate" type="text/turtle" href="{_e(alternate)}{sep}format=ttl">'
               f'<link rel="alternate" type="application/ld+json" href="{_e(alternate)}{sep}format=jsonld">')
    js = "".join(f'<script src="/assets/{_e(s)}" defer></script>' for s in ("search.js", *scripts))
    return f"""<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{_e(title)} – vnkg</title><link rel="stylesheet" href="/assets/site.css">{alt}{js}</head>
<body class="{'wide' if wide else 'reading'}">{HEADER}<main><h1>{_e(title)}</h1>{body}</main></body></html>"""


HEADER = """<header class="bar"><a class="brand" href="/explore">vnkg</a>
<form class="search" action="/search" method="get" role="search"><input name="q" type="search" autocomplete="off"
 placeholder="Tìm tên, tên khác, chức vụ · Search names, aliases, posts" aria-label="Search"><ul class="suggest" hidden></ul></form>
<nav><a href="/explore">Đồ thị · Graph</a> <a href="/">SPARQL</a> <a href="/ontology">Bản thể học · Ontology</a></nav></header>"""


INDEX_HTML = f"""<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><title>SPARQL – vnkg</title>
<link rel="stylesheet" href="/assets/yasgui.min.css"><link rel="stylesheet" href="/assets/site.css">
<script src="/assets/search.js" defer></script>
</head><body class="wide">{HEADER}<main>
<h1>SPARQL</h1>
<p>Example: <select id="examples"><option value="">— named queries —</option></select>
<span id="comment"></span> <button id="show-graph" type="button" class="button">Xem kết quả trên đồ thị · Show results in graph</button></p>
<div id="yasgui"></div>
</main>
<script src="/assets/yasgui.min.js"></script>
<script src="/assets/query.js"></script>
</body></html>
"""

EXPLORE_HTML = f"""<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Đồ thị · Graph – vnkg</title><link rel="stylesheet" href="/assets/site.css"><link rel="stylesheet" href="/assets/explore.css">
<script src="/assets/search.js" defer></script>
</head><body class="explore">{HEADER}
<div id="explorer">
<aside id="side">
  <div id="tools">
    <button type="button" id="undo" disabled>↶ Hoàn tác · Undo</button>
    <button type="button" id="pin" disabled>Ghim · Pin</button>
    <button type="button" id="hide" disabled>Ẩn · Hide</button>
    <button type="button" id="fit">Toàn cảnh · Fit</button>
    <button type="button" id="clear">Xóa · Clear</button>
  </div>
  <form id="path-form" autocomplete="off"><label>Đường đi đến · Path to
    <input id="path-to" type="search" placeholder="tên · name" list="path-list"></label><datalist id="path-list"></datalist>
    <button type="submit">→</button></form>
  <p id="status" class="muted" aria-live="polite"></p>
  <fieldset id="types"><legend>Loại · Types</legend></fieldset>
  <fieldset id="relations"><legend>Quan hệ · Relations</legend></fieldset>
  <section id="panel" aria-live="polite"><p class="muted">Nhấp một nút để mở rộng, một cạnh để xem câu nguồn.
  Click a node to expand it, an edge to read the sentences behind it.</p></section>
</aside>
<div id="net"></div>
</div>
<script src="/assets/vis-network.min.js"></script>
<script src="/assets/explore.js"></script>
</body></html>
"""


def html_page(ctx, iri: str) -> str | None:
    """A job: the HTML page of an entity, None when nothing is known about it."""
    data = entity_job(ctx, iri)
    if data is None:
        return None
    text = entity_html(data)
    ctx.capped(text.encode("utf-8"))
    return text


def rdf_page(ctx, iri: str, media: str) -> tuple[bytes, str]:
    """A job: the entity's facts as Turtle, N-Triples, JSON-LD or RDF/XML."""
    return rdf_job(ctx, iri, media)
