// purpose: One review with what it links to: its papers (the one it reviews first), the concepts
//          its paper introduces, concepts (most salient first), entities, the reviews it continues,
//          the reviews it refers to and those that refer to it, and its series.
// param review: string  a review id, e.g. 2024-06-16
// example: graphkb query --name review_details --param review=2024-06-16 --format json
MATCH (r:Review {id: $review})
OPTIONAL MATCH (r)-[:REVIEWS]->(reviewed:Paper)
OPTIONAL MATCH (reviewed)-[:INTRODUCES]->(method:Concept)
WITH r, collect(DISTINCT coalesce(reviewed.arxivId, reviewed.url, reviewed.id)) AS reviewed_papers,
     collect(DISTINCT method.name) AS introduces
OPTIONAL MATCH (r)-[:CITES]->(cited:Paper)
WITH r, reviewed_papers, collect(DISTINCT coalesce(cited.arxivId, cited.url)) AS cited_papers, introduces
WITH r, reviewed_papers + cited_papers AS papers, introduces
OPTIONAL MATCH (r)-[m:MENTIONS]->(c:Concept)
WITH r, papers, introduces, c, m
ORDER BY m.salience DESC, c.name
WITH r, papers, introduces, collect(c.name) AS concepts
OPTIONAL MATCH (r)-[:MENTIONS]->(e)
WHERE e:Organization OR e:Person OR e:Model OR e:Dataset
WITH r, papers, introduces, concepts, collect(DISTINCT e.name) AS entities
OPTIONAL MATCH (r)-[:CONTINUES]->(previous:Review)
WITH r, papers, introduces, concepts, entities, collect(previous.id) AS continues
OPTIONAL MATCH (r)-[:REFERS_TO]->(earlier:Review)
WITH r, papers, introduces, concepts, entities, continues, collect(earlier.id) AS refers_to
OPTIONAL MATCH (later:Review)-[:REFERS_TO]->(r)
WITH r, papers, introduces, concepts, entities, continues, refers_to, collect(later.id) AS referred_by
OPTIONAL MATCH (r)-[:PART_OF]->(s:Series)
RETURN r.id AS review, r.date AS date, r.title AS title, papers, introduces, concepts, entities, continues,
       refers_to, referred_by, collect(s.name) AS series
