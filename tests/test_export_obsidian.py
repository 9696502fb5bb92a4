"""The Obsidian vault parsed as Obsidian reads it: front matter, aliases, [[links]]; a re-export keeps the reader's notes."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path

import frontmatter
import pytest
from click.testing import CliRunner

from graphkb.cli import cli
from graphkb.export.obsidian import INDEX_NOTE, Note, note_state, vault_notes
from graphkb.model import graph_rows, to_networkx
from graphkb.records import Extraction, Review

WIKILINK = re.compile(r"\[\[([^\]|#^]+)(?:\|([^\]]*))?\]\]")
UNSAFE = re.compile(r'[/\\:*?"<>|#^\[\]\x00-\x1f]')


def export_vault(data_dir, folder: Path):
    result = CliRunner().invoke(cli, ["export", "--format", "obsidian", "-o", str(folder), "--data-dir", str(data_dir)])
    assert result.exit_code == 0, result.output
    return result


def read_vault(folder: Path) -> dict[str, frontmatter.Post]:
    """Every note by its vault path without ``.md``, the way Obsidian names link targets."""
    return {path.relative_to(folder).with_suffix("").as_posix(): frontmatter.load(path) for path in folder.rglob("*.md")}


def links(post: frontmatter.Post) -> list[str]:
    return [target for target, _ in WIKILINK.findall(post.content)]


def section_links(post: frontmatter.Post, heading: str) -> list[str]:
    """The link targets under ``## heading`` (none when the note has no such section)."""
    parts = post.content.split(f"\n## {heading}\n")
    return [target for target, _ in WIKILINK.findall(parts[1].split("\n## ")[0])] if len(parts) > 1 else []


@pytest.fixture(scope="module")
def vault(corpus_store_dir, tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("vault") / "graphkb"
    export_vault(corpus_store_dir, folder)
    return folder


def by_type(notes: dict[str, frontmatter.Post], kind: str) -> dict[str, frontmatter.Post]:
    return {name: post for name, post in notes.items() if post.get("type") == kind}


def test_a_note_per_review_concept_and_series_and_every_link_resolves(vault, corpus_graph):
    notes = read_vault(vault)
    labels = [data["label"] for _, data in corpus_graph.nodes(data=True)]
    for kind, label in (("review", "Review"), ("concept", "Concept"), ("series", "Series")):
        assert len(by_type(notes, kind)) == labels.count(label)
    assert Path(INDEX_NOTE).stem in notes
    for name, post in notes.items():
        assert post["graphkb"] == "generated" and re.fullmatch(r"[0-9a-f]{64}", post["graphkb-hash"])
        for target in links(post):
            assert target in notes, f"{name} links to {target}, which is no note"
    for path in vault.rglob("*.md"):
        assert not UNSAFE.search(path.stem) and path.stem == unicodedata.normalize("NFC", path.stem)
        assert path.stem.split(".")[0].upper() not in ("CON", "PRN", "AUX", "NUL") and not path.stem.endswith((" ", "."))


def test_review_notes_carry_date_title_arxiv_rtl_text_concepts_and_continuations(vault, corpus_graph):
    notes = read_vault(vault)
    reviews = {post["id"]: post for post in by_type(notes, "review").values()}
    names = {post["id"]: name for name, post in by_type(notes, "review").items()}
    concept_notes = {post["name"]: name for name, post in by_type(notes, "concept").items()}
    for node, data in corpus_graph.nodes(data=True):
        if data["label"] != "Review":
            continue
        post = reviews[data["id"]]
        assert str(post["date"]) == data["date"] and post.get("title", "") == (data["title"] or data["displayTitle"] or "")
        reviewed = [p for _, p, kind in corpus_graph.out_edges(node, keys=True) if kind == "REVIEWS"]
        if reviewed and corpus_graph.nodes[reviewed[0]].get("arxivId"):  # a paper keyed by URL or title has none
            arxiv = corpus_graph.nodes[reviewed[0]]["arxivId"]
            assert post["arxiv"][0] == arxiv and f"(https://arxiv.org/abs/{arxiv})" in post.content
        assert '<div dir="rtl">' in post.content
        mentions = {corpus_graph.nodes[c]["name"]: m for _, c, kind, m in corpus_graph.out_edges(node, keys=True, data=True)
                    if kind == "MENTIONS" and corpus_graph.nodes[c]["label"] == "Concept"}
        assert {target for target in links(post) if target.startswith("Concepts/")} == {concept_notes[n] for n in mentions}
        about = {concept_notes[n] for n, mention in mentions.items() if mention["about"]}
        assert set(section_links(post, "About")) == about
        continued = {names[corpus_graph.nodes[t]["id"]] for _, t, kind in corpus_graph.out_edges(node, keys=True) if kind == "CONTINUES"}
        assert set(section_links(post, "Continues")) == continued


def test_concept_aliases_let_obsidian_find_hebrew_spellings(vault):
    notes = read_vault(vault)
    by_alias = {}
    for name, post in by_type(notes, "concept").items():
        for alias in post.get("aliases", []):
            by_alias.setdefault(alias, []).append(name)
    assert by_alias["ממבה"] == ["Concepts/Mamba"]
    assert all(len(names) == 1 for names in by_alias.values()), "an alias names one concept"
    mamba = notes["Concepts/Mamba"]
    about_mamba = {name for name, post in by_type(notes, "review").items() if "Concepts/Mamba" in section_links(post, "About")}
    assert about_mamba and set(section_links(mamba, "Reviews about it")) == about_mamba
    assert "## Broader" in mamba.content or "## Related" in mamba.content


def test_a_second_export_updates_generated_notes_and_keeps_the_readers(vault, corpus_store_dir, tmp_path):
    folder = tmp_path / "vault"
    shutil.copytree(vault, folder)
    review = next(folder.glob("Reviews/2024-06-14 *.md"))
    edited = review.read_text(encoding="utf-8") + "\nMy note: read the appendix first.\n"
    review.write_text(edited, encoding="utf-8")
    own = folder / "Concepts" / "My reading plan.md"
    own.write_text("# My plan\n\n[[Concepts/Mamba]] first.\n", encoding="utf-8")
    replaced_by_user = folder / "Concepts" / "Mamba.md"
    replaced_by_user.write_text("---\naliases: [my mamba]\n---\nmine now\n", encoding="utf-8")
    stale = folder / "Concepts" / "a concept the graph no longer has.md"
    stale.write_text(Note("Concepts/a concept the graph no longer has.md", {"type": "concept"}, "# gone\n").text(), encoding="utf-8")
    deleted = next(folder.glob("Series/*.md"))
    deleted_text = deleted.read_text(encoding="utf-8")
    deleted.unlink()
    before = {path: path.read_text(encoding="utf-8") for path in folder.rglob("*.md")}

    result = export_vault(corpus_store_dir, folder)

    assert review.read_text(encoding="utf-8") == edited
    assert own.read_text(encoding="utf-8") == before[own]
    assert replaced_by_user.read_text(encoding="utf-8") == "---\naliases: [my mamba]\n---\nmine now\n"
    assert not stale.exists()
    assert deleted.read_text(encoding="utf-8") == deleted_text
    assert f"kept (written or edited by you): {review}" in result.stderr
    assert f"kept (written or edited by you): {replaced_by_user}" in result.stderr
    assert "1 notes written, 1 stale notes removed" in result.stderr
    unchanged = [path for path in before if path not in (review, own, replaced_by_user, stale)]
    assert all(path.read_text(encoding="utf-8") == before[path] for path in unchanged)


def test_corpus_text_stays_text_in_the_notes():
    hostile = Review(
        id="2024-06-14", date="2024-06-14", title="[[Evil]] <img src=x onerror=alert(1)> *bold* %%hidden%% #tag",
        text="<script>alert(1)</script> [[Evil]] ![[secret]]\nשורה שנייה", arxiv=["2403.00835"],
        concepts=[{"name": "a|b]]c", "kind": "method", "aliases": ["[[x]]"], "count": 1, "salience": 1.0, "evidence": "<b>"}],
    )
    notes = {note.path: note for note in vault_notes(to_networkx(graph_rows(Extraction([hostile]))))}
    review = next(note for path, note in notes.items() if path.startswith("Reviews/"))
    assert note_state(review.text()) == "generated"
    assert "<script>" not in review.body and "&lt;script&gt;" in review.body
    assert not re.search(r"(?<!\\)<(img|script|b>)", review.body), "corpus HTML is escaped"
    assert "[[Evil" not in review.body and "![[secret" not in review.body
    assert [target for target, _ in WIKILINK.findall(review.body)] == [next(p for p in notes if p.startswith("Concepts/"))[:-3]]
    assert "<p>שורה שנייה</p>" in review.body
    concept = next(note for path, note in notes.items() if path.startswith("Concepts/"))
    assert concept.front["aliases"] == ["x"] and review.front["aliases"] == ["Evil img src=x onerror=alert(1) *bold* %%hidden%% tag"]
    assert [shown for _, shown in WIKILINK.findall(concept.body)] == ["2024-06-14 Evil img src=x onerror=alert(1) *bold* %%hidden%% tag"]


def test_a_vault_into_a_file_is_one_clear_error(corpus_store_dir, tmp_path):
    taken = tmp_path / "notes.md"
    taken.write_text("mine", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "graphkb", "export", "--format", "obsidian", "-o", str(taken), "--data-dir", str(corpus_store_dir)],
                          capture_output=True, text=True, encoding="utf-8")
    assert done.returncode != 0 and done.stderr.strip() == f"graphkb: error: {taken} is a file; obsidian export writes a folder"
    assert taken.read_text(encoding="utf-8") == "mine"
