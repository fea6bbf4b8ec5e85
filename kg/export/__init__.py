"""Outputs of the graph for people: files to open and share.

A small registry: each format name maps to the module and function that writes it,
imported only when used, and ``kg export --help`` is built from it.

* ``html`` — one self-contained interactive page (vis-network via pyvis, works offline):
  :func:`kg.export.html.export_html`.
"""

from __future__ import annotations

from importlib import import_module
from typing import Callable

DEFAULT_MAX_NODES = 1500  # nodes drawn at most in an HTML page unless --max-nodes says otherwise

# name -> (module, function, one line for --help)
FORMATS: dict[str, tuple[str, str, str]] = {
    "html": ("kg.export.html", "export_html",
             "one self-contained interactive HTML page (works offline, no CDN)"),
}


def exporter(name: str) -> Callable:
    """The function that writes format ``name``; raises ExportError for an unknown one."""
    from kg.errors import ExportError

    try:
        module, func, _ = FORMATS[name]
    except KeyError:
        raise ExportError(f"unknown export format '{name}'", "use one of: " + ", ".join(FORMATS)) from None
    return getattr(import_module(module), func)
