"""The extraction map of ``kg build``: input files → per-article records, on an engine.

Extraction is a pure function of one article, so the inputs are cut into **parts** — runs of
up to :data:`PART_LINES` lines of a JSON Lines file, groups of about :data:`PART_FILES` pages —
and each part is read and extracted by a task on a worker. The parent only decides what to ask for
and puts the answers back in reading order; resolution and writing stay in :mod:`kg.build`.

Engines (a small registry, :data:`ENGINES`):

* ``local`` — this machine: the build's own process (``--jobs 1``) or a pool of ``--jobs N``
  processes;
* ``dask`` — `Dask distributed <https://distributed.dask.org>`_: a ``LocalCluster`` of
  ``--jobs N`` worker processes on 127.0.0.1 when no scheduler is given, else the cluster
  whose scheduler is at ``--scheduler ADDRESS`` (Kubernetes, YARN, Slurm, SSH …). Workers
  read the inputs from the paths they see (give absolute paths on a shared file system) and
  must run the same kg: a worker whose extractor version differs refuses the task.

A build (:func:`extract_articles`) runs in four steps:

1. list the input files (:func:`expand_task`, on a worker: the paths are the workers');
2. cut them into parts, hashing each part's bytes (:func:`survey_task`, one task a file);
3. for each part, in order and a few parts ahead: when the cache holds the part's manifest
   (what it was read as) and a record for each of its articles, nothing runs; otherwise a
   task reads the part and extracts what the cache lacks (:func:`read_task`);
4. in reading order, duplicates are dropped and repeated ids renamed exactly as
   :func:`kg.read.read_articles` does (:class:`~kg.read.SeenArticles`), and each article's
   record is decoded for the resolver. An article whose id was renamed, or whose record
   went missing meanwhile, is extracted then.

Whatever the engine, the records are the same bytes, so the graph is the same, byte for byte.
"""

from __future__ import annotations

import hashlib
import os
import signal
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from kg.errors import EngineError, InputError

PART_LINES = 1000  # JSON lines in one part of a big file, at most
BLOCK_LINES = 50  # … a multiple of this
PART_FILES = 100  # pages (.txt, .html) in one part, on average (at most 4 times as many)


@dataclass(frozen=True)
class Piece:
    """A file, or the lines ``start+1 … stop`` of a JSON Lines file, as the workers see it."""

    path: str
    label: str  # the name its articles are read under (their source)
    start: int = 0
    stop: int | None = None  # None: to the end
    size: int = -1  # the file's size and modification time when surveyed: a file that
    mtime_ns: int = -1  # changes while the build reads it stops the build


@dataclass(frozen=True)
class Part:
    """What one task reads: pieces of files, in reading order; ``digest`` hashes their bytes,
    names and line ranges."""

    pieces: tuple[Piece, ...]
    digest: str
    items: int  # lines or files


@dataclass
class PartResult:
    """What a task sends back: the part's manifest and the records it extracted (key -> bytes)."""

    manifest: bytes
    records: dict[bytes, bytes] = field(default_factory=dict)


@dataclass
class Extracted:
    """One article for the resolver: its facts, its length, and whether its record came from
    the cache (``reused``) or was extracted by this build."""

    facts: Any  # ArticleFacts
    characters: int
    reused: bool


@dataclass
class MapStats:
    """What the map did: parts, articles extracted and reused, what the cache dropped."""

    parts: int = 0
    parts_read: int = 0
    extracted: int = 0
    reused: int = 0
    dropped: int = 0


# ----------------------------------------------------------------------------- tasks (workers)


def expand_task(inputs: list[str]) -> list[tuple[str, str]]:
    """The input files as the worker sees them: ``(path, label)`` in reading order."""
    from kg.read import expand_labelled

    return [(str(p), label) for p, label in expand_labelled(inputs)]


def _is_lines(path: str) -> bool:
    return path.lower().endswith((".jsonl", ".jsonl.gz"))


def survey_task(files: list[tuple[str, str]]) -> list[Part]:
    """Cut files into parts, hashing what each part reads.

    A JSON Lines file is cut into runs of lines (:func:`part_lines` of its length; the last
    part of a file that cannot be read to its end reads to the end, so the reason is told
    once, where reading the whole file tells it); pages (``files`` holding several, or one
    that is not JSON Lines) make one part.
    """
    import gzip
    import zlib

    if len(files) != 1 or not _is_lines(files[0][0]):
        h = hashlib.blake2b(digest_size=16)
        pieces = []
        for path, label in files:
            st = _stat(path)
            h.update(f"file\0{label}\0{Path(path).name}\0".encode("utf-8", "surrogatepass"))
            try:
                h.update(Path(path).read_bytes())
            except OSError as e:
                h.update(f"\0error {e.__class__.__name__} {e.errno}".encode())
            h.update(b"\0")
            pieces.append(Piece(path, label, size=st[0], mtime_ns=st[1]))
        return [Part(tuple(pieces), h.hexdigest(), len(files))]
    path, label = files[0]
    st = _stat(path)
    blocks: list[bytes] = []  # a hash of every BLOCK_LINES lines
    n, error = 0, ""
    h = hashlib.blake2b(digest_size=16)
    opener = gzip.open if path.endswith(".gz") else open
    try:
        with opener(path, "rb") as fh:
            for n, raw in enumerate(fh, 1):
                h.update(raw)
                if n % BLOCK_LINES == 0:
                    blocks.append(h.digest())
                    h = hashlib.blake2b(digest_size=16)
    except (EOFError, gzip.BadGzipFile, zlib.error, OSError) as e:
        error = e.__class__.__name__
    if n % BLOCK_LINES:
        blocks.append(h.digest())
    size = part_lines(n)
    per = size // BLOCK_LINES
    parts = []
    for first in range(0, max(len(blocks), 1 if error else 0), per):
        start, stop = first * BLOCK_LINES, min(n, (first + per) * BLOCK_LINES)
        last = first + per >= len(blocks)
        ph = hashlib.blake2b(f"lines\0{label}\0{Path(path).name}\0{start}\0{stop}\0".encode("utf-8", "surrogatepass"),
                             digest_size=16)
        for b in blocks[first:first + per]:
            ph.update(b)
        if last and error:  # reads to the end, where the reader tells what went wrong
            ph.update(f"\0to the end: {error}".encode())
            parts.append(Part((Piece(path, label, start, None, *st),), ph.hexdigest(), stop - start))
        else:
            parts.append(Part((Piece(path, label, start, stop, *st),), ph.hexdigest(), stop - start))
    return parts


def part_lines(lines: int) -> int:
    """Lines in a part of a JSON Lines file of ``lines`` lines: at least 8 parts a file when it
    has 400 lines or more, at most :data:`PART_LINES` lines a part, a multiple of
    :data:`BLOCK_LINES`. A file's parts depend on its length only, so a file that does not
    change is cut the same way whatever else the inputs hold."""
    per = -(-lines // (8 * BLOCK_LINES)) * BLOCK_LINES
    return min(PART_LINES, max(BLOCK_LINES, per))


def _stat(path: str) -> tuple[int, int]:
    try:
        st = os.stat(path)
    except OSError:
        return (-1, -1)
    return (st.st_size, st.st_mtime_ns)


def read_task(part: Part, extractor: str, wanted: dict[int, str] | None, hint=None) -> PartResult:
    """Read ``part``; extract the articles ``wanted`` (entry number -> the id to read it
    under) or, when ``wanted`` is None, every article whose key is not in ``hint`` (a
    :class:`~kg.cache.KeyHint`; None: every article).

    The manifest lists every entry of the part in order: ``["a", id, text hash, digest,
    characters, source]`` for an article, ``["s", source, reason]`` for what was skipped.
    Raises :class:`EngineError` when this worker's extractor is not ``extractor`` (another kg),
    or when a file changed since it was surveyed.
    """
    from kg.cache import extractor_version
    from kg.read import Skipped, article_hash, read_file
    from kg.records import article_digest, facts_key, facts_to_bytes, pack

    mine = extractor_version()
    if mine != extractor:
        raise EngineError(f"a worker runs another kg (extractor version {mine}, this build's is {extractor})",
                          "install the same kg on the workers as where kg build runs")
    from kg.extract import extract_facts  # after the version: the code it hashed is the code run

    entries: list[list] = []
    records: dict[bytes, bytes] = {}
    for piece in part.pieces:
        _unchanged(piece)
        for item in read_file(Path(piece.path), piece.label, piece.start, piece.stop):
            if isinstance(item, Skipped):
                entries.append(["s", item.source, item.reason])
                continue
            digest = article_digest(item)
            entries.append(["a", item.id, article_hash(item), digest, len(item.text), item.source])
            if wanted is None:
                key = facts_key(extractor, item.id, digest)
                todo = hint is None or key not in hint
            else:
                todo = len(entries) - 1 in wanted
                if todo:
                    item.id = wanted[len(entries) - 1]
                    key = facts_key(extractor, item.id, digest)
            if todo:
                facts = extract_facts(item)
                item.text = item.furniture = ""  # the facts carry their sentences
                records[key] = facts_to_bytes(facts)
        _unchanged(piece)
    return PartResult(pack(entries), records)


def _unchanged(piece: Piece) -> None:
    if piece.size >= 0 and _stat(piece.path) != (piece.size, piece.mtime_ns):
        raise InputError(f"{piece.label} changed while the build was reading it",
                         "build again once the file is complete")


# ----------------------------------------------------------------------------- engines


class _Done:
    """A task run at once, in this process: its result (or its error) when asked."""

    def __init__(self, fn: Callable, args: tuple):
        try:
            self.value, self.error = fn(*args), None
        except Exception as e:
            self.value, self.error = None, e

    def result(self):
        if self.error is not None:
            raise self.error
        return self.value


class _Async:
    def __init__(self, res):
        self.res = res

    def result(self):
        return self.res.get()


class LocalEngine:
    """This machine: the build's own process (``jobs=1``) or a pool of ``jobs`` processes."""

    name = "local"

    def __init__(self, jobs: int = 1, scheduler: str | None = None):
        if scheduler:
            raise EngineError("--scheduler is for --engine dask", "add --engine dask, or leave --scheduler out")
        self.workers = max(1, jobs)
        self.pool = None

    def __enter__(self) -> "LocalEngine":
        if self.workers > 1:
            import multiprocessing as mp

            import kg.extract  # noqa: F401  (once, before the workers fork: they share it)

            ctx = mp.get_context("fork") if "fork" in mp.get_all_start_methods() else mp.get_context()
            self.pool = ctx.Pool(self.workers, initializer=_worker_signals)
        return self

    def __exit__(self, *exc) -> None:
        if self.pool is not None:
            self.pool.terminate()
            self.pool.join()

    def submit(self, fn: Callable, *args, urgent: bool = False):
        if self.pool is None:
            return _Done(fn, args)
        return _Async(self.pool.apply_async(fn, args))

    def share(self, obj: Any) -> Any:
        return obj


def _worker_signals() -> None:
    """Workers leave Ctrl-C to the main process (which ends the pool) and die quietly on
    SIGTERM, as the pool ends them; they do not inherit the main process's handlers."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if hasattr(signal, "SIGHUP"):
        signal.signal(signal.SIGHUP, signal.SIG_DFL)


class DaskEngine:
    """Dask distributed: a ``LocalCluster`` of ``jobs`` single-threaded worker processes on
    127.0.0.1 (no dashboard), or the cluster whose scheduler is at ``scheduler``."""

    name = "dask"

    def __init__(self, jobs: int = 1, scheduler: str | None = None):
        self.jobs, self.scheduler = max(1, jobs), scheduler
        self.cluster = self.client = None
        self.workers = self.jobs
        self._order = 0

    def __enter__(self) -> "DaskEngine":
        try:
            import distributed
        except ImportError:
            raise EngineError("--engine dask needs Dask distributed, which is not installed",
                              "pip install 'kg[dask]' (or: pip install 'dask[distributed]')") from None
        import logging

        try:
            if self.scheduler:
                self.client = distributed.Client(self.scheduler, timeout=10, set_as_default=False)
            else:
                self.cluster = distributed.LocalCluster(n_workers=self.jobs, threads_per_worker=1, processes=True,
                                                        host="127.0.0.1", dashboard_address=None,
                                                        silence_logs=logging.ERROR)
                self.client = distributed.Client(self.cluster, set_as_default=False)
        except (OSError, TimeoutError, ValueError) as e:
            self.__exit__()
            where = f"the Dask scheduler at {self.scheduler}" if self.scheduler else "a local Dask cluster"
            raise EngineError(f"cannot reach {where} ({e.__class__.__name__}: {str(e)[:120]})",
                              "check the address (tcp://HOST:8786) and that the scheduler runs" if self.scheduler
                              else "check that 127.0.0.1 accepts connections") from None
        threads = sum(self.client.nthreads().values())
        if not threads:
            try:
                self.client.wait_for_workers(1, timeout=60)
            except (TimeoutError, OSError):
                self.__exit__()
                raise EngineError(f"the Dask cluster at {self.scheduler} has no worker",
                                  "start workers (dask worker SCHEDULER_ADDRESS) and build again") from None
            threads = sum(self.client.nthreads().values())
        self.workers = max(1, threads)
        return self

    def __exit__(self, *exc) -> None:
        for thing in (self.client, self.cluster):
            if thing is not None:
                try:
                    thing.close()
                except Exception:  # closing must not hide what stopped the build
                    pass
        self.client = self.cluster = None

    def submit(self, fn: Callable, *args, urgent: bool = False):
        self._order += 1
        return self.client.submit(fn, *args, pure=False, priority=1 << 30 if urgent else -self._order)

    def share(self, obj: Any) -> Any:
        return self.client.scatter(obj, broadcast=True, hash=False)


# name -> (class, what it is): `kg build --help` lists them
ENGINES: dict[str, tuple[type, str]] = {
    "local": (LocalEngine, "this machine: --jobs N processes"),
    "dask": (DaskEngine, "Dask distributed: a LocalCluster of --jobs N workers, or --scheduler ADDRESS"),
}


def open_engine(name: str, jobs: int = 1, scheduler: str | None = None):
    """The engine called ``name`` (a context manager); :class:`EngineError` for an unknown one."""
    if name not in ENGINES:
        raise EngineError(f"unknown engine '{name}'", "use one of: " + ", ".join(ENGINES))
    return ENGINES[name][0](jobs, scheduler)


# ----------------------------------------------------------------------------- the map


def plan_parts(engine, inputs: list[str]) -> list[Part]:
    """Parts of the inputs in reading order (steps 1 and 2 of the module's docstring).

    Pages go into groups whose bounds depend on the names of the pages only (a group starts
    at a page whose name's hash is a multiple of the group size): adding a page changes its
    own group, not every group after it, so the others are still found in the cache.
    """
    files = engine.submit(expand_task, inputs).result()
    units: list[list[tuple[str, str]]] = []
    run: list[tuple[str, str]] = []

    def close_run() -> None:
        size = min(PART_FILES, max(1, len(run) // 8))
        group: list[tuple[str, str]] = []
        for f in run:
            h = int.from_bytes(hashlib.blake2b(f[1].encode("utf-8", "surrogatepass"), digest_size=8).digest(), "little")
            if group and (h % size == 0 or len(group) >= 4 * size):
                units.append(group)
                group = []
            group.append(f)
        if group:
            units.append(group)
        run.clear()

    for f in files:
        if _is_lines(f[0]):
            close_run()
            units.append([f])
        else:
            run.append(f)
    close_run()
    futures = [engine.submit(survey_task, u) for u in units]
    return [p for f in futures for p in f.result()]


def manifest_key(reader: str, part: Part) -> bytes:
    return hashlib.blake2b(f"{reader}\0{part.digest}".encode(), digest_size=16).digest()


@dataclass
class _Pending:
    part: Part
    key: bytes  # of the manifest
    entries: list | None  # the manifest, when the cache had it
    have: dict[bytes, bytes]  # records the cache had
    task: Any  # the task reading the part, or None


def extract_articles(inputs: Iterable[str | Path], *, engine: str = "local", jobs: int = 1,
                     scheduler: str | None = None, cache=None,
                     stats: MapStats | None = None) -> Iterator[Any]:
    """Every article of ``inputs`` as :class:`Extracted` (or :class:`~kg.read.Skipped`, a
    duplicate's reason being ``duplicate of <id>``), in reading order, as
    :func:`kg.read.read_articles` would give them, extracted on ``engine``.

    ``cache`` is an open :class:`~kg.cache.ExtractionCache` (None: none): what it holds is
    used, what is extracted is added as each part is done. ``stats`` (a :class:`MapStats`)
    is filled in. Raises :class:`~kg.errors.InputError` for a missing input,
    :class:`EngineError` when the engine cannot run.
    """
    from kg.cache import extractor_version, reader_version
    from kg.read import SeenArticles, Skipped
    from kg.records import facts_from_bytes, facts_key, unpack

    stats = stats if stats is not None else MapStats()
    extractor, reader = extractor_version(), reader_version()
    inputs = [os.path.abspath(os.fspath(i)) for i in inputs]  # workers do not share our folder
    with open_engine(engine, jobs, scheduler) as eng:
        parts = plan_parts(eng, inputs)
        stats.parts = len(parts)
        shared_hint: list = []

        def hint():  # the keys the cache holds, sent to the workers once (None: no cache)
            if cache is None:
                return None
            if not shared_hint:
                shared_hint.append(eng.share(cache.hint()))
            return shared_hint[0]

        def prepare(part: Part) -> _Pending:
            key = manifest_key(reader, part)
            entries = None
            if cache is not None:
                data = cache.get_manifest(key)
                if data is not None:
                    try:
                        entries = unpack(data)
                    except ValueError:
                        cache.drop(manifest=key)
                        stats.dropped += 1
            if entries is None:
                stats.parts_read += 1
                return _Pending(part, key, None, {}, eng.submit(read_task, part, extractor, None, hint()))
            keys = {i: facts_key(extractor, e[1], e[3]) for i, e in enumerate(entries) if e[0] == "a"}
            have = cache.get_records(keys.values())
            missing = {i: entries[i][1] for i, k in keys.items() if k not in have}
            task = None
            if missing:
                stats.parts_read += 1
                task = eng.submit(read_task, part, extractor, missing)
            return _Pending(part, key, entries, have, task)

        seen = SeenArticles()
        for pending in _ahead(parts, prepare, 4 * eng.workers + 2):
            records = pending.have
            fresh: dict[bytes, bytes] = {}
            if pending.task is not None:
                result = pending.task.result()
                pending.task = None
                fresh = result.records
                if pending.entries is None:
                    pending.entries = unpack(result.manifest)
                    if cache is not None:
                        cache.put(fresh, {pending.key: result.manifest})
                elif cache is not None:
                    cache.put(fresh)
            entries = pending.entries
            # in reading order: duplicates and renamed ids as read_articles has them
            out: list[Any] = []
            want: dict[int, bytes] = {}
            for i, e in enumerate(entries):
                if e[0] == "s":
                    out.append(Skipped(e[1], e[2]))
                    continue
                _, raw_id, text_hash, digest, characters, source = e
                duplicate_of, id_ = seen.check(raw_id, text_hash)
                if duplicate_of:
                    out.append(Skipped(source, f"duplicate of {duplicate_of}"))
                    continue
                want[i] = facts_key(extractor, id_, digest)
                out.append((id_, characters))
            lacking = [k for k in want.values() if k not in fresh and k not in records]
            if lacking and cache is not None:
                records = {**records, **cache.get_records(lacking)}
            decoded: dict[int, Any] = {}
            late: dict[int, str] = {}
            for i, key in want.items():
                data = fresh.get(key)
                reused = data is None
                if data is None:
                    data = records.get(key)
                facts = None
                if data is not None:
                    try:
                        facts = facts_from_bytes(data)
                    except ValueError:
                        if cache is not None:
                            cache.drop(record=key)
                        stats.dropped += 1
                if facts is None:
                    late[i] = out[i][0]
                else:
                    decoded[i] = (facts, reused)
            if late:  # a renamed id, or a record gone meanwhile: extract it now
                result = eng.submit(read_task, pending.part, extractor, late, urgent=True).result()
                if cache is not None:
                    cache.put(result.records)
                for i in late:
                    decoded[i] = (facts_from_bytes(result.records[want[i]]), False)
            if cache is not None:
                cache.used(want.values(), [pending.key])
            for i, item in enumerate(out):
                if isinstance(item, Skipped):
                    yield item
                    continue
                facts, reused = decoded[i]
                if reused:
                    stats.reused += 1
                else:
                    stats.extracted += 1
                yield Extracted(facts, item[1], reused)


def _ahead(items: list, prepare: Callable, size: int) -> Iterator:
    """``prepare(item)`` for each item, in order, up to ``size`` items ahead of the one given."""
    queue: deque = deque()
    it = iter(items)
    for item in it:
        queue.append(prepare(item))
        if len(queue) >= size:
            break
    while queue:
        head = queue.popleft()
        nxt = next(it, None)
        if nxt is not None:
            queue.append(prepare(nxt))
        yield head
