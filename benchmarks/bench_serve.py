"""Benchmark ``graphkb serve``: API latency, a bounded load, page readiness and click highlight in Chromium.

Builds, in temporary folders, the corpus graph, the corpus graph 100 times
(the records copied with moved dates, sharing concepts), and synthetic graphs
of 10,000 and 50,000 nodes; starts ``graphkb serve`` on each (a separate
process on loopback), waits for its layout, then prints in one run:

* API p50/p95 (ms) of search, expand, a named query and a reading path on the
  corpus graph and on the 100x graph (targets p95 <= 50 ms and <= 200 ms), and
  how long the server took to build its reading index (in the background, once
  per graph version; paths are measured once it is built);
* 50 clients for 30 s against the corpus server (p95, errors; target 0 errors);
* page ready in headless Chromium (software WebGL) for the corpus graph
  (target <= 1 s) and for the whole 50,000-node view (target <= 5 s);
* a click's highlight drawn (ms) at 10,000 and 50,000 nodes (target <= 500 ms at 10,000).

Usage::

    python benchmarks/bench_serve.py [--requests 100] [--clients 50] [--seconds 30] [--runs 3] [--api-only | --pages-only]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from load_serve import percentile, run_load  # noqa: E402
from synthetic import replicated_records, synthetic_rows  # noqa: E402

CHROMIUM_ARGS = ["--no-sandbox", "--use-gl=angle", "--use-angle=swiftshader-webgl", "--enable-unsafe-swiftshader", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
API_TARGETS = {"corpus": 50.0, "corpus x100": 200.0}
PAGE_TARGETS = {"corpus": 1.0, "synthetic 50k": 5.0}
CLICK_TARGET = 500.0


def build_store(folder: Path, rows) -> Path:
    from graphkb.store import open_store

    with open_store(folder) as store:
        store.load(rows)
    return folder


@contextlib.contextmanager
def served(data_dir: Path):
    """``graphkb serve`` on a free loopback port, in its own process; yields the base URL once the layout is ready."""
    import httpx

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [sys.executable, "-m", "graphkb", "serve", "--data-dir", str(data_dir), "--port", str(port)]
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 600
        while True:
            try:
                if httpx.get(url + "api/info", timeout=600).status_code == 200:  # answers once the layout is computed
                    break
            except httpx.TransportError:
                pass
            if server.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"graphkb serve did not start: {server.stderr.read().decode(errors='replace')}")
            time.sleep(0.2)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=30)


def reading_index_ready(url: str) -> dict:
    """Wait until the server's reading index is wholly built (weak links too: the build would compete with the
    requests measured); its ``/api/info`` status (seconds it took)."""
    import httpx

    while True:
        status = httpx.get(url + "api/info", timeout=60).json()["readingIndex"]
        if status["weak"]:
            return status
        time.sleep(0.2)


def api_latencies(url: str, requests: int) -> dict[str, list[float]]:
    """Milliseconds per request of each kind, after one warm-up request each."""
    import httpx

    kinds = {
        "search": [("GET", "api/search", {"q": q}) for q in ("ממבה", "RLHF", "Mamab", "jacobi", "14.06.24", "diffusion")],
        "expand": [("GET", "api/expand", {"id": n}) for n in ("Concept:Mamba", "Review:2024-06-14", "Concept:RLHF",
                                                               "Concept:large language models")],
        "named query": [("POST", "api/cypher", {"name": "reviews_about_concept", "params": {"concept": c}})
                        for c in ("DPO", "ממבה", "RLHF")],
        "path": [("GET", "api/path", {"from": a, "to": b}) for a, b in (("Jacobi decoding", "Medusa"), ("PPO", "RLHF"),
                                                                        ("named entity recognition", "GLiNER"))],
    }
    timings: dict[str, list[float]] = {}
    with httpx.Client(base_url=url, timeout=60) as http:
        for kind, calls in kinds.items():
            for method, path, params in calls:  # warm-up
                send(http, method, path, params)
            timings[kind] = []
            for i in range(requests):
                method, path, params = calls[i % len(calls)]
                started = time.perf_counter()
                send(http, method, path, params)
                timings[kind].append((time.perf_counter() - started) * 1000)
    return timings


def send(http, method: str, path: str, params: dict) -> None:
    response = http.get(path, params=params) if method == "GET" else http.post(path, json=params)
    if response.status_code != 200:
        raise SystemExit(f"{path} {params} answered {response.status_code}: {response.text[:200]}")


def page_ready(browser, url: str, runs: int) -> list[float]:
    """Seconds from navigation to the page ready and drawn (two animation frames after), one per load."""
    origin = url.split("#")[0].rstrip("/")
    times = []
    for _ in range(runs):
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(origin) else route.abort())
        started = time.perf_counter()
        page.goto(url)
        page.wait_for_function("() => document.body.dataset.ready === 'true'", timeout=300_000)
        page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
        times.append(time.perf_counter() - started)
        page.close()
    return times


def click_highlight(browser, url: str, clicks: int = 5) -> tuple[int, list[float]]:
    """Milliseconds from a mouse press on a node to the next frame after the highlight is drawn, for a few
    well-linked nodes."""
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    origin = url.split("#")[0].rstrip("/")
    page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(origin) else route.abort())
    page.goto(url)
    page.wait_for_function("() => document.body.dataset.ready === 'true'", timeout=300_000)
    shown = page.evaluate("graphkb.graph.order")
    page.evaluate("""() => {
        const box = document.getElementById('graph');
        box.addEventListener('mousedown', () => { window.__pressed = performance.now(); window.__drawn = null; }, true);
        graphkb.renderer.on('afterRender', () => { if (window.__drawn === null) window.__drawn = performance.now(); });
    }""")
    nodes = page.evaluate("""n => graphkb.graph.nodes().sort((a, b) => graphkb.graph.degree(b) - graphkb.graph.degree(a))
                                  .slice(10, 10 + n)""", clicks)
    times = []
    for node in nodes:
        page.evaluate("graphkb.select(null)")
        page.evaluate("""node => { const d = graphkb.renderer.getNodeDisplayData(node);
                         graphkb.renderer.getCamera().setState({x: d.x, y: d.y, ratio: 0.05, angle: 0}); }""", node)
        page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
        point = page.evaluate("""node => { const p = graphkb.renderer.graphToViewport(graphkb.graph.getNodeAttributes(node));
                                 const box = document.getElementById('graph').getBoundingClientRect();
                                 return [box.left + p.x, box.top + p.y]; }""", node)
        page.mouse.click(*point)
        # a node drawn over the aimed one may take the click: any selection counts
        page.wait_for_function("() => document.body.dataset.selected && window.__drawn !== null", timeout=60_000)
        # the frame is on screen once the next frame can start (software WebGL finishes it first)
        times.append(page.evaluate("() => new Promise(r => requestAnimationFrame(() => r(performance.now() - window.__pressed)))"))
    page.close()
    return shown, times


def whole_view(url: str, limit: int) -> str:
    return url + "#" + urllib.parse.quote(json.dumps({"seed": "all", "limit": limit}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=100, help="requests per kind for the API figures")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--runs", type=int, default=3, help="page loads per figure")
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    only = parser.add_mutually_exclusive_group()
    only.add_argument("--api-only", action="store_true", help="only the API latency table (no load, no browser)")
    only.add_argument("--pages-only", action="store_true", help="only page ready and click highlight (no API figures, no load)")
    args = parser.parse_args()

    from playwright.sync_api import sync_playwright

    from graphkb import DEFAULT_CORPUS
    from graphkb.extract.pipeline import extract_records, extraction_from
    from graphkb.model import graph_rows

    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        started = time.perf_counter()
        records = extract_records(DEFAULT_CORPUS)
        stores = {"corpus": build_store(root / "corpus", graph_rows(extraction_from(records)))}
        if not args.pages_only:
            stores["corpus x100"] = build_store(root / "x100", graph_rows(extraction_from(replicated_records(records, 100))))
        if not args.api_only:
            stores["synthetic 10k"] = build_store(root / "s10k", synthetic_rows(10_000))
            stores["synthetic 50k"] = build_store(root / "s50k", synthetic_rows(50_000))
        print(f"stores built in {time.perf_counter() - started:.0f} s")

        if not args.pages_only:
            print(f"\nAPI latency, {args.requests} requests per kind, one client, ms")
            print(f"{'graph':<14}{'nodes':>8}{'kind':>13}{'p50':>8}{'p95':>8}{'target p95':>12}")
        load = None
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=args.chromium, args=CHROMIUM_ARGS)
            pages: dict[str, list[float]] = {}
            clicks: dict[str, tuple[int, list[float]]] = {}
            if args.pages_only:
                with served(stores["corpus"]) as url:
                    pages["corpus"] = page_ready(browser, url, args.runs)
            for name in () if args.pages_only else ("corpus", "corpus x100"):
                started = time.perf_counter()
                with served(stores[name]) as url:
                    warm = time.perf_counter() - started
                    import httpx

                    nodes = httpx.get(url + "api/info").json()["nodes"]
                    reading = reading_index_ready(url)
                    for kind, timings in api_latencies(url, args.requests).items():
                        p95 = percentile(timings, 0.95)
                        verdict = "ok" if p95 <= API_TARGETS[name] else "SLOW"
                        print(f"{name:<14}{nodes:>8}{kind:>13}{statistics.median(timings):>8.1f}{p95:>8.1f}"
                              f"{API_TARGETS[name]:>10.0f} {verdict}")
                    print(f"{'':<14}(server start to layout ready: {warm:.1f} s; reading index built in the background "
                          f"in {reading['seconds']['ready']:.1f} s, its weak links in {reading['seconds']['weak']:.1f} s; all once per graph version)")
                    if name == "corpus" and not args.api_only:
                        with ThreadPoolExecutor(1) as worker:  # playwright's loop runs in this thread
                            load = worker.submit(asyncio.run, run_load(url, args.clients, args.seconds)).result()
                        pages["corpus"] = page_ready(browser, url, args.runs)
            if args.api_only:
                return
            for name, nodes in (("synthetic 10k", 10_000), ("synthetic 50k", 50_000)):
                with served(stores[name]) as url:
                    view = whole_view(url, nodes + 1)
                    if name == "synthetic 50k":
                        pages[name] = page_ready(browser, view, args.runs)
                    clicks[name] = click_highlight(browser, view)
            browser.close()

        if load is not None:
            print(f"\nLoad: {args.clients} clients for {args.seconds:g} s on the corpus server: {load['requests']} requests "
                  f"({load['per_second']:.0f}/s), p50 {load['p50_ms']:.0f} ms, p95 {load['p95_ms']:.0f} ms, "
                  f"max {load['max_ms']:.0f} ms, {load['errors']} errors" + ("" if load["errors"] == 0 else "  FAILED"))
            for kind, count in load["error_kinds"].items():
                print(f"  {count} x {kind}")
        print("\nPage ready in headless Chromium (SwiftShader WebGL), s")
        for name, times in pages.items():
            median = statistics.median(times)
            print(f"{name:<14} median {median:.2f}  target {PAGE_TARGETS[name]:.0f}  {'ok' if median <= PAGE_TARGETS[name] else 'SLOW'}"
                  f"   (runs: {', '.join(f'{t:.2f}' for t in times)})")
        print("\nClick highlight, mouse press to the frame after it is drawn, ms")
        for name, (shown, times) in clicks.items():
            median = statistics.median(times)
            verdict = "" if name != "synthetic 10k" else ("ok" if median <= CLICK_TARGET else "SLOW")
            print(f"{name:<14} {shown:>6} nodes shown: median {median:.0f}, max {max(times):.0f}  {verdict}"
                  f"   (clicks: {', '.join(f'{t:.0f}' for t in times)})")


if __name__ == "__main__":
    main()
