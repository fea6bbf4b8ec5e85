"""The embedded SPARQL store: an on-disk Oxigraph store written by ``kg build``.

``kg query`` opens it directly — no Turtle is parsed again, no server runs.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from kg.errors import GraphNotFoundError

STORE_DIR = "store"


def write_store(turtle: Path, out: Path) -> Path:
    """Load ``turtle`` into a fresh store at ``out/store`` (replacing an old one)."""
    import pyoxigraph as ox

    path = out / STORE_DIR
    if path.exists():
        shutil.rmtree(path)
    store = ox.Store(str(path))
    store.bulk_load(path=str(turtle), format=ox.RdfFormat.TURTLE)
    store.optimize()
    store.flush()
    del store
    return path


def open_store(graph_dir: Path, read_only: bool = True):
    """Open the store of a built graph folder; :class:`GraphNotFoundError` if there is none."""
    import pyoxigraph as ox

    path = Path(graph_dir) / STORE_DIR
    if not path.is_dir():
        raise GraphNotFoundError(f"no built graph in {graph_dir}")
    return ox.Store.read_only(str(path)) if read_only else ox.Store(str(path))
