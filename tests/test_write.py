"""The writing stage (kg.write): units written by any number of processes give the same
files, graph.json is ``KnowledgeGraph.to_json()`` byte for byte, graph.ttl and the store
hold the graph's triples, and the query index sits in its own named graph."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

import kg.write
from kg.rdf.graph import triples
from kg.rdf.names import NAMES_FILE
from kg.vocab import INDEX_GRAPH

FILES = ("graph.json", "graph.ttl", NAMES_FILE)


@pytest.fixture(scope="module")
def small_units(seed_graph, tmp_path_factory):
    """The seed graph written with units of 3 nodes, 2 facts and 5 sentences (many units),
    by one process and by three."""
    mp = pytest.MonkeyPatch()
    mp.setattr(kg.write, "UNIT_NODES", 3)
    mp.setattr(kg.write, "UNIT_FACTS", 2)
    mp.setattr(kg.write, "UNIT_MENTIONS", 5)
    out = {}
    try:
        for jobs in (1, 3):
            out[jobs] = tmp_path_factory.mktemp(f"units-j{jobs}")
            kg.write.write_outputs(seed_graph, out[jobs], jobs)
    finally:
        mp.undo()
    return out


def test_graph_json_is_to_json_byte_for_byte(seed_graph, seed_graph_dir, small_units):
    expected = seed_graph.to_json().encode("utf-8")
    assert (seed_graph_dir / "graph.json").read_bytes() == expected
    assert (small_units[1] / "graph.json").read_bytes() == expected


def test_any_number_of_processes_writes_the_same_bytes(seed_graph, small_units):
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(kg.write, "UNIT_NODES", 3)
        assert len(kg.write.make_plan(seed_graph).units) > 10
    for name in FILES:
        assert (small_units[1] / name).read_bytes() == (small_units[3] / name).read_bytes(), name


def _triples(path) -> set[str]:
    return {str(t) for t in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE)}


def test_graph_ttl_and_the_store_hold_the_triples_of_the_model(seed_graph, small_units, seed_graph_dir):
    expected = {str(t) for t in triples(seed_graph)}
    for folder in (seed_graph_dir, small_units[1]):
        assert _triples(folder / "graph.ttl") == expected
        store = ox.Store.read_only(str(folder / "store"))
        default = {str(ox.Triple(q.subject, q.predicate, q.object))
                   for q in store.quads_for_pattern(None, None, None, ox.DefaultGraph())}
        assert default == expected
        graphs = {str(g) for g in store.named_graphs()}
        assert graphs == {f"<{INDEX_GRAPH}>"}, "the query index is the only named graph"
        del store


def test_the_query_index_is_the_same_however_the_graph_is_cut(seed_graph_dir, small_units):
    def index(folder):
        store = ox.Store.read_only(str(folder / "store"))
        return {str(q) for q in store.quads_for_pattern(None, None, None, ox.NamedNode(INDEX_GRAPH))}

    whole = index(seed_graph_dir)
    assert whole and whole == index(small_units[1]) == index(small_units[3])


def test_graph_ttl_starts_with_the_prefixes_once(seed_graph_dir):
    text = (seed_graph_dir / "graph.ttl").read_text(encoding="utf-8")
    head = [line for line in text.splitlines() if line.startswith("@prefix")]
    assert head and text.startswith("\n".join(head)) and text.count("@prefix kg: ") == 1


def test_the_name_index_has_every_entity_with_a_label_in_label_order(seed_graph, seed_graph_dir):
    from kg.rdf.names import NameIndex
    from kg.text import fold

    entities = NameIndex.open(seed_graph_dir).entities()
    expected = sorted(((n.label, n.id) for n in seed_graph.nodes.values() if n.type != "Article"))
    assert [(e.label.decode(), e.id) for e in entities] == expected
    index = NameIndex.open(seed_graph_dir)
    for n in seed_graph.nodes.values():
        if n.type != "Article":
            for name in [n.label, *n.aliases]:
                assert n.id in index.find(fold(name)), (n.id, name)


def test_only_the_graphs_files_are_left(seed_graph_dir, small_units):
    """The parts of the units are removed once concatenated; ``parts/`` keeps what the next
    build reuses."""
    assert sorted(p.name for p in seed_graph_dir.iterdir()) == ["build.json", "graph.json", "graph.ttl", NAMES_FILE,
                                                                 "parts", "store"]
    for folder in small_units.values():
        assert sorted(p.name for p in folder.iterdir()) == ["graph.json", "graph.ttl", NAMES_FILE, "parts", "store"]
        assert sorted(p.name for p in (folder / "parts").iterdir()) == ["index.trig", "items"]


def test_an_unguarded_script_can_build_with_jobs(tmp_path):
    """Workers come from a fork server that does not import the caller's main script: a
    script without ``if __name__ == "__main__":`` builds with --jobs 2 and runs once."""
    import subprocess
    import sys

    from tests.conftest import SEEDS

    if not SEEDS.exists():
        pytest.skip(f"{SEEDS} is absent")
    script = tmp_path / "build_it.py"
    script.write_text("from kg.build import build\n"
                      f"build([{str(SEEDS)!r}], {str(tmp_path / 'out')!r}, jobs=2)\n"
                      "print('built')\n", encoding="utf-8")
    r = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr[-2000:]
    assert r.stdout.splitlines() == ["built"]
    assert (tmp_path / "out" / "graph.ttl").is_file()


def test_kg_rdf_gives_the_writers_names_on_first_use():
    """``kg.rdf`` imports its writer (and rdflib) only when one of its names is asked for."""
    import subprocess
    import sys

    code = ("import sys; import kg.rdf.store; assert 'rdflib' not in sys.modules; "
            "from kg.rdf import borrowed_sources, to_rdf; import kg.rdf; assert kg.rdf.graph.to_rdf is to_rdf; "
            "print('ok')")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert r.stdout.strip() == "ok", r.stderr[-1500:]


def test_kg_query_answers_without_importing_rdflib(seed_graph_dir):
    import subprocess
    import sys

    code = ("import sys; from kg.cli import app; "
            f"sys.argv = ['kg', 'query', 'persons', '-p', 'name=pham', '--graph', {str(seed_graph_dir)!r}, '-f', 'csv']\n"
            "try:\n    app()\nexcept SystemExit:\n    pass\n"
            "print('rdflib' in sys.modules, 'rich' in sys.modules, file=sys.stderr)")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert "Phạm" in r.stdout and r.stderr.strip().splitlines()[-1] == "False False", r.stderr[-1500:]


def test_a_writing_process_that_cannot_start_ends_the_build_with_its_reason(monkeypatch, tmp_path):
    # multiprocessing.Pool replaces a worker whose initializer raises, forever: the build
    # would hang. The initializer keeps the failure and the worker's first unit raises it.
    import kg.engines
    import kg.write
    from kg.errors import EngineError

    def broken():
        raise ImportError("cannot import name '_worker_signals'")

    monkeypatch.setattr(kg.engines, "_worker_signals", broken)
    monkeypatch.setattr(kg.write, "_WORKER", {})
    kg.write._start_worker(lookup=None, parts=tmp_path)
    with pytest.raises(EngineError, match="could not start.*_worker_signals"):
        kg.write.write_unit((0, "rules", ["event"], {}, False))


# ----------------------------------------------------------------------------- writing again


REUSED = FILES + ("parts/index.trig", "parts/items")


def _quads(folder) -> set[str]:
    """Every quad of a graph folder's store: the graph and the query index."""
    store = ox.Store.read_only(str(folder / "store"))
    try:
        return {str(q) for q in store}
    finally:
        del store


def _same(a, b) -> None:
    for name in REUSED:
        assert (a / name).read_bytes() == (b / name).read_bytes(), f"{name} differs between {a} and {b}"
    assert _quads(a) == _quads(b), "the stores differ"


def test_a_graph_written_over_itself_is_copied_whole_and_is_the_same(seed_graph, seed_graph_dir, tmp_path):
    stats: dict = {}
    kg.write.write_outputs(seed_graph, tmp_path / "again", 1, previous=seed_graph_dir, stats=stats)
    assert stats["written"] == 0 and stats["items"] > 100
    _same(tmp_path / "again", seed_graph_dir)


@pytest.mark.parametrize("first, then", [(4, 5), (5, 4)], ids=["an article added", "an article taken out"])
def test_a_build_over_a_graph_writes_what_changed_and_equals_a_build_from_nothing(tmp_path, first, then):
    """Nodes that gain or lose sentences, facts, sentences and an article: only those are
    written; the files are the same bytes and the store holds the same quads as a build
    into an empty folder."""
    import shutil

    from kg.build import build
    from tests.conftest import SAMPLE

    def corpus(n: int):
        folder = tmp_path / f"corpus{n}"
        folder.mkdir()
        for f in sorted(SAMPLE.iterdir())[:n]:
            shutil.copy(f, folder / f.name)
        return folder

    build([corpus(first)], tmp_path / "g", cache=False)
    again = build([corpus(then)], tmp_path / "g", cache=False)
    fresh = build([tmp_path / f"corpus{then}"], tmp_path / "fresh", cache=False)
    assert 0 < again.written < again.items == fresh.items == fresh.written
    _same(tmp_path / "g", tmp_path / "fresh")


@pytest.mark.parametrize("damage", ["garbage", "truncated graph.ttl", "no store"])
def test_a_graph_whose_parts_do_not_match_is_written_whole(seed_graph, seed_graph_dir, tmp_path, damage):
    import shutil

    old = tmp_path / "old"
    shutil.copytree(seed_graph_dir, old)
    if damage == "garbage":
        (old / "parts" / "items").write_bytes(b"not an index")
    elif damage == "truncated graph.ttl":
        with open(old / "graph.ttl", "r+b") as fh:
            fh.truncate(100)
    else:
        shutil.rmtree(old / "store")
    stats: dict = {}
    kg.write.write_outputs(seed_graph, tmp_path / "new", 1, previous=old, stats=stats)
    assert stats["written"] == stats["items"]
    _same(tmp_path / "new", seed_graph_dir)


def test_any_item_change_changes_its_digest_but_not_the_order_a_dict_was_filled_in(seed_graph):
    from kg.rdf.graph import Lookup

    import copy

    plan = kg.write.make_plan(seed_graph, digests=True)
    n = copy.deepcopy(next(x for x in plan.nodes if x.type == "Event" and len(x.props) > 1))
    lookup = Lookup.of(seed_graph, plan.borrowed)
    before = kg.write.node_digest(n, plan.borrowed, lookup)
    n.props = dict(reversed(list(n.props.items())))
    assert kg.write.node_digest(n, plan.borrowed, lookup) == before
    n.label += " x"
    assert kg.write.node_digest(n, plan.borrowed, lookup) != before


def test_a_graph_of_one_article_without_facts_is_written_and_written_again(tmp_path):
    """No fact, no sentence, no rule: nothing to reuse but the article, and that works too."""
    from kg.build import build

    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "weather.txt").write_text("Thời tiết\n\nTrời nắng, gió nhẹ, nhiệt độ từ 24 đến 31 độ.\n",
                                              encoding="utf-8")
    first = build([tmp_path / "c"], tmp_path / "out", cache=False)
    again = build([tmp_path / "c"], tmp_path / "out", cache=False)
    assert first.nodes == {"Article": 1} and (again.items, again.written) == (1, 0)
    assert first.triples == again.triples > 0
