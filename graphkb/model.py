"""The graph model: review records as labelled nodes and typed relationships.

Both the stores and the networkx view are fed from :func:`graph_rows`, so the
picture, the reading paths and the Cypher store always hold the same graph.

Schema (Neo4j conventions)::

    (:Review {id, date, title, displayTitle, titleDerived, text, lineStart, lineEnd, source, dateConfidence})
    (:Paper {id, arxivId, url, title})          (:Review)-[:REVIEWS]->(:Paper)
                                                (:Review)-[:CITES]->(:Paper)
    (:Resource {url, kind})                     (:Review)-[:LINKS_TO]->(:Resource)
    (:Concept {name, kind, aliases})            (:Review)-[:MENTIONS {count, salience, evidence, about, aboutness}]->(:Concept)
                                                (:Concept)-[:BROADER]->(:Concept)
                                                (:Concept)-[:RELATED {weight, reviews}]->(:Concept)
    (:Organization|Person|Model|Dataset {name}) (:Review)-[:MENTIONS {count}]->(entity)
                                                (:Review)-[:CONTINUES {kind, evidence, confidence}]->(:Review)
    (:Series {id, name, start, end, size})      (:Review)-[:PART_OF]->(:Series)

Examples
--------
>>> from graphkb.records import Extraction, Review
>>> rows = graph_rows(Extraction([Review(id="2024-06-14", date="2024-06-14", arxiv=["2403.00835"])]))
>>> rows.nodes["Paper"][0]["arxivId"]
'2403.00835'
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping

from graphkb.records import Extraction, RelatedLink, Review, SeriesRecord

__all__ = ["NODE_KEYS", "RELATIONSHIPS", "GraphRows", "graph_rows", "to_networkx", "node_id"]

NODE_KEYS: dict[str, str] = {
    "Review": "id",
    "Paper": "id",
    "Resource": "url",
    "Concept": "name",
    "Organization": "name",
    "Person": "name",
    "Model": "name",
    "Dataset": "name",
    "Series": "id",
}

# relationship type -> allowed (source label, target label) pairs
RELATIONSHIPS: dict[str, tuple[tuple[str, str], ...]] = {
    "REVIEWS": (("Review", "Paper"),),
    "CITES": (("Review", "Paper"),),
    "LINKS_TO": (("Review", "Resource"),),
    "MENTIONS": tuple(("Review", label) for label in ("Concept", "Organization", "Person", "Model", "Dataset")),
    "BROADER": (("Concept", "Concept"),),
    "RELATED": (("Concept", "Concept"),),
    "CONTINUES": (("Review", "Review"),),
    "PART_OF": (("Review", "Series"),),
}

PAPER_HOSTS = ("arxiv.org", "openreview.net", "aclanthology.org", "proceedings.", "papers.nips.cc", "doi.org")


def node_id(label: str, key: str) -> str:
    """The networkx node id of a node: ``"Label:key"``.

    >>> node_id("Concept", "DPO")
    'Concept:DPO'
    """
    return f"{label}:{key}"


@dataclass
class GraphRows:
    """Nodes by label and relationships by (type, source label, target label), ready for ``UNWIND $rows``.

    A node row holds its properties (the key among them); a relationship row
    holds ``source`` and ``target`` keys plus its properties.
    """

    nodes: dict[str, list[dict[str, Any]]] = field(default_factory=lambda: defaultdict(list))
    relationships: dict[tuple[str, str, str], list[dict[str, Any]]] = field(default_factory=lambda: defaultdict(list))

    def counts(self) -> dict[str, int]:
        """Number of rows per node label and relationship type."""
        counts: dict[str, int] = {label: len(rows) for label, rows in self.nodes.items()}
        for (rel_type, _, _), rows in self.relationships.items():
            counts[rel_type] = counts.get(rel_type, 0) + len(rows)
        return counts


def _paper_kind(url: str) -> str:
    lowered = url.lower()
    if any(host in lowered for host in PAPER_HOSTS) or lowered.endswith(".pdf"):
        return "paper"
    if "github.com" in lowered or "gitlab.com" in lowered or "huggingface.co" in lowered:
        return "code"
    return "web"


class _RowsBuilder:
    """Collects de-duplicated node rows and relationship rows; one ``_add_*`` function per part of the schema."""

    def __init__(self) -> None:
        self.rows = GraphRows()
        self._seen: dict[str, dict[str, dict[str, Any]]] = defaultdict(dict)

    def node(self, label: str, props: dict[str, Any]) -> None:
        """Add a node row, or fill the empty properties of the row already there."""
        key = props[NODE_KEYS[label]]
        known = self._seen[label].get(key)
        if known is None:
            self._seen[label][key] = props
            self.rows.nodes[label].append(props)
            return
        for name, value in props.items():
            if known.get(name) in (None, "", []) and value not in (None, "", []):
                known[name] = value

    def rel(self, rel_type: str, source: tuple[str, str], target: tuple[str, str], **props: Any) -> None:
        """Add a relationship row from ``(label, key)`` to ``(label, key)``."""
        self.rows.relationships[(rel_type, source[0], target[0])].append({"source": source[1], "target": target[1], **props})


def _add_review(build: _RowsBuilder, review: Review) -> None:
    build.node(
        "Review",
        {
            "id": review.id,
            "date": review.date,
            "title": review.title,
            "displayTitle": review.display_title or review.title,
            "titleDerived": review.title_derived,
            "text": review.text,
            "lineStart": review.line_start,
            "lineEnd": review.line_end,
            "source": review.source,
            "dateConfidence": review.date_confidence,
        },
    )


def _add_papers_and_links(build: _RowsBuilder, review: Review) -> None:
    for position, arxiv_id in enumerate(dict.fromkeys(review.arxiv)):
        build.node(
            "Paper",
            {"id": arxiv_id, "arxivId": arxiv_id, "url": f"https://arxiv.org/abs/{arxiv_id}", "title": review.title if position == 0 else None},
        )
        build.rel("REVIEWS" if position == 0 else "CITES", ("Review", review.id), ("Paper", arxiv_id))
    for url in dict.fromkeys(review.links):
        kind = _paper_kind(url)
        if kind == "paper":
            build.node("Paper", {"id": url, "arxivId": None, "url": url, "title": None})
            build.rel("CITES", ("Review", review.id), ("Paper", url))
        else:
            build.node("Resource", {"url": url, "kind": kind})
            build.rel("LINKS_TO", ("Review", review.id), ("Resource", url))


def _add_mentions(build: _RowsBuilder, review: Review, concepts: dict[str, dict[str, Any]]) -> None:
    """MENTIONS links to concepts and entities; each concept's kind, aliases and broader names go to ``concepts``."""
    for concept in review.concepts:
        name = concept["name"]
        meta = concepts.setdefault(name, {"name": name, "kind": concept["kind"], "aliases": set(), "broader": set()})
        meta["aliases"].update(concept["aliases"])
        for parent in concept["broader"]:
            concepts.setdefault(parent, {"name": parent, "kind": None, "aliases": set(), "broader": set()})
            meta["broader"].add(parent)
        build.rel(
            "MENTIONS",
            ("Review", review.id),
            ("Concept", name),
            count=int(concept["count"]),
            salience=float(concept["salience"]),
            evidence=concept["evidence"],
            about=bool(concept.get("about", False)),
            aboutness=float(concept.get("aboutness", 0.0)),
        )
    for entity in review.entities:
        build.node(entity["type"], {"name": entity["name"]})
        build.rel("MENTIONS", ("Review", review.id), (entity["type"], entity["name"]), count=int(entity["count"]))


def _add_continuations(build: _RowsBuilder, review: Review) -> None:
    for link in review.continues:
        build.rel(
            "CONTINUES",
            ("Review", review.id),
            ("Review", link["target"]),
            kind=link["kind"],
            evidence=link["evidence"],
            confidence=float(link["confidence"]),
        )


def _add_concepts(build: _RowsBuilder, concepts: dict[str, dict[str, Any]], lexicon: Mapping[str, Any]) -> None:
    """Concept nodes and BROADER links, the broader hierarchy closed over the lexicon."""
    pending = list(concepts)
    while pending:
        name = pending.pop()
        entry = lexicon.get(name)
        if entry is None:
            continue
        meta = concepts[name]
        meta["kind"] = meta["kind"] or entry.kind
        meta["aliases"].update(entry.aliases)
        for parent in entry.broader:
            meta["broader"].add(parent)
            if parent not in concepts:
                concepts[parent] = {"name": parent, "kind": None, "aliases": set(), "broader": set()}
                pending.append(parent)
    for name, meta in sorted(concepts.items()):
        build.node("Concept", {"name": name, "kind": meta["kind"] or "concept", "aliases": sorted(meta["aliases"])})
        for parent in sorted(meta["broader"]):
            build.rel("BROADER", ("Concept", name), ("Concept", parent))


def _add_related(build: _RowsBuilder, related: Iterable[RelatedLink]) -> None:
    for link in related:
        build.rel("RELATED", ("Concept", link["source"]), ("Concept", link["target"]), weight=float(link["weight"]), reviews=int(link["reviews"]))


def _add_series(build: _RowsBuilder, series: Iterable[SeriesRecord]) -> None:
    for item in series:
        build.node("Series", {"id": item["id"], "name": item["name"], "start": item["start"], "end": item["end"], "size": len(item["reviews"])})
        for review_id in item["reviews"]:
            build.rel("PART_OF", ("Review", review_id), ("Series", item["id"]))


def graph_rows(extraction: Extraction) -> GraphRows:
    """Map an extraction to de-duplicated node and relationship rows, and nothing else.

    Every part comes from ``extraction``: its reviews (with concepts,
    entities and continuations), its series, its RELATED links and its
    lexicon (for the kind, aliases and broader concepts of the concepts the
    reviews mention); nothing is computed or loaded here.  Each part of the
    schema has its own ``_add_*`` function, so a new node or link is one more.

    Parameters
    ----------
    extraction : Extraction
        From :func:`graphkb.extract.pipeline.extract` (or
        :func:`graphkb.extract.pipeline.extraction_from` for records at hand).
    """
    build = _RowsBuilder()
    concepts: dict[str, dict[str, Any]] = {}
    for review in extraction.reviews:
        _add_review(build, review)
        _add_papers_and_links(build, review)
        _add_mentions(build, review, concepts)
        _add_continuations(build, review)
    _add_concepts(build, concepts, extraction.lexicon)
    _add_related(build, extraction.related)
    _add_series(build, extraction.series)
    return build.rows


def to_networkx(rows: GraphRows):
    """The graph as a :class:`networkx.MultiDiGraph`.

    Node ids are ``"Label:key"`` (see :func:`node_id`); every node has a
    ``label`` attribute beside its properties, every edge a ``type``.

    >>> from graphkb.records import Extraction, Review
    >>> g = to_networkx(graph_rows(Extraction([Review(id="a", date="2024-06-14")])))
    >>> g.nodes["Review:a"]["label"]
    'Review'
    """
    import networkx as nx

    graph = nx.MultiDiGraph()
    for label, node_rows in rows.nodes.items():
        key = NODE_KEYS[label]
        for props in node_rows:
            graph.add_node(node_id(label, props[key]), label=label, **props)
    for (rel_type, source_label, target_label), rel_rows in rows.relationships.items():
        for rel in rel_rows:
            props = {k: v for k, v in rel.items() if k not in ("source", "target")}
            graph.add_edge(
                node_id(source_label, rel["source"]),
                node_id(target_label, rel["target"]),
                key=rel_type,
                type=rel_type,
                **props,
            )
    return graph
