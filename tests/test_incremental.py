"""Incremental builds: the extraction cache and ``kg build --update``.

A build keeps the facts of every article it extracted (kg.cache); the next build extracts
only articles that are new or changed, and the graph is the same bytes as a build without
the cache. Editing the extractor (a rule, a word list) changes its version, and then nothing
of the cache is used. A cache that is damaged, or left by a build killed midway, is never
trusted wrongly.
"""

from __future__ import annotations

import gzip
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.build import build
from kg.cache import DB_NAME, ExtractionCache, code_files, default_cache_dir, extractor_version, reader_version
from kg.cli import app
from tests.conftest import NEWS, ROOT, SAMPLE, needs_shared

FILES = ("graph.ttl", "graph.json", "build.json")
runner = CliRunner()

EXTRA = """Hội nghị Ngoại giao kinh tế lần thứ 9
 date 2024-05-02

Sáng 2/5, tại Hà Nội, Thủ tướng Chính phủ Phạm Minh Chính chủ trì Hội nghị Ngoại giao kinh tế lần thứ 9.
Thứ trưởng Bộ Ngoại giao Nguyễn Minh Hằng dự hội nghị.
"""


def same_bytes(a: Path, b: Path, names=FILES) -> None:
    for name in names:
        assert (a / name).read_bytes() == (b / name).read_bytes(), f"{name} differs between {a} and {b}"


def copy_sample(dest: Path) -> Path:
    shutil.copytree(SAMPLE, dest)
    return dest


def line(i: int, text: str | None = None) -> str:
    """One JSON line: a short article of its own (a numbered conference chaired by one person)."""
    text = text or (f"Sáng 3/5, tại Hà Nội, Bộ trưởng Bộ Ngoại giao Bùi Thanh Sơn chủ trì Hội nghị hợp tác "
                    f"lần thứ {i}. Thứ trưởng Đặng Hoàng Giang dự hội nghị.")
    return json.dumps({"id": f"n{i}", "title": f"Hội nghị hợp tác lần thứ {i}", "date": "2024-05-03", "text": text},
                      ensure_ascii=False) + "\n"


# ----------------------------------------------------------------------------- the cache


def test_a_second_build_extracts_nothing_and_writes_the_same_bytes(tmp_path):
    first = build([SAMPLE], tmp_path / "out")
    assert (first.extracted, first.reused) == (5, 0)
    assert (tmp_path / ".out.kg-cache" / DB_NAME).is_file()  # beside the output, never inside it
    again = build([SAMPLE], tmp_path / "out2", cache=tmp_path / ".out.kg-cache")
    assert (again.extracted, again.reused) == (0, 5)
    without = build([SAMPLE], tmp_path / "plain", cache=False)
    assert (without.extracted, without.reused) == (5, 0)
    same_bytes(tmp_path / "out", tmp_path / "out2")
    same_bytes(tmp_path / "out", tmp_path / "plain")
    assert not (tmp_path / ".plain.kg-cache").exists()


def test_the_cli_says_what_it_extracted_and_no_cache_keeps_none(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    r = runner.invoke(app, ["build", str(SAMPLE), "--out", "g"])
    assert r.exit_code == 0, r.output
    assert "extracted 5 articles, 0 from the cache." in r.output
    r = runner.invoke(app, ["build", str(SAMPLE), "--out", "g"])
    assert "extracted 0 articles, 5 from the cache." in r.output
    r = runner.invoke(app, ["build", str(SAMPLE), "--out", "h", "--no-cache"])
    assert r.exit_code == 0 and "from the cache" not in r.output
    assert sorted(p.name for p in tmp_path.iterdir()) == [".g.kg-cache", "g", "h"]


def test_a_changed_article_and_a_new_one_are_the_only_ones_extracted(tmp_path):
    corpus = copy_sample(tmp_path / "corpus")
    build([corpus], tmp_path / "out")
    page = sorted(corpus.iterdir())[2]
    page.write_text(page.read_text(encoding="utf-8").replace("Hội đồng Nhân quyền", "Hội đồng Bảo an", 1),
                    encoding="utf-8")
    (corpus / "06_ngoai-giao-kinh-te.txt").write_text(EXTRA, encoding="utf-8")
    s = build([corpus], tmp_path / "out")
    assert (s.extracted, s.reused) == (2, 4)
    build([corpus], tmp_path / "clean", cache=False)
    same_bytes(tmp_path / "out", tmp_path / "clean")


def test_lines_added_to_a_json_lines_file_are_the_only_ones_read_and_extracted(tmp_path):
    feed = tmp_path / "feed.jsonl"
    feed.write_text("".join(line(i) for i in range(120)), encoding="utf-8")
    assert build([feed], tmp_path / "out").extracted == 120
    with open(feed, "a", encoding="utf-8") as fh:
        fh.write("".join(line(i) for i in range(120, 130)))
    s = build([feed], tmp_path / "out")
    assert (s.extracted, s.reused) == (10, 120)
    build([feed], tmp_path / "clean", cache=False)
    same_bytes(tmp_path / "out", tmp_path / "clean")


def test_repeated_ids_and_texts_are_read_as_without_a_cache(tmp_path):
    """A repeated id is renamed ``ID-<hash>`` when an earlier article has it; a cache made
    when the article came first holds its facts under the plain id, and is not used for it."""
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "b.jsonl").write_text(line(1) + line(2, "Chiều 4/5, Thủ tướng Phạm Minh Chính chủ trì "
                                                                 "Hội nghị Ngoại giao lần thứ 32.")
                                            + line(3), encoding="utf-8")
    cache = tmp_path / "cache"
    build([tmp_path / "b"], tmp_path / "first", cache=cache)
    (tmp_path / "a").mkdir()  # read before b: its n2 comes first, b's n2 becomes n2-<hash>
    (tmp_path / "a" / "a.jsonl").write_text(line(2) + line(3), encoding="utf-8")  # a's n3 repeats b's n3 word for word
    s = build([tmp_path / "a", tmp_path / "b"], tmp_path / "out", cache=cache)
    clean = build([tmp_path / "a", tmp_path / "b"], tmp_path / "clean", cache=False)
    same_bytes(tmp_path / "out", tmp_path / "clean")
    assert [r for _, r in s.duplicates] == [r for _, r in clean.duplicates] == ["duplicate of n3"]
    graph = json.loads((tmp_path / "out" / "graph.json").read_text(encoding="utf-8"))
    ids = {n["props"].get("article_id") for n in graph["nodes"] if n["type"] == "Article"}
    renamed = [i for i in ids if i.startswith("n2-")]
    assert len(renamed) == 1 and {"n1", "n2", "n3"} <= ids
    # a's n2 and n3 (new there) and b's n2 under its new id; b's n1 came from the cache
    assert (s.extracted, s.reused) == (3, 1)


def test_parts_of_a_file_are_read_as_the_whole_file_including_a_damaged_end(tmp_path, monkeypatch):
    """Small parts (5 lines) of a gzip file cut short: the same articles, the same reason for
    the cut, told once, as with parts of 1,000 lines."""
    data = gzip.compress("".join(line(i) for i in range(23)).encode("utf-8"))
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "cut.jsonl.gz").write_bytes(data[:len(data) * 2 // 3])
    (tmp_path / "c" / "whole.jsonl").write_text("".join(line(i) for i in range(30, 47)) + "{not json\n",
                                                encoding="utf-8")
    big = build([tmp_path / "c"], tmp_path / "big", cache=False)
    monkeypatch.setattr("kg.engines.BLOCK_LINES", 1)
    monkeypatch.setattr("kg.engines.PART_LINES", 5)
    small = build([tmp_path / "c"], tmp_path / "small", cache=tmp_path / "cache")
    again = build([tmp_path / "c"], tmp_path / "again", cache=tmp_path / "cache")
    assert small.skipped == big.skipped == again.skipped
    reasons = [r for _, r in big.skipped]
    assert len(reasons) == 2 and reasons[0].startswith("damaged gzip file after line") \
        and reasons[1].startswith("malformed JSON line")
    assert again.extracted == 0
    same_bytes(tmp_path / "big", tmp_path / "small")
    same_bytes(tmp_path / "big", tmp_path / "again")


def test_pages_go_into_parts_whose_bounds_depend_on_their_names(tmp_path, monkeypatch):
    """Adding a page re-reads its own part only: the other parts' manifests are found."""
    from kg.engines import MapStats, extract_articles

    monkeypatch.setattr("kg.engines.PART_FILES", 4)
    corpus = tmp_path / "pages"
    corpus.mkdir()
    for i in range(40):
        (corpus / f"p{i:03d}.txt").write_text(f"Hội nghị hợp tác lần thứ {i}\n date 2024-05-03\n\n"
                                              f"Sáng 3/5, Bộ trưởng Bùi Thanh Sơn chủ trì Hội nghị hợp tác lần thứ {i}.\n",
                                              encoding="utf-8")
    cache = ExtractionCache.open(tmp_path / "cache")
    first = MapStats()
    assert len(list(extract_articles([corpus], cache=cache, stats=first))) == 40
    (corpus / "p020b.txt").write_text((corpus / "p020.txt").read_text(encoding="utf-8").replace("thứ 20", "thứ 200"),
                                      encoding="utf-8")
    second = MapStats()
    assert len(list(extract_articles([corpus], cache=cache, stats=second))) == 41
    cache.close()
    assert first.parts > 3 and second.parts in (first.parts, first.parts + 1)
    # the new page's part is read (two, when the new page starts a part of its own)
    assert second.parts_read == 1 + second.parts - first.parts
    assert (second.extracted, second.reused) == (1, 40)


# ----------------------------------------------------------------------------- --update


def test_update_adds_inputs_and_equals_a_clean_build_of_all(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    copy_sample(tmp_path / "old")
    (tmp_path / "new").mkdir()
    (tmp_path / "new" / "06.txt").write_text(EXTRA, encoding="utf-8")
    r = runner.invoke(app, ["build", "old", "--out", "g"])
    assert r.exit_code == 0, r.output
    r = runner.invoke(app, ["build", "new", "--update", "--out", "g"])
    assert r.exit_code == 0, r.output
    assert "6 articles read" in r.output and "extracted 1 articles, 5 from the cache." in r.output
    r = runner.invoke(app, ["build", "new", "old", "--out", "clean", "--no-cache"])
    assert r.exit_code == 0, r.output
    same_bytes(tmp_path / "g", tmp_path / "clean")
    recorded = json.loads((tmp_path / "g" / "build.json").read_text(encoding="utf-8"))["inputs"]
    assert recorded == [str(tmp_path / "new"), str(tmp_path / "old")]
    r = runner.invoke(app, ["build", "--update", "--out", "g"])  # nothing new: the same graph again
    assert r.exit_code == 0 and "extracted 0 articles, 6 from the cache." in r.output, r.output
    same_bytes(tmp_path / "g", tmp_path / "clean")


def test_update_without_a_graph_says_to_build_first(tmp_path):
    r = runner.invoke(app, ["build", str(SAMPLE), "--update", "--out", str(tmp_path / "none")])
    assert r.exit_code == 1
    assert r.output.strip() == f"Error: --update: there is no graph in {tmp_path / 'none'} to add to — " \
                               "build it first without --update"


def test_update_of_a_graph_whose_build_json_lists_no_inputs(tmp_path):
    build([SAMPLE], tmp_path / "g")
    summary = json.loads((tmp_path / "g" / "build.json").read_text(encoding="utf-8"))
    del summary["inputs"]  # as kg wrote it before --update existed
    (tmp_path / "g" / "build.json").write_text(json.dumps(summary), encoding="utf-8")
    r = runner.invoke(app, ["build", str(SAMPLE), "--update", "--out", str(tmp_path / "g")])
    assert r.exit_code == 1 and "does not list the inputs of the graph" in r.output, r.output
    assert "build it again with all its inputs, without --update" in r.output


def test_update_with_an_input_that_is_gone(tmp_path):
    corpus = copy_sample(tmp_path / "corpus")
    build([corpus], tmp_path / "g")
    shutil.rmtree(corpus)
    r = runner.invoke(app, ["build", "--update", "--out", str(tmp_path / "g")])
    assert r.exit_code == 1 and f"Error: no such file or folder: {corpus}" in r.output, r.output


# ----------------------------------------------------------------------------- the extractor's version


def _package_copy(dest: Path) -> Path:
    """The kg package (and the files it ships beside it) copied into ``dest``: importable there."""
    shutil.copytree(ROOT / "kg", dest / "kg", ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("schema.ttl", "shapes.ttl", "queries"):
        src = ROOT / name
        (shutil.copytree if src.is_dir() else shutil.copy)(src, dest / name)
    return dest / "kg"


def test_the_version_follows_the_code_and_words_of_extraction_and_nothing_else(tmp_path):
    pkg = _package_copy(tmp_path)
    base = extractor_version(pkg)
    assert base == extractor_version() and reader_version(pkg) == reader_version()  # same bytes, same version
    (pkg / "export" / "html.py").write_text("# not extraction\n", encoding="utf-8")
    extractor_version.cache_clear()
    assert extractor_version(pkg) == base
    words = pkg / "extract" / "words" / "titles.toml"
    words.write_text(words.read_text(encoding="utf-8") + "\n# one more line\n", encoding="utf-8")
    extractor_version.cache_clear()
    touched = extractor_version(pkg)
    assert touched != base
    (pkg / "text.py").write_text((pkg / "text.py").read_text(encoding="utf-8") + "\n", encoding="utf-8")
    extractor_version.cache_clear()
    assert extractor_version(pkg) not in (base, touched)
    extractor_version.cache_clear()


def test_the_version_covers_every_module_extraction_imports():
    """The files hashed are those Python loads for ``import kg.extract`` (read from a fresh
    interpreter), and the word lists."""
    code = ("import sys, kg.extract; print('\\n'.join(sorted(m.__file__ for n, m in sys.modules.items() "
            "if n == 'kg' or n.startswith('kg.'))))")
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                            cwd=ROOT).stdout.split()
    hashed = {str(p) for p in code_files("kg.extract")}
    assert set(loaded) <= hashed, set(loaded) - hashed
    assert {p for p in hashed if p.endswith(".py")} == set(loaded)
    assert {Path(p).name for p in hashed if p.endswith(".toml")} == \
        {p.name for p in (ROOT / "kg" / "extract" / "words").glob("*.toml")}


def _kg(pkg_root: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(pkg_root)}
    return subprocess.run([sys.executable, "-m", "kg", *args], capture_output=True, text=True, cwd=cwd, env=env,
                          timeout=300)


def test_touching_a_word_list_makes_the_next_build_extract_everything(tmp_path):
    """End to end, with a copy of kg: the same cache serves the copy as it is, and serves
    nothing once a word list of the copy has one more line."""
    pkg = _package_copy(tmp_path / "pkg")
    cache = tmp_path / "cache"
    args = ("build", str(SAMPLE), "--out", str(tmp_path / "out"), "--cache", str(cache))
    r = _kg(tmp_path / "pkg", *args, cwd=tmp_path)
    assert r.returncode == 0 and "extracted 5 articles, 0 from the cache." in r.stderr, r.stderr
    r = _kg(tmp_path / "pkg", *args, cwd=tmp_path)
    assert "extracted 0 articles, 5 from the cache." in r.stderr, r.stderr
    words = pkg / "extract" / "words" / "events.toml"
    words.write_text(words.read_text(encoding="utf-8") + "\n# a comment is a change too\n", encoding="utf-8")
    r = _kg(tmp_path / "pkg", *args, cwd=tmp_path)
    assert r.returncode == 0 and "extracted 5 articles, 0 from the cache." in r.stderr, r.stderr


# ----------------------------------------------------------------------------- damage, kills, sharing


def test_a_cache_file_that_is_not_a_cache_is_replaced(tmp_path):
    build([SAMPLE], tmp_path / "out", cache=tmp_path / "cache")
    (tmp_path / "cache" / DB_NAME).write_bytes(b"not a database at all" * 100)
    for p in (tmp_path / "cache").glob(DB_NAME + "-*"):
        p.unlink()
    s = build([SAMPLE], tmp_path / "out2", cache=tmp_path / "cache")
    assert s.extracted == 5
    assert build([SAMPLE], tmp_path / "out3", cache=tmp_path / "cache").extracted == 0
    same_bytes(tmp_path / "out", tmp_path / "out2")


def test_a_damaged_record_is_extracted_again(tmp_path):
    build([SAMPLE], tmp_path / "out", cache=tmp_path / "cache")
    db = sqlite3.connect(tmp_path / "cache" / DB_NAME)
    with db:  # two records that are not zlib streams any more
        n = db.execute("UPDATE records SET data = X'789c0000' WHERE key IN (SELECT key FROM records LIMIT 2)").rowcount
    db.close()
    assert n == 2
    s = build([SAMPLE], tmp_path / "out2", cache=tmp_path / "cache")
    assert (s.extracted, s.reused) == (2, 3)
    same_bytes(tmp_path / "out", tmp_path / "out2")


def test_entries_no_build_used_lately_are_evicted(tmp_path):
    corpus = copy_sample(tmp_path / "corpus")
    (tmp_path / "extra").mkdir()
    (tmp_path / "extra" / "06.txt").write_text(EXTRA, encoding="utf-8")
    cache = tmp_path / "cache"
    build([corpus, tmp_path / "extra"], tmp_path / "out", cache=cache)
    with ExtractionCache.open(cache) as c:
        assert c.stats()["records"] == 6
    for i in range(3):  # the extra article is unused by three builds in a row
        build([corpus], tmp_path / "out", cache=cache)
        with ExtractionCache.open(cache) as c:
            assert c.stats()["records"] == (6 if i < 2 else 5), i
    s = build([corpus, tmp_path / "extra"], tmp_path / "out", cache=cache)
    assert (s.extracted, s.reused) == (1, 5)


def test_a_build_killed_midway_leaves_a_cache_the_next_build_uses_rightly(tmp_path):
    """SIGKILL during extraction: what was committed is used, the rest extracted, and the
    graph is that of a build without a cache."""
    from tests.test_neo4j_faults import write_corpus

    corpus = tmp_path / "corpus"
    write_corpus(corpus, 1500)
    cache = tmp_path / "cache"
    code = ("import sys, kg.engines as e; e.PART_FILES = 20; from kg.build import build; "
            f"build([{str(corpus)!r}], {str(tmp_path / 'out')!r}, cache={str(cache)!r})")
    proc = subprocess.Popen([sys.executable, "-c", code], cwd=ROOT, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 120
        while True:
            assert proc.poll() is None, "the build ended before it could be killed"
            assert time.monotonic() < deadline
            try:
                db = sqlite3.connect(f"file:{cache / DB_NAME}?mode=ro", uri=True)
                n = db.execute("SELECT count(*) FROM records").fetchone()[0]
                db.close()
            except sqlite3.Error:
                n = 0
            if n >= 100:
                break
            time.sleep(0.05)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == -signal.SIGKILL
    assert not (tmp_path / "out").exists()
    s = build([corpus], tmp_path / "out", cache=cache)
    assert s.reused >= 100 and s.extracted + s.reused == 1500
    build([corpus], tmp_path / "clean", cache=False)
    same_bytes(tmp_path / "out", tmp_path / "clean")


def test_two_builds_sharing_a_cache_at_once(tmp_path):
    corpus = copy_sample(tmp_path / "corpus")
    for i in range(6, 30):
        (corpus / f"{i:02d}.txt").write_text(EXTRA.replace("lần thứ 9", f"lần thứ {i}"), encoding="utf-8")
    cmds = [[sys.executable, "-m", "kg", "build", str(corpus), "--out", str(tmp_path / f"out{i}"), "--cache",
             str(tmp_path / "cache"), "--jobs", "2"] for i in (1, 2)]
    procs = [subprocess.Popen(c, cwd=tmp_path, stderr=subprocess.PIPE, text=True) for c in cmds]
    errs = [p.communicate(timeout=300)[1] for p in procs]
    assert [p.returncode for p in procs] == [0, 0], errs
    same_bytes(tmp_path / "out1", tmp_path / "out2")
    assert build([corpus], tmp_path / "out3", cache=tmp_path / "cache").extracted == 0


def test_the_default_cache_sits_beside_the_output(tmp_path, monkeypatch):
    assert default_cache_dir(tmp_path / "g") == tmp_path / ".g.kg-cache"
    (tmp_path / "here").mkdir()
    monkeypatch.chdir(tmp_path / "here")
    assert default_cache_dir(Path(".")) == Path(".") / ".kg-cache"  # --out . : inside
    assert default_cache_dir(Path("sub")) == Path(".sub.kg-cache")


def test_a_cache_folder_that_cannot_be_made_is_one_error_line(tmp_path):
    (tmp_path / "file").write_text("x", encoding="utf-8")
    r = runner.invoke(app, ["build", str(SAMPLE), "--out", str(tmp_path / "g"), "--cache", str(tmp_path / "file" / "c")])
    assert r.exit_code == 1 and r.output.startswith(f"Error: cannot make the cache folder {tmp_path / 'file' / 'c'}")
    assert "--no-cache" in r.output and "Traceback" not in r.output


@needs_shared(NEWS)
@pytest.mark.slow
def test_a_news_file_rebuilt_from_the_cache_is_byte_identical(tmp_path):
    news = NEWS / "crawl-news-2026.jsonl.gz"
    first = build([news], tmp_path / "out", jobs=2)
    second = build([news], tmp_path / "out", jobs=2)
    assert second.extracted == 0 and second.reused == first.extracted == first.articles
    build([news], tmp_path / "clean", cache=False)
    same_bytes(tmp_path / "out", tmp_path / "clean")


@needs_shared(NEWS)
@pytest.mark.slow
def test_an_update_of_a_news_graph_writes_what_changed_and_equals_a_clean_build(tmp_path):
    """One article in ten of a news file comes later: the update writes a small part of the
    graph, and its files and store are those of a clean build of the whole file."""
    import pyoxigraph as ox

    lines = gzip.open(NEWS / "crawl-news-2026.jsonl.gz", "rt", encoding="utf-8").read().splitlines(keepends=True)
    (tmp_path / "old").mkdir()
    (tmp_path / "new").mkdir()
    (tmp_path / "old" / "news.jsonl").write_text("".join(x for i, x in enumerate(lines) if i % 10 != 3), encoding="utf-8")
    (tmp_path / "new" / "later.jsonl").write_text("".join(x for i, x in enumerate(lines) if i % 10 == 3), encoding="utf-8")
    build([tmp_path / "old"], tmp_path / "g", jobs=2)
    update = build([tmp_path / "new"], tmp_path / "g", jobs=2, update=True)
    clean = build([tmp_path / "old", tmp_path / "new"], tmp_path / "clean", cache=False)
    assert update.written < update.items / 5, (update.written, update.items)
    same_bytes(tmp_path / "g", tmp_path / "clean", FILES + ("names.tsv", "parts/index.trig", "parts/items"))

    def quads(folder):
        store = ox.Store.read_only(str(folder / "store"))
        try:
            return {str(q) for q in store}
        finally:
            del store

    assert quads(tmp_path / "g") == quads(tmp_path / "clean")
