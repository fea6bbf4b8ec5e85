"""``kg export graphml|gexf|csv``: the graph for network analysts.

GraphML (Gephi, Cytoscape, yEd, networkx, igraph), GEXF (Gephi) and CSV (pandas,
spreadsheets, the table import of Gephi and Cytoscape), written by networkx's own writers
and the csv module. What is exported is the view :func:`kg.analytics.select` chooses, the
same as ``kg export html`` draws (``types``, ``since``/``until``, ``focus``/``depth``), but
never cut to a number of nodes.

One node per entity, one directed edge per fact (keyed by the fact id), as in
:func:`kg.analytics.to_networkx`. Attribute values are only text, integers and booleans:

* node: ``label``, ``type`` (Person, Event …), ``type_vi`` (Người, Sự kiện …),
  ``aliases`` (joined with `` | ``), what the entity carries (``date``, ``end_date``,
  ``location``, ``ordinal``, ``kind``, ``code``, ``org`` …), ``sources`` (sentences that
  name it) and ``articles`` (articles that name it);
* edge, whose id is the fact's id: ``label`` (the Vietnamese verb: *chủ trì*, *dự*,
  *giữ chức* …), ``fact_type`` (Tenure, Participation, Issued, DirectiveLink; PartOf for an
  office's organisation, Mentions for an article's entities), what the fact carries (``role``, ``details``, ``qualifier``, ``start_date``, ``end_date``,
  ``attested``, ``relation`` …), ``sources``, ``articles`` and ``sentence`` (the first
  sentence that states it).

Lists are joined with `` | ``, missing values left out, and an attribute that is not of one
type everywhere is written as text everywhere. ``start``/``end`` become ``start_date``/
``end_date`` and the type of a fact ``fact_type``: GEXF reserves ``start``, ``end`` and an
edge's ``type`` for its timeline and edge direction. Dates are ISO text, as precise as the
articles: ``2021-12-14``, ``2021``, ``--12-15`` (a day and month, no year).

>>> from kg.build import load_graph                                          # doctest: +SKIP
>>> export_graphml(load_graph("kg-out"), "graph.graphml", types="person,event")  # doctest: +SKIP
NetworkExport(format='graphml', paths=[PosixPath('graph.graphml')], nodes=43, edges=51, ...)
"""

from __future__ import annotations

import csv
import json
import os
import tempfile
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable

import networkx as nx

from kg.analytics import TYPE_NAMES_VI, select, to_networkx
from kg.errors import ExportError
from kg.model import KnowledgeGraph, Node

SEPARATOR = " | "  # between the items of a list, as `kg query --format csv` writes them
RENAMED = {"start": "start_date", "end": "end_date"}  # GEXF's timeline owns start and end
NODE_COLUMNS = ("id", "label", "type", "type_vi", "aliases")
EDGE_COLUMNS = ("source", "target", "id", "label", "fact_type")
LAST_COLUMNS = ("sources", "articles", "sentence")


@dataclass
class NetworkExport:
    """What an export wrote: its files, and how many nodes and edges they hold."""

    format: str
    paths: list[Path]
    nodes: int
    edges: int
    focus: str | None = None
    bytes: int = 0
    types: dict[str, int] = field(default_factory=dict)


# ----------------------------------------------------------------------------- the graph


def _value(v: Any) -> Any:
    """A value every writer takes: text, int, float or bool; None for nothing."""
    if v is None or v == "" or v == [] or v == {}:
        return None
    if isinstance(v, (bool, int, float, str)):
        return v
    if isinstance(v, (list, tuple, set)):
        items = [str(x) for x in v if x is not None and x != ""]
        return SEPARATOR.join(items) if items else None
    if isinstance(v, dict):
        return json.dumps(v, ensure_ascii=False, sort_keys=True)
    return str(v)


def _put(attrs: dict[str, Any], props: dict[str, Any]) -> None:
    """Add ``props`` to ``attrs``, renamed where a writer reserves the name, never over ours."""
    for k in sorted(props):
        v = _value(props[k])
        if v is None:
            continue
        name = RENAMED.get(k, k)
        if name in attrs or name in NODE_COLUMNS or name in EDGE_COLUMNS or name in LAST_COLUMNS:
            name = f"prop_{name}"
        attrs[name] = v


def _sources(provs) -> tuple[int, int]:
    return len({(p.article, p.sentence) for p in provs}), len({p.article for p in provs})


def node_attributes(n: Node) -> dict[str, Any]:
    """The attributes of an entity, as every format writes them (see the module's doc)."""
    attrs: dict[str, Any] = {"label": n.label, "type": n.type, "type_vi": TYPE_NAMES_VI.get(n.type, n.type)}
    if n.aliases:
        attrs["aliases"] = SEPARATOR.join(n.aliases)
    _put(attrs, n.props)
    attrs["sources"], attrs["articles"] = _sources(n.sources)
    return attrs


def edge_attributes(kg: KnowledgeGraph, data: dict[str, Any]) -> dict[str, Any]:
    """The attributes of an edge of :func:`kg.analytics.to_networkx`, as every format writes them."""
    attrs: dict[str, Any] = {"label": data["label"], "fact_type": data["type"]}
    fact = kg.facts.get(data["fact"]) if data.get("fact") else None
    if fact is not None:
        _put(attrs, fact.props)
        attrs["sources"], attrs["articles"] = _sources(fact.sources)
        if fact.sources:
            attrs["sentence"] = fact.sources[0].sentence
    return attrs


def _one_type_per_attribute(items: Iterable[dict[str, Any]]) -> None:
    """Where an attribute is not of one type everywhere, write it as text everywhere
    (GraphML and GEXF declare one type per attribute)."""
    items = list(items)
    kinds: dict[str, set[type]] = defaultdict(set)
    for attrs in items:
        for k, v in attrs.items():
            kinds[k].add(type(v))
    mixed = {k for k, ts in kinds.items() if len(ts) > 1}
    if mixed:
        for attrs in items:
            for k in mixed & attrs.keys():
                attrs[k] = str(attrs[k]).lower() if isinstance(attrs[k], bool) else str(attrs[k])


def network(kg: KnowledgeGraph, *, focus: str | None = None, depth: int = 1,
            types: str | Iterable[str] | None = None, since: int | None = None,
            until: int | None = None) -> nx.MultiDiGraph:
    """The view of the graph the filters choose, as a ``MultiDiGraph`` ready for any writer.

    The filters are those of :func:`kg.analytics.select` (no ``max_nodes``: everything
    selected is kept). Nodes and edges are in id order; edge keys are fact ids. Raises
    :class:`~kg.errors.ParameterError` for bad filters and
    :class:`~kg.errors.EntityNotFoundError` for an unknown focus.
    """
    sel = select(kg, focus=focus, depth=depth, types=types, since=since, until=until)
    G = to_networkx(kg, articles=any(kg.nodes[n].type == "Article" for n in sel["nodes"]))
    H = nx.MultiDiGraph()
    if sel["focus"]:
        H.graph["focus"] = sel["focus"]
    for nid in sel["nodes"]:
        H.add_node(nid, **node_attributes(kg.nodes[nid]))
    for u, v, key in sel["edges"]:
        H.add_edge(u, v, key=key, **edge_attributes(kg, G.edges[u, v, key]))
    _one_type_per_attribute(d for _, d in H.nodes(data=True))
    _one_type_per_attribute(d for _, _, d in H.edges(data=True))
    return H


# ----------------------------------------------------------------------------- files


def _write_all(paths: list[Path], writers: list[Callable[[Path], None]]) -> int:
    """Write each file to a temporary file beside it, then swap them all in: a failure
    leaves every file as it was. Returns the bytes written."""
    tmps: list[Path] = []
    try:
        for path, write in zip(paths, writers):
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
            os.close(fd)
            tmps.append(Path(tmp))
            write(Path(tmp))
            os.chmod(tmp, 0o644)
        size = sum(t.stat().st_size for t in tmps)
        for tmp, path in zip(tmps, paths):
            os.replace(tmp, path)
        return size
    finally:
        for tmp in tmps:
            tmp.unlink(missing_ok=True)


def _file(out: str | Path, fmt: str) -> Path:
    out = Path(out)
    if out.is_dir():
        raise ExportError(f"{out} is a folder", f"give a file name, e.g. --out graph.{fmt}")
    return out


def _export(fmt: str, kg: KnowledgeGraph, paths: list[Path], writers: list[Callable[[Path], None]],
            G: nx.MultiDiGraph) -> NetworkExport:
    try:
        size = _write_all(paths, writers)
    except OSError as e:
        raise ExportError(f"cannot write {e.filename or paths[0]}: {e.strerror or e}") from e
    counts: dict[str, int] = defaultdict(int)
    for _, t in G.nodes(data="type"):
        counts[t] += 1
    return NetworkExport(fmt, paths, G.number_of_nodes(), G.number_of_edges(), G.graph.get("focus"),
                         size, dict(sorted(counts.items())))


def export_graphml(kg: KnowledgeGraph, out: str | Path, **filters) -> NetworkExport:
    """Write the view (see :func:`network`) as GraphML with ``nx.write_graphml``.

    Raises :class:`~kg.errors.ExportError` when ``out`` is a folder or cannot be written.
    """
    path = _file(out, "graphml")
    G = network(kg, **filters)
    return _export("graphml", kg, [path], [lambda p: nx.write_graphml(G, p, encoding="utf-8")], G)


def export_gexf(kg: KnowledgeGraph, out: str | Path, **filters) -> NetworkExport:
    """Write the view (see :func:`network`) as GEXF 1.2 with ``nx.write_gexf``: a static,
    directed graph, ``label`` as each node's and edge's label, the fact id as the edge id
    (and, for networkx, as ``networkx_key``).

    Raises :class:`~kg.errors.ExportError` when ``out`` is a folder or cannot be written.
    """
    path = _file(out, "gexf")
    G = network(kg, **filters)
    H = G.copy()
    for _, _, key, data in H.edges(keys=True, data=True):
        data["id"] = key  # the fact id as the GEXF edge id (networkx would number them)
    return _export("gexf", kg, [path], [lambda p: nx.write_gexf(H, p, encoding="utf-8")], G)


def csv_paths(out: str | Path) -> tuple[Path, Path]:
    """Where ``kg export csv --out OUT`` writes: ``OUT/nodes.csv`` and ``OUT/edges.csv`` when
    OUT is a folder, else ``NAME.nodes.csv`` and ``NAME.edges.csv`` beside it (``.csv`` taken
    off OUT's name first: ``kg.csv`` and ``kg`` both give ``kg.nodes.csv``)."""
    out = Path(out)
    if out.is_dir():
        return out / "nodes.csv", out / "edges.csv"
    stem = out.name[:-4] if out.name.lower().endswith(".csv") else out.name
    if not stem:
        raise ExportError(f"'{out}' names no file", "give a name, e.g. --out graph.csv")
    return out.with_name(f"{stem}.nodes.csv"), out.with_name(f"{stem}.edges.csv")


def _columns(first: tuple[str, ...], rows: list[dict[str, Any]]) -> list[str]:
    seen = {k for r in rows for k in r}
    middle = sorted(seen - set(first) - set(LAST_COLUMNS))
    return [*first, *middle, *(c for c in LAST_COLUMNS if c in seen)]


def _write_csv(path: Path, columns: list[str], rows: list[dict[str, Any]]) -> None:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=columns, lineterminator="\n")
        w.writeheader()
        for r in rows:
            w.writerow({k: (str(v).lower() if isinstance(v, bool) else v) for k, v in r.items()})


def export_csv(kg: KnowledgeGraph, out: str | Path, **filters) -> NetworkExport:
    """Write the view (see :func:`network`) as two UTF-8 CSV files, a node table and an edge
    table (see :func:`csv_paths` for their names).

    ``nodes.csv`` has one row per node: ``id``, ``label``, ``type``, ``type_vi``, ``aliases``,
    then the other attributes; ``edges.csv`` one row per fact: ``source``, ``target`` (node
    ids), ``id`` (the fact id), ``label``, ``fact_type``, then the others. An empty
    cell is a missing value. Both files are written or neither.
    """
    nodes_path, edges_path = csv_paths(out)
    G = network(kg, **filters)
    nodes = [{"id": n, **d} for n, d in G.nodes(data=True)]
    edges = [{"source": u, "target": v, "id": k, **d} for u, v, k, d in G.edges(keys=True, data=True)]
    return _export("csv", kg, [nodes_path, edges_path], [
        lambda p: _write_csv(p, _columns(NODE_COLUMNS, nodes), nodes),
        lambda p: _write_csv(p, _columns(EDGE_COLUMNS, edges), edges),
    ], G)
