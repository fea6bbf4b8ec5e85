"""The graph as RDF: the triples of the model, the embedded store, Turtle, SHACL, the server.

* :mod:`kg.rdf.graph`    — ``KnowledgeGraph -> triples`` (Oxigraph terms), Turtle, rdflib;
* :mod:`kg.rdf.store`    — the on-disk store ``kg build`` writes and ``kg query`` opens;
* :mod:`kg.rdf.names`    — the name index beside the store (folded names -> entities);
* :mod:`kg.rdf.validate` — SHACL validation; :mod:`kg.rdf.serve` — the SPARQL endpoint.

The names of :mod:`kg.rdf.graph` (``to_rdf``, ``triples``, ``turtle`` …) are reachable from
here too, imported on first use: ``kg query`` opens the store through :mod:`kg.rdf.store`
without importing rdflib.
"""

from __future__ import annotations


def __getattr__(name: str):
    if name.startswith("__") or name == "graph":
        raise AttributeError(name)  # `graph` is the submodule: the import system loads it
    from importlib import import_module

    graph = import_module("kg.rdf.graph")  # not `from kg.rdf import graph`: that would ask this function
    try:
        return getattr(graph, name)
    except AttributeError:
        raise AttributeError(f"module 'kg.rdf' has no attribute '{name}'") from None
