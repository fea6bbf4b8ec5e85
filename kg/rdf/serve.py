"""``kg serve``: the store of a built graph as a read-only SPARQL endpoint.

The server is Oxigraph's own (the ``oxigraph`` package on PyPI: ``oxigraph
serve-read-only``), run on the ``store/`` folder that ``kg build`` writes with pyoxigraph.
It speaks the SPARQL 1.1 Protocol at ``/query`` (also ``/sparql``), refuses updates (HTTP
403) and serves a YASGUI query page at ``/`` whose scripts and styles come from the server
itself, so the page works with no internet access.

The server and the library that wrote the store must be of the same Oxigraph series
(0.5.x): a store written by pyoxigraph 0.4 is refused by a 0.5 server, and the other way
round; the error says so and ``kg build`` again fixes it.

>>> with start_server("kg-out", port=7878) as server:                  # doctest: +SKIP
...     print(server.endpoint)
http://127.0.0.1:7878/query
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from kg.errors import GraphNotFoundError, ServeError
from kg.rdf.store import STORE_DIR

DEFAULT_HOST = "127.0.0.1"  # this machine only; --host 0.0.0.0 opens it to the network
DEFAULT_PORT = 7878  # Oxigraph's own default
START_TIMEOUT = 30.0  # seconds for the server to open the store and answer a first query
_PROBE = "ASK {}"
_LISTENING = b"Listening for requests at"  # what oxigraph prints (stderr) once it holds the port
_ALL_INTERFACES = ("0.0.0.0", "::", "")


@dataclass
class SparqlServer:
    """A running ``oxigraph serve-read-only`` over a built graph's store.

    ``endpoint`` is the SPARQL 1.1 Protocol URL (``/query``), ``page`` the YASGUI query
    page (``/``); ``started_in`` the seconds from launch to the first answered query.
    Use it as a context manager, or call :meth:`stop`.
    """

    graph: Path
    host: str
    port: int
    process: subprocess.Popen = field(repr=False)
    started_in: float = 0.0
    _log: object = field(default=None, repr=False)

    @property
    def base(self) -> str:
        host = "127.0.0.1" if self.host in _ALL_INTERFACES else self.host
        if ":" in host:  # an IPv6 address
            host = f"[{host}]"
        return f"http://{host}:{self.port}"

    @property
    def endpoint(self) -> str:
        return f"{self.base}/query"

    @property
    def page(self) -> str:
        return f"{self.base}/"

    @property
    def public(self) -> bool:
        """True when the server listens on every network interface, not this machine only."""
        return self.host in _ALL_INTERFACES

    def running(self) -> bool:
        return self.process.poll() is None

    def wait(self) -> None:
        """Block until the server stops; raises :class:`ServeError` when it stopped by itself.

        ``KeyboardInterrupt`` (Ctrl-C) passes through: catch it and call :meth:`stop`.
        """
        code = self.process.wait()
        raise ServeError(f"the SPARQL server stopped by itself (exit code {code}): {_last_error(self._log)}",
                         "see the message; start `kg serve` again")

    def stop(self, timeout: float = 10.0) -> None:
        """Stop the server (SIGTERM, then SIGKILL after ``timeout`` seconds) and wait for it."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self._log is not None:
            self._log.close()
            self._log = None

    def __enter__(self) -> "SparqlServer":
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


def oxigraph_command() -> str:
    """The ``oxigraph`` executable installed with the ``oxigraph`` package.

    Found through the package's own file list (so a virtual environment that is not
    activated still works), else on ``PATH``. Raises :class:`ServeError` when absent.
    """
    from importlib import metadata

    try:
        dist = metadata.distribution("oxigraph")
    except metadata.PackageNotFoundError:
        dist = None
    for f in (dist.files or []) if dist else []:
        if f.name in ("oxigraph", "oxigraph.exe") and f.parent.name in ("bin", "Scripts"):
            path = Path(dist.locate_file(f)).resolve()
            if path.is_file() and os.access(path, os.X_OK):
                return str(path)
    found = shutil.which("oxigraph")
    if found:
        return found
    raise ServeError("the Oxigraph server is not installed", "pip install 'oxigraph>=0.5,<0.6' (it comes with kg)")


def _bind(host: str, port: int) -> str:
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


def _said(log) -> bytes:
    """What the server wrote to its log so far. Read with pread: the server writes through
    the same open file, so moving its offset (seek) could make it overwrite its own lines."""
    fd = log.fileno()
    if not hasattr(os, "pread"):  # Windows
        log.seek(0)
        return log.read()
    return os.pread(fd, os.fstat(fd).st_size, 0)


def _last_error(log) -> str:
    """The server's error line (``Error: …``) from its log, without the backtrace."""
    if log is None:
        return "no message"
    lines = [ln.strip() for ln in _said(log).decode("utf-8", "replace").splitlines() if ln.strip()]
    errors = [ln for ln in lines if ln.startswith("Error:")]
    text = (errors[-1] if errors else lines[-1] if lines else "no message")
    return text.removeprefix("Error:").strip()


def _start_error(message: str, graph: Path, host: str, port: int) -> ServeError:
    """A clear error for the ways the server fails to start."""
    low = message.lower()
    if "address already in use" in low or "os error 98" in low or "os error 48" in low or "10048" in low:
        return ServeError(f"port {port} on {host} is already in use",
                          "stop the program that uses it, or pick another port with --port N")
    if "permission denied" in low or "os error 13" in low:
        return ServeError(f"not allowed to listen on {host}:{port}", "use a port above 1023, e.g. --port 7878")
    if "lookup address" in low or "name or service not known" in low or "cannot assign" in low \
            or "os error 99" in low or "invalid socket address" in low:
        return ServeError(f"cannot listen on host '{host}' ({message})",
                          "use an address of this machine, e.g. --host 127.0.0.1 (default) or --host 0.0.0.0")
    if "version" in low or "upgrade" in low:
        from importlib import metadata

        versions = ", ".join(f"{p} {_version(metadata, p)}" for p in ("oxigraph", "pyoxigraph"))
        return ServeError(f"the store in {graph} was written by another Oxigraph version ({message})",
                          f"rebuild it with `kg build … --out {graph}` ({versions} installed; "
                          f"both must be of the same series, e.g. 0.5.x)")
    return ServeError(f"the SPARQL server did not start: {message}", f"check that {graph} is a folder written by `kg build`")


def _version(metadata, package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "missing"


def _die_with_parent() -> None:  # pragma: no cover - runs in the child, between fork and exec
    """Linux: the server gets SIGTERM when kg dies, even by SIGKILL (no orphan keeps the port)."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except Exception:
        pass


def ask(url: str, query: str, *, timeout: float = 10.0) -> dict:
    """Run a SPARQL query at an endpoint over HTTP GET; the JSON results as a dict."""
    req = urllib.request.Request(f"{url}?{urllib.parse.urlencode({'query': query})}",
                                 headers={"Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(req, timeout=timeout) as r:
        return json.loads(r.read())


def start_server(graph_dir: str | Path, *, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT,
                 cors: bool = False, timeout: float = START_TIMEOUT) -> SparqlServer:
    """Serve the store of the built graph in ``graph_dir`` read-only over HTTP.

    Starts ``oxigraph serve-read-only`` on ``host:port`` and returns once it has answered a
    first query. ``cors`` lets web pages from other origins query it. The store is only
    read: a graph rebuilt meanwhile is served once the server is started again.

    Raises :class:`~kg.errors.GraphNotFoundError` when ``graph_dir`` holds no built store,
    and :class:`~kg.errors.ServeError` when the port is in use, the host is not an address
    of this machine, the store is of another Oxigraph version, or the server does not
    answer within ``timeout`` seconds.
    """
    graph = Path(graph_dir)
    store = graph / STORE_DIR
    if not (store / "CURRENT").is_file():
        raise GraphNotFoundError(f"no built graph in {graph}")
    if not isinstance(port, int) or not 0 < port < 65536:
        raise ServeError(f"port must be between 1 and 65535, not {port}", "use e.g. --port 7878")
    cmd = [oxigraph_command(), "serve-read-only", "--location", str(store), "--bind", _bind(host, port)]
    if cors:
        cmd.append("--cors")
    env = {**os.environ, "RUST_BACKTRACE": "0", "RUST_LIB_BACKTRACE": "0"}
    log = tempfile.TemporaryFile()  # what the server says on stderr
    t0 = time.perf_counter()
    process = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=log, env=env,
                               start_new_session=True,  # Ctrl-C reaches kg, which stops the server
                               preexec_fn=_die_with_parent if sys.platform == "linux" else None)
    server = SparqlServer(graph, host, port, process, _log=log)
    deadline = time.monotonic() + timeout
    try:
        while True:
            if process.poll() is not None:
                message = _last_error(log)
                server.stop()
                raise _start_error(message, graph, host, port)
            # the server says so once it holds the port: only then is an answer its own
            # (another program on the port answers too, while this one fails to bind)
            try:
                if _LISTENING in _said(log):
                    ask(server.endpoint, _PROBE, timeout=2.0)
                    break
            except (urllib.error.URLError, OSError, ValueError):
                pass
            if time.monotonic() > deadline:
                server.stop()
                raise ServeError(f"the SPARQL server did not answer on {server.endpoint} within {timeout:.0f} s",
                                 "check that nothing else answers on that port, or try another with --port N")
            time.sleep(0.05)
    except BaseException:  # Ctrl-C while starting, or an error above: no server left behind
        server.stop()
        raise
    server.started_in = time.perf_counter() - t0
    return server
