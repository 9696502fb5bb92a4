"""An Obsidian vault of the graph: a note per review, per concept and per series, and an index note.

A review note has the date, title and arXiv link in its front matter and
heading, its text right to left (``<div dir="rtl">``), its concepts as
``[[links]]`` (what it is about, then what it also mentions), and what it
continues, is continued by and refers to.  A concept note lists its aliases
in the front matter (``aliases:``, so Obsidian's quick switcher and link
suggestions find Hebrew spellings), its broader, narrower and related
concepts as links, the reviews about it and those that only mention it.
A series note lists its reviews in order; ``graphkb index.md`` lists them all.

Every note graphkb writes says so in its front matter (``graphkb:
generated``) with a hash of its content (``graphkb-hash``).  Exporting again
into the same folder rewrites a generated note whose hash still matches (and
removes one the graph no longer has), and never touches a note without the
mark or whose content no longer matches its hash: a note the reader wrote
or edited is kept as it is and reported.

Note file names are safe on every system (no ``/:*?"<>|``, no reserved
names such as ``CON``), keep Hebrew, are NFC and carry none of the
characters Obsidian's links reserve (``#^[]|``).

Examples
--------
>>> note_name("CLLMs: Consistency [LLMs] #1 | a/b", set())
'CLLMs Consistency LLMs 1 ab'
>>> note_state(Note("Concepts/x.md", {"type": "concept"}, "# x\\n").text())
'generated'
>>> note_state("# my own note\\n")
'user'
"""

from __future__ import annotations

import datetime
import hashlib
import html
import os
import re
import tempfile
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from graphkb.export import Exported
from graphkb.export.properties import display_name, mention_weight

__all__ = ["MARK", "HASH_FIELD", "INDEX_NOTE", "FOLDERS", "Note", "note_name", "note_state", "vault_notes", "write_vault"]

MARK = "graphkb"
HASH_FIELD = "graphkb-hash"
INDEX_NOTE = "graphkb index.md"
FOLDERS = {"Review": "Reviews", "Concept": "Concepts", "Series": "Series"}
NAME_BYTES = 150  # well under every file system's 255-byte limit, with room for a suffix and ".md"
TOP_CONCEPTS = 40

_LINK_RESERVED = re.compile(r"[#^\[\]|<>]")  # what Obsidian reads as a link, heading, block or HTML
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|~#$%=^&{}])")  # links, HTML, emphasis, tags, math, comments
_HASH_LINE = re.compile(rf"^{HASH_FIELD}: ([0-9a-f]{{64}})\n", re.M)


def note_name(text: str, taken: set[str]) -> str:
    """A file name (without ``.md``) for ``text`` that is safe everywhere and not in ``taken`` (case-folded).

    The name is added to ``taken``.
    """
    from pathvalidate import sanitize_filename

    name = _LINK_RESERVED.sub("", unicodedata.normalize("NFC", text))
    name = " ".join(sanitize_filename(name, platform="universal", max_len=NAME_BYTES).split()) or "untitled"
    candidate, number = name, 1
    while candidate.casefold() in taken:
        number += 1
        candidate = f"{name} {number}"
    taken.add(candidate.casefold())
    return candidate


def _inline(text: Any) -> str:
    """Corpus text made inert on one Markdown line (no links, HTML, emphasis, tags or math from it)."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(str(text or "").split()))


def _html_text(text: str) -> str:
    """Corpus text made inert inside an HTML block: escaped, and no brackets Obsidian could read as a link."""
    return html.escape(" ".join(text.split()), quote=False).replace("[", "&#91;").replace("]", "&#93;")


def _link_text(text: str) -> str:
    """Text shown for a link or kept as an alias: nothing Obsidian would read as a link, heading, block or HTML."""
    return " ".join(_LINK_RESERVED.sub(" ", text).split())


def _yaml_date(value: Any) -> Any:
    try:
        return datetime.date.fromisoformat(value)
    except (TypeError, ValueError):
        return value


@dataclass(frozen=True)
class Note:
    """One Markdown note: its path in the vault, its front matter and its body."""

    path: str
    front: dict[str, Any]
    body: str

    def text(self) -> str:
        """The note as written: front matter (with the generated mark and the content hash), then the body.

        The hash is of the note as written without its own line, so :func:`note_state` can check it.
        """
        import yaml

        front = yaml.safe_dump({MARK: "generated", **self.front}, allow_unicode=True, sort_keys=False, width=10_000)
        digest = hashlib.sha256(f"---\n{front}---\n{self.body}".encode("utf-8")).hexdigest()
        return f"---\n{front}{HASH_FIELD}: {digest}\n---\n{self.body}"


def note_state(text: str) -> str:
    """``"generated"`` (graphkb wrote it and nobody changed it), ``"edited"`` (marked, changed since) or ``"user"``."""
    if not text.startswith("---\n"):
        return "user"
    end = text.find("\n---\n", 4)
    found = _HASH_LINE.search(text, 4, end + 1) if end != -1 else None
    if found is None or not re.search(rf"^{MARK}: generated$", text[4:end], re.M):
        return "user"
    unhashed = text[: found.start()] + text[found.end():]
    return "generated" if hashlib.sha256(unhashed.encode("utf-8")).hexdigest() == found.group(1) else "edited"


def _review_name(data: dict[str, Any]) -> str:
    title = data.get("title") or data.get("displayTitle")
    return f"{data['id']} {title}" if title else data["id"]


class _Vault:
    """The names of the notes and the links between them, for one graph."""

    def __init__(self, graph) -> None:
        self.graph = graph
        taken: set[str] = {Path(INDEX_NOTE).stem.casefold()}
        self.paths: dict[str, str] = {}
        for node, data in sorted(graph.nodes(data=True), key=lambda item: item[0]):
            folder = FOLDERS.get(data["label"])
            if folder is None:
                continue
            stem = _review_name(data)[:90] if data["label"] == "Review" else display_name(data)
            self.paths[node] = f"{folder}/{note_name(stem, taken)}.md"
        self.out: dict[str, list[tuple[str, str, dict]]] = defaultdict(list)
        self.into: dict[str, list[tuple[str, str, dict]]] = defaultdict(list)
        for source, target, rel_type, data in graph.edges(keys=True, data=True):
            self.out[source].append((rel_type, target, data))
            self.into[target].append((rel_type, source, data))

    def link(self, node: str) -> str:
        data = self.graph.nodes[node]
        shown = _review_name(data) if data["label"] == "Review" else display_name(data)
        return f"[[{self.paths[node][:-3]}|{_link_text(shown)}]]"

    def neighbours(self, node: str, rel_type: str, label: str, incoming: bool = False) -> list[tuple[str, dict]]:
        edges = (self.into if incoming else self.out)[node]
        found = [(other, data) for kind, other, data in edges if kind == rel_type and self.graph.nodes[other]["label"] == label]
        return sorted(found, key=lambda item: (self.graph.nodes[item[0]].get("date") or "", item[0]))


def _section(title: str, lines: list[str]) -> list[str]:
    return ["", f"## {title}", "", *lines] if lines else []


def _review_note(vault: _Vault, node: str) -> Note:
    data = vault.graph.nodes[node]
    papers = vault.neighbours(node, "REVIEWS", "Paper") + vault.neighbours(node, "CITES", "Paper")
    arxiv = [vault.graph.nodes[paper]["arxivId"] for paper, _ in papers if vault.graph.nodes[paper].get("arxivId")]
    series = vault.neighbours(node, "PART_OF", "Series")
    front_title = data.get("title") or data.get("displayTitle")
    front = {
        "type": "review",
        "id": data["id"],
        "date": _yaml_date(data.get("date")),
        "title": front_title,
        "titleDerived": True if data.get("titleDerived") else None,
        "arxiv": arxiv,
        "url": f"https://arxiv.org/abs/{arxiv[0]}" if arxiv else None,
        "series": [vault.link(other) for other, _ in series],
        "aliases": [_link_text(front_title)] if front_title else [],
        "tags": ["graphkb/review"],
    }
    facts = [f"**{_inline(data.get('date') or data['id'])}**"]
    facts += [f"[arXiv:{paper_id}](https://arxiv.org/abs/{paper_id})" for paper_id in arxiv[:1]]
    facts += [f"series: {vault.link(other)}" for other, _ in series]
    paragraphs = [line for line in (data.get("text") or "").splitlines() if line.strip()]
    lines = [f"# {_inline(display_name(data) or data['id'])}", "", " · ".join(facts), ""]
    lines += ['<div dir="rtl">', *(f"<p>{_html_text(paragraph)}</p>" for paragraph in paragraphs), "</div>"]
    concepts = sorted(vault.neighbours(node, "MENTIONS", "Concept"), key=lambda item: mention_weight(item[1]), reverse=True)
    lines += _section("About", [f"- {vault.link(other)}" for other, edge in concepts if edge.get("about")])
    lines += _section("Also mentions", [f"- {vault.link(other)} ({edge.get('count', 1)}×)" for other, edge in concepts if not edge.get("about")])
    entities = sorted(
        (vault.graph.nodes[other]["name"], vault.graph.nodes[other]["label"])
        for _, other, _ in [edge for edge in vault.out[node] if edge[0] == "MENTIONS"]
        if vault.graph.nodes[other]["label"] not in FOLDERS
    )
    lines += _section("Models, datasets, organisations and people", [f"- {_inline(name)} ({label})" for name, label in entities])
    for title, incoming in (("Continues", False), ("Continued by", True)):
        lines += _section(title, [
            f"- {vault.link(other)}: “{_inline(edge.get('evidence'))}” ({_inline(edge.get('kind'))})"
            for other, edge in vault.neighbours(node, "CONTINUES", "Review", incoming=incoming)
        ])
    cited = [vault.graph.nodes[paper] for paper, _ in vault.neighbours(node, "CITES", "Paper")]
    resources = [vault.graph.nodes[other] for other, _ in vault.neighbours(node, "LINKS_TO", "Resource")]
    lines += _section("Refers to", [f"- <{item['url']}>" for item in cited + resources if item.get("url")])
    return Note(vault.paths[node], {k: v for k, v in front.items() if v not in (None, [], "")}, "\n".join(lines) + "\n")


def _concept_note(vault: _Vault, node: str) -> Note:
    data = vault.graph.nodes[node]
    spellings = (_link_text(unicodedata.normalize("NFC", alias)) for alias in data.get("aliases") or [])
    aliases = [alias for alias in dict.fromkeys(spellings) if alias and alias != data["name"]]
    front = {"type": "concept", "name": data["name"], "kind": data.get("kind"), "aliases": aliases, "tags": ["graphkb/concept"]}
    lines = [f"# {_inline(data['name'])}", "", f"Kind: {_inline(data.get('kind') or 'concept')}"]
    if aliases:
        lines[-1] += " · also written: " + ", ".join(_inline(alias) for alias in aliases)
    lines += _section("Broader", [f"- {vault.link(other)}" for other, _ in vault.neighbours(node, "BROADER", "Concept")])
    lines += _section("Narrower", [f"- {vault.link(other)}" for other, _ in vault.neighbours(node, "BROADER", "Concept", incoming=True)])
    related = vault.neighbours(node, "RELATED", "Concept") + vault.neighbours(node, "RELATED", "Concept", incoming=True)
    related.sort(key=lambda item: -(item[1].get("weight") or 0))
    lines += _section("Related", [f"- {vault.link(other)} (co-occurrence {edge.get('weight', 0):.2f})" for other, edge in related])
    reviews = vault.neighbours(node, "MENTIONS", "Review", incoming=True)
    lines += _section("Reviews about it", [f"- {vault.link(other)}" for other, edge in reviews if edge.get("about")])
    lines += _section("Also mentioned in", [f"- {vault.link(other)}" for other, edge in reviews if not edge.get("about")])
    return Note(vault.paths[node], {k: v for k, v in front.items() if v not in (None, [], "")}, "\n".join(lines) + "\n")


def _series_note(vault: _Vault, node: str) -> Note:
    data = vault.graph.nodes[node]
    front = {"type": "series", "id": data["id"], "name": data.get("name"), "start": _yaml_date(data.get("start")),
             "end": _yaml_date(data.get("end")), "size": data.get("size"), "tags": ["graphkb/series"]}
    reviews = vault.neighbours(node, "PART_OF", "Review", incoming=True)
    lines = [f"# {_inline(display_name(data))}", "", f"{len(reviews)} reviews, {_inline(data.get('start'))} … {_inline(data.get('end'))}"]
    lines += _section("Reviews, in order", [f"{number}. {vault.link(other)}" for number, (other, _) in enumerate(reviews, 1)])
    return Note(vault.paths[node], {k: v for k, v in front.items() if v is not None}, "\n".join(lines) + "\n")


def _index_note(vault: _Vault) -> Note:
    graph = vault.graph
    by_label: dict[str, list[str]] = defaultdict(list)
    for node in vault.paths:
        by_label[graph.nodes[node]["label"]].append(node)
    reviews = sorted(by_label["Review"], key=lambda node: (graph.nodes[node].get("date") or "", node))
    mentioned = {node: len(vault.neighbours(node, "MENTIONS", "Review", incoming=True)) for node in by_label["Concept"]}
    top = sorted(mentioned, key=lambda node: (-mentioned[node], node))[:TOP_CONCEPTS]
    lines = ["# The series in this vault", "",
             f"{len(reviews)} reviews, {len(by_label['Concept'])} concepts, {len(by_label['Series'])} series."]
    lines += _section("Series", [f"- {vault.link(node)}" for node in sorted(by_label["Series"], key=lambda n: graph.nodes[n].get("start") or "")])
    lines += _section("Most reviewed concepts", [f"- {vault.link(node)} ({mentioned[node]} reviews)" for node in top])
    months: dict[str, list[str]] = defaultdict(list)
    for node in reviews:
        months[(graph.nodes[node].get("date") or "undated")[:7]].append(node)
    for month, members in months.items():
        lines += ["", f"### {month}", "", *(f"- {vault.link(node)}" for node in members)]
    return Note(INDEX_NOTE, {"type": "index", "tags": ["graphkb/index"]}, "\n".join(lines) + "\n")


def vault_notes(graph) -> list[Note]:
    """Every note of the vault of ``graph``: reviews, concepts, series, then the index."""
    vault = _Vault(graph)
    build = {"Review": _review_note, "Concept": _concept_note, "Series": _series_note}
    notes = [build[graph.nodes[node]["label"]](vault, node) for node in vault.paths]
    return notes + [_index_note(vault)]


def _replace(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` atomically: a crash leaves the old note or the new one, never half of one."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".graphkb-", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as out:
            out.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def write_vault(graph, folder: Path) -> Exported:
    """Write the vault of ``graph`` into ``folder``, keeping every note a reader wrote or edited.

    Returns the notes written (new or changed), the notes kept because they are
    the reader's, and the generated notes removed because the graph no longer
    has what they describe.
    """
    folder = Path(folder)
    done = Exported()
    wanted = set()
    for note in vault_notes(graph):
        path = folder / note.path
        wanted.add(path)
        text = note.text()
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.exists():
            current = path.read_text(encoding="utf-8", errors="replace")  # not UTF-8: not ours, kept
            if note_state(current) != "generated":
                done.kept.append(path)
                continue
            if current == text:
                continue
        _replace(path, text)
        done.files.append(path)
    for subfolder in FOLDERS.values():
        for path in sorted((folder / subfolder).glob("*.md")):
            if path not in wanted and note_state(path.read_text(encoding="utf-8", errors="replace")) == "generated":
                path.unlink()
                done.removed.append(path)
    return done
