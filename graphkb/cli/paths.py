"""``graphkb path`` and ``graphkb plan``: what to read, in order, to get from one topic to another."""

from __future__ import annotations

import re
from typing import Any, Callable

import click

from graphkb.cli.options import store_config, store_options
from graphkb.cli.output import emit, to_json
from graphkb.text import neutralise_bidi

__all__ = [
    "path", "plan", "paths_json", "paths_text", "paths_markdown", "paths_bibtex",
    "plan_json", "plan_text", "plan_markdown", "plan_bibtex",
]

FORMATS = ("text", "json", "md", "bibtex")
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|~])")  # what could make corpus text a link, HTML or emphasis


def _md(text: str | None) -> str:
    """Corpus text made inert in Markdown (no links, emphasis or HTML from it)."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join((text or "").split()))


def _arxiv_url(arxiv_id: str | None) -> str | None:
    return f"https://arxiv.org/abs/{arxiv_id}" if arxiv_id else None


def paths_json(source: str, target: str, paths: list[Any]) -> str:
    """``{"from", "to", "paths": [{"steps": [...], "cost"}]}`` as indented JSON."""
    document = {"from": source, "to": target, "paths": [p.to_dict() for p in paths]}
    return to_json(document)


def _text_steps(steps: list[Any]) -> list[str]:
    lines = []
    for number, step in enumerate(steps, 1):
        lines.append(f"  {number}. {step.review}  {step.title or '(untitled)'}")
        if step.arxiv:
            lines.append(f"     {_arxiv_url(step.arxiv)}")
        lines.append(f"     why: {step.why}")
    return lines


def paths_text(source: str, target: str, paths: list[Any]) -> str:
    """A plain-text rendering of reading paths, one numbered list per path."""
    lines = []
    for number, found in enumerate(paths, 1):
        if lines:
            lines.append("")
        heading = f"Reading path from {source} to {target}"
        if len(paths) > 1:
            heading = f"{heading} (alternative {number} of {len(paths)})"
        lines.append(f"{heading}: {len(found.steps)} reviews, cost {found.cost:.3f}")
        lines.extend(_text_steps(found.steps))
    return "\n".join(lines)


def _markdown_steps(steps: list[Any]) -> list[str]:
    lines = []
    for number, step in enumerate(steps, 1):
        title = _md(step.title) or "untitled review"
        url = _arxiv_url(step.arxiv)
        linked = f"[{title}]({url})" if url else title
        lines.append(f"{number}. [ ] **{step.review}**: {linked}  ")
        lines.append(f"   {_md(step.why)}")
    return lines


def paths_markdown(source: str, target: str, paths: list[Any]) -> str:
    """A reading list in Markdown, with arXiv links and a box to tick per review."""
    lines = [f"# Reading list: from {_md(source)} to {_md(target)}", ""]
    for number, found in enumerate(paths, 1):
        if len(paths) > 1:
            lines += [f"## Path {number} ({len(found.steps)} reviews, cost {found.cost:.3f})", ""]
        lines += _markdown_steps(found.steps) + [""]
    return "\n".join(lines)


def paths_bibtex(source: str, target: str, paths: list[Any]) -> str:
    """The reading list as BibTeX, for Zotero or LaTeX; each entry's annote says its step and why."""
    from graphkb.export.references import reading_list_references, to_bibtex

    steps = [step for found in paths for step in found.to_dict()["steps"]]
    return to_bibtex(reading_list_references(steps, f"Reading path from {source} to {target}"))


def plan_json(reading_plan: Any) -> str:
    """``{"topic", "steps": [...]}`` as indented JSON."""
    return to_json(reading_plan.to_dict())


def plan_text(reading_plan: Any) -> str:
    """A plain-text reading plan."""
    heading = f"Reading plan for {reading_plan.topic.name}: {len(reading_plan.steps)} reviews"
    return "\n".join([heading, *_text_steps(reading_plan.steps)])


def plan_markdown(reading_plan: Any) -> str:
    """A reading plan in Markdown, with arXiv links and a box to tick per review."""
    return "\n".join([f"# Reading plan: {_md(reading_plan.topic.name)}", "", *_markdown_steps(reading_plan.steps), ""])


def plan_bibtex(reading_plan: Any) -> str:
    """The reading plan as BibTeX, for Zotero or LaTeX; each entry's annote says its step and why."""
    from graphkb.export.references import reading_list_references, to_bibtex

    document = reading_plan.to_dict()
    return to_bibtex(reading_list_references(document["steps"], f"Reading plan: {document['topic']}"))


def output_options(command: Callable) -> Callable:
    """The --format and -o options shared by ``path`` and ``plan``."""
    command = click.option("-o", "--output", type=click.File("w", encoding="utf-8"),
                           help="Write to this file instead of stdout.")(command)
    return click.option("--format", "output_format", type=click.Choice(FORMATS), default="text", show_default=True,
                        help="text to read, json for tools, md for a reading list to keep, bibtex for Zotero or LaTeX.")(command)


@click.command(
    epilog="""\b
Examples:
  graphkb path "Jacobi decoding" Medusa
  graphkb path "named entity recognition" GLiNER --format json
  graphkb path DPO Mamba --k 3 --format md -o dpo-to-mamba.md
  graphkb path "Jacobi decoding" Medusa --format bibtex -o reading.bib
  graphkb path "chain of thought" 2024-09-22     # a review id as the goal
"""
)
@click.argument("source", metavar="A")
@click.argument("target", metavar="B")
@click.option("--k", "k", type=click.IntRange(1, 10), default=1, show_default=True, help="How many diverse paths.")
@output_options
@store_options
def path(source: str, target: str, k: int, output_format: str, output: Any, **store: Any) -> None:
    """The reviews to read, in order, to get from topic A to topic B.

    A and B are concepts (any alias, English or Hebrew; close spellings are
    matched), model names, words of a review title, arXiv ids or review ids
    (2024-06-14, 14.06.24).  A path starts at a review about A, ends at the
    review that answers B, and has at most 7 reviews; each says why it is there.
    """
    from graphkb.paths import reading_index, reading_paths, resolve_topic

    from graphkb.graph import load

    index = reading_index(load(store_config(**store)))
    found = reading_paths(index, source, target, k=k)
    source_name, target_name = resolve_topic(index, source).name, resolve_topic(index, target).name
    render = {"text": paths_text, "json": paths_json, "md": paths_markdown, "bibtex": paths_bibtex}[output_format]
    text = render(source_name, target_name, found)
    emit(text if output_format == "json" else neutralise_bidi(text), output)


@click.command(
    epilog="""\b
Examples:
  graphkb plan "speculative decoding"
  graphkb plan 2024-09-22 --format md -o before-quiet-star.md   # what to read before a review
  graphkb plan ממבה --format json
"""
)
@click.argument("topic")
@output_options
@store_options
def plan(topic: str, output_format: str, output: Any, **store: Any) -> None:
    """A reading plan for one topic: what it builds on first, then its reviews in order.

    TOPIC is a concept, model, title words or a review id.  For a review id the
    plan answers "what should I read before this review?": the reviews it
    continues and the earlier reviews closest to it, then the review itself.
    """
    from graphkb.paths import reading_plan

    from graphkb.graph import load

    found = reading_plan(load(store_config(**store)), topic)
    render = {"text": plan_text, "json": plan_json, "md": plan_markdown, "bibtex": plan_bibtex}[output_format]
    text = render(found)
    emit(text if output_format == "json" else neutralise_bidi(text), output)
