"""The reader's tour, ``notebooks/explore.ipynb``: it runs top to bottom, and its saved copy shows real outputs.

The notebook is executed once per module with nbclient, on a kernel of this
interpreter, in a temporary working folder, with ``GRAPHKB_DATA_DIR`` pointing
to a temporary store, so a test run never touches the user's graph.  A probe
cell appended to the in-memory copy reports the notebook's variables as JSON
for the checks that need exact values.
"""

from __future__ import annotations

import base64
import html
import json
import re
import struct
import sys
import time
from pathlib import Path

import pytest

NOTEBOOK = Path(__file__).parent.parent / "notebooks" / "explore.ipynb"
CELL_TIMEOUT = 300  # seconds; the whole tour takes about 20 s
SAVED_SIZE_LIMIT = 2_000_000
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"

PROBE = """
import json
from graphkb.store.server import EmbeddedServer
print(json.dumps({
    "top_concepts": top_concepts.to_dict(orient="records"),
    "timeline_totals": {concept: int(total) for concept, total in timeline.sum().items()},
    "path": [step.review for step in path.steps],
    "server_running_after_close": EmbeddedServer(DATA_DIR).ping(),
    "data_dir": str(DATA_DIR.resolve()),
}))
"""


def _write_kernel_spec(folder: Path) -> None:
    """A ``python3`` kernel spec running this interpreter, found first through ``JUPYTER_PATH``."""
    from ipykernel.kernelspec import write_kernel_spec

    write_kernel_spec(folder / "kernels" / "python3")


@pytest.fixture(scope="module")
def tour(tmp_path_factory):
    """The notebook executed in a temporary folder: ``(notebook, probe, workdir, data_dir, seconds)``."""
    import nbformat
    from nbclient import NotebookClient

    from graphkb.store.server import EmbeddedServer

    workdir = tmp_path_factory.mktemp("tour-workdir")
    data_dir = tmp_path_factory.mktemp("tour-store") / "kb"
    jupyter_dir = tmp_path_factory.mktemp("tour-jupyter")
    _write_kernel_spec(jupyter_dir)
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    notebook.cells.append(nbformat.v4.new_code_cell(PROBE.strip(), metadata={"tags": ["probe"]}))
    client = NotebookClient(
        notebook,
        timeout=CELL_TIMEOUT,
        startup_timeout=120,
        kernel_name="python3",
        resources={"metadata": {"path": str(workdir)}},
    )
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("GRAPHKB_DATA_DIR", str(data_dir))
        patch.setenv("JUPYTER_PATH", str(jupyter_dir))
        patch.setenv("IPYTHONDIR", str(jupyter_dir / "ipython"))
        patch.delenv("NEO4J_URI", raising=False)  # the tour is about the embedded store
        started = time.perf_counter()
        try:
            client.execute()
        finally:
            server = EmbeddedServer(data_dir)
            left_running = data_dir.exists() and server.ping()
            if left_running:  # a failing cell skipped the close: stop the server the notebook started
                server.shutdown()
        seconds = time.perf_counter() - started
    assert not left_running, "the notebook left its embedded FalkorDB server running"
    probe = json.loads(_cell(notebook, "probe").outputs[-1]["text"])
    return notebook, probe, workdir, data_dir, seconds


def _cell(notebook, tag: str):
    cells = [cell for cell in notebook.cells if tag in cell.metadata.get("tags", [])]
    assert len(cells) == 1, f"expected one cell tagged {tag!r}, found {len(cells)}"
    return cells[0]


def _outputs(cell, mime: str) -> list[str]:
    return [output["data"][mime] for output in cell.outputs if mime in output.get("data", {})]


def _table_rows(table_html: str) -> list[list[str]]:
    """The body rows of a pandas HTML table, as cell texts (the index cell first)."""
    body = table_html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return [
        [html.unescape(cell) for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, flags=re.S)]
        for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body, flags=re.S)
    ]


def _png_size(data: str) -> tuple[int, int]:
    raw = base64.b64decode(data)
    assert raw.startswith(PNG_SIGNATURE)
    return struct.unpack(">II", raw[16:24])


def test_runs_top_to_bottom_without_error(tour):
    notebook, _, _, _, seconds = tour
    errors = [output for cell in notebook.cells if cell.cell_type == "code" for output in cell.outputs if output["output_type"] == "error"]
    assert errors == []
    print(f"notebook executed in {seconds:.1f}s", file=sys.stderr)


def test_store_lives_in_the_given_folder_and_is_closed(tour):
    _, probe, workdir, data_dir, _ = tour
    assert probe["data_dir"] == str(data_dir.resolve())
    assert probe["server_running_after_close"] is False
    assert (data_dir / "graph.rdb").stat().st_size > 10_000  # saved on close
    assert not (workdir / ".graphkb").exists()


def test_top_concepts_table_matches_the_extraction(tour, records):
    notebook, probe, *_ = tour
    [table] = _outputs(_cell(notebook, "top-concepts"), "text/html")
    rows = _table_rows(table)
    assert len(rows) >= 10
    shown = [(name, int(reviews)) for _, name, _, reviews in rows]
    assert [reviews for _, reviews in shown] == sorted((reviews for _, reviews in shown), reverse=True)
    assert shown == [(row["concept"], row["reviews"]) for row in probe["top_concepts"]]
    for name, reviews in shown[:3]:
        assert reviews == sum(1 for record in records if any(concept["name"] == name for concept in record.concepts))


def test_timeline_covers_every_mention_and_is_plotted(tour):
    notebook, probe, *_ = tour
    counts = {row["concept"]: row["reviews"] for row in probe["top_concepts"]}
    assert len(probe["timeline_totals"]) == 6
    for concept, total in probe["timeline_totals"].items():
        assert total == counts[concept]  # each review falls in exactly one month
    [timeline] = _outputs(_cell(notebook, "timeline"), "text/html")
    months = [row[0] for row in _table_rows(timeline)]
    assert months[0] == "2024-05" and months[-1] == "2025-02" and len(months) == 10
    [image] = _outputs(_cell(notebook, "timeline-plot"), "image/png")
    width, height = _png_size(image)
    assert width >= 500 and height >= 200


def test_neighbourhood_page_is_inline_and_offline(tour):
    notebook, _, workdir, _, _ = tour
    cell = _cell(notebook, "neighbourhood-picture")
    [frame] = _outputs(cell, "text/html")
    srcdoc = re.search(r'srcdoc="([^"]*)"', frame)
    assert frame.lstrip().startswith("<iframe") and srcdoc
    page = html.unescape(srcdoc.group(1))
    assert page == (workdir / "dpo-neighbourhood.html").read_text(encoding="utf-8")
    assert "vis-network" in page and '"DPO"' in page
    assert not re.search(r"<script[^>]+src=|<link[^>]+href=\"?https?:", page)  # nothing fetched
    neighbours = _table_rows(_outputs(_cell(notebook, "neighbourhood"), "text/html")[0])
    assert {row[2] for row in neighbours} == {"BROADER", "RELATED"}
    assert _outputs(_cell(notebook, "neighbourhood-static"), "image/png")


def test_parameterised_cypher_finds_reviews_by_hebrew_alias(tour):
    notebook, *_ = tour
    rows = _table_rows(_outputs(_cell(notebook, "cypher"), "text/html")[0])
    assert rows
    assert {row[3] for row in rows} == {"chain of thought"}
    assert all(row[1] >= "2024-09-01" for row in rows)


def test_reading_path_from_jacobi_decoding_to_medusa(tour):
    notebook, probe, *_ = tour
    assert probe["path"][-1] == "2024-06-15"  # the Medusa review
    assert len(probe["path"]) >= 2
    [shown] = _outputs(_cell(notebook, "reading-path"), "text/plain")
    assert "2024-06-15" in shown and "MEDUSA" in shown
    assert _table_rows(_outputs(_cell(notebook, "reading-plan"), "text/html")[0])


def test_saved_notebook_shows_its_outputs():
    import nbformat

    assert NOTEBOOK.stat().st_size < SAVED_SIZE_LIMIT
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    nbformat.validate(notebook)
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    assert [cell.execution_count for cell in code] == list(range(1, len(code) + 1))  # one run, top to bottom
    outputs = [output for cell in code for output in cell.outputs]
    assert not [output for output in outputs if output["output_type"] == "error"]
    assert not [output for output in outputs if output.get("name") == "stderr"]
    images = [output["data"]["image/png"] for output in outputs if "image/png" in output.get("data", {})]
    assert len(images) >= 2 and all(_png_size(image)[0] >= 500 for image in images)
    assert "2024-06-15" in "".join(_outputs(_cell(notebook, "reading-path"), "text/plain"))
