"""The graph model as RDF: ``KnowledgeGraph -> quads``, the embedded store, Turtle, rdflib.

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
from kg.vocab import KG, KGR, ORG, PROV, RESOURCE, SCHEMA, SKOS

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


class _Writer:
    def __init__(self, g: KnowledgeGraph):
        self.kg = g
        self.borrowed = borrowed_sources(g)
        self.out: list[ox.Triple] = []
        self.mentions: set[URIRef] = set()
        self.article_iri = {n.props.get("article_id"): _iri(n.id) for n in g.of_type("Article")}
        self.rules: set[str] = set()

    def add(self, s, p, o) -> None:
        if o is not None:
            self.out.append(ox.Triple(s if type(s) is ox.NamedNode else _nn(s), p if type(p) is ox.NamedNode else _nn(p),
                                      o if type(o) in (ox.Literal, ox.NamedNode) else _nn(o)))

    def sources(self, subject: URIRef, provs: list[Provenance]) -> None:
        for p in provs:
            m = _mention_iri(p)
            self.add(subject, _PROV.wasDerivedFrom, m)
            if m in self.mentions:
                continue
            self.mentions.add(m)
            self.add(m, _RDF.type, _KG.Mention)
            article = self.article_iri.get(p.article)
            if article is None:  # not in the graph: an IRI from its id, percent-encoded
                article = _iri("article/" + quote(p.article, safe=""))
            self.add(m, _KG.article, article)
            self.add(m, _KG.sentence, Literal(p.sentence))
            self.add(m, _KG.startOffset, Literal(p.start))
            self.add(m, _KG.endOffset, Literal(p.end))
            rule = _iri(f"rule/{p.rule}")
            self.add(m, _PROV.wasGeneratedBy, rule)
            if p.rule not in self.rules:
                self.rules.add(p.rule)
                self.add(rule, _RDF.type, _KG.Rule)
                self.add(rule, _RDFS.label, Literal(p.rule))

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
        self.sources(s, n.sources or self.borrowed.get(n.id, []))

    def fact(self, f: Fact) -> None:
        s = _iri(f.id)
        add = self.add
        subj, obj = _iri(f.subject), _iri(f.object)
        p = f.props
        if f.type == "Tenure":
            add(s, _RDF.type, _KG.Tenure)
            add(s, _ORG.member, subj)
            add(s, _KG.post, obj)
            org = self.kg.nodes[f.object].props.get("org") if f.object in self.kg.nodes else None
            if org:
                add(s, _ORG.organization, _iri(org))
            add(s, _SCHEMA.startDate, date_literal(p.get("start")))
            add(s, _SCHEMA.endDate, date_literal(p.get("end")))
            for d in p.get("attested", []):
                add(s, _KG.attestedOn, date_literal(d))
            if p.get("reelected"):
                add(s, _KG.reelected, Literal(True))
            holder = self.kg.nodes.get(f.subject)
            add(s, _KG.holderKind, Literal(holder.type if holder else "Person"))
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


def triples(g: KnowledgeGraph) -> Iterator[ox.Triple]:
    """Every triple of ``g``, node by node then fact by fact (in id order), as they are made."""
    w = _Writer(g)
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
