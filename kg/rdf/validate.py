"""SHACL validation of a built graph (pyshacl), with a report a person can read.

``shapes.ttl`` has one node shape per class of ``schema.ttl``; each property shape says its
rule in ``sh:message``. The data is checked with ``schema.ttl`` mixed in (for the class
hierarchy) and without RDFS inference, so an ``rdfs:range`` cannot make a wrong node pass a
``sh:class`` check.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from kg.errors import GraphNotFoundError, KGError
from kg.vocab import KGR, ONTOLOGY, ORG, PROV, SCHEMA, SKOS, data_file

SHAPES = "https://w3id.org/kg-vn/shapes#"
PREFIXES = {"kgr": str(KGR), "kg": ONTOLOGY, "kgsh": SHAPES, "org": str(ORG), "schema": str(SCHEMA),
            "prov": str(PROV), "skos": str(SKOS),
            "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
            "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
            "sh": "http://www.w3.org/ns/shacl#"}


def compact(iri: str) -> str:
    """``https://w3id.org/kg-vn/ontology#post`` -> ``kg:post`` (unknown namespaces unchanged)."""
    for prefix, ns in PREFIXES.items():
        if iri.startswith(ns) and len(iri) > len(ns):
            return f"{prefix}:{iri[len(ns):]}"
    return iri


@dataclass
class Violation:
    """One broken rule: the node, the property, the rule in words, the shape that states it."""

    focus: str
    path: str
    message: str
    shape: str
    value: str = ""
    severity: str = "Violation"

    def __str__(self) -> str:
        where = f" {self.path}" if self.path else ""
        value = f" (value {self.value})" if self.value else ""
        return f"{self.focus}{where}: {self.message}{value} [{self.shape}]"


@dataclass
class ValidationReport:
    conforms: bool
    violations: list[Violation] = field(default_factory=list)


def validate_graph(graph_dir: str | Path) -> ValidationReport:
    """Check ``graph_dir/graph.ttl`` against ``shapes.ttl``.

    Returns a :class:`ValidationReport` whose violations name the node (compact IRI), the
    property, the rule (the shape's ``sh:message``) and the node shape, sorted by node.
    Raises :class:`GraphNotFoundError` if the folder holds no ``graph.ttl`` and
    :class:`KGError` if it cannot be parsed.
    """
    from pyshacl import validate
    from rdflib import Graph, Namespace
    from rdflib.term import BNode

    ttl = Path(graph_dir) / "graph.ttl"
    if not ttl.is_file():
        raise GraphNotFoundError(f"no built graph in {graph_dir}")
    try:
        data = Graph().parse(ttl, format="turtle")
    except Exception as e:  # rdflib raises many parser types
        raise KGError(f"{ttl} is not valid Turtle ({e.__class__.__name__}: {str(e)[:200]})",
                      "rebuild with `kg build`") from None
    shapes = Graph().parse(data_file("shapes.ttl"), format="turtle")
    ont = Graph().parse(data_file("schema.ttl"), format="turtle")
    conforms, report, _ = validate(data, shacl_graph=shapes, ont_graph=ont, inference="none",
                                   abort_on_first=False, allow_warnings=True)
    SH = Namespace("http://www.w3.org/ns/shacl#")

    def shape_name(shape) -> str:
        # a property shape is a blank node: name the node shape that holds it
        if isinstance(shape, BNode):
            parent = shapes.value(predicate=SH.property, object=shape)
            if parent is not None:
                return compact(str(parent))
        return compact(str(shape)) if shape is not None else ""

    out = ValidationReport(bool(conforms))
    for r in report.subjects(object=SH.ValidationResult):
        component = report.value(r, SH.sourceConstraintComponent)
        message = report.value(r, SH.resultMessage)
        value = report.value(r, SH.value)
        severity = report.value(r, SH.resultSeverity)
        out.violations.append(Violation(
            focus=compact(str(report.value(r, SH.focusNode))),
            path=compact(str(report.value(r, SH.resultPath) or "")),
            message=str(message) if message is not None else compact(str(component or "")),
            shape=shape_name(report.value(r, SH.sourceShape)),
            value=compact(str(value)) if value is not None else "",
            severity=compact(str(severity)).removeprefix("sh:") if severity is not None else "Violation"))
    out.violations.sort(key=lambda v: (v.focus, v.path, v.message))
    return out
