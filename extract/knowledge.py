"""Everything extraction knows, loaded once and passed along: lexicon, entities, cue phrases, rules.

The knowledge lives in YAML files under ``extract/data/`` (or a user's own
copies of them); :func:`load_knowledge` reads and checks them through the one
reader of :mod:`graphkb.extract.datafiles` and returns a frozen
:class:`Knowledge`.  The pipeline hands that one object to every step (the
spaCy matchers, co-occurrence, continuations, series names, the graph model),
so a custom lexicon given to the pipeline is the lexicon everywhere.

Examples
--------
>>> knowledge = load_knowledge()
>>> knowledge.lexicon["DPO"].kind, knowledge.entities["Anthropic"].type
('method', 'Organization')
>>> knowledge is load_knowledge()
True
>>> "מייק" in load_segment_data()["authors"]
True
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Mapping

from graphkb.extract.datafiles import DATA_DIR, read_mapping

if TYPE_CHECKING:
    from graphkb.extract.continuations import CueBook
    from graphkb.extract.entities import EntityEntry
    from graphkb.extract.lexicon import ConceptEntry

__all__ = ["Knowledge", "load_knowledge", "load_rules", "load_segment_data", "RULES_PATH", "SEGMENT_PATH"]

RULES_PATH = DATA_DIR / "concept_rules.yaml"
SEGMENT_PATH = DATA_DIR / "segment.yaml"

_RULES_REQUIRED: dict[str, Any] = {
    "hebrew_prefix_letters": str,
    "hebrew_prefix_max": int,
    "hebrew_plene_letters": str,
    "acronym_cues": list[str],
    "acronym_skippable": list[str],
    "opening_chars": int,
    "min_mentions": int,
    "generic_min_mentions": int,
    "title_weight": float,
    "opening_weight": float,
    "frequency_weight": float,
    "frequency_saturation": float,
    "generic_salience_factor": float,
    "max_concepts_per_review": int,
    "min_discovered_mentions": int,
    "min_discovered_acronym_mentions": int,
    "min_discovered_length": int,
    "max_review_share": float,
    "stop_words": list[str],
}
_RULES_OPTIONAL: dict[str, Any] = {
    "hebrew_prefix_sequence": str,
    "hebrew_genitive_word": str,
    "unprefixed_words": list[str],
    "hebrew_inflections": dict,
    "hebrew_heads": dict,
    "adjective_endings": list[str],
}

_SEGMENT_REQUIRED: dict[str, Any] = {
    "authors": list[str],
    "series_phrases": list[str],
    "latex_debris": list[str],
    "header_window": int,
    "opening_cues": list[str],
    "closing_cues": list[str],
    "closing_window": int,
    "link_labels": list[str],
    "social_hosts": list[str],
    "arxiv_hosts": list[str],
    "after_pause_cues": list[str],
    "weekend_days": list[str],
    "weekend_cues": list[str],
}
_SEGMENT_OPTIONAL: dict[str, Any] = {"title_ocr_words": dict}


@lru_cache(maxsize=4)
def load_rules(path: str | Path = RULES_PATH) -> dict[str, Any]:
    """The concept extraction rules of ``extract/data/concept_rules.yaml`` (loaded and checked once).

    Raises
    ------
    graphkb.errors.InputError
        ``file:line: what is wrong`` (see :func:`graphkb.extract.datafiles.read_mapping`).

    Examples
    --------
    >>> "paper" in load_rules()["stop_words"]
    True
    """
    rules = dict(read_mapping(path, _RULES_REQUIRED, _RULES_OPTIONAL))
    rules["stop_words"] = frozenset(str(word).casefold() for word in rules["stop_words"])
    rules["acronym_cues"] = frozenset(rules["acronym_cues"])
    rules["acronym_skippable"] = frozenset(rules["acronym_skippable"])
    rules["unprefixed_words"] = frozenset(unicodedata.normalize("NFC", str(word)) for word in rules.get("unprefixed_words") or ())
    return rules


@lru_cache(maxsize=4)
def load_segment_data(path: str | Path = SEGMENT_PATH) -> dict[str, Any]:
    """The segmenter's knowledge (``extract/data/segment.yaml``): header phrases, cues, link labels, hosts.

    Raises
    ------
    graphkb.errors.InputError
        ``file:line: what is wrong``: a misspelt or missing key, a value of the wrong type.
    """
    data = dict(read_mapping(path, _SEGMENT_REQUIRED, _SEGMENT_OPTIONAL))
    data["title_ocr_words"] = data.get("title_ocr_words") or {}
    return data


@dataclass(frozen=True, eq=False)
class Knowledge:
    """What extraction knows; one instance per set of data files (compared and hashed by identity).

    Attributes
    ----------
    lexicon : mapping of str to ConceptEntry
        The concept lexicon (:func:`graphkb.extract.lexicon.load_lexicon`).
    entities : mapping of str to EntityEntry
        Organisations, people, models, datasets (:func:`graphkb.extract.entities.load_entities`).
    cues : CueBook
        Continuation cue phrases (:func:`graphkb.extract.continuations.load_cues`).
    rules : mapping
        Concept extraction rules, Hebrew prefixes among them (:func:`load_rules`).
    segment : mapping
        The segmenter's phrases and hosts (:func:`load_segment_data`).
    concepts_path, entities_path, cues_path : Path
        The files the lexicon, the entities and the cues came from (the spaCy pipeline is built from
        the first two; worker processes reload the knowledge from all three).
    """

    lexicon: Mapping[str, "ConceptEntry"]
    entities: Mapping[str, "EntityEntry"]
    cues: "CueBook"
    rules: Mapping[str, Any]
    segment: Mapping[str, Any]
    concepts_path: Path
    entities_path: Path
    cues_path: Path

    def pipeline(self):
        """The spaCy pipeline matching this lexicon and entity list (built once per pair)."""
        from graphkb.extract.matching import build_pipeline

        return build_pipeline(str(self.concepts_path), str(self.entities_path))


def load_knowledge(
    concepts: str | Path | None = None,
    entities: str | Path | None = None,
    cues: str | Path | None = None,
) -> Knowledge:
    """Load and check the knowledge files once; each defaults to the shipped file under ``extract/data/``.

    Parameters
    ----------
    concepts : path, optional
        A concept lexicon such as ``extract/data/concepts.yaml``.
    entities : path, optional
        An entity list such as ``extract/data/entities.yaml``.
    cues : path, optional
        Continuation cue phrases such as ``extract/data/cues.yaml``.

    Raises
    ------
    graphkb.errors.InputError
        Any file is missing or wrong: one line ``file:line: what is wrong``.
    """
    from graphkb.extract.continuations import CUES_PATH
    from graphkb.extract.lexicon import ENTITIES_PATH, LEXICON_PATH

    return _load(
        Path(concepts or LEXICON_PATH),
        Path(entities or ENTITIES_PATH),
        Path(cues or CUES_PATH),
    )


@lru_cache(maxsize=8)
def _load(concepts: Path, entities: Path, cues: Path) -> Knowledge:
    from graphkb.extract.continuations import load_cues
    from graphkb.extract.entities import load_entities
    from graphkb.extract.lexicon import load_lexicon

    return Knowledge(
        lexicon=load_lexicon(concepts),
        entities=load_entities(entities),
        cues=load_cues(cues),
        rules=load_rules(),
        segment=load_segment_data(),
        concepts_path=concepts,
        entities_path=entities,
        cues_path=cues,
    )
