"""Knowledge loaded once: one fold, Hebrew prefixes from the data, one reader with file:line errors."""

from __future__ import annotations

import re
import shutil

import pytest

from graphkb.errors import InputError
from graphkb.extract.aboutness import load_aboutness_model
from graphkb.extract.references import load_reference_rules
from graphkb.extract.context import load_context_rules
from graphkb.extract.continuations import load_cues
from graphkb.extract.datafiles import DATA_DIR
from graphkb.extract.entities import load_entities
from graphkb.extract.folding import fold, fold_words, hebrew_prefix_variants
from graphkb.extract.knowledge import load_knowledge, load_rules, load_segment_data
from graphkb.extract.lexicon import load_lexicon
from graphkb.extract.transliteration import load_transliteration_rules
from graphkb.records import Review


@pytest.mark.parametrize(
    ("spellings"),
    [("KV-cache", "kv cache", "KV_Cache", "kv–cache", " KV  cache "), ("ממבה", "ממבה "), ("Mamba-2", "mamba 2")],
)
def test_one_fold_for_every_spelling(spellings):
    assert len({fold(spelling) for spelling in spellings}) == 1


def test_fold_words_drops_punctuation_but_fold_keeps_it():
    assert fold_words("CLLMs: Consistency (LLMs)") == "cllms consistency llms"
    assert fold("C++") != fold("C")


@pytest.mark.parametrize(
    ("text", "expected"),
    [("בממבה", "ממבה"), ("וב-RLHF", "RLHF"), ("ה-DPO", "DPO"), ("שהדיפוזיה", "דיפוזיה"), ("וכשה-LoRA", "LoRA")],
)
def test_hebrew_prefix_variants_strip_the_prefixes_hebrew_uses(text, expected):
    assert expected in hebrew_prefix_variants(text)


def test_hebrew_prefixes_come_from_the_rules_file():
    rules = {**load_rules(), "hebrew_prefix_letters": "ב", "hebrew_prefix_sequence": "ב"}
    assert hebrew_prefix_variants("בממבה", rules) == ["ממבה"]
    assert hebrew_prefix_variants("וב-RLHF", rules) == []
    # letters Hebrew never stacks so: "מש" is no prefix of "משוואות"
    assert "וואות" not in hebrew_prefix_variants("משוואות")


def test_knowledge_is_loaded_once():
    assert load_knowledge() is load_knowledge()
    assert load_knowledge().lexicon is load_lexicon()


def _copy(tmp_path, name):
    path = tmp_path / name
    shutil.copy(DATA_DIR / name, path)
    return path


def _line_of(path, needle):
    return next(number for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in line)


def _misspell(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return _line_of(path, new.strip())


TYPOS = [
    ("segment.yaml", load_segment_data, "\nauthors:", "\nauthers:", "unknown key 'authers' (did you mean 'authors'?)"),
    ("segment.yaml", load_segment_data, "header_window: 120", "header_window: wide", "`header_window` must be a whole number"),
    ("concept_rules.yaml", load_rules, "\nopening_chars:", "\nopening_char:", "unknown key 'opening_char'"),
    ("concept_rules.yaml", load_rules, "title_weight: 0.5", "title_weight: [0.5]", "`title_weight` must be a number"),
    ("cues.yaml", load_cues, "\ncontrast_factor:", "\ncontrast_facter:", "unknown key 'contrast_facter'"),
    ("cues.yaml", load_cues, "kind: yesterday", "kind: yesteday", "unknown kind 'yesteday'"),
    ("concepts.yaml", load_lexicon, "kind: method", "kind: methd", "unknown kind 'methd'"),
    ("concepts.yaml", load_lexicon, "broader: [preference optimization]", "broader: [preference optimisation]", "unknown broader concept"),
    ("entities.yaml", load_entities, "type: Person", "type: Persn", "unknown type 'Persn'"),
    ("context.yaml", load_context_rules, "\nnegation_window:", "\nnegation_windw:", "unknown key 'negation_windw'"),
    ("aboutness.yaml", load_aboutness_model, "\nthreshold:", "\ntreshold:", "unknown key 'treshold'"),
    ("aboutness.yaml", load_aboutness_model, "in_title: ", "in_titel: ", "unknown aboutness features in_titel"),
    ("transliteration.yaml", load_transliteration_rules, "\nmin_ratio:", "\nmin_ration:", "unknown key 'min_ration'"),
    ("references.yaml", load_reference_rules, "\ncommon_share:", "\ncommon_shar:", "unknown key 'common_shar'"),
]


@pytest.mark.parametrize(("name", "loader", "old", "new", "message"), TYPOS, ids=[f"{t[0]}:{t[2].strip()}" for t in TYPOS])
def test_a_typo_in_each_data_file_is_one_line_with_file_and_line(tmp_path, name, loader, old, new, message):
    path = _copy(tmp_path, name)
    line = _misspell(path, old, new)
    with pytest.raises(InputError) as raised:
        loader(path)
    text = str(raised.value)
    assert "\n" not in text
    assert text.startswith(f"{path}:{line}: "), text
    assert message in text


def test_every_data_file_has_a_typo_case():
    assert {name for name, *_ in TYPOS} == {path.name for path in DATA_DIR.glob("*.yaml")}


def test_yaml_syntax_error_names_its_line(tmp_path):
    path = tmp_path / "segment.yaml"
    path.write_text("authors: [מייק\nheader_window: 120\n", encoding="utf-8")
    with pytest.raises(InputError, match=rf"^{re.escape(str(path))}:\d+: not valid YAML"):
        load_segment_data(path)


def test_missing_key_is_named(tmp_path):
    path = _copy(tmp_path, "segment.yaml")
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"(?m)^closing_window: \d+\n", "", text), encoding="utf-8")
    with pytest.raises(InputError, match=r"segment.yaml:\d+: missing key 'closing_window'$"):
        load_segment_data(path)


def test_a_data_file_typo_at_the_cli_is_one_line_and_exit_2(tmp_path):
    import subprocess
    import sys

    path = _copy(tmp_path, "concepts.yaml")
    line = _misspell(path, "kind: method", "kind: methd")
    corpus = tmp_path / "corpus.txt"
    corpus.write_text("מייק 14.06.24\nCLLMs: Consistency LLMs\nhttps://arxiv.org/abs/2403.00835\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "graphkb", "extract", str(corpus), "--concepts", str(path)],
                          capture_output=True, text=True, encoding="utf-8", timeout=120)
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [f"graphkb: error: {path}:{line}: concept {_name_at(path, line)!r} has unknown kind 'methd' (one of {_kinds()})"]


def _name_at(path, line):
    return re.search(r"name: ([^,]+),", path.read_text(encoding="utf-8").splitlines()[line - 1]).group(1)


def _kinds():
    from graphkb.extract.lexicon import KINDS

    return ", ".join(sorted(KINDS))


CUSTOM_LEXICON = """\
- {name: widget learning, kind: method, aliases: [למידת ווידג'טים, WL], broader: [gadget theory]}
- {name: gadget theory, kind: theory, aliases: [תורת הגאדג'טים]}
- {name: sprocket models, kind: architecture, aliases: [SPM]}
"""


def test_a_custom_lexicon_is_used_by_every_step(tmp_path):
    from graphkb.extract.cooccurrence import related_concepts
    from graphkb.extract.pipeline import extract_records

    lexicon = tmp_path / "concepts.yaml"
    lexicon.write_text(CUSTOM_LEXICON, encoding="utf-8")
    knowledge = load_knowledge(concepts=lexicon)
    corpus = tmp_path / "corpus.txt"
    corpus.write_text(
        "מייק 12.06.24\nWidget Learning: a first look\nהיום נדבר על למידת ווידג'טים ועל תורת הגאדג'טים עם SPM.\n"
        "https://arxiv.org/abs/2406.00001\n\n"
        "מייק 13.06.24\nMore widgets\nשוב WL ו-SPM, והפעם גם תורת הגאדג'טים.\nhttps://arxiv.org/abs/2406.00002\n\n"
        "מייק 14.06.24\nSprockets\nנחזור ל-WL שסקרנו לפני יומיים, עם SPM ותורת הגאדג'טים.\nhttps://arxiv.org/abs/2406.00003\n",
        encoding="utf-8",
    )
    reviews = extract_records(corpus, knowledge=knowledge)
    names = [{concept["name"] for concept in review.concepts} for review in reviews]
    assert all({"widget learning", "sprocket models"} <= found for found in names), names
    assert "DPO" not in set().union(*names)
    # co-occurrence leaves the custom lexicon's broader pair to BROADER
    related = {frozenset((link["source"], link["target"])) for link in related_concepts(reviews, knowledge, min_reviews=2)}
    assert frozenset(("widget learning", "gadget theory")) not in related
    assert frozenset(("widget learning", "sprocket models")) in related
    # continuations resolve the topic the review names through the custom lexicon
    assert [link["target"] for link in reviews[2].continues] == [reviews[0].id]


def test_segment_and_rules_are_in_the_knowledge():
    knowledge = load_knowledge()
    assert knowledge.segment is load_segment_data()
    assert knowledge.rules is load_rules()


def test_records_dataclass_still_builds_from_the_shipped_knowledge():
    review = Review(id="a", date="2024-06-01", title="DPO", text="DPO.")
    from graphkb.extract.concepts import annotate_concepts

    annotate_concepts([review], nlp=load_knowledge().pipeline())
    assert review.concepts[0]["name"] == "DPO"
