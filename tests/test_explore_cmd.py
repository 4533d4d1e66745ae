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


def test_explore_opens_the_browser_only_once_the_explorer_answers(store_path, tmp_path):
    """The browser is launched (here a stand-in xdg-open on PATH that records its argument and fetches the
    page at that moment) with the explorer's address, after the server is ready to answer it."""
    import os

    opened = tmp_path / "opened.txt"
    fake = tmp_path / "bin" / "xdg-open"
    fake.parent.mkdir()
    fake.write_text(f"""#!{sys.executable}
import sys, urllib.request
page = urllib.request.urlopen(sys.argv[1], timeout=30).read().decode("utf-8")
open({str(opened)!r}, "w").write(sys.argv[1] + "\\n" + str("Show treatment path" in page))
""")
    fake.chmod(0o755)
    env = {**os.environ, "PATH": f"{fake.parent}{os.pathsep}{os.environ['PATH']}", "DISPLAY": ":0"}
    proc = subprocess.Popen([KG, "explore", "--port", "0", "--store", str(store_path)],
                            stderr=subprocess.PIPE, text=True, env=env)
    try:
        assert proc.stderr is not None
        m = re.search(r"explorer at (http://127\.0\.0\.1:\d+/)", proc.stderr.readline())
        assert m
        deadline = time.monotonic() + 60
        while not (opened.exists() and opened.read_text().count("\n") == 1 and opened.read_text().endswith(("True", "False"))):
            assert proc.poll() is None and time.monotonic() < deadline, "the browser was never launched"
            time.sleep(0.3)
        url, served = opened.read_text().split("\n")
        assert url == m.group(1) and served == "True"
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
