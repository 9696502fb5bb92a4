"""Benchmark: time to a stable layout of the graph page in headless Chromium.

Prints, for the whole example-corpus graph and for a synthetic 10,000-node
graph in the model's shape, the time to write the page (layout included) and
the time from navigation to the first drawing of the settled layout, median of
``--runs`` page loads.  Targets: corpus <= 1.5 s, 10,000 nodes <= 5 s.

Usage::

    python benchmarks/bench_viz.py [--runs 3] [--chromium /usr/bin/chromium]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from synthetic import synthetic_rows  # noqa: E402

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
TARGETS = {"corpus": 1.5, "synthetic 10k": 5.0}


def corpus_graph():
    from graphkb.extract.pipeline import extract
    from graphkb import DEFAULT_CORPUS
    from graphkb.model import graph_rows, to_networkx

    return to_networkx(graph_rows(extract(DEFAULT_CORPUS)))


def synthetic_graph(nodes: int = 10_000, seed: int = 1):
    """A graph of the model's shape with ``nodes`` nodes (see :func:`synthetic.synthetic_rows`)."""
    from graphkb.model import to_networkx

    return to_networkx(synthetic_rows(nodes, seed))


def time_page(browser, path: Path, runs: int) -> list[tuple[float, dict[str, float]]]:
    """Seconds from navigation to the first drawing of the settled layout, with the page's own marks, one per load.

    The marks (ms from navigation) say where the time went: ``start`` (HTML
    and vis-network parsed), ``parsed`` (graph JSON), ``datasets``, ``network``
    (vis-network built) and the end, the first drawing.
    """
    url = path.resolve().as_uri()
    times = []
    for _ in range(runs):
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        page.route("**/*", lambda route: route.continue_() if route.request.url == url else route.abort())
        page.goto(url)
        page.wait_for_function("() => document.body.dataset.ready === 'true'", timeout=120_000)
        times.append((page.evaluate("graphkb.state.readyMs") / 1000, page.evaluate("graphkb.state.marks")))
        page.close()
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    args = parser.parse_args()

    from playwright.sync_api import sync_playwright

    from graphkb.viz import write_html

    graphs = {}
    started = time.perf_counter()
    graphs["corpus"] = corpus_graph()
    print(f"corpus graph extracted in {time.perf_counter() - started:.1f} s")
    graphs["synthetic 10k"] = synthetic_graph()
    with tempfile.TemporaryDirectory() as folder, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=args.chromium, args=CHROMIUM_ARGS)
        print(f"{'graph':<15}{'nodes':>8}{'edges':>8}{'write s':>9}{'MB':>6}{'layout s (median)':>19}{'target s':>10}")
        for name, graph in graphs.items():
            path = Path(folder) / f"{name.replace(' ', '-')}.html"
            started = time.perf_counter()
            write_html(graph, path)
            written = time.perf_counter() - started
            loads = sorted(time_page(browser, path, args.runs), key=lambda load: load[0])
            times = [seconds for seconds, _ in loads]
            median = statistics.median(times)
            marks = loads[len(loads) // 2][1]
            verdict = "ok" if median <= TARGETS[name] else "SLOW"
            print(f"{name:<15}{graph.number_of_nodes():>8}{graph.number_of_edges():>8}{written:>9.2f}"
                  f"{path.stat().st_size / 1e6:>6.1f}{median:>19.2f}{TARGETS[name]:>8.1f} {verdict}"
                  f"   (runs: {', '.join(f'{t:.2f}' for t in times)})")
            print(f"{'':<15}median run, ms from navigation: "
                  + ", ".join(f"{name} {ms:.0f}" for name, ms in marks.items()) + f", drawn {median * 1000:.0f}")
        browser.close()


if __name__ == "__main__":
    main()
