// name: event-participants
// vi: Ai có mặt tại sự kiện nào, với vai trò gì (chủ trì cũng là người tham dự)?
// en: Who took part in which event, in which role (chairs count as participants)?
// param: event (name) = - : part of the event's name, diacritics optional
// param: name (name) = - : part of the person's name, diacritics optional
// columns: person, event, role, details, date, person_id, event_id
// lists: details
// A chair has a CHAIRED relationship (and no ATTENDED one): everyone present is CHAIRED|ATTENDED.
MATCH (p)-[r:CHAIRED|ATTENDED]->(e)
WHERE ($event IS NULL OR any(k IN e.searchKey WHERE k CONTAINS $event))
  AND ($name IS NULL OR any(k IN p.searchKey WHERE k CONTAINS $name))
WITH p, e, r, CASE WHEN type(r) = 'CHAIRED' THEN 'chair' ELSE 'participant' END AS role
UNWIND CASE WHEN size(coalesce(r.details, [])) = 0 THEN [null] ELSE r.details END AS d
WITH p, e, role, collect(DISTINCT d) AS details
RETURN p.label AS person, e.label AS event, role, details, toString(e.date) AS date,
       p.iri AS person_id, e.iri AS event_id
ORDER BY event, role, person
