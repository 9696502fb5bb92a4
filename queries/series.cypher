// purpose: The series of linked reviews, oldest first: name, first and last date, size and members
//          (in date order).
// example: graphkb query --name series
MATCH (s:Series)<-[:PART_OF]-(r:Review)
WITH s, r
ORDER BY r.date, r.id
RETURN s.id AS series, s.name AS name, s.start AS start, s.end AS end,
       count(r) AS size, collect(r.id) AS reviews
ORDER BY start, series
