"""Issue 11: context checks, aboutness and display titles, each on sentences of the tests' own making."""

from __future__ import annotations

import pytest

from graphkb.evaluation import align
from graphkb.evaluation.concepts import ReviewTally, review_tallies, score
from graphkb.extract.aboutness import load_aboutness_model
from graphkb.extract.concepts import annotate_concepts
from graphkb.extract.display_titles import add_display_titles
from graphkb.records import Review


def concepts_of(text: str, title: str | None = None) -> dict[str, dict]:
    review = Review(id="t", date="2024-01-01", title=title, text=text)
    annotate_concepts([review])
    return {concept["name"]: concept for concept in review.concepts}


@pytest.mark.parametrize(
    "text",
    [
        "השיטה משפרת את הדיוק של המודל ללא צורך בפיין-טיון נוסף. היא משתמשת במודל דיפוזיה.",
        "The method works without fine-tuning, and it samples from a diffusion model.",
        "הם מראים שאין צורך בפיין-טיון כדי לקבל מודל דיפוזיה טוב.",
        "היתרון של השיטה הוא שהיא לא דורשת פיין-טיון, והיא דוגמת ממודל דיפוזיה קיים.",
        "The method does not require fine-tuning, and it samples from a diffusion model.",
    ],
)
def test_a_negated_mention_is_not_a_concept(text):
    found = concepts_of(text)
    assert "fine-tuning" not in found
    assert "diffusion models" in found


def test_the_same_mention_without_negation_counts():
    assert "fine-tuning" in concepts_of("השיטה משפרת את הדיוק של המודל בעזרת פיין-טיון נוסף.")


def test_a_contrasted_mention_is_not_a_concept():
    found = concepts_of("בניגוד ל-RLHF, השיטה משתמשת ב-DPO כדי לאמן את מודל השפה. ה-DPO פשוט יותר.")
    assert "DPO" in found and "RLHF" not in found


@pytest.mark.parametrize(
    ("text", "concept"),
    [
        ("השיטה הראשונה איטית. לעומת זאת מודל דיפוזיה מתכנס מהר ופשוט לאימון.", "diffusion models"),
        ("הם מקטינים את המודל פי שניים מבלי לפגוע באיכות ה-embeddings שלו.", "embeddings"),
        ("הם מאמנים את המודל ללא שינוי: knowledge distillation משמש רק בסוף.", "knowledge distillation"),
        ("We prune half of the heads without hurting the perplexity of the model.", "perplexity"),
    ],
)
def test_a_negation_or_contrast_does_not_reach_past_a_mark_or_word_that_ends_it(text, concept):
    # "לעומת זאת" is "on the other hand"; "without hurting X" keeps X; a colon ends the clause the cue stood in
    assert concept in concepts_of(text)


def test_alignment_of_representations_is_not_rlhf_alignment():
    assert "alignment" not in concepts_of("המחברים מבצעים יישור של הייצוגים בין שתי השכבות של המודל.")
    assert "alignment" in concepts_of("המחברים משפרים את היישור של מודל השפה לערכים אנושיים.")


def test_patches_of_bytes_are_not_image_patches():
    assert "image patches" not in concepts_of("The model groups bytes into patches by the entropy of the next byte.")
    assert "image patches" in concepts_of("The vision transformer cuts the image into patches of 16 by 16 pixels.")


def test_a_majority_vote_of_an_ensemble_is_not_self_consistency():
    assert "self-consistency" not in concepts_of("אנסמבל של מסווגים מחליט לפי הצבעת רוב על התיוג.")
    assert "self-consistency" not in concepts_of("The ensemble of classifiers takes a majority vote over their labels.")
    assert "self-consistency" in concepts_of("המודל דוגם עשר תשובות עם שרשרת מחשבה ובוחר בהצבעת רוב את התשובה הנפוצה.")


def test_an_unsupported_acronym_written_once_is_dropped():
    assert "DPO" not in concepts_of("התוצאות מוצגות בטבלה, ושם מופיע גם DPO בשורה האחרונה.")
    supported = concepts_of("המאמר משפר את RLHF. הוא מציע גרסה חדשה של DPO שמאמנת מודל לפי העדפות אנושיות.")
    assert "DPO" in supported


def test_about_separates_what_a_review_is_about_from_passing_mentions():
    text = (
        "המאמר מציע שיטה חדשה ל-knowledge distillation של מודלי דיפוזיה. ה-knowledge distillation נעשה בשלבים, "
        "ומודל התלמיד לומד ממודל המורה. לאחר ה-knowledge distillation מודל הדיפוזיה דוגם בצעד אחד. "
        "מודלי דיפוזיה איטיים בדגימה, ולכן knowledge distillation עוזר. כמו בכל מודל שפה, יש גם transformers."
    )
    found = concepts_of(text)
    assert found["knowledge distillation"]["about"] and found["diffusion models"]["about"]
    assert found["knowledge distillation"]["aboutness"] > found["transformers"]["aboutness"]
    model = load_aboutness_model()
    about = [c for c in found.values() if c["about"]]
    assert model.min_about <= len(about) or len(about) == len(found)
    assert len(about) <= model.max_about


def test_a_concept_named_once_in_passing_scores_below_one_named_twice():
    once = concepts_of("השיטה משתמשת ב-PPO כדי לאמן את המדיניות, ואחר כך בודקים גם את ה-LoRA על המודל.")
    twice = concepts_of("השיטה משתמשת ב-PPO כדי לאמן את המדיניות, ואחר כך בודקים גם את ה-LoRA. ה-LoRA קטן.")
    assert once["LoRA"]["count"] == 1 and twice["LoRA"]["count"] == 2
    assert once["LoRA"]["aboutness"] < twice["LoRA"]["aboutness"]
    titled = concepts_of("השיטה משתמשת ב-PPO כדי לאמן את המדיניות, ואחר כך בודקים גם את ה-LoRA על המודל.",
                         title="LoRA for policies")
    assert titled["LoRA"]["aboutness"] > once["LoRA"]["aboutness"]


def test_a_concept_named_once_in_a_list_scores_below_one_named_once_alone():
    opening = "המאמר מציע שיטה חדשה לאימון מודל דיפוזיה. מודל הדיפוזיה לומד מהר יותר, ומודל הדיפוזיה המאומן קטן. "
    # the same length, LoRA at the same place: every other signal of LoRA is the same in both
    listed = concepts_of(opening + "בעבר ניסו גם LoRA, PPO, DPO ו-RLHF לאותה מטרה.")
    alone = concepts_of(opening + "בעבר ניסו גם LoRA לאותה מטרה, בלי הצלחה גדולה.")
    assert listed["LoRA"]["peers"] == 3 and alone["LoRA"]["peers"] == 0
    assert listed["LoRA"]["aboutness"] < alone["LoRA"]["aboutness"]


def test_a_concept_named_once_in_a_long_review_scores_below_one_named_once_in_a_short_one():
    opening = "המאמר מציע שיטה חדשה לאימון מודל דיפוזיה. מודל הדיפוזיה לומד מהר יותר, ומודל הדיפוזיה המאומן קטן. "
    filler = "הכותבים מתארים את הניסויים בפירוט, וקל לעקוב אחרי ההסבר שלהם. "
    aside = "בעבר ניסו גם LoRA לאותה מטרה."
    short = concepts_of(opening + filler * 4 + aside)
    long = concepts_of(opening + filler * 16 + aside)
    # named once, past the opening, alone in its sentence in both; only the length around it differs
    for found in (short, long):
        assert (found["LoRA"]["count"], found["LoRA"]["in_opening"], found["LoRA"]["peers"]) == (1, False, 0)
    assert long["LoRA"]["aboutness"] < short["LoRA"]["aboutness"]


def test_a_concept_in_a_review_that_names_many_scores_below_the_same_concept_in_one_that_names_few():
    opening = "המאמר מציע שיטה חדשה לאימון מודל דיפוזיה. מודל הדיפוזיה לומד מהר יותר, ומודל הדיפוזיה המאומן קטן. "
    aside = "בעבר ניסו גם LoRA לאותה מטרה. "
    others = ["PPO", "DPO", "RLHF", "Mamba", "dropout", "softmax"]
    # each other concept alone in a sentence of its own, and the crowded review is the shorter (density favours it):
    # only how many concepts it names holds LoRA back
    crowded = concepts_of(opening + aside + "".join(f"בהמשך הכותבים משווים גם ל-{name} בפירוט. " for name in others))
    few = concepts_of(opening + aside + "בהמשך הכותבים משווים גם לזה ולזה בפירוט. " * len(others))
    assert set(others) < set(crowded) and set(few) == {"diffusion models", "LoRA"}
    for found in (crowded, few):
        assert (found["LoRA"]["count"], found["LoRA"]["in_opening"], found["LoRA"]["peers"]) == (1, True, 0)
    assert crowded["LoRA"]["aboutness"] < few["LoRA"]["aboutness"]


@pytest.mark.parametrize(
    ("pointing", "here"),
    [
        ("כמו LoRA שסקרנו אתמול, גם כאן", "כמו LoRA שאנו מכירים היטב, גם כאן"),
        ("כמו LoRA שדיברנו עליו בסקירה הקודמת", "כמו LoRA שדיברנו עליו בפסקאות הקודמות"),
        ("like the LoRA paper we reviewed yesterday,", "like the LoRA paper we discussed just above,"),
    ],
)
def test_a_concept_named_only_where_the_review_points_at_another_review_scores_below_the_same_concept_named_here(
    pointing, here
):
    opening = "המאמר מציע שיטה חדשה לאימון מודל דיפוזיה. מודל הדיפוזיה לומד מהר יותר, ומודל הדיפוזיה המאומן קטן. "
    rest = " השיטה קטנה ומהירה."
    assert len(here) >= len(pointing)  # a longer review would hold LoRA back by itself
    elsewhere, named_here = concepts_of(opening + pointing + rest), concepts_of(opening + here + rest)
    undone = concepts_of(opening + "כמו LoRA שלא סקרנו עדיין, גם כאן" + rest)  # "we have not reviewed it"
    assert elsewhere["LoRA"]["referenced"] == elsewhere["LoRA"]["count"] == 1
    assert named_here["LoRA"]["referenced"] == undone["LoRA"]["referenced"] == 0
    assert elsewhere["diffusion models"]["referenced"] == 0
    signals = ("count", "in_opening", "peers", "in_title")
    assert [named_here["LoRA"][name] for name in signals] == [elsewhere["LoRA"][name] for name in signals]
    assert elsewhere["LoRA"]["aboutness"] < named_here["LoRA"]["aboutness"]


def test_a_concept_also_named_outside_the_sentence_that_points_at_another_review_is_not_held_back():
    opening = "המאמר מציע שיטה חדשה לאימון מודל דיפוזיה עם LoRA. "
    found = concepts_of(opening + "כמו LoRA שסקרנו אתמול, גם כאן השיטה קטנה ומהירה.")
    assert (found["LoRA"]["count"], found["LoRA"]["referenced"]) == (2, 1)
    titled = concepts_of("כמו LoRA שסקרנו אתמול, גם כאן השיטה קטנה ומהירה.", title="LoRA for diffusion")
    assert titled["LoRA"]["in_title"] and titled["LoRA"]["referenced"] == 1


def test_a_survey_title_is_about_its_topic_more_than_about_being_a_survey():
    found = concepts_of(
        "הכותבים עוברים על עשרות מאמרים ומסדרים אותם לפי סוג הראוטר, גודל המודל ואופן האימון.",
        title="Mixture of Experts: A Survey",
    )
    # both named by the title alone: only that a survey is a genre, not a topic, tells them apart
    signals = ("count", "in_title", "in_opening", "referenced")
    assert [found["survey"][name] for name in signals] == [found["mixture of experts"][name] for name in signals]
    assert found["survey"]["generic"] and not found["mixture of experts"]["generic"]
    assert found["survey"]["aboutness"] < found["mixture of experts"]["aboutness"]


def test_the_gaussian_noise_a_diffusion_review_names_in_passing_is_not_what_it_is_about():
    found = concepts_of(
        "המאמר מאמן מודל דיפוזיה לגנרוט תמונות. מודל הדיפוזיה מתחיל מרעש (בדרך כלל גאוסי) ומסיר אותו בהדרגה. "
        "הכותבים משפרים את ה-denoising של מודל הדיפוזיה עם U-Net גדול יותר, ומשווים ל-GAN ול-VAE."
    )
    gaussian = found["Gaussian distribution"]
    # background mathematics, like likelihood or expectation: a mention, and no topic of the review
    assert gaussian["count"] == 1 and gaussian["generic"] and not gaussian["about"]
    assert all(concept["about"] for name, concept in found.items() if name != "Gaussian distribution")


def test_an_untitled_review_is_scored_from_its_body_alone():
    body = (
        "היום נסקור את Mamba. Mamba הוא מודל state space שמחליף את ה-attention. "
        "ב-Mamba הסריקה סלקטיבית, ו-Mamba מהיר באינפרנס."
    )
    untitled = concepts_of(body)
    assert untitled["Mamba"]["about"]
    assert untitled["Mamba"]["aboutness"] == max(c["aboutness"] for c in untitled.values())


def test_reviews_get_a_display_title_marked_derived():
    titled = Review(id="a", date="2024-06-01", title="CLLMs: Consistency Large Language Models", arxiv=["2403.00835"])
    same_paper = Review(id="b", date="2024-06-02", arxiv=["2403.00835"], text="ממשיכים.")
    untitled = Review(
        id="c", date="2024-06-03",
        text="סקירה קצרה היום. נדבר על מודלי דיפוזיה ועל הדרך שבה הם מסירים רעש. ועוד.",
        concepts=[{"name": "diffusion models", "aliases": ["מודלי דיפוזיה"], "about": True}],
    )
    add_display_titles([titled, same_paper, untitled])
    assert (titled.display_title, titled.title_derived) == (titled.title, False)
    assert (same_paper.display_title, same_paper.title_derived) == (titled.title, True)
    assert untitled.display_title.startswith("נדבר על מודלי דיפוזיה") and untitled.title_derived


def test_evaluation_scores_only_about_concepts_when_records_mark_them():
    gold = [{"line": 1, "concepts": ["DPO", "RLHF"]}, {"line": 9, "concepts": ["DPO", "RLHF"]}]
    concepts = [
        {"name": "DPO", "aliases": [], "about": True},
        {"name": "RLHF", "aliases": [], "about": True},
        {"name": "survey", "aliases": [], "about": False},
    ]
    records = [{"line_start": 1, "line_end": 8, "concepts": concepts}, {"line_start": 9, "line_end": 12, "concepts": concepts}]
    figures = score(align(records, gold))
    assert figures["scored"] == "about"
    assert figures["concept_precision_lower_bound"] == 1.0
    unmarked = [{k: v for k, v in c.items() if k != "about"} for c in concepts]
    records = [{**r, "concepts": unmarked} for r in records]
    assert score(align(records, gold))["concept_precision_lower_bound"] == pytest.approx(2 / 3, abs=1e-3)


def test_each_review_s_tally_adds_up_to_the_figures_a_review_no_record_aligned_to_included():
    gold = [{"line": 1, "concepts": ["DPO", "RLHF"]}, {"line": 9, "concepts": ["DPO", "RLHF"]}, {"line": 20, "concepts": ["DPO"]}]
    records = [
        {"line_start": 1, "line_end": 8, "concepts": [{"name": "DPO", "about": True}, {"name": "survey", "about": True},
                                                      {"name": "RLHF", "about": False}]},
        {"line_start": 9, "line_end": 12, "concepts": [{"name": "RLHF", "about": True}]},
    ]
    alignment = align(records, gold)
    tallies = review_tallies(alignment)
    assert tallies == [ReviewTally(2, 1, 2, 1), ReviewTally(2, 1, 1, 1), ReviewTally(1, 0, 0, 0)]
    figures = score(alignment)
    assert (figures["shared_gold_concepts"], figures["shared_gold_concepts_found"]) == (5, 2)
    assert (figures["extracted_concepts"], figures["extracted_concepts_matching_gold"]) == (3, 2)


def test_the_corpus_reviews_are_each_about_a_bounded_few_concepts(records):
    model = load_aboutness_model()
    for review in records:
        about = [c for c in review.concepts if c["about"]]
        assert len(about) <= model.max_about
        assert len(about) >= min(model.min_about, len(review.concepts))
    assert all(review.display_title for review in records if review.text)


def test_an_unseen_hebrew_spelling_of_an_english_name_is_found_by_its_sound(tmp_path):
    from graphkb.extract.matching import build_pipeline

    lexicon = tmp_path / "concepts.yaml"
    lexicon.write_text(
        "- {name: tokenization, kind: technique, aliases: [tokenizer, tokenizers]}\n"
        "- {name: cosine similarity, kind: metric, aliases: []}\n",
        encoding="utf-8",
    )
    nlp = build_pipeline(str(lexicon))
    review = Review(id="t", date="2024-01-01", text="הטוקנייזר החדש מפצל מילים. והקוסיין סימילריטי עולה. הטקסט ארוך.")
    annotate_concepts([review], nlp=nlp)
    names = {c["name"] for c in review.concepts}
    assert "tokenization" in names
    assert not any(c["name"] == "toxicity" for c in review.concepts)
