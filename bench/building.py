"""``kg build`` at scale: wall time, articles/s, peak memory, 1 vs 2 jobs, growing corpora.

Each build is the installed command run as a user runs it (``python -m kg build INPUT
--out DIR --jobs N --quiet``) in a child process. Measured per build:

* wall time (``time.perf_counter`` around the child);
* CPU time, user + system, of the child and its workers (``os.wait4`` rusage);
* peak memory of the whole process tree — the parent and its pool workers — sampled every
  0.1 s from ``/proc``: the sum of RSS (counts pages the forked workers share with the
  parent once per process, so it over-states) and the sum of PSS (shared pages split
  between the processes that share them: the memory the tree really takes); and the
  largest single process (``ru_maxrss`` of ``wait4``, what ``/usr/bin/time -v`` prints).

Sizes are the first 1,000 and 10,000 articles of the corpus in file order (written to a
JSON Lines file in a scratch folder) and the whole corpus folder itself.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from bench.context import Context
from bench.corpus import write_jsonl
from bench.stats import Figure, Section, not_measured, num, ratio

TARGET_WALL_S = 300
TARGET_RSS = 2 * 1024 ** 3
TARGET_SPEEDUP = 1.6
IDENTICAL = ("graph.ttl", "graph.json", "names.tsv", "build.json")


@dataclass
class BuildRun:
    wall: float
    cpu: float
    peak_rss_tree: int  # bytes
    peak_pss_tree: int
    max_rss_one: int
    articles: int
    characters: int
    out: Path


def _children_map() -> dict[int, list[int]]:
    kids: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as fh:
                stat = fh.read()
        except OSError:
            continue
        # pid (comm) state ppid …; comm may hold spaces and parentheses
        ppid = int(stat[stat.rfind(b")") + 2:].split()[1])
        kids.setdefault(ppid, []).append(int(entry.name))
    return kids


def tree_memory(root: int) -> tuple[int, int]:
    """(sum of RSS, sum of PSS) in bytes of ``root`` and all its descendants, now."""
    kids = _children_map()
    todo, pids = [root], []
    while todo:
        p = todo.pop()
        pids.append(p)
        todo.extend(kids.get(p, []))
    rss = pss = 0
    for p in pids:
        try:
            with open(f"/proc/{p}/smaps_rollup") as fh:
                for line in fh:
                    if line.startswith("Rss:"):
                        rss += int(line.split()[1]) * 1024
                    elif line.startswith("Pss:"):
                        pss += int(line.split()[1]) * 1024
        except OSError:
            continue
    return rss, pss


def run_build(inputs: list[Path], out: Path, jobs: int, interval: float = 0.1) -> BuildRun:
    """One ``kg build`` in a child process, timed and watched; raises if it fails. Without the
    extraction cache: a repeat into the same folder would otherwise extract nothing (the
    cache's own cost is measured in :mod:`bench.scale`)."""
    cmd = [sys.executable, "-m", "kg", "build", *map(str, inputs), "--out", str(out), "--jobs", str(jobs),
           "--no-cache", "--quiet"]
    peak = [0, 0]
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    done = threading.Event()

    def watch() -> None:
        while not done.is_set():
            rss, pss = tree_memory(proc.pid)
            peak[0], peak[1] = max(peak[0], rss), max(peak[1], pss)
            done.wait(interval)

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    err = proc.stderr.read()  # the child ends when this closes; wait4 below reaps it
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    done.set()
    watcher.join()
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise RuntimeError(f"kg build failed ({proc.returncode}): {err.decode(errors='replace')[-500:]}")
    summary = json.loads((out / "build.json").read_text(encoding="utf-8"))
    return BuildRun(wall, usage.ru_utime + usage.ru_stime, peak[0], peak[1], usage.ru_maxrss * 1024,
                    summary["articles"], summary["characters"], out)


def gib(x: float) -> str:
    return f"{x / 1024 ** 3:.2f}"


def bench_building(ctx: Context) -> Section:
    sec = Section("build", "Building the graph: whole corpus, 1 vs 2 jobs, growing sizes")
    corpus = ctx.corpus
    if ctx.sizes:
        sizes: list[int | None] = list(ctx.sizes) if corpus.real else [None]
    elif ctx.quick:
        sizes = [100, 200] if corpus.real else [None]
    else:
        sizes = [1000, 10000, None] if corpus.real else [None]
    records = []
    if any(sizes):
        for r in corpus.records():
            records.append(r)
            if len(records) >= max(s for s in sizes if s):
                break
    inputs: dict[str, list[Path]] = {}
    for s in sizes:
        if s is None:
            inputs["all"] = [corpus.path]
        elif s <= len(records):
            inputs[f"{s:,}"] = [write_jsonl(records[:s], ctx.work / "subsets" / f"first-{s}" / f"first-{s}.jsonl")]
    del records
    labels = list(inputs)
    sec.intro.append("Inputs: " + "; ".join(
        f"**{k}** = {'the whole corpus folder ' + str(v[0]) if k == 'all' else 'the first ' + k + ' articles in file order (JSON Lines)'}"
        for k, v in inputs.items()) + ". Every build is `python -m kg build INPUT --out DIR --jobs N --no-cache --quiet` in a child process (no extraction cache: every run extracts every article).")
    runs: dict[tuple[str, int], list[BuildRun]] = {}
    for label in labels:
        for jobs in (2, 1):
            if ctx.quick:
                reps = 1  # a smoke test: each build once
            elif label == "all" and jobs == 1:
                reps = max(2, ctx.repeat - 1)  # the slowest build of all
            else:
                reps = ctx.repeat
            for i in range(reps):
                out = ctx.work / "builds" / f"{label.replace(',', '')}-j{jobs}"
                br = run_build(inputs[label], out, jobs)
                runs.setdefault((label, jobs), []).append(br)
                ctx.log(f"build {label} jobs={jobs} run {i + 1}/{reps}: {br.wall:.1f} s wall, {br.cpu:.1f} s cpu, "
                        f"tree PSS {gib(br.peak_pss_tree)} GiB")
    rows = []
    for (label, jobs), rs in runs.items():
        rows.append([label, f"{rs[0].articles:,}", f"{rs[0].characters / 1e6:,.1f} M", jobs,
                     Figure("", [r.wall for r in rs], "s").text(),
                     Figure("", [r.articles / r.wall for r in rs]).text(),
                     Figure("", [r.characters / r.wall for r in rs]).text(),
                     Figure("", [r.cpu for r in rs], "s").text(),
                     Figure("", [r.peak_pss_tree / 1024 ** 3 for r in rs], digits=2).text(),
                     Figure("", [r.peak_rss_tree / 1024 ** 3 for r in rs], digits=2).text(),
                     Figure("", [r.max_rss_one / 1024 ** 3 for r in rs], digits=2).text()])
    sec.table("Every build (median, min–max over the runs)",
              ["input", "articles", "characters", "jobs", "wall", "articles/s", "chars/s", "CPU (user+sys)",
               "peak PSS of the tree, GiB", "peak RSS sum of the tree, GiB", "largest process RSS, GiB"], rows)
    # 2 jobs against 1, size by size
    sp_rows = []
    for label in labels:
        one, two = runs.get((label, 1)), runs.get((label, 2))
        if one and two:
            w1, w2 = Figure("1 job", [r.wall for r in one], "s"), Figure("2 jobs", [r.wall for r in two], "s")
            sp = ratio(w1, w2)
            sec.figures[f"speedup_{label}"] = sp
            sp_rows.append([label, w1.text(), w2.text(), sp.text()])
    sec.table("2 jobs against 1 job (speed-up = wall with 1 job / wall with 2 jobs; 2.0 would be perfect on 2 cores)",
              ["input", "1 job", "2 jobs", "speed-up"], sp_rows)
    # the same bytes whatever the number of jobs (the last build of each kept its folder)
    same_rows, all_same = [], True
    for label in labels:
        if (label, 1) in runs and (label, 2) in runs:
            d1, d2 = runs[(label, 1)][-1].out, runs[(label, 2)][-1].out
            same = {name: (d1 / name).read_bytes() == (d2 / name).read_bytes() for name in IDENTICAL}
            all_same &= all(same.values())
            same_rows.append([label] + ["identical" if v else "**differ**" for v in same.values()])
    if same_rows:
        sec.table("The files of the last `--jobs 1` and `--jobs 2` builds, byte for byte",
                  ["input", *IDENTICAL], same_rows)
    speedup = sec.figures.get("speedup_all")
    if "all" in labels and ctx.corpus.real and speedup is not None:
        sec.target(f"`--jobs 2` ≥ {TARGET_SPEEDUP}× faster than `--jobs 1` on the whole corpus",
                   speedup.median >= TARGET_SPEEDUP,
                   f"{speedup.text()} (1 job {runs[('all', 1)] and Figure('', [r.wall for r in runs[('all', 1)]], 's').text()}; "
                   f"2 jobs {Figure('', [r.wall for r in runs[('all', 2)]], 's').text()})")
        sec.target("byte-identical output with `--jobs 1` and `--jobs 2`", all_same,
                   ", ".join(IDENTICAL) + (" identical" if all_same else ": some differ (see the table)"))
    # growth with size at 2 jobs
    g_rows = []
    for label in labels:
        rs = runs[(label, 2)]
        g_rows.append([label, f"{rs[0].articles:,}",
                       Figure("", [r.wall / r.articles * 1000 for r in rs], "s").text(),
                       Figure("", [r.cpu / r.articles * 1000 for r in rs], "s").text(),
                       Figure("", [r.cpu / r.characters * 1e6 for r in rs], "s").text()])
    sec.table("Cost per unit as the corpus grows (2 jobs): constant per-unit cost = linear growth",
              ["input", "articles", "wall per 1,000 articles", "CPU per 1,000 articles", "CPU per 1 M characters"], g_rows)
    big = labels[-1]
    rs = runs[(big, 2)]
    wall = sec.figure("wall_all_j2", f"kg build {big} --jobs 2, wall", [r.wall for r in rs], "s")
    sec.figure("articles_per_s_all_j2", "articles per second", [r.articles / r.wall for r in rs], "articles/s")
    pss = sec.figure("pss_all_j2", "peak PSS of the process tree", [r.peak_pss_tree for r in rs], "bytes")
    rss_sum = sec.figure("rss_all_j2", "peak RSS sum of the process tree", [r.peak_rss_tree for r in rs], "bytes")
    cpu = sec.figure("cpu_all_j2", "CPU time", [r.cpu for r in rs], "s")
    if big == "all" and ctx.corpus.real:
        sec.target("whole corpus ≤ 5 minutes on 2 cores (`--jobs 2`)", wall.median <= TARGET_WALL_S,
                   f"{wall.text()} wall; CPU {cpu.text()}")
        sec.target("peak RSS ≤ 2 GB (process tree)", rss_sum.hi <= TARGET_RSS,
                   f"RSS sum {gib(rss_sum.median)} GiB (max {gib(rss_sum.hi)}); PSS {gib(pss.median)} GiB")
    else:
        sec.target("whole corpus ≤ 5 minutes on 2 cores", None, "the whole corpus was not built in this run"
                   + (" (--quick)" if ctx.quick else ""))
    ctx.results["graph_dir"] = rs[-1].out
    ctx.results["graph_label"] = big
    mid = "10,000" if "10,000" in labels else labels[0]  # Neo4j's sample: per-row loading of it all takes long
    ctx.results["neo4j_graph_dir"] = runs[(mid, 2)][-1].out
    ctx.results["neo4j_graph_label"] = mid if mid == "all" else f"first-{mid}-articles"
    return sec


def bench_graph_size(ctx: Context) -> Section:
    """The size of the largest graph built: read from its build.json."""
    sec = Section("size", "The whole-corpus graph")
    d = ctx.results.get("graph_dir")
    if d is None:
        return not_measured(sec.key, sec.title, "no graph was built.")
    s = json.loads((Path(d) / "build.json").read_text(encoding="utf-8"))
    nodes, facts = s["nodes"], s["facts"]
    entities = sum(v for k, v in nodes.items() if k != "Article")
    label = ctx.results.get("graph_label")
    sec.intro.append(f"From `build.json` of the {'whole-corpus' if label == 'all' else label + '-article'} build "
                     f"(`{label}`, 2 jobs).")
    sec.table("", ["what", "count"], [
        ["articles read", f"{s['articles']:,}"],
        ["articles skipped", f"{len(s['skipped']):,}" + (" (" + "; ".join(f"{x['source']}: {x['reason']}" for x in s["skipped"][:3]) + ")" if s["skipped"] else "")],
        ["duplicates dropped", f"{len(s['duplicates']):,}"],
        ["characters read", f"{s['characters']:,}"],
        ["entities (nodes but articles)", f"{entities:,}"],
        ["— persons", f"{nodes.get('Person', 0):,}"],
        ["— events", f"{nodes.get('Event', 0):,}"],
        ["— offices", f"{nodes.get('Office', 0):,}"],
        ["— " + ", ".join(f"{k.lower()} {v:,}" for k, v in nodes.items()
                           if k not in ("Person", "Event", "Office", "Article")), ""],
        ["facts", f"{sum(facts.values()):,} (" + ", ".join(f"{k} {v:,}" for k, v in facts.items()) + ")"],
        ["RDF triples", f"{s['triples']:,}"],
        ["graph.ttl", f"{(Path(d) / 'graph.ttl').stat().st_size / 1e6:,.0f} MB"],
        ["graph.json", f"{(Path(d) / 'graph.json').stat().st_size / 1e6:,.0f} MB"],
    ])
    for k, v in (("persons", nodes.get("Person", 0)), ("events", nodes.get("Event", 0)),
                 ("offices", nodes.get("Office", 0)), ("facts", sum(facts.values())),
                 ("triples", s["triples"]), ("articles", s["articles"]), ("entities", entities)):
        sec.figure(k, k, [float(v)])
    return sec


__all__ = ["bench_building", "bench_graph_size", "run_build", "tree_memory", "num"]
