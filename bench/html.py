"""HTML export: ``kg.export.html.export_html`` and the time headless Chromium takes to draw it,
vs pyvis's own page of the same nodes and edges.

* kg: ``export_html(graph, out, max_nodes=N)`` on the largest graph built — the N
  best-connected nodes, positions computed in Python, physics off, vis-network inlined.
  The page writes the milliseconds from navigation start to its first frame into its
  status line (``data-ms``), which ``--dump-dom`` prints.
* Peer: the page pyvis writes itself for the same selection — ``Network.add_node`` /
  ``add_edge`` for every node and edge, ``write_html`` with vis-network inlined
  (``cdn_resources="in_line"``) and pyvis's defaults, so the browser lays the graph out by
  physics (Barnes–Hut stabilisation). A small script appended to the page records the
  first frame after stabilisation the same way, then stops the physics so the page idles.

Chromium: ``--headless --no-sandbox --disable-gpu --disable-background-networking``, no
network (every host name maps to nothing), driven over ``--remote-debugging-pipe``: a fresh
browser per page, which is polled every 50 ms until its status line says it has drawn
(virtual time is not used: it stops the clocks the pages read). The wall time runs from
launching Chromium to seeing the frame; a blank page's is given for scale.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import time
from pathlib import Path

from bench.context import Context, chromium_path, version
from bench.corpus import REPO
from bench.stats import Figure, Section, ratio

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-quic",
         "--no-first-run", "--disable-component-update", "--disable-sync", "--disable-extensions",
         "--host-resolver-rules=MAP * ~NOTFOUND", "--window-size=1200,900"]

_PEER_HOOK = """
<script>
(function () {
  function status(ms, state) {
    var s = document.getElementById("kg-status") || document.createElement("footer");
    s.id = "kg-status"; s.setAttribute("data-state", state); s.setAttribute("data-ms", ms.toFixed(0));
    document.body.appendChild(s);
  }
  function hook() {
    if (typeof network === "undefined" || !network) { return setTimeout(hook, 5); }
    network.once("stabilizationIterationsDone", function () {
      network.once("afterDrawing", function () {
        status(performance.now(), "drawn");
        network.setOptions({physics: false});
      });
    });
  }
  hook();
})();
</script>
"""


class Browser:
    """Headless Chromium driven over ``--remote-debugging-pipe`` (NUL-terminated JSON on fds 3
    and 4; no websocket library): open a page, evaluate script in it."""

    def __init__(self, chromium: str, profile: Path):
        import fcntl

        def high(fd: int) -> int:  # above 4, so that moving the ends to 3 and 4 clobbers nothing
            moved = fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, 10)
            os.close(fd)
            return moved

        to_chrome_r, self._to = map(high, os.pipe())
        self._from, from_chrome_w = map(high, os.pipe())

        def fds():
            os.dup2(to_chrome_r, 3)
            os.dup2(from_chrome_w, 4)

        self.profile = profile
        self.proc = subprocess.Popen([chromium, *FLAGS, "--remote-debugging-pipe", f"--user-data-dir={profile}",
                                      "about:blank"], preexec_fn=fds, pass_fds=(3, 4), stdout=subprocess.DEVNULL,
                                     stderr=subprocess.DEVNULL, start_new_session=True)
        os.close(to_chrome_r)
        os.close(from_chrome_w)
        self._buf, self._id, self.session = b"", 0, None

    def call(self, method: str, timeout: float = 60, **params):
        import select

        self._id += 1
        msg = {"id": self._id, "method": method, "params": params}
        if self.session:
            msg["sessionId"] = self.session
        os.write(self._to, json.dumps(msg).encode() + b"\0")
        deadline = time.monotonic() + timeout
        while True:
            while b"\0" not in self._buf:
                ready, _, _ = select.select([self._from], [], [], max(0.0, deadline - time.monotonic()))
                if not ready:
                    raise TimeoutError(method)
                chunk = os.read(self._from, 1 << 16)
                if not chunk:
                    raise ConnectionError("chromium closed the pipe")
                self._buf += chunk
            raw, self._buf = self._buf.split(b"\0", 1)
            reply = json.loads(raw)
            if reply.get("id") == self._id:
                if "error" in reply:
                    raise RuntimeError(reply["error"])
                return reply["result"]

    def open(self, url: str) -> None:
        target = self.call("Target.createTarget", url=url)["targetId"]
        self.session = self.call("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]

    def js(self, expression: str, timeout: float = 60):
        r = self.call("Runtime.evaluate", timeout=timeout, expression=expression, returnByValue=True)
        return None if "exceptionDetails" in r else r["result"].get("value")

    def close(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait()
        os.close(self._to)
        os.close(self._from)
        shutil.rmtree(self.profile, ignore_errors=True)


_DRAWN = ("(function () { var s = document.getElementById('kg-status');"
          " return s && s.getAttribute('data-state') === 'drawn' ? Number(s.getAttribute('data-ms')) : null; })()")


def draw(chromium: str, page: Path, work: Path, timeout: float) -> tuple[float, float | None]:
    """Open ``page`` in a fresh headless Chromium; (wall seconds from launch to the first frame
    seen drawn, the page's own milliseconds from navigation start to that frame). The second is
    None when nothing was drawn within ``timeout`` seconds."""
    t0 = time.perf_counter()
    b = Browser(chromium, work / f"profile-{time.monotonic_ns()}")
    try:
        b.call("Target.getTargets", timeout=60)  # the browser is up
        b.open(page.resolve().as_uri())
        deadline = t0 + timeout
        while time.perf_counter() < deadline:
            try:
                ms = b.js(_DRAWN, timeout=max(1.0, deadline - time.perf_counter()))
            except TimeoutError:
                break
            if ms is not None:
                return time.perf_counter() - t0, float(ms)
            time.sleep(0.05)
        return time.perf_counter() - t0, None
    finally:
        b.close()


def pyvis_page(kg, sel: dict, out: Path) -> Path:
    """pyvis's own page of the selection: add_node/add_edge, physics on, vis-network inlined."""
    from pyvis.network import Network

    net = Network(height="900px", width="100%", directed=True, cdn_resources="in_line")
    for nid in sel["nodes"]:
        n = kg.nodes[nid]
        net.add_node(nid, label=n.label[:48], title=n.label, group=n.type)
    seen = set()
    for u, v, _key in sel["edges"]:
        if (u, v) not in seen:
            seen.add((u, v))
            net.add_edge(u, v)
    html = net.generate_html(notebook=False)
    out.write_text(html.replace("</body>", _PEER_HOOK + "</body>", 1), encoding="utf-8")
    return out


def why_not(ctx: Context) -> str | None:
    if ctx.quick:
        return "skipped in --quick mode"
    if "html" in ctx.skip:
        return "skipped with --skip html"
    if not (REPO / "kg" / "export" / "html.py").is_file():
        return "kg/export/html.py (the exporter) is not in this tree"
    try:
        from kg.export.html import export_html  # noqa: F401
    except Exception as e:
        return f"kg.export.html does not import ({e.__class__.__name__}: {e})"
    if not chromium_path():
        return "no Chromium on this machine (apt-get install chromium)"
    return None


def bench_html(ctx: Context) -> Section:
    sec = Section("html", "HTML export and drawing in headless Chromium vs pyvis's own page")
    reason = why_not(ctx)
    graph_dir = ctx.results.get("graph_dir")
    if reason is None and graph_dir is None:
        reason = "no graph was built"
    if reason:
        sec.intro.append(f"Not measured: {reason}.")
        sec.measured = False
        return sec
    from kg.analytics import select
    from kg.build import load_graph
    from kg.export.html import export_html

    chromium = chromium_path()
    kg = load_graph(graph_dir)
    work = ctx.work / "html"
    work.mkdir(parents=True, exist_ok=True)
    sec.intro.append(f"Graph: the `{ctx.results.get('graph_label')}` build; {ctx.results.get('chromium') or 'Chromium'}; "
                     f"pyvis {version('pyvis')}. Each page is opened in a fresh headless Chromium driven over "
                     f"`--remote-debugging-pipe` and polled every 50 ms until its status line says it has drawn.")
    blank = work / "blank.html"
    blank.write_text("<!doctype html><title>blank</title>"
                     "<footer id=\"kg-status\" data-state=\"drawn\" data-ms=\"0\"></footer>")
    blank_walls = [draw(chromium, blank, work, 60)[0] for _ in range(ctx.repeat)]
    bw = sec.figure("blank_wall", "Chromium on a blank page", blank_walls, "s")
    rows = []
    for n in (1000, 5000):
        page = work / f"kg-{n}.html"
        exp, draws, walls = [], [], []
        r = None
        for _ in range(ctx.repeat):
            t0 = time.perf_counter()
            r = export_html(kg, page, max_nodes=n, isolated=True)  # the nodes of select(), as the pyvis page
            exp.append(time.perf_counter() - t0)
        for _ in range(ctx.repeat):
            wall, ms = draw(chromium, page, work, 300)
            if ms is not None:
                walls.append(wall)
                draws.append(ms / 1000)
        ctx.log(f"html: kg {n} nodes: export {min(exp):.1f} s, draw {draws} s")
        e_fig = sec.figure(f"export_{n}", f"export_html {n} nodes", exp, "s")
        d_fig = sec.figure(f"draw_{n}", f"first frame {n} nodes", draws, "s")
        w_fig = sec.figure(f"wall_{n}", f"Chromium wall {n} nodes", walls, "s")
        sel = select(kg, max_nodes=n)
        peer = work / f"pyvis-{n}.html"
        p_exp, p_draws, p_walls, p_timeouts = [], [], [], 0
        limit = 300
        for _ in range(ctx.repeat):
            t0 = time.perf_counter()
            pyvis_page(kg, sel, peer)
            p_exp.append(time.perf_counter() - t0)
        # physics layout in the browser takes minutes on thousands of nodes: fewer runs of it
        for _ in range(ctx.repeat if n <= 1000 else 1):
            wall, ms = draw(chromium, peer, work, limit)
            if ms is not None:
                p_draws.append(ms / 1000)
                p_walls.append(wall)
            else:
                p_timeouts += 1
                break  # a second run would only time out again
        ctx.log(f"html: pyvis {n} nodes: write {min(p_exp):.1f} s, draw {p_draws} s ({p_timeouts} without a frame)")
        pe = sec.figure(f"peer_export_{n}", f"pyvis page {n} nodes", p_exp, "s")
        pd = sec.figure(f"peer_draw_{n}", f"pyvis first stable frame {n} nodes", p_draws, "s")
        pw = Figure("", p_walls, "s")
        no_frame = f"no frame within {limit} s" if p_timeouts and not p_draws else ""
        rows.append([f"{r.nodes:,} nodes, {r.edges:,} edges", e_fig.text(), d_fig.text(), w_fig.text(),
                     pe.text(), no_frame or pd.text(), no_frame or pw.text(),
                     ratio(pd, d_fig).text() if p_draws and draws else "–"])
    sec.table("Seconds, median (min–max). Export = writing the page in Python; first frame = navigation start to "
              "the first frame drawn (kg) or to the first frame after physics stabilised (pyvis); Chromium wall = "
              f"launching Chromium to seeing that frame (a blank page: {bw.text()})",
              ["nodes drawn", "kg export", "kg first frame", "kg Chromium wall", "pyvis page written", "pyvis first frame",
               "pyvis Chromium wall", "pyvis / kg first frame"], rows)
    return sec
