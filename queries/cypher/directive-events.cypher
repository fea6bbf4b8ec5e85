// name: directive-events
// vi: Những sự kiện nào sơ kết, tổng kết hay triển khai một chỉ thị, nghị quyết?
// en: Which events review or implement a directive or resolution?
// param: directive (name) = - : its code, number or name (25-CT/TW, 25, Chỉ thị 25); whole words, diacritics optional
// columns: directive, code, relation, event, date, directive_id, event_id
// relation is "reviews" (sơ kết, tổng kết) or "implements" (triển khai, quán triệt). A number
// alone matches every document with that number (Chỉ thị 25 and Nghị quyết 25).
MATCH (e)-[l:REVIEWS|IMPLEMENTS]->(d)
WHERE d.label IS NOT NULL AND d.number IS NOT NULL AND e.label IS NOT NULL
  // the folded parameter (25 ct/tw, 25, chi thi 25) as whole words of a search key, or the number
  AND ($directive IS NULL OR toLower(toString(d.number)) = $directive
       OR any(k IN d.searchKey WHERE (' ' + k + ' ') CONTAINS (' ' + $directive + ' ')))
RETURN DISTINCT d.label AS directive, d.code AS code,
       CASE WHEN type(l) = 'REVIEWS' THEN 'reviews' ELSE 'implements' END AS relation,
       e.label AS event, toString(e.date) AS date, d.iri AS directive_id, e.iri AS event_id
// SPARQL puts missing values first: so do we
ORDER BY directive, date IS NOT NULL, date, event
