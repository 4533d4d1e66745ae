"""Bind, then serve the app with uvicorn, with the connection limits of Oxigraph's server.

* The socket is bound here, before the worker pool starts, so "port in use", an address this machine
  does not have, or an unknown host name is one clear error (kg.errors.ServeError), never a traceback.
* Listen backlog 128 (what Oxigraph server gets from Rust's standard library); at most 128 connections
  per core at once (Oxigraph: `available_parallelism() * 128`), beyond which requests get 503.
* A connection must deliver its request head within HEAD_TIMEOUT seconds of opening (or of its
  previous response) and in at most MAX_HEAD bytes; an idle keep-alive connection is closed after
  KEEP_ALIVE seconds. So idle or trickling connections cannot pile up (uvicorn alone only times out
  idle keep-alive connections after a response, not a connection that never completes a request).
* One client cannot hold the connection cap: at most MAX_PER_CLIENT connections per client address.
  When a client opens one more, its oldest connection that is stalled (no complete request head, or a
  body still arriving) is closed to make room; if none is stalled (all are running queries) the new
  connection gets 503. Before, 400 connections that never finished a body held the whole cap for the
  30 s body timeout and every other client got 503.
* Malformed framing (`Content-Length: -1`, `Content-Length: abc`, both Content-Length and chunked)
  is answered 400 by the HTTP parser (llhttp, via httptools) before the app sees the request.
"""

from __future__ import annotations

import errno
import os
import socket
from collections.abc import Callable

import uvicorn
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from ..errors import KgError
from .config import ServerConfig

BACKLOG = 128
HEAD_TIMEOUT = 10.0
MAX_HEAD = 64 * 1024
KEEP_ALIVE = 5
MAX_PER_CLIENT = 32  # open connections per client address (a browser opens about 6 per host)
_BUSY = (b"HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain; charset=utf-8\r\nConnection: close\r\n"
         b"Content-Length: 62\r\n\r\ntoo many connections from this client at once; retry shortly.\n")
WILDCARD_HOSTS = ("0.0.0.0", "::", "")


class ServeError(KgError):
    """The server cannot start (address in use, not an address of this machine, unknown host)."""


class GuardedHttpProtocol(HttpToolsProtocol):
    """uvicorn's httptools protocol with a deadline and a size limit on reading each request head."""

    # Open connections by client address, oldest first. One event loop runs every protocol instance of a
    # server, so this needs no lock.
    _by_client: dict[str, list[GuardedHttpProtocol]] = {}

    def connection_made(self, transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._in_body = False
        self._arm_head()
        address = self.client[0] if self.client else ""
        self._address = address
        mine = self._by_client.setdefault(address, [])
        if len(mine) >= MAX_PER_CLIENT:
            stalled = next((c for c in mine if c._stalled()), None)
            if stalled is None:
                self._disarm_head()
                transport.write(_BUSY)
                transport.close()
                return
            mine.remove(stalled)
            stalled._disarm_head()
            stalled.transport.close()
        mine.append(self)

    def _stalled(self) -> bool:
        """Waiting on the client: for a request head, or for the rest of a body."""
        return (self._awaiting_head or self._in_body) and not self.transport.is_closing()

    def _arm_head(self) -> None:
        self._head_bytes = 0
        self._awaiting_head = True
        self._head_timer = self.loop.call_later(HEAD_TIMEOUT, self._head_timeout)

    def _disarm_head(self) -> None:
        self._awaiting_head = False
        timer = getattr(self, "_head_timer", None)
        if timer is not None:
            timer.cancel()
            self._head_timer = None

    def _head_timeout(self) -> None:
        self._head_timer = None
        if self._awaiting_head and not self.transport.is_closing():
            self.transport.close()

    def data_received(self, data: bytes) -> None:
        super().data_received(data)
        # Counted after parsing: a chunk that completes the head (and carries body bytes) is not counted.
        if self._awaiting_head and not self.transport.is_closing():
            self._head_bytes += len(data)
            if self._head_bytes > MAX_HEAD:
                self._disarm_head()
                self.send_400_response("Request head too large.")

    def on_headers_complete(self) -> None:
        self._disarm_head()
        self._in_body = True
        super().on_headers_complete()

    def on_message_complete(self) -> None:
        self._in_body = False
        super().on_message_complete()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if not self.transport.is_closing() and not self.pipeline:
            self._arm_head()

    def connection_lost(self, exc) -> None:
        self._disarm_head()
        mine = self._by_client.get(getattr(self, "_address", ""), [])
        if self in mine:
            mine.remove(self)
            if not mine:
                del self._by_client[self._address]
        super().connection_lost(exc)


def bind(host: str, port: int) -> socket.socket:
    """A listening socket on host:port, or ServeError with one clear line."""
    try:
        infos = socket.getaddrinfo(host or None, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror as e:
        raise ServeError(f"cannot serve on --host {host!r}: not an address or a known host name ({e.strerror})",
                         "use an address of this machine, e.g. 127.0.0.1") from None
    last: OSError | None = None
    for family, stype, proto, _, addr in infos:
        sock = socket.socket(family, stype, proto)
        try:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            if family == socket.AF_INET6 and host in ("::", ""):
                sock.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)  # :: also takes IPv4
            sock.bind(addr)
            sock.listen(BACKLOG)
            sock.set_inheritable(True)
            return sock
        except OSError as e:
            sock.close()
            last = e
    assert last is not None
    where = f"{host}:{port}"
    if last.errno == errno.EADDRINUSE:
        raise ServeError(f"cannot serve on {where}: the port is already in use",
                         "stop the other server or pick another --port (0 picks a free one)") from None
    if last.errno == errno.EADDRNOTAVAIL:
        raise ServeError(f"cannot serve on {where}: {host} is not an address of this machine",
                         "use 127.0.0.1 (this machine only) or an address `ip addr` lists") from None
    if last.errno == errno.EACCES:
        raise ServeError(f"cannot serve on {where}: permission denied", "use a port above 1023") from None
    if last.errno == errno.EAFNOSUPPORT:
        raise ServeError(f"cannot serve on {where}: this machine has no {('IPv6' if ':' in host else 'IPv4')} support",
                         "use 127.0.0.1") from None
    raise ServeError(f"cannot serve on {where}: {last.strerror or last}") from None


def url_of(sock: socket.socket) -> str:
    host, port = sock.getsockname()[:2]
    return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"


def exposure_warning(host: str) -> str | None:
    """A warning when the bind is reachable from other machines; None for loopback."""
    if host in WILDCARD_HOSTS:
        return (f"warning: --host {host or '(all)'} serves every network this machine is on; anyone who can "
                "reach it can query the store. Use 127.0.0.1 unless you mean that, and name the hosts "
                "clients use with --allow-host.")
    if host not in ("127.0.0.1", "localhost", "::1") and not host.startswith("127."):
        return f"warning: --host {host} is reachable from other machines; anyone who can reach it can query the store."
    return None


def serve(config: ServerConfig, host: str, port: int, announce: Callable[[str], None]) -> None:
    """Bind, start the workers and the app, announce the URL, serve until SIGINT/SIGTERM."""
    from .app import create_app

    sock = bind(host, port)
    try:
        bound_port = sock.getsockname()[1]
        app = create_app(config, bound_host=host, port=bound_port)
        cfg = uvicorn.Config(app, http=GuardedHttpProtocol, lifespan="on", log_level="warning", access_log=False,
                             timeout_keep_alive=KEEP_ALIVE, limit_concurrency=(os.cpu_count() or 1) * 128,
                             backlog=BACKLOG, timeout_graceful_shutdown=3, server_header=False, proxy_headers=False)
        server = uvicorn.Server(cfg)
        announce(url_of(sock))
        server.run(sockets=[sock])
    finally:
        sock.close()
