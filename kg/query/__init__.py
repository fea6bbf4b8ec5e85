"""The query pack: questions in ``queries/``, run over SPARQL (embedded store) or Cypher.

Each question is a file, ``queries/sparql/NAME.rq`` and its twin ``queries/cypher/NAME.cypher``,
that starts with a comment block::

    # name: event-chairs
    # vi: Ai chủ trì sự kiện nào, năm nào?
    # en: Who chaired which event, in which year?
    # param: year (year) = - : only events of this year (2021)
    # columns: person, event, year, …
    # lists: qualifier

Parameters are bound as data — SPARQL variables ``?p_NAME`` through a ``VALUES`` block of
RDF terms joined at the top of the WHERE group (see :mod:`kg.query.sparql`), Cypher ``$NAME``
through the driver — never pasted into the query text as code. A parameter of type ``name``
is folded (diacritics and case dropped) so ``pham binh minh`` finds Phạm Bình Minh; a
default of ``-`` leaves the parameter unbound (the query then does not filter on it).

Two more header lines make SPARQL questions fast on a big graph without changing a row:

* ``# narrow: NAME ?var (Type …)`` — the name parameter ``NAME`` picks out ``?var``: ``kg query``
  looks the name up in the graph's name index (:mod:`kg.rdf.names`) and binds ``?var`` to
  the entities of those types whose search keys contain it, so the store starts from them.
  The query's own ``FILTER`` on ``?p_NAME`` still decides (the index holds the same keys),
  so the file run elsewhere, with only ``?p_NAME`` bound, gives the same rows, slower.
* ``# stream: ?var (Type …)`` — the rows are ordered by the label of ``?var`` first and each
  ``?var``'s rows are computed apart from the others': when no name parameter is given,
  ``kg query`` asks for a few entities at a time, in label order, and hands each batch of rows
  on as it comes (the first within a second), instead of sorting the whole answer first.
  ``# stream: ?var (Type …) by type``: ordered by the type's name (as listed), then the label.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterator

from kg.errors import ParameterError, QueryError, QueryNotFoundError
from kg.text import fold
from kg import data_file

BACKENDS = ("sparql", "cypher")
_EXT = {"sparql": ".rq", "cypher": ".cypher"}
PARAM_TYPES = ("name", "text", "year", "date", "int")


@dataclass
class Param:
    name: str
    type: str
    default: str | None
    help: str


@dataclass
class Query:
    """One question of the pack, as its header describes it."""

    name: str
    path: Path
    text: str
    question_vi: str = ""
    question_en: str = ""
    params: list[Param] = field(default_factory=list)
    columns: list[str] = field(default_factory=list)
    lists: list[str] = field(default_factory=list)
    narrow: list[tuple[str, str, list[str]]] = field(default_factory=list)  # (param, variable, types)
    stream: tuple[str, list[str], bool] | None = None  # (variable, types, ordered by type first)


_HEADER = re.compile(r"^(?://|#)\s*(name|vi|en|param|columns|lists|narrow|stream):\s*(.*)$")
_PARAM = re.compile(r"^(\w[\w-]*)\s*\((\w+)\)\s*=\s*(\S+)\s*:\s*(.*)$")
_NARROW = re.compile(r"^(\w[\w-]*)\s+\?(\w+)\s*\(([\w\s*]+)\)$")
_STREAM = re.compile(r"^\?(\w+)\s*\(([\w\s*]+)\)(\s+by type)?$")


def parse_query(path: Path, text: str | None = None) -> Query:
    """Read a query file and its comment block."""
    if text is None:
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as e:
            raise QueryError(f"cannot read the query file {path} ({e.__class__.__name__})",
                             "give a UTF-8 text file of SPARQL") from None
    q = Query(name=path.stem, path=path, text=text)
    for line in text.splitlines():
        m = _HEADER.match(line.strip())
        if not m:
            if line.strip() and not line.strip().startswith(("#", "//")):
                break
            continue
        key, value = m.group(1), m.group(2).strip()
        if key == "name":
            q.name = value
        elif key == "vi":
            q.question_vi = value
        elif key == "en":
            q.question_en = value
        elif key == "param":
            pm = _PARAM.match(value)
            if not pm or pm.group(2) not in PARAM_TYPES:
                raise QueryError(f"{path}: bad parameter line '{value}'",
                                 "write '# param: NAME (TYPE) = DEFAULT : help', TYPE one of " + ", ".join(PARAM_TYPES))
            default = None if pm.group(3) == "-" else pm.group(3)
            q.params.append(Param(pm.group(1), pm.group(2), default, pm.group(4)))
        elif key == "columns":
            q.columns = [c.strip() for c in value.split(",") if c.strip()]
        elif key == "lists":
            q.lists = [c.strip() for c in value.split(",") if c.strip()]
        elif key == "narrow":
            m = _NARROW.match(value)
            if not m or m.group(1) not in {p.name for p in q.params}:
                raise QueryError(f"{path}: bad narrow line '{value}'",
                                 "write '# narrow: PARAM ?variable (Type …)' after the param line")
            q.narrow.append((m.group(1), m.group(2), _types(m.group(3))))
        elif key == "stream":
            m = _STREAM.match(value)
            if not m:
                raise QueryError(f"{path}: bad stream line '{value}'", "write '# stream: ?variable (Type …) [by type]'")
            q.stream = (m.group(1), _types(m.group(2)), bool(m.group(3)))
    return q


def _types(text: str) -> list[str]:
    """``Person Office`` -> the types; ``*`` -> every type with a label (an empty list)."""
    return [t for t in text.split() if t != "*"]


def queries_dir() -> Path:
    return data_file("queries")


def list_queries(backend: str = "sparql") -> list[Query]:
    """Every question of the pack for ``backend``, by name."""
    folder = queries_dir() / backend
    return [parse_query(p) for p in sorted(folder.glob("*" + _EXT[backend]))]


def get_query(name: str, backend: str = "sparql") -> Query:
    """The named question; :class:`QueryNotFoundError` naming the closest names if unknown."""
    path = queries_dir() / backend / f"{name}{_EXT[backend]}"
    if path.is_file():
        return parse_query(path)
    names = [q.name for q in list_queries(backend)]
    close = difflib.get_close_matches(name, names, n=3, cutoff=0.4)
    hint = f"did you mean {', '.join(close)}? `kg query --list` shows all" if close else "`kg query --list` shows the names"
    raise QueryNotFoundError(f"no query named '{name}' for {backend}", hint)


def bind_params(q: Query, given: dict[str, str]) -> dict[str, Any]:
    """Check and convert parameters: unknown names and bad values raise ParameterError."""
    known = {p.name: p for p in q.params}
    out: dict[str, Any] = {}
    for k in given:
        if k not in known:
            raise ParameterError(
                f"query '{q.name}' has no parameter '{k}'",
                f"its parameters: {', '.join(known) or 'none'}")
    for p in q.params:
        value = given.get(p.name, p.default)
        if value is None:
            out[p.name] = None
            continue
        if p.type == "name":
            out[p.name] = fold(value)
            if not out[p.name]:
                raise ParameterError(f"parameter '{p.name}' has no letters or digits: '{value}'",
                                     "give a name, e.g. --param name=pham binh minh")
        elif p.type == "year":
            if not re.fullmatch(r"\d{4}", value):
                raise ParameterError(f"parameter '{p.name}' must be a year like 2021, not '{value}'")
            out[p.name] = value
        elif p.type == "date":
            if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value) or not _is_date(value):
                raise ParameterError(f"parameter '{p.name}' must be a date like 2021-12-15, not '{value}'")
            out[p.name] = value
        elif p.type == "int":
            if not re.fullmatch(r"-?\d+", value):
                raise ParameterError(f"parameter '{p.name}' must be a whole number, not '{value}'")
            out[p.name] = int(value)
        else:
            out[p.name] = value
    return out


def _is_date(value: str) -> bool:
    import datetime

    try:
        datetime.date.fromisoformat(value)
    except ValueError:
        return False
    return True


@dataclass
class Result:
    """Rows of an answer; ``note`` says, for an empty answer, what the graph does hold."""

    columns: list[str]
    rows: list[dict[str, Any]]
    note: str | None = None


@dataclass
class Answer:
    """An answer as it comes: ``batches`` yields lists of rows, in order, as the store finds
    them; ``note()`` (once they are all read) explains an empty answer, as :class:`Result`."""

    columns: list[str]
    batches: Iterator[list[dict[str, Any]]]
    explain: Callable[[], str | None] | None = None
    count: int = 0

    def rows(self) -> Iterator[dict[str, Any]]:
        for batch in self.batches:
            self.count += len(batch)
            yield from batch

    def note(self) -> str | None:
        return self.explain() if self.explain and not self.count else None


def run_query(name: str | None, graph_dir: Path, params: dict[str, str] | None = None, *,
              backend: str = "sparql", file: Path | None = None, **neo4j_options) -> Result:
    """Run a pack question (or a query file) and return its rows as plain values."""
    answer = stream_query(name, graph_dir, params, backend=backend, file=file, **neo4j_options)
    rows = list(answer.rows())
    return Result(answer.columns, rows, answer.note())


def stream_query(name: str | None, graph_dir: Path, params: dict[str, str] | None = None, *,
                 backend: str = "sparql", file: Path | None = None, **neo4j_options) -> Answer:
    """Like :func:`run_query`, but the rows come in batches as they are found (SPARQL; the
    Cypher backend answers in one batch). Errors in the query or its parameters are raised
    here, before any row; the store's own errors while reading rows, from the batches."""
    params = params or {}
    if backend not in BACKENDS:
        raise QueryError(f"unknown backend '{backend}'", f"use one of {', '.join(BACKENDS)}")
    if file is not None and name:
        raise QueryError(f"give a question name or --file, not both ('{name}' and {file})",
                         "drop one of them")
    if file is not None:
        if not Path(file).is_file():
            raise QueryError(f"no such query file: {file}", "check the path")
        q = parse_query(Path(file))
    else:
        q = get_query(name, backend)
    bound = bind_params(q, params)
    if backend == "sparql":
        from kg.query.sparql import run_sparql, stream_sparql
        from kg.rdf.store import open_store

        store = open_store(Path(graph_dir))  # opened once, for the answer and its explanation
        answer = stream_sparql(q, Path(graph_dir), bound, store=store)

        def ask(other: str, given: dict[str, str]) -> list[dict[str, Any]]:
            oq = get_query(other, backend)
            return run_sparql(oq, Path(graph_dir), bind_params(oq, given), store=store).rows
    else:
        from kg.query.cypher import run_cypher
        result = run_cypher(q, bound, **neo4j_options)
        answer = Answer(result.columns, iter([result.rows]))

        def ask(other: str, given: dict[str, str]) -> list[dict[str, Any]]:
            return run_query(other, graph_dir, given, backend=backend, **neo4j_options).rows
    if file is None and q.name in EXPLAINERS:
        answer.explain = lambda: EXPLAINERS[q.name](ask, params)
    return answer


# ----------------------------------------------------------------------------- empty answers
# An empty answer says why when the pack can tell: what the graph holds that comes close.


def _explain_office_holders(ask, params: dict[str, str]) -> str:
    """Why ``office-holders-on`` found nobody: the office's holders, undated or shown later."""
    import datetime

    on = params.get("date") or datetime.date.today().isoformat()
    wanted = params.get("office")
    narrowed = {"office": wanted} if wanted else {}  # the offices named like it, not every office
    posts = [(r["person"], r["office"], [d for d in [*(r["attested"] or []), r["start"], r["end"]] if d])
             for r in ask("person-offices", narrowed)]
    posts += [(r["holder"], r["role"], [str(d) for d in (r["start"], r["end"]) if d])
              for r in ask("international-roles", {})]
    if wanted:
        key = fold(wanted)
        posts = [p for p in posts if fold(p[1]) == key] or [p for p in posts if key in fold(p[1])]
    if not posts:
        return (f"no office or international role named like '{wanted}' has a holder in the graph "
                f"(`kg query search -p name=\"{wanted}\"` finds the spelling)")
    names = sorted({p[1] for p in posts})
    what = names[0] if len(names) == 1 else f"{len(names)} offices named like '{wanted}'"

    def dated(ds: list[str]) -> list[str]:
        return sorted(d for d in ds if re.match(r"\d{4}", d))

    undated = sorted({h for h, _, ds in posts if not dated(ds)})
    after = sorted({(min(dated(ds)), h) for h, _, ds in posts
                    if dated(ds) and all(d > on[:len(d)] for d in dated(ds))})
    before = sorted({(max(d for d in dated(ds) if d <= on[:len(d)]), h) for h, _, ds in posts
                     if any(d <= on[:len(d)] for d in dated(ds))}, reverse=True)
    said = [f"no dated tenure of {what} covers {on}"]
    if undated:
        said.append(f"undated holders (no dated article shows them in office): {', '.join(undated)}")
    if after:
        said.append(f"first shown after {on}: " + ", ".join(f"{h} ({d})" for d, h in after))
    if before:
        said.append(f"shown before but ended or followed: " + ", ".join(f"{h} ({d})" for d, h in before))
    return "; ".join(said)


EXPLAINERS = {"office-holders-on": _explain_office_holders}
