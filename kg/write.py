"""The writing stage of ``kg build``: the resolved graph -> ``graph.json``, ``graph.ttl``, the
store and its name index, written in parallel, and again in an update only where it changed.

The graph is a sequence of *items* in writing order: its nodes and facts in id order, the
distinct source sentences (``kg:Mention``) in the order they are first cited, then the rules.
Each item is written on its own: its triples as Turtle (without ``@prefix`` lines), its quads
of the query index (the named graph ``kgr:index``) as TriG, and, for a node or fact, its JSON
as it appears in ``graph.json``. ``graph.ttl`` is the prefixes and the items' Turtle in order,
``graph.json`` the facts' and the nodes' JSON in order, and ``parts/index.trig`` the items'
index quads in order; so ``--jobs 1`` and ``--jobs N`` write the same bytes, and
``graph.json`` is byte for byte ``KnowledgeGraph.to_json()`` (a test checks both).

The items to write are cut into *units* (runs of one kind), written into ``.parts/`` of the
output folder by a pool of processes with ``jobs > 1``: each is sent its items (and, once, a
:class:`~kg.rdf.graph.Lookup` of labels and article dates), never the whole graph. The
parent bulk-loads each unit's quads into the store as it arrives, then concatenates.

**Reuse.** Every item has a *digest*: a hash of everything its bytes depend on (the item,
the labels, types and dates of the entities it names, the sentences a node borrows; the facts
of one subject together, since they can state the same triple). ``parts/items`` keeps each
item's digest and its place in ``graph.ttl``, ``graph.json`` and ``parts/index.trig``, with the
version of this writer. A build into a folder holding a graph writes only the items whose
digest that graph lacks: the others are copied from the old files, and the store is a copy of
the old one (hard links, :meth:`pyoxigraph.Store.backup`) less the quads of the items that
are gone, plus those of the new ones. The bytes are those a build from nothing writes.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import marshal
import os
import shutil
import sys
from array import array
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from kg.model import KnowledgeGraph

UNIT_NODES = 4000
UNIT_FACTS = 4000
UNIT_MENTIONS = 16000
PARTS = ".parts"  # the units' files while a build writes (removed once concatenated)
REUSE_DIR = "parts"  # kept in the graph folder: what the next build into it reuses
INDEX_TRIG = "index.trig"
ITEMS = "items"
FORMAT = "kg-write 1"
KINDS = ("nodes", "facts", "mentions", "rules")  # the writing order
DIGEST_BYTES = 16
JSON_SEP = b",\n"


@dataclass
class Plan:
    """The graph in writing order, the digest of every item and the units of those to
    write; made once by the parent."""

    nodes: list = field(default_factory=list)  # in id order
    facts: list = field(default_factory=list)  # in id order
    borrowed: dict = field(default_factory=dict)  # node id -> sentences it borrows (kg.rdf.graph.borrowed_sources)
    mentions: list = field(default_factory=list)  # distinct Provenance, in the order first cited
    rules: list = field(default_factory=list)  # rule names, in the order first used
    lookup: object = None  # the kg.rdf.graph.Lookup the items are written with
    digests: dict = field(default_factory=dict)  # kind -> [digest of each item]
    todo: dict = field(default_factory=dict)  # kind -> positions of the items to write
    units: list = field(default_factory=list)  # (kind, start, end) over todo[kind]

    def items(self, kind: str) -> list:
        return {"nodes": self.nodes, "facts": self.facts, "mentions": self.mentions, "rules": self.rules}[kind]

    def payload(self, i: int) -> tuple:
        """What unit ``i`` needs besides the :class:`~kg.rdf.graph.Lookup`: ``(i, kind, items,
        borrowed sentences of its nodes, whether to take their digests)``, sent to a worker as
        it is. The digests are asked for when the plan lacks them (see :func:`make_plan`)."""
        kind, lo, hi = self.units[i]
        every = self.items(kind)
        positions = self.todo[kind][lo:hi]
        items = [every[j] for j in positions]
        borrowed = {n.id: self.borrowed[n.id] for n in items if n.id in self.borrowed} if kind == "nodes" else {}
        return i, kind, items, borrowed, any(not self.digests[kind][j] for j in positions)

    def took(self, i: int, digests: bytes) -> None:
        """Keep the digests unit ``i``'s writer took (see :func:`write_unit`)."""
        if not digests:
            return
        kind, lo, hi = self.units[i]
        mine = self.digests[kind]
        for k, j in enumerate(self.todo[kind][lo:hi]):
            mine[j] = digests[k * DIGEST_BYTES:(k + 1) * DIGEST_BYTES]

    def cut(self, todo: dict) -> None:
        """Write the items at ``todo`` (kind -> positions, in writing order): cut them into units."""
        self.todo = todo
        self.units = []
        for kind, size in (("nodes", UNIT_NODES), ("facts", UNIT_FACTS), ("mentions", UNIT_MENTIONS),
                           ("rules", 1 << 30)):
            n = len(todo.get(kind, ()))
            self.units += [(kind, lo, min(lo + size, n)) for lo in range(0, n, size)]


def make_plan(graph: KnowledgeGraph, lookup=None, digests: bool = False) -> Plan:
    """Order the graph and cut every item into units (nodes, facts, mentions, rules);
    ``lookup`` is made when not given. The digests of the facts and rules are taken, and,
    with ``digests``, those of the nodes and sentences too (else the units' writers take
    them as they write, see :func:`write_unit`)."""
    from kg.rdf.graph import Lookup, _mention_iri, borrowed_sources

    p = Plan()
    p.nodes = [graph.nodes[k] for k in sorted(graph.nodes)]
    p.facts = [graph.facts[k] for k in sorted(graph.facts)]
    p.borrowed = borrowed_sources(graph)
    seen: dict = {}
    by_iri: dict = {}
    for sources in [n.sources or p.borrowed.get(n.id, []) for n in p.nodes] + [f.sources for f in p.facts]:
        for prov in sources:
            if prov not in seen:
                seen[prov] = None
                by_iri.setdefault(_mention_iri(prov).value, prov)  # one description per mention IRI
    p.mentions = list(by_iri.values())
    p.rules = list(dict.fromkeys(m.rule for m in p.mentions))
    p.lookup = lookup if lookup is not None else Lookup.of(graph, p.borrowed)
    p.digests = item_digests(p, p.lookup, KINDS if digests else ("facts", "rules"))
    for kind in KINDS:  # the units' writers fill these in (see Plan.took)
        p.digests.setdefault(kind, [b""] * len(p.items(kind)))
    p.cut({kind: range(len(p.items(kind))) for kind in KINDS})
    return p


# ----------------------------------------------------------------------------- digests


def _sources(provs) -> tuple:
    return tuple((s.article, s.start, s.end, s.sentence, s.rule) for s in provs)


def _value(v):
    """A model value as plain data :mod:`marshal` writes (a dataclass as its fields, a
    dict in key order: the order a build happened to fill it in is not written)."""
    if dataclasses.is_dataclass(v) and not isinstance(v, type):
        return tuple(_value(getattr(v, f.name)) for f in dataclasses.fields(v))
    if isinstance(v, dict):
        return tuple(sorted(((str(k), _value(x)) for k, x in v.items()), key=lambda kv: kv[0]))
    if isinstance(v, (list, tuple)):
        return tuple(_value(x) for x in v)
    if v is None or isinstance(v, (str, int, float, bool)):
        return v
    return repr(v)


def _digest(data) -> bytes:
    # marshal format 2 writes no back-references, so equal values give equal bytes
    # whatever objects they share
    return hashlib.blake2b(marshal.dumps(data, 2), digest_size=DIGEST_BYTES).digest()


def node_digest(n, borrowed: dict, lookup) -> bytes:
    """A node's digest: the node, the sentences it borrows when it has none, an event's dates."""
    own = n.sources or borrowed.get(n.id, ())
    return _digest((n.id, n.type, n.label, tuple(n.aliases), _value(n.props), bool(n.sources), _sources(own),
                    lookup.events.get(n.id)))


def mention_digest(m, lookup) -> bytes:
    """A source sentence's digest: the sentence and the node of its article."""
    return _digest((m.article, m.start, m.end, m.sentence, m.rule, lookup.articles.get(m.article)))


def fact_digests(facts: list, lookup) -> list[bytes]:
    """The facts' digests. The facts of one subject share theirs (a fact's digest is its id
    with the hash of all of them): they may state the same triple (an issuer passing a
    document, a row of a person's timeline), so they are written, and taken out of a store,
    together."""
    node_info, events = lookup.nodes, lookup.events
    groups: dict[str, list] = {}
    for f in facts:
        groups.setdefault(f.subject, []).append(
            (f.id, f.type, f.object, _value(f.props), _sources(f.sources), node_info.get(f.object),
             events.get(f.object)))
    by_subject = {s: _digest((s, node_info.get(s), g)) for s, g in groups.items()}
    return [_digest((f.id, by_subject[f.subject])) for f in facts]


def item_digests(plan: Plan, lookup, kinds=KINDS) -> dict[str, list[bytes]]:
    """The digest of every item of ``kinds``, by kind, in writing order: a hash of all the
    item's written bytes depend on."""
    digests: dict[str, list[bytes]] = {}
    if "nodes" in kinds:
        digests["nodes"] = [node_digest(n, plan.borrowed, lookup) for n in plan.nodes]
    if "facts" in kinds:
        digests["facts"] = fact_digests(plan.facts, lookup)
    if "mentions" in kinds:
        digests["mentions"] = [mention_digest(m, lookup) for m in plan.mentions]
    if "rules" in kinds:
        digests["rules"] = [_digest(("rule", r)) for r in plan.rules]
    return digests


@lru_cache(maxsize=None)
def writer_version() -> str:
    """A hash of the source of this writer and of the modules that make the bytes it writes
    (:mod:`kg.rdf.graph`, :mod:`kg.rdf.names` and what they import): items written by
    another writer are never reused."""
    from kg.cache import PACKAGE, code_files, fingerprint

    files = set(code_files("kg.rdf.graph")) | set(code_files("kg.rdf.names")) | {PACKAGE / "write.py"}
    return fingerprint(sorted(files)) + " " + FORMAT


_WORKER: dict = {}  # in a worker: the Lookup and the parts folder, set once by _start_worker


def _start_worker(lookup, parts: Path) -> None:
    """A pool's initializer. It never raises: ``multiprocessing.Pool`` replaces a worker whose
    initializer fails with a new one, forever, and the build would hang; the failure is kept
    and the worker's first unit raises it, which ends the build with its reason."""
    try:
        from kg.engines import _worker_signals

        _worker_signals()
        _WORKER.update(lookup=lookup, parts=parts)
    except BaseException as e:  # noqa: BLE001  (every failure is reported by the first unit)
        _WORKER["failed"] = f"{e.__class__.__name__}: {e}"


def write_unit(payload: tuple, lookup=None, parts: Path | None = None) -> tuple[int, bytes, bytes]:
    """Write one unit (a :meth:`Plan.payload`) into the parts folder: ``NNNNN.ttl``,
    ``NNNNN.trig`` and (nodes, facts) ``NNNNN.json``, each the unit's items in order (JSON
    items joined by ``,\\n``). Returns its number, the byte lengths of each item's Turtle,
    TriG and JSON (an ``array('Q')`` as bytes, three numbers an item) and, for nodes and
    sentences when the payload asks, their digests (joined; else empty)."""
    import pyoxigraph as ox

    from kg.rdf.graph import PREFIXES, _Writer

    if lookup is None and "failed" in _WORKER:
        from kg.errors import EngineError

        raise EngineError(f"a writing process could not start ({_WORKER['failed']})",
                          "build again with --jobs 1 to write in one process")
    i, kind, items, borrowed, digest = payload
    lookup = lookup or _WORKER["lookup"]
    parts = parts or _WORKER["parts"]
    w = _Writer(lookup, borrowed, describe_mentions=False)
    turtle, trig, js = [], [], []
    lengths = array("Q")
    serialize, TURTLE, TRIG = ox.serialize, ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG
    for item in items:
        w.out, w.index = [], []
        if kind == "nodes":
            w.node(item)
            w.node_index(item)
        elif kind == "facts":
            w.fact(item)
            w.fact_index(item)
        elif kind == "mentions":
            w.mention(item)
            w.mention_index(item)
        else:
            w.rule(item)
        t = _without_prefixes(serialize(w.out, format=TURTLE, prefixes=PREFIXES)) if w.out else b""
        x = serialize(w.index, format=TRIG) if w.index else b""
        j = _json_item(item).encode("utf-8", "surrogatepass") if kind in ("nodes", "facts") else b""
        turtle.append(t)
        trig.append(x)
        js.append(j)
        lengths.extend((len(t), len(x), len(j)))
    stem = parts / f"{i:05d}"
    stem.with_suffix(".ttl").write_bytes(b"".join(turtle))
    stem.with_suffix(".trig").write_bytes(b"".join(trig))
    if kind in ("nodes", "facts"):
        stem.with_suffix(".json").write_bytes(JSON_SEP.join(js))
    if digest and kind == "nodes":
        digests = b"".join(node_digest(n, borrowed, lookup) for n in items)
    elif digest and kind == "mentions":
        digests = b"".join(mention_digest(m, lookup) for m in items)
    else:
        digests = b""
    return i, lengths.tobytes(), digests


def _without_prefixes(ttl: bytes) -> bytes:
    """Turtle without its leading ``@prefix`` lines (the whole file has them once, first)."""
    at = 0
    while ttl.startswith(b"@prefix ", at):
        at = ttl.index(b"\n", at) + 1
    return ttl[at:]


def _prefix_lines(prefixes: dict[str, str]) -> bytes:
    """The ``@prefix`` lines Oxigraph's Turtle writer starts with (it writes them with the
    first triple, so one triple is written and dropped)."""
    import pyoxigraph as ox

    some = ox.Triple(ox.NamedNode("urn:x"), ox.NamedNode("urn:y"), ox.NamedNode("urn:z"))
    ttl = ox.serialize([some], format=ox.RdfFormat.TURTLE, prefixes=prefixes)
    return ttl[:len(ttl) - len(_without_prefixes(ttl))]


def _plain(value):
    """A model value as ``dataclasses.asdict`` gives it, without copying what JSON reads as is."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.asdict(value)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


_SCALARS = (str, int, float, bool, type(None))


def _json_item(x) -> str:
    """A node or fact as an item of ``graph.json``'s lists, as ``KnowledgeGraph.to_json`` writes
    it (``json.dumps(…, indent=1, sort_keys=True, ensure_ascii=False)``, two levels deep)."""
    d = {}
    for f in dataclasses.fields(x):
        v = getattr(x, f.name)
        if f.name == "sources":
            v = _sources_json(v, "   ")
        elif type(v) not in _SCALARS:
            v = _plain(v)
        d[f.name] = v
    return "  " + _dumps(d, "  ")


_encode_str = json.encoder.encode_basestring  # the C encoder json.dumps uses with ensure_ascii=False


class _Json(str):
    """Text already written as :func:`_dumps` writes it (:func:`_dumps` leaves it as it is)."""


def _sources_json(provs, indent: str):
    """A list of sentences (``Provenance``) as :func:`_dumps` writes it at ``indent``, each
    a dict of its five fields in key order; written straight, as most of ``graph.json`` is
    sentences. Anything but whole-number offsets takes the general way."""
    if not provs:
        return []
    if not all(type(s.start) is int and type(s.end) is int for s in provs):
        return [{"article": s.article, "end": s.end, "rule": s.rule, "sentence": s.sentence, "start": s.start}
                for s in provs]
    i1, i2, enc, num = indent + " ", indent + "  ", _encode_str, int.__repr__
    return _Json("[\n" + ",\n".join(
        f'{i1}{{\n{i2}"article": {enc(s.article)},\n{i2}"end": {num(s.end)},\n{i2}"rule": {enc(s.rule)},\n'
        f'{i2}"sentence": {enc(s.sentence)},\n{i2}"start": {num(s.start)}\n{i1}}}' for s in provs)
        + "\n" + indent + "]")


def _dumps(v, indent: str) -> str:
    """``json.dumps(v, indent=1, sort_keys=True, ensure_ascii=False)`` at depth ``len(indent)``,
    for the values of the model (text, numbers, booleans, None, lists, dicts with text keys).

    The json module drops its C encoder when asked to indent; this writes the same text several
    times faster."""
    t = type(v)
    if t is str:
        return _encode_str(v)
    if t is _Json:
        return v
    if v is None:
        return "null"
    if t is bool:
        return "true" if v else "false"
    if t is int:
        return int.__repr__(v)
    if t is dict:
        if not v:
            return "{}"
        inner = indent + " "
        return "{\n" + ",\n".join(f"{inner}{_encode_str(k)}: {_dumps(v[k], inner)}"
                                    for k in sorted(v)) + "\n" + indent + "}"
    if t is list or t is tuple:
        if not v:
            return "[]"
        inner = indent + " "
        return "[\n" + ",\n".join(inner + _dumps(x, inner) for x in v) + "\n" + indent + "]"
    # anything else (floats, keys that are not text …): the json module's own rendering
    return json.dumps(v, ensure_ascii=False, indent=1, sort_keys=True).replace("\n", "\n" + indent)


def write_outputs(graph: KnowledgeGraph, out: Path, jobs: int = 1, previous: Path | None = None,
                  stats: dict | None = None) -> int:
    """Write ``graph.json``, ``graph.ttl``, ``store/``, ``names.tsv`` and ``parts/`` into the
    new folder ``out`` with ``jobs`` processes; returns the number of triples (the default
    graph, as in ``graph.ttl``).

    ``previous`` is a folder holding a graph written before (the one ``out`` will replace):
    the items it holds are copied from it rather than written again (see the module's
    docstring), when it was written by this version of the writer; the bytes are the same.
    ``stats`` (a dict) gets the number of ``items`` and of those ``written``.

    The workers are started by a fork server (a fresh interpreter), not forked from this
    process: they hold only the units they are sent, never a copy of the graph, so the
    memory of the whole process tree stays that of the graph plus a few units.
    """
    import multiprocessing as mp

    import pyoxigraph as ox

    from kg.rdf.graph import PREFIXES, Lookup
    from kg.rdf.names import NAMES_FILE, name_lines
    from kg.rdf.store import STORE_DIR

    out.mkdir(parents=True, exist_ok=True)
    parts = out / PARTS
    shutil.rmtree(parts, ignore_errors=True)
    parts.mkdir()
    store_path = out / STORE_DIR
    if store_path.exists():
        shutil.rmtree(store_path)
    old = _Previous.open(previous) if previous is not None else None
    plan = make_plan(graph, digests=old is not None)
    lookup = plan.lookup
    prefixes = _prefix_lines(PREFIXES)
    if old is not None:
        todo = {kind: [j for j, d in enumerate(plan.digests[kind]) if d not in old.where] for kind in KINDS}
        if sum(map(len, todo.values())) > WHOLE_ABOVE * sum(len(plan.items(kind)) for kind in KINDS):
            old.close()  # most of it is new: writing it whole is quicker than comparing
            old = None
        else:
            plan.cut(todo)
    try:
        if old is not None:
            store = old.copy_store(store_path)
        else:
            store = ox.Store(str(store_path))
        lengths: dict[int, bytes] = {}
        payloads = (plan.payload(i) for i in range(len(plan.units)))
        todo = sum(len(t) for t in plan.todo.values())
        if stats is not None:
            stats.update(items=sum(len(plan.items(kind)) for kind in KINDS), written=todo)
        if jobs > 1 and len(plan.units) > 1 and todo >= POOL_ITEMS and "forkserver" in mp.get_all_start_methods():
            ctx = mp.get_context("forkserver")
            ctx.set_forkserver_preload(["kg.write", "kg.rdf.graph"])
            with _main_not_imported():
                pool = ctx.Pool(min(jobs, len(plan.units)), initializer=_start_worker, initargs=(lookup, parts))
            with pool:
                done = pool.imap(write_unit, payloads)
                _write_names(plan, out / NAMES_FILE, name_lines)
                for i, lens, digests in done:
                    lengths[i] = lens
                    plan.took(i, digests)
                    if old is None:
                        _load(store, parts, i, prefixes)
        else:
            _write_names(plan, out / NAMES_FILE, name_lines)
            for payload in payloads:
                i, lens, digests = write_unit(payload, lookup, parts)
                lengths[i] = lens
                plan.took(i, digests)
                if old is None:
                    _load(store, parts, i, prefixes)
        if old is not None:
            count = old.triples + old.change_store(store, plan, parts, prefixes)
            old.restore_shared(store, plan)
        else:
            store.optimize()  # an updated store is left to the store's own compaction
            count = int(next(iter(store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")))["n"].value)
        store.flush()
        del store  # closes the store before the folder is switched in
        _concatenate(plan, out, parts, prefixes, lengths, old, count)
    finally:
        if old is not None:
            old.close()
        shutil.rmtree(parts, ignore_errors=True)
    return count


WHOLE_ABOVE = 0.3  # a graph with more than this share of its items new is written whole
POOL_ITEMS = 20000  # fewer items to write than this are written in this process (a pool costs its start)


def _load(store, parts: Path, i: int, prefixes: bytes) -> None:
    """Bulk-load unit ``i``: its Turtle (with the prefixes) and its index quads, as one TriG."""
    import pyoxigraph as ox

    data = prefixes + (parts / f"{i:05d}.ttl").read_bytes() + (parts / f"{i:05d}.trig").read_bytes()
    store.bulk_load(data, format=ox.RdfFormat.TRIG)


class _Previous:
    """The graph a folder held before: each item's digest and its place in the old files."""

    def __init__(self, folder: Path, where: dict, lens: array, offsets: dict, fds: dict, triples: int):
        self.folder = folder
        self.triples = triples  # in its graph (the default graph of its store)
        self.where = where  # digest -> number of the item in the old writing order
        self.lens = lens  # three numbers an item: its bytes in graph.ttl, index.trig, graph.json
        self.offsets = offsets  # "ttl" / "trig" / "json" -> where each item starts in that file
        self.fds = fds  # "ttl" / "trig" / "json" -> the file, open

    @classmethod
    def open(cls, folder: Path) -> "_Previous | None":
        """The items of the graph in ``folder``; None when it has none this writer can reuse
        (no graph, another writer's, or files that are not those the index describes)."""
        from kg.build import GRAPH_JSON, GRAPH_TTL
        from kg.rdf.store import STORE_DIR

        folder = Path(folder)
        try:
            data = marshal.loads((folder / REUSE_DIR / ITEMS).read_bytes())
            if not (isinstance(data, dict) and data.get("version") == writer_version()):
                return None
            files = {"ttl": folder / GRAPH_TTL, "trig": folder / REUSE_DIR / INDEX_TRIG, "json": folder / GRAPH_JSON}
            if any(files[k].stat().st_size != data["sizes"][k] for k in files) or not (folder / STORE_DIR).is_dir():
                return None
            digests, lens = data["digests"], array("Q")
            lens.frombytes(data["lengths"])
            n = len(digests) // DIGEST_BYTES
            counts = data["counts"]
            if len(lens) != 3 * n or sum(counts) != n or not isinstance(data["triples"], int):
                return None
            where = {digests[k * DIGEST_BYTES:(k + 1) * DIGEST_BYTES]: k for k in range(n)}
            offsets = {"ttl": _starts(data["head"], lens[0::3]), "trig": _starts(0, lens[1::3]),
                       "json": [0] * n}
            first = 0
            for kind, count in zip(KINDS, counts):  # a JSON list's items are apart by JSON_SEP
                if kind in data["json_starts"]:
                    offsets["json"][first:first + count] = _starts(data["json_starts"][kind], lens[3 * first + 2:3 * (first + count):3],
                                                                    len(JSON_SEP))
                first += count
        except (OSError, EOFError, ValueError, TypeError, KeyError):
            return None
        fds = {}
        try:
            for k, path in files.items():
                fds[k] = os.open(path, os.O_RDONLY)
        except OSError:
            for fd in fds.values():
                os.close(fd)
            return None
        return cls(folder, where, lens, offsets, fds, data["triples"])

    def close(self) -> None:
        for fd in self.fds.values():
            os.close(fd)
        self.fds = {}

    def read(self, kind: str, k: int) -> bytes:
        n = self.lens[3 * k + ("ttl", "trig", "json").index(kind)]
        return os.pread(self.fds[kind], n, self.offsets[kind][k]) if n else b""

    def copy_store(self, path: Path):
        """The old store copied to ``path`` (hard links where it can); returns it open."""
        import pyoxigraph as ox

        from kg.rdf.store import STORE_DIR

        source = ox.Store.read_only(str(self.folder / STORE_DIR))
        source.backup(str(path))
        del source
        return ox.Store(str(path))

    def change_store(self, store, plan: Plan, parts: Path, prefixes: bytes) -> int:
        """Make the copied store that of the plan: take out the quads of the old items the
        plan does not reuse and put in those of the items written (the units in ``parts``),
        only where the two differ: a node that gains a sentence keeps its other quads.
        Returns how many triples the graph (the default graph) gained: no item shares a
        quad with an item of another digest (see :func:`fact_digests`), so every quad taken
        out was there and every one put in was not."""
        import pyoxigraph as ox

        kept = {self.where[d] for kind in KINDS for d in plan.digests[kind] if d in self.where}
        gone = [k for k in range(len(self.lens) // 3) if k not in kept]
        before: set = set()
        for data, fmt in ((prefixes + b"".join(self.read("ttl", k) for k in gone), ox.RdfFormat.TURTLE),
                          (b"".join(self.read("trig", k) for k in gone), ox.RdfFormat.TRIG)):
            before.update(ox.parse(data, format=fmt))
        after: set = set()
        for i in range(len(plan.units)):
            stem = parts / f"{i:05d}"
            after.update(ox.parse(prefixes + stem.with_suffix(".ttl").read_bytes(), format=ox.RdfFormat.TURTLE))
            after.update(ox.parse(stem.with_suffix(".trig").read_bytes(), format=ox.RdfFormat.TRIG))
        gone_quads, new_quads = before - after, after - before
        for q in gone_quads:
            store.remove(q)
        store.extend(new_quads)
        default = ox.DefaultGraph()
        return sum(q.graph_name == default for q in new_quads) - sum(q.graph_name == default for q in gone_quads)

    @staticmethod
    def restore_shared(store, plan: Plan) -> None:
        """Put back the index quads a source sentence of an article without a node shares
        with the other sentences of that article (taking out a gone one took them out)."""
        from kg.rdf.graph import _Writer

        w = _Writer(plan.lookup, {}, describe_mentions=False)
        for m in plan.mentions:
            if m.article not in plan.lookup.articles:
                w.mention_index(m)
        if w.index:
            store.extend(w.index)


class _Sink:
    """One output file made of byte ranges of other files and bytes given, recording where
    each item lands; ranges that follow each other in their source are copied at once."""

    def __init__(self, path: Path):
        self.fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o666)
        self.pos = 0  # the end of what is written and pending
        self.pending: list | None = None  # [source fd, start, end], not yet copied

    def write(self, data: bytes) -> None:
        self._flush()
        view = memoryview(data)
        while view:
            view = view[os.write(self.fd, view):]
        self.pos += len(data)

    def item(self, src: int, off: int, n: int, sep: bytes = b"") -> int:
        """Append ``n`` bytes of the open file ``src`` at ``off``, after ``sep``; returns the
        offset where they land."""
        p = self.pending
        if p is not None and p[0] == src and p[2] + len(sep) == off:  # the separator is there too
            at = self.pos + len(sep)
            p[2] = off + n
        else:
            if sep:
                self.write(sep)
            else:
                self._flush()
            at = self.pos
            self.pending = [src, off, off + n]
        self.pos = at + n
        return at

    def _flush(self) -> None:
        if self.pending is None:
            return
        src, lo, hi = self.pending
        self.pending = None
        while lo < hi:
            try:
                done = os.copy_file_range(src, self.fd, hi - lo, lo)
            except (AttributeError, OSError):  # no copy_file_range here, or not between these files
                data = os.pread(src, min(hi - lo, 1 << 24), lo)
                done = len(data)
                view = memoryview(data)
                while view:
                    view = view[os.write(self.fd, view):]
            if done <= 0:
                raise OSError(f"could not copy the parts of the graph ({hi - lo} bytes left)")
            lo += done

    def close(self) -> int:
        self._flush()
        os.close(self.fd)
        return self.pos


@contextmanager
def _main_not_imported():
    """Start processes without the caller's main script: the fork server and its workers
    then never run a script of the user's that lacks ``if __name__ == "__main__":`` (what
    ``multiprocessing`` does by default when not forking). They only need :mod:`kg.write`."""
    main = sys.modules.get("__main__")
    path = main.__dict__.pop("__file__", None) if main is not None and getattr(main, "__spec__", None) is None else None
    try:
        yield
    finally:
        if path is not None:
            main.__file__ = path


def _write_names(plan: Plan, path: Path, name_lines) -> None:
    from kg.text import fold

    path.write_text(name_lines((n.id, n.type, n.label, [fold(n.label)] + [fold(a) for a in n.aliases])
                               for n in plan.nodes if n.type != "Article"), encoding="utf-8")


def _starts(first: int, lengths, gap: int = 0) -> list[int]:
    """Where each of a run of items of ``lengths`` bytes starts, the first at ``first``,
    with ``gap`` bytes between two."""
    from itertools import accumulate

    return list(accumulate((n + gap for n in lengths[:-1]), initial=first)) if len(lengths) else []


def _concatenate(plan: Plan, out: Path, parts: Path, prefixes: bytes, lengths: dict[int, bytes],
                 old: _Previous | None, triples: int) -> None:
    """``graph.ttl``, ``graph.json``, ``parts/index.trig`` and ``parts/items`` from the units'
    parts and, for the items it reuses, the old graph's files; in writing order. Items that
    follow each other in one source are copied as one run."""
    from kg.build import GRAPH_JSON, GRAPH_TTL

    opened: list[int] = []
    new_lens: array = array("Q")  # three numbers an item, in writing order
    # runs of items by kind: [files, Turtle start, end, TriG start, end, JSON start, end, source, first, last]
    runs: dict[str, list] = {kind: [] for kind in KINDS}
    try:
        units: dict[str, list] = {kind: [] for kind in KINDS}  # the new items of a kind: (unit, its number in the unit)
        unit_at: dict[int, tuple] = {}
        for i, (kind, lo, hi) in enumerate(plan.units):
            lens = array("Q")
            lens.frombytes(lengths[i])
            stem = parts / f"{i:05d}"
            fds = [os.open(stem.with_suffix(x), os.O_RDONLY) if x != ".json" or kind in ("nodes", "facts") else -1
                   for x in (".ttl", ".trig", ".json")]
            opened += [fd for fd in fds if fd >= 0]
            unit_at[i] = (fds, lens, _starts(0, lens[0::3]), _starts(0, lens[1::3]), _starts(0, lens[2::3], len(JSON_SEP)))
            units[kind] += [(i, k) for k in range(hi - lo)]
        old_fds = [old.fds["ttl"], old.fds["trig"], old.fds["json"]] if old is not None else None
        where = old.where if old is not None else {}
        for kind in KINDS:
            fresh = iter(units[kind])
            out_runs = runs[kind]
            run = None  # [source, first, last]: source is -1 for the old graph, else a unit
            for d in plan.digests[kind]:
                k = where.get(d)
                src, at = (-1, k) if k is not None else next(fresh)
                if run is not None and run[0] == src and run[2] + 1 == at:
                    run[2] = at
                else:
                    run = [src, at, at]
                    out_runs.append(run)
        for kind in KINDS:
            done = []
            for src, a, b in runs[kind]:
                if src < 0:
                    lens, starts = old.lens, (old.offsets["ttl"], old.offsets["trig"], old.offsets["json"])
                    fds = old_fds
                else:
                    fds, lens, *starts = unit_at[src]
                ends = [starts[c][b] + lens[3 * b + c] for c in range(3)]
                done.append((fds, starts[0][a], ends[0], starts[1][a], ends[1], starts[2][a], ends[2]))
                new_lens.extend(lens[3 * a:3 * (b + 1)])
            runs[kind] = done
        (out / REUSE_DIR).mkdir(exist_ok=True)
        ttl, trig, js = _Sink(out / GRAPH_TTL), _Sink(out / REUSE_DIR / INDEX_TRIG), _Sink(out / GRAPH_JSON)
        ttl.write(prefixes)
        json_starts: dict[str, int] = {}
        js.write(b"{")
        for n, kind in enumerate(("facts", "nodes")):
            js.write(f'{"," if n else ""}\n "{kind}": '.encode())
            if not runs[kind]:
                js.write(b"[]")
                continue
            js.write(b"[\n")
            json_starts[kind] = js.pos
            for r, (fds, _, _, _, _, jo, je) in enumerate(runs[kind]):
                js.item(fds[2], jo, je - jo, JSON_SEP if r else b"")
            js.write(b"\n ]")
        js.write(b"\n}")
        for kind in KINDS:
            for fds, to, te, xo, xe, _, _ in runs[kind]:
                ttl.item(fds[0], to, te - to)
                trig.item(fds[1], xo, xe - xo)
        sizes = {"ttl": ttl.close(), "trig": trig.close(), "json": js.close()}
    finally:
        for fd in opened:
            os.close(fd)
    (out / REUSE_DIR / ITEMS).write_bytes(marshal.dumps({
        "version": writer_version(), "digests": b"".join(d for kind in KINDS for d in plan.digests[kind]),
        "lengths": new_lens.tobytes(), "counts": [len(plan.digests[kind]) for kind in KINDS], "head": len(prefixes),
        "json_starts": json_starts, "sizes": sizes, "triples": triples}, 2))


__all__ = ["write_outputs", "make_plan", "write_unit", "UNIT_NODES", "UNIT_FACTS", "UNIT_MENTIONS"]
