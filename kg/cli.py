"""The ``kg`` command line: thin typer commands over the library.

Each command parses options, calls one public function, and formats the result. Any
:class:`~kg.errors.KGError` becomes one line ``Error: … — …`` and exit code 1.
"""

from __future__ import annotations

import csv
import functools
import io
import json
import re
import sys
from pathlib import Path
from typing import List, Optional

import typer

from kg.errors import KGError, ParameterError

app = typer.Typer(no_args_is_help=True, add_completion=False,
                  help="kg: a knowledge graph of Vietnamese diplomatic actors and events, built from news.")


class _Stderr:
    """The console for messages on stderr, made on first use (rich is imported only then:
    ``kg query`` answering in json or csv never draws with it)."""

    _console = None

    def __getattr__(self, name):
        if _Stderr._console is None:
            from rich.console import Console

            _Stderr._console = Console(stderr=True, highlight=False, soft_wrap=True)  # one line per message
        return getattr(_Stderr._console, name)


err = _Stderr()
DEFAULT_OUT = Path("kg-out")


def handle_errors(fn):
    """Turn a KGError into one line on stderr and exit code 1 (no stack trace)."""
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except KGError as e:
            hint = f" — {e.hint}" if e.hint else ""
            err.print(f"Error: {e}{hint}", markup=False, soft_wrap=True)
            raise typer.Exit(1)
    return wrapper


# ----------------------------------------------------------------------------- build


def _engines() -> dict:
    from kg.engines import ENGINES

    return ENGINES


@app.command()
@handle_errors
def build(
    inputs: Optional[List[str]] = typer.Argument(None, help="Files, folders or globs of .txt, .html, .jsonl(.gz) articles \\[default: the bundled sample corpus]."),
    out: Path = typer.Option(DEFAULT_OUT, "--out", "-o", help="Output folder for the graph."),
    jobs: int = typer.Option(1, "--jobs", "-j", min=1, help="Processes for extraction (with --engine dask: workers of the local cluster)."),
    engine: str = typer.Option("local", "--engine", "-e", help="Where extraction runs: " + "; ".join(
        f"{name} ({what})" for name, (_, what) in _engines().items()) + "."),
    scheduler: Optional[str] = typer.Option(None, "--scheduler", help="Address of a Dask scheduler (tcp://HOST:8786), for --engine dask; without it a LocalCluster runs here."),
    update: bool = typer.Option(False, "--update", help="Add INPUTs to those of the graph in --out (recorded in its build.json): the graph of the old inputs and the new."),
    cache: Optional[Path] = typer.Option(None, "--cache", help="Folder of the extraction cache \\[default: .NAME.kg-cache beside --out NAME]."),
    no_cache: bool = typer.Option(False, "--no-cache", help="Extract every article; keep no cache."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Print only errors."),
    strict: bool = typer.Option(False, "--strict", help="Exit 2 when any input was skipped (duplicates are not)."),
):
    """Build the graph: read articles, find facts, resolve entities, write RDF + store.

    Only articles that are new or changed since the last build are extracted (the cache keeps the others' facts, keyed by their content and the extractor's version); the graph is the same, byte for byte, as a build without the cache.

    Exit code: 0 when the graph was built (unreadable files are listed and skipped); 2 with --strict when any file or line was skipped; 1 on an error (no readable article, a missing input).
    """
    from kg.build import build as run_build, interrupt_on_signals

    show = not quiet and sys.stderr.isatty()
    progress = None
    if show:
        from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
        bar = Progress(SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(), console=err, transient=True)
        task = bar.add_task("extracting", total=None)
        bar.start()

        def progress(done: int, read: int) -> None:
            if done % 50 == 0 or done == read:
                bar.update(task, description=f"extracting: {done} articles")
    before = _stat(out / "build.json")
    try:
        with interrupt_on_signals():  # SIGTERM, SIGHUP: clean up as for Ctrl-C
            summary = run_build(inputs, out, jobs=jobs, progress=progress, engine=engine, scheduler=scheduler,
                                cache=False if no_cache else cache, update=update)
    except KeyboardInterrupt:
        if _stat(out / "build.json") in (before, None):
            said = f"the build stopped and wrote nothing; {out} is as it was"
        else:  # the signal came as the finished graph was being switched in
            said = f"the build had just finished: {out} holds the new graph"
        err.print(f"Interrupted: {said}.", markup=False, soft_wrap=True)
        raise typer.Exit(130)
    finally:
        if show:
            bar.stop()
    if not quiet:
        err.print(f"Built {summary.out}: {summary.articles} articles read, "
                  f"{len(summary.skipped)} skipped, {len(summary.duplicates)} duplicates, "
                  f"{summary.triples} triples.", markup=False, soft_wrap=True)
        if not no_cache:
            err.print(f"  extracted {summary.extracted} articles, {summary.reused} from the cache.", markup=False)
        if summary.items and summary.written < summary.items:
            err.print(f"  wrote {summary.written} of {summary.items} items, the others copied from the graph "
                      f"it replaces.", markup=False)
        err.print("  seconds:  " + ", ".join(f"{k} {v:.2f}" for k, v in summary.seconds.items()), markup=False)
        err.print("  entities: " + ", ".join(f"{k} {v}" for k, v in summary.nodes.items()), markup=False)
        err.print("  facts:    " + ", ".join(f"{k} {v}" for k, v in summary.facts.items()), markup=False)
        for source, reason in summary.duplicates[:20]:
            err.print(f"  duplicate {source}: {reason}", markup=False, soft_wrap=True)
    for source, reason in summary.skipped:  # one line a file, even with --quiet
        err.print(f"  skipped {source}: {reason}", markup=False, soft_wrap=True)
    if strict and summary.skipped:
        raise typer.Exit(2)


def _stat(path: Path) -> tuple[int, int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return st.st_ino, st.st_mtime_ns


# ----------------------------------------------------------------------------- query


def _parse_params(items: List[str], extra: List[str] | None = None) -> dict[str, str]:
    """``--param NAME=VALUE`` items as a dict; ``extra`` are words typer found no place for
    (``--param year 2021`` leaves ``2021``)."""
    extra = list(extra or [])
    out = {}
    for item in items or []:
        if "=" not in item:
            value = extra.pop(0) if extra else "VALUE"
            raise ParameterError(f"--param takes NAME=VALUE, not '{item}'",
                                 f"write --param {item}={value}; `kg query --list` shows each query's parameters")
        k, v = item.split("=", 1)
        out[k.strip()] = v
    if extra:
        raise ParameterError(f"unexpected argument '{extra[0]}'",
                             "name one question; give parameters as --param NAME=VALUE")
    return out


@app.command(context_settings={"allow_extra_args": True})
@handle_errors
def query(
    ctx: typer.Context,
    name: Optional[str] = typer.Argument(None, help="A question of the pack (see --list)."),
    param: Optional[List[str]] = typer.Option(None, "--param", "-p", help="A parameter, name=value (repeatable)."),
    graph: Path = typer.Option(DEFAULT_OUT, "--graph", "-g", help="A folder written by `kg build`."),
    fmt: str = typer.Option("table", "--format", "-f", help="table, json or csv."),
    file: Optional[Path] = typer.Option(None, "--file", help="Run a query file instead of a named question."),
    backend: str = typer.Option("sparql", "--backend", "-b", help="sparql (embedded store) or cypher (Neo4j; `neo4j` works too)."),
    list_: bool = typer.Option(False, "--list", "-l", help="List the questions of the pack."),
    ids: bool = typer.Option(False, "--ids", help="Show the id columns (IRIs) in the table too; json and csv always have them."),
    uri: Optional[str] = typer.Option(None, "--uri", envvar="NEO4J_URI", help="Neo4j URI (cypher backend)."),
    user: Optional[str] = typer.Option(None, "--user", envvar="NEO4J_USER", help="Neo4j user (cypher backend)."),
    database: Optional[str] = typer.Option(None, "--database", envvar="NEO4J_DATABASE", help="Neo4j database (cypher backend)."),
):
    """Ask the graph a question of the query pack (or your own query file)."""
    from kg.query import list_queries, stream_query

    if fmt not in ("table", "json", "csv"):
        raise ParameterError(f"unknown format '{fmt}'", "use table, json or csv")
    if list_:
        pack = list_queries("sparql" if backend == "sparql" else "cypher")
        rows = [{"name": q.name, "question_en": q.question_en, "question_vi": q.question_vi,
                 "parameters": [f"{p.name} ({p.type}) = {p.default or '-'}: {p.help}" for p in q.params],
                 "columns": q.columns} for q in pack]
        if fmt == "json":
            sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=1) + "\n")
        elif fmt == "csv":
            buf = io.StringIO()
            w = csv.DictWriter(buf, fieldnames=list(rows[0]) if rows else ["name"], lineterminator="\n")
            w.writeheader()
            for r in rows:
                w.writerow({k: " | ".join(v) if isinstance(v, list) else v for k, v in r.items()})
            sys.stdout.write(buf.getvalue())
        else:
            from rich.console import Console
            from rich.table import Table

            t = Table("name", "question", "parameters", title="kg query pack")
            for q in pack:
                params = "\n".join(f"{p.name}={p.default or '-'} ({p.help})" for p in q.params)
                t.add_row(q.name, f"{q.question_en}\n{q.question_vi}", params)
            Console().print(t)
        return
    if not name and not file:
        raise ParameterError("name a question or pass --file", "`kg query --list` shows the questions")
    params = _parse_params(param, ctx.args)
    neo = {}
    if backend == "neo4j":  # the name for the Cypher backend
        backend = "cypher"
    if backend == "cypher":
        neo = {"uri": uri, "user": user, "database": database}
    answer = stream_query(name, graph, params, backend=backend, file=file, **neo)
    out = sys.stdout
    if fmt == "json":  # the bytes of json.dumps(rows, indent=1), written a batch at a time
        n = 0
        for batch in answer.batches:
            for r in batch:
                out.write(("[\n " if n == 0 else ",\n ") + json.dumps(r, ensure_ascii=False, indent=1).replace("\n", "\n "))
                n += 1
            out.flush()
        out.write("[]\n" if n == 0 else "\n]\n")
        answer.count = n
    elif fmt == "csv":
        w = csv.DictWriter(out, fieldnames=answer.columns, extrasaction="ignore", lineterminator="\n")
        w.writeheader()
        for batch in answer.batches:
            for r in batch:
                w.writerow({k: " | ".join(v) if isinstance(v, list) else v for k, v in r.items()})
            answer.count += len(batch)
            out.flush()
    else:
        _print_table(answer, name or str(file), ids)
        err.print(f"{answer.count} row{'' if answer.count == 1 else 's'}", markup=False)
    note = answer.note()
    if note:  # an empty answer: what the graph holds instead (stderr: stdout stays data)
        err.print(note, markup=False, soft_wrap=True)


_SHORT_VALUE = re.compile(r"^(--)?\d{1,4}(-\d{1,2}){0,2}$|^(true|false)$", re.I)  # dates, years, counts


def _cell(v) -> str:
    if v is None:
        return ""
    if isinstance(v, list):  # one item a line: a list of dates stays a column of dates
        return "\n".join(map(str, v))
    return str(v)


def _answer_table(result, title: str, ids: bool, width: int):
    """The answer as a table for the terminal: ``id``/``*_id`` columns (IRIs) only with ``ids``;
    dates, years and numbers never wrapped or cut; other text wrapped at spaces (a word
    longer than its column is folded onto the next line, never cut)."""
    layout = _TableLayout(result.columns, [[_cell(r.get(c)) for c in result.columns] for r in result.rows], ids, width)
    return layout.table(result.rows, title)


class _TableLayout:
    """Columns of an answer's table, sized from the rows seen first (the whole answer, or its
    first batch when it streams): later batches are drawn with the same widths."""

    def __init__(self, all_columns: list[str], cells: list[list[str]], ids: bool, width: int):
        from rich.table import Table

        keep = [i for i, c in enumerate(all_columns) if ids or not (c == "id" or c.endswith("_id"))]
        self.columns = [all_columns[i] for i in keep]
        rows = [[row[i] for i in keep] for row in cells]
        short = {i for i, c in enumerate(self.columns) if any(row[i] for row in rows)
                 and all(_SHORT_VALUE.match(line) for row in rows for line in row[i].splitlines())}
        widest = {i: max(len(line) for row in rows for line in row[i].splitlines() or [""]) for i in short}
        fixed = sum(widest.values()) + 3 * len(self.columns) + 1
        # what is left for the text columns: each keeps its longest word whole while that fits
        room = max(4, (width - fixed) // max(1, len(self.columns) - len(short)))
        self.specs = []
        for i, c in enumerate(self.columns):
            if i in short:
                self.specs.append(dict(no_wrap=True, min_width=widest[i]))
            else:
                longest_word = max((len(w) for row in rows for w in row[i].split()), default=0)
                self.specs.append(dict(overflow="fold", min_width=min(max(longest_word, len(c)), 12, room)))
        self._Table = Table

    def table(self, rows: list[dict], title: str | None, header: bool = True, widths: list[int] | None = None):
        from rich.text import Text

        t = self._Table(title=title, show_header=header)
        for i, c in enumerate(self.columns):
            spec = dict(self.specs[i])
            if widths:
                spec.update(width=widths[i], min_width=None)
            t.add_column(c, **spec)
        for r in rows:
            t.add_row(*(Text(_cell(r.get(c))) for c in self.columns))  # text as written: "[Ảnh: TTXVN]" is not markup
        return t


def _print_table(answer, title: str, ids: bool) -> None:
    """Draw the answer as it comes: the first batch sizes the columns and has the header;
    each later batch is drawn at once below, its columns as wide as the first's."""
    from rich.console import Console

    out = Console()
    layout, widths = None, None
    for batch in answer.batches:
        answer.count += len(batch)
        if layout is None:
            layout = _TableLayout(answer.columns, [[_cell(r.get(c)) for c in answer.columns] for r in batch],
                                  ids, out.width)
            first = layout.table(batch, title)
            out.print(first)
            widths = _drawn_widths(out, first)
        else:
            out.print(layout.table(batch, None, header=False, widths=widths))
        out.file.flush()
    if layout is None:
        out.print(_TableLayout(answer.columns, [], ids, out.width).table([], title))


def _drawn_widths(console, table) -> list[int] | None:
    """The widths rich gave a table's columns when it drew it (to draw the next batch alike)."""
    try:
        return [w for w in table._calculate_column_widths(console, console.options)]
    except Exception:  # a private method of rich: without it later batches size themselves
        return None


# ----------------------------------------------------------------------------- validate


@app.command()
@handle_errors
def validate(
    graph: Path = typer.Option(DEFAULT_OUT, "--graph", "-g", help="A folder written by `kg build`."),
    max_shown: int = typer.Option(200, "--max", min=1, help="Show at most this many violations."),
):
    """Check a built graph against the SHACL shapes; exit 1 when it does not conform."""
    from kg.errors import ValidationError
    from kg.rdf.validate import validate_graph

    report = validate_graph(graph)
    if report.conforms:
        typer.echo(f"{graph}: the graph conforms to the shapes.")
        return
    shown = report.violations[:max_shown]
    for v in shown:  # one line each: node, property, rule, [shape]
        typer.echo(str(v))
    if len(report.violations) > len(shown):
        typer.echo(f"… and {len(report.violations) - len(shown)} more (--max to show them)")
    raise ValidationError(f"{graph} does not conform ({len(report.violations)} violations)")


# ----------------------------------------------------------------------------- eval (issue 10)


def _eval_row_text(category: str, row: dict) -> str:
    """A row of a pack question as one short line, for the wrong rows `kg eval --show` lists."""
    g = row.get
    if category in ("persons", "organizations", "directives"):
        return str(g(category[:-1]) or g("directive") or "")
    if category == "offices":
        return f"{g('person')} = {g('office')}"
    if category == "events":
        return f"{g('event')} @ {g('date') or '?'}"
    if category == "event-dates":
        return f"{g('event')} @ {g('date') or 'no date'}"
    if category in ("event-chairs", "event-participants"):
        return f"{g('person')} -> {g('event')} ({g('role') or 'chair'})"
    if category == "international-roles":
        return f"{g('holder')} = {g('role')} {g('start') or '?'}-{g('end') or '?'}"
    return json.dumps(row, ensure_ascii=False)


@app.command("eval")
@handle_errors
def eval_cmd(
    corpus: Optional[List[str]] = typer.Argument(None, help="Files, folders or globs of articles to build and score \\[default: the bundled sample corpus]."),
    gold: Optional[Path] = typer.Option(None, "--gold", help="A folder of gold files, one ARTICLE_ID.json per article (required)."),
    graph: Optional[Path] = typer.Option(None, "--graph", "-g", help="Score this built graph instead of building CORPUS."),
    fmt: str = typer.Option("table", "--format", "-f", help="table or json."),
    show: int = typer.Option(0, "--show", min=0, help="List this many wrong rows of each rule, with a sentence each."),
    jobs: int = typer.Option(1, "--jobs", "-j", min=1, help="Processes for extraction."),
):
    """Precision and recall against gold facts, per question of the pack and per extraction rule (worst first)."""
    import time

    from kg.errors import EvaluationError
    from kg.evaluate import DATES, IN_TOTAL, evaluate

    if fmt not in ("table", "json"):
        raise ParameterError(f"unknown format '{fmt}'", "use table or json")
    if gold is None:
        raise EvaluationError("no gold folder given", "pass --gold DIR, a folder of gold files (e.g. tests/data/sample_gold)")
    t0 = time.perf_counter()
    ev = evaluate(gold, corpus, graph=graph, examples=show, jobs=jobs)
    seconds = time.perf_counter() - t0
    if ev.missing_articles:
        shown = ", ".join(ev.missing_articles[:5]) + (" …" if len(ev.missing_articles) > 5 else "")
        err.print(f"Warning: {len(ev.missing_articles)} of {ev.gold_files} gold files are for articles not in the "
                  f"graph ({shown}): is it the corpus of this gold?", markup=False, soft_wrap=True)
    if fmt == "json":
        sys.stdout.write(json.dumps(ev.to_dict(), ensure_ascii=False, indent=1) + "\n")
        return
    from rich import box
    from rich.console import Console
    from rich.table import Column, Table

    out = Console(width=None if sys.stdout.isatty() else 120)  # a file gets whole rule names
    num = {"justify": "right", "no_wrap": True}
    t = Table(Column("query", no_wrap=True), *(Column(h, **num) for h in ("gold", "rows", "tp", "P", "R", "F1", "dates")),
              title=f"kg eval: {ev.gold_files} gold files, {ev.articles} articles", box=box.SIMPLE_HEAD)
    for name, c in ev.categories.items():
        dates = f"{c.dates_right}/{c.dates_total}" if c.dates_total is not None else ""
        t.add_row(name + ("" if name in IN_TOTAL else " ¹"), str(c.gold), str(c.rows), str(c.tp),
                  f"{c.precision:.3f}", f"{c.recall:.3f}", f"{c.f1:.3f}", dates)
    t.add_section()
    t.add_row("overall ¹", "", "", "", f"{ev.precision:.3f}", f"{ev.recall:.3f}", f"{ev.f1:.3f}", "")
    out.print(t)
    t = Table(Column("rule", overflow="fold"), Column("category", overflow="fold"),
              *(Column(h, **num) for h in ("rows", "right", "dup", "P", "R share")),
              title="Rules, worst precision first", box=box.SIMPLE_HEAD)
    for r in ev.rules:
        star = "" if r.registered or r.rule.startswith("(") else " *"
        t.add_row(r.rule + star, r.category, str(r.rows), str(r.tp), str(r.duplicates),
                  f"{r.precision:.3f}", f"{r.recall_share:.3f}")
    out.print(t)
    notes = ["¹ overall: micro-averaged over every question but organizations, as the scorer.",
             "rows: rows of the question the rule is a source of; right: of them, matched to a gold fact (one-to-one, "
             "as the scorer); dup: wrong rows that state a gold fact another row took; R share: right / gold facts of "
             f"the category. {DATES}: found gold events that have a date, right when the dates agree."]
    if any(not r.registered and not r.rule.startswith("(") for r in ev.rules):
        notes.append("* not in the rule registry (kg/extract/rules.py): the id comes from the facts' provenance.")
    if ev.unused_rules:
        notes.append("Registered rules with no row here: " + ", ".join(ev.unused_rules) + ".")
    for note in notes:
        err.print(note, markup=False, soft_wrap=True)
    if show:
        for r in ev.rules:
            if not r.wrong:
                continue
            out.print(f"\n{r.rule} in {r.category}: {r.rows - r.tp} wrong of {r.rows}", markup=False, highlight=False)
            for w in r.wrong:
                what = _eval_row_text(r.category, w.values)
                tag = " (duplicate)" if w.duplicate else f" (gold: {w.expected})" if w.expected else ""
                out.print(f"  {what}{tag}\n      “{w.sentence}” — {w.article}", markup=False, highlight=False)
    err.print(f"Scored in {seconds:.1f} s.", markup=False)


# ----------------------------------------------------------------------------- neo4j (issue 4)

load_app = typer.Typer(no_args_is_help=True, help="Load a built graph into a database.")
app.add_typer(load_app, name="load")
neo4j_app = typer.Typer(no_args_is_help=True, help="Run the local Neo4j server without Docker (scripts/neo4j-local).")
app.add_typer(neo4j_app, name="neo4j")


@load_app.command("neo4j")
@handle_errors
def load_neo4j_cmd(
    graph: Path = typer.Option(DEFAULT_OUT, "--graph", "-g", help="A folder written by `kg build`."),
    uri: Optional[str] = typer.Option(None, "--uri", help="Bolt URI (env NEO4J_URI; default bolt://127.0.0.1:7687)."),
    user: Optional[str] = typer.Option(None, "--user", help="User (env NEO4J_USER; default neo4j)."),
    ask_password: bool = typer.Option(False, "--ask-password",
                                      help="Ask for the password (hidden) instead of NEO4J_PASSWORD / .env; "
                                           "it is never taken on the command line."),
    database: Optional[str] = typer.Option(None, "--database", help="Database (env NEO4J_DATABASE; default neo4j)."),
    wipe: bool = typer.Option(False, "--wipe", help="Delete every node and relationship first (with --bulk: replace a database that holds any)."),
    bulk: bool = typer.Option(False, "--bulk", help="Replace the database by the server's import tool (neo4j-admin database import full) on the local server (scripts/neo4j-local): stop, import, start, constraints and indexes."),
    csv_dir: Optional[Path] = typer.Option(None, "--csv", help="Write the import's CSV files and import.args into this folder (with --bulk: keep them there); alone, only write them (for Docker)."),
    schema_only: bool = typer.Option(False, "--schema-only", help="Only create the constraints and indexes (after an import run by hand)."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Print only errors."),
):
    """Load the graph into Neo4j (idempotent: MERGE on ids), then open http://localhost:7474/browser/.

    A new, big database loads faster with --bulk: the server's own import tool writes the graph while the server is stopped.
    """
    from kg.build import load_graph
    from kg.neo4j import neo4j_settings
    from kg.neo4j.load import load_neo4j

    if csv_dir is not None and not bulk and not schema_only:
        from kg.neo4j.bulk import write_import_files

        files = write_import_files(load_graph(graph), csv_dir)
        if not quiet:
            err.print(f"Wrote {files.node_count} nodes and {files.relationship_count} relationships as "
                      f"{len(files.nodes) + len(files.relationships)} CSV files, and their import arguments "
                      f"({csv_dir / 'import.args'}), in {files.seconds:.1f} s. Import them on a stopped server: "
                      f"scripts/neo4j-local import {csv_dir} (with Docker: neo4j-admin database import full, its "
                      f"options from import.args, as the README shows), then kg load neo4j --schema-only.",
                      markup=False, soft_wrap=True)
        return
    kg_graph = None if schema_only else load_graph(graph)  # a missing graph fails before any password prompt
    password = None
    if ask_password or (not neo4j_settings().password and sys.stdin.isatty()):
        password = typer.prompt("Neo4j password", hide_input=True)
    if schema_only:
        from kg.neo4j import connect
        from kg.neo4j.load import create_schema

        with connect(uri, user, password, database) as (driver, s):
            n = create_schema(driver, s.database)
        if not quiet:
            err.print(f"Constraints and indexes: {n} created in {s.uri} (database {s.database}); the others were there.",
                      markup=False)
        return
    if bulk:
        from kg.neo4j.bulk import bulk_load_neo4j

        say = None if quiet else (lambda msg: err.print(f"  {msg} …", markup=False))
        b = bulk_load_neo4j(kg_graph, uri=uri, user=user, password=password, database=database, wipe=wipe,
                            folder=csv_dir, progress=say)
        if not quiet:
            err.print(f"Imported {graph} into {b.uri} (database {b.database}): {b.nodes} nodes, {b.relationships} "
                      f"relationships; {b.seconds:.1f} s (CSV {b.write_seconds:.1f} s, stop {b.stop_seconds:.1f} s, "
                      f"import {b.import_seconds:.1f} s, start {b.start_seconds:.1f} s, constraints and indexes "
                      f"{b.schema_seconds:.1f} s).", markup=False, soft_wrap=True)
            for item, reason in b.skipped[:20]:
                err.print(f"  skipped {item}: {reason}", markup=False)
        return
    show = not quiet and sys.stderr.isatty()
    progress = None
    if show:
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
        bar = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                       console=err, transient=True)
        task = bar.add_task("loading", total=None)
        bar.start()

        def progress(what: str, done: int, total: int) -> None:
            bar.update(task, description=f"loading {what}", completed=done, total=total)
    try:
        s = load_neo4j(kg_graph, uri=uri, user=user, password=password, database=database, wipe=wipe, progress=progress)
    finally:
        if show:
            bar.stop()
    if quiet:
        return
    if wipe:
        err.print(f"Wiped: {s.deleted_nodes} nodes, {s.deleted_relationships} relationships deleted.", markup=False)
    from rich.console import Console
    from rich.table import Table

    t = Table("kind", "written", "created", "updated", title=f"Loaded {graph} into {s.uri} (database {s.database})")
    for name, n in s.nodes.items():
        t.add_row(f":{name}", str(n), str(s.nodes_created[name]), str(n - s.nodes_created[name]))
    for name, n in s.relationships.items():
        t.add_row(f"[:{name}]", str(n), str(s.relationships_created[name]), str(n - s.relationships_created[name]))
    Console(stderr=True).print(t)
    err.print(f"Nodes: {s.created_nodes} created, {s.updated_nodes} updated; relationships: "
              f"{s.created_relationships} created, {s.updated_relationships} updated; {s.seconds:.1f} s.",
              markup=False)
    for item, reason in s.skipped[:20]:
        err.print(f"  skipped {item}: {reason}", markup=False)


def _local_server(action: str) -> None:
    from kg.neo4j import run_local_server

    code = run_local_server(action)
    if code:
        raise typer.Exit(code)


@neo4j_app.command("start")
@handle_errors
def neo4j_start():
    """Start the local Neo4j server (fetches the jars once; password from NEO4J_PASSWORD or .env)."""
    _local_server("start")


@neo4j_app.command("stop")
@handle_errors
def neo4j_stop():
    """Stop the local Neo4j server."""
    _local_server("stop")


@neo4j_app.command("status")
@handle_errors
def neo4j_status():
    """Say whether the local Neo4j server runs (exit 0) or not (exit 3)."""
    _local_server("status")



# ----------------------------------------------------------------------------- export, stats, path (issue 5)

def _export_help() -> str:
    from kg.export import FORMATS

    return "Write the graph as a file to open and share: " + "; ".join(
        f"{name} — {about}" for name, (_, _, about) in FORMATS.items()) + "."


from kg.export import DEFAULT_MAX_NODES  # noqa: E402  (a light module: the registry only)

export_app = typer.Typer(no_args_is_help=True, help=_export_help())
app.add_typer(export_app, name="export")


@export_app.command("html")
@handle_errors
def export_html_cmd(
    graph: Path = typer.Option(DEFAULT_OUT, "--graph", "-g", help="A folder written by `kg build`."),
    out: Path = typer.Option(Path("kg-graph.html"), "--out", "-o", help="The page to write."),
    focus: Optional[str] = typer.Option(None, "--focus", help="Draw only the neighbourhood of this entity (diacritics optional: 'pham binh minh')."),
    depth: int = typer.Option(1, "--depth", help="How many links from --focus."),
    types: Optional[str] = typer.Option(None, "--types", help="Types to draw, comma-separated: person, event, office, organization, country, role, directive, article [default: all but article]."),
    since: Optional[int] = typer.Option(None, "--since", help="Only what happened (or was published) in this year or later."),
    until: Optional[int] = typer.Option(None, "--until", help="Only what happened (or was published) in this year or earlier."),
    max_nodes: int = typer.Option(DEFAULT_MAX_NODES, "--max-nodes", help="Draw at most this many nodes, the best-connected; the page says what was left out."),
    title: Optional[str] = typer.Option(None, "--title", help="Title of the page."),
    isolated: bool = typer.Option(False, "--isolated", help="Draw the entities that have no link too (by default they are only counted)."),
):
    """One self-contained interactive HTML page of the graph: works offline, no CDN."""
    from kg.build import load_graph
    from kg.export import exporter

    r = exporter("html")(load_graph(graph), out, focus=focus, depth=depth, types=types, since=since,
                         until=until, max_nodes=max_nodes, title=title, isolated=isolated)
    err.print(f"Wrote {r.path}: {r.nodes} nodes, {r.edges} edges ({r.bytes / 1e6:.1f} MB, self-contained; "
              f"open it in any browser, offline).", markup=False, soft_wrap=True)
    if r.isolated:
        err.print(f"  {r.isolated_text()}", markup=False, soft_wrap=True)
    if r.left_out:
        err.print(f"  {r.left_out_text()}", markup=False, soft_wrap=True)


@app.command()
@handle_errors
def stats(
    graph: Path = typer.Option(DEFAULT_OUT, "--graph", "-g", help="A folder written by `kg build`."),
    fmt: str = typer.Option("table", "--format", "-f", help="table or json."),
    top: int = typer.Option(10, "--top", help="Rows in each ranking."),
):
    """Counts by type, the most central persons, frequent co-participants, components, years."""
    from kg.analytics import TYPE_NAMES_VI, stats as graph_stats
    from kg.build import load_graph

    if fmt not in ("table", "json"):
        raise ParameterError(f"unknown format '{fmt}'", "use table or json")
    s = graph_stats(load_graph(graph), top=top)
    if fmt == "json":
        sys.stdout.write(json.dumps(s, ensure_ascii=False, indent=1) + "\n")
        return
    from rich.console import Console
    from rich.table import Table

    out = Console()
    t = Table("type", "loại", "count", title="Entities and facts")
    for kind in ("nodes", "facts"):
        for name, n in s["counts"][kind].items():
            t.add_row(name, TYPE_NAMES_VI.get(name, ""), str(n))
        t.add_section()
    out.print(t)
    sampled = any(r["sampled"] for r in s["central_persons"])
    t = Table("person", "degree", "events", "offices", "betweenness" + (" (est.)" if sampled else ""),
              title="Most central persons (person–event–office graph)")
    for r in s["central_persons"]:
        t.add_row(r["label"], str(r["degree"]), str(r["events"]), str(r["offices"]), f"{r['betweenness']:.3f}")
    out.print(t)
    t = Table("persons", "shared events", "events", title="Most frequent co-participants")
    for r in s["co_participants"]:
        t.add_row(" & ".join(r["persons"]), str(r["count"]), "; ".join(r["events"]))
    out.print(t)
    c = s["components"]
    t = Table("size", "types", "best-connected",
              title=f"Connected components: {c['count']} ({c['isolated']} isolated entities)")
    for r in c["largest"]:
        t.add_row(str(r["size"]), ", ".join(f"{k} {v}" for k, v in r["types"].items()), "; ".join(r["hubs"]))
    out.print(t)
    t = Table("year", "articles", "facts", title="Articles and facts per year")
    for r in s["per_year"]:
        t.add_row("undated" if r["year"] is None else str(r["year"]), str(r["articles"]), str(r["facts"]))
    out.print(t)


@app.command("path")
@handle_errors
def path_cmd(
    a: str = typer.Argument(..., help="An entity's name (diacritics optional: 'thai phuc son')."),
    b: str = typer.Argument(..., help="Another entity's name."),
    graph: Path = typer.Option(DEFAULT_OUT, "--graph", "-g", help="A folder written by `kg build`."),
    fmt: str = typer.Option("text", "--format", "-f", help="text or json."),
):
    """The shortest chain of facts between two entities, with the sentences that state them."""
    from kg.analytics import shortest_path
    from kg.build import load_graph

    if fmt not in ("text", "json"):
        raise ParameterError(f"unknown format '{fmt}'", "use text or json")
    p = shortest_path(load_graph(graph), a, b)
    if p is None:
        err.print(f"No connection between '{a}' and '{b}': they are in different parts of the graph "
                  f"(`kg stats` lists the components).", markup=False, soft_wrap=True)
        raise typer.Exit(1)
    if fmt == "json":
        sys.stdout.write(json.dumps(p, ensure_ascii=False, indent=1) + "\n")
        return
    n = len(p["steps"])
    typer.echo(f"{p['from']} → {p['to']}: {n} fact{'s' if n != 1 else ''}" if n else f"{p['from']} is {p['to']}.")
    for i, s in enumerate(p["steps"], 1):
        typer.echo(f"{i}. {s['subject']} —{s['relation']}→ {s['object']}")
        for src in s["sources"][:3]:
            where = src["article"] + (f": {src['title']}" if src["title"] else "") + (f" ({src['date']})" if src["date"] else "")
            typer.echo(f"     “{src['sentence']}”\n       — {where}")
        if len(s["sources"]) > 3:
            typer.echo(f"     … and {len(s['sources']) - 3} more sources")


# ----------------------------------------------------------------------------- export for analysts (issue 12)


def _network_export_command(fmt: str, about: str):
    """`kg export FMT`: the writer the registry names for FMT, with the filters of `kg export html`."""
    out_help = ("Where to write: OUT.nodes.csv and OUT.edges.csv (a .csv ending is dropped first); "
                "a folder gets nodes.csv and edges.csv." if fmt == "csv" else "The file to write.")

    def command(
        graph: Path = typer.Option(DEFAULT_OUT, "--graph", "-g", help="A folder written by `kg build`."),
        out: Path = typer.Option(Path(f"kg-graph.{fmt}"), "--out", "-o", help=out_help),
        focus: Optional[str] = typer.Option(None, "--focus", help="Only the neighbourhood of this entity (diacritics optional: 'pham binh minh')."),
        depth: int = typer.Option(1, "--depth", help="How many links from --focus."),
        types: Optional[str] = typer.Option(None, "--types", help="Types to keep, comma-separated: person, event, office, organization, country, role, directive, article \\[default: all but article]."),
        since: Optional[int] = typer.Option(None, "--since", help="Only what happened (or was published) in this year or later."),
        until: Optional[int] = typer.Option(None, "--until", help="Only what happened (or was published) in this year or earlier."),
    ):
        from kg.build import load_graph
        from kg.export import exporter

        r = exporter(fmt)(load_graph(graph), out, focus=focus, depth=depth, types=types, since=since, until=until)
        kinds = ", ".join(f"{t} {n}" for t, n in r.types.items())
        err.print(f"Wrote {' and '.join(str(p) for p in r.paths)}: {r.nodes} nodes ({kinds}), {r.edges} edges.",
                  markup=False, soft_wrap=True)

    command.__name__ = f"export_{fmt}_cmd"
    command.__doc__ = f"{about[0].upper()}{about[1:]}: the graph, or the part the filters choose."
    return handle_errors(command)


def _register_network_exports() -> None:
    """A command for every format of the registry that has none of its own (html has)."""
    from kg.export import FORMATS

    taken = {c.name for c in export_app.registered_commands}
    for fmt, (_, _, about) in FORMATS.items():
        if fmt not in taken:
            export_app.command(fmt)(_network_export_command(fmt, about))


_register_network_exports()


# ----------------------------------------------------------------------------- serve (issue 12)


@app.command()
@handle_errors
def serve(
    graph: Path = typer.Option(DEFAULT_OUT, "--graph", "-g", help="A folder written by `kg build`."),
    port: int = typer.Option(7878, "--port", "-p", help="Port to listen on."),
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on: 127.0.0.1 is this machine only; 0.0.0.0 opens it to the network."),
    cors: bool = typer.Option(False, "--cors", help="Let web pages of other origins query the endpoint."),
):
    """Publish the graph as a read-only SPARQL endpoint, with a query page (YASGUI) in the browser; Ctrl-C stops it."""
    import signal

    from kg.rdf.serve import start_server

    server = start_server(graph, host=host, port=port, cors=cors)

    def stop_on_sigterm(signum, frame):  # `kill` stops it as cleanly as Ctrl-C
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop_on_sigterm)
    try:
        # the messages on stderr first: the console is made (rich imported) on first use, and the
        # URLs on stdout are what a script waits for before it queries or stops the server
        err.print(f"Serving the store of {graph} (started in {server.started_in:.1f} s). Press Ctrl-C to stop.",
                  markup=False, soft_wrap=True)
        if server.public:
            err.print(f"  listening on every interface: anyone who reaches this machine on port {port} can query the graph.",
                      markup=False, soft_wrap=True)
        typer.echo(f"SPARQL endpoint: {server.endpoint}  (SPARQL 1.1 Protocol, GET or POST, read-only)")
        typer.echo(f"Query page:      {server.page}")
        server.wait()
    except KeyboardInterrupt:
        server.stop()
        err.print("Stopped.", markup=False)
    finally:
        server.stop()


def main() -> None:  # pragma: no cover
    app()
