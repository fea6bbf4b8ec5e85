"""Builds at scale (issue 13): incremental rebuilds with the extraction cache, and the Dask
engine against local processes on the corpus and on a tenfold replica of it.

Every build is the command a user runs (``python -m kg build … --quiet``) in a child
process, watched as in :mod:`bench.building`: wall time, CPU time of the process tree
(``wait4`` rusage: the build and every process it started — pool workers, or the Dask
nannies, workers and scheduler threads of a LocalCluster), and peak memory of the tree
(sum of PSS, sampled every 0.1 s from ``/proc``).

* **incremental** — the corpus less one article in a hundred (``old/``, five JSON Lines
  files) and that hundredth (``new/added.jsonl``, 1 %): a clean build of both (empty cache),
  against ``kg build new --update`` on top of a build of ``old`` (the cache as that build
  left it, restored before every run); the two graphs must be the same bytes.
* **engines** — ``--jobs 2`` (a pool of 2 processes) against ``--engine dask --jobs 2`` (a
  LocalCluster of 2 single-threaded workers on 127.0.0.1), both ``--no-cache``, on the
  corpus folder and on a tenfold replica written into the scratch folder (each copy's ids
  suffixed ``-rK`` and headlines ``[K]``, so no article is a duplicate of another; never kept).
"""

from __future__ import annotations

import gzip
import json
import os
import shutil
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from bench.building import tree_memory
from bench.corpus import jsonl_records
from bench.context import Context
from bench.stats import Figure, Section, num, ratio

TARGET_REBUILD_SHARE = 0.15
FILES = ("graph.ttl", "graph.json", "build.json", "names.tsv", "parts/index.trig", "parts/items")


@dataclass
class Run:
    wall: float
    cpu: float
    pss: int  # peak PSS of the process tree, bytes
    stderr: str


def run_kg(args: list[str], interval: float = 0.1) -> Run:
    """``python -m kg ARGS`` in a child process, timed and watched; raises if it fails."""
    cmd = [sys.executable, "-m", "kg", *map(str, args)]
    peak = [0]
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    done = threading.Event()

    def watch() -> None:
        while not done.is_set():
            peak[0] = max(peak[0], tree_memory(proc.pid)[1])
            done.wait(interval)

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    done.set()
    watcher.join()
    code = os.waitstatus_to_exitcode(status)
    text = err.decode(errors="replace")
    if code != 0:
        raise RuntimeError(f"kg {' '.join(map(str, args[:1]))} failed ({code}): {text[-800:]}")
    return Run(wall, usage.ru_utime + usage.ru_stime, peak[0], text)


def stages(run: Run) -> dict[str, float]:
    """The seconds per stage ``kg build`` prints (``  seconds:  extraction 8.5, resolution 2.3, …``)."""
    for line in run.stderr.splitlines():
        if line.strip().startswith("seconds:"):
            return {k: float(v) for k, v in (part.split() for part in line.split(":", 1)[1].split(","))}
    return {}


def written(run: Run) -> tuple[int, int]:
    """The items a build wrote and those of its graph (``  wrote 5560 of 288627 items, …``);
    a build that wrote all of them does not say so."""
    for line in run.stderr.splitlines():
        words = line.split()
        if words[:1] == ["wrote"] and len(words) > 3 and words[1].isdigit() and words[3].isdigit():
            return int(words[1]), int(words[3])
    return 0, 0


def store_quads(folder: Path) -> set[bytes]:
    """A digest of each quad of a graph folder's store (the graph and the query index)."""
    import hashlib

    import pyoxigraph as ox

    store = ox.Store.read_only(str(folder / "store"))
    try:
        return {hashlib.blake2b(str(q).encode(), digest_size=16).digest() for q in store}
    finally:
        del store


def same_bytes(a: Path, b: Path, names=FILES) -> bool:
    return all((a / n).read_bytes() == (b / n).read_bytes() for n in names)


def _records(ctx: Context, limit: int | None):
    out = []
    for r in ctx.corpus.records():
        out.append(r)
        if limit and len(out) >= limit:
            break
    return out


# ----------------------------------------------------------------------------- incremental


def bench_incremental(ctx: Context) -> Section:
    sec = Section("incremental", "Incremental builds: a rebuild after adding 1 % new articles")
    work = ctx.work / "incremental"
    shutil.rmtree(work, ignore_errors=True)
    records = _records(ctx, 400 if ctx.quick else None)
    old = [r for i, r in enumerate(records) if i % 100 != 99]
    new = [r for i, r in enumerate(records) if i % 100 == 99]
    by_file: dict[str, list] = {}
    for r in old:
        by_file.setdefault(r.source.split(":")[0].split(".")[0], []).append(r)
    for name, rs in by_file.items():
        _write(rs, work / "old" / f"{name}.jsonl.gz")
    _write(new, work / "new" / "added.jsonl.gz")
    old_dir, new_dir = work / "old", work / "new"
    sec.intro.append(
        f"Input: the corpus in file order, {len(records):,} records, less every hundredth (`old/`: {len(old):,} "
        f"records in {len(by_file)} gzip JSON Lines files) and those hundredths (`new/added.jsonl.gz`: {len(new):,} "
        f"records, {len(new) / len(records):.1%}). Every build `--jobs 2`, the clean one once (minutes on this shared machine).")
    reps = 1  # a whole-corpus build takes minutes on the shared machine: once
    # clean builds of old + new: an empty cache (what a first build pays)
    clean = []
    for i in range(reps):
        shutil.rmtree(work / "clean", ignore_errors=True)
        shutil.rmtree(work / "clean-cache", ignore_errors=True)
        clean.append(run_kg(["build", old_dir, new_dir, "--out", work / "clean", "--jobs", "2",
                             "--cache", work / "clean-cache"]))
        ctx.log(f"incremental: clean build {i + 1}/{reps}: {clean[-1].wall:.1f} s")
    # the graph of old/, and its cache: the state every rebuild starts from
    run_kg(["build", old_dir, "--out", work / "inc", "--jobs", "2", "--cache", work / "inc-cache", "--quiet"])
    shutil.copytree(work / "inc", work / "inc-before", symlinks=True)
    shutil.copytree(work / "inc-cache", work / "inc-cache-before")
    rebuild, unchanged = [], []
    for i in range(3 if not ctx.quick else 1):
        for name in ("inc", "inc-cache"):
            shutil.rmtree(work / name)
            shutil.copytree(work / f"{name}-before", work / name, symlinks=True)
        rebuild.append(run_kg(["build", new_dir, "--update", "--out", work / "inc", "--jobs", "2",
                               "--cache", work / "inc-cache"]))
        ctx.log(f"incremental: rebuild with 1 % new {i + 1}: {rebuild[-1].wall:.1f} s")
    identical = same_bytes(work / "inc", work / "clean")
    same_store = store_quads(work / "inc") == store_quads(work / "clean")
    for i in range(2 if not ctx.quick else 1):
        unchanged.append(run_kg(["build", "--update", "--out", work / "inc", "--jobs", "2",
                                 "--cache", work / "inc-cache"]))
        ctx.log(f"incremental: rebuild with nothing new {i + 1}: {unchanged[-1].wall:.1f} s")
    identical = identical and same_bytes(work / "inc", work / "clean")
    summary = json.loads((work / "clean" / "build.json").read_text(encoding="utf-8"))
    c = sec.figure("clean_s", "clean build (empty cache)", [r.wall for r in clean], "s")
    rb = sec.figure("rebuild_s", "rebuild after adding 1 %", [r.wall for r in rebuild], "s")
    un = sec.figure("unchanged_s", "rebuild with nothing new", [r.wall for r in unchanged], "s")
    share = ratio(rb, c)
    share = Figure("rebuild / clean", [v * 100 for v in share.values], "%", digits=1)
    sec.figures["rebuild_share"] = share
    cache_bytes = sum(p.stat().st_size for p in (work / "inc-cache").glob("*") if p.is_file())
    sec.table("", ["build", "wall", "CPU (tree)", "peak PSS of the tree, GiB"], [
        [f"clean build of old + new ({summary['articles']:,} articles), empty cache", c.text(),
         Figure("", [r.cpu for r in clean], "s").text(), Figure("", [r.pss / 1024 ** 3 for r in clean], digits=2).text()],
        [f"`kg build new --update` after a build of old ({len(new):,} new articles)", rb.text(),
         Figure("", [r.cpu for r in rebuild], "s").text(), Figure("", [r.pss / 1024 ** 3 for r in rebuild], digits=2).text()],
        ["`kg build --update` again, nothing new", un.text(), Figure("", [r.cpu for r in unchanged], "s").text(),
         Figure("", [r.pss / 1024 ** 3 for r in unchanged], digits=2).text()],
        ["rebuild after adding 1 % / clean build", share.text(), "", ""],
    ])
    names = ("extraction", "resolution", "writing", "cache")
    rows = []
    for what, rs in (("clean build", clean), ("rebuild after adding 1 %", rebuild), ("rebuild, nothing new", unchanged)):
        st = [stages(r) for r in rs]
        rows.append([what] + [Figure("", [x.get(k, 0.0) for x in st], "s").text() for k in names])
    sec.table("Where the time goes (seconds per stage, as `kg build` prints them: extraction = listing and "
              "surveying the inputs, reading, extracting or taking records from the cache, `Resolver.add`; "
              "cache = stamping and evicting entries after the graph is written)", ["build"] + list(names), rows)
    writing = Figure("", [stages(r).get("writing", 0.0) for r in rebuild], "s")
    rest = Figure("rebuild less writing", [r.wall - stages(r).get("writing", 0.0) for r in rebuild], "s")
    sec.figures["rebuild_less_writing_share"] = Figure(
        "rebuild less writing / clean", [v * 100 for v in ratio(rest, c).values], "%", digits=1)
    wrote = [written(r) for r in rebuild]
    sec.notes.append(f"A rebuild after adding 1 % writes {wrote[0][0]:,} of the graph's {wrote[0][1]:,} items (nodes, "
                     f"facts, source sentences, rules) and copies the rest from the graph it replaces "
                     f"(`kg build` says so); writing takes {writing.text()} of it, the rest of the rebuild "
                     f"{rest.text()} ({sec.figures['rebuild_less_writing_share'].text()} of the clean build).")
    sec.notes.append(f"The rebuilt graph and the clean one are "
                     f"{'byte-identical' if identical else '**not** byte-identical'} ({', '.join(FILES)}); "
                     f"their stores hold {'the same' if same_store else '**different**'} quads.")
    sec.notes.append(f"The cache of the old + new build: {cache_bytes / 1024 ** 2:,.1f} MiB on disk "
                     f"({cache_bytes / max(1, summary['articles']):,.0f} bytes an article).")
    sec.target("rebuild after adding 1 % new articles ≤ 15 % of a clean build", share.median <= TARGET_REBUILD_SHARE * 100,
               share.text())
    sec.target("the rebuilt graph is byte-identical to a clean build", identical, "yes" if identical else "no")
    sec.target("the rebuilt store holds the quads of a clean build's", same_store, "yes" if same_store else "no")
    ctx.results["whole_graph_dir"] = work / "clean"
    ctx.results["whole_graph_label"] = f"{summary['articles']:,}-article"
    return sec


def _write(records, path: Path, k: int | None = None) -> Path:
    """Records as a gzip JSON Lines file; ``k``: the k-th copy of a replica (ids and headlines marked)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with gzip.open(path, "wt", encoding="utf-8", compresslevel=1) as fh:
        for r in records:
            if k:
                rec = {"id": f"{r.id}-r{k}", "title": f"{r.title} [{k}]", "date": r.date, "url": r.url,
                       "text": r.text}
                fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
            else:
                fh.write(r.to_json() + "\n")
    return path


# ----------------------------------------------------------------------------- engines


def bench_engines(ctx: Context) -> Section:
    sec = Section("engines", "Extraction engines: Dask LocalCluster (2 workers) vs --jobs 2, 1× and 10× the corpus")
    from bench.context import version

    work = ctx.work / "engines"
    shutil.rmtree(work, ignore_errors=True)
    if ctx.quick:
        one = _write(_records(ctx, 100), work / "one" / "first-100.jsonl.gz").parent
    else:
        one = ctx.corpus.path
    ten = work / "ten"
    for k in range(10):
        for f in sorted(one.iterdir()):
            if f.name.endswith((".jsonl", ".jsonl.gz")):
                recs = list(jsonl_records(f))
                _write(recs, ten / f"r{k}-{f.name.split('.')[0]}.jsonl.gz", k)
    sec.intro.append(
        f"Inputs: **1×** = {'the first 100 articles' if ctx.quick else 'the corpus folder ' + str(one)}; "
        f"**10×** = ten copies of it written into the scratch folder (copy K > 0 with ids `ID-rK` and headlines "
        f"ending `[K]`, so none is a duplicate). Dask {version('distributed') or '?'}; each build "
        f"`--no-cache`, `--jobs 2` against `--engine dask --jobs 2`, once.")
    rows, same, failed = [], {}, []
    for label, inp in (("1×", one), ("10×", ten)):
        reps = 1  # whole-corpus and tenfold builds take minutes to an hour here: once each
        runs: dict[str, list[Run]] = {"jobs": [], "dask": []}
        for i in range(reps):
            for eng in ("jobs", "dask"):
                out = work / f"out-{label[:-1]}-{eng}"
                shutil.rmtree(out, ignore_errors=True)
                args = ["build", inp, "--out", out, "--jobs", "2", "--no-cache"]
                if eng == "dask":
                    args += ["--engine", "dask"]
                try:
                    runs[eng].append(run_kg(args))
                except RuntimeError as e:  # a build that falls over is a result, not the end of the section
                    failed.append(f"{label} {eng}: {str(e)[:300]}")
                    ctx.log(f"engines: {label} {eng} failed: {e}")
                    continue
                ctx.log(f"engines: {label} {eng} run {i + 1}/{reps}: {runs[eng][-1].wall:.1f} s, "
                        f"PSS {runs[eng][-1].pss / 1024 ** 3:.2f} GiB")
        if not (runs["jobs"] and runs["dask"]):
            continue
        summary = json.loads((work / f"out-{label[:-1]}-jobs" / "build.json").read_text(encoding="utf-8"))
        same[label] = same_bytes(work / f"out-{label[:-1]}-jobs", work / f"out-{label[:-1]}-dask", FILES[:2])
        for eng in ("jobs", "dask"):
            st = stages(runs[eng][0])
            sec.figures[f"{eng}_extraction_{label}"] = Figure(f"{eng} extraction stage, {label}",
                                                              [stages(r).get("extraction", 0.0) for r in runs[eng]], "s")
            ctx.log(f"engines: {label} {eng} stages {st}")
        j = sec.figure(f"jobs2_{label}", f"--jobs 2, {label}", [r.wall for r in runs["jobs"]], "s")
        d = sec.figure(f"dask_{label}", f"dask, {label}", [r.wall for r in runs["dask"]], "s")
        jm = sec.figure(f"jobs2_pss_{label}", f"--jobs 2 peak PSS, {label}", [r.pss / 1024 ** 3 for r in runs["jobs"]], "GiB")
        dm = sec.figure(f"dask_pss_{label}", f"dask peak PSS, {label}", [r.pss / 1024 ** 3 for r in runs["dask"]], "GiB")
        rows.append([label, f"{summary['articles']:,}", j.text(), d.text(), ratio(d, j).text(),
                     Figure("", [r.cpu for r in runs["jobs"]], "s").text(), Figure("", [r.cpu for r in runs["dask"]], "s").text(),
                     jm.text(), dm.text()])
        for out in work.glob(f"out-{label[:-1]}-*"):
            shutil.rmtree(out, ignore_errors=True)
    shutil.rmtree(ten, ignore_errors=True)
    sec.table("Whole `kg build` (reading, extraction, resolution, writing), wall and CPU of the process tree",
              ["input", "articles", "--jobs 2", "--engine dask", "dask / jobs", "CPU, --jobs 2", "CPU, dask",
               "peak PSS, --jobs 2", "peak PSS, dask"], rows)
    sec.table("The extraction stage alone (listing, surveying and reading the inputs, extracting, `Resolver.add`), "
              "as `kg build` prints it", ["input", "--jobs 2", "--engine dask"],
              [[lab, sec.figures[f"jobs_extraction_{lab}"].text(), sec.figures[f"dask_extraction_{lab}"].text()]
               for lab in same])
    for f in failed:
        sec.notes.append("Failed: " + f)
    sec.notes.append("Same graph from both engines: " + "; ".join(
        f"{k} {'byte-identical' if v else '**different**'} (graph.ttl, graph.json)" for k, v in same.items()) + ".")
    ok = all(same.values()) and len(same) == 2 and not failed
    sec.target("`--engine dask` builds the same graph as `--jobs 2` (1× and 10×)", ok, "yes" if ok else "no")
    return sec


__all__ = ["bench_incremental", "bench_engines", "num"]
