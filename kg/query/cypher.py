"""Cypher backend: a question of the pack run on Neo4j (a graph loaded by ``kg load neo4j``).

Parameters go to the driver as ``$name`` values, never into the query text. The password
comes from ``NEO4J_PASSWORD`` or ``.env`` only (see :func:`kg.neo4j.neo4j_settings`).
"""

from __future__ import annotations

from typing import Any

from kg.errors import QueryError
from kg.query import Query, Result


def plain_value(v: Any) -> Any:
    """A driver value as plain data: temporal values as ISO text, nodes and paths as dicts."""
    from neo4j.graph import Node, Path, Relationship

    if v is None or isinstance(v, (str, int, float, bool)):
        return v
    if isinstance(v, (list, tuple)):
        return [plain_value(x) for x in v]
    if isinstance(v, dict):
        return {k: plain_value(x) for k, x in v.items()}
    if isinstance(v, (Node, Relationship)):
        return {k: plain_value(x) for k, x in v.items()}
    if isinstance(v, Path):
        return [plain_value(n) for n in v.nodes]
    if hasattr(v, "iso_format"):
        return v.iso_format()
    return str(v)


def run_cypher(q: Query, params: dict[str, Any], uri: str | None = None, user: str | None = None,
               database: str | None = None, driver=None) -> Result:
    """Run question ``q`` with ``params`` bound as ``$name``; rows as plain values.

    List columns (``# lists:``) come back as Python lists. Raises
    :class:`~kg.errors.Neo4jError` when Neo4j cannot be reached or refuses the login and
    :class:`~kg.errors.QueryError` when the query is malformed.
    """
    from neo4j.exceptions import ClientError, CypherSyntaxError, CypherTypeError

    from kg.neo4j import connect

    def run(drv, db: str) -> Result:
        try:
            records, _, keys = drv.execute_query(q.text, parameters_=dict(params), database_=db)
        except (CypherSyntaxError, CypherTypeError) as e:
            raise QueryError(f"the query '{q.name}' is malformed: {e.message}",
                             "fix the Cypher text (line and column above)") from None
        except ClientError as e:
            if (e.code or "").startswith("Neo.ClientError.Statement."):
                raise QueryError(f"the query '{q.name}' failed: {e.message}",
                                 "check the Cypher text and its parameters") from None
            raise
        columns = list(keys)
        rows = []
        for rec in records:
            row = {}
            for c in columns:
                v = plain_value(rec[c])
                if c in q.lists and not isinstance(v, list):
                    v = [] if v is None else [v]
                row[c] = v
            rows.append(row)
        return Result(columns, rows)

    if driver is not None:
        from kg.neo4j import neo4j_settings

        return run(driver, neo4j_settings(database=database).database)
    with connect(uri, user, None, database) as (drv, s):
        return run(drv, s.database)
