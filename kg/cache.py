"""The extraction cache: per-article records kept between builds, so a build extracts only
the articles that are new or changed.

What is kept, in one SQLite file (``extraction.sqlite`` in the cache folder):

* **records** — the facts of one article (:mod:`kg.records`), keyed by the extractor's
  version, the article's id and a hash of everything it was read as
  (:func:`kg.records.facts_key`). Any change to the extractor's code or word lists changes
  its version (:func:`extractor_version`), so a record of another extractor is never found;
* **manifests** — what a part of an input file was read as (each article's id, text hash
  and digest, or why a line was skipped), keyed by a hash of that part's bytes, its name and
  the reader's version (:func:`reader_version`). An unchanged file is not read again.

Where it lives: ``.NAME.kg-cache/`` beside the output folder ``NAME`` (so the atomic switch
of a build, which exchanges the output folder whole, never touches it), or inside the
output as ``.kg-cache/`` when the output is the folder one stands in; ``kg build --cache
DIR`` puts it anywhere (several outputs may share one), ``--no-cache`` goes without.

Safety: every write is an SQLite transaction (write-ahead log), so a build killed midway
leaves the records it committed and nothing half-written; records are committed as parts of
the input are done, so the next build starts from there. A record or manifest that does not
decode is dropped and made again; a file that is not an SQLite database of this format is
replaced. Builds sharing a cache wait for each other's writes (a busy timeout).

Eviction: each build that finishes stamps the entries it used with its number; an entry
that none of the last :data:`KEEP_BUILDS` finished builds used is deleted (records of an
older extractor, articles no longer in the inputs), and the file gives the space back.
"""

from __future__ import annotations

import ast
import hashlib
import sqlite3
import sys
import time
import unicodedata
from array import array
from bisect import bisect_left
from functools import lru_cache
from pathlib import Path
from typing import Iterable

from kg.errors import CacheError

FORMAT = "kg-extraction-cache 3"
DB_NAME = "extraction.sqlite"
KEEP_BUILDS = 3  # an entry unused by this many finished builds in a row is deleted
PACKAGE = Path(__file__).resolve().parent  # the kg package


# ----------------------------------------------------------------------------- versions


def code_files(root_module: str, package: Path = PACKAGE) -> list[Path]:
    """The source files of ``root_module`` (``kg.extract``) and of every ``kg`` module it
    imports, directly or not (read from the source, imports inside functions too; importing
    ``kg.a.b`` runs ``kg/__init__.py`` and ``kg/a/__init__.py`` as well), and the data files
    (any other file) in the folders of the packages among them."""
    top = package.name
    seen: dict[str, Path] = {}
    todo = [root_module]
    while todo:
        name = todo.pop()
        parts = name.split(".")
        for i in range(1, len(parts) + 1):  # the packages on the way run first
            mod = ".".join(parts[:i])
            if mod in seen:
                continue
            path = _module_file(mod, package)
            if path is None:
                continue
            seen[mod] = path
            todo.extend(_imports(path, mod, top, package))
    files = set(seen.values())
    for mod, path in seen.items():
        if path.name == "__init__.py" and mod != top:  # a package's data (words/*.toml …)
            files.update(p for p in path.parent.rglob("*")
                         if p.is_file() and p.suffix not in (".py", ".pyc") and "__pycache__" not in p.parts)
    return sorted(files)


def _module_file(mod: str, package: Path) -> Path | None:
    rel = mod.split(".")[1:]
    base = package.joinpath(*rel)
    for candidate in (base / "__init__.py", base.with_suffix(".py") if rel else None):
        if candidate is not None and candidate.is_file():
            return candidate
    return None


def _imports(path: Path, mod: str, top: str, package: Path) -> list[str]:
    tree = ast.parse(path.read_bytes(), str(path))
    is_pkg = path.name == "__init__.py"
    here = mod.split(".") if is_pkg else mod.split(".")[:-1]
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out += [a.name for a in node.names if a.name.split(".")[0] == top]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = here[:len(here) - node.level + 1]
                name = ".".join(base + ([node.module] if node.module else []))
            else:
                name = node.module or ""
            if name.split(".")[0] != top:
                continue
            out.append(name)
            out += [f"{name}.{a.name}" for a in node.names]  # `from kg.extract import relations`
    return [m for m in out if _module_file(m, package) is not None or m.count(".") == 0]


def fingerprint(files: Iterable[Path], package: Path = PACKAGE, extra: Iterable[str] = ()) -> str:
    """A hash of the files (by their path in the package and their bytes) and ``extra``."""
    h = hashlib.blake2b(digest_size=16)
    for part in extra:
        h.update(part.encode() + b"\0")
    for f in files:
        h.update(f.relative_to(package.parent).as_posix().encode() + b"\0")
        h.update(f.read_bytes())
        h.update(b"\0")
    return h.hexdigest()


def _runtime() -> list[str]:
    # regular expressions and Unicode tables (casefold, NFC) come with Python
    return [f"python {sys.version_info[0]}.{sys.version_info[1]}", f"unicode {unicodedata.unidata_version}"]


@lru_cache(maxsize=None)
def extractor_version(package: Path = PACKAGE) -> str:
    """The version of the extractor: a hash of the source of ``kg.extract`` and of every
    module it imports (``kg.text``, ``kg.model``, ``kg.read`` …), of its word lists
    (``kg/extract/words/*.toml``), of :mod:`kg.records` (the form of a record), and of the
    Python and Unicode versions. Never written by hand: editing a rule or a word changes it.
    Computed once a process (a build's workers compute their own and must agree)."""
    files = code_files("kg.extract", package) + [package / "records.py"]
    return fingerprint(sorted(set(files)), package, _runtime())


@lru_cache(maxsize=None)
def reader_version(package: Path = PACKAGE) -> str:
    """The version of the readers (``kg.read`` and what it imports; trafilatura and lxml for
    HTML): a manifest of a file read by other readers is never used."""
    from importlib.metadata import PackageNotFoundError, version

    extra = _runtime()
    for dist in ("trafilatura", "lxml", "justext"):
        try:
            extra.append(f"{dist} {version(dist)}")
        except PackageNotFoundError:
            extra.append(f"{dist} -")
    return fingerprint(code_files("kg.read", package), package, extra)


# ----------------------------------------------------------------------------- where


def default_cache_dir(out: str | Path) -> Path:
    """Where a build into ``out`` keeps its cache: ``.NAME.kg-cache`` beside ``out``; inside it
    (``.kg-cache``) when ``out`` is the folder one stands in (or holds it), as ``kg build --out .``."""
    out = Path(out)
    if out.exists() and Path.cwd().resolve().is_relative_to(out.resolve()):
        return out / ".kg-cache"
    return out.parent / f".{out.name or 'graph'}.kg-cache"


# ----------------------------------------------------------------------------- the cache


class KeyHint:
    """The keys a cache holds, as a sorted array of their first 8 bytes: small enough to send
    to every worker, which then extracts only articles whose key is not in it. A hint, not
    the truth: a key it lists may have gone meanwhile (the build then extracts it after all)."""

    def __init__(self, keys: Iterable[bytes] = ()):
        self.keys = array("Q", sorted({int.from_bytes(k[:8], "little") for k in keys}))

    def __contains__(self, key: bytes) -> bool:
        x = int.from_bytes(key[:8], "little")
        i = bisect_left(self.keys, x)
        return i < len(self.keys) and self.keys[i] == x

    def __len__(self) -> int:
        return len(self.keys)


class ExtractionCache:
    """The SQLite file of records and manifests; see the module's docstring.

    >>> cache = ExtractionCache.open(tmp / "cache")       # doctest: +SKIP
    >>> build_no = cache.begin_build()                    # doctest: +SKIP
    >>> cache.put_records({key: data}); cache.get_records([key])   # doctest: +SKIP
    >>> cache.finish_build(build_no)                      # evicts what the last builds did not use
    """

    def __init__(self, folder: Path, db: sqlite3.Connection):
        self.folder = folder
        self.path = folder / DB_NAME
        self.db = db
        self.build_no = 0
        self._used: list[bytes] = []
        self._used_manifests: list[bytes] = []

    # -- opening

    @classmethod
    def open(cls, folder: str | Path) -> "ExtractionCache":
        """Open (or create) the cache in ``folder``; a file that is not one is replaced.
        Raises :class:`CacheError` when the folder cannot be written."""
        folder = Path(folder)
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise CacheError(f"cannot make the cache folder {folder} ({e.strerror or e})") from None
        path = folder / DB_NAME
        for attempt in (1, 2):
            try:
                return cls(folder, _connect(path))
            except sqlite3.DatabaseError as e:
                if attempt == 2 or isinstance(e, sqlite3.OperationalError) and "locked" in str(e):
                    raise CacheError(f"cannot use the cache {path} ({e})") from None
                for p in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
                    p.unlink(missing_ok=True)  # not a cache of ours, or damaged: start anew
        raise AssertionError("unreachable")

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> "ExtractionCache":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- builds

    def begin_build(self) -> int:
        """Number this build; entries it uses are stamped with the number when it finishes."""
        with self.db:
            cur = self.db.execute("INSERT INTO builds(started) VALUES (?)", (time.time(),))
        self.build_no = cur.lastrowid
        self._used, self._used_manifests = [], []
        return self.build_no

    def used(self, keys: Iterable[bytes] = (), manifests: Iterable[bytes] = ()) -> None:
        """Note records and manifests this build used (stamped by :meth:`finish_build`)."""
        self._used.extend(keys)
        self._used_manifests.extend(manifests)

    def finish_build(self, keep: int = KEEP_BUILDS) -> int:
        """Stamp what this build used, then delete entries no one of the last ``keep``
        finished builds used; returns how many were deleted. (The stamps are a table of their
        own: stamping a row of records would write its data again.)"""
        no = self.build_no
        with self.db:
            self.db.execute("UPDATE builds SET finished = ? WHERE no = ?", (time.time(), no))
            self.db.executemany("INSERT OR REPLACE INTO stamps(key, build) VALUES (?, ?)",
                                ((k, no) for k in [*self._used, *self._used_manifests]))
            recent = [r[0] for r in self.db.execute(
                "SELECT no FROM builds WHERE finished IS NOT NULL ORDER BY no DESC LIMIT ?", (keep,))]
            deleted = 0
            if len(recent) == keep:
                oldest = recent[-1]
                old = "SELECT key FROM stamps WHERE build < ?"
                deleted += self.db.execute(f"DELETE FROM records WHERE key IN ({old})", (oldest,)).rowcount
                deleted += self.db.execute(f"DELETE FROM manifests WHERE key IN ({old})", (oldest,)).rowcount
                self.db.execute("DELETE FROM stamps WHERE build < ?", (oldest,))
                self.db.execute("DELETE FROM builds WHERE no < ?", (oldest,))
        if deleted:
            self.db.execute("PRAGMA incremental_vacuum")
        self._used, self._used_manifests = [], []
        return deleted

    # -- records

    def hint(self) -> KeyHint:
        """The keys of every record held now (see :class:`KeyHint`)."""
        return KeyHint(k for (k,) in self.db.execute("SELECT key FROM records"))

    def get_records(self, keys: Iterable[bytes]) -> dict[bytes, bytes]:
        """The records held for ``keys`` (those missing are left out)."""
        keys = list(keys)
        out: dict[bytes, bytes] = {}
        for i in range(0, len(keys), 500):
            chunk = keys[i:i + 500]
            q = f"SELECT key, data FROM records WHERE key IN ({','.join('?' * len(chunk))})"
            out.update(self.db.execute(q, chunk))
        return out

    def put(self, records: dict[bytes, bytes], manifests: dict[bytes, bytes] | None = None) -> None:
        """Keep ``records`` and ``manifests`` (key -> bytes), in one transaction."""
        stamp = self.build_no
        manifests = manifests or {}
        with self.db:
            self.db.executemany("INSERT OR REPLACE INTO records(key, data) VALUES (?, ?)", records.items())
            self.db.executemany("INSERT OR REPLACE INTO manifests(key, data) VALUES (?, ?)", manifests.items())
            self.db.executemany("INSERT OR REPLACE INTO stamps(key, build) VALUES (?, ?)",
                                ((k, stamp) for k in [*records, *manifests]))

    def drop(self, record: bytes | None = None, manifest: bytes | None = None) -> None:
        """Delete an entry that did not decode."""
        with self.db:
            if record is not None:
                self.db.execute("DELETE FROM records WHERE key = ?", (record,))
            if manifest is not None:
                self.db.execute("DELETE FROM manifests WHERE key = ?", (manifest,))

    # -- manifests

    def get_manifest(self, key: bytes) -> bytes | None:
        row = self.db.execute("SELECT data FROM manifests WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    # -- what is in it

    def stats(self) -> dict[str, int]:
        """Counts of records, manifests and finished builds, and the file's size in bytes."""
        q = self.db.execute
        size = sum(p.stat().st_size for p in self.folder.glob(DB_NAME + "*") if p.is_file())
        return {"records": q("SELECT count(*) FROM records").fetchone()[0],
                "manifests": q("SELECT count(*) FROM manifests").fetchone()[0],
                "builds": q("SELECT count(*) FROM builds WHERE finished IS NOT NULL").fetchone()[0],
                "bytes": size}


def _connect(path: Path) -> sqlite3.Connection:
    db = sqlite3.connect(path, timeout=60, isolation_level=None)
    try:
        db.execute("PRAGMA busy_timeout = 60000")
        fresh = db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] == 0  # raises on a non-database
        if fresh:
            db.execute("PRAGMA auto_vacuum = INCREMENTAL")  # before the first table
        db.execute("PRAGMA journal_mode = WAL")
        db.execute("PRAGMA synchronous = NORMAL")
        with db:
            db.execute("CREATE TABLE IF NOT EXISTS meta(name TEXT PRIMARY KEY, value TEXT NOT NULL)")
            db.execute("INSERT OR IGNORE INTO meta VALUES ('format', ?)", (FORMAT,))
            db.execute("CREATE TABLE IF NOT EXISTS records(key BLOB PRIMARY KEY, data BLOB NOT NULL) WITHOUT ROWID")
            db.execute("CREATE TABLE IF NOT EXISTS manifests(key BLOB PRIMARY KEY, data BLOB NOT NULL) WITHOUT ROWID")
            # the last build that used an entry (a record's or a manifest's key)
            db.execute("CREATE TABLE IF NOT EXISTS stamps(key BLOB PRIMARY KEY, build INTEGER NOT NULL) WITHOUT ROWID")
            db.execute("CREATE TABLE IF NOT EXISTS builds(no INTEGER PRIMARY KEY AUTOINCREMENT, "
                       "started REAL NOT NULL, finished REAL)")
        (fmt,) = db.execute("SELECT value FROM meta WHERE name = 'format'").fetchone()
        if fmt != FORMAT:
            raise sqlite3.DatabaseError(f"a cache of another format ({fmt})")
    except BaseException:
        db.close()
        raise
    return db


def cache_size(folder: str | Path) -> int:
    """Bytes the cache in ``folder`` takes on disk (0 when there is none)."""
    return sum(p.stat().st_size for p in Path(folder).glob(DB_NAME + "*") if p.is_file())


__all__ = ["ExtractionCache", "CacheError", "KeyHint", "extractor_version", "reader_version",
           "default_cache_dir", "code_files", "cache_size", "KEEP_BUILDS"]
