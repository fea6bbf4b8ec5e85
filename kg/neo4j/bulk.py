"""Bulk import into a fresh Neo4j database: the graph as CSV files for the server's own
import tool (``neo4j-admin database import full``), run on a stopped database, then the
constraints and indexes of :data:`kg.neo4j.load.SCHEMA`.

The rows are those of the batched load (:func:`kg.neo4j.load.plan_load`), so the database
holds the same nodes, relationships and properties, of the same types, as after
``kg load neo4j``: one CSV file per label (or relationship type) and *set of property
types* — a property is a ``date`` in one row and text in another (``2021-12-15`` and
``2021``), and a CSV column has one type, so rows are grouped by the types of their values.
Headers name the types (``id:ID``, ``:START_ID``, ``:END_ID``, ``ordinal:long``,
``start:date``, ``aliases:string[]``); list values are joined by U+001F, a character the
readers never let into text (control characters are removed when reading). Node ids are one
id space: the graph's node ids are unique across labels.

>>> files = write_import_files(graph, Path("neo4j-import"))     # doctest: +SKIP
>>> files.args()[:2]                                           # doctest: +SKIP
['--nodes=Article=nodes-Article-0.csv', '--nodes=Country=nodes-Country-0.csv']
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import json
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from kg.errors import Neo4jError
from kg.model import KnowledgeGraph

ARRAY_DELIMITER = "\x1f"  # U+001F: never in text read by kg
ARGS_FILE = "import.args"

# the options every import gets (file paths are relative to the folder of the CSV files)
IMPORT_OPTIONS = ["--overwrite-destination=true", "--array-delimiter=U+001F", "--multiline-fields=true",
                  "--bad-tolerance=0", "--skip-bad-relationships=false", "--skip-duplicate-nodes=false",
                  "--id-type=string"]


@dataclass
class ImportFiles:
    """What :func:`write_import_files` wrote: the folder, the ``--nodes``/``--relationships``
    arguments (paths relative to the folder) and the counts."""

    folder: Path
    nodes: list[tuple[str, str]] = field(default_factory=list)  # (label, file name)
    relationships: list[tuple[str, str]] = field(default_factory=list)  # (type, file name)
    node_count: int = 0
    relationship_count: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)
    seconds: float = 0.0

    def args(self) -> list[str]:
        """The options of ``neo4j-admin database import full`` run in :attr:`folder` (the
        database's name comes last, after them)."""
        return ([f"--nodes={label}={name}" for label, name in self.nodes]
                + [f"--relationships={rel}={name}" for rel, name in self.relationships]
                + IMPORT_OPTIONS)


_SCALARS = {bool: "boolean", int: "long", float: "double", str: "string", dt.date: "date"}


def csv_type(value: Any) -> str | None:
    """The CSV header type of a property value as the batched load writes it; None: not written.

    A list is typed by its first item: a Neo4j list property holds one type, so every list of
    the load's rows does (:func:`kg.neo4j.load._value` writes any other list as JSON text).
    """
    if value is None:
        return None
    kind = _SCALARS.get(type(value))
    if kind is not None:
        return kind
    if isinstance(value, (list, tuple)):
        return _SCALARS.get(type(value[0]), "string") + "[]" if value else "string[]"
    raise ValueError(f"no CSV type for {value!r}")


def csv_value(value: Any, kind: str) -> str:
    if kind == "string":
        return value
    if kind == "string[]":
        text = ARRAY_DELIMITER.join(value)
        if text.count(ARRAY_DELIMITER) != len(value) - 1:
            raise ValueError("a list item holds U+001F")
        return text
    if kind.endswith("[]"):
        return ARRAY_DELIMITER.join(("true" if x else "false") if kind == "boolean[]" else str(x) for x in value)
    if kind == "boolean":
        return "true" if value else "false"
    if kind == "date":
        return value.isoformat()
    return str(value)


def write_import_files(graph: KnowledgeGraph, folder: str | Path) -> ImportFiles:
    """Write the CSV files of ``graph`` and ``import.args`` (the options of the import, one a
    line; the database's name goes after them) into ``folder`` (made if needed; CSV files of
    an earlier import there are replaced)."""
    from kg.neo4j.load import plan_load

    t0 = time.perf_counter()
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    for old in list(folder.glob("nodes-*.csv")) + list(folder.glob("rels-*.csv")):
        old.unlink()
    plan = plan_load(graph)
    files = ImportFiles(folder, skipped=list(plan.skipped))
    groups: dict[tuple[str, str, tuple], list[dict]] = {}
    for step in plan.steps:
        for row in step.rows:
            props = {k: v for k, v in row["props"].items() if v is not None}
            if step.kind == "rel" and row.get("id") is not None:
                props = {"id": row["id"], **props}
            sig = tuple(sorted((k, csv_type(v)) for k, v in props.items()))
            groups.setdefault((step.kind, step.name, sig), []).append({**row, "props": props})
    counters: dict[tuple[str, str], int] = {}
    for (kind, name, sig), rows in sorted(groups.items(), key=lambda kv: (kv[0][0] != "node", kv[0][1], kv[0][2])):
        n = counters.get((kind, name), 0)
        counters[(kind, name)] = n + 1
        fname = f"{'nodes' if kind == 'node' else 'rels'}-{name}-{n}.csv"
        if kind == "node":
            head = ["id:ID"] + [f"{k}:{t}" for k, t in sig]
        else:
            head = [":START_ID", ":END_ID"] + [f"{k}:{t}" for k, t in sig]
        with open(folder / fname, "w", encoding="utf-8", newline="") as fh:
            w = csv.writer(fh, quoting=csv.QUOTE_ALL, lineterminator="\n")
            w.writerow(head)
            for row in rows:
                values = [csv_value(row["props"][k], t) for k, t in sig]
                w.writerow(([row["id"]] if kind == "node" else [row["from"], row["to"]]) + values)
        if kind == "node":
            files.nodes.append((name, fname))
            files.node_count += len(rows)
        else:
            files.relationships.append((name, fname))
            files.relationship_count += len(rows)
    (folder / ARGS_FILE).write_text("\n".join(files.args()) + "\n", encoding="utf-8")
    files.seconds = time.perf_counter() - t0
    return files


# ----------------------------------------------------------------------------- importing


@dataclass
class BulkSummary:
    """What a bulk import did, and how long each step took (seconds)."""

    uri: str
    database: str
    nodes: int = 0
    relationships: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)
    folder: Path | None = None
    write_seconds: float = 0.0  # the CSV files
    stop_seconds: float = 0.0  # stopping the server
    import_seconds: float = 0.0  # neo4j-admin database import full
    start_seconds: float = 0.0  # starting it again
    schema_seconds: float = 0.0  # constraints and indexes, online
    seconds: float = 0.0

    def relationships_per_second(self) -> float:
        return self.relationships / self.import_seconds if self.import_seconds else 0.0


Progress = Callable[[str], None]


def bulk_load_neo4j(graph: KnowledgeGraph | str | Path, *, uri: str | None = None, user: str | None = None,
                    password: str | None = None, database: str | None = None, wipe: bool = False,
                    folder: str | Path | None = None, progress: Progress | None = None) -> BulkSummary:
    """Replace the database with ``graph`` by the server's import tool, on the local server
    (``scripts/neo4j-local``): write the CSV files (into ``folder``, else a temporary folder
    removed afterwards), stop the server, import, start it again, create the constraints and
    indexes. The server is started first if it is not running, to check that the database
    is empty: one holding nodes is replaced only with ``wipe``.

    Raises :class:`~kg.errors.Neo4jError` when the script is missing, the server does not
    start or stop, the database holds nodes and ``wipe`` is not given, or the import fails
    (its report's last lines are in the message).
    """
    from kg.neo4j import LOCAL_SCRIPT, connect, neo4j_settings
    from kg.neo4j.load import _graph, create_schema

    say = progress or (lambda msg: None)
    t0 = time.perf_counter()
    g = _graph(graph)
    s = neo4j_settings(uri, user, password, database)
    if not LOCAL_SCRIPT.is_file():
        raise Neo4jError(f"{LOCAL_SCRIPT} is missing (kg is not run from its repository)",
                         "with Docker, write the files with `kg load neo4j --bulk --csv DIR` and run the import "
                         "as the README shows")
    summary = BulkSummary(s.uri, s.database)
    if _script("status").returncode != 0:
        say("starting the server")
        _script_checked("start")
    with connect(uri, user, password, database) as (driver, settings):
        held = driver.execute_query("MATCH (n) RETURN count(n) AS n", database_=settings.database).records[0]["n"]
    if held and not wipe:
        raise Neo4jError(f"the database '{s.database}' at {s.uri} holds {held} nodes, and --bulk replaces it whole",
                         "add --wipe to replace it, or load into it with `kg load neo4j` (no --bulk)")
    temporary = folder is None
    out = Path(tempfile.mkdtemp(prefix="kg-neo4j-import-")) if temporary else Path(folder)
    try:
        say("writing the CSV files")
        files = write_import_files(g, out)
        summary.write_seconds = files.seconds
        summary.nodes, summary.relationships = files.node_count, files.relationship_count
        summary.skipped, summary.folder = files.skipped, None if temporary else out
        say("stopping the server")
        t = time.perf_counter()
        _script_checked("stop")
        summary.stop_seconds = time.perf_counter() - t
        say("importing")
        t = time.perf_counter()
        r = _script("import", str(out), s.database, timeout=24 * 3600)
        summary.import_seconds = time.perf_counter() - t
        if r.returncode != 0:
            _script("start")  # the database as it was: the script replaces it only after a good import
            tail = " / ".join(line for line in (r.stderr or r.stdout).strip().splitlines()[-4:])
            raise Neo4jError(f"the import tool failed, and the database is as it was: {tail[:600]}",
                             "see import.report in the import folder (kg load neo4j --bulk --csv DIR keeps it)")
    finally:
        if temporary:
            shutil.rmtree(out, ignore_errors=True)
    say("starting the server")
    t = time.perf_counter()
    _script_checked("start")
    summary.start_seconds = time.perf_counter() - t
    say("creating constraints and indexes")
    t = time.perf_counter()
    with connect(uri, user, password, database) as (driver, settings):
        create_schema(driver, settings.database)
    summary.schema_seconds = time.perf_counter() - t
    summary.seconds = time.perf_counter() - t0
    return summary


def _script(action: str, *args: str, timeout: float = 600) -> subprocess.CompletedProcess:
    from kg.neo4j import LOCAL_SCRIPT

    return subprocess.run(["bash", str(LOCAL_SCRIPT), action, *args], capture_output=True, text=True,
                          timeout=timeout)


def _script_checked(action: str) -> None:
    r = _script(action)
    if r.returncode != 0:
        tail = " / ".join((r.stderr or r.stdout).strip().splitlines()[-3:])
        raise Neo4jError(f"scripts/neo4j-local {action} failed: {tail[:400]}",
                         "see the server's log (KG_NEO4J_HOME/logs/console.log)")


# ----------------------------------------------------------------------------- comparing


def database_checksum(driver, database: str) -> dict[str, Any]:
    """Counts and a checksum of everything in the database: every node's labels and
    properties, every relationship's type, ends (by ``id``) and properties, in a canonical
    order; two databases with the same checksum hold the same graph, value types included
    (a ``date`` and the text of the same day differ)."""
    def canon(v: Any) -> Any:
        if isinstance(v, list):
            return [canon(x) for x in v]
        if hasattr(v, "iso_format"):  # neo4j.time.Date
            return {"date": v.iso_format()}
        if isinstance(v, float):
            return {"double": repr(v)}
        return v

    nodes, rels = [], []
    for r in driver.execute_query("MATCH (n) RETURN labels(n) AS l, properties(n) AS p", database_=database).records:
        nodes.append(json.dumps([sorted(r["l"]), {k: canon(v) for k, v in r["p"].items()}], sort_keys=True,
                                ensure_ascii=False))
    for r in driver.execute_query("MATCH (a)-[x]->(b) RETURN type(x) AS t, a.id AS a, b.id AS b, "
                                  "properties(x) AS p", database_=database).records:
        rels.append(json.dumps([r["t"], r["a"], r["b"], {k: canon(v) for k, v in r["p"].items()}], sort_keys=True,
                               ensure_ascii=False))
    h = hashlib.sha256()
    for line in sorted(nodes) + ["--"] + sorted(rels):
        h.update(line.encode("utf-8", "surrogatepass") + b"\n")
    return {"nodes": len(nodes), "relationships": len(rels), "sha256": h.hexdigest()}
