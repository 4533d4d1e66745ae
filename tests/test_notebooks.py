"""The notebooks run top to bottom on a fresh kernel, and are stored with their outputs.

The kernel is this interpreter (the project's venv), registered in a temporary kernel-spec directory
that is put first on JUPYTER_PATH, so the test works from a clean clone without `ipykernel install`.

To refresh the stored outputs after changing a notebook or the graph:

    .venv/bin/python tests/test_notebooks.py
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path

import pytest

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
KERNEL_NAME = "kg-venv"
NAMES = ("01-tour-of-the-graph.ipynb", "02-comparing-articles-and-dosing.ipynb")


def kernel_spec_dir(root: Path) -> Path:
    """A Jupyter data directory holding one kernel spec that runs sys.executable."""
    spec = root / "kernels" / KERNEL_NAME
    spec.mkdir(parents=True, exist_ok=True)
    (spec / "kernel.json").write_text(
        json.dumps({
            "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
            "display_name": "kg (project venv)",
            "language": "python",
        }),
        encoding="utf-8",
    )
    return root


def execute(path: Path, jupyter_dir: Path):
    """Run a notebook on a fresh kernel in its own directory; returns the executed notebook."""
    import nbformat
    from nbclient import NotebookClient

    os.environ["JUPYTER_PATH"] = os.pathsep.join(filter(None, [str(jupyter_dir), os.environ.get("JUPYTER_PATH")]))
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, kernel_name=KERNEL_NAME, timeout=300, resources={"metadata": {"path": str(path.parent)}})
    client.execute()
    return nb


@pytest.fixture(scope="module")
def jupyter_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return kernel_spec_dir(tmp_path_factory.mktemp("jupyter"))


def text_of(outputs: list) -> str:
    parts = []
    for out in outputs:
        if out.get("output_type") == "stream":
            parts.append(out.get("text", ""))
        elif "data" in out:
            parts.append(out["data"].get("text/plain", ""))
    return "".join(parts)


@pytest.mark.notebook
@pytest.mark.parametrize("name", NAMES)
def test_notebook_runs_top_to_bottom_on_a_fresh_kernel(name: str, jupyter_dir: Path, monkeypatch) -> None:
    monkeypatch.setenv("JUPYTER_PATH", os.environ.get("JUPYTER_PATH", ""))  # restored after the test
    nb = execute(NOTEBOOKS / name, jupyter_dir)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code, "no code cells"
    for cell in code:
        assert not [o for o in cell.outputs if o.output_type == "error"], cell.source[:80]
    # Output that could guide care carries the notice.
    from kg import EDUCATIONAL_NOTICE

    assert EDUCATIONAL_NOTICE in text_of(code[0].outputs)


@pytest.mark.notebook
@pytest.mark.parametrize("name", NAMES)
def test_notebook_is_stored_with_outputs_and_no_errors(name: str) -> None:
    import nbformat

    nb = nbformat.read(NOTEBOOKS / name, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(c.outputs for c in code), "every code cell should be stored with its output"
    assert all(c.execution_count for c in code), "stored outputs should come from one top-to-bottom run"
    counts = [c.execution_count for c in code]
    assert counts == sorted(counts)
    assert not [o for c in code for o in c.outputs if o.output_type == "error"]


@pytest.mark.notebook
def test_tour_shows_the_graph_inline_and_paths_for_adult_and_child() -> None:
    import nbformat

    nb = nbformat.read(NOTEBOOKS / NAMES[0], as_version=4)
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    frames = [o for o in outputs if "text/html" in o.get("data", {})]
    assert frames and "<iframe srcdoc=" in frames[-1]["data"]["text/html"]
    # The inline page is the offline one: it must not load anything from another host.
    assert "https://cdn" not in frames[-1]["data"]["text/html"]
    text = text_of(outputs)
    assert "— adults" in text and "— children" in text


if __name__ == "__main__":
    import nbformat

    with tempfile.TemporaryDirectory() as tmp:
        jd = kernel_spec_dir(Path(tmp))
        for notebook in NAMES:
            executed = execute(NOTEBOOKS / notebook, jd)
            nbformat.write(executed, NOTEBOOKS / notebook)
            print("executed and saved", notebook)
