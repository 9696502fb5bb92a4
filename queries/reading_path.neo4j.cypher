// purpose: A reading path between two concepts, for Neo4j users: the fewest reviews (at most
//          max_steps) from a review that mentions the source to a review that mentions the target,
//          each step sharing a specific concept (one mentioned by at most max_concept_reviews
//          reviews, so "transformers" cannot be a bridge) or following a CONTINUES link.  Among paths
//          of equal length it prefers rarer bridges, posting order, and ending at the review most
//          about the target.  `graphkb path` gives the fully weighted version with reasons.
// param source: string  a concept name or alias, e.g. "Jacobi decoding"
// param target: string  a concept name or alias, e.g. Medusa
// param max_steps: int = 7  most reviews on the path
// param max_concept_reviews: int = 12  a concept mentioned by more reviews is too common to bridge
// example: graphkb query --neo4j bolt://localhost:7687 --name reading_path --param source="Jacobi decoding" --param target=Medusa
MATCH (a:Concept)
WHERE toLower(a.name) = toLower($source)
   OR any(alias IN a.aliases WHERE toLower(alias) = toLower($source))
MATCH (b:Concept)
WHERE toLower(b.name) = toLower($target)
   OR any(alias IN b.aliases WHERE toLower(alias) = toLower($target))
MATCH (first:Review)-[:MENTIONS]->(a)
MATCH (last:Review)-[about:MENTIONS]->(b)
WHERE first <> last
MATCH p = shortestPath((first)-[:MENTIONS|CONTINUES*..12]-(last))
WHERE all(n IN nodes(p) WHERE n:Review
          OR (n:Concept AND size([(n)<-[:MENTIONS]-(r:Review) | r]) <= $max_concept_reviews))
WITH p, about, [n IN nodes(p) WHERE n:Review] AS reviews, [n IN nodes(p) WHERE n:Concept] AS bridges
WHERE size(reviews) <= $max_steps
WITH reviews, bridges, about,
     reduce(rarity = 0.0, c IN bridges | rarity + 1.0 / size([(c)<-[:MENTIONS]-(r:Review) | r])) AS rarity,
     size([i IN range(0, size(reviews) - 2) WHERE reviews[i].date > reviews[i + 1].date]) AS backward
ORDER BY size(reviews), backward, coalesce(about.salience, 0.0) DESC, rarity DESC
LIMIT 1
RETURN [r IN reviews | r.id] AS reviews,
       [r IN reviews | r.title] AS titles,
       [c IN bridges | c.name] AS bridges,
       size(reviews) AS steps
