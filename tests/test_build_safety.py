"""A failed or killed build never damages the graph it was meant to replace.

``kg build`` writes into a staging folder beside ``--out`` and switches it in whole when
everything is written. Whatever stops it — an error while writing, a full disk, Ctrl-C,
SIGTERM, SIGKILL — the graph built before stays byte for byte as it was, every command reads
the same graph, and no stray folder is left (one left by SIGKILL, which nothing can catch, is
removed by the next build).
"""

from __future__ import annotations

import errno
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.build import build
from kg.cli import app
from tests.conftest import SAMPLE

KG = Path(sys.executable).parent / "kg"
runner = CliRunner()

EXTRA = """Hội nghị Ngoại giao kinh tế lần thứ 9
 date 2024-05-02

Sáng 2/5, tại Hà Nội, Thủ tướng Chính phủ Phạm Minh Chính chủ trì Hội nghị Ngoại giao kinh tế lần thứ 9.
Thứ trưởng Bộ Ngoại giao Nguyễn Minh Hằng dự hội nghị.
"""


def changed_files(old: dict[str, bytes], new: dict[str, bytes]) -> list[str]:
    """The files of two snapshots that differ (a list pytest shows at once, where a diff of
    two dicts of file contents takes it minutes)."""
    return sorted(k for k in old.keys() | new.keys() if old.get(k) != new.get(k))


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` (relative path -> bytes)."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


# the extraction cache beside the output (kg.cache): it outlives a failed build, whose
# extraction the next build reuses, and the switch of the output folder never touches it
CACHE = ".out.kg-cache"


def names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


@pytest.fixture
def built(tmp_path) -> Path:
    """The sample corpus built into ``tmp_path/graph/out``; the parent holds nothing else."""
    out = tmp_path / "graph" / "out"
    build([SAMPLE], out)
    return out


@pytest.fixture
def bigger_corpus(tmp_path) -> Path:
    """The sample plus one more article: a build of it changes the graph."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for f in SAMPLE.iterdir():
        (corpus / f.name).write_bytes(f.read_bytes())
    (corpus / "06_ngoai-giao-kinh-te.txt").write_text(EXTRA, encoding="utf-8")
    return corpus


def persons_by_query_and_stats(out: Path) -> tuple[int, int]:
    q = runner.invoke(app, ["query", "persons", "--graph", str(out), "--format", "json"])
    s = runner.invoke(app, ["stats", "--graph", str(out), "--format", "json"])
    assert q.exit_code == 0 and s.exit_code == 0, q.output + s.output
    return len(json.loads(q.stdout)), json.loads(s.stdout)["counts"]["nodes"]["Person"]


def test_a_rebuild_replaces_the_graph_and_every_command_reads_the_new_one(built, bigger_corpus):
    before = persons_by_query_and_stats(built)
    assert before[0] == before[1]
    r = runner.invoke(app, ["build", str(bigger_corpus), "--out", str(built)])
    assert r.exit_code == 0, r.output
    after = persons_by_query_and_stats(built)
    assert after[0] == after[1] == before[0] + 1
    assert names(built.parent) == [CACHE, "out"] and names(built) == ["build.json", "graph.json", "graph.ttl", "names.tsv", "parts", "store"]


def test_a_full_disk_while_writing_leaves_the_old_graph_byte_identical(built, bigger_corpus, monkeypatch):
    old = snapshot(built)
    counts = persons_by_query_and_stats(built)

    def disk_full(*args, **kwargs):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr("kg.write._concatenate", disk_full)  # the store is written, graph.ttl and graph.json are not
    r = runner.invoke(app, ["build", str(bigger_corpus), "--out", str(built)])
    assert r.exit_code == 1, r.output
    assert r.output.strip().splitlines() == [
        f"Error: cannot write the graph to {built} (No space left on device) — nothing was changed in "
        f"{built}; free some space or choose another --out"]
    assert not changed_files(old, snapshot(built))
    assert names(built.parent) == [CACHE, "out"]
    assert persons_by_query_and_stats(built) == counts


def test_a_crash_while_writing_leaves_the_old_graph_byte_identical(built, bigger_corpus, monkeypatch):
    """A bug in a writer (as the URL crash of issue 11 was) raises; the graph is untouched."""
    old = snapshot(built)

    def bug(graph, out, **kw):
        (out / "graph.json").write_text("half", encoding="utf-8")
        raise ValueError("Invalid IRI code point '<'")

    monkeypatch.setattr("kg.build.write_graph", bug)
    with pytest.raises(ValueError):
        build([bigger_corpus], built)
    assert not changed_files(old, snapshot(built))
    assert names(built.parent) == [CACHE, "out"]


def test_a_folder_that_only_ever_failed_holds_no_graph_for_any_command(tmp_path, bigger_corpus, monkeypatch):
    monkeypatch.setattr("kg.write._concatenate", lambda *a, **k: (_ for _ in ()).throw(OSError(errno.EIO, "I/O error")))
    out = tmp_path / "never"
    r = runner.invoke(app, ["build", str(bigger_corpus), "--out", str(out)])
    assert r.exit_code == 1 and "Error: cannot write the graph" in r.output, r.output
    assert not out.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == [".never.kg-cache", "corpus"]
    for args in (["stats"], ["query", "persons"], ["export", "html", "--out", str(tmp_path / "g.html")]):
        r = runner.invoke(app, [*args, "--graph", str(out)])
        assert r.exit_code == 1 and f"Error: no built graph in {out}" in r.output, (args, r.output)


def test_the_users_own_files_in_the_folder_stay(built, bigger_corpus):
    (built / "notes.md").write_text("ghi chú", encoding="utf-8")
    (built / ".store-old-4242").mkdir()  # left in the folder by a build of kg before staging
    (built / ".graph.ttl.x1y2").write_text("half", encoding="utf-8")
    r = runner.invoke(app, ["build", str(bigger_corpus), "--out", str(built)])
    assert r.exit_code == 0, r.output
    assert names(built) == ["build.json", "graph.json", "graph.ttl", "names.tsv", "notes.md", "parts", "store"]
    assert (built / "notes.md").read_text(encoding="utf-8") == "ghi chú"
    assert json.loads((built / "build.json").read_text(encoding="utf-8"))["articles"] == 6


def test_out_must_be_a_folder(tmp_path):
    (tmp_path / "out").write_text("a file", encoding="utf-8")
    r = runner.invoke(app, ["build", str(SAMPLE), "--out", str(tmp_path / "out")])
    assert r.exit_code == 1 and "is a file, not a folder" in r.output, r.output
    assert (tmp_path / "out").read_text(encoding="utf-8") == "a file"


# ----------------------------------------------------------------------------- killed midway

@pytest.fixture(scope="module")
def large_corpus(tmp_path_factory) -> Path:
    """4,000 generated articles: seconds of extraction, and a graph that takes a while to write."""
    from tests.test_neo4j_faults import write_corpus

    folder = tmp_path_factory.mktemp("large") / "corpus"
    write_corpus(folder, 4000)
    return folder


def _wait_for(predicate, proc, timeout=120.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert proc.poll() is None, f"the build ended before it could be stopped: {proc.communicate()}"
        assert time.monotonic() < deadline, "the build did not get there in time"
        time.sleep(0.002)


def _default_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _staging(parent: Path) -> list[Path]:
    return [p for p in parent.iterdir() if p.name.startswith(".out.kg-build-")]


STOPS = {
    "Ctrl-C while extracting": (signal.SIGINT, "extracting"),
    "Ctrl-C while writing": (signal.SIGINT, "writing"),
    "SIGTERM while writing": (signal.SIGTERM, "writing"),
    "SIGTERM while extracting with 2 jobs": (signal.SIGTERM, "extracting"),
    "SIGKILL while writing": (signal.SIGKILL, "writing"),
    "Ctrl-C to the process group while extracting with 2 jobs": (signal.SIGINT, "extracting"),
}


@pytest.mark.slow
@pytest.mark.parametrize("how", list(STOPS))
def test_a_build_stopped_midway_leaves_the_old_graph_byte_identical(how, built, large_corpus):
    sig, when = STOPS[how]
    old = snapshot(built)
    jobs = "2" if "2 jobs" in how else "1"
    # as from a terminal: Ctrl-C is not ignored, even when the tests run in the background
    # (a shell without job control starts background commands with SIGINT ignored)
    proc = subprocess.Popen([str(KG), "build", str(large_corpus), "--out", str(built), "--jobs", jobs],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, text=True,
                            start_new_session=True, preexec_fn=_default_sigint)
    try:
        if when == "writing":  # the staging folder exists only while the graph is written
            _wait_for(lambda: _staging(built.parent), proc)
        else:
            time.sleep(1.5)  # imports done, articles being read (the whole build takes ~10 s)
            assert proc.poll() is None and not _staging(built.parent), "too late: already writing"
        if "process group" in how:  # what a terminal does: the workers get it too
            os.killpg(proc.pid, sig)
        else:
            proc.send_signal(sig)
        out, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    changed = changed_files(old, snapshot(built))
    assert not changed, f"the graph built before was changed ({changed}); the build said: {err[-1500:]}"
    if sig == signal.SIGKILL:
        assert proc.returncode == -signal.SIGKILL
        left = _staging(built.parent)
        assert len(left) == 1, "nothing can clean up after SIGKILL: its staging folder stays until the next build"
        r = runner.invoke(app, ["build", str(SAMPLE), "--out", str(built)])
        assert r.exit_code == 0, r.output
        assert not left[0].exists()
    else:
        assert proc.returncode == 130, err
        assert f"Interrupted: the build stopped and wrote nothing; {built} is as it was." in err
        assert "Traceback" not in err
    assert names(built.parent) == [CACHE, "out"]
    # no worker of the pool is left behind
    children = subprocess.run(["pgrep", "-P", str(proc.pid)], capture_output=True, text=True).stdout
    assert children.strip() == ""


def test_building_into_the_folder_one_stands_in(tmp_path, monkeypatch):
    """`kg build --out .`: the folder is not swapped from under the shell; the graph's files
    are replaced in it, the user's stay, and nothing else is left."""
    here = tmp_path / "work"
    here.mkdir()
    (here / "notes.md").write_text("ghi chú", encoding="utf-8")
    monkeypatch.chdir(here)
    for _ in range(2):
        r = runner.invoke(app, ["build", str(SAMPLE), "--out", "."])
        assert r.exit_code == 0, r.output
    # the cache of a graph built where one stands goes inside it (kg.cache.default_cache_dir)
    assert names(here) == [".kg-cache", "build.json", "graph.json", "graph.ttl", "names.tsv", "notes.md", "parts", "store"]
    assert names(tmp_path) == ["work"]
    r = runner.invoke(app, ["query", "persons", "--graph", ".", "--format", "json"])
    assert r.exit_code == 0 and json.loads(r.stdout), r.output
