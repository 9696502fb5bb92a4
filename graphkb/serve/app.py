"""The Starlette app of ``graphkb serve``: the page, its assets and the JSON API.

Routes (every view the page shows is one of these, so each can be opened as JSON):

=======================  =================================================================
``GET /``                the page
``GET /api/info``        store, version, counts, date range, styles, limits
``GET /api/search``      ``?q=ממבה`` names, aliases, titles, ids; Hebrew prefixes, typos
``GET /api/graph``       ``?limit=5000`` the whole graph (its best-linked nodes past limit)
``GET /api/expand``      ``?id=Concept:Mamba&limit=50&offset=0`` a node's neighbours
``POST /api/expand``     the same with ``view``: ids already shown, for the links to them
``POST /api/items``      ``{"ids": [...], "view": [...]}`` view items for ids (permalinks)
``GET /api/node``        ``?id=…`` the details panel
``GET /api/review``      ``?id=2024-06-14`` the review reader
``GET /api/queries``     the named queries and their parameters
``POST /api/cypher``     ``{"query"|"name", "params"}`` read-only, time limit, row cap
``GET /api/path``        ``?from=…&to=…&k=1&allow_weak=0`` a reading path
``GET /api/plan``        ``?topic=…&all=0`` a reading plan
``POST /api/export/F``   ``{"ids", "positions"}`` the view as ``html`` or ``graphml``
=======================  =================================================================

Errors are JSON ``{"error", "kind", "candidates"}`` with 400 (bad input),
404 (unknown name, no path) or 503 (store unavailable, reading index still being built).

Examples
--------
>>> from starlette.testclient import TestClient  # doctest: +SKIP
>>> client = TestClient(create_app(store))  # doctest: +SKIP
>>> client.get("/api/search", params={"q": "ממבה"}).json()[0]["id"]  # doctest: +SKIP
'Concept:Mamba'
"""

from __future__ import annotations

import importlib.resources
import json
from typing import Any, Callable

from graphkb.errors import GraphkbError, IndexWarmingError, InputError, NoPathError, StoreUnavailableError, UnknownNameError
from graphkb.serve import api
from graphkb.serve.security import LOOPBACK_HOSTS, SameOriginMiddleware
from graphkb.serve.state import GraphState

__all__ = ["create_app", "ASSETS"]

ASSETS = importlib.resources.files("graphkb.serve").joinpath("assets")
MAX_BODY = 16 * 1024 * 1024
KEPT_ANSWERS = 4  # whole-graph answers kept per graph version (a few sizes of the opening view)


def _status(error: GraphkbError) -> int:
    if isinstance(error, (UnknownNameError, NoPathError)):
        return 404
    if isinstance(error, (StoreUnavailableError, IndexWarmingError)):
        return 503
    return 400


def _int(request, name: str, default: int) -> int:
    value = request.query_params.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise InputError(f"{name} must be a whole number, not {value!r}") from None


def _flag(request, name: str) -> bool:
    value = request.query_params.get(name, "").strip().lower()
    if value not in ("", "0", "1", "true", "false"):
        raise InputError(f"{name} must be 1 or 0, not {value!r}")
    return value in ("1", "true")


def _text(request, name: str) -> str:
    value = request.query_params.get(name, "").strip()
    if not value:
        raise InputError(f"give ?{name}=…")
    return value


async def _body(request) -> dict[str, Any]:
    raw = await request.body()
    if len(raw) > MAX_BODY:
        raise InputError(f"the request body is over {MAX_BODY // (1024 * 1024)} MB")
    try:
        body = json.loads(raw or b"{}")
    except ValueError:
        raise InputError("the request body is not JSON") from None
    if not isinstance(body, dict):
        raise InputError("the request body must be a JSON object")
    return body


def create_app(store: Any, *, hosts: list[str] | tuple[str, ...] = LOOPBACK_HOSTS, refresh_seconds: float = 2.0,
               time_limit: float = api.TIME_LIMIT, row_limit: int = api.ROW_LIMIT):
    """The ASGI app over an open store.

    Parameters
    ----------
    store : graphkb.store.GraphStore
        Opened once (:func:`graphkb.store.open_store`); the app only reads it.
    hosts : list of str
        Host-header names the app answers (:func:`graphkb.serve.security.allowed_hosts`).
    refresh_seconds : float
        How often, at most, the app checks whether the stored graph changed.
    time_limit, row_limit
        The Cypher console's limits.
    """
    from starlette.applications import Starlette
    from starlette.concurrency import run_in_threadpool
    from starlette.middleware import Middleware
    from starlette.middleware.trustedhost import TrustedHostMiddleware
    from starlette.responses import FileResponse, JSONResponse, Response
    from starlette.routing import Mount, Route
    from starlette.staticfiles import StaticFiles

    state = GraphState(store, refresh_seconds=refresh_seconds)

    def endpoint(work: Callable[..., Any], *, body: bool = False):
        """A JSON endpoint: ``work(snapshot, request, body)`` runs in a worker thread."""

        async def handle(request):
            try:
                data = await _body(request) if body else {}
                result = await run_in_threadpool(lambda: work(state.snapshot(), request, data))
            except GraphkbError as error:
                candidates = getattr(error, "candidates", [])
                payload = {"error": str(error), "kind": type(error).__name__, "candidates": candidates}
                return JSONResponse(payload, status_code=_status(error))
            if isinstance(result, Response):
                return result
            return JSONResponse(result)

        return handle

    def export(snapshot, request, data):
        content, media_type, filename = api.export_view(snapshot, request.path_params["fmt"], data.get("ids"), data.get("positions"))
        return Response(content, media_type=media_type, headers={"content-disposition": f'attachment; filename="{filename}"'})

    def cypher(snapshot, request, data):
        limit = data.get("limit", row_limit)
        if not isinstance(limit, int) or not 1 <= limit <= row_limit:
            raise InputError(f"limit must be 1 to {row_limit}")
        return api.run_cypher(snapshot, store, cypher=data.get("query"), name=data.get("name"), params=data.get("params"),
                              limit=limit, seconds=time_limit)

    def expand(snapshot, request, data):
        node = data.get("id") or _text(request, "id")
        limit = data.get("limit", _int(request, "limit", api.EXPAND_LIMIT))
        offset = data.get("offset", _int(request, "offset", 0))
        if not isinstance(limit, int) or not isinstance(offset, int):
            raise InputError("limit and offset must be whole numbers")
        return api.expand(snapshot, node, limit=min(limit, 1000), offset=offset, view=data.get("view"))

    def items(snapshot, request, data):
        ids = data.get("ids")
        if not isinstance(ids, list) or not all(isinstance(item, str) for item in ids):
            raise InputError("ids must be a list of node ids")
        return api.view_items(snapshot, ids, data.get("view"))

    def graph(snapshot, request, data):
        limit = _int(request, "limit", api.GRAPH_LIMIT)
        key = ("graph", min(limit, snapshot.graph.number_of_nodes()))
        if key not in snapshot.answers:
            answer = api.whole_graph(snapshot, limit)
            while len(snapshot.answers) >= KEPT_ANSWERS:
                snapshot.answers.pop(next(iter(snapshot.answers)))
            snapshot.answers[key] = json.dumps(answer, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        return Response(snapshot.answers[key], media_type="application/json")

    async def page(request):
        return FileResponse(str(ASSETS.joinpath("index.html")), media_type="text/html; charset=utf-8")

    routes = [
        Route("/", page),
        Route("/api/info", endpoint(lambda s, r, d: api.info(s, store, row_limit=row_limit, time_limit=time_limit))),
        Route("/api/search", endpoint(lambda s, r, d: api.search(s, r.query_params.get("q", ""), min(_int(r, "limit", 10), 50)))),
        Route("/api/graph", endpoint(graph)),
        Route("/api/expand", endpoint(expand), methods=["GET"]),
        Route("/api/expand", endpoint(expand, body=True), methods=["POST"]),
        Route("/api/items", endpoint(items, body=True), methods=["POST"]),
        Route("/api/node", endpoint(lambda s, r, d: api.node_details(s, _text(r, "id")))),
        Route("/api/review", endpoint(lambda s, r, d: api.review_reader(s, _text(r, "id")))),
        Route("/api/queries", endpoint(lambda s, r, d: api.named_queries(store))),
        Route("/api/cypher", endpoint(cypher, body=True), methods=["POST"]),
        Route("/api/path", endpoint(lambda s, r, d: api.reading_path(s, _text(r, "from"), _text(r, "to"), _int(r, "k", 1),
                                                                    allow_weak=_flag(r, "allow_weak")))),
        Route("/api/plan", endpoint(lambda s, r, d: api.reading_plan(s, _text(r, "topic"), include_all=_flag(r, "all")))),
        Route("/api/export/{fmt}", endpoint(export, body=True), methods=["POST"]),
        Mount("/assets", app=StaticFiles(directory=str(ASSETS)), name="assets"),
    ]
    middleware = [
        Middleware(SameOriginMiddleware),
        Middleware(TrustedHostMiddleware, allowed_hosts=list(hosts)),
    ]
    app = Starlette(routes=routes, middleware=middleware)
    app.state.graph = state
    return app
