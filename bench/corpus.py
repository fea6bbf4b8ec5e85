"""The benchmark's input: the real news corpus where present, else the bundled sample.

The news corpus (``../shared/corpus/news`` beside the repository: 38,595 articles in five
``.jsonl.gz`` files) is read in file order, the order ``kg build`` reads it. Records are
kept raw (id, title, text as stored) so the benchmark can time ``make_article`` itself.
"""

from __future__ import annotations

import gzip
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

REPO = Path(__file__).resolve().parent.parent
NEWS = REPO.parent / "shared" / "corpus" / "news"
SAMPLE = REPO / "kg" / "sample" / "corpus"

# An article "mentions diplomacy" when its title or text holds one of these
# ("Bộ Ngoại giao" is inside the case-insensitive "ngoại giao").
DIPLOMACY_WORDS = ("Bộ Ngoại giao", "Thủ tướng")
DIPLOMACY_FOLDED = "ngoại giao"

_DATE_LINE = re.compile(r"^\s*date\s+(\d{4}-\d{2}-\d{2})\b\s*(.*)$")


@dataclass
class Record:
    """One article as stored: the fields ``make_article`` takes."""

    id: str
    title: str
    text: str
    date: str | None
    url: str | None
    source: str

    def to_json(self) -> str:
        return json.dumps({"id": self.id, "title": self.title, "date": self.date, "url": self.url,
                           "text": self.text}, ensure_ascii=False)


def is_diplomatic(r: Record) -> bool:
    """Title or text holds "Bộ Ngoại giao", "ngoại giao" (any case) or "Thủ tướng"."""
    both = r.title + "\n" + r.text
    return any(w in both for w in DIPLOMACY_WORDS) or DIPLOMACY_FOLDED in both.lower()



def jsonl_records(path: Path) -> Iterator[Record]:
    """The articles of one JSON Lines file (``.jsonl`` or ``.jsonl.gz``), in file order."""
    opener = gzip.open if path.name.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            rec = json.loads(line)
            title = rec.get("title") if isinstance(rec.get("title"), str) else ""
            text = rec.get("text")
            yield Record(str(rec.get("id") or f"{path.name}-{n}"), title, text if isinstance(text, str) else "",
                         rec.get("date"), rec.get("url"), f"{path.name}:{n}")

@dataclass
class Corpus:
    """Where the articles come from and how to read them."""

    path: Path
    real: bool  # the news corpus (True) or the bundled sample (False)
    note: str

    def files(self) -> list[Path]:
        return sorted(p for p in self.path.iterdir()
                      if p.name.endswith((".jsonl", ".jsonl.gz", ".txt")) and not p.name.startswith("."))

    def records(self) -> Iterator[Record]:
        """Every article, in the order ``kg build`` reads the folder."""
        for f in self.files():
            if f.name.endswith((".jsonl", ".jsonl.gz")):
                yield from jsonl_records(f)
            else:  # a scraped page of the sample: title line, optional date line, body
                lines = f.read_text(encoding="utf-8").split("\n")
                date, title = None, lines.pop(0) if lines else ""
                m = _DATE_LINE.match(title)
                if m:
                    date, title = m.group(1), m.group(2) or (lines.pop(0) if lines else "")
                elif lines and (m := _DATE_LINE.match(lines[0])) and not m.group(2):
                    date = m.group(1)
                    lines.pop(0)
                yield Record(f.stem, title, "\n".join(lines), date, None, f.name)


def find_corpus(given: str | Path | None = None) -> Corpus:
    """The corpus to measure: ``given``, else the news corpus, else the bundled sample."""
    if given:
        p = Path(given)
        if not p.is_dir():
            raise SystemExit(f"Error: no corpus folder at {p} — give a folder of .jsonl(.gz) articles")
        return Corpus(p, True, f"corpus: {p} (given with --corpus)")
    if NEWS.is_dir() and any(NEWS.glob("*.jsonl*")):
        return Corpus(NEWS, True, f"corpus: the real news corpus at {_rel(NEWS)} (38,595 articles, 102 M characters)")
    return Corpus(SAMPLE, False,
                  f"corpus: **the news corpus is not present** (looked for {_rel(NEWS)}); every figure below "
                  f"is on the bundled sample {_rel(SAMPLE)} ({len(list(SAMPLE.glob('*.txt')))} articles), "
                  f"so it says little about speed at scale")


def _rel(p: Path) -> str:
    try:
        return "../" + p.relative_to(REPO.parent).as_posix()
    except ValueError:
        return str(p)


def write_jsonl(records: list[Record], path: Path) -> Path:
    """``records`` as one JSON Lines file (the input of a sized ``kg build``)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8") as fh:
        for r in records:
            fh.write(r.to_json() + "\n")
    return path
