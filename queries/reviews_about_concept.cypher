// purpose: Reviews about a concept, found by its canonical name or any alias (any case, English or
//          Hebrew); reviews of a narrower concept (one that is BROADER-linked under it) count too,
//          and `via` says which concept they mention.
// param concept: string  a concept name or alias, e.g. DPO or "Direct Preference Optimization"
// example: graphkb query --name reviews_about_concept --param concept=DPO
MATCH (c:Concept)
WHERE toLower(c.name) = toLower($concept)
   OR any(alias IN c.aliases WHERE toLower(alias) = toLower($concept))
MATCH (r:Review)-[m:MENTIONS]->(via:Concept)-[:BROADER*0..]->(c)
RETURN r.id AS review, r.date AS date, r.title AS title, c.name AS concept, via.name AS via,
       m.count AS mentions, m.salience AS salience
ORDER BY date, review, via
