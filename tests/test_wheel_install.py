"""A non-editable install (the wheel) can build the shipped graph and answer from it.

graph/ ships inside the wheel as package data (kg/_graph). The test builds the wheel, installs it with
--no-deps into a fresh virtual environment whose dependencies come from the running environment's
site-packages (added as a plain path, so the checkout's editable install is not active there), and runs
`kg build` and a named query from a directory outside the checkout.
"""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
                    "-w", str(tmp / "dist"), str(ROOT)], check=True, capture_output=True)
    wheel = next((tmp / "dist").glob("guideline_kg-*.whl"))
    venv = tmp / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    site = next(venv.glob("lib/python*/site-packages"))
    # Dependencies from the test environment, as a path entry: its .pth files (the editable finder) stay inactive.
    (site / "zz-deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    subprocess.run([sys.executable, "-m", "pip", "--python", str(venv / "bin" / "python"), "install", "--quiet",
                    "--no-deps", str(wheel)], check=True, capture_output=True)
    return venv


def run(venv: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KG_")}
    return subprocess.run([str(venv / "bin" / "kg"), *args], cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=600)


def test_installed_wheel_builds_the_shipped_graph_and_answers_a_named_query(installed, tmp_path):
    code = ("import kg.config as c, kg; print(c.GRAPH_DIR); print(kg.__file__)")
    where = subprocess.run([str(installed / "bin" / "python"), "-c", code], cwd=tmp_path, capture_output=True,
                           text=True, check=True).stdout.split()
    assert "site-packages" in where[0] and where[0].endswith("kg/_graph"), where
    assert str(ROOT) not in where[1], "the checkout's kg was imported instead of the installed one"
    built = run(installed, tmp_path, "build", "--quiet")
    assert built.returncode == 0, built.stderr
    assert (tmp_path / ".kg" / "store").exists(), "an installed kg keeps its store in ./.kg, not site-packages"
    answer = run(installed, tmp_path, "query", "first-line-therapies", "--param",
                 "condition=scleroderma-myositis overlap", "--format", "json")
    assert answer.returncode == 0, answer.stderr
    assert "methotrexate" in answer.stdout
