"""BibTeX, RIS and CSL JSON of the papers, and BibTeX reading lists, read by their own parsers and processors."""

from __future__ import annotations

import json

import bibtexparser
import pytest
import rispy
from bibtexparser.middlewares import LatexDecodingMiddleware
from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
from citeproc.source.json import CiteProcJSON
from click.testing import CliRunner

from graphkb.cli import cli
from graphkb.export.references import Reference, paper_references, to_bibtex


def export(fmt: str, data_dir, tmp_path) -> str:
    out = tmp_path / f"papers.{fmt}"
    result = CliRunner().invoke(cli, ["export", "--format", fmt, "-o", str(out), "--data-dir", str(data_dir)])
    assert result.exit_code == 0, result.output
    return out.read_text(encoding="utf-8")


def parse_bibtex(text: str):
    library = bibtexparser.parse_string(text, append_middleware=[LatexDecodingMiddleware()])
    assert not library.failed_blocks, [block.error for block in library.failed_blocks]
    return library


def papers(graph) -> dict[str, dict]:
    return {data["arxivId"]: data for _, data in graph.nodes(data=True) if data["label"] == "Paper" and data.get("arxivId")}


def reviewed_on(graph, arxiv_id: str) -> str:
    return next(graph.nodes[review]["date"] for review, _, kind in graph.in_edges(f"Paper:{arxiv_id}", keys=True) if kind == "REVIEWS")


def test_bibtex_of_the_papers_parses_and_decodes_to_their_titles(corpus_store_dir, corpus_graph, tmp_path):
    library = parse_bibtex(export("bibtex", corpus_store_dir, tmp_path))
    paper_count = sum(data["label"] == "Paper" for _, data in corpus_graph.nodes(data=True))
    assert len(library.entries) == len({entry.key for entry in library.entries}) == paper_count
    by_key = {entry.key: {name: field.value for name, field in entry.fields_dict.items()} for entry in library.entries}
    for arxiv_id, data in papers(corpus_graph).items():
        fields = by_key[f"arxiv-{arxiv_id}"]
        assert fields["eprint"] == arxiv_id and fields["archivePrefix"] == "arXiv"
        assert fields["url"] == f"https://arxiv.org/abs/{arxiv_id}" and fields["doi"] == f"10.48550/arXiv.{arxiv_id}"
        assert fields["year"] == f"20{arxiv_id[:2]}"
        if data.get("title"):  # the decoded title is the review's, special characters and all
            assert fields["title"] == " ".join(data["title"].split())
            assert reviewed_on(corpus_graph, arxiv_id) in fields["note"]
    ampersand = next(data for data in papers(corpus_graph).values() if "&" in (data.get("title") or ""))
    assert "\\&" in export("bibtex", corpus_store_dir, tmp_path).split(f"arxiv-{ampersand['arxivId']},")[1].split("\n}")[0]


def test_bibtex_escapes_every_special_character():
    title = r"50% of {LLMs} & $x_1$ #1 ~ a^b \o/ ממבה"
    text = to_bibtex([Reference("paper-1", title, "https://example.org/a%20b#c", note="a } b")])
    entry = parse_bibtex(text).entries[0]
    decoded = entry.fields_dict["title"].value.replace("\u02c6", "^")  # pylatexenc reads \textasciicircum as U+02C6
    assert decoded == title
    assert entry.fields_dict["note"].value == "a } b"
    url = bibtexparser.parse_string(text).entries[0].fields_dict["url"].value  # biber reads url verbatim, undecoded
    assert url == "https://example.org/a%20b#c"


def test_ris_of_the_papers_reads_back_with_rispy(corpus_store_dir, corpus_graph, tmp_path):
    entries = rispy.loads(export("ris", corpus_store_dir, tmp_path))
    assert len(entries) == len(paper_references(corpus_graph))
    by_id = {entry["id"]: entry for entry in entries}
    for arxiv_id, data in papers(corpus_graph).items():
        entry = by_id[f"arxiv-{arxiv_id}"]
        assert entry["type_of_reference"] == "UNPB" and entry["urls"] == [f"https://arxiv.org/abs/{arxiv_id}"]
        assert entry["doi"] == f"10.48550/arXiv.{arxiv_id}"
        if data.get("title"):
            assert entry["title"] == " ".join(data["title"].split())
            assert any(reviewed_on(corpus_graph, arxiv_id) in note for note in entry["notes"])


def test_csl_json_of_the_papers_renders_with_citeproc(corpus_store_dir, corpus_graph, tmp_path):
    items = json.loads(export("csljson", corpus_store_dir, tmp_path))
    style = CitationStylesStyle("harvard-cite-them-right", validate=True)
    bibliography = CitationStylesBibliography(style, CiteProcJSON(items), formatter.plain)
    for item in items:
        bibliography.register(Citation([CitationItem(item["id"])]))
    rendered = [str(entry) for entry in bibliography.bibliography()]
    assert len(rendered) == len(items) == len(paper_references(corpus_graph))
    cllms = next(text for text in rendered if "CLLMs" in text)
    assert "(2024)" in cllms and "https://doi.org/10.48550/arXiv.2403.00835" in cllms


@pytest.mark.parametrize(
    ("arguments", "heading"),
    [(["path", "Jacobi decoding", "Medusa"], "Reading path from Jacobi decoding to MEDUSA"), (["plan", "2024-09-22"], "Reading plan: ")],
)
def test_reading_lists_as_bibtex_keep_the_order_and_the_reasons(corpus_store_dir, arguments, heading):
    runner = CliRunner()
    listed = runner.invoke(cli, [*arguments, "--format", "json", "--data-dir", str(corpus_store_dir)])
    assert listed.exit_code == 0, listed.output
    document = json.loads(listed.output)
    steps = document["paths"][0]["steps"] if "paths" in document else document["steps"]
    result = runner.invoke(cli, [*arguments, "--format", "bibtex", "--data-dir", str(corpus_store_dir)])
    assert result.exit_code == 0, result.output
    entries = parse_bibtex(result.output).entries
    expected = [f"arxiv-{step['arxiv']}" if step["arxiv"] else f"review-{step['review']}" for step in steps]
    assert [entry.key for entry in entries] == expected
    for number, (entry, step) in enumerate(zip(entries, steps), 1):
        assert entry.fields_dict["annote"].value.startswith(f"{heading}")
        assert f"step {number}: " in entry.fields_dict["annote"].value
        assert step["date"] in entry.fields_dict["note"].value


def test_a_paper_known_by_title_or_link_only_gets_a_stable_key_and_no_false_url():
    import networkx as nx

    graph = nx.MultiDiGraph()
    graph.add_node("Review:2024-06-17", label="Review", id="2024-06-17", date="2024-06-17")
    graph.add_node("Paper:title:ssamba", label="Paper", id="title:ssamba", arxivId=None, url=None, title="SSAMBA")
    graph.add_node("Paper:https://openreview.net/x", label="Paper", id="https://openreview.net/x", arxivId=None,
                   url="https://openreview.net/x", title=None)
    graph.add_edge("Review:2024-06-17", "Paper:title:ssamba", key="REVIEWS", type="REVIEWS")
    graph.add_edge("Review:2024-06-17", "Paper:https://openreview.net/x", key="CITES", type="CITES")
    first, second = paper_references(graph), paper_references(graph)
    assert first == second and len({reference.key for reference in first}) == 2
    entries = {entry.fields_dict["title"].value: entry.fields_dict for entry in parse_bibtex(to_bibtex(first)).entries}
    assert "url" not in entries["SSAMBA"] and entries["SSAMBA"]["note"].value == "Reviewed 2024-06-17"
    assert entries["https://openreview.net/x"]["url"].value == "https://openreview.net/x"
    assert entries["https://openreview.net/x"]["note"].value == "Cited in the review of 2024-06-17"
