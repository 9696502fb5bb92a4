// purpose: The shortest path between two concepts through reviews (MENTIONS), broader-than links
//          and co-occurrence, as the names of the nodes along it (review ids for reviews).
//          FalkorDB text: FalkorDB has no undirected shortestPath, so algo.SPpaths walks both ways.
// param source: string  a concept name or alias, e.g. DPO
// param target: string  a concept name or alias, e.g. "diffusion model"
// param max_hops: int = 8  longest path considered
// example: graphkb query --name concept_path --param source=DPO --param target=RLHF
MATCH (a:Concept)
WHERE toLower(a.name) = toLower($source)
   OR any(alias IN a.aliases WHERE toLower(alias) = toLower($source))
MATCH (b:Concept)
WHERE toLower(b.name) = toLower($target)
   OR any(alias IN b.aliases WHERE toLower(alias) = toLower($target))
CALL algo.SPpaths({sourceNode: a, targetNode: b, relTypes: ['MENTIONS', 'BROADER', 'RELATED'],
                   relDirection: 'both', maxLen: $max_hops, pathCount: 1})
YIELD path
RETURN [n IN nodes(path) | coalesce(n.name, n.id)] AS path, length(path) AS hops
