# Two entry points do all set-up on a fresh machine: `make demo` and `make test`.
VENV   ?= .venv
PY     := $(VENV)/bin/python
KG     := $(VENV)/bin/kg
BASE   := $(VENV)/.installed-base
FULL   := $(VENV)/.installed-test

.PHONY: demo test lint browser benchmark clean

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

lint: $(FULL)
	$(VENV)/bin/ruff check kg cli tests benchmarks

test: $(FULL) browser lint
	$(PY) -m pytest

benchmark: $(FULL)
	$(PY) benchmarks/run.py
	$(PY) benchmarks/report.py benchmarks/results/pipeline-10k-100k-1M.json --readme README.md
	$(PY) benchmarks/viz_draw.py --json benchmarks/results/viz_draw.json

clean:
	rm -rf $(VENV) .kg
