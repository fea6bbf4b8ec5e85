// name: organizations
// vi: Những tổ chức, cơ quan nào được nhắc đến, với các tên gọi khác?
// en: Which organisations and bodies are named, with their other names?
// param: name (name) = - : part of a name, diacritics optional
// columns: organization, kind, aliases, id
// lists: aliases
MATCH (o:Organization)
WHERE $name IS NULL OR any(k IN o.searchKey WHERE k CONTAINS $name)
RETURN o.label AS organization,
       CASE WHEN o.kind = 'international' THEN 'international' ELSE 'state or party' END AS kind,
       coalesce(o.aliases, []) AS aliases, o.iri AS id
ORDER BY organization
