// purpose: One review with what it links to: its papers, concepts (most salient first), entities,
//          the reviews it continues and its series.
// param review: string  a review id, e.g. 2024-06-16
// example: graphkb query --name review_details --param review=2024-06-16 --format json
MATCH (r:Review {id: $review})
OPTIONAL MATCH (r)-[:REVIEWS|CITES]->(p:Paper)
WITH r, collect(DISTINCT coalesce(p.arxivId, p.url)) AS papers
OPTIONAL MATCH (r)-[m:MENTIONS]->(c:Concept)
WITH r, papers, c, m
ORDER BY m.salience DESC, c.name
WITH r, papers, collect(c.name) AS concepts
OPTIONAL MATCH (r)-[:MENTIONS]->(e)
WHERE e:Organization OR e:Person OR e:Model OR e:Dataset
WITH r, papers, concepts, collect(DISTINCT e.name) AS entities
OPTIONAL MATCH (r)-[:CONTINUES]->(previous:Review)
WITH r, papers, concepts, entities, collect(previous.id) AS continues
OPTIONAL MATCH (r)-[:PART_OF]->(s:Series)
RETURN r.id AS review, r.date AS date, r.title AS title, papers, concepts, entities, continues,
       collect(s.name) AS series
