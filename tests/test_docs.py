"""Docs that cannot drift: every command has help and is in the README; every query of the
pack has its comment block, parses, and runs on a built graph with the columns it promises."""

from __future__ import annotations

import re

import pytest
import typer
from typer.testing import CliRunner

from kg.cli import app
from kg.query import PARAM_TYPES, bind_params, parse_query
from kg.query.sparql import check_syntax, run_sparql
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
QUERY_FILES = sorted((ROOT / "queries" / "sparql").glob("*.rq"))
COMMANDS = sorted(name for name, cmd in typer.main.get_command(app).commands.items() if not cmd.hidden)
runner = CliRunner()


def test_the_lists_are_not_empty():
    assert len(QUERY_FILES) >= 18
    assert {"build", "query", "validate"} <= set(COMMANDS)


# ----------------------------------------------------------------------------- commands


@pytest.mark.parametrize("command", COMMANDS)
def test_command_has_help(command):
    r = runner.invoke(app, [command, "--help"])
    assert r.exit_code == 0, r.output
    assert "Usage:" in r.output and len(r.output.strip().splitlines()) > 3


@pytest.mark.parametrize("command", COMMANDS)
def test_command_is_in_readme(command):
    assert re.search(rf"`kg {re.escape(command)}\b", README), f"README.md does not show `kg {command}`"


# ----------------------------------------------------------------------------- query pack


@pytest.mark.parametrize("path", QUERY_FILES, ids=lambda p: p.stem)
def test_query_has_its_comment_block(path):
    q = parse_query(path)
    assert q.name == path.stem
    assert q.question_vi and q.question_en, "needs '# vi:' and '# en:' lines"
    assert q.question_en.endswith(("?", ")")) or ":" in q.question_en or q.question_en[0].isupper()
    assert q.columns, "needs a '# columns:' line"
    assert set(q.lists) <= set(q.columns)
    for p in q.params:
        assert p.type in PARAM_TYPES and p.help, p


@pytest.mark.parametrize("path", QUERY_FILES, ids=lambda p: p.stem)
def test_query_parses(path):
    check_syntax(parse_query(path))


@pytest.mark.parametrize("path", QUERY_FILES, ids=lambda p: p.stem)
def test_query_runs_on_the_sample_graph_with_its_columns(path, sample_graph_dir):
    q = parse_query(path)
    result = run_sparql(q, sample_graph_dir, bind_params(q, {}))
    assert result.columns == q.columns
    for row in result.rows:
        for c in q.lists:
            assert isinstance(row[c], list)


@pytest.mark.parametrize("path", QUERY_FILES, ids=lambda p: p.stem)
def test_query_is_in_readme(path):
    assert f"`{path.stem}`" in README, f"README.md's query list misses `{path.stem}`"
