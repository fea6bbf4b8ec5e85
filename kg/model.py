"""The data model, from read articles to the resolved graph.

Three layers, each plain dataclasses that serialise to JSON:

* :class:`Article` and :class:`Sentence` — what was read.
* :class:`ArticleFacts` — what one article states (mentions with provenance, article-local).
* :class:`KnowledgeGraph` — one :class:`Node` per real entity and one :class:`Fact` per
  real relation (tenure, participation, …), each carrying the :class:`Provenance` of every
  sentence that states it.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any, Iterable

# ----------------------------------------------------------------------------- reading


@dataclass(frozen=True)
class Sentence:
    """A sentence of an article: ``text == article.text[start:end]``."""

    start: int
    end: int
    text: str
    caption: bool = False  # a photo caption: kept for context, never a source of facts


@dataclass
class Article:
    """One news article. ``text`` is the NFC body with furniture removed."""

    id: str
    title: str
    text: str
    date: str | None = None  # ISO date of publication when the page gives it
    url: str | None = None
    source: str | None = None  # file (and line) it was read from
    furniture: str = ""  # what was cut away (related-news lists, teasers …), kept for audit
    captions: list[tuple[int, int]] = field(default_factory=list)  # caption spans in text


# ----------------------------------------------------------------------------- provenance


@dataclass(frozen=True)
class Provenance:
    """Where a fact comes from: the article, the sentence and its offsets, the rule."""

    article: str
    start: int
    end: int
    sentence: str
    rule: str


# ----------------------------------------------------------------------------- dates


@dataclass(frozen=True, order=True)
class PartialDate:
    """A date as precise as the text: a year, a month-day without year, or a full date.

    >>> PartialDate(2025, 12, 29).iso(), PartialDate(None, 12, 15).iso(), PartialDate(2020).iso()
    ('2025-12-29', '--12-15', '2020')
    """

    year: int | None = None
    month: int | None = None
    day: int | None = None

    def iso(self) -> str:
        if self.year and self.month and self.day:
            return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        if self.month and self.day:
            return f"--{self.month:02d}-{self.day:02d}"
        if self.year and self.month:
            return f"{self.year:04d}-{self.month:02d}"
        if self.year:
            return f"{self.year:04d}"
        return ""

    @classmethod
    def parse(cls, text: str | None) -> "PartialDate | None":
        if not text:
            return None
        t = text.strip()
        if t.startswith("--"):
            m, d = t[2:].split("-")
            return cls(None, int(m), int(d))
        parts = t.split("-")
        nums = [int(p) for p in parts]
        return cls(*nums)  # type: ignore[arg-type]


# ----------------------------------------------------------------------------- per-article facts
# Mentions name things as written; resolution turns names into ids.


@dataclass
class PersonMention:
    name: str
    prov: Provenance


@dataclass
class OfficeMention:
    """``person`` held ``office`` (as written, with its organisation) on the article's date."""

    person: str
    office: str
    org: str | None
    date: PartialDate | None
    prov: Provenance
    implied: bool = False  # the body was implied by Vietnamese usage ("Thủ tướng" -> "… Chính phủ")


@dataclass
class OrgMention:
    name: str  # canonical name
    surface: str  # as written
    kind: str  # government, party, international, …
    prov: Provenance


@dataclass
class EventMention:
    local: str  # article-local id: e1, e2 …
    name: str
    kind: str  # conference, meeting, summit, forum, congress, ceremony …
    aliases: list[str] = field(default_factory=list)
    ordinal: int | None = None
    generic: bool = False  # "cuộc họp", "hội nghị": only this article's event
    date: PartialDate | None = None
    end: PartialDate | None = None
    location: str | None = None
    provs: list[Provenance] = field(default_factory=list)


@dataclass
class ParticipationMention:
    person: str
    event: str  # EventMention.local
    role: str  # chair | participant
    detail: str  # as written: chủ trì, đồng chủ trì, dự, phát biểu …
    qualifier: str | None
    prov: Provenance


@dataclass
class DirectiveMention:
    local: str
    kind: str  # Chỉ thị, Nghị quyết, Kết luận, Quyết định …
    number: str  # "25", "XIII"
    code: str | None  # "25-CT/TW"
    issuer: str | None
    subject: str | None
    label: str
    prov: Provenance


@dataclass
class DirectiveLinkMention:
    event: str
    directive: str
    relation: str  # reviews | implements
    prov: Provenance


@dataclass
class RoleMention:
    """A country's international role: Chủ tịch ASEAN 2020, thành viên HĐBA 2020-2021."""

    holder: str
    role: str
    org: str | None
    start: int | None
    end: int | None
    prov: Provenance
    reelected: bool = False


@dataclass
class ArticleFacts:
    article: Article
    persons: list[PersonMention] = field(default_factory=list)
    offices: list[OfficeMention] = field(default_factory=list)
    organizations: list[OrgMention] = field(default_factory=list)
    events: list[EventMention] = field(default_factory=list)
    participations: list[ParticipationMention] = field(default_factory=list)
    directives: list[DirectiveMention] = field(default_factory=list)
    directive_links: list[DirectiveLinkMention] = field(default_factory=list)
    roles: list[RoleMention] = field(default_factory=list)

    def count(self) -> int:
        return sum(len(getattr(self, k)) for k in (
            "persons", "offices", "organizations", "events", "participations",
            "directives", "directive_links", "roles"))


# ----------------------------------------------------------------------------- the resolved graph

NODE_TYPES = ("Person", "Organization", "Country", "Office", "InternationalRole",
              "Event", "Directive", "Article")
FACT_TYPES = ("Tenure", "Participation", "Issued", "DirectiveLink")


@dataclass
class Node:
    """One real entity. ``props`` holds type-specific values (ISO date strings, ints, str)."""

    id: str
    type: str
    label: str
    aliases: list[str] = field(default_factory=list)
    props: dict[str, Any] = field(default_factory=dict)
    sources: list[Provenance] = field(default_factory=list)


@dataclass
class Fact:
    """One relation between nodes, reified so it can carry dates, role and sources.

    * Tenure: ``subject`` (Person or Country) holds ``object`` (Office or InternationalRole);
      props ``start``, ``end``, ``attested`` (dates the articles show it).
    * Participation: ``subject`` (Person) in ``object`` (Event); props ``role`` (chair |
      participant), ``details`` (as written), ``qualifier``.
    * Issued: ``subject`` (Organization or Event) issued ``object`` (Directive).
    * DirectiveLink: ``subject`` (Event) reviews | implements ``object`` (Directive).
    """

    id: str
    type: str
    subject: str
    object: str
    props: dict[str, Any] = field(default_factory=dict)
    sources: list[Provenance] = field(default_factory=list)


@dataclass
class KnowledgeGraph:
    nodes: dict[str, Node] = field(default_factory=dict)
    facts: dict[str, Fact] = field(default_factory=dict)

    def of_type(self, type_: str) -> list[Node]:
        return [n for n in self.nodes.values() if n.type == type_]

    def facts_of_type(self, type_: str) -> list[Fact]:
        return [f for f in self.facts.values() if f.type == type_]

    # JSON round trip; sorted so that the same graph gives the same bytes
    def to_json(self) -> str:
        data = {
            "nodes": [asdict(self.nodes[k]) for k in sorted(self.nodes)],
            "facts": [asdict(self.facts[k]) for k in sorted(self.facts)],
        }
        return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> "KnowledgeGraph":
        data = json.loads(text)
        g = cls()
        for n in data["nodes"]:
            n["sources"] = [Provenance(**p) for p in n.get("sources", [])]
            g.nodes[n["id"]] = Node(**n)
        for f in data["facts"]:
            f["sources"] = [Provenance(**p) for p in f.get("sources", [])]
            g.facts[f["id"]] = Fact(**f)
        return g


def unique(items: Iterable[Any]) -> list[Any]:
    """Items in first-seen order without repeats."""
    seen: set = set()
    out = []
    for it in items:
        if it not in seen:
            seen.add(it)
            out.append(it)
    return out
