// purpose: The continuation chain of a review: every review it continues (directly or through
//          others) and every review that continues it, in date order, each with the reviews it
//          continues itself and the earlier reviews it refers to (REFERS_TO).
// param review: string  a review id, e.g. 2024-06-16 (a second review that day: 2024-06-16-2)
// example: graphkb query --name continuation_chain --param review=2024-06-16
MATCH (start:Review {id: $review})
OPTIONAL MATCH (start)-[:CONTINUES*1..]->(earlier:Review)
OPTIONAL MATCH (later:Review)-[:CONTINUES*1..]->(start)
WITH start, collect(DISTINCT earlier) + collect(DISTINCT later) AS others
UNWIND others + [start] AS r
WITH DISTINCT start, r
OPTIONAL MATCH (r)-[link:CONTINUES]->(previous:Review)
WITH start, r, collect(previous.id) AS continues
OPTIONAL MATCH (r)-[:REFERS_TO]->(named:Review)
RETURN r.id AS review, r.date AS date, r.title AS title,
       CASE WHEN r = start THEN 'start' WHEN r.date < start.date THEN 'earlier' ELSE 'later' END AS position,
       continues, collect(named.id) AS refers_to
ORDER BY date, review
