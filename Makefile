# Two entry points do all set-up on a fresh machine: `make demo` and `make test`.
VENV   ?= .venv
PY     := $(VENV)/bin/python
KG     := $(VENV)/bin/kg
BASE   := $(VENV)/.installed-base
FULL   := $(VENV)/.installed-test

.PHONY: demo test test-fast lint browser engines benchmark clean

$(BASE): pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e .
	touch $@

$(FULL): pyproject.toml $(BASE)
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

demo: $(BASE)
	$(KG) build
	$(KG) query first-line-therapies --param condition="scleroderma-myositis overlap"

browser:
	bash scripts/install-browser.sh

# SPARQL servers the remote-store tests start: Virtuoso from Debian (Oxigraph server comes with the venv).
engines:
	bash scripts/install-virtuoso.sh

lint: $(FULL)
	$(VENV)/bin/ruff check kg cli tests benchmarks scripts

# `make test` is the full run, every test (CI calls it through .ci/run). `make test-fast` is the developer loop:
# the same suite without the tests marked `slow` (browser, notebooks, rebuilds, benchmark smoke).
test: $(FULL) browser engines lint
	$(PY) -m pytest

test-fast: $(FULL) lint
	$(PY) -m pytest -m "not slow"

benchmark: $(FULL)
	$(PY) benchmarks/run.py
	$(PY) benchmarks/report.py benchmarks/results/pipeline-10k-100k-1M.json --readme README.md
	$(PY) benchmarks/viz_draw.py --json benchmarks/results/viz_draw.json
	$(PY) benchmarks/serve_load.py
	$(PY) benchmarks/protocol_score.py

clean:
	rm -rf $(VENV) .kg
