// purpose: A paper by its arXiv id (YYMM.NNNNN, no version) and the reviews that review or cite it.
// param arxiv: string  an arXiv id, e.g. 2403.00835
// example: graphkb query --name paper_by_arxiv --param arxiv=2403.00835
MATCH (p:Paper {arxivId: $arxiv})
OPTIONAL MATCH (r:Review)-[link:REVIEWS|CITES]->(p)
RETURN p.arxivId AS arxiv, p.title AS title, p.url AS url,
       r.id AS review, r.date AS date, type(link) AS relation
ORDER BY date, review
