"""Reading paths between topics, and reading plans for one topic.

A *topic* is a concept (by its name or any alias, English or Hebrew,
fuzzy-matched), a model or dataset name, words of a review title, an arXiv id,
a review id (``2024-06-14``, ``2024-06-14-2``, also written ``14.06.24``), or
words the reviews use (found by a BM25 text search).

- :mod:`graphkb.paths.index`: the review-to-review links (continues, refers,
  shares specific concepts) and their strength.
- :mod:`graphkb.paths.topics`: what a topic resolves to.
- :mod:`graphkb.paths.search`: reading paths from topic A to topic B.
- :mod:`graphkb.paths.plans`: reading plans for one topic.

Examples
--------
>>> from graphkb.records import Extraction, Review
>>> from graphkb.model import graph_rows, to_networkx
>>> def concept(name, salience=1.0):
...     return {"name": name, "kind": "method", "aliases": [], "count": 2, "salience": salience,
...             "about": salience >= 0.5}
>>> def follows(*ids):
...     return [{"target": i, "kind": "recent_series", "evidence": "", "confidence": 0.9} for i in ids]
>>> text = "סקירה של מאמר. " * 30
>>> reviews = [
...     Review(id="2024-06-13", date="2024-06-13", title="Lookahead decoding", text=text,
...            concepts=[concept("Jacobi decoding"), concept("parallel decoding", 0.5)]),
...     Review(id="2024-06-14", date="2024-06-14", title="CLLMs: Consistency Large Language Models", text=text,
...            concepts=[concept("consistency models"), concept("Jacobi decoding", 0.3),
...                      concept("parallel decoding", 0.5)], continues=follows("2024-06-13")),
...     Review(id="2024-06-15", date="2024-06-15", title="MEDUSA: multiple decoding heads", text=text,
...            concepts=[concept("Medusa"), concept("parallel decoding", 0.5)],
...            continues=follows("2024-06-13", "2024-06-14")),
...     Review(id="2024-06-16", date="2024-06-16", title="DPO", text=text, concepts=[concept("DPO")]),
... ]
>>> graph = to_networkx(graph_rows(Extraction(reviews)))
>>> found = reading_paths(graph, "jacobi decoding", "Medusa")[0]
>>> [(step.review, step.via) for step in found.steps]
[('2024-06-13', None), ('2024-06-14', 'continues'), ('2024-06-15', 'continues')]
>>> [step.review for step in reading_plan(graph, "2024-06-15").steps]
['2024-06-13', '2024-06-14', '2024-06-15']
"""

from graphkb.paths.index import ReadingIndex, Step, reading_index
from graphkb.paths.plans import ReadingPlan, reading_plan
from graphkb.paths.search import MAX_STEPS, ReadingPath, reading_paths
from graphkb.paths.topics import Topic, resolve_topic, search_reviews

__all__ = [
    "MAX_STEPS",
    "Topic",
    "Step",
    "ReadingPath",
    "ReadingPlan",
    "ReadingIndex",
    "reading_index",
    "resolve_topic",
    "search_reviews",
    "reading_paths",
    "reading_plan",
]
