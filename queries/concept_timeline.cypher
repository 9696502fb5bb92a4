// purpose: A concept's timeline: how many reviews mention it (or a narrower concept) each month.
// param concept: string  a concept name or alias, e.g. "chain of thought"
// example: graphkb query --name concept_timeline --param concept=RLHF
MATCH (c:Concept)
WHERE toLower(c.name) = toLower($concept)
   OR any(alias IN c.aliases WHERE toLower(alias) = toLower($concept))
MATCH (r:Review)-[:MENTIONS]->(:Concept)-[:BROADER*0..]->(c)
WITH DISTINCT c, r
ORDER BY r.date, r.id
RETURN c.name AS concept, substring(r.date, 0, 7) AS month, count(r) AS reviews, collect(r.id) AS review_ids
ORDER BY month
