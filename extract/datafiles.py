"""The one reader of the YAML knowledge files under ``extract/data/`` (or a user's own copies).

Every data file is parsed by :func:`read_yaml` (once per content, see
:func:`cached_json`) and checked against the keys its readers need
(:func:`read_mapping`).  Whatever is wrong (a YAML syntax error, a missing or
misspelt key, a value of the wrong type) becomes one
:class:`~graphkb.errors.InputError` reading ``file:line: what is wrong``.

Examples
--------
>>> import tempfile, pathlib
>>> path = pathlib.Path(tempfile.mkdtemp()) / "segment.yaml"
>>> _ = path.write_text("header_window: 120\\nauthers: [מייק]\\n", encoding="utf-8")
>>> read_mapping(path, {"header_window": int, "authors": list[str]})
Traceback (most recent call last):
...
graphkb.errors.InputError: .../segment.yaml:2: unknown key 'authers' (did you mean 'authors'?)
"""

from __future__ import annotations

import difflib
import hashlib
import json
import os
import typing
from pathlib import Path
from typing import Any, Callable, Iterable, Mapping, Sequence, TypeVar

from graphkb.errors import InputError

__all__ = ["DATA_DIR", "read_yaml", "read_mapping", "check_value", "data_error", "line_of", "cached_json"]

DATA_DIR = Path(__file__).parent / "data"

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
    encoded = [part if isinstance(part, bytes) else part.encode("utf-8") for part in key_parts]
    if encoded:  # each part then a NUL, hashed in one call (keys hold thousands of words)
        digest.update(b"\0".join(encoded) + b"\0")
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


def _loader():
    import yaml

    return getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_yaml(path: str | Path) -> Any:
    """A YAML data file's content, parsed once per content (see :func:`cached_json`).

    Raises
    ------
    graphkb.errors.InputError
        The file is missing, unreadable, not UTF-8 or not valid YAML (with the line of the fault).
    """
    path = Path(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{path}: data file not found") from None
    except OSError as error:
        raise InputError(f"{path}: cannot read data file: {error.strerror or error}") from None

    def parse() -> Any:
        import yaml

        try:
            return yaml.load(raw.decode("utf-8"), Loader=_loader())
        except UnicodeDecodeError as error:
            raise InputError(f"{path}:1: not UTF-8 text ({error.reason} at byte {error.start})") from None
        except yaml.MarkedYAMLError as error:
            mark = error.problem_mark or error.context_mark
            line = mark.line + 1 if mark is not None else 1
            raise InputError(f"{path}:{line}: not valid YAML: {error.problem or error.context}") from None
        except yaml.YAMLError as error:
            raise InputError(f"{path}:1: not valid YAML: {error}") from None

    return cached_json("yaml", [raw], parse)


def line_of(path: str | Path, where: Sequence[str | int] = ()) -> int:
    """The 1-based line of the value at ``where`` (mapping keys and list indices) in a YAML file.

    The deepest part of ``where`` the file holds decides; a key's line is that of the key itself.
    """
    import yaml

    try:
        node = yaml.compose(Path(path).read_text(encoding="utf-8"), Loader=_loader())
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return 1
    line = node.start_mark.line + 1 if node is not None else 1
    for step in where:
        if isinstance(node, yaml.MappingNode):
            found = next(((key, value) for key, value in node.value if key.value == step), None)
            if found is None:
                break
            line, node = found[0].start_mark.line + 1, found[1]
        elif isinstance(node, yaml.SequenceNode) and isinstance(step, int) and 0 <= step < len(node.value):
            node = node.value[step]
            line = node.start_mark.line + 1
        else:
            break
    return line


def data_error(path: str | Path, where: Sequence[str | int], message: str) -> InputError:
    """An :class:`~graphkb.errors.InputError` reading ``path:line: message`` for the value at ``where``."""
    return InputError(f"{path}:{line_of(path, where)}: {message}")


def _type_name(spec: Any) -> str:
    origin = typing.get_origin(spec)
    if origin is list:
        return f"a list of {_type_name(typing.get_args(spec)[0])}"
    if origin is dict:
        return "a mapping"
    names = {str: "text", int: "a whole number", float: "a number", bool: "true or false", list: "a list", dict: "a mapping"}
    return names.get(spec, getattr(spec, "__name__", str(spec)))


def _fits(value: Any, spec: Any) -> bool:
    origin = typing.get_origin(spec)
    if origin is list:
        (item,) = typing.get_args(spec)
        return isinstance(value, list) and all(_fits(element, item) for element in value)
    if origin is dict:
        return isinstance(value, dict)
    if spec is float:
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if spec is int:
        return isinstance(value, int) and not isinstance(value, bool)
    if spec is str:
        return isinstance(value, (str, int, float)) and not isinstance(value, bool)  # YAML reads 12 for "12"
    return isinstance(value, spec)


def check_value(path: str | Path, where: Sequence[str | int], value: Any, spec: Any) -> None:
    """Raise :func:`data_error` unless ``value`` has the type ``spec`` (``int``, ``float``, ``str``, ``list[str]``…)."""
    if not _fits(value, spec):
        raise data_error(path, where, f"`{where[-1]}` must be {_type_name(spec)}, not {value!r:.60}")


def read_mapping(path: str | Path, required: Mapping[str, Any], optional: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """A YAML mapping file whose keys are exactly ``required`` (each present) and some of ``optional``.

    Each of ``required``/``optional`` maps a key to the type of its value (``int``, ``float``, ``str``,
    ``bool``, ``list``, ``dict``, ``list[str]``); ``None`` as a value of an optional key means "absent".

    Raises
    ------
    graphkb.errors.InputError
        ``file:line: what is wrong``: not a mapping, an unknown (misspelt) key, a missing key, a value of
        the wrong type.
    """
    optional = dict(optional or {})
    data = read_yaml(path)
    if not isinstance(data, dict):
        raise data_error(path, (), f"must be a YAML mapping with the keys {', '.join(required)}")
    known = {**required, **optional}
    for key in data:
        if key not in known:
            close = difflib.get_close_matches(str(key), list(known), n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else f" (known keys: {', '.join(sorted(known))})"
            raise data_error(path, (key,), f"unknown key {key!r}{hint}")
    for key in required:
        if key not in data:
            raise data_error(path, (), f"missing key {key!r}")
    for key, value in data.items():
        if value is None and key in optional:
            continue
        check_value(path, (key,), value, known[key])
    return data
