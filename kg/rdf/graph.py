"""The graph model as RDF: ``KnowledgeGraph -> triples``, the embedded store, Turtle, rdflib.

Each node becomes a resource typed by ``schema.ttl``; each fact (tenure, participation,
issuance, directive link) becomes a node of its own so it can carry dates, role and
sources; every source sentence is a ``kg:Mention`` linked with ``prov:wasDerivedFrom``.

One writer makes the triples, as Oxigraph terms (fast at millions of triples): they go
straight into the on-disk store, Oxigraph writes ``graph.ttl`` from it, and
:func:`to_rdf` hands the same triples to rdflib for the Python API (SHACL, tests).
"""

from __future__ import annotations

import hashlib
import re

from pathlib import Path
from typing import Iterator
from urllib.parse import quote

import pyoxigraph as ox
from rdflib import RDF, XSD, Graph, URIRef
from rdflib.namespace import RDFS

from kg.text import fold
from kg.model import Fact, KnowledgeGraph, Node, Provenance
from kg.vocab import INDEX_GRAPH, KG, KGI, KGR, ORG, PROV, RESOURCE, SCHEMA, SKOS

EVENT_CLASSES = {"conference": KG.Conference, "summit": KG.Summit, "meeting": KG.Meeting,
                 "session": KG.Meeting, "forum": KG.Forum, "congress": KG.Congress,
                 "ceremony": KG.Ceremony, "seminar": KG.Seminar}
NODE_CLASSES = {"Person": KG.Person, "Organization": KG.Organization, "Country": KG.Country,
                "Office": KG.Office, "InternationalRole": KG.InternationalRole,
                "Event": KG.Event, "Directive": KG.Directive, "Article": KG.Article}


PREFIXES = {"kg": str(KG._NS), "kgr": str(KGR), "org": str(ORG), "schema": str(SCHEMA),
            "prov": str(PROV), "skos": str(SKOS), "xsd": str(XSD), "rdfs": str(RDFS)}
_NODES: dict[str, ox.NamedNode] = {}
_TYPES = {name: ox.NamedNode(str(getattr(XSD, name))) for name in
          ("date", "gMonthDay", "gYearMonth", "gYear", "integer", "boolean", "anyURI")}


def _nn(term) -> ox.NamedNode:
    """An IRI (rdflib URIRef, str or an Oxigraph term) as an Oxigraph term, memoised.

    ``str()`` of an Oxigraph ``NamedNode`` is ``<http://…>`` (N-Triples), not the IRI, so an
    Oxigraph term is returned as it is.
    """
    if type(term) is ox.NamedNode:
        return term
    node = _NODES.get(term)
    if node is None:
        node = ox.NamedNode(str(term))
        if len(_NODES) < 10_000:
            _NODES[term] = node
    return node


def Literal(value, datatype=None, lang=None) -> ox.Literal:  # noqa: N802 (reads like rdflib's)
    """A literal as an Oxigraph term: ints, booleans, language-tagged and typed strings."""
    if isinstance(value, bool):
        return ox.Literal("true" if value else "false", datatype=_TYPES["boolean"])
    if isinstance(value, int):
        return ox.Literal(str(value), datatype=_TYPES["integer"])
    if lang:
        return ox.Literal(value, language=lang)
    if datatype is not None:
        return ox.Literal(value, datatype=_nn(datatype))
    return ox.Literal(value)


def iri(node_id: str) -> URIRef:
    return KGR[node_id]


def date_literal(value: str | None) -> ox.Literal | None:
    """ISO text of a :class:`~kg.model.PartialDate` -> a typed literal (xsd:date, gYear …)."""
    if not value:
        return None
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return ox.Literal(value, datatype=_TYPES["date"])
    if re.fullmatch(r"--\d{2}-\d{2}", value):
        return ox.Literal(value, datatype=_TYPES["gMonthDay"])
    if re.fullmatch(r"\d{4}-\d{2}", value):
        return ox.Literal(value, datatype=_TYPES["gYearMonth"])
    if re.fullmatch(r"\d{4}", value):
        return ox.Literal(value, datatype=_TYPES["gYear"])
    return None


def vi(text: str) -> ox.Literal:
    return ox.Literal(text, language="vi")


def _mention_iri(p: Provenance) -> ox.NamedNode:
    h = hashlib.sha1(f"{p.article}|{p.start}|{p.end}|{p.rule}".encode()).hexdigest()[:16]
    return _iri(f"mention/{h}")


class _Terms:
    """Terms of a namespace as Oxigraph nodes, looked up (and checked) once each."""

    def __init__(self, ns):
        self._ns = ns

    def __getattr__(self, name: str) -> ox.NamedNode:
        node = ox.NamedNode(str(getattr(self._ns, name)))
        setattr(self, name, node)
        return node


_KG, _SCHEMA, _ORG, _PROV, _SKOS = _Terms(KG), _Terms(SCHEMA), _Terms(ORG), _Terms(PROV), _Terms(SKOS)
_RDF, _RDFS, _XSD = _Terms(RDF), _Terms(RDFS), _Terms(XSD)
_KGI = _Terms(KGI)
_INDEX_GRAPH = ox.NamedNode(INDEX_GRAPH)


def _iri(node_id: str) -> ox.NamedNode:
    return ox.NamedNode(RESOURCE + node_id)


def borrowed_sources(g: KnowledgeGraph) -> dict[str, list[Provenance]]:
    """Sources for nodes the resolver made without a sentence of their own.

    The country holding an international role and the organisation inside an office title
    (``Sở Ngoại vụ tỉnh Long An`` from ``Phó Giám đốc Sở Ngoại vụ tỉnh Long An``) are named
    only in the sentences of the tenures and offices that mention them; those sentences are
    their sources. Nodes with sources of their own are left alone.
    """
    found: dict[str, dict[Provenance, None]] = {}

    def lend(node_id: str | None, provs: list[Provenance]) -> None:
        if node_id and node_id in g.nodes and not g.nodes[node_id].sources:
            found.setdefault(node_id, {}).update(dict.fromkeys(provs))

    for n in g.nodes.values():
        lend(n.props.get("org"), n.sources)
    for f in g.facts.values():
        lend(f.subject, f.sources)
        lend(f.object, f.sources)
        if f.object in g.nodes:
            lend(g.nodes[f.object].props.get("org"), f.sources)
    return {k: list(v) for k, v in found.items()}


class Lookup:
    """What writing one node, fact or sentence needs to know of the rest of the graph: each
    node's type, label and organisation, each article's node and publication date (the
    dates the graph types, see :func:`date_literal`) and each event's dates as the query
    pack reads them (:func:`event_dates`). Small enough to send to a process."""

    def __init__(self, nodes: dict[str, tuple[str, str, str | None]], articles: dict[str, tuple[str, str | None]],
                 events: dict[str, tuple[str | None, ...]]):
        self.nodes = nodes  # node id -> (type, label, org)
        self.articles = articles  # article id -> (node id, date)
        self.events = events  # event id -> event_dates(…)

    @classmethod
    def of(cls, g: KnowledgeGraph, borrowed: dict[str, list[Provenance]] | None = None) -> "Lookup":
        borrowed = borrowed_sources(g) if borrowed is None else borrowed
        nodes, articles = {}, {}
        for n in g.nodes.values():
            if n.type == "Article":
                date = n.props.get("date")
                articles[n.props.get("article_id")] = (n.id, date if date_literal(date) is not None else None)
            else:
                nodes[n.id] = (n.type, n.label, n.props.get("org"))
        events = {n.id: event_dates(n, n.sources or borrowed.get(n.id, []), articles)
                  for n in g.nodes.values() if n.type == "Event"}
        return cls(nodes, articles, events)

    def node_type(self, node_id: str) -> str | None:
        if node_id in self.nodes:
            return self.nodes[node_id][0]
        return "Article" if node_id.startswith("article/") else None


class _Writer:
    """Makes the triples of nodes, facts and source sentences, as Oxigraph terms.

    ``describe_mentions`` (the default) describes each source sentence (``kg:Mention``) and
    rule the first time a node or fact cites it, as :func:`triples` does for a whole graph.
    The sharded writer of :mod:`kg.write` turns it off: nodes and facts then only link to
    their mentions, and :meth:`mention` and :meth:`rule` describe each once, elsewhere.
    """

    def __init__(self, lookup: Lookup, borrowed: dict[str, list[Provenance]],
                 *, describe_mentions: bool = True):
        self.lookup = lookup
        self.borrowed = borrowed
        self.describe = describe_mentions
        self.out: list[ox.Triple] = []
        self.index: list[ox.Quad] = []  # the query index (named graph INDEX_GRAPH), see node_index
        self.mentions: set[ox.NamedNode] = set()
        self.rules: set[str] = set()
        self._terms: dict = {}  # article and rule IRIs made so far

    def add(self, s, p, o) -> None:
        if o is not None:
            self.out.append(ox.Triple(s if type(s) is ox.NamedNode else _nn(s), p if type(p) is ox.NamedNode else _nn(p),
                                      o if type(o) in (ox.Literal, ox.NamedNode) else _nn(o)))

    def provs(self, n: Node) -> list[Provenance]:
        """The sentences a node is traced to: its own, else those it borrows."""
        return n.sources or self.borrowed.get(n.id, [])

    def sources(self, subject: URIRef, provs: list[Provenance]) -> None:
        for p in provs:
            m = _mention_iri(p)
            self.add(subject, _PROV.wasDerivedFrom, m)
            if self.describe and m not in self.mentions:
                self.mentions.add(m)
                self.mention(p, m)

    def article(self, article_id: str) -> ox.NamedNode:
        """The IRI of an article: its node's, else one made from its id, percent-encoded."""
        node = self._terms.get(article_id)
        if node is None:
            known = self.lookup.articles.get(article_id)
            node = _iri(known[0]) if known is not None else _iri("article/" + quote(article_id, safe=""))
            self._terms[article_id] = node
        return node

    def rule_iri(self, rule: str) -> ox.NamedNode:
        node = self._terms.get(("rule", rule))
        if node is None:
            node = self._terms[("rule", rule)] = _iri(f"rule/{rule}")
        return node

    def mention(self, p: Provenance, m: ox.NamedNode | None = None) -> None:
        """Describe a source sentence (and, when describing mentions, its rule the first time)."""
        m = m or _mention_iri(p)
        self.add(m, _RDF.type, _KG.Mention)
        self.add(m, _KG.article, self.article(p.article))
        self.add(m, _KG.sentence, Literal(p.sentence))
        self.add(m, _KG.startOffset, Literal(p.start))
        self.add(m, _KG.endOffset, Literal(p.end))
        self.add(m, _PROV.wasGeneratedBy, self.rule_iri(p.rule))
        if self.describe and p.rule not in self.rules:
            self.rules.add(p.rule)
            self.rule(p.rule)

    def rule(self, rule: str) -> None:
        r = self.rule_iri(rule)
        self.add(r, _RDF.type, _KG.Rule)
        self.add(r, _RDFS.label, Literal(rule))

    def node(self, n: Node) -> None:
        s = _iri(n.id)
        add = self.add
        add(s, _RDF.type, NODE_CLASSES[n.type])
        if n.type == "Article":
            add(s, _SCHEMA.headline, vi(n.label))
            add(s, _KG.articleId, Literal(n.props.get("article_id")))
            add(s, _SCHEMA.datePublished, date_literal(n.props.get("date")))
            if n.props.get("url"):
                add(s, _SCHEMA.url, Literal(n.props["url"], datatype=_XSD.anyURI))
            if n.props.get("source"):
                add(s, _KG.source, Literal(n.props["source"]))
            return
        add(s, _SKOS.prefLabel, vi(n.label))
        add(s, _SCHEMA.name, vi(n.label))
        add(s, _KG.searchKey, Literal(fold(n.label)))
        for al in n.aliases:
            add(s, _SKOS.altLabel, vi(al))
            add(s, _KG.searchKey, Literal(fold(al)))
        props = n.props
        if n.type == "Organization":
            kind = props.get("kind")
            add(s, _RDF.type, _KG.InternationalOrganization if kind == "international" else _KG.GovernmentOrganization)
        elif n.type in ("Office", "InternationalRole"):
            if props.get("org"):
                add(s, _ORG.postIn, _iri(props["org"]))
        elif n.type == "Event":
            add(s, _RDF.type, EVENT_CLASSES.get(props.get("kind"), _KG.Event))
            add(s, _KG.eventKind, Literal(props.get("kind", "event")))
            add(s, _SCHEMA.startDate, date_literal(props.get("date")))
            add(s, _SCHEMA.endDate, date_literal(props.get("end")))
            if props.get("location"):
                add(s, _SCHEMA.location, vi(props["location"]))
            if props.get("ordinal") is not None:
                add(s, _KG.ordinal, Literal(int(props["ordinal"])))
            if props.get("generic"):
                add(s, _KG.articleOnly, Literal(True))
        elif n.type == "Directive":
            add(s, _KG.documentKind, vi(props["kind"]))
            add(s, _KG.documentNumber, Literal(props["number"]))
            if props.get("code"):
                add(s, _SCHEMA.legislationIdentifier, Literal(props["code"]))
            if props.get("subject"):
                add(s, _KG.subject, vi(props["subject"]))
        self.sources(s, self.provs(n))

    def fact(self, f: Fact) -> None:
        s = _iri(f.id)
        add = self.add
        subj, obj = _iri(f.subject), _iri(f.object)
        p = f.props
        if f.type == "Tenure":
            add(s, _RDF.type, _KG.Tenure)
            add(s, _ORG.member, subj)
            add(s, _KG.post, obj)
            org = self.lookup.nodes[f.object][2] if f.object in self.lookup.nodes else None
            if org:
                add(s, _ORG.organization, _iri(org))
            add(s, _SCHEMA.startDate, date_literal(p.get("start")))
            add(s, _SCHEMA.endDate, date_literal(p.get("end")))
            for d in p.get("attested", []):
                add(s, _KG.attestedOn, date_literal(d))
            if p.get("reelected"):
                add(s, _KG.reelected, Literal(True))
            add(s, _KG.holderKind, Literal(self.lookup.node_type(f.subject) or "Person"))
        elif f.type == "Participation":
            add(s, _RDF.type, _KG.Participation)
            add(s, _KG.participant, subj)
            add(s, _KG.event, obj)
            add(s, _KG.role, _KG.Chair if p.get("role") == "chair" else _KG.Participant)
            for d in p.get("details", []):
                add(s, _KG.roleDetail, vi(d))
            for q in p.get("qualifier", []):
                add(s, _KG.qualifier, vi(q))
        elif f.type == "Issued":
            add(s, _RDF.type, _KG.Issuance)
            add(s, _KG.issuer, subj)
            add(s, _KG.document, obj)
            add(obj, _SCHEMA.legislationPassedBy, subj)
        elif f.type == "DirectiveLink":
            add(s, _RDF.type, _KG.DirectiveLink)
            rel = p.get("relation", "implements")
            add(s, _KG.relation, Literal(rel))
            add(s, _KG.event, subj)
            add(s, _KG.document, obj)
            add(subj, _KG.reviews if rel == "reviews" else _KG.implements, obj)
        self.sources(s, f.sources)

    # ------------------------------------------------------------------ the query index
    # Values the query pack would otherwise compute with OPTIONALs and sub-SELECTs over the
    # whole graph, derived here once: see the kgi: terms in schema.ttl.

    def _ix(self, s: ox.NamedNode, p: ox.NamedNode, o: ox.Literal | ox.NamedNode) -> None:
        self.index.append(ox.Quad(s, p, o, _INDEX_GRAPH))

    def node_index(self, n: Node) -> None:
        s = _iri(n.id)
        if n.type == "Article":
            date = n.props.get("date") if date_literal(n.props.get("date")) is not None else None
            self._ix(s, _KGI.ref, Literal(n.props.get("article_id")))
            self._ix(s, _KGI.published, Literal(date or ""))
            return
        provs = self.provs(n)
        if provs:  # the sentences naming it: one kind of fact-sources row
            self._ix(s, _KGI.about, s)
            self._ix(s, _KGI.kind, Literal("name"))
            self._ix(s, _KGI.statement, Literal(n.label))
        if n.type == "Event":
            year, year_from, when, when_from = self.lookup.events[n.id]
            for p, o in ((_KGI.year, year), (_KGI.yearFrom, year_from), (_KGI.when, when), (_KGI.whenFrom, when_from),
                         (_KGI.dateYear, year if year_from == "event" else None)):
                self._ix(s, p, Literal(o or ""))

    def fact_index(self, f: Fact) -> None:
        s = _iri(f.id)
        for end in dict.fromkeys((f.subject, f.object)):
            self._ix(s, _KGI.about, _iri(end))
        self._ix(s, _KGI.kind, Literal(FACT_KINDS.get(f.type, f.type)))
        self._ix(s, _KGI.statement, Literal(statement(self.lookup, f)))
        for what, x, date, date_from, role in timeline_entries(self.lookup, f):
            e = _iri("index/entry/" + hashlib.sha1(f"{f.subject}|{what}|{x}|{role}|{date}".encode()).hexdigest()[:20])
            self._ix(e, _KGI.timelineOf, _iri(f.subject))
            self._ix(e, _KGI.concerns, _iri(x))
            for p, o in ((_KGI.what, what), (_KGI.date, date), (_KGI.dateFrom, date_from), (_KGI.role, role)):
                self._ix(e, p, Literal(o or ""))

    def mention_index(self, p: Provenance) -> None:
        """An article no node stands for (its IRI made from the id) still gets a ref."""
        if p.article not in self.lookup.articles:
            a = self.article(p.article)
            self._ix(a, _KGI.ref, Literal(a.value))
            self._ix(a, _KGI.published, Literal(""))


FACT_KINDS = {"Tenure": "office", "Participation": "participation", "Issued": "issuance",
              "DirectiveLink": "directive link"}


def timeline_entries(lookup: Lookup, f: Fact) -> list[tuple[str, str, str, str, str]]:
    """The rows a fact gives a person's timeline (``person-timeline``), as
    ``(what, about, date, date_from, role)`` with "" for what does not apply:
    a tenure gives one row per date an article shows it and per start or end the text
    states ("office", "office start", "office end"; one undated "office" row when it has
    none); a participation one "event" row, dated when the event is (its date completed
    from its articles, see :func:`event_dates`). A row is the same whichever fact gives it
    (two tenures of one office on one day are one row)."""
    if lookup.node_type(f.subject) != "Person":
        return []
    p = f.props
    if f.type == "Tenure":
        rows = [("office", d) for d in p.get("attested", [])] + [("office start", p.get("start")), ("office end", p.get("end"))]
        dated = [(w, d) for w, d in rows if date_literal(d) is not None]
        if not dated:
            return [("office", f.object, "", "", "")]
        return [(w, f.object, d, "text", "") for w, d in dated]
    if f.type == "Participation":
        role = "chair" if p.get("role") == "chair" else "participant"
        dates = lookup.events.get(f.object)
        if dates is None or dates[2] is None:  # not an event with a date
            return [("event", f.object, "", "", role)]
        return [("event", f.object, dates[2], dates[3], role)]
    return []


def statement(lookup: Lookup, f: Fact) -> str:
    """A fact in short with the labels of both ends (``fact-sources``'s statement); empty
    when an end has no label (then the query shows the entity's own label)."""
    if f.subject not in lookup.nodes or f.object not in lookup.nodes:
        return ""
    s, o = lookup.nodes[f.subject][1], lookup.nodes[f.object][1]
    if f.type == "Tenure":
        return f"{s} — {o}"
    if f.type == "Participation":
        return f"{s} — {'chair' if f.props.get('role') == 'chair' else 'participant'} — {o}"
    if f.type == "Issued":
        return f"{s} — issued — {o}"
    if f.type == "DirectiveLink":
        return f"{s} — {f.props.get('relation', 'implements')} — {o}"
    return ""


def event_dates(n: Node, provs: list[Provenance], articles: dict[str, tuple[str, str | None]]) -> tuple[str | None, ...]:
    """(year, year_from, when, when_from) of an event, as the query pack reads its date.

    The year is the event's own when its date has one (year_from "event"); a date of day
    and month only (``--12-15``) takes the year of the earliest dated article the event is
    read from (year_from "article"), and ``when`` is that date completed (``2017-12-15``,
    when_from "article"); a date the text gives is ``when`` as written (when_from "text").
    Values that do not apply are None.
    """
    d = n.props.get("date")
    if date_literal(d) is None:
        return None, None, None, None
    if re.match(r"\d{4}", d):
        return d[:4], "event", d, "text"
    dates = [articles[p.article][1] for p in provs if p.article in articles]
    years = [d[:4] for d in dates if d and re.match(r"\d{4}", d)]
    if d.startswith("--") and years:
        y = min(years)
        return y, "article", y + d[1:], "article"
    return None, None, d, "text"


def triples(g: KnowledgeGraph) -> Iterator[ox.Triple]:
    """Every triple of ``g``, node by node then fact by fact (in id order), as they are made."""
    w = _Writer(Lookup.of(g), borrowed_sources(g))
    for nid in sorted(g.nodes):
        w.node(g.nodes[nid])
        yield from w.out
        w.out.clear()
    for fid in sorted(g.facts):
        w.fact(g.facts[fid])
        yield from w.out
        w.out.clear()


def to_store(g: KnowledgeGraph, path: str | Path | None = None) -> ox.Store:
    """An Oxigraph store holding ``g``: on disk at ``path`` (bulk loaded), else in memory."""
    if path is None:
        store = ox.Store()
        store.extend(ox.Quad(t.subject, t.predicate, t.object) for t in triples(g))
        return store
    store = ox.Store(str(path))
    store.bulk_extend(ox.Quad(t.subject, t.predicate, t.object) for t in triples(g))
    store.optimize()
    store.flush()
    return store


def turtle(store: ox.Store, path: str | Path | None = None) -> bytes | None:
    """Turtle of a store's default graph, with the project's prefixes (to ``path`` or bytes)."""
    return store.dump(str(path) if path else None, ox.RdfFormat.TURTLE,
                      from_graph=ox.DefaultGraph(), prefixes=PREFIXES)


def to_rdf(g: KnowledgeGraph) -> Graph:
    """The RDF graph of ``g`` as an rdflib Graph (the Python API), typed by ``schema.ttl``."""
    out = Graph()
    for prefix, ns in PREFIXES.items():
        out.bind(prefix, ns)
    out.parse(data=turtle(to_store(g)), format="turtle")
    return out
