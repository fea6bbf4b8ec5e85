// name: co-participants
// vi: Những cặp nhân vật nào cùng có mặt tại các sự kiện, bao nhiêu lần?
// en: Which pairs of persons were at the same events (chairing or taking part), how often?
// param: person (name) = - : only pairs with this person, diacritics optional (pham binh minh)
// param: min (int) = 1 : only pairs seen together at least this many times
// columns: person, other, events, event_names, person_id, other_id
// lists: event_names
// Each pair is listed once (with `person`, the matching person comes first); events counts
// distinct events. Chairs are participants too: CHAIRED|ATTENDED.
MATCH (p1)-[:CHAIRED|ATTENDED]->(e)<-[:CHAIRED|ATTENDED]-(p2)
WHERE p1 <> p2
WITH p1, p2, e,
     any(k IN p1.searchKey WHERE k CONTAINS coalesce($person, '')) AS m1,
     any(k IN p2.searchKey WHERE k CONTAINS coalesce($person, '')) AS m2
WHERE CASE WHEN $person IS NULL THEN p1.iri < p2.iri ELSE m1 AND (NOT m2 OR p1.iri < p2.iri) END
WITH p1, p2, count(DISTINCT e) AS events, collect(DISTINCT e.label) AS event_names
WHERE events >= coalesce($min, 1)
RETURN p1.label AS person, p2.label AS other, events, event_names, p1.iri AS person_id, p2.iri AS other_id
ORDER BY events DESC, person, other
