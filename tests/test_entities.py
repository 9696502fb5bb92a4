"""Entities in English canonical form, however the review spells them."""

from __future__ import annotations

import pytest

from graphkb.extract.concepts import annotate_concepts
from graphkb.records import Review


def entities_of(text: str) -> dict[str, dict]:
    review = Review(id="r", date="2024-06-20", text=text)
    annotate_concepts([review])
    return {entity["name"]: entity for entity in review.entities}


@pytest.mark.parametrize(
    ("text", "name", "type_"),
    [
        ("המאמר של איליה סלוצקבר מ-2014", "Ilya Sutskever", "Person"),
        ("כמו שכתב איליה סוצקבר", "Ilya Sutskever", "Person"),
        ("המאמר של אנטרופיק בגדול טוען", "Anthropic", "Organization"),
        ("ולאנטרופיק יש מודל", "Anthropic", "Organization"),
        ("חוקר דגול מישה בלקין", "Mikhail Belkin", "Person"),
        ("ג'ון שולמן ממשיך", "John Schulman", "Person"),
        ("נתונים מ- WordNet באמצעות מודל ג'מה", "Gemma", "Model"),
        ("ממשיך את הקו המחקרי של openai", "OpenAI", "Organization"),
        ("מודל GPT-4o ו-Claude 3.5 Sonnet", "GPT-4o", "Model"),
        ("על ImageNet-1k ועל CIFAR-100", "ImageNet", "Dataset"),
        ("כמו שאמר אילון מאסק", "Elon Musk", "Person"),
        ("הספר של ג'ודיאה פרל על סיבתיות", "Judea Pearl", "Person"),
        ("החוקרים של OpenAl פרסמו", "OpenAI", "Organization"),
        ("ב-GSM-Symbolic המודלים נכשלים", "GSM-Symbolic", "Dataset"),
    ],
)
def test_entities_in_hebrew_letters_and_english(text, name, type_):
    found = entities_of(text)
    assert name in found and found[name]["type"] == type_


def test_entity_counts_and_order():
    found = entities_of("OpenAI ואנטרופיק. שוב אנטרופיק ו-Anthropic.")
    assert found["Anthropic"]["count"] == 3 and found["OpenAI"]["count"] == 1


def test_a_common_word_name_heading_a_compound_is_no_entity():
    found = entities_of("Meta-ICL ו-מטא-תגמול הם רעיונות, Meta-Whisper מבוסס על Whisper")
    assert "Meta" not in found and found["Whisper"]["count"] == 2


def test_case_sensitive_names_need_their_capitals():
    assert "Meta" in entities_of("החוקרים של Meta")
    assert "Meta" not in entities_of("this is meta information")
    assert "Gemini" not in entities_of("the gemini constellation")


def test_corpus_entities(records_by_id):
    names = {entity["name"] for review in records_by_id.values() for entity in review.entities}
    assert {"OpenAI", "Anthropic", "Ilya Sutskever", "Albert Gu", "WordNet"} <= names
