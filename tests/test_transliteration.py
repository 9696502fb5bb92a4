"""The phonetic key and the transliteration index, on words and sentences of their own making."""

from __future__ import annotations

import pytest

from graphkb.errors import InputError
from graphkb.extract.knowledge import RULES_PATH
from graphkb.extract.lexicon import load_lexicon
from graphkb.extract.latin_terms import corpus_latin_terms
from graphkb.extract.transliteration import (
    TRANSLITERATION_PATH,
    TransliterationIndex,
    load_transliteration_rules,
    phonetic_key,
    phonetic_keys,
    vowels_agree,
)


@pytest.mark.parametrize(
    ("english", "hebrew"),
    [
        ("tokenizer", "טוקנייזר"),
        ("reasoning", "ריזונינג"),
        ("embedding", "אמבדינג"),
        ("cosine", "קוסיין"),
        ("diffusion", "דיפוזיה"),
        ("transformer", "טרנספורמר"),
        ("overfitting", "אוורפיטינג"),
        ("quantization", "קוונטיזציה"),
        ("dropout", "דרופאוט"),
    ],
)
def test_an_english_term_and_its_hebrew_spelling_share_a_key(english, hebrew):
    assert phonetic_key(english) == phonetic_key(hebrew)


def test_alternative_sounds_give_alternative_keys():
    # "attention" is written "אטנשן", and Hebrew-made nouns end in "-ציה"
    assert phonetic_key("אטנשן") in phonetic_keys("attention")
    assert phonetic_key("אינטנציה") in phonetic_keys("intention")
    assert phonetic_key("פיינטיון") in phonetic_keys("fine-tuning")
    assert phonetic_key("צ'טבוט") in phonetic_keys("chatbot")


def test_hebrew_letters_of_their_own_keep_their_own_sounds():
    # loanwords write k and t with ק and ט: "מורכב" (complex) is no "Markov", "מרקוב" is
    assert phonetic_key("מרקוב") == phonetic_key("Markov") != phonetic_key("מורכב")


@pytest.fixture(scope="module")
def small_index():
    return TransliterationIndex(
        [
            ("tokenizer", "tokenization"),
            ("diffusion models", "diffusion models"),
            ("cosine similarity", "cosine similarity"),
            ("transformers", "transformers"),
            ("model soups", "model merging"),
            ("toxic content", "toxicity"),
            ("Perceiver", "Perceiver"),
        ]
    )


@pytest.mark.parametrize(
    ("written", "concept"),
    [
        ("בטוקנייזר", "tokenization"),
        ("וכשהטוקנייזרים", "tokenization"),
        ("ב-טוקנייזר", "tokenization"),
        ("מודל דיפוזיה", "diffusion models"),
        ("במודלי הדיפוזיה", "diffusion models"),
        ("קוסיין סימילריטי", "cosine similarity"),
        ("הטרנספורמרים", "transformers"),
        ("פרסיבר", "Perceiver"),
    ],
)
def test_hebrew_spellings_prefixes_and_endings_are_found(small_index, written, concept):
    assert small_index.lookup(written) == concept


@pytest.mark.parametrize(
    "ordinary",
    ["מורכב", "כיוון", "יכולה", "הראשונה", "שכבות", "משפט", "בדיוק", "תוכן מזיק", "מודל שפה", "לטוקנים", "ספר"],
)
def test_ordinary_hebrew_words_and_translations_are_not_found(small_index, ordinary):
    assert small_index.lookup(ordinary) is None


def test_a_hebrew_head_noun_before_a_loanword_stands_for_its_english_word():
    index = TransliterationIndex([("contrastive learning", "contrastive learning"), ("convolutional networks", "CNN")])
    assert index.lookup("למידה קונטרסטיבית") == "contrastive learning"  # "למידה" is the "learning" of the name
    assert index.lookup("ברשתות קונבולוציוניות") == "CNN"
    # a head noun alone, or before a word that sounds like no other word of the name, is nothing
    assert index.lookup("למידה") is None and index.lookup("למידה מהירה") is None and index.lookup("רשתות קונטרסטיביות") is None


def test_a_near_spelling_of_a_long_key_is_found_and_a_short_one_is_not(small_index):
    assert small_index.lookup("טרנספומר") == "transformers"  # a letter dropped
    assert small_index.lookup("בטרנספומר") == "transformers"  # and a prefix glued on
    assert small_index.lookup("פרסיבור") == "Perceiver"  # an extra vowel letter changes nothing
    assert small_index.lookup("טוקנזר") == "tokenization"
    assert small_index.lookup("טוקנר") is None  # too short to guess


def test_a_prefix_before_a_hebrew_word_is_no_sound_of_a_loanword():
    index = TransliterationIndex([("Human", "Human"), ("LiChess", "LiChess"), ("embedding", "embeddings")])
    assert index.lookup("שהאימון") is None  # "that the training", no "Human"
    assert index.lookup("לחיזוי") is None  # "to the prediction", no "LiChess"
    assert index.lookup("שהאמבדינג") == "embeddings"


def test_acronyms_hebrew_reads_letter_by_letter_are_not_keyed():
    index = TransliterationIndex([("MDPs", "Markov decision process"), ("ICL", "in-context learning")])
    assert len(index) == 0
    assert index.lookup("מודפס") is None and index.lookup("אייסל") is None


def test_names_with_digits_are_not_keyed():
    # Hebrew writes "bfloat16" and "FP8" in Latin letters; "בפלט" is "in the output"
    index = TransliterationIndex([("bfloat16", "mixed precision training"), ("FP8", "mixed precision training")])
    assert len(index) == 0
    assert index.lookup("בפלט") is None


def test_a_plural_ending_is_grammar_not_the_sound_of_an_english_word():
    # "מומנטים" are moments and "פוליסים" policies: their "ים" is no English "m" of momentum or polysemy
    index = TransliterationIndex([("momentum", "momentum"), ("polysemy", "word sense"), ("transformers", "transformers")])
    assert index.lookup("מומנטום") == "momentum" and index.lookup("פוליסמיה") == "word sense"
    assert index.lookup("מומנטים") is None and index.lookup("פוליסים") is None
    assert index.lookup("טרנספורמרים") == "transformers"


def test_a_word_hebrew_uses_in_a_sense_of_its_own_is_not_read_as_the_term(tmp_path):
    # "הרציונל" is any reason given, not a chain-of-thought rationale; the shipped rules list it, a copy without it finds it
    names = [("rationales", "chain of thought"), ("tokenizer", "tokenization")]
    shipped = TransliterationIndex(names)
    assert shipped.lookup("הרציונל") is None and shipped.lookup("הטוקנייזר") == "tokenization"
    rules = tmp_path / "transliteration.yaml"
    rules.write_text(TRANSLITERATION_PATH.read_text(encoding="utf-8").replace("everyday_in_hebrew: [rationale, rationales]", "everyday_in_hebrew: []"), encoding="utf-8")
    assert TransliterationIndex(names, load_transliteration_rules(rules, RULES_PATH)).lookup("הרציונל") == "chain of thought"


@pytest.mark.parametrize(
    ("hebrew", "english", "agree"),
    [
        ("דריפט", "dropout", False),  # drift: an i where "dro" has an o
        ("דרופאוט", "dropout", True),
        ("סיגמואיד", "sigmoid", True),
        ("טמפרטורה", "temperature", True),  # Hebrew leaves out "e…e…a" and writes the u of "-ture" where it stands
        ("אוברפיט", "overfitting", True),  # a vowel letter after א spells the leading vowel with it
        ("ווקטור", "vector", True),  # a doubled vav is the consonant
        ("מודל", "medal", False),
    ],
)
def test_a_written_vowel_must_be_one_the_english_word_may_have_there(hebrew, english, agree):
    assert vowels_agree(hebrew, english) is agree


def test_a_key_two_concepts_share_finds_neither():
    index = TransliterationIndex([("tokenizer", "tokenization"), ("tokenizers", "tokenizer library")])
    assert index.lookup("טוקנייזר") is None


def test_an_unseen_loanword_is_found_through_the_shipped_lexicon_and_a_corpus_term():
    lexicon = load_lexicon()
    index = TransliterationIndex.from_lexicon(lexicon, extra_terms=["Perceiver", "tokenizer"])
    # "בטוקנייזרים" is no alias of the lexicon, which lists "טוקנייזר" and "טוקנייזרים" only
    assert "בטוקנייזרים" not in lexicon["tokenization"].aliases
    assert index.lookup("בטוקנייזרים") == "tokenization"
    assert index.lookup("שהפרסיבר") == "Perceiver"
    for ordinary in ("מורכב", "כיוון", "יכולה", "הראשונה", "משפט", "התכנסות", "השנייה"):
        assert index.lookup(ordinary) is None, ordinary


def test_the_hebrew_prefixes_come_from_the_concept_rules(tmp_path):
    shipped = RULES_PATH.read_text(encoding="utf-8")
    assert 'hebrew_prefix_letters: "בהולמשכ"' in shipped
    rules_path = tmp_path / "concept_rules.yaml"
    rules_path.write_text(shipped.replace('hebrew_prefix_letters: "בהולמשכ"', 'hebrew_prefix_letters: "ב"'), encoding="utf-8")
    rules = load_transliteration_rules(TRANSLITERATION_PATH, rules_path)
    index = TransliterationIndex([("tokenizer", "tokenization")], rules)
    assert index.lookup("בטוקנייזר") == "tokenization"
    assert index.lookup("לטוקנייזר") is None


@pytest.mark.parametrize(
    ("shipped_text", "broken_text", "message"),
    [
        ("    ph: P\n", "    ph: {P: 1}\n", "`ph` must be text"),
        # a sound for a letter that is no vowel letter
        ("vowel_letter_sounds: {ו: oua, י: eiya}", "vowel_letter_sounds: {ו: oua, ה: eiya}", "'ה' is not one of vowel_letters"),
    ],
)
def test_a_broken_rules_file_is_one_clear_error_with_its_line(tmp_path, shipped_text, broken_text, message):
    shipped = TRANSLITERATION_PATH.read_text(encoding="utf-8")
    broken = tmp_path / "transliteration.yaml"
    broken.write_text(shipped.replace(shipped_text, broken_text), encoding="utf-8")
    line = shipped[: shipped.index(shipped_text.strip())].count("\n") + 1
    with pytest.raises(InputError, match=rf"transliteration.yaml:{line}: {message}"):
        load_transliteration_rules(broken)


def test_corpus_terms_are_the_latin_words_several_texts_repeat():
    texts = ["נבחן את ה-Perceiver על ImageNet", "ה-Perceivers ו-the paper", "בלי Perceiver, עם ImageNet", "JAX"]
    assert corpus_latin_terms(texts) == ["ImageNet", "Perceiver"]
    assert corpus_latin_terms(texts, min_texts=3) == ["Perceiver"]


def _spelled_in_hebrew(key: str, rules, choose) -> str:
    """One Hebrew-letter spelling of a phonetic key, the way loanwords write one: a letter of each sound (a doubled vav
    for some B's, an aleph for a leading vowel), some vowel letters between, sometimes a final ה."""
    letters = {}
    for letter, sound in rules.hebrew_letters.items():
        letters.setdefault(sound, []).append(letter)
    spelled = "א" if key[0] == "A" else choose(letters[key[0]] + (["וו"] if key[0] == rules.double_vav else []))
    for sound in key[1:]:
        spelled += choose(["", "", "ו", "י", "יי", "א"]) + choose(letters[sound] + (["וו"] if sound == rules.double_vav else []))
    return spelled + choose(["", "", "ה", "י"])


def test_the_screen_before_an_exact_look_up_never_rejects_a_word_the_look_up_finds():
    """The cheap screen of exact look-ups (:meth:`TransliterationIndex._may_match`) answers as the full look-up does on
    the lexicon's Hebrew aliases, on loanwords of this test's making and on a spelling of every key the index holds,
    each also with prefixes and endings glued on; and it rejects ordinary Hebrew words."""
    import random

    lexicon = load_lexicon()
    index = TransliterationIndex.from_lexicon(lexicon, extra_terms=["Perceiver", "GLiNER", "vocoder"])
    rules, choose = index.rules, random.Random(11).choice
    aliases = {word for entry in lexicon.values() for name in entry.names for word in name.split() if "\u05d0" <= word[:1] <= "\u05ea"}
    own = ["טוקנייזרים", "ריזונינג", "אמבדינגים", "קוסיין", "ווקטוריים", "וווקטור", "דיפוזיוניים", "פיינטיונינג", "גלינר", "ווקודר"]
    keys = [key for key in list(index._owners) if " " not in key and len(key) >= rules.min_key_length - 1]
    generated = [_spelled_in_hebrew(key, rules, choose) for key in keys]
    glued = [("", ""), ("ו", "ים"), ("וכשה", "ות"), ("ש", "יות"), ("ב-", "יוני"), ("ל", "ית"), ("ה", ""), ("", "וות")]
    words = {prefix + word + ending for word in [*aliases, *own, *generated] for prefix, ending in glued}
    found = 0
    for word in sorted(words):
        full = index._lookup_words([word], fuzzy=False)
        assert index.lookup(word, fuzzy=False) == full, word
        if full is not None:
            found += 1
            assert index._may_match(word), word
    assert found > len(keys)  # the words exercise the screen on hits, not only on misses
    ordinary = "המאמר מציע שיטה חדשה שמשפרת את הדיוק של המודל בכל המשימות שנבדקו בעבודה הזאת ביחס לשיטות קודמות".split()
    assert sum(map(index._may_match, ordinary)) <= 2
