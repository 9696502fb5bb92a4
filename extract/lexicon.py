"""The concept lexicon: canonical concepts, their kinds, aliases and broader links.

The knowledge lives in ``extract/data/concepts.yaml`` (one entry per concept,
English and Hebrew aliases, ``broader`` links); this module loads it once,
checks it and hands out read-only entries.

Examples
--------
>>> lexicon = load_lexicon()
>>> lexicon["DPO"].broader
('preference optimization',)
>>> "ממבה" in lexicon["Mamba"].aliases
True
"""

from __future__ import annotations

import functools
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any, Iterable, Mapping

from graphkb.extract.datafiles import DATA_DIR, data_error, read_yaml
from graphkb.extract.folding import fold

__all__ = ["ConceptEntry", "Entry", "load_lexicon", "read_entries", "LEXICON_PATH", "ENTITIES_PATH", "KINDS"]

LEXICON_PATH = DATA_DIR / "concepts.yaml"
ENTITIES_PATH = DATA_DIR / "entities.yaml"

KINDS = frozenset(
    "field task method technique architecture component phenomenon theory metric algorithm paradigm dataset "
    "concept".split()
)


@dataclass(frozen=True)
class ConceptEntry:
    """One lexicon concept.

    Attributes
    ----------
    name : str
        Canonical English name.
    kind : str
        One of :data:`KINDS`.
    aliases : tuple of str
        Other names, English and Hebrew.
    broader : tuple of str
        Canonical names of broader concepts.
    generic : bool
        So broad that a passing mention says little about a review ("loss
        function"): reviews get it only from their title or repeated mentions.
    """

    name: str
    kind: str
    aliases: tuple[str, ...] = ()
    broader: tuple[str, ...] = ()
    generic: bool = False

    @property
    def names(self) -> tuple[str, ...]:
        """The canonical name followed by every alias."""
        return (self.name, *self.aliases)


@dataclass(frozen=True)
class Entry:
    """One checked entry of a lexicon-like data file (a list of ``{name, <field>, aliases, …}``).

    ``index`` is its position in the file (for :func:`~graphkb.extract.datafiles.data_error`), ``value``
    the checked ``field`` (a concept's kind, an entity's type), ``item`` the NFC-normalised mapping.
    """

    index: int
    name: str
    value: str
    aliases: tuple[str, ...]
    item: Mapping[str, Any]


def _nfc(value: Any) -> Any:
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value.strip())
    if isinstance(value, list):
        return [_nfc(item) for item in value]
    return value


def read_entries(path: str | Path, field: str, allowed: Iterable[str], what: str) -> list[Entry]:
    """Read a YAML list of ``{name, <field>, aliases, …}`` mappings and check it.

    Every string is NFC-normalised; each ``name`` must be new, each ``field`` one of ``allowed`` and
    each alias (by :func:`~graphkb.extract.folding.fold`) claimed by one name only.

    Raises
    ------
    graphkb.errors.InputError
        ``file:line: what is wrong``: the file is missing, not YAML, not a list of mappings, or an
        entry breaks one of the rules above.
    """
    data = read_yaml(path)
    if not isinstance(data, list):
        raise data_error(path, (), "must be a YAML list of entries, one `- {name: …}` a line")
    allowed = tuple(allowed)
    entries: list[Entry] = []
    names: set[str] = set()
    owner: dict[str, str] = {}
    for index, raw in enumerate(data):
        if not isinstance(raw, dict):
            raise data_error(path, (index,), f"entry {index + 1} must be a mapping such as {{name: …, {field}: …}}")
        item = {key: _nfc(value) for key, value in raw.items()}
        name, value = item.get("name"), item.get(field)
        if not isinstance(name, str) or not name:
            raise data_error(path, (index,), f"entry {index + 1} has no name")
        if value not in allowed:
            raise data_error(path, (index, field), f"{what} {name!r} has unknown {field} {value!r} (one of {', '.join(sorted(allowed))})")
        if name in names:
            raise data_error(path, (index,), f"{what} {name!r} is listed twice")
        names.add(name)
        listed = item.get("aliases") if item.get("aliases") is not None else []
        if not isinstance(listed, list):
            raise data_error(path, (index, "aliases"), f"{what} {name!r}: aliases must be a list")
        aliases = tuple(dict.fromkeys(str(alias) for alias in listed if str(alias) != name))
        for alias in (name, *aliases):
            key = fold(alias)
            if owner.setdefault(key, name) != name:
                raise data_error(path, (index,), f"alias {alias!r} is claimed by both {owner[key]!r} and {name!r}")
        entries.append(Entry(index, name, value, aliases, item))
    return entries


def _build(source: Path) -> dict[str, ConceptEntry]:
    entries = read_entries(source, "kind", KINDS, "concept")
    lexicon = {
        entry.name: ConceptEntry(
            name=entry.name,
            kind=entry.value,
            aliases=entry.aliases,
            broader=tuple(entry.item.get("broader") or ()),
            generic=bool(entry.item.get("generic", False)),
        )
        for entry in entries
    }
    for entry in entries:
        for parent in lexicon[entry.name].broader:
            if parent not in lexicon:
                raise data_error(source, (entry.index, "broader"), f"concept {entry.name!r} has unknown broader concept {parent!r}")
            if parent == entry.name:
                raise data_error(source, (entry.index, "broader"), f"concept {entry.name!r} is broader than itself")
    _check_acyclic(lexicon, source, {entry.name: entry.index for entry in entries})
    return lexicon


def _check_acyclic(lexicon: dict[str, ConceptEntry], source: Path, positions: dict[str, int]) -> None:
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done

    def visit(name: str, path: list[str]) -> None:
        if state.get(name) == 2:
            return
        if state.get(name) == 1:
            cycle = " -> ".join(path[path.index(name):] + [name])
            raise data_error(source, (positions[name], "broader"), f"broader links form a cycle: {cycle}")
        state[name] = 1
        for parent in lexicon[name].broader:
            visit(parent, path + [name])
        state[name] = 2

    for name in lexicon:
        visit(name, [])


@functools.lru_cache(maxsize=8)
def _load(path: Path) -> Mapping[str, ConceptEntry]:
    return MappingProxyType(_build(path))


def load_lexicon(path: str | Path | None = None) -> Mapping[str, ConceptEntry]:
    """The concept lexicon: canonical name -> :class:`ConceptEntry` (loaded once per path).

    Parameters
    ----------
    path : str or Path, optional
        A lexicon YAML file; the shipped ``extract/data/concepts.yaml`` by default.

    Raises
    ------
    graphkb.errors.InputError
        The file is unreadable, or invalid: unknown kind, a concept listed
        twice, an alias claimed by two concepts, a broader link to a missing
        concept, or a cycle of broader links.

    Examples
    --------
    >>> load_lexicon()["LoRA"].kind
    'method'
    """
    return _load(Path(path) if path is not None else LEXICON_PATH)
