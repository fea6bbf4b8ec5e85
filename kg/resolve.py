"""Entity resolution: the facts of many articles -> one node per real entity.

Names meet here. Each kind of entity has a *key* built from its normalised name
(NFC, one tone placement, case folded; ``Bộ trưởng Ngoại giao`` already written
``Bộ trưởng Bộ Ngoại giao`` by extraction; ``Liên hợp quốc``/``LHQ`` already the same
organisation; an event's ordinal in one form), and the node id is derived from the key
alone — so the same input gives the same ids, whatever order the files come in, and a new
article never renames an existing node (unless it merges into it).

>>> r = Resolver()                                   # doctest: +SKIP
>>> for facts in per_article_facts: r.add(facts)
>>> graph = r.graph()
"""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache
from collections import defaultdict
from operator import attrgetter
from dataclasses import dataclass, field
from typing import Any, Iterable

from kg.extract.lexicon import COUNTRIES, ORGANIZATIONS, fix_tones, fold
from kg.extract.persons import office_key
from kg.extract.roles import canonical_org
from kg.model import (ArticleFacts, Fact, KnowledgeGraph, Node, PartialDate, Provenance)

_COUNTRY_OF = {a: c for c, al in COUNTRIES.items() for a in (c, *al)}
_ISSUER_ORG = {"Trung ương": "Ban Chấp hành Trung ương Đảng", "Trung ương Đảng": "Ban Chấp hành Trung ương Đảng",
               "Ban Chấp hành Trung ương": "Ban Chấp hành Trung ương Đảng"}


@lru_cache(maxsize=200_000)
def make_id(kind: str, key: str) -> str:
    """``person/pham-binh-minh-6c1f0e``: readable, and unique by the key's hash."""
    slug = fold(key).replace("/", "-").replace(" ", "-")[:60].strip("-") or kind
    digest = hashlib.sha1(f"{kind}\x1f{key}".encode("utf-8")).hexdigest()[:6]
    return f"{kind}/{slug}-{digest}"


_SPACES = re.compile(r"\s+")


def _name_key(name: str) -> str:
    return _SPACES.sub(" ", fix_tones(name)).strip().casefold()


@dataclass(slots=True)
class _Acc:
    """What many mentions say of one entity or fact, before it becomes a node or fact.

    ``labels`` (each written form: how often) and ``multi`` (each property of many values:
    its values) are plain dicts, filled by :meth:`count` and :meth:`also`. One is made for
    every node and fact of the corpus: a plain dict is quicker to make and to fill than a
    ``Counter`` or a ``defaultdict``, and while it holds only strings and numbers the garbage
    collector does not walk it each time it goes through the whole heap."""

    type: str
    labels: dict[str, int] = field(default_factory=dict)
    props: dict[str, Any] = field(default_factory=dict)
    sources: set = field(default_factory=set)
    multi: dict[str, set] = field(default_factory=dict)

    def count(self, label: str, times: int = 1) -> None:
        self.labels[label] = self.labels.get(label, 0) + times

    def also(self, name: str, value: Any) -> None:
        vals = self.multi.get(name)
        if vals is None:
            vals = self.multi[name] = set()
        vals.add(value)


class Resolver:
    """Accumulates :class:`ArticleFacts` one article at a time; :meth:`graph` resolves them."""

    def __init__(self) -> None:
        self.nodes: dict[str, _Acc] = {}
        self.facts: dict[tuple, _Acc] = {}
        self.fact_ends: dict[tuple, tuple[str, str, str]] = {}
        self.events: list[dict] = []  # event mentions, resolved in graph()
        self.directives: list[dict] = []
        self.articles: dict[str, dict] = {}
        # (type, name as written) -> (node id, label): names repeat from article to article, and
        # normalising one (tones, spaces, case, an organisation's or country's one name) and
        # hashing its key was most of the work of adding it; one entry for each way a name is
        # written, about as many as the nodes' labels, gone with the resolver
        self._spellings: dict[tuple[str, str], tuple[str, str]] = {}

    # ------------------------------------------------------------------ helpers
    def _node(self, type_: str, key: str, label: str, prov: Provenance | None = None) -> str:
        return self._mention(make_id(type_.lower(), key), type_, label, prov)

    def _mention(self, nid: str, type_: str, label: str, prov: Provenance | None) -> str:
        """Counts ``label`` as a name of node ``nid`` (made on its first mention), from ``prov``."""
        acc = self.nodes.get(nid)
        if acc is None:
            acc = self.nodes[nid] = _Acc(type_)
        acc.labels[label] = acc.labels.get(label, 0) + 1  # acc.count(label), inline on the hottest path
        if prov is not None:
            acc.sources.add(prov)
        return nid

    def _fact(self, type_: str, subject: str, obj: str, key_extra: tuple = (), prov: Provenance | None = None) -> _Acc:
        key = (type_, subject, obj) + key_extra
        acc = self.facts.get(key)
        if acc is None:
            acc = self.facts[key] = _Acc(type_)
            self.fact_ends[key] = (type_, subject, obj)
        if prov is not None:
            acc.sources.add(prov)
        return acc

    def _spelling(self, type_: str, name: str) -> tuple[str, str]:
        """The node id and the label of ``name`` written as a ``type_`` (``Person``,
        ``Organization``, ``Country``, ``Office``, ``InternationalRole``), worked out once for
        each way it is written: the same as keying the canonical name with :func:`_name_key`
        (an office with :func:`office_key`) and :func:`make_id`."""
        got = self._spellings.get((type_, name))
        if got is None:
            if type_ == "Organization":
                label = canonical_org(name)
            elif type_ == "Country":
                label = _COUNTRY_OF.get(name, name)
            else:
                label = name
            key = office_key(label) if type_ == "Office" else _name_key(label)
            got = self._spellings[(type_, name)] = (make_id(type_.lower(), key), label)
        return got

    def person(self, name: str, prov: Provenance | None = None) -> str:
        return self._mention(self._spelling("Person", name)[0], "Person", name, prov)

    def organization(self, name: str, prov: Provenance | None = None, kind: str | None = None) -> str:
        nid, canon = self._spelling("Organization", name)
        self._mention(nid, "Organization", canon, prov)
        props = self.nodes[nid].props
        if "kind" not in props:  # the first mention's kind stays
            props["kind"] = kind or ORGANIZATIONS.get(canon, ("government",))[0]
        return nid

    def country(self, name: str, prov: Provenance | None = None) -> str:
        nid, canon = self._spelling("Country", name)
        return self._mention(nid, "Country", canon, prov)

    # ------------------------------------------------------------------ one article
    def add(self, facts: ArticleFacts) -> None:
        a = facts.article
        art_id = self._node("Article", a.id, a.title or a.id)
        acc = self.nodes[art_id]
        acc.props.update({"article_id": a.id, "date": a.date, "url": a.url, "source": a.source})
        for p in facts.persons:
            self.person(p.name, p.prov)
        for o in facts.organizations:
            self.organization(o.name, o.prov, o.kind)
        for o in facts.offices:
            pid = self.person(o.person, o.prov)
            office = self._mention(self._spelling("Office", o.office)[0], "Office", o.office, o.prov)
            if o.org:
                org = self.organization(o.org, o.prov)
                self.nodes[office].props.setdefault("org", org)
            t = self._fact("Tenure", pid, office, prov=o.prov)
            if o.date:
                t.also("attested", o.date.iso())
        for r in facts.roles:
            cid = self.country(r.holder, r.prov)
            role = self._mention(self._spelling("InternationalRole", r.role)[0], "InternationalRole", r.role,
                                 r.prov)
            self.nodes[role].props.setdefault("org", self.organization(r.org, r.prov))
            t = self._fact("Tenure", cid, role, (r.start, r.end), prov=r.prov)
            t.props["start"] = str(r.start) if r.start else None
            t.props["end"] = str(r.end) if r.end else None
            if r.reelected:
                t.props["reelected"] = True
        local_events = {}
        for e in facts.events:
            rec = {"article": a.id, "mention": e}
            self.events.append(rec)
            local_events[e.local] = rec
        for p in facts.participations:
            local_events[p.event].setdefault("parts", []).append(p)
        local_dirs = {}
        for d in facts.directives:
            rec = {"article": a.id, "mention": d}
            self.directives.append(rec)
            local_dirs[d.local] = rec
        for link in facts.directive_links:
            local_events[link.event].setdefault("links", []).append((local_dirs[link.directive], link))

    # ------------------------------------------------------------------ resolving
    def _event_ids(self) -> None:
        """Give every event mention its node id: named events by name, ordinal and year."""
        from kg.extract.events import EventHit  # key words of the name, as extraction reads them

        groups: dict[tuple, list[dict]] = defaultdict(list)
        for rec in self.events:
            m = rec["mention"]
            if m.generic:
                rec["key"] = ("generic", rec["article"], m.local)
                continue
            hit = EventHit(0, 0, "", m.kind, m.name, "named", m.ordinal)
            words = hit.key_words if m.ordinal is not None or not _descriptive(m.name) else fold(m.name)
            rec["base"] = (words, m.ordinal)
            groups[rec["base"]].append(rec)
        for base, recs in groups.items():
            if base[1] is not None:  # an ordinal names one event: "Hội nghị Ngoại giao lần thứ 31"
                for rec in recs:
                    rec["key"] = ("event", base[0], str(base[1]))
                continue
            years = sorted({r["mention"].date.year for r in recs if r["mention"].date and r["mention"].date.year})
            for rec in recs:
                d = rec["mention"].date
                y = d.year if d and d.year else (years[0] if len(years) == 1 else None)
                rec["key"] = ("event", base[0], "", str(y or ""))
        self._same_talks()

    def _same_talks(self) -> None:
        """Talks between the same persons on the same day are one event whatever each article
        calls them ("hội kiến giữa Chủ tịch nước A và Chủ tịch … V.Matvienko" and "cuộc hội kiến
        giữa … A và … Valentina Matvienko"): persons compared by their last written word (the
        surname of a foreign name, the given name of a Vietnamese one), the day by month, day
        and year (an unknown year only with an unknown year), and the talks by their head word
        (a private "cuộc gặp riêng" before the "hội đàm" of the same day is another event)."""
        groups: dict[tuple, list[dict]] = defaultdict(list)
        for rec in self.events:
            m = rec["mention"]
            d = m.date
            people = {fold(p.person).replace(".", " ").split()[-1] for p in rec.get("parts", []) if p.person.strip()}
            if m.kind != "talks" or not (d and d.month and d.day) or len(people) < 2:
                continue
            head = _CLASSIFIER.sub("", fold(m.name)).split()[:2]
            groups[(d.year, d.month, d.day, frozenset(people), " ".join(head))].append(rec)
        for recs in groups.values():
            keys = {rec["key"] for rec in recs}
            if len(keys) > 1:
                one = min(keys)  # the same whatever the order of the articles
                for rec in recs:
                    rec["key"] = one

    def _add_events(self) -> None:
        self._event_ids()
        for rec in self.events:
            m = rec["mention"]
            key = "|".join(rec["key"])
            eid = make_id("event", key)
            acc = self.nodes.get(eid)
            if acc is None:
                acc = self.nodes[eid] = _Acc("Event")
            acc.count(m.name, 2 if m.name[0].isupper() else 1)
            for al in m.aliases:
                acc.also("aliases", al)
            acc.sources.update(m.provs)
            acc.props.setdefault("kind", m.kind)
            if m.ordinal is not None:
                acc.props["ordinal"] = m.ordinal
            if m.generic:
                acc.props["generic"] = True
            if m.date:
                acc.also("date", m.date)
            if m.end:
                acc.also("end", m.end)
            if m.location:
                acc.also("location", m.location)
            rec["id"] = eid
            for p in rec.get("parts", []):
                pid = self.person(p.person)
                f = self._fact("Participation", pid, eid, prov=p.prov)
                f.also("roles", p.role)
                f.also("details", p.detail)
                if p.qualifier:
                    f.also("qualifier", p.qualifier)

    def _add_directives(self) -> None:
        # "Chỉ thị 25" is "Chỉ thị 25-CT/TW" when the same article writes the code, or when the
        # one coded document of that number has the same issuer; a number alone is no evidence
        # ("Quyết định 36" of a town is no "Quyết định 36/2016/QĐ-UBND" of a province)
        full: dict[tuple, set] = defaultdict(set)
        for rec in self.directives:
            d = rec["mention"]
            if d.code:
                full[(d.kind, d.number)].add((d.code, rec["article"], d.issuer))
        for rec in self.directives:
            d = rec["mention"]
            code = d.code
            if not code:
                coded = full.get((d.kind, d.number), set())
                here = {c for c, art, _ in coded if art == rec["article"]}
                same_issuer = {c for c, _, iss in coded if d.issuer and iss == d.issuer}
                if len(here) == 1:
                    code = next(iter(here))
                elif not here and len(same_issuer) == 1:
                    code = next(iter(same_issuer))
            key = f"{d.kind}|{d.number}|{code or ''}"
            label = f"{d.kind} {code}" if code and code != d.number else d.label
            did = self._node("Directive", key.casefold(), label, d.prov)
            acc = self.nodes[did]
            acc.props.update({"kind": d.kind, "number": d.number})
            if code:
                acc.props["code"] = code
            if d.subject:
                acc.also("subject", d.subject)
            if d.label != label:
                acc.also("aliases", d.label)
            rec["id"] = did
            if d.issuer:
                if d.issuer.startswith("Đại hội"):
                    num = d.number
                    from kg.text import roman_value
                    ordv = roman_value(num) if not num.isdigit() else int(num)
                    iid = make_id("event", "|".join(("event", "dai hoi", str(ordv))))
                    if iid not in self.nodes:
                        self.nodes[iid] = _Acc("Event")
                        self.nodes[iid].props.update({"kind": "congress", "ordinal": ordv})
                    self.nodes[iid].count(d.issuer)
                    self.nodes[iid].sources.add(d.prov)
                else:
                    iid = self.organization(_ISSUER_ORG.get(d.issuer, d.issuer), d.prov)
                self._fact("Issued", iid, did, prov=d.prov)
        for rec in self.events:
            for drec, link in rec.get("links", []):
                self._fact("DirectiveLink", rec["id"], drec["id"], (link.relation,), prov=link.prov) \
                    .props["relation"] = link.relation

    def _merge_undated_roles(self) -> None:
        """``Chủ tịch ASEAN`` said without years is the dated tenure another article gives,
        when there is exactly one: one role, not two rows."""
        dated: dict[tuple, list[tuple]] = defaultdict(list)
        for key, acc in self.facts.items():
            if key[0] == "Tenure" and len(key) > 3 and (key[3] or key[4]):
                dated[key[1:3]].append(key)
        for key in [k for k in self.facts if k[0] == "Tenure" and len(k) > 3 and not (k[3] or k[4])]:
            targets = dated.get(key[1:3], [])
            if len(targets) == 1 and self._written_during(self.facts[key], targets[0][3], targets[0][4]):
                target = self.facts[targets[0]]
                undated = self.facts.pop(key)
                target.sources |= undated.sources
                if undated.props.get("reelected"):
                    target.props["reelected"] = True

    def _written_during(self, acc: _Acc, start, end) -> bool:
        """Whether every article that states an undated role was written during the dated
        term (a year either side): "khi Việt Nam là Chủ tịch ASEAN" in a 2017 article is the
        2010 chair, not the 2020 one; an article without a date line proves nothing."""
        first, last = (start or end), (end or start)
        years = set()
        for p in acc.sources:
            node = self.nodes.get(make_id("article", p.article))
            d = node.props.get("date") if node else None
            if not d:
                return False
            years.add(int(str(d)[:4]))
        return bool(years) and all(first - 1 <= y <= last + 1 for y in years)

    def _merge_short_offices(self) -> None:
        """A person's office written short is the same office written in full elsewhere:
        "Tổng thống" and "Tổng thống Nga" for one person, "Thủ tướng Trung Quốc" and "Thủ
        tướng Quốc vụ viện Trung Quốc" — one tenure, of the fuller office, when exactly one
        fuller office of that person contains every word of the short one (a "Thường trực"
        office is a different one)."""
        by_person: dict[str, list[tuple]] = defaultdict(list)
        for key in self.facts:
            if key[0] == "Tenure" and len(key) == 3 and self.nodes[key[2]].type == "Office":
                by_person[key[1]].append(key)
        for person, keys in by_person.items():
            words = {k: _office_words(self.nodes[k[2]]) for k in keys}
            for k in sorted(keys, key=lambda k: len(words[k])):
                short = words[k]
                fuller = [k2 for k2 in keys if k2 != k and k2 in self.facts and len(words[k2]) > len(short)
                          and words[k2][0] == short[0] and set(short) <= set(words[k2])
                          and not ({"thuong", "truc"} <= set(words[k2]) - set(short))]
                if len(fuller) != 1 or k not in self.facts:
                    continue
                target, gone = self.facts[fuller[0]], self.facts.pop(k)
                target.sources |= gone.sources
                for name, vals in gone.multi.items():
                    target.multi.setdefault(name, set()).update(vals)
        used = {key[2] for key in self.facts if key[0] == "Tenure"}
        for nid in [n for n, acc in self.nodes.items() if acc.type == "Office" and n not in used]:
            del self.nodes[nid]

    def graph(self) -> KnowledgeGraph:
        """The resolved graph. Call once, after every article was added."""
        self._merge_short_offices()
        self._merge_undated_roles()
        self._add_events()
        self._add_directives()
        g = KnowledgeGraph()
        for nid, acc in self.nodes.items():
            label = _best_event_label(acc) if acc.type == "Event" else _best_label(acc.labels)
            more = acc.multi.pop("aliases", None)
            if more is None and len(acc.labels) == 1:
                aliases = []  # written one way, and that is its label
            else:
                aliases = sorted(set(acc.labels) - {label} | (more or set()) - {label})
            props = {k: v for k, v in acc.props.items() if v is not None}
            for k, vals in acc.multi.items():
                props[k] = _merge_multi(k, vals)
            g.nodes[nid] = Node(nid, acc.type, label, aliases, props, _sorted_sources(acc.sources))
        for key, acc in self.facts.items():
            type_, s, o = self.fact_ends[key]
            fid = make_id("fact/" + type_.lower(), "|".join(map(str, key)))
            props = {k: v for k, v in acc.props.items() if v is not None}
            for k, vals in acc.multi.items():
                props[k] = sorted(vals)
            if type_ == "Participation":
                props["role"] = "chair" if "chair" in props.pop("roles", []) else "participant"
            g.facts[fid] = Fact(fid, type_, s, o, props, _sorted_sources(acc.sources))
        return g


_CLASSIFIER = re.compile(r"^(?:cac |nhung )?(?:cuoc |buoi )")  # folded: "cuộc hội kiến" is a "hội kiến"


def _office_words(acc: "_Acc") -> list[str]:
    label = max(acc.labels, key=lambda l: (acc.labels[l], l))
    return [w for w in office_key(label).split() if w not in ("cua", "bo")] or ["?"]


def _descriptive(name: str) -> bool:
    from kg.extract.events import HEAD_RE, _DESCRIPTOR_RE
    m = HEAD_RE.match(name)
    return bool(m and _DESCRIPTOR_RE.match(name, m.end()))


def _best_label(labels: dict[str, int]) -> str:
    """Most written form; ties go to the capitalised, then the alphabetically first."""
    if len(labels) == 1:  # most nodes are written one way
        return next(iter(labels))
    return min(labels.items(), key=lambda kv: (-kv[1], not kv[0][:1].isupper(), kv[0]))[0]


def _best_event_label(acc: _Acc) -> str:
    """An event's label: capitalised, with its ordinal written "lần thứ", most often written."""
    names = set(acc.labels) | acc.multi.get("aliases", set())
    return max(sorted(names), key=lambda n: (n[:1].isupper(), "lần thứ" in n, acc.labels.get(n, 0)))


def _merge_multi(key: str, vals: set) -> Any:
    if key in ("date", "end"):
        # the most precise date; among equals the earliest
        best = sorted(vals, key=lambda d: (-(bool(d.year) + bool(d.month) + bool(d.day)),
                                           d.year or 0, d.month or 0, d.day or 0))
        return best[0].iso()
    if key == "location":
        return sorted(vals, key=lambda v: (-len(v), v))[0]
    if key == "subject":
        return sorted(vals, key=lambda v: (-len(v), v))[0]
    return sorted(vals)


_SOURCE_ORDER = attrgetter("article", "start", "end", "rule")


def _sorted_sources(sources: Iterable[Provenance]) -> list[Provenance]:
    return sorted(sources if isinstance(sources, (set, frozenset)) else set(sources), key=_SOURCE_ORDER)


def resolve_entities(all_facts: Iterable[ArticleFacts]) -> KnowledgeGraph:
    """Resolve the facts of many articles into one :class:`KnowledgeGraph`."""
    r = Resolver()
    for f in all_facts:
        r.add(f)
    return r.graph()
