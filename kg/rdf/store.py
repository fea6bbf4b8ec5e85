"""The embedded SPARQL store: an on-disk Oxigraph store written by ``kg build``.

``kg query`` opens it directly — no Turtle is parsed again, no server runs.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from kg.errors import GraphNotFoundError

STORE_DIR = "store"


def write_store(graph, out: Path) -> int:
    """Write ``graph`` as a store at ``out/store`` and its Turtle at ``out/graph.ttl``.

    ``out`` is a folder being made (``kg build`` writes into a staging folder and switches
    it in whole, see :func:`kg.build.staging`). Returns the number of triples.
    """
    from kg.rdf import to_store, turtle

    path = out / STORE_DIR
    if path.exists():
        shutil.rmtree(path)
    store = to_store(graph, path)
    count = len(store)
    turtle(store, out / "graph.ttl")
    del store  # closes the store before the folder is switched in
    return count


def open_store(graph_dir: Path, read_only: bool = True):
    """Open the store of a built graph folder; :class:`GraphNotFoundError` if there is none."""
    import pyoxigraph as ox

    path = Path(graph_dir) / STORE_DIR
    if not path.is_dir():
        raise GraphNotFoundError(f"no built graph in {graph_dir}")
    return ox.Store.read_only(str(path)) if read_only else ox.Store(str(path))
