"""SHACL validation of a built graph (pyshacl), with a report a person can read."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from kg.errors import GraphNotFoundError
from kg.vocab import data_file


@dataclass
class Violation:
    focus: str
    path: str
    message: str
    shape: str


@dataclass
class ValidationReport:
    conforms: bool
    violations: list[Violation] = field(default_factory=list)


def validate_graph(graph_dir: str | Path) -> ValidationReport:
    """Run ``shapes.ttl`` over ``graph.ttl`` plus ``schema.ttl`` (for the class hierarchy)."""
    from pyshacl import validate
    from rdflib import Graph, Namespace

    ttl = Path(graph_dir) / "graph.ttl"
    if not ttl.is_file():
        raise GraphNotFoundError(f"no built graph in {graph_dir}")
    data = Graph().parse(ttl, format="turtle")
    shapes = Graph().parse(data_file("shapes.ttl"), format="turtle")
    ont = Graph().parse(data_file("schema.ttl"), format="turtle")
    conforms, report, _ = validate(data, shacl_graph=shapes, ont_graph=ont, inference="rdfs",
                                   abort_on_first=False, allow_warnings=True)
    SH = Namespace("http://www.w3.org/ns/shacl#")
    out = ValidationReport(bool(conforms))
    for r in report.subjects(predicate=None, object=SH.ValidationResult):
        pass
    for r in sorted(report.subjects(object=SH.ValidationResult), key=str):
        out.violations.append(Violation(
            focus=str(report.value(r, SH.focusNode)),
            path=str(report.value(r, SH.resultPath) or ""),
            message=str(report.value(r, SH.resultMessage) or ""),
            shape=str(report.value(r, SH.sourceShape) or "")))
    return out
