"""ontology/kg.ttl: parses, agrees with graph/namespaces.py, labelled in vi and en."""

from __future__ import annotations


import pytest
from rdflib import OWL, RDF, RDFS, Graph, Namespace, URIRef
from rdflib.namespace import DCTERMS, ORG, PROV, SDO

from graph import __version__
from graph.rdf.vocab import KG
from graph.evaluate.validate import ONTOLOGY, SHAPES

TOP = ("Organization", "Person", "Document", "Campaign", "Event", "Place")
KINDS = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)


@pytest.fixture(scope="module")
def ont() -> Graph:
    return Graph().parse(ONTOLOGY)


def kg_terms_in_python() -> set[str]:
    return {name for name in KG.__annotations__ if not name.startswith("_")}


def declared(ont: Graph) -> dict[str, URIRef]:
    """Local name -> rdf:type of every kg: term the ontology declares."""
    out = {}
    for kind in KINDS:
        for s in ont.subjects(RDF.type, kind):
            if isinstance(s, URIRef) and s.startswith(str(KG._NS)):
                out[s[len(KG._NS):]] = kind
    return out


def test_every_python_term_is_declared(ont):
    missing = kg_terms_in_python() - set(declared(ont))
    assert not missing, f"in namespaces.KG but not declared in kg.ttl: {sorted(missing)}"


def test_every_declared_term_is_in_python(ont):
    extra = set(declared(ont)) - kg_terms_in_python()
    assert not extra, f"declared in kg.ttl but not in namespaces.KG: {sorted(extra)}"


def test_no_undeclared_kg_iri_is_used(ont):
    """Typos in the Turtle (kg:Organisation) would mint terms nobody declared."""
    used = {t for triple in ont for t in triple if isinstance(t, URIRef) and t.startswith(str(KG._NS))}
    names = {t[len(KG._NS):] for t in used}
    assert names <= kg_terms_in_python(), sorted(names - kg_terms_in_python())


def test_header(ont):
    head = URIRef("https://w3id.org/vnkg/ontology")
    assert (head, RDF.type, OWL.Ontology) in ont
    assert str(ont.value(head, OWL.versionInfo)) == __version__
    assert ont.value(head, DCTERMS.title) is not None
    assert ont.value(head, DCTERMS.description) is not None


def test_every_term_has_vi_and_en_label_and_comment(ont):
    for name in declared(ont):
        term = KG[name]
        langs = {label.language for label in ont.objects(term, RDFS.label)}
        assert {"vi", "en"} <= langs, f"kg:{name} labels: {langs}"
        assert ont.value(term, RDFS.comment) is not None, f"kg:{name} has no rdfs:comment"


def test_classes_and_properties_are_kinds_that_fit(ont):
    kinds = declared(ont)
    for name, kind in kinds.items():
        if name[0].isupper():
            assert kind == OWL.Class, name
        else:
            assert kind in (OWL.ObjectProperty, OWL.DatatypeProperty), name
            assert ont.value(KG[name], RDFS.range) is not None, f"kg:{name} has no range"


def test_subclasses_of_each_top_class(ont):
    subs = {str(s)[len(str(KG._NS)):]: str(o)[len(str(KG._NS)):] for s, o in ont.subject_objects(RDFS.subClassOf)
            if str(s).startswith(str(KG._NS)) and str(o).startswith(str(KG._NS)) and str(o)[len(str(KG._NS)):] in TOP}
    by_top = {t: sorted(k for k, v in subs.items() if v == t) for t in TOP}
    assert not by_top["Person"]  # people have no subclasses
    sizes = {t: len(v) for t, v in by_top.items()}
    assert sizes["Organization"] >= 7 and sizes["Document"] >= 18 and sizes["Campaign"] >= 5
    assert sizes["Event"] >= 4 and sizes["Place"] >= 5
    assert {"Resolution", "ActionProgramme", "Conclusion"} <= set(by_top["Document"])


def test_vocab_module_is_generated_from_the_ontology():
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    r = subprocess.run([sys.executable, "scripts/gen_vocab.py", "--check"], cwd=root, capture_output=True, text=True)
    assert r.returncode == 0, r.stderr


def test_top_classes_are_not_subclasses_of_each_other(ont):
    for top in TOP:
        parents = set(ont.transitive_objects(KG[top], RDFS.subClassOf)) - {KG[top]}
        assert not parents & {KG[t] for t in TOP}, top


def test_alignments_with_external_vocabularies(ont):
    expected = [
        (KG.Organization, ORG.Organization),
        (KG.Organization, SDO.Organization),
        (KG.Person, SDO.Person),
        (KG.Person, PROV.Person),
        (KG.Document, SDO.CreativeWork),
        (KG.Document, PROV.Entity),
        (KG.Event, SDO.Event),
        (KG.Place, SDO.Place),
        (KG.Place, DCTERMS.Location),
        (KG.Article, SDO.NewsArticle),
        (KG.Figure, SDO.Observation),
        (KG.Assertion, RDF.Statement),
        (KG.PipelineComponent, PROV.SoftwareAgent),
    ]
    for sub, sup in expected:
        assert (sub, RDFS.subClassOf, sup) in ont, (sub, sup)
    for sub, sup in [
        (KG.issuedBy, DCTERMS.creator),
        (KG.issuedOn, DCTERMS.issued),
        (KG.subOrganizationOf, ORG.subOrganizationOf),
        (KG.organizedBy, SDO.organizer),
    ]:
        assert (sub, RDFS.subPropertyOf, sup) in ont, (sub, sup)


def test_relation_domains_and_ranges(ont):
    XSD = Namespace("http://www.w3.org/2001/XMLSchema#")
    assert ont.value(KG.issuedBy, RDFS.domain) == KG.Document
    assert ont.value(KG.issuedBy, RDFS.range) == KG.Organization
    assert ont.value(KG.issuedOn, RDFS.range) == XSD.date
    assert ont.value(KG.holdsPosition, RDFS.domain) == KG.Person
    assert ont.value(KG.holdsPosition, RDFS.range) == KG.Organization
    assert ont.value(KG.organizedBy, RDFS.range) == KG.Organization
    union = ont.value(KG.implements, RDFS.range)
    members = set(ont.items(ont.value(union, OWL.unionOf)))
    assert members == {KG.Document, KG.Campaign}


def test_shapes_parse_and_use_only_declared_kg_terms():
    shapes = Graph().parse(SHAPES)
    used = {t for triple in shapes for t in triple if isinstance(t, URIRef) and t.startswith(str(KG._NS))}
    assert used, "the shapes should constrain kg: terms"
    assert {t[len(KG._NS):] for t in used} <= kg_terms_in_python()


def test_seeds_graph_uses_only_declared_terms(seeds_exports, ont):
    """Every kg: class and property a real build writes is in the ontology."""
    import pyoxigraph as ox

    used = set()
    for quad in ox.parse(path=str(seeds_exports / "graph.nq"), format=ox.RdfFormat.N_QUADS):
        for term in (quad.predicate, quad.object):
            if isinstance(term, ox.NamedNode) and term.value.startswith(str(KG._NS)):
                used.add(term.value[len(KG._NS):])
    assert used, "the build wrote no kg: terms"
    assert used <= set(declared(ont)), sorted(used - set(declared(ont)))
