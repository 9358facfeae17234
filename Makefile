# Quick start: `make demo` and `make test`. Both build .venv on first use and reuse it after.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PIP    := $(BIN)/python -m pip --disable-pip-version-check -q

.PHONY: demo test lint typecheck unit bench fuzz install clean train evaluate

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# One stamp per extras set; each is redone only when pyproject.toml changes.
$(VENV)/.demo-installed: pyproject.toml | $(BIN)/python
	$(PIP) install -e '.[demo]'
	@touch $@

$(VENV)/.dev-installed: pyproject.toml | $(BIN)/python
	$(PIP) install -e '.[all,dev]'
	@touch $@

$(VENV)/.bench-installed: $(VENV)/.dev-installed
	$(PIP) install -e '.[all,dev,bench]'
	@touch $@

$(VENV)/.train-installed: $(VENV)/.dev-installed
	$(PIP) install -e '.[all,dev,train]'
	@touch $@

install: $(VENV)/.dev-installed

# Rebuild the injection model from the pinned corpora and the synthetic templates.
train: $(VENV)/.train-installed
	$(BIN)/python training/train.py

# Recall and false-positive rates of the shipped detector per source, family and language.
# SPLIT=train|calib|heldout (default calib); ARGS="--misses 5" lists misses (not on heldout).
evaluate: $(VENV)/.train-installed
	$(BIN)/python training/evaluate.py --split $${SPLIT:-calib} $(ARGS)

demo: $(VENV)/.demo-installed
	$(BIN)/mistral-secure demo

lint: $(VENV)/.dev-installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

unit: $(VENV)/.dev-installed
	$(BIN)/python -m pytest

test: lint unit

# Differential fuzzing of the output sanitizer: a million hostile Markdown answers, rendered
# by markdown-it (CommonMark and GFM-like) and audited; prints the count. `make test` runs a
# seeded 20,000 of them. MS_FUZZ_COUNT and MS_FUZZ_SEED override.
fuzz: $(VENV)/.dev-installed
	cd tests && MS_FUZZ_COUNT=$${MS_FUZZ_COUNT:-1000000} ../$(BIN)/python test_output_fuzz.py

bench: $(VENV)/.bench-installed
	@for f in benchmarks/bench_*.py; do echo "== $$f"; $(BIN)/python $$f || exit 1; done

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache .hypothesis build dist *.egg-info
