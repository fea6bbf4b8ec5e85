// name: event-chairs
// vi: Ai chủ trì sự kiện nào, năm nào?
// en: Who chaired which event, in which year?
// param: year (year) = - : only events of this year (2021)
// param: name (name) = - : part of the chair's name, diacritics optional
// columns: person, event, year, date, qualifier, person_id, event_id
// lists: qualifier
MATCH (p)-[r:CHAIRED]->(e)
WHERE $name IS NULL OR any(k IN p.searchKey WHERE k CONTAINS $name)
WITH p, e, r, toString(e.date) AS date
// the year when the date has one ('2021-12-15', '2021'); none for '--12-15'
WITH p, e, r, date, CASE WHEN date =~ '[0-9]{4}.*' THEN substring(date, 0, 4) END AS year
WHERE $year IS NULL OR coalesce(year, '') = $year
UNWIND CASE WHEN size(coalesce(r.qualifier, [])) = 0 THEN [null] ELSE r.qualifier END AS q
WITH p, e, year, date, collect(DISTINCT q) AS qualifier
RETURN p.label AS person, e.label AS event, year, date, qualifier, p.iri AS person_id, e.iri AS event_id
// SPARQL puts missing values first: so do we
ORDER BY year IS NOT NULL, year, event, person
