// purpose: Concepts mentioned in the same reviews as a concept, most shared reviews first.
// param concept: string  a concept name or alias, e.g. DPO
// param limit: int = 20  at most this many concepts
// example: graphkb query --name co_occurring_concepts --param concept=DPO --param limit=10
MATCH (c:Concept)
WHERE toLower(c.name) = toLower($concept)
   OR any(alias IN c.aliases WHERE toLower(alias) = toLower($concept))
MATCH (c)<-[:MENTIONS]-(r:Review)-[:MENTIONS]->(other:Concept)
WHERE other <> c
RETURN c.name AS concept, other.name AS co_occurring, other.kind AS kind, count(DISTINCT r) AS reviews
ORDER BY reviews DESC, co_occurring
LIMIT $limit
