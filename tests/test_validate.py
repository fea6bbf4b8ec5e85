"""SHACL: every built graph conforms; a broken one is reported node by node, rule by rule."""

from __future__ import annotations

import shutil

import pytest
from rdflib import OWL, RDF, RDFS, Graph, Literal, URIRef
from typer.testing import CliRunner

from kg.cli import app
from kg.errors import GraphNotFoundError
from kg.model import Fact, KnowledgeGraph, Node, Provenance
from kg.rdf import borrowed_sources
from kg.rdf.validate import compact, validate_graph
from kg.vocab import KG, ONTOLOGY, PROV, SCHEMA
from tests.conftest import ROOT

runner = CliRunner()
SH = "http://www.w3.org/ns/shacl#"


def broken_copy(graph_dir, tmp_path, edit) -> tuple:
    """A copy of a built graph folder whose graph.ttl ``edit(graph)`` changed; returns (dir, what edit returned)."""
    out = tmp_path / "broken"
    out.mkdir()
    g = Graph().parse(graph_dir / "graph.ttl", format="turtle")
    target = edit(g)
    g.serialize(out / "graph.ttl", format="turtle")
    return out, target


def first(g, cls):
    return sorted(g.subjects(RDF.type, cls))[0]


# ----------------------------------------------------------------------------- built graphs conform


def test_sample_graph_conforms(sample_graph_dir):
    report = validate_graph(sample_graph_dir)
    assert report.conforms, "\n".join(map(str, report.violations))
    assert report.violations == []


def test_seed_graph_conforms(seed_graph_dir):
    report = validate_graph(seed_graph_dir)
    assert report.conforms, "\n".join(map(str, report.violations))


def test_cli_validate_passes(sample_graph_dir):
    r = runner.invoke(app, ["validate", "--graph", str(sample_graph_dir)])
    assert r.exit_code == 0, r.output
    assert "conforms" in r.stdout


# ----------------------------------------------------------------------------- broken graphs fail


def test_tenure_without_source_is_named(seed_graph_dir, tmp_path):
    def drop_sources(g):
        t = first(g, KG.Tenure)
        g.remove((t, PROV.wasDerivedFrom, None))
        return t

    folder, tenure = broken_copy(seed_graph_dir, tmp_path, drop_sources)
    report = validate_graph(folder)
    assert not report.conforms
    assert [(v.focus, v.path, v.shape) for v in report.violations] == [
        (compact(str(tenure)), "prov:wasDerivedFrom", "kgsh:TenureShape")]
    assert "source sentence" in report.violations[0].message

    r = runner.invoke(app, ["validate", "--graph", str(folder)])
    assert r.exit_code == 1
    assert compact(str(tenure)) in r.stdout and "a tenure is traced to a source sentence" in r.stdout
    assert "[kgsh:TenureShape]" in r.stdout
    assert r.stderr.startswith("Error: ") and "1 violations" in r.stderr


def _participant_is_an_org(g):
    p = first(g, KG.Participation)
    g.set((p, KG.participant, first(g, KG.Organization)))
    return p, "kg:participant", "kgsh:ParticipationShape"


def _role_is_unknown(g):
    p = first(g, KG.Participation)
    g.set((p, KG.role, KG.Tenure))
    return p, "kg:role", "kgsh:ParticipationShape"


def _two_holders(g):
    t = first(g, KG.Tenure)
    g.add((t, URIRef("http://www.w3.org/ns/org#member"), first(g, KG.Person)))
    g.add((t, URIRef("http://www.w3.org/ns/org#member"), first(g, KG.Country)))
    return t, "org:member", "kgsh:TenureShape"


def _event_date_is_text(g):
    e = first(g, KG.Event)
    g.set((e, SCHEMA.startDate, Literal("15/12")))
    return e, "schema:startDate", "kgsh:EventShape"


def _label_without_language(g):
    p = first(g, KG.Person)
    g.set((p, URIRef("http://www.w3.org/2004/02/skos/core#prefLabel"), Literal("Phạm Bình Minh")))
    return p, "skos:prefLabel", "kgsh:EntityShape"


def _link_relation_unknown(g):
    link = first(g, KG.DirectiveLink)
    g.set((link, KG.relation, Literal("mentions")))
    return link, "kg:relation", "kgsh:DirectiveLinkShape"


def _mention_without_article(g):
    m = first(g, KG.Mention)
    g.remove((m, KG.article, None))
    return m, "kg:article", "kgsh:MentionShape"


def _offsets_reversed(g):
    m = first(g, KG.Mention)
    start, end = g.value(m, KG.startOffset), g.value(m, KG.endOffset)
    g.set((m, KG.startOffset, end))
    g.set((m, KG.endOffset, start))
    return m, "kg:startOffset", "kgsh:MentionShape"


def _directive_without_number(g):
    d = first(g, KG.Directive)
    g.remove((d, KG.documentNumber, None))
    return d, "kg:documentNumber", "kgsh:DirectiveShape"


def _organization_of_no_kind(g):
    o = first(g, KG.Organization)
    g.remove((o, RDF.type, KG.GovernmentOrganization))
    g.remove((o, RDF.type, KG.InternationalOrganization))
    return o, "", "kgsh:OrganizationShape"


@pytest.mark.parametrize("edit", [
    _participant_is_an_org, _role_is_unknown, _two_holders, _event_date_is_text, _label_without_language,
    _link_relation_unknown, _mention_without_article, _offsets_reversed, _directive_without_number,
    _organization_of_no_kind,
], ids=lambda f: f.__name__.strip("_"))
def test_broken_graph_names_node_and_rule(seed_graph_dir, tmp_path, edit):
    folder, (node, path, shape) = broken_copy(seed_graph_dir, tmp_path, edit)
    report = validate_graph(folder)
    assert not report.conforms
    found = {(v.focus, v.path, v.shape) for v in report.violations}
    assert (compact(str(node)), path, shape) in found, "\n".join(map(str, report.violations))
    assert all(v.message for v in report.violations)


def test_missing_graph(tmp_path):
    with pytest.raises(GraphNotFoundError):
        validate_graph(tmp_path)
    r = runner.invoke(app, ["validate", "--graph", str(tmp_path / "none")])
    assert r.exit_code == 1
    assert r.stderr.startswith("Error: no built graph") and "kg build" in r.stderr


def test_unparsable_graph(seed_graph_dir, tmp_path):
    shutil.copytree(seed_graph_dir, tmp_path / "g", ignore=shutil.ignore_patterns("store"))
    (tmp_path / "g" / "graph.ttl").write_text("this is @not turtle", encoding="utf-8")
    r = runner.invoke(app, ["validate", "--graph", str(tmp_path / "g")])
    assert r.exit_code == 1 and "not valid Turtle" in r.stderr


def test_max_limits_the_report(seed_graph_dir, tmp_path):
    def drop_all_sources(g):
        for t in list(g.subjects(RDF.type, KG.Tenure)):
            g.remove((t, PROV.wasDerivedFrom, None))

    folder, _ = broken_copy(seed_graph_dir, tmp_path, drop_all_sources)
    r = runner.invoke(app, ["validate", "--graph", str(folder), "--max", "2"])
    assert r.exit_code == 1
    lines = r.stdout.strip().splitlines()
    assert len(lines) == 3 and lines[-1].startswith("… and ") and "--max" in lines[-1]


# ----------------------------------------------------------------------------- the shapes themselves


def test_every_class_has_a_shape():
    schema = Graph().parse(ROOT / "schema.ttl", format="turtle")
    shapes = Graph().parse(ROOT / "shapes.ttl", format="turtle")
    targeted = set(shapes.objects(None, URIRef(SH + "targetClass")))
    classes = {c for c in schema.subjects(RDF.type, OWL.Class) if str(c).startswith(ONTOLOGY)}

    def ancestors(c):
        seen, todo = set(), [c]
        while todo:
            x = todo.pop()
            if x not in seen:
                seen.add(x)
                todo.extend(schema.objects(x, RDFS.subClassOf))
        return seen

    unshaped = {compact(str(c)) for c in classes if not (ancestors(c) & targeted)}
    assert unshaped == set()
    # and the classes a built graph is made of are targeted by name, not only through a parent
    assert {KG.Person, KG.Organization, KG.Country, KG.Office, KG.InternationalRole, KG.Tenure, KG.Event,
            KG.Participation, KG.Directive, KG.Issuance, KG.DirectiveLink, KG.Article, KG.Mention,
            KG.Rule} <= targeted


def test_every_property_shape_says_its_rule():
    shapes = Graph().parse(ROOT / "shapes.ttl", format="turtle")
    for ps in shapes.objects(None, URIRef(SH + "property")):
        assert shapes.value(ps, URIRef(SH + "message")) is not None, shapes.value(ps, URIRef(SH + "path"))


# ----------------------------------------------------------------------------- sources for every entity


def test_nodes_without_sentences_borrow_the_sources_of_their_facts():
    said = Provenance("a1", 0, 40, "Việt Nam là Ủy viên không thường trực Hội đồng Bảo an 2020-2021.", "role.international")
    g = KnowledgeGraph()
    g.nodes["country/vn"] = Node("country/vn", "Country", "Việt Nam")  # made by the resolver, no sentence
    g.nodes["organization/hdba"] = Node("organization/hdba", "Organization", "Hội đồng Bảo an", props={"kind": "international"})
    g.nodes["role/uv"] = Node("role/uv", "InternationalRole", "Ủy viên không thường trực Hội đồng Bảo an",
                              props={"org": "organization/hdba"}, sources=[said])
    g.facts["t"] = Fact("t", "Tenure", "country/vn", "role/uv", {"start": "2020", "end": "2021"}, [said])
    lent = borrowed_sources(g)
    assert lent == {"country/vn": [said], "organization/hdba": [said]}
    own = Provenance("a1", 50, 60, "ASEAN.", "org.name")
    g.nodes["organization/hdba"].sources = [own]
    assert "organization/hdba" not in borrowed_sources(g)  # its own sentence is enough
