// name: search
// vi: Tìm thực thể theo tên, không cần dấu
// en: Find entities by name, diacritics optional (pham minh chinh finds Phạm Minh Chính)
// param: name (name) = - : all or part of a name (pham minh chinh, ngoai giao 31, 25-CT/TW)
// columns: type, label, id, matched
// Exact names come first, then names that start with it, then names that contain it;
// matched is the folded name (searchKey) that matched — the best-ranked, then the first in order.
MATCH (x)
WHERE NOT x:Article AND x.label IS NOT NULL
UNWIND coalesce(x.searchKey, []) AS k
WITH x, k, coalesce($name, '') AS q
WHERE k CONTAINS q
WITH x, k, CASE WHEN k = q THEN 0 WHEN k STARTS WITH q THEN 1 ELSE 2 END AS rank
ORDER BY rank, k
WITH x, min(rank) AS best, head(collect(k)) AS matched
RETURN labels(x)[0] AS type, x.label AS label, x.iri AS id, matched
ORDER BY best, type, label
