"""Entity pages and the query page: HTML (every untrusted text escaped), Turtle and friends.

:func:`html_page` and :func:`rdf_page` are jobs run in a query worker
(:mod:`graph.query.worker`), like any query: an entity with a huge
neighbourhood cannot stall the server either.

>>> _link("https://w3id.org/vnkg/id/org/x"), _e('<b a="1">')
('<a href="/id/org/x">https://w3id.org/vnkg/id/org/x</a>', '&lt;b a=&quot;1&quot;&gt;')
"""

from __future__ import annotations

import html
from urllib.parse import quote

import pyoxigraph as ox

from graph.query.api import KnowledgeGraph, to_python
from graph.rdf.vocab import ID
from graph.serve.results import GRAPHS

__all__ = ["entity_page", "entity_rdf", "html_page", "rdf_page", "page", "INDEX_HTML"]


def _e(value) -> str:
    return html.escape("" if value is None else str(value), quote=True)


_FACTS = """
SELECT ?dir ?p ?o ?text ?article ?headline WHERE {{
  {{ GRAPH ?g {{ <{iri}> ?p ?o }} BIND("out" AS ?dir) }}
  UNION
  {{ GRAPH ?g {{ ?o ?p <{iri}> }} FILTER(!isBlank(?o) && ?p != <http://www.w3.org/2005/11/its/rdf#taIdentRef>)
     BIND("in" AS ?dir) }}
  OPTIONAL {{ ?g <http://www.w3.org/ns/prov#wasDerivedFrom> ?s .
             ?s <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#anchorOf> ?text ;
                <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#referenceContext> ?article .
             OPTIONAL {{ ?article <https://schema.org/headline> ?headline }} }}
}} LIMIT 2000"""

# Labels of the linked entities, in a second query: joined in the first, each label
# would come once per sentence graph repeating it (the union default graph is a bag).
_LABELS = """
SELECT ?o (SAMPLE(?l) AS ?label) WHERE {{
  VALUES ?o {{ {iris} }}
  ?o <http://www.w3.org/2000/01/rdf-schema#label> ?l
}} GROUP BY ?o"""

_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"


def _link(iri: str, label: str | None = None) -> str:
    """A link that stays on this server for entity IRIs."""
    href = f"/id/{iri[len(str(ID)):]}" if iri.startswith(str(ID)) else f"/resource?iri={quote(iri, safe='')}"
    return f'<a href="{_e(href)}">{_e(label or iri)}</a>'


def entity_page(kg: KnowledgeGraph, iri: str) -> str | None:
    """HTML: the entity's facts, each with the sentences that state it (all text escaped)."""
    facts: dict[tuple, dict] = {}
    labels: set[str] = set()
    for sol in kg.raw(_FACTS.format(iri=iri)):
        p, o = sol["p"].value, sol["o"]
        if sol["dir"].value == "out" and p == _LABEL:
            labels.add(o.value)
        key = (sol["dir"].value, p, str(o))
        fact = facts.setdefault(key, {"o": o, "sources": {}})
        if sol["text"] is not None:
            fact["sources"][sol["text"].value] = (sol["article"].value, sol["headline"].value if sol["headline"] else None)
    if not facts:
        return None
    linked = {str(f["o"]) for f in facts.values() if isinstance(f["o"], ox.NamedNode)}
    names = {}
    if linked:
        for sol in kg.raw(_LABELS.format(iris=" ".join(sorted(linked)))):
            names[sol["o"].value] = sol["label"].value
    title = " / ".join(sorted(labels)) or iri
    rows = []
    for (direction, p, _), fact in sorted(facts.items(), key=lambda kv: (kv[0][0] != "out", kv[0][1], kv[0][2])):
        o = fact["o"]
        if isinstance(o, ox.NamedNode):
            value = _link(o.value, names.get(o.value))
        elif isinstance(o, ox.BlankNode):
            value = f"<i>[{_e(o.value)}]</i>"
        else:
            value = _e(to_python(o))
        sources = "".join(
            f"<li>“{_e(text)}” — {_link(art, head or art)}</li>" for text, (art, head) in sorted(fact["sources"].items()))
        subject, obj = ("this", value) if direction == "out" else (value, "this")
        rows.append(f"<tr><td>{subject}</td><td>{_link(p, _short(p))}</td><td>{obj}</td>"
                    f"<td><ul>{sources}</ul></td></tr>")
    body = (f"<p class=iri>{_e(iri)}</p><table><thead><tr><th>subject</th><th>property</th><th>value</th>"
            f"<th>stated in</th></tr></thead><tbody>{''.join(rows)}</tbody></table>")
    return page(title, body)


def entity_rdf(kg: KnowledgeGraph, iri: str, media: str) -> tuple[bytes, str]:
    """The facts about the entity (as subject) across all graphs, by media type."""
    result = kg.raw(f"CONSTRUCT {{ <{iri}> ?p ?o }} WHERE {{ <{iri}> ?p ?o }}")
    from graph.store.knowledge_store import _prefixes

    fmt = GRAPHS[media]
    kw = {"prefixes": _prefixes()} if fmt == ox.RdfFormat.TURTLE else {}
    return ox.serialize(result, format=fmt, **kw) or b"", media


def _short(iri: str) -> str:
    from graph.store.knowledge_store import _prefixes

    for p, ns in _prefixes().items():
        if iri.startswith(ns):
            return f"{p}:{iri[len(ns):]}"
    return iri


def page(title: str, body: str) -> str:
    return f"""<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><title>{_e(title)}</title>
<style>body{{font-family:sans-serif;margin:2em}}table{{border-collapse:collapse}}
td,th{{border:1px solid #ccc;padding:4px;vertical-align:top}}.iri{{color:#666}}</style>
</head><body><p><a href="/">SPARQL</a></p><h1>{_e(title)}</h1>{body}</body></html>"""


INDEX_HTML = """<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><title>SPARQL – vnkg</title>
<link rel="stylesheet" href="/assets/yasgui.min.css">
<style>body{font-family:sans-serif;margin:1em} #examples{margin:0.5em 0}</style>
</head><body>
<h1>SPARQL</h1>
<p>Example: <select id="examples"><option value="">— named queries —</option></select>
<span id="comment"></span></p>
<div id="yasgui"></div>
<script src="/assets/yasgui.min.js"></script>
<script>
const endpoint = location.origin + "/sparql";
const yasgui = new Yasgui(document.getElementById("yasgui"), {
  requestConfig: {endpoint: endpoint, method: "POST"},
  copyEndpointOnNewTab: false, endpointCatalogueOptions: {getData: () => []},
  persistenceId: null,
});
window.yasgui = yasgui;
fetch("/queries.json").then(r => r.json()).then(queries => {
  const select = document.getElementById("examples");
  for (const q of queries) {
    const opt = document.createElement("option");
    opt.value = q.name; opt.textContent = q.name + " – " + q.comment;
    select.appendChild(opt);
  }
  select.addEventListener("change", () => {
    const q = queries.find(x => x.name === select.value);
    if (!q) return;
    document.getElementById("comment").textContent = q.comment;
    const tab = yasgui.getTab();
    tab.setEndpoint(endpoint);
    tab.setQuery(q.query);
  });
});
</script>
</body></html>
"""


def html_page(ctx, iri: str) -> str | None:
    """A job: the HTML page of an entity, None when nothing is known about it."""
    text = entity_page(ctx.kg, iri)
    if text is not None:
        ctx.capped(text.encode("utf-8"))
    return text


def rdf_page(ctx, iri: str, media: str) -> tuple[bytes, str]:
    """A job: the entity's facts as Turtle, N-Triples, JSON-LD or RDF/XML."""
    body, media = entity_rdf(ctx.kg, iri, media)
    return ctx.capped(body), media
