// name: directives
// vi: Những chỉ thị, nghị quyết nào, số hiệu, cơ quan ban hành, về vấn đề gì?
// en: Which directives and resolutions, with code, kind, issuer and subject?
// param: code (text) = - : a code or number (25-CT/TW, 25)
// columns: directive, code, kind, issuer, subject, aliases, id
// lists: aliases
MATCH (d:Directive)
WHERE $code IS NULL OR coalesce(d.code, '') = $code OR toString(d.number) = $code
OPTIONAL MATCH (i)-[:ISSUED]->(d)
WITH d, i ORDER BY i.label
WITH d, head(collect(i.label)) AS issuer
RETURN d.label AS directive, d.code AS code, d.kind AS kind, issuer, d.subject AS subject,
       coalesce(d.aliases, []) AS aliases, d.iri AS id
ORDER BY kind, directive
