"""Issue 11: word-sense checks on concept mentions (extract/context.py, extract/data/context.yaml), on sentences of
the tests' own making: each mechanism on its own rules, then each shape of the shipped data both ways."""

from __future__ import annotations

import shutil

import pytest

from graphkb.errors import InputError
from graphkb.extract.concepts import annotate_concepts
from graphkb.extract.context import CONTEXT_PATH, ContextCheck, ContextRules, Sense, load_context_rules
from graphkb.records import Review


def concepts_of(text: str, title: str | None = None) -> set[str]:
    review = Review(id="t", date="2024-01-01", title=title, text=text)
    annotate_concepts([review])
    return {concept["name"] for concept in review.concepts}


def check_with(**senses: Sense) -> ContextCheck:
    rules = ContextRules(
        negation_cues=frozenset(), negation_phrases=(), negation_window=4, contrast_cues=(), contrast_window=3,
        scope_ends=frozenset(),
        senses=senses, max_unsupported_acronym_mentions=1,
    )
    return ContextCheck(rules, prefix_variants=lambda word: [word, word[1:]] if word[:1] in "בהול" else [word])


def reason(check: ContextCheck, text: str, at: str, end: int | None = None, review: str = "") -> str | None:
    """The reason for the mention at the first word ``at`` of ``text`` (its sentence ends at ".", a line at "\\n")."""
    words = text.replace("\n", " \n ").split(" ")
    words = [word for word in words if word]
    start = words.index(at)
    first = max((i + 1 for i in range(start) if words[i] in (".", "\n")), default=0)
    last = next((i + 1 for i in range(start, len(words)) if words[i] in (".", "\n")), len(words))
    return check.reason(words, start, "x", sentence_start=first, sentence_end=last, end=end or start + 1, review=review.split())


# --- the mechanisms, each on rules of the test's own ------------------------------------------------------------


def test_a_paragraph_window_reads_the_sentence_before_but_not_the_line_before():
    check = check_with(x=Sense(not_near=frozenset({"bytes"}), window="paragraph"))
    assert reason(check, "the model reads raw bytes . it groups them into patch units .", "patch") == "other sense"
    assert reason(check, "the model reads raw bytes .\nit groups them into patch units .", "patch") is None
    sentence_only = check_with(x=Sense(not_near=frozenset({"bytes"})))
    assert reason(sentence_only, "the model reads raw bytes . it groups them into patch units .", "patch") is None


def test_the_more_numerous_sense_wins_in_the_window():
    check = check_with(x=Sense(not_near=frozenset({"bytes"}), needs_near=frozenset({"image", "pixels"}), window="paragraph"))
    assert reason(check, "bytes of the image are cut into patch units of pixels .", "patch") is None
    assert reason(check, "bytes and more bytes go into each patch of the image .", "patch") == "other sense"


def test_support_words_alone_must_stand_in_the_window():
    check = check_with(x=Sense(needs_near=frozenset({"probability"})))
    assert reason(check, "the results look good .", "look") == "other sense"
    assert reason(check, "we raise the probability of the look .", "look") is None


def test_a_review_window_counts_the_title_and_the_body():
    check = check_with(x=Sense(not_near=frozenset({"speech", "audio"}), needs_near=frozenset({"small"}), window="review"))
    body = "the slm listens while it talks . the slm is small ."
    assert reason(check, body, "slm", review="a speech model for audio") == "other sense"
    assert reason(check, body, "slm", review="a small model on phones") is None


def test_a_following_word_marks_the_other_sense():
    check = check_with(x=Sense(not_followed_by=frozenset({"the"})))
    assert reason(check, "we generalize the method to graphs .", "generalize") == "other sense"
    assert reason(check, "the model can generalize to new graphs .", "generalize") is None


def test_a_sense_limited_to_some_spellings_leaves_the_others_alone():
    check = check_with(x=Sense(needs_near=frozenset({"probability"}), spellings=(("look",),)))
    assert reason(check, "the results looks good .", "looks") == "other sense"  # an ending on the listed spelling
    assert reason(check, "the results seem good .", "seem") is None
    assert reason(check, "the results overlook good .", "overlook") is None
    two_words = check_with(x=Sense(needs_near=frozenset({"probability"}), spellings=(("data", "generation"),)))
    assert reason(two_words, "fast data generation wins .", "data", end=3) == "other sense"
    assert reason(two_words, "fast data generator wins .", "data", end=3) is None


def test_a_window_that_says_nothing_takes_the_sense_the_review_shows():
    check = check_with(x=Sense(not_near=frozenset({"bytes"}), needs_near=frozenset({"image"})))
    silent = "each patch goes to the encoder ."
    assert reason(check, silent, "patch") is None  # no word of either sense, no other mention: it counts
    words = silent.split()
    assert check.sense_evidence(words, 1, "x", sentence_start=0) is None
    assert check.reason(words, 1, "x", sentence_start=0, prevailing={"x": False}) == "other sense"
    assert check.reason(words, 1, "x", sentence_start=0, prevailing={"x": True}) is None
    spoken = "bytes go into each patch .".split()  # a window that speaks is not overruled
    assert check.sense_evidence(spoken, 3, "x", sentence_start=0) is False
    assert check.reason(spoken, 3, "x", sentence_start=0, prevailing={"x": True}) == "other sense"


def test_one_sense_a_review_decides_the_mentions_whose_sentence_says_nothing():
    def places(text: str) -> int:
        review = Review(id="t", date="2024-01-01", text=text)
        annotate_concepts([review])
        return next((concept["count"] for concept in review.concepts if concept["name"] == "image patches"), 0)

    assert places("המודל קורא בייטים גולמיים ומאחד אותם לפאצ'ים לפי האנטרופיה.\nכל פאץ' עובר אחר כך דרך אנקודר קטן.") == 0
    assert places("המודל מחלק את התמונה לפאצ'ים של פיקסלים.\nכל פאץ' עובר אחר כך דרך אנקודר קטן.") == 2
    assert places("כל פאץ' עובר אחר כך דרך אנקודר קטן.") == 1


def test_a_check_with_support_words_only_does_not_spread_one_supported_mention():
    review = Review(id="t", date="2024-01-01", text="המערכת מבצעת אחזור של המסמכים הרלוונטיים לכל שאילתה.\nבניסוי השני המודל נכשל באחזור עובדתי פשוט.")
    annotate_concepts([review])
    assert [concept["count"] for concept in review.concepts if concept["name"] == "information retrieval"] == [1]


@pytest.mark.parametrize(
    ("yaml", "message"),
    [
        ("  alignment:\n    not_nier: [x]\n", "unknown key 'not_nier' in senses.alignment (did you mean 'not_near'?)"),
        ("  alignment:\n    not_near: [x]\n    window: chapter\n", "senses.alignment.window must be one of"),
        ("  alignment:\n    window: review\n", "senses.alignment needs not_near, needs_near or not_followed_by"),
        ("  alignment:\n    needs_near: x\n", "senses.alignment.needs_near must be a list of words"),
    ],
)
def test_a_malformed_sense_is_one_error_with_its_file_and_line(tmp_path, yaml, message):
    path = tmp_path / "context.yaml"
    shutil.copy(CONTEXT_PATH, path)
    text = path.read_text(encoding="utf-8")
    path.write_text(text[: text.index("senses:\n") + len("senses:\n")] + yaml + "\nacronym_support:\n  max_unsupported_mentions: 1\n", encoding="utf-8")
    with pytest.raises(InputError) as error:
        load_context_rules(path)
    assert message in str(error.value) and str(path) + ":" in str(error.value)


def test_a_sense_written_under_acronym_support_is_one_error_with_its_line(tmp_path):
    path = tmp_path / "context.yaml"
    text = CONTEXT_PATH.read_text(encoding="utf-8")
    path.write_text(text + "  LLM agents:\n    needs_near: [llm]\n", encoding="utf-8")
    with pytest.raises(InputError) as error:
        load_context_rules(path)
    assert "unknown key 'LLM agents' in acronym_support" in str(error.value)
    assert f"{path}:{text.count(chr(10)) + 1}:" in str(error.value)


# --- the shipped shapes, both ways --------------------------------------------------------------------------------


def test_byte_patches_named_a_sentence_after_the_bytes_are_not_image_patches():
    assert "image patches" not in concepts_of("המודל קורא בייטים גולמיים במקום טוקנים. אחר כך הוא מאחד אותם לפאצ'ים באורך משתנה.")
    assert "image patches" in concepts_of("המודל מקבל תמונה. אחר כך הוא מחלק אותה לפאצ'ים באורך קבוע של פיקסלים.")


def test_naraut_as_seem_is_not_likelihood():
    assert "likelihood" not in concepts_of("התוצאות בטבלה נראות טובות מאוד לכל מי שקורא אותן.")
    assert "likelihood" in concepts_of("האימון ממקסם את הנראות של הדאטה תחת המודל.")


def test_generalizing_a_method_is_not_generalization():
    assert "generalization" not in concepts_of("המחברים מציעים להכליל את הגישה הזו גם למקרה של כמה סוכנים.")
    assert "generalization" in concepts_of("המודל מצליח להכליל היטב לגרפים שלא ראה באימון.")


def test_automatic_is_not_automata():
    assert "formal languages" not in concepts_of("הכלי מייצר פרומפטים באופן אוטומטי ושולח אותם למודל.")
    assert "formal languages" in concepts_of("המחברים בודקים אם טרנספורמר לומד שפות פורמליות שמזהים אוטומטים סופיים.")


def test_creating_data_from_noise_is_sampling_not_synthetic_data():
    assert "synthetic data generation" not in concepts_of("מודל הדיפוזיה מתחיל מרעש טהור וממשיך ביצירת דאטה בכמה צעדים.")
    assert "synthetic data generation" in concepts_of("המחברים משתמשים במודל שפה גדול ליצירת דאטה לאימון של מסווג קטן.")
    assert "data curation" not in concepts_of("בכל צעד מסירים מעט רעש עד שאיכות הדאטה משביעה את רצוננו.")
    assert "data curation" in concepts_of("לפני האימון המחברים משפרים את איכות הדאטה ומסירים דוגמאות כפולות.")


def test_labels_a_model_predicts_are_not_data_labeling():
    assert "data labeling" not in concepts_of("המודל חוזה את הלייבלים של כל נקודה בקלט לפי השכנים שלה.")
    assert "data labeling" not in concepts_of("We train a multi-label classifier on every image of the set.")
    assert "data labeling" in concepts_of("המחברים אוספים לייבלים ממתייגים אנושיים לכל אחת מהתשובות.")


def test_a_high_dimensional_space_is_not_the_curse_of_dimensionality():
    assert "curse of dimensionality" not in concepts_of("הווקטורים מוטלים למרחב בעל מימד גבוה בעזרת מטריצה אקראית.")
    assert "curse of dimensionality" in concepts_of("במימד גבוה מספר הדוגמאות הנדרש גדל באופן אקספוננציאלי.")


def test_molecules_as_data_are_not_molecule_generation():
    assert "molecule generation" not in concepts_of("Graph networks are used everywhere, from social networks to molecules.")
    assert "molecule generation" in concepts_of("The diffusion model learns to generate molecules that bind to a protein.")


def test_a_reinforcement_learning_agent_is_not_an_llm_agent():
    assert "LLM agents" not in concepts_of("הסוכן מבצע פעולות בסביבה ומקבל תגמול על כל צעד שהוא עושה.")
    assert "LLM agents" not in concepts_of("The agent moves through the maze and receives a reward at the exit.")
    assert "LLM agents" in concepts_of("הסוכן הוא מודל שפה גדול שמשתמש בכלים כמו חיפוש ברשת כדי לענות.")
    assert "LLM agents" in concepts_of("The agent is an LLM that calls tools through an API to book a flight.")


def test_a_reference_point_is_not_feature_attribution():
    assert "feature attribution" not in concepts_of("המחברים מציעים נקודות ייחוס סטנדרטיות להשוואה בין השיטות.")
    assert "feature attribution" in concepts_of("השיטה מחשבת ייחוס של החיזוי לכל אחד מהפיצ'רים בקלט.")


def test_design_is_not_planning():
    assert "planning" not in concepts_of("המאמר בוחן איך בחירות תכנון של הארכיטקטורה משפיעות על זמן האימון.")
    assert "planning" not in concepts_of("בעיות תכנון ניסויים נפתרות כאן באופטימיזציה בייסיאנית.")
    assert "planning" in concepts_of("המחברים בודקים את יכולות התכנון של מודלי שפה: האם הם בונים תוכנית של צעדים להשגת מטרה.")


def test_inference_is_not_reasoning():
    assert "reasoning" not in concepts_of("המחברים מעבירים חלק גדול מהקומפיוט מהאימון אל ההסקה.")
    assert "reasoning" not in concepts_of("הפרק האחרון עוסק בהסקה בייסיאנית של הפרמטרים.")
    assert "reasoning" in concepts_of("לדעתי אפשר להפריד במודלי שפה בין הסקה לבין ידע על העולם.")


def test_compressing_data_is_not_model_compression():
    assert "model compression" not in concepts_of("מודל השפה משמש כאן לדחיסה של טקסט ללא אובדן מידע.")
    assert "model compression" not in concepts_of("The KV cache grows with the context, so its compression matters.")
    assert "model compression" not in concepts_of("The network learns an information compression of its inputs.")
    assert "model compression" in concepts_of("אחרי האימון עושים דחיסה של המודל כדי שהמשקלים ייכנסו לטלפון.")


def test_normalizing_a_vector_is_not_a_normalization_layer():
    assert "normalization layers" not in concepts_of("מחשבים את הציון ואחר כך עושים נרמול של הווקטור לאורך אחד.")
    assert "normalization layers" not in concepts_of("The advantage goes through a normalization before the update.")
    assert "normalization layers" in concepts_of("אחרי כל בלוק יש שכבות נרמול שמייצבות את האימון.")


def test_a_majority_gate_of_a_boolean_circuit_is_not_self_consistency():
    assert "self-consistency" not in concepts_of("המחלקה כוללת שערים בוליאניים של majority vote בעומק קבוע.")
    assert "self-consistency" in concepts_of("דוגמים עשר תשובות מהמודל ובוחרים בהצבעת רוב את התשובה הסופית.")


def test_robustness_to_noise_is_not_adversarial_robustness():
    concepts = concepts_of("השיטה מראה רובסטיות לתגמולים רועשים.")
    assert "robustness" in concepts and "adversarial robustness" not in concepts
    assert "adversarial robustness" in concepts_of("Adversarial training makes the classifier hold up against attacks.")


def test_an_everyday_manipulation_is_not_robot_manipulation():
    assert "robot manipulation" not in concepts_of("הפונקציה נבנית על ידי מניפולציה פשוטה של הנוסחה.")
    assert "robot manipulation" not in concepts_of("A simple manipulation of the formula gives the bound.")
    assert "robot manipulation" in concepts_of("המאמר עוסק במניפולציה רובוטית עם מודל שפה.")


def test_a_win_rate_is_not_an_elo_rating():
    assert "Elo rating" not in concepts_of("The policy wins more often: its win rate against the reference rises.")
    assert "Elo rating" in concepts_of("The models are ranked by their Elo rating on Chatbot Arena.")


def test_lexicon_check_names_a_sense_for_a_concept_the_lexicon_lacks(tmp_path):
    from graphkb.extract.datacheck import check_data_files

    data = tmp_path / "data"
    shutil.copytree(CONTEXT_PATH.parent, data)
    path = data / "context.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("  circuits:\n", "  circuitz:\n"), encoding="utf-8")
    error = next(check.error for check in check_data_files(data_dir=data) if check.path.name == "context.yaml")
    line = text[: text.index("  circuits:\n")].count("\n") + 1
    assert error == f"{path}:{line}: senses.circuitz: no concept of that name in concepts.yaml"


@pytest.mark.parametrize(
    ("concept", "everyday", "technical"),
    [
        # a sense check: the word counts only beside words of its technical sense
        ("machine translation", "בתרגום חופשי, השם של השיטה הוא 'חשיבה איטית'.",
         "המודל משפר את התרגום מאנגלית לצרפתית בכל זוגות השפות שנבדקו."),
        ("dialogue systems", "בשיחה שהייתה לי עם אחד המחברים הוא הסביר את הרעיון.",
         "הצ'טבוט מנהל שיחה ארוכה עם המשתמש לאורך כמה סבבים."),
        ("table understanding", "בטבלאות 2 ו-3 רואים שהשיטה עדיפה על כל הבייסליינים.",
         "המודל עונה על שאלות על דאטה טבלאי, ולכן הוא קורא טבלאות שלמות ביחד עם השאלה."),
        ("interpretability", "המחברים מציעים פרשנות חדשה לתוצאה הישנה הזו.",
         "בעזרת probing של הנוירונים המאמר מציע פרשנות של מה שהמודל למד."),
        ("classification", "המאמר מסווג את השיטות הקיימות לארבע משפחות.",
         "המחברים מאמנים מסווג לינארי על הייצוגים של השכבה האחרונה."),
        ("calibration", "אחרי כיול של קצב הלמידה האימון התייצב.",
         "המחברים בודקים את הכיול של רמת הביטחון שהמודל נותן לתשובות."),
        ("random matrix theory", "השיטה נבדקה על ספקטרום רחב של משימות.",
         "הספקטרום של מטריצת המשקלים מתרחב ככל שהאימון מתקדם."),
        ("mathematics for ML", "ביצועי המודל במתמטיקה ובקידוד השתפרו מאוד.",
         "כדי להבין את ההוכחה צריך קצת מתמטיקה של מרחבי הילברט."),
        ("iterative methods", "פתרון משוואות דיפרנציאליות חלקיות הוא תחום ותיק.",
         "שיטת יעקובי לפתרון משוואות מתקדמת איטרציה אחרי איטרציה עד שהיא מתכנסת."),
        ("preference data", "המודל לא מראה העדפה ברורה לאף אחת מהאפשרויות.",
         "לכל פרומפט יש העדפה אנושית בין שתי תשובות, ומזה לומדים את מודל התגמול."),
        # words the lexicon no longer reads as the concept: no alias any more (a longer alias names it), or, for
        # "בוודאות" (certainly), no prefix before an alias
        ("recommender systems", "המאמר מסתיים בהמלצות מעשיות למי שמאמן מודלים.", "המאמר משפר מערכות המלצה של סרטים."),
        ("encoders", "כל וקטור מקודד את המיקום של הטוקן ברצף.", "האנקודר ממפה את התמונה לוקטור."),
        ("geometry problem solving", "המאמר חוקר את הגיאומטריה של מרחב הייצוגים.", "המודל פותר בעיות גיאומטריה של אולימפיאדות."),
        ("stochasticity", "המונחים הוחלפו במילים אקראיות כדי לבדוק הבנה.", "הסטוכסטיות של הדגימה נקבעת על ידי הטמפרטורה."),
        ("uncertainty estimation", "אפשר לומר בוודאות שהשיטה עובדת.", "המאמר מודד את אי-הוודאות של המודל בתשובותיו."),
        ("materials science", "יש חומרים נוספים בנספח של המאמר.", "המודל מאיץ גילוי חומרים חדשים לסוללות."),
        ("negative sampling", "The weights stay non-negative during training.", "For every query we mine hard negatives."),
        ("density estimation", "ה-score הוא הגרדיאנט של הלוג של פונקציית הצפיפות.", "המחברים משתמשים בשערוך צפיפות עם קרנל גאוסי."),
        # a Hebrew spelling whose written vowel the English name cannot have there is another word: drift, not dropout
        ("dropout", "לאורך הזמן יש דריפט חזק בהתפלגות של הדאטה.", "כדי למנוע התאמת יתר מוסיפים דרופאוט אחרי כל שכבה."),
        ("Euler-Maruyama", "את המשוואה הדיפרנציאלית הרגילה פותרים בשיטת אוילר.", "את ה-SDE פותרים בשיטת אוילר-מרויאמה."),
        # a word the text uses for another concept of the lexicon: that concept takes it
        ("maximum likelihood estimation", "חיפוש הקרן שומר את הרצפים בעלי הנראות הגבוהה ביותר.",
         "הפרמטרים נמצאים בשערוך נראות מקסימלית (MLE) על הדאטה."),
        ("benign overfitting", "המודל נמצא במשטר של over-parameterization עם יותר פרמטרים מדוגמאות.",
         "המאמר מסביר מתי benign overfitting מאפשר להתאים את הרעש ועדיין להכליל."),
        ("neurons", "בכל שכבה יש אקטיבציה לא לינארית מסוג SwiGLU.", "המחברים מנתחים את האקטיבציות של הנוירונים בשכבה."),
        ("cosine similarity", "ה-attention מחשב מכפלה פנימית בין השאילתות למפתחות.", "החיפוש מבוסס על דמיון קוסיין בין האמבדינגים."),
        ("denoising", "התהליך מתחיל מרעש גאוסי טהור.", "המודל לומד את הסרת הרעש בכל צעד."),
        ("video understanding", "מודלי דיפוזיה מגנרטים היום תמונות וגם וידאו.", "המאמר עוסק בהבנת וידאו ובזיהוי פעולות בסרטונים."),
        ("neural networks", "המאמר סוקר רשתות נוירונים על גרפים.", "המחברים מאמנים רשתות נוירונים קטנות."),
        ("Markov chains", "הדגימה נעשית עם שרשרת מרקוב מונטה קרלו.", "מצב המערכת מתפתח כשרשרת מרקוב."),
        ("f-divergences", "האימון ממזער מרחק בין התפלגויות הפלט.", "ה-f-divergence הכללית מכסה את KL ואת JS."),
        # a sense check on the words around it
        ("internal representations", "ב-LSTM המעברים בין המצבים החבויים הם רקורנטיים.",
         "המחברים בוחנים את המצבים החבויים של כל שכבה בטרנספורמר."),
        ("evaluation metrics", "הדוגמאות הקרובות נבחרות לפי מטריקה של דמיון בין האמבדינגים.",
         "המודל משתפר בכל המדדים של הבנצ'מרק."),
        ("masking strategies", "המיסוך של מטריצת ה-attention מונע מטוקן לראות את העתיד.",
         "במהלך האימון המקדים מיסוך אקראי של פאצ'ים מאלץ את המודל לשחזר אותם."),
        ("statistics", "המודל לומד את הסטטיסטיקה של ה-n-grams בדאטה.", "המאמר נשען על כלים מהסטטיסטיקה הקלאסית."),
        ("generalization", "הנורמה הזו היא הכללה של הערך המוחלט למרחבים גבוהים.",
         "יכולות הכללה של הרשת משתפרות כשמוסיפים דאטה."),
        ("intrinsic dimension", "שתי המטריצות קטנות כי המימד הפנימי של המכפלה שלהן הוא 8.",
         "המימד הפנימי של הדאטה נמוך בהרבה ממימד המרחב שבו הוא יושב."),
        ("gradient clipping", "שיטת PPO משתמשת במנגנון קליפינג כדי למנוע עדכוני פוליסי גדולים מדי.",
         "באימון מודלים עמוקים נהוג להשתמש בקליפינג של הגרדיאנטים כדי למנוע התפוצצות."),
        ("model compression", "אוטו-אנקודר בונה ייצוג מקומפרס של דאטה בעזרת אנקודר ודקודר.",
         "המחברים מקומפרסים את משקלי המודל עם קוונטיזציה."),
        ("graph theory", "המודל בונה גרף חישובי שבו כל צומת היא פעולה מתמטית.",
         "המאמר מוכיח חסם על הקוטר של גרף שבו כל צומת מחוברת לשכנות."),
        ("activation functions", "מחסירים את הכיוון הזה מוקטור האקטיבציה של כל שכבה.",
         "כל נוירון מפעיל אקטיבציה לא לינארית על הסכום המשוקלל."),
        ("information retrieval", "המודל נכשל באחזור שורה פשוטה מתוך טבלה קטנה.",
         "המערכת מבצעת אחזור של המסמכים הרלוונטיים לכל שאילתה."),
        ("n-gram models", "הטוקנייזר מפרק כל מילה ל-n-grams של תווים ומעביר כל אחד מהם דרך פונקציית האש.",
         "מודל השפה הישן שיערך את ההתפלגות של המילה הבאה מתוך ספירות של n-grams."),
        ("quantization", "בדחיסת JPEG מבצעים קווינטוט של מקדמי ה-DCT של כל בלוק.",
         "אחרי האימון מבצעים קווינטוט של משקלי המודל ל-4 ביט."),
        # an adjective alone names no concept: "latent" also qualifies variables, preferences, reasoning
        ("latent space", "השיטה מאמנת את המודל עם latent preference optimization.",
         "המודל לומד latent variables עבור כל שאלה."),
    ],
)
def test_an_everyday_word_counts_only_in_its_technical_sense(concept, everyday, technical):
    assert concept not in concepts_of(everyday)
    assert concept in concepts_of(technical)


@pytest.mark.parametrize(
    ("text", "concept"),
    [
        ("חיפוש הקרן שומר את הרצפים בעלי הנראות הגבוהה ביותר.", "likelihood"),
        ("המודל נמצא במשטר של over-parameterization עם יותר פרמטרים מדוגמאות.", "overparameterization"),
        ("בכל שכבה יש אקטיבציה לא לינארית מסוג SwiGLU.", "activation functions"),
        ("ה-attention מחשב מכפלה פנימית בין השאילתות למפתחות.", "linear algebra"),
        ("התהליך מתחיל מרעש גאוסי טהור.", "Gaussian distribution"),
        ("המאמר סוקר רשתות נוירונים על גרפים.", "graph neural networks"),
        ("האימון ממזער מרחק בין התפלגויות הפלט.", "statistical distances"),
        ("הדגימה נעשית עם שרשרת מרקוב מונטה קרלו.", "Monte Carlo methods"),
        ("המחברים מבצעים אופטימיזציה של הייפר-פרמטרים לכל משימה.", "hyperparameter tuning"),
        ("ברשתות עמוקות מאוד יש בעיה של גרדיאנטים דועכים.", "vanishing gradients"),
        ("המאמר משווה את השיטה לזרימות נורמליזציה.", "normalizing flows"),
        ("הסוכן משתמש בחיפוש העץ של מונטה קרלו כדי לתכנן.", "Monte Carlo tree search"),
    ],
)
def test_a_phrase_names_the_concept_it_means(text, concept):
    assert concept in concepts_of(text)
