// name: office-holders-on
// vi: Ai giữ chức vụ này vào ngày đó (theo những ngày các bài báo ghi nhận)?
// en: Who held an office (or an international role) on a given date, as far as the articles show?
// param: office (name) = - : the office, diacritics optional (Bộ trưởng Bộ Ngoại giao); an exact name wins over a part of one
// param: date (date) = - : the day (2021-12-15) [default: today]
// columns: office, holder, basis, last_before, next_after, on, holder_id, office_id
// We only know the days articles show a holder in office (attested, the publication date)
// and the start and end years a text states. Call these the tenure's evidence dates; a year
// or year-month covers every day in it. A holder is returned for the date when
//   (1) the tenure has evidence on or before the date and evidence on or after it
//       (basis "shown before and after"), or
//   (2) its latest evidence on or before the date is later than, or as late as, every other
//       holder's evidence on or before the date: no other holder was shown in between
//       (basis "last shown before, no other holder since");
// and never when the tenure's stated end is before the date or its stated start after it.
// Offices with several holders (Phó Thủ tướng) can return several rows; a dateless office
// mention gives no evidence. Evidence dates compare as text, cut to their own length.
WITH coalesce($date, toString(date())) AS on
MATCH (o)
WHERE (o:Office OR o:InternationalRole)
  AND ($office IS NULL OR $office IN o.searchKey
       OR (NOT EXISTS { MATCH (x) WHERE (x:Office OR x:InternationalRole) AND $office IN x.searchKey }
           AND any(k IN o.searchKey WHERE k CONTAINS $office)))
MATCH (h)-[t:HOLDS|HELD_ROLE]->(o)
WHERE h.label IS NOT NULL
WITH on, o, h, t, toString(t.start) AS st, toString(t.end) AS en
// a stated end before the day, or a stated start after it, rules the tenure out
WHERE NOT coalesce(en =~ '[0-9]{4}.*' AND en < substring(on, 0, size(en)), false)
  AND NOT coalesce(st =~ '[0-9]{4}.*' AND st > substring(on, 0, size(st)), false)
WITH on, o, h, t, [d IN coalesce(t.attested, []) + [st, en] WHERE d =~ '[0-9]{4}.*'] AS evidence
WITH on, o, h, t,
     reduce(m = null, d IN [d IN evidence WHERE d <= substring(on, 0, size(d))]
            | CASE WHEN m IS NULL OR d > m THEN d ELSE m END) AS last_before,
     reduce(m = null, d IN [d IN evidence WHERE d >= substring(on, 0, size(d))]
            | CASE WHEN m IS NULL OR d < m THEN d ELSE m END) AS next_after
WHERE last_before IS NOT NULL
WITH on, o, h, last_before, next_after, next_after IS NOT NULL AS between,
     NOT EXISTS {
       MATCH ()-[t2:HOLDS|HELD_ROLE]->(o)
       WHERE t2 <> t
         AND any(c IN [d IN coalesce(t2.attested, []) + [toString(t2.start), toString(t2.end)] WHERE d =~ '[0-9]{4}.*']
                 WHERE c <= substring(on, 0, size(c)) AND c > last_before)
     } AS latest
WHERE between OR latest
RETURN DISTINCT o.label AS office, h.label AS holder,
       CASE WHEN between THEN 'shown before and after' ELSE 'last shown before, no other holder since' END AS basis,
       last_before, next_after, on, h.iri AS holder_id, o.iri AS office_id
ORDER BY office, holder
