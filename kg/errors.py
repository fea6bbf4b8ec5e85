"""One exception hierarchy for kg.

Every error a user can cause is a :class:`KGError`; its message says what went wrong and
``hint`` says how to fix it. The CLI prints ``Error: <message> — <hint>`` and exits 1.
"""

from __future__ import annotations


class KGError(Exception):
    """Base class of every error kg raises on purpose."""

    hint: str = ""

    def __init__(self, message: str, hint: str | None = None):
        super().__init__(message)
        if hint is not None:
            self.hint = hint

    def __str__(self) -> str:  # the message alone; the CLI adds the hint
        return self.args[0] if self.args else self.__class__.__name__


class InputError(KGError):
    """An input path or file that cannot be used."""

    hint = "check the path; kg reads .txt, .html and .jsonl(.gz) files, folders and globs"


class ArticleError(KGError):
    """One article that cannot be read (undecodable, binary, empty, malformed)."""

    hint = "the file is skipped; fix or remove it and build again"


class CacheError(KGError):
    """The extraction cache cannot be used (a folder that cannot be written, a locked file)."""

    hint = "check that the folder is writable, choose another with --cache DIR, or build with --no-cache"


class EngineError(KGError):
    """The engine that runs extraction (a Dask cluster) cannot be used."""

    hint = "check --scheduler, or build with the local engine (--engine local)"


class GraphNotFoundError(KGError):
    """A graph folder that does not exist or holds no built graph."""

    hint = "run `kg build INPUT --out DIR` first, or pass --graph DIR"


class QueryNotFoundError(KGError):
    """A query name that is not in the query pack."""

    hint = "run `kg query --list` to see the names"


class QueryError(KGError):
    """A query that is malformed or fails to run."""

    hint = "check the query text and its parameters"


class ParameterError(KGError):
    """A query parameter that is unknown or badly written."""

    hint = "write parameters as --param name=value; `kg query --list` shows each query's parameters"


class ValidationError(KGError):
    """A graph that does not conform to the SHACL shapes."""

    hint = "see the report above; rebuild with `kg build`"


class EvaluationError(KGError):
    """A gold folder or file that cannot be scored against, or contradictory evaluation options."""

    hint = "give a folder of gold files, one ARTICLE_ID.json per article (`kg eval --help`)"


class Neo4jError(KGError):
    """Neo4j cannot be reached or refuses the request."""

    hint = "start Neo4j (`docker compose up -d` or `scripts/neo4j-local start`) and check NEO4J_URI, NEO4J_USER and NEO4J_PASSWORD"


class ExportError(KGError):
    """An export that cannot be written."""

    hint = "check the output path and the filters"


class ServeError(KGError):
    """The SPARQL server cannot start, or stopped by itself."""

    hint = "see the message; `kg serve --help` lists the options"


class EntityNotFoundError(KGError):
    """A name that matches no entity in the graph."""

    hint = "try `kg query search --param name=...` to find the spelling"


class VocabularyError(KGError):
    """A vocabulary data file of the extractor that repeats or contradicts itself."""

    hint = "fix the file under kg/extract/words/ (each word once; an alias names one thing)"
