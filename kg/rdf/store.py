"""The embedded SPARQL store: an on-disk Oxigraph store written by ``kg build``.

``kg build`` writes it (:mod:`kg.write`); ``kg query`` opens it directly — no Turtle is
parsed again, no server runs. Besides the graph (the default graph, as ``graph.ttl``) it
holds the query index, the named graph ``kgr:index`` (see the ``kgi:`` terms of
``schema.ttl``).
"""

from __future__ import annotations

from pathlib import Path

from kg.errors import GraphNotFoundError

STORE_DIR = "store"


def open_store(graph_dir: Path, read_only: bool = True):
    """Open the store of a built graph folder; :class:`GraphNotFoundError` if there is none."""
    import pyoxigraph as ox

    path = Path(graph_dir) / STORE_DIR
    if not path.is_dir():
        raise GraphNotFoundError(f"no built graph in {graph_dir}")
    return ox.Store.read_only(str(path)) if read_only else ox.Store(str(path))
