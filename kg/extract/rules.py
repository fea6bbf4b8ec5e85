"""The registry of extraction rules: each a small named function, the kind of fact it
makes, and real sentence shapes that are its tests.

A rule reads one sentence through a :class:`~kg.extract.reader.SentenceContext` (the
sentence, the persons and events found in it, the article read so far) and adds facts; every
fact it adds carries the rule's id in its provenance, so precision and recall per rule come
from any gold folder (``kg eval``). The sentence reader only loops over :data:`RULES`, in
the order they are registered. A new rule is one function and one decorator::

    @rule("participation.meeting", makes="participation",
          examples=[Example("Chủ tịch nước Trần Đại Quang đã hội kiến Thủ tướng Lý Khắc Cường.",
                            expect=["participation: Trần Đại Quang -> hội kiến giữa …"])])
    def meeting_verbs(ctx): ...

Examples are checked by ``tests/test_rules.py``: a positive one must give every fact it
lists (rendered as in :func:`render_facts`), a negative one none of the facts it rejects.
(This is the shape of spaCy's ``Matcher.add`` / ``SpanRuler``: patterns registered by name,
a loop that applies them, the name on every match.)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

from kg.model import ArticleFacts


@dataclass(frozen=True)
class Example:
    """One sentence shape a rule serves (``expect``) or must leave alone (``reject``).

    Facts are written as :func:`render_facts` writes them; ``…`` in an expected fact stands
    for any words ("event: Hội nghị Ngoại giao …", "event: hội kiến giữa … @ 2017-05-11")."""

    sentence: str
    expect: tuple[str, ...] = ()
    reject: tuple[str, ...] = ()
    date: str | None = None  # the article's date line
    before: str = ""  # sentences of the article before this one (for references back)


@dataclass(frozen=True)
class Rule:
    id: str
    makes: str  # person | office | event | participation | date | directive | role | organization
    apply: Callable
    examples: tuple[Example, ...] = ()
    produces: tuple[str, ...] = ()  # the ids on its facts, when it gives several ("person.…")
    doc: str = ""

    @property
    def ids(self) -> tuple[str, ...]:
        return self.produces or (self.id,)


RULES: list[Rule] = []


def rule(id: str, makes: str, examples=(), produces=()):
    """Register a rule function under ``id`` (unique), in reading order."""
    def register(fn: Callable) -> Callable:
        if any(r.id == id for r in RULES):
            raise ValueError(f"rule {id!r} registered twice")
        RULES.append(Rule(id, makes, fn, tuple(examples), tuple(produces),
                          (fn.__doc__ or "").strip().split("\n")[0]))
        return fn
    return register


def rule_ids() -> list[str]:
    """Every id a fact may carry, in registry order."""
    return [i for r in RULES for i in r.ids]


# ----------------------------------------------------------------------------- facts as text


def render_facts(facts: ArticleFacts, rule_id: str | None = None) -> list[str]:
    """The facts of an article as short lines, those of one rule id only if given::

        person: Phạm Bình Minh
        office: Phạm Bình Minh = Phó Thủ tướng Chính phủ
        event: Hội nghị Ngoại giao lần thứ 31 @ --12-15
        participation: Thái Phúc Sơn -> Hội nghị Ngoại giao lần thứ 31 (chair)
        directive: Chỉ thị 25-CT/TW
        reviews: Hội nghị sơ kết … -> Chỉ thị 25-CT/TW
        role: Việt Nam = Chủ tịch ASEAN 2020-2020
        organization: Bộ Ngoại giao
    """
    def keep(prov) -> bool:
        return rule_id is None or prov.rule == rule_id

    events = {e.local: e for e in facts.events}
    directives = {d.local: d for d in facts.directives}
    out: list[str] = []
    out += [f"person: {p.name}" for p in facts.persons if keep(p.prov)]
    out += [f"office: {o.person} = {o.office}" for o in facts.offices if keep(o.prov)]
    for e in facts.events:
        rules = {p.rule for p in e.provs}
        if rule_id is None or rule_id in rules:
            date = f" @ {e.date.iso()}" if e.date and (rule_id is None or rule_id.startswith("date")) else ""
            out.append(f"event: {e.name}{date}")
    out += [f"participation: {p.person} -> {events[p.event].name} ({p.role})"
            for p in facts.participations if keep(p.prov) and p.event in events]
    out += [f"directive: {d.label}" for d in facts.directives if keep(d.prov)]
    out += [f"{l.relation}: {events[l.event].name} -> {directives[l.directive].label}"
            for l in facts.directive_links if keep(l.prov) and l.event in events]
    out += [f"role: {r.holder} = {r.role} {r.start}-{r.end}" for r in facts.roles if keep(r.prov)]
    out += [f"organization: {o.name}" for o in facts.organizations if keep(o.prov)]
    return out


def fact_matches(expected: str, rendered: list[str]) -> bool:
    """Whether a rendered fact reads as ``expected``, where ``…`` stands for any words."""
    if "…" not in expected:
        return expected in rendered
    pattern = re.compile(".+?".join(re.escape(part.strip()) for part in expected.split("…")) + "$")
    return any(pattern.match(r) for r in rendered)
