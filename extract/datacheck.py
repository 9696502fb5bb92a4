"""Check every knowledge file the way extraction reads it: the curator's ``graphkb lexicon check``.

Each data file under ``extract/data/`` is loaded by its own loader (the
lexicon, the entity list, the cue phrases, the concept, segmentation,
transliteration, context and aboutness rules); a loader stops at a file's first
fault and says where it is (``file:line: what is wrong``), so each file
yields at most one error, and fixing it shows the next.  A YAML file no loader
knows is at least parsed.

Examples
--------
>>> checks = check_data_files()
>>> [check.error for check in checks if check.error]
[]
>>> next(check.summary for check in checks if check.path.name == "concepts.yaml")  # doctest: +ELLIPSIS
'... concepts'
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from graphkb.errors import InputError
from graphkb.extract.datafiles import DATA_DIR, read_yaml

__all__ = ["DataFileCheck", "check_data_files"]


@dataclass(frozen=True)
class DataFileCheck:
    """What checking one data file found: a summary of what it holds, or its first error."""

    path: Path
    summary: str | None = None
    error: str | None = None


def _concepts(path: Path) -> str:
    from graphkb.extract.lexicon import load_lexicon

    return f"{len(load_lexicon(path))} concepts"


def _entities(path: Path) -> str:
    from graphkb.extract.entities import load_entities

    return f"{len(load_entities(path))} entities"


def _cues(path: Path) -> str:
    from graphkb.extract.continuations import load_cues

    return f"{len(load_cues(path).cues)} cue phrases"


def _concept_rules(path: Path) -> str:
    from graphkb.extract.knowledge import load_rules

    return f"{len(load_rules(path)['stop_words'])} stop words"


def _segment(path: Path) -> str:
    from graphkb.extract.knowledge import load_segment_data

    load_segment_data(path)
    return "segmentation rules"


def _transliteration(path: Path) -> str:
    from graphkb.extract.transliteration import load_transliteration_rules

    rules = load_transliteration_rules(path)
    return f"{len(rules.latin_graphemes)} English spellings and {len(rules.hebrew_letters)} Hebrew letters"


def _context(path: Path) -> str:
    from graphkb.extract.context import load_context_rules
    from graphkb.extract.datafiles import data_error
    from graphkb.extract.lexicon import load_lexicon

    rules = load_context_rules(path)
    lexicon = path.parent / "concepts.yaml"
    names = load_lexicon(lexicon).keys() if lexicon.exists() else rules.senses.keys()
    unknown = sorted(rules.senses.keys() - names)
    if unknown:
        raise data_error(path, ("senses", unknown[0]), f"senses.{unknown[0]}: no concept of that name in {lexicon.name}")
    return "context rules"


def _aboutness(path: Path) -> str:
    from graphkb.extract.aboutness import load_aboutness_model

    load_aboutness_model(path)
    return "aboutness model"


def _parsed(path: Path) -> str:
    read_yaml(path)
    return "parsed"


_CHECKERS: dict[str, Callable[[Path], str]] = {
    "concepts.yaml": _concepts,
    "entities.yaml": _entities,
    "cues.yaml": _cues,
    "concept_rules.yaml": _concept_rules,
    "segment.yaml": _segment,
    "transliteration.yaml": _transliteration,
    "context.yaml": _context,
    "aboutness.yaml": _aboutness,
}


def check_data_files(
    concepts: str | Path | None = None,
    entities: str | Path | None = None,
    cues: str | Path | None = None,
    data_dir: str | Path = DATA_DIR,
) -> list[DataFileCheck]:
    """Check every YAML file of ``data_dir``, with ``concepts``/``entities``/``cues`` in place of the shipped ones.

    Parameters
    ----------
    concepts, entities, cues : path, optional
        A user's own lexicon, entity list or cue phrases, checked instead of the shipped file.
    data_dir : path
        The folder of the other data files (the shipped ``extract/data/`` by default).

    Returns
    -------
    list of DataFileCheck
        One per file, in file-name order: its ``error`` (``file:line: message``) or its ``summary``.
    """
    files = {path.name: path for path in sorted(Path(data_dir).glob("*.yaml"))}
    for name, own in (("concepts.yaml", concepts), ("entities.yaml", entities), ("cues.yaml", cues)):
        if own is not None:
            files[name] = Path(own)
    checks = []
    for name, path in sorted(files.items()):
        try:
            checks.append(DataFileCheck(path, summary=_CHECKERS.get(name, _parsed)(path)))
        except InputError as error:
            checks.append(DataFileCheck(path, error=str(error)))
    return checks
