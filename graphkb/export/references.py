"""References for Zotero and LaTeX: BibTeX, RIS and CSL JSON of the reviewed papers or of a reading list.

Keys are stable (``arxiv-2403.00835``; ``paper-<hash of its id>`` for a
paper with no arXiv id; ``review-2024-06-08`` for a review with no paper), so a
reading list and the whole export cite a paper under the same key.  An arXiv
paper carries its id as ``eprint``/``archivePrefix`` (BibTeX), its arXiv DOI
(``10.48550/arXiv.<id>``, which Zotero uses to match what it already holds),
the year of its id and the review date as a note.

Examples
--------
>>> reference = Reference.for_arxiv("2403.00835", "CLLMs: 50% faster & {consistent}", note="Reviewed 2024-06-14")
>>> print(to_bibtex([reference]))
@misc{arxiv-2403.00835,
  title = {{CLLMs: 50\\% faster \\& \\{consistent\\}}},
  year = {2024},
  eprint = {2403.00835},
  archivePrefix = {arXiv},
  doi = {10.48550/arXiv.2403.00835},
  url = {https://arxiv.org/abs/2403.00835},
  note = {Reviewed 2024-06-14},
}
<BLANKLINE>
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from typing import Any, Callable, Iterable

from graphkb.export.properties import mention_weight

__all__ = [
    "REFERENCE_FORMATS",
    "Reference",
    "paper_references",
    "reading_list_references",
    "to_bibtex",
    "to_ris",
    "to_csl_json",
]

_NEW_STYLE_ARXIV = re.compile(r"(\d{2})(\d{2})\.\d{4,5}(v\d+)?")
_BIBTEX_SPECIAL = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}
_BIBTEX_ESCAPE = re.compile("|".join(re.escape(char) for char in _BIBTEX_SPECIAL))
_TOP_KEYWORDS = 5


@dataclass(frozen=True)
class Reference:
    """One paper (or review with no paper) to cite."""

    key: str
    title: str
    url: str | None = None
    arxiv: str | None = None
    note: str | None = None
    keywords: tuple[str, ...] = ()
    annote: str | None = None

    @classmethod
    def for_arxiv(cls, arxiv_id: str, title: str | None, **fields: Any) -> "Reference":
        """The reference of an arXiv paper, keyed ``arxiv-<id>``."""
        return cls(f"arxiv-{arxiv_id}", title or f"arXiv:{arxiv_id}", f"https://arxiv.org/abs/{arxiv_id}", arxiv_id, **fields)

    @classmethod
    def for_paper(cls, paper_id: str, title: str | None, url: str | None, **fields: Any) -> "Reference":
        """The reference of a paper with no arXiv id, keyed by a hash of its id in the graph (its URL or title)."""
        web = url if url and re.match(r"https?://", url, re.IGNORECASE) else None
        return cls(f"paper-{hashlib.sha1(paper_id.encode('utf-8')).hexdigest()[:10]}", title or web or paper_id, web, **fields)

    @property
    def year(self) -> int | None:
        """The submission year an arXiv id spells (``2403.00835`` → 2024)."""
        match = _NEW_STYLE_ARXIV.fullmatch(self.arxiv or "")
        return 2000 + int(match.group(1)) if match else None

    @property
    def month(self) -> int | None:
        match = _NEW_STYLE_ARXIV.fullmatch(self.arxiv or "")
        return int(match.group(2)) if match else None

    @property
    def doi(self) -> str | None:
        """arXiv's DOI for the paper (every arXiv paper has one)."""
        return f"10.48550/arXiv.{self.arxiv}" if self.arxiv else None


def _one_line(text: str) -> str:
    return " ".join(text.split())


def paper_references(graph) -> list[Reference]:
    """Every paper in ``graph``, in the order the series reviewed or cited it.

    The note says when it was reviewed or cited; the keywords are the
    concepts the reviews of it are most about.
    """
    references: list[tuple[str, Reference]] = []
    for node, data in graph.nodes(data=True):
        if data["label"] != "Paper":
            continue
        reviewed, cited, concepts = [], [], {}
        for review, _, rel_type in graph.in_edges(node, keys=True):
            date = graph.nodes[review].get("date") or graph.nodes[review]["id"]
            (reviewed if rel_type == "REVIEWS" else cited).append(date)
            if rel_type == "REVIEWS":
                for _, concept, mention in graph.out_edges(review, data=True):
                    if mention["type"] == "MENTIONS" and graph.nodes[concept]["label"] == "Concept":
                        name = graph.nodes[concept]["name"]
                        concepts[name] = max(concepts.get(name, (False, 0.0, 0.0)), mention_weight(mention))
        notes = [f"Reviewed {', '.join(sorted(reviewed))}"] if reviewed else []
        notes += [f"cited in the review of {', '.join(sorted(cited))}"] if cited else []
        keywords = tuple(sorted(concepts, key=lambda name: concepts[name], reverse=True)[:_TOP_KEYWORDS])
        note = "; ".join(notes)
        fields = {"note": note[:1].upper() + note[1:] or None, "keywords": keywords}
        title = data.get("title")
        if data.get("arxivId"):
            reference = Reference.for_arxiv(data["arxivId"], title, **fields)
        else:
            reference = Reference.for_paper(data["id"], title, data.get("url"), **fields)
        references.append((min(reviewed + cited, default=""), reference))
    return [reference for _, reference in sorted(references, key=lambda item: (item[0], item[1].key))]


def reading_list_references(steps: Iterable[dict[str, Any]], heading: str) -> list[Reference]:
    """The references of a reading path's or plan's steps (their ``to_dict()``), in reading order.

    Each carries its place and the reason it is there as an annotation.

    >>> steps = [{"review": "2024-06-08", "date": "2024-06-08", "title": None, "arxiv": None, "why": "starting point"}]
    >>> reading_list_references(steps, "Reading plan: Mamba")[0].annote
    'Reading plan: Mamba, step 1: starting point'
    """
    references: dict[str, Reference] = {}
    for number, step in enumerate(steps, 1):
        fields = {
            "note": f"Reviewed {step.get('date') or step['review']}",
            "annote": f"{_one_line(heading)}, step {number}: {_one_line(step.get('why') or '')}",
        }
        if step.get("arxiv"):
            reference = Reference.for_arxiv(step["arxiv"], step.get("title"), **fields)
        else:
            title = step.get("title") or f"Review of {step.get('date') or step['review']}"
            reference = Reference(f"review-{step['review']}", title, **fields)
        references.setdefault(reference.key, reference)
    return list(references.values())


def _bibtex_text(text: str) -> str:
    return _BIBTEX_ESCAPE.sub(lambda match: _BIBTEX_SPECIAL[match.group(0)], _one_line(text))


def _bibtex_url(url: str) -> str:
    return url.replace("{", "%7B").replace("}", "%7D").replace(" ", "%20")


def to_bibtex(references: Iterable[Reference]) -> str:
    """BibTeX ``@misc`` entries (biblatex and classic BibTeX read them); special characters escaped."""
    entries = []
    for reference in references:
        fields = [("title", f"{{{_bibtex_text(reference.title)}}}")]
        if reference.year:
            fields.append(("year", str(reference.year)))
        if reference.arxiv:
            fields += [("eprint", reference.arxiv), ("archivePrefix", "arXiv"), ("doi", reference.doi)]
        if reference.url:
            fields.append(("url", _bibtex_url(reference.url)))
        for name in ("note", "annote"):
            if getattr(reference, name):
                fields.append((name, _bibtex_text(getattr(reference, name))))
        if reference.keywords:
            fields.append(("keywords", _bibtex_text(", ".join(reference.keywords))))
        lines = [f"@misc{{{reference.key},"] + [f"  {name} = {{{value}}}," for name, value in fields] + ["}", ""]
        entries.append("\n".join(lines))
    return "\n".join(entries)


def to_ris(references: Iterable[Reference]) -> str:
    """RIS records (Zotero, EndNote, Mendeley): ``UNPB`` for arXiv preprints, ``ELEC`` for the rest."""
    records = []
    for reference in references:
        lines = [("TY", "UNPB" if reference.arxiv else "ELEC"), ("ID", reference.key), ("TI", reference.title)]
        if reference.year:
            lines.append(("PY", str(reference.year)))
        if reference.arxiv:
            lines += [("DO", reference.doi), ("AN", f"arXiv:{reference.arxiv}"), ("DB", "arXiv")]
        if reference.url:
            lines.append(("UR", reference.url))
        lines += [("KW", keyword) for keyword in reference.keywords]
        lines += [("N1", text) for text in (reference.note, reference.annote) if text]
        lines.append(("ER", ""))
        records.append("\n".join(f"{tag}  - {_one_line(value)}".rstrip() for tag, value in lines))
    return "\n".join(records) + "\n"


def to_csl_json(references: Iterable[Reference]) -> str:
    """CSL JSON items (Zotero, Pandoc, citeproc): arXiv papers as ``article`` (a preprint), the rest ``webpage``."""
    items = []
    for reference in references:
        item: dict[str, Any] = {"id": reference.key, "type": "article" if reference.arxiv else "webpage",
                                "title": _one_line(reference.title)}
        if reference.year:
            item["issued"] = {"date-parts": [[reference.year, reference.month]]}
        if reference.arxiv:
            item.update(publisher="arXiv", number=f"arXiv:{reference.arxiv}", DOI=reference.doi)
        if reference.url:
            item["URL"] = reference.url
        notes = [text for text in (reference.note, reference.annote) if text]
        if notes:
            item["note"] = "\n".join(notes)
        if reference.keywords:
            item["keyword"] = ", ".join(reference.keywords)
        items.append(item)
    return json.dumps(items, ensure_ascii=False, indent=1) + "\n"


REFERENCE_FORMATS: dict[str, Callable[[Iterable[Reference]], str]] = {
    "bibtex": to_bibtex,
    "ris": to_ris,
    "csljson": to_csl_json,
}
