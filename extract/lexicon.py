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
import hashlib
import json
import os
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any, Callable, Iterable, Mapping, TypeVar

from graphkb.errors import InputError

__all__ = ["ConceptEntry", "load_lexicon", "read_entries", "read_yaml", "cached_json", "LEXICON_PATH", "ENTITIES_PATH", "KINDS"]

DATA_DIR = Path(__file__).parent / "data"
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


def alias_key(name: str) -> str:
    """The key under which two spellings count as one alias: NFC, case-folded, hyphens as spaces.

    >>> alias_key("KV-Cache") == alias_key("kv cache")
    True
    """
    text = unicodedata.normalize("NFC", name).casefold().replace("-", " ").replace("–", " ")
    return " ".join(text.split())


T = TypeVar("T")

CACHE_FORMAT = "1"


def _cache_dir() -> Path:
    configured = os.environ.get("GRAPHKB_CACHE_DIR")
    if configured:
        return Path(configured)
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "graphkb"


def cached_json(kind: str, key_parts: Iterable[str | bytes], compute: Callable[[], T]) -> T:
    """``compute()``, remembered as JSON under a hash of ``key_parts`` (the data it derives from).

    The cache lives in ``$GRAPHKB_CACHE_DIR`` (default ``~/.cache/graphkb``); a
    change to any key part makes a new entry, and an unwritable or corrupt
    cache only costs the recomputation.  JSON turns tuples into lists.
    """
    digest = hashlib.sha1(CACHE_FORMAT.encode())
    for part in key_parts:
        digest.update(part if isinstance(part, bytes) else part.encode("utf-8"))
        digest.update(b"\0")
    path = _cache_dir() / f"{kind}-{digest.hexdigest()}.json"
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        pass
    value = compute()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        scratch = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        scratch.write_text(json.dumps(value, ensure_ascii=False), encoding="utf-8")
        scratch.replace(path)
        stale = sorted(path.parent.glob(f"{kind}-*.json"), key=lambda entry: entry.stat().st_mtime)[:-8]
        for entry in stale:  # keep the cache small: the newest entries of each kind
            entry.unlink(missing_ok=True)
    except OSError:
        pass
    return value


def read_yaml(path: str | Path) -> Any:
    """A YAML data file's content, parsed once per content (see :func:`cached_json`).

    Raises
    ------
    graphkb.errors.InputError
        The file is missing, unreadable or not valid YAML.
    """
    path = Path(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"lexicon file not found: {path}") from None
    except OSError as error:
        raise InputError(f"cannot read lexicon file {path}: {error}") from None

    def parse() -> Any:
        import yaml

        try:
            return yaml.load(raw.decode("utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
        except (UnicodeDecodeError, yaml.YAMLError) as error:
            raise InputError(f"lexicon file {path} is not valid YAML: {error}") from None

    return cached_json("yaml", [raw], parse)


def read_entries(path: str | Path) -> list[dict[str, Any]]:
    """Read a YAML list of mappings (a lexicon data file), NFC-normalising every string.

    Raises
    ------
    graphkb.errors.InputError
        The file is missing, is not YAML, or is not a list of mappings.
    """
    data = read_yaml(path)
    if not isinstance(data, list) or not all(isinstance(item, dict) for item in data):
        raise InputError(f"lexicon file {path} must be a YAML list of mappings")

    def nfc(value: Any) -> Any:
        if isinstance(value, str):
            return unicodedata.normalize("NFC", value.strip())
        if isinstance(value, list):
            return [nfc(item) for item in value]
        return value

    return [{key: nfc(value) for key, value in item.items()} for item in data]


def _build(entries: list[dict[str, Any]], source: Path) -> dict[str, ConceptEntry]:
    lexicon: dict[str, ConceptEntry] = {}
    owner: dict[str, str] = {}
    for number, item in enumerate(entries, 1):
        name, kind = item.get("name"), item.get("kind")
        if not isinstance(name, str) or not name:
            raise InputError(f"{source}: entry {number} has no name")
        if kind not in KINDS:
            raise InputError(f"{source}: concept {name!r} has unknown kind {kind!r} (one of {sorted(KINDS)})")
        if name in lexicon:
            raise InputError(f"{source}: concept {name!r} is listed twice")
        aliases = tuple(dict.fromkeys(str(alias) for alias in item.get("aliases") or () if str(alias) != name))
        broader = tuple(item.get("broader") or ())
        for alias in (name, *aliases):
            key = alias_key(alias)
            if owner.setdefault(key, name) != name:
                raise InputError(f"{source}: alias {alias!r} is claimed by both {owner[key]!r} and {name!r}")
        lexicon[name] = ConceptEntry(name=name, kind=kind, aliases=aliases, broader=broader, generic=bool(item.get("generic", False)))
    for entry in lexicon.values():
        for parent in entry.broader:
            if parent not in lexicon:
                raise InputError(f"{source}: concept {entry.name!r} has unknown broader concept {parent!r}")
            if parent == entry.name:
                raise InputError(f"{source}: concept {entry.name!r} is broader than itself")
    _check_acyclic(lexicon, source)
    return lexicon


def _check_acyclic(lexicon: dict[str, ConceptEntry], source: Path) -> None:
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done

    def visit(name: str, path: list[str]) -> None:
        if state.get(name) == 2:
            return
        if state.get(name) == 1:
            cycle = " -> ".join(path[path.index(name):] + [name])
            raise InputError(f"{source}: broader links form a cycle: {cycle}")
        state[name] = 1
        for parent in lexicon[name].broader:
            visit(parent, path + [name])
        state[name] = 2

    for name in lexicon:
        visit(name, [])


@functools.lru_cache(maxsize=8)
def _load(path: Path) -> Mapping[str, ConceptEntry]:
    return MappingProxyType(_build(read_entries(path), path))


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
