"""SPARQL latency: every pack query on the embedded store vs rdflib in memory.

* Embedded: ``kg.query.run_query(name, graph_dir)`` — what ``kg query NAME`` does after
  parsing its options: read the query file, check its syntax, bind the parameters, open
  the on-disk Oxigraph store read-only, run, and turn the rows into Python values.
* Peer: rdflib's in-memory ``Graph`` holding the same graph (``graph.ttl`` parsed once,
  not counted in the latency), ``Graph.query(text, initBindings={?p_NAME: value})`` with
  the same default parameters, rows materialised.

A query that runs past the time limit is stopped and reported as "> limit": rdflib's by
``SIGALRM`` (it evaluates in Python), the embedded store's by running its calls in a child
process that is killed (Oxigraph evaluates in native code, out of reach of signals).

Each query runs with its default parameters (``# param: … = DEFAULT``; ``-`` leaves the
parameter unbound). Latency is per call; p95 is the nearest-rank 95th percentile.
"""

from __future__ import annotations

import json
import queue
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Iterator

from bench.context import Context, version
from bench.stats import Figure, Section, num, percentile

TARGET_P95_MS = 100


class _Timeout(Exception):
    pass


class PeerError(Exception):
    """rdflib failed on a query (not a timeout)."""


def _alarm(signum, frame):  # noqa: ARG001
    raise _Timeout()


def embedded_latencies(name: str, graph_dir: Path, runs: int, budget_s: float) -> Iterator[tuple[float, int]]:
    """(milliseconds, rows) of each call of ``run_query(name, graph_dir)``, after one warm-up."""
    from kg.query import run_query

    start = time.perf_counter()
    run_query(name, graph_dir)  # warm-up: page cache, compiled patterns
    for i in range(runs):
        t0 = time.perf_counter()
        res = run_query(name, graph_dir)
        yield (time.perf_counter() - t0) * 1000, len(res.rows)
        if time.perf_counter() - start > budget_s and i >= 2:
            break


def embedded_in_child(name: str, graph_dir: Path, runs: int, budget_s: float, limit_s: float) -> tuple[list[float], int, bool]:
    """:func:`embedded_latencies` in a child process, stopped when one call passes ``limit_s``.

    Oxigraph evaluates in native code, where no Python signal reaches it: a child process
    is the only clean way to stop a query that takes minutes.
    """
    cmd = [sys.executable, "-m", "bench.sparql", str(graph_dir), name, str(runs), str(budget_s)]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    lines: queue.Queue = queue.Queue()
    threading.Thread(target=lambda: [lines.put(ln) for ln in proc.stdout] + [lines.put(None)], daemon=True).start()
    out, rows, timed_out = [], 0, False
    first = True
    while True:
        try:  # the first line comes after the warm-up call and the first timed one
            line = lines.get(timeout=(2 if first else 1) * limit_s + 15)
            first = False
        except queue.Empty:
            timed_out = True
            proc.kill()
            break
        if line is None:
            break
        msv, n = line.split()
        if float(msv) > limit_s * 1000:
            timed_out = True
        out.append(float(msv))
        rows = int(n)
    proc.wait()
    if proc.returncode not in (0, -9) and not out:
        raise RuntimeError(f"run_query({name}) failed: {proc.stderr.read()[-400:]}")
    return out, rows, timed_out and not out


def rdflib_bindings(q) -> dict:
    from rdflib import Literal, Variable
    from rdflib.namespace import XSD

    from kg.query import bind_params

    bound = {}
    for k, v in bind_params(q, {}).items():
        if v is None:
            continue
        term = Literal(str(v), datatype=XSD.integer) if isinstance(v, int) else Literal(str(v))
        bound[Variable("p_" + k.replace("-", "_"))] = term
    return bound


def rdflib_latencies(graph, q, runs: int, limit_s: float, budget_s: float) -> tuple[list[float], int, bool]:
    """Milliseconds of each ``graph.query`` of ``q`` (rows materialised); stops at ``limit_s``."""
    bindings = rdflib_bindings(q)
    out, rows = [], 0
    old = signal.signal(signal.SIGALRM, _alarm)
    start = time.perf_counter()
    try:
        for _ in range(runs):
            t0 = time.perf_counter()
            signal.setitimer(signal.ITIMER_REAL, limit_s)
            try:
                rows = len(list(graph.query(q.text, initBindings=bindings)))
            except _Timeout:
                return out, rows, True
            except Exception as e:  # rdflib cannot evaluate some SPARQL 1.1 the store runs
                raise PeerError(f"{e.__class__.__name__}: {str(e)[:120]}") from None
            finally:
                signal.setitimer(signal.ITIMER_REAL, 0)
            out.append((time.perf_counter() - t0) * 1000)
            if time.perf_counter() - start > budget_s:
                break
    finally:
        signal.signal(signal.SIGALRM, old)
    return out, rows, False


def ms(x: float) -> str:
    return num(x, 1 if x < 100 else 0)


def bench_sparql(ctx: Context) -> Section:
    from kg.query import list_queries

    sec = Section("sparql", "SPARQL: the query pack on the embedded store vs rdflib")
    graph_dir = ctx.results.get("graph_dir")
    if graph_dir is None:
        sec.intro.append("Not measured: no graph was built.")
        sec.measured = False
        return sec
    graph_dir = Path(graph_dir)
    queries = list_queries("sparql")
    runs = 3 if ctx.quick else 20
    peer_runs = 1 if ctx.quick else 5
    limit = 3.0 if ctx.quick else 60.0
    label = ctx.results.get("graph_label")
    triples = json.loads((graph_dir / "build.json").read_text(encoding="utf-8"))["triples"]
    sec.intro.append(
        f"Graph: the `{label}` build ({triples:,} triples). Embedded store (pyoxigraph "
        f"{version('pyoxigraph')}): `kg.query.run_query(name, graph_dir)` — opens the store read-only, binds the "
        f"parameters and reads every row — {runs} timed calls per query after one warm-up. rdflib "
        f"{version('rdflib')}: in-memory `Graph` parsed once from `graph.ttl`, then `Graph.query(text, "
        f"initBindings=…)` with rows materialised, up to {peer_runs} calls per query, stopped after {limit:.0f} s (and no more calls once {60 if not ctx.quick else limit:.0f} s are spent on one query).")
    # the embedded store first, so the rdflib graph does not share memory with it
    emb: dict[str, tuple[list[float], int, bool]] = {}
    for q in queries:
        if ctx.quick:  # a small graph: no query can hang, and a child per query costs seconds
            got = list(embedded_latencies(q.name, graph_dir, runs, 30.0))
            emb[q.name] = ([m for m, _ in got], got[-1][1] if got else 0, False)
        else:
            emb[q.name] = embedded_in_child(q.name, graph_dir, runs, 30.0, limit)
    ctx.log(f"sparql: embedded store done ({len(queries)} queries)")
    import rdflib

    t, g = _timed(lambda: rdflib.Graph().parse(str(graph_dir / "graph.ttl"), format="turtle"))
    sec.figure("rdflib_parse_s", "rdflib parse of graph.ttl", [t], "s")
    ctx.log(f"sparql: rdflib parsed graph.ttl ({len(g):,} triples) in {t:.1f} s")
    rows, all_p95, worst = [], [], ("", 0.0)
    n_slower = 0
    peer_errors: list[str] = []
    for q in queries:
        e, e_rows, e_out = emb[q.name]
        if e_out:  # not one call finished in time
            e = [limit * 1000]
        e_fig = sec.figure(f"emb_{q.name}", f"{q.name} embedded", e, "ms")
        e_p95 = percentile(e, 95)
        all_p95.append(e_p95)
        if e_p95 > worst[1]:
            worst = (q.name, e_p95)
        if e_out:
            rows.append([q.name, "?", f"> {limit:.0f} s", f"> {limit:.0f} s", "not run", "", ""])
            ctx.log(f"sparql: {q.name}: embedded > {limit:.0f} s")
            continue
        try:
            r, r_rows, timed_out = rdflib_latencies(g, q, peer_runs, limit, 60.0)
        except PeerError as e:
            rows.append([q.name, f"{e_rows:,}", f"{ms(e_fig.median)} ({ms(e_fig.lo)}–{ms(e_fig.hi)})", ms(e_p95),
                         f"fails: {e}", "", ""])
            peer_errors.append(q.name)
            ctx.log(f"sparql: {q.name}: embedded {e_fig.median:.1f} ms, rdflib fails ({e})")
            continue
        if timed_out:
            peer_med, peer_p95 = f"> {limit:.0f} s", f"> {limit:.0f} s"
            times = f"> {e_fig.median and (limit * 1000 / e_fig.median):,.0f}×"
            n_slower += 1
        else:
            rf = sec.figure(f"rdflib_{q.name}", f"{q.name} rdflib", r, "ms")
            peer_med, peer_p95 = f"{ms(rf.median)} ({ms(rf.lo)}–{ms(rf.hi)})", ms(percentile(r, 95))
            times = f"{rf.median / e_fig.median:,.1f}×" if e_fig.median else "–"
            if rf.median > e_fig.median:
                n_slower += 1
            if r_rows != e_rows:
                times += f" (rdflib {r_rows} rows vs {e_rows})"
        rows.append([q.name, f"{e_rows:,}", f"{ms(e_fig.median)} ({ms(e_fig.lo)}–{ms(e_fig.hi)})", ms(e_p95),
                     peer_med, peer_p95, times])
        ctx.log(f"sparql: {q.name}: embedded {e_fig.median:.1f} ms, rdflib {peer_med}")
    sec.table("Latency per call in milliseconds (median (min–max), p95); rdflib / embedded = how many times "
              "longer rdflib takes (medians)",
              ["query", "rows", "embedded median", "embedded p95", "rdflib median", "rdflib p95", "rdflib / embedded"],
              rows)
    sec.figure("embedded_p95_worst", "worst p95 of the pack on the embedded store", [worst[1]], "ms")
    over = [q.name for q, p in zip(queries, all_p95) if p > TARGET_P95_MS]
    sec.target(f"p95 ≤ {TARGET_P95_MS} ms for every pack query on the embedded store", not over,
               f"worst p95 {ms(worst[1])} ms ({worst[0]})" + (f"; over the target: {', '.join(over)}" if over else ""))
    sec.notes.append(f"rdflib is slower than the embedded store on {n_slower} of {len(queries)} queries"
                     + (f"; it cannot run {len(peer_errors)} ({', '.join(peer_errors)}): rdflib raises on them"
                        if peer_errors else "") + ".")
    del g
    return sec


def _timed(fn):
    t0 = time.perf_counter()
    out = fn()
    return time.perf_counter() - t0, out


__all__ = ["bench_sparql", "Figure"]


if __name__ == "__main__":  # the child of embedded_in_child: one line "MS ROWS" per call
    _dir, _name, _runs, _budget = sys.argv[1:5]
    for _ms, _rows in embedded_latencies(_name, Path(_dir), int(_runs), float(_budget)):
        print(f"{_ms:.3f} {_rows}", flush=True)
