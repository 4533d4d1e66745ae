"""`kg explore --no-browser`: the same server as `kg serve`, with the explorer answering at /."""

from __future__ import annotations

import re
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

from kg import EDUCATIONAL_NOTICE

KG = str(Path(sys.executable).parent / "kg")


def test_explore_serves_the_explorer_and_the_endpoint_on_a_free_port(store_path):
    proc = subprocess.Popen([KG, "explore", "--no-browser", "--port", "0", "--store", str(store_path)],
                            stderr=subprocess.PIPE, text=True)
    try:
        assert proc.stderr is not None
        first = proc.stderr.readline()
        m = re.search(r"explorer at (http://127\.0\.0\.1:\d+/)", first)
        assert m, first
        base = m.group(1)
        deadline = time.monotonic() + 60
        while True:
            try:
                page = urllib.request.urlopen(base, timeout=5).read().decode("utf-8")
                break
            except OSError:
                assert proc.poll() is None and time.monotonic() < deadline, "kg explore did not start"
                time.sleep(0.3)
        assert "Show treatment path" in page and EDUCATIONAL_NOTICE in page
        body = "query=" + urllib.parse.quote("ASK { ?s ?p ?o }")
        req = urllib.request.Request(base + "sparql", data=body.encode(), method="POST",
                                     headers={"Content-Type": "application/x-www-form-urlencoded",
                                              "Accept": "application/sparql-results+json"})
        assert '"boolean": true' in urllib.request.urlopen(req, timeout=30).read().decode().replace('":true', '": true')
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
