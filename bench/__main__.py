"""``python -m bench [--quick] [--out BENCHMARKS.md]``: run the suite, write the report."""

from __future__ import annotations

import argparse
import json
import math
import os
import shutil
import sys
import tempfile
import time
import traceback
from pathlib import Path

from bench.context import Context, machine
from bench.corpus import find_corpus
from bench.stats import Section

# (key, title, "module:function"): run in this order; later sections use the builds
SECTIONS = [
    ("extraction", "Extraction throughput (per core) vs underthesea", "bench.extraction:bench_extraction"),
    ("profile", "Profile of the extraction hot path", "bench.extraction:bench_profile"),
    ("seeds", "Quality on the seed articles (score.py)", "bench.seeds:bench_seeds"),
    ("build", "Building the graph: whole corpus, 1 vs 2 jobs, growing sizes", "bench.building:bench_building"),
    ("size", "The whole-corpus graph", "bench.building:bench_graph_size"),
    ("incremental", "Incremental builds: a rebuild after adding 1 % new articles", "bench.scale:bench_incremental"),
    ("engines", "Extraction engines: Dask LocalCluster (2 workers) vs --jobs 2, 1× and 10× the corpus",
     "bench.scale:bench_engines"),
    ("sparql", "SPARQL: each question of the pack, with parameters and without, in process and from the shell", "bench.sparql:bench_questions"),
    ("rdflib", "SPARQL: the query pack on the embedded store vs rdflib", "bench.sparql:bench_sparql"),
    ("neo4j", "Neo4j loading: batched vs one query per row", "bench.neo4j:bench_neo4j"),
    ("bulk", "Neo4j: bulk import into a fresh database vs batched load", "bench.neo4j:bench_bulk"),
    ("html", "HTML export and drawing in headless Chromium vs pyvis's own page", "bench.html:bench_html"),
    ("spotcheck", "Spot-check: 20 random items of each kind against their sentences", "bench.spotcheck:bench_spotcheck"),
]


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    p.add_argument("--quick", action="store_true",
                   help="a few hundred articles, seconds: no whole-corpus build, no Neo4j, no Chromium (a smoke test)")
    p.add_argument("--out", default="BENCHMARKS.md", help="the report to write (default: BENCHMARKS.md)")
    p.add_argument("--json", help="also write every figure as JSON to this file")
    p.add_argument("--corpus", help="folder of .jsonl(.gz) articles (default: ../shared/corpus/news, else the sample)")
    p.add_argument("--repeat", type=int, help="runs of each measurement (default: 3; 2 with --quick)")
    p.add_argument("--skip", default="", help="comma-separated sections to leave out: " +
                   ", ".join(k for k, _, _ in SECTIONS))
    p.add_argument("--only", default="", help="comma-separated sections to run, the others skipped (the report "
                   "says which ran); sections that need a graph get the build's")
    p.add_argument("--sizes", default="", help="corpus sizes of the build section, comma-separated article "
                   "counts and 'all' (default: 1000,10000,all; 100,200 with --quick)")
    p.add_argument("--work", help="scratch folder (default: a new temporary folder)")
    p.add_argument("--keep", action="store_true", help="keep the scratch folder (the built graphs)")
    return p.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    skip = {s.strip() for s in args.skip.split(",") if s.strip()}
    only = {s.strip() for s in args.only.split(",") if s.strip()}
    if only:
        skip |= {k for k, _, _ in SECTIONS} - only
    unknown = (skip | only) - {k for k, _, _ in SECTIONS}
    if unknown:
        print(f"Error: unknown section(s) {', '.join(sorted(unknown))} — use some of "
              f"{', '.join(k for k, _, _ in SECTIONS)}", file=sys.stderr)
        return 2
    work = Path(args.work) if args.work else Path(tempfile.mkdtemp(prefix="kg-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    corpus = find_corpus(args.corpus)
    sizes = None
    if args.sizes:
        try:
            sizes = [None if x.strip() == "all" else int(x) for x in args.sizes.split(",") if x.strip()]
        except ValueError:
            print(f"Error: --sizes takes article counts and 'all', not '{args.sizes}' — e.g. --sizes 1000,all",
                  file=sys.stderr)
            return 2
    ctx = Context(corpus=corpus, work=work, quick=args.quick, repeat=args.repeat or (2 if args.quick else 3), skip=skip,
                  sizes=sizes)
    info = machine()
    ctx.results["chromium"] = info.get("chromium")
    ctx.log(f"{corpus.note}; scratch folder {work}")
    t0 = time.perf_counter()
    sections: list[Section] = []
    errors = {}
    try:
        for key, title, target in SECTIONS:
            if key in skip:
                sections.append(Section(key, title, intro=["Not measured: skipped with --skip."], measured=False))
                continue
            module, func = target.split(":")
            ctx.log(f"{key} …")
            s0 = time.perf_counter()
            try:
                fn = getattr(__import__(module, fromlist=[func]), func)
                sec = fn(ctx)
            except Exception as e:  # one broken benchmark must not lose the others
                traceback.print_exc()
                errors[key] = f"{e.__class__.__name__}: {e}"
                sec = Section(key, title, intro=[f"Not measured: the benchmark failed ({errors[key][:300]})."],
                              measured=False)
            ctx.log(f"{key} done in {time.perf_counter() - s0:.1f} s")
            sections.append(sec)
    finally:
        if not args.keep and not args.work:
            shutil.rmtree(work, ignore_errors=True)
    info["loadavg_end"] = os.getloadavg()
    seconds = time.perf_counter() - t0
    command = " ".join(["python -m bench"] + (["--quick"] if args.quick else [])
                       + ([f"--only {args.only}"] if args.only else []) + ([f"--skip {args.skip}"] if args.skip else [])
                       + ([f"--sizes {args.sizes}"] if args.sizes else [])
                       + ([f"--repeat {args.repeat}"] if args.repeat else []))
    info["sections_run"] = [k for k, _, _ in SECTIONS if k not in skip]
    from bench.report import render

    text = render(info, sections, quick=args.quick, corpus_note=corpus.note, command=command, seconds=seconds)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8")
    ctx.log(f"wrote {out}")
    if args.json:
        data = {"machine": info, "quick": args.quick, "corpus": str(corpus.path), "real_corpus": corpus.real,
                "seconds": seconds, "errors": errors, "sections": [s.to_dict() for s in sections]}
        Path(args.json).write_text(json.dumps(data, ensure_ascii=False, indent=1, default=_plain), encoding="utf-8")
    return 1 if errors else 0


def _plain(x):
    if isinstance(x, float) and not math.isfinite(x):
        return None
    if isinstance(x, Path):
        return str(x)
    return str(x)


if __name__ == "__main__":
    sys.exit(main())
