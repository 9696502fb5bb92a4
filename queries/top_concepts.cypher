// purpose: The concepts most reviews mention, optionally of one kind only.
// param limit: int = 20  at most this many concepts
// param kind: string = null  only concepts of this kind (e.g. method, model, task), or all kinds
// example: graphkb query --name top_concepts --param limit=10
MATCH (r:Review)-[:MENTIONS]->(c:Concept)
WHERE $kind IS NULL OR c.kind = $kind
RETURN c.name AS concept, c.kind AS kind, count(DISTINCT r) AS reviews
ORDER BY reviews DESC, concept
LIMIT $limit
