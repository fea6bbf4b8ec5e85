"""The project's vocabulary in one place: a closed namespace over ``schema.ttl``.

``KG.Tenure`` is a term; ``KG.Tenur`` raises ``AttributeError`` (``_fail = True``), and a
test checks that every term here is defined in ``schema.ttl``.
"""

from __future__ import annotations

from pathlib import Path

from rdflib import Namespace, URIRef
from rdflib.namespace import DefinedNamespace

ONTOLOGY = "https://w3id.org/kg-vn/ontology#"
RESOURCE = "https://w3id.org/kg-vn/id/"

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


def data_file(name: str) -> Path:
    """A file shipped beside the package: ``schema.ttl``, ``shapes.ttl``, ``queries/``.

    Looks in the installed package data first, then in the source checkout.
    """
    here = Path(__file__).resolve().parent
    for candidate in (here / "_data" / name, here.parent / name):
        if candidate.exists():
            return candidate
    raise FileNotFoundError(name)
