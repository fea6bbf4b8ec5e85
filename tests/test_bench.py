"""The benchmark suite: ``python -m bench --quick`` runs as a user runs it and its figures are sane.

Timing targets are not checked here (a test machine may be slow or busy): the full run's
figures live in BENCHMARKS.md. The quick run must also work without the bench extras
(underthesea, pyinstrument), which the test environment does not install.
"""

from __future__ import annotations

import json
import math
import subprocess
import sys

import pytest

from bench.__main__ import SECTIONS
from bench.stats import Figure, percentile, ratio
from tests.conftest import ROOT, SAMPLE


@pytest.fixture(scope="module")
def quick_run(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("bench")
    out, js = tmp / "BENCHMARKS.md", tmp / "bench.json"
    proc = subprocess.run([sys.executable, "-m", "bench", "--quick", "--out", str(out), "--json", str(js)],
                          cwd=ROOT, capture_output=True, text=True, timeout=300)
    return proc, out, js


def test_quick_bench_runs_and_writes_every_section(quick_run):
    proc, out, js = quick_run
    assert proc.returncode == 0, proc.stderr[-3000:]
    text = out.read_text(encoding="utf-8")
    for heading in ["# Benchmarks (quick smoke run)", "## Machine", "## Targets"] + [f"## {t}" for _, t, _ in SECTIONS]:
        assert heading in text, heading
    assert "median (min–max)" in text
    data = json.loads(js.read_text(encoding="utf-8"))
    assert data["errors"] == {}
    assert [s["key"] for s in data["sections"]] == [k for k, _, _ in SECTIONS]


def test_quick_bench_figures_are_positive_and_finite(quick_run):
    _, _, js = quick_run
    data = json.loads(js.read_text(encoding="utf-8"))
    sections = {s["key"]: s for s in data["sections"]}
    # what --quick always measures; Neo4j, Chromium and the seeds scorer are left to the full run
    for key in ("extraction", "profile", "build", "size", "sparql", "rdflib", "spotcheck"):
        assert sections[key]["measured"], key
    for key in ("neo4j", "html", "seeds"):
        assert not sections[key]["measured"], key
    for s in data["sections"]:
        for name, f in s["figures"].items():
            assert f["values"], (s["key"], name)
            for v in f["values"]:
                assert v is not None and math.isfinite(v), (s["key"], name, v)
                assert v >= 0 if s["key"] == "size" else v > 0, (s["key"], name, v)
            assert f["min"] <= f["median"] <= f["max"]
    ext = sections["extraction"]["figures"]
    assert ext["chars_per_cpu_s"]["median"] > 1000 and ext["articles_per_cpu_s"]["median"] > 1
    assert sections["size"]["figures"]["articles"]["median"] > 0
    assert {k for k in sections["rdflib"]["figures"] if k.startswith("emb_")}  # every pack query timed
    from kg.query import list_queries

    names = {q.name for q in list_queries()}
    figures = sections["sparql"]["figures"]
    for prefix in ("p95_", "shell_", "first_", "all_"):  # every question: in process, shell, streamed
        assert {k[len(prefix):] for k in figures if k.startswith(prefix)} == names, prefix


def test_quick_bench_without_the_news_corpus_says_so_and_uses_the_sample(monkeypatch):
    import bench.corpus as corpus

    monkeypatch.setattr(corpus, "NEWS", ROOT / "no-such-corpus")
    c = corpus.find_corpus()
    assert c.path == SAMPLE and not c.real
    assert "not present" in c.note
    records = list(c.records())
    assert len(records) == len(list(SAMPLE.glob("*.txt"))) and all(r.text.strip() for r in records)


def test_only_runs_the_sections_named_and_says_so(tmp_path):
    out = tmp_path / "B.md"
    proc = subprocess.run([sys.executable, "-m", "bench", "--quick", "--only", "build,size", "--out", str(out)],
                          cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-2000:]
    text = out.read_text(encoding="utf-8")
    assert "- Sections run: build, size (the others were skipped" in text
    assert "Written by `python -m bench --quick --only build,size`" in text
    assert text.count("Not measured: skipped") == len(SECTIONS) - 2


def test_unknown_section_to_skip_is_an_error():
    proc = subprocess.run([sys.executable, "-m", "bench", "--quick", "--skip", "nosuch"], cwd=ROOT,
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2
    assert proc.stderr.startswith("Error: unknown section(s) nosuch")


def test_figures_report_median_and_range():
    f = Figure("x", [3.0, 1.0, 2.0], "s")
    assert (f.median, f.lo, f.hi) == (2.0, 1.0, 3.0)
    assert f.text() == "2.00 (1.00–3.00) s"
    assert Figure("x", [5.0], "s").text() == "5.00 s (1 run)"
    r = ratio(Figure("a", [10.0, 20.0, 30.0]), Figure("b", [1.0, 2.0]))
    assert r.median == pytest.approx(20 / 1.5) and r.lo == pytest.approx(10 / 2) and r.hi == pytest.approx(30 / 1)
    assert percentile([float(i) for i in range(1, 101)], 95) == 95.0
    assert percentile([4.0, 1.0, 3.0], 95) == 4.0
