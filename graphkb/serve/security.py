"""The security model of ``graphkb serve``, as ASGI middleware.

* The server binds the loopback address unless ``--host`` says otherwise.
* Host-header allow-list (against DNS rebinding): a request naming any other
  host gets 400 (Starlette's ``TrustedHostMiddleware``).
* Requests that are not GET or HEAD must come from the page itself: a JSON
  body, an ``Origin`` (when sent) equal to the server's own, and a
  ``Sec-Fetch-Site`` (when sent) of ``same-origin``; anything else gets 403.
  They only read, too: no endpoint writes, and Cypher runs read-only in the store.
* Every response carries a Content-Security-Policy of ``'self'`` (no inline
  script, nothing from elsewhere), ``nosniff``, no referrer, no framing.

Examples
--------
>>> allowed_hosts("127.0.0.1")
['127.0.0.1', 'localhost', '::1']
>>> allowed_hosts("0.0.0.0", ["kb.lan"])
['127.0.0.1', 'localhost', '::1', 'kb.lan']
"""

from __future__ import annotations

from typing import Any

__all__ = ["LOOPBACK_HOSTS", "CONTENT_SECURITY_POLICY", "allowed_hosts", "is_loopback", "SameOriginMiddleware"]

LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1")
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; connect-src 'self'; "
    "object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)
SECURITY_HEADERS = [
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
]
SAFE_METHODS = ("GET", "HEAD")


def is_loopback(host: str) -> bool:
    """Whether ``host`` is a loopback address or name.

    >>> is_loopback("127.0.0.1"), is_loopback("0.0.0.0")
    (True, False)
    """
    import ipaddress

    if host in LOOPBACK_HOSTS:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def allowed_hosts(bind_host: str, extra: list[str] | tuple[str, ...] = ()) -> list[str]:
    """The Host-header names the app answers: the loopback names, the bound host when it is a name or a
    specific address, and ``extra``."""
    hosts = list(LOOPBACK_HOSTS)
    if bind_host not in ("0.0.0.0", "::", ""):
        hosts.append(bind_host)
    hosts.extend(extra)
    return list(dict.fromkeys(hosts))


def _header(scope: dict[str, Any], name: bytes) -> str | None:
    for key, value in scope.get("headers", ()):
        if key == name:
            return value.decode("latin-1")
    return None


class SameOriginMiddleware:
    """Refuse non-GET requests that do not come from the page; add the security headers to every response."""

    def __init__(self, app: Any):
        self.app = app

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        refusal = self._refusal(scope)
        if refusal:
            from starlette.responses import JSONResponse

            await JSONResponse({"error": refusal, "kind": "Forbidden"}, status_code=403)(scope, receive, self._secured(send))
            return
        await self.app(scope, receive, self._secured(send))

    @staticmethod
    def _refusal(scope: dict[str, Any]) -> str | None:
        if scope["method"] in SAFE_METHODS:
            return None
        host = _header(scope, b"host")
        origin = _header(scope, b"origin")
        if origin is not None and origin != f"http://{host}":
            return f"refused a request from {origin}: only the page at http://{host} may send it"
        site = _header(scope, b"sec-fetch-site")
        if site is not None and site != "same-origin":
            return f"refused a {site} request: only the page itself may send it"
        content_type = (_header(scope, b"content-type") or "").split(";")[0].strip().lower()
        if content_type != "application/json":
            return "refused a request without a JSON body (Content-Type: application/json)"
        return None

    @staticmethod
    def _secured(send: Any) -> Any:
        async def send_with_headers(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *SECURITY_HEADERS]
            await send(message)

        return send_with_headers
