"""Reproducible builds: the same input gives the same bytes, whatever the machine does.

``graph.ttl`` and ``graph.json`` are compared byte for byte; the store folder is binary,
so every question of the query pack is asked of both stores instead. Adding an article
may add ids but never changes one that was there.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.build import build
from kg.cli import app
from kg.query import list_queries, run_query
from tests.conftest import SAMPLE, SEEDS, needs_shared

FILES = ("graph.ttl", "graph.json", "names.tsv")
NEW_ARTICLE = """Bế mạc Hội nghị Ngoại giao 32
 date 2023-12-23

Chiều 23/12, tại Hà Nội, Bộ trưởng Bộ Ngoại giao Bùi Thanh Sơn chủ trì phiên bế mạc Hội nghị Ngoại giao lần thứ 32. Thủ tướng Chính phủ Phạm Minh Chính dự và phát biểu. Thứ trưởng Ngoại giao Đặng Hoàng Giang báo cáo về việc thực hiện Chỉ thị 25-CT/TW của Ban Bí thư về đẩy mạnh và nâng tầm đối ngoại đa phương.
"""


def _answers(graph_dir: Path) -> dict[str, list]:
    """Every pack question with its default parameters, asked of the store in ``graph_dir``."""
    return {q.name: run_query(q.name, graph_dir, {}).rows for q in list_queries("sparql")}


def _ids(graph_dir: Path) -> set[str]:
    data = json.loads((graph_dir / "graph.json").read_text(encoding="utf-8"))
    return {x["id"] for x in data["nodes"]} | {x["id"] for x in data["facts"]}


def test_two_builds_of_the_same_input_are_identical(tmp_path):
    build([SAMPLE], tmp_path / "one")
    build([SAMPLE], tmp_path / "two")
    for name in FILES:
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes(), name
    assert _answers(tmp_path / "one") == _answers(tmp_path / "two")


def test_the_same_corpus_in_two_places_builds_the_same_graph(tmp_path):
    """Nothing of the machine (absolute paths, the working folder) goes into the graph."""
    for where in ("here", "elsewhere/deeper"):
        shutil.copytree(SAMPLE, tmp_path / where / "corpus")
        build([(tmp_path / where / "corpus").resolve()], tmp_path / where / "out")
    for name in FILES:
        assert (tmp_path / "here" / "out" / name).read_bytes() == \
            (tmp_path / "elsewhere/deeper" / "out" / name).read_bytes(), name
    assert str(tmp_path) not in (tmp_path / "here" / "out" / "graph.ttl").read_text(encoding="utf-8")


def test_jobs_1_and_jobs_2_give_identical_output(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    shutil.copytree(SAMPLE, tmp_path / "corpus")
    (tmp_path / "corpus" / "06_be-mac.txt").write_text(NEW_ARTICLE, encoding="utf-8")
    runner = CliRunner()
    for jobs in ("1", "2"):
        r = runner.invoke(app, ["build", "corpus", "--out", f"out{jobs}", "--jobs", jobs])
        assert r.exit_code == 0, r.output
    for name in FILES + ("build.json",):
        assert (tmp_path / "out1" / name).read_bytes() == (tmp_path / "out2" / name).read_bytes(), name
    assert _answers(tmp_path / "out1") == _answers(tmp_path / "out2")


def test_adding_an_article_changes_no_existing_id(tmp_path):
    shutil.copytree(SAMPLE, tmp_path / "corpus")
    build([tmp_path / "corpus"], tmp_path / "before")
    (tmp_path / "corpus" / "06_be-mac.txt").write_text(NEW_ARTICLE, encoding="utf-8")
    build([tmp_path / "corpus"], tmp_path / "after")
    before, after = _ids(tmp_path / "before"), _ids(tmp_path / "after")
    assert before - after == set(), f"ids gone after adding an article: {sorted(before - after)[:10]}"
    assert after - before, "the new article added nothing"


@needs_shared()
def test_adding_the_seed_articles_changes_no_sample_id(tmp_path):
    build([SAMPLE], tmp_path / "before")
    build([SAMPLE, SEEDS], tmp_path / "after")
    before, after = _ids(tmp_path / "before"), _ids(tmp_path / "after")
    assert before - after == set(), f"ids gone after adding the seeds: {sorted(before - after)[:10]}"
