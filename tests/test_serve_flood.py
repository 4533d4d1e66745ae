"""One client cannot exhaust `kg serve`'s connection cap (kg.server.run.MAX_PER_CLIENT).

Before: 400 connections that sent a request head and never finished the body were all held open for the
30 s body timeout, each counting against the server's cap (128 connections per core), so a larger flood
left nothing for anyone else; the count below found all 400 still open. The flood here comes from
127.0.0.1 and the well-behaved client from 127.0.0.2 (another loopback address of this machine), against
a real server on 127.0.0.1.
"""

from __future__ import annotations

import socket
import time
from pathlib import Path

from serve_server import Server

from kg.server.run import MAX_PER_CLIENT

FLOOD = 400


def _request(server: Server, source: str) -> tuple[int, float]:
    """One GET ASK from `source`; (status, seconds)."""
    t0 = time.monotonic()
    with socket.create_connection(("127.0.0.1", server.port), timeout=10, source_address=(source, 0)) as s:
        s.sendall(f"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\nHost: 127.0.0.1:{server.port}\r\n"
                  "Connection: close\r\n\r\n".encode())
        raw = b""
        while chunk := s.recv(65536):
            raw += chunk
    assert raw.startswith(b"HTTP/1.1 "), raw[:80]
    return int(raw[9:12]), time.monotonic() - t0


def _slow_body(server: Server) -> socket.socket:
    s = socket.create_connection(("127.0.0.1", server.port), timeout=10, source_address=("127.0.0.1", 0))
    s.sendall(f"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1:{server.port}\r\n"
              "Content-Type: application/sparql-query\r\nContent-Length: 1000\r\n\r\nASK".encode())
    return s


def _still_open(s: socket.socket) -> bool:
    s.setblocking(False)
    try:
        return s.recv(1) != b""
    except BlockingIOError:
        return True
    except OSError:
        return False


def test_a_slow_body_flood_from_one_client_does_not_starve_another(store_path: Path) -> None:
    server = Server(store_path, "--timeout", "10")
    flood: list[socket.socket] = []
    try:
        for _ in range(FLOOD):
            flood.append(_slow_body(server))
        time.sleep(1.0)
        status, seconds = _request(server, "127.0.0.2")
        assert status == 200 and seconds < 5, (status, seconds)
        # the flooding client itself can still send a complete request (its oldest stalled one made room)
        status, _ = _request(server, "127.0.0.1")
        assert status == 200
        time.sleep(0.5)
        open_now = sum(_still_open(s) for s in flood)
        assert open_now <= MAX_PER_CLIENT, f"{open_now} slow-body connections of one client are still held"
    finally:
        for s in flood:
            s.close()
        server.stop()
