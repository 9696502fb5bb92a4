// purpose: References between reviews (REFERS_TO: a review names a method or paper an earlier
//          review covered), with the name and the sentence that shows it; all of them, or those
//          from or to one review. `introduces` lists what the earlier review's paper introduces.
// param review: string = null  a review id, e.g. 2024-09-17, or all references
// example: graphkb query --name references --param review=2024-09-17
MATCH (source:Review)-[link:REFERS_TO]->(target:Review)
WHERE $review IS NULL OR source.id = $review OR target.id = $review
OPTIONAL MATCH (target)-[:REVIEWS]->(:Paper)-[:INTRODUCES]->(method:Concept)
RETURN source.id AS source, source.title AS source_title, target.id AS target, target.title AS target_title,
       link.name AS name, link.evidence AS evidence, link.confidence AS confidence,
       collect(method.name) AS introduces
ORDER BY source, target
