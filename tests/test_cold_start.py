"""Commands import only what they use (issue 14: cold start).

Not timed tests: each runs a real command in a fresh interpreter and checks which heavy modules it
loaded (CPU time is measured by benchmarks/run.py, never asserted here).

- `kg paths`: pint (units) is needed only to convert between two different units; the curated adult path
  compares mg with mg throughout, so it must not load pint. pyvis (the graph view), numpy (its layout),
  pyshacl (the build) and the web stack (the server) are never needed by `kg paths`. It opens the embedded
  store, so rdflib's in-memory engine (`kg.store.memory`) and the remote engine (`kg.store.remote`, with
  its HTTP client) stay unloaded: `kg.store` imports an engine only when a location of its scheme is opened.
- `kg viz`: the page is built from pyvis' vis-network files and node/edge model, but importing
  `pyvis.network` imports IPython (about 1 CPU-second) and jinja2 for notebook display; the page is not a
  notebook, so neither may be loaded. pint, pyshacl and the web stack are not needed either.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

CODE = """
import json, sys, kg_cli.main
watched = json.loads(sys.argv[2])
sys.argv = ['kg', *json.loads(sys.argv[1])]
try:
    kg_cli.main.main()
except SystemExit as e:
    code = e.code
print(json.dumps(sorted(m for m in watched if m in sys.modules)), file=sys.stderr)
"""

PATIENT = ["--age", "45", "--sex", "female", "--weight", "70", "--height", "165"]
WEB = ["starlette", "uvicorn"]


def loaded(store_path, args: list[str], watched: list[str]) -> tuple[subprocess.CompletedProcess, list[str]]:
    """Run `kg ARGS` in a fresh interpreter; the watched modules it had loaded when it finished."""
    env = dict(os.environ, KG_STORE=str(store_path))
    out = subprocess.run([sys.executable, "-c", CODE, json.dumps(args), json.dumps(watched)], env=env,
                         capture_output=True, text=True, timeout=300)
    return out, json.loads(out.stderr.strip().splitlines()[-1])


def test_kg_paths_loads_no_unit_library_graph_view_layout_validator_web_stack_or_unused_store_engine(store_path):
    out, found = loaded(store_path, ["paths", "scleroderma-myositis overlap", *PATIENT, "--format", "json"],
                        ["pint", "pyvis", "numpy", "pyshacl", "IPython", *WEB, "kg.store.memory", "kg.store.remote"])
    assert '"steps"' in out.stdout or '"populations"' in out.stdout, out.stderr[-2000:]
    assert found == []


def test_opening_each_store_scheme_loads_only_its_engine(store_path):
    """The registry itself: a plain path loads the embedded engine and not rdflib's; `rdflib:PATH` loads
    rdflib's (which reads the build through the embedded one)."""
    code = ("import json, sys; from kg.store import open_store; open_store(sys.argv[1]); "
            "print(json.dumps([m in sys.modules for m in ('kg.store.oxigraph', 'kg.store.memory', 'kg.store.remote')]))")
    plain = subprocess.run([sys.executable, "-c", code, str(store_path)], capture_output=True, text=True, timeout=300)
    assert json.loads(plain.stdout) == [True, False, False], plain.stderr[-2000:]
    rdf = subprocess.run([sys.executable, "-c", code, f"rdflib:{store_path}"], capture_output=True, text=True,
                         timeout=300)
    assert json.loads(rdf.stdout) == [True, True, False], rdf.stderr[-2000:]


@pytest.mark.parametrize("args", [[], ["scleroderma-myositis overlap"],
                                  ["scleroderma-myositis overlap", "--path", *PATIENT]],
                         ids=["all", "condition", "path"])
def test_kg_viz_writes_the_page_without_ipython_jinja_or_pyvis_notebook_parts(store_path, tmp_path, args):
    page = tmp_path / "view.html"
    # Without --path no patient is described: the path's model and dosing are not loaded either.
    path_only = [] if "--path" in args else ["kg.questions.paths", "kg.questions.dosing"]
    out, found = loaded(store_path, ["viz", *args, "-o", str(page)],
                        ["IPython", "jinja2", "pyvis", "pyvis.network", "pint", "pyshacl", *WEB, *path_only])
    assert page.read_text(encoding="utf-8").startswith("<!DOCTYPE html>"), out.stderr[-2000:]
    assert "vis.Network" in page.read_text(encoding="utf-8")  # vis-network itself is inlined from pyvis' files
    assert found == []
