// name: person-timeline
// vi: Dòng thời gian của một người: chức vụ và sự kiện theo ngày
// en: Everything about a person, in order of date: offices shown and events attended or chaired, the undated last
// param: person (name) = - : part of the person's name, diacritics optional (pham binh minh)
// columns: date, person, what, detail, role, date_from, person_id, about_id
// what is "office" (a day an article shows the person in it), "office start", "office end",
// or "event" (role chair or participant). An event dated only by day and month (15/12)
// takes the year of the earliest dated article it is read from, as news means the current
// year (date_from "article"); month-day dates no article can complete come after the dated
// rows, and facts with no date at all (an office no dated article shows, an undated event)
// come last, with no date and no date_from.
MATCH (p:Person)
WHERE $person IS NULL OR any(k IN p.searchKey WHERE k CONTAINS $person)
CALL (p) {
  MATCH (p)-[t:HOLDS|HELD_ROLE]->(x)
  WITH x, [wd IN [d IN coalesce(t.attested, []) | ['office', d]]
                 + [['office start', toString(t.start)], ['office end', toString(t.end)]]
           WHERE wd[1] IS NOT NULL] AS dated
  UNWIND CASE WHEN size(dated) = 0 THEN [['office', null]] ELSE dated END AS wd
  RETURN wd[1] AS date, wd[0] AS what, x, null AS role, CASE WHEN wd[1] IS NULL THEN null ELSE 'text' END AS date_from
  UNION ALL
  MATCH (p)-[r:CHAIRED|ATTENDED]->(x)
  WITH x, r, toString(x.date) AS d0,
       reduce(m = null, y IN [(x)-[:MENTIONED_IN]->(a:Article) WHERE toString(a.date) =~ '[0-9]{4}.*'
                              | substring(toString(a.date), 0, 4)]
              | CASE WHEN m IS NULL OR y < m THEN y ELSE m END) AS pubyear
  RETURN CASE WHEN d0 STARTS WITH '--' AND pubyear IS NOT NULL THEN pubyear + substring(d0, 1) ELSE d0 END AS date,
         'event' AS what, x, CASE WHEN type(r) = 'CHAIRED' THEN 'chair' ELSE 'participant' END AS role,
         CASE WHEN d0 IS NULL THEN null WHEN d0 STARTS WITH '--' AND pubyear IS NOT NULL THEN 'article'
              ELSE 'text' END AS date_from
}
WITH p, date, what, x, role, date_from
WHERE x.label IS NOT NULL
RETURN DISTINCT date, p.label AS person, what, x.label AS detail, role, date_from,
       p.iri AS person_id, x.iri AS about_id
ORDER BY person, date IS NULL, date STARTS WITH '--', date, what, detail
