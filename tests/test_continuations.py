"""Continuation links, series, their evaluation and the chain/series commands."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from graphkb.extract.continuations import find_series, link_continuations, load_cues, series_name
from graphkb.extract.knowledge import load_knowledge
from graphkb.cli import cli
from graphkb.errors import InputError
from graphkb.evaluation import Alignment, align
from graphkb.evaluation.continuations import score
from graphkb.records import Review


def review(day: str, text: str = "", **fields) -> Review:
    return Review(id=fields.pop("id", day), date=day, text=text, **fields)


def links(item: Review) -> dict[str, dict]:
    return {link["target"]: link for link in item.continues}


# --- each cue family -------------------------------------------------------------


def test_yesterday_is_the_previous_review():
    series = [review("2024-06-12", "Jacobi."), review("2024-06-13", "זוכרים את המאמר שסקרנו קצרות אתמול שהציע גישה איטרטיבית?")]
    link_continuations(series)
    (link,) = series[1].continues
    assert (link["target"], link["kind"]) == ("2024-06-12", "yesterday")
    assert "שסקרנו קצרות אתמול" in link["evidence"]
    assert link["confidence"] >= 0.9


@pytest.mark.parametrize(
    "phrase",
    ["בהמשך לסקירה של אתמול, מאמר קליל יותר.", "אתמול סקרנו מאמר שהשתמש בגישת SAE.", "ממשיכים את הקו של אתמול וסוקרים עוד מאמר."],
)
def test_yesterday_phrasings(phrase):
    series = [review("2024-07-12", "Uncertainty."), review("2024-07-13", phrase)]
    link_continuations(series)
    assert [link["target"] for link in series[1].continues] == ["2024-07-12"]


def test_weekend_yesterday_resolves_to_friday():
    # posting calendar: Friday, then Monday; Monday's "yesterday" is Friday's review
    series = [
        review("2024-12-26", "RL for consistency models."),
        review("2024-12-27", "Graph neural networks."),
        review("2024-12-30", "אתמול סקרתי מאמר על רשתות נוירונים על גרפים והיום נמשיך."),
    ]
    link_continuations(series)
    assert [link["target"] for link in series[2].continues] == ["2024-12-27"]
    assert series[2].continues[0]["kind"] == "yesterday"


def test_yesterday_skips_a_second_review_of_the_same_day():
    series = [
        review("2024-08-01", "First."),
        review("2024-08-02", "Double review day, part one."),
        review("2024-08-02", "המאמר שסקרתי אתמול הציע שיטה.", id="2024-08-02-2"),
    ]
    link_continuations(series)
    assert [link["target"] for link in series[2].continues] == ["2024-08-01"]


def test_explicit_date_with_year():
    series = [review("2024-06-20", "WARM."), review("2024-06-21", "NER."), review("2024-06-22", "המאמר הזה הוא שפצור קל של המאמר שסקרנו ב 21.06.24.")]
    link_continuations(series)
    assert links(series[2])["2024-06-21"]["kind"] == "explicit_date"
    assert "2024-06-20" not in links(series[2])


def test_explicit_date_without_year_is_inferred():
    series = [
        review("2024-09-17", "STaR."),
        review("2024-09-19", "Latent CoT."),
        review("2024-09-20", "המאמר מאמן את המודל (בשיטת RL דומה ל-STaR שסקרתי ב 17.09, למידת פוליסי)."),
    ]
    link_continuations(series)
    assert links(series[2])["2024-09-17"]["kind"] == "explicit_date"


def test_explicit_date_without_year_across_new_year():
    series = [review("2024-12-28", "Old one."), review("2025-01-02", "Other."), review("2025-01-05", "כמו שסקרתי ב 28.12 בהרחבה.")]
    link_continuations(series)
    assert list(links(series[2])) == ["2024-12-28"]


def test_explicit_date_points_to_a_headerless_review():
    headerless = review("2024-06-27", "A review with no header and no title.", title=None, date_confidence="inferred")
    series = [review("2024-06-26", "Other."), headerless, review("2024-06-28", "Distillation."), review("2024-06-29", "לפני ימיים (27.06) סקרתי מאמר על רגרסיה.")]
    link_continuations(series)
    assert links(series[3])["2024-06-27"]["kind"] == "explicit_date"


def test_explicit_date_reaches_a_headerless_review_dated_a_day_off():
    headerless = review("2024-06-26", "Headerless, its date inferred a day early.", date_confidence="inferred")
    series = [review("2024-06-24", "Other."), headerless, review("2024-06-29", "לפני ימיים (27.06) סקרתי מאמר על רגרסיה.")]
    link_continuations(series)
    (link,) = series[2].continues
    assert link["target"] == "2024-06-26" and link["confidence"] < 0.95


def test_explicit_date_of_no_review_links_nothing():
    series = [review("2024-06-20", "Other."), review("2024-06-29", "כפי שסקרתי ב 11.03.24 בהרחבה.")]
    link_continuations(series)
    assert series[1].continues == []


def test_numbers_that_are_no_dates_link_nothing():
    series = [review("2024-06-01", "Other."), review("2024-06-02", "Other."), review("2024-06-03", "הסבר מפורט בפרק 2.1 במאמר, שיפור של 1.06 נקודות.")]
    link_continuations(series)
    assert series[2].continues == []


def test_the_last_n_reviews():
    series = [review(f"2024-06-{day}", "x.") for day in (11, 12, 13, 14)] + [review("2024-06-15", "ב 3 הסקירות האחרונות ראינו כמה שיטות איטרטיביות.")]
    link_continuations(series)
    assert sorted(links(series[-1])) == ["2024-06-12", "2024-06-13", "2024-06-14"]
    assert {link["kind"] for link in series[-1].continues} == {"recent_series"}


def test_the_two_previous_reviews_in_words():
    series = [review(f"2024-06-{day}", "x.") for day in (11, 12, 13)] + [review("2024-06-14", "בשתי הסקירות הקודמות דיברנו על שיטות איטרטיביות.")]
    link_continuations(series)
    assert sorted(links(series[-1])) == ["2024-06-12", "2024-06-13"]


def test_the_previous_review():
    series = [review("2024-07-19", "x."), review("2024-07-20", "Consistency models."), review("2024-07-22", "אוקיי, בסקירה הקודמת סקרתי מאמר בנושא מודלי דיפוזיה.")]
    link_continuations(series)
    assert list(links(series[-1])) == ["2024-07-20"]


def test_continuing_the_line_of_reviews_on_a_topic():
    series = [
        review("2024-06-16", "RLHF with rejection sampling. RLHF, RLHF, PPO.", title="Statistical rejection sampling improves RLHF"),
        review("2024-06-17", "Audio SSM.", title="SSAMBA"),
        review("2024-06-18", "Reward hacking in RLHF, RLHF again.", title="Reward model ensembles mitigate RLHF overoptimization"),
        review("2024-06-19", "LoRA.", title="LoRA"),
        review("2024-06-20", "הסקירה הזו ממשיכה את קו הסקירות בנושא שיפור ביצועי RLHF לטיוב מודלי שפה."),
    ]
    link_continuations(series)
    assert sorted(links(series[-1])) == ["2024-06-16", "2024-06-18"]


def test_continuing_the_line_with_no_topic_is_the_previous_review():
    series = [review("2024-07-16", "x."), review("2024-07-17", "y."), review("2024-07-18", "ממשיכים את קו הגיוון וסוקרים מאמר לא קשור.")]
    link_continuations(series)
    assert list(links(series[-1])) == ["2024-07-17"]


def test_continuing_in_the_first_person_singular():
    series = [
        review("2024-09-27", "RLHF reward."),
        review("2024-09-28", "Meta-Whisper audio ICL.", title="Meta-Whisper: Speech-Based Meta-ICL for ASR"),
        review("2024-09-29", "ממשיך לסקור מאמרים בדומיין אודיו. הפעם נדבר על מאמר המציע תיקון שגיאות."),
    ]
    link_continuations(series)
    assert list(links(series[-1])) == ["2024-09-28"]


def test_continuing_to_dig_follows_the_named_topic():
    series = [
        review("2024-09-11", "openai o1 thoughts.", title=None),
        review("2024-09-13", "Hallucination survey."),
        review("2024-09-15", "X* planning with openai style reasoning, openai."),
        review("2024-09-16", "Benchmark contamination."),
        review("2024-09-17", "אני ממשיך לחפור במאמרים שאולי עיצבו את הנתיב שהוביל ל-o1 של openai."),
    ]
    link_continuations(series)
    assert "2024-09-15" in links(series[-1]) and "2024-09-16" not in links(series[-1])


def test_a_third_person_continuing_is_no_reference():
    series = [
        review("2024-06-07", "x."),
        review("2024-06-08", "המאמר הזה של Albert Gu ממשיך להעשיר את עולם הממבה. המאמר ממשיך את הקו המחקרי של openai."),
    ]
    link_continuations(series)
    assert series[1].continues == []


def test_continuing_the_break_is_the_previous_review():
    series = [review("2024-10-03", "x."), review("2024-10-04", "RNN."), review("2024-10-06", "ממשיכים הפסקה בסקירות על מודלי שפה ועוברים למודלים מולטימודליים.")]
    link_continuations(series)
    assert list(links(series[-1])) == ["2024-10-04"]


def test_months_ago_skips_a_review_of_last_month():
    series = [
        review("2024-06-17", "SSAMBA: audio state space models, SSM, SSM.", title="SSAMBA: Audio Representation Learning with Mamba State Space Models"),
        review("2024-09-07", "ReMamba: long state space models, SSM, SSM.", title="ReMamba: Long-Sequence Modeling with Mamba State Space Models"),
        review("2024-10-04", "ניסו ארכיטקטורה אחרת כמו SSMs (שסקרתי בהרחבה לפני כמה חודשים) ששכללה ביצועים."),
    ]
    link_continuations(series)
    assert list(links(series[-1])) == ["2024-06-17"]


def test_days_ago_counts_posting_days_and_follows_the_named_paper():
    series = [
        review("2024-12-25", "VLMs are blind.", title="Vision language models are blind"),
        review("2024-12-26", "RLCM.", title="RL for Consistency Models: Faster Reward Guided Text-to-Image Generation"),
        review("2024-12-27", "GNN theory.", title="Position: Future Directions in the Theory of Graph Machine Learning"),
        review("2024-12-30", "בצורה דומה לזו שתיארתי בסקירת של לפני 3 ימים של המאמר: RL for Consistency Models."),
    ]
    link_continuations(series)
    assert list(links(series[-1])) == ["2024-12-26"]


def test_announced_followup_links_the_next_review_back():
    series = [
        review("2024-06-20", "WARM."),
        review("2024-06-21", "Named entity recognition as span prediction. מאמר מאוד מעניין ומאיר עיניים - מחר ההמשך..."),
        review("2024-06-22", "GLiNER."),
    ]
    link_continuations(series)
    (link,) = series[2].continues
    assert (link["target"], link["kind"]) == ("2024-06-21", "announced_followup")
    assert "מחר ההמשך" in link["evidence"]
    assert series[1].continues == []


def test_announcement_in_the_last_review_links_nothing():
    series = [review("2024-06-21", "x."), review("2024-06-22", "מחר ההמשך...")]
    link_continuations(series)
    assert all(item.continues == [] for item in series)


def test_earlier_topic_resolves_by_the_named_paper_with_lower_confidence():
    series = [
        review("2024-06-14", "Consistency large language models, Jacobi decoding.", title="CLLMs: Consistency Large Language Models"),
        review("2024-07-20", "Consistency models for images.", title="Consistency Models"),
        review("2024-08-03", "Easy consistency.", title="Consistency Models Made Easy"),
        review("2024-08-09", 'יש שיטות איטרטיביות אחרות כמו במאמר "Consistency LLMs" שסקרתי לפני כמה שבועות.'),
    ]
    link_continuations(series)
    (link,) = series[-1].continues
    assert (link["target"], link["kind"]) == ("2024-06-14", "earlier_topic")
    assert link["confidence"] < 0.9


def test_vague_reference_to_nothing_in_the_corpus_stays_unresolved():
    series = [
        review("2024-08-08", "Masked attention for graphs, attention, attention.", title="Masked Attention is All You Need for Graphs"),
        review("2025-01-06", "מנגנוני attention מפושטים או מבוססי-kernel (כמו Performer שסקרתי בזמנו) מפחיתים סיבוכיות."),
    ]
    link_continuations(series)
    assert series[1].continues == []


def test_vague_reference_without_a_topic_or_concepts_stays_unresolved():
    series = [review("2024-07-26", "x."), review("2024-08-04", "חוזרים לסקור מאמרים קלילים על מודלי שפה. כבר דיברנו על זה.")]
    link_continuations(series)
    assert series[1].continues == []


def test_vague_reference_falls_back_to_shared_main_concepts_with_low_confidence():
    def concepts(*names):
        return [{"name": name, "salience": 1.0 - 0.1 * rank} for rank, name in enumerate(names)]

    older = review("2024-05-01", "x.", concepts=concepts("grokking", "double descent", "modular arithmetic"))
    unrelated = review("2024-06-01", "y.", concepts=concepts("speech tokenization", "vocoder"))
    later = review("2024-07-01", "בעבר כבר סקרתי עבודה בתחום.", concepts=concepts("grokking", "double descent", "weight decay"))
    link_continuations([older, unrelated, later])
    (link,) = later.continues
    assert link["target"] == "2024-05-01" and link["kind"] == "earlier_topic" and link["confidence"] <= 0.5
    bare = review("2024-07-01", "בעבר כבר סקרתי עבודה בתחום.")
    link_continuations([review("2024-05-01", "x."), bare])
    assert bare.continues == []


def test_vague_reference_to_a_topic_many_reviews_share_stays_unresolved():
    def earlier_reviews(diffusion_days):
        return [
            review(f"2024-07-{day:02d}", "Diffusion models, denoising.", title=f"Diffusion models part {day}")
            if day in diffusion_days
            else review(f"2024-07-{day:02d}", f"Topic {day}.", title=f"Unrelated paper {day}")
            for day in range(10, 32)
        ]

    earlier = earlier_reviews(range(10, 32, 3))
    ongoing = [*earlier, review("2024-08-19", "אתם בטח זוכרים (וסקרתי לא מעט לאחרונה) מודלי דיפוזיה עבור תמונות, diffusion models על גרפים.")]
    link_continuations(ongoing)
    assert ongoing[-1].continues == []
    few = [*earlier_reviews({20, 24}), review("2024-08-19", "אתם בטח זוכרים (וסקרתי לא מעט לאחרונה) מודלי דיפוזיה עבור תמונות, diffusion models על גרפים.")]
    link_continuations(few)
    assert [link["kind"] for link in few[-1].continues] == ["earlier_topic"]


def test_negated_reference_links_nothing():
    series = [review("2024-06-20", "Distillation."), review("2024-06-28", "מזמן לא סקרתי מאמר על שיטות זיקוק של ידע (knowledge distillation).")]
    link_continuations(series)
    assert series[1].continues == []


def test_contrast_keeps_the_link_with_lower_confidence():
    series = [review("2025-01-16", "x."), review("2025-01-17", "y."), review("2025-01-18", "היום להבדיל מהסקירות האחרונות נסקור מאמר מאוד קליל.")]
    link_continuations(series)
    assert series[2].continues and all(link["confidence"] < 0.5 for link in series[2].continues)


def test_english_cues():
    series = [review("2024-06-12", "Jacobi."), review("2024-06-13", "As in the paper I reviewed yesterday, Jacobi decoding is parallel.")]
    link_continuations(series)
    assert list(links(series[1])) == ["2024-06-12"]


def test_one_link_per_target_keeps_the_most_specific():
    series = [review("2024-06-21", "NER."), review("2024-06-22", "המאמר הזה הוא שפצור קל של המאמר שסקרנו אתמול 21.06.24.")]
    link_continuations(series)
    (link,) = series[1].continues
    assert link["target"] == "2024-06-21" and link["kind"] == "explicit_date"


# --- cue phrases are data ------------------------------------------------------------


def test_cue_phrases_come_from_the_data_file(tmp_path):
    custom = tmp_path / "cues.yaml"
    custom.write_text(
        "cues:\n  - kind: yesterday\n    pattern: 'as seen in the previous post'\n    confidence: 0.8\n    resolve: previous\n",
        encoding="utf-8",
    )
    series = [review("2024-06-12", "x."), review("2024-06-13", "as seen in the previous post, it works.")]
    link_continuations(series, load_knowledge(cues=custom))
    assert list(links(series[1])) == ["2024-06-12"]


def test_malformed_cue_file_is_a_clear_error(tmp_path):
    bad = tmp_path / "cues.yaml"
    bad.write_text("cues:\n  - kind: someday\n    pattern: 'x'\n    resolve: previous\n", encoding="utf-8")
    with pytest.raises(InputError, match="unknown kind"):
        load_cues(bad)
    broken = tmp_path / "broken.yaml"
    broken.write_text("cues:\n  - kind: yesterday\n    pattern: '(unclosed'\n    resolve: previous\n", encoding="utf-8")
    with pytest.raises(InputError, match="bad pattern"):
        load_cues(broken)


# --- series ------------------------------------------------------------------------


def _linked(source: Review, target: Review, confidence: float = 0.9) -> None:
    source.continues.append({"target": target.id, "kind": "yesterday", "evidence": "אתמול", "confidence": confidence})


def test_series_are_connected_groups_named_from_shared_concepts():
    jacobi = review("2024-06-12", title="Accelerating Feedforward Computation", concepts=[{"name": "Jacobi decoding", "salience": 0.9}])
    cllm = review("2024-06-14", title="CLLMs", concepts=[{"name": "Jacobi decoding", "salience": 0.5}, {"name": "CLLMs", "salience": 0.9}])
    medusa = review("2024-06-15", title="MEDUSA: Simple LLM Inference Acceleration", concepts=[{"name": "Medusa", "salience": 0.6}, {"name": "Jacobi decoding", "salience": 0.7}])
    alone = review("2024-06-16", title="Alone")
    _linked(cllm, jacobi)
    _linked(medusa, cllm)
    (found,) = find_series([jacobi, cllm, medusa, alone])
    assert found == {
        "id": "series-2024-06-12",
        "name": "Jacobi decoding → Medusa, Jun 2024",
        "start": "2024-06-12",
        "end": "2024-06-15",
        "reviews": ["2024-06-12", "2024-06-14", "2024-06-15"],
    }


def test_weak_or_distant_links_do_not_join_series():
    a, b, c = review("2024-06-01"), review("2024-06-02"), review("2024-09-01")
    _linked(b, a, confidence=0.3)
    _linked(c, a, confidence=0.9)
    assert find_series([a, b, c]) == []


def test_series_span_across_years():
    a, b = review("2024-12-30", title="One"), review("2025-01-02", title="Two")
    assert series_name([a, b]).endswith("Dec 2024–Jan 2025")


# --- evaluation -----------------------------------------------------------------------


def _alignment(gold_links: dict[str, list[str]], extracted_links: dict[str, list[str]]) -> Alignment:
    days = sorted({d for table in (gold_links, extracted_links) for d, targets in table.items() for d in (d, *targets)})
    gold = [{"date": d, "continues": [{"target_date": t, "kind": "yesterday"} for t in gold_links.get(d, [])]} for d in days]
    extracted = [{"id": f"r{d}", "date": d, "continues": [{"target": f"r{t}"} for t in extracted_links.get(d, [])]} for d in days]
    return Alignment(list(zip(gold, extracted)), [], [], gold, extracted)


def test_score_counts_a_chain_and_a_star_alike():
    star = {"2024-06-15": ["2024-06-12", "2024-06-13", "2024-06-14"]}
    chain = {"2024-06-15": ["2024-06-14"], "2024-06-14": ["2024-06-13"], "2024-06-13": ["2024-06-12"]}
    figures = score(_alignment(star, chain))
    assert figures["recall"] == 1.0 and figures["found"] == 3
    # the chain's links 14→13 and 13→12 are not reachable through the star's gold links
    assert figures["extracted_links"] == 3 and figures["right"] == 1


def test_score_misses_and_wrong_links():
    figures = score(_alignment({"2024-06-22": ["2024-06-21"]}, {"2024-06-22": ["2024-06-20"]}))
    assert (figures["recall"], figures["precision"]) == (0.0, 0.0)
    gold = _alignment({"2024-06-22": ["2024-06-21"]}, {})
    gold.pairs[0][0]["continues"].append({"target_date": None, "kind": "earlier_topic"})
    figures = score(gold)
    assert figures["gold_unresolved"] == 1 and figures["precision"] is None


# --- the shipped corpus ------------------------------------------------------------------


def test_dev_sample_precision_and_recall(records, gold):
    figures = score(align([r.to_dict() for r in records], gold))
    assert figures["recall"] >= 0.9, figures
    assert figures["precision"] >= 0.9, figures


def test_known_links_on_the_corpus(records_by_id):
    def targets(review_id):
        return {link["target"] for link in records_by_id[review_id].continues}

    assert "2024-06-21" in targets("2024-06-22")  # "שסקרנו אתמול 21.06.24"
    assert {"2024-06-12", "2024-06-13", "2024-06-14"} <= targets("2024-06-15")  # "ב 3 הסקירות האחרונות"
    assert "2024-12-27" in targets("2024-12-30")  # a Monday's "yesterday" is Friday's
    assert "2024-09-17" in targets("2024-09-20")  # "STaR שסקרתי ב 17.09"


# --- the commands ----------------------------------------------------------------------------

SMALL_CORPUS = """\
המאמר היומי של מייק 20.06.24 Improving RLHF with reward models

סקירה על RLHF ו-reward hacking. RLHF עוזר לטיוב מודלי שפה.

https://arxiv.org/abs/2401.12187

המאמר היומי של מייק 21.06.24 Named Entity Recognition as Structured Span Prediction

זיהוי ישויות (NER) עם חיזוי מקטעים. מאמר מאוד מעניין ומאיר עיניים - מחר ההמשך...

https://arxiv.org/abs/2210.00001

המאמר היומי של מייק 22.06.24 GLiNER: Generalist Model for Named Entity Recognition

המאמר הזה הוא שפצור קל של המאמר שסקרנו אתמול 21.06.24. המודל מזהה ישויות מכל סוג.

https://arxiv.org/abs/2311.08526
"""


@pytest.fixture()
def small_corpus(tmp_path):
    path = tmp_path / "reviews.txt"
    path.write_text(SMALL_CORPUS, encoding="utf-8")
    return path


def test_chain_command_text_and_json(small_corpus):
    runner = CliRunner()
    result = runner.invoke(cli, ["chain", "2024-06-22", "--corpus", str(small_corpus)])
    assert result.exit_code == 0, result.output
    assert "continues:" in result.output and "2024-06-21" in result.output and "שסקרנו אתמול" in result.output
    result = runner.invoke(cli, ["chain", "21.06.24", "--corpus", str(small_corpus), "--format", "json"])
    assert result.exit_code == 0, result.output
    found = json.loads(result.output)
    assert found["review"] == "2024-06-21"
    assert [link["review"] for link in found["continued_by"]] == ["2024-06-22"]
    assert found["series"]["reviews"] == ["2024-06-21", "2024-06-22"]


def test_series_command(small_corpus):
    runner = CliRunner()
    result = runner.invoke(cli, ["series", "--corpus", str(small_corpus), "--format", "json"])
    assert result.exit_code == 0, result.output
    (item,) = json.loads(result.output)
    assert item["id"] == "series-2024-06-21" and item["size"] == 2 and item["name"].endswith("Jun 2024")
    text = runner.invoke(cli, ["series", "--corpus", str(small_corpus)]).output
    assert text.startswith("1 series, 2 reviews")


def test_unknown_review_and_missing_store_are_clear_errors(small_corpus, tmp_path):
    from graphkb.cli import main

    with pytest.raises(SystemExit) as exit_info:
        main(["chain", "1999-01-01", "--corpus", str(small_corpus)])
    assert exit_info.value.code != 0
    empty = tmp_path / "no-store"
    empty.mkdir()
    with pytest.raises(SystemExit) as exit_info:
        main(["series", "--data-dir", str(empty)])
    assert exit_info.value.code != 0


@pytest.mark.parametrize("command", ["chain", "series"])
def test_help_has_examples(command):
    result = CliRunner().invoke(cli, [command, "--help"])
    assert result.exit_code == 0 and "Examples:" in result.output and f"graphkb {command}" in result.output


def test_chain_and_series_read_the_store(small_corpus, tmp_path):
    from graphkb.extract.pipeline import extract
    from graphkb.model import graph_rows
    from graphkb.store import open_store

    data_dir = tmp_path / "kb"
    with open_store(data_dir, create=True) as store:
        store.load(graph_rows(extract(small_corpus)))
    runner = CliRunner()
    result = runner.invoke(cli, ["chain", "2024-06-22", "--data-dir", str(data_dir), "--format", "json"])
    assert result.exit_code == 0, result.output
    found = json.loads(result.output)
    assert [(link["review"], link["kind"]) for link in found["continues"]] == [("2024-06-21", "explicit_date")]
    assert "שסקרנו אתמול" in found["continues"][0]["evidence"]
    result = runner.invoke(cli, ["series", "--data-dir", str(data_dir), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert [item["reviews"] for item in json.loads(result.output)] == [["2024-06-21", "2024-06-22"]]


def test_malformed_cue_file_shapes(tmp_path):
    empty = tmp_path / "empty.yaml"
    empty.write_text("", encoding="utf-8")
    with pytest.raises(InputError, match="cues"):
        load_cues(empty)
    bad_limit = tmp_path / "bad_limit.yaml"
    bad_limit.write_text("topic_max_matches: many\ncues: []\n", encoding="utf-8")
    with pytest.raises(InputError, match="topic_max_matches"):
        load_cues(bad_limit)

_hebrew_and_cues = st.text(alphabet=st.sampled_from(list("אבגדהוזחטיכלמנסעפצקרשת .,()\"0123456789-\nRLHF")), max_size=300) | st.sampled_from(
    ["סקרנו אתמול 31.02.24", "ב 99 הסקירות האחרונות", "לפני 0 ימים", "מחר ההמשך", "שסקרתי ב 00.13", "כמו X שסקרתי בזמנו"]
)


@settings(max_examples=60, deadline=None)
@given(st.lists(_hebrew_and_cues, min_size=1, max_size=4), st.sampled_from(["2024-06-01", "", "garbled"]))
def test_linking_never_crashes_and_only_points_back(texts, first_date):
    series = [review(first_date, texts[0], id="r0")] + [review(f"2024-06-{2 + n:02d}", text, id=f"r{n + 1}") for n, text in enumerate(texts[1:])]
    link_continuations(series)
    position = {item.id: n for n, item in enumerate(series)}
    for n, item in enumerate(series):
        for link in item.continues:
            assert position[link["target"]] < n and 0 < link["confidence"] <= 1
    find_series(series)
