"""Bulk import into a fresh Neo4j database (``kg load neo4j --bulk``): the server's import tool
on the stopped local server, then the constraints and indexes. The database it leaves equals
the batched load's: counts, a checksum of every label, type, end and property (value types
included), and every answer of the Cypher pack.

Needs the local server of ``scripts/neo4j-local`` (as ``tests/test_neo4j.py``); these tests
stop and start it (``.ci/run`` starts it with the settings they read from the environment).
"""

from __future__ import annotations

import csv
import subprocess

import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.neo4j import LOCAL_SCRIPT, connect
from kg.neo4j.bulk import ARRAY_DELIMITER, bulk_load_neo4j, database_checksum, write_import_files
from kg.neo4j.load import SCHEMA, count_graph, load_neo4j
from kg.query import bind_params, get_query, list_queries
from tests.conftest import SEEDS
from tests.test_neo4j import _LOADED, comparable, neo4j_driver, order_columns, realistic_params  # noqa: F401

runner = CliRunner()
pytestmark = pytest.mark.neo4j


def answers(driver, graph: str) -> dict:
    """Every question of the Cypher pack, with no parameter and with realistic ones; rows as
    the parity tests compare them (lists sorted, ties of the ORDER BY keys sorted: the order
    ``collect`` meets equal rows in is the store's, which a bulk import lays out otherwise)."""
    from kg.query.cypher import run_cypher

    out = {}
    for q in list_queries("cypher"):
        cq, sq = get_query(q.name, "cypher"), get_query(q.name, "sparql")
        for mode, given in (("default", {}), ("param", realistic_params(q.name, graph))):
            rows = run_cypher(cq, bind_params(cq, given), driver=driver).rows
            out[q.name, mode] = comparable(rows, sq, order_columns(sq), set())
    return out


def state(graph: str) -> tuple:
    with connect() as (driver, s):
        return count_graph(driver, s.database), database_checksum(driver, s.database), answers(driver, graph)


@pytest.fixture
def reset_loaded():
    """The other Neo4j tests keep note of what they loaded: these tests replace it."""
    yield
    _LOADED["graph"] = None


@pytest.mark.parametrize("which", ["sample", "seeds"])
def test_bulk_import_equals_the_batched_load(neo4j_driver, request, which, reset_loaded, tmp_path):
    if which == "seeds" and not SEEDS.exists():
        pytest.skip(f"{SEEDS} is absent")
    graph_dir = request.getfixturevalue("sample_graph_dir" if which == "sample" else "seed_graph_dir")
    load_neo4j(graph_dir, wipe=True)
    batched = state(which)
    assert batched[1]["relationships"] > 100
    r = runner.invoke(app, ["load", "neo4j", "--graph", str(graph_dir), "--bulk", "--wipe", "--csv",
                            str(tmp_path / "csv")])
    assert r.exit_code == 0, r.output
    assert "Imported" in r.output and f"{batched[1]['relationships']} relationships" in r.output
    bulk = state(which)
    assert bulk[0] == batched[0]
    assert bulk[1] == batched[1]
    assert bulk[2] == batched[2]
    with connect() as (driver, s):  # the same constraints and indexes, online
        names = {r["name"] for q in ("SHOW CONSTRAINTS YIELD name", "SHOW INDEXES YIELD name, state WHERE "
                                     "state = 'ONLINE'") for r in driver.execute_query(q, database_=s.database).records}
    assert {stmt.split()[2] for stmt in SCHEMA} <= names
    assert (tmp_path / "csv" / "import.args").is_file()  # --csv keeps the files


def test_bulk_refuses_a_database_that_holds_nodes_without_wipe(neo4j_driver, sample_graph_dir, reset_loaded):
    load_neo4j(sample_graph_dir, wipe=True)
    with connect() as (driver, s):
        before = database_checksum(driver, s.database)
    r = runner.invoke(app, ["load", "neo4j", "--graph", str(sample_graph_dir), "--bulk"])
    assert r.exit_code == 1
    assert f"holds {before['nodes']} nodes, and --bulk replaces it whole — add --wipe" in r.output, r.output
    with connect() as (driver, s):
        assert database_checksum(driver, s.database) == before


def test_csv_files_alone_touch_no_server(tmp_path, sample_graph_dir, sample_graph):
    r = runner.invoke(app, ["load", "neo4j", "--graph", str(sample_graph_dir), "--csv", str(tmp_path / "out")])
    assert r.exit_code == 0, r.output
    assert "then kg load neo4j --schema-only" in r.output
    args = (tmp_path / "out" / "import.args").read_text(encoding="utf-8").splitlines()
    assert "--array-delimiter=U+001F" in args and "--overwrite-destination=true" in args
    files = [a.split("=", 2)[2] for a in args if a.startswith(("--nodes=", "--relationships="))]
    assert files and all((tmp_path / "out" / f).is_file() for f in files)
    with open(tmp_path / "out" / "nodes-Person-0.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[0][0] == "id:ID" and "searchKey:string[]" in rows[0]
    persons = {n.id for n in sample_graph.of_type("Person")}
    assert {r[0] for r in rows[1:]} <= persons
    attended = (tmp_path / "out" / "rels-ATTENDED-0.csv").read_text(encoding="utf-8")
    assert attended.startswith('":START_ID",":END_ID",') and "sourceStarts:long[]" in attended.splitlines()[0]
    assert ARRAY_DELIMITER in attended or "details:string[]" in attended


def test_a_property_is_typed_per_file_as_the_batched_load_types_it(tmp_path, sample_graph):
    """Complete dates are dates and partial ones text: rows go to files by the types of their values."""
    files = write_import_files(sample_graph, tmp_path)
    heads = {}
    for label, name in files.nodes + files.relationships:
        with open(tmp_path / name, encoding="utf-8", newline="") as fh:
            heads[name] = next(csv.reader(fh))
    event_heads = [h for n, h in heads.items() if n.startswith("nodes-Event-")]
    assert any("date:date" in h for h in event_heads)
    assert all(not any(c.startswith("date:") and c != "date:date" and c != "date:string" for c in h)
               for h in event_heads)
    assert files.node_count == len(sample_graph.nodes)


def test_schema_only_creates_what_is_missing(neo4j_driver):
    r = runner.invoke(app, ["load", "neo4j", "--schema-only"])
    assert r.exit_code == 0, r.output
    assert "Constraints and indexes: 0 created" in r.output  # the loads above made them all


def test_the_script_refuses_to_import_into_a_running_server(neo4j_driver, tmp_path, sample_graph):
    write_import_files(sample_graph, tmp_path)
    r = subprocess.run(["bash", str(LOCAL_SCRIPT), "import", str(tmp_path)], capture_output=True, text=True,
                       timeout=120)
    assert r.returncode == 1 and "the server is running" in r.stderr and "stop it first" in r.stderr


def test_a_failed_import_leaves_the_database_as_it_was(neo4j_driver, sample_graph_dir, tmp_path, reset_loaded,
                                                       monkeypatch):
    """A relationship to a node that is not in the files: the tool stops, kg says so, and the
    server is up again with the database it had (the script replaces it only after a good import)."""
    import kg.neo4j.bulk as bulk
    from kg.build import build
    from kg.errors import Neo4jError
    from tests.conftest import SAMPLE

    real = bulk.write_import_files

    def broken(graph, folder):
        files = real(graph, folder)
        path = folder / files.relationships[0][1]
        columns = len(path.read_text(encoding="utf-8").splitlines()[0].split('","'))
        with open(path, "a", encoding="utf-8") as fh:
            fh.write('"no/such-node","no/such-other"' + ',""' * (columns - 2) + "\n")
        return files

    build([sorted(SAMPLE.iterdir())[0]], tmp_path / "one", cache=False)  # another graph: one article's
    load_neo4j(tmp_path / "one", wipe=True)
    with connect() as (driver, s):
        before = database_checksum(driver, s.database)
    monkeypatch.setattr(bulk, "write_import_files", broken)
    with pytest.raises(Neo4jError, match="the import tool failed, and the database is as it was"):
        bulk_load_neo4j(sample_graph_dir, wipe=True, folder=tmp_path / "csv")
    with connect() as (driver, s):  # up again, with what it held
        assert database_checksum(driver, s.database) == before
