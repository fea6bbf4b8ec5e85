"""``kg build``: read → extract (per article, in parallel; see :mod:`kg.engines`) → resolve → write.

The output folder holds:

* ``graph.ttl``  — the RDF graph (Turtle, terms from ``schema.ttl``);
* ``store/``     — the embedded SPARQL store ``kg query`` opens;
* ``graph.json`` — the resolved graph for Neo4j loading, HTML export and analytics;
* ``names.tsv``  — the name index ``kg query`` reads beside the store (:mod:`kg.rdf.names`);
* ``parts/``     — what the next build into the folder reuses: the query index as TriG and
  each item's digest and place in the files (:mod:`kg.write`);
* ``build.json`` — the summary: articles read, skipped (with reasons), duplicates, counts.

Writing is parallel too (:mod:`kg.write`): with ``--jobs N`` the resolved graph is written
by N processes, unit by unit, and the parent only bulk-loads and concatenates.

A build never damages the graph it replaces: everything is written into a staging folder
beside ``out`` (``.NAME.kg-build-PID-…``) and switched in as a whole once complete — in one
atomic exchange of the two folders where the system has it (Linux ``renameat2``). On any
failure, Ctrl-C included, the staging folder is removed and ``out`` is as it was; one left
by a killed build is removed by the next build into the same folder.
"""

from __future__ import annotations

import ctypes
import errno
import json
import os
import re
import secrets
import shutil
import signal
import time
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator, Literal

from kg.errors import InputError, KGError
from kg.model import KnowledgeGraph
from kg.read import Skipped
from kg.resolve import Resolver

SAMPLE_CORPUS = Path(__file__).resolve().parent / "sample" / "corpus"
GRAPH_JSON, GRAPH_TTL, BUILD_JSON = "graph.json", "graph.ttl", "build.json"
NAMES_TSV = "names.tsv"  # kg.rdf.names.NAMES_FILE: the name index kg query reads beside the store


@dataclass
class BuildSummary:
    out: Path
    articles: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)
    duplicates: list[tuple[str, str]] = field(default_factory=list)
    nodes: dict[str, int] = field(default_factory=dict)
    facts: dict[str, int] = field(default_factory=dict)
    triples: int = 0
    characters: int = 0
    inputs: list[str] = field(default_factory=list)  # absolute, sorted: what --update adds to
    extracted: int = 0  # articles extracted by this build (the others came from the cache);
    reused: int = 0  # not in build.json, which is the same whatever the cache held
    seconds: dict[str, float] = field(default_factory=dict)  # per stage (nor is this)
    items: int = 0  # items of the graph (nodes, facts, sentences, rules; see kg.write) …
    written: int = 0  # … and those written, not copied from the graph in out (nor these)

    def to_dict(self) -> dict:
        return {"inputs": self.inputs, "articles": self.articles, "characters": self.characters,
                "skipped": [{"source": s, "reason": r} for s, r in self.skipped],
                "duplicates": [{"source": s, "reason": r} for s, r in self.duplicates],
                "nodes": self.nodes, "facts": self.facts, "triples": self.triples}


def build(inputs: Iterable[str | Path] | None, out: str | Path, *, jobs: int = 1,
          progress: Callable[[int, int], None] | None = None, engine: str = "local",
          scheduler: str | None = None, cache: str | Path | Literal[False] | None = None,
          update: bool = False) -> BuildSummary:
    """Build the graph of ``inputs`` (default: the bundled sample corpus) into ``out``.

    Extraction runs on ``engine`` (``local``: ``jobs`` processes; ``dask``: a LocalCluster of
    ``jobs`` workers, or the cluster at ``scheduler``; see :mod:`kg.engines`). ``cache`` is the
    folder of the extraction cache (None: beside ``out``, see :func:`kg.cache.default_cache_dir`;
    False: no cache): only articles it lacks are extracted, and the graph is the same bytes.
    ``update`` adds ``inputs`` to those of the graph built in ``out`` before (``build.json``
    records them), so the graph is that of the old inputs and the new.

    Bad inputs are reported in the summary and skipped; the rest is built. Raises
    :class:`~kg.errors.InputError` when an input path does not exist, or when no article
    at all could be read (then nothing is written: a built graph is never emptied).
    """
    with _few_collections():
        return _build(inputs, Path(out), jobs, progress, engine, scheduler, cache, update)


@contextmanager
def _few_collections():
    """Python's cyclic garbage collector, run rarely. A build makes millions of objects (the
    facts of every article, then the graph) that live to its end and hold no reference
    cycles to speak of; at the default thresholds the collector walks them again and again,
    which took half the time of resolving 38,000 articles. Nothing is lost: the collector
    still runs, after every 100,000 new objects instead of 700."""
    import gc

    before = gc.get_threshold()
    gc.set_threshold(100_000, 50, 100)
    try:
        yield
    finally:
        gc.set_threshold(*before)


def _build(inputs, out: Path, jobs: int, progress, engine: str, scheduler, cache, update: bool) -> BuildSummary:
    from kg.engines import Extracted, MapStats, extract_articles

    inputs = _inputs(inputs, out, update)
    summary = BuildSummary(out, inputs=inputs)
    stats = MapStats()
    store = _open_cache(out, cache)
    resolver = Resolver()
    t0 = time.perf_counter()
    try:
        if store is not None:
            store.begin_build()
        for item in extract_articles(inputs, engine=engine, jobs=jobs, scheduler=scheduler, cache=store,
                                     stats=stats):
            if isinstance(item, Skipped):
                if item.reason.startswith("duplicate of"):
                    summary.duplicates.append((item.source, item.reason))
                else:
                    summary.skipped.append((item.source, item.reason))
                continue
            assert isinstance(item, Extracted)
            summary.articles += 1
            summary.characters += item.characters
            resolver.add(item.facts)
            if progress:
                progress(summary.articles, summary.articles)
        summary.extracted, summary.reused = stats.extracted, stats.reused
        if not summary.articles:  # never replace a built graph with an empty one
            shown = "; ".join(f"{s}: {r}" for s, r in summary.skipped[:3])
            more = f"; and {len(summary.skipped) - 3} more" if len(summary.skipped) > 3 else ""
            raise InputError(f"no article could be read ({shown}{more})",
                             f"fix or convert these files; nothing was written to {out}")
        t1 = time.perf_counter()
        graph = resolver.graph()
        del resolver  # the graph holds what is written; the resolver's own tables go before writing
        t2 = time.perf_counter()
        summary.nodes = dict(sorted(Counter(n.type for n in graph.nodes.values()).items()))
        summary.facts = dict(sorted(Counter(f.type for f in graph.facts.values()).items()))
        with staging(out) as stage:
            written: dict[str, int] = {}
            summary.triples = write_graph(graph, stage, jobs=jobs, previous=out, stats=written)
            summary.items, summary.written = written["items"], written["written"]
            (stage / BUILD_JSON).write_text(json.dumps(summary.to_dict(), ensure_ascii=False, indent=1) + "\n",
                                            encoding="utf-8")
        t3 = time.perf_counter()
        if store is not None:
            store.finish_build()
        summary.seconds = {"extraction": t1 - t0, "resolution": t2 - t1, "writing": t3 - t2,
                           "cache": time.perf_counter() - t3}
    finally:
        if store is not None:
            store.close()
    return summary


def _inputs(inputs: Iterable[str | Path] | None, out: Path, update: bool) -> list[str]:
    """The inputs of a build as ``build.json`` records them: absolute, sorted, each once; with
    ``update``, those of the graph in ``out`` as well."""
    given = [os.path.abspath(os.fspath(i)) for i in (inputs or [])]
    if update:
        path = out / BUILD_JSON
        try:
            before = json.loads(path.read_text(encoding="utf-8"))["inputs"]
        except FileNotFoundError:
            raise InputError(f"--update: there is no graph in {out} to add to",
                             "build it first without --update") from None
        except (OSError, ValueError, KeyError, TypeError):
            raise InputError(f"--update: {path} does not list the inputs of the graph (built by an older kg?)",
                             "build it again with all its inputs, without --update") from None
        given += [str(i) for i in before]
    return sorted(set(given)) or [str(SAMPLE_CORPUS)]


def _open_cache(out: Path, cache):
    if cache is False:
        return None
    from kg.cache import ExtractionCache, default_cache_dir

    return ExtractionCache.open(default_cache_dir(out) if cache is None else Path(cache))


def write_graph(graph: KnowledgeGraph, out: Path, jobs: int = 1, previous: Path | None = None,
                stats: dict | None = None) -> int:
    """Write ``graph.json``, ``graph.ttl``, the store, its name index and ``parts/`` into the
    new folder ``out``, with ``jobs`` processes (the same bytes whatever their number);
    returns the number of triples. :func:`build` calls it on a staging folder (see
    :func:`staging`), with the folder it replaces as ``previous``: what that graph holds
    already is copied, not written again (:mod:`kg.write`), and the bytes are the same.
    ``stats`` (a dict) gets the number of ``items`` and of those ``written``."""
    from kg.write import write_outputs

    return write_outputs(graph, out, jobs, previous=previous if previous is not None and previous.is_dir() else None,
                         stats=stats)


# ----------------------------------------------------------------------------- staging

# What a build writes into its folder; anything else there belongs to the user. The dotted
# names are the leftovers of builds of kg before staging (half-written stores and files).
GRAPH_ENTRIES = (GRAPH_JSON, GRAPH_TTL, BUILD_JSON, "store", NAMES_TSV, "parts")
_LEFTOVER = re.compile(r"^\.(store-.*|graph\.(ttl|json)\..*)$")


def _stage_prefix(out: Path) -> str:
    return f".{out.name or 'graph'}.kg-build-"


@contextmanager
def staging(out: str | Path) -> Iterator[Path]:
    """``with staging(out) as stage:`` write a graph into ``stage``; it becomes ``out`` when
    the block ends without error, and is removed (``out`` untouched) when it raises.

    ``stage`` is a new folder beside ``out`` (same file system, so switching is a rename).
    When ``out`` holds only what a build writes, the two folders are exchanged in one atomic
    step (``renameat2(RENAME_EXCHANGE)``; two renames where the system lacks it), so a reader
    sees the old graph or the new one, never a mix. When ``out`` also holds files of the
    user's (an exported page, notes), those stay and the graph's files are replaced one by
    one, with Ctrl-C and termination held back until the last is in place. Staging folders
    left by builds that were killed (their process is gone) are removed first.
    """
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise KGError(f"{out} is a file, not a folder", "give --out a folder name")
    # a folder we stand in (--out .) is never swapped: the stage goes inside it, and the
    # graph's files are replaced one by one
    here = out.exists() and Path.cwd().resolve().is_relative_to(out.resolve())
    parent = out if here else out.parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        remove_stale_stages(out, parent)
        stage = parent / f"{_stage_prefix(out)}{os.getpid()}-{secrets.token_hex(4)}"
        os.mkdir(stage)  # mode 0777 less the umask, like any folder the user makes
    except OSError as e:
        raise KGError(f"cannot write the graph next to {out} ({e.strerror or e})",
                      "check that the folder is writable, or choose another --out") from None
    try:
        try:
            yield stage
            with _signals_held():
                _switch_in(stage, out, whole=not here)
        except OSError as e:  # a full disk, a read-only folder …
            raise KGError(f"cannot write the graph to {out} ({e.strerror or e})",
                          f"nothing was changed in {out}; free some space or choose another --out") from e
    finally:
        if stage.exists():
            shutil.rmtree(stage, ignore_errors=True)


def remove_stale_stages(out: Path, parent: Path | None = None) -> list[Path]:
    """Remove the staging folders of builds of ``out`` (in ``parent``, by default the folder
    holding ``out``) whose process is gone; returns them."""
    parent = parent or out.parent
    removed = []
    prefix = _stage_prefix(out)
    try:
        entries = list(parent.iterdir())
    except OSError:
        return removed
    for p in entries:
        if not p.name.startswith(prefix):
            continue
        pid = p.name[len(prefix):].split("-", 1)[0]
        if pid.isdigit() and int(pid) != os.getpid() and not _alive(int(pid)):
            shutil.rmtree(p, ignore_errors=True)
            removed.append(p)
    return removed


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _is_graph_folder(path: Path) -> bool:
    """``path`` holds nothing but what a build writes (or nothing at all)."""
    return all(p.name in GRAPH_ENTRIES or _LEFTOVER.match(p.name) for p in path.iterdir())


def _switch_in(stage: Path, out: Path, whole: bool = True) -> None:
    """Make the complete graph in ``stage`` the graph of ``out``: the whole folder when
    ``whole`` and ``out`` holds only a graph, else its entries one by one."""
    if not out.exists():
        os.rename(stage, out)
        return
    if whole and _is_graph_folder(out):
        if _exchange(stage, out):  # now stage holds the old graph
            shutil.rmtree(stage, ignore_errors=True)
            return
        old = out.parent / f"{_stage_prefix(out)}{os.getpid()}-old-{secrets.token_hex(4)}"
        os.rename(out, old)
        try:
            os.rename(stage, out)
        except BaseException:
            os.rename(old, out)
            raise
        shutil.rmtree(old, ignore_errors=True)
        return
    # the user's files stay: replace the graph's entries one by one, the store last but one
    for p in list(out.iterdir()):
        if _LEFTOVER.match(p.name):
            shutil.rmtree(p, ignore_errors=True) if p.is_dir() else p.unlink(missing_ok=True)
    for name in (GRAPH_JSON, GRAPH_TTL, NAMES_TSV, "parts", "store", BUILD_JSON):
        src, dst = stage / name, out / name
        if src.is_dir() and dst.is_dir():
            old = stage / (".old-" + name)
            os.rename(dst, old)
        os.replace(src, dst)


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(a: Path, b: Path) -> bool:
    """Swap two folders atomically (Linux ``renameat2``); False where that is not available."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP, errno.ENOTSUP):
        return False  # an old kernel, or a file system without exchange
    raise OSError(code, os.strerror(code), str(b))


@contextmanager
def _signals_held():
    """Ctrl-C and SIGTERM wait until the block is done (the main thread only)."""
    import threading

    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[int] = []
    wanted = [signal.SIGINT, signal.SIGTERM] + ([signal.SIGHUP] if hasattr(signal, "SIGHUP") else [])
    before = {s: signal.signal(s, lambda n, f: caught.append(n)) for s in wanted}
    try:
        yield
    finally:
        for s, h in before.items():
            signal.signal(s, h)
        if caught:
            signal.raise_signal(caught[0])


@contextmanager
def interrupt_on_signals():
    """SIGTERM and SIGHUP end the block as Ctrl-C does (``KeyboardInterrupt``), so that the
    clean-up of :func:`staging` and the worker pool runs; for the ``kg build`` command."""
    import threading

    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def interrupt(signum, frame):
        raise KeyboardInterrupt(signal.Signals(signum).name)

    wanted = [signal.SIGTERM] + ([signal.SIGHUP] if hasattr(signal, "SIGHUP") else [])
    before = {s: signal.signal(s, interrupt) for s in wanted}
    try:
        yield
    finally:
        for s, h in before.items():
            signal.signal(s, h)


def load_graph(graph_dir: str | Path) -> KnowledgeGraph:
    """The resolved graph of a built folder."""
    from kg.errors import GraphNotFoundError

    path = Path(graph_dir) / GRAPH_JSON
    if not path.is_file():
        raise GraphNotFoundError(f"no built graph in {graph_dir}")
    try:
        return KnowledgeGraph.from_json(path.read_text(encoding="utf-8"))
    except (ValueError, KeyError, TypeError) as e:
        raise KGError(f"{path} is damaged ({e.__class__.__name__})", "rebuild with `kg build`") from e
