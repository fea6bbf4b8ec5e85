// name: offices
// vi: Ai giữ chức vụ gì, theo ngày các bài báo ghi nhận?
// en: Who held which office, with the earliest date an article shows them in it?
// param: name (name) = - : part of a person's name, diacritics optional
// columns: person, office, date, organization, person_id, office_id
MATCH (p:Person)-[t:HOLDS]->(o:Office)
WHERE $name IS NULL OR any(k IN p.searchKey WHERE k CONTAINS $name)
// every date any tenure of this person in this office was seen; the earliest as text
WITH p, o, reduce(ds = [], t2 IN collect(t) | ds + coalesce(t2.attested, [])) AS dates
OPTIONAL MATCH (o)-[:IN_OFFICE_OF]->(org)
WITH p, o, dates, head(collect(org.label)) AS organization
RETURN p.label AS person, o.label AS office,
       reduce(m = null, d IN dates | CASE WHEN m IS NULL OR d < m THEN d ELSE m END) AS date,
       organization, p.iri AS person_id, o.iri AS office_id
ORDER BY person, office
