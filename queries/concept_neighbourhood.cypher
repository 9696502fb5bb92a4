// purpose: A concept's neighbourhood: the concepts one step away through BROADER (broader and
//          narrower ones) and RELATED (co-occurrence, with its weight), and how many reviews
//          mention each neighbour.
// param concept: string  a concept name or alias, e.g. RLHF
// example: graphkb query --name concept_neighbourhood --param concept=RLHF
MATCH (c:Concept)
WHERE toLower(c.name) = toLower($concept)
   OR any(alias IN c.aliases WHERE toLower(alias) = toLower($concept))
MATCH (c)-[link:BROADER|RELATED]-(neighbour:Concept)
WHERE neighbour <> c
OPTIONAL MATCH (r:Review)-[:MENTIONS]->(neighbour)
RETURN c.name AS concept, type(link) AS relation,
       CASE WHEN startNode(link) = c THEN 'out' ELSE 'in' END AS direction,
       neighbour.name AS neighbour, neighbour.kind AS kind, link.weight AS weight,
       count(DISTINCT r) AS reviews
ORDER BY relation, direction, neighbour
