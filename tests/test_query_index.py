"""What makes the pack fast changes no row: names narrowed through the name index, answers
streamed entity by entity, and the query index (kgr:index) the questions read.

Each shortcut is checked against the same question without it, on the sample and the
seeds: narrowing against the query file run with only its parameters bound, streaming in
batches of one and two entities against one query, and `kg query`'s streamed output
against the answer as a whole."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil

import pyoxigraph as ox
import pytest
from typer.testing import CliRunner

import kg.query.sparql as sparql
from kg.cli import app
from kg.query import bind_params, get_query, list_queries, run_query
from kg.rdf.names import NAMES_FILE, NameIndex
from tests.test_queries import SAMPLE_PARAMS, SEED_PARAMS

NARROWED = sorted(q.name for q in list_queries() if q.narrow)
STREAMED = sorted(q.name for q in list_queries() if q.stream)
GRAPHS = {"sample": ("sample_graph_dir", SAMPLE_PARAMS), "seeds": ("seed_graph_dir", SEED_PARAMS)}


def test_the_slow_questions_are_narrowed_and_streamed():
    assert {"persons", "search", "person-timeline", "fact-sources", "office-holders-on"} <= set(NARROWED)
    assert {"persons", "person-timeline", "fact-sources", "office-holders-on", "offices", "person-offices"} <= set(STREAMED)


@pytest.fixture(params=sorted(GRAPHS))
def graph(request):
    fixture, params = GRAPHS[request.param]
    return request.getfixturevalue(fixture), params


def without_index(monkeypatch):
    """kg query as on a graph built before the name index: no narrowing, no streaming."""
    monkeypatch.setattr(NameIndex, "open", classmethod(lambda cls, d: None))


@pytest.mark.parametrize("key", ["pham", "minh", "ngoai giao", "bo truong bo ngoai giao", "25", "a", "hoi nghi", "zzz"])
def test_the_name_index_finds_what_the_filter_finds(seed_graph_dir, key):
    store = ox.Store.read_only(str(seed_graph_dir / "store"))
    found = store.query(sparql.bind_values("""PREFIX kg: <https://w3id.org/kg-vn/ontology#>
        PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        SELECT DISTINCT ?x ?l WHERE { ?x skos:prefLabel ?l ; kg:searchKey ?k . FILTER(CONTAINS(?k, ?p_key)) }
        ORDER BY STR(?l) ?x""", {"key": key}))
    expected = [r["x"].value.removeprefix("https://w3id.org/kg-vn/id/") for r in found]
    assert NameIndex.open(seed_graph_dir).find(key) == expected
    persons = NameIndex.open(seed_graph_dir).find(key, ["Person"])
    assert persons == [i for i in expected if i.startswith("person/")]


@pytest.mark.parametrize("name", NARROWED)
def test_a_narrowed_answer_is_the_files_own(name, graph, monkeypatch):
    graph_dir, params = graph
    given = params[name]
    narrowed = run_query(name, graph_dir, given).rows
    without_index(monkeypatch)
    assert run_query(name, graph_dir, given).rows == narrowed


@pytest.mark.parametrize("name", STREAMED)
def test_a_streamed_answer_is_one_querys(name, graph, monkeypatch):
    graph_dir, _ = graph
    q = get_query(name)
    answer = sparql.stream_sparql(q, graph_dir, bind_params(q, {}), first=1, batch=2)
    streamed = list(answer.rows())
    assert streamed, f"{name} has no rows on {graph_dir}: nothing to compare"
    without_index(monkeypatch)
    whole = run_query(name, graph_dir, {}).rows
    # ties of the ORDER BY may come in another order, and a group's list in another order
    assert _keyed(q, streamed) == _keyed(q, whole)


def _keyed(q, rows):
    order = _order_columns(q)
    norm = [{k: sorted(v) if isinstance(v, list) else v for k, v in r.items()} for r in rows]
    return [[r[c] for c in order] for r in norm], sorted(json.dumps(r, ensure_ascii=False, sort_keys=True) for r in norm)


def _order_columns(q) -> list[str]:
    from tests.test_neo4j import order_columns

    return order_columns(q)


@pytest.mark.parametrize("name", STREAMED)
def test_a_streamed_question_is_ordered_and_grouped_by_its_entity(name):
    """What streaming needs of the query: its ORDER BY starts with the label of the streamed
    variable, and a GROUP BY keeps each entity's rows apart."""
    q = get_query(name)
    var = q.stream[0]
    first = re.search(r"^ORDER BY\s+(?:MIN\(\?\w+\)\s+\?type\s+)?\?(\w+)" if q.stream[2] else r"^ORDER BY\s+\?(\w+)",
                      q.text, re.M)
    assert first, f"{name}: ORDER BY must start with a variable"
    label = re.search(rf"BIND\(STR\(\?(\w+)\) AS \?{first.group(1)}\)", q.text)
    assert label, f"{name}: ?{first.group(1)} must be STR() of a label"
    statements = re.findall(rf"\?{var}\b[^.{{}}]*?skos:prefLabel \?{label.group(1)}\b", q.text)
    assert statements, f"{name}: ?{label.group(1)} must be the skos:prefLabel of ?{var}"
    group = re.search(r"^GROUP BY (.*)$", q.text, re.M)
    assert group is None or f"?{var} " in group.group(1) + " ", f"{name}: GROUP BY must keep ?{var}"


def test_search_streams_by_type_then_label_and_only_without_a_name():
    q = get_query("search")
    assert q.stream[2] and q.stream[1] == sorted(q.stream[1])  # the order of the type names
    assert re.search(r"^ORDER BY MIN\(\?rank0\) \?type \?label$", q.text, re.M)  # rank is one value without a name


def test_a_graph_without_the_name_index_still_answers(sample_graph_dir, tmp_path):
    old = tmp_path / "old"
    shutil.copytree(sample_graph_dir, old)
    (old / NAMES_FILE).unlink()
    for name, params in SAMPLE_PARAMS.items():
        assert run_query(name, old, params).rows == run_query(name, sample_graph_dir, params).rows, name


# ----------------------------------------------------------------------------- kg query streams


runner = CliRunner()


@pytest.fixture
def tiny_batches(monkeypatch):
    monkeypatch.setattr(sparql, "FIRST_BATCH", 1)
    monkeypatch.setattr(sparql, "BATCH", 2)


@pytest.mark.parametrize("name", ["persons", "fact-sources", "person-timeline"])
def test_streamed_json_is_the_whole_answers_json(name, seed_graph_dir, tiny_batches):
    r = runner.invoke(app, ["query", name, "--graph", str(seed_graph_dir), "--format", "json"])
    assert r.exit_code == 0, r.output
    rows = json.loads(r.stdout)
    assert r.stdout == json.dumps(rows, ensure_ascii=False, indent=1) + "\n"
    assert len(rows) == len(run_query(name, seed_graph_dir).rows) > 2


def test_an_empty_streamed_json_answer_is_an_empty_list(seed_graph_dir):
    r = runner.invoke(app, ["query", "persons", "-g", str(seed_graph_dir), "-f", "json", "-p", "name=zzzz"])
    assert r.exit_code == 0 and r.stdout == "[]\n", r.output


def test_streamed_csv_has_one_header_and_every_row(seed_graph_dir, tiny_batches):
    r = runner.invoke(app, ["query", "persons", "--graph", str(seed_graph_dir), "--format", "csv"])
    assert r.exit_code == 0, r.output
    rows = list(csv.DictReader(io.StringIO(r.stdout)))
    assert [x["person"] for x in rows] == [x["person"] for x in run_query("persons", seed_graph_dir).rows]
    assert r.stdout.count("person,aliases,id") == 1


def test_a_streamed_table_has_one_header_and_every_row(seed_graph_dir, tiny_batches):
    r = runner.invoke(app, ["query", "persons", "--graph", str(seed_graph_dir)])
    assert r.exit_code == 0, r.output
    persons = [x["person"] for x in run_query("persons", seed_graph_dir).rows]
    assert len(persons) > 2
    assert r.stdout.count("┃ person") == 1  # the header, once
    found = [p for p in persons if p in r.stdout]
    assert found == persons
    assert f"{len(persons)} rows" in r.stderr
