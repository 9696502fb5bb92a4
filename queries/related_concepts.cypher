// purpose: The strongest co-occurrence links of the graph (RELATED, by weight), or those of one
//          concept when given.
// param concept: string = null  a concept name or alias, or all concepts
// param limit: int = 25  at most this many links
// example: graphkb query --name related_concepts --param concept=LLM --param limit=10
MATCH (a:Concept)-[link:RELATED]->(b:Concept)
WHERE $concept IS NULL
   OR toLower(a.name) = toLower($concept) OR any(alias IN a.aliases WHERE toLower(alias) = toLower($concept))
   OR toLower(b.name) = toLower($concept) OR any(alias IN b.aliases WHERE toLower(alias) = toLower($concept))
RETURN a.name AS source, b.name AS target, link.weight AS weight, link.reviews AS reviews
ORDER BY weight DESC, source, target
LIMIT $limit
