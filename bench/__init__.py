"""The ``kg`` benchmark suite: speed and scale on real news, each figure beside its peer.

Run from the repository root::

    python -m bench                      # the full suite (tens of minutes on 2 cores)
    python -m bench --quick --out /tmp/BENCHMARKS.md   # a few hundred articles, seconds

Each section is one module, a function that takes a :class:`~bench.context.Context` and
returns a :class:`~bench.stats.Section` (figures and notes); :mod:`bench.report` writes
them as ``BENCHMARKS.md``:

* :mod:`bench.extraction` — per-article pipeline throughput vs underthesea ``ner``, and
  a pyinstrument profile of the hot path;
* :mod:`bench.building`   — ``kg build`` wall time, articles/s, peak memory, 1 vs 2 jobs,
  1k / 10k / all articles; the graph's size and a seeded spot-check of its facts;
* :mod:`bench.sparql`     — every pack query on the embedded store vs rdflib in memory;
* :mod:`bench.neo4j`      — batched loading vs one query per row;
* :mod:`bench.html`       — HTML export and headless-Chromium draw time vs pyvis's own page.

Every figure is the median, with min–max, of repeated runs; every ratio compares two
figures measured in the same run of the suite on the same input.
"""
