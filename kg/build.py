"""``kg build``: read → extract (per article, in parallel) → resolve → write.

The output folder holds:

* ``graph.ttl``  — the RDF graph (Turtle, terms from ``schema.ttl``);
* ``store/``     — the embedded SPARQL store ``kg query`` opens;
* ``graph.json`` — the resolved graph for Neo4j loading, HTML export and analytics;
* ``build.json`` — the summary: articles read, skipped (with reasons), duplicates, counts.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator

from kg.errors import InputError, KGError
from kg.extract import extract_facts
from kg.model import Article, ArticleFacts, KnowledgeGraph
from kg.read import Skipped, read_articles
from kg.resolve import Resolver

SAMPLE_CORPUS = Path(__file__).resolve().parent / "sample" / "corpus"
GRAPH_JSON, GRAPH_TTL, BUILD_JSON = "graph.json", "graph.ttl", "build.json"


@dataclass
class BuildSummary:
    out: Path
    articles: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)
    duplicates: list[tuple[str, str]] = field(default_factory=list)
    nodes: dict[str, int] = field(default_factory=dict)
    facts: dict[str, int] = field(default_factory=dict)
    triples: int = 0
    characters: int = 0

    def to_dict(self) -> dict:
        return {"articles": self.articles, "characters": self.characters,
                "skipped": [{"source": s, "reason": r} for s, r in self.skipped],
                "duplicates": [{"source": s, "reason": r} for s, r in self.duplicates],
                "nodes": self.nodes, "facts": self.facts, "triples": self.triples}


def _extract(article: Article) -> ArticleFacts:
    """Worker: extract, then drop the article text (the facts carry their sentences)."""
    facts = extract_facts(article)
    article.text = ""
    article.furniture = ""
    return facts


def extract_all(articles: Iterable[Article], jobs: int = 1) -> Iterator[ArticleFacts]:
    """Extraction over many articles, in input order; ``jobs > 1`` uses a process pool."""
    if jobs <= 1:
        for a in articles:
            yield _extract(a)
        return
    import multiprocessing as mp

    ctx = mp.get_context("fork") if "fork" in mp.get_all_start_methods() else mp.get_context()
    with ctx.Pool(jobs) as pool:
        yield from pool.imap(_extract, articles, chunksize=16)


def build(inputs: Iterable[str | Path] | None, out: str | Path, *, jobs: int = 1,
          progress: Callable[[int, int], None] | None = None) -> BuildSummary:
    """Build the graph of ``inputs`` (default: the bundled sample corpus) into ``out``.

    Bad inputs are reported in the summary and skipped; the rest is built. Raises
    :class:`~kg.errors.InputError` when an input path does not exist, or when no article
    at all could be read (then nothing is written: a built graph is never emptied).
    """
    inputs = list(inputs or []) or [SAMPLE_CORPUS]
    out = Path(out)
    summary = BuildSummary(out)

    def articles() -> Iterator[Article]:
        for item in read_articles(inputs):
            if isinstance(item, Skipped):
                if item.reason.startswith("duplicate of"):
                    summary.duplicates.append((item.source, item.reason))
                else:
                    summary.skipped.append((item.source, item.reason))
                continue
            summary.articles += 1
            summary.characters += len(item.text)
            yield item

    resolver = Resolver()
    done = 0
    for facts in extract_all(articles(), jobs):
        resolver.add(facts)
        done += 1
        if progress:
            progress(done, summary.articles)
    if not summary.articles:  # never replace a built graph with an empty one
        shown = "; ".join(f"{s}: {r}" for s, r in summary.skipped[:3])
        more = f"; and {len(summary.skipped) - 3} more" if len(summary.skipped) > 3 else ""
        raise InputError(f"no article could be read ({shown}{more})",
                         f"fix or convert these files; nothing was written to {out}")
    graph = resolver.graph()
    summary.nodes = dict(sorted(Counter(n.type for n in graph.nodes.values()).items()))
    summary.facts = dict(sorted(Counter(f.type for f in graph.facts.values()).items()))
    summary.triples = write_graph(graph, out)
    (out / BUILD_JSON).write_text(json.dumps(summary.to_dict(), ensure_ascii=False, indent=1) + "\n",
                                  encoding="utf-8")
    return summary


def write_graph(graph: KnowledgeGraph, out: Path) -> int:
    """Write ``graph.json``, the store and ``graph.ttl``; returns the number of triples."""
    from kg.rdf.store import write_store

    out.mkdir(parents=True, exist_ok=True)
    _atomic_write(out / GRAPH_JSON, graph.to_json().encode("utf-8"))
    return write_store(graph, out)


def _atomic_write(path: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name + ".")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def load_graph(graph_dir: str | Path) -> KnowledgeGraph:
    """The resolved graph of a built folder."""
    from kg.errors import GraphNotFoundError

    path = Path(graph_dir) / GRAPH_JSON
    if not path.is_file():
        raise GraphNotFoundError(f"no built graph in {graph_dir}")
    try:
        return KnowledgeGraph.from_json(path.read_text(encoding="utf-8"))
    except (ValueError, KeyError, TypeError) as e:
        raise KGError(f"{path} is damaged ({e.__class__.__name__})", "rebuild with `kg build`") from e
