"""The named query library: every queries/ file runs on the embedded store over the corpus graph
and returns the rows computed independently, in Python, from the graph model.

Parameters are picked from the data (the most mentioned concept, the longest continuation chain…),
so the checks follow the extraction as it improves instead of pinning today's output.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from pathlib import Path

import networkx as nx
import pytest

from graphkb.errors import InputError, QueryError, UnknownNameError
from graphkb.model import to_networkx
from graphkb.named_queries import get_query, load_library, parse_param_args, run_named

ENTITY_LABELS = ("Organization", "Person", "Model", "Dataset")


# -- the model graph and plain-Python answers ----------------------------------------------------


@pytest.fixture(scope="module")
def model(corpus_rows):
    return to_networkx(corpus_rows)


def nodes_of(graph, label):
    return [n for n, d in graph.nodes(data=True) if d.get("label") == label]


def edges_of(graph, rel_type):
    return [(s, t, d) for s, t, k, d in graph.edges(keys=True, data=True) if k == rel_type]


def key(node_id):
    return node_id.split(":", 1)[1]


def mentioned_by(graph, concept):
    """Review node ids mentioning ``concept`` (a node id) directly."""
    return {s for s, _, k in graph.in_edges(concept, keys=True) if k == "MENTIONS"}


def narrower_closure(graph, concept):
    """``concept`` and every concept under it through BROADER."""
    broader = nx.DiGraph([(s, t) for s, t, _ in edges_of(graph, "BROADER")])
    return {concept} | (nx.ancestors(broader, concept) if concept in broader else set())


def review_count(graph, concept):
    return len(mentioned_by(graph, concept))


@pytest.fixture(scope="module")
def concepts_by_use(model):
    """Concept node ids, most mentioned first (ties by name)."""
    found = [c for c in nodes_of(model, "Concept") if review_count(model, c)]
    assert found, "the corpus graph has no mentioned concept"
    return sorted(found, key=lambda c: (-review_count(model, c), key(c)))


@pytest.fixture(scope="module")
def topic(model, concepts_by_use):
    """A well-used concept with an alias, preferring one with narrower concepts in use."""
    with_alias = [c for c in concepts_by_use if model.nodes[c].get("aliases")]
    assert with_alias, "no concept with an alias"
    with_narrower = [c for c in with_alias if any(review_count(model, n) for n in narrower_closure(model, c) - {c})]
    return (with_narrower or with_alias)[0]


def alias_of(model, concept):
    """An alias of ``concept`` in another case than the stored one."""
    alias = model.nodes[concept]["aliases"][0]
    return alias.upper() if alias.upper() != alias else alias.lower()


def reviews_with(model, node):
    return {key(r) for r in mentioned_by(model, node)}


def run(store, name, **params):
    columns, rows = run_named(store, name, params)
    return [dict(zip(columns, row)) for row in rows]


# -- one test per named query ------------------------------------------------------------------------

TESTED: set[str] = set()


def covers(name):
    TESTED.add(name)
    return lambda test: test


@covers("reviews_about_concept")
def test_reviews_about_concept_by_any_alias(corpus_store, model, topic):
    rows = run(corpus_store, "reviews_about_concept", concept=alias_of(model, topic))
    expected = {
        (key(r), key(via))
        for via in narrower_closure(model, topic)
        for r in mentioned_by(model, via)
    }
    assert {(row["review"], row["via"]) for row in rows} == expected
    assert {row["concept"] for row in rows} == {key(topic)}
    assert [row["date"] for row in rows] == sorted(row["date"] for row in rows)
    by_name = run(corpus_store, "reviews_about_concept", concept=key(topic))
    assert by_name == rows


@covers("concept_neighbourhood")
def test_concept_neighbourhood(corpus_store, model, topic):
    rows = run(corpus_store, "concept_neighbourhood", concept=key(topic))
    expected = set()
    for rel_type in ("BROADER", "RELATED"):
        for s, t, _ in edges_of(model, rel_type):
            if s == topic and t != topic:
                expected.add((rel_type, "out", key(t), review_count(model, t)))
            elif t == topic and s != topic:
                expected.add((rel_type, "in", key(s), review_count(model, s)))
    assert expected, "the topic should have neighbours"
    assert {(r["relation"], r["direction"], r["neighbour"], r["reviews"]) for r in rows} == expected


@covers("co_occurring_concepts")
def test_co_occurring_concepts(corpus_store, model, topic):
    shared = Counter()
    for review in mentioned_by(model, topic):
        for _, other, k in model.out_edges(review, keys=True):
            if k == "MENTIONS" and other != topic and model.nodes[other]["label"] == "Concept":
                shared[key(other)] += 1
    rows = run(corpus_store, "co_occurring_concepts", concept=key(topic), limit=100000)
    assert {r["co_occurring"]: r["reviews"] for r in rows} == dict(shared)
    assert [(-r["reviews"], r["co_occurring"]) for r in rows] == sorted((-n, name) for name, n in shared.items())
    assert len(run(corpus_store, "co_occurring_concepts", concept=key(topic), limit=3)) == min(3, len(shared))


@pytest.fixture(scope="module")
def chain_graph(model):
    return nx.DiGraph([(key(s), key(t)) for s, t, _ in edges_of(model, "CONTINUES")])


@covers("continuation_chain")
def test_continuation_chain(corpus_store, model, chain_graph):
    assert chain_graph.number_of_edges(), "the corpus graph has no continuation"
    start = max(chain_graph, key=lambda r: (len(nx.descendants(chain_graph, r)) + len(nx.ancestors(chain_graph, r)), r))
    earlier, later = nx.descendants(chain_graph, start), nx.ancestors(chain_graph, start)
    rows = run(corpus_store, "continuation_chain", review=start)
    assert {r["review"] for r in rows} == earlier | later | {start}
    for row in rows:
        assert set(row["continues"]) == set(chain_graph.successors(row["review"]))
        refers = {key(t) for s, t, _ in edges_of(model, "REFERS_TO") if key(s) == row["review"]}
        assert set(row["refers_to"]) == refers
    assert [r["review"] for r in rows if r["position"] == "start"] == [start]
    assert [r["date"] for r in rows] == sorted(r["date"] for r in rows)
    assert run(corpus_store, "continuation_chain", review="1999-01-01") == []


@covers("series")
def test_series(corpus_store, model, corpus_rows):
    members = defaultdict(set)
    for s, t, _ in edges_of(model, "PART_OF"):
        members[key(t)].add(key(s))
    rows = run(corpus_store, "series")
    assert {r["series"]: set(r["reviews"]) for r in rows} == dict(members)
    for row in rows:
        assert row["size"] == len(row["reviews"])
        dates = [model.nodes[f"Review:{review}"]["date"] for review in row["reviews"]]
        assert dates == sorted(dates)
    assert [r["start"] for r in rows] == sorted(r["start"] for r in rows)


@covers("concept_timeline")
def test_concept_timeline(corpus_store, model, topic):
    months = defaultdict(set)
    for concept in narrower_closure(model, topic):
        for review in mentioned_by(model, concept):
            months[model.nodes[review]["date"][:7]].add(key(review))
    rows = run(corpus_store, "concept_timeline", concept=alias_of(model, topic))
    assert {r["month"]: set(r["review_ids"]) for r in rows} == dict(months)
    assert all(r["reviews"] == len(r["review_ids"]) for r in rows)
    assert [r["month"] for r in rows] == sorted(months)


@covers("top_concepts")
def test_top_concepts(corpus_store, model, concepts_by_use):
    rows = run(corpus_store, "top_concepts", limit=10)
    assert [(r["concept"], r["reviews"]) for r in rows] == [(key(c), review_count(model, c)) for c in concepts_by_use[:10]]
    kind = model.nodes[concepts_by_use[0]]["kind"]
    of_kind = [c for c in concepts_by_use if model.nodes[c]["kind"] == kind]
    rows = run(corpus_store, "top_concepts", limit="5", kind=kind)
    assert [r["concept"] for r in rows] == [key(c) for c in of_kind[:5]]


@covers("paper_by_arxiv")
def test_paper_by_arxiv(corpus_store, model):
    links = defaultdict(set)
    for rel_type in ("REVIEWS", "CITES"):
        for s, t, _ in edges_of(model, rel_type):
            if model.nodes[t].get("arxivId"):
                links[model.nodes[t]["arxivId"]].add((key(s), rel_type))
    assert links, "no arXiv paper in the corpus graph"
    arxiv = max(links, key=lambda a: (len(links[a]), a))
    rows = run(corpus_store, "paper_by_arxiv", arxiv=arxiv)
    assert {(r["review"], r["relation"]) for r in rows} == links[arxiv]
    assert all(r["url"] == f"https://arxiv.org/abs/{arxiv}" for r in rows)
    assert run(corpus_store, "paper_by_arxiv", arxiv="0000.00000") == []


@covers("reviews_in_date_range")
def test_reviews_in_date_range(corpus_store, model):
    dates = sorted({model.nodes[r]["date"] for r in nodes_of(model, "Review")})
    start, end = dates[len(dates) // 4], dates[len(dates) // 2]
    expected = sorted((model.nodes[r]["date"], key(r)) for r in nodes_of(model, "Review") if start <= model.nodes[r]["date"] <= end)
    rows = run(corpus_store, "reviews_in_date_range", start=start, end=end)
    assert [(r["date"], r["review"]) for r in rows] == expected


@covers("reviews_mentioning_entity")
def test_reviews_mentioning_entity(corpus_store, model):
    entities = [n for label in ENTITY_LABELS for n in nodes_of(model, label) if review_count(model, n)]
    assert entities, "no entity in the corpus graph"
    entity = max(entities, key=lambda n: (review_count(model, n), n))
    rows = run(corpus_store, "reviews_mentioning_entity", entity=key(entity).lower())
    assert {r["review"] for r in rows} == reviews_with(model, entity)
    assert {(r["entity"], r["type"]) for r in rows} == {(key(entity), model.nodes[entity]["label"])}


@covers("bridging_concepts")
def test_bridging_concepts(corpus_store, model, concepts_by_use):
    a, b = concepts_by_use[0], concepts_by_use[1]

    def co_counts(concept):
        found = Counter()
        for review in mentioned_by(model, concept):
            for _, other, k in model.out_edges(review, keys=True):
                if k == "MENTIONS" and model.nodes[other]["label"] == "Concept":
                    found[other] += 1
        return found

    with_a, with_b = co_counts(a), co_counts(b)
    expected = {
        key(c): (with_a[c], with_b[c]) for c in set(with_a) & set(with_b) if c not in (a, b)
    }
    rows = run(corpus_store, "bridging_concepts", topic_a=key(a), topic_b=alias_of(model, b) if model.nodes[b]["aliases"] else key(b), limit=100000)
    assert {r["concept"]: (r["with_a"], r["with_b"]) for r in rows} == expected
    assert all(r["strength"] == min(r["with_a"], r["with_b"]) for r in rows)
    assert [r["strength"] for r in rows] == sorted((r["strength"] for r in rows), reverse=True)


@covers("concept_path")
def test_concept_path_is_a_shortest_path(corpus_store, model, concepts_by_use):
    walk = nx.Graph()
    walk.add_edges_from((s, t) for rel in ("MENTIONS", "BROADER", "RELATED") for s, t, _ in edges_of(model, rel))
    source = concepts_by_use[0]
    reachable = nx.single_source_shortest_path_length(walk, source, cutoff=8)
    target = max((c for c in concepts_by_use if c in reachable), key=lambda c: (reachable[c], c))
    rows = run(corpus_store, "concept_path", source=key(source), target=key(target))
    assert len(rows) == 1
    path, hops = rows[0]["path"], rows[0]["hops"]
    assert hops == reachable[target] == len(path) - 1 > 0
    assert (path[0], path[-1]) == (key(source), key(target))
    by_key = defaultdict(set)
    for node in walk:
        by_key[key(node)].add(node)
    for here, there in zip(path, path[1:]):
        assert any(walk.has_edge(u, v) for u in by_key[here] for v in by_key[there]), (here, there)
    assert run(corpus_store, "concept_path", source=key(source), target="no such concept") == []


@covers("review_details")
def test_review_details(corpus_store, model, records):
    review = max(records, key=lambda r: (bool(r.continues), len(r.entities), len(r.concepts), r.id))
    node = f"Review:{review.id}"
    rows = run(corpus_store, "review_details", review=review.id)
    assert len(rows) == 1
    row = rows[0]
    targets = defaultdict(set)
    for _, t, k in model.out_edges(node, keys=True):
        targets[(k, model.nodes[t]["label"])].add(t)
    assert set(row["concepts"]) == {key(c) for c in targets[("MENTIONS", "Concept")]}
    assert set(row["entities"]) == {key(e) for label in ENTITY_LABELS for e in targets[("MENTIONS", label)]}
    assert set(row["continues"]) == {key(r) for r in targets[("CONTINUES", "Review")]}
    papers = targets[("REVIEWS", "Paper")] | targets[("CITES", "Paper")]
    assert set(row["papers"]) == {model.nodes[p].get("arxivId") or model.nodes[p]["url"] or p[6:] for p in papers}
    assert set(row["refers_to"]) == {key(r) for r in targets[("REFERS_TO", "Review")]}
    assert set(row["referred_by"]) == {key(s) for s, _, k in model.in_edges(node, keys=True) if k == "REFERS_TO"}
    saliences = {key(t): d["salience"] for _, t, k, d in model.out_edges(node, keys=True, data=True) if k == "MENTIONS" and t.startswith("Concept:")}
    assert [saliences[c] for c in row["concepts"]] == sorted(saliences.values(), reverse=True)


@covers("references")
def test_references(corpus_store, model):
    links = {(key(s), key(t)) for s, t, _ in edges_of(model, "REFERS_TO")}
    assert links, "the corpus graph has references (STaR is named by the reviews that build on it)"
    rows = run(corpus_store, "references")
    assert {(r["source"], r["target"]) for r in rows} == links
    assert all(r["evidence"] and 0 < r["confidence"] <= 1 for r in rows)
    source, target = sorted(links)[0]
    assert {(r["source"], r["target"]) for r in run(corpus_store, "references", review=target)} == {
        link for link in links if target in link
    }


@covers("related_concepts")
def test_related_concepts(corpus_store, model, topic):
    links = [(key(s), key(t), d["weight"]) for s, t, d in edges_of(model, "RELATED")]
    rows = run(corpus_store, "related_concepts", limit=5)
    assert [(r["source"], r["target"], r["weight"]) for r in rows] == sorted(links, key=lambda x: (-x[2], x[0], x[1]))[:5]
    rows = run(corpus_store, "related_concepts", concept=key(topic), limit=100000)
    assert {(r["source"], r["target"]) for r in rows} == {(s, t) for s, t, _ in links if key(topic) in (s, t)}


def test_hebrew_aliases_find_their_concept(corpus_store, model):
    hebrew = [
        (concept, alias)
        for concept in nodes_of(model, "Concept")
        if review_count(model, concept)
        for alias in model.nodes[concept]["aliases"]
        if any("\u05d0" <= char <= "\u05ea" for char in alias)
    ]
    assert hebrew, "no mentioned concept has a Hebrew alias"
    concept, alias = max(hebrew, key=lambda pair: (review_count(model, pair[0]), pair))
    rows = run(corpus_store, "concept_timeline", concept=alias)
    assert {r["concept"] for r in rows} == {key(concept)}
    assert sum(r["reviews"] for r in rows) >= review_count(model, concept)


def test_every_embedded_query_file_has_a_test():
    library = load_library()
    runnable = {name for name, q in library.items() if "any" in q.texts or "falkordb" in q.texts}
    assert len(runnable) >= 12
    assert runnable == TESTED


def test_neo4j_only_queries_say_so_on_the_embedded_store(corpus_store):
    for name, named in load_library().items():
        if set(named.texts) == {"neo4j"}:
            with pytest.raises(QueryError, match="runs only on neo4j"):
                run_named(corpus_store, name, {p.name: "x" for p in named.parameters if p.required})


# -- the library itself ---------------------------------------------------------------------------------


def test_every_file_has_purpose_parameters_and_example():
    library = load_library()
    for named in library.values():
        assert named.purpose and named.example.startswith("graphkb query")
        assert f"--name {named.name}" in named.example
        used = set()
        for engine in named.texts:
            import re

            used |= set(re.findall(r"\$([A-Za-z_]\w*)", named.texts[engine]))
        assert used == {p.name for p in named.parameters}, named.name


def test_store_specific_texts_are_chosen_by_engine():
    path = get_query("concept_path")
    assert "algo.SPpaths" in path.cypher_for("falkordb")
    assert "shortestPath" in path.cypher_for("neo4j")
    assert get_query("series").cypher_for("falkordb") == get_query("series").cypher_for("neo4j")


def test_missing_unknown_and_mistyped_parameters():
    named = get_query("reviews_in_date_range")
    with pytest.raises(QueryError, match="needs parameter end"):
        named.bind({"start": "2024-06-01"})
    with pytest.raises(QueryError, match="no parameter stop"):
        named.bind({"start": "2024-06-01", "end": "2024-06-30", "stop": "x"})
    with pytest.raises(QueryError, match="must be an int"):
        get_query("top_concepts").bind({"limit": "ten"})
    assert get_query("top_concepts").bind({}) == {"limit": 20, "kind": None}


def test_unknown_name_lists_close_ones():
    with pytest.raises(UnknownNameError) as raised:
        get_query("reviews_about_concpt")
    assert raised.value.candidates[0] == "reviews_about_concept"
    with pytest.raises(UnknownNameError):
        get_query("../queries/series")


def test_param_args():
    assert parse_param_args(["concept=a=b", "n:=3", "l:=[1, 2]"]) == {"concept": "a=b", "n": 3, "l": [1, 2]}
    with pytest.raises(QueryError):
        parse_param_args(["novalue"])
    with pytest.raises(QueryError):
        parse_param_args(["n:=not json"])


@pytest.mark.parametrize(
    "file_name, text, message",
    [
        ("Bad-Name.cypher", "// purpose: x\n// example: y\nRETURN 1 AS one\n", "query files are"),
        ("no_header.cypher", "RETURN 1 AS one\n", "needs // purpose"),
        ("bad_param.cypher", "// purpose: x\n// param n: integer  x\n// example: y\nRETURN $n AS n\n", "bad parameter line"),
        ("q.sqlite.cypher", "// purpose: x\n// example: y\nRETURN 1 AS one\n", "query files are"),
    ],
)
def test_malformed_query_files_are_refused(tmp_path: Path, file_name, text, message):
    (tmp_path / file_name).write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match=message):
        load_library(tmp_path)
