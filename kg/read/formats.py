"""Input formats: a small registry from file ending to a reader.

Each reader takes a path and yields ``Article`` or ``Skipped`` items; it never raises for
one bad article, so one broken line never loses the rest of a file.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

from kg.model import Article
from kg.read.furniture import split_furniture

_DATE_LINE = re.compile(r"^\s*date\s+(\d{4}-\d{2}-\d{2})\b\s*(.*)$")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True)
class Skipped:
    """An input that was not read, with the reason (one line for the build summary)."""

    source: str
    reason: str


ReadItem = Article | Skipped


# ----------------------------------------------------------------------------- decoding


def decode(data: bytes, source: str) -> str | Skipped:
    """Bytes to NFC text, or a :class:`Skipped` saying why not."""
    if not data.strip():
        return Skipped(source, "empty file")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return unicodedata.normalize("NFC", data.decode("utf-16"))
        except UnicodeDecodeError:
            return Skipped(source, "UTF-16 byte-order mark but undecodable content")
    if b"\x00" in data[:8192]:
        return Skipped(source, "binary file (NUL bytes)")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        return Skipped(source, f"not UTF-8 (byte {e.start}: {data[e.start:e.start + 1]!r}); "
                               f"{legacy_hint(data)}")
    return unicodedata.normalize("NFC", text)


def legacy_hint(data: bytes) -> str:
    """Name the legacy Vietnamese encoding the bytes most likely use."""
    try:
        data.decode("cp1258")
        return "it may be Windows-1258: convert it with `iconv -f CP1258 -t UTF-8`"
    except UnicodeDecodeError:
        return "it may be TCVN3 or VNI: convert it to UTF-8 (e.g. with UniKey's converter)"


def content_id(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]


def make_article(id_: str, title: str, body_text: str, date: str | None, url: str | None,
                 source: str) -> Article:
    """Remove furniture from ``body_text`` and build the article."""
    lines = body_text.split("\n")
    body, furniture = split_furniture(lines, title)
    parts: list[str] = []
    captions: list[tuple[int, int]] = []
    pos = 0
    for line, is_caption in body:
        if is_caption:
            captions.append((pos, pos + len(line)))
        parts.append(line)
        pos += len(line) + 1
    text = "\n".join(parts)
    return Article(id=id_, title=title.strip(), text=text, date=date, url=url, source=source,
                   furniture="\n".join(furniture), captions=captions)


# ----------------------------------------------------------------------------- readers


def read_txt(path: Path) -> Iterator[ReadItem]:
    """A scraped page: title line, an optional `` date YYYY-MM-DD`` line, the body.

    The date line may also carry the title after the date (`` date 2025-12-30 Thủ tướng …``).
    """
    text = decode(path.read_bytes(), str(path))
    if isinstance(text, Skipped):
        yield text
        return
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    while lines and not lines[0].strip():
        lines.pop(0)
    date = None
    title = ""
    if lines:
        m = _DATE_LINE.match(lines[0])
        if m:
            date, title = m.group(1), m.group(2)
            lines.pop(0)
        else:
            title = lines.pop(0)
    if lines and not date:
        m = _DATE_LINE.match(lines[0])
        if m and not m.group(2):
            date = m.group(1)
            lines.pop(0)
    if not title and lines:
        title = lines.pop(0)
    body = "\n".join(lines)
    if not body.strip():
        yield Skipped(str(path), "no article text after the title")
        return
    yield make_article(path.stem, title, body, date, None, str(path))


def read_html(path: Path) -> Iterator[ReadItem]:
    """An HTML page: main text, title, date and URL extracted by trafilatura."""
    raw = decode(path.read_bytes(), str(path))
    if isinstance(raw, Skipped):
        yield raw
        return
    import trafilatura  # slow to import: only when HTML is read

    doc = trafilatura.bare_extraction(raw, with_metadata=True, include_comments=False,
                                      include_tables=False, favor_precision=True)
    if doc is None:
        yield Skipped(str(path), "no article text found in the HTML")
        return
    get = doc.get if isinstance(doc, dict) else (lambda k, d=None: getattr(doc, k, d))
    body = get("text") or ""
    if not body.strip():
        yield Skipped(str(path), "no article text found in the HTML")
        return
    date = get("date")
    date = date[:10] if date and _ISO_DATE.match(date) else None
    title = get("title") or ""
    yield make_article(path.stem, unicodedata.normalize("NFC", title),
                       unicodedata.normalize("NFC", body), date, get("url"), str(path))


def read_jsonl(path: Path) -> Iterator[ReadItem]:
    """One JSON article a line: ``id``, ``title``, ``date``, ``url``, ``text``."""
    opener = gzip.open if path.name.endswith(".gz") else open
    try:
        fh = opener(path, "rb")
        for n, raw in enumerate(fh, 1):
            where = f"{path}:{n}"
            if not raw.strip():
                continue
            try:
                rec = json.loads(raw)
            except (json.JSONDecodeError, UnicodeDecodeError) as e:
                yield Skipped(where, f"malformed JSON line ({e.__class__.__name__}: {str(e)[:60]})")
                continue
            if not isinstance(rec, dict):
                yield Skipped(where, "JSON line is not an object")
                continue
            text = rec.get("text")
            if not isinstance(text, str) or not text.strip():
                yield Skipped(where, "no 'text' field")
                continue
            title = rec.get("title") if isinstance(rec.get("title"), str) else ""
            text = unicodedata.normalize("NFC", text)
            title = unicodedata.normalize("NFC", title or "")
            date = rec.get("date") if isinstance(rec.get("date"), str) else None
            date = date[:10] if date and _ISO_DATE.match(date) else None
            id_ = str(rec.get("id") or f"{path.name.split('.')[0]}-{n}")
            yield make_article(id_, title, text, date, rec.get("url"), where)
    except (OSError, EOFError, gzip.BadGzipFile) as e:
        yield Skipped(str(path), f"cannot read ({e.__class__.__name__}: {e})")


READERS: dict[str, Callable[[Path], Iterator[ReadItem]]] = {
    ".txt": read_txt,
    ".html": read_html,
    ".htm": read_html,
    ".jsonl": read_jsonl,
    ".jsonl.gz": read_jsonl,
}


def reader_for(path: Path) -> Callable[[Path], Iterator[ReadItem]] | None:
    name = path.name.lower()
    for ending in sorted(READERS, key=len, reverse=True):
        if name.endswith(ending):
            return READERS[ending]
    return None
