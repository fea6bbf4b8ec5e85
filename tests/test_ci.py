"""``.ci/run`` can run twice in one checkout, and never leaves Neo4j running.

``.ci/run`` starts the server with ``scripts/ci-neo4j.sh``; these tests source that script as
``.ci/run`` does, in a shell of their own with a home and ports of their own (the jars of the
server already fetched are reused), and check what a second run finds. Real servers start
and stop here: needs Java, like the other Neo4j tests.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import IN_CI, ROOT

pytestmark = [pytest.mark.neo4j, pytest.mark.slow]

LOGIN = (f"{sys.executable} -c 'from kg.neo4j import neo4j_settings, open_driver; "
         "open_driver(neo4j_settings()).close(); print(\"logged in\")'")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _jars() -> Path | None:
    """The lib folder of a Neo4j home neo4j-local has already filled, if any."""
    version = next(line.split(">")[1].split("<")[0] for line in (ROOT / "neo4j" / "pom.xml").read_text().splitlines()
                   if "<neo4j.version>" in line)
    for home in (os.environ.get("KG_NEO4J_HOME"), Path.home() / ".cache" / "kg-neo4j" / version,
                 ROOT / ".kg-neo4j"):
        if home and (Path(home) / "lib" / ".kg-fetched").is_file():
            return Path(home) / "lib"
    return None


@pytest.fixture
def home(tmp_path) -> Path:
    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        if IN_CI:
            pytest.fail("java is missing: .ci/run needs it for Neo4j")
        pytest.skip("java is missing (Neo4j needs Java 17 or 21)")
    home = tmp_path / "kg-neo4j"
    home.mkdir()
    jars = _jars()
    if jars is not None:  # the jars only: data, conf and password are this home's own
        (home / "lib").symlink_to(jars, target_is_directory=True)
    return home


def ci_run(home: Path, then: str, **env: str) -> subprocess.CompletedProcess:
    """Source scripts/ci-neo4j.sh as .ci/run does (``set -euo pipefail``), then run ``then``."""
    base = {k: v for k, v in os.environ.items() if not k.startswith(("NEO4J_", "KG_NEO4J_"))}
    base.update({"KG_NEO4J_HOME": str(home), "KG_NEO4J_BOLT_PORT": str(_free_port()),
                 "KG_NEO4J_HTTP_PORT": str(_free_port()), **env})
    return subprocess.run(["bash", "-c", f"set -euo pipefail\n. scripts/ci-neo4j.sh\n{then}"], cwd=ROOT, env=base,
                          capture_output=True, text=True, timeout=600, stdin=subprocess.DEVNULL)


def running(home: Path) -> bool:
    r = subprocess.run(["bash", str(ROOT / "scripts" / "neo4j-local"), "status"], capture_output=True, text=True,
                       env={**os.environ, "KG_NEO4J_HOME": str(home)})
    return r.returncode == 0


def test_two_runs_in_one_checkout_log_in_and_stop_the_server(home):
    first = ci_run(home, LOGIN)
    assert first.returncode == 0 and "logged in" in first.stdout, first.stdout + first.stderr
    assert not running(home), "the first run left Neo4j running"
    password = (home / "password").read_text().strip()
    assert (home / "password").stat().st_mode & 0o077 == 0 and len(password) >= 8
    second = ci_run(home, LOGIN)
    assert second.returncode == 0 and "logged in" in second.stdout, second.stdout + second.stderr
    assert "rejects the password" not in second.stderr
    assert (home / "password").read_text().strip() == password
    assert not running(home), "the second run left Neo4j running"
    assert password not in first.stdout + first.stderr + second.stdout + second.stderr


def test_a_home_whose_password_was_not_kept_is_wiped(home):
    assert ci_run(home, "true").returncode == 0
    (home / "password").unlink()  # data made with a password nobody knows
    r = ci_run(home, LOGIN)
    assert r.returncode == 0 and "logged in" in r.stdout, r.stdout + r.stderr
    assert "wiping it" in r.stdout
    assert not running(home)


def test_a_run_that_fails_stops_the_server_too(home):
    r = ci_run(home, "false")
    assert r.returncode == 1
    assert not running(home)


def test_a_server_refusing_the_password_is_stopped_as_the_run_fails(home):
    assert ci_run(home, "true").returncode == 0
    r = ci_run(home, "echo never", NEO4J_PASSWORD="another-password-1")
    assert r.returncode != 0 and "rejects the password" in r.stderr, r.stdout + r.stderr
    assert "never" not in r.stdout
    assert not running(home), "neo4j-local start failed and left the server up"
