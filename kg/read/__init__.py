"""Reading articles: files, folders and globs of .txt, .html and .jsonl(.gz).

>>> from kg.read import read_articles          # doctest: +SKIP
>>> for item in read_articles(["corpus/"]):     # Article or Skipped, in a stable order
...     ...
"""

from __future__ import annotations

import glob
from pathlib import Path
from typing import Iterable, Iterator

from kg.errors import InputError
from kg.model import Article
from kg.read.formats import READERS, ReadItem, Skipped, content_id, reader_for
from kg.read.sentences import split_sentences

__all__ = ["read_articles", "expand_inputs", "expand_labelled", "read_file", "article_hash", "SeenArticles",
           "Skipped", "ReadItem", "split_sentences", "READERS"]


def expand_inputs(inputs: Iterable[str | Path]) -> list[Path]:
    """Files named by ``inputs`` (files, folders read recursively, globs), unique, sorted by
    the name they are read under (see :func:`read_articles`), whatever the order of ``inputs``.

    Raises :class:`InputError` for a path that does not exist or names no readable file.
    """
    return [path for path, _ in _expand(inputs)]


def _expand(inputs: Iterable[str | Path]) -> list[tuple[Path, str]]:
    """``(file, label)`` pairs; the label names the file from the input that found it
    (``corpus/01.txt`` for the folder ``/data/corpus``), so what the graph records as an
    article's source does not depend on where the corpus lies on this machine."""
    files: list[tuple[Path, str]] = []
    for raw in inputs:
        p = Path(raw)
        if any(ch in str(raw) for ch in "*?["):
            matches = [Path(m) for m in sorted(glob.glob(str(raw), recursive=True))]
            if not matches:
                raise InputError(f"the pattern {raw} matches no file")
            fixed = []
            for part in p.parts:
                if any(ch in part for ch in "*?["):
                    break
                fixed.append(part)
            base = Path(*fixed).parent if fixed else Path(".")
            for m in matches:
                files.extend((f, _label(f, base)) for f in _files_under(m))
        elif p.is_dir():
            found = _files_under(p)
            if not found:
                raise InputError(f"the folder {raw} holds no .txt, .html or .jsonl file")
            files.extend((f, _label(f, p.resolve().parent)) for f in found)
        elif p.is_file():
            files.append((p, p.name))
        else:
            raise InputError(f"no such file or folder: {raw}")
    out, seen = [], set()
    for f, label in files:
        key = f.resolve()
        if key not in seen:
            seen.add(key)
            out.append((f, label))
    # by name, not by the order the inputs were given in: which of two equal articles is
    # kept, and which of two equal ids gets a suffix, must not depend on the command line
    return sorted(out, key=lambda fl: (fl[1], str(fl[0].resolve())))


def _label(f: Path, base: Path) -> str:
    try:
        return f.resolve().relative_to(base.resolve()).as_posix()
    except ValueError:  # a symlink out of the folder
        return str(f)


def _files_under(p: Path) -> list[Path]:
    if p.is_file():
        return [p]
    return sorted(f for f in p.rglob("*") if f.is_file() and reader_for(f) and not f.name.startswith("."))


def read_articles(inputs: Iterable[str | Path]) -> Iterator[ReadItem]:
    """Yield every article (or the reason it was skipped) from ``inputs``, by source name.

    Articles whose text repeats an earlier one are yielded as ``Skipped`` with reason
    ``duplicate of <id>``; two articles with the same id get the second a content suffix.
    A file that cannot be read is one ``Skipped``; it never stops the others. Sources are
    named from their input (see :func:`expand_inputs`): ``corpus/a.jsonl:12``.
    """
    seen = SeenArticles()
    for path, label in _expand(inputs):
        for item in read_file(path, label):
            if isinstance(item, Article):
                duplicate_of, item.id = seen.check(item.id, article_hash(item))
                if duplicate_of:
                    yield Skipped(item.source or label, f"duplicate of {duplicate_of}")
                    continue
            yield item


def expand_labelled(inputs: Iterable[str | Path]) -> list[tuple[Path, str]]:
    """``(file, label)`` pairs of :func:`expand_inputs`, in reading order: the label is the
    name the file's articles are read under (their ``source``)."""
    return _expand(inputs)


def read_file(path: Path, label: str, start: int = 0, stop: int | None = None) -> Iterator[ReadItem]:
    """The articles of one file (or the reasons they were skipped), sources named by ``label``,
    before duplicates are looked for (see :class:`SeenArticles`). ``start``/``stop`` read only
    the lines ``start+1 … stop`` of a JSON Lines file (numbered from 1, as sources name them)."""
    reader = reader_for(path)
    if reader is None:
        yield Skipped(label, f"unknown file type (kg reads {', '.join(sorted(READERS))})")
        return
    items = reader(path, start=start, stop=stop) if (start or stop is not None) else reader(path)
    while True:
        try:
            item = next(items)
        except StopIteration:
            break
        except OSError as e:
            yield Skipped(label, f"cannot read ({e.strerror or e})")
            break
        except Exception as e:  # a reader bug on one file must not lose the others
            yield Skipped(label, f"could not be read ({e.__class__.__name__}: {str(e)[:80]})")
            break
        item = _relabel(item, str(path), label)
        if isinstance(item, Article) and not item.text.strip():
            yield Skipped(item.source or label, "no article text after removing page furniture")
            continue
        yield item


def article_hash(article: Article) -> str:
    """What two articles repeated word for word share: a hash of title and text."""
    return content_id(article.title + "\n" + article.text)


class SeenArticles:
    """The articles read so far, in reading order: which one a repeated text duplicates, and
    the id a repeated id becomes (``<id>-<first 8 of the text's hash>``).

    >>> seen = SeenArticles()
    >>> seen.check("a", "0123456789abcdef"), seen.check("a", "fedcba9876543210"), seen.check("b", "0123456789abcdef")
    ((None, 'a'), (None, 'a-fedcba98'), ('a', 'b'))
    """

    def __init__(self) -> None:
        self._text: dict[str, str] = {}
        self._ids: set[str] = set()

    def check(self, id_: str, text_hash: str) -> tuple[str | None, str]:
        """``(id of the article this one repeats, or None; the id this one is read under)``."""
        if text_hash in self._text:
            return self._text[text_hash], id_
        if id_ in self._ids:
            id_ = f"{id_}-{text_hash[:8]}"
        self._ids.add(id_)
        self._text[text_hash] = id_
        return None, id_


def _relabel(item: ReadItem, path: str, label: str) -> ReadItem:
    """The item with its source named by ``label`` instead of the path it was read from."""
    source = item.source or path
    if not source.startswith(path):
        return item
    source = label + source[len(path):]
    if isinstance(item, Skipped):
        return Skipped(source, item.reason)
    item.source = source
    return item
