"""`kg serve` as a user runs it: a real Oxigraph server over the sample graph's store,
asked over HTTP like any SPARQL client would (GET and POST, JSON results), refusing
updates, stopping on Ctrl-C, and its YASGUI page opened in headless Chromium.
"""

from __future__ import annotations

import json
import os
import select
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
import rdflib
from rdflib.compare import isomorphic, to_isomorphic
from typer.testing import CliRunner

import tests.test_export as browser
from kg.cli import app
from kg.query import run_query
from kg.rdf.serve import start_server
from tests.conftest import ROOT
from tests.test_export import DevTools, chromium  # noqa: F401  (the fixture)

runner = CliRunner()
JSON = "application/sparql-results+json"
PREFIXES = """PREFIX kg: <https://w3id.org/kg-vn/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
"""
PERSONS = PREFIXES + "SELECT ?name WHERE { ?p a kg:Person ; skos:prefLabel ?name } ORDER BY ?name"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def http(url: str, *, data: bytes | None = None, headers: dict | None = None, method: str | None = None):
    """(status, content type, body) of one request; HTTP errors are answers too."""
    req = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return r.status, r.headers.get("Content-Type", ""), r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers.get("Content-Type", ""), e.read()


def get(endpoint: str, query: str, accept: str = JSON):
    return http(f"{endpoint}?{urllib.parse.urlencode({'query': query})}", headers={"Accept": accept})


def values(body: bytes, var: str) -> list[str]:
    return [b[var]["value"] for b in json.loads(body)["results"]["bindings"]]


def triples(endpoint: str) -> int:
    status, _, body = get(endpoint, COUNT)
    assert status == 200, body
    return int(values(body, "n")[0])


def store_files(graph_dir: Path) -> dict[str, tuple[int, int]]:
    return {p.name: (p.stat().st_size, p.stat().st_mtime_ns) for p in (graph_dir / "store").iterdir()}


@pytest.fixture(scope="module")
def server(sample_graph_dir):
    with start_server(sample_graph_dir, port=free_port()) as s:
        yield s


# ----------------------------------------------------------------------------- the protocol


def test_a_select_over_get_returns_json_results(server, sample_graph):
    status, ctype, body = get(server.endpoint, PERSONS)
    assert status == 200 and ctype.startswith(JSON)
    names = values(body, "name")
    assert names == sorted(n.label for n in sample_graph.of_type("Person"))
    assert "Bùi Thanh Sơn" in names  # Vietnamese comes back as written


@pytest.mark.parametrize("body_kind", ["form", "sparql-query"])
def test_a_pack_question_over_post_gives_the_rows_kg_query_gives(server, sample_graph_dir, body_kind):
    text = (ROOT / "queries" / "sparql" / "event-chairs.rq").read_text(encoding="utf-8")
    if body_kind == "form":
        data, ctype = urllib.parse.urlencode({"query": text}).encode(), "application/x-www-form-urlencoded"
    else:
        data, ctype = text.encode("utf-8"), "application/sparql-query"
    status, rtype, body = http(server.endpoint, data=data, headers={"Content-Type": ctype, "Accept": JSON})
    assert status == 200 and rtype.startswith(JSON), body
    rows = json.loads(body)["results"]["bindings"]
    over_http = [(r["person"]["value"], r["event"]["value"]) for r in rows]
    embedded = [(r["person"], r["event"]) for r in run_query("event-chairs", sample_graph_dir).rows]
    assert over_http == embedded and len(embedded) >= 5


def test_rdflib_as_a_sparql_client_reads_the_endpoint(server, sample_graph):
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    remote = rdflib.Graph(store=SPARQLStore(server.endpoint, returnFormat="json"))
    names = [str(r.name) for r in remote.query(PERSONS)]
    assert names == sorted(n.label for n in sample_graph.of_type("Person"))


def test_sparql_alias_and_other_result_formats(server):
    base = server.endpoint.removesuffix("/query")
    status, _, body = get(f"{base}/sparql", "ASK { ?p a <https://w3id.org/kg-vn/ontology#Person> }")
    assert status == 200 and json.loads(body)["boolean"] is True
    status, ctype, body = get(server.endpoint, PERSONS, accept="text/csv")
    assert status == 200 and ctype.startswith("text/csv") and "Bùi Thanh Sơn" in body.decode("utf-8")


def test_a_malformed_query_is_a_400_that_says_where(server):
    status, _, body = get(server.endpoint, "SELECT ?x WHERE { ?x ")
    assert status == 400 and body  # the message from Oxigraph's parser


def test_the_whole_graph_can_be_fetched_as_turtle_for_protege(server, sample_graph_dir):
    status, ctype, body = http(f"{server.page}store?default", headers={"Accept": "text/turtle"})
    assert status == 200 and ctype.startswith("text/turtle")
    served = rdflib.Graph().parse(data=body.decode("utf-8"), format="turtle")
    built = rdflib.Graph().parse(sample_graph_dir / "graph.ttl", format="turtle")
    if not isomorphic(served, built):
        a, b = to_isomorphic(served), to_isomorphic(built)
        pytest.fail(f"served graph differs from graph.ttl: {len(a - b)} extra, {len(b - a)} missing triples")


# ----------------------------------------------------------------------------- read-only


@pytest.mark.parametrize("how", ["update-form", "update-on-query", "store-put", "store-post", "store-delete"])
def test_a_change_is_refused_and_the_store_is_untouched(server, sample_graph_dir, how):
    before, files = triples(server.endpoint), store_files(sample_graph_dir)
    base = server.page.rstrip("/")
    insert = "INSERT DATA { <urn:x> <urn:y> <urn:z> }"
    turtle = b"<urn:x> <urn:y> <urn:z> ."
    status, _, body = {
        "update-form": lambda: http(f"{base}/update", data=urllib.parse.urlencode({"update": insert}).encode(),
                                    headers={"Content-Type": "application/x-www-form-urlencoded"}),
        "update-on-query": lambda: http(server.endpoint, data=insert.encode(),
                                        headers={"Content-Type": "application/sparql-update"}),
        "store-put": lambda: http(f"{base}/store?default", data=turtle, method="PUT",
                                  headers={"Content-Type": "text/turtle"}),
        "store-post": lambda: http(f"{base}/store?default", data=turtle, method="POST",
                                   headers={"Content-Type": "text/turtle"}),
        "store-delete": lambda: http(f"{base}/store?default", method="DELETE"),
    }[how]()
    assert 400 <= status < 500, (status, body)
    if how != "update-on-query":  # that one is refused as an unknown content type (415)
        assert status == 403 and b"read-only" in body
    assert triples(server.endpoint) == before
    assert store_files(sample_graph_dir) == files
    built = json.loads((sample_graph_dir / "build.json").read_text(encoding="utf-8"))["triples"]
    assert before == built


def test_a_rebuild_meanwhile_leaves_the_server_answering_from_the_store_it_opened(sample_graph_dir, tmp_path):
    import shutil

    from kg.build import build
    from tests.conftest import SAMPLE

    graph = tmp_path / "graph"
    shutil.copytree(sample_graph_dir, graph)
    with start_server(graph, port=free_port()) as s:
        before = triples(s.endpoint)
        one = sorted(SAMPLE.iterdir())[0]
        build([one], graph)  # kg build swaps a new store in beside the open one
        assert s.running() and triples(s.endpoint) == before
    with start_server(graph, port=free_port()) as s:  # started again: the new graph
        assert triples(s.endpoint) == json.loads((graph / "build.json").read_text())["triples"] < before


# ----------------------------------------------------------------------------- kg serve


def start_kg_serve(*args: str) -> subprocess.Popen:
    """`python -m kg serve …` as a user starts it, in its own process group."""
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    return subprocess.Popen([sys.executable, "-m", "kg", "serve", *args], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)


def read_lines(stream, n: int, timeout: float = 30) -> list[str]:
    """The first ``n`` lines a process prints (unbuffered: select sees what readline would hide)."""
    data, deadline = b"", time.monotonic() + timeout
    while data.count(b"\n") < n:
        ready, _, _ = select.select([stream], [], [], max(0.0, deadline - time.monotonic()))
        if not ready:
            raise TimeoutError(f"got only {data!r}")
        chunk = os.read(stream.fileno(), 4096)
        if not chunk:
            break
        data += chunk
    return data.decode("utf-8").splitlines()[:n]


def port_is_closed(port: int, timeout: float = 10) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) != 0:
                return True
        time.sleep(0.1)
    return False


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "kill"])
def test_kg_serve_prints_the_urls_answers_and_stops_cleanly(sample_graph_dir, stop, record_property):
    port = free_port()
    t0 = time.perf_counter()
    proc = start_kg_serve("--graph", str(sample_graph_dir), "--port", str(port))
    try:
        out = read_lines(proc.stdout, 2)
        ready_s = time.perf_counter() - t0
        assert out == [f"SPARQL endpoint: http://127.0.0.1:{port}/query  (SPARQL 1.1 Protocol, GET or POST, read-only)",
                       f"Query page:      http://127.0.0.1:{port}/"]
        endpoint = f"http://127.0.0.1:{port}/query"
        timings = []
        for _ in range(20):
            t1 = time.perf_counter()
            status, _, body = get(endpoint, PERSONS)
            timings.append(time.perf_counter() - t1)
            assert status == 200 and "Bùi Thanh Sơn" in values(body, "name")
        measured = json.dumps({"ready_s": round(ready_s, 2), "query_ms_median": round(sorted(timings)[10] * 1000, 1)})
        record_property("serve", measured)
        print("\nkg serve:", measured)
        proc.send_signal(stop)  # Ctrl-C in a terminal sends SIGINT to kg
        code = proc.wait(timeout=20)
        err = proc.stderr.read().decode("utf-8")
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    assert code == 0, err
    assert "Press Ctrl-C to stop." in err and err.rstrip().endswith("Stopped.")
    assert "Traceback" not in err
    assert port_is_closed(port), "the Oxigraph server outlived kg serve"


@pytest.mark.skipif(sys.platform != "linux", reason="the server follows kg's death through Linux's PR_SET_PDEATHSIG")
def test_the_server_does_not_outlive_a_killed_kg_serve(sample_graph_dir):
    port = free_port()
    proc = start_kg_serve("--graph", str(sample_graph_dir), "--port", str(port))
    try:
        read_lines(proc.stdout, 2)
        proc.kill()  # SIGKILL: kg cannot stop the server itself
        proc.wait(timeout=10)
        assert port_is_closed(port), "an orphaned Oxigraph server still holds the port"
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)


def kg(*args):
    r = runner.invoke(app, [str(a) for a in args])
    return r.exit_code, r.stdout, r.stderr


def test_kg_serve_without_a_graph_folder(tmp_path):
    code, out, err = kg("serve", "--graph", tmp_path / "nowhere", "--port", free_port())
    assert code == 1 and out == ""
    assert err == f"Error: no built graph in {tmp_path / 'nowhere'} — run `kg build INPUT --out DIR` first, or pass --graph DIR\n"


def test_kg_serve_on_a_folder_that_was_never_built(tmp_path):
    (tmp_path / "store").mkdir()  # an empty store folder is not a store
    code, _, err = kg("serve", "--graph", tmp_path, "--port", free_port())
    assert code == 1 and err.startswith(f"Error: no built graph in {tmp_path} — run `kg build")


def test_kg_serve_on_a_port_in_use(sample_graph_dir):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        code, out, err = kg("serve", "--graph", sample_graph_dir, "--port", port)
    assert code == 1 and out == ""
    assert err == (f"Error: port {port} on 127.0.0.1 is already in use — stop the program that uses it, "
                   f"or pick another port with --port N\n")


def test_kg_serve_on_a_port_another_server_answers(sample_graph_dir, server):
    """The port is held by a SPARQL server that answers: kg must not take it for its own."""
    code, out, err = kg("serve", "--graph", sample_graph_dir, "--port", server.port)
    assert code == 1 and out == "" and err.startswith(f"Error: port {server.port} on 127.0.0.1 is already in use")
    assert server.running()


@pytest.mark.parametrize("args, message", [
    (["--host", "no-such-host.invalid"], "Error: cannot listen on host 'no-such-host.invalid'"),
    (["--port", "70000"], "Error: port must be between 1 and 65535, not 70000"),
])
def test_kg_serve_bad_address(sample_graph_dir, args, message):
    code, _, err = kg("serve", "--graph", sample_graph_dir, *args)
    assert code == 1 and err.startswith(message) and len(err.strip().splitlines()) == 1


# ----------------------------------------------------------------------------- the query page


class RecordingDevTools(DevTools):
    """DevTools that keeps the events Chromium sends (the requests the page makes)."""

    def __init__(self, *args):
        super().__init__(*args)
        self.events: list[dict] = []

    def call(self, method: str, timeout: float = 60, **params):
        self._id += 1
        msg = {"id": self._id, "method": method, "params": params}
        if self.session:
            msg["sessionId"] = self.session
        os.write(self._to_chrome, json.dumps(msg).encode() + b"\0")
        deadline = time.monotonic() + timeout
        while True:
            while b"\0" not in self._buf:
                ready, _, _ = self._select.select([self._from_chrome], [], [], max(0.0, deadline - time.monotonic()))
                if not ready:
                    raise TimeoutError(method)
                chunk = os.read(self._from_chrome, 1 << 16)
                if not chunk:
                    raise ConnectionError("chromium closed the pipe")
                self._buf += chunk
            raw, self._buf = self._buf.split(b"\0", 1)
            reply = json.loads(raw)
            if "method" in reply:
                self.events.append(reply)
            elif reply.get("id") == self._id:
                if "error" in reply:
                    raise RuntimeError(reply["error"])
                return reply["result"]


@pytest.fixture
def page_browser(chromium, tmp_path, monkeypatch):
    # no name resolves (no internet, as on the project's machines), but the local server does
    flags = [f for f in browser.CHROMIUM_FLAGS if not f.startswith("--host-resolver-rules")]
    monkeypatch.setattr(browser, "CHROMIUM_FLAGS", [*flags, "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"])
    tools = RecordingDevTools(chromium, tmp_path / "profile")
    yield tools
    tools.close()


def wait_for(tools, expression: str, timeout: float = 30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = tools.js(expression)
        if value:
            return value
        time.sleep(0.1)
    raise TimeoutError(expression)


@pytest.mark.browser
def test_the_query_page_runs_a_query_offline_in_chromium(page_browser, server, sample_graph):
    tools = page_browser
    target = tools.call("Target.createTarget", url="about:blank")["targetId"]
    tools.session = tools.call("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
    tools.call("Network.enable")
    tools.call("Page.navigate", url=server.page)
    wait_for(tools, "!!document.querySelector('#yasgui .yasqe .CodeMirror')")  # the YASGUI editor is drawn
    assert tools.js("document.title") == "Oxigraph server"
    tools.js(f"document.querySelector('.yasqe .CodeMirror').CodeMirror.setValue({json.dumps(PERSONS)})")
    tools.js("document.querySelector('.yasqe_queryButton').click()")
    rows = wait_for(tools, "document.querySelectorAll('.yasr_results table tbody tr').length")
    assert rows == len(sample_graph.of_type("Person"))
    assert "Bùi Thanh Sơn" in tools.js("document.querySelector('.yasr_results table').textContent")
    urls = [e["params"]["request"]["url"] for e in tools.events if e["method"] == "Network.requestWillBeSent"]
    own = [u for u in urls if u.startswith(server.page)]
    elsewhere = {urllib.parse.urlsplit(u).hostname for u in urls if not u.startswith((server.page, "data:"))}
    assert {server.page + "yasgui.min.js", server.page + "yasgui.min.css"} <= set(own)
    # the page's script and style come from the server itself; the one request that goes
    # elsewhere is YASGUI's list of popular prefixes (for autocompletion), which fails
    # offline without stopping anything
    assert elsewhere <= {"prefix.cc"}, elsewhere
