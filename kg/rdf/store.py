"""The embedded SPARQL store: an on-disk Oxigraph store written by ``kg build``.

``kg query`` opens it directly — no Turtle is parsed again, no server runs.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from kg.errors import GraphNotFoundError

STORE_DIR = "store"


def write_store(graph, out: Path) -> int:
    """Write ``graph`` as a fresh store at ``out/store`` and its Turtle at ``out/graph.ttl``.

    The store is built beside the old one and swapped in, so a reader never sees half a
    store. Returns the number of triples.
    """
    import os
    import tempfile

    from kg.rdf import to_store, turtle

    path = out / STORE_DIR
    tmp = Path(tempfile.mkdtemp(dir=out, prefix=".store-"))
    shutil.rmtree(tmp)
    store = to_store(graph, tmp)
    count = len(store)
    fd, ttl_tmp = tempfile.mkstemp(dir=out, prefix=".graph.ttl.")
    os.close(fd)
    turtle(store, ttl_tmp)
    os.chmod(ttl_tmp, 0o644)
    del store
    old = None
    if path.exists():
        old = out / f".store-old-{os.getpid()}"
        path.rename(old)
    tmp.rename(path)
    os.replace(ttl_tmp, out / "graph.ttl")
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
    return count


def open_store(graph_dir: Path, read_only: bool = True):
    """Open the store of a built graph folder; :class:`GraphNotFoundError` if there is none."""
    import pyoxigraph as ox

    path = Path(graph_dir) / STORE_DIR
    if not path.is_dir():
        raise GraphNotFoundError(f"no built graph in {graph_dir}")
    return ox.Store.read_only(str(path)) if read_only else ox.Store(str(path))
