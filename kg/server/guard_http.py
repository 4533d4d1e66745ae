"""HTTP-level guards in front of the whole app (the /sparql endpoint and the explorer alike).

* Host check: the Host header must name this server (loopback names, the bound address, or a host
  given with --allow-host). A DNS-rebinding page, whose requests carry its own host name, is refused.
* Origin check: a request a browser sends on behalf of another site (an Origin header that is not
  this server's own origin nor the --cors origin, or Sec-Fetch-Site: cross-site) is refused, except a
  plain top-level GET navigation, so a shared link to a page still opens. A cross-site form POST
  therefore never reaches the endpoint.
* Read-only: PUT, DELETE and PATCH are refused everywhere; a declared body over the cap gets 413 before
  anything is read.

Pure ASGI middleware (no per-request task or body buffering), so it costs microseconds.
"""

from __future__ import annotations

import functools
import ipaddress

from starlette.types import ASGIApp, Receive, Scope, Send

LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1"})
WILDCARD = frozenset({"0.0.0.0", "::", ""})


def _split_host(value: str) -> tuple[str, int | None]:
    """'[::1]:80' -> ('::1', 80); 'Example.org' -> ('example.org', None); a bad port -> ('', None)."""
    value = value.strip().lower()
    if value.startswith("["):
        host, _, rest = value[1:].partition("]")
        port = rest[1:] if rest.startswith(":") else ""
    elif value.count(":") == 1:
        host, _, port = value.partition(":")
    else:
        host, port = value, ""
    if port:
        if not port.isdigit():
            return "", None
        return host.rstrip("."), int(port)
    return host.rstrip("."), None


@functools.lru_cache(maxsize=256)  # every request asks about the same few Host values; ip_address parsing showed in a profile
def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class HostOriginGuard:
    def __init__(self, app: ASGIApp, bound_host: str = "127.0.0.1", port: int | None = None,
                 allowed_hosts: tuple[str, ...] = (), cors_origin: str | None = None, max_body: int = 1 << 20) -> None:
        self.app = app
        self.bound_host = bound_host.lower()
        self.port = port  # set by the runner once the socket is bound (port 0 picks one)
        self.allowed = {h.lower().rstrip(".") for h in allowed_hosts}
        self.cors_origin = cors_origin.rstrip("/").lower() if cors_origin else None
        self.max_body = max_body

    # ---- decisions

    def host_ok(self, host_header: str | None) -> bool:
        if host_header is None:
            return False  # HTTP/1.1 requires Host; a request without one is not from a browser we serve
        host, port = _split_host(host_header)
        if not host:
            return False
        if self.port is not None and port is not None and port != self.port:
            return False
        if "*" in self.allowed or host in self.allowed:
            return True
        if _is_loopback(host) or host == self.bound_host:
            return True
        # A wildcard bind with no --allow-host: any name this machine answers to (the warning said so).
        return self.bound_host in WILDCARD

    def origin_ok(self, origin: str | None, host_header: str | None, fetch_site: str | None,
                  fetch_mode: str | None, method: str) -> bool:
        if origin is not None:
            o = origin.strip().rstrip("/").lower()
            if self.cors_origin and o == self.cors_origin:
                return True
            if o == "null" or "://" not in o:
                return False
            same = o.split("://", 1)[1] == (host_header or "").strip().lower()
            if not same:
                return False
        if fetch_site == "cross-site":
            return method in ("GET", "HEAD") and fetch_mode == "navigate"
        return True

    # ---- ASGI

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers: dict[str, str] = {}
        for k, v in scope["headers"]:
            name = k.decode("latin-1")
            if name in headers and name in ("host", "origin", "content-length"):
                await _plain(send, 400, f"duplicate {name} header")
                return
            headers[name] = v.decode("latin-1")
        method = scope["method"]
        if not self.host_ok(headers.get("host")):
            await _plain(send, 403, "refused: the Host header does not name this server (use --allow-host NAME)")
            return
        if not self.origin_ok(headers.get("origin"), headers.get("host"), headers.get("sec-fetch-site"),
                              headers.get("sec-fetch-mode"), method):
            await _plain(send, 403, "refused: cross-site request (start kg serve with --cors ORIGIN to allow one)")
            return
        if method in ("PUT", "DELETE", "PATCH"):
            await _plain(send, 403, "Graph Store writes are refused: this endpoint is read-only")
            return
        length = headers.get("content-length")
        if length is not None and (not length.isdigit() or int(length) > self.max_body):
            status = 413 if length.isdigit() else 400
            await _plain(send, status, f"request body over {self.max_body} bytes" if status == 413
                         else "malformed Content-Length")
            return
        await self.app(scope, receive, send)


async def _plain(send: Send, status: int, message: str) -> None:
    body = (message + "\n").encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"text/plain; charset=utf-8"), (b"content-length", str(len(body)).encode()),
                            (b"x-content-type-options", b"nosniff"), (b"cache-control", b"no-store"),
                            (b"connection", b"close")]})
    await send({"type": "http.response.body", "body": body})
