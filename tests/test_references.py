"""References between reviews, what papers introduce, and a Paper for every review."""

from __future__ import annotations

import pytest

from graphkb.errors import InputError
from graphkb.extract.references import link_references, load_reference_rules
from graphkb.model import graph_rows, paper_key, to_networkx
from graphkb.records import Extraction, Review


def concept(name, salience=0.6, aliases=()):
    return {"name": name, "kind": "method", "aliases": list(aliases), "count": 2, "salience": salience,
            "about": salience >= 0.5}


def extraction(reviews):
    """The reviews with their references found, as the pipeline gives them to graph_rows."""
    found = link_references(reviews)
    return Extraction(reviews, introduces=found.introduces, references=found.refers)


def review(rid, title, text, concepts=(), arxiv=(), links=()):
    return Review(id=rid, date=rid[:10], title=title, text=text, concepts=list(concepts), arxiv=list(arxiv),
                  links=list(links))


SERIES = [
    review("2024-09-17", "STaR: Self-Taught Reasoner", "המאמר מציע לאמן מודל על ההסברים שלו.",
           [concept("self-improvement", aliases=["STaR"])]),
    review("2024-09-18", "Something else", "המחברים מציעים GraphAny, ארכיטקטורה חדשה לגרפים.",
           [concept("GraphAny"), concept("graph theory")], links=["https://openreview.net/forum?id=abc"]),
    review("2024-09-19", "Training CoT", "במאמר הקודם שסקרתי STaR דיברנו על ריזונינג. זה מאמר אחר.",
           [concept("self-improvement", aliases=["STaR"])]),
    review("2024-09-22", "Quiet-STaR: think before speaking", "Quiet-STaR הוא שכלול. גם GraphAny מוזכר כאן.",
           [concept("GraphAny", 0.1)]),
]


def test_title_heads_and_proposed_methods_are_introductions():
    found = link_references(SERIES)
    introduced = {(i["review"], i["name"]) for i in found.introduces}
    assert ("2024-09-17", "STaR") in introduced
    assert ("2024-09-18", "GraphAny") in introduced
    assert ("2024-09-22", "Quiet-STaR") in introduced
    graph_any = next(i for i in found.introduces if i["name"] == "GraphAny")
    assert graph_any["concept"] == "GraphAny"


def test_a_review_naming_an_earlier_method_refers_to_its_review_with_the_sentence_as_evidence():
    refers = {(r["source"], r["target"]): r for r in link_references(SERIES).refers}
    star = refers[("2024-09-19", "2024-09-17")]
    assert "שסקרתי STaR" in star["evidence"] and star["confidence"] == 0.9
    assert ("2024-09-22", "2024-09-18") in refers  # names GraphAny
    assert ("2024-09-22", "2024-09-17") not in refers  # "Quiet-STaR" is not "STaR"
    assert all(source > target for source, target in refers)


def test_every_review_reviews_a_paper_keyed_by_arxiv_url_or_title():
    assert paper_key(review("a", "T", "", arxiv=["2403.00835"])) == "2403.00835"
    assert paper_key(SERIES[1]) == "https://openreview.net/forum?id=abc"
    assert paper_key(SERIES[0]) == "title:star self taught reasoner"
    assert paper_key(review("b", None, "")) is None
    rows = graph_rows(extraction(SERIES))
    reviewed = {row["source"] for row in rows.relationships[("REVIEWS", "Review", "Paper")]}
    assert reviewed == {r.id for r in SERIES}


def test_the_graph_holds_refers_to_and_introduces():
    graph = to_networkx(graph_rows(extraction(SERIES)))
    refers = [(s, t, a) for s, t, a in graph.edges(data=True) if a["type"] == "REFERS_TO"]
    assert ("Review:2024-09-19", "Review:2024-09-17") in {(s, t) for s, t, _ in refers}
    assert all(a["evidence"] and 0 < a["confidence"] <= 1 for _, _, a in refers)
    introduces = {(s, t) for s, t, a in graph.edges(data=True) if a["type"] == "INTRODUCES"}
    assert ("Paper:https://openreview.net/forum?id=abc", "Concept:GraphAny") in introduces


def test_a_bad_references_file_is_one_clear_error(tmp_path):
    bad = tmp_path / "references.yaml"
    bad.write_text("proposes: ['(unclosed']\ncues: []\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"references.yaml:1: bad pattern"):
        load_reference_rules(bad)
    bad.write_text("proposes: ['x(?P<name>y)']\ncues: [a]\ncommon_shares: 1\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"references.yaml:3: unknown key 'common_shares'"):
        load_reference_rules(bad)
    with pytest.raises(InputError, match="not found"):
        load_reference_rules(tmp_path / "missing.yaml")


def test_corpus_star_is_referred_to_by_the_reviews_that_build_on_it(records):
    refers = {(r["source"], r["target"]) for r in link_references(records).refers}
    assert {("2024-09-19", "2024-09-17"), ("2024-09-20", "2024-09-17")} <= refers
    assert ("2024-12-23", "2024-12-18") in refers  # T-FREE names the tokenizer-free models of BLT


def test_corpus_every_titled_review_reviews_a_paper(corpus_rows, records):
    reviewed = {row["source"] for row in corpus_rows.relationships[("REVIEWS", "Review", "Paper")]}
    without_link = [r for r in records if not r.arxiv and r.title]
    assert without_link and all(r.id in reviewed for r in without_link)


def test_a_rebuild_drops_what_a_paper_no_longer_introduces(tmp_path):
    from graphkb.store import open_store

    with open_store(tmp_path / "store") as store:
        store.load(graph_rows(extraction(SERIES)))
        query = "MATCH (:Paper)-[i:INTRODUCES]->(c:Concept) RETURN c.name AS name ORDER BY name"
        assert ["GraphAny"] in store.query(query)[1]
        edited = [SERIES[0], review("2024-09-18", "Something else", "גרפים.", [concept("graph theory")],
                                    links=["https://openreview.net/forum?id=abc"]), *SERIES[2:]]
        store.load(graph_rows(extraction(edited)))
        assert ["GraphAny"] not in store.query(query)[1]
