"""Neo4j loading: ``kg.neo4j.load.load_neo4j`` (batched ``UNWIND … MERGE``) vs one query per row.

Runs only where the loader is there (``kg/neo4j/load.py`` with ``load_neo4j`` and the
per-row baseline ``load_neo4j_per_row``) and Java can run the local server. The server is
the project's own (``scripts/neo4j-local``), on its own home and ports so it does not
meet another server on the machine: ``KG_NEO4J_HOME=/tmp/kgneo4j-bench``, Bolt 7689,
HTTP 7476. It is stopped again at the end if this run started it.

Both loaders write the same graph into an emptied database (``wipe=True``); the rate is
relationships written over the seconds of the relationship steps
(``LoadSummary.relationships_per_second``).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from bench.context import Context, version
from bench.corpus import REPO
from bench.stats import Figure, Section, ratio

TARGET_RELS_PER_S = 20_000
TARGET_RATIO = 10
SETTINGS = {"NEO4J_PASSWORD": "bench-pass-1", "KG_NEO4J_HOME": "/tmp/kgneo4j-bench",
            "KG_NEO4J_BOLT_PORT": "7689", "KG_NEO4J_HTTP_PORT": "7476"}
URI = "bolt://127.0.0.1:7689"


def _script(cmd: str, env: dict, timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run([str(REPO / "scripts" / "neo4j-local"), cmd], env=env, capture_output=True, text=True,
                          timeout=timeout)


def why_not(ctx: Context) -> str | None:
    if ctx.quick:
        return "skipped in --quick mode"
    if "neo4j" in ctx.skip:
        return "skipped with --skip neo4j"
    if not (REPO / "kg" / "neo4j" / "load.py").is_file():
        return "kg/neo4j/load.py (the loader) is not in this tree"
    try:
        from kg.neo4j import load
    except Exception as e:  # a loader that does not import is not measured
        return f"kg.neo4j.load does not import ({e.__class__.__name__}: {e})"
    if not (hasattr(load, "load_neo4j") and hasattr(load, "load_neo4j_per_row")):
        return "kg.neo4j.load has no load_neo4j / load_neo4j_per_row pair"
    if not shutil.which("java") and not os.environ.get("JAVA_HOME"):
        return "no Java to run the local Neo4j server"
    if not (REPO / "scripts" / "neo4j-local").is_file():
        return "scripts/neo4j-local is missing"
    return None


def bench_neo4j(ctx: Context) -> Section:
    title = "Neo4j loading: batched vs one query per row"
    sec = Section("neo4j", title)
    reason = why_not(ctx)
    graph_dir = ctx.results.get("neo4j_graph_dir")
    if reason is None and graph_dir is None:
        reason = "no graph was built"
    if reason:
        sec.intro.append(f"Not measured: {reason}.")
        sec.measured = False
        sec.target(f"≥ {TARGET_RELS_PER_S:,} relationships/s and ≥ {TARGET_RATIO}× per-row", None, reason)
        return sec
    from kg.build import load_graph
    from kg.neo4j.load import load_neo4j, load_neo4j_per_row, plan_load

    env = {**os.environ, **SETTINGS}
    was_running = _script("status", env, 60).returncode == 0
    started = False
    try:
        if not was_running:
            r = _script("start", env, 400)
            if r.returncode != 0:
                tail = (r.stderr or r.stdout).strip().splitlines()[-3:]
                sec.intro.append("Not measured: `scripts/neo4j-local start` failed: " + " / ".join(tail))
                sec.measured = False
                sec.target(f"≥ {TARGET_RELS_PER_S:,} relationships/s", None, "the server did not start")
                return sec
            started = True
        ctx.log("neo4j: server up on " + URI)
        g = load_graph(graph_dir)
        plan = plan_load(g)
        label = ctx.results.get("neo4j_graph_label", "")
        sec.intro.append(
            f"Sample: the graph of the {label} build ({plan.nodes:,} nodes, {plan.relationships:,} relationships "
            f"to write). Neo4j {_server_version()} Community from `scripts/neo4j-local` (heap 512m–1g, page cache "
            f"256m), Python driver {version('neo4j')}, on the same 2 cores as the client.")
        auth = dict(uri=URI, user="neo4j", password=SETTINGS["NEO4J_PASSWORD"])
        load_neo4j(g, wipe=True, **auth)  # warm-up, not timed: a fresh JVM compiles the write path first
        batched, per_row = [], []
        for i in range(ctx.repeat):
            s = load_neo4j(g, wipe=True, **auth)
            batched.append(s)
            ctx.log(f"neo4j: batched run {i + 1}: {s.relationships_per_second():,.0f} rel/s")
        for i in range(max(2, ctx.repeat - 1)):
            s = load_neo4j_per_row(g, wipe=True, **auth)
            per_row.append(s)
            ctx.log(f"neo4j: per-row run {i + 1}: {s.relationships_per_second():,.0f} rel/s")
        b = sec.figure("batched_rel_s", "batched, relationships/s", [s.relationships_per_second() for s in batched], "rel/s")
        p = sec.figure("per_row_rel_s", "per row, relationships/s", [s.relationships_per_second() for s in per_row], "rel/s")
        bn = sec.figure("batched_node_s", "batched, nodes/s",
                        [s.total_nodes / (s.write_seconds - s.rel_seconds) for s in batched], "nodes/s")
        pn = sec.figure("per_row_node_s", "per row, nodes/s",
                        [s.total_nodes / (s.write_seconds - s.rel_seconds) for s in per_row], "nodes/s")
        bt = sec.figure("batched_s", "batched, whole load", [s.seconds for s in batched], "s")
        pt = sec.figure("per_row_s", "per row, whole load", [s.seconds for s in per_row], "s")
        r = ratio(b, p)
        sec.figures["ratio"] = r
        sec.table("", ["loader", "relationships/s", "nodes/s", "whole load (wipe, schema, nodes, relationships)"], [
            ["`load_neo4j` (UNWIND batches of 2,000)", b.text(), bn.text(), bt.text()],
            ["`load_neo4j_per_row` (one auto-commit query a row)", p.text(), pn.text(), pt.text()],
            ["batched / per row", r.text(), ratio(bn, pn).text(), ratio(pt, bt).text()],
        ])
        created = batched[-1].created_relationships
        sec.notes.append(f"One batched load warms the server up first and is not counted. Each run starts from an emptied database; the last batched run created {created:,} "
                         f"relationships and {batched[-1].created_nodes:,} nodes.")
        sec.target(f"≥ {TARGET_RELS_PER_S:,} relationships/s (batched)", b.median >= TARGET_RELS_PER_S, b.text())
        sec.target(f"≥ {TARGET_RATIO}× the per-row baseline", r.median >= TARGET_RATIO, r.text())
    finally:
        if started:
            _script("stop", env, 120)
            ctx.log("neo4j: server stopped")
    return sec


def _server_version() -> str:
    import re

    pom = (REPO / "neo4j" / "pom.xml").read_text(encoding="utf-8")
    m = re.search(r"<neo4j.version>([^<]+)</neo4j.version>", pom)
    return m.group(1) if m else "?"


__all__ = ["bench_neo4j", "Path"]


# ----------------------------------------------------------------------------- bulk import (issue 13)


def bench_bulk(ctx: Context) -> Section:
    """``kg load neo4j --bulk`` (the server's import tool on a stopped database) against the
    batched load, on the whole-corpus graph of the incremental section; the fixed cost of
    each is its time on the bundled sample's graph (84 nodes), where the rows take no time."""
    title = "Neo4j: bulk import into a fresh database vs batched load"
    sec = Section("bulk", title)
    reason = why_not(ctx)
    graph_dir = ctx.results.get("whole_graph_dir") or ctx.results.get("neo4j_graph_dir")
    if reason is None and graph_dir is None:
        reason = "no graph was built"
    if reason:
        sec.intro.append(f"Not measured: {reason}.")
        sec.measured = False
        sec.target("bulk import: the same graph as the batched load", None, reason)
        return sec
    import tempfile

    from kg.build import build, load_graph
    from kg.neo4j import connect
    from kg.neo4j.bulk import bulk_load_neo4j, database_checksum
    from kg.neo4j.load import load_neo4j, plan_load
    from kg.query import bind_params, get_query, list_queries
    from kg.query.cypher import run_cypher

    saved = {k: os.environ.get(k) for k in SETTINGS}
    os.environ.update(SETTINGS)  # the loader runs scripts/neo4j-local with this server's settings
    env = dict(os.environ)
    started = False
    try:
        if _script("status", env, 60).returncode != 0:
            r = _script("start", env, 400)
            if r.returncode != 0:
                sec.intro.append("Not measured: `scripts/neo4j-local start` failed.")
                sec.measured = False
                return sec
            started = True
        auth = dict(uri=URI, user="neo4j", password=SETTINGS["NEO4J_PASSWORD"])
        small_dir = Path(tempfile.mkdtemp(dir=ctx.work)) / "sample"
        build(None, small_dir, cache=False)
        graphs = {"sample": load_graph(small_dir), "whole": load_graph(graph_dir)}
        plan = plan_load(graphs["whole"])
        sec.intro.append(
            f"Graph: the {ctx.results.get('whole_graph_label', '')} build ({plan.nodes:,} nodes, "
            f"{plan.relationships:,} relationships). Neo4j {_server_version()} Community from `scripts/neo4j-local` "
            f"(heap 512m–1g, page cache 256m; the import tool: heap 1g, off-heap 2g). Batched = `load_neo4j(wipe=True)` "
            f"into the running server; bulk = `bulk_load_neo4j(wipe=True)`: CSV files, stop, `neo4j-admin database "
            f"import full`, start, constraints and indexes. The fixed cost of each is its time on the sample's graph "
            f"({plan_load(graphs['sample']).relationships} relationships).")
        load_neo4j(graphs["sample"], wipe=True, **auth)  # warm-up, not timed
        batched: dict[str, list] = {"sample": [], "whole": []}
        bulk: dict[str, list] = {"sample": [], "whole": []}
        reps = 1 if ctx.quick else 2
        answers = {}

        def loaded() -> tuple:
            """The database as the last load left it: a checksum of everything, the pack's answers."""
            with connect(**auth) as (driver, st):
                return (database_checksum(driver, st.database),
                        _pack_answers(driver, list_queries, get_query, bind_params, run_cypher))

        for name in ("sample", "whole"):
            for i in range(reps):
                s = load_neo4j(graphs[name], wipe=True, **auth)
                batched[name].append(s)
                ctx.log(f"bulk: batched {name} run {i + 1}: {s.seconds:.1f} s, {s.relationships_per_second():,.0f} rel/s")
            if name == "whole":
                answers["batched"] = loaded()
            for i in range(reps):
                b = bulk_load_neo4j(graphs[name], wipe=True, **auth)
                bulk[name].append(b)
                ctx.log(f"bulk: bulk {name} run {i + 1}: {b.seconds:.1f} s (import {b.import_seconds:.1f} s)")
            if name == "whole":
                answers["bulk"] = loaded()
        rels = bulk["whole"][0].relationships
        bw = sec.figure("batched_whole_s", "batched, whole load", [s.seconds for s in batched["whole"]], "s")
        bf = sec.figure("batched_fixed_s", "batched, fixed cost (sample)", [s.seconds for s in batched["sample"]], "s")
        uw = sec.figure("bulk_whole_s", "bulk, whole load", [b.seconds for b in bulk["whole"]], "s")
        uf = sec.figure("bulk_fixed_s", "bulk, fixed cost (sample)", [b.seconds for b in bulk["sample"]], "s")
        brs = sec.figure("batched_rel_s", "batched, relationships/s (whole load)", [s.total_relationships / s.seconds
                                                                                    for s in batched["whole"]], "rel/s")
        urs = sec.figure("bulk_rel_s", "bulk, relationships/s (whole load)", [b.relationships / b.seconds
                                                                              for b in bulk["whole"]], "rel/s")
        bm = sec.figure("batched_marginal_rel_s", "batched, relationships/s beyond the fixed cost",
                        [rels / max(1e-9, s.seconds - bf.median) for s in batched["whole"]], "rel/s")
        um = sec.figure("bulk_marginal_rel_s", "bulk, relationships/s beyond the fixed cost",
                        [rels / max(1e-9, b.seconds - uf.median) for b in bulk["whole"]], "rel/s")
        step = lambda attr: Figure("", [getattr(b, attr) for b in bulk["whole"]], "s").text()  # noqa: E731
        sec.table("", ["loader", "whole load", "relationships/s (whole load)", "relationships/s beyond the fixed cost",
                       "fixed cost (the sample's graph)"], [
            ["batched (`kg load neo4j --wipe`)", bw.text(), brs.text(), bm.text(), bf.text()],
            ["bulk (`kg load neo4j --bulk --wipe`)", uw.text(), urs.text(), um.text(), uf.text()],
            ["bulk / batched", "", ratio(urs, brs).text(), ratio(um, bm).text(), ratio(uf, bf).text()],
        ])
        sec.table("The bulk load's steps on the whole graph", ["CSV files", "stop", "import tool", "start",
                                                              "constraints and indexes"],
                  [[step("write_seconds"), step("stop_seconds"), step("import_seconds"), step("start_seconds"),
                    step("schema_seconds")]])
        sec.figures["ratio"] = ratio(urs, brs)
        same = answers["batched"][0] == answers["bulk"][0]
        same_answers = answers["batched"][1] == answers["bulk"][1]
        c = answers["bulk"][0]
        sec.notes.append(f"After each: {c['nodes']:,} nodes, {c['relationships']:,} relationships; checksum of every "
                         f"label, type, end and property {'equal' if same else '**different**'} "
                         f"({c['sha256'][:16]}…); the {len(answers['bulk'][1])} questions of the Cypher pack "
                         f"(the first parameter bound: {', '.join(f'{k} {v}' for k, v in TYPICAL.items())}) give {'the same' if same_answers else '**different**'} rows "
                         f"({sum(map(len, answers['bulk'][1].values())):,} rows in all; compared as sets of rows with their lists sorted).")
        sec.target("bulk import: the same graph as the batched load (counts, checksum, the pack's answers)",
                   same and same_answers, "equal" if same and same_answers else "different")
    finally:
        if started:
            _script("stop", env, 120)
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
    return sec


TYPICAL = {"name": "pham", "text": "25", "year": "2021", "date": "2021-12-15", "int": "2"}


def _pack_answers(driver, list_queries, get_query, bind_params, run_cypher) -> dict[str, list]:
    """Every question of the Cypher pack, its first parameter bound to a typical value (an
    unbound ``fact-sources`` is every sentence of the graph); each answer as a sorted list of
    rows with their list values sorted: ``collect`` meets rows in the store's order, which a
    bulk import lays out otherwise, so lists and tied rows may come in another order."""
    import json

    out = {}
    for q in list_queries("cypher"):
        cq = get_query(q.name, "cypher")
        given = {cq.params[0].name: TYPICAL[cq.params[0].type]} if cq.params else {}
        rows = run_cypher(cq, bind_params(cq, given), driver=driver).rows
        out[q.name] = sorted(json.dumps({k: sorted(map(str, v)) if isinstance(v, list) else v for k, v in r.items()},
                                        ensure_ascii=False, sort_keys=True, default=str) for r in rows)
    return out
