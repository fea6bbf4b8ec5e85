"""Extraction throughput: the per-article pipeline vs underthesea ``ner``, and its profile.

The pipeline is what ``kg build`` runs for each article, in one process (one core):

1. ``kg.read.formats.make_article`` — clean the stored record, remove page furniture;
2. ``kg.extract.extract_facts`` — split the sentences (``kg.read.split_sentences``, called
   inside) and find persons, offices, events, participations, directives, roles;
3. ``kg.resolve.Resolver.add`` — per-article resolution into one resolver, as the build does.

The sample is the first N diplomacy-related articles in file order (title or text holds
"Bộ Ngoại giao", "ngoại giao" in any case, or "Thủ tướng"). Throughput counts the characters
of the stored ``text`` field, as the corpus README does.

The peer, underthesea ``ner`` (word segmentation, POS, chunking and CRF named entities,
models shipped in the package), runs over the very sentences ``split_sentences`` finds in
the first M articles of the sample; the ratio compares the time both take on those M
articles. Rates are per CPU-second of the measuring process (``time.process_time``: per
core, whatever else the machine runs) and, beside them, per wall-clock second.
"""

from __future__ import annotations

import io
from typing import Callable

from bench.context import Context, has_module, version
from bench.corpus import REPO, Record, is_diplomatic
from bench.stats import Figure, Section, Timing, num, ratio, timed

TARGET_CHARS_PER_CORE = 1_000_000
TARGET_RATIO = 70


def diplomatic_sample(ctx: Context, n: int) -> list[Record]:
    out = []
    for r in ctx.corpus.records():
        if is_diplomatic(r):
            out.append(r)
            if len(out) >= n:
                break
    return out


def pipeline(records: list[Record]) -> Callable[[], int]:
    """A function running the per-article pipeline over ``records``; returns the facts found."""
    from kg.extract import extract_facts
    from kg.read.formats import make_article
    from kg.resolve import Resolver

    def run() -> int:
        resolver = Resolver()
        found = 0
        for r in records:
            article = make_article(r.id, r.title, r.text, r.date, r.url, r.source)
            facts = extract_facts(article)
            resolver.add(facts)
            found += facts.count()
        return found

    return run


def stage_times(records: list[Record]) -> dict[str, float]:
    """CPU seconds of each stage over ``records`` (one pass), to say where the time goes."""
    import time

    from kg.extract import extract_facts
    from kg.read import split_sentences
    from kg.read.formats import make_article
    from kg.resolve import Resolver

    t = dict.fromkeys(("make_article", "split_sentences", "extract_facts", "Resolver.add"), 0.0)
    resolver = Resolver()
    for r in records:
        c0 = time.process_time()
        a = make_article(r.id, r.title, r.text, r.date, r.url, r.source)
        c1 = time.process_time()
        split_sentences(a.text, a.captions)
        c2 = time.process_time()
        facts = extract_facts(a)
        c3 = time.process_time()
        resolver.add(facts)
        c4 = time.process_time()
        t["make_article"] += c1 - c0
        t["split_sentences"] += c2 - c1
        t["extract_facts"] += c3 - c2
        t["Resolver.add"] += c4 - c3
    return t


def sentences_of(records: list[Record]) -> list[str]:
    from kg.read import split_sentences
    from kg.read.formats import make_article

    out = []
    for r in records:
        a = make_article(r.id, r.title, r.text, r.date, r.url, r.source)
        out.extend(s.text for s in split_sentences(a.text, a.captions) if not s.caption)
    return out


def run_peer(sentences: list[str]) -> Callable[[], int]:
    from underthesea import ner

    def run() -> int:
        entities = 0
        for s in sentences:
            entities += sum(1 for tok in ner(s) if tok[-1].startswith("B-"))
        return entities

    return run


def bench_extraction(ctx: Context) -> Section:
    n = 150 if ctx.quick else 500
    m = 5 if ctx.quick else 150
    sec = Section("extraction", "Extraction throughput (per core) vs underthesea")
    sample = diplomatic_sample(ctx, n)
    if not sample:
        sec.intro.append("Not measured: the corpus holds no diplomacy-related article.")
        sec.measured = False
        return sec
    chars = sum(len(r.text) for r in sample)
    sec.intro += [
        f"Sample: the first {len(sample)} diplomacy-related articles of the corpus in file order "
        f"({chars:,} characters of text, {chars / len(sample):,.0f} per article; from "
        f"{sample[0].source} to {sample[-1].source}).",
        "Pipeline per article: `make_article` (cleaning, furniture removal) → `extract_facts` "
        "(which calls `split_sentences`) → `Resolver.add` (one resolver for the sample, as in `kg build`). "
        "Rates per CPU-second are per core; wall-clock rates beside them include waiting for the CPU "
        "when other processes share the machine.",
    ]
    run = pipeline(sample)
    run()  # warm-up: compiled patterns, lexicon caches
    runs: list[Timing] = []
    facts = 0
    for _ in range(ctx.repeat):
        t, facts = timed(run)
        runs.append(t)
    ctx.log(f"extraction: pipeline {len(sample)} articles, cpu {[round(t.cpu, 2) for t in runs]} s")
    cps = sec.figure("chars_per_cpu_s", "kg pipeline, characters per CPU-second", [chars / t.cpu for t in runs], "chars/s")
    aps = sec.figure("articles_per_cpu_s", "kg pipeline, articles per CPU-second", [len(sample) / t.cpu for t in runs], "articles/s")
    wcps = sec.figure("chars_per_wall_s", "kg pipeline, characters per wall second", [chars / t.wall for t in runs], "chars/s")
    waps = sec.figure("articles_per_wall_s", "kg pipeline, articles per wall second", [len(sample) / t.wall for t in runs], "articles/s")
    stages = stage_times(sample)
    total = sum(stages.values()) - stages["split_sentences"]
    sec.data["stages"] = stages

    rows = [["kg pipeline (read + extract + resolve)", f"{len(sample)} articles", cps.text(), aps.text(),
             wcps.text(), waps.text()]]
    peer_note = None
    sub = sample[:m]
    sub_chars = sum(len(r.text) for r in sub)
    if not has_module("underthesea"):
        peer_note = ("underthesea is not installed (`pip install -e '.[bench]'`), so the peer was not run "
                     "and no ratio is given.")
    else:
        sents = sentences_of(sub)
        sent_chars = sum(map(len, sents))
        try:
            from underthesea import ner

            ner("Thủ tướng Phạm Minh Chính dự Hội nghị Ngoại giao lần thứ 32 tại Hà Nội.")  # loads the models
        except Exception as e:  # a model that would have to be downloaded, offline
            peer_note = f"underthesea `ner` failed to start: {e.__class__.__name__}: {str(e)[:200]}"
        if peer_note is None:
            peer = run_peer(sents)
            ours_sub = pipeline(sub)
            p_runs, o_runs = [], []
            for _ in range(ctx.repeat):
                p_runs.append(timed(peer)[0])
                o_runs.append(timed(ours_sub)[0])
            ctx.log(f"extraction: underthesea ner {len(sents)} sentences, cpu {[round(t.cpu, 2) for t in p_runs]} s")
            p_cps = sec.figure("peer_chars_per_cpu_s", "underthesea ner, characters per CPU-second",
                               [sub_chars / t.cpu for t in p_runs], "chars/s")
            p_aps = sec.figure("peer_articles_per_cpu_s", "underthesea ner, articles per CPU-second",
                               [len(sub) / t.cpu for t in p_runs], "articles/s")
            p_wcps = Figure("", [sub_chars / t.wall for t in p_runs], "chars/s")
            p_waps = Figure("", [len(sub) / t.wall for t in p_runs], "articles/s")
            o_cps = sec.figure("sub_chars_per_cpu_s", "kg pipeline on the peer's articles, characters per CPU-second",
                               [sub_chars / t.cpu for t in o_runs], "chars/s")
            o_wcps = Figure("", [sub_chars / t.wall for t in o_runs], "chars/s")
            rows += [
                ["kg pipeline, the peer's articles", f"{len(sub)} articles", o_cps.text(),
                 Figure("", [len(sub) / t.cpu for t in o_runs], "articles/s").text(), o_wcps.text(),
                 Figure("", [len(sub) / t.wall for t in o_runs], "articles/s").text()],
                [f"underthesea {version('underthesea')} `ner` over the same sentences", f"{len(sub)} articles, "
                 f"{len(sents):,} sentences", p_cps.text(), p_aps.text(), p_wcps.text(), p_waps.text()]]
            r = ratio(o_cps, p_cps)
            sec.figures["ratio_cpu"] = r
            rw = ratio(o_wcps, p_wcps)
            sec.figures["ratio_wall"] = rw
            sec.notes.append(
                f"underthesea `ner` reads the {sent_chars:,} characters of the {len(sents):,} sentences of the first "
                f"{len(sub)} articles of the sample; its rate is counted in the same article characters "
                f"({sub_chars:,}) as the pipeline's, so the ratio is the ratio of the times both take on those articles.")
            sec.target(f"≥ {TARGET_RATIO}× underthesea `ner` (same articles, same run)", r.median >= TARGET_RATIO,
                       f"{r.text()} per CPU-second; {rw.text()} per wall second")
    if peer_note:
        sec.notes.append("Peer: " + peer_note)
        sec.target(f"≥ {TARGET_RATIO}× underthesea `ner` (same articles, same run)", None, peer_note)
    sec.table("", ["what", "input", "chars per CPU-s (per core)", "articles per CPU-s", "chars per wall s",
                   "articles per wall s"], rows)
    sec.target(f"≥ {TARGET_CHARS_PER_CORE:,} characters/s per core", cps.median >= TARGET_CHARS_PER_CORE,
               f"{cps.text()} per CPU-second ({wcps.text()} per wall second)")
    sec.table("Where one pass spends its CPU time (stage by stage; `split_sentences` also runs inside "
              "`extract_facts`, shown apart for scale)", ["stage", "CPU s", "share of pipeline"],
              [[k, f"{v:.3f}", "–" if k == "split_sentences" else f"{100 * v / total:.0f} %"]
               for k, v in stages.items()])
    sec.data["facts"] = facts
    sec.notes.append(f"The pipeline found {facts:,} mentions (persons, offices, events, …) in the sample.")
    ctx.results["extraction_sample"] = sample
    return sec


def bench_profile(ctx: Context) -> Section:
    """The hot path of the pipeline under pyinstrument (cProfile when it is not installed)."""
    sec = Section("profile", "Profile of the extraction hot path")
    sample = ctx.results.get("extraction_sample") or diplomatic_sample(ctx, 150 if ctx.quick else 500)
    run = pipeline(sample)
    run()
    if has_module("pyinstrument"):
        from pyinstrument import Profiler

        prof = Profiler(interval=0.0005)
        prof.start()
        run()
        prof.stop()
        tree = prof.output_text(unicode=True, color=False, processor_options={"filter_threshold": 0.02})
        top = _self_top(prof.last_session.root_frame(), 15)
        sec.intro.append(f"pyinstrument {version('pyinstrument')}, sampling every 0.5 ms, one pass of the "
                         f"pipeline over the {len(sample)} articles of the extraction sample.")
        sec.blocks.append(("Top 15 functions by own (self) time", "\n".join(top)))
        sec.blocks.append(("Call tree (frames under 2 % hidden)", _trim_tree(tree, 60)))
        sec.data["top"] = top
    else:
        import cProfile
        import pstats

        prof = cProfile.Profile()
        prof.enable()
        run()
        prof.disable()
        buf = io.StringIO()
        pstats.Stats(prof, stream=buf).sort_stats("tottime").print_stats(15)
        sec.intro.append("pyinstrument is not installed (`pip install -e '.[bench]'`): the standard library's "
                         "cProfile instead, top 15 by own time.")
        text = buf.getvalue().replace(str(REPO) + "/", "")
        body = text[text.find("ncalls"):] if "ncalls" in text else text
        sec.blocks.append(("Top 15 functions by own time (cProfile)", body.strip()))
        sec.data["top"] = body.strip().splitlines()[1:16]
    return sec


def _self_top(root, n: int) -> list[str]:
    """The ``n`` functions with the most own time (time in the function, not in its callees),
    summed over every place they are called from, with their share of the whole pass."""
    own: dict[tuple[str, str, int], float] = {}
    total = root.time or 1.0
    todo = [root]
    while todo:
        f = todo.pop()
        todo.extend(f.children)
        if f.is_synthetic:
            continue
        key = (f.function, f.file_path_short or "", f.line_no or 0)
        own[key] = own.get(key, 0.0) + f.total_self_time
    ranked = sorted(own.items(), key=lambda kv: -kv[1])[:n]
    return [f"{t:7.3f} s {100 * t / total:5.1f} %  {fn}  {path}:{line}" for (fn, path, line), t in ranked]


def _trim_tree(tree: str, n: int) -> str:
    lines = tree.splitlines()
    body = [ln for ln in lines if ln.strip() and not set(ln.strip()) <= set("_ ")]
    if len(body) > n:
        body = body[:n] + [f"… ({len(body) - n} more lines)"]
    return "\n".join(body)


def fmt_rate(x: float) -> str:
    return num(x)
