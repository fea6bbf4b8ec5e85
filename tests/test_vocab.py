"""The vocabulary in one place: every kg: term the code, the queries and the shapes use is
defined in schema.ttl, and a misspelled term fails loudly."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from rdflib import OWL, RDF, RDFS, Graph, URIRef

from kg.vocab import KG, ONTOLOGY
from tests.conftest import ROOT

PACKAGE = ROOT / "kg"


def _schema_terms() -> set[str]:
    """Local names of every kg: term schema.ttl defines (gives an rdf:type to)."""
    g = Graph().parse(ROOT / "schema.ttl", format="turtle")
    return {str(s)[len(ONTOLOGY):] for s in g.subjects(RDF.type, None)
            if isinstance(s, URIRef) and str(s).startswith(ONTOLOGY) and str(s) != ONTOLOGY}


SCHEMA_TERMS = _schema_terms()


def _code_terms() -> dict[str, set[str]]:
    """``KG.<term>`` attribute uses in kg/**/*.py, term -> files."""
    used: dict[str, set[str]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)
                    and node.value.id in ("KG", "_KG") and not node.attr.startswith("_")):
                used.setdefault(node.attr, set()).add(str(path.relative_to(ROOT)))
    return used


def _text_terms(paths) -> dict[str, set[str]]:
    """``kg:<term>`` in SPARQL and Turtle files (comments included: they name terms too)."""
    used: dict[str, set[str]] = {}
    for path in paths:
        for term in re.findall(r"(?<![\w/])kg:([A-Za-z_]\w*)", path.read_text(encoding="utf-8")):
            used.setdefault(term, set()).add(str(path.relative_to(ROOT)))
    return used


def test_schema_defines_classes_and_properties():
    g = Graph().parse(ROOT / "schema.ttl", format="turtle")
    assert (URIRef(ONTOLOGY + "Tenure"), RDF.type, OWL.Class) in g
    assert (URIRef(ONTOLOGY + "attestedOn"), RDF.type, OWL.DatatypeProperty) in g
    for term in SCHEMA_TERMS:  # every term has an English label or comment
        s = URIRef(ONTOLOGY + term)
        assert g.value(s, RDFS.label) is not None or g.value(s, URIRef("http://www.w3.org/2004/02/skos/core#prefLabel")) is not None, term


def test_namespace_matches_schema_both_ways():
    declared = set(KG.__annotations__)
    assert declared - SCHEMA_TERMS == set(), "in kg/vocab.py but not defined in schema.ttl"
    assert SCHEMA_TERMS - declared == set(), "defined in schema.ttl but missing from kg/vocab.py's KG"


def test_every_term_the_code_uses_is_defined():
    used = _code_terms()
    assert used, "no KG.<term> found: the scan is broken"
    undefined = {t: sorted(files) for t, files in used.items() if t not in SCHEMA_TERMS}
    assert undefined == {}


def test_every_term_the_queries_and_shapes_use_is_defined():
    files = sorted((ROOT / "queries" / "sparql").glob("*.rq")) + [ROOT / "shapes.ttl"]
    used = _text_terms(files)
    assert "Tenure" in used and "searchKey" in used
    undefined = {t: sorted(f) for t, f in used.items() if t not in SCHEMA_TERMS}
    assert undefined == {}


def test_every_term_in_a_built_graph_is_defined(sample_graph_dir):
    g = Graph().parse(sample_graph_dir / "graph.ttl", format="turtle")
    terms = {str(t)[len(ONTOLOGY):] for triple in g for t in triple
             if isinstance(t, URIRef) and str(t).startswith(ONTOLOGY)}
    assert terms - SCHEMA_TERMS == set()


@pytest.mark.parametrize("typo", ["Tenur", "attestedon", "Persons", "searchkey"])
def test_misspelled_term_raises(typo):
    with pytest.raises(AttributeError):
        getattr(KG, typo)


def test_known_terms_are_iris():
    assert KG.Tenure == URIRef(ONTOLOGY + "Tenure")
    assert KG.searchKey == URIRef(ONTOLOGY + "searchKey")


def test_shapes_are_not_in_the_ontology_namespace():
    shapes = Graph().parse(ROOT / "shapes.ttl", format="turtle")
    sh = URIRef("http://www.w3.org/ns/shacl#NodeShape")
    names = [str(s) for s in shapes.subjects(RDF.type, sh)]
    assert names and not [n for n in names if n.startswith(ONTOLOGY)]


def test_package_data_points_at_the_checkout():
    from kg.vocab import data_file

    assert data_file("schema.ttl").read_bytes() == (ROOT / "schema.ttl").read_bytes()
    assert Path(data_file("queries")).is_dir()


# ----------------------------------------------------------------------------- the query index (kgi:)

from kg.vocab import INDEX, KGI  # noqa: E402


def _index_terms() -> set[str]:
    g = Graph().parse(ROOT / "schema.ttl", format="turtle")
    return {str(s)[len(INDEX):] for s in g.subjects(RDF.type, None)
            if isinstance(s, URIRef) and str(s).startswith(INDEX)}


def test_the_index_namespace_matches_schema_both_ways():
    assert set(KGI.__annotations__) == _index_terms()


def test_every_index_term_the_code_and_queries_use_is_defined():
    defined = _index_terms()
    used: set[str] = set()
    for path in sorted(PACKAGE.rglob("*.py")):
        used |= set(re.findall(r"\b_?KGI\.([A-Za-z]\w*)", path.read_text(encoding="utf-8")))
    for path in sorted((ROOT / "queries" / "sparql").glob("*.rq")):
        used |= set(re.findall(r"(?<![\w/])kgi:([A-Za-z_]\w*)", path.read_text(encoding="utf-8")))
    assert "year" in used and "timelineOf" in used
    assert used - defined == set()


def test_the_index_is_not_in_the_published_graph(sample_graph_dir):
    assert INDEX not in (sample_graph_dir / "graph.ttl").read_text(encoding="utf-8")
