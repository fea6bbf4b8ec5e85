"""Neo4j: load, idempotent reload, the Cypher pack against the SPARQL pack, Browser, errors.

Needs the local server (``scripts/neo4j-local start``; ``.ci/run`` starts it) and the
``NEO4J_URI`` / ``NEO4J_USER`` / ``NEO4J_PASSWORD`` it was started with. When it cannot be
reached the Neo4j tests skip with the reason — and fail in CI (``CI=true``). Every load
wipes the database first (Community edition has only the ``neo4j`` database), so the
fixture refuses a database holding nodes that are not ours. Tests run serially.
"""

from __future__ import annotations

import itertools
import json
import os
import re
import shutil
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.query import bind_params, get_query, list_queries, parse_query, queries_dir

IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
BOGUS = "bogus-Pw-7f3a9c41"  # a password no server has: it must never be printed
DOWN_URI = "bolt://127.0.0.1:1"  # nothing listens on port 1
SPARQL_NAMES = sorted(p.stem for p in (queries_dir() / "sparql").glob("*.rq"))

runner = CliRunner()


def _output(result) -> str:
    """What the user sees: stdout and stderr (CliRunner mixes them into ``output``)."""
    return result.output or ""


# ----------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="session")
def neo4j_driver():
    """A driver on the test server (env NEO4J_*); skip — or fail in CI — when unreachable."""
    from kg.errors import Neo4jError
    from kg.neo4j import neo4j_settings, open_driver
    from kg.neo4j.load import LABELS

    s = neo4j_settings()
    try:
        driver = open_driver(s)
    except Neo4jError as e:
        reason = f"Neo4j is not reachable at {s.uri}: {e} — {e.hint}"
        if IN_CI:
            pytest.fail(reason)
        pytest.skip(reason)
    foreign = driver.execute_query(
        "MATCH (n) WHERE none(l IN labels(n) WHERE l IN $labels) RETURN count(n) AS n",
        labels=list(LABELS), database_=s.database).records[0]["n"]
    if foreign:
        driver.close()
        pytest.skip(f"the database '{s.database}' at {s.uri} holds {foreign} nodes that kg did not write; "
                    "the tests wipe it, so point NEO4J_URI at a scratch server")
    yield driver
    driver.close()


_LOADED: dict[str, object] = {"graph": None}


def ensure_loaded(graph_dir: Path) -> None:
    """Wipe and load ``graph_dir`` unless it is what the database holds now."""
    from kg.neo4j.load import load_neo4j

    if _LOADED["graph"] != graph_dir:
        _LOADED["graph"] = None
        load_neo4j(graph_dir, wipe=True)
        _LOADED["graph"] = graph_dir


def wipe_and_load(graph_dir: Path, **kw):
    from kg.neo4j.load import load_neo4j

    _LOADED["graph"] = None
    summary = load_neo4j(graph_dir, wipe=True, **kw)
    _LOADED["graph"] = graph_dir
    return summary


def _db(driver) -> str:
    from kg.neo4j import neo4j_settings

    return neo4j_settings().database


# ----------------------------------------------------------------------------- loading


@pytest.mark.neo4j
def test_load_writes_every_node_and_fact(neo4j_driver, sample_graph_dir, sample_graph):
    from kg.neo4j.load import count_graph, plan_load

    s = wipe_and_load(sample_graph_dir)
    plan = plan_load(sample_graph)
    counts = count_graph(neo4j_driver, _db(neo4j_driver))
    for label in {n.type for n in sample_graph.nodes.values()}:
        assert counts[label] == len(sample_graph.of_type(label)), label
    assert s.created_nodes == len(sample_graph.nodes) == s.total_nodes
    assert s.created_relationships == plan.relationships == s.total_relationships
    facts = len(sample_graph.facts)
    fact_rels = sum(counts[t] for t in ("HOLDS", "HELD_ROLE", "CHAIRED", "ATTENDED", "ISSUED", "REVIEWS", "IMPLEMENTS"))
    assert fact_rels == facts
    assert counts["MENTIONED_IN"] > 0 and counts["IN_OFFICE_OF"] > 0
    assert not s.skipped
    names = {r["name"] for r in neo4j_driver.execute_query("SHOW CONSTRAINTS YIELD name", database_=_db(neo4j_driver)).records}
    assert {"person_id", "event_id", "article_id"} <= names


@pytest.mark.neo4j
def test_reload_is_idempotent(neo4j_driver, sample_graph_dir):
    from kg.neo4j.load import count_graph, load_neo4j

    first = wipe_and_load(sample_graph_dir)
    before = count_graph(neo4j_driver, _db(neo4j_driver))
    again = load_neo4j(sample_graph_dir)
    after = count_graph(neo4j_driver, _db(neo4j_driver))
    assert after == before
    assert again.created_nodes == 0 and again.created_relationships == 0
    assert again.updated_nodes == first.total_nodes
    assert again.updated_relationships == first.total_relationships


@pytest.mark.neo4j
def test_per_row_baseline_writes_the_same_graph(neo4j_driver, seed_graph_dir):
    from kg.neo4j.load import count_graph, load_neo4j_per_row

    batched = wipe_and_load(seed_graph_dir)
    counts = count_graph(neo4j_driver, _db(neo4j_driver))
    _LOADED["graph"] = None
    per_row = load_neo4j_per_row(seed_graph_dir, wipe=True)
    assert count_graph(neo4j_driver, _db(neo4j_driver)) == counts
    assert per_row.created_nodes == batched.created_nodes
    assert per_row.created_relationships == batched.created_relationships
    assert per_row.batches == batched.total_nodes + batched.total_relationships  # one query per row


@pytest.mark.neo4j
def test_dates_properties_and_sources(neo4j_driver, sample_graph_dir, sample_graph):
    ensure_loaded(sample_graph_dir)
    db = _db(neo4j_driver)
    rows = neo4j_driver.execute_query(
        "MATCH (e:Event) WHERE e.date IS NOT NULL RETURN e.id AS id, valueType(e.date) AS t, toString(e.date) AS d",
        database_=db).records
    assert rows
    for r in rows:
        expected = sample_graph.nodes[r["id"]].props["date"]
        assert r["d"] == expected
        full = re.fullmatch(r"\d{4}-\d{2}-\d{2}", expected) is not None
        assert r["t"].startswith("DATE" if full else "STRING"), (expected, r["t"])
    rec = neo4j_driver.execute_query(
        "MATCH (p:Person)-[t:HOLDS]->(o:Office) WHERE size(t.sourceSentences) > 0 "
        "RETURN p, t, o LIMIT 1", database_=db).records[0]
    p, t = rec["p"], rec["t"]
    assert p["iri"] == "https://w3id.org/kg-vn/id/" + p["id"]
    assert p["name"] == p["label"] and p["searchKey"]
    assert len(t["sourceSentences"]) == len(t["sourceArticles"]) == len(t["sourceRules"])
    assert t["id"] in sample_graph.facts
    # a chair has CHAIRED only: queries about everyone present match CHAIRED|ATTENDED
    both = neo4j_driver.execute_query(
        "MATCH (p)-[c:CHAIRED]->(e)<-[a:ATTENDED]-(p) RETURN count(*) AS n", database_=db).records[0]["n"]
    chairs = [f for f in sample_graph.facts.values() if f.type == "Participation" and f.props.get("role") == "chair"]
    assert chairs
    others = {(f.subject, f.object) for f in sample_graph.facts.values()
              if f.type == "Participation" and f.props.get("role") != "chair"}
    assert both == sum((f.subject, f.object) in others for f in chairs)


# ----------------------------------------------------------------------------- the pack


def test_every_sparql_question_has_a_cypher_twin_with_the_same_header():
    for name in SPARQL_NAMES:
        s = get_query(name, "sparql")
        path = queries_dir() / "cypher" / f"{name}.cypher"
        assert path.is_file(), f"queries/cypher/{name}.cypher is missing"
        c = parse_query(path)
        assert (c.name, c.question_vi, c.question_en, c.columns, c.lists) == \
               (s.name, s.question_vi, s.question_en, s.columns, s.lists), name
        assert [(p.name, p.type, p.default) for p in c.params] == [(p.name, p.type, p.default) for p in s.params], name
        assert not re.search(r"\{\{|%s|\bformat\(", c.text), "parameters are bound as $name, never pasted"


# One realistic value per question; a question not listed here gets a value by type.
REALISTIC = {
    "persons": {"name": "pham"},
    "organizations": {"name": "ngoai giao"},
    "offices": {"name": "bui thanh son"},
    "international-roles": {"holder": "viet nam"},
    "events": {"year": "2021"},
    "event-chairs": {"year": "2021"},
    "event-participants": {"event": "hoi nghi ngoai giao"},
    "directives": {"code": "25-CT/TW"},
    "chairs-by-year": {"year": "2021"},
    "co-participants": {"person": "bui thanh son"},
    "office-holders-on": {"date": "2021-12-15"},
    "person-offices": {"person": "bui thanh son", "office": "bo truong"},
    "person-timeline": {"person": "pham binh minh"},
    "directive-events": {"directive": "25"},
    "events-by-year": {"year": "2023"},
    "roles-by-year": {"year": "2020"},
    "fact-sources": {"name": "thai phuc son"},
    "search": {"name": "ngoai giao"},
}
# Where the graph has no answer for the value above: one it has (the seeds' articles are
# undated, so no event of theirs has a year but 2025; the sample has no Chỉ thị 25)
REALISTIC_FOR = {
    ("sample", "directive-events"): {"directive": "22"},
    ("sample", "fact-sources"): {"name": "le hoang thanh"},
    ("seeds", "chairs-by-year"): {"person": "pham binh minh"},
    ("seeds", "event-chairs"): {"name": "thai phuc son"},
    ("seeds", "events"): {"year": "2025"},
    ("seeds", "events-by-year"): {"year": "2025"},
}
BY_TYPE = {"name": "pham", "text": "25", "year": "2021", "date": "2021-12-15", "int": "2"}


def realistic_params(name: str, graph: str | None = None) -> dict[str, str]:
    if (graph, name) in REALISTIC_FOR:
        return REALISTIC_FOR[graph, name]
    if name in REALISTIC:
        return REALISTIC[name]
    q = get_query(name, "sparql")
    return {q.params[0].name: BY_TYPE[q.params[0].type]} if q.params else {}


def order_columns(q) -> list[str]:
    """The columns the SPARQL ``ORDER BY`` sorts on, in order, up to the first it cannot name.

    A key over one variable counts as its column (``DESC(?events)``, ``(!BOUND(?year))``,
    ``STRSTARTS(?date, "--")``); variables map to columns through ``(… ?v … AS ?col)``.
    """
    alias = {c: c for c in q.columns}
    for expr, col in re.findall(r"\(([^()]*(?:\([^()]*\))?[^()]*)\s+AS\s+\?(\w+)\)", q.text):
        vs = re.findall(r"\?(\w+)", expr)
        if len(vs) == 1 and col in q.columns and not re.match(r"\s*(COUNT|GROUP_CONCAT|SAMPLE|MIN|MAX)", expr, re.I):
            alias.setdefault(vs[0], col)
    clauses = re.findall(r"^\s*ORDER\s+BY\s+(.*)$", q.text, re.M | re.I)
    if not clauses:
        return []
    terms, depth, cur = [], 0, ""
    for ch in clauses[-1].strip() + " ":
        depth += ch == "("
        depth -= ch == ")"
        if ch.isspace() and depth == 0:
            if cur:
                terms.append(cur)
            cur = ""
        else:
            cur += ch
    out = []
    for t in terms:
        vs = set(re.findall(r"\?(\w+)", t))
        if len(vs) != 1 or next(iter(vs)) not in alias:
            break
        out.append(alias[next(iter(vs))])
    return out


def sample_columns(q) -> set[str]:
    """Columns the SPARQL query fills with ``SAMPLE(…)``: any one value of a group is right."""
    return set(re.findall(r"SAMPLE\(\s*\?\w+\s*\)\s+AS\s+\?(\w+)", q.text, re.I))


def comparable(rows: list[dict], q, keys: list[str], loose: set[str]) -> list[dict]:
    """Rows over the declared columns, list columns sorted, ties of the ORDER BY keys sorted."""
    norm = []
    for r in rows:
        row = {}
        for c in q.columns:
            v = r.get(c)
            if c in q.lists:
                v = sorted(v or [])
            if c in loose:
                v = v is not None
            row[c] = v
        norm.append(row)
    out = []
    for _, run in itertools.groupby(norm, key=lambda r: json.dumps([r[k] for k in keys], ensure_ascii=False)):
        out.extend(sorted(run, key=lambda r: json.dumps(r, ensure_ascii=False, sort_keys=True)))
    return out


PARITY_CASES = [(g, name, mode) for g in ("sample", "seeds") for name in SPARQL_NAMES for mode in ("default", "param")]


@pytest.mark.neo4j
@pytest.mark.parametrize("graph,name,mode", PARITY_CASES, ids=[f"{g}-{n}-{m}" for g, n, m in PARITY_CASES])
def test_cypher_rows_equal_sparql_rows(neo4j_driver, request, graph, name, mode):
    from kg.query.cypher import run_cypher
    from kg.query.sparql import run_sparql

    graph_dir = request.getfixturevalue("sample_graph_dir" if graph == "sample" else "seed_graph_dir")
    ensure_loaded(graph_dir)
    sq = get_query(name, "sparql")
    cq = get_query(name, "cypher")
    given = realistic_params(name, graph) if mode == "param" else {}
    expected = run_sparql(sq, graph_dir, bind_params(sq, given))
    assert expected.rows, f"{name} {given} has no answer on the {graph}: an empty answer proves no parity"
    got = run_cypher(cq, bind_params(cq, given), driver=neo4j_driver)
    assert got.columns == sq.columns
    for r in got.rows:
        for c in sq.lists:
            assert isinstance(r[c], list), (c, r[c])
    keys, loose = order_columns(sq), sample_columns(sq)
    a = comparable(expected.rows, sq, keys, loose)
    b = comparable(got.rows, sq, keys, loose)
    if a != b:
        diff = [f"row {i}:\n  sparql {x}\n  cypher {y}" for i, (x, y) in enumerate(zip(a, b)) if x != y][:5]
        pytest.fail(f"{name} {given}: {len(a)} SPARQL rows, {len(b)} Cypher rows (order keys {keys})\n"
                    + "\n".join(diff))


@pytest.mark.neo4j
def test_search_returns_a_matching_key(neo4j_driver, sample_graph_dir):
    from kg.query.cypher import run_cypher

    ensure_loaded(sample_graph_dir)
    q = get_query("search", "cypher")
    rows = run_cypher(q, bind_params(q, {"name": "Ngoại giao"}), driver=neo4j_driver).rows
    assert rows
    assert all("ngoai giao" in r["matched"] for r in rows)


@pytest.mark.neo4j
def test_cli_load_then_query_with_the_neo4j_backend(neo4j_driver, seed_graph_dir):
    _LOADED["graph"] = None
    result = runner.invoke(app, ["load", "neo4j", "--graph", str(seed_graph_dir), "--wipe"])
    assert result.exit_code == 0, _output(result)
    assert "Nodes:" in _output(result) and "created" in _output(result)
    _LOADED["graph"] = seed_graph_dir
    result = runner.invoke(app, ["query", "persons", "--backend", "neo4j", "--format", "json"])
    assert result.exit_code == 0, _output(result)
    got = json.loads(result.stdout)
    result = runner.invoke(app, ["query", "persons", "--graph", str(seed_graph_dir), "--format", "json"])
    assert got == json.loads(result.stdout)


# ----------------------------------------------------------------------------- Browser


@pytest.mark.neo4j
def test_browser_is_served(neo4j_driver):
    port = os.environ.get("KG_NEO4J_HTTP_PORT", "7474")
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/browser/", timeout=10) as resp:
        assert resp.status == 200
        assert b"<html" in resp.read(4096).lower()


def test_browser_style_covers_every_label_and_relationship():
    from kg.neo4j.load import LABELS, REL_TYPES

    grass = (queries_dir() / "browser.grass").read_text(encoding="utf-8")
    assert grass.count("{") == grass.count("}")
    for label in LABELS:
        block = re.search(r"node\." + label + r"\s*\{([^}]*)\}", grass)
        assert block and "color:" in block.group(1) and "caption:" in block.group(1), label
    for rel in REL_TYPES:
        assert re.search(r"relationship\." + rel + r"\s*\{[^}]*caption:", grass), rel


# ----------------------------------------------------------------------------- errors


def _one_error_line(out: str) -> str:
    lines = [x for x in out.splitlines() if x.strip()]
    assert len(lines) == 1, out
    assert lines[0].startswith("Error: ") and "Traceback" not in out
    return lines[0]


def test_server_down_names_the_fix_and_hides_the_password(monkeypatch, sample_graph_dir):
    monkeypatch.setenv("NEO4J_PASSWORD", BOGUS)
    result = runner.invoke(app, ["load", "neo4j", "--graph", str(sample_graph_dir), "--uri", DOWN_URI])
    assert result.exit_code == 1
    line = _one_error_line(_output(result))
    assert "cannot reach Neo4j" in line and "scripts/neo4j-local start" in line and "docker compose up -d" in line
    assert BOGUS not in _output(result)


def test_query_backend_neo4j_server_down(monkeypatch):
    monkeypatch.setenv("NEO4J_PASSWORD", BOGUS)
    result = runner.invoke(app, ["query", "persons", "--backend", "neo4j", "--uri", DOWN_URI])
    assert result.exit_code == 1
    assert "cannot reach Neo4j" in _one_error_line(_output(result))
    assert BOGUS not in _output(result)


def test_missing_password_without_a_terminal(monkeypatch, sample_graph_dir):
    import kg.neo4j

    monkeypatch.delenv("NEO4J_PASSWORD", raising=False)
    monkeypatch.setattr(kg.neo4j, "read_env_file", lambda path=None: {})
    result = runner.invoke(app, ["load", "neo4j", "--graph", str(sample_graph_dir)], input="")
    assert result.exit_code == 1
    assert "NEO4J_PASSWORD" in _one_error_line(_output(result))


def test_missing_graph_fails_before_connecting(tmp_path):
    result = runner.invoke(app, ["load", "neo4j", "--graph", str(tmp_path / "none"), "--uri", DOWN_URI])
    assert result.exit_code == 1
    assert "kg build" in _one_error_line(_output(result))


def test_help_never_shows_the_password(monkeypatch):
    monkeypatch.setenv("NEO4J_PASSWORD", BOGUS)
    for args in (["load", "neo4j", "--help"], ["query", "--help"], ["neo4j", "--help"]):
        result = runner.invoke(app, args)
        assert result.exit_code == 0
        assert BOGUS not in _output(result)


@pytest.mark.neo4j
def test_wrong_password_names_the_fix_and_is_never_printed(neo4j_driver, sample_graph_dir):
    """The installed entry point, as a user runs it: one line, exit 1, no password."""
    kg = shutil.which("kg", path=str(Path(sys.executable).parent)) or shutil.which("kg")
    if kg is None:
        pytest.skip("the kg entry point is not installed")
    env = {**os.environ, "NEO4J_PASSWORD": BOGUS}
    proc = subprocess.run([kg, "load", "neo4j", "--graph", str(sample_graph_dir)], env=env,
                          capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=120)
    assert proc.returncode == 1
    line = _one_error_line(proc.stdout + proc.stderr)
    assert "refused the password" in line and "NEO4J_PASSWORD" in line
    assert BOGUS not in proc.stdout + proc.stderr


@pytest.mark.neo4j
def test_wrong_database_names_the_fix(neo4j_driver, sample_graph_dir):
    result = runner.invoke(app, ["load", "neo4j", "--graph", str(sample_graph_dir), "--database", "nosuchdb"])
    assert result.exit_code == 1
    line = _one_error_line(_output(result))
    assert "no database 'nosuchdb'" in line and "--database neo4j" in line


@pytest.mark.neo4j
def test_neo4j_status_wraps_the_local_script(neo4j_driver):
    result = subprocess.run([sys.executable, "-c", "from kg.cli import app; app()", "neo4j", "status"],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode in (0, 3), result.stderr
    assert "neo4j-local:" in result.stdout + result.stderr
