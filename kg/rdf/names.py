"""The name index: every entity's folded names (``kg:searchKey``), in the order of its label.

``kg build`` writes it beside the store as ``names.tsv``, one line per entity with a label
(articles have none), sorted by label then id, as SPARQL's ``ORDER BY`` sorts them::

    pham binh minh|pho thu tuong pham binh minh <TAB> person/pham-binh-minh-9a89b8 <TAB> Person <TAB> Phạm Bình Minh

``kg query`` reads it to find the entities a name parameter can match (any search key that
contains the folded name, as the pack's ``FILTER(CONTAINS(?k, ?p_name))``) without scanning
the store, and to answer a question entity by entity (see :mod:`kg.query.sparql`). Folded
keys hold only ``[0-9a-z/ ]``, so ``|`` and tabs never occur in them.

Reading it needs neither rdflib nor pyoxigraph.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

NAMES_FILE = "names.tsv"
RESOURCE = "https://w3id.org/kg-vn/id/"  # kg.vocab.RESOURCE: an entity's IRI is this and its id


def name_lines(entities: Iterable[tuple[str, str, str, list[str]]]) -> str:
    """The file's text for ``(id, type, label, keys)`` of every entity with a label."""
    rows = sorted(entities, key=lambda e: (e[2], e[0]))
    clean = str.maketrans("\t\n\r", "   ")
    return "".join(f"{'|'.join(dict.fromkeys(keys))}\t{id_}\t{type_}\t{label.translate(clean)}\n"
                   for id_, type_, label, keys in rows)


@dataclass
class Entity:
    id: str  # the part of the IRI after https://w3id.org/kg-vn/id/
    type: str  # Person, Organization, Country, Office, InternationalRole, Event, Directive
    label: bytes  # UTF-8


class NameIndex:
    """The name index of a built graph (``NameIndex.open(graph_dir)``).

    Kept as the file's bytes: the keys are ASCII, so a folded name is searched for in the
    UTF-8 text as it is, and only the lines found are split.
    """

    def __init__(self, data: bytes):
        self._data = data

    @classmethod
    def open(cls, graph_dir: str | Path) -> "NameIndex | None":
        """The index of ``graph_dir``, or None when the graph has none (built by an older kg)."""
        try:
            return cls(Path(graph_dir, NAMES_FILE).read_bytes())
        except OSError:
            return None

    def find(self, key: str, types: Iterable[str] | None = None, limit: int | None = None) -> list[str] | None:
        """Ids of the entities (of ``types``) with a search key containing the folded ``key``,
        in label order; None when there are more than ``limit``."""
        wanted = {t.encode() for t in types} if types else None
        data, needle = self._data, key.encode("ascii", "replace")
        out: list[str] = []
        at = data.find(needle)
        while at >= 0:
            start = data.rfind(b"\n", 0, at) + 1
            tab = data.index(b"\t", start)
            end = data.find(b"\n", at)
            end = len(data) if end < 0 else end
            if at + len(needle) <= tab:  # in the keys, which come first on the line
                _, id_, type_, _ = data[start:end].split(b"\t", 3)
                if wanted is None or type_ in wanted:
                    out.append(id_.decode())
                    if limit is not None and len(out) > limit:
                        return None
            at = data.find(needle, end)
        return out

    def entities(self, types: Iterable[str] | None = None) -> list[Entity]:
        """Every entity (of ``types``), in label order (labels as UTF-8 bytes: equal when the
        labels are)."""
        wanted = {t.encode() for t in types} if types else None
        out = []
        for line in self._data.splitlines():
            _, id_, type_, label = line.split(b"\t", 3)
            if wanted is None or type_ in wanted:
                out.append(Entity(id_.decode(), type_.decode(), label))
        return out
