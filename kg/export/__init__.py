"""Outputs of the graph for people: files to open and share.

A small registry: each format name maps to the module and function that writes it,
imported only when used, and ``kg export --help`` is built from it.

* ``html`` — one self-contained interactive page (vis-network via pyvis, works offline):
  :func:`kg.export.html.export_html`;
* ``graphml``, ``gexf``, ``csv`` — the network for analysts (Gephi, Cytoscape, pandas),
  written by networkx's writers: :mod:`kg.export.network`.

Every writer takes the graph, the output path and the filters of
:func:`kg.analytics.select` (``focus``, ``depth``, ``types``, ``since``, ``until``).
"""

from __future__ import annotations

from importlib import import_module
from typing import Callable

DEFAULT_MAX_NODES = 1500  # nodes drawn at most in an HTML page unless --max-nodes says otherwise

# name -> (module, function, one line for --help)
FORMATS: dict[str, tuple[str, str, str]] = {
    "html": ("kg.export.html", "export_html",
             "one self-contained interactive HTML page (works offline, no CDN)"),
    "graphml": ("kg.export.network", "export_graphml",
                "GraphML for Gephi, Cytoscape, yEd, networkx or igraph"),
    "gexf": ("kg.export.network", "export_gexf", "GEXF for Gephi"),
    "csv": ("kg.export.network", "export_csv",
            "a node table and an edge table (OUT.nodes.csv, OUT.edges.csv) for pandas, spreadsheets, Gephi or Cytoscape"),
}


def exporter(name: str) -> Callable:
    """The function that writes format ``name``; raises ExportError for an unknown one."""
    from kg.errors import ExportError

    try:
        module, func, _ = FORMATS[name]
    except KeyError:
        raise ExportError(f"unknown export format '{name}'", "use one of: " + ", ".join(FORMATS)) from None
    return getattr(import_module(module), func)
