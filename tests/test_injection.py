"""Query parameters are data: no value can change what a question of the pack asks.

The cases are generated from the pack itself (every parameter of every question of
``queries/sparql`` and ``queries/cypher``), so a question added later is tested too. Two
oracles, for each parameter:

* a hostile value that starts with a word no entity has (``zzq…``) returns no row — were
  it pasted into the query text, it would break the syntax (an error) or open a ``UNION``
  (rows);
* a bare hostile string is refused (:class:`ParameterError`: a name with no letter or
  digit) or runs without error — a name is folded before it is bound (``' OR 1=1`` is
  asked as ``or 1 1``), a text returns no row.

Typed parameters (year, date, int) refuse such values before any query runs. Afterwards
the graph files are byte for byte as before and the store (or Neo4j) holds as much as before.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.build import build
from kg.cli import app
from kg.errors import ParameterError
from kg.text import fold
from kg.query import bind_params, get_query, list_queries, run_query
from tests.conftest import SAMPLE

IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
TYPED = ("year", "date", "int")

# The strings an attacker tries against SPARQL and Cypher built by concatenation.
HOSTILE = [
    '"', "'", "{", "}", "{}", "} UNION {", '"; DROP', "})-[:X]->(", "' OR 1=1", "' OR '1'='1",
    '" } UNION { ?s ?p ?o } #', "'}) RETURN 1 //", '"}) DETACH DELETE n //',
    "})-[:X]->(m) DETACH DELETE m //", "\\\" . } ; DELETE WHERE { ?s ?p ?o } #", "$name", "?p_name",
    '"@en', '"^^<http://www.w3.org/2001/XMLSchema#string>', "<http://x/> ", "\u0000", "\n} UNION {\n",
    "%s%s%s", "${jndi:ldap://127.0.0.1/x}", "' ; MATCH (n) DETACH DELETE n ; //", "*/ MATCH (n) DELETE n /*",
]
MARKED = ["zzq" + h for h in HOSTILE]


def _cases(backend: str) -> list[tuple[str, str, str]]:
    return [(q.name, p.name, p.type) for q in list_queries(backend) for p in q.params]


def _case_id(case) -> str:
    return f"{case[0]}:{case[1]}"


def _digest(folder: Path) -> dict[str, str]:
    return {name: hashlib.sha256((folder / name).read_bytes()).hexdigest() for name in ("graph.ttl", "graph.json")}


# ----------------------------------------------------------------------------- SPARQL (embedded store)

COUNT_RQ = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


@pytest.fixture(scope="module")
def graph_dir(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("injection-graph")
    build([SAMPLE], out)
    return out


@pytest.fixture(scope="module")
def store_state(graph_dir, tmp_path_factory):
    """What must not change: the graph files and the store's triple count."""
    rq = tmp_path_factory.mktemp("rq") / "count.rq"
    rq.write_text(COUNT_RQ, encoding="utf-8")

    def state():
        return _digest(graph_dir), run_query(None, graph_dir, file=rq).rows

    return state


def test_the_pack_has_parameters_to_attack():
    assert len(_cases("sparql")) >= 5


@pytest.mark.parametrize("case", _cases("sparql"), ids=_case_id)
def test_sparql_parameters_are_bound_as_data(case, graph_dir, store_state):
    query, param, ptype = case
    before = store_state()
    check_values(lambda value: run_query(query, graph_dir, {param: value}).rows, query, param, ptype)
    assert store_state() == before


def check_values(ask, query: str, param: str, ptype: str) -> None:
    """Every hostile value against one parameter, with the oracles of the module docstring."""
    for value in MARKED + HOSTILE:
        said = f"{query} --param {param}={value!r}"
        if ptype in TYPED:
            with pytest.raises(ParameterError):
                ask(value)
            continue
        try:
            rows = ask(value)
        except ParameterError:  # a name with no letter or digit, or a text refused
            assert ptype == "text" or not fold(value), said
            continue
        if value in MARKED or ptype == "text":
            assert rows == [], f"{said} returned {len(rows)} rows"
        # a bare value of a name is folded before it is bound ("' OR 1=1" -> "or 1 1"):
        # any rows are those of that plain name, and running without an error is the test


@pytest.mark.parametrize("case", [c for c in _cases("sparql") if c[2] not in TYPED], ids=_case_id)
def test_cli_query_with_a_hostile_parameter(case, graph_dir, store_state):
    query, param, _ = case
    before = store_state()
    for value in ('zzq"} UNION { ?s ?p ?o } #', "zzq' OR 1=1", "zzq})-[:X]->("):
        r = CliRunner().invoke(app, ["query", query, "--graph", str(graph_dir), "--param", f"{param}={value}",
                                     "--format", "json"])
        assert r.exit_code == 0, r.output
        assert json.loads(r.stdout) == []
    assert store_state() == before


def test_a_hostile_parameter_name_is_refused(graph_dir):
    r = CliRunner().invoke(app, ["query", "persons", "--graph", str(graph_dir), "--param", "x} UNION {=1"])
    assert r.exit_code == 1 and "has no parameter" in r.output and "Traceback" not in r.output


# ----------------------------------------------------------------------------- Cypher (Neo4j)

COUNTS = ("MATCH (n) RETURN count(n) AS nodes",
          "MATCH ()-[r]->() RETURN count(r) AS relationships",
          # a content checksum: every node's id and every relationship's id, in order
          "MATCH (n) WITH n ORDER BY n.id RETURN collect(n.id) AS ids",
          "MATCH ()-[r]->() WITH r ORDER BY type(r), r.id RETURN collect(type(r) + ':' + coalesce(r.id, '')) AS ids")


@pytest.fixture(scope="module")
def neo4j_graph(graph_dir):
    """The sample graph loaded into the Neo4j of NEO4J_URI / NEO4J_USER / NEO4J_PASSWORD."""
    from kg.errors import Neo4jError
    from kg.neo4j import neo4j_settings, open_driver

    s = neo4j_settings()
    try:
        driver = open_driver(s)
    except Neo4jError as e:
        reason = f"Neo4j is not reachable at {s.uri}: {e}"
        if IN_CI:
            pytest.fail(reason)
        pytest.skip(reason)
    try:
        from kg.neo4j.load import LABELS, load_neo4j

        foreign = driver.execute_query("MATCH (n) WHERE none(l IN labels(n) WHERE l IN $labels) RETURN count(n) AS n",
                                       labels=list(LABELS), database_=s.database).records[0]["n"]
        if foreign:
            pytest.skip(f"the database at {s.uri} holds {foreign} nodes kg did not write; use a scratch server")
        load_neo4j(graph_dir, wipe=True)

        def state():
            return [driver.execute_query(q, database_=s.database).records[0][0] for q in COUNTS]

        yield driver, state
    finally:
        driver.close()


@pytest.mark.neo4j
def test_the_cypher_pack_has_parameters_to_attack():
    assert len(_cases("cypher")) >= 5


@pytest.mark.neo4j
@pytest.mark.parametrize("case", _cases("cypher"), ids=_case_id)
def test_cypher_parameters_are_bound_as_data(case, neo4j_graph):
    from kg.query.cypher import run_cypher

    driver, state = neo4j_graph
    query, param, ptype = case
    q = get_query(query, "cypher")
    before = state()
    check_values(lambda value: run_cypher(q, bind_params(q, {param: value}), driver=driver).rows, query, param, ptype)
    assert state() == before
