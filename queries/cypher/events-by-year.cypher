// name: events-by-year
// vi: Mỗi năm có bao nhiêu sự kiện, là những sự kiện nào?
// en: How many events, and which, in each year?
// param: year (year) = - : only this year (2023)
// columns: year, count, events, kinds
// lists: events, kinds
// The year is the event's own when its date has one; when the text gives only day and
// month (Sáng 15/12) it is the year of the earliest dated article the event is read from,
// as news means the current year. Events with no date at all are counted under an empty
// year, last.
MATCH (e:Event)
WITH e, toString(e.date) AS date,
     [(e)-[:MENTIONED_IN]->(a:Article) WHERE toString(a.date) =~ '[0-9]{4}.*' | substring(toString(a.date), 0, 4)] AS pubyears
WITH e, CASE WHEN date =~ '[0-9]{4}.*' THEN substring(date, 0, 4)
             WHEN date STARTS WITH '--' THEN reduce(m = null, y IN pubyears | CASE WHEN m IS NULL OR y < m THEN y ELSE m END)
        END AS year
WHERE $year IS NULL OR coalesce(year, '') = $year
RETURN year, count(DISTINCT e) AS `count`, collect(DISTINCT e.label) AS events,
       collect(DISTINCT coalesce(e.kind, 'event')) AS kinds
ORDER BY year IS NULL, year
