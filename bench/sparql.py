"""SPARQL: each question of the pack as users ask it, and the embedded store vs rdflib.

:func:`bench_questions` (section ``sparql``) measures every question with typical
parameters — in process, ``kg.query.run_query`` (what ``kg query`` does once its options are
parsed: open the store, look names up in the name index, bind, read every row), and from
the shell, the installed ``kg query … --format json`` in a new process, start-up included —
and without parameters from the shell: when the first row is printed and when the last.

:func:`bench_sparql` (section ``rdflib``) compares the pack without parameters on the
embedded store with rdflib's in-memory graph:

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
import math
import os
import queue
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Iterator

from bench.context import Context, version
from bench.stats import Figure, Section, not_measured, num, percentile

TARGET_P95_MS = 100


class _Timeout(Exception):
    pass


class PeerError(Exception):
    """rdflib failed on a query (not a timeout)."""


def _alarm(signum, frame):  # noqa: ARG001
    raise _Timeout()


def embedded_latencies(name: str, graph_dir: Path, runs: int, budget_s: float,
                       params: dict[str, str] | None = None) -> Iterator[tuple[float, int, float]]:
    """(milliseconds, rows, CPU milliseconds of this process) of each call of
    ``run_query(name, graph_dir, params)``, after one warm-up."""
    from kg.query import run_query

    start = time.perf_counter()
    run_query(name, graph_dir, params)  # warm-up: page cache, compiled patterns
    for i in range(runs):
        t0, c0 = time.perf_counter(), time.process_time()
        res = run_query(name, graph_dir, params)
        yield (time.perf_counter() - t0) * 1000, len(res.rows), (time.process_time() - c0) * 1000
        if time.perf_counter() - start > budget_s and i >= 2:
            break


def embedded_in_child(name: str, graph_dir: Path, runs: int, budget_s: float, limit_s: float,
                      params: dict[str, str] | None = None, cpu: list[float] | None = None) -> tuple[list[float], int, bool]:
    """:func:`embedded_latencies` in a child process, stopped when one call passes ``limit_s``;
    the CPU milliseconds of each call are appended to ``cpu`` when given.

    Oxigraph evaluates in native code, where no Python signal reaches it: a child process
    is the only clean way to stop a query that takes minutes.
    """
    cmd = [sys.executable, "-m", "bench.sparql", str(graph_dir), name, str(runs), str(budget_s),
           json.dumps(params or {}, ensure_ascii=False)]
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
        msv, n, cpuv = line.split()
        if float(msv) > limit_s * 1000:
            timed_out = True
        out.append(float(msv))
        if cpu is not None:
            cpu.append(float(cpuv))
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

    sec = Section("rdflib", "SPARQL: the query pack on the embedded store vs rdflib")
    graph_dir = ctx.results.get("graph_dir")
    if graph_dir is None:
        return not_measured(sec.key, sec.title, "no graph was built.")
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
            emb[q.name] = ([m for m, _, _ in got], got[-1][1] if got else 0, False)
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


# ----------------------------------------------------------------------------- the questions as users ask them

# Typical parameters: the six questions, and a realistic value for each other one.
TYPICAL = {
    "persons": {"name": "pham binh minh"},
    "search": {"name": "pham binh minh"},
    "person-timeline": {"person": "pham binh minh"},
    "fact-sources": {"name": "pham binh minh"},
    "office-holders-on": {"office": "Bộ trưởng Bộ Ngoại giao", "date": "2017-03-01"},
    "events": {"year": "2017"},
    "offices": {"name": "pham binh minh"},
    "person-offices": {"person": "pham binh minh"},
    "organizations": {"name": "bo ngoai giao"},
    "international-roles": {"holder": "viet nam"},
    "roles-by-year": {"year": "2020", "holder": "viet nam"},
    "events-by-year": {"year": "2017"},
    "event-chairs": {"year": "2017", "name": "nguyen xuan phuc"},
    "chairs-by-year": {"year": "2017", "person": "nguyen xuan phuc"},
    "event-participants": {"name": "pham binh minh"},
    "co-participants": {"person": "pham binh minh"},
    "directives": {"code": "25-CT/TW"},
    "directive-events": {"directive": "Nghị quyết 35"},
}
# … and on the bundled sample (a --quick run without the news corpus): names it holds
SAMPLE_TYPICAL = {
    "persons": {"name": "bui thanh son"}, "search": {"name": "bui thanh son"},
    "person-timeline": {"person": "bui thanh son"}, "fact-sources": {"name": "bui thanh son"},
    "office-holders-on": {"office": "Bộ trưởng Bộ Ngoại giao", "date": "2021-12-15"}, "events": {"year": "2023"},
    "offices": {"name": "bui thanh son"}, "person-offices": {"person": "bui thanh son"},
    "events-by-year": {"year": "2023"}, "event-chairs": {"year": "2021"}, "chairs-by-year": {"year": "2021"},
    "event-participants": {"name": "pham minh chinh"}, "co-participants": {"person": "pham minh chinh"},
    "directive-events": {"directive": "22"},
}
TARGET_SHELL_S = 0.5
TARGET_FIRST_ROW_S = 1.0


def kg_command() -> list[str]:
    """``kg`` as a user types it: the installed script beside this Python, else ``python -m kg``."""
    script = Path(sys.executable).with_name("kg")
    return [str(script)] if script.is_file() else [sys.executable, "-m", "kg"]


def shell_run(args: list[str], limit_s: float) -> tuple[float, float | None, int, bool]:
    """Run ``kg ARGS`` as a new process; (seconds to exit, seconds to its second line of output —
    the first row of a csv answer, None if there is none, lines, whether it passed ``limit_s``)."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(kg_command() + args, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    lines, first = 0, None
    timer = threading.Timer(limit_s, proc.kill)
    timer.start()
    try:
        for _ in proc.stdout:
            lines += 1
            if lines == 2:
                first = time.perf_counter() - t0
        proc.wait()
    finally:
        timer.cancel()
    wall = time.perf_counter() - t0
    if proc.returncode not in (0, -9):
        raise RuntimeError(f"kg {' '.join(args)} exited with {proc.returncode}")
    return wall, first, lines, proc.returncode == -9


def bench_questions(ctx: Context) -> Section:
    from kg.query import list_queries

    sec = Section("sparql", "SPARQL: each question of the pack, with parameters and without, in process and from the shell")
    graph_dir = ctx.results.get("graph_dir")
    if graph_dir is None:
        return not_measured(sec.key, sec.title, "no graph was built.")
    graph_dir = Path(graph_dir)
    typical = TYPICAL if ctx.corpus.real else SAMPLE_TYPICAL
    runs, shell_runs, bare_runs = (5, 2, 1) if ctx.quick else (30, 7, 3)
    limit = 30.0 if ctx.quick else 600.0
    label = ctx.results.get("graph_label")
    triples = json.loads((graph_dir / "build.json").read_text(encoding="utf-8"))["triples"]
    kg = " ".join(Path(c).name if i == 0 else c for i, c in enumerate(kg_command()))
    sec.intro.append(
        f"Graph: the `{label}` build ({triples:,} triples), pyoxigraph {version('pyoxigraph')}. **In process**: "
        f"`kg.query.run_query(name, graph_dir, params)` — opens the store, finds the names in the name index, binds "
        f"the parameters, reads every row — {runs} timed calls after one warm-up, in a child process; p50 and p95 "
        f"(nearest rank) of the wall time, and p95 of the CPU time the call took (the same work without the "
        f"waiting for a core that other processes on the machine cause). **Shell**: `{kg} query NAME -p … --graph DIR --format json` run {shell_runs} times as a new "
        f"process, Python start-up and imports included; median (min–max). **Without parameters**: `{kg} query NAME "
        f"--graph DIR --format csv` run {bare_runs} times: seconds until the first row is printed and until the "
        f"last (stopped after {limit:.0f} s).")
    floor = [shell_run(["--help"], 60)[0] for _ in range(shell_runs)]
    py = []
    for _ in range(shell_runs):
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-c", "pass"], check=True)
        py.append(time.perf_counter() - t0)
    f_help = sec.figure("kg_help_s", "kg --help", floor, "s")
    f_py = sec.figure("python_s", "python -c pass", py, "s")
    sec.intro.append(f"Floor of a shell call on this machine: `python -c pass` {f_py.text()}, `{kg} --help` {f_help.text()}.")
    rows, over_p95, over_shell, over_first = [], [], [], []
    load0 = os.getloadavg()
    for q in list_queries("sparql"):
        params = typical.get(q.name, {})
        cpu: list[float] = []
        ms, nrows, out = embedded_in_child(q.name, graph_dir, runs, 60.0, limit, params, cpu)
        p50 = sec.figure(f"p50_{q.name}", f"{q.name} in process p50", [percentile(ms, 50)] if ms else [], "ms")
        p95 = percentile(ms, 95) if ms else math.inf
        sec.figure(f"p95_{q.name}", f"{q.name} in process p95", [p95], "ms")
        cpu95 = percentile(cpu, 95) if cpu else math.inf
        sec.figure(f"cpu95_{q.name}", f"{q.name} in process CPU p95", [cpu95], "ms")
        pargs = [a for k, v in params.items() for a in ("-p", f"{k}={v}")]
        shell = [shell_run(["query", q.name, *pargs, "--graph", str(graph_dir), "--format", "json"], limit)[0]
                 for _ in range(shell_runs)]
        f_shell = sec.figure(f"shell_{q.name}", f"{q.name} from the shell", shell, "s")
        bare = [shell_run(["query", q.name, "--graph", str(graph_dir), "--format", "csv"], limit) for _ in range(bare_runs)]
        firsts = [b[1] if b[1] is not None else b[0] for b in bare]
        f_first = sec.figure(f"first_{q.name}", f"{q.name} first row (no parameters)", firsts, "s")
        timed_out = any(b[3] for b in bare)
        f_all = sec.figure(f"all_{q.name}", f"{q.name} all rows (no parameters)", [b[0] for b in bare], "s")
        bare_rows = max(b[2] for b in bare) - 1
        if params and p95 > TARGET_P95_MS:
            over_p95.append(q.name)
        if params and f_shell.median > TARGET_SHELL_S:
            over_shell.append(q.name)
        if f_first.median > TARGET_FIRST_ROW_S:
            over_first.append(q.name)
        given = ", ".join(f"{k}={v}" for k, v in params.items()) or "(none)"
        rows.append([q.name, given, f"{nrows:,}", "> limit" if out else ms_text(p50.median), "> limit" if out else ms_text(p95),
                     "–" if out else ms_text(cpu95),
                     f_shell.text(), f_first.text(), (f"> {limit:.0f} s" if timed_out else f_all.text()),
                     f"{bare_rows:,}" + (" (cut)" if timed_out else "")])
        ctx.log(f"sparql: {q.name}: p95 {p95:.1f} ms, shell {f_shell.median:.2f} s, first row {f_first.median:.2f} s, "
                f"all {f_all.median:.1f} s")
    load1 = os.getloadavg()
    sec.notes.append(f"Load average (1, 5, 15 min) when this section started: {load0[0]:.1f}, {load0[1]:.1f}, "
                     f"{load0[2]:.1f}; when it ended: {load1[0]:.1f}, {load1[1]:.1f}, {load1[2]:.1f} (2 cores). "
                     "Above 2, other processes were running and wall times include waiting for a core; "
                     "the CPU column does not.")
    sec.table("Per question: with typical parameters (in process, milliseconds; shell, seconds) and without "
              "parameters (shell, seconds)",
              ["question", "parameters", "rows", "in process p50", "in process p95", "CPU p95", "shell",
               "no parameters: first row", "no parameters: all rows", "rows without parameters"], rows)
    with_params = [q.name for q in list_queries("sparql") if typical.get(q.name)]
    sec.target(f"every question with a parameter: p95 ≤ {TARGET_P95_MS} ms in process (typical parameters)",
               not over_p95, f"{len(with_params) - len(over_p95)} of {len(with_params)} within"
               + (f"; over: {', '.join(over_p95)}" if over_p95 else ""))
    sec.target(f"every question with a parameter: ≤ {TARGET_SHELL_S} s from the shell (median)",
               not over_shell, f"{len(with_params) - len(over_shell)} of {len(with_params)} within"
               + (f"; over: {', '.join(over_shell)}" if over_shell else ""))
    sec.target(f"without parameters: the first row within {TARGET_FIRST_ROW_S:.0f} s from the shell (median)",
               not over_first, f"{len(rows) - len(over_first)} of {len(rows)} within"
               + (f"; over: {', '.join(over_first)}" if over_first else ""))
    return sec


def ms_text(x: float) -> str:
    return ms(x) if math.isfinite(x) else "–"


__all__ = ["bench_sparql", "bench_questions", "Figure"]


if __name__ == "__main__":  # the child of embedded_in_child: one line "MS ROWS CPU_MS" per call
    _dir, _name, _runs, _budget = sys.argv[1:5]
    _params = json.loads(sys.argv[5]) if len(sys.argv) > 5 else {}
    for _ms, _rows, _cpu in embedded_latencies(_name, Path(_dir), int(_runs), float(_budget), _params):
        print(f"{_ms:.3f} {_rows} {_cpu:.3f}", flush=True)
