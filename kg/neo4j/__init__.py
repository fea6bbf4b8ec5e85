"""Neo4j output: connection settings, the driver, and errors a user can act on.

Settings come from the arguments, then the environment (``NEO4J_URI``, ``NEO4J_USER``,
``NEO4J_PASSWORD``, ``NEO4J_DATABASE``), then the ``.env`` file (see :func:`env_file`), then
the defaults ``bolt://127.0.0.1:7687`` (the port of ``KG_NEO4J_BOLT_PORT`` when it is set,
as for ``scripts/neo4j-local``), ``neo4j`` and database ``neo4j``. The password has no
default and is never printed: every error here names the URI, user and database only.

>>> s = neo4j_settings(uri="bolt://127.0.0.1:7687", user="neo4j", password="secret-123")
>>> s.database, "secret-123" in repr(s)
('neo4j', False)
"""

from __future__ import annotations

import os
import subprocess
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from kg.errors import Neo4jError

# the local server's port (scripts/neo4j-local reads KG_NEO4J_BOLT_PORT too)
DEFAULT_URI = f"bolt://127.0.0.1:{os.environ.get('KG_NEO4J_BOLT_PORT') or 7687}"
DEFAULT_USER = "neo4j"
DEFAULT_DATABASE = "neo4j"
REPO_DIR = Path(__file__).resolve().parent.parent.parent
LOCAL_SCRIPT = REPO_DIR / "scripts" / "neo4j-local"

START_HINT = "start it: `docker compose up -d` or `scripts/neo4j-local start` (or `kg neo4j start`)"
PASSWORD_HINT = ("check NEO4J_PASSWORD (environment or .env); the local server keeps a generated "
                 "one in <KG_NEO4J_HOME>/password")


@dataclass(frozen=True)
class Neo4jSettings:
    """Where and as whom to connect. ``repr`` hides the password."""

    uri: str
    user: str
    database: str
    password: str | None = field(default=None, repr=False)

    def where(self) -> str:
        return f"{self.uri} (user {self.user}, database {self.database})"


def env_file() -> Path | None:
    """The ``.env`` kg reads: the one in the current folder, else the repository's; None if
    neither exists. ``scripts/neo4j-local`` reads the same file."""
    for candidate in (Path.cwd() / ".env", REPO_DIR / ".env"):
        if candidate.is_file():
            return candidate
    return None


def read_env_file(path: Path | None = None) -> dict[str, str]:
    """``KEY=value`` lines of a ``.env`` file, read by python-dotenv; {} if there is none.

    The rules (``scripts/neo4j-local`` follows them too, so the server and kg never disagree
    on the password): the last of two equal keys wins; ``export`` may come first; a value in
    quotes is taken as written, an unquoted one ends before `` #`` (a comment) and loses its
    trailing blanks. A key without a value is left out.

    >>> import tempfile, pathlib
    >>> f = pathlib.Path(tempfile.mkdtemp()) / ".env"
    >>> _ = f.write_text("NEO4J_PASSWORD=first\\nexport NEO4J_PASSWORD=abc # comment\\n")
    >>> read_env_file(f)
    {'NEO4J_PASSWORD': 'abc'}
    """
    from dotenv import dotenv_values

    path = path or env_file()
    if path is None or not Path(path).is_file():
        return {}
    return {k: v for k, v in dotenv_values(path, encoding="utf-8").items() if v is not None}


def neo4j_settings(uri: str | None = None, user: str | None = None, password: str | None = None,
                   database: str | None = None) -> Neo4jSettings:
    """Resolve the settings: arguments, then environment, then ``.env``, then defaults.

    The password may stay ``None`` (the CLI then prompts when it can); nothing is raised here.
    """
    env_file = read_env_file()

    def pick(value: str | None, key: str, default: str | None) -> str | None:
        return value or os.environ.get(key) or env_file.get(key) or default

    return Neo4jSettings(uri=pick(uri, "NEO4J_URI", DEFAULT_URI),
                         user=pick(user, "NEO4J_USER", DEFAULT_USER),
                         database=pick(database, "NEO4J_DATABASE", DEFAULT_DATABASE),
                         password=pick(password, "NEO4J_PASSWORD", None))


_SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")


def shown_uri(uri: str) -> str:
    """A URI fit to print: ``bolt://neo4j:secret@host`` shows as ``bolt://***@host``."""
    from urllib.parse import urlsplit, urlunsplit

    try:
        parts = urlsplit(uri)
    except ValueError:
        return "<unparsable URI>"
    if "@" in parts.netloc:
        parts = parts._replace(netloc="***@" + parts.netloc.rsplit("@", 1)[1])
    return urlunsplit(parts)


def translate_error(exc: Exception, s: Neo4jSettings) -> Neo4jError:
    """A driver exception as a :class:`Neo4jError` whose message names the fix (never the password)."""
    from dataclasses import replace

    from neo4j import exceptions as ne

    s = replace(s, uri=shown_uri(s.uri))
    code = getattr(exc, "code", None) or ""
    if isinstance(exc, ne.AuthError) or code.startswith("Neo.ClientError.Security.Unauthorized"):
        return Neo4jError(f"Neo4j at {s.uri} refused the password of user '{s.user}'", PASSWORD_HINT)
    if code == "Neo.ClientError.Security.AuthenticationRateLimit":
        return Neo4jError(f"Neo4j at {s.uri} locked user '{s.user}' after failed logins",
                          "wait a few seconds, then " + PASSWORD_HINT)
    if code == "Neo.ClientError.Database.DatabaseNotFound":
        return Neo4jError(f"Neo4j at {s.uri} has no database '{s.database}'",
                          "use --database neo4j or set NEO4J_DATABASE (Community edition has only `neo4j`)")
    if code == "Neo.TransientError.General.DatabaseUnavailable":
        return Neo4jError(f"the database '{s.database}' at {s.uri} is not available (stopped or starting)",
                          "wait a moment, or start it with `START DATABASE` as an admin")
    if isinstance(exc, (ne.ServiceUnavailable, ne.SessionExpired, OSError)):
        return Neo4jError(f"cannot reach Neo4j at {s.uri}", START_HINT + "; check NEO4J_URI")
    if isinstance(exc, (ne.ConfigurationError, ValueError)):
        return Neo4jError(f"cannot use the Neo4j URI '{s.uri}'",
                          "write it like bolt://127.0.0.1:7687 or neo4j://host:7687 (NEO4J_URI or --uri)")
    message = getattr(exc, "message", None) or str(exc) or exc.__class__.__name__
    return Neo4jError(f"Neo4j refused the request: {message.splitlines()[0]}",
                      "check the Neo4j server log and the query")


def open_driver(s: Neo4jSettings):
    """A connected driver (connectivity and credentials checked); raises :class:`Neo4jError`."""
    import neo4j

    if not s.password:
        raise Neo4jError("no Neo4j password given",
                         "set NEO4J_PASSWORD in the environment or in .env (`cp .env.example .env`)")
    if s.uri.split("://", 1)[0].lower() not in _SCHEMES:
        raise Neo4jError(f"cannot use the Neo4j URI '{shown_uri(s.uri)}'",
                         "write it like bolt://127.0.0.1:7687 or neo4j://host:7687 (NEO4J_URI or --uri)")
    driver = None
    try:
        driver = neo4j.GraphDatabase.driver(s.uri, auth=(s.user, s.password),
                                            notifications_min_severity="OFF",
                                            connection_timeout=10, max_transaction_retry_time=5)
        # one round trip checks the server, the login and the database (verify_connectivity
        # would be a second one, and does not open the database)
        driver.execute_query("RETURN 1", database_=s.database)
    except Exception as e:  # the driver raises many kinds; each becomes one line for the user
        if driver is not None:
            driver.close()
        raise translate_error(e, s) from None
    return driver


@contextmanager
def connect(uri: str | None = None, user: str | None = None, password: str | None = None,
            database: str | None = None) -> Iterator[tuple]:
    """``with connect(...) as (driver, settings):`` — settings resolved, driver closed after.

    Driver errors raised inside the block become :class:`Neo4jError` too.
    """
    from neo4j.exceptions import DriverError, Neo4jError as DriverNeo4jError

    s = neo4j_settings(uri, user, password, database)
    driver = open_driver(s)
    try:
        yield driver, s
    except (DriverError, DriverNeo4jError) as e:
        raise translate_error(e, s) from None
    finally:
        driver.close()


# ----------------------------------------------------------------------------- local server

SERVER_ACTIONS = ("start", "stop", "status")


def run_local_server(action: str) -> int:
    """Run ``scripts/neo4j-local ACTION`` (start, stop, status); its output goes to the terminal.

    Returns the script's exit code (``status``: 0 running, 3 not running). Raises
    :class:`Neo4jError` when the script is not there (an installed package without the repo).
    """
    if action not in SERVER_ACTIONS:
        raise Neo4jError(f"unknown action '{action}'", "use one of " + ", ".join(SERVER_ACTIONS))
    if not LOCAL_SCRIPT.is_file():
        raise Neo4jError(f"{LOCAL_SCRIPT} is missing (kg is not run from its repository)",
                         "run Neo4j with `docker compose up -d`, or clone the repository")
    return subprocess.run(["bash", str(LOCAL_SCRIPT), action], check=False).returncode
