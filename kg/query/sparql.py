"""SPARQL backend: the embedded Oxigraph store of a built graph."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kg.errors import QueryError
from kg.query import Query, Result
from kg.rdf.store import open_store


def term_value(term) -> Any:
    """An Oxigraph term as a plain Python value."""
    if term is None:
        return None
    import pyoxigraph as ox

    if isinstance(term, ox.Literal):
        dt = term.datatype.value if term.datatype else ""
        v = term.value
        if dt.endswith(("#integer", "#int", "#long")):
            return int(v)
        if dt.endswith("#boolean"):
            return v == "true"
        if dt.endswith(("#decimal", "#double", "#float")):
            return float(v)
        return v
    return term.value


def run_sparql(q: Query, graph_dir: Path, params: dict[str, Any], store=None) -> Result:
    import pyoxigraph as ox

    store = store or open_store(graph_dir)
    subs = {}
    for k, v in params.items():
        if v is None:
            continue
        lit = ox.Literal(str(v)) if not isinstance(v, int) else ox.Literal(str(v), datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer"))
        subs[ox.Variable("p_" + k.replace("-", "_"))] = lit
    try:
        solutions = store.query(q.text, substitutions=subs)
    except SyntaxError as e:
        raise QueryError(f"the query '{q.name}' is malformed: {e}", "fix the query text (line and column above)")
    if isinstance(solutions, ox.QueryBoolean):
        return Result(["answer"], [{"answer": bool(solutions)}])
    if not isinstance(solutions, ox.QuerySolutions):
        raise QueryError(f"the query '{q.name}' is not a SELECT or ASK query", "kg query runs SELECT and ASK queries")
    columns = [v.value for v in solutions.variables]
    rows = []
    for sol in solutions:
        row = {}
        for c in columns:
            v = term_value(sol[c])
            if c in q.lists:
                v = [x for x in (v or "").split(" | ") if x]
            row[c] = v
        rows.append(row)
    return Result(columns, rows)
