// name: events
// vi: Những sự kiện nào (hội nghị, cuộc họp, đại hội …), diễn ra khi nào, ở đâu?
// en: Which events (conferences, meetings, congresses …) happened, when and where?
// param: year (year) = - : only events of this year (2021)
// columns: event, date, end, location, kind, ordinal, aliases, id
// lists: aliases
MATCH (e:Event)
WITH e, toString(e.date) AS date
WHERE $year IS NULL OR coalesce(date, '') STARTS WITH $year
RETURN e.label AS event, date, toString(e.end) AS end, e.location AS location,
       coalesce(e.kind, 'event') AS kind, e.ordinal AS ordinal, coalesce(e.aliases, []) AS aliases, e.iri AS id
// SPARQL puts missing values first: so do we
ORDER BY date IS NOT NULL, date, event
