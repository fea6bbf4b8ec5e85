"""The graph model as RDF: ``KnowledgeGraph -> rdflib.Graph``, Turtle, and the embedded store.

Each node becomes a resource typed by ``schema.ttl``; each fact (tenure, participation,
issuance, directive link) becomes a node of its own so it can carry dates, role and
sources; every source sentence is a ``kg:Mention`` linked with ``prov:wasDerivedFrom``.
"""

from __future__ import annotations

import hashlib
import re

from rdflib import RDF, XSD, Graph, Literal, URIRef
from rdflib.namespace import RDFS

from kg.extract.lexicon import fold
from kg.model import Fact, KnowledgeGraph, Node, Provenance
from kg.vocab import KG, KGR, ORG, PROV, SCHEMA, SKOS

EVENT_CLASSES = {"conference": KG.Conference, "summit": KG.Summit, "meeting": KG.Meeting,
                 "session": KG.Meeting, "forum": KG.Forum, "congress": KG.Congress,
                 "ceremony": KG.Ceremony, "seminar": KG.Seminar}
NODE_CLASSES = {"Person": KG.Person, "Organization": KG.Organization, "Country": KG.Country,
                "Office": KG.Office, "InternationalRole": KG.InternationalRole,
                "Event": KG.Event, "Directive": KG.Directive, "Article": KG.Article}


def iri(node_id: str) -> URIRef:
    return KGR[node_id]


def date_literal(value: str | None) -> Literal | None:
    """ISO text of a :class:`~kg.model.PartialDate` -> a typed literal (xsd:date, gYear …)."""
    if not value:
        return None
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return Literal(value, datatype=XSD.date)
    if re.fullmatch(r"--\d{2}-\d{2}", value):
        return Literal(value, datatype=XSD.gMonthDay)
    if re.fullmatch(r"\d{4}-\d{2}", value):
        return Literal(value, datatype=XSD.gYearMonth)
    if re.fullmatch(r"\d{4}", value):
        return Literal(value, datatype=XSD.gYear)
    return None


def vi(text: str) -> Literal:
    return Literal(text, lang="vi")


def _mention_iri(p: Provenance) -> URIRef:
    h = hashlib.sha1(f"{p.article}|{p.start}|{p.end}|{p.rule}".encode()).hexdigest()[:16]
    return KGR[f"mention/{h}"]


class _Writer:
    def __init__(self, g: KnowledgeGraph):
        self.kg = g
        self.out = Graph()
        for prefix, ns in (("kg", KG._NS), ("kgr", KGR), ("org", ORG), ("schema", SCHEMA),
                           ("prov", PROV), ("skos", SKOS)):
            self.out.bind(prefix, ns)
        self.mentions: set[URIRef] = set()
        self.article_iri = {n.props.get("article_id"): iri(n.id) for n in g.of_type("Article")}
        self.rules: set[str] = set()

    def add(self, s, p, o) -> None:
        if o is not None:
            self.out.add((s, p, o))

    def sources(self, subject: URIRef, provs: list[Provenance]) -> None:
        for p in provs:
            m = _mention_iri(p)
            self.add(subject, PROV.wasDerivedFrom, m)
            if m in self.mentions:
                continue
            self.mentions.add(m)
            self.add(m, RDF.type, KG.Mention)
            self.add(m, KG.article, self.article_iri.get(p.article, KGR[f"article/{p.article}"]))
            self.add(m, KG.sentence, Literal(p.sentence))
            self.add(m, KG.startOffset, Literal(p.start))
            self.add(m, KG.endOffset, Literal(p.end))
            rule = KGR[f"rule/{p.rule}"]
            self.add(m, PROV.wasGeneratedBy, rule)
            if p.rule not in self.rules:
                self.rules.add(p.rule)
                self.add(rule, RDF.type, KG.Rule)
                self.add(rule, RDFS.label, Literal(p.rule))

    def node(self, n: Node) -> None:
        s = iri(n.id)
        add = self.add
        add(s, RDF.type, NODE_CLASSES[n.type])
        if n.type == "Article":
            add(s, SCHEMA.headline, vi(n.label))
            add(s, KG.articleId, Literal(n.props.get("article_id")))
            add(s, SCHEMA.datePublished, date_literal(n.props.get("date")))
            if n.props.get("url"):
                add(s, SCHEMA.url, Literal(n.props["url"], datatype=XSD.anyURI))
            if n.props.get("source"):
                add(s, KG.source, Literal(n.props["source"]))
            return
        add(s, SKOS.prefLabel, vi(n.label))
        add(s, SCHEMA.name, vi(n.label))
        add(s, KG.searchKey, Literal(fold(n.label)))
        for al in n.aliases:
            add(s, SKOS.altLabel, vi(al))
            add(s, KG.searchKey, Literal(fold(al)))
        props = n.props
        if n.type == "Organization":
            kind = props.get("kind")
            add(s, RDF.type, KG.InternationalOrganization if kind == "international" else KG.GovernmentOrganization)
        elif n.type in ("Office", "InternationalRole"):
            if props.get("org"):
                add(s, ORG.postIn, iri(props["org"]))
        elif n.type == "Event":
            add(s, RDF.type, EVENT_CLASSES.get(props.get("kind"), KG.Event))
            add(s, KG.eventKind, Literal(props.get("kind", "event")))
            add(s, SCHEMA.startDate, date_literal(props.get("date")))
            add(s, SCHEMA.endDate, date_literal(props.get("end")))
            if props.get("location"):
                add(s, SCHEMA.location, vi(props["location"]))
            if props.get("ordinal") is not None:
                add(s, KG.ordinal, Literal(int(props["ordinal"])))
            if props.get("generic"):
                add(s, KG.articleOnly, Literal(True))
        elif n.type == "Directive":
            add(s, KG.documentKind, vi(props["kind"]))
            add(s, KG.documentNumber, Literal(props["number"]))
            if props.get("code"):
                add(s, SCHEMA.legislationIdentifier, Literal(props["code"]))
            if props.get("subject"):
                add(s, KG.subject, vi(props["subject"]))
        self.sources(s, n.sources)

    def fact(self, f: Fact) -> None:
        s = iri(f.id)
        add = self.add
        subj, obj = iri(f.subject), iri(f.object)
        p = f.props
        if f.type == "Tenure":
            add(s, RDF.type, KG.Tenure)
            add(s, ORG.member, subj)
            add(s, KG.post, obj)
            org = self.kg.nodes[f.object].props.get("org") if f.object in self.kg.nodes else None
            if org:
                add(s, ORG.organization, iri(org))
            add(s, SCHEMA.startDate, date_literal(p.get("start")))
            add(s, SCHEMA.endDate, date_literal(p.get("end")))
            for d in p.get("attested", []):
                add(s, KG.attestedOn, date_literal(d))
            if p.get("reelected"):
                add(s, KG.reelected, Literal(True))
            holder = self.kg.nodes.get(f.subject)
            add(s, KG.holderKind, Literal(holder.type if holder else "Person"))
        elif f.type == "Participation":
            add(s, RDF.type, KG.Participation)
            add(s, KG.participant, subj)
            add(s, KG.event, obj)
            add(s, KG.role, KG.Chair if p.get("role") == "chair" else KG.Participant)
            for d in p.get("details", []):
                add(s, KG.roleDetail, vi(d))
            for q in p.get("qualifier", []):
                add(s, KG.qualifier, vi(q))
        elif f.type == "Issued":
            add(s, RDF.type, KG.Issuance)
            add(s, KG.issuer, subj)
            add(s, KG.document, obj)
            add(obj, SCHEMA.legislationPassedBy, subj)
        elif f.type == "DirectiveLink":
            add(s, RDF.type, KG.DirectiveLink)
            rel = p.get("relation", "implements")
            add(s, KG.relation, Literal(rel))
            add(s, KG.event, subj)
            add(s, KG.document, obj)
            add(subj, KG.reviews if rel == "reviews" else KG.implements, obj)
        self.sources(s, f.sources)


def to_rdf(g: KnowledgeGraph) -> Graph:
    """The RDF graph of ``g`` (rdflib), typed by ``schema.ttl``."""
    w = _Writer(g)
    for nid in sorted(g.nodes):
        w.node(g.nodes[nid])
    for fid in sorted(g.facts):
        w.fact(g.facts[fid])
    return w.out
