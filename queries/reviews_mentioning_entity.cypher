// purpose: Reviews mentioning an organisation, person, model or dataset, by name (any case).
// param entity: string  an entity name, e.g. OpenAI or Llama
// example: graphkb query --name reviews_mentioning_entity --param entity=OpenAI
MATCH (r:Review)-[m:MENTIONS]->(e)
WHERE (e:Organization OR e:Person OR e:Model OR e:Dataset)
  AND toLower(e.name) = toLower($entity)
RETURN e.name AS entity, labels(e)[0] AS type, r.id AS review, r.date AS date, r.title AS title,
       m.count AS mentions
ORDER BY date, review
