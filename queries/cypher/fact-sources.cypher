// name: fact-sources
// vi: Những câu và bài báo nào là nguồn của các thông tin về một thực thể?
// en: Which sentences and articles are the facts about an entity read from?
// param: name (name) = - : part of the entity's name (person, body, office, event, directive), diacritics optional
// columns: entity, fact, statement, sentence, article, published, rules, entity_id, fact_id
// lists: rules
// fact is "name" (a sentence naming the entity), "office", "participation", "issuance" or
// "directive link"; statement says the fact in short with the labels of both ends; article
// is the article id, published its date when the page gives one, rules the extraction rules
// that read the fact from the sentence: one row per fact and sentence.
// Sources are lists on the relationships (sourceArticles, sourceSentences, sourceRules) and,
// for names, on MENTIONED_IN (sentences, rules) to the :Article.
MATCH (x)
WHERE NOT x:Article AND x.label IS NOT NULL
  AND ($name IS NULL OR any(k IN x.searchKey WHERE k CONTAINS $name))
CALL (x) {
  // sentences naming the entity
  MATCH (x)-[m:MENTIONED_IN]->(a:Article)
  UNWIND range(0, size(m.sentences) - 1) AS i
  RETURN 'name' AS fact, x.label AS statement, x.iri AS fact_id, m.sentences[i] AS sentence,
         a.articleId AS article, toString(a.date) AS published, m.rules[i] AS rule
  UNION ALL
  // facts the entity is one end of
  MATCH (x)-[f:HOLDS|HELD_ROLE|CHAIRED|ATTENDED|ISSUED|REVIEWS|IMPLEMENTS]-(y)
  WITH x, f, CASE WHEN startNode(f) = x THEN [x, y] ELSE [y, x] END AS ends
  WITH f, ends[0] AS s, ends[1] AS o,
       CASE type(f) WHEN 'HOLDS' THEN 'office' WHEN 'HELD_ROLE' THEN 'office'
                    WHEN 'CHAIRED' THEN 'participation' WHEN 'ATTENDED' THEN 'participation'
                    WHEN 'ISSUED' THEN 'issuance' ELSE 'directive link' END AS fact
  WITH f, fact,
       CASE fact WHEN 'office' THEN s.label + ' — ' + o.label
                 WHEN 'participation' THEN s.label + CASE WHEN type(f) = 'CHAIRED' THEN ' — chair — ' ELSE ' — participant — ' END + o.label
                 WHEN 'issuance' THEN s.label + ' — issued — ' + o.label
                 ELSE s.label + ' — ' + coalesce(f.relation, 'implements') + ' — ' + o.label END AS statement
  UNWIND range(0, size(coalesce(f.sourceSentences, [])) - 1) AS i
  OPTIONAL MATCH (a:Article {articleId: f.sourceArticles[i]})
  RETURN fact, statement, f.iri AS fact_id, f.sourceSentences[i] AS sentence,
         CASE WHEN a IS NULL THEN 'https://w3id.org/kg-vn/id/article/' + f.sourceArticles[i] ELSE a.articleId END AS article,
         toString(a.date) AS published, f.sourceRules[i] AS rule
}
RETURN x.label AS entity, fact, coalesce(statement, x.label) AS statement, sentence, article, published,
       collect(DISTINCT rule) AS rules, x.iri AS entity_id, fact_id
ORDER BY entity, fact, statement, article, sentence
