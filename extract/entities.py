"""Named entities: organisations, people, models and datasets, in English canonical form.

The list lives in ``extract/data/entities.yaml``; Hebrew-letter spellings are
aliases ("אנטרופיק" -> Anthropic).  Matching is done by the spaCy pipeline of
:mod:`graphkb.extract.matching` (component ``graphkb_entity_matcher``).

Examples
--------
>>> entities = load_entities()
>>> entities["Ilya Sutskever"].type
'Person'
>>> "אנטרופיק" in entities["Anthropic"].aliases
True
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Mapping

from graphkb.records import ENTITY_TYPES

from graphkb.extract.lexicon import ENTITIES_PATH, read_entries

__all__ = ["EntityEntry", "load_entities"]


@dataclass(frozen=True)
class EntityEntry:
    """One named entity.

    Attributes
    ----------
    name : str
        Canonical English name.
    type : str
        One of ``Organization``, ``Person``, ``Model``, ``Dataset``.
    aliases : tuple of str
        Other spellings, Hebrew-letter ones included.
    exact : bool
        The name is also a common word ("Meta", "Gemini"): it matches only as
        written in one of its forms, capitals included.
    """

    name: str
    type: str
    aliases: tuple[str, ...] = ()
    exact: bool = False

    @property
    def names(self) -> tuple[str, ...]:
        """The canonical name followed by every alias."""
        return (self.name, *self.aliases)


@functools.lru_cache(maxsize=8)
def _load(path: Path) -> Mapping[str, EntityEntry]:
    return MappingProxyType(
        {
            entry.name: EntityEntry(name=entry.name, type=entry.value, aliases=entry.aliases, exact=bool(entry.item.get("exact", False)))
            for entry in read_entries(path, "type", ENTITY_TYPES, "entity")
        }
    )


def load_entities(path: str | Path | None = None) -> Mapping[str, EntityEntry]:
    """The entity list: canonical name -> :class:`EntityEntry` (loaded once per path).

    Raises
    ------
    graphkb.errors.InputError
        The file is unreadable or invalid: unknown type, an entity listed
        twice, or an alias claimed by two entities.

    Examples
    --------
    >>> load_entities()["Anthropic"].type
    'Organization'
    """
    return _load(Path(path) if path is not None else ENTITIES_PATH)
