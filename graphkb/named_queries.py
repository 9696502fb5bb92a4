"""The named query library: ``queries/*.cypher`` read with their header comments.

A file's header says what the query is for, its parameters and an example::

    // purpose: The concepts most reviews mention, optionally of one kind only.
    // param limit: int = 20  at most this many concepts
    // param kind: string = null  only concepts of this kind
    // example: graphkb query --name top_concepts --param limit=10

A parameter without ``= DEFAULT`` is required; types are ``string``, ``int``,
``float``, ``bool`` and ``list`` (of strings).  ``NAME.falkordb.cypher`` and
``NAME.neo4j.cypher`` hold store-specific texts of one query ``NAME``.

Examples
--------
>>> library = load_library()
>>> query = library["top_concepts"]
>>> query.bind({"limit": "5"})
{'limit': 5, 'kind': None}
>>> get_query("top_concept").name
Traceback (most recent call last):
...
graphkb.errors.UnknownNameError: no named query 'top_concept' (did you mean: top_concepts?)
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graphkb.errors import InputError, QueryError, UnknownNameError

__all__ = [
    "Parameter",
    "NamedQuery",
    "ENGINES",
    "load_library",
    "get_query",
    "parse_param_args",
    "run_named",
    "example_parameters",
]

ENGINES = ("falkordb", "neo4j")
TYPES = ("string", "int", "float", "bool", "list")
HEADER_LINE = re.compile(r"^\s*//\s?(?P<text>.*)$")
FIELD = re.compile(r"^(?:(?P<field>purpose|example):|(?P<param>param)\s)\s*(?P<rest>.*)$")
PARAM = re.compile(r"^(?P<name>[A-Za-z_]\w*)\s*:\s*(?P<type>\w+)(?:\s*=\s*(?P<default>\S+))?\s*(?P<text>.*)$")
QUERY_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
NO_DEFAULT = object()


@dataclass(frozen=True)
class Parameter:
    """A named query's parameter; ``default`` is :data:`NO_DEFAULT` when required."""

    name: str
    type: str
    description: str = ""
    default: Any = NO_DEFAULT

    @property
    def required(self) -> bool:
        return self.default is NO_DEFAULT

    def coerce(self, value: Any) -> Any:
        """``value`` (text from the command line, or a Python value) as this parameter's type."""
        if value is None:
            return None
        try:
            if self.type == "string":
                return value if isinstance(value, str) else str(value)
            if self.type == "int":
                if isinstance(value, bool) or (isinstance(value, float) and not value.is_integer()):
                    raise ValueError
                return int(value)
            if self.type == "float":
                return float(value)
            if self.type == "bool":
                if isinstance(value, bool):
                    return value
                lowered = str(value).strip().lower()
                if lowered not in ("true", "false", "yes", "no", "1", "0"):
                    raise ValueError
                return lowered in ("true", "yes", "1")
            if isinstance(value, (list, tuple)):
                return [str(item) for item in value]
            return [item.strip() for item in str(value).split(",") if item.strip()]
        except ValueError:
            raise QueryError(f"parameter {self.name} must be {'an' if self.type == 'int' else 'a'} {self.type}, not {value!r}") from None


@dataclass
class NamedQuery:
    """One named query: its header and its Cypher text per store."""

    name: str
    purpose: str
    parameters: list[Parameter]
    example: str
    texts: dict[str, str] = field(default_factory=dict)  # engine (or "any") -> Cypher
    files: list[Path] = field(default_factory=list)

    def cypher_for(self, engine: str) -> str:
        """The Cypher text to run on ``engine`` (``"falkordb"`` or ``"neo4j"``)."""
        text = self.texts.get(engine) or self.texts.get("any")
        if text is None:
            raise QueryError(f"named query {self.name} runs only on {', '.join(sorted(self.texts))}, not on {engine}")
        return text

    def bind(self, values: dict[str, Any]) -> dict[str, Any]:
        """Parameters for a run: ``values`` coerced to their types, defaults filled in.

        Raises
        ------
        QueryError
            A required parameter is missing, or ``values`` names one the query does not have.
        """
        known = {parameter.name: parameter for parameter in self.parameters}
        unknown = sorted(set(values) - set(known))
        if unknown:
            expected = ", ".join(known) or "none"
            raise QueryError(f"query {self.name} has no parameter {', '.join(unknown)} (its parameters: {expected})")
        missing = [name for name, parameter in known.items() if parameter.required and name not in values]
        if missing:
            usage = " ".join(f"--param {name}=…" for name in missing)
            raise QueryError(f"query {self.name} needs parameter {', '.join(missing)}: add {usage}")
        return {
            name: parameter.coerce(values[name]) if name in values else parameter.default
            for name, parameter in known.items()
        }


def _parse_file(path: Path) -> tuple[str, str, dict[str, Any]]:
    """(name, engine, header fields and body) of one query file."""
    parts = path.name[: -len(".cypher")].split(".")
    name, engine = parts[0], parts[1] if len(parts) == 2 else "any"
    if not QUERY_NAME.match(name) or len(parts) > 2 or (engine != "any" and engine not in ENGINES):
        raise InputError(f"{path.name}: query files are NAME.cypher or NAME.<{'|'.join(ENGINES)}>.cypher")
    lines = path.read_text(encoding="utf-8").splitlines()
    header: dict[str, Any] = {"purpose": [], "param": [], "example": []}
    current: list[str] | None = None
    body_start = 0
    for index, line in enumerate(lines):
        comment = HEADER_LINE.match(line)
        if not comment:
            if line.strip():
                break
            body_start = index + 1
            continue
        body_start = index + 1
        text = comment.group("text").strip()
        tagged = FIELD.match(text)
        if tagged:
            current = header[tagged.group("field") or tagged.group("param")]
            current.append(tagged.group("rest").strip())
        elif current is not None and text:
            current[-1] = f"{current[-1]} {text}"
    header["body"] = "\n".join(lines[body_start:]).strip()
    if not header["purpose"] or not header["example"] or not header["body"]:
        raise InputError(f"{path.name}: a query file needs // purpose:, // example: and a Cypher body")
    return name, engine, header


def _parse_parameter(spec: str, path: Path) -> Parameter:
    match = PARAM.match(spec)
    if not match or match.group("type") not in TYPES:
        raise InputError(f"{path.name}: bad parameter line {spec!r} (want NAME: {'|'.join(TYPES)} [= DEFAULT] text)")
    default: Any = NO_DEFAULT
    if match.group("default") is not None:
        try:
            default = json.loads(match.group("default"))
        except ValueError:
            raise InputError(f"{path.name}: default of {match.group('name')} must be JSON (null, 20, \"text\")") from None
    return Parameter(match.group("name"), match.group("type"), match.group("text").strip(), default)


def load_library(directory: str | Path | None = None) -> dict[str, NamedQuery]:
    """All named queries in ``directory`` (the shipped ``queries/`` when omitted), by name.

    Raises
    ------
    InputError
        A file breaks the naming or header rules, or two texts of one query
        disagree on parameters.
    """
    if directory is None:
        from graphkb.queries import QUERIES_DIR

        directory = QUERIES_DIR
    library: dict[str, NamedQuery] = {}
    for path in sorted(Path(directory).glob("*.cypher")):
        name, engine, header = _parse_file(path)
        parameters = [_parse_parameter(spec, path) for spec in header["param"]]
        known = library.get(name)
        if known is None:
            known = library[name] = NamedQuery(name, header["purpose"][0], parameters, header["example"][0])
        elif [p.name for p in known.parameters] != [p.name for p in parameters]:
            raise InputError(f"{path.name}: its parameters differ from the other text of query {name}")
        if engine in known.texts or (engine == "any" and known.texts) or "any" in known.texts:
            raise InputError(f"{path.name}: query {name} has a text for every store already")
        known.texts[engine] = header["body"]
        known.files.append(path)
    return library


def get_query(name: str, library: dict[str, NamedQuery] | None = None) -> NamedQuery:
    """The named query ``name``; an unknown name raises with the close ones.

    Raises
    ------
    UnknownNameError
        With ``candidates``: the names closest to ``name``.
    """
    library = load_library() if library is None else library
    if name in library:
        return library[name]
    from rapidfuzz import fuzz, process, utils

    close = process.extract(name, list(library), scorer=fuzz.WRatio, processor=utils.default_process, limit=5, score_cutoff=60)
    best = close[0][1] if close else 0
    raise UnknownNameError(f"no named query {name!r}", [candidate for candidate, score, _ in close if score >= best - 5])


def parse_param_args(pairs: tuple[str, ...] | list[str]) -> dict[str, Any]:
    """``--param`` values as a dict: ``key=value`` gives text, ``key:=JSON`` a typed value.

    Named queries convert text to their declared types.

    >>> parse_param_args(["concept=DPO", "limit:=5"])
    {'concept': 'DPO', 'limit': 5}
    """
    params: dict[str, Any] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key:
            raise QueryError(f"--param {pair!r}: write key=value (or key:=JSON)")
        if key.endswith(":"):
            key = key[:-1]
            try:
                params[key] = json.loads(value)
            except ValueError:
                raise QueryError(f"--param {key}:= wants JSON, not {value!r}") from None
            except RecursionError:
                raise QueryError(f"--param {key}:= nests JSON too deeply") from None
        else:
            params[key] = value
    return params


def run_named(store, name: str, values: dict[str, Any] | None = None, library: dict[str, NamedQuery] | None = None):
    """Run the named query ``name`` on ``store``; returns ``(columns, rows)``.

    Examples
    --------
    >>> run_named(store, "reviews_about_concept", {"concept": "DPO"})  # doctest: +SKIP
    """
    query = get_query(name, library)
    return store.query(query.cypher_for(store.engine), query.bind(values or {}))


def example_parameters(store, library: dict[str, NamedQuery] | None = None) -> dict[str, dict[str, Any]]:
    """Required parameters for each named query ``store`` runs, picked from its graph.

    The two most mentioned concepts, a review that continues another, an arXiv
    id, the most mentioned organisation or model and a date range: for
    benchmarks and for checking that two stores answer alike.
    """
    library = load_library() if library is None else library

    def first(cypher: str, default: Any) -> Any:
        rows = store.query(cypher)[1]
        return rows[0][0] if rows else default

    top = [row[0] for row in store.query(
        "MATCH (:Review)-[:MENTIONS]->(c:Concept) RETURN c.name AS name, count(*) AS n ORDER BY n DESC, name LIMIT 2"
    )[1]]
    concept, other = (top + ["LLM", "RLHF"])[:2]
    dates = [row[0] for row in store.query("MATCH (r:Review) RETURN r.date AS date ORDER BY date")[1]]
    values = {
        "concept": concept,
        "topic_a": concept,
        "topic_b": other,
        "source": concept,
        "target": other,
        "review": first("MATCH (r:Review)-[:CONTINUES]->() RETURN r.id AS id ORDER BY id LIMIT 1", "2024-06-16"),
        "arxiv": first("MATCH (p:Paper) WHERE p.arxivId IS NOT NULL RETURN p.arxivId AS id ORDER BY id LIMIT 1", "2403.00835"),
        "entity": first(
            "MATCH (:Review)-[:MENTIONS]->(e) WHERE e:Organization OR e:Model "
            "RETURN e.name AS name, count(*) AS n ORDER BY n DESC, name LIMIT 1",
            "OpenAI",
        ),
        "start": dates[len(dates) // 4] if dates else "2024-07-01",
        "end": dates[len(dates) // 2] if dates else "2024-07-31",
    }
    return {
        name: {p.name: values.get(p.name, concept) for p in named.parameters if p.required}
        for name, named in library.items()
        if "any" in named.texts or store.engine in named.texts
    }
