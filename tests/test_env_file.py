"""``.env`` is read one way: kg (python-dotenv) and ``scripts/neo4j-local`` (its
``scripts/dotenv.sh``) find the same password in every file, so the server is never started
with one password while kg logs in with another."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from kg.neo4j import read_env_file
from tests.conftest import IN_CI, ROOT

KG = Path(sys.executable).parent / "kg"

# .env files as people write them; the value both readers must find (None: not set)
ENV_FILES = {
    "plain": ("NEO4J_PASSWORD=s3cret-pass\n", "s3cret-pass"),
    "two equal keys: the last wins": ("NEO4J_PASSWORD=first-pass\nNEO4J_PASSWORD=second-pass\n", "second-pass"),
    "inline comment": ("NEO4J_PASSWORD=abc12345 # the local one\n", "abc12345"),
    "a # inside the value": ("NEO4J_PASSWORD=abc#12345\n", "abc#12345"),
    "export": ("export NEO4J_PASSWORD=exported-1\n", "exported-1"),
    "double quotes and comment": ('NEO4J_PASSWORD="with space # not a comment" # comment\n',
                                  "with space # not a comment"),
    "single quotes": ("NEO4J_PASSWORD='single-quoted'\n", "single-quoted"),
    "blanks around": ("  NEO4J_PASSWORD =   padded-pass   \n", "padded-pass"),
    "CRLF line ends": ("NEO4J_USER=neo4j\r\nNEO4J_PASSWORD=windows-pass\r\n", "windows-pass"),
    "no newline at the end": ("NEO4J_PASSWORD=last-line", "last-line"),
    "commented out": ("# NEO4J_PASSWORD=old-pass\nNEO4J_PASSWORD=new-pass\n", "new-pass"),
    "a later line commented out": ("NEO4J_PASSWORD=kept-pass\n#NEO4J_PASSWORD=old-pass\n", "kept-pass"),
    "empty value after a blank and a comment": ("NEO4J_PASSWORD= # none yet\n", ""),
    "a broken later line is ignored": ("NEO4J_PASSWORD=good-pass\nNEO4J_PASSWORD='broken'x\n", "good-pass"),
    "key without value": ("NEO4J_PASSWORD\n", None),
    "other keys only": ("NEO4J_URI=bolt://127.0.0.1:7687\nNEO4J_PASSWORD_OLD=x\n", None),
    "unicode": ("NEO4J_PASSWORD=mật-khẩu-1\n", "mật-khẩu-1"),
}


def script_reads(path: Path) -> str | None:
    r = subprocess.run(["bash", "-c", '. scripts/dotenv.sh; dotenv_get "$1" NEO4J_PASSWORD', "_", str(path)],
                       cwd=ROOT, capture_output=True, text=True)
    return r.stdout if r.returncode == 0 else None


@pytest.mark.parametrize("case", list(ENV_FILES))
def test_kg_and_the_server_script_read_the_same_password(case, tmp_path):
    text, expected = ENV_FILES[case]
    path = tmp_path / ".env"
    path.write_bytes(text.encode("utf-8"))
    assert read_env_file(path).get("NEO4J_PASSWORD") == expected
    assert script_reads(path) == expected


def test_the_script_refuses_a_password_it_would_read_otherwise_than_kg(tmp_path):
    """Escapes inside quotes: python-dotenv decodes them; the script keeps the backslash,
    then neo4j-local refuses the password (rather than start with another one)."""
    path = tmp_path / ".env"
    path.write_text("NEO4J_PASSWORD='it\\'s-a-pass'\n", encoding="utf-8")
    assert read_env_file(path)["NEO4J_PASSWORD"] == "it's-a-pass"
    assert "\\" in script_reads(path)
    from tests.test_ci import _jars

    home = tmp_path / "home"
    home.mkdir()
    if _jars() is not None:  # no second download of the server's jars
        (home / "lib").symlink_to(_jars(), target_is_directory=True)
    r = subprocess.run(["bash", str(ROOT / "scripts" / "neo4j-local"), "start"], cwd=tmp_path, capture_output=True,
                       text=True, env={**{k: v for k, v in os.environ.items() if k != "NEO4J_PASSWORD"},
                                       "KG_NEO4J_HOME": str(home)})
    if "java not found" in r.stderr or "needs Java" in r.stderr:
        pytest.skip("java is missing")
    assert r.returncode == 1 and "must not contain newlines, double quotes or backslashes" in r.stderr, r.stderr


@pytest.mark.neo4j
def test_kg_logs_in_with_the_last_password_of_dotenv(tmp_path):
    """Against the real server: the right password last, after a wrong one, with a comment."""
    from kg.errors import Neo4jError
    from kg.neo4j import neo4j_settings, open_driver

    s = neo4j_settings()
    try:
        open_driver(s).close()
    except Neo4jError as e:
        if IN_CI:
            pytest.fail(f"Neo4j is not reachable at {s.uri}: {e}")
        pytest.skip(f"Neo4j is not reachable at {s.uri}: {e}")
    (tmp_path / ".env").write_text(f"NEO4J_URI={s.uri}\nNEO4J_PASSWORD=wrong-password-1\n"
                                   f"NEO4J_PASSWORD={s.password}   # the test server's\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEO4J_")}
    r = subprocess.run([str(KG), "query", "persons", "--backend", "cypher", "--format", "json"], cwd=tmp_path,
                       env=env, capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=120)
    assert r.returncode == 0, r.stderr
    assert r.stdout.lstrip().startswith("[")
