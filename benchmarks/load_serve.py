"""A bounded load on a running ``graphkb serve``: N concurrent clients for S seconds, loopback only.

Each client repeats a mix of what the page asks (search, expand, details, a
named query, a reading path) until the time is up, then the script prints the
request count, latency percentiles and the error count, and stops.

Usage::

    python benchmarks/load_serve.py http://127.0.0.1:8765/ [--clients 50] [--seconds 30]
"""

from __future__ import annotations

import argparse
import asyncio
import ipaddress
import statistics
import time
from collections import Counter
from urllib.parse import urlsplit

MAX_CLIENTS = 200
MAX_SECONDS = 120
MIX = [
    ("GET", "api/search", {"q": "ממבה"}),
    ("GET", "api/search", {"q": "RLHF"}),
    ("GET", "api/search", {"q": "Mamab"}),
    ("GET", "api/expand", {"id": "Concept:Mamba"}),
    ("GET", "api/expand", {"id": "Review:2024-06-14"}),
    ("GET", "api/node", {"id": "Concept:Mamba"}),
    ("POST", "api/cypher", {"name": "reviews_about_concept", "params": {"concept": "DPO"}}),
    ("GET", "api/path", {"from": "Jacobi decoding", "to": "Medusa"}),
]


def percentile(values: list[float], share: float) -> float:
    """The ``share`` quantile of ``values`` (nearest rank).

    >>> percentile([1.0, 2.0, 3.0, 4.0], 0.5)
    2.0
    """
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, round(share * len(ordered) + 0.5) - 1))]


def check_loopback(url: str) -> None:
    """Refuse any server but this machine's."""
    host = urlsplit(url).hostname or ""
    try:
        loopback = host == "localhost" or ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = False
    if not loopback:
        raise SystemExit(f"refusing to load {host}: this script only runs against a loopback address")


async def _client(http, base: str, deadline: float, offset: int, latencies: list[float], errors: list[str]) -> None:
    turn = offset
    while time.monotonic() < deadline:
        method, path, params = MIX[turn % len(MIX)]
        turn += 1
        started = time.perf_counter()
        try:
            if method == "GET":
                response = await http.get(base + path, params=params)
            else:
                response = await http.post(base + path, json=params)
            if response.status_code != 200:
                errors.append(f"{path}: {response.status_code} {response.text[:120]}")
        except Exception as error:  # counted, not raised: the load keeps going
            errors.append(f"{path}: {type(error).__name__}")
        latencies.append((time.perf_counter() - started) * 1000)


async def run_load(base: str, clients: int = 50, seconds: float = 30.0) -> dict[str, float]:
    """Run the load and return ``{"requests", "per_second", "p50_ms", "p95_ms", "max_ms", "errors", "error_kinds"}``
    (``error_kinds``: each distinct failure, the request and its status or exception, with its count)."""
    import httpx

    check_loopback(base)
    clients, seconds = min(clients, MAX_CLIENTS), min(seconds, MAX_SECONDS)
    latencies: list[float] = []
    errors: list[str] = []
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(limits=limits, timeout=30.0) as http:
        deadline = time.monotonic() + seconds
        started = time.perf_counter()
        await asyncio.gather(*(_client(http, base, deadline, i, latencies, errors) for i in range(clients)))
        elapsed = time.perf_counter() - started
    return {
        "requests": len(latencies),
        "per_second": len(latencies) / elapsed,
        "p50_ms": statistics.median(latencies) if latencies else 0.0,
        "p95_ms": percentile(latencies, 0.95) if latencies else 0.0,
        "max_ms": max(latencies, default=0.0),
        "errors": len(errors),
        "error_kinds": dict(Counter(errors).most_common()),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url", help="the server's base URL, e.g. http://127.0.0.1:8765/")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=30.0)
    args = parser.parse_args()
    base = args.url if args.url.endswith("/") else args.url + "/"
    result = asyncio.run(run_load(base, args.clients, args.seconds))
    print(f"{args.clients} clients for {args.seconds:g} s: {result['requests']} requests ({result['per_second']:.0f}/s), "
          f"p50 {result['p50_ms']:.0f} ms, p95 {result['p95_ms']:.0f} ms, max {result['max_ms']:.0f} ms, "
          f"{result['errors']} errors")
    for kind, count in result["error_kinds"].items():
        print(f"  {count} x {kind}")


if __name__ == "__main__":
    main()
