"""The concept and entity lexicons: loading, validation, coverage of the field."""

from __future__ import annotations

import pytest

from graphkb.extract.matching import build_pipeline
from graphkb.extract.entities import load_entities
from graphkb.extract.folding import fold
from graphkb.extract.lexicon import KINDS, load_lexicon
from graphkb.errors import InputError


def test_lexicon_is_wide_and_valid():
    lexicon = load_lexicon()
    assert len(lexicon) >= 600
    for entry in lexicon.values():
        assert entry.kind in KINDS
        assert all(parent in lexicon for parent in entry.broader)
    hebrew = sum(any("\u05d0" <= ch <= "\u05ea" for alias in e.aliases for ch in alias) for e in lexicon.values())
    assert hebrew >= 400, "most concepts need a Hebrew spelling"


def test_no_alias_belongs_to_two_concepts():
    owners: dict[str, str] = {}
    for entry in load_lexicon().values():
        for name in entry.names:
            assert owners.setdefault(fold(name), entry.name) == entry.name, name


def test_no_two_concepts_share_a_folded_pattern():
    """Plural, case, hyphen and Hebrew-prefix folding must not merge two concepts' spellings."""
    nlp = build_pipeline()
    assert nlp.get_pipe("graphkb_concept_matcher").collisions == []
    assert nlp.get_pipe("graphkb_entity_matcher").collisions == []


@pytest.mark.parametrize(
    ("concept", "chain"),
    [
        ("DPO", ["preference optimization", "alignment"]),
        ("Mamba", ["state space models"]),
        ("LoRA", ["parameter-efficient fine-tuning", "fine-tuning"]),
        ("consistency models", ["diffusion models", "generative models"]),
    ],
)
def test_broader_links(concept, chain):
    lexicon = load_lexicon()
    ancestors, pending = set(), [concept]
    while pending:
        for parent in lexicon[pending.pop()].broader:
            if parent not in ancestors:
                ancestors.add(parent)
                pending.append(parent)
    assert set(chain) <= ancestors


def test_load_lexicon_is_cached():
    assert load_lexicon() is load_lexicon()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("- {name: A, kind: method, broader: [B]}\n", "unknown broader concept 'B'"),
        ("- {name: A, kind: method, aliases: [x]}\n- {name: B, kind: method, aliases: [X]}\n", "claimed by both"),
        ("- {name: A, kind: spell}\n", "unknown kind"),
        ("- {name: A, kind: method, broader: [B]}\n- {name: B, kind: method, broader: [A]}\n", "cycle"),
        ("name: A\n", "list of entries"),
        ("- {name: [unclosed\n", "not valid YAML"),
    ],
)
def test_invalid_lexicons_are_refused_with_one_clear_message(tmp_path, text, message):
    path = tmp_path / "concepts.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match=message):
        load_lexicon(path)


def test_missing_lexicon_file(tmp_path):
    with pytest.raises(InputError, match="not found"):
        load_lexicon(tmp_path / "nope.yaml")


def test_entities_valid():
    entities = load_entities()
    assert len(entities) >= 200
    assert {e.type for e in entities.values()} == {"Organization", "Person", "Model", "Dataset"}


def test_entity_alias_claimed_twice_is_refused(tmp_path):
    path = tmp_path / "entities.yaml"
    path.write_text("- {name: A, type: Person, aliases: [x]}\n- {name: B, type: Person, aliases: [x]}\n", encoding="utf-8")
    with pytest.raises(InputError, match="claimed by both"):
        load_entities(path)


def test_yaml_cache_follows_content_and_survives_corruption(tmp_path, monkeypatch):
    from graphkb.extract.datafiles import read_yaml

    monkeypatch.setenv("GRAPHKB_CACHE_DIR", str(tmp_path / "cache"))
    data = tmp_path / "concepts.yaml"
    data.write_text("- {name: A, kind: method}\n", encoding="utf-8")
    assert read_yaml(data) == [{"name": "A", "kind": "method"}]
    entries = list((tmp_path / "cache").glob("yaml-*.json"))
    assert len(entries) == 1
    entries[0].write_text("{not json", encoding="utf-8")
    assert read_yaml(data) == [{"name": "A", "kind": "method"}]
    data.write_text("- {name: B, kind: task}\n", encoding="utf-8")
    assert read_yaml(data) == [{"name": "B", "kind": "task"}]


def test_unwritable_cache_only_costs_recomputation(tmp_path, monkeypatch):
    from graphkb.extract.datafiles import read_yaml

    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("GRAPHKB_CACHE_DIR", str(blocker / "cache"))
    data = tmp_path / "concepts.yaml"
    data.write_text("- {name: A, kind: method}\n", encoding="utf-8")
    assert read_yaml(data) == [{"name": "A", "kind": "method"}]
