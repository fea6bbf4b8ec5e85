// name: persons
// vi: Những nhân vật nào có trong đồ thị, với các cách viết tên khác?
// en: Which persons are in the graph, with the other ways their names are written?
// param: name (name) = - : part of a name, diacritics optional (pham binh minh)
// columns: person, aliases, id
// lists: aliases
MATCH (p:Person)
WHERE $name IS NULL OR any(k IN p.searchKey WHERE k CONTAINS $name)
RETURN p.label AS person, coalesce(p.aliases, []) AS aliases, p.iri AS id
ORDER BY person, id
