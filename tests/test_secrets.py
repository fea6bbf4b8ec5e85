"""The Neo4j password is a secret: it comes from the environment, ``.env`` or a prompt, and
nothing kg prints — help, errors, exceptions — ever shows it.

Each test sets ``NEO4J_PASSWORD`` (or ``.env``) to a unique marker and searches what a
user would see for it. The commands are found in the CLI itself, so a command added later
is checked too.
"""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
import sys
import traceback
from pathlib import Path

import pytest
import typer.main
from typer.testing import CliRunner

from kg.build import build
from kg.cli import app
from tests.conftest import SAMPLE

MARKER = "kgSecret-" + secrets.token_hex(8)
KG = Path(sys.executable).parent / "kg"


def _command_paths(cmd=None, path=()) -> list[tuple[str, ...]]:
    cmd = cmd or typer.main.get_command(app)
    out = [path]
    for name, sub in sorted(getattr(cmd, "commands", {}).items()):
        out += _command_paths(sub, path + (name,))
    return out


COMMANDS = _command_paths()


def _has(*path: str) -> bool:
    return path in COMMANDS


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]  # closed again when the socket is


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEO4J_")}
    env.update(extra)
    return env


def _run(args: list[str], cwd: Path, **env: str) -> subprocess.CompletedProcess:
    """``kg ARGS`` as a user runs it: the installed entry point, no terminal, this env."""
    return subprocess.run([str(KG), *args], cwd=cwd, env=_env(**env), capture_output=True, text=True,
                          stdin=subprocess.DEVNULL, timeout=120)


@pytest.fixture(scope="module")
def graph_dir(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("secret-graph")
    build([SAMPLE], out)
    return out


# ----------------------------------------------------------------------------- help


@pytest.mark.parametrize("path", COMMANDS, ids=lambda p: "kg " + " ".join(p) if p else "kg")
def test_help_never_shows_the_password(path, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".env").write_text(f"NEO4J_PASSWORD={MARKER}\n", encoding="utf-8")
    r = CliRunner().invoke(app, [*path, "--help"], env={"NEO4J_PASSWORD": MARKER})
    assert r.exit_code == 0, r.output
    assert MARKER not in r.output


def test_the_commands_that_need_neo4j_exist():
    """The tests below run these commands: they must exist (none of the tests skips)."""
    assert _has("load", "neo4j") and _has("query")


def test_no_command_takes_the_password_as_an_option():
    """The password comes from the environment, .env or a hidden prompt (`--ask-password`)."""
    for path in COMMANDS:
        r = CliRunner().invoke(app, [*path, "--help"])
        assert r.exit_code == 0, r.output
        assert "--password" not in r.output, f"`kg {' '.join(path)}` has a --password option"
    assert "--ask-password" in CliRunner().invoke(app, ["load", "neo4j", "--help"]).output


# ----------------------------------------------------------------------------- failing connections

FAILING = {
    "load to a closed port": ("load", "neo4j"),
    "cypher query to a closed port": ("query",),
}


def _args(kind: str, graph_dir: Path) -> list[str]:
    if kind.startswith("load"):
        return ["load", "neo4j", "--graph", str(graph_dir)]
    return ["query", "persons", "--backend", "cypher"]


@pytest.mark.parametrize("kind", list(FAILING))
def test_a_failing_connection_never_shows_the_password(kind, graph_dir, tmp_path):
    uri = f"bolt://127.0.0.1:{_closed_port()}"
    r = _run(_args(kind, graph_dir), tmp_path, NEO4J_URI=uri, NEO4J_PASSWORD=MARKER)
    said = r.stdout + r.stderr
    assert r.returncode == 1, said
    assert "cannot reach Neo4j" in said and "Traceback" not in said
    assert MARKER not in said


@pytest.mark.parametrize("kind", list(FAILING))
def test_a_password_from_dotenv_is_not_shown_either(kind, graph_dir, tmp_path):
    (tmp_path / ".env").write_text(f"NEO4J_URI=bolt://127.0.0.1:{_closed_port()}\nNEO4J_PASSWORD='{MARKER}'\n",
                                   encoding="utf-8")
    r = _run(_args(kind, graph_dir), tmp_path)
    said = r.stdout + r.stderr
    assert r.returncode == 1 and "cannot reach Neo4j" in said, said
    assert MARKER not in said


def test_a_bad_uri_never_shows_the_password(tmp_path):
    for uri in ("bolt://127.0.0.1:notaport", "ftp://127.0.0.1:1", "bolt://[::1"):
        r = _run(["query", "persons", "--backend", "cypher"], tmp_path, NEO4J_URI=uri, NEO4J_PASSWORD=MARKER)
        said = r.stdout + r.stderr
        assert r.returncode == 1 and "Traceback" not in said, said
        assert MARKER not in said


def test_a_password_inside_the_uri_is_not_shown(tmp_path):
    r = _run(["query", "persons", "--backend", "cypher"], tmp_path,
             NEO4J_URI=f"bolt://neo4j:{MARKER}@127.0.0.1:{_closed_port()}", NEO4J_PASSWORD="x")
    said = r.stdout + r.stderr
    assert r.returncode == 1 and "bolt://***@127.0.0.1:" in said and "Traceback" not in said, said
    assert MARKER not in said


@pytest.mark.neo4j
def test_a_wrong_password_is_refused_without_being_shown(graph_dir, tmp_path):
    """Against the real server: one failed login (three would lock the user for a while)."""
    from kg.errors import Neo4jError
    from kg.neo4j import neo4j_settings, open_driver

    s = neo4j_settings()
    try:
        open_driver(s).close()
    except Neo4jError as e:
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(f"Neo4j is not reachable at {s.uri}: {e}")
        pytest.skip(f"Neo4j is not reachable at {s.uri}: {e}")
    r = _run(["query", "persons", "--backend", "cypher"], tmp_path, NEO4J_URI=s.uri, NEO4J_USER=s.user,
             NEO4J_PASSWORD=MARKER)
    said = r.stdout + r.stderr
    assert r.returncode == 1 and "refused the password" in said and "Traceback" not in said, said
    assert MARKER not in said


# ----------------------------------------------------------------------------- the library


def test_exceptions_and_settings_never_hold_the_password(graph_dir):
    from kg.errors import Neo4jError
    from kg.neo4j import neo4j_settings

    s = neo4j_settings(uri="bolt://127.0.0.1:1", password=MARKER)
    assert MARKER not in repr(s) and MARKER not in str(s) and MARKER not in s.where()
    from kg.neo4j.load import load_neo4j

    with pytest.raises(Neo4jError) as info:
        load_neo4j(graph_dir, uri=f"bolt://127.0.0.1:{_closed_port()}", password=MARKER)
    e = info.value
    shown = "".join(traceback.format_exception(e)) + repr(e) + str(e) + e.hint + repr(e.args)
    assert MARKER not in shown
