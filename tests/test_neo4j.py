"""The Neo4j store, run against a real server when ``NEO4J_URI`` is set (``requires("neo4j")``, else skipped).

Set ``NEO4J_URI`` (and ``NEO4J_USER``, ``NEO4J_PASSWORD``, optionally
``NEO4J_DATABASE``) to a scratch database: these tests replace every node
carrying a graphkb label there.  They load the corpus graph and check that
Neo4j answers every named query as the embedded store does.
"""

from __future__ import annotations

import json
import os

import pytest

from graphkb.errors import QueryError, StoreError, StoreUnavailableError
from graphkb.model import NODE_KEYS, to_networkx
from graphkb.named_queries import example_parameters, load_library, run_named
from graphkb.store import open_store
from test_store import without_nulls

pytestmark = [
    pytest.mark.neo4j,
    pytest.mark.requires("neo4j"),
]


@pytest.fixture(scope="module")
def neo4j(corpus_rows):
    from graphkb.graph import StoreConfig, open_store as open_configured

    with open_configured(StoreConfig.from_env(), create=True) as store:
        assert store.engine == "neo4j"
        store.load(corpus_rows, replace=True)
        yield store


def test_uniqueness_constraints_on_every_key(neo4j):
    neo4j.setup_schema()  # idempotent
    _, rows = neo4j.query("SHOW CONSTRAINTS YIELD labelsOrTypes, properties, type RETURN labelsOrTypes, properties, type")
    found = {(labels[0], properties[0]) for labels, properties, kind in rows if kind in ("UNIQUENESS", "NODE_PROPERTY_UNIQUENESS")}
    assert set(NODE_KEYS.items()) <= found


def test_same_graph_as_the_model(neo4j, corpus_rows, records):
    assert neo4j.query("MATCH (r:Review) RETURN count(r) AS reviews") == (["reviews"], [[len(records)]])
    assert without_nulls(neo4j.read_networkx()) == without_nulls(to_networkx(corpus_rows))


def test_rebuild_is_idempotent(neo4j, corpus_rows):
    before = neo4j.counts()
    assert neo4j.load(corpus_rows) == before


def _normalise(rows):
    return sorted(json.dumps(row, sort_keys=True, ensure_ascii=False) for row in rows)


def test_every_named_query_answers_as_on_the_embedded_store(neo4j, corpus_store):
    parameters = example_parameters(corpus_store)
    library = load_library()
    for name, params in parameters.items():
        if name not in library or "neo4j" not in library[name].texts and "any" not in library[name].texts:
            continue
        columns_neo4j, rows_neo4j = run_named(neo4j, name, params)
        columns_embedded, rows_embedded = run_named(corpus_store, name, params)
        assert columns_neo4j == columns_embedded, name
        if name == "concept_path":  # shortest paths may differ, their length may not
            assert [r[1] for r in rows_neo4j] == [r[1] for r in rows_embedded]
            continue
        assert _normalise(rows_neo4j) == _normalise(rows_embedded), name


def test_neo4j_only_queries_run(neo4j):
    for name, named in load_library().items():
        if set(named.texts) == {"neo4j"}:
            run_named(neo4j, name, {p.name: "LLM" for p in named.parameters if p.required})


def test_reads_are_routed_read_only(neo4j):
    before = neo4j.counts()
    with pytest.raises(QueryError, match="--write"):
        neo4j.query("CREATE (:Review {id: 'graphkb-test-write'})")
    for payload in ("x' }) DETACH DELETE n //", 'x" }) MATCH (n) DETACH DELETE n //'):
        assert run_named(neo4j, "reviews_about_concept", {"concept": payload})[1] == []
    assert neo4j.counts() == before


def test_malformed_cypher_and_missing_parameters(neo4j):
    with pytest.raises(QueryError) as raised:
        neo4j.query("MATCH (r:Review RETURN r")
    assert "\n" not in str(raised.value)
    with pytest.raises(QueryError):
        neo4j.query("MATCH (r:Review {id: $id}) RETURN r")


def test_a_failing_load_is_rolled_back(neo4j, corpus_rows):
    from graphkb.model import GraphRows

    before = neo4j.counts()
    rows = GraphRows()
    rows.nodes["Review"] = [{"id": "graphkb-test-rollback", "date": "2099-01-01"}]
    rows.relationships[("CONTINUES", "Review", "Review")] = [
        {"source": "graphkb-test-rollback", "target": corpus_rows.nodes["Review"][0]["id"], "kind": {"nested": "map"}}
    ]
    with pytest.raises(StoreError, match="unchanged"):
        neo4j.load(rows)
    assert neo4j.counts() == before


def test_wrong_password_is_one_clear_error():
    with pytest.raises(StoreUnavailableError, match="refused the user name or password"):
        open_store(neo4j_uri=os.environ["NEO4J_URI"], user=os.environ.get("NEO4J_USER", "neo4j"), password="graphkb-wrong-password")
