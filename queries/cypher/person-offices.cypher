// name: person-offices
// vi: Một người đã giữ những chức vụ nào, vào những ngày bài báo ghi nhận?
// en: Which offices did a person hold, on the dates the articles show?
// param: person (name) = - : part of the person's name, diacritics optional (bui thanh son)
// param: office (name) = - : part of the office's name, diacritics optional (bo truong bo ngoai giao)
// columns: person, office, organization, first_seen, last_seen, attested, start, end, person_id, office_id
// lists: attested
// first_seen / last_seen / attested are the publication dates of the articles that name the
// person with the office (attested); start / end are given only when the text states them.
MATCH (p:Person)-[t:HOLDS|HELD_ROLE]->(o)
WHERE ($person IS NULL OR any(k IN p.searchKey WHERE k CONTAINS $person))
  AND ($office IS NULL OR any(k IN o.searchKey WHERE k CONTAINS $office))
WITH p, o, toString(t.start) AS start, toString(t.end) AS end, collect(t) AS ts
WITH p, o, start, end, reduce(ds = [], x IN ts | ds + coalesce(x.attested, [])) AS ds
OPTIONAL MATCH (o)-[:IN_OFFICE_OF|POST_IN]->(org)
WITH p, o, start, end, ds, head(collect(org.label)) AS organization
UNWIND CASE WHEN size(ds) = 0 THEN [null] ELSE ds END AS d
WITH p, o, start, end, organization, min(d) AS first_seen, max(d) AS last_seen, collect(DISTINCT d) AS attested
RETURN p.label AS person, o.label AS office, organization, first_seen, last_seen, attested, start, end,
       p.iri AS person_id, o.iri AS office_id
// SPARQL: ORDER BY ?person (!BOUND(?first_seen)) ?first_seen ?office
ORDER BY person, first_seen IS NULL, first_seen, office
