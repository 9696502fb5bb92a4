// purpose: The reviews published between two dates (both included), in date order.
// param start: string  first date, YYYY-MM-DD
// param end: string  last date, YYYY-MM-DD
// example: graphkb query --name reviews_in_date_range --param start=2024-07-01 --param end=2024-07-31
MATCH (r:Review)
WHERE r.date >= $start AND r.date <= $end
RETURN r.id AS review, r.date AS date, r.title AS title
ORDER BY date, review
