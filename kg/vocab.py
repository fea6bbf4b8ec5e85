"""The project's vocabulary in one place: a closed namespace over ``schema.ttl``.

``KG.Tenure`` is a term; ``KG.Tenur`` raises ``AttributeError`` (``_fail = True``), and a
test checks that every term here is defined in ``schema.ttl``.
"""

from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import DefinedNamespace

from kg import data_file  # noqa: F401  (where it always was; kg.query imports it without rdflib)

ONTOLOGY = "https://w3id.org/kg-vn/ontology#"
RESOURCE = "https://w3id.org/kg-vn/id/"
INDEX = "https://w3id.org/kg-vn/index#"
INDEX_GRAPH = RESOURCE + "index"  # the store's named graph of kgi: terms (not in graph.ttl)

ORG = Namespace("http://www.w3.org/ns/org#")
SCHEMA = Namespace("https://schema.org/")
PROV = Namespace("http://www.w3.org/ns/prov#")
SKOS = Namespace("http://www.w3.org/2004/02/skos/core#")
KGR = Namespace(RESOURCE)


class KG(DefinedNamespace):
    """Terms of the kg ontology (schema.ttl)."""

    _fail = True
    _NS = Namespace(ONTOLOGY)

    # classes
    Person: URIRef
    Organization: URIRef
    GovernmentOrganization: URIRef
    InternationalOrganization: URIRef
    Country: URIRef
    Office: URIRef
    InternationalRole: URIRef
    Tenure: URIRef
    Event: URIRef
    Conference: URIRef
    Summit: URIRef
    Meeting: URIRef
    Forum: URIRef
    Congress: URIRef
    Ceremony: URIRef
    Seminar: URIRef
    Participation: URIRef
    Directive: URIRef
    Issuance: URIRef
    DirectiveLink: URIRef
    Article: URIRef
    Mention: URIRef
    Rule: URIRef
    ParticipationRole: URIRef
    Chair: URIRef
    Participant: URIRef
    # properties
    searchKey: URIRef
    post: URIRef
    attestedOn: URIRef
    reelected: URIRef
    participant: URIRef
    event: URIRef
    role: URIRef
    roleDetail: URIRef
    qualifier: URIRef
    ordinal: URIRef
    eventKind: URIRef
    articleOnly: URIRef
    documentKind: URIRef
    documentNumber: URIRef
    subject: URIRef
    issuer: URIRef
    document: URIRef
    reviews: URIRef
    implements: URIRef
    relation: URIRef
    articleId: URIRef
    source: URIRef
    article: URIRef
    sentence: URIRef
    startOffset: URIRef
    endOffset: URIRef
    holderKind: URIRef


class KGI(DefinedNamespace):
    """Terms of the store's query index: values ``kg build`` derives from the graph for the
    query pack, kept in the named graph ``INDEX_GRAPH`` (defined in ``schema.ttl``)."""

    _fail = True
    _NS = Namespace(INDEX)

    year: URIRef
    yearFrom: URIRef
    when: URIRef
    whenFrom: URIRef
    about: URIRef
    kind: URIRef
    statement: URIRef
    ref: URIRef
    published: URIRef
    dateYear: URIRef
    timelineOf: URIRef
    concerns: URIRef
    what: URIRef
    date: URIRef
    dateFrom: URIRef
    role: URIRef
