# Compare Leicester and Leicestershire adult social care from their committee papers.
# `make help` lists the targets. Every target creates or reuses .venv itself.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
UV := $(VENV)/bin/uv
UV_VERSION := 0.13.9
# The notebooks' kernel: a project-named kernelspec inside the venv, pinned to its Python, so a
# different 'python3' kernel elsewhere on the Jupyter path cannot take over a run.
KERNEL := asc-compare
# JupyterLab refuses to run as root without --allow-root (common in containers)
ALLOW_ROOT := $(shell [ "$$(id -u)" = "0" ] && echo --allow-root)
KERNELSPEC := $(VENV)/share/jupyter/kernels/$(KERNEL)/kernel.json

.DEFAULT_GOAL := help
.PHONY: help venv data audit extract extract-check provenance report notebooks test lint lab bench clean golden lock axe

help: ## Show this help
	@grep -E '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  make %-14s %s\n", $$1, $$2}'

# Exact versions with hashes come from requirements.lock (`make lock` refreshes it from
# pyproject.toml); uv installs them, several times faster than pip. Compiled to bytecode at
# install (pip's default, not uv's): where PYTHONDONTWRITEBYTECODE is set, as on CI, nothing
# else ever writes it, and every kernel would compile pandas afresh (3.5 s to import, not 1.2).
$(STAMP): pyproject.toml requirements.lock
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check "uv==$(UV_VERSION)"
	$(UV) pip install --quiet --compile-bytecode --python $(PY) --require-hashes -r requirements.lock
	$(UV) pip install --quiet --python $(PY) --no-deps -e .
	@touch $(STAMP)

$(KERNELSPEC): $(STAMP)
	$(PY) -m ipykernel install --sys-prefix --name $(KERNEL) --display-name "Python (asc-compare)"

venv: $(STAMP) $(KERNELSPEC) ## Create or update the virtual environment (.venv) and its kernel

data: $(STAMP) ## Build data/processed/ (indicators, rejects) from data/raw/
	$(PY) -m analysis build

audit: $(STAMP) ## Build, then audit the papers' arithmetic into data/processed/audit.csv
	$(PY) -m analysis audit

report: $(STAMP) $(KERNELSPEC) ## Regenerate every report from the bundled data into reports/ (data, audit, notebooks, HTML, tables)
	$(PY) -m analysis report

# The notebooks are sources, edited by hand (in JupyterLab, say); this runs them so they are
# committed with their outputs, which nbval then checks.
notebooks: $(STAMP) $(KERNELSPEC) ## Execute the committed notebooks in place (after editing one), to commit them with outputs
	cd notebooks && for nb in *.ipynb; do ASC_STATIC_TABLES=1 ../$(PY) -m papermill -k $(KERNEL) --cwd . $$nb $$nb || exit 1; done

extract: $(STAMP) ## Re-extract the papers' numeric tables into data/raw/figures/*-tables.csv
	$(PY) -m analysis extract

extract-check: $(STAMP) ## Check the committed table figures against a fresh extraction
	$(PY) -m analysis extract --check

provenance: $(STAMP) ## Check every raw figure is printed on its cited paper line
	$(PY) -m analysis provenance

# pytest runs in two workers, each building into a processed folder of its own
# (tests/conftest.py); nbval's notebooks read data/processed/, so it is built for them first.
test: $(STAMP) $(KERNELSPEC) ## Run the whole test suite (lint, unit, property, provenance, back-tests, runner, nbval), in two workers (pytest-xdist)
	$(PY) -m ruff check analysis tests bench tools
	$(PY) -m pytest -n 2
	$(PY) -m analysis audit
	ASC_STATIC_TABLES=1 $(PY) -m pytest --nbval notebooks --nbval-kernel-name $(KERNEL) --nbval-sanitize-with notebooks/sanitize.cfg -p no:cacheprovider

# tools/axe pins axe-core and puppeteer-core (package-lock.json); it drives the system Chromium
# and downloads no browser. tests/test_accessibility.py runs the same check on a fresh set.
axe: ## Check every page of reports/ for accessibility (axe-core in Chromium; needs node and npm)
	cd tools/axe && npm ci --no-audit --no-fund
	node tools/axe/check.js "$$(command -v chromium || command -v chromium-browser)" reports/*.html reports/papers/*.html

lint: $(STAMP) ## Lint with ruff
	$(PY) -m ruff check analysis tests bench tools

lab: $(STAMP) $(KERNELSPEC) ## Open JupyterLab in notebooks/ with the project's kernel (as root too)
	@if [ -n "$(ALLOW_ROOT)" ]; then echo "Running as root (common in containers): passing --allow-root to JupyterLab."; fi
	env -u ASC_STATIC_TABLES $(PY) -m jupyter lab --notebook-dir=notebooks $(ALLOW_ROOT)

bench: $(STAMP) $(KERNELSPEC) ## Time the build, the audit and the report run (with synthetic scale-ups)
	$(PY) bench/build.py
	$(PY) bench/audit.py
	$(PY) bench/report.py

clean: ## Remove generated data (keeps .venv)
	rm -rf data/processed/*.parquet data/processed/*.csv data/processed/current data/processed/.versions reports/

lock: $(STAMP) ## Re-pin requirements.lock to the newest versions pyproject.toml allows (with hashes)
	$(UV) pip compile pyproject.toml --extra test --generate-hashes --universal \
	  --python-version 3.11 --upgrade --quiet -o requirements.lock
	@echo "requirements.lock refreshed: review the diff, run make test, commit both"

golden: $(STAMP) ## Record the audit of the bundled data in tests/golden/audit.csv (after a deliberate change)
	$(PY) tools/refresh_golden.py
