// name: international-roles
// vi: Việt Nam (và các nước) đảm nhiệm những vai trò quốc tế nào, từ năm nào đến năm nào?
// en: Which international roles did Vietnam (and other countries) hold, from which year to which?
// param: holder (name) = - : a country (viet nam)
// columns: holder, role, start, end, reelected, organization, role_id
MATCH (h)-[t:HELD_ROLE]->(r:InternationalRole)
WHERE $holder IS NULL OR any(k IN h.searchKey WHERE k CONTAINS $holder)
OPTIONAL MATCH (r)-[:POST_IN]->(o)
RETURN h.label AS holder, r.label AS role, toString(t.start) AS start, toString(t.end) AS end,
       coalesce(t.reelected, false) AS reelected, o.label AS organization, r.iri AS role_id
// SPARQL puts missing values first: so do we
ORDER BY start IS NOT NULL, start, role
