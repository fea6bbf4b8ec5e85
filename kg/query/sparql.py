"""SPARQL backend: the embedded Oxigraph store of a built graph.

Parameters are bound as data: a ``VALUES`` block of RDF terms (serialised by Oxigraph,
so quotes and backslashes are escaped) is joined at the top of the query's ``WHERE`` group,
so ``?p_NAME`` is bound in that group, its FILTERs, BINDs and ``EXISTS`` — not inside
nested sub-SELECTs or OPTIONAL groups' own BINDs (SPARQL evaluates those bottom-up). A
parameter left unset stays unbound: queries test it with ``!BOUND(?p_NAME) || …``.

Oxigraph's own ``substitutions`` (SEP-0007) are not used: they require the variable in the
SELECT projection and, with GROUP BY, are applied after the FILTERs have run.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Iterator

from kg.errors import QueryError
from kg.query import Answer, Query, Result
from kg.rdf.store import open_store

XSD_INTEGER = "http://www.w3.org/2001/XMLSchema#integer"

# Oxigraph reports "error at LINE:COLUMN: expected …" (1-based, in characters).
_POSITION = re.compile(r"^error at (\d+):(\d+):\s*", re.S)
_IRIREF = re.compile(r"<[^<>\"{}|^`\\\x00-\x20]*>")
_WORD = re.compile(r"[A-Za-z_]+")


def term_value(term) -> Any:
    """An Oxigraph term as a plain Python value."""
    if term is None:
        return None
    import pyoxigraph as ox

    if isinstance(term, ox.Literal):
        dt = term.datatype.value if term.datatype else ""
        v = term.value
        if dt.endswith(("#integer", "#int", "#long")):
            return int(v)
        if dt.endswith("#boolean"):
            return v == "true"
        if dt.endswith(("#decimal", "#double", "#float")):
            return float(v)
        return v
    return term.value


def _where_brace(text: str) -> tuple[int, list[str]]:
    """Offset of the ``{`` that opens the WHERE group, and the bare words before it.

    Skips comments, string literals and IRIs, which may hold a ``{`` or a ``#``.
    """
    i, n, words = 0, len(text), []
    while i < n:
        c = text[i]
        if c == "#":
            j = text.find("\n", i)
            i = n if j < 0 else j + 1
            continue
        if c in "'\"":
            quote = text[i:i + 3] if text[i:i + 3] in ("'''", '"""') else c
            j = i + len(quote)
            while j < n and not text.startswith(quote, j):
                j += 2 if text[j] == "\\" else 1
            i = j + len(quote)
            continue
        if c == "<":
            m = _IRIREF.match(text, i)
            if m:
                i = m.end()
                continue
        if c == "{":
            return i, words
        if c.isalpha() and (i == 0 or not (text[i - 1].isalnum() or text[i - 1] in "?$:_")):
            m = _WORD.match(text, i)
            words.append(m.group(0).upper())
            i = m.end()
            continue
        i += 1
    raise QueryError("the query has no WHERE group", "write SELECT … WHERE { … }")


def bind_values(text: str, params: dict[str, Any]) -> str:
    """``text`` with the set parameters joined as ``VALUES (?p_a ?p_b) { (…) }``.

    The block goes right after the opening brace, on the same line, so line numbers in
    later errors still match the file.
    """
    import pyoxigraph as ox

    bound = {k: v for k, v in params.items() if v is not None}
    if not bound:
        return text
    brace, words = _where_brace(text)
    if {"CONSTRUCT", "DESCRIBE"} & set(words):
        raise QueryError("kg query runs SELECT and ASK queries", "rewrite it as a SELECT query")
    names, terms = [], []
    for k, v in sorted(bound.items()):
        names.append("?p_" + k.replace("-", "_"))
        lit = ox.Literal(str(v), datatype=ox.NamedNode(XSD_INTEGER)) if isinstance(v, int) else ox.Literal(str(v))
        terms.append(str(lit))
    block = f" VALUES ({' '.join(names)}) {{ ({' '.join(terms)}) }} "
    return text[:brace + 1] + block + text[brace + 1:]


def syntax_error(q: Query, e: SyntaxError) -> QueryError:
    """A readable :class:`QueryError` for an Oxigraph parse error: where, and what."""
    msg = str(e)
    m = _POSITION.match(msg)
    reason = msg[m.end():] if m else msg
    if "Prefix not found" in reason:
        reason = "a prefix is not declared (add a PREFIX line)"
    elif "variable that is unbound" in reason:
        reason = "the SELECT uses a variable that is neither grouped nor aggregated"
    else:
        reason = re.sub(r"\[[^\]]*\]", "", reason)  # character classes of the grammar
        reason = re.sub(r"(,\s*)+", ", ", re.sub(r"\s+", " ", reason)).strip(" ,")
        if len(reason) > 120:
            reason = reason[:117] + "…"
    where = ""
    if m:
        # Oxigraph gives the furthest point it could parse to: the mistake is there or just before
        line, col = int(m.group(1)), int(m.group(2))
        lines = q.text.splitlines()
        text = lines[line - 1] if 0 < line <= len(lines) else ""
        if not text[:col].strip():  # at the start of a line or past the end: show the line before
            before = [x for x in lines[:line - 1] if x.strip() and not x.lstrip().startswith("#")]
            near = f" (after `{before[-1].strip()[:60]}`)" if before else ""
        else:
            near = f" (in `{text.strip()[:60]}`)"
        where = f": parsing stopped at line {line}, column {col}{near}"
    source = q.path.name if q.path else q.name
    return QueryError(f"the query {source} is malformed{where}: {reason}",
                      "fix the query text there or just before; `kg query --list` shows working examples")


def check_syntax(q: Query) -> None:
    """Parse ``q`` (on an empty in-memory store); :class:`QueryError` with line and column if malformed."""
    import pyoxigraph as ox

    try:
        ox.Store().query(q.text)
    except SyntaxError as e:
        raise syntax_error(q, e) from None


FIRST_BATCH = 200  # entities of a streamed question asked first (rows on screen at once) …
BATCH = 1000  # … then this many at a time (fewer than 1,001: see stream_sparql)
NARROW_LIMIT = 3000  # a name matching more entities than this is left to the query's FILTER


def run_sparql(q: Query, graph_dir: Path, params: dict[str, Any], store=None) -> Result:
    """Run ``q`` on the store of ``graph_dir`` with ``params`` bound; rows as plain values.

    Raises :class:`QueryError` for a malformed query or one that is not SELECT/ASK, and
    :class:`~kg.errors.GraphNotFoundError` when ``graph_dir`` holds no built graph.
    """
    answer = stream_sparql(q, graph_dir, params, store=store)
    return Result(answer.columns, list(answer.rows()))


def stream_sparql(q: Query, graph_dir: Path, params: dict[str, Any], store=None, *,
                  first: int = FIRST_BATCH, batch: int = BATCH) -> Answer:
    """:func:`run_sparql` as an :class:`~kg.query.Answer` whose rows come in batches.

    ``# narrow:`` lines bind their variable to the entities the name index finds for the
    parameter; ``# stream:`` asks ``first``, then ``batch`` entities at a time when no name
    parameter is given (see :mod:`kg.query`). Either way the rows are those of the query
    file run once with only the parameters bound.
    """
    import pyoxigraph as ox

    from kg.rdf.names import NameIndex

    check_syntax(q)
    store = store or open_store(graph_dir)
    text = bind_values(q.text, params)
    names = NameIndex.open(graph_dir) if (q.narrow or q.stream) else None
    narrowed: dict[str, list[str]] = {}
    if names is not None:
        for param, var, types in q.narrow:
            if params.get(param) is not None:
                found = names.find(params[param], types, limit=NARROW_LIMIT)
                if found is not None:
                    narrowed[var] = narrowed[var] + found if var in narrowed else found
    for var, ids in narrowed.items():
        text = _values(text, var, ids)
    chunks: list[list[str]] = [[]]
    if names is not None and q.stream and not narrowed and not _narrowing(q, params):
        entities = names.entities(q.stream[1])
        if q.stream[2]:  # by type, in the order the header lists them, then by label
            rank = {t: i for i, t in enumerate(q.stream[1])}
            entities.sort(key=lambda e: rank[e.type])
        chunks = _chunks(entities, first, batch, by_type=q.stream[2])
    try:
        solutions = store.query(_values(text, q.stream[0], chunks[0]) if chunks[0] else text)
    except SyntaxError as e:  # only if binding produced something the parser refuses
        raise syntax_error(q, e) from None
    except (OSError, RuntimeError, ValueError) as e:
        raise QueryError(f"the query '{q.name}' failed: {e}") from None
    if isinstance(solutions, ox.QueryBoolean):
        return Answer(["answer"], iter([[{"answer": bool(solutions)}]]))
    if not isinstance(solutions, ox.QuerySolutions):
        raise QueryError(f"the query '{q.name}' is not a SELECT or ASK query", "kg query runs SELECT and ASK queries")
    columns = [v.value for v in solutions.variables]

    def batches() -> Iterator[list[dict[str, Any]]]:
        current = solutions
        for n, chunk in enumerate(chunks):
            try:
                if n:
                    current = store.query(_values(text, q.stream[0], chunk))
                rows = []
                for sol in current:
                    rows.append(_row(sol, columns, q.lists))
                    if len(rows) >= 500:
                        yield rows
                        rows = []
            except (OSError, RuntimeError, ValueError) as e:
                raise QueryError(f"the query '{q.name}' failed: {e}") from None
            if rows:
                yield rows

    return Answer(columns, batches())


def _row(sol, columns: list[str], lists: list[str]) -> dict[str, Any]:
    row = {}
    for c in columns:
        v = term_value(sol[c])
        if c in lists:
            v = [x for x in (v or "").split(" | ") if x]
        row[c] = v
    return row


def _narrowing(q: Query, params: dict[str, Any]) -> bool:
    """Whether a name parameter is given (then the answer is a few entities': one query)."""
    return any(params.get(param) is not None for param, _, _ in q.narrow)


def _chunks(entities, first: int, batch: int, by_type: bool = False) -> list[list[str]]:
    """Entity ids in order, cut into runs of ``first`` then ``batch``; entities with the same
    label (and type, ``by_type``) stay in one run: their rows interleave in the query's order.

    Runs stay under 1,001 entities: Oxigraph starts from the smallest part of a query by its
    own estimate, which is 1,001 for a pattern ``?x a kg:Person``; a larger VALUES block
    would be joined after reading every person, for each run."""
    out: list[list[str]] = []
    size, current, last = first, [], None
    for e in entities:
        key = (e.type, e.label) if by_type else e.label
        if len(current) >= size and key != last:
            out.append(current)
            current, size = [], batch
        current.append(e.id)
        last = key
    if current or not out:
        out.append(current)
    return out


def _values(text: str, var: str, ids: list[str]) -> str:
    """``text`` with ``VALUES ?var { <iri> … }`` joined at the top of its WHERE group (an
    empty list binds nothing: no row)."""
    import pyoxigraph as ox

    from kg.rdf.names import RESOURCE

    brace, _ = _where_brace(text)
    terms = " ".join(str(ox.NamedNode(RESOURCE + i)) for i in ids)
    return f"{text[:brace + 1]} VALUES ?{var} {{ {terms} }} {text[brace + 1:]}"
