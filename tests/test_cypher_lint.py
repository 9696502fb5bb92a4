"""Every named query meant for Neo4j passes Neo4j's own Cypher grammar.

The grammar is the npm package ``@neo4j-cypher/language-support``
(``lintCypherQuery``), run with node from ``tests/js`` (installed there by the
fixture with ``npm ci`` when ``node_modules`` is missing): the tests that lint
need ``node`` and ``npm`` (``requires("node")``: skipped without them, a
failure under CI).  The schema handed
to the linter is the graph model's, so a misspelt label, relationship type or
a relationship drawn the wrong way round is reported too.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from graphkb.model import NODE_KEYS, RELATIONSHIPS
from graphkb.named_queries import load_library

JS = Path(__file__).parent / "js"
ERROR, WARNING = 1, 2
needs_node = pytest.mark.requires("node")


@pytest.fixture(scope="module")
def lint_cypher():
    """A function linting ``{name: text}`` -> ``{name: [diagnostics]}`` with Neo4j's grammar."""
    node, npm = shutil.which("node"), shutil.which("npm")
    if not (JS / "node_modules" / "@neo4j-cypher" / "language-support").is_dir():
        install = subprocess.run([npm, "ci", "--no-audit", "--no-fund"], cwd=JS, capture_output=True, text=True)
        assert install.returncode == 0, install.stderr
    schema = {
        "labels": list(NODE_KEYS),
        "relationshipTypes": list(RELATIONSHIPS),
        "graphSchema": [
            {"from": source, "to": target, "relType": rel_type}
            for rel_type, pairs in RELATIONSHIPS.items()
            for source, target in pairs
        ],
    }

    def lint(texts: dict[str, str], parameters: dict[str, dict] | None = None) -> dict[str, list[dict]]:
        queries = [{"name": n, "text": t, "parameters": (parameters or {}).get(n, {})} for n, t in texts.items()]
        payload = json.dumps({"schema": schema, "queries": queries})
        run = subprocess.run([node, "lint.mjs"], cwd=JS, input=payload, capture_output=True, text=True, timeout=300)
        assert run.returncode == 0, run.stderr
        return {item["name"]: item["diagnostics"] for item in json.loads(run.stdout)}

    return lint


SAMPLE_VALUES = {"string": "text", "int": 1, "float": 1.0, "bool": True, "list": ["text"]}


def neo4j_queries() -> tuple[dict[str, str], dict[str, dict]]:
    """The text each named query runs on Neo4j and its declared parameters, keyed by file name.

    Only declared parameters are known to the linter, so a query using one its
    header does not declare fails.
    """
    texts, parameters = {}, {}
    for query in load_library().values():
        if "neo4j" in query.texts or "any" in query.texts:
            source = next(p for p in query.files if ".falkordb." not in p.name)
            texts[source.name] = query.cypher_for("neo4j")
            parameters[source.name] = {p.name: SAMPLE_VALUES[p.type] for p in query.parameters}
    return texts, parameters


def neo4j_texts() -> dict[str, str]:
    return neo4j_queries()[0]


def test_every_neo4j_query_file_is_linted():
    names = set(neo4j_texts())
    shipped = {p.name for p in (Path(__file__).parent.parent / "queries").glob("*.cypher") if ".falkordb." not in p.name}
    assert names == shipped and len(names) >= 12


@pytest.fixture(scope="module")
def shipped_diagnostics(lint_cypher):
    return lint_cypher(*neo4j_queries())


@needs_node
def test_neo4j_queries_pass_neo4j_grammar(shipped_diagnostics):
    errors = {
        name: [f"{d['line']}:{d['column']} {d['message']}" for d in diagnostics if d["severity"] == ERROR]
        for name, diagnostics in shipped_diagnostics.items()
    }
    assert {name: found for name, found in errors.items() if found} == {}


@needs_node
def test_neo4j_queries_use_only_the_model_schema(shipped_diagnostics):
    """Warnings name unknown labels, types and directions against the model schema."""
    warnings = {
        name: [d["message"] for d in diagnostics if d["severity"] == WARNING]
        for name, diagnostics in shipped_diagnostics.items()
    }
    assert {name: found for name, found in warnings.items() if found} == {}


def store_statements() -> tuple[dict[str, str], dict[str, dict]]:
    """Every statement the Neo4j store sends: schema, the load of each label and relationship, reads."""
    from graphkb.model import GraphRows
    from graphkb.store.base import load_plan, read_statements
    from graphkb.store.neo4j_store import REPLACE_STATEMENT, constraint_statements

    rows = GraphRows()
    for label, key in NODE_KEYS.items():
        rows.nodes[label].append({key: "k"})
    for rel_type, pairs in RELATIONSHIPS.items():
        for source, target in pairs:
            rows.relationships[(rel_type, source, target)].append({"source": "k", "target": "k"})
    texts = {f"load {n}": step.cypher for n, step in enumerate(load_plan(rows))}
    texts.update({f"schema {n}": text for n, text in enumerate(constraint_statements())})
    texts.update({f"read {name}": text for name, text in read_statements("elementId").items()})
    texts["replace"] = REPLACE_STATEMENT
    parameters = {name: {"rows": [{"source": "k", "target": "k", "props": {}}], "labels": ["Review"]} for name in texts}
    return texts, parameters


@needs_node
def test_the_neo4j_store_statements_pass_neo4j_grammar(lint_cypher):
    texts, parameters = store_statements()
    from graphkb.store.base import ORPHAN_CLEANUP_LABELS

    # each label and relationship once, the refresh of the loaded reviews' links, the orphan clean-up
    expected = len(NODE_KEYS) + sum(map(len, RELATIONSHIPS.values())) + 1 + len(ORPHAN_CLEANUP_LABELS)
    assert len([name for name in texts if name.startswith("load")]) == expected
    results = lint_cypher(texts, parameters)
    problems = {name: [d["message"] for d in found] for name, found in results.items() if found}
    assert problems == {}


@needs_node
def test_linter_rejects_broken_cypher(lint_cypher):
    """The check can fail: a malformed query, an undeclared parameter, a wrong-way relationship."""
    results = lint_cypher(
        {
            "broken": "MATCH (r:Review RETURN r",
            "undeclared": "MATCH (r:Review {id: $review}) RETURN r.id AS id",
            "backwards": "MATCH (c:Concept)-[:MENTIONS]->(r:Review) RETURN r.id AS id",
        }
    )
    assert any(d["severity"] == ERROR for d in results["broken"])
    assert any(d["severity"] == ERROR for d in results["undeclared"])
    assert results["backwards"], "a relationship against the model's direction should be flagged"
