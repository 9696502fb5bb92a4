// purpose: Concepts that bridge two topics: each is mentioned with topic A in some review and with
//          topic B in another (or the same), ranked by the weaker of the two links.
// param topic_a: string  a concept name or alias, e.g. RLHF
// param topic_b: string  a concept name or alias, e.g. "diffusion model"
// param limit: int = 20  at most this many concepts
// example: graphkb query --name bridging_concepts --param topic_a=RLHF --param topic_b=LLM
MATCH (a:Concept)
WHERE toLower(a.name) = toLower($topic_a)
   OR any(alias IN a.aliases WHERE toLower(alias) = toLower($topic_a))
MATCH (b:Concept)
WHERE toLower(b.name) = toLower($topic_b)
   OR any(alias IN b.aliases WHERE toLower(alias) = toLower($topic_b))
MATCH (a)<-[:MENTIONS]-(ra:Review)-[:MENTIONS]->(bridge:Concept)
WHERE bridge <> a AND bridge <> b
WITH a, b, bridge, count(DISTINCT ra) AS with_a
MATCH (b)<-[:MENTIONS]-(rb:Review)-[:MENTIONS]->(bridge)
WITH a, b, bridge, with_a, count(DISTINCT rb) AS with_b
RETURN a.name AS topic_a, b.name AS topic_b, bridge.name AS concept, with_a, with_b,
       CASE WHEN with_a < with_b THEN with_a ELSE with_b END AS strength
ORDER BY strength DESC, with_a + with_b DESC, concept
LIMIT $limit
