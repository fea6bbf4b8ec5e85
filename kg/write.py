"""The writing stage of ``kg build``: the resolved graph -> ``graph.json``, ``graph.ttl``, the
store and its name index, written in parallel.

The graph is cut into *units* that depend only on the graph, never on the number of
processes: runs of nodes and of facts in id order, then runs of the distinct source
sentences (``kg:Mention``) in the order they are first cited, then the rules. Each unit is
written on its own into ``.parts/`` of the output folder:

* ``NNNNN.ttl``  — its triples as Turtle, without the ``@prefix`` lines (``graph.ttl`` is
  the prefixes and these parts; the store's bulk loader reads them too);
* ``NNNNN.trig`` — its quads of the query index (the named graph ``kgr:index``), as TriG;
* ``NNNNN.json`` — its nodes or facts as they appear in ``graph.json``.

With ``jobs > 1`` a pool of processes writes the units: each is sent its nodes, facts or
sentences (and, once, a :class:`~kg.rdf.graph.Lookup` of labels and article dates), never
the whole graph. The parent bulk-loads each unit's quads into the store as it arrives and
writes the name index meanwhile. Then it only concatenates: ``graph.ttl`` is the prefixes and the
units' Turtle in unit order, ``graph.json`` the units' JSON in order. So ``--jobs 1`` and
``--jobs N`` write the same bytes, and ``graph.json`` is byte for byte
``KnowledgeGraph.to_json()`` (a test checks both).
"""

from __future__ import annotations

import dataclasses
import json
import shutil
import sys
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from kg.model import KnowledgeGraph

UNIT_NODES = 4000
UNIT_FACTS = 4000
UNIT_MENTIONS = 16000
PARTS = ".parts"


@dataclass
class Plan:
    """The graph in writing order, cut into units; made once by the parent."""

    nodes: list = field(default_factory=list)  # in id order
    facts: list = field(default_factory=list)  # in id order
    borrowed: dict = field(default_factory=dict)  # node id -> sentences it borrows (kg.rdf.graph.borrowed_sources)
    mentions: list = field(default_factory=list)  # distinct Provenance, in the order first cited
    rules: list = field(default_factory=list)  # rule names, in the order first used
    units: list = field(default_factory=list)  # (kind, start, end)

    def payload(self, i: int) -> tuple:
        """What unit ``i`` needs besides the :class:`~kg.rdf.graph.Lookup`: ``(i, kind, items,
        borrowed sentences of its nodes)``, sent to a worker as it is."""
        kind, lo, hi = self.units[i]
        items = {"nodes": self.nodes, "facts": self.facts, "mentions": self.mentions, "rules": self.rules}[kind][lo:hi]
        borrowed = {n.id: self.borrowed[n.id] for n in items if n.id in self.borrowed} if kind == "nodes" else {}
        return i, kind, items, borrowed


def make_plan(graph: KnowledgeGraph) -> Plan:
    """Order the graph and cut it into units (nodes, facts, mentions, rules)."""
    from kg.rdf.graph import _mention_iri, borrowed_sources

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
    for kind, items, size in (("nodes", p.nodes, UNIT_NODES), ("facts", p.facts, UNIT_FACTS),
                              ("mentions", p.mentions, UNIT_MENTIONS)):
        p.units += [(kind, lo, min(lo + size, len(items))) for lo in range(0, len(items), size)]
    p.units.append(("rules", 0, len(p.rules)))
    return p


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


def write_unit(payload: tuple, lookup=None, parts: Path | None = None) -> int:
    """Write one unit (a :meth:`Plan.payload`) into the parts folder; returns its number."""
    import pyoxigraph as ox

    from kg.rdf.graph import PREFIXES, _Writer

    if lookup is None and "failed" in _WORKER:
        from kg.errors import EngineError

        raise EngineError(f"a writing process could not start ({_WORKER['failed']})",
                          "build again with --jobs 1 to write in one process")
    i, kind, items, borrowed = payload
    lookup = lookup or _WORKER["lookup"]
    parts = parts or _WORKER["parts"]
    w = _Writer(lookup, borrowed, describe_mentions=False)
    for item in items:
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
    stem = parts / f"{i:05d}"
    ttl = _without_prefixes(ox.serialize(w.out, format=ox.RdfFormat.TURTLE, prefixes=PREFIXES))
    stem.with_suffix(".ttl").write_bytes(ttl)
    stem.with_suffix(".trig").write_bytes(ox.serialize(w.index, format=ox.RdfFormat.TRIG))
    if kind in ("nodes", "facts"):
        stem.with_suffix(".json").write_text(",\n".join(_json_item(x) for x in items), encoding="utf-8")
    return i


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
            v = [{"article": s.article, "end": s.end, "rule": s.rule, "sentence": s.sentence, "start": s.start}
                 for s in v]
        elif type(v) not in _SCALARS:
            v = _plain(v)
        d[f.name] = v
    return "  " + _dumps(d, "  ")


_encode_str = json.encoder.encode_basestring  # the C encoder json.dumps uses with ensure_ascii=False


def _dumps(v, indent: str) -> str:
    """``json.dumps(v, indent=1, sort_keys=True, ensure_ascii=False)`` at depth ``len(indent)``,
    for the values of the model (text, numbers, booleans, None, lists, dicts with text keys).

    The json module drops its C encoder when asked to indent; this writes the same text several
    times faster."""
    t = type(v)
    if t is str:
        return _encode_str(v)
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


def write_outputs(graph: KnowledgeGraph, out: Path, jobs: int = 1) -> int:
    """Write ``graph.json``, ``graph.ttl``, ``store/`` and ``names.tsv`` into the new folder
    ``out`` with ``jobs`` processes; returns the number of triples (the default graph, as in
    ``graph.ttl``).

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
    plan = make_plan(graph)
    lookup = Lookup.of(graph, plan.borrowed)
    prefixes = _prefix_lines(PREFIXES)
    store = ox.Store(str(store_path))
    payloads = (plan.payload(i) for i in range(len(plan.units)))
    try:
        if jobs > 1 and len(plan.units) > 1 and "forkserver" in mp.get_all_start_methods():
            ctx = mp.get_context("forkserver")
            ctx.set_forkserver_preload(["kg.write", "kg.rdf.graph"])
            with _main_not_imported():
                pool = ctx.Pool(min(jobs, len(plan.units)), initializer=_start_worker, initargs=(lookup, parts))
            with pool:
                done = pool.imap(write_unit, payloads)
                _write_names(plan, out / NAMES_FILE, name_lines)
                for i in done:
                    _load(store, parts, i, prefixes)
        else:
            _write_names(plan, out / NAMES_FILE, name_lines)
            for payload in payloads:
                _load(store, parts, write_unit(payload, lookup, parts), prefixes)
        store.optimize()
        store.flush()
        count = next(iter(store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")))["n"].value
        del store  # closes the store before the folder is switched in
        _concatenate(plan, out, parts, prefixes)
    finally:
        shutil.rmtree(parts, ignore_errors=True)
    return int(count)


def _load(store, parts: Path, i: int, prefixes: bytes) -> None:
    """Bulk-load unit ``i``: its Turtle (with the prefixes) and its index quads, as one TriG."""
    import pyoxigraph as ox

    data = prefixes + (parts / f"{i:05d}.ttl").read_bytes() + (parts / f"{i:05d}.trig").read_bytes()
    store.bulk_load(data, format=ox.RdfFormat.TRIG)


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


def _concatenate(plan: Plan, out: Path, parts: Path, prefixes: bytes) -> None:
    """``graph.ttl`` and ``graph.json`` from the units' parts, in unit order."""
    from kg.build import GRAPH_JSON, GRAPH_TTL

    with open(out / GRAPH_TTL, "wb") as ttl:
        ttl.write(prefixes)
        for i in range(len(plan.units)):
            with open(parts / f"{i:05d}.ttl", "rb") as part:
                shutil.copyfileobj(part, ttl, 1 << 20)
    with open(out / GRAPH_JSON, "w", encoding="utf-8") as js:
        js.write("{")
        for n, kind in enumerate(("facts", "nodes")):
            js.write(f'{"," if n else ""}\n "{kind}": ')
            ids = [i for i, u in enumerate(plan.units) if u[0] == kind]
            if not ids:
                js.write("[]")
                continue
            js.write("[\n")
            for k, i in enumerate(ids):
                if k:
                    js.write(",\n")
                with open(parts / f"{i:05d}.json", encoding="utf-8") as part:
                    shutil.copyfileobj(part, js, 1 << 20)
            js.write("\n ]")
        js.write("\n}")


__all__ = ["write_outputs", "make_plan", "write_unit", "UNIT_NODES", "UNIT_FACTS", "UNIT_MENTIONS"]
