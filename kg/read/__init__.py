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

__all__ = ["read_articles", "expand_inputs", "Skipped", "ReadItem", "split_sentences", "READERS"]


def expand_inputs(inputs: Iterable[str | Path]) -> list[Path]:
    """Files named by ``inputs`` (files, folders read recursively, globs), sorted, unique.

    Raises :class:`InputError` for a path that does not exist or names no readable file.
    """
    files: list[Path] = []
    for raw in inputs:
        p = Path(raw)
        if any(ch in str(raw) for ch in "*?["):
            matches = [Path(m) for m in sorted(glob.glob(str(raw), recursive=True))]
            if not matches:
                raise InputError(f"the pattern {raw} matches no file")
            for m in matches:
                files.extend(_files_under(m))
        elif p.is_dir():
            found = _files_under(p)
            if not found:
                raise InputError(f"the folder {raw} holds no .txt, .html or .jsonl file")
            files.extend(found)
        elif p.is_file():
            files.append(p)
        else:
            raise InputError(f"no such file or folder: {raw}")
    out, seen = [], set()
    for f in files:
        key = f.resolve()
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out


def _files_under(p: Path) -> list[Path]:
    if p.is_file():
        return [p]
    return sorted(f for f in p.rglob("*") if f.is_file() and reader_for(f) and not f.name.startswith("."))


def read_articles(inputs: Iterable[str | Path]) -> Iterator[ReadItem]:
    """Yield every article (or the reason it was skipped) from ``inputs``, in input order.

    Articles whose text repeats an earlier one are yielded as ``Skipped`` with reason
    ``duplicate of <id>``; two articles with the same id get the second a content suffix.
    """
    seen_text: dict[str, str] = {}
    seen_ids: set[str] = set()
    for path in expand_inputs(inputs):
        reader = reader_for(path)
        if reader is None:
            yield Skipped(str(path), f"unknown file type (kg reads {', '.join(sorted(READERS))})")
            continue
        try:
            items = list(reader(path)) if path.stat().st_size < 50_000_000 else reader(path)
            for item in items:
                if isinstance(item, Article):
                    if not item.text.strip():
                        yield Skipped(item.source or str(path), "no article text after removing page furniture")
                        continue
                    h = content_id(item.title + "\n" + item.text)
                    if h in seen_text:
                        yield Skipped(item.source or str(path), f"duplicate of {seen_text[h]}")
                        continue
                    if item.id in seen_ids:
                        item.id = f"{item.id}-{h[:8]}"
                    seen_ids.add(item.id)
                    seen_text[h] = item.id
                yield item
        except OSError as e:
            yield Skipped(str(path), f"cannot read ({e.strerror or e})")
