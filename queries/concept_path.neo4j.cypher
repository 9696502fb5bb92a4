// purpose: The shortest path between two concepts through reviews (MENTIONS), broader-than links
//          and co-occurrence, as the names of the nodes along it (review ids for reviews).
//          Neo4j text: an undirected shortestPath.
// param source: string  a concept name or alias, e.g. DPO
// param target: string  a concept name or alias, e.g. "diffusion model"
// param max_hops: int = 8  longest path considered
// example: graphkb query --neo4j bolt://localhost:7687 --name concept_path --param source=DPO --param target=RLHF
MATCH (a:Concept)
WHERE toLower(a.name) = toLower($source)
   OR any(alias IN a.aliases WHERE toLower(alias) = toLower($source))
MATCH (b:Concept)
WHERE toLower(b.name) = toLower($target)
   OR any(alias IN b.aliases WHERE toLower(alias) = toLower($target))
MATCH p = shortestPath((a)-[:MENTIONS|BROADER|RELATED*..16]-(b))
WHERE length(p) <= $max_hops
RETURN [n IN nodes(p) | coalesce(n.name, n.id)] AS path, length(p) AS hops
