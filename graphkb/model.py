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
>>> from graphkb.records import Review
>>> rows = graph_rows([Review(id="2024-06-14", date="2024-06-14", arxiv=["2403.00835"])])
>>> rows.nodes["Paper"][0]["arxivId"]
'2403.00835'
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any, Iterable

from graphkb.records import Review

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


def graph_rows(
    reviews: Iterable[Review],
    *,
    series: list[dict[str, Any]] | None = None,
    related: list[dict[str, Any]] | None = None,
    lexicon: Any = None,
) -> GraphRows:
    """Turn review records into de-duplicated node and relationship rows.

    Parameters
    ----------
    reviews : iterable of Review
        Extracted records (with concepts, entities and continuations filled).
    series : list of dict, optional
        ``{"id", "name", "start", "end", "reviews": [review ids]}``; computed
        from the continuations when omitted.
    related : list of dict, optional
        ``{"source", "target", "weight", "reviews"}`` co-occurrence links;
        computed from the concepts when omitted.
    lexicon : optional
        The concept lexicon, for the kind and aliases of broader concepts no
        review mentions; loaded when omitted.
    """
    reviews = list(reviews)
    rows = GraphRows()
    seen: dict[str, dict[str, dict[str, Any]]] = defaultdict(dict)

    def add_node(label: str, props: dict[str, Any]) -> None:
        key = props[NODE_KEYS[label]]
        known = seen[label].get(key)
        if known is None:
            seen[label][key] = props
            rows.nodes[label].append(props)
        else:
            for name, value in props.items():
                if known.get(name) in (None, "", []) and value not in (None, "", []):
                    known[name] = value

    def add_rel(rel_type: str, source: tuple[str, str], target: tuple[str, str], **props: Any) -> None:
        rows.relationships[(rel_type, source[0], target[0])].append({"source": source[1], "target": target[1], **props})

    concept_meta: dict[str, dict[str, Any]] = {}
    for review in reviews:
        add_node(
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
        for position, arxiv_id in enumerate(dict.fromkeys(review.arxiv)):
            add_node(
                "Paper",
                {
                    "id": arxiv_id,
                    "arxivId": arxiv_id,
                    "url": f"https://arxiv.org/abs/{arxiv_id}",
                    "title": review.title if position == 0 else None,
                },
            )
            add_rel("REVIEWS" if position == 0 else "CITES", ("Review", review.id), ("Paper", arxiv_id))
        for url in dict.fromkeys(review.links):
            kind = _paper_kind(url)
            if kind == "paper":
                add_node("Paper", {"id": url, "arxivId": None, "url": url, "title": None})
                add_rel("CITES", ("Review", review.id), ("Paper", url))
            else:
                add_node("Resource", {"url": url, "kind": kind})
                add_rel("LINKS_TO", ("Review", review.id), ("Resource", url))
        for concept in review.concepts:
            name = concept["name"]
            meta = concept_meta.setdefault(name, {"name": name, "kind": concept.get("kind"), "aliases": set()})
            meta["aliases"].update(concept.get("aliases") or ())
            for parent in concept.get("broader") or ():
                concept_meta.setdefault(parent, {"name": parent, "kind": None, "aliases": set()})
                meta.setdefault("broader", set()).add(parent)
            add_rel(
                "MENTIONS",
                ("Review", review.id),
                ("Concept", name),
                count=int(concept.get("count", 1)),
                salience=float(concept.get("salience", 0.0)),
                evidence=concept.get("evidence"),
                about=bool(concept.get("about", False)),
                aboutness=float(concept.get("aboutness", 0.0)),
            )
        for entity in review.entities:
            label = entity["type"]
            add_node(label, {"name": entity["name"]})
            add_rel("MENTIONS", ("Review", review.id), (label, entity["name"]), count=int(entity.get("count", 1)))
        for link in review.continues:
            if link.get("target"):
                add_rel(
                    "CONTINUES",
                    ("Review", review.id),
                    ("Review", link["target"]),
                    kind=link.get("kind"),
                    evidence=link.get("evidence"),
                    confidence=float(link.get("confidence", 1.0)),
                )

    if concept_meta:
        if lexicon is None:
            from graphkb.extract.lexicon import load_lexicon

            lexicon = load_lexicon()
        pending = list(concept_meta)
        while pending:  # close the broader hierarchy over the lexicon
            name = pending.pop()
            entry = lexicon.get(name)
            meta = concept_meta[name]
            if entry is None:
                continue
            meta["kind"] = meta["kind"] or entry.kind
            meta["aliases"].update(entry.aliases)
            for parent in entry.broader:
                meta.setdefault("broader", set()).add(parent)
                if parent not in concept_meta:
                    concept_meta[parent] = {"name": parent, "kind": None, "aliases": set()}
                    pending.append(parent)
        for name, meta in sorted(concept_meta.items()):
            add_node("Concept", {"name": name, "kind": meta["kind"] or "concept", "aliases": sorted(meta["aliases"])})
            for parent in sorted(meta.get("broader", ())):
                add_rel("BROADER", ("Concept", name), ("Concept", parent))

    if related is None:
        from graphkb.extract.cooccurrence import related_concepts

        related = related_concepts(reviews)
    for link in related:
        add_rel("RELATED", ("Concept", link["source"]), ("Concept", link["target"]), weight=float(link["weight"]), reviews=int(link["reviews"]))

    if series is None:
        from graphkb.extract.continuations import find_series

        series = find_series(reviews)
    for item in series:
        add_node("Series", {"id": item["id"], "name": item["name"], "start": item["start"], "end": item["end"], "size": len(item["reviews"])})
        for review_id in item["reviews"]:
            add_rel("PART_OF", ("Review", review_id), ("Series", item["id"]))
    return rows


def to_networkx(rows: GraphRows):
    """The graph as a :class:`networkx.MultiDiGraph`.

    Node ids are ``"Label:key"`` (see :func:`node_id`); every node has a
    ``label`` attribute beside its properties, every edge a ``type``.

    >>> from graphkb.records import Review
    >>> g = to_networkx(graph_rows([Review(id="a", date="2024-06-14")], series=[], related=[]))
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
