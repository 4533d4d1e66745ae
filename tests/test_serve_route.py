"""/sparql is answered by a plain ASGI handler (kg.server.app, for CPU per request); it answers as the
Starlette route did: the same statuses, headers and bodies for HEAD, the trailing-slash path, the page,
errors, other methods, and a client that goes away half-way through its body. Spoken to over raw sockets.
"""

from __future__ import annotations

import socket
import time
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from serve_server import Server

from kg.server.app import ProtocolError, _pairs

pytestmark = pytest.mark.server
ASK = "/sparql?" + urllib.parse.urlencode({"query": "ASK {}"})


@pytest.fixture(scope="module")
def server(store_path: Path) -> Iterator[Server]:
    s = Server(store_path, "--timeout", "5")
    yield s
    s.stop()


def _exchange(server: Server, method: str, path: str, headers: dict[str, str] | None = None,
              body: bytes = b"") -> tuple[int, dict[str, str], bytes]:
    lines = [f"{method} {path} HTTP/1.1", f"Host: 127.0.0.1:{server.port}", "Connection: close"]
    lines += [f"{k}: {v}" for k, v in (headers or {}).items()]
    raw = b""
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as s:
        s.sendall(("\r\n".join(lines) + "\r\n\r\n").encode() + body)
        while chunk := s.recv(65536):
            raw += chunk
    head, _, rest = raw.partition(b"\r\n\r\n")
    status_line, *header_lines = head.decode("latin-1").split("\r\n")
    fields: dict[str, str] = {}
    for line in header_lines:
        k, _, v = line.partition(":")
        fields[k.strip().lower()] = v.strip()
    return int(status_line.split()[1]), fields, rest


def test_head_answers_the_get_headers_with_no_body(server: Server) -> None:
    status, get_headers, get_body = _exchange(server, "GET", ASK)
    assert status == 200 and get_body
    status, headers, body = _exchange(server, "HEAD", ASK)
    assert status == 200 and body == b""
    assert headers["content-length"] == str(len(get_body))
    assert headers["content-type"] == get_headers["content-type"]


def test_the_trailing_slash_path_is_the_same_endpoint(server: Server) -> None:
    assert _exchange(server, "GET", ASK)[2] == _exchange(server, "GET", ASK.replace("/sparql", "/sparql/"))[2]


def test_an_answer_carries_the_endpoints_headers(server: Server) -> None:
    status, headers, body = _exchange(server, "GET", ASK, {"Accept": "application/sparql-results+json"})
    assert status == 200
    assert headers["content-type"] == "application/sparql-results+json; charset=utf-8"
    assert headers["x-content-type-options"] == "nosniff" and headers["cache-control"] == "no-store"
    assert headers["vary"] == "Accept, Origin" and headers["x-kg-truncated"] == "false"
    assert headers["content-length"] == str(len(body)) and b'"boolean"' in body


def test_an_error_is_plain_text_with_the_same_headers(server: Server) -> None:
    status, headers, body = _exchange(server, "GET", "/sparql?" + urllib.parse.urlencode({"query": "SELECT ?x WHERE {"}))
    assert status == 400
    assert headers["content-type"] == "text/plain; charset=utf-8"
    assert headers["x-content-type-options"] == "nosniff" and headers["cache-control"] == "no-store"
    assert headers["content-length"] == str(len(body)) and body.endswith(b"\n")


def test_no_query_shows_the_page_with_its_content_security_policy(server: Server) -> None:
    status, headers, body = _exchange(server, "GET", "/sparql")
    assert status == 200 and headers["content-type"] == "text/html; charset=utf-8"
    assert "default-src 'none'" in headers["content-security-policy"] and b"<form" in body


def test_other_methods_are_still_routed_by_starlette(server: Server) -> None:
    status, headers, _ = _exchange(server, "OPTIONS", "/sparql")
    assert status == 204 and "POST" in headers["allow"]
    status, _, body = _exchange(server, "TRACE", "/sparql")
    assert status in (404, 405) and b"bindings" not in body  # never run as a query
    assert _exchange(server, "POST", "/elsewhere", {"Content-Type": "application/sparql-query",
                                                    "Content-Length": "6"}, b"ASK {}")[0] == 403


def test_a_client_gone_half_way_through_its_body_leaves_the_server_answering(server: Server) -> None:
    for _ in range(5):
        with socket.create_connection(("127.0.0.1", server.port), timeout=10) as s:
            s.sendall((f"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1:{server.port}\r\n"
                       "Content-Type: application/sparql-query\r\nContent-Length: 100\r\n\r\nASK").encode())
            time.sleep(0.05)
    assert _exchange(server, "GET", ASK)[0] == 200


# ---- the parent's own form decoding (kg.server.app._pairs) is urllib's parse_qsl, byte for byte

_FORM_ALPHABET = st.sampled_from(["%", "+", "&", "=", "\\", "a", "Z", "0", "9", "f", "F", "g", "%41", "%e2%82%ac",
                                  "%C3", "%ff", "%5C", "%25", "%2B", "%26", "%3D", "%20", "%0a", "%00", " ", "?"])


@settings(max_examples=400, deadline=None)
@given(st.lists(_FORM_ALPHABET, max_size=40).map("".join))
def test_form_decoding_equals_urllibs_parse_qsl(text: str) -> None:
    try:
        expected = urllib.parse.parse_qsl(text, keep_blank_values=True, strict_parsing=False, encoding="utf-8",
                                          errors="strict")
    except UnicodeDecodeError:
        with pytest.raises(ProtocolError) as refused:
            _pairs(text.encode("ascii"), "form body")
        assert refused.value.status == 400
        return
    assert _pairs(text.encode("ascii"), "form body") == expected


def test_form_bytes_that_are_not_ascii_are_refused() -> None:
    with pytest.raises(ProtocolError) as refused:
        _pairs("query=é".encode(), "form body")
    assert refused.value.status == 400
