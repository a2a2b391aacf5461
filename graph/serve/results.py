"""Result formats of the SPARQL 1.1 Protocol, and the job that answers a query in a worker.

:func:`answer` runs in a query worker (:mod:`graph.query.worker`): it evaluates the
query and serialises it straight into a buffer capped at the result limit, so an
enormous result stops there instead of growing in memory.

>>> negotiate("text/csv;q=0.5, application/sparql-results+xml", RESULTS)
'application/sparql-results+xml'
"""

from __future__ import annotations

import pyoxigraph as ox

__all__ = ["RESULTS", "GRAPHS", "SHORT", "negotiate", "answer", "media_for"]

#: Result media types (first is the default) and pyoxigraph formats.
RESULTS = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "application/xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
GRAPHS = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "application/x-turtle": ox.RdfFormat.TURTLE,
    "application/turtle": ox.RdfFormat.TURTLE,
    "text/plain": ox.RdfFormat.N_TRIPLES,
}
#: ``format=``/``output=`` values (SPARQLWrapper and browsers send them).
SHORT = {
    "json": "application/sparql-results+json", "xml": "application/sparql-results+xml",
    "csv": "text/csv", "tsv": "text/tab-separated-values", "turtle": "text/turtle",
    "ttl": "text/turtle", "nt": "application/n-triples", "ntriples": "application/n-triples",
    "json-ld": "application/ld+json", "jsonld": "application/ld+json", "rdfxml": "application/rdf+xml",
}


def negotiate(accept: str, offered: dict) -> str:
    """The offered media type the ``Accept`` header prefers (first offered when none fits).

    >>> negotiate("*/*", GRAPHS)
    'text/turtle'
    >>> negotiate("text/*;q=0.9, application/ld+json", GRAPHS)
    'application/ld+json'
    """
    ranked = []
    for i, part in enumerate(accept.split(",")):
        media, *opts = [x.strip() for x in part.split(";")]
        q = 1.0
        for opt in opts:
            if opt.startswith("q="):
                try:
                    q = float(opt[2:])
                except ValueError:
                    q = 0.0
        ranked.append((-q, i, media.lower()))
    for _, _, media in sorted(ranked):
        if media in offered:
            return media
        if media in ("*/*", "application/*") or (media.endswith("/*") and any(m.startswith(media[:-1]) for m in offered)):
            return next(m for m in offered if media == "*/*" or m.startswith(media[:-1]))
    return next(iter(offered))


def media_for(result, accept: str, fmt: str | None) -> str:
    """The media type to answer with: ``format=`` first, else the ``Accept`` header."""
    wanted = SHORT.get((fmt or "").lower())
    offered = RESULTS if isinstance(result, (ox.QuerySolutions, ox.QueryBoolean)) else GRAPHS
    return wanted if wanted in offered else negotiate(accept, offered)


def answer(ctx, text: str, accept: str, fmt: str | None) -> tuple[bytes, str]:
    """A job: evaluate ``text`` and serialise the result as the client asked (runs in a worker)."""
    result = ctx.kg.raw(text)
    media = media_for(result, accept, fmt)
    if isinstance(result, ox.QueryBoolean):
        if RESULTS[media] in (ox.QueryResultsFormat.CSV, ox.QueryResultsFormat.TSV):
            return (b"true" if result else b"false"), "text/plain"
        return result.serialize(format=RESULTS[media]), media
    out = ctx.output()
    if isinstance(result, ox.QuerySolutions):
        result.serialize(out, format=RESULTS[media])
    else:
        ox.serialize(result, out, format=GRAPHS[media])
    return bytes(out.getvalue()), media
