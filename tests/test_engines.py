"""Extraction engines: local processes and Dask distributed build the same graph, byte for byte.

The Dask tests start real clusters (``distributed.LocalCluster``, worker processes on
127.0.0.1): ``kg build --engine dask`` starts its own when no scheduler is given, and a test
starts one to pass its address as ``--scheduler``, as a user passes a remote cluster's.
Dask is a test dependency (``.[test]``); without it these tests skip, and fail in CI.
"""

from __future__ import annotations

import shutil

import pytest
from typer.testing import CliRunner

from kg.build import build
from kg.cli import app
from tests.conftest import IN_CI, NEWS, SAMPLE, needs_shared

FILES = ("graph.ttl", "graph.json", "build.json")
runner = CliRunner()

try:
    import distributed
except ImportError:  # pragma: no cover - CI installs it
    distributed = None
    if IN_CI:
        raise
pytestmark = pytest.mark.skipif(distributed is None, reason="dask[distributed] is not installed (pip install 'kg[dask]')")


def same_bytes(a, b, names=FILES) -> None:
    for name in names:
        assert (a / name).read_bytes() == (b / name).read_bytes(), f"{name} differs between {a} and {b}"


@pytest.fixture(scope="module")
def cluster():
    """A LocalCluster of 2 single-threaded worker processes on 127.0.0.1, as a remote one."""
    import logging

    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                  dashboard_address=None, silence_logs=logging.ERROR) as c:
        yield c


def test_dask_builds_the_sample_as_local_processes_do(tmp_path):
    local = build([SAMPLE], tmp_path / "local", cache=False)
    dask = build([SAMPLE], tmp_path / "dask", engine="dask", jobs=2, cache=False)
    assert dask.articles == local.articles == 5
    same_bytes(tmp_path / "local", tmp_path / "dask")


@needs_shared(NEWS)
def test_dask_builds_a_news_file_as_local_processes_do(tmp_path):
    news = NEWS / "crawl-news-2026.jsonl.gz"
    r = runner.invoke(app, ["build", str(news), "--out", str(tmp_path / "dask"), "--engine", "dask", "--jobs", "2",
                            "--no-cache"])
    assert r.exit_code == 0, r.output
    build([news], tmp_path / "local", jobs=1, cache=False)
    same_bytes(tmp_path / "local", tmp_path / "dask")


def test_a_cluster_given_by_its_address_builds_with_the_cache(tmp_path, cluster):
    corpus = tmp_path / "corpus"
    shutil.copytree(SAMPLE, corpus)
    cache = tmp_path / "cache"
    address = cluster.scheduler_address
    first = build([corpus], tmp_path / "a", engine="dask", scheduler=address, cache=cache)
    assert (first.extracted, first.reused) == (5, 0)
    second = build([corpus], tmp_path / "b", engine="dask", scheduler=address, cache=cache)
    assert (second.extracted, second.reused) == (0, 5)
    local = build([corpus], tmp_path / "c", cache=False)
    same_bytes(tmp_path / "a", tmp_path / "c")
    same_bytes(tmp_path / "b", tmp_path / "c")
    # a record the cache lost is extracted again on the cluster (its part's manifest is kept)
    import sqlite3

    from kg.cache import DB_NAME

    with sqlite3.connect(cache / DB_NAME) as db:
        db.execute("DELETE FROM records WHERE key IN (SELECT key FROM records LIMIT 1)")
    third = build([corpus], tmp_path / "d", engine="dask", scheduler=address, cache=cache)
    assert (third.extracted, third.reused) == (1, 4) and local.articles == 5
    same_bytes(tmp_path / "d", tmp_path / "c")


def test_workers_running_another_kg_are_refused(tmp_path, cluster):
    """A worker whose extractor is not this build's (another version of kg) refuses the task."""
    def other_kg():
        import kg.cache

        kg.cache.extractor_version = lambda package=None: "0" * 32
        return True

    def this_kg():
        import importlib

        import kg.cache

        importlib.reload(kg.cache)
        return True

    with distributed.Client(cluster.scheduler_address, set_as_default=False) as client:
        assert all(client.run(other_kg).values())
        try:
            r = runner.invoke(app, ["build", str(SAMPLE), "--out", str(tmp_path / "g"), "--engine", "dask",
                                    "--scheduler", cluster.scheduler_address, "--no-cache"])
        finally:
            assert all(client.run(this_kg).values())
    assert r.exit_code == 1, r.output
    assert "Error: a worker runs another kg (extractor version 0000" in r.output
    assert "install the same kg on the workers as where kg build runs" in r.output
    assert not (tmp_path / "g").exists()


def test_an_unreachable_scheduler_is_one_error_line(tmp_path):
    r = runner.invoke(app, ["build", str(SAMPLE), "--out", str(tmp_path / "g"), "--engine", "dask",
                            "--scheduler", "tcp://127.0.0.1:1"])
    assert r.exit_code == 1
    assert r.output.startswith("Error: cannot reach the Dask scheduler at tcp://127.0.0.1:1"), r.output
    assert "Traceback" not in r.output and not (tmp_path / "g").exists()


def test_a_scheduler_without_the_dask_engine_and_an_unknown_engine_are_errors(tmp_path):
    r = runner.invoke(app, ["build", str(SAMPLE), "--out", str(tmp_path / "g"), "--scheduler", "tcp://127.0.0.1:8786"])
    assert r.exit_code == 1 and "Error: --scheduler is for --engine dask" in r.output, r.output
    r = runner.invoke(app, ["build", str(SAMPLE), "--out", str(tmp_path / "g"), "--engine", "spark"])
    assert r.exit_code == 1 and "Error: unknown engine 'spark' — use one of: local, dask" in r.output, r.output


def test_a_missing_input_on_the_workers_is_the_usual_error(tmp_path, cluster):
    r = runner.invoke(app, ["build", str(tmp_path / "nope"), "--out", str(tmp_path / "g"), "--engine", "dask",
                            "--scheduler", cluster.scheduler_address])
    assert r.exit_code == 1 and f"Error: no such file or folder: {tmp_path / 'nope'}" in r.output, r.output
