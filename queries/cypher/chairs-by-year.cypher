// name: chairs-by-year
// vi: Ai chủ trì hội nghị, cuộc họp nào, vào năm nào?
// en: Who chaired which conference or meeting, in which year?
// param: year (year) = - : only this year (2021)
// param: person (name) = - : part of the chair's name, diacritics optional (thai phuc son)
// columns: year, person, event, date, qualifier, year_from, person_id, event_id
// lists: qualifier
// The year is the event's own when its date has one; when the text gives only day and
// month (Sáng 15/12), it is the year of the earliest dated article the event is read from,
// as news means the current year (year_from says which: "event" or "article"); otherwise
// the year is empty and the row comes last.
MATCH (p)-[r:CHAIRED]->(e)
WHERE $person IS NULL OR any(k IN p.searchKey WHERE k CONTAINS $person)
WITH p, e, r, toString(e.date) AS date,
     // years of the dated articles the event is read from
     [(e)-[:MENTIONED_IN]->(a:Article) WHERE toString(a.date) =~ '[0-9]{4}.*' | substring(toString(a.date), 0, 4)] AS pubyears
WITH p, e, r, date,
     CASE WHEN date =~ '[0-9]{4}.*' THEN substring(date, 0, 4)
          WHEN date STARTS WITH '--' THEN reduce(m = null, y IN pubyears | CASE WHEN m IS NULL OR y < m THEN y ELSE m END)
     END AS year
WITH p, e, r, date, year,
     CASE WHEN date =~ '[0-9]{4}.*' THEN 'event' WHEN year IS NOT NULL THEN 'article' END AS year_from
WHERE $year IS NULL OR coalesce(year, '') = $year
UNWIND CASE WHEN size(coalesce(r.qualifier, [])) = 0 THEN [null] ELSE r.qualifier END AS q
WITH p, e, date, year, year_from, collect(DISTINCT q) AS qualifier
RETURN year, p.label AS person, e.label AS event, date, qualifier, year_from,
       p.iri AS person_id, e.iri AS event_id
ORDER BY year IS NULL, year, event, person
