"""Reading paths and plans: topic resolution, path rules, the CLI, and the shipped corpus."""

from __future__ import annotations

import json

import pytest

from graphkb.errors import NoPathError, UnknownTopicError
from graphkb.model import graph_rows, to_networkx
from graphkb.paths import MAX_STEPS, reading_index, reading_paths, reading_plan, resolve_topic
from graphkb.records import Extraction, Review


def concept(name, salience=0.8, count=2, aliases=(), broader=()):
    return {"name": name, "kind": "method", "aliases": list(aliases), "count": count, "salience": salience,
            "about": salience >= 0.5, "evidence": None, "broader": list(broader)}


def follows(*targets, kind="recent_series", confidence=0.9):
    return [{"target": t, "kind": kind, "evidence": "כמו שראינו בסקירה הקודמת", "confidence": confidence} for t in targets]


class Lexicon(dict):
    """The shape graph_rows expects of the lexicon: name -> entry with kind, aliases, broader."""


class Entry:
    def __init__(self, kind="field", aliases=(), broader=()):
        self.kind, self.aliases, self.broader = kind, list(aliases), list(broader)


def graph_of(reviews, lexicon=None):
    return to_networkx(graph_rows(Extraction(reviews, lexicon=Lexicon(lexicon or {}))))


TEXT = "המאמר שנסקור היום מציע שיטה חדשה ומסביר אותה בפירוט. " * 8  # a review with real text, not a thin one


def review(day, title, concepts, continues=(), arxiv=(), month=6, text=TEXT):
    rid = f"2024-{month:02d}-{day:02d}"
    return Review(id=rid, date=rid, title=title, concepts=list(concepts), continues=list(continues), arxiv=list(arxiv),
                  text=text)


# Filler reviews that all mention the generic concepts, so their idf is low as in a real corpus.
FILLER = [review(d, f"Filler {d}", [concept("large language models", 0.3), concept("transformers", 0.3),
                                     concept(f"topic {d}", 1.0)], month=7) for d in range(1, 15)]


@pytest.fixture(scope="module")
def decoding_graph():
    """Jacobi decoding -> CLLMs -> Medusa as a series, a DPO line and generic filler."""
    reviews = [
        review(12, "Accelerating Feedforward Computation via Parallel Nonlinear Equation Solving",
               [concept("Jacobi iteration", 1.0), concept("parallel decoding", 0.6), concept("large language models", 0.3)]),
        review(13, None, [concept("Jacobi decoding", 1.0, count=5), concept("lookahead decoding", 0.9),
                          concept("parallel decoding", 0.7), concept("transformers", 0.3)],
               continues=follows("2024-06-12", kind="yesterday"), arxiv=["2402.02057"]),
        review(14, "CLLMs: Consistency Large Language Models",
               [concept("consistency models", 1.0, aliases=["מודלי קונסיסטנסי"]), concept("Jacobi decoding", 0.8, count=4),
                concept("parallel decoding", 0.6), concept("large language models", 0.4)],
               continues=follows("2024-06-12", "2024-06-13"), arxiv=["2403.00835"]),
        review(15, "MEDUSA: Simple LLM Inference Acceleration Framework with Multiple Decoding Heads",
               [concept("Medusa", 1.0, count=6), concept("speculative decoding", 0.8), concept("parallel decoding", 0.5),
                concept("large language models", 0.4)],
               continues=follows("2024-06-12", "2024-06-13", "2024-06-14"), arxiv=["2401.10774"]),
        review(16, "Statistical Rejection Sampling Improves Preference Optimization",
               [concept("DPO", 1.0, aliases=["Direct Preference Optimization", "די-פי-או"], broader=["preference optimization"]),
                concept("RLHF", 0.7), concept("large language models", 0.3)]),
        review(18, "Helping or Herding? Reward Model Ensembles Mitigate but do not Eliminate Reward Hacking",
               [concept("reward hacking", 1.0), concept("RLHF", 0.8), concept("transformers", 0.2)],
               continues=follows("2024-06-16")),
        review(20, "A link-only review", [], text="https://example.org/review"),
        *FILLER,
    ]
    lexicon = {"preference optimization": Entry(aliases=["אופטימיזציית העדפות"], broader=["alignment"]),
               "alignment": Entry()}
    return graph_of(reviews, lexicon)


def ids(found):
    return [step.review for step in found.steps]


# -- topics ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query, name",
    [
        ("Jacobi decoding", "Jacobi decoding"),
        ("jacobi-decoding", "Jacobi decoding"),
        ("JACOBI  DECODING", "Jacobi decoding"),
        ("Jacoby decoding", "Jacobi decoding"),  # fuzzy
        ("direct preference optimization", "DPO"),
        ("ה-DPO", "DPO"),
        ("די-פי-או", "DPO"),
        ("מודלי קונסיסטנסי", "consistency models"),
        ("ומודלי קונסיסטנסי", "consistency models"),
        ("וה-DPO", "DPO"),
        ("אופטימיזציית העדפות", "preference optimization"),
    ],
)
def test_concepts_resolve_by_any_alias(decoding_graph, query, name):
    topic = resolve_topic(decoding_graph, query)
    assert (topic.kind, topic.name) == ("concept", name)


def test_broader_concept_is_about_the_reviews_of_its_narrower_ones(decoding_graph):
    topic = resolve_topic(decoding_graph, "preference optimization")
    assert set(topic.reviews) == {"2024-06-16"}


@pytest.mark.parametrize("query", ["2024-06-14", "14.06.24", "2403.00835", "arXiv:2403.00835v2", "CLLMs"])
def test_review_ids_dates_arxiv_ids_and_title_words_name_one_review(decoding_graph, query):
    topic = resolve_topic(decoding_graph, query)
    assert (topic.kind, topic.name) == ("review", "2024-06-14")


def test_unknown_topic_lists_the_closest_candidates(decoding_graph):
    with pytest.raises(UnknownTopicError) as raised:
        resolve_topic(decoding_graph, "Jacobi decod tree")
    assert "Jacobi decoding" in raised.value.candidates
    assert "did you mean" in str(raised.value)


def test_unknown_review_id_suggests_reviews_near_that_date(decoding_graph):
    with pytest.raises(UnknownTopicError) as raised:
        resolve_topic(decoding_graph, "2024-06-17")
    assert {"2024-06-16", "2024-06-18"} <= set(raised.value.candidates)


@pytest.mark.parametrize("query", ["", "   ", "qwertyuiop zxcvb"])
def test_nonsense_is_an_unknown_topic(decoding_graph, query):
    with pytest.raises(UnknownTopicError):
        resolve_topic(decoding_graph, query)


# -- paths ----------------------------------------------------------------------------------------


def test_path_follows_the_series_through_the_review_between(decoding_graph):
    found = reading_paths(decoding_graph, "Jacobi decoding", "Medusa")[0]
    assert ids(found) == ["2024-06-13", "2024-06-14", "2024-06-15"]
    assert found.steps[1].why.startswith("continues the review of 2024-06-13")
    assert "Jacobi decoding" in found.steps[1].why
    assert "Medusa" in found.steps[-1].why and "continues the review of 2024-06-14" in found.steps[-1].why
    assert found.steps[1].arxiv == "2403.00835" and found.steps[1].title.startswith("CLLMs")


def test_a_rare_concept_is_a_stronger_bridge_than_a_common_one():
    reviews = [
        review(1, "Start", [concept("alpha", 1.0), concept("large language models", 0.9)]),
        review(2, "Common bridge", [concept("large language models", 1.0), concept("transformers", 1.0)]),
        review(3, "Rare bridge", [concept("gamma-ray decoding", 0.8), concept("topic 3", 1.0)]),
        review(4, "Goal", [concept("omega", 1.0), concept("gamma-ray decoding", 0.8), concept("large language models", 0.9)]),
        review(5, "Start again", [concept("alpha", 0.5), concept("gamma-ray decoding", 0.8)]),
        *FILLER,
    ]
    found = reading_paths(graph_of(reviews), "alpha", "omega")[0]
    assert ids(found)[-1] == "2024-06-04"
    assert "gamma-ray decoding" in found.steps[-1].why
    assert "large language models" not in found.steps[-1].why


def test_posting_order_is_preferred_and_reading_back_is_said():
    reviews = [
        review(1, "Alpha", [concept("alpha", 1.0), concept("beta", 0.8)]),
        review(2, "Bridge posted later", [concept("beta", 0.8), concept("gamma", 0.8)]),
        review(3, "Omega", [concept("omega", 1.0), concept("gamma", 0.8)]),
        *FILLER,
    ]
    found = reading_paths(graph_of(reviews), "alpha", "omega")[0]
    assert ids(found) == ["2024-06-01", "2024-06-02", "2024-06-03"]
    assert all("out of posting order" not in step.why for step in found.steps)
    back = reading_paths(graph_of(reviews), "omega", "alpha")[0]
    assert "out of posting order" in back.steps[-1].why


def test_k_alternatives_are_diverse_and_ranked(decoding_graph):
    found = reading_paths(decoding_graph, "Jacobi decoding", "Medusa", k=3)
    assert len(found) >= 2
    assert len({tuple(ids(p)) for p in found}) == len(found)
    assert found[0].cost <= min(p.cost for p in found[1:])
    assert all(ids(p)[-1] == "2024-06-15" for p in found)


def test_unconnected_topics_raise_no_path(decoding_graph):
    with pytest.raises(NoPathError, match="no reading path"):
        reading_paths(decoding_graph, "Medusa", "reward hacking")
    with pytest.raises(NoPathError):
        reading_paths(decoding_graph, "2024-06-20", "DPO")


def test_paths_have_at_most_seven_reviews():
    chain = [review(1, "Link 1", [concept("alpha", 1.0), concept("link 1", 0.7)])]
    for day in range(2, 12):
        chain.append(review(day, f"Link {day}", [concept(f"link {day - 1}", 0.7), concept(f"link {day}", 0.7)]))
    chain.append(review(12, "Omega", [concept("link 11", 0.7), concept("omega", 1.0)]))
    graph = graph_of(chain + FILLER)
    with pytest.raises(NoPathError, match=f"at most {MAX_STEPS}"):
        reading_paths(graph, "alpha", "omega")
    found = reading_paths(graph, "link 5", "omega")[0]
    assert len(found.steps) == MAX_STEPS
    assert ids(found)[0] in ("2024-06-05", "2024-06-06")


def test_a_topic_pair_inside_one_review_still_gets_an_answer():
    reviews = [review(1, "Both", [concept("alpha", 1.0), concept("omega", 1.0)]), *FILLER]
    found = reading_paths(graph_of(reviews), "alpha", "omega")
    assert [ids(p) for p in found] == [["2024-06-01"]]


def test_bad_k_is_refused(decoding_graph):
    with pytest.raises(ValueError):
        reading_paths(decoding_graph, "DPO", "RLHF", k=0)


def test_index_is_cached_per_graph_and_rebuilt_when_it_changes(decoding_graph):
    graph = decoding_graph.copy()
    first = reading_index(graph)
    assert reading_index(graph) is first
    graph.add_node("Concept:new", label="Concept", name="new", aliases=[])
    assert reading_index(graph) is not first


# -- plans ----------------------------------------------------------------------------------------


def test_a_path_never_starts_in_the_middle_of_a_series_about_a():
    # 06-11 continues 06-10 (both about contrastive learning, which two more reviews name: too common to bridge) and
    # shares "sentence embeddings" with 06-20, the review most about it: a path starting at 06-11 is cheaper, but
    # skips the review the series starts with
    reviews = [
        review(10, "Contrastive learning from scratch", [concept("contrastive learning", 1.0, count=5)]),
        review(11, "Contrastive sentence embeddings", [concept("contrastive learning", 1.0, count=3),
                                                       concept("sentence embeddings", 0.7, count=2)],
               continues=follows("2024-06-10", confidence=0.5)),
        review(20, "Sentence embeddings at scale", [concept("sentence embeddings", 1.0, count=6)]),
        *[review(day, f"Aside {day}", [concept(f"topic {day}", 1.0), concept("contrastive learning", 0.3, count=1)])
          for day in (24, 25)],
        *FILLER,
    ]
    found = reading_paths(graph_of(reviews), "contrastive learning", "sentence embeddings")[0]
    assert ids(found) == ["2024-06-10", "2024-06-11", "2024-06-20"]
    assert [step.via for step in found.steps[1:]] == ["continues", "shares"]


def test_plan_for_a_review_lists_what_it_builds_on_first(decoding_graph):
    found = reading_plan(decoding_graph, "2024-06-15")
    assert ids(found)[-1] == "2024-06-15"
    assert ids(found)[:3] == ["2024-06-12", "2024-06-13", "2024-06-14"]
    assert "continued by" in found.steps[0].why


def test_plan_puts_what_the_topic_builds_on_before_the_review_that_needs_it():
    reviews = [
        review(1, "Alignment basics", [concept("alignment", 1.0)]),
        review(2, "Preference optimization survey", [concept("preference optimization", 1.0)]),
        review(3, "DPO", [concept("DPO", 1.0, broader=["preference optimization"])]),
        review(4, "IPO", [concept("IPO", 1.0), concept("DPO", 0.7)], continues=follows("2024-06-03")),
        review(5, "KTO", [concept("KTO", 1.0), concept("DPO", 0.6)], continues=follows("2024-06-01")),
        review(6, "Passing", [concept("omega", 1.0), concept("DPO", 0.2)]),
        *FILLER,
    ]
    lexicon = {"preference optimization": Entry(broader=["alignment"]), "alignment": Entry()}
    graph = graph_of(reviews, lexicon)
    found = reading_plan(graph, "DPO")
    assert ids(found) == ["2024-06-01", "2024-06-03", "2024-06-04", "2024-06-05"]
    assert found.steps[0].why == "background: continued by the review of 2024-06-05"
    assert found.steps[2].via == "continues"
    assert "2024-06-06" in ids(reading_plan(graph, "DPO", include_all=True))


# -- the command line, over the real embedded store -----------------------------------------------


@pytest.fixture(scope="module")
def stored(tmp_path_factory):
    """An embedded store holding a small decoding series (a title with Markdown and HTML in it)."""
    from graphkb.store import open_store

    data_dir = tmp_path_factory.mktemp("paths-store")
    with open_store(data_dir) as store:
        store.load(graph_rows(Extraction(_reviews_for_store(), lexicon=Lexicon())))
    return data_dir


def _reviews_for_store():
    return [
        review(13, None, [concept("Jacobi decoding", 1.0, count=5), concept("parallel decoding", 0.7)], arxiv=["2402.02057"]),
        review(14, "CLLMs: Consistency [Large] Language Models <script>",
               [concept("consistency models", 1.0), concept("Jacobi decoding", 0.8)],
               continues=follows("2024-06-13"), arxiv=["2403.00835"]),
        review(15, "MEDUSA: Simple LLM Inference Acceleration Framework",
               [concept("Medusa", 1.0, count=6), concept("parallel decoding", 0.5)],
               continues=follows("2024-06-13", "2024-06-14"), arxiv=["2401.10774"]),
        review(20, "A link-only review", [], text="https://example.org/review"),
        review(25, "Unrelated", [concept("omega", 1.0), concept("parallel decoding", 0.2)]),
        *FILLER,
    ]


def run_cli(args):
    import subprocess
    import sys

    return subprocess.run([sys.executable, "-m", "graphkb", *args], capture_output=True, text=True, encoding="utf-8")


def test_cli_path_json_has_the_documented_shape(stored):
    done = run_cli(["path", "Jacobi decoding", "Medusa", "--format", "json", "--k", "2", "--data-dir", str(stored)])
    assert done.returncode == 0, done.stderr
    document = json.loads(done.stdout)
    assert set(document) == {"from", "to", "weak", "paths"}
    assert (document["from"], document["to"], document["weak"]) == ("Jacobi decoding", "Medusa", False)
    for found in document["paths"]:
        assert set(found) == {"steps", "cost", "weak"}
        for step in found["steps"]:
            assert set(step) == {"review", "date", "title", "arxiv", "why", "via", "shared", "strength"}
        for step in found["steps"][1:]:
            assert step["via"] in ("continues", "refers", "shares") and 0 < step["strength"] <= 1
    first = document["paths"][0]["steps"]
    assert first[0]["review"] == "2024-06-13" and first[-1]["review"] == "2024-06-15"
    assert first[0]["via"] is None and first[-1]["via"] == "continues"


def test_cli_markdown_is_a_reading_list_with_arxiv_links_and_inert_titles(stored, tmp_path):
    out = tmp_path / "list.md"
    done = run_cli(["path", "Jacobi decoding", "Medusa", "--format", "md", "-o", str(out), "--data-dir", str(stored)])
    assert done.returncode == 0, done.stderr
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# Reading list: from Jacobi decoding to Medusa")
    assert "(https://arxiv.org/abs/2401.10774)" in text
    assert "1. [ ] **2024-06-13**" in text
    done = run_cli(["plan", "2024-06-15", "--format", "md", "--data-dir", str(stored)])
    assert done.returncode == 0, done.stderr
    assert "(https://arxiv.org/abs/2403.00835)" in done.stdout
    assert "<script>" not in done.stdout and r"\<script\>" in done.stdout and r"\[Large\]" in done.stdout


def test_cli_text_and_plan(stored):
    done = run_cli(["path", "jacobi-decoding", "medusa", "--data-dir", str(stored)])
    assert done.returncode == 0, done.stderr
    assert "continues the review of 2024-06-13" in done.stdout and "via: continues, strength" in done.stdout
    done = run_cli(["plan", "2024-06-15", "--format", "json", "--data-dir", str(stored)])
    assert done.returncode == 0, done.stderr
    assert [s["review"] for s in json.loads(done.stdout)["steps"]] == ["2024-06-13", "2024-06-14", "2024-06-15"]
    plans = {}
    for extra in ([], ["--all"]):
        done = run_cli(["plan", "parallel decoding", "--format", "json", *extra, "--data-dir", str(stored)])
        assert done.returncode == 0, done.stderr
        plans[bool(extra)] = [s["review"] for s in json.loads(done.stdout)["steps"]]
    assert "2024-06-25" not in plans[False] and "2024-06-25" in plans[True]  # a passing mention only with --all


def test_cli_unconnected_topics_get_an_honest_no_or_a_path_marked_weak(stored):
    done = run_cli(["path", "Medusa", "omega", "--data-dir", str(stored)])
    assert done.returncode == 1
    assert "no reading path" in done.stderr and "--allow-weak" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    done = run_cli(["path", "Medusa", "omega", "--allow-weak", "--format", "json", "--data-dir", str(stored)])
    assert done.returncode == 0, done.stderr
    document = json.loads(done.stdout)
    assert document["weak"] is True and document["paths"][0]["weak"] is True
    assert any("(weak: shares only" in step["why"] for step in document["paths"][0]["steps"])


@pytest.mark.parametrize(
    "args, message",
    [
        (["path", "Jacobi decod tree", "Medusa"], "did you mean: Jacobi decoding"),
        (["path", "Medusa", "2024-07-03"], "no reading path"),
        (["plan", "2024-06-17"], "no review has the id"),
    ],
)
def test_cli_bad_topics_get_one_line_and_a_non_zero_exit(stored, args, message):
    done = run_cli([*args, "--data-dir", str(stored)])
    assert done.returncode != 0
    assert message in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    assert "Traceback" not in done.stderr


def test_cli_help_has_examples():
    for command in ("path", "plan"):
        done = run_cli([command, "--help"])
        assert done.returncode == 0 and "Examples:" in done.stdout


# -- the shipped corpus ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def corpus_graph(corpus_store):
    """The corpus graph as the CLI sees it: read back from the embedded store."""
    return corpus_store.read_networkx()


def test_corpus_jacobi_decoding_to_medusa_passes_through_cllms(corpus_graph):
    found = reading_paths(corpus_graph, "Jacobi decoding", "Medusa")[0]
    assert "2024-06-14" in ids(found)
    assert ids(found)[-1] == "2024-06-15"
    assert len(found.steps) <= MAX_STEPS


def test_corpus_named_entity_recognition_to_gliner(corpus_graph):
    found = reading_paths(corpus_graph, "named entity recognition", "GLiNER")[0]
    assert ids(found) == ["2024-06-21", "2024-06-22"]
    assert "continues the review of 2024-06-21" in found.steps[1].why
    assert "named entity recognition" in found.steps[1].why


def test_corpus_what_to_read_before_quiet_star(corpus_graph):
    index = reading_index(corpus_graph)
    quiet_star = [r for r, attrs in index.reviews.items() if (attrs["title"] or "").startswith("Quiet-STaR")]
    assert len(quiet_star) == 1
    before = reading_plan(corpus_graph, quiet_star[0])
    assert ids(before)[-1] == quiet_star[0]
    assert len(before.steps) >= 3
    assert all(step.date <= before.steps[-1].date for step in before.steps[:-1])
    assert all(step.why.startswith("background: ") for step in before.steps[:-1])
    assert quiet_star[0] in ids(reading_plan(corpus_graph, "Quiet-STaR"))
    into = reading_paths(corpus_graph, "chain of thought", quiet_star[0])[0]
    assert ids(into)[-1] == quiet_star[0] and len(into.steps) <= MAX_STEPS


def test_corpus_unknown_topic_and_unconnected_pair(corpus_graph):
    with pytest.raises(UnknownTopicError) as raised:
        reading_paths(corpus_graph, "Jacobbi decodingg tree search", "Medusa")
    assert raised.value.candidates
    index = reading_index(corpus_graph)
    isolated = [r for r in index.reviews if not index.edges.get(r)]
    assert isolated, "the corpus has reviews linked to nothing (e.g. a review that is only a link)"
    with pytest.raises(NoPathError):
        reading_paths(corpus_graph, isolated[0], "Medusa")


@pytest.mark.parametrize(
    "a, b",
    [("DPO", "RLHF"), ("speculative decoding", "Medusa"), ("sparse autoencoder", "mechanistic interpretability"),
     ("DDIM", "consistency models"), ("consistency models", "reinforcement learning")],
)
def test_corpus_paths_start_at_a_and_end_at_the_review_that_answers_b(corpus_graph, a, b):
    found = reading_paths(corpus_graph, a, b, k=2)
    source, target = resolve_topic(corpus_graph, a), resolve_topic(corpus_graph, b)
    for path in found:
        assert 1 <= len(path.steps) <= MAX_STEPS
        assert ids(path)[0] in source.reviews
        assert ids(path)[-1] in target.reviews
        assert all(step.why for step in path.steps)
    assert ids(found[0])[-1] == target.best() or target.reviews[ids(found[0])[-1]] >= 0.9


# -- the judged set (tests/data/judged-paths.yaml, docs/judged-paths.md) -------------------------


def _judged():
    import yaml
    from pathlib import Path

    data = yaml.safe_load((Path(__file__).parent / "data" / "judged-paths.yaml").read_text(encoding="utf-8"))
    return [{**pair, "through": [str(review) for review in pair.get("through", ())]} for pair in data["pairs"]]


@pytest.mark.parametrize("pair", _judged(), ids=lambda pair: f"{pair['from']} -> {pair['to']}")
def test_corpus_judged_paths(corpus_graph, pair):
    if pair.get("answer") == "none":
        with pytest.raises(NoPathError, match="--allow-weak"):
            reading_paths(corpus_graph, pair["from"], pair["to"])
        weak = reading_paths(corpus_graph, pair["from"], pair["to"], allow_weak=True)[0]
        assert weak.weak
        return
    found = reading_paths(corpus_graph, pair["from"], pair["to"])[0]
    walk = ids(found)
    assert not found.weak
    positions = [walk.index(review) for review in pair["through"] if review in walk]
    assert len(positions) == len(pair["through"]), f"{walk} misses some of {pair['through']}"
    assert positions == sorted(positions), f"{walk} reads {pair['through']} out of order"
    if pair.get("in_order"):
        assert walk == sorted(walk, key=lambda review: reading_index(corpus_graph).order[review]), f"{walk} goes back in time"
    generic = set(pair.get("generic", ()))
    for step in found.steps[1:]:
        assert step.via in ("continues", "refers", "shares")
        if step.via == "shares":
            assert set(step.shared) - generic, f"{step.review} is there only for {step.shared}"


def test_corpus_model_merging_resolves_to_weight_averaging(corpus_graph):
    topic = resolve_topic(corpus_graph, "model merging")
    assert topic.kind == "text" and topic.best() == "2024-06-20"  # WARM: weight averaged reward models


def test_corpus_unknown_topic_suggests_what_the_text_search_finds(corpus_graph):
    with pytest.raises(UnknownTopicError) as raised:
        resolve_topic(corpus_graph, "Jacobbi decodingg tree search")
    assert "Monte Carlo tree search" in raised.value.candidates or "Jacobi decoding" in raised.value.candidates


def test_corpus_references_lead_plans(corpus_graph):
    plan = reading_plan(corpus_graph, "2024-09-20")
    steps = {step.review: step.why for step in plan.steps}
    assert "2024-09-17" in steps and ids(plan).index("2024-09-17") < ids(plan).index("2024-09-20")


def test_corpus_thin_reviews_are_never_steps(corpus_graph):
    index = reading_index(corpus_graph)
    assert index.thin, "the corpus has a review that is only a link"
    thin = next(iter(index.thin))
    for a, b in [("Mamba", "self-supervised learning"), ("DPO", "PPO")]:
        for path in reading_paths(corpus_graph, a, b, k=2, allow_weak=True):
            assert thin not in ids(path)
