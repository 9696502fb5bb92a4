"""How every command prints: JSON, JSON lines, CSV and tables, to standard output or a file.

Corpus text is data here: table cells go to rich as :class:`rich.text.Text`
(never read as markup), with bidi controls that could reorder them removed
(:func:`graphkb.text.neutralise_bidi`), and JSON keeps Hebrew as written
(``ensure_ascii=False``) and the text exactly as stored.

Examples
--------
>>> print(to_json({"name": "ממבה", "reviews": 3}, indent=None))
{"name": "ממבה", "reviews": 3}
>>> print(to_csv(["name", "broader"], [["DPO", ["RLHF", "alignment"]]]), end="")
name,broader
DPO,"[""RLHF"", ""alignment""]"
>>> print(to_table(["name", "reviews"], [["DPO", 3]], compact=True))
name   reviews
──────────────
DPO    3
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import IO, Any, Iterable, Sequence

import click

__all__ = ["to_json", "to_jsonl", "to_csv", "to_table", "emit", "emit_rows", "ROW_FORMATS"]

ROW_FORMATS = ("table", "json", "csv")


def to_json(data: Any, *, indent: int | None = 2) -> str:
    """``data`` as JSON, Hebrew and other text as written."""
    return json.dumps(data, ensure_ascii=False, indent=indent)


def to_jsonl(items: Iterable[Any]) -> str:
    """One compact JSON document a line."""
    return "".join(json.dumps(item, ensure_ascii=False) + "\n" for item in items)


def _cell(value: Any) -> Any:
    """A CSV or table cell: lists and mappings as JSON, None as empty."""
    if value is None:
        return ""
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False)
    return value


def to_csv(columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    """Rows as CSV with a header line (lists and mappings as JSON cells)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows([_cell(value) for value in row] for row in rows)
    return buffer.getvalue()


def to_table(
    columns: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    title: str | None = None,
    right: Sequence[str] = (),
    styles: dict[str, str] | None = None,
    compact: bool = False,
    width: int | None = None,
) -> str:
    """Rows as a text table (rich; wide characters such as Hebrew are measured right).

    Parameters
    ----------
    title : str, optional
        A caption above the table.
    right : sequence of str
        Columns aligned right (counts).
    styles : dict, optional
        Column name -> rich style ("bold", "cyan", "dim"), shown on a terminal only.
    compact : bool
        A header rule and no borders, every row on one line however wide (for piping and pasting);
        otherwise a boxed table folded to ``width``.
    width : int, optional
        Width of a boxed table (default: the terminal's, else ``COLUMNS`` or 80).
    """
    from rich import box
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from graphkb.text import neutralise_bidi

    styles = styles or {}
    table = Table(title=neutralise_bidi(title), box=box.SIMPLE_HEAD if compact else box.HEAVY_HEAD, header_style="bold",
                  pad_edge=not compact, show_edge=not compact)
    for column in columns:
        table.add_column(column, style=styles.get(column), justify="right" if column in right else "left",
                         overflow="fold", no_wrap=compact)
    for row in rows:
        table.add_row(*(Text(neutralise_bidi(str(_cell(value)))) for value in row))
    console = Console(width=1_000_000 if compact else width, highlight=False, markup=False, emoji=False,
                      color_system=None if compact else "auto", force_terminal=False)
    with console.capture() as capture:
        console.print(table, crop=False, soft_wrap=compact)
    return "\n".join(line.rstrip() for line in capture.get().splitlines())


def emit(text: str, output: Path | IO[str] | None = None) -> None:
    """Write ``text`` (a final newline added when missing) to standard output, an open file or a path.

    Raises
    ------
    click.FileError
        ``output`` cannot be written.
    """
    text = text if text.endswith("\n") else text + "\n"
    if output is None:
        click.echo(text, nl=False)
    elif isinstance(output, Path):
        try:
            output.write_text(text, encoding="utf-8")
        except OSError as error:
            raise click.FileError(str(output), hint=error.strerror) from None
    else:
        output.write(text)


def emit_rows(columns: Sequence[str], rows: Sequence[Sequence[Any]], output_format: str, *, indent: int | None = 2, **table: Any) -> None:
    """Print rows as ``table`` (see :func:`to_table`), ``json`` (an array of objects keyed by column) or ``csv``."""
    if output_format == "json":
        emit(to_json([dict(zip(columns, row)) for row in rows], indent=indent))
    elif output_format == "csv":
        emit(to_csv(columns, rows))
    else:
        emit(to_table(columns, rows, **table))
