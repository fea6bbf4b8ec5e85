// name: roles-by-year
// vi: Trong một năm, Việt Nam (hay một nước khác) đảm nhiệm những vai trò quốc tế nào?
// en: Which international roles did Vietnam (or another country) hold in a year?
// param: year (year) = - : the year (2020); without it, one row per year of every dated term
// param: holder (name) = - : a country, diacritics optional (viet nam)
// columns: year, holder, role, organization, start, end, role_id
// A role counts in a year when start <= year <= end. A term with a start and no end counts
// in its start year only; roles with no years are left out (see international-roles).
// Without a year, terms are spread over their years (up to 20 years a term).
MATCH (h)-[t:HELD_ROLE]->(r:InternationalRole)
WHERE h.label IS NOT NULL
  AND ($holder IS NULL OR any(k IN h.searchKey WHERE k CONTAINS $holder))
WITH h, r, toString(t.start) AS start, toString(t.end) AS end
WHERE start =~ '[0-9]{4}.*'
WITH h, r, start, end, toInteger(substring(start, 0, 4)) AS y0,
     CASE WHEN coalesce(end, '') =~ '[0-9]{4}.*' THEN toInteger(substring(end, 0, 4)) END AS y1
UNWIND range(0, 19) AS offset
WITH h, r, start, end, y0 + offset AS y WHERE y <= coalesce(y1, y0)
WITH h, r, start, end, toString(y) AS year
WHERE $year IS NULL OR year = $year
OPTIONAL MATCH (r)-[:POST_IN]->(o)
RETURN DISTINCT year, h.label AS holder, r.label AS role, o.label AS organization, start, end, r.iri AS role_id
ORDER BY year, holder, role
