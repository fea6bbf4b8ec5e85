"""Load a built graph into Neo4j: ``graph.json`` -> labelled nodes and typed relationships.

The property graph
------------------
Nodes, one label per type, each with a unique ``id`` (the graph's node id) and ``iri``
(``https://w3id.org/kg-vn/id/<id>``, the same string the SPARQL pack returns):

===================  ==============================================================
label                properties besides ``id``, ``iri``, ``label``, ``name``, ``aliases``, ``searchKey``
===================  ==============================================================
``:Person``          —
``:Organization``    ``kind`` (international, government, party …)
``:Country``         —
``:Office``          ``org`` (id of its organisation)
``:InternationalRole`` ``org``
``:Event``           ``kind``, ``date``, ``end``, ``location``, ``ordinal``, ``generic``
``:Directive``       ``kind``, ``number``, ``code``, ``subject``
``:Article``         ``articleId``, ``date``, ``url``, ``source`` (``label`` is the headline)
===================  ==============================================================

``name`` repeats ``label`` (Neo4j Browser captions by ``name``); ``searchKey`` lists the
folded label and aliases (:func:`kg.extract.lexicon.fold`), so ``pham binh minh`` finds
Phạm Bình Minh. Relationships, one per fact of the graph (``id`` and ``iri`` of the fact):

* ``(:Person)-[:HOLDS]->(:Office)`` and ``(:Country)-[:HELD_ROLE]->(:InternationalRole)``:
  a tenure; ``start``, ``end``, ``attested`` (dates the articles show), ``reelected``.
  The type follows the post: a tenure of an international role is ``HELD_ROLE``.
* ``(:Person)-[:CHAIRED]->(:Event)`` for a chair, ``(:Person)-[:ATTENDED]->(:Event)`` for
  any other participant; ``role``, ``details`` (as written), ``qualifier``. One relationship
  per participation: a chair gets ``CHAIRED`` only, so queries about everyone present
  match both types, ``-[:CHAIRED|ATTENDED]->`` (chairs are never counted twice).
* ``(:Organization|:Event)-[:ISSUED]->(:Directive)``.
* ``(:Event)-[:REVIEWS]->(:Directive)``, ``(:Event)-[:IMPLEMENTS]->(:Directive)``.
* ``(:Office)-[:IN_OFFICE_OF]->(:Organization)``, ``(:InternationalRole)-[:POST_IN]->(:Organization)``.
* ``(entity)-[:MENTIONED_IN]->(:Article)``: one per entity and article, with the sentences.

Every fact relationship carries its sources as parallel lists: ``sourceArticles`` (article
ids as read, e.g. ``000_934fef6fd6272dbc``), ``sourceSentences``, ``sourceStarts``,
``sourceEnds``, ``sourceRules``; ``MENTIONED_IN`` carries ``sentences``, ``starts``,
``ends``, ``rules``. Dates are Neo4j ``date()`` values when complete (``2021-12-15``) and
text when partial (``--12-15``, ``2020``, ``2020-05``); lists of dates (``attested``) are
text, since a Neo4j list holds one type.

Loading
-------
Constraints and indexes first (only those missing), then one ``UNWIND $rows AS r MERGE …
SET n += r.props`` per batch (no round trip per row), batches of several kinds sharing a
transaction up to ``BATCH_SIZE`` rows (a small graph is one commit). MERGE on ``id`` makes loading idempotent: loading the
same graph twice leaves the same nodes and relationships. :func:`load_neo4j_per_row` is
the naive one-query-per-row baseline, kept for the benchmark only.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable

from kg.text import fold
from kg.model import NODE_TYPES, KnowledgeGraph, Node, Provenance, unique
from kg.vocab import RESOURCE

BATCH_SIZE = 2000
LABELS = NODE_TYPES  # Person, Organization, Country, Office, InternationalRole, Event, Directive, Article
REL_TYPES = ("HOLDS", "HELD_ROLE", "CHAIRED", "ATTENDED", "ISSUED", "REVIEWS", "IMPLEMENTS",
             "IN_OFFICE_OF", "POST_IN", "MENTIONED_IN")
DATE_KEYS = {"date", "start", "end"}

# Schema: ids unique per label; lookups by label, searchKey, articleId, fact id.
SCHEMA = (
    [f"CREATE CONSTRAINT {lab.lower()}_id IF NOT EXISTS FOR (n:{lab}) REQUIRE n.id IS UNIQUE" for lab in LABELS]
    + [f"CREATE INDEX {lab.lower()}_label IF NOT EXISTS FOR (n:{lab}) ON (n.label)" for lab in LABELS]
    + [f"CREATE INDEX {lab.lower()}_iri IF NOT EXISTS FOR (n:{lab}) ON (n.iri)" for lab in LABELS]
    + ["CREATE INDEX article_articleid IF NOT EXISTS FOR (n:Article) ON (n.articleId)",
       "CREATE INDEX event_date IF NOT EXISTS FOR (n:Event) ON (n.date)"]
    + [f"CREATE INDEX {t.lower()}_id IF NOT EXISTS FOR ()-[r:{t}]-() ON (r.id)"
       for t in REL_TYPES if t not in ("MENTIONED_IN", "IN_OFFICE_OF", "POST_IN")]
)


# ----------------------------------------------------------------------------- values


def date_value(text: str | None) -> dt.date | str | None:
    """A :class:`~kg.model.PartialDate` ISO text as a Neo4j value.

    >>> date_value("2021-12-15"), date_value("--12-15"), date_value("2020"), date_value("soon")
    (datetime.date(2021, 12, 15), '--12-15', '2020', None)
    """
    if not text:
        return None
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            return text
    if re.fullmatch(r"--\d{2}-\d{2}|\d{4}-\d{2}|\d{4}", text):
        return text
    return None  # not a date form the RDF output writes either


def _date_text(text: str | None) -> str | None:
    v = date_value(text)
    return v.isoformat() if isinstance(v, dt.date) else v


def _value(key: str, v: Any) -> Any:
    """A model property as a Neo4j property value (scalars, homogeneous lists; else JSON text)."""
    if key in DATE_KEYS and isinstance(v, str):
        return date_value(v)
    if v is None or isinstance(v, (str, int, float, bool)):
        return v
    if isinstance(v, (list, tuple)):
        if all(isinstance(x, str) for x in v):
            return list(v)
        if all(isinstance(x, bool) for x in v) or all(isinstance(x, int) and not isinstance(x, bool) for x in v):
            return list(v)
    return json.dumps(v, ensure_ascii=False, sort_keys=True)


def _camel(key: str) -> str:
    head, *rest = key.split("_")
    return head + "".join(w.title() for w in rest)


def node_props(n: Node) -> dict[str, Any]:
    """The properties of node ``n`` in Neo4j (``id`` is the MERGE key, not repeated here)."""
    props: dict[str, Any] = {"iri": RESOURCE + n.id, "label": n.label, "name": n.label}
    if n.type != "Article":
        aliases = unique(n.aliases)
        props["aliases"] = aliases
        props["searchKey"] = unique(fold(x) for x in [n.label, *aliases])
    for k, v in n.props.items():
        props[_camel(k)] = _value(k, v)
    if n.type == "Event":
        props.setdefault("kind", "event")
        props["generic"] = bool(n.props.get("generic"))
    return _no_empty_lists(props)


def _no_empty_lists(props: dict[str, Any]) -> dict[str, Any]:
    """An empty list is no property (null), as the bulk import reads an empty array field;
    ``SET n += {aliases: null}`` removes what an earlier load wrote."""
    return {k: None if isinstance(v, list) and not v else v for k, v in props.items()}


def _sources(provs: Iterable[Provenance], prefix: str = "source") -> dict[str, list]:
    provs = list(provs)
    if prefix:
        return {"sourceArticles": [p.article for p in provs], "sourceSentences": [p.sentence for p in provs],
                "sourceStarts": [p.start for p in provs], "sourceEnds": [p.end for p in provs],
                "sourceRules": [p.rule for p in provs]}
    return {"sentences": [p.sentence for p in provs], "starts": [p.start for p in provs],
            "ends": [p.end for p in provs], "rules": [p.rule for p in provs]}


# ----------------------------------------------------------------------------- the plan


@dataclass
class Step:
    """One kind of write: nodes of a label, or relationships of a type between two labels."""

    kind: str  # node | rel
    name: str  # label or relationship type
    batch_query: str  # UNWIND $rows …
    row_query: str  # the same for one row ($id, $props …): the per-row baseline
    rows: list[dict[str, Any]] = field(default_factory=list)
    params: dict[str, Any] = field(default_factory=dict)  # besides $rows: the type of a relationship


# A node batch returns the element ids of its nodes; relationship batches find their ends by
# those (NodeByElementIdSeek) and take their type as a parameter ($($type)), so every batch of
# relationships is one of two query texts, planned once. On a cold server each distinct text
# costs a plan (some 0.1-0.3 s of a warming JVM): one text per type and pair of labels
# made the first load of a few articles take seconds.
_REL_BATCH = ("UNWIND $rows AS r MATCH (a) WHERE elementId(a) = r.a MATCH (b) WHERE elementId(b) = r.b "
              "MERGE (a)-[x:$($type){key}]->(b) SET x += r.props")
REL_BATCH_KEYED = _REL_BATCH.replace("{key}", " {id: r.id}")
REL_BATCH = _REL_BATCH.replace("{key}", "")


def _node_step(label: str) -> Step:
    return Step("node", label,
                f"UNWIND $rows AS r MERGE (n:{label} {{id: r.id}}) SET n += r.props "
                f"RETURN r.id AS id, elementId(n) AS eid",
                f"MERGE (n:{label} {{id: $id}}) SET n += $props")


def _rel_step(rel: str, src: str, dst: str, keyed: bool) -> Step:
    key1 = " {id: $id}" if keyed else ""
    return Step("rel", rel, REL_BATCH_KEYED if keyed else REL_BATCH,
                f"MATCH (a:{src} {{id: $from}}) MATCH (b:{dst} {{id: $to}}) "
                f"MERGE (a)-[x:{rel}{key1}]->(b) SET x += $props",
                params={"type": rel})


def fact_rel_type(fact_type: str, props: dict, object_type: str) -> str | None:
    """The relationship type of a fact of the graph (None for a fact type Neo4j does not hold)."""
    if fact_type == "Tenure":
        return "HELD_ROLE" if object_type == "InternationalRole" else "HOLDS"
    if fact_type == "Participation":
        return "CHAIRED" if props.get("role") == "chair" else "ATTENDED"
    if fact_type == "Issued":
        return "ISSUED"
    if fact_type == "DirectiveLink":
        return "REVIEWS" if props.get("relation") == "reviews" else "IMPLEMENTS"
    return None


@dataclass
class LoadPlan:
    steps: list[Step]
    skipped: list[tuple[str, str]]

    @property
    def nodes(self) -> int:
        return sum(len(s.rows) for s in self.steps if s.kind == "node")

    @property
    def relationships(self) -> int:
        return sum(len(s.rows) for s in self.steps if s.kind == "rel")


def _borrowed_sources(graph: KnowledgeGraph) -> dict[str, list[Provenance]]:
    try:
        from kg.rdf import borrowed_sources
    except ImportError:  # an RDF writer without borrowed sources: nodes keep their own only
        return {}
    return borrowed_sources(graph)


def plan_load(graph: KnowledgeGraph) -> LoadPlan:
    """Rows to write, grouped into steps (nodes first, by label; then relationships)."""
    nodes = graph.nodes
    node_steps = {lab: _node_step(lab) for lab in LABELS}
    skipped: list[tuple[str, str]] = []
    for nid in sorted(nodes):
        n = nodes[nid]
        if n.type not in node_steps:
            skipped.append((nid, f"unknown node type {n.type}"))
            continue
        node_steps[n.type].rows.append({"id": nid, "props": node_props(n)})

    rel_steps: dict[tuple[str, str, str], Step] = {}

    def add_rel(rel: str, src: Node, dst: Node, row: dict, keyed: bool = True) -> None:
        k = (rel, src.type, dst.type)
        if k not in rel_steps:
            rel_steps[k] = _rel_step(rel, src.type, dst.type, keyed)
        rel_steps[k].rows.append(row)

    # posts in their organisations
    for nid in sorted(nodes):
        n = nodes[nid]
        org = n.props.get("org") if n.type in ("Office", "InternationalRole") else None
        if org and org in nodes:
            rel = "IN_OFFICE_OF" if n.type == "Office" else "POST_IN"
            add_rel(rel, n, nodes[org], {"from": nid, "to": org, "props": {}}, keyed=False)

    # facts
    for fid in sorted(graph.facts):
        f = graph.facts[fid]
        src, dst = nodes.get(f.subject), nodes.get(f.object)
        if src is None or dst is None:
            skipped.append((fid, f"its {'subject' if src is None else 'object'} is not in the graph"))
            continue
        rel = fact_rel_type(f.type, f.props, dst.type)
        if rel is None:
            skipped.append((fid, f"unknown fact type {f.type}"))
            continue
        props: dict[str, Any] = {"iri": RESOURCE + fid}
        for k, v in f.props.items():
            props[_camel(k)] = _value(k, v)
        if f.type == "Tenure":
            props["attested"] = [d for d in (_date_text(x) for x in f.props.get("attested", [])) if d]
            props["reelected"] = bool(f.props.get("reelected"))
            props["holderKind"] = src.type
        elif f.type == "Participation":
            props["role"] = "chair" if rel == "CHAIRED" else "participant"
            props["details"] = unique(f.props.get("details", []))
            props["qualifier"] = unique(f.props.get("qualifier", []))
        elif f.type == "DirectiveLink":
            props["relation"] = "reviews" if rel == "REVIEWS" else "implements"
        props.update(_sources(f.sources))
        add_rel(rel, src, dst, {"id": fid, "from": f.subject, "to": f.object, "props": _no_empty_lists(props)})

    # mentions: one relationship per entity and article. A node the resolver made without a
    # sentence of its own (the country of a role, the organisation inside an office title)
    # borrows the sentences of the facts that name it, as in the RDF output.
    article_node = {n.props.get("article_id"): n for n in nodes.values() if n.type == "Article"}
    borrowed = _borrowed_sources(graph)
    for nid in sorted(nodes):
        n = nodes[nid]
        sources = n.sources or borrowed.get(nid, [])
        if n.type == "Article" or not sources:
            continue
        by_article: dict[str, list[Provenance]] = defaultdict(list)
        for p in sources:
            by_article[p.article].append(p)
        for art, provs in sorted(by_article.items()):
            a = article_node.get(art)
            if a is None:
                skipped.append((nid, f"mentioned in article {art}, which is not in the graph"))
                continue
            add_rel("MENTIONED_IN", n, a, {"from": nid, "to": a.id, "props": _sources(provs, prefix="")},
                    keyed=False)

    steps = [s for s in node_steps.values() if s.rows]
    steps += [rel_steps[k] for k in sorted(rel_steps)]
    return LoadPlan(steps, skipped)


# ----------------------------------------------------------------------------- loading


@dataclass
class LoadSummary:
    """What a load did: per label and relationship type, rows written and how many were new."""

    uri: str
    database: str
    nodes: dict[str, int] = field(default_factory=dict)  # label -> rows written
    nodes_created: dict[str, int] = field(default_factory=dict)
    relationships: dict[str, int] = field(default_factory=dict)  # type -> rows written
    relationships_created: dict[str, int] = field(default_factory=dict)
    deleted_nodes: int = 0
    deleted_relationships: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)
    batches: int = 0
    seconds: float = 0.0
    write_seconds: float = 0.0  # the MERGE steps alone (no schema, no wipe)
    rel_seconds: float = 0.0  # the relationship steps alone

    @property
    def total_nodes(self) -> int:
        return sum(self.nodes.values())

    @property
    def total_relationships(self) -> int:
        return sum(self.relationships.values())

    @property
    def created_nodes(self) -> int:
        return sum(self.nodes_created.values())

    @property
    def created_relationships(self) -> int:
        return sum(self.relationships_created.values())

    @property
    def updated_nodes(self) -> int:
        return self.total_nodes - self.created_nodes

    @property
    def updated_relationships(self) -> int:
        return self.total_relationships - self.created_relationships

    def relationships_per_second(self) -> float:
        return self.total_relationships / self.rel_seconds if self.rel_seconds else 0.0


Progress = Callable[[str, int, int], None]  # (what, rows done, rows in all)


def _record(summary: LoadSummary, step: Step, counters) -> None:
    if step.kind == "node":
        summary.nodes_created[step.name] += counters.nodes_created
    else:
        summary.relationships_created[step.name] += counters.relationships_created


def _count_rows(summary: LoadSummary, step: Step) -> None:
    target = summary.nodes if step.kind == "node" else summary.relationships
    target[step.name] = target.get(step.name, 0) + len(step.rows)
    created = summary.nodes_created if step.kind == "node" else summary.relationships_created
    created.setdefault(step.name, 0)


def _schema_name(stmt: str) -> str:
    return stmt.split()[2]  # CREATE CONSTRAINT|INDEX <name> IF NOT EXISTS …


def create_schema(driver, database: str) -> int:
    """Uniqueness constraints on ``id`` per label and the lookup indexes (idempotent).

    Only those missing are created, all in one transaction, and only then does it wait for
    the indexes to come online: on a database that has them (every load but the first) this
    is two questions to the server, not one schema transaction per statement — on a cold
    server each of those cost a plan and a commit. Returns how many were created.
    """
    have = {r["name"] for q in ("SHOW CONSTRAINTS YIELD name", "SHOW INDEXES YIELD name")
            for r in driver.execute_query(q, database_=database).records}
    missing = [stmt for stmt in SCHEMA if _schema_name(stmt) not in have]
    if not missing:
        return 0
    with driver.session(database=database) as session:
        session.execute_write(_run_all, missing)
    driver.execute_query("CALL db.awaitIndexes(300)", database_=database)
    return len(missing)


def _run_all(tx, statements: list[str]) -> None:
    for stmt in statements:
        tx.run(stmt).consume()


def wipe_database(driver, database: str) -> tuple[int, int]:
    """Delete every node and relationship, in batches; returns (nodes, relationships) deleted."""
    with driver.session(database=database) as session:
        result = session.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS")
        counters = result.consume().counters  # summed over the inner transactions
    return counters.nodes_deleted, counters.relationships_deleted


def _graph(graph: KnowledgeGraph | str | Path) -> KnowledgeGraph:
    if isinstance(graph, KnowledgeGraph):
        return graph
    from kg.build import load_graph

    return load_graph(graph)


def load_neo4j(graph: KnowledgeGraph | str | Path, uri: str | None = None, user: str | None = None,
               password: str | None = None, database: str | None = None, wipe: bool = False,
               progress: Progress | None = None, batch_size: int = BATCH_SIZE) -> LoadSummary:
    """Write ``graph`` (a :class:`KnowledgeGraph` or a folder written by ``kg build``) to Neo4j.

    Settings not given come from ``NEO4J_URI``, ``NEO4J_USER``, ``NEO4J_PASSWORD``,
    ``NEO4J_DATABASE`` or ``.env`` (see :func:`kg.neo4j.neo4j_settings`). ``wipe`` deletes
    every node and relationship first. ``progress(what, done, total)`` is called after each
    batch. Raises :class:`~kg.errors.GraphNotFoundError` for a folder without a graph and
    :class:`~kg.errors.Neo4jError` when Neo4j cannot be reached or refuses the login.

    >>> s = load_neo4j("kg-out", wipe=True)                      # doctest: +SKIP
    >>> s.total_nodes, s.created_relationships                    # doctest: +SKIP
    (96, 154)
    """
    from kg.neo4j import connect

    g = _graph(graph)
    plan = plan_load(g)
    t0 = time.perf_counter()
    with connect(uri, user, password, database) as (driver, s):
        summary = LoadSummary(s.uri, s.database, skipped=list(plan.skipped))
        if wipe:
            summary.deleted_nodes, summary.deleted_relationships = wipe_database(driver, s.database)
        create_schema(driver, s.database)
        total = plan.nodes + plan.relationships
        done = 0
        if progress:
            progress("nodes", 0, total)
        w0 = time.perf_counter()
        with driver.session(database=s.database) as session:
            # batches of several steps share a transaction up to ``batch_size`` rows: a small
            # graph is one commit (each commit flushes the server's log), a big one as many
            # as before
            pending: list[tuple[Step, list[dict]]] = []
            element_ids: dict[str, str] = {}  # node id -> Neo4j element id, from the node batches

            def flush() -> None:
                nonlocal done
                t = time.perf_counter()
                counters = session.execute_write(_write_batches, pending, element_ids)
                spent = time.perf_counter() - t
                rows_in = sum(len(rows) for _, rows in pending)
                for (st, rows), c in zip(pending, counters):
                    _record(summary, st, c)
                    if st.kind == "rel":
                        summary.rel_seconds += spent * len(rows) / rows_in
                summary.batches += 1
                done += rows_in
                if progress:
                    st = pending[-1][0]
                    progress(f"{st.kind}s {st.name}", done, total)
                pending.clear()

            for step in plan.steps:
                _count_rows(summary, step)
                for i in range(0, len(step.rows), batch_size):
                    batch = step.rows[i:i + batch_size]
                    if pending and sum(len(rows) for _, rows in pending) + len(batch) > batch_size:
                        flush()
                    pending.append((step, batch))
            if pending:
                flush()
        summary.write_seconds = time.perf_counter() - w0
    summary.seconds = time.perf_counter() - t0
    return summary


def _write_batches(tx, batches: list[tuple[Step, list[dict]]], element_ids: dict[str, str]) -> list:
    """Run ``(step, rows)`` batches in one transaction; their counters, in order.

    Node batches record the element ids of their nodes in ``element_ids``; relationship
    batches find their ends by them (set again if the transaction is retried).
    """
    out = []
    for step, rows in batches:
        if step.kind == "node":
            result = tx.run(step.batch_query, rows=rows, **step.params)
            element_ids.update((r["id"], r["eid"]) for r in result)
        else:
            ends = [{"a": element_ids[r["from"]], "b": element_ids[r["to"]], "id": r.get("id"),
                     "props": r["props"]} for r in rows]
            result = tx.run(step.batch_query, rows=ends, **step.params)
        out.append(result.consume().counters)
    return out


def load_neo4j_per_row(graph: KnowledgeGraph | str | Path, uri: str | None = None,
                       user: str | None = None, password: str | None = None,
                       database: str | None = None, wipe: bool = False) -> LoadSummary:
    """The naive baseline: the same writes, one auto-commit query (one round trip) per row.

    For the loading benchmark only; ``kg load neo4j`` uses :func:`load_neo4j`.
    """
    from kg.neo4j import connect

    g = _graph(graph)
    plan = plan_load(g)
    t0 = time.perf_counter()
    with connect(uri, user, password, database) as (driver, s):
        summary = LoadSummary(s.uri, s.database, skipped=list(plan.skipped))
        if wipe:
            summary.deleted_nodes, summary.deleted_relationships = wipe_database(driver, s.database)
        create_schema(driver, s.database)
        w0 = time.perf_counter()
        with driver.session(database=s.database) as session:
            for step in plan.steps:
                _count_rows(summary, step)
                r0 = time.perf_counter()
                for row in step.rows:
                    counters = session.run(step.row_query, row).consume().counters
                    _record(summary, step, counters)
                    summary.batches += 1
                if step.kind == "rel":
                    summary.rel_seconds += time.perf_counter() - r0
        summary.write_seconds = time.perf_counter() - w0
    summary.seconds = time.perf_counter() - t0
    return summary


def count_graph(driver, database: str) -> dict[str, int]:
    """Nodes per label and relationships per type now in the database (for checks and tests)."""
    out: dict[str, int] = {}
    for lab in LABELS:
        out[lab] = driver.execute_query(f"MATCH (n:{lab}) RETURN count(n) AS n", database_=database).records[0]["n"]
    for rel in REL_TYPES:
        out[rel] = driver.execute_query(f"MATCH ()-[r:{rel}]->() RETURN count(r) AS n",
                                        database_=database).records[0]["n"]
    return out
