"""kg: a knowledge graph of Vietnamese diplomatic actors and events, built from news.

The package reads like the pipeline it runs::

    kg.read      articles (txt / html / jsonl) -> Article, with furniture removed
    kg.extract   Article -> ArticleFacts (pure, per article)
    kg.resolve   ArticleFacts... -> KnowledgeGraph (one node per real entity)
    kg.rdf       KnowledgeGraph -> Turtle + embedded SPARQL store (served by `kg serve`), SHACL validation
    kg.neo4j     KnowledgeGraph -> Neo4j (batched UNWIND), local server control
    kg.export    KnowledgeGraph -> self-contained HTML (pyvis), GraphML, GEXF, CSV (networkx)
    kg.analytics networkx questions over the graph
    kg.query     the query pack in queries/ over SPARQL or Cypher
"""

__version__ = "0.1.0"


def data_file(name: str):
    """A file shipped beside the package: ``schema.ttl``, ``shapes.ttl``, ``queries/``.

    Looks in the installed package data first, then in the source checkout. (Here, not in
    :mod:`kg.vocab`, so that ``kg query`` finds its queries without importing rdflib.)
    """
    from pathlib import Path

    here = Path(__file__).resolve().parent
    for candidate in (here / "_data" / name, here.parent / name):
        if candidate.exists():
            return candidate
    raise FileNotFoundError(name)
